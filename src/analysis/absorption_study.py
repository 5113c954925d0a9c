"""The absorption-versus-performance study in one call, for the notebook.

:func:`run_study` chains the pure study functions (:mod:`analysis.absorption`,
:mod:`analysis.linking`, :mod:`analysis.models`, :mod:`analysis.pefa`) on the loaders'
tables and returns every table the notebook shows; :func:`plain_reading` writes the short
plain-language reading from those numbers (including what the data cannot say). No file
I/O and no plotting here: the notebook loads, plots and saves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.absorption import (
    DEFAULT_EXTREME_CAP,
    absorption,
    apply_extreme_rule,
    band_crosstab,
    reporting_year_rows,
    efficiency,
    kemenkeu_efficiency,
    with_convention,
)
from analysis.achievement import PERMENDAGRI_86_2017
from analysis.linking import PRINTED_DENOMINATOR, link_budget_performance
from analysis.models import MIN_N, fit_models
from analysis.pefa import pefa_table
from analysis.text import md_text

__all__ = [
    "QUADRANT_ABSORPTION_LINE",
    "QUADRANT_ACHIEVEMENT_LINE",
    "short_label",
    "label_positions",
    "quadrants",
    "run_study",
    "plain_reading",
    "marker_sizes",
]

#: Quadrant split for absorption: the lower edge of Permendagri 86/2017's top band (91 %).
QUADRANT_ABSORPTION_LINE = min(b.lower for b in PERMENDAGRI_86_2017 if b.code == "very_high")
#: Quadrant split for achievement: the target (100 %).
QUADRANT_ACHIEVEMENT_LINE = 100.0

_PREFIX = re.compile(r"^(dinas|badan|biro|kantor|sekretariat|satuan|inspektorat|urusan)\s+", re.I)


def short_label(name: object, width: int = 26) -> str:
    """Short agency or programme label for figures: kind word dropped, cut at ``width``.

    Examples
    --------
    >>> short_label("Dinas Pendidikan dan Kebudayaan")
    'Pendidikan dan Kebudayaan'
    >>> short_label("Dinas Kesehatan, Kependudukan dan Pencatatan Sipil", width=20)
    'Kesehatan, Kependud…'
    """
    s = re.sub(r"\s+", " ", "" if name is None or (isinstance(name, float) and np.isnan(name)) else str(name)).strip()
    s2 = _PREFIX.sub("", s)
    s = s2 if s2 else s
    if s.isupper():
        s = s.title()
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


#: Marker areas (points²) of the quadrant figure: the smallest point, and what the largest
#: budget adds (area proportional to the square root of the budget).
MARKER_MIN_AREA, MARKER_SPAN_AREA = 20.0, 400.0


def marker_sizes(budget: pd.Series) -> np.ndarray:
    """Marker areas for the quadrant figure: ``20 + 400 * sqrt(budget / max budget)``; a pair
    without a budget (absorption printed as a percentage only) gets the smallest point.

    Examples
    --------
    >>> marker_sizes(pd.Series([100.0, 25.0, float("nan")])).tolist()
    [420.0, 220.0, 20.0]
    """
    b = pd.to_numeric(budget, errors="coerce").to_numpy(dtype=float)
    top = np.nanmax(b) if np.isfinite(b).any() else np.nan
    with np.errstate(all="ignore"):
        rel = np.where(np.isfinite(b) & (top > 0), np.sqrt(np.clip(b, 0, None) / top), 0.0)
    return MARKER_MIN_AREA + MARKER_SPAN_AREA * rel


def label_positions(
    x: Sequence[float],
    y: Sequence[float],
    labels: Sequence[str],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    char_width: float = 0.0085,
    line_height: float = 0.028,
) -> list[tuple[float, float, str] | None]:
    """Greedy non-overlapping label positions for a labelled scatter plot.

    Labels are placed in the order given (sort the points by importance first, e.g. by budget,
    so that the largest keep their labels). Each label is tried to the right of its point, then
    to the left, at the point's height and then stepped up and down by up to 1.2 lines, and
    takes the first box (width ``len(label) · char_width``, height ``line_height``, both as
    fractions of the axis ranges) that overlaps no label placed before it and stays inside the
    axes. A label that finds no free place is left out (``None``): a label is never moved far
    from the point it names and never printed over another one; the table saved with the figure
    names every point. Draw a leader line when the returned ``y`` differs from the point's.

    Returns
    -------
    list of (x, y, ha) or None
        Per point: the text anchor in data coordinates and the horizontal alignment
        (``left``/``right``), or ``None`` for a label left out.

    Examples
    --------
    >>> pos = label_positions([50, 50.5], [50, 50.2], ["A", "B"], (0, 100), (0, 100))
    >>> pos[0] is not None and pos[1] is not None and (pos[0][1] != pos[1][1] or pos[0][2] != pos[1][2])
    True
    >>> crowd = label_positions([50.0] * 12, [50.0] * 12, [f"Program {i}" for i in range(12)], (0, 100), (0, 100))
    >>> sum(p is None for p in crowd)  # 6 places: heights 0 and ±1.2 lines (±0.6 overlap them), 2 sides
    6
    >>> crowd[0]  # the first label: right of its point, at its height
    (50.8, 50.0, 'left')
    """
    xr, yr = xlim[1] - xlim[0], ylim[1] - ylim[0]
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[float, float, str] | None] = [None] * len(x)
    pad = 0.008
    for i in range(len(x)):
        xf, yf = (float(x[i]) - xlim[0]) / xr, (float(y[i]) - ylim[0]) / yr
        w = max(1, len(str(labels[i]))) * char_width
        for dy in (0.0, 0.6, -0.6, 1.2, -1.2):
            for side in ("left", "right"):
                x0 = xf + pad if side == "left" else xf - pad - w
                y0 = yf + dy * line_height - line_height / 2
                box = (x0, y0, x0 + w, y0 + line_height)
                inside = box[0] >= 0 and box[2] <= 1 and box[1] >= 0 and box[3] <= 1
                free = all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed)
                if inside and free:
                    placed.append(box)
                    tx = xlim[0] + (box[0] if side == "left" else box[2]) * xr
                    ty = ylim[0] + (box[1] + line_height / 2) * yr
                    out[i] = (tx, ty, side)
                    break
            if out[i] is not None:
                break
    return out


def quadrants(
    pairs: pd.DataFrame,
    absorption_line: float = QUADRANT_ABSORPTION_LINE,
    achievement_line: float = QUADRANT_ACHIEVEMENT_LINE,
) -> pd.DataFrame:
    """Counts of pairs in the four absorption × achievement quadrants.

    High absorption: ``absorption_pct ≥ absorption_line`` (default 91, Permendagri 86/2017
    top band); target met: ``achievement_pct ≥ achievement_line`` (default 100). The cell of
    interest is high absorption with the target not met (money spent, results short).

    Examples
    --------
    >>> q = quadrants(pd.DataFrame({"unit": "agency", "absorption_pct": [95.0, 80.0, 99.0],
    ...                             "achievement_pct": [100.0, 120.0, 60.0]}))
    >>> q[["quadrant", "n"]].values.tolist()
    [['high absorption, target met', 1], ['high absorption, target not met', 1], ['lower absorption, target met', 1], ['lower absorption, target not met', 0]]
    """
    rows = []
    for unit, g in pairs.groupby("unit", sort=True):
        hi = pd.to_numeric(g["absorption_pct"], errors="coerce") >= absorption_line
        met = pd.to_numeric(g["achievement_pct"], errors="coerce") >= achievement_line
        for name, mask in (("high absorption, target met", hi & met), ("high absorption, target not met", hi & ~met),
                           ("lower absorption, target met", ~hi & met), ("lower absorption, target not met", ~hi & ~met)):
            rows.append({"unit": unit, "quadrant": name, "n": int(mask.sum()),
                         "absorption_line": float(absorption_line), "achievement_line": float(achievement_line)})
    return pd.DataFrame(rows, columns=["unit", "quadrant", "n", "absorption_line", "achievement_line"])


def _sample_rule(unit: str, denominator: str, extreme_rule: str, extreme_cap: float, convention: str) -> str:
    what = ("perangkat-daerah budget rows (summed per agency) paired with the agency's strategic indicators"
            if unit == "agency" else "programme/kegiatan/sub-kegiatan budget rows paired with the indicators printed with them")
    return (f"{what}; reporting year only; absorption on the {denominator} budget; achievement = mean of the "
            f"unit's indicators, negative polarity by {convention}, extremes above {extreme_cap:g}% {extreme_rule}"
            f"{'ped' if extreme_rule == 'cap' else ('d' if extreme_rule == 'exclude' else '')}")


def run_study(
    budget: pd.DataFrame,
    indicators: pd.DataFrame,
    doc_ids: Sequence[str] = (),
    negative_convention: str = "inverse_ratio",
    budget_denominator: str = "revised",
    extreme_rule: str = "cap",
    extreme_cap: float = DEFAULT_EXTREME_CAP,
    min_n: int = MIN_N,
    register: pd.DataFrame | None = None,
    programme_key: str = "entity_id",
    fiscal_year: int | None = None,
) -> dict:
    """Every table of the absorption-versus-performance study.

    Parameters
    ----------
    budget, indicators : DataFrame
        The loaders' tables (``analysis.loaders.load_budget`` / ``load_indicators``).
    doc_ids : sequence of str
        Documents to study; empty = all in the tables.
    negative_convention : {"inverse_ratio", "two_minus_ratio"}
        Achievement of lower-is-better indicators (recomputed here for every row).
    budget_denominator : {"revised", "original"}
        Budget of ``absorption_pct`` (both are carried).
    extreme_rule, extreme_cap
        Extreme-achievement treatment (:func:`analysis.absorption.apply_extreme_rule`).
    min_n : int
        Minimum observations per model (:data:`analysis.models.MIN_N`).
    register : DataFrame, optional
        The agency register (``analysis.agencies.load_agencies()``): ``entity_id``,
        ``short_name`` (figure labels) and ``parent_id`` (a Setda biro's Sekretariat Daerah,
        whose budget row covers the biros: reported as "several agencies under one budget
        row").
    programme_key : str
        Agency column used to match programme names (``entity_id``).
    fiscal_year : int, optional
        The reporting year: budget rows of other years (a table over the years, the previous
        year in prose, forward estimates) are set aside; by default each document's latest year
        with a realisation (:func:`analysis.absorption.reporting_year_rows`).

    Returns
    -------
    dict
        ``pairs``, ``unpaired``, ``unpaired_summary``, ``absorption`` (by agency, or by
        programme where a document has no agency rows), ``efficiency``,
        ``efficiency_kemenkeu``, ``crosstab`` (one per unit, long form), ``quadrants``,
        ``pefa``, ``models``, ``extremes`` (achievements above the cap among the
        indicators used), ``params`` (the choices) and ``reading`` (Markdown text).
    """
    docs = [str(d) for d in doc_ids] if doc_ids else sorted(set(budget["doc_id"].astype(str)) | set(indicators["doc_id"].astype(str)))
    b = budget[budget["doc_id"].astype(str).isin(docs)]
    n_budget = len(b)
    b, years = reporting_year_rows(b, fiscal_year)
    n_other_years = n_budget - len(b)
    ind = with_convention(indicators[indicators["doc_id"].astype(str).isin(docs)], negative_convention)
    if programme_key not in b.columns or programme_key not in ind.columns:
        raise ValueError(f"run_study: column {programme_key!r} missing; load the tables with the loaders "
                         "(they carry entity_id from the agency register)")

    parent_of: dict[str, str] = {}
    short: dict[str, str] = {}
    if register is not None and len(register):
        reg = register.astype({"entity_id": "string"})
        if "parent_id" in reg.columns:
            parent_of = {str(k): str(v) for k, v in zip(reg["entity_id"], reg["parent_id"])
                         if isinstance(v, str) and v.strip()}
        if "short_name" in reg.columns:
            short = {str(k): str(v) for k, v in zip(reg["entity_id"], reg["short_name"]) if isinstance(v, str) and v}
    pairs, unpaired = link_budget_performance(b, ind, budget_denominator, extreme_rule, extreme_cap,
                                              parent_of=parent_of, programme_key=programme_key)
    pairs = pairs.assign(label=[
        short.get(str(e), short_label(n)) if u == "agency" else short_label(n)
        for e, n, u in zip(pairs["entity_id"], pairs["budget_name"], pairs["unit"])])

    # absorption by agency; a document without agency rows (an LKjIP of one agency): by programme
    parts = []
    for doc in docs:
        bd = b[b["doc_id"].astype(str).eq(doc)]
        level = "opd" if bd["level"].eq("opd").any() else "program"
        by = ["doc_id", "entity_id"] if level == "opd" else ["doc_id", "name"]
        if bd["level"].eq(level).any():
            a = absorption(bd, by=by, levels=[level], denominator=budget_denominator)
            if level == "opd":
                names = bd[bd["level"].eq("opd")].groupby("entity_id", sort=True)["name"].first()
                a["name"] = a["entity_id"].map(names)
            else:
                a["entity_id"] = ""
            a["unit"] = "agency" if level == "opd" else "programme"
            parts.append(a)
    absorb = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if len(absorb):
        absorb["label"] = [short.get(str(e), short_label(n)) for e, n in zip(absorb["entity_id"], absorb["name"])]
        absorb = absorb.sort_values(["doc_id", "absorption_pct", "label"], ascending=[True, False, True],
                                    kind="mergesort").reset_index(drop=True)

    eff = efficiency(pairs) if len(pairs) else pairs.assign(efficiency_ratio=[], efficiency_diff_pp=[])
    eff_cols = ["doc_id", "unit", "entity", "budget_name", "budget", "realization", "absorption_pct", "denominator",
                "achievement_pct", "efficiency_ratio", "efficiency_diff_pp", "budget_source_lines", "indicator_source_lines"]
    eff = eff[eff_cols]
    kem = []
    for unit, g in pairs.groupby("unit", sort=True):
        k = kemenkeu_efficiency(g, budget_col="budget", realization_col="realization")
        kem.append({"unit": unit, **k, "formula": "100 * sum(PAK*CK - RAK) / sum(PAK*CK) (PMK 214/2017)",
                    "note": "output-level budgets" if unit == "programme" else
                    "agency budgets and mean achievement: an approximation of the output-level form"})
    kem = pd.DataFrame(kem, columns=["unit", "efficiency_pct", "n", "n_missing", "formula", "note"])

    cross = []
    for unit, g in pairs.groupby("unit", sort=True):
        t = band_crosstab(g).stack().rename("n").reset_index()
        t.insert(0, "unit", unit)
        cross.append(t)
    cross = (pd.concat(cross, ignore_index=True) if cross
             else pd.DataFrame(columns=["unit", "absorption_band", "achievement_band", "n"]))

    pefa = pd.concat([pefa_table(b, d) for d in docs if b["doc_id"].astype(str).eq(d).any()], ignore_index=True) \
        if len(b) else pd.DataFrame()

    fits = []
    for unit in ("agency", "programme"):
        # a pair whose absorption is printed as a percentage only has no budget (no weight) and
        # an unknown basis: shown in the tables, not modelled with the amounts' absorptions
        g = pairs[pairs["unit"].eq(unit) & pairs["denominator"].ne(PRINTED_DENOMINATOR)]
        rule = _sample_rule(unit, budget_denominator, extreme_rule, extreme_cap, negative_convention)
        fits.append(fit_models(g, cluster="entity_id" if unit == "programme" else None, unit=unit,
                               sample_rule=rule, min_n=min_n))
    models = pd.concat(fits, ignore_index=True)

    role = ind["year_role"].astype("string").fillna("reporting year") if "year_role" in ind.columns \
        else pd.Series("reporting year", index=ind.index)
    _, n_ext = apply_extreme_rule(ind.loc[role.eq("reporting year"), "achievement_pct"], extreme_rule, extreme_cap)
    params = {"doc_ids": docs, "negative_convention": negative_convention, "budget_denominator": budget_denominator,
              "extreme_rule": extreme_rule, "extreme_cap": float(extreme_cap), "min_n": int(min_n),
              "budget_years": years, "budget_rows_other_years": int(n_other_years)}
    summary = (unpaired.groupby(["doc_id", "unit", "side", "reason"], sort=True).size().rename("n").reset_index()
               if len(unpaired) else pd.DataFrame(columns=["doc_id", "unit", "side", "reason", "n"]))
    out = {
        "pairs": pairs, "unpaired": unpaired, "unpaired_summary": summary, "absorption": absorb,
        "efficiency": eff, "efficiency_kemenkeu": kem, "crosstab": cross, "quadrants": quadrants(pairs),
        "pefa": pefa, "models": models, "n_extreme_indicators": int(n_ext), "params": params,
    }
    out["reading"] = plain_reading(out)
    return out


def _fmt(x: float, nd: int = 1) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{nd}f}"


def plain_reading(study: dict) -> str:
    """A short plain-language reading generated from the study's numbers (Markdown).

    Says how many pairs were made and why others were not, the typical absorption and
    achievement, the rank correlation with its interval (or that there is not enough data
    for it), the quadrant of interest, the PEFA figures, and what the data cannot say.

    Examples
    --------
    >>> empty = {"pairs": pd.DataFrame(columns=["unit", "absorption_pct", "achievement_pct"]),
    ...          "unpaired_summary": pd.DataFrame(columns=["unit", "side", "reason", "n"]),
    ...          "models": pd.DataFrame(columns=["model", "unit", "term", "estimate", "ci_low", "ci_high", "n", "note"]),
    ...          "quadrants": pd.DataFrame(columns=["unit", "quadrant", "n"]), "pefa": pd.DataFrame(),
    ...          "params": {"doc_ids": ["004"], "budget_denominator": "revised", "extreme_rule": "cap",
    ...                     "extreme_cap": 200.0, "min_n": 10, "negative_convention": "inverse_ratio"},
    ...          "n_extreme_indicators": 0}
    >>> "not enough data" in plain_reading(empty)
    True
    """
    p = study["params"]
    pairs = study["pairs"]
    lines = [f"**Documents {md_text(', '.join(p['doc_ids']))}.** Absorption uses the {p['budget_denominator']} budget; "
             f"achievements above {p['extreme_cap']:g}% are {p['extreme_rule']}"
             f"{'ped' if p['extreme_rule'] == 'cap' else ('d' if p['extreme_rule'] == 'exclude' else '')} "
             f"({study.get('n_extreme_indicators', 0)} indicator rows of the reporting year exceed it); "
             f"lower-is-better indicators use the {p['negative_convention'].replace('_', ' ')} convention."
             + (f" Budget rows of other years than the reporting year "
                f"({', '.join(f'{d}: {y}' for d, y in sorted(p['budget_years'].items()))}) set aside: "
                f"{p['budget_rows_other_years']}." if p.get("budget_rows_other_years") else "")]
    for unit in ("agency", "programme"):
        g = pairs[pairs["unit"].eq(unit)] if len(pairs) else pairs
        un = study["unpaired_summary"]
        un = un[un["unit"].eq(unit)] if len(un) else un
        reasons = "; ".join(f"{md_text(r['reason'])} ({int(r['n'])})" for _, r in un.iterrows()) if len(un) else "none"
        if len(g) == 0:
            lines.append(f"- **{unit.capitalize()} level:** not enough data: no {unit} could be paired "
                         f"(unpaired: {reasons}).")
            continue
        ab, ac = pd.to_numeric(g["absorption_pct"]), pd.to_numeric(g["achievement_pct"])
        text = (f"- **{unit.capitalize()} level:** {len(g)} pairs. Median absorption {_fmt(ab.median())}% "
                f"(range {_fmt(ab.min())}-{_fmt(ab.max())}%); median achievement {_fmt(ac.median())}%, "
                f"{int((ac >= 100).sum())} of {len(g)} at or above target. Not paired: {reasons}.")
        n_printed = int(g["denominator"].eq(PRINTED_DENOMINATOR).sum()) if "denominator" in g.columns else 0
        if n_printed:
            text += (f" {n_printed} of the {len(g)} pairs take the absorption the report prints as a percentage "
                     "only (no amounts; denominator 'printed'): they are in the tables and the figure, not in "
                     "the correlation and models (their budget and its basis are unknown).")
        q = study["quadrants"]
        q = q[q["unit"].eq(unit)].set_index("quadrant")["n"] if len(q) else pd.Series(dtype=int)
        if "high absorption, target not met" in q.index:
            text += (f" {int(q['high absorption, target not met'])} spent at least "
                     f"{QUADRANT_ABSORPTION_LINE:g}% of their budget without meeting the target; "
                     f"{int(q['lower absorption, target met'])} met it while spending less.")
        m = study["models"]
        sp = m[m["unit"].eq(unit) & m["model"].eq("spearman")] if len(m) else m
        if len(sp) and np.isfinite(sp["estimate"].iloc[0]):
            r = sp.iloc[0]
            text += (f" Spearman's rank correlation between absorption and achievement is {_fmt(r['estimate'], 2)} "
                     f"(95% CI {_fmt(r['ci_low'], 2)} to {_fmt(r['ci_high'], 2)}, n = {int(r['n'])})"
                     + (": the interval includes zero, so the data show no clear association."
                        if r["ci_low"] <= 0 <= r["ci_high"] else "."))
        elif len(sp):
            text += f" Not enough data for a correlation or models ({sp['note'].iloc[0]})."
        lines.append(text)
    pefa = study.get("pefa", pd.DataFrame())
    if len(pefa) and pefa["value_pct"].notna().any():
        bits = []
        for _, r in pefa[pefa["value_pct"].notna()].iterrows():
            band = r["band"] if isinstance(r["band"], str) else f"no band: {r['budget_basis']} budget"
            bits.append(f"{md_text(r['indicator'])} {_fmt(r['value_pct'], 2)}% ({md_text(band)})")
        lines.append("- **PEFA 2016, single-year figures (not scores):** " + "; ".join(bits) + ".")
    else:
        lines.append("- **PEFA 2016:** not enough data: the document has no APBD revenue/expenditure tables.")
    n_total = len(pairs)
    lines.append(
        f"- **What the data cannot say:** {n_total} pairs from one fiscal year cannot show change over time or "
        "cause and effect; targets and realisations are self-reported by the agencies that set them, so meeting a "
        "target says as much about the target as about the work; programmes lie inside agencies and are not "
        "pooled; models below n = "
        f"{p['min_n']} are not fitted."
    )
    return "\n".join(lines)
