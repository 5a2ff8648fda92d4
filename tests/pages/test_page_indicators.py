"""The four national targets: on the synthèse and on the « Objectifs nationaux » page, at every level."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.formatting import fr_number
from dashboard.presenters.indicators import target_cards
from data_access.access import DEMO_VIEWER
from data_access.indicators import TARGET_RULE, indicator_per_departement, indicator_summaries
from data_access.national_axes import CONFIRMED, local_axes, update_axis_engagement
from tests.pages.conftest import QUERY_PARAMS, TERRITORY_LEVELS, all_text, metric_values, table

TITLES = [
    "Personnes accompagnées",
    "Équipements reconditionnés",
    "Aidants numériques formés",
    "Lieux de médiation numérique",
    "Conseillers numériques",
]


@pytest.mark.parametrize("page", ["pages/summary.py", "pages/indicators.py"])
@pytest.mark.parametrize("level", list(TERRITORY_LEVELS))
def test_target_cards_equal_the_data_layer(
    level: str, page: str, open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    cards = target_cards(indicator_summaries(app_engine, TERRITORY_LEVELS[level]))
    app = open_page(page, **QUERY_PARAMS[level])
    shown = metric_values(app)
    text = all_text(app)

    assert [card.titre for card in cards] == TITLES
    for card in cards:
        assert shown[card.titre] == card.valeur
        assert card.source in text
        if card.target_line is not None:
            assert card.target_line in text
        if card.projection is not None:
            assert card.projection in text
    if level == "national":
        assert cards[0].target_line.endswith("de l'objectif de " + fr_number(8_000_000))
    assert "usagers des comptes rendus d'activité" in text  # the proxy said in one line
    assert "Aidants Connect" in text
    assert "Projection : au rythme des relevés récents" in text
    assert TARGET_RULE in text


@pytest.mark.parametrize("level", list(TERRITORY_LEVELS))
def test_page_maps_each_departement_and_details_accompaniments(
    level: str, open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    app = open_page("pages/indicators.py", **QUERY_PARAMS[level])
    expected = indicator_per_departement(app_engine, TERRITORY_LEVELS[level], "accompagnes")

    shown = table(app, "Code", "Département", "Valeur", "Objectif", "Part de l'objectif")
    assert list(shown["Code"]) == list(expected["code"])
    assert len(app.get("deck_gl_json_chart")) == 1
    text = all_text(app)
    assert "Tranches d'âge des usagers" in text
    assert "Thèmes des accompagnements" in text
    assert ("Totaux régionaux" in text) == (level != "departement")


def test_conseillers_have_no_target_and_a_density_map(open_page: Callable[..., AppTest]) -> None:
    app = open_page("pages/indicators.py")
    app.selectbox(key="objectifs_indicateur").set_value("conseillers").run()
    assert not app.exception
    text = all_text(app)
    assert "Suivi sans objectif national chiffré." in text
    assert "Qui est accompagné" not in text
    assert "Le fichier importé ne détaille pas cet indicateur." in text  # the demo keeps no CnFS detail


def test_national_axes_progress_and_audited_correction(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    territory = TERRITORY_LEVELS["departement"]
    axes = local_axes(app_engine, territory)
    app = open_page("pages/indicators.py", departement="28")
    assert "Axes et engagements nationaux" in all_text(app)
    shown = table(app, "Axe local", "Engagement national", "Rattachement")
    assert list(shown["Axe local"]) == list(axes["nom"])

    axe_id = int(axes["id"].iloc[0])
    app.selectbox(key="axes_nationaux_axe").set_value(axe_id).run()
    app.selectbox(key="axes_nationaux_engagement").set_value(16)
    app.button[-1].click().run()
    try:
        assert not app.exception
        assert any("enregistré" in success.value for success in app.success)
        after = local_axes(app_engine, territory).set_index("id")
        assert (after.loc[axe_id, "engagement"], after.loc[axe_id, "origine"]) == (16, CONFIRMED)
        shown = table(app, "Axe local", "Engagement national", "Rattachement")
        assert CONFIRMED in set(shown["Rattachement"])
    finally:
        update_axis_engagement(app_engine, DEMO_VIEWER, axe_id, None)


def test_editor_sets_a_local_target_that_replaces_the_share(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    from data_access.target_editing import update_local_target

    territory = TERRITORY_LEVELS["departement"]
    app = open_page("pages/indicators.py", departement="28")
    app.number_input(key="objectif_local_valeur_accompagnes").set_value(12_345)
    app.text_input(key="objectif_local_source_accompagnes").set_value("Feuille de route")
    app.button(key="FormSubmitter:objectif_local_accompagnes-Enregistrer").click().run()
    try:
        assert not app.exception
        assert any("Objectif local" in success.value for success in app.success)
        shown = table(app, "Code", "Objectif", "Origine de l'objectif")
        assert list(shown["Origine de l'objectif"]) == ["Objectif local"]
        assert list(shown["Objectif"]) == [fr_number(12_345)]
        card = next(
            card
            for card in target_cards(indicator_summaries(app_engine, territory))
            if card.code == "accompagnes"
        )
        assert card.objectif == fr_number(12_345)
    finally:
        update_local_target(app_engine, DEMO_VIEWER, "accompagnes", "28", None)
