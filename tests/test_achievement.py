"""Performance achievement, evaluation bands and polarity (analysis.achievement).

Closed-form cases: the PermenPANRB 8/2021 examples quoted in research/domain_anchors.md §A1
(range target 80-90 with realisation 92 → 102.2 and 70 → 87.5; negative target 7, realisation
6.5 → 107.1; target 8, realisation 9 → 87.5) and the divergence example (target 10, realisation
15: 50 vs 66.7); Permendagri 86/2017 band edges (§A3).
"""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.achievement import (
    PERMENDAGRI_86_2017,
    Band,
    achievement_pct,
    add_achievement,
    add_evaluation_band,
    apply_polarity_overrides,
    evaluation_band,
    infer_polarity,
    polarity_from_target,
)
from analysis.extract.indicators import load_polarity_overrides

ROOT = Path(__file__).resolve().parents[1]


# -------------------------------------------------------------------------------------
# achievement_pct
# -------------------------------------------------------------------------------------
def test_positive_ratio():
    assert achievement_pct(100, 102.22) == (pytest.approx(102.22), "ratio")
    assert achievement_pct(45.1, 47) == (pytest.approx(100 * 47 / 45.1), "ratio")


@pytest.mark.parametrize(
    "actual, expected",
    [(92, 100 * 92 / 90), (70, 100 * 70 / 80), (85, 100.0), (80, 100.0), (90, 100.0)],
)
def test_range_target_uses_the_bound_crossed(actual, expected):
    value, method = achievement_pct(80, actual, target_upper=90)
    assert value == pytest.approx(expected)
    assert method == "ratio_range"


def test_range_target_for_a_negative_indicator():
    # lower is better: above the range compare with the upper bound
    v, m = achievement_pct(10, 15, "negative", "inverse_ratio", target_upper=12)
    assert (v, m) == (pytest.approx(100 * 12 / 15), "inverse_ratio_range")
    v, m = achievement_pct(10, 8, "negative", "two_minus_ratio", target_upper=12)
    assert (v, m) == (pytest.approx(100 * (2 - 8 / 10)), "two_minus_ratio_range")


@pytest.mark.parametrize("polarity", ["positive", "negative"])
def test_zero_target_has_no_ratio(polarity):
    # 001 L1507 'Kasus Kematian Ibu': target 0, realisation 134
    assert achievement_pct(0, 134, polarity) == (0.0, "zero_target")
    assert achievement_pct(0, 0, polarity) == (100.0, "zero_target")


@pytest.mark.parametrize(
    "target, actual, two_minus, inverse",
    [
        (10, 15, 50.0, 100 * 10 / 15),        # divergence example of §A1
        (10, 20, 0.0, 50.0),
        (7, 6.5, 100 * (2 - 6.5 / 7), 100 * 7 / 6.5),  # PermenPANRB: 107 %
        (8, 9, 87.5, 100 * 8 / 9),            # PermenPANRB: 87.5 %
        (12, 15.2, 100 * (2 - 15.2 / 12), 100 * 12 / 15.2),  # 001 L1514 stunting
    ],
)
def test_negative_conventions(target, actual, two_minus, inverse):
    assert achievement_pct(target, actual, "negative", "two_minus_ratio") == (
        pytest.approx(two_minus), "two_minus_ratio")
    assert achievement_pct(target, actual, "negative", "inverse_ratio") == (
        pytest.approx(inverse), "inverse_ratio")


def test_two_minus_ratio_is_floored_at_zero():
    assert achievement_pct(10, 35, "negative", "two_minus_ratio") == (0.0, "two_minus_ratio")


def test_inverse_ratio_with_zero_realisation_is_undefined():
    v, m = achievement_pct(5, 0, "negative", "inverse_ratio")
    assert math.isnan(v) and m == "zero_actual"
    assert achievement_pct(5, 0, "negative", "two_minus_ratio") == (200.0, "two_minus_ratio")


@pytest.mark.parametrize("target, actual", [(None, 3), (5, None), (float("nan"), 2), ("WTP", "WTP")])
def test_missing_values(target, actual):
    v, m = achievement_pct(target, actual)
    assert math.isnan(v) and m == "missing"


def test_negative_target_has_no_ratio():
    v, m = achievement_pct(-2, 3)
    assert math.isnan(v) and m == "negative_target"


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        achievement_pct(1, 1, "higher")
    with pytest.raises(ValueError):
        achievement_pct(1, 1, "negative", "ratio")
    with pytest.raises(ValueError):
        add_achievement(pd.DataFrame({"target": [1], "actual": [1], "polarity": ["positive"]}), "x")


# -------------------------------------------------------------------------------------
# add_achievement (vectorised)
# -------------------------------------------------------------------------------------
def _frame():
    return pd.DataFrame({
        "target": [100, 0, 12, 12, 80, 5, np.nan, 10],
        "actual": [102.22, 134, 15.2, 15.2, 92, 0, 3, 15],
        "polarity": ["positive", "negative", "negative", "negative", "positive", "negative",
                     "positive", "negative"],
        "target_upper": [np.nan, np.nan, np.nan, np.nan, 90, np.nan, np.nan, np.nan],
    })


@pytest.mark.parametrize("convention", ["inverse_ratio", "two_minus_ratio"])
def test_add_achievement_matches_the_scalar_function(convention):
    out = add_achievement(_frame(), negative_convention=convention)
    for r in out.itertuples():
        v, m = achievement_pct(r.target, r.actual, r.polarity, convention, r.target_upper)
        assert r.achievement_method == m
        assert (math.isnan(v) and math.isnan(r.achievement_pct)) or r.achievement_pct == pytest.approx(v)
        assert r.negative_convention == (convention if r.polarity == "negative" else "")


def test_add_achievement_records_the_formula_per_row():
    out = add_achievement(_frame(), negative_convention="two_minus_ratio")
    assert list(out["achievement_method"]) == [
        "ratio", "zero_target", "two_minus_ratio", "two_minus_ratio", "ratio_range",
        "two_minus_ratio", "missing", "two_minus_ratio",
    ]
    assert out.loc[2, "achievement_pct"] == pytest.approx(100 * (2 - 15.2 / 12))
    assert out.loc[7, "achievement_pct"] == pytest.approx(50.0)


def test_add_achievement_without_range_column_and_empty_frame():
    df = _frame().drop(columns="target_upper")
    out = add_achievement(df)
    assert out.loc[4, "achievement_method"] == "ratio"
    assert out.loc[4, "achievement_pct"] == pytest.approx(115.0)
    empty = add_achievement(df.iloc[:0])
    assert list(empty.columns)[-3:] == ["achievement_pct", "achievement_method", "negative_convention"]


finite = st.floats(min_value=-50, max_value=1e4, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    target=st.one_of(st.just(0.0), finite, st.just(float("nan"))),
    actual=st.one_of(st.just(0.0), finite, st.just(float("nan"))),
    negative=st.booleans(),
    convention=st.sampled_from(["inverse_ratio", "two_minus_ratio"]),
)
def test_vectorised_and_scalar_agree(target, actual, negative, convention):
    pol = "negative" if negative else "positive"
    df = pd.DataFrame({"target": [target], "actual": [actual], "polarity": [pol]})
    out = add_achievement(df, negative_convention=convention).iloc[0]
    v, m = achievement_pct(target, actual, pol, convention)
    assert out["achievement_method"] == m
    if math.isnan(v):
        assert math.isnan(out["achievement_pct"])
    else:
        assert out["achievement_pct"] == pytest.approx(v)
        if negative and convention == "two_minus_ratio":
            assert out["achievement_pct"] >= 0


# -------------------------------------------------------------------------------------
# Evaluation bands
# -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "pct, band",
    [
        (91, "very_high"), (90.999, "high"), (76, "high"), (75.999, "medium"),
        (66, "medium"), (65.999, "low"), (51, "low"), (50.999, "very_low"), (0, "very_low"),
        (100, "very_high"),
    ],
)
def test_permendagri_band_edges_are_inclusive(pct, band):
    assert evaluation_band(pct) == (band, False)


def test_above_100_is_flagged_separately():
    assert evaluation_band(100.01) == ("very_high", True)
    assert evaluation_band(float("nan")) == (None, False)
    assert evaluation_band(None) == (None, False)


def test_bands_are_data():
    assert [b.lower for b in PERMENDAGRI_86_2017][:4] == [91, 76, 66, 51]
    two = (Band(80, "baik", "Baik"), Band(float("-inf"), "kurang", "Kurang"))
    assert evaluation_band(80, two) == ("baik", False)
    assert evaluation_band(79.9, two) == ("kurang", False)


def test_add_evaluation_band():
    df = pd.DataFrame({"achievement_pct": [102.22, 78.95, 37.5, np.nan]})
    out = add_evaluation_band(df)
    assert list(out["achievement_band"])[:3] == ["very_high", "high", "very_low"]
    assert pd.isna(out["achievement_band"].iloc[3])
    assert list(out["achievement_above_100"]) == [True, False, False, False]


# -------------------------------------------------------------------------------------
# Polarity
# -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, polarity",
    [
        ("7.Kasus Kematian Ibu", "negative"),                       # 001 L1507
        ("11. Prevalensi Stunting", "negative"),                     # 001 L1514
        ("10. Prevalensi Wasting (Gizi Buruk+Gizi Kurang) :", "negative"),
        ("Dwealing Time Pelabuhan", "negative"),                     # 001 L2781
        ("Tingkat Pengangguran Terbuka", "negative"),
        ("Persentase penduduk miskin", "negative"),
        ("Rata-rata waktu tunggu pelayanan perizinan", "negative"),
        ("Waktu penyelesaian perizinan", "negative"),                # a duration, not handling
        ("Persentase pengaduan yang diselesaikan tepat waktu", "positive"),
        ("Jumlah laka lantas", "negative"),
        ("Persentase penurunan angka kematian ibu", "positive"),
        ("Penurunan angka kemiskinan", "positive"),
        ("Persentasi Kasus HIV Yang diobati", "positive"),           # 001 L1526
        ("Cakupan penanganan kasus kekerasan terhadap anak", "positive"),  # 001 L2452
        ("Kab/Kota dengan prevalensi rate Kusta <1/10.000", "positive"),   # 001 L1529
        ("Persentase izin dan non izin yang diterbitkan tepat waktu sesuai SOP", "positive"),
        ("a. TL temuan tahun 2022", "positive"),
        ("Persentasi APS: Penduduk usia 16-18 tahun", "positive"),
        ("", "positive"),
    ],
)
def test_infer_polarity(text, polarity):
    pol, rule = infer_polarity(text)
    assert pol == polarity
    assert rule


def test_polarity_rule_says_why():
    assert infer_polarity("Prevalensi Stunting")[1] == "negative keyword 'prevalensi'"
    assert "reduction" in infer_polarity("Persentase penurunan kasus")[1]
    assert "diobati" in infer_polarity("Kasus HIV yang diobati")[1]
    assert infer_polarity("Jumlah Auditor")[1].startswith("default")


@pytest.mark.parametrize(
    "targets, expected",
    [
        (["≤ 5 hari"], "negative"), (["< 2%"], "negative"), (["Maks. 3 kasus"], "negative"),
        (["maksimal 10%", "maksimal 8%"], "negative"), (["paling lama 14 hari"], "negative"),
        (["≥ 80%"], "positive"), (["Minimal 85 %"], "positive"),           # 001 L3574
        (["minimal 1 (satu) Kerjasama"], "positive"),                      # 001 L3600
        (["80%"], None), (["≤ 5", "≥ 3"], None), ([None, ""], None), (["Minggu ke-2"], None),
    ],
)
def test_polarity_from_target(targets, expected):
    got = polarity_from_target(targets)
    assert (got[0] if got else None) == expected


def test_a_target_printed_as_a_bound_decides_the_polarity_in_the_extraction():
    # 'Waktu penyelesaian perizinan | ≤ 5 hari | 4 hari | 120%': lower is better, the
    # achievement is 5 / 4 = 125 % (inverse ratio), not 4 / 5 = 80 %
    from analysis.extract.base import DocMeta
    from analysis.extract.documents import parse_document
    from analysis.extract.indicators import extract_indicators

    text = ("Tabel 3.3 Pengukuran Kinerja Tahun 2023\n\n"
            "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n"
            "1\tRata-rata lama pelayanan dokumen\t≤ 5 hari\t4 hari\t120%\n"
            "2\tPersentase layanan sesuai SPM\t≥ 80%\t85,2%\t106,5%\n")
    meta = DocMeta("t", "x.txt", "", "Jawa Tengah", 2023, "LKjIP", "Dinas Contoh", "")
    rows = extract_indicators(parse_document(text, "t"), meta).rows
    assert rows["polarity"].tolist() == ["negative", "positive"]
    assert rows["achievement_pct"].tolist() == [125.0, pytest.approx(106.5)]
    assert rows["polarity_rule"].iloc[0] == "target printed as a maximum ('≤ 5 hari')"


def test_apply_overrides_longest_pattern_wins_case_insensitively():
    df = pd.DataFrame({
        "indicator": ["Penurunan Kasus IUU Fishing (Illegal)", "Lama Tinggal Wisatawan", "Jumlah Auditor"],
        "polarity": ["positive", "positive", "positive"],
        "polarity_rule": ["reduction phrasing", "default", "default"],
    })
    ov = pd.DataFrame({
        "indicator_pattern": ["kasus", "penurunan kasus iuu", "LAMA TINGGAL"],
        "polarity": ["positive", "negative", "Negative"],
        "reason": ["r1", "levels, not reductions", "r3"],
    })
    out = apply_polarity_overrides(df, ov)
    assert list(out["polarity"]) == ["negative", "negative", "positive"]
    assert out.loc[0, "polarity_rule"] == "override 'penurunan kasus iuu': levels, not reductions"
    assert out.loc[2, "polarity_rule"] == "default"
    assert list(df["polarity"]) == ["positive"] * 3  # input untouched
    assert apply_polarity_overrides(df, None).equals(df)


def test_apply_overrides_rejects_bad_polarity():
    df = pd.DataFrame({"indicator": ["x"], "polarity": ["positive"]})
    with pytest.raises(ValueError):
        apply_polarity_overrides(df, pd.DataFrame({"indicator_pattern": ["x"], "polarity": ["up"], "reason": [""]}))
    with pytest.raises(ValueError):
        apply_polarity_overrides(df, pd.DataFrame({"pattern": ["x"]}))


def test_project_override_file_is_reviewable(tmp_path):
    ov = load_polarity_overrides(ROOT / "src" / "analysis" / "reference" / "polarity_overrides.csv")
    assert list(ov.columns) == ["indicator_pattern", "polarity", "reason"]
    assert len(ov) >= 1
    assert set(ov["polarity"].str.lower()) <= {"positive", "negative"}
    assert (ov["reason"].str.len() > 20).all()
    assert load_polarity_overrides(tmp_path / "absent.csv").empty
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_pattern,polarity,reason\nx,sideways,why\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_polarity_overrides(bad)
