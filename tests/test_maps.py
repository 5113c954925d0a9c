"""Tests for analysis.maps: every bundled polygon joins to a Kemendagri code through the
BPS-to-Kemendagri crosswalk, never by reading BPS digits as Kemendagri; maps carry the attribution."""

from __future__ import annotations

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from analysis import maps  # noqa: E402
from analysis.regions import gazetteer, normalise_name  # noqa: E402


@pytest.mark.parametrize("province, code, n", [("Nusa Tenggara Timur", "53", 22), ("Bali", "51", 9)])
def test_every_polygon_joins_to_a_kemendagri_code(province, code, n):
    gdf = maps.load_boundaries(province)
    assert len(gdf) == n and gdf["region_code"].notna().all()
    assert sorted(gdf["region_code"]) == sorted(gazetteer(code)["region_code"])
    # the polygon's own BPS name agrees with the canonical name of the code it joined to
    for bps_name, name in zip(gdf["bps_name"], gdf["region_name"]):
        key = normalise_name(name).replace("kabupaten ", "")
        assert normalise_name(bps_name).replace(" ", "") == key.replace(" ", ""), (bps_name, name)


def test_bps_digits_are_not_read_as_kemendagri():
    gdf = maps.load_boundaries("NTT").set_index("bps_code")
    # SOURCE.md: BPS 5301 is Sumba Barat (Kemendagri 53.12), 5303 Kupang (53.01), 5304 TTS (53.02)
    assert gdf.loc["5301", "region_code"] == "53.12" and gdf.loc["5301", "bps_name"] == "Sumba Barat"
    assert gdf.loc["5303", "region_code"] == "53.01" and gdf.loc["5304", "region_code"] == "53.02"
    assert gdf.loc["5371", "region_code"] == "53.71"


def test_unjoined_polygon_is_an_error_naming_it():
    poly = gpd.GeoDataFrame({"bps_code": ["9999"], "name": ["Nowhere"]}, geometry=[Point(0, 0).buffer(1)])
    with pytest.raises(ValueError, match=r"9999.*Nowhere"):
        maps.join_crosswalk(poly, maps.read_crosswalk(), source="test.geojson")


def test_attribution_is_the_text_of_source_md():
    assert maps.attribution() == (
        "Boundaries: BPS (Statistics Indonesia), WFP and OCHA ROAP, via HDX COD-AB Indonesia and geoBoundaries "
        "(Runfola et al. 2020, PLOS ONE 15(4): e0231866), CC BY 3.0 IGO. Simplified and subset."
    )


def test_choropleth_prints_attribution_and_marks_missing():
    gdf = maps.load_boundaries("NTT")
    fig = maps.choropleth(gdf, pd.Series({"53.71": 2.0, "53.01": 1.0}), title="t", legend_label="x")
    texts = [t.get_text() for t in fig.texts]
    assert maps.attribution() in texts
    legend_texts = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "no data (20)" in legend_texts
    plt.close(fig)
    with pytest.raises(ValueError, match="51.71"):
        maps.choropleth(gdf, pd.Series({"51.71": 1.0}))
