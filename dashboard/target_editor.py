"""The form where a département's editor sets its own target for a national indicator (audited)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.formatting import fr_number, plain
from dashboard.resources import clear_caches, current_viewer, writer_engine
from data_access.indicators import IndicatorDefinition
from data_access.refusals import Refused
from data_access.scope import Territory
from data_access.target_editing import update_local_target


def local_target_editor(territory: Territory, definition: IndicatorDefinition, row: pd.Series | None) -> None:
    """Shown at département level to the roles that edit; ``row`` is the département's target row."""
    viewer = current_viewer()
    if territory.level != "departement" or not viewer.can_edit or not definition.has_target or row is None:
        return
    local = row["objectif_local"]
    derived = row["objectif_derive"]
    with (
        st.expander("Fixer un objectif local", icon=":material/edit:"),
        st.form(f"objectif_local_{definition.code}", border=False),
    ):
        st.caption(
            f"Part de la population : {fr_number(derived)} {definition.unite}. Un objectif local la remplace "
            "dans tous les écrans ; le vider rétablit la part de la population."
        )
        value = st.number_input(
            "Objectif local",
            min_value=0,
            value=int(local) if pd.notna(local) else 0,
            step=1,
            help="0 : pas d'objectif local.",
            key=f"objectif_local_valeur_{definition.code}",
        )
        source = st.text_input(
            "Source (délibération, feuille de route…)", key=f"objectif_local_source_{definition.code}"
        )
        if st.form_submit_button("Enregistrer", type="primary"):
            try:
                update_local_target(
                    writer_engine(), viewer, definition.code, str(territory.code), int(value) or None, source
                )
            except Refused as refused:
                st.error(plain(refused.message_fr))
                return
            clear_caches()
            st.success(plain(f"Objectif local de « {definition.libelle} » enregistré."))
