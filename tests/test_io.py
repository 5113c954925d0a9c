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
