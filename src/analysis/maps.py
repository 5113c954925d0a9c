"""Kabupaten/kota maps: boundary loading (file I/O) and pure choropleth drawing.

The boundaries are the BPS 2020 ADM2 polygons of NTT and Bali bundled in
``analysis/reference/boundaries/`` with their licence notice (``SOURCE.md``, CC BY 3.0 IGO).
They carry **BPS** codes, which differ from the Kemendagri codes used everywhere in this project
(BPS 5303 is Kabupaten Kupang, Kemendagri 53.01): :func:`join_crosswalk` joins them through the
reviewed crosswalk ``reference/bps_kemendagri.csv`` and never reads BPS digits as a Kemendagri
code. :func:`load_boundaries` reads the files (this module is outside the studies, so it may do
I/O); :func:`choropleth` draws on a GeoDataFrame and prints :func:`attribution` under every map.

Examples
--------
>>> gdf = load_boundaries("NTT")
>>> len(gdf), gdf.set_index("bps_code").loc["5303", "region_code"]
(22, '53.01')
"""

from __future__ import annotations

import functools
import re

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import reference
from analysis.regions import province_code

__all__ = ["BOUNDARY_FILES", "CROSSWALK", "attribution", "read_crosswalk", "join_crosswalk", "has_boundaries", "load_boundaries",
           "choropleth"]

BOUNDARY_FILES: dict[str, str] = {"53": "boundaries/ntt_kabkota.geojson", "51": "boundaries/bali_kabkota.geojson"}
"""Bundled boundary file per Kemendagri province code."""

CROSSWALK = "bps_kemendagri.csv"
"""Reference file mapping BPS kabupaten codes to Kemendagri codes."""

NO_DATA_COLOUR = "#d9d9d9"
MAP_WIDTH = 7.0  # inches; the height follows the province's extent


@functools.lru_cache(maxsize=1)
def attribution() -> str:
    """The attribution to print under every map, as given in ``boundaries/SOURCE.md``.

    Examples
    --------
    >>> attribution().startswith("Boundaries: BPS (Statistics Indonesia)")
    True
    """
    file = reference.path("boundaries/SOURCE.md")
    text = file.read_text(encoding="utf-8")
    m = re.search(r"print under every map:\s*\n((?:>.*\n?)+)", text)
    if m is None:
        raise ValueError(f"{file}: no attribution block ('> ...' lines after 'print under every map:')")
    return " ".join(line.lstrip(">").strip() for line in m.group(1).splitlines()).strip()


def read_crosswalk() -> pd.DataFrame:
    """The BPS-to-Kemendagri crosswalk ``reference/bps_kemendagri.csv`` (all columns as text).

    Examples
    --------
    >>> read_crosswalk().set_index("bps_code").loc["5301", "region_code"]
    '53.12'
    """
    file = reference.path(CROSSWALK)
    cw = pd.read_csv(file, dtype=str, keep_default_na=False)
    need = {"bps_code", "region_code", "region_name"}
    if not need <= set(cw.columns):
        raise ValueError(f"{file}: needs columns {sorted(need)}, has {list(cw.columns)}")
    for col in ("bps_code", "region_code"):
        dup = cw[cw[col].duplicated()][col].tolist()
        if dup:
            raise ValueError(f"{file}: {col} listed twice: {dup}")
    return cw


def join_crosswalk(polygons: gpd.GeoDataFrame, crosswalk: pd.DataFrame, source: str = "boundaries") -> gpd.GeoDataFrame:
    """Give each polygon its Kemendagri ``region_code`` through the crosswalk (pure).

    Every polygon must join: an unmatched ``bps_code`` raises :class:`ValueError` naming it and
    ``source``. Returns the polygons with ``region_code``, ``region_name`` (canonical Kemendagri
    name), ``bps_code``, ``bps_name`` and ``geometry``, sorted by ``region_code``.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> poly = gpd.GeoDataFrame({"bps_code": ["5303"], "name": ["Kupang"]}, geometry=[Point(0, 0).buffer(1)])
    >>> join_crosswalk(poly, read_crosswalk())[["bps_code", "region_code"]].values.tolist()
    [['5303', '53.01']]
    """
    cw = crosswalk[["bps_code", "region_code", "region_name"]]
    merged = polygons.merge(cw, on="bps_code", how="left", validate="one_to_one")
    missing = merged[merged["region_code"].isna()]
    if len(missing):
        raise ValueError(
            f"{source}: {len(missing)} polygon(s) with no row in the crosswalk {CROSSWALK}: "
            f"bps_code {missing['bps_code'].tolist()} (names {missing['name'].tolist()})"
        )
    out = merged.rename(columns={"name": "bps_name"})[["region_code", "region_name", "bps_code", "bps_name", "geometry"]]
    return gpd.GeoDataFrame(out, geometry="geometry", crs=polygons.crs).sort_values("region_code").reset_index(drop=True)


def has_boundaries(province: str) -> bool:
    """Whether polygons of ``province`` are bundled (NTT and Bali).

    Examples
    --------
    >>> has_boundaries("NTT"), has_boundaries("Jawa Timur")
    (True, False)
    """
    return province_code(province) in BOUNDARY_FILES


def load_boundaries(province: str) -> gpd.GeoDataFrame:
    """Kabupaten/kota polygons of a province with Kemendagri codes (reads the bundled GeoJSON).

    Parameters
    ----------
    province : str
        ``'53'``, ``'Nusa Tenggara Timur'``, ``'NTT'``, ``'51'``, ``'Bali'``.

    Raises
    ------
    ValueError
        For a province without bundled boundaries, or a polygon that does not join.
    """
    code = province_code(province)
    if code not in BOUNDARY_FILES:
        raise ValueError(f"no bundled boundaries for province {province!r} (have codes {sorted(BOUNDARY_FILES)})")
    file = reference.path(BOUNDARY_FILES[code])
    polygons = gpd.read_file(file)
    polygons["bps_code"] = polygons["bps_code"].astype(str)
    return join_crosswalk(polygons, read_crosswalk(), source=str(file))


def choropleth(
    boundaries: gpd.GeoDataFrame,
    values: pd.Series,
    title: str = "",
    legend_label: str = "",
    cmap: str = "viridis",
    ax: plt.Axes | None = None,
    credit: str | None = None,
) -> Figure:
    """Choropleth of per-kabupaten values (pure: draws, reads no file).

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        From :func:`load_boundaries` (column ``region_code``).
    values : pandas.Series
        Indexed by Kemendagri region code. Polygons without a value are drawn grey and listed in
        the legend as "no data"; values for codes with no polygon raise :class:`ValueError`.
    credit : str, optional
        Text printed under the map; defaults to :func:`attribution` (the licence requires it).

    Examples
    --------
    >>> gdf = load_boundaries("Bali")
    >>> fig = choropleth(gdf, pd.Series({"51.71": 1.0, "51.03": 2.0}), title="x")
    >>> any(attribution() in t.get_text() for t in fig.texts)
    True
    >>> plt.close(fig)
    """
    extra = sorted(set(values.index) - set(boundaries["region_code"]))
    if extra:
        raise ValueError(f"values for region codes with no polygon: {extra}")
    gdf = boundaries.copy()
    gdf["value"] = gdf["region_code"].map(values).astype(float)
    if ax is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        aspect = (maxy - miny) / (maxx - minx) if maxx > minx else 1.0
        created = True
        fig, ax = plt.subplots(figsize=(MAP_WIDTH, min(MAP_WIDTH * aspect * 0.8 + 0.9, 1.5 * MAP_WIDTH)))
    else:
        created = False
        fig = ax.figure
    have = gdf[gdf["value"].notna()]
    none = gdf[gdf["value"].isna()]
    if len(have):
        have.plot(column="value", cmap=cmap, ax=ax, edgecolor="white", linewidth=0.4, legend=True,
                  legend_kwds={"label": legend_label, "shrink": 0.7})
    if len(none):
        none.plot(ax=ax, color=NO_DATA_COLOUR, edgecolor="white", linewidth=0.4, hatch="///")
        ax.legend(handles=[Patch(facecolor=NO_DATA_COLOUR, hatch="///", label=f"no data ({len(none)})")],
                  loc="lower left", fontsize="small", frameon=False)
    ax.set_axis_off()
    ax.set_aspect("equal")
    if created:
        fig.subplots_adjust(left=0.02, right=0.98, top=0.92, bottom=0.1)
    if title:
        ax.set_title(title)
    fig.text(0.01, 0.01, credit if credit is not None else attribution(), fontsize=5.5, ha="left", va="bottom",
             wrap=True)
    return fig
