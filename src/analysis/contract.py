"""Column descriptions of the data contract (``../shared/DESIGN.md``), written into
``datapackage.json``. Extra columns an extractor adds are described here too."""

from __future__ import annotations

from dataclasses import dataclass

@dataclass(frozen=True)
class DocMeta:
    """One row of ``data/raw/manifest.csv``."""

    doc_id: str
    file: str
    sha256: str
    province: str
    fiscal_year: int
    doc_type: str
    entity: str
    title: str

_PROV = {
    "doc_id": "Document id from data/raw/manifest.csv",
    "source_table": "Table the value comes from ('Tabel 2.4', or the section heading above an uncaptioned table)",
    "source_line": "1-based line in the raw document that carries the value",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "budget": {
        **_PROV,
        "province": "Province of the reporting government",
        "fiscal_year": "Fiscal year the budget line belongs to",
        "entity": "Reporting agency (perangkat daerah) or government",
        "level": "total, urusan, opd, program, kegiatan, sub_kegiatan, revenue, expenditure_type, financing",
        "code": "Number or code printed before the line (I, 1, A, a.)",
        "name": "Name of the budget line as printed (markup removed)",
        "parent": "Name of the parent budget line (sub_kegiatan -> kegiatan -> program; opd -> urusan)",
        "budget_original": "Original budget (APBD murni), rupiah, where printed",
        "budget": "Budget after revision (APBD perubahan) where printed, else the budget printed (see budget_basis), rupiah",
        "realization": "Realisation (realisasi), rupiah",
        "reported_pct": "Absorption percentage as printed",
        "absorption_pct": "100 * realization / budget, recomputed",
        "budget_basis": "What the budget column is: revised, original or planned",
        "origin": "table (from a table cell) or narrative (parsed from a sentence)",
        "value_note": "Why a value is empty, or how it was recovered",
        "recovered_from_pct": "True when a value was recomputed from the printed percentage",
    },
    "indicators": {
        **_PROV,
        "province": "Province of the reporting government",
        "fiscal_year": "Year of the target/realisation pair",
        "entity": "Reporting agency",
        "level": "Level of the indicator (sasaran, program, kegiatan, sub_kegiatan, iku)",
        "objective": "Sasaran strategis / tujuan the indicator serves",
        "indicator": "Indicator text (sub-indicators carry the parent's name)",
        "unit": "Unit printed with the values or in a Satuan column",
        "polarity": "positive (higher is better) or negative (lower is better)",
        "baseline": "Kondisi awal (baseline) value",
        "target": "Target value (numeric part)",
        "actual": "Realisation value (numeric part)",
        "reported_achievement_pct": "Capaian (achievement) percentage as printed",
        "achievement_pct": "Achievement recomputed (see achievement_method and negative_convention)",
        "target_text": "Target cell as printed",
        "actual_text": "Realisation cell as printed",
        "achievement_method": "Formula used for achievement_pct",
        "negative_convention": "Convention used for negative-polarity indicators",
        "polarity_rule": "Which wording rule or override decided the polarity",
        "year_role": "Role of the year column (reporting year, comparison year, plan year)",
    },
    "regions": {
        **_PROV,
        "province": "Province",
        "year": "Year of the value",
        "region_code": "Kemendagri code (Kepmendagri 100.1.1-6117/2022), e.g. 53.71; province code for totals",
        "region_name": "Canonical kabupaten/kota name",
        "region_type": "kabupaten, kota or province (total rows)",
        "variable": "Variable name (snake_case)",
        "value": "Value",
        "unit": "Unit of the value",
    },
    "activity_locations": {
        "doc_id": _PROV["doc_id"],
        "source_line": _PROV["source_line"],
        "entity": "Agency whose programme text names the place",
        "budget_line": "Name of the budget row the text belongs to",
        "region_code": "Kemendagri code of the kabupaten/kota named",
        "mention": "The mention as printed",
    },
    "extraction_skipped": {
        "doc_id": _PROV["doc_id"],
        "source_line": _PROV["source_line"],
        "raw_text": "The row or cell as printed",
        "reason": "Why it did not become an output row",
    },
    "extraction_report": {
        "doc_id": _PROV["doc_id"],
        "file": "File name in data/raw",
        "doc_type": "Document type from the manifest",
        "lines": "Lines in the document",
        "tables": "Tables found",
        "tables_tab": "Tables written as TAB-separated rows",
        "tables_html": "Tables written as HTML <table> blocks",
        "tables_markdown": "Tables written as Markdown pipe tables",
        "tables_with_caption": "Tables with a 'Tabel ...' caption above them",
        "table_rows": "Data rows of all tables (wrapped lines merged)",
        "repeated_headers_removed": "Header rows repeated after page breaks that were removed",
        "numbers_parsed": "Numbers read in table cells",
        "numbers_malformed": "Malformed numbers in table cells (kept raw, value missing)",
        "numbers_ambiguous": "Numbers whose style the document could not decide",
        "budget_rows": "Rows written to budget.csv",
        "budget_skipped": "Rows the budget extractor listed as skipped",
        "amount_cells_found": "Table cells carrying a rupiah amount",
        "amount_cells_extracted": "Amount cells on rows that became budget rows",
        "amount_cells_skipped": "Amount cells on rows listed in extraction_skipped.csv",
        "amount_cells_unaccounted": "Amount cells neither extracted nor skipped (should be 0)",
        "indicators_rows": "Rows written to indicators.csv",
        "indicators_skipped": "Rows the indicator extractor listed as skipped",
        "indicators_distinct": "Distinct indicators",
        "indicators_numeric_target_actual": "Indicator rows with a numeric target and realisation",
        "regions_rows": "Rows written to regions.csv",
        "regions_skipped": "Rows the regional extractor listed as skipped",
        "activity_locations_rows": "Rows written to activity_locations.csv",
        "activity_locations_skipped": "Mentions not assigned (ambiguous names)",
        "rows_unrecognised": "Amount/percent rows no extractor used (listed in extraction_skipped.csv)",
    },
    "anomalies": {
        "doc_id": _PROV["doc_id"],
        "rule": "Stable rule id (docs/anomalies.md lists every rule)",
        "severity": "error (arithmetic impossibility or contradiction), warning (suspicious) or info (statistical flag)",
        "entity": "Agency the finding concerns (empty for document-wide statistical findings)",
        "subject": "What is checked (row name and quantity)",
        "expected": "Value the check expects (recomputed % , printed total, implied amount, peer median ...)",
        "observed": "Value found (printed % , sum of parts, printed amount ...)",
        "difference": "observed - expected",
        "message": "Plain-language finding, phrased as 'needs review'",
        "source_line": "Line of the row the finding is anchored to",
        "entity_id": "Agency id from the agency register, where resolved",
        "source_table": "Table of the anchoring row",
        "row_ids": "';'-joined row keys (<doc_id>-L<line>) of all rows involved",
        "source_lines": "';'-joined lines of all rows involved",
        "rupiah_at_stake": "Rupiah amount the finding concerns (difference, overspend, deviation), where money is involved",
        "evidence": "'key=value; ...' inputs from which the finding is re-derived",
    },
    "extraction_report_indicators": {
        "doc_id": _PROV["doc_id"],
        "entity": "Reporting agency ('(all)' for the whole document)",
        "indicators": "Distinct indicators",
        "rows": "Indicator rows (one per indicator and year)",
        "rows_numeric_target_actual": "Rows with a numeric target and realisation",
        "rows_with_achievement": "Rows with a recomputed achievement",
    },
}


# ---------------------------------------------------------------------------------------------
# Row keys
# ---------------------------------------------------------------------------------------------

#: Columns that order the rows of each output table (ties keep extraction order).
SORT_KEYS: dict[str, list[str]] = {
    "budget": ["doc_id", "source_line", "level", "name", "fiscal_year"],
    "indicators": ["doc_id", "source_line", "fiscal_year", "indicator"],
    "regions": ["doc_id", "source_line", "region_code", "variable", "year"],
    "activity_locations": ["doc_id", "source_line", "region_code", "mention"],
    "anomalies": ["doc_id", "source_line", "rule", "subject", "row_ids"],
}

#: Columns of anomalies.csv (contract columns first, then the added evidence columns).
ANOMALY_COLUMNS: list[str] = [
    "doc_id", "rule", "severity", "entity", "subject", "expected", "observed", "difference",
    "message", "source_line", "entity_id", "source_table", "row_ids", "source_lines",
    "rupiah_at_stake", "evidence",
]


def row_ids(doc_id, source_line) -> list[str]:
    """Stable row keys ``<doc_id>-L<source_line>``, with ``-2``, ``-3`` … for further rows drawn
    from the same line, numbered in the order given (pass rows in their sorted order).

    ``duplicate_of`` and the anomaly findings refer to rows by this key; it reads as a place in
    the document (``001-L811`` is line 811 of document 001).

    Examples
    --------
    >>> row_ids(["001", "001", "001", "004"], [811, 811, 789, 12])
    ['001-L811', '001-L811-2', '001-L789', '004-L12']
    """
    seen: dict[tuple[str, int], int] = {}
    out = []
    for d, line in zip(doc_id, source_line):
        key = (str(d), int(line))
        k = seen.get(key, 0) + 1
        seen[key] = k
        out.append(f"{d}-L{int(line)}" + (f"-{k}" if k > 1 else ""))
    return out
