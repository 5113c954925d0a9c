"""Raw documents are immutable: the manifest's checksums hold, and bad manifests fail clearly."""

import csv
import shutil

import pytest

from analysis.io import MANIFEST_COLUMNS, ManifestError, read_manifest, sha256_file


def test_manifest_columns_and_checksums(raw_dir):
    with open(raw_dir / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == MANIFEST_COLUMNS
    assert [r["doc_id"] for r in rows] == ["001", "002", "003", "004"]
    for r in rows:
        assert sha256_file(raw_dir / r["file"]) == r["sha256"], r["file"]
    # every document in data/raw is listed
    listed = {r["file"] for r in rows}
    assert listed == {p.name for p in raw_dir.glob("*.txt")}


def test_read_manifest_metadata(raw_dir):
    metas = {m.doc_id: m for m in read_manifest(raw_dir)}
    assert metas["001"].doc_type == "LKPJ" and metas["001"].fiscal_year == 2023
    assert metas["004"].province == "Bali" and metas["004"].fiscal_year == 2024


def _copy_raw(raw_dir, tmp_path, docs=("002_5c1c3bf00209fd60.txt",)):
    dst = tmp_path / "raw"
    dst.mkdir()
    rows = list(csv.DictReader(open(raw_dir / "manifest.csv", encoding="utf-8")))
    keep = [r for r in rows if r["file"] in docs]
    for r in keep:
        shutil.copy(raw_dir / r["file"], dst / r["file"])
    with open(dst / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS)
        w.writeheader()
        w.writerows(keep)
    return dst


def test_checksum_mismatch_names_file_and_line(raw_dir, tmp_path):
    dst = _copy_raw(raw_dir, tmp_path)
    with open(dst / "002_5c1c3bf00209fd60.txt", "a", encoding="utf-8") as fh:
        fh.write("edited\n")
    with pytest.raises(ManifestError, match=r"manifest\.csv: line 2: checksum mismatch for 002_5c1c3bf00209fd60\.txt"):
        read_manifest(dst)


def test_missing_file_and_columns(raw_dir, tmp_path):
    dst = _copy_raw(raw_dir, tmp_path)
    (dst / "002_5c1c3bf00209fd60.txt").unlink()
    with pytest.raises(ManifestError, match=r"line 2: file '002_5c1c3bf00209fd60\.txt' not found"):
        read_manifest(dst)
    (dst / "manifest.csv").write_text("doc_id,file\n1,a.txt\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"line 1: missing column\(s\) sha256, province"):
        read_manifest(dst)
