"""Small synthetic Word files written by the tests (WordprocessingML by hand; no real report).

:func:`docx_bytes` builds a ``.docx`` from a list of blocks: a paragraph (``str``), a page break
(:data:`PAGE_BREAK`) or a table (a list of rows; a cell is a ``str`` or a :class:`Cell` with a
column span or a vertical merge).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PAGE_BREAK = object()

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


@dataclass
class Para:
    """A paragraph numbered automatically: by a list (``num``: (numId, ilvl)) or a style."""
    text: str
    num: tuple[int, int] | None = None
    style: str | None = None


#: The numbering of the test files: list 1 (the headings, through the styles Heading1/Heading2):
#: 'BAB I' (upper Roman), then '1.1' (legal: decimal under the Roman chapter); list 2: 'a.' then '1)'.
NUMBERING = (
    f'<w:numbering xmlns:w="{W}">'
    '<w:abstractNum w:abstractNumId="10">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="BAB %1"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="20">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/></w:lvl>'
    '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="20"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '</w:numbering>')
STYLES = (
    f'<w:styles xmlns:w="{W}">'
    '<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    '</w:styles>')


@dataclass
class Cell:
    text: str = ""
    span: int = 1          # gridSpan
    merge: str | None = None  # "restart" (top of a vertical merge) or "continue" (below it)
    nested: list | None = None  # a table inside the cell


def _p(text: str, page_break_before: bool = False, num: tuple[int, int] | None = None,
       style: str | None = None) -> str:
    br = '<w:r><w:br w:type="page"/></w:r>' if page_break_before else ""
    ppr = ""
    if num or style:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "") + "</w:pPr>"
    # a TAB in the text is a Word tab inside the paragraph
    runs = "<w:r><w:tab/></w:r>".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
                                      for part in text.split("\t"))
    return f"<w:p>{ppr}{br}{runs}</w:p>"


def _tc(cell) -> str:
    c = cell if isinstance(cell, Cell) else Cell(str(cell))
    pr = ""
    if c.span > 1 or c.merge:
        pr = "<w:tcPr>" + (f'<w:gridSpan w:val="{c.span}"/>' if c.span > 1 else "") + (
            ('<w:vMerge w:val="restart"/>' if c.merge == "restart" else "<w:vMerge/>") if c.merge else "") + "</w:tcPr>"
    paras = "".join(_p(line) for line in c.text.split("\n")) if c.text else "<w:p/>"
    nested = _tbl(c.nested) + "<w:p/>" if c.nested else ""
    return f"<w:tc>{pr}{paras}{nested}</w:tc>"


@dataclass
class Row:
    """A table row that starts ``before`` grid columns to the right (``w:gridBefore``)."""
    cells: list
    before: int = 0


def _tr(row) -> str:
    r = row if isinstance(row, Row) else Row(row)
    pr = f'<w:trPr><w:gridBefore w:val="{r.before}"/></w:trPr>' if r.before else ""
    return "<w:tr>" + pr + "".join(_tc(c) for c in r.cells) + "</w:tr>"


#: Single borders around and between every cell (a table as reports print it).
BORDERS = ('<w:tblPr><w:tblBorders>' + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + '</w:tblBorders></w:tblPr>')
#: An A4 page in landscape with 1.27 cm margins (wide annex tables).
LANDSCAPE = ('<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
             '<w:pgMar w:top="720" w:right="720" w:bottom="720" w:left="720" w:header="0" w:footer="0" '
             'w:gutter="0"/></w:sectPr>')


def _tbl(rows: list, borders: bool = False) -> str:
    return "<w:tbl>" + (BORDERS if borders else "") + "".join(_tr(row) for row in rows) + "</w:tbl>"


def docx_bytes(blocks: list, borders: bool = False, landscape: bool = False) -> bytes:
    """The ``.docx`` of ``blocks``; ``borders`` draws every table's rules, ``landscape`` sets
    an A4 landscape page."""
    body = []
    pending_break = False
    for b in blocks:
        if b is PAGE_BREAK:
            pending_break = True
        elif isinstance(b, str):
            body.append(_p(b, pending_break))
            pending_break = False
        elif isinstance(b, Para):
            body.append(_p(b.text, pending_break, b.num, b.style))
            pending_break = False
        else:
            if pending_break:
                body.append(_p("", True))
                pending_break = False
            body.append(_tbl(b, borders))
    if landscape:
        body.append(LANDSCAPE)
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", xml)
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("word/styles.xml", STYLES)
    return buf.getvalue()


def write_docx(path: Path, blocks: list) -> Path:
    path.write_bytes(docx_bytes(blocks))
    return path
