"""Property: a grid of cells written as TAB rows, a Markdown pipe table, an HTML table (one row
per line) and an HTML table on one line reads back to the same header and cells.

The grids are random: a header of column words, then rows that open with a row number and carry
a name and numbers in the shapes the reports print (``1.234.567,89``, ``95,04%``,
``Rp 1.000.000``, ``-``)."""

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.documents import parse_document

WORDS = ["Uraian", "Anggaran", "Realisasi", "Target", "Capaian", "Satuan", "Keterangan", "Kinerja"]
NAME_WORDS = ["Dinas", "Badan", "Program", "Kegiatan", "Pelayanan", "Kesehatan", "Pendidikan",
              "Jalan", "Air", "Bersih", "Daerah", "Provinsi"]


def _number(draw) -> str:
    kind = draw(st.sampled_from(["id", "pct", "rp", "int", "dash"]))
    n = draw(st.integers(min_value=0, max_value=10**12))
    grouped = f"{n:,}".replace(",", ".")
    if kind == "id":
        return f"{grouped},{draw(st.integers(0, 99)):02d}"
    if kind == "pct":
        return f"{draw(st.integers(0, 200))},{draw(st.integers(0, 99)):02d}%"
    if kind == "rp":
        return f"Rp {grouped}"
    if kind == "int":
        return str(draw(st.integers(0, 9999)))
    return "-"


@st.composite
def grids(draw):
    width = draw(st.integers(min_value=3, max_value=7))
    header = ["No", "Nama"] + draw(st.lists(st.sampled_from(WORDS), min_size=width - 2, max_size=width - 2, unique=True))
    rows = []
    for k in range(1, draw(st.integers(min_value=1, max_value=8)) + 1):
        name = " ".join(draw(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=5)))
        rows.append([str(k), name] + [_number(draw) for _ in range(width - 2)])
    return header, rows


def _tab(header, rows):
    return ["\t".join(header)] + ["\t".join(r) for r in rows]


def _markdown(header, rows):
    return (["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            + ["| " + " | ".join(r) + " |" for r in rows])


def _html(header, rows):
    def tr(cells, tag):
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"
    return ["<table>", tr(header, "th"), *[tr(r, "td") for r in rows], "</table>"]


def _html_one_line(header, rows):
    return ["".join(_html(header, rows))]


def _read(lines):
    doc = parse_document("Tabel 1.1 Contoh\n\n" + "\n".join(lines) + "\n\nPenutup.\n", "x")
    assert len(doc.tables) == 1, f"{len(doc.tables)} tables read"
    t = doc.tables[0]
    return [[c for c in h] for h in t.header], [list(r.cells) for r in t.rows]


@settings(max_examples=150, deadline=None)
@given(grids())
def test_every_format_reads_back_the_same_cells(grid):
    header, rows = grid
    expected = ([header], rows)
    for render in (_tab, _markdown, _html, _html_one_line):
        assert _read(render(header, rows)) == expected, render.__name__
