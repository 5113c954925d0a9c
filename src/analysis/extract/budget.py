"""Budget lines (pagu/anggaran vs realisasi) from a segmented report → ``budget.csv`` rows.

Output: one row per budget line with the contract's :data:`~.base.BUDGET_COLUMNS` plus

* ``budget_basis`` — what ``budget`` is: ``revised`` (APBD perubahan / final pagu),
  ``original`` (murni, pre-revision) or ``planned`` (multi-year plan);
* ``origin`` — ``table`` or ``narrative`` (parsed from prose; filter these out if you only
  trust tables);
* ``value_note`` — why a value is empty or how it was obtained (scale, malformed number,
  recovery from a printed percentage, realigned columns, …);
* ``recovered_from_pct`` — True when a value was computed from a printed percentage
  (``value = pct × other / 100``; see ``value_note``).

``absorption_pct = 100 * realization / budget`` (denominator: the ``budget`` column, i.e. the
revised budget unless ``budget_basis`` says otherwise; DESIGN.md "Absorption").
``reported_pct`` is the percentage as printed.

Rules (all generic: tables are found by header words, sections by headings; no line numbers
or document ids)
------------------------------------------------------------------------------------------
Table kinds (:func:`_table_kind`, from the header, caption and the heading above):

* *DPRD recommendation* (``rekomendasi DPRD`` / ``tindak lanjut``), *policy* (``kebijakan
  strategis`` / ``dasar hukum``), *performance* (``indikator`` without budget columns) and
  *disbursement* (``SP2D``/realisasi only) tables are not budget tables: their amount cells are
  listed in ``skipped`` with the reason.
* *Aggregate* (``sumber pendapatan`` / ``jenis belanja`` / ``jenis pembiayaan`` /
  ``sumber dana`` + realisasi): level ``revenue`` / ``expenditure_type`` / ``financing`` from the
  header word, ``TOTAL``/``JUMLAH`` rows → ``total``; parents from the code hierarchy
  (roman > letter > digit).
* *Murni vs perubahan* (``jenis APBD`` transposed tables, or a cell listing
  ``Pendapatan Daerah: Rp …`` per APBD version): fills ``budget_original`` of the aggregate row
  with the same revised amount and name; unmatched items become their own rows.
* *Urusan × perangkat daerah* (``perangkat daerah`` + ``urusan`` + realisasi): roman-coded
  rows → ``urusan`` (group), digit-coded → ``urusan`` (parent = group), uncoded → ``opd``
  (entity = the OPD, parent = urusan), ``TOTAL`` → ``total``; the budget is the column saying
  *setelah perubahan* (else *anggaran*/*belanja*).
* *Explicit columns* (a budget column — *anggaran*, *pagu*, *target … (Rp)* — and a realisation
  column, no ``Input`` cells): one row per table row.
* *Programme pair tables* (chapter III "3.1.2": *target* + *realisasi* columns holding
  ``Input: Rp X`` / ``Input: Rp Y (Z%)``, bare amounts or ``Rp`` amounts): processed per
  physical line. The first money cell is the target, the next the realisation; the label is
  the cell in the *uraian/program/kegiatan* column (shifted with the money cells when a page
  is printed one column off). Label lines without amounts are held; they become the name of
  the next amount line when that line has no label of its own, when an ``Input:`` marker
  opened them, or when they start with a level word (``Program``, ``Kegiatan``,
  ``Sub Kegiatan``, a list number); otherwise they are the wrapped end of the previous name.
  A label naming several items (``Program: … Kegiatan: … Sub Kegiatan: 1. … 2. …``) is split
  and paired in order with the stacked amounts of the cell; an amount line without a label takes
  the next unused item of the previous label. Vertical layouts (name line, then
  ``Input ⇥ target ⇥ realisasi``) are the same rule. Tables with separate
  *PROGRAM/KEGIATAN/SUB KEGIATAN* columns take the level from the column.
* *Budget-only* tables (a budget column, no realisation; e.g. performance agreements): level
  ``program`` when the name column/sub-header says *Program*. ``budget_basis`` is ``revised``
  when every amount equals a revised budget printed beside a realisation elsewhere in the
  document, else ``original`` (the agreement was signed before the revision) and the amount is
  also put in ``budget_original``.
  A planned budget column whose label or spanning header names a year (*Rencana Tahun (2023)*
  over *Pagu Indikatif*; :func:`_plan_year_columns`) gives that ``fiscal_year``; a budget
  column of a later year naming a plan (*Prakiraan Maju Tahun 2024 | Kebutuhan Dana/Pagu
  Indikatif*, the Renja plan form) gives a second row per line for that year
  (:func:`_forward_rows`: same level, name and parent, noted as a forward estimate, never summed
  with the plan year).
* *Multi-year plans* (≥ 2 ``Tahun 20xx`` column groups with *anggaran*): one row per item and
  year, ``budget_basis='planned'``, ``fiscal_year`` = the column's year (from the shared column
  roles), ``(Rp.000)``/``ribu`` headers multiply by 1000. A row whose amounts sit in target
  columns is realigned by the smallest shift that puts every amount into an *anggaran* column
  (ties: shift left). A programme printed with its own amounts is a ``program`` row and the
  parent of the rows below it; a forward-estimate year (*Prakiraan Maju*) is noted.
* *Kegiatan listed without amounts*: in an explicit-column table whose amounts sit on the
  programme rows only, a programme row merged from several printed lines keeps its own name; the
  lines that are titles of their own (:func:`_titles_listed_below`) are listed in its
  ``value_note``, not output (no amounts).

Levels in programme tables (:func:`_LevelState.level_for`): explicit words win (``Urusan``,
``Program``/``PROGRAM``, ``Sub Kegiatan``, ``Kegiatan``); ``Jumlah``/``Total`` → total; in
tables with an indicator column, rows carrying an indicator are ``sub_kegiatan``; otherwise an
unmarked row with the same amounts as the row above is its child; otherwise it takes the level
already used by rows with the same numbering style (``a.``, ``1.``, ``I``, ``A``, bullets
``▪ • - ➤``, none) in this table, else one level below the row above (``kegiatan`` when there is
none). Parents: ``sub_kegiatan → kegiatan → program → urusan`` (the last row of the level above).
A level word glued to a list number (``2.Sub Kegiatan:``) counts as a level word. Levels chosen
without a level word (numbering style, position, same amounts, indicator column) are *guessed*
and may be changed by the hierarchy repair below; levels from words or from a level column are
*fixed*.

Hierarchy repair (:func:`_repair_hierarchy`, after the repeated-row removal): within one table
of one entity (the outline rows — urusan/program/kegiatan/sub_kegiatan — of one table kind, in
line order) the amounts decide where the words do not:

* *Sum rule.* A row at level L whose budget equals the sum of the budgets of the consecutive
  rows that follow it is their parent; those rows are at level L+1, and each of them may itself
  be the parent of the consecutive rows after it by the same rule (so a programme's kegiatan
  are found together with their sub-kegiatan). "Equals" means within 1 rupiah plus, for a
  budget recovered from a printed percentage, the rounding of that percentage
  (``budget × 0.005 / pct``). Rows are tried top-down; a proven row's run is not re-examined.
  Among the readings of a run, a row is first read as the parent of the rows after it, then
  as a leaf; the first reading whose sums close is taken.
* *Only child.* A run of one row proves the relation only when that row also has the parent's
  realisation (when both are printed): a row with the same budget and realisation as the row
  above is its only child.
* *Limits of a run.* A run stops before a row whose words fix it at the parent's level or higher,
  before a row printed right after a heading of that level or higher without amounts, and fails
  at a row with an unreadable (empty) or negative budget. A row whose words fix its level is only
  accepted at that level; an unmarked row right below a heading without amounts (``Kegiatan : X``
  with no amount) stays below that heading. Budgets must be positive for a row to be a parent.
* *Too large for its parent.* A guessed row, outside any proven run, whose budget exceeds the
  budget of its parent row cannot be its child: it takes the parent's level and parent.
* Rows outside the proven runs whose parent row changed level, or that had no parent and now
  have a repaired row of the level above before them, get their parent again from the position
  (the last row of the level above). Parent names follow the final name of the parent row (a
  name completed by a wrapped line, or split, after its children were read).

Every level or parent changed by these rules is recorded in ``value_note`` ("… set by the amount
rule: …", "parent re-derived …"). Rows whose sums do not close are left as the words and the
numbering put them: a programme whose kegiatan do not add up is a fact of the document (the
anomaly checks report it), not a reason to move rows.

Names: the printed label without its leading code (kept in ``code``), without level prefixes
such as ``Program :``/``Kegiatan 2 :`` and without a leading ``Kegiatan``/``Sub Kegiatan`` word
(``PROGRAM …`` is kept: it is part of programme names). Budgets printed per performance
indicator (a sum of programmes, e.g. an efficiency table) are recorded at level ``program`` with
a note, as the contract has no objective level. Entities: :class:`~.sections.SectionIndex` (agency of the
chapter-III section) for every table row, falling back to the manifest entity when the section
context comes from a table of contents or is absent; Tabel-2.4-like OPD rows use the OPD name.

Narrative sentences (``… anggaran … sebesar Rp X dengan realisasi … Rp Y atau Z%``,
``… terealisasi sebesar Rp Y atau Z% dari target Rp X``, ``… direalisasi sebesar Rp X atau
Y% dari rencana … Rp Z``, ``pagu awal … Rp A … pagu … Rp B … realisasi … Rp C``): each amount
is classified by the last keyword before it (realisation / budget / original / other such as
*defisit*, *sisa*); realisations are paired with the adjacent budget (forward when *dari*
follows). A narrative pair whose budget and realisation equal a table row of the same document
is not output (listed in ``skipped`` as a repeat); one that differs is kept with a note.

Repeated table rows: a row with the same table, code, entity, level, name and amounts as an
earlier one (a table printed twice), or with the same amounts (budget and realisation both
printed) and a name that differs only by a typo (≥ 95 % similar) or by trailing text (one name a
prefix of the other, ≥ 20 characters), is not output (listed in ``skipped``).

Malformed numbers (numbers.py ``malformed``/``ambiguous``, a rupiah amount with three decimals)
leave the value empty with the raw text in ``value_note``; when the other amount and the
printed percentage are readable the value is recovered (``recovered_from_pct``).

Nothing is silently dropped: every table row with an amount cell (:func:`amount_cells`) is in
``consumed_lines`` or in ``skipped`` (:func:`count_amount_cells` audits this); table lines with an
amount or a percentage that were merged into a row printed on another line are also listed in
``skipped`` with the row they went into.

Counts per level and document, and known limitations: ``docs/budget_extraction.md``.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .documents import PAGE_MARKER, Document, Row, Table, ends_unfinished, is_numbering_row, normalise_cell
from .numbers import (GROUPED_AMOUNT_SCALE_BELOW, SCALE_WORDS, ParsedNumber, find_numbers, grouped_reading,
                      infer_style, parse_amount, parse_percent)
# the token scan of find_numbers, for the first token alone (:func:`_first_number`)
from .numbers import NumberToken, _number_parses
from .numbers import _clean as _numbers_clean
from .base import BUDGET_COLUMNS, DocMeta, Extraction, Skipped
from .sections import SectionIndex, is_agency_name
from .budget_lists import budget_from_lists
from .vocabulary import (
    ABSORPTION_PLAN_WORDS,
    ABSORPTION_WORDS,
    FINANCE_WORDS,
    FUNDING_SOURCE_WORDS,
    AGENCY_COLUMN_HEADER,
    AGENCY_NAME_COLUMN_WORDS,
    ACCOUNT_BALANCE_WORDS,
    ACCOUNT_CLASS_LEVELS,
    ACCOUNT_CODE_WORDS,
    BUDGET_ROW_KINDS,
    TOTAL_NAME,
    BUDGET_TABLE_KIND_WORDS,
    AGGREGATE_NAME_WORDS,
    BUDGET_WORDS,
    CHANGE_KIND_COLUMN_WORDS,
    CHANGE_TEXT_COLUMN_LABEL,
    DPRD_CAPTION_WORDS,
    INDICATOR_WORDS,
    OPD_NAME_WORDS,
    PROGRAMME_NAME_WORDS,
    INPUT_WORD,
    ITEM_NAME_WORDS,
    LEVEL_COLUMN_LABELS,
    FORWARD_ESTIMATE_WORDS,
    PLAN_BUDGET_WORDS,
    PLAN_YEAR_WORD,
    POLICY_WORDS,
    REALISATION_WORDS,
    REGION_NAME_PREFIXES,
    RENJA_TARGET_WORDS,
    RENSTRA_WORDS,
    CODE_COLUMN_WORDS,
    REVISED_BUDGET_WORDS,
    ORIGINAL_BUDGET_WORDS,
    TOTAL_SPENDING_WORDS,
    AMOUNT_UNIT,
    AMOUNT_UNIT_FACTORS,
    WRAP_WIDTH_SLACK,
    canonical_header,
)
from .yearly import TransposedTable, caption_title, heading_above, name_from_caption, read_transposed
from .columns import (
    CONTENT_SHARE,
    YEAR_LABEL,
    RUPIAH_UNIT,
    TableHead,
    column_labels,
    column_roles,
    column_stacks,
    document_split_header,
    header_rows,
    is_formula_numbering_row,
    is_label_row,
    ratio_order,
)

__all__ = [
    "LEVELS",
    "EXTRA_COLUMNS",
    "OUTPUT_COLUMNS",
    "amount_cells",
    "count_amount_cells",
    "extract_budget",
]

EXTRA_COLUMNS = ["budget_basis", "origin", "value_note", "recovered_from_pct"]
OUTPUT_COLUMNS = BUDGET_COLUMNS + EXTRA_COLUMNS

LEVELS = (
    "total", "urusan", "opd", "program", "kegiatan", "sub_kegiatan",
    "revenue", "expenditure_type", "financing",
)
_OUTLINE = ("urusan", "program", "kegiatan", "sub_kegiatan")
_DEPTH = {lvl: i for i, lvl in enumerate(_OUTLINE)}
_ABOVE = {"sub_kegiatan": "kegiatan", "kegiatan": "program", "program": "urusan"}


# ======================================================================================
# Output record
# ======================================================================================
@dataclass
class _Rec:
    """One budget line under construction."""

    entity: str
    level: str
    name: str
    source_table: str
    source_line: int
    code: str = ""
    parent: str = ""
    budget: float | None = None
    budget_original: float | None = None
    realization: float | None = None
    reported_pct: float | None = None
    basis: str = "revised"
    origin: str = "table"
    notes: list[str] = field(default_factory=list)
    recovered: bool = False
    lines: set[int] = field(default_factory=set)
    fiscal_year: int | None = None
    kind: str = ""
    #: the planning word of the budget column's label or the caption (a plan, not an allocation)
    plan_word: str = ""
    #: 'words' when printed words/columns fix the level, 'guess' when it came from numbering
    #: style or position (only guessed levels may be changed by :func:`_repair_hierarchy`)
    level_src: str = "words"
    #: the output row whose name is ``parent`` (None when the parent is a heading without amounts)
    parent_rec: _Rec | None = field(default=None, repr=False, compare=False)
    #: highest outline level of headings without amounts printed between the previous row and this one
    heading: str | None = None
    #: forward estimates printed beside a plan year's amount (*Prakiraan Maju Tahun N+1*): (year,
    #: amount, column label); each becomes its own row after the hierarchy repair (:func:`_forward_rows`)
    forward: list[tuple[int, ParsedNumber, str]] = field(default_factory=list, repr=False, compare=False)

    def key(self) -> tuple:
        """Identity used to find repeated rows (same entity, level, name and amounts)."""
        return (self.entity, self.level, _name_key(self.name), self.budget, self.realization,
                self.fiscal_year)


# ======================================================================================
# Small text helpers
# ======================================================================================
_WS = re.compile(r"\s+")
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{1,3}|V)"
_CODE = re.compile(
    rf"""^\s*(?P<code>
        \d{{1,2}}(?:\s?\.\s?\d{{1,2}}){{1,3}}\.?      # 1.1 / 2.1.3.
      | \d{{1,2}}\s?[.)]+(?!\d)                       # 1. / 1) / 4).
      | \d{{1,2}}\.?[a-z](?![a-z])\.?                # 1.a
      | {_ROMAN}\s?[.)]+                              # I. / III).
      | [A-Za-z]\s?[.)]+(?=\s)                        # a. / A. / b)
      | [▪•■●➤➢✓◦\-–]                                 # bullets
      | (?:{_ROMAN}|[A-Z]|\d{{1,2}})(?=\s+\S)          # bare I / A / 1 as a column code
    )\s*""",
    re.X,
)
_LEVEL_PREFIX = re.compile(
    r"^\s*(?:(?P<sub>sub\.?\s*kegiatan)|(?P<keg>kegiatan)|(?P<prog>(?:pr)?(?:program|progrgram|pogram|progam|prgram)|prog\.?)"
    r"|(?P<uru>urusan))\s*(?P<colon>\d+\s*)?:\s*",
    re.I,
)
#: a column header printed in the first row's name cell ('Nama Program / Kegiatan Program X'):
#: the header words are no part of the name
_HEADER_IN_NAME = re.compile(
    r"^\s*(?:nama\s+)?program\s*/\s*(?:sub\s*)?kegiatan\s*:?\s+(?=(?:program|kegiatan|sub\s*kegiatan)\b)", re.I)
_STRUCTURAL = re.compile(r"^\W*(?:input|output|ouput|outcomes?|keluaran|hasil|benefit|impact)\b", re.I)
_INPUT_ONLY = re.compile(r"^\W*input\s*:?\s*$", re.I)
_INPUT_SEGMENT_END = re.compile(r"\b(?:output|ouput|outcomes?|keluaran)\b\s*:?", re.I)
# patterns of the small helpers below, compiled once
_LEADING_KEGIATAN = re.compile(r"^(?:sub\.?\s*)?kegiatan\s+(?=[A-Z0-9])", re.I)
_LEADING_NON_WORD = re.compile(r"^[\W\d]+")
_SUB_KEGIATAN_WORD = re.compile(r"sub\.?\s*kegiatan\b")
_KEGIATAN_WORD = re.compile(r"kegiatan\b")
_PROGRAM_WORD = re.compile(r"(?:pr)?(?:program|progrgram|pogram|progam|prgram)\b|prog\.")
_URUSAN_WORD = re.compile(r"(?:urusan|unsur)\b")
_TRAILING_INPUT = re.compile(r"\s*\binput\s*:?\s*$", re.I)


def _drop_trailing_input(text: str) -> str:
    """``text`` without a trailing ``input`` marker (``_TRAILING_INPUT.sub("", text)``).

    A match ends the text with ``input``, white space and at most one ``:``: so the last
    character that is not white space is ``t``/``T`` (the only characters ``t`` matches ignoring
    case) or ``:``; any other text is returned as it is without running the pattern, which tries
    every position of the text.

    Examples
    --------
    >>> _drop_trailing_input("Program A Input :")
    'Program A'
    >>> _drop_trailing_input("Program A")
    'Program A'
    """
    r = text.rstrip()
    if not r or r[-1] not in ":tT":
        return text
    return _TRAILING_INPUT.sub("", text)
_LEADING_INPUT = re.compile(r"^(?:input\s*(?:\(rp\))?\s*:?\s*)", re.I)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_ONE_LETTER = re.compile(r"[A-Za-z]")
#: A list number ('2. ') at the start or after white space, before a letter. Written as
#: ``(?:(?<=\s)|^)(\d{1,2})\.\s+(?=[A-Za-z])`` with the look-behind moved after the first digit
#: (the character before it is the one before that digit; the same matches): a pattern that
#: starts with a digit lets the regex engine skip to the next digit.
_NUMBERED_ITEM = re.compile(r"(\d(?<!\S\d)\d?)\.\s+(?=[A-Za-z])")
_THREE_DECIMALS = re.compile(r"(?<![\d.,])\d{4,}[.,]\d{3}(?!\d)")
_GROUP_THEN_SEPARATOR = re.compile(r"\d[.,]\d{3}[.,]")
_THOUSANDS_GROUP_ANY = re.compile(r"\d[.,]\d{3}")
_SEVEN_DIGITS = re.compile(r"\d{7,}")
_SPACE_IN_GROUP = re.compile(r"(?<=\d[.,])\s+(?=\d{3}(?!\d))")
_PUNCTUATION_GAP = re.compile(r"[\s,\-.]*")
_LONE_PCT = re.compile(r"\(?\s*\d{1,3}(?:[.,]\d{1,2})?\s*%\s*\)?")
_BARE_LIST_CODE = re.compile(r"\W*(?:[IVXLC]+|[A-Za-z]|\d{1,2})\W*")
_RP_WORD_B = re.compile(r"R\s?[pP]\b")
_TABEL = re.compile(r"Tabel\b")
_BRACKETED = re.compile(r"\([^)]*\)")
_LOWER_WORD = re.compile(r"[a-z]+")
_DIGITS_AND_SEPARATORS = re.compile(r"[\d.,]+")
_BELANJA_NAME = re.compile(r"\W*belanja\b", re.I)
_REVENUE_CAPTION = re.compile(r"\bpendapatan\b", re.I)
_URUSAN_NAME = re.compile(r"\W*urusan\b", re.I)
#: Codes of the national nomenclature of programmes, kegiatan and sub-kegiatan (Permendagri
#: 90/2019 and its Kepmendagri updates): urusan.bidang.program, then .kegiatan (one digit and
#: two), then .sub-kegiatan; the code alone says the level.
_NOMENCLATURE_CODES = (
    (re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{2,4}"), "sub_kegiatan"),
    (re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}"), "kegiatan"),
    (re.compile(r"\d\.\d{2}\.\d{2}"), "program"),
)


def _nomenclature_level(code: str) -> str | None:
    """The level a national nomenclature code gives (``1.02.02`` program, ``1.02.02.2.01``
    kegiatan, ``1.02.02.2.01.0001`` sub-kegiatan), else None.

    >>> _nomenclature_level("4.01.01"), _nomenclature_level("4.01.01.2.01"), _nomenclature_level("1.02.02.2.01.0001")
    ('program', 'kegiatan', 'sub_kegiatan')
    >>> _nomenclature_level("1.3.2") is None
    True
    """
    return next((lvl for rx, lvl in _NOMENCLATURE_CODES if rx.fullmatch(code or "")), None)
#: A dotted code in a code column ('1.01', '1.01.0.00.0.00.01.0000': urusan and organisation codes).
_DOTTED_CODE_CELL = re.compile(r"\d{1,2}(?:\.\d{1,4})+\.?")
_OBJECTIVE_LABEL = re.compile(r"\bsasaran\b|\btujuan\b", re.I)
_PEMBIAYAAN_NAME = re.compile(r"\W*(?:penerimaan\s+|pengeluaran\s+)?pembiayaan\b", re.I)
_PENDAPATAN_NAME = re.compile(r"\W*pendapatan\b", re.I)
_EXPENDITURE_HEADER = re.compile(r"sumber dana|jenis belanja")
_CODE_BEFORE_MARK = re.compile(r"\W*(?:\d{1,2}(?:\.\d{1,2})*|[IVX]+|[A-Za-z])?[.)]?\W*")

#: A cell that is only a list code ('IV', 'a.', '12)'); one that is a list code or only numbers
#: and punctuation; one that is only numbers and punctuation.
_LIST_CODE_CELL = re.compile(rf"(?:{_ROMAN}|[A-Za-z]|\d{{1,2}})\s?[.)]?")
_CODE_OR_NUMBERS_CELL = re.compile(rf"(?:{_ROMAN}|[A-Za-z]|\d{{1,2}})\s?[.)]?|[\d.,()%\s-]*")
_NUMBERS_CELL = re.compile(r"[\d.,()\s-]*")


@functools.lru_cache(maxsize=None)  # one compiled pattern per vocabulary pattern (a fixed, small set)
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@functools.lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    """The cell's plain text (:func:`~analysis.extract.documents.normalise_cell`, which already
    folds white space and strips: no further pass over the text is needed)."""
    return normalise_cell(text or "")


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _name_key(name: str) -> str:
    return _NOT_ALNUM.sub("", (name or "").lower())


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _words_key(name: str) -> frozenset[str]:
    """Content words of a name, for matching labels across tables."""
    s = _BRACKETED.sub(" ", (name or "").lower())
    stop = {"daerah", "total", "jumlah", "yang", "dan", "tahun", "anggaran", "provinsi"}
    return frozenset(w for w in _LOWER_WORD.findall(s) if w not in stop)


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _split_code(label: str) -> tuple[str, str]:
    """Leading code and the rest: ``'1.a Kegiatan X'`` → ``('1.a', 'Kegiatan X')``."""
    s = label.strip()
    m = _CODE.match(s)
    if not m or len(s) <= m.end():
        return "", s
    code = m.group("code").strip()
    rest = s[m.end():].strip()
    if _ONE_LETTER.fullmatch(code) and not rest[:1].isupper():
        return "", s  # 'a word' is not a code
    return code, rest


_LEVEL_WORD_CODE = re.compile(
    r"^\s*(?:sub\.?\s*kegiatan|kegiatan|program)\s+(?=(?:\d{1,2}(?:\.\d{1,2})*\.|[IVX]+\.|[a-z]\.)\s*\S)", re.I)


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _strip_prefix(label: str) -> str:
    """Remove ``Program :`` / ``Kegiatan 3 :`` / ``Sub Kegiatan 2.`` style prefixes (keep bare
    level words that are part of a name, e.g. ``PROGRAM PENGEMBANGAN KURIKULUM``)."""
    s = _HEADER_IN_NAME.sub("", label).strip(" :-")
    m = _LEVEL_WORD_CODE.match(s)
    if m:
        s = _split_code(s[m.end():])[1]
    for _ in range(2):
        m = _LEVEL_PREFIX.match(s)
        if not m:
            break
        s = s[m.end():].strip()
        s = _split_code(s)[1]
    s = _LEADING_KEGIATAN.sub("", s.strip(" :;,-"))
    s = _split_code(s)[1] if _split_code(s)[0] and _DIGIT.match(s) else s
    return s.strip(" :;,-")


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _label_style(code: str) -> str:
    c = code.strip().rstrip(".)")
    if not code:
        return "none"
    if code[0] in "▪•■●➤➢✓◦":
        return "bullet"
    if code[0] in "-–":
        return "dash"
    if re.fullmatch(r"\d{1,2}(?:\s?\.\s?\d{1,2})+", c):
        return "dotted%d" % (c.count(".") + 1)
    if re.fullmatch(r"\d{1,2}\.?[a-z]", c):
        return "digitletter"
    if re.fullmatch(r"\d{1,2}", c):
        return "digit" + (")" if code.endswith(")") else "")
    if re.fullmatch(_ROMAN, c):
        return "roman"
    if re.fullmatch(r"[a-z]", c):
        return "lower"
    if re.fullmatch(r"[A-Z]", c):
        return "upper"
    return "other"


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _explicit_level(label: str) -> str | None:
    """Level named by the label's own words, if any."""
    s = _split_code(label)[1]
    s = _HEADER_IN_NAME.sub("", _LEADING_NON_WORD.sub("", s))
    low = s.lower()
    if _SUB_KEGIATAN_WORD.match(low):
        return "sub_kegiatan"
    if _KEGIATAN_WORD.match(low):
        return "kegiatan"
    if _PROGRAM_WORD.match(low):
        return "program"
    if _URUSAN_WORD.match(low):
        return "urusan"
    if TOTAL_NAME.match(s):
        return "total"
    return None


# ======================================================================================
# Amount-bearing cells (public audit helper)
# ======================================================================================
_UNIT_RP = RUPIAH_UNIT
_RP_AMOUNT = re.compile(r"R\s?[pP]\s*\.?\s*[:.]?\s*\(?\s*\d")
#: A grouped number: up to four digits (not after a digit, separator or '/'), then one to six
#: groups. Written as ``(?<![\d.,/])\d{1,4}(?:[.,]{1,2}\d{2,6}){1,6}(?![\d/])`` with the
#: look-behind moved after the first digit (the character before it is the one before that
#: digit; the same matches): a pattern that starts with a digit lets the regex engine skip to the
#: next digit instead of trying the look-behind at every character of a long cell.
_GROUPED = re.compile(r"\d(?<![\d.,/]\d)\d{0,3}(?:[.,]{1,2}\d{2,6}){1,6}(?![\d/])")
_NON_MONEY_UNIT = re.compile(
    r"jiwa|orang|penduduk|ekor|\bha\b|hektar|\bton\b|\bunit\b|\bkk\b|wisatawan|kunjungan|pelaku|proyek",
    re.I,
)
_MONEY_HEADER = re.compile(r"\brp\b|rupiah|anggaran|pagu|belanja|pendapatan|pembiayaan|realisasi \(rp", re.I)


def _big_number(token: str) -> bool:
    """A number ≥ 1.000.000 printed with separators (also malformed groupings)."""
    t = token.replace(" ", "")
    if len(t) < 7:
        return False  # fewer than 7 characters, fewer than 7 digits
    digits = _NON_DIGIT.sub("", t)
    seps = len(_SEPARATOR_RUN.findall(t))
    if len(digits) < 7 or seps < 1:
        return False
    first = _SEPARATOR.split(t, maxsplit=1)[0]
    if first in ("", "0"):
        return False
    if seps == 1 and _DECIMAL.fullmatch(t):
        return False  # a decimal, not a grouping
    return seps >= 2 or len(digits) >= 7


_NON_DIGIT = re.compile(r"\D")
_SEPARATOR = re.compile(r"[.,]")
_SEPARATOR_RUN = re.compile(r"[.,]+")
_DECIMAL = re.compile(r"\d+[.,]\d{1,2}")


def amount_cells(row: Row, table: Table | None = None) -> list[int]:
    """Indices of the cells of ``row`` that carry a rupiah amount.

    A cell carries an amount when it has an ``Rp``-prefixed number, or a number of at least
    1.000.000 printed with thousands separators (malformed groupings included), unless the
    number is followed by a non-monetary unit (``jiwa``, ``orang``, ``unit`` …). With ``table``
    given, a cell in a column whose header names rupiah/anggaran/pagu/realisasi (Rp) also counts
    for any number with a thousands group (``200,000`` in an ``Anggaran (Rp.000)`` column) or an
    unformatted integer ≥ 1.000.000; columns headed by a non-monetary unit are excluded.

    Parameters
    ----------
    row : Row
    table : Table, optional
        The table of the row, for header context.

    Returns
    -------
    list of int
    """
    labels = _table_labels(table) if table is not None else ()
    return list(_amount_columns(tuple(row.cells), labels))


@functools.lru_cache(maxsize=65536)  # pure function of the texts (a row is tested by several passes)
def _amount_columns(cells: tuple[str, ...], labels: tuple[str, ...]) -> tuple[int, ...]:
    out = []
    for j, cell in enumerate(cells):
        if not cell or ("&" not in cell and not _DIGIT.search(cell)):
            continue  # _clean adds no digit (it removes markup; only an HTML entity could become one)
        text = _clean(cell)
        if not text:
            continue  # (a text without a digit is no amount either: _cell_has_amount needs one)
        label = labels[j] if j < len(labels) else ""
        if _cell_has_amount(text, label):
            out.append(j)
    return tuple(out)


_DIGIT = re.compile(r"\d")

#: Labels of the live tables seen so far: ``id(table) -> (weak reference, labels)``; an entry
#: leaves when its table is freed (so its id cannot be reused meanwhile, and no document is kept
#: alive). The reader does not change a table once built, so its labels stay valid
#: (amount_cells asks for them once per row).
_TABLE_LABELS: dict[int, tuple[weakref.ref, tuple[str, ...]]] = {}


def _table_labels(table: Table) -> tuple[str, ...]:
    """Column labels of ``table`` with leading header-like rows folded into the header."""
    key = id(table)
    hit = _TABLE_LABELS.get(key)
    if hit is not None and hit[0]() is table:
        return hit[1]
    return _remember_labels(table, column_labels(table, header_rows(table)[0]))


def _remember_labels(table: Table, labels: tuple[str, ...]) -> tuple[str, ...]:
    key = id(table)
    _TABLE_LABELS[key] = (weakref.ref(table, lambda _ref, key=key, cache=_TABLE_LABELS: cache.pop(key, None)),
                          labels)
    return labels


@functools.lru_cache(maxsize=65536)
def _cell_has_amount(text: str, label: str) -> bool:
    if "R" in text:  # both patterns need an 'R'
        if "Rp" in text or "RP" in text:  # every match of _UNIT_RP has one ('(Rp)', 'Rp.000')
            text = _UNIT_RP.sub(" ", text)
        if _RP_AMOUNT.search(text):
            return True
    money_col, unit_col = _column_money_kind(label)
    if unit_col:
        return False  # a unit column is no money column, and none of its numbers counts
    # a number with a scale word of a million or more ('1,2 Triliun', '850 juta'), not a count
    # of people or things ('1,5 juta jiwa'); the scale words are looked for first (substring
    # tests on the lower case, quicker than the pattern's scan of a long cell)
    if _may_have_scale_word(text):
        for m in _SCALED_AMOUNT.finditer(text):
            after = text[m.end():m.end() + 14].strip()
            if not _NON_MONEY_UNIT.match(after) and not _FOREIGN_CURRENCY.match(after):
                return True
    text_nolatex = _LATEX_MATH.sub(" ", text) if "$" in text else text
    # a grouped number has a digit, one or two separators and two digits (a quick scan that
    # passes over most texts; the full pattern is slow on long cells)
    if ("." in text_nolatex or "," in text_nolatex) and _SEPARATED_DIGITS.search(text_nolatex):
        for m in _GROUPED.finditer(text_nolatex):
            if _NON_MONEY_UNIT.match(text_nolatex[m.end():m.end() + 14].strip()):
                continue
            if _big_number(m.group(0)):
                return True
            if money_col and _THOUSANDS_GROUP.search(m.group(0)):
                return True
    # in a money column also an integer of 1.000.000 or more, unformatted or grouped by spaces
    # ('1 234 567 890', as converters write a thin or narrow space separator)
    return money_col and (_LONG_INTEGER.search(text_nolatex) is not None
                          or (" " in text_nolatex and _SPACE_GROUPED.search(text_nolatex) is not None))


#: The scale words of a million or more (numbers.SCALE_WORDS; lower case) that
#: :data:`_SCALED_AMOUNT` reads after a number.
_MILLION_SCALE_WORDS = tuple(w for w in SCALE_WORDS if w.isalpha() and len(w) > 2 and SCALE_WORDS[w] >= 1e6)
#: A number followed by a scale word of a million or more. (The look-behind follows the first
#: digit, '\d(?<![\w.,]\d)', the same test as '(?<![\w.,])' before it: the scan can jump from
#: digit to digit instead of trying the look-behind at every character of a long cell.)
_SCALED_AMOUNT = re.compile(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)*\s*(?:" + "|".join(_MILLION_SCALE_WORDS)
                            + r")\b\.?", re.I)


def _may_have_scale_word(text: str) -> bool:
    """False only when :data:`_SCALED_AMOUNT` cannot match ``text``: an ASCII text whose lower
    case has none of its scale words. (In an ASCII text a case-insensitive match of a word is
    that word in ``text.lower()``; a non-ASCII text may hold a character that matches a letter
    case-insensitively without lower-casing to it, 'ı' for 'i', so it is left to the pattern.)

    >>> _may_have_scale_word("Rp 1,2 Triliun"), _may_have_scale_word("1.234 orang")
    (True, False)
    """
    if not text.isascii():
        return True
    low = text.lower()
    return any(w in low for w in _MILLION_SCALE_WORDS)


#: A currency other than the rupiah after an amount ('25,82 Milyar US$'): no budget amount.
_FOREIGN_CURRENCY = re.compile(r"(?:US\s*\$|USD|\$|dolar|dollar|euro|EUR)", re.I)
#: An integer of 1.000.000 or more whose thousands are set apart by single spaces.
_SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3}){2,}(?![\d.,])")


_LATEX_MATH = re.compile(r"\$[^$]*\$")
#: What every match of :data:`_GROUPED` contains (its first group boundary).
_SEPARATED_DIGITS = re.compile(r"\d[.,]{1,2}\d\d")
_THOUSANDS_GROUP = re.compile(r"\d[.,]\d{3}\b")
_LONG_INTEGER = re.compile(r"(?<![\d.,])\d{7,}(?![\d.,])")


@functools.lru_cache(maxsize=4096)
def _column_money_kind(label: str) -> tuple[bool, bool]:
    """(money column, non-monetary unit column) from a column label."""
    money_col = bool(label) and bool(_MONEY_HEADER.search(label)) and not _NON_MONEY_UNIT.search(label)
    unit_col = bool(label) and bool(_NON_MONEY_UNIT.search(label))
    return money_col, unit_col


def _word_col(labels: list[str] | tuple[str, ...], words: tuple[str, ...], start: int = 0) -> int | None:
    """The first column (from ``start``) whose label contains one of ``words`` (vocabulary
    constants of :mod:`analysis.extract.vocabulary`)."""
    for j in range(start, len(labels)):
        if any(w in labels[j] for w in words):
            return j
    return None


# ======================================================================================
# Parsing amounts
# ======================================================================================
def _suspicious(p: ParsedNumber) -> ParsedNumber:
    """A rupiah amount read with three decimals ('283655.830') lost a group separator."""
    if p.ok and p.raw and _THREE_DECIMALS.search(p.raw.replace(" ", "")) \
            and not _GROUP_THEN_SEPARATOR.search(p.raw):
        return ParsedNumber(p.raw, None, "malformed", p.is_percent, p.style,
                            "malformed number: three decimals in a rupiah amount (lost separator?)")
    return p


def _parse_cell_amount(text: str, style: str | None) -> ParsedNumber:
    """A cell of an explicit amount column ('2.062.624.237.011', '(123)', '-', 'Rp.1,2')."""
    s = _clean(text)
    s = _LEADING_INPUT.sub("", s)
    if not s:
        return ParsedNumber("", None, "missing", note="blank cell")
    p = parse_amount(s, style)
    if p.status == "text":
        toks = [t for t in find_numbers(s, style) if not t.parsed.is_percent]
        if toks:
            p = toks[0].parsed
    return _suspicious(p)


#: A number this large in a percentage column is an amount (the column was misread, or the
#: amounts moved one column), never a percentage: no value rather than a reported absorption
#: of millions of per cent.
PERCENT_AMOUNT_FLOOR = 1e6
PERCENT_AMOUNT_NOTE = "an amount in the percentage column, not a percentage"


def _parse_pct(text: str, style: str | None) -> ParsedNumber:
    s = _clean(text)
    if not s:
        return ParsedNumber("", None, "missing", True, note="blank cell")
    p = parse_percent(s, style)
    if p.ok and p.value is not None and abs(p.value) > 1000:
        alt = parse_percent(s, "us" if style == "id" else "id")
        if alt.ok and alt.value is not None and abs(alt.value) <= 1000:
            return ParsedNumber(alt.raw, alt.value, "ok", True, alt.style,
                                f"'{s}' read with a decimal point")
        if abs(p.value) >= PERCENT_AMOUNT_FLOOR:
            return ParsedNumber(s, None, "malformed", True,
                                note=PERCENT_AMOUNT_NOTE)
    if p.status == "text":
        toks = [t for t in find_numbers(s, style) if t.parsed.is_percent or "%" in t.text]
        if toks:
            return toks[0].parsed
    return p


def _is_amount_token(tok) -> bool:
    if tok.parsed.is_percent:
        return False
    if tok.has_currency:
        return True
    digits = _NON_DIGIT.sub("", tok.text)
    if tok.parsed.status == "malformed" and len(digits) >= 6:
        return True
    if _THOUSANDS_GROUP_ANY.search(tok.text) and len(digits) >= 6:
        return True
    return bool(_SEVEN_DIGITS.fullmatch(tok.text.strip()))


@dataclass
class _Entry:
    """One amount (with its percentage) inside a money cell."""

    amount: ParsedNumber | None
    pct: ParsedNumber | None
    raw: str


@functools.lru_cache(maxsize=65536)  # pure in the text (a money cell is cut by several tests)
def _input_segment(text: str) -> str:
    s = _clean(text)
    low = s.lower()
    if "ou" not in low and "keluaran" not in low:
        # every match of _INPUT_SEGMENT_END has one ('output', 'ouput', 'outcome' or 'keluaran',
        # in any case: the characters these letters match ignoring case all lower-case to them),
        # and the pattern, which starts with \b, is slow to fail on a long text
        return s
    m = _INPUT_SEGMENT_END.search(s)
    return s[:m.start()] if m else s


def _entries(text: str, style: str | None) -> list[_Entry]:
    """The amounts (each with the percentage printed after it) of a target/realisation cell."""
    seg = _SPACE_IN_GROUP.sub("", _input_segment(text))
    out: list[_Entry] = []
    last_end = -100
    for tok in find_numbers(seg, style):
        gap = seg[last_end:tok.start] if last_end >= 0 else ""
        bracket_after_amount = (tok.text.startswith("(") and out and out[-1].amount is not None
                                and out[-1].pct is None and _PUNCTUATION_GAP.fullmatch(gap or "")
                                and tok.parsed.value is not None and abs(tok.parsed.value) <= 1000)
        if tok.parsed.is_percent or bracket_after_amount:
            pct = tok.parsed
            if bracket_after_amount and not tok.parsed.is_percent:
                pct = ParsedNumber(tok.text, abs(tok.parsed.value), "ok", True, tok.parsed.style,
                                   "bracketed number after the amount read as a percentage")
            if out and out[-1].pct is None and (out[-1].amount is not None or not gap.strip()):
                out[-1].pct = pct
            else:
                out.append(_Entry(None, pct, tok.text))
        elif _is_amount_token(tok):
            out.append(_Entry(_suspicious(tok.parsed), None, tok.text))
            last_end = tok.end
            continue
        last_end = tok.end
    if not out and re.search(r"r\s?p\b|input|^\W*-\W*$", seg, re.I):
        out.append(_Entry(None, None, seg.strip()))
    return out


# ======================================================================================
# Extraction context
# ======================================================================================
class _Ctx:
    """State shared by the table and narrative extractors of one document."""

    def __init__(self, doc: Document, meta: DocMeta) -> None:
        self.doc = doc
        self.meta = meta
        self.index = SectionIndex.of(doc, meta.entity)
        self.recs: list[_Rec] = []
        self.skipped: dict[int, Skipped] = {}
        self.changes: list[tuple[str, float | None, float | None, str, list[int]]] = []
        self.kinds: dict[int, str] = {}
        #: rows of a table printed twice, set aside during the hierarchy repair and output after it
        #: (``duplicate_of`` is set by :mod:`analysis.extract.duplicates`)
        self.reprints: list[tuple[_Rec, _Rec]] = []
        #: the document's text lines, read once for the list and narrative passes (the document
        #: does not change during the extraction)
        self.text_lines = doc.text_lines()

    def entity_at(self, line: int) -> str:
        return self.index.at(line).entity

    def skip(self, line: int, reason: str, raw: str | None = None) -> None:
        if line in self.skipped:
            return
        text = raw if raw is not None else self.doc.line(line)
        self.skipped[line] = Skipped(self.doc.doc_id, line, text.strip()[:500], reason)

    def add(self, rec: _Rec) -> _Rec:
        rec.lines.add(rec.source_line)
        self.recs.append(rec)
        return rec


def _finish_values(rec: _Rec, b: ParsedNumber | None, r: ParsedNumber | None,
                   pct: ParsedNumber | None, scale: float = 1.0) -> None:
    """Set budget/realisation/pct of ``rec`` from parsed values; note and recover."""
    rec.reported_pct = pct.value if pct is not None and pct.ok else None
    if pct is not None and pct.note and pct.ok:
        rec.notes.append(f"percentage {pct.note}")
    elif pct is not None and pct.value is None and pct.note == PERCENT_AMOUNT_NOTE:
        rec.notes.append(f"percentage '{pct.raw}' not read: {pct.note}")
    for role, p in (("budget", b), ("realisation", r)):
        if p is None:
            continue
        if p.ok and p.value is not None:
            grouped = grouped_reading(p) if scale < GROUPED_AMOUNT_SCALE_BELOW else p
            setattr(rec, "budget" if role == "budget" else "realization", grouped.value * scale)
            if grouped is not p:
                rec.notes.append(f"{role} {grouped.note}")
            elif p.note and not p.note.startswith("ambiguous"):
                rec.notes.append(f"{role} '{p.raw}': {p.note}")
        elif p.raw and p.status in ("malformed", "ambiguous"):
            rec.notes.append(f"{role} {p.status} '{p.raw}' ({p.note.replace('malformed number: ', '')})")
        elif p.raw and p.status == "missing" and p.raw.strip() not in ("", "-"):
            rec.notes.append(f"{role} not printed ('{p.raw.strip()}')")
        elif p.raw.strip() == "-":
            rec.notes.append(f"{role} printed as '-'")
    _recover(rec, b, r, pct, scale)


def _recover(rec: _Rec, b: ParsedNumber | None, r: ParsedNumber | None,
             pct: ParsedNumber | None, scale: float) -> None:
    if pct is None or not pct.ok or pct.value is None:
        return
    bad_r = r is not None and r.status in ("malformed", "ambiguous") or (
        r is not None and r.value is None and pct.value == 0 and rec.budget is not None)
    bad_b = b is not None and b.status in ("malformed", "ambiguous")
    if rec.realization is None and bad_r and rec.budget is not None:
        rec.realization = round(rec.budget * pct.value / 100.0, 2)
        raw = r.raw if r is not None else ""
        if r is not None and r.status == "missing":
            rec.notes.append(f"realisation not printed ('{raw}')")
        rec.notes.append(f"recovered from printed {pct.value:g}% × budget")
        rec.recovered = True
    elif rec.budget is None and bad_b and rec.realization is not None and pct.value > 0:
        rec.budget = round(rec.realization * 100.0 / pct.value, 2)
        rec.notes.append(f"recovered from realisation ÷ printed {pct.value:g}%")
        rec.recovered = True


# ======================================================================================
# Table views: effective header, labels, kind
# ======================================================================================
@dataclass
class _View:
    """A table with the header this extractor uses (leading header-like rows folded in, or
    inherited from the table just above when a page break lost it)."""

    table: Table
    header: list[list[str]]
    rows: list[Row]
    labels: tuple[str, ...]
    name: str
    kind: str = "other"
    style: str | None = None
    head: TableHead | None = None
    money: tuple[int, int, int] | None = None  # (budget, realisation, %) read from the cells
    side: TransposedTable | None = None  # the groups of a table on its side (years as columns)
    #: (name, absorption %) columns of a table printing the absorption as a percentage only
    #: (:func:`_absorption_percent_columns`)
    pct_only: tuple[int, int] | None = None


def _views(doc: Document) -> list[_View]:
    out: list[_View] = []
    prev: _View | None = None
    for t in doc.tables:
        head = document_split_header(doc, t, (prev.table, prev.head) if prev is not None else None)
        name = prev.name if head.inherited else t.name
        v = _View(t, head.header, head.rows, column_labels(t, head.header), name, head=head)
        if not head.inherited and id(t) not in _TABLE_LABELS:
            # split_header with the table above differs from header_rows (no table above) only
            # by inheriting that table's header: these are the labels amount_cells reads
            _remember_labels(t, v.labels)
        v.kind = _table_kind(v)
        if v.kind not in _SKIP_REASONS or v.kind == "other":
            # the number style is read only by the kinds whose cells are parsed (the handlers
            # and :func:`_content_money`); the skipped kinds never parse a cell
            v.style = infer_style([c for r in head.rows for c in r.cells], default=doc.style)
        if v.kind == "other":
            v.money = _content_money(v)
            if v.money is not None:
                v.kind = "columns"
        if v.kind == "pairs" and (year_col := _year_column(v)) is not None:
            # 'Tahun | Target | Realisasi | %' of rupiah amounts (a revenue table by year): the
            # target is the budget, a row per year (_columns reads the year column)
            labels = list(v.labels)
            labels[year_col] = PLAN_YEAR_WORD
            b, r, p = _budget_cols(labels, loose=True)
            if b is not None and r is not None and b != year_col:
                v.kind, v.money = "columns", (b, r, p)
        if v.kind in ("other", "none"):
            # years as columns, Anggaran / Realisasi / % as rows (analysis.extract.yearly)
            v.side = read_transposed(head.header, head.rows, t.caption, t.context,
                                     heading_above(doc, t.start_line), kinds=BUDGET_ROW_KINDS, needs="budget", amounts=True)
            if v.side is not None:
                v.kind = "side"
            elif v.kind == "none" and (pct_only := _absorption_percent_columns(v.labels)) is not None:
                v.kind, v.pct_only = "absorption_pct", pct_only
                v.style = infer_style([c for r in head.rows for c in r.cells], default=doc.style)
        out.append(v)
        prev = v
    return out


def _absorption_percent_columns(labels: tuple[str, ...]) -> tuple[int, int] | None:
    """(name, absorption) columns of a table printing each indicator's (or programme's)
    achievement beside its budget absorption as percentages, without the amounts: the LKjIP
    efficiency analysis (PermenPANRB 53/2014) *Indikator Kinerja | % Capaian Kinerja | %
    Realisasi Anggaran*; None for any other table.

    The absorption column has the role ``budget_pct``
    (:func:`~analysis.extract.columns.column_roles`: *Realisasi / Penyerapan / Serapan /
    Capaian Anggaran (%)*) and does not name a plan (*Target Serapan*); the table has an
    ``achievement`` column and a name column left of it (an indicator, else a programme or
    kegiatan, else a strategic objective).

    Examples
    --------
    >>> _absorption_percent_columns(("no", "sasaran", "indikator kinerja", "% capaian kinerja",
    ...                              "% realisasi anggaran"))
    (2, 4)
    >>> _absorption_percent_columns(("no", "indikator kinerja", "% capaian kinerja",
    ...                              "target serapan anggaran (%)")) is None
    True
    """
    text = " ".join(labels)
    if not any(w in text for w in BUDGET_WORDS + FINANCE_WORDS + ABSORPTION_WORDS) or "capaian" not in text:
        return None  # the cheap test first: most tables without amounts are no such table
    cols = column_roles([canonical_header(x) for x in labels])
    pcts = [c.index for c in cols if c.role == "budget_pct" and not _names(c.label, ABSORPTION_PLAN_WORDS)]
    if len(pcts) != 1 or not any(c.role == "achievement" for c in cols):
        return None
    for roles in (("indicator",), ("program", "name"), ("objective",)):
        names = [c.index for c in cols if c.role in roles and c.index < pcts[0]]
        if names:
            return names[0], pcts[0]
    return None


def _budget_cols(labels: list[str], loose: bool = False) -> tuple[int | None, int | None, int | None]:
    """(budget, realisation, percentage) columns of an explicit-column table, from
    :func:`~analysis.extract.columns.column_roles`.

    The budget is the ``budget`` column naming the revised budget
    (:data:`~analysis.extract.vocabulary.REVISED_BUDGET_WORDS`), else the first naming the
    budget (:data:`~analysis.extract.vocabulary.BUDGET_WORDS`), else the first ``budget``
    column; ``loose`` also accepts a plain ``target`` column (aggregate tables; its
    ``actual``/``achievement`` neighbours are then the realisation and percentage). The
    realisation is the first ``realisation_amount`` column after the budget (else anywhere);
    the percentage the first ``budget_pct`` column after the realisation (after the budget
    when no realisation is printed) naming the realisation
    (:data:`~analysis.extract.vocabulary.REALISATION_WORDS`), else the first.

    Examples
    --------
    >>> _budget_cols(["no", "uraian", "anggaran (rp)", "realisasi (rp)", "%"])
    (2, 3, 4)
    >>> _budget_cols(["budget", "realization", "%"])  # English header, canonical words
    (0, 1, 2)
    >>> _budget_cols(["jenis belanja", "target", "realisasi", "capaian (%)"], loose=True)
    (1, 2, 3)
    """
    cols = column_roles([canonical_header(x) for x in labels])
    budgets = [c for c in cols if c.role == "budget"]
    # the revised budget by the first of REVISED_BUDGET_WORDS that a column names ('Anggaran
    # Belanja Setelah Perubahan' before a group 'APBD Perubahan | Pendapatan (Rp.)')
    b = next((c.index for w in REVISED_BUDGET_WORDS for c in budgets
              if _names(c.label, (w,)) and not _names(c.label, ORIGINAL_BUDGET_WORDS)), None)
    if b is None:
        # an organisation's total spending beside its revenue and spending types (Perda APBD
        # Lampiran II: 'Pendapatan | Belanja Operasi | … | Jumlah Belanja')
        b = next((c.index for c in budgets if _names(c.label, TOTAL_SPENDING_WORDS)), None)
    if b is None:
        b = next((c.index for c in budgets if _names(c.label, BUDGET_WORDS)), None)
    if b is None and budgets:
        b = budgets[0].index
    real_roles, pct_roles = ("realisation_amount",), ("budget_pct",)
    if b is None and loose:
        b = next((c.index for c in cols if c.role == "target" and "kinerja" not in c.label), None)
        real_roles, pct_roles = ("realisation_amount", "actual"), ("budget_pct", "achievement")
    if b is None:
        return None, None, None
    reals = [c.index for c in cols if c.role in real_roles]
    r = next((j for j in reals if j > b), reals[0] if reals else None)
    pcts = [c for c in cols if c.index > (b if r is None else r) and c.role in pct_roles]
    p = next((c.index for c in pcts if _names(c.label, REALISATION_WORDS)), pcts[0].index if pcts else None)
    return b, r, p


@functools.lru_cache(maxsize=None)  # one compiled pattern per vocabulary word (a fixed, small set)
def _whole_word(word: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(word)}\b")


def _names(label: str, words: tuple[str, ...]) -> bool:
    """Whether a column label carries one of ``words`` (whole words)."""
    return any(_whole_word(w).search(label) for w in words)


def amount_scale(labels: list[str], cols: list[int | None], caption: str = "") -> tuple[float, str]:
    """The factor turning a table's printed amounts into rupiah, and the note saying so: the
    unit named in the label of a money column ``cols`` (``Anggaran (Rp.000)``, ``Realisasi (Juta
    Rp)``) or in the caption (``(dalam ribuan rupiah)``); 1 and no note when none is named.

    Examples
    --------
    >>> amount_scale(["uraian", "anggaran (rp.000)", "realisasi (rp.000)"], [1, 2])
    (1000.0, 'amounts printed in thousands of rupiah (rp.000); multiplied by 1,000')
    >>> amount_scale(["uraian", "anggaran", "realisasi"], [1, 2], "Tabel 2.1 Realisasi APBD (dalam jutaan rupiah)")[0]
    1000000.0
    >>> amount_scale(["uraian", "anggaran (rp)", "realisasi (rp)"], [1, 2])
    (1.0, '')
    >>> amount_scale(["uraian", "anggaran (rp.000.000)"], [1])[0]
    1000000.0
    """
    texts = [labels[j] for j in cols if j is not None and j < len(labels)] + [caption]
    for text in texts:
        m = AMOUNT_UNIT.search(text or "")
        if m:
            word = next(g for g in m.groups() if g).lower()
            # 'Rp.000' thousands, 'Rp.000.000' millions
            factor = 1000.0 ** word.count("000") if word.startswith("000") else AMOUNT_UNIT_FACTORS[word]
            name = {1e3: "thousands", 1e6: "millions", 1e9: "billions", 1e12: "trillions"}[factor]
            return factor, (f"amounts printed in {name} of rupiah ({m.group(0).strip('() ')}); "
                            f"multiplied by {factor:,.0f}")
    return 1.0, ""


def _original_col(labels: list[str], b: int | None) -> int | None:
    """The original (pre-revision) budget column printed beside the revised budget ``b``
    (*APBD Murni* beside *APBD Perubahan*, :data:`~analysis.extract.vocabulary.ORIGINAL_BUDGET_WORDS`),
    else None.

    >>> _original_col(["uraian", "apbd murni (rp)", "apbd perubahan (rp)", "realisasi (rp)"], 2)
    1
    >>> _original_col(["uraian", "anggaran (rp)", "realisasi (rp)"], 1) is None
    True
    """
    if b is None or not _names(labels[b], REVISED_BUDGET_WORDS):
        return None
    cols = column_roles([canonical_header(x) for x in labels])
    return next((c.index for c in cols if c.role == "budget" and c.index != b
                 and _names(c.label, ORIGINAL_BUDGET_WORDS)), None)


def _content_money(v: _View) -> tuple[int, int, int] | None:
    """(budget, realisation, percentage) columns of a table whose header names none, from its
    cells (:func:`~analysis.extract.columns.column_roles` with the cells): a ``name`` column,
    then two ``number`` columns of rupiah amounts (:func:`amount_cells`) and a ``number``
    column that is the percentage of the one by the other
    (:func:`~analysis.extract.columns.ratio_order`, which also tells the budget from the
    realisation). A table whose names are kabupaten/kota
    (:data:`~analysis.extract.vocabulary.REGION_NAME_PREFIXES`) is left to the regional
    extractor. None when the cells do not say."""
    rows = v.rows
    if not rows:
        return None
    width = max(len(r.cells) for r in rows)
    cells = [[r.cells[j] if j < len(r.cells) else "" for r in rows] for j in range(width)]
    stacks = column_stacks(v.header, width)[:width] if v.header else [("",)] * width
    cols = column_roles(stacks, cells)
    name = next((c.index for c in cols if c.role in ("name", "indicator", "program")), None)
    if name is None:
        return None
    names = [c.strip().lower() for c in cells[name] if c.strip()]
    if names and sum(n.startswith(REGION_NAME_PREFIXES) for n in names) >= CONTENT_SHARE * len(names):
        return None
    amounts = Counter(j for r in rows for j in amount_cells(r, v.table))
    numbers = [c.index for c in cols if c.index > name and c.role == "number"]
    for a, b, p in zip(numbers, numbers[1:], numbers[2:]):
        filled = [sum(1 for x in cells[j] if x.strip()) for j in (a, b)]
        if any(amounts[j] < CONTENT_SHARE * n or n == 0 for j, n in zip((a, b), filled)):
            continue
        order = ratio_order(cells[a], cells[b], cells[p], v.style)
        if order is not None:
            return (a, b, p) if order == "forward" else (b, a, p)
    return None


def _kind_words(kind: str, text: str) -> bool:
    """Whether ``text`` carries one of the header words of a table ``kind``
    (:data:`~analysis.extract.vocabulary.BUDGET_TABLE_KIND_WORDS`)."""
    return any(_pattern(w).search(text) for w in BUDGET_TABLE_KIND_WORDS[kind])


_INPUT_WORD = re.compile(INPUT_WORD, re.I)


def _table_kind(v: _View) -> str:
    """The kind of a budget table (module docstring, "Table kinds"): from the kind words of its
    header (:data:`~analysis.extract.vocabulary.BUDGET_TABLE_KIND_WORDS`) and the roles of its
    columns (:func:`~analysis.extract.columns.column_roles`)."""
    h = " ".join(v.labels)
    around = f"{v.table.caption or ''} {v.table.context}".lower()
    has_amounts = any(amount_cells(r, v.table) for r in v.rows)
    if not has_amounts:
        return "none"
    cols = column_roles([canonical_header(x) for x in v.labels])
    roles = {c.role for c in cols}
    # years named 'Tahun 20xx' in the labels (the columns :func:`_plan` reads per year)
    plan_years = {c.year for c in cols if c.year is not None and re.search(rf"{PLAN_YEAR_WORD}\s*{c.year}", c.label)}
    indicator = any(c.role == "indicator" and not _names(c.label, ITEM_NAME_WORDS) for c in cols)
    if _kind_words("dprd", h) or any(re.search(w, around) for w in DPRD_CAPTION_WORDS):
        return "dprd"
    if _kind_words("change", h):
        return "change"
    if _kind_words("policy", h) and not roles & {"target", "actual", "budget", "realisation_amount", "budget_pct"}:
        return "policy"
    if all(re.search(w, h) for w in BUDGET_TABLE_KIND_WORDS["urusan_opd"]) and "budget" in roles and (
            roles & {"actual", "realisation_amount"} or _names(h, TOTAL_SPENDING_WORDS)) \
            and not any("urusan" in lab and _names(lab, PROGRAMME_NAME_WORDS[1:]) for lab in v.labels):
        # with realisations, or budget-only with each organisation's total spending (Perda APBD
        # Lampiran II); not a column of urusan and their programmes and kegiatan (*Urusan/Bidang
        # Urusan Pemerintahan Daerah dan Program/Kegiatan* of the evaluation forms, whose
        # other labels name the *Perangkat Daerah*'s plan): a programme table
        return "urusan_opd"
    if "budget" in roles and roles & {"actual", "realisation_amount", "budget_pct"} and _agency_list(v):
        # 'Perangkat Daerah | Anggaran | Realisasi | %' without urusan: each agency's budget
        return "urusan_opd"
    budget_years = {c.year for c in cols if c.role == "budget" and c.year is not None}
    if len(budget_years) >= 2 and budget_years & {c.year for c in cols if c.role == "realisation_amount"}:
        # 'Anggaran 2022 | Realisasi 2022 | Anggaran 2023 | Realisasi 2023': years side by side
        return "by_year"
    if len(plan_years & budget_years) >= 2:
        # budget columns of two or more years 'Tahun 20xx' (not the other columns' years: the
        # plan period's end and a sum up to a year beside one year's budget, of the evaluation
        # forms)
        return "plan"
    if _kind_words("disbursement", h):
        return "disbursement"
    # one search over the cells joined by a line break: \binput\b matches within one cell, and
    # the break (no word character) bounds a word as the start or end of a cell does
    has_input = _INPUT_WORD.search("\n".join(c for r in v.rows for c in r.cells)) or _INPUT_WORD.search(h)
    b, r, pct = _budget_cols(v.labels)
    if _kind_words("aggregate", " ".join(v.labels[:2])) and _budget_cols(v.labels, loose=True)[1] is not None:
        return "aggregate"
    if not has_input and b is not None and (r is not None or pct is not None):
        return "columns"
    if has_input or (roles & {"target", "budget"} and roles & {"actual", "realisation_amount"} and not indicator):
        return "pairs"
    if b is not None or any(_subheader(row) for row in v.rows):
        return "budget_only"
    if indicator or "objective" in roles:
        return "indicator"
    return "other"


def _agency_list(v: _View) -> bool:
    """Whether the table's name column is a column of agencies
    (:data:`~analysis.extract.vocabulary.AGENCY_NAME_COLUMN_WORDS`, not a responsible-agency
    column beside a programme) whose amount rows name agencies (*Dinas …*, *Badan …*; at least
    :data:`~analysis.extract.vocabulary.CONTENT_SHARE` of them besides totals)."""
    j = _word_col(v.labels, AGENCY_NAME_COLUMN_WORDS)
    if j is None or AGENCY_COLUMN_HEADER.search(v.labels[j]) or _names(v.labels[j], PROGRAMME_NAME_WORDS):
        return False
    names = [_clean(r.cells[j]) for r in v.rows if j < len(r.cells) and amount_cells(r, v.table)]
    names = [n for n in names if n and not TOTAL_NAME.match(n)]
    return len(names) >= 2 and sum(map(is_agency_name, names)) >= CONTENT_SHARE * len(names)


def _by_year(ctx: _Ctx, v: _View) -> None:
    """A budget table comparing years side by side (*Anggaran 2022 | Realisasi 2022 | % |
    Anggaran 2023 | Realisasi 2023 | %*, or the same columns under *Tahun 2022 | Tahun 2023*):
    each year's budget, realisation and percentage columns are read as an explicit-column table
    (:func:`_columns`), the rows dated that year."""
    cols = column_roles([canonical_header(x) for x in v.labels])
    years = sorted({c.year for c in cols if c.role == "budget" and c.year is not None})
    for year in years:
        mine = [c for c in cols if c.year == year]
        b = next(c.index for c in mine if c.role == "budget")
        r = next((c.index for c in mine if c.role == "realisation_amount" and c.index > b), None)
        after = r if r is not None else b
        p = next((c.index for c in mine if c.index > after and (c.role == "budget_pct" or "%" in c.label)), None)
        first = len(ctx.recs)
        _columns(ctx, replace(v, money=(b, r, p), kind="columns"))
        for rec in ctx.recs[first:]:
            rec.fiscal_year = year
            rec.notes.append(f"the {year} columns of a table comparing years side by side")


def _subheader(row: Row) -> list[str] | None:
    """A row inside the table that relabels the columns ('Program | | Anggaran (Rp.) | Ket.'):
    a row of labels (:func:`~analysis.extract.columns.is_label_row`) with a programme and a
    budget column (:func:`~analysis.extract.columns.column_roles`); its cells, lower case."""
    cells = [c.strip() for c in row.cells]
    if not is_label_row(cells):
        return None
    roles = {c.role for c in column_roles(cells)}
    if "program" in roles and "budget" in roles:
        return [c.lower() for c in cells]
    return None


_SKIP_REASONS = {
    "dprd": "amount in a DPRD-recommendation table (prior-year figure, not a budget line)",
    "policy": "amount in a strategic-policy table (legal basis text, not a budget line)",
    "indicator": "amount in a performance-indicator table (indicator target/realisation, not a budget pair)",
    "disbursement": "realisation-only table (SP2D/SPJ disbursements, no budget column); not a budget line",
    "other": "amount in a table without budget/realisation columns",
    "none": "amount in a table without budget/realisation columns",
}


# ======================================================================================
# Level state for programme hierarchies
# ======================================================================================
class _LevelState:
    """Outline levels (urusan > program > kegiatan > sub_kegiatan) of one table."""

    def __init__(self, has_indicator: bool = False) -> None:
        self.has_indicator = has_indicator
        self.style_level: dict[str, str] = {}
        self.last: dict[str, str] = {}
        self.last_level: str | None = None
        self.last_amounts: tuple | None = None
        self.last_rec: dict[str, _Rec | None] = {}
        self.guessed = False  # whether the last level_for() answer was a guess (no level word)
        self.heading: str | None = None  # heading pushed without amounts since the last row

    def level_for(self, label: str, indicator: bool = False, amounts: tuple | None = None,
                  inherited: str | None = None) -> str:
        """Level of a row (see the module docstring for the rule order)."""
        code, rest = _split_code(label)
        lvl = _explicit_level(label) or inherited
        self.guessed = lvl is None
        if lvl is not None:
            if lvl in ("kegiatan", "sub_kegiatan"):
                # 'Kegiatan : 2. X' numbers its siblings with '2.': remember that style
                inner = code or _display_name(label)[0]
                self.style_level.setdefault(_label_style(inner), lvl)
            return lvl
        if self.has_indicator:
            return "sub_kegiatan" if indicator else "kegiatan"
        if (amounts is not None and amounts == self.last_amounts and amounts[0] is not None
                and self.last_level in ("urusan", "program", "kegiatan")):
            return _child(self.last_level)
        style = _label_style(code)
        if style in self.style_level:
            return self.style_level[style]
        lvl = _child(self.last_level) if self.last_level else "kegiatan"
        self.style_level[style] = lvl
        return lvl

    def parent(self, level: str) -> str:
        """Name of the last row of the level above ``level`` ('' when none)."""
        above = _ABOVE.get(level)
        return self.last.get(above, "") if above else ""

    def parent_rec(self, level: str) -> _Rec | None:
        """The output row behind :meth:`parent` (None for a heading printed without amounts)."""
        above = _ABOVE.get(level)
        return self.last_rec.get(above) if above else None

    def push(self, level: str, name: str, amounts: tuple | None = None, rec: _Rec | None = None) -> None:
        if level not in _OUTLINE:
            return
        self.last[level] = name
        self.last_rec[level] = rec
        for low in _OUTLINE[_OUTLINE.index(level) + 1:]:
            self.last.pop(low, None)
            self.last_rec.pop(low, None)
        self.last_level = level
        self.last_amounts = amounts
        if rec is None and (self.heading is None or _DEPTH[level] < _DEPTH[self.heading]):
            self.heading = level

    def take_heading(self) -> str | None:
        """Highest heading level pushed without amounts since the last call (for the next row)."""
        h, self.heading = self.heading, None
        return h


def _child(level: str | None) -> str:
    if level is None:
        return "program"
    i = _OUTLINE.index(level) if level in _OUTLINE else 0
    return _OUTLINE[min(i + 1, len(_OUTLINE) - 1)]


@functools.lru_cache(maxsize=65536)  # pure in the label text (labels are read by several passes)
def _display_name(label: str) -> tuple[str, str]:
    """(code, name) of a printed label (the code may follow a level word: 'Kegiatan: 1. X')."""
    code, rest = _split_code(label)
    m = _LEVEL_PREFIX.match(rest) or _LEVEL_WORD_CODE.match(rest)
    if not code and m:
        code = _split_code(rest[m.end():])[0]
    name = _strip_prefix(rest)
    name = _drop_trailing_input(name).strip(" :;,-")
    return code.rstrip(), _WS.sub(" ", name)


# ======================================================================================
# Aggregate (revenue / expenditure type / financing) and urusan × OPD tables
# ======================================================================================
def _code_rank(style: str, seen: list[str]) -> int:
    if style not in seen:
        seen.append(style)
    return seen.index(style)


#: Why a line of spending by funding source is not a budget row (:func:`_aggregate`).
FUNDING_SOURCE_REASON = ("spending by funding source (Sumber Dana: PAD, DAU, DAK …): the contract has no "
                         "funding-source level; not extracted")


def _aggregate(ctx: _Ctx, v: _View) -> None:
    h = " ".join(v.labels)
    default = ("revenue" if "pendapatan" in h else "financing" if "pembiayaan" in h
               else "expenditure_type")
    b, r, p = _budget_cols(v.labels, loose=True)
    scale, scale_note = amount_scale(list(v.labels), [b, r], f"{v.table.caption or ''} {v.table.context}")
    name_col = _word_col(v.labels, AGGREGATE_NAME_WORDS) or 1
    # funding sources (Sumber Dana: PAD, DAU, DAK): revenue when the table or its caption says
    # pendapatan; spending by source of funds has no contract level (listed, not guessed: a
    # source is no type of spending, and would be summed with Belanja Operasi/Modal)
    funding = name_col < len(v.labels) and _names(v.labels[name_col], FUNDING_SOURCE_WORDS)
    if funding and _REVENUE_CAPTION.search(f"{v.table.caption or ''} {v.table.context}"):
        default = "revenue"
    stack: list[tuple[int, str]] = []
    seen: list[str] = []
    for row in v.rows:
        if not amount_cells(row, v.table) and not _printed_value(row, b):
            continue
        code, name = _row_code_name(row, name_col)
        level = "total" if TOTAL_NAME.match(name) or not name else default
        if funding and level == "expenditure_type" and not _BELANJA_NAME.match(name):
            # (a Belanja … line under a source, 'APBD' over 'Belanja Pegawai', is a type of
            # spending; 'Pendapatan Asli Daerah' here is a source of the spending, no revenue)
            ctx.skip(row.line, FUNDING_SOURCE_REASON)
            continue
        if level == "expenditure_type" and re.match(r"\W*(?:pendapatan|penerimaan)", name, re.I):
            level = "revenue"
        rank = _code_rank(_label_style(code), seen) if code else 99
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack and level != "total" else ""
        rec = _Rec(ctx.entity_at(row.line), level, name or "Total", v.name, row.line, code=code,
                   parent=parent, kind="aggregate")
        rec.lines.update(row.lines)
        _finish_values(rec, _cell(row, b, v.style), _cell(row, r, v.style),
                       _pct_cell(row, p, v.style), scale=scale)
        if scale_note:
            rec.notes.append(scale_note)
        ctx.add(rec)
        if code and level != "total":
            stack.append((rank, name))


def _printed_value(row: Row, j: int | None) -> bool:
    """A named row whose budget cell prints a zero or a dash (a budget line without money)."""
    if j is None or j >= len(row.cells):
        return False
    cell = _clean(row.cells[j])
    return bool(re.fullmatch(r"-|0(?:[.,]0+)?", cell)) and any(
        re.search(r"[A-Za-z]{3}", c) for c in row.cells[:j])


def _cell(row: Row, j: int | None, style: str | None) -> ParsedNumber | None:
    if j is None or j >= len(row.cells):
        return None
    return _parse_cell_amount(row.cells[j], style)


def _pct_cell(row: Row, j: int | None, style: str | None) -> ParsedNumber | None:
    if j is None or j >= len(row.cells) or not row.cells[j].strip():
        return None
    return _parse_pct(row.cells[j], style)


def _row_code_name(row: Row, name_col: int) -> tuple[str, str]:
    cells = [_clean(c) for c in row.cells]
    name = cells[name_col] if name_col < len(cells) else ""
    first = cells[0] if name_col > 0 else ""
    code = ""
    if first and (_LIST_CODE_CELL.fullmatch(first) or _DOTTED_CODE_CELL.fullmatch(first)):
        code = first.rstrip(".) ")
    elif first and not name:
        name = first
    c2, n2 = _display_name(name) if name else ("", "")
    return code or c2.rstrip(".) "), n2


def _urusan_opd(ctx: _Ctx, v: _View) -> None:
    b, r, p = _budget_cols(v.labels)
    # revenue columns beside the spending ('Target Pendapatan | Realisasi Pendapatan'): each
    # agency's revenue is no line of the government's revenue accounts; noted on its row
    revenue_cols = [j for j, lab in enumerate(v.labels) if j not in (b, r, p) and _REVENUE_CAPTION.search(lab)]
    scale, scale_note = amount_scale(list(v.labels), [b, r], f"{v.table.caption or ''} {v.table.context}")
    name_col = _word_col(v.labels, OPD_NAME_WORDS + AGENCY_NAME_COLUMN_WORDS) or 1
    group = urusan = ""
    for row in v.rows:
        if not amount_cells(row, v.table) and not _printed_value(row, b):
            continue
        code, name = _row_code_name(row, name_col)
        style = _label_style(code + ".") if code else "none"
        if TOTAL_NAME.match(name) or (not name and not code):
            level, parent, entity = "total", "", ctx.meta.entity
        elif style == "roman":
            level, parent, entity = "urusan", "", ctx.meta.entity
            group, urusan = name, ""
        elif (code or _URUSAN_NAME.match(name)) and not is_agency_name(name):
            level, parent, entity = "urusan", group, ctx.meta.entity
            urusan = name
        else:
            level, parent, entity = "opd", urusan or group, name
        rec = _Rec(entity, level, name or "TOTAL", v.name, row.line, code=code, parent=parent,
                   kind="urusan_opd" if r is not None else "budget_only")
        rec.lines.update(row.lines)
        _finish_values(rec, _cell(row, b, v.style), _cell(row, r, v.style),
                       _pct_cell(row, p, v.style), scale=scale)
        if scale_note:
            rec.notes.append(scale_note)
        printed = [f"{v.labels[j]} {row.cells[j].strip()}" for j in revenue_cols
                   if j < len(row.cells) and row.cells[j].strip() and _DIGIT.search(row.cells[j])]
        if printed:
            rec.notes.append("revenue printed beside the spending, not recorded: " + "; ".join(printed))
        ctx.add(rec)


# ======================================================================================
# Explicit-column programme tables and budget-only tables
# ======================================================================================
_ACCOUNT_CODE = re.compile(r"[456](?:\.\d{1,4})*")


def _account_code_col(v: _View) -> int | None:
    """The account-code column of a budget regulation's table (Perda APBD lampiran): a column
    (the one whose label names an account, :data:`~analysis.extract.vocabulary.ACCOUNT_CODE_WORDS`,
    *Kode Rekening*, else the first) that prints a class code 4, 5 or 6 beside *Pendapatan*,
    *Belanja* or *Pembiayaan* on some row; else None. Programme codes share the digits
    (``4.01.01``, unsur penunjang; DPA tables also head them *Kode Rekening*), so neither the
    codes nor the label alone decide."""
    j = next((k for k, lab in enumerate(v.labels) if _names(lab, ACCOUNT_CODE_WORDS)), 0)
    classes = {"4": _PENDAPATAN_NAME, "5": _BELANJA_NAME, "6": _PEMBIAYAAN_NAME}
    for row in v.rows:
        cells = [c.strip() for c in row.cells]
        code = cells[j].rstrip(".") if j < len(cells) else ""
        if code in classes and classes[code].match(next((c for c in cells[j + 1:] if c), "")):
            return j
    return None


def _account_level(code: str, name: str) -> str | None:
    """The level of an APBD line by its account code (:data:`ACCOUNT_CLASS_LEVELS`); ``total``
    for the balancing lines (*Surplus/(Defisit)*, *Pembiayaan Neto*, *SiLPA*, *Jumlah*); None
    for a line without an account code or named as a programme or kegiatan."""
    if ACCOUNT_BALANCE_WORDS.match(name):
        return "total"
    if _ACCOUNT_CODE.fullmatch(code) and _explicit_level(name) is None:
        return ACCOUNT_CLASS_LEVELS[code[0]]
    return None


def _columns(ctx: _Ctx, v: _View, budget_only: bool = False) -> None:
    labels = list(v.labels)
    # a year per row ('Tahun | Anggaran | Realisasi | %', or under a programme printed on the
    # first of its years): the column is no amount, even when its header says 'Tahun Anggaran'
    year_col = _year_column(v)
    if year_col is not None:
        labels[year_col] = PLAN_YEAR_WORD
    b, r, p = v.money if v.money is not None else _budget_cols(labels)
    if budget_only:
        r = p = None
    plan_word = _plan_word(v, b) if budget_only else ""
    plan_year, forward_cols = _plan_year_columns(labels, b) if plan_word else (None, [])
    ind_col = _word_col(labels, INDICATOR_WORDS)
    name_col = _word_col(labels, PROGRAMME_NAME_WORDS + INDICATOR_WORDS + AGGREGATE_NAME_WORDS)
    if name_col == ind_col and name_col is not None and _word_col(labels, PROGRAMME_NAME_WORDS) is not None:
        name_col = _word_col(labels, PROGRAMME_NAME_WORDS)
    program_col = bool(name_col is not None and labels[name_col] == "program")
    kegiatan_col = False
    has_ind = ind_col is not None and ind_col != name_col and "kinerja" in " ".join(labels)
    state = _LevelState(has_indicator=has_ind and not budget_only)
    last_row = v.rows[-1] if v.rows else None
    programme_amounts = _programme_amounts_only(v, name_col, b)
    account_col = _account_code_col(v)
    accounts: dict[str, str] = {}  # account code → name, for the parents of an APBD summary
    # a column of programme/kegiatan codes left of the names (*Kode*), not the account column
    code_col = _word_col(labels[:name_col], CODE_COLUMN_WORDS) if name_col is not None else None
    if code_col == account_col:
        code_col = None
    original_col = _original_col(labels, b) if not budget_only else None
    scale, scale_note = amount_scale(labels, [b, r], f"{v.table.caption or ''} {v.table.context}")
    # the names are strategic objectives: the name column (or, without one, a column left of
    # the budget) is headed Sasaran/Tujuan
    objective_names = any(_OBJECTIVE_LABEL.search(lab) for lab in
                          ([labels[name_col]] if name_col is not None else labels[:b or 0]))
    # an APBD summary (a line named Pendapatan … and one named Belanja …, no programme column):
    # its lines are the budget's aggregates (belanja, pembiayaan, surplus/defisit)
    row_names = [_clean(r.cells[name_col]) for r in v.rows if name_col is not None and name_col < len(r.cells)]
    apbd_summary = bool(name_col is not None and not _names(labels[name_col], PROGRAMME_NAME_WORDS[1:])
                        and any(_PENDAPATAN_NAME.match(x) for x in row_names)
                        and any(_BELANJA_NAME.match(x) for x in row_names))
    # a table of revenue (caption 'Target dan Realisasi Pendapatan Daerah', no programme
    # column, a row named Pendapatan …): its other lines are revenue categories too ('Lain-lain
    # Pendapatan Daerah yang Sah', 'Pajak Daerah')
    revenue_table = bool(
        _REVENUE_CAPTION.search(f"{v.table.caption or ''} {v.table.context}")
        and name_col is not None and not _names(labels[name_col], PROGRAMME_NAME_WORDS[1:])
        and any(_PENDAPATAN_NAME.match(_clean(r.cells[name_col])) for r in v.rows if name_col < len(r.cells)))
    # a table of spending (caption 'Realisasi Belanja Daerah', no programme column): its lines
    # named Belanja … are expenditure types ('Belanja Operasi', 'Belanja Modal')
    expenditure_table = bool(
        _BELANJA_NAME.search(f"{v.table.caption or ''}") and name_col is not None
        and not _names(labels[name_col], PROGRAMME_NAME_WORDS[1:]))
    # a programme column and, right of it, a kegiatan column ('Program | Kegiatan | Anggaran |
    # …'): a row naming a kegiatan is that kegiatan under the programme named on its row or
    # above (HTML rowspan copies the programme into every row of its kegiatan)
    keg_col = _kegiatan_column(labels, name_col, b, ind_col) if program_col else None
    # a name column headed by urusan alone ('Urusan Pemerintahan', 'Urusan/Bidang Urusan'): its
    # lines are urusan and bidang urusan, each under the line whose code prefixes its code
    uj = name_col if name_col is not None else _word_col(labels[:b] if b is not None else labels, ("urusan",))
    urusan_col = bool(uj is not None and _URUSAN_NAME.match(labels[uj]) and not _PROGRAM_WORD.search(labels[uj])
                      and not _KEGIATAN_WORD.search(labels[uj]) and not _names(labels[uj], OPD_NAME_WORDS[:1]))
    if urusan_col:
        name_col = uj
    urusan_codes: dict[str, str] = {}
    keg_level = "sub_kegiatan" if keg_col is not None and _SUB_KEGIATAN_WORD.search(labels[keg_col]) else "kegiatan"
    programme_above = ""
    named: _Rec | None = None  # the last row with a name, for the years printed under it
    for row in v.rows:
        sub = _subheader(row)
        if sub is not None:
            labels = sub + [""] * (len(row.cells) - len(sub))
            b = next((j for j, lab in enumerate(labels) if _names(lab, BUDGET_WORDS)), None)
            name_col = _word_col(labels, PROGRAMME_NAME_WORDS)
            # a 'Program / Kegiatan' column (a header printed again on the next page) holds both;
            # a 'Kegiatan' column without a programme word holds kegiatan
            named = labels[name_col] if name_col is not None else ""
            program_col = not _KEGIATAN_WORD.search(named)
            kegiatan_col = bool(_KEGIATAN_WORD.search(named)) and not _PROGRAM_WORD.search(named) \
                and not _SUB_KEGIATAN_WORD.search(named)
            continue
        if not amount_cells(row, v.table):
            if account_col is not None and account_col < len(row.cells):
                # an account printed without an amount ('6 PEMBIAYAAN DAERAH') is still a parent
                acc = row.cells[account_col].strip().rstrip(".")
                rest = [c.strip() for j, c in enumerate(row.cells) if j != account_col and c.strip()]
                if _ACCOUNT_CODE.fullmatch(acc) and rest:
                    accounts[acc] = _clean(rest[0])
            continue
        cells = [_clean(c) for c in row.cells]
        amt_cols = amount_cells(row, v.table)
        bcol = b if b is not None else amt_cols[0]
        row_year = None
        if year_col is not None and year_col < len(cells):
            row_year = _year_cell(cells[year_col])
            cells[year_col] = ""
        label = _label_left_of(cells, name_col, bcol)
        keg_name = ""
        if keg_col is not None:
            programme_above = (cells[name_col].strip() if name_col is not None and name_col < len(cells) else "") \
                or programme_above
            keg_name = cells[keg_col].strip() if keg_col < len(cells) and not TOTAL_NAME.match(label) else ""
            label = keg_name or label
        if not label and row_year is not None:
            _year_row(ctx, v, row, row_year, named, (b, r, p), scale, scale_note)
            continue
        listed: list[tuple[int, str]] = []
        if programme_amounts and len(row.lines) > 1 and _explicit_level(label) == "program":
            label, listed = _titles_listed_below(ctx, v, row, cells.index(label), label)
        code, name = _display_name(label) if label else ("", "")
        if not code and code_col is not None and code_col < len(cells) and _DOTTED_CODE_CELL.fullmatch(cells[code_col]):
            code = cells[code_col].rstrip(".")
        if not code and cells and (_LIST_CODE_CELL.fullmatch(cells[0]) or _DOTTED_CODE_CELL.fullmatch(cells[0])):
            code = cells[0].rstrip(".) ")
        amounts = (_cell(row, bcol, v.style), _cell(row, r, v.style))
        values = tuple(a.value if a is not None and a.ok else None for a in amounts)
        indicator = bool(ind_col is not None and ind_col < len(cells) and cells[ind_col])
        guessed = False
        account = None
        if account_col is not None and name:
            account_code = cells[account_col].strip().rstrip(".") if account_col < len(cells) else ""
            account = _account_level(account_code, name)
            if account is not None:
                code = account_code if account != "total" else code
        if not name:
            if row is last_row:
                level, name = "total", "Jumlah (unlabelled total row)"
            else:
                ctx.skip(row.line, "amounts without a name in an explicit-column table")
                continue
        elif account is not None:
            level = account
        elif TOTAL_NAME.match(name):
            level = "total"
        elif keg_name and not _explicit_level(label):
            level = keg_level
        elif urusan_col and not _explicit_level(label) and not is_agency_name(name):
            level = "urusan"
        elif not _explicit_level(label) and not is_agency_name(name) and (nomenclature := _nomenclature_level(code)):
            level = nomenclature
        elif program_col and not _explicit_level(label):
            level = "program"
        elif kegiatan_col and not _explicit_level(label):
            level = "kegiatan"
        elif apbd_summary and ACCOUNT_BALANCE_WORDS.match(name):
            level = "total"
        elif _BELANJA_NAME.match(name) and (apbd_summary or expenditure_table
                                            or _EXPENDITURE_HEADER.search(" ".join(labels))):
            level = "expenditure_type"
        elif apbd_summary and _PEMBIAYAAN_NAME.match(name):
            level = "financing"
        elif _PENDAPATAN_NAME.match(name) or (revenue_table and not _explicit_level(label)):
            level = "revenue"
        else:
            level = state.level_for(label if code in label else f"{code} {label}", indicator, values)
            guessed = state.guessed
        parent = state.parent(level) if level in _OUTLINE else ""
        if keg_name and programme_above:
            parent = _display_name(programme_above)[1]
        if level == "urusan" and urusan_col:
            parent = next((urusan_codes[c] for c in sorted(urusan_codes, key=len, reverse=True)
                           if code.startswith(c + ".")), "")
            if code:
                urusan_codes[code] = name
        if account is not None and account != "total":
            # the nearest account above whose code is a prefix of this one (4.1 under 4)
            parent = next((accounts[c] for c in sorted(accounts, key=len, reverse=True)
                           if code.startswith(c + ".")), "")
            accounts[code] = name
        rec = _Rec(ctx.entity_at(row.line), level, name, v.name, row.line, code=code,
                   parent=parent, kind="budget_only" if budget_only else "columns", plan_word=plan_word)
        if level in _OUTLINE:
            rec.parent_rec = state.parent_rec(level)
            rec.level_src = "guess" if guessed else "words"
            rec.heading = state.take_heading()
        rec.lines.update(row.lines)
        _finish_values(rec, amounts[0], amounts[1], _pct_cell(row, p, v.style), scale=scale)
        if scale_note and (rec.budget is not None or rec.realization is not None):
            rec.notes.append(scale_note)
        original = _cell(row, original_col, v.style)
        if original is not None and original.ok and original.value is not None:
            rec.budget_original = original.value * scale
        if listed:
            rec.notes.append(f"{len(listed)} kegiatan listed below the programme without amounts (lines "
                             f"{', '.join(str(ln) for ln, _ in listed)}; not budget rows): "
                             + "; ".join(t for _, t in listed))
        if plan_year is not None:
            rec.fiscal_year = plan_year
            rec.forward = [(year, amount, labels[j]) for j, year in forward_cols
                           if (amount := _cell(row, j, v.style)) is not None and amount.raw.strip()]
        if v.kind == "columns" and "indikator" in " ".join(labels) and (
                "efisiensi" in " ".join(labels)
                or (name_col is not None and name_col == ind_col and not _explicit_level(label))):
            # the LKjIP efficiency table, or any table whose names are the indicators' ('Sasaran
            # | Indikator | Kinerja: Target, Realisasi, % | Anggaran: Pagu, Realisasi, %')
            rec.notes.append("budget of a performance indicator (sum of the programmes supporting it), "
                             "recorded at programme level")
            rec.level = "program"
            rec.parent = ""
        elif (v.kind == "columns" and level != "total" and objective_names
              and not _explicit_level(label)):
            # 'Sasaran Strategis | Anggaran | Realisasi': a strategic objective's budget (the
            # programmes supporting it); the contract has no objective level
            rec.notes.append("budget of a strategic objective (sasaran; sum of the programmes supporting "
                             "it), recorded at programme level")
            rec.level = "program"
            rec.parent = ""
        if row_year is not None:
            rec.fiscal_year = row_year
            rec.notes.append(YEAR_ROW_NOTE)
        ctx.add(rec)
        state.push(level, name, values, rec)
        named = rec


def _named_line_level(name: str) -> str:
    """The level of a line a table over the years names once (in a column, its caption or its
    heading): from its words (*Program …*, *Belanja …* an expenditure type, *Pendapatan …*
    revenue), else the table's total.

    >>> [_named_line_level(n) for n in ("Program Pelayanan", "Belanja Pegawai", "Pendapatan Asli Daerah", "Anggaran Dinas")]
    ['program', 'expenditure_type', 'revenue', 'total']
    """
    return _explicit_level(name) or ("expenditure_type" if _BELANJA_NAME.match(name) else
                                     "revenue" if _PENDAPATAN_NAME.match(name) else "total")


def _side(ctx: _Ctx, v: _View) -> None:
    """Rows of a budget table on its side (:func:`~analysis.extract.yearly.read_transposed`:
    a column per year, *Anggaran / Realisasi / %* as rows): one row per line and year, its
    level from its words (*Program …*, *Belanja …*), else the table's total (a line named by the
    caption or the heading). Its source line is the line's first row (the budget's)."""
    assert v.side is not None
    for ln, why in v.side.skipped:
        ctx.skip(ln, why)
    for g in v.side.groups:
        labels = [g.labels.get(k, "") for k in ("budget", "realization")]
        scale, scale_note = amount_scale(labels, [0, 1], f"{v.table.caption or ''} {v.table.context}")
        code, name = _display_name(g.name)
        level = _named_line_level(g.name)
        for year in v.side.years:
            cells = g.cells.get(year, {})
            if not any(_clean(c) not in ("", "-") for c in cells.values()):
                continue  # nothing printed for the year
            rec = _Rec(ctx.entity_at(g.lines[0]), level, name, v.name, g.lines[0], code=code.rstrip(".)"),
                       kind="side")
            rec.lines.update(g.lines)
            pct = _parse_pct(cells["pct"], v.style) if cells.get("pct", "").strip() else None
            _finish_values(rec, _parse_cell_amount(cells.get("budget", ""), v.style),
                           _parse_cell_amount(cells["realization"], v.style) if "realization" in cells else None,
                           pct, scale=scale)
            if scale_note and (rec.budget is not None or rec.realization is not None):
                rec.notes.append(scale_note)
            rec.fiscal_year = year
            rec.notes.append(f"table on its side (a column per year; lines {', '.join(map(str, g.lines))})"
                             + ("" if g.name_source == "column" else f"; named by the table's {g.name_source}"))
            ctx.add(rec)


#: The note of a budget row whose year is printed in a *Tahun* column of its own row.
YEAR_ROW_NOTE = "year printed on the row (Tahun column)"


def _year_cell(cell: str) -> int | None:
    """The year a cell prints alone ('2023', 'Tahun 2023', 'TA 2023'), else None.

    >>> _year_cell("2023"), _year_cell("TA. 2022"), _year_cell("2.023"), _year_cell("Jumlah")
    (2023, 2022, None, None)
    """
    return int(_YEAR_IN_CELL.search(cell).group(0)) if cell and YEAR_LABEL.match(cell) else None


_YEAR_IN_CELL = re.compile(r"(?:19|20)\d{2}")


def _year_column(v: _View) -> int | None:
    """The column of an explicit-column budget table that prints each amount row's year (two
    or more rows, at least half of the rows with amounts), else None."""
    rows = [row for row in v.rows if amount_cells(row, v.table)]
    if len(rows) < 2:
        return None
    # the cheap test first: a cell that is a year alone (most budget tables have none)
    if not any(4 <= len(c) <= 12 and YEAR_LABEL.match(c) for row in rows for c in row.cells):
        return None
    width = max(len(row.cells) for row in rows)
    for j in range(width):
        years = [_year_cell(row.cells[j].strip()) for row in rows if j < len(row.cells)]
        found = [y for y in years if y is not None]
        if len(found) >= 2 and 2 * len(found) >= len(rows):
            return j
    return None


def _year_row(ctx: _Ctx, v: _View, row: Row, year: int, named: _Rec | None,
              money: tuple[int | None, int | None, int | None], scale: float, scale_note: str) -> None:
    """The amounts of a row that prints only a year: another year of the line named above it
    (the programme printed on the first of its years), or, in a table without names, a line
    named by the caption ('Perkembangan Anggaran dan Realisasi Belanja': the table's total)."""
    b, r, p = money
    if named is not None:
        rec = _Rec(named.entity, named.level, named.name, v.name, row.line, code=named.code,
                   parent=named.parent, kind=named.kind, plan_word=named.plan_word,
                   level_src=named.level_src, parent_rec=named.parent_rec)
    else:
        name = name_from_caption(v.table.caption) or caption_title(v.table.caption) or v.name
        rec = _Rec(ctx.entity_at(row.line), _named_line_level(name), name, v.name, row.line, kind="columns")
        rec.notes.append("no name column: the line is named by the table's caption")
    rec.lines.update(row.lines)
    _finish_values(rec, _cell(row, b, v.style), _cell(row, r, v.style), _pct_cell(row, p, v.style), scale=scale)
    if scale_note and (rec.budget is not None or rec.realization is not None):
        rec.notes.append(scale_note)
    rec.fiscal_year = year
    rec.notes.append(YEAR_ROW_NOTE)
    ctx.add(rec)


def _programme_amounts_only(v: _View, name_col: int | None, b: int | None) -> bool:
    """Whether every named amount row of an explicit-column table is a programme (or a total)
    by its words: a table whose amounts sit on the programme lines only, the kegiatan being
    listed under them without amounts (an LKIP *Program dan kegiatan penunjang capaian
    kinerja* table)."""
    seen = False
    for row in v.rows:
        amt = amount_cells(row, v.table)
        if not amt:
            continue
        cells = [_clean(c) for c in row.cells]
        label = _label_left_of(cells, name_col, b if b is not None else amt[0])
        if not label:
            continue
        level = _explicit_level(label)
        if level not in ("program", "total"):
            return False
        seen = seen or level == "program"
    return seen


def _titles_listed_below(ctx: _Ctx, v: _View, row: Row, col: int, label: str) -> tuple[str, list[tuple[int, str]]]:
    """Split the name cell of a programme row merged from several printed lines into the
    programme's own name and the titles listed below it without amounts.

    A printed line of the cell continues the name above it (a wrapped name: kept in the name)
    when it starts without a capital letter, when the line above ends unfinished
    (:func:`ends_unfinished`) or is a single word (a narrow column wrapping word by word), or
    when its first word would not have fitted on the line above (the line above is shorter
    than the longest printed line of the column in the table, but not by that word, with
    :data:`~analysis.extract.vocabulary.WRAP_WIDTH_SLACK`: the converter wrapped it; a line
    above as long as the longest says nothing); a line starting with a capital after a finished line
    with room left is a title of its own (a kegiatan listed under the programme without
    amounts). Only called for tables whose amounts sit on the programme rows only
    (:func:`_programme_amounts_only`). Returns the programme label and the (line, title) pairs."""
    pieces = [(ln, _clean(cells[col]) if col < len(cells) else "")
              for ln, cells in ctx.doc.physical_rows(v.table, row)]
    pieces = [(ln, t) for ln, t in pieces if t]
    if len(pieces) < 2:
        return label, []
    width = max(len(_clean(cells[col])) for r in v.rows for _, cells in ctx.doc.physical_rows(v.table, r)
                if col < len(cells))
    head = pieces[0][1]
    titles: list[list] = []
    prev = head
    for ln, text in pieces[1:]:
        room = len(prev) >= width or len(prev) + 1 + len(text.split()[0]) <= width * WRAP_WIDTH_SLACK
        if text[0].isupper() and not ends_unfinished(prev) and len(prev.split()) > 1 and room:
            titles.append([ln, text])
        elif titles:
            titles[-1][1] += " " + text
        else:
            head += " " + text
        prev = text
    if not titles:
        return label, []
    return head, [(ln, t) for ln, t in titles]


def _plan_year_columns(labels: list[str], b: int | None) -> tuple[int | None, list[tuple[int, int]]]:
    """The year of a planned budget column ``b`` and the forward-estimate columns beside it.

    The year is the one its label or spanning header names (*Rencana Tahun (2023)* over *Pagu
    Indikatif*; :func:`~analysis.extract.columns.column_roles`); the forward estimates are the
    other ``budget`` columns of a later year whose label names a plan
    (:data:`~analysis.extract.vocabulary.PLAN_BUDGET_WORDS`: *Prakiraan Maju Tahun 2024 |
    Kebutuhan Dana/Pagu Indikatif*), as (column, year).

    Examples
    --------
    >>> _plan_year_columns(["kode", "program/kegiatan", "rencana tahun (2023) pagu indikatif",
    ...                     "rencana tahun (2023) sumber dana",
    ...                     "prakiraan maju tahun 2024 kebutuhan dana/pagu indikatif"], 2)
    (2023, [(4, 2024)])
    >>> _plan_year_columns(["program", "pagu indikatif (rp)"], 1)
    (None, [])
    """
    cols = column_roles([canonical_header(x) for x in labels])
    year = cols[b].year if b is not None and b < len(cols) else None
    if year is None:
        return None, []
    return year, [(c.index, c.year) for c in cols if c.role == "budget" and c.index != b
                  and c.year is not None and c.year > year and any(w in c.label for w in PLAN_BUDGET_WORDS)]


def _forward_rows(ctx: _Ctx) -> None:
    """One row per forward estimate of a plan row (:func:`_plan_year_columns`): the plan row's
    level, name, code and parent (after the hierarchy repair), ``fiscal_year`` = the
    estimate's year, ``budget_basis='planned'``, noted as a forward estimate. The plan year's
    own amount stays on the plan row: the two are never summed or mixed."""
    for rec in list(ctx.recs):
        for year, amount, label in rec.forward:
            word = next((w for w in FORWARD_ESTIMATE_WORDS if w in label), "")
            out = _Rec(rec.entity, rec.level, rec.name, rec.source_table, rec.source_line, code=rec.code,
                       parent=rec.parent, basis="planned", kind="forward", fiscal_year=year)
            out.lines.update(rec.lines)
            _finish_values(out, amount, None, None)
            out.notes.append(f"forward estimate{f' ({word})' if word else ''} for {year}, printed beside "
                             f"the {rec.fiscal_year} plan; not part of the {rec.fiscal_year} amounts")
            ctx.add(out)


#: the least amount a Renja evaluation form's target/realisation cell must reach on every
#: valued row for the pair to be read as rupiah (a kegiatan's pagu and realisation)
_RUPIAH_FORM_MIN = 1_000_000
#: a rupiah amount printed with grouped thousands ('254.800.272,00', '1,250,000')
_NUMBER_LIKE = re.compile(r"^\s*(?:R[pP]\.?\s*)?\d[\d.,\s]*$")
_GROUPED_AMOUNT = re.compile(r"^\s*(?:R[pP]\.?\s*)?\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{2})?\s*$")


def _rupiah_cells(rows: list[Row], j: int, style: str | None) -> bool:
    """Every cell of column ``j`` of ``rows`` prints a grouped amount of at least
    :data:`_RUPIAH_FORM_MIN` ('254.800.272,00')."""
    for row in rows:
        if not _GROUPED_AMOUNT.match(row.cells[j]):
            return False
        p = _parse_cell_amount(row.cells[j], style)
        if not p.ok or p.value is None or p.value < _RUPIAH_FORM_MIN:
            return False
    return True


def _renja_target_column(cols, after: int, year: int) -> tuple[int, int] | None:
    """The current-year Renja target column of a Renja evaluation form, as (column, year).

    The first ``target`` column after column ``after`` whose header names a year later than
    ``year`` (the evaluated year) and a Renja
    (:data:`~analysis.extract.vocabulary.RENJA_TARGET_WORDS`: *Target Program dan Kegiatan
    (Renja) Tahun 2014*), not a Renstra (:data:`~analysis.extract.vocabulary.RENSTRA_WORDS`: the
    five-year end target or the progress towards it). ``cols``: the table's column roles
    (:func:`~analysis.extract.columns.column_roles`).

    Examples
    --------
    >>> cols = column_roles(["program/kegiatan", "target kinerja capaian program (renstra) tahun 2015",
    ...                      "target renja tahun 2013", "realisasi renja tahun 2013",
    ...                      "tingkat realisasi (%)", "target program dan kegiatan (renja) tahun 2014"])
    >>> _renja_target_column(cols, 4, 2013)
    (5, 2014)
    >>> _renja_target_column(cols[:5], 4, 2013) is None
    True
    """
    for c in cols[after + 1:]:
        label = c.label.lower()
        if c.role == "target" and c.year is not None and int(c.year) > int(year) \
                and any(w in label for w in RENJA_TARGET_WORDS) and not any(w in label for w in RENSTRA_WORDS):
            return c.index, int(c.year)
    return None


def _rupiah_evaluation(ctx: _Ctx, v: _View) -> None:
    """Budget rows from a Renja evaluation form (*Rekapitulasi Evaluasi Hasil Pelaksanaan
    Renja*) whose last year's *Target | Realisasi | Tingkat Realisasi (%)* sub-columns hold
    rupiah amounts on every valued row (the form's performance columns filled with each
    programme's/kegiatan's pagu and realisation; the indicator rows keep the values too).

    The pair is read only when the table has a programme/kegiatan name column, the target and
    realisation columns are adjacent and of the same year with a percentage column after
    them, and every row with both cells valued prints grouped amounts of at least
    :data:`_RUPIAH_FORM_MIN`. Rows without a name (a second indicator line of the item above)
    are left to the indicator extractor.

    The current year's Renja target column after them (:func:`_renja_target_column`: *Target
    Program dan Kegiatan (Renja) Tahun 2014*), when every valued cell of it also prints such an
    amount, is that year's planned budget (pagu): one more row per named item with an amount,
    ``budget_basis='planned'``, ``fiscal_year`` = the year of its header, never mixed with the
    last year's row; a '-' cell is no amount and gives no row (as '-' in the pair). The Renstra
    end target and the cumulative/progress columns are no year's budget and are not read."""
    width = len(v.labels)
    cols = column_roles(column_stacks(v.header, width)[:width]) if v.header else ()
    name_col = next((c.index for c in cols if c.role == "program"), None)
    pair = next(((c.index, c.year) for c in cols[:-2] if c.role == "target" and c.year is not None
                 and cols[c.index + 1].role == "actual" and cols[c.index + 1].year == c.year
                 and cols[c.index + 2].role == "achievement"), None)
    if name_col is None or pair is None:
        return
    t, year = pair
    # (a header printed again inside the table, with its column-numbering row, is no data row)
    valued = [row for row in v.rows if len(row.cells) > t + 1
              and all(_NUMBER_LIKE.match(row.cells[j]) for j in (t, t + 1))
              and not is_formula_numbering_row(list(row.cells))]
    if not valued or not all(_rupiah_cells(valued, j, v.style) for j in (t, t + 1)):
        return
    plan = _renja_target_column(cols, t + 2, int(year))
    planned: list[Row] = []
    if plan is not None:
        planned = [row for row in v.rows if len(row.cells) > plan[0] and _NUMBER_LIKE.match(row.cells[plan[0]])
                   and not is_formula_numbering_row(list(row.cells))]
        if not _rupiah_cells(planned, plan[0], v.style):
            planned = []
    parent = ""
    for row in v.rows:
        cells = [_clean(c) for c in row.cells]
        name = cells[name_col] if name_col < len(cells) else ""
        if not name:
            continue
        codes = [c for c in cells[:name_col] if c]
        level = _explicit_level(name) or {3: "program", 4: "kegiatan", 5: "sub_kegiatan"}.get(len(codes))
        if level == "program":
            parent = _display_name(name)[1]
        if level not in ("program", "kegiatan", "sub_kegiatan"):
            continue
        if row in valued:
            rec = _Rec(ctx.entity_at(row.line), level, _display_name(name)[1], v.name, row.line,
                       code=".".join(codes), parent=parent if level != "program" else "", kind="evaluation")
            rec.fiscal_year = int(year)
            rec.lines.update(row.lines)
            _finish_values(rec, _cell(row, t, v.style), _cell(row, t + 1, v.style), _pct_cell(row, t + 2, v.style))
            rec.notes.append(f"Renja evaluation form: the {year} target and realisation columns print rupiah "
                             "amounts, read as the budget and its realisation")
            ctx.add(rec)
        if row in planned:
            rec = _Rec(ctx.entity_at(row.line), level, _display_name(name)[1], v.name, row.line,
                       code=".".join(codes), parent=parent if level != "program" else "", basis="planned",
                       kind="evaluation", fiscal_year=plan[1])
            rec.lines.update(row.lines)
            _finish_values(rec, _cell(row, plan[0], v.style), None, None)
            rec.notes.append(f"Renja evaluation form: the {plan[1]} Renja target column prints rupiah amounts, "
                             f"read as the planned budget (pagu) of {plan[1]}; not part of the {year} amounts")
            ctx.add(rec)


def _kegiatan_column(labels: list[str], name_col: int | None, b: int | None, ind_col: int | None) -> int | None:
    """The kegiatan column right of a programme column (``name_col``) and left of the budget
    ``b``: its label names kegiatan (or sub-kegiatan) and no programme; None without one.

    >>> _kegiatan_column(["program", "kegiatan", "anggaran (rp)", "realisasi (rp)"], 0, 2, None)
    1
    >>> _kegiatan_column(["program", "indikator kinerja", "anggaran (rp)"], 0, 2, 1) is None
    True
    """
    if name_col is None:
        return None
    end = b if b is not None else len(labels)
    return next((j for j in range(name_col + 1, end) if j != ind_col and _KEGIATAN_WORD.search(labels[j])
                 and not _PROGRAM_WORD.search(labels[j])), None)


def _label_left_of(cells: list[str], name_col: int | None, amount_col: int) -> str:
    if name_col is not None and name_col < amount_col and name_col < len(cells) and cells[name_col]:
        if not _NUMBERS_CELL.fullmatch(cells[name_col]):
            return cells[name_col]
    for j in range(min(amount_col, len(cells)) - 1, -1, -1):
        c = cells[j]
        if c and not _CODE_OR_NUMBERS_CELL.fullmatch(c):
            return c
    return ""


# ======================================================================================
# Multi-year plans
# ======================================================================================
def _plan(ctx: _Ctx, v: _View) -> None:
    """Rows of a multi-year plan (module docstring, "Multi-year plans"): the year of each
    column from the shared column roles (:func:`~analysis.extract.columns.column_roles`: a
    ``budget`` column of a year is read, the other columns of a year are its targets)."""
    years: dict[int, int] = {}  # anggaran column -> year
    target_cols: set[int] = set()
    for c in column_roles([canonical_header(x) for x in v.labels]):
        if c.year is None:
            continue
        if c.role == "budget":
            years[c.index] = int(c.year)
        else:
            target_cols.add(c.index)
    # the years whose budget column names a forward estimate (*Prakiraan Maju Tahun N+1*)
    forward = {years[j]: w for j, lab in enumerate(v.labels) if j in years
               for w in FORWARD_ESTIMATE_WORDS if w in lab.lower()}
    scale, scale_note = amount_scale(list(v.labels), list(range(len(v.labels))),
                                     f"{v.table.caption or ''} {v.table.context}")
    name_col = _word_col(v.labels, PROGRAMME_NAME_WORDS) or 1
    ind_col = _word_col(v.labels, INDICATOR_WORDS)
    program = item = ""
    for row in v.rows:
        lines = ctx.doc.physical_rows(v.table, row)
        if len(lines) > 1 and _plan_amounts([_clean(c) for c in lines[0][1]], years, target_cols, v.style) and \
                not any(_plan_amounts([_clean(c) for c in cells], years, target_cols, v.style) for _, cells in lines[1:]):
            # the row's amounts on its first line, its other lines wrapped text (a name, an
            # indicator run over several lines): one line with the row's whole cells
            lines = [(lines[0][0], list(row.cells))]
        for ln, raw_cells in lines:
            cells = [_clean(c) for c in raw_cells]
            program, item = _plan_line(ctx, v, ln, cells, years, target_cols, (scale, scale_note), name_col,
                                       ind_col, program, item, forward)


def _plan_line(ctx: _Ctx, v: _View, ln: int, cells: list[str], years: dict[int, int],
               target_cols: set[int], scaling: tuple[float, str], name_col: int, ind_col: int | None,
               program: str, item: str, forward: dict[int, str] | None = None) -> tuple[str, str]:
    """One physical line of a multi-year plan; returns the (programme, item) context.
    ``forward``: the years read from a forward-estimate column, with its word (noted)."""
    code, label = _split_code(cells[0]) if cells else ("", "")
    head = " ".join(cells[:2])
    if re.search(r"\bprogram\b", head, re.I) and not any(cells[j] for j in years if j < len(cells)):
        return _strip_prefix(cells[name_col] or label) or f"(unnamed programme {code})", ""
    if cells and re.fullmatch(r"[A-Z]\.", cells[0].strip()) and not any(cells[2:]):
        return f"(unnamed programme {cells[0].strip()})", ""
    named = cells[name_col] if name_col < len(cells) else ""
    if named and not re.match(r"^\W*[-–]\s", named):
        item = _display_name(named)[1]
    found = _plan_amounts(cells, years, target_cols, v.style)
    # a programme printed with its own amounts (the Renja plan form, Permendagri 86/2017) is a
    # programme row and the parent of the rows below it
    programme = bool(found and named and _explicit_level(named) == "program")
    if programme:
        program = item
    if not found:
        if any(_cell_has_amount(c, "") for c in cells):
            ctx.skip(ln, "planned-budget row whose amounts are outside the anggaran columns")
        return program, item
    shift, values = found
    indicator = cells[ind_col] if ind_col is not None and ind_col < len(cells) else ""
    total = bool(cells and TOTAL_NAME.match(cells[0]))
    name = "TOTAL" if total else (item if named or not indicator else f"{item} — {indicator}")
    resp = next((c for c in reversed(cells) if c), "")
    for year, p in values:
        rec = _Rec(ctx.entity_at(ln), "total" if total else "program" if programme else "kegiatan", name, v.name,
                   ln, code="" if total else cells[0].strip().rstrip("."),
                   parent="" if total or programme else program, basis="planned", kind="plan",
                   fiscal_year=year)
        _finish_values(rec, p, None, None, scale=scaling[0])
        if scaling[1]:
            rec.notes.append(scaling[1])
        if shift:
            rec.notes.append(f"row printed {abs(shift)} column(s) to the {'right' if shift > 0 else 'left'}"
                             " of the header; realigned")
        if not named and indicator and not total:
            rec.notes.append("additional indicator line of the kegiatan above")
        if resp and not total and not _DIGIT.search(resp):
            rec.notes.append(f"responsible: {resp}")
        if forward and year in forward:
            plan_year = min((y for y in years.values() if y not in forward), default=min(years.values()))
            rec.notes.append(f"forward estimate ({forward[year]}) for {year}, printed beside the {plan_year} "
                             f"plan; not part of the {plan_year} amounts")
        ctx.add(rec)
    return program, item


def _plan_amounts(cells: list[str], years: dict[int, int], target_cols: set[int],
                  style: str | None) -> tuple[int, list[tuple[int, ParsedNumber]]] | None:
    """Shift (columns moved left) and the (year, amount) cells of a plan row."""
    amt = {j for j, c in enumerate(cells) if c and _DIGITS_AND_SEPARATORS.fullmatch(c.replace(" ", ""))
           and (_THOUSANDS_GROUP_ANY.search(c) or c.strip() == "0")}
    if not amt:
        return None
    best = None
    for shift in (0, 1, -1, 2, -2):
        placed = {j - shift for j in amt}
        score = sum(1 for j in placed if j in years) - sum(1 for j in placed if j not in years)
        if best is None or score > best[0]:
            best = (score, shift)
    shift = best[1]
    values = []
    for j in sorted(amt):
        col = j - shift
        if col in years:
            values.append((years[col], _suspicious(parse_amount(cells[j], style))))
    return (shift, values) if values else None


# ======================================================================================
# Murni vs perubahan
# ======================================================================================
@dataclass
class _Change:
    """One item printed in its original (murni) and revised (perubahan) version."""

    name: str
    original: ParsedNumber | None
    revised: ParsedNumber | None
    source_table: str
    line: int
    lines: set[int]


def _change(ctx: _Ctx, v: _View) -> None:
    jenis = _word_col(v.labels, CHANGE_KIND_COLUMN_WORDS)
    if jenis is None:
        return
    rows = {}
    for row in v.rows:
        key = _clean(row.cells[jenis]).lower() if jenis < len(row.cells) else ""
        if re.search(r"murni|sebelum", key):
            rows["original"] = row
        elif re.search(r"perubahan|sesudah|setelah", key):
            rows["revised"] = row
        elif amount_cells(row, v.table) or re.search(r"\d\s*%", row.text()):
            ctx.skip(row.line, "change/percentage row derived from the murni and perubahan rows")
    if "revised" not in rows:
        return
    o_row, r_row = rows.get("original"), rows["revised"]
    lines = set(r_row.lines) | (set(o_row.lines) if o_row else set())
    text_col = next((j for j, lab in enumerate(v.labels) if lab == CHANGE_TEXT_COLUMN_LABEL), None)
    if text_col is not None:  # 'Pendapatan Daerah: Rp X Belanja Daerah: Rp Y …' in one cell
        # a row cut short (fewer cells than the header) has no text there
        o_text = o_row.cells[text_col] if o_row and text_col < len(o_row.cells) else ""
        r_text = r_row.cells[text_col] if text_col < len(r_row.cells) else ""
        o_items = _labelled_amounts(o_text, v.style) if o_text else {}
        for name, rev in _labelled_amounts(r_text, v.style).items():
            ctx.changes.append(_Change(name, o_items.get(name), rev, v.name, r_row.line, lines))
        return
    for j in range(jenis + 1, len(v.labels)):
        name = _bottom_header(v.header, j)
        if not name:
            continue
        rev = _cell(r_row, j, v.style)
        orig = _cell(o_row, j, v.style) if o_row else None
        if rev is None or rev.status == "missing":
            continue
        ctx.changes.append(_Change(name, orig, rev, v.name, r_row.line, lines))


def _bottom_header(header: list[list[str]], j: int) -> str:
    for h in reversed([h for h in header if not is_numbering_row(h)]):
        if j < len(h) and h[j].strip():
            return _clean(h[j])
    return ""


def _labelled_amounts(text: str, style: str | None) -> dict[str, ParsedNumber]:
    s = _clean(text)
    out = {}
    for m in re.finditer(r"([A-Z][A-Za-z ]{3,40}?)\s*:\s*(R[pP][^A-Za-z]*)", s):
        toks = [t for t in find_numbers(m.group(2), style) if t.has_currency]
        if toks:
            out[m.group(1).strip()] = _suspicious(toks[0].parsed)
    return out


def _apply_changes(ctx: _Ctx) -> None:
    """Fill ``budget_original`` of aggregate rows from murni/perubahan items (match: same
    revised amount, in absolute value, and the same content words); else add a row."""
    aggregates = [r for r in ctx.recs if r.kind == "aggregate"]
    for ch in ctx.changes:
        aggregates += [r for r in ctx.recs if r.kind == "change" and r not in aggregates]
        rev = ch.revised.value if ch.revised is not None and ch.revised.ok else None
        orig = ch.original.value if ch.original is not None and ch.original.ok else None
        key = _words_key(ch.name)
        hits = [r for r in aggregates if r.budget is not None and rev is not None
                and abs(abs(r.budget) - abs(rev)) < 0.5 and _words_key(r.name) == key]
        if hits:
            for r in hits:
                if r.budget_original is None and orig is not None:
                    r.budget_original = orig if (r.budget >= 0) == (rev >= 0) else -orig
                    r.notes.append(f"budget_original from {ch.source_table} line {ch.line}")
                r.lines.update(ch.lines)
            continue
        level = ("revenue" if "pendapatan" in ch.name.lower() else "financing"
                 if "pembiayaan" in ch.name.lower() else "expenditure_type")
        rec = _Rec(ctx.meta.entity, level, ch.name, ch.source_table, ch.line, kind="change")
        rec.lines.update(ch.lines)
        _finish_values(rec, ch.revised, None, None)
        if orig is not None:
            rec.budget_original = orig
        elif ch.original is not None and ch.original.status != "ok":
            rec.notes.append(f"original {ch.original.status} '{ch.original.raw}'")
        rec.notes.append("murni vs perubahan table; no realisation printed")
        ctx.add(rec)


# ======================================================================================
# Programme pair tables (chapter III "3.1.2")
# ======================================================================================
@dataclass
class _Layout:
    """Column roles of one page of a programme table."""

    name_col: int
    target_col: int
    policy_col: int | None
    pct_col: int | None
    level_cols: dict[int, str]


def _layout_from(labels: list[str]) -> _Layout | None:
    """Column roles of a programme pair table (:func:`~analysis.extract.columns.column_roles`).

    * name: the last level column when the table prints one column per level
      (:data:`~analysis.extract.vocabulary.LEVEL_COLUMN_LABELS`, at least two), else the first
      ``program`` column or column naming
      :data:`~analysis.extract.vocabulary.ITEM_NAME_WORDS` that is no value, money or policy
      column;
    * target: the first ``target`` or ``budget`` column after the name;
    * realisation: the first ``actual`` or ``realisation_amount`` column after the target;
    * percentage: the first percentage column (``budget_pct``, ``achievement``, ``percent``)
      after them that names the realisation or is a bare ``%``;
    * policy: the column naming :data:`~analysis.extract.vocabulary.POLICY_WORDS`.

    Examples
    --------
    >>> lay = _layout_from(["no", "uraian program/kegiatan", "target 2023", "realisasi 2023", "%"])
    >>> lay.name_col, lay.target_col, lay.pct_col
    (1, 2, 4)
    """
    lay = _layout_of(tuple(labels))
    # a copy: the cached layout is shared by the pages that repeat the same header
    return None if lay is None else dataclasses.replace(lay, level_cols=dict(lay.level_cols))


@functools.lru_cache(maxsize=4096)  # pure in the labels (a header repeated on every page gives the same)
def _layout_of(labels: tuple[str, ...]) -> _Layout | None:
    cols = column_roles([canonical_header(x) for x in labels])
    lv = {c.index: LEVEL_COLUMN_LABELS[c.label] for c in cols if c.label in LEVEL_COLUMN_LABELS}
    policy = next((c.index for c in cols if _names(c.label, POLICY_WORDS)), None)
    if len(lv) >= 2:
        name_col = max(lv)
    else:
        lv = {}
        name_col = next((c.index for c in cols if c.index != policy and c.role not in _VALUE_MONEY
                         and (c.role == "program" or _names(c.label, ITEM_NAME_WORDS))), None)
    if name_col is None:
        return None
    target = next((c.index for c in cols if c.index > name_col and c.role in ("target", "budget")), None)
    if target is None:
        return None
    real = next((c.index for c in cols if c.index > target and c.role in ("actual", "realisation_amount")), None)
    pct = next((c.index for c in cols if c.index > (real or target) and c.role in _PCT_ROLES
                and (_names(c.label, REALISATION_WORDS) or c.label.strip() == "%")), None)
    return _Layout(name_col, target, policy, pct, lv)


#: Roles of value and money columns (never a programme table's name column).
_VALUE_MONEY = ("baseline", "target", "actual", "achievement", "end_target", "progress", "budget",
                "realisation_amount", "budget_pct")
#: Roles of percentage columns.
_PCT_ROLES = ("budget_pct", "achievement", "percent")


def _pair_layouts(doc: Document, v: _View) -> list[tuple[int, _Layout]]:
    out = []
    first = _layout_from(v.labels)
    if first is not None:
        out.append((v.table.start_line, first))
    groups: list[list[int]] = []
    for ln in sorted(v.table.repeated_header_lines):
        if groups and ln - groups[-1][-1] <= 1:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    for g in groups:
        if v.table.fmt != "tab":
            break  # repeated headers of Markdown/HTML tables are not TAB lines; the first layout holds
        header = [doc.line_cells(ln) for ln in g]
        lay = _layout_from(column_labels(v.table, header))
        if lay is not None:
            out.append((g[0], lay))
    return sorted(out, key=lambda x: x[0])


def _layout_at(layouts: list[tuple[int, _Layout]], line: int) -> _Layout | None:
    cur = None
    for start, lay in layouts:
        if start <= line:
            cur = lay
    return cur


_EMPTY_MONEY = re.compile(r"^\W*(?:input\s*(?:\(rp\))?\s*[:.]?)?\s*(?:r\s?p\.?)?\s*[,.\-–\s]*"
                          r"(?:\(\s*[\d.,]*\s*%?\s*\))?\W*$", re.I)


_MONEY_PREFIX = re.compile(
    r"^\W*(?:(?:jumlah\s+)?(?:anggaran|pagu|realisasi(?:\s+anggaran)?)\s*:?\s*)?"
    r"(?:input\s*(?:\(rp\))?\s*[:.]?\s*)?", re.I)


_LIST_NUMBER_BEFORE_RP = re.compile(r"^\d{1,2}\.\s+(?=r\s?p)", re.I)


#: 'Rp' as find_numbers reads a currency prefix (case-insensitive), and six digits anywhere.
_RP_ANY_CASE = re.compile(r"R\s?P", re.I)
#: (``_SIX_DIGITS.match``: one anchored pass whose possessive ``\D*+`` never backtracks, where a
#: search for ``\d(?:\D*\d){5}`` rescans the rest of the text from each digit)
_SIX_DIGITS = re.compile(r"(?:\D*+\d){6}")


def _first_number(text: str, style: str | None) -> NumberToken | None:
    """``find_numbers(text, style)[0]`` (None when there is none), without reading the numbers
    after it.

    :func:`~analysis.extract.numbers.find_numbers` builds its tokens from the generator
    ``_number_parses`` in text order, and a token depends only on the tokens before it (the end
    of the last amount): the first token the generator yields is the first token of the list.

    Examples
    --------
    >>> _first_number("Input: Rp 4.439.039.245 (68%)", "id").text
    'Rp 4.439.039.245'
    >>> _first_number("1. Kegiatan 3.1.2 tahun", None) is None  # a list number and a code
    True
    """
    s = _numbers_clean(text)
    if not _DIGIT.search(s):  # every number token has a digit (as in find_numbers)
        return None
    for start, end, parsed, cur in _number_parses(s, style):
        tok_text = s[start:end].strip()
        if parsed.raw != tok_text:  # the token as printed (as find_numbers builds it)
            parsed = ParsedNumber(tok_text, parsed.value, parsed.status, parsed.is_percent,
                                  parsed.style, parsed.note)
        return NumberToken(start, end, tok_text, parsed, cur)
    return None


@functools.lru_cache(maxsize=65536)  # pure in (cell, style); a quarter of the cells tested recur
def _starts_with_amount(cell: str, style: str | None) -> bool:
    """The cell's input part begins with an amount (after 'Input:'/'Jumlah Anggaran' prefixes
    and an optional list number before 'Rp')."""
    if "&" not in cell and not _DIGIT.search(cell):
        return False  # its input part has no digit either (cleaning adds one only from an entity)
    seg = _input_segment(cell).replace(" | ", " ")
    if not _DIGIT.search(seg):
        return False  # the steps below only remove text: no digit, no number token
    rest = _MONEY_PREFIX.sub("", seg, count=1)
    rest = _LIST_NUMBER_BEFORE_RP.sub("", rest)
    if "*" not in rest and "<" not in rest and not _SIX_DIGITS.match(rest) and not _RP_ANY_CASE.search(rest):
        # no 'Rp' and fewer than six digits (and no markup that find_numbers would remove): no
        # token is an amount (:func:`_is_amount_token`) nor a percentage after 'Rp'
        return False
    t0 = _first_number(rest, style)
    if t0 is None:
        return False
    if t0.start > 6:
        return False
    return _is_amount_token(t0) or (t0.parsed.is_percent and bool(re.match(r"^\W*r\s?p", rest, re.I)))


def _money_cells(cells: list[str], lay: _Layout, style: str | None) -> list[tuple[int, list[_Entry]]]:
    out: list[tuple[int, list[_Entry]]] = []
    for j, c in enumerate(cells):
        if j < max(1, lay.name_col - 1) or not c:
            continue
        if _starts_with_amount(c, style):
            ents = _entries(c, style)
            if any(e.amount is not None for e in ents) or out:
                out.append((j, ents))
        elif out and j == out[-1][0] + 1 and _EMPTY_MONEY.match(_input_segment(c)) and \
                re.search(r"input|r\s?p|-|%", c, re.I):
            out.append((j, _entries(c, style) or [_Entry(None, None, c)]))
        if len(out) == 2:
            break
    return out


_ITEM_MARK = re.compile(r"(?:(?<=[\s.)])|^)(?:sub\.?\s*kegiatan|kegiatan|program|urusan)\s*\d*\s*:", re.I)


def _split_marks(text: str) -> list[str]:
    """Split before each level word followed by a colon ('Kegiatan :', 'Sub Kegiatan 2 :')."""
    low = text.lower()
    if ":" not in text or ("atan" not in low and "program" not in low and "urusan" not in low):
        # every match of _ITEM_MARK has a ':' and 'kegiatan', 'program' or 'urusan' in any case
        # (their letters other than 'i' match only characters that lower-case to them): no mark
        return [text]
    starts = [m.start() for m in _ITEM_MARK.finditer(text)]
    if starts and _CODE_BEFORE_MARK.fullmatch(text[:starts[0]]):
        starts[0] = 0
    if not starts or starts[0] != 0:
        starts = [0] + starts
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


def _opens_item(text: str) -> bool:
    """A label that starts a new item (level word, or list code followed by a capital)."""
    if _explicit_level(text) in _OUTLINE:
        return True
    code, rest = _split_code(text)
    return bool(code) and _label_style(code) not in ("none",) and rest[:1].isupper() and \
        not re.fullmatch(r"\d{1,2}", code.strip())


def _numbered_split(seg: str) -> list[str]:
    marks = list(_NUMBERED_ITEM.finditer(seg))
    best: list[re.Match] = []
    for i, m in enumerate(marks):
        run = [m]
        for m2 in marks[i + 1:]:
            if int(m2.group(1)) == int(run[-1].group(1)) + 1:
                run.append(m2)
        if len(run) > len(best):
            best = run
    if len(best) < 2:
        return [seg]
    parts = []
    head = seg[:best[0].start()].strip()
    if head and int(best[0].group(1)) != 1:
        parts.append(head)
        head = ""
    for i, m in enumerate(best):
        end = best[i + 1].start() if i + 1 < len(best) else len(seg)
        piece = seg[m.start():end].strip()
        parts.append(f"{head} {piece}".strip() if i == 0 and head else piece)
    return parts


def _split_items(label: str) -> list[tuple[str, str | None]]:
    """Items named by one label: ``Program: A Kegiatan: B Sub Kegiatan: 1. C 2. D`` → four
    items, numbered ones inheriting the level word before them."""
    parts = [p.strip() for p in label.split(" | ") if p.strip()] if " | " in label else [label]
    merged: list[str] = []
    for part in parts:
        if merged and _LEVEL_PREFIX.fullmatch(merged[-1] + " ") is not None:
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    parts = merged
    out: list[tuple[str, str | None]] = []
    for part in parts:
        for seg in (s.strip() for s in _split_marks(part)):
            if not seg:
                continue
            lvl = _explicit_level(seg)
            pieces = _numbered_split(seg)
            for i, piece in enumerate(pieces):
                out.append((piece, lvl if i == 0 or lvl in ("kegiatan", "sub_kegiatan") else None))
    named = [it for it in out if _strip_prefix(it[0])]
    return named or out[:1]


def _caps_split(label: str) -> list[str]:
    m = re.match(r"^(\W*(?:\d+\.\s*)?(?:PROGRAM|Program\s*:)\s*[A-Z0-9 ,/&().\-]+?)\s+([A-Z][a-z].*)$", label)
    return [m.group(1), m.group(2)] if m else [label]


@dataclass
class _LineCtx:
    """One amount line of a programme table: its cells, page layout, column drift, money cells,
    the held label lines used for its name and the level-column label, if any."""

    ln: int
    cells: list[str]
    lay: _Layout
    drift: int
    money: list[tuple[int, list[_Entry]]]
    used: list[int]
    level_label: tuple[str, str] | None


class _PairTable:
    """Physical-line state machine for one programme table (see module docstring)."""

    def __init__(self, ctx: _Ctx, v: _View) -> None:
        self.ctx, self.v = ctx, v
        self.layouts = _pair_layouts(ctx.doc, v)
        self.state = _LevelState()
        self.pend: list[tuple[int, str]] = []
        self.pend_open = False
        self.prev: _Rec | None = None
        self.prev_label = ""
        self.prev_items: list[tuple[str, str | None]] = []
        self.cur_levels: dict[str, str] = {}

    def run(self) -> None:
        for row in self.v.rows:
            for ln, raw_cells in self.ctx.doc.physical_rows(self.v.table, row):
                lay = _layout_at(self.layouts, ln)
                if lay is None:
                    continue
                cells = [_clean(c) for c in raw_cells]
                self.line(ln, cells, lay)

    # -- one physical line ----------------------------------------------------------------
    def line(self, ln: int, cells: list[str], lay: _Layout) -> None:
        """Process one physical line of the table."""
        money = _money_cells(cells, lay, self.v.style)
        level_label = self._level_cells(cells, lay, money[0][0] if money else len(cells))
        if not money:
            self._label_only(ln, cells, lay, level_label)
            return
        drift = money[0][0] - lay.target_col
        label = level_label[1] if level_label else self._label(cells, lay.name_col + drift, money[0][0])
        full, used = self._assemble(label)
        lc = _LineCtx(ln, cells, lay, drift, money, used, level_label)
        if full:
            self._emit(lc, full)
        elif self.prev_items:
            self._emit_items(lc, [self.prev_items.pop(0)])
        elif self.prev is not None and len(_caps_split(self.prev_label)) == 2:
            head, tail = _caps_split(self.prev_label)
            self.prev.name = _display_name(head)[1]
            self.prev.notes.append("label also named the next row's item; split")
            self._emit_items(lc, [(tail, None)])
        else:
            self.ctx.skip(ln, "amounts without a programme/kegiatan name (no label on the line or above)")

    def _level_cells(self, cells: list[str], lay: _Layout, limit: int) -> tuple[str, str] | None:
        if not lay.level_cols:
            return None
        found = None
        for j in sorted(lay.level_cols):
            if j < limit and j < len(cells) and cells[j] and not _STRUCTURAL.match(cells[j]):
                lvl = lay.level_cols[j]
                self.cur_levels[lvl] = cells[j]
                for low in _OUTLINE[_OUTLINE.index(lvl) + 1:]:
                    self.cur_levels.pop(low, None)
                found = (lvl, cells[j])
        return found

    def _label(self, cells: list[str], col: int, m0: int) -> str:
        if not (0 <= col < m0) or col >= len(cells):
            return ""
        lab = cells[col]
        if not lab or _INPUT_ONLY.match(lab) or _STRUCTURAL.match(lab) and not re.search(r"\w{4,}\s+\w", lab[6:]):
            return ""
        return _drop_trailing_input(lab).strip()

    def _label_only(self, ln: int, cells: list[str], lay: _Layout,
                    level_label: tuple[str, str] | None) -> None:
        self._late_percentage(ln, cells)
        if level_label:
            return
        lab = cells[lay.name_col] if lay.name_col < len(cells) else ""
        if not lab and 1 <= lay.name_col - 1 < len(cells) and _explicit_level(cells[lay.name_col - 1] or "x") in _OUTLINE:
            lab = cells[lay.name_col - 1]
        if any(_INPUT_ONLY.match(c) for c in cells[lay.name_col + 1:lay.target_col + 3]):
            self.pend_open = True
        if lab and not _STRUCTURAL.match(lab) and not _INPUT_ONLY.match(lab):
            self.pend.append((ln, lab))

    def _assemble(self, label: str) -> tuple[str, list[int]]:
        """Name of the amount line from its own label and the held label lines (module
        docstring); held items that are complete headings are pushed as context."""
        items: list[tuple[list[int], str]] = []
        wraps: list[tuple[int, str]] = []
        for ln, text in self.pend:
            if _BARE_LIST_CODE.fullmatch(text):
                continue  # a bare list code
            if _opens_item(text) or (self.pend_open and not items):
                items.append(([ln], text))
            elif items:
                items[-1][0].append(ln)
                items[-1] = (items[-1][0], f"{items[-1][1]} {text}")
            else:
                wraps.append((ln, text))
        self.pend = []
        self.pend_open = False
        if wraps and self.prev is not None:
            self._extend_prev(" ".join(t for _, t in wraps))
            self.prev.lines.update(ln for ln, _ in wraps)
        if not items:
            return label.strip(), []
        if label and _opens_item(label):
            self._push_context(items)
            return label.strip(), []
        self._push_context(items[:-1])
        lines, text = items[-1]
        return f"{text} {label}".strip(), lines

    def _late_percentage(self, ln: int, cells: list[str]) -> None:
        """A realisation percentage printed alone on the line after the amounts ('(63,50%)')."""
        if self.prev is None or self.prev.reported_pct is not None \
                or _content_lines_between(self.ctx.doc, self.prev.source_line, ln) > LATE_PERCENT_MAX_LINES_BETWEEN:
            return
        pcts = [c for c in cells if _LONE_PCT.fullmatch(c)]
        if len(pcts) == 1:
            p = _parse_pct(pcts[0], self.v.style)
            if p.ok:
                self.prev.reported_pct = p.value
                self.prev.lines.add(ln)
                self.prev.notes.append("percentage printed on the following line")

    def _extend_prev(self, text: str) -> None:
        """Append a wrapped label fragment to the previous row's name (and to the level state)."""
        old = self.prev.name
        self.prev.name = f"{old} {text}".strip()
        if self.state.last.get(self.prev.level) == old:
            self.state.last[self.prev.level] = self.prev.name

    def _push_context(self, items: list[tuple[list[int], str]]) -> None:
        for _, text in items:
            lvl = _explicit_level(text)
            if lvl in _OUTLINE:
                self.state.push(lvl, _display_name(text)[1])

    # -- emission -------------------------------------------------------------------------
    def _emit(self, lc: _LineCtx, full: str) -> None:
        """Emit the row(s) of an amount line whose (possibly multi-item) label is ``full``."""
        ln = lc.ln
        k = len(lc.money[0][1])
        items = _split_items(full)
        self.prev_items = []
        if items and len(items) > 1 and not _opens_item(items[0][0]) and self.prev is not None \
                and len(items) > k:
            self._extend_prev(items[0][0])
            items = items[1:]
        if k == 1 and len(items) > 1:
            first = _explicit_level(items[0][0]) or items[0][1]
            if first in ("urusan", "program"):
                self.prev_items = items[1:]
                items = items[:1]
            elif all(_split_code(t)[0] and not _explicit_level(t) for t, _ in items[1:]):
                self.ctx.skip(ln, f"label lists {len(items)} items but the cell has one amount; "
                                  "cannot tell which item it belongs to")
                self.prev_label = full
                return
            else:
                self._push_context([([], t) for t, _ in items[:-1]])
                items = items[-1:]
        elif k > 1 and len(items) == 1:
            caps = _caps_split(full)
            items = [(c, None) for c in caps] if len(caps) == k else items
        self.prev_label = full
        self._emit_items(lc, items)
        if self.prev_items:
            self._push_context([([], t) for t, _ in self.prev_items])

    def _emit_items(self, lc: _LineCtx, items: list[tuple[str, str | None]]) -> None:
        """Pair the items of a label with the (stacked) amounts of the money cells, in order."""
        t_ents = lc.money[0][1]
        r_ents = lc.money[1][1] if len(lc.money) > 1 else []
        k = len(t_ents)
        n = k if len(items) == k else 1
        if len(items) != k and k > 1:
            self.ctx.skip(lc.ln, f"{k} amounts stacked in one cell but {len(items)} names; "
                                 "only the first pair extracted")
        for i in range(n):
            text, inherited = items[i]
            r_ent = r_ents[i] if len(r_ents) == k else (r_ents[0] if i == 0 and r_ents else None)
            self._emit_one(lc, text, inherited, t_ents[i], r_ent)

    def _emit_one(self, lc: _LineCtx, text: str, inherited: str | None, t_ent: _Entry,
                  r_ent: _Entry | None) -> None:
        """One output row from a label and its target/realisation entries."""
        ln, cells, lay, drift, used, level_label = lc.ln, lc.cells, lc.lay, lc.drift, lc.used, lc.level_label
        code, name = _display_name(text)
        b = t_ent.amount or ParsedNumber(t_ent.raw, None, "missing", note="no amount printed")
        r = None
        if r_ent is not None:
            r = r_ent.amount or ParsedNumber(r_ent.raw, None, "missing", note="no amount printed")
        pct = r_ent.pct if r_ent is not None else None
        if pct is None and lay.pct_col is not None:
            j = lay.pct_col + drift
            if 0 <= j < len(cells) and re.search(r"\d", cells[j]):
                pct = _parse_pct(cells[j], self.v.style)
        values = (b.value if b.ok else None, r.value if r is not None and r.ok else None)
        guessed, parent_rec = False, None
        if level_label:
            level = level_label[0]
            parent = next((self.cur_levels[x] for x in reversed(_OUTLINE[:_OUTLINE.index(level)])
                           if x in self.cur_levels and x != level), "")
            parent = _display_name(parent)[1] if parent else ""
        else:
            level = self.state.level_for(text, amounts=values, inherited=inherited)
            guessed = self.state.guessed
            parent = self.state.parent(level) if level in _OUTLINE else ""
            parent_rec = self.state.parent_rec(level) if level in _OUTLINE else None
        rec = _Rec(self.ctx.entity_at(ln), level, name, self.v.name, ln, code=code.rstrip(".)") if code else "",
                   parent=parent, kind="pairs", level_src="guess" if guessed else "words",
                   parent_rec=parent_rec, heading=self.state.take_heading())
        rec.lines.update(used)
        _finish_values(rec, b, r, pct)
        if r is None:
            rec.notes.append("no realisation cell on the line")
        self.ctx.add(rec)
        self.state.push(level, name, values, rec)
        self.prev = rec


#: Most printed lines between an amount line and a percentage printed alone after it (blank lines
#: and page markers not counted: converters differ in how many they write at a page break).
LATE_PERCENT_MAX_LINES_BETWEEN = 2


def _content_lines_between(doc: Document, a: int, b: int) -> int:
    """Lines strictly between lines ``a`` and ``b`` that print something (not blank, not a page
    marker)."""
    return sum(1 for k in range(a + 1, b) if doc.line(k).strip() and not PAGE_MARKER.match(doc.line(k)))


def _pairs(ctx: _Ctx, v: _View) -> None:
    _PairTable(ctx, v).run()


# ======================================================================================
# Narrative sentences
# ======================================================================================
_NKW = re.compile(
    r"""\b(?:
       (?P<other>defisit\s+anggaran|surplus\s+anggaran|defisit|surplus|dikurangi|selisih|sisa(?:\s+dana)?
                 |kenaikan|penurunan|berkurang|bertambah|investasi|pma|pmdn)
      |(?P<orig>pagu\s+awal|semula|sebelum\s+perubahan|apbd\s+murni)
      |(?P<real>realisasi\s+(?:anggaran|keuangan|kegiatan)|realisasi|terealisasi|terealisir|teralisasi
                |direalisasikan|direalisasi)
      |(?P<budget>pagu\s+alokasi(?:\s+dana)?|alokasi\s+anggaran|pagu\s+anggaran|anggaran|pagu|ditargetkan|target|direncanakan|rencana|dianggarkan|alokasi)
    )\b""",
    re.I | re.X,
)
# the abbreviations are tested after the '.' (only where a '.' is, not at every position)
_SENT_SPLIT = re.compile(r"\.(?<!\bRp\.)(?<!\bRP\.)(?<!\bNo\.)(?<!\bDr\.)(?<!\bKab\.)(?<!\bProv\.)\s+(?=[A-Z])|;\s+")
_GENERIC_SUBJECT = re.compile(
    r"^(?:adapun|dengan|dan|yang|atau|sedangkan|serta|mendapat|mencapai|untuk|total|jumlah|"
    r"(?:kegiatan|program|indikator|urusan) ini|"
    r".*\b(?:didukung|dioptimalkan|mendapat|berupa|berdasarkan|terdiri|meliputi)\b.*)?$", re.I)
_GENERIC_HEADING = re.compile(r"^\W*(?:realisasi|target(?: kinerja)?|capaian|permasalahan|upaya\b.*|analisis\b.*)\W*$", re.I)


_ENDS_WITH_RP = re.compile(r"\bR[pP]\.?\s*$")
_ENDS_SENTENCE = re.compile(r"[.:;!?]\s*$")
_STARTS_LOWER_OR_RP = re.compile(r"^(?:[a-z(]|R[pP]\b)")
_STARTS_NUMBERING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]?\s")
#: a line opening with the last capitalised words of a name cut by a page or line break and the
#: sentence going on ('Barat dengan alokasi anggaran …' after '… Provinsi Jawa')
#: Longest heading text (characters) that ends a paragraph for the name-tail rule of
#: :func:`_paragraphs` (longer numbered lines are paragraphs of their own).
HEADING_MAX_NAME = 80
_STARTS_NAME_TAIL = re.compile(r"^(?:[A-Z][\w.'/()-]*\s+){1,4}(?:dengan|sebesar|mendapat(?:kan)?|memperoleh)\s")
_REALISATION_WORD = re.compile(r"reali|teralis", re.I)
_RP_WORD = re.compile(r"R[pP]")


def _paragraphs(doc: Document, lines: list[tuple[int, str]] | None = None) -> list[tuple[list[int], str]]:
    """Text lines joined into paragraphs (a line continues when the previous one does not end
    a sentence, or ends with 'Rp.', and it starts in lower case, a digit or 'Rp').

    ``lines``: ``doc.text_lines()`` when the caller has them already."""
    out: list[tuple[list[int], str]] = []
    cur: list[int] = []
    parts: list[str] = []  # the paragraph's lines, joined by one space when it ends
    tail = ""  # the last 4 characters of the paragraph so far
    # a short heading ('B. Dinas Pendidikan') is no name a capitalised line goes on from (a
    # long numbered line is a paragraph: '1. Kegiatan …, yang dilaksanakan oleh … Provinsi Jawa')
    heading_lines = {h.line for h in doc.headings if len(h.text) <= HEADING_MAX_NAME} if doc is not None else set()
    for ln, t in (doc.text_lines() if lines is None else lines):
        s = _clean(t)
        if not s:
            continue
        # both end patterns span at most 4 characters before trailing spaces; the paragraph has
        # none (its lines are cleaned: white space folded and stripped), so its last 4
        # characters are the tail
        cont = cur and ln - cur[-1] <= 3 and (
            _ENDS_WITH_RP.search(tail) or not _ENDS_SENTENCE.search(tail)
        ) and (_STARTS_LOWER_OR_RP.match(s) or (_DIGIT.match(s) and not _STARTS_NUMBERING.match(s))
               or (_STARTS_NAME_TAIL.match(s) and cur[-1] not in heading_lines))
        if cont:
            cur.append(ln)
            parts.append(s)
            tail = (tail + " " + s)[-4:]
        else:
            if cur:
                out.append((cur, " ".join(parts)))
            cur, parts, tail = [ln], [s], s[-4:]
    if cur:
        out.append((cur, " ".join(parts)))
    return out


@dataclass
class _NPair:
    budget: ParsedNumber
    realization: ParsedNumber
    original: ParsedNumber | None
    pct: ParsedNumber | None
    subject: tuple[str, str]
    sentence: str
    #: the sentence's words before the pair's first amount (after the previous pair's)
    lead: str = ""


#: A percentage written out (``89,09 persen``): read as ``89,09%`` (same length, offsets kept).
_PERSEN_WORD = re.compile(r"(?<=\d)\s*persen\b", re.I)


def _sentence_pairs(sent: str, style: str | None) -> list[_NPair]:
    if not _RP_WORD.search(sent) or not _REALISATION_WORD.search(sent):
        return []
    items: list[tuple[str, object]] = []
    prev_end = 0
    scanned = _PERSEN_WORD.sub(lambda m: "%".ljust(len(m.group(0))), sent) if "ersen" in sent else sent
    for tok in find_numbers(scanned, style):
        if tok.parsed.is_percent:
            items.append(("pct", tok))
            prev_end = tok.end
            continue
        if not tok.has_currency:
            continue
        kws = list(_NKW.finditer(sent[prev_end:tok.start]))
        items.append((kws[-1].lastgroup if kws else "none", tok))
        prev_end = tok.end
    amts = [(i, c, t) for i, (c, t) in enumerate(items) if c != "pct"]
    used: set[int] = set()
    out: list[_NPair] = []
    last_end = 0
    for k, (i, c, t) in enumerate(amts):
        if c != "real" or i in used:
            continue
        nxt = amts[k + 1] if k + 1 < len(amts) else None
        prv = amts[k - 1] if k > 0 else None
        fwd = nxt is not None and nxt[1] == "budget" and nxt[0] not in used
        if fwd and _DARI.search(sent[t.end:nxt[2].start]):
            b = nxt
        elif prv is not None and prv[1] == "budget" and prv[0] not in used:
            b = prv
        elif fwd:
            b = nxt
        else:
            continue
        used.update({i, b[0]})
        orig = next((a for a in reversed(amts) if a[0] < b[0] and a[1] == "orig" and a[0] not in used), None)
        if orig is not None:
            used.add(orig[0])
        # the percentage printed after the pair ('… Rp X dari target Rp Y atau 97,27%'), before
        # the next amount
        pair_end, pair_last = max(t.end, b[2].end), max(i, b[0])
        nxt_amt = min((a[0] for a in amts if a[0] > pair_last), default=len(items))
        pct = next((tt for j, (cc, tt) in enumerate(items) if i < j < nxt_amt and cc == "pct"
                    and tt.start - pair_end < 40), None)
        first = min(t.start, b[2].start, orig[2].start if orig else 10**9)
        start = max([last_end] + [tt.end for _, tt in items if tt.end <= first])
        subject = _subject(sent[start:first])
        out.append(_NPair(b[2].parsed, t.parsed, orig[2].parsed if orig else None,
                          pct.parsed if pct is not None else None, subject, sent, sent[start:first]))
        last_end = max(t.end, b[2].end)
    return out


_NAMED_SUBJECT = re.compile(
    r"^(?:program|kegiatan|sub\s*kegiatan|dinas|badan|biro|sekretariat|inspektorat|rsud|satuan)\b", re.I)
#: A verb closing a subject before its amount ('Pendapatan Asli Daerah mencapai Rp …').
_TRAILING_VERB = re.compile(r"\s+(?:(?i:mencapai|terealisasi|direalisasikan|dianggarkan|adalah|yaitu)"
                            r"|me[a-z]{3,}|ter[a-z]{3,}|di[a-z]{3,}kan)$")  # (a lower-case verb: 'mengelola')
_SUBJECT_VERB_END = re.compile(r"(?:\s+ini)?\s+(?:mendapat(?:kan)?|memperoleh)$", re.I)
#: 'Kegiatan X, yang dilaksanakan oleh Dinas Y (dengan alokasi …)': the clause names the agency
#: carrying out X, no part of X's name (group 1: the agency).
_AGENT_CLAUSE = re.compile(
    r",?\s+yang\s+(?:di)?laksanakan\s+oleh\s+((?:dinas|badan|biro|sekretariat|inspektorat|rsud|satuan|kantor|"
    r"upt|uptd|bagian|bidang|balai)\b.*?)(?=\s+(?:dengan|mendapat(?:kan)?|memperoleh|sebesar)\b|,|$)", re.I)


def _subject(window: str) -> tuple[str, str]:
    """(text before the last keyword, text after it up to 'sebesar'), both cleaned; a
    generic or over-long text is returned empty."""
    kws = list(_NKW.finditer(window))
    before = _clean_subject(window[:kws[-1].start()] if kws else window)
    after = _clean_subject(_SEBESAR.split(window[kws[-1].end():])[0]) if kws else ""

    def ok(x: str) -> str:
        if _NAMED_SUBJECT.match(x):  # 'Program X mendapat (alokasi …)': the verb is no part of the name
            x = _SUBJECT_VERB_END.sub("", x)
        if not _GENERIC_SUBJECT.match(x):
            x = _TRAILING_VERB.sub("", x)  # 'Pendapatan Asli Daerah mencapai (Rp …)'
        agent = _AGENT_CLAUSE.search(x) if _PROGRAMME_WORD.match(x) else None
        if agent is not None:  # 'Kegiatan X, yang dilaksanakan oleh Dinas Y': the subject is 'Kegiatan X'
            x = x[:agent.start()].strip(" ,")
        if len(x) > 120:  # keep the last programme/kegiatan named in a long clause
            starts = [m.start() for m in _PROGRAMME_WORD.finditer(x)]
            x = _clean_subject(x[starts[-1]:]) if starts else x
        return x if x and not _GENERIC_SUBJECT.match(x) and len(x) <= 120 else ""
    named_after = _FOR_ITEM.match(after)
    if named_after is not None and not _PROGRAMME_WORD.search(before):
        # 'Alokasi total anggaran untuk Program X adalah sebesar …': the subject is 'Program X'
        return ok(_clean_subject(_TRAILING_ADALAH.sub("", after[named_after.end():]))), ok(after)
    return ok(before), ok(after)


#: 'untuk/bagi Program X' after the budget keyword names the subject
_FOR_ITEM = re.compile(r"(?:untuk|bagi)\s+(?=(?:Program|PROGRAM|Kegiatan|Sub Kegiatan)\b)")
_TRAILING_ADALAH = re.compile(r"\s+(?:adalah|yaitu|ialah)$", re.I)


#: A sentence opening with the year it speaks of ('Pada tahun 2016 untuk Program …', 'Tahun
#: Anggaran 2015, Program …'): group 1 is the year of the amounts that follow.
_LEADING_YEAR = re.compile(r"^(?:pada\s+)?tahun(?:\s+anggaran)?\s+((?:19|20)\d{2})\b\s*,?\s*(?:untuk\s+)?",
                           re.I)
#: A year the budget words before the amounts name ('Anggaran belanja langsung tahun 2022 sebesar
#: Rp …', 'Pagu TA 2022 …'): group 1 is the year of the amounts that follow. A year before the
#: budget word is not theirs ('Untuk mencapai target tahun 2026, anggaran sebesar …').
_BUDGET_WORDS_YEAR = re.compile(r"\b(?:anggaran|pagu|alokasi|belanja|realisasi|dana)\b[^.;:]{0,60}?"
                                r"\b(?:tahun(?:\s+anggaran)?|TA\.?)\s*((?:19|20)\d{2})\b", re.I)
_DARI = re.compile(r"\bdari\b", re.I)
_SEBESAR = re.compile(r"\bsebesar\b|\bsejumlah\b")
_PROGRAMME_WORD = re.compile(r"\b(?:Program|PROGRAM|Kegiatan|Sub Kegiatan)\b")
_SUBJECT_NUMBERING = re.compile(r"^(?:[-–•]\s*)?(?:\(?\d{1,2}(?:\.\d{1,2})*\)|\d{1,2}(?:\.\d{1,2})*\.?|[a-z][.)])\s+")
_SUBJECT_CONJUNCTION = re.compile(r"^(?:adapun|dengan|dan)\s+", re.I)
_TARGET_REALISASI = re.compile(r"target\s+realisasi", re.I)
_SUBJECT_TARGET_REALISASI = re.compile(r"^(?:target\s+)?(?:realisasi\s+)?", re.I)
_SUBJECT_YEAR_TAIL = re.compile(r"\s+(?:pada\s+)?tahun(?:\s+anggaran)?(?:\s+\d{4})?.*$", re.I)
_SUBJECT_CHANGE_TAIL = re.compile(r"(?:^|\s+)(?:setelah\s+perubahan|sebelum\s+diaudit).*$", re.I)
_SUBJECT_TRAILING_WORD = re.compile(r"\s+(?:dengan|yang|sebesar)$", re.I)


#: An adverbial clause opening a sentence before its subject ('Untuk mencapai sasaran tersebut,
#: pada tahun 2023 Dinas Kesehatan mendapatkan alokasi …', 'Dalam rangka …, Program X …'): no
#: part of the subject (a comma inside a programme name stays).
_OPENING_CLAUSE = re.compile(r"^(?:untuk|guna|demi|agar|dalam\s+(?:rangka|upaya)|berdasarkan|sehubungan)\b[^,]*,\s*",
                             re.I)


def _clean_subject(s: str) -> str:
    s = _OPENING_CLAUSE.sub("", _WS.sub(" ", s).lstrip(" ,.;-")).strip(" ,.;-")
    agent = _AGENT_CLAUSE.search(s)
    if agent is not None and _PROGRAMME_WORD.match(_SUBJECT_NUMBERING.sub("", s)):
        # 'Kegiatan Festival … : Kopi, yang dilaksanakan oleh Dinas Y': the whole text before the
        # clause is the name (its colon included)
        s = s[:agent.start()]
    elif ":" in s:
        s = s.rsplit(":", 1)[1]
    s = s.strip(" ,.:;-")
    s = _SUBJECT_NUMBERING.sub("", s)
    s = _SUBJECT_CONJUNCTION.sub("", s)
    s = _LEADING_YEAR.sub("", s)  # 'Pada Tahun 2016 untuk Program …': the subject follows
    s = _SUBJECT_TARGET_REALISASI.sub("", s) if _TARGET_REALISASI.match(s) else s
    s = _SUBJECT_YEAR_TAIL.sub("", s)
    s = _SUBJECT_CHANGE_TAIL.sub("", s)
    s = _SUBJECT_TRAILING_WORD.sub("", s)
    return s.strip(" ,.:;-")


def _narrative_level(subject: str, sentence: str, agency: bool) -> str:
    s = subject.lower()
    lvl = _explicit_level(subject)
    if lvl in ("program", "kegiatan", "sub_kegiatan"):
        return lvl
    if agency and re.match(r"(?:urusan|dinas|badan|biro|sekretariat|rsud|inspektorat|satuan)\b", s):
        return "opd"
    if re.match(r"belanja\b", s):
        return "expenditure_type"
    if re.search(r"\bpembiayaan|silpa|pinjaman|dana cadangan|cicilan", s):
        return "financing"
    if re.search(r"pendapatan|pajak|retribusi|hasil pengelolaan|hibah", s):
        return "revenue"
    if re.search(r"\bprogram\b", s):
        return "program"
    if re.search(r"\bindikator\b", f"{subject} {sentence}", re.I):
        return "program"
    return "opd" if agency else "total"


_LIST_TOTAL = re.compile(r"\b(?:surplus|defisit|total|jumlah|silpa|silpa|neto|apbd)\b", re.I)


def _list_source(doc: Document, line: int) -> str:
    """The table name of a list record without a section line: the nearest heading above
    ``line`` (chapter, numbered or caption) that carries no amount, without its code."""
    for h in reversed(doc.headings):
        if h.line < line and h.kind in ("bab", "numbered", "caption") and not _RP_WORD_B.search(h.text):
            return _split_code(h.text)[1]
    return "list"


def _lists(ctx: _Ctx) -> set[int]:
    """Budget figures printed as list items or ``semula … menjadi`` sentences (Perda APBD
    style, :mod:`analysis.extract.budget_lists`) become rows with ``origin = 'list'`` (list
    items) or ``'narrative'`` (sentences).
    Returns the lines used (the narrative pass leaves them alone)."""
    records, unused = budget_from_lists(ctx.doc, ctx.text_lines)
    used: set[int] = set()
    for lb in records:
        first = lb.lines[0]
        source = lb.section or _list_source(ctx.doc, first)
        entity = ctx.entity_at(first)
        agency = entity != ctx.meta.entity
        level = _narrative_level(lb.subject, "", agency=False)
        guessed = level == "total" and not _LIST_TOTAL.search(lb.subject)
        if guessed and agency:
            level = "kegiatan"
        rec = _Rec(entity, level, _display_name(lb.subject)[1] or lb.subject, source, first,
                   parent=lb.parent, origin="list" if lb.form == "list" else "narrative",
                   kind="list", level_src="guess" if guessed else "words")
        if guessed:
            rec.notes.append(f"level '{level}' guessed: the list item names no level")
        rec.budget, rec.budget_original, rec.realization = lb.budget, lb.budget_original, lb.realization
        rec.reported_pct = lb.reported_pct
        if rec.budget is None and rec.budget_original is not None:
            rec.basis = "original"
            rec.budget, rec.budget_original = rec.budget_original, None
        rec.lines.update(lb.lines)
        rec.notes.extend(lb.notes)
        if len(lb.lines) > 1:
            rec.notes.append("read from list items at lines " + ", ".join(str(x) for x in lb.lines))
        ctx.add(rec)
        used.update(lb.lines)
    for line, reason in unused:
        ctx.skip(line, reason)
    return used


def _narrative(ctx: _Ctx, exclude: set[int] = frozenset()) -> list[_Rec]:
    out: list[_Rec] = []
    style = ctx.doc.style
    for lines, text in _paragraphs(ctx.doc, ctx.text_lines):
        # a paragraph without 'Rp' has no sentence with a pair (:func:`_sentence_pairs`); the
        # literal 'R' is a much quicker scan than the realisation words
        if exclude.intersection(lines) or not _RP_WORD.search(text) or not _REALISATION_WORD.search(text):
            continue
        before = ""
        for sent in _SENT_SPLIT.split(text):
            for pr in _sentence_pairs(sent, style):
                bare = _BARE_LEVEL_SUBJECT.fullmatch(pr.subject[0])
                if bare is not None:  # 'kegiatan ini mendapat …': the item the paragraph named before
                    named = [m.group(0) for m in _NAMED_ITEM.finditer(before)
                             if m.group(1).lower() == bare.group(1).lower()]
                    pr = dataclasses.replace(pr, subject=(_clean_subject(named[-1]) if named else "",
                                                          pr.subject[1]))
                out.append(_narrative_rec(ctx, lines, pr))
            before = f"{before} {sent}"
    return out


#: a subject that is a bare level word left of 'X ini mendapat …' ('kegiatan', 'program')
_BARE_LEVEL_SUBJECT = re.compile(r"(sub\s*kegiatan|kegiatan|program)", re.I)
#: an item named in capitals in an earlier sentence ('… telah membuat Kegiatan Perencanaan X.');
#: group 1 is its level word
_NAMED_ITEM = re.compile(r"\b(Sub Kegiatan|Kegiatan|Program)\s+[A-Z][^.;:,]*")


def _narrative_rec(ctx: _Ctx, lines: list[int], pr: _NPair) -> _Rec:
    first = lines[0]
    c = ctx.index.at(first)
    entity = ctx.entity_at(first)
    agency = c.entity_line is not None and entity != ctx.meta.entity
    name, after = pr.subject
    note = []
    if not name:
        # the nearest numbered/lettered heading above that names something
        head = next((h for h in reversed(ctx.doc.headings) if h.line < first + 1
                     and h.kind in ("numbered", "lettered") and not _GENERIC_HEADING.match(_split_code(h.text)[1])),
                    None)
        if head is not None and (first - head.line <= 8 or not after):
            name = _strip_prefix(_split_code(head.text)[1])
            note.append("name taken from the heading above the sentence")
        else:
            name = after
    # a sentence naming an agency outside any agency's section ('Anggaran Dinas Kesehatan …
    # sebesar Rp …'): the agency's budget, the agency its entity
    named_agency = not agency and bool(name) and is_agency_name(_display_name(name)[1])
    level = _narrative_level(name, pr.sentence, agency or named_agency)
    name = _display_name(name)[1] if name else ""
    if named_agency and level == "opd":
        entity = name
    rec = _Rec(entity, level, name or "(unnamed)", "narrative", first, origin="narrative", kind="narrative")
    rec.lines.update(lines)
    rec.notes.extend(note)
    if not note and _PROGRAMME_WORD.match(pr.subject[0]):
        agent = _AGENT_CLAUSE.search(_WS.sub(" ", pr.sentence))
        if agent is not None:
            rec.notes.append(f"carried out by '{agent.group(1)}' (the sentence's 'yang dilaksanakan oleh')")
        if level in _ABOVE and level != "program":
            rec.parent = _heading_parent(ctx.doc, first, _ABOVE[level])
    year = _LEADING_YEAR.match(_WS.sub(" ", pr.sentence).strip()) or _BUDGET_WORDS_YEAR.search(_WS.sub(" ", pr.lead))
    if year and int(year.group(1)) != int(ctx.meta.fiscal_year):
        rec.fiscal_year = int(year.group(1))  # a Renja or LKjIP reporting on an earlier year
        rec.notes.append(f"fiscal year {year.group(1)} from the sentence ('{year.group(0).strip()}')")
    elif not year:
        head = _heading_year(ctx.text_lines, first)
        if head is not None and int(head[0]) != int(ctx.meta.fiscal_year):
            rec.fiscal_year = int(head[0])
            rec.notes.append(f"fiscal year {head[0]} from the heading above at line {head[1]}")
    _finish_values(rec, pr.budget, pr.realization, pr.pct)
    if pr.original is not None and pr.original.ok:
        rec.budget_original = pr.original.value
    if level == "program" and re.search(r"\bindikator\b", f"{name} {pr.sentence}", re.I) and \
            not re.search(r"\bprogram\b", name, re.I):
        rec.notes.append("budget supporting a performance indicator, recorded at programme level")
    if "pembantuan" in (c.urusan or "").lower():
        rec.notes.append("Tugas Pembantuan (APBN-funded) allocation")
    return rec


#: an item of a numbered run of programme paragraphs ('1. Program X ini mendapat …')
_NUMBERED_PROGRAMME_ITEM = re.compile(
    r"^\d{1,2}[.)]\s+(?:Program|PROGRAM|Kegiatan|KEGIATAN|Sub Kegiatan)\b")
#: a lead-in naming one year and ending in a colon ('Program-program yang telah dilaksanakan
#: oleh Badan X Tahun 2015 adalah:'); group 1 is the year
_YEAR_LEAD_IN = re.compile(r"^(?!\d{1,2}[.)]\s).*\btahun(?:\s+anggaran)?\s+((?:19|20)\d{2})\b[^:]*:\s*$", re.I)
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _heading_year(text_lines: list[tuple[int, str]], line: int) -> tuple[str, int] | None:
    """(year, line) of the lead-in directly above a run of numbered programme paragraphs
    that ``line`` opens, when that lead-in names exactly one year and ends with a colon; None
    otherwise (a line between that is neither an item of the run nor the lead-in ends the
    search)."""
    i = bisect.bisect_left(text_lines, (line,))
    if i >= len(text_lines) or text_lines[i][0] != line or \
            not _NUMBERED_PROGRAMME_ITEM.match(_clean(text_lines[i][1])):
        return None
    for ln, t in reversed(text_lines[max(0, i - 40):i]):
        s = _clean(t)
        if not s or _NUMBERED_PROGRAMME_ITEM.match(s):
            continue
        m = _YEAR_LEAD_IN.match(s)
        if m is None or len(set(_ANY_YEAR.findall(s))) != 1:
            return None
        return m.group(1), ln
    return None


def _heading_parent(doc: Document, line: int, level: str) -> str:
    """The name of the nearest numbered/lettered heading above ``line`` that names a ``level``
    item ('D. Program X :' over the sentences '1. Kegiatan …, 2. Kegiatan …'), passing over
    headings that name items of the sentence's own level or below; '' when another heading
    comes first."""
    depth = _DEPTH[level]
    for h in reversed(doc.headings):
        if h.line >= line:
            continue
        if h.kind not in ("numbered", "lettered"):
            return ""
        name = _split_code(h.text)[1]
        lvl = _explicit_level(name)
        if lvl == level:
            return _display_name(name)[1]
        if lvl is None or _DEPTH.get(lvl, -1) < depth:
            return ""
    return ""


def _dedupe_narrative(ctx: _Ctx, narrative: list[_Rec]) -> None:
    """Output the narrative rows. A sentence that restates a table row stays an output row;
    :func:`analysis.extract.duplicates.mark_duplicates_budget` sets its ``duplicate_of`` (and
    notes differing values). Here only a different name of an exact repeat is noted."""
    tables = [r for r in ctx.recs if r.origin == "table"]

    def same(a: float | None, b: float | None) -> bool:
        return a is not None and b is not None and abs(a - b) < 0.5

    # the table rows by the whole rupiah below their budget: a budget within 0.5 of another is
    # in the same or a neighbouring unit (a missing or infinite/NaN budget is never the same)
    by_unit: dict[int, list[int]] = {}
    for i, t in enumerate(tables):
        if t.budget is not None and math.isfinite(t.budget):
            by_unit.setdefault(math.floor(t.budget), []).append(i)
    for n in narrative:
        near: list[int] = []
        if n.budget is not None and math.isfinite(n.budget):
            u = math.floor(n.budget)
            near = sorted(by_unit.get(u - 1, []) + by_unit.get(u, []) + by_unit.get(u + 1, []))
        # the first table row (in order) with the same budget and realisation
        hit = next((tables[i] for i in near if same(tables[i].budget, n.budget)
                    and same(tables[i].realization, n.realization)), None)
        if hit is not None and not (_words_key(hit.name) <= _words_key(n.name)
                                    or _words_key(n.name) <= _words_key(hit.name)):
            n.notes.append(f"the sentence names it '{n.name[:60]}', the table '{hit.name[:60]}'")
        ctx.add(n)


# ======================================================================================
# Post-passes
# ======================================================================================
def _plan_word(v: _View, b: int | None) -> str:
    """The planning word (:data:`~analysis.extract.vocabulary.PLAN_BUDGET_WORDS`) of the budget
    column's label (its spanning header included) or of the table's caption, or ''."""
    text = " ".join([v.labels[b] if b is not None and b < len(v.labels) else "", v.name or "",
                     v.table.caption or ""]).lower()
    return next((w for w in PLAN_BUDGET_WORDS if w in text), "")


def _decide_budget_only(ctx: _Ctx) -> None:
    """Budget-only tables: planned when the budget column or the caption names a plan
    (:func:`_plan_word`: *Pagu Indikatif*, *Rancangan Awal RKPD* …); else revised when every
    non-total amount equals a revised budget printed beside a realisation, else original
    (pre-revision allocation)."""
    revised = [r.budget for r in ctx.recs if r.realization is not None and r.budget is not None]
    groups: dict[str, list[_Rec]] = {}
    for r in ctx.recs:
        if r.kind == "budget_only":
            groups.setdefault(f"{r.source_table}@{min(r.lines)//1000}", []).append(r)
    for recs in groups.values():
        items = [r for r in recs if r.level != "total" and r.budget is not None]
        all_match = bool(items) and all(any(abs(r.budget - x) < 0.5 for x in revised) for r in items)
        plan = next((r.plan_word for r in recs if r.plan_word), "")
        for r in recs:
            if plan:
                r.basis = "planned"
                r.notes.append(f"budget-only table of planned amounts ('{plan}')")
            elif all_match:
                r.basis = "revised"
                r.notes.append("budget-only table; amounts equal the revised budgets printed with realisations")
            elif revised:
                r.basis = "original"
                r.budget_original = r.budget
                r.notes.append("budget-only table whose amounts differ from the revised budgets printed "
                               "with realisations; taken as the original (pre-revision) allocation")
            else:
                r.basis = "original"
                r.budget_original = r.budget
                r.notes.append("budget-only table; the document prints no realisation to compare with: "
                               "taken as the allocation as printed (original)")


def _near_name(a: str, b: str) -> bool:
    """Two names of the same item: equal but for a typo (≥ 95 % similar) or one is the other with
    extra trailing text (a prefix of at least 20 characters)."""
    a, b = _name_key(a), _name_key(b)
    if min(len(a), len(b)) >= 20 and (a.startswith(b) or b.startswith(a)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.95


def _dedupe_tables(ctx: _Ctx) -> None:
    """Set aside table rows printed twice: same table, code, entity, level, name and amounts, or
    the same with a name that differs only by a typo or trailing text (both amounts printed).
    They stay out of the hierarchy repair and are output after it with the level and parent of
    the first print (:func:`_restore_reprints`); ``duplicate_of`` names the first print."""
    seen: dict[tuple, _Rec] = {}
    near: dict[tuple, list[_Rec]] = {}
    keep: list[_Rec] = []
    for r in sorted(ctx.recs, key=lambda x: x.source_line):
        k = (r.source_table, r.code) + r.key()
        if r.origin == "table" and (r.budget is not None or r.realization is not None) and k in seen:
            ctx.reprints.append((r, seen[k]))  # table printed twice
            continue
        nk = (r.source_table, r.code, r.entity, r.level, r.budget, r.realization, r.fiscal_year)
        if r.origin == "table" and r.budget is not None and r.realization is not None:
            first = next((x for x in near.get(nk, []) if _near_name(x.name, r.name)), None)
            if first is not None:
                ctx.reprints.append((r, first))  # the name differs only by a typo or trailing text
                continue
            near.setdefault(nk, []).append(r)
        seen.setdefault(k, r)
        keep.append(r)
    ctx.recs = keep


def _restore_reprints(ctx: _Ctx) -> None:
    """Output the rows :func:`_dedupe_tables` set aside, with the level and parent of the row
    they repeat (marked by :func:`analysis.extract.duplicates.mark_duplicates_budget`)."""
    for r, first in ctx.reprints:
        r.level, r.parent = first.level, first.parent
        ctx.recs.append(r)
    ctx.reprints = []


# --------------------------------------------------------------------------------------
# Hierarchy repair from amounts
# --------------------------------------------------------------------------------------
_REPAIR_STEPS = 50_000  # search budget per table (the search is tiny on real tables)


class _TooComplex(Exception):
    """The amount search of one table exceeded :data:`_REPAIR_STEPS`; the table is left as is."""


def _budget_slack(r: _Rec) -> float:
    """How far ``r.budget`` may be from the amount the document meant: 0 for a printed amount,
    the rounding of the printed percentage for a budget recovered from it."""
    if r.recovered and r.budget and r.reported_pct and any("recovered from realisation" in n for n in r.notes):
        return abs(r.budget) * 0.005 / r.reported_pct
    return 0.0


class _HierarchyRepair:
    """Amount rule over the outline rows of one table of one entity (see :func:`_repair_hierarchy`)."""

    def __init__(self, rows: list[_Rec]) -> None:
        self.rows = rows
        self.n = len(rows)
        self.steps = 0
        self.memo: dict[tuple[int, int], list[tuple[int, dict[int, tuple[int, int]]]]] = {}

    # -- constraints ----------------------------------------------------------------------
    def _can_place(self, i: int, d: int) -> bool:
        r = self.rows[i]
        if r.level_src != "guess":
            return _DEPTH[r.level] == d
        # an unmarked row right below a heading printed without amounts belongs to that heading
        return d >= _DEPTH["program"] and (r.heading is None or d > _DEPTH[r.heading])

    def _boundary(self, q: int, parent_depth: int) -> bool:
        """Row q cannot be a descendant of a row at ``parent_depth``: its words fix it at that
        level or higher, or a heading of that level or higher is printed just before it."""
        r = self.rows[q]
        if r.level_src != "guess" and _DEPTH[r.level] <= parent_depth:
            return True
        return r.heading is not None and _DEPTH[r.heading] <= parent_depth

    @staticmethod
    def _same_realisation(a: _Rec, b: _Rec) -> bool:
        if a.realization is None or b.realization is None:
            return True
        return abs(a.realization - b.realization) <= 1.0 + 0.005 * abs(a.realization) * (a.recovered or b.recovered)

    # -- search ---------------------------------------------------------------------------
    def _subtree(self, p: int, d: int) -> list[tuple[int, dict[int, tuple[int, int]]]]:
        """Readings of row p at depth d with its descendants, preferred first: (end, {row:
        (depth, parent)}) — as a parent of the rows whose budgets sum to its own, then as a leaf."""
        key = (p, d)
        if key not in self.memo:
            out: list[tuple[int, dict[int, tuple[int, int]]]] = []
            if self._can_place(p, d):
                if d < len(_OUTLINE) - 1:
                    found = self.children(p, d + 1)
                    if found is not None:
                        out.append(found)
                out.append((p + 1, {}))
            self.memo[key] = out
        return self.memo[key]

    def children(self, p: int, d: int) -> tuple[int, dict[int, tuple[int, int]]] | None:
        """The consecutive rows after p read as its children at depth d (each possibly with its
        own children) whose budgets sum to p's budget; None when there is no such reading."""
        parent = self.rows[p]
        target = parent.budget
        if target is None or target <= 0:
            return None

        def walk(q: int, total: float, slack: float, asg: dict, kids: list[int]):
            self.steps += 1
            if self.steps > _REPAIR_STEPS:
                raise _TooComplex
            if kids and abs(total - target) <= slack:
                if len(kids) == 1 and not self._same_realisation(parent, self.rows[kids[0]]):
                    return None  # one child with the parent's budget must also share its realisation
                return q, asg
            if q >= self.n or self._boundary(q, d - 1):
                return None
            r = self.rows[q]
            if r.budget is None or r.budget < 0:
                return None  # an unreadable amount: the sum cannot be checked
            extra = _budget_slack(r)
            if total + r.budget > target + slack + extra:
                return None
            for end, sub in self._subtree(q, d):
                res = walk(end, total + r.budget, slack + extra, {**asg, q: (d, p), **sub}, kids + [q])
                if res is not None:
                    return res
            return None

        return walk(p + 1, 0.0, 1.0 + _budget_slack(parent), {}, [])

    # -- application ----------------------------------------------------------------------
    def run(self) -> None:
        try:
            proofs = self._prove()
        except _TooComplex:
            return
        changed: set[int] = set()
        proven: set[int] = set()
        for parent, asg in proofs:
            n_kids = Counter(p for _, p in asg.values())
            for q, (d, p) in sorted(asg.items()):
                proven.add(q)
                if self._assign(q, _OUTLINE[d], p, only_child=n_kids[p] == 1):
                    changed.add(q)
        for i, r in enumerate(self.rows):
            if i not in proven and self._too_big_for_parent(r):
                pr = r.parent_rec
                old = r.level
                r.level, r.parent, r.parent_rec = pr.level, pr.parent, pr.parent_rec
                r.notes.append(f"level {old} → {r.level} and parent set by the amount rule: budget larger "
                               f"than that of '{_short(pr.name)}' (line {pr.source_line}), so not its child "
                               "but its sibling")
                changed.add(i)
        self._rederive_parents(proven, changed)

    def _too_big_for_parent(self, r: _Rec) -> bool:
        """A guessed row whose budget exceeds that of its (guessed) parent row cannot be its child."""
        pr = r.parent_rec
        return (r.level_src == "guess" and pr is not None and any(pr is x for x in self.rows)
                and r.budget is not None and pr.budget is not None and pr.level in _ABOVE.values()
                and r.budget > pr.budget + 1.0 + _budget_slack(r) + _budget_slack(pr))

    def _prove(self) -> list[tuple[int, dict[int, tuple[int, int]]]]:
        proofs = []
        i = 0
        while i < self.n:
            r = self.rows[i]
            found = None
            if r.level != _OUTLINE[-1]:
                found = self.children(i, _DEPTH[r.level] + 1)
            if found is not None:
                proofs.append((i, found[1]))
                i = found[0]
            else:
                i += 1
        return proofs

    def _assign(self, q: int, level: str, p: int, only_child: bool) -> bool:
        r, par = self.rows[q], self.rows[p]
        old_level, old_parent, old_rec = r.level, r.parent, r.parent_rec
        r.parent_rec = par
        if old_level == level and (old_parent == par.name or old_rec is par):
            r.parent = par.name  # same parent row; its name may have grown after the child was read
            return False
        r.level, r.parent = level, par.name
        what = f"level {old_level} → {level} and parent" if old_level != level else "parent"
        where = f"'{_short(par.name)}' (line {par.source_line})"
        why = (f"same budget and realisation as {where} above it, its only child" if only_child else
               f"one of the consecutive rows below {where} whose budgets add up to its budget")
        r.notes.append(f"{what} set by the amount rule: {why}")
        return True

    def _rederive_parents(self, proven: set[int], changed: set[int]) -> None:
        """Rows outside the proven runs whose parent row changed level, and parent names that
        changed after the child was read (a wrapped or split name), follow the final rows."""
        for i, r in enumerate(self.rows):
            if i in proven:
                continue
            pr = r.parent_rec
            stale = pr is not None and any(pr is self.rows[j] for j in changed) and _ABOVE.get(r.level) != pr.level
            orphan = pr is None and not r.parent and r.level in ("kegiatan", "sub_kegiatan")
            if stale or orphan:
                new, j = None, i - 1
                while j >= 0 and _DEPTH[self.rows[j].level] >= _DEPTH[r.level]:
                    j -= 1
                if j >= 0 and self.rows[j].level == _ABOVE.get(r.level):
                    new = self.rows[j]
                if orphan and (new is None or j not in changed):
                    continue  # no parent before the repair and none created by it
                r.parent_rec = new
                r.parent = new.name if new is not None else ""
                what = f"'{_short(pr.name)}' (line {pr.source_line})" if stale else "the rows above"
                r.notes.append(f"parent re-derived from the position after the amount rule changed the "
                               f"level of {what}")
            elif pr is not None and r.parent != pr.name and any(x is pr for x in self.rows):
                r.parent = pr.name  # the parent's name grew after the child was read


def _repair_hierarchy(ctx: _Ctx) -> None:
    """Repair guessed levels and parents of programme tables with the amounts (module docstring,
    "Hierarchy repair"). Rows whose level is fixed by printed words keep it."""
    groups: dict[tuple, list[_Rec]] = {}
    for r in ctx.recs:
        if r.origin == "table" and r.kind in ("pairs", "columns", "budget_only") and r.level in _OUTLINE:
            groups.setdefault((r.entity, r.source_table, r.kind), []).append(r)
    for rows in groups.values():
        _HierarchyRepair(rows).run()


def _sweep(ctx: _Ctx, views: list[_View]) -> None:
    consumed = {ln for r in ctx.recs for ln in r.lines}
    for v in views:
        for row in v.table.rows:
            # the cheap line tests first: amount_cells (pure) is only read for a row they pass
            if not consumed.isdisjoint(row.lines) or any(ln in ctx.skipped for ln in row.lines):
                continue
            if not amount_cells(row, v.table):
                continue
            ctx.skip(row.line, _row_reason(v, row), row.raw)


_MONEY_OR_PCT = re.compile(r"R[pP]\.?\s*\(?-?\d|\d{1,3}(?:[.,]\d{3}){2,}|\d\s*%")


def _note_merged_lines(ctx: _Ctx) -> None:
    """Table lines with an amount or a percentage that were merged into an output row printed
    on another line (a wrapped name, a percentage on the next line, murni amounts moved into
    ``budget_original``) are listed in ``skipped`` with the row they went into."""
    sources = {r.source_line for r in ctx.recs}
    for r in sorted(ctx.recs, key=lambda x: x.source_line):
        for ln in sorted(r.lines - sources):
            if ln in ctx.doc.table_line_set and _MONEY_OR_PCT.search(ctx.doc.line(ln)):
                what = ("original/revised amounts used for budget_original of"
                        if r.kind in ("aggregate", "change") else
                        "a row of the line on its side (years as columns) read with"
                        if r.kind == "side" else "continuation merged into")
                ctx.skip(ln, f"not an output row itself: {what} the row at line {r.source_line} "
                             f"({_short(r.source_table)})")


_PCT_CELL = re.compile(r"(?:minimal\s+)?\d+(?:[.,]\d+)?\s*%", re.I)


def _row_reason(v: _View, row: Row) -> str:
    if v.kind in _SKIP_REASONS:
        pct_cells = [c for c in row.cells if _PCT_CELL.fullmatch(c.strip())]
        if v.kind == "indicator" and len(pct_cells) >= 2:
            return ("budget allocation with absorption target/realised % only (no rupiah realisation "
                    "printed); not extracted")
        return _SKIP_REASONS[v.kind]
    if row in v.table.rows and row not in v.rows:
        return "amount in a header-like row"
    if v.kind == "pairs":
        return "amount inside output/outcome or problem text of a programme table (not a target/realisation pair)"
    return f"amount-bearing row not matched by the {v.kind} table rules"


#: Why a budget row has a percentage and no amounts (:func:`_absorption_percentages`).
PCT_ONLY_NOTE = ("absorption printed as a percentage only (no rupiah amounts in the table; "
                 "reported_pct holds it)")


def _absorption_percentages(ctx: _Ctx, v: _View) -> None:
    """The rows of a table printing absorption as a percentage only
    (:func:`_absorption_percent_columns`): a budget row per named row with a percentage,
    ``reported_pct`` set and no amounts. An indicator's row is recorded at programme level
    (the budget of the programmes supporting it, as in efficiency tables that print the
    amounts); a total row at total level."""
    assert v.pct_only is not None
    name_col, pct_col = v.pct_only
    names_are = ("performance indicator" if "indikator" in v.labels[name_col].lower() else
                 "strategic objective" if _OBJECTIVE_LABEL.search(v.labels[name_col]) else "")
    for row in v.rows:
        cells = [_clean(c) for c in row.cells]
        label = cells[name_col] if name_col < len(cells) else ""
        if not label:
            continue
        pct = _pct_cell(row, pct_col, v.style)
        if pct is None or not pct.ok or pct.value is None:
            continue
        code, name = _display_name(label)
        if not name:
            continue
        level = "total" if TOTAL_NAME.match(name) else (_explicit_level(label) or "program")
        rec = _Rec(ctx.entity_at(row.line), level, name, v.name, row.line, code=code, kind="pct_only")
        rec.lines.update(row.lines)
        rec.reported_pct = pct.value
        if names_are and level == "program" and not _explicit_level(label):
            rec.notes.append(f"budget of a {names_are} (sum of the programmes supporting it), "
                             "recorded at programme level")
        rec.notes.append(PCT_ONLY_NOTE)
        if pct.note:
            rec.notes.append(f"percentage {pct.note}")
        ctx.add(rec)


# ======================================================================================
# Public API
# ======================================================================================
def extract_budget(doc: Document, meta: DocMeta) -> Extraction:
    """Extract every budget line of a document.

    Parameters
    ----------
    doc : Document
        A segmented report (:func:`analysis.documents.read_document`).
    meta : DocMeta
        Its manifest row (doc id, province, fiscal year, reporting entity).

    Returns
    -------
    Extraction
        ``rows``: DataFrame with :data:`OUTPUT_COLUMNS`, sorted by
        (doc_id, source_line, level, name); ``skipped``: amount-bearing table rows not
        output, with reasons (repeated rows are output; ``duplicate_of`` is set by
        :mod:`analysis.extract.duplicates`); ``consumed_lines``: every line behind a row.
    """
    ctx = _Ctx(doc, meta)
    views = _views(doc)
    handlers = {
        "aggregate": _aggregate, "urusan_opd": _urusan_opd, "columns": _columns,
        "pairs": _pairs, "plan": _plan, "change": _change,
        "budget_only": lambda c, v: _columns(c, v, budget_only=True),
        "indicator": _rupiah_evaluation, "side": _side, "absorption_pct": _absorption_percentages,
        "by_year": _by_year,
    }
    for v in views:
        handler = handlers.get(v.kind)
        if handler is not None:
            handler(ctx, v)
    _apply_changes(ctx)
    _decide_budget_only(ctx)
    _dedupe_tables(ctx)
    _repair_hierarchy(ctx)
    _restore_reprints(ctx)
    _forward_rows(ctx)
    list_lines = _lists(ctx)
    _dedupe_narrative(ctx, _narrative(ctx, exclude=list_lines))
    _sweep(ctx, views)
    _note_merged_lines(ctx)
    frame = _frame(ctx)
    consumed = {ln for r in ctx.recs for ln in r.lines}
    skipped = sorted(ctx.skipped.values(), key=lambda s: (s.source_line, s.reason))
    return Extraction(frame, skipped, consumed)


def _frame(ctx: _Ctx) -> pd.DataFrame:
    meta = ctx.meta
    # the declared row order (doc_id, source_line, level, name; doc_id is the same for every
    # row): a stable sort of the records, as the frame's stable sort by those columns would give
    recs = sorted(ctx.recs, key=lambda r: (r.source_line, r.level, r.name.strip()))
    if not recs:
        return _typed(pd.DataFrame([], columns=OUTPUT_COLUMNS))
    absorption = [round(100.0 * r.realization / r.budget, 4)
                  if r.budget not in (None, 0) and r.realization is not None else None for r in recs]
    # built by column (a frame from per-row dicts costs more), numbers as typed arrays (None
    # becomes NaN in a float array, as in the float64 column it was cast to)
    data = {
        "doc_id": [meta.doc_id] * len(recs), "province": [meta.province] * len(recs),
        "fiscal_year": np.array([r.fiscal_year if r.fiscal_year is not None else meta.fiscal_year
                                 for r in recs], dtype="int64"),
        "entity": [r.entity for r in recs], "level": [r.level for r in recs],
        "code": [r.code for r in recs], "name": [r.name.strip() for r in recs],
        "parent": [r.parent for r in recs],
        "budget_original": np.array([r.budget_original for r in recs], dtype="float64"),
        "budget": np.array([r.budget for r in recs], dtype="float64"),
        "realization": np.array([r.realization for r in recs], dtype="float64"),
        "reported_pct": np.array([r.reported_pct for r in recs], dtype="float64"),
        "absorption_pct": np.array(absorption, dtype="float64"),
        "source_table": [_short(r.source_table) for r in recs],
        "source_line": np.array([r.source_line for r in recs], dtype="int64"),
        "budget_basis": [r.basis for r in recs], "origin": [r.origin for r in recs],
        "value_note": ["; ".join(dict.fromkeys(r.notes)) for r in recs],
        "recovered_from_pct": np.array([bool(r.recovered) for r in recs], dtype=bool),
    }
    return _typed(pd.DataFrame(data, columns=OUTPUT_COLUMNS))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """The numeric and flag columns of the rows frame in their types (no-ops for typed arrays)."""
    for col in ("budget_original", "budget", "realization", "reported_pct", "absorption_pct"):
        if df[col].dtype != "float64":
            df[col] = df[col].astype("float64")
    for col, kind in (("source_line", "int64"), ("fiscal_year", "int64"), ("recovered_from_pct", bool)):
        if df[col].dtype != kind:
            df[col] = df[col].astype(kind)
    return df


def _short(name: str) -> str:
    if _TABEL.match(name):
        return name
    return name if len(name) <= 60 else name[:59].rstrip() + "…"


def count_amount_cells(doc: Document, meta: DocMeta | None = None,
                       extraction: Extraction | None = None) -> dict[str, int]:
    """Audit the coverage of :func:`extract_budget` over amount-bearing table cells.

    Parameters
    ----------
    doc : Document
    meta : DocMeta, optional
        Manifest row; a neutral one is used when omitted (entity and year do not affect the
        counts).
    extraction : Extraction, optional
        A result of :func:`extract_budget` for ``doc``; computed when omitted.

    Returns
    -------
    dict
        ``found`` (amount cells, :func:`amount_cells` with table context), ``extracted``
        (cells on rows whose lines are in ``consumed_lines``), ``skipped`` (cells on rows listed
        in ``skipped``), ``unaccounted`` (neither; should be 0), ``rows_found``,
        ``rows_extracted``, ``rows_skipped``.
    """
    if extraction is None:
        meta = meta or DocMeta(doc.doc_id, doc.path, "", "", 0, "", "", "")
        extraction = extract_budget(doc, meta)
    skipped_lines = {s.source_line for s in extraction.skipped}
    counts = dict.fromkeys(("found", "extracted", "skipped", "unaccounted", "rows_found",
                            "rows_extracted", "rows_skipped"), 0)
    for t in doc.tables:
        for row in t.rows:
            n = len(amount_cells(row, t))
            if not n:
                continue
            counts["found"] += n
            counts["rows_found"] += 1
            if set(row.lines) & extraction.consumed_lines:
                counts["extracted"] += n
                counts["rows_extracted"] += 1
            elif set(row.lines) & skipped_lines:
                counts["skipped"] += n
                counts["rows_skipped"] += 1
            else:
                counts["unaccounted"] += n
    return counts
