"""Local calendars: the milestones with their national and local deadlines side by side, in French."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_date
from dashboard.shared_frames import per_frame

MILESTONE_LABELS = {
    "libelle": "Jalon",
    "nationale": "Échéance nationale",
    "locale": "Échéance locale",
    "statut_libelle": "Statut",
    "atteint": "Atteint le",
    "source_locale": "Source du report",
}


@per_frame
def milestone_table(lateness: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``governance.milestone_lateness`` with both deadlines and the date reached in French."""
    return lateness.assign(
        nationale=lateness["echeance_nationale"].map(fr_date),
        locale=lateness["echeance_locale"].map(fr_date),
        atteint=lateness["date_atteinte"].map(fr_date),
        source_locale=lateness["source_locale"].fillna(""),
    )


def moved_note(lateness: pd.DataFrame) -> list[str]:
    """One sentence per moved milestone: which, to when, why, on which document."""
    moved = lateness.dropna(subset=["echeance_locale"])
    return [
        f"{row.libelle} : échéance locale au {fr_date(row.echeance_locale)} "
        f"(nationale : {fr_date(row.echeance_nationale)}) – {row.motif_local} Source : {row.source_locale}."
        for row in moved.itertuples()
    ]
