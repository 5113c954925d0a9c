"""Kabupaten/kota disparities: population-weighted inequality measures with uncertainty.

Pure functions on arrays and DataFrames, no I/O (the study layer; see the layering rule in the
README). Notation (``research/domain_anchors.md`` section C; Akita & Alisjahbana 2002):
regions ``i = 1..n``, ``y_i`` a per-capita value (allocation per inhabitant, PDRB per capita),
``N_i`` population, ``p_i = N_i / ΣN`` population shares, ``Y_i = y_i N_i`` the quantity,
``s_i = Y_i / ΣY`` quantity shares and ``ȳ = Σ p_i y_i = ΣY / ΣN`` the population-weighted mean
(the province's per-capita value, *not* the simple mean of the ``y_i``).

Every measure accepts ``p=None`` for equal weights (the unweighted form). Conventions:

* Zeros are real values (a kabupaten that received nothing counts with 0). Theil T uses the
  limit ``0 · ln 0 = 0``; Theil L (mean log deviation) is undefined when any ``y_i = 0`` and
  raises :class:`ValueError` stating how many zeros there are.
* Missing values are never dropped silently: the measures refuse NaN; :func:`drop_missing`
  removes them and returns how many (and which) it removed, and :func:`index_table` reports that
  count in its ``n_missing`` column.
* Values must be non-negative, weights positive, and the weighted mean positive.

Examples
--------
>>> y, p = [1.0, 2.0, 3.0], [1, 1, 2]
>>> round(williamson(y, p), 6), round(gini(y, p), 6), round(theil_t(y, p), 6)
(0.368514, 0.194444, 0.075511)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special, stats

from analysis import reference
from analysis.regions import gazetteer, province_code

__all__ = [
    "WILLIAMSON_BANDS",
    "NON_ADDITIVE_UNIT_MARKS",
    "ADMINISTRATIVE_TABLES",
    "POPULATION_VARIABLE",
    "BOOTSTRAP_METHODS",
    "Complete",
    "BootstrapCI",
    "TheilDecomposition",
    "SigmaConvergence",
    "NeedAlignment",
    "GROUP_COLUMNS",
    "region_groups",
    "drop_missing",
    "weighted_mean",
    "williamson",
    "williamson_band",
    "cv",
    "theil_t",
    "theil_l",
    "theil_decomposition",
    "gini",
    "lorenz_curve",
    "bootstrap_ci",
    "sigma_convergence",
    "klassen_typology",
    "wide_table",
    "per_capita_table",
    "share_table",
    "programme_variables",
    "activity_footprint",
    "index_table",
    "select_regions",
    "latest_values",
    "per_capita_long",
    "indices_by_variable",
    "need_alignment",
    "standardise",
    "describe_indices",
]

WILLIAMSON_BANDS: tuple[tuple[float, str], ...] = ((0.50, "high"), (0.35, "medium"), (0.0, "low"))
"""Interpretation of the Williamson index used in Indonesian regional studies (Oshima, via BPS
Jawa Tengah 2000; ``research/domain_anchors.md`` section C): below 0.35 low, 0.35 to 0.50 medium,
above 0.50 high. Lower edges, checked from the top; 0.50 itself counts as medium."""

NON_ADDITIVE_UNIT_MARKS: tuple[str, ...] = ("%", "/")
"""A unit containing one of these marks (``%``, ``ton/ha``, ``kw/ha``) is a rate or ratio, not a
quantity: it cannot be divided by population, so such variables are left out of per-capita
tables (:func:`programme_variables` says so in its ``reason`` column)."""

ADMINISTRATIVE_TABLES: dict[str, str] = {"Tabel 1.1": "administrative units", "Tabel 1.2": "population"}
"""Regional tables of the LKPJ's first chapter (by caption): they describe the kabupaten, they are
not programme allocations."""

POPULATION_VARIABLE = "population_total"
"""Variable of ``regions.csv`` holding the total population (LKPJ Tabel 1.2 ``JUMLAH (jiwa)``)."""

BOOTSTRAP_METHODS = ("percentile", "bca")

MIN_BOOTSTRAP_REGIONS = 5
"""Fewest regions for which :func:`index_table` gives a bootstrap interval: resampling two to four
units gives intervals that mean nothing (most replicates repeat one region)."""

DEGENERATE_TOLERANCE = 1e-12
"""Relative spread below which bootstrap replicates count as all equal (rounding noise of a zero
index, e.g. equal per-capita values); the interval is then the estimate itself."""


GROUP_COLUMNS = ["region_code", "region_name", "province_code", "island_group", "grouping", "source"]


def region_groups(province: str | None = None) -> pd.DataFrame:
    """Island groups of NTT and regions of Bali, from ``reference/island_groups.csv``.

    The reviewable table keyed by Kemendagri code (never BPS digits): NTT's 22 kabupaten/kota by
    island (Timor, Flores, Sumba, Alor, Lembata, Rote, Sabu) and Bali's 9 by region (Sarbagita,
    North, East, West); each row cites its ``source``. The file is checked against the gazetteer:
    every code must exist, appear once, and every kabupaten/kota of a listed province be there.

    Parameters
    ----------
    province : str, optional
        Code or name (``'53'``, ``'NTT'``, ``'Bali'``); None gives all rows.

    Examples
    --------
    >>> g = region_groups("NTT")
    >>> len(g), g.set_index("region_code").loc["53.71", "island_group"]
    (22, 'Timor')
    """
    file = reference.path("island_groups.csv")
    table = pd.read_csv(file, dtype=str, keep_default_na=False)
    if list(table.columns) != GROUP_COLUMNS:
        raise ValueError(f"{file}: expected columns {GROUP_COLUMNS}, got {list(table.columns)}")
    for i, row in enumerate(table.itertuples(index=False), start=2):
        if not all(getattr(row, c) for c in GROUP_COLUMNS):
            raise ValueError(f"{file} line {i}: every column needs a value: {row}")
    dup = table[table["region_code"].duplicated()]
    if len(dup):
        raise ValueError(f"{file}: region codes listed twice: {dup['region_code'].tolist()}")
    gaz = gazetteer()
    unknown = sorted(set(table["region_code"]) - set(gaz["region_code"]))
    if unknown:
        raise ValueError(f"{file}: codes not in the Kemendagri gazetteer: {unknown}")
    for prov in sorted(set(table["province_code"])):
        absent = sorted(set(gaz.loc[gaz["province_code"] == prov, "region_code"]) - set(table["region_code"]))
        if absent:
            raise ValueError(f"{file}: province {prov} lacks kabupaten/kota {absent}")
    if province is not None:
        table = table[table["province_code"] == province_code(province)]
    return table.sort_values("region_code").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Complete:
    """Complete cases returned by :func:`drop_missing`."""

    y: np.ndarray
    p: np.ndarray
    labels: list[str]
    n_missing: int
    missing_labels: list[str] = field(default_factory=list)


def drop_missing(y: Sequence[float], p: Sequence[float] | None = None, labels: Sequence[str] | None = None) -> Complete:
    """Remove the units whose value or weight is missing, and say how many and which.

    Parameters
    ----------
    y, p : array-like
        Values and weights (``p=None``: equal weights).
    labels : sequence of str, optional
        Names of the units (region codes), reported for the removed ones.

    Returns
    -------
    Complete
        ``y``, ``p``, ``labels`` of the complete units, ``n_missing`` and ``missing_labels``.

    Examples
    --------
    >>> c = drop_missing([1.0, float("nan"), 0.0], [10, 20, 30], ["53.01", "53.02", "53.03"])
    >>> c.y.tolist(), c.n_missing, c.missing_labels
    ([1.0, 0.0], 1, ['53.02'])
    """
    y_arr = np.asarray(y, dtype=float).ravel()
    p_arr = np.ones_like(y_arr) if p is None else np.asarray(p, dtype=float).ravel()
    if len(p_arr) != len(y_arr):
        raise ValueError(f"values and weights differ in length: {len(y_arr)} values, {len(p_arr)} weights")
    lab = [str(i) for i in range(len(y_arr))] if labels is None else [str(x) for x in labels]
    if len(lab) != len(y_arr):
        raise ValueError(f"{len(lab)} labels for {len(y_arr)} values")
    ok = ~(np.isnan(y_arr) | np.isnan(p_arr))
    return Complete(
        y=y_arr[ok],
        p=p_arr[ok],
        labels=[lab[i] for i in np.flatnonzero(ok)],
        n_missing=int((~ok).sum()),
        missing_labels=[lab[i] for i in np.flatnonzero(~ok)],
    )


def _prepare(y: Sequence[float], p: Sequence[float] | None) -> tuple[np.ndarray, np.ndarray, float]:
    """Check values and weights; return ``y``, population shares ``w`` (summing to 1) and ``ȳ``."""
    y_arr = np.asarray(y, dtype=float).ravel()
    p_arr = np.ones_like(y_arr) if p is None else np.asarray(p, dtype=float).ravel()
    if len(y_arr) == 0:
        raise ValueError("no values: an inequality measure needs at least one region")
    if len(p_arr) != len(y_arr):
        raise ValueError(f"values and weights differ in length: {len(y_arr)} values, {len(p_arr)} weights")
    for name, arr in (("values", y_arr), ("weights", p_arr)):
        bad = np.flatnonzero(~np.isfinite(arr))
        if len(bad):
            raise ValueError(
                f"{len(bad)} missing or infinite {name} (positions {bad.tolist()}); remove them with "
                "drop_missing(), which reports how many it removed"
            )
    if (y_arr < 0).any():
        raise ValueError(f"negative values at positions {np.flatnonzero(y_arr < 0).tolist()}: the measures need y >= 0")
    if (p_arr <= 0).any():
        raise ValueError(f"weights must be positive; non-positive at positions {np.flatnonzero(p_arr <= 0).tolist()}")
    w = p_arr / p_arr.sum()
    mean = float(np.dot(w, y_arr))
    if mean <= 0:
        raise ValueError("the weighted mean is 0 (every value is 0): relative inequality is undefined")
    return y_arr, w, mean


def _non_negative(value: float) -> float:
    """Indices that are >= 0 by construction: turn rounding noise below 0 (e.g. -1e-17 for equal
    values) into 0; a clearly negative value is a bug and is kept visible."""
    return 0.0 if -DEGENERATE_TOLERANCE < value < 0 else value


# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------
def weighted_mean(y: Sequence[float], p: Sequence[float] | None = None) -> float:
    """Population-weighted mean ``ȳ = Σ p_i y_i / Σ p_i`` (the province's per-capita value).

    Examples
    --------
    >>> weighted_mean([1.0, 4.0], [3, 1])
    1.75
    """
    return _prepare(y, p)[2]


def williamson(y: Sequence[float], p: Sequence[float] | None = None) -> float:
    """Williamson index (population-weighted coefficient of variation).

    ``IW = sqrt( Σ_i (y_i − ȳ)² · p_i / P ) / ȳ`` with ``ȳ`` the population-weighted mean
    (Williamson 1965, *Economic Development and Cultural Change* 13(4):1–84; Sjafrizal). With
    equal weights it is the unweighted CV with divisor ``n``. It is a CV, not bounded by 1: if one
    region with population share ``p_k`` holds everything, ``IW = sqrt((1 − p_k)/p_k)``
    (``sqrt(n − 1)`` unweighted). See :data:`WILLIAMSON_BANDS` for the usual reading.

    Examples
    --------
    >>> round(williamson([2.0, 4.0], [1, 1]), 6)  # ȳ = 3, sd = 1
    0.333333
    >>> williamson([5.0, 5.0, 5.0], [1, 2, 3])
    0.0
    """
    y_arr, w, mean = _prepare(y, p)
    return float(math.sqrt(np.dot(w, (y_arr - mean) ** 2)) / mean)


def williamson_band(value: float) -> str:
    """Reading of a Williamson index by :data:`WILLIAMSON_BANDS` (low / medium / high).

    Examples
    --------
    >>> williamson_band(0.2), williamson_band(0.5), williamson_band(0.51)
    ('low', 'medium', 'high')
    """
    for edge, label in WILLIAMSON_BANDS:
        if value > edge or edge == 0.0:
            return label
    raise AssertionError("unreachable")


def cv(y: Sequence[float], p: Sequence[float] | None = None, ddof: int = 0) -> float:
    """Coefficient of variation ``sd(y) / mean(y)``.

    Unweighted (``p=None``): ``sqrt(Σ (y_i − ȳ_u)² / (n − ddof)) / ȳ_u`` with the simple mean
    ``ȳ_u`` (the unweighted Williamson variant with ``ddof=0``; ``ddof=1`` gives R REAT's
    ``williamson(..., wmean=FALSE)`` n − 1 form). Weighted: the Williamson index (only
    ``ddof=0`` is defined with weights).

    Examples
    --------
    >>> round(cv([2.0, 4.0]), 6), round(cv([2.0, 4.0], ddof=1), 6)
    (0.333333, 0.471405)
    """
    if p is not None:
        if ddof != 0:
            raise ValueError("the weighted CV (Williamson index) is defined with ddof=0 only")
        return williamson(y, p)
    y_arr, _, mean = _prepare(y, None)
    if len(y_arr) - ddof <= 0:
        raise ValueError(f"ddof={ddof} needs more than {ddof} values, got {len(y_arr)}")
    return float(np.std(y_arr, ddof=ddof) / mean)


def theil_t(y: Sequence[float], p: Sequence[float] | None = None) -> float:
    """Theil T index (GE(1)), population-weighted.

    ``T = Σ_i p_i (y_i/ȳ) ln(y_i/ȳ) = Σ_i s_i ln(s_i / p_i)`` (Theil 1967; Akita &
    Alisjahbana 2002). Zeros count with the limit ``0 · ln 0 = 0``. Equal weights give the
    unweighted ``Σ s_i ln(n s_i)`` of PySAL ``inequality.theil.Theil``. Maximum when one region
    with population share ``p_k`` holds everything: ``ln(1/p_k)`` (``ln n`` unweighted).

    Examples
    --------
    >>> round(theil_t([10, 10, 10, 20, 50]), 7)  # (3·0.5 ln 0.5 + 2.5 ln 2.5)/5
    0.2502012
    >>> theil_t([0.0, 4.0], [1, 1]) == math.log(2)
    True
    """
    y_arr, w, mean = _prepare(y, p)
    r = y_arr / mean
    return _non_negative(float(np.dot(w, special.xlogy(r, r))))


def theil_l(y: Sequence[float], p: Sequence[float] | None = None) -> float:
    """Theil L index (GE(0), mean log deviation), population-weighted.

    ``L = Σ_i p_i ln(ȳ / y_i) = Σ_i p_i ln(p_i / s_i)`` (Theil 1967; Akita 2003). Undefined
    (infinite) when any ``y_i = 0``: raises :class:`ValueError` with the number of zeros, so
    that the caller reports it rather than a silent exclusion.

    R ``REAT::theil(x)`` computes this index (``mean(log(mean(x)/x))``), not Theil T, despite the
    name; its value for ``(10, 10, 10, 20, 50)``, 0.2326302, is Theil L.

    Examples
    --------
    >>> round(theil_l([1.0, 4.0], [1, 1]), 6)  # ½ ln(2.5/1) + ½ ln(2.5/4)
    0.223144
    >>> round(theil_l([10, 10, 10, 20, 50]), 7)  # R REAT::theil(c(10,10,10,20,50)), which is the MLD
    0.2326302
    """
    y_arr, w, mean = _prepare(y, p)
    zeros = int((y_arr == 0).sum())
    if zeros:
        raise ValueError(f"Theil L is undefined with zero values ({zeros} of {len(y_arr)} regions are 0)")
    return _non_negative(float(np.dot(w, np.log(mean / y_arr))))


def gini(y: Sequence[float], p: Sequence[float] | None = None, small_sample: bool = False) -> float:
    """Gini coefficient, population-weighted, in the Lorenz-area form.

    Regions sorted by ``y_i``; ``Q_k`` the cumulative quantity share:
    ``G = 1 − Σ_k p_k (Q_k + Q_{k−1})``, which equals the pairwise form
    ``Σ_i Σ_j p_i p_j |y_i − y_j| / (2 ȳ)`` (grouped-data Gini; ``research/domain_anchors.md``
    section C). Equal weights give the unweighted relative-mean-difference Gini of PySAL
    ``inequality.gini.Gini``. If one region with population share ``p_k`` holds everything,
    ``G = 1 − p_k`` (``1 − 1/n`` unweighted).

    ``small_sample=True`` multiplies by ``n/(n − 1)`` (the correction of R DescTools'
    ``Gini(unbiased=TRUE)``; it makes the unweighted maximum 1). It is off by default: the
    correction inflates the index by about 4.8 % with 22 regions, which is what makes
    ``ineqpy``'s weighted Gini too high (``research/analysis_anchors.md``).

    Examples
    --------
    >>> gini([0.0, 0.0, 0.0, 1.0])  # one of four holds everything: 1 − 1/4
    0.75
    >>> round(gini([0.0, 0.0, 0.0, 1.0], small_sample=True), 6)
    1.0
    """
    y_arr, w, mean = _prepare(y, p)
    order = np.argsort(y_arr, kind="stable")
    w_sorted = w[order]
    q = np.cumsum(w_sorted * y_arr[order]) / mean
    q_prev = np.concatenate(([0.0], q[:-1]))
    g = _non_negative(float(1.0 - np.dot(w_sorted, q + q_prev)))
    if small_sample:
        n = len(y_arr)
        if n < 2:
            raise ValueError("the n/(n-1) correction needs at least two regions")
        g *= n / (n - 1)
    return g


def lorenz_curve(y: Sequence[float], p: Sequence[float] | None = None) -> pd.DataFrame:
    """Points of the Lorenz curve: cumulative population share against cumulative quantity share.

    Regions sorted by ``y_i`` ascending; the first point is ``(0, 0)``, the last ``(1, 1)``.
    The Gini coefficient is one minus twice the area under these points (trapezoids), see
    :func:`gini`.

    Returns
    -------
    pandas.DataFrame
        ``cum_population_share``, ``cum_quantity_share`` (``n + 1`` rows).

    Examples
    --------
    >>> lorenz_curve([3.0, 1.0], [1, 1]).round(3).values.tolist()
    [[0.0, 0.0], [0.5, 0.25], [1.0, 1.0]]
    """
    y_arr, w, mean = _prepare(y, p)
    order = np.argsort(y_arr, kind="stable")
    cum_p = np.concatenate(([0.0], np.cumsum(w[order])))
    cum_q = np.concatenate(([0.0], np.cumsum(w[order] * y_arr[order]) / mean))
    return pd.DataFrame({"cum_population_share": cum_p, "cum_quantity_share": cum_q})


@dataclass(frozen=True)
class TheilDecomposition:
    """Result of :func:`theil_decomposition`: ``total == between + within``."""

    index: str
    total: float
    between: float
    within: float
    groups: pd.DataFrame


def theil_decomposition(
    y: Sequence[float], p: Sequence[float] | None, groups: Sequence[str], index: str = "T"
) -> TheilDecomposition:
    """Between/within decomposition of Theil T or L over groups (e.g. island groups).

    With group population shares ``p_g``, quantity shares ``s_g`` and within-group indices
    ``T_g``, ``L_g`` (each computed on the group's regions with their own shares)
    (Akita & Alisjahbana 2002; Akita 2003, *Annals of Regional Science* 37:55–77)::

        T = T_B + T_W,  T_B = Σ_g s_g ln(s_g / p_g),  T_W = Σ_g s_g T_g
        L = L_B + L_W,  L_B = Σ_g p_g ln(p_g / s_g),  L_W = Σ_g p_g L_g

    The identity holds exactly; the returned ``total`` is the index over all regions computed
    directly (not as the sum), so a test of the identity is meaningful. A group whose quantity is 0
    has ``T_g`` undefined (shown NaN) and contributes 0 to ``T_W`` (weight ``s_g = 0``).

    Returns
    -------
    TheilDecomposition
        ``total``, ``between``, ``within`` and ``groups`` (one row per group: ``group``,
        ``n``, ``population_share``, ``quantity_share``, ``index`` (within-group value),
        ``within_contribution``).

    Examples
    --------
    >>> d = theil_decomposition([1.0, 1.0, 4.0, 4.0], [1, 1, 1, 1], ["a", "a", "b", "b"])
    >>> round(d.between, 6), d.within  # groups internally equal: all inequality is between
    (0.192745, 0.0)
    """
    if index not in ("T", "L"):
        raise ValueError(f"index must be 'T' or 'L', got {index!r}")
    measure = theil_t if index == "T" else theil_l
    y_arr, w, mean = _prepare(y, p)
    p_arr = np.ones_like(y_arr) if p is None else np.asarray(p, dtype=float).ravel()
    g_arr = np.asarray([str(g) for g in groups], dtype=object)
    if len(g_arr) != len(y_arr):
        raise ValueError(f"{len(g_arr)} group labels for {len(y_arr)} values")
    missing = [i for i, g in enumerate(groups) if g is None or (isinstance(g, float) and math.isnan(g)) or str(g) == ""]
    if missing:
        raise ValueError(f"{len(missing)} regions have no group (positions {missing})")
    total = measure(y_arr, p_arr)
    s = w * y_arr / mean
    rows = []
    between = within = 0.0
    for g in sorted(set(g_arr)):
        m = g_arr == g
        p_g, s_g = float(w[m].sum()), float(s[m].sum())
        if s_g > 0:
            idx_g = measure(y_arr[m], p_arr[m])
        else:
            idx_g = math.nan
            if index == "L":
                raise ValueError(f"Theil L between groups is undefined: group {g!r} has quantity 0")
        if index == "T":
            b = float(special.xlogy(s_g, s_g) - special.xlogy(s_g, p_g))
            c = s_g * idx_g if s_g > 0 else 0.0
        else:
            b = p_g * math.log(p_g / s_g)
            c = p_g * idx_g
        between += b
        within += c
        rows.append({"group": g, "n": int(m.sum()), "population_share": p_g, "quantity_share": s_g,
                     "index": idx_g, "between_term": b, "within_contribution": c})
    return TheilDecomposition(index, float(total), float(between), float(within), pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------------
# Uncertainty and change over time
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BootstrapCI:
    """Bootstrap confidence interval of one index (see :func:`bootstrap_ci`)."""

    estimate: float
    low: float
    high: float
    level: float
    method: str
    reps: int
    n: int
    n_failed: int
    note: str = ""


def bootstrap_ci(
    measure: Callable[..., float],
    y: Sequence[float],
    p: Sequence[float] | None = None,
    reps: int = 999,
    seed: int = 0,
    method: str = "percentile",
    level: float = 0.95,
) -> BootstrapCI:
    """Bootstrap confidence interval of an inequality index, resampling kabupaten.

    Each replicate draws ``n`` regions with replacement (value and weight together) from
    ``numpy.random.default_rng(seed)`` and recomputes ``measure(y, p)``. Intervals (Efron &
    Tibshirani 1993, ch. 13–14):

    * ``percentile``: the ``α/2`` and ``1 − α/2`` quantiles of the replicates;
    * ``bca`` (bias-corrected and accelerated): quantiles ``Φ(z0 + (z0 + z)/(1 − a(z0 + z)))``
      with ``z0 = Φ⁻¹(#{θ* < θ̂}/B)`` and the acceleration ``a`` from the jackknife,
      ``a = Σ (θ̄ − θ_(i))³ / (6 [Σ (θ̄ − θ_(i))²]^{3/2})``.

    Replicates where the measure is undefined (e.g. every drawn value 0) are dropped and counted in
    ``n_failed``. With all replicates equal (e.g. equal per-capita values) the interval is the
    estimate itself, with a note.

    Examples
    --------
    >>> ci = bootstrap_ci(gini, [1.0, 2.0, 3.0, 4.0, 8.0], [2, 1, 1, 3, 1], reps=200, seed=1)
    >>> ci.low <= ci.estimate <= ci.high, ci.n
    (True, 5)
    """
    if method not in BOOTSTRAP_METHODS:
        raise ValueError(f"method must be one of {BOOTSTRAP_METHODS}, got {method!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if reps < 1:
        raise ValueError(f"reps must be at least 1, got {reps}")
    _prepare(y, p)  # checks
    y_arr = np.asarray(y, dtype=float).ravel()
    w = np.ones_like(y_arr) if p is None else np.asarray(p, dtype=float).ravel()
    n = len(y_arr)
    estimate = float(measure(y_arr, w))
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(reps, n))
    boot = np.full(reps, np.nan)
    for k, idx in enumerate(draws):
        try:
            boot[k] = measure(y_arr[idx], w[idx])
        except ValueError:
            pass
    ok = boot[~np.isnan(boot)]
    n_failed = int(reps - len(ok))
    if len(ok) == 0:
        return BootstrapCI(estimate, math.nan, math.nan, level, method, reps, n, n_failed, "every replicate undefined")
    alpha = 1.0 - level
    if np.ptp(ok) <= DEGENERATE_TOLERANCE * max(1.0, float(np.abs(ok).max())):
        return BootstrapCI(estimate, estimate, estimate, level, method, reps, n, n_failed, "all replicates equal")
    if method == "percentile":
        lo, hi = np.quantile(ok, [alpha / 2, 1 - alpha / 2])
        return BootstrapCI(estimate, float(lo), float(hi), level, method, reps, n, n_failed)
    prop = float((ok < estimate).mean())
    if prop in (0.0, 1.0):
        return BootstrapCI(estimate, math.nan, math.nan, level, method, reps, n, n_failed,
                           "BCa undefined: the estimate lies outside every replicate")
    z0 = stats.norm.ppf(prop)
    jack = np.array([measure(np.delete(y_arr, i), np.delete(w, i)) for i in range(n)])
    d = jack.mean() - jack
    denom = 6.0 * (d**2).sum() ** 1.5
    a = float((d**3).sum() / denom) if denom > 0 else 0.0
    z = stats.norm.ppf([alpha / 2, 1 - alpha / 2])
    q = stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
    lo, hi = np.quantile(ok, q)
    return BootstrapCI(estimate, float(lo), float(hi), level, method, reps, n, n_failed)


@dataclass(frozen=True)
class SigmaConvergence:
    """Result of :func:`sigma_convergence`: one row per year and the trend of the dispersion."""

    table: pd.DataFrame
    slope: float
    p_value: float
    converging: bool | None


def sigma_convergence(
    frame: pd.DataFrame, year: str = "year", value: str = "value", weight: str | None = None
) -> SigmaConvergence:
    """σ-convergence: does the dispersion of a per-capita value fall over the years?

    Per year ``σ_t = sd_i(ln y_it)`` (divisor n, Sala-i-Martin 1996; ``research/domain_anchors.md``
    section C), the unweighted CV and, with ``weight``, the Williamson index. The trend is the OLS
    slope of ``σ_t`` on ``t`` (``scipy.stats.linregress``) with its p-value; ``converging`` is
    True for a negative slope with p < 0.05, False for a positive one with p < 0.05, None
    otherwise or with fewer than three years. Rows with a missing value are excluded and counted
    per year (``n_missing``); a year with a zero value has ``σ_t`` undefined (NaN, ``n_zero``).

    Examples
    --------
    >>> f = pd.DataFrame({"year": [1, 1, 2, 2, 3, 3], "value": [1.0, 4.0, 1.0, 2.0, 1.0, 1.0]})
    >>> r = sigma_convergence(f)
    >>> r.table["sigma_log"].round(4).tolist(), r.slope < 0
    ([0.6931, 0.3466, 0.0], True)
    """
    rows = []
    for t, grp in frame.groupby(year, sort=True):
        c = drop_missing(grp[value], None if weight is None else grp[weight])
        n_zero = int((c.y == 0).sum())
        sigma = float(np.std(np.log(c.y))) if n_zero == 0 and len(c.y) else math.nan
        row = {"year": t, "n": len(c.y), "n_missing": c.n_missing, "n_zero": n_zero, "sigma_log": sigma,
               "cv": cv(c.y) if len(c.y) else math.nan}
        if weight is not None:
            row["williamson"] = williamson(c.y, c.p) if len(c.y) else math.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    valid = table.dropna(subset=["sigma_log"])
    if len(valid) < 3:
        return SigmaConvergence(table, math.nan, math.nan, None)
    fit = stats.linregress(valid["year"].astype(float), valid["sigma_log"])
    converging = None
    if fit.pvalue < 0.05:
        converging = bool(fit.slope < 0)
    return SigmaConvergence(table, float(fit.slope), float(fit.pvalue), converging)


KLASSEN_QUADRANTS = {
    (True, True): "I fast-growing and high-income (maju dan tumbuh cepat)",
    (True, False): "II high-income but depressed (maju tapi tertekan)",
    (False, True): "III fast-developing (berkembang cepat)",
    (False, False): "IV relatively lagging (relatif tertinggal)",
}


def klassen_typology(
    y: pd.Series,
    growth: pd.Series,
    p: pd.Series | None = None,
    y_ref: float | None = None,
    growth_ref: float | None = None,
) -> pd.DataFrame:
    """Klassen typology: regions by per-capita level and growth relative to the province.

    Quadrants (Sjafrizal; Bappenas; ``research/domain_anchors.md`` section C), ties counted as
    high (``≥``): I ``y_i ≥ ȳ`` and ``r_i ≥ r``; II ``y_i ≥ ȳ``, ``r_i < r``; III ``y_i < ȳ``,
    ``r_i ≥ r``; IV both below. ``ȳ`` defaults to the population-weighted mean of ``y`` and ``r``
    to the quantity-share-weighted mean of the growth rates (the growth of the total when the rates
    are of the regions' totals and the shares are of the base year; pass ``growth_ref`` for the
    published provincial rate). Regions with a missing value are listed with quadrant NaN.

    Parameters
    ----------
    y, growth : pandas.Series
        Per-capita level and growth rate, indexed by region code.
    p : pandas.Series, optional
        Population (weights), indexed like ``y``.

    Examples
    --------
    >>> y = pd.Series({"a": 2.0, "b": 1.0, "c": 1.0})
    >>> g = pd.Series({"a": 1.0, "b": 3.0, "c": 0.0})
    >>> klassen_typology(y, g, y_ref=1.5, growth_ref=2.0)["quadrant"].tolist()
    ['II', 'III', 'IV']
    """
    idx = y.index.union(growth.index)
    frame = pd.DataFrame({"y": y.reindex(idx), "growth": growth.reindex(idx)})
    frame["p"] = 1.0 if p is None else p.reindex(idx)
    ok = frame.notna().all(axis=1)
    yo, po = frame.loc[ok, "y"].to_numpy(float), frame.loc[ok, "p"].to_numpy(float)
    ybar = weighted_mean(yo, po) if y_ref is None else float(y_ref)
    if growth_ref is None:
        shares = po * yo / (po * yo).sum()
        growth_ref = float(np.dot(shares, frame.loc[ok, "growth"].to_numpy(float)))
    high = frame["y"] >= ybar
    fast = frame["growth"] >= growth_ref
    labels = [KLASSEN_QUADRANTS[(bool(h), bool(f))] if o else None for h, f, o in zip(high, fast, ok)]
    out = pd.DataFrame({
        "region_code": idx,
        "y": frame["y"].to_numpy(),
        "growth": frame["growth"].to_numpy(),
        "y_ref": ybar,
        "growth_ref": growth_ref,
        "quadrant": [lab.split(" ")[0] if lab else None for lab in labels],
        "label": labels,
    })
    return out


# ---------------------------------------------------------------------------------------------
# Tables built from regions.csv (long layout of the data contract)
# ---------------------------------------------------------------------------------------------
def wide_table(regions: pd.DataFrame, variables: Sequence[str] | None = None,
               region_types: Sequence[str] = ("kabupaten", "kota")) -> pd.DataFrame:
    """One row per kabupaten/kota, one column per variable, from the long ``regions`` table.

    Province total rows are left out (``region_types``). Two values for the same region and
    variable raise :class:`ValueError` naming their source lines (pass one document at a time).

    Examples
    --------
    >>> r = pd.DataFrame({"region_code": ["53.01", "53.01", "53"], "region_type": ["kabupaten"] * 2 + ["province"],
    ...                   "variable": ["a", "b", "a"], "value": [1.0, 2.0, 9.0], "source_line": [3, 3, 4]})
    >>> wide_table(r).to_dict("index")
    {'53.01': {'a': 1.0, 'b': 2.0}}
    """
    sel = regions[regions["region_type"].isin(region_types)]
    if variables is not None:
        sel = sel[sel["variable"].isin(list(variables))]
    dup = sel[sel.duplicated(["region_code", "variable"], keep=False)]
    if len(dup):
        first = dup.iloc[0]
        lines = dup[(dup["region_code"] == first["region_code"]) & (dup["variable"] == first["variable"])]
        raise ValueError(
            f"{len(dup)} rows repeat a region and variable, e.g. {first['region_code']} {first['variable']!r} "
            f"at source lines {lines['source_line'].tolist()}; select one document (doc_id) and year first"
        )
    wide = sel.pivot(index="region_code", columns="variable", values="value")
    wide.columns.name = None
    wide.index.name = "region_code"
    cols = list(variables) if variables is not None else sorted(wide.columns)
    return wide.reindex(columns=[c for c in cols if c in wide.columns]).sort_index()


def per_capita_table(quantity: pd.Series, population: pd.Series, per: float = 1.0) -> pd.DataFrame:
    """Each kabupaten's quantity per inhabitant (times ``per``) and its shares of people and quantity.

    ``per_capita = per · Y_i / N_i``; ``population_share = N_i / ΣN`` and ``quantity_share =
    Y_i / ΣY`` over the regions with both values; ``relative = per_capita / provincial per capita
    = quantity_share / population_share``. The regions are the union of both indexes; a region with
    only one of the two values keeps a row with ``per_capita`` NaN and a ``note`` (nothing is
    dropped silently). A quantity of 0 is a real 0.

    Parameters
    ----------
    quantity, population : pandas.Series
        Indexed by region code.
    per : float
        Scale (1 per inhabitant, 1000, 100000 ...).

    Examples
    --------
    >>> t = per_capita_table(pd.Series({"a": 10.0, "b": 0.0, "c": 5.0}), pd.Series({"a": 100.0, "b": 100.0}), per=100)
    >>> t["per_capita"].tolist(), t["note"].tolist()
    ([10.0, 0.0, nan], ['', '', 'no population'])
    """
    if per <= 0:
        raise ValueError(f"per must be positive, got {per}")
    idx = quantity.index.union(population.index)
    t = pd.DataFrame({"quantity": quantity.reindex(idx).astype(float),
                      "population": population.reindex(idx).astype(float)})
    t.index.name = "region_code"
    bad_pop = t["population"].notna() & (t["population"] <= 0)
    if bad_pop.any():
        raise ValueError(f"population must be positive; got {t.loc[bad_pop, 'population'].to_dict()}")
    note = np.where(t["quantity"].isna() & t["population"].isna(), "no value and no population",
                    np.where(t["quantity"].isna(), "no value", np.where(t["population"].isna(), "no population", "")))
    ok = t["quantity"].notna() & t["population"].notna()
    t["per_capita"] = np.where(ok, per * t["quantity"] / t["population"], np.nan)
    t["population_share"] = np.where(ok, t["population"] / t.loc[ok, "population"].sum(), np.nan)
    total_q = t.loc[ok, "quantity"].sum()
    t["quantity_share"] = np.where(ok, t["quantity"] / total_q, np.nan) if total_q > 0 else np.nan
    t["relative"] = t["quantity_share"] / t["population_share"]
    t["note"] = note
    return t.reset_index()


def share_table(per_capita: pd.DataFrame, labels: pd.Series | None = None) -> pd.DataFrame:
    """Share of people against share of the quantity, regions ranked by per-capita value.

    From a :func:`per_capita_table`: rows with both values, sorted by ``per_capita`` ascending
    (ties by region code), with the cumulative shares (the labelled points of the Lorenz curve) and
    ``share_gap = quantity_share − population_share`` (positive: the region gets more than its
    share of the people).

    Examples
    --------
    >>> t = per_capita_table(pd.Series({"a": 3.0, "b": 1.0}), pd.Series({"a": 1.0, "b": 1.0}))
    >>> share_table(t)[["region_code", "cum_quantity_share", "share_gap"]].values.tolist()
    [['b', 0.25, -0.25], ['a', 1.0, 0.25]]
    """
    t = per_capita.dropna(subset=["per_capita"]).sort_values(["per_capita", "region_code"], kind="stable")
    out = t[["region_code", "population", "quantity", "per_capita", "population_share", "quantity_share"]].copy()
    if labels is not None:
        out.insert(1, "region_name", out["region_code"].map(labels))
    out["share_gap"] = out["quantity_share"] - out["population_share"]
    out["cum_population_share"] = out["population_share"].cumsum()
    out["cum_quantity_share"] = out["quantity_share"].cumsum()
    return out.reset_index(drop=True)


def programme_variables(regions: pd.DataFrame, min_regions: int = 2) -> pd.DataFrame:
    """Which variables of a document's regional tables can be allocated per capita, and why not.

    Every variable not from an administrative table (:data:`ADMINISTRATIVE_TABLES`) is listed once
    with its ``source_table``, ``unit``, number of kabupaten/kota with a value and first line.
    ``included`` is False with a ``reason`` for a rate or ratio unit
    (:data:`NON_ADDITIVE_UNIT_MARKS`), a missing unit, or fewer than ``min_regions`` regions.

    Examples
    --------
    >>> r = pd.DataFrame({"variable": ["x", "x", "r"], "source_table": ["T", "T", "T"], "unit": ["ha", "ha", "%"],
    ...                   "region_type": ["kabupaten"] * 3, "region_code": ["1", "2", "1"], "source_line": [5, 6, 5]})
    >>> programme_variables(r)[["variable", "included", "reason"]].values.tolist()
    [['r', False, 'unit % is a rate or ratio'], ['x', True, '']]
    """
    sel = regions[~regions["source_table"].isin(ADMINISTRATIVE_TABLES) & regions["region_type"].isin(["kabupaten", "kota"])]
    rows = []
    for var, grp in sel.groupby("variable", sort=True):
        units = sorted({str(u) for u in grp["unit"].dropna()})
        unit = ";".join(units)
        n = int(grp["region_code"].nunique())
        reason = ""
        if not units:
            reason = "no unit: cannot tell a quantity from a rate"
        elif any(m in unit for m in NON_ADDITIVE_UNIT_MARKS):
            reason = f"unit {unit} is a rate or ratio"
        elif n < min_regions:
            reason = f"only {n} region(s) with a value"
        rows.append({"variable": var, "source_table": grp["source_table"].iloc[0], "unit": unit, "n_regions": n,
                     "first_line": int(grp["source_line"].min()), "included": reason == "", "reason": reason})
    return pd.DataFrame(rows, columns=["variable", "source_table", "unit", "n_regions", "first_line", "included", "reason"])


def activity_footprint(activity_locations: pd.DataFrame, population: pd.Series, per: float = 100_000) -> pd.DataFrame:
    """Provincial programme footprint: activities naming each kabupaten per ``per`` inhabitants.

    An activity is one ``(doc_id, entity, budget_line)`` of ``activity_locations.csv``; it is
    counted once per kabupaten however often its texts name the kabupaten (``mentions`` keeps the
    raw count). Kabupaten in ``population`` that no activity names get 0 (a real zero: the
    locations table covers every output text). Mentions of codes outside ``population`` (another
    province) are reported in ``note`` of an extra row, not dropped.

    Examples
    --------
    >>> a = pd.DataFrame({"doc_id": ["1"] * 3, "entity": ["E"] * 3, "budget_line": ["x", "x", "y"],
    ...                   "region_code": ["a", "a", "a"]})
    >>> activity_footprint(a, pd.Series({"a": 200_000.0, "b": 100_000.0}))[["region_code", "activities", "per_100k"]].values.tolist()
    [['a', 2, 1.0], ['b', 0, 0.0]]
    """
    key = ["doc_id", "entity", "budget_line"]
    act = activity_locations.dropna(subset=["region_code"])
    distinct = act.drop_duplicates(key + ["region_code"])
    counts = distinct.groupby("region_code").size()
    mentions = act.groupby("region_code").size()
    idx = population.index.union(counts.index)
    t = pd.DataFrame({"population": population.reindex(idx).astype(float),
                      "activities": counts.reindex(idx).fillna(0).astype(int),
                      "mentions": mentions.reindex(idx).fillna(0).astype(int)})
    t.index.name = "region_code"
    label = f"per_{int(per // 1000)}k" if per >= 1000 and per % 1000 == 0 else f"per_{per:g}"
    t[label] = per * t["activities"] / t["population"]
    t["note"] = np.where(t["population"].isna(), "no population (outside the province's table)", "")
    return t.reset_index()


# ---------------------------------------------------------------------------------------------
# Index table, need alignment, standardisation, narrative
# ---------------------------------------------------------------------------------------------
INDEX_LABELS: dict[str, str] = {
    "williamson": "Williamson index (population-weighted CV)",
    "cv": "Coefficient of variation (unweighted)",
    "gini": "Gini (population-weighted)",
    "theil_t": "Theil T (population-weighted)",
    "theil_l": "Theil L / MLD (population-weighted)",
    "theil_t_between": "Theil T between groups",
    "theil_t_within": "Theil T within groups",
}


def _unweighted_cv(y: np.ndarray, p: np.ndarray) -> float:  # signature for bootstrap_ci
    return cv(y)


def index_table(
    y: Sequence[float],
    p: Sequence[float],
    labels: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
    reps: int = 999,
    seed: int = 0,
    method: str = "percentile",
    level: float = 0.95,
) -> pd.DataFrame:
    """All indices of one per-capita variable with bootstrap intervals, n and what was excluded.

    Rows: ``williamson``, ``cv`` (unweighted), ``gini``, ``theil_t``, ``theil_l`` (NaN with a note
    when a value is 0) and, with ``groups``, ``theil_t_between`` and ``theil_t_within`` (point
    values). Columns: ``index``, ``label``, ``estimate``, ``ci_low``, ``ci_high``, ``level``,
    ``method``, ``reps``, ``n`` (regions used), ``n_missing`` (regions excluded for a missing value
    or weight), ``note``. With fewer than :data:`MIN_BOOTSTRAP_REGIONS` regions the indices have no
    interval (noted).

    Examples
    --------
    >>> t = index_table([1.0, 2.0, float("nan"), 4.0, 3.0, 0.5], [1, 1, 1, 1, 2, 1], reps=50)
    >>> t.set_index("index").loc["gini", ["n", "n_missing"]].tolist()
    [5, 1]
    """
    c = drop_missing(y, p, labels)
    measures: dict[str, Callable[..., float]] = {
        "williamson": williamson, "cv": _unweighted_cv, "gini": gini, "theil_t": theil_t, "theil_l": theil_l,
    }
    rows = []
    for name, fn in measures.items():
        row = {"index": name, "label": INDEX_LABELS[name], "estimate": math.nan, "ci_low": math.nan,
               "ci_high": math.nan, "level": level, "method": method, "reps": reps, "n": len(c.y),
               "n_missing": c.n_missing, "note": ""}
        try:
            if len(c.y) < MIN_BOOTSTRAP_REGIONS:
                row.update(estimate=fn(c.y, c.p), method="", reps=0,
                           note=f"no interval: fewer than {MIN_BOOTSTRAP_REGIONS} regions")
                rows.append(row)
                continue
            ci = bootstrap_ci(fn, c.y, c.p, reps=reps, seed=seed, method=method, level=level)
        except ValueError as exc:
            row["note"] = str(exc)
        else:
            row.update(estimate=ci.estimate, ci_low=ci.low, ci_high=ci.high)
            notes = [ci.note] if ci.note else []
            if ci.n_failed:
                notes.append(f"{ci.n_failed} of {reps} replicates undefined")
            row["note"] = "; ".join(notes)
        rows.append(row)
    if groups is not None:
        g = drop_missing(y, p, groups)
        try:
            d = theil_decomposition(g.y, g.p, g.labels, "T")
        except ValueError as exc:
            parts = {"between": (math.nan, str(exc)), "within": (math.nan, str(exc))}
        else:
            parts = {"between": (d.between, ""), "within": (d.within, "")}
        for part, (val, note) in parts.items():
            rows.append({"index": f"theil_t_{part}", "label": INDEX_LABELS[f"theil_t_{part}"], "estimate": val,
                         "ci_low": math.nan, "ci_high": math.nan, "level": level, "method": "", "reps": 0,
                         "n": len(g.y), "n_missing": g.n_missing, "note": note})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class NeedAlignment:
    """Spearman rank correlation of an allocation with a need indicator (:func:`need_alignment`)."""

    rho: float
    p_value: float
    n: int
    n_missing: int
    missing: list[str]


def need_alignment(allocation: pd.Series, need: pd.Series) -> NeedAlignment:
    """Do allocations go where the need is? Spearman's rank correlation over kabupaten.

    ``rho`` from ``scipy.stats.spearmanr`` on the regions with both values (a positive ``rho``
    with a need indicator where higher means more need, e.g. a stunting rate, means more per
    capita where need is higher). Regions with one of the two values missing are excluded and
    listed.

    Examples
    --------
    >>> r = need_alignment(pd.Series({"a": 1.0, "b": 2.0, "c": 3.0, "d": 5.0}), pd.Series({"a": 10.0, "b": 20.0, "c": 40.0}))
    >>> r.rho, r.n, r.missing
    (1.0, 3, ['d'])
    """
    idx = allocation.index.union(need.index)
    f = pd.DataFrame({"a": allocation.reindex(idx), "b": need.reindex(idx)})
    ok = f.notna().all(axis=1)
    missing = [str(x) for x in idx[~ok.to_numpy()]]
    if ok.sum() < 3:
        return NeedAlignment(math.nan, math.nan, int(ok.sum()), len(missing), missing)
    res = stats.spearmanr(f.loc[ok, "a"], f.loc[ok, "b"])
    return NeedAlignment(float(res.statistic), float(res.pvalue), int(ok.sum()), len(missing), missing)


def standardise(wide: pd.DataFrame) -> pd.DataFrame:
    """z-scores per column, ``(x − mean) / sd`` with divisor n (for a kabupaten × variable heatmap).

    A column with no spread becomes 0; missing values stay missing.

    Examples
    --------
    >>> standardise(pd.DataFrame({"a": [1.0, 3.0], "b": [2.0, 2.0]})).values.tolist()
    [[-1.0, 0.0], [1.0, 0.0]]
    """
    mean = wide.mean()
    sd = wide.std(ddof=0)
    z = (wide - mean) / sd.where(sd > 0)
    for col in wide.columns[(sd == 0).to_numpy()]:
        z[col] = wide[col].where(wide[col].isna(), 0.0)
    return z


def describe_indices(table: pd.DataFrame, subject: str) -> str:
    """One sentence on a variable's inequality, built from an :func:`index_table` (three decimals).

    Examples
    --------
    >>> t = index_table([1.0, 2.0, 3.0, 10.0], [1, 1, 1, 1], reps=50)  # n < 5: no intervals
    >>> describe_indices(t, "alsintan per 100,000 inhabitants")[:60]
    'alsintan per 100,000 inhabitants across 4 kabupaten/kota: Wi'
    """
    t = table.set_index("index")

    def fmt(name: str) -> str:
        r = t.loc[name]
        if pd.isna(r["estimate"]):
            return f"{INDEX_LABELS[name]} not computed ({r['note']})"
        ci = "" if pd.isna(r["ci_low"]) else f" (95% CI {r['ci_low']:.3f} to {r['ci_high']:.3f})"
        if name in t.index and r["level"] != 0.95 and ci:
            ci = ci.replace("95%", f"{100 * r['level']:g}%")
        return f"{INDEX_LABELS[name]} {r['estimate']:.3f}{ci}"

    n = int(t.loc["gini", "n"])
    miss = int(t.loc["gini", "n_missing"])
    parts = [fmt("williamson")]
    w = t.loc["williamson", "estimate"]
    if not pd.isna(w):
        parts[0] += f", {williamson_band(float(w))} by the usual 0.35/0.50 thresholds"
    parts += [fmt("gini"), fmt("theil_t"), fmt("theil_l")]
    if "theil_t_between" in t.index and not pd.isna(t.loc["theil_t_between", "estimate"]):
        b, tot = t.loc["theil_t_between", "estimate"], t.loc["theil_t", "estimate"]
        share = 100 * b / tot if tot > 0 else math.nan
        parts.append(f"between-group share of Theil T {share:.1f}%")
    excluded = f" ({miss} excluded for a missing value)" if miss else ""
    text = f"{subject} across {n} kabupaten/kota{excluded}: " + "; ".join(parts) + "."
    return text


# ---------------------------------------------------------------------------------------------
# Study helpers (what the notebook calls)
# ---------------------------------------------------------------------------------------------
IMPORTED_PREFIX = "ext:"
"""``doc_id`` prefix of the rows of imported regional tables (``load_regions(include_imported=True)``)."""


def select_regions(
    regions: pd.DataFrame, province: str, year: int, doc_ids: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``regions`` into the documents' rows for one province and year, and the imported rows.

    Document rows: ``doc_id`` in ``doc_ids`` (None or empty: every document) and not starting with
    :data:`IMPORTED_PREFIX`, kabupaten/kota of the province (by Kemendagri code prefix),
    ``year == year``. A selected document without regional rows simply contributes none (the
    Bali LKjIP has no kabupaten tables). Imported rows: the province's kabupaten/kota of any year
    (choose with :func:`latest_values`). Province totals are left out.

    Examples
    --------
    >>> r = pd.DataFrame({"doc_id": ["001", "001", "ext:s"], "region_code": ["53.01", "51.01", "53.01"],
    ...                   "region_type": ["kabupaten"] * 3, "year": [2023, 2023, 2022]})
    >>> [len(x) for x in select_regions(r, "NTT", 2023)], [len(x) for x in select_regions(r, "NTT", 2023, ["004"])]
    ([1, 1], [0, 1])
    """
    pcode = province_code(province)
    in_prov = regions["region_code"].astype(str).str.startswith(pcode + ".") & regions["region_type"].isin(["kabupaten", "kota"])
    imported = regions["doc_id"].astype(str).str.startswith(IMPORTED_PREFIX)
    chosen = regions["doc_id"].astype(str).isin([str(d) for d in doc_ids]) if doc_ids else ~imported
    docs = regions[in_prov & ~imported & chosen & (pd.to_numeric(regions["year"], errors="coerce") == int(year))]
    return docs.reset_index(drop=True), regions[in_prov & imported].reset_index(drop=True)


def latest_values(regions: pd.DataFrame, variables: Sequence[str], year: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """Wide table of ``variables`` taking, per variable, the latest year not after ``year``.

    When a variable has no value up to ``year``, its earliest later year is used. Returns the wide
    table (region code × variable) and the year used per variable; a variable absent from
    ``regions`` is absent from both.

    Examples
    --------
    >>> r = pd.DataFrame({"region_code": ["53.01"] * 3, "region_type": ["kabupaten"] * 3, "variable": ["s"] * 3,
    ...                   "year": [2021, 2022, 2024], "value": [30.0, 28.0, 20.0], "source_line": [2, 3, 4]})
    >>> w, used = latest_values(r, ["s"], 2023)
    >>> float(w.loc["53.01", "s"]), used
    (28.0, {'s': 2022})
    """
    cols, used = [], {}
    for var in variables:
        sel = regions[regions["variable"] == var]
        if sel.empty:
            continue
        years = sorted(pd.to_numeric(sel["year"], errors="coerce").dropna().astype(int).unique())
        before = [y for y in years if y <= year]
        chosen = before[-1] if before else years[0]
        used[var] = int(chosen)
        cols.append(wide_table(sel[pd.to_numeric(sel["year"], errors="coerce") == chosen], [var]))
    wide = pd.concat(cols, axis=1) if cols else pd.DataFrame(index=pd.Index([], name="region_code"))
    return wide.sort_index(), used


def per_capita_long(wide: pd.DataFrame, population: pd.Series, variables: Sequence[str], per: float = 100_000) -> pd.DataFrame:
    """:func:`per_capita_table` of several variables stacked (column ``variable`` first).

    Every kabupaten of ``population`` gets a row per variable; one absent from a variable's table
    has ``per_capita`` NaN and the note ``no value`` (not counted as zero).

    Examples
    --------
    >>> w = pd.DataFrame({"a": [1.0, None], "b": [0.0, 2.0]}, index=["x", "y"])
    >>> t = per_capita_long(w, pd.Series({"x": 10.0, "y": 20.0}), ["a", "b"], per=10)
    >>> t[["variable", "region_code", "per_capita", "note"]].values.tolist()
    [['a', 'x', 1.0, ''], ['a', 'y', nan, 'no value'], ['b', 'x', 0.0, ''], ['b', 'y', 1.0, '']]
    """
    frames = []
    for var in variables:
        q = wide[var].dropna() if var in wide.columns else pd.Series(dtype=float)
        t = per_capita_table(q, population, per=per)
        t.insert(0, "variable", var)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=["variable", "region_code", "quantity", "population", "per_capita",
                                     "population_share", "quantity_share", "relative", "note"])
    return pd.concat(frames, ignore_index=True)


def indices_by_variable(
    per_capita: pd.DataFrame,
    groups: pd.Series | None = None,
    reps: int = 999,
    seed: int = 0,
    method: str = "percentile",
    level: float = 0.95,
) -> pd.DataFrame:
    """:func:`index_table` for every variable of a :func:`per_capita_long` table.

    ``groups`` maps region code to group (e.g. island group) for the Theil decomposition; a region
    without a group is an error. Rows of regions without population (outside the study) are not
    used; regions without a value count in ``n_missing``.

    Examples
    --------
    >>> w = pd.DataFrame({"a": [1.0, 3.0, 2.0]}, index=["x", "y", "z"])
    >>> t = per_capita_long(w, pd.Series({"x": 1.0, "y": 1.0, "z": 2.0}), ["a"], per=1)
    >>> r = indices_by_variable(t, reps=20)
    >>> r[["variable", "index", "n"]].head(2).values.tolist()
    [['a', 'williamson', 3], ['a', 'cv', 3]]
    """
    frames = []
    for var, t in per_capita.groupby("variable", sort=False):
        t = t[t["population"].notna()]
        g = None
        if groups is not None:
            absent = sorted(set(t["region_code"]) - set(groups.index))
            if absent:
                raise ValueError(f"regions without a group: {absent}")
            g = t["region_code"].map(groups).tolist()
        tab = index_table(t["per_capita"], t["population"], t["region_code"].tolist(), g, reps=reps, seed=seed,
                          method=method, level=level)
        tab.insert(0, "variable", var)
        frames.append(tab)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
