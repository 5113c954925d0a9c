"""Parse rupiah amounts, percentages and counts as printed in Indonesian reports.

The converted reports mix two number styles, sometimes within one table:

* Indonesian (``id``): ``1.234.567,89`` — dot groups thousands, comma marks decimals;
* US (``us``): ``1,234,567.89`` — comma groups thousands, dot marks decimals;

plus unformatted integers (``1153396300``), prefixes (``Rp``, ``Rp.``, ``RP.``, ``Rp. Rp.``),
tails (``,-``, ``,00,-``), negatives as ``(123)`` or ``-123``, missing values (``-``, blank,
``#DIV/0!``), percent signs and scale words (``5,31 Triliun``).

Every parse returns a :class:`ParsedNumber` that carries either a value or a reason, never
both silently: ``status`` is ``ok`` (value set; ``note`` says how an ambiguous shape was
resolved, if it was), ``missing`` (dash, blank, spreadsheet error), ``malformed`` (digit groups
of the wrong size, doubled separators, truncated amounts), ``ambiguous`` (``1.234`` with no
context to tell thousands from decimals) or ``text`` (no number at all). Malformed numbers are
reported, never coerced.

Ambiguity is resolved by a *style hint* (``"id"`` or ``"us"``) that the caller derives from
context — the column, the row, or the document — with :func:`infer_style`.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Style = Literal["id", "us"]
Status = Literal["ok", "missing", "malformed", "ambiguous", "text"]

__all__ = [
    "ParsedNumber",
    "parse_number",
    "parse_amount",
    "parse_percent",
    "rejoin_cut_number",
    "ends_in_cut_number",
    "grouped_reading",
    "GROUPED_AMOUNT_SCALE_BELOW",
    "number_shape",
    "infer_style",
    "infer_document_style",
    "NumberContext",
    "number_context",
    "parse_in_context",
    "find_numbers",
    "number_statuses",
    "NumberToken",
    "SCALE_WORDS",
]


@dataclass(frozen=True)
class ParsedNumber:
    """Result of parsing one printed number.

    Attributes
    ----------
    raw : str
        The text as printed.
    value : float or None
        The number (rupiah, percent points or count); None unless ``status == "ok"``.
    status : {"ok", "missing", "malformed", "ambiguous", "text"}
        Outcome of the parse.
    is_percent : bool
        True when the text carried a ``%`` sign (or the caller expected a percentage).
    style : {"id", "us", "plain"} or None
        The number style the value was read in.
    note : str
        Why the value is missing/malformed/ambiguous, or how an ambiguous shape was resolved;
        empty for an unremarkable parse.
    """

    raw: str
    value: float | None
    status: Status
    is_percent: bool = False
    style: str | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        """True when a value was read."""
        return self.status == "ok"


# --------------------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------------------
_MARKUP = re.compile(r"\*\*|</?(?:u|b|i|p|strong|em|span)[^>]*>", re.I)
_PREFIX = re.compile(r"^(?:R\s?[pP]\s*\.?\s*:?\s*)+")
SCALE_WORDS: dict[str, float] = {
    "triliun": 1e12,
    "trilyun": 1e12,
    "milyar": 1e9,
    "miliar": 1e9,
    "m": 1e9,
    "juta": 1e6,
    "jt": 1e6,
    "ribu": 1e3,
    "rb": 1e3,
    "000": 1e3,
}
"""The one vocabulary of scale words (lower case) and their factors.

Used for value suffixes (``5,31 Triliun``, ``2.454,75 M``, ``12 Jt``, ``500 Rb``: see
:func:`parse_number`) and in column headers (``(miliar rupiah)``, ``(Rp juta)``, ``(Rp 000)``,
``(ribu jiwa)``: see :func:`analysis.extract.regional.unit_scale_from_header`). Two entries are
restricted because they also mean something else: ``m`` (miliar) is read as a value suffix only
as an upper-case ``M`` after a rupiah amount (``expect="amount"``; a lower-case ``m`` is a metre),
and ``000`` only in a header next to a currency word (``(Rp 000)``)."""

_SUFFIX_WORDS = sorted((w for w in SCALE_WORDS if w.isalpha() and w != "m"), key=len, reverse=True)
_SCALE_RE = re.compile(r"\s*(" + "|".join(_SUFFIX_WORDS) + r")\.?\s*$", re.I)
_SCALE_M_RE = re.compile(r"(?<=[\d\s])\s*(M)\.?\s*$")
_SCALE_END = re.compile(r"(?:" + "|".join(_SUFFIX_WORDS) + r")\.?$", re.I)
_LONGEST_SUFFIX = max(map(len, _SUFFIX_WORDS)) + 1  # the word and its '.'
_MISSING_TOKENS = {
    "": "blank cell",
    "-": "dash (zero or not reported)",
    "--": "dash (zero or not reported)",
    "–": "dash (zero or not reported)",
    "—": "dash (zero or not reported)",
    "(-)": "dash (zero or not reported)",
    "n/a": "marked not available",
    "na": "marked not available",
    "n.a": "marked not available",
    "n.a.": "marked not available",
    "nihil": "marked nil",
}
_SPREADSHEET_ERR = re.compile(r"^#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!)$", re.I)

# Shapes of the numeric body (after sign, prefix, tails and % were removed).
_RE_PLAIN_INT = re.compile(r"^\d+$")
_RE_ID_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_RE_US_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_RE_COMMA_DEC = re.compile(r"^\d+,\d+$")
_RE_DOT_DEC = re.compile(r"^\d+\.\d+$")
_RE_DIGIT = re.compile(r"\d")
_RE_NOT_NUMERIC = re.compile(r"[^\d.,]")
_RE_DOUBLED_SEP = re.compile(r"[.,]{2,}")
_RE_ONE_GROUP = re.compile(r"^\d{1,3}[.,]\d{3}$")
_RE_SEP = re.compile(r"[.,]")

# Patterns of _parse_text and parse_in_context, compiled once (they run for every cell).
_RE_BRACKETED = re.compile(r"\((.*)\)")
_RE_PREFIX_LOST_DIGITS = re.compile(r"^R\s?[pP]\s+\.\d")
_RE_DASH_TAIL = re.compile(r"(?:,0{1,2})?[,.]?\s*-$")
_RE_STRAY_00 = re.compile(r"\s+,0{1,2}$")
_RE_SPACED_GROUPS = re.compile(r"[\d.,]+(?:\s+[\d.,]+)+")
_RE_SPACES = re.compile(r"\s+")
#: White space next to a separator inside a number ('1.901, 84', '2. 500.000').
_RE_SEPARATOR_SPACE = re.compile(r"(?<=[.,])\s+|\s+(?=[.,])")
#: Thousands groups set apart by single spaces ('1 234 567', '12 500,50').
_RE_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_RE_US_THREE_DECIMALS = re.compile(r",\d{3}\.\d{3}$")
_RE_AMBIGUOUS_BODY = re.compile(r"(\d{1,3})([.,])(\d{3})")


@functools.lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    s = _MARKUP.sub("", text) if "*" in text or "<" in text else text  # markup: ** or <tag>
    s = s.replace("\u00a0", " ").replace("\u2212", "-").strip()
    return s


@dataclass(frozen=True)
class _Shape:
    kind: Literal["int", "id", "us", "ambiguous", "malformed", "text"]
    detail: str = ""


def number_shape(body: str) -> str:
    """Classify an unsigned numeric body.

    Returns one of ``"int"`` (plain digits), ``"id"`` (only readable as Indonesian),
    ``"us"`` (only readable as US), ``"ambiguous"`` (readable both ways, e.g. ``1.234``),
    ``"malformed"`` or ``"text"``.

    Examples
    --------
    >>> number_shape("4.460.977.040.468,77"), number_shape("3,639,196,510.00")
    ('id', 'us')
    >>> number_shape("1.329"), number_shape("6.1249.934.780")
    ('ambiguous', 'malformed')
    """
    return _shape(body).kind


# The shapes without a detail, made once (a shape is immutable; _shape is called for every
# distinct token of a document).
_SHAPE_TEXT, _SHAPE_INT, _SHAPE_AMBIGUOUS = _Shape("text"), _Shape("int"), _Shape("ambiguous")
_SHAPE_ID, _SHAPE_US = _Shape("id"), _Shape("us")


@functools.lru_cache(maxsize=65536)
def _shape(body: str) -> _Shape:
    b = body.replace(" ", "")
    if b.isdecimal():  # the commonest body: what the tests below find for it ('\d' is decimal)
        return _SHAPE_INT
    if not b or not _RE_DIGIT.search(b):
        return _SHAPE_TEXT
    if _RE_NOT_NUMERIC.search(b):
        return _SHAPE_TEXT
    if _RE_DOUBLED_SEP.search(b):
        return _Shape("malformed", "doubled separator")
    if b[0] in ".,":
        return _Shape("malformed", "starts with a separator (leading digits lost?)")
    if b[-1] in ".,":
        return _Shape("malformed", "ends with a separator")
    if _RE_PLAIN_INT.match(b):
        return _SHAPE_INT
    # one separator, exactly three digits after it, 1-3 digits before: thousands or decimals
    if _RE_ONE_GROUP.match(b):
        return _SHAPE_AMBIGUOUS
    if _RE_ID_GROUPED.match(b):
        return _SHAPE_ID
    if _RE_US_GROUPED.match(b):
        return _SHAPE_US
    if _RE_COMMA_DEC.match(b) or _RE_DOT_DEC.match(b):
        frac = _RE_SEP.split(b)[1]
        if len(frac) > 4:
            return _Shape(
                "malformed",
                f"{len(frac)} digits after the separator (a broken thousands group?)",
            )
        return _SHAPE_ID if "," in b else _SHAPE_US
    dots, commas = b.count("."), b.count(",")
    if dots and commas:
        return _Shape("malformed", "mixed or misplaced separators")
    return _Shape("malformed", "digit groups of irregular size")


# The patterns anchored at the end of the text ('$', which also matches before a final '\n')
# are searched from every position of the text, which is slow for the long prose cells the
# extractors try: each search below runs only when the end of the text could match it.
_DASH_ENDS = ("-", "-\n")  # _RE_DASH_TAIL ends so
_ZERO_ENDS = ("0", "0\n")  # _RE_STRAY_00 ends so


def _scale_suffix(s: str, expect: str) -> re.Match[str] | None:
    """The scale word ending ``s`` (``_SCALE_RE``; ``_SCALE_M_RE`` too for amounts)."""
    end = s.rstrip()  # what _SCALE_RE leaves after the word and its '.': white space only
    last = end[-1:]
    if not (last == "." or last.isalpha()):  # a number ends in a digit: no scale word
        return None
    if _SCALE_END.search(end[-_LONGEST_SUFFIX:]):
        sm = _SCALE_RE.search(s)
        # re.I also folds non-ASCII look-alikes ('trılıun', dotless ı): only a word of
        # SCALE_WORDS is a scale word
        if sm and sm.group(1).lower() in SCALE_WORDS:
            return sm
    if expect == "amount" and end.endswith(("M", "M.")):
        return _SCALE_M_RE.search(s)
    return None


def _scaled(value: float, scale: float) -> float:
    """``value * scale`` without binary noise, in decimal arithmetic on the printed digits
    (``1.1 * 1e9`` is 1100000000, not …0.0000002; ``1.08 * 1e12`` is 1080000000000, not
    …0.0001).

    >>> _scaled(1.08, 1e12), _scaled(12.5, 1e9), _scaled(3.0, 1.0)
    (1080000000000.0, 12500000000.0, 3.0)
    """
    return value if scale == 1.0 else float(Decimal(repr(value)) * Decimal(repr(scale)))


def _to_float(body: str, style: str) -> float:
    b = body.replace(" ", "")
    if style == "id":
        return float(b.replace(".", "").replace(",", "."))
    if style == "us":
        return float(b.replace(",", ""))
    return float(b)


# --------------------------------------------------------------------------------------
# Parsing one value
# --------------------------------------------------------------------------------------
def parse_number(
    text: str | float | int | None,
    style: str | None = None,
    expect: Literal["amount", "percent", "any"] = "any",
) -> ParsedNumber:
    """Parse one printed number.

    Parameters
    ----------
    text : str
        The cell or token as printed, e.g. ``"Rp. 4.460.977.040.468,77"``, ``"(68%)"``,
        ``"#DIV/0!"``.
    style : {"id", "us"}, optional
        Style used to resolve an ambiguous shape (``1.234``); derive it from the column, the
        row or the document with :func:`infer_style`. Unambiguous shapes ignore it.
    expect : {"amount", "percent", "any"}
        ``"percent"`` treats brackets as enclosure (``(68%)`` and ``(98.49)`` are 68 and
        98.49, not negatives) and marks the value as a percentage. ``"amount"`` reads a
        three-decimal US shape in a rupiah amount (``249,999.400``) as malformed.

    Returns
    -------
    ParsedNumber
        A value or a reason; never raises for odd input.

    Examples
    --------
    >>> parse_number("4.460.977.040.468,77").value
    4460977040468.77
    >>> parse_number("(2.061.824.237.011)").value
    -2061824237011.0
    >>> parse_number("#DIV/0!").status
    'missing'
    >>> parse_amount("2.454,75 M").value, parse_number("5,31 Triliun").value
    (2454750000000.0, 5310000000000.0)
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ParsedNumber("", None, "missing", note="blank cell")
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return ParsedNumber(str(text), float(text), "ok", style="plain")
    return _parse_text(str(text), style, expect)


#: A text of ASCII digits and separators only, starting and ending with a digit ('2023',
#: '1.234.567', '12,5'): the most common cell, which no cleaning step of _parse_text changes.
_BARE_NUMBER_TEXT = re.compile(r"[0-9](?:[0-9.,]*[0-9])?")


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(raw: str, style: str | None, expect: str) -> ParsedNumber:
    # parse_number for text; pure and cached (a cell is often read by several extractors)
    if _BARE_NUMBER_TEXT.fullmatch(raw):  # nothing to clean: read its shape at once
        if raw.isdigit():  # ASCII digits only ('2023'): what _read_shape gives an 'int' shape
            return ParsedNumber(raw, float(raw), "ok", expect == "percent", "plain")
        return _read_shape(raw, raw, style, expect, expect == "percent", False, 1.0, [])
    s = _clean(raw)
    low = s.lower()
    if low in _MISSING_TOKENS:
        return ParsedNumber(raw, None, "missing", expect == "percent", note=_MISSING_TOKENS[low])
    if s[:1] == "#" and _SPREADSHEET_ERR.match(s):  # the pattern's first character
        return ParsedNumber(raw, None, "missing", expect == "percent", note=f"spreadsheet error {s}")

    is_pct = expect == "percent"
    negative = False
    notes: list[str] = []

    # brackets: negative for amounts, enclosure for percentages
    # the patterns below that start with '(' or 'R' are tried only on a text starting so
    m = _RE_BRACKETED.fullmatch(s) if s[:1] == "(" else None
    if m:
        inner = m.group(1).strip()
        if "%" in inner or expect == "percent":
            is_pct = True
        else:
            negative = True
        s = inner
    if s[:1] == "R":
        if _RE_PREFIX_LOST_DIGITS.match(s):
            return ParsedNumber(raw, None, "malformed", is_pct,
                                note="malformed number: starts with a separator (leading digits lost?)")
        s = _PREFIX.sub("", s)
    s = s.strip()
    # 'RP. (14.968.336.9)': prefix outside the brackets
    m = _RE_BRACKETED.fullmatch(s) if s[:1] == "(" else None
    if m:
        negative = not is_pct
        s = m.group(1).strip()
    if s.endswith("%"):
        is_pct = True
        s = s[:-1].strip()
    if s[:1] in "-–" and len(s) > 1:
        negative = not negative
        s = s[1:].strip()
    if s.startswith("+"):
        s = s[1:].strip()
    scale = 1.0
    sm = _scale_suffix(s, expect)
    if sm:
        scale = SCALE_WORDS[sm.group(1).lower()]
        notes.append(f"scaled by '{sm.group(1)}'")
        s = s[: sm.start()].strip()
    # tails: ',-'  ',00,-'  '.-'  trailing '-'  and a stray ' ,00' after a grouped number
    s2 = (_RE_DASH_TAIL.sub("", s) if s.endswith(_DASH_ENDS) else s).strip()
    if s2 != s:
        s = s2
    tail = _RE_STRAY_00.search(s) if s.endswith(_ZERO_ENDS) else None
    if tail and _shape(s[: tail.start()]).kind in ("us", "id", "int"):
        notes.append("stray ',00' tail after the amount ignored")
        s = s[: tail.start()]
    s = s.strip()
    if s.endswith("%"):
        is_pct = True
        s = s[:-1].strip()
    # internal spaces between digit groups ('1.901, 84', '2. 500.000', '1 234 567') are
    # conversion noise; two numbers a space apart ('3000 3500', two columns a converter
    # printed too close) are not one number
    if _RE_SPACED_GROUPS.fullmatch(s):
        joined = _RE_SEPARATOR_SPACE.sub("", s)
        if not _RE_SPACES.search(joined) or _RE_SPACED_THOUSANDS.fullmatch(joined):
            notes.append("spaces inside the number removed")
            s = _RE_SPACES.sub("", joined)
        else:
            return ParsedNumber(raw, None, "malformed", is_pct,
                                note="numbers a space apart (two columns printed too close?); "
                                     "not read as one number")
    return _read_shape(raw, s, style, expect, is_pct, negative, scale, notes)


def _read_shape(raw: str, s: str, style: str | None, expect: str, is_pct: bool, negative: bool,
                scale: float, notes: list[str]) -> ParsedNumber:
    """The value of the cleaned numeric body ``s`` of ``raw`` by its shape (the second half of
    :func:`_parse_text`: sign, scale and notes found while cleaning are given).

    Its statuses alone are also given by :func:`_body_status` (the counts of the report, without
    a parse): a change of a branch here is a change there too (tests/test_numbers.py compares
    the two on generated bodies)."""
    shape = _shape(s)
    sign = -1.0 if negative else 1.0
    if shape.kind == "text":
        return ParsedNumber(raw, None, "text", is_pct, note="no number in the text")
    if shape.kind == "malformed":
        return ParsedNumber(raw, None, "malformed", is_pct, note=f"malformed number: {shape.detail}")
    if shape.kind == "int":
        return ParsedNumber(raw, _scaled(sign * float(s), scale), "ok", is_pct, "plain", "; ".join(notes))
    if shape.kind == "us" and expect == "amount" and _RE_US_THREE_DECIMALS.search(s):
        return ParsedNumber(
            raw, None, "malformed", is_pct,
            note="malformed number: mixed separators with three decimals in a rupiah amount",
        )
    if shape.kind in ("id", "us"):
        value = _scaled(sign * _to_float(s, shape.kind), scale)
        return ParsedNumber(raw, value, "ok", is_pct, shape.kind, "; ".join(notes))
    # ambiguous: d{1,3}[.,]ddd
    sep = "." if "." in s else ","
    thousands_style = "id" if sep == "." else "us"
    if style in ("id", "us"):
        as_thousands = style == thousands_style
        reading = "thousands separator" if as_thousands else "decimal separator"
        notes.append(f"ambiguous '{s}': '{sep}' read as {reading} ({style} style from context)")
        value = _scaled(sign * _to_float(s, style), scale)
        return ParsedNumber(raw, value, "ok", is_pct, style, "; ".join(notes))
    readings = f"{_to_float(s, 'id') if sep == '.' else _to_float(s, 'us'):g} or " \
               f"{_to_float(s, 'us') if sep == '.' else _to_float(s, 'id'):g}"
    return ParsedNumber(
        raw, None, "ambiguous", is_pct,
        note=f"ambiguous '{s}': could be {readings}; no style given to decide",
    )


# --------------------------------------------------------------------------------------
# A cell's lines joined (a number or word a line end cut)
# --------------------------------------------------------------------------------------
_CUT_HEAD = re.compile(r"(\d[\d.,]*[.,])$")
_CUT_TAIL = re.compile(r"^([.,]?\d(?:[\d.,]*\d)?%?)(?=\s|$)(.*)$")
#: A grouped number (one thousands group at least) ending with a separator.
_CUT_GROUPED_HEAD = re.compile(r"(?<!\d)\d{1,3}(?:[.,]\d{3})+[.,]$")
#: A grouped number cut inside its last group (its last digits on the next line of the cell):
#: ``525,774,880.0`` | ``0``, ``1.234.5`` | ``67``. Group 1 the head's number.
_CUT_HEAD_DIGIT = re.compile(r"(?<![\d,])(?<!\d\.)(\d{1,3}(?:[.,]\d{3})+[.,]\d{1,2}|\d{1,3}(?:[.,]\d{3})*[.,]\d{1,2})$")
#: The rest of a cut group alone on the next line of the cell: one to three digits.
_CUT_TAIL_DIGITS = re.compile(r"^\d{1,3}%?$")
#: The rest of a cut group at the start of the next line, with its decimals, whatever follows
#: (``0,- …``, ``0,00``, ``0)``).
_CUT_TAIL_REST = re.compile(r"^\d{1,3}(?:[.,]\d{1,2}(?!\d))?(?![\d.,]*\d)")
_GROUPED_ONE_DECIMAL = re.compile(r"\d[.,]\d{3}[.,]\d$")
#: A grouped number cut before a separator: the head ends with a whole group (``43.786.430``),
#: the next line starts with the separator and the next group (``.945``).
_CUT_HEAD_GROUP = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})*)$")
_CUT_TAIL_SEPARATOR = re.compile(r"^([.,]\d{3}(?:[.,]\d+)*)(?=\s|%|$)")


def ends_in_cut_number(text: str, grouped: bool = True) -> bool:
    """Whether ``text`` ends with a number cut after a separator, its rest following on the
    next line, cell or page: a grouped number (``Rp.18.117.215.``), or with ``grouped=False``
    any (``1.128,``; also a sentence's last year, ``… tahun 2023.``, so only where a line of
    digits follows).

    >>> ends_in_cut_number("Input: Rp.18.117.215."), ends_in_cut_number("tahun 2023.")
    (True, False)
    >>> ends_in_cut_number("1.128,", grouped=False), ends_in_cut_number("Rp 5.000")
    (True, False)
    """
    return (_CUT_GROUPED_HEAD if grouped else _CUT_HEAD).search(text.rstrip()) is not None


def rejoin_cut_number(head: str, tail: str) -> tuple[str, str]:
    """Join two pieces of text of one cell, the second printed on the next line.

    When ``head`` ends with a number cut after a separator (``1.128,``) and ``tail`` starts
    with digits (``26``), the pieces are joined without a space if the result is a well-formed
    number (status ``rejoined``); if not, they stay apart and the status is ``malformed`` (the
    caller reports it). Any other pair is joined by a space (status ``''``).

    Examples
    --------
    >>> rejoin_cut_number("93.", "5%")
    ('93.5%', 'rejoined')
    >>> rejoin_cut_number("Perencanaan,", "Penganggaran")
    ('Perencanaan, Penganggaran', '')

    A grouped number cut inside its last group (a word processor wraps a number wider than its
    cell anywhere): ``1.234.5`` is no whole number, and a grouped amount has no single decimal
    when a second one follows alone; two whole numbers stay apart:

    >>> rejoin_cut_number("525,774,880.0", "0"), rejoin_cut_number("Rp 1.234.5", "67")
    (('525,774,880.00', 'rejoined'), ('Rp 1.234.567', 'rejoined'))
    >>> rejoin_cut_number("25 kasus/", "25 laporan")
    ('25 kasus/25 laporan', '')
    >>> rejoin_cut_number("43.786.430", ".945")
    ('43.786.430.945', 'rejoined')
    >>> rejoin_cut_number("Input : Rp .3,017,669,25", "8 ,00")  # after a currency word's point
    ('Input : Rp .3,017,669,258 ,00', 'rejoined')
    >>> rejoin_cut_number("Dokumen RKA-", "SKPD"), rejoin_cut_number("Tahun 2018 -", "2022")
    (('Dokumen RKA-SKPD', ''), ('Tahun 2018 - 2022', ''))
    >>> rejoin_cut_number("2022", "2023"), rejoin_cut_number("12,5", "13")
    (('2022 2023', ''), ('12,5 13', ''))
    """
    head, tail = head.rstrip(), tail.lstrip()
    if not head:
        return tail, ""
    if not tail:
        return head, ""

    def starts_number(i: int) -> bool:
        # the head's number starts the text or follows a space, a bracket, or the point of a
        # currency word ('Rp.3,017,669,25', 'Rp .3,017,669,25'), not a digit and a point
        return i == 0 or head[i - 1] in " (" or (head[i - 1] == "." and (i < 2 or not head[i - 2].isdigit()))

    h = _CUT_HEAD.search(head)
    t = _CUT_TAIL.match(tail)
    if h and t and starts_number(h.start()):
        joined_num = h.group(1) + t.group(1)
        if parse_number(joined_num).status in ("ok", "ambiguous"):  # well-formed shape
            return head + tail, "rejoined"
        return head + " " + tail, "malformed"
    h, t = _CUT_HEAD_GROUP.search(head), _CUT_TAIL_SEPARATOR.match(tail)
    if h and t and starts_number(h.start()):
        # cut before a separator ('43.786.430' | '.945 …'): no line of a cell starts with a
        # separator and a group unless a number goes on there
        if parse_number(h.group(1) + t.group(1)).status in ("ok", "ambiguous"):
            return head + tail, "rejoined"
    h = _CUT_HEAD_DIGIT.search(head)
    t = _CUT_TAIL_REST.match(tail)
    if h and t and starts_number(h.start()):
        # the number was cut inside its last group: the head alone is no whole number (its
        # last group too short: '1.234.5'), or a grouped amount with one decimal whose second
        # decimal follows ('525,774,880.0' | '0', as a word processor wraps a number wider
        # than its cell, the tail nothing but that digit)
        joined_num = h.group(1) + t.group(0)
        whole = parse_number(h.group(1)).status not in ("ok", "ambiguous")
        second_decimal = _GROUPED_ONE_DECIMAL.search(h.group(1)) is not None and len(t.group(0)) == 1 \
            and _CUT_TAIL_DIGITS.match(tail) is not None
        if (whole or second_decimal) and parse_number(joined_num).status in ("ok", "ambiguous"):
            return head + tail, "rejoined"
    if head.endswith("-") and tail[:1].isalpha() and len(head) > 1 and head[-2].isalpha():
        # a word hyphenated at the line end ('menumbuh-' 'kembangkan', 'RKA-' 'SKPD'): word
        # processors break a compound after its hyphen
        return head + tail, ""
    if head.endswith("/") and len(head) > 1 and head[-2].isalnum():
        # a line broken after a slash, where word processors may break ('kasus/' '25 laporan',
        # 'Daerah/' 'Wakil'): the slash joined its neighbours without a space
        return head + tail, ""
    return head + " " + tail, ""


def parse_amount(text: str | float | None, style: str | None = None) -> ParsedNumber:
    """Parse a rupiah amount (brackets are negatives). See :func:`parse_number`."""
    return parse_number(text, style=style, expect="amount")


#: A rupiah amount printed in rupiah or in thousands of rupiah (``Rp.000``, *ribu*) has at most
#: two decimals (sen): below this scale a lone separator before exactly three digits
#: (``200,000``, ``1.250``) separates thousands, whatever the number style around it
#: (:func:`grouped_reading`). From a scale of a million up (``1,250 juta``, ``2.345 M``) three
#: decimals are common and the style decides.
GROUPED_AMOUNT_SCALE_BELOW = 1e6


def grouped_reading(p: ParsedNumber) -> ParsedNumber:
    """An amount whose ambiguous shape (``d{1,3}[.,]ddd``) the context style read with a
    decimal separator, re-read with a thousands separator; any other parse unchanged (an
    unambiguous shape, a reading as thousands already, a number scaled by its own word).

    For amounts in rupiah or thousands of rupiah only (:data:`GROUPED_AMOUNT_SCALE_BELOW`): a
    table cut down to one row of ``200,000`` cells has no unambiguous shape to infer its style
    from, and the document's Indonesian style would read 200.

    Examples
    --------
    >>> p = parse_amount("200,000", "id"); p.value
    200.0
    >>> q = grouped_reading(p); q.value, q.style
    (200000.0, 'us')
    >>> q.note
    "ambiguous '200,000': ',' read as thousands separator (a rupiah amount has no three decimals; the id style of its context reads 200)"
    >>> grouped_reading(parse_amount("1.250", "id")).value  # thousands already
    1250.0
    >>> grouped_reading(parse_amount("1,250 juta", "id")).value  # scaled by its word: the style decides
    1250000.0
    """
    if not p.ok or "read as decimal separator" not in p.note or "scaled by" in p.note:
        return p
    other = "us" if p.style == "id" else "id"
    q = parse_amount(p.raw, other)
    if not q.ok or q.value is None:
        return p
    note = q.note.replace(f"({other} style from context)",
                          f"(a rupiah amount has no three decimals; the {p.style} style of its "
                          f"context reads {p.value:g})")
    return ParsedNumber(q.raw, q.value, q.status, q.is_percent, q.style, note)


def parse_percent(text: str | float | None, style: str | None = None) -> ParsedNumber:
    """Parse a percentage (``91,29%``, ``(68%)``, ``(44.76 %)``, ``(98.49)``).

    Brackets are enclosure, not a sign. See :func:`parse_number`.
    """
    return parse_number(text, style=style, expect="percent")


# --------------------------------------------------------------------------------------
# Style from context
# --------------------------------------------------------------------------------------
# A digit not preceded by a digit or separator, then digits and separators up to a last digit.
# The look-behind follows the first digit ('\d(?<![\d.,]\d)', the same test as a look-behind
# before it) so that the scan can jump from digit to digit (2.5 times faster on whole documents).
_TOKEN_BODY = re.compile(r"\d(?<![\d.,]\d)[\d.,]*\d(?![\d.,]*\d)")
# The tokens of _TOKEN_BODY that have a separator (the only ones with a style): the same
# pattern with a separator required before the last digit. It fails at the first digit of a
# token of digits only, and at its other digits as _TOKEN_BODY does (the look-behind), so it
# finds exactly those tokens without returning the years and counts between them.
_TOKEN_BODY_SEP = re.compile(r"\d(?<![\d.,]\d)\d*[.,][\d.,]*\d(?![\d.,]*\d)")


@functools.lru_cache(maxsize=1 << 16)
def _style_counts(text: str) -> tuple[int, int]:
    """The unambiguous Indonesian and US shapes among the number tokens of ``text``; pure,
    cached (the extractors infer the style of the same cells table by table, column by column).

    Of _clean only the markup removal can change the tokens (it may join digits); the rest
    replaces or strips characters that are neither digits nor separators."""
    # digits only: a plain integer, of neither style; so only tokens with a separator count
    if "." not in text and "," not in text or not _RE_DIGIT.search(text):
        return 0, 0
    if "*" in text or "<" in text:
        text = _MARKUP.sub("", text)
    n_id = n_us = 0
    for body in _TOKEN_BODY_SEP.findall(text):
        kind = _shape(body).kind
        if kind == "id":
            n_id += 1
        elif kind == "us":
            n_us += 1
    return n_id, n_us


def infer_style(texts: Iterable[str], default: str | None = None) -> str | None:
    """Dominant number style among ``texts``, counting only unambiguous shapes.

    Parameters
    ----------
    texts : iterable of str
        Cells of a column, a row, or every line of a document.
    default : {"id", "us"}, optional
        Returned when no unambiguous shape occurs or both styles are equally frequent.

    Returns
    -------
    {"id", "us"} or None

    Examples
    --------
    >>> infer_style(["1.500", "745,5", "2.061.824"])
    'id'
    """
    n_id = n_us = 0
    for t in texts:
        if t:
            a, b = _style_counts(str(t))
            n_id += a
            n_us += b
    if n_id > n_us:
        return "id"
    if n_us > n_id:
        return "us"
    return default


#: bytes.translate table keeping the ASCII digits and separators of a text's UTF-8 bytes and
#: turning every other byte into a space (a non-ASCII character's bytes are all >= 0x80).
_DIGITS_AND_SEPARATORS_ONLY = bytes(c if c in b"0123456789.," else 0x20 for c in range(256))
_ASCII_BYTES = bytes(range(128))


def _separator_token_counts(text: str) -> Counter[str]:
    r"""``Counter(_TOKEN_BODY_SEP.findall(text))``, found on the text's bytes for a long text.

    A token of _TOKEN_BODY_SEP is a run of digits and separators that starts with a digit (its
    first digit has no digit or separator before it), up to the run's last digit, with a
    separator before that digit. The runs are the words of the text's bytes once every byte but
    an ASCII digit or separator is a space (str.translate and split in C, not a regex step per
    character): a run starting with a digit, its trailing separators stripped, is a token when a
    separator is left. This is the regex's reading when ``\d`` is ``[0-9]`` in the text, i.e.
    when no non-ASCII character is a decimal digit (``\d`` of a str pattern is
    ``str.isdecimal``); otherwise the regex reads the text.

    >>> _separator_token_counts("Rp 1.500.000, 745,5 juta; 2023. 3.1.2 .5")
    Counter({'1.500.000': 1, '745,5': 1, '3.1.2': 1})
    """
    data = text.encode("utf-8", "surrogatepass")
    non_ascii = data.translate(None, _ASCII_BYTES)  # the bytes of the non-ASCII characters
    if non_ascii and any(c.isdecimal() for c in set(non_ascii.decode("utf-8", "surrogatepass"))):
        return Counter(_TOKEN_BODY_SEP.findall(text))
    counts: Counter[str] = Counter()
    for run, n in Counter(data.translate(_DIGITS_AND_SEPARATORS_ONLY).split()).items():
        if 48 <= run[0] <= 57:  # starts with an ASCII digit (b"0"..b"9")
            body = run.rstrip(b".,")
            if b"." in body or b"," in body:
                counts[body.decode("ascii")] += n
    return counts


def infer_document_style(lines: list[str]) -> str | None:
    """:func:`infer_style` of the lines of a whole document, counted in one scan.

    No number token spans a line break (its characters are digits and separators), so the
    tokens of the text joined by ``\n`` are those of its lines; only markup is removed line by
    line first, as :func:`infer_style` does (a tag could otherwise span two lines).

    Examples
    --------
    >>> infer_document_style(["Pagu Rp 1.500.000", "realisasi 745,5 juta", "2023"])
    'id'
    >>> infer_document_style(["**1,234,567.00**", "1.234"]), infer_document_style([])
    ('us', None)
    """
    text = "\n".join(_MARKUP.sub("", t) if ("*" in t or "<" in t) else t for t in lines)
    n_id = n_us = 0
    for body, n in _separator_token_counts(text).items():  # each distinct token read once
        kind = _shape(body).kind
        if kind == "id":
            n_id += n
        elif kind == "us":
            n_us += n
    if n_id > n_us:
        return "id"
    if n_us > n_id:
        return "us"
    return None


@dataclass(frozen=True)
class NumberContext:
    """The style that decides ambiguous shapes in one table column, and where it came from.

    Attributes
    ----------
    style : {"id", "us"} or None
    source : {"column", "row", "table", "document", "none"}
        The first context, in that order, that had an unambiguous number.
    three_decimals : bool
        True when the column shows unambiguous numbers with three or more decimals; without
        such evidence a ``d.ddd``/``d,ddd`` shape is read as thousands whatever the style
        (amounts, counts, areas and tonnages are rarely printed with three decimals).
    """

    style: str | None
    source: str
    three_decimals: bool = False


def _has_three_decimals(cells: Iterable[str]) -> bool:
    for c in cells:
        for body in _TOKEN_BODY.findall(_clean(str(c or ""))):
            k = _shape(body).kind
            if k in ("id", "us"):
                sep = "," if k == "id" else "."
                if sep in body and len(body.rsplit(sep, 1)[1]) >= 3:
                    return True
    return False


def number_context(
    column: Iterable[str] = (),
    row: Iterable[str] = (),
    table: Iterable[str] = (),
    document_style: str | None = None,
) -> NumberContext:
    """Decide the number style for a cell from its context.

    The column's unambiguous numbers decide first, then the row's, then the whole table's,
    then the document's dominant style (:func:`infer_style` on each).

    Examples
    --------
    >>> number_context(column=["745.5", "364.5"], row=["532,60"]).style
    'us'
    >>> number_context(column=["1,500"], row=["532,60", "3,45"]).source
    'row'
    """
    column = list(column)
    for source, cells in (("column", column), ("row", row), ("table", table)):
        style = infer_style(cells)
        if style:
            return NumberContext(style, source, _has_three_decimals(column))
    if document_style in ("id", "us"):
        return NumberContext(document_style, "document", _has_three_decimals(column))
    return NumberContext(None, "none", _has_three_decimals(column))


def parse_in_context(
    text: str | float | None,
    context: NumberContext,
    expect: Literal["amount", "percent", "any"] = "any",
) -> ParsedNumber:
    """Parse ``text`` resolving an ambiguous shape with ``context`` (:func:`number_context`).

    The note of an ambiguous value names the context that decided it. A reading with three
    decimals is accepted only when the column shows three-decimal values (or the value is a
    percentage); otherwise the separator is read as a thousands separator and the note says why.

    Examples
    --------
    >>> ctx = number_context(column=["745.5", "364.5", "1.329"])
    >>> parse_in_context("1.329", ctx).value  # a column total, not 1.329 ha
    1329.0
    """
    p = parse_number(text, style=context.style, expect=expect)
    if p.status != "ok" or "ambiguous" not in p.note:
        return p
    body = _RE_NOT_NUMERIC.sub("", str(text))
    m = _RE_AMBIGUOUS_BODY.fullmatch(body)
    if not m:
        return p
    thousands_style = "id" if m.group(2) == "." else "us"
    if (context.style != thousands_style and not context.three_decimals and m.group(1) != "0"
            and not p.is_percent):
        alt = parse_number(text, style=thousands_style, expect=expect)
        note = (f"ambiguous '{body}' read as thousands ({alt.value:g}): the {context.source} is "
                f"{context.style} style but the column has no three-decimal values")
        return ParsedNumber(alt.raw, alt.value, alt.status, alt.is_percent, alt.style, note)
    note = p.note.replace("from context", f"of the {context.source}")
    return ParsedNumber(p.raw, p.value, p.status, p.is_percent, p.style, note)


# --------------------------------------------------------------------------------------
# Numbers inside free text
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumberToken:
    """A number found inside a longer text, with its character span."""

    start: int
    end: int
    text: str
    parsed: ParsedNumber
    has_currency: bool


# The leading lookahead names the characters a number token can start with (a bracket, a
# 'Rp' prefix, a minus before a digit, a separator before three digits, a digit): it changes
# no match, but lets the scan pass over ordinary text without trying every optional group at
# every position (about 2.5 times faster on the bundled documents).
_FIND = re.compile(
    r"""
    (?=\(|R\s?P|-\d|[.,]\d{3}|\d)
    (?P<open>\(\s*)?
    (?P<cur>(?:R\s?[pP]\s*\.?\s*:?\s*)+)?
    (?P<open2>\(\s*)?
    (?P<minus>-(?=\d))?
    (?P<body>(?:\d|[.,](?=\d{3}))(?:[\d.,]*\d)?(?:(?<=\d[.,]\d{3})(?:\s[.,]|[.,]\s)\d{3}(?:[.,]\d+)*(?!\d))*(?:\s,\d+)?)
    (?P<tail>,-|,0{1,2},-)?
    (?P<scale>\s*(?:triliun|trilyun|milyar|miliar|juta)\b)?
    (?P<pct>\s*%)?
    (?P<close>\s*\))?
    """,
    re.X | re.I,
)


#: The characters a match of ``_FIND`` can have before the first digit of its body (bracket,
#: ``Rp`` in either case, ``.`` and ``:`` of the prefix, minus, a separator before three digits)
#: besides white space.
_FIND_LEAD = frozenset("(RrPp.:-,")
#: The characters of ``_FIND_LEAD`` a match can have directly before the first digit of its body
#: or before the white space there: all but the ``R`` of ``Rp``, which a ``p`` always follows.
_BEFORE_BODY = _FIND_LEAD - {"R", "r"}


#: A run of digits that is a whole match of ``_FIND`` by itself, when the match starts with it:
#: the run (possessive: all its digits) followed by nothing any group after the body's digits
#: takes. The body goes on over separators only to a digit (``[.,]+\d``, which also covers the
#: ``,00,-`` tail) or over a space and a comma before decimals; the tail ``,-``, a scale word,
#: a percent sign or a closing bracket follows after optional white space. The group of a group
#: after a space (``(?<=\d[.,]\d{3})``) needs a separator before the run's last three digits:
#: none in a run of digits that starts the match after white space (see _token_spans).
_PLAIN_RUN = re.compile(
    r"\d++(?![.,]+\d|,-|\s,\d|\s*(?:triliun|trilyun|milyar|miliar|juta)\b|\s*[%)])", re.I)


def _token_spans(s: str) -> Iterator[tuple[int, int, re.Match[str] | None]]:
    """(start, end, match) of the matches of ``_FIND`` in ``s``, as ``_FIND.finditer(s)`` gives
    them, found faster; ``match`` is None for a match that is a run of digits alone (no group
    but the body: the commonest token of prose, a year or a count).

    Every match has a digit in its body and only ``_FIND_LEAD`` characters or white space
    before that digit. So no match starts before the run of such characters that ends at the
    next digit: the scan jumps to that digit (a search for one character class, which the regex
    engine does quickly) and searches for ``_FIND`` from the start of the run. It finds a match
    no later than the digit (a digit alone matches), so each search covers only a few
    characters instead of the prose between numbers.

    When only white space comes between the scan's position or a character other than
    ``_BEFORE_BODY`` and the digit, no match starts before the digit (what a match has before
    its body ends with a character of ``_BEFORE_BODY`` and white space), so the match starts
    with the digit and its groups before the body are empty; if ``_PLAIN_RUN`` matches there,
    the match is that run of digits alone, found without ``_FIND``.
    """
    pos = 0
    n = len(s)
    while pos < n:
        d = _RE_DIGIT.search(s, pos)
        if d is None:
            return
        start = r = d.start()
        while r > pos and s[r - 1].isspace():
            r -= 1
        if r == pos or s[r - 1] not in _BEFORE_BODY:
            run = _PLAIN_RUN.match(s, start)
            if run:
                pos = run.end()
                yield start, pos, None
                continue
        while r > pos and (s[r - 1] in _FIND_LEAD or s[r - 1].isspace()):
            r -= 1
        m = _FIND.search(s, r)
        pos = m.end()
        yield m.start(), pos, m


def _find_iter(s: str) -> Iterator[re.Match[str]]:
    """The matches of ``_FIND`` in ``s``, as ``_FIND.finditer(s)`` gives them, found faster
    (:func:`_token_spans`, with the match of each run of digits)."""
    for start, _, m in _token_spans(s):
        yield m or _FIND.match(s, start)  # type: ignore[misc]


_CODE = re.compile(r"^\d{1,3}(?:\.\d{1,2}){2,}$|^\d{1,2}(?:,\d{1,2}){2,}$")
_LIST_NUMBER = re.compile(r"\d{1,2}")
_LIST_NUMBER_AFTER = re.compile(r"[.)]\s|[.)]$")


def find_numbers(text: str, style: str | None = None) -> list[NumberToken]:
    """Find every number in a free-text cell or sentence.

    Used for cells such as ``"Input: Rp 4.439.039.245 (68%)"`` (an amount and a
    percentage) or ``"100 % (180 Kegiatan)"``. A token with a ``Rp`` prefix is flagged
    ``has_currency``; a bracketed token with ``%`` or directly after an amount is read as a
    percentage, not a negative. Section and account codes (``3.1.2``, ``01.5.07.0.0``) are
    not numbers and are passed over.

    Parameters
    ----------
    text : str
        The text to scan (markup is removed first; spans refer to the cleaned text).
    style : {"id", "us"}, optional
        Context style for ambiguous shapes.

    Returns
    -------
    list of NumberToken
    """
    return list(_find_numbers(text, style))


@functools.lru_cache(maxsize=1 << 15)
def _find_numbers(text: str, style: str | None) -> tuple[NumberToken, ...]:
    s = _clean(text)
    if not _RE_DIGIT.search(s):  # every number token has a digit in its body
        return ()
    out: list[NumberToken] = []
    for start, end, parsed, cur in _number_parses(s, style):
        tok_text = s[start:end].strip()
        if parsed.raw != tok_text:  # the token as printed (the parse is of its core)
            parsed = ParsedNumber(tok_text, parsed.value, parsed.status, parsed.is_percent,
                                  parsed.style, parsed.note)
        out.append(NumberToken(start, end, tok_text, parsed, cur))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 16)
def number_statuses(text: str, style: str | None = None) -> tuple[str, ...]:
    """The parse status of every number :func:`find_numbers` finds in ``text``, in order
    (without building the tokens: for counts over every table cell of a document). Pure and
    cached: the report's counts and its audit read the same cells.

    Examples
    --------
    >>> number_statuses("Input: Rp 4.439.039.245 (68%), 1.234 ha; 6.1249.934")
    ('ok', 'ok', 'ambiguous', 'malformed')
    >>> number_statuses("Input: Rp 4.439.039.245 (68%), 1.234 ha", style="id")
    ('ok', 'ok', 'ok')
    """
    s = _clean(text)
    if not _RE_DIGIT.search(s):  # every number token has a digit in its body
        return ()
    return tuple(_core_status(core, style, expect) for _, _, core, expect, _ in _number_cores(s))


def _core_status(core: str, style: str | None, expect: str) -> str:
    """``_parse_text(core, style, expect).status`` for the core of a token
    (:func:`_number_cores`), without the value for the commonest cores.

    A core of ASCII digits only (a year, a count: most tokens of prose) is ``ok``: the first
    test of _parse_text reads it as a plain integer. A bare number (``_BARE_NUMBER_TEXT``:
    digits and separators from a digit to a digit), alone, after ``Rp `` or before ``%``, is
    cleaned to itself by _parse_text (no markup, missing token, bracket, sign, scale word, tail
    or space to remove; the prefix and the percent sign only set the expectation and
    ``is_percent``, which change no status): its status is the one :func:`_read_shape` gives
    its shape (:func:`_body_status`). Any other core is parsed.
    """
    if core.isdigit() and core.isascii():
        return "ok"
    body = core[3:] if core[:3] == "Rp " else core[:-1] if core[-1:] == "%" else core
    if _BARE_NUMBER_TEXT.fullmatch(body):
        return _body_status(body, style, expect)
    return _parse_text(core, style, expect).status


def _body_status(s: str, style: str | None, expect: str) -> str:
    """The status :func:`_read_shape` gives the cleaned numeric body ``s`` (it depends on
    neither the sign, the scale, the percent sign nor the notes): by the branches of
    _read_shape, in its order.

    >>> _body_status("1.234", None, "any"), _body_status("1.234", "id", "any")
    ('ambiguous', 'ok')
    >>> _body_status("12,345.678", "us", "amount"), _body_status("6.1249.934", "id", "any")
    ('malformed', 'malformed')
    """
    kind = _shape(s).kind
    if kind in ("text", "malformed"):
        return kind
    if kind == "us" and expect == "amount" and _RE_US_THREE_DECIMALS.search(s):
        return "malformed"
    if kind == "ambiguous" and style not in ("id", "us"):
        return "ambiguous"
    return "ok"


def _number_parses(s: str, style: str | None) -> Iterator[tuple[int, int, ParsedNumber, bool]]:
    """(start, end, parse of the core, has currency) of every number token of the cleaned text
    ``s``: the scan of :func:`find_numbers`, which adds the printed text of each token. The
    parse's ``raw`` is the token's core as parsed (``Rp 4.439`` for ``Rp. 4.439``)."""
    for start, end, core, expect, cur in _number_cores(s):
        yield start, end, _parse_text(core, style, expect), cur  # parse_number of a text, cached


def _number_cores(s: str) -> Iterator[tuple[int, int, str, str, bool]]:
    """(start, end, core, expectation, has currency) of every number token of the cleaned text
    ``s``: the token's span, and the text :func:`_number_parses` parses with the expectation
    (``"amount"``, ``"percent"`` or ``"any"``) for its value (``Rp 4.439`` for ``Rp. 4.439``,
    ``(12)`` for ``( 12 )``)."""
    if _BARE_NUMBER_TEXT.fullmatch(s):
        # A text of digits and separators from a digit to a digit (a third of the table cells
        # with a digit): _FIND's body takes all of it as one token with no other group, at the
        # start (no letter before it) and the end (no list-number mark after it), so only the
        # code test of the scan below applies, and the core is the text itself.
        if not (len(s) >= 5 and _CODE.match(s)):
            yield 0, len(s), s, "any", False
        return
    prev_amount_end = -10
    for start, end, m in _token_spans(s):
        # skip digits glued to letters ('SKPD2', 'kw/ha') and list numbering ('1. ', 'a)')
        if start and (s[start - 1].isalpha() or s[start - 1] == "/"):
            continue
        if m is None:  # a run of digits alone: the tests below for its body, no other group
            if end - start <= 2 and _LIST_NUMBER_AFTER.match(s[end:end + 2]):
                continue  # a list number (a code has a separator)
            yield start, end, s[start:end], "any", False
            continue
        # the groups in the pattern's order (one call instead of one per group)
        open_, cur_text, open2, minus, body, tail, scale, pct, close = m.groups()
        # section and account codes ('3.1.2', '1.3.5', '01.5.07.0.0') are not numbers
        # (the length tests first: a code has five characters or more, a list number one or two)
        if len(body) >= 5 and not cur_text and not pct and _CODE.match(body):
            continue
        if (len(body) <= 2 and not pct and not cur_text and not open_
                and _LIST_NUMBER.fullmatch(body) and _LIST_NUMBER_AFTER.match(s[end:end + 2])):
            continue
        opened = bool(open_ or open2)
        closed = bool(close)
        has_pct = bool(pct)
        cur = bool(cur_text)
        bracketed = opened and closed
        if bracketed and (has_pct or (start - prev_amount_end) <= 3):
            expect = "percent"
        elif has_pct:
            expect = "percent"
        elif cur:
            expect = "amount"
        else:
            expect = "any"
        core = (minus or "") + body + (tail or "") + (scale or "")
        if has_pct:
            core += "%"
        if bracketed and expect != "percent":
            core = f"({core})"
        if cur:
            core = "Rp " + core
        if opened and not closed:
            start = start + len(open_ or "")
        yield start, end, core, expect, cur
        if cur:
            prev_amount_end = end
