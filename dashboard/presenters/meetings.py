"""Journal des comités: the journal's table, dates in French."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_date

JOURNAL_LABELS = {
    "date_affichee": "Date",
    "departement": "Département",
    "comite": "Comité",
    "participants": "Participants",
    "conclusions": "Conclusions",
    "decisions": "Décisions",
    "prochaine": "Prochaine réunion",
}


def journal_table(journal: pd.DataFrame) -> pd.DataFrame:
    """The meetings with their dates in French, beside the raw ones (kept for exports' sorting)."""
    return journal.assign(
        date_affichee=journal["date"].map(fr_date), prochaine=journal["prochaine_date"].map(fr_date)
    )


def recorded(held_on: object) -> str:
    return f"Réunion du {fr_date(held_on)} enregistrée."
