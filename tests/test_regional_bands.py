"""Kabupaten/kota tables with years under a spanning header and header bands printed again.

Every table here is written in the test, once as a grid of printed cells, and rendered the three
ways converters write tables (TAB rows, a Markdown pipe table, HTML with ``<th>`` header rows,
also as one line); the same values must come out of every rendering. The expected rows are
read off the grids by hand.
"""

from __future__ import annotations

import html

import pandas as pd
import pytest

from analysis.contract import DocMeta
from analysis.extract.documents import parse_document
from analysis.extract.regional import extract_regions

NTT = DocMeta("t", "t.txt", "", "Nusa Tenggara Timur", 2023, "LKPJ", "Provinsi", "test")
KEPRI = DocMeta("t", "t.txt", "", "Kepulauan Riau", 2023, "LKPJ", "Provinsi", "test")
DKI = DocMeta("t", "t.txt", "", "DKI Jakarta", 2023, "LKPJ", "Provinsi", "test")

FORMATS = ["tab", "markdown", "html", "html_one_line"]


def render(caption: str, grid: list[list[str]], fmt: str, header_rows: int = 2) -> str:
    """The text of a document holding one captioned table, written in ``fmt``.

    ``header_rows`` leading rows are the header (``<th>`` in HTML; in Markdown the first row
    stands above the ``---`` separator, the others below it as converters write them); inside
    the grid, rows whose second cell is ``Kabupaten/Kota`` or that hold only years are a
    header band printed again (``<th>`` in HTML as well)."""
    def is_band(k: int, row: list[str]) -> bool:
        vals = [c for c in row if c]
        return k < header_rows or row[1] == "Kabupaten/Kota" or (
            bool(vals) and all(c.isdigit() and len(c) == 4 for c in vals))

    if fmt == "tab":
        body = "\n".join("\t".join(r) for r in grid)
    elif fmt == "markdown":
        lines = ["| " + " | ".join(r) + " |" for r in grid]
        body = "\n".join([lines[0], "|" + "---|" * len(grid[0])] + lines[1:])
    else:
        trs = []
        for k, r in enumerate(grid):
            tag = "th" if is_band(k, r) else "td"
            trs.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in r) + "</tr>")
        sep = "" if fmt == "html_one_line" else "\n"
        body = f"<table>{sep}" + sep.join(trs) + f"{sep}</table>"
    return f"{caption}\n\n{body}\n\nTeks sesudah tabel.\n"


def extract(text: str, meta: DocMeta = NTT):
    doc = parse_document(text, "t")
    return doc, extract_regions(doc, meta)


def values(frame: pd.DataFrame) -> list[tuple]:
    """(region_code, variable, year, value, unit) sorted: a rendering-independent view."""
    return sorted(
        (r.region_code, r.variable, int(r.year), float(r.value), r.unit)
        for r in frame.itertuples()
    )


def lines_name_their_region(doc, frame: pd.DataFrame, printed: dict[str, str]) -> bool:
    """Every output row's source line prints the row's kabupaten/kota label."""
    return all(printed[r.region_code] in doc.line(int(r.source_line)) for r in frame.itertuples())


# ---------------------------------------------------------------------------------------------
# Years under a spanning header
# ---------------------------------------------------------------------------------------------

YEARS_GRID = [
    ["No", "Kabupaten/Kota", "Produksi (ton)", "", "", "Luas Panen (ha)", ""],
    ["", "", "2021", "2022", "2023", "2021", "2022"],
    ["1", "Sumba Barat", "1.200", "1.300", "1.400", "500", "510"],
    ["2", "Kupang", "2.000", "2.100", "2.200", "800", "810"],
    ["3", "Kota Kupang", "100", "110", "120", "40", "41"],
]
YEARS_CAPTION = "Tabel 4.1 Produksi dan luas panen padi per kabupaten/kota"
# read off the grid: Sumba Barat 53.12, Kupang 53.01 (the kabupaten: 'Kota Kupang' is listed
# separately), Kota Kupang 53.71; Indonesian thousands separators (1.200 = 1200)
YEARS_EXPECTED = sorted(
    [(code, "padi_production_ton", y, v, "ton")
     for code, vals in (("53.12", (1200, 1300, 1400)), ("53.01", (2000, 2100, 2200)),
                        ("53.71", (100, 110, 120)))
     for y, v in zip((2021, 2022, 2023), map(float, vals))]
    + [(code, "padi_area_panen_ha", y, v, "ha")
       for code, vals in (("53.12", (500, 510)), ("53.01", (800, 810)), ("53.71", (40, 41)))
       for y, v in zip((2021, 2022), map(float, vals))]
)
NTT_LABELS = {"53.12": "Sumba Barat", "53.01": "Kupang", "53.71": "Kota Kupang"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_year_row_under_spanning_header_gives_one_variable_per_measure(fmt):
    doc, ex = extract(render(YEARS_CAPTION, YEARS_GRID, fmt))
    assert len(doc.tables) == 1
    assert values(ex.rows) == YEARS_EXPECTED  # 3 x 3 production + 3 x 2 area = 15 rows
    assert set(ex.rows["variable"]) == {"padi_production_ton", "padi_area_panen_ha"}  # no _2, _3
    assert ex.skipped == []
    if fmt != "html_one_line":
        assert lines_name_their_region(doc, ex.rows, NTT_LABELS)


def test_year_row_under_spanning_header_with_rowspan_and_colspan():
    """HTML as converters write a spanning header: rowspan on No and Kabupaten/Kota, colspan
    on the measures; the same 15 values as the plain renderings."""
    text = YEARS_CAPTION + """

<table>
<tr><th rowspan="2">No</th><th rowspan="2">Kabupaten/Kota</th><th colspan="3">Produksi (ton)</th><th colspan="2">Luas Panen (ha)</th></tr>
<tr><th>2021</th><th>2022</th><th>2023</th><th>2021</th><th>2022</th></tr>
<tr><td>1</td><td>Sumba Barat</td><td>1.200</td><td>1.300</td><td>1.400</td><td>500</td><td>510</td></tr>
<tr><td>2</td><td>Kupang</td><td>2.000</td><td>2.100</td><td>2.200</td><td>800</td><td>810</td></tr>
<tr><td>3</td><td>Kota Kupang</td><td>100</td><td>110</td><td>120</td><td>40</td><td>41</td></tr>
</table>
"""
    doc, ex = extract(text)
    assert values(ex.rows) == YEARS_EXPECTED
    assert ex.skipped == []
    assert lines_name_their_region(doc, ex.rows, NTT_LABELS)


def test_years_over_measures():
    """Years in the spanning row, measures below: one variable per measure, year per column."""
    grid = [
        ["No", "Kabupaten/Kota", "Tahun 2022", "", "Tahun 2023", ""],
        ["", "", "Produksi (ton)", "Luas Panen (ha)", "Produksi (ton)", "Luas Panen (ha)"],
        ["1", "Sumba Barat", "1.200", "500", "1.300", "510"],
        ["2", "Kupang", "2.000", "800", "2.100", "810"],
        ["3", "Kota Kupang", "100", "40", "110", "41"],
    ]
    for fmt in FORMATS:
        _doc, ex = extract(render(YEARS_CAPTION, grid, fmt))
        got = values(ex.rows)
        assert ("53.01", "padi_production_ton", 2023, 2100.0, "ton") in got, fmt
        assert ("53.71", "padi_area_panen_ha", 2022, 40.0, "ha") in got, fmt
        assert len(got) == 12 and {v for _, v, *_ in got} == {"padi_production_ton", "padi_area_panen_ha"}


def test_year_printed_in_a_measure_header():
    """'Realisasi 2022' / 'Realisasi 2023': the one year of a header cell is the column's year;
    a range ('Target 2019-2023') is not a year and leaves the table's year."""
    grid = [
        ["No", "Kabupaten/Kota", "Target 2019-2023 (ha)", "Realisasi 2022 (ha)", "Realisasi 2023 (ha)"],
        ["1", "Sumba Barat", "900", "500", "510"],
        ["2", "Kupang", "1.500", "800", "810"],
        ["3", "Kota Kupang", "60", "40", "41"],
    ]
    _doc, ex = extract(render("Tabel 4.9 Luas tanam padi", grid, "tab", header_rows=1))
    got = values(ex.rows)
    assert ("53.12", "padi_realisasi_ha", 2022, 500.0, "ha") in got
    assert ("53.12", "padi_realisasi_ha", 2023, 510.0, "ha") in got
    # the range names no single year: the manifest's fiscal year (2023)
    assert ("53.12", "padi_target_ha", 2023, 900.0, "ha") in got
    assert len(got) == 9


# ---------------------------------------------------------------------------------------------
# Header bands printed again inside a table
# ---------------------------------------------------------------------------------------------

BAND_MEASURES_GRID = [
    ["No", "Kabupaten/Kota", "Produksi (ton)", "", "Luas Panen (ha)", ""],
    ["", "", "2022", "2023", "2022", "2023"],
    ["1", "Sumba Barat", "1.200", "1.300", "500", "510"],
    ["2", "Kupang", "2.000", "2.100", "800", "810"],
    ["3", "Kota Kupang", "100", "110", "40", "41"],
    ["4", "Alor", "700", "750", "300", "310"],
    ["No", "Kabupaten/Kota", "Produktivitas (kw/ha)", "", "Luas Tanam (ha)", ""],
    ["", "", "2022", "2023", "2022", "2023"],
    ["1", "Sumba Barat", "24,0", "25,5", "600", "610"],
    ["2", "Kupang", "25,0", "25,9", "900", "910"],
    ["3", "Kota Kupang", "25,0", "26,8", "45", "46"],
    ["4", "Alor", "23,3", "24,2", "350", "355"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_band_with_other_measures_starts_a_second_part(fmt):
    """The second half of the table repeats 'No | Kabupaten/Kota' over other measures: it is
    a part of its own with its own variables, not 16 duplicates of the first half."""
    doc, ex = extract(render("Tabel 4.3 Padi per kabupaten/kota", BAND_MEASURES_GRID, fmt))
    got = values(ex.rows)
    # 4 regions x 2 years x 4 measures, every printed value once
    assert len(got) == 32
    assert {v for _, v, *_ in got} == {"padi_production_ton", "padi_area_panen_ha",
                                       "padi_yield_kw_per_ha", "padi_area_tanam_ha"}
    assert ("53.01", "padi_yield_kw_per_ha", 2023, 25.9, "kw/ha") in got   # Kupang, 2nd half
    assert ("53.71", "padi_area_tanam_ha", 2022, 45.0, "ha") in got        # Kota Kupang
    assert ("53.01", "padi_production_ton", 2022, 2000.0, "ton") in got    # Kupang, 1st half
    assert ex.skipped == []
    if fmt != "html_one_line":
        assert lines_name_their_region(doc, ex.rows, {**NTT_LABELS, "53.05": "Alor"})


BAND_YEARS_GRID = [
    ["No", "Kabupaten/Kota", "Produksi (ton)", "", ""],
    ["", "", "2019", "2020", "2021"],
    ["1", "Sumba Barat", "1.200", "1.300", "1.400"],
    ["2", "Kupang", "2.000", "2.100", "2.200"],
    ["3", "Kota Kupang", "100", "110", "120"],
    ["No", "Kabupaten/Kota", "Produksi (ton)", "", ""],
    ["", "", "2022", "2023", "2024"],
    ["1", "Sumba Barat", "1.500", "1.600", "1.700"],
    ["2", "Kupang", "2.300", "2.400", "2.500"],
    ["3", "Kota Kupang", "130", "140", "150"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_band_with_other_years_starts_a_second_part(fmt):
    """The same words over other years (2019-2021, then 2022-2024). Before, the second year
    row was a 'detail row' that threw Kota Kupang's first-half row out as a grouped table and
    its second-half values were written under 2019-2021."""
    _doc, ex = extract(render("Tabel 4.2 Produksi padi", BAND_YEARS_GRID, fmt))
    got = values(ex.rows)
    expected = sorted(
        (code, "padi_production_ton", y, float(v), "ton")
        for code, vals in (("53.12", (1200, 1300, 1400, 1500, 1600, 1700)),
                           ("53.01", (2000, 2100, 2200, 2300, 2400, 2500)),
                           ("53.71", (100, 110, 120, 130, 140, 150)))
        for y, v in zip(range(2019, 2025), vals))
    assert got == expected
    assert ex.skipped == []


def test_identical_header_repeat_keeps_one_table():
    """A page-break repeat of the whole header band continues the table: the province total
    at the end still confirms a dash of the first page (5 + 4 + 3 = 12, so Belu's '-' is 0)."""
    grid = [
        ["No", "Kabupaten/Kota", "Sapi (ekor)", ""],
        ["", "", "2022", "2023"],
        ["1", "Alor", "5", "6"],
        ["2", "Belu", "-", "2"],
        ["No", "Kabupaten/Kota", "Sapi (ekor)", ""],
        ["", "", "2022", "2023"],
        ["3", "Ende", "4", "1"],
        ["4", "Flores Timur", "3", "1"],
        ["", "Jumlah", "12", "10"],
    ]
    for fmt in FORMATS:
        _doc, ex = extract(render("Tabel 9.1 Bantuan sapi", grid, fmt))
        belu = ex.rows[(ex.rows["region_code"] == "53.04") & (ex.rows["year"] == 2022)]
        assert list(belu["value"]) == [0.0], fmt
        assert belu.iloc[0]["value_note"].startswith("printed '-'; 0 confirmed by the column total 12"), fmt
        assert len(ex.rows) == 10 and ex.skipped == [], fmt  # 4 regions + total, 2 years


# ---------------------------------------------------------------------------------------------
# Abbreviated kabupaten/kota labels (Kab., Kep., Kota Adm.)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_kepulauan_riau_table_with_abbreviated_labels(fmt):
    grid = [
        ["No", "Kabupaten/Kota", "Penduduk (jiwa)", ""],
        ["", "", "2022", "2023"],
        ["1", "Kab. Karimun", "253.457", "256.234"],
        ["2", "Kab. Bintan", "159.518", "161.234"],
        ["3", "Kab. Natuna", "81.495", "82.312"],
        ["4", "Kab. Lingga", "98.633", "99.110"],
        ["5", "Kab. Kep. Anambas", "48.017", "48.505"],
        ["6", "Kota Batam", "1.230.097", "1.256.610"],
        ["7", "Kota Tanjungpinang", "227.663", "230.443"],
        ["", "Prov. Kepri", "2.098.880", "2.134.448"],
    ]
    _doc, ex = extract(render("Tabel 2.1 Jumlah penduduk", grid, fmt), KEPRI)
    got = {(r.region_code, int(r.year)): r.value for r in ex.rows.itertuples()}
    assert got[("21.05", 2022)] == 48017.0          # Kab. Kep. Anambas: Kabupaten Kepulauan Anambas
    assert got[("21.72", 2023)] == 230443.0         # Kota Tanjungpinang: Kota Tanjung Pinang
    assert got[("21", 2022)] == 2098880.0           # Prov. Kepri: the province total
    assert len(got) == 16 and ex.skipped == []
    # the population alone is its total: the variable the disparities study reads
    assert set(ex.rows["variable"]) == {"population_total"}
    # the printed total is the sum of the seven rows: 253457 + 159518 + 81495 + 98633 + 48017
    # + 1230097 + 227663 = 2098880
    kab = ex.rows[(ex.rows["region_type"] != "province") & (ex.rows["year"] == 2022)]
    assert kab["value"].sum() == 2098880.0


def test_dki_table_with_administrative_labels():
    grid = [
        ["No", "Kabupaten/Kota", "Luas (km2)"],
        ["1", "Kab. Adm. Kep. Seribu", "8,70"],
        ["2", "Kota Adm. Jakarta Selatan", "141,27"],
        ["3", "Kota Adm. Jakarta Timur", "188,03"],
        ["4", "Kota Adm. Jakarta Pusat", "48,13"],
        ["5", "Kota Adm. Jakarta Barat", "129,54"],
        ["6", "Kota Adm. Jakarta Utara", "146,66"],
    ]
    _doc, ex = extract(render("Tabel 2.2 Luas wilayah", grid, "tab", header_rows=1), DKI)
    got = {r.region_code: (r.region_type, r.value) for r in ex.rows.itertuples()}
    assert got == {"31.01": ("kabupaten", 8.7), "31.74": ("kota", 141.27), "31.75": ("kota", 188.03),
                   "31.71": ("kota", 48.13), "31.73": ("kota", 129.54), "31.72": ("kota", 146.66)}


def _body(text: str) -> str:
    """The table of a rendered document without caption and trailing prose."""
    return text.split("\n\n")[1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_table_split_at_a_page_break_with_other_years_keeps_its_caption(fmt):
    """The two halves of BAND_YEARS_GRID as two tables, a page number between: the second
    half has no caption of its own and is read under the first one's (topic 'padi',
    source_table 'Tabel 4.2'), not as an anonymous table named after the page number."""
    first = render("Tabel 4.2 Produksi padi", BAND_YEARS_GRID[:5], fmt)
    second = _body(render("x", BAND_YEARS_GRID[5:], fmt))
    text = first.replace("\n\nTeks sesudah tabel.\n", "\n\n12\n\n" + second + "\n\nTeks sesudah tabel.\n")
    doc, ex = extract(text)
    assert len(doc.tables) == 2
    assert set(ex.rows["source_table"]) == {"Tabel 4.2"}
    assert set(ex.rows["variable"]) == {"padi_production_ton"}
    got = values(ex.rows)
    assert len(got) == 18 and sorted({y for _, _, y, *_ in got}) == list(range(2019, 2025))
    assert ("53.71", "padi_production_ton", 2024, 150.0, "ton") in got
    assert ex.skipped == []


def test_single_row_header_band_with_other_measures_and_sub_headings():
    """A one-row header printed again over other measures starts a part; sub-heading rows
    ('A. | Kabupaten', 'B. | Kota') print no header words over the values and start no part."""
    grid = [
        ["No", "Kabupaten/Kota", "Padi (ton)", "Jagung (ton)"],
        ["A.", "Kabupaten", "", ""],
        ["1", "Alor", "10", "20"],
        ["2", "Belu", "11", "21"],
        ["B.", "Kota", "", ""],
        ["3", "Kota Kupang", "12", "22"],
        ["No", "Kabupaten/Kota", "Kedelai (ton)", "Ubi Kayu (ton)"],
        ["1", "Alor", "30", "40"],
        ["2", "Belu", "31", "41"],
        ["3", "Kota Kupang", "32", "42"],
    ]
    for fmt in ("tab", "markdown", "html"):
        _doc, ex = extract(render("Tabel 5.1 Produksi tanaman pangan", grid, fmt, header_rows=1))
        got = values(ex.rows)
        assert len(got) == 12, fmt
        assert ("53.04", "padi_ton", 2023, 11.0, "ton") in got       # Belu, first half
        assert ("53.71", "kedelai_ton", 2023, 32.0, "ton") in got       # Kota Kupang, 2nd half
        assert ("53.05", "ubi_kayu_ton", 2023, 40.0, "ton") in got      # Alor, 2nd half
        # the sub-headings carry no value: no output row, nothing to list
        assert all(not any(ch.isdigit() for ch in s.raw_text) for s in ex.skipped), fmt


def test_year_row_written_with_tahun():
    """'Tahun 2019 | Tahun 2020' year rows: the same parts as bare years."""
    grid = [[c.replace("20", "Tahun 20", 1) if c.isdigit() and len(c) == 4 else c for c in r]
            for r in BAND_YEARS_GRID]
    assert grid[1][2] == "Tahun 2019" and grid[6][4] == "Tahun 2024"
    for fmt in ("tab", "markdown"):
        _doc, ex = extract(render("Tabel 4.2 Produksi padi", grid, fmt))
        got = values(ex.rows)
        assert len(got) == 18 and sorted({y for _, _, y, *_ in got}) == list(range(2019, 2025)), fmt
        assert ("53.71", "padi_production_ton", 2019, 100.0, "ton") in got, fmt
        assert ex.skipped == [], fmt
