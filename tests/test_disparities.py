"""Tests for analysis.disparities: hand-computed cases, identities, PySAL and REAT values, the
bootstrap, the reference groups, and the NTT LKPJ alsintan allocation end to end.

Hand-computed cases carry their arithmetic in comments; the LKPJ values name table and line of
data/raw/001 (LKPJ Gubernur NTT 2023).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from inequality.gini import Gini
from inequality.theil import Theil, TheilD
from scipy import stats

from analysis import disparities as d
from analysis.regions import gazetteer

from conftest import load_doc

RNG = np.random.default_rng(20240601)
SAMPLES = [RNG.lognormal(0.0, 0.8, size=n) for n in (5, 9, 22)]
WEIGHTS = [RNG.integers(50_000, 500_000, size=len(y)).astype(float) for y in SAMPLES]
MEASURES = [d.williamson, d.gini, d.theil_t, d.theil_l]


# ------------------------------------------------------------------------------------------
# Hand-computed small examples
# ------------------------------------------------------------------------------------------
def test_hand_computed_weighted_example():
    # y = (1, 2, 3), p = (1, 1, 2): shares w = (.25, .25, .5), ȳ = .25 + .5 + 1.5 = 2.25
    y, p = [1.0, 2.0, 3.0], [1, 1, 2]
    assert d.weighted_mean(y, p) == pytest.approx(2.25)
    # Williamson: Σ w (y - ȳ)² = .25·1.5625 + .25·0.0625 + .5·0.5625 = 0.6875; sqrt / 2.25
    assert d.williamson(y, p) == pytest.approx(math.sqrt(0.6875) / 2.25, rel=1e-12)
    # Gini pairwise: Σ_ij w_i w_j |y_i - y_j| = 2(.25·.25·1 + .25·.5·2 + .25·.5·1) = 0.875; / (2·2.25)
    assert d.gini(y, p) == pytest.approx(0.875 / 4.5, rel=1e-12)
    # Theil T: Σ w r ln r with r = y/ȳ
    t = 0.25 * (1 / 2.25) * math.log(1 / 2.25) + 0.25 * (2 / 2.25) * math.log(2 / 2.25) + 0.5 * (3 / 2.25) * math.log(3 / 2.25)
    assert d.theil_t(y, p) == pytest.approx(t, rel=1e-12)
    # Theil L: Σ w ln(ȳ / y)
    ell = 0.25 * math.log(2.25) + 0.25 * math.log(2.25 / 2) + 0.5 * math.log(2.25 / 3)
    assert d.theil_l(y, p) == pytest.approx(ell, rel=1e-12)


def test_unweighted_cv_forms():
    # (2, 4): mean 3; sd with divisor n = 1, with n - 1 = sqrt(2)
    assert d.cv([2.0, 4.0]) == pytest.approx(1 / 3)
    assert d.cv([2.0, 4.0], ddof=1) == pytest.approx(math.sqrt(2) / 3)
    assert d.cv([2.0, 4.0], [3, 1]) == d.williamson([2.0, 4.0], [3, 1])
    with pytest.raises(ValueError, match="ddof=0"):
        d.cv([2.0, 4.0], [3, 1], ddof=1)


def test_theil_t_with_zero_uses_the_limit():
    # y = (0, 1, 1): ȳ = 2/3, r = (0, 1.5, 1.5); T = (0·ln0 + 2 · 1.5 ln 1.5)/3 = ln 1.5
    assert d.theil_t([0.0, 1.0, 1.0]) == pytest.approx(math.log(1.5), rel=1e-12)


def test_theil_l_refuses_zeros_with_the_count():
    with pytest.raises(ValueError, match=r"2 of 4 regions are 0"):
        d.theil_l([0.0, 0.0, 1.0, 2.0])


def test_reat_theil_value_is_theil_l():
    # R REAT::theil(c(10,10,10,20,50)) = 0.2326302 computes mean(log(mean(x)/x)), the MLD:
    # ȳ = 20; (3 ln 2 + ln 1 + ln 0.4)/5 = (2.0794415 − 0.9162907)/5 = 0.2326302
    y = [10, 10, 10, 20, 50]
    assert d.theil_l(y) == pytest.approx(0.2326302, abs=5e-8)
    # Theil T of the same data: (3 · 0.5 ln 0.5 + 2.5 ln 2.5)/5 = 0.2502012 (PySAL agrees, below)
    assert d.theil_t(y) == pytest.approx((3 * 0.5 * math.log(0.5) + 2.5 * math.log(2.5)) / 5, rel=1e-12)
    assert d.theil_t(y) == pytest.approx(0.2502012, abs=5e-8)


# ------------------------------------------------------------------------------------------
# Identities
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("measure", MEASURES + [d.cv])
def test_equal_per_capita_values_give_zero(measure):
    y = [7.5] * 6
    p = [10, 200, 3, 40, 5, 60]
    assert measure(y, p) == pytest.approx(0.0, abs=1e-14)
    assert measure(y) == pytest.approx(0.0, abs=1e-14)


@pytest.mark.parametrize("k", [0, 2])
def test_one_region_holding_everything_gives_the_known_maximum(k):
    p = np.array([100.0, 300.0, 200.0, 400.0])
    y = np.zeros(4)
    y[k] = 5.0
    pk = p[k] / p.sum()
    assert d.gini(y, p) == pytest.approx(1 - pk, rel=1e-12)  # G_max = 1 − p_k
    assert d.theil_t(y, p) == pytest.approx(math.log(1 / pk), rel=1e-12)  # T_max = ln(1/p_k)
    assert d.williamson(y, p) == pytest.approx(math.sqrt((1 - pk) / pk), rel=1e-12)
    # unweighted: 1 − 1/n, ln n, sqrt(n − 1); with the n/(n-1) correction the Gini reaches 1
    assert d.gini(y) == pytest.approx(0.75)
    assert d.gini(y, small_sample=True) == pytest.approx(1.0)
    assert d.theil_t(y) == pytest.approx(math.log(4))
    assert d.williamson(y) == pytest.approx(math.sqrt(3))
    with pytest.raises(ValueError, match="undefined"):
        d.theil_l(y, p)


@pytest.mark.parametrize("i", range(len(SAMPLES)))
@pytest.mark.parametrize("measure", MEASURES)
def test_equal_weights_reduce_to_unweighted_forms(i, measure):
    y = SAMPLES[i]
    assert measure(y, np.full(len(y), 123.0)) == pytest.approx(measure(y), rel=1e-12)


@pytest.mark.parametrize("measure", MEASURES)
def test_integer_weights_equal_replicated_regions(measure):
    # a region of weight 3 counts as three identical regions of weight 1
    y, p = np.array([1.0, 4.0, 2.5, 9.0]), np.array([3, 1, 2, 1])
    assert measure(y, p) == pytest.approx(measure(np.repeat(y, p)), rel=1e-12)


@pytest.mark.parametrize("i", range(len(SAMPLES)))
def test_gini_lorenz_form_equals_pairwise_form(i):
    y, p = SAMPLES[i], WEIGHTS[i]
    w = p / p.sum()
    ybar = (w * y).sum()
    pairwise = (w[:, None] * w[None, :] * np.abs(y[:, None] - y[None, :])).sum() / (2 * ybar)
    assert d.gini(y, p) == pytest.approx(pairwise, rel=1e-12)
    # and 1 − 2 · (area under the Lorenz points, trapezoids)
    lc = d.lorenz_curve(y, p)
    area = np.trapezoid(lc["cum_quantity_share"], lc["cum_population_share"])
    assert d.gini(y, p) == pytest.approx(1 - 2 * area, rel=1e-12)
    assert lc.iloc[0].tolist() == [0.0, 0.0]
    assert lc.iloc[-1].tolist() == pytest.approx([1.0, 1.0])


def test_small_sample_correction_is_n_over_n_minus_one():
    y, p = SAMPLES[2], WEIGHTS[2]
    assert d.gini(y, p, small_sample=True) == pytest.approx(d.gini(y, p) * 22 / 21, rel=1e-12)


@pytest.mark.parametrize("index", ["T", "L"])
@pytest.mark.parametrize("i", range(len(SAMPLES)))
def test_theil_decomposition_sums_to_total(index, i):
    y, p = SAMPLES[i], WEIGHTS[i]
    groups = [("a", "b", "c")[j % 3] for j in range(len(y))]
    dec = d.theil_decomposition(y, p, groups, index)
    direct = d.theil_t(y, p) if index == "T" else d.theil_l(y, p)
    assert dec.total == direct
    assert dec.between + dec.within == pytest.approx(dec.total, abs=1e-12)
    assert dec.between >= 0 and dec.within >= 0
    assert dec.groups["population_share"].sum() == pytest.approx(1.0)


def test_theil_decomposition_hand_case():
    # y = (1, 1, 4, 4), equal weights: group a p=.5 s=.2, group b p=.5 s=.8
    dec = d.theil_decomposition([1.0, 1.0, 4.0, 4.0], None, ["a", "a", "b", "b"])
    assert dec.between == pytest.approx(0.2 * math.log(0.4) + 0.8 * math.log(1.6), rel=1e-12)
    assert dec.within == 0.0
    dec_l = d.theil_decomposition([1.0, 1.0, 4.0, 4.0], None, ["a", "a", "b", "b"], "L")
    assert dec_l.between == pytest.approx(0.5 * math.log(0.5 / 0.2) + 0.5 * math.log(0.5 / 0.8), rel=1e-12)


def test_theil_decomposition_zero_group_counts_zero_within():
    # group b received nothing: s_b = 0, its T_b undefined (NaN) and weight 0
    dec = d.theil_decomposition([2.0, 4.0, 0.0, 0.0], None, ["a", "a", "b", "b"])
    assert dec.between + dec.within == pytest.approx(dec.total, abs=1e-12)
    assert math.isnan(dec.groups.set_index("group").loc["b", "index"])


# ------------------------------------------------------------------------------------------
# PySAL inequality
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("y", SAMPLES + [np.array([10.0, 10, 10, 20, 50])], ids=["n5", "n9", "n22", "reat"])
def test_unweighted_gini_and_theil_equal_pysal(y):
    assert d.gini(y) == pytest.approx(Gini(y).g, rel=1e-12)
    assert d.theil_t(y) == pytest.approx(float(Theil(y).T), rel=1e-12)


def test_theil_between_equals_pysal_theild_with_equal_weights():
    # PySAL's TheilD weighs groups by region counts, which are the population shares when p = 1
    y = SAMPLES[2]
    part = np.array([j % 4 for j in range(len(y))])
    dec = d.theil_decomposition(y, None, [str(j) for j in part])
    ref = TheilD(y, part)
    assert dec.between == pytest.approx(float(np.ravel(ref.bg)[0]), rel=1e-10)
    assert dec.within == pytest.approx(float(np.ravel(ref.wg)[0]), rel=1e-10)


# ------------------------------------------------------------------------------------------
# Missing values, bad input
# ------------------------------------------------------------------------------------------
def test_missing_values_are_refused_and_counted():
    y = [1.0, float("nan"), 3.0, 0.0]
    with pytest.raises(ValueError, match="drop_missing"):
        d.gini(y)
    c = d.drop_missing(y, [1, 2, float("nan"), 4], ["53.01", "53.02", "53.03", "53.04"])
    assert (c.n_missing, c.missing_labels, c.labels) == (2, ["53.02", "53.03"], ["53.01", "53.04"])
    t = d.index_table(y, [1, 1, 1, 1], reps=20)
    assert set(t["n"]) == {3} and set(t["n_missing"]) == {1}
    # the zero is kept: Theil L is not computed and says why
    row_l = t.set_index("index").loc["theil_l"]
    assert math.isnan(row_l["estimate"]) and "1 of 3 regions are 0" in row_l["note"]


def test_bad_input_messages():
    with pytest.raises(ValueError, match="negative"):
        d.williamson([1.0, -1.0])
    with pytest.raises(ValueError, match="positive"):
        d.williamson([1.0, 2.0], [1, 0])
    with pytest.raises(ValueError, match="every value is 0"):
        d.gini([0.0, 0.0])
    with pytest.raises(ValueError, match="differ in length"):
        d.theil_t([1.0, 2.0], [1.0])


# ------------------------------------------------------------------------------------------
# Bootstrap
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", d.BOOTSTRAP_METHODS)
@pytest.mark.parametrize("measure", MEASURES)
def test_bootstrap_contains_estimate_and_is_reproducible(method, measure):
    y, p = SAMPLES[2], WEIGHTS[2]
    a = d.bootstrap_ci(measure, y, p, reps=400, seed=7, method=method)
    b = d.bootstrap_ci(measure, y, p, reps=400, seed=7, method=method)
    c = d.bootstrap_ci(measure, y, p, reps=400, seed=8, method=method)
    assert a == b
    assert (a.low, a.high) != (c.low, c.high)
    assert a.low <= a.estimate <= a.high
    assert a.estimate == measure(y, p)
    assert a.n == 22 and a.n_failed == 0


def test_bca_agrees_with_scipy_bootstrap():
    # independent implementation (scipy.stats.bootstrap, paired resampling); Monte-Carlo tolerance
    y, p = SAMPLES[2], WEIGHTS[2]
    ours = d.bootstrap_ci(d.gini, y, p, reps=4000, seed=1, method="bca")
    ref = stats.bootstrap((y, p), lambda a, b: d.gini(a, b), paired=True, vectorized=False, n_resamples=4000,
                          method="BCa", rng=np.random.default_rng(2)).confidence_interval
    assert ours.low == pytest.approx(ref.low, abs=0.015)
    assert ours.high == pytest.approx(ref.high, abs=0.015)


def test_bootstrap_of_equal_values_is_degenerate_not_an_error():
    ci = d.bootstrap_ci(d.williamson, [3.0] * 5, [1, 2, 3, 4, 5], reps=50)
    assert (ci.estimate, ci.low, ci.high) == (0.0, 0.0, 0.0) and ci.note == "all replicates equal"


# ------------------------------------------------------------------------------------------
# Convergence, Klassen, need alignment
# ------------------------------------------------------------------------------------------
def test_sigma_convergence_hand_case():
    # sd of ln y with divisor n: year 1 (1, 4): ln4/2; year 2 (1, 2): ln2/2; year 3 (1, 1): 0
    f = pd.DataFrame({"year": [1, 1, 2, 2, 3, 3, 3], "value": [1.0, 4.0, 1.0, 2.0, 1.0, 1.0, np.nan],
                      "pop": [1, 1, 1, 1, 1, 1, 1]})
    r = d.sigma_convergence(f, weight="pop")
    assert r.table["sigma_log"].tolist() == pytest.approx([math.log(4) / 2, math.log(2) / 2, 0.0])
    assert r.table["n_missing"].tolist() == [0, 0, 1]
    assert r.slope == pytest.approx(-math.log(4) / 4)  # OLS through (1, .693), (2, .347), (3, 0)
    assert r.table["williamson"].tolist() == pytest.approx([0.6, 1 / 3, 0.0])  # (4−1)/2 / 2.5 ...


def test_klassen_quadrants_with_ties_as_high():
    y = pd.Series({"a": 2.0, "b": 2.0, "c": 1.0, "d": 1.0, "e": 1.5})
    g = pd.Series({"a": 5.0, "b": 1.0, "c": 5.0, "d": 1.0, "e": 3.0})
    t = d.klassen_typology(y, g, y_ref=1.5, growth_ref=3.0).set_index("region_code")
    assert t["quadrant"].to_dict() == {"a": "I", "b": "II", "c": "III", "d": "IV", "e": "I"}


def test_need_alignment_lists_excluded_regions():
    a = pd.Series({"x": 1.0, "y": 2.0, "z": 3.0, "w": 4.0})
    n = pd.Series({"x": 4.0, "y": 3.0, "z": 2.0, "v": 1.0})
    r = d.need_alignment(a, n)
    assert (r.rho, r.n, r.n_missing, r.missing) == (-1.0, 3, 2, ["v", "w"])


# ------------------------------------------------------------------------------------------
# Reference groups
# ------------------------------------------------------------------------------------------
def test_island_groups_cover_every_kabupaten():
    g = d.region_groups()
    for prov, n in (("53", 22), ("51", 9)):
        sel = g[g["province_code"] == prov]
        assert sorted(sel["region_code"]) == sorted(gazetteer(prov)["region_code"]) and len(sel) == n
    ntt = d.region_groups("NTT").groupby("island_group")["region_code"].apply(sorted).to_dict()
    assert ntt["Sumba"] == ["53.11", "53.12", "53.17", "53.18"]
    assert ntt["Timor"] == ["53.01", "53.02", "53.03", "53.04", "53.21", "53.71"]
    assert {k: len(v) for k, v in ntt.items()} == {"Alor": 1, "Flores": 8, "Lembata": 1, "Rote": 1, "Sabu": 1,
                                                   "Sumba": 4, "Timor": 6}
    bali = d.region_groups("Bali").set_index("region_code")["island_group"]
    assert sorted(bali[bali == "Sarbagita"].index) == ["51.02", "51.03", "51.04", "51.71"]


def test_island_group_source_line_in_document_003():
    # the NTT grouping cites data/raw/003 line 273: check that the line says so
    line = load_doc("003").line(273)
    assert "(1) Pulau Flores" in line and "(2) Pulau Timor" in line and "(3) Pulau Sumba" in line
    assert "Pulau Sabu membentuk Kabupaten Sabu Raijua" in line


# ------------------------------------------------------------------------------------------
# Tables on regions.csv
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def regions001(processed_dir):
    from analysis.loaders import load_regions

    docs, imported = d.select_regions(load_regions(processed_dir, doc_ids=["001"]), "NTT", 2023)
    assert imported.empty
    return docs


def test_alsintan_per_capita_end_to_end(regions001):
    wide = d.wide_table(regions001, ["alsintan_total", "population_total"])
    t = d.per_capita_table(wide["alsintan_total"], wide["population_total"], per=100_000).set_index("region_code")
    assert len(t) == 22 and (t["note"] == "").all()
    # 001 line 6754: "7 KAB. MALAKA ... 95" (Grand Total); Tabel 1.2 line 697: "21 Malaka ... 199.780"
    assert t.loc["53.21", "per_capita"] == pytest.approx(95 / 199_780 * 100_000)  # 47.552
    # line 6769: "22 KOTA KUPANG ... 75"; line 698: "22 Kota Kupang ... 443.349"
    assert t.loc["53.71", "per_capita"] == pytest.approx(75 / 443_349 * 100_000)  # 16.917
    # line 6761: "14 KAB. SABU RAIJUA ... 10"; line 696: "20 Sabu Raijua ... 95.310"
    assert t.loc["53.20", "per_capita"] == pytest.approx(10 / 95_310 * 100_000)
    # the 22 cells add up to the printed Grand Totals: 900 units (line 6770), 5.573.515 people (line 699)
    assert t["quantity"].sum() == 900 and t["population"].sum() == 5_573_515
    # relative = per capita / provincial per capita (900 / 5 573 515)
    assert t.loc["53.21", "relative"] == pytest.approx((95 / 199_780) / (900 / 5_573_515))
    idx = d.index_table(t["per_capita"], t["population"], t.index, reps=200, seed=1)
    assert set(idx["n"]) == {22} and set(idx["n_missing"]) == {0}
    assert idx.set_index("index").loc["williamson", "estimate"] == pytest.approx(
        d.williamson(t["per_capita"], t["population"]))


def test_cited_alsintan_and_population_lines():
    doc = load_doc("001")
    assert doc.line(6754).split("\t")[1] == "KAB. MALAKA" and doc.line(6754).split("\t")[-1] == "95"
    assert doc.line(6769).split("\t")[-1] == "75" and doc.line(6770).split("\t")[-1] == "900"
    assert doc.line(697).split("\t")[-1] == "199.780" and doc.line(698).split("\t")[-1] == "443.349"
    assert doc.line(6761).split("\t")[-1] == "10" and doc.line(696).split("\t")[-1] == "95.310"


def test_programme_variables_of_the_lkpj(regions001):
    pv = d.programme_variables(regions001).set_index("variable")
    assert pv.loc["alsintan_total", "included"] and pv.loc["alsintan_total", "n_regions"] == 22
    assert pv.loc["pupuk_urea_ton", "included"] and pv.loc["pupuk_urea_ton", "n_regions"] == 22
    assert not pv.loc["jagung_realisasi_salur_pct", "included"]  # a percentage
    assert "population_total" not in pv.index and "desa" not in pv.index  # Tabel 1.1/1.2


def test_activity_footprint_counts_each_activity_once(processed_dir, regions001):
    from analysis.loaders import load_activity_locations

    act = load_activity_locations(processed_dir, doc_ids=["001"])
    pop = d.wide_table(regions001, ["population_total"])["population_total"]
    fp = d.activity_footprint(act, pop).set_index("region_code")
    assert len(fp) == 22
    distinct = act.drop_duplicates(["entity", "budget_line", "region_code"])
    code = "53.71"
    n = int((distinct["region_code"] == code).sum())
    assert fp.loc[code, "activities"] == n and fp.loc[code, "mentions"] >= n
    assert fp.loc[code, "per_100k"] == pytest.approx(n / 443_349 * 100_000)


def test_share_table_orders_by_per_capita():
    t = d.per_capita_table(pd.Series({"a": 30.0, "b": 10.0, "c": 0.0}), pd.Series({"a": 10.0, "b": 10.0, "c": 20.0}))
    s = d.share_table(t)
    # per capita: c 0, b 1, a 3; population shares .5 .25 .25; quantity shares 0 .25 .75
    assert s["region_code"].tolist() == ["c", "b", "a"]
    assert s["cum_quantity_share"].tolist() == pytest.approx([0.0, 0.25, 1.0])
    assert s["share_gap"].tolist() == pytest.approx([-0.5, 0.0, 0.5])


def test_wide_table_refuses_repeated_rows():
    r = pd.DataFrame({"region_code": ["53.01", "53.01"], "region_type": ["kabupaten"] * 2, "variable": ["a", "a"],
                      "value": [1.0, 2.0], "source_line": [10, 20]})
    with pytest.raises(ValueError, match=r"\[10, 20\]"):
        d.wide_table(r)


def test_describe_indices_prints_three_decimals():
    t = d.index_table([1.0, 2.0, 3.0, 10.0], [1, 1, 1, 1], groups=["a", "a", "b", "b"], reps=50)
    text = d.describe_indices(t, "x per capita")
    w = t.set_index("index").loc["williamson", "estimate"]
    assert f"{w:.3f}" in text and "4 kabupaten/kota" in text and "between-group share" in text


# ------------------------------------------------------------------------------------------
# Study helpers
# ------------------------------------------------------------------------------------------
def test_index_table_gives_no_interval_below_the_minimum():
    t = d.index_table([1.0, 2.0, 4.0], [1, 1, 1], reps=30).set_index("index")
    assert t.loc["gini", "estimate"] == pytest.approx(d.gini([1.0, 2.0, 4.0]))
    assert math.isnan(t.loc["gini", "ci_low"]) and "fewer than 5 regions" in t.loc["gini", "note"]


def test_select_regions_by_document_province_and_year():
    r = pd.DataFrame({
        "doc_id": ["001", "001", "001", "004", "ext:s", "ext:s"],
        "region_code": ["53.01", "53", "53.71", "51.71", "53.01", "51.01"],
        "region_type": ["kabupaten", "province", "kota", "kota", "kabupaten", "kabupaten"],
        "year": [2023, 2023, 2022, 2024, 2021, 2021],
    })
    docs, imported = d.select_regions(r, "Nusa Tenggara Timur", 2023)
    assert docs["region_code"].tolist() == ["53.01"]  # province total and the 2022 row left out
    assert imported["region_code"].tolist() == ["53.01"]  # imported rows of the province, any year
    assert d.select_regions(r, "Bali", 2024, ["004"])[0]["region_code"].tolist() == ["51.71"]
    assert d.select_regions(r, "Bali", 2024, ["001"])[0].empty


def test_latest_values_prefers_the_latest_year_not_after():
    r = pd.DataFrame({"region_code": ["53.01", "53.01", "53.02", "53.01"], "region_type": ["kabupaten"] * 4,
                      "variable": ["s", "s", "s", "late"], "year": [2021, 2023, 2023, 2025],
                      "value": [1.0, 2.0, 3.0, 9.0], "source_line": [2, 3, 4, 5]})
    wide, used = d.latest_values(r, ["s", "late", "absent"], 2023)
    assert used == {"s": 2023, "late": 2025}
    assert wide.loc["53.01", "s"] == 2.0 and wide.loc["53.02", "s"] == 3.0


def test_indices_by_variable_counts_regions_without_a_value():
    wide = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 5.0, np.nan], "b": [0.0, 0.0, 1.0, 1.0, 2.0, 3.0]},
                        index=[f"53.0{i}" for i in range(1, 7)])
    pop = pd.Series(100.0, index=wide.index)
    pc = d.per_capita_long(wide, pop, ["a", "b"], per=1)
    groups = pd.Series(["x", "x", "x", "y", "y", "y"], index=wide.index)
    t = d.indices_by_variable(pc, groups, reps=40).set_index(["variable", "index"])
    assert t.loc[("a", "gini"), "n"] == 5 and t.loc[("a", "gini"), "n_missing"] == 1
    assert t.loc[("b", "gini"), "n"] == 6 and t.loc[("b", "gini"), "n_missing"] == 0
    # b has zeros: Theil T by the 0·ln0 = 0 limit, Theil L refused with the count
    assert t.loc[("b", "theil_t"), "estimate"] == pytest.approx(d.theil_t([0, 0, 1, 1, 2, 3]))
    assert "2 of 6 regions are 0" in t.loc[("b", "theil_l"), "note"]
    between = t.loc[("b", "theil_t_between"), "estimate"] + t.loc[("b", "theil_t_within"), "estimate"]
    assert between == pytest.approx(t.loc[("b", "theil_t"), "estimate"], abs=1e-12)
    with pytest.raises(ValueError, match="without a group"):
        d.indices_by_variable(pc, groups.iloc[:3], reps=10)


def test_klassen_default_references_are_weighted_means():
    y = pd.Series({"a": 3.0, "b": 1.0})
    g = pd.Series({"a": 2.0, "b": 6.0})
    p = pd.Series({"a": 1.0, "b": 3.0})
    t = d.klassen_typology(y, g, p)
    # ȳ = (3·1 + 1·3)/4 = 1.5; quantity shares (3, 3)/6 → r = (2 + 6)/2 = 4
    assert t["y_ref"].iloc[0] == pytest.approx(1.5) and t["growth_ref"].iloc[0] == pytest.approx(4.0)
    assert t.set_index("region_code")["quadrant"].to_dict() == {"a": "II", "b": "III"}
