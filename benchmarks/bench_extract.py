"""Speed and memory of the reader and the extraction, printed (not asserted).

Run with ``make benchmark`` (or ``.venv/bin/python benchmarks/bench_extract.py``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.extract.documents import read_document  # noqa: E402
from analysis.extract.pipeline import document_stats, run_extraction  # noqa: E402
from analysis.io import read_manifest  # noqa: E402


def _time(fn, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def main() -> None:
    raw = ROOT / "data" / "raw"
    metas = read_manifest(raw)
    print(f"{'doc':<5}{'lines':>8}{'MB':>7}{'tables':>8}{'read (median s)':>17}{'MB/s':>8}{'stats (s)':>11}")
    for m in metas:
        path = raw / m.file
        size = path.stat().st_size / 1e6
        doc = read_document(path, m.doc_id)
        med, _ = _time(lambda: read_document(path, m.doc_id))
        smed, _ = _time(lambda: document_stats(doc), repeat=3)
        print(f"{m.doc_id:<5}{len(doc.lines):>8}{size:>7.2f}{len(doc.tables):>8}{med:>17.3f}{size / med:>8.2f}{smed:>11.3f}")
    tracemalloc.start()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        run_extraction(raw, out, progress=None)
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"full extraction of {len(metas)} documents: {dt:.2f} s, peak traced memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
