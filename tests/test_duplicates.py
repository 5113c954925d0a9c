"""Duplicate marking (``analysis.extract.duplicates``): rows that repeat another row are output
with ``duplicate_of`` = the kept row's ``row_id``, never dropped. Cases read from the raw files
(1-based lines) and hand-built frames with the arithmetic in the test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.extract.duplicates import (
    ensure_row_ids,
    mark_duplicates_budget,
    mark_duplicates_indicators,
)

ADPIM = "53.biro-administrasi-pimpinan"


def dups(frame: pd.DataFrame) -> list[str]:
    """duplicate_of as text ('' for kept rows, which hold a missing value)."""
    return frame["duplicate_of"].fillna("").tolist()


def _read(path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"doc_id": str})
    for c in ("entity_id", "duplicate_of", "value_note"):
        df[c] = df[c].fillna("")
    return df.set_index("row_id", drop=False)


@pytest.fixture(scope="module")
def budget(extracted) -> pd.DataFrame:
    return _read(extracted / "budget.csv")


@pytest.fixture(scope="module")
def indicators(extracted) -> pd.DataFrame:
    return _read(extracted / "indicators.csv")


# --------------------------------------------------------------------------------------------
# Budget: the known cases of the NTT LKPJ (001)
# --------------------------------------------------------------------------------------------
def test_pajak_daerah_sentence_swaps_budget_and_realisation(budget):
    # 001 L789 'Pajak Daerah ... Rp. 1.154.866.882.416,77 ... Rp. 1.311.609.133.150' against
    # Tabel 1.7 L811 budget 1.311.609.133.150 / realisation 1.154.866.882.416,77
    s, t = budget.loc["001-L789"], budget.loc["001-L811"]
    assert (s["origin"], t["origin"]) == ("narrative", "table")
    assert (s["budget"], s["realization"]) == (t["realization"], t["budget"])
    assert s["duplicate_of"] == "001-L811" and t["duplicate_of"] == ""
    assert ("repeats 001-L811 with budget and realisation swapped (budget 1,154,866,882,416.77 vs "
            "1,311,609,133,150, realisation 1,311,609,133,150 vs 1,154,866,882,416.77)") in s["value_note"]


def test_penerimaan_pembiayaan_sentence_drops_a_digit(budget):
    # 001 L891 prints 58.002.344.404 for Tabel 1.9 L911's 258.002.344.404 (realisation
    # 221.841.821.002,45 in both)
    s, t = budget.loc["001-L891"], budget.loc["001-L911"]
    assert s["realization"] == t["realization"] == 221841821002.45
    assert t["budget"] - s["budget"] == 200_000_000_000
    assert s["duplicate_of"] == "001-L911"
    assert "repeats 001-L911 with budget 58,002,344,404 vs 258,002,344,404" in s["value_note"]


def test_biro_administrasi_pimpinan_reprints_its_tabel_3_2(budget):
    adpim = budget[(budget["entity_id"] == ADPIM) & (budget["origin"] == "table")]
    t32 = adpim[adpim["source_table"] == "Tabel 3.2"]
    assert len(t32) == 34 and (t32["duplicate_of"] == "").all()  # the first table is kept
    copies = adpim[adpim["duplicate_of"] != ""]
    kept_table = copies["duplicate_of"].map(budget["source_table"])
    assert (kept_table == "Tabel 3.2").all()
    assert copies.groupby("source_table").size().to_dict() == {"Tabel 3.3": 9, "Tabel 3.4": 32}
    # 'Administrasi Kepegawaian Perangkat Daerah' 119.089.600 / 110.944.899 at L4822, L4875, L4923
    for line in (4875, 4923):
        row = budget.loc[f"001-L{line}"]
        assert (row["name"], row["budget"], row["realization"]) == (
            "Administrasi Kepegawaian Perangkat Daerah", 119089600, 110944899)
        assert row["duplicate_of"] == "001-L4822"
    # Tabel 3.3 L4880 splits a word ('Administras i Umum Perangkat Daerah'); still L4828's repeat
    assert budget.loc["001-L4880", "name"] == "Administras i Umum Perangkat Daerah"
    assert budget.loc["001-L4880", "duplicate_of"] == "001-L4828"


def test_57_reprints_across_tables_and_5_rows_of_tables_printed_twice(budget):
    b = budget[(budget["doc_id"] == "001") & (budget["origin"] == "table") & (budget["duplicate_of"] != "")]
    same_table = b["duplicate_of"].map(budget["source_table"]) == b["source_table"]
    assert b[~same_table].groupby("entity_id").size().to_dict() == {
        ADPIM: 41, "53.dinas-pariwisata-dan-ekonomi-kreatif": 16}
    # Sat Pol PP's table printed twice (L2068-2078 repeat L2054-2065), Dishub L2794 repeats L2793
    assert b[same_table].groupby("entity_id").size().to_dict() == {
        "53.satuan-polisi-pamong-praja": 4, "53.dinas-perhubungan": 1}
    assert budget.loc["001-L2068", "duplicate_of"] == "001-L2054"


def test_a_reprint_with_another_value_says_so(budget):
    # Parekraf L3617 reprints Tabel 14 L3528 (budget 140.000.000) with another realisation
    row, kept = budget.loc["001-L3617"], budget.loc["001-L3528"]
    assert row["duplicate_of"] == "001-L3528" and row["budget"] == kept["budget"]
    assert row["realization"] != kept["realization"]
    assert row["value_note"].startswith("repeats 001-L3528 with realisation ")


def test_namesakes_in_one_table_are_different_lines(budget):
    # Tabel 2.4 prints Dinas Komunikasi dan Informatika under three urusan (L1068 13.553.960.235,
    # L1076 0, L1078 36.140.000), Dinas PUPR under three (L1041, L1043, L1057), Dikbud under
    # two (L1036, L1080) and Kopnakertrans under two (L1070, L1103): none is a repeat
    for line in (1068, 1076, 1078, 1041, 1043, 1057, 1036, 1080, 1070, 1103):
        assert budget.loc[f"001-L{line}", "duplicate_of"] == "", line


def test_narrative_rows(budget):
    n = budget[budget["origin"] == "narrative"]
    assert n.groupby("doc_id").size().to_dict() == {"001": 100, "002": 1, "004": 5}
    marked = n[n["duplicate_of"] != ""]
    assert marked.groupby("doc_id").size().to_dict() == {"001": 80, "002": 1, "004": 5}
    # every kept row is a table row
    assert (budget.loc[marked["duplicate_of"], "origin"] == "table").all()
    # 12 sentences repeat a table row with a different value (noted), 74 with the same amounts;
    # the other 20 print amounts no table prints (e.g. 001 L4584 Biro Perekonomian's kegiatan)
    differing = marked["value_note"].str.contains("repeats ")
    assert (differing.sum(), (~differing).sum()) == (12, 74)
    assert budget.loc["001-L4584", "duplicate_of"] == ""
    # 1142 restates Tabel 2.4 for Dikbud: the OPD row (same agency) is kept, not the urusan row
    assert budget.loc["001-L1142", "duplicate_of"] == "001-L1036"
    # a sentence equal to a table row of another agency only in one amount is not a repeat:
    # 001 L4597 (Biro Perekonomian, 30.000.000) and Tabel 14 L3525 (Parekraf, 30.000.000)
    assert budget.loc["001-L4597", "duplicate_of"] == ""
    # a sentence with one amount (004 L72 prints the total of Tabel 2.3 L381, which has no
    # realisation): a repeat without a differing value
    assert budget.loc["004-L72", "duplicate_of"] == "004-L381"
    assert "repeats" not in budget.loc["004-L72", "value_note"]


def test_list_items_are_compared_like_sentences(budget):
    # 004's Perjanjian Kinerja list (L387-390) prints programme budgets; L387 and L388 repeat
    # Tabel 3.9 (with realisation); L389 names 'Program Penunjang' with Penataan Organisasi's
    # 962.815.7xx (L658): one equal amount under another name is not a repeat
    assert budget.loc["004-L387", "origin"] == "list"
    assert (budget.loc["004-L387", "duplicate_of"], budget.loc["004-L388", "duplicate_of"]) == ("004-L630", "004-L639")
    assert budget.loc["004-L389", "budget"] == budget.loc["004-L658", "budget"]
    assert budget.loc["004-L389", "duplicate_of"] == ""


def test_budget_only_copies_point_to_the_complete_row(budget):
    # 002's Perjanjian Kinerja (L224) prints the programme budget only; Tabel 3.1 (L271) prints
    # budget and realisation: the complete row is kept although printed later
    assert budget.loc["002-L224", "duplicate_of"] == "002-L271"
    assert budget.loc["002-L410", "duplicate_of"] == "002-L271"
    # 004 Tabel 2.3 budgets (L377) are kept by Tabel 3.9 (L630, with realisation)
    assert budget.loc["004-L377", "duplicate_of"] == "004-L630"
    # 003 plans two outputs of one kegiatan with 400,000 each for 2019 (L1208, L1212): not repeats
    plan = budget[(budget["doc_id"] == "003") & (budget["duplicate_of"] != "")]
    assert plan.empty


def test_report_counts(extracted):
    rep = pd.read_csv(extracted / "extraction_report.csv", dtype={"doc_id": str}).set_index("doc_id")
    assert rep["budget_duplicates"].to_dict() == {"001": 142, "002": 3, "003": 0, "004": 11}
    # 004: 25 since Tabel 3.8's L597 reads its whole name across the page break ('... Standar
    # Nasional Perpustakaan (SNP)', L602) and so repeats L70
    assert rep["indicators_duplicates"].to_dict() == {"001": 14, "002": 3, "003": 9, "004": 25}


# --------------------------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------------------------
def test_indicator_in_two_tables_with_different_targets(indicators):
    # Parekraf Tabel 15 L3554 (sasaran) and Tabel 16 L3565 (IKU): wisatawan mancanegara 2023,
    # target 50.000 vs 100.000 orang, realisation 319.573 in both
    row = indicators.loc["001-L3565"]
    assert row["duplicate_of"] == "001-L3554"
    assert "repeats 001-L3554 with target 100.000 orang vs 50.000 orang" in row["value_note"]


def test_sub_indicators_are_not_repeats(indicators):
    # Dikbud L1342-1344: '... minimal B — a. SMA / b. SMK / c. SLB', three indicators
    for line in (1342, 1343, 1344):
        assert indicators.loc[f"001-L{line}", "duplicate_of"] == ""


def test_misspelt_indicator_name_is_the_same_indicator(indicators):
    # 002 prints 'Sekertaris Daerah' in L210, L224, L271 and 'Sekretaris Daerah' in L306 (the
    # table with the realisation, kept)
    for line in (210, 224, 271):
        assert indicators.loc[f"002-L{line}", "duplicate_of"] == "002-L306"


def test_perjanjian_kinerja_annex_repeats_with_another_target(indicators):
    # 004 L766 (PK annex) target 60 % for the SNP library indicator; L70 prints 56 %
    row = indicators.loc["004-L766"]
    assert row["duplicate_of"] == "004-L70"
    assert "repeats 004-L70 with target 60% vs 56%" in row["value_note"]


# --------------------------------------------------------------------------------------------
# Hand-built cases
# --------------------------------------------------------------------------------------------
def _budget(rows):
    cols = ["doc_id", "entity", "level", "name", "parent", "budget", "realization", "source_table",
            "source_line", "fiscal_year", "origin"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows])


def test_programme_and_kegiatan_with_one_name_are_not_repeats():
    f = _budget([
        ("009", "Dinas A", "program", "Pengelolaan Air", None, 100.0, 90.0, "Tabel 1", 10, 2023, "table"),
        ("009", "Dinas A", "kegiatan", "Pengelolaan Air", "Pengelolaan Air", 100.0, 90.0, "Tabel 1", 11, 2023, "table"),
        ("009", "Dinas B", "program", "Pengelolaan Air", None, 100.0, 90.0, "Tabel 2", 20, 2023, "table"),
    ])
    out = mark_duplicates_budget(f)
    assert dups(out) == ["", "", ""]
    assert len(out) == 3  # nothing dropped


def test_reprint_typo_needs_a_shared_parent():
    # same agency/level/name; realisation 90 vs 80 (one amount equal: budget 100)
    rows = [("009", "Dinas A", "kegiatan", "Rapat", "Program X", 100.0, 90.0, "Tabel 1", 10, 2023, "table"),
            ("009", "Dinas A", "kegiatan", "Rapat", "Program X", 100.0, 80.0, "Tabel 2", 30, 2023, "table")]
    out = mark_duplicates_budget(_budget(rows))
    assert dups(out) == ["", "009-L10"]
    assert out.loc[1, "value_note"] == "repeats 009-L10 with realisation 80 vs 90"
    rows[1] = rows[1][:4] + ("Program Y",) + rows[1][5:]
    assert dups(mark_duplicates_budget(_budget(rows))) == ["", ""]


def test_zero_rows_are_never_repeats_and_marking_is_idempotent():
    f = _budget([
        ("009", "Dinas A", "opd", "Dinas A", None, 0.0, 0.0, "Tabel 1", 10, 2023, "table"),
        ("009", "Dinas A", "opd", "Dinas A", None, 0.0, 0.0, "Tabel 2", 20, 2023, "table"),
        ("009", "Dinas A", "opd", "Dinas A", None, 50.0, 40.0, "narrative", 5, 2023, "narrative"),
        ("009", "Dinas A", "opd", "Dinas A", None, 50.0, 40.0, "Tabel 3", 30, 2023, "table"),
    ])
    once = mark_duplicates_budget(f)
    assert dict(zip(once["row_id"], dups(once))) == {
        "009-L5": "009-L30", "009-L10": "", "009-L20": "", "009-L30": ""}
    twice = mark_duplicates_budget(once)
    pd.testing.assert_frame_equal(once, twice)


def test_row_ids_follow_the_contract_sort():
    f = _budget([("009", "A", "program", "P", None, 1.0, 1.0, "T", 7, 2023, "table"),
                 ("009", "A", "kegiatan", "K", None, 1.0, 1.0, "T", 7, 2023, "table"),
                 ("009", "A", "program", "Q", None, 1.0, 1.0, "T", 3, 2023, "table")])
    out = ensure_row_ids(f, "budget")
    # sorted by doc_id, source_line, level, name: L3, then L7 kegiatan before L7 program
    assert list(zip(out["row_id"], out["name"])) == [("009-L3", "Q"), ("009-L7", "K"), ("009-L7-2", "P")]


def test_indicator_levels_and_tables():
    cols = ["doc_id", "entity", "level", "indicator", "target", "actual", "target_text", "actual_text",
            "source_table", "source_line", "fiscal_year"]
    f = pd.DataFrame([
        dict(zip(cols, ("009", "A", "sasaran", "Indeks X", 80.0, 82.0, "80", "82", "Tabel 1", 10, 2023))),
        dict(zip(cols, ("009", "A", "iku", "Indeks X", 80.0, None, "80", None, "Tabel 2", 20, 2023))),
        dict(zip(cols, ("009", "A", "program", "Indeks X", 80.0, 82.0, "80", "82", "Tabel 3", 30, 2023))),
        dict(zip(cols, ("009", "A", "sasaran", "Indeks X", 70.0, 82.0, "70", "82", "Tabel 1", 40, 2023))),
    ])
    out = mark_duplicates_indicators(f).set_index("row_id").fillna({"duplicate_of": ""})
    assert out.loc["009-L20", "duplicate_of"] == "009-L10"  # IKU = sasaran class, fewer values
    assert out.loc["009-L30", "duplicate_of"] == ""         # another level
    assert out.loc["009-L40", "duplicate_of"] == ""         # the same table twice: not marked


def test_same_marks_on_nullable_columns(extracted):
    """The declared contract holds text in pandas' string dtype and numbers in nullable dtypes
    (missing = pd.NA): marking and linking give the same result as on plain object columns."""
    from analysis.extract.link import link_rows

    raw = pd.read_csv(extracted / "budget.csv", dtype={"doc_id": str})
    plain = raw.drop(columns=["row_id", "entity_id", "duplicate_of"])
    nullable = plain.convert_dtypes()
    assert str(nullable["parent"].dtype) == "string" and nullable["parent"].isna().any()
    a, _ = link_rows({"budget": plain})
    b, _ = link_rows({"budget": nullable})
    assert a["budget"]["duplicate_of"].fillna("").tolist() == b["budget"]["duplicate_of"].fillna("").tolist()
    assert a["budget"]["entity_id"].tolist() == b["budget"]["entity_id"].tolist()
    assert a["budget"]["duplicate_of"].fillna("").tolist() == raw["duplicate_of"].fillna("").tolist()


def test_amounts_within_the_tolerance_match_across_a_whole_rupiah():
    """Equal amounts differ by less than AMOUNT_TOLERANCE (0.5), also when they fall on two sides
    of a whole rupiah (1,000.8 and 1,001.2): the marker looks rows up by amount, and a look-up by
    the whole rupiah alone would miss these."""
    f = _budget([
        ("009", "Dinas A", "kegiatan", "Rapat Koordinasi", None, 1000.8, 500.0, "Tabel 1", 10, 2023, "table"),
        # 1001.2 - 1000.8 = 0.4 and 500.0 - 499.6 = 0.4: the same amounts
        ("009", "Dinas A", "kegiatan", "Rapat Koordinasi", None, 1001.2, 499.6, "Tabel 2", 20, 2023, "table"),
        # 1001.4 - 1000.8 = 0.6: another budget (and no parent to share): kept
        ("009", "Dinas A", "kegiatan", "Rapat Koordinasi", None, 1001.4, 500.0, "Tabel 3", 30, 2023, "table"),
        # 0.3 from both L10 and L30 (same agency and level): the first printed, L10
        ("009", "Dinas A", "kegiatan", "Rapat Koordinasi", None, 1001.1, 500.3, "narrative", 5, 2023, "narrative"),
        # budget and realisation swapped, 0.2 from L10's
        ("009", "Dinas A", "kegiatan", "Rapat Koordinasi", None, 500.2, 1001.0, "narrative", 6, 2023, "narrative"),
        # 1002.0 is 0.6 from L30's budget, 400 nobody's realisation
        ("009", "Dinas A", "kegiatan", "Rapat Koordinasi", None, 1002.0, 400.0, "narrative", 7, 2023, "narrative"),
    ])
    out = mark_duplicates_budget(f).set_index("row_id")
    assert out["duplicate_of"].fillna("").to_dict() == {
        "009-L5": "009-L10", "009-L6": "009-L10", "009-L7": "", "009-L10": "", "009-L20": "009-L10", "009-L30": ""}
    assert out.loc["009-L6", "value_note"] == ("repeats 009-L10 with budget and realisation swapped "
                                               "(budget 500.20 vs 1,000.80, realisation 1,001 vs 500)")
    assert out["value_note"].isna().sum() == 5


def test_name_keys_of_numbers_keep_their_type():
    """The name key is cached: 1 and 1.0 hash alike but print differently."""
    from analysis.extract.duplicates import _key

    assert [_key(1.0), _key(1), _key(True), _key("Dinas (UPT) A-1")] == ["10", "1", "true", "dinasa1"]
