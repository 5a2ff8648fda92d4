"""Historique des modifications: every edit of the territory, who, when, before, after."""

from __future__ import annotations

from dashboard.formatting import fr_datetime
from dashboard.layout import empty_state, page_header, show_table
from dashboard.resources import read
from dashboard.territory import current_territory
from data_access import history

territory = current_territory()
page_header("Historique des modifications", territory)
log = read(history.audit_log, territory)
if log.empty:
    empty_state("Aucune modification n'a encore été faite depuis le tableau de bord sur ce territoire.")
else:
    show_table(
        log.assign(quand=log["modifie_le"].map(fr_datetime)),
        {
            "quand": "Date",
            "email": "Par",
            "code_departement": "Département",
            "objet": "Objet",
            "reference": "Référence",
            "champ": "Champ",
            "avant": "Avant",
            "apres": "Après",
        },
        key="historique_des_modifications",
    )
