"""Fast paths of the indicator extractor (issue 15) against the straightforward code they replace.

Each property test generates small tables from header and cell words found in the bundled
reports and checks that the fast path gives exactly what the plain reading gives.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.achievement import infer_polarity
from analysis.extract.columns import column_roles, column_stacks, content_value_roles
from analysis.extract.documents import Row
from analysis.extract.indicators import Col, _content_cols
from analysis.extract.numbers import infer_style

HEADER_WORDS = ["", "", "No", "Uraian", "Satuan", "Anggaran (Rp)", "Program", "Kabupaten/Kota", "Lokasi",
                "Keterangan", "2023", "Target", "%", "Jumlah"]
CELL_WORDS = ["", "1", "2", "3", "a.", "Indeks A", "Persentase B", "Jumlah C", "Persen", "%", "Dokumen",
              "80", "90", "82,5", "81", "102,50", "90,00", "100", "1.265", "4.000.000", "Kab. Alor",
              "Program X", "BB", "-"]


def _content_cols_plain(header_rows, rows, width, fiscal_year, default_style):
    """The reading of _content_cols before its fast exits (every cell read, style first)."""
    if not rows:
        return None
    style = infer_style([c for r in rows for c in r.cells], default=default_style)
    stacks = column_stacks(header_rows, width)[:width] if header_rows else [("",)] * width
    cells = [[r.cells[j] if j < len(r.cells) else "" for r in rows] for j in range(width)]
    roles = column_roles(stacks, cells)
    found = content_value_roles(roles, cells, style)
    if found is None:
        return None
    return [Col(c.index, c.label, found.get(c.index, "no" if c.role == "no" else "text"),
                fiscal_year if found.get(c.index) in ("target", "actual", "achievement") else None)
            for c in roles]


@st.composite
def _tables(draw):
    width = draw(st.integers(1, 7))
    header = draw(st.lists(st.lists(st.sampled_from(HEADER_WORDS), min_size=width, max_size=width),
                           max_size=2))
    n = draw(st.integers(0, 5))
    rows = [Row(10 + k, draw(st.lists(st.sampled_from(CELL_WORDS), min_size=1, max_size=width + 1)), "", (10 + k,))
            for k in range(n)]
    return header, rows, width, draw(st.sampled_from([None, "id", "us"]))


@settings(max_examples=400, deadline=None)
@given(_tables())
def test_content_cols_fast_exit_is_the_plain_reading(table):
    header, rows, width, style = table
    assert _content_cols(header, rows, width, 2023, style) == _content_cols_plain(header, rows, width, 2023, style)


def test_content_cols_reads_a_headerless_performance_table():
    # the cells of content_value_roles' example: name, unit, target, realisation, %
    rows = [Row(1, ["1", "Indeks A", "Indeks", "80", "82", "102,50"], "", (1,)),
            Row(2, ["2", "Persentase B", "%", "90", "81", "90,00"], "", (2,)),
            Row(3, ["3", "Jumlah C", "Dokumen", "4", "4", "100"], "", (3,))]
    cols = _content_cols([], rows, 6, 2023, None)
    assert [c.role for c in cols] == ["no", "indicator", "unit", "target", "actual", "achievement"]
    assert [c.year for c in cols] == [None, None, None, 2023, 2023, 2023]


def test_infer_polarity_same_answer_for_text_and_repeats():
    first = infer_polarity("Angka  Kematian Ibu")
    assert first == ("negative", "negative keyword 'kematian'")
    assert infer_polarity("Angka Kematian Ibu") == first  # whitespace folded before the (cached) rule
    assert infer_polarity(None) == infer_polarity("") == ("positive", "default (no lower-is-better wording)")
