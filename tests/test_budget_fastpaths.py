"""Fast paths of the budget extractor (issue 15) against the straightforward computation they
replace: property tests on generated cell texts plus hand-computed cases."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analysis.extract import budget as B
from analysis.extract.numbers import find_numbers

#: pieces that money cells are made of, so generated texts hit the number scanner's branches
_PIECES = ["Input", ":", " ", "Rp", "Rp.", "rp ", "(", ")", "%", "-", ".", ",", "1", "12", "3.1.2",
           "1.234", "4.439.039.245", "250.000.000,00", "7335135315", "68", "juta", "milyar", "**",
           "<p>", "</p>", " | ", "Kegiatan", "a.", "ha", "\u00a0", "\u2212", "/", "x"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join) | st.text(max_size=30)
_STYLES = st.sampled_from([None, "id", "us"])


@given(_TEXTS, _STYLES)
def test_first_number_is_first_of_find_numbers(text, style):
    toks = find_numbers(text, style)
    assert B._first_number(text, style) == (toks[0] if toks else None)


def test_first_number_hand_cases():
    t = B._first_number("Input: Rp 4.439.039.245 (68%)", "id")
    assert (t.start, t.text, t.parsed.value, t.has_currency) == (7, "Rp 4.439.039.245", 4439039245.0, True)
    assert B._first_number("1. Kegiatan 3.1.2", None) is None  # a list number and a code only
    assert B._first_number("", None) is None


def _paragraphs_reference(lines):
    """:func:`analysis.extract.budget._paragraphs` as first written (the tail re-read from the
    whole paragraph text, the text grown line by line)."""
    out, cur, text = [], [], ""
    for ln, t in lines:
        s = B._clean(t)
        if not s:
            continue
        tail = text.rstrip()[-4:]
        cont = cur and ln - cur[-1] <= 3 and (
            B._ENDS_WITH_RP.search(tail) or not B._ENDS_SENTENCE.search(tail)
        ) and (B._STARTS_LOWER_OR_RP.match(s) or (B._DIGIT.match(s) and not B._STARTS_NUMBERING.match(s))
               or B._STARTS_NAME_TAIL.match(s))
        if cont:
            cur.append(ln)
            text = f"{text} {s}"
        else:
            if cur:
                out.append((cur, text))
            cur, text = [ln], s
    if cur:
        out.append((cur, text))
    return out


_LINE_PIECES = ["Rp", "Rp.", "rp", "sebesar", "dengan", "Barat", "Jawa", "anggaran", ".", ":", ";", "?",
                " ", "  ", "\t", "1", "2.1", "1. ", "(", "a", "<br>", "**", "&amp;", "\u00a0", "x"]
_LINES = st.lists(st.tuples(st.integers(0, 5), st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join)),
                  max_size=12)


@given(_LINES)
def test_paragraphs_match_reference(steps):
    lines, ln = [], 0
    for gap, text in steps:
        ln += gap
        lines.append((ln, text))
    assert B._paragraphs(None, lines) == _paragraphs_reference(lines)


def test_paragraphs_hand_case():
    lines = [(1, "Belanja daerah sebesar Rp."), (2, "1.000.000 dengan realisasi"), (3, "Rp 900.000."),
             (4, "berikutnya."), (5, "Program A")]
    assert B._paragraphs(None, lines) == [
        ([1, 2, 3], "Belanja daerah sebesar Rp. 1.000.000 dengan realisasi Rp 900.000."),
        ([4], "berikutnya."), ([5], "Program A")]


#: :data:`analysis.extract.budget._GROUPED` as first written (look-behind in front)
_GROUPED_REFERENCE = re.compile(r"(?<![\d.,/])\d{1,4}(?:[.,]{1,2}\d{2,6}){1,6}(?![\d/])")
_NUMBER_PIECES = ["1", "12", "123", "1234", "12345", ".", ",", ",,", "..", "/", " ", "Rp", "00", "000",
                  "0000000", "a", "\u0661", "%"]


@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=16).map("".join) | st.text(alphabet="0123456789.,/ x",
                                                                                       max_size=40))
def test_grouped_pattern_matches_reference(text):
    assert [m.span() for m in B._GROUPED.finditer(text)] == [m.span() for m in _GROUPED_REFERENCE.finditer(text)]


def test_grouped_pattern_hand_cases():
    spans = lambda s: [m.group(0) for m in B._GROUPED.finditer(s)]  # noqa: E731
    assert spans("Rp 4.439.039.245 dan 1/2.000.000") == ["4.439.039.245"]  # not after '/'
    assert spans("12345.678") == []  # more than four digits before the first separator
    assert spans("x1234.678") == ["1234.678"]
    assert spans("1,5 jiwa; 250.000.000,00") == ["250.000.000,00"]  # '1,5': one digit after the comma


def test_input_segment_cut_at_output():
    assert B._input_segment("Input: Rp 1.000 Output: 5 dokumen") == "Input: Rp 1.000 "
    assert B._input_segment("Rp 2.000") == "Rp 2.000"


@given(st.lists(st.sampled_from(["input", "INPUT", "Input", " ", ":", "\n", "\t", "x", "t", "A", "Rp 1.000"]),
                max_size=10).map("".join))
def test_drop_trailing_input_is_the_pattern(text):
    assert B._drop_trailing_input(text) == B._TRAILING_INPUT.sub("", text)


def _cell_has_amount_reference(text, label):
    """:func:`analysis.extract.budget._cell_has_amount` as first written (the unit pattern
    run on every text with an 'R')."""
    if "R" in text:
        text = B._UNIT_RP.sub(" ", text)
        if B._RP_AMOUNT.search(text):
            return True
    money_col, unit_col = B._column_money_kind(label)
    if unit_col:
        return False
    t = B._LATEX_MATH.sub(" ", text) if "$" in text else text
    if ("." in t or "," in t) and B._SEPARATED_DIGITS.search(t):
        for m in _GROUPED_REFERENCE.finditer(t):
            if B._NON_MONEY_UNIT.match(t[m.end():m.end() + 14].strip()):
                continue
            if B._big_number(m.group(0)):
                return True
            if money_col and B._THOUSANDS_GROUP.search(m.group(0)):
                return True
    return money_col and B._LONG_INTEGER.search(t) is not None


_CELL_PIECES = ["R", "Rp", "RP", "rp", "R p", "(Rp)", "(Rp.000)", "Rp.000", "Rp. 000", "(", ")", " ", ".", ",",
                "1", "123", "1.234", "4.439.039.245", "12345678", "1,5", "jiwa", "unit", "$x$", "$", "/", "%"]


@given(st.lists(st.sampled_from(_CELL_PIECES), max_size=10).map("".join),
       st.sampled_from(["", "Anggaran (Rp)", "Jumlah Penduduk (jiwa)", "Uraian", "Realisasi (Rp.000)"]))
def test_cell_has_amount_matches_reference(text, label):
    assert B._cell_has_amount.__wrapped__(text, label) == _cell_has_amount_reference(text, label)


@given(st.lists(st.sampled_from(["Output", "OUPUT", "outcomes", "Keluaran", "KELUARAN", "\u212aeluaran", "ou",
                                 "input", ":", " ", "Rp 1.000", "x", "\u017f"]), max_size=8).map("".join))
def test_input_segment_matches_the_pattern(text):
    s = B._clean(text)
    m = B._INPUT_SEGMENT_END.search(s)
    assert B._input_segment.__wrapped__(text) == (s[:m.start()] if m else s)


_NUMBERED_REFERENCE = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\.\s+(?=[A-Za-z])")


@given(st.lists(st.sampled_from(["1", "12", "123", ".", ". ", " ", "\n", "A", "b", "x1", "(", "\u0663"]),
                max_size=14).map("".join))
def test_numbered_item_pattern_matches_reference(text):
    got = [(m.span(), m.group(1)) for m in B._NUMBERED_ITEM.finditer(text)]
    assert got == [(m.span(), m.group(1)) for m in _NUMBERED_REFERENCE.finditer(text)]


def _split_marks_reference(text):
    starts = [m.start() for m in B._ITEM_MARK.finditer(text)]
    if starts and B._CODE_BEFORE_MARK.fullmatch(text[:starts[0]]):
        starts[0] = 0
    if not starts or starts[0] != 0:
        starts = [0] + starts
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


@given(st.lists(st.sampled_from(["Program", "KEGIATAN", "Sub Kegiatan", "sub.kegiatan", "urusan", "Keg\u0130atan",
                                 "Keg\u0131atan", "\u212aegiatan", " ", ":", "2", "1.", "A", ")", "x"]),
                max_size=10).map("".join))
def test_split_marks_matches_reference(text):
    assert B._split_marks(text) == _split_marks_reference(text)


def test_split_marks_hand_case():
    assert B._split_marks("Program: A Kegiatan 2: B") == ["Program: A ", "Kegiatan 2: B"]
    assert B._split_marks("Program A") == ["Program A"]


_SENTENCE_PIECES = ["Belanja", "Pegawai", "belanja modal", "A", "x", " ", "  ", "\t", "\n", "yang", "YANG", "yan",
                    "semula", "SEMULA", "semulanya", "menjadi", "Menjadi", "sebesar", "Rp", "Rp.", "rp ", "1.000",
                    "250.000.000,00", "(", ")", ".", ";", ":", ",", "g", "\u017fEMULA", "y" * 60, " " * 70]


@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40).map("".join))
def test_sentence_changes_are_the_pattern_matches(text):
    from analysis.extract import budget_lists as BL
    expected = [(m.span(), m.groupdict()) for m in BL._SENTENCE_CHANGE.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in BL._sentence_changes(text)] == expected


def test_sentence_changes_long_subject_and_separator():
    from analysis.extract import budget_lists as BL
    # a subject of exactly 121 characters, then a long run of spaces and 'yang' before 'semula'
    text = "x. " + "B" * 121 + " " * 200 + "yang  semula Rp 1.000 menjadi Rp 2.000"
    got = [m.span() for m in BL._sentence_changes(text)]
    assert got == [m.span() for m in BL._SENTENCE_CHANGE.finditer(text)] == [(3, len(text))]
    assert list(BL._sentence_changes("Belanja semula Rp 1.000, tanpa perubahan")) == []


@given(st.lists(st.sampled_from(["1", "12", "123456", "x", " ", ".", "Rp", "\u0663", "\u00b2", "\n"]), max_size=20)
       .map("".join) | st.text(max_size=40))
def test_six_digits_anchored_match_is_the_search(text):
    # any six digits (the pattern the anchored possessive one replaces)
    assert (B._SIX_DIGITS.match(text) is not None) == (re.search(r"\d(?:\D*\d){5}", text) is not None)


def test_six_digits_hand_cases():
    assert B._SIX_DIGITS.match("Rp 1.234.56") is not None  # six digits across separators
    assert B._SIX_DIGITS.match("1.2.3.4.5 tahun") is None
    assert B._SIX_DIGITS.match("kode 12 345 6") is not None


@given(st.lists(st.lists(st.sampled_from(["input", "INPUT", "Input:", "inputs", "xinput", "in", "put", " ", "",
                                           "\n", "-", "\u0130nput", "1"]), max_size=4).map("".join), max_size=6))
def test_input_word_in_joined_cells_is_in_a_cell(cells):
    # _table_kind looks for the input word in the cells joined by line breaks
    assert (B._INPUT_WORD.search("\n".join(cells)) is not None) == any(B._INPUT_WORD.search(c) for c in cells)
