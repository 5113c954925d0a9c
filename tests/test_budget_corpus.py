"""Budget rows of real reports of other regions (shared corpus; skipped when absent): the
narrative sentences of a Jawa Barat agency LKIP ('Kegiatan X, yang dilaksanakan oleh Dinas Y
dengan alokasi …'), a Renja's numbered programme paragraphs dated by the lead-in above them, a
header printed in a name cell, and a Renja evaluation form whose target/realisation columns
print rupiah. The layouts are also tested on hand-written text in tests/test_budget.py."""

from __future__ import annotations


import pytest

from analysis.extract.base import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.documents import parse_document

from conftest import CORPUS, needs_corpus

pytestmark = needs_corpus


def _budget(file: str, year: int, pages: list[int]):
    from analysis.extract.pdf import render_pdf

    doc = parse_document(render_pdf(CORPUS / file, pages=pages).text, "c")
    meta = DocMeta(doc_id="c", file=file, sha256="", province="Jawa Barat", fiscal_year=year,
                   doc_type="LKIP", entity="Dinas Contoh", title="")
    return doc, extract_budget(doc, meta).rows


def test_jabar_disperindag_lkip_2016_kegiatan_sentences():
    """Disperindag Jawa Barat LKIP 2016 pages 54-55: '2. Kegiatan Penyelenggaraan Administrasi
    Perkantoran Balai Kemetrologian Cirebon, yang dilaksanakan oleh Dinas … dengan alokasi
    anggaran sebesar Rp. 652,889,300.00 realisasi anggaran sebesar Rp. 635,076,672.00' under
    'D. Program Pelayanan Administrasi Perkantoran'; the first sentence goes on after the page
    break ('… Provinsi Jawa' | 'Barat dengan alokasi …')."""
    _, df = _budget("jabar-disperindag-lkip-2016.pdf", 2016, pages=[54, 55])
    df = df[df["origin"] == "narrative"].set_index("name")
    row = df.loc["Penyelenggaraan Administrasi Perkantoran Balai Kemetrologian Cirebon"]
    assert (row["level"], row["parent"]) == ("kegiatan", "Program Pelayanan Administrasi Perkantoran")
    assert (row["budget"], row["realization"]) == (652_889_300, 635_076_672)
    assert "carried out by 'Dinas Perindustrian dan Perdagangan Provinsi Jawa Barat'" in row["value_note"]
    # the clause is a section event too: the agency carrying the kegiatan out is the entity
    assert row["entity"] == "Dinas Perindustrian dan Perdagangan"
    first = df.loc["Penyelenggaraan Administrasi Perkantoran Balai Kemetrologian Karawang"]
    assert (first["budget"], first["realization"]) == (1_000_000_000, 968_515_082)
    assert "Barat" not in df.index and "Jawa Barat" not in df.index


def test_jabar_disperindag_lkip_2016_header_in_name_cell():
    """Same report, page 46: the name cell 'Nama Program / Kegiatan Program Pengembangan
    Kewirausahaan …' (header joined with the row) is a programme of Rp 15,827,000,000."""
    _, df = _budget("jabar-disperindag-lkip-2016.pdf", 2016, pages=[46])
    row = df[df["budget"] == 15_827_000_000].iloc[0]
    assert row["level"] == "program"
    assert row["name"].startswith("Program Pengembangan Kewirausahaan dan Keunggulan Kompetitif")


def test_jabar_dlh_renja_2017_programme_paragraph_dated_by_lead_in():
    """DLH Jawa Barat Renja 2017 page 11: 'Program-program yang telah dilaksanakan oleh BPLHD
    Tahun 2015 … adalah:' over '1. Program Pengendalian Pencemaran … ini mendapat alokasi
    anggaran sebesar Rp. 32.515.290.000,00'."""
    _, df = _budget("jabar-dlh-renja-2017.pdf", 2017, pages=[11])
    row = df[df["budget"] == 32_515_290_000].iloc[0]
    assert (row["fiscal_year"], row["realization"]) == (2015, 30_235_235_652)


def test_jabar_bpmpd_renja_evaluation_form_rupiah_columns():
    """BPMPD Jawa Barat Renja 2015, Tabel I page 1: 'Fasilitasi Pemberdayaan Ekonomi Masyarakat
    Miskin …' Target Renja 2013 300.000.000,00, Realisasi 254.800.272,00, 84,93%."""
    _, df = _budget("jabar-bpmpd-evaluasi-renja-2014.pdf", 2014, pages=[1])
    row = df[df["name"].str.startswith("Fasilitasi Pemberdayaan Ekonomi Masyarakat Miskin")].iloc[0]
    assert (row["level"], row["fiscal_year"], row["parent"]) == ("kegiatan", 2013, "Program Peningkatan Partisipasi Masyarakat")
    assert (row["budget"], row["realization"], row["reported_pct"]) == (300_000_000, 254_800_272, 84.93)


def test_jabar_bpmpd_renja_evaluation_form_current_year_renja_target_is_planned():
    """Same form, pages 1-2, column 9 *Target Program dan Kegiatan (Renja BPMPD) Tahun 2014* in
    rupiah: line 24 (350.000.000,00), line 42 'Pendampingan Revitalisasi Posyandu Multifungsi'
    (12.014.928.000,00) and line 46 'Perlombaan Desa dan Kelurahan' under the second programme
    (1.000.000.000,00) are planned rows of 2014 beside their 2013 rows; line 25 prints '-' (no
    2014 row); the Renstra target (col 4) and the cumulative col 10 are not read."""
    _, df = _budget("jabar-bpmpd-evaluasi-renja-2014.pdf", 2014, pages=[1, 2])
    plan = df[df["budget_basis"] == "planned"].set_index("source_line")
    assert set(plan["fiscal_year"]) == {2014} and plan["realization"].isna().all()
    assert len(plan) == 14  # the 19 kegiatan of the two pages less the five printed '-'
    assert plan.loc[24, "budget"] == 350_000_000
    assert plan.loc[24, "name"].startswith("Fasilitasi Pemberdayaan Ekonomi Masyarakat Miskin")
    assert (plan.loc[42, "name"], plan.loc[42, "budget"]) == ("Pendampingan Revitalisasi Posyandu Multifungsi",
                                                              12_014_928_000)
    assert (plan.loc[46, "parent"], plan.loc[46, "budget"]) == ("Program Pemantapan Pemerintahan dan Pembangunan "
                                                                "Desa", 1_000_000_000)
    assert 25 not in plan.index
    # the 2013 rows are as before
    last = df[df["fiscal_year"] == 2013].set_index("source_line")
    assert (last.loc[24, "budget"], last.loc[24, "realization"]) == (300_000_000, 254_800_272)
    assert set(df["fiscal_year"]) == {2013, 2014}


def test_jombang_inspektorat_renja_2023_plan_form_and_forward_estimate():
    """Inspektorat Jombang Renja 2023, Tabel 3.2 pages 25-26 (*Rumusan Rencana Program dan
    Kegiatan … tahun 2023 dan prakiraan maju tahun 2024*): 'PROGRAM PENYELENGGA RAAN
    PENGAWASAN … 121,892,400 … 1.469.855.675' is the 2023 Pagu Indikatif and the 2024 forward
    estimate, two planned rows; the column mixes number styles ('1.600.000' below '141,206,000')."""
    _, df = _budget("jombang-inspektorat-renja-2023.pdf", 2023, pages=[25, 26])
    df = df[df["source_table"] == "Tabel 3.2"]
    prog = df[df["name"].str.startswith("PROGRAM PENYELENGGA")].set_index("fiscal_year")
    assert prog.loc[2023, "budget"] == 121_892_400 and prog.loc[2024, "budget"] == 1_469_855_675
    assert set(prog["budget_basis"]) == {"planned"} and set(prog["level"]) == {"program"}
    assert "forward estimate (prakiraan maju) for 2024" in prog.loc[2024, "value_note"]
    keg = df[df["name"] == "Perumusan Kebijakan Teknis di Bidang Pengawasan dan Fasilitasi Pengawasan"]
    assert dict(zip(keg["fiscal_year"], keg["budget"])) == {2023: 1_600_000, 2024: 30_000_000}
    total = df[df["level"] == "total"].set_index("fiscal_year")["budget"]
    assert dict(total) == {2023: 11_781_391_018, 2024: 19_410_706_175}


def test_jabar_disperindag_lkip_2016_programme_rows_keep_their_kegiatan_out_of_the_name():
    """Disperindag Jawa Barat LKIP 2016, Tabel 3.7 page 44: 'Program Pengembangan Industri Kecil
    &Menengah 4,775,000,000.00 3,878,831,648.00 81.23' with four kegiatan printed below it
    without amounts ('Pengembangan Industri Kerajinan Jawa Barat (DEKRANASDA)' …)."""
    _, df = _budget("jabar-disperindag-lkip-2016.pdf", 2016, pages=[44])
    row = df[df["budget"] == 4_775_000_000].iloc[0]
    assert (row["level"], row["name"]) == ("program", "Program Pengembangan Industri Kecil &Menengah")
    assert "4 kegiatan listed below the programme without amounts" in row["value_note"]
    assert "Partisipasi Pameran Produk Kerajinan Jawa Barat" in row["value_note"]


def test_jabar_dlh_renja_2017_plan_table_printed_after_the_evaluation_table():
    """DLH Jawa Barat Renja 2017, page 109: the plan table (*Rencana Tahun 2017 … Kebutuhan
    Dana/ Pagu Indikatif … Prakiraan Maju Rencana Tahun 2018*) follows the evaluation table of
    pages 90-108 with no line between them. The reader starts a new table at its own header
    (closed by the numbering row 1-9), so its kegiatan give planned rows of both years instead of
    being read as rows of the evaluation table (formerly 162 amounts skipped as 'amount in a
    performance-indicator table')."""
    doc, df = _budget("jabar-dlh-renja-2017.pdf", 2017, pages=[108, 109])
    page109 = df[[doc.page_of(int(x)) == 109 for x in df["source_line"]]]
    amdal = page109[page109["name"] == "Penilaian Dokumen Lingkungan Hidup oleh Komisi Penilaian AMDAL "
                                       "Provinsi Jawa Barat"].set_index("fiscal_year")
    assert dict(amdal["budget"]) == {2017: 250_000_000, 2018: 275_000_000}
    assert set(amdal["budget_basis"]) == {"planned"} and set(amdal["level"]) == {"kegiatan"}
    # the rows of page 108 stay in the evaluation table, which prints no rupiah
    assert {doc.page_of(int(x)) for x in df["source_line"]} == {109}


def test_jombang_inspektorat_lkjip_2022_absorption_printed_as_percentages():
    """Inspektorat Kabupaten Jombang LKjIP 2022 page 40, Tabel 3.9 *Pencapaian Kinerja dan
    Penyerapan Anggaran Tahun 2022*: 'No | Sasaran | Indikator Kinerja | % Capaian Kinerja |
    % Realisasi Anggaran' prints no amounts; each indicator's absorption is a budget row with
    reported_pct only (Maturitas SPIP 83,13%, Kapabilitas APIP 86,73%, Nilai Evaluasi AKIP PD
    93,92%)."""
    _, df = _budget("jombang-inspektorat-lkjip-2022.pdf", 2022, pages=[40])
    t = df[df["source_table"] == "Tabel 3.9"]
    assert list(zip(t["name"], t["reported_pct"])) == [
        ("Maturitas SPIP", 83.13), ("Kapabilitas APIP", 86.73), ("Nilai Evaluasi AKIP PD", 93.92)]
    assert (t["level"] == "program").all() and t["budget"].isna().all() and t["realization"].isna().all()
