"""Candidatures: labels, headline metrics and tables of the candidatures page."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_date, fr_number, fr_percent
from dashboard.presenters.common import Metric, departement_labels, formatted
from dashboard.shared_frames import per_frame
from data_access.read_models import CandidatureSummary, EpciCoverage

PERSONA_LABELS = {
    "persona_libelle": "Profil",
    "intention_libelle": "Intention",
    "candidatures": "Candidatures",
}
CUMULATIVE_LABELS = {"date_envoi": "Date d'envoi", "candidatures": "Formulaires envoyés", "cumul": "Cumul"}
COVERAGE_LABELS = {
    "code": "Code",
    "nom": "Département",
    "epci": "EPCI",
    "inscrits": "EPCI inscrits",
    "part": "Part des EPCI inscrits",
}
MISSING_EPCI_LABELS = {
    "code": "SIREN",
    "nom": "EPCI",
    "type": "Type",
    "population": "Population",
    "departement": "Département",
}
FORM_LABELS = {
    "reference": "Référence",
    "code_departement": "Département",
    "structure_nom": "Structure",
    "persona_libelle": "Profil",
    "intention_libelle": "Intention",
    "statut_libelle": "Statut",
    "epci_nom": "EPCI",
    "date_envoi": "Date d'envoi",
    "date_annulation": "Date d'annulation",
    "territoires": "Territoires couverts",
    "contact_structure": "Contact structure",
    "contact_politique": "Contact politique",
    "contact_technique": "Contact technique",
}


def metrics(summary: CandidatureSummary) -> list[Metric]:
    return [
        Metric("Formulaires envoyés", fr_number(summary.total)),
        Metric("Pour porter", fr_number(summary.porter)),
        Metric("Pour participer", fr_number(summary.participer)),
        Metric("Part des EPCI inscrits", fr_percent(summary.part_epci)),
    ]


def metrics_note(summary: CandidatureSummary) -> str:
    """What the count leaves out: cancelled forms; and what it keeps without a date."""
    notes = ["Formulaires non annulés."]
    if summary.annulees:
        notes.append(f"Formulaires annulés, non comptés : {fr_number(summary.annulees)}.")
    if summary.sans_date_envoi:
        notes.append(f"Formulaires comptés sans date d'envoi : {fr_number(summary.sans_date_envoi)}.")
    return " ".join(notes)


def coverage_sentence(coverage: EpciCoverage) -> str:
    """« **12** EPCI inscrits sur **20** (60 %) », with what « inscrit » means."""
    return (
        f"**{fr_number(coverage.inscrits)}** EPCI inscrits sur **{fr_number(coverage.epci)}** "
        f"({fr_percent(coverage.part)}) : un EPCI est inscrit quand une candidature non annulée le nomme."
    )


def lowest_shown_caption(count: int) -> str:
    return (
        f"Les {count} départements où la part d'EPCI inscrits est la plus faible ; "
        "le tableau sous le graphique les donne tous."
    )


@per_frame
def cumulative_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, date_envoi=fr_date)


@per_frame
def coverage_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, part=fr_percent)


@per_frame
def missing_epci_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, population=fr_number).assign(
        departement=departement_labels(frame["code_departement"], frame["departement"])
    )


@per_frame
def forms_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, date_envoi=fr_date, date_annulation=fr_date)
