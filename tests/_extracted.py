"""The bundled documents extracted once per test session (for the study tests).

Studies are pure functions on the contract's tables; the tests feed them the tables the
pipeline writes for the bundled documents, read back with pandas as a user would.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import conftest


def extracted_dir() -> Path:
    return conftest.extracted_dir()


def table(name: str) -> pd.DataFrame:
    """A processed table (``budget``, ``indicators`` ...) with ``doc_id`` as text."""
    return pd.read_csv(extracted_dir() / f"{name}.csv", dtype={"doc_id": str})


def with_entity_ids(name: str) -> pd.DataFrame:
    """A processed table with ``entity_id``: the pipeline's when it fills it, else resolved here
    with the agency register (a perangkat-daerah budget row names its agency in ``name``)."""
    from analysis.agencies import assign_entity_ids

    df = table(name)
    if "entity_id" in df.columns and df["entity_id"].notna().any():
        return df
    df = df.drop(columns=["entity_id"], errors="ignore")
    agency = df["entity"].where(df["level"].ne("opd"), df["name"]) if name == "budget" else df["entity"]
    out, _ = assign_entity_ids(df.assign(_agency=agency), entity_col="_agency")
    return out.drop(columns="_agency")
