"""Which agency a line belongs to (LKPJ chapter III), from headings and 'dilaksanakan oleh'."""

import pytest

from analysis.extract.documents import parse_document
from analysis.extract.sections import SectionIndex, clean_entity_name


@pytest.mark.parametrize(
    "line, entity, urusan",
    [
        # 001 L1329 '1. Urusan Pendidikan dan Kebudayaan', L1331 '… dilaksanakan oleh Dinas Pendidikan …'
        (1361, "Dinas Pendidikan dan Kebudayaan", "Urusan Pendidikan dan Kebudayaan"),
        # 001 L1495 'A. Dinas Kesehatan, kependudukan dan Pencatatan Sipil Provinsi NTT'
        (1507, "Dinas Kesehatan, kependudukan dan Pencatatan Sipil", "Urusan Kesehatan"),
        # 001 L1834 'B. RSUD Prof. Dr. W.Z. Johannes Kupang'
        (1839, "RSUD Prof. Dr. W.Z. Johannes Kupang", "Urusan Kesehatan"),
        # 001 L3928 'b. Dinas Peternakan Provinsi NTT' under '3. Urusan Pertanian'
        (3934, "Dinas Peternakan", "Urusan Pertanian"),
        # 001 L4233 'a. Biro Umum' under 'D. Unsur Pendukung …' / '1. Sekretariat Daerah'
        (4241, "Biro Umum", "Unsur Pendukung Urusan Pemerintahan"),
        # 001 L5456 'B. Badan Pendapatan dan Aset Daerah Provinsi Nusa Tenggara Timur'
        (5475, "Badan Pendapatan dan Aset Daerah", "Unsur Keuangan"),
    ],
)
def test_entity_of_lines_in_chapter_iii(doc001, line, entity, urusan):
    ctx = SectionIndex(doc001, "Pemerintah Provinsi Nusa Tenggara Timur").at(line)
    assert ctx.entity == entity
    assert ctx.urusan == urusan


def test_document_entity_outside_agency_sections(doc002):
    ix = SectionIndex(doc002, "Biro Umum Setda Provinsi Nusa Tenggara Timur")
    assert ix.at(408).entity == "Biro Umum Setda Provinsi Nusa Tenggara Timur"


def test_moved_sections_keep_their_entities(doc001):
    # swap the Dinas Sosial section (001 L2120-2194) in front of the P&K section (L1329):
    # the same table rows get the same entities at their new lines
    lines = doc001.lines
    sosial = lines[2119:2194]
    moved = lines[:1328] + ["", "Teks sisipan.", ""] + sosial + lines[1328:2119] + lines[2194:]
    doc = parse_document("\n".join(moved) + "\n", "001")
    ix = SectionIndex(doc, "Pemprov")
    row_text = lines[2134 - 1]  # the first 3.1.2 row of Dinas Sosial (L2134, unique text)
    new_line = moved.index(row_text) + 1
    assert new_line != 2134
    assert ix.at(new_line).entity == "Dinas Sosial"
    pk_line = moved.index(lines[1361 - 1]) + 1
    assert ix.at(pk_line).entity == "Dinas Pendidikan dan Kebudayaan"


def test_clean_entity_name():
    assert clean_entity_name("Dinas Dinas Pariwisata dan Ekonomi Kreatif Provinsi NTT, dengan") == \
        "Dinas Pariwisata dan Ekonomi Kreatif"
    assert clean_entity_name("Badan Keuangan Daerah Provinsi Nusa Tenggara Timur") == "Badan Keuangan Daerah"


def test_a_bare_kind_word_heading_is_a_unit_not_an_agency(doc001):
    # 001 L4192 '6. Sekretariat' is Disperindag's own secretariat in its list of units and programmes
    assert doc001.line(4192).strip() == "6. Sekretariat"
    ctx = SectionIndex(doc001, "Pemerintah Provinsi Nusa Tenggara Timur").at(4200)
    assert ctx.entity == "Dinas Perindustrian dan Perdagangan"


@pytest.mark.parametrize("text, name", [
    # the sentence goes on after the comma (hand-written, after Jombang Renja 2023 page 10,
    # Jombang LKjIP 2022 page 20, Disperindag Jabar LKIP 2016 page 10)
    ("dilaksanakan oleh Inspektorat, antara lain ;", "Inspektorat"),
    ("Sekretariat, membawahkan :", "Sekretariat"),
    ("Badan Kepegawaian Daerah, Nilai indeks sistem merit sesuai hasil penilaian", "Badan Kepegawaian Daerah"),
    # commas inside a name stay
    ("Dinas Pemuda, Olahraga dan Pariwisata Provinsi Contoh", "Dinas Pemuda, Olahraga dan Pariwisata"),
    ("Dinas Pemberdayaan Masyarakat, Desa, Kependudukan dan Pencatatan Sipil",
     "Dinas Pemberdayaan Masyarakat, Desa, Kependudukan dan Pencatatan Sipil"),
    ("Dinas Kesehatan, kependudukan dan Pencatatan Sipil", "Dinas Kesehatan, kependudukan dan Pencatatan Sipil"),
])
def test_clean_entity_name_cuts_the_sentence_after_a_comma(text, name):
    assert clean_entity_name(text.replace("dilaksanakan oleh ", "")) == name


def test_a_heading_naming_a_unit_with_a_comma_sets_no_agency():
    doc = parse_document("BAB II\n\nA. Struktur Organisasi\n\n2. Sekretariat, membawahkan :\n\n"
                         "a. Sub Bagian Umum\n", "x")
    assert SectionIndex(doc, "Dinas Contoh").at(7).entity == "Dinas Contoh"
