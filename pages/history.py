"""Historique: every edit of the territory (who, when, before, after), and every import seen from it
(who, when, which file with its size and checksum, rows added, updated, ignored)."""

from __future__ import annotations

import streamlit as st

from dashboard import upload
from dashboard.layout import empty_state, page_header, show_table
from dashboard.presenters import history as present
from dashboard.resources import read
from dashboard.territory import current_territory
from data_access import history

IMPORT_LIMIT = 100

selected = current_territory()
territory = selected.scope
page_header("Historique des modifications", selected)
log = read(history.audit_log, territory)
if log.empty:
    empty_state("Aucune modification n'a encore été faite depuis le tableau de bord sur ce territoire.")
else:
    show_table(present.audit_table(log), present.AUDIT_LABELS, key="historique_des_modifications")

st.header("Imports de fichiers")
imports = read(history.import_history, territory, IMPORT_LIMIT)
if imports.empty:
    empty_state("Aucun import de fichier ne concerne ce territoire.")
else:
    st.caption(
        f"Les {IMPORT_LIMIT} derniers imports acceptés : ceux de l'équipe nationale, et ceux faits pour "
        "ce territoire. L'empreinte SHA-256 identifie le fichier importé."
    )
    show_table(upload.history_rows(imports), upload.HISTORY_LABELS, key="historique_des_imports")
