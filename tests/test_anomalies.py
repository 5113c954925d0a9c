"""Anomaly rules: one case that must fire and one that must not per rule (hand-made frames,
arithmetic in the test), the named examples of the NTT LKPJ (doc 001) at their lines, every
`error` finding on the bundled documents re-derived from its evidence columns alone, and the
`check` command (contract columns, datapackage, byte-identical output)."""

import json

import numpy as np
import pandas as pd
import pytest

from analysis.anomalies import RULES, Tables, rule_table, run_rules
from analysis.cli import main
from analysis.anomalies import ANOMALY_COLUMNS
from conftest import ROOT, RAW

DTYPES = {"doc_id": str, "code": str, "region_code": str}


# ---------------------------------------------------------------------------------------------
# Bundled documents
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed_anomalies")
    assert main(["extract", "--raw", str(RAW), "--out", str(out)]) == 0
    assert main(["check", "--processed", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def findings(processed):
    return pd.read_csv(processed / "anomalies.csv", dtype={"doc_id": str, "row_ids": str,
                                                           "source_lines": str, "evidence": str})


def _at(findings, rule, line, doc="001"):
    f = findings[(findings["doc_id"] == doc) & (findings["rule"] == rule) & (findings["source_line"] == line)]
    assert len(f), f"no {rule} finding at {doc} line {line}"
    return f


def test_known_787_percent_capital_spending(findings):
    # 001 Tabel 1.8 line 873: Belanja Modal Aset Tetap Lainnya 3.072.731.050,00 / 24.198.241.271,00 / 787,52
    f = _at(findings, "realization_above_budget", 873).iloc[0]
    assert f["expected"] == 3072731050 and f["observed"] == 24198241271
    assert f["rupiah_at_stake"] == 24198241271 - 3072731050
    assert "787.52%" in f["message"] and f["severity"] == "warning"


def test_known_biro_perekonomian_121_percent(findings):
    # 001 line 4640: Kebijakan Administrasi Pembangunan, Rp. 69.999.740 vs Rp. 84.724.600 (84,72%)
    f = _at(findings, "pct_mismatch", 4640).iloc[0]
    assert f["entity"] == "Biro Perekonomian dan Administrasi Pembangunan"
    assert f["observed"] == 84.72
    assert abs(f["expected"] - 100 * 84724600 / 69999740) < 1e-4  # 121.0356
    assert f["severity"] == "error"
    # the narrative (line 4593) prints the budget as Rp.99.999.740: the same quantity differs
    g = _at(findings, "value_differs_between_places", 4593).iloc[0]
    assert {g["observed"], g["expected"]} == {99999740.0, 69999740.0}


@pytest.mark.parametrize("line,budget,realization,pct", [
    (5906, 93900000, 88480, 94.23),          # Pengelolaan Mutasi ASN: 88.480 for ~88.480.000
    (5914, 632437300, 59.87, 98.04),         # Pengelolaan Promosi ASN: 'Rp. 59,87'
    (3820, 17015773000, 14816044, 87.07),    # Prasarana Pertanian: 14.816.044 for ~14,8 bn
])
def test_known_thousandfold_realisations(findings, line, budget, realization, pct):
    f = _at(findings, "magnitude_x1000", line).iloc[0]
    assert f["observed"] == realization
    assert abs(f["expected"] - pct * budget / 100) < 0.01
    assert f["expected"] / f["observed"] >= 1000 * 0.99


def test_known_swapped_prose_line_789(findings):
    # 'Pajak Daerah terealisasi sebesar Rp. 1.311.609.133.150,00 atau 88,05 % dari target sebesar
    # Rp 1.154.866.882.416,77': 1.154.866.882.416,77 / 1.311.609.133.150 = 88.05 %
    f = _at(findings, "swapped_values", 789).iloc[0]
    assert abs(100 * 1154866882416.77 / 1311609133150 - 88.05) < 0.005
    assert f["observed"] == 88.05 and f["severity"] == "error"


def test_known_desa_total_tabel_1_1(findings):
    # 001 Tabel 1.1: 63+140+160+266+160+69+158+144+229+147+255+135+145+112+164+68+173+97+159+58+127
    desa = [63, 140, 160, 266, 160, 69, 158, 144, 229, 147, 255, 135, 145, 112, 164, 68, 173, 97, 159, 58, 127]
    assert sum(desa) == 3029
    f = _at(findings, "parts_vs_total", 613)
    f = f[f["subject"].str.contains("desa")].iloc[0]
    assert (f["expected"], f["observed"], f["difference"]) == (3026, 3029, 3)
    # kelurahan (327) and kecamatan (315) add up: no finding for them
    assert not _at(findings, "parts_vs_total", 613)["subject"].str.contains("kelurahan|kecamatan").any()


def test_surplus_labelled_deficit(findings):
    # Tabel 2.1 (001 line 928): 4.916.185.685.870 - 4.895.785.466.821 = +20.400.219.049 (a surplus),
    # yet net financing is printed +20.400.219.049 'to cover the deficit'
    f = _at(findings, "sign_label", 928)
    rev = f[f["subject"].str.contains(r"\(budget\)")].iloc[0]
    assert rev["expected"] == -(4916185685870 - 4895785466821)
    assert rev["observed"] == 20400219049


def _ev(text):
    """Parse 'k=v; k=v' without the module's helper."""
    return dict(part.split("=", 1) for part in str(text).split("; ") if "=" in part)


def _parts(v):
    return [float(x) for x in v.split("+")]


def test_every_error_rederived_from_evidence(findings):
    """Arithmetic from the evidence columns alone; the rule code is not called."""
    errors = findings[findings["severity"] == "error"]
    assert len(errors) >= 10
    for f in errors.to_dict("records"):
        ev = _ev(f["evidence"])
        where = f"{f['rule']} at {f['doc_id']} line {f['source_line']}"
        if f["rule"] in ("pct_mismatch", "swapped_values", "magnitude_x1000"):
            b, r, p = float(ev["budget"]), float(ev["realization"]), float(ev["printed_pct"])
            k, u = int(ev["printed_decimals"]), float(ev["amount_unit"])
            assert ("%.6f" % p).rstrip("0").rstrip(".") == ("%.*f" % (k, p)).rstrip("0").rstrip(".") or k >= 0
            lo_ok, hi_ok = p - 0.5 * 10 ** -k, p + 10 ** -k          # rounded or truncated
            rec_lo = 100 * (r - u / 2) / (b + u / 2)
            rec_hi = 100 * (r + u / 2) / (b - u / 2)
            assert rec_hi < lo_ok or rec_lo > hi_ok, where          # R/B is not what is printed
            if f["rule"] == "pct_mismatch":
                assert abs(f["expected"] - 100 * r / b) < 1e-4 and f["observed"] == p, where
                assert abs(f["difference"] - (p - 100 * r / b)) < 1e-4, where
            elif f["rule"] == "swapped_values":
                s_lo, s_hi = 100 * (b - u / 2) / (r + u / 2), 100 * (b + u / 2) / (r - u / 2)
                assert s_lo <= hi_ok and s_hi >= lo_ok, where        # B/R is what is printed
            else:
                implied = p * b / 100
                assert abs(f["expected"] - implied) < 0.01 and f["observed"] == r, where
                assert implied / r >= 100 or implied / r <= 0.01, where
        elif f["rule"] == "parts_vs_total":
            parts, total = _parts(ev["parts"]), float(ev["total"])
            s = sum(parts)
            assert abs(f["observed"] - s) < 0.01 and f["expected"] == total, where
            assert abs(f["difference"] - (s - total)) < 0.01, where
            assert abs(s - total) > float(ev["tolerance"]), where
            assert abs(s - total) >= 1 or "." in ev["total"], where
        elif f["rule"] == "value_differs_between_places":
            a, c = float(ev["value_here"]), float(ev["value_there"])
            assert f["observed"] == a and f["expected"] == c, where
            assert abs(a - c) > float(ev["tolerance"]), where
        elif f["rule"] == "sign_label":
            rev, exp_, net = float(ev["revenue"]), float(ev["expenditure"]), float(ev["net_financing"])
            surplus = rev - exp_
            assert f["expected"] == -surplus and f["observed"] == net, where
            assert abs(net + surplus) > 1 and abs(net - surplus) <= 1, where   # sign flipped
        else:
            raise AssertionError(f"error rule {f['rule']} has no re-derivation in this test")


def test_rounding_and_truncation_never_error(processed):
    b = pd.read_csv(processed / "budget.csv", dtype=DTYPES)
    f = run_rules(Tables(budget=b), rules=["pct_mismatch", "pct_truncated"])
    errs = f[f["severity"] == "error"]
    for ev in errs["evidence"]:
        e = _ev(ev)
        p, r, bud = float(e["printed_pct"]), float(e["realization"]), float(e["budget"])
        k = int(e["printed_decimals"])
        rec = 100 * r / bud
        assert round(rec, k) != p and not (p <= rec < p + 10 ** -k)


def test_findings_columns_and_messages(findings):
    assert list(findings.columns) == ANOMALY_COLUMNS
    assert set(findings["severity"]) <= {"error", "warning", "info"}
    assert findings["message"].str.contains("needs review").all()
    assert set(findings["rule"]) <= {r.id for r in RULES}
    money = findings[findings["rule"].isin(["pct_mismatch", "magnitude_x1000", "realization_above_budget",
                                            "value_differs_between_places"])]
    assert money["rupiah_at_stake"].notna().all()


def test_check_output_deterministic_and_in_datapackage(processed, tmp_path):
    first = (processed / "anomalies.csv").read_bytes()
    assert main(["check", "--processed", str(processed)]) == 0
    assert (processed / "anomalies.csv").read_bytes() == first
    pkg = json.loads((processed / "datapackage.json").read_text())
    res = {r["name"]: r for r in pkg["resources"]}
    assert [f["name"] for f in res["anomalies"]["schema"]["fields"]] == ANOMALY_COLUMNS
    assert {"budget", "indicators"} <= set(res)


def test_check_rule_selection_and_bad_rule(processed, tmp_path, capsys):
    assert main(["check", "--processed", str(processed), "--out", str(tmp_path),
                 "--rules", "pct_mismatch,swapped_values"]) == 0
    f = pd.read_csv(tmp_path / "anomalies.csv")
    assert set(f["rule"]) == {"pct_mismatch", "swapped_values"}
    assert main(["check", "--processed", str(processed), "--out", str(tmp_path), "--rules", "nope"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_docs_list_every_rule():
    text = (ROOT / "docs" / "anomalies.md").read_text(encoding="utf-8")
    for r in RULES:
        assert f"`{r.id}`" in text, r.id


# ---------------------------------------------------------------------------------------------
# Hand-made cases: each rule fires and does not fire
# ---------------------------------------------------------------------------------------------

def B(rows):
    """Budget frame from dicts with defaults."""
    base = {"doc_id": "T", "fiscal_year": 2023, "entity": "Dinas A", "level": "program", "code": None,
            "parent": None, "budget": np.nan, "realization": np.nan, "reported_pct": np.nan,
            "source_table": "Tabel X", "origin": "table", "value_note": None, "recovered_from_pct": False}
    out = []
    for i, r in enumerate(rows, start=1):
        d = {**base, "name": f"row {i}", "source_line": 10 * i, **r}
        out.append(d)
    return pd.DataFrame(out)


def rules_of(f):
    return list(f["rule"]) if len(f) else []


def test_pct_mismatch_fires_and_rounding_does_not():
    # 84.724.600 / 69.999.740 = 121.04 % printed as 84.72 %
    f = run_rules(Tables(budget=B([{"budget": 69999740, "realization": 84724600, "reported_pct": 84.72}])),
                  rules=["pct_mismatch"])
    assert rules_of(f) == ["pct_mismatch"]
    # 84.724.600 / 99.999.740 = 84.7248 % -> 84.72 (rounded): nothing
    f = run_rules(Tables(budget=B([{"budget": 99999740, "realization": 84724600, "reported_pct": 84.72}])))
    assert "pct_mismatch" not in rules_of(f) and "pct_truncated" not in rules_of(f)
    # 0 decimals: 94.6 % printed as 95 % is rounding
    f = run_rules(Tables(budget=B([{"budget": 1000, "realization": 946, "reported_pct": 95.0}])), rules=["pct_mismatch"])
    assert f.empty


def test_truncation_is_info_not_error():
    # 91.299 / 100 = 91.299 % printed 91.29: truncated (rounding would give 91.30)
    f = run_rules(Tables(budget=B([{"budget": 100000, "realization": 91299, "reported_pct": 91.29}])),
                  rules=["pct_mismatch", "pct_truncated"])
    assert rules_of(f) == ["pct_truncated"] and f["severity"].tolist() == ["info"]
    f = run_rules(Tables(budget=B([{"budget": 100000, "realization": 91299, "reported_pct": 91.3}])),
                  rules=["pct_mismatch", "pct_truncated"])
    assert f.empty


def test_amounts_in_thousands_widen_the_interval():
    # printed in Rp.000: 7.535.604 thousand and 6.330.000 thousand; 6.330.000/7.535.604 = 84.0011 %
    # printed 84.01: with ±500 rupiah on each amount the ratio still cannot reach 84.005 -> mismatch
    note = "amount printed in thousands of rupiah (Rp.000); multiplied by 1000"
    row = {"budget": 7535604000, "realization": 6330000000, "value_note": note}
    assert rules_of(run_rules(Tables(budget=B([{**row, "reported_pct": 84.01}])), rules=["pct_mismatch"])) == ["pct_mismatch"]
    # a tiny budget printed in thousands: 1 thousand vs 0.9 -> ratio interval [0.5/1.5, 1.5/0.5]: anything fits
    tiny = {"budget": 2000, "realization": 1000, "value_note": note, "reported_pct": 70.0}
    assert run_rules(Tables(budget=B([tiny])), rules=["pct_mismatch"]).empty


def test_magnitude_fires_and_correct_amount_does_not():
    # 94,23 % of 93.900.000 = 88.481.970; printed 88.480 (1000 x smaller)
    f = run_rules(Tables(budget=B([{"budget": 93900000, "realization": 88480, "reported_pct": 94.23}])),
                  rules=["magnitude_x1000", "pct_mismatch"])
    assert rules_of(f) == ["magnitude_x1000"]
    f = run_rules(Tables(budget=B([{"budget": 93900000, "realization": 88480000, "reported_pct": 94.23}])),
                  rules=["magnitude_x1000", "pct_mismatch"])
    assert f.empty  # 88.480.000 / 93.900.000 = 94.2279 % -> 94.23


def test_swapped_fires_and_right_order_does_not():
    row = {"budget": 1154866882416.77, "realization": 1311609133150, "reported_pct": 88.05}
    f = run_rules(Tables(budget=B([row])), rules=["swapped_values", "pct_mismatch"])
    assert rules_of(f) == ["swapped_values"]
    row = {"budget": 1311609133150, "realization": 1154866882416.77, "reported_pct": 88.05}
    assert run_rules(Tables(budget=B([row])), rules=["swapped_values", "pct_mismatch"]).empty


def test_parts_vs_total_small_gap_is_error_large_gap_is_partial():
    # programme 753.397.800; kegiatan 400.000.000 + 353.398.000 = 753.398.000 (+200 rupiah)
    rows = [{"name": "Prog", "level": "program", "budget": 753397800},
            {"name": "K1", "level": "kegiatan", "parent": "Prog", "budget": 400000000},
            {"name": "K2", "level": "kegiatan", "parent": "Prog", "budget": 353398000}]
    f = run_rules(Tables(budget=B(rows)), rules=["parts_vs_total", "parts_vs_total_partial"])
    assert rules_of(f) == ["parts_vs_total"] and f.loc[0, "difference"] == 200
    rows[2]["budget"] = 353397800  # 400.000.000 + 353.397.800 = 753.397.800
    assert run_rules(Tables(budget=B(rows)), rules=["parts_vs_total", "parts_vs_total_partial"]).empty
    rows[2]["budget"] = 153397800  # 200 million short: a missing kegiatan could explain it
    f = run_rules(Tables(budget=B(rows)), rules=["parts_vs_total", "parts_vs_total_partial"])
    assert rules_of(f) == ["parts_vs_total_partial"] and f.loc[0, "severity"] == "warning"


def test_table_total_accepts_any_level_that_adds_up():
    # TOTAL 300 = opd rows 100 + 200; urusan rows (double counting) 300 + 300 do not matter
    rows = [{"name": "U1", "level": "urusan", "budget": 300_000_000},
            {"name": "O1", "level": "opd", "parent": "U1", "budget": 100_000_000},
            {"name": "O2", "level": "opd", "parent": "U1", "budget": 200_000_000},
            {"name": "U2", "level": "urusan", "budget": 300_000_000},
            {"name": "TOTAL", "level": "total", "budget": 300_000_000}]
    assert run_rules(Tables(budget=B(rows)), rules=["parts_vs_total", "parts_vs_total_partial"]).empty
    rows[-1]["budget"] = 300_000_050  # no level adds up to it; gap 50 rupiah
    f = run_rules(Tables(budget=B(rows)), rules=["parts_vs_total"])
    assert rules_of(f) == ["parts_vs_total"] and f.loc[0, "source_line"] == 50


def R(values, total, variable="desa", unit="count"):
    rows = [{"doc_id": "T", "province": "P", "year": 2023, "region_code": f"53.0{i}", "region_name": f"K{i}",
             "region_type": "kabupaten", "variable": variable, "value": v, "unit": unit,
             "source_table": "Tabel 1.1", "source_line": 10 + i} for i, v in enumerate(values, start=1)]
    rows.append({"doc_id": "T", "province": "P", "year": 2023, "region_code": "53", "region_name": "P",
                 "region_type": "province", "variable": variable, "value": total, "unit": unit,
                 "source_table": "Tabel 1.1", "source_line": 99})
    return pd.DataFrame(rows)


def test_region_totals():
    assert rules_of(run_rules(Tables(regions=R([63, 140, 160], 360)), rules=["parts_vs_total"])) == ["parts_vs_total"]
    assert run_rules(Tables(regions=R([63, 140, 160], 363)), rules=["parts_vs_total"]).empty
    # an average row (mean of 1.5, 2.5 = 2.0) and a percentage column are not totals
    assert run_rules(Tables(regions=R([1.5, 2.5], 2.0, "yield_ton_per_ha", "ton/ha")), rules=["parts_vs_total"]).empty
    # one-decimal values: 72.95 + 33.53 + 77.05 = 183.53 against 182.15
    f = run_rules(Tables(regions=R([72.95, 33.53, 77.05], 182.15, "production_ton", "ton")), rules=["parts_vs_total"])
    assert abs(f.loc[0, "difference"] - 1.38) < 1e-9


def test_realization_above_budget_only_for_spending():
    f = run_rules(Tables(budget=B([{"level": "expenditure_type", "budget": 3072731050, "realization": 24198241271}])),
                  rules=["realization_above_budget"])
    assert rules_of(f) == ["realization_above_budget"] and f.loc[0, "rupiah_at_stake"] == 21125510221
    assert run_rules(Tables(budget=B([{"level": "revenue", "budget": 1751596000, "realization": 3183251000}])),
                     rules=["realization_above_budget"]).empty
    assert run_rules(Tables(budget=B([{"level": "program", "budget": 100, "realization": 99}])),
                     rules=["realization_above_budget"]).empty


def I(rows):
    base = {"doc_id": "T", "fiscal_year": 2023, "entity": "Dinas A", "level": "sasaran", "unit": "%",
            "polarity": "positive", "year_role": "reporting year", "source_table": "3.1.1"}
    return pd.DataFrame([{**base, "indicator": f"ind {i}", "source_line": 100 + i, **r}
                         for i, r in enumerate(rows, start=1)])


def test_achievement_absorption_gap():
    b = B([{"level": "opd", "name": "Dinas A", "budget": 1000, "realization": 238}])  # 23.8 %
    i = I([{"achievement_pct": 100.0}, {"achievement_pct": 120.0}, {"achievement_pct": 100.0}])
    f = run_rules(Tables(budget=b, indicators=i), rules=["achievement_absorption_gap"])
    assert rules_of(f) == ["achievement_absorption_gap"] and f.loc[0, "observed"] == 100.0
    b2 = B([{"level": "opd", "name": "Dinas A", "budget": 1000, "realization": 900}])
    assert run_rules(Tables(budget=b2, indicators=i), rules=["achievement_absorption_gap"]).empty
    # the OPD row says 23.8 % but the agency's programmes say 90 %: the measures disagree, no finding
    b4 = B([{"level": "opd", "name": "Dinas A", "budget": 1000, "realization": 238, "source_line": 10},
            {"level": "program", "name": "P1", "budget": 5000, "realization": 4500, "source_line": 20}])
    assert run_rules(Tables(budget=b4, indicators=i), rules=["achievement_absorption_gap"]).empty
    # the reverse: absorption 100 % with median achievement 40 %
    b3 = B([{"level": "opd", "name": "Dinas A", "budget": 1000, "realization": 1000}])
    i3 = I([{"achievement_pct": 40.0}, {"achievement_pct": 30.0}])
    assert rules_of(run_rules(Tables(budget=b3, indicators=i3), rules=["achievement_absorption_gap"])) == \
        ["achievement_absorption_gap"]


def test_value_differs_between_places():
    rows = [{"name": "Prog", "budget": 69999740, "realization": 84724600, "source_line": 4640},
            {"name": "Prog", "origin": "narrative", "source_table": "narrative", "budget": 99999740,
             "realization": 84724600, "source_line": 4593,
             "value_note": "differs from Tabel X line 4640 (realisation equal)"}]
    f = run_rules(Tables(budget=B(rows)), rules=["value_differs_between_places"])
    assert rules_of(f) == ["value_differs_between_places"] and f.loc[0, "difference"] == 30000000
    rows[1]["budget"] = 69999740
    assert run_rules(Tables(budget=B(rows)), rules=["value_differs_between_places"]).empty
    # the same link through duplicate_of (agencies branch)
    rows[1]["budget"] = 99999740
    rows[1]["value_note"] = None
    df = B(rows).assign(duplicate_of=["", "T-L4640"])
    assert rules_of(run_rules(Tables(budget=df), rules=["value_differs_between_places"])) == \
        ["value_differs_between_places"]


def test_indicator_value_differs():
    i = I([{"indicator": "Kunjungan wisman", "target": 50000.0}, {"indicator": "Kunjungan wisman", "target": 100000.0}])
    assert rules_of(run_rules(Tables(indicators=i), rules=["indicator_value_differs"])) == ["indicator_value_differs"]
    i = I([{"indicator": "Kunjungan wisman", "target": 50000.0}, {"indicator": "Kunjungan wisman", "target": 50000.0}])
    assert run_rules(Tables(indicators=i), rules=["indicator_value_differs"]).empty


def test_achievement_mismatch():
    # 92.11 / 88.30 = 104.31 % printed 107.59 %
    i = I([{"target": 88.3, "actual": 92.11, "reported_achievement_pct": 107.59}])
    assert rules_of(run_rules(Tables(indicators=i), rules=["achievement_mismatch"])) == ["achievement_mismatch"]
    # 3.68 / 7 = 52.57 % but 3.68 stands for [3.675, 3.685] -> 52.50..52.64: 52.53 is rounding
    i = I([{"target": 7.0, "actual": 3.68, "reported_achievement_pct": 52.53}])
    assert run_rules(Tables(indicators=i), rules=["achievement_mismatch"]).empty
    # negative indicator, inverse ratio: 10 / 12.5 = 80 %
    i = I([{"target": 10.0, "actual": 12.5, "reported_achievement_pct": 80.0, "polarity": "negative"}])
    assert run_rules(Tables(indicators=i), rules=["achievement_mismatch"]).empty
    # a negative realisation (growth of -3,14 against 3; Disperindag Jabar LKIP 2016 line 703):
    # -3.14 / 3 = -104.667 %, printed -104,66 (truncated towards zero). It was flagged: the
    # interval of the ratio was built for positive values only
    i = I([{"target": 3.0, "actual": -3.14, "reported_achievement_pct": -104.66}])
    assert run_rules(Tables(indicators=i), rules=["achievement_mismatch"]).empty
    i = I([{"target": 3.0, "actual": -3.14, "reported_achievement_pct": 104.66}])  # the sign lost
    assert rules_of(run_rules(Tables(indicators=i), rules=["achievement_mismatch"])) == ["achievement_mismatch"]


def test_sign_label():
    rows = [{"name": "PENDAPATAN", "level": "revenue", "budget": 4916185685870},
            {"name": "BELANJA DAERAH", "level": "expenditure_type", "budget": 4895785466821},
            {"name": "Pembiayaan Netto", "level": "financing", "budget": 20400219049}]
    f = run_rules(Tables(budget=B(rows)), rules=["sign_label"])
    assert rules_of(f) == ["sign_label"] and f.loc[0, "expected"] == -20400219049
    rows[2]["budget"] = -20400219049
    assert run_rules(Tables(budget=B(rows)), rules=["sign_label"]).empty


def test_malformed_and_recovered():
    note = "realisation malformed 'Rp. 6.1249.934.780,-' (digit groups of irregular size); recovered from printed 66.07% × budget"
    f = run_rules(Tables(budget=B([{"budget": 100, "realization": 66.07, "value_note": note, "recovered_from_pct": True}])),
                  rules=["malformed_number", "recovered_from_pct"])
    assert sorted(rules_of(f)) == ["malformed_number", "recovered_from_pct"]
    assert "6.1249.934.780" in f.loc[f["rule"] == "malformed_number", "subject"].iloc[0]
    assert run_rules(Tables(budget=B([{"budget": 100, "realization": 66}])),
                     rules=["malformed_number", "recovered_from_pct"]).empty
    sk = pd.DataFrame({"doc_id": ["T"], "source_line": [6510], "raw_text": ["370,,20"],
                       "reason": ["malformed number (column 'Puso': '370,,20'; malformed number: doubled separator)"]})
    assert rules_of(run_rules(Tables(skipped=sk), rules=["malformed_number"])) == ["malformed_number"]


def test_repeated_amount():
    rows = [{"entity": "Dinas A", "name": "Belanja X", "budget": 9e7, "realization": 61859439},
            {"entity": "Dinas B", "name": "Program Y", "budget": 8e7, "realization": 61859439}]
    assert rules_of(run_rules(Tables(budget=B(rows)), rules=["repeated_amount"])) == ["repeated_amount"]
    # a programme and its only kegiatan carry the same amount: related, not repeated
    rows = [{"name": "Program Y", "budget": 8e7, "realization": 61859439},
            {"name": "Kegiatan Z", "parent": "Program Y", "level": "kegiatan", "budget": 8e7, "realization": 61859439}]
    assert run_rules(Tables(budget=B(rows)), rules=["repeated_amount"]).empty
    # round amounts repeat by design
    rows = [{"entity": "Dinas A", "name": "X", "realization": 50_000_000},
            {"entity": "Dinas B", "name": "Y", "realization": 50_000_000}]
    assert run_rules(Tables(budget=B(rows)), rules=["repeated_amount"]).empty


def test_round_share():
    odd = [123_456_789 + 1_001 * k for k in range(20)]
    rnd = [50_000_000 * (k + 1) for k in range(10)]
    f = run_rules(Tables(budget=B([{"realization": v} for v in odd + rnd])), rules=["round_share"])
    assert rules_of(f) == ["round_share"] and f.loc[0, "observed"] == 10
    assert run_rules(Tables(budget=B([{"realization": v} for v in odd + odd])), rules=["round_share"]).empty


def test_digit_rules():
    # 200 realisations all starting with 5 or 6: far from Benford
    bad = [5_123_457 + 3_917 * k for k in range(100)] + [61_234_567 + 7_919 * k for k in range(100)]
    f = run_rules(Tables(budget=B([{"realization": v} for v in bad])), rules=["benford_first_digit"],
                  params={"reps": 2000})
    assert rules_of(f) == ["benford_first_digit"]
    # a sample built to follow Benford's first-digit proportions (1000 values)
    d = np.arange(1, 10)
    counts = np.round(np.log10(1 + 1 / d) * 1000).astype(int)
    good = [int(dig * 10**7 + 12_347 * k) for dig, c in zip(d, counts) for k in range(c)]
    assert run_rules(Tables(budget=B([{"realization": v} for v in good])), rules=["benford_first_digit"],
                     params={"reps": 2000}).empty
    # below the minimum sample: no finding whatever the digits
    assert run_rules(Tables(budget=B([{"realization": v} for v in bad[:50]])), rules=["benford_first_digit"]).empty
    # last two digits: 400 amounts all ending in 00 vs amounts cycling through 00..99
    ends00 = [1_234_500 + 700 * k for k in range(400)]
    uniform = [1_234_500 + 101 * k for k in range(400)]
    assert rules_of(run_rules(Tables(budget=B([{"realization": v} for v in ends00])), rules=["last_two_digits"],
                              params={"reps": 2000})) == ["last_two_digits"]
    assert run_rules(Tables(budget=B([{"realization": v} for v in uniform])), rules=["last_two_digits"],
                     params={"reps": 2000}).empty
    # first two digits: 400 amounts starting with 55
    f = run_rules(Tables(budget=B([{"realization": 55_000_000 + 1_013 * k} for k in range(400)])),
                  rules=["benford_first_two"], params={"reps": 2000})
    assert rules_of(f) == ["benford_first_two"]


def test_robust_outlier():
    # 12 programmes at 94..97 % absorption and one at 20 %
    rows = [{"budget": 1000, "realization": 940 + 3 * (k % 10)} for k in range(12)]
    rows.append({"budget": 1000, "realization": 200, "name": "odd one"})
    f = run_rules(Tables(budget=B(rows)), rules=["robust_outlier"])
    assert rules_of(f) == ["robust_outlier"] and f.loc[0, "observed"] == 20.0
    assert run_rules(Tables(budget=B(rows[:12])), rules=["robust_outlier"]).empty


def test_bunching_at_100():
    spread = [80 + 2 * k for k in range(20)]  # 80, 82, ..., 118 (one value, 100, in the 100 bin)
    i = I([{"achievement_pct": float(v)} for v in spread + [100.0] * 12])
    f = run_rules(Tables(indicators=i), rules=["bunching_at_100"])
    assert rules_of(f) == ["bunching_at_100"] and f.loc[0, "observed"] == 13
    assert run_rules(Tables(indicators=I([{"achievement_pct": float(v)} for v in spread])),
                     rules=["bunching_at_100"]).empty


def test_registry_is_complete_and_documented():
    t = rule_table()
    assert t["id"].is_unique and set(t["severity"]) <= {"error", "warning", "info"}
    assert (t["description"].str.len() > 10).all() and (t["source"].str.len() > 3).all()
    for rule_id in ("pct_mismatch", "parts_vs_total", "realization_above_budget", "achievement_absorption_gap",
                    "value_differs_between_places", "magnitude_x1000", "swapped_values", "sign_label",
                    "recovered_from_pct", "malformed_number", "repeated_amount", "round_share",
                    "benford_first_digit", "benford_first_two", "last_two_digits", "robust_outlier",
                    "bunching_at_100"):
        assert rule_id in set(t["id"])


def test_missing_optional_columns_and_tables():
    # no entity_id / duplicate_of / value_note / origin columns, no indicators or regions
    b = pd.DataFrame({"doc_id": ["T"], "entity": ["A"], "level": ["program"], "name": ["P"], "parent": [None],
                      "budget": [100.0], "realization": [50.0], "reported_pct": [60.0],
                      "source_table": ["X"], "source_line": [1]})
    f = run_rules({"budget": b})
    assert rules_of(f) == ["pct_mismatch"] and f.loc[0, "row_ids"] == "T-L1"
    assert run_rules(Tables()).empty


def test_sentence_restating_a_table_row_with_one_amount_changed():
    # 001 L4593 restates L4640: realisation 84.724.600 equal, budget 99.999.740 vs 69.999.740
    rows = [{"name": "Kebijakan Administrasi Pembangunan", "budget": 69999740, "realization": 84724600,
             "source_line": 4640},
            {"name": "Program Kebijakan Administrasi Pembangunan", "origin": "narrative",
             "source_table": "narrative", "budget": 99999740, "realization": 84724600, "source_line": 4593}]
    f = run_rules(Tables(budget=B(rows)), rules=["value_differs_between_places"])
    assert rules_of(f) == ["value_differs_between_places"]
    assert (f.loc[0, "observed"], f.loc[0, "expected"]) == (99999740, 69999740)
    # an unrelated name and a round equal amount: not the same line
    rows[1].update(name="Belanja Pegawai", entity="Dinas B", realization=84000000)
    rows[0].update(realization=84000000)
    assert run_rules(Tables(budget=B(rows)), rules=["value_differs_between_places"]).empty


def test_sentence_repeating_a_table_row_is_checked_once():
    # Tabel 1.8 L873 and its retelling L845 (same amounts, same 787,52 %): one overspend finding
    rows = [{"name": "Belanja Modal Aset Tetap Lainnya", "level": "expenditure_type", "budget": 3072731050,
             "realization": 24198241271, "reported_pct": 787.52, "source_line": 873},
            {"name": "Belanja Modal Aset Tetap Lainnya", "level": "expenditure_type", "origin": "narrative",
             "source_table": "narrative", "budget": 3072731050, "realization": 24198241271,
             "reported_pct": 787.52, "source_line": 845}]
    f = run_rules(Tables(budget=B(rows)), rules=["realization_above_budget", "pct_mismatch"])
    assert rules_of(f) == ["realization_above_budget"] and f.loc[0, "source_line"] == 873
    # the retelling prints another percentage: that line is checked on its own
    rows[1]["reported_pct"] = 78.75
    f = run_rules(Tables(budget=B(rows)), rules=["pct_mismatch"])
    assert rules_of(f) == ["pct_mismatch"] and f.loc[0, "source_line"] == 845


def test_study_modules_do_no_io():
    """Layering: the study imports only pandas/numpy/scipy/statsmodels and analysis.contract
    (and its own digits module), never extract, io, reporting or cli."""
    import ast

    for name in ("anomalies.py", "digits.py"):
        tree = ast.parse((ROOT / "src" / "analysis" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                mod = ("." * node.level) + (node.module or "")
                assert mod in (".contract", ".digits", "__future__", "collections.abc", "dataclasses",
                               "difflib", "scipy"), (name, mod)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    assert a.name.split(".")[0] in ("math", "re", "numpy", "pandas", "scipy"), (name, a.name)


@pytest.mark.parametrize("params", [
    {"doc_ids": ["001"], "province": "Nusa Tenggara Timur", "fiscal_year": 2023},
    {"doc_ids": ["004"], "province": "Bali", "fiscal_year": 2024},
])
def test_notebook_runs_headless(processed, tmp_path, params):
    papermill = pytest.importorskip("papermill")
    import nbformat

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "03_anomalies.ipynb"), str(out), cwd=str(ROOT), progress_bar=False,
        parameters={**params, "processed_dir": str(processed), "output_dir": str(tmp_path / "report"),
                    "raw_dir": str(RAW), "digit_test_reps": 500})
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    tables = {p.name for p in (tmp_path / "report" / "tables").iterdir()}
    assert {"anomaly_counts.csv", "anomaly_counts.tex", "anomaly_findings.csv", "anomaly_findings.tex",
            "agency_quality.csv", "digit_tests.csv"} <= tables
    findings = pd.read_csv(tmp_path / "report" / "tables" / "anomaly_findings.csv", dtype={"document": str})
    assert set(findings["document"]) <= set(params["doc_ids"])


def test_committed_notebook_has_no_outputs():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "03_anomalies.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)


def test_recovered_values_are_not_summed():
    # 001 L2255: the programme budget 'Rp.249,999.400,-' is malformed and was recomputed from the
    # realisation and the printed 8.89 %: 250.072.553,43 is approximate, so no parts-vs-total error on
    # the budget; its realisation (printed) is still checked
    note = "budget malformed 'Rp.249,999.400,-'; recovered from realisation ÷ printed 8.89%"
    rows = [{"name": "Prog", "budget": 250072553.43, "realization": 22231250, "recovered_from_pct": True,
             "value_note": note},
            {"name": "K1", "level": "kegiatan", "parent": "Prog", "budget": 249998540, "realization": 22231350}]
    f = run_rules(Tables(budget=B(rows)), rules=["parts_vs_total", "parts_vs_total_partial"])
    assert f["subject"].tolist() == ["Prog: realisation vs sum of children"] and f.loc[0, "difference"] == 100


def test_named_examples_survive_duplicate_marking_and_agency_ids(processed):
    """With duplicate_of and entity_id filled in by the data layer (agencies branch), the named
    examples are still found at their lines and every error still re-derives (same test above)."""
    dup = pytest.importorskip("analysis.extract.duplicates")
    ag = pytest.importorskip("analysis.agencies")
    from analysis.loaders import read_table

    b = read_table("budget", processed)
    i = read_table("indicators", processed)
    b = ag.assign_entity_ids(b.drop(columns=["entity_id"]))[0]
    i = ag.assign_entity_ids(i.drop(columns=["entity_id"]))[0]
    b = dup.mark_duplicates_budget(b.drop(columns=["duplicate_of"]))
    i = dup.mark_duplicates_indicators(i.drop(columns=["duplicate_of"]))
    assert (b["duplicate_of"] != "").sum() > 0
    f = run_rules(Tables(budget=b, indicators=i, regions=read_table("regions", processed)))
    for rule, line in [("realization_above_budget", 873), ("pct_mismatch", 4640), ("magnitude_x1000", 5906),
                       ("magnitude_x1000", 5914), ("magnitude_x1000", 3820), ("swapped_values", 789),
                       ("parts_vs_total", 613), ("value_differs_between_places", 4593), ("sign_label", 928)]:
        assert ((f["doc_id"] == "001") & (f["rule"] == rule) & (f["source_line"] == line)).any(), (rule, line)
    # the sentence L845 retelling Tabel 1.8's 787,52 % is not a second overspend finding
    over = f[f["rule"] == "realization_above_budget"]
    assert 845 not in set(over["source_line"]) and 873 in set(over["source_line"])
    test_every_error_rederived_from_evidence(f.assign(evidence=f["evidence"].astype(str)))


def test_unknown_parameters_are_refused():
    b = B([{"budget": 100, "realization": 50, "reported_pct": 60.0}])
    with pytest.raises(ValueError, match="robust_outlier.*threshhold"):
        run_rules(Tables(budget=b), params={"robust_outlier": {"threshhold": 5}})
    with pytest.raises(ValueError, match="no rule has a parameter 'sed'"):
        run_rules(Tables(budget=b), params={"sed": 1})
    # a parameter of rules that are not selected is harmless (seed for the digit tests)
    assert len(run_rules(Tables(budget=b), rules=["pct_mismatch"], params={"seed": 1})) == 1
    assert len(run_rules(Tables(budget=b), rules=["pct_mismatch"], params={"magnitude_min_log10": 3})) == 1


def test_amounts_in_millions_widen_the_interval_by_their_unit():
    # printed in millions: 1.250 and 1.100 million stand for ±0.5 million each, so a printed
    # 88.05 % (1.1005/1.2495 ≈ 88.07 at the edge) is rounding, not a mismatch
    note = "amounts printed in millions of rupiah (juta rp); multiplied by 1,000,000"
    row = {"budget": 1_250_000_000, "realization": 1_100_000_000, "value_note": note, "reported_pct": 88.05}
    assert run_rules(Tables(budget=B([row])), rules=["pct_mismatch"]).empty
    # the same amounts printed in rupiah: 88.00 exactly, 88.05 is a mismatch
    plain = {**row, "value_note": ""}
    assert rules_of(run_rules(Tables(budget=B([plain])), rules=["pct_mismatch"])) == ["pct_mismatch"]
