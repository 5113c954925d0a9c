"""Loaders: the processed tables for studies and notebooks, typed and validated.

Each loader reads ``<processed_dir>/<table>.csv`` with the declared types of
:mod:`analysis.contract` (codes and ids stay text: ``"001"``, ``"53.10"``), validates it against
the contract (types, allowed values, unique keys, row checks) and applies a stated default
selection. The rule applied and what it excluded are in ``frame.attrs["selection"]``, one line
of plain language that a notebook prints beside its results, e.g.::

    budget.csv: 1133 rows; kept 838: table rows only (31 narrative rows excluded); duplicates
    dropped (0 rows excluded); budget_basis revised or original (264 planned rows excluded)

Defaults: table rows only (no rows parsed from prose), duplicates dropped (rows whose
``duplicate_of`` names another row), and for budgets the bases ``revised`` and ``original``
(``budget`` is the revised allocation, or the original one where no revision is printed;
``planned`` Road-Map amounts are excluded). Every default has an option that turns it off.

A missing file raises :class:`FileNotFoundError` naming the file and the command that
writes it (``python -m analysis extract``).

Examples
--------
>>> folder = example_dir()  # a tiny processed folder (real rows of the bundled documents)
>>> budget = load_budget(folder)
>>> print(budget.attrs["selection"])
budget.csv: 5 rows; kept 2: table rows only (1 narrative row excluded); duplicates dropped (0 rows excluded); budget_basis revised or original (2 planned rows excluded)
>>> budget[["row_id", "budget", "realization", "absorption_pct"]].values.tolist()
[['001-L911', 258002344404.0, 221841821002.45, 85.9844], ['001-L1036', 2062624237011.0, 1960291207174.9, 95.0387]]
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import contract

__all__ = [
    "load_budget",
    "load_indicators",
    "load_regions",
    "load_activity_locations",
    "load_anomalies",
    "load_extraction_report",
    "load_skipped",
    "read_table",
    "write_example",
    "example_dir",
    "EXTERNAL_FILE_COLUMNS",
    "EXTERNAL_SHA_COLUMN",
]

#: Columns of ``data/external/manifest.csv`` that may name a resolved (long-form) table,
#: relative to the external folder; the first one present is used.
EXTERNAL_FILE_COLUMNS = ("resolved_file", "file")
#: Column of the manifest with the SHA-256 of the resolved table (checked when present).
EXTERNAL_SHA_COLUMN = "resolved_sha256"

_RUN = "run `python -m analysis extract` (it writes the tables into data/processed, or --out DIR)"
_PRODUCER = {"anomalies": "run `python -m analysis extract`, then the anomaly checks (they write "
                          "anomalies.csv beside the extracted tables)"}


def read_table(table: str, processed_dir: str | Path = "data/processed", *,
               validate: bool = True, path: str | Path | None = None,
               allow_extra: bool = False) -> pd.DataFrame:
    """Read one declared table with its declared types, without any selection.

    Parameters
    ----------
    table : str
        Declared table name (``budget``, ``indicators``, ``regions`` ...).
    processed_dir : path-like
        Folder with ``<table>.csv``.
    validate : bool
        Check the table against the contract (:func:`analysis.contract.validate`).
    path : path-like, optional
        Read this file instead of ``<processed_dir>/<table>.csv``.
    allow_extra : bool
        Keep undeclared columns (after the declared ones) instead of raising.

    Raises
    ------
    FileNotFoundError
        The file does not exist (the message says how to create it).
    analysis.contract.ContractError
        A value of the wrong type, an unknown code, a duplicate key ... naming the column and
        the row (``row_id`` or ``source_line``, and the file line).

    Examples
    --------
    >>> folder = example_dir()
    >>> read_table("regions", folder)["region_code"].tolist()  # codes stay text
    ['53.10', '53.71']
    """
    p = Path(path) if path is not None else Path(processed_dir) / f"{table}.csv"
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file; {_PRODUCER.get(table, _RUN)}")
    frame = pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if path is None:
        lacking = [c for c in contract.columns(table) if c not in frame.columns]
        if lacking:
            raise contract.ContractError(
                f"{p}: no column(s) {', '.join(lacking)} of the declared contract: the file was "
                f"written by an older version of the package; {_RUN}")
    frame = contract.conform(frame, table, allow_extra=allow_extra, source=str(p))
    if validate:
        contract.validate(frame, table, allow_extra=allow_extra, source=str(p))
    frame.attrs["source"] = str(p)
    return frame


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class _Selection:
    """Applies filters to a frame and writes the one-line statement of what they did."""

    def __init__(self, frame: pd.DataFrame, name: str):
        self.frame = frame
        self.name = name
        self.total = len(frame)
        self.parts: list[str] = []

    def keep(self, mask: pd.Series, rule: str, excluded: str) -> None:
        mask = mask.fillna(False).astype(bool)
        n_out = int((~mask).sum())
        self.frame = self.frame[mask]
        self.parts.append(f"{rule} ({_plural(n_out, excluded)} excluded)")

    def note(self, text: str) -> None:
        self.parts.append(text)

    def result(self) -> pd.DataFrame:
        out = self.frame.reset_index(drop=True)
        statement = f"{self.name}.csv: {_plural(self.total, 'row')}; kept {len(out)}"
        if self.parts:
            statement += ": " + "; ".join(self.parts)
        out.attrs["selection"] = statement
        out.attrs["source"] = self.frame.attrs.get("source", "")
        return out


def _extracted_docs(processed_dir: str | Path) -> set[str] | None:
    """doc_ids the extraction processed (``extraction_report.csv``); None without the report."""
    path = Path(processed_dir) / "extraction_report.csv"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8", newline="") as fh:
        return {rec.get("doc_id", "") for rec in csv.DictReader(fh)}


def _doc_filter(sel: _Selection, doc_ids: Iterable[str] | None, processed_dir: str | Path) -> None:
    """Keep the rows of ``doc_ids``. An id the extraction never processed is an error (a typo,
    or ``1`` for ``"001"``); a processed document without rows in this table is not (the
    selection says so)."""
    if doc_ids is None:
        return
    if isinstance(doc_ids, (str, int)):
        doc_ids = [doc_ids]
    wanted = [str(d) for d in doc_ids]
    if not wanted:  # an empty list means every document (the notebooks' default)
        return
    present = set(sel.frame["doc_id"].dropna())
    known = _extracted_docs(processed_dir)
    known = present if known is None else known | present
    unknown = [d for d in wanted if d not in known]
    if unknown:
        raise ValueError(f"doc_id {', '.join(map(repr, unknown))} not extracted into {processed_dir}; "
                         f"documents there: {', '.join(sorted(known)) or '(none)'} "
                         "(doc_ids are text, e.g. '001')")
    rule = f"doc_id {' or '.join(wanted)}"
    empty = [d for d in wanted if d not in present]
    if empty:
        rule += f" (no rows for {', '.join(empty)})"
    sel.keep(sel.frame["doc_id"].isin(wanted), rule, "other-document row")


def _dup_filter(sel: _Selection, include_duplicates: bool) -> None:
    if include_duplicates:
        n = int(sel.frame["duplicate_of"].notna().sum())
        sel.note(f"duplicates kept ({_plural(n, 'row')} with duplicate_of)")
    else:
        sel.keep(sel.frame["duplicate_of"].isna(), "duplicates dropped", "row")


def load_budget(processed_dir: str | Path = "data/processed", *,
                doc_ids: Sequence[str] | None = None,
                include_narrative: bool = False,
                include_duplicates: bool = False,
                basis: str | Sequence[str] = ("revised", "original"),
                validate: bool = True) -> pd.DataFrame:
    """Budget lines (``budget.csv``): budget (pagu) and realisation (realisasi) in rupiah.

    Default selection: table rows only (``origin == "table"``, and ``"list"``: figures printed
    as list items, ``a. Anggaran : Rp ...``, which some documents use instead of tables; rows
    parsed from sentences mostly restate a table row), duplicates dropped (``duplicate_of`` empty), and
    ``budget_basis`` in ``basis`` (``revised``: APBD perubahan; ``original``: APBD murni;
    ``planned``: Road-Map plans, excluded by default). ``absorption_pct`` is
    ``100 * realization / budget`` with ``budget`` of the row's basis (DESIGN *Formulas*:
    name every ratio by its denominator).

    Parameters
    ----------
    processed_dir : path-like
        Folder written by ``python -m analysis extract``.
    doc_ids : sequence of str, optional
        Keep these documents (``"001"``); None or empty: all.
    include_narrative : bool
        Also keep rows parsed from prose (``origin == "narrative"``).
    include_duplicates : bool
        Also keep rows that repeat another row (``duplicate_of`` set).
    basis : str or sequence of str
        Budget bases to keep, among ``revised``, ``original``, ``planned``.
    validate : bool
        Validate against the contract on reading (default True).

    Returns
    -------
    DataFrame
        Declared columns and dtypes; ``attrs["selection"]`` states the rule and the counts
        excluded.

    Examples
    --------
    >>> folder = example_dir()
    >>> b = load_budget(folder, doc_ids=["001"], include_narrative=True)
    >>> b[["row_id", "origin", "budget"]].values.tolist()
    [['001-L911', 'table', 258002344404.0], ['001-L1036', 'table', 2062624237011.0]]
    >>> print(b.attrs["selection"])
    budget.csv: 5 rows; kept 2: doc_id 001 (2 other-document rows excluded); narrative rows kept (1 row); duplicates dropped (1 row excluded); budget_basis revised or original (0 planned rows excluded)
    >>> load_budget(folder, include_narrative=True, include_duplicates=True, basis="planned")["row_id"].tolist()
    ['003-L1168', '003-L1168-2']
    """
    bases = (basis,) if isinstance(basis, str) else tuple(basis)
    bad = [b for b in bases if b not in contract.BUDGET_BASES]
    if bad or not bases:
        raise ValueError(f"basis must be among {', '.join(contract.BUDGET_BASES)}; got {bases!r}")
    sel = _Selection(read_table("budget", processed_dir, validate=validate), "budget")
    _doc_filter(sel, doc_ids, processed_dir)
    if include_narrative:
        sel.note(f"narrative rows kept ({_plural(int(sel.frame['origin'].eq('narrative').sum()), 'row')})")
    else:
        n_list = int(sel.frame["origin"].eq("list").sum())
        rule = "table rows only" if not n_list else f"table and list-item rows only, {n_list} from lists"
        sel.keep(sel.frame["origin"].ne("narrative"), rule, "narrative row")
    _dup_filter(sel, include_duplicates)
    others = sorted(set(contract.BUDGET_BASES) - set(bases), key=contract.BUDGET_BASES.index)
    sel.keep(sel.frame["budget_basis"].isin(bases), f"budget_basis {' or '.join(bases)}",
             f"{'/'.join(others)} row" if others else "row")
    return sel.result()


def load_indicators(processed_dir: str | Path = "data/processed", *,
                    doc_ids: Sequence[str] | None = None,
                    include_duplicates: bool = False,
                    validate: bool = True) -> pd.DataFrame:
    """Performance indicators (``indicators.csv``): target and realisation per indicator and
    year, with the recomputed achievement (capaian kinerja: positive polarity
    ``100 * actual / target``; negative polarity by the convention in
    ``negative_convention``; see :func:`analysis.achievement.achievement_pct`).

    Default selection: duplicates dropped (the same indicator printed in two tables keeps the
    first). All years are kept: ``year_role`` says which is the reporting year.

    Parameters
    ----------
    processed_dir : path-like
    doc_ids : sequence of str, optional
        Keep these documents; None or empty: all.
    include_duplicates : bool
        Also keep rows that repeat another row.
    validate : bool

    Examples
    --------
    >>> folder = example_dir()
    >>> ind = load_indicators(folder)
    >>> ind[["row_id", "polarity", "achievement_pct", "achievement_method"]].values.tolist()
    [['001-L1507', 'negative', 0.0, 'zero_target'], ['004-L64', 'positive', 100.0, 'ratio']]
    >>> print(ind.attrs["selection"])
    indicators.csv: 2 rows; kept 2: duplicates dropped (0 rows excluded)
    """
    sel = _Selection(read_table("indicators", processed_dir, validate=validate), "indicators")
    _doc_filter(sel, doc_ids, processed_dir)
    _dup_filter(sel, include_duplicates)
    return sel.result()


def _read_external(external_dir: Path, validate: bool) -> tuple[list[pd.DataFrame], str]:
    manifest = external_dir / "manifest.csv"
    if not manifest.is_file():
        return [], f"no imported tables ({manifest} not found)"
    with open(manifest, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        col = next((c for c in EXTERNAL_FILE_COLUMNS if c in header), None)
        if col is None:
            raise ValueError(f"{manifest}: line 1: no column naming the resolved table "
                             f"(expected one of {', '.join(EXTERNAL_FILE_COLUMNS)}; found "
                             f"{', '.join(header)})")
        records = list(enumerate(reader, start=2))
    entries = [(line, (rec.get(col) or "").strip()) for line, rec in records]
    # the importer records the resolved table's checksum (resolved_sha256): verify it
    rows_sha = {line: rec.get(EXTERNAL_SHA_COLUMN) for line, rec in records}
    frames = []
    for line, name in entries:
        if not name:
            raise ValueError(f"{manifest}: line {line}: empty {col}")
        path = external_dir / name
        if not path.is_file():
            raise FileNotFoundError(f"{manifest}: line {line}: listed table {path} does not exist; "
                                    "import it again with `python -m analysis import-regions`")
        expected = (rows_sha.get(line) or "").strip().lower()
        if expected:
            from .io import sha256_file

            actual = sha256_file(path)
            if actual != expected:
                raise ValueError(f"{manifest}: line {line}: {path.name} has SHA-256 {actual}, the "
                                 f"manifest says {expected}: the table changed after it was imported; "
                                 "import the original file again with `python -m analysis import-regions`")
        frame = read_table("regions", path=path, validate=False, allow_extra=True)
        stem = Path(name).stem
        if frame["doc_id"].isna().any():
            frame["doc_id"] = frame["doc_id"].fillna(f"ext:{stem}")
        if validate:
            contract.validate(frame, "regions", allow_extra=True, source=str(path))
        frames.append(frame)
    return frames, ""


def load_regions(processed_dir: str | Path = "data/processed", *,
                 doc_ids: Sequence[str] | None = None,
                 include_imported: bool = False,
                 external_dir: str | Path = "data/external",
                 validate: bool = True) -> pd.DataFrame:
    """Kabupaten/kota values (``regions.csv``, long format), optionally with imported tables.

    Default selection: the values extracted from the documents. With ``include_imported``,
    every table listed in ``<external_dir>/manifest.csv`` (written by ``python -m analysis
    import-regions``) is added; its rows have ``doc_id`` ``ext:<name>`` and are kept whatever
    ``doc_ids`` says (``doc_ids`` selects documents). Without a manifest, only the extracted
    rows are returned and the selection says so. Province totals (``region_type ==
    "province"``) are kept: filter them out before computing disparities.

    Parameters
    ----------
    processed_dir : path-like
    doc_ids : sequence of str, optional
        Keep these documents' rows; None or empty: all.
    include_imported : bool
        Add the imported tables of ``external_dir``.
    external_dir : path-like
        Folder with ``manifest.csv`` and the resolved tables it lists.
    validate : bool

    Examples
    --------
    >>> folder = example_dir()
    >>> r = load_regions(folder, include_imported=True, external_dir=folder + "/external")
    >>> r[["doc_id", "region_code", "variable", "value"]].values.tolist()
    [['001', '53.10', 'kelurahan', 26.0], ['001', '53.71', 'population_total', 443349.0], ['ext:ipm', '53.71', 'ipm', 79.9]]
    >>> print(r.attrs["selection"])  # doctest: +ELLIPSIS
    regions.csv: 2 rows; kept 2; plus 1 imported row from 1 table listed in .../external/manifest.csv
    """
    sel = _Selection(read_table("regions", processed_dir, validate=validate), "regions")
    _doc_filter(sel, doc_ids, processed_dir)
    out = sel.result()
    if include_imported:
        frames, why = _read_external(Path(external_dir), validate)
        if frames:
            attrs = dict(out.attrs)
            out = pd.concat([out, *frames], ignore_index=True)
            out.attrs = attrs
            n = sum(len(f) for f in frames)
            out.attrs["selection"] += (f"; plus {_plural(n, 'imported row')} from "
                                       f"{_plural(len(frames), 'table')} listed in "
                                       f"{Path(external_dir) / 'manifest.csv'}")
        else:
            out.attrs["selection"] += f"; {why or 'no imported tables (the manifest lists none)'}"
    return out


def load_activity_locations(processed_dir: str | Path = "data/processed", *,
                            doc_ids: Sequence[str] | None = None,
                            validate: bool = True) -> pd.DataFrame:
    """Kabupaten/kota named in programme output texts (``activity_locations.csv``), all rows.

    Examples
    --------
    >>> folder = example_dir()
    >>> load_activity_locations(folder)[["region_code", "mention"]].values.tolist()
    [['53.02', 'TTS'], ['53.71', 'Kota Kupang']]
    """
    sel = _Selection(read_table("activity_locations", processed_dir, validate=validate),
                     "activity_locations")
    _doc_filter(sel, doc_ids, processed_dir)
    return sel.result()


def load_anomalies(processed_dir: str | Path = "data/processed", *,
                   doc_ids: Sequence[str] | None = None,
                   severity: str | Sequence[str] | None = None,
                   validate: bool = True) -> pd.DataFrame:
    """Anomaly findings (``anomalies.csv``), all rows unless ``severity`` selects some.

    Parameters
    ----------
    severity : str or sequence of str, optional
        Keep these severities (``error``, ``warning``, ``info``); None: all.

    Examples
    --------
    >>> folder = example_dir()
    >>> a = load_anomalies(folder, severity="error")
    >>> a[["rule", "row_ids", "difference"]].values.tolist()
    [['narrative_differs_from_table', '001-L891;001-L911', -200000000000.0]]
    >>> print(a.attrs["selection"])
    anomalies.csv: 1 row; kept 1: severity error (0 rows excluded)
    """
    sel = _Selection(read_table("anomalies", processed_dir, validate=validate), "anomalies")
    _doc_filter(sel, doc_ids, processed_dir)
    if severity is not None:
        sev = (severity,) if isinstance(severity, str) else tuple(severity)
        bad = [s for s in sev if s not in contract.SEVERITIES]
        if bad:
            raise ValueError(f"severity must be among {', '.join(contract.SEVERITIES)}; got {bad!r}")
        sel.keep(sel.frame["severity"].isin(sev), f"severity {' or '.join(sev)}", "row")
    return sel.result()


def load_extraction_report(processed_dir: str | Path = "data/processed", *,
                           per_entity: bool = False, validate: bool = True) -> pd.DataFrame:
    """The extraction report: one row per document (``extraction_report.csv``), or with
    ``per_entity`` the indicator counts per document and agency
    (``extraction_report_indicators.csv``).

    Examples
    --------
    >>> folder = example_dir()
    >>> load_extraction_report(folder)[["doc_id", "budget_rows", "regions_rows"]].values.tolist()
    [['001', 3, 2], ['003', 2, 0], ['004', 0, 0]]
    """
    name = "extraction_report_indicators" if per_entity else "extraction_report"
    return _Selection(read_table(name, processed_dir, validate=validate), name).result()


def load_skipped(processed_dir: str | Path = "data/processed", *,
                 doc_ids: Sequence[str] | None = None,
                 validate: bool = True) -> pd.DataFrame:
    """Rows that carried an amount or a percentage but became no output row, with the reason
    (``extraction_skipped.csv``).

    Examples
    --------
    >>> folder = example_dir()
    >>> load_skipped(folder)[["source_line", "reason"]].values.tolist()
    [[962, 'change/percentage row derived from the murni and perubahan rows']]
    """
    sel = _Selection(read_table("extraction_skipped", processed_dir, validate=validate),
                     "extraction_skipped")
    _doc_filter(sel, doc_ids, processed_dir)
    return sel.result()


# ---------------------------------------------------------------------------------------------
# A tiny processed folder (for examples and tests)
# ---------------------------------------------------------------------------------------------

_NTT, _LKPJ = "Nusa Tenggara Timur", "Pemerintah Provinsi Nusa Tenggara Timur"
_FIN = dict(doc_id="001", province=_NTT, fiscal_year=2023, entity=_LKPJ, level="financing")


def _example_tables() -> dict[str, pd.DataFrame]:
    """Rows copied from a real extraction of the bundled documents (lines cited); the report
    counts are those of this example; the imported IPM value is illustrative."""
    nan = np.nan
    budget = pd.DataFrame([
        # 001 Tabel 1.9 L911 and the sentence at L891 that restates it with 58 bn for 258 bn
        # (a duplicate: duplicate_of names the kept table row)
        {**_FIN, "code": "A", "name": "PENERIMAAN PEMBIAYAAN", "budget_original": 4159731999.0,
         "budget": 258002344404.0, "realization": 221841821002.45, "reported_pct": 85.98,
         "absorption_pct": 85.9844, "source_table": "Tabel 1.9", "source_line": 911,
         "budget_basis": "revised", "origin": "table", "recovered_from_pct": False},
        {**_FIN, "name": "Penerimaan Pembiayaan", "budget": 58002344404.0,
         "realization": 221841821002.45, "reported_pct": 85.98, "absorption_pct": 382.4704,
         "source_table": "narrative", "source_line": 891, "budget_basis": "revised",
         "origin": "narrative", "recovered_from_pct": False, "duplicate_of": "001-L911",
         "value_note": "differs from Tabel 1.9 line 911 (realisation equal)"},
        # 001 Tabel 2.4 L1036
        {"doc_id": "001", "province": _NTT, "fiscal_year": 2023,
         "entity": "Dinas Pendidikan dan Kebudayaan", "level": "opd",
         "name": "Dinas Pendidikan dan Kebudayaan", "parent": "URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
         "budget": 2062624237011.0, "realization": 1960291207174.9, "reported_pct": 95.04,
         "absorption_pct": 95.0387, "source_table": "Tabel 2.4", "source_line": 1036,
         "budget_basis": "revised", "origin": "table", "recovered_from_pct": False},
    ] + [
        # 003 Road Map L1168: planned amounts for two years on one line (row ids -L1168, -L1168-2)
        {"doc_id": "003", "province": _NTT, "fiscal_year": y, "entity": _LKPJ, "level": "kegiatan",
         "code": "1", "name": "Rapat Forum Koordinasi (FORK3PANRB)", "parent": "PROGRAM MANAJEMEN PERUBAHAN",
         "budget": b, "source_table": "TAHAP II PERIODE 2018 - 2022", "source_line": 1168,
         "budget_basis": "planned", "origin": "table", "recovered_from_pct": False,
         "value_note": "amounts printed in thousands of rupiah (rp.000); multiplied by 1,000"}
        for y, b in ((2019, 200000000.0), (2020, 220000000.0))
    ])
    indicators = pd.DataFrame([
        # 001 L1507 (3.1.1, Dinas Kesehatan): zero target, 134 cases
        {"doc_id": "001", "province": _NTT, "fiscal_year": 2023,
         "entity": "Dinas Kesehatan, kependudukan dan Pencatatan Sipil", "level": "sasaran",
         "objective": "Meningkatkan aksesibilitas dan kualitas layanan kesehatan",
         "indicator": "Kasus Kematian Ibu", "polarity": "negative", "baseline": 158.0, "target": 0.0,
         "actual": 134.0, "achievement_pct": 0.0, "target_text": "0", "actual_text": "134",
         "source_table": "3.1.1 Capaian Kinerja Program sesuai dengan target kinerja yang ditetapkan dalam", "source_line": 1507,
         "achievement_method": "zero_target", "negative_convention": "inverse_ratio",
         "polarity_rule": "negative keyword 'kasus'", "year_role": "reporting year"},
        # 004 L64
        {"doc_id": "004", "province": "Bali", "fiscal_year": 2024,
         "entity": "Biro Organisasi Setda Provinsi Bali", "level": "sasaran",
         "indicator": "Persentase Perangkat daerah yang reformasi birokrasinya baik", "unit": "%",
         "polarity": "positive", "target": 87.0, "actual": 87.0, "reported_achievement_pct": 100.0,
         "achievement_pct": 100.0, "target_text": "87%", "actual_text": "87%",
         "source_table": "Rincian realisasi masing-masing target indikator kinerja pada masing-masing Sasa", "source_line": 64, "achievement_method": "ratio",
         "polarity_rule": "default (no lower-is-better wording)", "year_role": "reporting year"},
    ])
    regions = pd.DataFrame([
        # 001 Tabel 1.1 L603 (Manggarai: 26 kelurahan) and Tabel 1.2 L698 (Kota Kupang)
        {"doc_id": "001", "province": _NTT, "year": 2023, "region_code": "53.10",
         "region_name": "Kabupaten Manggarai", "region_type": "kabupaten", "variable": "kelurahan",
         "value": 26.0, "unit": "count", "source_table": "Tabel 1.1", "source_line": 603},
        {"doc_id": "001", "province": _NTT, "year": 2023, "region_code": "53.71",
         "region_name": "Kota Kupang", "region_type": "kota", "variable": "population_total",
         "value": 443349.0, "unit": "orang", "source_table": "Tabel 1.2", "source_line": 698},
    ])
    locations = pd.DataFrame([
        {"doc_id": "001", "entity": "Dinas Pendidikan dan Kebudayaan",
         "budget_line": "Penetapan Kurikulum Muatan Lokal Pendidikan Menengah", "region_code": c,
         "mention": m, "source_line": 1363} for c, m in (("53.02", "TTS"), ("53.71", "Kota Kupang"))
    ])
    anomalies = pd.DataFrame([{
        "doc_id": "001", "rule": "narrative_differs_from_table", "severity": "error",
        "entity": _LKPJ, "subject": "Penerimaan Pembiayaan", "expected": 258002344404.0,
        "observed": 58002344404.0, "difference": -200000000000.0,
        "message": "needs review: the sentence at line 891 gives 58 bn where Tabel 1.9 line 911 prints 258 bn",
        "source_line": 891, "source_table": "Tabel 1.9", "row_ids": "001-L891;001-L911",
        "source_lines": "891;911", "rupiah_at_stake": 200000000000.0}])
    skipped = pd.DataFrame([{"doc_id": "001", "source_line": 962,
                             "raw_text": "Bertambah/ (berkurang)\tRP. (14.968.336.9)\tRP. (19.889.666.100)"
                                         "\tRp. 0,-\tRp. (424.070.238.319)",
                             "reason": "change/percentage row derived from the murni and perubahan rows"}])
    report = pd.DataFrame([
        {"doc_id": d, "file": f, "doc_type": t, "lines": n, "tables": k, "budget_rows": b,
         "regions_rows": r}
        for d, f, t, n, k, b, r in (("001", "001_1c6606aa711e05c2.txt", "LKPJ", 7174, 202, 3, 2),
                                    ("003", "003_1015e8801be6bf98.txt", "ROADMAP", 1284, 11, 2, 0),
                                    ("004", "004_ba9b4abb8ccd5181.txt", "LKIP", 843, 24, 0, 0))])
    per_entity = pd.DataFrame([
        {"doc_id": "001", "entity": "(all)", "indicators": 1, "rows": 1,
         "rows_numeric_target_actual": 1, "rows_with_achievement": 1},
        {"doc_id": "004", "entity": "(all)", "indicators": 1, "rows": 1,
         "rows_numeric_target_actual": 1, "rows_with_achievement": 1}])
    return {"budget": budget, "indicators": indicators, "regions": regions,
            "activity_locations": locations, "anomalies": anomalies, "extraction_skipped": skipped,
            "extraction_report": report, "extraction_report_indicators": per_entity}


def write_example(out_dir: str | Path) -> str:
    """Write a tiny processed folder (a few real rows of the bundled documents, every table)
    and an imported table under ``<out_dir>/external``; for examples and tests.

    Returns
    -------
    str
        ``out_dir``.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_example(tempfile.mkdtemp())
    >>> sorted(p.name for p in Path(folder).glob("*.csv"))[:3]
    ['activity_locations.csv', 'anomalies.csv', 'budget.csv']
    """
    from .io import write_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in _example_tables().items():
        frame = contract.sort_rows(contract.conform(frame, name), name)
        if "row_id" in frame.columns:
            frame["row_id"] = contract.row_ids(frame["doc_id"], frame["source_line"])
        write_table(frame, name, out)
    ext = out / "external"
    ext.mkdir(exist_ok=True)
    ipm = pd.DataFrame([{"doc_id": "ext:ipm", "year": 2023, "region_code": "53.71",
                         "region_name": "Kota Kupang", "region_type": "kota", "variable": "ipm",
                         "value": 79.9, "source_table": "BPS NTT, IPM 2023", "source_line": 2}])
    stored = write_table(ipm, "regions", ext, file_name="ipm.csv")
    from .io import sha256_file

    (ext / "manifest.csv").write_text(
        "name,resolved_file,resolved_sha256,source,year,imported_rows\n"
        f"ipm,ipm.csv,{sha256_file(stored)},\"BPS NTT, IPM 2023\",2023,1\n", encoding="utf-8")
    return str(out_dir)


_EXAMPLE: dict[str, str] = {}


def example_dir() -> str:
    """A folder holding :func:`write_example`'s tables, written once per process into a
    temporary directory (removed at exit); for examples. Do not modify its files.

    Examples
    --------
    >>> example_dir() == example_dir()
    True
    """
    if "dir" not in _EXAMPLE:
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="lkpj-example-")
        atexit.register(shutil.rmtree, folder, True)
        _EXAMPLE["dir"] = write_example(folder)
    return _EXAMPLE["dir"]
