"""The import rules in ``.importlinter`` (studies never import extraction, reporting, file I/O
or the CLI; extraction never imports the studies or reporting; loaders never import
extraction), checked with ``lint-imports`` from the virtualenv."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LINT = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the package under ``root/src`` with ``root/.importlinter``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([str(LINT), "--no-cache", "--no-logo", str(root / ".importlinter")],
                          cwd=root, env=env, capture_output=True, text=True, check=False)


@pytest.fixture()
def copy(tmp_path):
    """A copy of the package and the committed import rules."""
    shutil.copytree(ROOT / "src" / "analysis", tmp_path / "src" / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed in this environment")
def test_the_package_keeps_its_import_rules():
    proc = _lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed in this environment")
def test_a_study_importing_the_extractors_breaks_the_rules(copy):
    pkg = copy / "src" / "analysis"
    offending = "\nimport analysis.extract.numbers\n"
    if (pkg / "anomalies").is_dir():  # the study exists as a package: add a helper module to it
        (pkg / "anomalies" / "_probe.py").write_text(offending, encoding="utf-8")
    else:  # a new study module, or the existing one with one more import
        path = pkg / "anomalies.py"
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(old + offending, encoding="utf-8")
    proc = _lint(copy)
    assert proc.returncode == 1, proc.stdout
    assert "Studies (absorption, disparities, anomalies) do not import" in proc.stdout
    assert "BROKEN" in proc.stdout and "analysis.anomalies" in proc.stdout
    assert "analysis.extract" in proc.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed in this environment")
def test_loaders_importing_the_extractors_break_the_rules(copy):
    loaders = copy / "src" / "analysis" / "loaders.py"
    loaders.write_text(loaders.read_text(encoding="utf-8") + "\nfrom .extract import pipeline\n",
                       encoding="utf-8")
    proc = _lint(copy)
    assert proc.returncode == 1, proc.stdout
    assert "Loaders do not import extraction BROKEN" in " ".join(proc.stdout.split())
    assert "analysis.loaders -> analysis.extract.pipeline" in proc.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed in this environment")
def test_extraction_importing_reporting_breaks_the_rules(copy):
    pkg = copy / "src" / "analysis"
    if not (pkg / "reporting").exists():
        (pkg / "reporting").mkdir()
        (pkg / "reporting" / "__init__.py").write_text("", encoding="utf-8")
    base = pkg / "extract" / "base.py"
    base.write_text(base.read_text(encoding="utf-8") + "\nimport analysis.reporting\n", encoding="utf-8")
    proc = _lint(copy)
    assert proc.returncode == 1, proc.stdout
    flat = " ".join(proc.stdout.split())
    assert "Extraction (analysis.extract) does not import the studies or analysis.reporting BROKEN" in flat
