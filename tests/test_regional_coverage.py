"""Regression guard of the kabupaten/kota extraction (issue 13, part 2) on the bundled documents.

Per document: how many ``regions.csv`` rows come out, and how many number-bearing rows of
kabupaten/kota tables give none. The expected numbers are computed here from the printed
tables, not from the extractor: each table of 001 is listed with its printed data lines (read
off the raw file) and the columns that hold values; a complete table gives one row per printed
line and value column, less the cells listed as giving no row (each listed with the text
printed in it, checked against the file, and why it gives no row). A regression that loses or
invents a row, a table or a kabupaten changes one of these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from analysis.extract.regional import extract_regions
from analysis.io import read_manifest
from analysis.regions import province_code, resolve_region

from conftest import RAW, load_doc


@dataclass(frozen=True)
class PrintedTable:
    what: str
    first: int                      # first printed data line (after the header)
    last: int                       # last printed data line (the total row)
    value_cols: tuple[int, ...]     # 0-based TAB cells that hold values
    no_row: tuple[tuple[int, int, str, str], ...] = ()  # (line, cell, printed, why) giving no row
    detail_lines: tuple[int, ...] = ()  # number-bearing lines without a value of their own

    def printed_lines(self, doc) -> list[int]:
        return [ln for ln in range(self.first, self.last + 1) if doc.line(ln).strip()]

    def expected_rows(self, doc) -> int:
        value_lines = len(self.printed_lines(doc)) - len(self.detail_lines)
        return value_lines * len(self.value_cols) - len(self.no_row)


DUP = "the same Luas as the table above (L6498-6503): already taken, skipped as a duplicate"
RATE_DASH = "'-' in a rate column (yield): never read as 0 from a total"
PUSO_DASH = "'-' in the Puso column, which also holds a malformed number: no total check"

TABLES_001 = (
    PrintedTable("Tabel 1.1 desa, kelurahan, kecamatan (dashes confirmed 0 by the NTT row)",
                 591, 613, (2, 3, 4)),
    PrintedTable("Tabel 1.2 population by sex and total", 677, 699, (2, 3, 4)),
    PrintedTable("kedelai: luas and saprodi", 6498, 6503, (2, 3, 4, 5, 6, 7), no_row=(
        (6499, 6, "4.500.", "malformed number"),
        (6503, 7, "", "blank percentage in the total row"),
    )),
    PrintedTable("kedelai: realisasi fisik", 6509, 6515, (3, 4, 5, 6, 7, 8), no_row=(
        (6509, 3, "500", DUP), (6510, 3, "1,500", DUP), (6512, 3, "585", DUP),
        (6513, 3, "500", DUP), (6514, 3, "5,000", DUP), (6515, 3, "8,085", DUP),
        (6509, 6, "-", RATE_DASH), (6514, 6, "-", RATE_DASH),
        (6509, 8, "-", PUSO_DASH), (6513, 8, "-", PUSO_DASH), (6514, 8, "-", PUSO_DASH),
        (6510, 8, "370,,20", "malformed number"),
    )),
    PrintedTable("padi kaya gizi: benih, pupuk", 6525, 6538, (2, 3, 4, 5)),
    PrintedTable("jagung: alokasi, benih, realisasi", 6565, 6570, (2, 5, 6, 7, 8, 9, 10), no_row=(
        (6570, 6, "", "blank percentage in the total row"),
        (6565, 10, "-", RATE_DASH), (6566, 10, "-", RATE_DASH), (6567, 10, "-", RATE_DASH),
        (6569, 10, "-", RATE_DASH),
    )),
    # grouped: only the 'Jumlah <kabupaten>' subtotals (L6615, L6617, L6622) and 'Jumlah Total'
    # (L6623) carry per-kabupaten values; the poktan rows are replaced by their subtotal
    PrintedTable("jahe: poktan per kabupaten with subtotals", 6612, 6623, (2, 3, 4, 5),
                 detail_lines=(6612, 6613, 6614, 6616, 6618, 6619, 6620, 6621)),
    # grouped without subtotal: only 'Jumlah' (L6648) has values; Sikka's rows are not summed
    PrintedTable("alpukat: poktan of Sikka, no subtotal", 6639, 6648, (2, 3, 4, 5),
                 detail_lines=(6639, 6640, 6642, 6643, 6644, 6645, 6646, 6647)),
    PrintedTable("alsintan per kabupaten (blanks confirmed 0 by row and column totals)",
                 6748, 6770, (2, 3, 4, 5, 6, 7, 8)),
    PrintedTable("pupuk allocations 2023 (dashes confirmed 0 by the Total row)", 6786, 6808, (1, 2, 3)),
)


@pytest.fixture(scope="module")
def metas():
    return {m.doc_id: m for m in read_manifest(RAW, verify=False)}


@pytest.fixture(scope="module")
def extracted(metas):
    return {d: extract_regions(load_doc(d), metas[d]) for d in ("001", "002", "003", "004")}


def _cells(doc, line: int) -> list[str]:
    return [c.strip() for c in doc.line(line).split("\t")] + [""] * 12


def _has_number(doc, line: int) -> bool:
    return any(any(ch.isdigit() for ch in c) for c in _cells(doc, line)[1:])


@pytest.mark.parametrize("table", TABLES_001, ids=lambda t: f"L{t.first}-{t.last}")
def test_001_rows_per_printed_table(extracted, table):
    doc = load_doc("001")
    for line, col, printed, _why in table.no_row:
        assert _cells(doc, line)[col] == printed, (line, col)
    rows = extracted["001"].rows
    got = rows[rows["source_line"].between(table.first, table.last)]
    assert len(got) == table.expected_rows(doc)
    # number-bearing printed lines without an output row: the detail lines, nothing else
    out_lines = set(got["source_line"])
    missing = {ln for ln in table.printed_lines(doc) if _has_number(doc, ln) and ln not in out_lines}
    assert missing == set(table.detail_lines)


def test_001_totals(extracted):
    doc = load_doc("001")
    # 69 + 69 + 34 + 24 + 56 + 37 + 16 + 4 + 161 + 69 rows; 8 + 8 detail lines
    assert sum(t.expected_rows(doc) for t in TABLES_001) == 539
    assert len(extracted["001"].rows) == 539
    assert sum(len(t.detail_lines) for t in TABLES_001) == 16
    # every row comes from a listed table
    rows = extracted["001"].rows
    inside = rows["source_line"].apply(lambda ln: any(t.first <= ln <= t.last for t in TABLES_001))
    assert inside.all()


def test_001_every_printed_kabupaten_row_is_in_a_listed_table():
    """Independent of the extractor: every table row of 001 whose label (first three cells)
    resolves to an NTT kabupaten/kota lies inside one of the listed tables (113 such rows; the
    bare 'Kupang' of L593, L677, L6498, L6509 and L6791 is ambiguous on its own and is not
    counted: the extractor reads it as the kabupaten beside the table's 'Kota Kupang')."""
    doc = load_doc("001")
    labelled = [r.line for t in doc.tables for r in t.rows
                if any(c.strip() and resolve_region(c, "53").resolved for c in r.cells[:3])]
    assert len(labelled) == 113
    assert all(any(t.first <= ln <= t.last for t in TABLES_001) for ln in labelled)


@pytest.mark.parametrize("doc_id", ["002", "003", "004"])
def test_documents_without_kabupaten_tables(extracted, metas, doc_id):
    """002 (LKIP Biro Umum NTT), 003 (Road Map RB NTT) and 004 (LKjIP Biro Organisasi Bali) print
    no table row labelled with a kabupaten/kota of their province, so no regions rows and no
    regional rows left unextracted."""
    doc = load_doc(doc_id)
    pcode = province_code(metas[doc_id].province)
    assert not [r.line for t in doc.tables for r in t.rows
                if any(c.strip() and resolve_region(c, pcode).resolved for c in r.cells[:3])]
    assert len(extracted[doc_id].rows) == 0
    assert extracted[doc_id].skipped == []
