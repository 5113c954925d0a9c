"""Linking budget lines to performance indicators (absorption ↔ achievement pairs).

Pure functions on the contract's ``budget`` and ``indicators`` tables. Three ways a
document pairs money with results (issue 10, *Linking*):

* **agency** (``unit = "agency"``): the perangkat-daerah budget rows (level ``opd``, e.g.
  LKPJ Tabel 2.4, summed over the urusan an agency serves) with the agency's own
  strategic indicators (levels ``sasaran``/``iku``, the LKPJ 3.1.1 tables), joined by
  ``entity_id`` (the agency register's stable id);
* **programme** (``unit = "programme"``), two rules:

  - ``same_row``: a table row that prints the budget and the indicator together (LKjIP
    Tabel 3.7 "Perbandingan Pencapaian Kinerja dan Anggaran", LKPJ Tabel 3.4 style):
    same document, table and line;
  - ``same_section_name``: an indicator whose ``objective`` (or the programme name in
    front of `` — `` in its text) is the name of a programme/kegiatan/sub-kegiatan budget
    row of the same agency (a programme's budget and its indicators in one section).

Each pair carries absorption (named denominator, both where printed) and the performance
summary of its indicators (:func:`analysis.absorption.performance_summary`, with the
extreme-achievement rule stated). What cannot be paired is returned with the reason: no
budget row, no indicator rows, no numeric indicator, budget zero or missing, not resolved
to an agency, or several agencies under one budget row (the Setda biros under the
*Sekretariat Daerah* row of Tabel 2.4).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.absorption import (
    DEFAULT_EXTREME_CAP,
    REPORTING_YEAR_ROLE,
    absorption,
    performance_summary,
    usable_rows,
)

__all__ = [
    "AGENCY_INDICATOR_LEVELS",
    "PROGRAMME_BUDGET_LEVELS",
    "PAIR_COLUMNS",
    "UNPAIRED_COLUMNS",
    "PRINTED_DENOMINATOR",
    "normalise_name",
    "printed_absorption",
    "link_agencies",
    "link_programmes",
    "link_budget_performance",
]

#: Indicator levels that measure an agency as a whole (strategic targets, IKU).
AGENCY_INDICATOR_LEVELS = ("sasaran", "iku")
#: Budget levels a programme-level pair can use.
PROGRAMME_BUDGET_LEVELS = ("program", "kegiatan", "sub_kegiatan")

PAIR_COLUMNS = [
    "doc_id", "unit", "link_rule", "entity_id", "entity", "budget_key", "budget_name", "budget_level",
    "budget_revised", "budget_original", "realization", "absorption_revised_pct",
    "absorption_original_pct", "denominator", "absorption_pct", "budget",
    "n_indicators", "achievement_pct", "achievement_median", "share_ge_100", "n_extreme",
    "extreme_rule", "extreme_cap", "budget_source_lines", "indicator_source_lines",
]
UNPAIRED_COLUMNS = ["doc_id", "unit", "side", "entity_id", "entity", "name", "reason", "source_lines"]

_PROGRAM_WORD = re.compile(r"^\s*(?:\d+[.)]?\s*)?(?:program(?:me)?\s+)?", re.I)


def normalise_name(text: object) -> str:
    """Name key for matching programme names: lower case, one space, no leading number or
    'Program' word, punctuation and hyphen spacing ignored.

    Examples
    --------
    >>> normalise_name("PROGRAM PENGEMBANGAN  KURIKULUM"), normalise_name("Dokumen RKA- SKPD")
    ('pengembangan kurikulum', 'dokumen rka skpd')
    """
    s = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    s = _PROGRAM_WORD.sub("", s.lower())
    s = re.sub(r"[^\w]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


#: ``denominator`` of a pair whose absorption is the percentage the report prints without the
#: amounts (:func:`printed_absorption`): its budget is unknown.
PRINTED_DENOMINATOR = "printed"


def printed_absorption(row: pd.Series) -> float | None:
    """The absorption a budget row prints as a percentage only (``reported_pct`` with no
    budget and no realisation: an LKjIP efficiency table *% Capaian Kinerja | % Realisasi
    Anggaran*), else None.

    Examples
    --------
    >>> printed_absorption(pd.Series({"budget": np.nan, "realization": np.nan, "reported_pct": 83.13}))
    83.13
    >>> printed_absorption(pd.Series({"budget": 100.0, "realization": 80.0, "reported_pct": 80.0})) is None
    True
    """
    pct = pd.to_numeric(pd.Series([row.get("reported_pct")]), errors="coerce").iloc[0]
    amounts = pd.to_numeric(pd.Series([row.get("budget"), row.get("realization")]), errors="coerce")
    return float(pct) if np.isfinite(pct) and amounts.isna().all() else None


def _printed_pair_values(pct: float) -> dict[str, object]:
    # the absorption columns of a pair whose absorption is printed without amounts
    return {"budget_revised": np.nan, "budget_original": np.nan, "realization": np.nan,
            "absorption_revised_pct": np.nan, "absorption_original_pct": np.nan,
            "denominator": PRINTED_DENOMINATOR, "absorption_pct": pct}


def _no_absorption_reason(a: pd.Series) -> str:
    """Why a budget row or group has no absorption."""
    if not (a["realization"] > 0 or a["realization"] == 0) or a["n_missing"] == a["n_rows"]:
        return "no realisation or no budget printed"
    if a["denominator"] == "original" and a["n_original_missing"] > 0:
        return "original budget (APBD murni) not printed for this row"
    return f"budget zero or missing ({a['denominator']} budget)"


def _blank(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def _lines(s: pd.Series) -> str:
    v = pd.to_numeric(s, errors="coerce").dropna().astype(int).unique()
    return ";".join(str(x) for x in sorted(v))


def _require(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(
            f"{what} lacks column(s) {missing}; entity_id comes from the agency register "
            "(loaders.load_budget / load_indicators)"
        )


def _empty(cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})


def _first_name(g: pd.DataFrame, col: str) -> str:
    v = g[col].dropna().astype(str)
    return v.iloc[0] if len(v) else ""


def link_agencies(
    budget: pd.DataFrame,
    indicators: pd.DataFrame,
    denominator: str = "revised",
    extreme_rule: str = "cap",
    extreme_cap: float = DEFAULT_EXTREME_CAP,
    indicator_levels: Sequence[str] = AGENCY_INDICATOR_LEVELS,
    parent_of: Mapping[str, str] | None = None,
    value_col: str = "achievement_pct",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agency-level pairs: perangkat-daerah budget rows with the agency's indicators.

    Parameters
    ----------
    budget, indicators : DataFrame
        Contract tables with ``entity_id`` (empty = not resolved to an agency).
    denominator : {"revised", "original"}
        Budget used for ``absorption_pct`` (both are carried).
    extreme_rule, extreme_cap
        Extreme-achievement treatment (:func:`analysis.absorption.apply_extreme_rule`).
    indicator_levels : sequence of str
        Indicator levels that measure the agency (default strategic targets and IKU).
    parent_of : mapping, optional
        ``entity_id -> entity_id`` of the agency whose budget row covers it (a Setda biro
        -> the Sekretariat Daerah). An agency with indicators but no budget row of its own
        whose parent has one is reported as "several agencies under one budget row".
    value_col : str
        Achievement column.

    Returns
    -------
    (pairs, unpaired) : DataFrame, DataFrame
        ``pairs`` with :data:`PAIR_COLUMNS`, one row per agency; ``unpaired`` with
        :data:`UNPAIRED_COLUMNS`. Pairs have a numeric absorption and at least one
        numeric achievement.
    """
    _require(budget, ["doc_id", "entity_id", "level", "budget", "realization", "source_line"], "budget table")
    _require(indicators, ["doc_id", "entity_id", "level", value_col, "source_line"], "indicators table")
    parent_of = dict(parent_of or {})
    pairs, unpaired = [], []
    docs = sorted(set(budget["doc_id"].astype(str)) | set(indicators["doc_id"].astype(str)))
    for doc in docs:
        b, _ = usable_rows(budget[budget["doc_id"].astype(str).eq(doc) & budget["level"].eq("opd")])
        ind, _ = usable_rows(indicators[indicators["doc_id"].astype(str).eq(doc)], table_only=False)
        ind = ind[ind["level"].isin(list(indicator_levels))]
        if "year_role" in ind.columns:
            ind = ind[ind["year_role"].fillna(REPORTING_YEAR_ROLE).eq(REPORTING_YEAR_ROLE)]
        beid = b["entity_id"].astype("string").fillna("")
        ieid = ind["entity_id"].astype("string").fillna("")
        for _, r in b[beid.eq("")].iterrows():
            unpaired.append({"doc_id": doc, "unit": "agency", "side": "budget", "entity_id": "",
                             "entity": r.get("entity", ""), "name": r["name"],
                             "reason": "budget row not resolved to an agency (no entity_id)",
                             "source_lines": str(int(r["source_line"]))})
        for name, g in ind[ieid.eq("")].groupby("entity", sort=True, dropna=False):
            unpaired.append({"doc_id": doc, "unit": "agency", "side": "indicators", "entity_id": "",
                             "entity": name, "name": "", "reason": "indicator rows not resolved to an agency (no entity_id)",
                             "source_lines": _lines(g["source_line"])})
        b = b[beid.ne("")]
        ind = ind[ieid.ne("")]
        ab = absorption(b, by=["doc_id", "entity_id"], levels=None, denominator=denominator) if len(b) else None
        perf = (performance_summary(ind, by=["doc_id", "entity_id"], extreme_rule=extreme_rule,
                                    extreme_cap=extreme_cap, value_col=value_col) if len(ind) else None)
        perf_ids = set(perf["entity_id"]) if perf is not None else set()
        budget_ids = set(ab["entity_id"]) if ab is not None else set()
        if ab is not None:
            for _, a in ab.iterrows():
                eid = a["entity_id"]
                bname = _first_name(b[b["entity_id"].eq(eid)], "name")
                ent = _first_name(b[b["entity_id"].eq(eid)], "entity") if "entity" in b.columns else ""
                base = {"doc_id": doc, "unit": "agency", "side": "budget", "entity_id": eid, "entity": ent,
                        "name": bname, "source_lines": a["source_lines"]}
                if not np.isfinite(a["absorption_pct"]):
                    unpaired.append({**base, "reason": _no_absorption_reason(a)})
                    continue
                if eid not in perf_ids:
                    parts = sorted(k for k, v in parent_of.items() if v == eid and k in perf_ids)
                    reason = (f"several agencies under one budget row ({len(parts)} agencies with indicators "
                              "of their own; the row cannot be split among them)" if parts
                              else "no indicator rows for this agency")
                    unpaired.append({**base, "reason": reason})
                    continue
                p = perf[perf["entity_id"].eq(eid)].iloc[0]
                if p["n"] == 0:
                    unpaired.append({**base, "reason": "no numeric indicator (no reporting-year indicator with a numeric target and realisation)"})
                    continue
                pairs.append({
                    "doc_id": doc, "unit": "agency", "link_rule": "entity_id", "entity_id": eid,
                    "entity": _first_name(ind[ind["entity_id"].eq(eid)], "entity") if "entity" in ind.columns else ent,
                    "budget_key": eid, "budget_name": bname, "budget_level": "opd",
                    **{k: a[k] for k in ("budget_revised", "budget_original", "realization", "absorption_revised_pct",
                                         "absorption_original_pct", "denominator", "absorption_pct")},
                    "budget": a["budget_revised"] if denominator == "revised" else a["budget_original"],
                    "n_indicators": int(p["n"]), "achievement_pct": p["mean"], "achievement_median": p["median"],
                    "share_ge_100": p["share_ge_100"], "n_extreme": int(p["n_extreme"]),
                    "extreme_rule": extreme_rule, "extreme_cap": float(extreme_cap),
                    "budget_source_lines": a["source_lines"], "indicator_source_lines": p["source_lines"],
                })
        if perf is not None:
            for _, p in perf[~perf["entity_id"].isin(budget_ids)].iterrows():
                eid = p["entity_id"]
                parent = parent_of.get(eid, "")
                reason = (f"several agencies under one budget row ({parent})" if parent and parent in budget_ids
                          else "no budget row for this agency")
                unpaired.append({"doc_id": doc, "unit": "agency", "side": "indicators", "entity_id": eid,
                                 "entity": _first_name(ind[ind["entity_id"].eq(eid)], "entity") if "entity" in ind.columns else "",
                                 "name": "", "reason": reason, "source_lines": p["source_lines"]})
    return _frame(pairs, PAIR_COLUMNS), _frame(unpaired, UNPAIRED_COLUMNS)


def _frame(rows: list[dict], cols: list[str]) -> pd.DataFrame:
    if not rows:
        return _empty(cols)
    df = pd.DataFrame(rows)[cols]
    return df.sort_values(["doc_id", "unit", *(["budget_source_lines"] if "budget_source_lines" in cols else ["side", "source_lines"]), "entity_id"],
                          kind="mergesort").reset_index(drop=True)


def _indicator_heads(ind: pd.DataFrame) -> pd.Series:
    """Programme name an indicator row names: its objective, else the text before ' — '."""
    obj = ind["objective"] if "objective" in ind.columns else pd.Series("", index=ind.index)
    head = ind["indicator"].astype("string").fillna("").str.split(" — ").str[0]
    has_dash = ind["indicator"].astype("string").fillna("").str.contains(" — ", regex=False)
    name = obj.where(obj.notna() & obj.astype(str).str.strip().ne(""), head.where(has_dash, ""))
    return name.map(normalise_name)


def link_programmes(
    budget: pd.DataFrame,
    indicators: pd.DataFrame,
    key: str = "entity_id",
    denominator: str = "revised",
    extreme_rule: str = "cap",
    extreme_cap: float = DEFAULT_EXTREME_CAP,
    value_col: str = "achievement_pct",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Programme-level pairs: a budget row and the indicators printed with it.

    Rules, in order, for each indicator row of the reporting year:

    1. ``same_row``: a budget row of the same document, table and line (Tabel 3.7 style);
    2. ``same_section_name``: a budget row (level programme, kegiatan or sub-kegiatan) of
       the same agency (``key``) whose normalised name equals the indicator's objective or
       the programme name before `` — `` in its text; among several, the one in the same
       table, else the nearest one above the indicator.

    Parameters
    ----------
    budget, indicators : DataFrame
        Contract tables.
    key : str
        Agency column both tables share (``entity_id``; ``entity`` for documents whose
        register is not yet applied).
    denominator, extreme_rule, extreme_cap, value_col
        As in :func:`link_agencies`.

    Returns
    -------
    (pairs, unpaired) : DataFrame, DataFrame
        ``pairs`` with :data:`PAIR_COLUMNS` (``budget_key`` = the budget row's ``row_id``;
        ``budget_source_lines`` = its line and the lines of its repeats, ``duplicate_of``;
        ``indicator_source_lines`` = every line of the indicators paired with it, a repeat
        counted once in the achievement).
        ``unpaired`` lists every programme/kegiatan/sub-kegiatan budget row no indicator
        names, budget rows with a linked indicator but no numeric achievement or no usable
        absorption, and indicator rows that name a programme without a budget row. An
        indicator without an agency (empty ``key``) is matched by row only, never by name.
    """
    _require(budget, ["doc_id", key, "level", "name", "budget", "realization", "source_line", "source_table"], "budget table")
    _require(indicators, ["doc_id", key, "indicator", value_col, "source_line", "source_table"], "indicators table")
    pairs, unpaired = [], []
    for doc in sorted(set(budget["doc_id"].astype(str)) | set(indicators["doc_id"].astype(str))):
        # duplicates take part in the matching (a row printed beside its budget may repeat an
        # indicator or budget line printed elsewhere) and are mapped to the row they repeat
        b_full, _ = usable_rows(budget[budget["doc_id"].astype(str).eq(doc)], drop_duplicates=False)
        ind, _ = usable_rows(indicators[indicators["doc_id"].astype(str).eq(doc)], table_only=False,
                             drop_duplicates=False)
        if "year_role" in ind.columns:
            ind = ind[ind["year_role"].astype("string").fillna(REPORTING_YEAR_ROLE).eq(REPORTING_YEAR_ROLE)]
        if b_full.empty or ind.empty:
            continue
        if "row_id" in b_full.columns and b_full["row_id"].notna().all():
            b_full = b_full.assign(_key=b_full["row_id"].astype(str))
        else:  # the contract's row key <doc>-L<line>, -2, -3 ... for further rows of one line
            b_full = b_full.assign(_key=b_full["source_line"].astype(int).map(lambda x: f"{doc}-L{x}"))
            b_full["_key"] = b_full["_key"] + b_full.groupby("_key").cumcount().map(lambda k: "" if k == 0 else f"-{k + 1}")
        dup = (b_full["duplicate_of"].astype("string").fillna("") if "duplicate_of" in b_full.columns
               else pd.Series("", index=b_full.index))
        b_all = b_full[dup.eq("")]
        kept = set(b_all["_key"])
        b_full["_pkey"] = [d if d in kept else k for d, k in zip(dup, b_full["_key"])]
        b_full = b_full[b_full["_pkey"].isin(kept)]
        b_full["_norm"] = b_full["name"].map(normalise_name)
        b_prog = b_full[b_full["level"].isin(PROGRAMME_BUDGET_LEVELS)]
        ind = ind.assign(_head=_indicator_heads(ind), _bkey="", _rule="")
        idup = (ind["duplicate_of"].astype("string").fillna("") if "duplicate_of" in ind.columns
                else pd.Series("", index=ind.index))
        own = ind["row_id"].astype(str) if "row_id" in ind.columns else pd.Series(ind.index.astype(str), index=ind.index)
        ind["_ikey"] = [d if d else o for d, o in zip(idup, own)]
        ind["_isdup"] = idup.ne("").to_numpy()
        same_row: dict[tuple, str] = {}
        for k, line, table in zip(b_full["_pkey"], b_full["source_line"], b_full["source_table"].astype(str)):
            same_row.setdefault((int(line), table), k)
        by_name: dict[tuple, list[tuple[str, int, str]]] = {}
        for k, line, table, norm, agency in zip(b_prog["_pkey"], b_prog["source_line"], b_prog["source_table"].astype(str),
                                                b_prog["_norm"], b_prog[key]):
            if not _blank(agency):
                by_name.setdefault((norm, str(agency)), []).append((table, int(line), k))
        bkeys, rules = [], []
        for line, table, head, agency in zip(ind["source_line"], ind["source_table"].astype(str), ind["_head"], ind[key]):
            k = same_row.get((int(line), table))
            if k is not None:
                bkeys.append(k), rules.append("same_row")
                continue
            cand = by_name.get((head, str(agency)), []) if head and not _blank(agency) else []
            if not cand:
                bkeys.append(""), rules.append("")
                continue
            in_table = [c for c in cand if c[0] == table]
            cand = sorted(in_table or cand, key=lambda c: c[1])
            above = [c for c in cand if c[1] <= int(line)]
            bkeys.append((above[-1] if above else cand[0])[2]), rules.append("same_section_name")
        ind["_bkey"] = bkeys
        ind["_rule"] = rules
        linked = ind[ind["_bkey"].ne("")]
        # indicators naming a programme that has no budget row
        orphan = ind[ind["_bkey"].eq("") & ind["_head"].ne("") & ~ind["_isdup"]
                     & ind.get("level", pd.Series("", index=ind.index)).isin(PROGRAMME_BUDGET_LEVELS)]
        for head, g in orphan.groupby("_head", sort=True):
            unpaired.append({"doc_id": doc, "unit": "programme", "side": "indicators",
                             "entity_id": str(g[key].iloc[0]), "entity": _first_name(g, "entity") if "entity" in g.columns else "",
                             "name": head, "reason": "no budget row for this programme",
                             "source_lines": _lines(g["source_line"])})
        own_values = _own_values(ind, value_col)
        for bkey, g in linked.groupby("_bkey", sort=True):
            # an indicator and its repeat count once; the repeat's mark is not an exclusion here
            g = g.drop_duplicates("_ikey").drop(columns=["duplicate_of"], errors="ignore")
            g = _fill_from_own_rows(g, own_values, value_col)
            br = b_all[b_all["_key"].eq(bkey)]
            a = absorption(br, by=["doc_id"], levels=None, denominator=denominator).iloc[0]
            p = performance_summary(g.assign(_one=bkey), by=["_one"], extreme_rule=extreme_rule,
                                    extreme_cap=extreme_cap, value_col=value_col,
                                    reporting_year_only=False).iloc[0]
            row = br.iloc[0]
            base = {"doc_id": doc, "unit": "programme", "side": "budget", "entity_id": str(row[key]),
                    "entity": row.get("entity", ""), "name": row["name"], "source_lines": str(int(row["source_line"]))}
            printed = printed_absorption(row)
            if printed is not None:
                a = _printed_pair_values(printed)
            elif not np.isfinite(a["absorption_pct"]):
                unpaired.append({**base, "reason": _no_absorption_reason(a)})
                continue
            if p["n"] == 0:
                unpaired.append({**base, "reason": "no numeric indicator (no reporting-year indicator with a numeric target and realisation)"})
                continue
            rules = sorted(set(g["_rule"]))
            pairs.append({
                "doc_id": doc, "unit": "programme", "link_rule": "+".join(rules),
                "entity_id": str(row[key]), "entity": row.get("entity", ""), "budget_key": bkey,
                "budget_name": row["name"], "budget_level": row["level"],
                **{k: a[k] for k in ("budget_revised", "budget_original", "realization", "absorption_revised_pct",
                                     "absorption_original_pct", "denominator", "absorption_pct")},
                "budget": a["budget_revised"] if denominator == "revised" else a["budget_original"],
                "n_indicators": int(p["n"]), "achievement_pct": p["mean"], "achievement_median": p["median"],
                "share_ge_100": p["share_ge_100"], "n_extreme": int(p["n_extreme"]),
                "extreme_rule": extreme_rule, "extreme_cap": float(extreme_cap),
                "budget_source_lines": _lines(b_full.loc[b_full["_pkey"].eq(bkey), "source_line"]),
                "indicator_source_lines": _lines(pd.concat([g["source_line"], g["_own_line"]])
                                                 if "_own_line" in g.columns else g["source_line"]),
            })
        not_named = b_prog[b_prog["_key"].eq(b_prog["_pkey"]) & ~b_prog["_pkey"].isin(set(linked["_bkey"]))]
        for _, r in not_named.iterrows():
            unpaired.append({"doc_id": doc, "unit": "programme", "side": "budget",
                             "entity_id": "" if _blank(r[key]) else str(r[key]), "entity": r.get("entity", ""),
                             "name": r["name"], "reason": f"no indicator names this budget row ({r['level']})",
                             "source_lines": str(int(r["source_line"]))})
    return _frame(pairs, PAIR_COLUMNS), _frame(unpaired, UNPAIRED_COLUMNS)


def _indicator_key(name: object, year: object) -> tuple[str, str]:
    return normalise_name(name), "" if year is None or (not isinstance(year, str) and pd.isna(year)) else str(int(year))


def _own_values(ind: pd.DataFrame, value_col: str) -> dict[tuple[str, str], tuple[float, int]]:
    """Per (normalised indicator name, year), the first numeric ``value_col`` of the document's
    indicator rows and its line: the indicator's own row in its performance table."""
    out: dict[tuple[str, str], tuple[float, int]] = {}
    years = ind["fiscal_year"] if "fiscal_year" in ind.columns else pd.Series(None, index=ind.index)
    for name, year, v, line in zip(ind["indicator"], years, pd.to_numeric(ind[value_col], errors="coerce"),
                                   ind["source_line"]):
        if np.isfinite(v):
            out.setdefault(_indicator_key(name, year), (float(v), int(line)))
    return out


def _fill_from_own_rows(g: pd.DataFrame, own: dict[tuple[str, str], tuple[float, int]],
                        value_col: str) -> pd.DataFrame:
    """``g`` with each missing ``value_col`` taken from the same indicator's own row (same name and
    year, elsewhere in the document): an efficiency table prints the indicator beside its budget
    with the printed capaian only, its target and realisation are in the performance table. The
    own row's line is kept in ``_own_line`` (the pair lists it with the others)."""
    vals = pd.to_numeric(g[value_col], errors="coerce")
    if not vals.isna().any():
        return g
    g = g.copy()
    years = g["fiscal_year"] if "fiscal_year" in g.columns else pd.Series(None, index=g.index)
    filled, own_lines = [], []
    for name, year, v in zip(g["indicator"], years, vals):
        hit = own.get(_indicator_key(name, year)) if not np.isfinite(v) else None
        filled.append(hit[0] if hit is not None else v)
        own_lines.append(hit[1] if hit is not None else np.nan)
    g[value_col] = filled
    g["_own_line"] = own_lines
    return g


def link_budget_performance(
    budget: pd.DataFrame,
    indicators: pd.DataFrame,
    denominator: str = "revised",
    extreme_rule: str = "cap",
    extreme_cap: float = DEFAULT_EXTREME_CAP,
    parent_of: Mapping[str, str] | None = None,
    programme_key: str = "entity_id",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agency and programme pairs together (:func:`link_agencies`, :func:`link_programmes`).

    The ``unit`` column keeps the two apart: a programme lies inside its agency, so the two
    units must not be pooled in one model.
    """
    pa, ua = link_agencies(budget, indicators, denominator, extreme_rule, extreme_cap, parent_of=parent_of)
    pp, up = link_programmes(budget, indicators, programme_key, denominator, extreme_rule, extreme_cap)
    pairs = pd.concat([x for x in (pa, pp) if len(x)], ignore_index=True) if len(pa) or len(pp) else _empty(PAIR_COLUMNS)
    unp = pd.concat([x for x in (ua, up) if len(x)], ignore_index=True) if len(ua) or len(up) else _empty(UNPAIRED_COLUMNS)
    return pairs, unp
