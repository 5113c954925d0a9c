"""What the metamorphic tests of other PDF producers share (``test_browser_pdf``,
``test_office_pdf``): a bundled document's text as blocks (tables and paragraphs) to print, and
the budget rows of a text read with the document's manifest row."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.contract import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators

from conftest import RAW


def text_blocks(text: str) -> list:
    """A text rendering as blocks in order: each run of TAB lines a table (rows of cells, padded
    to the widest row), each other non-blank line (not a page marker) a paragraph string."""
    lines, blocks, i = text.splitlines(), [], 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            n = max(len(r) for r in rows)
            blocks.append([r + [""] * (n - len(r)) for r in rows])
            continue
        if lines[i].strip() and not lines[i].startswith("<!--"):
            blocks.append(lines[i])
        i += 1
    return blocks


def manifest_meta(doc: str) -> DocMeta:
    """The bundled document's manifest row as the extractors' metadata."""
    with open(Path(RAW) / "manifest.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["doc_id"] == doc)
    return DocMeta(doc_id=doc, file=row["file"], sha256="", province=row["province"],
                   fiscal_year=int(row["fiscal_year"]), doc_type=row["doc_type"], entity=row["entity"],
                   title=row["title"])


def budget_rows(doc: str, text: str) -> pd.DataFrame:
    """The budget rows of ``text`` read as bundled document ``doc`` (values as objects)."""
    rows = extract_budget(parse_document(text, doc), manifest_meta(doc)).rows
    return rows[["level", "name", "fiscal_year", "budget", "realization", "reported_pct"]].astype(object)


def indicator_values(doc: str, text: str, with_name: bool = False) -> pd.DataFrame:
    """The year and values of the indicator rows of ``text`` read as bundled document ``doc``
    (after the indicator's name with ``with_name``)."""
    rows = extract_indicators(parse_document(text, doc), manifest_meta(doc)).rows
    cols = ["fiscal_year", "target", "actual", "reported_achievement_pct"]
    return rows[(["indicator"] if with_name else []) + cols].astype(object)


def soffice_pdf(soffice: str, source: Path, what: str) -> Path:
    """``source`` (a Word file or a sheet) printed to PDF by LibreOffice next to it, with a
    profile of its own; the test fails naming ``what`` when LibreOffice cannot print it."""
    d = source.parent
    proc = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(d / 'profile').as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(d), str(source)],
                          capture_output=True, text=True, timeout=300)
    pdf = source.with_suffix(".pdf")
    if proc.returncode != 0 or not pdf.is_file():
        pytest.fail(f"LibreOffice could not print {what}: {proc.stderr[-1500:]}")
    return pdf
