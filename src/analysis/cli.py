"""Command-line interface: ``python -m analysis <command>``.

Commands
--------
extract         read ``<raw>/manifest.csv``, extract every document into ``<out>``
import-regions  resolve and store a user-supplied kabupaten/kota table under ``<raw>/external``
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
            interim_dir=getattr(args, "interim", None),  # callers building their own Namespace
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
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))
