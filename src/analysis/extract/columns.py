"""Column labels and column roles of a table: the one place that names a table's columns.

Every extractor reads a table through the reader's :class:`~analysis.extract.documents.Table`
(its header rows and data rows, the same for TAB, Markdown and HTML input) and asks this module
what its columns are:

* :func:`header_rows` -- the header as printed plus leading data rows that are header rows in
  all but name (``Anggaran (Rp.) | Realisasi (Rp.) | %`` under a caption line the reader took as
  the header), and the remaining data rows;
* :func:`column_labels` -- one lower-case label per column: the header cells of the column
  stacked top to bottom, a spanning group header (``REALISASI`` over ``Rp.`` and ``%``, ``2023``
  over ``Target`` and ``Realisasi``) copied over the sub-columns printed below it, numbering rows
  ``(1) | (2) | (3)`` skipped, and the words rewritten into the shared Indonesian vocabulary
  (:func:`analysis.extract.vocabulary.canonical_header`: English words, misspellings). Labels
  are cached per table;
* :func:`column_roles` -- one :class:`ColumnRole` per column (``indicator``, ``objective``,
  ``program``, ``unit``, ``baseline``, ``target``, ``actual``, ``achievement``, ``budget``,
  ``progress``, ``end_target``, ``formula``, ``no``, ``text``) with the year a header names,
  falling back on the cells' content (a ``text``, ``unit`` or ``number`` column) when the
  header says nothing.

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

import re
from dataclasses import dataclass

from .documents import Row, Table, is_numbering_row
from .vocabulary import HEADER_ROW_MARKERS, HEADER_ROW_WORDS, canonical_header

__all__ = [
    "RUPIAH_UNIT",
    "ColumnRole",
    "is_header_row",
    "header_rows",
    "column_labels",
]

#: A rupiah unit marker printed in a header cell (``(Rp)``, ``(Rp.000)``, ``Rp. 000``): not a
#: number, so a cell carrying it can still be a header cell.
RUPIAH_UNIT = re.compile(r"\(\s*R[pP]\s*\.?\s*(?:0{3}|000\.000)?\s*\)|R[pP]\.\s*0{3}\b")

#: Longest cell (characters) of a row that can still be a header row.
HEADER_CELL_MAX = 40

_HEADER_WORD = re.compile(
    r"\b(?:" + "|".join(HEADER_ROW_WORDS) + r")\b|" + "|".join(re.escape(m) for m in HEADER_ROW_MARKERS),
    re.I,
)
_WS = re.compile(r"\s+")


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
        ``indicator``, ``objective``, ``program``, ``unit``, ``baseline``, ``target``,
        ``actual``, ``achievement``, ``budget``, ``progress``, ``end_target``, ``formula``,
        ``no``, ``text`` (from the header); ``number`` (from the cells, when the header says
        nothing).
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
def is_header_row(cells: list[str]) -> bool:
    """True for a row of column labels: a numbering row (``1 | 2 | 3``), or at least two short
    text cells (no digits but rupiah unit markers) that carry a header word
    (:data:`~analysis.extract.vocabulary.HEADER_ROW_WORDS`, ``(Rp``, ``%``).

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
    nonempty = [c for c in cells if c.strip()]
    if not nonempty:
        return False
    if is_numbering_row(cells):
        return True
    if any(len(c) > HEADER_CELL_MAX for c in nonempty) or len(nonempty) < 2:
        return False
    if any(re.search(r"\d", RUPIAH_UNIT.sub("", c)) for c in nonempty):
        return False
    return sum(bool(_HEADER_WORD.search(canonical_header(c))) for c in nonempty) >= 2


def header_rows(table: Table) -> tuple[list[list[str]], list[Row]]:
    """The table's header rows with leading header-like data rows (:func:`is_header_row`)
    folded in, and the remaining data rows.

    Examples
    --------
    >>> from analysis.extract.documents import parse_document
    >>> t = parse_document("Uraian\\tJumlah\\tKet\\nAnggaran (Rp)\\tRealisasi (Rp)\\t%\\n"
    ...                    "Belanja\\t1.000.000\\t95\\n", "x").tables[0]
    >>> header, rows = header_rows(t)
    >>> header[-1], [r.line for r in rows]
    (['Anggaran (Rp)', 'Realisasi (Rp)', '%'], [3])
    """
    header = [list(h) for h in table.header]
    rows = list(table.rows)
    while rows and is_header_row(rows[0].cells):
        header.append(list(rows[0].cells))
        rows.pop(0)
    return header, rows


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------
#: Labels computed so far: ``(id(table), n_cols, header) -> (table, labels)``; the table is kept
#: so that its id cannot be reused by another table while the entry lives.
_LABELS: dict[tuple, tuple[Table, tuple[str, ...]]] = {}
_LABELS_MAX = 4096


def _stack(header: list[list[str]], n: int) -> tuple[str, ...]:
    rows = [h for h in header if not is_numbering_row(h)]
    n = max([n] + [len(h) for h in rows] + [0])
    grid = [list(h) + [""] * (n - len(h)) for h in rows]
    for k in range(len(grid) - 1):
        last = ""
        for j in range(n):
            cell = grid[k][j].strip()
            if cell:
                last = cell
            elif last and any(grid[b][j].strip() for b in range(k + 1, len(grid))):
                grid[k][j] = last
            else:
                last = "" if j and not any(grid[b][j].strip() for b in range(k + 1, len(grid))) else last
    labels = []
    for j in range(n):
        parts = [grid[k][j].strip() for k in range(len(grid)) if grid[k][j].strip()]
        labels.append(canonical_header(_WS.sub(" ", " ".join(parts))))
    return tuple(labels)


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
    key = (id(table), table.n_cols, tuple(tuple(h) for h in rows))
    hit = _LABELS.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    labels = _stack(rows, table.n_cols)
    if len(_LABELS) > _LABELS_MAX:
        _LABELS.clear()
    _LABELS[key] = (table, labels)
    return labels
