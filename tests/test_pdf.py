"""PDF input: the text rendering (analysis.extract.pdf), its cache, page provenance in the
pipeline, and values read from real reports of the shared corpus.

Synthetic PDFs are written by the tests (tests/pdf_fixtures.py, matplotlib). The real PDFs
live outside the repository (``<repo>/../shared/corpus/pdf``; their licence does not allow
copying them in); those tests are skipped when the folder is absent, as in a user's clone.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import pdf_fixtures as fx
from analysis.contract import DocMeta
from analysis.extract.documents import DocumentError, parse_document, read_document
from analysis.extract.pdf import (
    PdfError,
    convert_pdf,
    page_marker,
    rejoin_cut_number,
    render_pdf,
)

from conftest import CORPUS, needs_corpus


def _meta(doc_id: str, file: str = "x.pdf", year: int = 2022) -> DocMeta:
    return DocMeta(doc_id=doc_id, file=file, sha256="", province="Jawa Timur", fiscal_year=year,
                   doc_type="LKIP", entity="Inspektorat Kabupaten Contoh", title="")


def _rows(text: str) -> list[list[str]]:
    return [ln.split("\t") for ln in text.splitlines() if "\t" in ln]


# --------------------------------------------------------------------------------------
# Synthetic PDFs: every feature
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("synthetic_pdfs")
    files = {
        "ruled": fx.ruled_budget_pdf(d / "ruled.pdf"),
        "ruled_plain": fx.ruled_budget_pdf(d / "ruled_plain.pdf", cut_percent=None),
        "ruled_malformed": fx.ruled_budget_pdf(d / "ruled_malformed.pdf", cut_percent=("1.128,", "2.6")),
        "whitespace": fx.whitespace_table_pdf(d / "whitespace.pdf"),
        "sideways": fx.sideways_table_pdf(d / "sideways.pdf"),
        "image": fx.image_only_pdf(d / "image.pdf"),
        "stacked": fx.stacked_tables_pdf(d / "stacked.pdf"),
        "cut_rows": fx.cut_rows_pdf(d / "cut_rows.pdf"),
    }
    files["rotated"] = fx.rotate_pages(files["whitespace"], d / "rotated.pdf", 90)
    files["encrypted"] = fx.encrypted_pdf(files["whitespace"], d / "encrypted.pdf")
    damaged = d / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF broken")
    files["damaged"] = damaged
    return files


def test_ruled_table_cells_multiline_and_page_furniture(synth):
    r = render_pdf(synth["ruled"])
    assert r.pages == 3
    markers = [ln for ln in r.text.splitlines() if ln.startswith("<!--")]
    assert markers == [page_marker(1), page_marker(2), page_marker(3)]
    rows = _rows(r.text)
    assert rows[0] == fx.HEADER
    # multi-line cells joined: 'PROGRAM PENUNJANG URUSAN' / 'PEMERINTAHAN DAERAH'
    assert rows[1] == ["1.", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "12.281.319.513",
                       "11.534.782.463", "93,92"]
    assert rows[2][1] == "Administrasi Keuangan Perangkat Daerah"
    # running header, 'Printed By' stamp and page numbers are gone; the caption stays
    assert "Laporan Kinerja Instansi" not in r.text
    assert "Printed By" not in r.text
    assert not any(re.fullmatch(r"\d", ln.strip()) for ln in r.text.splitlines())
    assert fx.CAPTION in r.text


def test_number_cut_at_column_edge_rejoined(synth):
    r = render_pdf(synth["ruled"])
    last = _rows(r.text)[-1]
    assert last[0] == "3." and last[-1] == "1.128,26"  # '1.128,' with '26' below it
    assert [n.kind for n in r.notes] == ["cut_number_rejoined"]
    assert r.notes[0].page == 2


def test_number_cut_into_a_malformed_shape_is_reported_not_guessed(synth):
    r = render_pdf(synth["ruled_malformed"])
    last = _rows(r.text)[-1]
    assert last[-1] == "1.128, 2.6"  # left apart
    bad = [n for n in r.notes if n.kind == "cut_number_malformed"]
    assert len(bad) == 1 and bad[0].page == 2 and "1.128, 2.6" in bad[0].message


def test_rejoin_rules():
    assert rejoin_cut_number("201.", "955") == ("201.955", "rejoined")  # Disperindag 2016 p. 23
    assert rejoin_cut_number("1.", "2.") == ("1. 2.", "")  # a numbered list inside a cell
    assert rejoin_cut_number("menumbuh-", "kembangkan") == ("menumbuh-kembangkan", "")


def test_whitespace_table_continued_on_next_page_with_repeated_header(synth):
    r = render_pdf(synth["whitespace"])
    doc = parse_document(r.text, "ws")
    [table] = [t for t in doc.tables if t.number == "3.2"]
    assert table.column_labels() == ["No", "Indikator", "Target", "Realisasi", "Capaian"]
    assert [row.cells for row in table.rows] == fx.WS_ROWS  # page 2's header dropped, rows joined
    assert len(table.repeated_header_lines) == 1
    assert [doc.page_of(row.line) for row in table.rows] == [1, 1, 1, 2, 2]
    assert doc.page_of(table.repeated_header_lines[0]) == 2
    assert "Printed By" not in r.text and "Laporan Kinerja Instansi" not in r.text


def test_rotated_page_reads_like_the_upright_one(synth):
    upright = render_pdf(synth["whitespace"])
    turned = render_pdf(synth["rotated"])  # /Rotate 90 on every page
    assert _rows(turned.text) == _rows(upright.text)
    assert {n.kind for n in turned.notes} == {"rotated"}


def test_table_printed_sideways_on_a_portrait_page(synth):
    r = render_pdf(synth["sideways"])
    assert _rows(r.text) == [["Program", "Anggaran", "Realisasi"],
                             ["Program Penunjang", "12.281.319.513", "11.534.782.463"],
                             ["Program Pengawasan", "630.395.770", "524.058.289"]]
    assert [n.kind for n in r.notes] == ["rotated"]


def test_image_only_page_reported(synth):
    r = render_pdf(synth["image"])
    assert r.pages_without_text == [2]
    assert "page 2: no text layer; OCR is not part of this package" in [n.message for n in r.notes]
    assert page_marker(2, "no text layer; OCR is not part of this package") in r.text.splitlines()
    doc = parse_document(r.text, "img")
    assert doc.page_of(2) == 1 and doc.text_lines() == [(2, "Halaman dengan teks")]


@pytest.mark.parametrize("name, what", [("encrypted", "encrypted"), ("damaged", "damaged")])
def test_unreadable_pdf_names_the_file(synth, name, what):
    with pytest.raises(PdfError, match=what) as exc:
        render_pdf(synth[name])
    assert str(synth[name]) in str(exc.value)
    assert isinstance(exc.value, DocumentError)


def _amount(s: str) -> float:
    return float(s.replace(".", "").replace(",", "."))


def test_tables_drawn_against_each_other_keep_their_own_columns(synth):
    """Two ruled tables one under the other with other column widths are one grid for
    pdfplumber; each row's values stay under its own table's labels (the second table's
    amounts were read one column to the right: the realisation was the percentage), and the
    second table continues on the next page with its columns."""
    from analysis.extract.budget import extract_budget

    text = render_pdf(synth["stacked"]).text
    rows = _rows(text)
    assert all(len(r) == 5 for r in rows), rows
    doc = parse_document(text, "st")
    got = extract_budget(doc, _meta("st", year=2024)).rows
    by_name = got.set_index("name")
    for no, name, budget, real, pct in fx.STACKED_A + fx.STACKED_B + fx.STACKED_B2:
        assert by_name.loc[name, "budget"] == _amount(budget), name
        assert by_name.loc[name, "realization"] == _amount(real), name
        assert by_name.loc[name, "reported_pct"] == _amount(pct), name
    assert len(got) == 6
    page2 = text.splitlines().index(page_marker(2)) + 1  # line number of the page marker
    on_page2 = got["source_line"] > page2
    assert sorted(got.loc[on_page2, "name"]) == sorted(r[1] for r in fx.STACKED_B2)


def test_header_row_alone_at_a_page_foot_heads_the_next_pages_rows(synth):
    """A ruled table whose header row stands alone at the foot of page 1, its rows moved to
    page 2 (as word processors and browsers break a table): the header is a table row, not a
    framed paragraph, so the rows are read under it with their targets and realisations."""
    from analysis.extract.indicators import extract_indicators

    text = render_pdf(synth["cut_rows"]).text
    assert ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"] in _rows(text)
    for row in fx.CUT_ROWS:
        assert row in _rows(text), row
    doc = parse_document(text, "cr")
    got = extract_indicators(doc, _meta("cr", year=2024)).rows.set_index("indicator")
    assert len(got) == len(fx.CUT_ROWS)
    for no, name, target, actual, pct in fx.CUT_ROWS:
        assert got.loc[name, "target"] == _amount(target.rstrip("%")), name
        assert got.loc[name, "actual"] == _amount(actual.rstrip("%")), name


def test_rendering_is_deterministic(synth):
    a = render_pdf(synth["ruled"]).text
    b = render_pdf(synth["ruled"]).text
    assert a.encode() == b.encode()


def test_same_values_from_pdf_and_from_text_rendering(synth):
    """Tabel 3.13 as a PDF and as the equivalent TAB text give the same budget rows."""
    from analysis.extract.budget import extract_budget

    cols = ["level", "name", "budget", "realization", "reported_pct", "source_table"]
    from_pdf = extract_budget(parse_document(render_pdf(synth["ruled_plain"]).text, "p"), _meta("p")).rows
    from_text = extract_budget(parse_document(fx.BUDGET_TEXT, "t"), _meta("t")).rows
    a = from_pdf[cols].sort_values(["name"]).reset_index(drop=True)
    b = from_text[cols].sort_values(["name"]).reset_index(drop=True)
    assert len(a) == len(fx.BUDGET_ROWS)
    pd.testing.assert_frame_equal(a, b)
    row = a[a["name"] == "PROGRAM PENYELENGGARAAN PENGAWASAN"].iloc[0]
    assert (row["budget"], row["realization"], row["reported_pct"]) == (630395770, 524058289, 83.13)


# --------------------------------------------------------------------------------------
# Cache and pipeline
# --------------------------------------------------------------------------------------
def test_cache_reused_and_redone_when_the_key_changes(synth, tmp_path):
    first = convert_pdf(synth["ruled"], tmp_path, "d1")
    assert first.converted and first.text_path == tmp_path / "d1.txt"
    meta = json.loads(first.meta_path.read_text(encoding="utf-8"))
    assert meta["pages"] == 3 and meta["pdfplumber"].startswith("pdfplumber ")
    import hashlib
    assert meta["source_sha256"] == hashlib.sha256(synth["ruled"].read_bytes()).hexdigest()
    again = convert_pdf(synth["ruled"], tmp_path, "d1")
    assert not again.converted and again.notes == first.notes
    meta["pdfplumber"] = "pdfplumber 0.0.0"  # another library version: convert again
    first.meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert convert_pdf(synth["ruled"], tmp_path, "d1").converted
    first.text_path.write_text("edited by hand\n", encoding="utf-8")  # altered rendering: redo
    redone = convert_pdf(synth["ruled"], tmp_path, "d1")
    assert redone.converted and redone.text_path.read_bytes() == render_pdf(synth["ruled"]).text.encode()


def _manifest(raw: Path, rows: list[tuple[str, str]]) -> None:
    import hashlib

    lines = ["doc_id,file,sha256,province,fiscal_year,doc_type,entity,title"]
    for doc_id, file in rows:
        sha = hashlib.sha256((raw / file).read_bytes()).hexdigest()
        lines.append(f"{doc_id},{file},{sha},Jawa Timur,2022,LKIP,Inspektorat Kabupaten Contoh,Uji")
    (raw / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_pipeline_with_pdf_inputs(synth, tmp_path):
    """A manifest listing PDFs and a text file: PDFs converted (cached in data/interim), rows
    carry source_page, scans are reported on the console and in the report."""
    from analysis.extract.pipeline import run_extraction

    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    for name in ("ruled_plain", "image"):
        (raw / f"{name}.pdf").write_bytes(synth[name].read_bytes())
    (raw / "t_text.txt").write_text(fx.BUDGET_TEXT, encoding="utf-8")
    _manifest(raw, [("p1", "ruled_plain.pdf"), ("p2", "image.pdf"), ("t1", "t_text.txt")])
    log = io.StringIO()
    summary = run_extraction(raw, tmp_path / "data" / "processed", progress=log)
    assert (tmp_path / "data" / "interim" / "p1.txt").is_file()
    assert (tmp_path / "data" / "interim" / "p1.json").is_file()
    assert "p2 image.pdf: page 2: no text layer; OCR is not part of this package" in log.getvalue()
    budget = summary.frames["budget"]
    pdf_rows = budget[budget["doc_id"] == "p1"]
    text_rows = budget[budget["doc_id"] == "t1"]
    assert len(pdf_rows) == len(text_rows) == len(fx.BUDGET_ROWS)
    assert set(pdf_rows["source_page"]) == {2}
    assert text_rows["source_page"].isna().all()
    # source_line points at the cached rendering
    rendering = (tmp_path / "data" / "interim" / "p1.txt").read_text(encoding="utf-8").splitlines()
    for rec in pdf_rows.itertuples():
        assert rendering[rec.source_line - 1].split("\t")[1] == rec.name
    header = (tmp_path / "data" / "processed" / "budget.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[-1] == "source_page"
    report = pd.read_csv(tmp_path / "data" / "processed" / "extraction_report.csv", dtype=str)
    rec = report.set_index("doc_id")
    assert rec.loc["p2", "pdf_pages_without_text"] == "2"
    assert rec.loc["p1", "pdf_pages"] == "3" and pd.isna(rec.loc["t1", "pdf_pages"])
    md = (tmp_path / "data" / "processed" / "extraction_report.md").read_text(encoding="utf-8")
    assert "page 2: no text layer; OCR is not part of this package" in md
    # second run: cached renderings reused, byte-identical outputs
    log2 = io.StringIO()
    out2 = tmp_path / "second"
    run_extraction(raw, out2, progress=log2, interim_dir=tmp_path / "data" / "interim")
    assert "cached rendering reused" in log2.getvalue()
    for p in sorted((tmp_path / "data" / "processed").iterdir()):
        if p.suffix == ".csv":
            assert (out2 / p.name).read_bytes() == p.read_bytes(), p.name


def test_cli_refuses_a_damaged_pdf_naming_it(synth, tmp_path, capsys):
    from analysis.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bad.pdf").write_bytes(synth["damaged"].read_bytes())
    _manifest(raw, [("b1", "bad.pdf")])
    assert main(["extract", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "bad.pdf" in err and "damaged or not a PDF" in err


# --------------------------------------------------------------------------------------
# Real reports (shared corpus; values read on the rendered pages by eye)
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def jombang(tmp_path_factory):
    if CORPUS is None:
        pytest.skip("shared corpus absent")
    cache = tmp_path_factory.mktemp("interim")
    res = convert_pdf(CORPUS / "jombang-inspektorat-lkjip-2022.pdf", cache, "j22")
    return read_document(res.text_path, "j22"), res


@needs_corpus
def test_jombang_tabel_3_13_programmes_across_the_page_break(jombang):
    """Jombang LKjIP 2022, Tabel 3.13 (pages 43-44): programme anggaran / realisasi / %."""
    from analysis.extract.budget import extract_budget

    doc, _ = jombang
    [table] = [t for t in doc.tables if t.number == "3.13"]
    assert {doc.page_of(r.line) for r in table.rows} == {43, 44}  # one table across the break
    assert table.repeated_header_lines and all(doc.page_of(k) == 44 for k in table.repeated_header_lines)
    rows = extract_budget(doc, _meta("j22")).rows
    rows = rows[rows["source_table"] == "Tabel 3.13"].set_index("name")
    expected = {  # name: (anggaran, realisasi, % as printed, page)
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA": (12281319513, 11534782463, 87.2, 43),
        "PROGRAM PENYELENGGARAAN PENGAWASAN": (630395770, 524058289, 70.16, 44),
        "PROGRAM PERUMUSAN KEBIJAKAN, PENDAMPINGAN DAN ASISTENSI": (441438630, 382861036, 84.01, 44),
        "JUMLAH": (13353153913, 12441701788, 93.17, 44),
    }
    for name, (b, r, pct, page) in expected.items():
        rec = rows.loc[name]
        assert (rec["budget"], rec["realization"], rec["reported_pct"]) == (b, r, pct), name
        assert doc.page_of(int(rec["source_line"])) == page
    # a kegiatan on page 44 under the first programme of page 43
    rec = rows.loc["Administrasi Umum Perangkat Daerah"]
    assert (rec["budget"], rec["realization"], rec["level"]) == (461173073, 408502503, "kegiatan")


@needs_corpus
def test_jombang_tabel_3_2_indicators(jombang):
    """Jombang LKjIP 2022, Tabel 3.2 (page 24): targets and realisations as printed."""
    from analysis.extract.indicators import extract_indicators

    doc, res = jombang
    assert res.pages == 48 and res.pages_without_text == [1]  # the cover is a picture
    rows = extract_indicators(doc, _meta("j22")).rows
    rows = rows[rows["source_table"] == "Tabel 3.2"].set_index("indicator")
    assert rows.loc["Maturitas SPIP", ["target_text", "actual_text"]].tolist() == ["Level 3 (3,35)", "Level 3 (3,157)"]
    assert rows.loc["Maturitas SPIP", "reported_achievement_pct"] == 94.24
    assert rows.loc["Kapabilitas APIP", ["target_text", "actual_text"]].tolist() == ["Level 3", "Level 3"]
    rec = rows.loc["Nilai Evaluasi AKIP PD"]
    assert (rec["target"], rec["actual"], rec["reported_achievement_pct"]) == (83, 82.92, 98.3)
    assert {doc.page_of(int(x)) for x in rows["source_line"]} == {24}
    # running footer 'Laporan Kinerja Instansi Pemerintah Tahun 2022   19' removed
    assert not any("Laporan Kinerja Instansi Pemerintah Tahun 2022" in ln for ln in doc.lines)


def _table_rows(path: Path, pages) -> list[list[str]]:
    return _rows(render_pdf(path, pages=pages).text)


@needs_corpus
def test_tangerang_quarterly_form_k_and_rp():
    """Dinkes Kota Tangerang 2023, page 1: K and Rp of triwulan I and II per sub-kegiatan.
    (The budget/indicator extractors do not yet know this form: generality issue #13.)"""
    rows = _table_rows(CORPUS / "tangerang-dinkes-realisasi-triwulan-2023.pdf", [1])
    by_name = {r[0]: r for r in rows}
    num = re.compile(r"^(?:\d[\d.]*|-)$")
    perencanaan = by_name["Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"]
    assert [c for c in perencanaan[2:] if num.match(c)] == ["2", "78.928.000", "1", "43.160.000"]
    gaji = by_name["Penyediaan Gaji dan Tunjangan ASN"]
    assert [c for c in gaji[2:] if num.match(c)] == ["755", "27.715.000.304", "755", "48.862.991.947"]
    assert gaji[1] == "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN"
    # the K / Rp header row of the four quarters
    assert ["K", "Rp"] * 4 == [c for r in rows[:5] for c in r if c in ("K", "Rp")]


@needs_corpus
def test_bpmpd_numbered_formula_columns():
    """BPMPD Jawa Barat, evaluation of the Renja to 2014 (Excel export), page 1: the columns
    numbered '8 = (7/6)', '10 = (5+7+9)', '11 = (10/4)' and kegiatan 1 01 01 01."""
    rows = _table_rows(CORPUS / "jabar-bpmpd-evaluasi-renja-2014.pdf", [1])
    [numbering] = [r for r in rows if "8 = (7/6)" in r]
    col = {c: j for j, c in enumerate(numbering) if c}
    [row] = [r for r in rows if r[:4] == ["1", "01", "01", "01"]]
    assert row[col["6"]] == "300.000.000,00"
    assert row[col["7"]] == "254.800.272,00"
    assert row[col["8 = (7/6)"]] == "84,93"  # 254.800.272 / 300.000.000 = 84,93 %
    assert row[col["9"]] == "350.000.000,00"
    assert row[col["10 = (5+7+9)"]] == "754.800.272,00"  # 150.000.000 + 254.800.272 + 350.000.000
    assert row[col["11 = (10/4)"]] == "66,24"  # as printed (754,8 / 500 would be 150,96)
    assert row[col["4"]] == "500.000.000,00" and row[col["5"]] == "150.000.000,00"


@needs_corpus
def test_disperindag_jabar_2016_indicator_tables():
    """Disperindag Jawa Barat LKIP 2016: Tabel 3.2 (page 34), Tabel 3.1 (page 32), the
    2014-2018 target table of page 23 with numbers cut at the column edge, and the scanned
    pages 2-7. (Tabel 3.1/3.2 are not yet recognised by the indicator extractor: issue #13.)"""
    path = CORPUS / "jabar-disperindag-lkip-2016.pdf"
    r = render_pdf(path, pages=range(21, 35))
    doc = parse_document(r.text, "dis")
    by_caption = {t.number: t for t in doc.tables if t.number}
    t32 = by_caption["3.2"]
    rec = {row.cells[1]: row for row in t32.rows if len(row.cells) > 1}
    pdrb = rec["Pertumbuhan Industri Manufaktur pada PDRB Jawa Barat"]
    assert pdrb.cells[2:7] == ["Triliun Rupiah", "185.80", "168.49", "90.68", "Baik"]
    assert doc.page_of(pdrb.line) == 34
    ikm = rec["Peningkatan Jumlah unit usaha IKM"]
    assert ikm.cells[2:6] == ["Unit usaha", "202,955", "203,440*", "100.23"]
    sdm = rec["Peningkatan Jumlah SDM IKM yang bersertifikat"]
    assert sdm.cells[3:6] == ["3,000", "2,345", "78.16"]
    t31 = by_caption["3.1"]
    row = next(x for x in t31.rows if x.cells[1].startswith("Pertumbuhan Industri"))
    assert row.cells[3:7] == ["175.89", "166.29", "185.80", "168.49"] and doc.page_of(row.line) == 32
    # page 23: '201.' above '955' in a narrow cell, rejoined (and reported)
    row = next(x for x in doc.tables for x in x.rows if x.cells[0] == "Peningkatan Jumlah unit usaha IKM")
    assert row.cells[1:4] == ["201.455 Unit Usaha", "201.955", "202.455"] and doc.page_of(row.line) == 23
    assert any(n.kind == "cut_number_rejoined" and "201.955" in n.message for n in r.notes)
    # running header and footer gone
    assert "Dinas Perindustrian dan Perdagangan Provinsi Jawa Barat" not in doc.lines
    assert not any(re.search(r"Laporan Kinerja Instansi Pemerintah Tahun 2016", ln) for ln in doc.lines)
    scans = render_pdf(path, pages=range(1, 9))
    assert scans.pages_without_text == [2, 3, 4, 5, 6, 7]


def test_justified_prose_is_not_a_whitespace_table():
    """Word gaps of justified lines that happen to line up on a few lines, with full-width
    lines written across them, stay prose; a real column layout becomes a table."""
    from analysis.extract.pdf import _Line, _Phrase, _whitespace_table

    def line(top, *spans):
        return _Line(top, top + 10, 10, [_Phrase(a, b, t) for a, b, t in spans])

    prose = [line(0, (50, 200, "pengawasan pelaksanaan"), (260, 380, "pemerintahan yang"), (440, 545, "menjadi")),
             line(14, (50, 545, "kewenangan Daerah dan tugas pembantuan oleh Perangkat Daerah,")),
             line(28, (50, 545, "serta pembinaan dan pengawasan pelaksanaan urusan pemerintahan")),
             line(42, (50, 210, "Inspektorat Kabupaten"), (270, 370, "Jombang sebagai"), (450, 545, "unsur")),
             line(56, (50, 545, "penyelenggaraan pemerintahan negara dalam rangka mewujudkan")),
             line(70, (50, 190, "sumberdaya dengan"), (265, 375, "suatu perencanaan"), (445, 545, "strategis."))]
    assert _whitespace_table(prose, 1, []) is None
    table = [line(0, (50, 60, "No"), (90, 140, "Indikator"), (350, 380, "Target"), (430, 460, "Realisasi")),
             line(14, (50, 55, "1"), (90, 300, "Persentase dokumen tepat waktu"), (365, 380, "100"), (445, 460, "100")),
             line(28, (90, 250, "perencanaan (lanjutan)")),
             line(42, (50, 55, "2"), (90, 280, "Nilai SAKIP perangkat daerah"), (355, 380, "75,50"), (440, 460, "77,25"))]
    assert _whitespace_table(table, 1, []) == [
        "No\tIndikator\tTarget\tRealisasi",
        "1\tPersentase dokumen tepat waktu\t100\t100",
        "\tperencanaan (lanjutan)",
        "2\tNilai SAKIP perangkat daerah\t75,50\t77,25",
    ]


def test_reader_page_map_and_markers_are_blank_for_tables():
    text = ("intro\n<!-- page 1 -->\nProgram\tAnggaran\tRealisasi\nProgram A\t1.000.000\t900.000\n"
            "<!-- page 2 -->\nProgram B\t2.000.000\t1.500.000\n")
    doc = parse_document(text, "m")
    assert doc.line_pages == [None, 1, 1, 1, 2, 2]
    [table] = doc.tables
    assert [r.cells[0] for r in table.rows] == ["Program A", "Program B"]
    assert [doc.page_of(r.line) for r in table.rows] == [1, 2]
    assert all("<!--" not in t for _, t in doc.text_lines())
    plain = parse_document("Program\tAnggaran\nProgram A\t1.000.000\n", "n")  # no pages
    assert plain.line_pages == [None, None] and plain.page_of(2) is None


def test_words_and_numbers_a_narrow_cell_cut_at_its_line_ends_are_joined(tmp_path):
    # a word wider than its cell is cut where the line ends, without a hyphen: the line holds
    # that word alone from margin to margin and the next goes on with its rest; a rest that
    # could be a word of its own ('dan') or digits after a word ('Maturitas' | '3') stay apart
    text = render_pdf(fx.cut_words_pdf(tmp_path / "cut.pdf")).text
    row = next(ln for ln in text.splitlines() if ln.startswith("1\t")).split("\t")
    head = next(ln for ln in text.splitlines() if ln.startswith("No\t")).split("\t")
    assert head[2] == "Anggaran (Rp)"
    assert row[1] == "Pengawasan"
    assert row[3] == "Terwujudnya dan tercapai"
    assert row[4] == "Maturitas 3 (3,35)"


def test_words_cut_with_longer_rests_are_joined_when_the_document_writes_them_whole(tmp_path):
    # 'Koordi' | 'nasi' and 'dan penyusun' | 'an dokumen' (a line of several words whose last
    # one ends at the margin) are cut words: the paragraph writes 'koordinasi' and
    # 'penyusunan'; 'Laporan' | 'kinerja' fills its line too, but both are words of the
    # paragraph and the whole 'laporankinerja' is not: a name wrapped at a space
    text = render_pdf(fx.cut_long_words_pdf(tmp_path / "cut_long.pdf")).text
    row = next(ln for ln in text.splitlines() if ln.startswith("1\t")).split("\t")
    assert row == ["1", "Koordinasi", "Laporan kinerja", "dan penyusunan dokumen"]
    assert "\ue000" not in text


@pytest.mark.parametrize("head, tail, joined", [
    ("525,774,880.0", "0", "525,774,880.00"),   # a second decimal alone on the next line
    ("Rp 1.234.5", "67", "Rp 1.234.567"),       # the head is no whole number
    ("2.048.907.450,", "00", "2.048.907.450,00"),  # cut after the separator (as before)
    ("2022", "2023", "2022 2023"),              # two whole numbers
    ("12,5", "13", "12,5 13"),
    ("1.250.000,0", "12 kegiatan", "1.250.000,0 12 kegiatan"),  # more than the rest of a number
    # after a currency word's point (001 line 1603 printed by LibreOffice: read 3,017,678,666.89)
    ("<p>Input : Rp .3,017,669,25", "8 ,00</p>", "<p>Input : Rp .3,017,669,258 ,00</p>"),
    ("Rp.3,017,669,25", "8", "Rp.3,017,669,258"),
    ("Rp 1.3,017,669,25", "8", "Rp 1.3,017,669,25 8"),  # a digit and a point before: no number's start
])
def test_numbers_cut_inside_their_last_group_are_rejoined(head, tail, joined):
    assert rejoin_cut_number(head, tail)[0] == joined


def test_a_narrow_column_empty_on_a_continuation_page_keeps_its_place(tmp_path):
    # the 14 pt 'No' column has no number on page 2: dropped as a sliver, the names moved under
    # 'No' and the amounts under the name and the budget (in a browser print of 001: budgets
    # read as realisations); every row of the page draws its cell there, so it is a column
    text = render_pdf(fx.narrow_no_column_pdf(tmp_path / "narrow_no.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    assert rows == [fx.NARROW_NO_HEADER, *fx.NARROW_NO_PAGE1, *fx.NARROW_NO_PAGE2]


def test_a_column_empty_on_a_continuation_page_keeps_its_place(tmp_path):
    # the 2023 column is empty in every row of page 2: dropped, the 2024 amounts moved under
    # the 2023 header (and 2025's under 2024); kept, each amount stays under its year
    text = render_pdf(fx.empty_column_pdf(tmp_path / "empty.pdf")).text
    rows = {ln.split("\t")[0]: ln.split("\t") for ln in text.splitlines() if ln[:2] in ("3\t", "4\t")}
    assert rows["3"][2:5] == ["", "120.000.000", "132.000.000"]
    assert rows["4"][2:5] == ["", "60.000.000", "66.000.000"]


def test_the_rest_of_a_row_cut_by_a_page_break_goes_on_with_the_row(tmp_path):
    # the rest of the row's name stands alone in a one-row grid at the top of page 2, drawn on
    # the table's column rules: it is read as a row (a framed paragraph of one filled cell
    # before) and the reader and the indicator extractor join it to the row above
    from analysis.extract.indicators import extract_indicators

    text = render_pdf(fx.split_row_pdf(tmp_path / "split.pdf")).text
    doc = parse_document(text, "t")
    rows = [r.cells for t in doc.tables for r in t.rows]
    assert rows == [["1.", "Meningkatnya Pelayanan Terhadap Kepala Daerah dan Sekretaris Daerah", "100%",
                     "100%", "100"]]
    meta = DocMeta(doc_id="t", file="t.pdf", sha256="", province="Jawa Timur", fiscal_year=2021,
                   doc_type="LKjIP", entity="Biro Umum", title="")
    ind = extract_indicators(doc, meta).rows
    assert list(ind["indicator"]) == ["Meningkatnya Pelayanan Terhadap Kepala Daerah dan Sekretaris Daerah"]
    assert "Berdasarkan tabel di atas" in text  # the prose below stays text


def test_rules_of_tables_a_few_points_apart_do_not_move_each_others_columns(tmp_path):
    # the finder unites rules less than 6 pt apart over the whole page: 300, 304 and 308 pt (three
    # tables' third column) became one rule at 304, and the first table's 'Baik sekali', 3 pt
    # right of its rule at 300, lost its 'B' to the column before; each table is found again on
    # its own region
    text = render_pdf(fx.chained_tables_pdf(tmp_path / "chained.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if ln[:2] in ("1\t", "2\t", "3\t")]
    assert rows == [["1", "Nilai SAKIP", "Baik sekali"], ["2", "Opini BPK", "Wajar Tanpa Pengecualian"],
                    ["3", "Indeks RB", "Cukup baik"]]


def test_a_row_a_browser_cut_at_a_page_break_without_its_rules_is_a_row(tmp_path):
    # the page break cut row 2: on page 1 its column rules run to the foot of the text area
    # with no rule below, on page 2 the rest of its name stands between rules with no rule
    # above; the row was read as a line of prose and its amounts lost. Closed at the page's
    # foot and top, it is a table row, joined to its rest
    from analysis.extract.base import DocMeta
    from analysis.extract.budget import extract_budget

    text = render_pdf(fx.browser_cut_row_pdf(tmp_path / "cut.pdf")).text
    meta = DocMeta("t", "cut.pdf", "", "Bali", 2024, "LKjIP", "Biro Organisasi", "")
    rows = extract_budget(parse_document(text, "t"), meta).rows.set_index("name")
    for row, rest in fx.BROWSER_CUT_ROWS:
        name = f"{row[1]} {rest}" if rest else row[1]
        assert (rows.loc[name, "budget"], rows.loc[name, "realization"], rows.loc[name, "reported_pct"]) == (
            float(row[2].replace(".", "")), float(row[3].replace(".", "")), float(row[4].replace(",", "."))), name


def test_narrow_empty_columns_of_a_table_drawn_against_another_are_kept(tmp_path):
    # the second table's two empty cells of 2023 are as narrow as their padding (5 pt): the
    # finder united their rules and the row was read '2 | Bimbingan … | 1 keg. | 181.500.000'
    # under the header's 2023 columns; drawn again, its values stay under 2024
    text = render_pdf(fx.narrow_empty_columns_pdf(tmp_path / "narrow.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    assert rows == [fx.NARROW_HEADER, fx.NARROW_FIRST[0], fx.NARROW_SECOND[0]]


def test_a_page_background_rectangle_is_no_table_rule(tmp_path):
    # the background painted 4 pt outside the text area: its sides were united with the table's
    # side rules into one grid of the whole page, the paragraphs above and below the table (and
    # the running header and footer) became cells of its first and last rows
    text = render_pdf(fx.page_background_pdf(tmp_path / "background.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    assert rows == fx.BACKGROUND_ROWS
    assert " ".join(fx.BACKGROUND_PROSE) in text.splitlines()
    assert "Sumber: DPA 2024." in text.splitlines()


def test_rows_closer_than_the_snap_tolerance_with_text_between_stay_rows(tmp_path):
    # the total row is 4.5 pt high: its two rules, closer than the 6 pt snap tolerance, were
    # united and the row was lost to the table (read as a line of prose; in a LibreOffice Calc
    # print of the roadmap 003 the total's amounts went into the row above instead: 9 budget
    # rows with other values)
    text = render_pdf(fx.tiny_rows_pdf(tmp_path / "tiny.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    assert rows == fx.TINY_ROWS


def test_cells_of_tables_drawn_against_each_other_keep_their_first_letters(tmp_path):
    # one grid of four tables whose last column rules lie 5 pt apart (300 ... 315): united into
    # one rule at about 307 pt, the first rows' 'Nilai' and 'BB' lost their first letter to the
    # cell before; each cell side is put back on its own row's rule where a letter lies between
    text = render_pdf(fx.touching_tables_pdf(tmp_path / "touching.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    assert rows == [row for _, table in fx.TOUCHING_TABLES for row in table]


def test_a_table_keeps_its_last_column_when_the_tables_above_have_rules_a_few_points_left(tmp_path):
    # the last column rules of three tables step 5 pt left (420, 415, 410): united over the page,
    # the third table's right rule went onto the rule before it and its Realisasi column was
    # read as a line of text under the table; found on its own region grown to the rules
    # crossing it, each table has its five columns
    text = render_pdf(fx.staggered_tables_pdf(tmp_path / "staggered.pdf")).text
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    assert rows == [row for _, table in fx.STAGGERED_TABLES for row in table]


@needs_corpus
def test_disperindag_jabar_2016_efficiency_table_columns_on_a_page_of_several_tables():
    """Disperindag Jawa Barat LKIP 2016, Tabel 3.5 (page 39), efficiency of resources: the
    rules of the page's other tables, a few points from this table's, were united with its own
    over the page and cut its cells: '1 I | Peningkatan Jumlah unit usaha KM' and '81.2 | 3 18.77'
    (an absorption of 81.2 % for the 81.23 printed). Found on its own region, every cell is whole."""
    doc = parse_document(render_pdf(CORPUS / "jabar-disperindag-lkip-2016.pdf", pages=[39]).text, "dis")
    [row] = [r for t in doc.tables for r in t.rows if "Peningkatan Jumlah unit usaha IKM" in r.cells]
    assert row.cells == ["1", "Peningkatan Jumlah unit usaha IKM", "Unit usaha", "202,955", "203,440*",
                         "4,775,000,000", "81.23", "18.77"]


@needs_corpus
def test_jombang_tabel_3_9_keeps_its_efficiency_column(jombang):
    """Jombang LKjIP 2022, Tabel 3.9 (page 40): '% Tingkat Efisiensi' (11,11 %, 13,27 %, 4,38 %)
    is the table's last column; the page's united rules ended the table before it, and the
    column was read as a line of text below the table."""
    doc, _ = jombang
    [table] = [t for t in doc.tables if t.number == "3.9"]
    assert table.header[-1][-1] == "%Tingkat Efisiensi"
    assert [r.cells[-3:] for r in table.rows] == [["94,24%", "83,13%", "11,11%"], ["100%", "86,73%", "13,27%"],
                                                  ["98,30%", "93,92%", "4,38%"]]
    assert {doc.page_of(r.line) for r in table.rows} == {40}
