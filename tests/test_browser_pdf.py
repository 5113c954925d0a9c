"""Metamorphic test of the PDF reader on another producer: the bundled LKjIP 004 written as an
HTML page (its TAB tables as ruled HTML tables, other lines as paragraphs) and printed to PDF by
headless Chromium (Skia), then read back through the package's PDF rendering. A browser lays out
each table with its own column widths, draws tables one under another, and breaks tables across
pages: the budget values read from the PDF must be those of the text.

Chromium is the Debian package ``chromium`` (installed by the test set-up when missing and
possible, otherwise the test is skipped with the reason)."""

from __future__ import annotations

import html
import subprocess
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.contract import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.documents import parse_document
from analysis.extract.pdf import render_pdf

from conftest import RAW, debian_tool

DOC = "004"
#: budget rows of 004 read from the Chromium PDF with the values of the text reading, of 56:
#: measured 54 (the others: a total whose label cells the browser laid out differently, read as
#: an expenditure type); before ruled tables drawn against each other kept their own columns,
#: 19 rows carried another row's values (the realisation was the percentage)
MIN_EQUAL_ROWS = 52


def _html(text: str) -> str:
    """Runs of TAB lines as bordered tables, other non-blank lines as paragraphs."""
    out = ["<!doctype html><html><head><meta charset='utf-8'><style>"
           "body{font-family:'DejaVu Sans',sans-serif;font-size:9pt}"
           "table{border-collapse:collapse;margin:6pt 0}"
           "td{border:0.6pt solid #000;padding:2pt 3pt;vertical-align:top}p{margin:2pt 0}"
           "</style></head><body>"]
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            n = max(len(r) for r in rows)
            out.append("<table>")
            out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r + [""] * (n - len(r)))
                    + "</tr>" for r in rows]
            out.append("</table>")
            continue
        if lines[i].strip() and not lines[i].startswith("<!--"):
            out.append(f"<p>{html.escape(lines[i])}</p>")
        i += 1
    return "\n".join(out + ["</body></html>"])


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[str, str]:
    chromium = debian_tool("/usr/bin/chromium", "chromium", "PDF printed by a browser")
    d = tmp_path_factory.mktemp("browser_pdf")
    src = next(Path(RAW).glob(f"{DOC}_*.txt"))
    text = src.read_text(encoding="utf-8")
    page = d / f"{DOC}.html"
    page.write_text(_html(text), encoding="utf-8")
    pdf = d / f"{DOC}.pdf"
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update",
                           f"--user-data-dir={d / 'profile'}", "--no-pdf-header-footer",
                           f"--print-to-pdf={pdf}", page.as_uri()],
                          capture_output=True, text=True, timeout=180)
    if proc.returncode != 0 or not pdf.is_file():
        pytest.fail(f"chromium could not print the page: {proc.stderr[-1500:]}")
    return text, render_pdf(pdf).text


def _budget(text: str) -> Counter:
    meta = DocMeta(doc_id=DOC, file=f"{DOC}.txt", sha256="", province="Bali", fiscal_year=2024,
                   doc_type="LKIP", entity="Biro Organisasi Setda Provinsi Bali", title="")
    rows = extract_budget(parse_document(text, DOC), meta).rows
    rows = rows[["level", "name", "budget", "realization", "reported_pct"]].astype(object)
    return Counter(tuple(None if pd.isna(v) else v for v in rec) for rec in rows.itertuples(index=False))


def test_budget_from_a_browser_printed_pdf_has_the_texts_values(printed):
    text, rendering = printed
    ref, got = _budget(text), _budget(rendering)
    assert sum(ref.values()) == 56
    # no row read from the PDF carries other values than a text row of the same level and name
    values = {}
    for level, name, *vals in ref:
        values.setdefault((level, name), set()).add(tuple(vals))
    wrong = [r for r in got if (r[0], r[1]) in values and tuple(r[2:]) not in values[(r[0], r[1])]]
    assert not wrong, wrong
    equal = sum((ref & got).values())
    assert equal >= MIN_EQUAL_ROWS, sorted(ref - got)
