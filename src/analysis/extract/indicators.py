"""Performance indicators (indikator kinerja: kondisi awal, target, realisasi, capaian).

Turns the performance tables of a report into ``indicators.csv`` rows (one row per indicator
and year) following the data contract (``INDICATOR_COLUMNS``) plus four columns:
``achievement_method``, ``negative_convention``, ``polarity_rule`` and ``year_role``.

How tables are found (generic; no line numbers or document ids)
---------------------------------------------------------------
A table is a *performance table* when one of its column labels names an indicator
(*Indikator …*, or *Uraian* in a sub-table) and another one a target, a realisation or a
printed achievement (*Target*, *Realisasi*, *Capaian (%)*, *Tingkat Kemajuan* …). Column
labels are the header cells stacked top to bottom; a header cell spanning several columns
(printed once, blanks to its right) is carried over the columns below it, and a year printed
once over a group (``2023`` over *Target / Realisasi / % Capaian*) is carried over the group.
Each column gets a role:

=============  ==========================================================================
role           header words
=============  ==========================================================================
no             No, N o, z (OCR)
budget         Anggaran, (Rp.) — amounts; left to the budget extractor
indicator      Indikator …, Uraian (a later indicator column starts a second group, e.g.
               programme indicators beside the sasaran indicators)
objective      Sasaran …, Tujuan/Sasaran (Tujuan alone when there is no Sasaran column)
program        Program / Kegiatan / Sub Kegiatan names
unit           Satuan
baseline       Kondisi Awal, Tahun Dasar; also a *Realisasi/Capaian <year>* of an earlier
               year that has no target column (e.g. *Realisasi 2022* beside *Target 2023*):
               the latest such year; an older one (*Realisasi 2021*) stays the realisation
               of its year (a *comparison year* row)
target         Target …, Tar get (split words are joined before matching)
actual         Realisasi …, Capaian <year> (a level, not a percentage); also *Capaian Kinerja
               Tahun <year>* in a table without any target or realisation column (LKPJ
               key-indicator tables: the level reached that year)
achievement    Capaian (%), % Capaian, Capaian Kinerja (belongs to the budget when it follows
               budget columns without a *Kinerja* label, as in *Realisasi (Rp.) | Capaian*)
end_target     Kondisi Akhir, Target Akhir Renstra (year in the label)
progress       Tingkat Kemajuan (realisation to date over the end target)
formula, text  Formula Indikator; Outcome/Benefit/Impact/Keterangan/Analisis …
=============  ==========================================================================

Which rows are the header is the shared rule of :func:`analysis.extract.columns.split_header`.
A table printed without its header after a page break (no caption, nothing but blank lines
since the previous table; or any short text, when the previous table ends with its header
printed again at the foot of a page) continues the previous performance table. A table whose
header names no indicator column (none printed, or unknown words) is read from its cells when
they say enough (:func:`analysis.extract.columns.content_value_roles`): a name column, a unit
column and three number columns whose third is the percentage of the other two give the
indicator, unit, target, realisation and achievement (the ratio tells the target from the
realisation); any other such table is left out (its numbers are listed as unrecognised). A row that repeats
header words (*NO | URAIAN | TARGET | REALISASI*) inside a table starts a sub-table with
new roles.

Rows
----
Physical lines are re-read from the document (the shared reader may have glued an indicator
line carrying ``1 Dokumen`` or ``76,99 (Cukup Informatif)`` to the row above), cells that a
page break shifted sideways are re-aligned to the columns they fit (only when that clearly
fits better), and then:

* a line without values continues the row above when it sits after a page break, starts in
  lower case, follows a dangling word (*yang*, *dan*, *untuk* …), fills only the
  objective/other text columns, or continues two or more text cells of the row above;
  otherwise it is a *parent* (a heading such as 'Persentasi akreditasi sekolah …' over
  'a. SMA' / 'b. SMK', or a line ending with ':');
* in a table of several column groups (sasaran indicators beside programme indicators), the
  first line after a page break continues, group by group, the latest row that has names in
  that group when the group holds only name/text cells under cells that row fills (no number,
  no value): ``Standar Nasional`` + ``Perpustakaan (SNP)``, while another group of the same
  line may start a new row (:func:`_continue_groups`); a wrapped line that the reader took for
  a second header row of the page-break repeat and dropped is read back as data
  (:func:`_dropped_data_lines`);
* sub-indicators keep their parent's name: ``'Parent — a. SMA'`` (list markers *a.*, *1.*
  are kept on children, bullets ``• ▪ ➤ -`` dropped, the numbering of the top level
  dropped); unmarked rows are children of a parent without values unless they start like an
  indicator (*Persentase*, *Jumlah*, *Cakupan* …);
* a cell listing two enumerated indicators (``1. … 2. …``) with two values in every value
  cell becomes two rows; a ``➤``-list of sub-items with as many values becomes children;
* ``objective`` is the sasaran (carried down while blank); in programme tables the
  programme/kegiatan name.

Values
------
:func:`parse_value_cell`: the whole cell if it is one number; otherwise the only number
outside brackets (``100 % (180 Kegiatan)`` → 100, ``3,83 Index point`` → 3.83 with unit
*Index point*); when a row is about percentages, the only percentage among several numbers
(``98 medali (196%)`` → 196); LaTeX ``$\\frac{a}{b}$ 77,81`` → 77.81 (a formula with ``=``
gives its result); ranges ``70-80`` give a lower and an upper bound; dates, grades (*BB*,
*WTP*), narrative cells and cells with several numbers give no number. ``target_text`` and
``actual_text`` always keep the cell as printed.

``level``: *program*, *kegiatan* or *sub_kegiatan* in tables with a programme-name column
(*program* when the name starts with *Program*; *sub_kegiatan* below a kegiatan heading that
carries only amounts or no indicator; else *kegiatan*); *program* when the indicator column
itself is labelled *Program/Indikator*; *iku* when the caption or heading names the IKU
(*Indikator Kinerja Utama*); otherwise *sasaran* (3.1.1 tables, PK tables, LKjIP sasaran
tables).

``fiscal_year`` is the year of the observation (from the column label, else the
document's year); ``year_role`` is *reporting year* (the document's fiscal year),
*comparison year* (earlier), *plan year* (later) or *end-of-plan target*.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..achievement import add_achievement, apply_polarity_overrides, infer_polarity, polarity_from_target
from .documents import PAGE_MARKER, Document, Row, Table, cell_has_number, is_numbering_row, normalise_cell
from .numbers import find_numbers, infer_style, parse_number
from .base import INDICATOR_COLUMNS, DocMeta, Extraction, Skipped
from .sections import SectionIndex
from .yearly import (TransposedTable, amount_like, heading_above, read_transposed, read_year_rows,
                     year_columns_kind)
from .vocabulary import BUDGET_ROW_KINDS, LOCATION_HEADER, OBJECTIVE_WORDING, TOTAL_CELL
from .columns import (CONTINUATION_WIDTH_SLACK, NAME_ROLES, column_roles, column_stacks, content_value_columns,
                      content_value_roles, YEAR_LABEL, document_split_header, has_label,
                      is_formula_numbering_row, is_label_row, is_long_label_above_numbering)

__all__ = [
    "EXTRA_COLUMNS",
    "OUTPUT_COLUMNS",
    "CellValue",
    "PerformanceTable",
    "parse_value_cell",
    "find_performance_tables",
    "extract_indicators",
    "count_indicators",
    "load_polarity_overrides",
]

EXTRA_COLUMNS = ["achievement_method", "negative_convention", "polarity_rule", "year_role"]
OUTPUT_COLUMNS = INDICATOR_COLUMNS + EXTRA_COLUMNS

VALUE_ROLES = ("baseline", "target", "actual", "achievement", "end_target", "progress")
TEXT_ROLES = ("objective", "indicator", "program", "unit", "formula", "text")


# ======================================================================================
# I/O: polarity overrides
# ======================================================================================
def load_polarity_overrides(path: str | Path) -> pd.DataFrame:
    """Read the reviewed polarity exceptions (``analysis/reference/polarity_overrides.csv``).

    Columns ``indicator_pattern, polarity, reason``; lines starting with ``#`` are comments.
    Returns an empty frame with those columns when the file does not exist.
    """
    cols = ["indicator_pattern", "polarity", "reason"]
    p = Path(path)
    if not p.is_file():
        return pd.DataFrame(columns=cols)
    df = pd.read_csv(p, dtype=str, comment="#", keep_default_na=False, encoding="utf-8")
    missing = set(cols) - set(df.columns)
    if missing:
        raise ValueError(f"{p}: missing column(s) {sorted(missing)}; expected {cols}")
    df = df[cols].apply(lambda s: s.str.strip())
    bad = ~df["polarity"].str.lower().isin(["positive", "negative"])
    if bad.any():
        raise ValueError(f"{p}: polarity must be 'positive' or 'negative' (rows {list(df.index[bad] + 2)})")
    return df[df["indicator_pattern"] != ""].reset_index(drop=True)


# ======================================================================================
# Cell values
# ======================================================================================
@dataclass(frozen=True)
class CellValue:
    """A value cell of a performance table, read.

    ``value`` is None unless a single number could be read without guessing; ``upper`` is
    the upper bound of a range (``70-80``); ``status`` is ``ok``, ``missing`` (blank, dash,
    NA), ``text`` (a grade, a word, a date), ``narrative`` (a sentence with numbers),
    ``multiple`` (several numbers, none preferred), ``ambiguous`` or ``malformed``.
    """

    raw: str
    value: float | None
    status: str
    is_percent: bool = False
    unit: str = ""
    upper: float | None = None
    note: str = ""


#: The value of a column a row does not have (CellValue is frozen: one shared instance).
_NO_VALUE = CellValue("", None, "missing")
_MISSING = {"", "-", "--", "---", "–", "—", "(-)", "na", "n/a", "n.a", "n.a.", "nihil", "tidak ada"}
_MONTHS = re.compile(
    r"\b(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
    r"nopember|november|desember)\b",
    re.I,
)
_MATH = re.compile(r"\$([^$]*)\$")
_RANGE = re.compile(
    r"^\(?\s*(?:>|≥|>=)?\s*(\d[\d.,]*)\s*(%?)\s*(?:-|–|s/d|s\.d\.?|sampai)\s*(\d[\d.,]*)\s*(%?)\s*\)?;?$",
    re.I,
)
#: A rate printed with its base, a power of ten (*95 per 100.000 KH*, *8/1.000 kelahiran hidup*,
#: *1,5 per 1000 penduduk*): group 1 the value, 2 the base, 3 the unit words after it.
_PER_BASE = re.compile(r"^(\d[\d.,]*)\s*(?:per\b|/)\s*(10(?:0|[.,]?000)*|1[.,]?000(?:[.,]?000)*)(?![\d.,]*\d)"
                       r"\s*([A-Za-z][A-Za-z .]*)?$", re.I)
_BULLET_CHARS = "•▪■➤✓●◦·"
_PERSEN = re.compile(r"\bpersen\b", re.I)
_WS = re.compile(r"\s+")
_BRACKET_PAIR = re.compile(r"\([^()]*\)")
_UNIT_WORDS = re.compile(r"\s*([A-Za-z][A-Za-z./\-]*(?:\s+[A-Za-z][A-Za-z./\-]*){0,3})")
_RP_START = re.compile(r"^\s*R[pP]")
_WORD2 = re.compile(r"[A-Za-z]{2,}")
_NUMBER_RUN = re.compile(r"\d[\d.,]*")
_NOT_SQUEEZED = re.compile(r"[^a-z0-9%]")


@functools.lru_cache(maxsize=65536)  # pure in the text
def _clean_value_text(text: str) -> str:
    s = normalise_cell(text or "")

    def _math(m: re.Match) -> str:
        inner = m.group(1)
        if "=" in inner:
            return " " + inner.rsplit("=", 1)[1].strip() + " "
        return " "

    if "$" in s:  # a LaTeX formula needs its dollar signs
        s = _MATH.sub(_math, s)
    s = s.replace("\\%", "%").replace("\\", " ")
    s = _PERSEN.sub("%", s)
    s = s.strip(" |" + _BULLET_CHARS)
    return _WS.sub(" ", s).strip()


def _bracket_spans(s: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _BRACKET_PAIR.finditer(s)]


def _unit_after(s: str, end: int) -> str:
    rest = s[end:]
    m = _UNIT_WORDS.match(rest)
    if not m:
        return ""
    unit = m.group(1).strip(" .-/")
    return unit


def parse_value_cell(text: str | None, style: str | None = None, prefer_percent: bool = False) -> CellValue:
    """Read a target/realisation/baseline cell.

    Parameters
    ----------
    text : str
        The cell as printed.
    style : {"id", "us"}, optional
        Number style of the table (resolves ``1.265``).
    prefer_percent : bool
        The row is about percentages: among several numbers take the only percentage.

    Returns
    -------
    CellValue

    Examples
    --------
    >>> parse_value_cell("100 % (180 Kegiatan)").value
    100.0
    >>> c = parse_value_cell("3,83 Index point"); (c.value, c.unit)
    (3.83, 'Index point')
    >>> parse_value_cell("BB").status, parse_value_cell("NA").status
    ('text', 'missing')
    >>> c = parse_value_cell("95 per 100.000 KH", "id"); (c.value, c.unit)
    (95.0, 'per 100.000 KH')
    >>> parse_value_cell("$\\\\frac{3.339}{4.291}$ 77,81").value
    77.81
    """
    return _parse_value_cell("" if text is None else str(text), style, prefer_percent)


@functools.lru_cache(maxsize=65536)  # pure in its arguments and CellValue is frozen; cells are read again per year/pass
def _parse_value_cell(raw: str, style: str | None, prefer_percent: bool) -> CellValue:
    s = _clean_value_text(raw)
    if s.lower() in _MISSING or s.lower().strip(" .") in _MISSING:
        return CellValue(raw, None, "missing", note="blank, dash or NA")
    if _MONTHS.search(s):
        return CellValue(raw, None, "text", note="a date, not a number")
    m = _RANGE.match(s)
    if m:
        lo = parse_number(m.group(1), style)
        hi = parse_number(m.group(3), style)
        if lo.ok and hi.ok and lo.value <= hi.value:
            pct = bool(m.group(2) or m.group(4))
            return CellValue(raw, lo.value, "ok", pct, "%" if pct else "", hi.value,
                             note=f"range target {lo.value:g}-{hi.value:g}")
    rate = _PER_BASE.match(s)
    if rate:
        # a rate with its base ('95 per 100.000 KH', '8/1.000 KH'): the base is part of the unit
        p = parse_number(rate.group(1), style)
        if p.ok:
            unit = _WS.sub(" ", f"per {rate.group(2)} {rate.group(3) or ''}").strip()
            return CellValue(raw, p.value, "ok", False, unit, note=p.note)
    whole = parse_number(s, style)
    if whole.ok:
        unit = "%" if whole.is_percent else ("Rp" if _RP_START.match(s) else "")
        return CellValue(raw, whole.value, "ok", whole.is_percent, unit, note=whole.note)
    if whole.status in ("malformed", "ambiguous"):
        return CellValue(raw, None, whole.status, "%" in s, note=whole.note)
    # brackets enclose labels or percentages here; they are not negative signs
    toks = find_numbers(s.replace("(", " ").replace(")", " "), style)
    if not toks:
        return CellValue(raw, None, "text", note="no number (a grade, a word or a label)")
    spans = _bracket_spans(s)

    def inside(t) -> bool:
        return any(a <= t.start and t.end <= b for a, b in spans)

    # words outside brackets and outside the numbers: a sentence is not a value
    rest = s
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    words = _WORD2.findall(_NUMBER_RUN.sub(" ", rest))
    if len(words) > 6:
        return CellValue(raw, None, "narrative", "%" in s,
                         note="narrative cell; numbers not read: " + ", ".join(t.text for t in toks[:6]))
    outside = [t for t in toks if not inside(t)]
    pcts = [t for t in toks if t.parsed.is_percent]

    def from_token(t, note: str = "") -> CellValue:
        p = t.parsed
        if not p.ok:
            return CellValue(raw, None, p.status, p.is_percent, note=p.note)
        unit = "%" if p.is_percent else ("Rp" if t.has_currency else _unit_after(s, t.end))
        return CellValue(raw, p.value, "ok", p.is_percent, unit, note=note or p.note)

    if prefer_percent and len(pcts) == 1 and not (len(outside) == 1 and outside[0].parsed.is_percent):
        return from_token(pcts[0], "the only percentage among several numbers")
    if len(outside) == 1:
        extra = [t.text for t in toks if inside(t)]
        return from_token(outside[0], ("bracketed " + ", ".join(extra) + " not read") if extra else "")
    if not outside and len(toks) == 1:
        return from_token(toks[0], "the number in brackets beside a label")
    return CellValue(raw, None, "multiple", bool(pcts),
                     note="several numbers: " + ", ".join(t.text for t in toks[:6]))


# ======================================================================================
# Column roles
# ======================================================================================
@dataclass
class Col:
    idx: int
    label: str
    role: str
    year: int | None = None
    group: int = 0


def _sq(text: str) -> str:
    return _NOT_SQUEEZED.sub("", text.lower())


#: How a performance table reads the finer roles of :func:`~analysis.extract.columns.column_roles`:
#: every money column is a ``budget`` column, a region, bare-year or bare-% column is text.
_INDICATOR_ROLE = {
    "realisation_amount": "budget", "budget_pct": "budget", "region": "text", "year": "text",
    "percent": "text",
}


def _assign_roles(header_rows: list[list[str]], width: int, fiscal_year: int) -> list[Col]:
    cols = [Col(c.index, c.label, _INDICATOR_ROLE.get(c.role, c.role), c.year)
            for c in column_roles(column_stacks(header_rows, width)[:width])]
    # a header word printed once over a run of year columns stands over the first of them only
    # where a layout reading stacked the header lines ('Target 2018 | 2019 | 2020'): bare years
    # that follow a dated target or realisation one year apart are that role's too
    for a, b in zip(cols, cols[1:]):
        if b.role == "text" and YEAR_LABEL.match(b.label) and a.role in ("target", "actual") \
                and a.year is not None and b.year == a.year + 1:
            b.role = a.role
    # an undated achievement right after a dated realisation is that year's ('Realisasi Tahun
    # 2013 | Tingkat Realisasi (%)'); other undated value columns take the document's year; an
    # earlier year's realisation with no target for that year is the baseline (the latest such year)
    for a, b in zip(cols, cols[1:]):
        if b.role == "achievement" and b.year is None and a.role == "actual" and a.year is not None:
            b.year = a.year
    # without any target or realisation column, a dated 'Capaian Kinerja Tahun 2023' is the
    # level the indicator reached that year (the LKPJ's key-indicator tables, Permendagri
    # 18/2020), not a ratio to a target the table does not print
    if not any(c.role in ("target", "actual", "end_target") for c in cols):
        for c in cols:
            if c.role == "achievement" and c.year is not None and "%" not in c.label:
                c.role = "actual"
    # a capaian right of the end-of-plan target is the realisation over that target ('Realisasi
    # 2022 | Target Akhir Renstra | Capaian Realisasi'): the progress
    for k, c in enumerate(cols):
        if c.role in ("actual", "achievement") and _sq(c.label).startswith("capaian") \
                and any(p.role == "end_target" for p in cols[:k]) \
                and not any(p.role == "progress" for p in cols):
            c.role, c.year = "progress", None
    for c in cols:
        if c.role in ("target", "actual", "achievement") and c.year is None:
            c.year = fiscal_year
    target_years = {c.year for c in cols if c.role == "target"}
    later_targets = [y for y in target_years if y is not None]
    earlier = [c for c in cols if c.role == "actual" and c.year not in target_years and later_targets
               and c.year < max(later_targets)]
    for c in earlier:
        # the latest of them (the level reached just before the target's year); older years'
        # realisations ('Realisasi 2021 | Realisasi 2022 | Target 2023 | …') are rows of their years
        if c.year == max(e.year for e in earlier):
            c.role = "baseline"
    # groups: a later indicator column starts a new group at the first column after the
    # previous group's last value column
    group = 0
    seen_indicator = False
    last_value = -1
    starts = [0]
    for c in cols:
        if c.role == "indicator":
            if seen_indicator:
                group += 1
                starts.append(last_value + 1)
            seen_indicator = True
        if c.role in VALUE_ROLES:
            last_value = c.idx
    for c in cols:
        g = 0
        for k, s in enumerate(starts):
            if c.idx >= s:
                g = k
        c.group = g
    # a programme/kegiatan column after its group's indicator is a list, not the row's name
    for c in cols:
        inds = [i.idx for i in cols if i.role == "indicator" and i.group == c.group]
        if c.role == "program" and inds and c.idx > inds[0]:
            c.role = "text"
    return cols


# ======================================================================================
# Performance tables
# ======================================================================================
@dataclass
class PerformanceTable:
    """A performance table: its parts (a continuation printed without header after a page
    break is a second part), header rows used for the roles, and the roles."""

    parts: list[Table]
    header_rows: list[list[str]]
    header_lines: list[int]
    cols: list[Col]
    usable: bool
    lead_rows: list[Row] = field(default_factory=list)
    fiscal_year: int = 0
    skip_lines: set[int] = field(default_factory=set)
    #: The records of a table over the years (:mod:`analysis.extract.yearly`), read
    #: from its groups instead of its lines, and the lines it did not read (with reasons).
    side_records: list[_Record] | None = None
    side_skipped: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def table(self) -> Table:
        return self.parts[0]

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def width(self) -> int:
        return max([t.n_cols for t in self.parts] + [len(self.cols)])

    def rows(self) -> list[Row]:
        """Data rows of all parts (header rows excluded)."""
        return self.lead_rows + [r for t in self.parts for r in t.rows if r.line not in self.skip_lines]

    def data_lines(self) -> list[int]:
        """Every physical line of the data rows (a row may span several lines), including
        the header-like first rows of continuation parts."""
        extra = {ln for t in self.parts[1:] for ln in t.header_lines}
        return sorted(({ln for r in self.rows() for ln in r.lines} | extra) - self.skip_lines)


def _names_indicator(header_rows: list[list[str]], width: int) -> bool:
    """Whether the header names an indicator column (as :func:`_assign_roles` would)."""
    return any(c.role == "indicator" for c in column_roles(column_stacks(header_rows, width)[:width]))


def _roles_usable(cols: list[Col]) -> bool:
    roles = {c.role for c in cols}
    return "indicator" in roles and bool(roles & {"target", "actual", "achievement", "progress", "end_target"})


def find_performance_tables(doc: Document, fiscal_year: int | None = None) -> list[PerformanceTable]:
    """Performance tables of a document (see the module docstring for the rule).

    Tables with an indicator column but no target/realisation/achievement column are
    returned with ``usable=False`` (their numbers are listed as skipped).
    """
    fy = fiscal_year or 0
    out: list[PerformanceTable] = []
    for t in doc.tables:
        if out and _continues(doc, out[-1], t):
            out[-1].parts.append(t)
            continue
        head = document_split_header(doc, t)
        header_rows, header_lines, lead, data = head.header, head.header_lines, head.lead, head.rows
        width = max([t.n_cols] + [len(h) for h in header_rows])
        # _assign_roles refines roles but never makes or unmakes an indicator column: a header
        # without one (most tables: budget, regional) goes to the content reading at once
        cols = _assign_roles(header_rows, width, fy) if header_rows and _names_indicator(header_rows, width) else []
        if not any(c.role == "indicator" for c in cols):
            # the header names no indicator column (none printed, or unknown words): the cells'
            # content decides (name, unit, target/realisation/% confirmed by their ratio)
            cols = _content_cols(header_rows, data, width, fy, doc.style)
        if cols is None or not _roles_usable(cols) or _has_year_cells(data, cols):
            # one indicator over the years: on its side or with years as rows (analysis.extract.yearly)
            where = (t.caption, t.context, heading_above(doc, t.start_line))
            side = read_transposed(header_rows, data, *where) or read_year_rows(header_rows, data, *where)
            if side is not None:
                out.append(_transposed_table(doc, t, header_rows, header_lines, data, side, fy))
                continue
            if read_transposed(header_rows, data, kinds=BUDGET_ROW_KINDS, needs="budget", amounts=True) is not None:
                continue  # a budget table on its side: the budget extractor's
        if cols is not None and not _roles_usable(cols):
            # bare year columns ('Indikator | 2024 | 2025 | 2026'): the caption says what they hold
            cols = _year_columns_by_caption(cols, data, t.caption, t.context, lambda: heading_above(doc, t.start_line))
        if cols is None or (not _roles_usable(cols) and any(c.role == "budget" for c in cols)):
            continue  # no performance table (a budget table headed 'Uraian | Target (Rp) | …': the budget extractor's)
        # lines of header rows; a line that also carries data rows (a whole HTML table
        # printed on one line) is not skipped
        header_set = set(header_lines) - {r.line for r in data}
        pt = PerformanceTable([t], header_rows, header_lines, cols, _roles_usable(cols),
                              [r for r in lead if r.line not in header_set], fy, header_set)
        out.append(pt)
    return out


def _content_cols(header_rows: list[list[str]], rows: list[Row], width: int, fiscal_year: int,
                  default_style: str | None) -> list[Col] | None:
    """Roles of a table whose header names no indicator column, from its cells
    (:func:`~analysis.extract.columns.content_value_roles`): a name, a unit and three number
    columns whose third is the percentage of the other two; None for any other table.
    ``default_style`` is the document's number style (the table's own is inferred from its
    cells, :func:`~analysis.extract.numbers.infer_style`)."""
    if not rows:
        return None
    stacks = column_stacks(header_rows, width)[:width] if header_rows else [("",)] * width
    # Fast exit, equivalent to the full reading below (most tables without an indicator column
    # are budget or regional tables): content_value_roles needs a ``name`` column and three
    # ``number`` columns, which column_roles gives only to columns whose header names no role
    # (``text``) and the name only when no header names a name role (content roles never are
    # name roles); reading every cell (content_role) is then not needed.
    header_only = column_roles(stacks)
    if any(c.role in NAME_ROLES for c in header_only) or sum(c.role == "text" for c in header_only) < 4:
        return None
    cells = [[r.cells[j] if j < len(r.cells) else "" for r in rows] for j in range(width)]
    roles = column_roles(stacks, cells)
    if content_value_columns(roles) is None:  # the style below is needed only for the ratio test
        return None
    style = infer_style([c for r in rows for c in r.cells], default=default_style)
    found = content_value_roles(roles, cells, style)
    if found is None:
        return None
    return [Col(c.index, c.label, found.get(c.index, "no" if c.role == "no" else "text"),
                fiscal_year if found.get(c.index) in ("target", "actual", "achievement") else None)
            for c in roles]


def _year_columns_by_caption(cols: list[Col], rows: list[Row], caption: str | None, context: str | None,
                             heading) -> list[Col]:
    """``cols`` with its bare year columns (two or more, labelled by a year alone) read as targets
    or realisations when the caption, else the line or heading above (``heading()``), says so
    (:func:`~analysis.extract.yearly.year_columns_kind`); unchanged otherwise, and for columns of
    rupiah amounts (a budget by year is no indicator)."""
    years = [c for c in cols if c.role == "text" and YEAR_LABEL.match(c.label)]
    if len(years) < 2 or not any(c.role == "indicator" for c in cols):
        return cols
    values = [r.cells[c.idx] for r in rows for c in years if c.idx < len(r.cells) and r.cells[c.idx].strip()]
    if 2 * sum(map(amount_like, values)) > len(values):
        return cols
    kind = year_columns_kind(caption, context, heading())
    if kind is None:
        return cols
    bare = {c.idx for c in years}
    return [dataclasses.replace(c, role=kind, year=int(_YEAR_DIGITS.search(c.label).group(0)))
            if c.idx in bare else c for c in cols]


_YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}")


def _has_year_cells(rows: list[Row], cols: list[Col]) -> bool:
    """Whether a text column of a performance table holds a year in one of its first two data
    rows (the table may print its years as rows, :func:`~analysis.extract.yearly.read_year_rows`)."""
    return any(c.role == "text" and c.idx < len(r.cells) and YEAR_LABEL.match(r.cells[c.idx])
               for r in rows[:2] for c in cols)


#: Value cells of one year of a table on its side, in the order of the synthetic columns.
_SIDE_KINDS = (("target", "Target"), ("actual", "Realisasi"), ("achievement", "Capaian (%)"))


def _transposed_table(doc: Document, t: Table, header_rows: list[list[str]], header_lines: list[int], data: list[Row],
                      side: TransposedTable, fy: int) -> PerformanceTable:
    """A performance table of the groups of a table on its side: one record per indicator whose
    cells are laid out as a table printed the usual way (name, unit, then target, realisation
    and capaian per year), so that its values are read as any other table's."""
    cols = [Col(0, "Indikator", "indicator"), Col(1, "Satuan", "unit")]
    for y in side.years:
        for kind, label in _SIDE_KINDS:
            cols.append(Col(len(cols), f"{label} {y}", kind, y))
    records = []
    for g in side.groups:
        cells = [g.name, g.unit] + [g.cells.get(y, {}).get(kind, "") for y in side.years for kind, _ in _SIDE_KINDS]
        records.append(_Record(g.lines[0], cells, list(g.lines)))
    skipped = [(ln, doc.line(ln), why) for ln, why in side.skipped]
    header_set = set(header_lines) - {r.line for r in data}
    return PerformanceTable([t], header_rows, header_lines, cols, True, [], fy, header_set,
                            side_records=records, side_skipped=skipped)


#: Last rows of a table searched for its header printed again at the foot of a page
#: (:func:`_continues`): the header rows and a wrapped end of the last name.
_TAIL_HEADER_ROWS = 3


def _continues(doc: Document, prev: PerformanceTable, t: Table) -> bool:
    """A headerless table right after a performance table (only blank lines between) of as
    many columns (:data:`~analysis.extract.columns.CONTINUATION_WIDTH_SLACK`) is its
    continuation after a page break; right after a performance table whose last lines are
    its header (printed again at the top of a page, the data below a footer), text lines between (a footer, a section heading the
    converter pulled out of the table) do not stop it."""
    if t.header and any(has_label(h) for h in t.header):
        return False
    last = prev.parts[-1]
    if t.start_line - last.end_line > 8:
        return False
    if abs(prev.parts[0].n_cols - t.n_cols) > CONTINUATION_WIDTH_SLACK:
        return False  # other columns: the table's values would go under the wrong headers
    last_data = max((ln for r in last.rows for ln in r.lines), default=0)
    header_last = (not prev.rows() or any(is_label_row(r.cells) for r in last.rows[-_TAIL_HEADER_ROWS:])
                   or any(ln > last_data for ln in last.repeated_header_lines))
    if header_last and not t.caption:
        return True
    if t.caption or (t.context and t.context.strip()):
        return False
    between = [doc.line(k).strip() for k in range(last.end_line + 1, t.start_line)]
    return not any(between)


# ======================================================================================
# Physical lines and alignment
# ======================================================================================
@dataclass
class _Line:
    line: int
    cells: list[str]
    part: int
    after_break: bool = False


def _repeats_header(cells: list[str], header: list[list[str]]) -> bool:
    """A line that prints the table's header again: its key is a header row's, or every
    non-empty cell's letters occur in the header (spelled or split differently)."""
    key = _sq(" ".join(cells))
    keys = [_sq(" ".join(h)) for h in header]
    if not key or key in keys:
        return True
    allkeys = "".join(keys)
    return all(_sq(c) in allkeys for c in cells if c.strip())


def _dropped_data_lines(doc: Document, t: Table) -> list[tuple[int, list[str]]]:
    """Lines the reader counted as page-break header repeats that do not repeat the header.

    When a TAB table goes on after a page break with its header printed again, the reader
    joins the two pieces and drops the second piece's header rows; if the first line after
    the repeated header is a wrapped continuation without numbers (004 Tabel 3.8 L612
    'Tingkat Daerah Provinsi | Membaca Masyarakat' under the repeat at L611), it was taken
    for a second header row and dropped with it. Those lines are data: (line, cells)."""
    if t.fmt != "tab":
        return []
    out = []
    for ln in t.repeated_header_lines:
        cells = doc.line_cells(ln)
        if any(c.strip() for c in cells) and not is_numbering_row(cells) and not _repeats_header(cells, t.header):
            out.append((ln, cells))
    return out


def _physical_lines(doc: Document, pt: PerformanceTable) -> list[_Line]:
    width = pt.width
    skip = pt.skip_lines
    out: list[_Line] = []
    repeated = {ln for t in pt.parts for ln in t.repeated_header_lines}
    for k, t in enumerate(pt.parts):
        for ln, cells in _dropped_data_lines(doc, t):
            while cells and not cells[-1].strip():
                cells.pop()
            out.append(_Line(ln, (cells + [""] * width)[:max(width, len(cells))], k))
    for r in pt.lead_rows:
        out.append(_Line(r.line, (list(r.cells) + [""] * width)[:width], 0))
    for k, t in enumerate(pt.parts):
        if k > 0:  # a continuation part: whatever the reader took for its header is data
            for h, ln in zip(t.header, t.header_lines):
                if not is_numbering_row(h):
                    out.append(_Line(ln, (list(h) + [""] * width)[:max(width, len(h))], k))
        for r in t.rows:
            if r.line in skip:
                continue
            if t.fmt == "tab" and len(r.lines) > 1:
                for ln, cells in doc.physical_rows(t, r):
                    while cells and not cells[-1].strip():
                        cells.pop()
                    out.append(_Line(ln, (cells + [""] * width)[:max(width, len(cells))], k))
            else:
                cells = list(r.cells)
                out.append(_Line(r.line, (cells + [""] * width)[:max(width, len(cells))], k))
    out.sort(key=lambda x: x.line)
    prev = None
    for x in out:
        if prev is not None:
            gap = range(prev.line + 1, x.line)
            # a page break (its marker, or a header repeated after it) between two lines: the
            # line may go on with the row the break cut
            x.after_break = x.part != prev.part or any(g in repeated or PAGE_MARKER.match(doc.line(g))
                                                       for g in gap)
        prev = x
    return out


_BARE_NUMBER = re.compile(r"[\d.,]+\s*%?")
_DIGIT = re.compile(r"\d")
_NUMBERING_CELL = re.compile(r"\(?(?:\d{1,3}|[A-Za-z]{1,3})\s*[.)]?")
_RP = re.compile(r"R[pP]")
_WORD3 = re.compile(r"[A-Za-z]{3}")


def _bracketed_remark(s: str) -> bool:
    """True for a value cell holding only a bracketed remark (``(180 Kegiatan)``); a bracketed
    number alone (``(3.27)``: a negative in accounting notation) is a value.

    Examples
    --------
    >>> _bracketed_remark("(180 Kegiatan)"), _bracketed_remark("(3.27)"), _bracketed_remark("12")
    (True, False, False)
    """
    return bool(_BRACKET_PAIR.fullmatch(s)) and not _is_bare_number(s)


@functools.lru_cache(maxsize=65536)  # pure in the text
def _is_bare_number(c: str) -> bool:
    s = c.strip()
    if not _DIGIT.search(s):  # parse_number reads no number without a digit
        return bool(_BARE_NUMBER.fullmatch(s))
    return parse_number(s).ok or bool(_BARE_NUMBER.fullmatch(s))


@functools.lru_cache(maxsize=65536)  # pure in (role, text); the alignment scores each cell at many columns
def _compat(role: str, cell: str) -> float:
    c = cell.strip()
    if not c:
        return 0.0
    has_digit = bool(_DIGIT.search(c))
    low = c.lower()
    if role == "no":
        return 1.0 if _NUMBERING_CELL.fullmatch(c) else -2.0
    if role in VALUE_ROLES:
        if has_digit:
            return 1.0
        return -2.0 if len(c) > 60 else 0.0  # a grade, a word, a short statement
    if role == "budget":
        if _is_bare_number(c) or low in _MISSING or (has_digit and _RP.search(c)):
            return 1.0
        return -1.0 if has_digit else -2.0
    # text roles: a bare number cannot be a name (an 'Outcome' column may hold a printed capaian)
    if _is_bare_number(c):
        return -2.0 if role in ("indicator", "objective", "program") else 0.0
    if role == "indicator" and low in _MISSING:
        return -2.0
    return 1.0 if _WORD3.search(c) else 0.0


#: An amount in thousands groups (``1.250.000``): it belongs to a budget column (:func:`_align`).
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


def _align(cells: list[str], cols: list[Col], occ: list[float]) -> list[str]:
    width = len(cols)
    items = [(j, c) for j, c in enumerate(cells) if c.strip()]
    if not items:
        return (cells + [""] * width)[:width]

    scores = [_compat(cols[j].role, c) if j < width else -3.0 for j, c in items]
    if all(x >= 0 for x in scores):
        return (cells + [""] * width)[:width]
    orig = sum(scores)
    k = len(items)
    single_group = len({c.group for c in cols}) == 1
    if k > width:
        return (cells + [""] * width)[:width]
    roles = [c.role for c in cols]
    neg = float("-inf")
    # dp[i][q]: best score placing items[:i+1] with item i at column q
    dp = [[neg] * width for _ in range(k)]
    back = [[-1] * width for _ in range(k)]
    for i, (p, c) in enumerate(items):
        names_indicator = single_group and _compat("indicator", c) > 0
        thousands = _THOUSANDS.fullmatch(c.strip()) is not None
        # best, arg: the first maximum of dp[i - 1][i - 1:q] for the current q; the range grows
        # by one column per q, so the running maximum (strict '>': the first one is kept) is
        # the maximum a scan of the whole range gives
        best, arg = neg, -1
        prev = dp[i - 1] if i else None
        for q in range(i, width - (k - 1 - i)):
            # converters drop empty cells, so rows drift left: moving right is slightly cheaper
            role = roles[q]
            gain = _compat(role, c) + occ[q] - (0.1 if q >= p else 0.12) * abs(q - p)
            if names_indicator and role == "indicator":
                gain += 1.0  # a row with values names its indicator
            if thousands and role == "budget":
                gain += 0.5  # an amount in thousands groups belongs to the budget column
            if prev is None:
                dp[i][q] = gain
            else:
                if prev[q - 1] > best:
                    best, arg = prev[q - 1], q - 1
                if arg >= 0:
                    dp[i][q] = best + gain
                    back[i][q] = arg
    q = max(range(width), key=lambda x: dp[k - 1][x])
    if dp[k - 1][q] == neg:
        return (cells + [""] * width)[:width]
    pos = [0] * k
    for i in range(k - 1, -1, -1):
        pos[i] = q
        q = back[i][q]
    new = sum(_compat(cols[pos[i]].role, c) for i, (_, c) in enumerate(items))
    if new < orig + 2:
        return (cells + [""] * width)[:width]
    out = [""] * width
    for i, (_, c) in enumerate(items):
        out[pos[i]] = c
    return out


# ======================================================================================
# Records
# ======================================================================================
_MARKER = re.compile(
    r"^\s*(?:(?P<num>\(?\d{1,2}\s*[.)](?!\d))|(?P<alpha>\(?[a-zA-Z]\s*[.)]+)(?=\s|[A-Z])|"
    r"(?P<roman>\(?(?:i{1,3}|iv|v|vi{1,3})\s*[.)])(?=\s)|(?P<bullet>[•▪■➤✓●◦·\-–]))\s*"
)
_HEAD_WORD = re.compile(
    r"^(?:jumlah|persentase|presentase|persentasi|presentasi|prosentase|proporsi|cakupan|"
    r"indeks|index|nilai|tingkat|rasio|angka|rata-rata|rata\s*–\s*rata|peningkatan|"
    r"meningkatnya|terwujudnya|terlaksananya|tersedianya|%)\b",
    re.I,
)
#: A labelled heading row (*Sasaran ke-2 : Meningkatnya ...*, *Misi Kedua : ...*, *Tujuan 1:
#: ...*): a new parent, never the continuation of the name above (even after a page break).
_SECTION_LABEL = re.compile(r"^\W*(?:misi|sasaran|tujuan)\b[^:]{0,25}:\s*\S", re.I)
_DANGLING = re.compile(
    r"\b(yang|dan|di|untuk|dengan|atau|pada|dari|ke|terhadap|serta|oleh|bagi|dalam|melalui|"
    r"sesuai|menurut|per|of|the|and)\s*$|[,/(\-–]\s*$",
    re.I,
)


def _marker(text: str) -> tuple[str | None, str]:
    """(marker class, text without the marker)."""
    m = _MARKER.match(text or "")
    if not m:
        return None, (text or "").strip()
    kind = next(k for k in ("num", "alpha", "roman", "bullet") if m.group(k))
    rest = text[m.end():].strip()
    if kind == "bullet" and not rest:
        return None, text.strip()
    return kind, rest


@dataclass
class _Record:
    line: int
    cells: list[str]
    lines: list[int]
    kind: str = "indicator"  # indicator | parent | budget | section | other
    parent_chain: list[str] = field(default_factory=list)
    name: str = ""
    objective: str = ""
    program: str = ""
    level_hint: str = ""
    children: int = 0


class _Assembler:
    """Turns aligned physical lines of one performance table into records."""

    def __init__(self, pt: PerformanceTable, cols: list[Col]):
        self.pt = pt
        self.set_cols(cols)
        self.records: list[_Record] = []
        self.skipped_lines: list[tuple[_Line, str]] = []

    def set_cols(self, cols: list[Col]) -> None:
        self.cols = cols
        self.value_idx = [c.idx for c in cols if c.role in VALUE_ROLES]
        self.budget_idx = [c.idx for c in cols if c.role == "budget"]
        self.ind_idx = [c.idx for c in cols if c.role == "indicator"]
        self.no_idx = [c.idx for c in cols if c.role == "no"]
        self.obj_idx = [c.idx for c in cols if c.role == "objective"]
        self.prog_idx = [c.idx for c in cols if c.role == "program"]
        self.text_idx = [c.idx for c in cols if c.role in TEXT_ROLES]

    # --- line properties -----------------------------------------------------------
    @staticmethod
    def _val_present(c: str) -> bool:
        s = c.strip()
        if not s or _bracketed_remark(s):
            return False  # empty, or only a bracketed remark such as '(180 Kegiatan)'
        return bool(_DIGIT.search(s)) or len(s) <= 12

    def has_values(self, cells: list[str]) -> bool:
        return any(self._val_present(cells[j]) for j in self.value_idx if j < len(cells))

    def has_budget(self, cells: list[str]) -> bool:
        return any(cells[j].strip() and _DIGIT.search(cells[j]) for j in self.budget_idx if j < len(cells))

    def indicator_text(self, cells: list[str]) -> str:
        return " ".join(cells[j] for j in self.ind_idx[:1] if j < len(cells)).strip()

    def has_no(self, cells: list[str]) -> bool:
        return any(cells[j].strip() for j in self.no_idx if j < len(cells))

    def filled_text(self, cells: list[str]) -> list[int]:
        return [j for j in self.text_idx if j < len(cells) and cells[j].strip()]


def _append_cells(rec: _Record, cells: list[str], ln: int) -> None:
    for j, c in enumerate(cells):
        if c.strip():
            if j < len(rec.cells) and rec.cells[j].strip():
                rec.cells[j] = rec.cells[j] + " " + c.strip()
            elif j < len(rec.cells):
                rec.cells[j] = c.strip()
    rec.lines.append(ln)


_NAME_ROLES = ("objective", "indicator", "program")


def _continue_groups(cells: list[str], cols: list[Col], records: list[_Record], asm: _Assembler,
                     line: int) -> list[str]:
    """Carry the wrapped names of a line after a page break back to the rows they continue.

    In a table of several column groups (sasaran indicators beside programme indicators, 004
    Tabel 3.8), the first line after a page break may continue the names of one group
    (``'Perpustakaan (SNP)'`` ending ``'Persentase Perpustakaan Sesuai dengan Standar
    Nasional'`` of L597 at L602) while another group starts a new row on the same line. A
    group of the line continues the latest record of the table that has names in that group
    when the group has no number cell, no value and no amount, and each of its filled cells
    is a name or text cell that record fills too. Those cells are appended to that record and
    blanked here; the rest of the line (possibly nothing) is returned. Tables of one group
    keep the rule of :func:`_records` (a name line after a break continues the row above).
    """
    groups = sorted({c.group for c in cols})
    if len(groups) < 2:
        return cells
    out = list(cells)
    for g in groups:
        gcols = [c for c in cols if c.group == g and c.idx < len(out)]
        filled = [c for c in gcols if out[c.idx].strip()]
        if not filled or not any(c.role in _NAME_ROLES for c in filled):
            continue
        if any(c.role not in TEXT_ROLES for c in filled) or any(c.role == "no" for c in filled):
            continue
        name_idx = [c.idx for c in gcols if c.role in _NAME_ROLES]
        target = None
        for rec in reversed(records):
            if rec.kind in ("header", "section"):
                break
            if any(j < len(rec.cells) and rec.cells[j].strip() for j in name_idx):
                target = rec
                break
        if target is None or not all(c.idx < len(target.cells) and target.cells[c.idx].strip() for c in filled):
            continue
        for c in filled:
            target.cells[c.idx] = target.cells[c.idx] + " " + out[c.idx].strip()
            out[c.idx] = ""
        if line not in target.lines:
            target.lines.append(line)
    return out


#: A chapter page number ending a running footer (``III - 4``, ``II-12``).
_PAGE_REFERENCE = re.compile(r"\s*[IVX]{1,5}\s*-\s*\d{1,3}\s*")
#: Longest cell of a *Lokasi* column that counts as a place name (:func:`_places`).
PLACE_CELL_MAX = 40


def _location_pair(cols: list[Col]) -> tuple[int, int] | None:
    """(indicator column, *Lokasi* column) when the table has both side by side."""
    ind = [c.idx for c in cols if c.role == "indicator"]
    loc = [c.idx for c in cols if LOCATION_HEADER.search(c.label)]
    if ind and loc and abs(ind[0] - loc[0]) == 1:
        return ind[0], loc[0]
    return None


def _places(lines: list[_Line], cols: list[Col]) -> frozenset[str]:
    """The place names of a table: short cells printed both in its *Lokasi* column and, in
    other rows, in its indicator column."""
    pair = _location_pair(cols)
    if pair is None:
        return frozenset()

    def short(j: int) -> set[str]:
        return {x.cells[j].strip() for x in lines
                if j < len(x.cells) and 0 < len(x.cells[j].strip()) <= PLACE_CELL_MAX}
    return frozenset(short(pair[0]) & short(pair[1]))


def _unswap_location(cells: list[str], cols: list[Col], places: frozenset[str]) -> list[str]:
    """A row printing its place under *Indikator* and its indicator under the neighbouring
    *Lokasi* (a Renja plan table whose rows are shifted against the header: Jombang Renja 2023
    Tabel 3.2, ``Jombang | Persentase Tindak Lanjut ...`` under ``Indikator | Lokasi``) gets the
    two cells back in place: the indicator cell is one of the table's places (:func:`_places`)
    and the Lokasi cell is none and longer."""
    if not places:  # checked first: most tables have no place names, and the pair is read per line
        return cells
    pair = _location_pair(cols)
    if pair is None or max(pair) >= len(cells):
        return cells
    i, j = pair
    if cells[i].strip() in places and cells[j].strip() not in places \
            and len(cells[j].strip()) > len(cells[i].strip()):
        cells = list(cells)
        cells[i], cells[j] = cells[j], cells[i]
    return cells


def _records(doc: Document, pt: PerformanceTable) -> tuple[list[_Record], list[tuple[int, str, str]]]:
    """Records (indicator rows, parents, budget lines, sections) and skipped lines
    (line, raw text, reason) of one performance table."""
    lines = _physical_lines(doc, pt)
    cols = pt.cols
    width = len(cols)
    occ = [0.0] * width
    for x in lines:
        for j in range(min(width, len(x.cells))):
            if x.cells[j].strip():
                occ[j] += 1
    occ = [o / max(1, len(lines)) for o in occ]
    asm = _Assembler(pt, cols)
    records: list[_Record] = []
    skipped: list[tuple[int, str, str]] = []
    cur_cols = cols
    prev: _Record | None = None
    header_block: list[list[str]] = []  # label rows of a header printed inside the table
    places = _places(lines, cols)
    for i, x in enumerate(lines):
        raw_cells = x.cells
        nonempty = [c for c in raw_cells if c.strip()]
        if not nonempty or all(_DASHES.fullmatch(c) for c in nonempty):
            continue
        if is_numbering_row(raw_cells) or is_formula_numbering_row(raw_cells):
            if any(cell_has_number(c) for c in raw_cells):
                skipped.append((x.line, doc.line(x.line), "column-numbering row (header furniture)"))
            header_block = []  # the numbering row closes a header
            continue
        if len(nonempty) >= 2 and _PAGE_REFERENCE.fullmatch(nonempty[-1]):
            # a running footer the converter cut into cells ('L | Laporan K | Kinerja Instan |
            # ... | III - 4'): page furniture
            skipped.append((x.line, doc.line(x.line), "page footer (ends in a chapter page number)"))
            continue
        long_label = bool(header_block) and is_long_label_above_numbering(
            raw_cells, lines[i + 1].cells if i + 1 < len(lines) else [])
        if is_label_row(raw_cells) or long_label:
            # a new header inside the table (a second table the reader joined to this one):
            # its label rows down to the numbering row are stacked, as a table's own header
            header_block = header_block + [raw_cells]
            wide = max([width] + [len(h) for h in header_block])
            cur_cols = _assign_roles(header_block, wide, pt.fiscal_year)
            asm.set_cols(cur_cols)
            occ = occ + [0.0] * (len(cur_cols) - len(occ))
            records.append(_Record(x.line, raw_cells, [x.line], kind="header"))
            prev = None
            continue
        header_block = []
        cells = _align(raw_cells[: max(len(cur_cols), len(raw_cells))], cur_cols, occ[: len(cur_cols)]) \
            if len(raw_cells) <= len(cur_cols) else raw_cells
        cells = (cells + [""] * len(cur_cols))[: max(len(cur_cols), len(cells))]
        cells = _unswap_location(cells, cur_cols, places)
        if x.after_break:
            cells = _continue_groups(cells, cur_cols, records, asm, x.line)
            if not any(c.strip() for c in cells):
                continue
        ind = asm.indicator_text(cells)
        vals = asm.has_values(cells)
        bud = asm.has_budget(cells)
        has_no = asm.has_no(cells)
        filled = asm.filled_text(cells)
        mkind, _ = _marker(ind)
        rec_cols = cur_cols

        def new(kind: str) -> _Record:
            r = _Record(x.line, list(cells), [x.line], kind=kind)
            r.cols = rec_cols  # type: ignore[attr-defined]
            r.after_break = x.after_break  # type: ignore[attr-defined]
            return r

        if not vals and not bud:
            only_obj_or_text = ind == "" and not any(cells[j].strip() for j in asm.prog_idx)
            if not ind and not has_no and only_obj_or_text and prev is not None:
                _append_cells(prev, cells, x.line)  # wrapped objective/outcome text
                continue
            # a section heading ('Urusan Tenaga Kerja', 'B', 'A. PROGRAM ...') outside the
            # indicator column, or a programme heading wherever it is printed
            prog_head = len(nonempty) <= 2 and bool(_PROGRAM_HEADING.match(nonempty[-1]))
            if (not ind and len(nonempty) <= 2 and not any(cells[j].strip() for j in asm.obj_idx)) or prog_head:
                r = new("section")
                records.append(r)
                prev = None
                continue
            if ind and prev is not None and not has_no and mkind is None and not ind.rstrip().endswith(":") \
                    and not _SECTION_LABEL.match(ind):
                prev_ind = asm.indicator_text(prev.cells)
                prev_filled = [j for j in filled if j < len(prev.cells) and prev.cells[j].strip()]
                cont = (
                    getattr(x, "after_break", False)
                    or not ind[:1].isupper()
                    or bool(_DANGLING.search(prev_ind))
                    or prev.kind == "parent"
                    or (len(filled) >= 2 and len(prev_filled) == len(filled))
                )
                if cont and not (prev.kind == "parent" and _HEAD_WORD.match(ind) and prev_ind
                                 and not _DANGLING.search(prev_ind) and ind[:1].isupper()
                                 and not getattr(x, "after_break", False)):
                    _append_cells(prev, cells, x.line)
                    continue
            if not ind:
                r = new("other")
                records.append(r)
                prev = r
                continue
            r = new("parent")
            records.append(r)
            prev = r
            continue
        if not vals and bud:
            r = new("budget" if not ind else "indicator")
            records.append(r)
            prev = r
            continue
        # a value line
        if prev is not None and prev.kind == "parent" and not has_no and ind and mkind is None \
                and _DANGLING.search(asm.indicator_text(prev.cells)):
            # the name above goes on here, where its values are printed (a wrapped name whose
            # first line stands alone and ends unfinished: 'Persentase dokumen … yang' /
            # 'disusun tepat waktu'); a lower-case line under a finished one may be a
            # sub-indicator ('Cakupan pelayanan' / 'ibu hamil'), which stays one
            _append_cells(prev, cells, x.line)
            prev.kind = "indicator"
            continue
        if prev is not None and prev.kind == "indicator" and not has_no and not ind \
                and not any(cells[j].strip() for j in asm.obj_idx + asm.prog_idx):
            _append_cells(prev, cells, x.line)  # values without any name: a wrapped cell
            continue
        if prev is not None and prev.kind == "indicator" and not has_no and mkind is None:
            prev_ind = asm.indicator_text(prev.cells)
            prev_vals = [j for j in asm.value_idx if j < len(prev.cells) and asm._val_present(prev.cells[j])]
            mine = [j for j in asm.value_idx if j < len(cells) and asm._val_present(cells[j])]
            complementary = prev_vals and not set(mine) & set(prev_vals)
            if complementary and prev_ind and not (ind and _HEAD_WORD.match(ind)):
                _append_cells(prev, cells, x.line)
                continue
        r = new("indicator")
        records.append(r)
        prev = r
    return records, skipped


# ======================================================================================
# Splitting stacked cells
# ======================================================================================
_ENUM = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*\.\s*(?=[A-Za-z])")


def _enum_items(text: str) -> list[str]:
    ms = list(_ENUM.finditer(text or ""))
    if len(ms) < 2 or [int(m.group(1)) for m in ms] != list(range(1, len(ms) + 1)):
        return []
    if ms[0].start() != 0 and (text or "")[: ms[0].start()].strip():
        return []
    out = []
    for k, m in enumerate(ms):
        end = ms[k + 1].start() if k + 1 < len(ms) else len(text)
        out.append(text[m.start():end].strip())
    return out


def _split_values(text: str, n: int, style: str | None) -> list[str] | None:
    s = _clean_value_text(text)
    toks = find_numbers(s, style)
    if len(toks) != n:
        return None
    return [t.text for t in toks]


def _split_record(rec: _Record, asm: _Assembler, style: str | None) -> list[_Record]:
    cols = rec.cols  # type: ignore[attr-defined]
    ind_j = [c.idx for c in cols if c.role == "indicator"]
    val_j = [c.idx for c in cols if c.role in VALUE_ROLES and c.idx < len(rec.cells) and rec.cells[c.idx].strip()]
    if not ind_j or not val_j:
        return [rec]
    ij = ind_j[0]
    text = rec.cells[ij]
    # '1. A 2. B' with two values per cell
    items = _enum_items(text)
    if items:
        parts = {j: _split_values(rec.cells[j], len(items), style) for j in val_j}
        if all(p is not None for p in parts.values()):
            out = []
            for k, it in enumerate(items):
                r = _Record(rec.line, list(rec.cells), list(rec.lines), kind=rec.kind)
                r.cols = cols  # type: ignore[attr-defined]
                r.after_break = False  # type: ignore[attr-defined]
                r.cells[ij] = it
                for j in val_j:
                    r.cells[j] = parts[j][k]
                r.split_note = f"item {k + 1} of {len(items)} stacked in one cell"  # type: ignore[attr-defined]
                out.append(r)
            return out
    # 'Head | ➤ a ➤ b' with 'x | ➤ 1 ➤ 2' values
    if "➤" in text:
        head, *subs = [p.strip(" |") for p in text.split("➤")]
        subs = [s for s in subs if s]
        vparts = {}
        for j in val_j:
            vh, *vs = [p.strip(" |") for p in rec.cells[j].split("➤")]
            vs = [v for v in vs if v]
            if len(vs) != len(subs):
                vparts = None
                break
            vparts[j] = (vh, vs)
        if subs and vparts:
            main = _Record(rec.line, list(rec.cells), list(rec.lines), kind=rec.kind)
            main.cols = cols  # type: ignore[attr-defined]
            main.after_break = getattr(rec, "after_break", False)  # type: ignore[attr-defined]
            main.cells[ij] = head
            for j in val_j:
                main.cells[j] = vparts[j][0]
            out = [main]
            for k, sname in enumerate(subs):
                r = _Record(rec.line, [""] * len(rec.cells), list(rec.lines), kind=rec.kind)
                r.cols = cols  # type: ignore[attr-defined]
                r.after_break = False  # type: ignore[attr-defined]
                r.cells[ij] = "• " + sname
                for j in val_j:
                    r.cells[j] = vparts[j][1][k]
                r.split_note = "sub-item of a ➤ list"  # type: ignore[attr-defined]
                out.append(r)
            return out
    return [rec]


# ======================================================================================
# Naming, levels and rows
# ======================================================================================
#: Row and name patterns of :func:`_records` and :func:`_rows_from_records`.
_DASHES = re.compile(r"[-–—\s]+")
_PROGRAM_HEADING = re.compile(r"^\W*(?:[A-Z]\s*\.\s*)?program\b", re.I)
_PROGRAM_NAME = re.compile(r"^\W*(?:[A-Z]\.\s*)?program\b", re.I)
_PROGRAM_START = re.compile(r"^\W*program\b", re.I)
_PROGRAM_WORD = re.compile(r"\bprogram\b", re.I)
_PROGRAM_ANYWHERE = re.compile(r"program", re.I)
_LETTER_MARK = re.compile(r"^\W*[A-Z]\.\s*")
_PERCENT_START = re.compile(r"^\W*%")
_PERCENT_CHILD = re.compile(r"^.*— \s*%")
_PARENT_PREFIX = re.compile(r"^.*— ")
_PERCENT_WORD_START = re.compile(r"^\W*(?:persentase|presentase|persentasi|presentasi|prosentase|%|"
                                 r"proporsi|cakupan|rasio)", re.I)
_PERCENT_WORD_NAME = re.compile(r"^\W*(?:persentase|presentase|persentasi|presentasi|prosentase|%)", re.I)


@functools.lru_cache(maxsize=16384)  # pure in the name; a name's year rows and groups ask again
def _is_percent_name(name: str) -> bool:
    """The indicator (its own part after the parent's ``—``, or the whole name) is a
    percentage by its first word (*Persentase*, *Proporsi*, *Cakupan*, *Rasio*, ``%``)."""
    return bool(_PERCENT_WORD_START.match(_PARENT_PREFIX.sub("", name) or name)) or \
        bool(_PERCENT_WORD_NAME.match(name))


_FORMULA_TAIL = re.compile(r"\s*(?:dengan\s+)?formula\s+pengukuran\b.*$", re.I)


@functools.lru_cache(maxsize=65536)  # pure in its arguments (names are cleaned again per row and level)
def _clean_name(text: str, keep_marker: bool) -> str:
    s = text or ""
    s = _WS.sub(" ", _MATH.sub(" ", s) if "$" in s else s).strip()  # a formula needs its dollar signs
    cut = _FORMULA_TAIL.sub("", s).strip() if "formula" in s.lower() else s  # the tail needs the word
    s = cut or s
    kind, rest = _marker(s)
    if kind == "bullet":
        s = rest
    elif kind and not keep_marker:
        s = rest
    s = s.strip(" :;|").strip()
    return s


_UNIT_PAREN = re.compile(r"\(\s*(%|[A-Za-z][a-z]{2,}(?:\s+[a-z]+)?)\s*\)\s*$")


def _unit_from_name(name: str) -> str:
    if _PERCENT_START.match(name or "") or _PERCENT_CHILD.match(name or ""):
        return "%"
    m = _UNIT_PAREN.search(name or "")
    if not m:
        return ""
    u = m.group(1)
    return "%" if u.lower() in ("%", "persen") else u


def _unit_from_value_labels(cols) -> str:
    """The unit the target and realisation columns name in brackets (*Target (%)*,
    *Realisasi (Dokumen)*; not rupiah), else ''.

    >>> _unit_from_value_labels([Col(2, "Target (%)", "target"), Col(3, "Realisasi (%)", "actual")])
    '%'
    >>> _unit_from_value_labels([Col(2, "Target (Rp)", "target")])
    ''
    """
    for c in cols:
        if c.role in ("target", "actual"):
            m = _UNIT_PAREN.search(c.label or "")
            if m and m.group(1).lower() not in ("rp", "rupiah"):
                return _norm_unit(m.group(1))
    return ""


def _norm_unit(u: str) -> str:
    u = (u or "").strip()
    if u.lower() in ("%", "persen", "prosen", "persentase"):
        return "%"
    return u


_IKU = re.compile(r"\bIKU\b|indikator\s+kinerja\s+utama", re.I)


def _year_role(year: int, fy: int, end: bool) -> str:
    if end:
        return "end-of-plan target"
    if year == fy:
        return "reporting year"
    return "comparison year" if year < fy else "plan year"


def extract_indicators(
    doc: Document,
    meta: DocMeta,
    negative_convention: str = "inverse_ratio",
    overrides: pd.DataFrame | None = None,
) -> Extraction:
    """Extract the performance indicators of one document.

    Parameters
    ----------
    doc : Document
        The segmented report (:func:`analysis.documents.read_document`).
    meta : DocMeta
        Its manifest row (province, fiscal year, reporting entity).
    negative_convention : {"inverse_ratio", "two_minus_ratio"}
        Formula for negative-polarity indicators (:func:`analysis.achievement.achievement_pct`).
    overrides : DataFrame, optional
        Reviewed polarity exceptions (:func:`load_polarity_overrides`).

    Returns
    -------
    Extraction
        ``rows`` with :data:`OUTPUT_COLUMNS`, sorted by (doc_id, source_line, fiscal_year,
        indicator); ``skipped`` lists every number-bearing row of a performance table that did
        not become an indicator row, with the reason; ``consumed_lines`` every physical line
        represented in ``rows``.
    """
    fy = int(meta.fiscal_year)
    sections = SectionIndex.of(doc, meta.entity)
    out_rows: list[dict] = []
    skipped: list[Skipped] = []
    consumed: set[int] = set()
    for pt in find_performance_tables(doc, fy):
        table_cells = [c for t in pt.parts for r in t.rows for c in r.cells]
        style = infer_style(table_cells, default=doc.style)
        records, skip_lines = (_records(doc, pt) if pt.side_records is None
                               else (pt.side_records, pt.side_skipped))
        for ln, raw, reason in skip_lines:
            skipped.append(Skipped(doc.doc_id, ln, raw, reason))
        reader_header = {ln for t in pt.parts for ln in t.header_lines}
        for ln in pt.header_lines:
            if ln not in reader_header and is_formula_numbering_row(doc.line_cells(ln)):
                skipped.append(Skipped(doc.doc_id, ln, doc.line(ln), "column-numbering row (header furniture)"))
        if not pt.usable:
            why = ("indicator table whose value columns are parts of the year (triwulan/semester): "
                   f"quarterly values are not the year's target or realisation ({pt.name})"
                   if any(c.role == "period" for c in pt.cols) else
                   "indicator table without target, realisation or capaian columns "
                   f"({pt.name}; e.g. baseline-only or a mapping table)")
            for rec in records:
                for ln in rec.lines:
                    raw = doc.line(ln)
                    if cell_has_number(normalise_cell(raw)) or any(cell_has_number(c) for c in doc.line_cells(ln)):
                        skipped.append(Skipped(doc.doc_id, ln, raw, why))
            continue
        rows, used, sk = _rows_from_records(doc, pt, records, meta, fy, style, sections)
        out_rows.extend(rows)
        consumed |= used
        skipped.extend(sk)

    df = _indicator_frame(out_rows, overrides, negative_convention)
    skipped.sort(key=lambda s: (s.source_line, s.reason))
    seen = set()
    uniq = []
    for s in skipped:
        key = (s.source_line, s.reason)
        if key not in seen and s.source_line not in consumed:
            seen.add(key)
            uniq.append(s)
    return Extraction(df, uniq, consumed)


#: Columns of the indicator rows holding a number or None, and an integer.
_FLOAT_COLUMNS = ("baseline", "target", "actual", "reported_achievement_pct")
_INT_COLUMNS = ("fiscal_year", "source_line")


def _indicator_frame(out_rows: list[dict], overrides: pd.DataFrame | None,
                     negative_convention: str) -> pd.DataFrame:
    """The rows of :func:`extract_indicators` as its frame: :data:`OUTPUT_COLUMNS` typed
    (numbers float, years and lines Int64), sorted by (doc_id, source_line, fiscal_year,
    indicator), reviewed polarity exceptions applied (:func:`apply_polarity_overrides`), the
    achievement computed (:func:`add_achievement`) except on rows whose target and realisation
    are in different units (``unit_mismatch``).

    The frame is built once from plain columns: the rows are sorted in Python (a stable sort
    on the same keys, as the frame's mergesort was: the doc_id is the document's, the lines and
    years are integers, the names strings) and the overrides and the achievement are computed
    on frames of the few columns they read (both work row by row, so before or after sorting is
    the same)."""
    if not out_rows:
        df = pd.DataFrame(columns=OUTPUT_COLUMNS + ["target_upper", "_mismatch"])
        df = add_achievement(apply_polarity_overrides(df, overrides), negative_convention=negative_convention)
        for c in _FLOAT_COLUMNS + ("achievement_pct",):
            df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
        for c in _INT_COLUMNS:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
        return df[OUTPUT_COLUMNS].reset_index(drop=True)
    rows = sorted(out_rows, key=lambda r: (r["doc_id"], r["source_line"], r["fiscal_year"], r["indicator"]))
    data: dict[str, object] = {}
    for c in _FLOAT_COLUMNS + ("target_upper",):
        data[c] = np.array([np.nan if r[c] is None else r[c] for r in rows], dtype=float)
    for c in _INT_COLUMNS:
        data[c] = pd.array([r[c] for r in rows], dtype="Int64")
    pol = apply_polarity_overrides(pd.DataFrame({
        "indicator": [r["indicator"] for r in rows], "polarity": [r["polarity"] for r in rows],
        "polarity_rule": [r["polarity_rule"] for r in rows]}), overrides)
    ach = add_achievement(pd.DataFrame({
        "target": data["target"], "actual": data["actual"], "target_upper": data["target_upper"],
        "polarity": pol["polarity"]}), negative_convention=negative_convention)
    value = ach["achievement_pct"].to_numpy(dtype=float, copy=True)
    method = ach["achievement_method"].to_numpy(dtype=object, copy=True)
    mismatch = np.array([bool(r["_mismatch"]) for r in rows], dtype=bool)
    value[mismatch] = np.nan
    method[mismatch] = "unit_mismatch"
    data.update(polarity=pol["polarity"].to_numpy(dtype=object), polarity_rule=pol["polarity_rule"].to_numpy(dtype=object),
                achievement_pct=value, achievement_method=method,
                negative_convention=ach["negative_convention"].to_numpy(dtype=object))
    return pd.DataFrame({c: data[c] if c in data else [r[c] for r in rows] for c in OUTPUT_COLUMNS})


#: A column label naming the objectives (sasaran / tujuan) together with the indicators.
_OBJECTIVE_IN_LABEL = re.compile(r"\b(?:sasaran|tujuan)\b", re.I)


def _rows_from_records(doc, pt, records, meta, fy, style, sections):
    out: list[dict] = []
    used: set[int] = set()
    skipped: list[Skipped] = []
    caption_ctx = f"{pt.table.caption or ''} {pt.table.context or ''}"
    iku = bool(_IKU.search(caption_ctx))
    # state per group
    stacks: dict[int, list[tuple[str, str, bool, _Record]]] = {}
    objective: dict[int, str] = {}
    program: dict[int, str] = {}
    keg_parent: dict[int, bool] = {}
    section = ""
    expanded: list[_Record] = []
    asm = _Assembler(pt, pt.cols)
    for rec in records:
        if rec.kind == "indicator" and hasattr(rec, "cols"):
            expanded.extend(_split_record(rec, asm, style))
        else:
            expanded.append(rec)

    # the groups of a record's columns and each group's columns, per column list: the records
    # share a few lists (the table's, a header's inside the table), which live as long as this
    # call, so their ids stay theirs
    layouts: dict[int, tuple[list[int], dict[int, list[Col]]]] = {}
    for rec in expanded:
        if rec.kind == "header":
            stacks.clear()
            objective.clear()
            program.clear()
            keg_parent.clear()
            continue
        cols = getattr(rec, "cols", pt.cols)
        layout = layouts.get(id(cols))
        if layout is None:
            gs = sorted({c.group for c in cols})
            layout = layouts[id(cols)] = (gs, {g: [c for c in cols if c.group == g] for g in gs})
        groups, group_cols = layout
        if rec.kind == "section":
            text = " ".join(c for c in rec.cells if c.strip()).strip()
            section = text
            stacks.clear()
            objective.clear()
            keg_parent.clear()
            if _PROGRAM_WORD.search(text):
                for g in groups:
                    program[g] = _clean_name(_LETTER_MARK.sub("", text), False)
            else:
                program.clear()
            no_cols = {c.idx for c in cols if c.role == "no"}
            if any(cell_has_number(c) for j, c in enumerate(rec.cells) if j not in no_cols):
                for ln in rec.lines:
                    skipped.append(Skipped(doc.doc_id, ln, doc.line(ln), "section heading row with a number, no indicator"))
            continue
        emitted_any = False
        for g in groups:
            gcols = group_cols[g]
            cell = {c.idx: (rec.cells[c.idx] if c.idx < len(rec.cells) else "") for c in gcols}
            no_txt = " ".join(cell[c.idx] for c in gcols if c.role == "no").strip()
            obj_txt = " ".join(cell[c.idx] for c in gcols if c.role == "objective").strip()
            prog_txt = " ".join(cell[c.idx] for c in gcols if c.role == "program").strip()
            ind_cols = [c for c in gcols if c.role == "indicator"]
            ind_txt = cell[ind_cols[0].idx].strip() if ind_cols else ""
            if obj_txt:
                objective[g] = _clean_name(obj_txt, False)
            if prog_txt:
                program[g] = _clean_name(prog_txt, False)
                if _PROGRAM_NAME.match(prog_txt):
                    keg_parent[g] = False
            stack = stacks.setdefault(g, [])
            if no_txt or obj_txt or prog_txt:
                stack.clear()
            if not ind_txt:
                if rec.kind in ("budget", "other", "parent") and prog_txt and \
                        not _PROGRAM_NAME.match(prog_txt):
                    keg_parent[g] = True
                continue
            mkind, _ = _marker(ind_txt)
            has_vals = any(cell[c.idx].strip() and not _bracketed_remark(cell[c.idx].strip())
                           for c in gcols if c.role in VALUE_ROLES)
            is_parent = rec.kind == "parent" or not has_vals
            own = _clean_name(ind_txt, keep_marker=True)
            if mkind is None:
                while stack and stack[-1][0] == "none" and stack[-1][2]:
                    stack.pop()
                top_parent = stack[-1] if stack else None
                if top_parent and not top_parent[2] and not _HEAD_WORD.match(own) and not no_txt:
                    chain = [s[1] for s in stack]
                    entry_kind = "none"
                else:
                    stack.clear()
                    chain = []
                    entry_kind = "none"
                    own = _clean_name(ind_txt, keep_marker=False)
            else:
                kinds = [s[0] for s in stack]
                if mkind in kinds:
                    del stack[kinds.index(mkind):]
                chain = [s[1] for s in stack]
                entry_kind = mkind
                if not chain:
                    own = _clean_name(ind_txt, keep_marker=False)
            # a value-less 'none' entry under a value-less parent replaces nothing
            if entry_kind == "none" and stack and stack[-1][0] == "none" and stack[-1][2]:
                stack.pop()
                chain = [s[1] for s in stack]
            stack.append((entry_kind, own, has_vals and not is_parent, rec))
            if is_parent:
                if ind_cols and _OBJECTIVE_IN_LABEL.search(ind_cols[0].label) and not obj_txt \
                        and OBJECTIVE_WORDING.match(own):
                    # one column for the objectives and their indicators ('Sasaran Strategis /
                    # Indikator Kinerja'): a row without values worded as an objective
                    # ('Meningkatnya …') is the objective of the indicators below it
                    objective[g] = _clean_name(ind_txt, False)
                continue
            name = " — ".join([_clean_name(c, False) if k == 0 else c for k, c in enumerate(chain)] + [own]) \
                if chain else own
            # level
            has_prog_col = any(c.role == "program" for c in gcols)
            prog_name = program.get(g, "")
            if has_prog_col:
                if _PROGRAM_START.match(prog_name) and (prog_txt or not keg_parent.get(g)):
                    level = "program"
                elif keg_parent.get(g):
                    level = "sub_kegiatan"
                else:
                    level = "kegiatan"
            elif ind_cols and _PROGRAM_ANYWHERE.search(ind_cols[0].label):
                level = "program"
            elif iku:
                level = "iku"
            else:
                level = "sasaran"
            obj = objective.get(g) or (prog_name if has_prog_col else "") or ""
            rows = _value_rows(rec, gcols, cell, name, style, fy, cols)
            if not rows:
                continue
            entity = sections.at(rec.line).entity
            # a unit printed beside the target and again beside the realisation is one unit
            sat = " ".join(dict.fromkeys(cell[c.idx].strip() for c in gcols if c.role == "unit" and cell[c.idx].strip()))
            # one polarity for every year row: a target printed as a bound says it ('≤ 5 hari'),
            # else the name's wording
            pol, rule = polarity_from_target([r.get("target_text") for r in rows]) or infer_polarity(name)
            head_unit = _unit_from_value_labels(gcols)
            for r in rows:
                unit = _norm_unit(sat) or r.pop("_unit") or head_unit or _unit_from_name(name)
                r.pop("_unit", None)
                out.append({
                    "doc_id": meta.doc_id,
                    "province": meta.province,
                    "entity": entity,
                    "level": level,
                    "objective": obj,
                    "indicator": name,
                    "unit": _norm_unit(unit),
                    "polarity": pol,
                    "polarity_rule": rule,
                    "source_table": pt.name,
                    "source_line": rec.line,
                    **r,
                })
            emitted_any = True
            used.update(rec.lines)
            for s in stack[:-1]:
                used.update(s[3].lines)
        if not emitted_any and rec.kind != "parent":
            nums = [ln for ln in rec.lines if any(cell_has_number(c) for c in doc.line_cells(ln))]
            if nums:
                ind_cells = [(rec.cells[c.idx] if c.idx < len(rec.cells) else "").strip()
                             for c in cols if c.role == "indicator"]
                if any(TOTAL_CELL.fullmatch(c) for c in rec.cells if c.strip()) \
                        and not any(ind_cells[1:]) and (not ind_cells or len(ind_cells[0]) < 30):
                    reason = "total row (amounts only, no indicator)"
                elif rec.kind == "budget" and not any(
                        (rec.cells[c.idx] if c.idx < len(rec.cells) else "").strip()
                        for c in cols if c.role in ("program", "indicator", "objective")):
                    reason = "amount-only row without a name (e.g. a total; see budget.csv)"
                elif rec.kind == "budget":
                    reason = "budget line (programme/kegiatan amounts, no performance indicator; see budget.csv)"
                elif not any(c.strip() for c in rec.cells[: len(cols)] if c) or not any(
                        (rec.cells[c.idx] if c.idx < len(rec.cells) else "").strip() for c in cols if c.role == "indicator"):
                    reason = "row without an indicator name (e.g. a total or an amount-only line)"
                else:
                    reason = "indicator without a target, realisation or capaian value (numbers only in other columns)"
                for ln in nums:
                    skipped.append(Skipped(doc.doc_id, ln, doc.line(ln), reason))
    return out, used, skipped


def _value_rows(rec, gcols, cell, name, style, fy, cols) -> list[dict]:
    """One dict per year for a record's value cells in one column group."""
    pct_name = _is_percent_name(name)
    parsed: dict[int, CellValue] = {}
    for c in gcols:
        if c.role in VALUE_ROLES:
            parsed[c.idx] = parse_value_cell(cell[c.idx], style)
    row_pct = pct_name or any(v.status == "ok" and v.is_percent for v in parsed.values())
    if row_pct:
        for k, v in parsed.items():
            if v.status in ("multiple",) or (v.status == "ok" and not v.is_percent and "%" in cell[k]):
                parsed[k] = parse_value_cell(cell[k], style, prefer_percent=True)
    by_year: dict[tuple[int, bool], dict] = {}
    baseline_cells = [c for c in gcols if c.role == "baseline"]
    target_years = {c.year for c in gcols if c.role == "target"}
    progress = [c for c in gcols if c.role == "progress"]
    for c in gcols:
        if c.role not in ("target", "actual", "achievement", "end_target"):
            continue
        end = c.role == "end_target"
        if end and c.year in target_years:
            continue
        y = c.year if c.year is not None else fy
        slot = by_year.setdefault((y, end), {})
        key = {"target": "target", "end_target": "target", "actual": "actual", "achievement": "achv"}[c.role]
        if key not in slot:
            slot[key] = c.idx
    if progress:
        ends = [k for k in by_year if k[1]]
        key = ends[0] if ends else (max(by_year)[0] if by_year else fy, False)
        by_year.setdefault(key, {})["progress"] = progress[0].idx
    if not by_year and baseline_cells:
        by_year[(fy, False)] = {}
    rows = []
    base_val = None
    base_unit = ""
    for c in baseline_cells:
        v = parsed[c.idx]
        if cell[c.idx].strip():
            base_val = v.value
            base_unit = v.unit
            break
    years_sorted = sorted(by_year)
    base_key = next((k for k in years_sorted if k == (fy, False)), None) or \
        next((k for k in reversed(years_sorted) if not k[1]), None)
    for key in years_sorted:
        slot = by_year[key]
        y, end = key
        tcell = cell[slot["target"]] if "target" in slot else ""
        acell = cell[slot["actual"]] if "actual" in slot else ""
        ccell = cell[slot["achv"]] if "achv" in slot else ""
        pcell = cell[slot["progress"]] if "progress" in slot else ""
        has_base = key == base_key and any(cell[c.idx].strip() for c in baseline_cells)
        if not any(_clean_value_text(x).lower() not in _MISSING for x in (tcell, acell, ccell, pcell)) \
                and not has_base:
            continue  # nothing printed for this year but dashes
        tv = parsed[slot["target"]] if "target" in slot else _NO_VALUE
        av = parsed[slot["actual"]] if "actual" in slot else _NO_VALUE
        cv = parsed[slot["achv"]] if "achv" in slot else (
            parsed[slot["progress"]] if "progress" in slot else _NO_VALUE)
        if "achv" not in slot and "progress" not in slot and key == base_key \
                and not any(c.role == "achievement" for c in gcols):
            # a bare percentage printed in the column right after the values (an 'Outcome'
            # column used for the capaian) is the printed achievement
            # (after the year's values: the column after a plan period's progress or end
            # target is no capaian of the year)
            last_v = max((c.idx for c in gcols if c.role in VALUE_ROLES), default=-1)
            if any(c.idx == last_v and c.role in ("progress", "end_target") for c in gcols):
                last_v = -2
            # (a column headed by a year alone holds that year's value, not the capaian)
            nxt = [c for c in gcols if c.idx == last_v + 1 and c.role == "text" and not YEAR_LABEL.match(c.label)]
            if nxt and _is_bare_number(cell[nxt[0].idx]):
                cv = parse_value_cell(cell[nxt[0].idx], style)
        tv, av = _bracketed_scores(tv, av, cv, ccell, style)
        mismatch = (
            tv.status == "ok" and av.status == "ok" and tv.is_percent != av.is_percent
            and bool((tv.unit if not tv.is_percent else av.unit).strip())
        )
        unit = tv.unit or av.unit or (base_unit if has_base else "")
        rows.append({
            "fiscal_year": y,
            "baseline": base_val if has_base else None,
            "target": tv.value,
            "target_upper": tv.upper,
            "actual": av.value,
            "reported_achievement_pct": cv.value,
            "target_text": tcell,
            "actual_text": acell,
            "year_role": _year_role(y, fy, end),
            "_unit": unit,
            "_mismatch": mismatch,
        })
    return rows


def _bracketed_number(raw: str, style: str | None) -> float | None:
    """The one number a value cell prints in brackets beside a label with its own number
    (``Level 3 (3,35)`` → 3.35), else None."""
    s = _clean_value_text(raw)
    spans = _bracket_spans(s)
    toks = find_numbers(s.replace("(", " ").replace(")", " "), style)
    inside = [t for t in toks if any(a <= t.start and t.end <= b for a, b in spans)]
    if len(inside) != 1 or len(inside) == len(toks) or not inside[0].parsed.ok:
        return None
    return inside[0].parsed.value


def _printed_ratio_matches(num: float, den: float, printed: float, printed_text: str) -> bool:
    """True when 100 × ``num`` / ``den`` gives the printed percentage, rounded or truncated to
    the decimals it is printed with (within one unit of its last decimal)."""
    if not den:
        return False
    m = re.search(r"\d[.,](\d+)", printed_text)
    unit = 10.0 ** -(len(m.group(1)) if m else 0)
    return abs(100 * num / den - printed) <= unit


def _bracketed_scores(tv: CellValue, av: CellValue, cv: CellValue, ccell: str,
                      style: str | None) -> tuple[CellValue, CellValue]:
    """Target and realisation printed as a level or grade with its score in brackets
    (``Level 3 (3,35)`` | ``Level 3 (3,157)`` | ``94,24%``, as Inspektorat Jombang's LKjIP 2022
    Tabel 3.2 prints SPIP maturity): :func:`parse_value_cell` reads the number outside the
    brackets (3 and 3); when the printed capaian is the ratio of the bracketed scores
    (3,157 / 3,35 = 94,24 %) and not of the outside numbers, the scores are the values
    (noted). Otherwise the cells are read as before."""
    if not (tv.status == av.status == cv.status == "ok" and cv.value and tv.value is not None
            and av.value is not None and "bracketed" in tv.note and "bracketed" in av.note):
        return tv, av
    tb, ab = _bracketed_number(tv.raw, style), _bracketed_number(av.raw, style)
    if tb is None or ab is None or _printed_ratio_matches(av.value, tv.value, cv.value, ccell) \
            or not _printed_ratio_matches(ab, tb, cv.value, ccell):
        return tv, av
    note = "the score in brackets: the printed capaian is its ratio"
    return (dataclasses.replace(tv, value=tb, unit="", note=note),
            dataclasses.replace(av, value=ab, unit="", note=note))


# ======================================================================================
# Report helper
# ======================================================================================
_COUNT_COLUMNS = ["doc_id", "entity", "indicators", "rows", "rows_numeric_target_actual", "rows_with_achievement"]


def count_indicators(df: pd.DataFrame) -> pd.DataFrame:
    """Counts for the extraction report, per document and entity (plus one ``(all)`` row
    per document): distinct indicators, rows, rows with a numeric target and realisation,
    rows with a recomputed achievement.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["001", "001", "001", "002"], "entity": ["B", "A", "B", "A"],
    ...                    "indicator": ["x", "y", "x", None], "target": [1.0, None, 2.0, 3.0],
    ...                    "actual": [1.0, 2.0, 2.0, 3.0], "achievement_pct": [100.0, None, None, 100.0]})
    >>> count_indicators(df).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['001', '(all)', 2, 3, 2, 1], ['001', 'A', 1, 1, 0, 0], ['001', 'B', 1, 2, 2, 1],
     ['002', '(all)', 0, 1, 1, 1], ['002', 'A', 0, 1, 1, 1]]
    """
    cols = _COUNT_COLUMNS
    if df is None or df.empty:
        return pd.DataFrame(columns=cols)
    pair = (pd.to_numeric(df["target"], errors="coerce").notna()
            & pd.to_numeric(df["actual"], errors="coerce").notna())
    ach = pd.to_numeric(df["achievement_pct"], errors="coerce").notna()
    if df["doc_id"].isna().any() or df["entity"].isna().any():
        return _count_indicators_frame(df, pair, ach)  # groupby drops rows with a missing key
    # Plain dictionaries instead of two groupby-aggregations (issue 15): the same counts
    # ('nunique' counts the distinct non-missing indicators, 'size' every row, the sums the
    # True flags), and the same order (keys sorted, each document's '(all)' row before its
    # entities unless an entity sorts before '(all)': a stable sort of the '(all)' rows first).
    groups: dict[tuple, list] = {}
    for key_doc, key_entity, ind, p, a in zip(df["doc_id"].tolist(), df["entity"].tolist(),
                                              df["indicator"].tolist(), pair.tolist(), ach.tolist()):
        for key in ((key_doc, None), (key_doc, key_entity)):
            g = groups.get(key)
            if g is None:
                g = groups[key] = [set(), 0, 0, 0]
            if not pd.isna(ind):
                g[0].add(ind)
            g[1] += 1
            g[2] += p
            g[3] += a
    per_doc = [(doc, "(all)", len(g[0]), g[1], g[2], g[3])
               for (doc, entity), g in sorted(groups.items(), key=lambda kv: kv[0][0]) if entity is None]
    per_entity = [(doc, entity, len(g[0]), g[1], g[2], g[3])
                  for (doc, entity), g in sorted((kv for kv in groups.items() if kv[0][1] is not None),
                                                 key=lambda kv: kv[0])]
    rows = sorted(per_doc + per_entity, key=lambda r: (r[0], r[1]))
    out = pd.DataFrame(rows, columns=cols)
    for c in cols[2:]:
        out[c] = out[c].astype(int)
    return out


def _count_indicators_frame(df: pd.DataFrame, pair: pd.Series, ach: pd.Series) -> pd.DataFrame:
    """:func:`count_indicators` with pandas' groupby (rows with a missing key are dropped)."""
    cols = _COUNT_COLUMNS
    d = df.copy()
    d["_pair"] = pair
    d["_ach"] = ach

    counts = {"indicators": ("indicator", "nunique"), "rows": ("indicator", "size"),
              "rows_numeric_target_actual": ("_pair", "sum"), "rows_with_achievement": ("_ach", "sum")}
    per_entity = d.groupby(["doc_id", "entity"], sort=True).agg(**counts).reset_index()
    per_doc = d.groupby(["doc_id"], sort=True).agg(**counts).reset_index()
    per_doc["entity"] = "(all)"
    out = pd.concat([per_doc[cols], per_entity[cols]], ignore_index=True)
    for c in cols[2:]:
        out[c] = out[c].astype(int)
    return out.sort_values(["doc_id", "entity"], kind="mergesort").reset_index(drop=True)
