"""Financing read functions: State envelopes and the money of actions, at every level, both backends.

Action 1 (Eure-et-Loir) has two co-financings AND three subsidy requests, so that
a join of both tables would multiply its amounts (2 × 3 rows).
"""

from __future__ import annotations

from dataclasses import asdict

import pytest
from sqlalchemy import Engine

from data_access import financing
from data_access.models import Action, Axe, Cofinancement, DemandeSubvention, Enveloppe, FeuilleDeRoute
from data_access.scope import Territory
from tests.builders import add

NATIONAL = Territory.national()
CENTRE = Territory.region("24")
BRETAGNE = Territory.region("53")
EURE_ET_LOIR = Territory.departement("28")
LOIRET = Territory.departement("45")
CHATEAUDUN = Territory.epci("200069953")  # attached to 28
RENNES = Territory.epci("243500139")  # attached to 35


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        Enveloppe,
        {"code_departement": "28", "type": "dotation_ingenierie", "libelle": "Dotation 2024", "annee": 2024,
         "montant": 42500},
        {"code_departement": "28", "type": "formation_aidants_connect", "libelle": "Aidants Connect",
         "annee": 2024, "montant": 20000},
        {"code_departement": "28", "type": "dotation_ingenierie", "libelle": "Dotation 2025", "annee": 2025,
         "montant": 10000},
        {"code_departement": "35", "type": "dotation_ingenierie", "libelle": "Dotation 2024", "annee": 2024,
         "montant": 55400},
        {"code_departement": "45", "type": "marche_ingenierie", "libelle": "Marché ANCT", "annee": 2024,
         "montant": 20000},
    )  # fmt: skip
    add(
        geo_engine,
        FeuilleDeRoute,
        {"id": 1, "reference": "FDR-28", "code_departement": "28", "nom": "FDR 28"},
        {"id": 2, "reference": "FDR-35", "code_departement": "35", "nom": "FDR 35"},
    )
    add(
        geo_engine,
        Axe,
        {"id": 1, "feuille_de_route_id": 1, "numero": 1, "nom": "Axe"},
        {"id": 2, "feuille_de_route_id": 2, "numero": 1, "nom": "Axe"},
    )
    add(
        geo_engine,
        Action,
        *(
            {"id": id_, "reference": f"A{id_}", "axe_id": axe_id, "code_departement": dep, "nom": f"A{id_}",
             "budget_global": budget, "statut": "en_cours", "avancement": 10}
            for id_, axe_id, dep, budget in ((1, 1, "28", 40000), (2, 1, "28", None), (3, 2, "35", 20000))
        ),
    )  # fmt: skip
    add(
        geo_engine,
        Cofinancement,
        {"action_id": 1, "financeur": "CAF", "montant": 6000},
        {"action_id": 1, "financeur": "MSA", "montant": 4000},
        {"action_id": 3, "financeur": "Rennes Métropole", "montant": 5000},
    )
    add(
        geo_engine,
        DemandeSubvention,
        {"action_id": 1, "statut": "acceptee", "montant": 8000},
        {"action_id": 1, "statut": "deposee", "montant": 2000},
        {"action_id": 1, "statut": "refusee", "montant": 5000},
        {"action_id": 2, "statut": "enCours", "montant": 1500},
        {"action_id": 3, "statut": "acceptee", "montant": 15000},
    )
    return geo_engine


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (
            NATIONAL,
            [
                ("28", "dotation_ingenierie", 2024, 42500),
                ("28", "dotation_ingenierie", 2025, 10000),
                ("28", "formation_aidants_connect", 2024, 20000),
                ("35", "dotation_ingenierie", 2024, 55400),
                ("45", "marche_ingenierie", 2024, 20000),
            ],
        ),
        (
            CENTRE,
            [
                ("28", "dotation_ingenierie", 2024, 42500),
                ("28", "dotation_ingenierie", 2025, 10000),
                ("28", "formation_aidants_connect", 2024, 20000),
                ("45", "marche_ingenierie", 2024, 20000),
            ],
        ),
        (LOIRET, [("45", "marche_ingenierie", 2024, 20000)]),
        (RENNES, [("35", "dotation_ingenierie", 2024, 55400)]),
        (CHATEAUDUN, [("28", "dotation_ingenierie", 2024, 42500), ("28", "dotation_ingenierie", 2025, 10000),
                      ("28", "formation_aidants_connect", 2024, 20000)]),
    ],
)  # fmt: skip
def test_envelopes_scope(store: Engine, territory: Territory, expected: list) -> None:
    frame = financing.envelopes(store, territory)
    rows = list(zip(frame["code_departement"], frame["type"], frame["annee"], frame["montant"], strict=True))
    assert rows == expected


def test_envelopes_labels(store: Engine) -> None:
    frame = financing.envelopes(store, EURE_ET_LOIR)
    assert frame["departement"].unique().tolist() == ["Eure-et-Loir"]
    assert frame["type_libelle"].tolist() == [
        "Dotation d'ingénierie FNE",
        "Dotation d'ingénierie FNE",
        "Formation Aidants Connect",
    ]
    assert frame["libelle"].tolist() == ["Dotation 2024", "Dotation 2025", "Aidants Connect"]
    assert frame["montant"].sum() == pytest.approx(72500)


def test_envelopes_empty(geo_engine: Engine) -> None:
    frame = financing.envelopes(geo_engine, NATIONAL)
    assert frame.empty
    assert {"code_departement", "type_libelle", "montant"} <= set(frame.columns)


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (
            NATIONAL,
            {
                "enveloppes_etat": 147900,
                "budget_actions": 60000,
                "cofinancements": 15000,
                "subventions_demandees": 26500,  # 8 000 + 2 000 + 1 500 + 15 000; the refused 5 000 is out
                "subventions_acceptees": 23000,
                "financement_engage": 38000,
                "taux_financement": 38000 / 60000,
                "reste_enveloppes": 147900 - 26500,
            },
        ),
        (
            CENTRE,
            {
                "enveloppes_etat": 92500,
                "budget_actions": 40000,
                "cofinancements": 10000,  # 6 000 + 4 000, not doubled by the three requests
                "subventions_demandees": 11500,
                "subventions_acceptees": 8000,
                "financement_engage": 18000,
                "taux_financement": 0.45,
                "reste_enveloppes": 81000,
            },
        ),
        (
            EURE_ET_LOIR,
            {
                "enveloppes_etat": 72500,
                "budget_actions": 40000,
                "cofinancements": 10000,
                "subventions_demandees": 11500,
                "subventions_acceptees": 8000,
                "financement_engage": 18000,
                "taux_financement": 0.45,
                "reste_enveloppes": 61000,
            },
        ),
        (
            RENNES,
            {
                "enveloppes_etat": 55400,
                "budget_actions": 20000,
                "cofinancements": 5000,
                "subventions_demandees": 15000,
                "subventions_acceptees": 15000,
                "financement_engage": 20000,
                "taux_financement": 1.0,
                "reste_enveloppes": 40400,
            },
        ),
        (
            LOIRET,
            {
                "enveloppes_etat": 20000,
                "budget_actions": 0,
                "cofinancements": 0,
                "subventions_demandees": 0,
                "subventions_acceptees": 0,
                "financement_engage": 0,
                "taux_financement": None,
                "reste_enveloppes": 20000,
            },
        ),
    ],
)
def test_financing_summary(store: Engine, territory: Territory, expected: dict) -> None:
    summary = financing.financing_summary(store, territory)
    values = asdict(summary)
    assert {key: values[key] for key in expected} == pytest.approx(expected)
    assert (summary.montant_conventionne, summary.montant_verse, summary.aidants_prevus) == (0, 0, None)


def test_financing_summary_of_an_empty_store(geo_engine: Engine) -> None:
    summary = financing.financing_summary(geo_engine, BRETAGNE)
    assert summary.enveloppes_etat == 0
    assert summary.financement_engage == 0
    assert summary.taux_financement is None
