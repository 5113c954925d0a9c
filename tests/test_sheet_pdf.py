"""Metamorphic test of the PDF reader on a spreadsheet's PDF: the tables of the bundled LKjIP 004
and roadmap 003 written as one sheet (tests/sheet_fixtures.py: bordered, wrapped cells, column
widths shared by all tables) and printed by LibreOffice Calc in landscape scaled to one page
wide, as agencies print their budget and evaluation sheets, then read back through the
package's PDF rendering: its type is small and its single-line rows a few points high.

LibreOffice Calc is the Debian package ``libreoffice-calc-nogui`` (installed by the test set-up
when missing and possible, otherwise the test is skipped with the reason)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.extract.pdf import render_pdf

from conftest import RAW, debian_tool
from printed_docs import budget_rows, indicator_values, soffice_pdf
from sheet_fixtures import fods

#: Per bundled document: (budget rows of the text, rows read from the PDF with the text's level,
#: name, year and values, at least; indicator rows of the text, rows read with the text's name,
#: year and values, at least). Measured: 004 47 of 56 and 71 of 72; 003 264 of 264 and 288 of
#: 486 (the indicators of its plan table are in its wrapped first column of sasaran, cut by the
#: sheet's columns). Before row rules closer than the snap tolerance with text between were kept
#: apart (pdf._row_snap), 003's single-line rows (4.5 pt) were united with the row above: 146
#: budget rows read and 9 with other values (a kegiatan with the total's 10,146,551 thousand).
EXPECTED = {"004": (56, 45, 72, 70), "003": (264, 260, 486, 278)}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def printed(request, tmp_path_factory) -> tuple[str, str, str]:
    doc = request.param
    debian_tool("/usr/lib/libreoffice/program/libsclo.so", "libreoffice-calc-nogui", "PDF printed by a spreadsheet")
    soffice = debian_tool("/usr/bin/soffice", "libreoffice-calc-nogui", "PDF printed by a spreadsheet")
    d = tmp_path_factory.mktemp(f"sheet_pdf_{doc}")
    text = next(Path(RAW).glob(f"{doc}_*.txt")).read_text(encoding="utf-8")
    (d / f"{doc}.fods").write_text(fods(text), encoding="utf-8")
    pdf = soffice_pdf(soffice, d / f"{doc}.fods", "the sheet")
    return doc, text, render_pdf(pdf).text


def _count(rows: pd.DataFrame) -> Counter:
    return Counter(tuple(None if pd.isna(v) else v for v in r) for r in rows.itertuples(index=False))


def _no_other_values(ref: Counter, got: Counter, key: int) -> list:
    """Rows read from the PDF whose first ``key`` fields are a text row's and whose values are not."""
    values: dict = {}
    for r in ref:
        values.setdefault(r[:key], set()).add(r[key:])
    return [r for r in got if r[:key] in values and r[key:] not in values[r[:key]]]


def test_budget_from_a_spreadsheets_pdf_has_the_texts_values(printed):
    doc, text, rendering = printed
    n_text, min_equal, _, _ = EXPECTED[doc]
    ref, got = _count(budget_rows(doc, text)), _count(budget_rows(doc, rendering))
    assert sum(ref.values()) == n_text
    assert not (wrong := _no_other_values(ref, got, 3)), wrong
    assert sum((ref & got).values()) >= min_equal, sorted(ref - got, key=str)[:20]


def test_indicators_from_a_spreadsheets_pdf_have_the_texts_values(printed):
    doc, text, rendering = printed
    _, _, n_text, min_equal = EXPECTED[doc]
    ref = _count(indicator_values(doc, text, with_name=True))
    got = _count(indicator_values(doc, rendering, with_name=True))
    assert sum(ref.values()) == n_text
    assert not (wrong := _no_other_values(ref, got, 2)), wrong
    assert sum((ref & got).values()) >= min_equal, sorted(ref - got, key=str)[:20]
