"""Indicator names wrapped across a page break (issue 13, part 6c).

004 (LKjIP Biro Organisasi Bali 2024) Tabel 3.8 (L567-618) prints two column groups side by side
(sasaran: No | Tujuan/Sasaran | Indikator | Capaian %; programme: Program/Kegiatan | Indikator
| Capaian% | Menunjang) and is cut by three page breaks, each repeating the header (L573, L586,
L601, L611). Names wrapped over two of those breaks were cut.
"""

from __future__ import annotations

import csv

import pytest

from analysis.extract.base import DocMeta
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators

from conftest import RAW, load_doc


def _meta(doc_id: str) -> DocMeta:
    with open(RAW / "manifest.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["doc_id"] == doc_id:
                return DocMeta(r["doc_id"], r["file"], r["sha256"], r["province"],
                               int(r["fiscal_year"]), r["doc_type"], r["entity"], r["title"])
    raise KeyError(doc_id)


@pytest.fixture(scope="module")
def rows004():
    return extract_indicators(load_doc("004"), _meta("004")).rows


def _cells(line: int) -> list[str]:
    return load_doc("004").line(line).split("\t")


def _at(df, line, level):
    sel = df[(df["source_line"] == line) & (df["level"] == level)]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_sasaran_indicator_continued_after_the_header_repeat_at_l601(rows004):
    # L597 '2 | Terwujudnya Birokrasi … efektif dan | Persentase Perpustakaan Sesuai dengan
    # Standar Nasional | 56% | PROGRAM PEMBINAAN PERPUSTAKAAN | …'; L601 repeats the header;
    # L602 ' | efisien, mampu … masyarakat. | Perpustakaan (SNP) | | Pengelolaan Perpustakaan …'
    assert _cells(597)[2] == "Persentase Perpustakaan Sesuai dengan Standar Nasional"
    assert _cells(601)[:3] == ["No.", "Tujuan/Sasaran Strategis", "Indikator Kinerja"]
    assert _cells(602)[2] == "Perpustakaan (SNP)"
    row = _at(rows004, 597, "sasaran")
    assert row["indicator"] == "Persentase Perpustakaan Sesuai dengan Standar Nasional Perpustakaan (SNP)"
    assert row["objective"].endswith("efektif dan efisien, mampu memberikan pelayanan publik yang prima "
                                     "serta pelayanan perpustakaan dalam menumbuhkan minat dan budaya baca "
                                     "masyarakat.")
    assert row["reported_achievement_pct"] == 56.0
    # the programme group of L602 is its own row, not swallowed by the continuation
    keg = _at(rows004, 602, "kegiatan")
    assert keg["indicator"] == "Persentase Capaian Standar Pelayanan Perpustakaan"
    assert keg["reported_achievement_pct"] == 100.0
    assert rows004[rows004["source_line"] == 602]["level"].tolist() == ["kegiatan"]


def test_programme_indicator_continued_after_the_header_repeat_at_l611(rows004):
    # L607 ' | | | | Pembudayaan Gemar Membaca | Persentase Kegemaran | 100% | Menunjang';
    # L611 repeats the header; L612 ' | | | | Tingkat Daerah Provinsi | Membaca Masyarakat'
    assert _cells(607)[4:6] == ["Pembudayaan Gemar Membaca", "Persentase Kegemaran"]
    assert _cells(612)[4:6] == ["Tingkat Daerah Provinsi", "Membaca Masyarakat"]
    row = _at(rows004, 607, "kegiatan")
    assert row["indicator"] == "Persentase Kegemaran Membaca Masyarakat"
    assert row["objective"] == "Pembudayaan Gemar Membaca Tingkat Daerah Provinsi"
    assert row["reported_achievement_pct"] == 100.0
    assert 612 not in set(rows004["source_line"])


def test_objective_continued_after_the_header_repeat_at_l573(rows004):
    # L568 '1 | Terwujudnya Birokrasi … pelayanan publik yang | …'; L574 ' | prima serta
    # pelayanan perpustakaan … masyarakat. | | | Koordinasi dan Pelaksanaan …'
    assert _cells(568)[1].endswith("pelayanan publik yang")
    assert _cells(574)[1].startswith("prima serta pelayanan perpustakaan")
    row = _at(rows004, 568, "sasaran")
    assert row["objective"].endswith("pelayanan publik yang prima serta pelayanan perpustakaan dalam "
                                     "menumbuhkan minat dan budaya baca masyarakat.")
    # the programme group of L574 stays a row of its own (its level is another fix's business)
    assert rows004[rows004["source_line"] == 574]["indicator"].tolist() == [
        "Jumlah Dokumen Hasil Koordinasi dan Pelaksanaan Sistem Informasi Kepegawaian"]


# A synthetic two-group table with the same breaks, in TAB and in Markdown
GRID = [
    ["No.", "Sasaran Strategis", "Indikator Kinerja", "Capaian %", "Kegiatan", "Indikator Kinerja",
     "Capaian%"],
    ["1", "Meningkatnya mutu layanan", "Indeks Kepuasan Masyarakat terhadap", "95%",
     "Pelayanan Publik", "Jumlah Layanan Publik", "100%"],
    "HEADER",
    ["", "", "Layanan Publik", "", "Pengelolaan Arsip", "Jumlah Arsip yang Dikelola", "90%"],
    ["", "", "", "", "Pembinaan Kearsipan", "Jumlah Lembaga", "80%"],
    "HEADER",
    ["", "", "", "", "Daerah", "Kearsipan yang Dibina", ""],
    ["", "", "", "", "Pengembangan Literasi", "Jumlah Kegiatan Literasi", "70%"],
]


def _render(fmt: str) -> str:
    head = GRID[0]
    out = ["Tabel 3.1 Capaian", ""]
    if fmt == "tab":
        for r in GRID:
            if r == "HEADER":
                out += ["", "", "", "\t".join(head)]
            else:
                out.append("\t".join(r))
    else:
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in GRID[1:]:
            out.append("| " + " | ".join(head if r == "HEADER" else r) + " |")
    return "\n".join(out) + "\n\nTeks.\n"


@pytest.mark.parametrize("fmt", ["tab", "markdown"])
def test_synthetic_two_group_table_continues_names_across_breaks(fmt):
    meta = DocMeta("t", "t.txt", "", "Bali", 2024, "LKjIP", "Biro", "t")
    rows = extract_indicators(parse_document(_render(fmt), "t"), meta).rows
    got = sorted(zip(rows["indicator"], rows["reported_achievement_pct"]))
    assert got == sorted([
        ("Indeks Kepuasan Masyarakat terhadap Layanan Publik", 95.0),  # sasaran, wrapped over break 1
        ("Jumlah Layanan Publik", 100.0),  # kegiatan: the next line starts a new kegiatan row
        ("Jumlah Arsip yang Dikelola", 90.0),
        ("Jumlah Lembaga Kearsipan yang Dibina", 80.0),  # wrapped over break 2
        ("Jumlah Kegiatan Literasi", 70.0),
    ])
