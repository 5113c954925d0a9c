"""Budget figures written as lists and sentences instead of tables.

APBD accountability regulations (*Perda pertanggungjawaban pelaksanaan APBD*) and revised-budget
regulations (*Perda perubahan APBD*) print their totals as nested lists::

    (1) Pendapatan Daerah
        a. Anggaran setelah perubahan : Rp 4.916.185.685.870,00
        b. Realisasi                  : Rp 4.625.194.772.641,08
        c. Berkurang                  : (Rp 290.990.913.228,92)

or as ``semula / bertambah / berkurang / setelah perubahan`` items, or as one sentence
(*Pendapatan Daerah yang semula dianggarkan sebesar Rp … bertambah sebesar Rp … sehingga
menjadi Rp …*). This module reads them into :class:`ListBudget` records; the budget extractor
turns them into ``budget.csv`` rows with ``origin = 'list'``.

Rules (generic: no document, line or page is named)
---------------------------------------------------
* A *list item* is a non-table line that starts with a list marker (``1.``, ``a.``, ``(1)``,
  ``1)``, ``a)``, ``i.``, ``-``, ``•``) or has the form ``label : Rp amount``. The outline depth
  comes from the order in which marker kinds appear (a marker kind seen before closes the
  deeper levels), as in any legal text.
* An item's *role* comes from the words of its label (:data:`ROLE_WORDS`, checked in order:
  *semula* before *anggaran*, *realisasi* before *anggaran*, *bertambah/(berkurang)* before
  *bertambah*): ``budget_original``, ``budget``, ``realization``, ``increase``, ``decrease``,
  ``difference`` or ``pct``.
* Items with amounts under one parent item without an amount (*Pendapatan Daerah*) form one
  record named after that parent. An item whose label still names a subject after the role
  words are removed (*Anggaran pendapatan setelah perubahan*) names the record itself, and the
  next item of another role (*Realisasi*) joins it. A role printed twice starts a new record.
* ``bertambah``/``berkurang`` amounts are checked (``semula ± perubahan = setelah perubahan``)
  and a disagreement is noted, never corrected.
* A negative amount in brackets (``(Rp 290.990.913.228,92)``, ``Rp (290.990.913.228,92)``) is
  read as negative.
* Amount-bearing list items that do not become part of a record are returned with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .documents import Document
from .numbers import ParsedNumber, find_numbers

__all__ = ["ROLE_WORDS", "ListItem", "ListBudget", "list_items", "budget_from_lists"]

#: Label words -> role of the amount, checked in this order (first match wins).
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"bertambah\s*/\s*\(?\s*berkurang\)?|lebih\s*/?\s*\(?\s*kurang\)?|selisih", "difference"),
    (r"persentase|prosentase|capaian|%", "pct"),
    (r"semula|sebelum\s+perubahan|murni", "budget_original"),
    (r"reali[sz]asi|terealisasi", "realization"),
    (r"setelah\s+perubahan|sesudah\s+perubahan|menjadi|anggaran|dianggarkan|pagu|target|"
     r"direncanakan|rencana", "budget"),
    (r"bertambah|penambahan|kenaikan", "increase"),
    (r"berkurang|pengurangan|penurunan", "decrease"),
)
_ROLES = tuple((re.compile(rf"(?<![a-z])(?:{p})(?![a-z])", re.I), r) for p, r in ROLE_WORDS)
#: Words removed from a label, with the role words, to find the subject it names.
_FILLER = re.compile(
    r"(?<![a-z])(?:yang|sebesar|sejumlah|adalah|yaitu|dari|daerah\s+tahun\s+anggaran\s+\d{4}|"
    r"tahun\s+anggaran\s+\d{4}|ta\.?\s*\d{4}|\d{4}|rp\.?|rupiah|jumlah)(?![a-z])",
    re.I,
)

_MARKER = re.compile(
    r"^\s*(?P<m>\(\d{1,2}\)|\([a-z]\)|\d{1,2}\)|[a-z]\)|\d{1,2}\.(?!\d)|[a-z]\.(?=\s)|"
    r"(?:i{1,3}|iv|v|vi{1,3}|ix|x)\.(?=\s)|[-–•▪●◦])\s*(?P<rest>.*)$",
    re.I,
)
_COLON_AMOUNT = re.compile(r"^(?P<label>[^:]{2,160}?)\s*:\s*(?P<value>.*R\s?[pP].*)$")
_SENTENCE_CHANGE = re.compile(
    r"(?P<subject>[A-Z][^.;:]{2,120}?)\s+(?:yang\s+)?semula\b"
    r"(?P<rest>.*?\bmenjadi\b\s*(?:sebesar\s*)?R\s?[pP]\.?\s*\(?[\d.,]*\d(?:,\d+)?\)?)", re.I)


_ROMAN_BODY = re.compile(r"i{1,3}|iv|v|vi{1,3}|ix|x")

#: From 'semula' to the amount after 'menjadi': the tail of every :data:`_SENTENCE_CHANGE` match.
_SEMULA_TO_MENJADI = re.compile(r"semula\b.*?\bmenjadi\b\s*(?:sebesar\s*)?R\s?[pP]\.?\s*\(?[\d.,]*\d", re.I)


def _marker_kind(m: str) -> str:
    m = m.lower()
    if m.startswith("(") and m[1:-1].isdigit():
        return "(1)"
    if m.startswith("("):
        return "(a)"
    if m.endswith(")"):
        return "1)" if m[:-1].isdigit() else "a)"
    if m.endswith("."):
        body = m[:-1]
        if body.isdigit():
            return "1."
        if _ROMAN_BODY.fullmatch(body) and body != "i":
            return "i."
        return "a."
    return "-"


@dataclass(frozen=True)
class ListItem:
    """One list item: its line, outline depth, label and the amount it carries (if any)."""

    line: int
    depth: int
    marker: str
    label: str
    amount: ParsedNumber | None
    role: str | None
    text: str
    #: the nearest short text line above the list (``Pasal 2``, a heading): where it stands
    section: str = ""


@dataclass
class ListBudget:
    """A budget figure read from list items or a sentence.

    ``subject`` names the budget line (*Pendapatan Daerah*); ``parent`` the item above it;
    amounts in rupiah; ``lines`` every line that contributed; ``notes`` how values were read.
    """

    subject: str
    parent: str = ""
    budget: float | None = None
    budget_original: float | None = None
    realization: float | None = None
    reported_pct: float | None = None
    increase: float | None = None
    decrease: float | None = None
    lines: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: ``'list'`` (list items) or ``'sentence'`` (a ``semula … menjadi`` sentence)
    form: str = "list"
    #: where it stands (the text line above the list, e.g. ``Pasal 2``)
    section: str = ""


def _role(label: str) -> str | None:
    for pat, role in _ROLES:
        if pat.search(label):
            return role
    return None


_SUBJECT_NOISE = re.compile(
    r"^(?:rencana|secara\s+keseluruhan|adapun|sedangkan|untuk|dan)\s+|"
    r"\s+(?:mengalami\s+perubahan|dari|pada\s+apbd(?:\s+murni)?|tahun\s+anggaran\s+\d{4})\s*$|"
    r"\s+dengan\b.*$",
    re.I,
)


def _clean_subject(text: str) -> str:
    prev = None
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    while prev != text:
        prev, text = text, _SUBJECT_NOISE.sub("", text).strip(" ,.;:")
    return text


def _subject(label: str) -> str:
    s = label
    for pat, _ in _ROLES:
        s = pat.sub(" ", s)
    s = _FILLER.sub(" ", s)
    s = _clean_subject(re.sub(r"[\s:;,.()/-]+", " ", s))
    return s if len(re.sub(r"[^a-z]", "", s.lower())) >= 4 else ""


def _amount(text: str, style: str | None) -> ParsedNumber | None:
    """The rupiah amount of an item's value text (brackets make it negative)."""
    toks = [t for t in find_numbers(text, style) if t.parsed.value is not None and not t.parsed.is_percent]
    money = [t for t in toks if t.has_currency] or toks
    return money[0].parsed if money else None


def _pct(text: str, style: str | None) -> ParsedNumber | None:
    toks = [t for t in find_numbers(text, style) if t.parsed.value is not None and t.parsed.is_percent]
    return toks[0].parsed if toks else None


def _split_value(text: str, style: str | None) -> tuple[str, ParsedNumber | None, bool]:
    """(label, amount, structured) of an item text: the label is the text before the first
    rupiah amount; the item is *structured* when nothing but a percentage or punctuation follows
    the amount (``Anggaran : Rp 1.234,00``, ``Realisasi sebesar Rp 1.234,00 (94,08%)``), not a
    sentence that goes on after it."""
    if not _DIGIT.search(text) or not _RP_IN_MARKUP.search(text):
        return text, None, True  # no digit or no 'Rp' (find_numbers only removes markup): no rupiah token
    toks = [t for t in find_numbers(text, style) if t.has_currency and t.parsed.value is not None]
    if not toks:
        return text, None, True
    tok = toks[0]
    label = text[:tok.start]
    tail = _PCT_TAIL.sub("", text[tok.end:])
    structured = len(label) <= MAX_LABEL and len(re.sub(r"[\W_]", "", tail)) <= 2
    return label, tok.parsed, structured


_DIGIT = re.compile(r"\d")
#: 'Rp' as find_numbers reads it (``R\s?[pP]`` after markup is removed), spaces, '*' and tags
#: allowed between: a text without a match has no rupiah token.
_RP_IN_MARKUP = re.compile(r"R(?:\s|\*|<[^>]*>)*[pP]")

_RP_WORD = re.compile(r"R\s?[pP]\b")
_WS = re.compile(r"\s+")
_TRAILING_COLON = re.compile(r"[\s:]+$")

#: Longest label (characters) of a list item read as a budget figure; longer items are prose.
MAX_LABEL = 100
_PCT_TAIL = re.compile(r"\(?\s*(?:atau\s+)?[\d.,]+\s*%\s*\)?|\(\s*\*[^)]*\*?\s*\)")


#: A line that goes on with the sentence of the line above, as a converter that keeps the
#: page's line breaks (``pdftotext``) writes a list item wrapped over lines: a lower-case word
#: (no list marker) or ``Rp``
_WRAPPED_LINE = re.compile(r"^(?:[a-z]{2,}(?![.)])|R\s?[pP]\b)")
_ENDS_SENTENCE = re.compile(r"[.:;!?]\s*$")


def _with_wrapped_lines(text: str, ln: int, after: list[tuple[int, str]]) -> str:
    """A list item's line with the lines right below it that go on with its sentence
    (:data:`_WRAPPED_LINE`): ``- a. Anggaran Belanja … sebesar Rp.525,774,880`` | ``dengan
    realisasi sebesar Rp.486,215,430 atau sebesar 92.48%`` is one item whose amount is followed
    by more sentence (for the narrative pass), as the same item on one line is.

    Examples
    --------
    >>> _with_wrapped_lines("a. Anggaran sebesar Rp.5.000", 10, [(11, "dengan realisasi Rp.4.000"), (12, "b. Lain")])
    'a. Anggaran sebesar Rp.5.000 dengan realisasi Rp.4.000'
    >>> _with_wrapped_lines("a. Pendapatan Daerah.", 10, [(11, "dengan realisasi Rp.4.000")])
    'a. Pendapatan Daerah.'
    """
    last = ln
    for nxt_ln, nxt in after:
        t = nxt.replace("**", "").strip()
        if nxt_ln != last + 1 or not t or _ENDS_SENTENCE.search(text) or _MARKER.match(t) \
                or not _WRAPPED_LINE.match(t):
            break
        text, last = f"{text} {t}", nxt_ln
    return text


def list_items(doc: Document, lines: list[tuple[int, str]] | None = None) -> list[ListItem]:
    """The list items of the document's text lines (table lines are not looked at).

    Parameters
    ----------
    doc : Document
    lines : list of (int, str), optional
        ``doc.text_lines()``, when the caller has them already.

    Returns
    -------
    list of ListItem
        In line order; ``depth`` 0 for the outermost marker kind of a block. A line of prose
        (no marker, no ``label : Rp`` form) ends the block. Items whose amount is followed by more
        sentence (prose about a budget) are not list items: the narrative pass reads them.
    """
    out: list[ListItem] = []
    stack: list[str] = []
    prev_line = -10
    section = ""
    heading: str | None = None  # the last heading line, folded into ``section`` when an item reads it
    seq = doc.text_lines() if lines is None else lines
    for k, (ln, raw) in enumerate(seq):
        text = raw.replace("**", "").strip()
        if not text:
            continue
        if _MARKER.match(text):
            text = _with_wrapped_lines(text, ln, seq[k + 1:])
        m = _MARKER.match(text)
        rest = m.group("rest").strip() if m else text
        while m and (inner := _MARKER.match(rest)):  # '- b. Pencairan …': the inner marker counts
            m, rest = inner, inner.group("rest").strip()
        if ln - prev_line > 3:
            stack = []
        prev_line = ln
        # the 'label : Rp …' form only matters for a line without a marker (and needs a ':')
        colon = not m and ":" in rest and _COLON_AMOUNT.match(rest) is not None
        if m or colon:  # else no list item whatever its value: the value is not read
            label, amount, structured = _split_value(rest, doc.style)
        if not (m or colon) or not structured or (amount is None and len(rest) > MAX_LABEL):
            stack = []
            if len(text) <= MAX_LABEL and not _RP_WORD.search(text):
                heading = text  # (most headings are never read: the folding waits for an item)
            continue
        if m:
            kind = _marker_kind(m.group("m"))
            if kind in stack:
                del stack[stack.index(kind) + 1:]
            else:
                stack.append(kind)
            depth = stack.index(kind)
        else:
            depth = len(stack)  # an unmarked 'label : Rp …' line sits under the last item
        label = _TRAILING_COLON.sub("", label).strip()
        if heading is not None:
            section, heading = _WS.sub(" ", heading).strip(" :"), None
        role = _role(label) if amount is not None else None
        if role == "pct":
            amount = _pct(rest, doc.style)
        out.append(ListItem(ln, depth, m.group("m") if m else "", label, amount, role, text, section))
    return out


def _close(rec: ListBudget | None, out: list[ListBudget]) -> None:
    if rec is None or (rec.budget is None and rec.realization is None and rec.budget_original is None):
        return
    if rec.budget_original is not None and rec.budget is not None and (rec.increase or rec.decrease):
        change = (rec.increase or 0.0) - abs(rec.decrease or 0.0)
        if abs(rec.budget_original + change - rec.budget) > 0.5:
            rec.notes.append(
                f"semula {rec.budget_original:,.2f} with the printed change {change:+,.2f} gives "
                f"{rec.budget_original + change:,.2f}, not the printed {rec.budget:,.2f}")
    out.append(rec)


def budget_from_lists(doc: Document, lines: list[tuple[int, str]] | None = None
                      ) -> tuple[list[ListBudget], list[tuple[int, str]]]:
    """Budget records from list items and ``semula … menjadi`` sentences.

    Parameters
    ----------
    doc : Document
    lines : list of (int, str), optional
        ``doc.text_lines()``, when the caller has them already (read once, not per pass).

    Returns
    -------
    records : list of ListBudget
    unused : list of (line, reason)
        Amount-bearing list items that did not become part of a record.
    """
    if lines is None:
        lines = doc.text_lines()
    items = list_items(doc, lines)
    out: list[ListBudget] = []
    unused: list[tuple[int, str]] = []
    rec: ListBudget | None = None
    heads: dict[int, ListItem] = {}
    for it in items:
        if it.amount is None:
            _close(rec, out)
            rec = None
            for d in [d for d in heads if d >= it.depth]:
                del heads[d]
            heads[it.depth] = it
            continue
        if it.role is None:
            unused.append((it.line, "list item with an amount but no budget word (anggaran, realisasi, "
                                    "semula, setelah perubahan …)"))
            continue
        own = _subject(it.label)
        parent_head = next((heads[d] for d in sorted(heads, reverse=True) if d < it.depth), None)
        subject = own or (_clean_label(parent_head.label) if parent_head is not None else "")
        if not subject:
            unused.append((it.line, f"{it.role} amount without a subject (no item above names it)"))
            continue
        same_block = rec is not None and (own == "" or _key(own) == _key(rec.subject)) and \
            (own or subject == rec.subject) and getattr(rec, _ATTR[it.role]) is None and \
            it.line - rec.lines[-1] <= 4
        if not same_block:
            _close(rec, out)
            above = [heads[d] for d in sorted(heads) if d < it.depth]
            parent = _clean_label(above[-2].label) if own == "" and len(above) >= 2 else (
                _clean_label(above[-1].label) if own and above else "")
            rec = ListBudget(subject=subject, parent=parent, section=it.section)
        value = it.amount.value
        if it.role == "decrease" and value is not None:
            value = -abs(value)
        setattr(rec, _ATTR[it.role], value)
        rec.lines.append(it.line)
        if value is not None and value < 0 and it.role not in ("decrease", "difference"):
            rec.notes.append(f"{it.role} printed negative (in brackets) at line {it.line}")
    _close(rec, out)
    out.extend(_sentences(doc, {ln for r in out for ln in r.lines}, lines))
    return out, unused


_ATTR = {"budget": "budget", "budget_original": "budget_original", "realization": "realization",
         "pct": "reported_pct", "increase": "increase", "decrease": "decrease", "difference": "increase"}


def _key(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower())


def _clean_label(label: str) -> str:
    return re.sub(r"\s*[:;]\s*$", "", re.sub(r"\s+", " ", label)).strip()


#: 'semula' as :data:`_SENTENCE_CHANGE` reads it (same flags); a character of its separator
#: ``\s+(?:yang\s+)?`` before 'semula'.
_SEMULA = re.compile(r"semula", re.I)
_SEPARATOR_CHAR = re.compile(r"[\syang]", re.I)
#: Longest subject of :data:`_SENTENCE_CHANGE` (its first letter and up to 120 more characters).
_MAX_SUBJECT = 121


def _sentence_changes(text: str) -> Iterator[re.Match]:
    """The matches of ``_SENTENCE_CHANGE.finditer(text)``, searched only from where one can start.

    A match is a subject of at most :data:`_MAX_SUBJECT` characters, a separator of white space
    (and 'yang') and 'semula': it starts at most that many characters before the run of
    separator characters that ends at one of the 'semula' after the search position. The full
    pattern tries its lazy subject at every character of a long line; starting the search there
    (``Pattern.search(text, pos)``: the pattern has no ``^`` nor a look-behind, and its matches are
    never empty, as those of ``finditer`` that continue at the end of the last one) finds the same
    matches.

    Examples
    --------
    >>> [m.group("subject") for m in _sentence_changes(
    ...     "Belanja Pegawai yang semula Rp 10.000 menjadi Rp 12.000; Belanja Modal semula Rp 5 menjadi Rp 4")]
    ['Belanja Pegawai', 'Belanja Modal']
    """
    bounds = []  # (position of a 'semula', earliest start of a match that reads it)
    for sm in _SEMULA.finditer(text):
        i = sm.start()
        while i > 0 and _SEPARATOR_CHAR.match(text, i - 1):
            i -= 1
        bounds.append((sm.start(), i - _MAX_SUBJECT))
    pos = 0
    while True:
        # a match from pos reads a 'semula' after its start, so after pos
        starts = [lo for q, lo in bounds if q >= pos]
        if not starts:
            return
        m = _SENTENCE_CHANGE.search(text, max(pos, min(starts)))
        if m is None:
            return
        yield m
        pos = m.end()


def _sentences(doc: Document, taken: set[int], lines: list[tuple[int, str]]) -> list[ListBudget]:
    """``<subject> yang semula … Rp X … menjadi Rp Y`` sentences (Perda perubahan APBD) among
    the text ``lines``."""
    out = []
    for ln, raw in lines:
        if ln in taken or "semula" not in raw.lower():
            continue
        text = raw.replace("**", "")
        if not _SEMULA_TO_MENJADI.search(text):
            continue  # the part every match has (a quick test: the full pattern is slow to fail)
        for m in _sentence_changes(text):
            rest = m.group("rest")
            amounts = [t for t in find_numbers(rest, doc.style) if t.has_currency and t.parsed.value is not None]
            if len(amounts) < 2:
                continue
            head = re.split(r"\bmenjadi\b", rest, maxsplit=1, flags=re.I)
            after = [t for t in find_numbers(head[1], doc.style) if t.has_currency and t.parsed.value is not None]
            if not after:
                continue
            subject = _clean_subject(m.group("subject"))
            rec = ListBudget(subject=subject, budget_original=amounts[0].parsed.value,
                             budget=after[-1].parsed.value, lines=[ln], form="sentence")
            between = find_numbers(head[0], doc.style)[1:]
            if between and between[0].has_currency and between[0].parsed.value is not None:
                sign = -1.0 if re.search(r"berkurang|pengurangan", head[0], re.I) else 1.0
                rec.increase = sign * between[0].parsed.value
            rec.notes.append("semula/menjadi sentence")
            _close(rec, out)
    return out
