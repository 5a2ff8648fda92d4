"""Map builders: pure functions from DataFrames to pydeck layers and decks.

Maps draw the committed outlines themselves (``assets/geo``) and use no base-map
tiles, so that they work in a préfecture meeting room without internet access.
Every national map goes through ``national_deck``, which draws the DROM and the
collectivités d'outre-mer in insets beside metropolitan France (``insets``).
Only the columns a map needs are sent to the browser, to keep payloads small.

Tooltips: the template given to ``deck`` is HTML, its ``{column}`` placeholders are
not. Streamlit's map component HTML-escapes every value it puts in a placeholder, so
names from the store (typed by many hands) show literally, and values must carry
no markup of their own: a line break inside a value is a newline character, which
the tooltip's ``white-space: pre-line`` style shows as one. Never build a template
from store text.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from itertools import pairwise

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard import insets
from dashboard.theme import GRIS_CLAIR, hex_to_rgb
from data_access import reference

FRANCE_VIEW = insets.NATIONAL_VIEW
"""Metropolitan France with the overseas insets beside it."""

MISSING_COLOUR = hex_to_rgb(GRIS_CLAIR)
OUTLINE_COLOUR = [255, 255, 255, 255]
COORDINATE_DECIMALS = 5


@lru_cache(maxsize=1)
def _departement_features() -> dict[str, dict]:
    return {
        feature["properties"]["code"]: feature for feature in reference.departements_geojson()["features"]
    }


@lru_cache(maxsize=8)
def _commune_features(code_departement: str) -> dict[str, dict]:
    features = reference.communes_geojson(code_departement)["features"]
    return {feature["properties"]["code_insee"]: feature for feature in features}


def _feature_collection(features: dict[str, dict], frame: pd.DataFrame, key: str) -> dict:
    """Outlines of the rows of ``frame``, each carrying that row's values as properties."""
    collection = []
    for row in frame.to_dict("records"):
        feature = features.get(str(row[key]))
        if feature is not None:
            properties = {name: _json_value(value) for name, value in row.items()}
            collection.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return {"type": "FeatureCollection", "features": collection}


def _json_value(value: object) -> object:
    """Missing values become ``None`` (JSON ``null``) rather than ``NaN``, which JSON lacks."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _polygon_layer(data: dict, fill_column: str, layer_id: str) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=layer_id,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color=f"properties.{fill_column}",
        get_line_color=OUTLINE_COLOUR,
        line_width_min_pixels=1,
    )


def departements_layer(frame: pd.DataFrame, fill_column: str = "fill") -> pdk.Layer:
    """Outlines of the départements of ``frame`` (column ``code``), filled from ``fill_column``."""
    data = _feature_collection(_departement_features(), frame, "code")
    return _polygon_layer(data, fill_column, "departements")


def communes_layer(code_departement: str, frame: pd.DataFrame, fill_column: str = "fill") -> pdk.Layer:
    """Outlines of the communes of ``frame`` (column ``code_insee``) inside one département.

    Open data outlines no commune of four collectivités d'outre-mer (Nouvelle-Calédonie…): the
    territory's own outline, in the grey of missing data, is drawn instead so the map is not blank.
    """
    features = _commune_features(code_departement)
    if not features and code_departement in _departement_features():
        territory = _departement_features()[code_departement]
        properties = {"nom": territory["properties"]["nom"], "detail": "", fill_column: MISSING_COLOUR}
        data = {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": territory["geometry"], "properties": properties}],
        }
    else:
        data = _feature_collection(features, frame, "code_insee")
    return _polygon_layer(data, fill_column, f"communes_{code_departement}")


def points_layer(
    frame: pd.DataFrame, colour: list[int], radius_m: int = 800, layer_id: str = "points"
) -> pdk.Layer:
    """One dot per row (``latitude``, ``longitude``), with a minimum size so it stays visible zoomed out."""
    data = frame.dropna(subset=["latitude", "longitude"]).copy()
    data[["latitude", "longitude"]] = data[["latitude", "longitude"]].round(COORDINATE_DECIMALS)
    return pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id=layer_id,
        pickable=True,
        get_position=["longitude", "latitude"],
        get_fill_color=colour,
        get_line_color=OUTLINE_COLOUR,
        stroked=True,
        line_width_min_pixels=0.5,
        get_radius=radius_m,
        radius_min_pixels=2.5,
        radius_max_pixels=12,
    )


class CompactDeck(pdk.Deck):
    """A deck whose JSON has no indentation and is written once.

    pydeck indents by 2 spaces, which makes the payload sent to the browser 3 to 4 times
    larger (7,3 Mo instead of 2,1 Mo for the lieux of France); and a deck built once is
    shared by every session (``resources.built``), so its JSON is kept with it.
    """

    def to_json(self) -> str:
        if getattr(self, "_json", None) is None:
            self._json = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return self._json


TOOLTIP_STYLE = {"fontSize": "14px", "backgroundColor": "#161616", "whiteSpace": "pre-line"}
"""``pre-line``: newlines inside (escaped) values break the line, since ``<br>`` in a value would print."""


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip_html: str) -> pdk.Deck:
    """A map without base-map tiles (``map_style=None``): outlines are the background.

    ``tooltip_html`` is a constant template: markup and ``{column}`` placeholders only.
    """
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_style=None,
        tooltip={"html": tooltip_html, "style": TOOLTIP_STYLE},
    )


def national_deck(layers: list[pdk.Layer], tooltip_html: str) -> pdk.Deck:
    """A map of France: overseas outlines and points moved into their insets, framed and named."""
    return deck([*insets.background(), *map(insets.relocate, layers)], FRANCE_VIEW, tooltip_html)


def fitted_deck(layers: list[pdk.Layer], tooltip_html: str) -> pdk.Deck:
    """A map fitting the outlines drawn; territories scattered over the globe (the région of the
    collectivités d'outre-mer) are gathered in their insets first."""
    codes = {
        str(feature["properties"].get("code", ""))
        for layer in layers
        if isinstance(layer.data, dict)
        for feature in layer.data.get("features", [])
    }
    if insets.spans_several_places(codes):
        moved = list(map(insets.relocate, layers))
        return deck([*insets.background(codes), *moved], outline_view(moved), tooltip_html)
    return deck(layers, outline_view(layers), tooltip_html)


def view_for(latitudes: pd.Series, longitudes: pd.Series) -> pdk.ViewState:
    """A view that fits the given points (the whole of France when there are none)."""
    latitudes, longitudes = latitudes.dropna(), longitudes.dropna()
    if latitudes.empty or longitudes.empty:
        return FRANCE_VIEW
    span = max(latitudes.max() - latitudes.min(), (longitudes.max() - longitudes.min()) * 0.7, 0.05)
    zoom = max(3.0, min(11.0, math.log2(360 / span) - 0.8))
    centre_lat = (latitudes.max() + latitudes.min()) / 2
    centre_lon = (longitudes.max() + longitudes.min()) / 2
    return pdk.ViewState(latitude=float(centre_lat), longitude=float(centre_lon), zoom=round(zoom, 2))


def outline_view(layers: list[pdk.Layer]) -> pdk.ViewState:
    """A view fitting the outlines drawn by the GeoJSON layers (France when there are none)."""
    latitudes: list[float] = []
    longitudes: list[float] = []
    for layer in layers:
        data = layer.data if isinstance(layer.data, dict) else {}
        for feature in data.get("features", []):
            for longitude, latitude in _positions(feature["geometry"]["coordinates"]):
                longitudes.append(longitude)
                latitudes.append(latitude)
    return view_for(pd.Series(latitudes, dtype=float), pd.Series(longitudes, dtype=float))


def _positions(coordinates: list) -> list[tuple[float, float]]:
    """Every (longitude, latitude) pair of a (multi)polygon's nested coordinate lists."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [(float(coordinates[0]), float(coordinates[1]))]
    positions: list[tuple[float, float]] = []
    for part in coordinates:
        positions.extend(_positions(part))
    return positions


def legend_html(title: str, entries: list[tuple[str, str]]) -> str:
    """A legend under the map: one coloured swatch per (label, hex colour)."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1.2em;">'
        f'<span style="width:1em;height:1em;background:{colour};border:1px solid #929292;'
        f'display:inline-block;margin-right:0.4em;"></span>{_escape(label)}</span>'
        for label, colour in entries
    )
    return (
        f'<div style="font-size:0.95rem;line-height:1.8;"><strong>{_escape(title)}</strong><br>{items}</div>'
    )


def binned_colours(values: pd.Series, bins: list[float], palette: list[str]) -> pd.Series:
    """Colour of each value by bin (``len(bins) == len(palette) + 1``); missing values in light grey."""
    codes = pd.cut(values, bins=bins, labels=False, include_lowest=True)
    colours = [hex_to_rgb(colour) for colour in palette]
    return pd.Series(
        [MISSING_COLOUR if pd.isna(code) else colours[int(code)] for code in codes],
        index=values.index,
        dtype=object,
    )


def bin_labels(bins: list[float]) -> list[str]:
    """French labels of the bins, e.g. ``0 à 2``, for the legend."""
    return [f"{_short(low)} à {_short(high)}" for low, high in pairwise(bins)]


def _short(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
