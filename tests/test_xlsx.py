"""Excel (.xlsx) workbooks as input (analysis.extract.xlsx): rendered into the reader's text like
a PDF, numbers written as the reports print them; the same table in a workbook and in a text file
gives the same rows. The workbooks are written by the tests (xlsx_fixtures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.extract.pipeline import run_extraction
from conftest import make_raw
from analysis.extract.xlsx import XlsxError, id_number, render_xlsx, render_xlsx_bytes
from xlsx_fixtures import Num, xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]

#: a SIPD-style realisation export: a merged title, a header, a section row, amounts as numbers,
#: the percentage as a formula with a percent format
LRA = {"LRA 2023": [
    ["LAPORAN REALISASI ANGGARAN DINAS KESEHATAN TAHUN ANGGARAN 2023"],
    [],
    ["Kode", "Uraian", "Anggaran (Rp)", "Realisasi (Rp)", "%"],
    ["1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 12281319513, 11534782463,
     Num(0.9392, "percent", "D4/C4")],
    ["1.02.01.2.02", "Administrasi Keuangan Perangkat Daerah", 10568348933, 9943472120.5,
     Num(0.9409, "percent", "D5/C5")],
    [None, None, None, None, None],
    ["1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN", 630395770, 524058289, Num(0.8313, "percent")],
]}
#: the same table as a text file
TEXT = "\n".join([
    "LAPORAN REALISASI ANGGARAN DINAS KESEHATAN TAHUN ANGGARAN 2023", "",
    "Kode\tUraian\tAnggaran (Rp)\tRealisasi (Rp)\t%",
    "1.02.01\tPROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH\t12.281.319.513\t11.534.782.463\t93,92%",
    "1.02.01.2.02\tAdministrasi Keuangan Perangkat Daerah\t10.568.348.933\t9.943.472.120,5\t94,09%",
    "",
    "1.02.02\tPROGRAM PEMENUHAN UPAYA KESEHATAN\t630.395.770\t524.058.289\t83,13%",
]) + "\n"


@pytest.mark.parametrize("value, text", [
    (1234567890, "1.234.567.890"), (9943472120.5, "9.943.472.120,5"), (93.04, "93,04"),
    (-1500000, "-1.500.000"), (0.1 + 0.2, "0,30000000000000004"), (1e-05, "0,00001"), (0, "0"),
    (2023, "2023"), (1899, "1.899"), (2101, "2.101"), (2023.5, "2.023,5"),
])
def test_numbers_as_reports_print_them(value, text):
    assert id_number(value) == text


def test_rendering_titles_tables_sections_percentages():
    lines = render_xlsx_bytes(xlsx_bytes(LRA, {"LRA 2023": ["A1:E1"]}), "x.xlsx").text.splitlines()
    assert lines[:3] == ["<!-- page 1 -->", "LRA 2023", ""]
    assert lines[3] == "LAPORAN REALISASI ANGGARAN DINAS KESEHATAN TAHUN ANGGARAN 2023"  # a title line
    k = lines.index("Kode\tUraian\tAnggaran (Rp)\tRealisasi (Rp)\t%")
    assert lines[k + 1].split("\t") == ["1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
                                        "12.281.319.513", "11.534.782.463", "93,92%"]
    assert lines[k + 2].split("\t")[3] == "9.943.472.120,5"
    assert lines[k + 3] == ""  # an empty row ends a block
    # a section row with one filled cell stays in its column inside a table
    book = {"S": [["Kode", "Uraian", "Anggaran"], [None, "BELANJA"], ["5.1", "Belanja Pegawai", 1500000]]}
    lines = render_xlsx_bytes(xlsx_bytes(book), "x.xlsx").text.splitlines()
    assert lines[3:6] == ["Kode\tUraian\tAnggaran", "\tBELANJA\t", "5.1\tBelanja Pegawai\t1.500.000"]


def test_dates_and_sheets_are_pages():
    book = {"Ringkasan": [["Tanggal", "Jumlah"], [Num(45291, "date"), 5]], "Kosong": []}
    r = render_xlsx_bytes(xlsx_bytes(book), "x.xlsx")
    lines = r.text.splitlines()
    assert "Tanggal\tJumlah" in lines and "2023-12-31\t5" in lines
    assert "<!-- page 2 -->" in lines and r.pages == 2
    assert [(n.page, n.kind) for n in r.notes] == [(2, "blank_page")]


def test_a_workbook_gives_the_rows_of_the_same_text_table(tmp_path):
    book = run_extraction(make_raw(tmp_path / "x", {"lra.xlsx": xlsx_bytes(LRA)}), tmp_path / "x" / "out",
                          progress=None)
    text = run_extraction(make_raw(tmp_path / "t", {"lra.txt": TEXT.encode()}), tmp_path / "t" / "out",
                          progress=None)
    cols = ["fiscal_year", "level", "code", "name", "budget", "realization", "reported_pct"]
    a, b = book.frames["budget"], text.frames["budget"]
    assert a["realization"].tolist()[:2] == [11_534_782_463, 9_943_472_120.5]
    assert a["reported_pct"].tolist() == [93.92, 94.09, 83.13]
    pd.testing.assert_frame_equal(a[cols].reset_index(drop=True), b[cols].reset_index(drop=True))
    assert set(a["source_page"].tolist()) == {1}
    lines = (tmp_path / "x" / "interim" / "901.txt").read_text(encoding="utf-8").splitlines()
    for _, r in a.iterrows():
        assert r["name"] in lines[int(r["source_line"]) - 1]


def test_a_broken_workbook_is_named(tmp_path):
    raw = make_raw(tmp_path, {"rusak.xlsx": b"PK\x03\x04 not a zip"})
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", "--raw", str(raw),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "rusak.xlsx" in proc.stderr and "not an Excel .xlsx file" in proc.stderr
    with pytest.raises(XlsxError, match="no such file"):
        render_xlsx(tmp_path / "none.xlsx")


def test_years_stored_as_numbers_head_a_table_over_the_years():
    """A header row of years typed as numbers (2021 | 2022 | 2023): read as years, the table on
    its side as from a text file."""
    from analysis.extract.documents import parse_document
    from analysis.extract.indicators import extract_indicators
    from analysis.extract.base import DocMeta

    book = {"IKU": [["Tabel 3.1 Capaian IKU Indeks Kepuasan Masyarakat"], [],
                    ["Uraian", 2021, 2022, 2023], ["Target", 82, 83, 84], ["Realisasi", 83, 84.2, 85],
                    ["Capaian (%)", 101.22, 101.45, 101.19]]}
    text = render_xlsx_bytes(xlsx_bytes(book), "x.xlsx").text
    assert "Uraian\t2021\t2022\t2023" in text.splitlines()
    meta = DocMeta("t", "x.xlsx", "", "Jawa Timur", 2023, "LKjIP", "Dinas", "")
    rows = extract_indicators(parse_document(text, "t"), meta).rows
    assert rows[["fiscal_year", "target", "actual"]].values.tolist() == [[2021, 82, 83], [2022, 83, 84.2], [2023, 84, 85]]


def test_hidden_sheets_are_not_read_but_noted():
    book = {"LRA": [["Uraian", "Anggaran (Rp)"], ["Belanja", 1500000]], "Ref": [["kode", "nama"], ["1", "x"]]}
    r = render_xlsx_bytes(xlsx_bytes(book, hidden=("Ref",)), "x.xlsx")
    assert "kode\tnama" not in r.text.splitlines()
    assert [(n.page, n.kind) for n in r.notes] == [(2, "hidden_sheet")]
    assert "<!-- page 2: hidden sheet, not read -->" in r.text.splitlines()
