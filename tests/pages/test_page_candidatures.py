"""The Candidatures page shows the data layer's figures, at national, région and département levels."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.formatting import fr_date, fr_number, fr_percent
from dashboard.layout import TABLE_PAGE_ROWS
from data_access import candidatures
from data_access.scope import Territory
from tests.pages.conftest import (
    QUERY_PARAMS,
    TERRITORY_LEVELS,
    all_text,
    metric_values,
    run_page,
    table,
)

PAGE = "pages/candidatures.py"
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
LEVELS = ["national", "region", "departement"]


@pytest.mark.parametrize("level", LEVELS)
def test_metrics(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    summary = candidatures.candidature_summary(app_engine, TERRITORY_LEVELS[level])
    assert summary.total > 0, "the demo store has candidatures at every tested level"
    assert metric_values(app) == {
        "Formulaires envoyés": fr_number(summary.total),
        "Pour porter": fr_number(summary.porter),
        "Pour participer": fr_number(summary.participer),
        "Part des EPCI inscrits": fr_percent(summary.part_epci),
    }


@pytest.mark.parametrize("level", LEVELS)
def test_persona_intention_and_timeline_tables(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    territory = TERRITORY_LEVELS[level]
    counts = candidatures.counts_by_persona_intention(app_engine, territory)
    shown = table(app, "Profil", "Intention", "Candidatures")
    assert list(shown["Profil"]) == list(counts["persona_libelle"])
    assert list(shown["Candidatures"]) == list(counts["candidatures"])
    timeline = candidatures.cumulative_submissions(app_engine, territory)
    shown_timeline = table(app, "Date d'envoi", "Cumul")
    assert list(shown_timeline["Date d'envoi"]) == [fr_date(value) for value in timeline["date_envoi"]]
    assert list(shown_timeline["Cumul"]) == list(timeline["cumul"])


@pytest.mark.parametrize("level", LEVELS)
def test_epci_without_candidature(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    territory = TERRITORY_LEVELS[level]
    coverage = candidatures.epci_coverage(app_engine, territory)
    assert f"**{fr_number(coverage.inscrits)}** EPCI inscrits sur **{fr_number(coverage.epci)}**" in all_text(
        app
    )
    missing = candidatures.epci_without_candidature(app_engine, territory)
    if missing.empty:
        assert "Tous les EPCI du territoire sont inscrits." in all_text(app)
        return
    shown = table(app, "SIREN", "Population")
    assert list(shown["SIREN"]) == list(missing["code"])
    assert list(shown["Population"]) == [fr_number(value) for value in missing["population"]]


@pytest.mark.parametrize("level", LEVELS)
def test_forms_table_and_its_filters(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    territory = TERRITORY_LEVELS[level]
    everything = candidatures.candidatures_table(app_engine, territory)
    shown_first = list(table(app, "Référence", "Structure")["Référence"])
    assert shown_first == list(everything["reference"])[:TABLE_PAGE_ROWS]
    if len(everything) > TABLE_PAGE_ROWS:
        assert f"Lignes 1 à {TABLE_PAGE_ROWS} sur {fr_number(len(everything))}" in all_text(app)
        app.number_input(key="candidatures_formulaires_page").set_value(2)
        app.run()
        second = list(everything["reference"])[TABLE_PAGE_ROWS : 2 * TABLE_PAGE_ROWS]
        assert list(table(app, "Référence", "Structure")["Référence"]) == second
        app.number_input(key="candidatures_formulaires_page").set_value(1)
    app.multiselect(key="candidatures_filtre_intention").set_value(["porter"])
    app.multiselect(key="candidatures_filtre_statut").set_value(["candidat", "confirme"])
    app.run()
    assert not app.exception
    filtered = candidatures.candidatures_table(
        app_engine, territory, intentions=["porter"], statuses=["candidat", "confirme"]
    )
    if filtered.empty:
        assert "Aucun formulaire ne correspond" in all_text(app)
        return
    shown = table(app, "Référence", "Structure")
    assert list(shown["Référence"]) == list(filtered["reference"])[: len(shown)]
    assert set(shown["Intention"]) == {"Porter"}
    assert set(shown["Statut"]) <= {"Candidat", "Confirmé"}


def test_region_shows_the_coverage_of_each_departement(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, **QUERY_PARAMS["region"])
    expected = candidatures.epci_coverage_per_departement(app_engine, TERRITORY_LEVELS["region"])
    shown = table(app, "EPCI inscrits", "Part des EPCI inscrits")
    assert list(shown["Code"]) == list(expected["code"])
    assert list(shown["Part des EPCI inscrits"]) == [fr_percent(value) for value in expected["part"]]


def test_store_without_candidature(empty_store_url: str) -> None:
    app = run_page(PAGE, region="24")
    assert metric_values(app)["Formulaires envoyés"] == "0"
    assert metric_values(app)["Part des EPCI inscrits"] == "0\u00a0%"
    text = all_text(app)
    assert "Aucune candidature n'a été déposée pour ce territoire." in text
    assert "Aucun formulaire envoyé" in text
    assert list(table(app, "SIREN", "Population")["SIREN"]) == ["244500468", "200033181", "200069953"]


def test_epci_level_counts_the_forms_of_that_epci(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, departement="28", epci="200033181")
    territory = Territory.epci("200033181")
    summary = candidatures.candidature_summary(app_engine, territory)
    assert metric_values(app)["Formulaires envoyés"] == fr_number(summary.total)
    assert metric_values(app)["Part des EPCI inscrits"] == fr_percent(summary.part_epci)
    shown = table(app, "Référence", "Structure")
    assert list(shown["Référence"]) == list(
        candidatures.candidatures_table(app_engine, territory)["reference"]
    )
