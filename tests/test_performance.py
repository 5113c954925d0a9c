"""Cost of an extraction: heavy modules stay unimported, memory stays under the budget per
worker, and the plain-pandas contract check agrees with pandera (which it replaces on the
success path). Times are measured by benchmarks/bench_extract.py, not asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import contract

from conftest import RAW

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandera", "geopandas", "statsmodels", "matplotlib", "dask", "distributed", "pdfplumber",
         "hypothesis", "scipy")
MEMORY_BUDGET_MB = 500


def test_extraction_imports_no_heavy_module_and_stays_under_memory_budget(tmp_path):
    code = (
        "import resource, sys\n"
        "from analysis.cli import main\n"
        f"rc = main(['extract', '--raw', {str(RAW)!r}, '--out', {str(tmp_path / 'out')!r},"
        f" '--external', {str(tmp_path / 'ext')!r}])\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        # VmHWM: this process's own peak (ru_maxrss would include the forked test runner's pages)
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "peak = int(hwm[0].split()[1]) // 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "print('RESULT', rc, peak, ','.join(heavy) or '-')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    rc, peak_mb, heavy = proc.stdout.split("RESULT")[1].split()
    print(f"extraction of the bundled documents: peak RSS {peak_mb} MB; heavy modules: {heavy}")
    assert rc == "0", proc.stderr[-2000:]
    assert heavy == "-"
    assert int(peak_mb) < MEMORY_BUDGET_MB


def _skipped() -> pd.DataFrame:
    return contract.conform(pd.DataFrame({"doc_id": ["001", "001"], "source_line": [12, 13],
                                          "raw_text": ["a", "b"], "reason": ["x", "y"]}),
                            "extraction_skipped")


@pytest.mark.parametrize("break_it", [
    lambda f: pd.concat([f, f.iloc[:1]], ignore_index=True),            # primary key repeated
    lambda f: f.assign(reason=pd.array(["x", None], dtype="str")),      # required column empty
    lambda f: f[["source_line", "doc_id", "raw_text", "reason"]],       # column order
    lambda f: f.assign(extra=1),                                        # undeclared column
])
def test_plain_check_fails_where_pandera_fails(break_it):
    pa = pytest.importorskip("pandera.pandas")
    bad = break_it(_skipped())
    assert not contract.conforms(bad, "extraction_skipped")
    with pytest.raises(pa.errors.SchemaErrors):
        contract.pandera_schema("extraction_skipped").validate(bad, lazy=True)
    with pytest.raises(contract.ContractError):
        contract.validate(bad, "extraction_skipped")


def test_plain_check_and_pandera_accept_the_bundled_outputs(extracted):
    frame = contract.sort_rows(contract.conform(pd.read_csv(extracted / "budget.csv", dtype=str,
                                                            keep_default_na=False, na_values=[""]),
                                                "budget"), "budget")
    assert len(frame) > 1000  # all four documents' budget rows
    assert contract.conforms(frame, "budget")
    contract.pandera_schema("budget").validate(frame, lazy=True)  # pandera agrees
    # an absorption_pct that does not match budget and realisation: both refuse
    i = frame.index[frame["absorption_pct"].notna()][0]
    wrong = frame.copy()
    wrong.loc[i, "absorption_pct"] = wrong.loc[i, "absorption_pct"] + 50
    assert not contract.conforms(wrong, "budget")
    with pytest.raises(contract.ContractError, match="absorption_recomputed"):
        contract.validate(wrong, "budget")
