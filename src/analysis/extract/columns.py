"""Column labels and column roles of a table: the one place that names a table's columns.

Every extractor reads a table through the reader's :class:`~analysis.extract.documents.Table`
(its header rows and data rows, the same for TAB, Markdown and HTML input) and asks this module
what its columns are:

* :func:`split_header` -- the one rule, for every extractor, of which rows are the header:
  header rows of the reader that are data rows (a section name or a first data row printed
  under the labels, :func:`is_data_row`) go back to the data, leading data rows that are header
  rows in all but name (``Anggaran (Rp.) | Realisasi (Rp.) | %`` under a caption line the
  reader took as the header) join the header, and a headerless piece right below a table (a
  page break) takes that table's header; :func:`header_rows` gives its (header, rows);
  :func:`document_split_header` the same, each table's own rows split once per document;
* :func:`column_labels` -- one lower-case label per column: the header cells of the column
  stacked top to bottom, a spanning group header (``REALISASI`` over ``Rp.`` and ``%``, ``2023``
  over ``Target`` and ``Realisasi``) copied over the sub-columns printed below it, numbering rows
  ``(1) | (2) | (3)`` skipped, and the words rewritten into the shared Indonesian vocabulary
  (:func:`analysis.extract.vocabulary.canonical_header`: English words, misspellings). Labels
  are cached per table;
* :func:`column_roles` -- one :class:`ColumnRole` per column (:data:`ROLES`: ``indicator``,
  ``objective``, ``program``, ``unit``, ``baseline``, ``target``, ``actual``, ``achievement``,
  ``budget``, ``realisation_amount``, ``budget_pct``, ``year``, ``region``, ``no``, ``text``
  ...) with the year a header names, falling back on the cells' content (a ``name``,
  ``text``, ``unit`` or ``number`` column) when the header says nothing.

The header words themselves live in :mod:`analysis.extract.vocabulary`.

Examples
--------
The header of 001 Tabel 2.4 (lines 1032-1033): ``APBD PERUBAHAN`` spans three sub-columns.

>>> from analysis.extract.documents import parse_document
>>> doc = parse_document(
...     "NO\\tPerangkat Daerah\\tAPBD PERUBAHAN\\t\\t\\tRealisasi (Rp.)\\t%\\n"
...     "\\t\\tPendapatan (Rp.)\\tBelanja (Rp.)\\tSurplus/(Defisit) (Rp.)\\t\\t\\n"
...     "1\\tDinas Pendidikan\\t1.000\\t2.000.000\\t(1.999.000)\\t1.900.000\\t95,00\\n", "x")
>>> column_labels(doc.tables[0])
('no', 'perangkat daerah', 'apbd perubahan pendapatan (rp.)', 'apbd perubahan belanja (rp.)', \
'apbd perubahan surplus/(defisit) (rp.)', 'realisasi (rp.)', '%')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .documents import Document, Row, Table, cell_has_number, is_numbering_row
from .numbers import parse_number
from .vocabulary import (
    AGENCY_COLUMN_HEADER,
    FINANCE_WORDS,
    INDICATOR_ABBREVIATIONS,
    INDICATOR_LABEL_WORDS,
    HEADER_ROW_MARKERS,
    HEADER_ROW_WORDS,
    LABEL_WORDS,
    MONEY_REMAINDER_WORDS,
    PERIOD_HEADER,
    PLAN_PERIOD_WORDS,
    NUMBER_COLUMN_LABELS,
    PERCENT_WORDS,
    ABSORPTION_WORDS,
    REGION_HEADER_WORDS,
    UNIT_WORDS,
    canonical_header,
)

__all__ = [
    "RUPIAH_UNIT",
    "ColumnRole",
    "is_header_row",
    "is_formula_numbering_row",
    "is_long_label_above_numbering",
    "is_label_row",
    "has_label",
    "header_rows",
    "TableHead",
    "is_data_row",
    "split_header",
    "document_split_header",
    "column_stacks",
    "column_labels",
    "YEAR_LABEL",
    "header_role",
    "content_role",
    "column_roles",
    "ratio_order",
    "content_value_columns",
    "content_value_roles",
    "MONEY_ROLES",
    "NAME_ROLES",
    "ROLES",
]

#: A rupiah unit marker printed in a header cell (``(Rp)``, ``(Rp.000)``, ``Rp. 000``): not a
#: number, so a cell carrying it can still be a header cell.
RUPIAH_UNIT = re.compile(r"\(\s*R[pP]\s*\.?\s*(?:0{3}|000\.000)?\s*\)|R[pP]\.\s*0{3}\b")

#: Longest cell (characters) of a row that can still be a header row.
HEADER_CELL_MAX = 40
#: Longest cell (characters) that still counts as a label in :func:`has_label`.
LABEL_CELL_MAX = 60
#: Share of a column's non-empty cells that must be numbers (or units) for the content
#: fallback of :func:`content_role` to call it a ``number`` (``unit``) column.
CONTENT_SHARE = 0.6
#: Longest cell (characters) of a unit column (``Persen``, ``Dokumen``, ``Per 1000 KH``).
UNIT_CELL_MAX = 20

_HEADER_WORD = re.compile(
    r"\b(?:" + "|".join(HEADER_ROW_WORDS) + r")\b|" + "|".join(re.escape(m) for m in HEADER_ROW_MARKERS),
    re.I,
)
_LABEL_WORD = re.compile(r"\b(" + "|".join(LABEL_WORDS) + r")", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: The realisation summed up to the current year (*s/d tahun berjalan*, *sampai dengan tahun
#: berjalan*) of a plan-evaluation form.
#: Summed to the end of the year: through the fourth quarter or the second semester.
_TO_YEAR_END = re.compile(r"(?:s\s*/\s*d|s\.\s*d\.?|sampai\s+dengan)\s+(?:triwulan|tw)\.?\s*(?:iv|4)\b"
                          r"|(?:s\s*/\s*d|s\.\s*d\.?|sampai\s+dengan)\s+semester\s*(?:ii|2)\b", re.I)
_TO_DATE = re.compile(r"(?:s\s*/\s*d|sampai\s+dengan)\s+(?:dengan\s+)?tahun\s+berjalan", re.I)
#: A column group of the five-year plan's period in the Permendagri 86/2017 evaluation forms
#: (E.79/E.81): the plan (*Renstra*, *RPJMD*) with its end (*akhir periode*) or a sum up to a
#: year (*s/d*, *sampai dengan*): *Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir
#: Periode Renstra)*, *Realisasi Capaian Kinerja Renstra ... sampai dengan Renja ... Tahun Lalu*,
#: *Realisasi Kinerja dan Anggaran Renstra ... s/d Tahun 2023*, *Tingkat Capaian ... Renstra ...
#: s/d Tahun 2023 (%)*. None of them is a value of the year evaluated.
_PLAN_PERIOD_GROUP = re.compile(r"\b(?:" + "|".join(PLAN_PERIOD_WORDS) + r")"
                                r"(?=.*(?:\bs\s*/\s*d\b|\bs\.\s*d\b|sampai\s+dengan|akhir\s+periode))", re.I)
#: A rate word before *realisasi* (*Tingkat Realisasi (%)*): the column is the realisation over
#: the target, an ``achievement``.
_RATE_WORD = re.compile(r"\btingkat\s+realisa", re.I)
_NUMBERING_CELL = re.compile(r"\s*\(?\d{1,3}[.)]?\s*|\s*[a-zA-Z][.)]\s*|\s*[IVXL]{1,5}\.?\s*")
_STRAY_PAGE_NUMBER = re.compile(r"\s*\d{1,3}\s*")
#: A header cell that is only a year (``2023``, ``Tahun 2023``, ``TA. 2023``, ``Thn 2023``, ``(2022)``).
YEAR_LABEL = re.compile(r"^\W*(?:(?:tahun|thn|th|ta)\.?\s*)?(?:19|20)\d{2}\W*$", re.I)


@dataclass(frozen=True)
class ColumnRole:
    """What one column of a table holds.

    Attributes
    ----------
    index : int
        0-based column index.
    label : str
        The column's label (:func:`column_labels`).
    role : str
        One of :data:`ROLES`: from the header ``no``, ``region``, ``objective``,
        ``indicator``, ``program``, ``unit``, ``formula``, ``baseline``, ``target``,
        ``actual``, ``achievement`` (performance %), ``end_target``, ``progress``, ``budget``,
        ``realisation_amount``, ``budget_pct``, ``year``, ``percent``, ``text``; from the
        cells (when the header says nothing) ``no``, ``name``, ``unit``, ``number``, ``text``.
    year : int or None
        The year the header names for the column (``Target 2023`` -> 2023).
    source : {"header", "content"}
        Whether the role was read from the header or guessed from the cells.
    """

    index: int
    label: str
    role: str
    year: int | None = None
    source: str = "header"


# ---------------------------------------------------------------------------------------------
# Header rows
# ---------------------------------------------------------------------------------------------
def is_label_row(cells: list[str]) -> bool:
    """True for a row of column labels: at least two non-empty cells, none longer than
    :data:`HEADER_CELL_MAX`, no digits but years, bracketed notes and rupiah unit markers
    (``Anggaran (Rp.000)``), and at least two cells that carry a header word
    (:data:`~analysis.extract.vocabulary.LABEL_WORDS`,
    :data:`~analysis.extract.vocabulary.HEADER_ROW_WORDS`, ``(Rp``, ``%``) or are a year, after
    :func:`~analysis.extract.vocabulary.canonical_header` (English and misspelled words).

    Examples
    --------
    >>> is_label_row(["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi"])
    True
    >>> is_label_row(["", "", "2022", "Target", "Realisation"])
    True
    >>> is_label_row(["", "Anggaran (Rp.000)", "Realisasi (Rp.000)", "%"])
    True
    >>> is_label_row(["1", "Persentase A", "80", "82"]), is_label_row(["(1)", "(2)", "(3)"])
    (False, False)
    """
    nonempty = [c for c in cells if c.strip()]
    if len(nonempty) < 2 or any(len(c) > HEADER_CELL_MAX for c in nonempty):
        return False
    if any(_has_digit_but_years(c) for c in nonempty):
        return False
    return sum(1 for c in nonempty if _is_label(c)) >= 2


_DIGIT = re.compile(r"\d")
_BRACKETED = re.compile(r"\([^)]*\)")


def _has_digit_but_years(cell: str) -> bool:
    """A digit outside years, bracketed notes and rupiah unit markers (no label cell has one)."""
    return bool(_DIGIT.search(_YEAR.sub("", _BRACKETED.sub("", RUPIAH_UNIT.sub("", cell)))))


def _is_label(cell: str) -> bool:
    canon = canonical_header(cell)
    return bool(_LABEL_WORD.search(canon) or _HEADER_WORD.search(canon) or YEAR_LABEL.match(cell))


def is_header_row(cells: list[str]) -> bool:
    """True for a header row: a numbering row (``1 | 2 | 3``, ``(1) | (2) | (3)``) or a row of
    labels (:func:`is_label_row`).

    Examples
    --------
    >>> is_header_row(["", "Anggaran (Rp.000)", "Realisasi (Rp.000)", "%"])
    True
    >>> is_header_row(["(1)", "(2)", "(3)", "(4)"])
    True
    >>> is_header_row(["1", "Belanja Pegawai", "1.000.000", "98,5"])
    False
    >>> is_header_row(["Budget", "Realization", "Notes"])
    True
    """
    return is_numbering_row(cells) or is_label_row(cells)


def header_rows(table: Table) -> tuple[list[list[str]], list[Row]]:
    """The table's header rows and its data rows by :func:`split_header` (header rows of the
    reader that are data rows demoted, leading header-like data rows folded in).

    Examples
    --------
    >>> from analysis.extract.documents import parse_document
    >>> t = parse_document("Uraian\\tJumlah\\tKet\\nAnggaran (Rp)\\tRealisasi (Rp)\\t%\\n"
    ...                    "Belanja\\t1.000.000\\t95\\n", "x").tables[0]
    >>> header, rows = header_rows(t)
    >>> header[-1], [r.line for r in rows]
    (['Anggaran (Rp)', 'Realisasi (Rp)', '%'], [3])
    """
    head = split_header(table)
    return [list(h) for h in head.header], list(head.rows)


@dataclass
class TableHead:
    """Which rows of a table are its header and which are data (:func:`split_header`).

    Attributes
    ----------
    header : list of list of str
        Header rows, top to bottom (numbering rows ``(1) | (2)`` included; the labels skip them).
    header_lines : list of int
        The line of each header row.
    lead : list of Row
        Rows the reader printed as header rows that are data rows (a section or a first data
        row under the labels), in line order; they are the first of :attr:`rows`.
    rows : list of Row
        The data rows: :attr:`lead`, then the table's data rows not folded into the header.
    inherited : bool
        Whether :attr:`header` is the header of the table above (a page break lost this one's).
    """

    header: list[list[str]]
    header_lines: list[int]
    lead: list[Row]
    rows: list[Row]
    inherited: bool = False


#: Most lines between a table and the headerless table below it that continues it after a
#: page break (:func:`split_header` with ``above``), and the largest difference in width.
CONTINUATION_GAP = 6
CONTINUATION_WIDTH_SLACK = 1
#: A header row whose only cell is in one of the first this many columns is a section row
#: printed across the table (:func:`is_data_row`).
SECTION_CELL_COLUMNS = 2


def is_data_row(cells: list[str]) -> bool:
    """True for a row the reader printed among the header rows that is a data row: not a
    numbering row, no label word or year (:func:`has_label`), and either a number that is not
    a year (``1 | KAB. ALOR | 3 | 20``), a row code in its first cell (``1. | Peningkatan
    ...``), a single cell in the first :data:`SECTION_CELL_COLUMNS` columns (a section printed
    across the table: ``URUSAN KEARSIPAN``; a single cell further right, ``I II III IV`` under
    ``Realisasi Triwulan``, is a sub-header), no cell at all, or a cell longer than :data:`HEADER_CELL_MAX` (a sentence). A sub-header of several cells without label words (``Pendapatan
    Transfer | Belanja Modal``, ``Laki-laki | Perempuan``, ``Rp. | %``) stays a header row.

    Examples
    --------
    Rows of 001 (lines 959, 3196, 3713) and 002 (line 100):

    >>> is_data_row(["", "", "Pendapatan Asli Daerah (PAD)", "Pendapatan Transfer", ""])
    False
    >>> is_data_row(["URUSAN KEARSIPAN", "", "", ""]), is_data_row(["1.", "Peningkatan Daya Tarik", "", ""])
    (True, True)
    >>> is_data_row(["", "", "", "LAKI-LAKI", "PEREMPUAN"]), is_data_row(["1", "KAB. ALOR", "3", "20"])
    (False, True)
    >>> is_data_row(["", "2019", "2020", "2021"]), is_data_row(["(1)", "(2)", "(3)", "(4)"])
    (False, False)
    >>> is_data_row(["", "", "I II III IV", "", ""])  # 106 line 3, under 'Realisasi ... Triwulan'
    False
    """
    if is_numbering_row(cells) or has_label(cells):
        return False
    nonempty = [c.strip() for c in cells if c.strip()]
    if not nonempty or any(len(c) > HEADER_CELL_MAX for c in nonempty):
        return True
    if len(nonempty) == 1 and next(j for j, c in enumerate(cells) if c.strip()) < SECTION_CELL_COLUMNS:
        return True
    if cells and _NUMBERING_CELL.fullmatch(cells[0]):
        return True
    return any(cell_has_number(c) and not YEAR_LABEL.match(c) for c in nonempty)


def split_header(table: Table, above: tuple[Table, TableHead] | None = None,
                 doc: Document | None = None) -> TableHead:
    """The header rows of ``table`` and its data rows, by one rule for every extractor.

    1. The first row the reader took as the header is the header. From the second on, the
       first row that is a data row (:func:`is_data_row`) and every row below it are data rows
       (:attr:`TableHead.lead`): a section name or a first data row printed under the labels.
    2. Leading data rows that are header rows (:func:`is_header_row`: a row of labels such as
       ``Anggaran (Rp.) | Realisasi (Rp.) | %`` under a caption line the reader took as the
       header, or a numbering row) join the header.
    3. With ``above`` (the table just above and its :class:`TableHead`): a table without any
       header text that starts at most :data:`CONTINUATION_GAP` lines below it, with about its
       width, is its continuation after a page break and takes its header
       (``inherited=True``).

    Parameters
    ----------
    table : Table
    above : (Table, TableHead), optional
        The table just above ``table`` in the document and its split.
    doc : Document, optional
        The table's document: a header row that is data keeps its line as printed as its
        ``raw`` text (default: its cells joined by TABs).

    Returns
    -------
    TableHead

    Examples
    --------
    004 Tabel 2.1 (lines 342-345): a year row under a spanning header and a numbering row are
    header rows, the first data row is data:

    >>> from analysis.extract.documents import parse_document
    >>> t = parse_document(
    ...     "No\\tIndikator\\tTarget Kinerja Pada Tahun\\t\\t\\n"
    ...     "\\t\\t2022\\t2023\\t2024\\n(1)\\t(2)\\t(3)\\t(4)\\t(5)\\n"
    ...     "1\\tPersentase A\\t83%\\t85%\\t87%\\n", "x").tables[0]
    >>> head = split_header(t)
    >>> len(head.header), [r.line for r in head.rows]
    (3, [4])
    """
    return _inherit_header(table, _own_header(table, doc), above)


def _own_header(table: Table, doc: Document | None) -> TableHead:
    """Rules 1 and 2 of :func:`split_header`: the table's own header rows and data rows."""
    header = [list(h) for h in table.header]
    lines = list(table.header_lines)
    lead: list[Row] = []
    for k in range(1, len(header)):
        if is_data_row(header[k]):
            for h, ln in zip(header[k:], lines[k:]):
                lead.append(Row(ln, list(h), _lead_raw(doc, ln, h), (ln,)))
            header, lines = header[:k], lines[:k]
            break
    rows = lead + list(table.rows)
    while rows and (is_header_row(rows[0].cells) or _labels_above_numbering(rows)
                    or is_formula_numbering_row(rows[0].cells)):
        header.append(list(rows[0].cells))
        lines.append(rows[0].line)
        if lead and rows[0] is lead[0]:
            lead.pop(0)
        rows.pop(0)
    return TableHead(header, lines, lead, rows)


def _lead_raw(doc: Document | None, ln: int, cells: list[str]) -> str:
    """The ``raw`` text of a header row that is data: its line of ``doc``, else its cells
    joined by TABs."""
    return doc.line(ln) if doc is not None and 1 <= ln <= len(doc.lines) else "\t".join(cells)


def _inherit_header(table: Table, own: TableHead, above: tuple[Table, TableHead] | None) -> TableHead:
    """Rule 3 of :func:`split_header`: a headerless continuation takes the header above."""
    if above is not None and not any(c.strip() for h in own.header for c in h):
        prev, prev_head = above
        if (0 < table.start_line - prev.end_line <= CONTINUATION_GAP
                and abs(prev.n_cols - table.n_cols) <= CONTINUATION_WIDTH_SLACK):
            return TableHead(prev_head.header, prev_head.header_lines, own.lead, own.rows, True)
    return own


def document_split_header(doc: Document, table: Table, above: tuple[Table, TableHead] | None = None,
                          raw_from_doc: bool = False) -> TableHead:
    """:func:`split_header` of a table of ``doc``, its own rows split once per document.

    The budget, indicator and regional extractors split every table: rules 1 and 2 of
    :func:`split_header` are computed once per table (and per ``raw_from_doc``) and kept in
    ``doc.derived`` (safe: a document is not changed once read, and a table's split depends on
    the table and the document only); each call gets its own copy of the lists and of the
    lead rows, so that a caller changing its copy does not change another's.

    Parameters
    ----------
    doc : Document
        The document ``table`` belongs to.
    table : Table
    above : (Table, TableHead), optional
        As for :func:`split_header`.
    raw_from_doc : bool
        Whether a header row that is data keeps its line of ``doc`` as its ``raw`` text, as
        ``split_header(table, doc=doc)`` (default: ``split_header(table)``, the cells joined
        by TABs).

    Returns
    -------
    TableHead
        Equal to ``split_header(table, above, doc if raw_from_doc else None)``.

    Examples
    --------
    >>> from analysis.extract.documents import parse_document
    >>> doc = parse_document("No\\tIndikator\\tTarget\\n1\\tPersentase A\\t83%\\n", "x")
    >>> t = doc.tables[0]
    >>> document_split_header(doc, t) == split_header(t)
    True
    >>> document_split_header(doc, t) is document_split_header(doc, t)
    False
    """
    heads = doc.derived.setdefault("table_heads", {})
    assert isinstance(heads, dict)
    key = (id(table), raw_from_doc)
    hit = heads.get(key)
    if hit is None or hit[0] is not table:  # the table is kept so that its id is not reused
        other = heads.get((id(table), not raw_from_doc))
        if other is not None and other[0] is table:
            # the split reads the rows' cells only, never their raw text: the other variant's
            # split with this variant's raw texts of the lead rows
            o: TableHead = other[1]
            source = doc if raw_from_doc else None
            lead = [Row(r.line, list(r.cells), _lead_raw(source, r.line, r.cells), r.lines) for r in o.lead]
            own_split = TableHead(o.header, o.header_lines, lead, lead + o.rows[len(o.lead):])
        else:
            own_split = _own_header(table, doc if raw_from_doc else None)
        hit = heads[key] = (table, own_split)
    own: TableHead = hit[1]
    lead = [Row(r.line, list(r.cells), r.raw, r.lines) for r in own.lead]
    copy = TableHead([list(h) for h in own.header], list(own.header_lines), lead,
                     lead + own.rows[len(own.lead):], own.inherited)
    return _inherit_header(table, copy, above)


def is_formula_numbering_row(cells: list[str]) -> bool:
    """True for a column-numbering row whose computed columns carry their formula
    (``1 | 2 | ... | 8 = (7/6) | 9 | 10 = (5+7+9)``): a numbering row
    (:func:`~analysis.extract.documents.is_numbering_row`, which reads the formulas) with an
    ``=`` in a cell."""
    # an '=' in a cell: a necessary condition, tested on the row at once
    return "=" in "".join(cells) and is_numbering_row(cells)


def _labels_above_numbering(rows: list[Row]) -> bool:
    """True when the first row is a row of labels too long for :func:`is_label_row` (a
    sub-header of long labels: *Target Renja Tahun 2013 | Realisasi Capaian Program dan
    Kegiatan s/d Tahun berjalan 2014*) printed right above a column-numbering row, which closes
    a header."""
    return len(rows) >= 2 and is_long_label_above_numbering(rows[0].cells, rows[1].cells)


def is_long_label_above_numbering(cells: list[str], below: list[str]) -> bool:
    """True for a row of labels of any length (two label cells, no digits but years, notes
    and rupiah markers) printed right above a column-numbering row ``below`` (plain or with
    formulas): the last label row of a header whose labels are too long for
    :func:`is_label_row`.

    Examples
    --------
    >>> is_long_label_above_numbering(
    ...     ["No", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
    ...      "Indikator Kinerja Program/Kegiatan", "Target Capaian Kinerja"], ["1", "2", "3", "4"])
    True
    >>> is_long_label_above_numbering(["1", "Belanja Pegawai", "1.000"], ["1", "2", "3"])
    False
    """
    if not (is_numbering_row(below) or is_formula_numbering_row(below)):
        return False
    nonempty = [c for c in cells if c.strip()]
    if len(nonempty) < 2:
        return False
    if any(_has_digit_but_years(c) for c in nonempty):
        return False
    return sum(1 for c in nonempty if _is_label(c)) >= 2


def has_label(cells: list[str]) -> bool:
    """True when some short cell of the row is a label word or a year (a header row, not a
    data row the reader took for one).

    Examples
    --------
    >>> has_label(["", "Pendidikan", "", ""]), has_label(["", "", "Realisasi", ""])
    (False, True)
    """
    return any(c.strip() and len(c) <= LABEL_CELL_MAX
               and (_LABEL_WORD.search(canonical_header(c)) or YEAR_LABEL.match(c)) for c in cells)


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------
#: Labels computed so far: ``(id(table), header) -> (table, labels)``; the table is kept
#: so that its id cannot be reused by another table while the entry lives.
_LABELS: dict[tuple, tuple[Table, tuple[str, ...]]] = {}
_LABELS_MAX = 4096


def column_stacks(header: Sequence[Sequence[str]], width: int) -> tuple[tuple[str, ...], ...]:
    """The header cells of each column, top to bottom (empty strings kept, one per header row
    that is not a numbering row); cached on the header's text.

    * numbering rows (``(1) | (2) | (3)``) are skipped;
    * a stray page number in a header row (``140`` beside other labels) is blanked;
    * an empty cell under or beside a spanning group header takes the group's text when a lower
      row has text in its column (``APBD PERUBAHAN`` over ``Pendapatan | Belanja``);
    * a year printed once over its group (``2023`` over ``Target | Realisasi``) is carried to
      the right over the group's columns that have text above it.

    Parameters
    ----------
    header : list of list of str
        Header rows as printed.
    width : int
        Number of columns (at least; a wider header row widens the result).

    Examples
    --------
    The header of 001 Tabel 3.1 (lines 4328-4330): ``2023`` over ``Target | Realisasi``.

    >>> stacks = column_stacks([
    ...     ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "KONDISI AWAL", "2023", "", "FORMULA"],
    ...     ["", "", "", "2022", "Target", "Realisasi", ""],
    ...     ["1", "2", "3", "4", "5", "", "6"]], 7)
    >>> stacks[4], stacks[5]
    (('2023', 'Target'), ('2023', 'Realisasi'))

    A label an HTML converter repeated in each header row it spans (``rowspan``) counts once:

    >>> column_stacks([["No.", "Alokasi Biaya", "", "%"], ["No.", "Anggaran (Rp)", "Realisasi (Rp)", "%"]], 4)[3]
    ('%', '')

    The stray page number of 002 Tabel 3.1 (line 270, ``140`` under ``No``) is no label:

    >>> column_stacks([["No", "Sasaran", "Program/"], ["140", "", "Kegiatan"]], 3)[0]
    ('No', '')
    """
    return _column_stacks(tuple(tuple(h) for h in header), width)


@functools.lru_cache(maxsize=4096)
def _column_stacks(header: tuple[tuple[str, ...], ...], width: int) -> tuple[tuple[str, ...], ...]:
    rows = [list(h) for h in header if not is_numbering_row(list(h)) and not is_formula_numbering_row(list(h))]
    width = max([width] + [len(h) for h in rows] + [0])
    rows = [r + [""] * (width - len(r)) for r in rows]
    for r in rows:
        if sum(1 for x in r if x.strip()) > 1:
            for j, c in enumerate(r):
                if _STRAY_PAGE_NUMBER.fullmatch(c):
                    r[j] = ""
    _split_joined_labels(rows, width)
    # a cell spanning header rows that a converter repeated in each (HTML rowspan) is printed
    # once, as in a PDF or a TAB text: the copies below it are blank ('%' over '%' is '%')
    for r in range(len(rows) - 1, 0, -1):
        for j in range(width):
            if rows[r][j].strip() and rows[r][j] == rows[r - 1][j]:
                rows[r][j] = ""
    filled = [list(r) for r in rows]
    for r in range(len(rows)):
        for j in range(1, width):
            if rows[r][j].strip():
                continue
            left = filled[r][j - 1]
            if not left.strip():
                continue
            if any(rows[k][j].strip() for k in range(r + 1, len(rows))):
                filled[r][j] = left  # a label spanning the columns below it
            elif any(rows[k][j].strip() for k in range(r)) and YEAR_LABEL.match(left):
                filled[r][j] = left  # a year printed once over its group
    return tuple(tuple(filled[r][j] for r in range(len(rows))) for j in range(width))


#: Value-column words a converter may join into one header cell over several columns
#: (:func:`_split_joined_labels`).
_JOINED_LABEL_WORD = re.compile(r"\b(?:satuan|target|realisasi|capaian|anggaran|pagu)\b", re.I)


def _split_joined_labels(rows: list[list[str]], width: int) -> None:
    """Split, in place, a header cell that carries the labels of the columns right of it
    (``Tahun (2015) Satuan Target Realisasi`` over four columns whose other header cells are
    all empty, a converter having joined the sub-header into the group cell): with exactly one
    value word (:data:`_JOINED_LABEL_WORD`) per column, each column takes the text before the
    first word (the group) and its own word."""
    # whether any row has text in a column, kept up to date when a split fills empty columns
    filled = [any(row[k].strip() for row in rows) for k in range(width)]
    for r in rows:
        for j in range(width):
            if not r[j].strip():
                continue
            k = j + 1
            while k < width and not filled[k]:
                k += 1
            n = k - j
            if n < 2:
                continue
            words = list(_JOINED_LABEL_WORD.finditer(r[j]))
            if len(words) != n:
                continue
            text = r[j]
            prefix = text[: words[0].start()].strip()
            for m, w in enumerate(words):
                end = words[m + 1].start() if m + 1 < n else len(text)
                r[j + m] = (prefix + " " + text[w.start():end].strip()).strip()
            filled = [any(row[k].strip() for row in rows) for k in range(width)]


# pure in (header, n): tables printed with the same header (one per agency or year) share it
@functools.lru_cache(maxsize=_LABELS_MAX)
def _stack(header: tuple[tuple[str, ...], ...], n: int) -> tuple[str, ...]:
    # each column's cells joined, every run of white space made one space and none at the ends:
    # the same as stripping the cells, joining the non-empty ones and replacing each \s+ by a
    # space (str.split splits on the characters a pattern's \s matches)
    return tuple(canonical_header(" ".join(" ".join(parts).split())) for parts in _column_stacks(header, n))


def column_labels(table: Table, header: list[list[str]] | None = None) -> tuple[str, ...]:
    """One lower-case label per column of ``table`` (cached).

    The header cells of each column are stacked top to bottom; a group header spanning empty
    cells is copied over the sub-columns printed below it; numbering rows (``(1) | (2)``) are
    skipped; the text is rewritten by :func:`~analysis.extract.vocabulary.canonical_header`.

    Parameters
    ----------
    table : Table
        The table (its width is the number of labels at least).
    header : list of list of str, optional
        Header rows to label the table with (default: ``table.header``); e.g. the rows of
        :func:`header_rows`, or the header of the table above a page break.

    Returns
    -------
    tuple of str

    Examples
    --------
    The header of 004 Tabel 2.1 (lines 342-344): a year row under a spanning header and a
    numbering row.

    >>> from analysis.extract.documents import parse_document
    >>> t = parse_document(
    ...     "No\\tIndikator\\tTarget Kinerja Pada Tahun\\t\\t\\n"
    ...     "\\t\\t2022\\t2023\\t2024\\n(1)\\t(2)\\t(3)\\t(4)\\t(5)\\n"
    ...     "1\\tPersentase A\\t83%\\t85%\\t87%\\n", "x").tables[0]
    >>> column_labels(t)
    ('no', 'indikator', 'target kinerja pada tahun 2022', 'target kinerja pada tahun 2023', \
'target kinerja pada tahun 2024')

    English and misspelled headers get the Indonesian words:

    >>> t = parse_document("No\\tPerformance Indicator\\tTarget\\tRealisi\\n"
    ...                    "1\\tIndex A\\t80\\t82\\n", "x").tables[0]
    >>> column_labels(t)
    ('no', 'indikator kinerja', 'target', 'realisasi')
    """
    rows = table.header if header is None else header
    # the width (n_cols, a property that reads every row) is no part of the key and is read on
    # a miss only: the reader does not change a table once built (budget's labels and
    # ``doc.derived`` rely on it too), so a table's width cannot change between two calls
    key = (id(table), tuple(tuple(h) for h in rows))
    hit = _LABELS.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    labels = _stack(key[1], table.n_cols)
    if len(_LABELS) > _LABELS_MAX:
        _LABELS.clear()
    _LABELS[key] = (table, labels)
    return labels


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
_NOT_SQUEEZED = re.compile(r"[^a-z0-9%]")
_RP_BRACKET = re.compile(r"\(\s*rp")
_RP_WORD = re.compile(r"\brp\b")
_CAPAIAN_KINERJA = re.compile(r"capaian\s*kinerja")
_CAPAIAN_ONLY = re.compile(r"\W*capaian\W*")
def _finance_label(sq: str, full: str) -> bool:
    # 'Realisasi Keuangan (%)', 'Target Keuangan', 'Capaian Keuangan': the financial side of an
    # evaluation table; not a text column that names finances ('Jenis Laporan Keuangan')
    return any(w in sq for w in FINANCE_WORDS) and (
        "realisa" in sq or "target" in sq or "capaian" in sq or "%" in full or "rp" in sq)


#: A column label naming a budget document (*APBD Murni*, *APBD-P*, *P-APBD*, *DPA*): its
#: amounts are that budget (*Realisasi APBD*: its realisation).
_BUDGET_DOCUMENT_LABEL = re.compile(r"^\W*(?:realisasi\s+)?(?:p\s*-?\s*)?apbd\b|^\W*dpa\b", re.I)
_PERCENT_CAPAIAN = re.compile(r"(?:%|\b(?:persentase|prosentase|presentase|persen))\s*capaian")


def _sq(text: str) -> str:
    return _NOT_SQUEEZED.sub("", text.lower())


def header_role(parts: tuple[str, ...] | list[str] | str, first: bool = False) -> tuple[str, int | None]:
    """The role a column's header names, and the year it names.

    Rules, in order, on the header words of the column (:func:`column_stacks`, rewritten by
    :func:`~analysis.extract.vocabulary.canonical_header`): row number (``No``); money
    a kabupaten/kota name column (:data:`~analysis.extract.vocabulary.REGION_HEADER_WORDS`) is
    ``region``; money (``anggaran``, ``pagu``, ``Rp``) is ``realisation_amount`` with
    *realisasi*, ``budget_pct`` with ``%``/*capaian*/*persen*, else ``budget``; ``efisiensi`` is ``text``; ``indikator`` or
    a bare ``uraian`` is ``indicator``; ``kemajuan`` is ``progress``; ``kondisi akhir`` /
    ``target akhir`` is ``end_target``; ``kondisi awal`` / ``tahun dasar`` / ``baseline`` is
    ``baseline``; ``capaian`` with ``%`` or ``kinerja`` (or alone) is ``achievement``, with
    ``realisasi`` or a year ``actual``; ``realisasi`` is ``actual``; ``target`` is ``target``;
    ``sasaran`` / ``tujuan`` is ``objective``; ``program`` / ``kegiatan`` is ``program``;
    ``satuan`` is ``unit``; ``formula`` is ``formula``; a bare year is ``year``; a bare ``%`` is
    ``percent``; anything else ``text``. Before the money words: a part of the year
    (:data:`~analysis.extract.vocabulary.PERIOD_HEADER`: *triwulan*, *TW*, *semester*) is
    ``period``.

    Parameters
    ----------
    parts : sequence of str or str
        The column's header cells top to bottom (or one label).
    first : bool
        Whether the column is the table's first (a one-letter label there is a row number).

    Examples
    --------
    Columns of 001 Tabel 3.1 (lines 4328-4329) and English or misspelled headers:

    >>> header_role(("2023", "Realisasi")), header_role(("KONDISI AWAL", "2022"))
    (('actual', 2023), ('baseline', 2022))
    >>> header_role("Performance Indicator"), header_role("Realisi 2023"), header_role("Achievement (%)")
    (('indicator', None), ('actual', 2023), ('achievement', None))
    >>> header_role(("Target Kinerja", "(Rp.)")), header_role("No", first=True)
    (('budget', None), ('no', None))
    >>> header_role("Realisasi (Rp.)"), header_role(("Anggaran", "Capaian %")), header_role("Kabupaten/Kota")
    (('realisation_amount', None), ('budget_pct', None), ('region', None))

    A quarter's column of a quarterly realisation form (Dinkes Kota Tangerang 2023, page 1:
    *Realisasi Kinerja Pada Triwulan I - IV Tahun 2023 / I / Rp*) is no annual value:

    >>> header_role(("Realisasi Kinerja Pada Triwulan I - IV Tahun 2023", "I", "Rp"))
    ('period', 2023)
    """
    return _header_role(((parts,) if isinstance(parts, str) else tuple(parts)), first)


#: Bottom labels of the evaluation forms' paired sub-columns (squashed): performance or rupiah.
_KINERJA_RUPIAH = {"k": "k", "kinerja": "k", "rp": "rp", "rp.": "rp", "(rp)": "rp", "(rp.)": "rp"}
_KINERJA_RUPIAH_ROLES = {
    ("target", "k"): "target", ("target", "rp"): "budget",
    ("actual", "k"): "actual", ("actual", "rp"): "realisation_amount",
    ("rate", "k"): "achievement", ("rate", "rp"): "budget_pct",
}


# pure in (parts, first): the same column headers recur in many tables and in every extractor
@functools.lru_cache(maxsize=_LABELS_MAX)
def _header_role(parts: tuple[str, ...], first: bool) -> tuple[str, int | None]:
    parts = [canonical_header(p) for p in parts if p and p.strip()]
    if any(_TO_YEAR_END.search(p) for p in parts):
        # '… s/d Triwulan IV': summed to the end of the year, the year's value (not a quarter)
        parts = [_TO_YEAR_END.sub(" ", p).strip() for p in parts]
        parts = [p for p in parts if p] or ["realisasi"]
    full = " ".join(parts).lower()
    bottom = parts[-1].lower() if parts else ""
    sq, sqb = _sq(full), _sq(bottom)
    years = _YEAR.findall(full)
    year = int(years[-1]) if years else None
    if not parts:
        return "text", None
    if sq in NUMBER_COLUMN_LABELS or (first and len(sq) == 1):
        return "no", None
    if sq in REGION_HEADER_WORDS:
        return "region", None
    if PERIOD_HEADER.search(full):
        return "period", year
    words = full.split()
    if len(parts) == 1 and len(words) > 1 and words[-1] in ("k", "rp", "rp.", "(rp)", "(rp.)"):
        # a label joined from its group and sub-column ('Target … Tahun 2023 K')
        parts, sqb = [" ".join(words[:-1]), words[-1]], words[-1]
    if len(parts) > 1 and sqb in _KINERJA_RUPIAH:
        # the 'K | Rp' sub-columns of the Permendagri 86/2017 evaluation forms: performance (K)
        # and rupiah (Rp) under a target, a realisation or a rate ('Tingkat Capaian … (%)')
        group = _sq(" ".join(parts[:-1]))
        rate = "tingkat" in group or "%" in " ".join(parts[:-1])
        kind = "rate" if rate else "actual" if "realisa" in group else \
            "target" if ("target" in group or "rencana" in group or "anggaran" in group) else None
        if kind is not None:
            role = _KINERJA_RUPIAH_ROLES[(kind, _KINERJA_RUPIAH[sqb])]
            if _PLAN_PERIOD_GROUP.search(" ".join(parts[:-1])):
                # the plan period's columns: its end target (K), the progress towards it
                # (Tingkat Capaian ... s/d ... (%), K); the rupiah of the period and every sum
                # up to a year are no year's budget, realisation or absorption
                role = {"target": "end_target", "achievement": "progress"}.get(role, "text")
            return role, year
    if "fisik" in sq and not any(w in sq for w in FINANCE_WORDS):
        # 'Realisasi Fisik (%)': the physical progress of the work, neither an indicator's
        # realisation nor the budget's absorption
        return "text", year
    if len(parts) > 1 and sqb == "satuan":
        # 'Target | Realisasi' each over 'Nilai | Satuan': the unit printed beside the value
        return "unit", None
    if any(w in sq for w in ABSORPTION_WORDS) and not _RP_BRACKET.search(full):
        return "budget_pct", year
    if "anggaran" in sq or _RP_BRACKET.search(full) or _RP_WORD.search(full) or "pagu" in sq \
            or _finance_label(sq, full) or _BUDGET_DOCUMENT_LABEL.match(full):
        if any(w in sq for w in MONEY_REMAINDER_WORDS):
            return "text", year
        if "%" in full or "capaian" in sq or "persen" in sq:
            return "budget_pct", year
        if "realisa" in sq or any(w in sq for w in ABSORPTION_WORDS):
            return "realisation_amount", year  # ('Serapan (Rp)': the absorbed amount)
        return "budget", year
    if "efisiensi" in sq:
        return "text", year
    if "indikator" in sq or sq == "uraian" or sq in INDICATOR_ABBREVIATIONS \
            or any(w in full for w in INDICATOR_LABEL_WORDS):
        return "indicator", None
    if "kemajuan" in sq:
        return "progress", year
    if ("kondisiakhir" in sq or "targetakhir" in sq) and "capaian" in sq and sq.index("capaian") < \
            sq.index("kondisiakhir" if "kondisiakhir" in sq else "targetakhir"):
        # 'Capaian terhadap Target Akhir Renstra (%)': the progress towards the end target
        return "progress", year
    if "kondisiakhir" in sq or "targetakhir" in sq:
        return "end_target", year
    if "kondisiawal" in sq or "tahundasar" in sq or "baseline" in sq:
        return "baseline", year
    if len(parts) > 1 and all(w in _sq(" ".join(parts[:-1])) for w in ("target", "realisa")) \
            and any(w in sqb for w in ("target", "realisa", "capaian")):
        # a group header naming both (*Target dan Realisasi ... Tahun Lalu*) over its
        # sub-columns (*Target Renja Tahun 2013 | Realisasi Renja Tahun 2013 | Tingkat
        # Realisasi (%)*): the sub-column's own word decides, the year is the column's
        return header_role(parts[-1])[0], year
    if "realisa" in sq and _TO_DATE.search(full):
        # 'Realisasi Capaian ... s/d Tahun berjalan 2014': the realisation summed over the plan
        # period so far, no value of its year (its ratio to the end target is the progress)
        return "text", year
    if "realisa" in sq and "%" in full and "targetrenstra" in sq:
        return "progress", year  # 'Tingkat Capaian Realisasi Target Renstra (%)'
    if "realisa" in sq and "%" in full and _RATE_WORD.search(full):
        return "achievement", year  # 'Tingkat Realisasi (%)': realisation over target
    if "capaian" in sq and "realisa" not in sq and "target" in sq and sq.index("target") < sq.index("capaian"):
        # 'Target Capaian Kinerja', 'Target Kinerja Capaian Program (Renstra) Tahun 2015': the
        # target the capaian is measured against, not the capaian
        return "target", year
    if "capaian" in sqb or "capaian" in sq:
        b = bottom if "capaian" in sqb else full
        if "%" in b or _CAPAIAN_KINERJA.search(b) or _CAPAIAN_ONLY.fullmatch(b) \
                or _PERCENT_CAPAIAN.search(full):
            return "achievement", year
        if "realisa" in sq or year is not None:
            return "actual", year
    if "realisa" in sq:
        return "actual", year
    if "target" in sq:
        return "target", year
    if "sasaran" in sq or "tujuan" in sq:
        return "objective", None
    if "program" in sq or "kegiatan" in sq:
        return "program", None
    if "satuan" in sq and not AGENCY_COLUMN_HEADER.search(full):
        # not 'Unit Perangkat Daerah Penanggung Jawab' (the responsible agency, an evaluation
        # form's last column; 'unit' is canonically 'satuan')
        return "unit", None
    if "formula" in sq:
        return "formula", None
    if YEAR_LABEL.match(full):
        return "year", year
    if sq == "%" or sq.rstrip("%") in PERCENT_WORDS:
        return "percent", None
    return "text", year


def content_role(cells: list[str]) -> str:
    """The role of a column read from its cells, for a column whose header says nothing:
    ``no`` (row numbers ``1.``, ``a.``, ``IV``), ``number`` (at least :data:`CONTENT_SHARE` of
    the non-empty cells are numbers, amounts or percentages), ``unit`` (as many are unit words,
    :data:`~analysis.extract.vocabulary.UNIT_WORDS`), ``text`` otherwise (or when empty).

    Examples
    --------
    Cells of 004 Tabel 2.2 (lines 360-366, columns *Satuan* and *Target*):

    >>> content_role(["Persen", "Nilai", "Persen"]), content_role(["87%", "80", "100%"])
    ('unit', 'number')
    >>> content_role(["1", "2", "3"]), content_role(["Persentase Perangkat Daerah", "Indeks"])
    ('no', 'text')
    """
    nonempty = [c.strip() for c in cells if c and c.strip()]
    if not nonempty:
        return "text"
    n = len(nonempty)
    numbering = [c for c in nonempty if _NUMBERING_CELL.fullmatch(c)]
    if len(numbering) == n and len(nonempty) >= 2:
        ints = [int(re.sub(r"\D", "", c)) for c in numbering if re.search(r"\d", c)]
        if len(ints) < n or ints == sorted(ints):
            return "no"
    if sum(cell_has_number(c) for c in nonempty) >= CONTENT_SHARE * n:
        return "number"
    if sum(len(c) <= UNIT_CELL_MAX and c.lower() in UNIT_WORDS for c in nonempty) >= CONTENT_SHARE * n:
        return "unit"
    return "text"


def column_roles(
    stacks: Sequence[Sequence[str] | str],
    cells_by_column: Sequence[Sequence[str]] | None = None,
) -> tuple[ColumnRole, ...]:
    """One :class:`ColumnRole` per column: the role its header names (:func:`header_role`),
    refined across columns, or read from its cells (:func:`content_role`) where the header
    says nothing.

    Refinements: of two adjacent ``indicator`` columns, the one naming *sasaran/tujuan* is the
    ``objective``; with several ``objective`` columns, only those naming *sasaran* keep the
    role (the others are ``text``). Roles that depend on the nearest value or money column to
    the left: an ``achievement`` or bare ``%`` (``percent``) column (its label without
    *kinerja*) after a money column is the budget's absorption, ``budget_pct``; a bare ``%``
    after a ``target`` or ``actual`` column is the performance ``achievement``; a *realisasi*
    column without a money word (``actual``) right after a ``budget`` column is the budget's
    ``realisation_amount``.

    Content fallback (only when ``cells_by_column`` is given): a column whose header names no
    role (``text``: an empty or unknown label) takes :func:`content_role` of its cells
    (``source="content"``); when no column is a name column (:data:`NAME_ROLES`), the first
    such ``text`` column left of the first ``number`` column is the rows' ``name``.

    Parameters
    ----------
    stacks : sequence of (sequence of str or str)
        Per column, its header cells top to bottom (:func:`column_stacks`) or its label
        (:func:`column_labels`).
    cells_by_column : sequence of sequence of str, optional
        Per column, its data cells.

    Returns
    -------
    tuple of ColumnRole

    Examples
    --------
    The header of 004 Tabel 2.2 (lines 358-359):

    >>> [c.role for c in column_roles(["No.", "Tujuan", "Sasaran Renstra", "Indikator Kinerja",
    ...                                "Satuan", "Target"])]
    ['no', 'text', 'objective', 'indicator', 'unit', 'target']

    A ``%`` column depends on its neighbours (001 Tabel 2.4 line 1032; 001 Tabel 3.1):

    >>> [c.role for c in column_roles(["Uraian", "Anggaran (Rp)", "Realisasi", "%"])]
    ['indicator', 'budget', 'realisation_amount', 'budget_pct']
    >>> [c.role for c in column_roles(["Indikator", "Target", "Realisasi", "%"])]
    ['indicator', 'target', 'actual', 'achievement']

    A table printed without a header (content fallback):

    >>> cols = [["1", "2"], ["Persentase A", "Indeks B"], ["Persen", "Indeks"], ["80", "3,5"], ["82", "3,6"]]
    >>> [(c.role, c.source) for c in column_roles([""] * 5, cols)]  # doctest: +NORMALIZE_WHITESPACE
    [('no', 'content'), ('name', 'content'), ('unit', 'content'), ('number', 'content'),
     ('number', 'content')]
    """
    key = tuple((s,) if isinstance(s, str) else tuple(s) for s in stacks)
    header_only = _header_roles(key)
    if cells_by_column is None:
        return header_only
    cols = [[c.index, c.label, c.role, c.year, c.source] for c in header_only]
    for c in cols:
        if c[2] == "text" and c[0] < len(cells_by_column):
            c[2], c[4] = content_role(list(cells_by_column[c[0]])), "content"
    if not any(c[2] in NAME_ROLES for c in cols):
        numbers = [c[0] for c in cols if c[2] == "number"]
        texts = [c for c in cols if c[2] == "text" and c[4] == "content" and numbers and c[0] < numbers[0]]
        if texts:
            texts[0][2] = "name"
    return tuple(ColumnRole(*c) for c in cols)


_OBJECTIVE_WORD = re.compile(r"sasaran|tujuan", re.I)
_PERCENT_WORD = re.compile(r"\b(?:" + "|".join(PERCENT_WORDS) + r")\b")


# a pure function of the header cells returning frozen ColumnRoles: safe to share between calls
@functools.lru_cache(maxsize=_LABELS_MAX)
def _header_roles(stacks: tuple[tuple[str, ...], ...]) -> tuple[ColumnRole, ...]:
    """Roles from the header alone, refined across columns (see :func:`column_roles`)."""
    cols: list[list] = []  # [index, label, role, year, source]
    for j, parts in enumerate(stacks):
        role, year = header_role(parts, first=(j == 0))
        cols.append([j, " ".join(p for p in parts if p).strip(), role, year, "header"])
    for a, b in zip(cols, cols[1:]):
        if a[2] == b[2] == "indicator" and _OBJECTIVE_WORD.search(a[1]):
            a[2] = "objective"
    objs = [c for c in cols if c[2] == "objective"]
    if len(objs) > 1 and any("sasaran" in c[1].lower() for c in objs):
        for c in objs:
            if "sasaran" not in c[1].lower():
                c[2] = "text"
    # 'before': the role of the nearest column to the left with a value or money role, as
    # refined by this loop; carried along instead of searching the columns to the left again
    before = None
    for c in cols:
        low = c[1].lower()
        if before is not None and "kinerja" not in low:
            percent = "%" in low or bool(_PERCENT_WORD.search(low))
            if before in MONEY_ROLES and (c[2] in ("achievement", "percent")
                                          or (percent and c[2] in ("target", "actual"))):
                c[2] = "budget_pct"  # 'Anggaran | Realisasi | %': the budget's absorption
            elif c[2] == "percent" and before in ("target", "actual"):
                c[2] = "achievement"  # 'Target | Realisasi | %': the performance achievement
            elif c[2] == "actual" and before in ("budget", "realisation_amount") and not percent:
                c[2] = "realisation_amount"  # 'Anggaran (Rp) | Realisasi': the budget's realisation
        if c[2] in _VALUE_OR_MONEY_ROLES:
            before = c[2]
    return tuple(ColumnRole(*c) for c in cols)


#: Largest difference (percentage points) between a printed percentage and the ratio of two
#: columns for :func:`ratio_order` to count a row as matching, at least; or this share of the
#: printed percentage when larger (a rounded ratio of large numbers).
RATIO_TOLERANCE = 0.6
RATIO_TOLERANCE_SHARE = 0.01
#: Fewest rows whose three numbers must agree for :func:`ratio_order` to decide.
RATIO_MIN_ROWS = 2


def _value(cell: str, style: str | None) -> float | None:
    p = parse_number(cell, style=style)
    return p.value if p.ok and p.value is not None else None


def ratio_order(first: Sequence[str], second: Sequence[str], pct: Sequence[str],
                style: str | None = None) -> str | None:
    """Which of two value columns a percentage column divides by: ``'forward'`` when the
    percentage is ``100 * second / first`` (target, realisation, %), ``'reverse'`` when it is
    ``100 * first / second`` (realisation, target, %), None when the rows do not say.

    A row counts when its three cells are numbers and the percentage is within
    :data:`RATIO_TOLERANCE` points (or :data:`RATIO_TOLERANCE_SHARE` of itself) of the ratio;
    one order must hold on at least :data:`RATIO_MIN_ROWS` rows and on :data:`CONTENT_SHARE`
    of the rows with three numbers, the other on fewer.

    Examples
    --------
    Rows of 102 Tabel 3.4 after its page break (lines 807-810): realisation, target, %.

    >>> ratio_order(["2.75", "4,341,614", "10.90"], ["< inflasi nasional", "6.822.635", "2.5"],
    ...             ["-", "63.63", "436"], style="us")
    'reverse'
    >>> ratio_order(["80", "90"], ["82", "81"], ["102,50", "90,00"])
    'forward'
    >>> ratio_order(["80", "90"], ["82", "81"], ["12", "7"]) is None
    True
    """
    forward = reverse = rows = 0
    for a, b, c in zip(first, second, pct):
        va, vb, vc = _value(a, style), _value(b, style), _value(c, style)
        if va is None or vb is None or vc is None:
            continue
        rows += 1
        tol = max(RATIO_TOLERANCE, RATIO_TOLERANCE_SHARE * abs(vc))
        if va and abs(100.0 * vb / va - vc) <= tol:
            forward += 1
        elif vb and abs(100.0 * va / vb - vc) <= tol:
            reverse += 1
    if rows == 0:
        return None
    if forward >= RATIO_MIN_ROWS and forward >= CONTENT_SHARE * rows and reverse < forward:
        return "forward"
    if reverse >= RATIO_MIN_ROWS and reverse >= CONTENT_SHARE * rows and forward < reverse:
        return "reverse"
    return None


def content_value_columns(cols: Sequence[ColumnRole]) -> tuple[int, int, int, int, int] | None:
    """The columns :func:`content_value_roles` reads, from the content roles alone: (name,
    unit, first number, second number, percentage) -- the first ``name`` column, the first
    ``unit`` column right of it and the first three ``number`` columns right of the unit; None
    when one is missing (then :func:`content_value_roles` is None whatever the cells).

    Examples
    --------
    >>> cells = [["1", "2", "3"], ["Indeks A", "Persentase B", "Jumlah C"], ["Indeks", "%", "Dokumen"],
    ...          ["80", "90", "4"], ["82", "81", "4"], ["102,50", "90,00", "100"]]
    >>> content_value_columns(column_roles([""] * 6, cells))
    (1, 2, 3, 4, 5)
    >>> content_value_columns(column_roles([""] * 5, cells[:5])) is None  # two numbers only
    True
    """
    name = next((c.index for c in cols if c.role == "name"), None)
    if name is None:
        return None
    unit = next((c.index for c in cols if c.index > name and c.role == "unit"), None)
    if unit is None:
        return None
    numbers = [c.index for c in cols if c.index > unit and c.role == "number"][:3]
    if len(numbers) < 3:
        return None
    return (name, unit, numbers[0], numbers[1], numbers[2])


def content_value_roles(cols: Sequence[ColumnRole], cells_by_column: Sequence[Sequence[str]],
                        style: str | None = None) -> dict[int, str] | None:
    """Performance roles of a table whose header names none, from its content roles
    (:func:`column_roles` with ``cells_by_column``): a ``name`` column, a ``unit`` column
    after it and three ``number`` columns after the unit whose third is the percentage of the
    other two (:func:`ratio_order`) give ``{index: role}`` with ``indicator``, ``unit``,
    ``target``, ``actual`` and ``achievement`` (the order of target and realisation from the
    ratio); None for any other table (two number columns cannot tell a target from a
    realisation, nor from two years).

    Examples
    --------
    >>> cells = [["1", "2", "3"], ["Indeks A", "Persentase B", "Jumlah C"], ["Indeks", "%", "Dokumen"],
    ...          ["80", "90", "4"], ["82", "81", "4"], ["102,50", "90,00", "100"]]
    >>> content_value_roles(column_roles([""] * 6, cells), cells)
    {1: 'indicator', 2: 'unit', 3: 'target', 4: 'actual', 5: 'achievement'}
    """
    found = content_value_columns(cols)
    if found is None:
        return None
    name, unit, a, b, p = found
    order = ratio_order(cells_by_column[a], cells_by_column[b], cells_by_column[p], style)
    if order is None:
        return None
    target, actual = (a, b) if order == "forward" else (b, a)
    return {name: "indicator", unit: "unit", target: "target", actual: "actual", p: "achievement"}


#: Every role :func:`column_roles` gives.
ROLES = (
    "no", "region", "objective", "indicator", "program", "unit", "formula", "baseline", "target",
    "actual", "achievement", "end_target", "progress", "budget", "realisation_amount",
    "budget_pct", "year", "percent", "text", "name", "number", "period",
)
#: Roles of the columns that name a row.
NAME_ROLES = ("region", "objective", "indicator", "program", "name")
#: Roles of columns that hold a performance value.
_VALUE_ROLES = ("baseline", "target", "actual", "achievement", "end_target", "progress")
#: Roles of money columns: the budget (*anggaran*, *pagu*, an amount in Rp), its realisation
#: and the realisation as a percentage of the budget.
MONEY_ROLES = ("budget", "realisation_amount", "budget_pct")
#: The roles the refinements of :func:`column_roles` look for in the nearest column to the left.
_VALUE_OR_MONEY_ROLES = frozenset(_VALUE_ROLES + MONEY_ROLES)
