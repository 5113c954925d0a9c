"""docs/replication.md: the generated sections match the manifest, the raw README and the
notebooks (regenerate with `python -m analysis docs`)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from analysis.cli import main
from analysis.reporting.replication import notebook_outputs, update_replication_doc

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "replication.md"


def test_committed_replication_doc_is_up_to_date():
    assert not update_replication_doc(ROOT, check=True), \
        "docs/replication.md is out of date: run `python -m analysis docs` (make docs)"


def test_every_document_with_checksum_and_provenance():
    text = DOC.read_text(encoding="utf-8")
    with open(ROOT / "data" / "raw" / "manifest.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            line = next(ln for ln in text.splitlines() if ln.startswith(f"| {row['doc_id']} |"))
            assert f"`{row['sha256']}`" in line and row["title"] in line and f"`{row['file']}`" in line
            assert "plain-text conversion of the published PDF" in line  # from data/raw/README.md


def test_every_saved_figure_and_table_is_mapped():
    """Independent of the AST scan: a regex over the notebooks' raw JSON."""
    text = DOC.read_text(encoding="utf-8")
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        src = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for kind, name in re.findall(r"save_(figure|table)\(\s*[\w.\[\]\"']+,\s*[\"']([^\"']+)[\"']", src):
            assert f"| {kind} `{name}` | `notebooks/{nb.name}` |" in text, (nb.name, kind, name)


def test_notebook_outputs_reads_names_and_captions(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        'save_figure(fig, "absorption_by_opd", data, output_dir, caption="Absorption by OPD")\n'
        'for d in doc_ids:\n    save_table(t, f"top_{d}", output_dir, "Top lines")\n'
        '%matplotlib inline\n')]
    p = tmp_path / "01_x.ipynb"
    nbformat.write(nb, p)
    found = [(r["kind"], r["name"], r["caption"]) for r in notebook_outputs(p)]
    assert found == [("figure", "absorption_by_opd", "Absorption by OPD"), ("table", "top_{d}", "Top lines")]


def test_docs_check_command_fails_when_stale(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "manifest.csv").write_text(
        (ROOT / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "docs" / "replication.md").write_text(
        "x\n<!-- BEGIN GENERATED: data-availability -->\nold\n<!-- END GENERATED: data-availability -->\n"
        "<!-- BEGIN GENERATED: external-data -->\n<!-- END GENERATED: external-data -->\n"
        "<!-- BEGIN GENERATED: outputs -->\n<!-- END GENERATED: outputs -->\n", encoding="utf-8")
    assert main(["docs", "--check", "--root", str(tmp_path)]) == 1
    assert main(["docs", "--root", str(tmp_path)]) == 0
    assert main(["docs", "--check", "--root", str(tmp_path)]) == 0
    text = (tmp_path / "docs" / "replication.md").read_text(encoding="utf-8")
    assert "old" not in text and "| 004 | Laporan Kinerja Instansi Pemerintah (LKjIP) Biro Organisasi" in text
    assert "not described in data/raw/README.md" in text  # no README in this folder
