"""Every national map shows the DROM and the collectivités d'outre-mer in insets, and stays legible."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard import insets, maps
from data_access import fragility
from data_access.scope import Territory
from tests.pages.conftest import all_text

NATIONAL_MAPS = ["pages/fragility.py", "pages/governance.py", "pages/lieux.py"]


def deck_layers(app: AppTest) -> dict[str, dict]:
    charts = app.get("deck_gl_json_chart")
    assert len(charts) == 1
    return {layer["id"]: layer for layer in json.loads(charts[0].proto.json)["layers"]}


def in_its_box(code: str, longitude: float, latitude: float) -> bool:
    x0, y0, x1, y1 = insets.BY_CODE[code].box
    return x0 <= longitude <= x1 and y0 - 1e-6 <= insets.mercator_y(latitude) <= y1 + 1e-6


@pytest.mark.parametrize("page", NATIONAL_MAPS)
def test_national_maps_draw_every_overseas_territory_in_its_named_inset(
    open_page, app_engine: Engine, page: str
) -> None:
    layers = deck_layers(open_page(page))
    names = [row["nom"] for row in layers["encarts_noms"]["data"]]
    assert "Nouvelle-Calédonie" in names and "Guadeloupe" in names and len(names) == 11
    outlines = {f["properties"]["code"]: f for f in layers["departements"]["data"]["features"]}
    assert len(outlines) == 107
    for code in insets.BY_CODE:
        positions = maps._positions(outlines[code]["geometry"]["coordinates"])
        assert all(in_its_box(code, longitude, latitude) for longitude, latitude in positions), code


def test_national_fragility_map_sums_the_unserved_communes_per_departement(
    open_page, app_engine: Engine
) -> None:
    layers = deck_layers(open_page("pages/fragility.py"))
    expected = fragility.unserved_per_departement(app_engine, Territory.national())
    assert len(expected) > 20, "the demo store has unserved communes in many départements"
    rings = layers["sans_lieu_par_departement"]["data"]
    assert [ring["nom"] for ring in rings] == list(expected["nom"])
    assert rings[0]["detail"].startswith(f"{expected['communes'][0]} commune(s) fragile(s) sans lieu")
    assert "sans_lieu" not in layers  # no commune dot hides the choropleth
    assert "par département" in all_text(open_page("pages/fragility.py"))


def test_departement_fragility_map_shows_each_unserved_commune(open_page, app_engine: Engine) -> None:
    layers = deck_layers(open_page("pages/fragility.py", departement="28"))
    expected = fragility.fragile_communes_without_place(app_engine, Territory.departement("28"))
    assert len(layers["sans_lieu"]["data"]) == len(expected)
    assert "sans_lieu_par_departement" not in layers


@pytest.mark.parametrize("page", NATIONAL_MAPS)
def test_the_collectivites_d_outre_mer_region_opens_with_its_territories(open_page, page: str) -> None:
    app = open_page(page, region="COM")
    assert "Collectivités d'outre-mer" in all_text(app)


def test_national_lieux_map_counts_the_collectivites_d_outre_mer_in_their_insets(open_page) -> None:
    circles = {row["nom"]: row for row in deck_layers(open_page("pages/lieux.py"))["lieux_par_epci"]["data"]}
    caledonia = circles["Nouvelle-Calédonie"]
    assert in_its_box("988", caledonia["longitude"], caledonia["latitude"])
    assert caledonia["detail"].endswith("pour 10 000 habitants")


@pytest.mark.parametrize(
    "page",
    [
        "pages/summary.py",
        "pages/governance.py",
        "pages/candidatures.py",
        "pages/lieux.py",
        "pages/fragility.py",
        "pages/roadmaps.py",
        "pages/comparison.py",
        "pages/copil.py",
        "pages/meetings.py",
    ],
)
def test_every_page_opens_on_the_nouvelle_caledonie(open_page, page: str) -> None:
    assert "Nouvelle-Calédonie" in all_text(open_page(page, departement="988"))
