"""Kabupaten/kota-level tables and kabupaten/kota named in programme texts.

Two extractors of the data contract (:mod:`analysis.contract`) and one pure helper:

* :func:`extract_regions` → ``regions.csv``: every table whose rows are kabupaten/kota;
* :func:`extract_activity_locations` → ``activity_locations.csv``: kabupaten/kota named in the
  output/outcome/realisation texts of the chapter-III "3.1.2" programme tables of an LKPJ and in
  the prose that follows them, and in the *Lokasi* column of programme/kegiatan tables;
* :func:`activity_counts`: mentions per kabupaten/kota and per 100,000 inhabitants.

Finding kabupaten/kota tables (generic, no line numbers or document ids)
------------------------------------------------------------------------
A table is a kabupaten/kota table when one of its columns (the *name column*) has most of its
non-empty cells resolved to kabupaten/kota of the document's province by
:func:`analysis.regions.resolve_table_names` (other rows are the context: bare ``Kupang`` beside
``Kota Kupang`` is Kabupaten Kupang; the column header is the context as well, so bare ``Kupang``
under a ``Kabupaten`` header is the kabupaten) and at least one column to its right holds
numbers. A table that prints the kabupaten/kota across, as columns (*Indikator | Jembrana |
Tabanan | …*, one variable per row), is read as its transpose, each value keeping its variable
row's line (``value_note``: *kabupaten/kota printed as columns*). Captions are not needed. Row labels come from the name column or, when that cell is
empty, from a cell to its left (``Jumlah``, ``Grand Total``, ``Jumlah Ende`` are often printed in
the numbering column). Header rows below the first that carry numbers are data rows the page
segmenter took for a header (e.g. the first kabupaten of an upper-case table) and are read as data.

Row kinds
---------
* kabupaten/kota row (name resolved) → one output row per numeric column;
* province total (``NTT``, ``Jumlah``, ``Total``, ``Grand Total``, ``J U M L A H``) → output rows
  with ``region_type = "province"``, ``region_code`` the province code (``53``) and
  ``region_name`` the province name;
* subtotal of one kabupaten (``Jumlah SBD``) → never a separate region. In a table that prints
  such subtotals the subtotal *is* the kabupaten's printed value: it is output for that
  kabupaten (``region_type`` kabupaten/kota, ``source_line`` of the subtotal), and the
  kabupaten's own row and its detail rows are listed in the skipped rows ("replaced by its
  subtotal");
* detail rows (no label, numbers in the value columns: several farmer groups of one kabupaten)
  make a *grouped* table. A kabupaten whose row has detail rows and no subtotal has no printed
  per-kabupaten value; its rows are skipped ("grouped table …"), never summed;
* unresolved or ambiguous labels → skipped with the resolver's note.

Variables, units, years
-----------------------
``variable`` is built from the column header (header cells of a spanning group stacked top to
bottom, e.g. ``PENDUDUK`` over ``LAKI-LAKI (jiwa)``):

1. words are lower-cased; PDF word splits are re-joined when the joined word occurs elsewhere in
   the document and one part does not (``CULTIV ATOR`` → ``cultivator``, ``KENDARAA N`` →
   ``kendaraan``);
2. :data:`PHRASE_MAP` and :data:`WORD_MAP` translate a few common header words
   (Laki-laki → male, Perempuan → female, Jumlah/Total/Grand Total → total, Luas → area,
   Penduduk → population, Produksi → production, Provitas → yield); other words stay as printed;
3. :data:`FILLER_WORDS` (No, Tahun, Nama, Bantuan, Kebutuhan, Alokasi, Kegiatan, Presentase …)
   are dropped unless nothing else is left; years are dropped;
4. the table's *topic* is put in front: the first word of :data:`TOPIC_WORDS` (commodities and
   programme inputs: alsintan, pupuk, padi, jagung, kedelai, jahe, alpukat …) found in the
   caption (and title lines below it) or, for a table without caption, in the nearest text
   lines above it; none for Tabel 1.1/1.2;
5. measurement units are appended (``_ha``, ``_kg``, ``_ltr``, ``_ton``, ``_kw_per_ha``,
   ``_pct`` …); counts (``count``, ``orang``, ``unit``) are not.

A leading *Jumlah*/*Total* goes after the measure (``Jumlah Penduduk`` → ``population_total``, as
``PENDUDUK`` over ``JUMLAH``), and a population with no qualifier is its total
(``Penduduk (jiwa)`` → ``population_total``, the variable the disparities study reads).

Examples: ``desa``, ``population_male``, ``population_total``, ``alsintan_hand_sprayer``,
``pupuk_urea_ton``, ``kedelai_area_ha``.

A scale in the header's unit (``(ribu jiwa)``, ``(000 ton)``, ``(juta rupiah)``:
:func:`header_scale`) multiplies the values into the unit and is not part of the variable
(``Jumlah Penduduk (ribu jiwa)`` → ``population_total`` in people); ``value_note`` says so.

``unit``: from the header (``(ha)``, ``(Kg)``, ``(Ltr)``, ``(Ton)``, ``(Kw/Ha)``, ``(%)``,
``jiwa``/``orang`` → ``orang``, ``unit``), see :data:`UNIT_MAP`. When no column of the table
names a unit, a unit that the text lines just above the table attach to numbers (``280.059
Ton``, ``30 unit``) is used when it is the only one there. Otherwise ``count`` when every value of
the column is a whole number, else empty (unit not stated).

``year``: a year in the column header (``Alokasi Tahun 2023``, a year row ``2021 | 2022 | 2023``
under a spanning ``Produksi (ton)``, ``Realisasi 2022``; a range such as ``2019-2023`` is no
year) or in the caption and title lines (``… Tahun 2023``); otherwise the manifest's fiscal year.
Years in prose are not used. Columns that differ only by their year share one variable
(``production_ton`` for 2021, 2022 and 2023); a suffix ``_2`` is added only when two columns of
one table give the same variable *and* year.

Header bands printed again
--------------------------
A table may print its header band again between its rows: after a page break, or over a
second half with other measures or other years (``No | Kabupaten/Kota | Produktivitas …``,
or the same words over ``2022 | 2023 | 2024`` after ``2019 | 2020 | 2021``). The reader removes
rows that repeat the header exactly; a row that is left and prints the name column's header
word (the header's own cell or one of :data:`REGION_HEADER_WORDS`) without numbers, or a year
row (when the header has one), starts a band. The band's rows replace the header rows of their
kind, and the rows below are extracted under that header as a part of their own (their labels
resolved among themselves). A band that gives the header in force again is a page-break
repeat: the table continues as one part (so its totals still confirm zeros on earlier pages).
When the reader keeps the pieces apart (a page number between and a changed year row), a piece
without caption whose first header row is the previous table's, with only short lines between
(:func:`_continued_table`), is read under the first piece's caption (topic, year, ``source_table``).

Numbers
-------
Each numeric column is parsed with :func:`analysis.numbers.parse_in_context` in the style of
its context (:func:`~analysis.numbers.number_context`: the column, then the whole table, then
``doc.style``), so ``3.026`` in an Indonesian-style column is 3026. The same function resolves
the ambiguous shape ``d.ddd``/``d,ddd`` when the chosen style would read it with three decimals:
a three-decimal reading is accepted only if another value of the same column has three or more
decimals (or the number starts with ``0``); otherwise the separator is read as a thousands separator (``1.329`` ha in a column of
``745.5``-style values is 1329; ``7,500`` kg of seed in an Indonesian document is 7500).
Columns whose value cells are mostly text (``Jadwal Tanam``, ``Varietas``, names of
kecamatan or farmer groups) are not variables. Malformed numbers (``4.500.``, ``370,,20``) are
skipped with the parser's note.

Zero is not missing
-------------------
A cell printed ``-`` or left blank is *hidden*: the table does not say whether it is 0 or not
reported. In count and allocation tables the table's own printed totals often decide it. A
hidden cell of a kabupaten/kota row becomes the value 0, with a ``value_note`` saying how it
was printed and which total shows it (``printed '-'; 0 confirmed by the column total 327 at
line 613``), when

* **column total**: the table is plain (one row per kabupaten/kota and exactly one province
  total row; no grouped detail rows, subtotals or unresolved rows), every other cell of the
  column is a readable number, and :func:`zero_reading` of those cells against the printed
  total is not None; or
* **row total**: the column's lowest header cell names a total (``Jumlah (jiwa)``, ``Grand
  Total``) and its *parts* are the other value columns of the same unit under the same header
  group (at least two); every other part of the row is readable and :func:`zero_reading` of
  them against the row's total cell is not None.

:func:`zero_reading` is the rule: hidden cells hold non-negative amounts, so when the readable
cells already sum to the printed total exactly, 0 is the only solution (*confirmed*). When they
sum to *more* than the total by at most :data:`TOTAL_OVERSHOOT_TOLERANCE` (1 %) of it, no
non-negative value restores the total and any positive value widens the document's own
discrepancy, so 0 is still the only reading *consistent* with the total; the note says so and
gives the gap. This is the case of Tabel 1.1 of the NTT LKPJ (001 L591-613): its desa column
prints 3.026 although the 21 printed kabupaten sum to 3.029; Kota Kupang's ``-`` (L612; a kota
has kelurahan, not desa) is 0 *consistent with* the total, while the kelurahan ``-`` of Sumba
Tengah (L606) and Malaka (L611) are 0 *confirmed* (the others sum to the printed 327). When the
readable cells fall short of the total, the hidden cells may hold the difference; when they
exceed it by more than the tolerance, the "total" is not a sum of this line (an average yield);
in both cases the total says nothing and the hidden cell stays missing. Columns of rates
(:data:`NON_ADDITIVE_UNITS`: ``%``, ``kw/ha``, ``ton/ha``) are never checked, and a column with
a malformed cell is not either. Elsewhere ``-`` gives no output row and is listed as skipped
("dash: zero or not reported"); a blank cell is no value and is not listed.

Activity locations
------------------
A 3.1.2-style table has a name column (``Uraian Prog/Keg``, ``Program/Kegiatan``, ``Sub
Kegiatan`` …), a target column and a realisation column, and rows whose target cell carries an
input amount (``Input: Rp. 6.470.259.935``, ``Rp. 12.227.942.795``, or an ``Input`` row with a
bare amount). The kabupaten/kota named (:func:`analysis.regions.find_region_mentions`) in the
target and realisation cells (Output, Outcome and realisation texts) become rows; ``budget_line``
is the name of the nearest row at or above (same table) whose name column is filled and which
carries an input amount (for an ``Input`` row, the name rows just above it). Prose lines after
such a table, up to the next heading of depth ≤ 3 or chapter heading or the next table, are
searched too; they belong to no budget row (``budget_line`` empty). The policy and legal-basis
(``Kebijakan``) and problem (``Permasalahan``) columns are not searched: they name places that
are not locations of the activity. Ambiguous mentions (a bare ``Kupang`` in a list) are not
assigned and are listed as skipped. The extractor consumes no lines: a mention does not account
for the amounts of its row, which the budget extractor reads.

A table with a location column (:data:`~analysis.extract.vocabulary.LOCATION_HEADER`: *Lokasi*
of the Renja plan form, a list of bantuan keuangan by kabupaten) and a programme/kegiatan name
column left of it gives a row per kabupaten/kota its location cell names, with the row's name
as ``budget_line``: the mentions :func:`~analysis.regions.find_region_mentions` finds
(``Kab. Bandung Barat``, ``Kab. Bandung, Kab. Garut dan Kota Cirebon``), or else the whole cell
read as one name (:func:`~analysis.regions.resolve_region`: ``Jombang``; exact, alias or
context only, never a fuzzy guess) when it is at most :data:`LOCATION_CELL_MAX` characters.
A province (``Jawa Barat``) or an office (``BPMKL``) is no kabupaten/kota and gives no row; a
name shared by a kabupaten and a kota (``Kupang``) is listed as skipped.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .yearly import caption_title
from .documents import Document, Row, Table, is_numbering_row, normalise_cell
from .numbers import SCALE_WORDS, NumberContext, ParsedNumber, number_context, parse_in_context, parse_number
from ..regions import (
    Resolution,
    find_region_mentions,
    may_resolve,
    name_tokens,
    normalise_name,
    province_code,
    region_name,
    resolve_region,
    resolve_table_names,
)
from .base import ACTIVITY_LOCATION_COLUMNS, REGION_COLUMNS, DocMeta, Extraction, Skipped
from .sections import SectionIndex
from .vocabulary import AMOUNT_UNIT_FACTORS, LOCATION_HEADER, REGION_HEADER_WORDS, caption_kind
from .columns import YEAR_LABEL, column_labels, column_stacks, document_split_header

__all__ = [
    "extract_regions",
    "extract_activity_locations",
    "activity_counts",
    "variable_from_header",
    "unit_from_header",
    "unit_scale_from_header",
    "ACTIVITY_COUNT_COLUMNS",
    "TOPIC_WORDS",
    "WORD_MAP",
    "PHRASE_MAP",
    "FILLER_WORDS",
    "UNIT_MAP",
    "NON_ADDITIVE_UNITS",
    "TOTAL_OVERSHOOT_TOLERANCE",
    "REGION_EXTRA_COLUMNS",
    "OUTPUT_COLUMNS",
    "zero_reading",
    "REGION_HEADER_WORDS",
    "MAX_HEADER_ROWS",
]

# ---------------------------------------------------------------------------------------------
# Vocabularies (data, not document-specific logic; extend them as new tables appear)
# ---------------------------------------------------------------------------------------------

TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    (r"alsintan", "alsintan"),
    (r"pupuk", "pupuk"),
    (r"pestisida", "pestisida"),
    (r"padi", "padi"),
    (r"jagung", "jagung"),
    (r"kedelai", "kedelai"),
    (r"sorgum", "sorgum"),
    (r"kacang", "kacang"),
    (r"ubi", "ubi"),
    (r"bawang", "bawang"),
    (r"cabai", "cabai"),
    (r"jahe", "jahe"),
    (r"alpukat", "alpukat"),
    (r"mangga", "mangga"),
    (r"durian", "durian"),
    (r"jeruk", "jeruk"),
    (r"kopi", "kopi"),
    (r"kakao", "kakao"),
    (r"kelapa", "kelapa"),
    (r"jambu\s+mete|mete", "mete"),
    (r"cengkeh", "cengkeh"),
    (r"vanili", "vanili"),
    (r"kelor", "kelor"),
    (r"sapi", "sapi"),
    (r"kambing", "kambing"),
    (r"babi", "babi"),
    (r"ternak", "ternak"),
    (r"rumput\s+laut", "rumput_laut"),
    (r"garam", "garam"),
    (r"irigasi", "irigasi"),
)
"""Table topics: (regular expression matched at a word start, case-insensitive; topic prefix)."""

PHRASE_MAP: tuple[tuple[str, str], ...] = (
    ("laki laki", "male"),
    ("lali laki", "male"),
    ("grand total", "total"),
    ("jumlah total", "total"),
    ("total jumlah", "total"),
    ("luas areal", "luas"),
)
"""Multi-word header phrases replaced before the word map (words joined by one space)."""

WORD_MAP: dict[str, str] = {
    "laki": "male",
    "pria": "male",
    "perempuan": "female",
    "wanita": "female",
    "jumlah": "total",
    "total": "total",
    "luas": "area",
    "kepadatan": "density",
    "penduduk": "population",
    "produksi": "production",
    "provitas": "yield",
    "produktivitas": "yield",
    "reallisasi": "realisasi",
}
"""Common Indonesian header words and their English variable words (plus a typo fix)."""

FILLER_WORDS: frozenset[str] = frozenset({
    "no", "nomor", "tahun", "ta", "th", "rekapitulasi", "kegiatan", "nama", "bantuan",
    "kebutuhan", "alokasi", "presentase", "persentase", "prosentase", "dan", "di", "per",
    "menurut", "se", "yang",
})
"""Header words dropped from variable names (kept when nothing else is left)."""

UNIT_MAP: dict[str, str] = {
    "ha": "ha", "hektar": "ha", "hektare": "ha", "hektoare": "ha",
    "kg": "kg", "kilogram": "kg",
    "ltr": "ltr", "liter": "ltr", "lt": "ltr",
    "ton": "ton", "tons": "ton",
    "kw/ha": "kw/ha", "ku/ha": "kw/ha", "ton/ha": "ton/ha", "t/ha": "ton/ha",
    "jiwa": "orang", "orang": "orang", "org": "orang",
    "unit": "unit", "buah": "unit",
    "%": "%", "persen": "%",
    "km": "km", "m2": "m2", "m²": "m2", "km2": "km2", "km²": "km2",
    "rp": "rupiah", "rupiah": "rupiah",
    "jiwa/km2": "orang/km2", "jiwa/km²": "orang/km2", "orang/km2": "orang/km2", "orang/km²": "orang/km2",
    "tahun": "tahun", "thn": "tahun",
}
"""Unit words as printed in headers → the ``unit`` written to regions.csv."""

_UNIT_SUFFIX: dict[str, str] = {
    "ha": "ha", "kg": "kg", "ltr": "ltr", "ton": "ton", "kw/ha": "kw_per_ha",
    "ton/ha": "ton_per_ha", "%": "pct", "km": "km", "m2": "m2", "km2": "km2", "rupiah": "rp",
    "orang/km2": "per_km2",
}
"""Units appended to the variable name; counts (count, orang, unit) are not appended."""

NON_ADDITIVE_UNITS: frozenset[str] = frozenset({"%", "kw/ha", "ton/ha", "orang/km2", "tahun"})
"""Units whose values do not add up to a printed total (rates, yields, percentages): a ``-`` or
blank in such a column is never read as 0 from a total."""

TOTAL_OVERSHOOT_TOLERANCE = 0.01
#: A column naming the same kabupaten/kota on this many rows or more, and no other, is the
#: location column of a programme table ('LOKASI: Jombang' on every row of a Renja's Tabel
#: 2.3), not the name column of a per-kabupaten table.
LOCATION_COLUMN_MIN_ROWS = 3
"""Largest relative excess of the printed parts over a printed total (1 %) that is still read as
the document's own error when deciding that hidden cells are 0 (:func:`zero_reading`)."""

_TOTAL_HEADER_RE = re.compile(r"\b(?:jumlah|total)\b", re.I)
"""A column header that names a row total (``Jumlah (jiwa)``, ``Grand Total``)."""

MAX_HEADER_ROWS = 4
"""Most header rows a table has (the reader's limit as well)."""

REGION_EXTRA_COLUMNS = ["value_note"]
"""Columns of ``regions.csv`` after the contract's :data:`~analysis.extract.base.REGION_COLUMNS`."""

OUTPUT_COLUMNS = REGION_COLUMNS + REGION_EXTRA_COLUMNS
"""Columns of the rows :func:`extract_regions` returns."""

ACTIVITY_COUNT_COLUMNS = [
    "region_code", "region_name", "mentions", "budget_lines", "population", "population_year",
    "mentions_per_100k",
]

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_HEADER_YEAR_RE = re.compile(r"\b(?:tahun|ta|th)\.?\s*((?:19|20)\d{2})\b", re.I)
_YEAR_RANGE_RE = re.compile(r"(?:19|20)\d{2}\s*(?:[-\u2013/]|s\.?\s?d\.?|sampai|hingga|to)\s*(?:(?:19|20)\d{2}|\d{2})\b", re.I)
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_NUMBERING_RE = re.compile(r"^\s*(?:\(?\d{1,3}[.)]?|[a-zA-Z][.)])\s*$")
_PROSE_UNIT_RE = re.compile(
    r"\d\s*(ton|ha|hektar|hektare|kg|liter|ltr|unit|orang|jiwa|km)\b", re.I
)


# ---------------------------------------------------------------------------------------------
# Header → variable, unit, year (pure)
# ---------------------------------------------------------------------------------------------


def _canonical_unit(token: str) -> str | None:
    t = re.sub(r"\s+", "", token.strip().lower())
    return UNIT_MAP.get(t)


#: A scale in a column header's parenthesised unit: ``(ribu jiwa)``, ``(000 ton)``, ``(juta
#: rupiah)``: the printed values are thousands or millions of the unit (group 1: the word).
_HEADER_SCALE = re.compile(r"\(\s*(?:dalam\s+)?(ribu|ribuan|000|juta|jutaan|miliar|milyar)\b[^)]*\)", re.I)


def header_scale(cells: Sequence[str]) -> tuple[float, str]:
    """The factor by which a column's printed values are scaled (``Jumlah Penduduk (ribu jiwa)``
    → 1000) and the printed unit, or ``(1.0, "")``.

    Examples
    --------
    >>> header_scale(["Jumlah Penduduk (ribu jiwa)"]), header_scale(["Luas (ha)"])
    ((1000.0, 'ribu jiwa'), (1.0, ''))
    """
    for cell in reversed([c for c in cells if c and c.strip()]):
        m = _HEADER_SCALE.search(cell)
        if m:
            return AMOUNT_UNIT_FACTORS[m.group(1).lower()], m.group(0).strip("() ")
    return 1.0, ""


def unit_from_header(cells: Sequence[str]) -> str | None:
    """The unit named in a column header, or None.

    Parameters
    ----------
    cells : sequence of str
        Header cells of the column, top to bottom (a spanning group's cell first).

    Returns
    -------
    str or None
        A value of :data:`UNIT_MAP` (``'ha'``, ``'kg'``, ``'ltr'``, ``'ton'``, ``'kw/ha'``,
        ``'orang'``, ``'unit'``, ``'%'`` …). The lowest cell wins (``Realisasi panen (ha)`` over
        ``Produksi (Ton)`` gives ``ton``); within a cell, a parenthesised unit, then a ``%`` sign,
        then a unit word at the end of the cell.

    Examples
    --------
    >>> unit_from_header(["PENDUDUK", "LAKI-LAKI (jiwa)"])
    'orang'
    >>> unit_from_header(["Realisasi panen (ha)", "Provitas (Ton/ha)"])
    'ton/ha'
    >>> unit_from_header(["Desa"]) is None
    True
    >>> unit_from_header(["Persentase Penduduk Miskin"])  # a share named, no unit printed
    '%'
    """
    for cell in reversed([c for c in cells if c and c.strip()]):
        for group in reversed(_PAREN_RE.findall(cell)):
            u = _canonical_unit(group) or _scaled_unit(group)[0]
            if u is not None:
                return u
        if "%" in cell:
            return "%"
        words = re.findall(r"[A-Za-z²0-9/]+", cell)
        if len(words) > 1:
            u = _canonical_unit(words[-1])
            if u is not None and u not in ("rupiah",):
                return u
    # no unit printed: a share named by its first word ('Persentase Penduduk Miskin')
    for cell in cells:
        if cell and _SHARE_FIRST_WORD.match(cell):
            return "%"
    return None


#: A header (or caption measure) naming a share by its first word: *Persentase / Prosentase /
#: Presentase / Persen* (the values are percentages although no '%' is printed).
_SHARE_FIRST_WORD = re.compile(r"^\W*(?:persentase|prosentase|presentase|persentasi|persen)\b", re.I)


def _scaled_unit(group: str) -> tuple[str | None, float, str]:
    """(unit, scale, scale word as printed) of a parenthesised header group such as
    ``miliar rupiah``, ``Rp juta``, ``Rp 000``, ``ribu jiwa``; ``(None, 1.0, '')`` when the group
    is not a scale word beside a unit."""
    toks = [t for t in re.findall(r"[A-Za-z0-9²/%]+", group) if t.lower() not in ("dalam", "in")]
    scale = [t for t in toks if t.lower() in SCALE_WORDS]
    rest = [t for t in toks if t.lower() not in SCALE_WORDS]
    if len(scale) != 1 or not rest:
        return None, 1.0, ""
    unit = _canonical_unit(" ".join(rest))
    if unit is None:
        return None, 1.0, ""
    word = scale[0]
    if word.lower() == "000" and unit != "rupiah":  # '000' is a scale only beside a currency
        return None, 1.0, ""
    return unit, SCALE_WORDS[word.lower()], word


def unit_scale_from_header(cells: Sequence[str]) -> tuple[str | None, float, str]:
    """The unit of a column header and the scale its values are printed in.

    Parameters
    ----------
    cells : sequence of str
        Header cells of the column, top to bottom.

    Returns
    -------
    (str or None, float, str)
        The unit as :func:`unit_from_header` gives it, the factor that turns a printed value into
        that unit (:data:`analysis.extract.numbers.SCALE_WORDS`), and the scale word as printed
        (``''`` for 1).

    Examples
    --------
    >>> unit_scale_from_header(["Realisasi (miliar rupiah)"])
    ('rupiah', 1000000000.0, 'miliar')
    >>> unit_scale_from_header(["Pagu (Rp 000)"]), unit_scale_from_header(["Penduduk (ribu jiwa)"])
    (('rupiah', 1000.0, '000'), ('orang', 1000.0, 'ribu'))
    >>> unit_scale_from_header(["Realisasi (%)"])
    ('%', 1.0, '')
    """
    for cell in reversed([c for c in cells if c and c.strip()]):
        for group in reversed(_PAREN_RE.findall(cell)):
            unit, scale, word = _scaled_unit(group)
            if unit is not None:
                return unit, scale, word
            plain = _canonical_unit(group)
            if plain is not None:
                return plain, 1.0, ""
    return unit_from_header(cells), 1.0, ""


def _header_year(cells: Sequence[str]) -> int | None:
    """The year a column's header gives its values, lowest cell first: ``Tahun 2023``, a cell
    that is a year (``2022`` under a spanning ``Produksi (ton)``), or the one year of a cell
    (``Realisasi 2022``); a range (``2019-2023``, ``2019 s.d. 2023``) names no single year.

    Examples
    --------
    >>> _header_year(["Produksi (ton)", "2022"]), _header_year(["Alokasi Tahun 2023", "Urea"])
    (2022, 2023)
    >>> _header_year(["Realisasi 2022 (ha)"]), _header_year(["Target 2019-2023"]) is None
    (2022, True)
    """
    for cell in reversed([c for c in cells if c]):
        m = _HEADER_YEAR_RE.search(cell)
        if m:
            return int(m.group(1))
        if re.fullmatch(r"\s*((?:19|20)\d{2})\s*", cell):
            return int(cell.strip())
        years = set(_YEAR_RE.findall(cell))
        if len(years) == 1 and not _YEAR_RANGE_RE.search(cell):
            return int(years.pop())
    return None


def _tokens(text: str, doc_words: frozenset[str]) -> list[str]:
    """Lower-case word tokens with PDF word splits re-joined (see module docstring)."""
    raw = re.findall(r"[a-z0-9]+", text.lower())
    out: list[str] = []
    for tok in raw:
        if out and tok.isalpha() and out[-1].isalpha():
            joined = out[-1] + tok
            if joined in doc_words and (out[-1] not in doc_words or tok not in doc_words):
                out[-1] = joined
                continue
        out.append(tok)
    return out


def variable_from_header(
    cells: Sequence[str],
    topic: str | None = None,
    doc_words: Iterable[str] = (),
) -> tuple[str, str | None]:
    """Snake-case variable name and unit of a column header.

    Parameters
    ----------
    cells : sequence of str
        Header cells of the column, top to bottom (spanning group first).
    topic : str, optional
        Topic prefix of the table (from :data:`TOPIC_WORDS`), e.g. ``'alsintan'``.
    doc_words : iterable of str
        Lower-case words of the document, used to re-join PDF word splits.

    Returns
    -------
    (str, str or None)
        The variable name and the unit from the header (None when the header names none).

    Examples
    --------
    >>> variable_from_header(["PENDUDUK", "LAKI-LAKI (jiwa)"])
    ('population_male', 'orang')
    >>> variable_from_header(["Alokasi Tahun 2023", "Urea"], topic="pupuk")
    ('pupuk_urea', None)
    >>> variable_from_header(["HAND SPRAYER"], topic="alsintan")
    ('alsintan_hand_sprayer', None)
    >>> variable_from_header(["Luas (ha)"], topic="kedelai")
    ('kedelai_area_ha', 'ha')
    >>> variable_from_header(["Jumlah Penduduk (jiwa)"]), variable_from_header(["Penduduk (jiwa)"])
    (('population_total', 'orang'), ('population_total', 'orang'))
    """
    words_set = frozenset(doc_words)
    unit = unit_from_header(cells)
    parts: list[str] = []
    for cell in cells:
        if not cell or not cell.strip():
            continue
        # the scale of a unit ('(ribu jiwa)') is applied to the values (header_scale), not named
        text = _HEADER_SCALE.sub(lambda m: m.group(0).replace(m.group(1), " "), cell)
        # drop parenthesised units, keep other parenthesised words
        text = _PAREN_RE.sub(lambda m: " " if _canonical_unit(m.group(1)) else f" {m.group(1)} ", text)
        text = text.replace("%", " ")
        toks = _tokens(text, words_set)
        if len(toks) > 1 and _canonical_unit(toks[-1]) is not None:
            toks = toks[:-1]
        parts.extend(toks)
    parts = [t for t in parts if not _YEAR_RE.fullmatch(t)]
    joined = " " + " ".join(parts) + " "
    for phrase, repl in PHRASE_MAP:
        joined = joined.replace(f" {phrase} ", f" {repl} ")
    mapped = [WORD_MAP.get(t, t) for t in joined.split()]
    kept = [t for t in mapped if t not in FILLER_WORDS]
    if not kept:
        kept = [t for t in mapped if t not in ("no", "nomor")] or mapped
    seen: set[str] = set()
    words: list[str] = []
    for t in kept:
        if t not in seen:
            seen.add(t)
            words.append(t)
    # 'Jumlah Penduduk' is the population's total, named as a stacked header names it
    # ('PENDUDUK' over 'JUMLAH' → population_total): a leading total goes after the measure;
    # the population alone is its total
    if len(words) > 1 and words[0] == "total":
        words = words[1:] + ["total"]
    if words == ["population"]:
        words = ["population", "total"]
    if topic:
        words = [topic] + [w for w in words if w != topic]
    suffix = _UNIT_SUFFIX.get(unit or "")
    if suffix and (not words or words[-1] != suffix):
        words.append(suffix)
    name = "_".join(words) or "value"
    return re.sub(r"_+", "_", name).strip("_"), unit


# ---------------------------------------------------------------------------------------------
# Table analysis
# ---------------------------------------------------------------------------------------------


_DIGIT_RE = re.compile(r"\d")


def _numeric_like(cell: str) -> bool:
    """True when a cell reads as a number (even malformed or ambiguous)."""
    if not cell or not _DIGIT_RE.search(cell):
        return False  # parse_number reads a number only where the cell has a digit
    p = parse_number(cell)
    return p.status in ("ok", "malformed", "ambiguous")


def _is_year_cell(cell: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:19|20)\d{2}\s*", cell or ""))


@dataclass
class _View:
    """A table with header rows that carry numbers moved back into the data rows."""

    header: list[list[str]]
    rows: list[Row]
    n_cols: int
    head: Table | None = None  # the table whose caption applies (a page-break piece's first piece)


def _table_view(doc: Document, table: Table) -> _View:
    """The table's header and data rows (:func:`~analysis.extract.columns.split_header`),
    every row padded to the table's width."""
    head = document_split_header(doc, table, raw_from_doc=True)
    width = max([len(h) for h in head.header] + [len(r.cells) for r in head.rows] + [0])
    header = [h + [""] * (width - len(h)) for h in head.header]
    # a row of the table's width is kept as it is (this module never changes a row or its
    # cells); only a shorter row is copied with its padding
    rows = [r if len(r.cells) == width else Row(r.line, r.cells + [""] * (width - len(r.cells)), r.raw, r.lines)
            for r in head.rows]
    return _View(header, rows, width)


def _column_stack(view: _View, j: int) -> list[str]:
    """Header cells of column ``j`` top to bottom (:func:`~analysis.extract.columns.column_stacks`:
    spanning headers filled, numbering rows skipped), empty cells left out."""
    stacks = column_stacks(view.header, view.n_cols)
    return [p.strip() for p in stacks[j] if p.strip()] if j < len(stacks) else []


def _row_label(cells: Sequence[str], name_col: int) -> str:
    name = cells[name_col].strip() if name_col < len(cells) else ""
    if name:
        return name
    for j in range(name_col - 1, -1, -1):
        c = cells[j].strip()
        if c and not _NUMBERING_RE.match(c):
            return c
    return ""


@dataclass
class _NameColumn:
    index: int
    labels: list[str]  # per view row
    resolutions: list[Resolution | None]  # per view row (None for empty label)


def _resolve_labels(view: _View, j: int, labels: Sequence[str], pcode: str | None) -> list[Resolution | None]:
    """Resolutions of a column's row labels (None for an empty label), the other labels and
    the column header as context."""
    context = " ".join(_column_stack(view, j)) or None
    idx = [i for i, lab in enumerate(labels) if lab]
    res = resolve_table_names([labels[i] for i in idx], pcode, context=context)
    by_row: list[Resolution | None] = [None] * len(labels)
    for i, r in zip(idx, res):
        by_row[i] = r
    return by_row


def _mostly_numeric(cells: Sequence[str]) -> bool:
    """At least half of the (non-empty) cells read as numbers; stops as soon as that is decided."""
    n = len(cells)
    numeric = 0
    for k, c in enumerate(cells):
        numeric += _numeric_like(c)
        if numeric * 2 >= n:
            return True
        if (numeric + n - k - 1) * 2 < n:
            return False
    return numeric * 2 >= n


def _too_few_names(labels: Sequence[str], pcode: str | None) -> bool:
    """Whether at most half of a column's non-empty ``labels`` could become a kabupaten/kota
    or a total (:func:`~analysis.regions.may_resolve`): then the column is no name column
    (:func:`_find_name_column` needs more than half); stops as soon as that is decided.

    The answer depends only on how many labels miss, not on their order: the labels are
    tried shortest first, because the resolver's work grows with the length of a label and a
    column of long texts is decided by its shorter half."""
    n = len(labels)
    misses = 0
    for lab in sorted(labels, key=len):
        misses += not may_resolve(lab, pcode)
        if (n - misses) * 2 <= n:
            return True
    return False


#: ASCII bytes → the same letter or digit in lower case, a space for every other byte: the words
#: ``split()`` gives of an ASCII text so translated are its runs of letters and digits, lower-cased.
_ASCII_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


@functools.lru_cache(maxsize=64)
def _name_words_bytes(pcode: str | None) -> frozenset[bytes]:
    """:func:`~analysis.regions.name_tokens` as ASCII bytes (they are normalised words)."""
    return frozenset(w.encode("ascii") for w in name_tokens(pcode) if w.isascii())


@functools.lru_cache(maxsize=1 << 16)
def _shares_name_word(label: str, pcode: str | None) -> bool:
    # a word of the label is a word of a kabupaten/kota name (name_tokens); pure, cached (the
    # same labels are tested in every column and table)
    # the cheap test first: the words normalise_name gives an ASCII label are among its runs of
    # letters and digits (it only removes markup and a numbering, and splits at the rest); those
    # runs, lower-cased, are found at C speed on the bytes (long prose cells are most of the text)
    if label.isascii() and _name_words_bytes(pcode).isdisjoint(
            label.encode("ascii").translate(_ASCII_WORD_BYTES).split()):
        return False
    return not name_tokens(pcode).isdisjoint(normalise_name(label).split())


def _find_name_column(view: _View, pcode: str | None) -> _NameColumn | None:
    n_cand = view.n_cols - 1  # the last column is no name column (numbers must follow it)
    stripped = [[c.strip() for c in r.cells[:n_cand]] for r in view.rows]
    # the test of every column below needs a row label sharing a word with a kabupaten/kota
    # name, and every label is a cell of a data row in one of those columns (_row_label looks
    # left only): most tables have no such cell at all
    if not any(_shares_name_word(c, pcode) for row in stripped for c in row if c):
        return None
    best: tuple[int, int, _NameColumn] | None = None
    for j in range(n_cand):
        cells = [row[j] for row in stripped]
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        # no label shares a word with any kabupaten/kota name: not a name column (a non-empty
        # cell is its own label, an empty one's label is a cell to its left: see _row_label)
        if not (any(_shares_name_word(c, pcode) for c in nonempty)
                or any(_shares_name_word(_row_label(r.cells, j), pcode)
                       for r, c in zip(view.rows, cells) if not c)):
            continue
        # two independent tests (either rejects the column): the names first, which reject nearly
        # every column that gets here, so that the numbers are read in the few columns left
        if _too_few_names(nonempty, pcode):
            continue  # the table-wide resolution below could not make it a name column
        if _mostly_numeric(nonempty):
            continue
        labels = [c or _row_label(r.cells, j) for r, c in zip(view.rows, cells)]  # c: its own label
        by_row = _resolve_labels(view, j, labels, pcode)
        in_col = [by_row[i] for i, c in enumerate(cells) if c]
        n_region = sum(1 for r in in_col if r is not None and r.resolved)
        n_total = sum(1 for r in in_col if r is not None and r.method == "total")
        if n_region == 0 or (n_region + n_total) * 2 <= len(nonempty):
            continue
        codes = {r.region_code.split(".")[0] for r in in_col if r is not None and r.resolved and r.region_code}
        if len(codes) != 1:
            continue
        regions = {r.region_code for r in in_col if r is not None and r.resolved}
        if len(regions) == 1 and n_region >= LOCATION_COLUMN_MIN_ROWS:
            continue  # one place on every row: a programme table's location column
        if not any(_numeric_like(r.cells[jj]) for r in view.rows for jj in range(j + 1, view.n_cols)):
            continue
        cand = _NameColumn(j, labels, by_row)
        if best is None or n_region > best[0]:
            best = (n_region, -j, cand)
    return best[2] if best else None


def _cell_key(cell: str) -> str:
    return re.sub(r"[^a-z0-9%]", "", cell.lower())


def _is_year_label(cell: str) -> bool:
    """A header cell that is only a year: ``2022``, ``Tahun 2022``, ``TA 2022``."""
    return bool(YEAR_LABEL.match(cell or ""))


def _year_header_row(header: Sequence[Sequence[str]], j0: int) -> int | None:
    """Index of the header row whose cells right of the name column are all years."""
    for k, h in enumerate(header):
        vals = [c for c in h[j0 + 1:] if c.strip()]
        if vals and all(_is_year_label(c) for c in vals):
            return k
    return None


def _band_row(row: Row, header: Sequence[Sequence[str]], j0: int, resolution: Resolution | None) -> str | None:
    """How a data row belongs to a header band printed again inside the table: ``'years'`` (a
    year row, label cells blank or as in the header), ``'numbering'`` (``1 | 2 | 3``),
    ``'words'`` (no numbers but years, header words right of the name column, and the name
    column printing a header word: the header's own cell of that column or one of
    :data:`REGION_HEADER_WORDS`), else None."""
    cells = row.cells
    nonempty = [c for c in cells if c.strip()]
    if len(nonempty) < 2:
        return None
    if is_numbering_row(list(cells)):
        return "numbering"
    values = [c for c in cells[j0 + 1:] if c.strip()]
    labels_as_header = all(
        not c.strip() or any(j < len(h) and _cell_key(c) == _cell_key(h[j]) for h in header)
        for j, c in enumerate(cells[:j0 + 1]))
    if values and all(_is_year_label(c) for c in values) and labels_as_header:
        return "years"
    if any(_numeric_like(c) and not _is_year_cell(c) for c in nonempty):
        return None
    if resolution is not None and (resolution.resolved or resolution.method == "total"):
        return None
    if not values:
        return None  # 'A. | Kabupaten' over the kabupaten and 'B. | Kota' over the kota: sub-headings
    key = _cell_key(cells[j0]) if j0 < len(cells) else ""
    if key and (key in REGION_HEADER_WORDS
                or any(j0 < len(h) and key == _cell_key(h[j0]) for h in header)):
        return "words"
    return None


def _header_bands(view: _View, name: _NameColumn) -> list[tuple[list[list[str]], list[int]]]:
    """Split a table at header bands printed again between its data rows.

    A band starts at a data row that prints the header's words (:func:`_band_row` ``'words'``)
    or, when the header has a year row, at a year row; it takes the following year, numbering
    and word rows (at most :data:`MAX_HEADER_ROWS`). Each band row replaces the header row of
    its kind (the year row, the numbering row, the first word row); the header so rebuilt heads
    the rows that follow. A band that rebuilds the header in force (the same words, only
    spelled or split differently) is a page-break repeat: its rows are dropped and the table
    continues. The page-break repeats the reader already removed never reach this point.

    Returns
    -------
    list of (header rows, indices of the view's data rows), in document order.
    """
    j0 = name.index
    rows = view.rows
    width = view.n_cols
    first = view.header
    year_row = _year_header_row(first, j0)
    numbering_row = next((k for k, h in enumerate(first) if is_numbering_row(list(h))), None)
    word_rows = [k for k in range(len(first)) if k not in (year_row, numbering_row)]

    def pad(cells: Sequence[str]) -> list[str]:
        return list(cells) + [""] * (width - len(cells))

    def keys(header: Sequence[Sequence[str]]) -> list[str]:
        return [_cell_key(" ".join(h)) for h in header]

    parts: list[tuple[list[list[str]], list[int]]] = []
    header, idx = [list(h) for h in first], []
    i = 0
    while i < len(rows):
        kind = _band_row(rows[i], first, j0, name.resolutions[i]) if idx else None
        if kind not in ("words", "years") or (kind == "years" and year_row is None):
            idx.append(i)
            i += 1
            continue
        band: list[tuple[str, Row]] = []
        while i < len(rows) and len(band) < MAX_HEADER_ROWS:
            k = _band_row(rows[i], first, j0, name.resolutions[i])
            if k is None or (k == "words" and any(b == "words" for b, _ in band)):
                break
            band.append((k, rows[i]))
            i += 1
        new = [pad(h) for h in first]
        for k, r in band:
            pos = {"years": year_row, "numbering": numbering_row}.get(k)
            if k == "words":
                pos = word_rows[0] if word_rows else None
            if pos is None:
                new.append(pad(r.cells))
            else:
                new[pos] = pad(r.cells)
        if keys(new) != keys(header):
            parts.append((header, idx))
            header, idx = new, []
    parts.append((header, idx))
    return [(h, ix) for h, ix in parts if ix]


def _caption_block(doc: Document, table: Table) -> str:
    """Caption plus the title lines between it and the table ('' without caption)."""
    if not table.caption or table.caption_line is None:
        return ""
    lines = [doc.line(i).replace("**", "").strip() for i in range(table.caption_line, table.start_line)]
    return " ".join(l for l in lines if l)


def _lines_above(doc: Document, table: Table, limit: int = 4) -> list[str]:
    """Up to ``limit`` non-blank text lines above the table (nearest first), stopping at another
    table or at a short heading-like line without digits (``(b) Realisasi``)."""
    out: list[str] = []
    i = table.start_line - 1
    while i >= 1 and len(out) < limit:
        if i in doc.table_line_set:
            break
        t = doc.line(i).replace("**", "").strip()
        if t:
            if re.match(r"^\W*\(?[a-zA-Z0-9]{1,3}[.)]\s+\S", t) and not re.search(r"\d", t[3:]) and len(t) < 80:
                break
            out.append(t)
        i -= 1
    return out


def _find_topic(texts: Sequence[str]) -> str | None:
    for text in texts:
        best: tuple[int, str] | None = None
        for pattern, topic in TOPIC_WORDS:
            m = re.search(rf"\b(?:{pattern})", text, re.I)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), topic)
        if best:
            return best[1]
    return None


def _prose_unit(texts: Sequence[str]) -> str | None:
    units = {_canonical_unit(m.group(1)) for t in texts for m in _PROSE_UNIT_RE.finditer(t)}
    units.discard(None)
    return units.pop() if len(units) == 1 else None


@dataclass
class _Column:
    index: int
    label: str
    variable: str
    unit: str
    year: int
    context: NumberContext
    stack: tuple[str, ...] = ()
    scale: float = 1.0
    scale_text: str = ""


def _parse_cell(cell: str, col: _Column) -> ParsedNumber:
    return parse_in_context(cell, col.context)


# ---------------------------------------------------------------------------------------------
# Zero is not missing: hidden cells confirmed by the table's printed totals
# ---------------------------------------------------------------------------------------------


def zero_reading(parts: Sequence[float], total: float,
                 overshoot: float = TOTAL_OVERSHOOT_TOLERANCE) -> str | None:
    """Whether a printed total allows only 0 in the hidden (``-`` or blank) cells of a line.

    The hidden cells of a row or column of an additive quantity hold non-negative amounts ``h``
    with ``sum(parts) + sum(h) = total``. Hence:

    * ``'confirmed'`` when ``sum(parts) == total`` (to floating-point rounding): the only
      non-negative solution is ``h = 0``;
    * ``'consistent'`` when ``sum(parts)`` already *exceeds* the total by at most
      ``overshoot * |total|``: no positive ``h`` brings the sum to the total, any positive ``h``
      widens the document's own discrepancy, so 0 is the only reading consistent with it;
    * ``None`` otherwise: the total leaves room for a positive hidden value (``sum(parts) <
      total``) or disagrees with the printed parts by more than the tolerance (it is not a sum
      of this line: an average, a column of rates), so it says nothing about the hidden cells.

    Parameters
    ----------
    parts : sequence of float
        The readable values of the line (all non-negative; a negative part returns None).
    total : float
        The printed total of the line.
    overshoot : float
        Largest relative excess of the parts over the total still read as the document's
        own rounding or typing error (:data:`TOTAL_OVERSHOOT_TOLERANCE`).

    Returns
    -------
    {'confirmed', 'consistent'} or None

    Examples
    --------
    Tabel 1.1 of the NTT LKPJ (001 L591-613): the kelurahan column prints 327 in total and its
    other rows sum to 327; the desa column prints 3.026 but its other rows sum to 3029:

    >>> zero_reading([300, 27], 327)
    'confirmed'
    >>> zero_reading([3000, 29], 3026)        # 3 above the total: 3/3026 = 0.1 % <= 1 %
    'consistent'
    >>> zero_reading([300, 20], 327) is None  # 7 unaccounted for: the dash may hide them
    True
    >>> zero_reading([1.94, 5.65, 7.86], 3.45) is None  # a yield 'total' is an average
    True
    """
    if any(p < 0 for p in parts) or total < 0:
        return None
    s = math.fsum(parts)
    if math.isclose(s, total, rel_tol=1e-9, abs_tol=1e-6):
        return "confirmed"
    if s > total and s - total <= overshoot * abs(total):
        return "consistent"
    return None


def _hidden_form(cell: str) -> str | None:
    """How a hidden cell was printed (``"'-'"`` or ``'blank'``), or None for any other cell."""
    c = cell.strip()
    if not c:
        return "blank"
    p = parse_number(c)
    if p.status == "missing" and p.note.startswith("dash"):
        return f"'{c}'"
    return None


def _zero_note(printed: str, evidence: Sequence[tuple[str, str]]) -> str:
    """``value_note`` of a hidden cell read as 0: how it was printed and which totals show it.

    ``evidence`` holds (reading, text) pairs, reading ``'confirmed'`` or ``'consistent'``."""
    confirmed = [t for r, t in evidence if r == "confirmed"]
    consistent = [t for r, t in evidence if r == "consistent"]
    parts = []
    if confirmed:
        parts.append("0 confirmed by the " + " and the ".join(confirmed))
    for t in consistent:
        parts.append(f"0 is the only reading consistent with the {t}")
    return f"printed {printed}; " + "; ".join(parts)


def _confirmed_zeros(rows: Sequence[Row], value_rows: Sequence[int], kinds: Sequence[str],
                     columns: Sequence[_Column]) -> dict[tuple[int, int], str]:
    """Hidden cells (``-`` or blank) of kabupaten rows that the table's printed totals show to
    be 0 (see :func:`zero_reading` and the module docstring), as (row index, column index) →
    ``value_note``."""
    found: dict[tuple[int, int], list[tuple[str, str]]] = {}
    printed_as: dict[tuple[int, int], str] = {}
    additive = [c for c in columns if c.unit not in NON_ADDITIVE_UNITS]
    part_rows = [i for i in value_rows if kinds[i] != "total"]
    # a plain table only: grouped rows, unresolved rows or subtotals make the sums unreliable
    plain = not any(k in ("detail", "bad", "subtotal") for k in kinds)

    def read(i: int, col: _Column) -> tuple[str, float | None, str | None]:
        cell = rows[i].cells[col.index].strip()
        hidden = _hidden_form(cell)
        if hidden is not None:
            return "hidden", None, hidden
        p = _parse_cell(cell, col)
        return ("ok", float(p.value), None) if p.ok and p.value is not None else ("bad", None, None)

    def confirm(members: Sequence[tuple[int, _Column]], total: float, what: str, total_at: tuple[int, _Column]) -> None:
        """Record a note for every hidden cell of ``members`` (row index, column) when the printed
        ``total`` leaves no room for anything but 0; any unreadable member stops the check."""
        parts: list[float] = []
        hidden: list[tuple[tuple[int, int], str]] = []
        for i, col in members:
            st, v, form = read(i, col)
            if st == "ok":
                parts.append(v)  # type: ignore[arg-type]
            elif st == "hidden":
                hidden.append(((i, col.index), form))  # type: ignore[arg-type]
            else:
                return
        if not hidden:
            return
        reading = zero_reading(parts, total)
        if reading is None:
            return
        ti, tcol = total_at
        note = _evidence(reading, what, rows[ti].cells[tcol.index].strip(), rows[ti].line,
                         math.fsum(parts), total)
        for key, form in hidden:
            found.setdefault(key, []).append(note)
            printed_as[key] = form

    # column totals: the one province-total row
    totals = [i for i in value_rows if kinds[i] == "total"]
    if plain and len(totals) == 1:
        t = totals[0]
        for col in additive:
            state, total, _ = read(t, col)
            if state == "ok" and total is not None:
                confirm([(i, col) for i in part_rows], total, "column", (t, col))

    # row totals: a 'Jumlah'/'Total' column and the columns of its header group and unit
    for tcol in additive:
        if not tcol.stack or not _TOTAL_HEADER_RE.search(tcol.stack[-1]):
            continue
        members = [c for c in additive if c is not tcol and c.unit == tcol.unit
                   and c.stack[:-1] == tcol.stack[:-1] and c.stack
                   and not _TOTAL_HEADER_RE.search(c.stack[-1])]
        if len(members) < 2:
            continue
        for i in part_rows:
            state, total, _ = read(i, tcol)
            if state == "ok" and total is not None:
                confirm([(i, c) for c in members], total, "row", (i, tcol))
    return {key: _zero_note(printed_as[key], ev) for key, ev in sorted(found.items())}


def _evidence(reading: str, what: str, total_text: str, line: int, parts_sum: float,
              total: float) -> tuple[str, str]:
    text = f"{what} total {total_text} at line {line}"
    if reading == "consistent":
        text += (f" (the other cells already sum to {parts_sum:g}, {parts_sum - total:g} above it; "
                 "a positive value would widen the gap)")
    return reading, text


# ---------------------------------------------------------------------------------------------
# extract_regions
# ---------------------------------------------------------------------------------------------


#: Bytes → an ASCII letter in lower case, a space for any other byte.
_LETTER_BYTES = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
#: The only characters but the ASCII letters that ``str.lower`` turns into an ASCII letter
#: ('İ' → 'i' and a combining dot, the Kelvin sign → 'k').
_LOWER_TO_ASCII_LETTER = ("\u0130", "\u212a")


def _doc_words(doc: Document) -> frozenset[str]:
    """Lower-case words of the document's prose (table lines excluded, so that a split header
    such as ``CULTIV ATOR`` does not vouch for its own parts): the runs of ``[a-z]`` of the
    lower-cased prose."""
    # the prose joined by line breaks (no word spans one); its runs of ASCII letters found on the
    # bytes (a non-ASCII character, encoded as '?', separates words as it does once lower-cased,
    # unless it is one of _LOWER_TO_ASCII_LETTER: then the prose is lower-cased first)
    prose = "\n".join([line for _i, line in doc.text_lines()])
    if any(c in prose for c in _LOWER_TO_ASCII_LETTER):
        prose = prose.lower()
    words = set(prose.encode("ascii", "replace").translate(_LETTER_BYTES).split())
    return frozenset(w.decode("ascii") for w in words)


def _province(meta: DocMeta) -> str | None:
    try:
        return province_code(meta.province)
    except ValueError:
        return None


@dataclass
class _Out:
    rows: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    taken: dict[tuple[str, str, int], tuple[float, str, int]] = field(default_factory=dict)


def _skip(out: _Out, doc_id: str, row: Row, reason: str) -> None:
    out.skipped.append(Skipped(doc_id, row.line, row.raw[:500], reason))


_PAGE_DEBRIS_MAX = 60
"""Longest text line between two pieces of one table that is still page-break debris (a page
number, a running header)."""


def _continued_table(doc: Document, prev: Table | None, table: Table) -> bool:
    """Whether ``table`` is the next piece of ``prev`` after a page break: no caption of its
    own, the same format and the same first header row, and only blank lines or short lines
    without a caption word between (the reader keeps such pieces apart when the header band
    changed, e.g. other years under the same words)."""
    if prev is None or table.caption or table.fmt != prev.fmt or not table.header or not prev.header:
        return False
    if not 0 < table.start_line - prev.end_line <= 8:
        return False
    if _cell_key(" ".join(table.header[0])) != _cell_key(" ".join(prev.header[0])):
        return False
    between = [doc.line(k).strip() for k in range(prev.end_line + 1, table.start_line)]
    return all(len(b) < _PAGE_DEBRIS_MAX and caption_kind(b) is None for b in between if b)


def _region_table(doc: Document, table: Table, meta: DocMeta, pcode: str | None,
                  doc_words: Callable[[], frozenset[str]], out: _Out, head: Table | None = None) -> _View | None:
    """Read a table whose rows are kabupaten/kota into ``out``; the table's view
    (:func:`_table_view`) when it prints a kabupaten/kota word but has no name column (the
    kabupaten/kota may be its columns: :func:`_regions_as_columns` reads the same view), else None."""
    # the data rows of the view are made of the table's header and data rows, and the name
    # column _find_name_column looks for needs a cell sharing a word with a kabupaten/kota
    # name: a table without one has no name column, whatever its view (most tables)
    printed = itertools.chain(itertools.chain.from_iterable(table.header),
                              itertools.chain.from_iterable(row.cells for row in table.rows))
    if not any(_shares_name_word(c.strip(), pcode) for c in printed if c.strip()):
        return None  # (no kabupaten/kota anywhere: nothing to try either)
    view = _table_view(doc, table)
    view.head = head
    name = _find_name_column(view, pcode)
    if name is None:
        return view
    bands = _header_bands(view, name)
    if len(bands) == 1 and len(bands[0][1]) == len(view.rows):
        _region_part(doc, table, view, name, meta, pcode, doc_words, out)
        return None
    for header, idx in bands:
        # each part lists the kabupaten/kota again: its labels are resolved among themselves
        # (a bare 'Kupang' beside 'Kota Kupang' of the same part)
        part = _View(header, [view.rows[i] for i in idx], view.n_cols, head)
        labels = [name.labels[i] for i in idx]
        part_name = _NameColumn(name.index, labels, _resolve_labels(part, name.index, labels, pcode))
        _region_part(doc, table, part, part_name, meta, pcode, doc_words, out)
    return None


#: The words of a caption that say the table lists the kabupaten/kota ('… menurut Kabupaten/Kota …').
_REGION_LIST_TAIL = re.compile(r"\s*\b(?:menurut|per|di|pada|se)?\s*-?\s*kabupaten\s*/\s*kota\b.*$", re.I)
def _caption_measure(table: Table) -> str:
    """What a kabupaten/kota table's caption measures: the caption without its number, its
    years and the words listing the kabupaten/kota.

    >>> _caption_measure(Table(1, 2, [], [], [], caption="Tabel 2.6 Indeks Pembangunan Manusia Kabupaten/Kota Tahun 2021-2023"))
    'Indeks Pembangunan Manusia'
    >>> _caption_measure(Table(1, 2, [], [], [], caption="Tabel 2.4 Tingkat Pengangguran Terbuka Kabupaten/Kota Tahun 2023 (%)"))
    'Tingkat Pengangguran Terbuka (%)'
    """
    title = caption_title(table.caption)
    measure = _REGION_LIST_TAIL.sub("", title)
    # a unit in brackets closing the caption ('… Kabupaten/Kota Tahun 2022-2023 (%)') is the
    # measure's, though the region words before it are cut
    m = _TRAILING_PAREN.search(table.caption or "")
    if m and m.group(0).strip() not in measure and (_canonical_unit(m.group(1)) or _scaled_unit(m.group(1))[0]):
        measure = f"{measure} {m.group(0).strip()}"
    return measure


_TRAILING_PAREN = re.compile(r"\(([^()]*)\)\s*$")


#: Fewest kabupaten/kota columns of a table that prints them across (:func:`_regions_as_columns`).
REGION_COLUMNS_MIN = 3


def _regions_as_columns(doc: Document, table: Table, view: _View, meta: DocMeta, pcode: str | None,
                        doc_words: Callable[[], frozenset[str]], out: _Out, head: Table | None) -> None:
    """A table that prints the kabupaten/kota across, as columns (*Indikator | Jembrana |
    Tabanan | …*), one variable per row: read as its transpose (a row per kabupaten/kota, a
    column per variable, :func:`_region_part`), each value keeping the line of its variable's
    row as source line. The header row naming them is the last header row (or the first row)
    with :data:`REGION_COLUMNS_MIN` or more cells resolved to kabupaten/kota of the province;
    ``view`` is the table's :func:`_table_view`."""
    candidates = view.header[::-1] + [view.rows[0].cells] if view.rows else view.header[::-1]
    for names in candidates:
        named = [j for j, c in enumerate(names) if c.strip() and _shares_name_word(c.strip(), pcode)]
        if len(named) < REGION_COLUMNS_MIN:
            continue
        # every labelled column from the first kabupaten/kota on (a total column too)
        cols = [j for j in range(named[0], len(names)) if names[j].strip()]
        res = resolve_table_names([names[j].strip() for j in cols], pcode)
        good = [(j, r) for j, r in zip(cols, res) if r.resolved or (r.method == "total" and r.region_code)]
        if sum(r.resolved for _, r in good) < REGION_COLUMNS_MIN or len(good) * 2 <= len(cols):
            continue
        break
    else:
        return
    region_cols = [j for j, _ in good]
    first = min(region_cols)
    body = [r for r in view.rows if r.cells is not names and any(_numeric_like(r.cells[j]) for j in region_cols)]
    label_of = {id(r): _row_label(r.cells, first - 1) if first > 0 else "" for r in body}
    body = [r for r in body if label_of[id(r)]]
    if not body:
        return
    if all(_is_year_cell(label_of[id(r)]) for r in body):
        # years as rows: the caption names the variable ('Indeks Pembangunan Manusia
        # Kabupaten/Kota Tahun 2021-2023' → indeks_pembangunan_manusia, a year per row)
        measure = _caption_measure(head or table) or "value"
        label_of = {k: f"{measure} {v}" for k, v in label_of.items()}
    header_line = next((r.line for r in view.rows if r.cells is names), table.start_line)
    lines = tuple(sorted({header_line} | {ln for r in body for ln in r.lines}))
    # the transpose: the kabupaten/kota column, then a column per variable row
    t_header = [["Kabupaten/Kota"] + [label_of[id(r)] for r in body]]
    t_rows = [Row(header_line, [names[j].strip()] + [r.cells[j] for r in body], names[j], lines)
              for j in region_cols]
    t_view = _View(t_header, t_rows, len(body) + 1, head or table)
    labels = [r.cells[0] for r in t_rows]
    name = _NameColumn(0, labels, _resolve_labels(t_view, 0, labels, pcode))
    n0, k0 = len(out.rows), len(out.skipped)
    _region_part(doc, table, t_view, name, meta, pcode, doc_words, out)
    var_line = {k + 1: r.line for k, r in enumerate(body)}
    for row in out.rows[n0:]:
        row["source_line"] = var_line[row.pop("_col")]
        row["value_note"] = "; ".join(x for x in (row["value_note"], "kabupaten/kota printed as columns") if x)
    for k in range(k0, len(out.skipped)):
        s = out.skipped[k]
        out.skipped[k] = Skipped(s.doc_id, s.source_line, s.raw_text,
                                 f"{s.reason} (table printing the kabupaten/kota as columns)")


def _region_part(doc: Document, table: Table, view: _View, name: _NameColumn, meta: DocMeta,
                 pcode: str | None, doc_words: Callable[[], frozenset[str]], out: _Out) -> None:
    """Extract one part of a kabupaten/kota table (the rows under one header band);
    ``doc_words()`` gives :func:`_doc_words` of ``doc``."""
    j0 = name.index
    rows = view.rows
    n = len(rows)
    kinds: list[str] = []
    for i, r in enumerate(rows):
        res = name.resolutions[i]
        has_values = any(c.strip() for c in r.cells[j0 + 1:])
        if res is None:
            kinds.append("detail" if has_values else "empty")
        elif res.resolved:
            kinds.append("region")
        elif res.method == "total" and res.region_code and "." in res.region_code:
            kinds.append("subtotal")
        elif res.method == "total" and res.region_code and pcode in (None, res.region_code):
            kinds.append("total")
        else:
            kinds.append("bad")

    # groups of detail rows
    labelled = [i for i, k in enumerate(kinds) if k not in ("detail", "empty")]
    first_labelled = labelled[0] if labelled else None
    details_of: dict[int, list[int]] = {}
    for i, k in enumerate(kinds):
        if k != "region":
            continue
        d: list[int] = []
        jj = i + 1
        while jj < n and kinds[jj] in ("detail", "empty"):
            if kinds[jj] == "detail":
                d.append(jj)
            jj += 1
        if i == first_labelled:
            d = [x for x in range(0, i) if kinds[x] == "detail"] + d
        details_of[i] = d
    attached = {x for d in details_of.values() for x in d}
    subtotal_of: dict[str, int] = {}
    for i, k in enumerate(kinds):
        if k == "subtotal":
            code = name.resolutions[i].region_code  # type: ignore[union-attr]
            subtotal_of.setdefault(code, i)

    value_rows: list[int] = []
    doc_id = meta.doc_id
    for i, k in enumerate(kinds):
        r = rows[i]
        res = name.resolutions[i]
        if k == "region":
            code = res.region_code  # type: ignore[union-attr]
            if code in subtotal_of:
                sub = rows[subtotal_of[code]]
                for x in [i] + details_of[i]:
                    _skip(out, doc_id, rows[x],
                          f"replaced by its subtotal (kabupaten/kota {code} takes the value of the "
                          f"subtotal row at line {sub.line}: {name.labels[subtotal_of[code]]!r})")
            elif details_of[i]:
                for x in [i] + details_of[i]:
                    _skip(out, doc_id, rows[x],
                          f"grouped table: detail row of {res.region_name} ({code}) without a "
                          f"subtotal (no per-kabupaten value printed; rows are not summed)")
            else:
                value_rows.append(i)
        elif k == "subtotal":
            if subtotal_of.get(res.region_code) == i:  # type: ignore[union-attr]
                value_rows.append(i)
            else:
                _skip(out, doc_id, r, f"second subtotal of {res.region_name} ({res.region_code}) in the table")
        elif k == "total":
            if res.region_code is None:  # province unknown
                _skip(out, doc_id, r, f"total row, province unknown ({res.note})")
            else:
                value_rows.append(i)
        elif k == "bad":
            what = "ambiguous name" if res.method == "ambiguous" else (
                "total of another province" if res.method == "total" else "unresolved name")
            _skip(out, doc_id, r, f"{what} ({name.labels[i]!r}: {res.note})")
        elif k == "detail" and i not in attached:
            _skip(out, doc_id, r, "detail row without a kabupaten/kota label (not attached to a row above)")

    if not value_rows:
        return

    # columns
    head = view.head or table  # the table whose caption applies
    caption = _caption_block(doc, head)
    above = [] if caption else _lines_above(doc, head)
    topic = _find_topic([caption] if caption else above)
    caption_years = sorted({int(y) for y in _HEADER_YEAR_RE.findall(caption)})
    table_year = caption_years[0] if len(caption_years) == 1 else int(meta.fiscal_year)
    table_cells = [c for r in rows for c in r.cells[j0 + 1:]]
    specs: list[tuple[int, list[str], str, str | None]] = []
    for j in range(j0 + 1, view.n_cols):
        vals = [rows[i].cells[j].strip() for i in value_rows if rows[i].cells[j].strip()]
        if not vals:
            continue
        numeric = sum(_numeric_like(v) for v in vals)
        missing = sum(parse_number(v).status == "missing" for v in vals)
        text = len(vals) - numeric - missing
        stack = _column_stack(view, j)
        label = " ".join(stack) or f"column {j + 1}"
        if numeric == 0 or text > numeric:
            for i in value_rows:
                c = rows[i].cells[j].strip()
                if _numeric_like(c):
                    _skip(out, doc_id, rows[i], f"number in a text column (column {label!r}: {c!r})")
            continue
        variable, unit = variable_from_header(stack, topic, doc_words())
        if variable == "value" and caption:
            # a header of years only ('2021 | 2022 | 2023'): the caption names the measure
            variable, unit = variable_from_header([_caption_measure(head)] + stack, topic, doc_words())
        specs.append((j, stack, variable, unit))
    if not specs:
        return
    prose_unit = None
    if all(u is None for *_, u in specs):
        prose_unit = _prose_unit([caption] if caption else above)
    used: dict[tuple[str, int], int] = {}
    columns: list[_Column] = []
    for j, stack, variable, unit in specs:
        year = _header_year(stack) or table_year
        # one variable per measure: columns that differ only by their header year (a year row
        # under a spanning 'Produksi (ton)') share the name and differ by ``year``
        used[(variable, year)] = used.get((variable, year), 0) + 1
        if used[(variable, year)] > 1:
            variable = f"{variable}_{used[(variable, year)]}"
        col_cells = [r.cells[j] for r in rows if r.cells[j].strip()]
        context = number_context(column=col_cells, table=table_cells, document_style=doc.style)
        style = context.style
        col_unit = unit or prose_unit
        if col_unit is None:
            parsed = [parse_number(rows[i].cells[j], style=style) for i in value_rows]
            vals = [p.value for p in parsed if p.ok and p.value is not None]
            col_unit = "count" if vals and all(float(v).is_integer() for v in vals) else ""
        elif unit is None and prose_unit and prose_unit in _UNIT_SUFFIX:
            variable = f"{variable}_{_UNIT_SUFFIX[prose_unit]}"
        factor, printed = header_scale(stack)
        columns.append(_Column(j, " ".join(stack) or f"column {j + 1}", variable, col_unit, year,
                               context, tuple(stack), factor, printed))

    source_table = head.name
    zeros = _confirmed_zeros(rows, value_rows, kinds, columns)
    for i in value_rows:
        r = rows[i]
        res = name.resolutions[i]
        assert res is not None
        if kinds[i] == "total":
            rtype, code, rname = "province", res.region_code, res.region_name
        else:
            code = res.region_code
            rname = region_name(code)  # type: ignore[arg-type]
            rtype = "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"  # type: ignore[union-attr]
        produced = False
        for col in columns:
            cell = r.cells[col.index].strip()
            zero_note = zeros.get((i, col.index))
            if zero_note is not None:
                p = ParsedNumber(cell, 0.0, "ok", note=zero_note)
            elif not cell:
                continue
            else:
                p = _parse_cell(cell, col)
            if p.status == "missing":
                if p.note.startswith("dash"):
                    _skip(out, doc_id, r, f"dash: zero or not reported (column {col.label!r})")
                else:
                    _skip(out, doc_id, r, f"no value: {p.note} (column {col.label!r})")
                continue
            if not p.ok or p.value is None:
                kind = {"malformed": "malformed number", "ambiguous": "ambiguous number",
                        "text": "text in a numeric column"}.get(p.status, p.status)
                _skip(out, doc_id, r, f"{kind} (column {col.label!r}: {cell!r}; {p.note})")
                continue
            key = (str(code), col.variable, col.year)
            if key in out.taken:
                v0, t0, l0 = out.taken[key]
                same = "same value" if math.isclose(v0, p.value, rel_tol=0, abs_tol=1e-9) else f"differs: {v0:g} there"
                _skip(out, doc_id, r, f"duplicate ({col.variable} {col.year} of {rname} already taken from "
                                      f"{t0!r} line {l0}; {same})")
                continue
            value = float(p.value) * col.scale
            note = zero_note or ""
            if col.scale != 1.0:
                note = "; ".join(x for x in (note, f"printed in {col.scale_text}; multiplied by {col.scale:,.0f}") if x)
            out.taken[key] = (value, source_table, r.line)
            out.rows.append({
                "doc_id": doc_id, "province": meta.province, "year": int(col.year),
                "region_code": code, "region_name": rname, "region_type": rtype,
                "variable": col.variable, "value": value, "unit": col.unit,
                "source_table": source_table, "source_line": int(r.line),
                "value_note": note, "_col": col.index,
            })
            produced = True
        if produced:
            out.consumed.update(r.lines)


def extract_regions(doc: Document, meta: DocMeta) -> Extraction:
    """Extract every kabupaten/kota table of a document into the long ``regions.csv`` format.

    See the module docstring for how tables, rows, variables, units, years and numbers are
    read.

    Parameters
    ----------
    doc : Document
        The segmented document (:func:`analysis.documents.read_document`).
    meta : DocMeta
        Its manifest row (province, fiscal year, doc id).

    Returns
    -------
    Extraction
        ``rows`` with :data:`~analysis.extractors.base.REGION_COLUMNS` (one row per
        kabupaten/kota or province total, variable and year), sorted by ``source_line``,
        ``region_code``, ``variable``; ``skipped`` for dashes, malformed numbers, unresolved
        names, rows replaced by subtotals, grouped detail rows and duplicates; ``consumed_lines``
        the lines of the rows that produced output.
    """
    pcode = _province(meta)
    # the prose words serve only the variable names of kabupaten/kota tables, which most
    # documents lack: listed on first use, once per document
    doc_words = functools.cache(lambda: _doc_words(doc))
    out = _Out()
    prev: Table | None = None
    head: Table | None = None
    for table in doc.tables:
        if not table.rows and not table.header:
            continue
        # a piece of the table above, split off at a page break: the first piece's caption
        head = head if _continued_table(doc, prev, table) else table
        view = _region_table(doc, table, meta, pcode, doc_words, out, head)
        if view is not None:  # no name column: the kabupaten/kota may be printed as columns
            _regions_as_columns(doc, table, view, meta, pcode, doc_words, out, head)
        prev = table
    # sorted before the frame is built, in the stable order sort_values(kind="mergesort") gives:
    # a total row's region code is None when the province is unknown, and sorts last
    rows = sorted(out.rows, key=lambda r: (r["source_line"], r["region_code"] is None, r["region_code"] or "",
                                           r["variable"], r["year"]))
    frame = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    if len(frame):
        frame["year"] = frame["year"].astype(int)
        frame["source_line"] = frame["source_line"].astype(int)
    skipped = sorted(out.skipped, key=lambda s: (s.source_line, s.reason))
    return Extraction(frame, skipped, set(out.consumed))


# ---------------------------------------------------------------------------------------------
# extract_activity_locations
# ---------------------------------------------------------------------------------------------

_NAME_HEADER = re.compile(r"uraian|program|kegiatan|\bprog\b|\bkeg\b", re.I)
_NOT_NAME_HEADER = re.compile(r"kebijakan|indikator|sasaran|dasar\s+hukum|permasalahan|target|realisasi", re.I)
_TARGET_HEADER = re.compile(r"\btar\s?get\b", re.I)
_REALISASI_HEADER = re.compile(r"\breali[sz]a?s?i|\brealisai|\bcapaian\b", re.I)
_STRUCTURAL = re.compile(r"^\W*(?:input|output|outcome|outcomes|ouput|keluaran|hasil|benefit|impact)\b", re.I)
_INPUT_AMOUNT = re.compile(
    r"^\W*(?:<u>)?\s*(?:input\b\W*|jumlah\s+anggaran\W*|anggaran\W*|pagu\W*)?"
    r"(?P<rp>(?:r\s?p\.?\s*)*)(?P<num>\(?\d[\d.,]*)",
    re.I,
)


def _input_amount(cell: str, labelled: bool = False) -> bool:
    """True when a target cell opens with an input (budget) amount."""
    if not cell:
        return False
    m = _INPUT_AMOUNT.match(cell)
    if not m:
        return False
    has_label = bool(re.match(r"^\W*(?:<u>)?\s*(?:input|jumlah\s+anggaran|anggaran|pagu)\b", cell, re.I))
    digits = re.sub(r"\D", "", m.group("num"))
    if len(digits) < 4:
        return False
    return bool(m.group("rp").strip()) or has_label or labelled or bool(re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", m.group("num")))


@dataclass
class _OutputTable:
    name_cols: list[int]
    target_col: int
    text_cols: list[int]


def _output_table(table: Table) -> _OutputTable | None:
    labels = column_labels(table)
    name_cols = [j for j, lab in enumerate(labels) if _NAME_HEADER.search(lab) and not _NOT_NAME_HEADER.search(lab)]
    targets = [j for j, lab in enumerate(labels) if _TARGET_HEADER.search(lab)]
    if not name_cols or not targets:
        return None
    target = targets[0]
    reals = [j for j, lab in enumerate(labels) if j > target and _REALISASI_HEADER.search(lab)]
    if not reals:
        return None
    name_cols = [j for j in name_cols if j < target]
    if not name_cols:
        return None
    spec = _OutputTable(name_cols, target, [target, reals[0]])
    if not any(_budget_name(r, spec) is not None for r in table.rows):
        return None
    return spec


def _row_name(row: Row, spec: _OutputTable) -> str:
    for j in reversed(spec.name_cols):
        c = row.cells[j].strip() if j < len(row.cells) else ""
        if c:
            return c
    return ""


def _budget_name(row: Row, spec: _OutputTable, pending: Sequence[str] = ()) -> str | None:
    """The budget-line name when ``row`` carries an input amount, else None."""
    target = row.cells[spec.target_col] if spec.target_col < len(row.cells) else ""
    name = _row_name(row, spec)
    if not name:
        return None
    if _STRUCTURAL.match(name):
        if re.match(r"^\W*input\b", name, re.I) and _input_amount(target, labelled=True) and pending:
            return " ".join(pending)
        return None
    if _input_amount(target):
        return name
    return None


def _clean_name(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(" | ", " ")).strip()


#: Longest location cell read as one kabupaten/kota name when no mention is found in it.
LOCATION_CELL_MAX = 40


def _location_table(table: Table) -> tuple[int, int] | None:
    """(name column, location column) of a table with a *Lokasi* column and a programme or
    kegiatan name column left of it (the leftmost such column: a converter may have cut the
    indicator label so that it reads like a name), else None."""
    labels = column_labels(table)
    locs = [j for j, lab in enumerate(labels) if LOCATION_HEADER.search(lab)]
    if not locs:
        return None
    names = [j for j, lab in enumerate(labels[:locs[0]])
             if _NAME_HEADER.search(lab) and not _NOT_NAME_HEADER.search(lab)]
    return (names[0], locs[0]) if names else None


def _cell_places(text: str, pcode: str | None) -> list:
    """The kabupaten/kota of a location cell: its mentions, else the cell as one name
    (module docstring, "Activity locations"); a :class:`~analysis.regions.Resolution` of method
    ``ambiguous`` stands for a name shared by a kabupaten and a kota."""
    found = _mentions(text, pcode)
    if found or not text.strip() or len(text) > LOCATION_CELL_MAX:
        return found
    res = resolve_region(text, pcode)
    if res.resolved and res.method != "fuzzy" or res.method == "ambiguous":
        return [res]
    return []


def _physical_cells(doc: Document, row: Row, table: Table) -> list[tuple[int, list[str]]]:
    return doc.physical_rows(table, row)


def _mentions(text: str, pcode: str | None):
    return find_region_mentions(text, pcode, include_ambiguous=True)


def extract_activity_locations(doc: Document, meta: DocMeta) -> Extraction:
    """Kabupaten/kota named in the output/outcome/realisation texts of 3.1.2 programme tables
    and in the location column of programme/kegiatan tables.

    See the module docstring for which tables, columns and prose are searched and how the
    budget line is found.

    Parameters
    ----------
    doc : Document
    meta : DocMeta

    Returns
    -------
    Extraction
        ``rows`` with :data:`~analysis.extractors.base.ACTIVITY_LOCATION_COLUMNS`, one per
        (budget_line, region_code, source_line), sorted by ``source_line``, ``region_code``,
        ``budget_line``; ``skipped`` lists ambiguous mentions (bare ``Kupang`` in a list);
        ``consumed_lines`` is empty (mentions do not account for a row's amounts).
    """
    pcode = _province(meta)
    sections = SectionIndex.of(doc, meta.entity)
    records: dict[tuple[str, str, int], dict] = {}
    skipped: dict[tuple[int, str], Skipped] = {}
    headings = {h.line: h for h in doc.headings}
    starts = sorted(t.start_line for t in doc.tables)

    def add(line: int, budget: str, text: str) -> None:
        for m in _mentions(text, pcode):
            if m.region_code is None:
                cands = ", ".join(m.candidates)
                reason = (f"ambiguous mention ({m.mention!r} could be {cands}; not assigned"
                          f"{'; budget line ' + repr(budget[:80]) if budget else ''})")
                skipped.setdefault((line, reason), Skipped(meta.doc_id, line, text[:500], reason))
                continue
            key = (budget, m.region_code, line)
            if key not in records:
                records[key] = {
                    "doc_id": meta.doc_id,
                    "entity": sections.at(line).entity,
                    "budget_line": budget,
                    "region_code": m.region_code,
                    "mention": m.mention,
                    "source_line": int(line),
                }

    def add_place(line: int, budget: str, text: str) -> None:
        # a location cell: its places (mentions or the cell as one name)
        for m in _cell_places(text, pcode):
            if isinstance(m, Resolution):
                if m.method == "ambiguous":
                    cands = ", ".join(m.candidates)
                    reason = (f"ambiguous location ({m.raw!r} could be {cands}; not assigned"
                              f"{'; budget line ' + repr(budget[:80]) if budget else ''})")
                    skipped.setdefault((line, reason), Skipped(meta.doc_id, line, text[:500], reason))
                    continue
                code, mention = m.region_code, text.strip()
            elif m.region_code is None:
                add(line, budget, m.mention)  # lists it as ambiguous, as in a text
                continue
            else:
                code, mention = m.region_code, m.mention
            records.setdefault((budget, code, line), {
                "doc_id": meta.doc_id, "entity": sections.at(line).entity, "budget_line": budget,
                "region_code": code, "mention": mention, "source_line": int(line)})

    for table in doc.tables:
        located = _location_table(table)
        if located is not None:
            name_col, loc_col = located
            for row in table.rows:
                name = row.cells[name_col].strip() if name_col < len(row.cells) else ""
                if not name or loc_col >= len(row.cells) or not row.cells[loc_col].strip():
                    continue
                for ln, cells in _physical_cells(doc, row, table):
                    if loc_col < len(cells) and cells[loc_col].strip():
                        add_place(ln, _clean_name(name), cells[loc_col])
        spec = _output_table(table)
        if spec is None:
            continue
        budget = ""
        pending: list[str] = []
        for row in table.rows:
            bname = _budget_name(row, spec, pending)
            if bname is not None:
                budget = _clean_name(bname)
                pending = []
            else:
                nm = _row_name(row, spec)
                target = row.cells[spec.target_col] if spec.target_col < len(row.cells) else ""
                if nm and not _STRUCTURAL.match(nm) and not target.strip():
                    pending.append(_clean_name(nm))
                elif nm:
                    pending = []
            for ln, cells in _physical_cells(doc, row, table):
                for j in spec.text_cols:
                    if j < len(cells) and cells[j].strip():
                        add(ln, budget, cells[j])
        # prose after the table, up to the next heading (depth <= 3), chapter or table
        nxt = [s for s in starts if s > table.end_line]
        stop = nxt[0] if nxt else len(doc.lines) + 1
        for ln in range(table.end_line + 1, stop):
            h = headings.get(ln)
            if h is not None and (h.kind == "bab" or (h.kind == "numbered" and h.depth <= 3)):
                break
            if ln in doc.table_line_set:
                continue
            text = doc.line(ln)
            if text.strip():
                add(ln, "", normalise_cell(text))

    # sorted before the frame is built, in the stable order sort_values(kind="mergesort") gives
    # (ints and strings, none missing: a record has a region code)
    rows = sorted(records.values(), key=lambda r: (r["source_line"], r["region_code"], r["budget_line"], r["mention"]))
    frame = pd.DataFrame(rows, columns=ACTIVITY_LOCATION_COLUMNS)
    if len(frame):
        frame["source_line"] = frame["source_line"].astype(int)
    sk = [skipped[k] for k in sorted(skipped)]
    return Extraction(frame, sk, set())


# ---------------------------------------------------------------------------------------------
# activity_counts (pure)
# ---------------------------------------------------------------------------------------------


def activity_counts(
    locations: pd.DataFrame,
    population: pd.DataFrame,
    *,
    year: int | None = None,
) -> pd.DataFrame:
    """Mentions per kabupaten/kota and per 100,000 inhabitants.

    ``mentions_per_100k = 100000 * mentions / population``. A mention is one row of
    ``activity_locations`` (one kabupaten/kota named at one line for one budget line).

    Parameters
    ----------
    locations : DataFrame
        Rows of ``activity_locations.csv`` (needs ``region_code``; ``budget_line`` optional).
        Rows without a region code are ignored.
    population : DataFrame
        Rows of ``regions.csv``; those with ``variable == 'population_total'`` and a
        kabupaten/kota code (``PP.KK``) are used (province totals are not).
    year : int, optional
        Population year to use. By default the latest year available for each region.

    Returns
    -------
    DataFrame
        Columns :data:`ACTIVITY_COUNT_COLUMNS`: ``region_code``, ``region_name``, ``mentions``
        (0 for regions of ``population`` never named), ``budget_lines`` (distinct non-empty
        budget lines), ``population``, ``population_year``, ``mentions_per_100k`` (NaN without
        a population); one row per region in either input, sorted by ``region_code``.

    Raises
    ------
    ValueError
        If a required column is missing, or ``population`` gives two different values for
        one region and year (filter it by ``doc_id`` first).
    """
    for col in ("region_code",):
        if col not in locations.columns:
            raise ValueError(f"locations needs a {col!r} column")
    for col in ("region_code", "variable", "value", "year"):
        if col not in population.columns:
            raise ValueError(f"population needs a {col!r} column (regions.csv format)")
    loc = locations.copy()
    loc["region_code"] = loc["region_code"].astype("string")
    loc = loc[loc["region_code"].notna() & (loc["region_code"].str.strip() != "")]
    if "budget_line" not in loc.columns:
        loc["budget_line"] = ""
    loc["budget_line"] = loc["budget_line"].fillna("").astype(str)
    grouped = loc.groupby("region_code", sort=True)
    mentions = grouped.size().rename("mentions")
    budget_lines = grouped["budget_line"].agg(lambda s: s[s.str.strip() != ""].nunique()).rename("budget_lines")

    pop = population[population["variable"] == "population_total"].copy()
    pop["region_code"] = pop["region_code"].astype(str)
    pop = pop[pop["region_code"].str.contains(".", regex=False)]
    pop["year"] = pd.to_numeric(pop["year"], errors="coerce")
    pop["value"] = pd.to_numeric(pop["value"], errors="coerce")
    if year is not None:
        pop = pop[pop["year"] == year]
    dup = pop.groupby(["region_code", "year"])["value"].nunique()
    if (dup > 1).any():
        bad = dup[dup > 1].index[0]
        raise ValueError(f"population has different values for region {bad[0]} in {int(bad[1])}; "
                         "filter it by doc_id first")
    pop = pop.sort_values(["region_code", "year"], kind="mergesort").groupby("region_code").tail(1)
    pop = pop.set_index("region_code")

    codes = sorted(set(mentions.index) | set(pop.index))
    rows = []
    for code in codes:
        n = int(mentions.get(code, 0))
        bl = int(budget_lines.get(code, 0))
        if code in pop.index:
            p = float(pop.at[code, "value"])
            py = int(pop.at[code, "year"])
            nm = pop.at[code, "region_name"] if "region_name" in pop.columns else None
        else:
            p, py, nm = math.nan, None, None
        if not isinstance(nm, str) or not nm:
            try:
                nm = region_name(code)
            except ValueError:
                nm = ""
        per = 1e5 * n / p if p and not math.isnan(p) else math.nan
        rows.append((code, nm, n, bl, p, py, per))
    out = pd.DataFrame(rows, columns=ACTIVITY_COUNT_COLUMNS)
    out["mentions"] = out["mentions"].astype(int)
    out["budget_lines"] = out["budget_lines"].astype(int)
    out["population_year"] = out["population_year"].astype("Int64")
    out["population"] = out["population"].astype(float)
    out["mentions_per_100k"] = out["mentions_per_100k"].astype(float)
    return out
