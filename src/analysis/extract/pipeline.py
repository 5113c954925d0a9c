"""The extraction pipeline: manifest → documents → tidy tables → ``data/processed``.

``run_extraction`` is what ``python -m analysis extract`` calls. It reads every document the
manifest lists, runs each extractor, audits that every amount- or percent-bearing table row
became an output row or is listed in ``extraction_skipped.csv``, and writes the tables of the
declared contract (:mod:`analysis.contract`: columns, types, row order, ``row_id``; validated
before writing), ``datapackage.json`` generated from the declaration, and the extraction report.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pandas as pd

from .. import __version__
from .documents import Document, read_document
from .. import contract
from .base import SKIPPED_COLUMNS, DocMeta, Extraction, Skipped
from ..io import read_manifest, write_datapackage, write_table
from .levels import align_indicator_levels
from .link import link_rows
from .numbers import find_numbers

__all__ = ["document_stats", "audit_rows", "finalise_rows", "run_extraction", "ExtractionSummary",
           "ExtractionError", "start_pdf_inputs", "open_input", "add_source_pages", "pdf_notes_markdown"]


class ExtractionError(RuntimeError):
    """An extractor failed on a document (the message names the file and the extractor)."""

Extractor = Callable[[Document, DocMeta], Extraction]

_AMOUNT = re.compile(r"R[pP]\.?\s*\(?-?\d|\d{1,3}(?:[.,]\d{3}){2,}")
_PERCENT = re.compile(r"\d\s*%")
_OUTPUT_ROW = re.compile(r"(?:^|\t|\| )\s*(?:Output|Ouput|Outcome|Keluaran|Hasil)\s*:?", re.I)
_DPRD = re.compile(r"rekomendasi\s+dprd|tindak\s+lanjut", re.I)


def document_stats(doc: Document) -> dict[str, int]:
    """Counts for the extraction report: tables (by format), table rows, and the numbers in
    table cells by parse status (ok, malformed, ambiguous, missing)."""
    stats = {
        "tables": len(doc.tables),
        "tables_tab": sum(t.fmt == "tab" for t in doc.tables),
        "tables_html": sum(t.fmt == "html" for t in doc.tables),
        "tables_markdown": sum(t.fmt == "markdown" for t in doc.tables),
        "tables_with_caption": sum(t.caption is not None for t in doc.tables),
        "table_rows": sum(len(t.rows) for t in doc.tables),
        "repeated_headers_removed": sum(len(t.repeated_header_lines) for t in doc.tables),
        "numbers_parsed": 0,
        "numbers_malformed": 0,
        "numbers_ambiguous": 0,
    }
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                if not c or not any(ch.isdigit() for ch in c):
                    continue
                for tok in find_numbers(c, style=doc.style):
                    st = tok.parsed.status
                    if st == "ok":
                        stats["numbers_parsed"] += 1
                    elif st == "malformed":
                        stats["numbers_malformed"] += 1
                    elif st == "ambiguous":
                        stats["numbers_ambiguous"] += 1
    return stats


#: A cell counts as a number cell when it holds a number and at most this many letters
#: (a unit: '12 Dokumen', '3,83 Indeks'); a row with two or more number cells is numeric.
NUMBER_CELL_MAX_LETTERS = 12


def _number_cells(cells: list[str], style: str | None) -> int:
    n = 0
    for c in cells:
        if not c or not any(ch.isdigit() for ch in c):
            continue
        if sum(ch.isalpha() for ch in c) > NUMBER_CELL_MAX_LETTERS:
            continue
        if any(tok.parsed.status in ("ok", "malformed", "ambiguous") for tok in find_numbers(c, style=style)):
            n += 1
    return n


def numeric_tables_unused(doc: Document, accounted: set[int]) -> list[dict[str, object]]:
    """Tables with at least two numeric rows none of whose rows became an output row or was
    skipped with a reason by an extractor: caption, header and row count, for the report."""
    out = []
    for t in doc.tables:
        numeric = [r for r in t.rows if _number_cells(r.cells, doc.style) >= 2]
        if len(numeric) < 2 or any(ln in accounted for r in t.rows for ln in r.lines):
            continue
        out.append({"doc_id": doc.doc_id, "table": t.name, "line": t.start_line, "rows": len(t.rows),
                    "numeric_rows": len(numeric),
                    "header": " | ".join(c for c in (t.header[0] if t.header else []) if c)[:160]})
    return out


def audit_rows(doc: Document, accounted: set[int]) -> list[Skipped]:
    """Every table row carrying a rupiah amount, a percentage or two or more numbers whose lines
    are not in ``accounted`` (used by an extractor, or already skipped with a reason)."""
    out = []
    for t in doc.tables:
        for r in t.rows:
            if any(ln in accounted for ln in r.lines):
                continue
            text = "\t".join(r.cells)
            has_amount = bool(_AMOUNT.search(text))
            has_pct = bool(_PERCENT.search(text))
            numbers = 0 if (has_amount or has_pct) else _number_cells(r.cells, doc.style)
            if not (has_amount or has_pct or numbers >= 2):
                continue
            what = "rupiah amount" if has_amount else "percentage" if has_pct else f"{numbers} numbers"
            kind = "a row no extractor recognised"
            if _OUTPUT_ROW.search(text):
                kind = "an output/outcome text (programme results as prose, not a target/realisation pair)"
            elif _DPRD.search(t.header_text()):
                kind = "a DPRD-recommendation follow-up table (prose)"
            out.append(Skipped(
                doc.doc_id, r.line, r.raw[:500],
                f"{what} in {kind} ({t.name}; header: "
                f"{' | '.join(c for c in (t.header[0] if t.header else []) if c)[:120]})",
            ))
    return out


def _amount_cell_counts(doc: Document, meta: DocMeta, res: Extraction) -> dict[str, int]:
    """Amount-bearing cells found / extracted / skipped (budget extractor's audit)."""
    from .budget import count_amount_cells

    c = count_amount_cells(doc, meta, res)
    return {"amount_cells_found": c["found"], "amount_cells_extracted": c["extracted"],
            "amount_cells_skipped": c["skipped"], "amount_cells_unaccounted": c["unaccounted"]}


def _indicator_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Indicators and rows with a numeric target and realisation (per document)."""
    if rows is None or rows.empty:
        return {"indicators_distinct": 0, "indicators_numeric_target_actual": 0}
    pair = pd.to_numeric(rows["target"], errors="coerce").notna() & \
        pd.to_numeric(rows["actual"], errors="coerce").notna()
    return {"indicators_distinct": int(rows["indicator"].nunique()),
            "indicators_numeric_target_actual": int(pair.sum())}


@dataclass
class ExtractionSummary:
    """What a run produced (returned to the CLI and the tests)."""

    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    report: pd.DataFrame | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True, sort=False)


def default_extractors(negative_convention: str = "inverse_ratio",
                       polarity_overrides: pd.DataFrame | None = None) -> dict[str, Extractor]:
    """The extractors of the data contract, by output name."""
    from .budget import extract_budget
    from .indicators import extract_indicators
    from .regional import extract_activity_locations, extract_regions

    def indicators(doc: Document, meta: DocMeta) -> Extraction:
        return extract_indicators(doc, meta, negative_convention=negative_convention,
                                  overrides=polarity_overrides)

    return {
        "budget": extract_budget,
        "indicators": indicators,
        "regions": extract_regions,
        "activity_locations": extract_activity_locations,
    }


_ROW_EXTRACTORS = {"budget", "indicators", "regions"}


def _concat(frames: list[pd.DataFrame], name: str, source: str) -> pd.DataFrame:
    """The extractors' frames of one table as one frame with the declared columns and types
    (undeclared columns are a :class:`~analysis.contract.ContractError`)."""
    try:
        frames = [contract.conform(f, name) for f in frames if f is not None and len(f)]
    except contract.ContractError as exc:
        raise contract.ContractError(f"output of the {source}: {exc}") from None
    if not frames:
        return contract.empty_frame(name)
    try:
        return pd.concat(frames, ignore_index=True, sort=False)
    except Exception as exc:  # pragma: no cover - conform gives every frame the same dtypes
        raise contract.ContractError(f"{name} ({source}): {exc}") from exc


def finalise_rows(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Declared columns and types, declared row order, and ``row_id`` (tables that have one)
    assigned with :func:`analysis.contract.row_ids` after sorting.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["001", "001", "001"], "source_line": [811, 789, 811],
    ...                   "level": ["revenue"] * 3, "name": ["Pajak Daerah", "Pajak Daerah", "Retribusi"],
    ...                   "fiscal_year": [2023] * 3})
    >>> finalise_rows(f, "budget")[["source_line", "name", "row_id"]].values.tolist()
    [[789, 'Pajak Daerah', '001-L789'], [811, 'Pajak Daerah', '001-L811'], [811, 'Retribusi', '001-L811-2']]
    """
    frame = contract.sort_rows(contract.conform(frame, name), name)
    if "row_id" in frame.columns:
        frame["row_id"] = pd.Series(contract.row_ids(frame["doc_id"], frame["source_line"]),
                                    index=frame.index, dtype="str")
    return frame


# ---- PDF input and page provenance (kept apart from the writing part) -------------------
def start_pdf_inputs(metas: list[DocMeta], raw_dir: str | Path,
                     interim_dir: str | Path | None = None) -> dict[str, object]:
    """Start converting the manifest's PDFs (cached renderings in ``interim_dir``, by default
    ``<raw_dir>/../interim``) in a process pool; returns a future per PDF doc_id."""
    from .pdf import is_pdf, start_conversions

    raw = Path(raw_dir)
    interim = Path(interim_dir) if interim_dir is not None else raw.parent / "interim"
    jobs = [(m.doc_id, raw / m.file, m.sha256) for m in metas if is_pdf(m.file)]
    return start_conversions(jobs, interim) if jobs else {}


def open_input(meta: DocMeta, raw_dir: str | Path, pdf_inputs: dict[str, object],
               progress: TextIO | None = None) -> tuple[Document, dict[str, object]]:
    """Read one manifest document: a text file directly, a PDF through its cached rendering.

    Returns the document and the PDF fields of the extraction report (empty for text files):
    ``pdf_pages``, ``pdf_pages_without_text`` (';'-joined) and ``pdf_notes`` (count). Page
    notes (pages without a text layer, numbers cut at a column edge) go to ``progress``.
    """
    fields: dict[str, object] = {"pdf_pages": None, "pdf_pages_without_text": "", "pdf_notes": None}
    if meta.doc_id not in pdf_inputs:
        return read_document(Path(raw_dir) / meta.file, meta.doc_id), fields
    rendering = pdf_inputs[meta.doc_id].result()  # type: ignore[attr-defined]
    if progress:
        how = "converted" if rendering.converted else "cached rendering reused"
        print(f"    {meta.doc_id} {meta.file}: {rendering.pages} pages, {how}: {rendering.text_path}",
              file=progress, flush=True)
        for note in rendering.notes:
            if note.kind in ("no_text_layer", "blank_page", "cut_number_malformed", "rotated"):
                print(f"    {meta.doc_id} {meta.file}: {note.message}", file=progress, flush=True)
    fields = {"pdf_pages": rendering.pages,
              "pdf_pages_without_text": ";".join(str(p) for p in rendering.pages_without_text),
              "pdf_notes": len(rendering.notes)}
    return read_document(rendering.text_path, meta.doc_id), fields


def add_source_pages(rows: pd.DataFrame, doc: Document) -> pd.DataFrame:
    """Add ``source_page`` (1-based physical PDF page of ``source_line``; empty for text
    inputs without page markers) to an extractor's rows."""
    if rows is None or "source_line" not in rows.columns:
        return rows
    pages = [doc.page_of(int(v)) if pd.notna(v) else None for v in rows["source_line"]]
    return rows.assign(source_page=pd.array(pages, dtype="Int64"))


def pdf_notes_markdown(metas: list[DocMeta], pdf_inputs: dict[str, object]) -> str:
    """The extraction report's section on PDF inputs: every page note, by document."""
    if not pdf_inputs:
        return ""
    out = ["", "## PDF inputs", "",
           "Renderings are cached in the interim folder (one `<doc_id>.txt` per PDF, with a",
           "`.json` sidecar: the PDF's SHA-256, the pdfplumber version, the page notes).", ""]
    for m in metas:
        if m.doc_id not in pdf_inputs:
            continue
        r = pdf_inputs[m.doc_id].result()  # type: ignore[attr-defined]
        out.append(f"- {m.doc_id} `{m.file}`: {r.pages} pages, rendering `{r.text_path.name}`")
        for note in r.notes:
            out.append(f"  - {note.message}")
    return "\n".join(out) + "\n"


def run_extraction(
    raw_dir: str | Path = "data/raw",
    out_dir: str | Path = "data/processed",
    extractors: dict[str, Extractor] | None = None,
    progress: TextIO | None = sys.stderr,
    interim_dir: str | Path | None = None,
) -> ExtractionSummary:
    """Extract every document listed in ``<raw_dir>/manifest.csv`` into ``out_dir``.

    Writes ``budget.csv``, ``indicators.csv``, ``regions.csv``, ``activity_locations.csv``,
    ``extraction_skipped.csv``, ``extraction_report.csv``/``.md`` and ``datapackage.json``.
    Every table gets exactly the columns declared in :mod:`analysis.contract` (declared
    columns an extractor does not fill are written empty), the declared row order and, where
    declared, ``row_id``; it is validated before it is written. Progress lines (``[k/N] doc
    …``) go to ``progress``.

    Raises
    ------
    analysis.contract.ContractError
        An extractor produced an undeclared column or a value that breaks the contract (the
        message names the table, the column and the row).
    ExtractionError
        An extractor failed on a document.

    PDFs listed in the manifest are converted first, in parallel, into ``interim_dir``
    (default ``<raw_dir>/../interim``); every row gets ``source_page`` from the rendering's page
    markers (:func:`add_source_pages`).
    """
    metas = read_manifest(raw_dir)
    pdf_inputs = start_pdf_inputs(metas, raw_dir, interim_dir)
    extractors = extractors if extractors is not None else default_extractors()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    collected: dict[str, list[pd.DataFrame]] = {k: [] for k in extractors}
    skipped: list[Skipped] = []
    report_rows = []
    unused_tables: list[dict[str, object]] = []
    n = len(metas)
    for k, meta in enumerate(metas, start=1):
        t0 = time.perf_counter()
        if progress:
            print(f"[{k}/{n}] {meta.doc_id} {meta.file}: reading …", file=progress, flush=True)
        doc, pdf_fields = open_input(meta, raw_dir, pdf_inputs, progress)
        stats = document_stats(doc)
        accounted: set[int] = set()
        counts = {}
        for name, fn in extractors.items():
            try:
                res = fn(doc, meta)
            except Exception as exc:  # name the document and extractor, keep the traceback
                raise ExtractionError(f"{meta.file} (doc {meta.doc_id}): the {name} extractor "
                                      f"failed: {type(exc).__name__}: {exc}") from exc
            collected[name].append(add_source_pages(res.rows, doc))
            skipped.extend(res.skipped)
            accounted |= res.consumed_lines
            if name in _ROW_EXTRACTORS:  # a skipped place-name mention does not account for a row
                accounted |= {s.source_line for s in res.skipped}
            counts[f"{name}_rows"] = len(res.rows)
            counts[f"{name}_skipped"] = len(res.skipped)
            if name == "budget":
                counts.update(_amount_cell_counts(doc, meta, res))
            elif name == "indicators":
                counts.update(_indicator_counts(res.rows))
        unaccounted = audit_rows(doc, accounted)
        skipped.extend(unaccounted)
        unused = numeric_tables_unused(doc, accounted)
        unused_tables.extend(unused)
        row = {"doc_id": meta.doc_id, "file": meta.file, "doc_type": meta.doc_type,
               "lines": len(doc.lines), **stats, **counts,
               "rows_unrecognised": len(unaccounted), "numeric_tables_unused": len(unused),
               **pdf_fields}
        report_rows.append(row)
        if progress:
            dt = time.perf_counter() - t0
            parts = ", ".join(f"{name} {counts[f'{name}_rows']}" for name in extractors)
            print(f"[{k}/{n}] {meta.doc_id}: {stats['tables']} tables, {stats['numbers_parsed']} numbers "
                  f"({stats['numbers_malformed']} malformed); rows: {parts}; "
                  f"{len(unaccounted)} unrecognised ({dt:.1f} s)", file=progress, flush=True)

    summary = ExtractionSummary(out)
    written: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    for name in extractors:
        if name not in contract.TABLES:
            raise contract.ContractError(
                f"extractor {name!r} has no declared table in analysis.contract (declared: "
                f"{', '.join(contract.TABLES)})")
        frames[name] = finalise_rows(_concat(collected[name], name, f"{name} extractor"), name)
    # Every table now has its declared columns, order and row_id. Columns that refer to rows by
    # their key (duplicate_of) or need all documents at once (entity_id) are filled here, before
    # the tables are validated and written.
    # row_id, entity_id (agency register) and duplicate_of for budget and indicators
    frames, link = link_rows(frames)
    report_rows = link.add_to(report_rows)
    if "indicators" in frames and "budget" in frames:
        # programme-table indicator levels from the same document's budget hierarchy
        frames["indicators"], _ = align_indicator_levels(frames["indicators"], frames["budget"])
    for name, frame in frames.items():
        summary.files[name] = write_table(frame, name, out)
        summary.frames[name] = frame
        written.append(name)
    sk = pd.DataFrame([s.__dict__ for s in skipped], columns=SKIPPED_COLUMNS)
    sk = sk.drop_duplicates(subset=["doc_id", "source_line", "reason"])
    sk = finalise_rows(sk, "extraction_skipped")
    summary.files["extraction_skipped"] = write_table(sk, "extraction_skipped", out)
    summary.frames["extraction_skipped"] = sk
    written.append("extraction_skipped")
    report = finalise_rows(pd.DataFrame(report_rows), "extraction_report")
    summary.files["extraction_report"] = write_table(report, "extraction_report", out)
    summary.frames["extraction_report"] = report
    written.append("extraction_report")
    summary.report = report
    per_entity = None
    if "indicators" in summary.frames:
        from .indicators import count_indicators

        per_entity = finalise_rows(count_indicators(summary.frames["indicators"]),
                                   "extraction_report_indicators")
        summary.files["extraction_report_indicators"] = write_table(
            per_entity, "extraction_report_indicators", out)
        summary.frames["extraction_report_indicators"] = per_entity
        written.append("extraction_report_indicators")
    (out / "extraction_report.md").write_text(_report_markdown(report, sk, per_entity, unused_tables) + link.markdown()
                                              + pdf_notes_markdown(metas, pdf_inputs),
                                               encoding="utf-8")
    summary.files["datapackage"] = write_datapackage(
        out, written,
        extra={"version": __version__,
               "sources": [{"title": m.title, "path": f"data/raw/{m.file}", "hash": f"sha256:{m.sha256}"}
                           for m in metas]},
    )
    return summary


def _md_table(frame: pd.DataFrame) -> list[str]:
    cols = list(frame.columns)
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for rec in frame.itertuples(index=False):
        out.append("| " + " | ".join(str(v) for v in rec) + " |")
    return out


def _report_markdown(report: pd.DataFrame, skipped: pd.DataFrame,
                     per_entity: pd.DataFrame | None = None,
                     unused_tables: list[dict[str, object]] | None = None) -> str:
    lines = ["# Extraction report", "",
             "Generated by `python -m analysis extract`. One row per document; every table row",
             "carrying an amount, a percentage or two or more numbers that did not become an output",
             "row is listed with its reason in `extraction_skipped.csv`.", ""]
    # one table per document, transposed: a column per document reads better than 30 columns
    lines += _md_table(report.set_index("doc_id").T.reset_index().rename(columns={"index": "count"}))
    if per_entity is not None and len(per_entity):
        lines += ["", "## Indicators per document and entity", ""]
        lines += _md_table(per_entity)
    lines += ["", "## Numeric tables no extractor used", ""]
    if unused_tables:
        lines += ["Tables with two or more numeric rows of which no row became an output row (their",
                  "rows are in `extraction_skipped.csv`): a layout the extractors do not know yet.", ""]
        lines += _md_table(pd.DataFrame(unused_tables)[["doc_id", "table", "line", "rows", "numeric_rows", "header"]])
    else:
        lines.append("None.")
    lines += ["", "## Skipped rows by reason (top 20)", ""]
    if len(skipped):
        reasons = skipped.assign(r=skipped["reason"].str.replace(r"\s*\(.*", "", regex=True))
        top = reasons.groupby(["doc_id", "r"]).size().reset_index(name="n")
        top = top.sort_values(["n", "doc_id", "r"], ascending=[False, True, True]).head(20)
        lines.append("| doc_id | reason | rows |")
        lines.append("|---|---|---|")
        for rec in top.itertuples(index=False):
            lines.append(f"| {rec.doc_id} | {rec.r} | {rec.n} |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
