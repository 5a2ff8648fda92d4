"""Roadmap read functions on hand-made roadmaps, at every territory level, on both backends.

Three roadmaps: Eure-et-Loir (28, three axes, four actions), Loiret (45, one axis named
like Eure-et-Loir's first axis) and Ille-et-Vilaine (35). Action A-28-01 has two
co-financings AND two subsidy requests: a naive join would count each amount twice.
``TODAY`` is fixed so that lateness is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import roadmaps
from data_access.models import Action, Axe, Cofinancement, DemandeSubvention, FeuilleDeRoute
from data_access.scope import Territory
from tests.builders import add

TODAY = date(2024, 9, 1)

NATIONAL = Territory.national()
CENTRE = Territory.region("24")
BRETAGNE = Territory.region("53")
EURE_ET_LOIR = Territory.departement("28")
ILLE_ET_VILAINE = Territory.departement("35")
CHARTRES = Territory.epci("200033181")  # attached to 28
ORLEANS = Territory.epci("244500468")  # attached to 45
RENNES = Territory.epci("243500139")  # attached to 35


def action(id_: int, axe_id: int, dep: str, statut: str, avancement: int, end: date, **extra: object) -> dict:
    return {
        "id": id_,
        "reference": f"A-{dep}-{id_:02d}",
        "axe_id": axe_id,
        "code_departement": dep,
        "nom": extra.pop("nom", f"Action {id_}"),
        "porteur_nom": extra.pop("porteur_nom", None),
        "statut": statut,
        "avancement": avancement,
        "date_debut": date(2024, 1, 1),
        "date_fin": end,
        "budget_global": extra.pop("budget_global", None),
    }


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        FeuilleDeRoute,
        {
            "id": 1,
            "reference": "FDR-28",
            "code_departement": "28",
            "nom": "Feuille de route Eure-et-Loir",
            "perimetre": "departemental",
            "porteur_nom": "Conseil départemental d'Eure-et-Loir",
            "date_adoption": date(2024, 6, 20),
        },
        {
            "id": 2,
            "reference": "FDR-45",
            "code_departement": "45",
            "nom": "Feuille de route Loiret",
            "perimetre": "departemental",
            "porteur_nom": "Préfecture du Loiret",
            "date_adoption": None,
        },
        {
            "id": 3,
            "reference": "FDR-35",
            "code_departement": "35",
            "nom": "Feuille de route Ille-et-Vilaine",
            "perimetre": "groupementsDeCommunes",
            "porteur_nom": "Rennes Métropole",
            "date_adoption": date(2024, 10, 1),
        },
    )
    add(
        geo_engine,
        Axe,
        {"id": 1, "feuille_de_route_id": 1, "numero": 1, "nom": "Coordonner la médiation"},
        {"id": 2, "feuille_de_route_id": 1, "numero": 2, "nom": "Compétences numériques"},
        {"id": 3, "feuille_de_route_id": 1, "numero": 3, "nom": "Équipement"},
        {"id": 4, "feuille_de_route_id": 2, "numero": 1, "nom": "Coordonner la médiation"},
        {"id": 5, "feuille_de_route_id": 3, "numero": 1, "nom": "Inclusion numérique"},
    )
    add(
        geo_engine,
        Action,
        # late: ended 30 June, still running
        action(1, 1, "28", "en_cours", 40, date(2024, 6, 30), porteur_nom="Conseil départemental",
               budget_global=25000),
        action(2, 1, "28", "a_lancer", 0, date(2025, 6, 30), porteur_nom="Préfecture", budget_global=8000),
        # past end dates but closed: not late
        action(3, 2, "28", "terminee", 100, date(2024, 5, 31), porteur_nom="CNFPT", budget_global=12000),
        action(4, 2, "28", "abandonnee", 20, date(2024, 3, 31), porteur_nom="CCAS de Chartres"),
        # late by one day
        action(5, 4, "45", "en_cours", 50, date(2024, 8, 31), porteur_nom="Conseil départemental du Loiret",
               budget_global=10000),
        # ends today: not late yet
        action(6, 5, "35", "en_cours", 25, TODAY, porteur_nom="Rennes Métropole", budget_global=60000),
    )  # fmt: skip
    add(
        geo_engine,
        Cofinancement,
        {"action_id": 1, "financeur": "Conseil départemental", "montant": 10000},
        {"action_id": 1, "financeur": "CAF", "montant": 5000},
        {"action_id": 3, "financeur": "Région", "montant": 2000},
        {"action_id": 5, "financeur": "Orléans Métropole", "montant": 4000},
        {"action_id": 6, "financeur": "Rennes Métropole", "montant": 10000},
        {"action_id": 6, "financeur": "Bruz", "montant": 5000},
    )
    add(
        geo_engine,
        DemandeSubvention,
        {"action_id": 1, "statut": "acceptee", "montant": 12000},
        {"action_id": 1, "statut": "refusee", "montant": 3000},
        {"action_id": 3, "statut": "deposee", "montant": 20000},
        {"action_id": 5, "statut": "enCours", "montant": 6000},
        {"action_id": 5, "statut": "acceptee", "montant": 1000},
        {"action_id": 6, "statut": "enCours", "montant": 30000},
    )
    return geo_engine


# --- roadmaps_list -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, [("FDR-28", 3, 4), ("FDR-35", 1, 1), ("FDR-45", 1, 1)]),
        (CENTRE, [("FDR-28", 3, 4), ("FDR-45", 1, 1)]),
        (EURE_ET_LOIR, [("FDR-28", 3, 4)]),
        (CHARTRES, [("FDR-28", 3, 4)]),
        (ORLEANS, [("FDR-45", 1, 1)]),
    ],
)
def test_roadmaps_list_counts_axes_and_actions(store: Engine, territory: Territory, expected: list) -> None:
    frame = roadmaps.roadmaps_list(store, territory)
    assert list(zip(frame["reference"], frame["axes"], frame["actions"], strict=True)) == expected


def test_roadmaps_list_describes_each_roadmap(store: Engine) -> None:
    frame = roadmaps.roadmaps_list(store, NATIONAL).set_index("reference")
    assert frame.loc["FDR-28", "departement"] == "Eure-et-Loir"
    assert frame.loc["FDR-28", "code_departement"] == "28"
    assert frame.loc["FDR-28", "porteur_nom"] == "Conseil départemental d'Eure-et-Loir"
    assert frame.loc["FDR-28", "date_adoption"] == date(2024, 6, 20)
    assert frame.loc["FDR-35", "perimetre_libelle"] == "Groupements de communes"
    assert frame.loc["FDR-28", "perimetre_libelle"] == "Départemental"
    assert pd.isna(frame.loc["FDR-45", "date_adoption"])


def test_roadmaps_list_of_an_empty_store_is_an_empty_frame(geo_engine: Engine) -> None:
    frame = roadmaps.roadmaps_list(geo_engine, NATIONAL)
    assert frame.empty
    assert {"reference", "axes", "actions"} <= set(frame.columns)


# --- progress ----------------------------------------------------------------------------


def test_progress_by_axis_national_keeps_axes_of_different_roadmaps_apart(store: Engine) -> None:
    frame = roadmaps.progress_by_axis(store, NATIONAL)
    rows = list(
        zip(
            frame["code_departement"],
            frame["numero"],
            frame["a_lancer"],
            frame["en_cours"],
            frame["terminee"],
            frame["abandonnee"],
            frame["actions"],
            strict=True,
        )
    )
    assert rows == [
        ("28", 1, 1, 1, 0, 0, 2),
        ("28", 2, 0, 0, 1, 1, 2),
        ("28", 3, 0, 0, 0, 0, 0),
        ("35", 1, 0, 1, 0, 0, 1),
        ("45", 1, 0, 1, 0, 0, 1),
    ]
    means = frame["avancement_moyen"].tolist()
    assert means[0] == pytest.approx(20)  # (40 + 0) / 2
    assert means[1] == pytest.approx(60)  # (100 + 20) / 2
    assert math.isnan(means[2])  # no action on axis 3
    assert means[3:] == pytest.approx([25, 50])


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (CENTRE, [("28", 1), ("28", 2), ("28", 3), ("45", 1)]),
        (EURE_ET_LOIR, [("28", 1), ("28", 2), ("28", 3)]),
        (CHARTRES, [("28", 1), ("28", 2), ("28", 3)]),
        (BRETAGNE, [("35", 1)]),
    ],
)
def test_progress_by_axis_scope(store: Engine, territory: Territory, expected: list) -> None:
    frame = roadmaps.progress_by_axis(store, territory)
    assert list(zip(frame["code_departement"], frame["numero"], strict=True)) == expected
    assert set(frame["feuille"]) == {f"FDR-{code}" for code, _ in expected}


def test_progress_by_roadmap(store: Engine) -> None:
    frame = roadmaps.progress_by_roadmap(store, CENTRE)
    assert frame["feuille"].tolist() == ["FDR-28", "FDR-45"]
    assert frame["actions"].tolist() == [4, 1]
    assert frame["en_cours"].tolist() == [1, 1]
    assert frame["avancement_moyen"].tolist() == pytest.approx([40, 50])  # 160 / 4, 50


@pytest.mark.parametrize(
    ("territory", "regions", "counts", "means"),
    [
        # région 24: FDR-28 (4 actions) + FDR-45 (1): 210 / 5 = 42 % on average
        (NATIONAL, ["24", "53"], [[2, 5, 1, 2, 1, 1], [1, 1, 0, 1, 0, 0]], [42, 25]),
        (CENTRE, ["24"], [[2, 5, 1, 2, 1, 1]], [42]),
        (ORLEANS, ["24"], [[1, 1, 0, 1, 0, 0]], [50]),
    ],
)
def test_progress_by_region(
    store: Engine, territory: Territory, regions: list, counts: list, means: list
) -> None:
    frame = roadmaps.progress_by_region(store, territory)
    assert frame["code_region"].tolist() == regions
    columns = ["feuilles", "actions", "a_lancer", "en_cours", "terminee", "abandonnee"]
    assert frame[columns].to_numpy().tolist() == counts
    assert frame["avancement_moyen"].tolist() == pytest.approx(means)
    assert frame["region"].iloc[0] == "Centre-Val de Loire"


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, [1, 3, 1, 1]),
        (CENTRE, [1, 2, 1, 1]),
        (EURE_ET_LOIR, [1, 1, 1, 1]),
        (ORLEANS, [0, 1, 0, 0]),
        (RENNES, [0, 1, 0, 0]),
    ],
)
def test_progress_by_status(store: Engine, territory: Territory, expected: list[int]) -> None:
    frame = roadmaps.progress_by_status(store, territory)
    assert frame["statut"].tolist() == ["a_lancer", "en_cours", "terminee", "abandonnee"]
    assert frame["statut_libelle"].tolist() == ["À lancer", "En cours", "Terminée", "Abandonnée"]
    assert frame["actions"].tolist() == expected


# --- actions_table -------------------------------------------------------------------------


def test_actions_table_money_is_not_double_counted(store: Engine) -> None:
    frame = roadmaps.actions_table(store, NATIONAL, today=TODAY).set_index("reference")
    assert frame.index.tolist() == ["A-28-01", "A-28-02", "A-28-03", "A-28-04", "A-35-06", "A-45-05"]
    first = frame.loc["A-28-01"]
    # two co-financings × two requests: 15 000 and 12 000, not 30 000 and 24 000
    assert first["cofinancement"] == pytest.approx(15000)
    assert first["subvention_demandee"] == pytest.approx(12000)  # the refused 3 000 is not requested any more
    assert first["subvention_acceptee"] == pytest.approx(12000)
    assert first["subvention_statut"] == "acceptee"
    assert first["subvention_statut_libelle"] == "Acceptée"
    assert frame["cofinancement"].tolist() == pytest.approx([15000, 0, 2000, 0, 15000, 4000])
    assert frame["subvention_demandee"].tolist() == pytest.approx([12000, 0, 20000, 0, 30000, 7000])
    assert frame["subvention_acceptee"].tolist() == pytest.approx([12000, 0, 0, 0, 0, 1000])
    assert frame.loc["A-45-05", "subvention_statut"] == "acceptee"  # the furthest of enCours, acceptee
    assert frame.loc["A-28-03", "subvention_statut_libelle"] == "Déposée"
    assert frame.loc["A-35-06", "subvention_statut_libelle"] == "En cours d'instruction"
    assert pd.isna(frame.loc["A-28-02", "subvention_statut"])


def test_actions_table_columns(store: Engine) -> None:
    frame = roadmaps.actions_table(store, EURE_ET_LOIR, today=TODAY).set_index("reference")
    first = frame.loc["A-28-01"]
    assert (first["axe_numero"], first["axe_nom"]) == (1, "Coordonner la médiation")
    assert first["action"] == "Action 1"
    assert first["porteur"] == "Conseil départemental"
    assert first["statut"] == "en_cours"
    assert first["statut_libelle"] == "En cours"
    assert first["avancement"] == 40
    assert first["budget_global"] == pytest.approx(25000)
    assert first["date_debut"] == date(2024, 1, 1)
    assert first["date_fin"] == date(2024, 6, 30)
    assert frame.loc["A-28-03", "statut_libelle"] == "Terminée"


@pytest.mark.parametrize(
    ("territory", "late"),
    [
        (NATIONAL, ["A-28-01", "A-45-05"]),
        (CENTRE, ["A-28-01", "A-45-05"]),
        (EURE_ET_LOIR, ["A-28-01"]),
        (ORLEANS, ["A-45-05"]),
        (RENNES, []),
    ],
)
def test_actions_table_flags_late_actions(store: Engine, territory: Territory, late: list[str]) -> None:
    frame = roadmaps.actions_table(store, territory, today=TODAY)
    assert frame["en_retard"].dtype == bool
    assert frame.loc[frame["en_retard"], "reference"].tolist() == late


def test_lateness_depends_on_today(store: Engine) -> None:
    frame = roadmaps.actions_table(store, RENNES, today=date(2024, 9, 2))
    assert frame["en_retard"].tolist() == [True]


@pytest.mark.parametrize(
    ("territory", "filters", "expected"),
    [
        (NATIONAL, {"axes": [1]}, ["A-28-01", "A-28-02"]),
        (NATIONAL, {"axes": [1, 4]}, ["A-28-01", "A-28-02", "A-45-05"]),
        (NATIONAL, {"statuses": ["en_cours"]}, ["A-28-01", "A-35-06", "A-45-05"]),
        (EURE_ET_LOIR, {"statuses": ["terminee", "abandonnee"]}, ["A-28-03", "A-28-04"]),
        (NATIONAL, {"porteur_query": "conseil"}, ["A-28-01", "A-45-05"]),
        (NATIONAL, {"porteur_query": "  MÉTROPOLE "}, ["A-35-06"]),
        (NATIONAL, {"porteur_query": "%"}, []),
        (CENTRE, {"statuses": ["en_cours"], "porteur_query": "loiret"}, ["A-45-05"]),
        (EURE_ET_LOIR, {"axes": [4]}, []),
        (CHARTRES, {"axes": [2], "statuses": ["terminee"]}, ["A-28-03"]),
        (NATIONAL, {"axes": [], "statuses": [], "porteur_query": ""}, [f"A-{n}" for n in
                                                                       ("28-01", "28-02", "28-03", "28-04",
                                                                        "35-06", "45-05")]),
    ],
)  # fmt: skip
def test_actions_table_filters(store: Engine, territory: Territory, filters: dict, expected: list) -> None:
    frame = roadmaps.actions_table(store, territory, today=TODAY, **filters)
    assert frame["reference"].tolist() == expected


def test_overdue_actions_longest_first(store: Engine) -> None:
    frame = roadmaps.overdue_actions(store, NATIONAL, today=TODAY)
    assert frame["reference"].tolist() == ["A-28-01", "A-45-05"]
    assert frame["jours_de_retard"].tolist() == [63, 1]  # 30 June → 1 September; 31 August → 1 September
    assert frame["en_retard"].all()


@pytest.mark.parametrize(
    ("territory", "expected"),
    [(CENTRE, ["A-28-01", "A-45-05"]), (EURE_ET_LOIR, ["A-28-01"]), (ORLEANS, ["A-45-05"]), (RENNES, [])],
)
def test_overdue_actions_scope(store: Engine, territory: Territory, expected: list[str]) -> None:
    frame = roadmaps.overdue_actions(store, territory, today=TODAY)
    assert frame["reference"].tolist() == expected
    assert "jours_de_retard" in frame.columns


# --- budget ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, (115000, 36000, 69000, 13000)),
        (CENTRE, (55000, 21000, 39000, 13000)),
        (EURE_ET_LOIR, (45000, 17000, 32000, 12000)),
        (CHARTRES, (45000, 17000, 32000, 12000)),
        (RENNES, (60000, 15000, 30000, 0)),
    ],
)
def test_budget_summary_totals(store: Engine, territory: Territory, expected: tuple) -> None:
    summary = roadmaps.budget_summary(store, territory)
    totals = (
        summary.budget_global,
        summary.cofinancements,
        summary.subventions_demandees,
        summary.subventions_acceptees,
    )
    assert totals == pytest.approx(expected)


def test_budget_summary_per_axis(store: Engine) -> None:
    frame = roadmaps.budget_summary(store, CENTRE).par_axe
    assert list(zip(frame["code_departement"], frame["numero"], strict=True)) == [
        ("28", 1),
        ("28", 2),
        ("28", 3),
        ("45", 1),
    ]
    assert frame["actions"].tolist() == [2, 2, 0, 1]
    assert frame["budget_global"].tolist() == pytest.approx([33000, 12000, 0, 10000])
    assert frame["cofinancements"].tolist() == pytest.approx([15000, 2000, 0, 4000])
    assert frame["subventions_demandees"].tolist() == pytest.approx([12000, 20000, 0, 7000])
    assert frame["subventions_acceptees"].tolist() == pytest.approx([12000, 0, 0, 1000])


def test_budget_summary_of_an_empty_store(geo_engine: Engine) -> None:
    summary = roadmaps.budget_summary(geo_engine, NATIONAL)
    assert (summary.budget_global, summary.cofinancements, summary.subventions_acceptees) == (0, 0, 0)
    assert summary.par_axe.empty


# --- roadmap_summary ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (NATIONAL, {"feuilles": 3, "actions": 6, "avancement_moyen": 235 / 6, "part_terminees": 1 / 6,
                    "actions_en_retard": 2}),
        (CENTRE, {"feuilles": 2, "actions": 5, "avancement_moyen": 42, "part_terminees": 0.2,
                  "actions_en_retard": 2}),
        (EURE_ET_LOIR, {"feuilles": 1, "actions": 4, "avancement_moyen": 40, "part_terminees": 0.25,
                        "actions_en_retard": 1}),
        (CHARTRES, {"feuilles": 1, "actions": 4, "avancement_moyen": 40, "part_terminees": 0.25,
                    "actions_en_retard": 1}),
        (ILLE_ET_VILAINE, {"feuilles": 1, "actions": 1, "avancement_moyen": 25, "part_terminees": 0,
                           "actions_en_retard": 0}),
    ],
)  # fmt: skip
def test_roadmap_summary(store: Engine, territory: Territory, expected: dict) -> None:
    assert asdict(roadmaps.roadmap_summary(store, territory, today=TODAY)) == pytest.approx(expected)


def test_roadmap_summary_without_roadmaps(geo_engine: Engine) -> None:
    assert asdict(roadmaps.roadmap_summary(geo_engine, EURE_ET_LOIR, today=TODAY)) == {
        "feuilles": 0,
        "actions": 0,
        "avancement_moyen": None,
        "part_terminees": None,
        "actions_en_retard": 0,
    }
