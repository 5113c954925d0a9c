"""Curated reference data shipped with the package, reviewed by hand.

Every file here is data, not code: alias files (each spelling cites where a document uses it),
polarity overrides, the agency register, band tables, island groups, code crosswalks and the
kabupaten/kota boundaries. :func:`path` gives the location of one file.

Examples
--------
>>> path("region_aliases.csv").name
'region_aliases.csv'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["path"]


def path(name: str) -> Path:
    """Path of the reference file ``name`` (e.g. ``'polarity_overrides.csv'``).

    Raises
    ------
    FileNotFoundError
        When the package holds no such file (the message lists what it holds).
    """
    root = Path(str(resources.files(__name__)))
    p = root / name
    if not p.exists():
        held = ", ".join(sorted(q.name for q in root.iterdir() if not q.name.startswith("_")))
        raise FileNotFoundError(f"no reference file {name!r} in {root}; available: {held}")
    return p
