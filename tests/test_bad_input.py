"""Bad input: every case gives a clear message naming the file (and line/offset where there is
one), never a traceback; nothing already in the output folder is lost; property tests feed
mutated document text to the reader and every extractor (they never crash, only report)."""

from __future__ import annotations

import io

import csv
import hashlib
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.contract import DocMeta
from analysis.extract.documents import DocumentError, MAX_TEXT_LINE, parse_document
from analysis.extract.pipeline import audit_rows, default_extractors, document_stats, run_extraction

from conftest import DOCS, HEADER, RAW, make_raw

ROOT = Path(__file__).resolve().parents[1]
def extract(tmp_path: Path, raw: Path, *extra: str) -> int:
    return main(["extract", "--raw", str(raw), "--out", str(tmp_path / "out"),
                 "--external", str(tmp_path / "external"), *extra])


def report_row(tmp_path: Path) -> dict[str, str]:
    with open(tmp_path / "out" / "extraction_report.csv", encoding="utf-8") as fh:
        return next(csv.DictReader(fh))


# 002 Tabel 3.3 (lines 400-416): caption, title, header, Pendapatan/Belanja, a page break with a
# repeated header, and programme/kegiatan rows: a real table to cut and to garble
TABLE_002 = (RAW / DOCS["002"]).read_text(encoding="utf-8").split("\n")[399:416]


# ---- empty, binary, single-byte encodings -------------------------------------------------
def test_empty_file_warns_nothing_found_and_strict_fails(tmp_path, capsys):
    raw = make_raw(tmp_path, {"empty.txt": b""})
    assert extract(tmp_path, raw) == 0
    err = capsys.readouterr().err
    assert "warning: 901 empty.txt: nothing found: the document is empty" in err
    row = report_row(tmp_path)
    assert row["warnings"] == "nothing found: the document is empty" and row["lines"] == "0"
    md = (tmp_path / "out" / "extraction_report.md").read_text(encoding="utf-8")
    assert "## Warnings" in md and "- 901 `empty.txt`: nothing found: the document is empty" in md
    assert extract(tmp_path, raw, "--strict") == 1
    assert "--strict: warnings are errors" in capsys.readouterr().err


def test_binary_file_refused_with_offset(tmp_path, capsys):
    data = b"%PDF-like header\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    raw = make_raw(tmp_path, {"scan.txt": data})
    assert extract(tmp_path, raw) == 2
    err = capsys.readouterr().err
    # the NUL byte follows 16 + 1 ('\n') + 6 ('\x89PNG\r\n') + 2 ('\x1a\n') = 25 bytes and
    # three line feeds: offset 25, line 4
    assert f"{raw / 'scan.txt'}: looks binary (NUL byte at byte offset 25, line 4)" in err
    assert not (tmp_path / "out" / "budget.csv").exists()


def test_old_office_file_refused_with_what_to_give_instead(tmp_path, capsys):
    """A Word 97 .doc (OLE2 signature d0 cf 11 e0) is binary: the message says to save it as
    .docx or .xlsx, which the package reads."""
    raw = make_raw(tmp_path, {"lkjip.doc": bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 40})
    assert extract(tmp_path, raw) == 2
    err = capsys.readouterr().err
    assert "lkjip.doc: looks binary" in err and "save it as .docx or .xlsx" in err


def test_cp1252_file_refused_with_reason_and_conversion(tmp_path, capsys):
    text = "Kabupaten Kupang\nRealisasi Belanja Dinas Pendidikan \u2013 Rp 1.234.567\n"
    raw = make_raw(tmp_path, {"latin.txt": text.encode("cp1252")})
    assert extract(tmp_path, raw) == 2
    err = capsys.readouterr().err
    # the en dash is byte 0x96 in cp1252: offset = len("Kabupaten Kupang\n") + len("Realisasi ... Pendidikan ")
    offset = len("Kabupaten Kupang\n") + len("Realisasi Belanja Dinas Pendidikan ")
    assert f"not valid UTF-8 at byte offset {offset} (line 2, bytes b'\\x96 Rp'" in err
    assert "silently corrupt names and numbers" in err
    assert "iconv -f cp1252 -t utf-8" in err and "latin.txt" in err


# ---- documents without tables or rows ---------------------------------------------------
def test_prose_only_document_warns_and_exits_zero(tmp_path, capsys):
    # the start of 002 (lines 1-20: title page and foreword, no table, no amount)
    prose = "\n".join((RAW / DOCS["002"]).read_text(encoding="utf-8").split("\n")[:20]) + "\n"
    assert "\t" not in prose
    raw = make_raw(tmp_path, {"prose.txt": prose.encode()})
    assert extract(tmp_path, raw) == 0
    err = capsys.readouterr().err
    assert "nothing found: no table recognised in 20 line(s)" in err
    assert "nothing found: no output rows (budget 0, indicators 0, regions 0, activity_locations 0)" in err
    assert report_row(tmp_path)["tables"] == "0"
    assert extract(tmp_path, raw, "--strict") == 1


def test_bundled_documents_have_no_warnings(extracted):
    with open(extracted / "extraction_report.csv", encoding="utf-8") as fh:
        assert [r["warnings"] for r in csv.DictReader(fh)] == ["", "", "", ""]


def test_truncated_table_keeps_the_rows_before_the_cut(tmp_path):
    # 002 Tabel 3.3 cut in the middle of 'Administrasi Umum Perangkat Daerah 12.546.676.195'
    text = "\n".join(TABLE_002[:16]) + "\n\t- Administrasi Umum Perangkat Daerah\t12.546.6"
    raw = make_raw(tmp_path, {"cut.txt": text.encode()})
    assert extract(tmp_path, raw) == 0
    with open(tmp_path / "out" / "budget.csv", encoding="utf-8") as fh:
        rows = {int(r["source_line"]): r for r in csv.DictReader(fh)}
    # Pendapatan (file line 9 = 002 line 408) and the programme (line 11 = 002 line 410)
    assert rows[9]["budget"] == "3595032000" and rows[9]["realization"] == "204270000"
    assert rows[11]["budget"] == "111617829255" and rows[11]["realization"] == "102309636358"
    # the repeated header after the page break (lines 14-15) is dropped; the cut row (line 17)
    # is a row without values, and its note says why
    assert rows[17]["name"] == "Administrasi Umum Perangkat Daerah"
    assert rows[17]["budget"] == "" and rows[17]["realization"] == ""
    assert rows[17]["value_note"] == "budget malformed '12.546.6' (digit groups of irregular size)"


def test_five_megabyte_single_line_is_reported_not_scanned(tmp_path, capsys):
    # 001 with its line breaks lost: 5 MB on one line
    text = (RAW / DOCS["001"]).read_text(encoding="utf-8").replace("\n", " ").replace("\t", " ")
    line = (text * 5)[:5_000_000]
    raw = make_raw(tmp_path, {"oneline.txt": (line + "\n").encode()})
    script = (
        "import resource, sys, time\n"
        "from analysis.cli import main\n"
        "t = time.perf_counter()\n"
        f"rc = main(['extract', '--raw', {str(raw)!r}, '--out', {str(tmp_path / 'out')!r},"
        f" '--external', {str(tmp_path / 'ext')!r}])\n"
        # VmHWM: this process's own peak (ru_maxrss would include the forked test runner's pages)
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "peak = int(hwm[0].split()[1]) // 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "print('RESULT', rc, time.perf_counter() - t, peak)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    rc, seconds, peak_mb = proc.stdout.split("RESULT")[1].split()
    print(f"5 MB line: {float(seconds):.1f} s, peak RSS {peak_mb} MB")
    assert rc == "0", proc.stderr
    assert float(seconds) < 30 and int(peak_mb) < 500
    assert (f"line 1 has {len(line):,} characters (more than MAX_TEXT_LINE = {MAX_TEXT_LINE:,}): "
            "not scanned as prose") in proc.stderr


# ---- manifest problems: nothing already written is lost ------------------------------------
def _previous_outputs(tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "out"
    out.mkdir(parents=True, exist_ok=True)
    before = {"budget.csv": b"previous run\n", "extraction_report.md": b"# previous\n"}
    for name, data in before.items():
        (out / name).write_bytes(data)
    return before


def _unchanged(tmp_path: Path, before: dict[str, bytes]) -> None:
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == set(before)
    assert all((out / n).read_bytes() == d for n, d in before.items())
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_missing_file_names_it_and_keeps_outputs(tmp_path, capsys):
    before = _previous_outputs(tmp_path)
    raw = make_raw(tmp_path, {"a.txt": "\n".join(TABLE_002).encode(), "gone.txt": b"x"},
                   missing=("gone.txt",))
    assert extract(tmp_path, raw) == 2
    assert f"manifest.csv: line 3: file 'gone.txt' not found in {raw}" in capsys.readouterr().err
    _unchanged(tmp_path, before)


def test_wrong_checksum_names_it_and_keeps_outputs(tmp_path, capsys):
    before = _previous_outputs(tmp_path)
    raw = make_raw(tmp_path, {"a.txt": "\n".join(TABLE_002).encode()}, sha={"a.txt": "0" * 64})
    assert extract(tmp_path, raw) == 2
    err = capsys.readouterr().err
    assert f"manifest.csv: line 2: checksum mismatch for a.txt: manifest {'0' * 64}" in err
    _unchanged(tmp_path, before)


def test_failure_during_extraction_keeps_outputs(tmp_path):
    before = _previous_outputs(tmp_path)
    raw = make_raw(tmp_path, {"a.txt": "\n".join(TABLE_002).encode(), "b.txt": b"x\n"})
    extractors = default_extractors()
    budget = extractors["budget"]

    def failing(doc, meta):
        if meta.file == "b.txt":
            raise RuntimeError("boom")
        return budget(doc, meta)

    extractors["budget"] = failing
    with pytest.raises(Exception, match=r"b.txt \(doc 902\): the budget extractor failed: RuntimeError: boom"):
        run_extraction(raw, tmp_path / "out", extractors=extractors, progress=None)
    _unchanged(tmp_path, before)


def test_successful_run_replaces_outputs_and_leaves_no_staging(tmp_path):
    _previous_outputs(tmp_path)
    raw = make_raw(tmp_path, {"a.txt": "\n".join(TABLE_002).encode()})
    summary = run_extraction(raw, tmp_path / "out", progress=None)
    assert summary.files["budget"] == tmp_path / "out" / "budget.csv"
    assert (tmp_path / "out" / "budget.csv").read_text(encoding="utf-8").startswith("doc_id,")
    assert not (tmp_path / "out" / "extraction_report.md").read_text().startswith("# previous")
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


# ---- parameter files at the command line ----------------------------------------------------
@pytest.mark.parametrize("body, expected", [
    ("title: x\nnotebooks: [00_data_overview]\nparameters:\n  fiscal_year: 2023\n  colour: red\n",
     "colour: unknown parameter"),
    ("title: x\nnotebooks: [00_data_overview]\nparameters:\n  fiscal_year: 'soon'\n",
     "fiscal_year"),
    ("title: x\nnotebooks: [00_data_overview]\nextra_key: 1\nparameters: {}\n",
     "unknown key 'extra_key'"),
    ("title: !!python/object/apply:os.system ['echo pwned']\nnotebooks: [00_data_overview]\n",
     "python/object"),
])
def test_bad_parameter_file_refused_at_the_cli(tmp_path, body, expected):
    params = tmp_path / "bad.yml"
    params.write_text(body, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--params", str(params)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2, proc.stderr
    assert expected in proc.stderr and str(params) in proc.stderr
    assert "nothing run" in proc.stderr and "pwned" not in proc.stdout


# ---- property tests: mutated document text never crashes the reader or an extractor --------
_LINES = [ln for doc in ("001", "002", "003", "004")
          for ln in (RAW / DOCS[doc]).read_text(encoding="utf-8").split("\n") if ln.strip()]
_GARBAGE = ["\t", "|", "|---|---|", "<table>", "</table>", "<td rowspan=x>", "<tr><td>", "Rp.", "%",
            "(", ")", "1.234.567,89", "1,234,567.89", "#DIV/0!", "Tabel 3.1", "BAB II", "\u00a0",
            "**", "Kota Kupang", "Kab. TTS", "-", "\ufeff", "\x0c", "&amp;", "…", "0,00,-",
            # letters a case-insensitive pattern folds to ASCII, digits int() does not read
            # (each crashed the reader or the header vocabulary once)
            "Target\u017f", "\u0131ndikator", "\u0130", "\u212a", "\t\u00b2\t", "\u0663"]
META = DocMeta("990", "mutated.txt", "", "Nusa Tenggara Timur", 2023, "LKPJ",
               "Pemerintah Provinsi Nusa Tenggara Timur", "mutated")
EXTRACTORS = default_extractors()


@st.composite
def mutated_documents(draw) -> str:
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    start = rnd.randrange(len(_LINES))
    lines = _LINES[start:start + draw(st.integers(1, 60))]
    ops = draw(st.lists(st.sampled_from(["shuffle", "cut", "dup", "garbage", "swap_tabs", "drop"]),
                        max_size=6))
    for op in ops:
        if not lines:
            break
        k = rnd.randrange(len(lines))
        if op == "shuffle":
            rnd.shuffle(lines)
        elif op == "cut":
            lines[k] = lines[k][:rnd.randrange(len(lines[k]) + 1)]
        elif op == "dup":
            lines[k:k] = [lines[k]] * rnd.randint(1, 3)
        elif op == "garbage":
            pos = rnd.randrange(len(lines[k]) + 1)
            lines[k] = lines[k][:pos] + rnd.choice(_GARBAGE) + lines[k][pos:]
        elif op == "swap_tabs":
            lines[k] = lines[k].replace("\t", " ") if "\t" in lines[k] else lines[k].replace("  ", "\t")
        elif op == "drop":
            del lines[k]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


def _check(text: str) -> None:
    doc = parse_document(text, META.doc_id, "mutated.txt")
    stats = document_stats(doc)
    assert stats["tables"] == len(doc.tables)
    accounted: set[int] = set()
    for name, fn in EXTRACTORS.items():
        res = fn(doc, META)  # must not raise
        assert all(1 <= s.source_line <= max(len(doc.lines), 1) for s in res.skipped), name
        if len(res.rows) and "source_line" in res.rows.columns:
            assert res.rows["source_line"].between(1, len(doc.lines)).all(), name
        accounted |= res.consumed_lines
    audit_rows(doc, accounted)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_mutated_documents_never_crash(text):
    _check(text)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_random_text_never_crashes(text):
    _check(text)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_are_read_or_refused(data):
    from analysis.extract.documents import decode_bytes

    try:
        text = decode_bytes(data, "random.bin")
    except DocumentError as exc:
        assert str(exc).startswith("random.bin: ") and "byte offset" in str(exc)
        return
    _check(text)


# ---- names that could escape their folder ---------------------------------------------------
@pytest.mark.parametrize("doc_id", ["../../etc", "a/b", ".hidden", "..", "x\\y"])
def test_doc_id_with_path_parts_refused(tmp_path, capsys, doc_id):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(b"x\n")
    (raw / "manifest.csv").write_text(
        ",".join(HEADER) + "\n" + f"{doc_id},a.txt,{hashlib.sha256(b'x' + bytes([10])).hexdigest()},"
        "Bali,2024,LKIP,Biro Organisasi,t\n", encoding="utf-8")
    assert extract(tmp_path, raw) == 2
    assert f"line 2: doc_id {doc_id!r} is not usable" in capsys.readouterr().err
    assert not (tmp_path / "etc").exists()


def test_report_names_cannot_leave_reports(tmp_path):
    from analysis.reporting.names import inside, safe_name

    assert safe_name("../../etc") == "etc" and safe_name("..\\..\\x y") == "x_y"
    with pytest.raises(ValueError, match="no usable file name"):
        safe_name("../..")
    with pytest.raises(ValueError, match="is outside"):
        inside(tmp_path / "reports" / ".." / ".." / "etc", tmp_path / "reports")


def test_params_named_like_a_path_stay_inside_reports(tmp_path):
    # a parameter file called '..yml' or '../x' cannot make the runner write outside reports/
    params = tmp_path / "...yml"
    params.write_text("title: x\nnotebooks: [00_data_overview]\nparameters:\n  province: Bali\n"
                      "  fiscal_year: 2024\n  doc_ids: ['004']\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--params", str(params),
                           "--out", "../../etc", "--extract", "never"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert "...yml: the file name gives no report folder name" in proc.stderr, proc.stderr
    ok = tmp_path / "fine.yml"
    ok.write_text(params.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--params", str(ok),
                           "--out", "../../etc", "--extract", "never"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert "--out ../../etc: reports are written inside" in proc.stderr, proc.stderr


def test_damaged_pdf_named_and_outputs_kept(tmp_path, capsys):
    pytest.importorskip("pdfplumber")
    before = _previous_outputs(tmp_path)
    # a PDF header and then nothing a PDF reader can use (a download cut short)
    raw = make_raw(tmp_path, {"a.txt": "\n".join(TABLE_002).encode(),
                              "cut.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"})
    assert main(["extract", "--raw", str(raw), "--out", str(tmp_path / "out"),
                 "--interim", str(tmp_path / "interim"), "--external", str(tmp_path / "e")]) == 2
    err = capsys.readouterr().err
    assert f"{raw / 'cut.pdf'}: cannot read: the PDF is damaged or not a PDF" in err
    _unchanged(tmp_path, before)


# ---- Word and Excel files, damaged -----------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_damaged_word_and_excel_files_only_raise_document_errors(data):
    """Random byte changes in a valid .docx / .xlsx: the rendering either succeeds or raises a
    DocumentError naming the file (never another exception)."""
    import zipfile as _zip

    from analysis.extract.docx import render_docx_bytes
    from analysis.extract.xlsx import render_xlsx_bytes
    from docx_fixtures import Cell, Para, docx_bytes
    from xlsx_fixtures import Num, xlsx_bytes

    kind = data.draw(st.sampled_from(["docx", "xlsx"]))
    if kind == "docx":
        good = docx_bytes([Para("HASIL", style="Heading1"), [["a", Cell("b", span=2)], ["1", "2", "3"]]])
        render = render_docx_bytes
    else:
        good = xlsx_bytes({"S": [["Uraian", 2023], ["x", Num(0.5, "percent")]]})
        render = render_xlsx_bytes
    # mutate inside the XML parts (stored uncompressed, so the zip stays readable) or the raw bytes
    if data.draw(st.booleans()):
        buf = io.BytesIO()
        with _zip.ZipFile(io.BytesIO(good)) as zin, _zip.ZipFile(buf, "w") as zout:
            for info in zin.infolist():
                part = bytearray(zin.read(info.filename))
                for _ in range(data.draw(st.integers(1, 4))):
                    k = data.draw(st.integers(0, len(part) - 1))
                    part[k] = data.draw(st.sampled_from(b'<>"/=0aZ9 \x00'))
                zout.writestr(info.filename, bytes(part))
        bad = buf.getvalue()
    else:
        raw = bytearray(good)
        k = data.draw(st.integers(0, len(raw) - 1))
        raw[k] ^= 0xFF
        bad = bytes(raw)
    try:
        render(bad, f"x.{kind}")
    except DocumentError as exc:
        assert f"x.{kind}" in str(exc)
