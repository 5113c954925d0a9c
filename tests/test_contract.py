"""The declared data contract (analysis.contract): column lists, types, generated artefacts
(column lists, datapackage.json, docs/data_contract.md) and validation of written tables."""

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import contract
from analysis.contract import ContractError
from conftest import DOCS, RAW, ROOT
from extracted import extracted_dir

# The agreed final columns (common brief of issue 8), typed out here, not taken from the code.
AGREED = {
    "budget": "doc_id, province, fiscal_year, entity, level, code, name, parent, budget_original, "
              "budget, realization, reported_pct, absorption_pct, source_table, source_line, "
              "budget_basis, origin, recovered_from_pct, value_note, row_id, entity_id, duplicate_of, "
              "source_page",
    "indicators": "doc_id, province, fiscal_year, entity, level, objective, indicator, unit, polarity, "
                  "baseline, target, actual, reported_achievement_pct, achievement_pct, target_text, "
                  "actual_text, source_table, source_line, achievement_method, negative_convention, "
                  "polarity_rule, year_role, value_note, row_id, entity_id, duplicate_of, source_page",
    "regions": "doc_id, province, year, region_code, region_name, region_type, variable, value, unit, "
               "source_table, source_line, value_note, source_page",
    "activity_locations": "doc_id, entity, budget_line, region_code, mention, source_line, source_page",
    "anomalies": "doc_id, rule, severity, entity, subject, expected, observed, difference, message, "
                 "source_line, entity_id, source_table, row_ids, source_lines, rupiah_at_stake, evidence",
    "extraction_skipped": "doc_id, source_line, raw_text, reason",
}
# where the shared contract's columns end (the rest are the project's, after them)
CONTRACT_PART = {"budget": "source_line", "indicators": "source_line", "regions": "source_line",
                 "activity_locations": "source_line", "anomalies": "source_line",
                 "extraction_skipped": "reason"}


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    return extracted_dir(tmp_path_factory)


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return next(csv.reader(fh))


@pytest.mark.parametrize("name", sorted(AGREED))
def test_declared_columns_are_the_agreed_ones(name):
    agreed = AGREED[name].split(", ")
    assert contract.columns(name) == agreed
    cut = agreed.index(CONTRACT_PART[name]) + 1
    assert contract.TABLES[name].contract_columns == agreed[:cut]
    assert contract.TABLES[name].extra_columns == agreed[cut:]


def test_extractor_column_lists_are_generated_from_the_declaration():
    from analysis.extract import base

    assert base.BUDGET_COLUMNS == AGREED["budget"].split(", ")[:15]
    assert base.INDICATOR_COLUMNS == AGREED["indicators"].split(", ")[:18]
    assert base.REGION_COLUMNS == AGREED["regions"].split(", ")[:11]
    assert base.ACTIVITY_LOCATION_COLUMNS == AGREED["activity_locations"].split(", ")[:6]
    assert base.SKIPPED_COLUMNS == ["doc_id", "source_line", "raw_text", "reason"]


def test_allowed_values_agree_with_the_code_that_produces_them():
    from analysis.achievement import NEGATIVE_CONVENTIONS, achievement_pct

    assert contract.TABLES["indicators"].column("negative_convention").enum == NEGATIVE_CONVENTIONS
    methods = contract.TABLES["indicators"].column("achievement_method").enum
    # every method the formula can return (hand-picked cases) is declared
    cases = [((100, 102.22), "ratio"), ((12, 15.2, "negative", "two_minus_ratio"), "two_minus_ratio"),
             ((12, 15.2, "negative"), "inverse_ratio"), ((0, 134, "negative"), "zero_target"),
             ((5, 0, "negative"), "zero_actual"), ((-1, 3), "negative_target"),
             ((None, 3), "missing"), ((80, 85, "positive", "inverse_ratio", 90), "ratio_range")]
    for args, expected in cases:
        assert achievement_pct(*args)[1] == expected
        assert expected in methods


def test_codes_and_ids_are_declared_as_text():
    for name in contract.TABLE_NAMES:
        t = contract.TABLES[name]
        for col in ("doc_id", "code", "region_code", "row_id", "entity_id", "duplicate_of", "row_ids"):
            if col in t.column_names:
                assert t.column(col).type == "string", (name, col)


def test_written_tables_have_exactly_the_declared_columns(processed):
    for name in ["budget", "indicators", "regions", "activity_locations", "extraction_skipped",
                 "extraction_report", "extraction_report_indicators"]:
        assert _header(processed / f"{name}.csv") == contract.columns(name), name


def test_row_ids_follow_the_sorted_rows(processed):
    budget = pd.read_csv(processed / "budget.csv", dtype=str, keep_default_na=False)
    # 003 Road Map line 1168: planned amounts for 2019 and 2020 on one printed line
    rows = budget[(budget["doc_id"] == "003") & (budget["source_line"] == "1168")]
    assert rows[["fiscal_year", "row_id"]].values.tolist()[:2] == [["2019", "003-L1168"],
                                                                    ["2020", "003-L1168-2"]]
    # 001 Tabel 2.4 line 1036: one row, key 001-L1036
    assert budget.loc[budget["row_id"] == "001-L1036", "name"].tolist() == [
        "Dinas Pendidikan dan Kebudayaan"]
    assert budget["row_id"].is_unique
    ind = pd.read_csv(processed / "indicators.csv", dtype=str, keep_default_na=False)
    assert ind["row_id"].is_unique and ind["row_id"].str.match(r"^\d{3}-L\d+(-\d+)?$").all()


def test_columns_not_yet_filled_are_written_empty(processed):
    regions = pd.read_csv(processed / "regions.csv", dtype=str, keep_default_na=False)
    assert (regions["source_page"] == "").all()


def test_written_tables_pass_validation_when_read_back(processed):
    from analysis.loaders import read_table

    for name in ["budget", "indicators", "regions", "activity_locations", "extraction_skipped",
                 "extraction_report", "extraction_report_indicators"]:
        read_table(name, processed)  # raises ContractError on any violation


# ---------------------------------------------------------------------------------------------
# Corrupted tables are rejected, naming the column and the row
# ---------------------------------------------------------------------------------------------


@pytest.fixture()
def budget_copy(processed, tmp_path):
    shutil.copy(processed / "budget.csv", tmp_path / "budget.csv")
    frame = pd.read_csv(tmp_path / "budget.csv", dtype=str, keep_default_na=False)
    return tmp_path, frame


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def test_string_in_budget_is_rejected_with_column_and_row(budget_copy):
    from analysis.loaders import load_budget

    folder, frame = budget_copy
    i = frame.index[frame["row_id"] == "001-L1036"][0]
    frame.loc[i, "budget"] = "2.062.624.237.011"  # a number as printed, not as the contract writes it
    _write(frame, folder / "budget.csv")
    with pytest.raises(ContractError) as err:
        load_budget(folder)
    msg = str(err.value)
    assert "column 'budget'" in msg and "'2.062.624.237.011' is not a number" in msg
    assert "row_id 001-L1036" in msg and f"budget.csv line {i + 2}" in msg


def test_unknown_level_is_rejected(budget_copy):
    from analysis.loaders import read_table

    folder, frame = budget_copy
    i = frame.index[frame["row_id"] == "001-L1036"][0]
    frame.loc[i, "level"] = "dinas"
    _write(frame, folder / "budget.csv")
    with pytest.raises(ContractError, match=r"column 'level': 'dinas' fails allowed values: total, "
                                            r"urusan.*\(row_id 001-L1036, .*budget.csv line \d+\)"):
        read_table("budget", folder)


def test_duplicate_row_id_is_rejected(budget_copy):
    from analysis.loaders import read_table

    folder, frame = budget_copy
    i = frame.index[frame["row_id"] == "001-L1036"][0]
    frame.loc[i + 1, "row_id"] = "001-L1036"
    _write(frame, folder / "budget.csv")
    with pytest.raises(ContractError) as err:
        read_table("budget", folder)
    msg = str(err.value)
    assert "column row_id: primary key not unique" in msg
    assert f"budget.csv line {i + 2}" in msg and f"budget.csv line {i + 3}" in msg


def test_absorption_that_does_not_match_is_rejected():
    # 001 Tabel 2.4 L1036: 100 * 1960291207174.9 / 2062624237011 = 95.0387 (4 decimals);
    # 95.04 as printed differs by 0.0013 pp, more than the declared tolerance of 0.0001
    row = {"doc_id": "001", "province": "Nusa Tenggara Timur", "fiscal_year": 2023,
           "entity": "Dinas Pendidikan dan Kebudayaan", "level": "opd",
           "name": "Dinas Pendidikan dan Kebudayaan", "budget": 2062624237011.0,
           "realization": 1960291207174.9, "absorption_pct": 95.0387, "source_table": "Tabel 2.4",
           "source_line": 1036, "budget_basis": "revised", "origin": "table",
           "recovered_from_pct": False, "row_id": "001-L1036"}
    ok = contract.conform(pd.DataFrame([row]), "budget")
    contract.validate(ok, "budget")
    bad = contract.conform(pd.DataFrame([{**row, "absorption_pct": 95.04}]), "budget")
    with pytest.raises(ContractError, match=r"row check 'absorption_recomputed' failed.*"
                                            r"absorption_pct=95.04.*row_id 001-L1036"):
        contract.validate(bad, "budget")


def test_achievement_without_a_method_is_rejected():
    # 004 L64: target 87, realisation 87 -> 100 by 'ratio'; the same value with method 'missing'
    row = {"doc_id": "004", "province": "Bali", "fiscal_year": 2024, "entity": "Biro Organisasi",
           "level": "sasaran", "indicator": "Persentase Perangkat daerah yang reformasi birokrasinya baik",
           "polarity": "positive", "target": 87.0, "actual": 87.0, "achievement_pct": 100.0,
           "source_table": "Rincian realisasi", "source_line": 64, "achievement_method": "ratio",
           "polarity_rule": "default", "year_role": "reporting year", "row_id": "004-L64"}
    contract.validate(contract.conform(pd.DataFrame([row]), "indicators"), "indicators")
    bad = contract.conform(pd.DataFrame([{**row, "achievement_method": "missing"}]), "indicators")
    with pytest.raises(ContractError, match=r"achievement_with_method.*row_id 004-L64"):
        contract.validate(bad, "indicators")


def test_duplicate_of_must_name_a_row_of_the_table():
    rows = pd.DataFrame({"doc_id": ["001"], "province": ["NTT"], "fiscal_year": [2023],
                         "entity": ["x"], "level": ["financing"], "name": ["Penerimaan Pembiayaan"],
                         "source_table": ["narrative"], "source_line": [891],
                         "budget_basis": ["revised"], "origin": ["narrative"],
                         "recovered_from_pct": [False], "row_id": ["001-L891"],
                         "duplicate_of": ["001-L911"]})
    with pytest.raises(ContractError, match=r"duplicate_of_known_row.*duplicate_of='001-L911'"):
        contract.validate(contract.conform(rows, "budget"), "budget")


def test_undeclared_column_from_an_extractor_is_an_error(tmp_path):
    from analysis.extract.base import Extraction
    from analysis.extract.budget import extract_budget
    from analysis.extract.pipeline import run_extraction

    raw = _one_doc_raw(tmp_path, "002")

    def with_extra(doc, meta):
        res = extract_budget(doc, meta)
        return Extraction(res.rows.assign(pagu_text="x"), res.skipped, res.consumed_lines)

    with pytest.raises(ContractError, match=r"(?s)output of the budget extractor: budget: .*undeclared column\(s\) 'pagu_text'"):
        run_extraction(raw, tmp_path / "out", extractors={"budget": with_extra}, progress=None)
    assert not (tmp_path / "out" / "budget.csv").exists()


# ---------------------------------------------------------------------------------------------
# datapackage.json and docs
# ---------------------------------------------------------------------------------------------


def _one_doc_raw(tmp_path: Path, doc_id: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / DOCS[doc_id], raw / DOCS[doc_id])
    with open(RAW / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(raw / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerow(next(r for r in rows if r["doc_id"] == doc_id))
    return raw


def test_frictionless_validates_the_real_extraction(processed):
    from frictionless import validate

    report = validate(processed / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    pkg = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    budget = next(r for r in pkg["resources"] if r["name"] == "budget")
    assert budget["schema"]["primaryKey"] == ["row_id"]
    level = next(f for f in budget["schema"]["fields"] if f["name"] == "level")
    assert level["constraints"]["enum"][:3] == ["total", "urusan", "opd"]


def test_frictionless_rejects_a_corrupted_copy(processed, tmp_path):
    from frictionless import validate

    for p in processed.iterdir():
        shutil.copy(p, tmp_path / p.name)
    pkg = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    for r in pkg["resources"]:  # the checksums would fail first; check the values
        r.pop("hash"), r.pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    text = (tmp_path / "regions.csv").read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([text[1]]))
    cells[5] = "regency"  # region_type outside the allowed values
    text[1] = ",".join(f'"{c}"' if "," in c else c for c in cells)
    (tmp_path / "regions.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    report = validate(tmp_path / "datapackage.json")
    errors = report.flatten(["fieldName", "type"])
    assert not report.valid and ["region_type", "constraint-error"] in errors


def test_empty_table_keeps_its_declared_types(tmp_path):
    """Extracting only the Biro Umum LKIP (002, no kabupaten tables) still declares
    regions.value as number and source_line as integer."""
    from analysis.cli import main
    from frictionless import validate

    raw = _one_doc_raw(tmp_path, "002")
    out = tmp_path / "out"
    assert main(["extract", "--raw", str(raw), "--out", str(out)]) == 0
    assert (out / "regions.csv").read_text(encoding="utf-8").splitlines() == [
        ",".join(AGREED["regions"].split(", "))]
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    regions = next(r for r in pkg["resources"] if r["name"] == "regions")
    types = {f["name"]: f["type"] for f in regions["schema"]["fields"]}
    assert types["value"] == "number" and types["source_line"] == "integer" and types["year"] == "integer"
    assert types["region_code"] == "string"
    assert validate(out / "datapackage.json").valid


def test_docs_data_contract_is_the_rendering_of_the_declaration():
    committed = (ROOT / "docs" / "data_contract.md").read_text(encoding="utf-8")
    assert committed == contract.render_markdown(), (
        "docs/data_contract.md differs from the declaration; regenerate it: python -m analysis docs")


def test_rendering_lists_every_declared_column():
    text = contract.render_markdown()
    for name, t in contract.TABLES.items():
        section = text.split(f"## `{name}.csv`")[1].split("\n## ")[0]
        for i, c in enumerate(t.columns, start=1):
            assert f"| {i} | `{c.name}` | {c.type} |" in section, (name, c.name)


def test_no_text_points_outside_the_repository():
    """The team's design page lived outside the repository (../shared/DESIGN.md): a user who
    clones the project cannot read it, so nothing may send them there."""
    offenders = []
    for base in ("docs", "src"):
        for p in (ROOT / base).rglob("*"):
            if p.suffix in {".md", ".py", ".txt", ".csv"} and "../shared" in p.read_text(encoding="utf-8"):
                offenders.append(str(p.relative_to(ROOT)))
    for p in (ROOT / "docs").glob("*.md"):
        if "DESIGN.md" in p.read_text(encoding="utf-8"):
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


def test_conform_casts_once_and_a_conformed_frame_passes_unchanged():
    frame = pd.DataFrame({"doc_id": ["001", "001", "004"], "source_line": [962, 17, 2**53 + 1],
                          "raw_text": ["RP. (14.968.336.9)", "", None], "reason": ["malformed", "x", "y"]})
    once = contract.conform(frame, "extraction_skipped")
    assert [str(d) for d in once.dtypes] == ["str", "Int64", "str", "str"]
    # integers go through float64 like every other value ('12' read from a CSV): 2**53 + 1
    # becomes 2**53; an empty text is missing
    assert once["source_line"].tolist() == [962, 17, 2**53]
    assert once["raw_text"].isna().tolist() == [False, True, True]
    pd.testing.assert_frame_equal(contract.conform(once, "extraction_skipped"), once, check_exact=True)
