"""Shared fixtures: paths of the bundled documents and parsed documents (parsed once)."""

import os
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed so a run is reproducible; locally they explore.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DOCS = {
    "001": "001_1c6606aa711e05c2.txt",
    "002": "002_5c1c3bf00209fd60.txt",
    "003": "003_1015e8801be6bf98.txt",
    "004": "004_ba9b4abb8ccd5181.txt",
}


@lru_cache(maxsize=None)
def load_doc(doc_id: str):
    from analysis.extract.documents import read_document

    return read_document(RAW / DOCS[doc_id], doc_id)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def doc001():
    return load_doc("001")


@pytest.fixture(scope="session")
def doc002():
    return load_doc("002")


@pytest.fixture(scope="session")
def doc003():
    return load_doc("003")


@pytest.fixture(scope="session")
def doc004():
    return load_doc("004")


@pytest.fixture(scope="session")
def extracted(tmp_path_factory) -> Path:
    """The bundled documents extracted once (``run_extraction``) into a temporary folder."""
    from analysis.extract.pipeline import run_extraction

    out = tmp_path_factory.mktemp("extracted")
    run_extraction(RAW, out, progress=None)
    return out
