"""Parallel and distributed extraction: a process pool (--jobs 2) and a Dask LocalCluster of two
worker processes give byte-identical files to the sequential run (--jobs 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.extract.pipeline import _local_cluster_spec

from conftest import RAW


def _files(folder: Path) -> dict[str, bytes]:
    # extraction_inputs.json is the CLI's stamp (the session fixture runs the CLI), not run_extraction's
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != "extraction_inputs.json"}


def test_jobs_two_is_byte_identical(extracted, tmp_path):
    # the session fixture is `python -m analysis extract` (jobs 1, default extractors and overrides)
    assert main(["extract", "--raw", str(RAW), "--out", str(tmp_path / "j2"), "--jobs", "2"]) == 0
    one, two = _files(extracted), _files(tmp_path / "j2")
    assert set(two) == set(one) and "budget.csv" in one
    assert [n for n in one if one[n] != two[n]] == []


def test_dask_local_cluster_is_byte_identical(extracted, tmp_path):
    pytest.importorskip("dask.distributed")
    assert main(["extract", "--raw", str(RAW), "--out", str(tmp_path / "dask"),
                 "--scheduler", "local:2"]) == 0
    one, dask = _files(extracted), _files(tmp_path / "dask")
    assert set(dask) == set(one)
    assert [n for n in one if one[n] != dask[n]] == []


def test_scheduler_spec():
    assert _local_cluster_spec("local:2") == 2
    assert _local_cluster_spec("tcp://10.0.0.5:8786") is None
    with pytest.raises(ValueError, match="expected local:N"):
        _local_cluster_spec("local:two")


def test_bad_jobs_and_scheduler_at_the_cli(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--jobs", "0"])
    assert "'0': give 1 or more" in capsys.readouterr().err
    assert main(["extract", "--raw", str(RAW), "--out", str(tmp_path / "o"), "--scheduler", "local:0",
                 "--external", str(tmp_path / "e")]) == 2
    assert "needs at least one worker" in capsys.readouterr().err
