"""The extraction pipeline: manifest → documents → tidy tables → ``data/processed``.

``run_extraction`` is what ``python -m analysis extract`` calls. It reads every document the
manifest lists, runs each extractor, audits that every amount- or percent-bearing table row
became an output row or is listed in ``extraction_skipped.csv``, and writes the tables of the
declared contract (:mod:`analysis.contract`: columns, types, row order, ``row_id``; validated
before writing), ``datapackage.json`` generated from the declaration, and the extraction report.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import itertools
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from .. import __version__
from .documents import MAX_TEXT_LINE, Document, read_document
from .. import contract
from .base import SKIPPED_COLUMNS, DocMeta, Extraction, Skipped
from ..io import read_manifest, write_datapackage, write_table
from .levels import align_indicator_levels
from .link import link_rows
from .numbers import number_statuses

__all__ = ["document_stats", "audit_rows", "finalise_rows", "run_extraction", "ExtractionSummary",
           "ExtractionError", "start_pdf_inputs", "open_input", "add_source_pages", "pdf_notes_markdown",
           "extract_document", "DocumentResult", "document_warnings", "default_extractors"]


class ExtractionError(RuntimeError):
    """An extractor failed on a document (the message names the file and the extractor)."""

Extractor = Callable[[Document, DocMeta], Extraction]

#: A rupiah amount in a row's text: ``Rp`` before a digit, or a number of three or more digit
#: groups (``1.234.567``). Written as ``R[pP]\.?\s*\(?-?\d|\d{1,3}(?:[.,]\d{3}){2,}`` with its
#: first character taken out of the alternatives: a pattern that starts with a character class
#: lets the regex engine skip to the next ``R`` or digit instead of trying both alternatives at
#: every character of the row (the rows are long prose; see tests/test_pipeline.py).
_AMOUNT = re.compile(r"[R\d](?:(?<=R)[pP]\.?\s*\(?-?\d|(?<=\d)\d{0,2}(?:[.,]\d{3}){2,})")
_PERCENT = re.compile(r"\d\s*%")
#: _AMOUNT's alternatives and then _PERCENT's (group ``pct``), tried at each position in turn:
#: the first match is an amount if the row has one before its first percentage (see
#: _amount_or_percent).
_AMOUNT_OR_PERCENT = re.compile(
    r"[R\d](?:(?<=R)[pP]\.?\s*\(?-?\d|(?<=\d)\d{0,2}(?:[.,]\d{3}){2,}|(?<=\d)(?P<pct>\s*%))")
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
    # each distinct cell read once, weighted by how often it occurs (empty cells, dashes and
    # repeated values are common)
    cells = Counter([c for t in doc.tables for r in t.rows for c in r.cells])
    for cell, n in cells.items():
        ok, malformed, ambiguous = _cell_number_counts(cell, doc.style)
        stats["numbers_parsed"] += n * ok
        stats["numbers_malformed"] += n * malformed
        stats["numbers_ambiguous"] += n * ambiguous
    return stats


_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1 << 16)
def _cell_number_counts(cell: str, style: str | None) -> tuple[int, int, int]:
    # numbers of a cell by status (ok, malformed, ambiguous); pure, cached (cells repeat)
    if not cell or not _DIGIT.search(cell):
        return 0, 0, 0
    st = number_statuses(cell, style)  # the statuses of find_numbers(cell), without the tokens
    return st.count("ok"), st.count("malformed"), st.count("ambiguous")


#: A cell counts as a number cell when it holds a number and at most this many letters
#: (a unit: '12 Dokumen', '3,83 Indeks'); a row with two or more number cells is numeric.
NUMBER_CELL_MAX_LETTERS = 12


def _number_cells(cells: list[str], style: str | None) -> int:
    return sum(_is_number_cell(c, style) for c in cells)


@functools.lru_cache(maxsize=1 << 16)
def _is_number_cell(c: str, style: str | None) -> bool:
    # a number and at most NUMBER_CELL_MAX_LETTERS letters; pure, cached
    if not c or not _DIGIT.search(c):  # every number token has a digit (\d) in its body
        return False
    if len(c) > NUMBER_CELL_MAX_LETTERS and _more_letters_than(c, NUMBER_CELL_MAX_LETTERS):
        return False
    return any(st in ("ok", "malformed", "ambiguous") for st in number_statuses(c, style))


def _more_letters_than(text: str, n: int) -> bool:
    """True when ``text`` has more than ``n`` letters (``str.isalpha``); stops at letter n + 1
    instead of counting every letter of a long prose cell.

    Examples
    --------
    >>> _more_letters_than("12 Dokumen", 6), _more_letters_than("12 Dokumen", 7)
    (True, False)
    """
    # the letters after the first n: one exists exactly when there are more than n
    return next(itertools.islice(filter(str.isalpha, text), n, None), None) is not None


def numeric_tables_unused(doc: Document, accounted: set[int]) -> list[dict[str, object]]:
    """Tables with at least two numeric rows none of whose rows became an output row or was
    skipped with a reason by an extractor: caption, header and row count, for the report."""
    out = []
    for t in doc.tables:
        if any(not accounted.isdisjoint(r.lines) for r in t.rows):  # a row's line is accounted for
            continue
        numeric = [r for r in t.rows if _number_cells(r.cells, doc.style) >= 2]
        if len(numeric) < 2:
            continue
        out.append({"doc_id": doc.doc_id, "table": t.name, "line": t.start_line, "rows": len(t.rows),
                    "numeric_rows": len(numeric),
                    "header": " | ".join(c for c in (t.header[0] if t.header else []) if c)[:160]})
    return out


def _amount_or_percent(text: str) -> tuple[bool, bool]:
    """Whether ``text`` has a rupiah amount (``_AMOUNT``) and, only when it has none, whether it
    has a percentage (``_PERCENT``): one scan where the plain way takes two.

    The first match of ``_AMOUNT_OR_PERCENT`` is the first position where either pattern
    matches. An amount there settles it; a percentage there means no amount starts at or
    before it, so only the rest of the row is searched for one.

    Examples
    --------
    >>> _amount_or_percent("Rp 5.000 (68%)"), _amount_or_percent("68% dari 1.234.567")
    ((True, False), (True, False))
    >>> _amount_or_percent("capaian 68 %"), _amount_or_percent("2 dokumen")
    ((False, True), (False, False))
    """
    m = _AMOUNT_OR_PERCENT.search(text)
    if m is None:
        return False, False
    if m.group("pct") is None:
        return True, False
    has_amount = _AMOUNT.search(text, m.start() + 1) is not None
    return has_amount, not has_amount


def audit_rows(doc: Document, accounted: set[int]) -> list[Skipped]:
    """Every table row carrying a rupiah amount, a percentage or two or more numbers whose lines
    are not in ``accounted`` (used by an extractor, or already skipped with a reason)."""
    out = []
    for t in doc.tables:
        table_kind = header = None  # the table's part of the reason, made at its first row listed
        for r in t.rows:
            if not accounted.isdisjoint(r.lines):  # a line of the row is accounted for
                continue
            text = "\t".join(r.cells)
            if not _DIGIT.search(text):  # amounts, percentages and number cells all need a digit
                continue
            has_amount, has_pct = _amount_or_percent(text)
            numbers = 0 if (has_amount or has_pct) else _number_cells(r.cells, doc.style)
            if not (has_amount or has_pct or numbers >= 2):
                continue
            what = "rupiah amount" if has_amount else "percentage" if has_pct else f"{numbers} numbers"
            if table_kind is None:  # what depends on the table only, once per table
                table_kind = ("a DPRD-recommendation follow-up table (prose)"
                              if _DPRD.search(t.header_text()) else "a row no extractor recognised")
                header = f"({t.name}; header: " \
                         f"{' | '.join(c for c in (t.header[0] if t.header else []) if c)[:120]})"
            kind = table_kind
            if _OUTPUT_ROW.search(text):
                kind = "an output/outcome text (programme results as prose, not a target/realisation pair)"
            out.append(Skipped(doc.doc_id, r.line, r.raw[:500], f"{what} in {kind} {header}"))
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
    warnings: list[str] = field(default_factory=list)


def document_warnings(doc: Document, stats: dict[str, int], counts: dict[str, int]) -> list[str]:
    """Warnings of one document for the console and the extraction report: an empty document,
    over-long lines, no recognisable table, no output row.

    Examples
    --------
    >>> from analysis.extract.documents import parse_document
    >>> doc = parse_document("Kata pengantar tanpa tabel.\\n", "009")
    >>> document_warnings(doc, {"tables": 0}, {"budget_rows": 0, "indicators_rows": 0})
    ['nothing found: no table recognised in 1 line(s)', 'nothing found: no output rows (budget 0, indicators 0)']
    """
    out = []
    if not any(t.strip() for t in doc.lines):
        out.append("nothing found: the document is empty")
        return out
    for ln, n in doc.long_lines()[:5]:
        out.append(f"line {ln} has {n:,} characters (more than MAX_TEXT_LINE = {MAX_TEXT_LINE:,}): "
                   "not scanned as prose (amounts, list items, place names); the conversion may "
                   "have lost its line breaks")
    if not stats.get("tables"):
        out.append(f"nothing found: no table recognised in {len(doc.lines)} line(s)")
    rows = {k[:-5]: v for k, v in counts.items() if k.endswith("_rows")}
    if rows and not any(rows.values()):
        out.append("nothing found: no output rows ("
                   + ", ".join(f"{k} {v}" for k, v in rows.items()) + ")")
    return out


def default_extractors(negative_convention: str = "inverse_ratio",
                       polarity_overrides: pd.DataFrame | None = None) -> dict[str, Extractor]:
    """The extractors of the data contract, by output name."""
    from .budget import extract_budget
    from .indicators import extract_indicators
    from .regional import extract_activity_locations, extract_regions

    # a partial of a module-level function (not a closure): picklable, so the same extractors
    # run in worker processes (--jobs) and on Dask workers (--scheduler)
    indicators = functools.partial(extract_indicators, negative_convention=negative_convention,
                                   overrides=polarity_overrides)

    return {
        "budget": extract_budget,
        "indicators": indicators,
        "regions": extract_regions,
        "activity_locations": extract_activity_locations,
    }


_ROW_EXTRACTORS = {"budget", "indicators", "regions"}


#: dtypes whose values :func:`analysis.contract.conform` casts one by one: the casts of a column
#: of the concatenated frames are the concatenated casts of the frames' columns.
_CONCAT_THEN_CONFORM_DTYPES = frozenset({"str", "object", "int64", "float64", "bool", "Int64", "boolean"})


def _concat(frames: list[pd.DataFrame], name: str, source: str) -> pd.DataFrame:
    """The extractors' frames of one table as one frame with the declared columns and types
    (undeclared columns are a :class:`~analysis.contract.ContractError`).

    When the frames have the same columns with the same dtypes (one extractor's frames of all
    documents), they are concatenated first and conformed once: ``conform`` casts value by
    value, so the result is the same and a value that cannot be cast fails either way; the
    frames are then conformed one by one for the message (which names the first document's
    problems, as before)."""
    frames = [f for f in frames if f is not None and len(f)]
    signature = {tuple((c, str(t)) for c, t in f.dtypes.items()) for f in frames}
    if len(frames) > 1 and len(signature) == 1 and frames[0].columns.is_unique and all(
            t in _CONCAT_THEN_CONFORM_DTYPES for _, t in next(iter(signature))):
        try:
            return contract.conform(pd.concat(frames, ignore_index=True, sort=False), name)
        except contract.ContractError:
            pass  # the message of the first failing frame, below
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


def finalise_rows(frame: pd.DataFrame, name: str, *, conformed: bool = False) -> pd.DataFrame:
    """Declared columns and types, declared row order, and ``row_id`` (tables that have one)
    assigned with :func:`analysis.contract.row_ids` after sorting.

    ``conformed=True``: ``frame`` is already conformed (:func:`_concat` gives it so), and
    :func:`analysis.contract.conform` would return it unchanged: it is only sorted.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["001", "001", "001"], "source_line": [811, 789, 811],
    ...                   "level": ["revenue"] * 3, "name": ["Pajak Daerah", "Pajak Daerah", "Retribusi"],
    ...                   "fiscal_year": [2023] * 3})
    >>> finalise_rows(f, "budget")[["source_line", "name", "row_id"]].values.tolist()
    [[789, 'Pajak Daerah', '001-L789'], [811, 'Pajak Daerah', '001-L811'], [811, 'Retribusi', '001-L811-2']]
    """
    frame = contract.sort_rows(frame if conformed else contract.conform(frame, name), name)
    if "row_id" in frame.columns:
        frame["row_id"] = pd.Series(contract.row_ids(frame["doc_id"], frame["source_line"]),
                                    index=frame.index, dtype="str")
    return frame


# ---- PDF input and page provenance (kept apart from the writing part) -------------------
def _may_be_pdf(file: str | Path) -> bool:
    """A necessary condition of :func:`analysis.extract.pdf.is_rendered` (a ``.pdf``, ``.docx`` or
    ``.xlsx`` suffix in any case) that does not import the PDF module, for runs on text inputs only.

    Examples
    --------
    >>> _may_be_pdf("001_x.txt"), _may_be_pdf("jabar-2016.PDF"), _may_be_pdf(Path("raw/a.pdf"))
    (False, True, True)
    >>> _may_be_pdf("lkjip-2023.docx"), _may_be_pdf("LRA-2023.XLSX")
    (True, True)
    """
    return str(file).lower().endswith((".pdf", ".docx", ".xlsx"))


def start_pdf_inputs(metas: list[DocMeta], raw_dir: str | Path,
                     interim_dir: str | Path | None = None, in_process: bool = False) -> dict[str, object]:
    """Start converting the manifest's PDFs (cached renderings in ``interim_dir``, by default
    ``<raw_dir>/../interim``) in a process pool; returns a future per PDF doc_id.

    ``in_process=True`` converts here, one after another (inside a worker of ``--jobs`` or a
    Dask task, which is already one process per document); the futures are then finished."""
    if not any(_may_be_pdf(m.file) for m in metas):
        return {}  # no PDF: the converter module (pdfplumber and its set-up) is not imported
    from .pdf import convert_pdf, is_rendered, start_conversions

    raw = Path(raw_dir)
    interim = Path(interim_dir) if interim_dir is not None else raw.parent / "interim"
    jobs = [(m.doc_id, raw / m.file, m.sha256) for m in metas if is_rendered(m.file)]
    if not in_process:
        return start_conversions(jobs, interim) if jobs else {}
    from concurrent.futures import Future

    out: dict[str, object] = {}
    for doc_id, path, sha in jobs:
        f: Future = Future()
        f.set_result(convert_pdf(path, interim, doc_id, sha))
        out[doc_id] = f
    return out


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
            if note.kind in ("no_text_layer", "blank_page", "cut_number_malformed", "rotated", "hidden_sheet"):
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
    n = len(rows)
    if doc.line_pages.count(None) == len(doc.line_pages):  # no page marker: every page empty
        missing = np.ones(n, dtype=bool)
        whole = np.ones(n, dtype="int64")
    else:  # the column's values and missing flags as lists (a Series is slow to walk)
        lines = rows["source_line"]
        pages = [doc.page_of(int(v)) if known else None
                 for v, known in zip(lines.tolist(), lines.notna().tolist())]
        missing = np.fromiter((p is None for p in pages), dtype=bool, count=n)
        whole = np.fromiter((1 if p is None else p for p in pages), dtype="int64", count=n)
    # the Int64 array pd.array(pages, dtype="Int64") makes (missing pages hold 1, as there),
    # from its values and mask at once: inferring it from a list of Python objects costs ~0.1 ms
    return rows.assign(source_page=pd.arrays.IntegerArray(whole, missing))


def _pdf_note_lines(meta: DocMeta, rendering) -> list[str]:
    what = "sheets" if str(meta.file).lower().endswith(".xlsx") else "pages"
    out = [f"- {meta.doc_id} `{meta.file}`: {rendering.pages} {what}, rendering `{rendering.text_path.name}`"]
    return out + [f"  - {note.message}" for note in rendering.notes]


def pdf_notes_markdown(metas: list[DocMeta], pdf_inputs: dict[str, object]) -> str:
    """The extraction report's section on PDF inputs: every page note, by document.

    ``pdf_inputs`` maps doc_id to a future of the rendering (:func:`start_pdf_inputs`) or to
    the note lines already made (:attr:`DocumentResult.pdf_notes`)."""
    if not pdf_inputs:
        return ""
    out = ["", "## PDF, Word and Excel inputs", "",
           "Renderings are cached in the interim folder (one `<doc_id>.txt` per PDF, Word or Excel file,",
           "with a `.json` sidecar: the file's SHA-256, the converter and pdfplumber versions, the page notes).", ""]
    for m in metas:
        if m.doc_id not in pdf_inputs:
            continue
        entry = pdf_inputs[m.doc_id]
        out += entry if isinstance(entry, list) else _pdf_note_lines(m, entry.result())  # type: ignore[attr-defined]
    return "\n".join(out) + "\n"


@dataclass
class DocumentResult:
    """Everything extracted from one document (what a worker process or a Dask task returns).

    Attributes
    ----------
    rows : dict of str to DataFrame
        Each extractor's rows (with ``source_page``), by output name.
    skipped : list of Skipped
        Rows the extractors skipped and the audit's unrecognised rows.
    report : dict
        The document's row of ``extraction_report.csv`` (before the linking counts).
    unused_tables : list of dict
    warnings : list of str
    log : list of str
        Progress lines (printed by the caller, in manifest order).
    pdf_notes : list of str or None
        The document's lines of the report's PDF section (``None`` for text inputs).
    """

    doc_id: str
    rows: dict[str, pd.DataFrame]
    skipped: list[Skipped]
    report: dict[str, object]
    unused_tables: list[dict[str, object]]
    warnings: list[str]
    log: list[str]
    pdf_notes: list[str] | None = None


def extract_document(meta: DocMeta, raw_dir: str | Path, extractors: dict[str, Extractor],
                     interim_dir: str | Path | None = None, pdf_input: object | None = None,
                     position: str = "") -> DocumentResult:
    """Read one manifest document (a PDF through its cached rendering, converting it first when
    needed) and run every extractor on it: the unit of work of ``--jobs`` and ``--scheduler``.

    A pure function of its arguments and the files: the same document gives the same result in
    any process, in any order. ``pdf_input`` is a future of a conversion already started
    (:func:`start_pdf_inputs`); without it a PDF is converted here (cache in ``interim_dir``,
    default ``<raw_dir>/../interim``).

    Raises
    ------
    analysis.extract.documents.DocumentError
        The file cannot be read (named, with the byte offset or the PDF problem).
    ExtractionError
        An extractor failed (the message names the file and the extractor).
    """
    t0 = time.perf_counter()
    log = io.StringIO()
    if pdf_input is None and _may_be_pdf(meta.file):
        from .pdf import is_rendered

        if is_rendered(meta.file):
            pdf_input = start_pdf_inputs([meta], raw_dir, interim_dir, in_process=True)[meta.doc_id]
    pdf_inputs = {meta.doc_id: pdf_input} if pdf_input is not None else {}
    doc, pdf_fields = open_input(meta, raw_dir, pdf_inputs, log)
    stats = document_stats(doc)
    accounted: set[int] = set()
    counts: dict[str, int] = {}
    rows: dict[str, pd.DataFrame] = {}
    skipped: list[Skipped] = []
    for name, fn in extractors.items():
        try:
            res = fn(doc, meta)
        except Exception as exc:  # name the document and extractor, keep the traceback
            raise ExtractionError(f"{meta.file} (doc {meta.doc_id}): the {name} extractor "
                                  f"failed: {type(exc).__name__}: {exc}") from exc
        rows[name] = add_source_pages(res.rows, doc)
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
    warns = document_warnings(doc, stats, counts)
    report = {"doc_id": meta.doc_id, "file": meta.file, "doc_type": meta.doc_type,
              "lines": len(doc.lines), **stats, **counts,
              "rows_unrecognised": len(unaccounted), "numeric_tables_unused": len(unused),
              **pdf_fields, "warnings": "; ".join(warns) or None}
    dt = time.perf_counter() - t0
    parts = ", ".join(f"{name} {counts[f'{name}_rows']}" for name in extractors)
    print(f"{position}{meta.doc_id}: {stats['tables']} tables, {stats['numbers_parsed']} numbers "
          f"({stats['numbers_malformed']} malformed); rows: {parts}; "
          f"{len(unaccounted)} unrecognised ({dt:.1f} s)", file=log)
    if doc.derived.get("layout_table_lines"):
        print(f"    {meta.doc_id} {meta.file}: no TAB in the file: read as layout text (columns set apart by "
              f"spaces, as pdftotext -layout writes them); {doc.derived['layout_table_lines']} lines read as "
              "table rows. The PDF, when available, is the better input.", file=log)
    for w in warns:
        print(f"warning: {meta.doc_id} {meta.file}: {w}", file=log)
    notes = None
    if pdf_input is not None:
        notes = _pdf_note_lines(meta, pdf_input.result())  # type: ignore[attr-defined]
    return DocumentResult(meta.doc_id, rows, skipped, report, unused,
                          [f"{meta.doc_id} {meta.file}: {w}" for w in warns],
                          log.getvalue().splitlines(), notes)


#: Allocations between two collections of the youngest generation while extracting (Python's
#: default is 700). The extraction allocates many objects that live until the end (rows, cells,
#: cached parses) and makes few reference cycles: at the default the collector ran about 470
#: times, re-scanning them, for about a tenth of the CPU time on the bundled documents. At
#: 10,000 it still ran about 20 times, twice of them over the older generation too (about 0.035 s
#: CPU); at 100,000 about 9 times, never over the older generation (0.02 s). Garbage in cycles
#: waits for at most that many allocations (a few MB), the maximum RSS is unchanged (~123 MB).
GC_GEN0_THRESHOLD = 100_000


@contextlib.contextmanager
def _fewer_collections():
    """Collect garbage less often inside the block (:data:`GC_GEN0_THRESHOLD`); the
    thresholds are restored afterwards. Cycles are still collected, only later."""
    old = gc.get_threshold()
    gc.set_threshold(max(GC_GEN0_THRESHOLD, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _local_cluster_spec(scheduler: str) -> int | None:
    """Workers of ``local:N`` (``None`` for a scheduler address)."""
    if not scheduler.startswith("local"):
        return None
    _, _, n = scheduler.partition(":")
    try:
        workers = int(n or os.cpu_count() or 1)
    except ValueError:
        raise ValueError(f"--scheduler {scheduler!r}: expected local:N (N workers) or a scheduler "
                         "address such as tcp://10.0.0.5:8786") from None
    if workers < 1:
        raise ValueError(f"--scheduler {scheduler!r}: needs at least one worker")
    return workers


def _map_documents(metas: list[DocMeta], raw_dir: Path, extractors: dict[str, Extractor],
                   interim_dir: str | Path | None, jobs: int, scheduler: str | None,
                   progress: TextIO | None):
    """Yield :class:`DocumentResult` per document, in manifest order, computed in this process
    (``jobs=1``), a process pool (``jobs>1``) or on Dask (``scheduler``)."""
    n = len(metas)
    pos = {m.doc_id: f"[{k}/{n}] " for k, m in enumerate(metas, start=1)}
    if scheduler:
        from dask.distributed import Client, LocalCluster

        workers = _local_cluster_spec(scheduler)
        cluster = None
        if workers is not None:
            cluster = LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler)
        try:
            if progress:
                print(f"extracting {n} documents on Dask ({scheduler}: "
                      f"{len(client.scheduler_info().get('workers', {}))} workers)", file=progress, flush=True)
            futures = [client.submit(extract_document, m, str(Path(raw_dir).resolve()), extractors,
                                     None if interim_dir is None else str(Path(interim_dir).resolve()),
                                     None, pos[m.doc_id], key=f"extract-{m.doc_id}-{m.sha256[:16]}",
                                     pure=False)
                       for m in metas]
            for f in futures:  # manifest order, whatever the order of completion
                yield f.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, max(n, 1))) as pool:
            futures = [pool.submit(extract_document, m, raw_dir, extractors, interim_dir, None,
                                   pos[m.doc_id]) for m in metas]
            try:
                for f in futures:
                    yield f.result()
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
        return
    pdf_inputs = start_pdf_inputs(metas, raw_dir, interim_dir)  # PDFs converted in parallel
    for meta in metas:
        if progress:
            print(f"{pos[meta.doc_id]}{meta.doc_id} {meta.file}: reading …", file=progress, flush=True)
        yield extract_document(meta, raw_dir, extractors, interim_dir, pdf_inputs.get(meta.doc_id),
                               pos[meta.doc_id])


def run_extraction(
    raw_dir: str | Path = "data/raw",
    out_dir: str | Path = "data/processed",
    extractors: dict[str, Extractor] | None = None,
    progress: TextIO | None = sys.stderr,
    interim_dir: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> ExtractionSummary:
    """Extract every document listed in ``<raw_dir>/manifest.csv`` into ``out_dir``.

    Writes ``budget.csv``, ``indicators.csv``, ``regions.csv``, ``activity_locations.csv``,
    ``extraction_skipped.csv``, ``extraction_report.csv``/``.md`` and ``datapackage.json``.
    Every table gets exactly the columns declared in :mod:`analysis.contract` (declared
    columns an extractor does not fill are written empty), the declared row order and, where
    declared, ``row_id``; it is validated before it is written. Progress lines (``[k/N] doc
    …``) and warnings (nothing found in a document) go to ``progress``.

    Each document is one call of :func:`extract_document`: in this process (``jobs=1``), in a
    pool of ``jobs`` processes, or on Dask (``scheduler``: ``"local:N"`` starts a local
    cluster of N worker processes, anything else is a scheduler address such as
    ``tcp://10.0.0.5:8786`` whose workers see ``raw_dir`` at the same path). Results are
    combined in manifest order and sorted by the declared keys, so the output is byte-identical
    whatever the number of workers.

    All files are written into a staging folder beside ``out_dir`` and moved into place only
    when the whole run succeeded: a failure leaves the previous outputs untouched.

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
    with _fewer_collections():
        return _run_extraction(raw_dir, out_dir, extractors, progress, interim_dir, jobs, scheduler)


def _run_extraction(raw_dir: str | Path, out_dir: str | Path, extractors: dict[str, Extractor] | None,
                    progress: TextIO | None, interim_dir: str | Path | None, jobs: int,
                    scheduler: str | None) -> ExtractionSummary:
    metas = read_manifest(raw_dir)
    extractors = extractors if extractors is not None else default_extractors()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    collected: dict[str, list[pd.DataFrame]] = {k: [] for k in extractors}
    skipped: list[Skipped] = []
    report_rows = []
    unused_tables: list[dict[str, object]] = []
    warnings: list[str] = []
    pdf_notes: dict[str, object] = {}
    for res in _map_documents(metas, Path(raw_dir), extractors, interim_dir, jobs, scheduler, progress):
        for name in extractors:
            collected[name].append(res.rows[name])
        skipped.extend(res.skipped)
        report_rows.append(res.report)
        unused_tables.extend(res.unused_tables)
        warnings.extend(res.warnings)
        if res.pdf_notes is not None:
            pdf_notes[res.doc_id] = res.pdf_notes
        if progress:
            for line in res.log:
                print(line, file=progress, flush=True)

    summary = ExtractionSummary(out, warnings=warnings)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        _write_outputs(summary, stage, metas, extractors, collected, skipped, report_rows,
                       unused_tables, pdf_notes)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    for key, path in list(summary.files.items()):
        os.replace(path, out / path.name)
        summary.files[key] = out / path.name
    for left in stage.iterdir():  # extraction_report.md
        os.replace(left, out / left.name)
    stage.rmdir()
    return summary


def _write_outputs(summary: ExtractionSummary, stage: Path, metas: list[DocMeta],
                   extractors: dict[str, Extractor], collected: dict[str, list[pd.DataFrame]],
                   skipped: list[Skipped], report_rows: list[dict[str, object]],
                   unused_tables: list[dict[str, object]], pdf_notes: dict[str, object]) -> None:
    written: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    for name in extractors:
        if name not in contract.TABLES:
            raise contract.ContractError(
                f"extractor {name!r} has no declared table in analysis.contract (declared: "
                f"{', '.join(contract.TABLES)})")
        frames[name] = finalise_rows(_concat(collected[name], name, f"{name} extractor"), name,
                                     conformed=True)
    # Every table now has its declared columns, order and row_id. Columns that refer to rows by
    # their key (duplicate_of) or need all documents at once (entity_id) are filled here, before
    # the tables are validated and written.
    # row_id, entity_id (agency register) and duplicate_of for budget and indicators
    finalised = dict(frames)
    frames, link = link_rows(frames)
    report_rows = link.add_to(report_rows)
    if "indicators" in frames and "budget" in frames:
        # programme-table indicator levels from the same document's budget hierarchy
        frames["indicators"], _ = align_indicator_levels(frames["indicators"], frames["budget"])
    for name, frame in frames.items():
        # a frame as finalise_rows left it (the linking and the levels change budget and
        # indicators only, into new frames) is conformed and sorted: write_table only validates it
        summary.files[name] = write_table(frame, name, stage, conformed=frame is finalised[name])
        summary.frames[name] = frame
        written.append(name)
    sk = pd.DataFrame([s.__dict__ for s in skipped], columns=SKIPPED_COLUMNS)
    sk = sk.drop_duplicates(subset=["doc_id", "source_line", "reason"])
    sk = finalise_rows(sk, "extraction_skipped")
    summary.files["extraction_skipped"] = write_table(sk, "extraction_skipped", stage, conformed=True)
    summary.frames["extraction_skipped"] = sk
    written.append("extraction_skipped")
    report = finalise_rows(pd.DataFrame(report_rows), "extraction_report")
    summary.files["extraction_report"] = write_table(report, "extraction_report", stage, conformed=True)
    summary.frames["extraction_report"] = report
    written.append("extraction_report")
    summary.report = report
    per_entity = None
    if "indicators" in summary.frames:
        from .indicators import count_indicators

        per_entity = finalise_rows(count_indicators(summary.frames["indicators"]),
                                   "extraction_report_indicators")
        summary.files["extraction_report_indicators"] = write_table(
            per_entity, "extraction_report_indicators", stage, conformed=True)
        summary.frames["extraction_report_indicators"] = per_entity
        written.append("extraction_report_indicators")
    (stage / "extraction_report.md").write_text(
        _report_markdown(report, sk, per_entity, unused_tables) + link.markdown()
        + pdf_notes_markdown(metas, pdf_notes), encoding="utf-8")
    summary.files["datapackage"] = write_datapackage(
        stage, written,
        extra={"version": __version__,
               "sources": [{"title": m.title, "path": f"data/raw/{m.file}", "hash": f"sha256:{m.sha256}"}
                           for m in metas]},
    )


def _md_table(frame: pd.DataFrame) -> list[str]:
    cols = list(frame.columns)
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    # the columns as lists: the values itertuples gives (str() of them reads the same), without
    # a row type made per call
    for rec in zip(*(frame.iloc[:, k].tolist() for k in range(frame.shape[1]))):
        out.append("| " + " | ".join(str(v) for v in rec) + " |")
    return out


def _transposed_md_table(counts: pd.DataFrame) -> list[str]:
    """:func:`_md_table` of ``counts.set_index("doc_id").T`` with the former column names in a
    first column ``count``: a column per document, a line per count.

    Built from each column's object array, the values the transposed (object) frame holds, so
    every cell reads as ``str`` of it (``<NA>`` for a missing count, ``nan`` for missing text).

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["001", "002"], "rows": pd.array([3, None], dtype="Int64")})
    >>> _transposed_md_table(f)
    ['| count | 001 | 002 |', '|---|---|---|', '| rows | 3 | <NA> |']
    """
    docs = [str(d) for d in counts["doc_id"].tolist()]
    out = ["| " + " | ".join(["count", *docs]) + " |", "|" + "---|" * (len(docs) + 1)]
    for c in counts.columns:
        if c != "doc_id":
            out.append("| " + " | ".join([str(c), *(str(v) for v in counts[c].to_numpy(dtype=object))]) + " |")
    return out


_REASON_DETAIL = re.compile(r"\s*\(.*")


def _top_skip_reasons(skipped: pd.DataFrame, n: int) -> list[tuple[tuple[str, str], int]]:
    """The ``n`` most frequent (doc_id, reason without its parenthesised detail) of the skipped
    rows with their counts, most frequent first, then by doc_id and reason (rows with a
    missing doc_id or reason left out, as ``groupby`` leaves them out).

    Examples
    --------
    >>> sk = pd.DataFrame({"doc_id": ["001", "001", "002"],
    ...                    "reason": ["malformed (Rp 1.2)", "malformed", "no header"]})
    >>> _top_skip_reasons(sk, 20)
    [(('001', 'malformed'), 2), (('002', 'no header'), 1)]
    """
    counts: dict[tuple[str, str], int] = {}
    for doc, reason in zip(skipped["doc_id"].tolist(), skipped["reason"].tolist()):
        if isinstance(doc, str) and isinstance(reason, str):
            key = (doc, _REASON_DETAIL.sub("", reason))
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _report_markdown(report: pd.DataFrame, skipped: pd.DataFrame,
                     per_entity: pd.DataFrame | None = None,
                     unused_tables: list[dict[str, object]] | None = None) -> str:
    lines = ["# Extraction report", "",
             "Generated by `python -m analysis extract`. One row per document; every table row",
             "carrying an amount, a percentage or two or more numbers that did not become an output",
             "row is listed with its reason in `extraction_skipped.csv`.", ""]
    warned = report[report["warnings"].notna()] if "warnings" in report.columns else report.iloc[:0]
    if len(warned):
        lines += ["## Warnings", ""]
        lines += [f"- {rec.doc_id} `{rec.file}`: {rec.warnings}" for rec in warned.itertuples(index=False)]
        lines.append("")
    # one table per document, transposed: a column per document reads better than 30 columns
    lines += _transposed_md_table(report.drop(columns=["warnings"], errors="ignore"))
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
        lines.append("| doc_id | reason | rows |")
        lines.append("|---|---|---|")
        for (doc, reason), n in _top_skip_reasons(skipped, 20):
            lines.append(f"| {doc} | {reason} | {n} |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
