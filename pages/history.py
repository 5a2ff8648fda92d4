"""Historique des modifications: every edit of the territory, who, when, before, after."""

from __future__ import annotations

from dashboard.layout import empty_state, page_header, show_table
from dashboard.presenters import history as present
from dashboard.resources import read
from dashboard.territory import current_territory
from data_access import history

territory = current_territory()
page_header("Historique des modifications", territory)
log = read(history.audit_log, territory)
if log.empty:
    empty_state("Aucune modification n'a encore été faite depuis le tableau de bord sur ce territoire.")
else:
    show_table(present.audit_table(log), present.AUDIT_LABELS, key="historique_des_modifications")
