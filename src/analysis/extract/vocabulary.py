"""Header vocabulary shared by the extractors: the words that name a table's columns.

Reports are written in Indonesian, but converters, consultants and English-language editions
print headers such as *Performance Indicator*, *Realization*, *Achievement (%)*, and typists
print *Realisi*, *Relisasi* or *Indkator*. The extractors classify columns by Indonesian header
words; :func:`canonical_header` rewrites a header cell into those words first, so every
extractor understands the same variants:

* English words and phrases are translated (:data:`ENGLISH_HEADER_WORDS`), longest phrase first
  (*Key Performance Indicator* before *Indicator*);
* a word of six letters or more that is a near miss of a canonical word
  (:data:`CANONICAL_HEADER_WORDS`) is corrected when its rapidfuzz ratio is at least
  :data:`TYPO_THRESHOLD` and no other canonical word is as close.

The rewritten text is only used to decide a column's role; the header as printed is what the
output keeps.

Examples
--------
>>> canonical_header("Performance Indicator")
'indikator kinerja'
>>> canonical_header("Realization 2023")
'realisasi 2023'
>>> canonical_header("Realisi (%)")
'realisasi (%)'
>>> canonical_header("Target / Realisasi 2023")
'target / realisasi 2023'
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

__all__ = [
    "ENGLISH_HEADER_WORDS",
    "CANONICAL_HEADER_WORDS",
    "INDICATOR_ABBREVIATIONS",
    "INDICATOR_LABEL_WORDS",
    "TYPO_THRESHOLD",
    "HEADER_ROW_WORDS",
    "LABEL_WORDS",
    "NUMBER_COLUMN_LABELS",
    "UNIT_WORDS",
    "REGION_HEADER_WORDS",
    "REVISED_BUDGET_WORDS",
    "ORIGINAL_BUDGET_WORDS",
    "TOTAL_SPENDING_WORDS",
    "AMOUNT_UNIT",
    "AMOUNT_UNIT_FACTORS",
    "REGION_NAME_PREFIXES",
    "PROGRAMME_NAME_WORDS",
    "INDICATOR_WORDS",
    "AGGREGATE_NAME_WORDS",
    "OPD_NAME_WORDS",
    "CHANGE_KIND_COLUMN_WORDS",
    "CHANGE_TEXT_COLUMN_LABEL",
    "BUDGET_WORDS",
    "MONEY_REMAINDER_WORDS",
    "PERCENT_WORDS",
    "OBJECTIVE_WORDING",
    "TOTAL_NAME",
    "TOTAL_CELL",
    "INDICATOR_ROW_KINDS",
    "YEAR_COLUMN_KIND_WORDS",
    "BUDGET_ROW_KINDS",
    "TRANSPOSED_GENERIC_NAMES",
    "TRANSPOSED_CAPTION_LEAD",
    "TRANSPOSED_YEAR_RANGE",
    "PERIOD_HEADER",
    "PLAN_BUDGET_WORDS",
    "FORWARD_ESTIMATE_WORDS",
    "RENJA_TARGET_WORDS",
    "RENSTRA_WORDS",
    "SHORT_LINE_START_WORDS",
    "CODE_COLUMN_WORDS",
    "PLAN_PERIOD_WORDS",
    "NAME_CONNECTOR_WORDS",
    "WRAP_WIDTH_SLACK",
    "REALISATION_WORDS",
    "AGENCY_NAME_COLUMN_WORDS",
    "FUNDING_SOURCE_WORDS",
    "ABSORPTION_PLAN_WORDS",
    "FINANCE_WORDS",
    "LEVEL_COLUMN_LABELS",
    "ITEM_NAME_WORDS",
    "POLICY_WORDS",
    "BUDGET_TABLE_KIND_WORDS",
    "INPUT_WORD",
    "PLAN_YEAR_WORD",
    "DPRD_CAPTION_WORDS",
    "ABBREVIATED_HEADER_WORDS",
    "canonical_header",
]

#: English (and British/American) header words and phrases -> the Indonesian words the
#: extractors classify by. Phrases are matched whole-word, case-insensitively, longest first.
ENGLISH_HEADER_WORDS: dict[str, str] = {
    "key performance indicators": "indikator kinerja utama",
    "key performance indicator": "indikator kinerja utama",
    "performance indicators": "indikator kinerja",
    "performance indicator": "indikator kinerja",
    "performance achievement": "capaian kinerja",
    "performance target": "target kinerja",
    "strategic objectives": "sasaran strategis",
    "strategic objective": "sasaran strategis",
    "initial condition": "kondisi awal",
    "final condition": "kondisi akhir",
    "end target": "target akhir",
    "budget realization": "realisasi anggaran",
    "budget realisation": "realisasi anggaran",
    "sub-activities": "sub kegiatan",
    "sub-activity": "sub kegiatan",
    "sub activities": "sub kegiatan",
    "sub activity": "sub kegiatan",
    "measurement unit": "satuan",
    "indicators": "indikator",
    "indicator": "indikator",
    "realizations": "realisasi",
    "realization": "realisasi",
    "realisations": "realisasi",
    "realisation": "realisasi",
    "actual": "realisasi",
    "achievements": "capaian",
    "achievement": "capaian",
    "attainment": "capaian",
    "targets": "target",
    "budget": "anggaran",
    "allocation": "alokasi",
    "ceiling": "pagu",
    "units": "satuan",
    "unit": "satuan",
    "baseline": "kondisi awal",
    "objectives": "sasaran",
    "objective": "sasaran",
    "goal": "tujuan",
    "programmes": "program",
    "programme": "program",
    "programs": "program",
    "activities": "kegiatan",
    "activity": "kegiatan",
    "description": "uraian",
    "remarks": "keterangan",
    "notes": "keterangan",
    "year": "tahun",
    "total": "jumlah",
    "progress": "kemajuan",
    "efficiency": "efisiensi",
    "regency": "kabupaten",
    "city": "kota",
    "district": "kecamatan",
    "village": "desa",
    "population": "penduduk",
}

#: Abbreviated Indonesian header words -> the full word (*Sat* over the units of Disperindag
#: Jawa Barat LKIP 2016 Tabel 3.1-3.5); matched like :data:`ENGLISH_HEADER_WORDS`.
ABBREVIATED_HEADER_WORDS: dict[str, str] = {
    "sat": "satuan",
}
#: A column label that is an abbreviation of an indicator set alone (*IKU* Indikator Kinerja
#: Utama, *IKK* Kunci, *IKD* Daerah, *IKI* Individu) names the indicator column; inside a
#: longer label (*Capaian IKU (%)*, *Target IKU*) it does not.
INDICATOR_ABBREVIATIONS: tuple[str, ...] = ("iku", "ikk", "ikd", "iki")
#: Other labels of an indicator column: *Tolok Ukur Kinerja* (the Permendagri 13/2006 forms),
#: *Ukuran Keberhasilan* (measure of success).
INDICATOR_LABEL_WORDS: tuple[str, ...] = ("tolok ukur", "tolak ukur", "ukuran keberhasilan")

#: The Indonesian header words typos are corrected to.
CANONICAL_HEADER_WORDS: tuple[str, ...] = (
    "indikator", "realisasi", "capaian", "anggaran", "kegiatan", "program", "sasaran", "satuan",
    "keterangan", "kondisi", "kinerja", "target", "uraian", "kemajuan", "efisiensi", "penduduk",
    "kabupaten", "kecamatan", "kelurahan",
)

#: Minimum rapidfuzz ratio (0-100) for a word to count as a misspelling of a canonical word
#: ('realisi' -> 'realisasi' scores 87.5; 'realistis' -> 'realisasi' 77.8 stays as printed).
TYPO_THRESHOLD = 85.0
#: Words shorter than this are never corrected (too many short words are near each other).
TYPO_MIN_LENGTH = 6

#: Canonical header words (after :func:`canonical_header`) that make a row of short text cells
#: a header row when at least two of its cells carry one (``Anggaran (Rp) | Realisasi (Rp) | %``);
#: ``(rp`` and ``%`` are unit markers of such rows. Used by :mod:`analysis.extract.columns`.
HEADER_ROW_WORDS: tuple[str, ...] = (
    "target", "anggaran", "realisasi", "kinerja", "tahun", "capaian", "pagu", "uraian", "program",
    "kegiatan", "indikator", "satuan", "keterangan", "jumlah", "no",
)
#: Unit markers that count as header words in a header row (``Anggaran (Rp.)``, ``%``).
HEADER_ROW_MARKERS: tuple[str, ...] = ("(rp", "%")

#: Word stems (regular expressions, matched at a word start after :func:`canonical_header`) of
#: the labels of performance-table columns, with the spellings converters print (``tar get``,
#: ``bebefit``, ``n o``). A row whose short cells carry two of them is a row of labels.
LABEL_WORDS: tuple[str, ...] = (
    r"no\.?", r"n\s?o", "sasaran", "indikator", "kinerja", "target", r"tar\s?get", "realisa",
    "capaian", "kondisi", "awal", "akhir", "satuan", "tahun", "program", "kegiatan", "outcome",
    "benefit", "bebefit", "benafit", "impact", "uraian", "anggaran", "keterangan", r"ket\.?",
    "formula", "tujuan", "kumulatif", "renstra", "output", "alokasi", "rencana", "perspektif",
    "analisis", "solusi", "menunjang", "efisiensi", "kemajuan", "pagu", "jumlah", "persen", "prakiraan",
    "urusan/",
)

#: Labels (letters, digits and ``%`` only, lower case) of a row-number column; a one-letter
#: label of the first column is one too.
NUMBER_COLUMN_LABELS: frozenset[str] = frozenset({"no", "nomor", "z", "n0", "no."})

#: Name-column header words of per-kabupaten tables (letters and digits only, lower case): the
#: header of a ``region`` column, and the mark of a header band printed again inside a table
#: (:func:`analysis.extract.regional._header_bands`).
REGION_HEADER_WORDS: frozenset[str] = frozenset({
    "kabupatenkota", "kabkota", "kabupatenkab", "kabupaten", "kota", "kotakabupaten",
    "namakabupatenkota", "namakabkota", "wilayah", "daerah", "kabupatenkotaregencycity",
    "regencycity", "regency", "district", "city",
})

#: Words of a budget column's label that make it the revised budget, preferred over the other
#: budget columns of a table (``Anggaran Setelah Perubahan``).
REVISED_BUDGET_WORDS: tuple[str, ...] = ("setelah perubahan", "perubahan", "apbd-p", "p-apbd", "akhir")
#: Words of a budget column's label that make it the original (pre-revision) budget: never the
#: revised one, even when it also says *perubahan* (*Sebelum Perubahan*); when a table prints it
#: beside the revised budget it is the row's ``budget_original`` (*APBD Murni | APBD Perubahan*).
ORIGINAL_BUDGET_WORDS: tuple[str, ...] = ("murni", "sebelum perubahan", "induk", "penetapan", "awal")
#: The unit of a table's amounts when not rupiah: thousands (``(Rp.000)``, ``(dalam ribuan
#: rupiah)``), millions (``(Juta Rp)``, ``(Rp Juta)``), billions or trillions, in a money
#: column's label or in the caption (group 1: the scale word; ``000`` is a thousand).
AMOUNT_UNIT = re.compile(
    r"rp\.?\s*(000(?:[.,]000)*)\b|\(\s*(?:dalam\s+)?(?:rp\.?\s*)?(ribu|ribuan|juta|jutaan|miliar|milyar|triliun)"
    r"(?:\s+rupiah|\s+rp\.?)?\s*\)|dalam\s+(ribuan|jutaan|miliaran|milyaran)\s+rupiah", re.I)
#: The factor of each scale word of :data:`AMOUNT_UNIT`.
AMOUNT_UNIT_FACTORS: dict[str, float] = {
    "000": 1e3, "ribu": 1e3, "ribuan": 1e3, "juta": 1e6, "jutaan": 1e6, "miliar": 1e9, "milyar": 1e9,
    "miliaran": 1e9, "milyaran": 1e9, "triliun": 1e12}
#: Words of a budget column's label that name an organisation's total spending, preferred as
#: the budget over its revenue and spending-type columns (Perda APBD Lampiran II).
TOTAL_SPENDING_WORDS: tuple[str, ...] = ("jumlah belanja", "total belanja")
#: Words of a budget column's label that name the budget itself (preferred over other money
#: columns such as ``Pendapatan (Rp.)``).
BUDGET_WORDS: tuple[str, ...] = ("anggaran", "pagu")
#: Words of a money column's label that make it neither the budget nor its realisation
#: (``Efisiensi Anggaran``, ``Sisa Anggaran``, ``Keterangan (Rp)``).
MONEY_REMAINDER_WORDS: tuple[str, ...] = ("efisiensi", "sisa", "keterangan")

#: Words of a percentage column's label (``Persen (%)``, ``Persentase Realisasi (%)``).
PERCENT_WORDS: tuple[str, ...] = ("persen", "persentase")

#: Words of a budget column's label or a table's caption that make its amounts planned, not
#: allocated: a Renja's *Pagu Indikatif* and *Prakiraan Maju*, an RKPD draft (*Rancangan Awal
#: RKPD*, an RKPD column), a needs analysis (*Kebutuhan Dana*, *Hasil Analisis Kebutuhan*), a proposal (*Usulan*).
PLAN_BUDGET_WORDS: tuple[str, ...] = (
    "pagu indikatif", "prakiraan maju", "rancangan", "kebutuhan dana", "analisis kebutuhan", "usulan", "rkpd",
)
#: Words of a budget column naming a forward estimate for a later year, printed beside the plan
#: year's amounts (Renja plan form, Permendagri 86/2017: *Prakiraan Maju Tahun N+1 | Kebutuhan
#: Dana/Pagu Indikatif*); its amounts are rows of that later year, never the plan year's.
FORWARD_ESTIMATE_WORDS: tuple[str, ...] = ("prakiraan maju",)
#: Words of a Renja evaluation form's current-year target column (*Target Program dan Kegiatan
#: (Renja) Tahun N*, Permendagri 54/2010): printed in rupiah, that year's planned budget (pagu).
RENJA_TARGET_WORDS: tuple[str, ...] = ("renja",)
#: Words of a Renstra (five-year plan) column: its end target or the progress towards it, no year's budget.
RENSTRA_WORDS: tuple[str, ...] = ("renstra",)
#: Words naming a five-year plan (the agency's *Renstra*, the region's *RPJMD*/*RPJM*): in an
#: evaluation form's column group with its end or a sum up to a year, the plan period's column
#: (:func:`analysis.extract.columns.header_role`).
PLAN_PERIOD_WORDS: tuple[str, ...] = ("renstra", "rpjmd", "rpjm")
#: Words (and signs) that leave a programme/kegiatan name unfinished at the end of a printed
#: line: the next line of the cell continues that name (a wrapped name), it does not start a new
#: title (``Program Peningkatan Sarana dan`` / ``Prasarana Aparatur``).
NAME_CONNECTOR_WORDS: tuple[str, ...] = (
    "dan", "atau", "serta", "di", "ke", "dari", "pada", "untuk", "bagi", "yang", "dengan", "dalam",
    "melalui", "oleh", "terhadap", "antar", "&", ",", "/", "-", "–", "(",
)
#: Short words that stand alone at the start of a cell's line (not the end of a word a narrow
#: cell cut, :func:`analysis.extract.pdf._cut_word_lines`): the connectors above and the usual
#: abbreviations of report tables.
SHORT_LINE_START_WORDS: tuple[str, ...] = NAME_CONNECTOR_WORDS + (
    "per", "ini", "itu", "yg", "dgn", "dg", "utk", "dr", "thd", "tsb", "ttg", "dll", "dsb", "kab", "kec",
    "kel", "prov", "org", "thn", "bln", "hr", "km", "ha", "kg", "m", "m2", "m3", "cm", "ton", "unit",
)
#: Tolerance of the line-fill test of a wrapped name (a next line's first word "would not have
#: fitted" on the line above only when the two exceed the column's longest printed line by this
#: factor): character counts stand for widths printed in a proportional font.
WRAP_WIDTH_SLACK = 1.15

#: A column header naming a part of the year (``Realisasi Triwulan I``, ``TW II``, ``Semester
#: 1``, ``Quarter 3``): the column holds a quarter's or a half-year's value, never the year's
#: target, realisation or budget (a quarterly realisation form, *realisasi triwulan*).
PERIOD_HEADER = re.compile(r"\b(?:triwulan|tw|semester|quarter|q[1-4])\b", re.I)
#: Words of a column label that name a realisation (after :func:`canonical_header`): the
#: realisation percentage is preferred over a target percentage (``Persentase Realisasi (%)``
#: beside ``Persentase Target (%)``).
REALISATION_WORDS: tuple[str, ...] = ("realisasi",)

#: Labels of the level columns of a programme table printed with one column per level
#: (``PROGRAM | KEGIATAN | SUB KEGIATAN``) -> the level.
LEVEL_COLUMN_LABELS: dict[str, str] = {"program": "program", "kegiatan": "kegiatan", "sub kegiatan": "sub_kegiatan"}
#: Words of the label of the column naming a budget table's items besides *program* /
#: *kegiatan* (role ``program``): ``Uraian``, ``Urusan``.
ITEM_NAME_WORDS: tuple[str, ...] = ("uraian", "urusan")
#: Words of the label of a programme table's policy column (``Kebijakan``): its text is not the
#: item's name.
POLICY_WORDS: tuple[str, ...] = ("kebijakan",)

#: Header (or caption, for ``rekomendasi dprd``) words of budget-table kinds that are read by
#: their own rule or not at all (:func:`analysis.extract.budget._table_kind`), as regular
#: expressions on the lower-case labels joined by spaces.
BUDGET_TABLE_KIND_WORDS: dict[str, tuple[str, ...]] = {
    # DPRD recommendations and their follow-up: prior-year figures, not budget lines
    "dprd": (r"rekomendasi\s*dprd", r"tindak\s*lanjut"),
    # murni vs perubahan tables ('Jenis APBD | Pendapatan | Belanja')
    "change": (r"jenis apbd", r"jenis perubahan.*apbd|apbd.*jenis perubahan"),
    # strategic-policy tables (legal basis text)
    "policy": (r"kebijakan strategis", r"dasar hukum"),
    # urusan x perangkat daerah tables (all three words)
    "urusan_opd": (r"perangkat daerah", r"urusan"),
    # SP2D / SPJ disbursement tables (realisation only)
    "disbursement": (r"sp2d", r"\bspj\b"),
    # revenue / expenditure-type / financing aggregates (in the first two labels)
    "aggregate": (r"sumber pendapatan", r"jenis belanja", r"jenis pembiayaan", r"sumber dana"),
}
#: Caption or heading words of a DPRD-recommendation table.
DPRD_CAPTION_WORDS: tuple[str, ...] = (r"rekomendasi\s+dprd",)
#: The word before the year of a multi-year plan's column groups (``Tahun 2019``).
PLAN_YEAR_WORD = "tahun"
#: The word of a programme table whose cells carry ``Input: Rp …`` pairs.
INPUT_WORD = r"\binput\b"

#: How the names of a per-kabupaten/kota table start (lower case): such a table belongs to the
#: regional extractor even when its columns read as budget columns.
REGION_NAME_PREFIXES: tuple[str, ...] = ("kab.", "kab ", "kabupaten", "kota", "kep.", "provinsi", "prov.")

#: Label words of the name column of a budget table's rows, by kind of table (substrings of the
#: lower-case labels): programme tables, indicator columns, aggregate tables (revenue sources,
#: expenditure types), urusan x perangkat daerah tables.
PROGRAMME_NAME_WORDS: tuple[str, ...] = ("uraian", "program", "kegiatan")
#: Label words of the account-code column of a budget regulation's tables (Perda APBD
#: lampiran: *Kode Rekening | Uraian | Jumlah*).
ACCOUNT_CODE_WORDS: tuple[str, ...] = ("rekening", "akun")
#: Label words of a column of programme and kegiatan codes beside the names (*Kode* of the
#: Permendagri 86/2017 forms, printed between *No* and the names: ``1.02.02``, ``1.02.02.2.01``).
CODE_COLUMN_WORDS: tuple[str, ...] = ("kode",)
#: The level of a budget line by the first segment of its account code, in the chart of
#: accounts of regional finance (Permendagri 90/2019, account classes 4 Pendapatan Daerah,
#: 5 Belanja Daerah, 6 Pembiayaan Daerah; kept by Permendagri 77/2020).
ACCOUNT_CLASS_LEVELS: dict[str, str] = {"4": "revenue", "5": "expenditure_type", "6": "financing"}
#: Names of the balancing lines of an APBD summary, which are no account of their own.
ACCOUNT_BALANCE_WORDS = re.compile(r"^\W*(?:surplus|defisit|pembiayaan\s+neto|sisa\s+lebih|silpa|jumlah|total)\b", re.I)
#: Label words of a budget's absorption column (*Serapan (%)*, *Penyerapan Anggaran*, *Daya
#: Serap*): the realisation as a percentage of the budget, whatever else the label says.
ABSORPTION_WORDS: tuple[str, ...] = ("serapan", "penyerapan", "dayaserap")
#: Label words of a money column besides *anggaran/pagu*: *Realisasi Keuangan (Rp / %)*, the
#: financial realisation (beside the physical, *fisik*) of Renja and LKPJ evaluation tables.
FINANCE_WORDS: tuple[str, ...] = ("keuangan",)
#: Words of an absorption column's label that make it planned, not realised (*Target Serapan
#: Anggaran (%)*, *Rencana Penyerapan*).
ABSORPTION_PLAN_WORDS: tuple[str, ...] = ("target", "rencana")
#: Label of the column naming the agency responsible for each programme or kegiatan of a plan
#: that spans agencies (RKPD *Perangkat Daerah Penanggung Jawab*; *OPD Pelaksana*); not
#: *Waktu Pelaksanaan* (a time).
AGENCY_COLUMN_HEADER = re.compile(r"penanggung\s*jawab|\bpelaksana\b", re.I)
#: Label of the column giving where a programme or kegiatan takes place (Renja plan forms of
#: Permendagri 86/2017 *Lokasi*; English-language tables *Location*).
LOCATION_HEADER = re.compile(r"\b(?:lokasi|location)\b", re.I)
INDICATOR_WORDS: tuple[str, ...] = ("indikator",)
AGGREGATE_NAME_WORDS: tuple[str, ...] = ("sumber", "jenis", "uraian", "bidang")
OPD_NAME_WORDS: tuple[str, ...] = ("perangkat daerah", "urusan")
#: Label words of a column naming funding sources (*Sumber Dana*: PAD, DAU, DAK …): spending by
#: source of funds has no level in the contract (its revenue counterpart is revenue).
FUNDING_SOURCE_WORDS: tuple[str, ...] = ("sumber dana", "sumber pendanaan", "sumber anggaran")
#: Label words of a column listing agencies (*Perangkat Daerah*, *SKPD*, *OPD*, *Unit Kerja*):
#: a budget table whose names in such a column are agencies lists each agency's budget.
AGENCY_NAME_COLUMN_WORDS: tuple[str, ...] = ("perangkat daerah", "skpd", "opd", "unit kerja", "satuan kerja",
                                              "instansi")
#: Label words of the column of a murni/perubahan table naming the APBD version, and the label
#: of a column listing ``Pendapatan Daerah: Rp …`` per version.
CHANGE_KIND_COLUMN_WORDS: tuple[str, ...] = ("jenis apbd", "jenis perubahan")
CHANGE_TEXT_COLUMN_LABEL = "apbd"
#: The characters that re.I matches to an ASCII letter or that ``str.lower()`` turns into one:
#: dotted capital I, dotless i, long s, Kelvin sign. In a text without them, an ASCII word
#: matched with re.I is found in ``text.lower()`` (a cheap ``in`` test or a case-sensitive
#: pattern can stand in for the re.I search).
CASE_FOLDS_TO_ASCII: frozenset[str] = frozenset("\u0130\u0131\u017f\u212a")
#: Each of :data:`CASE_FOLDS_TO_ASCII` as the ASCII letter re.I matches it to (a translation
#: table): the key of a word a re.I pattern found with one of them ('Targetſ' for 'targets').
ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

#: Measurement units printed in a unit (*satuan*) column, lower case: a column of such words
#: is a unit column even when its header says nothing.
UNIT_WORDS: frozenset[str] = frozenset({
    "%", "persen", "persentase", "orang", "jiwa", "unit", "dokumen", "laporan", "kegiatan",
    "paket", "lokasi", "desa", "kelurahan", "kabupaten", "kab/kota", "opd", "pd", "buah", "set",
    "indeks", "index", "nilai", "predikat", "kategori", "peringkat", "level", "skor", "poin",
    "rupiah", "rp", "juta rupiah", "miliar rupiah", "km", "ha", "hektar", "ton", "kg", "liter",
    "m2", "m3", "bulan", "hari", "tahun", "kali", "kasus", "sekolah", "rumah", "ekor", "kk",
    "per 1000 kh", "per 100.000 kh", "inovasi", "sertifikat", "rekomendasi", "kunjungan",
    "percent", "people", "persons", "documents", "reports", "cases", "units",
})

_HEADER_WORDS = {**ENGLISH_HEADER_WORDS, **ABBREVIATED_HEADER_WORDS}
_PHRASES = re.compile(
    r"(?<![A-Za-z])(" + "|".join(re.escape(k) for k in sorted(_HEADER_WORDS, key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=1 << 14)
def _correct(word: str) -> str:
    low = word.lower()
    if len(low) < TYPO_MIN_LENGTH or low in CANONICAL_HEADER_WORDS:
        return low
    scored = sorted(((fuzz.ratio(low, w), w) for w in CANONICAL_HEADER_WORDS), reverse=True)
    best, second = scored[0], scored[1]
    if best[0] >= TYPO_THRESHOLD and best[0] > second[0]:
        return best[1]
    return low


@functools.lru_cache(maxsize=1 << 14)
def canonical_header(text: str) -> str:
    """Header text rewritten into the extractors' Indonesian header words (lower case).

    Parameters
    ----------
    text : str
        One header cell (or the stacked labels of a column) as printed.

    Returns
    -------
    str
        Lower-case text with English words translated and misspelled header words corrected;
        digits, brackets and other characters unchanged.

    Examples
    --------
    >>> canonical_header("Indkator Kinerja")
    'indikator kinerja'
    >>> canonical_header("Key Performance Indicator (KPI)")
    'indikator kinerja utama (kpi)'
    >>> canonical_header("Pagu Anggaran (Rp)")
    'pagu anggaran (rp)'

    A word the pattern matches through a letter that re.I folds to ASCII (long s, dotless i)
    is translated as its ASCII spelling:

    >>> canonical_header("Target\u017f"), canonical_header("\u0131ndicator")
    ('target', 'indikator')
    """
    translated = _PHRASES.sub(lambda m: _HEADER_WORDS[m.group(1).translate(ASCII_FOLD).lower()], text)
    return _WORD.sub(lambda m: _correct(m.group(0)), translated).lower()


#: The wording of a strategic objective (sasaran): a state reached, *Meningkatnya …*,
#: *Terwujudnya …*, *Menurunnya …*, *Peningkatan …* (an indicator names a measure instead).
OBJECTIVE_WORDING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*[.)]?\s*)?(?:(?:me|ter|ber|ke|di)[a-z]+nya|peningkatan|penurunan|pengurangan)\b", re.I)


# ---------------------------------------------------------------------------------------------
# Total rows
# ---------------------------------------------------------------------------------------------

#: The words that open the name of a total row (*Jumlah*, *Total*, *Sub Total*, *Sub-Jumlah*,
#: *Grand Total*), as one alternation for the two patterns below.
_TOTAL_WORD = r"(?:sub\s*-?\s*total|sub\s*-?\s*jumlah|grand\s+total|total|jumlah)"
#: A row name that opens with a total word (*Jumlah Belanja Daerah*, *Total*).
TOTAL_NAME = re.compile(rf"^\W*{_TOTAL_WORD}\b", re.I)
#: A cell that is a total label: a total word and at most one word more (*Jumlah*, *Total
#: Capaian*), not a name that happens to open with one.
TOTAL_CELL = re.compile(rf"\W*{_TOTAL_WORD}(?:\s+\w+)?\W*", re.I)


# ---------------------------------------------------------------------------------------------
# Indicator tables over the years (on their side or years as rows; analysis.extract.yearly)
# ---------------------------------------------------------------------------------------------

#: The kind of value a row of an indicator table printed with years as columns holds, by the
#: role (:func:`analysis.extract.columns.header_role`) of the cell naming it: *Target*,
#: *Realisasi*, *Capaian (%)* (also the kinds of the columns of a table with years as rows).
INDICATOR_ROW_KINDS: dict[str, str] = {"target": "target", "actual": "actual", "achievement": "achievement"}
#: The same for a budget table with years as columns: *Anggaran / Pagu*, *Realisasi (Rp)*,
#: *% / Persentase / Serapan*.
#: *Target / Realisasi* rows of rupiah amounts (a revenue table) are the budget and its realisation.
BUDGET_ROW_KINDS: dict[str, str] = {"budget": "budget", "realisation_amount": "realization",
                                    "actual": "realization", "target": "budget", "budget_pct": "pct",
                                    "percent": "pct", "achievement": "pct"}
#: Header words above the row kinds that name no indicator (the caption or heading does).
TRANSPOSED_GENERIC_NAMES: frozenset[str] = frozenset({
    "uraian", "indikator", "indikator kinerja", "keterangan", "tahun", "komponen", "kriteria",
    "deskripsi", "capaian", "kinerja", "no", "",
})
#: The first word of the caption of an indicator table with bare year columns (*Indikator |
#: 2024 | 2025 | 2026*) and what the year columns then hold. *Capaian* is not one: it names the
#: level reached or the achievement percentage alike.
YEAR_COLUMN_KIND_WORDS: dict[str, str] = {
    "target": "target", "rencana": "target", "proyeksi": "target",
    "realisasi": "actual", "perkembangan": "actual", "kondisi": "actual", "tren": "actual", "trend": "actual",
}
#: The words before an indicator's name in a caption or heading of such a table (*Capaian
#: Indikator Kinerja Utama …*, *Perbandingan Target dan Realisasi Indikator …*, *IKU 2: …*).
TRANSPOSED_CAPTION_LEAD = re.compile(
    r"^\W*(?:(?:perbandingan|perkembangan|capaian|realisasi|target|data|analisis|grafik|kinerja|dan|"
    r"antara|dengan|terhadap|tingkat|nilai|hasil|pengukuran|kondisi|tren|trend)\s+)*"
    r"(?:(?:indikator\s+kinerja\s+utama|indikator\s+kinerja|indikator|iku)\s*(?:ke\s*-?\s*)?\d*\s*[:.\-–]?\s*)?"
    r"(?:(?:sasaran\s+(?:strategis\s+)?\d+|tujuan\s+\d+)\s*[:.\-–]\s*)?",
    re.I,
)
#: The years after the name (*Tahun 2019-2023*, *2019 s.d. 2023*, *Tahun 2023*).
TRANSPOSED_YEAR_RANGE = re.compile(
    r"\s*\(?\s*(?:pada\s+)?(?:tahun|th\.?|thn\.?|ta\.?)?\s*(?:19|20)\d{2}"
    r"(?:\s*(?:-|–|—|s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*(?:19|20)\d{2})?\s*\)?\W*$",
    re.I,
)


# ---------------------------------------------------------------------------------------------
# Captions
# ---------------------------------------------------------------------------------------------

#: Words that open a table caption (``Tabel 2.4``, ``Table 2.13``, ``Tab. 3``).
TABLE_CAPTION_WORDS: tuple[str, ...] = ("tabel", "table", "tab.")
#: Words that open a figure caption: a figure is not a table, its caption never names one.
FIGURE_CAPTION_WORDS: tuple[str, ...] = ("gambar", "grafik", "diagram", "figure", "chart", "bagan")
#: Words that, right after ``Tabel <number>``, make the line a sentence about a table
#: (``Tabel 2.4 menunjukkan …``) rather than its caption.
CAPTION_PROSE_WORDS: tuple[str, ...] = (
    "menunjukkan", "menunjukan", "memperlihatkan", "menggambarkan", "menyajikan", "menjelaskan",
    "merupakan", "di atas", "diatas", "tersebut", "dapat dilihat", "terlihat", "berikut ini",
    "shows", "presents", "above",
)

_CAPTION_HEAD = re.compile(
    r"^\W*(?:(?P<word>tabel|table)\b\.?|(?P<abbr>tab)\.)\s*(?P<num>[0-9IVX]+(?:\s*\.\s*[0-9]+)*[a-z]?)?\.?(?P<rest>.*)$",
    re.I,
)
_FIGURE_HEAD = re.compile(r"^\W*(?:" + "|".join(FIGURE_CAPTION_WORDS) + r")\b", re.I)
_PROSE = re.compile(r"^\W*(?:" + "|".join(re.escape(w) for w in CAPTION_PROSE_WORDS) + r")\b", re.I)
#: The first letters of the caption words in both cases: _CAPTION_HEAD and _FIGURE_HEAD match a
#: line only if its first word character is one of them (``^\W*`` skips the others; none of
#: these letters has a case-insensitive equivalent besides its capital, unlike i, k or s).
_CAPTION_INITIALS = frozenset(
    c for w in TABLE_CAPTION_WORDS + FIGURE_CAPTION_WORDS for c in (w[0].lower(), w[0].upper())
)


def caption_kind(line: str) -> str | None:
    """``'table'`` for a table caption, ``'figure'`` for a figure caption, ``'prose'`` for a
    sentence that mentions a table, None otherwise.

    Examples
    --------
    >>> caption_kind("Tabel 2.4 Realisasi Anggaran per Perangkat Daerah")
    'table'
    >>> caption_kind("Table 2.13. Budget realisation")
    'table'
    >>> caption_kind("Tabel 2.4 menunjukkan bahwa realisasi belanja ...")
    'prose'
    >>> caption_kind("Gambar 3.1 Grafik Realisasi"), caption_kind("Tabelnya di bawah")
    ('figure', None)
    >>> caption_kind("Tabel Perjanjian Kinerja Tahun 2023")
    'table'
    """
    first = line[:1]
    if (first.isalnum() or first == "_") and first not in _CAPTION_INITIALS:
        # a line opening with another word character (most lines) matches neither pattern:
        # ``\W*`` matches nothing there (``re``'s ``\w`` is ``str.isalnum()`` or ``_``)
        return None
    if _FIGURE_HEAD.match(line):
        return "figure"
    m = _CAPTION_HEAD.match(line)
    if not m:
        return None
    word, num, rest = (m.group("word") or m.group("abbr")).lower(), m.group("num"), m.group("rest")
    if word == "table" and not num:
        return None  # the English word alone ('table of contents') is no caption
    if _PROSE.match(rest or ""):
        return "prose"
    return "table"


def caption_number(caption: str) -> str | None:
    """The table number of a caption, normalised (``'Table 2. 13'`` -> ``'2.13'``).

    Examples
    --------
    >>> caption_number("Table 2.13 Budget"), caption_number("TABEL III.2"), caption_number("Tab. 4")
    ('2.13', 'III.2', '4')
    """
    m = _CAPTION_HEAD.match(caption)
    if not m or not m.group("num"):
        return None
    return _SPACES.sub("", m.group("num")).rstrip(".")


_SPACES = re.compile(r"\s+")


_BARE_CAPTION = re.compile(r"\W*(?:tabel|table|tab\.)\.?\s*[0-9IVX.\s]*", re.I)


def is_bare_caption(line: str) -> bool:
    """A caption line with a number and no title (``'Tabel 2.4'``): its title is on the
    next line.

    Examples
    --------
    >>> is_bare_caption("Tabel. 1.1"), is_bare_caption("Table 2.13 Budget")
    (True, False)
    """
    return bool(_BARE_CAPTION.fullmatch(line))
