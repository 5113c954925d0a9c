"""Safe file names for report outputs (names come from notebooks, parameter files and
document ids: nothing may escape the report folder)."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["safe_name", "inside"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 100


def safe_name(name: str) -> str:
    """A file-name stem made of ``A-Z a-z 0-9 . _ -`` only, not starting with a dot.

    Runs of other characters (``/``, ``\\``, spaces, ``..`` at the start) become ``_``;
    leading and trailing ``._-`` are removed; at most ``MAX_NAME`` characters.

    Raises
    ------
    ValueError
        When nothing usable is left.

    Examples
    --------
    >>> safe_name("../../etc/passwd"), safe_name("absorption by OPD (001)"), safe_name("53.71")
    ('etc_passwd', 'absorption_by_OPD_001', '53.71')
    """
    cleaned = _UNSAFE.sub("_", str(name))
    cleaned = re.sub(r"\.{2,}", "_", cleaned)
    cleaned = re.sub(r"_{2,}", "_", cleaned).strip("._-")[:MAX_NAME].strip("._-")
    if not cleaned:
        raise ValueError(f"{name!r} gives no usable file name (use letters, digits, '.', '_', '-')")
    return cleaned


def inside(path: str | Path, root: str | Path) -> Path:
    """``path`` resolved, after checking that it lies inside ``root``.

    Raises
    ------
    ValueError
        When ``path`` resolves outside ``root``.

    Examples
    --------
    >>> inside("reports/x/figures/a.png", "reports").as_posix().endswith("reports/x/figures/a.png")
    True
    >>> inside("reports/../setup.py", "reports")
    Traceback (most recent call last):
    ...
    ValueError: reports/../setup.py is outside reports
    """
    p, r = Path(path).resolve(), Path(root).resolve()
    if p != r and r not in p.parents:
        raise ValueError(f"{path} is outside {root}")
    return p
