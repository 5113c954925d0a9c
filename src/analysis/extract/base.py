"""Shared types of the extractors: document metadata, skipped rows, extraction results, and
the column lists of the data contract (generated from the declaration in
:mod:`analysis.contract`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..contract import TABLES, DocMeta

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
        Output rows with columns declared in :mod:`analysis.contract` (the contract's columns,
        optionally some of the declared extra columns; an undeclared column is an error when
        the pipeline writes the table).
    skipped : list of Skipped
        Rows/cells the extractor looked at and could not use, with the reason.
    consumed_lines : set of int
        Every physical line represented in ``rows`` (a row may draw on several lines).
    """

    rows: pd.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    consumed_lines: set[int] = field(default_factory=set)


# Generated from the declaration in analysis.contract: the shared contract's columns of each
# table (the project's extra columns come after them; see analysis.contract.TABLES).
BUDGET_COLUMNS = TABLES["budget"].contract_columns
INDICATOR_COLUMNS = TABLES["indicators"].contract_columns
REGION_COLUMNS = TABLES["regions"].contract_columns
ACTIVITY_LOCATION_COLUMNS = TABLES["activity_locations"].contract_columns
SKIPPED_COLUMNS = TABLES["extraction_skipped"].column_names
