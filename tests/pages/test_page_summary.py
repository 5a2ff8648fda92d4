"""Synthèse page: the headline figures equal the data layer's, at every territory level."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.formatting import fr_euros, fr_number, fr_percent
from data_access import candidatures, financing, fragility, governance, lieux, roadmaps
from data_access.store_info import reference_date
from tests.pages.conftest import QUERY_PARAMS, TERRITORY_LEVELS, all_text, metric_values


@pytest.mark.parametrize("level", list(TERRITORY_LEVELS))
def test_headline_figures_equal_the_data_layer(
    level: str, open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    territory = TERRITORY_LEVELS[level]
    app = open_page("pages/summary.py", **QUERY_PARAMS[level])
    shown = metric_values(app)

    forms = candidatures.candidature_summary(app_engine, territory)
    today = reference_date(app_engine)
    places = lieux.lieux_summary(app_engine, territory, today)
    ifn = fragility.fragility_summary(app_engine, territory)
    actions = roadmaps.roadmap_summary(app_engine, territory, today)
    money = financing.financing_summary(app_engine, territory)

    assert shown["Formulaires envoyés"] == fr_number(forms.total)
    assert shown["Part des EPCI inscrits"] == fr_percent(forms.part_epci)
    assert shown["Lieux recensés"].startswith(fr_number(places.lieux))
    assert shown["Progression vers l'objectif"] == fr_percent(places.progression)
    assert shown["Indice de fragilité moyen"] == fr_number(ifn.ifn_moyen, 1)
    assert shown["Actions"] == fr_number(actions.actions)
    assert shown["Actions en retard"] == fr_number(actions.actions_en_retard)
    assert shown["Enveloppes de l'État"] == fr_euros(money.enveloppes_etat)
    assert places.lieux > 0 and forms.total > 0


def test_departement_shows_its_stage_and_the_demo_banner(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    territory = TERRITORY_LEVELS["departement"]
    app = open_page("pages/summary.py", departement="28")
    stage = governance.governance_summary(app_engine, territory).etape_libelle
    assert metric_values(app)["Étape de la gouvernance"] == stage
    assert "Eure-et-Loir (28)" in all_text(app)
    assert any("Données de démonstration" in info.value for info in app.info)


def test_national_view_counts_formalised_governances(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    summary = governance.governance_summary(app_engine, TERRITORY_LEVELS["national"])
    app = open_page("pages/summary.py")
    assert metric_values(app)["Gouvernances formalisées"] == (
        f"{fr_number(summary.formalisees)} / {fr_number(summary.departements)}"
    )
    assert summary.departements == 107  # 101 départements and six collectivités d'outre-mer


def test_source_freshness_lists_every_imported_source(open_page: Callable[..., AppTest]) -> None:
    app = open_page("pages/summary.py")
    table = app.dataframe[0].value
    assert "Source" in table.columns
    assert any(source.startswith("Lieux de médiation") for source in table["Source"])
