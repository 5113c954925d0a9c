"""CITATION.cff follows the Citation File Format 1.2.0 (required keys, types, person or entity
authors) and agrees with the package version, licence and the documents of the manifest."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# CFF 1.2.0 schema: required top-level keys; an author is a person (family-names or
# given-names or name-particle ...) or an entity (name)
REQUIRED = {"cff-version", "message", "title", "authors"}
ALLOWED = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
           "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
           "references", "repository", "repository-artifact", "repository-code", "title", "type",
           "url", "version"}
REFERENCE_TYPES = {"report", "article", "book", "data", "dataset", "generic", "software", "website",
                   "government-document", "standard", "statute"}


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _check_authors(authors, where):
    assert isinstance(authors, list) and authors, where
    for a in authors:
        assert isinstance(a, dict), where
        assert a.get("name") or a.get("family-names") or a.get("given-names"), (where, a)


def test_citation_cff_structure():
    cff = _cff()
    assert REQUIRED <= set(cff), REQUIRED - set(cff)
    assert set(cff) <= ALLOWED, set(cff) - ALLOWED
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] in ("software", "dataset")
    assert isinstance(cff["title"], str) and isinstance(cff["message"], str)
    _check_authors(cff["authors"], "authors")
    assert all(isinstance(k, str) for k in cff.get("keywords", []))
    for i, ref in enumerate(cff.get("references", [])):
        assert ref["type"] in REFERENCE_TYPES, i
        assert isinstance(ref["title"], str) and ref["title"], i
        _check_authors(ref["authors"], f"references[{i}]")
        if "year" in ref:
            assert isinstance(ref["year"], int), i


def test_citation_agrees_with_pyproject_and_manifest():
    cff = _cff()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == project["license"]["text"]
    with open(ROOT / "data" / "raw" / "manifest.csv", encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh))
    titles = {r["title"] for r in cff["references"]}
    for row in manifest:
        assert row["title"] in titles, row["doc_id"]
        ref = next(r for r in cff["references"] if r["title"] == row["title"])
        assert re.search(rf"doc_id {row['doc_id']};", ref["notes"]), row["doc_id"]
