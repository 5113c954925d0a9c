"""Indicator tables over the years (analysis.extract.yearly): printed on their side (years as
columns, *Target / Realisasi / Capaian* as rows) or with years as rows, the indicator named in a
column, the header, the caption or the heading above. Hand-written tables in the layouts LKjIP chapters III print
(none is in the bundled documents or the shared corpus); every expected value is read off the
table text in the test.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.extract.base import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.documents import Row, parse_document
from analysis.extract.indicators import extract_indicators
from analysis.extract.yearly import name_from_caption, read_transposed, read_year_rows, row_role


def _meta(year: int = 2023) -> DocMeta:
    return DocMeta(doc_id="t", file="x.txt", sha256="", province="Jawa Tengah", fiscal_year=year,
                   doc_type="LKjIP", entity="Dinas Contoh", title="")


def _ex(text: str, year: int = 2023):
    return extract_indicators(parse_document(text, "t"), _meta(year))


def _lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


# one indicator, named only in the caption
CAPTION_NAMED = _lines(
    "BAB III AKUNTABILITAS KINERJA",
    "Tabel 3.1 Capaian Indikator Kinerja Utama Indeks Kepuasan Masyarakat Tahun 2019-2023",
    "Uraian\t2019\t2020\t2021\t2022\t2023",
    "Target\t80\t81\t82\t83\t84",
    "Realisasi\t79,5\t82,1\t83\t84,2\t85",
    "Capaian (%)\t99,38\t101,36\t101,22\t101,45\t101,19",
    "Indeks kepuasan masyarakat meningkat dari tahun ke tahun.",
)

# several indicators, each named in its column on the first row of its group, with a unit
NAME_COLUMN = _lines(
    "Tabel 3.5 Perbandingan Capaian Indikator Kinerja Tahun 2021-2023",
    "No\tIndikator Kinerja\tSatuan\tUraian\t2021\t2022\t2023",
    "1\tIndeks Kepuasan Masyarakat\tIndeks\tTarget\t82\t83\t84",
    "\t\t\tRealisasi\t83\t84,2\t85",
    "\t\t\tCapaian (%)\t101,22\t101,45\t101,19",
    "2\tPersentase penduduk miskin\t%\tTarget\t12,5\t12\t11,5",
    "\t\t\tRealisasi\t12,8\t11,9\t11,2",
    "\t\t\tCapaian (%)\t97,6\t100,83\t102,61",
    "Sumber: data diolah.",
)


def test_caption_names_the_indicator_one_row_per_year():
    rows = _ex(CAPTION_NAMED).rows
    assert rows["indicator"].unique().tolist() == ["Indeks Kepuasan Masyarakat"]
    assert rows["fiscal_year"].tolist() == [2019, 2020, 2021, 2022, 2023]
    assert rows["target"].tolist() == [80, 81, 82, 83, 84]
    assert rows["actual"].tolist() == [79.5, 82.1, 83, 84.2, 85]
    assert rows["reported_achievement_pct"].tolist() == [99.38, 101.36, 101.22, 101.45, 101.19]
    # 85 / 84 = 101.1905 %, recomputed
    assert math.isclose(rows["achievement_pct"].iloc[-1], 100 * 85 / 84)
    assert rows["year_role"].tolist() == ["comparison year"] * 4 + ["reporting year"]
    # the group's first line (Target) is the source line; IKU from the caption
    assert set(rows["source_line"]) == {4}
    assert set(rows["level"]) == {"iku"}
    assert rows["source_table"].iloc[0].startswith("Tabel 3.1")


def test_name_column_groups_units_and_negative_polarity():
    rows = _ex(NAME_COLUMN).rows
    ikm = rows[rows["indicator"] == "Indeks Kepuasan Masyarakat"]
    poor = rows[rows["indicator"] == "Persentase penduduk miskin"]
    assert ikm["fiscal_year"].tolist() == [2021, 2022, 2023] == poor["fiscal_year"].tolist()
    assert ikm["unit"].unique().tolist() == ["Indeks"] and poor["unit"].unique().tolist() == ["%"]
    assert poor["target"].tolist() == [12.5, 12, 11.5] and poor["actual"].tolist() == [12.8, 11.9, 11.2]
    assert set(ikm["source_line"]) == {3} and set(poor["source_line"]) == {6}
    # fewer poor people is better: target / realisation (12.5 / 12.8 = 97.66 %)
    assert set(poor["polarity"]) == {"negative"}
    assert math.isclose(poor["achievement_pct"].iloc[0], 100 * 12.5 / 12.8)


def test_same_values_as_the_table_printed_the_usual_way():
    """Metamorphic: the table turned back (a column per year and kind) reads the same values."""
    usual = _lines(
        "Tabel 3.5 Perbandingan Capaian Indikator Kinerja Tahun 2021-2023",
        "No\tIndikator Kinerja\tSatuan\tTarget 2021\tRealisasi 2021\tCapaian 2021 (%)\tTarget 2022\t"
        "Realisasi 2022\tCapaian 2022 (%)\tTarget 2023\tRealisasi 2023\tCapaian 2023 (%)",
        "1\tIndeks Kepuasan Masyarakat\tIndeks\t82\t83\t101,22\t83\t84,2\t101,45\t84\t85\t101,19",
        "2\tPersentase penduduk miskin\t%\t12,5\t12,8\t97,6\t12\t11,9\t100,83\t11,5\t11,2\t102,61",
    )
    cols = ["indicator", "fiscal_year", "unit", "target", "actual", "reported_achievement_pct",
            "achievement_pct", "polarity", "year_role"]
    a = _ex(NAME_COLUMN).rows[cols].sort_values(["indicator", "fiscal_year"]).reset_index(drop=True)
    b = _ex(usual).rows[cols].sort_values(["indicator", "fiscal_year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_years_header_on_a_second_row_and_name_printed_with_its_unit():
    text = _lines(
        "Tabel 3.6 Target dan Realisasi Indikator Kinerja",
        "Indikator\tKeterangan\tTahun",
        "\t\t2022\t2023",
        "Angka Harapan Hidup (tahun)\tTarget\t71,2\t71,5",
        "\tRealisasi\t71,3\t71,6",
        "\tCapaian\t100,14\t100,14",
        "Rata-rata Lama Sekolah (tahun)\tTarget\t8,1\t8,2",
        "\tRealisasi\t8,0\t8,3",
        "\t% Capaian\t98,77\t101,22",
    )
    rows = _ex(text).rows
    rls = rows[rows["indicator"] == "Rata-rata Lama Sekolah (tahun)"]
    assert rls["fiscal_year"].tolist() == [2022, 2023]
    assert rls["target"].tolist() == [8.1, 8.2] and rls["actual"].tolist() == [8.0, 8.3]
    assert rls["reported_achievement_pct"].tolist() == [98.77, 101.22]
    assert set(rls["unit"]) == {"tahun"} and set(rls["source_line"]) == {7}
    assert len(rows) == 4


def test_heading_names_the_indicator_not_the_sentence_above():
    text = _lines(
        "3.1.1 IKU 2: Persentase Jalan Kabupaten dalam Kondisi Mantap",
        "Capaian indikator ini selama lima tahun terakhir disajikan berikut.",
        "\t2019\t2020\t2021\t2022\t2023",
        "Target\t60\t62\t64\t66\t68",
        "Realisasi\t58,2\t61\t65,3\t67,1\t70,2",
        "Capaian\t97,00\t98,39\t102,03\t101,67\t103,24",
    )
    rows = _ex(text).rows
    assert rows["indicator"].unique().tolist() == ["Persentase Jalan Kabupaten dalam Kondisi Mantap"]
    assert rows["actual"].tolist() == [58.2, 61, 65.3, 67.1, 70.2]
    assert set(rows["source_line"]) == {4}


def test_unnamed_indicator_is_skipped_with_the_reason():
    text = _lines(
        "Capaian sasaran ini selama tiga tahun disajikan pada tabel berikut.",
        "Uraian\t2021\t2022\t2023",
        "Target\t60\t62\t64",
        "Realisasi\t58,2\t61\t65,3",
    )
    ex = _ex(text)
    assert ex.rows.empty
    reasons = {s.source_line: s.reason for s in ex.skipped}
    assert set(reasons) == {3, 4}
    assert "named neither in the table nor in its caption or heading" in reasons[3]


def test_second_indicator_in_a_table_naming_one_is_skipped():
    text = _lines(
        "Tabel 3.2 Capaian IKU Indeks Pembangunan Manusia Tahun 2022-2023",
        "Uraian\t2022\t2023",
        "Target\t72\t72,5",
        "Realisasi\t72,4\t73",
        "Target\t5\t5,2",
        "Realisasi\t5,3\t5,1",
    )
    ex = _ex(text)
    assert ex.rows["actual"].tolist() == [72.4, 73]
    reasons = {s.source_line: s.reason for s in ex.skipped}
    assert set(reasons) == {5, 6}
    assert all("names only one" in r for r in reasons.values())


@pytest.mark.parametrize("text", [
    # a regional table with years as columns: kabupaten rows, no kinds
    _lines("Tabel 2.3 Jumlah Penduduk menurut Kabupaten/Kota",
           "Kabupaten/Kota\t2021\t2022\t2023",
           "Kupang\t380.000\t385.000\t390.100",
           "Belu\t220.000\t221.500\t223.000"),
    # an indicator time series without kinds (the realisation only)
    _lines("Tabel 2.5 Indikator Makro",
           "Indikator\t2021\t2022\t2023",
           "Pertumbuhan Ekonomi (%)\t3,1\t3,9\t3,5",
           "Tingkat Pengangguran Terbuka (%)\t3,8\t3,5\t3,1"),
])
def test_tables_with_years_as_columns_but_no_kinds_are_not_read(text):
    assert _ex(text).rows.empty


def test_budget_rows_are_not_indicator_kinds():
    text = _lines(
        "Tabel 3.10 Perkembangan Anggaran Dinas Kesehatan Tahun 2021-2023",
        "Uraian\t2021\t2022\t2023",
        "Anggaran (Rp)\t45.250.000.000\t47.100.500.000\t50.300.000.000",
        "Realisasi (Rp)\t42.100.250.000\t45.900.000.000\t48.750.125.000",
    )
    assert _ex(text).rows.empty


# --------------------------------------------------------------------------------------
# Years as rows
# --------------------------------------------------------------------------------------
def test_years_as_rows_of_one_indicator_named_in_the_caption():
    text = _lines(
        "Tabel 3.3 Capaian Indikator Kinerja Utama Indeks Kepuasan Masyarakat Tahun 2019-2023",
        "Tahun\tTarget\tRealisasi\tCapaian (%)",
        "2019\t80\t79,5\t99,38",
        "2020\t81\t82,1\t101,36",
        "2021\t82\t83\t101,22",
        "2022\t83\t84,2\t101,45",
        "2023\t84\t85\t101,19",
    )
    rows = _ex(text).rows
    assert rows["indicator"].unique().tolist() == ["Indeks Kepuasan Masyarakat"]
    assert rows["fiscal_year"].tolist() == [2019, 2020, 2021, 2022, 2023]
    # each year's values on their own line
    assert rows["source_line"].tolist() == [3, 4, 5, 6, 7]
    assert rows["target"].tolist() == [80, 81, 82, 83, 84]
    assert rows["actual"].tolist() == [79.5, 82.1, 83, 84.2, 85]
    # same values as the table on its side
    side = _ex(CAPTION_NAMED).rows
    cols = ["indicator", "fiscal_year", "target", "actual", "reported_achievement_pct", "achievement_pct"]
    pd.testing.assert_frame_equal(rows[cols].reset_index(drop=True), side[cols].reset_index(drop=True))


def test_years_as_rows_under_an_indicator_column():
    """The name printed on the first of its years: before, the year lines were read as one
    wrapped row and every value was lost (targets and realisations empty)."""
    text = _lines(
        "Tabel 3.4 Perbandingan Capaian Kinerja",
        "Indikator Kinerja\tTahun\tTarget\tRealisasi\tCapaian (%)",
        "Indeks Kepuasan Masyarakat\t2022\t83\t84,2\t101,45",
        "\t2023\t84\t85\t101,19",
        "Persentase penduduk miskin (%)\t2022\t12\t11,9\t100,83",
        "\t2023\t11,5\t11,2\t102,61",
    )
    rows = _ex(text).rows
    assert rows[["indicator", "fiscal_year", "target", "actual", "source_line"]].values.tolist() == [
        ["Indeks Kepuasan Masyarakat", 2022, 83, 84.2, 3],
        ["Indeks Kepuasan Masyarakat", 2023, 84, 85, 4],
        ["Persentase penduduk miskin (%)", 2022, 12, 11.9, 5],
        ["Persentase penduduk miskin (%)", 2023, 11.5, 11.2, 6],
    ]
    assert rows["year_role"].tolist() == ["comparison year", "reporting year"] * 2
    assert rows["unit"].tolist()[2:] == ["%", "%"]


def test_years_as_rows_total_row_is_skipped():
    text = _lines(
        "Tabel 3.3 Capaian IKU Persentase Desa Mandiri",
        "Tahun\tTarget\tRealisasi\tCapaian (%)",
        "2022\t10\t12\t120",
        "2023\t15\t15\t100",
        "Rata-rata\t12,5\t13,5\t110",
    )
    ex = _ex(text)
    assert ex.rows["fiscal_year"].tolist() == [2022, 2023]
    assert [(s.source_line, "without a year of its own" in s.reason) for s in ex.skipped] == [(5, True)]


def test_read_year_rows_needs_a_year_column():
    rows = [Row(3, ["Dinas A", "83", "84,2"], ""), Row(4, ["Dinas B", "84", "85"], "")]
    assert read_year_rows([["Perangkat Daerah", "Target", "Realisasi"]], rows, "Tabel 1 Capaian IKU Indeks") is None


# --------------------------------------------------------------------------------------
# The reading functions
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, role", [
    ("Target", "target"), ("TARGET", "target"), ("Realisasi", "actual"), ("Realization", "actual"),
    ("Capaian (%)", "achievement"), ("% Capaian", "achievement"), ("Capaian Kinerja", "achievement"),
    ("Realisasi (Rp)", None), ("Anggaran", None), ("Indeks Kepuasan Masyarakat", None),
    ("Target 2023", None), ("", None),
])
def test_row_role(cell, role):
    assert row_role(cell) == role


@pytest.mark.parametrize("caption, name", [
    ("Tabel 3.1 Capaian Indikator Kinerja Utama Indeks Kepuasan Masyarakat Tahun 2019-2023",
     "Indeks Kepuasan Masyarakat"),
    ('Tabel 3.4 Perbandingan Target dan Realisasi Indikator "Persentase Desa Mandiri" Tahun 2019 s.d. 2023',
     "Persentase Desa Mandiri"),
    ("IKU 2: Persentase Jalan Kabupaten dalam Kondisi Mantap", "Persentase Jalan Kabupaten dalam Kondisi Mantap"),
    ("Tabel III.7 Capaian Sasaran 1: Meningkatnya Kualitas Pelayanan (2022 – 2023)",
     "Meningkatnya Kualitas Pelayanan"),
    ("Tabel 3.2 Capaian Kinerja Sasaran 1 Tahun 2019-2023", ""),
    ("Tabel 3.3", ""),
    (None, ""),
])
def test_name_from_caption(caption, name):
    assert name_from_caption(caption) == name


def test_read_transposed_needs_two_kinds_and_two_years():
    rows = [Row(3, ["Target", "80", "81"], ""), Row(4, ["Target PK", "80", "81"], "")]
    assert read_transposed([["Uraian", "2022", "2023"]], rows, "Tabel 1 Capaian IKU Indeks Kepuasan") is None
    rows = [Row(3, ["Target", "80"], ""), Row(4, ["Realisasi", "81"], "")]
    assert read_transposed([["Uraian", "2023"]], rows, "Tabel 1 Capaian IKU Indeks Kepuasan") is None


def test_bundled_budget_extractor_leaves_indicator_tables_on_their_side_alone():
    ex = extract_budget(parse_document(NAME_COLUMN, "t"), _meta())
    assert ex.rows.empty


# --------------------------------------------------------------------------------------
# Budget tables over the years
# --------------------------------------------------------------------------------------
def _budget(text: str, year: int = 2023):
    return extract_budget(parse_document(text, "t"), _meta(year))


BUDGET_YEAR_ROWS = _lines(
    "Tabel 3.11 Perkembangan Anggaran dan Realisasi Belanja Tahun 2021-2023",
    "Tahun\tAnggaran (Rp)\tRealisasi (Rp)\tPersentase (%)",
    "2021\t45.250.000.000\t42.100.250.000\t93,04",
    "2022\t47.100.500.000\t45.900.000.000\t97,45",
    "2023\t50.300.000.000\t48.750.125.000\t96,92",
)


def test_budget_year_rows_without_names_are_the_tables_total_per_year():
    """Before: every row was dated 2023, the first two skipped as nameless and the last read as
    an unlabelled total."""
    rows = _budget(BUDGET_YEAR_ROWS).rows
    assert rows["fiscal_year"].tolist() == [2021, 2022, 2023]
    assert rows["budget"].tolist() == [45_250_000_000, 47_100_500_000, 50_300_000_000]
    assert rows["realization"].tolist() == [42_100_250_000, 45_900_000_000, 48_750_125_000]
    assert rows["reported_pct"].tolist() == [93.04, 97.45, 96.92]
    assert rows["source_line"].tolist() == [3, 4, 5]
    assert set(rows["level"]) == {"total"}
    assert set(rows["name"]) == {"Anggaran dan Realisasi Belanja"}
    assert all("year printed on the row" in n for n in rows["value_note"])


def test_budget_year_rows_under_a_programme_printed_on_its_first_year():
    text = _lines(
        "Tabel 3.12 Realisasi Anggaran per Program Tahun 2022-2023",
        "Program\tTahun\tAnggaran (Rp)\tRealisasi (Rp)\t%",
        "Program Penunjang Urusan Pemerintahan Daerah\t2022\t10.000.000.000\t9.500.000.000\t95,00",
        "\t2023\t11.000.000.000\t10.800.000.000\t98,18",
        "Program Pemenuhan Upaya Kesehatan\t2022\t20.000.000.000\t18.000.000.000\t90,00",
        "\t2023\t22.000.000.000\t21.000.000.000\t95,45",
    )
    ex = _budget(text)
    got = ex.rows[["name", "level", "fiscal_year", "budget", "realization", "source_line"]].values.tolist()
    assert got == [
        ["Program Penunjang Urusan Pemerintahan Daerah", "program", 2022, 10e9, 9.5e9, 3],
        ["Program Penunjang Urusan Pemerintahan Daerah", "program", 2023, 11e9, 10.8e9, 4],
        ["Program Pemenuhan Upaya Kesehatan", "program", 2022, 20e9, 18e9, 5],
        ["Program Pemenuhan Upaya Kesehatan", "program", 2023, 22e9, 21e9, 6],
    ]
    assert not ex.skipped


def test_tahun_anggaran_header_is_the_year_not_the_budget():
    text = _lines(
        "Tabel 3.12 Realisasi Anggaran Dinas",
        "Tahun Anggaran\tPagu (Rp)\tRealisasi (Rp)\t%",
        "2022\t10.000.000.000\t9.500.000.000\t95,00",
        "2023\t11.000.000.000\t10.800.000.000\t98,18",
    )
    rows = _budget(text).rows
    assert rows[["fiscal_year", "budget", "realization"]].values.tolist() == [
        [2022, 10e9, 9.5e9], [2023, 11e9, 10.8e9]]


BUDGET_SIDE = _lines(
    "Tabel 3.13 Anggaran dan Realisasi per Program (dalam ribuan rupiah)",
    "No\tProgram\tUraian\t2022\t2023",
    "1\tProgram Penunjang Urusan Pemerintahan Daerah\tPagu\t10.000.000\t11.000.000",
    "\t\tRealisasi\t9.500.000\t10.800.000",
    "\t\t%\t95,00\t98,18",
    "2\tProgram Pemenuhan Upaya Kesehatan\tPagu\t20.000.000\t22.000.000",
    "\t\tRealisasi\t18.000.000\t21.000.000",
    "\t\t%\t90,00\t95,45",
)


def test_budget_table_on_its_side_per_programme_in_thousands():
    ex = _budget(BUDGET_SIDE)
    got = ex.rows[["name", "level", "fiscal_year", "budget", "realization", "reported_pct", "source_line"]]
    assert got.values.tolist() == [
        ["Program Penunjang Urusan Pemerintahan Daerah", "program", 2022, 10e9, 9.5e9, 95.0, 3],
        ["Program Penunjang Urusan Pemerintahan Daerah", "program", 2023, 11e9, 10.8e9, 98.18, 3],
        ["Program Pemenuhan Upaya Kesehatan", "program", 2022, 20e9, 18e9, 90.0, 6],
        ["Program Pemenuhan Upaya Kesehatan", "program", 2023, 22e9, 21e9, 95.45, 6],
    ]
    assert all("multiplied by 1,000" in n and "table on its side" in n for n in ex.rows["value_note"])
    # the realisation rows are accounted for, and the indicator extractor leaves the table alone
    assert {s.source_line for s in ex.skipped} == {4, 7}
    assert all("on its side" in s.reason for s in ex.skipped)
    ind = _ex(BUDGET_SIDE)
    assert ind.rows.empty and not ind.skipped


def test_budget_table_on_its_side_named_by_its_caption():
    text = _lines(
        "Tabel 3.10 Perkembangan Anggaran dan Realisasi Dinas Kesehatan Tahun 2021-2023",
        "Uraian\t2021\t2022\t2023",
        "Anggaran (Rp)\t45.250.000.000\t47.100.500.000\t50.300.000.000",
        "Realisasi (Rp)\t42.100.250.000\t45.900.000.000\t48.750.125.000",
        "Persentase (%)\t93,04\t97,45\t96,92",
    )
    rows = _budget(text).rows
    side = _budget(BUDGET_YEAR_ROWS).rows
    # the same amounts as the table with years as rows (metamorphic)
    cols = ["fiscal_year", "budget", "realization", "reported_pct", "absorption_pct"]
    pd.testing.assert_frame_equal(rows[cols].reset_index(drop=True), side[cols].reset_index(drop=True))
    assert set(rows["name"]) == {"Anggaran dan Realisasi Dinas Kesehatan"}
    assert set(rows["level"]) == {"total"}


# --------------------------------------------------------------------------------------
# Through the PDF path
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "white-space"])
def test_table_on_its_side_from_a_pdf_reads_as_its_text(tmp_path, ruled):
    import pdf_fixtures as fx
    from analysis.extract.pdf import render_pdf

    pdf = fx.side_table_pdf(tmp_path / "side.pdf", ruled)
    cols = ["fiscal_year", "indicator", "target", "actual", "reported_achievement_pct"]
    got = _ex(render_pdf(pdf).text).rows[cols].reset_index(drop=True)
    want = _ex(fx.SIDE_TEXT).rows[cols].reset_index(drop=True)
    assert got["target"].tolist() == [80, 81, 82, 83, 84]
    pd.testing.assert_frame_equal(got, want)


def test_rupiah_target_and_realisation_rows_are_revenue_not_an_indicator():
    """*Target / Realisasi Pendapatan* rows of rupiah under year columns: a revenue table. It was
    read as an indicator with trillion-rupiah targets; now budget rows of level revenue."""
    text = _lines(
        "Tabel 2.2 Perkembangan Pendapatan Daerah Tahun 2021-2023",
        "Uraian\t2021\t2022\t2023",
        "Target Pendapatan\t4.100.000.000.000\t4.200.000.000.000\t4.250.000.000.000",
        "Realisasi Pendapatan\t4.000.000.000.000\t4.300.000.000.000\t4.262.500.000.000",
        "Capaian (%)\t97,56\t102,38\t100,29",
    )
    assert _ex(text).rows.empty and not _ex(text).skipped
    rows = _budget(text).rows
    assert rows[["fiscal_year", "level", "name", "budget", "realization", "reported_pct"]].values.tolist() == [
        [2021, "revenue", "Pendapatan Daerah", 4.1e12, 4.0e12, 97.56],
        [2022, "revenue", "Pendapatan Daerah", 4.2e12, 4.3e12, 102.38],
        [2023, "revenue", "Pendapatan Daerah", 4.25e12, 4.2625e12, 100.29]]


def test_rupiah_years_as_rows_under_target_and_realisasi_are_revenue():
    text = _lines(
        "Tabel 2.3 Target dan Realisasi Pendapatan Asli Daerah",
        "Tahun\tTarget\tRealisasi\tCapaian (%)",
        "2021\t1.100.000.000.000\t1.000.000.000.000\t90,91",
        "2022\t1.200.000.000.000\t1.300.000.000.000\t108,33",
        "2023\t1.250.000.000.000\t1.312.500.000.000\t105,00",
    )
    assert _ex(text).rows.empty
    ex = _budget(text)
    assert ex.rows[["fiscal_year", "level", "name", "budget", "realization", "source_line"]].values.tolist() == [
        [2021, "revenue", "Pendapatan Asli Daerah", 1.1e12, 1.0e12, 3],
        [2022, "revenue", "Pendapatan Asli Daerah", 1.2e12, 1.3e12, 4],
        [2023, "revenue", "Pendapatan Asli Daerah", 1.25e12, 1.3125e12, 5]]
    assert not ex.skipped


# --------------------------------------------------------------------------------------
# Bare year columns named by the caption
# --------------------------------------------------------------------------------------
def test_bare_year_columns_are_targets_or_realisations_as_the_caption_says():
    text = _lines(
        "Tabel 2.4 Target Indikator Kinerja Utama Tahun 2024-2026",
        "No\tIndikator Kinerja\tSatuan\t2024\t2025\t2026",
        "1\tIndeks Kepuasan Masyarakat\tIndeks\t82\t83\t84",
        "",
        "Tabel 2.5 Perkembangan Indikator Makro Tahun 2021-2023",
        "No\tIndikator\t2021\t2022\t2023",
        "1\tPertumbuhan Ekonomi (%)\t3,1\t3,9\t3,5",
        "",
        "Tabel 2.6 Indikator Kinerja Daerah",
        "No\tIndikator\t2021\t2022\t2023",
        "1\tIndeks Pembangunan Manusia\t70,1\t70,5\t71,0",
    )
    ex = _ex(text)
    rows = ex.rows
    ikm = rows[rows["indicator"] == "Indeks Kepuasan Masyarakat"]
    assert ikm[["fiscal_year", "target"]].values.tolist() == [[2024, 82], [2025, 83], [2026, 84]]
    assert ikm["actual"].isna().all() and set(ikm["year_role"]) == {"plan year"}
    growth = rows[rows["indicator"] == "Pertumbuhan Ekonomi (%)"]
    assert growth[["fiscal_year", "actual"]].values.tolist() == [[2021, 3.1], [2022, 3.9], [2023, 3.5]]
    assert growth["target"].isna().all()
    # a caption that does not say: not read, listed
    assert "Indeks Pembangunan Manusia" not in set(rows["indicator"])
    assert any(s.source_line == 11 for s in ex.skipped)


def test_bare_year_columns_of_rupiah_are_no_indicator():
    text = _lines(
        "Tabel 3.9 Realisasi Belanja Dinas Tahun 2021-2023",
        "No\tUraian\t2021\t2022\t2023",
        "1\tBelanja Pegawai\t10.000.000.000\t11.000.000.000\t12.000.000.000",
    )
    assert _ex(text).rows.empty


def test_bare_year_columns_under_a_capaian_caption_are_not_guessed():
    """'Capaian' names the level reached and the achievement percentage alike: the cells could be
    either, so the table is listed, not read."""
    text = _lines(
        "Tabel 3.5 Capaian Indikator Kinerja Utama Tahun 2021-2023",
        "No\tIndikator\t2021\t2022\t2023",
        "1\tIndeks Kepuasan Masyarakat\t98,5\t101,2\t100,4",
    )
    ex = _ex(text)
    assert ex.rows.empty and [s.source_line for s in ex.skipped] == [3]
