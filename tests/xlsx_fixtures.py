"""Small synthetic Excel workbooks written by the tests (SpreadsheetML by hand; no real report).

:func:`xlsx_bytes` builds a ``.xlsx`` from ``{sheet name: rows}``; a row is a list of cells, a
cell ``None`` (empty), a ``str`` (a shared string), a number, or a :class:`Num` (a number with
a percentage or date format, or a formula with its cached value). ``merged`` lists merged
ranges per sheet (``"A1:E1"``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Num:
    value: float
    fmt: str = "number"  # "number", "percent" (built-in 10: 0.00%) or "date" (built-in 14)
    formula: str | None = None


def _col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_bytes(sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None,
               hidden: tuple[str, ...] = ()) -> bytes:
    strings: list[str] = []
    index: dict[str, int] = {}
    parts: dict[str, str] = {}
    style = {"number": 0, "percent": 1, "date": 2}
    for k, (name, rows) in enumerate(sheets.items(), start=1):
        xml_rows = []
        for i, row in enumerate(rows, start=1):
            cells = []
            for j, c in enumerate(row):
                ref = f"{_col(j)}{i}"
                if c is None:
                    continue
                if isinstance(c, str):
                    if c not in index:
                        index[c] = len(strings)
                        strings.append(c)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[c]}</v></c>')
                else:
                    n = c if isinstance(c, Num) else Num(float(c))
                    f = f"<f>{escape(n.formula)}</f>" if n.formula else ""
                    cells.append(f'<c r="{ref}" s="{style[n.fmt]}">{f}<v>{n.value!r}</v></c>')
            xml_rows.append(f'<row r="{i}">{"".join(cells)}</row>')
        mc = ""
        if merged and merged.get(name):
            mc = f'<mergeCells count="{len(merged[name])}">' + "".join(
                f'<mergeCell ref="{r}"/>' for r in merged[name]) + "</mergeCells>"
        parts[f"xl/worksheets/sheet{k}.xml"] = (
            f'<worksheet xmlns="{NS}"><sheetData>{"".join(xml_rows)}</sheetData>{mc}</worksheet>')
    wb_sheets = "".join(f'<sheet name="{escape(n)}" sheetId="{k}" r:id="rId{k}"'
                        + (' state="hidden"' if n in hidden else "") + "/>"
                        for k, n in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = f'<workbook xmlns="{NS}" xmlns:r="{R_NS}"><sheets>{wb_sheets}</sheets></workbook>'
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">' + "".join(
        f'<Relationship Id="rId{k}" Type="{R_NS}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, len(sheets) + 1)) + "</Relationships>"
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}">' + "".join(
        f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>"
    parts["xl/styles.xml"] = (f'<styleSheet xmlns="{NS}"><cellXfs count="3"><xf numFmtId="0"/>'
                              '<xf numFmtId="10"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in sorted(parts.items()):
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return buf.getvalue()
