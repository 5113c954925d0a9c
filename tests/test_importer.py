"""Tests for analysis.extract.importer (``python -m analysis import-regions``).

The CSVs are written here; their values are the population figures of document 001, Tabel 1.2
(data/raw/001_…txt L677-698), and made-up index values.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import build_parser, main
from analysis.extract.base import REGION_COLUMNS
from analysis.extract.importer import (
    MANIFEST_COLUMNS,
    MAX_REJECTED_CELLS,
    ImportResult,
    check_table,
    detect_form,
    find_name_column,
    import_regions,
    manifest_rows,
    parse_csv_text,
)
from analysis.regions import gazetteer

# Tabel 1.2 (001 L677-698): name as printed, JUMLAH (jiwa)
POPULATION = [
    ("Kupang", "387.217"), ("Timor Tengah Selatan", "473.091"), ("Timor Tengah Utara", "269.797"),
    ("Belu", "228.937"), ("Alor", "221.960"), ("Flores Timur", "287.315"), ("Sikka", "333.712"),
    ("Ende", "278.817"), ("Ngada", "170.222"), ("Manggarai", "333.730"), ("Sumba Timur", "262.881"),
    ("Sumba Barat", "150.874"), ("Lembata", "143.543"), ("Rote Ndao", "150.223"),
    ("Manggarai Barat", "275.903"), ("Nagekeo", "166.821"), ("Sumba Tengah", "89.701"),
    ("Sumba Barat Daya", "326.184"), ("Manggarai Timur", "284.148"), ("Sabu Raijua", "95.310"),
    ("Malaka", "199.780"), ("Kota Kupang", "443.349"),
]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture()
def wide_csv(tmp_path: Path) -> Path:
    """21 of the 22 NTT units (Malaka left out), 'Manggarai Barat' misspelled 'Manggarai Barta',
    Indonesian-style numbers, an index column with decimal commas."""
    rows = [["No", "Kabupaten/Kota", "Penduduk (jiwa)", "Indeks X"]]
    for i, (name, pop) in enumerate(POPULATION, start=1):
        if name == "Malaka":
            continue
        if name == "Manggarai Barat":
            name = "Manggarai Barta"
        rows.append([str(i), name, pop, f"{60 + i},{i:02d}"])
    return _write(tmp_path / "bps_ntt_2023.csv", rows)


@pytest.fixture()
def bad_csv(tmp_path: Path) -> Path:
    return _write(tmp_path / "bad.csv", [
        ["wilayah", "ipm"],
        ["Belu", "61.2"],
        ["Atlantis", "60.1"],
        ["Kabupaten Belu", "61.2"],
        ["Alor", "59.8"],
    ])


def test_wide_csv_is_resolved_and_stored(wide_csv: Path, tmp_path: Path):
    ext = tmp_path / "ext"
    res = import_regions(wide_csv, external_dir=ext, year=2023, source="BPS NTT 2023")
    assert isinstance(res, ImportResult)
    assert res.ok and res.errors == []
    assert res.stored_path == ext / "bps_ntt_2023.csv" and res.stored_path.is_file()
    assert res.manifest_path == ext / "manifest.csv"
    table = res.table
    assert list(table.columns) == REGION_COLUMNS + ["value_note"]
    assert res.n_rows == len(table) == 21 * 2
    pop = table[table["variable"] == "penduduk"].set_index("region_code")
    # '387.217' is ambiguous alone; the index column (decimal commas) makes the file Indonesian
    assert pop.loc["53.01", "value"] == 387217.0 and pop.loc["53.01", "region_name"] == "Kabupaten Kupang"
    assert pop.loc["53.71", "value"] == 443349.0 and pop.loc["53.71", "region_type"] == "kota"
    assert pop.loc["53.01", "unit"] == "orang" and pop.loc["53.01", "year"] == 2023
    assert set(table["doc_id"]) == {"ext:bps_ntt_2023"}
    assert set(table["source_table"]) == {"BPS NTT 2023"}
    assert set(table["province"]) == {"Nusa Tenggara Timur"}
    idx = table[table["variable"] == "indeks_x"].set_index("region_code")
    assert idx.loc["53.02", "value"] == 62.02
    # the CSV line of each value: header is line 1, Kupang line 2, Kota Kupang line 22
    assert pop.loc["53.01", "source_line"] == 2 and pop.loc["53.71", "source_line"] == 22
    # fuzzy resolution is accepted, and reported
    mabar = pop.loc["53.15"]
    assert mabar["region_name"] == "Kabupaten Manggarai Barat" and mabar["value"] == 275903.0
    fuzzy = [w for w in res.warnings if "Manggarai Barta" in w]
    assert len(fuzzy) == 1 and fuzzy[0].startswith(f"line {mabar['source_line']}:") and "fuzzy" in fuzzy[0]
    missing = [w for w in res.warnings if w.startswith("missing kabupaten/kota")]
    assert missing == ["missing kabupaten/kota: Kabupaten Malaka (53.21) of Nusa Tenggara Timur has no "
                       "value for indeks_x 2023, penduduk 2023"]
    stored = pd.read_csv(res.stored_path, dtype={"region_code": str})
    assert list(stored.columns) == REGION_COLUMNS + ["value_note"] and len(stored) == 42


def test_unresolved_and_duplicate_names_are_errors(bad_csv: Path, tmp_path: Path):
    ext = tmp_path / "ext"
    res = import_regions(bad_csv, external_dir=ext, year=2023, source="test")
    assert not res.ok and res.stored_path is None and res.manifest_path is None and res.n_rows == 0
    assert not ext.exists()
    assert len(res.errors) == 2 and res.error_kinds == ("names", "duplicates")
    unresolved, duplicate = res.errors
    assert unresolved.startswith("line 3: name 'Atlantis' not resolved") and "closest:" in unresolved
    assert duplicate.startswith("line 4: 'Kabupaten Belu' is Kabupaten Belu (53.04)")
    assert "line 2" in duplicate and "duplicate" in duplicate


def test_ambiguous_name_lists_candidates(tmp_path: Path):
    f = _write(tmp_path / "amb.csv", [["kabupaten", "ipm"], ["Kupang", "70,1"], ["Belu", "61,2"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert not res.ok
    assert res.errors[0].startswith("line 2: name 'Kupang' is ambiguous")
    assert "53.01, 53.71" in res.errors[0]


def test_non_numeric_cells_are_warnings(tmp_path: Path):
    f = _write(tmp_path / "nn.csv", [["wilayah", "ipm"], ["Belu", "61.2"], ["Alor", "n/a"], ["Ende", ""],
                                     ["Sikka", "6..1"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2022)
    assert res.ok and res.n_rows == 1
    cells = [w for w in res.warnings if ", column 'ipm':" in w]
    assert [w.split(":")[0] for w in cells] == ["line 3, column 'ipm'", "line 4, column 'ipm'",
                                                "line 5, column 'ipm'"]
    assert "malformed" in cells[2]


def test_ambiguous_numbers_are_not_guessed(tmp_path: Path):
    f = _write(tmp_path / "amb_num.csv", [["wilayah", "penduduk"], ["Belu", "228.937"], ["Alor", "221.960"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert res.ok is False  # nothing left to import
    assert sum("ambiguous" in w for w in res.warnings) == 2
    assert res.errors == ["no values to import"]


def test_us_style_numbers(tmp_path: Path):
    f = _write(tmp_path / "us.csv", [["region", "belanja"], ["Belu", "1,234,567.5"], ["Alor", "2,000.25"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert res.ok
    assert dict(zip(res.table["region_code"], res.table["value"])) == {"53.04": 1234567.5, "53.05": 2000.25}


def test_year_columns_need_a_variable(tmp_path: Path):
    f = _write(tmp_path / "years.csv", [["kabupaten/kota", "2022", "2023"], ["Belu", "61,2", "62,0"],
                                        ["Kota Kupang", "79,5", "80,1"]])
    res = import_regions(f, external_dir=tmp_path / "ext")
    assert not res.ok and "--variable" in res.errors[0]
    res = import_regions(f, external_dir=tmp_path / "ext", variable="IPM", unit="indeks")
    assert res.ok
    got = {(c, y): v for c, y, v in zip(res.table["region_code"], res.table["year"], res.table["value"])}
    assert got == {("53.04", 2022): 61.2, ("53.04", 2023): 62.0, ("53.71", 2022): 79.5, ("53.71", 2023): 80.1}
    assert set(res.table["variable"]) == {"ipm"} and set(res.table["unit"]) == {"indeks"}


def test_wide_without_year_is_an_error(wide_csv: Path, tmp_path: Path):
    res = import_regions(wide_csv, external_dir=tmp_path / "ext")
    assert not res.ok and res.errors[0].startswith("no year")


def test_long_form_round_trip(tmp_path: Path):
    rows = [["region_name", "variable", "value", "year", "unit"]]
    for name, pop in POPULATION:
        rows.append([name, "population_total", pop.replace(".", ""), "2023", "orang"])
    rows.append(["NTT", "population_total", "5573515", "2023", "orang"])
    f = _write(tmp_path / "pop_long.csv", rows)
    assert detect_form(rows[0]) == "long"
    first = import_regions(f, external_dir=tmp_path / "ext1", source="LKPJ 2023 Tabel 1.2")
    assert first.ok and first.n_rows == 23
    assert not [w for w in first.warnings if w.startswith("missing")]
    tot = first.table[first.table["region_type"] == "province"].iloc[0]
    assert (tot["region_code"], tot["value"]) == ("53", 5573515.0)
    kab = first.table[first.table["region_type"] != "province"]
    assert set(kab["region_code"]) == set(gazetteer("53")["region_code"])
    assert kab["value"].sum() == 5573515.0
    # the stored file is itself a valid long-form input
    second = import_regions(first.stored_path, external_dir=tmp_path / "ext2", source="LKPJ 2023 Tabel 1.2")
    assert second.ok and second.errors == []
    cols = ["region_code", "region_name", "region_type", "variable", "value", "unit", "year", "province"]
    a = first.table[cols].sort_values("region_code").reset_index(drop=True)
    b = second.table[cols].sort_values("region_code").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_long_form_code_contradicting_name(tmp_path: Path):
    f = _write(tmp_path / "c.csv", [["region_code", "region_name", "variable", "value", "year"],
                                    ["53.04", "Belu", "x", "1", "2023"],
                                    ["53.05", "Belu", "y", "2", "2023"],
                                    ["99.99", "", "x", "3", "2023"]])
    res = import_regions(f, external_dir=tmp_path / "ext")
    assert not res.ok
    assert res.errors[0].startswith("line 3: region_code '53.05'") and "contradicts" in res.errors[0]
    assert res.errors[1].startswith("line 4: region_code '99.99' is not in the gazetteer")


def test_reimport_replaces_manifest_row_and_is_deterministic(wide_csv: Path, tmp_path: Path):
    ext = tmp_path / "ext"
    other = _write(tmp_path / "another.csv", [["wilayah", "ipm"], ["Belu", "61,2"]])
    r1 = import_regions(wide_csv, external_dir=ext, year=2023, source="BPS")
    bytes1 = r1.stored_path.read_bytes()
    manifest1 = r1.manifest_path.read_bytes()
    assert import_regions(other, external_dir=ext, year=2023, source="BPS").ok
    r2 = import_regions(wide_csv, external_dir=ext, year=2023, source="BPS")
    assert r2.stored_path.read_bytes() == bytes1
    with open(r2.manifest_path, encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert names == ["another", "bps_ntt_2023"]
    # the same imports into a fresh folder give byte-identical files (no timestamps)
    ext2 = tmp_path / "ext2"
    assert import_regions(wide_csv, external_dir=ext2, year=2023, source="BPS").ok
    assert (ext2 / "manifest.csv").read_bytes() == manifest1


def test_cli_exit_statuses(wide_csv: Path, bad_csv: Path, tmp_path: Path, capsys):
    ext = tmp_path / "ext"
    assert main(["import-regions", str(wide_csv), "--external", str(ext), "--year", "2023", "--source", "BPS"]) == 0
    out = capsys.readouterr()
    assert "stored" in out.out and "Manggarai Barta" in out.err
    assert main(["import-regions", str(bad_csv), "--external", str(ext), "--year", "2023", "--source", "BPS"]) == 1
    err = capsys.readouterr().err
    assert "Atlantis" in err and "duplicate" in err
    # the closing line names what to fix: names and duplicate rows, not rejected cells
    assert err.splitlines()[-1] == (
        "nothing stored: fix the names above (or add the spelling to "
        "src/analysis/reference/region_aliases.csv); remove or correct the duplicate rows above, then run again")
    assert not (ext / "bad.csv").exists()
    assert main(["import-regions", str(tmp_path / "nope.csv"), "--external", str(ext)]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("nothing stored: fix the file named above")


# ---------------------------------------------------------------------------------------------
# pure helpers
# ---------------------------------------------------------------------------------------------


def test_parse_csv_text_line_numbers():
    text = 'wilayah,catatan\n\nBelu,"dua\nbaris"\nAlor,x\n'
    header, records = parse_csv_text(text)
    assert header == ["wilayah", "catatan"]
    assert records == [(3, ["Belu", "dua\nbaris"]), (5, ["Alor", "x"])]
    header, records = parse_csv_text("\ufeffwilayah;ipm\nBelu;61,2\n")
    assert header == ["wilayah", "ipm"] and records == [(2, ["Belu", "61,2"])]
    with pytest.raises(ValueError):
        parse_csv_text("\n\n")


def test_find_name_column_by_header_and_by_content():
    assert find_name_column(["No", "Kab/Kota", "x"], []) == 1
    records = [(2, ["1", "Belu", "5"]), (3, ["2", "Alor", "6"]), (4, ["3", "Sikka", "7"])]
    assert find_name_column(["a", "b", "c"], records, "53") == 1


def test_check_table_is_pure_and_names_rows():
    header = ["wilayah", "ipm"]
    res = check_table(header, [(2, ["Belu", "61,2"]), (3, ["Atlantis", "1,0"])], stem="t", year=2023)
    assert res.errors and res.errors[0].startswith("line 3: name 'Atlantis'")
    assert res.table.empty and res.form == "wide"


def test_manifest_rows_replace_and_sort():
    old = [{"name": "b", "resolved_file": "b.csv", "resolved_sha256": "1", "imported_rows": "1"},
           {"name": "a", "resolved_file": "a.csv", "resolved_sha256": "2", "imported_rows": "1"}]
    new = {"name": "b", "resolved_file": "b.csv", "resolved_sha256": "3", "source": "BPS", "year": "2024",
           "imported_rows": "5", "original_file": "original/b.csv"}
    rows = manifest_rows(old, new)
    assert [r["name"] for r in rows] == ["a", "b"]
    assert rows[1]["resolved_sha256"] == "3" and rows[1]["imported_rows"] == "5"
    assert all(list(r) == MANIFEST_COLUMNS for r in rows)


# ---------------------------------------------------------------------------------------------
# issue 8 part 6: storage, colliding columns, BPS codes, scaled units, rejected cells
# ---------------------------------------------------------------------------------------------


def test_storage_layout_and_checksums(tmp_path: Path):
    """The user's file is kept byte for byte (BOM, ';' and CRLF included) under original/, the
    resolved table beside it, and the manifest names both with their SHA-256."""
    raw_bytes = "\ufeffKabupaten/Kota;IPM\r\nBelu;61,2\r\nKota Kupang;79,9\r\n".encode("utf-8")
    src = tmp_path / "in" / "ipm_2023.csv"
    src.parent.mkdir()
    src.write_bytes(raw_bytes)
    ext = tmp_path / "external"
    res = import_regions(src, external_dir=ext, year=2023, source="BPS NTT, IPM 2023")
    assert res.ok
    assert res.original_path == ext / "original" / "ipm_2023.csv"
    assert res.original_path.read_bytes() == raw_bytes
    assert res.stored_path == ext / "ipm_2023.csv"
    with open(ext / "manifest.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == MANIFEST_COLUMNS
        man = list(reader)
    assert man == [{
        "name": "ipm_2023", "resolved_file": "ipm_2023.csv",
        "resolved_sha256": hashlib.sha256((ext / "ipm_2023.csv").read_bytes()).hexdigest(),
        "original_file": "original/ipm_2023.csv",
        "original_sha256": hashlib.sha256(raw_bytes).hexdigest(),
        "source": "BPS NTT, IPM 2023", "year": "2023", "imported_rows": "2", "rejected_cells": "0",
    }]
    assert sorted(p.relative_to(ext).as_posix() for p in ext.rglob("*") if p.is_file()) == [
        "ipm_2023.csv", "manifest.csv", "original/ipm_2023.csv"]
    lines = (ext / "ipm_2023.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(REGION_COLUMNS + ["value_note"])
    assert lines[1] == "ext:ipm_2023,Nusa Tenggara Timur,2023,53.04,Kabupaten Belu,kabupaten,ipm,61.2,,BPS NTT, IPM 2023,2,".replace(
        "BPS NTT, IPM 2023", '"BPS NTT, IPM 2023"')


def test_default_folder_is_data_external():
    import inspect

    assert inspect.signature(import_regions).parameters["external_dir"].default == "data/external"
    args = build_parser().parse_args(["import-regions", "x.csv"])
    assert args.external == Path("data/external")


def test_colliding_columns_fail_naming_both(tmp_path: Path):
    f = _write(tmp_path / "djpk.csv", [["Kabupaten/Kota", "Realisasi (miliar rupiah)", "Realisasi (%)"],
                                       ["Belu", "2.454,75", "91,2"], ["Alor", "1.020,50", "88,0"]])
    ext = tmp_path / "ext"
    res = import_regions(f, external_dir=ext, year=2023)
    assert not res.ok and res.error_kinds == ("columns",)
    assert res.errors == [
        "columns 'Realisasi (miliar rupiah)' and 'Realisasi (%)' both become variable 'realisasi' (2023); "
        "rename one of them (e.g. 'realisasi_rp', 'realisasi_pct'): nothing is overwritten"]
    assert not ext.exists()
    assert res.closing_message().startswith("nothing stored: rename or remove the columns above")


def test_bps_codes_import_to_the_kemendagri_codes(tmp_path: Path):
    """BPS 5303 is Kabupaten Kupang (Kemendagri 53.01), 5371 Kota Kupang (53.71), 5301 Sumba
    Barat (53.12): reference/bps_kemendagri.csv. A four-digit code is never read as 53.03."""
    f = _write(tmp_path / "bps.csv", [["Kode BPS", "IPM"], ["5303", "65,12"], ["5371", "79,90"],
                                      ["5301", "66,40"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert res.ok, res.errors
    got = dict(zip(res.table["region_code"], zip(res.table["region_name"], res.table["value"])))
    assert got == {"53.01": ("Kabupaten Kupang", 65.12), "53.71": ("Kota Kupang", 79.9),
                   "53.12": ("Kabupaten Sumba Barat", 66.4)}
    assert "53.03" not in got
    # beside names: agreeing codes pass, a Kemendagri reading of the same digits contradicts
    ok = _write(tmp_path / "both.csv", [["Kode", "Kabupaten/Kota", "IPM"], ["5303", "Kabupaten Kupang", "65,12"],
                                        ["5301", "Sumba Barat", "66,40"]])
    assert import_regions(ok, external_dir=tmp_path / "ext", year=2023).ok
    bad = _write(tmp_path / "bad_code.csv", [["Kode", "Kabupaten/Kota", "IPM"], ["53.03", "Kabupaten Kupang", "65,12"],
                                             ["5399", "Belu", "61,2"]])
    res = import_regions(bad, external_dir=tmp_path / "ext", year=2023)
    assert not res.ok and res.error_kinds == ("codes",)
    assert res.errors[0].startswith("line 2: code '53.03' (kemendagri code of Kabupaten Timor Tengah Utara, "
                                    "53.03) contradicts the name 'Kabupaten Kupang'")
    assert res.errors[1].startswith("line 3, column 'Kode': code '5399' is not a BPS code of the crosswalk")
    # a bare 'Kupang' (kabupaten or kota) is decided by the code on its row
    bare = _write(tmp_path / "bare.csv", [["Kode BPS", "Kabupaten", "IPM"], ["5303", "Kupang", "65,12"],
                                          ["5306", "Belu", "61,2"]])
    res = import_regions(bare, external_dir=tmp_path / "ext", year=2023)
    assert res.ok and sorted(res.table["region_code"]) == ["53.01", "53.04"]
    # long form: region_code may be BPS too
    long = _write(tmp_path / "long.csv", [["region_code", "variable", "value", "year"],
                                          ["5303", "ipm", "65.12", "2023"], ["5371", "ipm", "79.9", "2023"]])
    res = import_regions(long, external_dir=tmp_path / "ext")
    assert res.ok and sorted(res.table["region_code"]) == ["53.01", "53.71"]


def test_scaled_units_are_stored_in_rupiah_with_the_scale_noted(tmp_path: Path):
    f = _write(tmp_path / "scaled.csv", [
        ["Kabupaten/Kota", "Realisasi (miliar rupiah)", "Pagu (Rp juta)", "Belanja (Rp 000)", "Dana (ribu rupiah)"],
        ["Belu", "2.454,75", "1.500,5", "2.500.000", "750"],
        ["Alor", "1.020,5", "980,25", "1.000.000", "1.250,5"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert res.ok, res.errors
    t = res.table.set_index(["region_code", "variable"])
    belu = "53.04"
    assert t.loc[(belu, "realisasi"), "value"] == 2454.75 * 1_000_000_000 == 2454750000000
    assert t.loc[(belu, "pagu"), "value"] == 1500.5 * 1_000_000 == 1500500000
    assert t.loc[(belu, "belanja"), "value"] == 2_500_000 * 1_000 == 2500000000
    assert t.loc[(belu, "dana"), "value"] == 750 * 1_000 == 750000
    assert set(res.table["unit"]) == {"rupiah"}
    assert t.loc[(belu, "realisasi"), "value_note"] == (
        "printed '2.454,75' in miliar rupiah (column 'Realisasi (miliar rupiah)'); stored x1,000,000,000 as rupiah")
    assert t.loc[(belu, "belanja"), "value_note"].startswith("printed '2.500.000' in thousands of rupiah")


def test_value_suffixes_are_scaled(tmp_path: Path):
    f = _write(tmp_path / "suffix.csv", [["Kabupaten/Kota", "Realisasi (rupiah)", "Realisasi DAK (miliar rupiah)"],
                                         ["Belu", "2.454,75 M", "12,5"], ["Alor", "12,5 Jt", "3 M"],
                                         ["Ende", "500 Rb", "4"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert res.ok
    real = res.table[res.table["variable"] == "realisasi"].set_index("region_code")
    assert real.loc["53.04", "value"] == 2_454_750_000_000
    assert real.loc["53.05", "value"] == 12_500_000 and real.loc["53.08", "value"] == 500_000
    assert real.loc["53.04", "value_note"] == "printed '2.454,75 M' ('M' = x1,000,000,000); stored as rupiah"
    # a suffix in a column whose header is already scaled would scale twice: rejected
    assert res.rejected == 1
    assert [w for w in res.warnings if w.startswith("line 3, column 'Realisasi DAK")] == [
        "line 3, column 'Realisasi DAK (miliar rupiah)': '3 M' is not a number (the value carries its own "
        "scale 'M' in a column printed in miliar (header 'Realisasi DAK (miliar rupiah)')); no row stored"]


def _sparse_csv(tmp_path: Path, n_dash: int) -> Path:
    names = ["Belu", "Alor", "Ende", "Sikka", "Ngada", "Lembata", "Malaka", "Sabu Raijua"]
    rows = [["Kabupaten/Kota", "IPM"]]
    for k, name in enumerate(names):
        rows.append([name, "-" if k < n_dash else f"6{k},5"])
    return _write(tmp_path / f"sparse_{n_dash}.csv", rows)


def test_rejected_cell_limit_and_strict_mode(tmp_path: Path, capsys):
    ext = tmp_path / "ext"
    assert MAX_REJECTED_CELLS == 5
    one = _sparse_csv(tmp_path, 1)
    assert main(["import-regions", str(one), "--external", str(ext), "--year", "2023"]) == 0
    assert main(["import-regions", str(one), "--external", str(ext), "--year", "2023", "--strict"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert "error: 1 value cell(s) rejected (listed above) and --strict allows none" in err
    assert err[-1] == "nothing stored: correct the rejected cells listed above (--strict allows none), then run again"
    six = _sparse_csv(tmp_path, 6)  # 6 > 5
    res = import_regions(six, external_dir=ext, year=2023)
    assert not res.ok and res.rejected == 6 and res.exit_status == 3
    assert res.errors == ["6 value cells rejected (listed above), more than the limit of 5 "
                          "(MAX_REJECTED_CELLS; raise it with --max-rejected)"]
    assert not (ext / "sparse_6.csv").exists()
    five = _sparse_csv(tmp_path, 5)  # exactly the limit: stored, each cell a warning
    res = import_regions(five, external_dir=ext, year=2023)
    assert res.ok and res.rejected == 5 and res.n_rows == 3
    assert main(["import-regions", str(six), "--external", str(ext), "--year", "2023", "--max-rejected", "6"]) == 0
    with open(ext / "manifest.csv", encoding="utf-8") as fh:
        rej = {r["name"]: r["rejected_cells"] for r in csv.DictReader(fh)}
    assert rej == {"sparse_1": "1", "sparse_5": "5", "sparse_6": "6"}


def test_identical_rows_are_a_warning(tmp_path: Path):
    f = _write(tmp_path / "copy.csv", [["Kabupaten/Kota", "Penduduk (jiwa)", "IPM"],
                                       ["Belu", "228937", "63,1"], ["Alor", "221960", "60,2"],
                                       ["Ende", "228937", "63,1"]])
    res = import_regions(f, external_dir=tmp_path / "ext", year=2023)
    assert res.ok
    assert [w for w in res.warnings if "identical" in w] == [
        "lines 2 and 4: Kabupaten Belu (53.04) and Kabupaten Ende (53.08) have identical values in all 2 "
        "cells; check that one row was not copied onto the other"]
