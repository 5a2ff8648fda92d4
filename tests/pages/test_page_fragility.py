"""The Fragilité numérique page shows the data layer's figures, and follows its threshold and radius."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.formatting import fr_number
from dashboard.layout import TABLE_PAGE_ROWS
from data_access import fragility
from data_access.scope import Territory
from tests.pages.conftest import (
    QUERY_PARAMS,
    TERRITORY_LEVELS,
    all_text,
    metric_values,
    run_page,
    table,
)

PAGE = "pages/fragility.py"
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
LEVELS = list(TERRITORY_LEVELS)
MAX_MAP_BYTES = 2_000_000


def expected_metrics(summary: dict) -> dict[str, str]:
    return {
        "IFN moyen": fr_number(summary.ifn_moyen, 1),
        "Communes fragiles": fr_number(summary.communes_fragiles),
        "Fragiles sans lieu proche": fr_number(summary.communes_fragiles_sans_lieu),
        "Leur population": fr_number(summary.population_fragile_sans_lieu),
    }


@pytest.mark.parametrize("level", LEVELS)
def test_metrics(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    summary = fragility.fragility_summary(app_engine, TERRITORY_LEVELS[level])
    assert summary.communes_avec_ifn > 0, "the demo store has IFN scores at every tested level"
    assert metric_values(app) == expected_metrics(summary)


@pytest.mark.parametrize("level", ["national", "region"])
def test_departements_map_and_table(open_page, app_engine: Engine, level: str) -> None:
    app = open_page(PAGE, **QUERY_PARAMS[level])
    expected = fragility.ifn_per_departement(app_engine, TERRITORY_LEVELS[level])
    shown = table(app, "Département", "IFN moyen (pondéré)")
    assert list(shown["Code"]) == list(expected["code"])
    assert list(shown["IFN moyen (pondéré)"]) == [fr_number(value, 1) for value in expected["ifn"]]
    assert list(shown["Communes fragiles"]) == [fr_number(value) for value in expected["communes_fragiles"]]
    payloads = [len(chart.proto.json) for chart in app.get("deck_gl_json_chart")]
    assert len(payloads) == 1
    assert payloads[0] < MAX_MAP_BYTES


def test_departement_map_shows_its_communes(open_page, app_engine: Engine) -> None:
    territory = TERRITORY_LEVELS["departement"]
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    expected = fragility.ifn_per_commune(app_engine, territory)
    shown = table(app, "Code INSEE", "IFN", "Taux de pauvreté")
    assert sorted(shown["Code INSEE"]) == sorted(expected["code_insee"])
    # most fragile first
    top = expected.sort_values(["total", "population"], ascending=False).iloc[0]
    assert shown.iloc[0]["Code INSEE"] == top["code_insee"]
    assert shown.iloc[0]["IFN"] == fr_number(top["total"], 1)
    payloads = [len(chart.proto.json) for chart in app.get("deck_gl_json_chart")]
    assert len(payloads) == 1
    assert payloads[0] < MAX_MAP_BYTES


@pytest.mark.parametrize("level", LEVELS)
def test_threshold_and_radius_drive_the_unserved_communes(open_page, app_engine: Engine, level: str) -> None:
    territory = TERRITORY_LEVELS[level]
    app = open_page(PAGE, **QUERY_PARAMS[level])
    app.slider(key="fragilite_seuil").set_value(5.5)
    app.number_input(key="fragilite_rayon").set_value(3.0)
    app.run()
    assert not app.exception
    summary = fragility.fragility_summary(app_engine, territory, 5.5, 3.0)
    assert metric_values(app) == expected_metrics(summary)
    expected = fragility.fragile_communes_without_place(app_engine, territory, 5.5, 3.0)
    assert len(expected) > 0, "a low threshold and a small radius leave some communes unserved"
    shown = table(app, "Commune", "Population", "IFN", "Département")
    assert len(shown) in (len(expected), TABLE_PAGE_ROWS)  # a long table shows its first page
    expected = expected.iloc[: len(shown)]
    assert list(shown["Code INSEE"]) == list(expected["code_insee"])
    assert list(shown["Population"]) == [fr_number(value) for value in expected["population"]]


def test_commune_detail_compares_with_departement_and_france(open_page, app_engine: Engine) -> None:
    territory = TERRITORY_LEVELS["departement"]
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    communes = fragility.ifn_per_commune(app_engine, territory).dropna(subset=["total"])
    picker = app.selectbox(key="fragilite_commune")
    ordered = communes.sort_values(["total", "nom"], ascending=[False, True])
    assert picker.options[:3] == [
        f"{nom} ({code}) – IFN {fr_number(total, 1)}"
        for code, nom, total in zip(
            ordered["code_insee"][:3], ordered["nom"][:3], ordered["total"][:3], strict=True
        )
    ]
    chosen = ordered.iloc[-1]
    picker.set_value(chosen["code_insee"])
    app.run()
    scores = fragility.commune_scores(app_engine, chosen["code_insee"])
    shown = table(app, "Composante", "France")
    assert list(shown["Composante"]) == list(fragility.SCORES.values())
    assert list(shown[chosen["nom"]]) == [fr_number(value, 1) for value in scores["commune"]]
    assert list(shown["Moyenne Eure-et-Loir"]) == [fr_number(value, 1) for value in scores["departement"]]
    assert list(shown["France"]) == [fr_number(value, 1) for value in scores["national"]]


def test_epci_level(open_page, app_engine: Engine) -> None:
    territory = Territory.epci("200033181")
    app = open_page(PAGE, epci="200033181")
    assert metric_values(app) == expected_metrics(fragility.fragility_summary(app_engine, territory))
    shown = table(app, "Code INSEE", "IFN", "Taux de pauvreté")
    assert sorted(shown["Code INSEE"]) == sorted(
        fragility.ifn_per_commune(app_engine, territory)["code_insee"]
    )


def test_store_without_ifn(empty_store_url: str) -> None:
    app = run_page(PAGE, departement="28")
    assert "Aucun indice de fragilité numérique n'est disponible pour ce territoire" in all_text(app)
    assert not app.metric
    assert not app.get("deck_gl_json_chart")
