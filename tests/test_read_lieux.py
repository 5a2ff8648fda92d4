"""Read functions of the lieux page, on hand-made lieux in SMALL_GEOGRAPHY, on both backends.

Seven lieux: four in Eure-et-Loir (28), one in Ille-et-Vilaine (35), one in
Loiret (45) and one outside any département; national targets 5 000 / 15 000 /
5 000, Eure-et-Loir's replaced by a local 200. ``TODAY`` is 15 June 2024: the
freshness cutoffs are 15 December 2023, 15 June 2023 and 15 December 2022.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, update

from data_access import lieux
from data_access.models import Departement, Lieu, LieuxObjectif, LieuxSnapshot, Region
from data_access.scope import Territory
from tests.builders import add

TODAY = date(2024, 6, 15)
NATIONAL = Territory.national()
REGION = Territory.region("24")
EURE_ET_LOIR = Territory.departement("28")
CHARTRES_METROPOLE = Territory.epci("200033181")
GRAND_CHATEAUDUN = Territory.epci("200069953")


def lieu(identifier: str, **values: object) -> dict[str, object]:
    """A lieu row with every column the tests use (one executemany needs the same keys)."""
    columns = ("code_insee", "code_departement", "commune", "latitude", "longitude")
    optional = ("labels_nationaux", "typologie", "date_maj")
    row: dict[str, object] = dict.fromkeys((*columns, *optional))
    return row | {"id": identifier, "nom": f"Lieu {identifier}", "placement": "coordonnees"} | values


LIEUX = [
    # Chartres: two labels, a month old
    lieu(
        "L1",
        code_insee="28085",
        code_departement="28",
        commune="Chartres",
        latitude=48.4469,
        longitude=1.4890,
        labels_nationaux="Conseillers numériques|France Services",
        typologie="MUNI",
        date_maj=date(2024, 5, 15),
    ),
    # Lucé: exactly 12 months old (still « 6 à 12 mois »), two typologies
    lieu(
        "L2",
        code_insee="28218",
        code_departement="28",
        commune="Lucé",
        latitude=48.4375,
        longitude=1.4639,
        labels_nationaux="Aidants Connect",
        typologie="ASSO|TIERS_LIEUX",
        date_maj=date(2023, 6, 15),
    ),
    # Châteaudun: unplaced, no label, no typology, no date
    lieu("L3", code_insee="28088", code_departement="28", commune="Châteaudun", placement="non_placee"),
    # Nogent-le-Rotrou (no EPCI): exactly 18 months old (still « 12 à 18 mois »)
    lieu(
        "L4",
        code_insee="28280",
        code_departement="28",
        commune="Nogent-le-Rotrou",
        latitude=48.3217,
        longitude=0.8217,
        labels_nationaux="France Services",
        typologie="RFS",
        date_maj=date(2022, 12, 15),
    ),
    # Rennes: older than 18 months
    lieu(
        "L5",
        code_insee="35238",
        code_departement="35",
        commune="Rennes",
        latitude=48.1113,
        longitude=-1.6800,
        labels_nationaux="Conseillers numériques",
        typologie="ASSO",
        date_maj=date(2022, 1, 10),
    ),
    # Orléans: exactly 6 months old, hence no longer « à jour »
    lieu(
        "L6",
        code_insee="45234",
        code_departement="45",
        commune="Orléans",
        latitude=47.9029,
        longitude=1.9093,
        typologie="BIB|MUNI",
        date_maj=date(2023, 12, 15),
    ),
    # Outside the départements: counted nationally only; a longer label that must not match
    lieu(
        "L7",
        commune="Mamoudzou",
        latitude=46.0,
        longitude=2.0,
        labels_nationaux="France Services Plus|Point d'accès numérique CAF",
        typologie="CAF",
        date_maj=date(2024, 6, 20),
    ),
]

SNAPSHOTS = [
    (date(2024, 1, 1), "28", 2),
    (date(2024, 1, 1), "35", 1),
    (date(2024, 4, 1), "28", 3),
    (date(2024, 4, 1), "35", 1),
    (date(2024, 4, 1), "45", 1),
    (date(2024, 6, 1), "28", 4),
    (date(2024, 6, 1), "35", 1),
    (date(2024, 6, 1), "45", 1),
]


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(geo_engine, Lieu, *LIEUX)
    add(
        geo_engine,
        LieuxSnapshot,
        *(
            {"date": day, "code_departement": code, "nombre": count, "source": "test"}
            for day, code, count in SNAPSHOTS
        ),
    )
    with geo_engine.begin() as connection:
        connection.execute(
            update(LieuxObjectif)
            .where(LieuxObjectif.code_departement == "28")
            .values(objectif_local=200, source_local="COPIL")
        )
    return geo_engine


# --- Targets -------------------------------------------------------------------------------------------


def test_places_per_departement_national(store: Engine) -> None:
    frame = lieux.places_per_departement(store, NATIONAL)
    assert list(frame["code"]) == ["28", "35", "45"]
    assert list(frame["lieux"]) == [4, 1, 1]
    assert list(frame["objectif_national"]) == [5000, 15000, 5000]
    assert frame["objectif_local"].tolist()[0] == 200
    assert frame["objectif_local"].isna().tolist() == [False, True, True]
    assert list(frame["objectif"]) == [200, 15000, 5000]
    assert frame["progression"].tolist() == pytest.approx([4 / 200, 1 / 15000, 1 / 5000])


def test_places_per_departement_region_departement_epci(store: Engine) -> None:
    region = lieux.places_per_departement(store, REGION)
    assert list(region["code"]) == ["28", "45"]
    assert list(region["lieux"]) == [4, 1]
    departement = lieux.places_per_departement(store, EURE_ET_LOIR)
    assert departement[["code", "nom", "lieux", "objectif"]].to_dict("records") == [
        {"code": "28", "nom": "Eure-et-Loir", "lieux": 4, "objectif": 200}
    ]
    # targets exist per département only: an EPCI gets its département's row
    epci = lieux.places_per_departement(store, CHARTRES_METROPOLE)
    assert epci[["code", "lieux", "objectif"]].to_dict("records") == [
        {"code": "28", "lieux": 4, "objectif": 200}
    ]


def test_departements_without_lieux_keep_their_row(geo_engine: Engine) -> None:
    frame = lieux.places_per_departement(geo_engine, NATIONAL)
    assert list(frame["lieux"]) == [0, 0, 0]
    assert list(frame["objectif"]) == [5000, 15000, 5000]
    assert list(frame["progression"]) == [0.0, 0.0, 0.0]


def test_places_per_epci(store: Engine) -> None:
    national = lieux.places_per_epci(store, NATIONAL)
    assert list(national["code"]) == ["200033181", "200069953", "243500139", "244500468"]
    assert list(national["lieux"]) == [2, 1, 1, 1]
    assert national["lieux_pour_10000"].tolist() == pytest.approx(
        [2 / 600 * 10_000, 1 / 300 * 10_000, 1 / 3000 * 10_000, 1 / 1000 * 10_000]
    )
    assert list(lieux.places_per_epci(store, REGION)["code"]) == ["200033181", "200069953", "244500468"]
    assert list(lieux.places_per_epci(store, EURE_ET_LOIR)["lieux"]) == [2, 1]
    epci = lieux.places_per_epci(store, GRAND_CHATEAUDUN)
    assert epci[["code", "population", "lieux"]].to_dict("records") == [
        {"code": "200069953", "population": 300, "lieux": 1}
    ]


def test_a_territory_without_epci_stands_as_one_row_centred_on_its_lieux(store: Engine) -> None:
    add(store, Region, {"code": "COM", "nom": "Collectivités d'outre-mer"})
    add(
        store,
        Departement,
        {"code": "988", "nom": "Nouvelle-Calédonie", "code_region": "COM", "population": 200},
    )
    add(
        store,
        Lieu,
        lieu("NC1", code_departement="988", latitude=-22.0, longitude=166.0),
        lieu("NC2", code_departement="988", latitude=-21.0, longitude=165.0),
    )
    national = lieux.places_per_epci(store, NATIONAL)
    assert list(national["code"]) == ["200033181", "200069953", "243500139", "244500468", "988"]
    caledonia = national.set_index("code").loc["988"]
    assert (caledonia["nom"], caledonia["lieux"]) == ("Nouvelle-Calédonie", 2)
    assert caledonia["lieux_pour_10000"] == pytest.approx(100.0)
    assert (caledonia["latitude"], caledonia["longitude"]) == pytest.approx((-21.5, 165.5))
    assert list(lieux.places_per_epci(store, REGION)["code"]) == ["200033181", "200069953", "244500468"]


def test_places_per_commune(store: Engine) -> None:
    national = lieux.places_per_commune(store, NATIONAL).set_index("code_insee")["lieux"]
    assert national.to_dict() == {
        "28085": 1,
        "28088": 1,
        "28218": 1,
        "28280": 1,
        "35047": 0,
        "35238": 1,
        "45234": 1,
    }
    epci = lieux.places_per_commune(store, CHARTRES_METROPOLE)
    assert epci[["code_insee", "nom", "population", "lieux"]].to_dict("records") == [
        {"code_insee": "28085", "nom": "Chartres", "population": 400, "lieux": 1},
        {"code_insee": "28218", "nom": "Lucé", "population": 200, "lieux": 1},
    ]


# --- Snapshots -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, [3, 5, 6]),
        (REGION, [2, 4, 5]),
        (EURE_ET_LOIR, [2, 3, 4]),
        (CHARTRES_METROPOLE, [2, 3, 4]),  # the EPCI's département
        (Territory.departement("45"), [1, 1]),
    ],
)
def test_snapshot_evolution(store: Engine, territory: Territory, expected: list[int]) -> None:
    frame = lieux.snapshot_evolution(store, territory)
    assert list(frame["lieux"]) == expected
    assert list(frame["date"])[-1] == date(2024, 6, 1)
    assert all(isinstance(value, date) for value in frame["date"])


# --- Labels and typologies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, [2, 2, 1, 3]),
        (REGION, [1, 2, 1, 2]),
        (EURE_ET_LOIR, [1, 2, 1, 1]),
        (CHARTRES_METROPOLE, [1, 1, 1, 0]),
    ],
)
def test_places_by_label(store: Engine, territory: Territory, expected: list[int]) -> None:
    frame = lieux.places_by_label(store, territory)
    assert list(frame["label"]) == [
        "Conseillers numériques",
        "France services",
        "Aidants Connect",
        lieux.NO_LABEL,
    ]
    assert list(frame["lieux"]) == expected


def test_label_shares_are_of_all_lieux(store: Engine) -> None:
    frame = lieux.places_by_label(store, NATIONAL)
    assert frame["part"].tolist() == pytest.approx([2 / 7, 2 / 7, 1 / 7, 3 / 7])
    empty = lieux.places_by_label(store, Territory.departement("99"))
    assert list(empty["lieux"]) == [0, 0, 0, 0]
    assert empty["part"].isna().all()


def test_places_by_typology_national(store: Engine) -> None:
    frame = lieux.places_by_typology(store, NATIONAL)
    assert frame.to_dict("records") == [
        {"code": "ASSO", "typologie": "Association", "lieux": 2},
        {"code": "MUNI", "typologie": "Mairie", "lieux": 2},
        {"code": "BIB", "typologie": "Bibliothèque, médiathèque", "lieux": 1},
        {"code": "CAF", "typologie": "Caisse d'allocations familiales", "lieux": 1},
        {"code": "RFS", "typologie": "France services", "lieux": 1},
        {"code": "TIERS_LIEUX", "typologie": "Tiers-lieu", "lieux": 1},
        {"code": "", "typologie": "Non renseignée", "lieux": 1},
    ]


def test_places_by_typology_keeps_the_top_and_groups_the_rest(store: Engine) -> None:
    frame = lieux.places_by_typology(store, NATIONAL, top=3)
    assert list(frame["typologie"]) == [
        "Association",
        "Mairie",
        "Bibliothèque, médiathèque",
        "Autres",
        "Non renseignée",
    ]
    assert list(frame["lieux"]) == [2, 2, 1, 3, 1]


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (EURE_ET_LOIR, {"ASSO": 1, "MUNI": 1, "RFS": 1, "TIERS_LIEUX": 1, "": 1}),
        (CHARTRES_METROPOLE, {"ASSO": 1, "MUNI": 1, "TIERS_LIEUX": 1}),
        (REGION, {"MUNI": 2, "ASSO": 1, "BIB": 1, "RFS": 1, "TIERS_LIEUX": 1, "": 1}),
    ],
)
def test_places_by_typology_in_scope(store: Engine, territory: Territory, expected: dict[str, int]) -> None:
    frame = lieux.places_by_typology(store, territory)
    assert dict(zip(frame["code"], frame["lieux"], strict=True)) == expected


# --- Freshness -----------------------------------------------------------------------------------------


def test_freshness_cutoffs() -> None:
    assert lieux.freshness_cutoffs(TODAY) == (date(2023, 12, 15), date(2023, 6, 15), date(2022, 12, 15))
    # the last day of a shorter month
    assert lieux.months_before(date(2024, 8, 31), 6) == date(2024, 2, 29)
    assert lieux.months_before(date(2024, 3, 31), 18) == date(2022, 9, 30)


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, [2, 2, 1, 1, 1]),
        (REGION, [1, 2, 1, 0, 1]),
        (EURE_ET_LOIR, [1, 1, 1, 0, 1]),
        (CHARTRES_METROPOLE, [1, 1, 0, 0, 0]),
    ],
)
def test_freshness_bands(store: Engine, territory: Territory, expected: list[int]) -> None:
    frame = lieux.freshness_bands(store, territory, TODAY)
    assert list(frame["bande"]) == ["a_jour", "a_surveiller", "a_verifier", "a_rafraichir", "inconnue"]
    assert frame["libelle"].iloc[0] == "À jour (< 6 mois)"
    assert list(frame["lieux"]) == expected
    assert frame["part"].sum() == pytest.approx(1.0)


def test_freshness_moves_with_today(store: Engine) -> None:
    later = lieux.freshness_bands(store, EURE_ET_LOIR, date(2025, 1, 1))
    assert list(later["lieux"]) == [0, 1, 0, 2, 1]


# --- Map and summary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, ["L1", "L2", "L4", "L5", "L6", "L7"]),
        (REGION, ["L1", "L2", "L4", "L6"]),
        (EURE_ET_LOIR, ["L1", "L2", "L4"]),
        (CHARTRES_METROPOLE, ["L1", "L2"]),
        (GRAND_CHATEAUDUN, []),
    ],
)
def test_places_on_map(store: Engine, territory: Territory, expected: list[str]) -> None:
    frame = lieux.places_on_map(store, territory)
    assert list(frame.columns) == ["id", "nom", "commune", "latitude", "longitude", "labels", "date_maj"]
    assert list(frame["id"]) == expected


def test_places_on_map_limit_and_values(store: Engine) -> None:
    frame = lieux.places_on_map(store, NATIONAL, limit=2)
    assert list(frame["id"]) == ["L1", "L2"]
    first = frame.iloc[0]
    assert (first["latitude"], first["longitude"]) == pytest.approx((48.4469, 1.4890))
    assert first["labels"] == "Conseillers numériques|France Services"
    assert first["date_maj"] == date(2024, 5, 15)


def test_lieux_summary_national(store: Engine) -> None:
    summary = lieux.lieux_summary(store, NATIONAL, TODAY)
    assert asdict(summary) == {
        "lieux": 7,
        "objectif": 20_200,
        "progression": pytest.approx(7 / 20_200),
        "part_a_jour": pytest.approx(2 / 7),
        "population": 5000,
        "lieux_pour_10000": pytest.approx(14.0),
        "dernier_releve": date(2024, 6, 1),
    }


@pytest.mark.parametrize(
    ("territory", "lieux_count", "objectif", "a_jour", "population"),
    [
        (REGION, 5, 5200, 1 / 5, 2000),
        (EURE_ET_LOIR, 4, 200, 1 / 4, 1000),
        (Territory.departement("35"), 1, 15000, 0.0, 3000),
    ],
)
def test_lieux_summary_levels(
    store: Engine, territory: Territory, lieux_count: int, objectif: int, a_jour: float, population: int
) -> None:
    summary = lieux.lieux_summary(store, territory, TODAY)
    assert summary.lieux == lieux_count
    assert summary.objectif == objectif
    assert summary.progression == pytest.approx(lieux_count / objectif)
    assert summary.part_a_jour == pytest.approx(a_jour)
    assert summary.population == population
    assert summary.dernier_releve == date(2024, 6, 1)


def test_lieux_summary_epci_has_no_target(store: Engine) -> None:
    summary = lieux.lieux_summary(store, CHARTRES_METROPOLE, TODAY)
    assert summary.lieux == 2
    assert summary.objectif is None
    assert summary.progression is None
    assert summary.part_a_jour == pytest.approx(1 / 2)
    assert summary.population == 600
    assert summary.lieux_pour_10000 == pytest.approx(2 / 600 * 10_000)
    assert summary.dernier_releve == date(2024, 6, 1)  # the département's snapshots
    chateaudun = lieux.lieux_summary(store, GRAND_CHATEAUDUN, TODAY)
    assert (chateaudun.lieux, chateaudun.part_a_jour) == (1, 0.0)


def test_empty_store(geo_engine: Engine) -> None:
    summary = lieux.lieux_summary(geo_engine, NATIONAL, TODAY)
    assert summary.lieux == 0
    assert summary.objectif == 25_000
    assert summary.progression == 0.0
    assert summary.part_a_jour is None
    assert summary.dernier_releve is None
    assert lieux.snapshot_evolution(geo_engine, NATIONAL).empty
    assert lieux.places_on_map(geo_engine, NATIONAL).empty
    assert lieux.places_by_typology(geo_engine, NATIONAL).empty
    assert list(lieux.freshness_bands(geo_engine, NATIONAL, TODAY)["lieux"]) == [0] * 5
    assert isinstance(lieux.places_by_typology(geo_engine, NATIONAL), pd.DataFrame)
