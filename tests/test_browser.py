"""Text from documents reaches the HTML reports only escaped: a document whose table cells hold
script payloads goes through extraction and the runner (notebook 00_data_overview and a tiny
notebook that shows the extracted names), and headless Chromium opens the generated pages.

Chromium is the Debian package ``chromium``: installed here with apt-get when it is missing and
this is a root shell (or CI) with apt; otherwise the test is skipped with the reason."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import DOCS, RAW, debian_tool

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PAYLOADS = ["<script>document.title='pwned'</script>",
            "<img src=x onerror=\"document.title='pwned'\">"]


def _chromium() -> str:
    return debian_tool(CHROMIUM, "chromium", "browser test")


def _browser(chromium: str, page: Path, profile: Path, *args: str) -> str:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args, page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _document() -> str:
    """002 Tabel 3.3 with payloads in its name cells, written as a converter escapes them
    (``&lt;script&gt;``: the reader unescapes entities, so the names hold the literal tags) and
    raw (the reader drops raw tags from cells)."""
    lines = (RAW / DOCS["002"]).read_text(encoding="utf-8").split("\n")[399:416]
    text = "\n".join(lines)
    text = text.replace("Pendapatan", "Pendapatan " + PAYLOADS[0].replace("<", "&lt;").replace(">", "&gt;"))
    text = text.replace("- Administrasi Keuangan Perangkat Daerah",
                        "- Administrasi " + PAYLOADS[1].replace("<", "&lt;").replace(">", "&gt;"))
    text = text.replace("- Administrasi Umum Perangkat Daerah", "- Administrasi Umum " + PAYLOADS[0])
    # a DPRD follow-up table: its rows are listed in extraction_skipped.csv with the raw line
    dprd = ("\n\nTabel 4.1\nRekomendasi DPRD dan Tindak Lanjut\n\n"
            "No\tRekomendasi DPRD\tTindak Lanjut\tCapaian\n"
            f"1\t{PAYLOADS[0]} Peningkatan PAD\tIntensifikasi {PAYLOADS[1]}\t85%\n")
    return text + dprd


def _names_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(
        'processed_dir = "data/processed"\nexternal_dir = "data/external"\n'
        'output_dir = "reports/_scratch"\ndoc_ids: list[str] = []\n'
        'province = "Nusa Tenggara Timur"\nfiscal_year = 2021\n')
    params.metadata["tags"] = ["parameters"]
    show = nbformat.v4.new_code_cell(
        "from IPython.display import Markdown, display\n"
        "from analysis import loaders\n"
        "from analysis.reporting.safe import md_text\n"
        "budget = loaders.load_budget(processed_dir, include_narrative=True, include_duplicates=True)\n"
        "display(budget[['source_line', 'name']])\n"
        "display(Markdown('Names: ' + '; '.join(md_text(n) for n in budget['name'])))\n"
        "skipped = loaders.load_skipped(processed_dir)\n"
        "display(skipped[['source_line', 'raw_text']])\n"
        "display(Markdown('Skipped: ' + '; '.join(md_text(t) for t in skipped['raw_text'])))\n"
        "print(list(skipped['raw_text']))\n")
    nb.cells = [nbformat.v4.new_markdown_cell("# Names"), params, show]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_payloads_in_documents_do_not_run_in_reports(tmp_path):
    chromium = _chromium()
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "00_data_overview.ipynb", root / "notebooks")
    nbformat.write(_names_notebook(), root / "notebooks" / "99_names.ipynb")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    data = _document().encode()
    (raw / "901_xss.txt").write_bytes(data)
    (raw / "manifest.csv").write_text(
        "doc_id,file,sha256,province,fiscal_year,doc_type,entity,title\n"
        f"901,901_xss.txt,{hashlib.sha256(data).hexdigest()},Nusa Tenggara Timur,2021,LKIP,"
        "Biro Umum Setda Provinsi Nusa Tenggara Timur,payload test\n", encoding="utf-8")
    (root / "params").mkdir()
    (root / "params" / "xss.yml").write_text(
        "title: \"<script>document.title='pwned'</script> report\"\n"
        "notebooks: [00_data_overview, 99_names]\n"
        "parameters:\n  province: Nusa Tenggara Timur\n  fiscal_year: 2021\n  doc_ids: ['901']\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--params", "params/xss.yml",
                           "--no-progress"], cwd=root, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the budget extractor drops tags from names ('Pendapatan document.title=...'); the skipped
    # row keeps the raw line with both payloads
    budget = (root / "data" / "processed" / "budget.csv").read_text(encoding="utf-8")
    assert "Pendapatan document.title='pwned'" in budget
    skipped = (root / "data" / "processed" / "extraction_skipped.csv").read_text(encoding="utf-8")
    assert PAYLOADS[0] in skipped and PAYLOADS[1].replace('"', '""') in skipped

    report = root / "reports" / "xss"
    for page in ("index.html", "00_data_overview.html", "99_names.html"):
        path = report / page
        profile = tmp_path / f"profile-{page}"
        dom = _browser(chromium, path, profile, "--dump-dom", "--virtual-time-budget=3000")
        title = re.search(r"<title>(.*?)</title>", dom, re.S)
        # the payload would set the title to 'pwned'; index.html's own title shows it as text
        assert title is not None and title.group(1).strip() != "pwned", page
        assert "<script>document.title='pwned'</script>" not in dom, page  # no live script element
        assert not re.search(r"<img[^>]*onerror", dom), page  # no live img with a handler
        if page == "99_names.html":
            # the literal text is shown: in the DataFrame, the Markdown line and the printed list
            assert dom.count("&lt;script&gt;document.title=") >= 3
            assert "&lt;img src=x onerror=" in dom
        if page == "index.html":
            assert "&lt;script&gt;document.title='pwned'&lt;/script&gt; report" in dom
        shot = tmp_path / f"{path.stem}.png"
        _browser(chromium, path, profile, f"--screenshot={shot}", "--window-size=1200,900",
                 "--virtual-time-budget=3000")
        assert shot.is_file() and shot.stat().st_size > 1000
        print(f"screenshot of {page}: {shot}")
