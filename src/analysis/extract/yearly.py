"""Indicator tables that follow indicators over the years.

LKjIP chapters III often compare an indicator over the years of the Renstra, in one of two
layouts the usual column reading (a column per kind *and* year, ``Target 2023``) does not read:

* **on its side**: one column per year, one row per kind of value, the indicator named in a
  column of its own (its name printed on the group's first row) or only in the caption or the
  heading above::

      Tabel 3.1 Capaian IKU Indeks Kepuasan Masyarakat Tahun 2019-2023
      Uraian        2019    2020    2021   2022   2023
      Target        80      81      82     83     84
      Realisasi     79,5    82,1    83     84,2   85
      Capaian (%)   99,38   101,36  101,22 101,45 101,19

* **years as rows**: a *Tahun* column and a column per kind, the indicator named only in the
  caption or the heading (``Tahun | Target | Realisasi | Capaian (%)``), or in a name column
  printed on the first of its years;
* **bare year columns** (``Indikator | 2024 | 2025 | 2026``): the caption's first word says what
  they hold (:func:`year_columns_kind`: *Target …* or *Realisasi / Perkembangan …*).

Rupiah values make a budget table, other numbers an indicator table (:func:`amount_like`): the
budget extractor reads the same layouts with *Anggaran / Realisasi / %* kinds
(:data:`~analysis.extract.vocabulary.BUDGET_ROW_KINDS`).

:func:`read_transposed` and :func:`read_year_rows` find such a table (two or more years; two
or more different kinds, :data:`~analysis.extract.vocabulary.INDICATOR_ROW_KINDS`) and return
its indicator groups: the name, the lines and, per year, the target, realisation and capaian
cells as printed. The indicator extractor reads the cells as it reads any performance table
(one output row per indicator and year; a table on its side gives each year the group's first
line as source line, a table with years as rows the year's own line).

The name of an indicator without a name column comes from the header cell above the kind
column when it is not a generic word (*Uraian*, *Indikator*), else from the caption, else from
the line or numbered heading above the table when it reads as a heading (not a sentence), with
the words that introduce it (*Capaian Indikator Kinerja Utama*, *Perbandingan Target dan
Realisasi*, *IKU 2:*) and the years after it removed (:func:`name_from_caption`). A table whose
indicator cannot be named is not read; its rows are listed as skipped with the reason.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .columns import YEAR_LABEL, header_role
from .documents import Document, Row
from .vocabulary import (INDICATOR_ROW_KINDS, TRANSPOSED_CAPTION_LEAD, TRANSPOSED_GENERIC_NAMES,
                         TRANSPOSED_YEAR_RANGE, YEAR_COLUMN_KIND_WORDS)

__all__ = ["TransposedGroup", "TransposedTable", "read_transposed", "read_year_rows", "row_role",
           "name_from_caption", "caption_title", "heading_above",
           "year_columns_kind", "amount_like"]

#: Longest cell read as the kind of a row ('Capaian Kinerja (%)'); longer cells are names.
ROW_ROLE_CELL_MAX = 40
#: Year columns a table needs to be read as one turned on its side.
MIN_YEAR_COLUMNS = 2

_YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}")
_NAME_WORD = re.compile(r"[A-Za-z]{3,}")
_CAPTION_NUMBER = re.compile(r"^\W*(?:tabel|table|tab\.)\s*[0-9IVX]+(?:\s*[.\-]\s*[0-9]+)*\.?\s*[:.\-–]?\s*", re.I)
_QUOTES = re.compile(r"[\"“”'‘’]")
_WS = re.compile(r"\s+")


@dataclass
class TransposedGroup:
    """One indicator of a table on its side.

    Attributes
    ----------
    name : str
        The indicator as printed (name column, header, caption or heading).
    name_source : {"column", "header", "caption", "heading"}
    unit : str
        The unit printed in a *Satuan* column ('' when none).
    lines : list of int
        The lines of the group's rows, top to bottom (the first is the row's source line).
    cells : dict of int to dict of str to str
        Per year, the cell of each kind (``target``, ``actual``, ``achievement``; ``budget``,
        ``realization``, ``pct``) as printed.
    labels : dict of str to str
        The cell naming each kind's row as printed (``Anggaran (Rp.000)``).
    """

    name: str
    name_source: str
    unit: str = ""
    lines: list[int] = field(default_factory=list)
    cells: dict[int, dict[str, str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class TransposedTable:
    """A table on its side: its year columns, its groups and the lines not read (with reasons)."""

    years: list[int]
    groups: list[TransposedGroup]
    skipped: list[tuple[int, str]] = field(default_factory=list)


def row_role(cell: str, kinds: dict[str, str] = INDICATOR_ROW_KINDS) -> str | None:
    """The kind of value a row of a table on its side holds, from the cell that names it.

    Examples
    --------
    >>> [row_role(c) for c in ("Target", "Realisasi", "Capaian (%)", "% Capaian", "Capaian Kinerja")]
    ['target', 'actual', 'achievement', 'achievement', 'achievement']
    >>> row_role("Realisasi Anggaran (Rp)"), row_role("Indeks Kepuasan Masyarakat"), row_role("")
    (None, None, None)
    >>> from analysis.extract.vocabulary import BUDGET_ROW_KINDS
    >>> [row_role(c, BUDGET_ROW_KINDS) for c in ("Pagu (Rp)", "Realisasi", "Realisasi (Rp)", "%", "Target")]
    ['budget', 'realization', 'realization', 'pct', 'budget']
    """
    text = cell.strip()
    if not text or len(text) > ROW_ROLE_CELL_MAX or _YEAR_DIGITS.search(text):
        return None
    role, _ = header_role((text,))
    return kinds.get(role)


#: The kinds whose values tell a budget table (rupiah amounts) from an indicator table.
AMOUNT_KINDS = frozenset({"target", "actual", "budget", "realization"})
_AMOUNT = re.compile(r"R[pP]|\d{1,3}(?:[.,]\d{3}){2,}")


def amount_like(cell: str) -> bool:
    """Whether a cell prints a rupiah amount (``Rp``, or a number of a million or more with
    thousands separators).

    >>> amount_like("4.100.000.000.000"), amount_like("Rp 850 juta"), amount_like("84,2"), amount_like("1.250")
    (True, True, False, False)
    """
    return bool(_AMOUNT.search(cell))


def _year(cell: str) -> int | None:
    return int(_YEAR_DIGITS.search(cell).group(0)) if cell and YEAR_LABEL.match(cell) else None


def caption_title(text: str | None) -> str:
    """A caption without its table number and the years it ends with.

    >>> caption_title("Tabel 3.11 Perkembangan Anggaran dan Realisasi Belanja Tahun 2021-2023")
    'Perkembangan Anggaran dan Realisasi Belanja'
    """
    if not text:
        return ""
    s = _QUOTES.sub("", _CAPTION_NUMBER.sub("", text.strip()))
    s = TRANSPOSED_YEAR_RANGE.sub("", s)
    return _WS.sub(" ", s).strip(" :;,.-–")


def name_from_caption(text: str | None) -> str:
    """The indicator a caption or heading names, without the words that introduce it and the
    years after it ('' when nothing that reads as a name is left).

    Examples
    --------
    >>> name_from_caption("Tabel 3.1 Capaian Indikator Kinerja Utama Indeks Kepuasan Masyarakat Tahun 2019-2023")
    'Indeks Kepuasan Masyarakat'
    >>> name_from_caption('Tabel 3.4 Perbandingan Target dan Realisasi Indikator "Persentase Desa Mandiri" Tahun 2019 s.d. 2023')
    'Persentase Desa Mandiri'
    >>> name_from_caption("Tabel 3.2 Capaian Kinerja Sasaran 1 Tahun 2019-2023")
    ''
    """
    s = TRANSPOSED_CAPTION_LEAD.sub("", caption_title(text))
    s = TRANSPOSED_YEAR_RANGE.sub("", s).strip(" :;,.-–")
    words = _NAME_WORD.findall(s)
    # a name is two words or more, not a bare 'Sasaran 1' or 'Tujuan' (no indicator named)
    if len(words) < 2 or s.lower().split()[0] in ("sasaran", "tujuan", "misi") and len(words) < 3:
        return ""
    return s


#: Longest line read as a heading that names a table's indicator (longer lines are prose).
HEADING_MAX_WORDS = 20


def _heading_like(text: str) -> bool:
    """Whether the line above a table reads as a heading (short, no sentence end), not prose.

    >>> _heading_like("3.1.1 IKU 2: Persentase Jalan Kabupaten dalam Kondisi Mantap")
    True
    >>> _heading_like("Capaian indikator ini selama lima tahun terakhir disajikan berikut.")
    False
    """
    s = text.strip()
    return bool(s) and s[-1] not in ".:;," and len(s.split()) <= HEADING_MAX_WORDS


#: Most lines between a table and the numbered heading that may name its indicator.
HEADING_DISTANCE = 6


def heading_above(doc: Document, line: int) -> str | None:
    """The text of the nearest numbered or lettered heading at most :data:`HEADING_DISTANCE`
    lines above ``line`` (None when there is none)."""
    lines = doc.derived.get("heading_lines")
    if lines is None:
        lines = doc.derived["heading_lines"] = tuple(h.line for h in doc.headings)
    k = bisect.bisect_left(lines, line)
    while k > 0:
        k -= 1
        h = doc.headings[k]
        if line - h.line > HEADING_DISTANCE:
            return None
        if h.kind in ("numbered", "lettered"):
            return h.text
    return None


def _outside_name(caption: str | None, context: str | None, heading: str | None) -> tuple[str, str]:
    """The indicator a table's caption, else the line above it, else the heading above it names
    (the last two only when they read as headings), and which of them named it."""
    if name_from_caption(caption):
        return name_from_caption(caption), "caption"
    named = [name_from_caption(h) for h in (context, heading) if h and _heading_like(h)]
    return next((n for n in named if n), ""), "heading"


def _year_columns(cells: list[str]) -> dict[int, int]:
    years = {j: _year(c) for j, c in enumerate(cells)}
    found = {j: y for j, y in years.items() if y is not None}
    if len(found) < MIN_YEAR_COLUMNS or len(set(found.values())) != len(found):
        return {}  # a year printed twice: the columns are not one value per year
    return found


def read_transposed(header: list[list[str]], rows: list[Row], caption: str | None = None,
                    context: str | None = None, heading: str | None = None,
                    kinds: dict[str, str] = INDICATOR_ROW_KINDS, needs: str | None = None,
                    amounts: bool = False) -> TransposedTable | None:
    """The indicator groups of a table on its side, or None when the table is not one.

    Parameters
    ----------
    header : list of list of str
        The table's header rows (the last one holding the years is used).
    rows : list of Row
        The data rows (a first row of years is read as the header when ``header`` has none).
    caption, context, heading : str, optional
        The table's caption, the text line above it and the nearest heading above it (where an
        indicator the table does not name is named; ``context`` and ``heading`` only when they
        read as headings, not sentences).
    kinds : dict of str to str
        The kind of row each header role names (:data:`~analysis.extract.vocabulary.INDICATOR_ROW_KINDS`,
        or :data:`~analysis.extract.vocabulary.BUDGET_ROW_KINDS` for a budget table).
    needs : str, optional
        A kind the table must have (``budget``: a budget row).
    amounts : bool
        Whether the values are rupiah amounts (a budget table) or not (an indicator table):
        a table whose values are the other kind is not read (*Target / Realisasi Pendapatan*
        rows of rupiah are revenue, not an indicator).

    Returns
    -------
    TransposedTable or None

    Examples
    --------
    >>> rows = [Row(4, ["Target", "80", "81"], ""), Row(5, ["Realisasi", "79,5", "82,1"], ""),
    ...         Row(6, ["Capaian (%)", "99,38", "101,36"], "")]
    >>> t = read_transposed([["Uraian", "2022", "2023"]], rows, "Tabel 3.1 Capaian IKU Indeks Kepuasan Masyarakat")
    >>> g = t.groups[0]
    >>> g.name, g.name_source, g.lines, g.cells[2023]
    ('Indeks Kepuasan Masyarakat', 'caption', [4, 5, 6], {'target': '81', 'actual': '82,1', 'achievement': '101,36'})
    """
    head = next((h for h in reversed(header) if _year_columns(h)), None)
    body = list(rows)
    if head is None and body and _year_columns(body[0].cells):
        head, body = body[0].cells, body[1:]
    if head is None or not body:
        return None
    years = _year_columns(head)
    first_year = min(years)
    width = max(len(r.cells) for r in body)
    # the kind column: left of the years, the one whose cells name most rows' kind
    by_col = {j: [row_role(r.cells[j], kinds) if j < len(r.cells) else None for r in body]
              for j in range(min(first_year, width))}
    if not by_col:
        return None
    role_col = max(by_col, key=lambda j: (sum(k is not None for k in by_col[j]), -j))
    roles = by_col[role_col]
    if len({k for k in roles if k}) < 2 or sum(k is not None for k in roles) < 2 or (needs and needs not in roles):
        return None
    # every row with a value in a year column names its kind (else this is another table)
    valued = [k for r, k in zip(body, roles)
              if any(j < len(r.cells) and r.cells[j].strip() not in ("", "-") for j in years)]
    if sum(k is None for k in valued) > len(valued) // 3:
        return None
    # rupiah amounts make a budget table, other numbers an indicator table
    values = [r.cells[j] for r, k in zip(body, roles) if k in AMOUNT_KINDS
              for j in years if j < len(r.cells) and r.cells[j].strip() not in ("", "-")]
    if values and (2 * sum(map(amount_like, values)) > len(values)) != amounts:
        return None
    unit_col = next((j for j in range(role_col) if header_role(tuple(h[j] for h in header if j < len(h)))[0] == "unit"), None)
    name_cols = [j for j in range(role_col) if j != unit_col and any(
        j < len(r.cells) and len(_NAME_WORD.findall(r.cells[j])) >= 2 for r in body)]
    name_col = name_cols[0] if name_cols else None
    own_name, source = "", ""
    if name_col is None:
        above = head[role_col].strip() if role_col < len(head) else ""
        if above and above.lower() not in TRANSPOSED_GENERIC_NAMES and row_role(above, kinds) is None \
                and len(_NAME_WORD.findall(above)) >= 2:
            own_name, source = above, "header"
        else:
            own_name, source = _outside_name(caption, context, heading)
    out = TransposedTable(sorted(years.values()), [])
    cur: TransposedGroup | None = None
    for r, kind in zip(body, roles):
        name_cell = r.cells[name_col].strip() if name_col is not None and name_col < len(r.cells) else ""
        has_values = any(j < len(r.cells) and r.cells[j].strip() for j in years)
        repeated = cur is not None and kind is not None and any(kind in v for v in cur.cells.values())
        if name_col is not None and name_cell and (cur is None or name_cell != cur.name or repeated):
            cur = TransposedGroup(name_cell, "column")  # a new indicator (its name may be alone)
            out.groups.append(cur)
        elif name_col is None and cur is None:
            cur = TransposedGroup(own_name, source)
            out.groups.append(cur)
        elif repeated:
            why = ("row of a second indicator or line in a table on its side that names only one (in "
                   "its caption or heading)" if name_col is None else
                   f"second {kind} row of one indicator in a table on its side (the first is read)")
            out.skipped.append((r.line, why))
            continue
        if kind is None:
            if has_values:
                out.skipped.append((r.line, "row of a table on its side (years as columns) whose kind "
                                            f"is none of {', '.join(sorted(set(kinds.values())))}"))
            continue
        if cur is None:  # values above the first name
            out.skipped.append((r.line, "row of a table on its side (years as columns) above the first name"))
            continue
        if unit_col is not None and unit_col < len(r.cells) and r.cells[unit_col].strip() and not cur.unit:
            cur.unit = r.cells[unit_col].strip()
        cur.lines.append(r.line)
        cur.labels[kind] = r.cells[role_col]
        for j, y in years.items():
            cur.cells.setdefault(y, {})[kind] = r.cells[j] if j < len(r.cells) else ""
    return _named(out)


_UNNAMED = ("indicator table over the years whose indicator is named neither in the table nor in its "
            "caption or heading")


def _named(out: TransposedTable) -> TransposedTable:
    """``out`` without its unnamed groups, whose lines are listed as skipped."""
    for g in out.groups:
        if not g.name and g.lines:
            for ln in g.lines:
                out.skipped.append((ln, _UNNAMED))
    out.groups = [g for g in out.groups if g.name and g.lines]
    return out


def read_year_rows(header: list[list[str]], rows: list[Row], caption: str | None = None,
                   context: str | None = None, heading: str | None = None) -> TransposedTable | None:
    """Indicators whose years are printed as rows (``[Indikator |] Tahun | Target | Realisasi |
    Capaian``): named in a column (printed on the first of its years, carried down) or, for a
    table of one indicator, in the caption or the heading; None when the table is not one.

    Each row is a group of its own (its line is its values' source line). A row with values but
    no year of its own (a total, a note) is listed as skipped.

    Examples
    --------
    >>> rows = [Row(3, ["2022", "83", "84,2", "101,45"], ""), Row(4, ["2023", "84", "85", "101,19"], "")]
    >>> t = read_year_rows([["Tahun", "Target", "Realisasi", "Capaian (%)"]], rows,
    ...                    "Tabel 3.3 Capaian IKU Indeks Kepuasan Masyarakat Tahun 2022-2023")
    >>> [(g.name, g.lines, g.cells) for g in t.groups][1]
    ('Indeks Kepuasan Masyarakat', [4], {2023: {'target': '84', 'actual': '85', 'achievement': '101,19'}})
    """
    if not header or len(rows) < MIN_YEAR_COLUMNS:
        return None
    width = max(len(h) for h in header)
    kinds: dict[int, str] = {}
    unit_col = None
    for j in range(width):
        role, year = header_role(tuple(h[j] for h in header if j < len(h)))
        if role in INDICATOR_ROW_KINDS and year is None and role not in kinds.values():
            kinds[j] = INDICATOR_ROW_KINDS[role]
        elif role == "unit" and unit_col is None:
            unit_col = j
    if len(kinds) < 2:
        return None
    left = [j for j in range(min(kinds)) if j != unit_col]
    year_counts = {j: sum(_year(r.cells[j]) is not None for r in rows if j < len(r.cells)) for j in left}
    year_col = next((j for j in left if year_counts[j] >= MIN_YEAR_COLUMNS
                     and year_counts[j] * 2 >= len(rows)), None)
    if year_col is None:
        return None
    name_col = next((j for j in left if j != year_col and any(
        len(_NAME_WORD.findall(r.cells[j])) >= 2 for r in rows if j < len(r.cells))), None)
    name, source = ("", "column") if name_col is not None else _outside_name(caption, context, heading)
    unit = ""
    out = TransposedTable([], [])
    seen: set[tuple[str, int]] = set()
    for r in rows:
        cell = r.cells[name_col].strip() if name_col is not None and name_col < len(r.cells) else ""
        if cell:
            name = cell
            unit = r.cells[unit_col].strip() if unit_col is not None and unit_col < len(r.cells) else ""
        y = _year(r.cells[year_col]) if year_col < len(r.cells) else None
        if y is None or (name, y) in seen:
            if any(j < len(r.cells) and r.cells[j].strip() for j in kinds):
                out.skipped.append((r.line, "row of an indicator table over the years without a year "
                                            "of its own (a total or a repeat)"))
            continue
        seen.add((name, y))
        if y not in out.years:
            out.years.append(y)
        out.groups.append(TransposedGroup(name, source, unit, [r.line],
                                          {y: {k: r.cells[j] if j < len(r.cells) else "" for j, k in kinds.items()}}))
    if len(out.years) < MIN_YEAR_COLUMNS:
        return None
    values = [c for g in out.groups for y in g.cells for k, c in g.cells[y].items()
              if k in AMOUNT_KINDS and c.strip() not in ("", "-")]
    if values and 2 * sum(map(amount_like, values)) > len(values):
        return None  # rupiah amounts: a budget table (its Tahun column dates its rows)
    out.years.sort()
    return _named(out)


def year_columns_kind(caption: str | None, context: str | None = None, heading: str | None = None) -> str | None:
    """What the bare year columns of an indicator table hold (*Indikator | 2024 | 2025 | 2026*,
    no kind printed above them), as its caption, else the line or heading above it says: its
    first word (after the table number) :data:`~analysis.extract.vocabulary.YEAR_COLUMN_KIND_WORDS`
    (*Target …* the targets; *Realisasi / Perkembangan …* the realisations; not *Capaian …*, which
    names the level reached and the achievement percentage alike); None when they do not say.

    >>> year_columns_kind("Tabel 2.4 Target Indikator Kinerja Utama Tahun 2024-2026")
    'target'
    >>> year_columns_kind("Tabel 2.5 Perkembangan Indikator Makro Tahun 2021-2023")
    'actual'
    >>> year_columns_kind("Tabel 2.6 Indikator Kinerja Utama"), year_columns_kind(None)
    (None, None)
    """
    for text in (caption, context, heading):
        if not text or (text is not caption and not _heading_like(text)):
            continue
        words = caption_title(text).lower().split()
        if words and words[0] in YEAR_COLUMN_KIND_WORDS:
            return YEAR_COLUMN_KIND_WORDS[words[0]]
    return None
