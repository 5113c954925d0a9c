"""Other PDF converters: the same tables of the NTT LKPJ written as TAB rows, Markdown pipe
tables, HTML tables (one row per line) and HTML tables on a single line give the same budget,
indicator and regional values. The tables are taken verbatim from document 001."""

import html

import pytest

from analysis.extract.documents import parse_document
from analysis.extract.base import DocMeta
from analysis.extract.budget import extract_budget
from analysis.extract.indicators import extract_indicators
from analysis.extract.regional import extract_regions
from conftest import DOCS, RAW

META = DocMeta("001", DOCS["001"], "", "Nusa Tenggara Timur", 2023, "LKPJ",
               "Pemerintah Provinsi Nusa Tenggara Timur", "LKPJ NTT 2023")
LINES = (RAW / DOCS["001"]).read_text(encoding="utf-8").split("\n")


def _block(first: int, last: int) -> list[str]:
    return [ln for ln in LINES[first - 1:last] if ln.strip()]


def _markdown(rows: list[str]) -> list[str]:
    out = []
    for k, line in enumerate(rows):
        cells = [c.replace("|", "/") for c in line.split("\t")]
        out.append("| " + " | ".join(cells) + " |")
        if k == 0:
            out.append("|" + "---|" * len(cells))
    return out


def _html_rows(rows: list[str]) -> list[str]:
    body = ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in ln.split("\t")) + "</tr>" for ln in rows]
    return ["<table>", *body, "</table>"]


def _html_one_line(rows: list[str]) -> list[str]:
    return ["".join(_html_rows(rows))]


def _tab(rows: list[str]) -> list[str]:
    return rows


def _document(convert) -> str:
    """Tabel 1.2 (L673-699), Tabel 2.4 (L1029-1128) and the Dinas P&K 3.1.1 table (L1335-1356)
    in the given table format, with their captions and headings."""
    parts = [
        "BAB I PENDAHULUAN", "",
        LINES[673 - 1], "", *convert(_block(675, 699)), "",
        "BAB II", "", LINES[1029 - 1], LINES[1030 - 1], "", *convert(_block(1032, 1128)), "",
        "BAB III", "", LINES[1327 - 1], "", LINES[1329 - 1], "", LINES[1331 - 1], "",
        LINES[1335 - 1], "", *convert(_block(1337, 1356)), "",
    ]
    return "\n".join(parts) + "\n"


def _tuples(frame, cols):
    """Rows as tuples, missing values as None (NaN is not equal to itself), sorted."""
    rows = frame[cols].astype(object).where(frame[cols].notna(), None)
    return sorted(rows.itertuples(index=False, name=None), key=repr)


def _values(convert):
    doc = parse_document(_document(convert), "001")
    budget = extract_budget(doc, META).rows
    ind = extract_indicators(doc, META).rows
    reg = extract_regions(doc, META).rows
    b = _tuples(budget, ["level", "name", "budget", "realization"])
    i = _tuples(ind, ["entity", "indicator", "target", "actual"])
    r = _tuples(reg, ["region_code", "variable", "value"])
    return doc, b, i, r


@pytest.fixture(scope="module")
def reference():
    return _values(_tab)


@pytest.mark.parametrize("convert", [_markdown, _html_rows, _html_one_line],
                         ids=["markdown", "html", "html-one-line"])
def test_same_values_from_every_table_format(reference, convert):
    _, b0, i0, r0 = reference
    doc, b, i, r = _values(convert)
    fmt = {"_markdown": "markdown"}.get(convert.__name__, "html")
    assert {t.fmt for t in doc.tables} == {fmt}
    assert b == b0
    assert i == i0
    assert r == r0


def test_reference_values_are_the_documents(reference):
    _, b, i, r = reference
    # Tabel 2.4 L1036: Dinas Pendidikan dan Kebudayaan 2.062.624.237.011 / 1.960.291.207.174,90
    assert ("opd", "Dinas Pendidikan dan Kebudayaan", 2062624237011.0, pytest.approx(1960291207174.90)) in b
    assert sum(1 for x in b if x[0] == "opd") == 45
    # 3.1.1 L1338: 'Persentasi APS: Penduduk usia 16-18 tahun' target 100 %, realisasi 102,22 %
    assert ("Dinas Pendidikan dan Kebudayaan", "Persentasi APS: Penduduk usia 16-18 tahun",
            100.0, pytest.approx(102.22)) in i
    # Tabel 1.2 L678: Timor Tengah Selatan 473.091; L698 Kota Kupang 443.349
    assert ("53.02", "population_total", 473091.0) in r
    assert ("53.71", "population_total", 443349.0) in r
    assert len([x for x in r if x[1] == "population_total"]) == 23  # 22 + the province total


def _chapter_three(convert) -> str:
    """The Dinas P&K chapter-III programme table (3.1.2 'Input: Rp …' pairs; header L1359, rows
    to L1420 with page-break header repeats and wrapped cells) in the given format."""
    parts = ["BAB III", "", LINES[1329 - 1], "", LINES[1331 - 1], "", LINES[1357 - 1], "",
             *convert(_block(1359, 1420)), ""]
    return "\n".join(parts) + "\n"


def _pairs(convert) -> list[tuple]:
    rows = extract_budget(parse_document(_chapter_three(convert), "001"), META).rows
    cols = ["level", "name", "parent", "budget", "realization", "reported_pct"]
    return sorted(map(tuple, rows[cols].astype(str).values.tolist()))


@pytest.mark.parametrize("convert", [_markdown, _html_rows, _html_one_line], ids=["markdown", "html", "html-one-line"])
def test_chapter_three_pairs_in_every_format(convert):
    tab = _pairs(_tab)
    # L1361: 'PROGRAM PENGEMBANGAN KURIKULUM  Input: Rp. 6.470.259.935  Input: Rp 4.439.039.245 (68%)'
    assert ("program", "PROGRAM PENGEMBANGAN KURIKULUM", "", "6470259935.0", "4439039245.0", "68.0") in tab
    assert len(tab) == 13
    assert _pairs(convert) == tab


def _chapter_four(convert) -> str:
    """The four Bab IV (tugas pembantuan) kabupaten tables of 001 — kedelai saprodi (L6496-6503),
    kedelai realisation (L6507-6515), padi kaya gizi (L6523-6538), jagung (L6563-6570), each with
    the two lines above it and its two-row spanning header — in the given format."""
    parts = ["BAB IV", "", LINES[6448 - 1], ""]
    for first, last in [(6496, 6503), (6507, 6515), (6523, 6538), (6563, 6570)]:
        parts += [LINES[first - 3], LINES[first - 2], "", *convert(_block(first, last)), ""]
    return "\n".join(parts) + "\n"


def _regions(convert) -> list[tuple]:
    rows = extract_regions(parse_document(_chapter_four(convert), "001"), META).rows
    return _tuples(rows, ["region_code", "variable", "value"])


@pytest.mark.parametrize("convert", [_markdown, _html_rows, _html_one_line], ids=["markdown", "html", "html-one-line"])
def test_chapter_four_kabupaten_tables_in_every_format(convert):
    tab = _regions(_tab)
    # L6498 '1. | Kupang | 500 | 25.000 | 25.000 | 500 | 1.500 | 100%' under 'Kebutuhan Saprodi'
    assert ("53.01", "kedelai_area_ha", 500.0) in tab
    assert ("53.01", "kedelai_saprodi_benih_kg", 25000.0) in tab
    # L6525 '1. | TTS | 500 | 12.500 | 50.000 | 1.500' (Timor Tengah Selatan = 53.02)
    assert ("53.02", "padi_benih_kg", 12500.0) in tab
    # L6565 '1 | TTS | 500 | Okmar | Bima Uri 20 | 7,500 | 100 | 315 | - | - | -'
    assert ("53.02", "jagung_realisasi_tanam_ha", 315.0) in tab
    assert len(tab) == 151
    assert _regions(convert) == tab


def test_html_header_cells_spanning_rows_count_once():
    """A converter that writes a header cell spanning two rows as HTML ``rowspan`` (the reader
    repeats it in both rows): the '%' column is still the realisation percentage, as in the TAB
    text where it is printed once (reported_pct was empty)."""
    head = ('<table><tr><th rowspan="2">No.</th><th rowspan="2">Program / Kegiatan</th>'
            '<th colspan="2">Alokasi Biaya</th><th rowspan="2">%</th></tr>'
            '<tr><th>Anggaran (Rp)</th><th>Realisasi (Rp)</th></tr>')
    body = ('<tr><td>1.</td><td>PROGRAM PENYELENGGARAAN PENGAWASAN</td><td>630.395.770</td>'
            '<td>524.058.289</td><td>83,13</td></tr></table>')
    html_text = "Tabel 3.13 Jumlah Anggaran dan Realisasi APBD Tahun 2022\n" + head + "\n" + body + "\n"
    tab_text = ("Tabel 3.13 Jumlah Anggaran dan Realisasi APBD Tahun 2022\n"
                "No.\tProgram / Kegiatan\tAlokasi Biaya\t\t%\n\t\tAnggaran (Rp)\tRealisasi (Rp)\t\n"
                "1.\tPROGRAM PENYELENGGARAAN PENGAWASAN\t630.395.770\t524.058.289\t83,13\n")
    meta = DocMeta("t", "x.txt", "", "Jawa Timur", 2022, "LKjIP", "Inspektorat", "")
    cols = ["name", "budget", "realization", "reported_pct"]
    a = extract_budget(parse_document(html_text, "t"), meta).rows[cols].values.tolist()
    b = extract_budget(parse_document(tab_text, "t"), meta).rows[cols].values.tolist()
    assert a == b == [["PROGRAM PENYELENGGARAAN PENGAWASAN", 630_395_770, 524_058_289, 83.13]]


def _markdown_pages(text: str) -> str:
    # every TAB line a Markdown row, a delimiter row after the first row of each run of TAB lines
    # (a converter's Markdown table per block: a table cut by a page marker or a blank line
    # starts again, its first row, header or data, made the header); other lines unchanged
    out, prev_tab = [], False
    for line in text.split("\n"):
        if "\t" in line:
            cells = [c.strip().replace("|", "\\|") for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not prev_tab:
                out.append("|" + "---|" * len(cells))
            prev_tab = True
        else:
            out.append(line)
            prev_tab = False
    return "\n".join(out)


def _html_pages(text: str) -> str:
    # every run of TAB lines an HTML table of <td> cells (its first row, header or data, a row
    # like the others), cut at every page marker and blank line; other lines unchanged
    out, run = [], []

    def flush():
        if run:
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in ln.split("\t"))
                                            + "</tr>" for ln in run) + "</table>")
            run.clear()

    for line in text.split("\n"):
        if "\t" in line and not line.lstrip().startswith("<"):
            run.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


@pytest.mark.parametrize("doc_id", ["002", "003", "004"])
@pytest.mark.parametrize("convert", [_markdown_pages, _html_pages], ids=["markdown", "html"])
def test_whole_documents_written_as_table_pieces_give_the_same_budget(doc_id, convert):
    """The LKIP 2021 (002), the roadmap (003) and the Bali LKjIP 2024 (004) written as Markdown
    or HTML tables cut at every page marker and blank line (:func:`_markdown_pages`,
    :func:`_html_pages`) give the budget rows of their TAB text (line numbers aside: the
    delimiter rows shift them); the roadmap in Markdown its indicator rows too. Before the
    pieces were joined, 003 gave 18 (Markdown) and 43 (HTML) of its 264 budget rows."""
    from conftest import load_doc

    from analysis.extract.pipeline import read_manifest

    meta = next(m for m in read_manifest(RAW) if m.doc_id == doc_id)
    text = (RAW / meta.file).read_text(encoding="utf-8")
    tab, md = load_doc(doc_id), parse_document(convert(text), doc_id)
    key = ["name", "level", "parent", "budget", "realization", "reported_pct", "fiscal_year"]

    def rows(frame, cols):
        return sorted(tuple(str(v) for v in r) for r in frame[cols].values.tolist())

    assert rows(extract_budget(md, meta).rows, key) == rows(extract_budget(tab, meta).rows, key)
    if doc_id == "003" and convert is _markdown_pages:  # (escaped <i> tags in HTML cells name differently)
        ikey = ["indicator", "target", "actual", "fiscal_year", "unit", "reported_achievement_pct"]
        assert rows(extract_indicators(md, meta).rows, ikey) == rows(extract_indicators(tab, meta).rows, ikey)


@pytest.mark.parametrize("doc_id", ["001", "004"])
@pytest.mark.parametrize("mark", [lambda t: "## " + t, lambda t: f"<h2>{html.escape(t)}</h2>"], ids=["markdown", "html"])
def test_headings_written_as_markdown_headings_give_the_same_rows(doc_id, mark):
    """Converters write headings as Markdown or HTML headings ('## B. Dinas …', '<h2>B. Dinas
    …</h2>'): every heading line of the NTT LKPJ (001) and the Bali LKjIP (004) so written gives
    the same budget and indicator rows, agencies (entity) included. Before, such headings were
    no headings: no agency was taken from them."""
    import re

    from conftest import load_doc

    from analysis.extract.pipeline import read_manifest

    meta = next(m for m in read_manifest(RAW) if m.doc_id == doc_id)
    tab = load_doc(doc_id)
    heading_lines = {h.line for h in tab.headings if h.kind in ("bab", "numbered", "lettered")}
    lines = (RAW / meta.file).read_text(encoding="utf-8").split("\n")
    # (heading lines only: not list items or sentences that carry amounts, which a converter
    # would not mark as headings)
    amounts = re.compile(r"\d{1,3}(?:[.,]\d{3})+|R[pP]|^\s*[-*]")
    marked = "\n".join((mark(ln.lstrip("* ")) if k in heading_lines and "\t" not in ln and not re.match(r"\s*<", ln)
                        and not amounts.search(ln) else ln) for k, ln in enumerate(lines, start=1))
    md = parse_document(marked, doc_id)
    for extract, cols in ((extract_budget, ["entity", "name", "level", "budget", "realization", "source_line"]),
                          (extract_indicators, ["entity", "indicator", "target", "actual", "source_line"])):
        a, b = extract(tab, meta).rows, extract(md, meta).rows
        assert [tuple(map(str, r)) for r in a[cols].values.tolist()] == [tuple(map(str, r)) for r in b[cols].values.tolist()]
