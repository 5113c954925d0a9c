"""Indicator tables in layouts LKjIP chapters III print that the bundled documents lack,
hand-written; every expected value is read off the table text in the test."""

from __future__ import annotations

from analysis.extract.base import DocMeta
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators


def _ex(text: str):
    meta = DocMeta(doc_id="t", file="x.txt", sha256="", province="Jawa Tengah", fiscal_year=2023,
                   doc_type="LKjIP", entity="Dinas Contoh", title="")
    return extract_indicators(parse_document(text, "t"), meta)


UNIT_TWICE = "\n".join([
    "Tabel 3.1 Pengukuran Kinerja Sasaran Tahun 2023",
    "No\tSasaran\tIndikator Kinerja\tTarget\tSatuan\tRealisasi\tSatuan\tCapaian (%)",
    "1\tMeningkatnya akuntabilitas kinerja\tNilai SAKIP\tBB\tPredikat\tA\tPredikat\t110",
    "2\tMeningkatnya kualitas pelayanan\tIndeks Kepuasan Masyarakat\t82,5\tIndeks\t84,12\tIndeks\t101,96",
    "3\tMenurunnya kemiskinan\tPersentase penduduk miskin\t10,5 - 11\t%\t10,2\t%\t102,94",
]) + "\n"


def test_unit_printed_beside_target_and_realisation_is_one_unit():
    """A *Satuan* column after the target and another after the realisation: the unit once
    (it was 'Indeks Indeks')."""
    rows = _ex(UNIT_TWICE).rows
    assert rows["unit"].tolist() == ["Predikat", "Indeks", "%"]
    sakip = rows.iloc[0]
    # a grade is text: no number, the printed cells kept, the printed capaian as printed
    assert (sakip["target_text"], sakip["actual_text"]) == ("BB", "A")
    assert sakip["reported_achievement_pct"] == 110
    poor = rows.iloc[2]
    assert (poor["target"], poor["actual"], poor["polarity"]) == (10.5, 10.2, "negative")


def test_budget_table_headed_uraian_is_no_indicator_table():
    """*Uraian | Target (Rp) | Realisasi (Rp) | %*: rupiah targets are a budget (revenue) table;
    the indicator extractor neither reads nor lists its lines (it listed each as an 'indicator
    table without target, realisation or capaian columns')."""
    text = "\n".join([
        "Tabel 2.1 Target dan Realisasi Pendapatan Daerah Tahun 2023",
        "No\tUraian\tTarget (Rp)\tRealisasi (Rp)\t%",
        "1\tPendapatan Asli Daerah\t1.250.000.000.000\t1.312.500.000.000\t105,00",
        "2\tPendapatan Transfer\t3.000.000.000.000\t2.950.000.000.000\t98,33",
    ]) + "\n"
    ex = _ex(text)
    assert ex.rows.empty and not ex.skipped


def test_objectives_printed_in_the_indicator_column_are_the_objective():
    """*Sasaran Strategis / Indikator Kinerja* in one column: a row without values worded as an
    objective (*Meningkatnya …*) is the objective of the indicators below it (it was empty)."""
    text = "\n".join([
        "Tabel 3.1 Capaian Indikator Kinerja Utama Tahun 2023",
        "No\tSasaran Strategis / Indikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)",
        "1\tMeningkatnya kualitas pelayanan publik",
        "1.1\tIndeks Kepuasan Masyarakat\tIndeks\t82,5\t84,12\t101,96",
        "1.2\tPersentase pengaduan yang ditindaklanjuti\t%\t100\t95\t95,00",
        "2\tMeningkatnya akuntabilitas kinerja",
        "2.1\tNilai SAKIP\tNilai\t70\t72,5\t103,57",
    ]) + "\n"
    rows = _ex(text).rows
    assert rows[["objective", "indicator"]].values.tolist() == [
        ["Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat"],
        ["Meningkatnya kualitas pelayanan publik", "Persentase pengaduan yang ditindaklanjuti"],
        ["Meningkatnya akuntabilitas kinerja", "Nilai SAKIP"]]


def test_a_value_less_indicator_heading_is_no_objective():
    text = "\n".join([
        "Tabel 3.1 Capaian Sasaran",
        "No\tSasaran / Indikator\tTarget\tRealisasi\tCapaian (%)",
        "1\tPersentase dokumen perencanaan:",
        "\ta. Renstra\t100\t100\t100",
    ]) + "\n"
    rows = _ex(text).rows
    assert rows["objective"].fillna("").tolist() == [""]


def test_line_breaks_inside_markdown_cells_join_a_wrapped_indicator_name():
    # converters write a cell's wrapped lines as '<br>' in Markdown: a line that goes on (lower
    # case next, or a connector word at the end) is one name, not two items ('kompeten |
    # sesuai standar' before)
    rows = _ex("Tabel 3.3 Capaian Kinerja Tahun 2023\n\n"
               "| No | Indikator Kinerja | Target | Realisasi | Capaian |\n"
               "| --- | --- | --- | --- | --- |\n"
               "| 1 | Persentase ASN yang kompeten<br>sesuai standar | 80 % | 84,5 % | 105,63 % |\n"
               "| 2 | Persentase sarana dan<br/>Prasarana yang layak | 90 % | 95 % | 105,56 % |\n").rows
    assert rows["indicator"].tolist() == ["Persentase ASN yang kompeten sesuai standar",
                                          "Persentase sarana dan Prasarana yang layak"]
    assert rows["target"].tolist() == [80, 90] and rows["actual"].tolist() == [84.5, 95]


def test_unit_sub_columns_under_target_and_realisation():
    # 'Target | Realisasi' each over 'Nilai | Satuan': the Satuan sub-columns are the unit (they
    # were read as second target/realisation columns and the unit was lost)
    rows = _ex("Tabel 3.2 Capaian Kinerja Sasaran Tahun 2023\n\n"
               "| No | Indikator Kinerja | Target | | Realisasi | | Capaian (%) |\n"
               "| | | Nilai | Satuan | Nilai | Satuan | |\n"
               "|---|---|---|---|---|---|---|\n"
               "| 1 | Indeks Kepuasan Masyarakat | 82 | Indeks | 84,10 | Indeks | 102,56 |\n"
               "| 2 | Persentase dokumen perencanaan tepat waktu | 100 | % | 100 | % | 100 |\n").rows
    assert list(zip(rows["unit"], rows["target"], rows["actual"])) == [("Indeks", 82, 84.1), ("%", 100, 100)]


def test_unit_named_in_the_value_column_labels():
    # 'Target (%) | Realisasi (%)': the values are percentages (the unit was empty)
    rows = _ex("Tabel 3.2 Capaian\n\nNo\tIndikator Kinerja\tTarget (%)\tRealisasi (%)\tCapaian (%)\n"
               "1\tPersentase ASN kompeten\t80\t84,5\t105,63\n"
               "2\tTingkat kehadiran pegawai\t95\t97\t102,11\n").rows
    assert rows["unit"].tolist() == ["%", "%"] and rows["target"].tolist() == [80, 95]


def test_values_on_the_last_line_of_a_wrapped_indicator_name():
    # the indicator's first line alone, its values on the line that ends the name (lower case)
    rows = _ex("Tabel 3.2 Capaian\n\nNo\tIndikator Kinerja\tTarget\tRealisasi\tCapaian (%)\n"
               "1\tPersentase dokumen perencanaan yang\t\t\t\n"
               "\tdisusun tepat waktu\t100\t100\t100\n").rows
    assert list(zip(rows["source_line"], rows["indicator"], rows["target"])) == [
        (4, "Persentase dokumen perencanaan yang disusun tepat waktu", 100)]


def test_sub_indicators_in_lower_case_under_a_finished_name_stay_sub_indicators():
    rows = _ex("Tabel 3.2 Capaian\n\nNo\tIndikator Kinerja\tTarget\tRealisasi\tCapaian (%)\n"
               "1\tCakupan pelayanan kesehatan\t\t\t\n"
               "\tibu hamil\t95\t93\t97,89\n"
               "\tibu bersalin\t95\t96\t101,05\n").rows
    assert rows["indicator"].tolist() == ["Cakupan pelayanan kesehatan — ibu hamil",
                                          "Cakupan pelayanan kesehatan — ibu bersalin"]


def test_indicator_column_headed_by_an_abbreviation():
    # a column headed 'IKU' (Indikator Kinerja Utama) alone is the indicator column: the table
    # gave no row; 'Capaian IKU (%)' stays the achievement
    rows = _ex("Tabel 3.1 Capaian Indikator Kinerja Utama\n\nNo\tIKU\tTarget 2023\tRealisasi 2023\tCapaian IKU (%)\n"
               "1\tIndeks Pembangunan Manusia\t72,5\t72,85\t100,48\n"
               "2\tPertumbuhan Ekonomi (%)\t5,5\t5,1\t92,73\n").rows
    assert list(zip(rows["indicator"], rows["target"], rows["reported_achievement_pct"])) == [
        ("Indeks Pembangunan Manusia", 72.5, 100.48), ("Pertumbuhan Ekonomi (%)", 5.5, 92.73)]
    assert set(rows["level"]) == {"iku"}


def test_other_labels_of_the_indicator_and_achievement_columns():
    # 'Tolok Ukur Kinerja' (Permendagri 13/2006 forms) and 'Ukuran Keberhasilan' name the
    # indicator column, 'Persentase Capaian' the achievement (such tables gave no row, or no
    # printed achievement)
    rows = _ex("Tabel 3.1 Capaian\n\nNo\tTolok Ukur Kinerja\tTarget\tRealisasi\tPersentase Capaian\n"
               "1\tJumlah dokumen perencanaan\t3\t3\t100\n").rows
    assert list(zip(rows["indicator"], rows["target"], rows["reported_achievement_pct"])) == [
        ("Jumlah dokumen perencanaan", 3, 100)]
    rows = _ex("Tabel 3.2 Capaian\n\nNo\tUkuran Keberhasilan\tTarget\tRealisasi\tCapaian\n"
               "1\tIndeks Kepuasan Masyarakat\t82\t84,1\t102,56\n").rows
    assert rows["actual"].tolist() == [84.1]


def test_realisations_of_several_earlier_years_are_rows_of_their_years():
    # 'Realisasi 2021 | Realisasi 2022 | Target 2023 | Realisasi 2023 | …' (an LKjIP comparison
    # with earlier years): the latest earlier realisation is the baseline of the reporting year,
    # an older one a comparison-year row of its own (it was dropped: only one baseline is kept)
    df = _ex("\n".join([
        "Tabel 3.2 Perbandingan Realisasi Kinerja Tahun 2023 dengan Tahun Sebelumnya",
        "No\tIndikator Kinerja\tSatuan\tRealisasi 2021\tRealisasi 2022\tTarget 2023\tRealisasi 2023\tCapaian 2023 (%)",
        "1\tIndeks Kepuasan Masyarakat\tIndeks\t78,5\t80,1\t82\t83,4\t101,71",
        "2\tPersentase Penurunan Stunting\t%\t21,4\t19,8\t18\t17,2\t104,65",
    ]) + "\n").rows
    got = [(r.indicator[:10], r.fiscal_year, None if r.baseline != r.baseline else r.baseline,
            None if r.target != r.target else r.target, r.actual, r.year_role) for r in df.itertuples()]
    assert got == [("Indeks Kep", 2021, None, None, 78.5, "comparison year"),
                   ("Indeks Kep", 2023, 80.1, 82, 83.4, "reporting year"),
                   ("Persentase", 2021, None, None, 21.4, "comparison year"),
                   ("Persentase", 2023, 19.8, 18, 17.2, "reporting year")]


def test_rates_printed_with_their_base_are_values():
    # 'Angka Kematian Ibu | 95 per 100.000 KH | 88 per 100.000 KH': the rate is 95 per
    # 100.000 live births (it was read as two numbers, 95 and 100.000, and no value)
    df = _ex("\n".join([
        "Tabel 3.1 Pengukuran Kinerja Tahun 2023",
        "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian (%)",
        "1\tAngka Kematian Ibu\t95 per 100.000 KH\t88 per 100.000 KH\t107,37",
        "2\tAngka Kematian Bayi\t8/1.000 KH\t7,5/1.000 KH\t106,25",
    ]) + "\n").rows
    got = [(r.indicator, r.target, r.actual, r.unit, r.reported_achievement_pct) for r in df.itertuples()]
    assert got == [("Angka Kematian Ibu", 95, 88, "per 100.000 KH", 107.37),
                   ("Angka Kematian Bayi", 8, 7.5, "per 1.000 KH", 106.25)]
