"""Shared fixtures: paths of the bundled documents and parsed documents (parsed once)."""

import csv
import hashlib
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


def _corpus_dir() -> Path | None:
    """The team's development corpus of real PDF reports of other regions (not part of the
    repository: its licence is not settled), when present beside the checkout."""
    for cand in (ROOT.parent / "shared" / "corpus" / "pdf", Path("/work/shared/corpus/pdf")):
        if cand.is_dir():
            return cand
    return None


CORPUS = _corpus_dir()
#: Marks tests that read the development corpus; they are skipped, with the reason, without it.
needs_corpus = pytest.mark.skipif(
    CORPUS is None,
    reason="shared corpus of real PDFs (../shared/corpus/pdf) not present: it is not part of the "
           "repository (licence not settled); CI provides it",
)
DOCS = {
    "001": "001_1c6606aa711e05c2.txt",
    "002": "002_5c1c3bf00209fd60.txt",
    "003": "003_1015e8801be6bf98.txt",
    "004": "004_ba9b4abb8ccd5181.txt",
}


@lru_cache(maxsize=None)
def debian_tool(path: str, package: str, what: str) -> str:
    """The program at ``path`` from the Debian package ``package``: installed with apt-get when
    it is missing and this is a root shell (or CI) with apt; otherwise the test (``what``) is
    skipped with the reason."""
    import os
    import shutil
    import subprocess

    if Path(path).is_file():
        return path
    apt = shutil.which("apt-get")
    if not apt or (os.geteuid() != 0 and not os.environ.get("CI")):
        pytest.skip(f"{path} missing and cannot be installed here (apt-get "
                    f"{'missing' if not apt else 'needs root'}): {what} not run")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    proc = subprocess.run([apt, "install", "-y", package], capture_output=True, text=True,
                          env=env, timeout=900)
    if proc.returncode != 0 or not Path(path).is_file():
        proc = subprocess.run(f"{apt} update && {apt} install -y {package}", shell=True,
                              capture_output=True, text=True, env=env, timeout=1500)
    if proc.returncode != 0 or not Path(path).is_file():
        pytest.skip(f"apt-get install {package} failed (exit {proc.returncode}): "
                    f"{proc.stderr.strip()[-300:]}: {what} not run")
    return path


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


@lru_cache(maxsize=None)
def extracted_dir() -> Path:
    """The four bundled documents extracted once per session (``python -m analysis extract``)
    into a temporary folder shared by every test that reads the processed tables (read-only:
    a test that changes files copies the folder first)."""
    import atexit
    import shutil
    import tempfile

    from analysis.cli import main

    out = Path(tempfile.mkdtemp(prefix="lkpj_extracted_"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    assert main(["extract", "--raw", str(RAW), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def extracted() -> Path:
    """The bundled documents extracted once (see :func:`extracted_dir`)."""
    return extracted_dir()


@pytest.fixture(scope="session")
def processed_dir() -> Path:
    """The four bundled documents extracted once into a temporary data/processed/."""
    return extracted_dir()


# ---- raw folders written by the tests ---------------------------------------------------------
HEADER = ["doc_id", "file", "sha256", "province", "fiscal_year", "doc_type", "entity", "title"]


def make_raw(folder: Path, docs: dict[str, bytes], *, sha: dict[str, str] | None = None,
             missing: tuple[str, ...] = ()) -> Path:
    """A raw folder with one document per entry and its manifest (checksums computed unless
    given in ``sha``; names in ``missing`` are listed but not written)."""
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with open(raw / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        for k, (name, data) in enumerate(docs.items(), start=1):
            if name not in missing:
                (raw / name).write_bytes(data)
            digest = (sha or {}).get(name) or hashlib.sha256(data).hexdigest()
            w.writerow([f"{900 + k}", name, digest, "Nusa Tenggara Timur", 2021, "LKIP",
                        "Biro Umum Setda Provinsi Nusa Tenggara Timur", f"test {name}"])
    return raw
