"""Import a user-supplied kabupaten/kota table (``python -m analysis import-regions``).

A researcher often has kabupaten/kota data from elsewhere (BPS population, IPM, poverty rates)
to join with the extracted tables. This module reads such a CSV, maps every name to its
Kemendagri code with the project's resolver (:mod:`analysis.regions`), validates it, and stores
the resolved long table beside the raw documents, in the format of ``regions.csv``.

Accepted input (UTF-8 CSV, one header row)
------------------------------------------
* **wide**: one row per kabupaten/kota; a name column (found by its header — ``kabupaten``,
  ``kab/kota``, ``kabupaten/kota``, ``kota``, ``wilayah``, ``region``, ``region_name``,
  ``daerah``, ``nama``, ``name`` — or, failing that, as the column whose cells mostly resolve);
  every other column is a variable (header → snake_case variable name; a unit in parentheses,
  ``Penduduk (jiwa)``, becomes the unit). Identifier columns (``no``, ``kode``, ``code``,
  ``region_code``, ``id``) are ignored. A header that is a year (``2022``, ``2023``) makes the
  column that year of the one variable named by ``variable``. Otherwise the year comes from
  ``year``.
* **long**: the layout of ``regions.csv`` — columns ``region_name`` or ``region_code`` (or both),
  ``variable``, ``value``, and optionally ``year``, ``unit`` (other columns are ignored).

Validation
----------
Errors (nothing is stored, ``ok`` is False): a name that does not resolve or is ambiguous
(listed with its CSV line, the name, the resolver's note and the closest candidates; a bare
name shared by a kabupaten and a kota, ``Kupang``, is decided only by the other rows — ``Kota
Kupang`` listed too makes it Kabupaten Kupang — never by the column header), the same
kabupaten/kota twice for one variable and year (both lines named), an empty name with values, a
``region_code`` that is not in the gazetteer or contradicts the name, a missing year, no value
columns, an unreadable file. Warnings (the data are stored): names read by fuzzy matching (so
that a typo is seen), subtotal rows that are not imported, kabupaten/kota of the province
missing from the file (compared with the gazetteer), and cells that are not numbers (blank,
``-``, text, malformed or ambiguous numbers: listed with line and column; no row is stored for
them). Numbers may be Indonesian (``1.234,5``) or US (``1,234.5``) style; the style is inferred
per column (:func:`analysis.numbers.infer_style`), then over the whole file; a shape that stays
ambiguous (``1.234`` with no other evidence) is a warning, never a guess.

Storage
-------
``<raw>/external/<stem>.csv`` with the columns of ``regions.csv``: ``doc_id = 'ext:<stem>'``,
``source_table`` = the ``source`` text, ``source_line`` = the CSV line of the value;
``<raw>/external/manifest.csv`` gets one row per stored file (``file, sha256, source, year,
imported_rows, original_file``), replaced when the same stem is imported again, rows sorted by
file; no timestamps, so the same input gives byte-identical files.

The validation is done by pure functions (:func:`parse_csv_text`, :func:`check_table`,
:func:`manifest_rows`) that take text and values and return values; :func:`import_regions` does
the reading and writing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from .base import REGION_COLUMNS
from .regional import unit_from_header
from ..io import sha256_file, write_csv
from .numbers import infer_style, parse_number
from ..regions import (
    Resolution,
    gazetteer,
    province_code,
    region_name,
    resolve_region,
    resolve_table_names,
)

__all__ = [
    "ImportResult",
    "CheckResult",
    "MANIFEST_COLUMNS",
    "parse_csv_text",
    "detect_form",
    "find_name_column",
    "check_table",
    "manifest_rows",
    "import_regions",
]

MANIFEST_COLUMNS = ["file", "sha256", "source", "year", "imported_rows", "original_file"]
"""Columns of ``<raw>/external/manifest.csv``."""

_NAME_HEADERS = (
    "kabupaten/kota", "kab/kota", "kabupaten kota", "kab kota", "kabupaten", "kab", "kota",
    "wilayah", "region_name", "region", "daerah", "nama", "name", "nama wilayah",
    "nama kabupaten/kota", "kabkota",
)
_ID_HEADERS = frozenset({"no", "no.", "nomor", "kode", "code", "region_code", "kode wilayah", "kode_wilayah", "id"})
_LONG_REQUIRED = ("variable", "value")
_SORT = ["region_code", "variable", "year", "source_line"]


@dataclass(frozen=True)
class CheckResult:
    """Outcome of the pure validation (:func:`check_table`).

    Attributes
    ----------
    table : DataFrame
        The resolved long table (``REGION_COLUMNS``); empty when there are errors.
    warnings, errors : list of str
        Messages naming the CSV line, the column and the name concerned.
    form : str
        ``'wide'`` or ``'long'``.
    province : str or None
        The province code used.
    years : tuple of int
        Years present in ``table``.
    """

    table: pd.DataFrame
    warnings: list[str]
    errors: list[str]
    form: str
    province: str | None
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_regions` did (the CLI prints it).

    Attributes
    ----------
    ok : bool
        True when the table was stored (no errors).
    warnings, errors : list of str
        Messages for the user (line and column of the file named).
    stored_path, manifest_path : Path or None
        Where the table and the manifest were written (None when nothing was stored).
    n_rows : int
        Rows stored.
    table : DataFrame
        The resolved long table (``REGION_COLUMNS``); empty when there were errors.
    """

    ok: bool
    warnings: list[str]
    errors: list[str]
    stored_path: Path | None
    manifest_path: Path | None
    n_rows: int
    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REGION_COLUMNS))


# ---------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------


def parse_csv_text(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split CSV text into the header and the records with their 1-based line numbers.

    Parameters
    ----------
    text : str
        The file's text (a BOM is removed). The delimiter is ``,`` unless the header line has
        more ``;`` or TABs than commas.

    Returns
    -------
    header : list of str
        Header cells, stripped.
    records : list of (int, list of str)
        Each data record with the line it starts on; blank lines are left out; records are
        padded to the header's width.

    Raises
    ------
    ValueError
        If there is no header line.
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        raise ValueError("the file is empty (no header line)")
    delim = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    prev_end = 0
    for rec in reader:
        start = prev_end + 1
        prev_end = reader.line_num
        if not any(c.strip() for c in rec):
            continue
        if header is None:
            header = [c.strip() for c in rec]
            continue
        cells = [c.strip() for c in rec]
        cells += [""] * (len(header) - len(cells))
        records.append((start, cells))
    if header is None:
        raise ValueError("the file is empty (no header line)")
    return header, records


def _norm_header(h: str) -> str:
    return re.sub(r"\s+", " ", h.strip().lower().replace("_", " ").replace("-", " "))


def detect_form(header: Sequence[str]) -> str:
    """``'long'`` when the header has ``variable`` and ``value`` and a ``region_name`` or
    ``region_code`` column, else ``'wide'``."""
    h = {c.strip().lower() for c in header}
    if all(c in h for c in _LONG_REQUIRED) and ("region_name" in h or "region_code" in h):
        return "long"
    return "wide"


def _snake(text: str) -> str:
    s = re.sub(r"\([^()]*\)", " ", text)
    s = re.sub(r"[^0-9a-zA-Z]+", "_", s.lower()).strip("_")
    return s or "value"


def find_name_column(header: Sequence[str], records: Sequence[tuple[int, Sequence[str]]],
                     province: str | None = None) -> int | None:
    """Index of the kabupaten/kota name column of a wide table, or None.

    A header word (:data:`_NAME_HEADERS`, exact after folding case, ``_`` and ``-``) wins;
    otherwise the column with most cells resolving to a kabupaten/kota (more than half of its
    non-empty cells).
    """
    normed = [_norm_header(h) for h in header]
    for word in _NAME_HEADERS:
        w = _norm_header(word)
        for j, h in enumerate(normed):
            if h == w:
                return j
    for j, h in enumerate(normed):
        if re.search(r"\b(?:kabupaten|kab|kota|wilayah|region|daerah|nama)\b", h) and h not in _ID_HEADERS:
            return j
    best: tuple[int, int] | None = None
    for j in range(len(header)):
        cells = [r[j] for _, r in records if j < len(r) and r[j].strip()]
        if not cells:
            continue
        res = [resolve_region(c, province) for c in cells]
        n = sum(r.resolved for r in res)
        if n * 2 > len(cells) and (best is None or n > best[0]):
            best = (n, j)
    return best[1] if best else None


def _suggestions(name: str, pcode: str | None, limit: int = 3) -> list[str]:
    """Closest kabupaten/kota names (rapidfuzz WRatio on the canonical names)."""
    gaz = gazetteer(pcode) if pcode else gazetteer()
    choices = list(gaz["region_name"])
    bare = [re.sub(r"^(Kabupaten|Kota)\s+", "", c) for c in choices]
    cleaned = re.sub(r"^\s*(?:kabupaten|kab\.?|kota)\s+", "", name, flags=re.I)
    hits = process.extract(cleaned, bare, scorer=fuzz.WRatio, limit=limit)
    codes = list(gaz["region_code"])
    return [f"{choices[i]} ({codes[i]})" for _b, _s, i in hits]


def _infer_province(names: Sequence[str], given: str | None) -> tuple[str | None, list[str]]:
    """Province code to resolve names in: the given one, or the province most names belong to."""
    if given is not None:
        return province_code(given), []
    counts: dict[str, int] = {}
    for n in names:
        r = resolve_region(n)
        if r.resolved and r.region_code:
            p = r.region_code.split(".")[0]
            counts[p] = counts.get(p, 0) + 1
        elif r.method == "ambiguous":
            for c in r.candidates:
                p = c.split(".")[0]
                counts[p] = counts.get(p, 0) + 0  # ambiguous names do not vote
    if not counts:
        return None, []
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    warns = []
    if len([p for p, c in counts.items() if c > 0]) > 1:
        others = ", ".join(f"{p} ({c})" for p, c in sorted(counts.items()) if p != best and c > 0)
        warns.append(f"names from several provinces; using province {best} (most names); others: {others}")
    return best, warns


def _resolve_names(
    items: Sequence[tuple[int, str]],
    pcode: str | None,
    context: str | None,
    errors: list[str],
    warnings: list[str],
) -> dict[int, Resolution]:
    """Resolve names (line, name) as one table; errors for unresolved/ambiguous, warnings for
    fuzzy matches and subtotals. Returns line → resolution for usable rows."""
    if not items:
        return {}
    res = resolve_table_names([n for _, n in items], pcode, context=context)
    out: dict[int, Resolution] = {}
    for (line, name), r in zip(items, res):
        if r.method == "unresolved":
            sugg = "; ".join(_suggestions(name, pcode))
            errors.append(f"line {line}: name {name!r} not resolved ({r.note}); closest: {sugg}")
        elif r.method == "ambiguous":
            cands = ", ".join(r.candidates) if r.candidates else "; ".join(_suggestions(name, pcode))
            errors.append(f"line {line}: name {name!r} is ambiguous ({r.note}); candidates: {cands}; "
                          "write 'Kabupaten …' or 'Kota …'")
        elif r.method == "total":
            if r.region_code and "." in r.region_code:
                warnings.append(f"line {line}: {name!r} is a subtotal ({r.note}); not imported")
            elif r.region_code is None:
                warnings.append(f"line {line}: {name!r} is a total row of an unknown province; not imported")
            else:
                out[line] = r
        else:
            if r.method == "fuzzy":
                warnings.append(f"line {line}: {name!r} read as {r.region_name} ({r.region_code}) by fuzzy "
                                f"match (score {r.score:.1f}); check the spelling or add an alias")
            out[line] = r
    return out


def _province_name(pcode: str) -> str:
    """Province name of a two-digit code ('' when unknown)."""
    try:
        gaz = gazetteer(pcode)
    except ValueError:
        return ""
    return str(gaz["province_name"].iloc[0]) if len(gaz) else ""


def _kind(code: str) -> str:
    return "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"


def _region_fields(r: Resolution) -> tuple[str, str, str]:
    code = r.region_code or ""
    if r.method == "total":
        return code, r.region_name or "", "province"
    return code, r.region_name or "", _kind(code)


def _parse_value(cell: str, style: str | None) -> tuple[float | None, str]:
    p = parse_number(cell, style=style)
    if p.ok and p.value is not None:
        return float(p.value), ""
    if p.status == "missing":
        return None, p.note or "no value"
    if p.status == "ambiguous":
        return None, f"{p.note} (write it unambiguously, e.g. without a thousands separator)"
    return None, p.note or "not a number"


def _styles(columns: dict[str, list[str]]) -> dict[str, str | None]:
    all_cells = [c for cells in columns.values() for c in cells]
    file_style = infer_style(all_cells)
    return {k: infer_style(v) or file_style for k, v in columns.items()}


def _missing_warnings(table: pd.DataFrame, pcode: str | None) -> list[str]:
    """One warning per kabupaten/kota of the province that lacks a value for some variable and
    year of the table (compared with the gazetteer)."""
    if pcode is None or table.empty:
        return []
    gaz = gazetteer(pcode)
    pname = _province_name(pcode)
    keys = sorted({(str(v), int(y)) for v, y in zip(table["variable"], table["year"])})
    have = {(str(c), str(v), int(y)) for c, v, y in zip(table["region_code"], table["variable"], table["year"])}
    warns = []
    for code, name in zip(gaz["region_code"], gaz["region_name"]):
        lacking = [f"{v} {y}" for v, y in keys if (code, v, y) not in have]
        if lacking:
            warns.append(f"missing kabupaten/kota: {name} ({code}) of {pname} has no value for "
                         + ", ".join(lacking))
    return warns


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=REGION_COLUMNS)
    if len(frame):
        frame["year"] = frame["year"].astype(int)
        frame["source_line"] = frame["source_line"].astype(int)
        frame["value"] = frame["value"].astype(float)
        frame = frame.sort_values(_SORT, kind="mergesort").reset_index(drop=True)
    return frame


def _check_wide(header, records, stem, year, source, pcode_given, variable, unit):
    errors: list[str] = []
    warnings: list[str] = []
    j_name = find_name_column(header, records, pcode_given)
    if j_name is None:
        errors.append("no kabupaten/kota name column found: name it 'kabupaten/kota', 'wilayah' or 'region_name'")
        return [], warnings, errors, None
    value_cols = [j for j, h in enumerate(header) if j != j_name and _norm_header(h) not in _ID_HEADERS and h.strip()]
    if not value_cols:
        errors.append("no value columns besides the name column")
        return [], warnings, errors, None
    year_cols = [j for j in value_cols if re.fullmatch(r"(?:19|20)\d{2}", header[j].strip())]
    specs: list[tuple[int, str, int | None, str]] = []  # (col, variable, year, unit)
    if year_cols and len(year_cols) == len(value_cols):
        if not variable:
            errors.append("the value columns are years (" + ", ".join(header[j] for j in year_cols)
                          + "): give the variable name (--variable)")
            return [], warnings, errors, None
        for j in value_cols:
            specs.append((j, _snake(variable), int(header[j].strip()), unit or ""))
    else:
        if variable and len(value_cols) > 1:
            errors.append(f"--variable names one value column, but the file has {len(value_cols)}: "
                          + ", ".join(repr(header[j]) for j in value_cols))
            return [], warnings, errors, None
        if year is None:
            errors.append("no year: pass --year (wide form) or use year columns")
            return [], warnings, errors, None
        for j in value_cols:
            name = _snake(variable) if variable else _snake(header[j])
            u = unit or unit_from_header([header[j]]) or ""
            specs.append((j, name, int(year), u))
    names = [(line, cells[j_name]) for line, cells in records if cells[j_name].strip()]
    for line, cells in records:
        if not cells[j_name].strip() and any(cells[j].strip() for j, *_ in specs):
            errors.append(f"line {line}: empty name in column {header[j_name]!r} but values in the row")
    pcode, pw = _infer_province([n for _, n in names], pcode_given)
    warnings += pw
    # the column header is not used as context: a 'Kabupaten' header over a list that also holds
    # kota is common in user files, so a bare shared name stays ambiguous unless the other rows
    # decide it
    resolved = _resolve_names(names, pcode, None, errors, warnings)
    styles = _styles({str(j): [c[j] for _, c in records] for j, *_ in specs})
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in records:
        r = resolved.get(line)
        if r is None:
            continue
        code, rname, rtype = _region_fields(r)
        for j, var, yr, u in specs:
            key = (code, var, int(yr))  # type: ignore[arg-type]
            if key in seen:
                if j == specs[0][0]:
                    errors.append(f"line {line}: {cells[j_name]!r} is {rname} ({code}), already given on "
                                  f"line {seen[key]} (duplicate region)")
                continue
            seen[key] = line
            cell = cells[j]
            value, why = _parse_value(cell, styles[str(j)])
            if value is None:
                warnings.append(f"line {line}, column {header[j]!r}: {cell!r} is not a number ({why}); "
                                "no row stored")
                continue
            rows.append({
                "doc_id": f"ext:{stem}", "province": "", "year": int(yr), "region_code": code,  # type: ignore[arg-type]
                "region_name": rname, "region_type": rtype, "variable": var, "value": value,
                "unit": u, "source_table": source, "source_line": int(line),
            })
    return rows, warnings, errors, pcode


def _check_long(header, records, stem, year, source, pcode_given, unit):
    errors: list[str] = []
    warnings: list[str] = []
    idx = {h.strip().lower(): j for j, h in enumerate(header)}
    j_name = idx.get("region_name")
    j_code = idx.get("region_code")
    j_var, j_val = idx["variable"], idx["value"]
    j_year, j_unit = idx.get("year"), idx.get("unit")
    known = set(gazetteer()["region_code"])
    names: list[tuple[int, str]] = []
    codes_given: dict[int, str] = {}
    for line, cells in records:
        name = cells[j_name].strip() if j_name is not None else ""
        code = cells[j_code].strip() if j_code is not None else ""
        if code:
            codes_given[line] = code
        if name:
            names.append((line, name))
        elif not code:
            errors.append(f"line {line}: neither region_name nor region_code given")
    # province: given, else the one province of the codes, else the names' province
    pcode: str | None = None
    if pcode_given is not None:
        pcode = province_code(pcode_given)
    else:
        provs = sorted({c.split(".")[0] for c in codes_given.values()})
        if len(provs) == 1:
            pcode = provs[0]
        elif len(provs) > 1:
            warnings.append(f"codes of several provinces ({', '.join(provs)}); missing kabupaten/kota "
                            "are not checked")
        elif names:
            pcode, pw = _infer_province([n for _, n in names], None)
            warnings += pw
    # resolve unique names with the table as context
    first_line: dict[str, int] = {}
    for line, name in names:
        first_line.setdefault(name, line)
    uniq = sorted(first_line.items(), key=lambda kv: kv[1])
    resolved_u = _resolve_names([(ln, n) for n, ln in uniq], pcode, None, errors, warnings)
    by_name = {n: resolved_u.get(ln) for n, ln in uniq}
    bad_names = {n for n, ln in uniq if ln not in resolved_u}
    # a file in the contract's own layout (a stored import, regions.csv) has plain numbers
    contract = all(c in idx for c in REGION_COLUMNS)
    values = [c[j_val] for _, c in records]
    value_style = infer_style(values) or ("us" if contract else None)
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in records:
        name = cells[j_name].strip() if j_name is not None else ""
        code_given = codes_given.get(line, "")
        r = by_name.get(name) if name else None
        if name and name in bad_names:
            continue
        if code_given:
            if re.fullmatch(r"\d{2}", code_given):
                if _province_name(code_given) == "":
                    errors.append(f"line {line}: region_code {code_given!r} is not a province code")
                    continue
                code, rname, rtype = code_given, _province_name(code_given), "province"
            elif code_given in known:
                code, rname, rtype = code_given, region_name(code_given), _kind(code_given)
            else:
                sugg = f"; closest to the name: {'; '.join(_suggestions(name, pcode))}" if name else ""
                errors.append(f"line {line}: region_code {code_given!r} is not in the gazetteer "
                              f"(Kepmendagri codes such as 53.01){sugg}")
                continue
            if r is not None and r.region_code != code:
                errors.append(f"line {line}: region_code {code_given!r} ({rname}) contradicts the name "
                              f"{name!r} ({r.region_name}, {r.region_code})")
                continue
        elif r is not None:
            code, rname, rtype = _region_fields(r)
        else:
            continue
        var = _snake(cells[j_var]) if cells[j_var].strip() else ""
        if not var:
            errors.append(f"line {line}: empty variable")
            continue
        if j_year is not None and cells[j_year].strip():
            try:
                yr = int(float(cells[j_year].strip()))
            except ValueError:
                errors.append(f"line {line}: year {cells[j_year]!r} is not a year")
                continue
        elif year is not None:
            yr = int(year)
        else:
            errors.append(f"line {line}: no year (add a 'year' column or pass --year)")
            continue
        key = (code, var, yr)
        if key in seen:
            errors.append(f"line {line}: {name or code!r} is {rname} ({code}), already given for "
                          f"{var!r} {yr} on line {seen[key]} (duplicate region)")
            continue
        seen[key] = line
        value, why = _parse_value(cells[j_val], value_style)
        if value is None:
            warnings.append(f"line {line}, column 'value': {cells[j_val]!r} is not a number ({why}); "
                            "no row stored")
            continue
        u = unit or (cells[j_unit].strip() if j_unit is not None else "")
        rows.append({
            "doc_id": f"ext:{stem}", "province": "", "year": yr, "region_code": code,
            "region_name": rname, "region_type": rtype, "variable": var, "value": value,
            "unit": u, "source_table": source, "source_line": int(line),
        })
    return rows, warnings, errors, pcode


def check_table(
    header: Sequence[str],
    records: Sequence[tuple[int, Sequence[str]]],
    *,
    stem: str,
    year: int | None = None,
    source: str = "",
    province: str | None = None,
    variable: str | None = None,
    unit: str = "",
) -> CheckResult:
    """Resolve and validate a parsed CSV (pure: no files).

    Parameters
    ----------
    header, records
        As returned by :func:`parse_csv_text`.
    stem : str
        File stem; ``doc_id`` becomes ``'ext:<stem>'``.
    year : int, optional
        Year of the values (wide form; long form without a ``year`` column).
    source : str
        Citation of the data source, stored in ``source_table``.
    province : str, optional
        Province code or name; inferred from the names when not given.
    variable : str, optional
        Variable name for a wide file with one value column (or with year columns).
    unit : str
        Unit of the values (overrides units in headers or a ``unit`` column).

    Returns
    -------
    CheckResult
        ``table`` empty whenever ``errors`` is not.

    Raises
    ------
    ValueError
        If ``province`` is not a known province.
    """
    form = detect_form(header)
    rec = [(ln, list(c)) for ln, c in records]
    if form == "long":
        rows, warnings, errors, pcode = _check_long(header, rec, stem, year, source, province, unit)
    else:
        rows, warnings, errors, pcode = _check_wide(header, rec, stem, year, source, province, variable, unit)
    if not rows and not errors:
        errors.append("no values to import")
    table = _frame(rows)
    if len(table):
        table["province"] = [_province_name(c.split(".")[0]) for c in table["region_code"]]
    if pcode is not None and len(table):
        warnings = warnings + _missing_warnings(table[table["region_type"] != "province"], pcode)
    if errors:
        table = _frame([])
    years = tuple(sorted({int(y) for y in table["year"]})) if len(table) else ()
    return CheckResult(table, list(warnings), list(errors), form, pcode, years)


def manifest_rows(existing: Sequence[dict[str, str]], new: dict[str, str]) -> list[dict[str, str]]:
    """Manifest rows with ``new`` added or replacing the row of the same ``file``; sorted by
    file (pure)."""
    rows = [dict(r) for r in existing if r.get("file") != new["file"]]
    rows.append({k: str(new.get(k, "")) for k in MANIFEST_COLUMNS})
    return sorted(rows, key=lambda r: r["file"])


# ---------------------------------------------------------------------------------------------
# I/O
# ---------------------------------------------------------------------------------------------


def _read_manifest(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (r.get(k) or "") for k in MANIFEST_COLUMNS} for r in csv.DictReader(fh)]


def _write_manifest(path: Path, rows: Sequence[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def _failed(errors: list[str], warnings: list[str] | None = None) -> ImportResult:
    return ImportResult(False, list(warnings or []), errors, None, None, 0,
                        pd.DataFrame(columns=REGION_COLUMNS))


def import_regions(
    file: str | Path,
    raw_dir: str | Path = "data/raw",
    year: int | None = None,
    source: str = "",
    province: str | None = None,
    variable: str | None = None,
    unit: str = "",
) -> ImportResult:
    """Read, resolve, validate and store a kabupaten/kota CSV (see the module docstring).

    Parameters
    ----------
    file : path-like
        The CSV (wide or long form).
    raw_dir : path-like
        Raw-data folder; the table goes to ``<raw_dir>/external/<stem>.csv``.
    year, source, province, variable, unit
        See :func:`check_table`.

    Returns
    -------
    ImportResult
        ``ok`` False (and nothing written) when there are errors.
    """
    path = Path(file)
    if not path.is_file():
        return _failed([f"{path}: no such file"])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _failed([f"{path}: not UTF-8 (byte offset {exc.start}); save the CSV as UTF-8"])
    try:
        header, records = parse_csv_text(text)
    except (ValueError, csv.Error) as exc:
        return _failed([f"{path}: {exc}"])
    try:
        check = check_table(header, records, stem=path.stem, year=year, source=source,
                            province=province, variable=variable, unit=unit)
    except ValueError as exc:
        return _failed([str(exc)])
    if check.errors:
        return _failed(check.errors, check.warnings)
    ext = Path(raw_dir) / "external"
    stored = ext / f"{path.stem}.csv"
    write_csv(check.table, stored, REGION_COLUMNS, _SORT)
    manifest = ext / "manifest.csv"
    new = {
        "file": stored.name,
        "sha256": sha256_file(stored),
        "source": source,
        "year": ";".join(str(y) for y in check.years),
        "imported_rows": str(len(check.table)),
        "original_file": path.name,
    }
    _write_manifest(manifest, manifest_rows(_read_manifest(manifest), new))
    return ImportResult(True, check.warnings, [], stored, manifest, len(check.table), check.table)
