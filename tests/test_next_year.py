"""Next year's report: the LKPJ with every year shifted by one (2023 → 2024, 'Target 2023' →
'Target 2024', …) extracts the same rows, now dated 2024. Nothing in the extractors is tied to
the years of the bundled documents."""

import re
from dataclasses import replace

import pytest

from analysis.extract.documents import parse_document
from analysis.extract.pipeline import default_extractors
from analysis.io import read_manifest
from conftest import DOCS, RAW


def _shift(text: str) -> str:
    return re.sub(r"\b20[12]\d\b", lambda m: str(int(m.group(0)) + 1), text)


def _extract(text: str, meta):
    doc = parse_document(text, meta.doc_id)
    return {name: fn(doc, meta).rows for name, fn in default_extractors().items()}


@pytest.fixture(scope="module")
def both():
    meta = next(m for m in read_manifest(RAW) if m.doc_id == "001")
    text = (RAW / DOCS["001"]).read_text(encoding="utf-8")
    return _extract(text, meta), _extract(_shift(text), replace(meta, fiscal_year=2024))


def test_same_rows_one_year_later(both):
    this, nxt = both
    for name in this:
        assert len(nxt[name]) == len(this[name]), name
    b0, b1 = this["budget"], nxt["budget"]
    assert set(b0["fiscal_year"]) == {2023} and set(b1["fiscal_year"]) == {2024}
    cols = ["entity", "level", "name", "budget", "realization", "source_line"]
    assert b1[cols].fillna(-1).values.tolist() == b0[cols].fillna(-1).values.tolist()
    i0, i1 = this["indicators"], nxt["indicators"]
    assert sorted(i1["fiscal_year"].unique()) == [y + 1 for y in sorted(i0["fiscal_year"].unique())]
    cols = ["indicator", "target", "actual", "source_line"]
    expected = i0[cols].fillna(-1).assign(indicator=i0["indicator"].map(_shift))
    assert i1[cols].fillna(-1).values.tolist() == expected.values.tolist()


def test_tabel_2_4_row_dated_next_year(both):
    _, nxt = both
    b = nxt["budget"]
    # Tabel 2.4 L1036, Dinas Pendidikan dan Kebudayaan, now fiscal year 2024
    row = b[(b["source_line"] == 1036) & (b["level"] == "opd")].iloc[0]
    assert (row["fiscal_year"], row["budget"], row["realization"]) == (2024, 2062624237011.0, 1960291207174.9)
