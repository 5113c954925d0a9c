"""The fast paths of the text extraction added after commit 8896244 against the code they replaced
(the project's rule: every fast path is checked against its former implementation).

Each former implementation is written out below as a private reference function, copied from
``git show 8896244:<path>`` (the helpers it calls that the commits left unchanged are taken from
the module). Hypothesis generates the inputs from alphabets that hit the edge cases of the fast
paths: ASCII letters in both cases, digits, separators, '*', '%', 'Rp', runs of dots, scale
words in any case, ASCII and Unicode white space (TAB, newline, NBSP, em space, line separator,
the information separators), non-ASCII letters, among them the four characters a
case-insensitive pattern folds to an ASCII letter ('İ' U+0130, 'ı' U+0131, 'ſ' U+017F, the
Kelvin sign U+212A), and non-ASCII digits (Arabic-Indic '٣', superscript '²').

* budget (1c459d4): the scale-word pre-test and the new ``_SCALED_AMOUNT`` of ``_cell_has_amount``;
* documents (29348e1, 641f34b, 09e4864): ``_continues_cut_number``, ``normalise_cell``;
* sections (613ce0d): ``_ends_in_page_reference``, the case-folding test of ``_section_events``;
* columns (5e7c090): ``_stack``'s white-space folding by ``str.split``;
* regions, regional (52b6d5c, a37becf): ``normalise_name``, ``_doc_words``, ``_shares_name_word``.
"""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import regions as R
from analysis.extract import budget as B
from analysis.extract import columns as C
from analysis.extract import documents as D
from analysis.extract import regional as G
from analysis.extract import sections as S
from analysis.extract.documents import parse_document
from analysis.extract.numbers import SCALE_WORDS, ends_in_cut_number, rejoin_cut_number

_SETTINGS = settings(max_examples=400, deadline=None)

# ---------------------------------------------------------------------------------------------
# Alphabets
# ---------------------------------------------------------------------------------------------
#: White space of every kind str.split and a pattern's \s know: ASCII (with the information
#: separators \x1c-\x1f), NBSP, NEL, the Unicode spaces, line and paragraph separators; and the
#: zero-width space, which is no white space.
_SPACES = [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u00a0", "\u1680",
           "\u2003", "\u2009", "\u202f", "\u2028", "\u2029", "\u3000", "\u200b"]
#: Non-ASCII letters: accented, the four a case-insensitive pattern folds to ASCII (two of
#: which str.lower turns into ASCII letters: 'İ' -> 'i̇', the Kelvin sign -> 'k'), German sharp
#: s, a ligature and a fullwidth letter (NFKC makes them ASCII), a combining accent.
_NON_ASCII_LETTERS = ["é", "É", "\u0130", "\u0131", "\u017f", "\u212a", "ß", "\ufb01", "\uff21", "e\u0301"]
#: Digits: ASCII, Arabic-Indic (a decimal digit), superscript two (a digit, not decimal).
_DIGITS = list("0123456789") + ["\u0663", "\u00b2"]
_ASCII = list("aAbBiIkKsSzZ") + list(".,*%-:;()/|$")
_CHARS = _ASCII + _DIGITS + _SPACES + _NON_ASCII_LETTERS


def _texts(pieces: list[str], max_size: int = 12) -> st.SearchStrategy[str]:
    """Texts joined from ``pieces`` and the edge characters, or any short text."""
    joined = st.lists(st.sampled_from(pieces + _CHARS), max_size=max_size).map("".join)
    return joined | joined | st.text(max_size=12)


# ---------------------------------------------------------------------------------------------
# 1. budget._cell_has_amount: the scaled amount (1c459d4)
# ---------------------------------------------------------------------------------------------
#: The former pattern and pre-test (commit 8896244, src/analysis/extract/budget.py).
_SCALED_AMOUNT_FORMER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*\s*(?:" + "|".join(
    w for w in SCALE_WORDS if w.isalpha() and len(w) > 2 and SCALE_WORDS[w] >= 1e6) + r")\b\.?", re.I)
_DIGIT_THEN_LETTER_FORMER = re.compile(r"\d\s*[A-Za-z]")


def _cell_has_amount_former(text: str, label: str) -> bool:
    """budget._cell_has_amount as it was before the fast path (commit 8896244): the scaled amount
    searched after the ``_DIGIT_THEN_LETTER`` pre-test, with the former ``_SCALED_AMOUNT``."""
    if "R" in text:  # both patterns need an 'R'
        if "Rp" in text or "RP" in text:  # every match of _UNIT_RP has one ('(Rp)', 'Rp.000')
            text = B._UNIT_RP.sub(" ", text)
        if B._RP_AMOUNT.search(text):
            return True
    money_col, unit_col = B._column_money_kind(label)
    if unit_col:
        return False  # a unit column is no money column, and none of its numbers counts
    # a number with a scale word of a million or more ('1,2 Triliun', '850 juta'), not a count
    # of people or things ('1,5 juta jiwa')
    if _DIGIT_THEN_LETTER_FORMER.search(text):
        for m in _SCALED_AMOUNT_FORMER.finditer(text):
            after = text[m.end():m.end() + 14].strip()
            if not B._NON_MONEY_UNIT.match(after) and not B._FOREIGN_CURRENCY.match(after):
                return True
    text_nolatex = B._LATEX_MATH.sub(" ", text) if "$" in text else text
    # a grouped number has a digit, one or two separators and two digits (a quick scan that
    # passes over most texts; the full pattern is slow on long cells)
    if ("." in text_nolatex or "," in text_nolatex) and B._SEPARATED_DIGITS.search(text_nolatex):
        for m in B._GROUPED.finditer(text_nolatex):
            if B._NON_MONEY_UNIT.match(text_nolatex[m.end():m.end() + 14].strip()):
                continue
            if B._big_number(m.group(0)):
                return True
            if money_col and B._THOUSANDS_GROUP.search(m.group(0)):
                return True
    # in a money column also an integer of 1.000.000 or more, unformatted or grouped by spaces
    # ('1 234 567 890', as converters write a thin or narrow space separator)
    return money_col and (B._LONG_INTEGER.search(text_nolatex) is not None
                          or (" " in text_nolatex and B._SPACE_GROUPED.search(text_nolatex) is not None))


_AMOUNT_PIECES = ["Rp", "Rp.", "RP", "rp ", "(Rp)", "1", "12", "850", "1,2", "1.234", "4.439.039.245",
                  "1 234 567", "12345678", "juta", "Juta", "JUTA", "jt", "ribu", "milyar", "Milyar", "miliar",
                  "MILIAR", "triliun", "TRILIUN", "Trilyun", "m\u0131lyar", "M\u0130LIAR", "tr\u0131l\u0131un",
                  "mil\u017far", "jiwa", "orang", "unit", "US$", "USD", "euro", "....", "$x$", "_", "x"]
_AMOUNT_LABELS = st.sampled_from(["", "Anggaran (Rp)", "Jumlah Penduduk (jiwa)", "Uraian", "Realisasi (Rp.000)"])


#: Short texts of number and scale-word pieces, so that the look-behind, the separators and the
#: white space between a number and its scale word are hit often.
_AMOUNT_TEXTS = st.lists(st.sampled_from(["1", "5", "12", "\u0663", ".", ",", " ", "\t", "\u00a0", "juta", "MILIAR",
                                          "m\u0131lyar", "Triliun", "a", "_", "Rp", "jiwa", "US$", "."]),
                         max_size=8).map("".join)


#: The characters a case-insensitive pattern also takes for a letter of a scale word.
#: (The ASCII letters are listed twice: drawn more often.)
_FOLDS = {"i": ["i", "I", "i", "I", "\u0131", "\u0130"], "k": ["k", "K", "k", "K", "\u212a"],
          "s": ["s", "S", "s", "S", "\u017f"]}


def _any_case(word: str) -> st.SearchStrategy[str]:
    """``word`` with each letter in either case, or a character re.I folds to it."""
    return st.tuples(*[st.sampled_from(_FOLDS.get(c, [c, c.upper()])) for c in word]).map("".join)


#: A number, white space and a scale word of any kind in any case, between what may come before
#: a number and after a word.
_SCALED_TEXTS = st.tuples(
    st.sampled_from(["", "", "a", "_", ",", ".", " ", "Rp ", "(", "\u0663"]),
    st.from_regex(r"[0-9\u0663]{1,3}(?:[.,][0-9]{1,3}){0,2}", fullmatch=True),
    st.sampled_from(["", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "-"]),
    st.sampled_from([*B._MILLION_SCALE_WORDS, *SCALE_WORDS, "jiwa"]).flatmap(_any_case),
    st.sampled_from(["", "", ".", "a", "an", "2", " jiwa", " orang", " US$", " rupiah", ", 5 juta", " \u0131"]),
).map("".join)


def _scaled_matches_now(text: str) -> list[tuple[int, int]]:
    """The spans of the scaled amounts _cell_has_amount reads now: the pre-test, the pattern."""
    return [m.span() for m in B._SCALED_AMOUNT.finditer(text)] if B._may_have_scale_word(text) else []


def _scaled_matches_former(text: str) -> list[tuple[int, int]]:
    """The same with the former pre-test and pattern (commit 8896244)."""
    if not _DIGIT_THEN_LETTER_FORMER.search(text):
        return []
    return [m.span() for m in _SCALED_AMOUNT_FORMER.finditer(text)]


@_SETTINGS
@given(st.one_of(_SCALED_TEXTS, _SCALED_TEXTS, _AMOUNT_TEXTS, _texts(_AMOUNT_PIECES)), _AMOUNT_LABELS)
@example("1 m\u0131lyar", "")  # dotless i: an 'i' to re.I, in no lower case
@example("\u0663 juta", "")  # an Arabic-Indic digit before the scale word
@example("a1 juta, 2 JUTA. 3,5 Triliun", "")
def test_scaled_amount_and_cell_has_amount_as_before(text, label):
    # the step: the scaled-amount matches the fast path lets through, as the former test found
    assert _scaled_matches_now(text) == _scaled_matches_former(text)
    # the whole function (not its cache)
    assert B._cell_has_amount.__wrapped__(text, label) == _cell_has_amount_former(text, label)


def _word_variants(word: str) -> set[str]:
    """``word`` in lower, upper and title case, and with each letter re.I folds from a non-ASCII
    character replaced by it."""
    out = {word, word.upper(), word.title()}
    for c, folds in _FOLDS.items():
        for f in folds:
            if not f.isascii():
                out |= {word.replace(c, f), word.replace(c, f, 1)}
    return out


def test_scaled_amount_every_scale_word_as_before():
    # every scale word (and 'jiwa'), in every case, between the characters that decide a match:
    # a grid, so that no word is left to chance
    for word in [*SCALE_WORDS, "jiwa"]:
        for variant in _word_variants(word):
            for pre in ("", "a", ",", ".", " ", "_", "\u0663"):
                for num in ("5", "1,2", "\u0663"):
                    for ws in ("", " ", "\t", "\u00a0"):
                        for after in ("", ".", "a", " jiwa", " US$"):
                            text = pre + num + ws + variant + after
                            assert _scaled_matches_now(text) == _scaled_matches_former(text), text
                            now = B._cell_has_amount.__wrapped__(text, "")
                            assert now == _cell_has_amount_former(text, ""), text


def test_scaled_amount_hand_cases():
    found = [m.group() for m in B._SCALED_AMOUNT.finditer("Rp 1,2 Triliun dan 850 juta.")]
    assert found == ["1,2 Triliun", "850 juta."]
    assert not B._SCALED_AMOUNT.search("a1 juta") and not B._SCALED_AMOUNT.search(".5 juta")
    assert B._may_have_scale_word("1 m\u0131lyar") and B._SCALED_AMOUNT.search("1 m\u0131lyar")
    assert not B._may_have_scale_word("1.234 orang")
    assert B._cell_has_amount.__wrapped__("850 juta", "") is True
    assert B._cell_has_amount.__wrapped__("1,5 juta jiwa", "") is False


# ---------------------------------------------------------------------------------------------
# 2. documents: _continues_cut_number (29348e1, 641f34b) and normalise_cell (09e4864)
# ---------------------------------------------------------------------------------------------
def _continues_cut_number_former(above: str, below: str) -> bool:
    """documents._continues_cut_number as it was before the fast path (commit 8896244): both
    end-anchored tests on every pair."""
    return ends_in_cut_number(above) or rejoin_cut_number(above, below)[1] == "rejoined"


_NUMBER_PIECES = ["1", "12", "123", "1.234", "1,234", "18.117.215", "43.786.430", "525,774,880.0", "1.234.5",
                  ".", ",", "..", ".,", ",-", ",00", ".945", "%", "Rp", "Rp.", "Rp .", "(", ")", " ", "tahun",
                  "a", "A.", "2023.", "\u0663", "\u00b2", "\u0663.", "\u00a0", "\t", "\n", "-"]
_NUMBER_TEXTS = st.lists(st.sampled_from(_NUMBER_PIECES + _DIGITS + list(".,")), max_size=8).map("".join)
#: A cell's line ending in a number (grouped or not, maybe cut after a separator or inside its
#: last group), and the next line starting with the rest (digits, a separator and a group,
#: decimals): every way the pieces of a cut number meet, each drawn often.
_DIGITS_1_3 = st.from_regex(r"[0-9\u0663]{1,3}", fullmatch=True)


@st.composite
def _heads(draw) -> str:
    # one separator for the groups mostly (a well-formed grouped number), the other sometimes
    sep = draw(st.sampled_from(".,"))
    seps = st.just(sep) | st.sampled_from(".,")
    groups = [draw(seps) + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
              for _ in range(draw(st.integers(0, 3)))]
    # the end: nothing, a separator (or two), one or two digits of a cut group, a letter
    end = draw(st.sampled_from(["", "s", "ss", "sd", "sdd", "sdd", "sds", "a.", "sa"]))
    end = "".join(draw(seps) if c == "s" else draw(st.sampled_from("0123456789\u0663")) if c == "d" else c
                  for c in end)
    pre = draw(st.sampled_from(["", "Rp.", "Rp ", "Rp .", "(", "a ", "tahun ", "x.", "1."]))
    return pre + draw(_DIGITS_1_3) + "".join(groups) + end + draw(st.sampled_from(["", "", " ", "\u00a0"]))


_HEADS = _heads()
_TAILS = st.builds(
    lambda pre, body, post: pre + body + post,
    st.sampled_from(["", "", " ", "\t"]),
    st.one_of(_DIGITS_1_3, st.from_regex(r"[.,][0-9]{3}", fullmatch=True),
              st.from_regex(r"[0-9]{1,3}[.,][0-9]{1,3}", fullmatch=True),
              st.from_regex(r"[.,][0-9]{1,4}", fullmatch=True)),
    st.sampled_from(["", "", "%", ",-", " ,00", " orang", ")", "5"]))


@settings(max_examples=500, deadline=None)
@given(st.one_of(_HEADS, _HEADS, _NUMBER_TEXTS, st.text(max_size=8)),
       st.one_of(_TAILS, _TAILS, _NUMBER_TEXTS, st.text(max_size=8)))
@example("Rp.18.117.215.", "021,-")
@example("1.234.5", "67")
@example("1.234.56", "7")  # cut inside the last group, two digits before the cut
@example("43.786.430", ".945")
@example("tahun 2023.", "5")
@example("a.", "5")
@example("\u0663.", "5")  # an Arabic-Indic digit before the full stop
@example("1.\u0663", "5")
def test_continues_cut_number_as_before(above, below):
    assert D._continues_cut_number(above, below) == _continues_cut_number_former(above, below)


def _normalise_cell_former(text: str) -> str:
    """documents.normalise_cell as it was before the fast path (commit 8896244): '**' always
    replaced, the white space always folded by split and join."""
    if not text:
        return ""
    s = text.replace("**", "")
    if "<" in s:
        if "br" in s or "BR" in s or "Br" in s:
            s = D._LINE_BREAK_TAG.sub("\x01", s)
        s = D._BLOCK_TAG.sub("\x00", s)
        s = D._ANY_TAG.sub("", s)
    s = html.unescape(s).replace("\u00a0", " ")
    if "\x01" in s:
        s = D._join_wrapped_lines(s)
    if "\x00" not in s:  # one part (no block tag)
        return " ".join(s.split())  # white space folded
    parts = [" ".join(p.split()) for p in s.split("\x00")]
    return D._SEP.join(p for p in parts if p)


_CELL_PIECES = ["**", "*", "***", "<p>", "</p>", "<br>", "<BR/>", "<br />", "<li>", "<b>", "</b>", "<span x>",
                "&nbsp;", "&amp;", "&#9;", "&#10;", "&#x2003;", "&#160;", "\x00", "\x01", "Rp. 7.335",
                "Input :", "dan", "sesuai", "Program", "1.", " | ", "  ", " "]


#: Printable texts with spaces, doubled or at the ends, and a few other white space
#: characters: the fast path of the fold and its way out.
_FOLD_TEXTS = st.lists(st.sampled_from(["a", "Rp.", "é", "*", " ", " ", "  ", "\t", "\u00a0", "\u2003", "&nbsp;"]),
                       max_size=8).map("".join)


@_SETTINGS
@given(st.one_of(_FOLD_TEXTS, _texts(_CELL_PIECES)))
@example("Target\u2003Kinerja")  # an em space: printable? no, so folded
@example(" a")
@example("a\x1cb")
@example("a&#9;b")  # a TAB written as an entity
def test_normalise_cell_as_before(text):
    assert D._fold_white_space(text) == " ".join(text.split())
    assert D.normalise_cell.__wrapped__(text) == _normalise_cell_former(text)


# ---------------------------------------------------------------------------------------------
# 3. sections: the table-of-contents reference and the case-folding test (613ce0d)
# ---------------------------------------------------------------------------------------------
def _ends_in_page_reference_former(r: str) -> bool:
    """The test sections._in_toc applied to a line ``r`` (rstripped) before the fast path
    (commit 8896244): the pattern searched when the line ends in a dot or a decimal digit."""
    return bool(r and (r[-1] == "." or r[-1].isdecimal()) and S._TOC_REF.search(r))


_TOC_PIECES = ["....", "...", ".", "..", "III", "IV", "X", "-", " - ", "505", "12", "1234", "Urusan", "Bab",
               "\t", " ", "\u0663", "\u00b2", "I-5", "III-505", "........ 12"]


#: A line's text and an ending a page reference may have (or nearly).
_TOC_LINES = st.tuples(_texts(_TOC_PIECES, max_size=4),
                       st.sampled_from([".", "..", "...", "....", ".....", "... .", "........ 12", "....12", " III-505",
                                        "III -5", "\tIV-12", "\t12", "\t1234", " 5", "\u0663", "....\u0663",
                                        "....\u00b2", "", " ", "\t"])).map("".join)


@_SETTINGS
@given(_TOC_LINES | _texts(_TOC_PIECES))
@example("1. Urusan Pendidikan ........")
@example("Urusan ini dilaksanakan.")
@example("1. Urusan Pendidikan III-505")
@example("...\t.")
@example("....\u0663")
def test_ends_in_page_reference_as_before(text):
    r = text.rstrip()  # as _in_toc calls it
    assert S._ends_in_page_reference(r) == _ends_in_page_reference_former(r)


def _skips_line_former(t: str) -> bool:
    """The line test of sections._section_events before the fast path (commit 8896244)."""
    return S.CASE_FOLDS_TO_ASCII.isdisjoint(t) and "dilaksanakan" not in t.lower()


def _skips_line_now(t: str) -> bool:
    """The line test of sections._section_events now (src/analysis/extract/sections.py line 261,
    copied: it is written inline)."""
    return "dilaksanakan" not in t.lower() and (t.isascii() or S.CASE_FOLDS_TO_ASCII.isdisjoint(t))


def _section_events_former(doc):
    """sections._section_events as it was before the fast path (commit 8896244), with the
    former table-of-contents test of _in_toc."""
    events = []  # (line, kind, text)
    for h in doc.headings:
        text = h.text.replace("**", "").strip()
        if h.kind == "bab":
            events.append((h.line, "reset", text))
        elif h.kind in ("numbered", "lettered") and len(text) <= 140:
            if S._URUSAN_HEAD.match(text) and not text.endswith(":"):
                events.append((h.line, "urusan", text))
            elif S._AGENCY_HEAD.match(text) and not S._NOT_AN_AGENCY.search(text):
                name = S.clean_entity_name(text)
                if not S._BARE_KIND.fullmatch(name):  # '6. Sekretariat': a unit of the agency
                    events.append((h.line, "agency", name))
    for i, t in doc.text_lines():
        if "\t" in t:
            continue
        if S.CASE_FOLDS_TO_ASCII.isdisjoint(t) and "dilaksanakan" not in t.lower():
            continue
        m = S._BY.search(t)
        if m:
            events.append((i, "agency", S.clean_entity_name(m.group(1))))
    events = [e for e in events if e[1] == "reset" or not _in_toc_former(doc, e[0])]
    return tuple(sorted(events))


def _in_toc_former(doc, line: int) -> bool:
    """sections._in_toc as it was before the fast path (commit 8896244)."""
    texts = [doc.line(line)]
    k = line + 1
    while k <= len(doc.lines) and len(texts) < 3:
        if doc.line(k).strip():
            texts.append(doc.line(k))
        k += 1
    # the reference ends the line with a digit or a dot: tested before the pattern's search
    return any(S._TOC_REF.search(r) for r in (t.rstrip() for t in texts) if r and (r[-1] == "." or r[-1].isdecimal()))


_DILAKSANAKAN = ["dilaksanakan", "DILAKSANAKAN", "Dilaksanakan", "d\u0131laksanakan", "D\u0130LAKSANAKAN",
                 "dilak\u017fanakan", "dilaksana", "oleh", " oleh ", "Dinas", "Badan Pendapatan", "Provinsi"]

_SECTION_LINES = ["BAB III", "1. Urusan Pendidikan", "2. Urusan Kesehatan ........ 12", "a. Dinas Kesehatan",
                  "b. Badan Keuangan III-505", "6. Sekretariat", "....", "12", "III-5", "Urusan ini dilaksanakan"
                  " oleh Dinas Pendidikan.", "Urusan ini d\u0131laksanakan oleh Dinas Sosial Provinsi NTT.",
                  "URUSAN INI D\u0130LAKSANAKAN OLEH BADAN PANGAN.", "dilak\u017fanakan oleh Biro Umum ....",
                  "dilaksanakan oleh:\tDinas X", "", "Teks biasa.", "| No | Dinas |", "|---|---|", "| 1 | A |"]


@_SETTINGS
@given(_texts(_DILAKSANAKAN), st.lists(st.sampled_from(_SECTION_LINES), max_size=8))
@example("D\u0130LAKSANAKAN oleh Dinas", [])  # 'İ' lower-cases to 'i̇': no 'dilaksanakan'
@example("\u212a", [])
def test_section_events_case_folding_test_as_before(line, lines):
    assert _skips_line_now(line) == _skips_line_former(line)
    # the whole function, on a document of such lines and the generated one
    doc = parse_document("\n".join([*lines, line, ""]), "999")
    assert S._section_events(doc) == _section_events_former(doc)


# ---------------------------------------------------------------------------------------------
# 4. columns._stack: folding by str.split (5e7c090)
# ---------------------------------------------------------------------------------------------
_WS_FORMER = re.compile(r"\s+")


def _stack_former(header, n: int) -> tuple[str, ...]:
    """columns._stack as it was before the fast path (commit 8896244): the cells stripped, the
    non-empty ones joined, each run of white space replaced by a pattern."""
    return tuple(
        C.canonical_header(_WS_FORMER.sub(" ", " ".join(p.strip() for p in parts if p.strip())))
        for parts in C.column_stacks(header, n)
    )


def _fold_former(parts) -> str:
    """The fold of one column's cells in the former _stack (commit 8896244)."""
    return _WS_FORMER.sub(" ", " ".join(p.strip() for p in parts if p.strip()))


def _fold_now(parts) -> str:
    """The fold of one column's cells in _stack now (src/analysis/extract/columns.py line 640,
    copied: it is written inline)."""
    return " ".join(" ".join(parts).split())


def _outcome(fn, *args):
    """``fn(*args)``, or the type and message of the exception it raises."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return type(exc), str(exc)


_HEADER_PIECES = ["Target", "Realisasi", "Anggaran (Rp)", "Indikator Kinerja", "No", "2023", "%", "(1)", "140",
                  "Program/", "Kegiatan", "s/d", "  ", " "]
_HEADER_CELLS = _texts(_HEADER_PIECES, max_size=5)


@_SETTINGS
@given(st.lists(st.lists(_HEADER_CELLS, max_size=4), max_size=3), st.integers(0, 4),
       st.lists(_HEADER_CELLS, max_size=4))
@example([["NO", "2023", ""], ["", "Target", "Realisasi"]], 3, [" \u00a0", "a\x1c", "\u2003b "])
def test_stack_fold_as_before(header, n, parts):
    assert _fold_now(parts) == _fold_former(parts)
    # the same labels, or the same error (both raised on a header cell 'Targetſ' before the fix
    # tested at the end of this file)
    now = _outcome(C._stack.__wrapped__, tuple(tuple(r) for r in header), n)
    assert now == _outcome(_stack_former, header, n)


# ---------------------------------------------------------------------------------------------
# 5. regions.normalise_name (52b6d5c), regional._doc_words (52b6d5c), _shares_name_word (a37becf)
# ---------------------------------------------------------------------------------------------
def _normalise_name_former(raw: str) -> str:
    """regions.normalise_name as it was before the fast path (commit 8896244): the runs of
    other characters than [0-9a-z] replaced by a pattern."""
    text = unicodedata.normalize("NFKC", raw)
    if R._MARKUP_CHAR_RE.search(text):  # the scan is slow on long cells; most have no markup
        text = R._MARKUP_RE.sub(" ", text)
    text = R._NUMBERING_RE.sub("", text, count=1)
    text = text.lower()
    if not text.isascii():  # ASCII has no accents to strip (NFKD leaves it unchanged)
        text = R._NON_ASCII_RE.sub(R._drop_combining, unicodedata.normalize("NFKD", text))
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


_NAME_PIECES = ["Kab.", "KAB.", "Kota", "kupang", "Kupang", "\u212aupang", "S\u017fumba", "SUMBA", "Barat Daya",
                "ROTE-ND AO", "Sikka", "Manggarai", "Ende", "\u0130", "Jumlah", "1.", "22.", "3)", "(a)", "**", "_",
                "`", "#", "<b>", "</b>", "<", "\u0301", "\u00bd", "\u2460", "-", "/", "Provinsi NTT"]
_PCODES = st.sampled_from([None, "53", "51", "11"])


@_SETTINGS
@given(_texts(_NAME_PIECES), _PCODES)
@example("KAB. ROTE-ND AO", "53")
@example("\u212aupang", "53")  # the Kelvin sign: NFKC makes it 'K'
@example("\u0130\u0131\u017f\u212a", None)
def test_normalise_name_and_shares_name_word_as_before(label, pcode):
    assert R.normalise_name.__wrapped__(label) == _normalise_name_former(label)
    assert G._shares_name_word.__wrapped__(label, pcode) == _shares_name_word_former(label, pcode)


def _shares_name_word_former(label: str, pcode: str | None) -> bool:
    """regional._shares_name_word as it was before the fast path (commit 8896244), with the
    former normalise_name."""
    vocab = R.name_tokens(pcode)
    if label.isascii() and vocab.isdisjoint(re.findall(r"[0-9a-z]+", label.lower())):
        return False
    return not vocab.isdisjoint(_normalise_name_former(label).split())


def _doc_words_former(doc) -> frozenset[str]:
    """regional._doc_words as it was before the fast path (commit 8896244): the runs of [a-z]
    of the lower-cased prose, found by a pattern."""
    prose = "\n".join([line for _i, line in doc.text_lines()]).lower()
    return frozenset(re.findall(r"[a-z]+", " ".join(set(prose.split()))))


_PROSE_PIECES = ["Kabupaten", "KOTA", "kupang", "CULTIV ATOR", "\u0130stanbul", "\u212aelvin", "\u0131", "\u017f",
                 "é", "ß", "\ufb01", "\uff21", "Tabel 3.1", "1.", "BAB II", "| a | b |", "|---|---|", "| 1 | 2 |",
                 "\n", "\n", " "]


@_SETTINGS
@given(_texts(_PROSE_PIECES, max_size=20))
@example("CULTIV ATOR \u0130stanbul \u212aelvin")
@example("| CULTIV | ATOR |\n|---|---|\n| 1 | 2 |\nprosa \u0130")
def test_doc_words_as_before(text):
    doc = parse_document(text, "999")
    assert G._doc_words(doc) == _doc_words_former(doc)


# ---------------------------------------------------------------------------------------------
# Errors the tests above found in code the fast paths share with the former code (both raised,
# fixed in vocabulary.canonical_header and documents.is_numbering_row): a whole document with
# such a cell failed to extract.
# ---------------------------------------------------------------------------------------------
def test_canonical_header_of_words_with_letters_re_i_folds_to_ascii():
    # re.I matches the long s (U+017F) to 's', the dotless i (U+0131) and the dotted capital I
    # (U+0130) to 'i': the word is translated as its ASCII spelling ('targets' -> 'target')
    # instead of raising KeyError
    from analysis.extract.vocabulary import canonical_header

    assert canonical_header("Target\u017f") == "target"
    assert canonical_header("\u0131ndicator") == "indikator"
    assert canonical_header("\u0130ndicator Kinerja") == "indikator kinerja"


def test_is_numbering_row_with_a_superscript_digit():
    # '²' is a digit for str.isdigit but no decimal int() reads: a cell, not a column number
    assert D.is_numbering_row(["1", "2", "\u00b2"]) is False
    assert D.is_numbering_row(["1", "2", "3"]) is True


def test_a_document_with_such_cells_is_read():
    doc = parse_document("Tabel 1\n| No | Target\u017f | Realisasi |\n|---|---|---|\n| 1 | 2 | \u00b2 |\n"
                         "| 1 | Jumlah dokumen | 5 |\n", "999")
    assert doc.tables
    assert C.column_labels(doc.tables[0])[1] == "target"
