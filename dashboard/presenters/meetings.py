"""Journal des comités: the journal's tables, the form's parsing of attendees and decisions, in French."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard.formatting import MISSING, fr_date
from dashboard.shared_frames import per_frame
from data_access.meetings import Attendance, DecisionDraft

JOURNAL_LABELS = {
    "date_affichee": "Date",
    "departement": "Département",
    "comite": "Comité",
    "participants": "Participants",
    "conclusions": "Conclusions",
    "decisions": "Décisions",
    "prochaine": "Prochaine réunion",
}


OPTIONAL_DETAILS = ("heure", "lieu", "president")
"""Details of a meeting a relevé may leave out."""


@per_frame
def journal_table(journal: pd.DataFrame) -> pd.DataFrame:
    """The meetings with their dates in French, beside the raw ones (kept for exports' sorting);
    an hour, place or chair not recorded reads « — », not the grid's « None »."""
    unrecorded = {
        column: journal[column].astype(object).where(journal[column].notna(), MISSING)
        for column in OPTIONAL_DETAILS
        if column in journal.columns
    }
    return journal.assign(
        date_affichee=journal["date"].map(fr_date),
        prochaine=journal["prochaine_date"].map(fr_date),
        **unrecorded,
    )


def recorded(held_on: object) -> str:
    return f"Réunion du {fr_date(held_on)} enregistrée."


JOURNAL_LABELS_DETAILED = {
    "date_affichee": "Date",
    "heure": "Heure",
    "departement": "Département",
    "comite": "Instance",
    "lieu": "Lieu",
    "president": "Présidence",
    "participants": "Participants",
    "conclusions": "Conclusions",
    "decisions": "Décisions",
    "prochaine": "Prochaine réunion",
}

DECISION_LABELS = {
    "reunion": "Réunion",
    "libelle": "Décision",
    "responsable": "Responsable",
    "echeance_affichee": "Échéance",
    "suivi_libelle": "Où en est-on ?",
}

ALL_BODIES = 0
"""The « every body » choice of the journal's filter (no body has id 0)."""


def attendances(text: str) -> tuple[Attendance, ...]:
    """One organisation per line, « Organisation : personnes » (the people part is optional)."""
    found = []
    for line in text.splitlines():
        organisation, _, people = line.partition(":")
        if organisation.strip():
            found.append(Attendance(organisation.strip(), people.strip()))
    return tuple(found)


def decision_drafts(text: str) -> tuple[DecisionDraft, ...]:
    """One decision per line, « décision ; responsable ; JJ/MM/AAAA » (owner and due date optional).

    Raises ``ValueError`` naming the line whose due date is not a date.
    """
    drafts = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in line.split(";")]
        if not parts[0]:
            continue
        due = None
        if len(parts) > 2 and parts[2]:
            try:
                due = datetime.strptime(parts[2], "%d/%m/%Y").date()
            except ValueError:
                raise ValueError(
                    f"Décision ligne {number} : échéance « {parts[2]} » attendue au format JJ/MM/AAAA."
                ) from None
        drafts.append(DecisionDraft(parts[0], parts[1] if len(parts) > 1 else "", due))
    return tuple(drafts)


def body_options(bodies: pd.DataFrame) -> dict[int, str]:
    """The journal's filter: every body, then each body by name with its kind and meeting count."""
    options = {ALL_BODIES: "Toutes les instances"}
    for row in bodies.itertuples():
        options[int(row.comite_id)] = f"{row.nom} ({row.type_libelle.lower()}, {row.reunions} réunion(s))"
    return options


@per_frame
def decisions_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """Decisions with their meeting and due date in French, and what became of them."""
    return decisions.assign(
        reunion=[
            f"{comite} du {fr_date(day)}"
            for comite, day in zip(decisions["comite"], decisions["reunion_date"], strict=True)
        ],
        echeance_affichee=decisions["echeance"].map(fr_date),
    )


def decision_choice(row: pd.Series) -> str:
    """How a decision reads in the status editor's list."""
    return (
        f"{row['libelle'][:90]} – {row['comite']} du {fr_date(row['reunion_date'])} ({row['statut_libelle']})"
    )
