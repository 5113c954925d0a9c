"""What the extraction got out of each document: the numbers behind ``notebooks/00_data_overview``.

Pure functions on the processed tables (as the loaders return them); no file I/O. Columns that
later stages add (``entity_id`` from the agency register, ``duplicate_of`` from duplicate
marking) may be missing or empty: the functions then report zero or "not available" instead of
failing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = [
    "OUTPUTS",
    "BUDGET_LEVEL_ORDER",
    "reason_group",
    "rows_per_output",
    "rows_per_level",
    "amount_cells",
    "skipped_by_reason",
    "unresolved_entities",
    "duplicate_rows",
    "document_summary",
]

#: the row-level outputs of the extraction, in report order
OUTPUTS = ("budget", "indicators", "regions", "activity_locations")
#: budget levels from the whole down to the smallest line (data contract)
BUDGET_LEVEL_ORDER = ("total", "revenue", "expenditure_type", "financing", "urusan", "opd",
                      "program", "kegiatan", "sub_kegiatan")

#: what is cut from a skip reason to get its general part (applied in order): details in
#: brackets or after ';', the table and line a row repeats, the line it refers to, a place name
REASON_DETAIL_PATTERNS = (
    re.compile(r"\s*[(;].*$", re.S),
    re.compile(r"(table row)\s.*?\bline \d+.*$", re.S),
    re.compile(r"\s+at line \d+.*$", re.S),
    re.compile(r"\s+line \d+.*$", re.S),
    re.compile(r"\s+of (?:Kabupaten|Kota)\s.*$", re.S),
)


def reason_group(reason: str) -> str:
    """The general part of a skip reason, without the table, line or place it names
    (:data:`REASON_DETAIL_PATTERNS`).

    Examples
    --------
    >>> reason_group("percentage in an output/outcome text (Tabel 3.1; header: ...)")
    'percentage in an output/outcome text'
    >>> reason_group("grouped table: detail row of Kabupaten Sikka")
    'grouped table: detail row'
    >>> reason_group("narrative repeats the table row Tabel 2.4 line 1039")
    'narrative repeats the table row'
    >>> reason_group("repeats the row at line 2054"), reason_group("dash: zero or not reported")
    ('repeats the row', 'dash: zero or not reported')
    """
    text = str(reason)
    for pattern in REASON_DETAIL_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) if m.re.groups else "", text)
    return text.strip() or str(reason)


def _docs(frames: Mapping[str, pd.DataFrame], doc_ids: Sequence[str] | None) -> list[str]:
    if doc_ids:
        return sorted(dict.fromkeys(str(d) for d in doc_ids))
    found: set[str] = set()
    for f in frames.values():
        if f is not None and "doc_id" in f.columns:
            found |= set(f["doc_id"].dropna().astype(str))
    return sorted(found)


def rows_per_output(frames: Mapping[str, pd.DataFrame], doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows per document and output table (0 where a document gave none).

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": ["001", "001", "004"]})
    >>> rows_per_output({"budget": b, "regions": b.iloc[:0]}).to_dict("records")
    [{'doc_id': '001', 'budget': 2, 'regions': 0}, {'doc_id': '004', 'budget': 1, 'regions': 0}]
    """
    docs = _docs(frames, doc_ids)
    out = pd.DataFrame({"doc_id": docs})
    for name in [n for n in OUTPUTS if n in frames] + [n for n in frames if n not in OUTPUTS]:
        f = frames[name]
        counts = f["doc_id"].astype(str).value_counts() if f is not None and len(f) else pd.Series(dtype=int)
        out[name] = [int(counts.get(d, 0)) for d in docs]
    return out


def rows_per_level(budget: pd.DataFrame) -> pd.DataFrame:
    """Budget rows per document and level, levels in :data:`BUDGET_LEVEL_ORDER` (others after).

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": ["001"] * 3, "level": ["program", "total", "program"]})
    >>> rows_per_level(b).to_dict("records")
    [{'doc_id': '001', 'level': 'total', 'rows': 1}, {'doc_id': '001', 'level': 'program', 'rows': 2}]
    """
    if budget is None or budget.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=str), "level": pd.Series(dtype=str),
                             "rows": pd.Series(dtype=int)})
    counts = budget.groupby([budget["doc_id"].astype(str), budget["level"].astype(str)]).size()
    out = counts.rename("rows").reset_index()
    order = {lvl: i for i, lvl in enumerate(BUDGET_LEVEL_ORDER)}
    out["_o"] = out["level"].map(lambda x: order.get(x, len(order)))
    out = out.sort_values(["doc_id", "_o", "level"], kind="mergesort").drop(columns="_o")
    out["rows"] = out["rows"].astype(int)
    return out.reset_index(drop=True)


def amount_cells(report: pd.DataFrame, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Amount-bearing table cells per document: found, extracted, skipped (with a reason in
    ``extraction_skipped.csv``), unaccounted, and ``extracted_pct = 100 * extracted / found``.

    Examples
    --------
    >>> r = pd.DataFrame({"doc_id": ["001"], "amount_cells_found": [1908], "amount_cells_extracted": [1801],
    ...                   "amount_cells_skipped": [107], "amount_cells_unaccounted": [0]})
    >>> amount_cells(r).to_dict("records")
    [{'doc_id': '001', 'found': 1908, 'extracted': 1801, 'skipped': 107, 'unaccounted': 0, 'extracted_pct': 94.39}]
    """
    cols = ["found", "extracted", "skipped", "unaccounted"]
    r = report.copy()
    r["doc_id"] = r["doc_id"].astype(str)
    if doc_ids:
        r = r[r["doc_id"].isin([str(d) for d in doc_ids])]
    out = pd.DataFrame({"doc_id": r["doc_id"].tolist()})
    for c in cols:
        src = f"amount_cells_{c}"
        out[c] = pd.to_numeric(r[src], errors="coerce").fillna(0).astype(int).tolist() if src in r else 0
    found = out["found"].where(out["found"] > 0)
    out["extracted_pct"] = (100 * out["extracted"] / found).round(2)
    return out.reset_index(drop=True)


def skipped_by_reason(skipped: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Skipped rows per document and reason group (:func:`reason_group`), most frequent first;
    ``top`` keeps the first ``top`` reasons of each document.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["001", "001", "001"],
    ...                   "reason": ["dash: zero or not reported", "duplicate (line 5)", "duplicate (line 9)"]})
    >>> skipped_by_reason(s).to_dict("records")
    [{'doc_id': '001', 'reason': 'duplicate', 'rows': 2}, {'doc_id': '001', 'reason': 'dash: zero or not reported', 'rows': 1}]
    """
    if skipped is None or skipped.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=str), "reason": pd.Series(dtype=str),
                             "rows": pd.Series(dtype=int)})
    g = skipped.assign(doc_id=skipped["doc_id"].astype(str), reason=skipped["reason"].map(reason_group))
    out = g.groupby(["doc_id", "reason"]).size().rename("rows").reset_index()
    out = out.sort_values(["doc_id", "rows", "reason"], ascending=[True, False, True], kind="mergesort")
    if top is not None:
        out = out.groupby("doc_id", sort=False).head(top)
    out["rows"] = out["rows"].astype(int)
    return out.reset_index(drop=True)


def _column_state(frame: pd.DataFrame, col: str) -> bool:
    """Whether ``col`` exists and is filled for at least one row (a stage has run)."""
    return frame is not None and col in frame.columns and bool(frame[col].notna().any()) and \
        bool((frame[col].astype(str).str.len() > 0).any())


def unresolved_entities(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows whose agency name is not matched to the agency register (empty ``entity_id``),
    per document and output (budget, indicators).

    ``resolved`` is False for every row when the ``entity_id`` column is missing or empty
    everywhere (the register has not been applied): then nothing can be said about single
    names, and ``register_applied`` is False.

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": ["001", "001"], "entity": ["Dinas A", "Biro B"], "entity_id": ["53.a", None]})
    >>> unresolved_entities({"budget": b}).to_dict("records")
    [{'doc_id': '001', 'output': 'budget', 'rows': 2, 'unresolved_rows': 1, 'unresolved_names': 1, 'register_applied': True}]
    """
    recs = []
    for name in ("budget", "indicators"):
        f = frames.get(name)
        if f is None or f.empty:
            continue
        applied = _column_state(f, "entity_id")
        for doc, part in f.groupby(f["doc_id"].astype(str), sort=True):
            if applied:
                miss = part["entity_id"].isna() | (part["entity_id"].astype(str) == "")
            else:
                miss = pd.Series(True, index=part.index)
            names = part.loc[miss, "entity"].dropna().astype(str).nunique() if "entity" in part else 0
            recs.append({"doc_id": doc, "output": name, "rows": int(len(part)),
                         "unresolved_rows": int(miss.sum()), "unresolved_names": int(names),
                         "register_applied": applied})
    return pd.DataFrame(recs, columns=["doc_id", "output", "rows", "unresolved_rows", "unresolved_names",
                                       "register_applied"])


def duplicate_rows(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows marked as repeating another row (``duplicate_of`` set) per document and output;
    0 when the column is missing or empty.

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": ["001", "001"], "duplicate_of": [None, "001-L5"]})
    >>> duplicate_rows({"budget": b, "indicators": b.drop(columns="duplicate_of")}).to_dict("records")
    [{'doc_id': '001', 'output': 'budget', 'duplicates': 1}, {'doc_id': '001', 'output': 'indicators', 'duplicates': 0}]
    """
    recs = []
    for name in ("budget", "indicators"):
        f = frames.get(name)
        if f is None or f.empty:
            continue
        for doc, part in f.groupby(f["doc_id"].astype(str), sort=True):
            if "duplicate_of" in part.columns:
                dup = part["duplicate_of"].notna() & (part["duplicate_of"].astype(str) != "")
                n = int(dup.sum())
            else:
                n = 0
            recs.append({"doc_id": doc, "output": name, "duplicates": n})
    return pd.DataFrame(recs, columns=["doc_id", "output", "duplicates"])


def _n(x: int, word: str) -> str:
    return f"{x:,} {word}" + ("" if x == 1 else "s")


def document_summary(doc_id: str, meta: Mapping[str, object], per_output: pd.DataFrame,
                     cells: pd.DataFrame, reasons: pd.DataFrame, unresolved: pd.DataFrame,
                     duplicates: pd.DataFrame) -> str:
    """A short Markdown paragraph on one document, built from the numbers above.

    ``meta`` holds ``doc_type``, ``province``, ``fiscal_year`` and ``tables`` (from the
    extraction report / manifest). Says "not enough data" where a document gave no rows.

    Examples
    --------
    >>> po = pd.DataFrame({"doc_id": ["004"], "budget": [48], "indicators": [72], "regions": [0]})
    >>> ce = pd.DataFrame({"doc_id": ["004"], "found": [84], "extracted": [84], "skipped": [0],
    ...                    "unaccounted": [0], "extracted_pct": [100.0]})
    >>> e = pd.DataFrame(columns=["doc_id", "reason", "rows"])
    >>> print(document_summary("004", {"doc_type": "LKIP", "province": "Bali", "fiscal_year": 2024, "tables": 24},
    ...                        po, ce, e, pd.DataFrame(columns=["doc_id"]), pd.DataFrame(columns=["doc_id"])))
    **004** (LKIP, Bali, 2024): 24 tables; 48 budget rows, 72 indicator rows; no region rows (not enough data for kabupaten/kota comparisons). 84 of 84 amount-bearing cells extracted (100.0%); none skipped. Agency register: not applied yet. Duplicates marked: 0.
    """
    label = {"budget": "budget row", "indicators": "indicator row", "regions": "region row",
             "activity_locations": "activity location"}
    row = per_output[per_output["doc_id"] == doc_id]
    counts = {c: int(row[c].iloc[0]) for c in per_output.columns if c != "doc_id"} if len(row) else {}
    have = [_n(v, label.get(k, k)) for k, v in counts.items() if v]
    missing = [k for k, v in counts.items() if not v]
    head = f"**{doc_id}** ({meta.get('doc_type', '?')}, {meta.get('province', '?')}, {meta.get('fiscal_year', '?')})"
    parts = [f"{head}: {_n(int(meta.get('tables', 0) or 0), 'table')}; " + (", ".join(have) or "no output rows")]
    notes = {"budget": "absorption", "indicators": "performance", "regions": "kabupaten/kota comparisons",
             "activity_locations": "activity locations"}
    if missing:
        parts[-1] += "; no " + ", ".join(label.get(k, k) + "s" for k in missing) + \
            " (not enough data for " + ", ".join(notes.get(k, k) for k in missing) + ")"
    text = parts[0] + "."
    c = cells[cells["doc_id"] == doc_id]
    if len(c) and int(c["found"].iloc[0]):
        f, e, s = (int(c[k].iloc[0]) for k in ("found", "extracted", "skipped"))
        text += f" {e:,} of {f:,} amount-bearing cells extracted ({100 * e / f:.1f}%)"
        r = reasons[reasons["doc_id"] == doc_id]
        if s and len(r):
            top = "; ".join(f"{rec.reason} ({rec.rows})" for rec in r.head(3).itertuples())
            text += f"; {s:,} skipped, most often: {top}."
        elif s:
            text += f"; {s:,} skipped."
        else:
            text += "; none skipped."
    else:
        text += " No amount-bearing table cells."
    u = unresolved[unresolved["doc_id"] == doc_id] if "doc_id" in unresolved else unresolved.iloc[:0]
    if len(u) and bool(u["register_applied"].any()):
        text += (f" Agency names not in the register: {int(u['unresolved_names'].sum())} "
                 f"({int(u['unresolved_rows'].sum())} rows).")
    else:
        text += " Agency register: not applied yet."
    d = duplicates[duplicates["doc_id"] == doc_id] if "doc_id" in duplicates else duplicates.iloc[:0]
    text += f" Duplicates marked: {int(d['duplicates'].sum()) if len(d) else 0}."
    return text
