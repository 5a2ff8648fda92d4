"""The Lieux de médiation page shows the data layer's figures, from France down to an EPCI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.formatting import fr_date, fr_number, fr_percent
from dashboard.layout import TABLE_PAGE_ROWS
from data_access import lieux
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import (
    QUERY_PARAMS,
    TERRITORY_LEVELS,
    all_text,
    metric_values,
    run_page,
    table,
)

PAGE = "pages/lieux.py"
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
LEVELS = list(TERRITORY_LEVELS)
EPCI = "200033181"
MAX_MAP_BYTES = 2_500_000


def map_payloads(app: AppTest) -> list[int]:
    return [len(chart.proto.json) for chart in app.get("deck_gl_json_chart")]


@pytest.mark.parametrize("level", LEVELS)
def test_metrics(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    summary = lieux.lieux_summary(app_engine, TERRITORY_LEVELS[level], reference_date(app_engine))
    assert summary.lieux > 0, "the demo store has lieux at every tested level"
    assert metric_values(app) == {
        "Lieux recensés": fr_number(summary.lieux),
        "Objectif": fr_number(summary.objectif),
        "Progression": fr_percent(summary.progression),
        "Part à jour (< 6 mois)": fr_percent(summary.part_a_jour),
    }
    assert f"Dernier relevé : {fr_date(summary.dernier_releve)}" in all_text(app)


@pytest.mark.parametrize("level", LEVELS)
def test_target_table_has_a_progress_column(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    expected = lieux.places_per_departement(app_engine, TERRITORY_LEVELS[level])
    shown = table(app, "Lieux recensés", "Objectif", "Progression")
    assert list(shown["Code"]) == list(expected["code"])
    assert list(shown["Lieux recensés"]) == [fr_number(value) for value in expected["lieux"]]
    assert list(shown["Objectif"]) == [fr_number(value) for value in expected["objectif"]]
    assert shown["Progression"].tolist() == pytest.approx((expected["progression"] * 100).tolist())


@pytest.mark.parametrize("level", LEVELS)
def test_evolution_labels_typologies_and_freshness(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    territory = TERRITORY_LEVELS[level]
    evolution = lieux.snapshot_evolution(app_engine, territory)
    shown = table(app, "Date du relevé")
    assert list(shown["Date du relevé"]) == [fr_date(value) for value in evolution["date"]]
    assert list(shown["Lieux recensés"]) == [fr_number(value) for value in evolution["lieux"]]
    labels = lieux.places_by_label(app_engine, territory)
    shown = table(app, "Label national")
    assert list(shown["Label national"]) == list(labels["label"])
    assert list(shown["Lieux"]) == [fr_number(value) for value in labels["lieux"]]
    typologies = lieux.places_by_typology(app_engine, territory)
    shown = table(app, "Typologie")
    assert list(shown["Typologie"]) == list(typologies["typologie"])
    assert list(shown["Lieux"]) == [fr_number(value) for value in typologies["lieux"]]
    freshness = lieux.freshness_bands(app_engine, territory, reference_date(app_engine))
    shown = table(app, "Ancienneté de la mise à jour")
    assert list(shown["Ancienneté de la mise à jour"]) == list(freshness["libelle"])
    assert list(shown["Part des lieux"]) == [fr_percent(value) for value in freshness["part"]]


def test_national_map_sums_lieux_per_epci_within_the_payload_budget(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE)
    epcis = lieux.places_per_epci(app_engine, Territory.national())
    [payload] = map_payloads(app)
    assert payload < MAX_MAP_BYTES
    shown = table(app, "EPCI", "Lieux pour 10 000 habitants")
    assert len(epcis) > 1000
    assert len(shown) == TABLE_PAGE_ROWS  # the table pages through the EPCI; the exports keep them all
    assert list(shown["Lieux"]) == [fr_number(value) for value in epcis["lieux"].head(TABLE_PAGE_ROWS)]
    assert f"sur {fr_number(len(epcis))}" in all_text(app)


def test_departement_map_lists_its_lieux_and_epci(open_page, app_engine: Engine) -> None:
    territory = TERRITORY_LEVELS["departement"]
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    points = lieux.places_on_map(app_engine, territory)
    shown = table(app, "Lieu", "Commune", "Mise à jour")
    assert list(shown["Lieu"]) == list(points["nom"])
    assert list(shown["Mise à jour"]) == [fr_date(value) for value in points["date_maj"]]
    epci = lieux.places_per_epci(app_engine, territory)
    shown = table(app, "EPCI", "Lieux pour 10 000 habitants")
    assert list(shown["EPCI"]) == list(epci["nom"])
    assert list(shown["Lieux"]) == [fr_number(value) for value in epci["lieux"]]


def test_epci_level_shows_density_not_target(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, epci=EPCI)
    territory = Territory.epci(EPCI)
    summary = lieux.lieux_summary(app_engine, territory, reference_date(app_engine))
    assert summary.lieux > 0
    assert metric_values(app) == {
        "Lieux recensés": fr_number(summary.lieux),
        "Lieux pour 10 000 habitants": fr_number(summary.lieux_pour_10000, 1),
        "Part à jour (< 6 mois)": fr_percent(summary.part_a_jour),
    }
    assert "les objectifs sont fixés par département" in all_text(app)
    points = lieux.places_on_map(app_engine, territory)
    assert list(table(app, "Lieu", "Commune")["Lieu"]) == list(points["nom"])


def test_store_without_lieux(empty_store_url: str) -> None:
    app = run_page(PAGE, region="24")
    assert "Aucun lieu de médiation numérique n'est recensé pour ce territoire" in all_text(app)
    assert not app.get("deck_gl_json_chart")
    shown = table(app, "Lieux recensés", "Objectif")
    assert list(shown["Département"]) == ["Eure-et-Loir", "Loiret"]
    assert list(shown["Lieux recensés"]) == ["0", "0"]
    assert list(shown["Objectif"]) == [fr_number(5000), fr_number(5000)]
