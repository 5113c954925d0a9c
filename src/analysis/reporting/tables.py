"""Tables for papers: CSV (full precision, the data), LaTeX (booktabs rules, text escaped) and
Markdown, written deterministically under ``<out_dir>/tables/``."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import format_plain
from .figures import Saved, _as_frame, _sidecar, write_data_csv
from .names import safe_name

__all__ = ["save_table", "latex_escape", "markdown_table"]

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters in plain text (captions; cells go through pandas'
    Styler with ``escape="latex"``).

    Examples
    --------
    >>> latex_escape("Realisasi 95% of Rp 1_000 & more {x}")
    'Realisasi 95\\\\% of Rp 1\\\\_000 \\\\& more \\\\{x\\\\}'
    """
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def _formatter(float_format: str | Callable[[float], str] | None) -> Callable[[Any], str]:
    def fmt(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            if math.isnan(v):
                return ""
            if float_format is None:
                return format_plain(v)
            return float_format(v) if callable(float_format) else float_format.format(v)
        try:
            if pd.isna(v):
                return ""
        except (TypeError, ValueError):
            pass
        return str(v)
    return fmt


def markdown_table(df: pd.DataFrame, float_format: str | Callable[[float], str] | None = None) -> str:
    """A pipe table (numeric columns right-aligned; ``|`` and line breaks in cells escaped).

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"opd": ["Dinas A|B"], "pct": [95.04]})), end="")
    | opd | pct |
    | --- | ---: |
    | Dinas A\\|B | 95.04 |
    """
    fmt = _formatter(float_format)

    def cell(v: Any) -> str:
        return fmt(v).replace("|", r"\|").replace("\r", " ").replace("\n", " ")

    cols = [str(c) for c in df.columns]
    align = ["---:" if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
             else "---" for c in df.columns]
    lines = ["| " + " | ".join(cell(c) for c in cols) + " |", "| " + " | ".join(align) + " |"]
    for rec in df.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(cell(v) for v in rec) + " |")
    return "\n".join(lines) + "\n"


def save_table(df: pd.DataFrame, name: str, out_dir: str | Path, caption: str = "",
               float_format: str | Callable[[float], str] | None = None) -> Saved:
    """Save a table for a paper: ``tables/<name>.csv``, ``.tex`` and ``.md``.

    Parameters
    ----------
    df : DataFrame
        A named or non-default index becomes the first column(s).
    name : str
        File stem (made safe with :func:`analysis.reporting.names.safe_name`); also the LaTeX
        label ``tab:<name>``.
    out_dir : path-like
        The report folder (the notebook's ``output_dir``).
    caption : str
        LaTeX caption (escaped), Markdown ``Table:`` line, and ``index.html``.
    float_format : str or callable, optional
        How floats are printed in the ``.tex`` and ``.md`` files, e.g. ``"{:.1f}"``; the CSV
        always keeps full precision. Default: plain form without trailing zeros.

    Examples
    --------
    >>> import tempfile
    >>> t = pd.DataFrame({"entity": ["Dinas P&K"], "absorption_pct": [95.04]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = save_table(t, "absorption", d, caption="Absorption 100% = full", float_format="{:.1f}")
    ...     tex = (Path(d) / "tables" / "absorption.tex").read_text()
    ...     csv = (Path(d) / "tables" / "absorption.csv").read_text()
    >>> "Dinas P\\\\&K & 95.0" in tex, "\\\\caption{Absorption 100\\\\% = full}" in tex, csv
    (True, True, 'entity,absorption_pct\\nDinas P&K,95.04\\n')
    """
    stem = safe_name(name)
    root = Path(out_dir)
    folder = root / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    frame = _as_frame(df)
    files = {"csv": folder / f"{stem}.csv", "tex": folder / f"{stem}.tex", "md": folder / f"{stem}.md"}
    write_data_csv(frame, files["csv"])
    fmt = _formatter(float_format)
    styler = (frame.style.format(fmt, escape="latex")
              .format_index(escape="latex", axis=1)
              .hide(axis="index"))
    tex = styler.to_latex(
        caption=latex_escape(caption) if caption else None,
        label=f"tab:{stem}" if caption else None,
        hrules=True,
        position_float="centering" if caption else None,
        column_format="".join("r" if pd.api.types.is_numeric_dtype(frame[c]) else "l"
                              for c in frame.columns),
    )
    files["tex"].write_text(tex, encoding="utf-8")
    md = markdown_table(frame, float_format)
    if caption:
        md += "\nTable: " + caption.replace("\n", " ") + "\n"
    files["md"].write_text(md, encoding="utf-8")
    files["json"] = _sidecar(folder / f"{stem}.json", "table", stem, caption, files)
    return Saved("table", stem, caption, files, root)
