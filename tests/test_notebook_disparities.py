"""notebooks/02_kabupaten_disparities.ipynb runs headless (papermill) with its default parameters
(NTT LKPJ 2023), with an imported regional table (the labelled synthetic fixture
tests/data/synthetic_need_ntt.csv) and for the Bali LKjIP 2024 (no kabupaten tables), and its
outputs hold the numbers printed in document 001."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest
from scipy import stats

from analysis.extract.importer import import_regions

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "02_kabupaten_disparities.ipynb"
SYNTHETIC = ROOT / "tests" / "data" / "synthetic_need_ntt.csv"
REPS = 49


def _run(processed_dir: Path, out: Path, **params) -> str:
    """Execute the notebook; return the Markdown it generated."""
    out.mkdir(parents=True, exist_ok=True)
    executed = out / "executed.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(executed), cwd=str(ROOT), progress_bar=False, kernel_name="python3",
                        parameters={"processed_dir": str(processed_dir), "output_dir": str(out),
                                    "bootstrap_reps": REPS, **params})
    nb = nbformat.read(executed, as_version=4)
    texts = [o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", []) if o.get("output_type") == "display_data" and "text/markdown" in o["data"]]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def ntt(processed_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("nb_ntt")
    return out, _run(processed_dir, out)


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"]["tags"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    src = "".join(code[0]["source"])
    for name in ("processed_dir", "external_dir", "output_dir", "doc_ids", "province", "fiscal_year", "variables",
                 "population_variable", "grouping", "bootstrap_reps", "seed", "imported_variables", "need_variable"):
        assert f"\n{name} = " in "\n" + src, name


def test_default_run_ntt_outputs(ntt):
    out, text = ntt
    pc = pd.read_csv(out / "tables" / "per_capita_allocations.csv", dtype={"region_code": str})
    als = pc[pc["variable"] == "alsintan_total"].set_index("region_code")
    # 001 line 6754 (KAB. MALAKA, Grand Total 95) over Tabel 1.2 line 697 (Malaka 199.780)
    assert als.loc["53.21", "per_capita"] == pytest.approx(95 / 199_780 * 100_000)
    # line 6769 (KOTA KUPANG 75) over line 698 (443.349)
    assert als.loc["53.71", "per_capita"] == pytest.approx(75 / 443_349 * 100_000)
    idx = pd.read_csv(out / "tables" / "inequality_indices.csv")
    row = idx[(idx["variable"] == "alsintan_total") & (idx["index"] == "gini")].iloc[0]
    assert row["n"] == 22 and row["n_missing"] == 0 and row["ci_low"] <= row["estimate"] <= row["ci_high"]
    tex = (out / "tables" / "inequality_indices.tex").read_text(encoding="utf-8")
    assert f"{row['estimate']:.3f}" in tex  # three decimals in the paper table
    for fig in ("map_alsintan_total", "bars_alsintan_total", "lorenz_curves", "theil_decomposition",
                "heatmap_standardised", "map_population", "map_programme_footprint"):
        assert (out / "figures" / f"{fig}.png").is_file() and (out / "figures" / f"{fig}.csv").is_file(), fig
    # generated text: Malaka has the most machinery per inhabitant, 47.552 per 100,000
    assert "highest Kabupaten Malaka (47.552 per 100,000 inhabitants" in text
    assert "22 of 22 kabupaten/kota have a population value" in text and "5,573,515 inhabitants" in text
    fp = pd.read_csv(out / "tables" / "programme_footprint.csv", dtype={"region_code": str})
    assert len(fp) == 22 and fp["activities"].sum() > 0
    # every saved figure is also shown in the notebook (and so in its HTML report)
    nb = nbformat.read(out / "executed.ipynb", as_version=4)
    shown = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                if "image/png" in o.get("data", {}))
    assert shown >= len(list((out / "figures").glob("*.png"))) > 0


def test_run_with_imported_need_variable(processed_dir, tmp_path):
    ext = tmp_path / "external"
    res = import_regions(SYNTHETIC, ext, year=2023, source="SYNTHETIC test data (tests/data/README.md), not real")
    assert res.ok, res.errors
    out = tmp_path / "out"
    text = _run(processed_dir, out, doc_ids=["001"], external_dir=str(ext),
                imported_variables=["synthetic_need_pct"], need_variable="synthetic_need_pct", bootstrap_method="bca",
                klassen_level_variable="synthetic_level", klassen_growth_variable="synthetic_growth_pct")
    need = pd.read_csv(out / "tables" / "need_alignment.csv").set_index("variable")
    # recompute by hand: alsintan per inhabitant from the printed cells vs the synthetic column
    pc = pd.read_csv(out / "tables" / "per_capita_allocations.csv", dtype={"region_code": str})
    als = pc[pc["variable"] == "alsintan_total"].set_index("region_code")["per_capita"]
    syn = pd.read_csv(SYNTHETIC)
    assert syn.loc[syn["Kabupaten/Kota"] == "Malaka", "synthetic_need_pct"].item() == 24.9
    imported = pd.read_csv(ext / "synthetic_need_ntt.csv", dtype={"region_code": str})
    need_col = imported[imported["variable"] == "synthetic_need_pct"].set_index("region_code")["value"]
    rho = stats.spearmanr(als.sort_index(), need_col.reindex(als.sort_index().index)).statistic
    assert need.loc["alsintan_total", "rho"] == pytest.approx(rho) and need.loc["alsintan_total", "n"] == 22
    assert (out / "figures" / "need_scatter_alsintan_total.png").is_file()
    assert "Allocation per inhabitant against synthetic_need_pct: alsintan_total rho" in text
    assert (out / "tables" / "imported_indices.csv").is_file()
    # Klassen: row 1 (Kupang, 53.01) level 17.0, growth 4.5; row 21 (Malaka, 53.21) level 10 + 147 mod 23 = 19.0
    kt = pd.read_csv(out / "tables" / "klassen_typology.csv", dtype={"region_code": str}).set_index("region_code")
    assert kt.loc["53.01", "y"] == 17.0 and kt.loc["53.01", "growth"] == 4.5
    assert kt.loc["53.21", "y"] == 19.0
    assert len(kt) == 22 and set(kt["quadrant"]) <= {"I", "II", "III", "IV"}
    assert "Klassen typology (ties count as high): I " in text


def test_bali_run_says_what_is_missing(processed_dir, tmp_path):
    text = _run(processed_dir, tmp_path, doc_ids=["004"], province="Bali", fiscal_year=2024)
    assert "Not enough data for per-capita analysis" in text
    assert "the selected documents have no per-kabupaten programme tables" in text
    groups = pd.read_csv(tmp_path / "tables" / "groups_island_group.csv", dtype={"region_code": str})
    assert len(groups) == 9


def test_province_without_bundled_boundaries_runs_without_maps(processed_dir, tmp_path):
    # polygons are bundled for NTT and Bali only: for another province the notebook still
    # runs (tables, indices) and says the maps are left out, instead of failing
    text = _run(processed_dir, tmp_path / "jatim", province="Jawa Timur", fiscal_year=2022, grouping="")
    assert "No kabupaten/kota boundaries are bundled for Jawa Timur" in text
    assert not list((tmp_path / "jatim").glob("figures/map_*"))


def test_province_without_grouping_or_boundaries_gives_indices(tmp_path):
    # a Jawa Barat report (no bundled polygons, no island grouping): per-capita allocations and
    # inequality indices come out; the maps and the between/within decomposition are left out
    import hashlib

    from analysis.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [("Kab. Bogor", "5.556.000", "150.000.000.000"), ("Kab. Sukabumi", "2.790.000", "95.000.000.000"),
            ("Kota Bandung", "2.506.000", "60.000.000.000"), ("Kota Banjar", "205.000", "12.000.000.000"),
            ("Kab. Pangandaran", "427.000", "30.000.000.000")]
    text = ("Tabel 1.2 Jumlah Penduduk per Kabupaten/Kota Tahun 2023\n\nNo\tKabupaten/Kota\tJumlah Penduduk (jiwa)\n"
            + "".join(f"{i}\t{n}\t{p}\n" for i, (n, p, _) in enumerate(rows, 1))
            + "\nTabel 3.4 Bantuan Keuangan per Kabupaten/Kota Tahun 2023\n\nNo\tKabupaten/Kota\tBantuan Keuangan (Rp)\n"
            + "".join(f"{i}\t{n}\t{b}\n" for i, (n, _, b) in enumerate(rows, 1)))
    (raw / "jb.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (raw / "manifest.csv").write_text("doc_id,file,sha256,province,fiscal_year,doc_type,entity,title\n"
                                      f"jb1,jb.txt,{sha},Jawa Barat,2023,LKPJ,Pemerintah Provinsi Jawa Barat,x\n",
                                      encoding="utf-8")
    assert main(["extract", "--raw", str(raw), "--out", str(tmp_path / "processed"),
                 "--interim", str(tmp_path / "interim")]) == 0
    out = tmp_path / "nb"
    text = _run(tmp_path / "processed", out, province="Jawa Barat", fiscal_year=2023, doc_ids=["jb1"])
    assert "No island_group grouping is listed for Jawa Barat" in text
    assert "No kabupaten/kota boundaries are bundled for Jawa Barat" in text
    pc = pd.read_csv(out / "tables" / "per_capita_allocations.csv", dtype={"region_code": str})
    banjar = pc[pc["region_code"] == "32.79"].iloc[0]
    # 12,000,000,000 rupiah / 205,000 inhabitants × 100,000
    assert banjar["per_capita"] == pytest.approx(12_000_000_000 / 205_000 * 100_000)
