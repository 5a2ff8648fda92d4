"""Mode COPIL: every panel of a département shows the brief's figures; buttons move between panels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.brief_figures import headline_figures
from dashboard.copil import PANELS
from dashboard.formatting import fr_euros, fr_number, plain
from data_access.brief import copil_brief
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import metric_values


def open_panel(open_page: Callable[..., AppTest], panel: str) -> AppTest:
    return open_page("pages/copil.py", departement="28", panneau=panel)


@pytest.mark.parametrize("panel", PANELS, ids=[panel.key for panel in PANELS])
def test_every_panel_opens_with_its_title(panel: object, open_page: Callable[..., AppTest]) -> None:
    app = open_panel(open_page, panel.key)
    assert app.title[0].value == f"Eure-et-Loir (28) – {panel.title}"
    assert app.query_params["panneau"] == [panel.key] or app.query_params["panneau"] == panel.key


def test_synthesis_panel_shows_the_brief_headline_figures(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    brief = copil_brief(app_engine, Territory.departement("28"), reference_date(app_engine))
    shown = metric_values(open_panel(open_page, "synthese"))
    assert shown == {figure.label: figure.value for figure in headline_figures(brief)}


def test_financing_and_vigilance_panels_equal_the_data_layer(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    brief = copil_brief(app_engine, Territory.departement("28"), reference_date(app_engine))
    money = metric_values(open_panel(open_page, "financements"))
    assert money["Enveloppes de l'État"] == fr_euros(brief.financements.enveloppes_etat)
    assert brief.financements.enveloppes_etat >= 42_500
    vigilance = metric_values(open_panel(open_page, "vigilance"))
    assert vigilance["Actions en retard"] == fr_number(len(brief.actions_en_retard))
    assert vigilance["Lieux à rafraîchir (> 18 mois)"] == fr_number(brief.lieux_a_rafraichir)


def test_next_and_previous_buttons_walk_the_panels(open_page: Callable[..., AppTest]) -> None:
    app = open_panel(open_page, "synthese")
    app.button(key="copil_next").click().run()
    assert app.title[0].value.endswith("Objectifs nationaux 2027")
    app.button(key="copil_next").click().run()
    assert app.title[0].value.endswith("Gouvernance")
    app.button(key="copil_next").click().run()
    app.button(key="copil_previous").click().run()
    assert app.title[0].value.endswith("Gouvernance")
    assert app.button(key="copil_previous").disabled is False


def test_unknown_panel_falls_back_to_the_decisions_follow_up(open_page: Callable[..., AppTest]) -> None:
    app = open_panel(open_page, "inconnu")
    assert app.title[0].value.endswith("Suivi des décisions")


def test_national_level_asks_for_a_departement(open_page: Callable[..., AppTest]) -> None:
    app = open_page("pages/copil.py")
    assert any("choisissez-le dans la barre latérale" in info.value for info in app.info)


def test_national_targets_panel_shows_the_departement_contribution(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    from dashboard.presenters.indicators import target_cards

    brief = copil_brief(app_engine, Territory.departement("28"), reference_date(app_engine))
    shown = metric_values(open_panel(open_page, "objectifs"))
    assert shown == {card.titre: card.headline for card in target_cards(brief.objectifs_nationaux)}
    assert shown["Aidants numériques formés"].startswith("62 / ")


def test_projected_tables_show_every_row_in_french(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    """The money panel's tables are HTML tables at projector size: every envelope and co-financer,
    amounts in euros, years without a thousands separator."""
    brief = copil_brief(app_engine, Territory.departement("28"), reference_date(app_engine))
    app = open_panel(open_page, "financements")
    envelopes, cofinancers = (element.value for element in app.table)
    assert len(envelopes) == len(brief.enveloppes)
    assert set(envelopes["Montant"]) == {fr_euros(amount) for amount in brief.enveloppes["montant"]}
    assert set(envelopes["Année"]) == {str(year) for year in brief.enveloppes["annee"]}
    # st.table renders Markdown: names reach it escaped, and the browser prints them as typed.
    assert list(cofinancers["Co-financeur"]) == [plain(name) for name in brief.cofinanceurs["financeur"]]
    assert not app.dataframe, "no scrolling grid on the projector"
