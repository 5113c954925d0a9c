"""PDF input: convert a publisher's PDF into the package's own text rendering.

The rendering is what the reader (:mod:`analysis.extract.documents`) already understands:
headings and paragraphs as plain lines in reading order, tables as TAB-separated rows, and one
page marker line ``<!-- page N -->`` at the start of every physical page (the reader maps every
line to its page with it and otherwise ignores it). ``python -m analysis extract`` caches the
rendering under ``data/interim/<doc_id>.txt`` so a user can open the file a ``source_line``
points at.

How a page is read (pdfplumber, words with positions and ruling lines):

1. **Orientation.** ``/Rotate`` is applied by pdfplumber. Content drawn rotated on the page
   (landscape tables set sideways on a portrait page) is detected from the characters' text
   matrices; the page's objects are turned so that the dominant text runs left to right.
2. **Text layer.** A page without characters is reported (``page 12: no text layer; OCR is
   not part of this package``) and its marker line says so; nothing else is guessed.
3. **Running headers and footers.** Lines in the top or bottom margin zone whose text (digits
   ignored) recurs on several pages, page numbers (``19``, ``III - 4``, ``Halaman 3 dari 9``)
   and ``Printed By …`` stamps are removed.
4. **Ruled tables** (pdfplumber's table finder, lines strategy): one TAB row per ruled row;
   the lines of a multi-line cell are joined; a word the cell was too narrow for, cut where a
   line ends (``Anggar`` | ``an (Rp.00`` | ``0)``), is joined again (:func:`_cut_word_lines`).
5. **Whitespace-aligned tables** (SIMDA-style and Excel exports without rules): runs of lines
   made of several phrases separated by wide gaps; the column boundaries are the x-ranges no
   phrase of the run covers (the gutters).
6. **Numbers cut at a column edge** (``1.128,`` with ``26`` on the next line; ``525,774,880.0``
   with ``0``): rejoined when the joined text is a well-formed number, otherwise left apart and
   reported; never guessed.
7. Remaining lines become paragraphs (lines joined while they run to the right margin).

A table continued on the next page stays one TAB block (the page marker does not break it);
the reader drops the header rows repeated after a page break.

Examples
--------
>>> rejoin_cut_number("1.128,", "26")
('1.128,26', 'rejoined')
>>> rejoin_cut_number("1.128,", "2.6")
('1.128, 2.6', 'malformed')
>>> rejoin_cut_number("Rp", "26")
('Rp 26', '')
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import zipfile
import zlib
from collections import Counter
from xml.etree import ElementTree
from dataclasses import asdict, dataclass, field
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from .documents import PAGE_MARKER, TAB_BLOCK_MAX_BLANK_LINES, DocumentError
from .vocabulary import SHORT_LINE_START_WORDS
from .layout import Line as _Line
from .layout import Phrase as _Phrase
from .layout import tab_row as _tab_row
from .layout import (ALIGNED_MIN_LINES, WS_MIN_ROWS, aligned_run_end, column_gutters, header_length,
                     numbers_share_a_cell, stack_header_lines, whitespace_cells)
from .numbers import ends_in_cut_number, rejoin_cut_number

__all__ = [
    "CONVERTER_VERSION",
    "PdfError",
    "PageNote",
    "Rendering",
    "CachedRendering",
    "render_pdf",
    "convert_pdf",
    "page_marker",
    "rejoin_cut_number",
    "pdfplumber_version",
    "is_pdf",
    "is_rendered",
    "render_input",
    "RENDERED_SUFFIXES",
    "start_conversions",
]

#: Bumped whenever the rendering of the same PDF changes; cached renderings are redone.
CONVERTER_VERSION = "19"  # 2: X_TOLERANCE 3 -> 1.5 (words set 1.5-3 pt apart were glued); 3: grids split where rows disagree on their columns; 4: words and numbers a narrow cell cut at a line end joined; 5: empty columns of a page kept when wide, numbers cut before a separator rejoined; 6: the rest of a row a page break cut (a one-row grid on the previous table's rules at the page top) read as a row; 7: tables found again on their own region (rules of other tables no longer snap with theirs); 8: a cell line broken after a slash joined without a space; 9: a number cut inside its last group rejoined whatever text follows its rest; 10: with its decimals; 11: tables found again on their region grown to the rules crossing them, taken with as many rows (columns may differ); 12: a cell side the united rules moved past characters of its row put back on the row's own rule; 13: rows a page break cut without rules closed, narrow empty columns drawn again; 14: a word a cell line may have cut joined when the document writes it whole elsewhere; 15: a rectangle over the whole page is no rule; outer table sides stay; a word run past the right rule kept whole; 16: row rules with text between kept apart; 17: a number cut after a currency word's point rejoined, a compound cut after its hyphen joined; 18: a narrow column empty on the page kept when every row draws its cell; outer sides move onto their row's rule; 19: columns of tables without rules set closer than a phrase gap told apart by their alignment, their header lines stacked, set apart from a table of other columns

# ---- tuning constants (all in one place) -------------------------------------------------
#: word extraction: characters closer than this (pt) belong to one word. pdfplumber's default
#: (3) glued words printed 1.5-3 pt apart ('JawaBarat', 'KegiatanPengadaan', 'PerjanjianKinerja'
#: hiding a caption) in the development corpus; at 1.5 every value read the same and those
#: names (33 budget and indicator rows of the DLH Renja) came apart.
X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0
#: a gap wider than this many font sizes separates two phrases of a line (a column gutter)
PHRASE_GAP_EM = 1.0
#: a gap wider than this many font sizes (a word space is about 0.3) may separate two columns
#: of a table printed without rules when the gap lines up over the table's lines
#: (:func:`_aligned_columns`)
ALIGNED_GAP_EM = 0.45
#: ... and when the cells beside it line up (left or right edges or centres) on at least
#: ALIGNED_MIN_LINES (analysis.extract.layout) lines within this many points (:func:`_edges_line_up`)
ALIGNED_EDGE_TOLERANCE = 1.0
#: lines whose tops differ by less than this fraction of the font size form one line
SAME_LINE_EM = 0.5
#: margin zones (fraction of the page height) searched for running headers and footers
MARGIN_TOP = 0.12
MARGIN_BOTTOM = 0.12
#: a margin line recurring (digits ignored) on at least this many pages is a running header/footer
RUNNING_MIN_PAGES = 3
#: whitespace tables: WS_MIN_COLUMNS, WS_MIN_ROWS, WS_MAX_CROSSING in analysis.extract.layout
#: lines of one whitespace table are at most this many line heights apart
WS_MAX_LINE_GAP = 2.0
#: a ruled table needs at least this many rows and columns (else it is a framed paragraph)
RULED_MIN_ROWS = 2
RULED_MIN_COLS = 2
#: a grid of one row is a table row when at least this many of its cells hold text (a
#: table's header row left alone at the foot of a page, its rows moved to the next page),
#: else a framed paragraph
RULED_ONE_ROW_MIN_CELLS = 3
#: a grid cell covers a column edge it reaches past by more than this (pt): :func:`_grid_parts`
GRID_EDGE_TOLERANCE = 1.0
#: a table row cut by a page break without its rule is closed (:func:`_page_cut_rules`) when
#: the page's lowest (highest) column rule ends lie in this fraction of the page's height at its
#: foot (top), at least this many column rules end there, and no text lies within this many pt
#: beyond them
PAGE_CUT_ZONE = 0.25
PAGE_CUT_MIN_RULES = 3
PAGE_CUT_CLEAR = 12.0
#: a rule longer than this share of the page's height (width) is a frame around the page
PAGE_FRAME_SHARE = 0.9
#: how far (pt) the finder's uniting of rules in chains can have moved a cell's side from its
#: row's own rule and the side still be put back there (:func:`_row_rules`): three snap
#: tolerances
ROW_RULE_DRIFT_MAX = 18.0
#: a character reaches over a table's side rule when it runs more than this (pt) past it
#: (:func:`_text_crosses_sides`)
OVER_RULE = 0.5
#: a one-row grid at the top of a page continues the table ending the page before when their
#: column rules lie within this distance (pt) of each other (:func:`_continued_row`)
CONTINUED_ROW_EDGE_TOLERANCE = 2.0
#: a grid column empty in every row of a page's table is kept when at least this wide (pt):
#: narrower ones are slivers between rules drawn a little apart
EMPTY_COLUMN_MIN_WIDTH = 20.0
#: the widest inner margin (pt) of a cell whose text can run from margin to margin: Word's
#: default is 5.4 pt, LibreOffice's 1.9 pt (:func:`_cut_word_lines`)
CELL_MARGIN_MAX = 8.0
#: a line "runs to the right margin" when it ends within this many of its characters' mean
#: width of it (a word processor's break point depends on the next character's width)
CUT_WORD_SLACK_CHARS = 1.5
#: the longest rest of a cut word, in letters, read as such: a longer rest could be a word of
#: its own on the next line (a wrapped name), which is left apart
CUT_WORD_TAIL_MAX = 3
#: consecutive lines of one paragraph are at most this many font sizes apart (1.5 spacing)
PARAGRAPH_GAP_EM = 1.3
#: a paragraph line is continued when it reaches this fraction of the text width
PARAGRAPH_FULL = 0.80
#: share of a page's characters that must run in one direction to turn the page
ROTATED_SHARE = 0.5
#: pdfplumber table finder; a snap tolerance of 6 pt unites the double borders Word draws
#: around every cell (each cell its own rectangle, a few points inside the next)
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                  "snap_tolerance": 6, "join_tolerance": 3, "intersection_tolerance": 3}

_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:halaman|hal|page|lembar)\.?\s*:?\s*)?[ivxlc]*\s*[-–.]?\s*\d{0,4}\s*"
    r"(?:(?:dari|of|/)\s*\d+)?\W*$", re.I)
_PRINTED_BY = re.compile(r"\bprinted\s+by\b|\bdicetak\s+oleh\b", re.I)
_LIST_START = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]\s|[-•●▪*]\s)")


#: What reading a damaged Office file (a zip of XML parts: ``.docx``, ``.xlsx``) can raise
#: besides the archive's own errors; the readers turn each into a :class:`~analysis.extract.documents.DocumentError`
#: naming the file (a part that does not decompress, an unknown XML encoding, a non-number where
#: a number belongs, XML nested too deep).
DAMAGED_ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    ValueError, LookupError, TypeError, EOFError, OSError, NotImplementedError, RuntimeError,
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ElementTree.ParseError)


def read_archive(render, data: bytes, name: str, error: type[DocumentError], what: str):
    """``render(data, name)`` of an Office file, any damage it meets (:data:`DAMAGED_ARCHIVE_ERRORS`)
    raised as ``error`` naming the file and ``what`` it is ('Word file'); the reader's own
    ``error`` passes through."""
    try:
        return render(data, name)
    except error:
        raise
    except DAMAGED_ARCHIVE_ERRORS as exc:
        raise error(f"{name}: damaged {what} ({type(exc).__name__}: {exc})") from exc


class PdfError(DocumentError):
    """A PDF cannot be read (encrypted, damaged, not a PDF); the message names the file."""


@dataclass(frozen=True)
class PageNote:
    """Something the converter reports about a page (shown on the console and in the report).

    ``kind`` is one of ``no_text_layer``, ``blank_page``, ``rotated``, ``sideways_text``,
    ``cut_number_rejoined``, ``cut_number_malformed`` (PDF) and ``hidden_sheet`` (Excel).
    """

    page: int
    kind: str
    message: str


@dataclass
class Rendering:
    """The text rendering of one PDF with its per-page notes."""

    text: str
    pages: int
    notes: list[PageNote] = field(default_factory=list)

    @property
    def pages_without_text(self) -> list[int]:
        return [n.page for n in self.notes if n.kind == "no_text_layer"]


def pdfplumber_version() -> str:
    """Version of pdfplumber and pdfminer.six (part of the cache key)."""
    import pdfminer
    import pdfplumber

    return f"pdfplumber {pdfplumber.__version__}; pdfminer.six {getattr(pdfminer, '__version__', '?')}"


def page_marker(page: int, note: str = "") -> str:
    """The marker line starting page ``page`` of a rendering.

    Examples
    --------
    >>> page_marker(12)
    '<!-- page 12 -->'
    >>> page_marker(3, "no text layer; OCR is not part of this package")
    '<!-- page 3: no text layer; OCR is not part of this package -->'
    """
    line = f"<!-- page {page}: {note} -->" if note else f"<!-- page {page} -->"
    assert PAGE_MARKER.match(line)
    return line


# --------------------------------------------------------------------------------------
# Orientation
# --------------------------------------------------------------------------------------
def _direction(char: dict) -> str:
    a, b, _c, _d, _e, _f = char.get("matrix", (1, 0, 0, 1, 0, 0))
    if abs(a) >= abs(b):
        return "ltr" if a >= 0 else "rtl"
    return "btt" if b > 0 else "ttb"


def _turn_box(obj: dict, direction: str, w: float, h: float) -> dict:
    x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
    if direction == "btt":      # text runs upwards: turn the page clockwise
        nx0, nx1, ntop, nbot = h - bottom, h - top, x0, x1
        nw, nh = h, w
    elif direction == "ttb":    # text runs downwards: turn counter-clockwise
        nx0, nx1, ntop, nbot = top, bottom, w - x1, w - x0
        nw, nh = h, w
    elif direction == "rtl":    # upside down
        nx0, nx1, ntop, nbot = w - x1, w - x0, h - bottom, h - top
        nw, nh = w, h
    else:                       # already left to right: only the upright flags change
        nx0, nx1, ntop, nbot, nw, nh = x0, x1, top, bottom, w, h
    out = dict(obj)
    out.update(x0=nx0, x1=nx1, top=ntop, bottom=nbot, width=nx1 - nx0, height=nbot - ntop,
               y0=nh - nbot, y1=nh - ntop, doctop=ntop)
    if "pts" in out:
        pts = []
        for px, pt in obj["pts"]:
            if direction == "btt":
                pts.append((h - pt, px))
            elif direction == "ttb":
                pts.append((pt, w - px))
            elif direction == "rtl":
                pts.append((w - px, h - pt))
            else:
                pts.append((px, pt))
        out["pts"] = pts
    if obj.get("object_type") == "char":
        # text running in the page's main direction reads as upright after the turn
        out["upright"] = _direction(obj) == direction
    return out


def _turned_page(page: Any, direction: str) -> Any:
    """A pdfplumber page whose objects are turned so ``direction`` text reads left to right."""
    from pdfplumber.page import DerivedPage

    w, h = float(page.width), float(page.height)
    objects = {k: [_turn_box(o, direction, w, h) for o in v if "x0" in o]
               for k, v in page.objects.items()}
    nw, nh = (h, w) if direction in ("btt", "ttb") else (w, h)

    class _Turned(DerivedPage):
        @property
        def objects(self) -> dict:  # type: ignore[override]
            return objects

    turned = _Turned(page)
    turned.bbox = (0, 0, nw, nh)
    return turned


# --------------------------------------------------------------------------------------
# Lines and phrases
# --------------------------------------------------------------------------------------
def _lines_from_words(words: list[dict], gap_em: float = PHRASE_GAP_EM) -> list[_Line]:
    """Group words into lines (by their tops) and each line into phrases (by gaps wider than
    ``gap_em`` font sizes)."""
    words = sorted(words, key=lambda w: (round(w["top"], 1), w["x0"]))
    groups: list[list[dict]] = []
    for w in words:
        size = float(w.get("size") or (w["bottom"] - w["top"]) or 10)
        if groups:
            g = groups[-1]
            ref = sum(x["top"] for x in g) / len(g)
            if abs(w["top"] - ref) <= SAME_LINE_EM * size:
                g.append(w)
                continue
        groups.append([w])
    lines = []
    for g in groups:
        g.sort(key=lambda w: w["x0"])
        sizes = sorted(float(w.get("size") or (w["bottom"] - w["top"]) or 10) for w in g)
        size = sizes[len(sizes) // 2]
        phrases: list[_Phrase] = []
        for w in g:
            if phrases and w["x0"] - phrases[-1].x1 <= gap_em * size:
                p = phrases[-1]
                p.text, p.x1 = p.text + " " + w["text"], max(p.x1, w["x1"])
            else:
                phrases.append(_Phrase(w["x0"], w["x1"], w["text"]))
        lines.append(_Line(min(w["top"] for w in g), max(w["bottom"] for w in g), size, phrases))
    return lines


def _run_ends(lines: list[_Line], i: int) -> int:
    """The end (exclusive) of the run of lines starting at ``i`` that may be one whitespace
    table: lines of two or more phrases, single-phrase lines inside, no vertical gap wider than
    :data:`WS_MAX_LINE_GAP` line heights (the run :func:`_render_page` reads)."""
    j = i
    while j < len(lines):
        ln = lines[j]
        if j > i and ln.top - lines[j - 1].bottom > WS_MAX_LINE_GAP * max(lines[j - 1].size, 1):
            break
        if len(ln.phrases) >= 2 or j > i:
            j += 1
        else:
            break
    return _trimmed(lines, i, j)


def _trimmed(lines: list[_Line], i: int, j: int) -> int:
    """``j`` moved back over the single-phrase lines ending ``lines[i:j]`` (text after a table)."""
    while j > i + 1 and len(lines[j - 1].phrases) == 1:
        j -= 1
    return j


def _split_at(line: _Line, fine: _Line, kept: list[tuple[float, float]]) -> _Line:
    """``line`` with its phrases also split at the gutters ``kept`` where ``fine`` (the same
    line's words grouped by narrow gaps) has a gap across one; a line a word of which crosses a
    gutter (a spanning row, prose) is returned as it is."""
    if any(p.x0 < a and p.x1 > b for p in fine.phrases for a, b in kept):
        return line
    out: list[_Phrase] = []
    for p in fine.phrases:
        if out:
            prev = out[-1]
            cut = any(prev.x1 <= a and p.x0 >= b for a, b in kept)
            coarse = any(q.x0 <= prev.x0 and q.x1 >= p.x1 for q in line.phrases)
            if not cut and coarse:
                prev.text, prev.x1 = prev.text + " " + p.text, max(prev.x1, p.x1)
                continue
        out.append(_Phrase(p.x0, p.x1, p.text))
    return _Line(line.top, line.bottom, line.size, out)


def _edges_line_up(block: list[_Line], gutter: tuple[float, float]) -> bool:
    """Whether the cells beside ``gutter`` line up: on at least :data:`ALIGNED_MIN_LINES` lines
    of ``block`` the phrase right of it starts (or the phrase left of it ends, or either's
    centre lies) within :data:`ALIGNED_EDGE_TOLERANCE` of the same x. A table's columns are set
    flush left, flush right or centred; the word gaps of justified prose that happen to line up
    over a few lines have the words beside them set anywhere."""
    a, b = gutter
    edges: list[list[float]] = [[], [], [], []]
    for ln in block:
        left = [p for p in ln.phrases if p.x1 <= a]
        right = [p for p in ln.phrases if p.x0 >= b]
        if left:
            edges[0].append(left[-1].x1)
            edges[1].append((left[-1].x0 + left[-1].x1) / 2)
        if right:
            edges[2].append(right[0].x0)
            edges[3].append((right[0].x0 + right[0].x1) / 2)
    for xs in edges:
        xs.sort()
        for k in range(len(xs) - ALIGNED_MIN_LINES + 1):
            if xs[k + ALIGNED_MIN_LINES - 1] - xs[k] <= ALIGNED_EDGE_TOLERANCE:
                return True
    return False


def _aligned_columns(lines: list[_Line], fine: list[_Line]) -> tuple[list[_Line], dict[int, int]]:
    """Columns set closer than a phrase gap (a table printed without rules, its cells padded by
    a few points: wrapped cell lines nearly touch the next column) found by their alignment.

    ``fine`` holds the same lines with words grouped at :data:`ALIGNED_GAP_EM` (narrower than
    a phrase gap, wider than a word space). Where a run of fine lines reads as a whitespace
    table (:func:`analysis.extract.layout.column_gutters`: gutters no more than
    :data:`~analysis.extract.layout.WS_MAX_CROSSING` of the lines write across, so not the
    chance alignment of word gaps in prose), each at least :data:`ALIGNED_GAP_EM` wide and
    with the cells beside it lined up (:func:`_edges_line_up`), each line's phrases are also
    split at those gutters. Returns the lines and, by ``id`` of each line of such a run, the
    run's number: :func:`_render_page` reads each run as one table."""
    out = list(lines)
    block_of: dict[int, int] = {}
    i = 0
    while i < len(fine):
        min_gap = ALIGNED_GAP_EM * fine[i].size
        j = _trimmed(fine, i, aligned_run_end(fine, i, _run_ends(fine, i), min_gap))
        kept = column_gutters(fine[i:j]) if j - i >= WS_MIN_ROWS else None
        if kept is not None and not all(g[1] - g[0] >= min_gap and _edges_line_up(fine[i:j], g) for g in kept):
            kept = None  # a gap that does not line up: columns that cannot all be told apart
        if not kept:
            i += 1
            continue
        # lines of one phrase right below, within one column other than the first: the rest of
        # a cell wrapped at the table's end
        end = _run_ends(fine, i)
        while j < end and len(fine[j].phrases) == 1 and kept[0][1] <= fine[j].phrases[0].x0 and \
                not any(p.x0 < a and p.x1 > b for p in fine[j].phrases for a, b in kept):
            j += 1
        for k in range(i, j):
            out[k] = _split_at(lines[k], fine[k], kept)
            block_of[id(out[k])] = i
        i = j
    return out, block_of


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------
def _clean_cell(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _join_cut_words(chars: list[dict], bbox: tuple, text: str) -> str:
    """The text of a cell (lines joined by ``\n``) with each word cut at a line end joined
    again (:func:`_cut_word_lines`; ``chars``: the characters of the cell's table): ``Anggar\nan
    (Rp.00\n0)`` is ``Anggaran (Rp.000)``. A line end that may cut a word (``Koordi\nnasi``)
    gets :data:`CUT_WORD_MARK` between the two parts, for the document's own words to decide
    (:func:`resolve_cut_words`)."""
    lines = text.split("\n")
    cut = _cut_word_lines(chars, bbox, len(lines))
    if not cut:
        return text
    out = [lines[0]]
    for k in range(1, len(lines)):
        if k - 1 in cut:
            out[-1] = out[-1].rstrip() + ("" if cut[k - 1] else CUT_WORD_MARK) + lines[k].lstrip()
        else:
            out.append(lines[k])
    return "\n".join(out)


#: Between the two parts of a word a cell's line end may have cut (:func:`_join_cut_words`),
#: until :func:`resolve_cut_words` joins them or puts a space (a private-use character: never
#: in a document's text)
CUT_WORD_MARK = "\ue000"
_MARKED_CUT = re.compile(r"([^\W\d_]+)\ue000([^\W\d_]+)")
_MARKED_PAIR = re.compile(r"\S*\ue000\S*")
_LETTER_WORD = re.compile(r"[^\W\d_]+")


def resolve_cut_words(text: str) -> tuple[str, int]:
    """``text`` with each word part pair marked by :data:`CUT_WORD_MARK` joined when the
    document writes the joined word elsewhere and not both parts as words of their own, else
    set apart by a space; and how many were joined.

    A narrow cell breaks a word wider than itself where its line is full (``Tindakl`` |
    ``anjut penan`` | ``ganan``), and also wraps a name at a space after a word that happens to
    fill the line (``Program`` | ``pembinaan``): the geometry is the same. The document's other
    text tells them apart: *penanganan* is written whole elsewhere, *penan* and *ganan* are not.

    Examples
    --------
    >>> resolve_cut_words("penanganan pengaduan; Tindak lanjut penan\ue000ganan peng\ue000aduan")
    ('penanganan pengaduan; Tindak lanjut penanganan pengaduan', 2)
    >>> resolve_cut_words("Program\ue000pembinaan; pembinaan program")  # both words: apart
    ('Program pembinaan; pembinaan program', 0)
    """
    if CUT_WORD_MARK not in text:
        return text, 0
    words = Counter(w.lower() for w in _LETTER_WORD.findall(_MARKED_PAIR.sub(" ", text)))
    joined = 0

    def decide(m: re.Match[str]) -> str:
        nonlocal joined
        a, b = m.group(1), m.group(2)
        if words[(a + b).lower()] and not (words[a.lower()] and words[b.lower()]):
            joined += 1
            return a + b
        return f"{a} {b}"

    text = _MARKED_CUT.sub(decide, text)
    return text.replace(CUT_WORD_MARK, " "), joined


def _join_cell_lines(parts: list[str], page: int, notes: list[PageNote]) -> str:
    out = ""
    for part in parts:
        part = _clean_cell(part)
        if not part:
            continue
        joined, status = rejoin_cut_number(out, part)
        if status == "rejoined":
            notes.append(PageNote(page, "cut_number_rejoined",
                                  f"page {page}: number cut at a column edge rejoined: {joined!r}"))
        elif status == "malformed":
            notes.append(PageNote(page, "cut_number_malformed",
                                  f"page {page}: number cut at a column edge does not rejoin into a "
                                  f"well-formed number, left apart: {joined!r}"))
        out = joined
    return out


def _cut_word_lines(chars: list[dict], bbox: tuple, n_lines: int) -> dict[int, bool]:
    """The lines ``k`` of a cell whose last word goes on at the start of line ``k + 1`` (True),
    or may (False): a word wider than its cell, which a word processor breaks where the line
    ends (``Anggar`` | ``an (Rp.00`` | ``0)``, ``Dokume`` | ``n``), without a hyphen.

    A word is broken only when it does not fit on a line of its own, so such a line holds that
    one word and runs from the cell's left margin to its right one (within
    :data:`CUT_WORD_SLACK_CHARS` of its characters' mean width; the margin is the smallest gap
    between the cell's text and its left rule, at most :data:`CELL_MARGIN_MAX`). Empty when the
    cell's words (``chars``: the characters of its table) do not fall into ``n_lines`` lines.

    Only a rest that cannot be a word of its own is joined: digits after a number cut after a
    digit or separator (``(Rp.00`` | ``0)``; not ``Level`` | ``3``), a closing bracket, or at
    most :data:`CUT_WORD_TAIL_MAX` lower-case letters that are no short word
    (:data:`~analysis.extract.vocabulary.SHORT_LINE_START_WORDS`: ``an``, ``n``, ``ur``; not
    ``dan``). A longer rest (``Koordi`` | ``nasi``), or a lower-case word after a line of several
    words whose last one ends at the right margin (``anjut penan`` | ``ganan``), may continue a
    cut word: a word filling a narrow cell's line and a lower-case word after it are also how
    names wrap, and :func:`resolve_cut_words` decides by the document's own words."""
    from pdfplumber.utils import extract_words

    x0, top, x1, bottom = bbox
    # the characters whose centre is inside the cell (a character's box may reach past the
    # rules; the next row's text, which a crop to the cell would cut, is not the cell's)
    mine = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    words = extract_words(mine, x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= Y_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    if len(lines) != n_lines or n_lines < 2:
        return {}
    margin = min(ln[0]["x0"] for ln in lines) - x0
    if margin > CELL_MARGIN_MAX:
        return {}
    out: dict[int, bool] = {}
    for k in range(n_lines - 1):
        first, w, nxt = lines[k][0], lines[k][-1], lines[k + 1][0]["text"]
        slack = CUT_WORD_SLACK_CHARS * (w["x1"] - w["x0"]) / max(len(w["text"]), 1)
        full = first["x0"] - x0 <= margin + slack and x1 - w["x1"] <= margin + slack
        if not full or w["text"][-1] in ",;:-–":
            continue
        rest = nxt.rstrip(".,;:)]")
        if len(lines[k]) == 1 and ((nxt[0].isdigit() and w["text"][-1] in "0123456789.,") or nxt[0] in ")]" or (
                nxt[0].islower() and len(rest) <= CUT_WORD_TAIL_MAX and rest.isalpha()
                and rest.lower() not in SHORT_LINE_START_WORDS)):
            out[k] = True
        elif nxt[0].islower() and rest.isalpha() and w["text"].isalpha():
            out[k] = False
    return out


def _recover_uncovered_cells(page: Any, table: Any, rows: list[list[str | None]]) -> list[list[str]]:
    """Text of grid positions pdfplumber leaves without a cell although no neighbouring cell
    spans them (a border segment missing from the drawing): read from the column's x-range
    within the row, so no printed value inside a table is lost."""
    n = max((len(r) for r in rows), default=0)
    xs: list[tuple[float, float] | None] = [None] * n
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            if cell is not None and xs[j] is None and j + 1 < n and row.cells[j + 1] is not None:
                xs[j] = (cell[0], cell[2])
            elif cell is not None and xs[j] is None and j + 1 == n:
                xs[j] = (cell[0], cell[2])
    boxes = [c for row in table.rows for c in row.cells if c is not None]
    out = []
    for row, texts in zip(table.rows, rows):
        cells = [c if c is not None else "" for c in texts]
        for j, cell in enumerate(row.cells):
            if cell is not None or xs[j] is None:
                continue
            x0, x1 = xs[j]
            top, bottom = row.bbox[1], row.bbox[3]
            cx, cy = (x0 + x1) / 2, (top + bottom) / 2
            if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
                continue  # covered by a merged cell (spanning from the left or from above)
            inner = page.crop((x0, top, x1, bottom), strict=False)
            cells[j] = inner.extract_text(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE) or ""
        out.append(cells)
    return out


def _column_edges(table: Any, keep: list[int]) -> tuple[float, ...]:
    """The x positions of the rules of a grid's columns ``keep`` (left edges and the right end)."""
    cols = list(table.columns)
    if not keep or len(cols) <= max(keep):
        return ()
    return tuple(round(cols[j].bbox[0], 1) for j in keep) + (round(cols[keep[-1]].bbox[2], 1),)


def _own_rules(page: Any, tables: list, settings: dict | None = None) -> list:
    """Each table found again on its own region of the page, when the page holds several: the
    finder unites rules less than the snap tolerance apart over the whole page, in chains, and
    the rules of tables laid out one under the other with other widths (``428 | 431 | 434 |
    437`` pt) became one rule in the middle of each: a cell's first characters went to its
    neighbour (``7 | 5%`` for ``75%``), a table's last column was cut (``20 | 22`` for
    ``2022``) or moved under its neighbour. On its own region a table's rules unite only with its
    own (a word processor's double borders). The region is the table's box grown to the rules
    that cross it (:func:`_rules_box`: the united rules may end short of the table's own); the
    table found there that overlaps the page's reading most is taken when it has as many rows
    (its columns may differ: the page's reading may have merged or cut them), and when its
    columns do differ, only if no text runs out over its left or right rule
    (:func:`_text_crosses_sides`: rules that do not frame the text are no grid of it, and the
    text past them would be lost); otherwise the page's reading stays."""
    if len(tables) < 2:
        return tables
    edges = page.edges
    out = []
    for t in tables:
        x0, top, x1, bottom = _rules_box(t.bbox, edges)
        region = page.crop((x0 - 1, top - 1, x1 + 1, bottom + 1), strict=False)
        again = region.find_tables(settings or TABLE_SETTINGS)
        best = max(again, key=lambda a: _overlap(a.bbox, t.bbox), default=None)
        own = best is not None and len(best.rows) == len(t.rows) and (
            len(best.columns) == len(t.columns) or not _text_crosses_sides(page.chars, best.bbox))
        out.append(best if own else t)
    return out


def _row_snap(page: Any) -> float | None:
    """A snap tolerance for the page's row rules below :data:`TABLE_SETTINGS`' when two of its
    rules closer than that hold a line of text between them (a row of a spreadsheet printed to
    fit the page's width, 4-5 pt high): united, the two rows became one and a total's amount
    went into the row above (``100,000 7,535,604``). Rules that close with no text between are
    a word processor's double borders, which the page's tolerance still unites. None when the
    page has no such row."""
    snap = TABLE_SETTINGS["snap_tolerance"]
    rules: list[tuple[float, float, float]] = []  # (y, x0, x1), one per distinct height and run
    for e in sorted((e for e in page.edges if e["orientation"] == "h"), key=lambda e: (round(e["top"], 1), e["x0"])):
        if rules and abs(rules[-1][0] - e["top"]) <= GRID_EDGE_TOLERANCE and e["x0"] <= rules[-1][2] + 1:
            rules[-1] = (rules[-1][0], rules[-1][1], max(rules[-1][2], e["x1"]))
        else:
            rules.append((e["top"], e["x0"], e["x1"]))
    rules.sort()
    chars = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c["bottom"] - c["top"]) for c in page.chars)
    mids = [c[0] for c in chars]
    gaps = []
    for k, (y, a0, a1) in enumerate(rules):
        for y2, b0, b1 in rules[k + 1:]:
            if y2 - y > snap:
                break
            if y2 - y <= GRID_EDGE_TOLERANCE or min(a1, b1) <= max(a0, b0):
                continue
            lo, hi = max(a0, b0), min(a1, b1)
            between = chars[bisect.bisect_right(mids, y):bisect.bisect_left(mids, y2)]
            if any(lo <= x <= hi and height < y2 - y + 1 for _, x, height in between):
                gaps.append(y2 - y)
    return max(GRID_EDGE_TOLERANCE, min(gaps) - GRID_EDGE_TOLERANCE) if gaps else None


def _page_cut_rules(page: Any) -> list[dict]:
    """Rules to close a table row a page break cut without drawing its rule (as browsers print
    a row split across pages): the column rules at the foot of the page all end at one height
    (the page's lowest rule ends) with no rule across them there and no text just below, or at
    the top of the page all start at one height with none across them and no text just above.
    Without it the finder sees no cell, and the cut row's text was read as a line of prose
    (``2 Pembinaan Tata Terlaksananya 1 keg. 100,000 2 keg. …``).

    Only the page's outermost rule ends count, in its lower or upper quarter
    (:data:`PAGE_CUT_ZONE`), with at least :data:`PAGE_CUT_MIN_RULES` column rules: where a word
    processor prints the row's rule, or a header cell's rules end inside a table, nothing is
    added."""
    # a frame around the whole page is no column rule
    vertical = [e for e in page.edges if e["orientation"] == "v"
                and 2 <= e["bottom"] - e["top"] <= page.height * PAGE_FRAME_SHARE]
    if not vertical:
        return []
    horizontal = [e for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] <= page.width * PAGE_FRAME_SHARE]
    out = []
    for y, at_foot in ((max(e["bottom"] for e in vertical), True), (min(e["top"] for e in vertical), False)):
        if (y < page.height * (1 - PAGE_CUT_ZONE)) if at_foot else (y > page.height * PAGE_CUT_ZONE):
            continue
        xs: list[float] = []
        for x in sorted(e["x0"] for e in vertical if abs((e["bottom"] if at_foot else e["top"]) - y) <= 1):
            if not xs or x - xs[-1] > GRID_EDGE_TOLERANCE:
                xs.append(x)
        if len(xs) < PAGE_CUT_MIN_RULES:
            continue
        gaps = [(a, b) for a, b in zip(xs, xs[1:]) if b - a > 2 * GRID_EDGE_TOLERANCE]
        ruled = [g for g in gaps if any(abs(h["top"] - y) <= 1 and h["x0"] <= g[0] + 1 and h["x1"] >= g[1] - 1
                                        for h in horizontal)]
        if not gaps or ruled:
            continue
        near = [c for c in page.chars if xs[0] <= (c["x0"] + c["x1"]) / 2 <= xs[-1]
                and (y < c["top"] < y + PAGE_CUT_CLEAR if at_foot else y - PAGE_CUT_CLEAR < c["bottom"] < y)]
        if near:
            continue
        out.append({"object_type": "line", "x0": xs[0], "x1": xs[-1], "top": y, "bottom": y,
                    "width": xs[-1] - xs[0], "height": 0.0})
    return out


def _row_rules(table: Any) -> Any:
    """The table with a cell's side put back on its own row's rule where the finder moved it past
    characters of the row.

    The finder unites column rules less than the snap tolerance apart over the whole table: two
    tables drawn against each other (a browser's or a converter's stacked tables, each with its
    own column widths) whose rules lie 2-6 pt apart get one rule between them, and a number
    written near its cell's side lost its first digit to the neighbouring cell (``1 keg. 1 |
    65,000`` for ``1 keg. | 165,000``); united in chains, a rule can move further than the
    tolerance. A side is moved only where its row has no rule of its own within
    :data:`GRID_EDGE_TOLERANCE` of it, the nearest rule of the row lies within
    :data:`ROW_RULE_DRIFT_MAX`, and a character of the row lies between the two (Word's double
    borders, a few points apart in every row with no text between them, stay united). Rows whose sides moved
    get columns of their own, which :func:`_grid_parts` lays out as it does for tables drawn
    against each other with rules further apart."""
    page = table.page
    x0, top, x1, bottom = table.bbox
    drift = ROW_RULE_DRIFT_MAX
    rules = [(e["x0"], e["top"], e["bottom"]) for e in page.edges
             if e["orientation"] == "v" and x0 - drift <= e["x0"] <= x1 + drift
             and e["bottom"] >= top and e["top"] <= bottom]
    chars = [c for c in page.chars if top <= (c["top"] + c["bottom"]) / 2 <= bottom
             and x0 - drift <= (c["x0"] + c["x1"]) / 2 <= x1 + drift]
    if not rules or not chars:
        return table
    sides: dict[tuple[float, float, float], float] = {}

    def side(x: float, ctop: float, cbottom: float) -> float:
        key = (x, ctop, cbottom)
        if key not in sides:
            mid = (ctop + cbottom) / 2
            near = sorted((abs(r - x), r) for r, rtop, rbottom in rules
                          if rtop <= mid <= rbottom and abs(r - x) <= drift)
            sides[key] = x
            if near and near[0][0] > GRID_EDGE_TOLERANCE:
                r = near[0][1]
                lo, hi = min(r, x), max(r, x)
                if any(ctop <= (c["top"] + c["bottom"]) / 2 < cbottom and lo <= (c["x0"] + c["x1"]) / 2 < hi
                       for c in chars):
                    sides[key] = r
        return sides[key]

    cells = [(side(c[0], c[1], c[3]), c[1], side(c[2], c[1], c[3]), c[3]) for c in table.cells]
    if cells == list(table.cells) or any(c[0] >= c[2] for c in cells):
        return table
    from pdfplumber.table import Table

    return Table(page, cells)


def _grid_reading(page: Any, t: Any, narrow: set[float]) -> tuple[list[list[str]], list[int], list]:
    """(cell texts per row, grid columns kept, parts by :func:`_grid_parts`) of a ruled grid:
    pdfplumber's cells, the text of positions it leaves without a cell, words a narrow cell cut
    at its line ends joined, and the empty columns left out that are slivers between rules."""
    rows = t.extract(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
    rows = _recover_uncovered_cells(page, t, rows)
    # words a narrow cell broke at its line ends are joined again (_cut_word_lines)
    if any(text and "\n" in text for row in rows for text in row):
        tx0, ttop, tx1, tbottom = t.bbox
        chars = [c for c in page.chars if tx0 - 1 <= (c["x0"] + c["x1"]) / 2 <= tx1 + 1
                 and ttop - 1 <= (c["top"] + c["bottom"]) / 2 <= tbottom + 1]
        rows = [[_join_cut_words(chars, cell, text) if cell is not None and text and "\n" in text else text
                 for cell, text in zip(trow.cells, row)] for trow, row in zip(t.rows, rows)]
    # grid columns empty in every row are artefacts of ruling segments (slivers between
    # rules a little apart): left out; a column as wide as a column of text is the table's
    # own, empty on this page (a year without values on a continuation page), and stays,
    # or the columns right of it would move under the wrong header; so do the narrow empty
    # columns drawn again (``narrow``: where they start)
    width = max((len(r) for r in rows), default=0)
    columns = list(t.columns)
    widths = [c.bbox[2] - c.bbox[0] for c in columns] if len(columns) == width else [0.0] * width
    starts = [c.bbox[0] for c in columns] if len(columns) == width else [None] * width
    # a narrow column empty in every row is kept too when every row draws a cell of its own
    # there: a browser's 'No' column on a page of sub-rows (its numbers on the page before);
    # slivers between other rows' rules are covered by those rows' cells
    drawn = [len(t.rows) >= 2 and all(j < len(tr.cells) and tr.cells[j] is not None for tr in t.rows)
             for j in range(width)]
    keep = [j for j in range(width)
            if any(j < len(r) and r[j].strip() for r in rows) or widths[j] >= EMPTY_COLUMN_MIN_WIDTH
            or starts[j] in narrow or drawn[j]]
    return rows, keep, _grid_parts(t, rows, keep)


def _past_right_rule(table: Any) -> Any:
    """The table with its last cells reaching over the words a row's text runs past the table's
    right rule (a cell's line set wider than the cell, an Excel cell spilling over): a word
    across the rule (``Wajar Tanpa Pengecuali|an``) lost the characters whose centre is past
    it. Only the run of characters (at most :data:`X_TOLERANCE` apart) that starts across the
    rule is taken, not text further right."""
    page = table.page
    x0, top, x1, bottom = table.bbox
    across = [c for c in page.chars if c["x0"] < x1 < c["x1"] and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    if not across:
        return table
    reach: dict[float, float] = {}  # a character's line (its top) -> the end of the run past the rule
    right = sorted((c for c in page.chars if c["x0"] >= x1 - 1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom),
                   key=lambda c: c["x0"])
    for c in across:
        end = c["x1"]
        for d in right:
            if abs(d["top"] - c["top"]) <= Y_TOLERANCE and end - X_TOLERANCE <= d["x0"] <= end + X_TOLERANCE:
                end = max(end, d["x1"])
        reach[c["top"]] = max(reach.get(c["top"], x1), end)
    cells = []
    for cell in table.cells:
        ends = [e for t, e in reach.items() if cell[1] <= t < cell[3]]
        cells.append((cell[0], cell[1], max(ends), cell[3]) if cell[2] == x1 and ends else cell)
    if cells == list(table.cells):
        return table
    from pdfplumber.table import Table

    return Table(page, cells)


def _narrow_columns(table: Any) -> tuple[Any, set[float]]:
    """The table with the narrow empty columns the finder united away drawn again, and where
    they start.

    A browser gives an empty column the width of its padding (4-7 pt): less than the snap
    tolerance, its two rules are united into one and the column is gone, so a row of a table
    without the column's header (a table drawn against the one above, each with its own
    widths) had its values read one column to the left (one year early). Word draws each cell
    as its own rectangle, the rules of neighbouring cells about 5 pt apart: two rules near one
    side are a double border there. So rules are told apart by the row: each of its rules goes
    to the nearest cell side (within :data:`ROW_RULE_DRIFT_MAX`); where fewer than half of the
    sides have two or more (single borders), the rules of such a side are the sides of narrow
    columns between its neighbours, drawn again as empty cells (kept as columns however narrow:
    ``_ruled_tables``); the other sides stay where the finder put them. A row of double borders is left
    as found."""
    page = table.page
    drift = ROW_RULE_DRIFT_MAX
    x0, top, x1, bottom = table.bbox
    vertical = [e for e in page.edges if e["orientation"] == "v" and x0 - drift <= e["x0"] <= x1 + drift
                and e["bottom"] >= top and e["top"] <= bottom]
    if not vertical:
        return table, set()
    by_row: dict[tuple[float, float], list[tuple]] = {}
    for c in table.cells:
        by_row.setdefault((c[1], c[3]), []).append(c)
    cells: list[tuple] = []
    narrow: set[float] = set()
    for (ctop, cbottom), row in by_row.items():
        mid = (ctop + cbottom) / 2
        sides = sorted({c[0] for c in row} | {c[2] for c in row})
        near: dict[float, list[float]] = {s: [] for s in sides}
        inner = [s for s in sides if s not in (x0, x1)]  # the outer sides: a frame, no column
        for x in sorted(e["x0"] for e in vertical if e["top"] <= mid <= e["bottom"]):
            s = min(sides, key=lambda v: abs(v - x))
            if s in inner and abs(s - x) <= drift and (not near[s] or x - near[s][-1] > GRID_EDGE_TOLERANCE):
                near[s].append(x)
        groups = [v for v in near.values() if len(v) >= 2]
        if not groups or len(groups) * 2 >= len(inner):
            cells.extend(row)  # double borders (or no rule united with another): as found
            continue
        for c in row:
            left = near[c[0]][-1] if len(near[c[0]]) >= 2 else c[0]
            right = near[c[2]][0] if len(near[c[2]]) >= 2 else c[2]
            cells.append((left, ctop, right, cbottom))
        for v in groups:
            for a, b in zip(v, v[1:]):
                cells.append((a, ctop, b, cbottom))
                narrow.add(a)
    if not narrow or any(c[0] >= c[2] for c in cells):
        return table, set()
    from pdfplumber.table import Table

    return Table(page, cells), narrow


def _text_crosses_sides(chars: list, bbox: tuple) -> bool:
    """Whether a character beside the box (x0, top, x1, bottom), at the height of its rows,
    reaches over its left or right side (text set past a table's rule)."""
    x0, top, x1, bottom = bbox
    return any(top < (c["top"] + c["bottom"]) / 2 < bottom
               and (c["x0"] < x1 < c["x1"] - OVER_RULE or c["x0"] + OVER_RULE < x0 < c["x1"]) for c in chars)


def _rules_box(bbox: tuple, edges: list) -> tuple[float, float, float, float]:
    """``bbox`` (x0, top, x1, bottom) grown to the page's rules that cross it: horizontal rules
    passing through it to their ends, vertical ones to theirs (one step: not to the rules those
    cross in turn, which would reach the tables above and below)."""
    x0, top, x1, bottom = bbox
    nx0, ntop, nx1, nbottom = bbox
    for e in edges:
        if e["orientation"] == "h":
            if top - 1 <= e["top"] <= bottom + 1 and e["x0"] <= x1 + 1 and e["x1"] >= x0 - 1:
                nx0, nx1 = min(nx0, e["x0"]), max(nx1, e["x1"])
        elif x0 - 1 <= e["x0"] <= x1 + 1 and e["top"] <= bottom + 1 and e["bottom"] >= top - 1:
            ntop, nbottom = min(ntop, e["top"]), max(nbottom, e["bottom"])
    return nx0, ntop, nx1, nbottom


def _overlap(a: tuple, b: tuple) -> float:
    """The area two boxes (x0, top, x1, bottom) have in common."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _ruled_tables(page: Any, page_no: int, notes: list[PageNote],
                  fragments: list | None = None, edges: list | None = None) -> list[tuple[tuple, list[str]]]:
    """(bbox, TAB rows) of the ruled tables of a page. One-row grids too sparse to be a row
    by themselves go to ``fragments`` as (bbox, TAB row, column edges); the column edges of
    each table kept go to ``edges`` as (bottom, edges)."""
    out = []
    cuts = _page_cut_rules(page)
    settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": cuts} if cuts else TABLE_SETTINGS
    row_snap = _row_snap(page)
    if row_snap is not None:
        settings = {**settings, "snap_y_tolerance": row_snap}
    found = page.find_tables(settings)
    boxes = [tuple(t.bbox) for t in found]

    def nested(b: tuple) -> bool:  # a box drawn inside a bigger table belongs to that table
        return any(o != b and o[0] <= b[0] + 1 and o[1] <= b[1] + 1 and o[2] >= b[2] - 1
                   and o[3] >= b[3] - 1 for o in boxes)

    for t in _own_rules(page, [t for t in found if not nested(tuple(t.bbox))], settings):
        t = _past_right_rule(_row_rules(t))
        rows, keep, parts = _grid_reading(page, t, set())
        if len({len(p[0]) for _, p in parts if p}) > 1:
            # parts on other columns (tables drawn against each other): the narrow empty
            # columns the finder united away are drawn again
            t2, narrow = _narrow_columns(t)
            if narrow:
                t = t2
                rows, keep, parts = _grid_reading(page, t, narrow)
        n_rows = sum(len(p) for _, p in parts)
        if n_rows < RULED_MIN_ROWS and not (
                n_rows == 1 and sum(1 for c in parts[0][1][0] if c.strip()) >= RULED_ONE_ROW_MIN_CELLS):
            if n_rows == 1 and fragments is not None and len(keep) >= RULED_MIN_COLS and len(parts) == 1:
                cells = [_join_cell_lines(c.split("\n"), page_no, notes).replace("\t", " ") for c in parts[0][1][0]]
                fragments.append((tuple(t.bbox), _tab_row(cells), _column_edges(t, keep)))
            continue
        if max((len(r) for _, p in parts for r in p), default=0) < RULED_MIN_COLS:
            continue
        if max((len({j for r in p for j, c in enumerate(r) if c.strip()}) for _, p in parts),
               default=0) < RULED_MIN_COLS:
            continue
        last = n_rows - 1
        k = 0
        for top, p in parts:
            tab_rows = []
            for r in p:
                cells = [_join_cell_lines(c.split("\n"), page_no, notes).replace("\t", " ") for c in r]
                filled = [c for c in cells if c]
                at_frame = k in (0, last)
                k += 1
                if not filled:
                    continue
                if at_frame and len(filled) == 1 and _PAGE_NUMBER.fullmatch(filled[0]):
                    continue  # a page-number box drawn against the table's frame
                tab_rows.append(_tab_row(cells))
            bbox = (t.bbox[0], top, t.bbox[2], t.bbox[3]) if len(parts) > 1 else tuple(t.bbox)
            out.append((bbox, tab_rows))
        if edges is not None and len(parts) == 1:
            edges.append((t.bbox[3], _column_edges(t, keep)))
    return out


def _grid_parts(table: Any, rows: list[list[str]], keep: list[int]) -> list[tuple[float, list[list[str]]]]:
    """The rows of a ruled grid laid out on the columns each row really has, split where the
    rows stop agreeing on them: (top, rows) per part.

    pdfplumber makes one grid of every ruling that touches: two tables drawn one under the
    other with other column widths (a converter's or word processor's stacked tables), or a row
    whose borders were dragged, give a grid with a column edge that only some rows have. Each
    row's cell then sits in another grid column (``Anggaran`` under the first table's ``|  |``
    and over the second's), and the values of the second table were read under the first
    table's labels. A row's column edges are the grid's edges where one of its cells starts
    (a cell spanning from the left hides the edges it covers; one spanning from above does
    not). Consecutive rows whose edges are one a subset of the other (a header cell spanning
    sub-columns, a section row across the table) share one part; a row with an edge the part
    lacks while lacking one of the part's edges starts a new part. Each part's cells go in its
    own columns; consecutive parts with as many columns stay one table (the rows line up by
    position), others are separate tables. A grid whose rows agree (nearly every one) gives its
    rows as before. Only the grid columns ``keep`` (those with text in some row) are columns.
    """
    whole = [[r[j] if j < len(r) else "" for j in keep] for r in rows]
    if len(table.rows) != len(rows) or len(rows) < 2:
        return [(table.bbox[1], whole)]
    width = max((len(r.cells) for r in table.rows), default=0)
    col_x: list[float | None] = [None] * width
    for r in table.rows:
        for j, c in enumerate(r.cells):
            if c is not None and (col_x[j] is None or c[0] < col_x[j]):
                col_x[j] = c[0]
    edges: list[frozenset[int]] = []
    for r in table.rows:
        starts = set()
        reach = None  # right edge of the last cell that started left of here
        for j, c in enumerate(r.cells):
            if c is not None:
                starts.add(j)
                reach = c[2]
            elif col_x[j] is not None and not (reach is not None and reach > col_x[j] + GRID_EDGE_TOLERANCE):
                starts.add(j)  # covered from above, or no cell at all (text recovered): an edge
        edges.append(frozenset(starts.intersection(keep)))
    runs: list[list[int]] = [[0]]
    union = set(edges[0])
    for i in range(1, len(rows)):
        e = edges[i]
        if e <= union or union <= e:
            union |= e
            runs[-1].append(i)
        else:
            runs.append([i])
            union = set(e)
    if len(runs) == 1:
        return [(table.bbox[1], whole)]
    parts: list[tuple[float, list[list[str]]]] = []
    for run in runs:
        cols = sorted(set().union(*(edges[i] for i in run)))
        laid = [[rows[i][j] if j in edges[i] and j < len(rows[i]) else "" for j in cols] for i in run]
        top = table.rows[run[0]].bbox[1]
        if parts and len(parts[-1][1][0]) == len(cols):
            parts[-1][1].extend(laid)  # as many columns: one table, rows lined up by position
        else:
            parts.append((top, laid))
    return parts


def _centred_rows(cells_of_lines: list[list[str]]) -> bool:
    """Whether a table without rules sets its rows' cells centred on the row's height: a line
    opening a row (its first cell set) leaves a column empty that the lines right above and
    below it, both wrapped lines (first cell empty), fill. Set flush top, a row's first line
    holds the first line of each of its cells; centred, which wrapped lines belong to which row
    is not printed anywhere, and reading them as flush top joins one row's name to another's.

    >>> _centred_rows([["", "Pembinaan Perpustakaan", ""], ["1", "", "67.682.140"], ["", "Perpustakaan", ""]])
    True
    >>> _centred_rows([["1", "Pembinaan Perpustakaan", "67.682.140"], ["", "Perpustakaan", ""], ["2", "Gemar", "5"]])
    False
    """
    for k in range(1, len(cells_of_lines) - 1):
        above, here, below = cells_of_lines[k - 1], cells_of_lines[k], cells_of_lines[k + 1]
        if here[0] and not above[0] and not below[0] and any(
                not here[j] and above[j] and below[j] for j in range(1, min(len(above), len(here), len(below)))):
            return True
    return False


def _whitespace_table(block: list[_Line], page_no: int, notes: list[PageNote],
                      stack_header: bool = False) -> list[str] | None:
    """TAB rows of a run of multi-phrase lines (:func:`analysis.extract.layout.whitespace_cells`),
    or None when the run is not a table; a line of bare digits under cells cut after a
    separator is the rest of those numbers (rejoined, :func:`rejoin_cut_number`). With
    ``stack_header``, the header's lines (:func:`~analysis.extract.layout.header_length`) are
    its rows of labels, wrapped labels joined (:func:`~analysis.extract.layout.stack_header_lines`)."""
    cells_of_lines = whitespace_cells(block)
    if cells_of_lines is None or numbers_share_a_cell(block, cells_of_lines):
        return None  # no table, or columns too close to tell apart (the lines stay text)
    if stack_header:
        n = header_length(block, cells_of_lines)
        if _centred_rows(cells_of_lines[n:]):
            return None  # which lines make a row is not printed (the lines stay text)
        if n >= 2:
            cells_of_lines = stack_header_lines(cells_of_lines[:n]) + cells_of_lines[n:]
    rows: list[list[str]] = []
    for cells in cells_of_lines:
        # a line of bare digits under cells cut after a separator: the rest of those numbers
        if rows and all(not c or re.fullmatch(r"\d{1,3}%?", c) for c in cells) and any(cells):
            prev = rows[-1]
            if all(not c or ends_in_cut_number(prev[j], grouped=False) for j, c in enumerate(cells)):
                for j, c in enumerate(cells):
                    if c:
                        prev[j] = _join_cell_lines([prev[j], c], page_no, notes)
                continue
        rows.append(cells)
    return [_tab_row(r) for r in rows]


# --------------------------------------------------------------------------------------
# Running headers and footers
# --------------------------------------------------------------------------------------
def _margin_key(line: _Line) -> str:
    """The text of a margin line with numbers (arabic and roman: 'III - 4') ignored."""
    text = re.sub(r"\b[ivxlc]+\b(?=\s*(?:[-–.]\s*\d|$))|\d+", "#", line.text().lower())
    return re.sub(r"\s+", " ", text).strip()


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom <= MARGIN_TOP * height or line.top >= (1 - MARGIN_BOTTOM) * height


def _is_page_furniture(line: _Line, height: float, running: set[str]) -> bool:
    if not _in_margin(line, height):
        return False
    text = line.text()
    if _PRINTED_BY.search(text) or _PAGE_NUMBER.fullmatch(text):
        return True
    return len(line.phrases) <= 2 and _margin_key(line) in running


# --------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------
def _paragraphs(lines: list[_Line]) -> list[tuple[float, list[str]]]:
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    width = max(right - left, 1.0)
    out: list[tuple[float, list[str]]] = []
    cur: list[_Line] = []
    for ln in lines:
        if cur:
            prev = cur[-1]
            gap = ln.top - prev.bottom
            if (gap <= PARAGRAPH_GAP_EM * prev.size and abs(ln.size - prev.size) < 0.5
                    and prev.x1 - left >= PARAGRAPH_FULL * width
                    and not _LIST_START.match(ln.text())):
                cur.append(ln)
                continue
            out.append(_paragraph(cur))
        cur = [ln]
    if cur:
        out.append(_paragraph(cur))
    return out


def _paragraph(lines: list[_Line]) -> tuple[float, list[str]]:
    text = ""
    for ln in lines:
        text, _ = rejoin_cut_number(text, ln.text()) if text else (ln.text(), "")
    return lines[0].top, [text]


# --------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------
@dataclass
class _PageParts:
    number: int
    height: float
    lines: list[_Line]
    ruled: list[tuple[tuple, list[str]]]
    note: str = ""
    #: the topmost one-row grid too sparse to be a table row by itself (:func:`_ruled_tables`):
    #: (bbox, TAB row, column edges); a row cut by the page break when it continues the table
    #: that ends the page before (:func:`_continued_row`)
    fragment: tuple[tuple, str, tuple[float, ...]] | None = None
    #: column edges of the page's lowest ruled table
    last_edges: tuple[float, ...] = ()
    #: the runs of lines told apart into columns by their alignment (:func:`_aligned_columns`):
    #: a run's number by ``id`` of each of its lines
    aligned: dict[int, int] = field(default_factory=dict)


def _inside(line: _Line, phrase: _Phrase, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (phrase.x0 + phrase.x1) / 2, (line.top + line.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _stray_spaces(chars: list[dict]) -> set[int]:
    """ids of space characters overlapping a visible glyph of the same line."""
    by_line: dict[int, list[tuple[float, float]]] = {}
    for c in chars:
        if c.get("text", "").strip():
            by_line.setdefault(round(c["top"]), []).append((c["x0"], c["x1"]))
    for v in by_line.values():
        v.sort()
    out = set()
    for c in chars:
        if c.get("text", "").strip():
            continue
        spans = by_line.get(round(c["top"]), [])
        mid = (c["x0"] + c["x1"]) / 2  # inside a glyph, not merely touching the next one
        k = bisect.bisect_left(spans, (mid, mid))
        for a, b in spans[max(0, k - 2):k + 1]:
            if a + 0.3 < mid < b - 0.3:
                out.add(id(c))
                break
    return out


def _is_page_frame(rect: dict, page: Any) -> bool:
    """Whether a rectangle covers at least :data:`PAGE_FRAME_SHARE` of the page's width and
    height (a page's background or border)."""
    return (rect["x1"] - rect["x0"] >= PAGE_FRAME_SHARE * float(page.width)
            and rect["bottom"] - rect["top"] >= PAGE_FRAME_SHARE * float(page.height))


def _read_page(page: Any, number: int, notes: list[PageNote]) -> _PageParts:
    chars = [c for c in page.chars if c.get("text", "").strip()]
    if not chars:
        if page.images:
            msg = f"page {number}: no text layer; OCR is not part of this package"
            notes.append(PageNote(number, "no_text_layer", msg))
            return _PageParts(number, float(page.height), [], [], "no text layer; OCR is not part of this package")
        notes.append(PageNote(number, "blank_page", f"page {number}: blank (no text, no image)"))
        return _PageParts(number, float(page.height), [], [], "blank")
    dirs = Counter(_direction(c) for c in chars)
    main_dir, n = dirs.most_common(1)[0]
    if main_dir != "ltr" and n >= ROTATED_SHARE * len(chars):
        page = _turned_page(page, main_dir)
        notes.append(PageNote(number, "rotated", f"page {number}: text set sideways ({main_dir}); read turned"))
    elif any(not c.get("upright", True) and _direction(c) == "ltr" for c in chars):
        # left-to-right text pdfminer calls not upright (a mirrored or sheared matrix)
        page = _turned_page(page, "ltr")
    main_dir = main_dir if n >= ROTATED_SHARE * len(chars) else "ltr"
    sideways = sum(v for k, v in dirs.items() if k != main_dir)
    if sideways:
        notes.append(PageNote(number, "sideways_text",
                              f"page {number}: {sideways} characters set across the main text "
                              "direction were left out"))
    # explicit space characters drawn over a glyph (Excel pads right-aligned cells with
    # spaces that overlap the first digit: '5 00.000.000,00') are dropped
    stray = _stray_spaces(page.chars)
    if stray:
        page = page.filter(lambda o: o.get("object_type") != "char" or id(o) not in stray)
    # a rectangle over (nearly) the whole page is its background or frame, no table's rule: its
    # sides, within the snap tolerance of the tables' own, made one grid of the page
    # (wkhtmltopdf paints each page's background so) and its paragraphs table cells
    if any(_is_page_frame(r, page) for r in page.rects):
        page = page.filter(lambda o: o.get("object_type") != "rect" or not _is_page_frame(o, page))
    fragments: list = []
    edges: list = []
    ruled = _ruled_tables(page, number, notes, fragments, edges)
    # no extra_attrs=["size"]: pdfminer's size of a sideways glyph is its width, which would
    # split every word of a turned page; a word's size is its height
    words = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE,
                               keep_blank_chars=False)
    for w in words:
        w["size"] = max(float(w["bottom"] - w["top"]), 1.0)
    words = [w for w in words if w.get("upright", True)]  # a sideways label is not body text
    lines = _lines_from_words(words)
    fine = _lines_from_words(words, ALIGNED_GAP_EM)  # the same lines, words grouped closer
    if ruled:
        kept, kept_fine = [], []
        for ln, fl in zip(lines, fine):
            ph = [p for p in ln.phrases if not any(_inside(ln, p, b) for b, _ in ruled)]
            if ph:
                kept.append(_Line(ln.top, ln.bottom, ln.size, ph))
                fph = [p for p in fl.phrases if any(q.x0 <= p.x0 and p.x1 <= q.x1 for q in ph)]
                kept_fine.append(_Line(fl.top, fl.bottom, fl.size, fph or ph))
        lines, fine = kept, kept_fine
    lines, aligned = _aligned_columns(lines, fine)
    fragment = min(fragments, key=lambda f: f[0][1]) if fragments else None
    last = max(edges)[1] if edges else ()
    return _PageParts(number, float(page.height), lines, ruled, fragment=fragment, last_edges=last,
                      aligned=aligned)


def _render_page(parts: _PageParts, running: set[str], notes: list[PageNote]) -> list[str]:
    lines = [ln for ln in parts.lines if not _is_page_furniture(ln, parts.height, running)]
    blocks: list[tuple[float, list[str]]] = [(b[1], rows) for b, rows in parts.ruled]
    # whitespace tables: runs of multi-phrase lines (short single-phrase lines may sit inside)
    i = 0
    text_lines: list[_Line] = []
    aligned = parts.aligned
    told_apart: set[int] = set()  # tables of runs told apart by their alignment (by id)
    while i < len(lines):
        block = aligned.get(id(lines[i]))
        table = None
        if block is not None:  # a run told apart by its alignment: one table
            j = i
            while j < len(lines) and aligned.get(id(lines[j])) == block:
                j += 1
            run = lines[i:j]
            table = _whitespace_table(run, parts.number, notes, stack_header=True)
            if table is None:  # its rows cannot be told apart: text, not tried otherwise
                text_lines += run
                i = j
                continue
            told_apart.add(id(table))
        if table is None:
            # any other run reaching into such a run is no table: its columns were not told
            # apart where they come close (its lines stay text)
            end = _run_ends(lines, i)
            run = lines[i:end]
            if any(aligned.get(id(ln), block) != block for ln in run):
                run = []
            table = _whitespace_table(run, parts.number, notes) if run else None
        if table:
            blocks.append((run[0].top, table))
            i += len(run)
        else:
            text_lines.append(lines[i])
            i += 1
    blocks += _paragraphs(text_lines)
    blocks.sort(key=lambda b: b[0])
    out = [page_marker(parts.number, parts.note if parts.note != "blank" else "")]
    for k, (_top, rows) in enumerate(blocks):
        if k:
            # a blank line between blocks; none around the page marker. A table told apart by
            # its alignment next to a table of another number of columns (the browser set their
            # empty columns as narrow as their padding) is set apart by more blank lines than a
            # table may hold inside: the reader would read the two as one, values under the
            # wrong columns
            prev = blocks[k - 1][1]
            apart = (id(rows) in told_apart or id(prev) in told_apart) and _is_table(rows) and \
                _is_table(prev) and _n_columns(rows) != _n_columns(prev)
            out.extend([""] * (TAB_BLOCK_MAX_BLANK_LINES + 1 if apart else 1))
        out.extend(rows)
    return out


def _is_table(rows: list[str]) -> bool:
    return all("\t" in r for r in rows)


def _n_columns(rows: list[str]) -> int:
    return max(r.count("\t") for r in rows) + 1


def _continued_row(parts: _PageParts, before: _PageParts, running: set[str]) -> None:
    """Read the page's one-row grid fragment as a table row when it is the rest of a row the
    page break cut: the first thing on the page (below its running header) and drawn on the
    column rules of the table that ends the page before (each within
    :data:`CONTINUED_ROW_EDGE_TOLERANCE`). A word processor breaks a tall row across pages,
    and the part on the next page often holds one cell's last words (``Daerah/Wakil Kepala
    Daerah``): read as a row, the reader joins it to the row above (a wrapped line); read as a
    paragraph, the name stayed cut. Its text lines leave the page's lines."""
    bbox, row, edges = parts.fragment
    prev = before.last_edges
    if not edges or len(edges) != len(prev) or any(abs(a - b) > CONTINUED_ROW_EDGE_TOLERANCE
                                                     for a, b in zip(edges, prev)):
        return
    body = [ln for ln in parts.lines if not _is_page_furniture(ln, parts.height, running)]
    if any(ln.bottom <= bbox[1] + 1 for ln in body):
        return  # text above it: not the top of the page
    parts.lines = [ln for ln in parts.lines
                   if not all(_inside(ln, p, bbox) for p in ln.phrases)]
    parts.ruled.append((bbox, [row]))


def _running_keys(pages: list[_PageParts]) -> set[str]:
    counts: Counter[str] = Counter()
    for p in pages:
        keys = {_margin_key(ln) for ln in p.lines if _in_margin(ln, p.height) and len(ln.phrases) <= 2}
        counts.update(k for k in keys if k)
    need = min(RUNNING_MIN_PAGES, max(2, len(pages)))
    return {k for k, c in counts.items() if c >= need}


def render_pdf(path: str | Path, pages: Iterable[int] | None = None) -> Rendering:
    """Convert the PDF at ``path`` into the text rendering (see the module docstring).

    ``pages`` (1-based physical page numbers) restricts the rendering to those pages (for a
    look at a few pages; the page markers keep the physical numbers).

    Raises
    ------
    PdfError
        When the file is not a readable PDF (encrypted with a password, damaged), naming the
        file and what pdfplumber/pdfminer reported.
    """
    import pdfplumber

    p = Path(path)
    if not p.is_file():
        raise PdfError(f"{p}: no such file")
    notes: list[PageNote] = []
    parts: list[_PageParts] = []
    try:
        with pdfplumber.open(p) as pdf:
            wanted = set(pages) if pages is not None else None
            for k, page in enumerate(pdf.pages, start=1):
                if wanted is None or k in wanted:
                    parts.append(_read_page(page, k, notes))
                page.close()
    except PdfError:
        raise
    except Exception as exc:  # pdfminer raises many types; name the file and the cause
        raise PdfError(_pdf_error_message(p, exc)) from exc
    running = _running_keys(parts)
    out: list[str] = []
    for k, page_parts in enumerate(parts):
        if k and page_parts.fragment is not None and parts[k - 1].number == page_parts.number - 1:
            _continued_row(page_parts, parts[k - 1], running)
        out.extend(_render_page(page_parts, running, notes))
    text, _ = resolve_cut_words("\n".join(out) + "\n")
    notes.sort(key=lambda n: (n.page, n.kind, n.message))
    return Rendering(text, len(parts), notes)


def _pdf_error_message(path: Path, exc: BaseException) -> str:
    name = type(exc).__name__
    cause = exc
    while cause.__cause__ is not None or (cause.__context__ is not None and not str(cause)):
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    text = f"{name}: {exc}" if str(exc) else name
    inner = f"{type(cause).__name__}: {cause}" if cause is not exc else ""
    blob = (text + " " + inner).lower()
    if "password" in blob or "encrypt" in blob:
        what = "the PDF is encrypted (password protected); save an unprotected copy"
    else:
        what = "the PDF is damaged or not a PDF"
    return f"{path}: cannot read: {what} ({text}{'; ' + inner if inner else ''})"


# --------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------
@dataclass
class CachedRendering:
    """A rendering cached at ``text_path`` with its sidecar ``meta_path`` (JSON)."""

    doc_id: str
    text_path: Path
    meta_path: Path
    pages: int
    notes: list[PageNote]
    converted: bool  # False when the cached file was reused

    @property
    def pages_without_text(self) -> list[int]:
        return [n.page for n in self.notes if n.kind == "no_text_layer"]


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cache_key(pdf_sha256: str) -> dict[str, str]:
    return {"source_sha256": pdf_sha256, "pdfplumber": pdfplumber_version(),
            "converter": CONVERTER_VERSION}


def _load_cached(doc_id: str, text_path: Path, meta_path: Path, key: dict[str, str]) -> CachedRendering | None:
    if not (text_path.is_file() and meta_path.is_file()):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if any(meta.get(k) != v for k, v in key.items()):
        return None
    if meta.get("rendering_sha256") != _sha256_bytes(text_path.read_bytes()):
        return None  # edited by hand: redo
    notes = [PageNote(**n) for n in meta.get("notes", [])]
    return CachedRendering(doc_id, text_path, meta_path, int(meta.get("pages", 0)), notes, False)


def convert_pdf(pdf_path: str | Path, cache_dir: str | Path, doc_id: str,
                pdf_sha256: str | None = None) -> CachedRendering:
    """Render ``pdf_path`` (a PDF, a Word ``.docx`` or an Excel ``.xlsx``: :func:`render_input`) into
    ``<cache_dir>/<doc_id>.txt`` unless a current rendering is cached.

    The sidecar ``<doc_id>.json`` records the PDF's SHA-256, the pdfplumber/pdfminer versions,
    :data:`CONVERTER_VERSION`, the page count, the rendering's own SHA-256 and the page notes;
    the PDF is converted again when any of the first three changes or the cached text was
    altered.
    """
    pdf_path = Path(pdf_path)
    cache = Path(cache_dir)
    text_path = cache / f"{doc_id}.txt"
    meta_path = cache / f"{doc_id}.json"
    sha = pdf_sha256 or _sha256_bytes(pdf_path.read_bytes())
    key = _cache_key(sha)
    cached = _load_cached(doc_id, text_path, meta_path, key)
    if cached is not None:
        return cached
    rendering = render_input(pdf_path)
    cache.mkdir(parents=True, exist_ok=True)
    data = rendering.text.encode("utf-8")
    tmp = text_path.with_suffix(".txt.tmp")
    tmp.write_bytes(data)
    tmp.replace(text_path)
    meta = {"source_file": pdf_path.name, **key, "pages": rendering.pages,
            "rendering_sha256": _sha256_bytes(data),
            "notes": [asdict(n) for n in rendering.notes]}
    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                         encoding="utf-8")
    return CachedRendering(doc_id, text_path, meta_path, rendering.pages, rendering.notes, True)


# --------------------------------------------------------------------------------------
# Conversions for a run (in parallel with the extraction of the other documents)
# --------------------------------------------------------------------------------------
def is_pdf(path: str | Path) -> bool:
    """True for a file named ``*.pdf`` (any case)."""
    return Path(path).suffix.lower() == ".pdf"


#: Inputs rendered into the reader's text before reading, and cached (PDF, Word, Excel).
RENDERED_SUFFIXES = (".pdf", ".docx", ".xlsx")


def is_rendered(path: str | Path) -> bool:
    """True for an input rendered and cached before reading (:data:`RENDERED_SUFFIXES`, any case)."""
    return Path(path).suffix.lower() in RENDERED_SUFFIXES


def render_input(path: str | Path) -> Rendering:
    """The rendering of a PDF (:func:`render_pdf`), a Word file
    (:func:`analysis.extract.docx.render_docx`) or an Excel workbook
    (:func:`analysis.extract.xlsx.render_xlsx`), by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        from .docx import render_docx

        return render_docx(path)
    if suffix == ".xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(path)
    return render_pdf(path)


def start_conversions(jobs: list[tuple[str, Path, str]], cache_dir: str | Path,
                      max_workers: int | None = None) -> dict[str, Any]:
    """Start converting PDFs ``(doc_id, pdf_path, sha256)`` into ``cache_dir``.

    Returns one :class:`concurrent.futures.Future` per doc_id; renderings already cached
    and current are returned as finished futures, the others are converted in a process
    pool (one process per document, at most ``max_workers`` or the CPU count) while the caller
    goes on with other documents. Results do not depend on the order of completion.
    """
    import os
    from concurrent.futures import Future, ProcessPoolExecutor

    futures: dict[str, Any] = {}
    todo = []
    for doc_id, path, sha in jobs:
        cache = Path(cache_dir)
        cached = _load_cached(doc_id, cache / f"{doc_id}.txt", cache / f"{doc_id}.json", _cache_key(sha))
        if cached is not None:
            f: Future = Future()
            f.set_result(cached)
            futures[doc_id] = f
        else:
            todo.append((doc_id, path, sha))
    if todo:
        workers = max(1, min(len(todo), max_workers or os.cpu_count() or 1))
        pool = ProcessPoolExecutor(max_workers=workers)
        for doc_id, path, sha in todo:
            futures[doc_id] = pool.submit(convert_pdf, path, cache_dir, doc_id, sha)
        pool.shutdown(wait=False)  # workers finish the submitted jobs, then exit
    return futures
