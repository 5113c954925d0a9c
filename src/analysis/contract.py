"""The declared data contract: every output table of ``data/processed/``, its columns in
order, their types, nullability, allowed values and descriptions, the primary key, the sort
order and the row checks.

This module is the single reference. Everything else is generated from it: the column lists
of the extractors (:mod:`analysis.extract.base`), the casts applied before a table is written
or after it is read (:func:`conform`), the row order (:func:`sort_rows`), the validation of
every written and loaded table (:func:`validate`, pandera), the Frictionless Table Schemas of
``datapackage.json`` (:func:`table_schema`) and ``docs/data_contract.md``
(:func:`render_markdown`; a test checks that the committed file equals the rendering).

Types are never inferred from the data: an empty table keeps its declared types.

Columns of the shared contract come first, in the agreed order; columns this project adds
come after them (``extra=True`` in the declaration), so tools that read the contract's columns
by name or by position keep working.

Examples
--------
>>> columns("regions")[:4]
['doc_id', 'province', 'year', 'region_code']
>>> TABLES["budget"].primary_key
('row_id',)
>>> TABLES["budget"].column("level").enum[:3]
('total', 'urusan', 'opd')
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = [
    "DocMeta",
    "Column",
    "RowCheck",
    "Table",
    "ContractError",
    "TABLES",
    "TABLE_NAMES",
    "DESCRIPTIONS",
    "SORT_KEYS",
    "PANDAS_DTYPES",
    "ABSORPTION_TOLERANCE_PP",
    "ACHIEVEMENT_COMPUTED_METHODS",
    "columns",
    "dtypes",
    "empty_frame",
    "conform",
    "sort_rows",
    "validate",
    "pandera_schema",
    "table_schema",
    "render_markdown",
    "row_ids",
]


@dataclass(frozen=True)
class DocMeta:
    """One row of ``data/raw/manifest.csv``."""

    doc_id: str
    file: str
    sha256: str
    province: str
    fiscal_year: int
    doc_type: str
    entity: str
    title: str


# ---------------------------------------------------------------------------------------------
# Declaration types
# ---------------------------------------------------------------------------------------------

#: Contract type -> pandas dtype used in memory (strings stay strings: ``"001"``, ``"53.10"``).
PANDAS_DTYPES: dict[str, str] = {
    "string": "str",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Column:
    """One declared column.

    Attributes
    ----------
    name : str
    type : {"string", "integer", "number", "boolean"}
        Frictionless field type; in memory see :data:`PANDAS_DTYPES`.
    description : str
    required : bool
        True when the column may not be empty (not nullable).
    enum : tuple of str, optional
        Allowed values (empty cells aside, unless ``required``).
    pattern : str, optional
        Regular expression every non-empty value matches in full.
    extra : bool
        True for a column this project adds after the shared contract's columns.
    """

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    extra: bool = False

    def __post_init__(self) -> None:
        if self.type not in PANDAS_DTYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")


@dataclass(frozen=True)
class RowCheck:
    """A check across the columns of each row (or of the whole table).

    ``func(frame)`` returns a boolean Series aligned with ``frame``: False marks a failing row.
    ``columns`` are the columns the check reads (named in error messages).
    """

    name: str
    description: str
    columns: tuple[str, ...]
    func: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    """One declared output table (``data/processed/<name>.csv``)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    sort_keys: tuple[str, ...]
    row_checks: tuple[RowCheck, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def contract_columns(self) -> list[str]:
        """The shared contract's columns (before the project's extra columns)."""
        return [c.name for c in self.columns if not c.extra]

    @property
    def extra_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.extra]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}: no column {name!r}")


class ContractError(ValueError):
    """A table does not satisfy the declared contract (message names table, column and rows)."""


# ---------------------------------------------------------------------------------------------
# Allowed values and tolerances
# ---------------------------------------------------------------------------------------------

BUDGET_LEVELS = ("total", "urusan", "opd", "program", "kegiatan", "sub_kegiatan", "revenue",
                 "expenditure_type", "financing")
BUDGET_BASES = ("revised", "original", "planned")
ORIGINS = ("table", "list", "narrative")
INDICATOR_LEVELS = ("sasaran", "iku", "program", "kegiatan", "sub_kegiatan")
POLARITIES = ("positive", "negative")
#: :func:`analysis.achievement.NEGATIVE_CONVENTIONS` (kept here as data; a test checks they agree).
NEGATIVE_CONVENTIONS = ("inverse_ratio", "two_minus_ratio")
#: Methods that produce an ``achievement_pct`` (:func:`analysis.achievement.achievement_pct`).
ACHIEVEMENT_COMPUTED_METHODS = ("ratio", "inverse_ratio", "two_minus_ratio", "ratio_range",
                                "inverse_ratio_range", "two_minus_ratio_range", "zero_target")
#: Methods recorded when no achievement can be computed.
ACHIEVEMENT_EMPTY_METHODS = ("missing", "zero_actual", "negative_target", "unit_mismatch")
YEAR_ROLES = ("reporting year", "comparison year", "plan year", "end-of-plan target")
REGION_TYPES = ("kabupaten", "kota", "province")
SEVERITIES = ("error", "warning", "info")

#: ``absorption_pct`` is ``100 * realization / budget`` rounded to 4 decimals by the budget
#: extractor; a stored value may differ from the recomputed one by at most this many
#: percentage points (half a unit of the 4th decimal, plus floating-point slack).
ABSORPTION_TOLERANCE_PP = 1e-4

_REGION_CODE = r"\d{2}(?:\.\d{2})?"
_ROW_ID = r".+-L\d+(?:-\d+)?"
_ENTITY = r"\d{2}\.[a-z0-9][a-z0-9-]*"

# ---------------------------------------------------------------------------------------------
# Row checks
# ---------------------------------------------------------------------------------------------


def _absorption_matches(df: pd.DataFrame) -> pd.Series:
    b, r, a = df["budget"], df["realization"], df["absorption_pct"]
    have = b.notna() & r.notna() & a.notna() & (b != 0)
    with np.errstate(all="ignore"):
        diff = (100.0 * r / b - a).abs()
    return ~have | (diff <= ABSORPTION_TOLERANCE_PP)


def _absorption_needs_pair(df: pd.DataFrame) -> pd.Series:
    return df["absorption_pct"].isna() | (df["budget"].notna() & df["realization"].notna())


def _achievement_with_method(df: pd.DataFrame) -> pd.Series:
    computed = df["achievement_method"].isin(ACHIEVEMENT_COMPUTED_METHODS).fillna(False)
    return df["achievement_pct"].notna().eq(computed.astype(bool))


def _convention_when_negative(df: pd.DataFrame) -> pd.Series:
    neg = df["polarity"].eq("negative").fillna(False).astype(bool)
    return df["negative_convention"].notna().eq(neg)


def _province_code_for_totals(df: pd.DataFrame) -> pd.Series:
    is_prov = df["region_type"].eq("province").fillna(False).astype(bool)
    short = ~df["region_code"].fillna("").str.contains(".", regex=False)
    return is_prov.eq(short)


def _value_or_note(df: pd.DataFrame) -> pd.Series:
    return df["value"].notna() | df["value_note"].notna()


def _duplicate_of_known_row(df: pd.DataFrame) -> pd.Series:
    # on plain lists: a missing duplicate_of passes; else it is a row_id of the table and not the
    # row's own (a missing row_id differs from it), as with isin and ne on the columns
    ids = set(df["row_id"].dropna().tolist())
    ok = [True if _absent(d) else d in ids and (_absent(r) or d != r)
          for d, r in zip(df["duplicate_of"].tolist(), df["row_id"].tolist())]
    return pd.Series(ok, index=df.index, dtype=bool)


def _absent(v) -> bool:
    """Whether a cell of a text column is missing (text, the usual value, is not)."""
    if type(v) is str:
        return False
    if v is None or v is pd.NA or (type(v) is float and v != v):  # the usual missing values
        return True
    return bool(pd.isna(v))


_DUPLICATE_CHECK = RowCheck(
    "duplicate_of_known_row", "duplicate_of names the row_id of another row of the same table",
    ("duplicate_of", "row_id"), _duplicate_of_known_row)

# ---------------------------------------------------------------------------------------------
# The declaration
# ---------------------------------------------------------------------------------------------

_DOC_ID = Column("doc_id", "string", "Document id from data/raw/manifest.csv ('ext:<name>' for "
                 "imported regional tables)", required=True)
_SOURCE_TABLE = Column("source_table", "string", "Table the value comes from ('Tabel 2.4', or the "
                       "section heading above an uncaptioned table)", required=True)
_SOURCE_LINE = Column("source_line", "integer", "1-based line in the raw document (for a PDF: in its "
                      "cached rendering data/interim/<doc_id>.txt) that carries the value", required=True)
_SOURCE_PAGE = Column("source_page", "integer", "1-based physical page of the PDF the value is printed "
                      "on; empty for text inputs", extra=True)
_ROW_ID_COL = Column("row_id", "string", "Stable row key '<doc_id>-L<source_line>' (-2, -3 ... for "
                     "further rows of one line; see analysis.contract.row_ids)", required=True,
                     pattern=_ROW_ID, extra=True)
_ENTITY_ID = Column("entity_id", "string", "Agency id of the register src/analysis/reference/agencies.csv "
                    "(<province code>.<slug>, e.g. 53.dinas-sosial); for a province the register does not "
                    "cover, derived from the agency's name the same way (33.dinas-kesehatan; a kabupaten/kota "
                    "agency keeps its government: 35.inspektorat-kabupaten-jombang); empty when the agency "
                    "name is unresolved", pattern=_ENTITY, extra=True)
_DUPLICATE_OF = Column("duplicate_of", "string", "row_id of the row this row repeats (prose restating "
                       "a table, a reprint): the kept row; empty for kept rows", pattern=_ROW_ID,
                       extra=True)

TABLES: dict[str, Table] = {}


def _declare(table: Table) -> None:
    names = table.column_names
    if len(set(names)) != len(names):
        raise ValueError(f"{table.name}: a column is declared twice")
    seen_extra = False
    for c in table.columns:
        if c.extra:
            seen_extra = True
        elif seen_extra:
            raise ValueError(f"{table.name}: contract column {c.name!r} declared after extra columns")
    for k in (*table.primary_key, *table.sort_keys):
        table.column(k)
    TABLES[table.name] = table


_declare(Table(
    "budget",
    "One row per budget line: budget (pagu) and realisation (realisasi) in rupiah.",
    (
        _DOC_ID,
        Column("province", "string", "Province of the reporting government", required=True),
        Column("fiscal_year", "integer", "Fiscal year the budget line belongs to", required=True),
        Column("entity", "string", "Reporting agency (perangkat daerah) or government", required=True),
        Column("level", "string", "Level of the budget line", required=True, enum=BUDGET_LEVELS),
        Column("code", "string", "Number or code printed before the line (I, 1, A, a.)"),
        Column("name", "string", "Name of the budget line as printed (markup removed)", required=True),
        Column("parent", "string", "Name of the parent budget line (sub_kegiatan -> kegiatan -> "
               "program; opd -> urusan)"),
        Column("budget_original", "number", "Original budget (APBD murni), rupiah, where printed"),
        Column("budget", "number", "Budget after revision (APBD perubahan) where printed, else the "
               "budget printed (see budget_basis), rupiah"),
        Column("realization", "number", "Realisation (realisasi), rupiah"),
        Column("reported_pct", "number", "Absorption percentage as printed"),
        Column("absorption_pct", "number", "100 * realization / budget, recomputed (rounded to 4 "
               "decimals)"),
        _SOURCE_TABLE,
        _SOURCE_LINE,
        Column("budget_basis", "string", "What the budget column is: revised, original or planned",
               required=True, enum=BUDGET_BASES, extra=True),
        Column("origin", "string", "table (from a table cell), list (from list items such as "
               "'a. Anggaran : Rp ...') or narrative (parsed from a sentence)", required=True,
               enum=ORIGINS, extra=True),
        Column("recovered_from_pct", "boolean", "True when a value was recomputed from the printed "
               "percentage", required=True, extra=True),
        Column("value_note", "string", "Why a value is empty, or how it was recovered", extra=True),
        _ROW_ID_COL,
        _ENTITY_ID,
        _DUPLICATE_OF,
        _SOURCE_PAGE,
    ),
    primary_key=("row_id",),
    sort_keys=("doc_id", "source_line", "level", "name", "fiscal_year"),
    row_checks=(
        RowCheck("absorption_recomputed",
                 f"absorption_pct equals 100 * realization / budget within "
                 f"{ABSORPTION_TOLERANCE_PP:g} percentage points where all three are present",
                 ("absorption_pct", "realization", "budget"), _absorption_matches),
        RowCheck("absorption_needs_pair",
                 "absorption_pct is present only with a budget and a realization",
                 ("absorption_pct", "realization", "budget"), _absorption_needs_pair),
        _DUPLICATE_CHECK,
    ),
))

_declare(Table(
    "indicators",
    "One row per performance indicator and year: target and realisation.",
    (
        _DOC_ID,
        Column("province", "string", "Province of the reporting government", required=True),
        Column("fiscal_year", "integer", "Year of the target/realisation pair", required=True),
        Column("entity", "string", "Reporting agency", required=True),
        Column("level", "string", "Level of the indicator", required=True, enum=INDICATOR_LEVELS),
        Column("objective", "string", "Sasaran strategis / tujuan the indicator serves"),
        Column("indicator", "string", "Indicator text (sub-indicators carry the parent's name)",
               required=True),
        Column("unit", "string", "Unit printed with the values or in a Satuan column"),
        Column("polarity", "string", "positive (higher is better) or negative (lower is better)",
               required=True, enum=POLARITIES),
        Column("baseline", "number", "Kondisi awal (baseline) value"),
        Column("target", "number", "Target value (numeric part)"),
        Column("actual", "number", "Realisation value (numeric part)"),
        Column("reported_achievement_pct", "number", "Capaian (achievement) percentage as printed"),
        Column("achievement_pct", "number", "Achievement recomputed (see achievement_method and "
               "negative_convention)"),
        Column("target_text", "string", "Target cell as printed"),
        Column("actual_text", "string", "Realisation cell as printed"),
        _SOURCE_TABLE,
        _SOURCE_LINE,
        Column("achievement_method", "string", "Formula used for achievement_pct (see "
               "analysis.achievement.achievement_pct)", required=True,
               enum=ACHIEVEMENT_COMPUTED_METHODS + ACHIEVEMENT_EMPTY_METHODS, extra=True),
        Column("negative_convention", "string", "Convention used for negative-polarity indicators "
               "(empty for positive ones)", enum=NEGATIVE_CONVENTIONS, extra=True),
        Column("polarity_rule", "string", "Which wording rule or override decided the polarity",
               required=True, extra=True),
        Column("year_role", "string", "Role of the year column (reporting year, comparison year, "
               "plan year, end-of-plan target)", required=True, enum=YEAR_ROLES, extra=True),
        Column("value_note", "string", "Why a value is empty, how it was read, or how a repeat's "
               "values differ", extra=True),
        _ROW_ID_COL,
        _ENTITY_ID,
        _DUPLICATE_OF,
        _SOURCE_PAGE,
    ),
    primary_key=("row_id",),
    sort_keys=("doc_id", "source_line", "fiscal_year", "indicator"),
    row_checks=(
        RowCheck("achievement_with_method",
                 "achievement_pct is present exactly when achievement_method is a formula "
                 f"({', '.join(ACHIEVEMENT_COMPUTED_METHODS)})",
                 ("achievement_pct", "achievement_method"), _achievement_with_method),
        RowCheck("convention_when_negative",
                 "negative_convention is given exactly for negative-polarity indicators",
                 ("negative_convention", "polarity"), _convention_when_negative),
        _DUPLICATE_CHECK,
    ),
))

_declare(Table(
    "regions",
    "Long format: one row per kabupaten/kota (or province total), variable and year.",
    (
        _DOC_ID,
        Column("province", "string", "Province (empty in imported tables)"),
        Column("year", "integer", "Year of the value", required=True),
        Column("region_code", "string", "Kemendagri code (Kepmendagri 100.1.1-6117/2022), e.g. "
               "53.71; province code (53) for totals", required=True, pattern=_REGION_CODE),
        Column("region_name", "string", "Canonical kabupaten/kota name", required=True),
        Column("region_type", "string", "kabupaten, kota or province (total rows)", required=True,
               enum=REGION_TYPES),
        Column("variable", "string", "Variable name (snake_case)", required=True),
        Column("value", "number", "Value (empty only with a value_note saying why)"),
        Column("unit", "string", "Unit of the value"),
        Column("source_table", "string", "Table the value comes from (for imported tables: the "
               "source text given on import)"),
        _SOURCE_LINE,
        Column("value_note", "string", "How the value was read: e.g. a '-' or blank cell read as 0 "
               "because the table's printed totals confirm it", extra=True),
        _SOURCE_PAGE,
    ),
    primary_key=("doc_id", "source_line", "region_code", "variable", "year"),
    sort_keys=("doc_id", "source_line", "region_code", "variable", "year"),
    row_checks=(
        RowCheck("province_code_for_totals",
                 "region_type is province exactly when region_code is a two-digit province code",
                 ("region_type", "region_code"), _province_code_for_totals),
        RowCheck("value_or_note", "an empty value carries a value_note",
                 ("value", "value_note"), _value_or_note),
    ),
))

_declare(Table(
    "activity_locations",
    "Kabupaten/kota named in programme output/outcome texts and in the location (Lokasi) column of "
    "programme/kegiatan tables.",
    (
        _DOC_ID,
        Column("entity", "string", "Agency whose programme text names the place", required=True),
        Column("budget_line", "string", "Name of the budget row the text belongs to"),
        Column("region_code", "string", "Kemendagri code of the kabupaten/kota named", required=True,
               pattern=_REGION_CODE),
        Column("mention", "string", "The mention as printed", required=True),
        _SOURCE_LINE,
        _SOURCE_PAGE,
    ),
    primary_key=("doc_id", "source_line", "region_code", "mention"),
    sort_keys=("doc_id", "source_line", "region_code", "mention"),
))

_declare(Table(
    "anomalies",
    "One row per finding of the anomaly checks (phrased as 'needs review').",
    (
        Column("doc_id", "string", "Document id from data/raw/manifest.csv", required=True),
        Column("rule", "string", "Stable identifier of the rule that raised the finding",
               required=True),
        Column("severity", "string", "error (arithmetic impossibility or contradiction), warning "
               "(suspicious) or info (statistical flag)", required=True, enum=SEVERITIES),
        Column("entity", "string", "Agency the finding concerns"),
        Column("subject", "string", "What the finding is about (budget line, indicator, table)"),
        Column("expected", "number", "Expected value (e.g. recomputed percentage, printed total)"),
        Column("observed", "number", "Observed value"),
        Column("difference", "number", "observed - expected"),
        Column("message", "string", "Plain-language statement of the finding", required=True),
        Column("source_line", "integer", "Line of the main row concerned (empty for findings about "
               "a whole table or document)"),
        Column("entity_id", "string", "Stable agency id from the agency register", extra=True),
        Column("source_table", "string", "Table of the rows concerned", extra=True),
        Column("row_ids", "string", "';'-joined row_id of every row concerned", extra=True),
        Column("source_lines", "string", "';'-joined source lines of every row concerned",
               pattern=r"\d+(?:;\d+)*", extra=True),
        Column("rupiah_at_stake", "number", "Rupiah amount the finding puts in doubt", extra=True),
        Column("evidence", "string", "The numbers and lines behind the finding", extra=True),
    ),
    primary_key=("doc_id", "rule", "subject", "row_ids", "source_line"),
    sort_keys=("doc_id", "rule", "source_line", "subject", "row_ids"),
))

_declare(Table(
    "extraction_skipped",
    "Every amount- or percent-bearing row or cell that did not become an output row.",
    (
        _DOC_ID,
        _SOURCE_LINE,
        Column("raw_text", "string", "The row or cell as printed"),
        Column("reason", "string", "Why it did not become an output row", required=True),
    ),
    primary_key=("doc_id", "source_line", "reason"),
    sort_keys=("doc_id", "source_line", "reason"),
))

_REPORT_COUNTS = (
    ("lines", "Lines in the document"),
    ("tables", "Tables found"),
    ("tables_tab", "Tables written as TAB-separated rows"),
    ("tables_html", "Tables written as HTML <table> blocks"),
    ("tables_markdown", "Tables written as Markdown pipe tables"),
    ("tables_with_caption", "Tables with a 'Tabel ...' caption above them"),
    ("table_rows", "Data rows of all tables (wrapped lines merged)"),
    ("repeated_headers_removed", "Header rows repeated after page breaks that were removed"),
    ("numbers_parsed", "Numbers read in table cells"),
    ("numbers_malformed", "Malformed numbers in table cells (kept raw, value missing)"),
    ("numbers_ambiguous", "Numbers whose style the document could not decide"),
    ("budget_rows", "Rows written to budget.csv"),
    ("budget_skipped", "Rows the budget extractor listed as skipped"),
    ("amount_cells_found", "Table cells carrying a rupiah amount"),
    ("amount_cells_extracted", "Amount cells on rows that became budget rows"),
    ("amount_cells_skipped", "Amount cells on rows listed in extraction_skipped.csv"),
    ("amount_cells_unaccounted", "Amount cells neither extracted nor skipped (should be 0)"),
    ("indicators_rows", "Rows written to indicators.csv"),
    ("indicators_skipped", "Rows the indicator extractor listed as skipped"),
    ("indicators_distinct", "Distinct indicators"),
    ("indicators_numeric_target_actual", "Indicator rows with a numeric target and realisation"),
    ("regions_rows", "Rows written to regions.csv"),
    ("regions_skipped", "Rows the regional extractor listed as skipped"),
    ("activity_locations_rows", "Rows written to activity_locations.csv"),
    ("activity_locations_skipped", "Mentions not assigned (ambiguous names)"),
    ("rows_unrecognised", "Table rows with an amount, a percentage or two or more numbers that no "
                          "extractor used (listed in extraction_skipped.csv)"),
    ("numeric_tables_unused", "Tables with two or more numeric rows of which no row was used "
                              "(listed in extraction_report.md)"),
    ("agency_names_unresolved", "Distinct agency names of budget/indicator rows without an entity_id "
                                "(listed in extraction_report.md)"),
    ("budget_rows_with_entity_id", "Budget rows with an entity_id"),
    ("indicators_rows_with_entity_id", "Indicator rows with an entity_id"),
    ("budget_duplicates", "Budget rows marked duplicate_of another row"),
    ("indicators_duplicates", "Indicator rows marked duplicate_of another row"),
    ("pdf_pages", "Pages of the PDF (empty for text inputs)"),
)

_declare(Table(
    "extraction_report",
    "One row per document: what was found, extracted and skipped (empty: that extractor did not run).",
    (
        _DOC_ID,
        Column("file", "string", "File name in data/raw", required=True),
        Column("doc_type", "string", "Document type from the manifest", required=True),
        *(Column(n, "integer", d, required=n in {"lines", "tables"}) for n, d in _REPORT_COUNTS),
        Column("pdf_pages_without_text", "string", "';'-joined pages of the PDF without a text layer "
               "(scans; not read, OCR is not part of the package)", pattern=r"\d+(?:;\d+)*"),
        Column("pdf_notes", "integer", "Page notes of the PDF conversion (listed in "
               "extraction_report.md)"),
        Column("warnings", "string", "'; '-joined warnings for the document (nothing found: empty "
               "document, no table recognised, no output rows); empty when none. `extract --strict` "
               "exits non-zero when any document has one"),
    ),
    primary_key=("doc_id",),
    sort_keys=("doc_id",),
))

_declare(Table(
    "extraction_report_indicators",
    "Indicators per document and reporting agency.",
    (
        _DOC_ID,
        Column("entity", "string", "Reporting agency ('(all)' for the whole document)", required=True),
        Column("indicators", "integer", "Distinct indicators", required=True),
        Column("rows", "integer", "Indicator rows (one per indicator and year)", required=True),
        Column("rows_numeric_target_actual", "integer", "Rows with a numeric target and realisation",
               required=True),
        Column("rows_with_achievement", "integer", "Rows with a recomputed achievement", required=True),
    ),
    primary_key=("doc_id", "entity"),
    sort_keys=("doc_id", "entity"),
))

#: Names of the declared tables, in declaration order.
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: ``{table: {column: description}}`` (generated from the declaration).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    t.name: {c.name: c.description for c in t.columns} for t in TABLES.values()
}

#: Columns that order the rows of each output table (ties keep their order; generated).
SORT_KEYS: dict[str, list[str]] = {t.name: list(t.sort_keys) for t in TABLES.values()}


def _table(table: str | Table) -> Table:
    if isinstance(table, Table):
        return table
    try:
        return TABLES[table]
    except KeyError:
        raise KeyError(f"no declared table {table!r}; declared: {', '.join(TABLES)}") from None


def columns(table: str) -> list[str]:
    """Declared columns of ``table``, in order.

    Examples
    --------
    >>> columns("activity_locations")
    ['doc_id', 'entity', 'budget_line', 'region_code', 'mention', 'source_line', 'source_page']
    """
    return _table(table).column_names


def dtypes(table: str) -> dict[str, str]:
    """pandas dtypes of ``table``'s columns (for ``pd.read_csv(dtype=...)``).

    Examples
    --------
    >>> d = dtypes("regions")
    >>> d["region_code"], d["year"], d["value"]
    ('str', 'Int64', 'float64')
    """
    return {c.name: PANDAS_DTYPES[c.type] for c in _table(table).columns}


def empty_frame(table: str) -> pd.DataFrame:
    """An empty frame with the declared columns and dtypes.

    Examples
    --------
    >>> empty_frame("budget")["budget"].dtype
    dtype('float64')
    """
    t = _table(table)
    return pd.DataFrame({c.name: pd.Series([], dtype=PANDAS_DTYPES[c.type]) for c in t.columns})


# ---------------------------------------------------------------------------------------------
# Row labels for messages
# ---------------------------------------------------------------------------------------------

_MAX_LISTED = 8


def _row_label(frame: pd.DataFrame, idx, source: str | None) -> str:
    """'row_id 001-L1036' or 'doc_id 001 source_line 1036' (+ ', <file> line N' with a file)."""
    parts = []
    try:
        rec = frame.loc[idx]
    except (KeyError, TypeError):
        rec = None
    if isinstance(rec, pd.DataFrame):
        rec = rec.iloc[0]
    if rec is not None:
        rid = rec.get("row_id") if "row_id" in frame.columns else None
        if rid is not None and not pd.isna(rid) and str(rid):
            parts.append(f"row_id {rid}")
        else:
            bits = []
            for k in ("doc_id", "source_line"):
                if k in frame.columns and not pd.isna(rec.get(k)):
                    bits.append(f"{k} {rec.get(k)}")
            if bits:
                parts.append(" ".join(bits))
    if source is not None and isinstance(idx, (int, np.integer)):
        parts.append(f"{source} line {int(idx) + 2}")
    elif not parts:
        parts.append(f"index {idx}")
    return ", ".join(parts)


def _fail(table: str, source: str | None, problems: Sequence[str], total: int | None = None) -> None:
    where = f"{table}" + (f" ({source})" if source else "")
    total = len(problems) if total is None else total
    shown = list(problems[:_MAX_LISTED])
    more = f"\n  ... and {total - len(shown)} more" if total > len(shown) else ""
    raise ContractError(f"{where}: {total} problem(s) with the data contract "
                        f"(analysis.contract, docs/data_contract.md):\n  " + "\n  ".join(shown) + more)


# ---------------------------------------------------------------------------------------------
# Casting
# ---------------------------------------------------------------------------------------------

_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


def _to_string(s: pd.Series) -> pd.Series:
    def one(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return np.nan
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        text = str(v)
        return text if text != "" else np.nan
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "python":
        # text or a missing value ("str": NaN; "string": pd.NA, given as NaN here): one() keeps a
        # non-empty text, and "" and a missing value become NaN
        values = s.to_numpy(dtype=object, na_value=np.nan)
        return pd.Series(np.where(values == "", np.nan, values), index=s.index, dtype="str")
    # iterating an extension array fetches element by element; its object array holds the same
    # values (str, pd.NA) for text arrays, and object columns are their object array
    values = s.to_numpy(dtype=object) if s.dtype == object or isinstance(s.dtype, pd.StringDtype) else s
    # a non-empty str, the usual value, is kept as it is, and a missing value becomes NaN (what
    # one() returns for them)
    return pd.Series([v if type(v) is str and v else np.nan if _absent(v) else one(v)
                      for v in values], index=s.index, dtype="str")


def _conformed(s: pd.Series, col: Column) -> bool:
    """Whether :func:`_cast_column` would return ``s`` itself and flag nothing: the declared
    dtype, and for a string column no empty string."""
    dtype = str(s.dtype)
    if dtype != PANDAS_DTYPES[col.type]:
        return False
    return col.type != "string" or not (s.to_numpy(dtype=object) == "").any()


#: Integers of smaller magnitude are exact in float64.
_EXACT_IN_FLOAT = 2**53


def _cast_column(s: pd.Series, col: Column) -> tuple[pd.Series, pd.Series | None]:
    """(cast series, boolean Series of values that could not be cast, or None when no value
    can fail the cast)."""
    dtype = PANDAS_DTYPES[col.type]
    if col.type == "string":
        # a str column without empty strings is kept (compared as an object array: a missing
        # value is not equal to "", as with Series.eq, but without its per-call overhead)
        out = s if str(s.dtype) == "str" and not (s.to_numpy(dtype=object) == "").any() else _to_string(s)
        return out, None
    if str(s.dtype) == dtype:
        # already the declared float64/Int64/boolean dtype (a frame conformed before): the
        # casts below would return the same values and flag nothing
        return s, None
    if col.type == "integer" and str(s.dtype) == "int64":
        # whole numbers, none missing: the same float64 round trip as the general cast below,
        # which keeps every value of magnitude below 2**53 (then cast directly)
        values = s.to_numpy()
        if len(values) and values.min() > -_EXACT_IN_FLOAT and values.max() < _EXACT_IN_FLOAT:
            return s.astype("Int64"), None
        return s.astype("float64").astype("Int64"), None
    if s.dtype == object and len(s) and bool(s.isna().all()):
        # only missing values (a column of None): the casts below give all missing, flag nothing
        return pd.Series(pd.array([None] * len(s), dtype=dtype), index=s.index), None
    empty = s.isna()
    if s.dtype == object or str(s.dtype) in ("str", "string"):
        empty = empty | s.astype("str").str.strip().eq("").fillna(True)
    if col.type == "boolean":
        if pd.api.types.is_bool_dtype(s):
            return s.astype("boolean"), None
        vals = []
        bad = []
        for v, e in zip(s, empty):
            if e:
                vals.append(pd.NA)
                bad.append(False)
            elif isinstance(v, (bool, np.bool_)):
                vals.append(bool(v))
                bad.append(False)
            elif str(v).strip() in _TRUE:
                vals.append(True)
                bad.append(False)
            elif str(v).strip() in _FALSE:
                vals.append(False)
                bad.append(False)
            else:
                vals.append(pd.NA)
                bad.append(True)
        return pd.Series(vals, index=s.index, dtype="boolean"), pd.Series(bad, index=s.index)
    if pd.api.types.is_bool_dtype(s):
        num = pd.Series(np.nan, index=s.index)
        bad = ~empty
    else:
        num = pd.to_numeric(s.where(~empty), errors="coerce")
        bad = num.isna() & ~empty
    if col.type == "integer":
        frac = num.notna() & (num.astype("float64") % 1 != 0)
        bad = bad | frac
        num = num.where(~frac)
        return num.astype("float64").astype("Int64"), bad
    return num.astype("float64"), bad


def conform(frame: pd.DataFrame, table: str, *, allow_extra: bool = False,
            source: str | None = None) -> pd.DataFrame:
    """Give ``frame`` the declared columns (in order) and types.

    Declared columns missing from ``frame`` are added empty; values are cast to the declared
    type (strings stay strings; ``"true"``/``"false"`` become booleans).

    Parameters
    ----------
    frame : DataFrame
    table : str
        Declared table name.
    allow_extra : bool
        Keep undeclared columns after the declared ones (default: they are an error).
    source : str, optional
        File the frame was read from (row ``i`` is line ``i + 2`` of it), for messages.

    Raises
    ------
    ContractError
        An undeclared column (unless ``allow_extra``), or a value that is not of the declared
        type; the message names the table, the column, the row and the value.

    Examples
    --------
    >>> df = conform(pd.DataFrame({"doc_id": ["001"], "source_line": ["12"], "reason": ["x"]}),
    ...              "extraction_skipped")
    >>> list(df.columns), str(df["source_line"].dtype)
    (['doc_id', 'source_line', 'raw_text', 'reason'], 'Int64')
    >>> conform(pd.DataFrame({"doc_id": ["001"], "source_line": ["twelve"]}), "extraction_skipped")
    Traceback (most recent call last):
    ...
    analysis.contract.ContractError: extraction_skipped: 1 problem(s) with the data contract (analysis.contract, docs/data_contract.md):
      column 'source_line': 'twelve' is not an integer (doc_id 001 source_line twelve)
    """
    t = _table(table)
    declared = t.column_names
    undeclared = [c for c in frame.columns if c not in declared]
    if undeclared and not allow_extra:
        _fail(t.name, source, [f"undeclared column(s) {', '.join(map(repr, undeclared))}: declare "
                               "them in analysis.contract (after the contract's columns) or drop them"])
    # columns found conformed (_cast_column would keep them as they are, flagging nothing) by the
    # test below, up to the first that is not: not tested again by the cast
    kept: dict[str, pd.Series] = {}
    if list(frame.columns) == declared:
        for c in t.columns:
            s = frame[c.name]
            if not _conformed(s, c):
                break
            kept[c.name] = s
        else:
            # a frame conformed before (the pipeline conforms, sorts, links, then writes): every
            # column would be kept as it is, so only the frame is new (copy-on-write: no data copied)
            return frame.copy(deep=False)
    out = {}
    problems = []
    total = 0
    for col in t.columns:
        if col.name not in frame.columns:
            out[col.name] = pd.Series(pd.array([None] * len(frame), dtype=PANDAS_DTYPES[col.type]),
                                      index=frame.index)
            continue
        if col.name in kept:
            out[col.name] = kept[col.name]
            continue
        cast, bad = _cast_column(frame[col.name], col)
        out[col.name] = cast
        if bad is not None and bad.any():
            article = "an" if col.type == "integer" else "a"
            for idx in bad[bad].index:
                total += 1
                if len(problems) < _MAX_LISTED:
                    problems.append(f"column {col.name!r}: {frame.at[idx, col.name]!r} is not "
                                    f"{article} {col.type} ({_row_label(frame, idx, source)})")
    if problems:
        _fail(t.name, source, problems, total)
    # the columns as they are (copy-on-write: a later change to either frame copies first)
    result = pd.DataFrame(out, index=frame.index, copy=False)
    for c in undeclared:
        result[c] = frame[c]
    return result


def sort_rows(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Rows in the declared order (``SORT_KEYS``; numbers numerically, empty first; ties keep
    their order), index reset.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["001", "001"], "source_line": [30, 4], "reason": ["a", "b"]})
    >>> sort_rows(df, "extraction_skipped")["source_line"].tolist()
    [4, 30]
    >>> len(sort_rows(df.set_axis([0, 0]), "extraction_skipped"))  # a duplicated index label
    2
    """
    keys = [k for k in _table(table).sort_keys if k in frame.columns]
    frame = frame.reset_index(drop=True)  # positions: a duplicated index label must not repeat rows
    if not keys or len(frame) < 2:
        return frame
    key_lists = _plain_sort_keys(frame, keys)
    if key_lists is not None:
        rows = list(zip(*key_lists))
        # already in order (the usual case: no copy): a stable sort keeps a sequence whose
        # keys never decrease as it is, so one pass over neighbours decides, without sorting
        if all(map(operator.le, rows, itertools.islice(rows, 1, None))):
            return frame
        return frame.take(_stable_order(key_lists)).reset_index(drop=True)
    sort_columns = {}
    for k in keys:
        s = frame[k]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            sort_columns[k] = s.astype("float64").fillna(-1e30)
        else:
            sort_columns[k] = s.astype(object).where(s.notna(), "").astype(str)
    sort_frame = pd.DataFrame(sort_columns, index=frame.index)  # built at once, not column by column
    order = sort_frame.sort_values(keys, kind="mergesort").index
    if order.equals(frame.index):  # already in order: no copy
        return frame
    return frame.take(order).reset_index(drop=True)


#: dtypes whose sort keys :func:`_plain_sort_keys` gives as plain lists: the declared text
#: and number dtypes (and numpy's int64 of frames built by hand).
_PLAIN_SORT_DTYPES = frozenset({"str", "Int64", "float64", "int64"})


def _plain_sort_keys(frame: pd.DataFrame, keys: list[str]) -> list[list] | None:
    """The keys :func:`sort_rows` sorts by, as Python lists, or None when a key column has
    another dtype (then the pandas path of :func:`sort_rows` decides).

    A number is its float64 value (missing: ``-1e30``), as in the pandas path; a text is the
    text itself (missing: ``""``, what ``astype(object).where(notna, "").astype(str)`` gives
    for a ``str`` column). Sorting these with Python's comparison orders rows as
    ``sort_values(kind="mergesort")`` does: pandas orders text by code point (Python's ``<``
    on str) and both sorts are stable.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": pd.array(["002", None], dtype="str"),
    ...                   "source_line": pd.array([7, None], dtype="Int64")})
    >>> _plain_sort_keys(f, ["doc_id", "source_line"])
    [['002', ''], [7.0, -1e+30]]
    """
    out = []
    for k in keys:
        s = frame[k]
        dtype = str(s.dtype)
        if dtype not in _PLAIN_SORT_DTYPES:
            return None
        # on the arrays (the Series methods cost more than the work on these short columns):
        # the values fillna("") and astype("float64").fillna(-1e30) give
        if dtype == "str":
            missing = s.array.isna()
            values = s.to_numpy(dtype=object)
            out.append(np.where(missing, "", values).tolist() if missing.any() else values.tolist())
        elif dtype == "Int64":
            out.append(s.array.to_numpy(dtype="float64", na_value=-1e30).tolist())
        else:
            values = s.to_numpy(dtype="float64")
            out.append(np.where(np.isnan(values), -1e30, values).tolist())
    return out


def _stable_order(key_lists: list[list]) -> list[int]:
    """Positions of the rows sorted by the key lists (first list first), ties in their order.

    Examples
    --------
    >>> _stable_order([["b", "a", "b", "a"], [2.0, 9.0, 1.0, 9.0]])
    [1, 3, 2, 0]
    """
    rows = list(zip(*key_lists))
    return sorted(range(len(rows)), key=rows.__getitem__)


# ---------------------------------------------------------------------------------------------
# Validation (pandera)
# ---------------------------------------------------------------------------------------------


def pandera_schema(table: str, *, allow_extra: bool = False):
    """The pandera ``DataFrameSchema`` of ``table`` (dtypes, nullability, allowed values,
    patterns, unique primary key, row checks)."""
    import pandera.pandas as pa

    t = _table(table)
    cols = {}
    for c in t.columns:
        checks = []
        if c.enum is not None:
            checks.append(pa.Check.isin(list(c.enum), error=f"allowed values: {', '.join(c.enum)}"))
        if c.pattern is not None:
            checks.append(pa.Check.str_matches(f"^(?:{c.pattern})$", error=f"pattern {c.pattern}"))
        cols[c.name] = pa.Column(PANDAS_DTYPES[c.type], checks=checks, nullable=not c.required,
                                 required=True)
    checks = [pa.Check(rc.func, name=rc.name, error=rc.name) for rc in t.row_checks]
    return pa.DataFrameSchema(cols, checks=checks, unique=list(t.primary_key),
                              strict=not allow_extra, ordered=True, name=t.name)


@lru_cache(maxsize=None)  # the few declared patterns
def _full_pattern(pattern: str) -> re.Pattern:
    """The compiled ``(?:pattern)`` whose ``fullmatch`` tests a declared pattern (as
    ``Series.str.fullmatch`` of :func:`conforms` did)."""
    return re.compile(f"(?:{pattern})")


def conforms(frame: pd.DataFrame, table: str, *, allow_extra: bool = False) -> bool:
    """True when ``frame`` passes every check of :func:`validate` (column order, dtypes,
    nullability, allowed values, patterns, unique primary key, row checks), computed with
    plain pandas.

    :func:`validate` calls this first and builds the pandera schema only when something fails,
    to describe the failures: a run whose tables are valid does not import pandera (about 0.6 s
    of start-up). It is conservative: a missing value in a row check's result counts as a
    failure here and pandera then decides.

    Examples
    --------
    >>> ok = conform(pd.DataFrame({"doc_id": ["001"], "source_line": [12], "reason": ["x"]}),
    ...              "extraction_skipped")
    >>> conforms(ok, "extraction_skipped"), conforms(pd.concat([ok, ok]), "extraction_skipped")
    (True, False)
    """
    t = _table(table)
    declared = t.column_names
    cols = list(frame.columns)
    if (cols != declared) if not allow_extra else ([c for c in cols if c in declared] != declared):
        return False
    for c in t.columns:
        s = frame[c.name]
        if str(s.dtype) != PANDAS_DTYPES[c.type]:
            return False
        if c.type == "string" and (c.required or c.enum is not None or c.pattern is not None):
            # a str column holds text or a missing value: its non-missing values are its texts,
            # tested as plain Python strings (what isin and str.fullmatch compare them as)
            missing = s.array.isna()  # Series.isna as an array, without a Series made
            if c.required and missing.any():
                return False
            present = s.to_numpy(dtype=object)[~missing].tolist()
            if c.enum is not None and not set(present) <= set(c.enum):
                return False
            if c.pattern is not None and not all(map(_full_pattern(c.pattern).fullmatch, present)):
                return False
            continue
        if c.required and bool(s.array.isna().any()):
            return False
        if c.enum is None and c.pattern is None:  # nothing more to test (no mask needed)
            continue
        na = s.isna()
        present = s[~na]
        if c.enum is not None and not bool(present.isin(list(c.enum)).all()):
            return False
        if c.pattern is not None and len(present) and not bool(
                present.astype(str).str.fullmatch(f"(?:{c.pattern})").all()):
            return False
    if t.primary_key and bool(frame.duplicated(list(t.primary_key)).any()):
        return False
    for rc in t.row_checks:
        result = rc.func(frame)
        if isinstance(result, pd.Series):
            if not bool(result.fillna(False).astype(bool).all()):
                return False
        elif not bool(result):
            return False
    return True


def validate(frame: pd.DataFrame, table: str, *, allow_extra: bool = False,
             source: str | None = None) -> pd.DataFrame:
    """Check ``frame`` against the declared contract of ``table`` with pandera.

    Checks: declared columns in order, dtypes (see :func:`conform`), nullability, allowed
    values, patterns, a unique primary key, and the table's row checks (e.g. ``absorption_pct
    == 100 * realization / budget`` within :data:`ABSORPTION_TOLERANCE_PP`).

    Returns
    -------
    DataFrame
        ``frame`` itself when it passes.

    Raises
    ------
    ContractError
        Naming the table, each failing column and check, and the rows (``row_id``, or
        ``doc_id``/``source_line``; with ``source``, the file line).

    Examples
    --------
    >>> ok = conform(pd.DataFrame({"doc_id": ["001"], "source_line": [12], "reason": ["x"]}),
    ...              "extraction_skipped")
    >>> validate(ok, "extraction_skipped") is ok
    True
    >>> validate(pd.concat([ok, ok], ignore_index=True), "extraction_skipped")
    Traceback (most recent call last):
    ...
    analysis.contract.ContractError: extraction_skipped: 2 problem(s) with the data contract (analysis.contract, docs/data_contract.md):
      columns doc_id, source_line, reason: primary key not unique (doc_id 001 source_line 12)
      columns doc_id, source_line, reason: primary key not unique (doc_id 001 source_line 12)
    """
    t = _table(table)
    if conforms(frame, t.name, allow_extra=allow_extra):
        # every check holds (conforms tests the declared columns and dtypes too): what follows,
        # and pandera (slow to import), only describe failures
        return frame
    # dtype problems first: pandera reports them per column without rows; name the rows here
    declared = t.column_names
    missing = [c for c in declared if c not in frame.columns]
    if missing:
        _fail(t.name, source, [f"missing column(s) {', '.join(map(repr, missing))}"])
    wrong = [c for c in t.columns if str(frame[c.name].dtype) != PANDAS_DTYPES[c.type]]
    if wrong:
        problems = []
        sub = frame[[c.name for c in wrong]]
        try:
            conform(sub.assign(**{k: frame[k] for k in ("row_id", "doc_id", "source_line")
                                  if k in frame.columns and k not in sub.columns}),
                    t.name, allow_extra=True, source=source)
        except ContractError as exc:
            raise ContractError(str(exc)) from None
        for c in wrong:
            problems.append(f"column {c.name!r}: dtype {frame[c.name].dtype}, declared {c.type} "
                            f"({PANDAS_DTYPES[c.type]}); read or cast it with analysis.contract.conform")
        _fail(t.name, source, problems)
    import pandera.pandas as pa

    try:
        pandera_schema(t.name, allow_extra=allow_extra).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        _fail(t.name, source, *_describe_failures(exc.failure_cases, frame, t, source))
    return frame


def _show(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "(empty)"
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(str(v))


def _describe_failures(fc: pd.DataFrame, frame: pd.DataFrame, t: Table,
                       source: str | None) -> tuple[list[str], int]:
    checks = {rc.name: rc for rc in t.row_checks}
    seen = set()
    problems = []
    for rec in fc.to_dict("records"):
        check, col, idx = str(rec["check"]), rec["column"], rec["index"]
        if check in checks or check == "multiple_fields_uniqueness":
            key = (check, idx)
        else:
            key = (check, col, idx)
        if key in seen:
            continue
        seen.add(key)
        if idx is None or (not isinstance(idx, str) and pd.isna(idx)):
            what = f"column {col!r}" if isinstance(col, str) else "table"
            problems.append(f"{what}: {check} ({rec['failure_case']})")
            continue
        where = _row_label(frame, idx, source)
        if check in checks:
            rc = checks[check]
            vals = ", ".join(f"{c}={_show(frame.at[idx, c])}" for c in rc.columns if c in frame.columns)
            problems.append(f"columns {', '.join(rc.columns)}: row check {rc.name!r} failed: "
                            f"{rc.description} ({vals}; {where})")
        elif check == "multiple_fields_uniqueness" or check.startswith("field_uniqueness"):
            cols = "column" + ("s " if len(t.primary_key) > 1 else " ") + ", ".join(t.primary_key)
            problems.append(f"{cols}: primary key not unique ({where})")
        elif check == "not_nullable":
            problems.append(f"column {col!r}: empty, but the column is required ({where})")
        else:
            problems.append(f"column {col!r}: {_show(rec['failure_case'])} fails {check} ({where})")
    return problems, len(problems)


# ---------------------------------------------------------------------------------------------
# Frictionless Table Schema and documentation
# ---------------------------------------------------------------------------------------------


def table_schema(table: str) -> dict:
    """Frictionless Table Schema of ``table``: fields with the declared types, descriptions,
    ``required``/``enum``/``pattern`` constraints, ``primaryKey``; empty cells are missing.

    Examples
    --------
    >>> s = table_schema("regions")
    >>> [(f["name"], f["type"]) for f in s["fields"] if f["name"] in ("value", "source_line")]
    [('value', 'number'), ('source_line', 'integer')]
    >>> s["primaryKey"]
    ['doc_id', 'source_line', 'region_code', 'variable', 'year']
    """
    t = _table(table)
    fields = []
    for c in t.columns:
        f: dict = {"name": c.name, "type": c.type, "description": c.description}
        if c.type == "boolean":
            f["trueValues"] = ["true"]
            f["falseValues"] = ["false"]
        cons: dict = {}
        if c.required:
            cons["required"] = True
        if c.enum is not None:
            cons["enum"] = list(c.enum)
        if c.pattern is not None:
            cons["pattern"] = c.pattern
        if cons:
            f["constraints"] = cons
        fields.append(f)
    return {"fields": fields, "missingValues": [""], "primaryKey": list(t.primary_key)}


def _md_escape(text: str) -> str:
    return (text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
            .replace(">", "&gt;"))


def render_markdown() -> str:
    """``docs/data_contract.md``, rendered from the declaration (a test compares the committed
    file with this rendering).

    Examples
    --------
    >>> render_markdown().splitlines()[0]
    '# Data contract'
    """
    out = [
        "# Data contract",
        "",
        "<!-- Generated from src/analysis/contract.py by analysis.contract.render_markdown();",
        "     do not edit by hand: tests/test_contract.py fails when this file and the declaration differ.",
        "     Regenerate: python -m analysis docs (make docs) -->",
        "",
        "The tables that `python -m analysis extract` writes to `data/processed/` (and the anomaly",
        "findings written by the anomaly study). All files are UTF-8 CSV, comma-separated, one header",
        "row, `\\n` line ends, numbers unformatted (`.` decimal point, no thousands separators), `true` /",
        "`false` for booleans, an empty cell for a missing value, rows sorted by the sort keys below:",
        "the same inputs give byte-identical files. `datapackage.json` beside them is the same",
        "declaration as a Frictionless Data Package (types, required columns, allowed values, primary",
        "keys), with the size and SHA-256 of each file.",
        "",
        "Columns marked *contract* are the shared contract's, in its order; columns marked *added*",
        "come after them. Every table is validated against this declaration when it is written and",
        "when a loader (`analysis.loaders`) reads it; codes and ids (`doc_id`, `code`,",
        "`region_code`, `row_id`, `entity_id`) are text: `001` and `53.10` never become numbers.",
        "",
        "Row key: `row_id = <doc_id>-L<source_line>`, with `-2`, `-3` … for further rows drawn from",
        "the same line (`001-L811` is line 811 of document 001). `duplicate_of` holds the `row_id` of",
        "the row a duplicate repeats.",
        "",
        "Types: `string`, `integer` (whole number), `number` (decimal), `boolean`.",
        "",
    ]
    for t in TABLES.values():
        out += [f"## `{t.name}.csv`", "", t.description, "",
                f"Primary key: {', '.join(f'`{k}`' for k in t.primary_key)}. "
                f"Sorted by: {', '.join(f'`{k}`' for k in t.sort_keys)}.", "",
                "| # | column | type | required | allowed values | description | part |",
                "|---:|---|---|---|---|---|---|"]
        for i, c in enumerate(t.columns, start=1):
            allowed = ", ".join(f"`{v}`" for v in c.enum) if c.enum else (
                f"pattern `{_md_escape(c.pattern)}`" if c.pattern else "")
            out.append(f"| {i} | `{c.name}` | {c.type} | {'yes' if c.required else ''} | {allowed} | "
                       f"{_md_escape(c.description)} | {'added' if c.extra else 'contract'} |")
        if t.row_checks:
            out += ["", "Row checks:", ""]
            out += [f"* `{rc.name}`: {_md_escape(rc.description)}." for rc in t.row_checks]
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Row keys
# ---------------------------------------------------------------------------------------------


def row_ids(doc_id: Iterable, source_line: Iterable) -> list[str]:
    """Stable row keys ``<doc_id>-L<source_line>``, with ``-2``, ``-3`` … for further rows drawn
    from the same line, numbered in the order given (pass rows in their sorted order).

    ``duplicate_of`` and the anomaly findings refer to rows by this key; it reads as a place in
    the document (``001-L811`` is line 811 of document 001).

    Examples
    --------
    >>> row_ids(["001", "001", "001", "004"], [811, 811, 789, 12])
    ['001-L811', '001-L811-2', '001-L789', '004-L12']
    """
    seen: dict[tuple[str, int], int] = {}
    out = []
    # a Series as a list: the values its iteration gives, without fetching them one by one
    doc_id = doc_id.tolist() if isinstance(doc_id, pd.Series) else doc_id
    source_line = source_line.tolist() if isinstance(source_line, pd.Series) else source_line
    for d, line in zip(doc_id, source_line):
        key = (str(d), int(line))
        k = seen.get(key, 0) + 1
        seen[key] = k
        out.append(f"{d}-L{int(line)}" + (f"-{k}" if k > 1 else ""))
    return out
