"""Historique des modifications: the audit log's table."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_datetime
from dashboard.shared_frames import per_frame

AUDIT_LABELS = {
    "quand": "Date",
    "email": "Par",
    "code_departement": "Département",
    "objet": "Objet",
    "reference": "Référence",
    "champ": "Champ",
    "avant": "Avant",
    "apres": "Après",
}


@per_frame
def audit_table(log: pd.DataFrame) -> pd.DataFrame:
    return log.assign(quand=log["modifie_le"].map(fr_datetime))
