"""Overseas insets: the DROM and the collectivités d'outre-mer drawn beside metropolitan France.

A national map in their true positions would span the globe, with France a speck. Each
overseas territory is instead moved, shape and points alike, into a framed box in the
Atlantic west of France, at its own scale (named in the box, since Saint-Barthélemy's box
is 300 times closer than the Polynésie's). The move is a plain affine map in Web Mercator,
the projection deck.gl draws, so shapes keep their proportions; it needs no tiles and no
network, and every national map goes through the same ``relocate`` and ``background``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

FRAME_COLOUR = [146, 146, 146, 255]
LABEL_COLOUR = [58, 58, 58, 255]
LABEL_SIZE = 11
LABEL_BAND = 0.55
"""Height (Mercator degrees) kept at the top of each box for its name."""


def mercator_y(latitude: float) -> float:
    """Web Mercator ordinate, in degrees so that it shares its unit with longitude."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))


def latitude_of(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Inset:
    """One overseas territory: where it really is, and the box it is drawn in on national maps.

    ``sources`` are (lon min, lat min, lon max, lat max) boxes around the territory, usually
    one; islands far apart (Wallis and Futuna) get one each, drawn side by side so that
    neither shrinks to a dot. ``box`` is (lon min, Mercator y min, lon max, Mercator y max)
    on the national canvas.
    """

    code: str
    label: str
    sources: tuple[Box, ...]
    box: Box

    def part_of(self, longitude: float, latitude: float) -> int | None:
        """The index of the source box holding the point, or ``None``."""
        for index, (lon_min, lat_min, lon_max, lat_max) in enumerate(self.sources):
            if lon_min <= longitude <= lon_max and lat_min <= latitude <= lat_max:
                return index
        return None

    def contains(self, longitude: float, latitude: float) -> bool:
        return self.part_of(longitude, latitude) is not None

    def _fit(self, part: int) -> tuple[float, float, float]:
        """Scale and translation fitting a source into its share of the box, centred, below the label."""
        lon_min, lat_min, lon_max, lat_max = self.sources[part]
        y_min, y_max = mercator_y(lat_min), mercator_y(lat_max)
        box_x0, box_y0, box_x1, box_y1 = self.box
        margin = 0.15
        share = (box_x1 - box_x0 - 2 * margin) / len(self.sources)
        left = box_x0 + margin + part * share
        width, height = share, box_y1 - box_y0 - LABEL_BAND - margin
        scale = min(width / (lon_max - lon_min), height / (y_max - y_min))
        offset_x = left + (width - scale * (lon_max - lon_min)) / 2 - scale * lon_min
        offset_y = box_y0 + margin + (height - scale * (y_max - y_min)) / 2 - scale * y_min
        return scale, offset_x, offset_y

    def move(self, longitude: float, latitude: float, part: int | None = None) -> tuple[float, float]:
        """The point's place in the box; ``part`` forces the source (a polygon moves as one piece)."""
        found = self.part_of(longitude, latitude) if part is None else part
        scale, offset_x, offset_y = self._fit(found or 0)
        x = scale * longitude + offset_x
        y = scale * mercator_y(latitude) + offset_y
        return round(x, 5), round(latitude_of(y), 5)


def _grid(column: int, row: int) -> tuple[float, float, float, float]:
    """The box of a column (0: farthest west) and row (0: top) of the inset grid west of Brittany."""
    columns, width, height, gap = 3, 4.6, 3.35, 0.2
    top = mercator_y(51.1)
    x1 = -5.9 - (columns - 1 - column) * (width + gap)
    y1 = top - row * (height + gap)
    return (x1 - width, y1 - height, x1, y1)


INSETS: tuple[Inset, ...] = (
    Inset("971", "Guadeloupe", ((-61.85, 15.8, -60.95, 16.55),), _grid(0, 0)),
    Inset("972", "Martinique", ((-61.26, 14.36, -60.78, 14.9),), _grid(1, 0)),
    Inset("973", "Guyane", ((-54.65, 2.08, -51.58, 5.78),), _grid(2, 0)),
    Inset("974", "La Réunion", ((55.19, -21.42, 55.87, -20.85),), _grid(0, 1)),
    Inset("976", "Mayotte", ((44.98, -13.03, 45.33, -12.61),), _grid(1, 1)),
    Inset("975", "Saint-Pierre-et-Miquelon", ((-56.43, 46.72, -56.11, 47.16),), _grid(2, 1)),
    Inset("977", "Saint-Barthélemy", ((-62.9, 17.86, -62.77, 17.95),), _grid(0, 2)),
    Inset("978", "Saint-Martin", ((-63.17, 18.0, -62.98, 18.14),), _grid(1, 2)),
    # Futuna and Alofi, then Wallis (Uvea), 230 km apart: one half of the box each.
    Inset(
        "986",
        "Wallis-et-Futuna",
        ((-178.22, -14.4, -178.0, -14.2), (-176.3, -13.42, -176.1, -13.16)),
        _grid(2, 2),
    ),
    # The Polynésie spreads over an area as large as Europe, where its islands would shrink to
    # dots: the inset shows Tahiti and Moorea, where three quarters of its people live.
    Inset("987", "Polynésie (Tahiti, Moorea)", ((-150.0, -17.9, -149.1, -17.45),), _grid(0, 3)),
    # Matthew and Hunter, claimed by Vanuatu too, lie east of the box and are left out.
    Inset("988", "Nouvelle-Calédonie", ((163.55, -22.75, 168.2, -19.55),), _grid(1, 3)),
)
"""The five DROM, then the six collectivités d'outre-mer, in reading order."""

BY_CODE = {inset.code: inset for inset in INSETS}

NATIONAL_VIEW = pdk.ViewState(
    latitude=round(latitude_of((mercator_y(51.35) + mercator_y(41.1)) / 2), 4),
    longitude=-5.2,
    zoom=4.62,
)
"""Metropolitan France and the inset columns, fitting a 560-pixel-high map (deck.gl's world is
512 pixels wide at zoom 0: about 35 pixels per degree here)."""


def inset_at(longitude: float, latitude: float) -> Inset | None:
    """The inset whose territory holds the point, or ``None`` (metropolitan France, or nowhere known)."""
    for inset in INSETS:
        if inset.contains(longitude, latitude):
            return inset
    return None


def move_point(longitude: float, latitude: float) -> tuple[float, float]:
    """Where a point is drawn on a national map: in its inset if overseas, else where it is."""
    if pd.isna(longitude) or pd.isna(latitude):
        return longitude, latitude
    inset = inset_at(longitude, latitude)
    return inset.move(longitude, latitude) if inset else (longitude, latitude)


def move_geometry(geometry: dict, code: str) -> dict | None:
    """A territory's (multi)polygon moved into its inset; polygons outside its source box are dropped.

    A metropolitan territory comes back unchanged; ``None`` if nothing of it is left to draw.
    """
    inset = BY_CODE.get(code)
    if inset is None:
        return geometry
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    moved = []
    for polygon in polygons:
        part = inset.part_of(*polygon[0][0][:2]) if polygon and polygon[0] else None
        if part is not None:
            moved.append([[list(inset.move(x, y, part)) for x, y, *_ in ring] for ring in polygon])
    if not moved:
        return None
    return {"type": "MultiPolygon", "coordinates": moved}


def relocate(layer: pdk.Layer) -> pdk.Layer:
    """The same layer with its overseas outlines or points moved into their insets.

    Outlines are GeoJSON features with a ``code`` property (a territory); points are rows
    with ``latitude`` and ``longitude``. Other layers are left as they are.
    """
    data = layer.data
    if isinstance(data, dict) and "features" in data:
        features = []
        for feature in data["features"]:
            code = str(feature.get("properties", {}).get("code", ""))
            geometry = move_geometry(feature["geometry"], code)
            if geometry is not None:
                features.append({**feature, "geometry": geometry})
        layer.data = {**data, "features": features}
    elif isinstance(data, list) and data and "latitude" in data[0] and "longitude" in data[0]:
        moved = []
        for row in data:
            longitude, latitude = move_point(row["longitude"], row["latitude"])
            moved.append({**row, "longitude": longitude, "latitude": latitude})
        layer.data = moved
    return layer


def background(codes: set[str] | None = None) -> list[pdk.Layer]:
    """The frames of the insets and their names (all, or those of ``codes``), drawn under the data."""
    shown = [inset for inset in INSETS if codes is None or inset.code in codes]
    frames = [
        {
            "nom": inset.label,
            "path": [
                [x, round(latitude_of(y), 5)]
                for x, y in (
                    (inset.box[0], inset.box[1]),
                    (inset.box[2], inset.box[1]),
                    (inset.box[2], inset.box[3]),
                    (inset.box[0], inset.box[3]),
                    (inset.box[0], inset.box[1]),
                )
            ],
        }
        for inset in shown
    ]
    labels = [
        {
            "nom": inset.label,
            "position": [inset.box[0] + 0.12, round(latitude_of(inset.box[3] - 0.08), 5)],
        }
        for inset in shown
    ]
    characters = "".join(sorted({character for inset in shown for character in inset.label}))
    return [
        pdk.Layer(
            "PathLayer",
            data=frames,
            id="encarts_cadres",
            get_path="path",
            get_color=FRAME_COLOUR,
            width_min_pixels=1,
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            data=labels,
            id="encarts_noms",
            get_position="position",
            get_text="nom",
            get_color=LABEL_COLOUR,
            get_size=LABEL_SIZE,
            size_units="'pixels'",
            get_text_anchor="'start'",
            get_alignment_baseline="'top'",
            character_set=f"'{characters}'",  # quoted: a constant, not a column
            font_family="'Marianne, Arial, sans-serif'",
            pickable=False,
        ),
    ]


def spans_several_places(codes: set[str]) -> bool:
    """Whether territories lie in more than one of metropolitan France and the insets (the COM région)."""
    places = {code if code in BY_CODE else "metropole" for code in codes}
    return len(places) > 1
