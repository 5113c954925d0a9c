"""Loaders (analysis.loaders) on a real extraction of the bundled documents: declared types,
validation, the stated default selection and its counts, imported regional tables."""

import csv
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.contract import ContractError
from analysis.loaders import (
    load_activity_locations,
    load_anomalies,
    load_budget,
    load_extraction_report,
    load_indicators,
    load_regions,
    load_skipped,
    read_table,
    write_example,
)
from extracted import extracted_dir


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    return extracted_dir(tmp_path_factory)


def _raw_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_budget_defaults_are_stated_with_their_counts(processed):
    raw = _raw_rows(processed / "budget.csv")
    # counted here from the CSV text, independently of the loader
    n_narr = sum(r["origin"] == "narrative" for r in raw)
    n_dup = sum(r["duplicate_of"] != "" and r["origin"] != "narrative" for r in raw)
    n_planned = sum(r["budget_basis"] == "planned" and r["origin"] != "narrative" and not r["duplicate_of"]
                    for r in raw)
    expected = len(raw) - n_narr - n_dup - n_planned
    b = load_budget(processed)
    assert len(b) == expected
    # sentences of 001 (L891 restates Tabel 1.9 L911); the Road Map (003) plans 264 amounts
    assert n_narr > 0 and sum(r["budget_basis"] == "planned" for r in raw) == 264
    assert any(r["row_id"] == "001-L891" and r["origin"] == "narrative" for r in raw)
    assert 891 not in set(b.loc[b["doc_id"] == "001", "source_line"])
    sel = b.attrs["selection"]
    assert sel.startswith(f"budget.csv: {len(raw)} rows; kept {expected}: ")
    n_list = sum(r["origin"] == "list" for r in raw)  # figures printed as list items
    kept_origins = "table rows only" if not n_list else f"table and list-item rows only, {n_list} from lists"
    assert f"{kept_origins} ({n_narr} narrative rows excluded)" in sel
    assert f"duplicates dropped ({n_dup} rows excluded)" in sel
    assert f"budget_basis revised or original ({n_planned} planned rows excluded)" in sel
    assert set(b["origin"]) <= {"table", "list"} and set(b["budget_basis"]) <= {"revised", "original"}
    assert b["duplicate_of"].isna().all()


def test_budget_types_and_values(processed):
    b = load_budget(processed, doc_ids=["001"])
    assert str(b["doc_id"].dtype) == "str" and str(b["source_line"].dtype) == "Int64"
    assert str(b["budget"].dtype) == "float64" and str(b["recovered_from_pct"].dtype) == "boolean"
    # 001 Tabel 2.4 L1036: 2.062.624.237.011 / 1.960.291.207.174,90 / 95,04
    row = b[b["row_id"] == "001-L1036"].iloc[0]
    assert row["budget"] == 2062624237011.0 and row["realization"] == 1960291207174.9
    assert row["reported_pct"] == 95.04
    # codes printed with a leading zero stay text (001 L1848 '01')
    assert b.loc[b["row_id"] == "001-L1848", "code"].tolist() == ["01"]


def test_budget_options_turn_the_defaults_off(processed):
    everything = load_budget(processed, include_narrative=True, include_duplicates=True,
                             basis=("revised", "original", "planned"))
    assert len(everything) == len(_raw_rows(processed / "budget.csv"))
    planned = load_budget(processed, basis="planned", include_duplicates=True)
    assert set(planned["doc_id"]) == {"003"} and len(planned) == 264
    narrative = load_budget(processed, include_narrative=True, include_duplicates=True)
    # 001 L891: the sentence gives 58.002.344.404 where Tabel 1.9 L911 prints 258.002.344.404
    assert narrative.loc[narrative["source_line"] == 891, "budget"].tolist() == [58002344404.0]
    with pytest.raises(ValueError, match="basis must be among revised, original, planned"):
        load_budget(processed, basis="murni")


def test_doc_ids_select_documents_and_unknown_ids_are_an_error(processed):
    b = load_budget(processed, doc_ids=["004"])
    assert set(b["doc_id"]) == {"004"}
    assert "doc_id 004 (" in b.attrs["selection"]
    assert len(load_budget(processed, doc_ids=[])) == len(load_budget(processed))
    with pytest.raises(ValueError, match=r"doc_id '4' not extracted into .*documents there: 001, "
                                         r"002, 003, 004 \(doc_ids are text"):
        load_budget(processed, doc_ids=[4])
    # the Bali LKjIP (004) has no kabupaten tables: no rows, no error, and the selection says so
    r = load_regions(processed, doc_ids=["004"])
    assert len(r) == 0 and str(r["value"].dtype) == "float64"
    assert "doc_id 004 (no rows for 004) (" in r.attrs["selection"]


def test_indicators(processed):
    raw = _raw_rows(processed / "indicators.csv")
    ind = load_indicators(processed)
    assert len(ind) == sum(not r["duplicate_of"] for r in raw)
    assert ind.attrs["selection"].startswith(f"indicators.csv: {len(raw)} rows; kept {len(ind)}: ")
    # 001 L1507 (3.1.1 Dinas Kesehatan): Kasus Kematian Ibu, target 0, realisation 134
    row = ind[ind["row_id"] == "001-L1507"].iloc[0]
    assert row["polarity"] == "negative" and row["target"] == 0 and row["actual"] == 134
    assert row["achievement_method"] == "zero_target" and row["achievement_pct"] == 0
    assert str(ind["fiscal_year"].dtype) == "Int64"


def test_regions_codes_stay_text(processed):
    r = load_regions(processed)
    assert str(r["region_code"].dtype) == "str"
    # 001 Tabel 1.1 L603: Kabupaten Manggarai (53.10, not 53.1) has 26 kelurahan
    row = r[(r["source_line"] == 603) & (r["variable"] == "kelurahan")].iloc[0]
    assert row["region_code"] == "53.10" and row["region_name"] == "Kabupaten Manggarai"
    assert row["value"] == 26.0
    assert r.attrs["selection"] == f"regions.csv: {len(r)} rows; kept {len(r)}"


def test_regions_without_imported_folder(processed, tmp_path):
    r = load_regions(processed, include_imported=True, external_dir=tmp_path / "nothing")
    assert len(r) == len(_raw_rows(processed / "regions.csv"))
    assert "no imported tables (" in r.attrs["selection"] and "manifest.csv not found" in r.attrs["selection"]


def test_regions_with_imported_tables(processed, tmp_path):
    ext = tmp_path / "external"
    ext.mkdir()
    # a resolved table as the importer stores it (long form, regions.csv columns)
    (ext / "bps_ipm_2023.csv").write_text(
        "doc_id,province,year,region_code,region_name,region_type,variable,value,unit,source_table,source_line\n"
        "ext:bps_ipm_2023,,2023,53.01,Kabupaten Kupang,kabupaten,ipm,65.12,,\"BPS NTT, 2023\",2\n"
        "ext:bps_ipm_2023,,2023,53.71,Kota Kupang,kota,ipm,79.9,,\"BPS NTT, 2023\",4\n",
        encoding="utf-8")
    digest = hashlib.sha256((ext / "bps_ipm_2023.csv").read_bytes()).hexdigest()
    # the importer's manifest (name, resolved_file, resolved_sha256, original_file, ...)
    (ext / "manifest.csv").write_text(
        "name,resolved_file,resolved_sha256,original_file,original_sha256,source,year,imported_rows,rejected_cells\n"
        f"bps_ipm_2023,bps_ipm_2023.csv,{digest},original/ipm.csv,0,\"BPS NTT, 2023\",2023,2,0\n",
        encoding="utf-8")
    r = load_regions(processed, doc_ids=["001"], include_imported=True, external_dir=ext)
    imported = r[r["doc_id"] == "ext:bps_ipm_2023"]
    assert imported[["region_code", "value"]].values.tolist() == [["53.01", 65.12], ["53.71", 79.9]]
    assert len(r) == len(_raw_rows(processed / "regions.csv")) + 2
    assert r.attrs["selection"].endswith(f"plus 2 imported rows from 1 table listed in {ext / 'manifest.csv'}")
    # a table edited after the import no longer matches its checksum
    text = (ext / "bps_ipm_2023.csv").read_text(encoding="utf-8")
    (ext / "bps_ipm_2023.csv").write_text(text.replace("79.9", "97.9"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"manifest.csv: line 2: bps_ipm_2023.csv has SHA-256 .* the table "
                                         r"changed after it was imported"):
        load_regions(processed, include_imported=True, external_dir=ext)
    # a listed file that is missing names the manifest line
    (ext / "manifest.csv").write_text("file\nbps_ipm_2023.csv\ngone.csv\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"manifest.csv: line 3: listed table .*gone.csv"):
        load_regions(processed, include_imported=True, external_dir=ext)


def test_other_tables(processed):
    loc = load_activity_locations(processed)
    assert str(loc["region_code"].dtype) == "str" and len(loc) == len(_raw_rows(processed / "activity_locations.csv"))
    report = load_extraction_report(processed)
    assert report["doc_id"].tolist() == ["001", "002", "003", "004"]
    assert str(report["tables"].dtype) == "Int64"
    per_entity = load_extraction_report(processed, per_entity=True)
    assert "(all)" in set(per_entity["entity"])
    skipped = load_skipped(processed, doc_ids=["001"])
    # 001 L962: the change row of Tabel 2.3 with the malformed 'RP. (14.968.336.9)'
    assert 962 in set(skipped["source_line"])


def test_missing_file_says_how_to_create_it(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        load_budget(tmp_path)
    assert str(tmp_path / "budget.csv") in str(err.value)
    assert "run `python -m analysis extract`" in str(err.value)
    with pytest.raises(FileNotFoundError, match=r"anomalies.csv: no such file; run `python -m analysis extract`"):
        load_anomalies(tmp_path)


def test_corrupted_file_is_rejected_unless_validation_is_off(processed, tmp_path):
    shutil.copy(processed / "indicators.csv", tmp_path / "indicators.csv")
    frame = pd.read_csv(tmp_path / "indicators.csv", dtype=str, keep_default_na=False)
    i = frame.index[frame["row_id"] == "001-L1507"][0]
    frame.loc[i, "polarity"] = "lower"
    frame.to_csv(tmp_path / "indicators.csv", index=False, lineterminator="\n")
    with pytest.raises(ContractError, match=r"column 'polarity': 'lower' fails allowed values: "
                                            r"positive, negative \(row_id 001-L1507"):
        load_indicators(tmp_path)
    assert load_indicators(tmp_path, validate=False).loc[lambda d: d["row_id"] == "001-L1507",
                                                         "polarity"].tolist() == ["lower"]


def test_example_folder_is_valid_and_complete(tmp_path):
    folder = Path(write_example(tmp_path))
    from analysis import contract

    for name in contract.TABLE_NAMES:
        frame = read_table(name, folder)
        assert len(frame) > 0, name
    anomalies = load_anomalies(folder)
    assert Counter(anomalies["severity"]) == {"error": 1}


def test_file_of_an_older_version_says_to_extract_again(processed, tmp_path):
    frame = pd.read_csv(processed / "budget.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["row_id", "duplicate_of"]).to_csv(tmp_path / "budget.csv", index=False)
    with pytest.raises(ContractError, match=r"budget.csv: no column\(s\) row_id, duplicate_of .*older "
                                            r"version.*python -m analysis extract"):
        load_budget(tmp_path)
