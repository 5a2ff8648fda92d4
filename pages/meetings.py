"""Journal des comités: record a meeting of a département's comité, and read the journal."""

from __future__ import annotations

import streamlit as st

from dashboard.layout import empty_state, page_header, show_table
from dashboard.presenters import meetings as present
from dashboard.resources import clear_caches, current_viewer, read, writer_engine
from dashboard.territory import current_territory
from data_access import meetings, territories
from data_access.meetings import Meeting
from data_access.refusals import Refused
from data_access.vocabulary import COMITE_TYPES

territory = current_territory()
page_header("Journal des comités", territory)


def meeting_form(code_departement: str) -> None:
    """The form of a new meeting; the journal and every page see it as soon as it is saved."""
    with st.form("nouvelle_reunion", clear_on_submit=True, border=True):
        st.subheader("Consigner une réunion")
        type_column, date_column, next_column = st.columns(3)
        comite_type = type_column.selectbox(
            "Comité", list(COMITE_TYPES), format_func=COMITE_TYPES.get, key="reunion_type"
        )
        held_on = date_column.date_input("Date de la réunion", format="DD/MM/YYYY", key="reunion_date")
        next_on = next_column.date_input(
            "Prochaine réunion (facultatif)", value=None, format="DD/MM/YYYY", key="reunion_prochaine"
        )
        participants = st.text_area("Participants", key="reunion_participants")
        conclusions = st.text_area("Conclusions", key="reunion_conclusions")
        decisions = st.text_area("Décisions", key="reunion_decisions")
        if not st.form_submit_button("Enregistrer la réunion", type="primary"):
            return
    meeting = Meeting(code_departement, comite_type, held_on, participants, conclusions, decisions, next_on)
    try:
        meetings.record_meeting(writer_engine(), current_viewer(), meeting)
    except Refused as rejected:
        st.error(rejected.message_fr)
        return
    clear_caches()
    st.success(present.recorded(held_on))


if not current_viewer().can_edit:
    st.caption("Votre rôle consulte le journal sans y consigner de réunion.")
elif territory.level == "departement":
    meeting_form(territory.code)
elif territory.level == "epci":
    meeting_form(read(territories.epci_departement, territory.code))
else:
    st.caption("Choisissez un département dans la barre latérale pour y consigner une réunion.")

st.header("Réunions consignées")
journal = read(meetings.meetings, territory)
if journal.empty:
    empty_state("Aucune réunion de comité n'est consignée pour ce territoire.")
else:
    show_table(present.journal_table(journal), present.JOURNAL_LABELS, key="journal_des_comites")
