"""One real extraction of the bundled documents shared by the test modules that read it
(``python -m analysis extract`` into a temporary folder, run once per session)."""

from pathlib import Path

import conftest


def extracted_dir(tmp_path_factory=None) -> Path:
    """Folder with the tables of the four bundled documents (extracted on first use)."""
    return conftest.extracted_dir()
