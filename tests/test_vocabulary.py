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


# --- captions ------------------------------------------------------------------------------
TABLE = "No\tUraian\tAnggaran\tRealisasi\t%\n1\tBelanja Pegawai\t1.000.000.000\t950.000.000\t95,00\n"


@pytest.mark.parametrize("caption, name", [
    ("Table 2.13 Budget realisation 2023", "Tabel 2.13"),
    ("Tab. 3 Realisasi Belanja", "Tabel 3"),
    ("TABEL III.2 REALISASI", "Tabel III.2"),
    ("Tabel. 1.1", "Tabel 1.1"),
])
def test_caption_forms_are_normalised(caption, name):
    doc = parse_document(f"{caption}\n\n{TABLE}", "x")
    assert doc.tables[0].name == name


def test_prose_mentioning_a_table_is_not_its_caption():
    # a sentence about Tabel 2.4 a few lines up must not name the table below it
    text = ("Tabel 2.4 menunjukkan bahwa realisasi belanja mencapai 95 persen.\n\n"
            "Rincian per jenis belanja sebagai berikut:\n\n" + TABLE)
    t = parse_document(text, "x").tables[0]
    assert t.caption is None and t.name.startswith("Rincian per jenis belanja")


def test_caption_directly_above_wins_over_a_mention_further_up():
    text = "Tabel 2.4 menunjukkan realisasi.\nTabel 2.5 Realisasi Belanja per Jenis\n\n" + TABLE
    assert parse_document(text, "x").tables[0].name == "Tabel 2.5"


def test_a_figure_caption_is_not_a_table_caption():
    text = "Tabel 2.3 Pendapatan\n\nGambar 2.1 Grafik Realisasi Belanja\n\n" + TABLE
    t = parse_document(text, "x").tables[0]
    assert t.caption is None


def test_unnumbered_title_under_a_bare_number():
    # 002 lines 204-205: 'Tabel 2.1' then 'Tabel Rencana Kerja Tahunan 2021' above the RKT table
    doc = parse_document((RAW / DOCS["002"]).read_text(encoding="utf-8"), "002")
    t = next(t for t in doc.tables if t.start_line > 205)
    assert t.name == "Tabel 2.1"
    assert t.caption == "Tabel 2.1 Tabel Rencana Kerja Tahunan 2021"


# --- tables that only look like page-break continuations ------------------------------------
def test_road_map_tables_keep_their_own_year_headers():
    # 003: the table under '(d). Pengembangan Sistem Informasi ... PPDB' (header line 658) is
    # headed 2014-2018; the tables under '(e). SIPKD' (L664), '(f). Samsat Online' (L670) and
    # '4. Zona Integritas' (L676) are headed 2018-2022 and are separate tables, not its
    # continuation after a page break
    from analysis.extract.base import DocMeta as _Meta

    doc = parse_document((RAW / DOCS["003"]).read_text(encoding="utf-8"), "003")
    rows = extract_indicators(doc, _Meta("003", DOCS["003"], "", "Nusa Tenggara Timur", 2018, "ROADMAP",
                                         "Pemerintah Provinsi Nusa Tenggara Timur", "")).rows
    years = rows.groupby("source_line")["fiscal_year"].apply(lambda s: sorted(set(s)))
    assert years[659] == [2014, 2015, 2016, 2017, 2018]
    for line in (665, 671, 677, 678):
        assert years[line] == [2018, 2019, 2020, 2021, 2022]
    # L665 'Terwujudnya keterbukaan informasi ... realisasi APBD': 60% 70% 75% 80% 80%
    sipkd = rows[rows["source_line"] == 665].set_index("fiscal_year")["target"]
    assert sipkd.to_dict() == {2018: 60.0, 2019: 70.0, 2020: 75.0, 2021: 80.0, 2022: 80.0}
    assert rows.loc[rows["source_line"] == 671, "source_table"].iloc[0] == "(f). Samsat Online"


# --------------------------------------------------------------------------------------
# caption_kind's first-character fast path (issue 15) against the two patterns alone
# --------------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _caption_kind_plain(line: str) -> str | None:
    """caption_kind as first written: the two patterns on every line."""
    from analysis.extract import vocabulary as v

    if v._FIGURE_HEAD.match(line):
        return "figure"
    m = v._CAPTION_HEAD.match(line)
    if not m:
        return None
    word, num, rest = (m.group("word") or m.group("abbr")).lower(), m.group("num"), m.group("rest")
    if word == "table" and not num:
        return None
    if v._PROSE.match(rest or ""):
        return "prose"
    return "table"


_CAPTION_TEXT = st.one_of(
    st.text(max_size=30),
    st.builds(lambda pre, w, tail: pre + w + tail,
              st.text(alphabet=" *-_.(1IVıſKk\u00a0\t", max_size=3),
              st.sampled_from(["Tabel", "TABLE", "tab.", "Tab", "Gambar", "grafik", "DIAGRAM", "Figure",
                               "chart", "Bagan", "Tabelnya", "bab", "Kabel"]),
              st.text(alphabet=" 0123456789.IVabmenujk", max_size=12)),
)


@settings(max_examples=400, deadline=None)
@given(_CAPTION_TEXT)
def test_caption_kind_fast_path_agrees_with_the_patterns(line):
    from analysis.extract.vocabulary import caption_kind

    assert caption_kind(line) == _caption_kind_plain(line)


def test_caption_initials_have_no_other_case_insensitive_equivalent():
    """The fast path relies on each initial matching only itself and its capital under re.I."""
    import re

    from analysis.extract import vocabulary as v

    for c in v._CAPTION_INITIALS:
        pat = re.compile(re.escape(c), re.I)
        assert {chr(i) for i in range(0x110000) if pat.fullmatch(chr(i))} == {c.lower(), c.upper()}


@pytest.mark.parametrize("text, name, cell", [
    ("Jumlah", True, True), ("TOTAL", True, True), ("Sub Total", True, True), ("Sub-Jumlah", True, True),
    ("Grand Total", True, True), ("Jumlah Belanja Daerah", True, False), ("Total Capaian", True, True),
    ("Jumlahnya meningkat", False, False), ("Penjumlahan", False, False), ("Program Subtotal", False, False),
])
def test_total_row_words(text, name, cell):
    from analysis.extract.vocabulary import TOTAL_CELL, TOTAL_NAME

    assert bool(TOTAL_NAME.match(text)) is name
    assert bool(TOTAL_CELL.fullmatch(text)) is cell
