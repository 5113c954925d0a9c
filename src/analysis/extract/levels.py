"""Levels of programme-table indicators checked against the same document's budget hierarchy.

A performance table that lists *Program / Kegiatan dan Sub Kegiatan* names in one column does not
say which names are kegiatan and which sub-kegiatan (LKjIP Tabel 3.8 style); the indicator
extractor can only guess. The budget table of the same report usually does say it (numbering
``I / A / 1`` or level words). A name printed in both places takes the budget's level.

Rule
----
For every indicator row whose level is ``program``, ``kegiatan`` or ``sub_kegiatan`` and whose
``objective`` (the programme-name cell) equals, after normalisation (case, spaces and
punctuation ignored), the ``name`` of budget rows of the same document at one of those levels:
when all such budget rows agree on one level and it differs from the indicator's, the indicator
takes it and ``value_note`` says from which budget row. Names found at several levels (a
kegiatan and a sub-kegiatan of the same name) are left as they are.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["OUTLINE_LEVELS", "align_indicator_levels"]

#: The programme hierarchy levels shared by budget and indicator rows.
OUTLINE_LEVELS = ("program", "kegiatan", "sub_kegiatan")


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _key(name: object) -> str:
    return _NOT_ALNUM.sub("", name.lower()) if isinstance(name, str) else ""


def align_indicator_levels(indicators: pd.DataFrame, budget: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Indicator levels taken from budget rows of the same name (see the module docstring).

    Parameters
    ----------
    indicators, budget : DataFrame
        Contract tables (``doc_id``, ``level``, ``objective`` / ``name``, ``source_line``,
        ``source_table``).

    Returns
    -------
    indicators : DataFrame
        A copy with corrected ``level`` and a ``value_note`` per corrected row.
    changed : int
        Number of rows whose level changed.

    Examples
    --------
    >>> ind = pd.DataFrame({"doc_id": ["004"], "level": ["kegiatan"], "value_note": [""],
    ...                     "objective": ["Penataan Analisis Jabatan"]})
    >>> bud = pd.DataFrame({"doc_id": ["004"], "level": ["sub_kegiatan"], "source_line": [647],
    ...                     "source_table": ["Tabel 3.9"], "name": ["Penataan Analisis  Jabatan"]})
    >>> out, n = align_indicator_levels(ind, bud)
    >>> n, out.loc[0, "level"], out.loc[0, "value_note"]
    (1, 'sub_kegiatan', 'level sub_kegiatan (was kegiatan) from the budget row of the same name, Tabel 3.9 line 647')
    """
    out = indicators.copy(deep=False)  # copy-on-write: the columns set below are the copy's own
    if "value_note" not in out.columns:
        out["value_note"] = ""
    if out.empty or budget.empty:
        return out, 0
    levels: dict[tuple[str, str], set[str]] = {}
    first: dict[tuple[str, str], tuple[str, int]] = {}
    # the budget columns as lists (the values iterating the Series gives, without fetching them
    # one by one), rows of the outline levels only (what isin(OUTLINE_LEVELS) keeps)
    for doc, level, name, table, line in zip(*(budget[c].tolist() for c in ("doc_id", "level", "name",
                                                                              "source_table", "source_line"))):
        if not isinstance(level, str) or level not in OUTLINE_LEVELS:  # a missing level is not one
            continue
        k = (str(doc), _key(name))
        levels.setdefault(k, set()).add(level)
        first.setdefault(k, (str(table), int(line)))
    changed = 0
    notes = out["value_note"].astype("object").where(out["value_note"].notna(), "").tolist()
    new_levels = out["level"].tolist()
    for i, (doc, level, obj) in enumerate(zip(out["doc_id"].tolist(), new_levels, out["objective"].tolist())):
        if level not in OUTLINE_LEVELS:
            continue
        k = (str(doc), _key(obj))
        found = levels.get(k)
        if not k[1] or not found or len(found) != 1:
            continue
        (lvl,) = found
        if lvl == level:
            continue
        table, line = first[k]
        new_levels[i] = lvl
        note = f"level {lvl} (was {level}) from the budget row of the same name, {table} line {line}"
        notes[i] = f"{notes[i]}; {note}" if notes[i] else note
        changed += 1
    out["level"] = new_levels
    out["value_note"] = notes
    return out, changed
