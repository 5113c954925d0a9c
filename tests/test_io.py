"""Writing contract CSVs (analysis.io.write_csv): every column type as text, hand-written."""

import numpy as np
import pandas as pd

from analysis.io import write_csv


def test_each_column_type_is_written_as_plain_text(tmp_path):
    frame = pd.DataFrame({
        "text": pd.array(["Dinas Kesehatan", None, "a,b"], dtype="str"),
        "amount": [4460977040468.77, np.nan, 95.0],
        "line": pd.array([811, None, 2**40], dtype="Int64"),
        "flag": pd.array([True, None, False], dtype="boolean"),
        "count": np.array([3, -1, 0], dtype="int64"),
        "mixed": [None, np.int64(7), 0.5],
    })
    path = write_csv(frame, tmp_path / "t.csv", ["text", "amount", "line", "flag", "count", "mixed", "empty"], [])
    assert path.read_bytes().decode("utf-8") == (
        "text,amount,line,flag,count,mixed,empty\n"
        "Dinas Kesehatan,4460977040468.77,811,true,3,,\n"
        ",,,,-1,7,\n"
        '"a,b",95,1099511627776,false,0,0.5,\n'
    )


def test_rows_are_sorted_and_a_frame_without_columns_keeps_its_rows(tmp_path):
    frame = pd.DataFrame({"doc_id": ["002", "001"], "source_line": [5, 9]})
    path = write_csv(frame, tmp_path / "s.csv", ["doc_id", "source_line"], ["doc_id"])
    assert path.read_text(encoding="utf-8") == "doc_id,source_line\n001,9\n002,5\n"
    path = write_csv(pd.DataFrame(index=range(2)), tmp_path / "e.csv", [], [])
    assert path.read_text(encoding="utf-8") == "\n\n\n"


# ---- fast paths of write_csv, compared with the straightforward ones --------------------------
import csv  # noqa: E402
import io  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.io import _csv_text, _format_cell, _format_column, _plain_float, format_plain  # noqa: E402

# text with the characters csv.writer treats specially, and some that it does not
_CELL = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\t;\'é€😀')), max_size=6)


def _writer_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 4).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.lists(_CELL, min_size=n, max_size=n),
                                                                          max_size=6))))
def test_csv_text_equals_the_csv_writer(case):
    ncols, rows = case
    columns = [[row[k] for row in rows] for k in range(ncols)]
    assert _csv_text(columns, len(rows)) == _writer_text(rows if ncols else [[] for _ in rows])


def test_csv_text_hand_cases():
    # one empty field is quoted by the writer; a row without fields is an empty line
    assert _csv_text([["", "a"]], 2) == '""\na\n'
    assert _csv_text([], 2) == "\n\n"
    assert _csv_text([["a,b", "d"], ["c", 'e"']], 2) == '"a,b",c\nd,"e"""\n'
    assert _csv_text([["a\r", "b"], ["c", "d"]], 2) == _writer_text([["a\r", "c"], ["b", "d"]])


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False) | st.sampled_from([0.0, -0.0, 1e17, 1e17 - 16, 95.0, 1960291207174.9, 1e-7]))
def test_plain_float_equals_format_plain(v):
    assert _plain_float(v) == format_plain(v)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.integers(-2**63, 2**63 - 1), max_size=8))
def test_int64_column_is_formatted_as_each_cell(values):
    column = pd.Series(pd.array(values, dtype="Int64"))
    assert _format_column(column) == [_format_cell(v) for v in column.to_numpy(dtype=object)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats() | st.sampled_from([1e17, -1e17, 1e17 - 16, -0.0, 12.0, 0.1 + 0.2]), max_size=8))
def test_float_column_is_formatted_as_format_plain(values):
    column = pd.Series(values, dtype="float64")
    assert _format_column(column) == [format_plain(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.none() | st.booleans(), max_size=8))
def test_boolean_column_is_formatted_as_each_cell(values):
    column = pd.Series(pd.array(values, dtype="boolean"))
    assert _format_column(column) == [_format_cell(v) for v in column.to_numpy(dtype=object)]
