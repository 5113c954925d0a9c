"""Layout text: the plain-text output of converters that keep the page layout with spaces
(``pdftotext -layout``). Hand-written pages in that style, the same tables as TAB text (the
values must agree), and the shared corpus converted with pdftotext when it is installed."""

from __future__ import annotations

import subprocess

from analysis.extract.base import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators
from analysis.extract.regional import extract_activity_locations

from conftest import CORPUS, debian_tool, needs_corpus

# a Renja plan table as pdftotext -layout prints it: the header over six lines (labels cut
# into pieces, a label spanning three columns), a numbering row, cells wrapped onto the next
# line, a page break (form feed) with the running footer and the header printed again
PLAN = """\
                         Tabel 3.2 Rumusan Rencana Program dan Kegiatan Tahun 2023
     Program/                             Rencana Tahun (2023)
No                Indikator
     Kegiatan                   Target                 Pagu             Lokasi
                  Kinerja       Capaian             Indikatif (Rp)
 1       2           3            4                      5                 6
 1  Pembinaan     Jumlah kader    120 orang          150.000.000      Kab. Garut
    Posyandu      terlatih
 2  Pelatihan     Jumlah guru      80 orang           95.000.000      Kab. Ciamis
    Guru          bersertifikat
                                                            Renja Dinas Contoh | III - 4
\fDinas Contoh Provinsi Jawa Barat
     Program/                             Rencana Tahun (2023)
No                Indikator
     Kegiatan                   Target                 Pagu             Lokasi
                  Kinerja       Capaian             Indikatif (Rp)
 1       2           3            4                      5                 6
 3  Sosialisasi   Jumlah desa      45 desa           210.500.000      Kota Bandung
    Gizi
"""

# the same table as TAB text (one header row, the cells whole)
PLAN_TAB = """\
Tabel 3.2 Rumusan Rencana Program dan Kegiatan Tahun 2023
No\tProgram/ Kegiatan\tIndikator Kinerja\tRencana Tahun (2023) Target Capaian\tPagu Indikatif (Rp)\tLokasi
1\t2\t3\t4\t5\t6
1\tPembinaan Posyandu\tJumlah kader terlatih\t120 orang\t150.000.000\tKab. Garut
2\tPelatihan Guru\tJumlah guru bersertifikat\t80 orang\t95.000.000\tKab. Ciamis
3\tSosialisasi Gizi\tJumlah desa\t45 desa\t210.500.000\tKota Bandung
"""


def _meta(year: int = 2023) -> DocMeta:
    return DocMeta(doc_id="t", file="x.txt", sha256="", province="Jawa Barat", fiscal_year=year,
                   doc_type="Renja", entity="Dinas Contoh", title="")


def test_layout_table_is_read_as_one_table_with_its_header_and_pages():
    doc = parse_document(PLAN, "t")
    [t] = doc.tables  # the two pages are one table: the header printed again is removed
    assert t.caption == "Tabel 3.2 Rumusan Rencana Program dan Kegiatan Tahun 2023"
    assert t.header == [["", "", "", "Rencana Tahun (2023)", "", ""],
                        ["No", "Program/ Kegiatan", "Indikator Kinerja", "Target Capaian",
                         "Pagu Indikatif (Rp)", "Lokasi"],
                        ["1", "2", "3", "4", "5", "6"]]
    assert [(r.line, r.cells[1], r.cells[2], r.cells[4]) for r in t.rows] == [
        (7, "Pembinaan Posyandu", "Jumlah kader terlatih", "150.000.000"),
        (9, "Pelatihan Guru", "Jumlah guru bersertifikat", "95.000.000"),
        (18, "Sosialisasi Gizi", "Jumlah desa", "210.500.000"),
    ]
    # the form feed starts page 2; line numbers are the file's
    assert (doc.page_of(7), doc.page_of(18)) == (1, 2)
    assert doc.line(18).split("\t")[1] == "Sosialisasi"


def test_layout_text_gives_the_values_of_the_same_table_as_tab_text():
    def values(text: str):
        doc = parse_document(text, "t")
        budget = extract_budget(doc, _meta()).rows
        ind = extract_indicators(doc, _meta()).rows
        places = extract_activity_locations(doc, _meta()).rows
        return (sorted(zip(budget["name"], budget["fiscal_year"], budget["budget"], budget["budget_basis"])),
                sorted(zip(ind["indicator"], ind["fiscal_year"], ind["target"], ind["unit"])),
                sorted(zip(places["budget_line"], places["region_code"])))

    layout, tab = values(PLAN), values(PLAN_TAB)
    assert layout == tab
    assert layout[0] == [("Pelatihan Guru", 2023, 95_000_000, "planned"),
                         ("Pembinaan Posyandu", 2023, 150_000_000, "planned"),
                         ("Sosialisasi Gizi", 2023, 210_500_000, "planned")]
    assert ("Jumlah kader terlatih", 2023, 120, "orang") in layout[1]
    assert layout[2] == [("Pelatihan Guru", "32.07"), ("Pembinaan Posyandu", "32.05"),
                         ("Sosialisasi Gizi", "32.73")]


def test_prose_with_wide_word_gaps_is_not_a_table():
    # justified prose keeps several spaces between words at random places
    prose = ("       Pengorganisasian      (Organizing),     Pelaksanaan      (actuating)    dan\n"
             "       pengawasan    pelaksanaan      urusan     pemerintahan     yang    menjadi\n"
             "       Inspektorat      Kabupaten        Jombang     sebagai          unsur\n"
             "       penyelenggaraan pemerintahan negara dalam rangka mewujudkan\n")
    doc = parse_document(prose, "t")
    assert doc.tables == [] and doc.lines == prose.rstrip("\n").split("\n")


def test_columns_printed_too_close_are_left_as_text():
    # three column numbers in one cell ('1 2 3'): the converter printed the text columns one
    # space apart, so the header cannot be placed over them; nothing is read as a table
    text = ("Kode  Program/Kegiatan  Indikator              Target 2013      Realisasi 2013\n"
            " 1 2 3                                              4                5\n"
            "1 01 Fasilitasi Ekonomi Bimbingan Teknis    300.000.000,00   254.800.272,00\n"
            "1 02 Fasilitasi Mediasi Fasilitasi mediasi  300.000.000,00   276.057.557,00\n"
            "1 03 Peningkatan Partisipasi Lomba BBGRM    450.500.000,00   366.827.205,00\n")
    assert parse_document(text, "t").tables == []


SECTIONED = """\
                          Tabel 3.1 Target dan Realisasi Indikator Kinerja
No           Indikator Kinerja             Sat             Tahun 2015                   Tahun 2016
                                                      Target       Realisasi         Target    Realisasi
Misi Pertama : Meningkatkan daya saing industri Jawa Barat
Sasaran ke-1 : Meningkatnya perkembangan industri kecil, menengah dan besar
 1   Pertumbuhan Industri                 Persen         5,2          4,9              5,5        5,1
 2   Jumlah unit usaha IKM                 Unit         2025         2030             2040       2045
 3   Nilai produksi IKM                   Persen          10           12               15         13
 4   Jumlah SDM bersertifikat              Orang        2500         2285             3000       2345
 5   Jumlah wirausaha baru                 Orang        6000         4620             9000       9133
 6   Nilai ekspor non migas               Persen           2            3                3          4
"""


def test_section_rows_under_the_header_are_no_prose():
    # 'Misi … : …' and 'Sasaran ke-1 : …' printed between the header and the rows (pdftotext
    # -layout of the Jawa Barat Disperindag LKIP 2016 Tabel 3.1): two long one-phrase lines were
    # read as prose, cutting the header off the rows, which were read without it
    doc = parse_document(SECTIONED, "t")
    [t] = doc.tables
    # the section rows are rows of their own, their text in the first column
    assert doc.line(4).startswith("Misi Pertama") and doc.line(5).startswith("Sasaran ke-1")
    assert [r.line for r in t.rows][-6:] == [6, 7, 8, 9, 10, 11]
    rows = extract_indicators(doc, _meta(2016)).rows
    assert len(rows) == 12  # six indicators, two years
    got = sorted(zip(rows["indicator"], rows["fiscal_year"], rows["target"], rows["actual"]))
    assert ("Pertumbuhan Industri", 2016, 5.5, 5.1) in got and ("Jumlah unit usaha IKM", 2015, 2025, 2030) in got


def test_documents_with_tabs_are_not_read_as_layout_text():
    # one TAB anywhere: the converter's own cells are used, spaces are never columns
    text = "Title\tx\nNo   Uraian      Anggaran    Realisasi\n1   Belanja     1.000       900\n" \
           "2   Modal       2.000       1.500\n3   Barang      3.000       2.900\n"
    doc = parse_document(text, "t")
    assert [t.start_line for t in doc.tables] == [1]
    assert doc.line(3) == "1   Belanja     1.000       900"


@needs_corpus
def test_jombang_renja_2023_through_pdftotext_layout(tmp_path):
    """Inspektorat Jombang Renja 2023 converted by pdftotext -layout (Debian poppler-utils):
    Tabel 3.2 page 25 gives the programme's 2023 Pagu Indikatif and 2024 forward estimate,
    the values the PDF path reads (tests/test_budget_corpus.py)."""
    pdftotext = debian_tool("/usr/bin/pdftotext", "poppler-utils", "layout-text corpus test")
    out = tmp_path / "renja.txt"
    subprocess.run([pdftotext, "-layout", str(CORPUS / "jombang-inspektorat-renja-2023.pdf"), str(out)],
                   check=True, timeout=120)
    doc = parse_document(out.read_text(encoding="utf-8"), "c")
    meta = DocMeta(doc_id="c", file="renja.txt", sha256="", province="Jawa Timur", fiscal_year=2023,
                   doc_type="Renja", entity="Inspektorat Kabupaten Jombang", title="")
    df = extract_budget(doc, meta).rows
    prog = df[(df["source_table"] == "Tabel 3.2") & df["name"].str.startswith("PROGRAM PENYELENGGA")]
    prog = prog.set_index("fiscal_year")
    assert prog.loc[2023, "budget"] == 121_892_400 and prog.loc[2024, "budget"] == 1_469_855_675
    assert {doc.page_of(int(x)) for x in prog["source_line"]} == {25}


# --------------------------------------------------------------------------------------
# Property: layout text made from the bundled documents never crashes the reader or an extractor
# --------------------------------------------------------------------------------------
import random  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_bad_input import _check, mutated_documents  # noqa: E402


@st.composite
def layout_documents(draw) -> str:
    """Lines of the bundled documents with their TABs turned into runs of 2-9 spaces (and at
    times one space), blank lines and form feeds put in at random: layout text of every shape."""
    text = draw(mutated_documents())
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        out.append("".join(c + (" " * rnd.choice([1, 2, 3, 5, 9]) if k < len(cells) - 1 else "")
                           for k, c in enumerate(cells)))
        if rnd.random() < 0.1:
            out.extend([""] * rnd.randint(1, 4))
        if rnd.random() < 0.05:
            out.append("\f" + rnd.choice(["", "Dinas Contoh", "   12"]))
    return "\n".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout_documents())
def test_layout_documents_never_crash(text):
    assert "\t" not in text
    _check(text)
    doc = parse_document(text, "t")
    # line for line: the reader keeps the file's line numbering
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert len(doc.lines) == len(lines)


def test_extraction_says_a_document_was_read_as_layout_text(tmp_path):
    import hashlib
    import io

    from analysis.extract.pipeline import run_extraction

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(PLAN, encoding="utf-8")
    sha = hashlib.sha256(PLAN.encode("utf-8")).hexdigest()
    (raw / "manifest.csv").write_text("doc_id,file,sha256,province,fiscal_year,doc_type,entity,title\n"
                                      f"p1,plan.txt,{sha},Jawa Barat,2023,Renja,Dinas Contoh,x\n", encoding="utf-8")
    said = io.StringIO()
    run_extraction(raw, tmp_path / "out", progress=said, interim_dir=tmp_path / "i")
    assert "p1 plan.txt: no TAB in the file: read as layout text" in said.getvalue()
    assert "lines read as table rows" in said.getvalue()


def test_justified_prose_is_not_tried_line_by_line(monkeypatch):
    # a long stretch of justified prose (several spaces between words, a number now and then)
    # is tried as a table once per block, not once per line: the reading stays linear
    import analysis.extract.layout as layout

    calls = []
    real = layout.column_gutters
    monkeypatch.setattr(layout, "column_gutters", lambda *a, **k: calls.append(1) or real(*a, **k))
    words = ["pemerintah", "daerah", "kinerja", "anggaran", "realisasi", "program", "pelayanan"]
    lines = []
    for i in range(1200):
        gaps = ["  " if (i + k) % 3 == 0 else " " for k in range(6)]
        text = "".join(w + g for w, g in zip(words, gaps)) + words[-1]
        lines.append("       " + text + (f"   {i} %" if i % 7 == 0 else ""))
        if i % 12 == 11:
            lines.append("")
    doc = parse_document("\n".join(lines), "t")
    assert doc.tables == []
    assert len(calls) <= 2 * (1200 // 12) + 10


# a roadmap's target table as pdftotext -layout prints it from a word processor's PDF: 'Target'
# printed once over the five year columns stands over the first only, and the layout reading
# stacks it with that year ('Target 2018 | 2019 | 2020 …'); names wrap onto the next lines
ROADMAP_TARGETS = """\
Sasaran              Indikator           Target
                                         2018             2019                2020
a. Meningkatnya      a. Persentase       80%              85%                 90%
kapasitas dan        CPNS yang
kualitas SDM         direkrut sesuai
                     kompetensi
                  b. Persentase        70%               75%               80%
                  pegawai yang
                  ditempatkan
"""


def test_years_under_one_target_label_are_targets_in_layout_text():
    # the 2019 column was read as the 2018 row's printed achievement (85 % 'capaian' for a
    # target of 80 %) and the later years were lost: bare years right after a dated target,
    # one year apart, are targets of their years, and no column headed by a year is a capaian
    meta = DocMeta("r", "roadmap.txt", "", "Nusa Tenggara Timur", 2018, "Roadmap", "Pemprov NTT", "")
    rows = extract_indicators(parse_document(ROADMAP_TARGETS, "r"), meta).rows
    got = {(r.indicator, r.fiscal_year): (r.target, r.reported_achievement_pct) for r in rows.itertuples()}
    cpns = "Persentase CPNS yang direkrut sesuai kompetensi"
    pegawai = "Persentase pegawai yang ditempatkan"
    assert {k: v[0] for k, v in got.items()} == {
        (cpns, 2018): 80.0, (cpns, 2019): 85.0, (cpns, 2020): 90.0,
        (pegawai, 2018): 70.0, (pegawai, 2019): 75.0, (pegawai, 2020): 80.0}
    assert all(v[1] != v[1] for v in got.values())  # no printed achievement (NaN)
