"""Candidature read functions on SMALL_GEOGRAPHY, with hand-checked figures on both backends.

Seven forms: in Eure-et-Loir (28) the CA Chartres Métropole (porter, names its EPCI),
the Département (porter, covers the CC du Grand Châteaudun) and the commune of Lucé
(participer, not yet sent); in Ille-et-Vilaine (35) an association and Bruz (covers
the commune of Rennes, not the EPCI); in Loiret (45) two cancelled forms, one by its
status, one by its cancellation date only. So 2 of the 4 EPCI are inscrits.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from data_access import candidatures
from data_access.models import Candidature, CandidatureTerritoire
from data_access.scope import Territory
from tests.builders import add

NATIONAL = Territory.national()
CENTRE = Territory.region("24")
EURE_ET_LOIR = Territory.departement("28")
CHARTRES = Territory.epci("200033181")
CHATEAUDUN = Territory.epci("200069953")
RENNES = Territory.epci("243500139")
ORLEANS = Territory.epci("244500468")


def form(
    number: int,
    departement: str,
    persona: str,
    intention: str,
    statut: str,
    structure: str,
    *,
    epci: str | None = None,
    sent: date | None = None,
    cancelled: date | None = None,
) -> dict[str, object]:
    return {
        "id": number,
        "reference": f"CAND-{number}",
        "code_departement": departement,
        "persona": persona,
        "intention": intention,
        "statut": statut,
        "structure_nom": structure,
        "code_epci": epci,
        "date_envoi": sent,
        "date_annulation": cancelled,
    }


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        Candidature,
        form(
            1,
            "28",
            "epci",
            "porter",
            "confirme",
            "CA Chartres Métropole",
            epci="200033181",
            sent=date(2023, 9, 28),
        ),
        form(
            2,
            "28",
            "conseil-departemental",
            "porter",
            "coporteur",
            "Conseil départemental",
            sent=date(2023, 10, 2),
        ),
        form(3, "35", "structure", "participer", "candidat", "Association Bug", sent=date(2023, 10, 2)),
        form(
            4,
            "45",
            "commune",
            "participer",
            "annule",
            "Ville d'Orléans",
            epci="244500468",
            sent=date(2023, 10, 5),
            cancelled=date(2023, 11, 2),
        ),
        form(5, "28", "commune", "participer", "candidat", "Mairie de Lucé"),
        form(
            6,
            "45",
            "epci",
            "porter",
            "candidat",
            "Orléans Métropole",
            sent=date(2023, 11, 15),
            cancelled=date(2023, 12, 1),
        ),
        form(7, "35", "commune", "participer", "confirme", "Ville de Bruz", sent=date(2023, 11, 20)),
    )
    add(
        geo_engine,
        CandidatureTerritoire,
        {"candidature_id": 2, "type": "epci", "code": "200069953"},
        {"candidature_id": 2, "type": "departement", "code": "28"},
        {"candidature_id": 6, "type": "epci", "code": "244500468"},
        {"candidature_id": 7, "type": "commune", "code": "35238"},
    )
    return geo_engine


# --- counts_by_persona_intention ------------------------------------------------------


def nonzero(frame: object) -> dict[tuple[str, str], int]:
    return {(row.persona, row.intention): row.candidatures for row in frame.itertuples() if row.candidatures}


def test_counts_by_persona_intention_national_keeps_every_pair(store: Engine) -> None:
    frame = candidatures.counts_by_persona_intention(store, NATIONAL)
    assert len(frame) == 10
    assert list(frame["persona"][::2]) == [
        "conseil-regional",
        "conseil-departemental",
        "epci",
        "commune",
        "structure",
    ]
    assert list(frame["intention_libelle"][:2]) == ["Porter", "Participer"]
    assert frame["persona_libelle"].iloc[2] == "Conseil départemental"
    assert nonzero(frame) == {
        ("conseil-departemental", "porter"): 1,
        ("epci", "porter"): 1,
        ("commune", "participer"): 2,
        ("structure", "participer"): 1,
    }


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (
            CENTRE,
            {("conseil-departemental", "porter"): 1, ("epci", "porter"): 1, ("commune", "participer"): 1},
        ),
        (
            EURE_ET_LOIR,
            {("conseil-departemental", "porter"): 1, ("epci", "porter"): 1, ("commune", "participer"): 1},
        ),
        (CHATEAUDUN, {("conseil-departemental", "porter"): 1}),
        (ORLEANS, {}),
    ],
)
def test_counts_by_persona_intention_follow_the_scope(
    store: Engine, territory: Territory, expected: dict[tuple[str, str], int]
) -> None:
    assert nonzero(candidatures.counts_by_persona_intention(store, territory)) == expected


# --- cumulative_submissions ------------------------------------------------------------


def rows(frame: object) -> list[tuple]:
    return [tuple(row) for row in frame.itertuples(index=False)]


def test_cumulative_submissions_per_day_national(store: Engine) -> None:
    frame = candidatures.cumulative_submissions(store, NATIONAL)
    assert rows(frame) == [(date(2023, 9, 28), 1, 1), (date(2023, 10, 2), 2, 3), (date(2023, 11, 20), 1, 4)]


def test_cumulative_submissions_per_month_national(store: Engine) -> None:
    frame = candidatures.cumulative_submissions(store, NATIONAL, period="month")
    assert rows(frame) == [(date(2023, 9, 1), 1, 1), (date(2023, 10, 1), 2, 3), (date(2023, 11, 1), 1, 4)]


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (CENTRE, [(date(2023, 9, 28), 1, 1), (date(2023, 10, 2), 1, 2)]),
        (EURE_ET_LOIR, [(date(2023, 9, 28), 1, 1), (date(2023, 10, 2), 1, 2)]),
        (CHARTRES, [(date(2023, 9, 28), 1, 1)]),
        (ORLEANS, []),
    ],
)
def test_cumulative_submissions_follow_the_scope(store: Engine, territory: Territory, expected: list) -> None:
    assert rows(candidatures.cumulative_submissions(store, territory)) == expected


# --- EPCI coverage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "epci", "inscrits", "part"),
    [
        (NATIONAL, 4, 2, 0.5),
        (CENTRE, 3, 2, 2 / 3),
        (EURE_ET_LOIR, 2, 2, 1.0),
        (CHATEAUDUN, 1, 1, 1.0),
        (RENNES, 1, 0, 0.0),
        (ORLEANS, 1, 0, 0.0),
    ],
)
def test_epci_coverage(store: Engine, territory: Territory, epci: int, inscrits: int, part: float) -> None:
    coverage = candidatures.epci_coverage(store, territory)
    assert (coverage.epci, coverage.inscrits) == (epci, inscrits)
    assert coverage.part == pytest.approx(part)


def test_epci_coverage_without_epci(engine: Engine) -> None:
    coverage = candidatures.epci_coverage(engine, NATIONAL)
    assert (coverage.epci, coverage.inscrits, coverage.part) == (0, 0, None)


def test_epci_coverage_per_departement(store: Engine) -> None:
    national = candidatures.epci_coverage_per_departement(store, NATIONAL)
    assert rows(national[["code", "epci", "inscrits", "part"]]) == [
        ("28", 2, 2, 1.0),
        ("35", 1, 0, 0.0),
        ("45", 1, 0, 0.0),
    ]
    assert list(candidatures.epci_coverage_per_departement(store, CENTRE)["code"]) == ["28", "45"]


@pytest.mark.parametrize(
    ("territory", "codes"),
    [
        (NATIONAL, ["243500139", "244500468"]),
        (CENTRE, ["244500468"]),
        (EURE_ET_LOIR, []),
        (RENNES, ["243500139"]),
    ],
)
def test_epci_without_candidature_largest_first(
    store: Engine, territory: Territory, codes: list[str]
) -> None:
    frame = candidatures.epci_without_candidature(store, territory)
    assert list(frame["code"]) == codes


def test_epci_without_candidature_carries_population_and_departement(store: Engine) -> None:
    frame = candidatures.epci_without_candidature(store, NATIONAL)
    assert rows(frame[["nom", "population", "departement"]]) == [
        ("Rennes Métropole", 3000, "Ille-et-Vilaine"),
        ("Orléans Métropole", 1000, "Loiret"),
    ]


# --- candidatures_table -----------------------------------------------------------------


def test_candidatures_table_national_lists_every_form(store: Engine) -> None:
    frame = candidatures.candidatures_table(store, NATIONAL)
    assert list(frame["reference"]) == [
        "CAND-1",
        "CAND-2",
        "CAND-5",
        "CAND-3",
        "CAND-7",
        "CAND-6",
        "CAND-4",
    ]
    first = frame.iloc[0]
    assert (
        first["persona_libelle"],
        first["intention_libelle"],
        first["statut_libelle"],
        first["epci_nom"],
    ) == (
        "EPCI",
        "Porter",
        "Confirmé",
        "CA Chartres Métropole",
    )
    assert frame["territoires"].iloc[1] == "200069953, 28"
    assert frame["date_envoi"].iloc[0] == date(2023, 9, 28)


@pytest.mark.parametrize(
    ("filters", "references"),
    [
        ({"personas": ["commune"]}, ["CAND-5", "CAND-7", "CAND-4"]),
        ({"statuses": ["annule"]}, ["CAND-4"]),
        ({"intentions": ["porter"], "statuses": ["confirme", "coporteur"]}, ["CAND-1", "CAND-2"]),
        ({"personas": []}, []),
    ],
)
def test_candidatures_table_filters_in_sql(store: Engine, filters: dict, references: list[str]) -> None:
    assert list(candidatures.candidatures_table(store, NATIONAL, **filters)["reference"]) == references


@pytest.mark.parametrize(
    ("territory", "references"),
    [
        (CENTRE, ["CAND-1", "CAND-2", "CAND-5", "CAND-6", "CAND-4"]),
        (EURE_ET_LOIR, ["CAND-1", "CAND-2", "CAND-5"]),
        (CHATEAUDUN, ["CAND-2"]),
        (ORLEANS, ["CAND-6", "CAND-4"]),
        (RENNES, []),
    ],
)
def test_candidatures_table_follows_the_scope(
    store: Engine, territory: Territory, references: list[str]
) -> None:
    assert list(candidatures.candidatures_table(store, territory)["reference"]) == references


# --- candidature_summary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, (5, 2, 3, 1, 2, 4, 2)),
        (CENTRE, (3, 2, 1, 1, 2, 3, 2)),
        (EURE_ET_LOIR, (3, 2, 1, 1, 0, 2, 2)),
        (CHATEAUDUN, (1, 1, 0, 0, 0, 1, 1)),
        (ORLEANS, (0, 0, 0, 0, 2, 1, 0)),
    ],
)
def test_candidature_summary(store: Engine, territory: Territory, expected: tuple) -> None:
    summary = candidatures.candidature_summary(store, territory)
    keys = ("total", "porter", "participer", "sans_date_envoi", "annulees", "epci", "epci_inscrits")
    assert tuple(getattr(summary, key) for key in keys) == expected
    assert summary.part_epci == pytest.approx(expected[6] / expected[5])


def test_candidature_summary_of_an_empty_store(engine: Engine) -> None:
    summary = candidatures.candidature_summary(engine, NATIONAL)
    assert (summary.total, summary.porter, summary.participer, summary.part_epci) == (
        0,
        0,
        0,
        None,
    )
