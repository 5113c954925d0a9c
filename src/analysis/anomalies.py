"""Anomaly checks over the extracted tables: a registry of documented rules, each giving
findings with their evidence ("needs review"), never verdicts.

Each rule (:class:`Rule`) has a stable id, a severity, a one-line description, named parameters
(tolerances) with defaults, the source of its formula or threshold, and a pure check function
``check(tables, params) -> list of finding dicts``. :func:`run_rules` runs the registry (or a
selection) and returns one DataFrame with the columns of ``anomalies.csv``
(:data:`analysis.contract.ANOMALY_COLUMNS`), sorted deterministically.

Severities
----------
``error``   arithmetic impossibility or contradiction between printed numbers: re-derivable from the
            finding's ``expected``/``observed``/``difference`` and its ``evidence`` alone.
``warning`` suspicious (a legal limit exceeded, a value that needs a human look).
``info``    statistical flag (digit tests, outliers, bunching): ranks units for review.

Printed precision (interval arithmetic)
---------------------------------------
A percentage printed with k decimals stands for ``[p − ½·10^-k, p + ½·10^-k]`` if rounded, or
``[p, p + 10^-k)`` if truncated. The contract CSVs keep percentages as numbers, so k is recovered
from the number's shortest representation (``88.05`` → 2, ``100`` → 0). A value printed with
trailing zeros (``84,70``) is read with fewer decimals than printed, which widens its interval:
the recovery can only miss a mismatch, never invent one. Amounts printed in thousands (or
millions) of rupiah (``value_note`` says *multiplied by 1,000*, or ``Rp.000``) stand for
``[a − 500, a + 500]`` (``± 500,000``); other amounts for
``[a − 0.5, a + 0.5]``. A stated percentage is consistent when the interval of ``100·R/B`` meets
the rounded interval, ``truncated`` when it meets only the truncated one, and a mismatch
otherwise.

Everything here is pure (DataFrames in, DataFrames out); the CLI does the file I/O.

Examples
--------
>>> import pandas as pd
>>> budget = pd.DataFrame({"doc_id": ["001"], "entity": ["Biro X"], "level": ["program"],
...     "name": ["Program A"], "parent": [None], "budget": [69999740.0],
...     "realization": [84724600.0], "reported_pct": [84.72], "source_table": ["T"],
...     "source_line": [4640]})
>>> f = run_rules(Tables(budget=budget), rules=["pct_mismatch"])
>>> f.loc[0, ["rule", "severity"]].tolist(), int(f.loc[0, "source_line"])
(['pct_mismatch', 'error'], 4640)
>>> round(float(f.loc[0, "expected"]), 2), float(f.loc[0, "observed"])
(121.04, 84.72)
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .contract import SORT_KEYS, columns, row_ids, sort_rows
from .digits import digit_test

#: Columns of anomalies.csv as declared in :mod:`analysis.contract`.
ANOMALY_COLUMNS: list[str] = columns("anomalies")

__all__ = [
    "SEVERITIES",
    "ANOMALY_COLUMNS",
    "Tables",
    "Rule",
    "RULES",
    "rule_table",
    "run_rules",
    "printed_decimals",
    "pct_consistency",
    "parse_evidence",
    "digit_tests",
    "quality_scores",
    "QUALITY_WEIGHTS",
    "counts_by_rule",
    "appendix_table",
]

SEVERITIES = ("error", "warning", "info")

#: Levels whose realisation is spending (realisation above budget is an overspend there).
EXPENDITURE_LEVELS = ("total", "urusan", "opd", "program", "kegiatan", "sub_kegiatan", "expenditure_type")

#: Levels whose realisations enter the digit, round-number and repeated-amount tests
#: (line items; totals and revenue/financing aggregates excluded).
LINE_ITEM_LEVELS = ("opd", "program", "kegiatan", "sub_kegiatan", "expenditure_type")

#: Percentage tolerance for "exactly 100" (bunching) and float noise in comparisons.
EPS = 1e-9


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tables:
    """The processed tables a rule may read; any may be missing (None or empty).

    ``budget``, ``indicators``, ``regions`` follow the data contract; ``skipped`` is
    ``extraction_skipped.csv``. Optional contract columns (``entity_id``, ``duplicate_of``,
    ``row_id``, ``value_note``, ``recovered_from_pct``, ``origin``) are used when present.
    """

    budget: pd.DataFrame | None = None
    indicators: pd.DataFrame | None = None
    regions: pd.DataFrame | None = None
    skipped: pd.DataFrame | None = None

    def get(self, name: str) -> pd.DataFrame:
        """The table ``name`` with a ``row_id`` column (computed from the contract's row keys
        when absent) and the optional columns filled with defaults; empty frame when missing."""
        df = getattr(self, name)
        if df is None:
            return pd.DataFrame()
        return _prepare(df, name)


def _prepare(df: pd.DataFrame, name: str) -> pd.DataFrame:
    out = df.copy()
    if not len(out):
        return out.reset_index(drop=True)
    out["doc_id"] = out["doc_id"].astype(str)
    if "row_id" not in out.columns or out["row_id"].isna().any():
        keys = [k for k in SORT_KEYS.get(name, ["doc_id", "source_line"]) if k in out.columns]
        order = out[keys].astype(str).assign(source_line=out["source_line"].astype(int)) \
            .sort_values(keys, kind="mergesort").index
        ids = pd.Series(row_ids(out.loc[order, "doc_id"], out.loc[order, "source_line"]), index=order)
        out["row_id"] = ids.reindex(out.index)
    defaults = {"entity_id": "", "duplicate_of": "", "value_note": "", "origin": "table",
                "entity": "", "source_table": "", "parent": "", "recovered_from_pct": False}
    for col, val in defaults.items():
        if col not in out.columns:
            out[col] = val
    for col in ("entity_id", "duplicate_of", "value_note", "origin", "entity", "source_table", "parent"):
        out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    # rows from tables; 'narrative' (sentences) and 'list' (list items in prose) restate them
    out["origin"] = out["origin"].where(out["origin"] != "", "table")
    out["recovered_from_pct"] = out["recovered_from_pct"].astype(object).map(
        lambda v: str(v).strip().lower() in ("true", "1")).astype(bool)
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------

Finding = dict
Check = Callable[["Tables", Mapping[str, float]], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """One documented check.

    Attributes
    ----------
    id : stable identifier (the ``rule`` column of anomalies.csv)
    severity : 'error', 'warning' or 'info'
    description : one line
    params : named tolerances and thresholds with their defaults
    source : where the formula or threshold comes from
    check : ``(tables, params) -> list of finding dicts``
    """

    id: str
    severity: str
    description: str
    params: Mapping[str, float]
    source: str
    check: Check = field(repr=False)


def _fmt(v) -> str:
    """Plain, deterministic text for evidence values (no thousands separators)."""
    if v is None:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(float(v)):
            return ""
        if float(v).is_integer() and abs(v) < 1e17:
            return str(int(v))
        return repr(round(float(v), 6))
    if isinstance(v, (list, tuple)):
        return "+".join(_fmt(x) for x in v)
    return str(v).replace(";", ",")


def parse_evidence(text: str) -> dict[str, str]:
    """Parse an ``evidence`` cell (``key=value; key=value``) into a dict of strings.

    Examples
    --------
    >>> parse_evidence("budget=69999740; realization=84724600; printed_pct=84.72")
    {'budget': '69999740', 'realization': '84724600', 'printed_pct': '84.72'}
    """
    out: dict[str, str] = {}
    for part in str(text or "").split("; "):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _finding(rule: Rule, row: Mapping | None = None, *, subject: str, expected=np.nan,
             observed=np.nan, difference=np.nan, message: str, rows: Iterable[Mapping] = (),
             rupiah_at_stake=np.nan, evidence: Mapping | None = None, doc_id: str | None = None,
             entity: str | None = None, source_line: int | None = None,
             source_table: str | None = None, entity_id: str | None = None,
             document_wide: bool = False) -> Finding:
    rows = list(rows) or ([row] if row is not None else [])
    first = rows[0] if rows else {}
    lines = sorted({int(r["source_line"]) for r in rows if "source_line" in r})
    return {
        "doc_id": str(doc_id if doc_id is not None else first.get("doc_id", "")),
        "rule": rule.id,
        "severity": rule.severity,
        "entity": entity if entity is not None else str(first.get("entity", "") or ""),
        "subject": subject,
        "expected": float(expected) if expected is not None else np.nan,
        "observed": float(observed) if observed is not None else np.nan,
        "difference": float(difference) if difference is not None else np.nan,
        "message": message,
        "source_line": (None if document_wide else
                        int(source_line if source_line is not None else (first.get("source_line") or 0))),
        "entity_id": entity_id if entity_id is not None else str(first.get("entity_id", "") or ""),
        "source_table": source_table if source_table is not None else str(first.get("source_table", "") or ""),
        "row_ids": ";".join(str(r["row_id"]) for r in rows if r.get("row_id")),
        "source_lines": ";".join(str(x) for x in lines),
        "rupiah_at_stake": round(float(rupiah_at_stake), 2) if rupiah_at_stake is not None else np.nan,
        "evidence": "; ".join(f"{k}={_fmt(v)}" for k, v in (evidence or {}).items()),
    }


def _rp(x: float) -> str:
    """Rupiah for messages: 'Rp 1.234.567' (Indonesian grouping, as printed in the reports)."""
    if x is None or not math.isfinite(x):
        return "Rp ?"
    s = f"{abs(x):,.2f}".rstrip("0").rstrip(".")
    s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if x < 0 else "") + "Rp " + s


def _pct(x: float) -> str:
    return "?" if x is None or not math.isfinite(x) else f"{x:.2f}%"


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(s).lower()).strip()


# ---------------------------------------------------------------------------------------------
# Printed precision
# ---------------------------------------------------------------------------------------------

def printed_decimals(x: float, max_decimals: int = 6) -> int:
    """Decimals of ``x`` as printed, recovered from its shortest representation (conservative:
    trailing zeros of the printed text are lost, which only widens the interval).

    Examples
    --------
    >>> printed_decimals(88.05), printed_decimals(100.0), printed_decimals(84.7), printed_decimals(0.0871)
    (2, 0, 1, 4)
    """
    if x is None or not math.isfinite(x):
        return 0
    s = repr(round(float(x), max_decimals))
    if "e" in s or "." not in s:
        return 0
    frac = s.split(".")[1].rstrip("0")
    return len(frac)


_MULTIPLIED_BY = re.compile(r"multiplied by ([\d,]+)")


def _amount_unit(note: str) -> float:
    """Rounding unit of a printed amount: the factor the extractor multiplied it by (the
    ``value_note`` says *printed in thousands/millions of rupiah … multiplied by N*), 1000 for
    the older *Rp.000* note, else 1.

    Examples
    --------
    >>> _amount_unit("amounts printed in millions of rupiah (juta rp); multiplied by 1,000,000")
    1000000.0
    >>> _amount_unit("amount printed in thousands of rupiah (Rp.000); multiplied by 1000"), _amount_unit("")
    (1000.0, 1.0)
    """
    n = str(note or "")
    m = _MULTIPLIED_BY.search(n)
    if m:
        return float(m.group(1).replace(",", ""))
    return 1000.0 if ("Rp.000" in n or "thousands of rupiah" in n) else 1.0


def _ratio_interval(num: float, den: float, unit: float) -> tuple[float, float]:
    """Interval of 100·num/den when both are printed amounts with rounding unit ``unit``."""
    h = unit / 2.0
    lo_den, hi_den = den + h, den - h
    lo = 100.0 * max(num - h, 0.0) / lo_den
    hi = 100.0 * (num + h) / hi_den if hi_den > 0 else math.inf
    return lo, hi


def pct_consistency(printed: float, num: float, den: float, unit: float = 1.0) -> str:
    """Is a printed percentage consistent with ``100·num/den``?

    Returns ``'rounded'`` when the interval of the recomputed ratio meets
    ``[p − ½·10^-k, p + ½·10^-k]``, ``'truncated'`` when it meets only ``[p, p + 10^-k)``,
    ``'mismatch'`` otherwise (k = :func:`printed_decimals` of p).

    Examples
    --------
    >>> pct_consistency(84.72, 84724600, 99999740)      # 84.7248 -> 84.72
    'rounded'
    >>> pct_consistency(84.72, 84724600, 69999740)      # 121.04
    'mismatch'
    >>> pct_consistency(91.29, 91299, 100000)           # 91.299: truncated, not rounded
    'truncated'
    """
    k = printed_decimals(printed)
    step = 10.0 ** (-k)
    lo, hi = _ratio_interval(num, den, unit)
    r_lo, r_hi = printed - step / 2 - EPS, printed + step / 2 + EPS
    if lo <= r_hi and hi >= r_lo:
        return "rounded"
    t_lo, t_hi = printed - EPS, printed + step
    if lo < t_hi and hi >= t_lo:
        return "truncated"
    return "mismatch"


def _close(a, b, tol: float = 0.5) -> bool:
    return a is not None and b is not None and pd.notna(a) and pd.notna(b) and abs(float(a) - float(b)) <= tol


def _repeats(b: pd.DataFrame) -> dict[str, dict]:
    """``{row_id: kept row}`` for rows that repeat another row with the same budget and
    realisation: ``duplicate_of`` when the data layer marked it, else a sentence (``origin ==
    'narrative'``) whose two amounts equal those of a table row of the same document."""
    out: dict[str, dict] = {}
    if b.empty:
        return out
    recs = b.to_dict("records")
    by_id = {r["row_id"]: r for r in recs}
    tables = [r for r in recs if r["origin"] == "table" and pd.notna(r.get("budget"))
              and pd.notna(r.get("realization"))]
    for r in recs:
        kept = by_id.get(r["duplicate_of"]) if r["duplicate_of"] else None
        if kept is None and r["origin"] != "table":
            kept = next((o for o in tables if o["doc_id"] == r["doc_id"]
                         and _close(o["budget"], r.get("budget")) and _close(o["realization"], r.get("realization"))),
                        None)
        if kept is not None and _close(kept.get("budget"), r.get("budget")) \
                and _close(kept.get("realization"), r.get("realization")):
            out[r["row_id"]] = kept
    return out


def _pure_repeats(b: pd.DataFrame) -> set[str]:
    """Rows repeating another row with the same amounts and the same printed percentage."""
    out = set()
    for rid, kept in _repeats(b).items():
        row = b.loc[b["row_id"] == rid].iloc[0]
        p1, p2 = row.get("reported_pct"), kept.get("reported_pct")
        if (pd.isna(p1) and pd.isna(p2)) or _close(p1, p2, 1e-9):
            out.add(rid)
    return out


# ---------------------------------------------------------------------------------------------
# Stated percentage vs amounts (one pass, four rules)
# ---------------------------------------------------------------------------------------------

def _pct_cases(budget: pd.DataFrame, magnitude_min_log10: float) -> list[tuple[str, dict, dict]]:
    """Classify every budget row with a printed percentage, a positive budget and a
    realisation: rounded (no finding), original_basis (matches the original budget),
    truncated, swapped, magnitude, mismatch."""
    out = []
    if budget.empty or "reported_pct" not in budget.columns:
        return out
    sel = budget[budget["reported_pct"].notna() & budget["budget"].notna() & budget["realization"].notna()
                 & (budget["budget"] > 0) & ~budget["recovered_from_pct"]
                 & ~budget["value_note"].str.contains("percentage ambiguous", na=False)]
    pure = _pure_repeats(budget)
    for row in sel.to_dict("records"):
        if row["row_id"] in pure:
            continue  # the same numbers as a row already checked
        p, b, r = float(row["reported_pct"]), float(row["budget"]), float(row["realization"])
        unit = _amount_unit(row["value_note"])
        k = printed_decimals(p)
        ev = {"budget": b, "realization": r, "printed_pct": p, "printed_decimals": k,
              "amount_unit": unit, "recomputed_pct": 100 * r / b}
        status = pct_consistency(p, r, b, unit)
        if status == "rounded":
            continue
        bo = row.get("budget_original")
        if bo is not None and pd.notna(bo) and bo > 0 and pct_consistency(p, r, float(bo), unit) != "mismatch":
            continue  # the document computed its percentage on the original budget
        if status == "truncated":
            out.append(("truncated", row, ev))
            continue
        if r > 0 and pct_consistency(p, b, r, unit) != "mismatch":
            ev["swapped_pct"] = 100 * b / r
            out.append(("swapped", row, ev))
            continue
        implied = p * b / 100.0
        if r > 0 and implied > 0 and abs(math.log10(implied / r)) >= magnitude_min_log10:
            ev["implied_realization"] = implied
            ev["factor"] = implied / r
            out.append(("magnitude", row, ev))
            continue
        out.append(("mismatch", row, ev))
    return out


def _check_pct_mismatch(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["pct_mismatch"]
    out = []
    for kind, row, ev in _pct_cases(t.get("budget"), p.get("magnitude_min_log10", 2.0)):
        if kind != "mismatch":
            continue
        rec, pr = ev["recomputed_pct"], ev["printed_pct"]
        out.append(_finding(
            rule, row, subject=f"{row['name']}: stated %", expected=rec, observed=pr,
            difference=pr - rec, rupiah_at_stake=abs(ev["realization"] - pr * ev["budget"] / 100),
            evidence=ev,
            message=(f"{row['name']}: printed {pr:g}% but realisation {_rp(ev['realization'])} of budget "
                     f"{_rp(ev['budget'])} is {_pct(rec)} (beyond rounding or truncation of a "
                     f"{ev['printed_decimals']}-decimal percentage); needs review")))
    return out


def _check_pct_truncated(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["pct_truncated"]
    out = []
    for kind, row, ev in _pct_cases(t.get("budget"), 2.0):
        if kind != "truncated":
            continue
        rec, pr = ev["recomputed_pct"], ev["printed_pct"]
        out.append(_finding(
            rule, row, subject=f"{row['name']}: stated %", expected=rec, observed=pr,
            difference=pr - rec, evidence=ev,
            message=(f"{row['name']}: printed {pr:g}% is {_pct(rec)} truncated, not rounded "
                     "(a reporting convention, not an error); needs review only if the table "
                     "rounds elsewhere")))
    return out


def _check_magnitude(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["magnitude_x1000"]
    out = []
    for kind, row, ev in _pct_cases(t.get("budget"), p.get("magnitude_min_log10", 2.0)):
        if kind != "magnitude":
            continue
        imp, r = ev["implied_realization"], ev["realization"]
        fac = ev["factor"]
        near = 10 ** round(math.log10(fac))
        how = f"about {near:g} times" if abs(math.log10(fac / near)) < 0.05 else f"{fac:,.0f} times"
        out.append(_finding(
            rule, row, subject=f"{row['name']}: realisation magnitude", expected=imp, observed=r,
            difference=r - imp, rupiah_at_stake=abs(imp - r), evidence=ev,
            message=(f"{row['name']}: printed {ev['printed_pct']:g}% of {_rp(ev['budget'])} implies a "
                     f"realisation of {_rp(imp)}, but {_rp(r)} is printed ({how} smaller: digits "
                     "or a thousands unit lost?); needs review")))
    return out


def _check_swapped(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["swapped_values"]
    out = []
    for kind, row, ev in _pct_cases(t.get("budget"), p.get("magnitude_min_log10", 2.0)):
        if kind != "swapped":
            continue
        b, r = ev["budget"], ev["realization"]
        out.append(_finding(
            rule, row, subject=f"{row['name']}: budget and realisation", expected=ev["recomputed_pct"],
            observed=ev["printed_pct"], difference=ev["printed_pct"] - ev["recomputed_pct"],
            rupiah_at_stake=abs(r - b), evidence=ev,
            message=(f"{row['name']}: printed {ev['printed_pct']:g}% equals {_rp(b)} / {_rp(r)}, "
                     f"not realisation / budget ({_pct(ev['recomputed_pct'])}): budget and "
                     "realisation appear swapped; needs review")))
    return out


# ---------------------------------------------------------------------------------------------
# Parts vs printed totals
# ---------------------------------------------------------------------------------------------

def _recovered_columns(row: Mapping) -> set[str]:
    """Columns of a budget row recomputed from its printed percentage (from ``value_note``;
    both amounts when the note does not say which).

    Examples
    --------
    >>> sorted(_recovered_columns({"recovered_from_pct": True,
    ...     "value_note": "realisation malformed '1.216.930.3'; recovered from printed 40.45% × budget"}))
    ['realization']
    >>> sorted(_recovered_columns({"recovered_from_pct": True,
    ...     "value_note": "budget malformed 'Rp. 4.125428.000'; recovered from realisation ÷ printed 86.5%"}))
    ['budget']
    """
    if not row.get("recovered_from_pct"):
        return set()
    note = str(row.get("value_note", ""))
    out = set()
    for part in note.split(";"):
        part = part.strip()
        if "recovered" not in part:
            continue
        if "× budget" in part or part.startswith("realisation"):
            out.add("realization")  # 'recovered from printed 66.07% × budget'
        if "realisation ÷" in part or part.startswith("budget"):
            out.add("budget")       # 'recovered from realisation ÷ printed 86.5%'
    return out or {"budget", "realization"}


def _sum_check(parts: list[float], total: float, units: list[float]) -> tuple[float, float]:
    s = float(np.sum(parts))
    tol = (len(parts) + 1) * max(units + [1.0]) / 2.0 + 1e-9 * max(abs(total), 1.0)
    return s - total, tol


def _subset_sums_to(parts: list[float], target: float, tol: float, max_parts: int = 16) -> bool:
    """Does some non-empty subset of ``parts`` add up to ``target`` (within ``tol``)?"""
    vals = sorted(parts, key=abs, reverse=True)[:max_parts]
    sums: set[float] = {0.0}
    for v in vals:
        new = {x + v for x in sums}
        if any(abs(x - target) <= tol for x in new):
            return True
        sums |= new
        if len(sums) > 70000:  # keep it bounded; no explanation found within the budget
            break
    return False


def _classify_sum(parts: list[float], total: float, diff: float, tol: float,
                  complete: bool, min_missing: float = 0.0) -> str | None:
    """None when consistent; ``'partial'`` when an extraction artefact could explain the gap;
    ``'error'`` otherwise.

    Artefacts considered: a subtotal among the parts (sum = 2 × total); rows assigned to the
    wrong parent (some subset of the parts adds up to the excess); rows missing from the
    extraction (parts below the total when the set may be incomplete and the gap is at least
    ``min_missing``, the smallest plausible line); negative parts.
    """
    if abs(diff) <= tol:
        return None
    if any(x < 0 for x in parts):
        return "partial"
    if abs(float(np.sum(parts)) - 2 * total) <= tol:
        return "partial"
    if diff > 0 and _subset_sums_to(parts, diff, tol):
        return "partial"
    if diff < 0 and not complete and abs(diff) >= min_missing:
        return "partial"
    return "error"


def _budget_groups(b: pd.DataFrame) -> list[tuple[dict, list[dict], str]]:
    """(parent row, child rows, how) for budget rows linked by the parent column (same
    document and table, nearest row above with the parent's name) and for table total rows
    (top-level rows of the same table above the total row)."""
    groups: list[tuple[dict, list[dict], str]] = []
    if b.empty:
        return groups
    # table rows only; rows reprinted in another table (duplicate_of) stay: the sums are checked
    # within each table, and a reprinted table can be inconsistent on its own
    tab = b[(b["origin"] == "table") & (b["source_table"] != "narrative")]
    recs = tab.to_dict("records")
    by_key: dict[tuple, list[dict]] = {}
    for r in recs:
        by_key.setdefault((r["doc_id"], r["source_table"], r.get("fiscal_year"), _norm(r["name"])), []).append(r)
    children: dict[str, list[dict]] = {}
    parents: dict[str, dict] = {}
    for r in recs:
        if not r["parent"]:
            continue
        cands = [c for c in by_key.get((r["doc_id"], r["source_table"], r.get("fiscal_year"), _norm(r["parent"])), [])
                 if c["source_line"] < r["source_line"]]
        if not cands:
            continue
        par = max(cands, key=lambda c: c["source_line"])
        parents[par["row_id"]] = par
        children.setdefault(par["row_id"], []).append(r)
    for rid, kids in children.items():
        groups.append((parents[rid], kids, "parent"))
    # table total rows
    keys = ["doc_id", "source_table"] + (["fiscal_year"] if "fiscal_year" in tab.columns else [])
    for _, g in tab.groupby(keys, sort=True):
        g = g.sort_values("source_line")
        prev = -1
        for tot in g[g["level"] == "total"].to_dict("records"):
            rng = g[(g["source_line"] > prev) & (g["source_line"] < tot["source_line"]) & (g["level"] != "total")]
            prev = tot["source_line"]
            if rng.empty:
                continue
            top = rng[rng["parent"] == ""]
            cands = [("top-level rows", top.to_dict("records"))]
            for lev, lg in rng.groupby("level", sort=True):
                cands.append((f"{lev} rows", lg.to_dict("records")))
            groups.append((tot, cands, "total"))  # type: ignore[arg-type]
    return groups


def _check_parts(t: Tables, p: Mapping[str, float], want: str) -> list[Finding]:
    rule = RULES_BY_ID["parts_vs_total" if want == "error" else "parts_vs_total_partial"]
    out: list[Finding] = []
    b = t.get("budget")
    for par, kids, how in _budget_groups(b):
        members_all = [m for _, ms in kids for m in ms] if how == "total" else kids
        recovered = set().union(*(_recovered_columns(m) for m in [par, *members_all]))
        for col in ("budget", "realization", "budget_original"):
            if col in recovered:
                continue  # a value recomputed from a percentage is approximate by construction
            if col not in b.columns or pd.isna(par.get(col)):
                continue
            total = float(par[col])
            options = kids if how == "total" else [("children", kids)]
            best = None
            for label, members in options:  # type: ignore[misc]
                vals = [float(m[col]) for m in members if pd.notna(m.get(col))]
                if not vals:
                    continue
                units = [_amount_unit(m["value_note"]) for m in members] + [_amount_unit(par["value_note"])]
                diff, tol = _sum_check(vals, total, units)
                # Budget tables: rows may be missing from the extraction or assigned to the wrong
                # parent (a programme printed on one line with its first kegiatan), so only a gap
                # smaller than the smallest plausible line item is an arithmetic error.
                min_line = p.get("min_line_amount", 1_000_000)
                cls = _classify_sum(vals, total, diff, tol, False, min_line)
                if cls == "error" and abs(diff) >= min_line:
                    cls = "partial"
                cand = (cls, label, members, vals, diff, tol)
                if cls is None:
                    best = None
                    break
                if best is None or abs(diff) < abs(best[4]):
                    best = cand  # the member set that comes closest is the one the total sums
            else:
                if best is None or best[0] != want:
                    continue
                cls, label, members, vals, diff, tol = best
                s = float(np.sum(vals))
                col_txt = {"budget": "budget", "realization": "realisation", "budget_original": "original budget"}[col]
                out.append(_finding(
                    rule, par, rows=[par] + members, subject=f"{par['name']}: {col_txt} vs sum of {label}",
                    expected=total, observed=s, difference=diff, rupiah_at_stake=abs(diff),
                    source_line=int(par["source_line"]),
                    evidence={"column": col, "total": total, "parts": vals, "n_parts": len(vals),
                              "n_rows": len(members), "tolerance": tol, "members": label},
                    message=(f"{par['name']} ({par['level']}): printed {col_txt} {_rp(total)} but its "
                             f"{len(vals)} {label} add up to {_rp(s)} (difference {_rp(diff)})"
                             + ("" if want == "error" else
                                "; a missing, misassigned or subtotal row could explain it")
                             + "; needs review")))
    out.extend(_region_parts(t, rule, want))
    return out


_AVERAGE_UNITS = re.compile(r"%|/|per", re.I)
_AVERAGE_VARS = re.compile(r"pct|yield|provitas|rata|index|indeks", re.I)


def _region_parts(t: Tables, rule: Rule, want: str) -> list[Finding]:
    out: list[Finding] = []
    r = t.get("regions")
    if r.empty:
        return out
    for (doc, table, year), g in r.groupby(["doc_id", "source_table", "year"], sort=True):
        n_regions = g.loc[g["region_type"] != "province", "region_code"].nunique()
        for var, gv in g.groupby("variable", sort=True):
            unit = str(gv["unit"].dropna().iloc[0]) if gv["unit"].notna().any() else ""
            if _AVERAGE_UNITS.search(unit) or _AVERAGE_VARS.search(str(var)):
                continue
            tots = gv[gv["region_type"] == "province"]
            parts = gv[gv["region_type"] != "province"]
            if len(tots) != 1 or parts.empty:
                continue
            tot = tots.iloc[0].to_dict()
            vals = parts["value"].astype(float).tolist()
            total = float(tot["value"])
            if len(vals) > 1 and abs(np.mean(vals) - total) <= 0.5 * 10 ** -printed_decimals(total):
                continue  # an average row, not a total
            k = max([printed_decimals(v) for v in vals] + [printed_decimals(total)])
            step = 10.0 ** -k
            diff = float(np.sum(vals)) - total
            tol = (len(vals) + 1) * step / 2 if k > 0 else 0.0
            tol += 1e-9 * max(abs(total), 1.0)
            complete = len(vals) >= n_regions
            cls = _classify_sum(vals, total, diff, tol, complete)
            if cls != want:
                continue
            members = parts.to_dict("records")
            out.append(_finding(
                rule, tot, rows=[tot] + members, subject=f"{table}: {var} total vs sum of kabupaten/kota",
                expected=total, observed=float(np.sum(vals)), difference=diff,
                entity=str(tot.get("province", "")), source_line=int(tot["source_line"]),
                evidence={"column": var, "total": total, "parts": vals, "n_parts": len(vals),
                          "n_rows": n_regions, "tolerance": tol, "members": "kabupaten/kota rows"},
                message=(f"{table} {var}: total row prints {total:g} but the {len(vals)} kabupaten/kota "
                         f"values add up to {float(np.sum(vals)):g} (difference {diff:+g}); needs review")))
    return out


# ---------------------------------------------------------------------------------------------
# Realisation above budget; achievement vs absorption
# ---------------------------------------------------------------------------------------------

def _check_above_budget(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["realization_above_budget"]
    b = t.get("budget")
    out = []
    if b.empty:
        return out
    swapped = {row["row_id"] for kind, row, _ in _pct_cases(b, 2.0) if kind == "swapped"}
    swapped |= set(_repeats(b))  # a repeat of a row already checked
    sel = b[b["level"].isin(EXPENDITURE_LEVELS) & b["budget"].notna() & b["realization"].notna()
            & ~b["recovered_from_pct"]]
    for row in sel.to_dict("records"):
        if row["row_id"] in swapped:
            continue
        bud, real = float(row["budget"]), float(row["realization"])
        tol = _amount_unit(row["value_note"])
        if real <= bud + tol:
            continue
        pct = 100 * real / bud if bud > 0 else math.inf
        if pct < p.get("min_pct", 100.0):
            continue
        out.append(_finding(
            rule, row, subject=f"{row['name']}: realisation vs budget", expected=bud, observed=real,
            difference=real - bud, rupiah_at_stake=real - bud,
            evidence={"budget": bud, "realization": real, "absorption_pct": pct},
            message=(f"{row['name']}: realisation {_rp(real)} exceeds the budget {_rp(bud)} "
                     f"({_pct(pct)}; overspend {_rp(real - bud)}): spending above the appropriation, "
                     "or budget and realisation from different budget versions; needs review")))
    return out


def _entity_key(df: pd.DataFrame) -> pd.Series:
    eid = df["entity_id"].astype(str)
    return eid.where(eid != "", "name:" + df["entity"].map(_norm))


def _check_gap(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["achievement_absorption_gap"]
    b, i = t.get("budget"), t.get("indicators")
    out: list[Finding] = []
    if b.empty or i.empty or "achievement_pct" not in i.columns:
        return out
    hi, lo = p.get("high", 100.0), p.get("low", 50.0)
    ii = i[i["achievement_pct"].notna()]
    if "year_role" in ii.columns:
        ii = ii[ii["year_role"].isin(["reporting year", ""]) | ii["year_role"].isna()]
    ii = ii.assign(_key=_entity_key(ii))
    bb = b[(b["origin"] == "table") & b["budget"].notna() & b["realization"].notna()
           & (b["budget"] > 0)]
    bb = bb.assign(_key=_entity_key(bb))
    repeats = set(_repeats(b))
    for (doc, key), g in ii.groupby(["doc_id", "_key"], sort=True):
        eb = bb[(bb["doc_id"] == doc) & (bb["_key"] == key)]
        if eb.empty:
            continue
        eb = eb[~eb["row_id"].isin(repeats)]
        sources = []  # (how, rows): the agency's OPD row (Tabel 2.4) and the sum of its programmes
        opd = eb[eb["level"] == "opd"].sort_values("source_line")
        if len(opd):
            sources.append(("agency (opd) row", opd.iloc[[0]]))
        prog = eb[eb["level"] == "program"]
        if len(prog):
            sources.append(("sum of programme rows", prog))
        if not sources:
            continue
        ach = float(g["achievement_pct"].median())
        measures = []
        for how, src in sources:
            bud, real = float(src["budget"].sum()), float(src["realization"].sum())
            measures.append((how, src, bud, real, 100 * real / bud))
        # every available measure of absorption must agree (the OPD row and the programmes can
        # describe different parts of an agency)
        if ach >= hi and all(m[4] < lo for m in measures):
            direction = "low"
        elif ach < lo and all(m[4] >= hi for m in measures):
            direction = "high"
        else:
            continue
        how, src, bud, real, absorption = measures[0]
        kinds = "; ".join(f"{m[0]}: {_pct(m[4])}" for m in measures)
        if direction == "low":
            kind = f"median achievement {_pct(ach)} >= {hi:g}% with absorption < {lo:g}% ({kinds})"
        else:
            kind = f"absorption >= {hi:g}% ({kinds}) with median achievement {_pct(ach)} < {lo:g}%"
        rows = src.to_dict("records") + g.sort_values("source_line").to_dict("records")
        ev = {"budget": bud, "realization": real, "absorption_pct": absorption, "absorption_from": how}
        for k, m in enumerate(measures[1:], start=2):
            ev.update({f"budget_{k}": m[2], f"realization_{k}": m[3], f"absorption_pct_{k}": m[4],
                       f"absorption_from_{k}": m[0]})
        ev.update({"median_achievement_pct": ach, "n_indicators": len(g)})
        out.append(_finding(
            rule, rows[0], rows=rows, subject="achievement vs absorption",
            expected=absorption, observed=ach, difference=ach - absorption,
            rupiah_at_stake=bud - real if direction == "low" else real,
            evidence=ev,
            message=(f"{rows[0]['entity']}: {kind}, {len(g)} indicators: performance and spending "
                     "tell different stories; needs review")))
    return out


# ---------------------------------------------------------------------------------------------
# Same quantity printed differently
# ---------------------------------------------------------------------------------------------

_DIFFERS = re.compile(r"differs from (?P<table>.+?) line (?P<line>\d+)")


def _similar(a: str, b: str, threshold: float) -> bool:
    na, nb = _norm(a), _norm(b)
    na = re.sub(r"^(program|kegiatan|sub kegiatan|urusan)\s+", "", na)
    nb = re.sub(r"^(program|kegiatan|sub kegiatan|urusan)\s+", "", nb)
    if not na or not nb:
        return False
    return na == nb or na in nb or nb in na or SequenceMatcher(None, na, nb).ratio() >= threshold


def _narrative_counterpart(r: dict, tables: list[dict], threshold: float) -> dict | None:
    """The table row a sentence restates with one amount different: the other amount equal
    (within 0.5 rupiah) and a similar name, or the same agency and an equal amount that is not a
    whole multiple of Rp 1 juta (a chance match is then unlikely)."""
    same_doc = [o for o in tables if o["doc_id"] == r["doc_id"]]
    if any(_close(o.get("budget"), r.get("budget")) and _close(o.get("realization"), r.get("realization"))
           for o in same_doc):
        return None  # the sentence repeats a table row exactly
    best = None
    for o in same_doc:
        eq_b, eq_r = _close(o.get("budget"), r.get("budget")), _close(o.get("realization"), r.get("realization"))
        if eq_b == eq_r:
            continue  # both equal (a plain repeat) or none equal (another line)
        equal = float(r["budget"] if eq_b else r["realization"])
        other = "realization" if eq_b else "budget"
        if pd.isna(r.get(other)) or pd.isna(o.get(other)) or equal <= 0:
            continue
        named = _similar(r["name"], o["name"], threshold)
        same_agency = _norm(r["entity"]) == _norm(o["entity"]) and equal % 1_000_000 != 0
        if named or same_agency:
            score = (named, -abs(o["source_line"] - r["source_line"]))
            if best is None or score > best[0]:
                best = (score, o)
    return None if best is None else best[1]


def _check_value_differs(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["value_differs_between_places"]
    b = t.get("budget")
    out: list[Finding] = []
    if b.empty:
        return out
    by_id = {r["row_id"]: r for r in b.to_dict("records")}
    tables = [r for r in by_id.values() if r["origin"] == "table"]
    pairs: list[tuple[dict, dict]] = []
    seen = set()
    for r in b.to_dict("records"):
        others = []
        if r["duplicate_of"] and r["duplicate_of"] in by_id:
            others.append(by_id[r["duplicate_of"]])
        for m in _DIFFERS.finditer(r["value_note"]):
            line = int(m.group("line"))
            cand = [o for o in by_id.values() if o["doc_id"] == r["doc_id"] and o["source_line"] == line
                    and o["row_id"] != r["row_id"]]
            others.extend(cand[:1])
        if not others and r["origin"] != "table":
            m = _narrative_counterpart(r, tables, p.get("name_similarity", 0.8))
            if m is not None:
                others.append(m)
        for o in others:
            key = tuple(sorted((r["row_id"], o["row_id"])))
            if key in seen:
                continue
            seen.add(key)
            pairs.append((r, o))
    for r, o in pairs:
        if r["recovered_from_pct"] or o["recovered_from_pct"]:
            continue  # a value recomputed from a percentage is approximate by construction
        if _close(r.get("budget"), o.get("realization")) and _close(r.get("realization"), o.get("budget")):
            continue  # budget and realisation swapped: reported by swapped_values
        for col in ("budget", "realization"):
            a, c = r.get(col), o.get(col)
            if a is None or c is None or pd.isna(a) or pd.isna(c):
                continue
            tol = max(_amount_unit(r["value_note"]), _amount_unit(o["value_note"]))
            if abs(float(a) - float(c)) <= tol:
                continue
            col_txt = "budget" if col == "budget" else "realisation"
            out.append(_finding(
                rule, r, rows=[r, o], subject=f"{r['name']}: {col_txt} in two places",
                expected=float(c), observed=float(a), difference=float(a) - float(c),
                rupiah_at_stake=abs(float(a) - float(c)),
                evidence={"column": col, "value_here": float(a), "value_there": float(c),
                          "line_there": int(o["source_line"]), "table_there": o["source_table"],
                          "tolerance": tol},
                message=(f"{r['name']}: {col_txt} {_rp(float(a))} here (line {r['source_line']}, "
                         f"{r['source_table']}) but {_rp(float(c))} at line {o['source_line']} "
                         f"({o['source_table']}); needs review")))
    return out


def _check_indicator_differs(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["indicator_value_differs"]
    i = t.get("indicators")
    out: list[Finding] = []
    if i.empty:
        return out
    ii = i.assign(_ind=i["indicator"].map(_norm), _unit=i.get("unit", pd.Series("", index=i.index)).astype(object)
                  .where(lambda s: s.notna(), "").astype(str).map(_norm))
    role = ii["year_role"].astype(object).where(ii["year_role"].notna(), "") if "year_role" in ii.columns else ""
    ii = ii.assign(_role=role)
    for col in ("target", "actual"):
        if col not in ii.columns:
            continue
        sub = ii[ii[col].notna()]
        for key, g in sub.groupby(["doc_id", "entity", "_ind", "fiscal_year", "_role", "_unit"], sort=True):
            if g["source_line"].nunique() < 2 or g[col].nunique() < 2:
                continue
            g = g.sort_values("source_line")
            first = g.iloc[0].to_dict()
            for r in g.iloc[1:].to_dict("records"):
                k = max(printed_decimals(first[col]), printed_decimals(r[col]))
                if abs(float(r[col]) - float(first[col])) <= 10.0 ** -k / 2 + EPS:
                    continue
                out.append(_finding(
                    rule, r, rows=[r, first], subject=f"{r['indicator']}: {col} in two places",
                    expected=float(first[col]), observed=float(r[col]),
                    difference=float(r[col]) - float(first[col]),
                    evidence={"column": col, "value_here": float(r[col]), "value_there": float(first[col]),
                              "line_there": int(first["source_line"]), "fiscal_year": int(r["fiscal_year"])},
                    message=(f"{r['indicator']} ({r['fiscal_year']}): {col} {r[col]:g} at line "
                             f"{r['source_line']} but {first[col]:g} at line {first['source_line']}; "
                             "needs review")))
    return out


# ---------------------------------------------------------------------------------------------
# Malformed, recovered, sign/label
# ---------------------------------------------------------------------------------------------

def _check_malformed(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["malformed_number"]
    out: list[Finding] = []
    b = t.get("budget")
    if not b.empty:
        for r in b[b["value_note"].str.contains("malformed", na=False)].to_dict("records"):
            raws = re.findall(r"(\w+) malformed '([^']*)'(?: \(([^)]*)\))?", r["value_note"])
            for what, raw, why in raws or [("value", "", "")]:
                out.append(_finding(
                    rule, r, subject=f"{r['name']}: {what} printed as {raw!r}",
                    evidence={"column": what, "printed": raw, "reason": why},
                    message=(f"{r['name']}: {what} printed as {raw!r} ({why or 'malformed'}); "
                             f"the value is {'recovered from the percentage' if r['recovered_from_pct'] else 'missing'}; "
                             "needs review")))
        for col in ("budget", "realization"):
            neg = b[b[col].notna() & (b[col] < 0)]
            for r in neg.to_dict("records"):
                out.append(_finding(
                    rule, r, subject=f"{r['name']}: negative {col}", observed=float(r[col]),
                    evidence={"column": col, "value": float(r[col])},
                    message=f"{r['name']}: negative {col} {_rp(float(r[col]))}; needs review"))
    s = t.get("skipped")
    if not s.empty and "reason" in s.columns:
        for r in s[s["reason"].astype(str).str.contains("malformed", case=False, na=False)].to_dict("records"):
            out.append(_finding(
                rule, r, subject="skipped row with a malformed number",
                evidence={"printed": str(r.get("raw_text", ""))[:120], "reason": r["reason"]},
                message=f"line {r['source_line']}: {r['reason']}; needs review"))
    return out


def _check_recovered(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["recovered_from_pct"]
    b = t.get("budget")
    out = []
    if b.empty:
        return out
    for r in b[b["recovered_from_pct"]].to_dict("records"):
        out.append(_finding(
            rule, r, subject=f"{r['name']}: value recovered from the percentage",
            expected=float(r["realization"]) if pd.notna(r.get("realization")) else np.nan,
            rupiah_at_stake=float(r["budget"]) if pd.notna(r.get("budget")) else np.nan,
            evidence={"note": r["value_note"], "printed_pct": r.get("reported_pct")},
            message=(f"{r['name']}: a value is not printed as a number and was recomputed from the "
                     f"printed percentage ({r['value_note']}); needs review")))
    return out


_REVENUE_TOTAL = re.compile(r"^(jumlah |total )?pendapatan( daerah)?$")
_SPENDING_TOTAL = re.compile(r"^(jumlah |total )?belanja( daerah)?$")
_NET_FINANCING = re.compile(r"pembiayaan (?:daerah )?netto|pembiayaan neto")


def _check_sign_label(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    """Budget identity of a plan: surplus/(deficit) + net financing = 0 (planned SiLPA 0)."""
    rule = RULES_BY_ID["sign_label"]
    b = t.get("budget")
    out: list[Finding] = []
    if b.empty:
        return out
    tab = b[b["origin"] == "table"]
    for doc, g in tab.groupby("doc_id", sort=True):
        names = g["name"].map(_norm)
        rev = g[names.str.match(_REVENUE_TOTAL) & g["level"].isin(["revenue", "total"])]
        spe = g[names.str.match(_SPENDING_TOTAL) & g["level"].isin(["expenditure_type", "total"])]
        net = g[names.str.contains(_NET_FINANCING)]
        if rev.empty or spe.empty or net.empty:
            continue
        rv, sp, nt = (x.sort_values("source_line").iloc[0].to_dict() for x in (rev, spe, net))
        for col in ("budget_original", "budget"):
            if col not in g.columns or any(pd.isna(x.get(col)) for x in (rv, sp, nt)):
                continue
            surplus = float(rv[col]) - float(sp[col])
            netf = float(nt[col])
            tol = 1.0
            if abs(surplus) <= tol or abs(surplus + netf) <= tol:
                continue
            if abs(netf - surplus) > tol:
                continue  # not a sign flip: left to other checks
            word = "surplus" if surplus > 0 else "deficit"
            out.append(_finding(
                rule, nt, rows=[nt, rv, sp], subject=f"net financing ({col}) vs surplus/deficit",
                expected=-surplus, observed=netf, difference=netf + surplus, rupiah_at_stake=abs(surplus),
                evidence={"column": col, "revenue": float(rv[col]), "expenditure": float(sp[col]),
                          "surplus": surplus, "net_financing": netf},
                message=(f"{col}: revenue {_rp(float(rv[col]))} − expenditure {_rp(float(sp[col]))} is a "
                         f"{word} of {_rp(abs(surplus))}, so net financing should be {_rp(-surplus)}, "
                         f"but {_rp(netf)} is printed (line {nt['source_line']}): the sign or the "
                         "surplus/deficit label is wrong; needs review")))
    return out


# ---------------------------------------------------------------------------------------------
# Repeated and round amounts, digit tests
# ---------------------------------------------------------------------------------------------

def _line_items(b: pd.DataFrame, col: str = "realization") -> pd.DataFrame:
    if b.empty:
        return b
    sel = b[b["level"].isin(LINE_ITEM_LEVELS) & b[col].notna() & (b[col] > 0)
            & (b["origin"] == "table") & ~b["recovered_from_pct"] & (b["duplicate_of"] == "")]
    return sel[~sel["row_id"].isin(set(_repeats(b)))]


def _check_repeated(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["repeated_amount"]
    b = t.get("budget")
    out: list[Finding] = []
    items = _line_items(b)
    if items.empty:
        return out
    min_amount = p.get("min_amount", 10_000_000)
    round_unit = p.get("round_unit", 1_000_000)
    items = items[(items["realization"] >= min_amount)
                  & (np.mod(items["realization"], round_unit) != 0)]
    for (doc, val), g in items.groupby(["doc_id", "realization"], sort=True):
        if len(g) < 2:
            continue
        recs = g.sort_values("source_line").to_dict("records")
        # related rows (same name, or parent/child by name) form one component
        comp = list(range(len(recs)))

        def find(x):
            while comp[x] != x:
                comp[x] = comp[comp[x]]
                x = comp[x]
            return x

        for a in range(len(recs)):
            for c in range(a + 1, len(recs)):
                ra, rc = recs[a], recs[c]
                na, nc = _norm(ra["name"]), _norm(rc["name"])
                if (na == nc or na in nc or nc in na or _norm(ra["parent"]) == nc or _norm(rc["parent"]) == na
                        or ra["source_line"] == rc["source_line"]):
                    comp[find(a)] = find(c)
        roots = {find(x) for x in range(len(recs))}
        if len(roots) < 2:
            continue
        reps = [recs[min(x for x in range(len(recs)) if find(x) == root)] for root in sorted(roots)]
        out.append(_finding(
            rule, reps[0], rows=reps, subject=f"realisation {_fmt(float(val))} repeated",
            observed=float(val), rupiah_at_stake=float(val) * (len(reps) - 1),
            evidence={"amount": float(val), "n_unrelated_lines": len(reps),
                      "lines": [int(r["source_line"]) for r in reps]},
            message=(f"the same non-round realisation {_rp(float(val))} is printed for {len(reps)} unrelated "
                     f"lines ({', '.join(str(r['source_line']) for r in reps)}: "
                     f"{'; '.join(str(r['name'])[:40] for r in reps)}); copied figures?; needs review")))
    return out


def _check_round_share(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["round_share"]
    items = _line_items(t.get("budget"))
    out: list[Finding] = []
    if items.empty:
        return out
    k = int(p.get("round_power", 6))
    alpha, min_n, min_share = p.get("alpha", 0.01), int(p.get("min_n", 20)), p.get("min_share", 0.1)
    base = 10.0 ** k
    items = items.assign(_unit=items["value_note"].map(_amount_unit))
    for doc, g in items.groupby("doc_id", sort=True):
        if len(g) < min_n:
            continue
        is_round = np.mod(g["realization"].to_numpy(), base) == 0
        lam = float(np.sum(np.minimum(g["_unit"].to_numpy() / base, 1.0)))
        n_round = int(is_round.sum())
        share = n_round / len(g)
        pval = float(stats.poisson.sf(n_round - 1, lam)) if n_round else 1.0
        if share < min_share or pval >= alpha:
            continue
        recs = g[is_round].sort_values("source_line").to_dict("records")
        out.append(_finding(
            rule, recs[0], rows=recs, subject=f"realisations that are multiples of {_fmt(base)}",
            expected=lam, observed=n_round, difference=n_round - lam, entity="", document_wide=True,
            evidence={"n_values": len(g), "n_round": n_round, "share": share, "expected_count": lam,
                      "p_value": pval, "round_unit": base},
            message=(f"{n_round} of {len(g)} realisations ({share:.1%}) are whole multiples of "
                     f"{_rp(base)}; about {lam:.2f} expected if their trailing digits were arbitrary "
                     f"(Poisson p = {pval:.2g}): estimates rather than booked amounts?; needs review")))
    return out


def _digit_values(b: pd.DataFrame, test: str) -> dict[str, np.ndarray]:
    items = _line_items(b)
    if items.empty:
        return {}
    if test == "last_two":
        items = items[items["value_note"].map(_amount_unit) == 1.0]
    return {doc: g["realization"].to_numpy(float) for doc, g in items.groupby("doc_id", sort=True)}


def digit_tests(tables: Tables, test: str = "first", reps: int = 10000, seed: int = 12345,
                alpha: float = 0.01, min_n: int | None = None) -> dict:
    """Run one digit test on the realisations of every document (line items: opd, programme,
    kegiatan, sub-kegiatan, jenis belanja; table rows, not recovered, not duplicates; for
    ``last_two`` only amounts printed in whole rupiah). Returns ``{doc_id: DigitTest}``."""
    if min_n is None:
        min_n = DIGIT_MIN_N[test]
    return {doc: digit_test(v, test, reps=reps, seed=seed, alpha=alpha, min_n=min_n)
            for doc, v in _digit_values(tables.get("budget"), test).items()}


#: Minimum sample per digit test (Nigrini 2012 suggests ~1,000 records for the first-two digits;
#: the Monte-Carlo p-value is valid at any n, the guard keeps power reasonable).
DIGIT_MIN_N = {"first": 100, "first_two": 300, "last_two": 300}


def _digit_rule(test: str, rule_id: str) -> Check:
    def check(t: Tables, p: Mapping[str, float]) -> list[Finding]:
        rule = RULES_BY_ID[rule_id]
        out = []
        res = digit_tests(t, test, reps=int(p.get("reps", 10000)), seed=int(p.get("seed", 12345)),
                          alpha=p.get("alpha", 0.01), min_n=int(p.get("min_n", DIGIT_MIN_N[test])))
        for doc, r in res.items():
            if r.verdict != "nonconforming":
                continue
            tab = r.table()
            worst = tab.assign(dev=(tab["observed"] - tab["expected"]).abs()).sort_values(
                ["dev", "digit"], ascending=[False, True]).head(3)
            out.append(_finding(
                rule, None, subject=f"{test.replace('_', ' ')} digits of realisations",
                expected=r.expected_mad, observed=r.mad, difference=r.excess_mad, entity="",
                document_wide=True, source_table="",
                evidence={"n": r.n, "mad": r.mad, "expected_mad": r.expected_mad, "excess_mad": r.excess_mad,
                          "p_value": r.p_value, "reps": r.reps, "seed": r.seed, "nigrini_band": r.nigrini_band,
                          "largest_deviations": [f"{int(d)}:{o:.4f}/{e:.4f}" for d, o, e in
                                                 zip(worst["digit"], worst["observed"], worst["expected"])]},
                doc_id=doc,
                message=(f"{test.replace('_', ' ')}-digit test of {r.n} realisations: MAD {r.mad:.4f} vs "
                         f"{r.expected_mad:.4f} expected for this n (Monte-Carlo p = {r.p_value:.3g}, "
                         f"{r.reps} draws, seed {r.seed}; Nigrini band: {r.nigrini_band or 'n/a'}); "
                         "the set as a whole needs review, no single amount is implicated")))
        return out
    return check


# ---------------------------------------------------------------------------------------------
# Robust outliers, bunching at 100
# ---------------------------------------------------------------------------------------------

def _modified_z(x: np.ndarray) -> np.ndarray:
    """Iglewicz & Hoaglin (1993) modified z: 0.6745 (x − median)/MAD; if MAD = 0,
    (x − median)/(1.253314 · mean|x − median|)."""
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    if mad > 0:
        return 0.6745 * (x - med) / mad
    meanad = np.mean(np.abs(x - med))
    if meanad > 0:
        return (x - med) / (1.253314 * meanad)
    return np.zeros_like(x)


def _check_outliers(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["robust_outlier"]
    thr, min_n = p.get("threshold", 3.5), int(p.get("min_group", 10))
    gap = p.get("min_gap_pp", 10.0)
    out: list[Finding] = []
    b = t.get("budget")
    if not b.empty:
        bb = b[b["budget"].notna() & b["realization"].notna() & (b["budget"] > 0) & ~b["recovered_from_pct"]
               & (b["origin"] == "table") & b["level"].isin(EXPENDITURE_LEVELS)]
        bb = bb.assign(_abs=100 * bb["realization"] / bb["budget"])
        for (doc, lev), g in bb.groupby(["doc_id", "level"], sort=True):
            if len(g) < min_n:
                continue
            z = _modified_z(g["_abs"].to_numpy(float))
            med = float(np.median(g["_abs"]))
            for r, zi in zip(g.to_dict("records"), z):
                if abs(zi) <= thr or abs(float(r["_abs"]) - med) < gap:
                    continue
                stake = abs(float(r["realization"]) - med / 100 * float(r["budget"]))
                out.append(_finding(
                    rule, r, subject=f"{r['name']}: absorption among {lev} rows", expected=med,
                    observed=float(r["_abs"]), difference=float(r["_abs"]) - med, rupiah_at_stake=stake,
                    evidence={"measure": "absorption_pct", "group": f"{doc}/{lev}", "group_n": len(g),
                              "group_median": med, "modified_z": float(zi), "threshold": thr},
                    message=(f"{r['name']}: absorption {_pct(float(r['_abs']))} against a median of "
                             f"{_pct(med)} among {len(g)} {lev} rows (modified z {zi:+.1f}); "
                             f"{_rp(stake)} away from the typical absorption; needs review")))
    i = t.get("indicators")
    if not i.empty and "achievement_pct" in i.columns:
        ii = i[i["achievement_pct"].notna()]
        if "year_role" in ii.columns:
            ii = ii[ii["year_role"].isin(["reporting year"])]
        for (doc, lev), g in ii.groupby(["doc_id", "level"], sort=True):
            if len(g) < min_n:
                continue
            z = _modified_z(g["achievement_pct"].to_numpy(float))
            med = float(g["achievement_pct"].median())
            for r, zi in zip(g.to_dict("records"), z):
                if abs(zi) <= thr or abs(float(r["achievement_pct"]) - med) < gap:
                    continue
                out.append(_finding(
                    rule, r, subject=f"{r['indicator']}: achievement among {lev} indicators", expected=med,
                    observed=float(r["achievement_pct"]), difference=float(r["achievement_pct"]) - med,
                    evidence={"measure": "achievement_pct", "group": f"{doc}/{lev}", "group_n": len(g),
                              "group_median": med, "modified_z": float(zi), "threshold": thr,
                              "target": r.get("target"), "actual": r.get("actual")},
                    message=(f"{r['indicator']}: achievement {_pct(float(r['achievement_pct']))} against a "
                             f"median of {_pct(med)} among {len(g)} {lev} indicators (modified z {zi:+.1f}); "
                             "needs review")))
    return out


def _check_bunching(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    rule = RULES_BY_ID["bunching_at_100"]
    i = t.get("indicators")
    out: list[Finding] = []
    if i.empty or "achievement_pct" not in i.columns:
        return out
    half, width = p.get("bin_width", 1.0) / 2, p.get("window", 10.0)
    alpha, min_n = p.get("alpha", 0.01), int(p.get("min_at_100", 5))
    ii = i[i["achievement_pct"].notna()]
    if "year_role" in ii.columns:
        ii = ii[ii["year_role"].isin(["reporting year"])]
    for doc, g in ii.groupby("doc_id", sort=True):
        a = g["achievement_pct"].to_numpy(float)
        at = (a >= 100 - half) & (a < 100 + half)
        near = (a >= 100 - width) & (a <= 100 + width) & ~at
        n_at, n_near = int(at.sum()), int(near.sum())
        bins = (2 * width) / (2 * half) - 1
        lam = n_near / bins
        exact = int((np.abs(a - 100) < 0.005).sum())
        if n_at < min_n:
            continue
        pval = float(stats.poisson.sf(n_at - 1, max(lam, 0.5)))
        if pval >= alpha:
            continue
        rec = g[at].sort_values("source_line").to_dict("records")
        out.append(_finding(
            rule, rec[0], rows=rec, subject="achievement bunching at 100%", expected=lam, observed=n_at,
            difference=n_at - lam, entity="", document_wide=True,
            evidence={"n_in_bin": n_at, "n_exactly_100": exact, "bin": f"[{100 - half:g},{100 + half:g})",
                      "n_neighbourhood": n_near, "neighbourhood": f"[{100 - width:g},{100 + width:g}]",
                      "expected_per_bin": lam, "p_value": pval, "n_indicators": len(a)},
            message=(f"{n_at} of {len(a)} indicators ({exact} exactly 100%) sit in the 100% bin against "
                     f"{lam:.1f} expected from the neighbouring bins (Poisson p = {pval:.2g}): targets set "
                     "or reported to be just met?; needs review")))
    return out


def _formula_range(f, ac: float, ha: float, tg: float, ht: float) -> tuple[float, float]:
    """(min, max) of ``f(actual, target)`` over the printed values' rounding intervals
    ``actual ± ha`` and ``target ± ht``: the formulas are monotonic in each value where the
    divisor keeps its sign, so the corners bound them, whatever the signs (a negative realisation
    of a growth indicator). A divisor interval that reaches zero is cut at ±EPS.

    >>> _formula_range(lambda a, t: 100 * a / t, -3.14, 0.005, 3.0, 0.005)  # doctest: +ELLIPSIS
    (-105.0..., -104.3...)
    """
    def cut(x: float, ref: float) -> float:
        return x if abs(x) > EPS and (x > 0) == (ref > 0) else math.copysign(EPS, ref)

    vals = [f(a, cut(t, tg)) for a in (ac - ha, ac + ha) for t in (tg - ht, tg + ht)]
    return min(vals), max(vals)


def _check_achievement_mismatch(t: Tables, p: Mapping[str, float]) -> list[Finding]:
    """Stated capaian vs target/realisation, with both negative-polarity conventions allowed."""
    rule = RULES_BY_ID["achievement_mismatch"]
    i = t.get("indicators")
    out: list[Finding] = []
    if i.empty or not {"reported_achievement_pct", "target", "actual"} <= set(i.columns):
        return out
    sel = i[i["reported_achievement_pct"].notna() & i["target"].notna() & i["actual"].notna()
            & (i["target"] != 0)]
    for r in sel.to_dict("records"):
        pr, tg, ac = float(r["reported_achievement_pct"]), float(r["target"]), float(r["actual"])
        ht, ha = 10.0 ** -printed_decimals(tg) / 2, 10.0 ** -printed_decimals(ac) / 2
        k = printed_decimals(pr)
        lo_p, hi_p = pr - 10.0 ** -k / 2 - EPS, pr + 10.0 ** -k + EPS  # rounded or truncated
        cands = {"ratio": _formula_range(lambda a, t: 100 * a / t, ac, ha, tg, ht),
                 "two_minus_ratio": _formula_range(lambda a, t: 100 * (2 - a / t), ac, ha, tg, ht)}
        if ac - ha > 0:
            cands["inverse_ratio"] = _formula_range(lambda a, t: 100 * t / a, ac, ha, tg, ht)
        if any(lo <= hi_p and hi >= lo_p for lo, hi in cands.values()):
            continue
        rec = 100 * ac / tg if str(r.get("polarity", "positive")) != "negative" else 100 * tg / ac if ac else np.nan
        out.append(_finding(
            rule, r, subject=f"{r['indicator']}: stated achievement", expected=rec, observed=pr,
            difference=pr - rec,
            evidence={"target": tg, "actual": ac, "printed_pct": pr, "polarity": r.get("polarity", "")},
            message=(f"{r['indicator']}: printed achievement {pr:g}% but target {tg:g} and realisation "
                     f"{ac:g} give {_pct(rec)} (no formula in use matches, allowing for rounding); "
                     "needs review")))
    return out


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule("pct_mismatch", "error",
         "Printed absorption % differs from realisation/budget beyond the rounding or truncation of its printed precision",
         {"magnitude_min_log10": 2.0},
         "absorption = 100·R/B (PMK 214/2017; Permendagri 86/2017); interval arithmetic on the printed precision",
         _check_pct_mismatch),
    Rule("pct_truncated", "info",
         "Printed % matches realisation/budget only when truncated (not rounded)",
         {}, "interval [p, p + 10^-k) of a truncated percentage", _check_pct_truncated),
    Rule("magnitude_x1000", "error",
         "Realisation orders of magnitude (typically ×1000) away from what the printed % implies",
         {"magnitude_min_log10": 2.0}, "implied realisation = p·B/100; |log10(implied/R)| >= 2",
         _check_magnitude),
    Rule("swapped_values", "error",
         "Printed % equals budget/realisation: budget and realisation swapped",
         {}, "100·B/R within the printed interval while 100·R/B is not", _check_swapped),
    Rule("parts_vs_total", "error",
         "Rows add up to something other than their printed total (parent, table total, kabupaten total), "
         "and no missing, misassigned or subtotal row explains the gap",
         {"min_line_amount": 1_000_000},
         "parent = Σ children; tolerance (n+1)·unit/2 for amounts printed to the unit",
         lambda t, p: _check_parts(t, p, "error")),
    Rule("parts_vs_total_partial", "warning",
         "Rows differ from their printed total by an amount a missing, misassigned or subtotal row could explain",
         {"min_line_amount": 1_000_000}, "as parts_vs_total", lambda t, p: _check_parts(t, p, "partial")),
    Rule("realization_above_budget", "warning",
         "Spending realisation above its budget (overspend)",
         {"min_pct": 100.0}, "Permendagri 77/2020 (spending may not exceed the appropriation); PEFA 2016 PI-2",
         _check_above_budget),
    Rule("achievement_absorption_gap", "warning",
         "Agency with median achievement >= 100% and absorption < 50% (its OPD row and the sum of its programmes agree), or the reverse",
         {"high": 100.0, "low": 50.0},
         "Permendagri 86/2017 evaluation (capaian kinerja vs realisasi anggaran)", _check_gap),
    Rule("value_differs_between_places", "error",
         "Same budget line printed with a different budget or realisation in another place (table, narrative, chapter III)",
         {"name_similarity": 0.8},
         "duplicate_of / value_note links of the data layer, else a sentence restating a table row "
         "(one amount equal, similar name); difference beyond the printing unit",
         _check_value_differs),
    Rule("indicator_value_differs", "warning",
         "Same indicator (agency, text, year, unit) printed with different targets or realisations in two tables",
         {}, "exact match on normalised indicator text", _check_indicator_differs),
    Rule("achievement_mismatch", "warning",
         "Printed achievement % matches none of the formulas in use (R/T, T/R, 2 − R/T), allowing for rounding",
         {}, "PermenPANRB 8/2021 (kondisi normal / khusus); inverse ratio practice", _check_achievement_mismatch),
    Rule("sign_label", "error",
         "Net financing printed with the sign of the surplus (surplus labelled deficit, or the reverse)",
         {}, "planned APBD identity: surplus/(defisit) + pembiayaan netto = 0 (Permendagri 77/2020)",
         _check_sign_label),
    Rule("malformed_number", "warning",
         "Amount printed in a malformed way (irregular digit groups, doubled separators) or negative",
         {}, "value_note and extraction_skipped.csv of the extractor", _check_malformed),
    Rule("recovered_from_pct", "info",
         "Value not printed as a number and recomputed from the printed percentage",
         {}, "recovered_from_pct of budget.csv", _check_recovered),
    Rule("repeated_amount", "warning",
         "Same non-round realisation printed for unrelated lines",
         {"min_amount": 10_000_000, "round_unit": 1_000_000},
         "Nigrini (2012) number duplication test", _check_repeated),
    Rule("round_share", "info",
         "Excess of realisations that are whole multiples of Rp 1 juta",
         {"round_power": 6, "alpha": 0.01, "min_n": 20, "min_share": 0.1},
         "round-number test (Nigrini 2012); Poisson upper tail", _check_round_share),
    Rule("benford_first_digit", "info",
         "First digits of realisations deviate from Benford (Monte-Carlo MAD test for the sample size)",
         {"reps": 10000, "seed": 12345, "alpha": 0.01, "min_n": DIGIT_MIN_N["first"]},
         "Benford 1938; Nigrini 2012 MAD; Barney & Schulzke 2016 excess MAD", _digit_rule("first", "benford_first_digit")),
    Rule("benford_first_two", "info",
         "First two digits of realisations deviate from Benford (Monte-Carlo MAD test)",
         {"reps": 10000, "seed": 12345, "alpha": 0.01, "min_n": DIGIT_MIN_N["first_two"]},
         "Nigrini 2012 first-two digits test", _digit_rule("first_two", "benford_first_two")),
    Rule("last_two_digits", "info",
         "Last two digits of whole-rupiah realisations deviate from uniform (rounding or invented figures)",
         {"reps": 10000, "seed": 12345, "alpha": 0.01, "min_n": DIGIT_MIN_N["last_two"]},
         "Nigrini 2012 last-two digits test", _digit_rule("last_two", "last_two_digits")),
    Rule("robust_outlier", "info",
         "Absorption or achievement far from its peer group (same document and level): |modified z| > 3.5 and >= 10 pp from the median",
         {"threshold": 3.5, "min_group": 10, "min_gap_pp": 10.0},
         "Iglewicz & Hoaglin (1993) modified z-score", _check_outliers),
    Rule("bunching_at_100", "info",
         "Excess of achievements in the 100% bin compared with the neighbouring bins",
         {"bin_width": 1.0, "window": 10.0, "alpha": 0.01, "min_at_100": 5},
         "bunching/heaping test (Whipple-style); Poisson upper tail", _check_bunching),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule_table() -> pd.DataFrame:
    """The registry as a table: id, severity, description, parameters, source.

    Examples
    --------
    >>> rule_table().set_index("id").loc["pct_mismatch", "severity"]
    'error'
    """
    return pd.DataFrame([{
        "id": r.id, "severity": r.severity, "description": r.description,
        "parameters": ", ".join(f"{k}={_fmt(v)}" for k, v in r.params.items()), "source": r.source,
    } for r in RULES])


def _params_for(rule: Rule, params: Mapping | None) -> dict[str, float]:
    out = dict(rule.params)
    if not params:
        return out
    for k, v in params.items():
        if isinstance(v, Mapping):
            if k == rule.id:
                out.update(v)
        elif k in out:
            out[k] = v
    return out


def _check_params(params: Mapping | None, ids: list[str]) -> None:
    """Unknown rule ids or parameter names raise ValueError naming the valid ones."""
    problems = []
    for k, v in (params or {}).items():
        if isinstance(v, Mapping):
            if k not in RULES_BY_ID:
                problems.append(f"unknown rule {k!r}")
                continue
            bad = [n for n in v if n not in RULES_BY_ID[k].params]
            if bad:
                problems.append(f"rule {k!r} has no parameter {', '.join(map(repr, bad))} "
                                f"(its parameters: {', '.join(RULES_BY_ID[k].params) or 'none'})")
        elif not any(k in r.params for r in RULES):
            known = sorted({n for r in RULES for n in r.params})
            problems.append(f"no rule has a parameter {k!r} (parameters: {', '.join(known)})")
    if problems:
        raise ValueError("; ".join(problems))


def run_rules(tables: Tables | Mapping[str, pd.DataFrame], rules: Iterable[str] | None = None,
              params: Mapping | None = None) -> pd.DataFrame:
    """Run the rules (all when ``rules`` is None or empty) and return the findings.

    Parameters
    ----------
    tables : Tables or mapping with keys budget, indicators, regions, skipped
    rules : rule ids to run; unknown ids raise ValueError naming the valid ones
    params : ``{rule_id: {name: value}}`` and/or ``{name: value}`` (applies to every rule with
        that parameter, e.g. ``{"seed": 1, "reps": 2000}``); an unknown rule or parameter name
        raises ValueError

    Returns
    -------
    DataFrame with the declared columns of anomalies.csv (:data:`ANOMALY_COLUMNS`), sorted by
    the declared keys (doc_id, rule, source_line, subject, row_ids): deterministic.
    """
    if not isinstance(tables, Tables):
        tables = Tables(**{k: tables.get(k) for k in ("budget", "indicators", "regions", "skipped")})
    ids = list(rules) if rules else [r.id for r in RULES]
    unknown = [r for r in ids if r not in RULES_BY_ID]
    if unknown:
        raise ValueError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(RULES_BY_ID)}")
    _check_params(params, ids)
    rows: list[Finding] = []
    for rid in ids:
        rule = RULES_BY_ID[rid]
        rows.extend(rule.check(tables, _params_for(rule, params)))
    df = pd.DataFrame(rows, columns=ANOMALY_COLUMNS)
    df["source_line"] = df["source_line"].astype("Int64")
    return sort_rows(df, "anomalies")


# ---------------------------------------------------------------------------------------------
# Per-agency data-quality score
# ---------------------------------------------------------------------------------------------

#: Penalty points per finding by severity for :func:`quality_scores`.
QUALITY_WEIGHTS = {"error": 3.0, "warning": 1.0, "info": 0.0}


def quality_scores(findings: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Per-agency data-quality score.

    ``score = 100 · max(0, 1 − P / N)`` with N the agency's budget and indicator rows and
    P = Σ over its findings of the severity weight (:data:`QUALITY_WEIGHTS`: error 3,
    warning 1, info 0). 100 = no finding; an agency with one error per three rows scores 0.
    Document-wide findings (empty entity) are not attributed to any agency.

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": ["001"] * 3, "entity": ["A", "A", "B"], "source_line": [1, 2, 3]})
    >>> f = pd.DataFrame({"doc_id": ["001"], "entity": ["A"], "severity": ["warning"]})
    >>> quality_scores(f, Tables(budget=b))[["entity", "rows", "errors", "warnings", "score"]].values.tolist()
    [['A', 2, 0, 1, 50.0], ['B', 1, 0, 0, 100.0]]
    """
    frames = []
    for name in ("budget", "indicators"):
        df = getattr(tables, name)
        if df is not None and len(df):
            frames.append(df[["doc_id", "entity"]].astype(str))
    if not frames:
        return pd.DataFrame(columns=["doc_id", "entity", "rows", "errors", "warnings", "infos", "score"])
    rows = pd.concat(frames).groupby(["doc_id", "entity"]).size().rename("rows")
    f = findings[findings["entity"].astype(str) != ""] if len(findings) else findings
    counts = {}
    for sev, col in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        counts[col] = (f[f["severity"] == sev].groupby([f["doc_id"].astype(str), f["entity"].astype(str)]).size()
                       if len(f) else pd.Series(dtype=int))
    out = rows.to_frame()
    for col, s in counts.items():
        out[col] = s.reindex(out.index).fillna(0).astype(int)
    pts = sum(out[c] * QUALITY_WEIGHTS[s] for s, c in (("error", "errors"), ("warning", "warnings"),
                                                       ("info", "infos")))
    out["score"] = (100 * np.maximum(0.0, 1 - pts / out["rows"])).round(1)
    return out.reset_index().sort_values(["doc_id", "score", "entity"], kind="mergesort").reset_index(drop=True)


def counts_by_rule(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per rule (registry order, every rule listed, 0 when it did not fire) with its
    severity, per document and in total.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["001", "001", "004"], "rule": ["pct_mismatch"] * 2 + ["bunching_at_100"]})
    >>> c = counts_by_rule(f).set_index("rule")
    >>> c.loc["pct_mismatch", "severity"], [int(c.loc["pct_mismatch", k]) for k in ("001", "004", "total")]
    ('error', [2, 0, 2])
    >>> int(c.loc["sign_label", "total"])
    0
    """
    docs = sorted(findings["doc_id"].astype(str).unique()) if len(findings) else []
    rows = []
    for r in RULES:
        sel = findings[findings["rule"] == r.id] if len(findings) else findings
        rec = {"rule": r.id, "severity": r.severity}
        for d in docs:
            rec[d] = int((sel["doc_id"].astype(str) == d).sum())
        rec["total"] = int(len(sel))
        rows.append(rec)
    return pd.DataFrame(rows, columns=["rule", "severity", *docs, "total"])


def appendix_table(findings: pd.DataFrame, severities: Iterable[str] = ("error", "warning")) -> pd.DataFrame:
    """Findings for a paper's data appendix: the chosen severities, ordered by severity
    (error first), document and line, with short columns (document, line, rule, severity,
    agency, subject, expected, observed, difference, rupiah at stake).

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["001", "001"], "source_line": [873, 4640], "rule": ["realization_above_budget", "pct_mismatch"],
    ...     "severity": ["warning", "error"], "entity": ["", "Biro"], "subject": ["a", "b"], "expected": [1.0, 2.0],
    ...     "observed": [2.0, 3.0], "difference": [1.0, 1.0], "rupiah_at_stake": [5.0, None]})
    >>> appendix_table(f)["line"].tolist()
    [4640, 873]
    """
    sev = list(severities)
    f = findings[findings["severity"].isin(sev)].copy()
    f["_o"] = f["severity"].map({s: i for i, s in enumerate(sev)})
    f = f.sort_values(["_o", "doc_id", "source_line", "rule"], kind="mergesort")
    out = f[["doc_id", "source_line", "rule", "severity", "entity", "subject", "expected", "observed",
             "difference", "rupiah_at_stake"]].rename(columns={
                 "doc_id": "document", "source_line": "line", "entity": "agency",
                 "rupiah_at_stake": "rupiah at stake"})
    return out.reset_index(drop=True)
