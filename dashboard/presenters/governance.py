"""Gouvernance: labels, headline metrics and tables of the governance page and the COPIL panel."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import MISSING, fr_date, fr_number, fr_percent, plain
from dashboard.presenters.common import Metric, dates
from dashboard.shared_frames import per_frame
from data_access.governance import GovernanceDetail
from data_access.read_models import GovernanceSummary

TABLE_LABELS = {
    "code": "Code",
    "nom": "Département",
    "etape_libelle": "Étape",
    "perimetre_libelle": "Périmètre",
    "porteur_nom": "Porteur",
    "coporteurs": "Co-porteurs",
    "sous_prefet_nom": "Sous-préfet référent",
    "nb_comites": "Comités",
    "derniere_reunion": "Dernière réunion",
    "nb_feuilles_de_route": "Feuilles de route",
}
MAP_LABELS = {"code": "Code", "nom": "Département", "etape_libelle": "Étape", "porteur_nom": "Porteur"}
STAGE_LABELS = {"etape_libelle": "Étape", "departements": "Départements"}
LATENESS_LABELS = {
    "libelle": "Jalon",
    "echeance": "Échéance",
    "statut_libelle": "Statut",
    "departements": "Départements",
}
COPORTEUR_LABELS = {"nom": "Co-porteur", "type": "Type", "siren": "SIREN"}
COMITE_LABELS = {
    "nom": "Comité",
    "type_libelle": "Type",
    "frequence_libelle": "Fréquence",
    "nb_reunions": "Réunions",
    "derniere_reunion": "Dernière réunion",
    "prochaine_reunion": "Prochaine réunion",
}
MEETING_LABELS = {
    "date": "Date",
    "comite": "Comité",
    "participants": "Participants",
    "conclusions": "Conclusions",
    "decisions": "Décisions",
    "prochaine_date": "Prochaine réunion",
}
ROADMAP_LABELS = {"nom": "Feuille de route", "porteur_nom": "Porteur", "date_adoption": "Adoptée le"}
REACHED_STAGES = (
    ("Pressentie", "date_pressentie"),
    ("Formalisée", "date_formalisee"),
    ("Feuille de route adoptée", "date_feuille_adoptee"),
    ("Mise en œuvre", "date_mise_en_oeuvre"),
)


def overview_metrics(summary: GovernanceSummary) -> list[Metric]:
    """Several départements: how many reached each step."""
    return [
        Metric("Départements", fr_number(summary.departements)),
        Metric("Formalisées ou au-delà", fr_number(summary.formalisees)),
        Metric("Part formalisée ou au-delà", fr_percent(summary.part_formalisees)),
        Metric("Feuilles de route adoptées", fr_number(summary.feuilles_adoptees)),
    ]


def departement_metrics(row: pd.Series) -> list[Metric]:
    """One département (a row of ``stage_per_departement``): its stage and its bodies."""
    return [
        Metric("Étape", str(row["etape_libelle"])),
        Metric("Co-porteurs", fr_number(row["nb_coporteurs"])),
        Metric("Comités", fr_number(row["nb_comites"])),
        Metric("Dernière réunion", fr_date(row["derniere_reunion"])),
    ]


@per_frame
def map_table(stages: pd.DataFrame) -> pd.DataFrame:
    return stages.assign(porteur_nom=stages["porteur_nom"].fillna(MISSING))


@per_frame
def departements_table(stages: pd.DataFrame) -> pd.DataFrame:
    return dates(stages, "derniere_reunion")


@per_frame
def lateness_table(counts: pd.DataFrame) -> pd.DataFrame:
    return dates(counts, "echeance")


def lateness_caption(today: object) -> str:
    return f"Situation au {fr_date(today)} : un jalon non atteint après son échéance est « manquant »."


def matrix_labels(matrix: pd.DataFrame) -> dict[str, str]:
    """The milestone matrix keeps its milestone columns as headers."""
    return {"code": "Code", "nom": "Département"} | {
        column: column for column in matrix.columns if column not in ("code", "nom")
    }


def detail_heading(detail: GovernanceDetail) -> str:
    """Name, stage, perimeter, carrier and sous-préfet of a governance, as Markdown (names escaped)."""
    return (
        f"**{plain(detail.nom)} ({detail.code})** · étape : **{detail.etape_libelle}**  \n"
        f"Périmètre : {detail.perimetre_libelle or MISSING} · "
        f"porteur : {plain(detail.porteur_nom or MISSING)}  \n"
        f"Sous-préfet référent : {plain(detail.sous_prefet_nom or MISSING)}"
        + (f" ({plain(detail.sous_prefet_email)})" if detail.sous_prefet_email else "")
    )


def reached_dates(detail: GovernanceDetail) -> str | None:
    """« Pressentie : 1er mars 2024 · Formalisée : … » for the steps reached, if any."""
    reached = [
        f"{label} : {fr_date(detail.dates.get(column))}"
        for label, column in REACHED_STAGES
        if detail.dates.get(column) is not None
    ]
    return " · ".join(reached) or None


@per_frame
def comites_table(comites: pd.DataFrame) -> pd.DataFrame:
    return dates(comites, "derniere_reunion", "prochaine_reunion")


@per_frame
def meetings_table(reunions: pd.DataFrame) -> pd.DataFrame:
    return dates(reunions, "date", "prochaine_date")


@per_frame
def roadmaps_table(feuilles: pd.DataFrame) -> pd.DataFrame:
    return dates(feuilles, "date_adoption")


def context_note(detail: GovernanceDetail) -> str | None:
    """The governance's context note as literal Markdown text, if it has one."""
    return plain(detail.note_de_contexte) if detail.note_de_contexte else None
