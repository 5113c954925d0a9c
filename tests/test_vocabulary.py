"""Header words in English and common misspellings (issue: reports nobody here has seen).

The Dinas Pendidikan dan Kebudayaan 3.1.1 table of the NTT LKPJ (001, header at line 1337, rows
1338-1356) is re-written with its header in English, or with typists' misspellings; the
indicator extractor must give the same rows as from the printed Indonesian header."""

import pytest

from analysis.extract.base import DocMeta
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators
from analysis.extract.vocabulary import canonical_header
from conftest import DOCS, RAW

META = DocMeta("001", DOCS["001"], "", "Nusa Tenggara Timur", 2023, "LKPJ",
               "Pemerintah Provinsi Nusa Tenggara Timur", "LKPJ NTT 2023")
LINES = (RAW / DOCS["001"]).read_text(encoding="utf-8").split("\n")
HEADER = "No\tSasaran Strategis\tIndikator Kinerja\tKondisi Awal\tTarget 2023\tRealisasi\tOutcome\tBenefit\tImpact"
assert LINES[1337 - 1] == HEADER

VARIANTS = {
    "english": "No\tStrategic Objective\tPerformance Indicator\tBaseline\tTarget 2023\tRealization\tOutcome\tBenefit\tImpact",
    "british": "No\tObjective\tIndicator\tInitial Condition\tTarget 2023\tRealisation\tOutcome\tBenefit\tImpact",
    "typos": "No\tSasaran Strategis\tIndkator Kinerja\tKondisi Awal\tTarget 2023\tRealisi\tOutcome\tBenefit\tImpact",
}


def _doc(header: str):
    text = "\n".join([
        "BAB III", "", LINES[1329 - 1], "", LINES[1331 - 1], "", LINES[1335 - 1], "",
        header, *[ln for ln in LINES[1338 - 1:1356] if ln.strip()], "",
    ]) + "\n"
    return parse_document(text, "001")


def _values(header: str):
    rows = extract_indicators(_doc(header), META).rows
    return rows[["indicator", "baseline", "target", "actual"]].astype(str).values.tolist()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_header_variants_give_the_printed_rows(variant):
    printed = _values(HEADER)
    # the printed table gives the APS row of line 1338: baseline 75,55 %, target 100%, actual 102,22%
    assert ["Persentasi APS: Penduduk usia 16-18 tahun", "75.55", "100.0", "102.22"] in printed
    assert _values(VARIANTS[variant]) == printed


@pytest.mark.parametrize("printed, canonical", [
    ("Performance Indicator", "indikator kinerja"),
    ("Realization 2023", "realisasi 2023"),
    ("Realisi", "realisasi"),
    ("Relisasi (%)", "realisasi (%)"),
    ("Achievement (%)", "capaian (%)"),
    ("Budget (Rp)", "anggaran (rp)"),
    ("Target 2023 / Realisasi 2023", "target 2023 / realisasi 2023"),
])
def test_canonical_header(printed, canonical):
    assert canonical_header(printed) == canonical


@pytest.mark.parametrize("word", ["Realistis", "Keuangan", "Kegiatan Strategis", "Uraian"])
def test_real_words_are_not_corrected(word):
    # 'realistis' (realistic) is 78 from 'realisasi', under the typo threshold; Indonesian header
    # words stay as they are
    assert canonical_header(word) == word.lower()
