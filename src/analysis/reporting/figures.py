"""Figures for papers: one fixed style, and files that are byte-identical from run to run.

``save_figure`` writes ``<out_dir>/figures/<name>.png`` (300 dpi), ``<name>.pdf`` (vector,
TrueType text), ``<name>.csv`` (the plotted numbers) and ``<name>.json`` (caption and file
list). Matplotlib stamps its version into PNG (``Software``) and PDF (``Creator``,
``Producer``) and the clock into PDF (``CreationDate``); these entries are removed, so the same
figure gives the same bytes on every run with the same matplotlib and font (the style fixes the
font to DejaVu Sans, which matplotlib bundles). ``svg.hashsalt`` is fixed as well, for anyone
saving SVG.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import write_csv
from .names import safe_name

__all__ = ["PAPER_STYLE", "PNG_DPI", "PNG_METADATA", "PDF_METADATA", "use_paper_style",
           "save_figure", "write_data_csv", "Saved", "text_size_in_axes"]

PNG_DPI = 300
#: metadata removed from the files (None drops matplotlib's default entry)
PNG_METADATA: dict[str, Any] = {"Software": None}
PDF_METADATA: dict[str, Any] = {"Creator": None, "Producer": None, "CreationDate": None}

#: Okabe & Ito (2008) colour-blind-safe palette
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: the paper style (rcParams), applied on top of matplotlib's defaults by ``use_paper_style``
PAPER_STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.figsize": (6.3, 3.9),  # a 16 cm text width
    "figure.dpi": 100,
    "savefig.dpi": PNG_DPI,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.05,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "axes.prop_cycle": None,  # set in use_paper_style (needs cycler)
    "image.cmap": "viridis",
    "axes.formatter.use_locale": False,
    "pdf.fonttype": 42,  # TrueType: text stays text in the PDF
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "lkpj-analysis",
    "path.simplify": True,
}


def use_paper_style() -> None:
    """Reset matplotlib to its defaults, then apply :data:`PAPER_STYLE` (fixed font, sizes,
    colours, 300 dpi output).

    Examples
    --------
    >>> use_paper_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.sans-serif"][0], mpl.rcParams["savefig.dpi"], mpl.rcParams["svg.hashsalt"]
    ('DejaVu Sans', 300.0, 'lkpj-analysis')
    """
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcdefaults()
    style = dict(PAPER_STYLE)
    style["axes.prop_cycle"] = cycler(color=OKABE_ITO)
    mpl.rcParams.update(style)


@dataclass
class Saved:
    """Files written for one figure or table (shown as links in a notebook)."""

    kind: str
    name: str
    caption: str
    files: dict[str, Path] = field(default_factory=dict)
    root: Path = Path(".")

    def _repr_markdown_(self) -> str:
        links = " · ".join(f"[{ext.upper()}]({p.relative_to(self.root).as_posix()})"
                           for ext, p in self.files.items() if ext != "json")
        cap = f": {self.caption}" if self.caption else ""
        return f"*{self.kind.capitalize()} `{self.name}`{cap}* ({links})"

    def __repr__(self) -> str:
        return f"Saved({self.kind} {self.name!r}: {', '.join(sorted(self.files))})"


def text_size_in_axes(ax, fontsize: float, sample: str = "Program Pengembangan Kapasitas …") -> tuple[float, float]:
    """Mean character width and line height of text of ``fontsize`` points, as fractions of the
    width and height of ``ax``, measured with the figure's renderer (the ``char_width`` and
    ``line_height`` that :func:`analysis.absorption_study.label_positions` needs to keep labels
    apart; a fixed guess is wrong for another figure size or font).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(7.0, 5.2))
    >>> w1, h1 = text_size_in_axes(ax, 6.5)
    >>> w2, h2 = text_size_in_axes(ax, 13.0)
    >>> 1.7 < w2 / w1 < 2.2 and 1.7 < h2 / h1 < 2.2, len(ax.texts)  # about twice; nothing left drawn
    (True, 0)
    >>> plt.close(fig)
    """
    renderer = ax.figure.canvas.get_renderer()
    text = ax.text(0, 0, sample, fontsize=fontsize, transform=ax.transAxes)
    try:
        extent = text.get_window_extent(renderer)
    finally:
        text.remove()
    box = ax.get_window_extent(renderer)
    return float(extent.width / max(1, len(sample)) / box.width), float(extent.height / box.height)


def _as_frame(data: Any) -> pd.DataFrame:
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if not isinstance(data, pd.DataFrame):
        data = pd.DataFrame(data)
    if not isinstance(data.index, pd.RangeIndex) or data.index.name is not None:
        data = data.reset_index()
    data = data.copy()
    data.columns = [str(c) for c in data.columns]
    return data


def write_data_csv(data: Any, path: str | Path) -> Path:
    """Write the numbers behind a figure or table: the frame's own row order, a named or
    non-default index as first column(s), numbers without thousands separators, UTF-8, ``\\n``
    (``analysis.io.write_csv``, so byte-identical for identical input)."""
    frame = _as_frame(data)
    return write_csv(frame, path, list(frame.columns), sort_by=[])


def _sidecar(path: Path, kind: str, name: str, caption: str, files: dict[str, Path]) -> Path:
    meta = {"kind": kind, "name": name, "caption": caption,
            "files": sorted(p.name for p in files.values())}
    path.write_text(json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def save_figure(fig, name: str, data: Any, out_dir: str | Path, caption: str = "") -> Saved:
    """Save a figure for a paper: PNG (300 dpi), PDF and the plotted numbers as CSV.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem; made safe with :func:`analysis.reporting.names.safe_name`.
    data : DataFrame (or Series / mapping)
        The numbers the figure shows, written to ``<name>.csv``.
    out_dir : path-like
        The report folder (the notebook's ``output_dir``); files go to ``out_dir/figures/``.
    caption : str
        Stored in ``<name>.json`` and shown in the run's ``index.html``.

    Returns
    -------
    Saved
        The written files (renders as links in a notebook).

    Examples
    --------
    >>> import tempfile, matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> use_paper_style()
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["a", "b"], [1, 2])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     saved = save_figure(fig, "demo bars", pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}), d)
    ...     sorted(p.name for p in (Path(d) / "figures").iterdir())
    ['demo_bars.csv', 'demo_bars.json', 'demo_bars.pdf', 'demo_bars.png']
    >>> plt.close(fig)
    """
    stem = safe_name(name)
    root = Path(out_dir)
    folder = root / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    files = {"png": folder / f"{stem}.png", "pdf": folder / f"{stem}.pdf", "csv": folder / f"{stem}.csv"}
    fig.savefig(files["png"], format="png", dpi=PNG_DPI, metadata=PNG_METADATA)
    fig.savefig(files["pdf"], format="pdf", metadata=PDF_METADATA)
    write_data_csv(data, files["csv"])
    files["json"] = _sidecar(folder / f"{stem}.json", "figure", stem, caption, files)
    return Saved("figure", stem, caption, files, root)
