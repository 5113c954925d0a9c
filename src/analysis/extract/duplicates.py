"""Mark budget and indicator rows that repeat another row (``duplicate_of``), never drop them.

A report prints many numbers more than once: prose restating a table row (chapter II of the NTT
LKPJ retells Tabel 1.7-1.9 and 2.4 sentence by sentence), the same programme reprinted in several
tables of one agency (Biro Administrasi Pimpinan's Tabel 3.2, 3.3 and 3.4), the same indicator in
the Renstra, the Perjanjian Kinerja and the measurement tables. Summing such rows double-counts.
Here every repeat gets ``duplicate_of`` = the ``row_id`` of the row kept, and when the repeated
values differ the repeat's ``value_note`` says so ("repeats 001-L811 with budget and realisation
swapped …"); the row itself stays in the table (loaders drop duplicates by default).

Which row is kept
-----------------
* budget: a table row beats a sentence or list item (``origin`` 'narrative' or 'list'); among
  table rows the one
  with more amounts (budget and realisation) beats one with fewer (the Perjanjian Kinerja prints
  the budget only), then the first printed (lowest line) beats its reprints;
* indicators: the row with the most values (numeric target and realisation) beats a row with
  fewer; among equals the first printed.

When two rows are the same line (compare entity, level, name and amounts)
-------------------------------------------------------------------------
* the agency is the same (``entity_id`` where resolved, else the printed ``entity``), the level
  is the same (indicator levels ``sasaran`` and ``iku`` count as one), the fiscal year and budget
  basis are the same, and the names are equal after normalisation (case, punctuation, spaces,
  parenthesised units) or at least :data:`NAME_SIMILARITY` similar;
* budget amounts: both budget and realisation equal (within :data:`AMOUNT_TOLERANCE` rupiah), or
  one equal and the two rows share their parent line (a reprint with a typo). Rows of one table
  under different parents are different lines (Tabel 2.4 prints Dinas Komunikasi dan Informatika
  under three urusan); a row whose parent is the other row (same name one level up) is not a
  repeat; rows with no non-zero amount are never marked.
* narrative rows: a sentence repeats a table row of the same document when both amounts are equal
  (any entity), when they are swapped, or when one amount is equal and the row is of the same
  agency or has a similar name at the same level (a sentence with a typo in the other amount,
  e.g. 001 L891 prints 58.002.344.404 for Tabel 1.9's 258.002.344.404); a sentence or list item
  with one amount only needs the same agency and a similar name. List items (``origin == 'list'``)
  are compared like sentences.
* indicators: the same normalised indicator name, or one misspelt long word (no fuzzy ratio:
  sub-indicators such as '… — a. SMA' / '… — b. SMK' differ only in their tail), printed in
  another table; the target
  (and realisation) as printed agree, or differ (noted). An indicator printed twice in one table,
  or under a different level, is not marked.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from functools import lru_cache
from operator import attrgetter

import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..contract import SORT_KEYS, row_ids

__all__ = ["AMOUNT_TOLERANCE", "NAME_SIMILARITY", "ensure_row_ids", "mark_duplicates_budget",
           "mark_duplicates_indicators"]

#: Two amounts are equal when they differ by less than this (rupiah; printed amounts are whole
#: rupiah or carry two decimals).
AMOUNT_TOLERANCE = 0.5
#: Minimum rapidfuzz ratio (0-100) of two normalised names of the same line (a typo or a word split
#: by the PDF conversion: 'Administras i Umum', 'Fasilitas'/'Fasilitasi').
NAME_SIMILARITY = 92.0
#: Minimum rapidfuzz ratio of the names of a sentence (or list item) and a table row that share
#: only one amount.
RELATED_NAME_SIMILARITY = 80.0
#: Shortest normalised name that may match a longer one as its prefix.
MIN_PREFIX = 20
#: Shortest word in which a typo still counts as the same indicator name.
MIN_TYPO_WORD = 5
#: Indicator levels that denote the same kind of indicator (a sasaran indicator listed as IKU).
_LEVEL_CLASS = {"iku": "sasaran"}
_PAREN = re.compile(r"\([^)]*\)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_ALNUM_RUN = re.compile(r"[a-z0-9]+")


#: Types of values that are never missing (:func:`_missing` is False for them; not bool).
_NEVER_MISSING = frozenset({str, int})


def _missing(v) -> bool:
    """None, NaN or pd.NA (nullable columns of the declared contract)."""
    if isinstance(v, str):  # the common cases first: text is never missing, a float when NaN
        return False
    if isinstance(v, float):
        return math.isnan(v)
    if v is None or v is pd.NA:
        return True
    if isinstance(v, int):  # and bool
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


@lru_cache(maxsize=65536, typed=True)  # pure, and typed: 1 and 1.0 print differently; names repeat
def _key(text) -> str:
    if _missing(text):
        return ""
    return _NOT_ALNUM.sub("", _PAREN.sub(" ", str(text).lower()))


def _num(v) -> float | None:
    if type(v) is float:  # the usual value: a float is missing when NaN, else itself
        return None if v != v else v
    if _missing(v):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _eq(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) < AMOUNT_TOLERANCE


def _fmt(v: float | None) -> str:
    if v is None:
        return "missing"
    return f"{v:,.0f}" if abs(v - round(v)) < 0.005 else f"{v:,.2f}"


def _same_name(a: str, b: str) -> bool:
    """Equal normalised names, or :data:`NAME_SIMILARITY` similar, or one is the other with
    trailing text (a prefix of at least :data:`MIN_PREFIX` characters: 'Penyediaan Perlengkapan
    Jalan di Jalan Provinsi [Dinas Perhubungan', 001 L2793)."""
    if a == b:
        return True
    if not a or not b:
        return False
    if min(len(a), len(b)) >= MIN_PREFIX and (a.startswith(b) or b.startswith(a)):
        return True
    return fuzz.ratio(a, b) >= NAME_SIMILARITY


def _words(text) -> list[str]:
    if _missing(text):
        return []
    return _ALNUM_RUN.findall(_PAREN.sub(" ", str(text).lower()))


def _same_indicator(a, b) -> bool:
    """Equal normalised indicator names, or the same words but one misspelt word of at least
    :data:`MIN_TYPO_WORD` letters within two edits ('Sekertaris'/'Sekretaris', 002 L210/L306).
    Short differing words ('SMA'/'SMK', 'a.'/'b.') make different indicators."""
    return _same_indicator_words(_indicator_words(a), _indicator_words(b))


@lru_cache(maxsize=65536, typed=True)  # pure; an indicator is printed in several tables
def _indicator_words(text) -> tuple[str, tuple[str, ...]]:
    """The normalised name (:func:`_key`) and the words (:func:`_words`) of an indicator name."""
    return _key(text), tuple(_words(text))


def _same_indicator_words(a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]]) -> bool:
    """:func:`_same_indicator` on the :func:`_indicator_words` of the two names."""
    (ka, wa), (kb, wb) = a, b
    if ka == kb:
        return True
    if len(wa) != len(wb) or not wa:
        return False
    diff = [(x, y) for x, y in zip(wa, wb) if x != y]
    return (len(diff) == 1 and min(len(diff[0][0]), len(diff[0][1])) >= MIN_TYPO_WORD
            and Levenshtein.distance(*diff[0]) <= 2)


def _sort_like_output(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Order rows as the contract CSV writer does (numeric keys as numbers, others as text)."""
    keys = [k for k in keys if k in frame.columns]
    if not keys or frame.empty:
        return frame
    plain = _plain_keys(frame, keys)
    if plain is not None:
        rows = list(zip(*plain))
        order = sorted(range(len(rows)), key=rows.__getitem__)
        if order == list(range(len(rows))):  # already in order (link_rows gets sorted frames)
            return frame
        return frame.iloc[order]
    sf = frame[keys].astype(str)
    for k in keys:
        if pd.api.types.is_numeric_dtype(frame[k]):
            sf[k] = frame[k].fillna(-1e30)
    return frame.loc[sf.sort_values(keys, kind="mergesort").index]


#: Key dtypes :func:`_plain_keys` reads as plain lists (text, whole and decimal numbers).
_PLAIN_KEY_DTYPES = frozenset({"str", "Int64", "int64", "float64"})


def _plain_keys(frame: pd.DataFrame, keys: list[str]) -> list[list] | None:
    """The sort keys of :func:`_sort_like_output` as Python lists (text, numbers), when every
    key column is of a dtype of :data:`_PLAIN_KEY_DTYPES`, holds no missing value and the index
    is unique; else None (the pandas path decides).

    Without missing values ``astype(str)`` keeps text as it is and ``fillna`` keeps numbers, so
    Python's sort of these lists (stable; text by code point, as pandas orders it) gives the
    order of ``sort_values(kind="mergesort")``, and ``iloc`` by position picks the rows ``loc``
    picks by their (unique) labels.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": pd.array(["002", "001"], dtype="str"), "source_line": [7, 9]})
    >>> _plain_keys(f, ["doc_id", "source_line"])
    [['002', '001'], [7, 9]]
    >>> _plain_keys(f.assign(doc_id=pd.array(["002", None], dtype="str")), ["doc_id"]) is None
    True
    """
    if not frame.index.is_unique:
        return None
    out = []
    for k in keys:
        s = frame[k]
        if str(s.dtype) not in _PLAIN_KEY_DTYPES or bool(s.isna().any()):
            return None
        out.append(s.tolist())
    return out


def ensure_row_ids(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Sort ``frame`` by ``analysis.contract.SORT_KEYS[table]`` and add ``row_id`` (via
    :func:`analysis.contract.row_ids`) when the column is absent.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["001", "001"], "source_line": [811, 789], "level": ["revenue"] * 2,
    ...                   "name": ["Pajak Daerah"] * 2, "fiscal_year": [2023, 2023]})
    >>> list(ensure_row_ids(f, "budget")["row_id"])
    ['001-L789', '001-L811']
    """
    out = _sort_like_output(frame, SORT_KEYS[table]).reset_index(drop=True)
    if "row_id" not in out.columns:
        out["row_id"] = row_ids(out["doc_id"], out["source_line"]) if len(out) else pd.Series(dtype="string")
    return out


def _entity_keys(frame: pd.DataFrame) -> list[str]:
    """Per row, the agency to compare rows by: its ``entity_id`` (as text) where resolved, else
    ``"name:"`` and the normalised printed ``entity`` (:func:`_key`).

    Examples
    --------
    >>> f = pd.DataFrame({"entity": ["Dinas Sosial", "Biro X", None],
    ...                   "entity_id": pd.array(["53.dinas-sosial", None, None], dtype="string")})
    >>> _entity_keys(f)
    ['53.dinas-sosial', 'name:birox', 'name:']
    """
    # on plain lists: map(_key) calls _key on missing values too, and a missing entity_id
    # counts as "" (astype(object).where(notna, "").astype(str) on the Series)
    ent = [_key(e) for e in frame["entity"].tolist()]
    if "entity_id" not in frame.columns:
        return ent
    ids = ["" if _missing(v) else str(v) for v in frame["entity_id"].tolist()]
    return [i if i != "" else "name:" + e for i, e in zip(ids, ent)]


def _with_value_note(out: pd.DataFrame) -> pd.DataFrame:
    """``out`` with a ``value_note`` column (added, all missing, when absent)."""
    if "value_note" not in out.columns:
        out["value_note"] = pd.Series(pd.NA, index=out.index, dtype="string")
    return out


def _prepare(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    return _with_value_note(ensure_row_ids(frame, table))


def _finish(out: pd.DataFrame, dup: dict, notes: dict[int, str]) -> pd.DataFrame:
    """Write ``duplicate_of`` (missing for kept rows) and append the notes to ``value_note``
    (a note already there from an earlier marking is not repeated)."""
    out["duplicate_of"] = pd.array([dup[i] or None for i in out.index], dtype="string")
    if notes:
        dtype = out["value_note"].dtype
        vn = out["value_note"].astype(object)
        for i, text in notes.items():
            old = "" if pd.isna(vn.at[i]) else str(vn.at[i])
            if text not in old:
                vn.at[i] = f"{old}; {text}" if old else text
        out["value_note"] = vn.astype(dtype) if str(dtype) == "string" else vn
    return out


def _records(frame: pd.DataFrame, cols: list[str], computed: dict[str, list] | None = None) -> list:
    """The rows of ``frame[cols]`` as named tuples with the index as ``Index``, read once for all
    groups instead of once per group (``Series.tolist``: Python scalars, NaN or pd.NA for missing;
    :meth:`DataFrame.itertuples` gives the same values, integers as numpy integers). Columns
    named in ``computed`` take their values from its lists (one value per row) instead."""
    row = _row_type(tuple(cols))
    computed = computed or {}
    return [row._make(values) for values in zip(
        frame.index, *(computed[c] if c in computed else frame[c].tolist() for c in cols))]


def _column(frame: pd.DataFrame, name: str, fill, missing=None) -> list:
    """The values of column ``name`` as a list, a missing value as ``missing`` (as ``fillna``
    replaces it; ``None``: kept), or ``fill`` on every row when there is no such column."""
    if name not in frame.columns:
        return [fill] * len(frame)
    values = frame[name].tolist()
    return values if missing is None else [missing if _missing(v) else v for v in values]


@lru_cache(maxsize=None)  # two column lists; making a namedtuple type costs about a millisecond
def _row_type(cols: tuple[str, ...]) -> type:
    return namedtuple("Row", ["Index", *cols])


def _groups(rows: list, keys: list[str]) -> list[list]:
    """``rows`` grouped on the fields ``keys`` as ``groupby(keys, sort=False, dropna=False)``
    groups them: missing values (None, NaN, pd.NA) form one group; rows keep their order."""
    out: dict[tuple, list] = {}
    get = attrgetter(*keys)
    for row in rows:
        values = get(row) if len(keys) > 1 else (get(row),)
        # text and whole numbers, the usual key values, are never missing: kept as they are
        key = values if _NEVER_MISSING.issuperset(map(type, values)) else tuple(
            None if _missing(v) else v for v in values)
        out.setdefault(key, []).append(row)
    return list(out.values())


def _richest_first(rows: list, rich) -> list:
    """``rows`` ordered by ``rich(row)`` (number of values printed) descending, then by
    ``source_line`` (missing last), stably, as ``sort_values(kind='mergesort')`` orders them."""
    def order(row) -> tuple:
        line = row.source_line
        missing = type(line) is not int and _missing(line)  # a Python int is never missing
        return -rich(row), missing, 0 if missing else line

    return sorted(rows, key=order)


# ---------------------------------------------------------------------------------------------
# Budget
# ---------------------------------------------------------------------------------------------
def _amounts(r) -> tuple[float | None, float | None]:
    return _num(r.budget), _num(r.realization)


def _informative(b: float | None, r: float | None) -> bool:
    return any(x is not None and abs(x) >= AMOUNT_TOLERANCE for x in (b, r))


def _table_repeat(later, kept) -> tuple[bool, str]:
    """Is table row ``later`` a reprint of table row ``kept``? (decision, value note).

    Rows with one amount only (budget-only and plan tables) need equal normalised names: one equal
    planned amount under a similar name is too little evidence (003 L1208 and L1212 plan two
    outputs of one kegiatan with 400,000 each for 2019)."""
    if later.source_table == kept.source_table:
        if later.x_parent and kept.x_parent and later.x_parent != kept.x_parent:
            return False, ""
        if later.x_parent == kept.x_name or kept.x_parent == later.x_name:
            return False, ""
    b1, r1 = _amounts(later)
    b0, r0 = _amounts(kept)
    if not (_informative(b1, r1) and _informative(b0, r0)):
        return False, ""
    if later.x_name != kept.x_name and None in (b1, r1, b0, r0):
        return False, ""
    common = [(a, b) for a, b in ((b1, b0), (r1, r0)) if a is not None and b is not None]
    if not common:
        return False, ""
    if all(_eq(a, b) for a, b in common):
        return True, ""
    same_b, same_r = _eq(b1, b0), _eq(r1, r0)
    shared_parent = bool(later.x_parent) and later.x_parent == kept.x_parent
    if shared_parent and (_eq(b1, b0) or _eq(r1, r0)):
        what = "budget" if not same_b else "realisation"
        a, b = (b1, b0) if what == "budget" else (r1, r0)
        return True, f"repeats {kept.row_id} with {what} {_fmt(a)} vs {_fmt(b)}"
    return False, ""


class _KeptRows:
    """Kept budget rows in the order they were kept, with an index of their amounts.

    An amount ``v`` equals (:func:`_eq`) only amounts in the whole-rupiah buckets ``floor(v) - 1``
    to ``floor(v) + 1`` (the tolerance is below one rupiah), so :meth:`near` checks those buckets
    instead of every row; the exact test is still :func:`_eq`."""

    def __init__(self) -> None:
        self.rows: list = []
        self.amounts: list[tuple[float | None, float | None]] = []
        self._buckets: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})

    def add(self, row, amounts: tuple[float | None, float | None]) -> None:
        """Append a kept table row and its :func:`_amounts`."""
        for bucket, v in zip(self._buckets, amounts):
            if v is not None and math.isfinite(v):
                bucket.setdefault(math.floor(v), []).append(len(self.rows))
        self.rows.append(row)
        self.amounts.append(amounts)

    def near(self, which: int, v: float | None) -> set[int]:
        """Positions of the rows whose budget (``which`` 0) or realisation (1) equals ``v``."""
        if v is None or not math.isfinite(v):
            return set()
        bucket, f = self._buckets[which], math.floor(v)
        return {i for b in (f - 1, f, f + 1) for i in bucket.get(b, ()) if _eq(self.amounts[i][which], v)}


def _narrative_match(n, cands: _KeptRows) -> tuple[object | None, str]:
    """The table row (of ``cands``, the kept table rows of the sentence's document in table
    order) a sentence repeats, and the note when values differ."""
    b, r = _amounts(n)
    if not _informative(b, r) or not cands.rows:
        return None, ""

    def same(a, b) -> bool:  # as pandas compares: a missing value equals nothing
        return not (pd.isna(a) or pd.isna(b)) and bool(a == b)

    def rank(positions) -> object:
        # highest score (same agency 2, same level 1), then the first line, then the first in table order
        rows = [cands.rows[i] for i in sorted(positions)]
        best = min(range(len(rows)), key=lambda i: (-(2 * same(rows[i].x_ent, n.x_ent) + same(rows[i].level, n.level)),
                                                    rows[i].source_line, i))
        return rows[best]

    budget_eq, realisation_eq = cands.near(0, b), cands.near(1, r)
    if b is not None and r is not None:
        both = budget_eq & realisation_eq
        if both:
            return rank(both), ""
        if not _eq(b, r):
            swap = cands.near(0, r) & cands.near(1, b)
            if swap:
                k = rank(swap)
                return k, (f"repeats {k.row_id} with budget and realisation swapped (budget {_fmt(b)} vs "
                           f"{_fmt(_num(k.budget))}, realisation {_fmt(r)} vs {_fmt(_num(k.realization))})")

    def similar(k) -> bool:
        return fuzz.ratio(k.x_name, n.x_name) >= RELATED_NAME_SIMILARITY

    def related(k) -> bool:
        if b is None or r is None:  # one amount printed: the same agency and a similar name
            return k.x_ent == n.x_ent and similar(k)
        # one of two amounts equal: the same agency, or a similar name at the level
        return k.x_ent == n.x_ent or (same(k.level, n.level) and similar(k))

    part = [i for i in budget_eq | realisation_eq if related(cands.rows[i])]
    if part:
        k = rank(part)
        kb, kr = _num(k.budget), _num(k.realization)
        diffs = [f"{what} {_fmt(x)} vs {_fmt(y)}" for what, x, y in (("budget", b, kb), ("realisation", r, kr))
                 if x is not None and y is not None and not _eq(x, y)]
        return k, (f"repeats {k.row_id} with " + " and ".join(diffs)) if diffs else ""
    return None, ""


def mark_duplicates_budget(frame: pd.DataFrame) -> pd.DataFrame:
    """Set ``duplicate_of`` on budget rows that repeat another row (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        Budget rows of the contract (``doc_id, entity, level, name, parent, budget, realization,
        source_table, source_line, fiscal_year`` and, if present, ``origin``, ``budget_basis``,
        ``entity_id``, ``row_id``, ``value_note``). Without ``row_id`` the rows are sorted by
        ``SORT_KEYS['budget']`` and keyed with :func:`analysis.contract.row_ids`.

    Returns
    -------
    DataFrame
        Sorted, with ``row_id``, ``duplicate_of`` (missing for kept rows) and ``value_note``
        extended where a repeat's values differ.

    Examples
    --------
    A sentence printing Tabel 1.7's Pajak Daerah with budget and realisation swapped (001 L789
    and L811):

    >>> f = pd.DataFrame({"doc_id": ["001", "001"], "entity": ["Pemprov"] * 2,
    ...     "level": ["revenue"] * 2, "name": ["Pajak Daerah"] * 2, "parent": [None, "PAD"],
    ...     "budget": [1154866882416.77, 1311609133150.0],
    ...     "realization": [1311609133150.0, 1154866882416.77],
    ...     "source_table": ["narrative", "Tabel 1.7"], "source_line": [789, 811],
    ...     "fiscal_year": [2023, 2023], "origin": ["narrative", "table"]})
    >>> out = mark_duplicates_budget(f)
    >>> out["duplicate_of"].tolist()
    ['001-L811', <NA>]
    >>> out.loc[0, "value_note"].startswith("repeats 001-L811 with budget and realisation swapped")
    True
    """
    return _mark_budget(_prepare(frame, "budget"))


def _mark_budget(out: pd.DataFrame) -> pd.DataFrame:
    """:func:`mark_duplicates_budget` on rows already in order, keyed and with ``value_note``
    (:func:`_prepare`; :func:`analysis.extract.link.link_rows` sorts them once for all steps)."""
    if out.empty:
        return out
    # the comparison keys, on plain lists (what map(_key), fillna("") and the origin test give
    # per row, without a frame holding them)
    computed = {
        "x_ent": _entity_keys(out),
        "x_name": [_key(v) for v in out["name"].tolist()],
        "x_parent": [_key(v) for v in out["parent"].tolist()] if "parent" in out.columns else [""] * len(out),
        "x_basis": _column(out, "budget_basis", "", missing=""),
    }
    is_table = [bool(v == "table") for v in _column(out, "origin", "table", missing="table")]
    dup = dict.fromkeys(out.index, "")
    notes: dict[int, str] = {}
    # 1. table reprints: the most complete, then the first printed, wins
    # the columns the comparisons read, as plain records (pandas per group or per row is the slow part)
    cols = ["doc_id", "x_ent", "level", "fiscal_year", "x_basis", "x_name", "x_parent", "source_table",
            "source_line", "budget", "realization", "row_id"]
    rows = _records(out, cols, computed)
    tables = [row for row, t in zip(rows, is_table) if t]
    for grp in _groups(tables, ["doc_id", "x_ent", "level", "fiscal_year", "x_basis"]):
        if len(grp) < 2:
            continue
        kept = _KeptRows()
        for row in _richest_first(grp, lambda row: (not _missing(row.budget)) + (not _missing(row.realization))):
            hit = None
            b, r = _amounts(row)
            # a reprint shares its budget or its realisation with the kept row (_table_repeat), so
            # only the kept rows with one of these amounts are compared, in the order they were kept
            for i in sorted(kept.near(0, b) | kept.near(1, r)):
                k = kept.rows[i]
                if _same_name(row.x_name, k.x_name):
                    same, note = _table_repeat(row, k)
                    if same:
                        hit = (k, note)
                        break
            if hit is None:
                kept.add(row, (b, r))
            else:
                dup[row.Index] = hit[0].row_id
                if hit[1]:
                    notes[row.Index] = hit[1]
    # 2. sentences that restate a (kept) table row: each document's kept table rows, indexed by
    # amount, gathered once
    per_doc: dict[object, _KeptRows] = {}
    for row in tables:
        if dup[row.Index] == "":
            if row.doc_id not in per_doc:  # (setdefault would make an index per row)
                per_doc[row.doc_id] = _KeptRows()
            per_doc[row.doc_id].add(row, _amounts(row))
    none_kept = _KeptRows()  # for documents without table rows (read only: made once)
    for row, t in zip(rows, is_table):
        if t:
            continue
        k, note = _narrative_match(row, per_doc.get(row.doc_id, none_kept))
        if k is not None:
            dup[row.Index] = k.row_id
            if note:
                notes[row.Index] = note
    return _finish(out, dup, notes)


# ---------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------
def _ind_value(num, text) -> tuple[float | None, str]:
    return _num(num), ("" if _missing(text) else str(text).strip())


def _values_differ(a_num, a_txt, b_num, b_txt) -> bool:
    """Both printed and different (numbers compared as numbers, else the text)."""
    if a_num is not None and b_num is not None:
        return not math.isclose(a_num, b_num, rel_tol=1e-9, abs_tol=1e-9)
    if a_txt and b_txt and a_num is None and b_num is None:
        return _key(a_txt) != _key(b_txt)
    return False


def mark_duplicates_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """Set ``duplicate_of`` on indicator rows that print an indicator already printed (same
    agency, level class, fiscal year and normalised indicator name) in another table.

    The row kept is the one with most values (a numeric target and realisation), then the first
    printed. A repeat whose target or realisation differs from the kept row says so in
    ``value_note``.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["004"] * 2, "entity": ["Biro Organisasi"] * 2,
    ...     "level": ["sasaran"] * 2, "indicator": ["Persentase PD (SNP)", "Persentase PD"],
    ...     "target": [56.0, 56.0], "actual": [None, 56.0], "target_text": ["56%", "56%"],
    ...     "actual_text": [None, "56%"], "source_table": ["Tabel 2.2", "Tabel 3.3"],
    ...     "source_line": [361, 482], "fiscal_year": [2024, 2024]})
    >>> mark_duplicates_indicators(f)["duplicate_of"].tolist()
    ['004-L482', <NA>]
    """
    return _mark_indicators(_prepare(frame, "indicators"))


class _KeptIndicators:
    """Kept indicator rows of one group in the order they were kept, indexed by normalised name
    and by number of words.

    :func:`_same_indicator_words` holds only for equal normalised names or for names of as many
    (at least one) words, so :meth:`match` tests only the kept rows with one of these, in the
    order kept: the row it returns is the first kept row that passes the test."""

    def __init__(self) -> None:
        self.rows: list = []
        self.words: list[tuple[str, tuple[str, ...]]] = []
        self._by_key: dict[str, list[int]] = {}
        self._by_length: dict[int, list[int]] = {}

    def add(self, row, words: tuple[str, tuple[str, ...]]) -> None:
        """Append a kept row and its :func:`_indicator_words`."""
        self._by_key.setdefault(words[0], []).append(len(self.rows))
        self._by_length.setdefault(len(words[1]), []).append(len(self.rows))
        self.rows.append(row)
        self.words.append(words)

    def match(self, words: tuple[str, tuple[str, ...]], table) -> object | None:
        """The first kept row printed in another table than ``table`` whose name is the same
        indicator (:func:`_same_indicator_words`), or None."""
        candidates = set(self._by_key.get(words[0], ()))
        if words[1]:
            candidates.update(self._by_length.get(len(words[1]), ()))
        for i in sorted(candidates):
            k = self.rows[i]
            if k.source_table != table and _same_indicator_words(words, self.words[i]):
                return k
        return None


def _mark_indicators(out: pd.DataFrame) -> pd.DataFrame:
    """:func:`mark_duplicates_indicators` on rows already in order, keyed and with ``value_note``
    (:func:`_prepare`; :func:`analysis.extract.link.link_rows` sorts them once for all steps)."""
    if out.empty:
        return out
    # the comparison keys, on plain lists (what map(_key), the level class of fillna("") and the
    # count of numeric values give per row, without a frame holding them)
    has_target = pd.to_numeric(out["target"], errors="coerce").notna().tolist()
    has_actual = pd.to_numeric(out["actual"], errors="coerce").notna().tolist()
    computed = {
        "x_ent": _entity_keys(out),
        "x_name": [_key(v) for v in out["indicator"].tolist()],
        "x_lvl": ["" if _missing(v) else _LEVEL_CLASS.get(v, v) for v in out["level"].tolist()],
        "x_rich": [int(t) + int(a) for t, a in zip(has_target, has_actual)],
    }
    dup = dict.fromkeys(out.index, "")
    notes: dict[int, str] = {}
    cols = ["doc_id", "x_ent", "x_lvl", "fiscal_year", "x_name", "x_rich", "source_table", "source_line",
            "indicator", "target", "target_text", "actual", "actual_text", "row_id"]
    rows = _records(out, cols, computed)
    for grp in _groups(rows, ["doc_id", "x_ent", "x_lvl", "fiscal_year"]):
        if len(grp) < 2:
            continue
        kept = _KeptIndicators()
        for row in _richest_first(grp, lambda row: row.x_rich):
            # the name's key and words (cached: computed once per distinct name)
            words = _indicator_words(row.indicator)
            if not row.x_name:
                kept.add(row, words)
                continue
            k = kept.match(words, row.source_table)
            if k is None:
                kept.add(row, words)
                continue
            dup[row.Index] = k.row_id
            diffs = []
            for what, a, b in (("target", _ind_value(row.target, row.target_text), _ind_value(k.target, k.target_text)),
                               ("realisation", _ind_value(row.actual, row.actual_text),
                                _ind_value(k.actual, k.actual_text))):
                if _values_differ(a[0], a[1], b[0], b[1]):
                    diffs.append(f"{what} {a[1] or _fmt(a[0])} vs {b[1] or _fmt(b[0])}")
            if diffs:
                notes[row.Index] = f"repeats {k.row_id} with " + " and ".join(diffs)
    return _finish(out, dup, notes)
