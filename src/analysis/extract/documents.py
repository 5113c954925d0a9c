"""Read a converted report and segment it into headings and tables.

The reports arrive as plain-text conversions of PDFs. Converters write tables in three ways,
all of which become the same :class:`Table` model:

* TAB-separated rows (one row per line, a cell may wrap onto following lines, a table split
  across pages repeats its header row(s); a column-numbering row closes a header, and a header
  with a numbering row of its own starts a new table inside a run of TAB lines);
* HTML ``<table>`` blocks (with ``rowspan``/``colspan``; possibly a whole table on one line);
* Markdown pipe tables (``| a | b |`` with a ``|---|---|`` separator row).

Every row keeps the 1-based line number(s) it came from. Markup inside cells is normalised:
HTML tags become text (paragraphs and list items kept apart by ``" | "``), ``**`` bold markers
are removed, entities are unescaped.

The logic is generic: tables are found by their shape, captions by the word ``Tabel`` above
them, headings by their numbering. Nothing refers to a particular document.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .layout import layout_table_rows
from .numbers import ends_in_cut_number, infer_document_style, rejoin_cut_number
from .vocabulary import NAME_CONNECTOR_WORDS, caption_kind, caption_number, is_bare_caption

__all__ = [
    "DocumentError",
    "MAX_TEXT_LINE",
    "MAX_TABLE_COLUMNS",
    "Row",
    "Table",
    "Heading",
    "Document",
    "read_document",
    "parse_document",
    "decode_bytes",
    "normalise_cell",
    "cell_has_number",
    "is_numbering_row",
    "ends_unfinished",
    "PAGE_MARKER",
    "page_map",
]


#: Longest text line (characters) scanned as prose by the extractors. The bundled reports'
#: longest line has 4,906 characters; a line of megabytes is a conversion that lost its line
#: breaks and is reported instead of scanned (prose scanners are linear but slow per number).
MAX_TEXT_LINE = 100_000


#: Widest table (columns) the reader accepts. The bundled reports' widest has 15; a "row" of
#: thousands of TAB-separated cells is a conversion that turned line breaks into TABs, and
#: treating it as a table would make every column a candidate for every extractor.
MAX_TABLE_COLUMNS = 200

#: Most rows a table header has (spanning header rows, the column names, a numbering row).
MAX_HEADER_ROWS = 4

#: Longest cell (characters) of a header row above a column-numbering row. Column names of
#: the Permendagri forms are long ("Realisasi Capaian Program dan Kegiatan s/d tahun berjalan
#: (tahun 2016)", 70 characters): a numbering row under them marks them as header rows even
#: where the row-by-row test (60 characters after the first row) would not.
NUMBERED_HEADER_CELL_MAX = 120


class DocumentError(ValueError):
    """A document cannot be read; the message names the file and the position."""



#: The page marker line of a PDF rendering (:mod:`analysis.extract.pdf`): ``<!-- page 12 -->``
#: or ``<!-- page 12: a note -->``. The reader treats it as a blank line (a table continued on
#: the next page stays one table) and maps every line to its page with it.
PAGE_MARKER = re.compile(r"^<!-- page (\d+)(?::[^>]*)? -->$")


def page_map(lines: list[str]) -> list[int | None]:
    """The 1-based physical page of every line: the number of the last page marker at or above
    it, ``None`` before the first marker (and for every line of a text without markers).

    Examples
    --------
    >>> page_map(["title", "<!-- page 1 -->", "a", "<!-- page 2: no text layer -->", "b"])
    [None, 1, 1, 2, 2]
    """
    out: list[int | None] = []
    cur: int | None = None
    for t in lines:
        m = PAGE_MARKER.match(t) if t.startswith("<!-- page ") else None
        if m:
            cur = int(m.group(1))
        out.append(cur)
    return out


# --------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------
@dataclass
class Row:
    """One logical table row.

    Attributes
    ----------
    line : int
        1-based line of the row's first physical line.
    cells : list of str
        Normalised cell texts (markup removed), padded to the table width.
    raw : str
        The physical line(s) as printed (joined by ``\\n`` when wrapped lines were merged).
    lines : tuple of int
        Every physical line merged into this row.
    """

    line: int
    cells: list[str]
    raw: str
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = (self.line,)

    def text(self) -> str:
        """All cells joined by TAB (for pattern matching across cells)."""
        return "\t".join(self.cells)


@dataclass
class Table:
    """A table with caption, header rows and data rows.

    Attributes
    ----------
    start_line, end_line : int
        1-based first and last physical line of the table (header included).
    caption : str or None
        ``Tabel …`` caption found just above the table (with its title line), if any.
    caption_line : int or None
        Line of the caption.
    context : str
        The nearest non-table text line above the table (a heading such as ``3.1.1 …``).
    context_line : int or None
    header : list of list of str
        Header rows (normalised cells).
    header_lines : list of int
    rows : list of Row
        Data rows, in document order.
    fmt : {"tab", "html", "markdown"}
        How the converter wrote the table.
    repeated_header_lines : list of int
        Lines of page-break header repeats that were removed.
    """

    start_line: int
    end_line: int
    header: list[list[str]]
    header_lines: list[int]
    rows: list[Row]
    fmt: str = "tab"
    caption: str | None = None
    caption_line: int | None = None
    context: str = ""
    context_line: int | None = None
    repeated_header_lines: list[int] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return max(max(map(len, (r.cells for r in self.rows)), default=0),
                   max(map(len, self.header), default=0))

    @property
    def number(self) -> str | None:
        """The table number from the caption (``'2.4'`` for ``Tabel 2.4 …``)."""
        if not self.caption:
            return None
        return caption_number(self.caption)

    @property
    def name(self) -> str:
        """A short name for provenance: ``'Tabel 2.4'`` or the context heading."""
        if self.number:
            return f"Tabel {self.number}"
        return self.context[:80] if self.context else f"table at line {self.start_line}"

    def header_text(self) -> str:
        """All header cells joined by spaces, lower-cased (for matching header words)."""
        return " ".join(c for h in self.header for c in h if c).lower()

    def column_labels(self) -> list[str]:
        """One label per column: header cells stacked top to bottom."""
        labels = []
        for j in range(self.n_cols):
            parts = [h[j] for h in self.header if j < len(h) and h[j]]
            labels.append(" ".join(parts))
        return labels


@dataclass(frozen=True)
class Heading:
    """A heading line: ``BAB III …``, ``3.1.2 …``, ``A. …``, ``1. …`` or ``Tabel …``."""

    line: int
    kind: str  # "bab" | "numbered" | "lettered" | "caption"
    number: str
    text: str

    @property
    def depth(self) -> int:
        """Number of dotted parts of a numbered heading (``3.1.2`` → 3)."""
        return len([p for p in self.number.split(".") if p.strip()]) if self.kind == "numbered" else 1


@dataclass
class Document:
    """A read and segmented document."""

    doc_id: str
    path: str
    lines: list[str]
    tables: list[Table]
    headings: list[Heading]
    style: str | None
    table_line_set: set[int] = field(default_factory=set)
    line_pages: list[int | None] = field(default_factory=list)
    #: Values derived from the fields above and computed once per document (the text lines,
    #: the section events of :mod:`analysis.extract.sections`), as immutable tuples. Safe
    #: because a document is not changed after :func:`parse_document` built it.
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def line(self, n: int) -> str:
        """The raw text of 1-based line ``n``."""
        return self.lines[n - 1]

    def page_of(self, line: int) -> int | None:
        """The 1-based physical page of 1-based line ``line`` (PDF renderings), else ``None``.

        Examples
        --------
        >>> doc = parse_document("<!-- page 1 -->\\na\\n<!-- page 2 -->\\nb\\n", "x")
        >>> doc.page_of(2), doc.page_of(4), doc.page_of(99)
        (1, 2, None)
        """
        if 1 <= line <= len(self.line_pages):
            return self.line_pages[line - 1]
        return None

    def text_lines(self) -> list[tuple[int, str]]:
        """(line, text) of every non-blank line that is not part of a table (page markers
        excluded; lines longer than :data:`MAX_TEXT_LINE` characters are left out: see
        :meth:`long_lines`)."""
        cached = self.derived.get("text_lines")
        if cached is None:  # several extractors scan the prose: listed once (see ``derived``)
            cached = self.derived["text_lines"] = tuple(
                (i, t) for i, t in enumerate(self.lines, start=1)
                if t.strip() and i not in self.table_line_set and len(t) <= MAX_TEXT_LINE
                and not PAGE_MARKER.match(t)
            )
        return list(cached)

    def long_lines(self) -> list[tuple[int, int]]:
        """(line, characters) of text lines longer than :data:`MAX_TEXT_LINE`: not scanned as
        prose (a conversion that lost its line breaks; reported as a warning)."""
        if max(map(len, self.lines), default=0) <= MAX_TEXT_LINE:  # the usual case, at once
            return []
        return [(i, len(t)) for i, t in enumerate(self.lines, start=1)
                if len(t) > MAX_TEXT_LINE and i not in self.table_line_set]

    def physical_rows(self, table: Table, row: Row) -> list[tuple[int, list[str]]]:
        """The physical lines behind ``row`` with their cells: for a TAB table, each line of a
        row merged from wrapped lines, split into its own (normalised) cells; for Markdown and
        HTML tables, whose cells the reader already assembled, the row itself.

        Extractors that need line-level cells use this instead of splitting raw lines, so the
        same table gives the same values in every format.
        """
        if table.fmt != "tab" or len(row.lines) <= 1:
            return [(row.line, list(row.cells))]
        out = [(ln, _split_tab(self.line(ln))) for ln in row.lines]
        for (_, above), (_, below) in zip(out, out[1:]):
            # a number a line's end cut (after a separator or inside its last group) goes on in
            # the cell below (a row a page break cut inside its number: 'Rp.18.117.215.' /
            # '021,- (71,10 %)'): whole on the first line, as the merged row has it
            for j in range(min(len(above), len(below))):
                if below[j][:1].isdigit() and _continues_cut_number(above[j], below[j]):
                    above[j], below[j] = rejoin_cut_number(above[j], below[j])[0], ""
        return out

    def line_cells(self, line: int) -> list[str]:
        """The normalised cells of 1-based line ``line`` split at TABs (one cell for a line
        without TAB): for lines the reader set aside, such as a page-break header repeat
        (``Table.repeated_header_lines``), whose cells no ``Row`` holds.

        Examples
        --------
        >>> doc = parse_document("A\\tB\\n1\\t<b>2</b>\\n", "x")
        >>> doc.line_cells(2)
        ['1', '2']
        """
        return _split_tab(self.line(line))

    def headings_before(self, line: int) -> list[Heading]:
        """Headings above ``line``, nearest last."""
        return [h for h in self.headings if h.line < line]


# --------------------------------------------------------------------------------------
# Reading bytes
# --------------------------------------------------------------------------------------
#: What a binary input may be, by its first bytes, and what to give instead.
_BINARY_KINDS = (
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls): save it as .docx or .xlsx"),
    (b"PK\x03\x04", "a zip archive (an Office file with the wrong name?): name it .docx or .xlsx"),
    (b"%PDF", "a PDF: name it .pdf"),
)


def _binary_hint(data: bytes, name: str = "") -> str:
    """A hint on what a binary input is ('; it is …'), or ''.

    >>> _binary_hint(bytes.fromhex("d0cf11e0") + b"rest", "lkjip.doc")
    '; it is an old Office file (.doc/.xls): save it as .docx or .xlsx'
    """
    for magic, what in _BINARY_KINDS:
        if data.startswith(magic):
            return f"; it is {what}"
    return ""


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode a document as UTF-8 (with or without BOM).

    Raises
    ------
    DocumentError
        For binary content (NUL byte) or undecodable bytes, naming the file, the byte offset
        and the line.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise DocumentError(
            f"{name}: looks binary (NUL byte at byte offset {nul}, line {line}); "
            "expected a UTF-8 text conversion of the report" + _binary_hint(data, name)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.start + 4]
        hint = ""
        if _looks_single_byte(data):
            hint = (" It looks like a Latin-1/Windows-1252 export. It is refused rather than decoded "
                    "by guessing: a wrong guess would silently corrupt names and numbers. Convert it "
                    f"once and add the converted file: iconv -f cp1252 -t utf-8 {name} > converted.txt")
        raise DocumentError(
            f"{name}: not valid UTF-8 at byte offset {exc.start} (line {line}, bytes {bad!r}); "
            "expected a UTF-8 text file — re-export or convert it with iconv." + hint
        ) from None
    return text


def _looks_single_byte(data: bytes) -> bool:
    """True when the bytes decode as Windows-1252 and most non-ASCII bytes stand alone (a
    single-byte encoding such as Latin-1/cp1252 rather than damaged UTF-8)."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = sum(b >= 0x80 for b in data[:1 << 20])
    return high > 0


def read_document(path: str | Path, doc_id: str | None = None) -> Document:
    """Read a converted report from ``path`` and segment it.

    Parameters
    ----------
    path : path-like
    doc_id : str, optional
        Identifier for provenance; defaults to the file name's prefix before ``_``.
    """
    p = Path(path)
    if not p.is_file():
        raise DocumentError(f"{p}: no such file")
    text = decode_bytes(p.read_bytes(), str(p))
    return parse_document(text, doc_id or p.name.split("_")[0], str(p))


# --------------------------------------------------------------------------------------
# Cell normalisation
# --------------------------------------------------------------------------------------
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|li|br|div|tr|ul|ol|h\d)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_SEP = " | "
_LINE_BREAK_TAG = re.compile(r"<\s*br\s*/?\s*>", re.I)


@functools.lru_cache(maxsize=65536)
def normalise_cell(text: str) -> str:
    """Turn a cell's markup into plain text.

    HTML block tags (``<p>``, ``<li>``, ``<br>``, ``<ul>`` …) become the separator ``" | "`` so
    list items stay apart; other tags are removed; entities are unescaped; ``**`` bold markers
    are removed; white space is folded.

    Examples
    --------
    >>> normalise_cell("<p>Input : Rp. 7.335.135.315</p> <p>Output :</p>")
    'Input : Rp. 7.335.135.315 | Output :'
    >>> normalise_cell("Rp. **4.916.185.685.870**")
    'Rp. 4.916.185.685.870'

    A ``<br>`` inside a wrapped phrase joins its lines (the next line starts in lower case,
    or the line ends in a connector word such as *dan*); between items it separates them:

    >>> normalise_cell("Persentase ASN yang kompeten<br>sesuai standar")
    'Persentase ASN yang kompeten sesuai standar'
    >>> normalise_cell("Program Peningkatan Sarana dan<br/>Prasarana Aparatur")
    'Program Peningkatan Sarana dan Prasarana Aparatur'
    >>> normalise_cell("1. Rapat Koordinasi<br>2. Bimbingan Teknis")
    '1. Rapat Koordinasi | 2. Bimbingan Teknis'
    """
    if not text:
        return ""
    # '*' in the text: a necessary condition of a '**' marker, and a far cheaper search than
    # replace's of the two characters (long prose lines pass here)
    s = text.replace("**", "") if "*" in text else text
    if "<" in s:
        if "br" in s or "BR" in s or "Br" in s:
            s = _LINE_BREAK_TAG.sub("\x01", s)
        s = _BLOCK_TAG.sub("\x00", s)
        s = _ANY_TAG.sub("", s)
    s = html.unescape(s).replace("\u00a0", " ")
    if "\x01" in s:
        s = _join_wrapped_lines(s)
    if "\x00" not in s:  # one part (no block tag)
        return _fold_white_space(s)
    parts = [_fold_white_space(p) for p in s.split("\x00")]
    return _SEP.join(p for p in parts if p)


def _fold_white_space(s: str) -> str:
    """``" ".join(s.split())``: runs of white space folded to one space, none at the ends.

    Most cells and prose lines are folded already: their only white space is one space between
    words (:meth:`str.isprintable` is False for every other white-space character: TAB,
    newline, the other Unicode spaces), none doubled, none at the ends. The fold gives such a
    text back, so it is returned as it is, without building the list of its words.

    >>> _fold_white_space("Target  Kinerja\\t2023 "), _fold_white_space("Target Kinerja 2023")
    ('Target Kinerja 2023', 'Target Kinerja 2023')
    """
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return " ".join(s.split())


def ends_unfinished(text: str) -> bool:
    """Whether a printed line of a name ends with a word or sign that leaves the name unfinished
    (:data:`~analysis.extract.vocabulary.NAME_CONNECTOR_WORDS`).

    >>> ends_unfinished("Program Peningkatan Sarana dan"), ends_unfinished("Jawa Barat (DEKRANASDA)")
    (True, False)
    """
    words = text.split()
    if not words:
        return False
    last = words[-1].lower()
    return last in NAME_CONNECTOR_WORDS or text[-1] in NAME_CONNECTOR_WORDS


def _join_wrapped_lines(s: str) -> str:
    """The line breaks (``<br>``, marked ``\x01``) of a cell: a line that goes on (the next
    starts in lower case, or this one ends in a connector word, :data:`NAME_CONNECTOR_WORDS`)
    is joined with a space; any other break separates parts (``\x00``) like a block tag."""
    pieces = s.split("\x01")
    out = pieces[0]
    for nxt in pieces[1:]:
        before, after = out.rstrip(), nxt.lstrip()
        goes_on = bool(before and after) and (after[0].islower() or ends_unfinished(before))
        out = f"{before} {after}" if goes_on else f"{out}\x00{nxt}"
    return out


# --------------------------------------------------------------------------------------
# Shape tests
# --------------------------------------------------------------------------------------
# What cell_has_number looks for: 'Rp' before a digit, a percentage, grouped digits, a bare
# number or '#DIV/0!', i.e. a search for
#     R[pP]\.?\s*\d|\d\s*%|\d{1,3}(?:[.,]\d{3}){1,}|^\s*[-(]?\d+(?:[.,]\d+)?\)?\s*$|#DIV/0!
# done as two: the alternatives that may match anywhere, with their first character taken out
# in front (a pattern that starts with a character class lets the regex engine skip to the next
# 'R', digit or '#' instead of trying every alternative at every character of a long prose
# cell), and the one anchored at the start, matched there only.
_AMOUNTISH_ANYWHERE = re.compile(
    r"[R\d#](?:(?<=R)[pP]\.?\s*\d|(?<=\d)\s*%|(?<=\d)\d{0,2}(?:[.,]\d{3}){1,}|(?<=#)DIV/0!)"
)
_AMOUNTISH_BARE = re.compile(r"\s*[-(]?\d+(?:[.,]\d+)?\)?\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NOT_KEY = re.compile(r"[^a-z0-9%]")
_NOT_KEY_BYTES = bytes(b for b in range(128) if _NOT_KEY.fullmatch(chr(b)))  # ASCII outside the key
_UNIT_THOUSANDS = re.compile(r"\(?\s*R[pP]\.?\s*0{3}(?:\.0{3})*\s*\)?")
_UNIT_ONLY = re.compile(r"\s*\(?(?:%|Rp\.?)\)?\s*")
_SHORT_INT = re.compile(r"\d{1,3}")


@functools.lru_cache(maxsize=1 << 16)
def cell_has_number(cell: str) -> bool:
    """True when a cell carries an amount, a percentage or is a bare number."""
    # pure, cached: the reader and several extractors ask it of the same cells, and the search
    # is slow on long prose cells
    return bool(cell) and bool(_AMOUNTISH_ANYWHERE.search(cell) or _AMOUNTISH_BARE.match(cell))


#: A column number with the formula of its column, as the Permendagri 86/2017 evaluation
#: forms print them: ``8 = (7/6)``, ``10=(5+7+9)``, ``(8)=(7)/(6)x100%``.
_NUMBERED_FORMULA = re.compile(r"\(?(\d{1,2})\)?\s*=\s*[\d\s()+\-*/x×:.,%]+")


def is_numbering_row(cells: list[str]) -> bool:
    """True for a column-numbering row such as ``1 | 2 | 3 | 4`` or ``(1) | (2) | (3)``: three
    or more integers, increasing, starting at 1 or 2 (some columns may be unnumbered); a
    number may carry its column's formula (``8 = (7/6)``).

    Examples
    --------
    >>> is_numbering_row(["1", "", "2", "3", "4"]), is_numbering_row(["(1)", "(2)", "(3)"])
    (True, True)
    >>> is_numbering_row(["1", "2", "6", "7", "8=(7/6)", "9", "10=(5+7+9)", "11=(10/4)"])
    True
    >>> is_numbering_row(["1", "Program", "3"]), is_numbering_row(["3", "4", "5"])
    (False, False)
    >>> is_numbering_row(["1", "2", "3 = Belanja"])
    False
    """
    vals = []
    for c in cells:
        c = c.strip()
        if c:
            v = c.strip("()").strip(".")
            if not v.isdecimal():  # what int() reads ('²' is a digit, no decimal)
                m = _NUMBERED_FORMULA.fullmatch(c) if "=" in c else None
                if m is None:
                    return False  # most rows: their first text decides
                v = m.group(1)
            vals.append(v)
    if len(vals) < 3:
        return False
    nums = [int(v) for v in vals]
    return nums[0] <= 2 and all(b > a for a, b in zip(nums, nums[1:]))


def _stacked_key(header: list[list[str]]) -> str:
    """The key (:func:`_norm_key`) of a header's labels stacked per column, top to bottom:
    equal for the same labels printed over one line or two.

    >>> _stacked_key([["No", "Anggaran", "Realisasi"], ["", "(Rp)", "(Rp)"]]) == _stacked_key([["No", "Anggaran (Rp)", "Realisasi (Rp)"]])
    True
    """
    width = max(map(len, header), default=0)
    return _norm_key([" ".join(h[j] for h in header if j < len(h) and h[j]) for j in range(width)])


def _norm_key(cells: list[str]) -> str:
    # letters, digits and '%' of the cells, lower-cased (the separating spaces drop out too)
    joined = "".join(cells)
    if joined.isascii():  # almost every row: keyed at once (ASCII lower-casing is per character)
        return joined.lower().encode("ascii").translate(None, _NOT_KEY_BYTES).decode("ascii")
    return "".join(map(_cell_key, cells))


@functools.lru_cache(maxsize=1 << 16)
def _cell_key(cell: str) -> str:
    # _norm_key of one cell; pure, cached (every data row's cells are keyed against the header)
    if cell.isascii():  # almost every cell: the other characters deleted as bytes, at once
        return cell.lower().encode("ascii").translate(None, _NOT_KEY_BYTES).decode("ascii")
    return _NOT_KEY.sub("", cell.lower())


@functools.lru_cache(maxsize=1 << 16)
def _has_value(cell: str) -> bool:
    # a number that is not a year or a unit marker such as 'Anggaran (Rp.000)' (those are
    # header words); pure, cached (called for every row a table might start with)
    if not _DIGIT.search(cell):  # what cell_has_number finds has a digit (even '#DIV/0!')
        return False
    stripped = _UNIT_THOUSANDS.sub("", _YEAR.sub("", cell))
    return cell_has_number(stripped) and not _UNIT_ONLY.fullmatch(cell)


def _headerish(cells: list[str], first: bool) -> bool:
    nonempty = [c for c in cells if c.strip()]
    if not nonempty:
        return False
    if is_numbering_row(cells):
        return True
    # a header cell is short and holds no value: the length test first (a data row's long
    # prose cell fails it at once, without searching that cell for values)
    limit = 120 if first else 60
    if not all(len(c) <= limit for c in nonempty):
        return False
    for c in nonempty:
        if _has_value(c):
            # stray page numbers in a header cell ('140') are tolerated only in short cells
            if not (_SHORT_INT.fullmatch(c.strip()) and not first and len(nonempty) > 2):
                return False
    return True


_STRUCTURAL = re.compile(r"^\s*(?:input|output|outcome|benefit|impact|keluaran|hasil)\b", re.I)
# 'Rp' before a digit, a percentage, grouped digits or '#DIV': R[pP]\.?\s*\d|\d\s*%|\d{1,3}(?:[.,]\d{3})+|#DIV
# with the first character taken out in front (see _AMOUNTISH_ANYWHERE)
_VALUE_MARK = re.compile(r"[R\d#](?:(?<=R)[pP]\.?\s*\d|(?<=\d)\s*%|(?<=\d)\d{0,2}(?:[.,]\d{3})+|(?<=#)DIV)")
_BARE_NUMBER = re.compile(r"\s*[-(]?\d+(?:[.,]\d+)?\)?\s*")
_STARTS_WITH_DIGIT = re.compile(r"\s*\d")
_DIGIT = re.compile(r"\d")
#: A digit that may begin a value: not inside a word (the 3 of *FORK3PANRB*, *P3DN*, *K3*).
_VALUE_DIGIT = re.compile(r"(?<![^\W\d_])\d")


def _repeats_header(cells: list[str], header_key: str) -> bool:
    """A page-break repeat of the header, possibly spelled or split differently: every
    non-empty cell's letters occur in the header, and the row carries no numbers."""
    # the cheap test first, cell by cell: most data rows have a cell whose letters are not in
    # the header (the first such cell decides: whatever the count of cells, not a repeat)
    n_nonempty = 0
    for c in cells:
        if c.strip():
            key = _cell_key(c)
            if not key or key not in header_key:
                return False
            n_nonempty += 1
    if n_nonempty < 2:
        return False
    return _headerish(cells, first=False) and not is_numbering_row(cells)


#: The separators a cut number's head ends with, or its tail starts with.
_CUT_SEPARATORS = (".", ",")


def _continues_cut_number(above: str, below: str) -> bool:
    """Whether ``below`` starts with the rest of a number ``above`` leaves cut: after a
    separator, or inside its last group (:func:`~analysis.extract.numbers.rejoin_cut_number`).

    >>> _continues_cut_number("Rp.18.117.215.", "021,-"), _continues_cut_number("1.234.5", "67")
    (True, True)
    >>> _continues_cut_number("Program Peningkatan", "Sarana"), _continues_cut_number("2022", "2023")
    (False, False)
    """
    # The patterns of both tests are searched from every position of ``above`` (they are
    # anchored at its end), slow on long cells; most pairs are ruled out by the characters
    # where the pieces meet. Each way to a number cut needs (``head``: ``above`` without
    # trailing white space, ``tail``: ``below`` without leading white space):
    #   a separator ending the head after a digit or another separator (ends_in_cut_number;
    #   rejoin_cut_number's first way; not a sentence's full stop), or
    #   a digit ending the head and a separator starting the tail (cut before a separator), or
    #   a separator and one or two digits ending the head and a digit starting the tail (cut
    #   inside the last group).
    # (isdigit is true of every character '\d' matches.)
    head = above.rstrip()
    end = head[-1:]
    if end in _CUT_SEPARATORS:
        before = head[-2:-1]
        if not before.isdigit() and before not in _CUT_SEPARATORS:
            return False
    else:
        start = below.lstrip()[:1]
        if not end.isdigit():
            return False
        if start not in _CUT_SEPARATORS and not (
                start.isdigit() and ("." in head[-3:-1] or "," in head[-3:-1])):
            return False
    return ends_in_cut_number(above) or rejoin_cut_number(above, below)[1] == "rejoined"


def _is_continuation(prev: Row, cells: list[str]) -> bool:
    """A wrapped line: empty first cell, no numbers, text only in columns the previous row
    filled, and not a structural Input/Output/Outcome row."""
    if not cells or cells[0].strip():
        return False
    nonempty = [j for j, c in enumerate(cells) if c.strip()]
    if not nonempty:
        return False
    # the tests against the previous row first (every test must pass; these are the cheap ones,
    # and most candidate rows fail them before their cells are searched for values)
    prev_cells = prev.cells
    starts = [j for j in nonempty if cells[j].lstrip()[:1].isdigit()]
    if starts and all(j < len(prev_cells) and prev_cells[j].strip() for j in nonempty) and all(
            _continues_cut_number(prev_cells[j], cells[j]) for j in starts):
        # the numbers the row above left cut go on here, every cell starting with a digit the
        # rest of one ('Rp.18.117.215.' / '021,- (71,10 %)', '27.915.018.76' / '0,00': a row a
        # page break cut inside its numbers; not a row of percentages under a malformed amount)
        return True
    if len(nonempty) >= max(2, sum(1 for c in prev_cells if c.strip())):
        return False
    for j in nonempty:
        if j >= len(prev_cells) or not prev_cells[j].strip():
            return False
    for j in nonempty:
        # text under a value ('WTP' below '76,99') is a new row, unless it is a bracketed
        # remark continuing the value ('100%' / '(180 Kegiatan)')
        if _VALUE_DIGIT.search(prev_cells[j]) and len(prev_cells[j]) <= 40 and not cells[j].lstrip().startswith("("):
            return False
    if any(_STRUCTURAL.match(cells[j]) for j in nonempty):
        return False
    # one search over the cells joined by NUL, which no alternative of the pattern spans
    if _VALUE_MARK.search("\x00".join([cells[j] for j in nonempty])):
        return False
    if any(_BARE_NUMBER.fullmatch(cells[j]) for j in nonempty):
        return False
    # a value with a unit ('1 Dokumen', '667 Unit') or a label ending in ':' starts a new row
    if any(_STARTS_WITH_DIGIT.match(cells[j]) or cells[j].rstrip().endswith(":") for j in nonempty):
        return False
    return True


#: The start of a list item in a cell: 'a.', 'a).', '1)', '(2)', '-', '•'.
_LIST_ITEM_START = re.compile(r"^\(?(?:[a-z]|\d{1,2})\)?[.)]|^[-–•·*]\s", re.I)


def _values_below_name(prev: Row, cells: list[str]) -> bool:
    """A row whose values are printed on the last line of its wrapped name: the row above has
    one text cell and no digit (a list number in its first cell at most), this line has no
    number of its own (empty first cell), text in that column only and values (digits) in
    others, and the name visibly goes on: this line starts in lower case, or the line above
    ends with a connector word such as *dan* (:data:`NAME_CONNECTOR_WORDS`, not a dash). A list
    item (*a).*, *-*) or an *Input/Output* line is a row of its own.

    >>> prev = Row(5, ["1", "Program Peningkatan Sarana dan", "", ""], "", (5,))
    >>> _values_below_name(prev, ["", "Prasarana Aparatur", "1.250.000.000", "1.100.000.000"])
    True
    >>> prev = Row(5, ["1", "Program Pelayanan Administrasi", "", ""], "", (5,))
    >>> _values_below_name(prev, ["", "Kegiatan Rapat Koordinasi", "1.250.000.000", "1.100.000.000"])
    False
    """
    if not cells or cells[0].strip():
        return False
    prev_cells = prev.cells
    first = prev_cells[0].strip() if prev_cells else ""
    if first and not _SHORT_INT.fullmatch(first.rstrip(".)")):
        return False
    text_cols = [j for j in range(1, len(prev_cells)) if prev_cells[j].strip()]
    if len(text_cols) != 1 or any(_DIGIT.search(prev_cells[j]) for j in text_cols):
        return False
    j = text_cols[0]
    here = cells[j].strip() if j < len(cells) else ""
    others = [c.strip() for k, c in enumerate(cells) if k != j and c.strip()]
    if not here or not others or not all(_DIGIT.search(c) or c == "-" for c in others):
        return False
    if _LIST_ITEM_START.match(here) or _STRUCTURAL.match(here):
        return False  # an item of its own ('a). Belanja', '- Kegiatan', 'Input')
    above = prev_cells[j].strip()
    last = above.split()[-1].lower()
    return here[0].islower() or (last in NAME_CONNECTOR_WORDS and last not in ("-", "–")) \
        or above[-1] in ",/&("


# --------------------------------------------------------------------------------------
# TAB tables
# --------------------------------------------------------------------------------------
def _split_tab(line: str) -> list[str]:
    line = line.rstrip("\n")
    # the characters normalise_cell acts on besides white space: markup ('**', tags), entities,
    # the no-break space and NUL (its own mark of a block tag)
    if "*" in line or "<" in line or "&" in line or "\u00a0" in line or "\x00" in line:
        return list(map(normalise_cell, line.split("\t")))
    # none of them in the line (most lines): normalise_cell of each cell only folds white space
    return [" ".join(c.split()) for c in line.split("\t")]


def _pad(cells: list[str], n: int) -> list[str]:
    return cells + [""] * (n - len(cells)) if len(cells) < n else cells


def _strip_trailing_empty(cells: list[str]) -> list[str]:
    out = list(cells)
    while out and not out[-1].strip():
        out.pop()
    return out


#: Blank lines a run of TAB lines may have inside and still be one table (converters keep the
#: vertical space of tall rows and page breaks as blank lines).
TAB_BLOCK_MAX_BLANK_LINES = 2


def _tab_blocks(lines: list[str], skip: set[int]) -> list[list[int]]:
    """Runs of TAB lines (1-based numbers); blank lines inside a run are allowed (up to
    :data:`TAB_BLOCK_MAX_BLANK_LINES`) when the run continues right after."""
    blocks: list[list[int]] = []
    cur: list[int] = []
    gap = 0
    for i, t in enumerate(lines, start=1):
        if i in skip:
            if cur:
                blocks.append(cur)
                cur, gap = [], 0
            continue
        if t.count("\t") >= MAX_TABLE_COLUMNS:  # not a table row: text (see MAX_TABLE_COLUMNS)
            if cur:
                blocks.append(cur)
            cur, gap = [], 0
            continue
        if "\t" in t and t.replace("\t", "").strip() != "" or ("\t" in t and cur):
            cur.append(i)
            gap = 0
        elif not t.strip() and cur and gap < TAB_BLOCK_MAX_BLANK_LINES:
            gap += 1
        else:
            if cur:
                blocks.append(cur)
            cur, gap = [], 0
    if cur:
        blocks.append(cur)
    return blocks


def _clean_rows(header: list[list[str]], raw_rows: list[Row], width: int) -> tuple[list[Row], list[int]]:
    """Data rows of any table format with page-break repeats of the header removed (their
    lines returned) and wrapped lines merged into the row above (:func:`_is_continuation`)."""
    hkeys = [_norm_key(h) for h in header]
    hall = "".join(hkeys)
    rows: list[Row] = []
    repeats: list[int] = []
    for raw in raw_rows:
        # a repeat's key is a header row's key, or each of its cells' keys is in the header's:
        # either way every cell's key is in ``hall`` (a row's key is its cells' keys joined), a
        # test that most data rows fail at their first cells without keying the whole row
        if hkeys and all(_cell_key(c) in hall for c in raw.cells) and (key := _norm_key(raw.cells)) \
                and (key in hkeys or _repeats_header(raw.cells, hall)):
            repeats.append(raw.line)
            continue
        cells = _pad(raw.cells, width)
        if rows and _values_below_name(rows[-1], cells):
            # the name of the row above goes on here, where its values are printed
            prev = rows[-1]
            merged = [(a + " " + b).strip() if a.strip() and b.strip() else (a or b)
                      for a, b in zip(_pad(prev.cells, width), cells)]
            more = tuple(x for x in raw.lines if x not in prev.lines)
            rows[-1] = Row(prev.line, merged, prev.raw + "\n" + raw.raw, prev.lines + more)
            continue
        if rows and _is_continuation(rows[-1], cells):
            prev = rows[-1]
            merged = [
                (rejoin_cut_number(a, b)[0] if _continues_cut_number(a, b) else (a + " " + b)).strip()
                if b.strip() else a
                for a, b in zip(_pad(prev.cells, width), cells)
            ]
            more = tuple(x for x in raw.lines if x not in prev.lines)
            rows[-1] = Row(prev.line, merged, prev.raw + "\n" + raw.raw, prev.lines + more)
        else:  # the row as given when it needs no padding (the callers drop their lists)
            rows.append(raw if cells is raw.cells else Row(raw.line, cells, raw.raw, raw.lines))
    return rows, repeats


def _text_only(cells: list[str]) -> bool:
    """A row of words: some text, no value (:func:`_has_value`), no cell longer than
    :data:`NUMBERED_HEADER_CELL_MAX` (a header row above a numbering row)."""
    nonempty = [c for c in cells if c.strip()]
    return bool(nonempty) and all(len(c) <= NUMBERED_HEADER_CELL_MAX and not _has_value(c) for c in nonempty)


def _numbered_header_rows(rows_cells: list[tuple[list[str], int]]) -> int:
    """How many leading rows form a header that ends in a column-numbering row (``1 | 2 | 3``
    under the column names): rows of words and then the numbering row, at most
    :data:`MAX_HEADER_ROWS` in all; 0 when the rows do not start so."""
    for k, (cells, _) in enumerate(rows_cells[:MAX_HEADER_ROWS]):
        if is_numbering_row(cells):
            return k + 1 if k else 0
        if not _text_only(cells):
            return 0
    return 0


def _header_rows(rows_cells: list[tuple[list[str], int]]) -> int:
    """How many leading rows of a TAB block are its header: the leading header-like rows
    (:func:`_headerish`), or the rows down to a column-numbering row
    (:func:`_numbered_header_rows`) when those are more."""
    numbered = _numbered_header_rows(rows_cells)
    k = 0
    while k < len(rows_cells) and k < MAX_HEADER_ROWS:
        cells = rows_cells[k][0]
        if not _headerish(cells, first=not k):
            break
        # a later text-only row counts as header only if it has gaps (spanning header)
        if k and not is_numbering_row(cells) and all(c.strip() for c in cells) and len(cells) > 2:
            break
        # below a column-numbering row only labels without digits ('K | Rp' under a quarter)
        # continue the header: a row with codes or numbers ('2 | 05 | Program …') is data
        if k and is_numbering_row(rows_cells[k - 1][0]) and _DIGIT.search("".join(cells)):
            break
        k += 1
    return max(k, numbered)


def _new_table_start(rows_cells: list[tuple[list[str], int]], k: int) -> int | None:
    """Where a second table starts inside one TAB block (the converter printed two tables
    without a blank line between them, often across a page break): the first row after the
    header (``k`` rows) that opens a header ending in a column-numbering row unlike the
    table's own (a repeat of the header on a new page has the same numbering row). The new
    table starts at the rows of words just above that numbering row, at most
    ``MAX_HEADER_ROWS - 1`` of them, after at least one data row of the first table."""
    own = {_norm_key(c) for c, _ in rows_cells[:k] if is_numbering_row(c)}
    for p in range(k + 1, len(rows_cells)):
        cells = rows_cells[p][0]
        if not is_numbering_row(cells) or _norm_key(cells) in own:
            continue
        start = p
        while start > k + 1 and p - start < MAX_HEADER_ROWS - 1 and _text_only(rows_cells[start - 1][0]):
            start -= 1
        if start < p and _numbered_header_rows(rows_cells[start:]) == p - start + 1:
            return start
    return None


def _build_tab_tables(lines: list[str], block: list[int]) -> list[Table]:
    """The tables of one TAB block: usually one; more where a new header with its own
    column-numbering row starts another table inside the block (:func:`_new_table_start`)."""
    rows_cells = [(_strip_trailing_empty(_split_tab(lines[i - 1])), i) for i in block]
    rows_cells = [(c, i) for c, i in rows_cells if c]  # a cell left is not blank (the last is not)
    tables = []
    while True:
        k = _header_rows(rows_cells)
        start = _new_table_start(rows_cells, k)
        if start is None:
            tables.append(_tab_table(lines, block, rows_cells, k))
            return tables
        first_line = rows_cells[start][1]
        tables.append(_tab_table(lines, [i for i in block if i < first_line], rows_cells[:start], k))
        block = [i for i in block if i >= first_line]
        rows_cells = rows_cells[start:]


def _tab_table(lines: list[str], block: list[int], rows_cells: list[tuple[list[str], int]], k: int) -> Table:
    # the table of the block's rows (cells, line) whose first ``k`` rows are the header
    header = [c for c, _ in rows_cells[:k]]
    header_lines = [i for _, i in rows_cells[:k]]
    # a single 'header' that is really a data row of a text table: keep it as header anyway
    width = max([len(c) for c, _ in rows_cells] + [1])
    rows, repeats = _clean_rows(header, [Row(i, c, lines[i - 1], (i,)) for c, i in rows_cells[k:]], width)
    header = [_pad(h, width) for h in header]
    return Table(
        start_line=block[0], end_line=block[-1], header=header, header_lines=header_lines,
        rows=rows, fmt="tab", repeated_header_lines=repeats,
    )


def _extend_header(table: Table) -> Table:
    """Move leading data rows that are header rows in all but name (a second header line of
    a Markdown table, or of an HTML table without ``<th>``) into the header."""
    while table.rows and len(table.header) < 4:
        cells = table.rows[0].cells
        if not table.header or not _headerish(cells, first=False) or (
                all(c.strip() for c in cells) and len(cells) > 2 and not is_numbering_row(cells)):
            break
        table.header.append(list(cells))
        table.header_lines.append(table.rows[0].line)
        table.rows = table.rows[1:]
    return table


# --------------------------------------------------------------------------------------
# HTML tables
# --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _html_table_parser() -> type:
    """The parser class of HTML tables, defined on first use: ``html.parser`` is imported only
    when a document holds an HTML table (most inputs are text or Markdown renderings)."""
    from html.parser import HTMLParser

    class _HTMLTableParser(HTMLParser):
        """Collects rows of one ``<table>`` with rowspan/colspan expanded."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.rows: list[tuple[int, list[tuple[str, int, int, bool]]]] = []
            self._cell: list[str] | None = None
            self._cell_attrs: tuple[int, int, bool] = (1, 1, False)
            self._row: list[tuple[str, int, int, bool]] | None = None
            self._row_line = 0
            self.depth = 0
            #: the text of the table's <caption> ('Tabel 3.1 …'), None without one
            self.caption: str | None = None
            self._caption: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "caption" and self.caption is None:
                self._caption = []
            elif tag == "table":
                self.depth += 1
            elif tag == "tr":
                self._row = []
                self._row_line = self.getpos()[0]
            elif tag in ("td", "th"):
                if self._row is None:
                    self._row = []
                    self._row_line = self.getpos()[0]
                self._cell = []
                try:
                    rs = int(a.get("rowspan") or 1)
                    cs = int(a.get("colspan") or 1)
                except ValueError:
                    rs = cs = 1
                self._cell_attrs = (max(rs, 1), max(cs, 1), tag == "th")
            elif self._cell is not None and tag == "br":
                self._cell.append("\x01")  # a line break: joined or separating (_join_wrapped_lines)
            elif self._cell is not None and tag in ("p", "li", "div"):
                self._cell.append("\x00")

        def handle_endtag(self, tag):
            if tag == "caption" and self._caption is not None:
                self.caption = " ".join("".join(self._caption).split()) or None
                self._caption = None
            elif tag in ("td", "th") and self._cell is not None and self._row is not None:
                text = "".join(self._cell)
                if "\x01" in text:
                    text = _join_wrapped_lines(text)
                parts = [" ".join(p.split()) for p in text.split("\x00")]  # white space folded
                txt = _SEP.join(p for p in parts if p).replace("**", "")
                rs, cs, th = self._cell_attrs
                self._row.append((txt, rs, cs, th))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                self.rows.append((self._row_line, self._row))
                self._row = None

        def handle_data(self, data):
            if self._cell is not None:
                self._cell.append(data)
            elif self._caption is not None:
                self._caption.append(data)

    return _HTMLTableParser


def _html_table(fragment: str, first_line: int) -> Table:
    parser = _html_table_parser()()
    parser.feed(fragment)
    parser.close()
    grid: dict[tuple[int, int], str] = {}
    is_header: list[bool] = []
    row_lines: list[int] = []
    pending: dict[tuple[int, int], str] = {}
    for r, (lineno, cells) in enumerate(parser.rows):
        row_lines.append(first_line + lineno - 1)
        c = 0
        all_th = bool(cells) and all(th for *_, th in cells)
        is_header.append(all_th)
        for txt, rs, cs, _th in cells:
            while (r, c) in pending:
                grid[(r, c)] = pending.pop((r, c))
                c += 1
            for dc in range(cs):
                grid[(r, c + dc)] = txt if dc == 0 else ""
                for dr in range(1, rs):
                    pending[(r + dr, c + dc)] = txt if dc == 0 else ""
            c += cs
        while (r, c) in pending:
            grid[(r, c)] = pending.pop((r, c))
            c += 1
    n_rows = len(parser.rows)
    width = max([c for (_, c) in grid] + [-1]) + 1
    matrix = [[grid.get((r, c), "") for c in range(width)] for r in range(n_rows)]
    header: list[list[str]] = []
    header_lines: list[int] = []
    k = 0
    if any(is_header):
        while k < n_rows and is_header[k]:
            header.append(matrix[k])
            header_lines.append(row_lines[k])
            k += 1
    elif n_rows and _headerish(matrix[0], first=True) and not _md_section_row(matrix[0]):
        header.append(matrix[0])
        header_lines.append(row_lines[0])
        k = 1
    rows = [Row(row_lines[r], matrix[r], fragment.splitlines()[row_lines[r] - first_line]
                if fragment.splitlines() else fragment, (row_lines[r],))
            for r in range(k, n_rows)]
    last = first_line + fragment.count("\n")
    table = Table(first_line, last, header, header_lines, rows, fmt="html")
    if parser.caption and caption_kind(parser.caption) == "table":
        table.caption, table.caption_line = normalise_cell(parser.caption), first_line
    if not any(is_header):
        table = _extend_header(table)
    table.rows, table.repeated_header_lines = _clean_rows(table.header, table.rows, width)
    return table


_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)


def _find_html_tables(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first_line, last_line, fragment) of each top-level ``<table>…</table>``."""
    text = "\n".join(lines)
    out = []
    for m in _HTML_TABLE.finditer(text):
        first = text.count("\n", 0, m.start()) + 1
        last = text.count("\n", 0, m.end()) + 1
        # include the full first line so row line numbers stay right
        out.append((first, last, m.group(0)))
    return out


def _unfold_side_by_side(table: Table) -> None:
    """A table printed in two (or three) halves side by side to save space, its header
    repeating the same labels (*No | Kabupaten/Kota | IPM | No | Kabupaten/Kota | IPM*), is
    read as one column set: a row per half and printed line, in line order (each row keeps its
    printed line). Changes ``table`` in place.

    Examples
    --------
    >>> t = Table(1, 3, [["No", "Kabupaten", "IPM", "No", "Kabupaten", "IPM"]], [1],
    ...           [Row(2, ["1", "Jembrana", "72,84", "3", "Bangli", "70,52"], "", (2,)),
    ...            Row(3, ["2", "Tabanan", "76,54", "", "", ""], "", (3,))])
    >>> _unfold_side_by_side(t)
    >>> t.header, [(r.line, r.cells) for r in t.rows]
    ([['No', 'Kabupaten', 'IPM']], [(2, ['1', 'Jembrana', '72,84']), (2, ['3', 'Bangli', '70,52']), (3, ['2', 'Tabanan', '76,54'])])
    """
    if not table.header or not table.rows:
        return
    labels = list(table.header[-1])
    while labels and not labels[-1].strip():
        labels.pop()
    n = len(labels)
    for k in (2, 3):
        g = n // k
        if n % k or g < 2:
            continue
        groups = [labels[i * g:(i + 1) * g] for i in range(k)]
        keys = {_norm_key(x) for x in groups}
        if len(keys) != 1 or sum(1 for c in groups[0] if c.strip()) < 2:
            continue
        if any(len({_norm_key(h[i * g:(i + 1) * g]) for i in range(k)}) != 1 for h in table.header[:-1]):
            continue  # a spanning row above that differs per half: not the same columns
        # in line order (the left half's row of a line before the right half's), as every
        # table's rows are
        table.rows = sorted((Row(r.line, r.cells[i * g:(i + 1) * g], r.raw, r.lines)
                             for i in range(k) for r in table.rows if any(c.strip() for c in r.cells[i * g:(i + 1) * g])),
                            key=lambda row: row.line)
        table.header = [h[:g] for h in table.header]
        return


#: A cell holding a currency sign alone: spreadsheet exports print *Rp* in a column of its own
#: left of each amount (*Anggaran* spanning ``Rp | 1.250.000.000``).
_CURRENCY_ONLY = re.compile(r"R[pP]\.?")


def _join_currency_columns(table: Table) -> None:
    """Join a column that holds only a currency sign (:data:`_CURRENCY_ONLY`, on at least half
    of the rows and on no other cell) to the column right of it: ``Rp | 1.250.000.000`` becomes
    the cell ``Rp 1.250.000.000`` under the sign column's label (the amount's column often has
    no label of its own). Changes ``table`` in place; the rows' printed lines are unchanged.

    Examples
    --------
    >>> t = Table(1, 3, [["No", "Program", "Anggaran", "", "%"]], [1],
    ...           [Row(2, ["1", "A", "Rp", "1.250.000.000", "88"], "", (2,)),
    ...            Row(3, ["2", "B", "Rp.", "2.000.000", "75"], "", (3,))])
    >>> _join_currency_columns(t)
    >>> t.header, [r.cells for r in t.rows]
    ([['No', 'Program', 'Anggaran', '%']], [['1', 'A', 'Rp 1.250.000.000', '88'], ['2', 'B', 'Rp. 2.000.000', '75']])
    """
    j = 0
    while j < table.n_cols - 1:
        signs = 0
        ok = True
        for r in table.rows:
            c = r.cells[j].strip() if j < len(r.cells) else ""
            if c:
                if not _CURRENCY_ONLY.fullmatch(c):
                    ok = False
                    break
                signs += 1
        if not ok or signs < max(1, len(table.rows) / 2):
            j += 1
            continue
        for r in table.rows:
            if j + 1 < len(r.cells):
                r.cells[j] = f"{r.cells[j]} {r.cells[j + 1]}".strip()
                del r.cells[j + 1]
        for h in table.header:
            if j + 1 < len(h):
                h[j] = f"{h[j]} {h[j + 1]}".strip()
                del h[j + 1]


# --------------------------------------------------------------------------------------
# Markdown tables
# --------------------------------------------------------------------------------------
_MD_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
#: A border line of a grid table (``+----+-------+``, ``+====+=======+`` under the header; pandoc
#: grid tables, ``tabulate``'s grid formats): a delimiter under the header, skipped between rows.
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+){2,}\s*$")
_MD_CELL_SEP = re.compile(r"(?<!\\)\|")


#: Markdown: header lines (pipe lines without values, as many cells as the header) printed
#: above the line the delimiter row follows that join the table's header.
MD_HEADER_LINES_ABOVE = 3


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [normalise_cell(c.replace("\\|", "|")) for c in _MD_CELL_SEP.split(s)]


def _find_markdown_tables(lines: list[str], skip: set[int]) -> list[Table]:
    tables = []
    i = 1
    n = len(lines)
    while i < n:
        if i not in skip and i + 1 not in skip and "|" in lines[i - 1] and (
                _MD_SEP.match(lines[i]) or _GRID_BORDER.match(lines[i])):
            header = _md_cells(lines[i - 1])
            start = i
            # header lines printed above the one the delimiter row follows (a group label over
            # its sub-columns: '| Uraian | Anggaran | | Realisasi | |' over '| | Rp | % | Rp | % |'):
            # pipe lines of as many cells, without values, right above
            above: list[list[str]] = []
            k = i - 1
            while (len(above) < MD_HEADER_LINES_ABOVE and k >= 1 and k - 1 not in skip
                   and lines[k - 1].strip().startswith("|") and not _MD_SEP.match(lines[k - 1])):
                cells = _md_cells(lines[k - 1])
                if len(cells) != len(header) or not _headerish(cells, first=True):
                    break
                above.insert(0, cells)
                k -= 1
            j = i + 2
            rows = []
            while j <= n and lines[j - 1].strip().startswith("|") or (
                j <= n and lines[j - 1].count("|") >= 2 and "\t" not in lines[j - 1]
            ):
                if _MD_SEP.match(lines[j - 1]):
                    j += 1
                    continue
                rows.append(Row(j, _pad(_md_cells(lines[j - 1]), len(header)), lines[j - 1], (j,)))
                j += 1
                while j <= n and _GRID_BORDER.match(lines[j - 1]):
                    j += 1  # a grid table's border between rows
            if not above and (not _headerish(header, first=True) or _md_section_row(header)):
                # a "header" with values (or one label alone, a section row) is a data row: the
                # piece of a table continued after a page break or a blank line, whose converter
                # made its first row the header (Markdown needs one). Read headerless, as the TAB
                # piece is; :func:`_join_table_pieces` joins it to the table above
                width = max([len(header)] + [len(r.cells) for r in rows])
                table = Table(start, j - 1, [], [],
                              [Row(start, _pad(header, width), lines[start - 1], (start,)), *rows], fmt="markdown")
                table.rows, table.repeated_header_lines = _clean_rows([], table.rows, width)
                tables.append(table)
                i = j
                continue
            first = start - len(above)
            table = _extend_header(Table(first, j - 1, [*above, header], list(range(first, start + 1)), rows,
                                         fmt="markdown"))
            table.rows, table.repeated_header_lines = _clean_rows(table.header, table.rows, len(header))
            tables.append(table)
            i = j
        else:
            i += 1
    return tables + _pipe_blocks(lines, skip | {k for t in tables for k in range(t.start_line, t.end_line + 1)})


#: Pipe lines without a delimiter row that form a table: at least this many in a row, each
#: ``| a | b | c |`` with as many cells (at least three).
PIPE_BLOCK_MIN_LINES = 3


def _pipe_blocks(lines: list[str], skip: set[int]) -> list[Table]:
    """Tables written as pipe lines without a Markdown delimiter row (some converters write
    none): :data:`PIPE_BLOCK_MIN_LINES` or more consecutive lines ``| … |`` with the same number
    of cells (three or more). The first line is the header when it looks like one
    (:func:`_headerish`), else every line is data (the extractors take the header above)."""
    out: list[Table] = []
    n = len(lines)
    k = 1
    while k <= n:
        width = _pipe_width(lines[k - 1]) if k not in skip else 0
        if width < 3:
            k += 1
            continue
        end = k
        while end + 1 <= n and end + 1 not in skip and _pipe_width(lines[end]) == width:
            end += 1
        if end - k + 1 >= PIPE_BLOCK_MIN_LINES:
            cells = [_md_cells(lines[m - 1]) for m in range(k, end + 1)]
            if _headerish(cells[0], first=True) and not _md_section_row(cells[0]):
                header, header_lines, first = [cells[0]], [k], 1
            else:
                header, header_lines, first = [], [], 0
            rows = [Row(m, cells[m - k], lines[m - 1], (m,)) for m in range(k + first, end + 1)]
            table = Table(k, end, header, header_lines, rows, fmt="markdown")
            table.rows, table.repeated_header_lines = _clean_rows(header, table.rows, width)
            out.append(table)
        k = end + 1
    return out


def _pipe_width(line: str) -> int:
    # the cells of a '| a | b |' line (0 for any other line)
    s = line.strip()
    if len(s) < 5 or s[0] != "|" or s[-1] != "|" or _MD_SEP.match(s):
        return 0
    return len(_md_cells(s))


_SECTION_CODE = re.compile(r"(?:[A-Z]|[IVXL]{1,5}|\d{1,2})[.)]?")


def _md_section_row(cells: list[str]) -> bool:
    """A Markdown "header" that is a section row of a table piece: in a table of more than three
    columns, one label alone, or a list code and a label (``| B. | Program : … | | |``).

    >>> _md_section_row(["B.", "Program : Penguatan Peraturan", "", "", ""])
    True
    >>> _md_section_row(["No", "Program", "Anggaran", "Realisasi"])
    False
    """
    filled = [c.strip() for c in cells if c.strip()]
    return len(cells) > 3 and (len(filled) == 1 or (len(filled) == 2 and bool(_SECTION_CODE.fullmatch(filled[0]))))


def _join_header_blocks(tables: list[Table], lines: list[str]) -> list[Table]:
    """Join a table that is a header only (its rows, at most two, hold labels and no value) to
    the table right below it whose header is a column-numbering row (``1 | 2 | 3``), when only
    blank lines (at most :data:`TABLE_PIECE_MAX_BLANK_LINES` + 1) lie between and both have as
    many columns (give or take one): a converter that keeps vertical space as blank lines cut
    the header from its numbering row and rows (pdftotext -layout of a Renja plan form)."""
    out: list[Table] = []
    for t in tables:
        prev = out[-1] if out else None
        if (prev is not None and t.header and is_numbering_row(t.header[-1]) and len(t.header) == 1
                and len(prev.rows) <= 2 and all(_headerish(r.cells, first=False) for r in prev.rows)
                and abs(prev.n_cols - t.n_cols) <= 1
                and t.start_line - prev.end_line - 1 <= TABLE_PIECE_MAX_BLANK_LINES + 1
                and not any(lines[k - 1].strip() for k in range(prev.end_line + 1, t.start_line))):
            width = max(prev.n_cols, t.n_cols)
            header = [_pad(h, width) for h in prev.header] + [_pad(r.cells, width) for r in prev.rows] + \
                [_pad(t.header[-1], width)]
            merged = Table(prev.start_line, t.end_line, header,
                           prev.header_lines + [r.line for r in prev.rows] + t.header_lines,
                           [Row(r.line, _pad(r.cells, width), r.raw, r.lines) for r in t.rows], fmt=t.fmt,
                           caption=prev.caption, caption_line=prev.caption_line, context=prev.context,
                           context_line=prev.context_line,
                           repeated_header_lines=prev.repeated_header_lines + t.repeated_header_lines)
            out[-1] = merged
            continue
        out.append(t)
    return out


#: Markdown and HTML: blank lines (and page markers) that may separate two pieces of one table.
TABLE_PIECE_MAX_BLANK_LINES = 3


def _join_table_pieces(tables: list[Table], lines: list[str]) -> list[Table]:
    """Join a headerless Markdown or HTML table (its first row was data, or a section row:
    :func:`_find_markdown_tables`, :func:`_html_table`) to the table of its format right above
    it when only blank lines (at most
    :data:`TABLE_PIECE_MAX_BLANK_LINES`, page markers count as blank) lie between and both have
    as many columns (give or take an empty last one): converters end a Markdown table at a
    blank line or a page break, and the
    rest of the table starts a new one. A TAB table keeps such pieces in one block."""
    out: list[Table] = []
    for t in sorted(tables, key=lambda x: x.start_line):
        prev = out[-1] if out else None
        if (prev is not None and not t.header and prev.fmt == t.fmt and t.fmt in ("markdown", "html")
                and abs(prev.n_cols - t.n_cols) <= 1
                and t.start_line - prev.end_line - 1 <= TABLE_PIECE_MAX_BLANK_LINES
                and not any(lines[k - 1].strip() for k in range(prev.end_line + 1, t.start_line))):
            width = max(prev.n_cols, t.n_cols)
            prev.rows = [Row(r.line, _pad(r.cells, width), r.raw, r.lines) for r in prev.rows + t.rows]
            prev.end_line = t.end_line
            prev.repeated_header_lines += t.repeated_header_lines
            continue
        out.append(t)
    return out


# --------------------------------------------------------------------------------------
# Headings and captions
# --------------------------------------------------------------------------------------
_BAB = re.compile(r"^\W*BAB\s+([IVXL]+|\d+)\b\.?\s*(.*)$", re.I)
_NUMBERED = re.compile(r"^[\s*\-–]*(\d{1,2}(?:\s?\.\s?\d{1,2})*)\s?[.)]?\s+(\S.*)$")
_LETTERED = re.compile(r"^[\s*]*([A-Za-z])\s?[.)]\s+(\S.*)$")
_GROUPED_NUMBER_START = re.compile(r"^\d{1,2}\s?[.,]\s?\d{3}")
_WHITESPACE = re.compile(r"\s")


def _headings(lines: list[str], table_lines: set[int]) -> list[Heading]:
    out = []
    for i, t in enumerate(lines, start=1):
        if i in table_lines or "\t" in t:
            continue
        s = t.replace("**", "").strip()
        if not s or len(s) > 200:
            continue
        marked = bool(_MD_HEADING.match(s))  # '## B. Dinas …', '### Dinas Kesehatan'
        if marked:
            s = _MD_LINE_MARKUP.sub("", s).strip()
        elif s.startswith("<") and _HTML_LINE_TAG.match(s):
            # an HTML line ('<h2>B. Dinas …</h2>', '<p>3.1 …</p>'); an <h1>-<h6> is a heading
            # even without a number
            marked = bool(_HTML_HEADING.match(s))
            s = normalise_cell(s)
        m = _BAB.match(s)
        if m:
            out.append(Heading(i, "bab", m.group(1).upper(), m.group(2).strip()))
            continue
        if caption_kind(s) == "table":
            out.append(Heading(i, "caption", "", s))
            continue
        m = _NUMBERED.match(s)
        if m and not _GROUPED_NUMBER_START.match(s):
            out.append(Heading(i, "numbered", _WHITESPACE.sub("", m.group(1)), m.group(2).strip()))
            continue
        m = _LETTERED.match(s)
        if m and len(s) <= 150:
            out.append(Heading(i, "lettered", m.group(1), m.group(2).strip()))
        elif marked and s and len(s) <= 150:
            # a Markdown heading without a number: a heading of its own level, read as a
            # lettered one without its letter
            out.append(Heading(i, "lettered", "", s))
    return out


#: A Markdown heading line ('## 3.1 Capaian …').
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
#: An HTML heading element at the start of a line.
_HTML_HEADING = re.compile(r"<h[1-6]\b", re.I)


def _attach_caption(table: Table, lines: list[str], table_lines: set[int]) -> None:
    """Look up to six non-blank lines above the table for a 'Tabel …' caption and the
    nearest text line (context). An HTML table's own ``<caption>`` is kept."""
    own = (table.caption, table.caption_line) if table.caption is not None else None
    _look_above(table, lines, table_lines)
    if own is not None:
        table.caption, table.caption_line = own


def _look_above(table: Table, lines: list[str], table_lines: set[int]) -> None:
    i = table.start_line - 1
    seen = 0
    texts: list[tuple[int, str]] = []
    while i >= 1 and seen < 6:
        if i in table_lines:
            break
        t = lines[i - 1].replace("**", "").strip()
        if t[:1] in "#>*_":
            t = _MD_LINE_MARKUP.sub("", t).strip()  # '### Tabel 3.1 …', '*Tabel 3.1 …*', '> …'
        if t.startswith("<") and _HTML_LINE_TAG.match(t):
            t = normalise_cell(t)  # an HTML paragraph or heading line ('<p>Tabel 3.5 …</p>')
        if t:
            seen += 1
            texts.append((i, t))
            kind = caption_kind(t)
            if kind == "figure":
                break  # a figure caption between: the table has no caption of its own
            if kind == "table":
                caption = t
                if caption_number(t) is None:
                    # an unnumbered title line under a bare 'Tabel 2.1': the number is above
                    k = i - 1
                    while k >= 1 and not lines[k - 1].strip() and k not in table_lines:
                        k -= 1
                    above = lines[k - 1].replace("**", "").strip() if k >= 1 and k not in table_lines else ""
                    if caption_number(above) and is_bare_caption(above):
                        caption, i = f"{above} {t}", k
                        texts.append((k, above))
                # 'Tabel 2.4' alone: the title is on the next non-blank line
                below = [x for x in texts if x[0] > i]
                if is_bare_caption(t) and below:
                    caption = f"{t} {below[-1][1]}"
                table.caption = normalise_cell(caption)
                table.caption_line = i
                break
        i -= 1
    if texts:
        table.context_line, table.context = texts[0][0], normalise_cell(texts[0][1])[:300]


#: Markdown markup around a line: heading marks, a quote mark, emphasis around it.
_MD_LINE_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s*)+|^[*_]+|[*_]+$")
_HTML_LINE_TAG = re.compile(r"<(?:p|h[1-6]|div|span|b|strong|caption)\b[^>]*>", re.I)

#: Non-blank lines below a table searched for its caption when none stands above it.
CAPTION_BELOW_LINES = 2


def _attach_captions_below(tables: list[Table], lines: list[str], table_lines: set[int]) -> None:
    """A table without a caption above takes a numbered *Tabel …* caption printed right below
    it (within :data:`CAPTION_BELOW_LINES` non-blank lines, *Sumber: …* lines skipped), unless
    that caption is another table's (the next table's, above it)."""
    used = {t.caption_line for t in tables if t.caption_line is not None}
    for t in tables:
        if t.caption is not None:
            continue
        i, seen = t.end_line + 1, 0
        while i <= len(lines) and seen < CAPTION_BELOW_LINES and i not in table_lines:
            text = lines[i - 1].replace("**", "").strip()
            if text:
                if _SOURCE_LINE.match(text):
                    i += 1
                    continue
                seen += 1
                if caption_kind(text) == "table" and caption_number(text) and i not in used:
                    t.caption, t.caption_line = normalise_cell(text), i
                    used.add(i)
                    break
            i += 1


#: Most non-blank lines between a captioned table and a captionless one printing the same
#: header for the second to be read as the first one's continuation (a page footer, the
#: running header and the page number of the next page).
CONTINUATION_MAX_LINES_BETWEEN = 4


def _continue_captions(tables: list[Table], lines: list[str]) -> None:
    """A captionless table right after a captioned one (no table between, at most
    :data:`CONTINUATION_MAX_LINES_BETWEEN` short non-blank lines between) that prints the same
    header (:func:`_stacked_key`) is its continuation on the next page: it takes the caption
    (its name was the running page header above it)."""
    for prev, t in zip(tables, tables[1:]):
        if t.caption is not None or prev.caption is None or not t.header or not prev.header:
            continue
        between = [lines[k - 1].strip() for k in range(prev.end_line + 1, t.start_line) if lines[k - 1].strip()]
        if len(between) <= CONTINUATION_MAX_LINES_BETWEEN and all(len(b) < 80 for b in between) \
                and not any(caption_kind(b) for b in between) and _stacked_key(t.header) == _stacked_key(prev.header):
            t.caption, t.caption_line = prev.caption, prev.caption_line


#: A line naming a table's source (*Sumber: BPS*), printed under it before any caption.
_SOURCE_LINE = re.compile(r"^\W*sumber\s*(?:data)?\s*:", re.I)


# A lettered or numbered heading between two tables ('(e). SIPKD', '4. Zona Integritas') starts
# a new table; page-break debris (page numbers, running headers) does not look like this.
_LIST_HEADING = re.compile(r"^\(?(?:[a-z]|\d{1,2})[.)]+\s*\S", re.I)


def _merge_page_breaks(tables: list[Table], lines: list[str]) -> list[Table]:
    """Join a table with the one right after it (both of one format) when the second
    starts by repeating the first one's header (a page break) and only blank or short lines lie
    between them."""
    out: list[Table] = []
    for t in tables:
        if out and t.fmt == out[-1].fmt and out[-1].header and t.header:
            prev = out[-1]
            between = [lines[k - 1].strip() for k in range(prev.end_line + 1, t.start_line)]
            between = [b for b in between if b]
            keys, prev_keys = [_norm_key(h) for h in t.header], [_norm_key(h) for h in prev.header]
            # a header of as many rows must repeat whole (a year row 2014-2018 under the same
            # words as 2018-2022 starts another table); a shorter one repeats its first row
            same_header = keys == prev_keys or (len(keys) != len(prev_keys) and keys[0] == prev_keys[0]) or (
                # the same labels printed over another number of lines ('Anggaran (Rp)' in one
                # cell, or 'Anggaran' over '(Rp)')
                len(keys) != len(prev_keys) and _stacked_key(t.header) == _stacked_key(prev.header))
            if same_header and len(between) <= 2 and all(len(b) < 60 for b in between) and not any(
                caption_kind(b) == "table" or _LIST_HEADING.match(b) for b in between
            ):
                width = max(prev.n_cols, t.n_cols)
                prev.rows = [Row(r.line, _pad(r.cells, width), r.raw, r.lines) for r in prev.rows + t.rows]
                prev.repeated_header_lines += t.header_lines + t.repeated_header_lines
                prev.end_line = t.end_line
                continue
        out.append(t)
    return out


#: Characters converters write that carry no meaning of their own, mapped to what they stand for
#: (:func:`normalise_characters`): typographic ligatures (*Eﬁsiensi*) to their letters, the
#: invisible zero-width characters and the soft hyphen removed (a zero-width space inside
#: ``6\u200b0`` hid the number), thin, narrow and other fixed-width spaces (thousands written
#: ``1\u202f234\u202f567``) to a space, full-width digits and signs to ASCII.
CHARACTER_MAP: dict[int, str | None] = {
    **{ord(k): v for k, v in {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                               "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}.items()},
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    **dict.fromkeys(map(ord, "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                              "\u202f\u205f\u3000"), " "),
    **{0xFF10 + k: str(k) for k in range(10)},
    ord("\uff0c"): ",", ord("\uff0e"): ".", ord("\uff05"): "%", ord("\uff0d"): "-",
}
_MAPPED_CHARACTERS = re.compile("[" + "".join(re.escape(chr(c)) for c in CHARACTER_MAP) + "]")


def normalise_characters(text: str) -> str:
    """``text`` with the characters of :data:`CHARACTER_MAP` replaced (the text itself when it
    has none, the common case: one search, no copy).

    Examples
    --------
    >>> normalise_characters("Eﬁsiensi | 6\u200b0 | 1\u202f234\u202f567 | Indi\u00adkator | \uff18\uff15\uff05")
    'Efisiensi | 60 | 1 234 567 | Indikator | 85%'
    """
    return text.translate(CHARACTER_MAP) if _MAPPED_CHARACTERS.search(text) else text


def parse_document(text: str, doc_id: str, path: str = "<text>") -> Document:
    """Segment a decoded document's text into headings and tables (see module docstring).
    Characters without meaning of their own are normalised first (:func:`normalise_characters`)."""
    text = normalise_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    fed_lines = raw_lines  # with the form feeds (page breaks end layout tables)
    if "\f" in text and "<!-- page " not in text:
        # a converter's form feeds end its pages: the page of every line, the feeds removed
        pages: list[int | None] = list(itertools.accumulate(
            (t.count("\f") for t in raw_lines), initial=1))[1:]
        raw_lines = [t.replace("\f", "") for t in raw_lines]
        lines = list(raw_lines)
    elif "<!-- page " not in text:  # a text file: no page marker, so no page and no line blanked
        pages = [None] * len(raw_lines)
        lines = list(raw_lines)
    else:
        pages = page_map(raw_lines)
        # page markers are blank lines for the segmentation (a table continues across them)
        lines = ["" if p is not None and t.startswith("<!-- page ") and PAGE_MARKER.match(t) else t
                 for t, p in zip(raw_lines, pages)]
    html_spans = _find_html_tables(lines)
    html_lines: set[int] = set()
    tables: list[Table] = []
    for first, last, frag in html_spans:
        table = _html_table(frag, first)
        if table.n_cols > MAX_TABLE_COLUMNS:
            continue  # not read as a table: its lines stay text (see MAX_TABLE_COLUMNS)
        html_lines.update(range(first, last + 1))
        tables.append(table)
    tables = _merge_page_breaks(_join_table_pieces(tables, lines), lines)
    md_tables = _merge_page_breaks(_join_table_pieces(
        [t for t in _find_markdown_tables(lines, html_lines) if t.n_cols <= MAX_TABLE_COLUMNS], lines), lines)
    md_lines = {k for t in md_tables for k in range(t.start_line, t.end_line + 1)}
    layout_lines = 0
    if "\t" not in text:
        # layout text (pdftotext -layout and similar converters): no TAB anywhere; its
        # whitespace-aligned tables outside HTML and Markdown tables are read as TAB rows,
        # line for line (the document's lines become those rows too: cells for the extractors)
        marked = html_lines | md_lines
        for i, row in layout_table_rows(
                ["" if k in marked else t for k, t in enumerate(fed_lines, start=1)]).items():
            if i + 1 not in marked:
                lines[i] = raw_lines[i] = row
                layout_lines += bool(row.strip())
    tables += md_tables
    tab_tables = [
        t for b in _tab_blocks(lines, html_lines | md_lines) for t in _build_tab_tables(lines, b)
    ]
    tab_tables = [t for t in tab_tables if t.rows or t.header]
    all_table_lines = html_lines | md_lines | {
        k for t in tab_tables for k in range(t.start_line, t.end_line + 1)
    }
    for t in tab_tables:
        _attach_caption(t, lines, all_table_lines)
    tab_tables = _join_header_blocks(_merge_page_breaks(sorted(tab_tables, key=lambda t: t.start_line), lines), lines)
    for t in tables:
        _attach_caption(t, lines, all_table_lines)
    tables = sorted(tables + tab_tables, key=lambda t: t.start_line)
    _attach_captions_below(tables, lines, all_table_lines)
    _continue_captions(tables, lines)
    for t in tables:
        _join_currency_columns(t)
        _unfold_side_by_side(t)
    headings = _headings(lines, all_table_lines)
    style = infer_document_style(lines)  # infer_style(lines), in one scan
    doc = Document(doc_id, path, raw_lines, tables, headings, style, all_table_lines, pages)
    if layout_lines:
        # lines read as layout-text table rows (the extraction log says so)
        doc.derived["layout_table_lines"] = layout_lines
    return doc
