"""Budget figures written as lists and sentences (Perda APBD style) become budget rows.

The Perda texts below are synthetic, written for these tests in the layout of Indonesian APBD
accountability and revision regulations (nested ``(1) / a.`` items, ``semula / bertambah /
setelah perubahan`` items, a ``semula … menjadi`` sentence); the amounts of ``Pasal 2`` are the
NTT 2023 figures of the LKPJ (001 Tabel 1.7, line 809: pendapatan 4.916.185.685.870 /
4.625.194.772.641,08). The other cases are lines of the bundled documents."""

import pytest

from analysis.extract.base import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.budget_lists import budget_from_lists, list_items
from analysis.extract.documents import parse_document
from conftest import load_doc

META = DocMeta("p", "perda.txt", "", "Contoh", 2023, "PERDA", "Pemerintah Provinsi Contoh", "Perda")

PERDA = """PERATURAN DAERAH PROVINSI CONTOH
TENTANG PERTANGGUNGJAWABAN PELAKSANAAN APBD TAHUN ANGGARAN 2023

Pasal 2

(1) Pendapatan Daerah
    a. Anggaran setelah perubahan : Rp 4.916.185.685.870,00
    b. Realisasi : Rp 4.625.194.772.641,08
    c. Berkurang : (Rp 290.990.913.228,92)
(2) Belanja Daerah
    a. Anggaran setelah perubahan : Rp 5.109.450.581.870,00
    b. Realisasi : Rp 4.706.031.286.455,20
(3) Defisit
    a. Anggaran : (Rp 193.264.896.000,00)
    b. Realisasi : (Rp 80.836.513.814,12)

Pasal 3
1. Anggaran penerimaan pembiayaan setelah perubahan : Rp 250.000.000.000,00
2. Realisasi penerimaan pembiayaan : Rp 249.123.456.789,00
"""

PERUBAHAN = """Pasal 1
1. Belanja Pegawai
   a. semula : Rp 1.500.000.000.000,00
   b. bertambah : Rp 20.000.000.000,00
   c. setelah perubahan : Rp 1.520.000.000.000,00
2. Belanja Barang dan Jasa
   a. semula : Rp 900.000.000.000,00
   b. berkurang : Rp 10.000.000.000,00
   c. setelah perubahan : Rp 880.000.000.000,00
"""


def _rows(text: str):
    return extract_budget(parse_document(text, "p"), META).rows.set_index("source_line")


def test_accountability_list_gives_budget_realisation_pairs():
    rows = _rows(PERDA)
    pend = rows.loc[7]  # 'a. Anggaran setelah perubahan' under '(1) Pendapatan Daerah'
    assert (pend["name"], pend["level"], pend["origin"]) == ("Pendapatan Daerah", "revenue", "list")
    assert pend["budget"] == 4916185685870.0 and pend["realization"] == 4625194772641.08
    # absorption recomputed from the pair: 100 * 4.625.194.772.641,08 / 4.916.185.685.870 = 94.0810
    assert pend["absorption_pct"] == pytest.approx(100 * 4625194772641.08 / 4916185685870, abs=1e-4)
    assert pend["source_table"] == "Pasal 2"
    belanja = rows.loc[11]
    assert (belanja["name"], belanja["level"]) == ("Belanja Daerah", "expenditure_type")
    assert belanja["budget"] == 5109450581870.0 and belanja["realization"] == 4706031286455.20


def test_negative_amounts_in_brackets_are_read():
    d = _rows(PERDA).loc[14]
    assert d["name"] == "Defisit" and d["level"] == "total"
    assert d["budget"] == -193264896000.0 and d["realization"] == -80836513814.12


def test_subject_named_in_the_item_itself():
    f = _rows(PERDA).loc[18]
    assert f["level"] == "financing" and f["source_table"] == "Pasal 3"
    assert (f["budget"], f["realization"]) == (250000000000.0, 249123456789.0)


def test_semula_setelah_perubahan_gives_original_and_revised():
    rows = _rows(PERUBAHAN)
    peg = rows.loc[3]
    assert peg["name"] == "Belanja Pegawai"
    assert (peg["budget_original"], peg["budget"]) == (1500000000000.0, 1520000000000.0)
    assert peg["budget_basis"] == "revised"


def test_a_change_that_does_not_add_up_is_noted_not_corrected():
    # 900.000.000.000 - 10.000.000.000 = 890.000.000.000, but 880.000.000.000 is printed
    b = _rows(PERUBAHAN).loc[7]
    assert b["budget"] == 880000000000.0 and b["budget_original"] == 900000000000.0
    assert "not the printed 880,000,000,000.00" in b["value_note"]


def test_outline_depth_from_marker_kinds():
    items = list_items(parse_document(PERDA, "p"))
    depth = {it.line: it.depth for it in items}
    assert depth[6] == 0 and depth[7] == 1 and depth[10] == 0 and depth[18] == 0


def test_semula_menjadi_sentence_of_the_lkpj():
    # 001 line 973: 'Belanja Operasi semula direncanakan sebesar Rp.3.493.000.592.509.- (...),
    # bertambah menjadi Rp.3.596.427.411.635,- (...)'
    recs, _ = budget_from_lists(load_doc("001"))
    rec = next(r for r in recs if r.lines == [973])
    assert rec.subject == "Belanja Operasi" and rec.form == "sentence"
    assert (rec.budget_original, rec.budget) == (3493000592509.0, 3596427411635.0)


def test_programme_list_of_the_bali_lkjip():
    # 004 line 387: '1. Program Pembinaan Perpustakaan dengan anggaran Rp.525,774,880,-.'
    rows = extract_budget(load_doc("004"), DocMeta("004", "", "", "Bali", 2024, "LKIP",
                                                   "Biro Organisasi Setda Provinsi Bali", "")).rows
    r = rows[rows["source_line"] == 387].iloc[0]
    assert (r["name"], r["level"], r["budget"], r["origin"]) == (
        "Program Pembinaan Perpustakaan", "program", 525774880.0, "list")


def test_prose_with_an_amount_inside_a_sentence_is_not_a_list_item():
    text = "1. Pada tahun 2023 realisasi sebesar Rp 1.234.567.890,00 dicapai melalui kegiatan sosialisasi di 22 kabupaten.\n"
    assert [it for it in list_items(parse_document(text, "p")) if it.amount is not None] == []


# Bali 004 (lines 676-681), the list of programme budgets and realisations, as the bundled text
# writes it (one line per item) and as a converter that keeps the page's line breaks writes it
# (pdftotext of a printed PDF: each item wrapped after its budget)
REALISASI_ONE_LINE = """C. Realisasi Anggaran
- a. Anggaran Belanja Program Pembina Perpustakaan sebesar Rp.525,774,880 dengan realisasi sebesar Rp.486,215,430 atau sebesar 92.48%
- c. Anggaran Belanja Program Penataan Organisasi sebesar Rp.2,048,907,450 dengan realisasi sebesar Rp.1,543,502,036 atau sebesar 75.33%
"""
REALISASI_WRAPPED = """C. Realisasi Anggaran
- a. Anggaran Belanja Program Pembina Perpustakaan sebesar Rp.525,774,880
dengan realisasi sebesar Rp.486,215,430 atau sebesar 92.48%
- c. Anggaran Belanja Program Penataan Organisasi sebesar Rp.2,048,907,450
dengan realisasi sebesar Rp.1,543,502,036 atau sebesar 75.33%
"""


def test_list_items_wrapped_over_lines_keep_their_realisation():
    # wrapped, each item was a list item of one amount (the budget, realisation lost); with
    # its wrapped line it is a sentence with more after its amount, read as on one line
    meta = DocMeta("b", "lkjip.txt", "", "Bali", 2024, "LKjIP", "Biro Organisasi", "LKjIP")
    pairs = {}
    for text in (REALISASI_ONE_LINE, REALISASI_WRAPPED):
        rows = extract_budget(parse_document(text, "b"), meta).rows
        pairs[text] = sorted(zip(rows["budget"], rows["realization"]))
    assert pairs[REALISASI_WRAPPED] == pairs[REALISASI_ONE_LINE] == [(525774880, 486215430),
                                                                      (2048907450, 1543502036)]
