"""Word (``.docx``) reports as input: the same text rendering as a PDF's.

Agencies publish LKjIP and Renja drafts as Word files too. A ``.docx`` is rendered into the text
the reader reads (:mod:`analysis.extract.documents`), cached like a PDF rendering
(:func:`analysis.extract.pdf.convert_pdf`: ``data/interim/<doc_id>.txt`` and its sidecar), so
that every row's ``source_line`` points into a file a reviewer can open:

* paragraphs become lines in document order (a tab inside a paragraph becomes spaces: it is
  layout, not a table column); empty paragraphs are blank lines;
* tables become TAB rows, one line per table row: a cell's paragraphs are joined by a space; a
  cell spanning columns (``gridSpan``) is followed by empty cells, so the columns stay aligned;
  the lower cells of a vertical merge (``vMerge``) are empty, as a PDF prints them; a table
  inside a cell is flattened into the cell's text; a blank line ends each table;
* page breaks Word recorded when it last laid the document out (``lastRenderedPageBreak``) and
  hard page breaks give page markers (``<!-- page N -->``), hence ``source_page``;
* automatic list and heading numbers are not in the file's text (Word computes them), so they
  are not in the rendering either.

The file is read with the standard library (:mod:`zipfile`, :mod:`xml.etree.ElementTree`): the
WordprocessingML of ``word/document.xml`` (ECMA-376 part 1) is all that is needed, and
python-docx would add lxml without exposing merged cells or rendered page breaks beyond that XML.

Examples
--------
>>> import io, zipfile
>>> body = ('<w:p><w:r><w:t>Tabel 3.1 Capaian</w:t></w:r></w:p>'
...         '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Indikator</w:t></w:r></w:p></w:tc>'
...         '<w:tc><w:p><w:r><w:t>Target</w:t></w:r></w:p></w:tc></w:tr>'
...         '<w:tr><w:tc><w:p><w:r><w:t>IKM</w:t></w:r></w:p></w:tc>'
...         '<w:tc><w:p><w:r><w:t>82,5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
>>> render_docx_bytes(buf.getvalue(), "x.docx").text.splitlines()
['<!-- page 1 -->', 'Tabel 3.1 Capaian', 'Indikator\\tTarget', 'IKM\\t82,5', '']
"""

from __future__ import annotations

import io
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

from .documents import DocumentError
from .pdf import PageNote, Rendering, page_marker

__all__ = ["DocxError", "render_docx", "render_docx_bytes", "W"]

#: The WordprocessingML namespace.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _R, _T = (f"{{{W}}}{n}" for n in ("p", "tbl", "tr", "tc", "r", "t"))
_TAB, _BR, _CR, _RENDERED_BREAK = (f"{{{W}}}{n}" for n in ("tab", "br", "cr", "lastRenderedPageBreak"))
_TCPR, _GRIDSPAN, _VMERGE, _VAL, _TYPE = (f"{{{W}}}{n}" for n in ("tcPr", "gridSpan", "vMerge", "val", "type"))
_SDT, _SDTCONTENT, _INS, _HYPERLINK, _SMARTTAG = (f"{{{W}}}{n}" for n in
                                                   ("sdt", "sdtContent", "ins", "hyperlink", "smartTag"))
_NOBREAK_HYPHEN, _SOFT_HYPHEN = f"{{{W}}}noBreakHyphen", f"{{{W}}}softHyphen"
#: Spaces a tab inside a paragraph becomes (a tab would make the line a table row).
PARAGRAPH_TAB = "    "


class DocxError(DocumentError):
    """A ``.docx`` cannot be read (not a Word file, damaged); the message names the file."""


def _breaks(el: ET.Element) -> int:
    """Page breaks inside an element: Word's rendered breaks and hard page breaks."""
    n = 0
    for e in el.iter():
        if e.tag == _RENDERED_BREAK or (e.tag == _BR and e.get(_TYPE) == "page"):
            n += 1
    return n


def _runs_text(el: ET.Element) -> str:
    """The text of a paragraph's runs (deleted text is in ``w:delText``, not read)."""
    out: list[str] = []
    for e in el.iter():
        if e.tag == _T and e.text:
            out.append(e.text)
        elif e.tag == _TAB:
            out.append(PARAGRAPH_TAB)
        elif e.tag in (_CR,) or (e.tag == _BR and e.get(_TYPE) in (None, "textWrapping")):
            out.append(" ")
        elif e.tag == _NOBREAK_HYPHEN:
            out.append("-")
    return "".join(out)


def _cell_text(tc: ET.Element) -> str:
    """A table cell's text: its paragraphs (and nested tables) joined by a space."""
    parts = [" ".join(_runs_text(p).split()) for p in tc.iter(_P)]
    return " ".join(p for p in parts if p)


def _span(tc: ET.Element) -> int:
    pr = tc.find(_TCPR)
    g = pr.find(_GRIDSPAN) if pr is not None else None
    try:
        return max(1, int(g.get(_VAL, "1"))) if g is not None else 1
    except ValueError:
        return 1


def _merged_below(tc: ET.Element) -> bool:
    """The cell continues a vertical merge from the row above (``<w:vMerge/>`` without
    ``w:val="restart"``)."""
    pr = tc.find(_TCPR)
    v = pr.find(_VMERGE) if pr is not None else None
    return v is not None and v.get(_VAL, "continue") != "restart"


def _row_cells(tr: ET.Element) -> list[str]:
    cells: list[str] = []
    for tc in _children(tr, _TC):
        text = "" if _merged_below(tc) else _cell_text(tc)
        cells.append(text.replace("\t", " "))
        cells.extend([""] * (_span(tc) - 1))
    return cells


def _children(el: ET.Element, tag: str) -> list[ET.Element]:
    """The ``tag`` children of ``el``, looking through content controls, tracked insertions,
    hyperlinks and smart tags (which wrap rows, cells or paragraphs without meaning of their own)."""
    out: list[ET.Element] = []
    for c in el:
        if c.tag == tag:
            out.append(c)
        elif c.tag in (_SDT, _SDTCONTENT, _INS, _HYPERLINK, _SMARTTAG):
            out.extend(_children(c, tag))
    return out


def _body_items(body: ET.Element) -> list[ET.Element]:
    out: list[ET.Element] = []
    for c in body:
        if c.tag in (_P, _TBL):
            out.append(c)
        elif c.tag in (_SDT, _SDTCONTENT, _INS):
            out.extend(_body_items(c))
    return out


def render_docx_bytes(data: bytes, name: str) -> Rendering:
    """Render the bytes of a ``.docx`` (``name`` for messages) into the reader's text.

    Raises
    ------
    DocxError
        The bytes are no Word document (not a zip, no ``word/document.xml``, broken XML).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
    except zipfile.BadZipFile as exc:
        raise DocxError(f"{name}: not a Word .docx file (not a zip archive: {exc})") from exc
    except KeyError as exc:
        raise DocxError(f"{name}: not a Word .docx file (no word/document.xml inside)") from exc
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise DocxError(f"{name}: damaged Word file (word/document.xml: {exc})") from exc
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise DocxError(f"{name}: damaged Word file (word/document.xml has no body)")
    page = 1
    lines = [page_marker(page)]
    notes: list[PageNote] = []

    def new_pages(n: int) -> None:
        nonlocal page
        for _ in range(n):
            page += 1
            lines.append(page_marker(page))

    for item in _body_items(body):
        if item.tag == _P:
            # a break inside a paragraph starts the page before it (the paragraph's first line
            # is on the new page for the rendered break Word records at a line start)
            new_pages(_breaks(item))
            lines.append(_runs_text(item).rstrip())
            continue
        for tr in _children(item, _TR):
            new_pages(min(1, _breaks(tr)))  # (each cell of a row starting a page records it)
            cells = _row_cells(tr)
            if any(c.strip() for c in cells):
                lines.append("\t".join(cells))
        lines.append("")  # a blank line ends the table
    if not any(ln.strip() and not ln.startswith("<!-- page ") for ln in lines):
        notes.append(PageNote(1, "blank_page", "the Word file has no text"))
    return Rendering("\n".join(lines) + "\n", page, notes)


def render_docx(path: str | Path) -> Rendering:
    """Render the Word file at ``path`` (see the module docstring).

    Raises
    ------
    DocxError
        The file is missing, or not a readable Word ``.docx`` (named, with the cause).
    """
    p = Path(path)
    if not p.is_file():
        raise DocxError(f"{p}: no such file")
    return render_docx_bytes(p.read_bytes(), str(p))
