"""Performance-indicator extraction (analysis.extract.indicators) on the bundled reports.

Every expected number below was read off the raw files (line numbers are 1-based, as in
``sed -n``); the comment next to each case quotes the cells.
"""

import csv
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from analysis.extract.documents import parse_document
from analysis.extract.base import INDICATOR_COLUMNS, DocMeta
from analysis.extract.indicators import (
    OUTPUT_COLUMNS,
    count_indicators,
    extract_indicators,
    find_performance_tables,
    load_polarity_overrides,
    parse_value_cell,
)

from conftest import RAW, load_doc

ROOT = Path(__file__).resolve().parents[1]


def _meta(doc_id: str) -> DocMeta:
    with open(RAW / "manifest.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["doc_id"] == doc_id:
                return DocMeta(r["doc_id"], r["file"], r["sha256"], r["province"],
                               int(r["fiscal_year"]), r["doc_type"], r["entity"], r["title"])
    raise KeyError(doc_id)


@lru_cache(maxsize=None)
def _ex(doc_id: str, convention: str = "inverse_ratio"):
    return extract_indicators(load_doc(doc_id), _meta(doc_id), negative_convention=convention)


def _at(df: pd.DataFrame, line: int) -> pd.DataFrame:
    return df[df["source_line"] == line]


def _one(df: pd.DataFrame, line: int) -> pd.Series:
    rows = _at(df, line)
    assert len(rows) == 1, rows[["indicator", "fiscal_year"]]
    return rows.iloc[0]


# -------------------------------------------------------------------------------------
# Cell values
# -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value, unit, status",
    [
        ("100 % (180 Kegiatan)", 100.0, "%", "ok"),            # 002 L306
        ("3,83 Index point", 3.83, "Index point", "ok"),        # 001 L2923
        ("50.000 orang", 50000.0, "orang", "ok"),               # 001 L3554
        ("BB", None, "", "text"),                               # 003 L603
        ("NA", None, "", "missing"),                            # 001 L5258
        ("-", None, "", "missing"),
        ("$\\frac{3.339}{4.291}$ 77,81", 77.81, "", "ok"),      # 001 L2208
        ("$\\frac{72}{256} \\times 100\\% = 28,56$", 28.56, "", "ok"),  # 001 L2223
        ("28 Februari 2023", None, "", "text"),                 # 001 L3013 (a date)
        ("5 Inovasi & 2 inovasi", None, "", "multiple"),        # 001 L3021
        ("Rp.5,31 Triliun", 5.31e12, "Rp", "ok"),               # 001 L3005
        ("1.534.1444", None, "", "malformed"),                  # 001 L3741
    ],
)
def test_parse_value_cell(text, value, unit, status):
    c = parse_value_cell(text, style="id")
    assert c.status == status
    assert c.raw == text
    if value is None:
        assert c.value is None
    else:
        assert c.value == pytest.approx(value)
        assert c.unit == unit


def test_parse_value_cell_style_and_ranges():
    assert parse_value_cell("1.265", style="id").value == 1265       # 001 L1508 kondisi awal
    assert parse_value_cell("1.265").status == "ambiguous"
    r = parse_value_cell("70-80")                                     # 001 L3589
    assert (r.value, r.upper) == (70, 80)
    # '98 medali (196%)' (001 L3122): a count with a bracketed percentage
    assert parse_value_cell("98 medali (196%)").value == 98
    assert parse_value_cell("98 medali (196%)", prefer_percent=True).value == 196
    # brackets enclose a score, they are not a negative sign ('BB (78,75)', 001 L1562)
    assert parse_value_cell("BB (78,75)", style="id").value == pytest.approx(78.75)


# -------------------------------------------------------------------------------------
# Contract
# -------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_id", ["001", "002", "003", "004"])
def test_columns_order_and_provenance(doc_id):
    df = _ex(doc_id).rows
    assert list(df.columns) == INDICATOR_COLUMNS + [
        "achievement_method", "negative_convention", "polarity_rule", "year_role"]
    assert list(df.columns) == OUTPUT_COLUMNS
    assert len(df) > 0
    assert (df["doc_id"] == doc_id).all()
    assert df["source_line"].notna().all() and df["source_table"].ne("").all()
    assert df["indicator"].str.len().gt(0).all()
    assert set(df["polarity"]) <= {"positive", "negative"}
    assert set(df["level"]) <= {"sasaran", "program", "kegiatan", "sub_kegiatan", "iku"}
    assert set(df["year_role"]) <= {"reporting year", "comparison year", "plan year", "end-of-plan target"}
    key = df[["doc_id", "source_line", "fiscal_year", "indicator"]]
    assert key.equals(key.sort_values(list(key.columns), kind="mergesort"))
    assert not df.duplicated(["source_line", "fiscal_year", "indicator", "source_table"]).any()


def test_extraction_is_deterministic_and_silent(capsys):
    a = extract_indicators(load_doc("004"), _meta("004")).rows
    b = extract_indicators(load_doc("004"), _meta("004")).rows
    pd.testing.assert_frame_equal(a, b)
    assert capsys.readouterr().out == ""


# -------------------------------------------------------------------------------------
# Doc 001 (LKPJ NTT 2023), 3.1.1 tables
# -------------------------------------------------------------------------------------
def test_aps_row_of_dinas_pendidikan():
    # L1338: 1 | Peningkatan Aksesibilitas ... | Persentasi APS: Penduduk usia 16-18 tahun |
    #        75,55 % | 100% | 102,22% | ...
    r = _one(_ex("001").rows, 1338)
    assert r.indicator == "Persentasi APS: Penduduk usia 16-18 tahun"
    assert r.entity == "Dinas Pendidikan dan Kebudayaan"
    assert r.objective == "Peningkatan Aksesibilitas Terhadap Layanan Pendidikan"
    assert (r.baseline, r.target, r.actual) == (75.55, 100.0, 102.22)
    assert (r.target_text, r.actual_text) == ("100%", "102,22%")
    assert r.unit == "%" and r.level == "sasaran" and r.polarity == "positive"
    assert r.achievement_pct == pytest.approx(102.22) and r.achievement_method == "ratio"
    assert r.fiscal_year == 2023 and r.year_role == "reporting year"
    assert r.source_table.startswith("3.1.1 Capaian Kinerja Program")
    # the next row has no sasaran printed: carried down (L1339)
    assert _one(_ex("001").rows, 1339).objective == r.objective


def test_maternal_deaths_zero_target():
    # L1507: | 7.Kasus Kematian Ibu | 158 | 0 | 134
    r = _one(_ex("001").rows, 1507)
    assert r.indicator == "Kasus Kematian Ibu"
    assert r.entity.startswith("Dinas Kesehatan")
    assert (r.baseline, r.target, r.actual) == (158, 0, 134)
    assert r.polarity == "negative"
    assert r.achievement_pct == 0 and r.achievement_method == "zero_target"
    # L1508 'Kasus Kematian Bayi' kondisi awal '1.265' read with the table's ID style
    assert _one(_ex("001").rows, 1508).baseline == 1265


def test_stunting_under_both_negative_conventions():
    # L1514: | 11. Prevalensi Stunting | 35,4% | 12% | 15,2%
    inv = _one(_ex("001", "inverse_ratio").rows, 1514)
    two = _one(_ex("001", "two_minus_ratio").rows, 1514)
    assert inv.indicator == "Prevalensi Stunting" and inv.polarity == "negative"
    assert (inv.baseline, inv.target, inv.actual) == (35.4, 12, 15.2)
    assert inv.achievement_pct == pytest.approx(100 * 12 / 15.2)          # 78.947...
    assert two.achievement_pct == pytest.approx(100 * (2 - 15.2 / 12))   # 73.33...
    assert (inv.negative_convention, two.negative_convention) == ("inverse_ratio", "two_minus_ratio")
    assert (inv.achievement_method, two.achievement_method) == ("inverse_ratio", "two_minus_ratio")
    # positive rows do not depend on the convention
    assert _one(_ex("001", "two_minus_ratio").rows, 1338).negative_convention == ""


def test_sub_indicators_keep_the_parent_name():
    # L1341: 3 | | Persentasi akreditasi sekolah SMA/SMK/SLB minimal B (...) | (no values)
    # L1342-1344: a. SMA 22% 45,1% 47 % / b. SMK 9,2% 25,1% 38 % / c. SLB 0 19,0% 34 %
    df = _ex("001").rows
    parent = "Persentasi akreditasi sekolah SMA/SMK/SLB minimal B (Pemenuhan Standar SISDIKNAS)"
    assert _at(df, 1341).empty
    got = {r.indicator: (r.baseline, r.target, r.actual) for r in df[df.source_line.between(1342, 1344)].itertuples()}
    assert got == {
        f"{parent} — a. SMA": (22.0, 45.1, 47.0),
        f"{parent} — b. SMK": (9.2, 25.1, 38.0),
        f"{parent} — c. SLB": (0.0, 19.0, 34.0),
    }
    assert 1341 in _ex("001").consumed_lines
    # bullets under a parent that has values (L1511-1513, 'Prevalensi Wasting ... :')
    assert _one(df, 1512).indicator == "Prevalensi Wasting (Gizi Buruk+Gizi Kurang) — Gizi Buruk"
    assert _one(df, 1512).polarity == "negative"


def test_rows_the_reader_glued_together_are_split_again():
    df = _ex("001").rows
    # L2923/L2924 (Kominfo): the reader merged '2. Tingkat Keterbukaan Informasi Publik |
    # 76,99 (Cukup Informatif) | 77 (Cukup Informatif)' into the row above
    r = _one(df, 2924)
    assert r.indicator == "Tingkat Keterbukaan Informasi Publik"
    assert (r.target, r.actual) == (76.99, 77.0)
    first = _one(df, 2923)
    assert (first.target, first.actual, first.unit) == (3.35, 3.83, "Indexpoint")
    # L4953-4956 (Biro Adpim Tabel 3.4): four indicator lines of one sub-kegiatan
    r = _one(df, 4953)
    assert (r.target, r.actual, r.unit, r.level) == (350, 284, "Sambutan", "sub_kegiatan")
    assert r.objective == "Fasilitasi Komunikasi Pimpinan"
    assert r.source_table == "Tabel 3.4"
    assert (_one(df, 4956).target, _one(df, 4956).actual) == (11, 8)   # 'Publikasi Baliho'


def test_page_break_continuation_joins_the_indicator_name():
    # L5263 '6. Persentase Kebijakan Pemerintah | NA | 100% | 82,67 %', header repeated at
    # L5265, the name continues at L5266
    r = _one(_ex("001").rows, 5263)
    assert r.indicator.startswith("Persentase Kebijakan Pemerintah Provinsi,Kabupate n/Kota")
    assert (r.target, r.actual) == (100, 82.67)
    assert {5263, 5266} <= _ex("001").consumed_lines


def test_printed_capaian_column():
    # Pertanian L3805: 12,31 | 12,72 | 29,24 | 217,54 (CAPAIAN KINERJA (%))
    r = _one(_ex("001").rows, 3805)
    assert r.reported_achievement_pct == pytest.approx(217.54)
    assert r.achievement_pct == pytest.approx(100 * 29.24 / 12.72)
    # Kop-UKM L2209: target 7, realisasi '$\frac{122}{3.318}$ 3,68', Capaian (%) 52,53
    r = _one(_ex("001").rows, 2209)
    assert (r.target, r.actual, r.reported_achievement_pct) == (7, 3.68, 52.53)
    assert r.actual_text == "$\\frac{122}{3.318}$ 3,68"


def test_percentage_and_count_in_one_cell():
    # L2443: 90% (35 PD) | 84.61% (33 PD)
    r = _one(_ex("001").rows, 2443)
    assert (r.target, r.actual, r.unit) == (90, 84.61, "%")
    assert (r.target_text, r.actual_text) == ("90% (35 PD)", "84.61% (33 PD)")
    # ESDM L4001: target '6 Jenis', realisasi '18,54 %': not comparable
    r = _one(_ex("001").rows, 4001)
    assert (r.target, r.actual) == (6, 18.54)
    assert math.isnan(r.achievement_pct) and r.achievement_method == "unit_mismatch"


def test_two_indicators_stacked_in_one_row_are_split():
    # Biro Perekonomian L4604: '1.Persentase jumlah BUMD dan BLUD yang berkinerja baik
    # 2. Persentase kebijakan pengelolaan BUMD dan BLUD' | 75 % 100 % | 100 % 100 % | 75 % 100 %
    rows = _at(_ex("001").rows, 4604).set_index("indicator")
    assert rows.loc["Persentase jumlah BUMD dan BLUD yang berkinerja baik", ["baseline", "target", "actual"]].tolist() == [75, 100, 75]
    assert rows.loc["Persentase kebijakan pengelolaan BUMD dan BLUD", ["baseline", "target", "actual"]].tolist() == [100, 100, 100]


def test_comparison_year_columns():
    # Biro Adpim L4794: Target 2022 90% | Realisasi 2022 93,01% | Target 2023 100% | Realisasi 2023 96.30%
    rows = _at(_ex("001").rows, 4794).set_index("fiscal_year")
    assert rows.loc[2022, ["target", "actual"]].tolist() == [90, 93.01]
    assert rows.loc[2023, ["target", "actual"]].tolist() == [100, 96.30]
    assert rows.loc[2022, "year_role"] == "comparison year"
    assert rows.loc[2023, "year_role"] == "reporting year"


# -------------------------------------------------------------------------------------
# Docs 002-004
# -------------------------------------------------------------------------------------
def test_biro_umum_tabel_3_1_keeps_the_raw_target():
    # 002 L271 (Tabel 3.1, one logical row over L271-277): target '100%' and '(180 Kegiatan)'
    r = _one(_ex("002").rows, 271)
    assert r.source_table == "Tabel 3.1"
    assert r.target == 100 and r.unit == "%"
    assert r.target_text == "100% (180 Kegiatan)"
    assert math.isnan(r.actual)  # the 'Realisasi (Rp.)' and 'Capaian' columns are budget
    assert r.entity == "Biro Umum Setda Provinsi Nusa Tenggara Timur"
    assert set(range(271, 278)) <= _ex("002").consumed_lines
    # the second 'Tabel 3.2' (L306) has target, realisation and capaian
    r = _one(_ex("002").rows, 306)
    assert (r.target, r.actual, r.reported_achievement_pct) == (100, 100, 100)


def test_bali_tabel_3_4_gives_one_row_per_year():
    # 004 L496: targets 79% 81% 83% 85% 87%, realisasi 79% 81% 84% 87,5% 87%; the name
    # continues after a page break (L500: 'Reformasi Birokrasinya Baik')
    rows = _at(_ex("004").rows, 496)
    assert set(rows["indicator"]) == {"Persentase Perangkat Daerah Yang Reformasi Birokrasinya Baik"}
    assert rows["source_table"].eq("Tabel 3.4").all()
    got = {int(r.fiscal_year): (r.target, r.actual) for r in rows.itertuples()}
    assert got == {2020: (79, 79), 2021: (81, 81), 2022: (83, 84), 2023: (85, 87.5), 2024: (87, 87)}
    assert rows.set_index("fiscal_year").loc[2024, "year_role"] == "reporting year"
    assert rows.set_index("fiscal_year").loc[2020, "year_role"] == "comparison year"
    # the library row printed in the headerless continuation (L501: - - 39% 53% 56% / - - 39% 58% 56%)
    lib = _at(_ex("004").rows, 501)
    assert {int(r.fiscal_year): (r.target, r.actual) for r in lib.itertuples()} == {
        2022: (39, 39), 2023: (53, 58), 2024: (56, 56)}


def test_bali_tabel_3_3_and_3_7():
    # L478: 85% 87,5% 103% | 87% 87% 100%
    rows = _at(_ex("004").rows, 478).set_index("fiscal_year")
    assert rows.loc[2023, ["target", "actual", "reported_achievement_pct"]].tolist() == [85, 87.5, 103]
    assert rows.loc[2024, ["target", "actual", "reported_achievement_pct"]].tolist() == [87, 87, 100]
    # Tabel 3.7 L550: kinerja 87% 87% 100 (the anggaran columns are not indicator values)
    r = _one(_ex("004").rows, 550)
    assert (r.target, r.actual, r.reported_achievement_pct) == (87, 87, 100)


def test_bali_programme_table_levels():
    df = _ex("004").rows
    t38 = df[df.source_table == "Tabel 3.8"]
    assert {"program", "kegiatan", "sasaran"} <= set(t38["level"])
    assert (t38.loc[t38.level != "sasaran", "reported_achievement_pct"] == 100).all()
    r = t38[(t38.source_line == 575)].iloc[0]   # cells shifted left by the converter
    assert r.indicator == "Persentase laporan perbaikan yang ditindaklanjuti tepat waktu"
    assert r.objective == "Administrasi Umum Perangkat Daerah"


def test_roadmap_targets_without_realisation():
    # 003 L531: a. Persentase CPNS yang direkrut ... | 80% | 85% | 90% | 100% | 100%
    rows = _at(_ex("003").rows, 531)
    assert {int(r.fiscal_year): r.target for r in rows.itertuples()} == {
        2018: 80, 2019: 85, 2020: 90, 2021: 100, 2022: 100}
    assert rows["actual"].isna().all() and rows["achievement_method"].eq("missing").all()
    df = _ex("003").rows
    assert df["actual"].isna().all()
    assert df["target"].notna().sum() > 150


# -------------------------------------------------------------------------------------
# Nothing silently dropped
# -------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_id", ["001", "002", "003", "004"])
def test_every_percentage_row_is_output_or_skipped(doc_id):
    doc = load_doc(doc_id)
    ex = _ex(doc_id)
    covered = ex.consumed_lines | {s.source_line for s in ex.skipped}
    missing = []
    n = 0
    for pt in find_performance_tables(doc, _meta(doc_id).fiscal_year):
        for ln in pt.data_lines():
            if re.search(r"\d\s*%", doc.line(ln)):
                n += 1
                if ln not in covered:
                    missing.append((ln, doc.line(ln)[:80]))
    assert n > 0
    assert missing == []
    for s in ex.skipped:
        assert s.doc_id == doc_id and s.reason and s.raw_text == doc.line(s.source_line)


def test_skipped_reasons_are_specific():
    sk = {s.source_line: s.reason for s in _ex("001").skipped}
    # Biro Adpim Tabel 3.4 L4914: 'PROGRAM PENUNJANG ...' with anggaran only
    assert sk[4914].startswith("budget line")
    sk2 = {s.source_line: s.reason for s in _ex("002").skipped}
    # 002 first 'Tabel 3.2' (L292): Tahun Dasar columns only, no target/realisasi
    assert "without target, realisation or capaian columns" in sk2[292]


# -------------------------------------------------------------------------------------
# Robustness: the same report with a section moved and text inserted
# -------------------------------------------------------------------------------------
def test_moving_a_section_gives_the_same_values():
    text = (RAW / "001_1c6606aa711e05c2.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    i0 = lines.index("4. Urusan Ketentraman Ketertiban Umum Dan Perlindungan Masyarakat")
    i1 = lines.index("5. Urusan Sosial")
    i2 = lines.index("B. URUSAN WAJIB NON PELAYANAN DASAR")
    inserted = ["", "", "Paragraf sisipan: bagian Urusan Sosial dipindahkan untuk menguji ekstraksi.", "", ""]
    moved = lines[:i0] + inserted + lines[i1:i2] + lines[i0:i1] + lines[i2:]
    doc2 = parse_document("\n".join(moved), "001")
    new = extract_indicators(doc2, _meta("001")).rows
    old = _ex("001").rows

    def shift(line: int) -> int:  # 1-based line in the original -> in the moved text
        k = line - 1
        if k < i0:
            return line
        if k < i1:                                   # Sat Pol PP section, now after Sosial
            return line + len(inserted) + (i2 - i1)
        if k < i2:                                   # Sosial section, moved up
            return line - (i1 - i0) + len(inserted)
        return line + len(inserted)

    expected = old.copy()
    expected["source_line"] = expected["source_line"].map(shift).astype("Int64")
    cols = list(expected.columns)
    a = expected.sort_values(cols, kind="mergesort").reset_index(drop=True)
    b = new.sort_values(cols, kind="mergesort").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    # the PPKS indicator of Dinas Sosial (L2128: 90 | 100% | 92,13%) moved up
    r = new[new.indicator == "Persentase PPKS yang terakses perlindungan sosial."].iloc[0]
    assert r.source_line == shift(2128) < 2128
    assert (r.entity, r.baseline, r.target, r.actual) == ("Dinas Sosial", 90, 100, 92.13)


# -------------------------------------------------------------------------------------
# Overrides and the report helper
# -------------------------------------------------------------------------------------
def test_polarity_overrides_are_applied():
    ov = load_polarity_overrides(ROOT / "src" / "analysis" / "reference" / "polarity_overrides.csv")
    df = extract_indicators(load_doc("001"), _meta("001"), overrides=ov).rows
    # DKP L3359: 'Penurunan Kasus IUU Fishing ...' | 55% | 0% | 28,12%
    r = _one(df, 3359)
    assert r.polarity == "negative" and r.polarity_rule.startswith("override 'Penurunan Kasus IUU Fishing'")
    assert _one(_ex("001").rows, 3359).polarity == "positive"   # the wording rule alone
    assert r.achievement_method == "zero_target" and r.achievement_pct == 0


def test_count_indicators():
    rows = pd.concat([_ex(d).rows for d in ("001", "002", "003", "004")], ignore_index=True)
    c = count_indicators(rows)
    assert list(c.columns) == ["doc_id", "entity", "indicators", "rows",
                               "rows_numeric_target_actual", "rows_with_achievement"]
    for d in ("001", "002", "003", "004"):
        tot = c[(c.doc_id == d) & (c.entity == "(all)")].iloc[0]
        sub = rows[rows.doc_id == d]
        assert tot["rows"] == len(sub)
        assert tot["rows_numeric_target_actual"] == (sub.target.notna() & sub.actual.notna()).sum()
        assert c[(c.doc_id == d) & (c.entity != "(all)")]["rows"].sum() == len(sub)
    ent = c[(c.doc_id == "001") & (c.entity == "Dinas Pendidikan dan Kebudayaan")].iloc[0]
    assert ent["rows"] >= 15
    assert count_indicators(rows.iloc[:0]).empty


# ---------------------------------------------------------------------------------------------
# Content fallback: a table printed without a header
# ---------------------------------------------------------------------------------------------
def _synthetic_meta() -> DocMeta:
    return DocMeta("synthetic", "synthetic.txt", "", "Provinsi", 2023, "LKjIP", "Dinas Contoh", "")


def test_headerless_indicator_table_through_content_fallback():
    # name | unit | three numbers whose third is 100 x second / first: target, actual, %
    text = ("Capaian indikator kinerja sasaran tahun 2023 disajikan berikut.\n\n"
            "1\tIndeks Kepuasan Masyarakat\tIndeks\t80\t82\t102,50\n"
            "2\tPersentase Dokumen Perencanaan Tepat Waktu\tPersen\t90\t81\t90,00\n"
            "3\tJumlah Laporan Keuangan\tDokumen\t4\t4\t100\n")
    df = extract_indicators(parse_document(text, "synthetic"), _synthetic_meta()).rows.set_index("source_line")
    assert list(df.index) == [3, 4, 5]
    assert df.loc[3, "indicator"] == "Indeks Kepuasan Masyarakat"
    assert (df.loc[3, "target"], df.loc[3, "actual"], df.loc[3, "reported_achievement_pct"]) == (80, 82, 102.5)
    assert (df.loc[4, "target"], df.loc[4, "actual"]) == (90, 81)
    assert df.loc[5, "unit"] == "Dokumen"


def test_headerless_table_realisation_first_is_read_from_the_ratio():
    # 102 Tabel 3.4 after its page break (lines 805-808): realisation, target, % (= 100 x r / t)
    text = ("Data berikut.\n\n"
            "1\tPeningkatan cakupan pengawasan barang beredar\t%\t10,90\t2,5\t436\n"
            "2\tJumlah pasar yang ditingkatkan\tUnit\t24\t35\t68,57\n")
    df = extract_indicators(parse_document(text, "synthetic"), _synthetic_meta()).rows.set_index("source_line")
    assert (df.loc[3, "target"], df.loc[3, "actual"]) == (2.5, 10.9)
    assert (df.loc[4, "target"], df.loc[4, "actual"]) == (35, 24)


def test_headerless_table_without_a_confirming_percentage_stays_out():
    # two number columns cannot tell target from realisation (or two years): no rows
    text = ("Data berikut.\n\n"
            "1\tIndeks Kepuasan Masyarakat\tIndeks\t80\t82\n"
            "2\tPersentase Dokumen Tepat Waktu\tPersen\t90\t81\n")
    assert extract_indicators(parse_document(text, "synthetic"), _synthetic_meta()).rows.empty


def test_table_after_a_header_printed_at_the_page_foot_continues_it():
    # 102 Tabel 3.4 (lines 776-808): the header printed again at the foot of page 38, a source
    # line and a section heading, then the data of page 39 without header
    text = ("Tabel 3.4 Capaian Indikator Kinerja\n\n"
            "No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)\n"
            "1\tIndeks Kepuasan Masyarakat\tIndeks\t80\t82\t102,50\n"
            "No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)\n"
            "\nSumber data\n\nSasaran ke-2 : Meningkatnya kualitas pelayanan\n\n"
            "2\tPersentase Dokumen Tepat Waktu\tPersen\t90\t81\t90,00\n"
            "3\tJumlah Laporan Keuangan\tDokumen\t4\t4\t100\n")
    doc = parse_document(text, "synthetic")
    assert len(doc.tables) == 2 and doc.tables[1].header == []
    df = extract_indicators(doc, _synthetic_meta()).rows.set_index("source_line")
    assert list(df.index) == [4, 11, 12]
    assert (df.loc[11, "target"], df.loc[11, "actual"], df.loc[11, "reported_achievement_pct"]) == (90, 81, 90.0)
    assert df.loc[12, "source_table"] == df.loc[4, "source_table"] == "Tabel 3.4"


def test_quarterly_realisation_form_gives_no_annual_values():
    # The layout of a kota Dinas Kesehatan's 'realisasi triwulan' form (Permendagri 86/2017
    # evaluation form, Tangerang 2023 page 1): per triwulan a K (kinerja) and an Rp column. A
    # quarter's K is not the year's realisation, and its Rp is no budget: nothing is read, every
    # line with numbers is listed with the reason.
    from analysis.extract.budget import extract_budget
    text = ("Realisasi kinerja triwulan\n\n"
            "Program/Kegiatan\tIndikator Kinerja Kegiatan (Output)\tRealisasi Kinerja Pada Triwulan I - IV Tahun 2023"
            "\t\t\t\t\t\t\t\tPerangkat Daerah Penanggung Jawab\n"
            "\t\tI\t\tII\t\tIII\t\tIV\t\t\n"
            "\t\tK\tRp\tK\tRp\tK\tRp\tK\tRp\t\n"
            "Penyusunan Dokumen Perencanaan\tJumlah Dokumen Perencanaan\t3\t34.708.000\t0\t-\t\t\t\t\tDINKES\n"
            "Evaluasi Kinerja\tJumlah Laporan Evaluasi Kinerja\t2\t78.928.000\t1\t43.160.000\t\t\t\t\tDINKES\n")
    doc = parse_document(text, "synthetic")
    ind = extract_indicators(doc, _synthetic_meta())
    bud = extract_budget(doc, _synthetic_meta())
    assert ind.rows.empty and bud.rows.empty
    reasons = {s.source_line: s.reason for s in ind.skipped}
    assert set(reasons) == {6, 7}
    assert all("triwulan" in r for r in reasons.values())


def _hand_written(text: str, year: int, province: str = "Jawa Timur", doc_type: str = "LKjIP"):
    """Indicators of a hand-written table (tests of layouts outside the bundled documents)."""
    meta = DocMeta("t", "x.txt", "", province, year, doc_type, "Dinas Contoh", "")
    return extract_indicators(parse_document(text, "t"), meta)


def test_bracketed_negative_values_are_values_not_remarks():
    # Jawa Barat Disperindag LKIP 2016 Tabel 3.3 layout: export growth printed in accounting
    # notation, '(3.27) | (3.14) | (96.9)'; the row was read as a group heading and dropped.
    # A bracketed remark such as '(180 Kegiatan)' alone is still no value.
    text = ("No\tIndikator Kinerja\tSat\tTahun 2015\tTahun 2016\tCapaian Kinerja (%)\tKategori\n"
            "\t\t\tRealisasi\tRealisasi\t\t\n"
            "1\tPeningkatan Nilai Ekspor Non Migas per tahun\t%\t(3.27)\t(3.14)\t(96.9)\tKurang\n"
            "2\tPeningkatan Jumlah eksportir per tahun\tEksportir\t203\t208\t102.46\tSangat baik\n")
    res = _hand_written(text, 2016, "Jawa Barat", "LKIP")
    got = {(r.indicator, r.fiscal_year): (r.actual, r.reported_achievement_pct) for r in res.rows.itertuples()}
    ekspor = "Peningkatan Nilai Ekspor Non Migas per tahun"
    assert got[(ekspor, 2015)][0] == -3.27 and got[(ekspor, 2016)] == (-3.14, -96.9)
    assert got[("Peningkatan Jumlah eksportir per tahun", 2016)] == (208, 102.46)
    assert res.skipped == []


def test_level_with_its_score_in_brackets_reads_the_score_when_the_capaian_says_so():
    # Inspektorat Jombang LKjIP 2022 Tabel 3.2 layout: 'Level 3 (3,35)' | 'Level 3 (3,157)' |
    # '94,24%': 94.24 % is 3,157 / 3,35, so the bracketed scores are the values; where the
    # printed capaian is the ratio of the outside numbers (100 %), those stay the values
    text = ("No\tSasaran\tIndikator Kinerja\tTarget\tRealisasi\t% Capaian\tKriteria\n"
            "1.\tMeningkatnya hasil pengawasan\tMaturitas SPIP\tLevel 3 (3,35)\tLevel 3 (3,157)\t94,24%\tSangat Tinggi\n"
            "\t\tKapabilitas APIP\tLevel 3\tLevel 3\t100%\tSangat Tinggi\n"
            "2.\tMeningkatnya tata kelola\tIndeks Tata Kelola\tLevel 3 (3,35)\tLevel 3 (3,157)\t100%\tBaik\n")
    df = _hand_written(text, 2022).rows.set_index("indicator")
    assert (df.loc["Maturitas SPIP", "target"], df.loc["Maturitas SPIP", "actual"]) == (3.35, 3.157)
    assert round(df.loc["Maturitas SPIP", "achievement_pct"], 2) == 94.24
    assert (df.loc["Kapabilitas APIP", "target"], df.loc["Kapabilitas APIP", "actual"]) == (3, 3)
    assert (df.loc["Indeks Tata Kelola", "target"], df.loc["Indeks Tata Kelola", "actual"]) == (3, 3)


def test_capaian_against_the_end_target_is_progress_not_a_target():
    # 'Target Akhir Renstra (2026) | Capaian terhadap Target Akhir Renstra (%)': 97,76 is the
    # progress towards the end target, printed on the end-target row, never a target itself
    text = ("No\tSasaran Strategis\tIndikator Kinerja\tSatuan\tRealisasi 2022\tTarget 2023\tRealisasi 2023\t"
            "Capaian 2023 (%)\tTarget Akhir Renstra (2026)\tCapaian terhadap Target Akhir Renstra (%)\n"
            "1\tMeningkatnya kualitas pelayanan\tIndeks Kepuasan Masyarakat\tindeks\t80,15\t82\t83,10\t101,34\t85\t97,76\n")
    df = _hand_written(text, 2023, "Jawa Tengah").rows
    got = {(r.fiscal_year, r.year_role): (r.target, r.actual, r.reported_achievement_pct) for r in df.itertuples()}
    assert got[(2023, "reporting year")] == (82, 83.1, 101.34)
    assert got[(2026, "end-of-plan target")][0] == 85 and got[(2026, "end-of-plan target")][2] == 97.76
    assert 97.76 not in set(df["target"])


def test_key_indicator_table_capaian_by_year_is_the_level_reached():
    # LKPJ key-indicator tables (Permendagri 18/2020): 'Capaian Kinerja Tahun 2022 | … 2023' with
    # no target or realisation column print the level reached each year, not a ratio
    text = ("No\tIndikator Kinerja Kunci\tRumus\tCapaian Kinerja Tahun 2022\tCapaian Kinerja Tahun 2023\tKeterangan\n"
            "1\tAngka Partisipasi Kasar SMA/SMK\t(Jumlah siswa SMA / Jumlah penduduk 16-18 tahun) x 100%\t89,50%\t91,20%\tMeningkat\n")
    df = _hand_written(text, 2023, "Jawa Tengah", "LKPJ").rows
    got = {(r.fiscal_year, r.year_role): (r.actual, r.unit, r.reported_achievement_pct) for r in df.itertuples()}
    assert got[(2022, "comparison year")][:2] == (89.5, "%")
    assert got[(2023, "reporting year")][:2] == (91.2, "%")
    assert all(v[2] != v[2] for v in got.values())  # no achievement printed (NaN)
