"""Speed of the PDF conversion on the shared corpus of real reports, printed (not asserted).

Run with ``.venv/bin/python benchmarks/bench_pdf.py`` from the repository root. The corpus
lives beside the repository (``../shared/corpus/pdf``) and is not part of it; without it the
benchmark says so and exits 0. Prints pages per second per document (one process), then the
wall time of converting all documents in parallel (``start_conversions``, one process per
document, as ``python -m analysis extract`` does), and checks the rendering is byte-identical
across two runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.extract.pdf import pdfplumber_version, render_pdf, start_conversions  # noqa: E402
from analysis.io import sha256_file  # noqa: E402


def corpus_dir() -> Path | None:
    for cand in (ROOT.parent / "shared" / "corpus" / "pdf", Path("/work/shared/corpus/pdf")):
        if cand.is_dir():
            return cand
    return None


def main() -> int:
    corpus = corpus_dir()
    if corpus is None:
        print("shared corpus (../shared/corpus/pdf) not present: nothing to benchmark")
        return 0
    pdfs = sorted(corpus.glob("*.pdf"))
    print(f"{pdfplumber_version()}; {os.cpu_count()} CPUs; {len(pdfs)} PDFs in {corpus}")
    print(f"{'document':48} {'pages':>5} {'seconds':>8} {'pages/s':>8}  identical")
    total_pages = total_time = 0.0
    for p in pdfs:
        t0 = time.perf_counter()
        r = render_pdf(p)
        dt = time.perf_counter() - t0
        same = render_pdf(p).text == r.text
        total_pages += r.pages
        total_time += dt
        print(f"{p.name:48} {r.pages:5d} {dt:8.2f} {r.pages / dt:8.1f}  {same}")
    print(f"{'all (one process)':48} {int(total_pages):5d} {total_time:8.2f} {total_pages / total_time:8.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        futures = start_conversions([(p.stem, p, sha256_file(p)) for p in pdfs], tmp)
        for f in futures.values():
            f.result()
        dt = time.perf_counter() - t0
    print(f"{'all (process pool, cold cache)':48} {int(total_pages):5d} {dt:8.2f} {total_pages / dt:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
