"""Whitespace-aligned tables: columns told apart by the gutters no phrase of a run of lines covers.

A table printed without rules (a SIMDA or Excel export, or any table once a converter has laid
its text out in columns) is a run of lines made of phrases separated by wide gaps. Its column
boundaries are the x-ranges that no phrase of the run covers (the gutters); a gutter that many
lines write across is the chance alignment of word gaps in justified prose, not a column.

Two inputs share the rule:

* the PDF renderer (:mod:`analysis.extract.pdf`): phrases positioned in points by pdfplumber;
* layout text (:func:`layout_table_rows`): the plain-text output of converters that keep the
  page layout with spaces (``pdftotext -layout`` and similar), phrases positioned in character
  columns. The reader (:mod:`analysis.extract.documents`) reads a document without any TAB
  this way, so its tables become TAB rows with the line numbers of the file.

Examples
--------
>>> text = ["Tabel 3.8 Bantuan Keuangan",
...         " No   Uraian Kegiatan                   Realisasi Anggaran   Lokasi",
...         "  1   Bidang Perindustrian                     418,944,700   Kab. Bandung Barat",
...         "  2   Kajian Potensi Industri Kelapa            249,190,000   Kab. Pangandaran",
...         "      dan Turunannya",
...         "  3   Bidang Perdagangan                       1,484,335,500   Kab. Tasikmalaya"]
>>> rows = layout_table_rows(text)
>>> sorted(rows)
[1, 2, 3, 4, 5]
>>> rows[2].split("\\t")
['1', 'Bidang Perindustrian', '418,944,700', 'Kab. Bandung Barat']
>>> rows[4].split("\\t")
['', 'dan Turunannya']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Phrase",
    "Line",
    "WS_MIN_COLUMNS",
    "WS_MIN_ROWS",
    "WS_MAX_CROSSING",
    "LAYOUT_PHRASE_GAP",
    "LAYOUT_MAX_BLANK_LINES",
    "LAYOUT_PROSE_MIN",
    "gutters",
    "whitespace_cells",
    "tab_row",
    "text_phrases",
    "layout_table_rows",
]

#: A whitespace table needs this many columns and this many rows with at least that many phrases.
WS_MIN_COLUMNS = 3
WS_MIN_ROWS = 3
#: A column gutter may be crossed by at most this share of the lines of a whitespace table.
WS_MAX_CROSSING = 0.3
#: Layout text: this many spaces or more separate two phrases of a line (one space separates
#: words; converters put at least two between columns).
LAYOUT_PHRASE_GAP = 2
#: Layout text: blank lines a table may have between two of its rows (converters keep the
#: vertical gap of tall rows as blank lines).
LAYOUT_MAX_BLANK_LINES = 1
#: Layout text: a line of one phrase this long or longer, next to another line of one phrase,
#: is prose (a paragraph after a table), not a wrapped cell or a spanning row of the table.
LAYOUT_PROSE_MIN = 60


@dataclass
class Phrase:
    """Words of one line with no wide gap between them, and their horizontal extent."""

    x0: float
    x1: float
    text: str


@dataclass
class Line:
    """One printed line: its vertical extent, its font size and its phrases from left to right."""

    top: float
    bottom: float
    size: float
    phrases: list[Phrase]

    @property
    def x0(self) -> float:
        return self.phrases[0].x0

    @property
    def x1(self) -> float:
        return self.phrases[-1].x1

    def text(self) -> str:
        return " ".join(p.text for p in self.phrases)


def gutters(lines: list[Line]) -> list[tuple[float, float]]:
    """x-ranges covered by no phrase of ``lines`` between the leftmost and rightmost phrase.

    Examples
    --------
    >>> gutters([Line(0, 1, 1, [Phrase(0, 2, "a"), Phrase(5, 8, "b")]),
    ...          Line(1, 2, 1, [Phrase(1, 3, "c"), Phrase(6, 9, "d")])])
    [(3, 5)]
    """
    spans = sorted((p.x0, p.x1) for ln in lines for p in ln.phrases)
    out = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > reach:
            out.append((reach, x0))
        reach = max(reach, x1)
    return out


def whitespace_cells(block: list[Line]) -> list[list[str]] | None:
    """The cells of every line of a run of multi-phrase lines (one list per line, as many cells
    as the table has columns), or None when the run is not a table: fewer than
    :data:`WS_MIN_ROWS` lines with :data:`WS_MIN_COLUMNS` phrases, or fewer than that many
    columns once the gutters crossed by more than :data:`WS_MAX_CROSSING` of the lines (prose)
    are dropped. A phrase that spans a gutter (a spanning header) goes to the column of its
    centre."""
    body = [ln for ln in block if len(ln.phrases) >= WS_MIN_COLUMNS]
    if len(body) < WS_MIN_ROWS:
        return None
    # a gutter that many lines of the run write across is the chance alignment of word gaps
    # in justified prose, not a column boundary (a table has few spanning rows)
    kept = [g for g in gutters(body)
            if sum(any(p.x0 < g[0] and p.x1 > g[1] for p in ln.phrases) for ln in block)
            <= WS_MAX_CROSSING * len(block)]
    if len(kept) + 1 < WS_MIN_COLUMNS:
        return None
    bounds = [(a + b) / 2 for a, b in kept]

    def col(p: Phrase) -> int:
        # body phrases never cross a gutter; others (spanning headers) go by their centre
        c = (p.x0 + p.x1) / 2
        return sum(c > b for b in bounds)

    rows: list[list[str]] = []
    for ln in block:
        cells = [""] * (len(bounds) + 1)
        for p in ln.phrases:
            j = col(p)
            cells[j] = (cells[j] + " " + p.text).strip()
        rows.append(cells)
    return rows


def tab_row(cells: list[str]) -> str:
    """Cells joined by TAB, trailing empty cells dropped; a row keeps at least one TAB so a
    spanning row ('Sasaran ke-1 : …') stays inside its table.

    Examples
    --------
    >>> tab_row(["1", "Belanja", "", ""]), tab_row(["Sasaran ke-1", "", ""])
    ('1\\tBelanja', 'Sasaran ke-1\\t')
    """
    row = "\t".join(cells).rstrip("\t")
    return row if "\t" in row else row + "\t"


_PHRASE = re.compile(r"\S+(?: \S+)*")


def text_phrases(line: str) -> list[Phrase]:
    """The phrases of a layout-text line: runs of words separated by single spaces, split where
    :data:`LAYOUT_PHRASE_GAP` or more spaces stand; positions in character columns.

    Examples
    --------
    >>> [(p.x0, p.x1, p.text) for p in text_phrases("  1   Belanja Pegawai    1.000")]
    [(2, 3, '1'), (6, 21, 'Belanja Pegawai'), (25, 30, '1.000')]
    """
    if LAYOUT_PHRASE_GAP != 2:  # pragma: no cover - the pattern below is written for 2
        raise NotImplementedError
    return [Phrase(m.start(), m.end(), m.group()) for m in _PHRASE.finditer(line)]


def layout_table_rows(lines: list[str]) -> dict[int, str]:
    """The whitespace tables of layout text as TAB rows, by 0-based line index.

    A table is a run of lines with two or more phrases (:func:`text_phrases`); lines with one
    phrase inside the run (a wrapped cell, a spanning heading) belong to it, single-phrase lines
    at its end do not, and at most :data:`LAYOUT_MAX_BLANK_LINES` blank lines may stand
    between two of its lines. Two consecutive lines of one phrase, one of them at least
    :data:`LAYOUT_PROSE_MIN` characters long, are prose and end the run. Runs that
    :func:`whitespace_cells` takes for a table give one TAB row (:func:`tab_row`) per line;
    every other line is left as it is (not in the result).
    """
    out: dict[int, str] = {}
    n = len(lines)
    phrases: list[list[Phrase] | None] = [None] * n

    def ph(i: int) -> list[Phrase]:
        got = phrases[i]
        if got is None:
            got = phrases[i] = text_phrases(lines[i]) if lines[i].strip() else []
        return got

    def prose(a: int, b: int) -> bool:
        # two consecutive lines of one phrase, one of them long
        return len(ph(a)) == 1 and len(ph(b)) == 1 and \
            max(len(ph(a)[0].text), len(ph(b)[0].text)) >= LAYOUT_PROSE_MIN

    i = 0
    while i < n:
        if len(ph(i)) < 2:
            i += 1
            continue
        run = [i]
        j, blanks = i + 1, 0
        while j < n:
            if not ph(j):
                blanks += 1
                if blanks > LAYOUT_MAX_BLANK_LINES:
                    break
            else:
                if j + 1 < n and prose(j, j + 1) or prose(run[-1], j):
                    break
                blanks = 0
                run.append(j)
            j += 1
        # trim single-phrase lines at the end of the run (paragraph text after a table)
        while run and len(ph(run[-1])) < 2:
            run.pop()
        cells = whitespace_cells([Line(r, r + 1, 1, ph(r)) for r in run])
        if cells is None:
            i += 1
            continue
        for r, c in zip(run, cells):
            out[r] = tab_row(c)
        i = run[-1] + 1
    return out
