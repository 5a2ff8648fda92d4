"""The committed reference geography (assets/geo) reads back complete and consistent."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import reference

# (lat min, lat max, lon min, lon max)
BOUNDING_BOXES = {
    "metropole": (41.0, 51.5, -5.5, 10.0),
    "971": (15.8, 16.6, -61.9, -60.9),
    "972": (14.3, 14.9, -61.3, -60.8),
    "973": (2.0, 6.0, -54.7, -51.5),
    "974": (-21.5, -20.8, 55.1, 55.9),
    "976": (-13.1, -12.6, 44.9, 45.4),
    "977": (17.8, 18.0, -62.95, -62.75),
    "978": (18.0, 18.15, -63.2, -62.95),
}
COM = {"975", "977", "978", "986", "987", "988"}


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return reference.communes_frame()


def test_regions():
    regions = reference.regions_frame()
    assert len(regions) == 19
    assert regions["code"].is_unique
    assert {"01", "11", "94"} <= set(regions["code"])
    assert regions.set_index("code").loc["COM", "nom"] == "Collectivités d'outre-mer"


def test_departements():
    departements = reference.departements_frame()
    codes = set(departements["code"])
    assert len(departements) == 107
    assert {"01", "2A", "2B", "95", "971", "972", "973", "974", "976"} <= codes
    assert not codes & {"20", "984", "989"}
    territories = departements.set_index("code")
    assert set(territories.index[territories["code_region"] == "COM"]) == COM
    assert territories.loc["988", "nom"] == "Nouvelle-Calédonie"
    assert 250_000 <= territories.loc["988", "population"] <= 300_000
    assert set(departements["code_region"]) == set(reference.regions_frame()["code"])
    eure_et_loir = departements.set_index("code").loc["28"]
    assert eure_et_loir["nom"] == "Eure-et-Loir"
    assert 400_000 <= eure_et_loir["population"] <= 460_000
    assert departements["population"].sum() > 60_000_000


def test_epci():
    epci = reference.epci_frame()
    departement_codes = set(reference.departements_frame()["code"])
    assert 1_200 <= len(epci) <= 1_300
    assert epci["code"].str.fullmatch(r"\d{9}").all()
    assert set(epci["type"]) <= {"CC", "CA", "CU", "METRO", "MET69"}
    assert epci["code_departement"].isin(departement_codes).all()
    for main, touched in zip(epci["code_departement"], epci["codes_departements"], strict=True):
        assert main in touched.split(";")
        assert set(touched.split(";")) <= departement_codes


def test_communes(communes: pd.DataFrame):
    assert 34_000 <= len(communes) <= 36_000
    assert communes["code_insee"].is_unique
    assert communes["code_insee"].str.len().eq(5).all()
    assert communes["code_departement"].isin(set(reference.departements_frame()["code"])).all()
    epci_codes = set(reference.epci_frame()["code"])
    with_epci = communes["code_epci"] != ""
    assert communes.loc[with_epci, "code_epci"].isin(epci_codes).all()
    assert with_epci.mean() > 0.99
    # Arrondissements municipaux are there, with their parent's EPCI.
    arrondissements = communes[communes["code_insee"].str.match(r"^(751|132|6938)")]
    assert len(arrondissements) == 45
    assert (arrondissements["code_epci"] != "").all()


def test_communes_coordinates_inside_france(communes: pd.DataFrame):
    inside = pd.Series(False, index=communes.index)
    for lat_min, lat_max, lon_min, lon_max in BOUNDING_BOXES.values():
        inside |= communes["latitude"].between(lat_min, lat_max) & communes["longitude"].between(
            lon_min, lon_max
        )
    assert inside.mean() > 0.99


def test_departements_geojson():
    path = reference.GEO_DIR / "departements.geojson"
    assert path.stat().st_size <= 1_000_000
    geojson = reference.departements_geojson()
    features = geojson["features"]
    assert len(features) == 107
    assert {f["properties"]["code"] for f in features} == set(reference.departements_frame()["code"])
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in features)


def test_communes_geojson(communes: pd.DataFrame):
    geojson = reference.communes_geojson("28")
    codes = {f["properties"]["code_insee"] for f in geojson["features"]}
    expected = set(communes.loc[communes["code_departement"] == "28", "code_insee"])
    assert len(geojson["features"]) == len(expected)
    assert codes == expected


def test_every_collectivite_d_outre_mer_has_its_communes_and_an_outline_file(communes: pd.DataFrame):
    com_communes = communes[communes["code_departement"].isin(COM)]
    assert set(com_communes["code_departement"]) == COM
    assert (com_communes["code_region"] == "COM").all()
    assert len(com_communes[com_communes["code_departement"] == "988"]) == 33
    for code in COM:
        outlined = {f["properties"]["code_insee"] for f in reference.communes_geojson(code)["features"]}
        assert outlined <= set(com_communes.loc[com_communes["code_departement"] == code, "code_insee"])
    assert {f["properties"]["code_insee"] for f in reference.communes_geojson("977")["features"]} == {"97701"}


def test_communes_geojson_rejects_paths():
    with pytest.raises(ValueError):
        reference.communes_geojson("../28")
