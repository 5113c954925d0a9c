"""The fast paths of writing the outputs (issue 15) against the straightforward pandas code they
replace, on generated frames (hypothesis) and hand-computed cases: same rows, same order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import contract

# text with code points of every width and the empty string; numbers with the values that sort
# specially (missing, signed zeros, infinities, the fill value of missing numbers)
_TEXT = st.none() | st.text(alphabet=st.sampled_from(list("aAb 0é€😀\x00")), max_size=3)
_FLOAT = st.none() | st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, np.inf, -np.inf, -1e30, np.nan])
_INT = st.none() | st.integers(-3, 3)


def _pandas_sort(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """contract.sort_rows as written before its plain-Python path (the reference)."""
    frame = frame.reset_index(drop=True)
    sort_columns = {}
    for k in keys:
        s = frame[k]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            sort_columns[k] = s.astype("float64").fillna(-1e30)
        else:
            sort_columns[k] = s.astype(object).where(s.notna(), "").astype(str)
    order = pd.DataFrame(sort_columns, index=frame.index).sort_values(keys, kind="mergesort").index
    return frame.take(order).reset_index(drop=True)


@st.composite
def _budget_like(draw):
    n = draw(st.integers(0, 12))
    col = lambda s: draw(st.lists(s, min_size=n, max_size=n))  # noqa: E731
    return pd.DataFrame({
        "doc_id": pd.array(col(_TEXT), dtype="str"),
        "source_line": pd.array(col(_INT), dtype="Int64"),
        "level": pd.array(col(_TEXT), dtype="str"),
        "name": pd.array(col(_TEXT), dtype="str"),
        "fiscal_year": pd.array(col(_FLOAT), dtype="float64"),
        "pos": list(range(n)),  # identifies the rows
    })


@settings(max_examples=200, deadline=None)
@given(_budget_like())
def test_sort_rows_orders_as_the_pandas_sort(frame):
    keys = list(contract.TABLES["budget"].sort_keys)
    got = contract.sort_rows(frame, "budget")
    assert got["pos"].tolist() == _pandas_sort(frame, keys)["pos"].tolist()
    assert got.index.equals(pd.RangeIndex(len(frame)))


def test_sort_rows_hand_case():
    # text by code point ('B' < 'a' < 'é'), missing text first, missing numbers first, ties kept
    f = pd.DataFrame({"doc_id": pd.array(["001"] * 5, dtype="str"),
                      "source_line": pd.array([2, 2, None, 2, 1], dtype="Int64"),
                      "reason": pd.array(["é", "a", "x", "B", None], dtype="str")})
    out = contract.sort_rows(f, "extraction_skipped")
    assert out["reason"].fillna("").tolist() == ["x", "", "B", "a", "é"]
    same = contract.sort_rows(out, "extraction_skipped")
    assert same["reason"].fillna("").tolist() == ["x", "", "B", "a", "é"]


def _pandas_sort_like_output(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """duplicates._sort_like_output as written before its plain-Python path (the reference)."""
    sf = frame[keys].astype(str)
    for k in keys:
        if pd.api.types.is_numeric_dtype(frame[k]):
            sf[k] = frame[k].fillna(-1e30)
    return frame.loc[sf.sort_values(keys, kind="mergesort").index]


@settings(max_examples=200, deadline=None)
@given(_budget_like(), st.booleans(), st.booleans())
def test_sort_like_output_orders_as_the_pandas_sort(frame, shuffle_index, complete):
    from analysis.extract.duplicates import _plain_keys, _sort_like_output

    frame = frame.rename(columns={"fiscal_year": "budget"})  # a float key
    if complete:  # no missing key: the plain path
        frame = frame.fillna({"doc_id": "", "source_line": 0, "level": "é", "name": "a", "budget": -0.0})
        assert _plain_keys(frame, ["doc_id", "source_line", "level", "name", "budget"]) is not None or shuffle_index
    if shuffle_index:
        frame.index = [i // 2 for i in reversed(range(len(frame)))]  # repeated labels: the pandas path
    keys = ["doc_id", "source_line", "level", "name", "budget"]
    try:
        want = _pandas_sort_like_output(frame, keys)
    except (TypeError, ValueError, OverflowError):  # Int64.fillna(-1e30) of a missing value fails
        return
    got = _sort_like_output(frame, keys)
    assert got["pos"].tolist() == want["pos"].tolist()
    assert got.index.equals(want.index)


def _concat_reference(frames, name, source):
    """pipeline._concat as written before it concatenated first (the reference)."""
    try:
        frames = [contract.conform(f, name) for f in frames if f is not None and len(f)]
    except contract.ContractError as exc:
        raise contract.ContractError(f"output of the {source}: {exc}") from None
    if not frames:
        return contract.empty_frame(name)
    return pd.concat(frames, ignore_index=True, sort=False)


def _outcome(fn, *args):
    try:
        return fn(*args)
    except contract.ContractError as exc:
        return str(exc)


# cells as extractors may leave them in object columns: numbers, numeric text, blanks, words, flags
_CELL = st.none() | st.sampled_from([np.nan, "", " ", "12", " 7 ", "1.5", "x", "true", "False", "0", 3, 4.0,
                                     2.5, True, False, np.int64(5), "Rp 5", "-2"])


@st.composite
def _extractor_frames(draw):
    sizes = draw(st.lists(st.integers(0, 4), min_size=1, max_size=4))
    kind = draw(st.sampled_from(["object", "typed"]))
    frames = []
    for n in sizes:
        col = lambda s: draw(st.lists(s, min_size=n, max_size=n))  # noqa: E731
        if kind == "object":
            f = pd.DataFrame({"doc_id": pd.Series(col(_CELL), dtype=object),
                              "source_line": pd.Series(col(_CELL), dtype=object),
                              "reason": pd.Series(col(_CELL), dtype=object)})
        else:
            f = pd.DataFrame({"doc_id": pd.array(col(st.sampled_from(["001", "", "002"])), dtype="str"),
                              "source_line": np.array(col(st.integers(1, 9)), dtype="int64"),
                              "raw_text": pd.array(col(st.none() | st.just("a")), dtype="str"),
                              "reason": pd.array(col(st.sampled_from(["r", "", "s"])), dtype="str")})
        frames.append(f)
    return frames


@settings(max_examples=200, deadline=None)
@given(_extractor_frames())
def test_concat_then_conform_equals_conform_then_concat(frames):
    from analysis.extract.pipeline import _concat

    got = _outcome(_concat, frames, "extraction_skipped", "test extractor")
    want = _outcome(_concat_reference, frames, "extraction_skipped", "test extractor")
    if isinstance(want, str):
        assert got == want
    else:
        pd.testing.assert_frame_equal(got, want)


def test_concat_names_the_first_bad_frame():
    from analysis.extract.pipeline import _concat

    ok = pd.DataFrame({"doc_id": ["001"], "source_line": ["12"], "reason": ["x"]})
    bad = pd.DataFrame({"doc_id": ["002"], "source_line": ["twelve"], "reason": ["y"]})
    try:
        _concat([ok, bad], "extraction_skipped", "budget extractor")
    except contract.ContractError as exc:
        assert str(exc).endswith("column 'source_line': 'twelve' is not an integer (doc_id 002 source_line twelve)")
        assert str(exc).startswith("output of the budget extractor: extraction_skipped: 1 problem(s)")
    else:
        raise AssertionError("no error")


def _to_string_reference(s: pd.Series) -> pd.Series:
    """contract._to_string as written before its fast paths (the reference)."""
    def one(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return np.nan
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        text = str(v)
        return text if text != "" else np.nan
    return pd.Series([one(v) for v in s], index=s.index, dtype="str")


_ANY = st.none() | st.sampled_from([np.nan, pd.NA, "", " ", "a", "é", 3, 4.0, 2.5, True, np.int64(5),
                                    np.float64(7.0), np.float64(0.5)])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ANY, max_size=6), st.sampled_from(["object", "str", "string"]))
def test_to_string_equals_the_value_by_value_cast(values, dtype):
    if dtype != "object":
        values = [v if v is None or v is pd.NA or isinstance(v, str) else None for v in values]
    s = pd.Series(values, dtype=dtype, index=range(10, 10 + len(values)))
    pd.testing.assert_series_equal(contract._to_string(s), _to_string_reference(s))


def _conforms_reference(frame: pd.DataFrame, table: str) -> bool:
    """contract.conforms as written before it read text columns as plain strings (the reference)."""
    t = contract.TABLES[table]
    if list(frame.columns) != t.column_names:
        return False
    for c in t.columns:
        s = frame[c.name]
        if str(s.dtype) != contract.PANDAS_DTYPES[c.type]:
            return False
        na = s.isna()
        if c.required and bool(na.any()):
            return False
        if c.enum is None and c.pattern is None:
            continue
        present = s[~na]
        if c.enum is not None and not bool(present.isin(list(c.enum)).all()):
            return False
        if c.pattern is not None and len(present) and not bool(
                present.astype(str).str.fullmatch(f"(?:{c.pattern})").all()):
            return False
    if t.primary_key and bool(frame.duplicated(list(t.primary_key)).any()):
        return False
    for rc in t.row_checks:
        if not bool(rc.func(frame).fillna(False).astype(bool).all()):
            return False
    return True


_LEVEL = st.none() | st.sampled_from(["program", "kegiatan", "Program", "", "opd "])
_ROW_ID = st.none() | st.sampled_from(["001-L5", "001-L6", "001-L5-2", "001-L", "x", "", "001-L5\n"])
_ENTITY = st.none() | st.sampled_from(["53.dinas-sosial", "53.Dinas", "53.", "5.x", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_LEVEL, _ROW_ID, _ENTITY, _ROW_ID), min_size=1, max_size=4))
def test_conforms_equals_the_pandas_checks(rows):
    n = len(rows)
    frame = contract.conform(pd.DataFrame({
        "doc_id": ["001"] * n, "province": ["Bali"] * n, "fiscal_year": [2024] * n, "entity": ["Dinas"] * n,
        "level": ["program"] * n, "name": ["x"] * n, "source_table": ["T"] * n, "source_line": range(5, 5 + n),
        "budget_basis": ["revised"] * n, "origin": ["table"] * n, "recovered_from_pct": [False] * n,
        "row_id": [f"001-L{5 + i}" for i in range(n)]}), "budget")
    level, row_id, entity, dup = (pd.array(list(v), dtype="str") for v in zip(*rows))  # "" stays ""
    frame = frame.assign(level=level, row_id=row_id, entity_id=entity, duplicate_of=dup)
    assert contract.conforms(frame, "budget") == _conforms_reference(frame, "budget")


def _transposed_reference(counts: pd.DataFrame) -> list[str]:
    """The transposed report table as _report_markdown built it with pandas (the reference)."""
    from analysis.extract.pipeline import _md_table

    return _md_table(counts.set_index("doc_id").T.reset_index().rename(columns={"index": "count"}))


def _top_reasons_reference(skipped: pd.DataFrame, n: int) -> list:
    reasons = skipped.assign(r=skipped["reason"].str.replace(r"\s*\(.*", "", regex=True))
    top = reasons.groupby(["doc_id", "r"]).size().reset_index(name="n")
    top = top.sort_values(["n", "doc_id", "r"], ascending=[False, True, True]).head(n)
    return [((rec.doc_id, rec.r), rec.n) for rec in top.itertuples(index=False)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), _INT, _INT, st.none() | st.sampled_from(["a", "b; c"])),
                max_size=4, unique_by=lambda r: r[0]))
def test_transposed_report_table_equals_the_pandas_transpose(rows):
    counts = pd.DataFrame({"doc_id": pd.array([f"00{r[0]}" for r in rows], dtype="str"),
                           "budget_rows": pd.array([r[1] for r in rows], dtype="Int64"),
                           "pdf_pages": pd.array([r[2] for r in rows], dtype="Int64"),
                           "pdf_pages_without_text": pd.array([r[3] for r in rows], dtype="str")})
    from analysis.extract.pipeline import _transposed_md_table

    assert _transposed_md_table(counts) == _transposed_reference(counts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.none() | st.sampled_from(["001", "002", "010"]),
                          st.none() | st.sampled_from(["malformed", "malformed (Rp 1)", "no header", " x (y) z",
                                                       "B", "b", "é"])), max_size=30),
       st.integers(1, 4))
def test_top_skip_reasons_equal_the_pandas_groupby(rows, n):
    from analysis.extract.pipeline import _top_skip_reasons

    sk = pd.DataFrame({"doc_id": pd.array([r[0] for r in rows], dtype="str"),
                       "reason": pd.array([r[1] for r in rows], dtype="str")})
    assert _top_skip_reasons(sk, n) == _top_reasons_reference(sk, n)


def _cast_reference(s: pd.Series, col: contract.Column) -> pd.Series:
    """The general cast of contract._cast_column (numbers through to_numeric, the float64 round
    trip of integers), without its shortcuts (the reference)."""
    empty = s.isna()
    if s.dtype == object:
        empty = empty | s.astype("str").str.strip().eq("").fillna(True)
    if col.type == "boolean":
        return pd.Series([pd.NA if e else v for v, e in zip(s, empty)], index=s.index, dtype="boolean")
    num = pd.to_numeric(s.where(~empty), errors="coerce")
    if col.type == "integer":
        return num.astype("float64").astype("Int64")
    return num.astype("float64")


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")  # near 2**63
@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2**63, 2**63 - 1) | st.sampled_from([0, 1, -1, 2**53 - 1, -(2**53) + 1, 2**53, -(2**53)]),
                min_size=1, max_size=5))
def test_int64_to_Int64_keeps_the_float_round_trip(values):
    s = pd.Series(values, dtype="int64", index=range(3, 3 + len(values)))
    col = contract.TABLES["budget"].column("source_line")
    try:
        want = s.astype("float64").astype("Int64")
    except TypeError:  # near 2**63 the float is out of range: the cast fails as before
        with pytest.raises(TypeError):
            contract._cast_column(s, col)
        return
    got, bad = contract._cast_column(s, col)
    assert bad is None
    pd.testing.assert_series_equal(got, want)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.none() | st.just(np.nan) | st.just(pd.NA), min_size=1, max_size=5),
       st.sampled_from(["source_line", "budget", "recovered_from_pct"]))
def test_a_column_of_missing_values_casts_to_missing(values, name):
    col = contract.TABLES["budget"].column(name)
    s = pd.Series(values, dtype=object, index=range(7, 7 + len(values)))
    got, bad = contract._cast_column(s, col)
    assert bad is None or not bad.any()
    pd.testing.assert_series_equal(got, _cast_reference(s, col))


def _duplicate_check_reference(df: pd.DataFrame) -> pd.Series:
    d = df["duplicate_of"]
    known = d.isin(set(df["row_id"].dropna())).fillna(False).astype(bool)
    return d.isna() | (known & d.ne(df["row_id"]).fillna(True).astype(bool))


_ID = st.none() | st.sampled_from(["001-L1", "001-L2", "001-L3"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ID, _ID), max_size=6), st.sampled_from(["str", "string", "object"]))
def test_duplicate_of_check_equals_the_pandas_check(rows, dtype):
    from analysis.contract import _duplicate_of_known_row

    df = pd.DataFrame({"row_id": pd.array([r[0] for r in rows], dtype=dtype),
                       "duplicate_of": pd.array([r[1] for r in rows], dtype=dtype)},
                      index=range(5, 5 + len(rows)))
    pd.testing.assert_series_equal(_duplicate_of_known_row(df), _duplicate_check_reference(df))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.none() | st.sampled_from(["001", "002", 3]), st.booleans()), max_size=8),
       st.sampled_from(["object", "str"]))
def test_count_per_doc_equals_the_groupby(rows, dtype):
    from analysis.extract.link import _count_per_doc

    if dtype == "str":
        rows = [(d if d != 3 else "003", f) for d, f in rows]
    docs = pd.Series([d for d, _ in rows], dtype=dtype).astype(str)
    flags = pd.Series([f for _, f in rows], dtype=bool)
    want = {doc: int(n) for doc, n in flags.groupby(docs).sum().items()}
    assert _count_per_doc(docs.tolist(), flags.tolist()) == want


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["001", "002", "", "010"]), st.sampled_from(["alias", "exact", "fuzzy"]),
                          st.integers(1, 50), st.booleans()), min_size=1, max_size=8))
def test_link_markdown_sums_rows_as_the_groupby(rows):
    from analysis.extract.link import LinkReport

    res = pd.DataFrame({"table": "budget", "doc_id": [r[0] for r in rows], "entity": "x",
                        "entity_id": ["" if r[3] else "53.x" for r in rows], "method": [r[1] for r in rows],
                        "rows": [r[2] for r in rows], "note": ""})
    methods = res.groupby(["doc_id", "method"])["rows"].sum().reset_index()
    want = [f"| {m.doc_id} | {m.method} | {m.rows} |" for m in methods.itertuples(index=False)]
    lines = LinkReport(resolutions=res).markdown().splitlines()
    start = lines.index("|---|---|---|") + 1
    assert lines[start:start + len(want)] == want
    assert not lines[start + len(want)]


_INDICATOR = st.sampled_from(["Persentase PD", "persentase pd (SNP)", "Persentase PN", "Indeks Kepuasan",
                              "Indeks Kepuasn", "Sekertaris Daerah", "Sekretaris Daerah", "a. SMA", "b. SMK",
                              "", "Indeks", "x y z"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["T1", "T2", "T3"]), _INDICATOR, st.booleans()), max_size=12))
def test_kept_indicators_match_the_first_kept_row_as_a_scan(steps):
    """_KeptIndicators.match against the scan of every kept row it replaces."""
    from collections import namedtuple

    from analysis.extract.duplicates import _indicator_words, _KeptIndicators, _same_indicator_words

    Row = namedtuple("Row", ["source_table", "indicator"])
    kept = _KeptIndicators()
    scanned: list = []
    for table, name, keep in steps:
        row, words = Row(table, name), _indicator_words(name)
        want = next((k for k in scanned if k.source_table != table
                     and _same_indicator_words(words, _indicator_words(k.indicator))), None)
        assert kept.match(words, table) is want
        if keep:
            kept.add(row, words)
            scanned.append(row)


# fields with the characters the two parsers treat specially (delimiter, quote, line breaks, spaces)
_CSV_FIELD = st.text(alphabet=st.sampled_from(list('ab ,"\n\r;#é')), max_size=5)


@settings(max_examples=300, deadline=None)
@given(case=st.integers(2, 4).flatmap(lambda n: st.tuples(
    st.lists(st.text(alphabet="abcx_", min_size=1, max_size=4), min_size=n, max_size=n, unique=True),
    st.lists(st.lists(_CSV_FIELD, min_size=n, max_size=n), min_size=1, max_size=5))))
def test_register_reader_equals_read_csv(case):
    import csv
    import io
    import tempfile
    from pathlib import Path

    from analysis.agencies import _read_text_table

    header, rows = case
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path = Path(tempfile.mkdtemp()) / "t.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    try:
        want = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception:  # pandas refuses some files; the plain reader hands them to pandas
        return
    pd.testing.assert_frame_equal(_read_text_table(path), want)


def test_register_files_read_as_read_csv():
    from analysis import reference
    from analysis.agencies import _read_text_table

    for name in ("agencies.csv", "agency_aliases.csv", "urusan.csv"):
        path = reference.path(name)
        pd.testing.assert_frame_equal(_read_text_table(path), pd.read_csv(path, dtype=str, keep_default_na=False))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT, _INT, _FLOAT, st.none() | st.booleans()), min_size=1, max_size=5))
def test_md_table_reads_cells_as_itertuples(rows):
    from analysis.extract.pipeline import _md_table

    frame = pd.DataFrame({"doc_id": pd.array([r[0] for r in rows], dtype="str"),
                          "n": pd.array([r[1] for r in rows], dtype="Int64"),
                          "x": pd.array([r[2] for r in rows], dtype="float64"),
                          "flag": pd.array([r[3] for r in rows], dtype="boolean"),
                          "obj": pd.Series([r[1] for r in rows], dtype=object)})
    cols = list(frame.columns)
    want = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    want += ["| " + " | ".join(str(v) for v in rec) + " |" for rec in frame.itertuples(index=False)]
    assert _md_table(frame) == want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["004", "005"]), st.none() | st.sampled_from(["program", "kegiatan",
                                                                                         "sub_kegiatan", "opd"]),
                          st.sampled_from(["Penataan Jabatan", "penataan  jabatan", "Lain"])), max_size=6),
       st.lists(st.tuples(st.sampled_from(["004", "005"]), st.sampled_from(["program", "kegiatan", "sasaran"]),
                          st.none() | st.sampled_from(["Penataan Jabatan", "Lain", ""])), min_size=1, max_size=4),
       st.sampled_from(["str", "string", "object"]))
def test_align_levels_reads_the_outline_rows_as_isin(budget_rows, indicator_rows, dtype):
    """align_indicator_levels gives what it gave with the budget filtered by isin first."""
    from analysis.extract.levels import OUTLINE_LEVELS, align_indicator_levels

    n = len(budget_rows)
    bud = pd.DataFrame({"doc_id": [r[0] for r in budget_rows], "level": pd.array([r[1] for r in budget_rows], dtype=dtype),
                        "name": [r[2] for r in budget_rows], "source_table": ["Tabel 3.9"] * n,
                        "source_line": list(range(10, 10 + n))})
    ind = pd.DataFrame({"doc_id": [r[0] for r in indicator_rows], "level": [r[1] for r in indicator_rows],
                        "objective": [r[2] for r in indicator_rows], "value_note": [None] * len(indicator_rows)})
    got, n_got = align_indicator_levels(ind, bud)
    kept = bud[bud["level"].isin(OUTLINE_LEVELS)]
    if kept.empty and not bud.empty:  # before: no budget row at an outline level, notes still written
        kept = bud.iloc[:0].reindex([0]).assign(doc_id="", level="program", name="", source_table="",
                                                source_line=0)  # a row that matches no indicator
    want, n_want = align_indicator_levels(ind, kept)
    assert n_got == n_want
    pd.testing.assert_frame_equal(got, want)
