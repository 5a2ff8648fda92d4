"""Synthèse: the headline metric of each domain's card, against its target where there is one."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_datetime, fr_euros, fr_number, fr_percent
from dashboard.presenters.common import Metric
from dashboard.presenters.roadmaps import mean_progress
from dashboard.shared_frames import per_frame
from data_access.importers import KIND_LABELS
from data_access.read_models import (
    CandidatureSummary,
    FinancingSummary,
    FragilitySummary,
    GovernanceSummary,
    LieuxSummary,
    RoadmapSummary,
)

FRESHNESS_LABELS = {
    "source": "Source",
    "date": "Dernière importation",
    "fichier": "Fichier",
    "lignes": "Lignes",
}


def governance_card(summary: GovernanceSummary) -> list[Metric]:
    """One département: its stage; several: how many are formalised."""
    if summary.etape_libelle is not None:
        stage = Metric("Étape de la gouvernance", summary.etape_libelle)
    else:
        stage = Metric(
            "Gouvernances formalisées",
            f"{fr_number(summary.formalisees)} / {fr_number(summary.departements)}",
            "Départements dont la gouvernance est formalisée ou plus avancée.",
        )
    return [stage, Metric("Feuilles de route adoptées", fr_number(summary.feuilles_adoptees))]


def candidatures_card(summary: CandidatureSummary) -> list[Metric]:
    return [
        Metric("Formulaires envoyés", fr_number(summary.total), "Formulaires non annulés."),
        Metric("Part des EPCI inscrits", fr_percent(summary.part_epci)),
    ]


def lieux_card(summary: LieuxSummary) -> list[Metric]:
    target = f" / {fr_number(summary.objectif)}" if summary.objectif else ""
    return [
        Metric(
            "Lieux recensés",
            fr_number(summary.lieux) + target,
            "Rapportés à l'objectif local s'il est fixé, sinon à la part nationale des 25 000 lieux.",
        ),
        Metric("Progression vers l'objectif", fr_percent(summary.progression)),
    ]


def fragility_card(summary: FragilitySummary) -> list[Metric]:
    return [
        Metric(
            "Indice de fragilité moyen",
            fr_number(summary.ifn_moyen, 1),
            "Moyenne des communes pondérée par leur population, sur 10.",
        ),
        Metric("Communes fragiles (IFN ≥ 7)", fr_number(summary.communes_fragiles)),
    ]


def roadmaps_card(summary: RoadmapSummary) -> list[Metric]:
    return [
        Metric("Actions", fr_number(summary.actions)),
        Metric(
            "Avancement moyen",
            mean_progress(summary.avancement_moyen),
            "Moyenne de l'avancement des actions.",
        ),
        Metric("Actions en retard", fr_number(summary.actions_en_retard)),
    ]


def financing_card(summary: FinancingSummary) -> list[Metric]:
    return [
        Metric("Enveloppes de l'État", fr_euros(summary.enveloppes_etat)),
        Metric(
            "Financement engagé",
            fr_euros(summary.financement_engage),
            "Subventions acceptées et cofinancements, rapportés au budget des actions.",
        ),
        Metric("Part du budget des actions financée", fr_percent(summary.taux_financement)),
    ]


@per_frame
def freshness_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Each source by its French name, with its last import's date."""
    return frame.assign(
        source=frame["kind"].map(lambda kind: KIND_LABELS.get(kind, kind)),
        date=frame["derniere_importation"].map(fr_datetime),
    )
