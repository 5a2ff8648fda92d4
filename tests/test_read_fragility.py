"""Read functions of the fragility page, on hand-made IFN scores in SMALL_GEOGRAPHY, on both backends.

IFN totals (population): Chartres 4,0 (400), Lucé 7,0 (200), Châteaudun 8,0 (300),
Nogent-le-Rotrou none (100), Rennes 3,0 (2 000), Bruz 7,5 (1 000), Orléans 5,0
(1 000). Fragile at the default threshold 7: Lucé (exactly 7), Châteaudun, Bruz.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict

import pytest
from sqlalchemy import Engine

from data_access import fragility
from data_access.fragility import KM_PER_DEGREE
from data_access.models import IfnCommune, Lieu
from data_access.scope import Territory
from tests.builders import add
from tests.conftest import SMALL_GEOGRAPHY

NATIONAL = Territory.national()
REGION = Territory.region("24")
EURE_ET_LOIR = Territory.departement("28")
CHARTRES_METROPOLE = Territory.epci("200033181")
GRAND_CHATEAUDUN = Territory.epci("200069953")

SCORES = {
    # code: (no_thd, no_4g, poverty, older_65, nscol15p, total)
    "28085": (2.0, 3.0, 4.0, 5.0, 6.0, 4.0),
    "28218": (6.0, 7.0, 8.0, 7.0, 7.0, 7.0),
    "28088": (9.0, 8.0, 7.0, 8.0, 8.0, 8.0),
    "35238": (1.0, 2.0, 5.0, 3.0, 4.0, 3.0),
    "35047": (8.0, 8.0, 6.0, 7.0, 8.5, 7.5),
    "45234": (3.0, 4.0, None, 6.0, 6.0, 5.0),
}
POPULATION = dict(
    zip(SMALL_GEOGRAPHY.communes["code_insee"], SMALL_GEOGRAPHY.communes["population"], strict=True)
)
CENTRES = {
    code: (lat, lon)
    for code, lat, lon in zip(
        SMALL_GEOGRAPHY.communes["code_insee"],
        SMALL_GEOGRAPHY.communes["latitude"],
        SMALL_GEOGRAPHY.communes["longitude"],
        strict=True,
    )
}


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        IfnCommune,
        *(
            {"code_insee": code, **dict(zip(fragility.SCORES, values, strict=True))}
            for code, values in SCORES.items()
        ),
    )
    return geo_engine


def weighted(codes: list[str], index: int) -> float:
    """Population-weighted mean of one score over ``codes``, skipping missing scores (test oracle)."""
    pairs = [(SCORES[code][index], POPULATION[code]) for code in codes if SCORES[code][index] is not None]
    return sum(value * weight for value, weight in pairs) / sum(weight for _, weight in pairs)


def point_at(code_insee: str, north_km: float = 0.0, east_km: float = 0.0) -> tuple[float, float]:
    """A position ``north_km`` and ``east_km`` from a commune's centre (the rule's own metric)."""
    latitude, longitude = CENTRES[code_insee]
    return (
        latitude + north_km / KM_PER_DEGREE,
        longitude + east_km / (KM_PER_DEGREE * math.cos(math.radians(latitude))),
    )


def lieu(identifier: str, position: tuple[float, float] | None, code_departement: str | None) -> dict:
    latitude, longitude = position or (None, None)
    return {
        "id": identifier,
        "nom": identifier,
        "placement": "coordonnees" if position else "non_placee",
        "code_departement": code_departement,
        "latitude": latitude,
        "longitude": longitude,
    }


# --- Per département -------------------------------------------------------------------------------------


def test_ifn_per_departement_national(store: Engine) -> None:
    frame = fragility.ifn_per_departement(store, NATIONAL)
    assert list(frame["code"]) == ["28", "35", "45"]
    # 28: (4×400 + 7×200 + 8×300) / 900 = 6; 35: (3×2000 + 7,5×1000) / 3000 = 4,5
    assert frame["ifn"].tolist() == pytest.approx([6.0, 4.5, 5.0])
    assert list(frame["communes"]) == [3, 2, 1]
    assert list(frame["communes_fragiles"]) == [2, 1, 0]
    assert list(frame["population"]) == [900, 3000, 1000]


def test_ifn_per_departement_levels_and_threshold(store: Engine) -> None:
    region = fragility.ifn_per_departement(store, REGION)
    assert list(region["code"]) == ["28", "45"]
    assert list(fragility.ifn_per_departement(store, EURE_ET_LOIR)["ifn"]) == pytest.approx([6.0])
    assert list(fragility.ifn_per_departement(store, CHARTRES_METROPOLE)["code"]) == ["28"]
    stricter = fragility.ifn_per_departement(store, NATIONAL, threshold=7.6)
    assert list(stricter["communes_fragiles"]) == [1, 0, 0]


def test_departements_without_ifn_keep_their_row(geo_engine: Engine) -> None:
    frame = fragility.ifn_per_departement(geo_engine, NATIONAL)
    assert list(frame["code"]) == ["28", "35", "45"]
    assert frame["ifn"].isna().all()
    assert list(frame["communes"]) == [0, 0, 0]


# --- Per commune ---------------------------------------------------------------------------------------


def test_ifn_per_commune(store: Engine) -> None:
    frame = fragility.ifn_per_commune(store, EURE_ET_LOIR)
    assert list(frame["code_insee"]) == ["28085", "28088", "28218", "28280"]
    assert frame["total"].tolist()[:3] == [4.0, 8.0, 7.0]
    assert math.isnan(frame["total"].iloc[3])  # Nogent-le-Rotrou has no IFN: kept, for the map
    assert list(frame.columns) == [
        "code_insee",
        "nom",
        "code_departement",
        "population",
        "total",
        "no_thd_coverage_rate",
        "no_4g_coverage_rate",
        "poverty_rate",
        "older_65_rate",
        "nscol15p_rate",
        "latitude",
        "longitude",
    ]
    luce = frame.set_index("code_insee").loc["28218"]
    assert [luce[score] for score in fragility.SUB_SCORES] == [6.0, 7.0, 8.0, 7.0, 7.0]
    assert (luce["latitude"], luce["longitude"]) == pytest.approx((48.4375, 1.4639))
    assert list(fragility.ifn_per_commune(store, CHARTRES_METROPOLE)["code_insee"]) == ["28085", "28218"]
    assert len(fragility.ifn_per_commune(store, REGION)) == 5
    assert len(fragility.ifn_per_commune(store, NATIONAL)) == 7


def test_commune_scores(store: Engine) -> None:
    frame = fragility.commune_scores(store, "28218")
    assert list(frame["libelle"]) == [
        "Absence de couverture THD",
        "Absence de couverture 4G",
        "Taux de pauvreté",
        "Part des 65 ans et plus",
        "Part des non-diplômés",
        "Indice de fragilité (total)",
    ]
    assert list(frame["commune"]) == [6.0, 7.0, 8.0, 7.0, 7.0, 7.0]
    departement = ["28085", "28218", "28088"]
    everywhere = list(SCORES)
    assert frame["departement"].tolist() == pytest.approx([weighted(departement, i) for i in range(6)])
    assert frame["national"].tolist() == pytest.approx([weighted(everywhere, i) for i in range(6)])
    # by hand: THD in 28 = (2×400 + 6×200 + 9×300) / 900; poverty nationally skips Orléans (missing)
    assert frame["departement"].iloc[0] == pytest.approx(4700 / 900)
    assert frame["national"].iloc[2] == pytest.approx(21300 / 3900)
    assert frame["departement"].iloc[5] == pytest.approx(6.0)
    assert frame["national"].iloc[5] == pytest.approx(23900 / 4900)


def test_commune_scores_without_ifn_or_unknown(store: Engine) -> None:
    nogent = fragility.commune_scores(store, "28280")
    assert nogent["commune"].isna().all()
    assert nogent["departement"].iloc[5] == pytest.approx(6.0)
    assert fragility.commune_scores(store, "99999").empty
    assert fragility.commune_identity(store, "28218") == {
        "nom": "Lucé",
        "code_departement": "28",
        "departement": "Eure-et-Loir",
    }
    assert fragility.commune_identity(store, "99999") is None


# --- Fragile communes without a lieu nearby ---------------------------------------------------------------


@pytest.fixture
def with_lieux(store: Engine) -> Engine:
    """A lieu 9,9 km north of Châteaudun (filed under Loiret: borders do not matter), one 10,1 km
    east of Bruz, one at Chartres' centre (2,1 km from Lucé) and one without coordinates."""
    add(
        store,
        Lieu,
        lieu("nord-chateaudun", point_at("28088", north_km=9.9), "45"),
        lieu("est-bruz", point_at("35047", east_km=10.1), "35"),
        lieu("chartres", CENTRES["28085"], "28"),
        lieu("sans-coordonnees", None, "35"),
    )
    return store


def unserved(
    engine: Engine, territory: Territory, threshold: float = 7.0, radius_km: float = 10.0
) -> list[str]:
    frame = fragility.fragile_communes_without_place(engine, territory, threshold, radius_km)
    return list(frame["nom"])


def test_without_any_lieu_every_fragile_commune_is_unserved(store: Engine) -> None:
    frame = fragility.fragile_communes_without_place(store, NATIONAL)
    assert list(frame["nom"]) == ["Bruz", "Châteaudun", "Lucé"]  # largest population first
    assert list(frame["population"]) == [1000, 300, 200]
    assert list(frame["total"]) == [7.5, 8.0, 7.0]
    assert list(frame.columns) == [
        "code_insee",
        "nom",
        "code_departement",
        "population",
        "total",
        "latitude",
        "longitude",
    ]


def test_distance_rule_just_inside_and_just_outside(with_lieux: Engine) -> None:
    # 9,9 km ≤ 10 km serves Châteaudun (latitude axis); 10,1 km > 10 km leaves Bruz (longitude axis)
    assert unserved(with_lieux, NATIONAL) == ["Bruz"]
    assert unserved(with_lieux, NATIONAL, radius_km=10.2) == []
    assert unserved(with_lieux, NATIONAL, radius_km=9.8) == ["Bruz", "Châteaudun"]
    # Chartres' lieu is 2,1 km from Lucé
    assert unserved(with_lieux, NATIONAL, radius_km=2.2) == ["Bruz", "Châteaudun"]
    assert unserved(with_lieux, NATIONAL, radius_km=2.0) == ["Bruz", "Châteaudun", "Lucé"]


def test_threshold_is_inclusive(with_lieux: Engine) -> None:
    assert unserved(with_lieux, NATIONAL, threshold=7.0, radius_km=2.0) == ["Bruz", "Châteaudun", "Lucé"]
    assert unserved(with_lieux, NATIONAL, threshold=7.6, radius_km=2.0) == ["Châteaudun"]
    assert unserved(with_lieux, NATIONAL, threshold=9.0, radius_km=2.0) == []


@pytest.mark.parametrize(
    ("territory", "radius_km", "expected"),
    [
        (REGION, 2.0, ["Châteaudun", "Lucé"]),
        (REGION, 10.0, []),
        (EURE_ET_LOIR, 9.8, ["Châteaudun"]),
        (Territory.departement("35"), 10.0, ["Bruz"]),
        (Territory.departement("45"), 50.0, []),
        (CHARTRES_METROPOLE, 2.0, ["Lucé"]),
        (GRAND_CHATEAUDUN, 10.0, []),
        (GRAND_CHATEAUDUN, 9.8, ["Châteaudun"]),
    ],
)
def test_unserved_per_level(
    with_lieux: Engine, territory: Territory, radius_km: float, expected: list[str]
) -> None:
    assert unserved(with_lieux, territory, radius_km=radius_km) == expected


def test_unserved_summed_per_departement_at_national_scale(store: Engine) -> None:
    frame = fragility.unserved_per_departement(store, NATIONAL)
    assert list(frame.columns) == ["code", "nom", "communes", "population", "latitude", "longitude"]
    assert list(frame["code"]) == ["28", "35"]  # most unserved communes first; Loiret has none
    assert list(frame["communes"]) == [2, 1]  # Lucé and Châteaudun; Bruz
    assert list(frame["population"]) == [500, 1000]
    # the circle sits at the population-weighted centre of the unserved communes (weight population + 1)
    (lat_luce, lon_luce), (lat_chateaudun, lon_chateaudun) = CENTRES["28218"], CENTRES["28088"]
    assert frame["latitude"][0] == pytest.approx((lat_luce * 201 + lat_chateaudun * 301) / 502)
    assert frame["longitude"][0] == pytest.approx((lon_luce * 201 + lon_chateaudun * 301) / 502)
    assert (frame["latitude"][1], frame["longitude"][1]) == pytest.approx(CENTRES["35047"])


def test_unserved_per_departement_follows_the_rule_and_the_scope(with_lieux: Engine) -> None:
    per_departement = fragility.unserved_per_departement(with_lieux, REGION, radius_km=2.0)
    assert per_departement[["code", "communes", "population"]].values.tolist() == [["28", 2, 500]]
    assert fragility.unserved_per_departement(with_lieux, REGION).empty


def test_grid_search_matches_brute_force(store: Engine) -> None:
    """Random lieux around the communes: the SQL grid search agrees with a plain distance loop."""
    rng = random.Random(7)
    rows = []
    for number in range(300):
        code = rng.choice(list(CENTRES))
        position = point_at(code, north_km=rng.uniform(-25, 25), east_km=rng.uniform(-25, 25))
        rows.append(lieu(f"aleatoire-{number}", position, None))
    add(store, Lieu, *rows)
    fragile = [code for code, values in SCORES.items() if values[5] >= 7.0]
    for radius_km in (0.5, 1.0, 2.0, 3.0, 5.0, 8.0):
        expected = set()
        for code in fragile:
            latitude, longitude = CENTRES[code]
            kx = KM_PER_DEGREE * math.cos(math.radians(latitude))
            distances = [
                math.hypot((row["latitude"] - latitude) * KM_PER_DEGREE, (row["longitude"] - longitude) * kx)
                for row in rows
            ]
            if min(distances) > radius_km:
                expected.add(code)
        frame = fragility.fragile_communes_without_place(store, NATIONAL, radius_km=radius_km)
        assert set(frame["code_insee"]) == expected, radius_km


# --- Summary -----------------------------------------------------------------------------------------------


def test_fragility_summary_national(with_lieux: Engine) -> None:
    summary = fragility.fragility_summary(with_lieux, NATIONAL)
    assert asdict(summary) == {
        "ifn_moyen": pytest.approx(23900 / 4900),
        "communes_avec_ifn": 6,
        "communes_fragiles": 3,
        "communes_fragiles_sans_lieu": 1,
        "population_fragile_sans_lieu": 1000,
    }


@pytest.mark.parametrize(
    ("territory", "radius_km", "ifn", "communes", "fragiles", "sans_lieu", "population"),
    [
        (REGION, 2.0, 10400 / 1900, 4, 2, 2, 500),
        (EURE_ET_LOIR, 9.8, 6.0, 3, 2, 1, 300),
        (CHARTRES_METROPOLE, 2.0, 5.0, 2, 1, 1, 200),
        (Territory.departement("45"), 10.0, 5.0, 1, 0, 0, 0),
    ],
)
def test_fragility_summary_levels(
    with_lieux: Engine,
    territory: Territory,
    radius_km: float,
    ifn: float,
    communes: int,
    fragiles: int,
    sans_lieu: int,
    population: int,
) -> None:
    summary = fragility.fragility_summary(with_lieux, territory, radius_km=radius_km)
    assert summary.ifn_moyen == pytest.approx(ifn)
    assert summary.communes_avec_ifn == communes
    assert summary.communes_fragiles == fragiles
    assert summary.communes_fragiles_sans_lieu == sans_lieu
    assert summary.population_fragile_sans_lieu == population


def test_empty_store(geo_engine: Engine) -> None:
    assert asdict(fragility.fragility_summary(geo_engine, NATIONAL)) == {
        "ifn_moyen": None,
        "communes_avec_ifn": 0,
        "communes_fragiles": 0,
        "communes_fragiles_sans_lieu": 0,
        "population_fragile_sans_lieu": 0,
    }
    assert fragility.fragile_communes_without_place(geo_engine, NATIONAL).empty
    assert fragility.ifn_per_commune(geo_engine, EURE_ET_LOIR)["total"].isna().all()
