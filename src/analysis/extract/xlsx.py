"""Excel (``.xlsx``) workbooks as input: the same text rendering as a PDF's.

Budget realisations are often published as spreadsheet exports (SIPD, SIMDA, the agencies' own
workbooks). A ``.xlsx`` listed in the manifest is rendered into the reader's text
(:mod:`analysis.extract.documents`) and cached like a PDF rendering
(:func:`analysis.extract.pdf.convert_pdf`), so that ``source_line`` points into a file a reviewer
can open and ``source_page`` is the sheet:

* each sheet starts a page (``<!-- page N -->``) and a line with its name; a hidden sheet
  (lookup lists, working copies) is not read and is noted;
* rows separated by empty rows are blocks; the rows of a block before its first row with two or
  more filled cells are text lines (titles, captions), the rest are TAB rows over the block's
  columns (a row with one filled cell inside a table, a section name, stays in its column);
  empty rows are blank lines;
* numbers are written as the Indonesian reports print them, so that every extractor reads them
  as it reads a report: thousands with ``.``, decimals with ``,`` (``1.234.567.890``, ``93,04``),
  from the stored value's shortest decimal form (no binary noise); whole numbers from 1900 to
  2100 are years and keep no separator (a header row of years ``2021 | 2022 | 2023``); a cell formatted as a
  percentage is written as one (``0.9304`` → ``93,04%``); a date as ``YYYY-MM-DD``; a formula's
  cached value is its value; text as stored;
* merged cells keep their value in the top-left cell only, as the sheet stores them.

Read with the standard library (:mod:`zipfile`, :mod:`xml.etree.ElementTree`): the SpreadsheetML
parts (ECMA-376 part 1: workbook, shared strings, number formats, sheets) are all that is needed.

Examples
--------
>>> id_number(1234567890.0), id_number(93.04), id_number(-0.5), id_number(2.0e-05), id_number(12.0)
('1.234.567.890', '93,04', '-0,5', '0,00002', '12')
>>> id_number(2023.0), id_number(1500.0)  # a year as printed; other thousands grouped
('2023', '1.500')
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path, PurePosixPath

from .documents import DocumentError
from .pdf import PageNote, Rendering, page_marker, read_archive

__all__ = ["XlsxError", "render_xlsx", "render_xlsx_bytes", "id_number"]

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _q(tag: str) -> str:
    return f"{{{_NS}}}{tag}"


#: Built-in number formats that show a percentage, and those that show a date (ECMA-376 18.8.30).
PERCENT_FORMATS = frozenset({9, 10})
DATE_FORMATS = frozenset(range(14, 23)) | frozenset(range(45, 48))
_DATE_CODE = re.compile(r"(?<![\\\"])[dmy]", re.I)
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


#: Whole numbers in this range are years and printed without a thousands separator.
YEARS = (1900, 2100)


class XlsxError(DocumentError):
    """A ``.xlsx`` cannot be read (not an Excel workbook, damaged); the message names the file."""


def id_number(value: float) -> str:
    """``value`` as an Indonesian report prints it: ``.`` between thousands, ``,`` before the
    decimals, from the shortest decimal form of the float (see the module examples)."""
    d = Decimal(repr(float(value)))
    if d == d.to_integral_value() and YEARS[0] <= d <= YEARS[1]:
        return str(int(d))  # a year, as printed ('2023', not '2.023')
    sign = "-" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(t.text or "" for t in si.iter(_q("t"))) for si in root.findall(_q("si"))]


def _style_kinds(z: zipfile.ZipFile) -> list[str]:
    """Per cell style index: ``percent``, ``date`` or ``number`` (from its number format)."""
    try:
        root = ET.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return []
    custom = {}
    fmts = root.find(_q("numFmts"))
    for f in (fmts if fmts is not None else []):
        code = f.get("formatCode", "")
        kind = "percent" if "%" in code else "date" if _DATE_CODE.search(code.split(";")[0]) else "number"
        custom[int(f.get("numFmtId", "0"))] = kind
    out = []
    xfs = root.find(_q("cellXfs"))
    for xf in (xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fid) or ("percent" if fid in PERCENT_FORMATS else "date" if fid in DATE_FORMATS
                                        else "number"))
    return out


def _sheets(z: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(name, part path, hidden) of every sheet, in the workbook's order."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels.findall(f"{{{_PKG_REL_NS}}}Relationship")}
    out = []
    sheets = wb.find(_q("sheets"))
    for s in (sheets if sheets is not None else []):
        t = target.get(s.get(f"{{{_REL_NS}}}id"), "")
        path = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
        out.append((s.get("name", ""), path, s.get("state", "visible") != "visible"))
    return out


def _column(ref: str) -> int:
    """0-based column of a cell reference (``C7`` → 2)."""
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n - 1


def _cell_text(c: ET.Element, strings: list[str], kinds: list[str]) -> str:
    t = c.get("t", "n")
    v = c.find(_q("v"))
    raw = v.text if v is not None and v.text is not None else ""
    if t == "s":
        return strings[int(raw)] if raw.isdigit() and int(raw) < len(strings) else ""
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(_q("t")))
    if t in ("str", "e"):
        return raw
    if t == "b":
        return "TRUE" if raw == "1" else "FALSE" if raw == "0" else raw
    if not raw:
        return ""
    try:
        value = float(raw)
    except ValueError:
        return raw
    style = int(c.get("s", "0"))
    kind = kinds[style] if style < len(kinds) else "number"
    if kind == "percent":
        return id_number(float(Decimal(raw) * 100)) + "%"
    if kind == "date" and 0 < value < 2958466:
        return (_EXCEL_EPOCH + _dt.timedelta(days=int(value))).isoformat()
    return id_number(value)


def _sheet_rows(xml: bytes, strings: list[str], kinds: list[str]) -> list[list[str]]:
    """The sheet's rows as lists of cell texts (empty rows kept, as empty lists)."""
    root = ET.fromstring(xml)
    data = root.find(_q("sheetData"))
    rows: list[list[str]] = []
    for r in (data if data is not None else []):
        n = int(r.get("r", len(rows) + 1))
        while len(rows) < n - 1:
            rows.append([])
        cells: dict[int, str] = {}
        for k, c in enumerate(r.findall(_q("c"))):
            j = _column(c.get("r", "")) if c.get("r") else k
            text = " ".join(_cell_text(c, strings, kinds).split())
            if text:
                cells[j] = text
        rows.append([cells.get(j, "") for j in range(max(cells) + 1)] if cells else [])
    return rows


def _block_lines(block: list[list[str]]) -> list[str]:
    """A block of non-empty rows: titles as text, then TAB rows over the block's columns."""
    filled = [[j for j, c in enumerate(r) if c] for r in block]
    first = min(js[0] for js in filled)
    last = max(js[-1] for js in filled)
    lines = []
    in_table = False
    for row, js in zip(block, filled):
        in_table = in_table or len(js) >= 2
        if not in_table:
            lines.append(row[js[0]])
            continue
        cells = [row[j] if j < len(row) else "" for j in range(first, last + 1)]
        lines.append("\t".join(c.replace("\t", " ") for c in cells))
    return lines


def render_xlsx_bytes(data: bytes, name: str) -> Rendering:
    """Render the bytes of a ``.xlsx`` (``name`` for messages) into the reader's text.

    Raises
    ------
    XlsxError
        The bytes are no Excel workbook (not a zip, no workbook part, broken XML, values of the
        wrong kind where Excel writes numbers).
    """
    return read_archive(_render, data, name, XlsxError, "Excel file")


def _render(data: bytes, name: str) -> Rendering:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise XlsxError(f"{name}: not an Excel .xlsx file (not a zip archive: {exc})") from exc
    notes: list[PageNote] = []
    lines: list[str] = []
    with z:
        try:
            strings, kinds, sheets = _shared_strings(z), _style_kinds(z), _sheets(z)
            rendered = [(sheet, _sheet_rows(z.read(part), strings, kinds) if not hidden else None)
                        for sheet, part, hidden in sheets]
        except KeyError as exc:
            raise XlsxError(f"{name}: not an Excel .xlsx file (missing part {exc})") from exc
        except ET.ParseError as exc:
            raise XlsxError(f"{name}: damaged Excel file ({exc})") from exc
    for page, (sheet, rows) in enumerate(rendered, start=1):
        if rows is None:  # a hidden sheet (lookup lists, working copies): not the report's
            lines += [page_marker(page, "hidden sheet, not read"), ""]
            notes.append(PageNote(page, "hidden_sheet", f"sheet {sheet!r} is hidden; not read"))
            continue
        lines += [page_marker(page), sheet, ""]
        block: list[list[str]] = []
        for row in rows + [[]]:
            if any(row):
                block.append(row)
                continue
            if block:
                lines += _block_lines(block)
                block = []
            lines.append("")
        if not any(any(r) for r in rows):
            notes.append(PageNote(page, "blank_page", f"sheet {sheet!r} is empty"))
    return Rendering("\n".join(lines) + "\n", len(rendered), notes)


def render_xlsx(path: str | Path) -> Rendering:
    """Render the Excel workbook at ``path`` (see the module docstring).

    Raises
    ------
    XlsxError
        The file is missing, or not a readable ``.xlsx`` (named, with the cause).
    """
    p = Path(path)
    if not p.is_file():
        raise XlsxError(f"{p}: no such file")
    return render_xlsx_bytes(p.read_bytes(), str(p))
