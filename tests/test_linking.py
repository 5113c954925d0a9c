"""Budget <-> performance linking: hand-made agency cases and the counts on docs 001 and 004."""

import numpy as np
import pandas as pd
import pytest

from _extracted import table
from analysis.linking import PAIR_COLUMNS, UNPAIRED_COLUMNS, link_agencies, link_programmes, normalise_name


def _budget(rows):
    return pd.DataFrame(
        [{"doc_id": "x", "entity": e, "entity_id": i, "level": "opd", "name": e, "budget": b,
          "realization": r, "budget_original": None, "source_line": l, "source_table": "Tabel 2.4",
          "origin": "table"} for e, i, b, r, l in rows]
    )


def _ind(rows):
    return pd.DataFrame(
        [{"doc_id": "x", "entity": e, "entity_id": i, "level": "sasaran", "indicator": f"ind {l}",
          "achievement_pct": a, "source_line": l, "source_table": "3.1.1", "year_role": "reporting year"}
         for e, i, a, l in rows]
    )


def test_agency_pairs_and_every_reason_for_no_pair():
    budget = _budget([
        ("Dinas A", "x.a", 100.0, 90.0, 10),
        ("Dinas A", "x.a", 100.0, 70.0, 11),     # a second urusan of the same agency
        ("Dinas B", "x.b", 50.0, 25.0, 12),      # indicators not numeric
        ("Dinas C", "x.c", 80.0, 80.0, 13),      # no indicator rows at all
        ("SEKRETARIAT DAERAH", "x.setda", 200.0, 150.0, 14),
        ("Badan ?", "", 10.0, 5.0, 15),          # not resolved to an agency
        ("Dinas Z", "x.z", 0.0, 0.0, 16),        # zero budget
    ])
    ind = _ind([
        ("Dinas A", "x.a", 100.0, 100), ("Dinas A", "x.a", 6300.0, 101), ("Dinas A", "x.a", 50.0, 102),
        ("Dinas B", "x.b", None, 103),
        ("Biro Hukum", "x.biro-hukum", 100.0, 104),   # a Setda biro: budget inside the Setda row
        ("Dinas Q", "x.q", 90.0, 105),               # no budget row
        ("Dinas Z", "x.z", 90.0, 106),
    ])
    pairs, unpaired = link_agencies(budget, ind, extreme_rule="cap", extreme_cap=200,
                                    parent_of={"x.biro-hukum": "x.setda"})
    assert list(pairs.columns) == PAIR_COLUMNS and list(unpaired.columns) == UNPAIRED_COLUMNS
    assert pairs["entity_id"].tolist() == ["x.a"]
    a = pairs.iloc[0]
    assert a["absorption_pct"] == pytest.approx(100 * 160 / 200) and a["budget_source_lines"] == "10;11"
    # 100, 6300 capped at 200, 50 -> mean 116.67, one extreme
    assert a["achievement_pct"] == pytest.approx((100 + 200 + 50) / 3) and a["n_extreme"] == 1
    assert a["n_indicators"] == 3 and a["indicator_source_lines"] == "100;101;102"
    reasons = dict(zip(unpaired["entity_id"] + "|" + unpaired["side"], unpaired["reason"]))
    assert reasons["x.b|budget"].startswith("no numeric indicator")
    assert reasons["x.c|budget"] == "no indicator rows for this agency"
    assert reasons["x.setda|budget"].startswith("several agencies under one budget row (1 agencies")
    assert reasons["|budget"].startswith("budget row not resolved")
    assert reasons["x.z|budget"].startswith("budget zero or missing")
    assert reasons["x.biro-hukum|indicators"] == "several agencies under one budget row (x.setda)"
    assert reasons["x.q|indicators"] == "no budget row for this agency"
    assert len(unpaired) == 7


def test_agency_linking_needs_entity_id():
    b = _budget([("Dinas A", "x.a", 1.0, 1.0, 1)]).drop(columns="entity_id")
    with pytest.raises(ValueError, match="entity_id"):
        link_agencies(b, _ind([("Dinas A", "x.a", 1.0, 2)]))


def test_normalise_name():
    assert normalise_name("PROGRAM PENYELENGGA RAAN JALAN") == "penyelengga raan jalan"
    assert normalise_name("1. Program Pemasaran Pariwisata") == "pemasaran pariwisata"


@pytest.fixture(scope="module")
def programme_pairs():
    return link_programmes(table("budget"), table("indicators"), key="entity")


def test_bali_table_3_7_pairs_directly(programme_pairs):
    pairs, _ = programme_pairs
    p = pairs[pairs["doc_id"] == "004"]
    # 004 Tabel 3.7 lines 550 and 554 print the indicator and its budget in one row: the only
    # numeric pairs of the Bali LKjIP (the Tabel 3.8 indicators print a capaian but no target/realisation)
    assert p["budget_source_lines"].tolist() == ["550", "554"]
    assert p["indicator_source_lines"].tolist() == ["550", "554"]
    assert (p["link_rule"] == "same_row").all()
    assert p["absorption_pct"].round(2).tolist() == [78.16, 93.42]
    assert p["achievement_pct"].tolist() == [100.0, 100.0]


def test_ntt_programme_pair_counts(programme_pairs):
    pairs, unpaired = programme_pairs
    p = pairs[pairs["doc_id"] == "001"]
    # 25 sub-kegiatan rows of Biro Administrasi Pimpinan's Tabel 3.4 (lines 4916-4963) print their
    # budget and indicator in one row (several indicators continue on the next lines: same section);
    # 2 programmes of Dinas Kepemudaan dan Olahraga (budget lines 3133, 3160) and 3 of Dinas Pariwisata
    # (Tabel 18 names the programme before ' — ', budget lines 3612, 3627, 3650) pair by name.
    assert len(p) == 30
    assert (p["entity"] == "Biro Administrasi Pimpinan").sum() == 25
    # (budget_source_lines also lists the lines where the same budget line is printed again)
    others = p.loc[p["entity"] != "Biro Administrasi Pimpinan", "budget_source_lines"].str.split(";")
    assert len(others) == 5
    for line in ("3133", "3160", "3612", "3627", "3650"):
        assert sum(line in lines for lines in others) == 1, line
    u = unpaired[(unpaired["doc_id"] == "001") & (unpaired["side"] == "indicators")]
    # Tabel 18 'Pengembangan Ekonomi Kreatif ...' (lines 3719-3720) names a programme without a budget row
    assert u["source_lines"].tolist() == ["3719;3720"]
    assert u["reason"].tolist() == ["no budget row for this programme"]


def test_ntt_agency_pair_counts():
    from _extracted import with_entity_ids
    from analysis.agencies import load_agencies

    reg = load_agencies()
    parent_of = {k: v for k, v in zip(reg["entity_id"], reg["parent_id"]) if isinstance(v, str) and v}
    budget, ind = with_entity_ids("budget"), with_entity_ids("indicators")
    pairs, unpaired = link_agencies(budget[budget["doc_id"] == "001"], ind[ind["doc_id"] == "001"],
                                    parent_of=parent_of)
    # 001 Tabel 2.4 (lines 1034-1128) lists 45 perangkat-daerah rows for 32 agencies (an agency that
    # serves several urusan appears once per urusan; e.g. Dinas Pendidikan dan Kebudayaan L1036 and
    # L1080). 28 of them also report numeric strategic indicators (3.1.1 tables): 28 pairs; the other
    # 4 are unpaired below (3 without a numeric indicator, the Sekretariat Daerah).
    assert len(pairs) == 28
    assert pairs.set_index("entity_id").loc["53.dinas-pendidikan-dan-kebudayaan", "budget_source_lines"] == "1036;1080"
    reasons = unpaired.groupby(["side", "reason"]).size()
    # budget side: Dinas LHK (L1060, L1094), Perdagangan (L1099, L1101: Disperindag) and the Badan
    # Kepegawaian Daerah (L1114) print indicators without numeric target/realisation
    assert reasons[("budget", "no numeric indicator (no reporting-year indicator with a numeric target and realisation)")] == 3
    # the Sekretariat Daerah row (L1105) covers the seven biros, which report indicators of their own
    setda = unpaired[unpaired["entity_id"] == "53.sekretariat-daerah"]
    assert setda["source_lines"].tolist() == ["1105"]
    assert setda["reason"].iloc[0].startswith("several agencies under one budget row (7 agencies")
    # indicator side: the 7 biros (under the Setda row) and Dinas Peternakan (L3936-3941: no Tabel 2.4 row)
    biros = unpaired[unpaired["reason"] == "several agencies under one budget row (53.sekretariat-daerah)"]
    assert len(biros) == 7 and biros["entity_id"].str.startswith("53.biro-").all()
    assert unpaired.loc[unpaired["reason"] == "no budget row for this agency", "entity_id"].tolist() == ["53.dinas-peternakan"]
    assert len(unpaired) == 12


def test_printed_absorption_pairs_without_amounts():
    # a programme-level budget row printing only its absorption (reported_pct, no amounts) pairs
    # with the indicator of its row; a row with amounts keeps the amounts' absorption, and a row
    # with neither stays unpaired with its reason
    budget = pd.DataFrame([
        {"doc_id": "x", "entity": "Dinas A", "entity_id": "x.a", "level": "program", "name": n, "budget": b,
         "realization": r, "reported_pct": pct, "budget_original": None, "source_line": l,
         "source_table": "Tabel 3.9", "origin": "table"}
        for n, b, r, pct, l in [("Indikator P", None, None, 83.13, 10), ("Indikator Q", 200.0, 150.0, 80.0, 11),
                                ("Indikator R", None, None, None, 12)]])
    ind = pd.DataFrame([
        {"doc_id": "x", "entity": "Dinas A", "entity_id": "x.a", "level": "sasaran", "indicator": f"Indikator {k}",
         "achievement_pct": a, "source_line": l, "source_table": "Tabel 3.9", "year_role": "reporting year"}
        for k, a, l in [("P", 94.0, 10), ("Q", 100.0, 11), ("R", 90.0, 12)]])
    pairs, unpaired = link_programmes(budget, ind)
    assert pairs["budget_name"].tolist() == ["Indikator P", "Indikator Q"]
    assert pairs["denominator"].tolist() == ["printed", "revised"]
    assert pairs["absorption_pct"].tolist() == [83.13, 75.0]  # Q: 150 / 200, not its printed 80
    assert np.isnan(pairs["budget"].iloc[0]) and pairs["budget"].iloc[1] == 200.0
    assert unpaired["name"].tolist() == ["Indikator R"]
    assert unpaired["reason"].tolist() == ["no realisation or no budget printed"]
