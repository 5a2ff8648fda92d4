"""The Gouvernance page shows the data layer's figures, at national, région and département levels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete
from streamlit.testing.v1 import AppTest

from dashboard.charts.governance import lateness_matrix
from dashboard.formatting import fr_date, fr_number, fr_percent
from data_access import governance
from data_access.models import JalonLocal
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import (
    PAGE_TIMEOUT_SECONDS,
    QUERY_PARAMS,
    TERRITORY_LEVELS,
    all_text,
    metric_values,
    run_page,
    table,
)

PAGE = "pages/governance.py"
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"


@pytest.mark.parametrize("level", ["national", "region"])
def test_metrics_above_departement_level(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    summary = governance.governance_summary(app_engine, TERRITORY_LEVELS[level])
    metrics = metric_values(app)
    assert metrics["Départements"] == fr_number(summary.departements)
    assert metrics["Formalisées ou au-delà"] == fr_number(summary.formalisees)
    assert metrics["Part formalisée ou au-delà"] == fr_percent(summary.part_formalisees)
    assert metrics["Feuilles de route adoptées"] == fr_number(summary.feuilles_adoptees)


def test_metrics_of_a_departement(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    row = governance.stage_per_departement(app_engine, TERRITORY_LEVELS["departement"]).iloc[0]
    metrics = metric_values(app)
    assert metrics["Étape"] == row["etape_libelle"]
    assert metrics["Co-porteurs"] == fr_number(row["nb_coporteurs"])
    assert metrics["Comités"] == fr_number(row["nb_comites"])
    assert metrics["Dernière réunion"] == fr_date(row["derniere_reunion"])
    assert not app.get("deck_gl_json_chart"), "no map for a single département"


@pytest.mark.parametrize("level", ["national", "region", "departement"])
def test_table_per_departement(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    expected = governance.stage_per_departement(app_engine, TERRITORY_LEVELS[level])
    shown = table(app, "Département", "Sous-préfet référent")
    assert list(shown["Code"]) == list(expected["code"])
    assert list(shown["Étape"]) == list(expected["etape_libelle"])
    assert list(shown["Co-porteurs"]) == list(expected["coporteurs"])
    assert list(shown["Comités"]) == list(expected["nb_comites"])
    assert list(shown["Feuilles de route"]) == list(expected["nb_feuilles_de_route"])
    assert list(shown["Dernière réunion"]) == [fr_date(value) for value in expected["derniere_reunion"]]


@pytest.mark.parametrize("level", ["national", "region"])
def test_map_and_stage_counts(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    counts = governance.stage_counts(app_engine, TERRITORY_LEVELS[level])
    shown = table(app, "Étape", "Départements")
    assert list(shown["Étape"]) == list(counts["etape_libelle"])
    assert list(shown["Départements"]) == list(counts["departements"])
    assert len(app.get("deck_gl_json_chart")) == 1
    legend = "".join(str(element.proto) for element in app.get("html"))
    assert "Étape de la gouvernance" in legend and "Mise en œuvre" in legend


@pytest.mark.parametrize("level", ["national", "region", "departement"])
def test_milestone_matrix(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    expected = lateness_matrix(
        governance.milestone_lateness(app_engine, TERRITORY_LEVELS[level], reference_date(app_engine))
    )
    shown = table(app, "Gouvernance pressentie remontée", "Feuille de route adoptée")
    assert list(shown["Code"]) == list(expected["code"])
    for column in (
        "Gouvernance pressentie remontée",
        "Périmètre et acteurs formalisés",
        "Feuille de route adoptée",
    ):
        assert list(shown[column]) == list(expected[column])
    counts = governance.lateness_counts(app_engine, TERRITORY_LEVELS[level], reference_date(app_engine))
    shown_counts = table(app, "Jalon", "Statut")
    assert list(shown_counts["Départements"]) == list(counts["departements"])


def test_detail_of_the_departement(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    detail = governance.departement_detail(app_engine, Territory.departement("28"))
    text = all_text(app)
    if not detail.has_governance:
        assert "Aucune gouvernance n'est encore remontée" in text
        return
    assert detail.etape_libelle in text
    if not detail.reunions.empty:
        shown = table(app, "Conclusions", "Décisions")
        assert list(shown["Date"]) == [fr_date(value) for value in detail.reunions["date"]]
    if not detail.coporteurs.empty:
        assert list(table(app, "Co-porteur")["Co-porteur"]) == list(detail.coporteurs["nom"])


def test_detail_follows_the_selected_departement(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, **QUERY_PARAMS["region"])
    chosen = governance.stage_per_departement(app_engine, TERRITORY_LEVELS["region"])
    box = app.selectbox(key="gouvernance_detail_departement")
    assert box.options == [f"{row.code} – {row.nom}" for row in chosen.itertuples()]
    with_meetings = [
        code
        for code in chosen["code"]
        if not governance.departement_detail(app_engine, Territory.departement(code)).reunions.empty
    ]
    if not with_meetings:
        pytest.skip("aucune réunion dans les données de démonstration de la région")
    box.set_value(with_meetings[-1]).run()
    assert not app.exception
    detail = governance.departement_detail(app_engine, Territory.departement(with_meetings[-1]))
    shown = table(app, "Conclusions", "Décisions")
    assert list(shown["Comité"]) == list(detail.reunions["comite"])


def test_store_without_governance(empty_store_url: str) -> None:
    app = run_page(PAGE, departement="28")
    assert metric_values(app)["Étape"] == "Aucune gouvernance"
    assert "Aucune gouvernance n'est encore remontée pour Eure-et-Loir." in all_text(app)


def test_epci_level_shows_the_governance_of_its_departement(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, departement="28", epci="200033181")
    row = governance.stage_per_departement(app_engine, Territory.epci("200033181")).iloc[0]
    assert row["code"] == "28"
    assert metric_values(app)["Étape"] == row["etape_libelle"]
    assert list(table(app, "Département", "Sous-préfet référent")["Code"]) == ["28"]


def test_a_remembered_departement_outside_the_territory_falls_back_to_its_first(app_engine: Engine) -> None:
    app = AppTest.from_file(str(APP_PATH), default_timeout=PAGE_TIMEOUT_SECONDS)
    app.query_params["region"] = "24"
    app.session_state["gouvernance_detail_departement"] = "35"
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    first = governance.stage_per_departement(app_engine, TERRITORY_LEVELS["region"])["code"].iloc[0]
    assert app.selectbox(key="gouvernance_detail_departement").value == first


def test_eure_et_loir_shows_both_dates_and_its_roadmap_on_time(open_page) -> None:
    app = open_page(PAGE, departement="28")
    calendar = table(app, "Échéance nationale", "Échéance locale")
    adopted = calendar[calendar["Jalon"] == "Feuille de route adoptée"].iloc[0]
    assert (adopted["Échéance nationale"], adopted["Échéance locale"], adopted["Statut"]) == (
        "30 juin 2024",
        "31 octobre 2024",
        "À temps",
    )
    assert "comité technique du 4 avril 2024" in adopted["Source du report"]
    assert "Intentions des collectivités déclarées" in calendar["Jalon"].tolist()
    assert "Pré-feuille de route présentée" in calendar["Jalon"].tolist()


def test_an_editor_moves_a_milestone_for_the_departement(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, departement="45")
    app.selectbox(key="edition_jalon").set_value("feuille_adoptee")
    app.date_input(key="edition_jalon_date").set_value(date(2024, 12, 15))
    app.text_area(key="edition_jalon_motif").input("Report décidé en COPIL.")
    app.text_input(key="edition_jalon_source").input("Relevé de conclusions du COPIL du 2 mai 2024")
    app.button(key="FormSubmitter:edition_jalon_form-Enregistrer la date locale").click().run()
    try:
        assert not app.exception
        lateness = governance.milestone_lateness(
            app_engine, Territory.departement("45"), reference_date(app_engine)
        )
        adopted = lateness[lateness["jalon"] == "feuille_adoptee"].iloc[0]
        assert adopted["echeance_locale"] == date(2024, 12, 15)
        assert "échéance locale enregistrée" in app.success[0].value
        calendar = table(app.run(), "Échéance nationale", "Échéance locale")
        assert "15 décembre 2024" in calendar["Échéance locale"].tolist()
    finally:
        with app_engine.begin() as connection:
            connection.execute(delete(JalonLocal).where(JalonLocal.code_departement == "45"))
