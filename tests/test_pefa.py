"""PEFA 2016 PI-1, PI-2, PI-3: a hand-computed case and the NTT LKPJ 2023 (doc 001)."""

import math

import pandas as pd
import pytest

from _extracted import table
from analysis.pefa import PEFA_2016_BANDS, composition_variance, pefa_band, pefa_table, select_heads


def test_pi2_small_example_by_hand():
    # three categories and a contingency vote; B original budget, A outturn
    df = pd.DataFrame({
        "category": ["health", "education", "roads", "Belanja Tidak Terduga"],
        "budget_original": [100.0, 200.0, 300.0, 50.0],
        "realization": [110.0, 180.0, 260.0, 10.0],
        "is_contingency": [False, False, False, True],
    })
    detail, s = composition_variance(df)
    # contingency excluded: ΣA = 550, ΣB = 600, adj_i = B_i * 550/600
    # adj = 91.667, 183.333, 275; |A - adj| = 55/3 + 10/3 + 15 = 110/3; Σadj = 550
    assert s["variance_pct"] == pytest.approx(100 * (110 / 3) / 550)  # 6.6667 %
    assert s["variance_pct"] == pytest.approx(6.6667, abs=1e-4)
    assert detail["adjusted_budget"].iloc[:3].tolist() == pytest.approx([275 / 3, 550 / 3, 275])
    assert detail.loc[3, "excluded"].startswith("contingency")
    assert s["n_categories"] == 3 and s["n_excluded"] == 1
    # PI-2.3: contingency outturn over the total original budget 650
    assert s["contingency_pct"] == pytest.approx(100 * 10 / 650)
    assert pefa_band(s["variance_pct"], "PI-2.2") == "B"
    assert pefa_band(s["contingency_pct"], "PI-2.3") == "A"


def test_pi2_missing_values_are_counted_not_dropped():
    df = pd.DataFrame({"category": list("abc"), "budget_original": [100.0, None, 100.0],
                       "realization": [90.0, 50.0, 110.0]})
    detail, s = composition_variance(df, contingency_col=None)
    assert s["n_excluded"] == 1 and detail.loc[1, "excluded"] == "missing budget or outturn"
    # a and b: ΣA = ΣB = 200 -> adj = B, deviation 10 + 10 = 20 over 200
    assert s["variance_pct"] == pytest.approx(10.0)


@pytest.mark.parametrize(
    "value,dim,band",
    [(95.0, "PI-1.1", "A"), (105.0, "PI-1.1", "A"), (105.01, "PI-1.1", "B"), (84.99, "PI-1.1", "D"),
     (4.99, "PI-2.1", "A"), (5.0, "PI-2.1", "B"), (15.0, "PI-2.2", "D"),
     (2.99, "PI-2.3", "A"), (3.0, "PI-2.3", "B"), (6.0, "PI-2.3", "B"), (6.01, "PI-2.3", "C"), (10.0, "PI-2.3", "D"),
     (97.0, "PI-3.1", "A"), (96.99, "PI-3.1", "B"), (112.5, "PI-3.1", "C"), (91.9, "PI-3.1", "D")],
)
def test_band_edges(value, dim, band):
    # edges from the PEFA 2016 scoring tables (domain_anchors.md §B1)
    assert pefa_band(value, dim) == band


def test_bands_are_data():
    assert {b.dimension for b in PEFA_2016_BANDS} == {"PI-1.1", "PI-2.1", "PI-2.2", "PI-2.3", "PI-3.1"}
    assert pefa_band(None, "PI-1.1") is None
    with pytest.raises(ValueError):
        pefa_band(1.0, "PI-9")


def test_select_heads_keeps_at_least_min_and_share():
    h = pd.DataFrame({"category": [f"h{i}" for i in range(25)], "budget_original": [100.0 - i for i in range(25)],
                      "realization": [1.0] * 25})
    out = select_heads(h, min_heads=20, share=0.75)
    assert len(out) == 21 and out["category"].iloc[-1].startswith("(other")
    assert out["budget_original"].sum() == pytest.approx(h["budget_original"].sum())
    assert out["realization"].iloc[-1] == 5.0


@pytest.fixture(scope="module")
def pefa001():
    return pefa_table(table("budget"), "001").set_index("indicator")


def test_pi1_ntt_2023(pefa001):
    # 001 Tabel 1.8 line 860: BELANJA DAERAH realisasi 4.460.977.040.468,77
    # 001 Tabel 2.3 line 993: APBD Murni total belanja Rp. 5.111.494.298.993
    expected = 100 * 4_460_977_040_468.77 / 5_111_494_298_993  # = 87.2734 %
    r = pefa001.loc["PI-1 aggregate expenditure outturn"]
    assert r["value_pct"] == pytest.approx(expected, rel=1e-12)
    assert round(r["value_pct"], 2) == 87.27
    assert r["band"] == "C" and r["budget_basis"] == "original"
    assert "not a PEFA score" in r["label"]


def test_pi3_ntt_2023(pefa001):
    # 001 Tabel 1.7 line 809: PENDAPATAN realisasi 4.625.194.772.641,08
    # 001 Tabel 2.2 line 960: APBD Murni total pendapatan Rp. 5.340.255.924.189
    expected = 100 * 4_625_194_772_641.08 / 5_340_255_924_189  # = 86.6100 %
    r = pefa001.loc["PI-3 aggregate revenue outturn"]
    assert r["value_pct"] == pytest.approx(expected, rel=1e-12)
    assert round(r["value_pct"], 2) == 86.61
    assert r["band"] == "D"  # below 92 %


def test_pi2_economic_ntt_2023(pefa001):
    # outturn, 001 Tabel 1.8: Operasi L861, Modal L868, BTT L874, Transfer L876
    A = {"operasi": 3_185_367_587_589.27, "modal": 621_342_023_685.50, "transfer": 653_517_358_069.00}
    btt_actual = 750_071_125.00
    # original budget, 001 Tabel 2.3 line 993 (Murni)
    B = {"operasi": 3_493_000_592_509, "modal": 774_896_847_167, "transfer": 778_584_278_886}
    btt_original = 65_012_580_431
    total_original = 5_111_494_298_993
    assert sum(B.values()) + btt_original == total_original  # the printed parts add up
    ratio = sum(A.values()) / sum(B.values())
    dev = sum(abs(A[k] - B[k] * ratio) for k in A)
    expected = 100 * dev / sum(A.values())  # Σ adj = ΣA
    r = pefa001.loc["PI-2 composition outturn by economic type"]
    assert r["value_pct"] == pytest.approx(expected, rel=1e-9)
    assert round(expected, 2) == 4.40 and r["band"] == "A" and r["n_categories"] == 3
    c = pefa001.loc["PI-2.3 expenditure charged to contingency"]
    assert c["value_pct"] == pytest.approx(100 * btt_actual / total_original)
    assert c["band"] == "A"


def test_pi2_by_function_needs_the_original_budget(pefa001):
    # Tabel 2.4 prints only the revised budget by urusan / perangkat daerah: a figure is given
    # on the revised budget but earns no band, and the note says why
    for ind in ("PI-2 composition outturn by function (urusan)",
                "PI-2 composition outturn by administrative head (perangkat daerah)"):
        r = pefa001.loc[ind]
        assert r["budget_basis"] == "revised"
        assert r["band"] is None or (isinstance(r["band"], float) and math.isnan(r["band"]))
        assert "not PEFA-conformant" in r["note"]
        assert r["n_categories"] == 21  # 20 largest heads + one residual line
        assert r["source_table"] == "Tabel 2.4"


def test_document_without_apbd_tables_says_not_enough_data():
    p = pefa_table(table("budget"), "004")
    assert p["value_pct"].isna().all()
    assert p["note"].str.startswith("not enough data").all()
