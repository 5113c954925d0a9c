"""Speed and memory of the extraction, printed as a table (not asserted; `make benchmark`).

Measures, each as a separate ``python -m analysis extract`` process (what a user runs):

* ``import pandas`` alone (the floor of any run) and the ratio extraction / ``import pandas``;
* the four bundled documents and a synthetic corpus built from them in a temporary folder
  (``--copies`` copies with perturbed amounts and agency names, their own manifest), at
  ``--jobs 1``, ``--jobs 2`` and on a Dask ``LocalCluster`` of two workers (``local:2``):
  wall time, CPU time, MB/s, documents/s, documents per second per core, peak RSS of the
  largest process (each worker's own peak; 500 MB is the budget per worker);
* PDF pages per second when the shared corpus (``../shared/corpus/pdf``) is present (first
  ``--pdfs`` PDFs, converted without cache);
* ``python -m analysis run`` for every ``params/*.yml`` once the extraction is current (the
  time of ``make run`` after set-up).

Usage: ``python benchmarks/bench_extract.py [--copies 20] [--pdfs 3] [--skip-run]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _run(args: list[str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """(wall s, CPU s of the children, peak RSS MB of the largest child) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def _best(args: list[str], repeat: int, cwd: Path = ROOT) -> tuple[float, float, int]:
    runs = [_run(args, cwd) for _ in range(repeat)]
    return (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs))


def _peak_worker_mb(args: list[str]) -> int:
    """Peak RSS (MB) of the largest process of a run (workers included) via a wrapper that
    reports RUSAGE_CHILDREN from inside (the pool's and the cluster's workers are its children)."""
    code = ("import resource, runpy, sys; sys.argv = ['analysis'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('analysis', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print('PEAK', me // 1024, kids // 1024, file=sys.stderr)\n")
    proc = subprocess.run([PY, "-c", code, *args], cwd=ROOT, env=ENV, capture_output=True, text=True)
    m = re.search(r"PEAK (\d+) (\d+)", proc.stderr)
    return max(int(m.group(1)), int(m.group(2))) if m else -1


def synthetic_corpus(folder: Path, copies: int, seed: int = 1) -> tuple[Path, int]:
    """``copies`` copies of the bundled documents with perturbed amounts (every grouped number's
    last digit group changed) and agency names (a copy number after 'Dinas'/'Badan'/'Biro'), and
    their own manifest. Returns (raw folder, bytes)."""
    raw = folder / "raw"
    raw.mkdir(parents=True)
    rnd = random.Random(seed)
    src = ROOT / "data" / "raw"
    with open(src / "manifest.csv", encoding="utf-8") as fh:
        metas = list(csv.DictReader(fh))
    total = 0
    with open(raw / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(metas[0]), lineterminator="\n")
        w.writeheader()
        for k in range(copies):
            for m in metas:
                text = (src / m["file"]).read_text(encoding="utf-8")
                text = re.sub(r"(?<=\d[.,])\d{3}\b(?![.,]\d)",
                              lambda x: f"{(int(x.group(0)) + rnd.randrange(1, 999)) % 1000:03d}", text)
                text = re.sub(r"\b(Dinas|Badan|Biro) ", lambda x: f"{x.group(1)} {k} ", text)
                data = text.encode("utf-8")
                total += len(data)
                doc_id = f"{k:04d}{m['doc_id']}"
                name = f"{doc_id}_synthetic.txt"
                (raw / name).write_bytes(data)
                w.writerow({**m, "doc_id": doc_id, "file": name,
                            "sha256": hashlib.sha256(data).hexdigest()})
    return raw, total


def pdf_pages_per_second(limit: int) -> str:
    corpus = next((c for c in (ROOT.parent / "shared" / "corpus" / "pdf", Path("/work/shared/corpus/pdf"))
                   if c.is_dir()), None)
    if corpus is None:
        return "no shared corpus (../shared/corpus/pdf): not measured"
    sys.path.insert(0, str(ROOT / "src"))
    from analysis.extract.pdf import render_pdf

    pages = 0
    t0 = time.perf_counter()
    for pdf in sorted(corpus.glob("*.pdf"))[:limit]:
        pages += render_pdf(pdf).pages
    dt = time.perf_counter() - t0
    return f"{pages} pages of {min(limit, len(list(corpus.glob('*.pdf'))))} PDFs in {dt:.1f} s: {pages / dt:.1f} pages/s (one process)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="copies of the four documents (default 20; the issue's 200 takes ~10x longer)")
    ap.add_argument("--pdfs", type=int, default=3, help="PDFs of the shared corpus to convert (0: none)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure on the bundled documents (best kept)")
    ap.add_argument("--skip-run", action="store_true", help="do not time `python -m analysis run`")
    a = ap.parse_args()

    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    # the package's bytecode, as an installed package has it: without it (PYTHONDONTWRITEBYTECODE
    # set, a fresh checkout) every run would also compile the package's source (~0.1 s)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True, capture_output=True)
    pw, pc, pm = _best([PY, "-c", "import pandas"], 5)
    print(f"import pandas: {pw:.2f} s wall, {pc:.2f} s CPU, {pm} MB")
    raw = ROOT / "data" / "raw"
    bundled = sum((raw / r["file"]).stat().st_size for r in csv.DictReader(open(raw / "manifest.csv", encoding="utf-8")))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        syn_raw, syn_bytes = synthetic_corpus(tmp / "syn", a.copies)
        corpora = [("bundled (4 docs)", raw, bundled, 4, a.repeat),
                   (f"synthetic ({4 * a.copies} docs)", syn_raw, syn_bytes, 4 * a.copies, 1)]
        for label, rdir, size, ndocs, repeat in corpora:
            for mode in (["--jobs", "1"], ["--jobs", "2"], ["--scheduler", "local:2"]):
                out = tmp / "out"
                shutil.rmtree(out, ignore_errors=True)
                args = [PY, "-m", "analysis", "extract", "--raw", str(rdir), "--out", str(out),
                        "--external", str(tmp / "ext"), *mode]
                wall, cpu, _ = _best(args, repeat)
                peak = _peak_worker_mb(args[3:])
                work = max(cpu - pc, 1e-9)  # CPU beyond interpreter and pandas start-up
                rows.append((label, " ".join(mode), wall, cpu, size / 1e6 / wall, ndocs / wall,
                             ndocs / work, size / 1e6 / work, wall / pw, peak))
    head = (f"{'corpus':<22}{'mode':<20}{'wall s':>8}{'CPU s':>8}{'MB/s':>7}{'docs/s':>8}"
            f"{'docs/s/core':>12}{'MB/s/core*':>11}{'x pandas':>9}{'peak MB':>8}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r[0]:<22}{r[1]:<20}{r[2]:>8.2f}{r[3]:>8.2f}{r[4]:>7.2f}{r[5]:>8.2f}{r[6]:>12.2f}"
              f"{r[7]:>11.2f}{r[8]:>9.1f}{r[9]:>8}")
    print("* per core beyond start-up: bytes / (CPU time - CPU time of `import pandas`); "
          "x pandas: wall time / wall time of `import pandas`")
    if a.pdfs:
        print("PDF conversion:", pdf_pages_per_second(a.pdfs))
    if not a.skip_run:
        params = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "params").glob("*.yml"))
        wall, cpu, peak = _run([PY, "-m", "analysis", "run", "--params", *params, "--no-progress"])
        print(f"python -m analysis run --params {' '.join(params)} (after extraction; what `make run` "
              f"adds after set-up): {wall:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
