"""Models of achievement on absorption, as tidy tables.

Both variables are percentages with a mass at 100 and values above it (domain_anchors.md
§E1), the targets are self-set, and one report gives one year: the models are
descriptions of association with every choice stated, not causal estimates. Offered side
by side (DESIGN.md *Modelling absorption vs performance*; domain_anchors.md §E2):

* **Spearman** rank correlation with a Fisher-z confidence interval using the
  Fieller-Hartley-Pearson (1957) variance ``1.06 / (n − 3)``;
* **OLS** and **WLS** (weights = budget, rupiah) with HC3 standard errors (MacKinnon & White
  1985), or cluster-robust by agency where several observations share one (``cluster``);
* **fractional logit** (Papke & Wooldridge 1996): GLM Binomial with logit link on the
  achievement share ``min(achievement/100, 1)``, robust (HC0) or cluster-robust errors;
  the reported term is the **average marginal effect** of absorption
  (``get_margeff(at="overall")``), in percentage points of (capped) achievement per
  percentage point of absorption;
* **two-part view** of the mass at 100: a logit of ``P(achievement ≥ 100)``
  (AME reported), then OLS (HC3) of the level on the observations below 100;
* **RLM** (Huber T norm, statsmodels default scale) and **median regression** (QuantReg
  q = 0.5).

Cluster-robust errors use statsmodels' small-sample correction and t(G − 1) reference
(``use_t``) for the linear models; with few clusters (G < :data:`FEW_CLUSTERS`) they are
unreliable and the row's note says so; below :data:`MIN_CLUSTERS` they are not computed. A wild cluster bootstrap is **not offered**: the library that provides it
(``wildboottest``) is not among the project's dependencies.

Results are tidy DataFrames (:data:`RESULT_COLUMNS`). Below :data:`MIN_N` observations a
model is not fitted and its row says so. statsmodels' ``summary()`` is never used (it
stamps the clock into its text).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "MIN_N",
    "FEW_CLUSTERS",
    "MIN_CLUSTERS",
    "CONFIDENCE",
    "MODELS",
    "RESULT_COLUMNS",
    "spearman_ci",
    "fit_models",
]

#: Minimum number of observations for any model; below it the model is not fitted and
#: the result row says so. Ten gives a regression of one slope eight residual degrees of
#: freedom — a floor for describing, not a power calculation.
MIN_N = 10

#: Below this number of clusters cluster-robust inference is flagged as unreliable
#: (Cameron & Miller 2015 discuss 20-50; we use 42 after Angrist & Pischke's rule of thumb).
FEW_CLUSTERS = 42

#: Below this number of clusters no cluster-robust errors are computed at all (they would be
#: meaningless, e.g. a sandwich from 3 agencies); HC3/HC0 are used and the note says that the
#: observations within an agency are not independent.
MIN_CLUSTERS = 5

#: Confidence level of every interval.
CONFIDENCE = 0.95

MODELS = ("spearman", "ols", "wls", "fractional_logit", "two_part_reach", "two_part_level", "rlm", "quantreg_median")

RESULT_COLUMNS = [
    "model", "term", "estimate", "se", "ci_low", "ci_high", "p", "n", "n_clusters",
    "specification", "se_type", "unit", "sample_rule", "note",
]


def spearman_ci(x, y, confidence: float = CONFIDENCE) -> dict:
    """Spearman's rho with a Fisher-z confidence interval.

    ``z = atanh(rho)``, ``se = sqrt(1.06 / (n − 3))`` (Fieller, Hartley & Pearson 1957,
    *Biometrika* 44:470), interval ``tanh(z ± z_{1−α/2} · se)``; p-value from
    ``scipy.stats.spearmanr``.

    Returns
    -------
    dict
        ``rho, ci_low, ci_high, p, n, se`` (se on the z scale).

    Examples
    --------
    >>> r = spearman_ci([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5])
    >>> round(r["rho"], 4), r["n"]
    (0.8286, 6)
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    n = len(x)
    res = stats.spearmanr(x, y)
    rho, p = float(res.statistic), float(res.pvalue)
    if n <= 3 or not np.isfinite(rho) or abs(rho) >= 1:
        return {"rho": rho, "ci_low": np.nan, "ci_high": np.nan, "p": p, "n": n, "se": np.nan}
    se = float(np.sqrt(1.06 / (n - 3)))
    zc = float(stats.norm.ppf(0.5 + confidence / 2))
    z = float(np.arctanh(rho))
    return {"rho": rho, "ci_low": float(np.tanh(z - zc * se)), "ci_high": float(np.tanh(z + zc * se)),
            "p": p, "n": n, "se": se}


def _row(model, term, est, se, lo, hi, p, n, g, spec, se_type, unit, rule, note="") -> dict:
    return {"model": model, "term": term, "estimate": est, "se": se, "ci_low": lo, "ci_high": hi, "p": p,
            "n": int(n), "n_clusters": g, "specification": spec, "se_type": se_type, "unit": unit,
            "sample_rule": rule, "note": note}


def _from_fit(model, res, terms, n, g, spec, se_type, unit, rule, note="") -> list[dict]:
    ci = np.asarray(res.conf_int(alpha=1 - CONFIDENCE))
    names = list(res.model.exog_names)
    rows = []
    for t in terms:
        i = names.index(t)
        rows.append(_row(model, t, float(np.asarray(res.params)[i]), float(np.asarray(res.bse)[i]),
                         float(ci[i, 0]), float(ci[i, 1]), float(np.asarray(res.pvalues)[i]), n, g, spec,
                         se_type, unit, rule, note))
    return rows


def _ame_row(model, me, n, g, spec, se_type, unit, rule, scale: float, note="") -> dict:
    frame = me.summary_frame(alpha=1 - CONFIDENCE)
    r = frame.iloc[0]
    lo_col = [c for c in frame.columns if c.startswith("Conf. Int. Low")][0]
    hi_col = [c for c in frame.columns if c.startswith("Cont. Int. Hi") or c.startswith("Conf. Int. Hi")][0]
    return _row(model, "absorption_pct (AME)", float(r["dy/dx"]) * scale, float(r["Std. Err."]) * scale,
                float(r[lo_col]) * scale, float(r[hi_col]) * scale, float(r["Pr(>|z|)"]), n, g, spec,
                se_type, unit, rule, note)


def fit_models(
    pairs: pd.DataFrame,
    y: str = "achievement_pct",
    x: str = "absorption_pct",
    weight: str = "budget",
    cluster: str | None = None,
    unit: str = "",
    sample_rule: str = "",
    min_n: int = MIN_N,
    models=MODELS,
) -> pd.DataFrame:
    """Fit the model menu of achievement on absorption; one tidy row per model and term.

    Parameters
    ----------
    pairs : DataFrame
        Linked pairs (:func:`analysis.linking.link_budget_performance`) of ONE unit of
        analysis (agencies or programmes — never pooled).
    y, x : str
        Achievement and absorption columns, in percent.
    weight : str
        WLS weight column (budget in rupiah).
    cluster : str, optional
        Column of the agency each observation belongs to. Used for cluster-robust errors
        when some agency has more than one observation; otherwise HC3 / HC0.
    unit, sample_rule : str
        Written into every row (unit of analysis; which rows entered and how extremes were
        treated).
    min_n : int
        Minimum number of complete observations (default :data:`MIN_N`).
    models : sequence of str
        Subset of :data:`MODELS`.

    Returns
    -------
    DataFrame
        :data:`RESULT_COLUMNS`. The slope on absorption is reported (``term =
        'absorption_pct'``; marginal effects are marked ``(AME)``; ``rho`` for Spearman).
        ``n`` is the number of observations used (two-part level: those below 100).
        Below ``min_n`` a row per model with empty estimates and the note
        ``not fitted: n=… < min_n=…``. A model that fails (perfect separation, singular
        design) gives a row with the error in ``note``.

    Examples
    --------
    >>> df = pd.DataFrame({"absorption_pct": [80.0, 90.0], "achievement_pct": [100.0, 95.0], "budget": [1.0, 2.0]})
    >>> fit_models(df, models=("ols",))[["model", "n", "note"]].to_dict("records")
    [{'model': 'ols', 'n': 2, 'note': 'not fitted: n=2 < min_n=10'}]
    """
    import statsmodels.api as sm

    unknown = [m for m in models if m not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; choose from {MODELS}")
    for c in (y, x):
        if c not in pairs.columns:
            raise ValueError(f"fit_models: column {c!r} missing from the pairs table")
    d = pairs.copy()
    d[y] = pd.to_numeric(d[y], errors="coerce")
    d[x] = pd.to_numeric(d[x], errors="coerce")
    d = d[np.isfinite(d[y]) & np.isfinite(d[x])].reset_index(drop=True)
    n = len(d)
    if n < min_n:
        return pd.DataFrame([
            _row(m, x if m != "spearman" else "rho", np.nan, np.nan, np.nan, np.nan, np.nan, n, np.nan, "", "",
                 unit, sample_rule, f"not fitted: n={n} < min_n={min_n}")
            for m in models
        ], columns=RESULT_COLUMNS)

    groups = None
    g = np.nan
    too_few = ""
    if cluster and cluster in d.columns:
        codes = pd.factorize(d[cluster].astype(str), sort=True)[0]
        n_g = len(set(codes))
        if n_g < n and n_g >= MIN_CLUSTERS:
            groups, g = codes, int(n_g)
        elif n_g < n:
            too_few = (f"{n} observations in {n_g} clusters ({cluster}): too few for cluster-robust errors "
                       f"(< {MIN_CLUSTERS}); heteroskedasticity-robust errors used although observations within a "
                       "cluster are not independent")
    few = f"few clusters (G={g} < {FEW_CLUSTERS}): cluster-robust errors unreliable; wild cluster bootstrap not offered (wildboottest not installed)" if groups is not None and g < FEW_CLUSTERS else too_few

    def lin_cov():
        if groups is not None:
            return "cluster", {"cov_type": "cluster", "cov_kwds": {"groups": groups}, "use_t": True}
        return "HC3", {"cov_type": "HC3"}

    def glm_cov():
        if groups is not None:
            return "cluster", {"cov_type": "cluster", "cov_kwds": {"groups": groups}}
        return "HC0", {"cov_type": "HC0"}

    X = sm.add_constant(d[[x]].astype(float))
    Y = d[y].astype(float)
    rows: list[dict] = []
    for m in models:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if m == "spearman":
                    r = spearman_ci(d[x], d[y])
                    rows.append(_row(m, "rho", r["rho"], r["se"], r["ci_low"], r["ci_high"], r["p"], r["n"], np.nan,
                                     f"Spearman rank correlation of {y} and {x}", "Fisher z, var 1.06/(n-3)",
                                     unit, sample_rule))
                elif m == "ols":
                    se_type, kw = lin_cov()
                    res = sm.OLS(Y, X).fit(**kw)
                    rows += _from_fit(m, res, ["const", x], n, g, f"{y} ~ 1 + {x}", se_type, unit, sample_rule,
                                      few if se_type == "cluster" or too_few else "")
                elif m == "wls":
                    if weight not in d.columns or not (pd.to_numeric(d[weight], errors="coerce") > 0).all():
                        rows.append(_row(m, x, np.nan, np.nan, np.nan, np.nan, np.nan, n, g, "", "", unit, sample_rule,
                                         f"not fitted: weight column {weight!r} missing or not positive everywhere"))
                        continue
                    se_type, kw = lin_cov()
                    w = pd.to_numeric(d[weight], errors="coerce").astype(float)
                    res = sm.WLS(Y, X, weights=w / w.mean()).fit(**kw)
                    rows += _from_fit(m, res, ["const", x], n, g, f"{y} ~ 1 + {x}, weights = {weight}", se_type,
                                      unit, sample_rule, few if se_type == "cluster" or too_few else "")
                elif m == "fractional_logit":
                    share = (Y / 100.0).clip(lower=0.0, upper=1.0)
                    se_type, kw = glm_cov()
                    res = sm.GLM(share, X, family=sm.families.Binomial()).fit(**kw)
                    me = res.get_margeff(at="overall")
                    rows.append(_ame_row(m, me, n, g, f"min({y}/100, 1) ~ logit(1 + {x}); AME x100 (pp per pp)",
                                         se_type, unit, sample_rule, 100.0, few if se_type == "cluster" or too_few else ""))
                elif m == "two_part_reach":
                    reach = (Y >= 100).astype(float)
                    k = int(reach.sum())
                    if k in (0, n):
                        rows.append(_row(m, f"{x} (AME)", np.nan, np.nan, np.nan, np.nan, np.nan, n, g, "", "",
                                         unit, sample_rule, f"not fitted: all or none of the {n} reach 100 ({k})"))
                        continue
                    se_type, kw = glm_cov()
                    res = sm.Logit(reach, X).fit(disp=0, **kw)
                    me = res.get_margeff(at="overall")
                    rows.append(_ame_row(m, me, n, g, f"P({y} >= 100) ~ logit(1 + {x}); AME x100 (pp probability per pp)",
                                         se_type, unit, sample_rule, 100.0, few if se_type == "cluster" or too_few else ""))
                elif m == "two_part_level":
                    below = Y < 100
                    nb = int(below.sum())
                    if nb < min_n:
                        rows.append(_row(m, x, np.nan, np.nan, np.nan, np.nan, np.nan, nb, g, "", "", unit, sample_rule,
                                         f"not fitted: n={nb} below 100 < min_n={min_n}"))
                        continue
                    gsub = groups[below.to_numpy()] if groups is not None else None
                    if gsub is not None and len(set(gsub)) < nb and len(set(gsub)) >= MIN_CLUSTERS:
                        se_type, kw = "cluster", {"cov_type": "cluster", "cov_kwds": {"groups": gsub}, "use_t": True}
                    else:
                        se_type, kw = "HC3", {"cov_type": "HC3"}
                    res = sm.OLS(Y[below], X[below]).fit(**kw)
                    gb = int(len(set(gsub))) if se_type == "cluster" else np.nan
                    note = ""
                    if se_type == "cluster" and gb < FEW_CLUSTERS:
                        note = few.replace(f"G={g}", f"G={gb}")
                    elif too_few:
                        note = too_few
                    rows += _from_fit(m, res, ["const", x], nb, gb, f"{y} ~ 1 + {x} | {y} < 100", se_type, unit,
                                      sample_rule, note)
                elif m == "rlm":
                    res = sm.RLM(Y, X, M=sm.robust.norms.HuberT()).fit()
                    rows += _from_fit(m, res, ["const", x], n, np.nan, f"{y} ~ 1 + {x}, Huber T", "RLM H1 (not cluster-robust)",
                                      unit, sample_rule)
                elif m == "quantreg_median":
                    res = sm.QuantReg(Y, X).fit(q=0.5)
                    rows += _from_fit(m, res, ["const", x], n, np.nan, f"median({y}) ~ 1 + {x}", "QuantReg robust sandwich (Epanechnikov kernel, Hall-Sheather bandwidth)",
                                      unit, sample_rule)
        except Exception as exc:  # a failing model is reported, not hidden
            rows.append(_row(m, x, np.nan, np.nan, np.nan, np.nan, np.nan, n, g, "", "", unit, sample_rule,
                             f"fit failed: {type(exc).__name__}: {exc}"))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)
