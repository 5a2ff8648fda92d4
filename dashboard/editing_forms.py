"""Edit forms shown to referents: an action's status and percent, a governance's stage, a local date.

The forms write through the writer engine, name the version they were opened on,
and turn refusals (scope, conflict, bad values) into French messages.
"""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import plain
from dashboard.resources import clear_caches, current_viewer, read, writer_engine
from data_access import calendars, editing, store_info
from data_access.calendars import MilestoneMove
from data_access.editing import EditConflict
from data_access.refusals import Refused
from data_access.scope import Territory
from data_access.vocabulary import ACTION_STATUSES, GOVERNANCE_STAGES, MILESTONES


def _apply(change: object, success: str) -> None:
    """Run an edit; on success forget the cached reads so every page shows it.

    Messages quote names from the store (actions, references): shown literally, not as Markdown.
    """
    try:
        change()
    except EditConflict as conflict:
        st.warning(plain(conflict.message_fr), icon=":material/sync_problem:")
        clear_caches()
        return
    except Refused as refused:
        st.error(plain(refused.message_fr))
        return
    clear_caches()
    st.success(plain(success))


def action_editor(territory: Territory) -> None:
    """Update one action of the territory (shown to the roles that edit)."""
    viewer = current_viewer()
    actions = read(editing.editable_actions, territory)
    if not viewer.can_edit or actions.empty:
        return
    with st.expander("Mettre à jour une action", icon=":material/edit:"):
        names = dict(zip(actions["reference"], actions["nom"], strict=True))
        reference = st.selectbox(
            "Action", list(names), format_func=lambda value: f"{names[value]} ({value})", key="edition_action"
        )
        current = actions.set_index("reference").loc[reference]
        with st.form("edition_action_form", border=False):
            statut = st.selectbox(
                "Statut",
                list(ACTION_STATUSES),
                index=list(ACTION_STATUSES).index(current["statut"]),
                format_func=ACTION_STATUSES.get,
            )
            avancement = st.slider("Avancement (%)", 0, 100, int(current["avancement"]), step=5)
            if st.form_submit_button("Enregistrer", type="primary"):
                _apply(
                    lambda: editing.update_action(
                        writer_engine(), viewer, reference, int(current["version"]), statut, avancement
                    ),
                    f"Action « {names[reference]} » mise à jour.",
                )


def stage_editor(territory: Territory) -> None:
    """Move the governance of a département to another stage (shown to the roles that edit)."""
    viewer = current_viewer()
    governance = read(editing.governance_version, territory)
    if not viewer.can_edit or territory.level != "departement" or governance.empty:
        return
    current = governance.iloc[0]
    stages = [code for code in GOVERNANCE_STAGES if code != "aucune"]
    with (
        st.expander("Mettre à jour l'étape de la gouvernance", icon=":material/edit:"),
        st.form("edition_etape_form", border=False),
    ):
        etape = st.selectbox(
            "Étape",
            stages,
            index=stages.index(current["etape"]) if current["etape"] in stages else 0,
            format_func=GOVERNANCE_STAGES.get,
        )
        if st.form_submit_button("Enregistrer", type="primary"):
            _apply(
                lambda: editing.update_governance_stage(
                    writer_engine(),
                    viewer,
                    str(current["code_departement"]),
                    int(current["version"]),
                    etape,
                    read(store_info.reference_date),
                ),
                f"Étape de la gouvernance : « {GOVERNANCE_STAGES[etape]} ».",
            )


def milestone_editor(territory: Territory) -> None:
    """Move a national milestone for the département, with the reason and the source (audited)."""
    viewer = current_viewer()
    if not viewer.can_edit or territory.level != "departement":
        return
    with (
        st.expander("Reporter un jalon pour ce département", icon=":material/event_repeat:"),
        st.form("edition_jalon_form", border=False),
    ):
        jalon = st.selectbox(
            "Jalon", list(MILESTONES), format_func=lambda key: MILESTONES[key][0], key="edition_jalon"
        )
        echeance = st.date_input("Échéance locale", format="DD/MM/YYYY", key="edition_jalon_date")
        motif = st.text_area("Motif", key="edition_jalon_motif")
        source = st.text_input(
            "Source",
            placeholder="relevé de conclusions du COTECH du 4 avril 2024",
            key="edition_jalon_source",
        )
        if st.form_submit_button("Enregistrer la date locale", type="primary"):
            move = MilestoneMove(str(territory.code), jalon, echeance, motif, source)
            _apply(
                lambda: calendars.move_milestone(writer_engine(), viewer, move),
                f"{MILESTONES[jalon][0]} : échéance locale enregistrée.",
            )
