"""The presenters: which figure goes under which French label, and how tables read (no app, no database)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.formatting import MISSING, fr_euros, fr_number, fr_percent, plain
from dashboard.presenters import candidatures, comparison, fragility, governance, lieux, roadmaps, summary
from dashboard.presenters.common import Metric, decimals, departement_labels, formatted, literal_cells
from dashboard.presenters.meetings import journal_table
from data_access.read_models import (
    BudgetSummary,
    CandidatureSummary,
    EpciCoverage,
    FinancingSummary,
    FragilitySummary,
    GovernanceSummary,
    LieuxSummary,
    RoadmapSummary,
)

PLACES = LieuxSummary(
    lieux=1234,
    objectif=2000,
    progression=0.617,
    part_a_jour=0.5,
    population=600_000,
    lieux_pour_10000=20.566,
    dernier_releve=date(2024, 6, 1),
)
FRAGILITY = FragilitySummary(
    ifn_moyen=5.56,
    communes_avec_ifn=300,
    communes_fragiles=42,
    communes_fragiles_sans_lieu=7,
    population_fragile_sans_lieu=12_345,
)
ROADMAP = RoadmapSummary(
    feuilles=2, actions=10, avancement_moyen=42.0, part_terminees=0.1, actions_en_retard=3
)
MONEY = FinancingSummary(
    enveloppes_etat=42_500.0,
    budget_actions=100_000.0,
    cofinancements=20_000.0,
    subventions_demandees=30_000.0,
    subventions_acceptees=10_000.0,
    financement_engage=30_000.0,
    taux_financement=0.3,
    reste_enveloppes=12_500.0,
)


def as_dict(metrics: list[Metric]) -> dict[str, str]:
    return {metric.label: metric.value for metric in metrics}


# --- common -----------------------------------------------------------------------------------------


def test_formatted_maps_only_the_named_columns() -> None:
    frame = pd.DataFrame({"lieux": [1234, 5], "ifn": [5.56, None], "nom": ["A", "B"]})
    shown = formatted(frame, lieux=fr_number, ifn=decimals(1))
    assert shown["lieux"].tolist() == [fr_number(1234), "5"]
    assert shown["ifn"].tolist() == ["5,6", MISSING]
    assert shown["nom"].tolist() == ["A", "B"]
    assert frame["lieux"].tolist() == [1234, 5], "the read's frame is left as it was"


def test_departement_labels() -> None:
    frame = pd.DataFrame({"code": ["28", "2A"], "nom": ["Eure-et-Loir", "Corse-du-Sud"]})
    assert departement_labels(frame["code"], frame["nom"]).tolist() == [
        "28 – Eure-et-Loir",
        "2A – Corse-du-Sud",
    ]


# --- lieux -----------------------------------------------------------------------------------------------


def test_lieux_metrics_against_the_target() -> None:
    assert as_dict(lieux.metrics(PLACES, "departement")) == {
        "Lieux recensés": fr_number(1234),
        "Objectif": fr_number(2000),
        "Progression": fr_percent(0.617),
        "Part à jour (< 6 mois)": fr_percent(0.5),
    }
    assert lieux.metrics_note(PLACES, "departement") == "Dernier relevé : 1er juin 2024."


def test_lieux_metrics_of_an_epci_give_the_density_and_say_where_targets_are() -> None:
    assert as_dict(lieux.metrics(PLACES, "epci")) == {
        "Lieux recensés": fr_number(1234),
        "Lieux pour 10 000 habitants": "20,6",
        "Part à jour (< 6 mois)": fr_percent(0.5),
    }
    note = lieux.metrics_note(PLACES, "epci")
    assert note is not None and "les objectifs sont fixés par département" in note


def test_lieux_without_snapshot_has_no_note() -> None:
    empty = LieuxSummary(0, 100, 0.0, None, 1000, 0.0, None)
    assert lieux.metrics_note(empty, "region") is None


def test_lieux_targets_table_puts_progress_on_a_0_to_100_scale() -> None:
    frame = pd.DataFrame(
        {"lieux": [1500], "objectif": [2000], "objectif_local": [None], "progression": [0.75]}
    )
    shown = lieux.targets_table(frame)
    assert shown.loc[0, "lieux"] == fr_number(1500)
    assert shown.loc[0, "objectif_local"] == MISSING
    assert shown.loc[0, "progression"] == 75


def test_lieux_places_table_lists_labels_with_commas() -> None:
    points = pd.DataFrame(
        {"labels": ["France Services|Aidants Connect", None], "date_maj": [date(2023, 10, 15), None]}
    )
    shown = lieux.places_table(points)
    assert shown["labels"].tolist() == ["France Services, Aidants Connect", ""]
    assert shown["date_maj"].tolist() == ["15 octobre 2023", MISSING]


# --- fragility ------------------------------------------------------------------------------------


def test_fragility_metrics_and_caption() -> None:
    assert as_dict(fragility.metrics(FRAGILITY)) == {
        "IFN moyen": "5,6",
        "Communes fragiles": "42",
        "Fragiles sans lieu proche": "7",
        "Leur population": fr_number(12_345),
    }
    caption = fragility.metrics_caption(FRAGILITY, 7.0, 10.0)
    assert "des 300 communes" in caption
    assert "IFN au moins égal à 7,0" in caption
    assert "à moins de 10 km" in caption


def test_fragility_map_caption_says_unserved_communes_are_counted_per_departement() -> None:
    assert "comptées par département" in fragility.departements_map_caption()


def test_fragility_commune_options_most_fragile_first_within_the_limit() -> None:
    frame = pd.DataFrame({"code_insee": ["1", "2", "3"], "nom": ["Bé", "Cé", "Ah"], "total": [5.0, 7.3, 7.3]})
    assert fragility.commune_options(frame, 2) == {"3": "Ah (3) – IFN 7,3", "2": "Cé (2) – IFN 7,3"}
    assert list(fragility.commune_options(frame, 3)) == ["3", "2", "1"]


def test_fragility_score_headers_name_the_commune() -> None:
    labels = fragility.scores_labels("Chartres", "Eure-et-Loir")
    assert labels["commune"] == "Chartres"
    assert labels["departement"] == "Moyenne Eure-et-Loir"
    assert labels["national"] == "France"


# --- candidatures ---------------------------------------------------------------------------------


def test_candidature_metrics_and_note() -> None:
    summary_ = CandidatureSummary(
        total=12,
        porter=5,
        participer=7,
        sans_date_envoi=1,
        annulees=2,
        epci=20,
        epci_inscrits=5,
        part_epci=0.25,
    )
    assert as_dict(candidatures.metrics(summary_)) == {
        "Formulaires envoyés": "12",
        "Pour porter": "5",
        "Pour participer": "7",
        "Part des EPCI inscrits": fr_percent(0.25),
    }
    assert candidatures.metrics_note(summary_) == (
        "Formulaires non annulés. Formulaires annulés, non comptés : 2. "
        "Formulaires comptés sans date d'envoi : 1."
    )


def test_candidature_coverage_sentence() -> None:
    sentence = candidatures.coverage_sentence(EpciCoverage(epci=20, inscrits=5))
    assert sentence.startswith("**5** EPCI inscrits sur **20**")
    assert fr_percent(0.25) in sentence


def test_missing_epci_name_their_departement() -> None:
    frame = pd.DataFrame({"population": [12345], "code_departement": ["28"], "departement": ["Eure-et-Loir"]})
    shown = candidatures.missing_epci_table(frame)
    assert shown.loc[0, "departement"] == "28 – Eure-et-Loir"
    assert shown.loc[0, "population"] == fr_number(12345)


# --- governance -----------------------------------------------------------------------------------


def test_governance_overview_metrics() -> None:
    summary_ = GovernanceSummary(
        departements=6,
        etape=None,
        etape_libelle=None,
        par_etape={},
        formalisees=2,
        part_formalisees=1 / 3,
        feuilles_adoptees=1,
    )
    assert as_dict(governance.overview_metrics(summary_)) == {
        "Départements": "6",
        "Formalisées ou au-delà": "2",
        "Part formalisée ou au-delà": fr_percent(1 / 3),
        "Feuilles de route adoptées": "1",
    }
    assert as_dict(summary.governance_card(summary_))["Gouvernances formalisées"] == "2 / 6"


def test_governance_card_of_one_departement_names_its_stage() -> None:
    summary_ = GovernanceSummary(1, "formalisee", "Formalisée", {}, 1, 1.0, 0)
    assert as_dict(summary.governance_card(summary_))["Étape de la gouvernance"] == "Formalisée"


def test_governance_matrix_keeps_milestones_as_headers() -> None:
    matrix = pd.DataFrame(columns=["code", "nom", "Pressentie", "Formalisée"])
    assert governance.matrix_labels(matrix) == {
        "code": "Code",
        "nom": "Département",
        "Pressentie": "Pressentie",
        "Formalisée": "Formalisée",
    }


# --- roadmaps ------------------------------------------------------------------------------------------


def test_roadmap_metrics() -> None:
    shown = as_dict(roadmaps.metrics(ROADMAP))
    assert shown["Avancement moyen"] == fr_percent(0.42)
    assert shown["Actions terminées"] == fr_percent(0.1)
    assert shown["Actions en retard"] == "3"
    assert roadmaps.mean_progress(None) == MISSING


def test_roadmap_money_metrics() -> None:
    assert as_dict(roadmaps.engaged_metrics(MONEY)) == {
        "Financement engagé": fr_euros(30_000),
        "Part du budget financée": fr_percent(0.3),
    }
    assert as_dict(roadmaps.envelope_metrics(MONEY))["Reste à demander"] == fr_euros(12_500)


def test_roadmap_without_money() -> None:
    nothing = BudgetSummary(0.0, 0.0, 0.0, 0.0, pd.DataFrame())
    assert roadmaps.has_no_money(nothing)
    assert not roadmaps.has_no_money(BudgetSummary(1.0, 0.0, 0.0, 0.0, pd.DataFrame()))
    overall = roadmaps.money_rows(
        roadmaps.overall_money(BudgetSummary(1000.0, 200.0, 300.0, 100.0, pd.DataFrame()))
    )
    assert overall.loc[0, "libelle"] == "Ensemble des actions du territoire"
    assert overall.loc[0, "budget_global_eur"] == fr_euros(1000)


def test_action_rows() -> None:
    frame = pd.DataFrame(
        {
            "axe_id": [3],
            "date_debut": [date(2024, 1, 1)],
            "date_fin": [None],
            "budget_global": [12_000.0],
            "cofinancement": [0.0],
            "subvention_statut_libelle": [None],
            "subvention_demandee": [None],
            "subvention_acceptee": [None],
            "en_retard": [True],
        }
    )
    axes = pd.DataFrame(
        {"axe_id": [3], "code_departement": ["28"], "feuille": ["FDR-28"], "numero": [1], "nom": ["Inclure"]}
    )
    labelled = roadmaps.labelled_axes(axes)
    row = roadmaps.with_axis_labels(roadmaps.action_cells(frame), labelled).iloc[0]
    assert (row["axe"], row["debut"], row["fin"], row["retard"]) == (
        "Axe 1 – Inclure",
        "1er janvier 2024",
        MISSING,
        "Oui",
    )
    assert row["budget"] == fr_euros(12_000)
    assert row["subvention"] == MISSING


# --- comparison and summary -----------------------------------------------------------------------


def test_comparison_ranking_caption() -> None:
    assert comparison.ranking_caption("etape") == "Rang 1 : la gouvernance la plus avancée."
    assert comparison.ranking_caption("ifn_moyen").startswith("Rang 1 : la valeur la plus basse")


def test_summary_cards() -> None:
    assert as_dict(summary.lieux_card(PLACES))["Lieux recensés"] == f"{fr_number(1234)} / {fr_number(2000)}"
    assert as_dict(summary.roadmaps_card(ROADMAP))["Avancement moyen"] == fr_percent(0.42)
    assert as_dict(summary.financing_card(MONEY))["Part du budget des actions financée"] == fr_percent(0.3)
    assert as_dict(summary.fragility_card(FRAGILITY))["Indice de fragilité moyen"] == "5,6"


def test_projected_cells_read_as_typed_with_gaps_as_dashes() -> None:
    """What the COPIL's HTML tables print: French numbers, escaped names, years as written, gaps « — »."""
    frame = pd.DataFrame(
        {
            "Année": [2024, 2025],
            "Avancement (%)": pd.array([40, None], dtype="Int64"),
            "Jours de retard": [1234.0, float("nan")],
            "Action": ["**Former** les aidants", None],
        }
    )
    shown = literal_cells(frame, ("Année",))
    assert shown["Année"].tolist() == ["2024", "2025"]
    assert shown["Avancement (%)"].tolist() == ["40", MISSING]
    assert shown["Jours de retard"].tolist() == [fr_number(1234), MISSING]
    assert shown["Action"].tolist() == [plain("**Former** les aidants"), MISSING]


def test_journal_details_not_recorded_read_as_dashes() -> None:
    journal = pd.DataFrame(
        {
            "date": [date(2024, 5, 21), date(2025, 4, 10)],
            "prochaine_date": [None, None],
            "heure": [None, "10:00"],
            "lieu": ["Préfecture d'Eure-et-Loir", None],
            "president": [None, "Préfète d'Eure-et-Loir"],
        }
    )
    shown = journal_table(journal)
    assert shown["heure"].tolist() == [MISSING, "10:00"]
    assert shown["lieu"].tolist() == ["Préfecture d'Eure-et-Loir", MISSING]
    assert shown["president"].tolist() == [MISSING, "Préfète d'Eure-et-Loir"]
    assert shown["date_affichee"].tolist() == ["21 mai 2024", "10 avril 2025"]
