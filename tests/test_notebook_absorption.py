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
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed_with_ids")
    for f in extracted_dir().iterdir():
        shutil.copy(f, out / f.name)
    for name in ("budget", "indicators"):  # entity_id as the pipeline will write it (agency register)
        raw = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        raw["entity_id"] = with_entity_ids(name)["entity_id"].fillna("").astype(str).to_numpy()
        raw.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
    return out


@pytest.mark.parametrize("params,units", [("absorption_ntt_2023", {"agency", "programme"}),
                                          ("absorption_bali_2024", {"programme"})])
def test_report_files(processed, tmp_path, params, units):
    out = tmp_path / params
    rc = main(["run", "--params", str(ROOT / "params" / f"{params}.yml"), "--processed", str(processed),
               "--extract", "never", "--out", str(out), "--root", str(ROOT), "--no-progress"])
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
    if params == "absorption_ntt_2023":
        assert (pairs["unit"] == "agency").sum() == 28
    else:
        assert models["estimate"].isna().all()  # two pairs: below the minimum n, nothing fitted
    html = (out / "01_absorption_vs_performance.html").read_text(encoding="utf-8")
    assert "What the data cannot say" in html
