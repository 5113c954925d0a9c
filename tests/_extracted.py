"""The bundled documents extracted once per test session (for the study tests).

Studies are pure functions on the contract's tables; the tests feed them the tables the
pipeline writes for the bundled documents, read back with pandas as a user would.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from conftest import RAW


@lru_cache(maxsize=None)
def extracted_dir() -> Path:
    from analysis.extract.pipeline import run_extraction

    out = Path(tempfile.mkdtemp(prefix="study_tables_"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    run_extraction(RAW, out, progress=None)
    return out


def table(name: str) -> pd.DataFrame:
    """A processed table (``budget``, ``indicators`` ...) with ``doc_id`` as text."""
    return pd.read_csv(extracted_dir() / f"{name}.csv", dtype={"doc_id": str})
