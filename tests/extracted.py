"""One real extraction of the bundled documents shared by the test modules that read it
(``python -m analysis extract`` into a temporary folder, run once per session)."""

from pathlib import Path

from conftest import RAW

_CACHE: dict[str, Path] = {}


def extracted_dir(tmp_path_factory) -> Path:
    """Folder with the tables of the four bundled documents (extracted on first use)."""
    if "dir" not in _CACHE:
        from analysis.cli import main

        out = tmp_path_factory.mktemp("extracted")
        assert main(["extract", "--raw", str(RAW), "--out", str(out)]) == 0
        _CACHE["dir"] = out
    return _CACHE["dir"]
