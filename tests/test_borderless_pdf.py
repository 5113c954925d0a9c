"""Tables printed without rules whose columns nearly touch (a browser's or word processor's table
with its borders off, cells padded by a few points): columns told apart by their alignment
(``analysis.extract.pdf._aligned_columns``, ``analysis.extract.layout.aligned_run_end``), never
by a guess that puts a value under another column.

The fixture (``pdf_fixtures.tight_borderless_pdf``) sets each cell flush left 3.5 pt inside its
column, so a name wrapped to its column's width ends 7 pt before the next column's text: closer
than the gap that separates phrases (one font size), wider than a word space. Justified prose
stands right above and below the table at the table's line spacing.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pdf_fixtures as fx
from analysis.contract import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.documents import parse_document
from analysis.extract.indicators import extract_indicators
from analysis.extract.layout import Line, Phrase, aligned_run_end, stack_header_lines
from analysis.extract.pdf import render_pdf

META = DocMeta(doc_id="t1", file="t1.pdf", sha256="", province="Bali", fiscal_year=2023, doc_type="LKjIP",
               entity="Biro Organisasi", title="t1")


@pytest.fixture(scope="module")
def tight(tmp_path_factory) -> str:
    return render_pdf(fx.tight_borderless_pdf(tmp_path_factory.mktemp("tight") / "tight.pdf")).text


def _rows(text: str) -> list[list[str]]:
    return [ln.split("\t") for ln in text.splitlines() if "\t" in ln]


def test_columns_set_a_few_points_apart_are_told_apart(tight):
    rows = _rows(tight)
    # the header's wrapped labels ('Anggaran' over '(Rp)') stacked into one row
    assert rows[0] == ["No.", "Program / Kegiatan / Sub Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "Capaian (%)"]
    # a name wrapped to its column's width, 7 pt before the amounts (one phrase before)
    assert rows[1] == ["I", "Program Penunjang Urusan", "2.048.907.450,00", "1.543.502.036,00", "75,33"]
    assert rows[2] == ["", "Pemerintahan Daerah Provinsi"]
    # the last row's wrapped name below the table's last values stays in the table
    assert rows[-1] == ["", "dan Tata Laksana Pemerintahan"]


def test_justified_prose_next_to_the_table_stays_prose(tight):
    # its stretched word gaps line up over a few lines by chance; the words beside them do not
    prose = " ".join(fx.TIGHT_PROSE.split())
    assert tight.splitlines().count(prose) == 2
    assert not any(prose.split()[0] in r[0] for r in _rows(tight))


def test_budget_rows_of_a_borderless_table_have_their_values(tight):
    rows = extract_budget(parse_document(tight, "t1"), META).rows
    got = [(r.level, r.name, r.budget, r.realization, r.reported_pct) for r in rows.itertuples()]
    # the fixture's rows (pdf_fixtures.TIGHT_ROWS), amounts in rupiah written out by hand
    assert got == [
        ("program", "Program Penunjang Urusan Pemerintahan Daerah Provinsi", 2048907450.0, 1543502036.0, 75.33),
        ("kegiatan", "Administrasi Kepegawaian Perangkat Daerah dan Pengembangan Sumber Daya Aparatur",
         4355700.0, 2859100.0, 65.64),
        ("sub_kegiatan", "Koordinasi dan Pelaksanaan Sistem Informasi Kepegawaian", 4355700.0, 2859100.0, 65.64),
        ("kegiatan", "Administrasi Umum Perangkat Daerah", 1184908410.0, 839461696.0, 70.85),
        ("program", "Program Penataan Organisasi dan Tata Laksana Pemerintahan", 962815700.0, 810539019.0, 84.18),
    ]


# --------------------------------------------------------------------------------------
# The rules, on lines built by hand (x in points)
# --------------------------------------------------------------------------------------
def _line(*cells: tuple[float, float]) -> Line:
    return Line(0, 1, 1, [Phrase(x0, x1, "w") for x0, x1 in cells])


ROW = _line((0, 10), (17, 60), (67, 90))  # three columns, 7 pt apart


def test_a_paragraph_after_the_table_ends_its_run():
    para = _line((0, 90))  # a line across every column
    lines = [ROW, ROW, ROW, para, para, para, ROW]
    assert aligned_run_end(lines, 0, len(lines), min_gap=4) == 3


def test_a_spanning_row_inside_the_table_stays():
    span = _line((0, 90))  # 'A. PROGRAM MANAJEMEN PERUBAHAN' across the columns, one line
    lines = [ROW, ROW, ROW, span, ROW, ROW]
    assert aligned_run_end(lines, 0, len(lines), min_gap=4) == 6


def test_a_table_with_moved_columns_starts_a_run_of_its_own():
    moved = _line((0, 5), (9, 70), (74, 90))  # the next table, laid out with other widths
    lines = [ROW, ROW, ROW, moved, moved, moved]
    assert aligned_run_end(lines, 0, len(lines), min_gap=4) == 3


def test_a_wide_gap_under_short_header_labels_holds_longer_cells():
    # 'Indikator' over a column whose cells run further right: the gap after the header label
    # is wide, its middle no column boundary
    header = _line((0, 10), (17, 30), (67, 90))
    lines = [header, header, header, ROW, ROW]
    assert aligned_run_end(lines, 0, len(lines), min_gap=4) == 5


def test_a_gap_narrower_than_the_least_column_gap_is_no_boundary():
    # the gutter (60, 67) narrowed to 2 pt by a wider cell: the columns moved
    wider = _line((0, 10), (17, 65), (67, 90))
    lines = [ROW, ROW, ROW, wider]
    assert aligned_run_end(lines, 0, len(lines), min_gap=4) == 3
    assert aligned_run_end(lines, 0, len(lines), min_gap=1) == 4


def test_header_lines_stack_into_levels():
    # hand-made: the roadmap 003's plan header (years over Target | Anggaran), wrapped
    cells = [["No", "Program", "Tahun", "", "Tahun", ""],
             ["", "", "2018", "", "2019", ""],
             ["", "", "Target", "Anggaran", "Target", "Anggaran"],
             ["", "", "", "(Rp.000)", "", "(Rp.000)"]]
    assert stack_header_lines(cells) == [["No", "Program", "Tahun 2018", "", "Tahun 2019", ""],
                                         ["", "", "Target", "Anggaran (Rp.000)", "Target", "Anggaran (Rp.000)"]]


# --------------------------------------------------------------------------------------
# A headerless table is no continuation of a table of other columns
# --------------------------------------------------------------------------------------
TABLE = "\n".join([
    "Tabel 2.1 Target Kinerja",
    "",
    "Indikator\tSatuan\t2018\t2019\t2020\t2021",
    "Persentase PD dengan SOP\t%\t70\t80\t90\t95",
    "",
    "",
    "",  # more blank lines than one table holds (the PDF renderer sets such a table apart so)
    "Jumlah inovasi\t15\t10\t5",  # two columns fewer: the browser left the empty ones out
    "Rasio guru\t80\t85\t90",
]) + "\n"


def test_a_headerless_table_of_other_columns_is_not_read_with_the_header_above():
    rows = extract_indicators(parse_document(TABLE, "t2"), META).rows
    assert set(rows["indicator"]) == {"Persentase PD dengan SOP"}
    assert rows.sort_values("fiscal_year")["target"].tolist() == [70.0, 80.0, 90.0, 95.0]


def test_rows_centred_on_their_wrapped_names_are_not_guessed(tmp_path):
    # a word processor's cells centred vertically: the values stand between the two lines of
    # a name of two lines, or on the middle line of a longer one; the lines above them are
    # their name's, not the row above's
    text = render_pdf(fx.tight_borderless_pdf(tmp_path / "centred.pdf", centred=True)).text
    rows = extract_budget(parse_document(text, "t1"), META).rows
    names = {name for _, name, *_ in fx.TIGHT_ROWS}
    # no row joins the names of two (the lines stay text; a sentence may still give a row)
    assert all(name in names or not any(n in name for n in names) for name in rows["name"]), list(rows["name"])


# --------------------------------------------------------------------------------------
# Properties: any lines, never a crash, never text lost
# --------------------------------------------------------------------------------------
_SPANS = st.lists(st.tuples(st.floats(0, 500, allow_nan=False), st.floats(0.5, 80, allow_nan=False)),
                  min_size=1, max_size=8)
_LINES = st.lists(_SPANS.map(lambda spans: Line(0, 1, 1, [Phrase(x, x + w, "w") for x, w in sorted(spans)])),
                  min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_LINES, st.floats(0, 10, allow_nan=False))
def test_aligned_run_end_stays_within_the_run(lines, min_gap):
    for start in range(len(lines)):
        end = aligned_run_end(lines, start, len(lines), min_gap)
        assert start <= end <= len(lines)


_CELL = st.sampled_from(["", "", "Tahun", "2019", "Target", "Anggaran", "(Rp)", "No"])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.lists(st.lists(_CELL, min_size=n, max_size=n), max_size=6)))
def test_stacked_header_keeps_every_label_in_its_column(cells):
    stacked = stack_header_lines(cells)
    width = len(cells[0]) if cells else 0
    assert all(len(row) == width for row in stacked)
    for j in range(width):  # each column's labels, top to bottom, are the same words
        assert " ".join(r[j] for r in stacked).split() == " ".join(r[j] for r in cells).split()


_WORDS = ["Program", "Kegiatan", "Penyediaan", "Administrasi", "Perangkat", "Daerah", "dan", "Layanan",
          "Pengembangan", "Sistem", "Informasi", "Kepegawaian", "Koordinasi", "Pelaksanaan", "Umum",
          "Pemeliharaan", "Barang", "Milik", "Fasilitasi", "Kelembagaan", "Provinsi", "Perpustakaan"]


def _amount(n: int) -> str:
    return f"{n:,}".replace(",", ".") + ",00"


@st.composite
def _tight_rows(draw) -> list[tuple[str, ...]]:
    rows = []
    for k in range(draw(st.integers(3, 6))):
        name = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=12)))
        budget = draw(st.integers(1_000_000, 5_000_000_000))
        real = draw(st.integers(0, budget))
        rows.append((str(k + 1), name, _amount(budget), _amount(real), f"{100 * real / budget:.2f}".replace(".", ",")))
    return rows


@settings(max_examples=8, deadline=None)
@given(_tight_rows(), st.sampled_from([2.5, 3.0, 3.5, 4.5]), st.booleans())
def test_random_tight_tables_give_no_value_the_page_does_not_print(tmp_path_factory, rows, pad, centred):
    """Whatever the names, amounts, padding and vertical setting, every budget row read carries
    the amounts and percentage of one printed row (a row may be left unread, never mixed); with
    columns 6 pt apart or more and rows set flush top, every row is read."""
    path = tmp_path_factory.mktemp("random_tight") / "t.pdf"
    text = render_pdf(fx.tight_borderless_pdf(path, centred=centred, rows=rows, pad=pad)).text
    got = extract_budget(parse_document(text, "t1"), META).rows
    printed = {(float(b.replace(".", "").replace(",00", "")), float(r.replace(".", "").replace(",00", "")),
                float(p.replace(",", "."))) for _, _, b, r, p in rows}
    for rec in got.itertuples():
        values = (rec.budget, rec.realization, rec.reported_pct)
        if all(v != v for v in values):
            continue  # a row without any value carries none the page does not print
        assert values in printed, (rec.name, values, rows)
    if not centred and pad >= 3:  # columns 6 pt apart or more, rows set flush top: every row read
        assert len(got) == len(rows), (text, rows)
