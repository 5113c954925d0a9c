"""Fast paths of the indicator extractor (issue 15) against the straightforward code they replace.

Each property test generates small tables from header and cell words found in the bundled
reports and checks that the fast path gives exactly what the plain reading gives.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.achievement import infer_polarity
from analysis.extract.columns import column_roles, column_stacks, content_value_roles
from analysis.extract.documents import Row
from analysis.extract.indicators import Col, _align, _compat, _content_cols
from analysis.extract.numbers import infer_style

HEADER_WORDS = ["", "", "No", "Uraian", "Satuan", "Anggaran (Rp)", "Program", "Kabupaten/Kota", "Lokasi",
                "Keterangan", "2023", "Target", "%", "Jumlah"]
CELL_WORDS = ["", "1", "2", "3", "a.", "Indeks A", "Persentase B", "Jumlah C", "Persen", "%", "Dokumen",
              "80", "90", "82,5", "81", "102,50", "90,00", "100", "1.265", "4.000.000", "Kab. Alor",
              "Program X", "BB", "-"]


def _content_cols_plain(header_rows, rows, width, fiscal_year, default_style):
    """The reading of _content_cols before its fast exits (every cell read, style first)."""
    if not rows:
        return None
    style = infer_style([c for r in rows for c in r.cells], default=default_style)
    stacks = column_stacks(header_rows, width)[:width] if header_rows else [("",)] * width
    cells = [[r.cells[j] if j < len(r.cells) else "" for r in rows] for j in range(width)]
    roles = column_roles(stacks, cells)
    found = content_value_roles(roles, cells, style)
    if found is None:
        return None
    return [Col(c.index, c.label, found.get(c.index, "no" if c.role == "no" else "text"),
                fiscal_year if found.get(c.index) in ("target", "actual", "achievement") else None)
            for c in roles]


@st.composite
def _tables(draw):
    width = draw(st.integers(1, 7))
    header = draw(st.lists(st.lists(st.sampled_from(HEADER_WORDS), min_size=width, max_size=width),
                           max_size=2))
    n = draw(st.integers(0, 5))
    rows = [Row(10 + k, draw(st.lists(st.sampled_from(CELL_WORDS), min_size=1, max_size=width + 1)), "", (10 + k,))
            for k in range(n)]
    return header, rows, width, draw(st.sampled_from([None, "id", "us"]))


@settings(max_examples=300, deadline=None)
@given(_tables())
def test_content_cols_fast_exit_is_the_plain_reading(table):
    header, rows, width, style = table
    assert _content_cols(header, rows, width, 2023, style) == _content_cols_plain(header, rows, width, 2023, style)


def test_content_cols_reads_a_headerless_performance_table():
    # the cells of content_value_roles' example: name, unit, target, realisation, %
    rows = [Row(1, ["1", "Indeks A", "Indeks", "80", "82", "102,50"], "", (1,)),
            Row(2, ["2", "Persentase B", "%", "90", "81", "90,00"], "", (2,)),
            Row(3, ["3", "Jumlah C", "Dokumen", "4", "4", "100"], "", (3,))]
    cols = _content_cols([], rows, 6, 2023, None)
    assert [c.role for c in cols] == ["no", "indicator", "unit", "target", "actual", "achievement"]
    assert [c.year for c in cols] == [None, None, None, 2023, 2023, 2023]


def test_infer_polarity_same_answer_for_text_and_repeats():
    first = infer_polarity("Angka  Kematian Ibu")
    assert first == ("negative", "negative keyword 'kematian'")
    assert infer_polarity("Angka Kematian Ibu") == first  # whitespace folded before the (cached) rule
    assert infer_polarity(None) == infer_polarity("") == ("positive", "default (no lower-is-better wording)")


def _align_plain(cells, cols, occ):
    """_align before the running maximum (the DP scanning every earlier column per column)."""
    width = len(cols)
    items = [(j, c) for j, c in enumerate(cells) if c.strip()]
    if not items:
        return (cells + [""] * width)[:width]

    def place_score(j, c):
        return _compat(cols[j].role, c) if j < width else -3.0

    orig = sum(place_score(j, c) for j, c in items)
    if all(place_score(j, c) >= 0 for j, c in items):
        return (cells + [""] * width)[:width]
    k = len(items)
    single_group = len({c.group for c in cols}) == 1
    if k > width:
        return (cells + [""] * width)[:width]
    neg = float("-inf")
    dp = [[neg] * width for _ in range(k)]
    back = [[-1] * width for _ in range(k)]
    for i, (p, c) in enumerate(items):
        for q in range(i, width - (k - 1 - i)):
            gain = _compat(cols[q].role, c) + occ[q] - (0.1 if q >= p else 0.12) * abs(q - p)
            if single_group and cols[q].role == "indicator" and _compat("indicator", c) > 0:
                gain += 1.0
            if cols[q].role == "budget" and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", c.strip()):
                gain += 0.5
            if i == 0:
                dp[i][q] = gain
            else:
                best, arg = neg, -1
                for qq in range(i - 1, q):
                    if dp[i - 1][qq] > best:
                        best, arg = dp[i - 1][qq], qq
                if arg >= 0:
                    dp[i][q] = best + gain
                    back[i][q] = arg
    q = max(range(width), key=lambda x: dp[k - 1][x])
    if dp[k - 1][q] == neg:
        return (cells + [""] * width)[:width]
    pos = [0] * k
    for i in range(k - 1, -1, -1):
        pos[i] = q
        q = back[i][q]
    new = sum(_compat(cols[pos[i]].role, c) for i, (_, c) in enumerate(items))
    if new < orig + 2:
        return (cells + [""] * width)[:width]
    out = [""] * width
    for i, (_, c) in enumerate(items):
        out[pos[i]] = c
    return out


ALIGN_ROLES = ["no", "indicator", "objective", "program", "unit", "target", "actual", "achievement", "budget",
               "text", "baseline"]
ALIGN_CELLS = ["", "", "1", "2.", "a", "Persentase A", "Indeks B", "Persen", "80", "82,5 %", "1.250.000",
               "Rp 1.000", "-", "BB", "Dokumen", "(180 Kegiatan)", "Program X yang sangat panjang"]


@st.composite
def _rows_to_align(draw):
    width = draw(st.integers(1, 8))
    cols = [Col(j, "", draw(st.sampled_from(ALIGN_ROLES)), None, draw(st.sampled_from([0, 0, 0, 1])))
            for j in range(width)]
    cells = draw(st.lists(st.sampled_from(ALIGN_CELLS), min_size=0, max_size=width))
    occ = draw(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0]), min_size=width, max_size=width))
    return cells, cols, occ


@settings(max_examples=600, deadline=None)
@given(_rows_to_align())
def test_align_running_maximum_is_the_full_scan(case):
    cells, cols, occ = case
    assert _align(list(cells), cols, occ) == _align_plain(list(cells), cols, occ)


def test_align_moves_a_shifted_row_back():
    # a row whose cells drifted left: the indicator name sits under 'No', the values under names
    cols = [Col(0, "no", "no"), Col(1, "indikator", "indicator"), Col(2, "target", "target"),
            Col(3, "realisasi", "actual")]
    assert _align(["Persentase A", "80", "82"], cols, [0.9, 1.0, 1.0, 1.0]) == ["", "Persentase A", "80", "82"]


# -------------------------------------------------------------------------------------
# The output frame, built from plain columns
# -------------------------------------------------------------------------------------
def _indicator_frame_plain(out_rows, overrides, negative_convention):
    """The frame of extract_indicators as built before: row dicts to a frame, then converted
    column by column and sorted by a mergesort."""
    import numpy as np
    import pandas as pd

    from analysis.achievement import add_achievement, apply_polarity_overrides
    from analysis.extract.indicators import OUTPUT_COLUMNS

    df = pd.DataFrame(out_rows)
    if df.empty:
        df = pd.DataFrame(columns=OUTPUT_COLUMNS + ["target_upper", "_mismatch"])
    df = apply_polarity_overrides(df, overrides)
    df = add_achievement(df, negative_convention=negative_convention)
    if "_mismatch" in df.columns:
        mm = df["_mismatch"].fillna(False).astype(bool)
        df.loc[mm, "achievement_pct"] = np.nan
        df.loc[mm, "achievement_method"] = "unit_mismatch"
    for c in ("baseline", "target", "actual", "reported_achievement_pct", "achievement_pct"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    df["fiscal_year"] = pd.to_numeric(df["fiscal_year"], errors="coerce").astype("Int64")
    df["source_line"] = pd.to_numeric(df["source_line"], errors="coerce").astype("Int64")
    return df[OUTPUT_COLUMNS].sort_values(
        ["doc_id", "source_line", "fiscal_year", "indicator"], kind="mergesort"
    ).reset_index(drop=True)


@pytest.mark.parametrize("doc_id", ["001", "002", "003", "004"])
def test_indicator_frame_is_the_plain_frame(doc_id, monkeypatch):
    """The bundled documents' rows (with unit mismatches, a range target, overrides, both
    conventions) give the frame the row-by-row construction gave, dtypes included."""
    import copy

    import pandas as pd

    from analysis.extract import indicators as ind
    from analysis.reference import path as reference_path
    from conftest import load_doc
    from test_indicators import _meta

    captured = []
    real = ind._indicator_frame

    def spy(rows, overrides, convention):
        captured.append(copy.deepcopy(rows))
        return real(rows, overrides, convention)

    monkeypatch.setattr(ind, "_indicator_frame", spy)
    ind.extract_indicators(load_doc(doc_id), _meta(doc_id))
    rows = captured[0]
    reviewed = ind.load_polarity_overrides(reference_path("polarity_overrides.csv"))
    made_up = pd.DataFrame({"indicator_pattern": ["persentase", "indeks"], "polarity": ["negative", "negative"],
                            "reason": ["test", "test"]})
    for overrides in (None, reviewed, made_up):
        for convention in ("inverse_ratio", "two_minus_ratio"):
            pd.testing.assert_frame_equal(real(copy.deepcopy(rows), overrides, convention),
                                          _indicator_frame_plain(copy.deepcopy(rows), overrides, convention))


def test_indicator_frame_of_no_rows_is_the_plain_frame():
    import pandas as pd

    from analysis.extract.indicators import _indicator_frame

    pd.testing.assert_frame_equal(_indicator_frame([], None, "inverse_ratio"),
                                  _indicator_frame_plain([], None, "inverse_ratio"))


# -------------------------------------------------------------------------------------
# Polarity words searched in lower case
# -------------------------------------------------------------------------------------
POLARITY_PIECES = ["Penurunan", "angka", "KEMATIAN", "Kasus", "yang", "Ditangani", "Tepat", "Waktu", "waktu",
                   "Tunggu", "Kab/Kota", "Jumlah", "Desa", "dengan", "Prevalensi", "Stunting", "TL", "Dwelling",
                   "Time", "—", "a.", "1.", "%", "kaſus", "Kaſus", "KEMATİAN", "\u212aasus", "dır", "é", "  ",
                   "Tindak  Lanjut", "Gizi\tBuruk", "laka lantas", "(", ")"]


def _infer_polarity_plain(indicator_text):
    """infer_polarity with the words searched in the text as printed, with re.I."""
    import re

    from analysis import achievement as a

    text = re.sub(r"\s+", " ", str(indicator_text or "")).strip()
    ci = [re.compile(rx.pattern, re.I) for rx in (a._REDUCTION, a._NEGATIVE, a._HANDLING)]
    m = ci[0].search(text)
    if m:
        return "positive", f"reduction phrasing '{m.group(1).lower()}' (the measure is the reduction)"
    m = ci[1].search(text)
    if m:
        kw = re.sub(r"\s+", " ", m.group(1).lower())
        h = ci[2].search(text)
        if h:
            hw = re.sub(r"\s+", " ", h.group(1).lower())
            return "positive", f"negative keyword '{kw}' outweighed by handling/follow-up wording '{hw}'"
        if a._UNITS.match(text):
            return "positive", f"negative keyword '{kw}' inside a count/share of units meeting a condition"
        return "negative", f"negative keyword '{kw}'"
    return "positive", "default (no lower-is-better wording)"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(POLARITY_PIECES), st.text(max_size=3)), max_size=8),
       st.sampled_from([" ", "", "\n"]))
def test_polarity_in_lower_case_is_polarity_with_re_i(pieces, sep):
    text = sep.join(pieces)
    assert infer_polarity(text) == _infer_polarity_plain(text)


def test_polarity_of_text_with_a_long_s_is_read_with_re_i():
    # re.I matches the long s to 's' (lower() keeps it): still the negative keyword 'kasus'
    assert infer_polarity("Jumlah kaſus DBD") == ("negative", "negative keyword 'kaſus'")


def test_header_role_same_for_list_tuple_and_repeats():
    from analysis.extract.columns import header_role

    assert header_role(["2023", "Realisasi"]) == header_role(("2023", "Realisasi")) == ("actual", 2023)
    assert header_role("No", first=True) == ("no", None) and header_role("No") == ("no", None)
    assert header_role("N", first=True) == ("no", None) and header_role("N") == ("text", None)


def test_is_percent_name_reads_the_child_part_and_the_whole_name():
    from analysis.extract.indicators import _is_percent_name

    assert _is_percent_name("Persentase sekolah terakreditasi")
    assert _is_percent_name("Akreditasi sekolah — Proporsi SMA")  # the child's own first word
    assert not _is_percent_name("Proporsi sekolah — Jumlah SMA")  # 'Proporsi' counts only in the child
    assert _is_percent_name("Persentase sekolah — Jumlah SMA")  # 'Persentase' counts anywhere at the start
    assert not _is_percent_name("Jumlah sekolah")


# -------------------------------------------------------------------------------------
# columns.py: joined header labels, formula numbering rows
# -------------------------------------------------------------------------------------
def _split_joined_labels_plain(rows, width):
    """_split_joined_labels scanning every row for the empty columns right of each cell."""
    from analysis.extract.columns import _JOINED_LABEL_WORD

    for r in rows:
        for j in range(width):
            if not r[j].strip():
                continue
            k = j + 1
            while k < width and not any(row[k].strip() for row in rows):
                k += 1
            n = k - j
            if n < 2:
                continue
            words = list(_JOINED_LABEL_WORD.finditer(r[j]))
            if len(words) != n:
                continue
            text = r[j]
            prefix = text[: words[0].start()].strip()
            for m, w in enumerate(words):
                end = words[m + 1].start() if m + 1 < n else len(text)
                r[j + m] = (prefix + " " + text[w.start():end].strip()).strip()


JOINED_WORDS = ["", "", "", "Tahun (2015) Satuan Target Realisasi", "Target Realisasi", "Satuan Target",
                "Capaian", "Anggaran Realisasi", "No", "Indikator", "Pagu Anggaran Realisasi Capaian"]


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 6).flatmap(lambda w: st.lists(
    st.lists(st.sampled_from(JOINED_WORDS), min_size=w, max_size=w), min_size=1, max_size=3)))
def test_split_joined_labels_keeps_the_plain_reading(rows):
    from analysis.extract.columns import _split_joined_labels

    width = len(rows[0])
    fast, plain = [list(r) for r in rows], [list(r) for r in rows]
    _split_joined_labels(fast, width)
    _split_joined_labels_plain(plain, width)
    assert fast == plain


def test_formula_numbering_row_needs_its_equals_sign():
    from analysis.extract.columns import is_formula_numbering_row

    assert is_formula_numbering_row(["1", "2", "3", "4", "5", "6", "7", "8 = (7/6)", "9", "10 = (5+7+9)"])
    assert not is_formula_numbering_row(["1", "2", "3", "4"])  # no formula: a plain numbering row


# -------------------------------------------------------------------------------------
# sections.py and the case-folding characters
# -------------------------------------------------------------------------------------
def test_case_folds_to_ascii_are_all_such_characters():
    """Every character re.I matches to an ASCII letter, or lower() turns into one, is listed
    (the same set in vocabulary and in achievement)."""
    import re
    import string
    import sys

    from analysis import achievement
    from analysis.extract.vocabulary import CASE_FOLDS_TO_ASCII

    letter = re.compile("[a-z]", re.I)
    found = set()
    for cp in range(128, sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if letter.fullmatch(c) or any(x in string.ascii_letters for x in c.lower()):
            found.add(c)
    assert found == set(CASE_FOLDS_TO_ASCII) == set(achievement._CASE_FOLDS_TO_ASCII)


BY_PIECES = ["Program ini", "dilaksanakan oleh", "DILAKSANAKAN OLEH", "Dilaksanakan  oleh :", "Dinas Kesehatan",
             "Badan Pendapatan", "diLaKſanakan oleh", "dılaksanakan oleh", "\u212a", "Provinsi NTT", ".", ",", "yang"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(BY_PIECES), st.text(max_size=3)), max_size=6))
def test_section_sentence_prefilter_keeps_every_match(pieces):
    """A line the 'dilaksanakan' test skips has no match of the agency sentence pattern."""
    from analysis.extract import sections
    from analysis.extract.vocabulary import CASE_FOLDS_TO_ASCII

    line = " ".join(pieces)
    skipped = CASE_FOLDS_TO_ASCII.isdisjoint(line) and "dilaksanakan" not in line.lower()
    if skipped:
        assert sections._BY.search(line) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Bab I", "Pendahuluan ....... 3", "III - 4", "\t12", "2.1 Dinas  ", "a.", "",
                                 "Isi .... ", "Tabel 3.1\u0663", "IV-12 ", "x ....\t"]), min_size=1, max_size=3))
def test_toc_reference_prefilter_keeps_every_match(texts):
    """A text the last-character test skips has no table-of-contents page reference."""
    from analysis.extract import sections

    for t in texts:
        r = t.rstrip()
        if not (r and (r[-1] == "." or r[-1].isdecimal())):
            assert sections._TOC_REF.search(r) is None


def test_section_index_at_reads_back_to_the_nearest_reset():
    from analysis.extract.documents import parse_document
    from analysis.extract.sections import SectionIndex

    idx = SectionIndex(parse_document("x\n", "x"), "Pemprov")
    idx._events = ((2, "reset", "BAB I"), (3, "urusan", "Urusan Kesehatan"), (5, "agency", "Dinas Kesehatan"),
                   (9, "reset", "BAB II"), (10, "agency", "Dinas Sosial"))
    idx._lines = [e[0] for e in idx._events]
    assert (idx.at(1).entity, idx.at(4).entity, idx.at(6).entity, idx.at(9).entity, idx.at(12).entity) == \
        ("Pemprov", "Urusan Kesehatan", "Dinas Kesehatan", "Pemprov", "Dinas Sosial")
    assert (idx.at(6).urusan, idx.at(6).entity_line, idx.at(6).urusan_line) == ("Urusan Kesehatan", 5, 3)


def test_section_index_at_same_context_object_between_two_events():
    from analysis.extract.documents import parse_document
    from analysis.extract.sections import SectionIndex

    idx = SectionIndex(parse_document("x\n", "x"), "Pemprov")
    idx._events = ((5, "agency", "Dinas Kesehatan"), (9, "agency", "Dinas Sosial"))
    idx._lines = [5, 9]
    assert idx.at(6) is idx.at(8)  # lines 5-8 share one (frozen) context
    assert idx.at(8).entity == "Dinas Kesehatan" and idx.at(9).entity == "Dinas Sosial"


ROLE_HEADER_WORDS = ["", "No", "Indikator Kinerja", "Uraian", "Sasaran", "Program/Kegiatan", "Target", "Realisasi",
                     "Capaian (%)", "2023", "Kondisi Akhir", "Satuan", "Anggaran (Rp)", "Tingkat Kemajuan",
                     "Program/Indikator", "Lokasi", "Capaian"]


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 7).flatmap(lambda w: st.lists(
    st.lists(st.sampled_from(ROLE_HEADER_WORDS), min_size=w, max_size=w), min_size=1, max_size=3)))
def test_names_indicator_is_whether_assign_roles_finds_one(header):
    from analysis.extract.indicators import _assign_roles, _names_indicator

    width = len(header[0])
    assert _names_indicator(header, width) == any(c.role == "indicator" for c in _assign_roles(header, width, 2023))


@pytest.mark.parametrize("doc_id", ["001", "002", "003", "004"])
def test_document_split_header_either_variant_first_is_split_header(doc_id):
    """Each variant of a table's split (raw text of the lead rows from the document or from the
    cells) equals split_header's, whichever variant was computed first."""
    from analysis.extract.columns import document_split_header, split_header
    from conftest import load_doc

    for first in (True, False):
        doc = load_doc(doc_id)
        for t in doc.tables:
            for raw_from_doc in (first, not first):
                assert document_split_header(doc, t, raw_from_doc=raw_from_doc) == \
                    split_header(t, doc=doc if raw_from_doc else None)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "1", "2", "3", "4", "(5)", "6 = (4/3)", "7=(5+6)", "8 = 7 x 2", "a = b",
                                 "=", "Target", "10 = (5+7+9)", "9"]), max_size=10))
def test_formula_numbering_row_is_the_plain_test(cells):
    import re

    from analysis.extract.columns import is_formula_numbering_row
    from analysis.extract.documents import is_numbering_row

    # the former definition: a formula after the number, taken off before the numbering test
    formula = re.compile(r"\s*=\s*\(?[\d\s+\-*/x]+\)?\s*$")
    plain = any(formula.search(c) for c in cells if c.strip()) \
        and is_numbering_row([formula.sub("", c) for c in cells])
    assert is_formula_numbering_row(cells) == plain


# --------------------------------------------------------------------------------------
# count_indicators without groupby (issue 15) against pandas' groupby-aggregation
# --------------------------------------------------------------------------------------
from hypothesis import given as _given, settings as _settings  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402


def _count_indicators_groupby(df):
    """count_indicators as first written (two groupby-aggregations, concatenated and sorted)."""
    import pandas as pd

    cols = ["doc_id", "entity", "indicators", "rows", "rows_numeric_target_actual", "rows_with_achievement"]
    d = df.copy()
    d["_pair"] = pd.to_numeric(d["target"], errors="coerce").notna() & pd.to_numeric(d["actual"], errors="coerce").notna()
    d["_ach"] = pd.to_numeric(d["achievement_pct"], errors="coerce").notna()
    counts = {"indicators": ("indicator", "nunique"), "rows": ("indicator", "size"),
              "rows_numeric_target_actual": ("_pair", "sum"), "rows_with_achievement": ("_ach", "sum")}
    per_entity = d.groupby(["doc_id", "entity"], sort=True).agg(**counts).reset_index()
    per_doc = d.groupby(["doc_id"], sort=True).agg(**counts).reset_index()
    per_doc["entity"] = "(all)"
    out = pd.concat([per_doc[cols], per_entity[cols]], ignore_index=True)
    for c in cols[2:]:
        out[c] = out[c].astype(int)
    return out.sort_values(["doc_id", "entity"], kind="mergesort").reset_index(drop=True)


_COUNT_ROW = _st.tuples(
    _st.sampled_from(["001", "002", "010"]),
    _st.sampled_from(["Dinas A", "Badan B", "(all)", "(ALL)", "'quote", "Dinas a", ""]),
    _st.one_of(_st.none(), _st.sampled_from(["x", "y", "Y", ""])),
    _st.one_of(_st.none(), _st.floats(allow_nan=True, allow_infinity=False, width=32)),
    _st.one_of(_st.none(), _st.floats(allow_nan=True, allow_infinity=False, width=32)),
    _st.one_of(_st.none(), _st.floats(allow_nan=True, allow_infinity=False, width=32)),
)


@_settings(max_examples=150, deadline=None)
@_given(_st.lists(_COUNT_ROW, min_size=1, max_size=30))
def test_count_indicators_agrees_with_groupby(rows):
    import pandas as pd

    from analysis.extract.indicators import count_indicators

    df = pd.DataFrame(rows, columns=["doc_id", "entity", "indicator", "target", "actual", "achievement_pct"])
    pd.testing.assert_frame_equal(count_indicators(df), _count_indicators_groupby(df))


def test_count_indicators_with_a_missing_key_drops_the_row_as_groupby_does():
    import pandas as pd

    from analysis.extract.indicators import count_indicators

    df = pd.DataFrame({"doc_id": ["001", "001", None], "entity": ["A", None, "A"], "indicator": ["x", "y", "z"],
                       "target": [1.0, 2.0, 3.0], "actual": [1.0, None, 3.0], "achievement_pct": [None, 1.0, 1.0]})
    out = count_indicators(df)
    pd.testing.assert_frame_equal(out, _count_indicators_groupby(df))
    assert out.values.tolist() == [["001", "(all)", 2, 2, 1, 1], ["001", "A", 1, 1, 1, 0]]
