"""``python -m analysis`` entry point.

The process ends with its command, which sets two things about the cyclic garbage collector
(issue 15; neither changes what is computed or written):

* :func:`analysis.cli.process_collector` raises the collection threshold for the whole
  process (above the extraction's own), so that the collector does not re-scan the objects the
  process keeps to its end (see :data:`analysis.cli.PROCESS_GC_GEN0_THRESHOLD`);
* ``gc.freeze()`` once the command has returned (its files are written and closed): the
  interpreter's shutdown otherwise runs a full collection over every object of the run (about
  0.1 s after an extraction) only to free memory the operating system takes back anyway.
  ``atexit`` handlers and the flushing of stdout/stderr still run as usual.
"""

import gc

from .cli import main, process_collector

process_collector()
status = main()
gc.freeze()
raise SystemExit(status)
