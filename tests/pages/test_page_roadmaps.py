"""The « Feuille de route » page shows what the data layer returns, at the three territory levels.

Expected figures are computed with the read functions on the demo store the app
reads (``app_engine``); the page formats them in French.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from dashboard.charts.roadmaps import axis_labels, budget_chart, progress_chart
from dashboard.formatting import MISSING, fr_date, fr_euros, fr_number, fr_percent
from dashboard.layout import TABLE_PAGE_ROWS
from dashboard.theme import STATUS_COLOURS
from data_access import financing, roadmaps
from data_access.models import Departement, FeuilleDeRoute
from data_access.scope import Territory
from data_access.store_info import reference_date

from .conftest import QUERY_PARAMS, TERRITORY_LEVELS, all_text, metric_values, table

PAGE = "pages/roadmaps.py"
LEVELS = list(QUERY_PARAMS)


def table_with(app: AppTest, *headers: str) -> pd.DataFrame:
    """The one shown table having all these column ``headers``."""
    tables = [element.value for element in app.dataframe if set(headers) <= set(element.value.columns)]
    assert len(tables) == 1, f"{len(tables)} tableau(x) avec les colonnes {headers}"
    return tables[0]


@pytest.fixture(params=LEVELS)
def level(request: pytest.FixtureRequest) -> str:
    return request.param


def test_metrics_match_the_data_layer(open_page, app_engine: Engine, level: str) -> None:
    territory = TERRITORY_LEVELS[level]
    app = open_page(PAGE, **QUERY_PARAMS[level])
    today = reference_date(app_engine)
    summary = roadmaps.roadmap_summary(app_engine, territory, today=today)
    budget = roadmaps.budget_summary(app_engine, territory)
    money = financing.financing_summary(app_engine, territory)
    assert summary.feuilles > 0, "le jeu de démonstration doit avoir une feuille de route ici"
    mean = summary.avancement_moyen
    expected = {
        "Feuilles de route": fr_number(summary.feuilles),
        "Actions": fr_number(summary.actions),
        "Avancement moyen": fr_percent(mean / 100) if mean is not None else MISSING,
        "Actions terminées": fr_percent(summary.part_terminees),
        "Actions en retard": fr_number(summary.actions_en_retard),
        "Budget global des actions": fr_euros(budget.budget_global),
        "Cofinancements": fr_euros(budget.cofinancements),
        "Subventions demandées": fr_euros(budget.subventions_demandees),
        "Subventions acceptées": fr_euros(budget.subventions_acceptees),
        "Financement engagé": fr_euros(money.financement_engage),
        "Part du budget financée": fr_percent(money.taux_financement),
    }
    if not financing.envelopes(app_engine, territory).empty:
        expected["Enveloppes de l'État"] = fr_euros(money.enveloppes_etat)
        expected["Reste à demander"] = fr_euros(money.reste_enveloppes)
        expected["Conventionné"] = fr_euros(money.montant_conventionne)
        expected["Engagé"] = fr_euros(money.montant_engage)
        expected["Versé"] = fr_euros(money.montant_verse)
        expected["Aidants Connect formés / prévus"] = (
            f"{fr_number(money.aidants_formes)} / {fr_number(money.aidants_prevus)}"
        )
    assert metric_values(app) == expected


def test_tables_match_the_data_layer(open_page, app_engine: Engine, level: str) -> None:
    territory = TERRITORY_LEVELS[level]
    app = open_page(PAGE, **QUERY_PARAMS[level])
    today = reference_date(app_engine)

    axes = roadmaps.progress_by_axis(app_engine, territory)
    progress = table_with(app, "Axe", "Avancement moyen")
    assert progress["Actions"].tolist() == axes["actions"].tolist()
    assert progress["Terminée"].tolist() == axes["terminee"].tolist()
    assert progress["En cours"].tolist() == axes["en_cours"].tolist()
    if level == "national":  # hundreds of axes: the chart has one bar per région
        regions = roadmaps.progress_by_region(app_engine, territory)
        grouped = table_with(app, "Région", "Avancement moyen")
        assert grouped["Région"].tolist() == regions["region"].tolist()
        assert grouped["Actions"].tolist() == regions["actions"].tolist()
        assert grouped["Feuilles de route"].tolist() == regions["feuilles"].tolist()

    every_action = roadmaps.actions_table(app_engine, territory, today=today)
    shown = table_with(app, "En retard")
    assert len(shown) == min(len(every_action), TABLE_PAGE_ROWS) or len(shown) == len(every_action)
    actions = every_action.iloc[: len(shown)]  # a long table shows its first page
    assert shown["Action"].tolist() == actions["action"].tolist()
    assert shown["Statut"].tolist() == actions["statut_libelle"].tolist()
    assert shown["Avancement"].tolist() == actions["avancement"].tolist()
    assert shown["Budget global"].tolist() == actions["budget_global"].map(fr_euros).tolist()
    assert shown["Cofinancements"].tolist() == actions["cofinancement"].map(fr_euros).tolist()
    assert shown["Subvention acceptée"].tolist() == actions["subvention_acceptee"].map(fr_euros).tolist()
    assert shown["Fin"].tolist() == actions["date_fin"].map(fr_date).tolist()
    assert (shown["En retard"] == "Oui").sum() == actions["en_retard"].sum()

    overdue = roadmaps.overdue_actions(app_engine, territory, today=today)
    if overdue.empty:
        assert "Aucune action n'est en retard sur ce territoire." in all_text(app)
    else:
        late = table_with(app, "Jours de retard")
        overdue = overdue.iloc[: len(late)]
        assert late["Action"].tolist() == overdue["action"].tolist()
        assert late["Jours de retard"].tolist() == overdue["jours_de_retard"].tolist()
        assert late["Fin prévue"].tolist() == overdue["date_fin"].map(fr_date).tolist()

    envelopes = financing.envelopes(app_engine, territory)
    if envelopes.empty:
        assert "Aucune enveloppe de l'État n'est enregistrée pour ce territoire." in all_text(app)
    else:
        shown_envelopes = table_with(app, "Libellé")
        assert shown_envelopes["Montant"].tolist() == envelopes["montant"].map(fr_euros).tolist()
        assert shown_envelopes["Type"].tolist() == envelopes["type_libelle"].tolist()

    listed = roadmaps.roadmaps_list(app_engine, territory)
    shown_roadmaps = table_with(app, "Adoptée le")
    assert shown_roadmaps["Feuille de route"].tolist() == listed["nom"].tolist()
    assert shown_roadmaps["Actions"].tolist() == listed["actions"].tolist()
    assert shown_roadmaps["Adoptée le"].tolist() == listed["date_adoption"].map(fr_date).tolist()


def test_budget_table_per_axis_at_departement_level(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    per_axis = roadmaps.budget_summary(app_engine, TERRITORY_LEVELS["departement"]).par_axe
    shown = table_with(app, "Subventions demandées")
    assert shown["Budget global"].tolist() == per_axis["budget_global"].map(fr_euros).tolist()
    assert shown["Subventions acceptées"].tolist() == per_axis["subventions_acceptees"].map(fr_euros).tolist()
    assert shown["Axe"].str.startswith("Axe ").all()


def test_filters_narrow_the_actions_in_sql(open_page, app_engine: Engine) -> None:
    territory = TERRITORY_LEVELS["departement"]
    app = open_page(PAGE, **QUERY_PARAMS["departement"])
    today = reference_date(app_engine)
    app.multiselect(key="filtre_statuts").set_value(["en_cours", "terminee"]).run()
    expected = roadmaps.actions_table(app_engine, territory, statuses=("en_cours", "terminee"), today=today)
    assert table_with(app, "En retard")["Action"].tolist() == expected["action"].tolist()
    assert set(table_with(app, "En retard")["Statut"]) <= {"En cours", "Terminée"}

    first_axis = int(roadmaps.progress_by_axis(app_engine, territory)["axe_id"].iloc[0])
    app.multiselect(key="filtre_axes").set_value([first_axis]).run()
    expected = roadmaps.actions_table(
        app_engine, territory, axes=(first_axis,), statuses=("en_cours", "terminee"), today=today
    )
    if expected.empty:
        assert "Aucune action ne correspond à ces filtres." in all_text(app)
    else:
        assert table_with(app, "En retard")["Action"].tolist() == expected["action"].tolist()

    app.multiselect(key="filtre_axes").set_value([]).run()
    app.multiselect(key="filtre_statuts").set_value([]).run()
    porteur = roadmaps.actions_table(app_engine, territory, today=today)["porteur"].dropna().iloc[0]
    app.text_input(key="filtre_porteur").input(porteur.upper()).run()
    expected = roadmaps.actions_table(app_engine, territory, porteur_query=porteur, today=today)
    assert not expected.empty
    assert table_with(app, "En retard")["Action"].tolist() == expected["action"].tolist()


def test_a_departement_without_roadmap_says_so(open_page, app_engine: Engine) -> None:
    with_roadmap = select(FeuilleDeRoute.code_departement)
    statement = (
        select(Departement.code).where(Departement.code.not_in(with_roadmap)).order_by(Departement.code)
    )
    with app_engine.connect() as connection:
        code = connection.scalar(statement)
    if code is None:
        pytest.skip("chaque département du jeu de démonstration a une feuille de route")
    app = open_page(PAGE, departement=code)
    assert "Aucune feuille de route n'est encore enregistrée pour ce territoire." in all_text(app)
    assert "Actions" not in metric_values(app)
    envelopes = financing.envelopes(app_engine, Territory.departement(code))
    if envelopes.empty:
        assert "Aucune enveloppe de l'État n'est enregistrée pour ce territoire." in all_text(app)
    else:
        assert table_with(app, "Libellé")["Montant"].tolist() == envelopes["montant"].map(fr_euros).tolist()


# --- chart builders (pure functions) -------------------------------------------------------------


def test_axis_labels_tell_roadmaps_apart() -> None:
    frame = pd.DataFrame(
        {
            "code_departement": ["28", "35", "35", "45"],
            "feuille": ["FDR-28", "FDR-35-1", "FDR-35-2", "FDR-45"],
            "numero": [1, 1, 1, 1],
            "nom": ["Coordonner"] * 4,
        }
    )
    assert axis_labels(frame).tolist() == [
        "28 · Axe 1 – Coordonner",
        "35 FDR-35-1 · Axe 1 – Coordonner",
        "35 FDR-35-2 · Axe 1 – Coordonner",
        "45 · Axe 1 – Coordonner",
    ]
    assert axis_labels(frame.iloc[[0]]).tolist() == ["Axe 1 – Coordonner"]
    assert axis_labels(frame.iloc[[1, 2]]).tolist() == [
        "FDR-35-1 · Axe 1 – Coordonner",
        "FDR-35-2 · Axe 1 – Coordonner",
    ]


def test_progress_chart_stacks_statuses_in_their_colours() -> None:
    frame = pd.DataFrame(
        {
            "libelle": ["Axe 1", "Axe 2"],
            "a_lancer": [1, 0],
            "en_cours": [2, 0],
            "terminee": [0, 0],
            "abandonnee": [1, 0],
            "actions": [4, 0],
            "avancement_moyen": [42.0, float("nan")],
        }
    )
    figure = progress_chart(frame)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == ["À lancer", "En cours", "Terminée", "Abandonnée"]
    assert [bar.marker.color for bar in bars] == [
        STATUS_COLOURS[s] for s in ("a_lancer", "en_cours", "terminee", "abandonnee")
    ]
    assert list(bars[1].x) == [2, 0]
    assert figure.layout.barmode == "stack"
    text = next(trace for trace in figure.data if trace.type == "scatter")
    assert list(text.text) == ["moy. 42\u00a0%", ""]


def test_budget_chart_groups_the_three_amounts() -> None:
    frame = pd.DataFrame(
        {
            "libelle": ["Axe 1"],
            "budget_global": [1000.0],
            "cofinancements": [300.0],
            "subventions_acceptees": [200.0],
        }
    )
    figure = budget_chart(frame)
    assert [trace.name for trace in figure.data] == [
        "Budget global",
        "Cofinancements",
        "Subventions acceptées",
    ]
    assert [list(trace.x) for trace in figure.data] == [[1000.0], [300.0], [200.0]]
    assert figure.layout.barmode == "group"


def test_eure_et_loir_money_followed_through_and_hidden_fields(open_page, app_engine: Engine) -> None:
    app = open_page(PAGE, departement="28")
    shown = metric_values(app)
    assert shown["Aidants Connect formés / prévus"] == "27 / 62"
    assert shown["Conventionné"] == fr_euros(62_500)
    conventions = table(app, "Structure", "Signée le")
    assert "Conseil départemental d'Eure-et-Loir" in conventions["Structure"].tolist()
    envelopes = table(app, "Conventionné", "Versé", "Taux ou stagiaires")
    assert "27 formés / 62 prévus" in envelopes["Taux ou stagiaires"].tolist()
    cofinancers = table(app, "Co-financeur")
    assert len(cofinancers) == len(financing.cofinancers(app_engine, Territory.departement("28")))
    roadmap_list = table(app, "Contrat préexistant")
    assert len(roadmap_list) >= 1
    detail = roadmaps.action_detail(
        app_engine, Territory.departement("28"), app.selectbox(key="detail_action").value
    )
    text = all_text(app)
    assert detail is not None and detail.nom in text
    for field in ("Contexte", "Description", "Besoins", "Contrat préexistant", "Co-financeurs"):
        assert f"**{field}** :" in text
    for need in detail.besoins:
        assert need in text
