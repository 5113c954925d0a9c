"""Models of achievement on absorption: hand-checked estimates, the minimum-n guard, tidy output."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import models
from analysis.models import MIN_N, RESULT_COLUMNS, fit_models, spearman_ci

# a small fixed data set: absorption and achievement in percent, budgets in rupiah, 4 agencies
AB = [55.0, 62.0, 70.0, 74.0, 81.0, 85.0, 88.0, 91.0, 95.0, 97.0, 99.0, 60.0]
ACH = [70.0, 100.0, 65.0, 90.0, 100.0, 120.0, 95.0, 100.0, 140.0, 100.0, 88.0, 50.0]
BUD = [1e9, 2e9, 5e8, 3e9, 1e9, 4e9, 2e9, 6e9, 1e9, 2e9, 5e9, 7e8]
AGENCY = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"]


@pytest.fixture
def pairs():
    return pd.DataFrame({"absorption_pct": AB, "achievement_pct": ACH, "budget": BUD, "entity_id": AGENCY})


def _slope(res, model, term="absorption_pct"):
    return res[(res["model"] == model) & (res["term"] == term)].iloc[0]


def test_below_min_n_nothing_is_fitted(pairs):
    small = pairs.iloc[: MIN_N - 1]
    res = fit_models(small, unit="agency", sample_rule="test")
    assert len(res) == len(models.MODELS)
    assert res["estimate"].isna().all()
    assert (res["note"] == f"not fitted: n={MIN_N - 1} < min_n={MIN_N}").all()
    assert (res["n"] == MIN_N - 1).all() and (res["unit"] == "agency").all()
    # at the minimum the models are fitted
    res = fit_models(pairs.iloc[:MIN_N])
    assert _slope(res, "ols")["note"] == "" and np.isfinite(_slope(res, "ols")["estimate"])


def test_tidy_columns_and_n(pairs):
    res = fit_models(pairs, unit="agency", sample_rule="all linked agencies")
    assert list(res.columns) == RESULT_COLUMNS
    full = res[res["model"] != "two_part_level"]
    assert (full["n"] == len(pairs)).all()
    # two-part level uses the observations below 100: 55/70, 70/65, 74/90, 88/95, 99/88, 60/50
    assert (res.loc[res["model"] == "two_part_level", "n"] == 6).all()
    assert (res["sample_rule"] == "all linked agencies").all()


def test_ols_slope_and_hc3_by_hand(pairs):
    X = np.column_stack([np.ones(len(AB)), AB])
    y = np.array(ACH)
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = xtx_inv @ X.T @ y
    e = y - X @ beta
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    meat = X.T @ np.diag(e**2 / (1 - h) ** 2) @ X
    hc3 = xtx_inv @ meat @ xtx_inv
    r = _slope(fit_models(pairs), "ols")
    assert r["estimate"] == pytest.approx(beta[1])
    assert r["se"] == pytest.approx(np.sqrt(hc3[1, 1]))
    assert r["se_type"] == "HC3"


def test_wls_slope_by_hand(pairs):
    X = np.column_stack([np.ones(len(AB)), AB])
    W = np.diag(BUD)
    beta = np.linalg.solve(X.T @ W @ X, X.T @ W @ np.array(ACH))
    assert _slope(fit_models(pairs), "wls")["estimate"] == pytest.approx(beta[1])


def test_spearman_fisher_z_by_hand():
    # ranks of AB and ACH (average ranks for ties), Pearson correlation of the ranks
    ra = pd.Series(AB).rank().to_numpy()
    rc = pd.Series(ACH).rank().to_numpy()
    rho = np.corrcoef(ra, rc)[0, 1]
    n = len(AB)
    se = np.sqrt(1.06 / (n - 3))
    lo, hi = np.tanh(np.arctanh(rho) - 1.959963984540054 * se), np.tanh(np.arctanh(rho) + 1.959963984540054 * se)
    r = spearman_ci(AB, ACH)
    assert r["rho"] == pytest.approx(rho)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((lo, hi))


def test_fractional_logit_caps_shares_at_one(pairs):
    capped = pairs.assign(achievement_pct=pairs["achievement_pct"].clip(upper=100))
    a = _slope(fit_models(pairs, models=("fractional_logit",)), "fractional_logit", "absorption_pct (AME)")
    b = _slope(fit_models(capped, models=("fractional_logit",)), "fractional_logit", "absorption_pct (AME)")
    assert a["estimate"] == pytest.approx(b["estimate"]) and np.isfinite(a["estimate"])
    assert "AME" in a["specification"]


def test_cluster_robust_where_agencies_repeat(pairs):
    six = pairs.assign(entity_id=[f"g{i // 2}" for i in range(len(pairs))])  # 6 agencies, 2 rows each
    r = _slope(fit_models(six, cluster="entity_id"), "ols")
    assert r["se_type"] == "cluster" and r["n_clusters"] == 6
    assert "few clusters (G=6" in r["note"] and "wildboottest" in r["note"]
    # 4 agencies (fewer than MIN_CLUSTERS): no cluster sandwich, HC3 with the dependence stated
    r = _slope(fit_models(pairs, cluster="entity_id"), "ols")
    assert models.MIN_CLUSTERS == 5 and r["se_type"] == "HC3" and "too few for cluster-robust" in r["note"]
    # one observation per agency: nothing clusters, plain HC3
    one_each = pairs.assign(entity_id=[f"e{i}" for i in range(len(pairs))])
    r = _slope(fit_models(one_each, cluster="entity_id"), "ols")
    assert r["se_type"] == "HC3" and r["note"] == ""


def test_two_part_reach_refused_when_everyone_reaches(pairs):
    allmet = pairs.assign(achievement_pct=100.0)
    r = fit_models(allmet, models=("two_part_reach",)).iloc[0]
    assert np.isnan(r["estimate"]) and r["note"].startswith("not fitted: all or none")


def test_no_statsmodels_summary_anywhere():
    src = Path(models.__file__).read_text(encoding="utf-8")
    assert ".summary()" not in src
