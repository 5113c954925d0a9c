"""Which agency (perangkat daerah) and which urusan a line of a report belongs to.

An LKPJ reports per urusan and per agency; its chapter III opens each section with a heading
(``1. Urusan Pendidikan dan Kebudayaan``, ``a. Biro Umum``, ``B. RSUD Prof. Dr. W.Z. Johannes
Kupang``) or a sentence (``Urusan ini dilaksanakan oleh Dinas Pendidikan dan Kebudayaan
Provinsi …``). This module turns those into events and answers "who reports line N?".

Rules (generic, no line numbers):

* a ``BAB`` heading resets the context to the document's own entity;
* a numbered or lettered heading starting with *Urusan* / *Unsur* sets the urusan and clears
  the agency;
* a short heading starting with an agency kind (Dinas, Badan, Biro, RSUD, Rumah Sakit,
  Sekretariat, Inspektorat, Satuan, Kantor, UPT) sets the agency, unless it is the kind word
  alone ('6. Sekretariat', a unit inside the agency);
* a sentence ``… dilaksanakan oleh <agency>`` sets the agency (cut at *Provinsi*, a comma,
  *dengan*, *yang*);
* headings of a table of contents (the heading or one of the next two non-blank lines ends in a
  page reference such as ``III-505`` or dot leaders) are ignored.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .documents import Document
from .vocabulary import AGENCY_COLUMN_HEADER, CASE_FOLDS_TO_ASCII

__all__ = ["SectionContext", "SectionIndex", "clean_entity_name", "is_agency_name", "row_agencies"]

_AGENCY = r"(?:Dinas|Badan|Biro|RSUD|Rumah\s+Sakit|Sekretariat|Inspektorat|Inpektorat|Satuan|Sat\s?Pol|Kantor|UPT)"
_AGENCY_HEAD = re.compile(rf"^{_AGENCY}\b", re.I)
_URUSAN_HEAD = re.compile(r"^(?:Urusan|Unsur|Sub\s+Urusan)\b", re.I)
#: A heading that is only a kind word names a unit inside an agency (001 L4192 '6. Sekretariat'
#: lists the secretariat of Dinas Perindustrian dan Perdagangan), not an agency.
_BARE_KIND = re.compile(rf"{_AGENCY}|Sekretariat\s+(?:Dinas|Badan)", re.I)
_TOC_REF = re.compile(r"(?:\b[IVX]+\s?-\s?\d+|\.{4,}\s*\d*|\t\s*\d{1,3})\s*$")
_BY = re.compile(rf"dilaksanakan\s+oleh\s*:?\s*((?:Dinas\s+)?{_AGENCY}\b[^.:;]*)", re.I)
_SPACES = re.compile(r"\s+")
_NAME_END = re.compile(
    r"\s+Provinsi\b|,\s*(?:dengan|yang|dalam|sebagai|pada)\b|\s+dengan\b|\s+yang\s+terdiri"
    r"|\s+dan\s+Dinas\b|\s+Prov\.|\s+(?:sepanjang|selama|pada)\b|\s+tahun\s+\d", re.I)
_DOUBLED_WORD = re.compile(r"\b(\w+)\s+\1\b", re.I)
_NOT_AN_AGENCY = re.compile(r"\bNomor\b|\bTahun\b\s+\d")
_NUMBERING = re.compile(r"^\d+[.)]\s*")


def clean_entity_name(text: str) -> str:
    """Trim an agency name taken from a heading or sentence.

    Cuts at 'Provinsi …', a comma, 'dengan', 'yang terdiri'; folds white space, removes
    doubled words ('Dinas Dinas Pariwisata' → 'Dinas Pariwisata').
    """
    s = _SPACES.sub(" ", text.replace("**", "")).strip(" :.-")
    s = _NAME_END.split(s, maxsplit=1)[0]
    s = _cut_at_prose(s)
    s = _DOUBLED_WORD.sub(r"\1", s)
    return s.strip(" :.-")


#: Lower-case words an agency name printed in title case may contain (*Dinas Pemuda, Olahraga
#: dan Pariwisata*); any other lower-case word after a comma is the sentence going on.
NAME_FUNCTION_WORDS: frozenset[str] = frozenset({"dan", "serta", "di", "&", "dan/atau", "atau"})
#: Lower-case words (not :data:`NAME_FUNCTION_WORDS`) after a comma that make the rest prose
#: (one is a misprint inside a name: *Dinas Kesehatan, kependudukan dan Pencatatan Sipil*).
PROSE_LOWER_WORDS = 2
_CAPITALISED = re.compile(r"\b[A-Z]")


def _cut_at_prose(name: str) -> str:
    """Cut a title-case agency name at the comma after which the sentence goes on: only
    lower-case words, or :data:`PROSE_LOWER_WORDS` of them (*Inspektorat, antara lain*;
    *Sekretariat, membawahkan*; *Inspektorat, Nilai maturitas penyelenggaraan SPIP ...*); the
    comma inside a name (*Dinas Pemuda, Olahraga dan Pariwisata*) is kept.

    Examples
    --------
    >>> _cut_at_prose("Inspektorat, antara lain"), _cut_at_prose("Dinas Pemuda, Olahraga dan Pariwisata")
    ('Inspektorat', 'Dinas Pemuda, Olahraga dan Pariwisata')
    """
    parts = name.split(",")
    if len(parts) < 2 or not _CAPITALISED.search(parts[0]) or parts[0] != parts[0].strip() \
            or any(w.islower() and w not in NAME_FUNCTION_WORDS for w in parts[0].split()[1:]):
        return name
    kept = parts[0]
    for part in parts[1:]:
        words = part.split()
        lower = sum(w.islower() and w not in NAME_FUNCTION_WORDS for w in words)
        if not words or lower >= PROSE_LOWER_WORDS or (lower and not any(w[:1].isupper() for w in words)):
            break
        kept += "," + part
    return kept


@dataclass(frozen=True)
class SectionContext:
    """Who reports at a given line."""

    entity: str
    urusan: str
    entity_line: int | None
    urusan_line: int | None


class SectionIndex:
    """Index of the agency and urusan sections of a document.

    Parameters
    ----------
    doc : Document
    default_entity : str
        The reporting entity from the manifest (used outside agency sections).
    """

    def __init__(self, doc: Document, default_entity: str) -> None:
        self.default_entity = default_entity
        self._doc = doc
        events = doc.derived.get("section_events")
        if events is None:  # each extractor builds an index: the events are found once per document
            events = doc.derived["section_events"] = _section_events(doc)
        self._lines = [e[0] for e in events]
        self._events = events
        # the context after the first k events, by k: every line between two events has the
        # same one (SectionContext is frozen, so it is shared), and the extractors ask per row
        self._by_count: dict[int, SectionContext] = {}

    @classmethod
    def of(cls, doc: Document, default_entity: str) -> "SectionIndex":
        """The index of ``doc`` for ``default_entity``, built once per document and entity and
        shared by the extractors (it does not change once built: :meth:`at` only fills a memo
        of contexts that depend on the events and ``default_entity`` alone).

        Examples
        --------
        >>> from analysis.extract.documents import parse_document
        >>> doc = parse_document("1. Urusan Pendidikan\\n\\nteks\\n", "x")
        >>> SectionIndex.of(doc, "Pemprov") is SectionIndex.of(doc, "Pemprov")
        True
        >>> SectionIndex.of(doc, "Pemprov") is SectionIndex.of(doc, "Dinas Contoh")
        False
        """
        key = f"section_index:{default_entity}"
        hit = doc.derived.get(key)
        if not isinstance(hit, cls):
            hit = doc.derived[key] = cls(doc, default_entity)
        return hit

    def at(self, line: int) -> SectionContext:
        """The agency and urusan that ``line`` belongs to: the agency a table row names in its
        responsible-agency column (:func:`row_agencies`), else that of its section."""
        k = bisect.bisect_right(self._lines, line)
        hit = self._by_count.get(k)
        if hit is None:
            hit = self._by_count[k] = self._context(k)
        agency = self._row_agencies.get(line)
        if agency is not None:
            return SectionContext(agency, hit.urusan, line, hit.urusan_line)
        return hit

    @property
    def _row_agencies(self) -> dict[int, str]:
        got = self._doc.derived.get("row_agencies")
        if got is None:
            got = self._doc.derived["row_agencies"] = row_agencies(self._doc)
        return got  # type: ignore[return-value]

    def _context(self, k: int) -> SectionContext:
        """The context after the first ``k`` events."""
        entity = urusan = None
        e_line = u_line = None
        events = self._events
        for i in range(k - 1, -1, -1):  # the events up to the line, nearest first (no copy)
            ln, kind, text = events[i]
            if kind == "reset":
                break
            if kind == "agency" and entity is None and urusan is None:
                entity, e_line = text, ln
            elif kind == "urusan" and urusan is None:
                urusan, u_line = text, ln
                break
        return SectionContext(
            entity or (urusan and _urusan_entity(urusan)) or self.default_entity,
            urusan or "",
            e_line,
            u_line,
        )


def is_agency_name(text: str) -> bool:
    """True when ``text`` starts with an agency word (*Dinas*, *Badan*, *Biro*, *RSUD*,
    *Sekretariat*, *Inspektorat*, *Satuan*, *Kantor*, *UPT*) and is no reference to a regulation.

    Examples
    --------
    >>> is_agency_name("Dinas Pendidikan"), is_agency_name("URUSAN PEMERINTAHAN BIDANG PENDIDIKAN")
    (True, False)
    """
    return bool(_AGENCY_HEAD.match(text.strip())) and not _NOT_AN_AGENCY.search(text)


def row_agencies(doc: Document) -> dict[int, str]:
    """The agency each table row names in a responsible-agency column, by line (every line of
    the row): plans that span agencies (an RKPD's *Perangkat Daerah Penanggung Jawab*) print the
    agency of each programme or kegiatan beside it. Only a cell naming one agency counts (it
    starts with an agency word such as *Dinas*, *Badan*, *Biro*; not a list such as *Pokja X
    dan Biro Y*, not an abbreviation such as *DINKES*).

    Examples
    --------
    >>> from analysis.extract.documents import parse_document
    >>> doc = parse_document("Program\\tPagu\\tPerangkat Daerah Penanggung Jawab\\n"
    ...                      "Program A\\t1.000.000\\tDinas Pendidikan\\n"
    ...                      "Program B\\t2.000.000\\tPokja RB dan Biro Organisasi\\n", "x")
    >>> row_agencies(doc)
    {2: 'Dinas Pendidikan'}
    """
    from .columns import column_labels  # columns imports this module's neighbours only

    out: dict[int, str] = {}
    for t in doc.tables:
        labels = column_labels(t)
        cols = [j for j, lab in enumerate(labels) if AGENCY_COLUMN_HEADER.search(lab)]
        if not cols:
            continue
        j = cols[0]
        for row in t.rows:
            cell = _SPACES.sub(" ", row.cells[j]).strip() if j < len(row.cells) else ""
            if cell and _AGENCY_HEAD.match(cell) and not _JOINT.search(cell) and len(cell) <= 120:
                for ln in row.lines:
                    out[ln] = cell
    return out


_JOINT = re.compile(r"\bdan\b|[,;/&]")


def _section_events(doc: Document) -> tuple[tuple[int, str, str], ...]:
    """The (line, kind, text) events of a document in line order: ``reset`` at a BAB heading,
    ``urusan`` and ``agency`` headings and sentences, table-of-contents headings left out."""
    events: list[tuple[int, str, str]] = []  # (line, kind, text)
    for h in doc.headings:
        text = h.text.replace("**", "").strip()
        if h.kind == "bab":
            events.append((h.line, "reset", text))
        elif h.kind in ("numbered", "lettered") and len(text) <= 140:
            if _URUSAN_HEAD.match(text) and not text.endswith(":"):
                events.append((h.line, "urusan", text))
            elif _AGENCY_HEAD.match(text) and not _NOT_AN_AGENCY.search(text):
                name = clean_entity_name(text)
                if not _BARE_KIND.fullmatch(name):  # '6. Sekretariat': a unit of the agency
                    events.append((h.line, "agency", name))
    for i, t in doc.text_lines():
        if "\t" in t:
            continue
        # 'dilaksanakan' in the lower-case line: a necessary condition of the re.I pattern
        # (unless the line has a character re.I folds to ASCII), far cheaper than its search;
        # an ASCII line (str.isascii takes constant time) has none of those non-ASCII characters,
        # so the character-by-character test of the set is left for the rare other lines
        if "dilaksanakan" not in t.lower() and (t.isascii() or CASE_FOLDS_TO_ASCII.isdisjoint(t)):
            continue
        m = _BY.search(t)
        if m:
            events.append((i, "agency", clean_entity_name(m.group(1))))
    events = [e for e in events if e[1] == "reset" or not _in_toc(doc, e[0])]
    return tuple(sorted(events))


def _in_toc(doc: Document, line: int) -> bool:
    """True when a heading line belongs to a table of contents (page references)."""
    texts = [doc.line(line)]
    k = line + 1
    while k <= len(doc.lines) and len(texts) < 3:
        if doc.line(k).strip():
            texts.append(doc.line(k))
        k += 1
    return any(_ends_in_page_reference(t.rstrip()) for t in texts)


def _ends_in_page_reference(text: str) -> bool:
    """``_TOC_REF.search(text)`` for a line without trailing white space, without scanning
    the whole line (most lines tested are sentences of prose ending in a dot).

    A match ends the line with a digit or a dot. Of its three forms only dot leaders
    (``.{4,}``, then spaces and digits, both possibly none) can end in a dot, and then with
    the four dots themselves: a line ending in a dot matches exactly when it ends in four
    dots. Only a line ending in a digit is searched.

    Examples
    --------
    >>> _ends_in_page_reference("1. Urusan Pendidikan ........"), _ends_in_page_reference("Urusan ini dilaksanakan.")
    (True, False)
    >>> _ends_in_page_reference("1. Urusan Pendidikan III-505"), _ends_in_page_reference("Tahun 2023")
    (True, False)
    """
    if not text:
        return False
    if text[-1] == ".":
        return text.endswith("....")
    return text[-1].isdecimal() and _TOC_REF.search(text) is not None


def _urusan_entity(urusan: str) -> str:
    """Fallback entity name for an urusan section with no agency named."""
    return _NUMBERING.sub("", urusan).strip()
