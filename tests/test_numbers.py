"""Number parser: values taken from the documents (doc, table, line), plus property tests."""

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.io import format_plain
from analysis.extract.numbers import (
    NumberContext,
    number_context,
    parse_in_context,
    find_numbers,
    infer_style,
    number_shape,
    parse_amount,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    "text, expected, where",
    [
        # 001 Tabel 1.8 line 860 / Tabel 2.4 TOTAL line 1128: realisasi belanja daerah
        ("4.460.977.040.468,77", 4460977040468.77, "001 Tabel 2.4 L1128"),
        # 004 Tabel 3.9 / Tabel 2.3: US-style amounts
        ("3,639,196,510.00", 3639196510.00, "004 US style"),
        ("525,774,880.00", 525774880.0, "004 Tabel 3.9 L630"),
        ("Rp.3,639,196,510,-", 3639196510.0, "004 prose"),
        # 001 Tabel 2.4 line 1036: surplus/(defisit) in brackets
        ("(2.061.824.237.011)", -2061824237011.0, "001 Tabel 2.4 L1036"),
        # 001 Tabel 2.4 line 1104: minus-sign negative
        ("-262.920.829.242", -262920829242.0, "001 Tabel 2.4 L1104"),
        ("1.960.291.207.174,90", 1960291207174.90, "001 Tabel 2.4 L1036"),
        ("Rp. 111.617.829.255,-", 111617829255.0, "002 prose"),
        ("Rp. 61.424.000,00,-", 61424000.0, "001 ,00,- tail"),
        ("RP. 14.968.336", 14968336.0, "RP. prefix"),
        ("Rp. Rp. 1.000.000", 1000000.0, "doubled prefix (001 L6017)"),
        ("Rp. **4.916.185.685.870**", 4916185685870.0, "bold amount (001)"),
        ("1153396300", 1153396300.0, "001 L1050 unformatted integer"),
        ("Rp 1,997,465,094 ,00", 1997465094.0, "001 L1595 US grouping + ID decimals"),
        ("Rp.5,31 Triliun", 5.31e12, "001 L3005 scale word"),
        ("0,00", 0.0, "zero"),
    ],
)
def test_amounts_from_documents(text, expected, where):
    p = parse_amount(text)
    assert p.status == "ok", (where, p)
    assert p.value == pytest.approx(expected, rel=0, abs=1e-6), where


@pytest.mark.parametrize(
    "text, expected",
    [
        ("91,29%", 91.29),  # 001 L1128 TOTAL %
        ("(68%)", 68.0),  # 001 L1361 'Input: Rp 4.439.039.245 (68%)'
        ("(44.76 %)", 44.76),  # 001 L2069 Sat Pol PP
        ("(98.49)", 98.49),  # 001 L6101 no % sign
        ("(87,44)", 87.44),  # 001 L1674
        ("95,04", 95.04),  # 001 Tabel 2.4 L1036
        ("92.48", 92.48),  # 004 Tabel 3.9 L630
    ],
)
def test_percents(text, expected):
    p = parse_percent(text)
    assert p.ok and p.is_percent
    assert p.value == pytest.approx(expected)


@pytest.mark.parametrize("text", ["#DIV/0!", "-", "", "  ", "(-)"])
def test_missing_values_have_reasons(text):
    # 001 Tabel 2.4 L1056: '#DIV/0!' in the % column; '-' for zero in Tabel 1.8
    p = parse_number(text)
    assert p.status == "missing"
    assert p.value is None
    assert p.note


@pytest.mark.parametrize(
    "text",
    [
        "6.1249.934.780",  # group of four digits
        "238.805600",  # six digits after one separator
        "370,,20",  # doubled separator (001 L6515)
        "RP. (14.968.336.9)",  # last group of one digit (001 L962)
        "Rp .574.998.700-",  # leading digits lost (001 L4610)
        "Rp.249,999.400",  # mixed separators in an amount (001 L2255)
    ],
)
def test_malformed_numbers_are_reported_not_coerced(text):
    p = parse_amount(text)
    assert p.status == "malformed", p
    assert p.value is None
    assert "malformed" in p.note


def test_ambiguous_shape_needs_context_and_records_resolution():
    # 001 Bab IV table L6510-6515 mixes '1,500', '745.5', '1.329'
    p = parse_number("1.329")
    assert p.status == "ambiguous" and p.value is None and "1329" in p.note
    as_id = parse_number("1.329", style="id")
    as_us = parse_number("1.329", style="us")
    assert as_id.value == 1329 and "thousands" in as_id.note
    assert as_us.value == pytest.approx(1.329) and "decimal" in as_us.note
    # 001 L3960: a percentage with three decimals read in US style
    assert parse_percent("84.115", style="us").value == pytest.approx(84.115)


def test_unambiguous_shapes_ignore_the_style_hint():
    assert parse_number("4.460.977.040.468,77", style="us").value == pytest.approx(4460977040468.77)
    assert parse_number("3,639,196,510.00", style="id").value == pytest.approx(3639196510.0)


def test_shapes():
    assert number_shape("1.234.567,89") == "id"
    assert number_shape("1,234,567.89") == "us"
    assert number_shape("1.234") == "ambiguous"
    assert number_shape("1153396300") == "int"
    assert number_shape("6.1249.934.780") == "malformed"


def test_infer_style_counts_every_text_and_reads_through_markup():
    # a text repeated counts each time (two Indonesian amounts outweigh one US amount), though
    # the shapes of a text are read once and cached
    assert infer_style(["1.234.567", "1.234.567", "2,345,678"]) == "id"
    assert infer_style(["1.234.567", "2,345,678", "3,456,789"]) == "us"
    # bold markers inside a number are removed first: '1.234.567' (Indonesian), not the
    # ambiguous '1.234' and a lost '.567'
    assert infer_style(["**1.234**.567"]) == "id"
    # no token spans two texts: '1.234' is ambiguous and ',5' no token ('1.234,5' would be
    # Indonesian)
    assert infer_style(["1.234", ",5"], default="us") == "us"
    assert infer_style(["1.234,5"], default="us") == "id"


def test_infer_style_of_the_documents(raw_dir):
    ntt = (raw_dir / "001_1c6606aa711e05c2.txt").read_text(encoding="utf-8").splitlines()
    bali = (raw_dir / "004_ba9b4abb8ccd5181.txt").read_text(encoding="utf-8").splitlines()
    assert infer_style(ntt) == "id"
    assert infer_style(bali) == "us"
    # a column of the Bab IV table (001 L6510-6515) with one unambiguous cell decides
    assert infer_style(["1.500", "745,5"]) == "id"


def test_find_numbers_in_input_cells():
    # 001 L1361: realisation cell of PROGRAM PENGEMBANGAN KURIKULUM
    toks = find_numbers("Input: Rp 4.439.039.245 (68%)", style="id")
    assert [(t.parsed.value, t.parsed.is_percent, t.has_currency) for t in toks] == [
        (4439039245.0, False, True),
        (68.0, True, False),
    ]
    # 001 L2252: several amounts numbered inside one cell; list numbers are not values
    toks = find_numbers("Input: 1. Rp. 35.997.800,- 2. Rp. 59.330.000,- 3. Rp. 658.070.200,-")
    assert [t.parsed.value for t in toks] == [35997800.0, 59330000.0, 658070200.0]
    # 002 Tabel 3.1 L271-273: a percentage with a count in brackets
    toks = find_numbers("100% (180 Kegiatan)")
    assert toks[0].parsed.value == 100.0 and toks[0].parsed.is_percent
    assert toks[1].parsed.value == 180.0 and not toks[1].parsed.is_percent


def test_format_plain():
    assert format_plain(1960291207174.9) == "1960291207174.9"
    assert format_plain(2062624237011.0) == "2062624237011"
    assert format_plain(None) == ""
    assert format_plain(float("nan")) == ""


# ----------------------------------------------------------------------------- properties
def _id_format(n: int, cents: int | None) -> str:
    s = f"{n:,}".replace(",", ".")
    return s if cents is None else f"{s},{cents:02d}"


def _us_format(n: int, cents: int | None) -> str:
    s = f"{n:,}"
    return s if cents is None else f"{s}.{cents:02d}"


@given(n=st.integers(min_value=1_000_000, max_value=10**15), cents=st.one_of(st.none(), st.integers(0, 99)),
       prefix=st.sampled_from(["", "Rp", "Rp. ", "RP.", "Rp "]), neg=st.booleans())
@settings(max_examples=300, deadline=None)
def test_round_trip_both_styles(n, cents, prefix, neg):
    expected = n + (cents or 0) / 100
    for text in (_id_format(n, cents), _us_format(n, cents)):
        shown = f"({prefix}{text})" if neg and not prefix else f"{prefix}{text}"
        if neg and prefix:
            shown = f"{prefix}-{text}"
        p = parse_amount(shown)
        assert p.ok, (shown, p)
        assert p.value == pytest.approx(-expected if neg else expected, rel=1e-12)
        assert float(format_plain(p.value)) == pytest.approx(p.value, rel=1e-12)


@given(st.text(max_size=40))
@settings(max_examples=500, deadline=None)
def test_never_crashes_always_value_or_reason(text):
    for fn in (parse_number, parse_amount, parse_percent):
        p = fn(text)
        if p.status == "ok":
            assert p.value is not None and not math.isnan(p.value)
        else:
            assert p.value is None and p.note
    for tok in find_numbers(text):
        assert tok.parsed.status == "ok" or tok.parsed.note


@given(st.text(alphabet="0123456789.,-() %Rp", max_size=25))
@settings(max_examples=500, deadline=None)
def test_never_crashes_on_number_like_text(text):
    p = parse_number(text)
    assert p.status in {"ok", "missing", "malformed", "ambiguous", "text"}
    assert (p.value is not None) == (p.status == "ok")


# ----------------------------------------------------------------------------- context
# 001 Bab IV kedelai table, lines 6510-6515: 'Luas Tanam (Ha)' column 745.5 / 364.5 / 161 / 58
# and the JUMLAH row '8,085 | 1.329 | 532,60 | 3,45 | 182,15 | 545,25'
LUAS_TANAM = ["-", "745.5", "364.5", "161", "58", "1.329"]
LUAS_AREAL = ["500", "1,500", "585", "500", "5,000", "8,085"]
JUMLAH_ROW = ["8,085", "1.329", "532,60", "3,45", "182,15", "545,25"]


def test_context_order_column_then_row_then_document():
    assert number_context(column=LUAS_TANAM, row=JUMLAH_ROW).source == "column"
    assert number_context(column=LUAS_AREAL, row=JUMLAH_ROW).source == "row"
    assert number_context(column=["1.500"], row=["2.000"], document_style="us") == \
        NumberContext("us", "document", False)
    assert number_context().source == "none"


def test_totals_of_the_kedelai_table_read_as_thousands():
    # 745.5 + 364.5 + 161 + 58 = 1329 ha: the printed total '1.329' is thousands, although
    # the column is US style, because no value of the column has three decimals
    p = parse_in_context("1.329", number_context(column=LUAS_TANAM, row=JUMLAH_ROW))
    assert p.value == 1329 and "no three-decimal values" in p.note
    # 500 + 1,500 + 585 + 500 + 5,000 = 8085 ha, although the row is Indonesian style
    p = parse_in_context("8,085", number_context(column=LUAS_AREAL, row=JUMLAH_ROW))
    assert p.value == 8085 and "row" in p.note


def test_three_decimal_percentages_stay_decimals():
    # 001 L3960: '84.115' in a percentage column of a US-style table
    ctx = number_context(column=["82.00", "84.115"])
    assert parse_in_context("84.115", ctx, expect="percent").value == pytest.approx(84.115)
    # a column with three-decimal evidence keeps the decimal reading
    ctx = number_context(column=["1.94", "1234.567", "2.500"])
    assert parse_in_context("2.500", ctx).value == pytest.approx(2.5)


def test_codes_and_lists_in_text_are_not_numbers():
    # 001 L138 table of contents '3.1.1', L4282 account code '01.5.07.0.0', L3958 list '2,3,4'
    assert find_numbers("3.1.1 Capaian Kinerja Program") == []
    assert find_numbers("kode rekening 01.5.07.0.0") == []
    assert find_numbers("sub kegiatan 2,3,4") == []
    # a broken amount is still reported (001 L2277)
    toks = find_numbers("Rp. 6.1249.934.780,-")
    assert [t.parsed.status for t in toks] == ["malformed"]


def test_scale_suffixes_and_the_upper_case_m():
    from analysis.extract.numbers import SCALE_WORDS, parse_amount

    # 2.454,75 miliar = 2454.75 * 10**9; 12,5 juta = 12.5 * 10**6; 500 ribu = 500 * 10**3
    assert parse_amount("2.454,75 M").value == 2_454_750_000_000
    assert parse_amount("Rp 2.454,75 M").value == 2_454_750_000_000
    assert parse_number("12,5 Jt").value == 12_500_000
    assert parse_number("500 Rb").value == 500_000
    assert parse_number("1,1 Miliar").value == 1_100_000_000  # no binary noise (1.1 * 1e9)
    # 'M' is miliar only after a rupiah amount and only upper-case: '300 m' is a length
    assert parse_number("300 m").status == "text" and parse_number("2.454,75 M").status == "text"
    assert parse_amount("300 m").status == "text"
    assert SCALE_WORDS["m"] == SCALE_WORDS["miliar"] == 1e9 and SCALE_WORDS["000"] == 1e3


def test_numbers_in_prose_lines_of_the_lkpj(raw_dir):
    lines = next(raw_dir.glob("001_*.txt")).read_text(encoding="utf-8").split("\n")
    # 001 L481: '... sebanyak 50 juta pohon pada wilayah Hutan Produksi.' (50 * 10**6)
    assert [(t.text, t.parsed.value) for t in find_numbers(lines[480], "id")] == [("50 juta", 50e6)]
    # 001 L942: three rupiah amounts (tails ',-' and '.-') and 'turun 1%'; the spelled-out
    # amounts in brackets ('Dua Triliun ...') carry no digits
    toks = find_numbers(lines[941], "id")
    assert [(t.text, t.parsed.value, t.has_currency, t.parsed.is_percent) for t in toks] == [
        ("Rp.2.139.341.049.189,-", 2139341049189.0, True, False),
        ("Rp.1.908.984.931.665,-", 1908984931665.0, True, False),
        ("Rp.14.968.336.900", 14968336900.0, True, False),
        ("1%", 1.0, False, True),
    ]


def test_scale_words_and_tails_at_the_end_of_a_text():
    # the end of the text may carry a final newline or a '.' after the scale word
    assert parse_number("5,31 Triliun\n").value == 5.31e12
    assert parse_amount("Rp.5,31 Triliun.").value == 5.31e12
    assert parse_amount("Rp. 61.424.000,00,-\n").value == 61424000.0
    p = parse_amount("Rp 1.500.000 ,00\n")
    assert (p.value, p.note) == (1500000.0, "stray ',00' tail after the amount ignored")
    # a sentence ending in a scale word or a percent sign is text, not one number; the
    # percent sign is still recorded
    assert parse_number("sebanyak 50 juta").status == "text"
    p = parse_number("realisasi tercapai 95%")
    assert (p.status, p.is_percent) == ("text", True)


def test_infer_style_tokens_start_after_a_non_digit():
    # '.123.456,78' has no token (every digit follows a digit or a separator: the leading
    # digits were lost); after a space the same body is an Indonesian amount
    assert infer_style([".123.456,78"]) is None
    assert infer_style(["a 123.456,78"]) == "id"
    # two Indonesian amounts against one US decimal; a line without digits counts nothing
    assert infer_style(["Realisasi 1.234.567 dari 2,061,824,237.5", "Rp 4.460.977.040.468,77",
                        "tanpa angka"]) == "id"


def test_a_non_ascii_look_alike_of_a_scale_word_is_no_scale_word():
    # re.I folds the dotless 'ı' onto 'i', so 'trılıun' matched the scale pattern and its
    # look-up raised KeyError; parse_number never raises: it is not read as trillions
    p = parse_number("5 trılıun")
    assert p.value != 5e12 and p.status != "ok"
    assert parse_number("5 triliun").value == 5e12


@given(body=st.from_regex(r"[0-9](?:[0-9.,]{0,14}[0-9])?", fullmatch=True),
       style=st.sampled_from([None, "id", "us"]), expect=st.sampled_from(["any", "amount", "percent"]))
@settings(max_examples=300, deadline=None)
def test_bare_number_reads_as_when_padded(body, style, expect):
    # a cell of digits and separators only is read without the cleaning steps; padded with
    # spaces it goes through all of them, which change nothing: the same reading
    bare = parse_number(body, style=style, expect=expect)
    padded = parse_number(f" {body} ", style=style, expect=expect)
    assert (bare.value, bare.status, bare.is_percent, bare.style, bare.note) == \
        (padded.value, padded.status, padded.is_percent, padded.style, padded.note)
    assert bare.raw == body


def test_bare_numbers_of_the_documents():
    # 001 L860 (realisation of BELANJA DAERAH, Indonesian style), a year, an ambiguous group,
    # a doubled separator
    assert parse_number("4.460.977.040.468,77").value == 4460977040468.77
    assert parse_number("2023").value == 2023.0 and parse_number("2023").style == "plain"
    assert parse_number("1.234").status == "ambiguous"
    assert parse_number("1.234", style="id").value == 1234.0
    assert parse_number("1..2").status == "malformed"
    assert parse_amount("12,345.678").status == "malformed"  # three decimals in an amount


# --------------------------------------------------------------------------------------
# Fast scans (issue 15): each compared with the straightforward scan it replaces
# --------------------------------------------------------------------------------------
from analysis.extract import numbers as _numbers  # noqa: E402

#: Text made of what the number scans look at: digits, separators, brackets, 'Rp' in both
#: cases, minus, percent, scale words, markup, white space (also non-ASCII) and letters.
_SCAN_TEXT = st.lists(st.sampled_from(
    ["1", "23", "456", "0", ".", ",", " ", "\t", "\u00a0", "(", ")", "-", "%", "Rp", "rp.", "RP:",
     "R p", "x", "SKPD", "/", "juta", " Triliun", "**", "<b>", "</b>", ":", ",-", "\n", "٣", "é"]),
    max_size=25).map("".join)


@given(_SCAN_TEXT)
@settings(max_examples=500, deadline=None)
def test_find_iter_finds_the_matches_of_finditer(text):
    fast = [(m.span(), m.groups()) for m in _numbers._find_iter(text)]
    plain = [(m.span(), m.groups()) for m in _numbers._FIND.finditer(text)]
    assert fast == plain


def test_find_iter_jumps_over_prose():
    text = "Jumlah 12 orang (Rp. 4.439.039.245 ; 68 %) pada SKPD2"
    assert [m.group() for m in _numbers._find_iter(text)] == \
        [m.group() for m in _numbers._FIND.finditer(text)] == ["12", "(Rp. 4.439.039.245", "68 %)", "2"]


@given(_SCAN_TEXT)
@settings(max_examples=500, deadline=None)
def test_separator_tokens_are_the_tokens_with_a_separator(text):
    plain = [b for b in _numbers._TOKEN_BODY.findall(text) if "." in b or "," in b]
    assert _numbers._TOKEN_BODY_SEP.findall(text) == plain


def test_style_counts_of_a_line():
    # 001: a row with an Indonesian amount, a year, a percentage with a comma and a code
    assert _numbers._style_counts("2023\tRp 1.234.567,00\t98,5 %\t3.1.2") == (2, 0)
    assert _numbers._style_counts("Tahun 2023: 12 kegiatan") == (0, 0)


def test_number_statuses_of_a_cell_of_001():
    # 001: an input cell with an amount and its share ('Input: Rp. 18.598.191.650 (54,37%)')
    cell = "Input: Rp. 18.598.191.650 (54,37%)"
    assert _numbers.number_statuses(cell, "id") == ("ok", "ok")
    assert [t.parsed.value for t in find_numbers(cell, style="id")] == [18598191650.0, 54.37]


@given(st.lists(_SCAN_TEXT, max_size=8))
@settings(max_examples=400, deadline=None)
def test_document_style_is_infer_style_of_the_lines(lines):
    assert _numbers.infer_document_style(lines) == infer_style(lines)


@given(_SCAN_TEXT)
@settings(max_examples=500, deadline=None)
def test_separator_token_counts_are_those_of_the_regex(text):
    # the tokens found on the bytes are the regex's (texts with a non-ASCII digit '٣' go
    # to the regex itself; 'é' and a no-break space keep the bytes path)
    assert _numbers._separator_token_counts(text) == Counter(_numbers._TOKEN_BODY_SEP.findall(text))


def test_separator_token_counts_of_a_page():
    text = "Realisasi Rp 1.234.567,00 (98,5 %) – tahun 2023.\n3.1.2 .5 12,\u00e9 1.0é٣ 4,5٣"
    assert _numbers._separator_token_counts(text) == Counter(_numbers._TOKEN_BODY_SEP.findall(text))
    assert _numbers._separator_token_counts(text.replace("٣", "")) == \
        Counter({"1.234.567,00": 1, "98,5": 1, "3.1.2": 1, "1.0": 1, "4,5": 1})


def test_document_style_of_the_bundled_documents(doc001, doc004):
    # 001 prints Indonesian numbers; the whole text decides as infer_style over its lines does
    for doc in (doc001, doc004):
        assert _numbers.infer_document_style(doc.lines) == infer_style(doc.lines) == doc.style
    assert doc001.style == "id"


def _shape_plain(body):
    """number_shape as first written: the patterns in order, no shortcut for plain digits."""
    import re
    b = body.replace(" ", "")
    if not b or not re.search(r"\d", b) or re.search(r"[^\d.,]", b):
        return "text"
    if re.search(r"[.,]{2,}", b) or b[0] in ".," or b[-1] in ".,":
        return "malformed"
    if re.match(r"^\d+$", b):
        return "int"
    if re.match(r"^\d{1,3}[.,]\d{3}$", b):
        return "ambiguous"
    if re.match(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$", b):
        return "id"
    if re.match(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$", b):
        return "us"
    if re.match(r"^\d+,\d+$", b) or re.match(r"^\d+\.\d+$", b):
        return "malformed" if len(re.split(r"[.,]", b)[1]) > 4 else ("id" if "," in b else "us")
    return "malformed"


@given(st.text(alphabet="0123456789٣²., \n", max_size=16))
@settings(max_examples=500, deadline=None)
def test_number_shape_is_the_plain_classification(body):
    assert number_shape(body) == _shape_plain(body)


@given(st.lists(st.sampled_from(["1", "23", "456", "0", "9999", ".", ","]), min_size=1, max_size=12)
       .map("".join).filter(_numbers._BARE_NUMBER_TEXT.fullmatch),
       st.sampled_from([None, "id", "us"]))
@settings(max_examples=500, deadline=None)
def test_bare_number_text_takes_the_scan_result(text, style):
    # the fast path of a text of digits and separators gives what the scan gives: a leading
    # space sends the same token through the scan (shifted by one character)
    fast = list(_numbers._number_parses(text, style))
    scanned = [(a - 1, b - 1, p, c) for a, b, p, c in _numbers._number_parses(" " + text, style)]
    assert fast == scanned


def test_bare_number_texts():
    # a code is no number; a list number alone is one; an amount is read with the style
    number_statuses = _numbers.number_statuses
    assert number_statuses("3.1.2") == () and find_numbers("01.5.07.0.0") == []
    assert number_statuses("12") == ("ok",) and number_statuses("1.234") == ("ambiguous",)
    assert [(t.start, t.end, t.text, t.parsed.value) for t in find_numbers("1.234", style="id")] == \
        [(0, 5, "1.234", 1234.0)]
    assert number_statuses("6.1249.934") == ("malformed",)


@given(_SCAN_TEXT, st.sampled_from([None, "id", "us"]))
@settings(max_examples=500, deadline=None)
def test_number_statuses_are_those_of_find_numbers(text, style):
    # the statuses without the tokens are those of the tokens
    assert _numbers.number_statuses(text, style) == \
        tuple(t.parsed.status for t in find_numbers(text, style))



@given(_SCAN_TEXT)
@settings(max_examples=500, deadline=None)
def test_runs_of_digits_found_without_the_pattern_are_its_matches(text):
    # a token the scan finds without _FIND (match None) is the match of finditer there: its
    # span, the digits alone in its body and no other group
    plain = {m.start(): m for m in _numbers._FIND.finditer(text)}
    for start, end, m in _numbers._token_spans(text):
        if m is None:
            f = plain[start]
            assert f.span() == (start, end) and f["body"] == text[start:end].strip() == f.group()
            assert [g for g in f.groups() if g] == [f["body"]] and f["body"].isdecimal()


def test_runs_of_digits_in_prose_skip_the_pattern():
    text = "Nomor 5 Tahun 2023 (12) Rp 15 1.500 12% 7 juta 3, 4,5 8.\n9 ,5"
    kinds = [(text[a:b], m is None) for a, b, m in _numbers._token_spans(text)]
    assert kinds == [("5", True), ("2023", True), ("(12)", False), ("Rp 15", False),
                     ("1.500", False), ("12%", False), ("7 juta", False), ("3", True),
                     ("4,5", False), ("8", True), ("9 ,5", False)]


@given(st.from_regex(r"[0-9](?:[0-9.,]{0,14}[0-9])?", fullmatch=True),
       st.sampled_from(["{}", "Rp {}", "{}%", "({})", "Rp {}%", "-{}", "{} juta", "{},-"]),
       st.sampled_from([None, "id", "us"]), st.sampled_from(["any", "amount", "percent"]))
@settings(max_examples=500, deadline=None)
def test_core_status_is_the_status_of_the_parse(body, form, style, expect):
    core = form.format(body)
    assert _numbers._core_status(core, style, expect) == _numbers._parse_text(core, style, expect).status


@given(st.from_regex(r"[0-9]{1,16}", fullmatch=True), st.sampled_from([None, "id", "us"]),
       st.sampled_from(["any", "amount", "percent"]))
@settings(max_examples=300, deadline=None)
def test_plain_digits_are_a_plain_integer(text, style, expect):
    p = parse_number(text, style, expect)
    assert (p.raw, p.value, p.status, p.is_percent, p.style, p.note) == \
        (text, float(int(text)), "ok", expect == "percent", "plain", "")


def test_numbers_a_space_apart_are_not_one_number():
    # layout text of Jawa Barat Disperindag LKIP 2016 (Tabel 2.1, targets 2017 and 2018 of one
    # indicator printed one space apart): '3000 3500' is two values, never 30,003,500
    r = parse_number("3000 3500")
    assert (r.value, r.status) == (None, "malformed") and "space apart" in r.note
    assert parse_number("9000 12000").status == "malformed"
    # spaces that are conversion noise inside one number still join
    assert parse_number("1 234 567").value == 1234567
    assert parse_number("12 500,50", "id").value == 12500.5
    assert parse_number("2. 500.000").value == 2500000
    assert parse_number("1.901, 84", "id").value == 1901.84


def test_a_group_printed_after_a_space_belongs_to_the_number():
    # '43.786.430 .945': a converter's line break inside the number became a space (a Word
    # table's cell printed by LibreOffice, bundled 001); the number is 43.786.430.945, not
    # 43.786.430 and a malformed '.945' (parse_amount already read it so: both agree now)
    toks = find_numbers("Input 43.786.430 .945 38.315.583 .087", "id")
    assert [t.parsed.value for t in toks] == [43_786_430_945, 38_315_583_087]
    assert parse_amount("43.786.430 .945", "id").value == 43_786_430_945
    # or the space after the separator: a row cut by a page break inside its number, its rest
    # on the next page ('Rp.18.117.215.' | '021,- (71,10 %)', LibreOffice print of 001)
    toks = find_numbers("Input: Rp.18.117.215. 021,- (71,10 %)", "id")
    assert [t.parsed.value for t in toks] == [18_117_215_021, 71.1]
    # a group needs three digits, and a group before it: '12 .5%' and 'Tahun 2023. 100' stay apart
    assert [t.parsed.value for t in find_numbers("naik 12 .5%", "id")] == [12, 5]
    assert [t.parsed.value for t in find_numbers("Tahun 2023. 100 peserta", "id")] == [2023, 100]
