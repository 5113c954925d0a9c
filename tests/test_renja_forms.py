"""Column roles of the Renja forms every region prints (Permendagri 54/2010 / 86/2017), read
from hand-written tables of the same layout, and from real reports of the shared corpus.

* the Renja plan form: *Rencana Tahun N* over *Target Capaian Kinerja | Lokasi | Pagu
  Indikatif*: the *Target Capaian Kinerja* column is the year's target (it was read as the
  capaian, an achievement percentage, and its unit lost);
* the Renja evaluation form (*Rekapitulasi Evaluasi Hasil Pelaksanaan Renja ... dan
  Pencapaian Renstra*): *Target dan Realisasi ... Tahun Lalu* spans *Target | Realisasi |
  Tingkat Realisasi (%)*, a sub-header of long labels sits above a column-numbering row whose
  computed columns carry their formula (``8 = (7/6)``); the cumulative realisation *s/d tahun
  berjalan* is no value of its year, and *Tingkat Capaian Realisasi Target Renstra (%)* is the
  progress towards the Renstra end target.
"""

from __future__ import annotations


import pytest

from analysis.extract.base import DocMeta
from analysis.extract.columns import column_stacks, header_role, is_formula_numbering_row, split_header
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators, find_performance_tables

from conftest import CORPUS, needs_corpus


def _meta(year: int) -> DocMeta:
    return DocMeta(doc_id="t", file="x.pdf", sha256="", province="Jawa Tengah", fiscal_year=year,
                   doc_type="Renja", entity="Dinas Contoh", title="")


# --------------------------------------------------------------------------------------
# Header words
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("parts, expected", [
    (("Rencana Tahun 2025", "Target Capaian Kinerja"), ("target", 2025)),
    (("TARGET CAPAIAN",), ("target", None)),
    (("Target Kinerja Capaian Program (Renstra) Tahun 2026",), ("target", 2026)),
    (("Target dan Realisasi Kinerja Tahun Lalu", "Target Renja Tahun 2023"), ("target", 2023)),
    (("Target dan Realisasi Kinerja Tahun Lalu", "Realisasi Renja Tahun 2023"), ("actual", 2023)),
    (("Target dan Realisasi Kinerja Tahun Lalu", "Tingkat Realisasi (%)"), ("achievement", None)),
    (("Realisasi Capaian Program s/d Tahun berjalan 2024",), ("text", 2024)),
    (("Tingkat Capaian Realisasi Target Renstra (%)",), ("progress", None)),
    # unchanged neighbours
    (("Capaian Kinerja (%)",), ("achievement", None)),
    (("2023", "Realisasi"), ("actual", 2023)),
    (("Realisasi Anggaran (%)",), ("budget_pct", None)),
])
def test_header_role_of_renja_form_columns(parts, expected):
    assert header_role(parts) == expected


def test_formula_numbering_row():
    assert is_formula_numbering_row(["1", "2", "3", "4 = (3/2)", "5", "6 = (2+4)"])
    assert is_formula_numbering_row(["1", "", "2", "3", "4=(3/2)"])
    assert not is_formula_numbering_row(["1", "2", "3", "4"])  # a plain one: is_numbering_row
    assert not is_formula_numbering_row(["1", "Belanja = (a/b)", "3"])


# --------------------------------------------------------------------------------------
# The Renja plan form
# --------------------------------------------------------------------------------------
PLAN = (
    "No\tProgram/Kegiatan\tIndikator Kinerja Program/Kegiatan\tRencana Tahun 2025\t\t\t"
    "Prakiraan Maju Tahun 2026\t\n"
    "\t\t\tTarget Capaian Kinerja\tLokasi\tPagu Indikatif (Rp.)\tTarget Capaian Kinerja\t"
    "Kebutuhan Dana (Rp.)\n"
    "1\t2\t3\t4\t5\t6\t7\t8\n"
    "1\tPembinaan Sekolah Sehat\tJumlah sekolah yang dibina\t40 sekolah\tKab. Contoh\t"
    "120.000.000\t45 sekolah\t130.000.000\n"
    "2\tPengawasan Pangan\tPersentase sampel pangan diuji\t85 %\tKab. Contoh\t75.500.000\t90 %\t"
    "80.000.000\n"
)


def test_renja_plan_form_target_capaian_is_the_target():
    df = extract_indicators(parse_document(PLAN, "t"), _meta(2025)).rows
    got = {(r.indicator, r.fiscal_year): (r.target, r.unit, r.reported_achievement_pct, r.year_role)
           for r in df.itertuples()}
    assert got[("Jumlah sekolah yang dibina", 2025)][:2] == (40, "sekolah")
    assert got[("Jumlah sekolah yang dibina", 2026)][:2] == (45, "sekolah")
    assert got[("Persentase sampel pangan diuji", 2025)][:2] == (85, "%")
    assert got[("Persentase sampel pangan diuji", 2026)][:2] == (90, "%")
    # no capaian was printed: none is read from the target column
    assert all(v[2] != v[2] for v in got.values())  # NaN
    assert {v[3] for k, v in got.items() if k[1] == 2026} == {"plan year"}


# --------------------------------------------------------------------------------------
# The Renja evaluation form
# --------------------------------------------------------------------------------------
EVALUATION = (
    "Kode\t\tProgram/Kegiatan\tIndikator Kinerja Program (Outcomes)/Kegiatan (Output)\t"
    "Target Kinerja Capaian Program (Renstra) Tahun 2026\t"
    "Realisasi Target Kinerja Hasil Program s/d tahun 2022\t"
    "Target dan Realisasi Kinerja Program dan Kegiatan Tahun Lalu (n-2)\t\t\t"
    "Target Program dan Kegiatan (Renja) Tahun 2024\t"
    "Perkiraan Realisasi Capaian Target Renstra s/d Tahun Berjalan\t\tCatatan\n"
    "\t\t\t\t\t\tTarget Renja Dinas Tahun 2023\tRealisasi Renja Dinas Tahun 2023\t"
    "Tingkat Realisasi (%)\t\tRealisasi Capaian Program dan Kegiatan s/d Tahun berjalan 2024\t"
    "Tingkat Capaian Realisasi Target Renstra (%)\t\n"
    "1\t\t2\t3\t4\t5\t6\t7\t8 = (7/6)\t9\t10 = (5+7+9)\t11 = (10/4)\t12\n"
    "2\t01\tPembinaan Kader Posyandu\tJumlah kader yang dilatih\t400 orang\t120 orang\t"
    "100 orang\t90 orang\t90,00\t100 orang\t310 orang\t77,50\t\n"
    "2\t02\tPengelolaan Air Limbah\tPersentase IPAL yang berfungsi\t90 %\t60 %\t75 %\t"
    "72 %\t96,00\t80 %\t80 %\t88,89\t\n"
)


def test_renja_evaluation_form_header_is_three_rows():
    doc = parse_document(EVALUATION, "t")
    head = split_header(doc.tables[0])
    assert head.header_lines == [1, 2, 3]  # labels, long sub-labels, numbering with formulas
    assert [r.line for r in head.rows] == [4, 5]
    [pt] = find_performance_tables(doc, 2024)
    roles = {c.idx: (c.role, c.year) for c in pt.cols if c.role not in ("text", "no")}
    assert roles == {
        2: ("program", None), 3: ("indicator", None), 4: ("target", 2026), 5: ("baseline", 2022),
        6: ("target", 2023), 7: ("actual", 2023), 8: ("achievement", 2023), 9: ("target", 2024),
        11: ("progress", None),
    }


def test_renja_evaluation_form_values_by_year():
    res = extract_indicators(parse_document(EVALUATION, "t"), _meta(2024))
    df = res.rows.set_index(["indicator", "fiscal_year"])
    kader = "Jumlah kader yang dilatih"
    # last year's target, realisation and printed rate: 90 / 100 = 90 %
    rec = df.loc[(kader, 2023)]
    assert (rec["target"], rec["actual"], rec["reported_achievement_pct"], rec["unit"]) == (100, 90, 90, "orang")
    assert rec["year_role"] == "comparison year"
    # this year's target; the cumulative 310 (s/d tahun berjalan) is no realisation of 2024
    rec = df.loc[(kader, 2024)]
    assert rec["target"] == 100 and rec["actual"] != rec["actual"]
    assert rec["baseline"] == 120  # realisation up to 2022
    # the Renstra end target and the progress towards it (310 / 400 = 77.5 %)
    rec = df.loc[(kader, 2026)]
    assert (rec["target"], rec["reported_achievement_pct"]) == (400, 77.5)
    rec = df.loc[("Persentase IPAL yang berfungsi", 2023)]
    assert (rec["target"], rec["actual"], rec["reported_achievement_pct"], rec["unit"]) == (75, 72, 96, "%")
    # the numbering row closes the reader's header: no data row, nothing to skip
    assert parse_document(EVALUATION, "t").tables[0].header_lines == [1, 2, 3]
    assert not [s for s in res.skipped if s.source_line == 3]


# --------------------------------------------------------------------------------------
# Real reports (shared corpus; values read on the rendered pages by eye)
# --------------------------------------------------------------------------------------
def _corpus_rows(file: str, year: int, pages=None):
    from analysis.extract.pdf import render_pdf

    doc = parse_document(render_pdf(CORPUS / file, pages=pages).text, "c")
    return doc, extract_indicators(doc, _meta(year)).rows


@needs_corpus
def test_jabar_bpmpd_renja_2014_evaluation_form():
    """BPMPD Jawa Barat, Renja 2015 (evaluation of 2013/2014), Tabel I page 1, first kegiatan."""
    doc, df = _corpus_rows("jabar-bpmpd-evaluasi-renja-2014.pdf", 2014)
    name = "Bimbingan Teknis Kewirausahaan, Monitoring, dan Evaluasi"
    df = df[df["indicator"] == name].set_index("fiscal_year")
    assert (df.loc[2013, "target"], df.loc[2013, "actual"], df.loc[2013, "reported_achievement_pct"]) == \
        (300000000, 254800272, 84.93)
    assert (df.loc[2014, "target"], df.loc[2014, "baseline"]) == (350000000, 150000000)
    assert df.loc[2014, "actual"] != df.loc[2014, "actual"]  # 754.800.272 is cumulative
    assert (df.loc[2015, "target"], df.loc[2015, "reported_achievement_pct"]) == (500000000, 66.24)
    assert {doc.page_of(int(x)) for x in df["source_line"]} == {1}


@needs_corpus
def test_jabar_dlh_renja_2017_plan_form():
    """DLH Jawa Barat, Renja 2017, Tabel 3.1 page 50: Target Capaian Kinerja 2017 and 2018."""
    doc, df = _corpus_rows("jabar-dlh-renja-2017.pdf", 2017, pages=[49, 50])
    df = df[df["source_table"] == "Tabel 3.1"]
    rec = df[df["target_text"] == "15 dokumen"].set_index("fiscal_year")
    assert (rec.loc[2017, "target"], rec.loc[2017, "unit"], rec.loc[2018, "target"]) == (15, "dokumen", 15)
    assert rec["reported_achievement_pct"].isna().all()


# --------------------------------------------------------------------------------------
# Abbreviated header words
# --------------------------------------------------------------------------------------
def test_sat_column_is_the_unit():
    """'Sat' (satuan) over the units, as in LKIP tables of Jawa Barat agencies."""
    text = ("No\tIndikator Kinerja\tSat\tTahun 2016\t\tSumber data\n"
            "\t\t\tTarget\tRealisasi\t\n"
            "1\tNilai investasi industri kecil\tMiliar Rupiah\t12.5\t11.25\tBPS\n"
            "2\tJumlah koperasi yang dibina\tUnit usaha\t40\t44\tDinas\n")
    df = extract_indicators(parse_document(text, "t"), _meta(2016)).rows.set_index("indicator")
    assert df.loc["Nilai investasi industri kecil", ["unit", "target", "actual"]].tolist() == ["Miliar Rupiah", 12.5, 11.25]
    assert df.loc["Jumlah koperasi yang dibina", ["unit", "target", "actual"]].tolist() == ["Unit usaha", 40, 44]
    assert header_role("Sat") == ("unit", None) and header_role("Sat.") == ("unit", None)


@needs_corpus
def test_jabar_disperindag_lkip_2016_units():
    """Disperindag Jawa Barat LKIP 2016, Tabel 3.1 page 32: the 'Sat' column's units."""
    doc, df = _corpus_rows("jabar-disperindag-lkip-2016.pdf", 2016, pages=[32])
    rec = df[df["indicator"] == "Pertumbuhan Industri Manufaktur pada PDRB Jawa Barat"].set_index("fiscal_year")
    assert rec.loc[2015, ["unit", "target", "actual"]].tolist() == ["Triliun Rupiah", 175.89, 166.29]
    assert rec.loc[2016, ["unit", "target", "actual"]].tolist() == ["Triliun Rupiah", 185.8, 168.49]


# --------------------------------------------------------------------------------------
# A labelled sasaran heading after a page break
# --------------------------------------------------------------------------------------
def test_sasaran_heading_after_a_page_break_is_no_name_continuation():
    head = ("No\tIndikator Kinerja\tSatuan\tTahun 2022\t\tTahun 2023\t\tSumber data\n"
            "\t\t\tTarget\tRealisasi\tTarget\tRealisasi\n")
    text = ("<!-- page 1 -->\n" + head +
            "Misi Pertama : Meningkatkan derajat kesehatan\t\n"
            "Sasaran ke-1 : Meningkatnya mutu layanan kesehatan\t\n"
            "1\tCakupan imunisasi dasar lengkap\t%\t95\t93,5\t96\t97\tDinkes\n"
            "2\tJumlah puskesmas terakreditasi\tUnit\t20\t18\t22\t22\tDinkes\n"
            "<!-- page 2 -->\n" + head +
            "Sasaran ke-2 : Menurunnya angka kesakitan\t\n"
            "1\tAngka kesakitan DBD\tper 100.000\t50\t42\t45\t40\tDinkes\n")
    df = extract_indicators(parse_document(text, "t"), _meta(2023)).rows
    assert df["indicator"].drop_duplicates().tolist() == [
        "Cakupan imunisasi dasar lengkap", "Jumlah puskesmas terakreditasi", "Angka kesakitan DBD"]
    rec = df[df["fiscal_year"] == 2023]
    assert rec["target"].tolist() == [96, 22, 45] and rec["actual"].tolist() == [97, 22, 40]


# --------------------------------------------------------------------------------------
# A second header inside a TAB block (a plan table printed right after another table)
# --------------------------------------------------------------------------------------
def test_plan_table_printed_right_after_a_table_is_read_as_its_own_table():
    text = ("No\tKegiatan\tIndikator Kinerja\tTarget Tahun 2024\tRealisasi Tahun 2024\tCapaian (%)\t"
            "Pagu (Rp.)\tRealisasi Anggaran (Rp.)\n"
            "1\tPembinaan Posyandu\tJumlah posyandu aktif\t120 unit\t118 unit\t98,33\t150.000.000\t140.000.000\n"
            "2\tPelatihan Kader\tJumlah kader terlatih\t300 orang\t320 orang\t106,67\t90.000.000\t88.000.000\n"
            "<!-- page 2 -->\n"
            "\t\t\tRencana Tahun 2025\t\t\t\tPrakiraan Maju 2026\n"
            "No\tProgram/Kegiatan yang direncanakan pada tahun rencana\t"
            "Indikator Kinerja Program/Kegiatan tahun rencana\tTarget Capaian Kinerja\tLokasi\t"
            "Pagu Indikatif (Rp.)\tSumber Dana\tTarget Capaian Kinerja\n"
            "1\t2\t3\t4\t5\t6\t7\t8\n"
            "1\tPembinaan Posyandu\tJumlah posyandu aktif\t125 unit\tKab. Contoh\t160.000.000\tAPBD\t130 unit\n"
            "2\tPelatihan Kader\tJumlah kader terlatih\t350 orang\tKab. Contoh\t95.000.000\tAPBD\t380 orang\n")
    doc = parse_document(text, "t")
    # the reader starts a second table at the header closed by its own numbering row
    assert [(t.start_line, t.header_lines) for t in doc.tables] == [(1, [1]), (5, [5, 6, 7])]
    res = extract_indicators(doc, _meta(2024))
    got = {(r.source_line, r.fiscal_year): (r.indicator, r.unit, r.target, r.actual, r.reported_achievement_pct)
           for r in res.rows.itertuples()}
    assert got[(2, 2024)] == ("Jumlah posyandu aktif", "unit", 120, 118, 98.33)
    assert got[(8, 2025)][:3] == ("Jumlah posyandu aktif", "unit", 125)
    assert got[(8, 2026)][:3] == ("Jumlah posyandu aktif", "unit", 130)
    assert got[(9, 2025)][:3] == ("Jumlah kader terlatih", "orang", 350)
    assert all(v[4] != v[4] for k, v in got.items() if k[0] >= 8)  # no capaian printed (NaN)
    assert sorted(got) == [(2, 2024), (3, 2024), (8, 2025), (8, 2026), (9, 2025), (9, 2026)]
    assert res.skipped == []


@needs_corpus
def test_jabar_dlh_renja_2017_plan_table_after_the_evaluation_table():
    """DLH Jawa Barat Renja 2017 page 109: the plan table printed after the evaluation table."""
    doc, df = _corpus_rows("jabar-dlh-renja-2017.pdf", 2017, pages=[108, 109])
    rec = df[df["target_text"] == "15 dokumen"].set_index("fiscal_year")
    assert (rec.loc[2017, "target"], rec.loc[2017, "unit"], rec.loc[2018, "target"]) == (15, "dokumen", 15)
    assert {doc.page_of(int(x)) for x in rec["source_line"]} == {109}


def test_capaian_after_the_end_target_is_the_progress():
    """LKjIP layout 'Realisasi N | Target Akhir Renstra | Capaian Realisasi' (as Jombang
    LKjIP 2022 Tabel 3.5): the capaian is the realisation over the end-of-plan target."""
    text = ("No\tSasaran\tIndikator Kinerja\tRealisasi 2023\tTarget Akhir Renstra\tCapaian Realisasi\n"
            "1\tMeningkatnya kualitas layanan\tIndeks Kepuasan Masyarakat\t78,5\t85\t92,35%\n"
            "2\tMeningkatnya akuntabilitas\tNilai SAKIP\t70\t80\t87,50%\n")
    df = extract_indicators(parse_document(text, "t"), _meta(2023)).rows
    got = {(r.indicator, r.year_role): (r.target, r.actual, r.reported_achievement_pct) for r in df.itertuples()}
    assert got[("Indeks Kepuasan Masyarakat", "reporting year")][1] == 78.5
    assert got[("Indeks Kepuasan Masyarakat", "end-of-plan target")][::2] == (85, 92.35)
    assert got[("Nilai SAKIP", "end-of-plan target")][::2] == (80, 87.5)
    assert got[("Nilai SAKIP", "reporting year")][2] != got[("Nilai SAKIP", "reporting year")][2]  # NaN


def test_place_printed_under_the_indicator_is_swapped_back():
    """A Renja plan table whose rows print the place under 'Indikator' and the indicator
    under the neighbouring 'Lokasi' (as Jombang Renja 2023 Tabel 3.2); rows printed in the
    header's order stay."""
    text = ("Kode\tProgram/Kegiatan\tIndikator Kinerja Program/Kegiatan\tRencana Tahun (2025)\t\t\t\n"
            "\t\t\tLokasi\tTarget Capaian Kinerja\tPagu Indikatif\tSumber Dana\n"
            "1\t2\t3\t4\t5\t6\t7\n"
            "1\tPROGRAM PENGAWASAN\tKab. Contoh\tPersentase temuan yang ditindaklanjuti\t90%\t120.000.000\tAPBD\n"
            "\tAudit Kinerja\tKab. Contoh\tJumlah laporan hasil audit\t12 laporan\t80.000.000\tAPBD\n"
            "2\tPROGRAM PEMBINAAN\tPersentase OPD yang dibina\tKab. Contoh\t75%\t60.000.000\tAPBD\n")
    df = extract_indicators(parse_document(text, "t"), _meta(2025)).rows.set_index("indicator")
    assert df.loc["Persentase temuan yang ditindaklanjuti", ["target", "unit"]].tolist() == [90, "%"]
    assert df.loc["Jumlah laporan hasil audit", ["target", "unit"]].tolist() == [12, "laporan"]
    assert df.loc["Persentase OPD yang dibina", ["target", "unit"]].tolist() == [75, "%"]
    assert "Kab. Contoh" not in df.index


@needs_corpus
def test_jombang_renja_2023_tabel_3_2_indicator_not_the_place():
    """Jombang Inspektorat Renja 2023, Tabel 3.2 page 25: 'Jombang' is printed under
    'Indikator Kinerja' (x 145) and the indicator under 'Lokasi' (x 201) in most rows."""
    doc, df = _corpus_rows("jombang-inspektorat-renja-2023.pdf", 2023, pages=[25])
    df = df[df["source_table"] == "Tabel 3.2"]
    assert "Jombang" not in set(df["indicator"])
    rec = df[df["indicator"].str.startswith("Persentase Tindak Lanjut hasil")].set_index("fiscal_year")
    assert (rec.loc[2023, "target"], rec.loc[2024, "target"], rec.loc[2023, "unit"]) == (93, 94, "%")


# --------------------------------------------------------------------------------------
# Sub-header labels joined into the group cell by the converter
# --------------------------------------------------------------------------------------
def test_labels_joined_into_one_header_cell_are_split_over_their_columns():
    stacks = column_stacks([["No.", "Sasaran", "Indikator", "Tahun (2024) Satuan Target Realisasi", "", "",
                             "Capaian (%)"]], 7)
    assert stacks[3:6] == (("Tahun (2024) Satuan",), ("Tahun (2024) Target",), ("Tahun (2024) Realisasi",))
    # a group with its own sub-header row below keeps spanning (nothing to split)
    stacks = column_stacks([["Indikator", "Target dan Realisasi 2024", ""], ["", "Target", "Realisasi"]], 3)
    assert stacks[1:] == (("Target dan Realisasi 2024", "Target"), ("Target dan Realisasi 2024", "Realisasi"))
    text = ("No.\tSasaran\tIndikator sasaran\tTahun (2024) Satuan Target Realisasi\t\t\tCapaian (%)\n"
            "1\tMeningkatnya kualitas air\tIndeks Kualitas Air\tPersen\t55\t57,2\t104\n"
            "\t\tJumlah desa ProKlim\tLokasi\t40\t38\t95\n")
    df = extract_indicators(parse_document(text, "t"), _meta(2026)).rows.set_index("indicator")
    assert df.loc["Indeks Kualitas Air", ["fiscal_year", "unit", "target", "actual", "reported_achievement_pct"]].tolist() \
        == [2024, "%", 55, 57.2, 104]
    assert df.loc["Jumlah desa ProKlim", ["unit", "target", "actual", "reported_achievement_pct"]].tolist() \
        == ["Lokasi", 40, 38, 95]


def test_running_footer_cut_into_cells_is_no_indicator():
    text = ("No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)\n"
            "1\tIndeks Kepuasan Masyarakat\tIndeks\t80\t82\t102,5\n"
            "\tL\tLaporan K\tKinerja Instan\tnsi Pemerinta\tah Tahun 20\tIII - 4\n"
            "<!-- page 2 -->\n"
            "2\tPersentase aduan yang ditindaklanjuti\t%\t90\t95\t105,56\n")
    res = extract_indicators(parse_document(text, "t"), _meta(2023))
    assert res.rows["indicator"].tolist() == ["Indeks Kepuasan Masyarakat", "Persentase aduan yang ditindaklanjuti"]
    assert [(s.source_line, s.reason) for s in res.skipped] == [(3, "page footer (ends in a chapter page number)")]


@needs_corpus
def test_jombang_lkjip_2022_spip_maturity_scores():
    """Inspektorat Jombang LKjIP 2022, Tabel 3.2 page 24: SPIP maturity 'Level 3 (3,35)' target,
    'Level 3 (3,157)' realisation, capaian 94,24 % = 3,157 / 3,35."""
    doc, df = _corpus_rows("jombang-inspektorat-lkjip-2022.pdf", 2022, pages=[24])
    rec = df[df["indicator"] == "Maturitas SPIP"].iloc[0]
    assert (rec["target"], rec["actual"], rec["reported_achievement_pct"]) == (3.35, 3.157, 94.24)


@needs_corpus
def test_jombang_lkjip_2022_realisations_of_earlier_years():
    """Inspektorat Jombang LKjIP 2022, Tabel 3.4 page 31 (*Target 2022 | Realisasi 2022 | 2021 |
    2020*): 2021 is the baseline of 2022, and 2020's realisation a row of its own (it was lost):
    'Persentase Tindak Lanjut Selesai' 92,87 %, 'Nilai Reformasi Birokrasi' 60."""
    doc, df = _corpus_rows("jombang-inspektorat-lkjip-2022.pdf", 2022, pages=[31])
    y2020 = df[df["fiscal_year"] == 2020].set_index("indicator")["actual"]
    assert y2020["Persentase Tindak Lanjut Selesai (Administrasi dan Keuangan)"] == 92.87
    assert y2020["Nilai Reformasi Birokrasi"] == 60
    assert set(df.loc[df["fiscal_year"] == 2020, "year_role"]) == {"comparison year"}


# --------------------------------------------------------------------------------------
# Evaluation forms with K | Rp sub-columns (Permendagri 86/2017, E.79/E.81)
# --------------------------------------------------------------------------------------
E81 = (
    "Tabel 2.1 Evaluasi Terhadap Hasil Renja Perangkat Daerah Triwulan IV Tahun 2023\n\n"
    "No\tProgram/Kegiatan\tIndikator Kinerja Program (Outcome)/Kegiatan (Output)\t"
    "Target Kinerja dan Anggaran Renja Tahun 2023\t\tRealisasi Kinerja Pada Triwulan\t\t\t\t\t\t\t\t"
    "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi\t\t"
    "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja yang Dievaluasi (%)\t\n"
    "\t\t\t\t\tI\t\tII\t\tIII\t\tIV\t\t\t\t\t\n"
    "\t\t\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\tK\tRp\n"
    "1\tProgram Pemenuhan Upaya Kesehatan\tPersentase ibu hamil mendapat pelayanan\t100%\t48.254.282.202\t"
    "25%\t10.000.000.000\t25%\t11.000.000.000\t25%\t12.000.000.000\t24%\t13.000.000.000\t99%\t46.000.000.000\t99,00\t95,33\n"
    "\tPelayanan Kesehatan Ibu Hamil\tJumlah ibu hamil yang dilayani\t12000 orang\t1.500.000.000\t"
    "3000\t300.000.000\t3000\t400.000.000\t3000\t350.000.000\t2800\t400.000.000\t11800 orang\t1.450.000.000\t98,33\t96,67\n")


def test_k_rp_sub_columns_of_the_evaluation_form():
    # K (kinerja) and Rp (rupiah) under the year's target, the realisation evaluated and the
    # rate: performance target/realisation/achievement and budget/realisation/absorption; the
    # quarterly columns are parts of the year and are not read
    assert header_role(["Target Kinerja dan Anggaran Renja Tahun 2023", "K"]) == ("target", 2023)
    assert header_role(["Target Kinerja dan Anggaran Renja Tahun 2023", "Rp"]) == ("budget", 2023)
    assert header_role(["Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", "Rp"])[0] == "realisation_amount"
    assert header_role(["Tingkat Capaian Kinerja dan Realisasi Anggaran (%)", "K"])[0] == "achievement"
    assert header_role(["Tingkat Capaian Kinerja dan Realisasi Anggaran (%)", "Rp"])[0] == "budget_pct"
    assert header_role(["Realisasi Kinerja Pada Triwulan", "I", "Rp"])[0] == "period"
    assert header_role(["Target Kinerja dan Anggaran Renja Tahun 2023 K"]) == ("target", 2023)  # joined
    # summed to the end of the year, a column is the year's value, not a quarter's
    assert header_role(["Realisasi Kinerja dan Anggaran s/d Triwulan IV", "Rp"])[0] == "realisation_amount"
    assert header_role(["Realisasi s.d. TW IV"])[0] == "actual"
    assert header_role(["Realisasi s/d Triwulan III"])[0] == "period"


def test_evaluation_form_with_k_rp_columns_gives_budget_and_indicator_rows():
    from analysis.extract.budget import extract_budget

    doc = parse_document(E81, "t")
    budget = extract_budget(doc, _meta(2023)).rows
    assert list(zip(budget["name"], budget["budget"], budget["realization"], budget["reported_pct"])) == [
        ("Program Pemenuhan Upaya Kesehatan", 48_254_282_202, 46_000_000_000, 95.33),
        ("Pelayanan Kesehatan Ibu Hamil", 1_500_000_000, 1_450_000_000, 96.67)]
    ind = extract_indicators(doc, _meta(2023)).rows
    assert list(zip(ind["indicator"], ind["target"], ind["actual"], ind["reported_achievement_pct"])) == [
        ("Persentase ibu hamil mendapat pelayanan", 100, 99, 99.0),
        ("Jumlah ibu hamil yang dilayani", 12000, 11800, 98.33)]


#: The whole E.81 form (Permendagri 86/2017, *Evaluasi terhadap Hasil Renja Perangkat Daerah*),
#: its 17 numbered columns: beside the year's target (8) and realisation (13) the Renstra's end
#: target (6), the realisation up to last year (7) and up to this year (14) and the progress
#: towards the end target (15), each in K and Rp; a code column (3) left of the names and the
#: responsible agency (16) last. Hand-made values.
E81_FULL = "\n".join([
    "Tabel 2.1 Evaluasi Terhadap Hasil Renja Perangkat Daerah Dinas Kesehatan Tahun 2023",
    "",
    "\t".join(["No", "Sasaran", "Kode", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
               "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
               "Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra)", "",
               "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah "
               "Tahun Lalu (2022)", "",
               "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (2023) yang Dievaluasi", "",
               "Realisasi Kinerja Pada Triwulan"] + [""] * 7 + [
               "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi (2023)", "",
               "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2023", "",
               "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2023 (%)", "",
               "Unit Perangkat Daerah Penanggung Jawab", "Ket."]),
    "\t".join([""] * 11 + ["I", "", "II", "", "III", "", "IV"] + [""] * 9),
    "\t".join([""] * 5 + ["K", "Rp"] * 10 + ["", ""]),
    "\t".join(["1", "2", "3", "4", "5", "6", "", "7", "", "8", "", "9", "", "10", "", "11", "", "12", "", "13", "",
               "14", "", "15", "", "16", "17"]),
    "\t".join(["1", "Meningkatnya derajat kesehatan", "1.02.02",
               "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
               "Persentase ibu hamil yang mendapat pelayanan kesehatan", "100%", "250.000.000.000", "95%",
               "180.000.000.000", "100%", "60.000.000.000", "25%", "10.000.000.000", "50%", "15.000.000.000",
               "75%", "15.000.000.000", "98%", "17.500.000.000", "98%", "57.500.000.000", "95,5%",
               "237.500.000.000", "95,5", "95", "Dinkes", ""]),
    "\t".join(["", "", "1.02.02.2.02",
               "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
               "Jumlah puskesmas yang melayani", "25 unit", "120.000.000.000", "25 unit", "90.000.000.000",
               "25 unit", "30.000.000.000", "25 unit", "5.000.000.000", "25 unit", "7.000.000.000", "25 unit",
               "8.000.000.000", "25 unit", "9.000.000.000", "25 unit", "29.000.000.000", "25 unit",
               "119.000.000.000", "100", "99,17", "Dinkes", ""]),
]) + "\n"


@pytest.mark.parametrize("group, k_role, rp_role", [
    ("Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra)", ("end_target", 2026), ("text", 2026)),
    ("Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun Lalu (2022)",
     ("text", 2022), ("text", 2022)),
    ("Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (2023) yang Dievaluasi",
     ("target", 2023), ("budget", 2023)),
    ("Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi (2023)",
     ("actual", 2023), ("realisation_amount", 2023)),
    ("Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2023", ("text", 2023), ("text", 2023)),
    ("Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2023 (%)",
     ("progress", 2023), ("text", 2023)),
    # the RKPD's form (E.79) names the RPJMD
    ("Target RPJMD Kabupaten pada Tahun 2026 (Akhir Periode RPJMD)", ("end_target", 2026), ("text", 2026)),
    ("Realisasi Kinerja dan Anggaran RPJMD Kabupaten s.d. Tahun 2023", ("text", 2023), ("text", 2023)),
])
def test_plan_period_columns_of_the_full_evaluation_form(group, k_role, rp_role):
    # the Renstra's (RPJMD's) end and the sums up to a year are no value of the year evaluated:
    # their rupiah are neither its budget nor its realisation, their rate no absorption
    assert header_role((group, "K")) == k_role
    assert header_role((group, "Rp")) == rp_role


def test_responsible_agency_column_is_no_unit():
    assert header_role("Unit Perangkat Daerah Penanggung Jawab") == ("text", None)
    assert header_role("Satuan") == ("unit", None) and header_role("Unit") == ("unit", None)


def test_full_evaluation_form_gives_the_years_budget_and_indicators():
    # budget: the year's Renja columns (8 Rp and 13 Rp), not the Renstra end (6) and the
    # realisation up to last year (7) it was read from; levels from the code column (1.02.02 a
    # programme, 1.02.02.2.02 a kegiatan), not an urusan/agency table for the 'Perangkat Daerah'
    # of its labels; no rate of the year is printed (15 is the Renstra's)
    from analysis.extract.budget import extract_budget

    doc = parse_document(E81_FULL, "t")
    budget = extract_budget(doc, _meta(2023)).rows
    assert list(zip(budget["level"], budget["code"], budget["fiscal_year"], budget["budget"],
                    budget["realization"], budget["reported_pct"].isna())) == [
        ("program", "1.02.02", 2023, 60_000_000_000, 57_500_000_000, True),
        ("kegiatan", "1.02.02.2.02", 2023, 30_000_000_000, 29_000_000_000, True)]
    assert budget["parent"].iloc[1] == "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat"
    # indicators: the year's target and realisation (its achievement recomputed: 98 %, 100 %);
    # the Renstra's end target on a row of its own with the progress towards it (15 K); the
    # Renstra's budget rate (15 Rp) is no achievement of the year; the unit is no agency
    ind = extract_indicators(doc, _meta(2023)).rows
    got = [tuple(None if v != v else v for v in  # NaN (not printed) as None
                 (r.indicator[:10], r.fiscal_year, r.target, r.actual, r.reported_achievement_pct, r.unit,
                  r.year_role))
           for r in ind.itertuples()]
    assert got == [
        ("Persentase", 2023, 100, 98, None, "%", "reporting year"),
        ("Persentase", 2026, 100, None, 95.5, "%", "end-of-plan target"),
        ("Jumlah pus", 2023, 25, 25, None, "unit", "reporting year"),
        ("Jumlah pus", 2026, 25, None, 100, "unit", "end-of-plan target")]
    assert list(ind["achievement_pct"].iloc[[0, 2]]) == [98, 100]


def test_plan_row_name_wrapped_below_its_amounts_is_read_whole():
    """A multi-year plan (roadmap 003's *Rencana Aksi* layout: Target | Anggaran (Rp.000) per
    year) whose kegiatan name wraps onto a second line without amounts, as a PDF printed
    without rules gives it: the name is the row's whole name (was its first line only,
    'Rapat Forum'), the amounts those of its first line."""
    from analysis.extract.budget import extract_budget

    text = "\n".join([
        "Tabel 4.1 Rencana Aksi Tahun 2018-2019",
        "",
        "No\tProgram/Kegiatan\tIndikator\tTahun 2018\t\tTahun 2019\t",
        "\t\t\tTarget\tAnggaran (Rp.000)\tTarget\tAnggaran (Rp.000)",
        "1\tRapat Forum\tTerlaksananya Rapat\t1 kali\t200,000\t1 kali\t220,000",
        "\tKoordinasi dan Konsultasi\tForum\t\t\t\t",
        "2\tBimtek Penyusunan Road Map\tTerlaksananya Bimtek\t1 keg.\t100,000\t1 keg.\t150,000",
    ]) + "\n"
    rows = extract_budget(parse_document(text, "t"), _meta(2018)).rows
    got = [(r.name, r.fiscal_year, r.budget, r.source_line) for r in rows.itertuples()]
    assert got == [("Rapat Forum Koordinasi dan Konsultasi", 2018, 200_000_000.0, 5),
                   ("Rapat Forum Koordinasi dan Konsultasi", 2019, 220_000_000.0, 5),
                   ("Bimtek Penyusunan Road Map", 2018, 100_000_000.0, 7),
                   ("Bimtek Penyusunan Road Map", 2019, 150_000_000.0, 7)]
