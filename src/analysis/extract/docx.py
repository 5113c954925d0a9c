"""Word (``.docx``) reports as input: the same text rendering as a PDF's.

Agencies publish LKjIP and Renja drafts as Word files too. A ``.docx`` is rendered into the text
the reader reads (:mod:`analysis.extract.documents`), cached like a PDF rendering
(:func:`analysis.extract.pdf.convert_pdf`: ``data/interim/<doc_id>.txt`` and its sidecar), so
that every row's ``source_line`` points into a file a reviewer can open:

* paragraphs become lines in document order (a tab inside a paragraph becomes spaces: it is
  layout, not a table column); empty paragraphs are blank lines;
* tables become TAB rows, one line per table row: a cell's paragraphs are joined by a space; a
  cell spanning columns (``gridSpan``) is followed by empty cells and a row starting at a later
  column (``gridBefore``) begins with empty cells, so the columns stay aligned;
  the lower cells of a vertical merge (``vMerge``) are empty, as a PDF prints them; a table
  inside a cell is flattened into the cell's text; a blank line ends each table;
* page breaks Word recorded when it last laid the document out (``lastRenderedPageBreak``) and
  hard page breaks give page markers (``<!-- page N -->``), hence ``source_page``;
* automatic list and heading numbers, which Word computes instead of storing them (``numPr`` on
  a paragraph or its style; ``numbering.xml``), are computed as Word would and written before the
  paragraph's text: ``BAB III``, ``3.1.2``, ``a.``, ``1)`` (:class:`Numbering`: decimal, Roman
  and letter formats, the level text ``%1.%2``, legal numbering (``isLgl``), start values and
  overrides, deeper levels restarting under a higher one; bullets are written as ``-``), so that headings, captions and list items
  (*a. Anggaran setelah perubahan : Rp …*) read as when typed.

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
from .pdf import PageNote, Rendering, page_marker, read_archive

__all__ = ["DocxError", "Numbering", "format_number", "render_docx", "render_docx_bytes", "W"]

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


def _grid_before(tr: ET.Element) -> int:
    """Grid columns a row leaves empty before its first cell (``w:trPr/w:gridBefore``)."""
    g = tr.find(f"{{{W}}}trPr/{{{W}}}gridBefore")
    try:
        return max(0, int(g.get(_VAL, "0"))) if g is not None else 0
    except ValueError:
        return 0


def _row_cells(tr: ET.Element) -> list[str]:
    cells: list[str] = [""] * _grid_before(tr)
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


_PPR, _NUMPR, _ILVL, _NUMID, _PSTYLE = (f"{{{W}}}{n}" for n in ("pPr", "numPr", "ilvl", "numId", "pStyle"))
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = []
    for v, r in _ROMAN:
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz (the letter repeated)."""
    return chr(96 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format (``w:numFmt``).

    >>> [format_number(3, f) for f in ("decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "bullet")]
    ['3', 'III', 'iii', 'C', 'c', '-']
    >>> format_number(27, "lowerLetter")
    'aa'
    """
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt in ("bullet", "none"):
        return "-" if fmt == "bullet" else ""
    return str(n)  # decimal and the rest (decimalZero, ordinal …) as plain numbers


class Numbering:
    """Word's automatic numbering of paragraphs, computed in document order.

    A paragraph is numbered by its own ``w:numPr`` or its style's (``styles.xml``, through
    ``w:basedOn``); ``numbering.xml`` gives, per list (``w:num`` → ``w:abstractNum``) and level,
    the start value, the number format and the level text (``%1.%2``). Counters run per abstract
    list (lists sharing one continue each other, as in Word); a level's counter restarts when a
    higher level of the list advances.
    """

    def __init__(self, numbering: ET.Element | None, styles: ET.Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract id -> ilvl -> (start, fmt, text)
        self.legal: set[tuple[str, int]] = set()  # levels shown with every number decimal (w:isLgl)
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}  # num id -> ilvl -> start
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            for a in numbering.iter(f"{{{W}}}abstractNum"):
                lv: dict[int, tuple[int, str, str]] = {}
                for lvl in a.iter(f"{{{W}}}lvl"):
                    i = int(lvl.get(_ILVL_ATTR, "0"))
                    start = lvl.find(f"{{{W}}}start")
                    fmt = lvl.find(f"{{{W}}}numFmt")
                    text = lvl.find(f"{{{W}}}lvlText")
                    if lvl.find(f"{{{W}}}isLgl") is not None:
                        self.legal.add((a.get(f"{{{W}}}abstractNumId", ""), i))
                    lv[i] = (int(start.get(_VAL, "1")) if start is not None else 1,
                             fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                             text.get(_VAL, f"%{i + 1}.") if text is not None else f"%{i + 1}.")
                self.levels[a.get(f"{{{W}}}abstractNumId", "")] = lv
            for n in numbering.iter(f"{{{W}}}num"):
                nid = n.get(f"{{{W}}}numId", "")
                a = n.find(f"{{{W}}}abstractNumId")
                self.num_abstract[nid] = a.get(_VAL, "") if a is not None else ""
                for o in n.iter(f"{{{W}}}lvlOverride"):
                    so = o.find(f"{{{W}}}startOverride")
                    if so is not None:
                        self.overrides.setdefault(nid, {})[int(o.get(_ILVL_ATTR, "0"))] = int(so.get(_VAL, "1"))
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for st in styles.iter(f"{{{W}}}style"):
                sid = st.get(f"{{{W}}}styleId", "")
                b = st.find(f"{{{W}}}basedOn")
                if b is not None:
                    based[sid] = b.get(_VAL, "")
                numpr = st.find(f"{_PPR}/{_NUMPR}")
                if numpr is not None:
                    nid, ilvl = numpr.find(_NUMID), numpr.find(_ILVL)
                    own[sid] = (nid.get(_VAL) if nid is not None else None,
                                int(ilvl.get(_VAL, "0")) if ilvl is not None else None)
            for sid in set(own) | set(based):
                nid, ilvl, cur, seen = None, None, sid, set()
                while cur and cur not in seen:  # the nearest style of the chain that says
                    seen.add(cur)
                    n, lv = own.get(cur, (None, None))
                    nid = nid if nid is not None else n
                    ilvl = ilvl if ilvl is not None else lv
                    cur = based.get(cur, "")
                if nid is not None:
                    self.style_num[sid] = (nid, ilvl or 0)

    def label(self, p: ET.Element) -> str:
        """The number Word shows before paragraph ``p`` ('' for none); advances the counters."""
        ppr = p.find(_PPR)
        nid, ilvl = None, None
        if ppr is not None:
            numpr = ppr.find(_NUMPR)
            if numpr is not None:
                n, lv = numpr.find(_NUMID), numpr.find(_ILVL)
                nid = n.get(_VAL) if n is not None else None
                ilvl = int(lv.get(_VAL, "0")) if lv is not None else None
            style = ppr.find(_PSTYLE)
            if style is not None and style.get(_VAL) in self.style_num:
                snid, slvl = self.style_num[style.get(_VAL)]
                nid = nid if nid is not None else snid
                ilvl = ilvl if ilvl is not None else slvl
        if not nid or nid == "0" or nid not in self.num_abstract:
            return ""
        ilvl = ilvl or 0
        aid = self.num_abstract[nid]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, [])
        if nid not in self.started:  # a list instance restarting its levels (startOverride)
            self.started.add(nid)
            for lvl, start in self.overrides.get(nid, {}).items():
                while len(counters) <= lvl:
                    counters.append(0)
                counters[lvl] = start - 1
        while len(counters) <= ilvl:
            counters.append(levels.get(len(counters), (1, "", ""))[0] - 1)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):  # a higher level advancing restarts the lower
            counters[deeper] = levels.get(deeper, (1, "", ""))[0] - 1
        text = levels[ilvl][2]
        for k in range(ilvl, -1, -1):
            start, fmt, _ = levels.get(k, (1, "decimal", ""))
            value = counters[k] if k < len(counters) and counters[k] >= start else start
            # a legal-style level ('3.1' under 'BAB III') shows every number as decimal
            text = text.replace(f"%{k + 1}", format_number(value, "decimal" if (aid, ilvl) in self.legal else fmt))
        return text.strip()


_ILVL_ATTR = f"{{{W}}}ilvl"


def render_docx_bytes(data: bytes, name: str) -> Rendering:
    """Render the bytes of a ``.docx`` (``name`` for messages) into the reader's text.

    Raises
    ------
    DocxError
        The bytes are no Word document (not a zip, no ``word/document.xml``, broken XML, values
        of the wrong kind where Word writes numbers).
    """
    return read_archive(_render, data, name, DocxError, "Word file")


def _render(data: bytes, name: str) -> Rendering:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
            parts = {n: z.read(f"word/{n}.xml") for n in ("numbering", "styles") if f"word/{n}.xml" in z.namelist()}
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
    try:
        numbering = Numbering(*(ET.fromstring(parts[n]) if n in parts else None for n in ("numbering", "styles")))
    except ET.ParseError as exc:
        raise DocxError(f"{name}: damaged Word file (numbering or styles: {exc})") from exc
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
            text = _runs_text(item).rstrip()
            label = numbering.label(item) if text.strip() else ""
            lines.append(f"{label} {text.lstrip()}" if label else text)
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
