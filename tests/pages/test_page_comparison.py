"""The Comparaison régionale page shows the data layer's comparison of Centre-Val de Loire.

At région and département levels the ranking table, the reference rows and the chart's
table hold ``departements_side_by_side`` / ``reference_rows`` formatted in French; at
national level the page asks for a région.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.charts.comparison import HIGHLIGHT_COLOUR
from dashboard.formatting import fr_euros, fr_number, fr_percent
from data_access import comparison
from data_access.comparison import INDICATORS, rank_departements
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import all_text, metric_values, run_page, table

PAGE = "pages/comparison.py"
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
RANKING_KEY = "comparaison_classer_par"
FORMATS = {
    "nombre": fr_number,
    "pourcentage": fr_percent,
    "euros": fr_euros,
    "indice": lambda value: fr_number(value, 1),
}


def assert_figures(shown: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Every compared figure shown as its kind is formatted; progress as a percentage bar."""
    stage = "Étape de la gouvernance" if "Étape de la gouvernance" in shown else "Gouvernances formalisées"
    assert list(shown[stage]) == list(expected["etape_libelle"])
    assert list(shown["Objectif de lieux"]) == [fr_number(value) for value in expected["objectif"]]
    for column, indicator in INDICATORS.items():
        values = shown[indicator.label].tolist()
        if column == "progression":
            assert values == pytest.approx((expected[column] * 100).tolist(), nan_ok=True)
        else:
            assert values == [FORMATS[indicator.kind](value) for value in expected[column]], column


@pytest.fixture
def expected(app_engine: Engine) -> pd.DataFrame:
    return comparison.departements_side_by_side(
        app_engine, Territory.region("24"), reference_date(app_engine)
    )


@pytest.fixture
def references(app_engine: Engine) -> pd.DataFrame:
    return comparison.reference_rows(app_engine, Territory.region("24"), reference_date(app_engine))


def test_national_level_asks_for_a_region(open_page) -> None:
    app = open_page(PAGE)
    assert "Choisissez une région dans le panneau latéral" in all_text(app)
    assert not app.dataframe
    assert not app.get("plotly_chart")


@pytest.mark.parametrize("params", [{"region": "24"}, {"departement": "28"}])
def test_ranking_table_shows_the_comparison(open_page, expected: pd.DataFrame, params: dict) -> None:
    app = open_page(PAGE, **params)
    assert len(expected) == 6, "Centre-Val de Loire has six départements"
    assert expected["actions"].sum() > 0 and expected["lieux"].sum() > 0
    ranked = rank_departements(expected, "etape")
    shown = table(app, "Rang", "Département")
    assert list(shown["Code"]) == list(ranked["code"])
    assert list(shown["Département"]) == list(ranked["nom"])
    assert list(shown["Rang"]) == [fr_number(value) for value in ranked["rang"]]
    assert_figures(shown, ranked)


def test_reference_rows_under_the_table(open_page, references: pd.DataFrame) -> None:
    app = open_page(PAGE, region="24")
    shown = table(app, "Référence")
    assert list(shown["Référence"]) == ["Total région", "France entière"]
    assert_figures(shown, references)
    chart_data = table(app, "Territoire")
    assert list(chart_data["Territoire"])[-2:] == ["Total région", "France entière"]


@pytest.mark.parametrize("column", ["ifn_moyen", "lieux", "actions_en_retard", "taux_financement"])
def test_ranking_selection_reorders(open_page, expected: pd.DataFrame, column: str) -> None:
    app = open_page(PAGE, region="24")
    app.selectbox(key=RANKING_KEY).select(column).run()
    assert not app.exception
    ranked = rank_departements(expected, column)
    shown = table(app, "Rang", "Département")
    assert list(shown["Code"]) == list(ranked["code"])
    assert list(shown["Rang"]) == [fr_number(value) for value in ranked["rang"]]
    label = INDICATORS[column].label
    assert list(shown[label]) == [FORMATS[INDICATORS[column].kind](value) for value in ranked[column]]
    assert list(table(app, "Territoire")["Code"])[:6] == list(ranked["code"])


def chart_bars(app: AppTest) -> list[dict]:
    [chart] = app.get("plotly_chart")
    return [trace for trace in json.loads(chart.proto.spec)["data"] if trace["type"] == "bar"]


def test_small_multiples_have_one_panel_per_indicator(open_page, expected: pd.DataFrame) -> None:
    app = open_page(PAGE, region="24")
    bars = chart_bars(app)
    assert len(bars) == len(INDICATORS)
    ranked = rank_departements(expected, "etape")
    lieux = bars[list(INDICATORS).index("lieux")]
    assert lieux["x"] == list(ranked["lieux"])
    assert all(HIGHLIGHT_COLOUR not in bar["marker"]["color"] for bar in bars)


@pytest.mark.parametrize("params", [{"departement": "28"}, {"epci": "200033181"}])
def test_departement_is_highlighted(open_page, expected: pd.DataFrame, params: dict) -> None:
    app = open_page(PAGE, **params)
    ranked = rank_departements(expected, "etape")
    position = list(ranked["code"]).index("28")
    rank = ranked.loc[position, "rang"]
    assert metric_values(app) == {"Rang : Eure-et-Loir": f"{fr_number(rank)} sur 6"}
    for bar in chart_bars(app):
        colours = bar["marker"]["color"]
        assert colours[position] == HIGHLIGHT_COLOUR
        assert colours.count(HIGHLIGHT_COLOUR) == 1
    assert list(table(app, "Rang", "Département")["Code"]) == list(ranked["code"])


def test_region_without_data(empty_store_url: str) -> None:
    app = run_page(PAGE, region="24")
    shown = table(app, "Rang", "Département")
    assert list(shown["Département"]) == ["Eure-et-Loir", "Loiret"]
    assert list(shown["Lieux de médiation"]) == ["0", "0"]
    assert list(shown["Indice de fragilité moyen"]) == ["—", "—"]
    assert "Aucune donnée n'est encore importée pour les départements de cette région" in all_text(app)
    assert not app.get("plotly_chart")
    assert shown["Progression vers l'objectif de lieux"].tolist() == [0, 0]
