"""Link the rows of all documents after extraction: row keys, agency ids, duplicates.

:func:`link_rows` is the one call the pipeline makes between concatenating the frames of all
documents and writing them: it sorts budget and indicator rows by the contract's sort keys, adds
``row_id`` (:func:`analysis.contract.row_ids`) where absent, ``entity_id`` from the agency
register (:func:`analysis.agencies.assign_entity_ids`) and ``duplicate_of``
(:mod:`analysis.extract.duplicates`), and returns the counts and unresolved agency names for the
extraction report. The resolution method of each name stays in the report, not in the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..agencies import assign_entity_ids, government_of, outside_register
from .duplicates import _mark_budget, _mark_indicators, _with_value_note, ensure_row_ids

__all__ = ["LinkReport", "link_rows"]

#: The duplicate markers (``mark_duplicates_budget`` and ``mark_duplicates_indicators`` without
#: their own sort: the rows are sorted here once, and entity_id is no sort key).
_MARKERS = {"budget": _mark_budget, "indicators": _mark_indicators}


@dataclass
class LinkReport:
    """What :func:`link_rows` did, for the extraction report.

    Attributes
    ----------
    counts : DataFrame
        Per ``doc_id``: ``agency_names_unresolved`` (distinct entity names of budget and
        indicator rows without an ``entity_id``), ``budget_rows_with_entity_id``,
        ``indicators_rows_with_entity_id``, ``budget_duplicates``, ``indicators_duplicates``.
    resolutions : DataFrame
        One row per (table, doc_id, province, entity) with the resolution ``method``, ``entity_id``,
        ``note`` and ``rows``.
    """

    counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    resolutions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def unresolved(self) -> pd.DataFrame:
        """Resolutions without an entity_id (unresolved or ambiguous names)."""
        r = self.resolutions
        return r[r["entity_id"] == ""] if len(r) else r

    def add_to(self, report_rows: list[dict]) -> list[dict]:
        """The per-document report rows with this report's counts added (0 where none)."""
        by_doc = self.counts.set_index("doc_id").to_dict("index") if len(self.counts) else {}
        cols = list(self.counts.columns.drop("doc_id")) if len(self.counts.columns) else []
        return [{**row, **{c: int(by_doc.get(str(row["doc_id"]), {}).get(c, 0)) for c in cols}}
                for row in report_rows]

    def markdown(self) -> str:
        """A section for ``extraction_report.md``: methods used and every unresolved name."""
        lines = ["", "## Agencies (entity_id)", ""]
        r = self.resolutions
        if not len(r):
            return "\n".join(lines + ["No budget or indicator rows.", ""])
        # rows summed per (doc_id, method), in key order (the groupby sum, on plain lists; the
        # resolutions' doc_id and method are texts)
        methods: dict[tuple[str, str], int] = {}
        for key, n in zip(zip(r["doc_id"].tolist(), r["method"].tolist()), r["rows"].tolist()):
            methods[key] = methods.get(key, 0) + n
        lines += ["Rows by how their agency name was resolved (`analysis.agencies.resolve_agency`):", "",
                  "| doc_id | method | rows |", "|---|---|---|"]
        lines += [f"| {doc} | {method} | {n} |" for (doc, method), n in sorted(methods.items())]
        derived = r[r["method"] == "derived"]
        if len(derived):
            # ids made from the names (a province outside the register): a reviewer checks that
            # two spellings of one agency did not get two ids
            lines += ["", "Agency ids derived from the names (a province the register does not cover; two "
                      "spellings of one agency get two ids: add a register row and aliases, see "
                      "`docs/agencies.md`):", "", "| doc_id | entity | entity_id | rows |", "|---|---|---|---|"]
            seen: dict[tuple[str, str, str], int] = {}
            for d in derived.itertuples(index=False):
                key = (d.doc_id, d.entity, d.entity_id)
                seen[key] = seen.get(key, 0) + d.rows
            lines += [f"| {doc} | {ent} | {eid} | {n} |" for (doc, ent, eid), n in sorted(seen.items())]
        lines += ["", "Unresolved or ambiguous agency names (add a register row or an alias, see "
                  "`docs/agencies.md`):", ""]
        un = self.unresolved
        if not len(un):
            lines.append("None.")
        else:
            lines += ["| table | doc_id | entity | method | rows | note |", "|---|---|---|---|---|---|"]
            for u in un.itertuples(index=False):
                lines.append(f"| {u.table} | {u.doc_id} | {u.entity} | {u.method} | {u.rows} | {u.note} |")
        return "\n".join(lines) + "\n"


def _count_per_doc(docs: list, flags: list[bool]) -> dict[str, int]:
    """Number of true ``flags`` per document, as ``flags.groupby(docs).sum()`` counts them:
    every document present (0 when no flag is set), missing doc_ids left out.

    Examples
    --------
    >>> _count_per_doc(["001", "002", "001", float("nan")], [True, False, True, True])
    {'001': 2, '002': 0}
    """
    out: dict[str, int] = {}
    for doc, flag in zip(docs, flags):
        if isinstance(doc, str):  # astype(str) leaves a missing doc_id missing (NaN)
            out[doc] = out.get(doc, 0) + bool(flag)
    return out


def _governments(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Per document of a province outside the agency register, the one kabupaten/kota government
    its agency names print (:func:`analysis.agencies.government_of`), over the budget and
    indicator rows together."""
    names: dict[tuple[str, str], set[str]] = {}
    for table in _MARKERS:
        f = frames.get(table)
        if f is None or f.empty or not {"doc_id", "province", "entity"} <= set(f.columns):
            continue
        if not any(outside_register(str(p)) for p in f["province"].unique()):
            continue  # every document's province is in the register: ids are never derived
        for d, p, e in zip(f["doc_id"].astype(str), f["province"].astype(str), f["entity"].astype(str)):
            if outside_register(p):
                names.setdefault((d, p), set()).add(e)
    out = {}
    for (d, p), ns in names.items():
        g = government_of(sorted(ns), p)
        if g is not None:
            out[d] = g
    return out


def link_rows(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], LinkReport]:
    """Add ``row_id``, ``entity_id`` and ``duplicate_of`` to the budget and indicator frames.

    Parameters
    ----------
    frames : dict of DataFrame
        Output frames by table name (all documents concatenated); tables other than ``budget``
        and ``indicators`` are returned unchanged.

    Returns
    -------
    frames : dict of DataFrame
        Budget and indicators sorted by ``SORT_KEYS`` with the three columns added.
    report : LinkReport

    Examples
    --------
    >>> b = pd.DataFrame({"doc_id": ["001"], "province": ["Nusa Tenggara Timur"], "fiscal_year": [2023],
    ...     "entity": ["Inpektorat Daerah"], "level": ["opd"], "name": ["Inspektorat Daerah"],
    ...     "parent": [None], "budget": [18655098580.0], "realization": [14198502163.0],
    ...     "source_table": ["Tabel 2.4"], "source_line": [1125], "origin": ["table"]})
    >>> out, rep = link_rows({"budget": b})
    >>> out["budget"][["row_id", "entity_id", "duplicate_of"]].values.tolist()
    [['001-L1125', '53.inspektorat-daerah', <NA>]]
    >>> rep.counts.to_dict("records")[0]["budget_rows_with_entity_id"]
    1
    """
    out = dict(frames)
    counts: dict[str, dict[str, int]] = {}
    resolutions = []
    governments = _governments(frames)
    unresolved_names: dict[str, set[str]] = {}
    for table, mark in _MARKERS.items():
        frame = frames.get(table)
        if frame is None:
            continue
        if frame.empty:
            f = ensure_row_ids(frame, table)
            for c in ("entity_id", "duplicate_of"):
                f[c] = pd.Series(dtype="string")
            out[table] = f
            continue
        f = ensure_row_ids(frame, table)
        f, res = assign_entity_ids(f, governments=governments)
        f = mark(_with_value_note(f))
        out[table] = f
        resolutions.append(res.assign(table=table))
        docs = f["doc_id"].astype(str).tolist()
        for col, what in (("entity_id", "rows_with_entity_id"), ("duplicate_of", "duplicates")):
            for doc, n in _count_per_doc(docs, f[col].notna().tolist()).items():
                counts.setdefault(doc, {})[f"{table}_{what}"] = n
        for doc, entity, eid in zip(res["doc_id"].tolist(), res["entity"].tolist(), res["entity_id"].tolist()):
            if eid == "":  # unresolved or ambiguous
                unresolved_names.setdefault(str(doc), set()).add(str(entity))
    cols = ["doc_id", "agency_names_unresolved", "budget_rows_with_entity_id", "indicators_rows_with_entity_id",
            "budget_duplicates", "indicators_duplicates"]
    rows = [{"doc_id": d, "agency_names_unresolved": len(unresolved_names.get(d, ())),
             **{c: counts[d].get(c, 0) for c in cols[2:]}} for d in sorted(counts)]
    res_all = (pd.concat(resolutions, ignore_index=True) if resolutions
               else pd.DataFrame(columns=["table", "doc_id", "entity", "entity_id", "method", "rows", "note"]))
    return out, LinkReport(pd.DataFrame(rows, columns=cols), res_all)
