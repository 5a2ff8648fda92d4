"""Overseas insets of the national maps: every DROM and COM lands in its framed box."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import insets, maps
from data_access import reference

OVERSEAS = ["971", "972", "973", "974", "976", "975", "977", "978", "986", "987", "988"]


def inside_box(inset: insets.Inset, longitude: float, latitude: float) -> bool:
    x0, y0, x1, y1 = inset.box
    return x0 <= longitude <= x1 and y0 - 1e-6 <= insets.mercator_y(latitude) <= y1 + 1e-6


def test_one_inset_per_drom_and_participating_com_and_boxes_do_not_overlap() -> None:
    assert [inset.code for inset in insets.INSETS] == OVERSEAS
    boxes = [inset.box for inset in insets.INSETS]
    for index, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[index + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
    metropole_west = -5.2
    assert all(box[2] < metropole_west for box in boxes)


def test_a_point_overseas_moves_into_its_box_and_a_metropolitan_one_stays() -> None:
    noumea = insets.move_point(166.458, -22.2758)
    assert inside_box(insets.BY_CODE["988"], *noumea)
    assert insets.move_point(1.489, 48.4469) == (1.489, 48.4469)  # Chartres


@pytest.mark.parametrize("code", OVERSEAS)
def test_every_overseas_outline_is_drawn_inside_its_box(code: str) -> None:
    features = {f["properties"]["code"]: f for f in reference.departements_geojson()["features"]}
    moved = insets.move_geometry(features[code]["geometry"], code)
    assert moved is not None
    positions = maps._positions(moved["coordinates"])
    assert positions
    assert all(inside_box(insets.BY_CODE[code], longitude, latitude) for longitude, latitude in positions)


def test_a_national_deck_frames_and_names_every_inset() -> None:
    frame = pd.DataFrame({"code": ["28", "988"], "nom": ["Eure-et-Loir", "Nouvelle-Calédonie"]})
    frame["fill"] = [[1, 2, 3, 255]] * 2
    points = pd.DataFrame({"latitude": [-22.2758, 48.4469], "longitude": [166.458, 1.489], "nom": ["a", "b"]})
    deck = maps.national_deck(
        [maps.departements_layer(frame), maps.points_layer(points, [0, 0, 0, 255])], "{nom}"
    )
    layers = {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}
    assert [row["nom"] for row in layers["encarts_noms"]["data"]] == [i.label for i in insets.INSETS]
    assert len(layers["encarts_cadres"]["data"]) == len(OVERSEAS)
    drawn = {f["properties"]["code"]: f for f in layers["departements"]["data"]["features"]}
    caledonia = maps._positions(drawn["988"]["geometry"]["coordinates"])
    assert all(inside_box(insets.BY_CODE["988"], lon, lat) for lon, lat in caledonia)
    noumea, chartres = layers["points"]["data"]
    assert inside_box(insets.BY_CODE["988"], noumea["longitude"], noumea["latitude"])
    assert (chartres["longitude"], chartres["latitude"]) == (1.489, 48.4469)


def test_a_map_of_the_com_region_gathers_them_in_their_insets_only() -> None:
    frame = pd.DataFrame({"code": ["977", "988"], "nom": ["Saint-Barthélemy", "Nouvelle-Calédonie"]})
    frame["fill"] = [[1, 2, 3, 255]] * 2
    layers = json.loads(maps.fitted_deck([maps.departements_layer(frame)], "{nom}").to_json())["layers"]
    labels = next(layer for layer in layers if layer["id"] == "encarts_noms")
    assert [row["nom"] for row in labels["data"]] == ["Saint-Barthélemy", "Nouvelle-Calédonie"]


def test_a_departement_map_keeps_true_positions() -> None:
    frame = pd.DataFrame({"code": ["988"], "nom": ["Nouvelle-Calédonie"], "fill": [[1, 2, 3, 255]]})
    layers = json.loads(maps.fitted_deck([maps.departements_layer(frame)], "{nom}").to_json())["layers"]
    assert [layer["id"] for layer in layers] == ["departements"]
    longitude, _ = maps._positions(layers[0]["data"]["features"][0]["geometry"]["coordinates"])[0]
    assert longitude > 160


def test_a_collectivite_without_commune_outlines_still_draws_its_territory() -> None:
    layer = maps.communes_layer("988", pd.DataFrame({"code_insee": ["98818"], "nom": ["Nouméa"]}))
    assert [f["properties"]["nom"] for f in layer.data["features"]] == ["Nouvelle-Calédonie"]
