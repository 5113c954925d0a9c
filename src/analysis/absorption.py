"""Budget absorption versus performance achievement: the measures.

Pure functions on the contract's ``budget`` and ``indicators`` tables (``DESIGN.md``,
*Formulas*; ``research/domain_anchors.md`` §A1-A4). No file I/O.

* **Absorption** (serapan anggaran, PMK 214/2017 / PMK 22/2021):
  ``100 * realisasi / pagu``. Every result names its denominator: ``revised`` (APBD
  perubahan, the ``budget`` column, what Indonesian reports print) or ``original`` (APBD
  murni, ``budget_original``, what PEFA uses); both are carried where the document gives
  both (:func:`absorption`).
* **Achievement** (capaian kinerja) per indicator with both negative-polarity conventions:
  :func:`analysis.achievement.add_achievement` (re-applied by :func:`with_convention`).
* **Performance summaries** per agency or programme: n, mean, median, share ≥ 100 %, share
  in each Permendagri 86/2017 band (``analysis.achievement.PERMENDAGRI_86_2017``, data),
  with an explicit extreme-achievement rule (:func:`apply_extreme_rule`).
* **Efficiency** (tingkat efisiensi), side by side beside the raw pair
  (:func:`efficiency`): ratio ``100 * capaian / serapan`` (Bali LKjIP 2024 Tabel 3.7),
  difference ``capaian − serapan`` (percentage points), and the Kemenkeu output-level
  form ``E = 100 * Σ(PAK·CK − RAK) / Σ(PAK·CK)`` (PMK 214/2017, CK as a fraction;
  :func:`kemenkeu_efficiency`).
* **Band cross-tabulation** absorption band × achievement band (:func:`band_crosstab`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.achievement import PERMENDAGRI_86_2017, Band, add_achievement, evaluation_band

__all__ = [
    "DENOMINATORS",
    "EXTREME_RULES",
    "FORMULA_METHODS",
    "DEFAULT_EXTREME_CAP",
    "REPORTING_YEAR_ROLE",
    "usable_rows",
    "reporting_year_rows",
    "absorption",
    "with_convention",
    "apply_extreme_rule",
    "performance_summary",
    "efficiency",
    "kemenkeu_efficiency",
    "band_crosstab",
    "band_order",
]

#: Budget denominators: name -> column of the contract's budget table.
DENOMINATORS: dict[str, str] = {"revised": "budget", "original": "budget_original"}

#: ``origin`` values of budget rows read from a table (``list``: an item of a list printed
#: inside a table); other origins (``narrative``) restate tables in prose.
TABLE_ORIGINS = ("table", "list")

#: ``achievement_method`` values that name a formula of :mod:`analysis.achievement` (without
#: the ``_range`` suffix); any other method is an extractor's refusal and is kept as is.
FORMULA_METHODS = ("ratio", "inverse_ratio", "two_minus_ratio", "zero_target", "zero_actual",
                   "negative_target", "missing")

#: Treatments of extreme achievements (above ``extreme_cap`` percent).
EXTREME_RULES = ("cap", "exclude", "keep")

#: Default threshold of an extreme achievement, percent (twice the target). A stated,
#: arbitrary analyst choice: the notebook's parameter ``extreme_cap`` overrides it.
DEFAULT_EXTREME_CAP = 200.0

#: ``year_role`` of indicator rows that belong to the reporting year (comparison years and
#: end-of-plan targets are not this year's performance).
REPORTING_YEAR_ROLE = "reporting year"


def usable_rows(
    df: pd.DataFrame, table_only: bool = True, drop_duplicates: bool = True
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Rows a study should use, and how many were set aside and why.

    Drops rows marked ``duplicate_of`` (a repeat of another row; unless
    ``drop_duplicates`` is False) and, with ``table_only``, budget rows parsed from prose
    (``origin`` other than ``table``; a list item of a table counts as ``table`` too when the
    contract says ``list``).

    Returns
    -------
    (rows, excluded) : DataFrame, dict
        ``excluded`` maps a reason to the number of rows set aside.

    Examples
    --------
    >>> df = pd.DataFrame({"origin": ["table", "narrative"], "duplicate_of": ["", ""]})
    >>> usable_rows(df)[1]
    {'duplicate_of set': 0, 'origin narrative': 1}
    """
    excluded: dict[str, int] = {}
    keep = pd.Series(True, index=df.index)
    if drop_duplicates and "duplicate_of" in df.columns:
        dup = df["duplicate_of"].astype("string").fillna("").ne("")
        excluded["duplicate_of set"] = int(dup.sum())
        keep &= ~dup
    if table_only and "origin" in df.columns:
        nar = ~df["origin"].astype("string").fillna("table").isin(TABLE_ORIGINS) & keep
        excluded["origin narrative"] = int(nar.sum())
        keep &= ~nar
    return df[keep], excluded


def reporting_year_rows(budget: pd.DataFrame, fiscal_year: int | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """The budget rows of each document's reporting year, and the year used per document.

    A document can print budgets of several years (a table over the years, the previous year
    in prose, forward estimates of a plan); absorption sums one year. The reporting year is
    ``fiscal_year`` (the run's parameter) for a document with budget rows of that year, else,
    per document, the latest year of a row with a realisation (the year the document accounts
    for); a document without any realisation keeps all its rows.

    Returns
    -------
    (rows, years) : DataFrame, dict
        ``years`` maps each doc_id to the year kept (absent when all rows were kept).

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": "x", "fiscal_year": [2021, 2022, 2023, 2024],
    ...                   "realization": [1.0, 2.0, 3.0, None]})
    >>> rows, years = reporting_year_rows(b)
    >>> rows["fiscal_year"].tolist(), years
    ([2023], {'x': 2023})
    >>> reporting_year_rows(b, 2022)[0]["fiscal_year"].tolist()
    [2022]
    >>> reporting_year_rows(b, 2019)[1]  # no row of 2019: the document's own year
    {'x': 2023}
    """
    if "fiscal_year" not in budget.columns or budget.empty:
        return budget, {}
    docs = budget["doc_id"].astype(str)
    years: dict[str, int] = {}
    for doc in sorted(set(docs)):
        d = budget[docs.eq(doc)]
        if fiscal_year and d["fiscal_year"].eq(int(fiscal_year)).any():
            years[doc] = int(fiscal_year)
        elif "realization" in d.columns and d["realization"].notna().any():
            years[doc] = int(d.loc[d["realization"].notna(), "fiscal_year"].max())
    if not years:
        return budget, {}
    target = docs.map(years)
    keep = target.isna() | budget["fiscal_year"].eq(target)
    return budget[keep.to_numpy(dtype=bool)], years


def _join_lines(s: pd.Series) -> str:
    v = pd.to_numeric(s, errors="coerce").dropna().astype(int).unique()
    return ";".join(str(x) for x in sorted(v))


def absorption(
    budget: pd.DataFrame,
    by: Sequence[str] = ("doc_id", "entity_id"),
    levels: Sequence[str] | None = ("opd",),
    denominator: str = "revised",
    table_only: bool = True,
) -> pd.DataFrame:
    """Budget absorption (serapan) by any grouping, naming its denominator.

    ``absorption_<basis>_pct = 100 * Σ realisation / Σ budget_<basis>`` per group, for the
    revised budget (``budget``) and, where every row of the group prints it, the original
    budget (``budget_original``). ``absorption_pct`` repeats the one chosen by
    ``denominator`` and ``denominator`` names it.

    Parameters
    ----------
    budget : DataFrame
        The contract's budget table.
    by : sequence of str
        Grouping columns (``entity_id``, ``level``, ``parent`` for urusan, ``doc_id`` ...).
    levels : sequence of str, optional
        Budget levels to use (``opd`` for agencies, ``urusan``, ``program`` ...); None = all.
        Mixing levels double-counts (a programme is inside its agency): choose one.
    denominator : {"revised", "original"}
        Which budget ``absorption_pct`` uses.
    table_only : bool
        Use table rows only (drop prose-derived rows); duplicates are always dropped.

    Returns
    -------
    DataFrame
        ``by`` columns, ``n_rows``, ``budget_revised``, ``budget_original``,
        ``realization``, ``absorption_revised_pct``, ``absorption_original_pct``,
        ``denominator``, ``absorption_pct``, ``n_missing`` (rows without a realisation or
        revised budget, left out of the sums), ``n_original_missing``, ``source_lines``.

    Notes
    -----
    Serapan anggaran ``100 * A / PA`` (PMK 214/2017, PMK 22/2021; domain_anchors.md §A2).
    Original-budget absorption is empty for a group where any row lacks the original
    budget (a partial sum would be wrong), and ``n_original_missing`` says how many.

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": "x", "entity_id": ["a", "a", "b"], "level": "opd",
    ...                   "budget": [100.0, 100.0, 50.0], "budget_original": [120.0, None, 40.0],
    ...                   "realization": [90.0, 70.0, 45.0], "source_line": [1, 2, 3]})
    >>> r = absorption(b)
    >>> r[["entity_id", "absorption_revised_pct", "absorption_original_pct"]].to_dict("records")
    [{'entity_id': 'a', 'absorption_revised_pct': 80.0, 'absorption_original_pct': nan}, {'entity_id': 'b', 'absorption_revised_pct': 90.0, 'absorption_original_pct': 112.5}]
    """
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {sorted(DENOMINATORS)}, not {denominator!r}")
    by = list(by)
    missing = [c for c in [*by, "budget", "realization", "source_line"] if c not in budget.columns]
    if missing:
        raise ValueError(f"absorption: budget table lacks column(s) {missing}")
    b, _ = usable_rows(budget, table_only)
    if levels is not None:
        b = b[b["level"].isin(list(levels))]
    b = b.copy()
    if "budget_original" not in b.columns:
        b["budget_original"] = np.nan
    for c in ("budget", "budget_original", "realization"):
        b[c] = pd.to_numeric(b[c], errors="coerce")
    b["_ok"] = b["budget"].notna() & b["realization"].notna()
    b["_okb"] = b["_ok"] & b["budget"].gt(0)
    b["_orig_missing"] = b["_ok"] & b["budget_original"].isna()
    b["_line"] = b["source_line"]
    g = b.groupby(by, sort=True, dropna=False)
    out = g.apply(
        lambda d: pd.Series(
            {
                "n_rows": int(len(d)),
                "budget_revised": float(d.loc[d["_ok"], "budget"].sum()),
                "budget_original": (
                    float(d.loc[d["_ok"], "budget_original"].sum())
                    if d["_ok"].any() and not d["_orig_missing"].any()
                    else np.nan
                ),
                "realization": float(d.loc[d["_ok"], "realization"].sum()),
                "n_missing": int((~d["_ok"]).sum()),
                "n_original_missing": int(d["_orig_missing"].sum()),
                "source_lines": _join_lines(d["_line"]),
            }
        ),
        include_groups=False,
    ).reset_index()
    with np.errstate(all="ignore"):
        out["absorption_revised_pct"] = np.where(
            out["budget_revised"] > 0, 100.0 * out["realization"] / out["budget_revised"], np.nan
        )
        out["absorption_original_pct"] = np.where(
            out["budget_original"] > 0, 100.0 * out["realization"] / out["budget_original"], np.nan
        )
    out["denominator"] = denominator
    out["absorption_pct"] = out[f"absorption_{denominator}_pct"]
    cols = [*by, "n_rows", "budget_revised", "budget_original", "realization",
            "absorption_revised_pct", "absorption_original_pct", "denominator", "absorption_pct",
            "n_missing", "n_original_missing", "source_lines"]
    out["n_rows"] = out["n_rows"].astype(int)
    out["n_missing"] = out["n_missing"].astype(int)
    out["n_original_missing"] = out["n_original_missing"].astype(int)
    return out[cols]


def with_convention(indicators: pd.DataFrame, negative_convention: str) -> pd.DataFrame:
    """Indicator rows with achievement recomputed under one negative-polarity convention.

    Thin wrapper of :func:`analysis.achievement.add_achievement` (PermenPANRB 8/2021
    ``two_minus_ratio`` or ``inverse_ratio``; domain_anchors.md §A1): positive rows are
    unchanged, negative rows get the chosen formula, and ``negative_convention`` records it.
    Rows the extractor refused to compute (an ``achievement_method`` that is not a formula
    of :data:`FORMULA_METHODS`, e.g. ``unit_mismatch``: target '6 Jenis' against realisation
    '18,54 %') keep their empty achievement.

    Examples
    --------
    >>> df = pd.DataFrame({"target": [10.0], "actual": [15.0], "polarity": ["negative"]})
    >>> round(float(with_convention(df, "inverse_ratio")["achievement_pct"][0]), 2)
    66.67
    >>> round(float(with_convention(df, "two_minus_ratio")["achievement_pct"][0]), 2)
    50.0
    """
    out = add_achievement(indicators, negative_convention=negative_convention)
    if "achievement_method" in indicators.columns:
        method = indicators["achievement_method"].astype("string").fillna("missing").str.removesuffix("_range")
        refused = ~method.isin(FORMULA_METHODS)
        for c in ("achievement_pct", "achievement_method", "negative_convention"):
            if c in indicators.columns:
                out[c] = out[c].astype(object).where(~refused, indicators[c].astype(object))
        out["achievement_pct"] = pd.to_numeric(out["achievement_pct"], errors="coerce")
    return out


def apply_extreme_rule(
    values: pd.Series, rule: str = "cap", cap: float = DEFAULT_EXTREME_CAP
) -> tuple[pd.Series, int]:
    """Treat extreme achievements explicitly.

    Parameters
    ----------
    values : Series
        Achievement percentages.
    rule : {"cap", "exclude", "keep"}
        ``cap``: values above ``cap`` become ``cap``; ``exclude``: they become NaN (left
        out); ``keep``: unchanged.
    cap : float
        The threshold in percent (an analyst's stated choice; default
        :data:`DEFAULT_EXTREME_CAP`).

    Returns
    -------
    (values, n_affected) : Series, int
        ``n_affected`` = number of values above ``cap`` (whatever the rule: with ``keep`` it
        says how many extremes stayed in).

    Examples
    --------
    >>> s = pd.Series([50.0, 100.0, 6300.0, None])
    >>> apply_extreme_rule(s, "cap", 200)[0].tolist(), apply_extreme_rule(s, "cap", 200)[1]
    ([50.0, 100.0, 200.0, nan], 1)
    >>> apply_extreme_rule(s, "exclude", 200)[0].tolist()
    [50.0, 100.0, nan, nan]
    """
    if rule not in EXTREME_RULES:
        raise ValueError(f"extreme rule must be one of {EXTREME_RULES}, not {rule!r}")
    v = pd.to_numeric(values, errors="coerce").astype(float)
    high = v > cap
    n = int(high.sum())
    if rule == "cap":
        v = v.where(~high, float(cap))
    elif rule == "exclude":
        v = v.where(~high, np.nan)
    return v, n


def band_order(bands: Sequence[Band] = PERMENDAGRI_86_2017) -> list[str]:
    """Band codes from the highest band to the lowest.

    Examples
    --------
    >>> band_order()
    ['very_high', 'high', 'medium', 'low', 'very_low']
    """
    return [b.code for b in sorted(bands, key=lambda b: b.lower, reverse=True)]


def _bands_of(values: pd.Series, bands: Sequence[Band]) -> pd.Series:
    return pd.Series([evaluation_band(v, bands)[0] for v in values], index=values.index, dtype=object)


def performance_summary(
    indicators: pd.DataFrame,
    by: Sequence[str] = ("doc_id", "entity_id"),
    extreme_rule: str = "cap",
    extreme_cap: float = DEFAULT_EXTREME_CAP,
    bands: Sequence[Band] = PERMENDAGRI_86_2017,
    value_col: str = "achievement_pct",
    reporting_year_only: bool = True,
) -> pd.DataFrame:
    """Agency- or programme-level performance from indicator achievements.

    Per group: ``n_rows`` (indicator rows), ``n`` (rows with a numeric achievement after the
    extreme rule), ``mean``, ``median``, ``share_ge_100`` (share of ``n`` at or above 100 %),
    ``share_<band>`` for every Permendagri 86/2017 band (lower edge inclusive, bands as data),
    ``n_extreme`` (values above ``extreme_cap``), ``extreme_rule``, ``extreme_cap``,
    ``n_not_numeric`` and ``source_lines``.

    Parameters
    ----------
    indicators : DataFrame
        The contract's indicators table (achievement already computed; see
        :func:`with_convention` to switch the negative-polarity convention).
    by : sequence of str
        Grouping columns (``entity_id`` for agencies; ``objective`` or a programme key).
    extreme_rule, extreme_cap
        See :func:`apply_extreme_rule`. The shares are computed after the rule (a capped
        value still counts as ≥ 100).
    bands : sequence of Band
        Band table (default Permendagri 86/2017).
    value_col : str
        Achievement column.
    reporting_year_only : bool
        Keep rows whose ``year_role`` is the reporting year (if the column exists); rows of
        comparison years and end-of-plan targets are not this year's performance.

    Notes
    -----
    Permendagri 86/2017 evaluation bands (domain_anchors.md §A3); achievement formulas
    in :mod:`analysis.achievement` (§A1). Rows marked ``duplicate_of`` are dropped.

    Examples
    --------
    >>> ind = pd.DataFrame({"doc_id": "x", "entity_id": ["a"] * 4,
    ...                     "achievement_pct": [100.0, 80.0, 6300.0, None], "source_line": [1, 2, 3, 4]})
    >>> r = performance_summary(ind, extreme_rule="cap", extreme_cap=200).iloc[0]
    >>> int(r["n"]), float(r["mean"]), float(r["median"]), int(r["n_extreme"]), round(float(r["share_ge_100"]), 4)
    (3, 126.66666666666667, 100.0, 1, 0.6667)
    """
    missing = [c for c in [*by, value_col] if c not in indicators.columns]
    if missing:
        raise ValueError(f"performance_summary: indicators table lacks column(s) {missing}")
    d, _ = usable_rows(indicators, table_only=False)
    if reporting_year_only and "year_role" in d.columns:
        d = d[d["year_role"].fillna(REPORTING_YEAR_ROLE).eq(REPORTING_YEAR_ROLE)]
    d = d.copy()
    raw = pd.to_numeric(d[value_col], errors="coerce")
    d["_v"], _ = apply_extreme_rule(raw, extreme_rule, extreme_cap)
    d["_extreme"] = raw > extreme_cap
    d["_band"] = _bands_of(d["_v"], bands)
    codes = band_order(bands)

    def one(g: pd.DataFrame) -> pd.Series:
        v = g["_v"].dropna()
        n = len(v)
        rec = {
            "n_rows": len(g),
            "n": n,
            "mean": float(v.mean()) if n else np.nan,
            "median": float(v.median()) if n else np.nan,
            "share_ge_100": float((v >= 100).mean()) if n else np.nan,
        }
        bands_here = g.loc[g["_v"].notna(), "_band"]
        for c in codes:
            rec[f"share_{c}"] = float((bands_here == c).mean()) if n else np.nan
        rec["n_extreme"] = int(g["_extreme"].sum())
        rec["n_not_numeric"] = int(pd.to_numeric(g[value_col], errors="coerce").isna().sum())
        rec["source_lines"] = _join_lines(g["source_line"]) if "source_line" in g.columns else ""
        return pd.Series(rec)

    if d.empty:
        cols = [*by, "n_rows", "n", "mean", "median", "share_ge_100", *[f"share_{c}" for c in codes],
                "n_extreme", "n_not_numeric", "source_lines", "extreme_rule", "extreme_cap"]
        return pd.DataFrame(columns=cols)
    out = d.groupby(list(by), sort=True, dropna=False).apply(one, include_groups=False).reset_index()
    for c in ("n_rows", "n", "n_extreme", "n_not_numeric"):
        out[c] = out[c].astype(int)
    out["extreme_rule"] = extreme_rule
    out["extreme_cap"] = float(extreme_cap)
    return out


def efficiency(
    df: pd.DataFrame, achievement_col: str = "achievement_pct", absorption_col: str = "absorption_pct"
) -> pd.DataFrame:
    """Efficiency variants side by side, beside the raw pair.

    Adds ``efficiency_ratio = 100 * achievement / absorption`` (the "tingkat efisiensi"
    printed in the Bali LKjIP 2024 Tabel 3.7; > 100 reads as efficient) and
    ``efficiency_diff_pp = achievement − absorption`` (percentage points; > 0 efficient).
    The raw ``achievement_col`` and ``absorption_col`` stay in the frame: never report
    the derived number alone.

    Notes
    -----
    No single formula is prescribed (PermenPANRB 53/2014 asks for an efficiency analysis
    without one); variants in domain_anchors.md §A4 (ratio form 3, difference form 2).
    A zero or missing absorption gives an empty ratio.

    Examples
    --------
    Bali LKjIP 2024 Tabel 3.7 line 550: achievement 100, absorption 78.16:

    >>> r = efficiency(pd.DataFrame({"achievement_pct": [100.0], "absorption_pct": [78.16]}))
    >>> round(float(r["efficiency_ratio"][0]), 2), round(float(r["efficiency_diff_pp"][0]), 2)
    (127.94, 21.84)
    """
    out = df.copy()
    a = pd.to_numeric(out[achievement_col], errors="coerce")
    s = pd.to_numeric(out[absorption_col], errors="coerce")
    with np.errstate(all="ignore"):
        out["efficiency_ratio"] = np.where(s > 0, 100.0 * a / s, np.nan)
    out["efficiency_diff_pp"] = a - s
    return out


def kemenkeu_efficiency(
    df: pd.DataFrame,
    budget_col: str = "budget",
    realization_col: str = "realization",
    achievement_col: str = "achievement_pct",
) -> dict:
    """Kemenkeu output-level efficiency ``E = 100 * Σ(PAK·CK − RAK) / Σ(PAK·CK)``.

    PAK = output budget (pagu anggaran keluaran), RAK = output realisation, CK = output
    achievement as a fraction (may exceed 1). Only rows with all three numbers enter the
    sums; the others are counted.

    Returns
    -------
    dict
        ``efficiency_pct``, ``n`` (rows used), ``n_missing``.

    Notes
    -----
    PMK 214/2017 (Evaluasi Kinerja Anggaran K/L), carried into PMK 22/2021
    (domain_anchors.md §A4 variant 1). Positive E: the outputs cost less than their budget
    scaled by what was achieved.

    Examples
    --------
    >>> df = pd.DataFrame({"budget": [100.0, 200.0], "realization": [80.0, 200.0],
    ...                    "achievement_pct": [100.0, 90.0]})
    >>> kemenkeu_efficiency(df)["efficiency_pct"]  # ((100-80) + (180-200)) / (100+180)
    0.0
    """
    pak = pd.to_numeric(df[budget_col], errors="coerce")
    rak = pd.to_numeric(df[realization_col], errors="coerce")
    ck = pd.to_numeric(df[achievement_col], errors="coerce") / 100.0
    ok = pak.notna() & rak.notna() & ck.notna()
    num = float((pak[ok] * ck[ok] - rak[ok]).sum())
    den = float((pak[ok] * ck[ok]).sum())
    return {
        "efficiency_pct": 100.0 * num / den if ok.any() and den else float("nan"),
        "n": int(ok.sum()),
        "n_missing": int((~ok).sum()),
    }


def band_crosstab(
    df: pd.DataFrame,
    absorption_col: str = "absorption_pct",
    achievement_col: str = "achievement_pct",
    bands: Sequence[Band] = PERMENDAGRI_86_2017,
) -> pd.DataFrame:
    """Cross-tabulation absorption band × achievement band (counts).

    Rows: absorption band, columns: achievement band, both in the band table's order
    (highest first), with every band present even when empty, plus a ``missing`` row and
    column for values that cannot be banded. Values above 100 sit in the top band
    (Permendagri 86/2017 has no band above 100; count them separately with
    :func:`analysis.achievement.evaluation_band`).

    Examples
    --------
    >>> t = band_crosstab(pd.DataFrame({"absorption_pct": [95.0, 60.0], "achievement_pct": [100.0, 100.0]}))
    >>> int(t.loc["very_high", "very_high"]), int(t.loc["low", "very_high"]), int(t.values.sum())
    (1, 1, 2)
    """
    codes = band_order(bands) + ["missing"]
    ab = _bands_of(pd.to_numeric(df[absorption_col], errors="coerce"), bands).fillna("missing")
    ac = _bands_of(pd.to_numeric(df[achievement_col], errors="coerce"), bands).fillna("missing")
    t = pd.crosstab(pd.Categorical(ab, codes), pd.Categorical(ac, codes), dropna=False)
    t = t.reindex(index=codes, columns=codes, fill_value=0)
    t.index.name = "absorption_band"
    t.columns.name = "achievement_band"
    return t.astype(int)
