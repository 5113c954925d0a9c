"""Command-line interface: ``python -m analysis <command>``.

Commands
--------
extract         read ``<raw>/manifest.csv``, extract every document into ``<out>``
import-regions  resolve and store a user-supplied kabupaten/kota table under ``<raw>/external``
check           run the anomaly rules over ``<processed>`` and write ``<processed>/anomalies.csv``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path



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
        )
    except (ManifestError, DocumentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, path in summary.files.items():
        print(f"wrote {path}")
    return 0


def _cmd_import_regions(args: argparse.Namespace) -> int:
    from .extract.importer import import_regions

    result = import_regions(
        args.file, raw_dir=args.raw, year=args.year, source=args.source, province=args.province,
        variable=args.variable, unit=args.unit,
    )
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in result.errors:
        print(f"error: {e}", file=sys.stderr)
    if result.ok:
        print(f"stored {result.stored_path} ({result.n_rows} rows); manifest {result.manifest_path}")
        return 0
    print("nothing stored: fix the names above (or add them to the alias file) and run again",
          file=sys.stderr)
    return 1


_PROCESSED_DTYPES = {"doc_id": str, "code": str, "region_code": str, "entity_id": str,
                     "duplicate_of": str, "row_id": str}


def _read_processed(directory: Path, name: str, required: bool) -> "pd.DataFrame | None":
    import pandas as pd

    path = directory / f"{name}.csv"
    if not path.is_file():
        if required:
            raise FileNotFoundError(f"{path} not found; run `python -m analysis extract` first")
        return None
    return pd.read_csv(path, dtype=_PROCESSED_DTYPES, keep_default_na=True)


def _parse_params(items: list[str]) -> dict:
    out: dict = {}
    for item in items or []:
        if "=" not in item:
            raise ValueError(f"--param {item!r}: expected NAME=VALUE or RULE.NAME=VALUE")
        key, value = item.split("=", 1)
        val = float(value)
        if "." in key:
            rule, name = key.split(".", 1)
            out.setdefault(rule, {})[name] = val
        else:
            out[key] = val
    return out


def _cmd_check(args: argparse.Namespace) -> int:
    from .anomalies import Tables, run_rules
    from .contract import ANOMALY_COLUMNS, DESCRIPTIONS, SORT_KEYS
    from .io import add_datapackage_resource, write_csv

    processed = Path(args.processed)
    try:
        tables = Tables(
            budget=_read_processed(processed, "budget", True),
            indicators=_read_processed(processed, "indicators", False),
            regions=_read_processed(processed, "regions", False),
            skipped=_read_processed(processed, "extraction_skipped", False),
        )
        params = _parse_params(args.param)
        if args.seed is not None:
            params["seed"] = args.seed
        if args.reps is not None:
            params["reps"] = args.reps
        rules = [r for item in (args.rules or []) for r in item.split(",") if r]
        findings = run_rules(tables, rules=rules or None, params=params)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else processed
    path = write_csv(findings, out / "anomalies.csv", ANOMALY_COLUMNS, SORT_KEYS["anomalies"])
    if (out / "datapackage.json").is_file() or out == processed:
        add_datapackage_resource(out, "anomalies", findings, ANOMALY_COLUMNS, DESCRIPTIONS["anomalies"])
    counts = findings.groupby(["severity"]).size().to_dict() if len(findings) else {}
    print(f"wrote {path} ({len(findings)} findings: "
          + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("error", "warning", "info")) + ")")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the tests and the README)."""
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract the documents listed in <raw>/manifest.csv")
    e.add_argument("--raw", default="data/raw", type=Path, help="folder with manifest.csv and documents (default: data/raw)")
    e.add_argument("--out", default="data/processed", type=Path, help="output folder (default: data/processed)")
    e.add_argument("--negative-convention", default="inverse_ratio",
                   choices=["inverse_ratio", "two_minus_ratio"],
                   help="achievement formula for lower-is-better indicators: 100*target/actual "
                        "(inverse_ratio) or 100*(2-actual/target) (two_minus_ratio)")
    e.add_argument("--polarity-overrides", default=None,
                   help="CSV of indicator polarity overrides (default: the reviewed file shipped in "
                        "analysis/reference/polarity_overrides.csv; '' for none)")
    e.set_defaults(func=_cmd_extract)

    r = sub.add_parser("import-regions", help="import a user-supplied kabupaten/kota table")
    r.add_argument("file", type=Path, help="CSV: wide (one row per kabupaten/kota) or the long form of regions.csv")
    r.add_argument("--raw", default="data/raw", type=Path, help="raw data folder (stores into <raw>/external)")
    r.add_argument("--year", type=int, default=None, help="year of the values (wide form)")
    r.add_argument("--source", default="", help="citation of the data source, e.g. 'BPS NTT, IPM 2023'")
    r.add_argument("--province", default=None, help="province code or name to restrict name matching (e.g. 53 or NTT)")
    r.add_argument("--variable", default=None, help="(wide form with one value column) name of the variable")
    r.add_argument("--unit", default="", help="unit of the values")
    r.set_defaults(func=_cmd_import_regions)

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
