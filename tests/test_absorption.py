"""Absorption, performance summaries, efficiency and band cross-tab on named documents."""

import numpy as np
import pandas as pd
import pytest

from _extracted import table
from analysis.absorption import (
    absorption,
    apply_extreme_rule,
    band_crosstab,
    efficiency,
    kemenkeu_efficiency,
    performance_summary,
    usable_rows,
    with_convention,
)


@pytest.fixture(scope="module")
def budget():
    return table("budget")


@pytest.fixture(scope="module")
def indicators():
    return table("indicators")


def test_absorption_by_agency_sums_the_urusan_rows(budget):
    # 001 Tabel 2.4: Dinas Pendidikan dan Kebudayaan serves two urusan:
    # line 1036: 2.062.624.237.011 / 1.960.291.207.174,90 ; line 1080: 27.915.018.760,00 / 24.347.241.932,00
    b = budget[(budget["doc_id"] == "001") & (budget["source_table"] == "Tabel 2.4")]
    r = absorption(b, by=["doc_id", "name"], levels=["opd"]).set_index("name")
    row = r.loc["Dinas Pendidikan dan Kebudayaan"]
    expected = 100 * (1_960_291_207_174.90 + 24_347_241_932.00) / (2_062_624_237_011 + 27_915_018_760.00)
    assert row["absorption_revised_pct"] == pytest.approx(expected)
    assert row["source_lines"] == "1036;1080" and row["n_rows"] == 2
    assert row["denominator"] == "revised" and row["absorption_pct"] == row["absorption_revised_pct"]
    # Tabel 2.4 prints no original budget: the original-budget absorption stays empty and says why
    assert np.isnan(row["absorption_original_pct"]) and row["n_original_missing"] == 2


def test_absorption_carries_both_denominators_where_printed(budget):
    # 001 Tabel 1.8 line 861 BELANJA OPERASI: revised 3.596.427.411.635,00, realised 3.185.367.587.589,27;
    # original (APBD murni) 3.493.000.592.509 from Tabel 2.3 line 993
    b = budget[(budget["doc_id"] == "001") & (budget["source_line"] == 861)]
    r = absorption(b, by=["name"], levels=["expenditure_type"], denominator="original").iloc[0]
    assert r["absorption_revised_pct"] == pytest.approx(100 * 3_185_367_587_589.27 / 3_596_427_411_635)
    assert round(r["absorption_revised_pct"], 2) == 88.57  # as printed on line 861
    assert r["absorption_original_pct"] == pytest.approx(100 * 3_185_367_587_589.27 / 3_493_000_592_509)
    assert r["denominator"] == "original" and r["absorption_pct"] == r["absorption_original_pct"]
    with pytest.raises(ValueError, match="denominator"):
        absorption(b, by=["name"], denominator="murni")


def test_absorption_by_urusan_and_by_level(budget):
    b = budget[(budget["doc_id"] == "001") & (budget["source_table"] == "Tabel 2.4")]
    by_urusan = absorption(b, by=["parent"], levels=["opd"]).set_index("parent")
    # urusan Kesehatan: two agencies, lines 1038 and 1039, add up to the urusan line 1037 (83,32 %)
    k = by_urusan.loc["URUSAN PEMERINTAHAN BIDANG KESEHATAN"]
    assert k["source_lines"] == "1038;1039" and round(k["absorption_pct"], 2) == 83.32
    by_level = absorption(b, by=["doc_id", "level"], levels=["opd", "total"]).set_index("level")
    # the opd rows add up to the printed TOTAL line 1128 (4.895.785.466.821 / 4.460.977.040.468,77)
    assert by_level.loc["opd", "budget_revised"] == pytest.approx(4_895_785_466_821, rel=1e-9)
    assert by_level.loc["total", "realization"] == pytest.approx(4_460_977_040_468.77, rel=1e-12)


def test_usable_rows_reports_what_it_sets_aside(budget):
    _, excluded = usable_rows(budget[budget["doc_id"] == "001"])
    assert excluded["origin narrative"] > 0  # e.g. 001 line 789, a sentence repeating Tabel 1.7


def test_negative_indicator_under_both_conventions(indicators):
    # 001 line 1514 "11. Prevalensi Stunting", target 12 %, realisasi 15,2 % (lower is better)
    row = indicators[(indicators["doc_id"] == "001") & (indicators["source_line"] == 1514)]
    assert row["polarity"].iloc[0] == "negative"
    inv = with_convention(row, "inverse_ratio")
    two = with_convention(row, "two_minus_ratio")
    assert inv["achievement_pct"].iloc[0] == pytest.approx(100 * 12 / 15.2)  # 78.95
    assert two["achievement_pct"].iloc[0] == pytest.approx(100 * (2 - 15.2 / 12))  # 73.33
    assert inv["negative_convention"].iloc[0] == "inverse_ratio"
    assert two["negative_convention"].iloc[0] == "two_minus_ratio"


# 001 lines 1338-1356: the 15 indicators of Dinas Pendidikan dan Kebudayaan (3.1.1), realisasi / target
EDU = [102.22 / 100, 37.91 / 100, 7.31 / 100, 47 / 45.1, 38 / 25.1, 34 / 19.0, 26.12 / 100, 24.53 / 100,
       18.25 / 100, 50 / 100, 70 / 100, 80 / 100, 15 / 40, 59.3 / 28, 100 / 100]


@pytest.mark.parametrize("rule", ["cap", "exclude", "keep"])
def test_performance_summary_of_an_agency(indicators, rule):
    ind = indicators[(indicators["doc_id"] == "001") & (indicators["entity"] == "Dinas Pendidikan dan Kebudayaan")]
    r = performance_summary(ind, by=["doc_id", "entity"], extreme_rule=rule, extreme_cap=200).iloc[0]
    vals = [100 * v for v in EDU]
    assert max(vals) == pytest.approx(211.7857, abs=1e-4)  # line 1355: 59,3 / 28
    if rule == "cap":
        vals = [min(v, 200) for v in vals]
    elif rule == "exclude":
        vals = [v for v in vals if v <= 200]
    assert r["n"] == len(vals) and r["n_extreme"] == 1 and r["extreme_rule"] == rule
    assert r["mean"] == pytest.approx(np.mean(vals))
    assert r["median"] == pytest.approx(np.median(vals))
    ge = sum(v >= 100 for v in vals)
    assert r["share_ge_100"] == pytest.approx(ge / len(vals))
    # Permendagri 86/2017 bands by hand: >=91: 102.22 104.2 151.4 178.9 211.8 100; 76-91: 80; 66-76: 70;
    # 51-66: none; <51: 37.91 7.31 26.12 24.53 18.25 50 37.5
    top = 6 if rule != "exclude" else 5
    assert r["share_very_high"] == pytest.approx(top / len(vals))
    assert r["share_high"] == pytest.approx(1 / len(vals))
    assert r["share_medium"] == pytest.approx(1 / len(vals))
    assert r["share_low"] == 0
    assert r["share_very_low"] == pytest.approx(7 / len(vals))


def test_extreme_rule_must_be_known():
    with pytest.raises(ValueError, match="extreme rule"):
        apply_extreme_rule(pd.Series([1.0]), "winsorise")


def test_bali_table_3_7_efficiency_from_its_amounts():
    # 004 Tabel 3.7 (LKjIP Biro Organisasi Bali 2024), line 550: capaian kinerja 100,
    # anggaran 3,011,723,150, realisasi 2,354,041,055 (printed 78.16), tingkat efisiensi 127.94;
    # line 554: capaian 100, 627,473,360 / 586,194,410 (printed 93.42), efisiensi 107.04.
    # (The text conversion keeps '127' and '107' of the printed cells.)
    df = pd.DataFrame({"achievement_pct": [100.0, 100.0],
                       "absorption_pct": [100 * 2_354_041_055 / 3_011_723_150, 100 * 586_194_410 / 627_473_360]})
    assert df["absorption_pct"].round(2).tolist() == [78.16, 93.42]
    r = efficiency(df)
    assert r["efficiency_ratio"].round(2).tolist() == [127.94, 107.04]
    assert r["efficiency_ratio"].astype(int).tolist() == [127, 107]  # the cells as converted
    assert r["efficiency_diff_pp"].round(2).tolist() == [21.84, 6.58]
    assert {"achievement_pct", "absorption_pct"} <= set(r.columns)  # the raw pair stays beside


def test_bali_table_3_7_from_the_extracted_rows(budget):
    b = budget[(budget["doc_id"] == "004") & (budget["source_table"] == "Tabel 3.7")]
    a = absorption(b, by=["source_line"], levels=None)
    r = efficiency(a.assign(achievement_pct=100.0))
    assert r.set_index("source_line")["efficiency_ratio"].round(2).to_dict() == {550: 127.94, 554: 107.04}


def test_kemenkeu_efficiency_by_hand():
    # PMK 214/2017: E = Σ(PAK·CK − RAK) / Σ(PAK·CK)
    df = pd.DataFrame({"budget": [1000.0, 500.0, 200.0], "realization": [900.0, 500.0, np.nan],
                       "achievement_pct": [110.0, 80.0, 100.0]})
    r = kemenkeu_efficiency(df)
    # (1000*1.1 − 900) + (500*0.8 − 500) = 200 − 100 = 100 ; Σ PAK·CK = 1100 + 400 = 1500
    assert r["efficiency_pct"] == pytest.approx(100 * 100 / 1500)
    assert r["n"] == 2 and r["n_missing"] == 1


def test_band_crosstab_counts_every_pair_once():
    df = pd.DataFrame({"absorption_pct": [95.0, 90.99, 70.0, 50.0, np.nan],
                       "achievement_pct": [100.0, 130.0, 76.0, 10.0, 99.0]})
    t = band_crosstab(df)
    assert list(t.index) == ["very_high", "high", "medium", "low", "very_low", "missing"]
    assert list(t.columns) == list(t.index)
    assert t.loc["very_high", "very_high"] == 1
    assert t.loc["high", "very_high"] == 1  # 90.99 is below the 91 edge; 130 sits in the top band
    assert t.loc["medium", "high"] == 1 and t.loc["very_low", "very_low"] == 1
    assert t.loc["missing", "very_high"] == 1 and int(t.values.sum()) == 5


def test_convention_keeps_the_extractors_refusals(indicators):
    # 001 line 4001 (Dinas ESDM): target '6 Jenis', realisation '18,54 %': units differ, no achievement
    row = indicators[(indicators["doc_id"] == "001") & (indicators["source_line"] == 4001)]
    assert row["achievement_method"].iloc[0] == "unit_mismatch"
    for conv in ("inverse_ratio", "two_minus_ratio"):
        out = with_convention(row, conv)
        assert np.isnan(out["achievement_pct"].iloc[0]) and out["achievement_method"].iloc[0] == "unit_mismatch"
