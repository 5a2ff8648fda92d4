"""Journal des comités: record a relevé de conclusions, read the meetings of each body, follow decisions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.formatting import fr_date
from dashboard.layout import empty_state, page_header, show_table
from dashboard.presenters import meetings as present
from dashboard.resources import clear_caches, current_viewer, read, writer_engine
from dashboard.territory import current_territory
from data_access import meetings, store_info
from data_access.meetings import Meeting
from data_access.refusals import Refused
from data_access.vocabulary import COMITE_TYPES, DECISION_STATUSES

selected = current_territory()
territory = selected.scope
page_header("Journal des comités", selected)


def meeting_form(code_departement: str) -> None:
    """The relevé de conclusions of a new meeting; every page sees it as soon as it is saved."""
    with st.form("nouvelle_reunion", clear_on_submit=True, border=True):
        st.subheader("Consigner une réunion")
        type_column, name_column = st.columns([1, 2])
        comite_type = type_column.selectbox(
            "Instance", list(COMITE_TYPES), format_func=COMITE_TYPES.get, key="reunion_type"
        )
        body = name_column.text_input(
            "Nom de l'instance, du groupe de travail ou du partenaire rencontré",
            placeholder="« Groupe de travail santé », « CAF »… (facultatif pour le COPIL ou le COTECH)",
            key="reunion_instance",
        )
        date_column, time_column, next_column = st.columns(3)
        held_on = date_column.date_input("Date de la réunion", format="DD/MM/YYYY", key="reunion_date")
        time = time_column.time_input("Heure (facultatif)", value=None, key="reunion_heure")
        next_on = next_column.date_input(
            "Prochaine réunion (facultatif)", value=None, format="DD/MM/YYYY", key="reunion_prochaine"
        )
        place_column, chair_column = st.columns(2)
        place = place_column.text_input("Lieu", key="reunion_lieu")
        chair = chair_column.text_input("Présidence", key="reunion_president")
        participants = st.text_area(
            "Participants, une organisation par ligne (« Organisation : personnes »)",
            key="reunion_participants",
        )
        conclusions = st.text_area("Conclusions", key="reunion_conclusions")
        decisions = st.text_area(
            "Décisions, une par ligne (« décision ; responsable ; échéance JJ/MM/AAAA »)",
            key="reunion_decisions",
        )
        if not st.form_submit_button("Enregistrer la réunion", type="primary"):
            return
    try:
        meeting = Meeting(
            code_departement,
            comite_type,
            held_on,
            conclusions=conclusions,
            prochaine_date=next_on,
            comite_nom=body,
            heure=time.strftime("%H:%M") if time else "",
            lieu=place,
            president=chair,
            attendees=present.attendances(participants),
            decision_items=present.decision_drafts(decisions),
        )
        meetings.record_meeting(writer_engine(), current_viewer(), meeting)
    except Refused as rejected:
        st.error(rejected.message_fr)
        return
    except ValueError as invalid:
        st.error(str(invalid))
        return
    clear_caches()
    st.success(present.recorded(held_on))


def decision_editor(decisions: pd.DataFrame) -> None:
    """Move one decision to a new status; the change is audited and the next COPIL shows it."""
    open_ones = decisions.reset_index(drop=True)
    with st.form("suivi_decision", border=True):
        st.subheader("Mettre à jour une décision")
        index = st.selectbox(
            "Décision",
            list(open_ones.index),
            format_func=lambda position: present.decision_choice(open_ones.loc[position]),
            key="decision_choisie",
        )
        status = st.selectbox(
            "Nouveau statut",
            list(DECISION_STATUSES),
            format_func=DECISION_STATUSES.get,
            key="decision_statut",
        )
        if not st.form_submit_button("Enregistrer le statut"):
            return
    chosen = open_ones.loc[index]
    try:
        meetings.update_decision_status(
            writer_engine(), current_viewer(), int(chosen["id"]), int(chosen["version"]), status
        )
    except Refused as rejected:
        st.error(rejected.message_fr)
        return
    clear_caches()
    st.success(f"Décision « {chosen['libelle'][:80]} » : {DECISION_STATUSES[status].lower()}.")


if not current_viewer().can_edit:
    st.caption("Votre rôle consulte le journal sans y consigner de réunion.")
elif selected.departement:
    meeting_form(selected.departement)
else:
    st.caption("Choisissez un département dans la barre latérale pour y consigner une réunion.")

st.header("Réunions consignées")
bodies = read(meetings.bodies, territory)
options = present.body_options(bodies)
chosen_body = st.selectbox(
    "Instance", list(options), format_func=options.get, key="journal_instance", disabled=bodies.empty
)
journal = read(
    meetings.meetings, territory, comite_id=None if chosen_body == present.ALL_BODIES else chosen_body
)
if journal.empty:
    empty_state("Aucune réunion de comité n'est consignée pour ce territoire.")
else:
    show_table(present.journal_table(journal), present.JOURNAL_LABELS_DETAILED, key="journal_des_comites")

st.header("Décisions et leur suivi")
today = read(store_info.reference_date)
decisions = read(meetings.decisions, territory, today)
if decisions.empty:
    empty_state("Aucune décision n'est consignée pour ce territoire.")
else:
    st.caption(f"Où en est chaque décision au {fr_date(today)} : en retard quand son échéance est passée.")
    show_table(present.decisions_table(decisions), present.DECISION_LABELS, key="journal_decisions")
    if current_viewer().can_edit and selected.departement:
        decision_editor(decisions)
