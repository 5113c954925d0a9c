"""Agency register (perangkat daerah) and a resolver for agency names as printed.

The reports name one agency in many ways: 'Dinas Koperasi Tenaga Kerja dan Transmigrasi' and
'Dinas Koperasi, UKM, Tenaga Kerja dan Transmigrasi', typos ('Inpektorat Daerah', 'Badan
Perencanaan, Penilitian dan Pengembangan Daerah'), abbreviations ('Dinas PUPR', 'BPSDMD'), short
forms in Tabel 2.4 ('Badan Perencanaan', 'Dinas Kearsipan') and urusan names taken for agency names
('Kehutanan', 'Urusan Kesatuan Bangsa dan Politik'). This module maps each of them to one stable
``entity_id`` of the reviewable register ``reference/agencies.csv`` and says how it did it, like
:mod:`analysis.regions` does for kabupaten/kota.

Reference files (``analysis/reference``)
----------------------------------------
``agencies.csv``
    One row per agency: ``entity_id`` (``<province code>.<slug of the canonical name>``, e.g.
    ``53.dinas-pendidikan-dan-kebudayaan``; stored, never recomputed, so a later change of the
    canonical name keeps the id), ``province_code`` (Kemendagri), ``canonical_name``,
    ``short_name``, ``kind`` (:data:`KINDS`), ``parent_id`` (a biro's Sekretariat Daerah),
    ``urusan`` (the urusan it serves, names of ``urusan.csv`` joined by ``;``) and ``source``
    (document and lines where the canonical name is printed).
``agency_aliases.csv``
    ``alias, entity_id, note``: every other spelling, the note citing where a document prints it.
    An alias may name two agencies (``BKD``: Badan Kepegawaian Daerah and Badan Keuangan Daerah);
    the province or the context then decides.
``urusan.csv``
    The urusan and unsur names of the Permendagri 90/2019 nomenclature (``code, name, kind,
    note``; ``kind`` group, urusan, unsur, sub_urusan or variant for a spelling the documents use).

Resolution (:func:`resolve_agency`), in order
---------------------------------------------
1. ``exact``: the name equals a canonical name (case and white space ignored);
2. ``alias``: the normalised name equals a normalised alias;
3. ``exact`` after normalisation (:func:`normalise_agency`: markup, numbering, punctuation,
   ``&`` for ``dan``, doubled words, a trailing 'Provinsi NTT' / 'Prov. Bali' / 'Setda …');
4. ``urusan_heading``: the name is an urusan or unsur heading (:func:`urusan_of`), which is
   never an agency; it resolves to the one agency of the province that serves that urusan
   (register column ``urusan``), e.g. 'Urusan Kesatuan Bangsa dan Politik' → Badan Kesatuan
   Bangsa dan Politik, 'Kehutanan' → Dinas Lingkungan Hidup dan Kehutanan;
5. ``fuzzy``: rapidfuzz similarity of at least :data:`FUZZY_THRESHOLD` to one agency and
   :data:`FUZZY_GAP` points ahead of any other (an agency kind word such as Dinas or Badan must
   agree);
6. ``context``: when steps 2-5 leave several candidates, ``context`` (the urusan heading or the
   agency named around the row) picks one;
7. otherwise ``ambiguous`` (candidates listed) or ``unresolved``.

Examples
--------
>>> resolve_agency("Inpektorat Daerah", "Nusa Tenggara Timur").entity_id
'53.inspektorat-daerah'
>>> r = resolve_agency("Kehutanan", "NTT")
>>> (r.method, r.entity_id)
('urusan_heading', '53.dinas-lingkungan-hidup-dan-kehutanan')
"""

from __future__ import annotations

import csv
import io
import re
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import pandas as pd
from rapidfuzz import fuzz

from . import reference
from .regions import province_code

__all__ = [
    "AgencyResolution",
    "FUZZY_GAP",
    "FUZZY_THRESHOLD",
    "KINDS",
    "METHODS",
    "assign_entity_ids",
    "derived_agency",
    "government_of",
    "outside_register",
    "load_agencies",
    "load_agency_aliases",
    "load_urusan",
    "normalise_agency",
    "resolve_agency",
    "urusan_of",
]

#: Minimum rapidfuzz score (0-100) of a fuzzy match.
FUZZY_THRESHOLD = 88.0
#: A fuzzy match must beat the best other agency by this many points, else it is ambiguous.
FUZZY_GAP = 5.0
#: Names shorter than this (letters, spaces removed) are never matched fuzzily.
MIN_FUZZY_LENGTH = 6
#: Resolution methods.
METHODS = ("exact", "alias", "fuzzy", "context", "urusan_heading", "derived", "unresolved", "ambiguous")
#: Agency kinds of the register.
KINDS = ("pemda", "dinas", "badan", "biro", "inspektorat", "satpol", "sekretariat", "rsud")

#: Leading words that name an agency kind; a fuzzy match must keep the kind.
_KIND_WORDS = {"dinas", "badan", "biro", "inspektorat", "sekretariat", "rsud", "satuan", "kantor", "pemerintah"}
#: Words left out when comparing urusan names (connectors and heading words).
_URUSAN_CONNECTORS = {"dan", "serta", "urusan", "unsur", "bidang", "yang", "sub", "termasuk"}
#: Words too generic to decide between candidates by context.
_GENERIC = {"dinas", "badan", "biro", "daerah", "provinsi", "dan", "urusan", "unsur", "serta",
            "pemerintahan", "bidang", "kantor", "sekretariat"}

_PROVINCE_NAMES = {"nusa tenggara timur": "53", "ntt": "53", "bali": "51"}
_MARKUP = re.compile(r"<[^>]*>|\*+|`+|_+")
_NUMBERING = re.compile(r"^\s*(?:[IVX]+\s*[.)]|\d{1,2}(?:\s?\.\s?\d{1,2}){0,3}\s*[.)]?|[A-Za-z]\s*[.)])\s+(?=\S)")
_PUNCT = re.compile(r"[^0-9a-z]+")
_PROVINCE_TAIL = re.compile(
    r"\s(?:(?:provinsi|prov)\s(?:nusa tenggara timur|ntt|bali)|nusa tenggara timur|ntt|bali)(?:\s.*)?$")
_SETDA_TAIL = re.compile(r"\s(?:setda|sekretariat daerah|sekertariat daerah|sekretaris daerah)$")
_SPACES = re.compile(r"\s+")
_DOUBLED_WORD = re.compile(r"\b(\w+)(?: \1\b)+")
_URUSAN_PREFIX = re.compile(r"^(?:urusan pemerintahan bidang|urusan pemerintahan|sub urusan|urusan|unsur)\b")


@dataclass(frozen=True)
class AgencyResolution:
    """How one printed agency name was resolved.

    Attributes
    ----------
    raw : str
        The name as printed.
    entity_id : str or None
        Register id (``53.dinas-sosial``); None when unresolved or ambiguous.
    canonical_name : str or None
        The register's canonical name.
    method : str
        One of :data:`METHODS`.
    score : float
        100 for exact, alias and urusan matches; the rapidfuzz score for fuzzy matches; 0 when
        unresolved.
    note : str
        Why (the alias row's note, the urusan matched, the candidates of an ambiguity).
    candidates : tuple of str
        Candidate ids of an ambiguous name (and of a name decided by context).
    """

    raw: str
    entity_id: str | None
    canonical_name: str | None
    method: str
    score: float = 0.0
    note: str = ""
    candidates: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> bool:
        """True when the name maps to one agency."""
        return self.entity_id is not None


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)  # a few column lists; a namedtuple type costs about a millisecond to make
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Pandas", columns, rename=True)


def _rows(df: pd.DataFrame) -> Iterator[tuple]:
    """The rows of ``df`` as ``df.itertuples(index=False)`` gives them (named tuples of the
    column values), read column by column through one cached row type.

    Examples
    --------
    >>> [r.name for r in _rows(pd.DataFrame({"code": ["1"], "name": ["Pendidikan"]}))]
    ['Pendidikan']
    """
    row = _row_type(tuple(df.columns))
    return map(row._make, zip(*(column.tolist() for _, column in df.items())))


def _read_text_table(path) -> pd.DataFrame:
    """``pd.read_csv(path, dtype=str, keep_default_na=False)``: every cell as text, an empty
    cell as ``""``.

    A rectangular file (a header of distinct, non-empty names and rows of as many fields, blank
    lines aside; no carriage return, no line break inside a cell, no row of blanks) is read with the :mod:`csv` module, which splits fields and quotes as pandas
    does for such files, without the start-up of the pandas parser (most of the cost of reading
    the small register files once); any other file is read by pandas itself.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text('alias,entity_id,note\\nBKD,"53.x","L12, L40"\\n\\nNA,,\\n', encoding="utf-8")
    >>> _read_text_table(p).values.tolist()
    [['BKD', '53.x', 'L12, L40'], ['NA', '', '']]
    """
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]  # blank lines skipped
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    if ("\r" in text or len(header) < 2 or len(set(header)) != len(header)
            or not all(h.strip() for h in header) or not body
            or any(len(row) != len(header) or not "".join(row).strip() or "\n" in "".join(row) for row in body)):
        # line breaks inside cells, rows of blanks, ragged rows, unusual headers: pandas decides
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame({h: pd.array([row[k] for row in body], dtype="str") for k, h in enumerate(header)})


def _read(name: str, required: list[str]) -> pd.DataFrame:
    p = reference.path(name)
    df = _read_text_table(p)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"{p}: missing column(s) {', '.join(missing)}; expected {', '.join(required)}")
    for i, row in enumerate(_rows(df), start=2):
        for c in required[:2]:
            if not str(getattr(row, c)).strip():
                raise ValueError(f"{p} line {i}: empty {c!r}")
    return df


@lru_cache(maxsize=1)
def load_agencies() -> pd.DataFrame:
    """The agency register ``reference/agencies.csv`` (strings; empty cell = '').

    Raises
    ------
    ValueError
        Naming the file and line when a column is missing, an id is empty or repeated, an id does
        not start with its province code, a kind is unknown or an urusan is not in ``urusan.csv``.

    Examples
    --------
    >>> reg = load_agencies()
    >>> reg.set_index("entity_id").loc["53.dinas-sosial", "canonical_name"]
    'Dinas Sosial'
    """
    cols = ["entity_id", "province_code", "canonical_name", "short_name", "kind", "parent_id", "urusan", "source"]
    df = _read("agencies.csv", cols)
    names = set(load_urusan()["name"])
    seen: set[str] = set()
    src = reference.path("agencies.csv")
    for i, r in enumerate(_rows(df), start=2):
        where = f"{src} line {i}"
        if r.entity_id in seen:
            raise ValueError(f"{where}: entity_id {r.entity_id!r} repeated")
        seen.add(r.entity_id)
        if not re.fullmatch(rf"{re.escape(r.province_code)}\.[a-z0-9]+(?:-[a-z0-9]+)*", r.entity_id):
            raise ValueError(f"{where}: entity_id {r.entity_id!r} is not '<province code>.<slug>'")
        if r.kind not in KINDS:
            raise ValueError(f"{where}: kind {r.kind!r} not one of {', '.join(KINDS)}")
        for u in filter(None, r.urusan.split(";")):
            if u not in names:
                raise ValueError(f"{where}: urusan {u!r} is not a name of urusan.csv")
    parents = {p for p in df["parent_id"] if p}
    if parents - seen:
        raise ValueError(f"agencies.csv: parent_id not in the register: {', '.join(sorted(parents - seen))}")
    return df


@lru_cache(maxsize=1)
def load_agency_aliases() -> pd.DataFrame:
    """The alias file ``reference/agency_aliases.csv`` (``alias, entity_id, note``).

    Raises
    ------
    ValueError
        Naming the line of an alias whose ``entity_id`` is not in the register or whose note is empty.
    """
    df = _read("agency_aliases.csv", ["alias", "entity_id", "note"])
    ids = set(load_agencies()["entity_id"])
    src = reference.path("agency_aliases.csv")
    for i, r in enumerate(_rows(df), start=2):
        where = f"{src} line {i}"
        if r.entity_id not in ids:
            raise ValueError(f"{where}: entity_id {r.entity_id!r} of alias {r.alias!r} is not in agencies.csv")
        if not r.note.strip():
            raise ValueError(f"{where}: alias {r.alias!r} has no note saying where it is printed")
    reg = load_agencies()
    prov = dict(zip(reg["entity_id"], reg["province_code"]))
    canon: dict[str, set[str]] = {}
    for e, n in zip(reg["entity_id"], reg["canonical_name"]):
        canon.setdefault(normalise_agency(n), set()).add(e)
    for i, r in enumerate(_rows(df), start=2):
        clash = {e for e in canon.get(normalise_agency(r.alias), set())
                 if e != r.entity_id and prov[e] == prov[r.entity_id]}
        if clash:
            raise ValueError(f"{src} line {i}: alias {r.alias!r} normalises to "
                             f"the canonical name of {', '.join(sorted(clash))}, not of {r.entity_id}")
    return df


@lru_cache(maxsize=1)
def load_urusan() -> pd.DataFrame:
    """Urusan/unsur names of the Permendagri 90/2019 nomenclature (``reference/urusan.csv``)."""
    return _read("urusan.csv", ["code", "name", "kind", "note"])


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------
def _basic(raw: str) -> str:
    s = _MARKUP.sub(" ", str(raw))
    s = _NUMBERING.sub("", s)
    s = s.lower().replace("&", " dan ")
    s = _PUNCT.sub(" ", s).strip()
    s = _DOUBLED_WORD.sub(r"\1", s)  # doubled words: 'dinas dinas'
    return s


def _split_province(raw: str) -> tuple[str, str | None]:
    s = _basic(raw)
    code = None
    m = _PROVINCE_TAIL.search(s)
    if m and m.start() > 0:
        tail = m.group(0)
        code = next((c for n, c in _PROVINCE_NAMES.items() if re.search(rf"\b{n}\b", tail)), None)
        s = s[: m.start()].strip()
    if s.startswith("biro "):
        s = _SETDA_TAIL.sub("", s).strip()
    return s, code


def normalise_agency(raw: str) -> str:
    """Comparison key of an agency name.

    Removes markup and a leading number or letter, lower-cases, reads ``&`` as ``dan``, replaces
    punctuation by spaces, folds doubled words, and drops a trailing province ('Provinsi NTT',
    'Prov. Nusa Tenggara Timur', 'Provinsi Bali … di Jakarta') and, after a biro, 'Setda' or
    'Sekretariat Daerah'.

    Examples
    --------
    >>> normalise_agency("Dinas Pertanian &Ketahanan Pangan Provinsi Nusa Tenggara Timur")
    'dinas pertanian dan ketahanan pangan'
    >>> normalise_agency("Biro Organisasi Setda Provinsi Bali")
    'biro organisasi'
    >>> normalise_agency("**b. Dinas Dinas Pariwisata dan Ekonomi Kreatif**")
    'dinas pariwisata dan ekonomi kreatif'
    """
    return _split_province(raw)[0]


def _literal(raw: str) -> str:
    return _SPACES.sub(" ", str(raw)).strip().casefold()


def _tokens(text: str) -> list[str]:
    return [t for t in _basic(text).split() if t not in _URUSAN_CONNECTORS]


# ---------------------------------------------------------------------------------------------
# Indexes
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Index:
    literal: dict[str, tuple[str, ...]]
    canonical: dict[str, tuple[str, ...]]
    alias: dict[str, tuple[tuple[str, str], ...]]  # key -> ((entity_id, note), ...)
    names: dict[str, str]
    province: dict[str, str]
    serves: dict[str, frozenset[str]]  # entity_id -> urusan names
    kind: dict[str, str]


def _add(d: dict, key: str, value) -> None:
    if key:
        d.setdefault(key, [])
        if value not in d[key]:
            d[key].append(value)


@lru_cache(maxsize=1)
def _index() -> _Index:
    reg = load_agencies()
    literal: dict[str, list] = {}
    canonical: dict[str, list] = {}
    alias: dict[str, list] = {}
    for r in _rows(reg):
        _add(literal, _literal(r.canonical_name), r.entity_id)
        _add(canonical, normalise_agency(r.canonical_name), r.entity_id)
    for r in _rows(load_agency_aliases()):
        _add(alias, normalise_agency(r.alias), (r.entity_id, r.note))
    return _Index(
        {k: tuple(v) for k, v in literal.items()},
        {k: tuple(v) for k, v in canonical.items()},
        {k: tuple(v) for k, v in alias.items()},
        dict(zip(reg["entity_id"], reg["canonical_name"])),
        dict(zip(reg["entity_id"], reg["province_code"])),
        {r.entity_id: frozenset(filter(None, r.urusan.split(";"))) for r in _rows(reg)},
        dict(zip(reg["entity_id"], reg["kind"])),
    )


@lru_cache(maxsize=1)
def _urusan_vocab() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(tokens, canonical urusan name, code) for every vocabulary row, longest first."""
    u = load_urusan()
    main = {r.code: r.name for r in _rows(u) if r.kind in ("group", "urusan", "unsur")}
    out = []
    for r in _rows(u):
        name = r.name if r.kind != "variant" else main.get(r.code, r.name)
        toks = tuple(_tokens(r.name))
        if toks:
            out.append((toks, name, r.code))
    return tuple(sorted(out, key=lambda x: (-len(x[0]), x[1])))


@lru_cache(maxsize=1)
def _urusan_vocab_by_first() -> MappingProxyType:
    """The :func:`_urusan_vocab` entries by their first token, each list longest first (an entry
    can only match where its first token is)."""
    by_first: dict[str, list] = {}
    for v in _urusan_vocab():
        by_first.setdefault(v[0][0], []).append(v)
    return MappingProxyType({t: tuple(vs) for t, vs in by_first.items()})


@lru_cache(maxsize=1)
def _group_names() -> frozenset[str]:
    """Names of the urusan groups (``urusan.csv`` rows of kind ``group``)."""
    u = load_urusan()
    return frozenset(u.loc[u["kind"] == "group", "name"])


def urusan_of(raw: str) -> tuple[str, ...] | None:
    """The urusan names an urusan or unsur heading names, or None when ``raw`` is not one.

    A text starting with *Urusan*, *Unsur* or *Sub Urusan* is a heading (its urusan are those of
    ``urusan.csv`` found in it; possibly none, e.g. the bare group heading 'URUSAN PEMERINTAHAN');
    a text without that word is one only when it consists of urusan names alone ('Kehutanan',
    'PENDIDIKAN DAN PELATIHAN'). Group headings return the group's name.

    Examples
    --------
    >>> urusan_of("Urusan Lingkungan Hidup dan Kehutanan")
    ('Lingkungan Hidup', 'Kehutanan')
    >>> urusan_of("Kehutanan")
    ('Kehutanan',)
    >>> urusan_of("Dinas Kehutanan") is None
    True
    """
    s = _basic(raw)
    if not s:
        return None
    prefixed = bool(_URUSAN_PREFIX.match(s))
    if s.startswith("urusan pemerintahan bidang "):
        s = s[len("urusan pemerintahan bidang "):]
    toks = [t for t in s.split() if t not in _URUSAN_CONNECTORS]
    found: list[str] = []
    i = unmatched = 0
    vocab = _urusan_vocab_by_first()
    while i < len(toks):
        hit = next((v for v in vocab.get(toks[i], ()) if tuple(toks[i:i + len(v[0])]) == v[0]), None)
        if hit is None:
            unmatched += 1
            i += 1
            continue
        if hit[1] not in found:
            found.append(hit[1])
        i += len(hit[0])
    if prefixed:
        return tuple(found)
    if found and unmatched == 0:
        return tuple(found)
    return None


@lru_cache(maxsize=1)
def _urusan_codes() -> tuple[MappingProxyType, MappingProxyType]:
    """Read-only ``{name: code}`` of the urusan groups and of the urusan, unsur and sub-urusan."""
    u = load_urusan()
    group_codes = {n: c for n, c, k in zip(u["name"], u["code"], u["kind"]) if k == "group"}
    code_of = {n: c for n, c, k in zip(u["name"], u["code"], u["kind"]) if k in ("urusan", "unsur", "sub_urusan")}
    return MappingProxyType(group_codes), MappingProxyType(code_of)


@lru_cache(maxsize=1024)  # pure given the register (itself cached); few distinct headings
def _agencies_serving(names: tuple[str, ...], pcode: str | None) -> tuple[str, ...]:
    """Agencies of the province serving the urusan ``names`` (all of them when one agency serves
    every name, else any of them)."""
    idx = _index()
    group_codes, code_of = _urusan_codes()
    sets = []
    for n in names:
        if n in group_codes:
            g = group_codes[n]
            ids = {e for e, serv in idx.serves.items() if any(code_of.get(x, "").startswith(g + ".") for x in serv)}
        else:
            ids = {e for e, serv in idx.serves.items() if n in serv}
        if pcode:
            ids = {e for e in ids if idx.province[e] == pcode}
        sets.append(ids)
    if not sets:
        return ()
    common = set.intersection(*sets)
    return tuple(sorted(common or set.union(*sets)))


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------
def _pcode(province: str | None) -> str | None:
    if province is None or (not isinstance(province, str) and pd.isna(province)) or str(province).strip() == "":
        return None
    return province_code(str(province))


def _in_province(ids, pcode: str | None) -> tuple[str, ...]:
    idx = _index()
    return tuple(e for e in ids if pcode is None or idx.province[e] == pcode)


def _done(raw: str, eid: str, method: str, score: float, note: str, cands: tuple[str, ...] = ()) -> AgencyResolution:
    return AgencyResolution(raw, eid, _index().names[eid], method, float(score), note, cands)


def _context_pick(cands: tuple[str, ...], context: str | None, pcode: str | None) -> tuple[str | None, str]:
    """Pick one candidate with the context text (an agency name or an urusan heading)."""
    if not context or not str(context).strip():
        return None, ""
    sub = resolve_agency(str(context), pcode)
    if sub.entity_id in cands:
        return sub.entity_id, f"context {str(context)!r} names it ({sub.method})"
    idx = _index()
    ctx = set(_tokens(str(context))) - _GENERIC
    scores = {}
    for e in cands:
        words = set(_tokens(idx.names[e])) | {t for u in idx.serves[e] for t in _tokens(u)}
        scores[e] = len(ctx & (words - _GENERIC))
    best = max(scores.values(), default=0)
    top = [e for e, s in scores.items() if s == best]
    if best > 0 and len(top) == 1:
        return top[0], f"context {str(context)!r} shares words with its name or urusan"
    return None, ""


def _ambiguous(raw: str, cands: tuple[str, ...], why: str, context, pcode) -> AgencyResolution:
    pick, how = _context_pick(cands, context, pcode)
    names = "; ".join(f"{e} ({_index().names[e]})" for e in cands)
    if pick is not None:
        return _done(raw, pick, "context", 100.0, f"{why}: {names}; {how}", cands)
    return AgencyResolution(raw, None, None, "ambiguous", 0.0, f"{why}: {names}", cands)


def _first_kind(key: str) -> str | None:
    w = key.split(" ", 1)[0] if key else ""
    return w if w in _KIND_WORDS else None


@lru_cache(maxsize=16)
def _fuzzy_pool(pcode: str | None) -> tuple[tuple[str, str, str | None, tuple[str, ...]], ...]:
    """What :func:`_fuzzy` compares a name with, built once per province: (key, key without
    spaces, kind word, agency ids of the province) of every canonical name and alias."""
    idx = _index()
    pools = [(k, ids) for k, ids in idx.canonical.items()] + \
            [(k, tuple(e for e, _ in v)) for k, v in idx.alias.items()]
    out = []
    for k, ids in pools:
        ids = _in_province(ids, pcode)
        if ids:
            out.append((k, k.replace(" ", ""), _first_kind(k), ids))
    return tuple(out)


def _fuzzy(key: str, pcode: str | None) -> list[tuple[str, float]]:
    best: dict[str, float] = {}
    kind = _first_kind(key)
    flat = key.replace(" ", "")
    for k, k_flat, other, ids in _fuzzy_pool(pcode):
        if kind and other and kind != other:
            continue
        s = max(fuzz.token_sort_ratio(key, k), fuzz.ratio(flat, k_flat))
        for e in ids:
            best[e] = max(best.get(e, 0.0), s)
    return sorted(best.items(), key=lambda x: (-x[1], x[0]))


@lru_cache(maxsize=4096, typed=True)  # pure given the cached register; returns a frozen dataclass
def resolve_agency(name: str, province: str | None = None, context: str | None = None) -> AgencyResolution:
    """Resolve an agency name as printed to the register.

    Parameters
    ----------
    name : str
        The name as printed ('Inpektorat Daerah', 'Dinas PUPR', 'Urusan Kesatuan Bangsa dan Politik').
    province : str, optional
        Province name or code ('Nusa Tenggara Timur', 'NTT', '53'); restricts the candidates. A
        trailing 'Provinsi NTT'/'Provinsi Bali' in ``name`` is used when ``province`` is None.
    context : str, optional
        Text that decides between candidates: the urusan heading or the agency named around the row.

    Returns
    -------
    AgencyResolution
        With the ``method`` (:data:`METHODS`), a score and a note; nothing is guessed silently.

    Raises
    ------
    ValueError
        If ``province`` names no province.

    Examples
    --------
    >>> resolve_agency("Dinas Koperasi Tenaga Kerja dan Transmigrasi", "NTT").method
    'alias'
    >>> resolve_agency("Biro Organisasi Setda Provinsi Bali").entity_id
    '51.biro-organisasi'
    >>> resolve_agency("BKD", "NTT").method
    'ambiguous'
    >>> resolve_agency("BKD", "NTT", context="Urusan Kepegawaian").entity_id
    '53.badan-kepegawaian-daerah'
    """
    raw = "" if name is None or (not isinstance(name, str) and pd.isna(name)) else str(name)
    pcode = _pcode(province)
    key, named = _split_province(raw)
    note_p = ""
    if pcode is None and named is not None:
        pcode, note_p = named, f"province {named} from the name"
    if not key:
        return AgencyResolution(raw, None, None, "unresolved", 0.0, "empty name")
    idx = _index()
    # 1. literal canonical name
    ids = _in_province(idx.literal.get(_literal(raw), ()), pcode)
    if len(ids) == 1:
        return _done(raw, ids[0], "exact", 100.0, note_p)
    # 2. alias
    hits = [(e, n) for e, n in idx.alias.get(key, ()) if e in _in_province([e], pcode)]
    if len(hits) == 1:
        return _done(raw, hits[0][0], "alias", 100.0, "; ".join(filter(None, [hits[0][1], note_p])))
    if len(hits) > 1:
        return _ambiguous(raw, tuple(sorted({e for e, _ in hits})), "alias of several agencies", context, pcode)
    # 3. canonical name after normalisation
    ids = _in_province(idx.canonical.get(key, ()), pcode)
    if len(ids) == 1:
        return _done(raw, ids[0], "exact", 100.0,
                     "; ".join(filter(None, ["equal after normalisation (case, punctuation, province)", note_p])))
    if len(ids) > 1:
        return _ambiguous(raw, ids, "canonical name of agencies in several provinces", context, pcode)
    # 4. urusan heading: never an agency; the agency that serves the urusan
    urusan = urusan_of(raw)
    if urusan is not None:
        if not urusan:
            return AgencyResolution(raw, None, None, "unresolved", 0.0,
                                    "an urusan heading naming no urusan of the vocabulary; not an agency")
        cands = _agencies_serving(urusan, pcode)
        what = f"urusan heading ({'; '.join(urusan)})"
        groups = _group_names()
        if len(cands) > 1 and set(urusan) <= groups:
            return AgencyResolution(raw, None, None, "unresolved", 0.0,
                                    f"an urusan group heading ({'; '.join(urusan)}, served by {len(cands)} "
                                    "agencies); not an agency", cands)
        if len(cands) == 1:
            return _done(raw, cands[0], "urusan_heading", 100.0,
                         f"{what} is served by {idx.names[cands[0]]} (register column urusan)")
        if not cands:
            return AgencyResolution(raw, None, None, "unresolved", 0.0, f"{what}: no agency of the register serves it")
        return _ambiguous(raw, cands, f"{what} served by several agencies", context, pcode)
    # 5. fuzzy
    if len(key.replace(" ", "")) >= MIN_FUZZY_LENGTH:
        scored = _fuzzy(key, pcode)
        if scored and scored[0][1] >= FUZZY_THRESHOLD:
            close = tuple(e for e, s in scored if s > scored[0][1] - FUZZY_GAP)
            if len(close) == 1:
                e, s = scored[0]
                return _done(raw, e, "fuzzy", s, f"closest register name {idx.names[e]!r} (score {s:.1f})")
            return _ambiguous(raw, close, f"fuzzy match within {FUZZY_GAP:g} points of several agencies",
                              context, pcode)
    # 6. a province the register does not cover: an id derived from the agency's name
    if pcode is not None and pcode not in _register_provinces():
        derived = derived_agency(raw, pcode)
        if derived is not None:
            return AgencyResolution(raw, derived[0], derived[1], "derived", 100.0,
                                    f"province {pcode} is not in the register: id derived from the name "
                                    "(the same name in every table and document of the province gets the same id)")
    return AgencyResolution(raw, None, None, "unresolved", 0.0,
                            "no register name, alias, urusan or close spelling" + (f"; {note_p}" if note_p else ""))


#: Words that open an agency's name (a derived id is made only for such a name, not for an urusan
#: heading, a programme or a fragment).
_AGENCY_OPENING = re.compile(r"^(?:dinas|badan|biro|inspektorat|sekretariat|satuan|satpol|rsud|rumah sakit|kantor|"
                             r"pemerintah|bappeda|bapenda|bpkad|bpbd|bkd|bkpsdm)\b")
#: A trailing province ('… Provinsi Jawa Tengah', '… Prov. Jawa Barat'); a kabupaten or kota
#: stays in the name: it tells one government's agency from another's.
_REGION_TAIL = re.compile(r"\s+(?:provinsi|prov)\s+(?P<rest>.+)$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def _derives(name: str, province: str) -> bool:
    """Whether ``name`` resolves to a derived id (a province outside the register)."""
    return resolve_agency(name, province or None).method == "derived"


@lru_cache(maxsize=256)
def outside_register(province: str | None) -> bool:
    """Whether a province (name or code) is one the agency register does not cover (its agencies
    get derived ids, :func:`derived_agency`); False for an unknown or missing province.

    >>> outside_register("Jawa Tengah"), outside_register("Nusa Tenggara Timur"), outside_register("")
    (True, False, False)
    """
    try:
        pcode = _pcode(province)
    except ValueError:
        return False
    return pcode is not None and pcode not in _register_provinces()


@lru_cache(maxsize=1)
def _register_provinces() -> frozenset[str]:
    return frozenset(_index().province.values())


def derived_agency(name: str, pcode: str) -> tuple[str, str] | None:
    """``(entity_id, name)`` derived from an agency's name in a province the register does not
    cover: ``<province code>.<slug>`` of the normalised name without a trailing province
    (``Dinas Kesehatan Provinsi Jawa Tengah`` and ``Dinas Kesehatan`` get one id; a kabupaten or
    kota stays: ``Inspektorat Kabupaten Jombang`` is not another kabupaten's inspektorat); None
    when the name does not open with an agency word.

    Examples
    --------
    >>> derived_agency("Dinas Kesehatan Provinsi Jawa Tengah", "33")
    ('33.dinas-kesehatan', 'Dinas Kesehatan')
    >>> derived_agency("Inspektorat Kabupaten Jombang", "35")
    ('35.inspektorat-kabupaten-jombang', 'Inspektorat Kabupaten Jombang')
    >>> derived_agency("Pemerintah Provinsi Jawa Tengah", "33")[0]
    '33.pemerintah-provinsi-jawa-tengah'
    >>> derived_agency("Urusan Pendidikan", "33") is None
    True
    """
    key = normalise_agency(name)
    if not _AGENCY_OPENING.match(key):
        return None
    printed = " ".join(str(name).split())
    m = _REGION_TAIL.search(key)
    if m and _names_a_province(m.group("rest")) and key[:m.start()] != "pemerintah":  # (the pemda keeps it)
        key = key[:m.start()]
        words = len(key.split())
        printed = " ".join(printed.split()[:words])
    slug = _NON_SLUG.sub("-", key).strip("-")
    return (f"{pcode}.{slug}", printed) if slug else None


def _names_a_province(text: str) -> bool:
    """Whether ``text`` (after 'Provinsi') names a province."""
    from .regions import province_code

    try:
        return bool(text.split()) and province_code(text) is not None
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------
#: A trailing kabupaten or kota of an agency's normalised name ('… kabupaten jombang').
_GOVERNMENT_TAIL = re.compile(r"\s(?P<tail>(?:kabupaten|kab|kota)\s.+)$")


def government_of(names, province: str | None) -> str | None:
    """The kabupaten/kota government a document's agency names belong to, when they name exactly
    one (``Inspektorat Kabupaten Jombang`` → ``kabupaten jombang``), else None; only for a
    province the register does not cover (where ids are derived, :func:`derived_agency`).

    >>> government_of(["Inspektorat Kabupaten Jombang", "Inspektorat", "Dinas Tata Kota"], "Jawa Timur")
    'kabupaten jombang'
    >>> government_of(["Dinas Kesehatan Kota Semarang", "Dinas Kesehatan Kabupaten Demak"], "33") is None
    True
    """
    from .regions import name_tokens

    pcode = _pcode(province)
    if pcode is None or pcode in _register_provinces():
        return None
    tokens = name_tokens(pcode)
    tails = set()
    for n in names:
        m = _GOVERNMENT_TAIL.search(normalise_agency(str(n)))
        if m and set(m.group("tail").split()[1:]) & tokens:
            tails.add(re.sub(r"^kab\b", "kabupaten", m.group("tail")))
    return tails.pop() if len(tails) == 1 else None


def assign_entity_ids(frame: pd.DataFrame, province_col: str = "province",
                      entity_col: str = "entity",
                      governments: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``entity_id`` to a table of the contract (budget or indicators).

    Every distinct (province, entity) is resolved once with :func:`resolve_agency`; unresolved and
    ambiguous names get an empty ``entity_id``.

    Parameters
    ----------
    frame : DataFrame
        With ``entity_col`` and ``province_col`` (and ``doc_id``, used in the returned list).
    province_col, entity_col : str
        Column names.
    governments : dict of str to str, optional
        Per doc_id, the kabupaten/kota government of a document from a province the register does
        not cover (:func:`government_of`): an agency name without one gets it for its derived id
        (``Inspektorat`` in the Jombang LKjIP is ``Inspektorat Kabupaten Jombang``).

    Returns
    -------
    frame : DataFrame
        A copy with an ``entity_id`` column (string; missing when unresolved).
    resolutions : DataFrame
        One row per (doc_id, province, entity): ``entity_id, canonical_name, method, score, note,
        rows``. The method stays here (the extraction report), not in the contract tables;
        ``resolutions[resolutions.entity_id == ""]`` are the unresolved names.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["001", "001"], "province": ["Nusa Tenggara Timur"] * 2,
    ...                    "entity": ["Inpektorat Daerah", "Urusan Penanggulangan Bencana"]})
    >>> out, res = assign_entity_ids(df)
    >>> out["entity_id"].tolist()
    ['53.inspektorat-daerah', '53.badan-penanggulangan-bencana-daerah']
    >>> list(res["method"])
    ['alias', 'urusan_heading']
    """
    out = frame.copy(deep=False)  # copy-on-write: the column added below is the copy's own
    cols = ["doc_id", province_col, entity_col, "entity_id", "canonical_name", "method", "score", "note", "rows"]
    if out.empty:
        out["entity_id"] = pd.Series(dtype="string")
        return out, pd.DataFrame(columns=cols)

    def text(v) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    cache: dict[tuple[str, str], AgencyResolution] = {}
    keys = [(p if type(p) is str else text(p), e if type(e) is str else text(e))  # text: itself
            for p, e in zip(out[province_col].tolist(), out[entity_col].tolist())]
    docs = ([d if type(d) is str else text(d) for d in out["doc_id"].tolist()] if "doc_id" in out.columns
            else [""] * len(out))
    if governments:
        # a derived id takes the document's government when the name does not print one
        keys = [(p, f"{e} {governments[d]}") if d in governments and e and not _GOVERNMENT_TAIL.search(
            normalise_agency(e)) and _derives(e, p) else (p, e) for d, (p, e) in zip(docs, keys)]
    for k in keys:
        if k not in cache:
            cache[k] = resolve_agency(k[1], k[0] or None)
    out["entity_id"] = pd.array([cache[k].entity_id for k in keys], dtype="string")  # <NA> when unresolved
    counts: dict[tuple[str, str, str], int] = {}
    for d, k in zip(docs, keys):
        counts[(d, *k)] = counts.get((d, *k), 0) + 1
    recs = []
    for (d, p, e), n in counts.items():
        res = cache[(p, e)]
        recs.append({"doc_id": d, province_col: p, entity_col: e, "entity_id": res.entity_id or "",
                     "canonical_name": res.canonical_name or "", "method": res.method, "score": res.score,
                     "note": res.note, "rows": n})
    # sorted by doc_id and entity (texts; a stable sort, as sort_values(kind="mergesort"))
    recs.sort(key=lambda r: (r["doc_id"], r[entity_col]))
    return out, pd.DataFrame(recs, columns=cols)
