"""Tests for analysis.extract.regional: kabupaten/kota tables, activity locations, counts.

Every value tested is printed in document 001 (LKPJ Gubernur NTT 2023, data/raw/); each case
names its table and line, and first checks that the cited line really holds the printed text.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.documents import parse_document
from analysis.extract.base import ACTIVITY_LOCATION_COLUMNS, REGION_COLUMNS
from analysis.extract.regional import (
    ACTIVITY_COUNT_COLUMNS,
    activity_counts,
    extract_activity_locations,
    extract_regions,
    unit_from_header,
    unit_scale_from_header,
    variable_from_header,
    zero_reading,
)
from analysis.io import read_manifest
from analysis.regions import gazetteer

from conftest import CORPUS, RAW, load_doc, needs_corpus


@pytest.fixture(scope="module")
def metas():
    return {m.doc_id: m for m in read_manifest(RAW, verify=False)}


@pytest.fixture(scope="module")
def regions001(metas):
    return extract_regions(load_doc("001"), metas["001"])


@pytest.fixture(scope="module")
def locations001(metas):
    return extract_activity_locations(load_doc("001"), metas["001"])


def _line(n: int) -> str:
    return load_doc("001").line(n)


def _one(frame: pd.DataFrame, **kw) -> pd.Series:
    sel = frame
    for k, v in kw.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, (kw, sel)
    return sel.iloc[0]


def _table(frame: pd.DataFrame, variable: str) -> pd.DataFrame:
    return frame[frame["variable"] == variable]


NTT_CODES = set(gazetteer("53")["region_code"])


# ---------------------------------------------------------------------------------------------
# Tabel 1.2 population
# ---------------------------------------------------------------------------------------------


def test_tabel_1_2_population_total_per_kabupaten(regions001):
    rows = regions001.rows
    pop = _table(rows, "population_total")
    assert set(pop["source_table"]) == {"Tabel 1.2"}
    kab = pop[pop["region_type"] != "province"]
    assert len(kab) == 22 and set(kab["region_code"]) == NTT_CODES
    assert "Timor Tengah Selatan\t234.672\t238.419\t473.091" in _line(678)
    tts = _one(pop, region_code="53.02")
    assert (tts["value"], tts["source_line"], tts["region_type"]) == (473091.0, 678, "kabupaten")
    assert "Kota Kupang\t224.081\t219.268\t443.349" in _line(698)
    kota = _one(pop, region_code="53.71")
    assert (kota["value"], kota["source_line"], kota["region_type"]) == (443349.0, 698, "kota")
    # bare 'Kupang' beside 'Kota Kupang' in the same table is Kabupaten Kupang
    assert _line(677).split("\t")[1] == "Kupang" and "387.217" in _line(677)
    kab_kupang = _one(pop, region_code="53.01")
    assert (kab_kupang["value"], kab_kupang["source_line"]) == (387217.0, 677)
    assert kab_kupang["region_name"] == "Kabupaten Kupang"


def test_tabel_1_2_jumlah_is_province_total(regions001):
    assert _line(699).startswith("Jumlah") and "5.573.515" in _line(699)
    tot = _one(_table(regions001.rows, "population_total"), region_type="province")
    assert tot["region_code"] == "53"
    assert tot["region_name"] == "Nusa Tenggara Timur"
    assert (tot["value"], tot["source_line"], tot["year"], tot["unit"]) == (5573515.0, 699, 2023, "orang")


def test_tabel_1_2_kabupaten_sum_to_printed_totals(regions001):
    rows = regions001.rows[regions001.rows["source_table"] == "Tabel 1.2"]
    assert set(rows["variable"]) == {"population_male", "population_female", "population_total"}
    for variable in ("population_male", "population_female", "population_total"):
        sel = rows[rows["variable"] == variable]
        parts = sel[sel["region_type"] != "province"]["value"]
        total = _one(sel, region_type="province")["value"]
        assert len(parts) == 22
        assert parts.sum() == total, variable
    wide = rows[rows["region_type"] != "province"].pivot(index="region_code", columns="variable", values="value")
    assert (wide["population_male"] + wide["population_female"] == wide["population_total"]).all()


# ---------------------------------------------------------------------------------------------
# Tabel 1.1 desa / kelurahan / kecamatan
# ---------------------------------------------------------------------------------------------


def test_tabel_1_1_counts(regions001):
    rows = regions001.rows[regions001.rows["source_table"] == "Tabel 1.1"]
    assert set(rows["variable"]) == {"desa", "kelurahan", "kecamatan"}
    assert set(rows["unit"]) == {"count"} and set(rows["year"]) == {2023}
    assert "TTS\t266\t12\t32" in _line(594)
    tts = _one(rows, region_code="53.02", variable="desa")
    assert (tts["value"], tts["source_line"]) == (266.0, 594)
    assert "Maggarai Timur\t159" in _line(609)
    matim = _one(rows, source_line=609, variable="desa")
    assert (matim["region_code"], matim["value"]) == ("53.19", 159.0)
    kec = _table(rows, "kecamatan")
    assert len(kec[kec["region_type"] != "province"]) == 22
    assert set(kec[kec["region_type"] != "province"]["region_code"]) == NTT_CODES


def test_tabel_1_1_ntt_total_reads_3026_as_thousands(regions001):
    assert _line(613).split("\t")[1:3] == ["NTT", "3.026"]
    ntt = _one(regions001.rows, source_line=613, variable="desa")
    assert (ntt["region_code"], ntt["region_type"], ntt["value"]) == ("53", "province", 3026.0)


# Tabel 1.1 (001 L591-612) as printed: desa, kelurahan ('-' = None), from Sumba Barat to Kota Kupang
TABEL_1_1_DESA = [63, 140, 160, 266, 160, 69, 158, 144, 229, 147, 255, 135, 145, 112, 164, 68, 173,
                  97, 159, 58, 127, None]
TABEL_1_1_KELURAHAN = [11, 16, 17, 12, 33, 12, 17, 7, 21, 13, 23, 16, 26, 7, 5, None, 2, 16, 17, 5,
                       None, 51]


def test_tabel_1_1_dash_is_zero_where_the_column_total_confirms_it(regions001):
    """Kelurahan: the printed cells sum to 327, the printed total (L613), so the '-' of Sumba
    Tengah (L606) and Malaka (L611) can only be 0."""
    assert _line(606).split("\t")[1:4] == ["Sumba Tengah", "68", "-"]
    assert _line(611).split("\t")[1:4] == ["Malaka", "127", "-"]
    assert _line(613).split("\t")[1:5] == ["NTT", "3.026", "327", "315"]
    assert sum(v for v in TABEL_1_1_KELURAHAN if v is not None) == 327  # 11+16+...+51
    kel = _table(regions001.rows, "kelurahan")
    for line, code in ((606, "53.17"), (611, "53.21")):
        row = _one(kel, source_line=line)
        assert (row["region_code"], row["value"]) == (code, 0.0)
        assert row["value_note"] == "printed '-'; 0 confirmed by the column total 327 at line 613"
    assert len(kel[kel["region_type"] != "province"]) == 22
    assert not [s for s in regions001.skipped if s.source_line in (606, 611)]


def test_tabel_1_1_kota_kupang_desa_is_zero_consistent_with_a_total_it_cannot_confirm(regions001):
    """Desa: the 21 printed kabupaten sum to 3029 but the total prints 3.026. No non-negative
    value of Kota Kupang's '-' (L612) gives 3026; any positive value widens the gap (3 = 0.1 %
    of 3026, under the 1 % tolerance), so 0 is the only consistent reading, and the note says
    that the total does not add up."""
    assert _line(612).split("\t")[1:3] == ["Kota Kupang", "-"]
    printed = sum(v for v in TABEL_1_1_DESA if v is not None)
    assert printed == 3029 and printed - 3026 == 3
    row = _one(_table(regions001.rows, "desa"), source_line=612)
    assert (row["region_code"], row["value"]) == ("53.71", 0.0)
    assert row["value_note"] == (
        "printed '-'; 0 is the only reading consistent with the column total 3.026 at line 613 "
        "(the other cells already sum to 3029, 3 above it; a positive value would widen the gap)")
    assert not [s for s in regions001.skipped if s.source_line == 612]


def test_tabel_1_1_values_kept_as_printed_where_total_disagrees(regions001):
    """Kecamatan and kelurahan add up; desa does not (3029 printed as 3.026): values stay as
    printed, the disagreement is for the anomaly checks."""
    rows = regions001.rows[regions001.rows["source_table"] == "Tabel 1.1"]
    sums = {}
    for variable in ("desa", "kelurahan", "kecamatan"):
        sel = rows[rows["variable"] == variable]
        sums[variable] = (sel[sel["region_type"] != "province"]["value"].sum(),
                          _one(sel, region_type="province")["value"])
    assert sums["kecamatan"] == (315.0, 315.0)
    assert sums["kelurahan"] == (327.0, 327.0)
    assert sums["desa"] == (3029.0, 3026.0)
    # every other Tabel 1.1 value is read as printed, with no note
    printed = rows[rows["value_note"] == ""]
    assert len(rows) == 3 * 23 and len(printed) == 3 * 23 - 3


# ---------------------------------------------------------------------------------------------
# Bab IV co-administered programme tables
# ---------------------------------------------------------------------------------------------


def test_alsintan_table(regions001):
    rows = regions001.rows[regions001.rows["variable"].str.startswith("alsintan_")]
    assert set(rows["variable"]) == {
        "alsintan_cultivator", "alsintan_hand_sprayer", "alsintan_kendaraan_roda_3",
        "alsintan_pompa_air", "alsintan_tr_2", "alsintan_tr_4", "alsintan_total",
    }
    assert set(rows["unit"]) == {"unit"}
    # L6748 is the first data row (the page segmenter took it for a second header row)
    assert _line(6748).split("\t") == ["1", "KAB. ALOR", "3", "20", "", "", "3", "", "26"]
    alor = rows[rows["source_line"] == 6748].set_index("variable")["value"].to_dict()
    assert alor == {"alsintan_cultivator": 3.0, "alsintan_hand_sprayer": 20.0,
                    "alsintan_tr_2": 3.0, "alsintan_total": 26.0,
                    # the three blank cells: 3 + 20 + 3 = 26 leaves nothing for them
                    "alsintan_kendaraan_roda_3": 0.0, "alsintan_pompa_air": 0.0, "alsintan_tr_4": 0.0}
    assert set(rows[rows["source_line"] == 6748]["region_code"]) == {"53.05"}
    hs = _table(rows, "alsintan_hand_sprayer")
    assert len(hs) == 23 and set(hs[hs["region_type"] != "province"]["region_code"]) == NTT_CODES
    assert "KAB. NAGAKEO" in _line(6758) and _one(hs, source_line=6758)["region_code"] == "53.16"
    assert "KAB. ROTE-ND AO\t2\t29" in _line(6760)
    rote = _one(hs, source_line=6760)
    assert (rote["region_code"], rote["value"]) == ("53.14", 29.0)
    assert _line(6770).startswith("Grand Total") and "450" in _line(6770)
    gt = _one(hs, region_type="province")
    assert (gt["region_code"], gt["value"], gt["source_line"]) == ("53", 450.0, 6770)
    for variable, sel in rows.groupby("variable"):
        parts = sel[sel["region_type"] != "province"]["value"].sum()
        assert parts == _one(sel, region_type="province")["value"], variable


def test_pupuk_allocations(regions001):
    rows = regions001.rows[regions001.rows["variable"].str.startswith("pupuk_")]
    assert set(rows["variable"]) == {"pupuk_urea_ton", "pupuk_npk_ton", "pupuk_npk_formula_ton"}
    assert set(rows["unit"]) == {"ton"} and set(rows["year"]) == {2023}
    assert _line(6787).split("\t") == ["Belu", "6.133", "3.200", "-"]
    belu = rows[rows["source_line"] == 6787].set_index("variable")["value"].to_dict()
    assert belu == {"pupuk_urea_ton": 6133.0, "pupuk_npk_ton": 3200.0, "pupuk_npk_formula_ton": 0.0}
    # bare 'Kupang' (L6791) beside 'Kota Kupang' (L6790) is the kabupaten
    assert _line(6791).startswith("Kupang\t9.573")
    assert _one(rows, source_line=6791, variable="pupuk_urea_ton")["region_code"] == "53.01"
    assert _one(rows, source_line=6790, variable="pupuk_urea_ton")["region_code"] == "53.71"
    urea = _table(rows, "pupuk_urea_ton")
    assert len(urea) == 23
    assert _one(urea, region_type="province")["value"] == 82857.0
    # NPK Formula: the twelve printed allocations sum to 2295, 2 (0.09 %) above the printed
    # 2.293 (L6808), so the ten '-' are 0, consistent with the total
    assert _line(6808).split("\t") == ["Total", "82.857", "89.845", "2.293"]
    assert 869 + 12 + 2 + 25 + 7 + 151 + 199 + 18 + 900 + 107 + 2 + 3 == 2295
    formula = _table(rows, "pupuk_npk_formula_ton")
    zeros = formula[formula["value"] == 0]
    assert sorted(zeros["source_line"]) == [6786, 6787, 6790, 6792, 6793, 6795, 6800, 6802, 6803, 6804]
    assert set(zeros["value_note"]) == {
        "printed '-'; 0 is the only reading consistent with the column total 2.293 at line 6808 "
        "(the other cells already sum to 2295, 2 above it; a positive value would widen the gap)"}
    assert not [s for s in regions001.skipped
                if 6786 <= s.source_line <= 6807 and s.reason.startswith("dash")]


def test_alsintan_blank_cells_are_zero_by_row_and_column_totals(regions001):
    """001 L6747-6770: blank cells of the alsintan allocation table. L6763 Sumba Barat prints
    only hand sprayers 20 and TR 4 1 beside a Grand Total of 21 (20 + 1 = 21), so its four blank
    cells are 0; every column also adds up to the Grand Total row (L6770)."""
    assert _line(6763).split("\t") == ["16", "KAB. SUMBA BARAT", "", "20", "", "", "", "1", "21"]
    assert _line(6770).split("\t") == ["Grand Total", "", "98", "450", "30", "107", "179", "36", "900"]
    rows = regions001.rows
    sb = rows[rows["source_line"] == 6763].set_index("variable")
    assert sb["value"].to_dict() == {
        "alsintan_cultivator": 0.0, "alsintan_hand_sprayer": 20.0, "alsintan_kendaraan_roda_3": 0.0,
        "alsintan_pompa_air": 0.0, "alsintan_tr_2": 0.0, "alsintan_tr_4": 1.0, "alsintan_total": 21.0}
    assert sb.loc["alsintan_cultivator", "value_note"] == (
        "printed blank; 0 confirmed by the column total 98 at line 6770 and the row total 21 at line 6763")
    assert sb.loc["alsintan_hand_sprayer", "value_note"] == ""
    # cultivator column as printed (L6748-6769, blanks left out) sums to the Grand Total 98
    assert 3 + 11 + 5 + 18 + 13 + 2 + 2 + 2 + 3 + 2 + 1 + 4 + 2 + 10 + 9 + 11 == 98
    zeros = rows[rows["variable"].str.startswith("alsintan_") & (rows["value_note"] != "")]
    blanks = sum(c == "" for ln in range(6748, 6770) for c in _line(ln).split("\t")[2:8])
    assert blanks == 29  # every blank of the six item columns, as counted on the printed lines
    assert len(zeros) == blanks and set(zeros["value"]) == {0.0}
    assert zeros["value_note"].str.startswith("printed blank; 0 confirmed by the column total").all()


def test_bab_iv_harvest_dashes_are_zero_but_yields_stay_missing(regions001):
    """001 L6563-6570 (jagung): harvested area 275 + 1,000 = 1.275 and production 2,700 = 2.700
    as printed in the TOTAL row, so the '-' of TTS (L6565) are 0; the yield column (Ton/ha) is a
    rate, its '-' stay missing and are listed."""
    assert _line(6565).split("\t")[-3:] == ["-", "-", "-"]
    assert _line(6570).split("\t")[-3:] == ["1.275", "2.700", "3"]
    rows = regions001.rows
    tts = rows[rows["source_line"] == 6565].set_index("variable")
    assert tts.loc["jagung_realisasi_panen_area_ha", "value"] == 0.0
    assert tts.loc["jagung_realisasi_panen_area_ha", "value_note"] == (
        "printed '-'; 0 confirmed by the column total 1.275 at line 6570")
    assert tts.loc["jagung_realisasi_panen_production_ton", "value"] == 0.0
    assert "jagung_realisasi_panen_yield_ton_per_ha" not in tts.index
    reasons = [s.reason for s in regions001.skipped if s.source_line == 6565]
    assert reasons == ["dash: zero or not reported (column 'Realisasi panen (ha) Provitas (Ton/ha)')"]
    # kedelai (L6507-6515): Kupang's planted area '-' (L6509) is 0 since 745.5 + 364.5 + 161 + 58
    # = 1.329; its 'Puso' '-' stays missing because the column holds a malformed '370,,20'
    assert 745.5 + 364.5 + 161 + 58 == 1329
    kupang = rows[rows["source_line"] == 6509].set_index("variable")
    assert kupang.loc["kedelai_realisasi_fisik_area_tanam_ha", "value"] == 0.0
    assert "kedelai_puso" not in kupang.index
    assert "dash: zero or not reported (column 'Puso')" in [
        s.reason for s in regions001.skipped if s.source_line == 6509]


SMALL_TABLE = "Tabel 9.9 Bantuan sapi\n\nNo\tKabupaten\tSapi (ekor)\n1\tAlor\t5\n2\tBelu\t-\n3\tEnde\t4\nJumlah\t\t{total}\n"


@pytest.mark.parametrize("total, belu, note", [
    ("9", 0.0, "printed '-'; 0 confirmed by the column total 9 at line 7"),   # 5 + 4 = 9
    ("11", None, None),  # 5 + 4 = 9 < 11: the dash may hide 2
    ("8", None, None),   # 5 + 4 = 9 is 12.5 % above 8: not a sum of the column
])
def test_dash_is_zero_only_where_the_total_leaves_no_room(metas, total, belu, note):
    doc = parse_document(SMALL_TABLE.format(total=total), "t")
    ex = extract_regions(doc, metas["001"])
    rows = ex.rows[ex.rows["region_code"] == "53.04"]
    if belu is None:
        assert rows.empty
        assert [s.reason for s in ex.skipped if s.source_line == 5] == [
            "dash: zero or not reported (column 'Sapi (ekor)')"]
    else:
        assert (rows.iloc[0]["value"], rows.iloc[0]["value_note"]) == (belu, note)


def test_zero_reading_rule():
    assert zero_reading([11, 16, 300], 327) == "confirmed"
    assert zero_reading([375.25, 59.35, 98], 532.6) == "confirmed"        # float sums
    assert zero_reading([3029], 3026) == "consistent"                      # 3 <= 1 % of 3026
    assert zero_reading([3029], 3026, overshoot=0.0) is None
    assert zero_reading([3100], 3026) is None                              # 74 > 30.26
    assert zero_reading([300], 327) is None                                # room for 27
    assert zero_reading([-1, 328], 327) is None                            # not amounts


def test_kedelai_and_jagung_number_styles(regions001):
    rows = regions001.rows
    # L6515 'J U M L A H … 1.329 …' in a column of US-style decimals (745.5): 1329 ha
    assert _line(6515).split("\t")[4] == "1.329" and _line(6510).split("\t")[4] == "745.5"
    tanam = _table(rows, "kedelai_realisasi_fisik_area_tanam_ha")
    assert _one(tanam, source_line=6515)["value"] == 1329.0
    assert _one(tanam, source_line=6510)["value"] == 745.5
    assert tanam[tanam["region_type"] != "province"]["value"].sum() == 1329.0
    # L6565 'TTS … 7,500' kg of seed: 7500, summing with the others to the printed 37.500
    assert _line(6565).split("\t")[5] == "7,500"
    benih = _table(rows, "jagung_benih_kg")
    assert _one(benih, source_line=6565)["value"] == 7500.0
    assert benih[benih["region_type"] != "province"]["value"].sum() == _one(benih, region_type="province")["value"] == 37500.0
    assert _one(rows, source_line=6568, variable="jagung_alokasi_ha")["region_code"] == "53.18"  # 'SBD'


def test_malformed_numbers_are_skipped_with_the_parse_note(regions001):
    assert "4.500." in _line(6499) and "370,,20" in _line(6510)
    skipped = {(s.source_line, s.reason.split(" (")[0]) for s in regions001.skipped}
    assert (6499, "malformed number") in skipped
    assert (6510, "malformed number") in skipped
    phc = _table(regions001.rows, "kedelai_saprodi_phc_ltr")
    assert 6499 not in set(phc["source_line"])


def test_subtotals_carry_the_kabupaten_value_in_grouped_tables(regions001):
    rows = regions001.rows
    jahe = _table(rows, "jahe_area_ha")
    assert set(jahe["region_code"]) == {"53.08", "53.18", "53.10", "53"}
    assert _line(6615).startswith("Jumlah Ende") and _line(6617).startswith("Jumlah SBD")
    ende = _one(jahe, region_code="53.08")
    assert (ende["value"], ende["source_line"], ende["region_type"]) == (5.0, 6615, "kabupaten")
    assert _one(jahe, region_code="53.18")["source_line"] == 6617
    assert _one(jahe, region_code="53")["value"] == 20.0
    reasons = {s.source_line: s.reason for s in regions001.skipped}
    for line in (6612, 6613, 6614, 6616):
        assert reasons[line].startswith("replaced by its subtotal"), line


def test_grouped_table_without_subtotal_is_not_summed(regions001):
    rows = regions001.rows
    alpukat = _table(rows, "alpukat_area_ha")
    assert list(alpukat["region_code"]) == ["53"]  # only the printed 'Jumlah'
    assert _line(6648).startswith("Jumlah") and _line(6648).endswith("50")
    assert alpukat.iloc[0]["value"] == 50.0
    assert "Sikka" in _line(6642)
    reasons = {s.source_line: s.reason for s in regions001.skipped}
    assert reasons[6642].startswith("grouped table")


def test_output_contract(regions001):
    rows = regions001.rows
    assert list(rows.columns) == REGION_COLUMNS + ["value_note"]
    assert not rows.duplicated(["region_code", "variable", "year"]).any()
    assert set(rows["region_type"]) == {"kabupaten", "kota", "province"}
    assert rows["variable"].str.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*").all()
    assert list(rows["source_line"]) == sorted(rows["source_line"])
    assert set(rows["doc_id"]) == {"001"}
    # every data row of Tabel 1.1 and 1.2 is either output or skipped with a reason
    accounted = regions001.consumed_lines | {s.source_line for s in regions001.skipped}
    assert set(range(591, 614)) <= accounted and set(range(677, 700)) <= accounted


def test_no_region_tables_in_other_documents(metas):
    for doc_id in ("002", "003", "004"):
        ex = extract_regions(load_doc(doc_id), metas[doc_id])
        assert len(ex.rows) == 0 and ex.skipped == []


def test_same_values_when_lines_move(metas, regions001):
    """Generic extraction: with 7 lines of prose added on top, the values are the same and the
    lines move by 7."""
    doc = load_doc("001")
    shifted = parse_document("Catatan\n\nTeks tambahan.\n\n\nLagi.\n\n" + "\n".join(doc.lines) + "\n", "001")
    moved = extract_regions(shifted, metas["001"]).rows
    a = regions001.rows.drop(columns=["source_table"])
    b = moved.drop(columns=["source_table"]).assign(
        source_line=moved["source_line"] - 7,
        value_note=moved["value_note"].str.replace(r"line (\d+)", lambda m: f"line {int(m.group(1)) - 7}",
                                                   regex=True))
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


# ---------------------------------------------------------------------------------------------
# Header words → variable names and units
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cells, topic, expected", [
    (["PENDUDUK", "LAKI-LAKI (jiwa)"], None, ("population_male", "orang")),
    (["PENDUDUK", "PEREMPUAN (jiwa)"], None, ("population_female", "orang")),
    (["PENDUDUK", "JUMLAH (jiwa)"], None, ("population_total", "orang")),
    (["Desa"], None, ("desa", None)),
    (["Alokasi Tahun 2023", "Urea"], "pupuk", ("pupuk_urea", None)),
    (["Grand Total"], "alsintan", ("alsintan_total", None)),
    (["Realisasi panen (ha)", "Provitas (Ton/ha)"], "jagung", ("jagung_realisasi_panen_yield_ton_per_ha", "ton/ha")),
    (["Presentase % Penyaluran"], "kedelai", ("kedelai_penyaluran_pct", "%")),
    (["Alokasi (ha)"], "jagung", ("jagung_alokasi_ha", "ha")),
])
def test_variable_from_header(cells, topic, expected):
    assert variable_from_header(cells, topic) == expected


def test_pdf_word_splits_rejoined_from_document_words():
    assert variable_from_header(["CULTIV ATOR"], "alsintan", {"cultivator"})[0] == "alsintan_cultivator"
    assert variable_from_header(["CULTIV ATOR"], "alsintan")[0] == "alsintan_cultiv_ator"
    # both parts are words of their own: not joined
    assert variable_from_header(["HAND SPRAYER"], None, {"hand", "sprayer", "handsprayer"})[0] == "hand_sprayer"


def test_unit_from_header():
    assert unit_from_header(["Luas (ha)"]) == "ha"
    assert unit_from_header(["Herbisida/Pestisida (Ltr)"]) == "ltr"
    assert unit_from_header(["Provitas (Kw/Ha)"]) == "kw/ha"
    assert unit_from_header(["Kecamatan"]) is None
    assert unit_from_header(["Realisasi (miliar rupiah)"]) == "rupiah"


@pytest.mark.parametrize("header, expected", [
    ("Realisasi (miliar rupiah)", ("rupiah", 1e9, "miliar")),
    ("Pagu (Rp juta)", ("rupiah", 1e6, "juta")),
    ("Anggaran (Rp. 000)", ("rupiah", 1e3, "000")),
    ("Dana (ribu rupiah)", ("rupiah", 1e3, "ribu")),
    ("Penduduk (ribu jiwa)", ("orang", 1e3, "ribu")),
    ("Realisasi (Rp M)", ("rupiah", 1e9, "M")),
    ("Realisasi (%)", ("%", 1.0, "")),
    ("Luas (m)", (None, 1.0, "")),          # a metre, not miliar
    ("Jarak (000 km)", ("km", 1.0, "")),    # '000' scales only a currency
])
def test_unit_scale_from_header(header, expected):
    assert unit_scale_from_header([header]) == expected


# ---------------------------------------------------------------------------------------------
# Activity locations
# ---------------------------------------------------------------------------------------------


def test_activity_locations_desa_per_kabupaten_line_2707(locations001):
    rows = locations001.rows
    assert "15 Desa di Kab. Alor, 18 Desa di Kab. Belu, 39 Desa di kab. SBD dan 22 Desa di Rote Ndao" in _line(2707)
    at = rows[rows["source_line"] == 2707]
    assert set(at["region_code"]) == {"53.05", "53.04", "53.18", "53.14"}
    assert set(at["entity"]) == {"Dinas Pemberdayaan Masyarakat Desa"}
    # the budget row is L2703: name and 'Input: Rp. 44.132.080,-'
    assert "Sub Kegiatan: 1. Fasilitasi Kabupaten/Kota dan Desa dalam rangka Penataan Desa" in _line(2703)
    assert "Rp. 44.132.080" in _line(2703)
    assert set(at["budget_line"]) == {"Sub Kegiatan: 1. Fasilitasi Kabupaten/Kota dan Desa dalam rangka Penataan Desa"}
    assert _one(at, region_code="53.18")["mention"] == "kab. SBD"


def test_activity_locations_line_4642(locations001):
    rows = locations001.rows
    assert "Kab. Nagakeo, Kab. Sikka, Kab. TTS, Kab. TTU" in _line(4642)
    assert _line(4641).split("\t")[2] == "Pengendalian Administrasi pelaksanaan Pembangunan"
    at = rows[rows["source_line"] == 4642]
    assert set(at["region_code"]) == {"53.71", "53.01", "53.16", "53.07", "53.02", "53.03"}
    nagekeo = _one(at, region_code="53.16")
    assert nagekeo["mention"] == "Kab. Nagakeo"
    assert nagekeo["budget_line"] == "Pengendalian Administrasi pelaksanaan Pembangunan"
    assert nagekeo["entity"] == "Biro Perekonomian dan Administrasi Pembangunan"


def test_activity_locations_line_4138(locations001):
    assert "Output : Terlaksananya edukasi konsumen di Kab. TTS" in _line(4138)
    row = _one(locations001.rows, source_line=4138)
    assert (row["region_code"], row["mention"]) == ("53.02", "Kab. TTS")
    assert row["entity"] == "Dinas Perindustrian dan Perdagangan"
    assert row["budget_line"] == "Pemberdayaan Konsumen dan Kelembagaan Perlindungan Konsumen"


def test_bare_kupang_is_not_assigned(locations001):
    assert "(khususnya Kupang, TTS dan Kabupaten Kupang)" in _line(3654)
    at = locations001.rows[locations001.rows["source_line"] == 3654]
    assert sorted(at["mention"]) == ["Kabupaten Kupang", "TTS"]
    skipped = [s for s in locations001.skipped if s.source_line == 3654]
    assert len(skipped) == 1 and skipped[0].reason.startswith("ambiguous mention ('Kupang'")


def test_policy_and_problem_columns_are_not_searched(locations001):
    # L1965: 'PDAM Kota Kupang' in the Permasalahan column, not a place of the activity
    assert "PDAM Kota Kupang" in _line(1965).split("\t")[5]
    assert 1965 not in set(locations001.rows["source_line"])


def test_activity_locations_contract(locations001, metas):
    rows = locations001.rows
    assert list(rows.columns) == ACTIVITY_LOCATION_COLUMNS
    assert len(rows) > 100
    assert not rows.duplicated(["budget_line", "region_code", "source_line"]).any()
    assert list(rows["source_line"]) == sorted(rows["source_line"])
    assert set(rows["region_code"]) <= NTT_CODES
    assert locations001.consumed_lines == set()
    again = extract_activity_locations(load_doc("001"), metas["001"]).rows
    pd.testing.assert_frame_equal(rows, again)


def _located(text: str, province: str):
    from analysis.extract.base import DocMeta

    meta = DocMeta(doc_id="t", file="x.txt", sha256="", province=province, fiscal_year=2016,
                   doc_type="LKIP", entity="Dinas Contoh", title="")
    return extract_activity_locations(parse_document(text, "t"), meta)


def test_location_column_of_a_kegiatan_table():
    # a list of bantuan keuangan by kabupaten (Jawa Barat LKIP 2016 layout, misspelt 'Realiasi'):
    # each Lokasi cell names one kabupaten, the row's kegiatan is the budget line
    text = ("Tabel 3.8. Pelaksanaan Bantuan Keuangan\n\n"
            "No\tUraian Kegiatan\tRealiasi Anggaran\tLokasi\n"
            "1\tBidang Perindustrian dan Perdagangan\t418,944,700\tKab. Bandung Barat\n"
            "2\tKajian Potensi Industri Kelapa\t249,190,000\tKab. Pangandaran\n"
            "3\tPembinaan IKM\t100,000,000\tKab. Bandung, Kab. Garut dan Kota Cirebon\n")
    res = _located(text, "Jawa Barat")
    got = [(r.source_line, r.budget_line, r.region_code, r.mention) for r in res.rows.itertuples()]
    assert got == [
        (4, "Bidang Perindustrian dan Perdagangan", "32.17", "Kab. Bandung Barat"),
        (5, "Kajian Potensi Industri Kelapa", "32.18", "Kab. Pangandaran"),
        (6, "Pembinaan IKM", "32.04", "Kab. Bandung"),
        (6, "Pembinaan IKM", "32.05", "Kab. Garut"),
        (6, "Pembinaan IKM", "32.74", "Kota Cirebon"),
    ]
    assert set(res.rows["entity"]) == {"Dinas Contoh"} and res.skipped == []


def test_location_cell_read_as_one_name_and_what_is_no_kabupaten():
    # Renja plan form: 'Jombang' alone is Kabupaten Jombang (35.17); a province, an office and
    # a misspelling (no fuzzy guess in a cell) give nothing
    plan = ("No\tProgram/Kegiatan\tLokasi\tPagu Indikatif (Rp.)\n"
            "1\tPenyelenggaraan Pengawasan Internal\tJombang\t1.117.833.200\n"
            "2\tPerencanaan dan Evaluasi\tJawa Timur\t42.750.500\n"
            "3\tPemeliharaan Gedung Laboratorium\tBPMKL\t55.000.000\n"
            "4\tPembinaan Teknis\tJombangg\t10.000.000\n")
    res = _located(plan, "Jawa Timur")
    assert [(r.source_line, r.region_code, r.mention) for r in res.rows.itertuples()] == [(2, "35.17", "Jombang")]
    # a name shared by a kabupaten and a kota is not assigned: listed with its candidates
    res = _located("No\tSub Kegiatan\tLokasi\tJumlah lembaga\n1\tRapat Rutin FPK\tKupang\t29\n",
                   "Nusa Tenggara Timur")
    assert res.rows.empty
    assert [(s.source_line, s.reason) for s in res.skipped] == [
        (2, "ambiguous location ('Kupang' could be 53.01, 53.71; not assigned; budget line 'Rapat Rutin FPK')")]


def test_location_column_without_a_name_column_is_not_read():
    res = _located("No\tLokasi\tLuas (ha)\n1\tKab. Garut\t120\n2\tKab. Ciamis\t80\n", "Jawa Barat")
    assert res.rows.empty


# ---------------------------------------------------------------------------------------------
# activity_counts
# ---------------------------------------------------------------------------------------------


def test_activity_counts_small_case():
    loc = pd.DataFrame({
        "region_code": ["53.01", "53.01", "53.01", "53.71", None],
        "budget_line": ["A", "A", "B", "A", "A"],
    })
    pop = pd.DataFrame({
        "region_code": ["53.01", "53.71", "53.02", "53"],
        "region_name": ["Kabupaten Kupang", "Kota Kupang", "Kabupaten Timor Tengah Selatan", "NTT"],
        "variable": ["population_total"] * 4,
        "value": [400000.0, 200000.0, 500000.0, 1100000.0],
        "year": [2023] * 4,
    })
    out = activity_counts(loc, pop)
    assert list(out.columns) == ACTIVITY_COUNT_COLUMNS
    assert list(out["region_code"]) == ["53.01", "53.02", "53.71"]
    assert list(out["mentions"]) == [3, 0, 1]
    assert list(out["budget_lines"]) == [2, 0, 1]
    assert list(out["mentions_per_100k"]) == [0.75, 0.0, 0.5]


def test_activity_counts_latest_year_and_conflicts():
    loc = pd.DataFrame({"region_code": ["53.05"], "budget_line": ["X"]})
    pop = pd.DataFrame({"region_code": ["53.05", "53.05"], "variable": ["population_total"] * 2,
                        "value": [200000.0, 250000.0], "year": [2022, 2023]})
    out = activity_counts(loc, pop)
    assert out.iloc[0]["population_year"] == 2023 and out.iloc[0]["mentions_per_100k"] == 0.4
    assert activity_counts(loc, pop, year=2022).iloc[0]["mentions_per_100k"] == 0.5
    conflict = pd.concat([pop, pop.assign(value=[1.0, 2.0])])
    with pytest.raises(ValueError, match="different values"):
        activity_counts(loc, conflict)
    no_pop = activity_counts(loc, pop.iloc[0:0])
    assert no_pop.iloc[0]["mentions"] == 1 and math.isnan(no_pop.iloc[0]["mentions_per_100k"])


def test_activity_counts_on_document_001(locations001, regions001):
    out = activity_counts(locations001.rows, regions001.rows)
    assert len(out) == 22 and set(out["region_code"]) == NTT_CODES
    assert out["mentions"].sum() == len(locations001.rows)
    kota = _one(out, region_code="53.71")
    n = int((locations001.rows["region_code"] == "53.71").sum())
    assert kota["population"] == 443349.0
    assert kota["mentions"] == n > 0
    assert kota["mentions_per_100k"] == pytest.approx(1e5 * n / 443349)


# ---------------------------------------------------------------------------------------------
# The name-column pre-tests stop early but decide as the full count would
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["63", "Sumba Barat", "140"], True),        # 2 of 3 numbers: 2 * 2 >= 3
        (["63", "Sumba Barat", "Kupang"], False),    # 1 of 3
        (["3.026", "NTT"], True),                    # 1 of 2 is half: 1 * 2 >= 2
        (["-", "Kupang", "1.234", "9,5"], True),     # a dash is no number; 2 of 4
        (["-", "Kupang", "TTS", "9,5"], False),      # 1 of 4
        ([], True),                                  # 0 * 2 >= 0, as the plain count gives
    ],
)
def test_mostly_numeric_is_the_half_rule(cells, expected):
    from analysis.extract.regional import _mostly_numeric

    assert _mostly_numeric(cells) is expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # 001 Tabel 1.1 (lines 591-593): every name may resolve (bare 'Kupang' is ambiguous)
        (["Sumba Barat", "Sumba Timur", "Kupang"], False),
        # two of four may resolve: not more than half, so no name column
        (["Kupang", "Desa", "Kelurahan", "Ende"], True),
        # three of five ('Jumlah' is the province total)
        (["Alor", "Desa", "Jumlah", "Kecamatan", "Sikka"], False),
        (["Desa", "Kelurahan"], True),
    ],
)
def test_too_few_names_is_the_more_than_half_rule(labels, expected):
    from analysis.extract.regional import _too_few_names

    assert _too_few_names(labels, "53") is expected


# A Renja programme table (the layout of a kabupaten Inspektorat's 'Reviu rancangan awal RKPD'):
# the LOKASI column names the agency's own kabupaten on every row.
LOCATION_TABLE = (
    "Tabel 2.3 Reviu rancangan awal RKPD\n\n"
    "No\tProgram / Kegiatan\tLokasi\tIndikator Kinerja\tTarget Capaian\tAnggaran (Rp.)\n"
    "1\tProgram Penyelenggaraan Pengawasan\t{place}\tPersentase tindak lanjut\t93.5%\t1.306.411.200\n"
    "\tPengawasan Internal\t{place}\tPersentase laporan\t93.5%\t1.117.833.200\n"
    "\tPengawasan dengan Tujuan Tertentu\t{place}\tPersentase laporan tertentu\t93.5%\t188.578.000\n"
    "2\tProgram Perumusan Kebijakan\t{place}\tPersentase kebijakan\t100%\t570.275.000\n"
)


def test_a_location_column_naming_one_place_on_every_row_is_no_kabupaten_table(metas):
    doc = parse_document(LOCATION_TABLE.format(place="Ende"), "t")
    ex = extract_regions(doc, metas["001"])
    assert ex.rows.empty
    # the same layout naming several kabupaten is still read per kabupaten (Ende 53.08,
    # TTS 53.02, Belu 53.04, Alor 53.05: four rows, one each)
    places = iter(["Ende", "TTS", "Belu", "Alor"])
    text = "".join(line.replace("{place}", next(places)) if "{place}" in line else line
                   for line in LOCATION_TABLE.splitlines(keepends=True))
    rows = extract_regions(parse_document(text, "t"), metas["001"]).rows
    assert sorted(set(rows["region_code"])) == ["53.02", "53.04", "53.05", "53.08"]


def test_rows_come_in_the_declared_order(regions001, metas):
    """The rows are sorted before the frame is built: the order (and the fresh index) is the
    one a stable sort of the frame on the declared keys gives (001: 539 kabupaten/kota rows and
    the activity locations of its 3.1.2 tables)."""
    frame = regions001.rows
    assert len(frame) == 539
    again = frame.sort_values(["source_line", "region_code", "variable", "year"], kind="mergesort")
    assert frame.equals(again.reset_index(drop=True)) and list(frame.index) == list(range(len(frame)))
    locations = extract_activity_locations(load_doc("001"), metas["001"]).rows
    assert len(locations) == 213
    again = locations.sort_values(["source_line", "region_code", "budget_line", "mention"], kind="mergesort")
    assert locations.equals(again.reset_index(drop=True))
    assert str(frame["year"].dtype) == str(frame["source_line"].dtype) == str(locations["source_line"].dtype) == "int64"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcXYZ \t\n\u00a0\u2003\u001c\u0085-.,1İſé"), max_size=200))
def test_doc_words_is_the_scan_of_the_whole_prose(text):
    """_doc_words scans each distinct whitespace-separated token once: the words of the whole
    prose scanned at once (unusual whitespace, dotted capital I and long s included)."""
    import re

    from analysis.extract.regional import _doc_words

    doc = parse_document(text, "t")
    plain = frozenset(re.findall(r"[a-z]+", "\n".join(line for _i, line in doc.text_lines()).lower()))
    assert _doc_words(doc) == plain


def test_doc_words_of_the_bundled_documents():
    import re

    from analysis.extract.regional import _doc_words

    for doc_id in ("001", "002", "003", "004"):
        doc = load_doc(doc_id)
        plain = frozenset(re.findall(r"[a-z]+", "\n".join(line for _i, line in doc.text_lines()).lower()))
        assert _doc_words(doc) == plain
    assert {"kabupaten", "kupang"} <= _doc_words(load_doc("001"))


@needs_corpus
def test_jabar_disperindag_lkip_2016_bantuan_keuangan_locations():
    """Disperindag Jawa Barat LKIP 2016, Tabel 3.8 page 80 (*Pelaksanaan Bantuan Keuangan*:
    Uraian Kegiatan | Realiasi Anggaran | Lokasi): seven kabupaten, one row each."""
    from analysis.extract.base import DocMeta
    from analysis.extract.pdf import render_pdf

    doc = parse_document(render_pdf(CORPUS / "jabar-disperindag-lkip-2016.pdf", pages=[80]).text, "c")
    meta = DocMeta(doc_id="c", file="x.pdf", sha256="", province="Jawa Barat", fiscal_year=2016,
                   doc_type="LKIP", entity="Dinas Perindustrian dan Perdagangan", title="")
    rows = extract_activity_locations(doc, meta).rows
    assert list(rows["region_code"]) == ["32.17", "32.07", "32.03", "32.09", "32.18", "32.14", "32.06"]
    pangandaran = _one(rows, region_code="32.18")
    assert pangandaran["budget_line"] == "Kajian Identifikasi Potensi dan Kompetensi dalam Industri Kelapa dan Turunannya"
    assert {doc.page_of(int(x)) for x in rows["source_line"]} == {80}


def test_values_printed_in_thousands_are_scaled():
    # 'Jumlah Penduduk (ribu jiwa)': the values are thousands of people; population_total is
    # in people (the disparities study divides by it), and the note says so
    from analysis.extract.base import DocMeta

    text = ("Tabel 1.2 Jumlah Penduduk per Kabupaten/Kota Tahun 2023\n\n"
            "No\tKabupaten/Kota\tJumlah Penduduk (ribu jiwa)\n"
            "1\tKab. Bogor\t5.556,2\n2\tKab. Sukabumi\t2.790,4\n3\tKota Bandung\t2.506,6\n")
    meta = DocMeta("t", "x.txt", "", "Jawa Barat", 2023, "LKPJ", "Pemerintah Provinsi Jawa Barat", "")
    rows = extract_regions(parse_document(text, "t"), meta).rows
    bogor = _one(rows, region_code="32.01")
    assert (bogor["variable"], bogor["value"], bogor["unit"]) == ("population_total", 5_556_200, "orang")
    assert bogor["value_note"] == "printed in ribu jiwa; multiplied by 1,000"


def test_square_kilometres_are_a_unit():
    from analysis.extract.regional import variable_from_header

    assert variable_from_header(["Luas Wilayah (km2)"]) == ("area_wilayah_km2", "km2")
    assert variable_from_header(["Luas (km²)"]) == ("area_km2", "km2")


def test_kabupaten_table_printed_in_two_halves_side_by_side():
    # 'No | Kabupaten/Kota | IPM | No | Kabupaten/Kota | IPM' (nine kabupaten/kota in two halves):
    # every value goes to the kabupaten/kota beside it; before, the right half's values were
    # given to the left half's kabupaten as a variable 'ipm_2' and its numbers read as 'no'
    ex = _regions_of("\n".join([
        "Tabel 2.3 IPM Kabupaten/Kota Tahun 2023",
        "No\tKabupaten/Kota\tIPM\tNo\tKabupaten/Kota\tIPM",
        "1\tJembrana\t72,84\t6\tBangli\t70,52",
        "2\tTabanan\t76,54\t7\tKarangasem\t68,72",
        "3\tBadung\t82,24\t8\tBuleleng\t73,73",
        "4\tGianyar\t78,85\t9\tDenpasar\t84,98",
        "5\tKlungkung\t72,71\t\tBali\t77,10",
    ]) + "\n", "Bali")
    assert set(ex.rows["variable"]) == {"ipm"}
    got = dict(zip(ex.rows["region_code"], ex.rows["value"]))
    assert (got["51.01"], got["51.06"], got["51.71"], got["51"]) == (72.84, 70.52, 84.98, 77.1)
    assert len(got) == 10 and ex.rows.loc[ex.rows["region_code"] == "51.06", "source_line"].tolist() == [3]


def test_unit_closing_the_caption_of_a_years_only_table():
    # 'Tingkat Pengangguran Terbuka … Tahun 2022-2023 (%)' over year columns: the values are
    # percentages (the unit after the region words was cut with them)
    ex = _regions_of("\n".join([
        "Tabel 2.4 Tingkat Pengangguran Terbuka Kabupaten/Kota Tahun 2022-2023 (%)",
        "No\tKabupaten/Kota\t2022\t2023",
        "1\tJembrana\t3,51\t2,97",
        "2\tTabanan\t3,36\t2,43",
        "3\tDenpasar\t6,03\t3,93",
    ]) + "\n", "Bali")
    assert set(ex.rows["variable"]) == {"tingkat_pengangguran_terbuka_pct"} and set(ex.rows["unit"]) == {"%"}


def test_a_share_named_without_a_percent_sign_is_in_percent():
    # 'Persentase Penduduk Miskin … Tahun 2023' over year columns: the values are percentages
    # (unit '%', variable …_pct) although no '%' is printed; they had no unit, read as levels
    ex = _regions_of("\n".join([
        "Tabel 2.2 Persentase Penduduk Miskin menurut Kabupaten/Kota Tahun 2022-2023",
        "No\tKabupaten/Kota\t2022\t2023",
        "1\tSumba Barat\t28,50\t28,12",
        "2\tTTS\t26,50\t26,30",
        "3\tKota Kupang\t8,60\t8,40",
    ]) + "\n", "Nusa Tenggara Timur")
    t = _table(ex.rows, "population_miskin_pct")
    assert set(t["unit"]) == {"%"} and len(t) == 6
    assert t.loc[(t["region_code"] == "53.02") & (t["year"] == 2023), "value"].tolist() == [26.3]


def test_years_in_brackets_are_a_unit():
    # 'AHH (Tahun)', 'Rata-rata Lama Sekolah (Tahun)': durations in years (unit tahun, not
    # summed into a total); the unit was empty. A year label ('Tahun 2023') is no unit
    from analysis.extract.regional import NON_ADDITIVE_UNITS, variable_from_header

    assert variable_from_header(["AHH (Tahun)"]) == ("ahh", "tahun")
    assert variable_from_header(["Harapan Lama Sekolah (tahun)"]) == ("harapan_lama_sekolah", "tahun")
    assert variable_from_header(["Jumlah Penduduk Tahun 2023 (Jiwa)"]) == ("population_total", "orang")
    assert "tahun" in NON_ADDITIVE_UNITS


def test_population_density_is_people_per_square_kilometre():
    # 'Kepadatan (Jiwa/Km2)' is a density: variable density_per_km2, unit orang/km2 (it was 'count', the variable
    # 'kepadatan_jiwa'), and a density column never adds up to the province's figure
    from analysis.extract.regional import NON_ADDITIVE_UNITS, variable_from_header

    assert variable_from_header(["Kepadatan (Jiwa/Km2)"]) == ("density_per_km2", "orang/km2")
    assert variable_from_header(["Kepadatan Penduduk (jiwa/km²)"]) == ("density_population_per_km2", "orang/km2")
    assert "orang/km2" in NON_ADDITIVE_UNITS
    ex = _regions_of("\n".join([
        "Tabel 2.1 Luas Wilayah dan Kepadatan Penduduk Menurut Kabupaten/Kota Tahun 2023",
        "No\tKabupaten/Kota\tLuas (Km2)\tKepadatan (Jiwa/Km2)",
        "1\tJembrana\t841,80\t380",
        "2\tTabanan\t839,33\t561",
        "3\tKota Denpasar\t127,78\t5.857",
    ]) + "\n", "Bali")
    dens = _table(ex.rows, "density_per_km2")
    assert dens["value"].tolist() == [380, 561, 5857] and set(dens["unit"]) == {"orang/km2"}


# --------------------------------------------------------------------------------------
# Kabupaten/kota printed as columns
# --------------------------------------------------------------------------------------
def _regions_of(text: str, province: str):
    from analysis.extract.base import DocMeta
    from analysis.extract.regional import extract_regions

    meta = DocMeta("t", "x.txt", "", province, 2023, "LKPJ", "Pemerintah Provinsi", "")
    return extract_regions(parse_document(text, "t"), meta)


BALI_ACROSS = "\n".join([
    "Tabel 2.5 Indeks Pembangunan Manusia Kabupaten/Kota di Provinsi Bali Tahun 2023",
    "Indikator\tJembrana\tTabanan\tBadung\tGianyar\tKlungkung\tBangli\tKarangasem\tBuleleng\tDenpasar",
    "IPM\t74,87\t77,90\t82,14\t78,88\t73,90\t71,69\t69,61\t73,16\t84,40",
    "Penduduk Miskin (%)\t4,40\t4,04\t1,98\t3,98\t4,47\t4,69\t6,00\t5,23\t2,34",
]) + "\n"


def test_kabupaten_printed_as_columns_read_as_rows():
    """Bali's nine kabupaten/kota across the page, a variable per row: nothing was read (and
    nothing listed) before; now a row per kabupaten/kota and variable, the variable's line as
    source line."""
    ex = _regions_of(BALI_ACROSS, "Bali")
    rows = ex.rows
    ipm = rows[rows["variable"] == "ipm"].set_index("region_code")["value"]
    assert len(ipm) == 9 and ipm["51.01"] == 74.87 and ipm["51.71"] == 84.40 and ipm["51.07"] == 69.61
    poor = rows[rows["variable"] == "population_miskin_pct"]
    assert poor.set_index("region_code")["value"]["51.03"] == 1.98 and set(poor["unit"]) == {"%"}
    assert set(rows.loc[rows["variable"] == "ipm", "source_line"]) == {3}
    assert set(poor["source_line"]) == {4}
    assert set(rows["region_type"]) == {"kabupaten", "kota"} and set(rows["year"]) == {2023}
    assert ex.consumed_lines >= {2, 3, 4}


def test_kabupaten_as_columns_with_a_province_total_and_the_kupang_context():
    """NTT: 'Kupang' beside 'Kota Kupang' is the kabupaten; a 'Jumlah' column is the province."""
    text = "\n".join([
        "Tabel 1.3 Jumlah Penduduk menurut Kabupaten/Kota Tahun 2023",
        "Uraian\tKupang\tKota Kupang\tBelu\tSikka\tJumlah",
        "Penduduk (jiwa)\t380.000\t455.000\t220.000\t330.000\t1.385.000",
    ]) + "\n"
    rows = _regions_of(text, "Nusa Tenggara Timur").rows
    got = dict(zip(rows["region_code"], rows["value"]))
    assert got == {"53.01": 380_000, "53.71": 455_000, "53.04": 220_000, "53.07": 330_000, "53": 1_385_000}
    assert set(rows["variable"]) == {"population_total"}
    assert rows.loc[rows["region_code"] == "53", "region_type"].tolist() == ["province"]


def test_a_table_with_two_kabupaten_in_its_header_is_not_read_across():
    text = "\n".join([
        "Tabel 3.1 Perbandingan",
        "Uraian\tKupang\tBelu\tKeterangan",
        "Jumlah desa\t160\t81\tdata BPS",
    ]) + "\n"
    assert _regions_of(text, "Nusa Tenggara Timur").rows.empty


def test_years_as_rows_across_and_years_as_columns_give_the_same_values():
    """Metamorphic: the same IPM table with the kabupaten/kota as rows and the years as columns,
    and turned (kabupaten/kota across, a year per row); its years-only header takes the
    measure from the caption (the variable was 'value')."""
    caption = "Tabel 2.6 Indeks Pembangunan Manusia Kabupaten/Kota Tahun 2021-2023"
    values = {"Jembrana": ["72,1", "73,4", "74,87"], "Tabanan": ["76,2", "77,0", "77,90"],
              "Badung": ["81,0", "81,6", "82,14"], "Denpasar": ["83,9", "84,1", "84,40"]}
    as_rows = "\n".join([caption, "Kabupaten/Kota\t2021\t2022\t2023"]
                        + ["\t".join([k, *v]) for k, v in values.items()]) + "\n"
    across = "\n".join([caption, "Tahun\t" + "\t".join(values)]
                       + ["\t".join([y] + [v[i] for v in values.values()])
                          for i, y in enumerate(("2021", "2022", "2023"))]) + "\n"
    cols = ["year", "region_code", "variable", "value"]
    a = _regions_of(as_rows, "Bali").rows[cols].sort_values(cols).reset_index(drop=True)
    b = _regions_of(across, "Bali").rows[cols].sort_values(cols).reset_index(drop=True)
    assert len(a) == 12 and set(a["variable"]) == {"indeks_pembangunan_manusia"}
    assert a.loc[(a["region_code"] == "51.71") & (a["year"] == 2023), "value"].item() == 84.40
    pd.testing.assert_frame_equal(a, b)
