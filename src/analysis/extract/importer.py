"""Import a user-supplied kabupaten/kota table (``python -m analysis import-regions``).

A researcher often has kabupaten/kota data from elsewhere (BPS population, IPM, poverty rates,
DJPK realisation per kabupaten) to join with the extracted tables. This module reads such a
CSV, maps every row to its Kemendagri code with the project's resolver
(:mod:`analysis.regions`), validates it, and stores it under ``data/external/`` (never in
``data/raw/``, which holds only the documents): the user's file unchanged, the resolved long
table in the format of ``regions.csv``, and a manifest row with both checksums.

Accepted input (UTF-8 CSV, one header row)
------------------------------------------
* **wide**: one row per kabupaten/kota; a name column (found by its header — ``kabupaten``,
  ``kab/kota``, ``kabupaten/kota``, ``kota``, ``wilayah``, ``region``, ``region_name``,
  ``daerah``, ``nama``, ``name`` — or, failing that, as the column whose cells mostly resolve)
  and/or a code column (:data:`CODE_HEADERS`: ``kode``, ``kode bps``, ``region_code`` …);
  every other column is a variable (header → snake_case variable name; the unit and its scale
  come from the header, see *Units* below). Numbering columns (``no``, ``nomor``, ``id``) are
  ignored. A header that is a year (``2022``, ``2023``) makes the column that year of the one
  variable named by ``variable``. Otherwise the year comes from ``year``.
* **long**: the layout of ``regions.csv`` — columns ``region_name`` or ``region_code`` (or both),
  ``variable``, ``value``, and optionally ``year``, ``unit``, ``value_note`` (other columns are
  ignored), so a stored import or ``regions.csv`` itself can be imported again.

Codes
-----
Kemendagri codes (``53.01``, Kepmendagri 100.1.1-6117/2022, the codes of ``regions.csv``) and
BPS codes (``5303``) are both accepted. A four-digit code is always a BPS code and is translated
through the explicit crosswalk ``reference/bps_kemendagri.csv``
(:func:`analysis.regions.bps_to_kemendagri`): the two numberings differ in NTT (BPS 5303 is
Kabupaten Kupang, Kemendagri 53.01; BPS 5301 is Sumba Barat, 53.12), so ``5303`` is never read
as ``53.03``. A two-digit code is a province (a total row). A code that contradicts the name on
its row is an error.

Units
-----
The unit of a wide column comes from its header (:func:`analysis.extract.regional.
unit_scale_from_header`): ``Penduduk (jiwa)`` → ``orang``; ``Realisasi (%)`` → ``%``; scaled
units — ``(miliar rupiah)``, ``(Rp juta)``, ``(Rp 000)``, ``(ribu rupiah)``, ``(ribu jiwa)`` —
give the unit and a factor from :data:`analysis.extract.numbers.SCALE_WORDS`. Values are stored
in the base unit (rupiah, orang) and ``value_note`` records how they were printed
(``printed '2.454,75' in miliar rupiah (column 'Realisasi (miliar rupiah)'); stored
x1,000,000,000 as rupiah``). A value with its own scale suffix (``2.454,75 M``, ``12 Jt``, ``500 Rb``) is scaled
the same way; a suffix in a column whose header already carries a scale is a rejected cell. A
``--unit`` given on the command line applies to every column (``--unit "miliar rupiah"``
scales too). In the long form the ``unit`` cell is read the same way.

Validation
----------
Errors (nothing is stored; :attr:`ImportResult.error_kinds` says which kinds occurred, so that
the command line can say what to fix):

* ``names``: a name that does not resolve or is ambiguous (with its CSV line, the resolver's
  note and the closest candidates; a bare name shared by a kabupaten and a kota, ``Kupang``,
  is decided only by the other rows — ``Kota Kupang`` listed too makes it Kabupaten Kupang);
  an empty name with values;
* ``codes``: a code that is neither a Kemendagri code of the gazetteer nor a BPS code of the
  crosswalk, or that contradicts the name;
* ``duplicates``: the same kabupaten/kota twice for one variable and year (both lines named);
* ``columns``: no name or code column, no value column, two columns that map to the same
  variable and year (``Realisasi (miliar rupiah)`` and ``Realisasi (%)`` both become
  ``realisasi``: both columns are named, nothing is overwritten);
* ``year``: no year;
* ``rejected``: more than ``max_rejected`` (default :data:`MAX_REJECTED_CELLS`) value cells
  that are not numbers; ``strict``: with ``strict``, any rejected cell;
* ``empty``: no values at all.

Warnings (the data are stored): names read by fuzzy matching, subtotal rows not imported,
kabupaten/kota of the province missing from the file, two kabupaten/kota whose rows are
identical (at least two values, all equal: a copied row?), names from several provinces, and
each rejected cell (blank, ``-``, text, malformed or ambiguous number; line and column named; no
row is stored for it). Numbers may be Indonesian (``1.234,5``) or US (``1,234.5``) style; the
style is inferred per column (:func:`analysis.extract.numbers.infer_style`), then over the whole
file; a shape that stays ambiguous (``1.234`` with no other evidence) is rejected, never guessed.

Storage (``external_dir``, default ``data/external``)
-----------------------------------------------------
* ``original/<file name>``: the user's file, byte for byte;
* ``<name>.csv``: the resolved long table, columns :data:`OUTPUT_COLUMNS` (those of
  ``regions.csv``: ``doc_id = 'ext:<name>'``, ``source_table`` = the ``source`` text,
  ``source_line`` = the CSV line of the value, plus ``value_note``);
* ``manifest.csv``: one row per import, :data:`MANIFEST_COLUMNS` (``name``, ``resolved_file``
  and ``original_file`` relative to ``external_dir``, their SHA-256, ``source``, ``year``,
  ``imported_rows``, ``rejected_cells``), replaced when the same name is imported again, rows
  sorted by name.

``<name>`` is the file's stem. No timestamps: the same input gives byte-identical files.

The validation is done by pure functions (:func:`parse_csv_text`, :func:`check_table`,
:func:`manifest_rows`, :func:`region_from_code`) that take text and values and return values;
:func:`import_regions` does the reading and writing.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from ..io import sha256_file, write_csv
from ..regions import (
    Resolution,
    bps_to_kemendagri,
    gazetteer,
    province_code,
    region_name,
    resolve_region,
    resolve_table_names,
)
from .base import REGION_COLUMNS
from .numbers import SCALE_WORDS, infer_style, parse_number
from .regional import unit_scale_from_header

__all__ = [
    "ImportResult",
    "CheckResult",
    "MANIFEST_COLUMNS",
    "OUTPUT_COLUMNS",
    "MAX_REJECTED_CELLS",
    "CODE_HEADERS",
    "ERROR_ADVICE",
    "parse_csv_text",
    "detect_form",
    "find_name_column",
    "find_code_column",
    "region_from_code",
    "check_table",
    "manifest_rows",
    "import_regions",
]

MANIFEST_COLUMNS = ["name", "resolved_file", "resolved_sha256", "original_file", "original_sha256",
                    "source", "year", "imported_rows", "rejected_cells"]
"""Columns of ``<external>/manifest.csv`` (file paths relative to the external folder)."""

OUTPUT_COLUMNS = REGION_COLUMNS + ["value_note"]
"""Columns of a stored import: those of ``regions.csv``."""

MAX_REJECTED_CELLS = 5
"""More rejected value cells than this (blank, ``-``, text, malformed or ambiguous numbers) and
nothing is stored: a file with that many gaps is more likely misread (wrong column, wrong number
style) than sparse. ``max_rejected`` / ``--max-rejected`` raises it, ``strict`` sets it to 0."""

ORIGINAL_DIR = "original"
"""Sub-folder of the external folder that keeps the users' files unchanged."""

ERROR_ADVICE: dict[str, str] = {
    "file": "fix the file named above (a UTF-8 CSV with one header row)",
    "names": "fix the names above (or add the spelling to src/analysis/reference/region_aliases.csv)",
    "codes": "fix the codes above (Kemendagri 53.01 or BPS 5303)",
    "duplicates": "remove or correct the duplicate rows above",
    "columns": "rename or remove the columns above so that each variable comes from one column",
    "year": "give the year (--year, or a year column)",
    "rejected": "correct the rejected cells listed above, or allow them with --max-rejected N",
    "strict": "correct the rejected cells listed above (--strict allows none)",
    "empty": "the file has no values to import",
}
"""What the user should do, per kind of error (the command line's closing message)."""

CODE_HEADERS = frozenset({
    "kode", "code", "region code", "kode wilayah", "kode bps", "bps code", "kode kemendagri",
    "kode kab/kota", "kode kabupaten/kota", "kode kab", "kode kabupaten", "kode daerah",
    "kd", "kode_bps",
})
"""Headers of a code column (compared after folding case, ``_`` and ``-``)."""

_NAME_HEADERS = (
    "kabupaten/kota", "kab/kota", "kabupaten kota", "kab kota", "kabupaten", "kab", "kota",
    "wilayah", "region_name", "region", "daerah", "nama", "name", "nama wilayah",
    "nama kabupaten/kota", "kabkota",
)
_ID_HEADERS = frozenset({"no", "no.", "nomor", "id"})
_LONG_REQUIRED = ("variable", "value")
_SORT = ["region_code", "variable", "year", "source_line"]


@dataclass(frozen=True)
class CheckResult:
    """Outcome of the pure validation (:func:`check_table`).

    Attributes
    ----------
    table : DataFrame
        The resolved long table (:data:`OUTPUT_COLUMNS`); empty when there are errors.
    warnings, errors : list of str
        Messages naming the CSV line, the column and the name concerned.
    form : str
        ``'wide'`` or ``'long'``.
    province : str or None
        The province code used.
    years : tuple of int
        Years present in ``table``.
    error_kinds : tuple of str
        Kinds of the errors (keys of :data:`ERROR_ADVICE`), in order of first occurrence.
    rejected : int
        Value cells that did not become rows.
    """

    table: pd.DataFrame
    warnings: list[str]
    errors: list[str]
    form: str
    province: str | None
    years: tuple[int, ...] = ()
    error_kinds: tuple[str, ...] = ()
    rejected: int = 0


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_regions` did (the CLI prints it).

    Attributes
    ----------
    ok : bool
        True when the table was stored (no errors).
    warnings, errors : list of str
        Messages for the user (line and column of the file named).
    stored_path, manifest_path, original_path : Path or None
        Where the resolved table, the manifest and the copy of the user's file were written
        (None when nothing was stored).
    n_rows : int
        Rows stored.
    table : DataFrame
        The resolved long table (:data:`OUTPUT_COLUMNS`); empty when there were errors.
    error_kinds : tuple of str
        Kinds of the errors (keys of :data:`ERROR_ADVICE`).
    rejected : int
        Value cells that did not become rows.
    """

    ok: bool
    warnings: list[str]
    errors: list[str]
    stored_path: Path | None
    manifest_path: Path | None
    n_rows: int
    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OUTPUT_COLUMNS))
    original_path: Path | None = None
    error_kinds: tuple[str, ...] = ()
    rejected: int = 0

    @property
    def exit_status(self) -> int:
        """0 stored; 2 the file could not be read; 3 too many rejected cells (and nothing
        else wrong); 1 any other error."""
        if self.ok:
            return 0
        kinds = set(self.error_kinds)
        if "file" in kinds:
            return 2
        if kinds in ({"rejected"}, {"strict"}):
            return 3
        return 1

    def closing_message(self) -> str:
        """One line for the end of the command's output, matching the kinds of error."""
        if self.ok:
            return f"stored {self.stored_path} ({self.n_rows} rows); manifest {self.manifest_path}"
        advice = [ERROR_ADVICE.get(k, k) for k in self.error_kinds] or ["see the errors above"]
        return "nothing stored: " + "; ".join(advice) + ", then run again"


class _Issues:
    """Errors (with their kind) and warnings collected by the checks."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.kinds: list[str] = []
        self.warnings: list[str] = []
        self.rejected: list[str] = []

    def error(self, kind: str, message: str) -> None:
        assert kind in ERROR_ADVICE, kind
        self.errors.append(message)
        self.kinds.append(kind)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def reject(self, message: str) -> None:
        self.rejected.append(message)
        self.warnings.append(message)

    def error_kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.kinds))


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


def _is_code_header(normed: str) -> bool:
    return normed in CODE_HEADERS or normed.replace(" ", "_") in CODE_HEADERS or bool(
        re.fullmatch(r"(?:kode|code)\b.*", normed))


def find_code_column(header: Sequence[str]) -> int | None:
    """Index of the region-code column (:data:`CODE_HEADERS`, or a header starting with
    ``kode``/``code``), or None.

    Examples
    --------
    >>> find_code_column(["Kode BPS", "Kabupaten", "IPM"]), find_code_column(["No", "Wilayah"])
    (0, None)
    """
    for j, h in enumerate(header):
        if _is_code_header(_norm_header(h)):
            return j
    return None


def region_from_code(code: str) -> tuple[str | None, str]:
    """Kemendagri code of a printed region code, and how it was read (or why not).

    A four-digit code is a BPS code, translated through the crosswalk
    (:func:`analysis.regions.bps_to_kemendagri`); never read as Kemendagri digits. ``PP.KK`` is a
    Kemendagri code (it must be in the gazetteer); ``PP`` a province (total row).

    Returns
    -------
    (str or None, str)
        The Kemendagri code and ``'bps'``, ``'kemendagri'`` or ``'province'``; or None and the
        reason.

    Examples
    --------
    >>> region_from_code("5303"), region_from_code("53.01"), region_from_code("53")
    (('53.01', 'bps'), ('53.01', 'kemendagri'), ('53', 'province'))
    >>> region_from_code("5399")[0] is None
    True
    """
    t = str(code).strip()
    if re.fullmatch(r"\d{4}", t):
        try:
            return bps_to_kemendagri(t), "bps"
        except ValueError:
            return None, ("is not a BPS code of the crosswalk src/analysis/reference/bps_kemendagri.csv "
                          "(four-digit codes are read as BPS codes; write Kemendagri codes with a dot, "
                          "53.01)")
    if re.fullmatch(r"\d{2}\.\d{2}", t):
        if t in set(gazetteer()["region_code"]):
            return t, "kemendagri"
        return None, "is not in the gazetteer (Kemendagri codes such as 53.01)"
    if re.fullmatch(r"\d{2}", t):
        if _province_name(t):
            return t, "province"
        return None, "is not a province code"
    return None, "is neither a Kemendagri code (53.01) nor a BPS code (5303)"


def find_name_column(header: Sequence[str], records: Sequence[tuple[int, Sequence[str]]],
                     province: str | None = None) -> int | None:
    """Index of the kabupaten/kota name column of a wide table, or None.

    A header word (:data:`_NAME_HEADERS`, exact after folding case, ``_`` and ``-``) wins;
    otherwise the column with most cells resolving to a kabupaten/kota (more than half of its
    non-empty cells). Code columns (:data:`CODE_HEADERS`) are never the name column.

    Examples
    --------
    >>> find_name_column(["No", "Kode Kab/Kota", "Kabupaten/Kota", "IPM"], [])
    2
    """
    normed = [_norm_header(h) for h in header]
    codes = {j for j, h in enumerate(normed) if _is_code_header(h)}
    for word in _NAME_HEADERS:
        w = _norm_header(word)
        for j, h in enumerate(normed):
            if h == w and j not in codes:
                return j
    for j, h in enumerate(normed):
        if (re.search(r"\b(?:kabupaten|kab|kota|wilayah|region|daerah|nama)\b", h)
                and h not in _ID_HEADERS and j not in codes):
            return j
    best: tuple[int, int] | None = None
    for j in range(len(header)):
        if j in codes:
            continue
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
    issues: _Issues,
    codes: dict[int, str] | None = None,
) -> dict[int, Resolution]:
    """Resolve names (line, name) as one table; errors for unresolved/ambiguous, warnings for
    fuzzy matches and subtotals. An ambiguous name whose row carries the code of one of its
    candidates (``codes``: line → Kemendagri code) is decided by that code. Returns line →
    resolution for usable rows."""
    if not items:
        return {}
    res = resolve_table_names([n for _, n in items], pcode, context=context)
    out: dict[int, Resolution] = {}
    for (line, name), r in zip(items, res):
        code = (codes or {}).get(line)
        if r.method == "ambiguous" and code is not None and code in r.candidates:
            out[line] = replace(r, region_code=code, region_name=region_name(code), method="context",
                                note=f"{r.note}; decided by the code on the row ({code})")
        elif r.method == "unresolved":
            sugg = "; ".join(_suggestions(name, pcode))
            issues.error("names", f"line {line}: name {name!r} not resolved ({r.note}); closest: {sugg}")
        elif r.method == "ambiguous":
            cands = ", ".join(r.candidates) if r.candidates else "; ".join(_suggestions(name, pcode))
            issues.error("names", f"line {line}: name {name!r} is ambiguous ({r.note}); candidates: "
                                  f"{cands}; write 'Kabupaten …' or 'Kota …'")
        elif r.method == "total":
            if r.region_code and "." in r.region_code:
                issues.warn(f"line {line}: {name!r} is a subtotal ({r.note}); not imported")
            elif r.region_code is None:
                issues.warn(f"line {line}: {name!r} is a total row of an unknown province; not imported")
            else:
                out[line] = r
        else:
            if r.method == "fuzzy":
                issues.warn(f"line {line}: {name!r} read as {r.region_name} ({r.region_code}) by fuzzy "
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


def _parse_value(cell: str, style: str | None, unit: str, scale: float, scale_word: str,
                 column: str) -> tuple[float | None, str, str]:
    """(value in the base unit, value_note, '') or (None, '', why the cell is rejected)."""
    amount = unit in ("", "rupiah")
    p = parse_number(cell, style=style, expect="amount" if amount else "any")
    if p.ok and p.value is not None:
        suffix = re.search(r"scaled by '([^']+)'", p.note)
        if suffix and scale != 1.0:
            return None, "", (f"the value carries its own scale {suffix.group(1)!r} in a column "
                              f"printed in {scale_word} (header {column!r})")
        if scale != 1.0:
            value = round(float(p.value) * scale, 6)
            printed_in = f"thousands of {unit}" if scale_word == "000" else f"{scale_word} {unit}"
            note = (f"printed {cell.strip()!r} in {printed_in} (column {column!r}); "
                    f"stored x{scale:,.0f} as {unit}")
            return value, note, ""
        if suffix:
            word = suffix.group(1)
            note = (f"printed {cell.strip()!r} ({word!r} = x{SCALE_WORDS[word.lower()]:,.0f}); stored "
                    + (f"as {unit}" if unit else "scaled (the header states no unit)"))
            return float(p.value), note, ""
        return float(p.value), "", ""
    if p.status == "missing":
        return None, "", p.note or "no value"
    if p.status == "ambiguous":
        return None, "", f"{p.note} (write it unambiguously, e.g. without a thousands separator)"
    return None, "", p.note or "not a number"


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


def _identical_warnings(table: pd.DataFrame) -> list[str]:
    """One warning per pair of kabupaten/kota whose rows are identical: the same variables and
    years, at least two values, all equal (a row copied onto another?)."""
    kab = table[table["region_type"] != "province"]
    groups: dict[tuple, list[tuple[str, str, int]]] = {}
    for code, sel in kab.groupby("region_code", sort=True):
        if len(sel) < 2:
            continue
        key = tuple(sorted((str(v), int(y), float(x)) for v, y, x in zip(sel["variable"], sel["year"], sel["value"])))
        groups.setdefault(key, []).append((str(code), str(sel["region_name"].iloc[0]), int(sel["source_line"].min())))
    warns = []
    for key, regions in groups.items():
        if len(regions) < 2:
            continue
        (c0, n0, l0) = regions[0]
        for c1, n1, l1 in regions[1:]:
            warns.append(f"lines {l0} and {l1}: {n0} ({c0}) and {n1} ({c1}) have identical values in all "
                         f"{len(key)} cells; check that one row was not copied onto the other")
    return warns


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    if len(frame):
        frame["year"] = frame["year"].astype(int)
        frame["source_line"] = frame["source_line"].astype(int)
        frame["value"] = frame["value"].astype(float)
        frame = frame.sort_values(_SORT, kind="mergesort").reset_index(drop=True)
    return frame




def _unit_spec(header_text: str, unit: str) -> tuple[str, float, str]:
    """(unit, scale, scale word) of a column: from ``unit`` when given (``'miliar rupiah'``
    scales too), else from the header."""
    if unit:
        u, scale, word = unit_scale_from_header([f"({unit})"])
        return (u, scale, word) if u is not None else (unit, 1.0, "")
    u, scale, word = unit_scale_from_header([header_text])
    return u or "", scale, word


def _row(stem: str, source: str, year: int, code: str, rname: str, rtype: str, var: str,
         value: float, unit: str, line: int, note: str) -> dict:
    return {
        "doc_id": f"ext:{stem}", "province": "", "year": int(year), "region_code": code,
        "region_name": rname, "region_type": rtype, "variable": var, "value": value,
        "unit": unit, "source_table": source, "source_line": int(line), "value_note": note,
    }


def _code_fields(code: str) -> tuple[str, str, str]:
    if "." not in code:
        return code, _province_name(code), "province"
    return code, region_name(code), _kind(code)


def _check_wide(header, records, stem, year, source, pcode_given, variable, unit, issues: _Issues):
    normed = [_norm_header(h) for h in header]
    code_cols = [j for j, h in enumerate(normed) if _is_code_header(h)]
    j_code = code_cols[0] if code_cols else None
    for j in code_cols[1:]:
        issues.warn(f"column {header[j]!r} ignored (a second code column; {header[j_code]!r} is used)")
    j_name = find_name_column(header, records, pcode_given)
    if j_name is None and j_code is None:
        issues.error("columns", "no kabupaten/kota name or code column found: name it 'kabupaten/kota', "
                                "'wilayah' or 'region_name' (names), or 'kode' / 'kode bps' (codes)")
        return [], None
    value_cols = [j for j, h in enumerate(header)
                  if j != j_name and j not in code_cols and normed[j] not in _ID_HEADERS and h.strip()]
    if not value_cols:
        issues.error("columns", "no value columns besides the name and code columns")
        return [], None
    year_cols = [j for j in value_cols if re.fullmatch(r"(?:19|20)\d{2}", header[j].strip())]
    specs: list[tuple[int, str, int, str, float, str]] = []  # (col, variable, year, unit, scale, word)
    if year_cols and len(year_cols) == len(value_cols):
        if not variable:
            issues.error("columns", "the value columns are years (" + ", ".join(header[j] for j in year_cols)
                         + "): give the variable name (--variable)")
            return [], None
        u, scale, word = _unit_spec("", unit)
        for j in value_cols:
            specs.append((j, _snake(variable), int(header[j].strip()), u, scale, word))
    else:
        if variable and len(value_cols) > 1:
            issues.error("columns", f"--variable names one value column, but the file has {len(value_cols)}: "
                         + ", ".join(repr(header[j]) for j in value_cols))
            return [], None
        if year is None:
            issues.error("year", "no year: pass --year (wide form) or use year columns")
            return [], None
        for j in value_cols:
            name = _snake(variable) if variable else _snake(header[j])
            u, scale, word = _unit_spec(header[j], unit)
            specs.append((j, name, int(year), u, scale, word))
    first_col: dict[tuple[str, int], int] = {}
    for j, var, yr, *_ in specs:
        key = (var, yr)
        if key in first_col:
            issues.error("columns", f"columns {header[first_col[key]]!r} and {header[j]!r} both become "
                                    f"variable {var!r} ({yr}); rename one of them (e.g. '{var}_rp', "
                                    f"'{var}_pct'): nothing is overwritten")
        else:
            first_col[key] = j
    if issues.errors:
        return [], None

    names = [(line, cells[j_name].strip()) for line, cells in records
             if j_name is not None and cells[j_name].strip()]
    codes: dict[int, tuple[str | None, str]] = {}
    if j_code is not None:
        for line, cells in records:
            if cells[j_code].strip():
                codes[line] = region_from_code(cells[j_code])
    if names:
        pcode, pw = _infer_province([n for _, n in names], pcode_given)
        for w in pw:
            issues.warn(w)
    elif pcode_given is not None:
        pcode = province_code(pcode_given)
    else:
        provs = sorted({c.split(".")[0] for c, _ in codes.values() if c})
        pcode = provs[0] if len(provs) == 1 else None
    # the column header is not used as context: a 'Kabupaten' header over a list that also holds
    # kota is common in user files, so a bare shared name stays ambiguous unless the other rows
    # decide it
    resolved = _resolve_names(names, pcode, None, issues, {ln: c for ln, (c, _) in codes.items() if c})
    styles = _styles({str(j): [c[j] for _, c in records] for j, *_ in specs})
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, cells in records:
        name = cells[j_name].strip() if j_name is not None else ""
        code_text = cells[j_code].strip() if j_code is not None else ""
        if not name and not code_text:
            if any(cells[j].strip() for j, *_ in specs):
                what = "name" if j_code is None else "name and code"
                issues.error("names", f"line {line}: empty {what} but values in the row")
            continue
        r = resolved.get(line) if name else None
        if name and r is None:
            continue  # unresolved, ambiguous or a subtotal: reported by _resolve_names
        if code_text:
            code, how = codes[line]
            if code is None:
                issues.error("codes", f"line {line}, column {header[j_code]!r}: code {code_text!r} {how}")
                continue
            if r is not None and r.region_code != code:
                issues.error("codes", f"line {line}: code {code_text!r} ({how} code of {_code_fields(code)[1]}, "
                                      f"{code}) contradicts the name {name!r} ({r.region_name}, {r.region_code})")
                continue
            fields = _code_fields(code)
        else:
            fields = _region_fields(r)  # type: ignore[arg-type]
        code, rname, rtype = fields
        for j, var, yr, u, scale, word in specs:
            key = (code, var, int(yr))
            if key in seen:
                if j == specs[0][0]:
                    label = name or code_text
                    issues.error("duplicates", f"line {line}: {label!r} is {rname} ({code}), already given on "
                                               f"line {seen[key]} (duplicate region)")
                continue
            seen[key] = line
            cell = cells[j]
            value, note, why = _parse_value(cell, styles[str(j)], u, scale, word, header[j])
            if value is None:
                issues.reject(f"line {line}, column {header[j]!r}: {cell!r} is not a number ({why}); "
                              "no row stored")
                continue
            rows.append(_row(stem, source, yr, code, rname, rtype, var, value, u, line, note))
    return rows, pcode


def _check_long(header, records, stem, year, source, pcode_given, unit, issues: _Issues):
    idx = {h.strip().lower(): j for j, h in enumerate(header)}
    j_name = idx.get("region_name")
    j_code = idx.get("region_code")
    j_var, j_val = idx["variable"], idx["value"]
    j_year, j_unit, j_note = idx.get("year"), idx.get("unit"), idx.get("value_note")
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
            issues.error("names", f"line {line}: neither region_name nor region_code given")
    codes = {line: region_from_code(c) for line, c in codes_given.items()}
    # province: given, else the one province of the codes, else the names' province
    pcode: str | None = None
    if pcode_given is not None:
        pcode = province_code(pcode_given)
    else:
        provs = sorted({c.split(".")[0] for c, _ in codes.values() if c})
        if len(provs) == 1:
            pcode = provs[0]
        elif len(provs) > 1:
            issues.warn(f"codes of several provinces ({', '.join(provs)}); missing kabupaten/kota "
                        "are not checked")
        elif names:
            pcode, pw = _infer_province([n for _, n in names], None)
            for w in pw:
                issues.warn(w)
    # resolve unique names with the table as context
    first_line: dict[str, int] = {}
    for line, name in names:
        first_line.setdefault(name, line)
    uniq = sorted(first_line.items(), key=lambda kv: kv[1])
    first_codes = {ln: codes[ln][0] for _, ln in uniq if ln in codes and codes[ln][0]}
    resolved_u = _resolve_names([(ln, n) for n, ln in uniq], pcode, None, issues, first_codes)  # type: ignore[arg-type]
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
            code, how = codes[line]
            if code is None:
                sugg = f"; closest to the name: {'; '.join(_suggestions(name, pcode))}" if name else ""
                issues.error("codes", f"line {line}: region_code {code_given!r} {how}{sugg}")
                continue
            code, rname, rtype = _code_fields(code)
            if r is not None and r.region_code != code:
                issues.error("codes", f"line {line}: region_code {code_given!r} ({rname}) contradicts the name "
                                      f"{name!r} ({r.region_name}, {r.region_code})")
                continue
        elif r is not None:
            code, rname, rtype = _region_fields(r)
        else:
            continue
        var = _snake(cells[j_var]) if cells[j_var].strip() else ""
        if not var:
            issues.error("columns", f"line {line}: empty variable")
            continue
        if j_year is not None and cells[j_year].strip():
            try:
                yr = int(float(cells[j_year].strip()))
            except ValueError:
                issues.error("year", f"line {line}: year {cells[j_year]!r} is not a year")
                continue
        elif year is not None:
            yr = int(year)
        else:
            issues.error("year", f"line {line}: no year (add a 'year' column or pass --year)")
            continue
        key = (code, var, yr)
        if key in seen:
            issues.error("duplicates", f"line {line}: {name or code_given!r} is {rname} ({code}), already "
                                       f"given for {var!r} {yr} on line {seen[key]} (duplicate region)")
            continue
        seen[key] = line
        u, scale, word = _unit_spec("", unit or (cells[j_unit].strip() if j_unit is not None else ""))
        value, note, why = _parse_value(cells[j_val], value_style, u, scale, word, "value")
        if value is None:
            issues.reject(f"line {line}, column 'value': {cells[j_val]!r} is not a number ({why}); "
                          "no row stored")
            continue
        if not note and j_note is not None:
            note = cells[j_note].strip()
        rows.append(_row(stem, source, yr, code, rname, rtype, var, value, u, line, note))
    return rows, pcode


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
    strict: bool = False,
    max_rejected: int = MAX_REJECTED_CELLS,
) -> CheckResult:
    """Resolve and validate a parsed CSV (pure: no files).

    Parameters
    ----------
    header, records
        As returned by :func:`parse_csv_text`.
    stem : str
        Name of the import; ``doc_id`` becomes ``'ext:<stem>'``.
    year : int, optional
        Year of the values (wide form; long form without a ``year`` column).
    source : str
        Citation of the data source, stored in ``source_table``.
    province : str, optional
        Province code or name; inferred from the names (or codes) when not given.
    variable : str, optional
        Variable name for a wide file with one value column (or with year columns).
    unit : str
        Unit of the values (overrides units in headers or a ``unit`` column); a scaled unit
        (``'miliar rupiah'``) scales the values.
    strict : bool
        Any rejected value cell is an error.
    max_rejected : int
        More rejected value cells than this is an error (:data:`MAX_REJECTED_CELLS`).

    Returns
    -------
    CheckResult
        ``table`` empty whenever ``errors`` is not.

    Raises
    ------
    ValueError
        If ``province`` is not a known province.

    Examples
    --------
    >>> res = check_table(["Kode BPS", "Realisasi (miliar rupiah)"],
    ...                   [(2, ["5303", "2.454,75"]), (3, ["5371", "1.020,5"])], stem="djpk", year=2023)
    >>> res.errors, list(res.table["region_code"]), list(res.table["value"])
    ([], ['53.01', '53.71'], [2454750000000.0, 1020500000000.0])
    """
    form = detect_form(header)
    rec = [(ln, list(c)) for ln, c in records]
    issues = _Issues()
    if form == "long":
        rows, pcode = _check_long(header, rec, stem, year, source, province, unit, issues)
    else:
        rows, pcode = _check_wide(header, rec, stem, year, source, province, variable, unit, issues)
    limit = 0 if strict else int(max_rejected)
    n_rej = len(issues.rejected)
    if n_rej > limit:
        if strict:
            issues.error("strict", f"{n_rej} value cell(s) rejected (listed above) and --strict allows none")
        else:
            issues.error("rejected", f"{n_rej} value cells rejected (listed above), more than the limit of "
                                     f"{limit} (MAX_REJECTED_CELLS; raise it with --max-rejected)")
    if not rows and not issues.errors:
        issues.error("empty", "no values to import")
    table = _frame(rows)
    if len(table):
        table["province"] = [_province_name(c.split(".")[0]) for c in table["region_code"]]
    warnings = list(issues.warnings)
    if len(table):
        warnings += _identical_warnings(table)
    if pcode is not None and len(table):
        warnings += _missing_warnings(table[table["region_type"] != "province"], pcode)
    if issues.errors:
        table = _frame([])
    years = tuple(sorted({int(y) for y in table["year"]})) if len(table) else ()
    return CheckResult(table, warnings, list(issues.errors), form, pcode, years,
                       issues.error_kinds(), n_rej)


def manifest_rows(existing: Sequence[dict[str, str]], new: dict[str, str]) -> list[dict[str, str]]:
    """Manifest rows with ``new`` added or replacing the row of the same ``name``; sorted by
    name (pure).

    Examples
    --------
    >>> rows = manifest_rows([{"name": "b"}, {"name": "a"}], {"name": "b", "imported_rows": "5"})
    >>> [(r["name"], r["imported_rows"]) for r in rows]
    [('a', ''), ('b', '5')]
    """
    rows = [{k: str(r.get(k, "") or "") for k in MANIFEST_COLUMNS} for r in existing
            if r.get("name") != new["name"]]
    rows.append({k: str(new.get(k, "")) for k in MANIFEST_COLUMNS})
    return sorted(rows, key=lambda r: r["name"])


# ---------------------------------------------------------------------------------------------
# I/O
# ---------------------------------------------------------------------------------------------


def _read_manifest(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("name", "resolved_file") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: line 1: missing column(s) {', '.join(missing)}; expected "
                             f"{', '.join(MANIFEST_COLUMNS)}")
        return [{k: (r.get(k) or "") for k in MANIFEST_COLUMNS} for r in reader]


def _write_manifest(path: Path, rows: Sequence[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def _failed(errors: list[str], kinds: Sequence[str], warnings: list[str] | None = None,
            rejected: int = 0) -> ImportResult:
    return ImportResult(False, list(warnings or []), errors, None, None, 0,
                        pd.DataFrame(columns=OUTPUT_COLUMNS), None, tuple(dict.fromkeys(kinds)), rejected)


def import_regions(
    file: str | Path,
    external_dir: str | Path = "data/external",
    year: int | None = None,
    source: str = "",
    province: str | None = None,
    variable: str | None = None,
    unit: str = "",
    strict: bool = False,
    max_rejected: int = MAX_REJECTED_CELLS,
) -> ImportResult:
    """Read, resolve, validate and store a kabupaten/kota CSV (see the module docstring).

    Parameters
    ----------
    file : path-like
        The CSV (wide or long form).
    external_dir : path-like
        Folder of imported data (default ``data/external``): the copy of ``file`` goes to
        ``original/``, the resolved table to ``<stem>.csv``, the row to ``manifest.csv``.
    year, source, province, variable, unit, strict, max_rejected
        See :func:`check_table`.

    Returns
    -------
    ImportResult
        ``ok`` False (and nothing written) when there are errors.
    """
    path = Path(file)
    if not path.is_file():
        return _failed([f"{path}: no such file"], ["file"])
    stem = path.stem
    if stem == "manifest" or stem.startswith("."):
        return _failed([f"{path}: the name {stem!r} is reserved in the external folder; rename the file"],
                       ["file"])
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        return _failed([f"{path}: not UTF-8 (byte offset {exc.start}, line {line}); save the CSV as UTF-8"],
                       ["file"])
    try:
        header, records = parse_csv_text(text)
    except (ValueError, csv.Error) as exc:
        return _failed([f"{path}: {exc}"], ["file"])
    try:
        check = check_table(header, records, stem=stem, year=year, source=source, province=province,
                            variable=variable, unit=unit, strict=strict, max_rejected=max_rejected)
    except ValueError as exc:
        return _failed([str(exc)], ["file"])
    if check.errors:
        return _failed(check.errors, check.error_kinds, check.warnings, check.rejected)
    ext = Path(external_dir)
    manifest = ext / "manifest.csv"
    try:
        existing = _read_manifest(manifest)
    except ValueError as exc:
        return _failed([str(exc)], ["file"], check.warnings, check.rejected)
    original = ext / ORIGINAL_DIR / path.name
    original.parent.mkdir(parents=True, exist_ok=True)
    if path.resolve() != original.resolve():
        shutil.copyfile(path, original)
    for old in existing:  # a former import of the same name from a file of another name
        if old["name"] == stem and old["original_file"] and old["original_file"] != f"{ORIGINAL_DIR}/{path.name}":
            stale = ext / old["original_file"]
            if stale.is_file() and stale.parent == original.parent:
                stale.unlink()
    stored = write_csv(check.table, ext / f"{stem}.csv", OUTPUT_COLUMNS, _SORT)
    new = {
        "name": stem,
        "resolved_file": stored.name,
        "resolved_sha256": sha256_file(stored),
        "original_file": f"{ORIGINAL_DIR}/{path.name}",
        "original_sha256": sha256_file(original),
        "source": source,
        "year": ";".join(str(y) for y in check.years),
        "imported_rows": str(len(check.table)),
        "rejected_cells": str(check.rejected),
    }
    _write_manifest(manifest, manifest_rows(existing, new))
    return ImportResult(True, check.warnings, [], stored, manifest, len(check.table), check.table,
                        original, (), check.rejected)
