"""Reports: figures and tables for papers, parameter files, and the papermill runner.

Notebooks use::

    from analysis.reporting import use_paper_style, save_figure, save_table

Modules
-------
figures   ``use_paper_style``, ``save_figure`` (PNG 300 dpi + PDF + CSV, byte-identical),
          ``text_size_in_axes`` (label sizes for non-overlapping labels)
tables    ``save_table`` (CSV + LaTeX + Markdown)
names     safe output file names
params    parameter files (strict YAML) and the notebooks' ``parameters`` cells
inputs    checksums of the inputs and whether ``data/processed`` is current
runner    run the notebooks of one parameter file into ``reports/<name>/``
index     the run's ``index.html``
replication  generated parts of ``docs/replication.md``

Importing this package imports matplotlib and pandas only; papermill is imported by the runner.
"""

from .figures import save_figure, text_size_in_axes, use_paper_style
from .tables import save_table

__all__ = ["use_paper_style", "save_figure", "save_table", "text_size_in_axes"]
