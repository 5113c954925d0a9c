"""Document reader: tables, captions, headers, provenance, markup and encodings."""

import pytest

from analysis.extract.documents import (
    DocumentError,
    decode_bytes,
    normalise_cell,
    parse_document,
    read_document,
)


def _table(doc, number):
    found = [t for t in doc.tables if t.number == number]
    assert found, f"no Tabel {number}"
    return found[0]


def test_tabel_2_4_of_the_lkpj(doc001):
    # 001 L1029-1030 caption 'Tabel 2.4' + title line; header L1032-1033; TOTAL row L1128
    t = _table(doc001, "2.4")
    assert t.caption == "Tabel 2.4 APBD Perubahan TA. 2023 Berdasarkan Jenis Urusan"
    assert t.caption_line == 1029
    assert t.header_lines == [1032, 1033]
    assert t.header[0][1] == "Perangkat Daerah Pengusung Urusan Pemerintahan Daerah"
    assert t.header[1][2:5] == ["Pendapatan (Rp.)", "Belanja (Rp.)", "Surplus/(Defisit) (Rp.)"]
    total = t.rows[-1]
    assert total.line == 1128
    assert total.cells[0] == "TOTAL"
    assert total.cells[6] == "4.460.977.040.468,77"
    assert total.cells[7] == "91,29%"
    # L1036: the Dinas Pendidikan dan Kebudayaan row keeps its line
    dikbud = next(r for r in t.rows if r.cells[1] == "Dinas Pendidikan dan Kebudayaan")
    assert dikbud.line == 1036
    assert dikbud.cells[5:8] == ["2.062.624.237.011", "1.960.291.207.174,90", "95,04"]
    # 92 data rows: 7 groups, 39 urusan/unsur rows, 45 OPD rows and TOTAL (seed_tables.md 2(a))
    assert len(t.rows) == 92


def test_page_break_header_repeat_removed(doc002):
    # 002 Tabel 3.3 (L407-422) repeats its header in two lines at L414-415 after a page break
    t = _table(doc002, "3.3")
    assert t.repeated_header_lines == [414, 415]
    assert [r.line for r in t.rows] == [408, 409, 410, 411, 412, 416, 417, 418, 419, 420, 421, 422]
    assert t.rows[5].cells[1] == "- Administrasi Umum Perangkat Daerah"


def test_wrapped_cells_are_merged(doc002):
    # 002 Tabel 3.1: one logical row printed over lines 271-277
    t = _table(doc002, "3.1")
    assert len(t.rows) == 1
    row = t.rows[0]
    assert row.lines == (271, 272, 273, 274, 275, 276, 277)
    assert row.cells[4] == "100% (180 Kegiatan)"
    assert row.cells[5:8] == ["111.617.829.255", "102.309.636.358", "91,66"]
    assert row.cells[3] == "Program Penunjang Urusan Pemerintahan Daerah Provinsi"


def test_page_break_continuation_in_lkpj_chapter_iii(doc001):
    # 001 3.1.2 table of Dinas P&K: header repeated at L1424 after a page break; rows on both
    # sides of the break stay in one table with their own lines
    t = next(t for t in doc001.tables if t.start_line <= 1361 <= t.end_line)
    assert t.context.startswith("3.1.2 Capaian kinerja keluaran")
    assert 1424 in t.repeated_header_lines
    lines = [r.line for r in t.rows]
    assert 1361 in lines and 1425 in lines and 1424 not in lines
    first = next(r for r in t.rows if r.line == 1361)
    assert first.cells[2:5] == ["PROGRAM PENGEMBANGAN KURIKULUM", "Input: Rp. 6.470.259.935",
                                "Input: Rp 4.439.039.245 (68%)"]


def test_us_style_table_of_bali(doc004):
    # 004 Tabel 3.9 (L626-668), header repeated at L651
    t = _table(doc004, "3.9")
    assert t.caption.startswith("Tabel 3.9")
    assert 651 in t.repeated_header_lines
    row = next(r for r in t.rows if r.line == 630)
    assert row.cells == ["I", "Program Pembinaan Perpustakaan", "525,774,880.00", "486,215,430.00", "92.48"]
    assert doc004.style == "us"


def test_tables_found_per_document(doc001, doc002, doc003, doc004):
    # every document has tables with captions where the text has them
    assert len(doc001.tables) > 150
    assert sum(t.caption is not None for t in doc001.tables) >= 20
    assert {t.number for t in doc002.tables} >= {"3.1", "3.2", "3.3"}
    assert {t.number for t in doc004.tables} >= {"3.3", "3.4", "3.7", "3.8", "3.9"}
    assert doc003.tables


def test_markup_normalised():
    assert normalise_cell("<p>Input : Rp. 7.335.135.315</p> <p>Output :</p>") == \
        "Input : Rp. 7.335.135.315 | Output :"
    assert normalise_cell('<ul style="list-style-type: none"><li>a</li><li>b &amp; c</li></ul>') == "a | b & c"
    assert normalise_cell("<u>Input:</u> Rp. 61.424.000,-") == "Input: Rp. 61.424.000,-"
    assert normalise_cell("Rp. **4.916.185.685.870**") == "Rp. 4.916.185.685.870"


def test_headings(doc001):
    h = {x.line: x for x in doc001.headings}
    assert h[1329].kind == "numbered" and h[1329].text == "Urusan Pendidikan dan Kebudayaan"
    assert h[1358].number == "3.1.2" and h[1358].depth == 3
    assert h[1327].kind == "lettered" and h[1327].number == "A"
    assert h[1029].kind == "caption"


# ------------------------------------------------------------------ other converters
HTML_ONE_LINE = (
    "Intro text\n"
    "Tabel 9.1 Realisasi Anggaran\n"
    '<table><tr><th rowspan="2">No</th><th rowspan="2">Program</th><th colspan="2">Anggaran</th></tr>'
    "<tr><th>Pagu</th><th>Realisasi</th></tr>"
    "<tr><td>1</td><td><p>Program A</p><p>(lanjutan)</p></td><td>Rp 1.000.000</td><td>Rp 900.000 (90%)</td></tr>"
    '<tr><td rowspan="2">2</td><td>Program B</td><td>2.000.000</td><td>-</td></tr>'
    "<tr><td>Program C</td><td>3.000.000</td><td>#DIV/0!</td></tr></table>\n"
    "after\n"
)


def test_html_table_on_one_line_with_spans():
    doc = parse_document(HTML_ONE_LINE, "x")
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.fmt == "html" and t.number == "9.1"
    assert t.header == [["No", "Program", "Anggaran", ""], ["No", "Program", "Pagu", "Realisasi"]]
    assert [r.cells for r in t.rows] == [
        ["1", "Program A | (lanjutan)", "Rp 1.000.000", "Rp 900.000 (90%)"],
        ["2", "Program B", "2.000.000", "-"],
        ["2", "Program C", "3.000.000", "#DIV/0!"],
    ]
    assert {r.line for r in t.rows} == {3}


def test_html_table_over_several_lines_keeps_row_lines():
    text = "a\n<table>\n<tr><td>No</td><td>Uraian</td><td>Target</td></tr>\n" \
           "<tr><td>1</td><td>X</td><td>10%</td></tr>\n<tr><td>2</td><td>Y</td><td>20%</td></tr>\n</table>\n"
    t = parse_document(text, "x").tables[0]
    assert t.header == [["No", "Uraian", "Target"]]
    assert [(r.line, r.cells[2]) for r in t.rows] == [(4, "10%"), (5, "20%")]


def test_markdown_pipe_table():
    text = ("Tabel 3.9 Capaian Anggaran\n\n| No. | Program | Anggaran (Rp) | Realisasi (Rp.) |\n"
            "|---|---|---:|---:|\n| I | Program **Pembinaan** | 525,774,880.00 | 486,215,430.00 |\n"
            "| II | Program X | 1,000.00 | - |\n\ntext\n")
    doc = parse_document(text, "x")
    t = doc.tables[0]
    assert t.fmt == "markdown" and t.number == "3.9"
    assert t.header == [["No.", "Program", "Anggaran (Rp)", "Realisasi (Rp.)"]]
    assert [(r.line, r.cells[1], r.cells[2]) for r in t.rows] == [
        (5, "Program Pembinaan", "525,774,880.00"), (6, "Program X", "1,000.00")]


def test_same_table_in_three_formats_gives_the_same_cells():
    tab = "Tabel 1\nNo\tNama\tPagu\n1\tA\t1.000.000\n2\tB\t2.000.000\n"
    md = "Tabel 1\n| No | Nama | Pagu |\n|---|---|---|\n| 1 | A | 1.000.000 |\n| 2 | B | 2.000.000 |\n"
    ht = "Tabel 1\n<table><tr><td>No</td><td>Nama</td><td>Pagu</td></tr><tr><td>1</td><td>A</td>" \
         "<td>1.000.000</td></tr><tr><td>2</td><td>B</td><td>2.000.000</td></tr></table>\n"
    cells = [[r.cells for r in parse_document(x, "x").tables[0].rows] for x in (tab, md, ht)]
    assert cells[0] == cells[1] == cells[2] == [["1", "A", "1.000.000"], ["2", "B", "2.000.000"]]


def test_markdown_delimiter_rows_with_short_alignment_cells():
    # GFM delimiter cells need one hyphen, with optional alignment colons: '|:--:|--:|:-|' (as
    # some converters write them) delimits a table like '|---|'; before, a table under such a
    # row was not read at all (its rows were lost)
    rows = "| 1 | Nilai SAKIP | 80 | 75,39 |\n| 2 | Kapabilitas APIP | 3 | 3 |\n"
    head = "Tabel 3.5 Pengukuran Kinerja\n| No | Indikator | Target | Realisasi |\n"
    expected = [["1", "Nilai SAKIP", "80", "75,39"], ["2", "Kapabilitas APIP", "3", "3"]]
    for sep in ("|---|---|---|---|", "|:--:|---|--:|--:|", "| :- | - | -: | :-: |", ":--|:--|--:|--:"):
        tables = parse_document(head + sep + "\n" + rows, "x").tables
        assert [r.cells for r in tables[0].rows] == expected, sep
    # a line of dashes alone, or one cell, is no delimiter row
    assert parse_document("| a | b |\n---\n| 1 | 2 |\n", "x").tables == []


def test_markdown_header_lines_above_the_delimiter_row_join_the_header():
    # a group label over its sub-columns, as converters write a merged header cell in
    # Markdown: the line above the one the delimiter follows is header too (it was prose, and
    # the sub-column labels 'Rp | %' alone named the columns)
    text = ("Tabel 2.4 Realisasi Belanja Daerah\n\n"
            "| Uraian | Anggaran Setelah Perubahan | | Realisasi | |\n"
            "| | Rp | % | Rp | % |\n"
            "|---|---|---|---|---|\n"
            "| Belanja Operasi | 3.500.000.000.000 | 70,0 | 3.200.000.000.000 | 91,43 |\n")
    [t] = parse_document(text, "x").tables
    assert t.header == [["Uraian", "Anggaran Setelah Perubahan", "", "Realisasi", ""], ["", "Rp", "%", "Rp", "%"]]
    assert t.header_lines == [3, 4] and t.start_line == 3 and t.caption == "Tabel 2.4 Realisasi Belanja Daerah"
    assert [r.line for r in t.rows] == [6]
    # a pipe line with values above the header is no header line (not joined)
    [t] = parse_document("| 1 | 2.000 |\n| No | Nama |\n|---|---|\n| 1 | A |\n", "x").tables
    assert t.header == [["No", "Nama"]]


def test_markdown_table_continued_after_a_page_break_is_one_table():
    # converters end a Markdown table at a page break or a blank line, and the rest of it
    # becomes a new table whose first row is made the "header" (a data row, or a section row
    # 'B. | Program …'); the pieces are one table, the data rows kept (the continuation's
    # first row was lost as a header and the rest read without one)
    text = ("Tabel 3.4 Realisasi Anggaran Program Tahun 2023\n\n"
            "| No | Program | Anggaran (Rp) | Realisasi (Rp) | % |\n|---|---|---|---|---|\n"
            "| 1 | Program A | 1.000.000.000 | 900.000.000 | 90,00 |\n"
            "\n<!-- page 12 -->\n\n"
            "| 2 | Program B | 2.000.000.000 | 1.500.000.000 | 75,00 |\n|---|---|---|---|---|\n"
            "| 3 | Program C | 500.000.000 | 450.000.000 | 90,00 |\n"
            "\n"
            "| B. | Program Penunjang | | | |\n|---|---|---|---|---|\n"
            "| 4 | Program D | 100.000.000 | 80.000.000 | 80,00 |\n")
    doc = parse_document(text, "x")
    [t] = doc.tables
    assert t.header == [["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "%"]]
    assert [(r.line, r.cells[1]) for r in t.rows] == [
        (5, "Program A"), (9, "Program B"), (11, "Program C"), (13, "Program Penunjang"), (15, "Program D")]
    assert doc.page_of(9) == 12
    # a table after prose is not joined (a new table, read headerless)
    text2 = text.replace("\n<!-- page 12 -->\n\n", "\nDi bawah ini tabel lain.\n\n")
    assert len(parse_document(text2, "x").tables) == 2


def test_caption_printed_below_a_table():
    # some reports print 'Tabel …' under the table ('Dari tabel diatas …' follows; the
    # Jombang Inspektorat LKjIP 2022 Tabel 2.3): a table without a caption above takes it,
    # 'Sumber:' lines skipped; a caption that starts the next table stays the next table's
    text = ("3.2 Capaian Kinerja\n\nNo\tIndikator\tTarget\tRealisasi\n1\tNilai SAKIP\t80\t75,39\n"
            "Sumber: Bagian Perencanaan, 2024\nTabel 3.2 Capaian Indikator Kinerja Utama Tahun 2023\n\n"
            "Dari tabel diatas diketahui …\n")
    [t] = parse_document(text, "x").tables
    assert (t.caption, t.caption_line, t.name) == ("Tabel 3.2 Capaian Indikator Kinerja Utama Tahun 2023", 6, "Tabel 3.2")
    text = ("No\tIndikator\tTarget\n1\tA\t80\n\nTabel 3.3 Berikutnya\n"
            "No\tIndikator\tTarget\n1\tB\t90\n")
    first, second = parse_document(text, "x").tables
    assert first.caption is None and second.caption == "Tabel 3.3 Berikutnya"


def test_continued_table_after_a_running_header_keeps_the_caption():
    # the next page prints a footer, its number and a running header before the table's header
    # again (too many lines for the pieces to be joined): the piece is the captioned table's
    # continuation and takes its caption, not the running header as its name
    text = ("Tabel 2.2 Review terhadap RKPD Tahun 2017\n\nNo\tKegiatan\tAnggaran (Rp)\n"
            "1\tKegiatan A\t250.000.000\n\nRenja Dinas Contoh\n23\n<!-- page 24 -->\n"
            "Rencana Kerja Dinas Contoh 2017\n\nNo\tKegiatan\tAnggaran (Rp)\n2\tKegiatan B\t150.000.000\n")
    first, second = parse_document(text, "x").tables
    assert second.name == first.name == "Tabel 2.2"
    # another header, or a caption between, is another table
    other = parse_document(text.replace("Rencana Kerja Dinas Contoh 2017", "Tabel 2.3 Lain"), "x").tables[1]
    assert other.name == "Tabel 2.3"


def test_grid_tables_with_border_lines():
    # pandoc grid tables and tabulate's grid formats: '+----+----+' borders around every row,
    # '+====+====+' under the header (or '+----+' only): the same rows as the Markdown table
    rows = [["1", "Program A", "1.250.000.000"], ["2", "Program B", "2.000.000.000"]]
    for under in ("+====+===========+===============+", "+----+-----------+---------------+"):
        text = ("Tabel 3.4 Realisasi Anggaran\n\n+----+-----------+---------------+\n"
                "| No | Program   | Anggaran (Rp) |\n" + under + "\n"
                "| 1  | Program A | 1.250.000.000 |\n+----+-----------+---------------+\n"
                "| 2  | Program B | 2.000.000.000 |\n+----+-----------+---------------+\n\nSumber: X\n")
        [t] = parse_document(text, "x").tables
        assert t.header == [["No", "Program", "Anggaran (Rp)"]] and t.name == "Tabel 3.4"
        assert [r.cells for r in t.rows] == rows and [r.line for r in t.rows] == [6, 8]


def test_pipe_lines_without_a_delimiter_row():
    # some converters write '| a | b |' lines without the '|---|' row: three or more lines of
    # as many cells are a table (the rows were text), the first line its header when it looks
    # like one; two lines, or lines of different widths, are not
    text = ("Tabel 3.4 Realisasi\n\n| No | Program | Anggaran (Rp) |\n| 1 | Program A | 1.250.000.000 |\n"
            "| 2 | Program B | 2.000.000.000 |\n")
    [t] = parse_document(text, "x").tables
    assert t.header == [["No", "Program", "Anggaran (Rp)"]] and [r.line for r in t.rows] == [4, 5]
    assert parse_document("| a | b | c |\n| 1 | 2 | 3 |\n", "x").tables == []
    assert parse_document("| a | b | c |\n| 1 | 2 |\n| 3 | 4 | 5 | 6 |\n", "x").tables == []


def test_html_caption_element_and_line_breaks_in_cells():
    # an HTML table's <caption> is its caption (it was named by the text above); a <br> inside
    # a cell joins a wrapped name as in Markdown cells, and separates list items
    t = ("Teks.\n\n<table><caption>Tabel 3.1 Realisasi Anggaran</caption>"
         "<tr><th>No</th><th>Program</th><th>Anggaran (Rp)</th></tr>"
         "<tr><td>1</td><td>Program Peningkatan Sarana dan<br>Prasarana Aparatur</td><td>1.000.000</td></tr>"
         "<tr><td>2</td><td>1. Rapat<br/>2. Bimtek</td><td>2.000.000</td></tr></table>\n")
    [table] = parse_document(t, "x").tables
    assert (table.caption, table.name) == ("Tabel 3.1 Realisasi Anggaran", "Tabel 3.1")
    assert [r.cells[1] for r in table.rows] == ["Program Peningkatan Sarana dan Prasarana Aparatur",
                                                "1. Rapat | 2. Bimtek"]


def test_markdown_markup_around_a_caption_is_not_part_of_it():
    for cap in ("### Tabel 3.1 Realisasi Anggaran", "*Tabel 3.1 Realisasi Anggaran*", "> Tabel 3.1 Realisasi Anggaran"):
        doc = parse_document(cap + "\n\n| No | Program | Anggaran |\n|---|---|---|\n| 1 | A | 1.000.000 |\n", "x")
        assert doc.tables[0].caption == "Tabel 3.1 Realisasi Anggaran", cap


def test_header_cut_from_its_numbering_row_by_blank_lines():
    # a converter that keeps vertical space as blank lines (pdftotext -layout of a Renja plan
    # form) cuts the labels from the numbering row and the rows: one table, the labels and the
    # numbering row its header (the rows were read under the numbering row alone)
    text = ("Tabel 3.1 Rumusan Rencana Program\n\nNo\tProgram/Kegiatan\tTarget\tPagu Indikatif (Rp.)\n\n\n\n"
            "1\t2\t3\t4\n\n1\tPenilaian Dokumen\t15 dokumen\t250.000.000\n")
    [t] = parse_document(text, "x").tables
    assert t.header == [["No", "Program/Kegiatan", "Target", "Pagu Indikatif (Rp.)"], ["1", "2", "3", "4"]]
    assert [r.line for r in t.rows] == [9] and t.caption == "Tabel 3.1 Rumusan Rencana Program"


# ------------------------------------------------------------------ encodings and errors
def test_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffTabel 1 X\nNo\tNama\tPagu\n1\tA\t1.000.000\n".encode("utf-8"))
    doc = read_document(p, "b")
    assert doc.lines[0] == "Tabel 1 X"
    assert doc.tables[0].rows[0].line == 3


def test_binary_file_is_refused_with_offset(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(b"%PDF-1.7\nabc\n\x00\x01\x02")
    with pytest.raises(DocumentError, match=r"report\.pdf.*NUL byte at byte offset 13, line 3"):
        read_document(p)


def test_undecodable_file_names_offset_and_line(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Tabel 1\nKabupaten Ende\nRealisasi 5\xa0%\n".encode("latin-1"))
    with pytest.raises(DocumentError, match=r"latin1\.txt: not valid UTF-8 at byte offset 34 \(line 3"):
        read_document(p)


def test_decode_bytes_plain():
    assert decode_bytes(b"abc") == "abc"


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_split_tab_plain_and_markup_lines():
    # a plain line (white space folded, a no-break space too) and a line with markup (block tags
    # become ' | ', bold markers and entities go) read alike cell by cell
    from analysis.extract.documents import _split_tab
    assert _split_tab("1\t Belanja  Pegawai\u00a0Daerah \t1.000.000\t\n") == [
        "1", "Belanja Pegawai Daerah", "1.000.000", ""]
    assert _split_tab("<p>Input : Rp. 7</p> <p>Output :</p>\t**98,5** &amp; x\n") == [
        "Input : Rp. 7 | Output :", "98,5 & x"]


def test_norm_key_ascii_and_non_ascii_rows():
    # letters, digits and '%' of the cells, lower-cased; a non-ASCII row keyed cell by cell
    from analysis.extract.documents import _norm_key
    assert _norm_key(["No.", "Anggaran (Rp)", "Realisasi %"]) == "noanggaranrprealisasi%"
    assert _norm_key(["Capaian ≥ 100%", "Ké"]) == "capaian100%k"


# --------------------------------------------------------------------------------------
# Fast searches of the reader (issue 15): each compared with the plain pattern it replaces
# --------------------------------------------------------------------------------------
import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.extract import documents as _documents  # noqa: E402
from analysis.extract.documents import cell_has_number  # noqa: E402

_AMOUNTISH_PLAIN = re.compile(
    r"R[pP]\.?\s*\d|\d\s*%|\d{1,3}(?:[.,]\d{3}){1,}|^\s*[-(]?\d+(?:[.,]\d+)?\)?\s*$|#DIV/0!")
_VALUE_MARK_PLAIN = re.compile(r"R[pP]\.?\s*\d|\d\s*%|\d{1,3}(?:[.,]\d{3})+|#DIV")
_CELL_TEXT = st.lists(st.sampled_from(
    ["1", "23", "456", "0", ".", ",", " ", "\t", "\n", "(", ")", "-", "%", "Rp", "rp", "RP", "R",
     "#DIV/0!", "#DIV", "#", "x", "Dokumen", "\u00a0", "٣"]), max_size=20).map("".join)


@given(_CELL_TEXT)
@settings(max_examples=500, deadline=None)
def test_cell_has_number_is_the_plain_search(cell):
    assert cell_has_number(cell) == (bool(cell) and bool(_AMOUNTISH_PLAIN.search(cell)))


@given(_CELL_TEXT)
@settings(max_examples=500, deadline=None)
def test_value_mark_is_the_plain_search(text):
    assert bool(_documents._VALUE_MARK.search(text)) == bool(_VALUE_MARK_PLAIN.search(text))


def test_cell_has_number_examples():
    # cells of 001 (Rp amount, percentage, bare number, spreadsheet error) and prose
    assert cell_has_number("Rp. 7.335.135.315") and cell_has_number("68,74%")
    assert cell_has_number(" (12,5) ") and cell_has_number("#DIV/0!")
    assert not cell_has_number("Terlaksananya Pemeriksaan PNS Bermasalah 15 PNS")
    assert not cell_has_number("")


def _clean_rows_plain(header, raw_rows, width):
    """_clean_rows as first written: every row keyed whole, every repeat test on every row."""
    from analysis.extract.documents import Row, _cell_key, _headerish, _is_continuation, _norm_key, _pad
    from analysis.extract.documents import is_numbering_row

    def repeats_header(cells, header_key):
        nonempty = [c for c in cells if c.strip()]
        if len(nonempty) < 2:
            return False
        if not all(_cell_key(c) and _cell_key(c) in header_key for c in nonempty):
            return False
        return _headerish(cells, first=False) and not is_numbering_row(cells)

    hkeys = [_norm_key(h) for h in header]
    hall = "".join(hkeys)
    rows, repeats = [], []
    for raw in raw_rows:
        if hkeys and (key := _norm_key(raw.cells)) and (key in hkeys or repeats_header(raw.cells, hall)):
            repeats.append(raw.line)
            continue
        cells = _pad(raw.cells, width)
        if rows and _is_continuation(rows[-1], cells):
            prev = rows[-1]
            merged = [(a + " " + b).strip() if b.strip() else a for a, b in zip(_pad(prev.cells, width), cells)]
            more = tuple(x for x in raw.lines if x not in prev.lines)
            rows[-1] = Row(prev.line, merged, prev.raw + "\n" + raw.raw, prev.lines + more)
        else:
            rows.append(Row(raw.line, cells, raw.raw, raw.lines))
    return rows, repeats


_HEADER_CELL = st.sampled_from(["No", "Uraian", "Target", "Realisasi", "Capaian (%)", "", "Tahun 2023",
                                "Anggaran (Rp)", "1", "2", "(3)"])
_DATA_CELL = st.sampled_from(["", "1", "Belanja", "Uraian", "Target Realisasi", "No", "12,5 %", "Rp 5.000",
                              "2023", "Output: laporan", "lanjutan teks", "(180 Kegiatan)", "Capaian (%)"])


@given(st.lists(st.lists(_HEADER_CELL, min_size=1, max_size=5), max_size=2),
       st.lists(st.lists(_DATA_CELL, min_size=1, max_size=5), max_size=8))
@settings(max_examples=400, deadline=None)
def test_clean_rows_is_the_plain_form(header, data):
    from analysis.extract.documents import Row, _clean_rows
    width = max([len(c) for c in header + data] + [1])

    def fresh():
        return [Row(i, list(c), "\t".join(c), (i,)) for i, c in enumerate(data, start=10)]
    fast_rows, fast_rep = _clean_rows(header, fresh(), width)
    plain_rows, plain_rep = _clean_rows_plain(header, fresh(), width)
    assert fast_rep == plain_rep
    assert fast_rows == plain_rows


def test_has_value_of_header_cells():
    # header words, years and unit markers are no values; amounts and spreadsheet errors are
    from analysis.extract.documents import _has_value
    assert not _has_value("Uraian") and not _has_value("Tahun 2023") and not _has_value("Anggaran (Rp.000)")
    assert not _has_value("(Rp)") and not _has_value("%")
    assert _has_value("1.234.567") and _has_value("#DIV/0!") and _has_value("98,5 %")


def test_long_lines_are_listed_only_outside_tables():
    from analysis.extract.documents import MAX_TEXT_LINE
    long = "x" * (MAX_TEXT_LINE + 1)
    doc = parse_document(f"judul\n{long}\nA\tB\n1\t2\n", "009")
    assert doc.long_lines() == [(2, MAX_TEXT_LINE + 1)]
    assert parse_document("judul\nA\tB\n", "009").long_lines() == []


@given(st.lists(st.sampled_from(["a", "1", " ", "  ", "\t", "\n", "**", "<p>", "</b>", "&amp;", "\u00a0",
                                 "\x00", "\u2003", "Rp", ","]), max_size=20).map("".join))
@settings(max_examples=500, deadline=None)
def test_split_tab_normalises_every_cell(line):
    assert _documents._split_tab(line) == [normalise_cell(c) for c in line.rstrip("\n").split("\t")]


def test_page_markers_and_text_without_them():
    marked = parse_document("<!-- page 1 -->\nA\tB\n1\t2\n<!-- page 2 -->\n3\t4\n", "009")
    assert marked.line_pages == [1, 1, 1, 2, 2]
    assert [r.cells for r in marked.tables[0].rows] == [["1", "2"], ["3", "4"]]  # one table across
    plain = parse_document("A\tB\n1\t2\nsee <!-- page 3 --> here\n", "009")
    assert plain.line_pages == [None, None, None] and plain.lines[2] == "see <!-- page 3 --> here"


def _is_continuation_plain(prev, cells):
    """_is_continuation as first written: the tests on the row's own cells first."""
    d = _documents
    if not cells or cells[0].strip():
        return False
    nonempty = [j for j, c in enumerate(cells) if c.strip()]
    if not nonempty or any(d._STRUCTURAL.match(cells[j]) for j in nonempty):
        return False
    if _VALUE_MARK_PLAIN.search("\x00".join([cells[j] for j in nonempty])):
        return False
    if any(d._BARE_NUMBER.fullmatch(cells[j]) or d._STARTS_WITH_DIGIT.match(cells[j])
           or cells[j].rstrip().endswith(":") for j in nonempty):
        return False
    if len(nonempty) >= max(2, len([j for j, c in enumerate(prev.cells) if c.strip()])):
        return False
    for j in nonempty:
        if j >= len(prev.cells) or not prev.cells[j].strip():
            return False
        # a digit that is no part of a word (the 3 of 'FORK3PANRB' is)
        value = any(ch.isdigit() and not (k and prev.cells[j][k - 1].isalpha()) for k, ch in enumerate(prev.cells[j]))
        if value and len(prev.cells[j]) <= 40 and not cells[j].lstrip().startswith("("):
            return False
    return True


_WRAP_CELL = st.sampled_from(["", "lanjutan", "(180 Kegiatan)", "76,99", "WTP", "Output: x", "1 Dokumen",
                              "Rp 5.000", "12", "Sasaran:", "teks yang panjang " * 3, "Rapat FORK3PANRB", "K3"])


@given(st.lists(_WRAP_CELL, min_size=1, max_size=5), st.lists(_WRAP_CELL, min_size=1, max_size=5))
@settings(max_examples=500, deadline=None)
def test_is_continuation_is_the_plain_test(prev_cells, cells):
    from analysis.extract.documents import Row, _is_continuation
    prev = Row(1, prev_cells, "\t".join(prev_cells))
    assert _is_continuation(prev, cells) == _is_continuation_plain(prev, cells)


def test_is_continuation_examples():
    from analysis.extract.documents import Row, _is_continuation
    prev = Row(5, ["1", "Program penyediaan", "Dokumen", "100%"], "")
    assert _is_continuation(prev, ["", "jasa kantor", "", ""])
    assert _is_continuation(prev, ["", "", "", "(180 Kegiatan)"])   # a remark under the value
    assert not _is_continuation(prev, ["", "", "", "WTP"])             # text under a value
    assert not _is_continuation(prev, ["", "12", "", ""])            # a number starts a new row
    assert not _is_continuation(prev, ["", "Output: laporan", "", ""])  # a structural row
    assert not _is_continuation(prev, ["2", "Program lain", "", ""])    # first cell filled
    # a code with a digit inside a word is no value: the wrapped line below goes on it
    # (a Renja plan table printed without rules: 'Terlaksananya Rapat FORK3PANRB' / 'Terlaksananya')
    coded = Row(7, ["1", "Rapat Forum", "Terlaksananya Rapat FORK3PANRB", "1 kali", "200,000"], "")
    assert _is_continuation(coded, ["", "Pendayagunaan", "Terlaksananya", "", ""])


def test_html_parser_is_imported_only_for_html_tables():
    """``html.parser`` is loaded on the first HTML table, not with the reader (issue 15); the
    table is read as before: th row as header, rowspan copied down."""
    import subprocess
    import sys

    code = (
        "import sys; import analysis.extract.documents as d; "
        "print('html.parser' in sys.modules); "
        "t = d._html_table('<table><tr><th>A</th><th>B</th></tr><tr><td rowspan=2>x</td><td>1</td></tr>"
        "<tr><td>2</td></tr></table>', 1); "
        "print(t.header, [r.cells for r in t.rows], 'html.parser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["False", "[['A', 'B']] [['x', '1'], ['x', '2']] True"]


@given(st.lists(st.sampled_from(["a", "1", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f",
                                 "\x85", "\u2003", "\u3000", "\u2028", "Rp", ","]), max_size=20).map("".join))
@settings(max_examples=500, deadline=None)
def test_split_tab_folds_every_kind_of_white_space(line):
    # the fast path of a line without markup folds the line's white space at once: the same as
    # folding each cell's (' '.join(c.split())) for every character str.split takes as a space
    assert _documents._split_tab(line) == [" ".join(c.split()) for c in line.rstrip("\n").split("\t")]


# --------------------------------------------------------------------------------------
# Headers closed by a column-numbering row; a new table inside a TAB block
# --------------------------------------------------------------------------------------
_EVAL_HEAD = (
    "Kode\tProgram/Kegiatan\tIndikator Kinerja\tTarget dan Realisasi Kinerja Program dan Kegiatan Tahun Lalu\t\t\n"
    "\t\t\tTarget Renja Perangkat Daerah Tahun 2023\t"
    "Realisasi Capaian Program dan Kegiatan s/d Tahun berjalan (tahun 2024)\tTingkat Realisasi (%)\n"
    "1\t2\t3\t4\t5\t6 = (5/4)\n")


def test_header_of_long_labels_is_closed_by_its_numbering_row():
    # the second header row has a 70-character label (longer than a header row after the first
    # may be) and the numbering row carries a formula: all three rows are the header, and their
    # repeat after a page break is removed whole instead of being read as data
    text = (_EVAL_HEAD
            + "1.01\tPembinaan Kader\tJumlah kader\t100 orang\t90 orang\t90,00\n"
            + "<!-- page 2 -->\n" + _EVAL_HEAD
            + "1.02\tPelatihan Guru\tJumlah guru\t50 orang\t50 orang\t100,00\n")
    [t] = parse_document(text, "t").tables
    assert t.header_lines == [1, 2, 3]
    assert t.repeated_header_lines == [6, 7, 8]
    assert [(r.line, r.cells[3]) for r in t.rows] == [(4, "100 orang"), (9, "50 orang")]


def test_labels_below_the_numbering_row_stay_header_but_a_coded_row_is_data():
    # 'K | Rp' under each quarter continues the header; '2 | 05 | Program …' is the first row
    quarters = ("Program/Kegiatan\tIndikator\tRealisasi Triwulan I\t\tRealisasi Triwulan II\t\n"
                "1\t2\t3\t\t4\t\n"
                "\t\tK\tRp\tK\tRp\n"
                "Program Kesehatan\tCakupan imunisasi\t20\t1.000.000\t45\t2.500.000\n")
    [t] = parse_document(quarters, "t").tables
    assert (t.header_lines, [r.line for r in t.rows]) == ([1, 2, 3], [4])
    coded = ("Kode\t\tProgram/Kegiatan\tTarget Tahun 2024\n"
             "1\t\t2\t3\n"
             "2\t05\tProgram Pembinaan Koperasi\t\n"
             "2\t05\tPelatihan Pengurus Koperasi\t300.000.000\n")
    [t] = parse_document(coded, "t").tables
    assert (t.header_lines, [r.line for r in t.rows]) == ([1, 2], [3, 4])


def test_a_header_with_its_own_numbering_row_starts_a_new_table():
    # two tables printed without a blank line between them (across a page break): the second
    # header, closed by a different numbering row, starts the second table; a repeat of the
    # first table's header (same numbering row) does not
    text = (_EVAL_HEAD
            + "1.01\tPembinaan Kader\tJumlah kader\t100 orang\t90 orang\t90,00\n"
            + "<!-- page 2 -->\n"
            + "\t\tRencana Tahun 2025\t\t\tPrakiraan Maju Tahun 2026\n"
            + "No\tProgram/Kegiatan\tTarget Capaian Kinerja\tPagu Indikatif (Rp)\tSumber Dana\tTarget\n"
            + "1\t2\t3\t4\t5\t6\n"
            + "1\tPembinaan Kader\t120 orang\t150.000.000\tAPBD\t130 orang\n")
    first, second = parse_document(text, "t").tables
    assert (first.start_line, first.end_line, [r.line for r in first.rows]) == (1, 4, [4])
    assert (second.start_line, second.header_lines, [r.line for r in second.rows]) == (6, [6, 7, 8], [9])
    assert second.header[1][3] == "Pagu Indikatif (Rp)"


def test_caption_in_an_html_paragraph_above_an_html_table():
    # an HTML conversion (Word → HTML): '<p>Tabel 3.5 …</p>' above '<table>' is the caption
    text = ("<h2>BAB III AKUNTABILITAS KINERJA</h2>\n"
            "<p>Tabel 3.5 Realisasi Anggaran per Program Tahun 2023</p>\n"
            "<table>\n<tr><th>No</th><th>Program</th><th>Anggaran (Rp)</th><th>Realisasi (Rp)</th></tr>\n"
            "<tr><td>1</td><td>Program A</td><td>1.250.000.000</td><td>1.180.500.000</td></tr>\n</table>\n")
    [t] = parse_document(text, "t").tables
    assert (t.caption, t.caption_line, t.number) == ("Tabel 3.5 Realisasi Anggaran per Program Tahun 2023", 2, "3.5")


# --------------------------------------------------------------------------------------
# Characters converters write without meaning of their own
# --------------------------------------------------------------------------------------
def test_invisible_characters_ligatures_and_thin_spaces_do_not_hide_values():
    """A zero-width space inside a number, a soft hyphen in a header word, a ligature in a
    caption and thousands set apart by narrow no-break spaces (U+202F): before, the target and
    realisation of row 2 were empty and the budget row with the spaced amounts was missing."""
    from analysis.extract.base import DocMeta
    from analysis.extract.budget import extract_budget
    from analysis.extract.indicators import extract_indicators

    text = "\n".join([
        "Tabel 3.15 E\ufb01siensi Penggunaan Sumber Daya Tahun 2023",
        "No\tIndi\u00adkator Kinerja\tTarget\tRealisasi\tCapaian (%)",
        "1\tIndeks Kepuasan Masyarakat\t82,5\t84,12\t101,96",
        "2\tPersentase jalan mantap\t6\u200b0\t6\u200b5\t108,33",
        "",
        "Tabel 3.16 Realisasi Anggaran Program",
        "No\tProgram\tAnggaran (Rp)\tRealisasi (Rp)\t%",
        "1\tProgram Penunjang Urusan\t1\u202f234\u202f567\u202f890\t1\u202f000\u202f000\u202f000\t81,00",
        "2\tProgram Pelayanan\tRp\u200b2.000.000.000\tRp 1.500.000.000\t75,00",
    ]) + "\n"
    doc = parse_document(text, "t")
    assert doc.tables[0].caption.startswith("Tabel 3.15 Efisiensi")
    meta = DocMeta("t", "x.txt", "", "Jawa Tengah", 2023, "LKjIP", "Dinas Contoh", "")
    ind = extract_indicators(doc, meta).rows
    assert ind[["target", "actual"]].values.tolist() == [[82.5, 84.12], [60, 65]]
    bud = extract_budget(doc, meta).rows
    assert bud[["name", "budget", "realization"]].values.tolist() == [
        ["Program Penunjang Urusan", 1_234_567_890, 1_000_000_000],
        ["Program Pelayanan", 2_000_000_000, 1_500_000_000]]


def test_spaced_digits_outside_money_columns_are_no_amounts():
    from analysis.extract.budget import amount_cells

    doc = parse_document("No\tUraian\tJumlah Penduduk\n1\tKupang\t1 234 567\n", "t")
    assert amount_cells(doc.tables[0].rows[0], doc.tables[0]) == []
