"""File reading and writing shared by extraction and reporting: manifest, deterministic CSVs
written under the declared contract (:func:`write_table`), ``datapackage.json``. Studies never touch files; the pipeline, the loaders, the runner and
the CLI call these."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .contract import DocMeta

__all__ = [
    "ManifestError",
    "MANIFEST_COLUMNS",
    "sha256_file",
    "read_manifest",
    "write_csv",
    "write_table",
    "write_datapackage",
    "format_plain",
    "add_datapackage_resource",
    "read_source_lines",
]

MANIFEST_COLUMNS = ["doc_id", "file", "sha256", "province", "fiscal_year", "doc_type", "entity", "title"]


#: A manifest doc_id: it names files (PDF renderings, report rows), so no path separators.
_SAFE_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ManifestError(ValueError):
    """The manifest or a file it lists is not as expected (message names file and row)."""


def sha256_file(path: str | Path) -> str:
    """SHA-256 hex digest of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(raw_dir: str | Path, verify: bool = True) -> list[DocMeta]:
    """Read ``<raw_dir>/manifest.csv`` and check every listed file.

    Parameters
    ----------
    raw_dir : path-like
        Folder with ``manifest.csv`` and the documents.
    verify : bool
        Recompute each file's SHA-256 and compare it with the manifest.

    Raises
    ------
    ManifestError
        Missing manifest, missing columns, duplicate ``doc_id``, a listed file that does not
        exist, a bad ``fiscal_year`` or a checksum mismatch; the message names the manifest
        row (1-based line in the CSV) and the file.
    """
    raw = Path(raw_dir)
    path = raw / "manifest.csv"
    if not path.is_file():
        raise ManifestError(f"{path}: no manifest; expected a CSV with columns {', '.join(MANIFEST_COLUMNS)}")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in MANIFEST_COLUMNS if c not in header]
        if missing:
            raise ManifestError(f"{path}: line 1: missing column(s) {', '.join(missing)}; found {', '.join(header)}")
        metas: list[DocMeta] = []
        seen: set[str] = set()
        for lineno, rec in enumerate(reader, start=2):
            where = f"{path}: line {lineno}"
            doc_id = (rec["doc_id"] or "").strip()
            if not doc_id:
                raise ManifestError(f"{where}: empty doc_id")
            if not _SAFE_DOC_ID.fullmatch(doc_id):
                raise ManifestError(
                    f"{where}: doc_id {doc_id!r} is not usable: letters, digits, '.', '_' and '-' "
                    "only, starting with a letter or digit (it names files such as the PDF "
                    "rendering <interim>/<doc_id>.txt)")
            if doc_id in seen:
                raise ManifestError(f"{where}: duplicate doc_id {doc_id!r}")
            seen.add(doc_id)
            file = (rec["file"] or "").strip()
            fpath = raw / file
            if not file or not fpath.is_file():
                raise ManifestError(f"{where}: file {file!r} not found in {raw}")
            try:
                year = int(str(rec["fiscal_year"]).strip())
            except ValueError:
                raise ManifestError(f"{where}: fiscal_year {rec['fiscal_year']!r} is not a year") from None
            expected = (rec["sha256"] or "").strip().lower()
            if verify:
                actual = sha256_file(fpath)
                if expected != actual:
                    raise ManifestError(
                        f"{where}: checksum mismatch for {file}: manifest {expected or '(empty)'}, "
                        f"file {actual}. Raw files are immutable: restore the file, or add the new "
                        "version as a new document with its own row."
                    )
            metas.append(DocMeta(
                doc_id=doc_id, file=file, sha256=expected, province=rec["province"].strip(),
                fiscal_year=year, doc_type=rec["doc_type"].strip(), entity=rec["entity"].strip(),
                title=rec["title"].strip(),
            ))
    return metas


def format_plain(value: float | None) -> str:
    """Format a value for the data contract: no thousands separator, ``.`` decimal point,
    no trailing zeros, empty for missing.

    Examples
    --------
    >>> format_plain(1960291207174.9), format_plain(95.0), format_plain(None)
    ('1960291207174.9', '95', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer() and abs(value) < 1e17:
        return str(int(value))
    return repr(round(float(value), 6)).rstrip("0").rstrip(".")



def _format_cell(v: object) -> str:
    if isinstance(v, str):  # most cells: text is written as it is (str(v) gives the same)
        return v
    if v is None:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return format_plain(v)
    if isinstance(v, int):
        return str(v)
    try:
        if pd.isna(v):  # pandas NA / NaT
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


#: dtypes whose values :func:`_format_column` converts to Python objects at once.
_TO_OBJECTS = frozenset({"str", "float64", "int64", "bool", "object", "Int64", "boolean"})


def _format_column(column: pd.Series) -> list[str]:
    """The cells of ``column`` as :func:`_format_cell` writes them. The values of the data
    contract's dtypes are converted to Python objects in one step (iterating an extension
    array fetches element by element; the Python ``int``/``bool`` they give in place of
    numpy's format the same); text and float columns, the most common, skip the type tests."""
    dtype = str(column.dtype)
    if dtype == "Int64":
        # whole numbers as Python ints (str gives what _format_cell gives them), missing as ""
        array = column.array  # the extension array: no Series built for these two steps
        missing = array.isna().tolist()
        whole = array.to_numpy(dtype="int64", na_value=0).tolist()
        return ["" if m else str(v) for v, m in zip(whole, missing)]
    values = column.to_numpy(dtype=object) if dtype in _TO_OBJECTS else column
    if dtype == "str":  # text or a missing value (NaN)
        return [v if type(v) is str else "" for v in values]
    if dtype == "boolean":  # True, False or pd.NA (anything else as _format_cell writes it)
        return ["true" if v is True else "false" if v is False else _format_cell(v) for v in values]
    if dtype == "float64":  # NaN is the only value unequal to itself; whole rupiah the most common
        return ["" if v != v else str(int(v)) if v.is_integer() and -1e17 < v < 1e17 else _plain_float(v)
                for v in values]
    return [v if type(v) is str else _format_cell(v) for v in values]


def _plain_float(v: float) -> str:
    """:func:`format_plain` of a float that is not NaN (its tests of None and NaN left out).

    Examples
    --------
    >>> [_plain_float(v) for v in (1960291207174.9, 95.0, -0.5, 1e17, float("inf"))]
    ['1960291207174.9', '95', '-0.5', '1e+17', 'inf']
    """
    if v.is_integer() and abs(v) < 1e17:
        return str(int(v))
    return repr(round(v, 6)).rstrip("0").rstrip(".")


def write_csv(df: pd.DataFrame, path: str | Path, columns: Iterable[str], sort_by: Iterable[str]) -> Path:
    """Write ``df`` as a contract CSV: fixed column order, deterministic row order, UTF-8,
    ``\\n`` line ends, numbers without thousands separators (``.`` decimal point), empty cell
    for missing. Byte-identical for identical input."""
    cols = list(columns)
    out = df
    if any(c not in out.columns for c in cols):  # missing columns are added (to a copy) empty
        out = df.copy()
        for c in cols:
            if c not in out.columns:
                out[c] = None
    if list(out.columns) != cols:  # nothing is written into out below: no copy needed
        out = out[cols]
    keys = [k for k in sort_by if k in out.columns]
    if keys and len(out):
        sort_frame = out[keys].astype(str)
        for k in keys:
            if pd.api.types.is_numeric_dtype(out[k]):
                sort_frame[k] = out[k].fillna(-1e30)
        order = sort_frame.sort_values(keys, kind="mergesort").index
        out = out.loc[order]
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    # formatted column by column (the values itertuples would give, by position), then
    # joined into lines; a frame without columns still gives one (empty) line per row
    formatted = [_format_column(column) for _, column in out.items()]  # by position
    with open(p, "w", encoding="utf-8", newline="") as fh:
        fh.write(_csv_text([[c] for c in cols], 1))
        fh.write(_csv_text(formatted, len(out)))
    return p


def _needs_quotes(text: str) -> bool:
    """Whether ``csv.writer`` (``QUOTE_MINIMAL``, ``"\\n"`` line ends) quotes a field that holds
    no carriage return: it holds the delimiter, the quote character or a line break."""
    return "," in text or '"' in text or "\n" in text


def _csv_text(columns: Sequence[Sequence[str]], nrows: int) -> str:
    """The text ``csv.writer(fh, lineterminator="\\n").writerows`` writes for the rows of
    ``columns`` (each a list of ``nrows`` strings).

    The writer scans every character of every field (most of the cost of writing a table); here
    only the columns holding a comma, a quote or a line break are looked at cell by cell, and
    their cells that hold one are quoted as the writer quotes them (in double quotes, a quote
    doubled). Tables of one column (an empty field alone on a line is written ``""``) and text
    with a carriage return go through ``csv.writer`` itself.

    Examples
    --------
    >>> print(_csv_text([["001", "002"], ["Dinas Sosial", 'a "b", c'], ["", "x"]], 2), end="")
    001,Dinas Sosial,
    002,"a ""b"", c",x
    """
    if not columns:
        return "\n" * nrows  # the writer writes an empty line for a row without fields
    joined = ["".join(col) for col in columns]
    if len(columns) == 1 or any("\r" in text for text in joined):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(zip(*columns))
        return buf.getvalue()
    quoted = [_quoted(col) if _needs_quotes(text) else col for col, text in zip(columns, joined)]
    return "".join([",".join(row) + "\n" for row in zip(*quoted)])


def _quoted(cells: Sequence[str]) -> list[str]:
    """``cells`` as ``csv.writer`` writes them (see :func:`_needs_quotes`), no carriage return in them."""
    return ['"' + v.replace('"', '""') + '"' if ("," in v or '"' in v or "\n" in v) else v for v in cells]


def write_table(frame: pd.DataFrame, table: str, out_dir: str | Path, *,
                file_name: str | None = None, conformed: bool = False) -> Path:
    """Write ``frame`` as ``<out_dir>/<table>.csv`` (or ``<out_dir>/<file_name>``, e.g. an
    imported table in the layout of ``regions``) under the declared contract.

    The frame is given the declared columns and types (:func:`analysis.contract.conform`; an
    undeclared column is an error), sorted by the declared keys, validated
    (:func:`analysis.contract.validate`: types, allowed values, unique primary key, row checks)
    and written by :func:`write_csv`.

    ``conformed=True`` says that ``frame`` is already conformed and sorted (the result of
    ``sort_rows(conform(...))``, as :func:`analysis.extract.pipeline.finalise_rows` gives it, not
    changed since): both steps are skipped, since on such a frame they change nothing (the
    columns are declared and cast, and a stable sort keeps rows in order). It is still validated.

    Raises
    ------
    analysis.contract.ContractError
        Naming the table, the column and the row that break the contract.

    Examples
    --------
    >>> import tempfile
    >>> frame = pd.DataFrame({"doc_id": ["001", "001"], "source_line": [962, 17],
    ...                       "raw_text": ["RP. (14.968.336.9)", "x"], "reason": ["malformed", "y"]})
    >>> path = write_table(frame, "extraction_skipped", tempfile.mkdtemp())
    >>> print(path.read_text(encoding="utf-8"), end="")
    doc_id,source_line,raw_text,reason
    001,17,x,y
    001,962,RP. (14.968.336.9),malformed
    """
    from . import contract

    name = file_name or f"{table}.csv"
    if not conformed:
        frame = contract.sort_rows(contract.conform(frame, table), table)
    contract.validate(frame, table, source=name)
    return write_csv(frame, Path(out_dir) / name, contract.columns(table), ())


def _resource(out: Path, name: str) -> dict:
    from . import contract

    path = out / f"{name}.csv"
    return {
        "name": name,
        "type": "table",
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": contract.TABLES[name].description,
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_file(path)}",
        "schema": contract.table_schema(name),
    }


def write_datapackage(
    out_dir: str | Path,
    tables: Iterable[str],
    extra: Mapping[str, object] | None = None,
) -> Path:
    """Write ``datapackage.json`` (Frictionless Data Package v2) describing the CSVs of
    ``tables`` in ``out_dir``: the declared Table Schema of each (types, descriptions,
    required columns, allowed values, primary key; never inferred from the data, so an empty
    table keeps its types), its bytes and SHA-256.

    Parameters
    ----------
    out_dir : path-like
        Folder holding ``<table>.csv`` for every name in ``tables``.
    tables : iterable of str
        Declared table names (:data:`analysis.contract.TABLES`).
    extra : mapping, optional
        Additional top-level properties (no timestamps: the file must be deterministic).
    """
    out = Path(out_dir)
    res = [_resource(out, name) for name in sorted(tables)]
    pkg = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "lkpj-analysis-processed",
        "title": "Budget, performance and regional data extracted from Indonesian regional accountability reports",
        **(dict(extra) if extra else {}),
        "resources": res,
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return path


def add_datapackage_resource(out_dir: str | Path, table: str) -> Path:
    """Add (or replace) the declared table ``table`` (``<out_dir>/<table>.csv``, already written)
    in ``<out_dir>/datapackage.json``, keeping the other resources as they are; creates a
    minimal package when none exists. Used by steps after the extraction (``check``).
    Deterministic: resources sorted by name, declared schema, no timestamps."""
    from . import contract

    out = Path(out_dir)
    path = out / "datapackage.json"
    if path.is_file():
        pkg = json.loads(path.read_text(encoding="utf-8"))
    else:
        pkg = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
               "name": "lkpj-analysis-processed", "resources": []}
    csv_path = out / f"{table}.csv"
    res = {"name": table, "type": "table", "path": f"{table}.csv", "format": "csv",
           "mediatype": "text/csv", "encoding": "utf-8",
           "description": contract.TABLES[table].description,
           "bytes": csv_path.stat().st_size, "hash": f"sha256:{sha256_file(csv_path)}",
           "schema": contract.table_schema(table)}
    resources = [r for r in pkg.get("resources", []) if r.get("name") != table] + [res]
    pkg["resources"] = sorted(resources, key=lambda r: r.get("name", ""))
    path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return path


def read_source_lines(raw_dir: str | Path, doc_id: str, lines: Iterable[int], width: int = 240) -> dict[int, str]:
    """The text of ``lines`` (1-based) of document ``doc_id`` listed in ``<raw_dir>/manifest.csv``,
    for showing a finding beside the line it comes from: TABs shown as ' | ', HTML tags and
    ``**`` removed, whitespace collapsed, cut to ``width`` characters. Lines past the end are
    left out. Raises ManifestError when the document is not in the manifest."""
    import re

    metas = {m.doc_id: m for m in read_manifest(raw_dir, verify=False)}
    if str(doc_id) not in metas:
        raise ManifestError(f"{Path(raw_dir) / 'manifest.csv'}: no document {doc_id!r}")
    text = (Path(raw_dir) / metas[str(doc_id)].file).read_text(encoding="utf-8-sig").splitlines()
    out: dict[int, str] = {}
    for n in sorted({int(x) for x in lines}):
        if 1 <= n <= len(text):
            t = re.sub(r"<[^>]+>", " ", text[n - 1]).replace("**", "").replace("\t", " | ")
            t = re.sub(r"\s+", " ", t).strip(" |")
            out[n] = t if len(t) <= width else t[: width - 1] + "…"
    return out
