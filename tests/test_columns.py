"""Column labels and roles (analysis.extract.columns) on real tables of the bundled documents,
English and misspelled headers, header-less tables (content fallback) and numbering rows."""

import pytest

from analysis.extract.columns import (
    column_labels,
    column_roles,
    column_stacks,
    content_role,
    document_split_header,
    header_role,
    header_rows,
    is_data_row,
    is_header_row,
    is_label_row,
    split_header,
)
from analysis.extract.documents import parse_document

from conftest import load_doc


def _table(doc_id: str, line: int):
    return next(t for t in load_doc(doc_id).tables if t.start_line == line)


def _roles(table):
    header, rows = header_rows(table)
    return [(c.role, c.year) for c in column_roles(column_stacks(header, table.n_cols))]


def test_001_tabel_2_4_spanning_header_labels():
    # 001 Tabel 2.4, lines 1032-1033: 'APBD PERUBAHAN' printed once over three sub-columns
    t = _table("001", 1032)
    assert t.header_lines == [1032, 1033]
    assert column_labels(t) == (
        "no",
        "perangkat daerah pengusung urusan pemerintahan daerah",
        "apbd perubahan pendapatan (rp.)",
        "apbd perubahan belanja (rp.)",
        "apbd perubahan surplus/(defisit) (rp.)",
        "anggaran belanja setelah perubahan (rp.)",
        "realisasi (rp.)",
        "%",
    )
    roles = [r for r, _ in _roles(t)]
    # the bare '%' after the money columns is the budget's absorption (neighbour-dependent role)
    assert roles == ["no", "text", "budget", "budget", "budget", "budget", "realisation_amount", "budget_pct"]


def test_001_tabel_3_1_year_group_and_numbering_row():
    # 001 Tabel 3.1, lines 4328-4330: '2023' over 'Target | Realisasi', numbering row '1 2 3 4 5 _ 6'
    t = _table("001", 4328)
    assert len(t.header) == 3
    assert column_labels(t) == (
        "no", "sasaran strategis", "indikator kinerja", "kondisi awal 2022", "2023 target",
        "2023 realisasi", "formula indikator",
    )
    assert _roles(t)[:6] == [
        ("no", None), ("objective", None), ("indicator", None), ("baseline", 2022),
        ("target", 2023), ("actual", 2023),
    ]


def test_001_3_1_1_target_output_header():
    # 001 section 3.1.1 table at line 2608: 'Target/Output' spans 'Kondisi Awal (2022)' and '2023'
    t = _table("001", 2608)
    labels = column_labels(t)
    assert labels[2:4] == ("target/output kondisi awal (2022)", "target/output 2023")
    assert _roles(t)[:4] == [("objective", None), ("indicator", None), ("baseline", 2022), ("target", 2023)]


def test_001_kabupaten_table_labels_and_content_roles():
    # 001 Tabel 1.2, lines 675-676: population per kabupaten/kota, 'PENDUDUK' over L / P / Jumlah
    t = _table("001", 675)
    assert column_labels(t) == (
        "no", "kabupaten/kota", "penduduk laki-laki (jiwa)", "penduduk perempuan (jiwa)",
        "penduduk jumlah (jiwa)",
    )
    header, rows = header_rows(t)
    cols = column_roles(column_stacks(header, t.n_cols), [[r.cells[j] for r in rows] for j in range(t.n_cols)])
    assert [c.role for c in cols] == ["no", "region", "number", "number", "number"]
    assert [c.source for c in cols] == ["header", "header", "content", "content", "content"]


def test_004_tabel_3_7_us_style_performance_and_budget_groups():
    # 004 Tabel 3.7, lines 548-549 (amounts printed US style, '3,011,723,150'): 'Kinerja' and
    # 'Anggaran' groups of Target / Realisasi / Capaian %
    t = _table("004", 548)
    assert column_labels(t)[2:8] == (
        "kinerja target", "kinerja realisasi", "kinerja capaian %",
        "anggaran target (rp.)", "anggaran realisasi (rp.)", "anggaran capaian %",
    )
    assert [r for r, _ in _roles(t)] == [
        "no", "indicator", "target", "actual", "achievement", "budget", "realisation_amount",
        "budget_pct", "text",
    ]


def test_004_tabel_3_3_two_year_groups():
    # 004 Tabel 3.3, lines 476-477: a year row (2023, 2024) under Target / Realisasi / % Capaian
    t = _table("004", 476)
    assert _roles(t)[3:] == [
        ("target", 2023), ("actual", 2023), ("achievement", 2023),
        ("target", 2024), ("actual", 2024), ("achievement", 2024),
    ]


def test_004_tabel_2_2_numbering_row_skipped():
    # 004 Tabel 2.2, lines 358-359: numbering row '(1) ... (6)' under the labels
    t = _table("004", 358)
    assert t.header[1][0] == "(1)"
    assert column_labels(t) == ("no.", "tujuan", "sasaran renstra", "indikator kinerja", "satuan", "target")
    assert [r for r, _ in _roles(t)] == ["no", "text", "objective", "indicator", "unit", "target"]


def test_002_tabel_3_1_stray_page_number_is_no_label():
    # 002 Tabel 3.1, line 270: the page number '140' printed in the second header row under 'No'
    t = _table("002", 269)
    assert t.header[1][0] == "140"
    assert column_labels(t)[0] == "no"
    assert column_labels(t)[3] == "program/ kegiatan"


@pytest.mark.parametrize("text, role, year", [
    ("Performance Indicator", "indicator", None),
    ("Key Performance Indicator", "indicator", None),
    ("Realization 2023", "actual", 2023),
    ("Realisi 2023", "actual", 2023),
    ("Relisasi", "actual", None),
    ("Indkator Kinerja", "indicator", None),
    ("Target 2024", "target", 2024),
    ("Achievement (%)", "achievement", None),
    ("Budget", "budget", None),
    ("Budget Realization", "realisation_amount", None),
    ("Unit", "unit", None),
    ("Baseline", "baseline", None),
    ("Strategic Objective", "objective", None),
    ("Regency/City", "region", None),
    ("2023", "year", 2023),
    ("TA. 2023", "year", 2023),
    ("Tahun 2022", "year", 2022),
    ("%", "percent", None),
])
def test_english_and_misspelled_header_words(text, role, year):
    assert header_role(text) == (role, year)


def test_english_header_table_roles():
    text = ("No\tStrategic Objective\tPerformance Indicator\tUnit\tTarget 2023\tRealization 2023\tAchievement (%)\n"
            "1\tGood governance\tBureaucracy reform index\tIndex\t75\t76,5\t102\n")
    t = parse_document(text, "x").tables[0]
    assert [(c.role, c.year) for c in column_roles(column_stacks(t.header, t.n_cols))] == [
        ("no", None), ("objective", None), ("indicator", None), ("unit", None),
        ("target", 2023), ("actual", 2023), ("achievement", None),
    ]


def test_same_header_same_labels_in_tab_markdown_html():
    tab = "No\tIndikator\tTarget\tRealisasi\n1\tIndeks A\t80\t82\n"
    md = "| No | Indikator | Target | Realisasi |\n|---|---|---|---|\n| 1 | Indeks A | 80 | 82 |\n"
    html = ("<table><tr><th>No</th><th>Indikator</th><th>Target</th><th>Realisasi</th></tr>"
            "<tr><td>1</td><td>Indeks A</td><td>80</td><td>82</td></tr></table>\n")
    labels = {fmt: column_labels(parse_document(text, "x").tables[0]) for fmt, text in
              (("tab", tab), ("markdown", md), ("html", html))}
    assert labels["tab"] == labels["markdown"] == labels["html"] == ("no", "indikator", "target", "realisasi")


def test_headerless_numeric_table_content_fallback():
    # no header words at all: the roles come from the cells (row numbers, a name column, a unit
    # column, two numeric columns without % or Rp)
    cells = [["1", "2", "3"], ["Luas tanam padi", "Produksi jagung", "Populasi sapi"],
             ["Ha", "Ton", "Ekor"], ["12.500", "8.300", "1.204"], ["12.750", "8.010", "1.300"]]
    cols = column_roles([""] * 5, cells)
    assert [c.role for c in cols] == ["no", "name", "unit", "number", "number"]
    assert all(c.source == "content" for c in cols)
    # without the cells, an unlabelled column stays text
    assert [c.role for c in column_roles([""] * 5)] == ["text"] * 5


def test_header_roles_win_over_content():
    # a labelled column keeps its header role; only the column whose header says nothing reads
    # its cells
    cols = column_roles(["Indikator", "", "Target"], [["Indeks A", "Indeks B"], ["Persen", "Indeks"], ["80", "3"]])
    assert [(c.role, c.source) for c in cols] == [
        ("indicator", "header"), ("unit", "content"), ("target", "header")]


def test_content_role_rules():
    assert content_role(["87%", "56%", "100"]) == "number"        # 3 of 3 numbers
    assert content_role(["87%", "n/a", "tidak ada"]) == "text"    # 1 of 3 < 0.6
    assert content_role(["Persen", "Dokumen", "Indeks"]) == "unit"
    assert content_role(["I", "II", "III"]) == "no"
    assert content_role(["", ""]) == "text"


def test_header_row_predicates():
    # 001 Tabel 3.1 (line 4804 area): 'Anggaran (Rp) | Realisasi (Rp) | %' is a header row
    assert is_header_row(["No.", "Sumber Dana", "Anggaran (Rp)", "Realisasi (Rp)", "%"])
    assert not is_header_row(["", "Belanja Langsung", "2.845.621.658", "2.755.714.092", "96,84"])
    # 004 Tabel 3.3 line 477: a row of years under the labels
    assert is_label_row(["", "", "", "2023", "", "", "2024", "", ""])
    assert is_label_row(["", "Target 2023", "Realisasi 2024"])
    assert not is_label_row(["", "Target", "Dinas Pendidikan"])  # one label word only
    assert not is_label_row(["1", "Target", "Realisasi 85"])     # a number outside brackets


def test_labels_cached_per_table_and_header():
    t = _table("001", 1032)
    assert column_labels(t) is column_labels(t)
    other = column_labels(t, [["A", "B"]])
    assert other[:2] == ("a", "b") and other != column_labels(t)


def test_one_header_row_rule_for_every_extractor():
    # budget tables: 'Anggaran (Rp.000) | Realisasi (Rp.000) | %' (rupiah unit markers are no numbers)
    assert is_header_row(["", "Anggaran (Rp.000)", "Realisasi (Rp.000)", "%"])
    # performance tables: a year row under a spanning 'Target Kinerja Pada Tahun' (004 Tabel 2.1 L343)
    assert is_label_row(["", "", "", "", "2020", "2021", "2022", "2023", "2024"])
    # English and misspelled words count after canonical_header
    assert is_label_row(["Indicator", "Realisi"])
    # a numbering row is a header row but not a row of labels
    assert is_header_row(["(1)", "(2)", "(3)"]) and not is_label_row(["(1)", "(2)", "(3)"])
    # a data row of 004 Tabel 3.7 (line 550, US-style amount) is neither
    row = ["1", "Persentase Perangkat Daerah Yang Reformasi Birokrasinya Baik", "87%", "87%", "100", "3,011,723,150"]
    assert not is_header_row(row) and not is_label_row(row)


def test_budget_subheader_row_roles():
    # a row relabelling the columns inside a budget table ('Program | | Anggaran (Rp.) | Ket.'):
    # the budget extractor's sub-header rule is 'a label row with a programme and a budget column'
    from analysis.extract.budget import _subheader
    from analysis.extract.documents import Row

    cells = ["Program", "", "Anggaran (Rp.)", "Ket."]
    assert [c.role for c in column_roles(cells)] == ["program", "text", "budget", "text"]
    assert _subheader(Row(1, cells, "\t".join(cells))) == ["program", "", "anggaran (rp.)", "ket."]
    # English words, same rule
    assert _subheader(Row(1, ["Programme", "Budget (Rp)"], "")) == ["programme", "budget (rp)"]
    # a data row with an amount is no sub-header
    assert _subheader(Row(1, ["Program A", "1.250.000.000"], "")) is None


# ---------------------------------------------------------------------------------------------
# split_header: which printed header rows are data, which data rows are header
# ---------------------------------------------------------------------------------------------
def test_split_header_001_section_row_under_header_is_data():
    # 001 line 3196: 'URUSAN KEARSIPAN' printed under the labels of line 3195 is a section row
    t = _table("001", 3195)
    assert t.header_lines == [3195, 3196]
    head = split_header(t)
    assert head.header_lines == [3195]
    assert [r.line for r in head.lead] == [3196]
    assert [r.line for r in head.rows][:3] == [3196, 3197, 3198]
    assert head.rows[0].cells[0] == "URUSAN KEARSIPAN"


def test_split_header_001_tabel_18_first_programme_row_is_data():
    # 001 Tabel 18, line 3713: '1. | Peningkatan Daya Tarik Destinasi Pariwisata' is the first
    # programme, not a third header row; 'Target | Realisasi' (line 3712) stays a header row
    t = _table("001", 3711)
    head = split_header(t)
    assert head.header_lines == [3711, 3712]
    assert [r.line for r in head.lead] == [3713]
    assert head.rows[0].cells[:2] == ["1.", "Peningkatan Daya Tarik Destinasi Pariwisata"]


def test_split_header_001_tabel_2_2_sub_header_without_label_words_stays():
    # 001 Tabel 2.2, line 959: 'Pendapatan Asli Daerah (PAD) | Pendapatan Transfer | ...' has no
    # label word but is the sub-header of 'Sumber Pendapatan'
    t = _table("001", 958)
    head = split_header(t)
    assert head.header_lines == [958, 959] and head.lead == []
    assert [r.line for r in head.rows] == [960, 961, 962, 963]


def test_split_header_folds_label_row_under_caption_like_header():
    text = ("Realisasi Anggaran Tahun 2023\t\t\n"
            "Uraian\tAnggaran (Rp)\tRealisasi (Rp)\n"
            "Belanja Pegawai\t1.000.000\t900.000\n")
    head = split_header(parse_document(text, "x").tables[0])
    assert head.header[-1] == ["Uraian", "Anggaran (Rp)", "Realisasi (Rp)"]
    assert [r.cells[0] for r in head.rows] == ["Belanja Pegawai"]


def test_split_header_inherits_header_across_page_break():
    # a headerless piece right below a table (a page marker between) takes the table's header
    text = ("No\tUraian\tAnggaran (Rp)\tRealisasi (Rp)\n"
            "1\tBelanja Pegawai\t1.000.000\t900.000\n\n<!-- page 2 -->\n\n"
            "2\tBelanja Barang\t2.000.000\t1.500.000\n"
            "3\tBelanja Modal\t3.000.000\t2.500.000\n")
    first, second = parse_document(text, "x").tables
    assert second.header == []
    above = (first, split_header(first))
    head = split_header(second, above)
    assert head.inherited and head.header == [["No", "Uraian", "Anggaran (Rp)", "Realisasi (Rp)"]]
    assert [r.cells[1] for r in head.rows] == ["Belanja Barang", "Belanja Modal"]
    assert not split_header(second).inherited


@pytest.mark.parametrize("cells, data", [
    (["", "", "", "LAKI-LAKI", "PEREMPUAN"], False),  # 002 line 100: sub-header of 'Jumlah'
    (["", "", "I II III IV", "", ""], False),  # quarters under 'Realisasi Triwulan'
    (["1", "KAB. ALOR", "3", "20", "", ""], True),  # 001 line 6748: first kabupaten row
    (["", "PENUTUP"], True),  # 003 line 1144: a section
    (["", "", "", "Target", "Realisasi", ""], False),
])
def test_is_data_row_real_rows(cells, data):
    assert is_data_row(cells) is data


# ---------------------------------------------------------------------------------------------
# Roles that depend on the neighbouring columns
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("labels, roles", [
    # '%' after Anggaran / Realisasi money columns: the budget's absorption
    (["Uraian", "Anggaran (Rp)", "Realisasi (Rp)", "%"],
     ["indicator", "budget", "realisation_amount", "budget_pct"]),
    # 001 Tabel 1.6 (line 808): 'Persen (%)' after Target (Rp.) / Realisasi (Rp.)
    (["No", "Sumber Pendapatan", "Target (Rp.)", "Realisasi (Rp.)", "Persen (%)"],
     ["no", "text", "budget", "realisation_amount", "budget_pct"]),
    # '%' after Target / Realisasi performance columns: the achievement
    (["Indikator Kinerja", "Target", "Realisasi", "%"], ["indicator", "target", "actual", "achievement"]),
    # a bare 'Realisasi' right after a budget column is the budget's realisation
    (["Program", "Pagu", "Realisasi", "Capaian"], ["program", "budget", "realisation_amount", "budget_pct"]),
    # ... but not a performance realisation (001 Tabel 3.4, lines 4911-4912)
    (["Program", "Target Kinerja", "Target Anggaran", "Realisasi Kinerja", "Realisasi Anggaran"],
     ["program", "target", "budget", "actual", "realisation_amount"]),
    # a percentage of the realisation printed as 'Realisasi Anggaran (%)' (102 Tabel 3.5)
    (["Indikator Kinerja", "Target", "Realisasi", "Anggaran (Rp.)", "Realisasi Anggaran (%)"],
     ["indicator", "target", "actual", "budget", "budget_pct"]),
    # English header
    (["Description", "Budget", "Realization", "%"], ["indicator", "budget", "realisation_amount", "budget_pct"]),
])
def test_neighbour_dependent_roles(labels, roles):
    assert [c.role for c in column_roles(labels)] == roles


def test_document_split_header_001_line_43_lead_rows_raw_from_the_document():
    # 001 lines 43-46: the reader took 'Sekretaris Daerah', 'Asisten Pemerintahan dan Kesra' and
    # 'Plt. Kepala Biro Pemerintahan' (lines 44-46, printed with a trailing TAB) as header rows;
    # they are data rows. With
    # raw_from_doc the lead rows keep their lines as printed, otherwise the cells joined.
    doc = load_doc("001")
    t = next(t for t in doc.tables if t.start_line == 43)
    from_doc = document_split_header(doc, t, raw_from_doc=True)
    joined = document_split_header(doc, t)
    assert [(r.line, r.raw) for r in from_doc.lead] == [
        (44, "Sekretaris Daerah\t"), (45, "Asisten Pemerintahan dan Kesra\t"),
        (46, "Plt. Kepala Biro Pemerintahan\t")]
    assert [r.raw for r in joined.lead][:1] == ["Sekretaris Daerah"]
    assert from_doc == split_header(t, doc=doc) and joined == split_header(t)


def test_document_split_header_copies_are_independent():
    # the split is shared per document: changing one caller's lists leaves the next call's alone
    doc = load_doc("001")
    t = next(t for t in doc.tables if t.start_line == 43)
    first = document_split_header(doc, t, raw_from_doc=True)
    first.lead[0].cells.append("changed")
    first.header.append(["changed"])
    first.rows.pop()
    again = document_split_header(doc, t, raw_from_doc=True)
    assert again.lead[0].cells[-1] != "changed" and ["changed"] not in again.header
    assert again.rows[0] is again.lead[0] and again == split_header(t, doc=doc)


def test_document_split_header_004_line_482_inherits_the_header_of_line_476():
    # 004: the table at line 482 is the headerless continuation, after a page break, of the
    # table at line 476 (No | Tujuan/ Sasaran | Indikator Kinerja | Target | Realisasi | ...)
    doc = load_doc("004")
    above = next(t for t in doc.tables if t.start_line == 476)
    t = next(t for t in doc.tables if t.start_line == 482)
    above_head = document_split_header(doc, above)
    head = document_split_header(doc, t, (above, above_head))
    assert head.inherited and head.header[0][:3] == ["No", "Tujuan/ Sasaran", "Indikator Kinerja"]
    assert not document_split_header(doc, t).inherited


def test_absorption_column_is_the_budget_percentage():
    from analysis.extract.columns import header_role

    assert header_role(["Serapan (%)"])[0] == "budget_pct"
    assert header_role(["Penyerapan Anggaran"])[0] == "budget_pct"
    assert header_role(["Daya Serap (%)"])[0] == "budget_pct"
    assert header_role(["Serapan (Rp)"])[0] != "budget_pct"  # an amount, not a percentage


def test_finance_labels_are_money_only_beside_a_value_word():
    # 'Realisasi Keuangan (%)' is the absorption, 'Target Keuangan' a budget; a text column
    # naming finances ('Jenis Laporan Keuangan') is no money column
    from analysis.extract.columns import header_role

    assert header_role("Realisasi Keuangan (%)")[0] == "budget_pct"
    assert header_role("Target Keuangan")[0] == "budget"
    assert header_role("Jenis Laporan Keuangan")[0] == "text"
    assert header_role("Realisasi Fisik (%)")[0] == "text"
