"""Checksums of a run's inputs, and whether ``data/processed`` is current.

The extraction records what it read in ``<processed>/extraction_inputs.json``: the raw
documents (doc_id, file, SHA-256 from ``data/raw/manifest.csv``, verified against the files),
every file of the external-data folders (``data/external/`` and ``data/raw/external/``, each
with its ``manifest.csv``), by SHA-256, and one SHA-256 over the package's code and reference
data (everything in ``analysis/`` except ``reporting/``), so that new extraction code or a new
data contract also counts as a change. The runner re-extracts when that record is missing or
differs from the inputs now, or when a processed file no longer matches the SHA-256 that
``datapackage.json`` lists for it. The record holds no paths outside the folders and no
timestamps, so it is byte-identical between runs on the same inputs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..io import read_manifest, sha256_file

__all__ = ["STAMP", "code_fingerprint", "input_fingerprint", "record_inputs", "extraction_status", "external_dirs"]

STAMP = "extraction_inputs.json"


def external_dirs(raw_dir: str | Path, external_dir: str | Path | None) -> dict[str, Path]:
    """The external-data folders by label: ``external`` (``external_dir``, default
    ``data/external``) and ``raw/external`` (where ``import-regions`` stores)."""
    out = {"raw/external": Path(raw_dir) / "external"}
    if external_dir is not None:
        out["external"] = Path(external_dir)
    return out


#: package folders whose changes do not change the extraction
_CODE_EXCLUDED = ("reporting", "__pycache__")


def code_fingerprint() -> str:
    """SHA-256 over the relative paths and bytes of the package's files (code, reference
    data), except :data:`_CODE_EXCLUDED` folders and compiled files."""
    pkg = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for p in sorted(pkg.rglob("*")):
        rel = p.relative_to(pkg)
        if not p.is_file() or rel.parts[0] in _CODE_EXCLUDED or "__pycache__" in rel.parts \
                or p.suffix in (".pyc", ".pyo"):
            continue
        h.update(rel.as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def input_fingerprint(raw_dir: str | Path, external: dict[str, Path]) -> dict[str, Any]:
    """What the extraction reads: raw documents and external files with their SHA-256, and
    the :func:`code_fingerprint`.

    Raises
    ------
    analysis.io.ManifestError
        Bad manifest or a raw file whose checksum differs from the manifest.
    """
    metas = read_manifest(raw_dir, verify=True)
    raw = [{"doc_id": m.doc_id, "file": m.file, "sha256": m.sha256, "title": m.title} for m in metas]
    ext: dict[str, list[dict[str, str]]] = {}
    for label, folder in sorted(external.items()):
        files = []
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file() and not p.name.startswith("."):
                    files.append({"file": p.relative_to(folder).as_posix(), "sha256": sha256_file(p)})
        ext[label] = files
    return {"raw": raw, "external": ext, "code": code_fingerprint()}


def record_inputs(processed_dir: str | Path, fingerprint: dict[str, Any]) -> Path:
    """Write the fingerprint to ``<processed_dir>/extraction_inputs.json`` (deterministic)."""
    path = Path(processed_dir) / STAMP
    path.write_text(json.dumps(fingerprint, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def extraction_status(processed_dir: str | Path, fingerprint: dict[str, Any],
                      required: Sequence[str] = ("datapackage.json",)) -> tuple[bool, str]:
    """``(current, reason)``: is ``processed_dir`` the extraction of these inputs?

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     extraction_status(d, {"raw": [], "external": {}})
    (False, 'no extraction yet (datapackage.json missing)')
    """
    out = Path(processed_dir)
    for name in required:
        if not (out / name).is_file():
            return False, f"no extraction yet ({name} missing)"
    stamp = out / STAMP
    if not stamp.is_file():
        return False, f"{STAMP} missing (extraction by an older version)"
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return False, f"{STAMP} unreadable"
    if recorded.get("raw") != fingerprint["raw"]:
        before = {(r["doc_id"], r["sha256"]) for r in recorded.get("raw", [])}
        now = {(r["doc_id"], r["sha256"]) for r in fingerprint["raw"]}
        changed = sorted({d for d, _ in before ^ now})
        return False, f"raw documents changed since the last extraction: {', '.join(changed) or 'manifest'}"
    if recorded.get("external") != fingerprint["external"]:
        return False, "external data changed since the last extraction"
    if recorded.get("code") != fingerprint.get("code"):
        return False, "the package's extraction code or reference data changed since the last extraction"
    pkg_path = out / "datapackage.json"
    try:
        pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
    except ValueError:
        return False, "datapackage.json unreadable"
    for res in pkg.get("resources", []):
        p = out / res.get("path", "")
        want = str(res.get("hash", "")).removeprefix("sha256:")
        if not p.is_file():
            return False, f"{res.get('path')} missing"
        if want and sha256_file(p) != want:
            return False, f"{res.get('path')} differs from the checksum in datapackage.json"
    return True, "current"
