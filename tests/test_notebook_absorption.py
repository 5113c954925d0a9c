"""notebooks/01_absorption_vs_performance.ipynb end to end through the runner, for the NTT
LKPJ 2023 and the Bali LKjIP 2024 parameter files: figures (PNG + PDF + CSV) and tables written,
the model table's n equal to the number of linked pairs."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from _extracted import extracted_dir, with_entity_ids
from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project folder with the notebook, the two parameter files and the processed tables
    (entity_id as the pipeline writes it from the agency register); reports go to its reports/."""
    root = tmp_path_factory.mktemp("absorption_project")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "params", root / "params")
    processed = root / "data" / "processed"
    processed.mkdir(parents=True)
    for f in extracted_dir().iterdir():
        shutil.copy(f, processed / f.name)
    for name in ("budget", "indicators"):
        raw = pd.read_csv(processed / f"{name}.csv", dtype=str, keep_default_na=False)
        raw["entity_id"] = with_entity_ids(name)["entity_id"].fillna("").astype(str).to_numpy()
        raw.to_csv(processed / f"{name}.csv", index=False, lineterminator="\n")
    return root


@pytest.mark.parametrize("params,units", [("ntt_lkpj_2023", {"agency", "programme"}),
                                          ("bali_lkjip_2024", {"programme"})])
def test_report_files(project, params, units):
    out = project / "reports" / params
    rc = main(["run", "--root", str(project), "--params", str(project / "params" / f"{params}.yml"),
               "--raw", str(ROOT / "data" / "raw"), "--processed", str(project / "data" / "processed"),
               "--extract", "never", "--no-progress", "--notebooks", "01_absorption_vs_performance"])
    assert rc == 0
    for unit in units:
        for ext in ("png", "pdf", "csv"):
            assert (out / "figures" / f"quadrant_{unit}.{ext}").is_file()
    assert (out / "figures" / "absorption_ranked.png").is_file()
    for t in ("models", "pefa", "efficiency", "pairs", "unpaired_summary"):
        assert (out / "tables" / f"{t}.csv").is_file() and (out / "tables" / f"{t}.tex").is_file()
    models = pd.read_csv(out / "tables" / "models.csv")
    pairs = pd.read_csv(out / "tables" / "pairs.csv", dtype={"doc_id": str})
    for unit in ("agency", "programme"):
        n_pairs = int((pairs["unit"] == unit).sum())
        rows = models[(models["unit"] == unit) & (models["model"] != "two_part_level")]
        assert (rows["n"] == n_pairs).all()
    if params == "ntt_lkpj_2023":
        assert (pairs["unit"] == "agency").sum() == 28
    else:
        assert models["estimate"].isna().all()  # two pairs: below the minimum n, nothing fitted
    html = (out / "01_absorption_vs_performance.html").read_text(encoding="utf-8")
    assert "What the data cannot say" in html
    # every saved figure is also shown in the HTML report (an embedded PNG per figure)
    saved = len(list((out / "figures").glob("*.png")))
    assert html.count("data:image/png;base64,") >= saved > 0
