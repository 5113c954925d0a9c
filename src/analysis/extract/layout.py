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

from .vocabulary import caption_kind

__all__ = [
    "Phrase",
    "Line",
    "WS_MIN_COLUMNS",
    "WS_MIN_ROWS",
    "WS_MAX_CROSSING",
    "LAYOUT_PHRASE_GAP",
    "LAYOUT_MAX_BLANK_LINES",
    "LAYOUT_MAX_RUN_LINES",
    "gutters",
    "whitespace_cells",
    "tab_row",
    "text_phrases",
    "layout_table_rows",
    "column_gutters",
    "aligned_run_end",
    "numbers_share_a_cell",
    "header_length",
    "stack_header_lines",
    "line_cells",
    "header_rows",
    "LAYOUT_PROSE_MIN",
    "LAYOUT_HEADER_LINES_ABOVE",
    "LAYOUT_HEADER_MAX_LINES",
    "LAYOUT_LABEL_OVERHANG",
    "LAYOUT_SECTION_MIN_COLUMNS",
]

#: A whitespace table needs this many columns and this many rows with at least that many phrases.
WS_MIN_COLUMNS = 3
WS_MIN_ROWS = 3
#: A column gutter may be crossed by at most this share of the lines of a whitespace table.
WS_MAX_CROSSING = 0.3
#: A table's spanning row (a section row across its columns) wraps over at most this many
#: lines; more lines one after the other writing across its gutters are a paragraph after it
#: (:func:`aligned_run_end`).
ALIGNED_MAX_SPANNING_LINES = 2
#: A gutter at most this many times the narrowest gap wide has its column boundary at its
#: middle: a line writing across that middle writes across the boundary (:func:`aligned_run_end`).
ALIGNED_TIGHT_GAPS = 3
#: A gap kept by this many lines of a table with a line's text set beside it is a column
#: boundary (:func:`aligned_run_end`); the PDF renderer also asks the cells beside a gutter to
#: line up on this many lines.
ALIGNED_MIN_LINES = 3
#: Layout text: this many spaces or more separate two phrases of a line (one space separates
#: words; converters put at least two between columns).
LAYOUT_PHRASE_GAP = 2
#: Layout text: blank lines a table may have between two of its rows (converters keep the
#: vertical gap of tall rows as blank lines).
LAYOUT_MAX_BLANK_LINES = 3
#: Layout text: most lines one run (one table candidate) may have; a table continues across
#: pages as several runs, which the reader joins.
LAYOUT_MAX_RUN_LINES = 200
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


def column_gutters(block: list[Line], data: list[Line] | None = None) -> list[tuple[float, float]] | None:
    """The column gutters of a run of multi-phrase lines, or None when the run is not a table:
    fewer than :data:`WS_MIN_ROWS` lines with :data:`WS_MIN_COLUMNS` phrases, or fewer than
    that many columns once the gutters crossed by more than :data:`WS_MAX_CROSSING` of the
    lines (prose) are dropped. ``data``: the lines whose phrases place the gutters (default:
    those of the run with enough phrases); a label spanning several columns in a header line
    must not cover the gutters under it."""
    body = [ln for ln in block if len(ln.phrases) >= WS_MIN_COLUMNS]
    if len(body) < WS_MIN_ROWS:
        return None
    if data is not None:
        body = [ln for ln in data if len(ln.phrases) >= WS_MIN_COLUMNS] or body
    # a gutter that many lines of the run write across is the chance alignment of word gaps
    # in justified prose, not a column boundary (a table has few spanning rows)
    kept = [g for g in gutters(body)
            if sum(any(p.x0 < g[0] and p.x1 > g[1] for p in ln.phrases) for ln in block)
            <= WS_MAX_CROSSING * len(block)]
    if len(kept) + 1 < WS_MIN_COLUMNS:
        return None
    return kept


def _gutter_count(free: list[tuple[float, float]], left: float, right: float) -> int:
    return sum(1 for a, b in free if a >= left and b <= right)


def _cut(free: list[tuple[float, float]], spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The parts of the intervals ``free`` that no span of ``spans`` covers."""
    out = []
    for a, b in free:
        pieces = [(a, b)]
        for x0, x1 in spans:
            pieces = [q for lo, hi in pieces for q in ((lo, min(hi, x0)), (max(lo, x1), hi)) if q[1] > q[0]]
        out += pieces
    return out


def _writes_across(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Whether a span covers the middle of the gutter ``(a, b)`` and reaches past one of its
    sides (text of another column layout, or a line across the columns). A cell's text keeps
    to its side of the middle; a phrase within the gutter (a sub-column under a spanning
    header) does not reach past it."""
    mid = (a + b) / 2
    return any(x0 <= mid <= x1 and (x0 < a or x1 > b) for x0, x1 in spans)


def aligned_run_end(lines: list[Line], start: int, end: int, min_gap: float = 0.0) -> int:
    """The end (exclusive) of the longest run ``lines[start:k]`` (``k <= end``) that keeps
    its column gutters.

    The gutters are the x-ranges no line of :data:`WS_MIN_COLUMNS` or more phrases (a body
    line) covers. A gutter at least ``min_gap`` wide that :data:`ALIGNED_MIN_LINES` body lines
    have kept is a column boundary: a body line that leaves less than ``min_gap`` of it, or
    writes across it (:func:`_writes_across`) where it is narrow (:data:`ALIGNED_TIGHT_GAPS`),
    or one leaving fewer than ``WS_MIN_COLUMNS - 1`` gutters, starts something else (the next
    table, with other columns) and ends the run, before the lines writing across half or more
    of the gutters that came right before that line (a paragraph). Such lines followed by a line that keeps the gutters are spanning rows
    of the table and stay, up to :data:`ALIGNED_MAX_SPANNING_LINES` of them one after the
    other (more are a paragraph); so do lines of fewer phrases within the columns (wrapped
    cells). A table or figure caption ends the run. :func:`column_gutters` judges the run.

    Examples
    --------
    >>> row = lambda *xs: Line(0, 1, 1, [Phrase(x, x + 4, "w") for x in xs])
    >>> prose = Line(0, 1, 1, [Phrase(0, 24, "a paragraph after the table")])
    >>> table = [row(0, 10, 20), row(0, 10, 20), row(0, 10, 20)]
    >>> aligned_run_end(table + [prose, row(0, 3, 6, 9, 12, 15, 18)], 0, 5)  # another table
    3
    >>> aligned_run_end(table + [prose, row(0, 10, 20)], 0, 5)  # a spanning row
    5
    >>> aligned_run_end(table + [row(0, 7, 20)], 0, 4, min_gap=2)  # columns moved
    3
    """
    inf = float("inf")
    free: list[tuple[float, float, int]] | None = None  # (x0, x1, body lines that kept it)
    left = right = 0.0
    crossing: int | None = None  # the first line writing across the gutters since the last kept
    n_crossing = 0  # lines writing across the gutters one after the other
    for k in range(start, end):
        spans = sorted((p.x0, p.x1) for p in lines[k].phrases)
        if free is not None and k > start and caption_kind(lines[k].text()) in ("table", "figure"):
            return k if crossing is None else crossing  # the next table's or a figure's caption
        if free is None:
            if len(spans) >= WS_MIN_COLUMNS:
                free = [(a, b, 1) for a, b in _cut([(-inf, inf)], spans)]
                left, right = spans[0][0], spans[-1][1]
            continue
        gutters = [(a, b) for a, b, _ in free if a >= left and b <= right]
        if len(spans) < WS_MIN_COLUMNS:
            if gutters and 2 * sum(_writes_across(spans, a, b) for a, b in gutters) >= len(gutters):
                crossing = k if crossing is None else crossing
                n_crossing += 1
                if n_crossing > ALIGNED_MAX_SPANNING_LINES:
                    return crossing  # a paragraph, not a spanning row
            else:
                n_crossing = 0
            continue
        left2, right2 = min(left, spans[0][0]), max(right, spans[-1][1])
        nxt: list[tuple[float, float, int]] = []
        for a, b, n in free:
            pieces = [q for q in _cut([(a, b)], spans) if q[1] - q[0] >= min_gap]
            inner = left <= a and b <= right
            # the middle of a narrow gutter is the column boundary; a wide one (a header's
            # short labels over it, so far) is broken only where nothing of it is left
            tight = b - a <= ALIGNED_TIGHT_GAPS * min_gap
            if inner and (not pieces or (tight and _writes_across(spans, a, b))):
                if n >= ALIGNED_MIN_LINES and b - a >= min_gap:
                    return k if crossing is None else crossing  # a column boundary written across
                continue  # a gap of a few lines only (word gaps lining up, a header's)
            nxt += [(x0, x1, n + 1) for x0, x1 in pieces]
        if _gutter_count([(a, b) for a, b, _ in nxt], left2, right2) < WS_MIN_COLUMNS - 1:
            return k if crossing is None else crossing
        free, left, right, crossing, n_crossing = nxt, left2, right2, None, 0
    return end if crossing is None else crossing


def line_cells(line: Line, kept: list[tuple[float, float]]) -> list[str]:
    """The cells of ``line`` between the gutters ``kept``: a phrase that spans a gutter (a
    spanning header) goes to the column of its centre."""
    bounds = [(a + b) / 2 for a, b in kept]
    cells = [""] * (len(bounds) + 1)
    for p in line.phrases:
        c = (p.x0 + p.x1) / 2
        j = sum(c > b for b in bounds)
        cells[j] = (cells[j] + " " + p.text).strip()
    return cells


def whitespace_cells(block: list[Line]) -> list[list[str]] | None:
    """The cells of every line of a run of multi-phrase lines (one list per line, as many cells
    as the table has columns; :func:`line_cells`), or None when the run is not a table
    (:func:`column_gutters`)."""
    kept = column_gutters(block)
    if kept is None:
        return None
    return [line_cells(ln, kept) for ln in block]


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
# two numbers one space apart, one of them with a separator or '%' ('10 711.59', '93% 121,892,400'):
# two cells a converter set too close; the split is after group 1
_NUMBER_PAIR = re.compile(r"(?<!\S)(\d[\d.,]*%?) (?=\d[\d.,]*%?(?!\S))")
_SEPARATED = re.compile(r"\d[.,]\d|%")
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")


def _split_number_pairs(text: str, x0: int) -> list[Phrase]:
    # the phrase cut between two numbers one space apart when one of them has a decimal or
    # thousands separator or '%' (so they do not read as one spaced number, '1 234 567')
    cuts = []
    for m in _NUMBER_PAIR.finditer(text):
        right = re.match(r"\d[\d.,]*%?", text[m.end():]).group()
        pair = m.group(1) + " " + right
        if (_SEPARATED.search(m.group(1)) or _SEPARATED.search(right)) and not _SPACED_THOUSANDS.fullmatch(pair):
            cuts.append(m.end())
    out, start = [], 0
    for c in cuts:
        out.append(Phrase(x0 + start, x0 + c - 1, text[start:c - 1]))
        start = c
    out.append(Phrase(x0 + start, x0 + len(text), text[start:]))
    return out


def text_phrases(line: str) -> list[Phrase]:
    """The phrases of a layout-text line: runs of words separated by single spaces, split where
    :data:`LAYOUT_PHRASE_GAP` or more spaces stand; positions in character columns. Two numbers
    one space apart, one with a separator or ``%`` (``10 711.59``), are two phrases: cells the
    converter set too close (a spaced number such as ``1 234 567`` stays one).

    Examples
    --------
    >>> [(p.x0, p.x1, p.text) for p in text_phrases("  1   Belanja Pegawai    1.000")]
    [(2, 3, '1'), (6, 21, 'Belanja Pegawai'), (25, 30, '1.000')]
    >>> [p.text for p in text_phrases("Nilai Produksi   %   10 711.59   15 1,309   1 234 567   1 01 01")]
    ['Nilai Produksi', '%', '10', '711.59', '15', '1,309', '1 234 567', '1 01 01']
    """
    if LAYOUT_PHRASE_GAP != 2:  # pragma: no cover - the pattern below is written for 2
        raise NotImplementedError
    out: list[Phrase] = []
    for m in _PHRASE.finditer(line):
        if " " in m.group() and _NUMBER_PAIR.search(m.group()):
            out.extend(_split_number_pairs(m.group(), m.start()))
        else:
            out.append(Phrase(m.start(), m.end(), m.group()))
    return out


#: Layout text: header lines of one phrase above a table's first line of several phrases that
#: are taken into its header (a column label printed over several lines: ``Urusan/Bidang``).
LAYOUT_HEADER_LINES_ABOVE = 6
#: Layout text: a column-numbering line among this many first lines of a table closes its header.
LAYOUT_HEADER_MAX_LINES = 14

# a number that is a value: not a year, not part of a word or of 'n-2'
_VALUE_NUMBER = re.compile(r"(?<![\w(/-])\d[\d.,]*(?![\w/])")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _has_value(cells: list[str]) -> bool:
    """True when a cell of the line holds a number other than a year (a data row or a
    column-numbering row: the end of a header)."""
    return any(not _YEAR.fullmatch(m.group().rstrip(".,")) for c in cells for m in _VALUE_NUMBER.finditer(c))


#: Layout text: characters at either end of a header label that may reach past the middle of
#: a gutter without the label spanning the next column (labels are centred over their column
#: and may be wider than its values).
LAYOUT_LABEL_OVERHANG = 2


def _columns_of(p: Phrase, kept: list[tuple[float, float]]) -> tuple[int, int]:
    # the first and last column a phrase covers: past the middle of a gutter (by more than
    # the overhang) is the next one
    mids = [(a + b) / 2 for a, b in kept]
    x0, x1 = p.x0 + LAYOUT_LABEL_OVERHANG, p.x1 - LAYOUT_LABEL_OVERHANG
    if x1 < x0:
        x0 = x1 = (p.x0 + p.x1) / 2
    return sum(x0 > m for m in mids), sum(x1 > m for m in mids)


def header_rows(lines: list[Line], kept: list[tuple[float, float]]) -> list[list[str]]:
    """The header lines of a layout table merged into at most two rows: the labels printed
    within one column joined top to bottom (``Target`` over ``Capaian`` → ``Target Capaian``),
    and, above them, the labels spanning several columns (``Rencana Tahun (2023)``) in the
    first column they cover, as a spanning header of a TAB table is printed.

    Examples
    --------
    >>> kept = [(3, 5), (12, 14), (20, 22)]
    >>> lines = [Line(0, 1, 1, [Phrase(5, 20, "Rencana Tahun 2023")]),
    ...          Line(1, 2, 1, [Phrase(0, 3, "No"), Phrase(6, 12, "Target"), Phrase(14, 18, "Pagu"),
    ...                         Phrase(23, 28, "Dana")]),
    ...          Line(2, 3, 1, [Phrase(6, 12, "Kinerja"), Phrase(14, 20, "(Rp)")])]
    >>> header_rows(lines, kept)
    [['', 'Rencana Tahun 2023', '', ''], ['No', 'Target Kinerja', 'Pagu (Rp)', 'Dana']]
    """
    n = len(kept) + 1
    leaf: list[list[str]] = [[] for _ in range(n)]
    span = [""] * n
    for ln in lines:
        for p in ln.phrases:
            a, b = _columns_of(p, kept)
            if a >= b:
                leaf[min(a, n - 1)].append(p.text)
            else:
                span[a] = (span[a] + " " + p.text).strip()
    leaves = [" ".join(x) for x in leaf]
    return [span, leaves] if any(span) else [leaves]


_DIGIT = re.compile(r"\d")
_NUMBERING_CELL_WORDS = re.compile(r"(?<![=(/+*-])\(?\b\d{1,2}\b\)?(?!\s*[/+*)])")
_NUMBERING_PHRASE = re.compile(r"\(?\d{1,2}\)?(?:\s*=[^a-zA-Z]*)?(?: \(?\d{1,2}\)?(?:\s*=[^a-zA-Z]*)?)*")


def _numbering_line(phrases: list[Phrase]) -> bool:
    # a column-numbering line: three or more column numbers ('8 = (7/6)' too), nothing else
    # (a phrase may hold several: '1 2 3' where columns are printed one space apart)
    return sum(len(_NUMBERING_CELL_WORDS.findall(p.text)) for p in phrases) >= 3 and \
        all(_NUMBERING_PHRASE.fullmatch(p.text) for p in phrases)


def numbers_share_a_cell(lines: list[Line], cells: list[list[str]]) -> bool:
    """Whether a column-numbering line among the first :data:`LAYOUT_HEADER_MAX_LINES` lines
    of a table holds two column numbers in one of its ``cells`` (``'1 2 3'``): the table was
    printed with those columns too close for their gutters to show, and its header would give
    wrong labels (years) to the values, which then stay text.

    >>> line = Line(0, 1, 1, [Phrase(0, 1, "1"), Phrase(3, 6, "2 3"), Phrase(8, 9, "4")])
    >>> numbers_share_a_cell([line], [["1", "2 3", "4"]]), numbers_share_a_cell([line], [["1", "2", "3 4"]])
    (True, True)
    >>> numbers_share_a_cell([line], [["1", "2", "3", "4"]])
    False
    """
    return any(_numbering_line(ln.phrases) and any(len(_NUMBERING_CELL_WORDS.findall(c)) > 1 for c in row)
               for ln, row in zip(lines[:LAYOUT_HEADER_MAX_LINES], cells))


def header_length(lines: list[Line], cells: list[list[str]]) -> int:
    """How many of a table's first lines are its header: the lines above a column-numbering
    line among the first :data:`LAYOUT_HEADER_MAX_LINES`, else those above the first line with
    a number other than a year (none when that comes later)."""
    top = min(len(lines), LAYOUT_HEADER_MAX_LINES + 1)
    numbering = next((k for k in range(top) if _numbering_line(lines[k].phrases)), None)
    if numbering is not None:
        return numbering
    first = next((k for k in range(top) if _has_value(cells[k])), None)
    return first if first is not None else 0


def stack_header_lines(cells: list[list[str]]) -> list[list[str]]:
    """A header printed over several lines, its labels wrapped, as its rows of labels: a line
    whose labels all stand in columns the row above has labels in goes on those labels
    (``Anggaran`` over ``(Rp.000)``); a line with a label in another column starts a row (the
    next level of a header: ``Tahun 2019`` over ``Target | Anggaran``).

    Examples
    --------
    >>> stack_header_lines([["No", "Uraian", "Tahun", "", "Tahun", ""],
    ...                     ["", "", "2023", "", "2024", ""],
    ...                     ["", "", "Target", "Anggaran", "Target", "Anggaran"],
    ...                     ["", "", "", "(Rp)", "", "(Rp)"]])
    [['No', 'Uraian', 'Tahun 2023', '', 'Tahun 2024', ''], ['', '', 'Target', 'Anggaran (Rp)', 'Target', 'Anggaran (Rp)']]
    """
    rows: list[list[str]] = []
    for line in cells:
        here = {j for j, c in enumerate(line) if c}
        if rows and here and here <= {j for j, c in enumerate(rows[-1]) if c}:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], line)]
        elif here:
            rows.append(list(line))
    return rows


#: Layout text: a table's section row, a label and a colon (*Misi Pertama : …*, *Sasaran ke-1 :
#: …*, *Program : …*): no prose, though long.
_SECTION_LABEL_LINE = re.compile(r"^\s*(?:misi|sasaran|tujuan|program|kegiatan|urusan|bidang)\b[^:]{0,30}:", re.I)

#: Layout text: a line of one phrase starting in the first two columns and reaching over this
#: many columns is a section row of the table (*Misi Pertama : …*, *Sasaran ke-1 : …*), not a
#: header label (a spanning label is centred over its group).
LAYOUT_SECTION_MIN_COLUMNS = 3


def _section_line(phrases: list[Phrase], kept: list[tuple[float, float]]) -> bool:
    """Whether a line is a section row under a table's header (:data:`LAYOUT_SECTION_MIN_COLUMNS`).

    >>> kept = [(3, 5), (12, 14), (20, 22), (30, 32)]
    >>> _section_line([Phrase(0, 40, "Misi Pertama : Meningkatkan daya saing industri")], kept)
    True
    >>> _section_line([Phrase(14, 28, "Tahun 2015")], kept)
    False
    """
    if len(phrases) != 1:
        return False
    a, b = _columns_of(phrases[0], kept)
    return a <= 1 and b - a + 1 >= LAYOUT_SECTION_MIN_COLUMNS


def _section_cells(phrases: list[Phrase], kept: list[tuple[float, float]]) -> list[str]:
    # a section row's text in the column where it starts (not the column of its centre: a row
    # that starts in the first column is a new row for the reader, not a wrapped cell)
    cells = [""] * (len(kept) + 1)
    cells[_columns_of(phrases[0], kept)[0]] = phrases[0].text
    return cells


def layout_table_rows(lines: list[str]) -> dict[int, str]:
    """The whitespace tables of layout text as TAB rows, by 0-based line index.

    A table is a run of lines with two or more phrases (:func:`text_phrases`); lines with one
    phrase inside the run (a wrapped cell, a spanning heading) belong to it, single-phrase lines
    at its end do not, and at most :data:`LAYOUT_MAX_BLANK_LINES` blank lines may stand
    between two of its lines. Two consecutive lines of one phrase, one of them at least
    :data:`LAYOUT_PROSE_MIN` characters long, are prose and end the run, as do a caption
    (``Tabel 3.2 …``) and a form feed. Runs that :func:`column_gutters` takes for a table give
    one TAB row (:func:`tab_row`) per line; blank lines between its rows become a lone TAB (an
    empty row, which the reader drops) so that the reader keeps the table one block.

    Its header (the lines above its first line with a number other than a year, and up to
    :data:`LAYOUT_HEADER_LINES_ABOVE` lines of one phrase right above the run that fit in one
    column) is printed over several lines, each label cut into pieces: the lines are merged
    (:func:`header_rows`) into the last one or two of them, and the others become blank.
    Every other line is left as it is (not in the result).
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
        # two consecutive lines of one phrase, one of them long; a section row of a table
        # ('Misi Pertama : …', 'Sasaran ke-1 : …') is no prose
        return len(ph(a)) == 1 and len(ph(b)) == 1 and \
            max(len(ph(a)[0].text), len(ph(b)[0].text)) >= LAYOUT_PROSE_MIN and \
            not (_SECTION_LABEL_LINE.match(ph(a)[0].text) or _SECTION_LABEL_LINE.match(ph(b)[0].text))

    def caption(i: int) -> bool:
        # a table caption ('Tabel 3.2 …') starts something new
        return len(ph(i)) == 1 and caption_kind(ph(i)[0].text) is not None

    def line(i: int) -> Line:
        return Line(i, i + 1, 1, ph(i))

    def has_value(i: int) -> bool:
        return _has_value([p.text for p in ph(i)])

    # the next line with a number at or after each line: a table's first such line comes within
    # its header's length, so a start farther from one is skipped without building its run
    # (a long stretch of justified prose is not tried line by line)
    next_value = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        next_value[k] = k if _DIGIT.search(lines[k]) and has_value(k) else next_value[k + 1]
    i = 0
    done = -1  # the last line of the previous table
    while i < n:
        if next_value[i] - i > LAYOUT_HEADER_MAX_LINES + LAYOUT_MAX_BLANK_LINES:
            i = next_value[i] - LAYOUT_HEADER_MAX_LINES - LAYOUT_MAX_BLANK_LINES
            continue
        if len(ph(i)) < 2:
            i += 1
            continue
        run = [i]
        j, blanks = i + 1, 0
        while j < n and len(run) < LAYOUT_MAX_RUN_LINES:
            if "\f" in lines[j]:
                break  # a page break: the table goes on as another (the reader joins them)
            if not ph(j):
                blanks += 1
                if blanks > LAYOUT_MAX_BLANK_LINES:
                    break
            else:
                if j + 1 < n and prose(j, j + 1) or prose(run[-1], j) or caption(j):
                    break
                blanks = 0
                run.append(j)
            j += 1
        # trim single-phrase lines at the end of the run (paragraph text after a table)
        while run and len(ph(run[-1])) < 2:
            run.pop()
        # the gutters are placed by the lines with numbers (a header's spanning labels, such
        # as 'Rencana Tahun (2023)' over three columns, would cover theirs)
        kept = column_gutters([line(r) for r in run], [line(r) for r in run if has_value(r)]) if run else None
        if kept is None:
            # not a table from here: the next try starts where the structure changes (after a
            # blank line or a line of one phrase); trying each line of a block of justified
            # prose again would cost the block's length for every one of its lines
            k = i + 1
            while k < n and len(ph(k - 1)) >= 2 and len(ph(k)) >= 2:
                k += 1
            i = k
            continue
        # lines of one short phrase right below, within one column other than the first: the
        # rest of a cell wrapped at the table's end
        k = run[-1] + 1
        while k < n and len(ph(k)) == 1 and "\f" not in lines[k] and len(ph(k)[0].text) < LAYOUT_PROSE_MIN:
            a, b = _columns_of(ph(k)[0], kept)
            if a != b or a == 0:
                break
            run.append(k)
            k += 1
        # header lines of one phrase right above the run, each within one column
        above: list[int] = []
        k, blanks = run[0] - 1, 0
        while k > done and len(above) < LAYOUT_HEADER_LINES_ABOVE:
            if not ph(k):
                blanks += 1
                if blanks > LAYOUT_MAX_BLANK_LINES:
                    break
            else:
                blanks = 0
                cols = _columns_of(ph(k)[0], kept)
                if len(ph(k)) != 1 or cols[0] != cols[1]:
                    break
                above.insert(0, k)
            k -= 1
        table = above + run
        cells = {r: _section_cells(ph(r), kept) if _section_line(ph(r), kept) else line_cells(line(r), kept)
                 for r in table}
        # the header: the lines above a column-numbering line near the top (after the last
        # line with a number above it, such as 'Lembar : 1 dari 2', which stays text), else
        # the lines above the first line with a number
        numbering = next((k for k, r in enumerate(table[:LAYOUT_HEADER_MAX_LINES])
                          if _numbering_line(ph(r))), None)
        if numbering is not None and numbers_share_a_cell([line(table[numbering])], [cells[table[numbering]]]):
            i = run[-1] + 1  # columns too close to tell apart: the lines stay text
            continue
        if numbering is not None:
            first = max((k + 1 for k in range(numbering) if has_value(table[k])), default=0)
            table = table[first:]
            head = table[:numbering - first]
        else:
            head = []
            for r in table:
                if _has_value(cells[r]) or (head and _section_line(ph(r), kept)):
                    break
                head.append(r)
        if len(head) >= 2:
            merged = header_rows([line(r) for r in head], kept)
            for r in head[:len(head) - len(merged)]:
                out[r] = ""
            for r, row in zip(head[len(head) - len(merged):], merged):
                out[r] = tab_row(row)
            rest = table[len(head):]
        else:
            rest = table
        for r in rest:
            out[r] = tab_row(cells[r])
        # blank lines between its rows keep the table one block for the reader (a TAB alone
        # is an empty row, which the reader drops)
        for r in range(rest[0] + 1, rest[-1]) if rest else ():
            if r not in out and not lines[r].strip():
                out[r] = "\t"
        done = i = run[-1] + 1
        done -= 1
    return out
