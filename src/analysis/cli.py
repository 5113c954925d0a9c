"""Command-line interface: ``python -m analysis <command>``.

Commands
--------
extract         read ``<raw>/manifest.csv``, extract every document into ``<out>``
import-regions  resolve and store a user-supplied kabupaten/kota table under ``data/external``
run             execute the notebooks of ``params/<name>.yml`` into ``reports/<name>/``
                (extracting first when ``data/processed`` is missing or stale)
docs            regenerate docs/data_contract.md and the generated parts of ``docs/replication.md``
check           run the anomaly rules over ``<processed>`` and write ``<processed>/anomalies.csv``
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

#: Allocations between two collections of the youngest generation in a ``python -m analysis``
#: process (Python's default is 700; :func:`~analysis.extract.pipeline.run_extraction` alone
#: raises it to ``extract.pipeline.GC_GEN0_THRESHOLD``, 100,000, and restores it afterwards). The
#: process ends with its command and keeps almost everything it builds (rows, cells, cached
#: parses, imported modules) to the end, so collections find little garbage: on the bundled
#: documents, with 100,000 for the process, the collector ran twice (once inside ``import
#: pandas``) for about 0.05 s CPU and freed about 9,000 objects; restoring the default after the
#: extraction set off one more collection over all the extracted rows (about 0.05 s). With
#: 500,000 it does not run at all there (fewer than 400,000 net allocations), and the maximum RSS
#: grows by under 2 MB (118 to 120 MB). Garbage in reference cycles is still collected, only
#: after at most this many allocations.
PROCESS_GC_GEN0_THRESHOLD = 500_000


def process_collector(threshold: int = PROCESS_GC_GEN0_THRESHOLD) -> tuple[int, int, int]:
    """Raise the youngest generation's collection threshold for the rest of the process.

    Called once by ``python -m analysis`` (``__main__``), never by :func:`main`, so that
    callers of :func:`main` inside a longer-lived process keep their own settings. The older
    generations' thresholds are kept; a higher threshold already set is kept.

    Returns
    -------
    tuple of int
        The thresholds before the call (for ``gc.set_threshold(*old)``).

    Examples
    --------
    >>> import gc
    >>> old = process_collector(12_345)
    >>> gc.get_threshold()[0] == max(12_345, old[0]), gc.get_threshold()[1:] == old[1:]
    (True, True)
    >>> gc.set_threshold(*old)
    """
    old = gc.get_threshold()
    gc.set_threshold(max(threshold, old[0]), *old[1:])
    return old



def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract.documents import DocumentError
    from .extract.indicators import load_polarity_overrides
    from .extract.pipeline import default_extractors, run_extraction
    from .io import ManifestError

    overrides = None
    path = args.polarity_overrides
    if path is None:
        from .reference import path as reference_path

        path = reference_path("polarity_overrides.csv")
        if not path.is_file():
            print(f"note: no polarity override file at {path}; using the wording rule only",
                  file=sys.stderr)
            path = None
    elif str(path) and not Path(path).is_file():
        print(f"error: polarity override file {path} not found", file=sys.stderr)
        return 2
    try:
        if path:
            overrides = load_polarity_overrides(path)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        summary = run_extraction(
            args.raw, args.out,
            extractors=default_extractors(args.negative_convention, overrides),
            interim_dir=getattr(args, "interim", None),  # callers building their own Namespace
            jobs=getattr(args, "jobs", 1), scheduler=getattr(args, "scheduler", None),
        )
    except (ManifestError, DocumentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad --scheduler
        if "--scheduler" not in str(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, path in summary.files.items():
        print(f"wrote {path}")
    from .reporting.inputs import external_dirs, input_fingerprint, record_inputs

    stamp = record_inputs(args.out, input_fingerprint(args.raw, external_dirs(args.raw, args.external)))
    print(f"wrote {stamp}")
    if summary.warnings:
        print(f"{len(summary.warnings)} warning(s) (also in {Path(args.out) / 'extraction_report.md'}):",
              file=sys.stderr)
        for w in summary.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if getattr(args, "strict", False):
            print("error: --strict: warnings are errors", file=sys.stderr)
            return 1
    return 0


def _cmd_import_regions(args: argparse.Namespace) -> int:
    from .extract.importer import MAX_REJECTED_CELLS, import_regions

    result = import_regions(
        args.file, external_dir=args.external, year=args.year, source=args.source,
        province=args.province, variable=args.variable, unit=args.unit, strict=args.strict,
        max_rejected=MAX_REJECTED_CELLS if args.max_rejected is None else args.max_rejected,
    )
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in result.errors:
        print(f"error: {e}", file=sys.stderr)
    if result.ok:
        print(result.closing_message())
    else:
        print(result.closing_message(), file=sys.stderr)
    return result.exit_status


def _count(text: str) -> int:
    """A non-negative whole number (argparse type)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative; give 0 or more")
    return n


def _positive(text: str) -> int:
    """A whole number of 1 or more (argparse type)."""
    n = _count(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 or more")
    return n


def _cmd_run(args: argparse.Namespace) -> int:
    from .io import ManifestError, sha256_file
    from .reporting.inputs import extraction_status, external_dirs, input_fingerprint
    from .reporting.params import ParamError
    from .reporting.runner import check_kernel, prepare_run, run_prepared

    root = args.root.resolve()

    def at_root(p: Path) -> Path:
        return p if p.is_absolute() else root / p

    if args.out is not None and len(args.params) > 1:
        print("error: --out needs a single --params file", file=sys.stderr)
        return 2
    prepared, errors = [], []
    for path in args.params:
        try:
            prepared.append(prepare_run(path, root, args.notebooks))
        except ParamError as exc:
            errors.extend(exc.errors)
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        print(f"nothing run: {len(errors)} problem(s) in the parameter file(s)", file=sys.stderr)
        return 2
    if args.out is not None:
        from .reporting.names import inside

        out = args.out if args.out.is_absolute() else root / args.out
        try:
            inside(out, root / "reports")
        except ValueError:
            print(f"error: --out {args.out}: reports are written inside {root / 'reports'}", file=sys.stderr)
            return 2
    problem = check_kernel()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    raw, processed, external = at_root(args.raw), at_root(args.processed), at_root(args.external)
    try:
        fingerprint = input_fingerprint(raw, external_dirs(raw, external))
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    current, reason = extraction_status(processed, fingerprint)
    if args.extract == "always" or (args.extract == "auto" and not current):
        why = "requested" if args.extract == "always" else reason
        print(f"extracting {raw} -> {processed} ({why})", file=sys.stderr, flush=True)
        ns = argparse.Namespace(raw=raw, out=processed, external=external,
                                negative_convention="inverse_ratio", polarity_overrides=None)
        status = _cmd_extract(ns)
        if status != 0:
            return status
        # the anomaly check belongs to a complete data/processed (anomalies.csv)
        status = _cmd_check(argparse.Namespace(processed=processed, out=None, param=None, seed=None,
                                               reps=None, rules=None))
        if status != 0:
            return status
    elif not current:
        print(f"warning: {processed} is not current ({reason}); running anyway (--extract never)",
              file=sys.stderr)
    else:
        print(f"{processed} is current (inputs unchanged since the last extraction)", file=sys.stderr)
    inputs = dict(fingerprint)
    if (processed / "datapackage.json").is_file():
        inputs["processed_datapackage_sha256"] = sha256_file(processed / "datapackage.json")
    status = 0
    for prep in prepared:
        result = run_prepared(prep, root=root, out_dir=args.out, processed_dir=processed,
                              external_dir=external, inputs=inputs, progress=not args.no_progress,
                              log_output=args.log_output, timeout=args.timeout)
        if result.ok:
            print(f"wrote {result.out_dir}/index.html", file=sys.stderr)
            continue
        status = 1
        for f in result.failures:
            print(f"error: {f.message()}", file=sys.stderr)
            if f.kept:
                print(f"  executed notebook kept in {f.kept}", file=sys.stderr)
        state = "left unchanged" if result.out_dir.exists() else "not written"
        print(f"error: {prep.params.path}: {len(result.failures)} notebook(s) failed; "
              f"{result.out_dir} {state}", file=sys.stderr)
    return status


def _cmd_docs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .contract import render_markdown
    from .reporting.replication import update_replication_doc

    # docs/data_contract.md: the rendering of the declaration in analysis.contract
    contract_doc = Path(args.root) / "docs" / "data_contract.md"
    rendered = render_markdown()
    contract_changed = not contract_doc.is_file() or contract_doc.read_text(encoding="utf-8") != rendered
    changed = update_replication_doc(args.root, check=args.check)
    if args.check:
        stale = [n for n, c in (("docs/data_contract.md", contract_changed), ("docs/replication.md", changed)) if c]
        for name in stale:
            print(f"{name} is out of date: run `python -m analysis docs`", file=sys.stderr)
        if stale:
            return 1
        print("docs/data_contract.md and docs/replication.md are up to date")
        return 0
    if contract_changed:
        contract_doc.write_text(rendered, encoding="utf-8", newline="\n")
    print("updated docs/data_contract.md" if contract_changed else "docs/data_contract.md already up to date")
    print("updated docs/replication.md" if changed else "docs/replication.md already up to date")
    return 0


def _parse_params(items: list[str]) -> dict:
    out: dict = {}
    for item in items or []:
        if "=" not in item:
            raise ValueError(f"--param {item!r}: expected NAME=VALUE or RULE.NAME=VALUE")
        key, value = item.split("=", 1)
        try:
            val = float(value)
        except ValueError:
            raise ValueError(f"--param {item!r}: {value!r} is not a number") from None
        if "." in key:
            rule, name = key.split(".", 1)
            out.setdefault(rule, {})[name] = val
        else:
            out[key] = val
    return out


def _cmd_check(args: argparse.Namespace) -> int:
    from .anomalies import Tables, run_rules
    from .contract import ContractError
    from .io import add_datapackage_resource, write_table
    from .loaders import read_table

    processed = Path(args.processed)
    try:
        def opt(name: str):
            p = processed / f"{name}.csv"
            return read_table(name, processed) if p.is_file() else None

        tables = Tables(budget=read_table("budget", processed), indicators=opt("indicators"),
                        regions=opt("regions"), skipped=opt("extraction_skipped"))
        params = _parse_params(args.param)
        if args.seed is not None:
            params["seed"] = args.seed
        if args.reps is not None:
            params["reps"] = args.reps
        rules = [r for item in (args.rules or []) for r in item.split(",") if r]
        findings = run_rules(tables, rules=rules or None, params=params)
    except (FileNotFoundError, ValueError, ContractError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else processed
    path = write_table(findings, "anomalies", out)
    add_datapackage_resource(out, "anomalies")
    from .anomalies import counts_by_rule

    counts = findings.groupby("severity").size().to_dict() if len(findings) else {}
    print(f"wrote {path} ({len(findings)} findings: "
          + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("error", "warning", "info")) + ")")
    per_rule = counts_by_rule(findings)
    for rec in per_rule[per_rule["total"] > 0].itertuples(index=False):
        print(f"  {rec.rule:<30} {rec.severity:<8} {rec.total:>5}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the tests and the README)."""
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract the documents listed in <raw>/manifest.csv")
    e.add_argument("--raw", default="data/raw", type=Path, help="folder with manifest.csv and documents (default: data/raw)")
    e.add_argument("--out", default="data/processed", type=Path, help="output folder (default: data/processed)")
    e.add_argument("--interim", default=None, type=Path,
                   help="folder for the cached text renderings of PDF inputs (default: <raw>/../interim)")
    e.add_argument("--negative-convention", default="inverse_ratio",
                   choices=["inverse_ratio", "two_minus_ratio"],
                   help="achievement formula for lower-is-better indicators: 100*target/actual "
                        "(inverse_ratio) or 100*(2-actual/target) (two_minus_ratio)")
    e.add_argument("--polarity-overrides", default=None,
                   help="CSV of indicator polarity overrides (default: the reviewed file shipped in "
                        "analysis/reference/polarity_overrides.csv; '' for none)")
    e.add_argument("--external", default="data/external", type=Path,
                   help="external-data folder whose checksums are recorded with the extraction "
                        "(default: data/external; <raw>/external is always included)")
    e.add_argument("--jobs", type=_positive, default=1, metavar="N",
                   help="extract N documents at a time in N processes (default 1); the output is "
                        "byte-identical whatever N")
    e.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the per-document work on Dask: a scheduler address "
                        "(tcp://host:8786; workers must see --raw at the same path) or local:N "
                        "for a local cluster of N worker processes (see docs/scaling.md)")
    e.add_argument("--strict", action="store_true",
                   help="exit 1 when any document gives a warning (nothing found: empty document, "
                        "no table, no output rows); the outputs are written all the same")
    e.set_defaults(func=_cmd_extract)

    r = sub.add_parser("import-regions", help="import a user-supplied kabupaten/kota table")
    r.add_argument("file", type=Path, help="CSV: wide (one row per kabupaten/kota) or the long form of regions.csv")
    r.add_argument("--external", default="data/external", type=Path,
                   help="folder of imported data (default: data/external): the file is copied to "
                        "<external>/original/, the resolved table written to <external>/<name>.csv and "
                        "listed in <external>/manifest.csv")
    r.add_argument("--year", type=int, default=None, help="year of the values (wide form)")
    r.add_argument("--source", default="", help="citation of the data source, e.g. 'BPS NTT, IPM 2023'")
    r.add_argument("--province", default=None, help="province code or name to restrict name matching (e.g. 53 or NTT)")
    r.add_argument("--variable", default=None, help="(wide form with one value column) name of the variable")
    r.add_argument("--unit", default="", help="unit of all values (a scaled unit such as 'miliar rupiah' scales them)")
    r.add_argument("--strict", action="store_true", help="any value cell that is not a number is an error")
    r.add_argument("--max-rejected", type=_count, default=None, metavar="N",
                   help="most value cells that may be rejected (not numbers) before nothing is stored "
                        "(default: MAX_REJECTED_CELLS = 5)")
    r.set_defaults(func=_cmd_import_regions)

    u = sub.add_parser("run", help="execute the notebooks of parameter files into reports/<name>/",
                       description="Validate each parameter file against the notebooks' parameters "
                                   "cells, extract when data/processed is missing or stale, then "
                                   "execute the notebooks (papermill) into reports/<name>/.")
    u.add_argument("--params", nargs="+", required=True, type=Path, metavar="FILE",
                   help="parameter file(s), e.g. params/ntt_lkpj_2023.yml (several: run one after another)")
    u.add_argument("--notebooks", nargs="+", default=None, metavar="NAME",
                   help="run only these notebooks of the file (e.g. 00_data_overview)")
    u.add_argument("--out", type=Path, default=None,
                   help="report folder inside reports/ (default reports/<name of the parameter file>; one file only)")
    u.add_argument("--raw", default="data/raw", type=Path, help="raw data folder (default: data/raw)")
    u.add_argument("--processed", default="data/processed", type=Path,
                   help="processed data folder (default: data/processed)")
    u.add_argument("--external", default="data/external", type=Path,
                   help="external data folder (default: data/external)")
    u.add_argument("--extract", choices=["auto", "always", "never"], default="auto",
                   help="extract first: when missing or stale (auto, default), always, or never")
    u.add_argument("--root", type=Path, default=Path("."),
                   help="repository root: notebooks/ is read from here and the notebooks run here")
    u.add_argument("--no-progress", action="store_true", help="no per-cell progress bars")
    u.add_argument("--log-output", action="store_true", help="echo the notebooks' output")
    u.add_argument("--timeout", type=int, default=None, help="seconds allowed per cell (default: none)")
    u.set_defaults(func=_cmd_run)

    d = sub.add_parser("docs", help="regenerate docs/data_contract.md and the generated sections of docs/replication.md")
    d.add_argument("--check", action="store_true", help="only check that they are up to date (exit 1 if not)")
    d.add_argument("--root", type=Path, default=Path("."), help="repository root")
    d.set_defaults(func=_cmd_docs)

    c = sub.add_parser("check", help="run the anomaly rules and write anomalies.csv")
    c.add_argument("--processed", default="data/processed", type=Path,
                   help="folder with budget.csv, indicators.csv, regions.csv (default: data/processed)")
    c.add_argument("--out", default=None, type=Path, help="output folder (default: the --processed folder)")
    c.add_argument("--rules", nargs="*", default=None,
                   help="rule ids to run (space- or comma-separated; default: all; see docs/anomalies.md)")
    c.add_argument("--param", action="append", default=[],
                   help="override a parameter: NAME=VALUE (every rule with it) or RULE.NAME=VALUE")
    c.add_argument("--seed", type=int, default=None, help="seed of the Monte-Carlo digit tests (default 12345)")
    c.add_argument("--reps", type=int, default=None, help="Monte-Carlo draws of the digit tests (default 10000)")
    c.set_defaults(func=_cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))
