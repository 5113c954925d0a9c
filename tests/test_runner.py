"""The papermill runner end to end on a tiny notebook and a one-document raw folder (Bali
LKjIP 2024, doc 004): files written, no code in the HTML, a failing cell keeps the previous
report, parameter validation before anything runs, byte-identical figures, tables and
processed files from two runs."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis.cli import main
from analysis.reporting.runner import strip_volatile

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

PARAMS_CELL = '''processed_dir = "data/processed"
external_dir = "data/external"
output_dir = "reports/_scratch"
doc_ids: list[str] = []
province = ""
fiscal_year = 0
region_code = "53.71"
fail = False
'''

BODY = [
    ("code", '''import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from analysis.reporting import use_paper_style, save_figure, save_table
use_paper_style()
budget = pd.read_csv(f"{processed_dir}/budget.csv", dtype=str)
budget = budget[budget["doc_id"].isin(doc_ids)] if doc_ids else budget
by_level = budget.groupby("level").size().rename("rows").reset_index()'''),
    ("code", '''fig, ax = plt.subplots()
ax.barh(by_level["level"], by_level["rows"])
save_figure(fig, "rows_by_level", by_level, output_dir, caption=f"Budget rows by level, {province}")'''),
    ("code", '''save_table(by_level, "rows_by_level", output_dir, caption="Rows & levels", float_format="{:.1f}")
display(Markdown(f"**{len(budget)}** budget rows for {province} {fiscal_year}; code {region_code!r} is {type(region_code).__name__}"))'''),
    ("code", '''if fail:
    raise RuntimeError("made to fail")'''),
    ("markdown", "Done."),
]


def make_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(PARAMS_CELL)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny report"), cell]
    for kind, src in BODY:
        nb.cells.append(nbformat.v4.new_code_cell(src) if kind == "code" else nbformat.v4.new_markdown_cell(src))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


PARAMS = '''title: Tiny run (Bali LKjIP 2024)
notebooks: [tiny]
parameters:
  province: Bali
  fiscal_year: 2024
  doc_ids: [004]
  region_code: 53.10
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A repository-like folder: notebooks/tiny.ipynb, params/tiny.yml, data/raw with doc 004."""
    root = tmp_path_factory.mktemp("proj")
    make_notebook(root / "notebooks" / "tiny.ipynb")
    (root / "params").mkdir()
    (root / "params" / "tiny.yml").write_text(PARAMS, encoding="utf-8")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    with open(RAW / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    keep = [rows[0]] + [r for r in rows[1:] if r[0] == "004"]
    with open(raw / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(keep)
    shutil.copy(RAW / keep[1][1], raw / keep[1][1])
    return root


def run(root: Path, *extra: str) -> int:
    return main(["run", "--root", str(root), "--params", str(root / "params" / "tiny.yml"),
                 "--no-progress", *extra])


@pytest.fixture(scope="module")
def first_run(project):
    assert run(project) == 0
    out = project / "reports" / "tiny"
    snapshot = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    processed = {p.name: p.read_bytes() for p in sorted((project / "data" / "processed").iterdir())}
    return out, snapshot, processed


def test_run_writes_report_figures_tables_index(first_run, project):
    out, files, _ = first_run
    for name in ["index.html", "run.json", "tiny.html", "tiny.ipynb",
                 "figures/rows_by_level.png", "figures/rows_by_level.pdf", "figures/rows_by_level.csv",
                 "tables/rows_by_level.csv", "tables/rows_by_level.tex", "tables/rows_by_level.md"]:
        assert name in files, name
    assert files["figures/rows_by_level.png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert files["figures/rows_by_level.pdf"][:5] == b"%PDF-"
    # the plotted numbers sum to the budget rows of doc 004 in the run's own budget.csv
    with open(out / "figures" / "rows_by_level.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(int(r["rows"]) for r in rows) == _budget_rows(project)
    tex = files["tables/rows_by_level.tex"].decode()
    assert "\\caption{Rows \\& levels}" in tex and "\\toprule" in tex
    index = files["index.html"].decode()
    for link in ["tiny.html", "figures/rows_by_level.png", "figures/rows_by_level.pdf",
                 "tables/rows_by_level.tex", "tables/rows_by_level.csv"]:
        assert f'href="{link}"' in index, link
    # parameters, version and input checksums are stated
    assert "53.10" in index and "0.1.0" in index
    assert "8d774ccfe747bbbfd370728088c875041e2b1f5d94c1e3c9dc60f1ac5f7d24da" in index
    assert not (project / "reports" / "tiny.partial").exists()


def _budget_rows(root: Path) -> int:
    with open(root / "data" / "processed" / "budget.csv", encoding="utf-8") as fh:
        return sum(1 for r in csv.DictReader(fh) if r["doc_id"] == "004")


def test_html_report_has_no_code(first_run, project):
    _, files, _ = first_run
    html = files["tiny.html"].decode()
    assert f"{_budget_rows(project)}</strong> budget rows for Bali 2024" in html  # output kept
    for code in ["save_figure(", "use_paper_style()", "pd.read_csv", "raise RuntimeError", 'output_dir = "']:
        assert code not in html, code


def test_codes_stay_strings_through_the_run(first_run):
    """``53.10`` and ``004`` unquoted in the YAML reach the notebook as text."""
    out, files, _ = first_run
    assert "code &#x27;53.10&#x27; is str" in files["tiny.html"].decode() or \
        "code '53.10' is str" in files["tiny.html"].decode()
    record = json.loads(files["run.json"])
    assert record["parameters"]["tiny"]["doc_ids"] == ["004"]
    assert record["parameters"]["tiny"]["region_code"] == "53.10"


def test_kept_notebook_has_no_timestamps(first_run):
    _, files, _ = first_run
    nb = json.loads(files["tiny.ipynb"])
    text = files["tiny.ipynb"].decode()
    assert "start_time" not in text and "end_time" not in text and '"duration"' not in text
    assert "iopub.execute_input" not in text
    assert nb["metadata"]["papermill"]["parameters"]["province"] == "Bali"


def test_second_run_is_byte_identical(first_run, project):
    """Determinism: processed files (re-extracted), figures and tables from a second run
    have the same bytes; the executed notebook and HTML are excluded."""
    out, files, processed = first_run
    assert run(project, "--extract", "always") == 0
    again = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert sorted(again) == sorted(files)
    for name, data in files.items():
        if name.startswith(("figures/", "tables/")):
            assert again[name] == data, name
    now = {p.name: p.read_bytes() for p in sorted((project / "data" / "processed").iterdir())}
    assert now == processed


def test_failing_cell_keeps_previous_report(first_run, project, capsys):
    out, files, _ = first_run
    bad = project / "params" / "bad.yml"
    bad.write_text(PARAMS.replace("region_code: 53.10", "region_code: 53.10\n  fail: true"), encoding="utf-8")
    status = main(["run", "--root", str(project), "--params", str(bad), "--no-progress",
                   "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    # notebook, cell number (cell 6: markdown, parameters, 3 code cells, then the failing one),
    # the first line of its source and the error
    assert "notebooks/tiny.ipynb failed at cell 6: `if fail:`" in err
    assert "RuntimeError: made to fail" in err
    failed = out.with_name("tiny.failed")
    assert (failed / "tiny.ipynb").is_file()
    assert "made to fail" in (failed / "tiny.ipynb").read_text(encoding="utf-8")
    # the previous successful report is untouched
    for name, data in files.items():
        if name.startswith(("figures/", "tables/", "index", "run.json")):
            assert (out / name).read_bytes() == data, name
    assert not out.with_name("tiny.partial").exists()


def test_unknown_key_is_refused_before_anything_runs(project, capsys, tmp_path):
    bad = tmp_path / "typo.yml"
    bad.write_text(PARAMS + "  regoin_code: '53.71'\n", encoding="utf-8")
    out = project / "reports" / "typo"
    status = main(["run", "--root", str(project), "--params", str(bad), "--no-progress", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{bad}: line 8: parameters.regoin_code: unknown parameter" in err
    assert "notebooks/tiny.ipynb" in err
    assert not out.exists() and not out.with_name("typo.partial").exists()


def test_nothing_is_written_outside_reports(project, capsys, tmp_path):
    status = main(["run", "--root", str(project), "--params", str(project / "params" / "tiny.yml"),
                   "--no-progress", "--out", str(project / "reports" / ".." / "src")])
    assert status == 2
    assert "reports are written inside" in capsys.readouterr().err
    assert not (project / "src").exists() and not (project / "src.partial").exists()


def test_stale_processed_data_is_detected(first_run, project):
    from analysis.reporting.inputs import extraction_status, external_dirs, input_fingerprint

    raw, processed = project / "data" / "raw", project / "data" / "processed"
    fp = input_fingerprint(raw, external_dirs(raw, project / "data" / "external"))
    assert extraction_status(processed, fp) == (True, "current")
    changed = {**fp, "raw": [{**fp["raw"][0], "sha256": "0" * 64}]}
    assert extraction_status(processed, changed) == (False, "raw documents changed since the last extraction: 004")
    ext = project / "data" / "external"
    ext.mkdir(parents=True)
    (ext / "manifest.csv").write_text("file,sha256,source\n", encoding="utf-8")
    try:
        fp2 = input_fingerprint(raw, external_dirs(raw, ext))
        assert extraction_status(processed, fp2) == (False, "external data changed since the last extraction")
    finally:
        shutil.rmtree(ext)
    new_code = {**fp, "code": "1" * 64}
    assert extraction_status(processed, new_code) == \
        (False, "the package's extraction code or reference data changed since the last extraction")
    budget = processed / "budget.csv"
    original = budget.read_bytes()
    try:
        budget.write_bytes(original + b"\n")
        assert extraction_status(processed, fp) == (False, "budget.csv differs from the checksum in datapackage.json")
    finally:
        budget.write_bytes(original)


def test_wrong_type_and_missing_key_name_the_notebook(project, capsys, tmp_path):
    bad = tmp_path / "types.yml"
    bad.write_text("title: t\nnotebooks: [tiny]\nparameters:\n  province: Bali\n"
                   "  fiscal_year: '2024'\n  fail: 1\n", encoding="utf-8")
    assert main(["run", "--root", str(project), "--params", str(bad), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "missing required parameter 'doc_ids'" in err
    assert f"{bad}: line 5: parameters.fiscal_year: expected int, got str '2024'" in err
    assert f"{bad}: line 6: parameters.fail: expected bool, got int 1; declared in notebooks/tiny.ipynb" in err


def test_runner_parameters_are_reserved(project, capsys, tmp_path):
    bad = tmp_path / "reserved.yml"
    bad.write_text(PARAMS + "  output_dir: /etc\n", encoding="utf-8")
    assert main(["run", "--root", str(project), "--params", str(bad), "--no-progress"]) == 2
    assert "parameters.output_dir: set by the runner" in capsys.readouterr().err


def test_strip_volatile_on_papermill_output(first_run):
    _, files, _ = first_run
    nb = nbformat.reads(files["tiny.ipynb"].decode(), as_version=4)
    assert strip_volatile(nb) == nb  # nothing volatile left to strip
