"""PEFA 2016 budget reliability (Pillar I) from one year of APBD tables.

Pure functions on the contract's ``budget`` table (``DESIGN.md``, *Formulas*;
``research/domain_anchors.md`` §B1; ``research/analysis_anchors.md``, *Budget credibility*).

* **PI-1 aggregate expenditure outturn**: ``100 * Σ outturn / Σ original budget``. The
  ORIGINAL approved budget (APBD murni), never the revised one (PEFA 2016, PI-1.1;
  pefa.org/node/4762).
* **PI-2 expenditure composition outturn** (adjusted-budget method, pefa.org/node/4765):
  ``adj_i = B_i · ΣA / ΣB``; ``variance = 100 * Σ|A_i − adj_i| / Σ adj_i`` over the
  categories ``i`` (B original budget, A outturn). Contingency (Belanja Tidak Terduga, BTT)
  is **excluded** from the composition and reported separately as PI-2.3:
  ``100 * outturn charged to contingency / original total budget`` (pefa.org/node/4627).
  By function (urusan), administrative head (perangkat daerah; the 20 largest heads or the
  largest heads making up 75 % of the budget, at least 20, the rest in one residual line,
  pefa.org/node/4871) and economic type (jenis belanja).
* **PI-3 revenue outturn**: ``100 * Σ revenue outturn / Σ original revenue budget``
  (pefa.org/node/4770).

PEFA scores need the last three completed years ("in at least two of the last three
years"); one report gives one year. Every value here is therefore a **single-year figure
with the band it would earn, not a PEFA score** — each result row says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.absorption import usable_rows

__all__ = [
    "PEFA_2016_BANDS",
    "PEFA_SOURCE",
    "SINGLE_YEAR_LABEL",
    "CONTINGENCY_PATTERN",
    "PefaBand",
    "pefa_band",
    "aggregate_outturn",
    "composition_variance",
    "select_heads",
    "pefa_table",
]

PEFA_SOURCE = (
    "PEFA Secretariat (2016), Framework for assessing public financial management, "
    "Pillar I: PI-1.1, PI-2.1-2.3, PI-3.1 scoring tables (pefa.org/node/4627, /node/4762, /node/4770)"
)

SINGLE_YEAR_LABEL = "single-year figure, band it would earn; not a PEFA score (needs 2 of the last 3 years)"

#: Contingency vote in APBD: Belanja Tidak Terduga (BTT).
CONTINGENCY_PATTERN = re.compile(r"tidak\s+terduga", re.I)


class PefaBand(NamedTuple):
    """One PEFA band: a value in ``[low, high]`` (closed) earns ``band``.

    For variance dimensions ``low`` is 0 and ``high`` an open upper edge (``< high``);
    ``upper_open`` says which.
    """

    dimension: str
    band: str
    low: float
    high: float
    upper_open: bool


#: PEFA 2016 bands as data (percentages). PI-1.1 and PI-3.1 are two-sided ranges of the
#: outturn ratio; PI-2.1/2.2 variance ``< 5 / < 10 / < 15``; PI-2.3 contingency
#: ``< 3`` A, ``3–6`` inclusive B, ``> 6`` and ``< 10`` C (domain_anchors.md §B1;
#: analysis_anchors.md). Anything else is D.
PEFA_2016_BANDS: tuple[PefaBand, ...] = (
    PefaBand("PI-1.1", "A", 95.0, 105.0, False),
    PefaBand("PI-1.1", "B", 90.0, 110.0, False),
    PefaBand("PI-1.1", "C", 85.0, 115.0, False),
    PefaBand("PI-2.1", "A", 0.0, 5.0, True),
    PefaBand("PI-2.1", "B", 0.0, 10.0, True),
    PefaBand("PI-2.1", "C", 0.0, 15.0, True),
    PefaBand("PI-2.2", "A", 0.0, 5.0, True),
    PefaBand("PI-2.2", "B", 0.0, 10.0, True),
    PefaBand("PI-2.2", "C", 0.0, 15.0, True),
    PefaBand("PI-2.3", "A", 0.0, 3.0, True),
    PefaBand("PI-2.3", "B", 3.0, 6.0, False),
    PefaBand("PI-2.3", "C", 6.0, 10.0, True),
    PefaBand("PI-3.1", "A", 97.0, 106.0, False),
    PefaBand("PI-3.1", "B", 94.0, 112.0, False),
    PefaBand("PI-3.1", "C", 92.0, 116.0, False),
)


def pefa_band(value: float | None, dimension: str, bands: Sequence[PefaBand] = PEFA_2016_BANDS) -> str | None:
    """Band (A/B/C/D) a single-year value would earn on a PEFA 2016 dimension.

    Parameters
    ----------
    value : float
        The percentage (outturn ratio for PI-1.1/PI-3.1, variance for PI-2.1/2.2,
        contingency share for PI-2.3).
    dimension : str
        ``PI-1.1``, ``PI-2.1``, ``PI-2.2``, ``PI-2.3`` or ``PI-3.1``.
    bands : sequence of PefaBand
        Band table (default :data:`PEFA_2016_BANDS`); bands are tried A, B, C in order.

    Returns
    -------
    str or None
        ``A``, ``B``, ``C`` or ``D``; None for a missing value.

    Notes
    -----
    PEFA 2016 scoring tables (see :data:`PEFA_SOURCE`). The condition "in at least two of
    the last three years" cannot be checked on one year: the band is what this year would
    earn (see :data:`SINGLE_YEAR_LABEL`).

    Examples
    --------
    >>> pefa_band(87.27, "PI-1.1"), pefa_band(104.9, "PI-3.1"), pefa_band(10.0, "PI-2.2")
    ('C', 'A', 'C')
    >>> pefa_band(6.0, "PI-2.3"), pefa_band(80.0, "PI-1.1")
    ('B', 'D')
    """
    if value is None or not np.isfinite(float(value)):
        return None
    rows = [b for b in bands if b.dimension == dimension]
    if not rows:
        raise ValueError(f"no PEFA bands for dimension {dimension!r}")
    v = float(value)
    for b in sorted(rows, key=lambda b: b.band):
        inside = b.low <= v and (v < b.high if b.upper_open else v <= b.high)
        if inside:
            return b.band
    return "D"


def aggregate_outturn(outturn: float, original_budget: float) -> float:
    """Aggregate outturn ratio in percent: ``100 * outturn / original budget``.

    PEFA 2016 PI-1.1 (expenditure) and PI-3.1 (revenue); the denominator is the ORIGINAL
    approved budget (APBD murni).

    Examples
    --------
    >>> round(aggregate_outturn(90 + 230 + 260 + 420, 1000), 2)
    100.0
    """
    if original_budget is None or not np.isfinite(original_budget) or original_budget == 0:
        return float("nan")
    return 100.0 * float(outturn) / float(original_budget)


def composition_variance(
    categories: pd.DataFrame,
    category_col: str = "category",
    actual_col: str = "realization",
    budget_col: str = "budget_original",
    contingency_col: str | None = "is_contingency",
) -> tuple[pd.DataFrame, dict]:
    """PEFA 2016 PI-2 composition variance with adjusted budgets.

    ``adj_i = B_i · ΣA / ΣB`` and ``variance = 100 · Σ|A_i − adj_i| / Σ adj_i`` over the
    non-contingency categories; contingency rows are excluded from both sums and reported
    as ``contingency_pct = 100 · A_contingency / ΣB_all`` (PI-2.3: actual charged to the
    contingency vote over the original total budget).

    Parameters
    ----------
    categories : DataFrame
        One row per category with the outturn and the (original) budget.
    category_col, actual_col, budget_col : str
        Column names.
    contingency_col : str, optional
        Boolean column marking contingency rows (Belanja Tidak Terduga).

    Returns
    -------
    (detail, summary)
        ``detail``: the categories with ``adjusted_budget``, ``deviation`` (``|A − adj|``)
        and ``excluded`` (reason or empty); ``summary``: ``variance_pct``,
        ``contingency_pct``, ``n_categories``, ``n_excluded``, ``outturn_ratio_pct`` (ΣA/ΣB
        of the categories used).

    Raises
    ------
    ValueError
        When a column is missing.

    Notes
    -----
    PEFA 2016 PI-2 (pefa.org/node/4765 para 2.1:3; node/4627 scoring). Rows with a
    missing budget or outturn cannot enter the sums: they are listed in ``detail`` with
    ``excluded = 'missing budget or outturn'`` and counted, never dropped silently.

    Examples
    --------
    Worked check of domain_anchors.md §B1: B = [100, 200, 300, 400], A = [90, 230, 260, 420]
    gives adj = B (ΣA = ΣB) and variance 100/1000 = 10 %:

    >>> df = pd.DataFrame({"category": list("abcd"), "budget_original": [100, 200, 300, 400],
    ...                    "realization": [90, 230, 260, 420], "is_contingency": False})
    >>> round(composition_variance(df)[1]["variance_pct"], 6)
    10.0
    """
    need = [category_col, actual_col, budget_col]
    missing = [c for c in need if c not in categories.columns]
    if missing:
        raise ValueError(f"composition_variance: missing column(s) {missing}; expected {need}")
    d = categories.copy()
    a = pd.to_numeric(d[actual_col], errors="coerce")
    b = pd.to_numeric(d[budget_col], errors="coerce")
    cont = (
        d[contingency_col].fillna(False).astype(bool)
        if contingency_col and contingency_col in d.columns
        else pd.Series(False, index=d.index)
    )
    excluded = pd.Series("", index=d.index, dtype=object)
    excluded[a.isna() | b.isna()] = "missing budget or outturn"
    excluded[cont] = "contingency (reported as PI-2.3)"
    use = excluded.eq("")
    total_b_all = float(b[~(a.isna() | b.isna())].sum())
    sa, sb = float(a[use].sum()), float(b[use].sum())
    adj = b * (sa / sb) if sb else b * np.nan
    dev = (a - adj).abs()
    d["adjusted_budget"] = np.where(use, adj, np.nan)
    d["deviation"] = np.where(use, dev, np.nan)
    d["excluded"] = excluded
    sum_adj = float(adj[use].sum())
    variance = 100.0 * float(dev[use].sum()) / sum_adj if sum_adj else float("nan")
    cont_actual = float(a[cont].sum()) if cont.any() else float("nan")
    summary = {
        "variance_pct": variance,
        "contingency_pct": 100.0 * cont_actual / total_b_all if cont.any() and total_b_all else float("nan"),
        "n_categories": int(use.sum()),
        "n_excluded": int((~use).sum()),
        "outturn_ratio_pct": 100.0 * sa / sb if sb else float("nan"),
    }
    return d, summary


def select_heads(
    heads: pd.DataFrame,
    budget_col: str = "budget_original",
    min_heads: int = 20,
    share: float = 0.75,
    name_col: str = "category",
    residual_name: str = "(other heads, aggregated)",
) -> pd.DataFrame:
    """Administrative heads for PI-2.1: the largest heads, the rest in one residual line.

    Keeps the largest heads until at least ``min_heads`` are kept and they make up at least
    ``share`` of the budget (PEFA 2016 field guide: 20 largest heads, or the largest heads
    making up 75 % of the budget, minimum 20; pefa.org/node/4871, /node/4737). Numeric
    columns of the other heads are summed into one residual row.

    Examples
    --------
    >>> h = pd.DataFrame({"category": list("abcd"), "budget_original": [50, 30, 15, 5],
    ...                   "realization": [40, 30, 15, 5]})
    >>> select_heads(h, min_heads=2, share=0.9)["category"].tolist()
    ['a', 'b', 'c', '(other heads, aggregated)']
    """
    h = heads.sort_values(budget_col, ascending=False, kind="mergesort").reset_index(drop=True)
    total = float(pd.to_numeric(h[budget_col], errors="coerce").sum())
    cum = pd.to_numeric(h[budget_col], errors="coerce").cumsum() / total if total else h[budget_col] * 0
    keep_n = len(h)
    for k in range(len(h)):
        if k + 1 >= min_heads and float(cum.iloc[k]) >= share:
            keep_n = k + 1
            break
    if keep_n >= len(h):
        return h
    kept, rest = h.iloc[:keep_n], h.iloc[keep_n:]
    resid = {c: (rest[c].sum() if pd.api.types.is_numeric_dtype(rest[c]) and c != "source_line" else "")
             for c in h.columns}
    resid[name_col] = residual_name
    if "source_lines" in h.columns:
        resid["source_lines"] = ";".join(str(x) for x in rest["source_lines"] if str(x))
    if "is_contingency" in h.columns:
        resid["is_contingency"] = False
    return pd.concat([kept, pd.DataFrame([resid])], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# From the contract's budget table
# ---------------------------------------------------------------------------------------------
def _usable(budget: pd.DataFrame) -> pd.DataFrame:
    return usable_rows(budget, table_only=True)[0]


def _root_and_children(b: pd.DataFrame, level: str) -> tuple[pd.Series | None, pd.DataFrame]:
    """The aggregate row of ``level`` (no parent, largest budget) and its direct children."""
    rows = b[b["level"].eq(level)]
    if rows.empty:
        return None, rows
    parent = rows["parent"].astype("string").fillna("") if "parent" in rows.columns else pd.Series("", index=rows.index)
    roots = rows[parent.eq("")]
    if roots.empty:
        return None, rows.iloc[0:0]
    size = pd.to_numeric(roots["budget"], errors="coerce").fillna(0) + pd.to_numeric(
        roots["budget_original"], errors="coerce"
    ).fillna(0)
    root = roots.loc[size.idxmax()]
    kids = rows[parent.eq(str(root["name"])) & rows["source_table"].eq(root["source_table"])]
    return root, kids


def _lines(df: pd.DataFrame) -> str:
    return ";".join(str(int(x)) for x in sorted(pd.to_numeric(df["source_line"], errors="coerce").dropna().unique()))


def _row(doc_id, indicator, dimension, value, basis, n, note, lines, table) -> dict:
    conformant = basis == "original"
    return {
        "doc_id": doc_id,
        "indicator": indicator,
        "dimension": dimension,
        "value_pct": value,
        "band": pefa_band(value, dimension) if conformant else None,
        "band_if_original": pefa_band(value, dimension),
        "budget_basis": basis,
        "n_categories": n,
        "label": SINGLE_YEAR_LABEL,
        "note": note,
        "source_table": table,
        "source_lines": lines,
    }


def pefa_table(budget: pd.DataFrame, doc_id: str | None = None, min_heads: int = 20, head_share: float = 0.75) -> pd.DataFrame:
    """PEFA 2016 PI-1, PI-2 (economic, functional, administrative, contingency) and PI-3.

    Parameters
    ----------
    budget : DataFrame
        The contract's budget table (one document or several; ``doc_id`` selects one).
        Uses table rows only (``origin == 'table'``) and skips rows marked ``duplicate_of``.
    doc_id : str, optional
        Document to use; required when ``budget`` holds several.
    min_heads, head_share : int, float
        Administrative-head selection for PI-2.1 (:func:`select_heads`).

    Returns
    -------
    DataFrame
        One row per dimension: ``doc_id, indicator, dimension, value_pct, band,
        band_if_original, budget_basis, n_categories, label, note, source_table,
        source_lines``. ``band`` is filled only where the original budget was used (PEFA's
        denominator); a figure on the revised budget keeps ``band`` empty and shows
        ``band_if_original`` for orientation only, and its ``note`` says so. A dimension the
        document cannot give is a row with an empty value and the reason.

    Notes
    -----
    Sources and formulas in the module docstring (PEFA 2016; domain_anchors.md §B1).
    Categories for PI-2.2 are the direct children of the expenditure aggregate (jenis
    belanja groups, e.g. Belanja Operasi / Modal / Tidak Terduga / Transfer); PI-2.1 uses the
    urusan (function) and perangkat-daerah (administrative) rows of the APBD-by-urusan
    table; contingency = rows named *Belanja Tidak Terduga*.
    """
    if doc_id is None:
        docs = budget["doc_id"].dropna().unique()
        if len(docs) != 1:
            raise ValueError(f"pefa_table: budget holds {len(docs)} documents; pass doc_id")
        doc_id = str(docs[0])
    b = _usable(budget[budget["doc_id"].astype(str).eq(str(doc_id))])
    out: list[dict] = []

    # PI-1 and PI-2.2 / PI-2.3 from the expenditure aggregate and its economic groups
    root, kids = _root_and_children(b, "expenditure_type")
    if root is None:
        out.append(_row(doc_id, "PI-1 aggregate expenditure outturn", "PI-1.1", np.nan, "", 0,
                        "not enough data: no expenditure aggregate (jenis belanja table)", "", ""))
    else:
        orig = pd.to_numeric(pd.Series([root["budget_original"]]), errors="coerce").iloc[0]
        real = float(root["realization"])
        if np.isfinite(orig):
            out.append(_row(doc_id, "PI-1 aggregate expenditure outturn", "PI-1.1",
                            aggregate_outturn(real, orig), "original", 1,
                            f"{root['name']}: realisation / original budget (APBD murni)",
                            str(int(root["source_line"])), root["source_table"]))
        else:
            out.append(_row(doc_id, "PI-1 aggregate expenditure outturn", "PI-1.1",
                            aggregate_outturn(real, float(root["budget"])), "revised", 1,
                            "original budget not printed: computed on the revised budget, not PEFA-conformant",
                            str(int(root["source_line"])), root["source_table"]))
        cats = kids.assign(
            category=kids["name"],
            is_contingency=kids["name"].astype(str).str.contains(CONTINGENCY_PATTERN),
        )
        basis = "original" if cats["budget_original"].notna().all() and len(cats) else "revised"
        col = "budget_original" if basis == "original" else "budget"
        if len(cats) >= 2:
            _, s = composition_variance(cats, budget_col=col)
            note = "categories: " + ", ".join(cats.loc[~cats["is_contingency"], "name"].astype(str))
            if basis != "original":
                note += "; original budget by type not printed: revised budget used, not PEFA-conformant"
            out.append(_row(doc_id, "PI-2 composition outturn by economic type", "PI-2.2",
                            s["variance_pct"], basis, s["n_categories"], note, _lines(cats),
                            root["source_table"]))
            if cats["is_contingency"].any():
                c = cats[cats["is_contingency"]]
                total_b = float(pd.to_numeric(root[col], errors="coerce"))
                val = 100.0 * float(c["realization"].sum()) / total_b if total_b else np.nan
                out.append(_row(doc_id, "PI-2.3 expenditure charged to contingency", "PI-2.3", val, basis,
                                len(c), f"{c['name'].iloc[0]} realisation / total {col.replace('_', ' ')}",
                                _lines(c) + ";" + str(int(root["source_line"])), root["source_table"]))
            else:
                out.append(_row(doc_id, "PI-2.3 expenditure charged to contingency", "PI-2.3", np.nan, basis, 0,
                                "no contingency (Belanja Tidak Terduga) line", "", root["source_table"]))
        else:
            out.append(_row(doc_id, "PI-2 composition outturn by economic type", "PI-2.2", np.nan, "", 0,
                            "not enough data: fewer than two economic categories", "", ""))

    # PI-2.1 by function (urusan) and by administrative head (perangkat daerah)
    # the APBD-by-urusan table: the table with the most perangkat-daerah rows (Tabel 2.4 in an LKPJ)
    opd_tables = b.loc[b["level"].eq("opd"), "source_table"].astype(str)
    apbd_table = opd_tables.value_counts().sort_index().idxmax() if len(opd_tables) else None
    for level, what in (("urusan", "function (urusan)"), ("opd", "administrative head (perangkat daerah)")):
        rows = b[b["level"].eq(level) & b["source_table"].astype(str).eq(str(apbd_table))]
        if level == "urusan" and len(rows):
            # leaf urusan rows: those that are no other urusan row's parent
            parents = set(rows["parent"].dropna().astype(str))
            rows = rows[~rows["name"].astype(str).isin(parents)]
        rows = rows[pd.to_numeric(rows["budget"], errors="coerce").fillna(0).gt(0)
                    | pd.to_numeric(rows["budget_original"], errors="coerce").fillna(0).gt(0)]
        if len(rows) < 2:
            out.append(_row(doc_id, f"PI-2 composition outturn by {what}", "PI-2.1", np.nan, "", 0,
                            f"not enough data: fewer than two {level} rows", "", ""))
            continue
        key = "entity_id" if level == "opd" and "entity_id" in rows.columns and rows["entity_id"].astype("string").fillna("").ne("").all() else "name"
        basis = "original" if rows["budget_original"].notna().all() else "revised"
        col = "budget_original" if basis == "original" else "budget"
        grp = (rows.assign(category=rows[key].astype(str))
               .groupby("category", sort=True)
               .agg(**{col: (col, "sum"), "realization": ("realization", "sum"),
                       "source_lines": ("source_line", lambda s: ";".join(str(int(x)) for x in sorted(s)))})
               .reset_index())
        grp["is_contingency"] = False
        grp = select_heads(grp, budget_col=col, min_heads=min_heads, share=head_share)
        _, s = composition_variance(grp, budget_col=col)
        note = f"{s['n_categories']} heads"
        if basis != "original":
            note += "; original budget by head not printed: revised budget used, not PEFA-conformant"
        out.append(_row(doc_id, f"PI-2 composition outturn by {what}", "PI-2.1", s["variance_pct"], basis,
                        s["n_categories"], note, _lines(rows), ";".join(sorted(rows["source_table"].astype(str).unique()))))

    # PI-3 revenue outturn
    root, _ = _root_and_children(b, "revenue")
    if root is None:
        out.append(_row(doc_id, "PI-3 aggregate revenue outturn", "PI-3.1", np.nan, "", 0,
                        "not enough data: no revenue aggregate", "", ""))
    else:
        orig = pd.to_numeric(pd.Series([root["budget_original"]]), errors="coerce").iloc[0]
        basis = "original" if np.isfinite(orig) else "revised"
        den = orig if basis == "original" else float(root["budget"])
        note = f"{root['name']}: realisation / {'original' if basis == 'original' else 'revised'} revenue budget"
        if basis != "original":
            note += " (original not printed, not PEFA-conformant)"
        out.append(_row(doc_id, "PI-3 aggregate revenue outturn", "PI-3.1",
                        aggregate_outturn(float(root["realization"]), den), basis, 1, note,
                        str(int(root["source_line"])), root["source_table"]))
    return pd.DataFrame(out)
