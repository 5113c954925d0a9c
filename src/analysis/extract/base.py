"""Shared types of the extractors: document metadata, skipped rows, extraction results, and
the column lists of the data contract (declared in :mod:`analysis.contract`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..contract import DocMeta

__all__ = [
    "DocMeta",
    "Skipped",
    "Extraction",
    "BUDGET_COLUMNS",
    "INDICATOR_COLUMNS",
    "REGION_COLUMNS",
    "ACTIVITY_LOCATION_COLUMNS",
    "SKIPPED_COLUMNS",
]




@dataclass(frozen=True)
class Skipped:
    """An amount- or percent-bearing row or cell that did not become an output row."""

    doc_id: str
    source_line: int
    raw_text: str
    reason: str


@dataclass
class Extraction:
    """What one extractor got from one document.

    Attributes
    ----------
    rows : DataFrame
        Output rows with the contract's columns (extra columns allowed; they are documented
        in ``datapackage.json``).
    skipped : list of Skipped
        Rows/cells the extractor looked at and could not use, with the reason.
    consumed_lines : set of int
        Every physical line represented in ``rows`` (a row may draw on several lines).
    """

    rows: pd.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    consumed_lines: set[int] = field(default_factory=set)


BUDGET_COLUMNS = [
    "doc_id", "province", "fiscal_year", "entity", "level", "code", "name", "parent",
    "budget_original", "budget", "realization", "reported_pct", "absorption_pct",
    "source_table", "source_line",
]
INDICATOR_COLUMNS = [
    "doc_id", "province", "fiscal_year", "entity", "level", "objective", "indicator", "unit",
    "polarity", "baseline", "target", "actual", "reported_achievement_pct", "achievement_pct",
    "target_text", "actual_text", "source_table", "source_line",
]
REGION_COLUMNS = [
    "doc_id", "province", "year", "region_code", "region_name", "region_type", "variable",
    "value", "unit", "source_table", "source_line",
]
ACTIVITY_LOCATION_COLUMNS = [
    "doc_id", "entity", "budget_line", "region_code", "mention", "source_line",
]
SKIPPED_COLUMNS = ["doc_id", "source_line", "raw_text", "reason"]
