"""Gouvernance: where each département stands, which milestones were missed, and one département in detail.

The page answers the COPIL's questions in order: how many départements have a
formalised governance (map and counts), who carries each one (table), who is
late against the national milestones, then the detail of one governance.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import governance as charts
from dashboard.editing_forms import milestone_editor, stage_editor
from dashboard.layout import (
    chart_with_table,
    empty_state,
    map_with_table,
    metrics_row,
    page_header,
    show_table,
)
from dashboard.presenters import calendars
from dashboard.presenters import governance as present
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import governance, store_info
from data_access.scope import Territory

DETAIL_KEY = "gouvernance_detail_departement"  # kept across reruns; reset when the territory drops it


def show_overview(territory: Territory, stages: pd.DataFrame) -> None:
    """Map and stage counts, meaningful only with several départements."""
    st.subheader("Étape de la gouvernance par département")
    map_with_table(
        built(charts.governance_map, stages, fit=territory.level == "region"),
        charts.stage_legend(),
        present.map_table(stages),
        present.MAP_LABELS,
        key="gouvernance_carte",
    )
    counts = read(governance.stage_counts, territory)
    st.subheader("Départements par étape")
    chart_with_table(
        built(charts.stage_counts_chart, counts), counts, present.STAGE_LABELS, key="gouvernance_etapes"
    )


def show_table_per_departement(stages: pd.DataFrame) -> None:
    st.subheader("Gouvernance de chaque département")
    show_table(present.departements_table(stages), present.TABLE_LABELS, key="gouvernance_departements")


def show_lateness(territory: Territory) -> None:
    st.subheader("Jalons nationaux")
    today = read(store_info.reference_date)
    st.caption(present.lateness_caption(today))
    lateness = read(governance.milestone_lateness, territory, today)
    if lateness.empty:
        empty_state("Aucun département à situer par rapport aux jalons nationaux.")
        return
    counts = read(governance.lateness_counts, territory, today)
    chart_with_table(
        built(charts.lateness_chart, counts),
        present.lateness_table(counts),
        present.LATENESS_LABELS,
        key="gouvernance_jalons",
    )
    matrix = charts.lateness_matrix(lateness)
    show_table(matrix, present.matrix_labels(matrix), key="gouvernance_jalons_departements")


def show_detail(territory: Territory, stages: pd.DataFrame) -> None:
    st.subheader("Détail d'une gouvernance")
    names = dict(zip(stages["code"], stages["nom"], strict=True))
    if territory.level in ("national", "region"):
        if st.session_state.get(DETAIL_KEY) not in names:
            st.session_state[DETAIL_KEY] = next(iter(names))
        code = st.selectbox(
            "Département",
            list(names),
            format_func=lambda value: f"{value} – {names[value]}",
            key=DETAIL_KEY,
        )
    else:
        code = stages["code"].iloc[0]
    detail = read(governance.departement_detail, selected.within(Territory.departement(code)))
    if detail is None or not detail.has_governance:
        empty_state(f"Aucune gouvernance n'est encore remontée pour {names.get(code, code)}.")
        return
    st.markdown(present.detail_heading(detail))
    reached = present.reached_dates(detail)
    if reached:
        st.caption(reached)
    st.markdown("**Calendrier : échéances nationales et locales**")
    lateness = read(
        governance.milestone_lateness, Territory.departement(code), read(store_info.reference_date)
    )
    show_table(calendars.milestone_table(lateness), calendars.MILESTONE_LABELS, key="gouvernance_calendrier")
    for sentence in calendars.moved_note(lateness):
        st.caption(sentence)
    st.markdown("**Note de contexte**")
    note = present.context_note(detail)
    if note:
        st.markdown(note)
    else:
        st.caption("Aucune note de contexte.")
    st.markdown("**Co-porteurs**")
    if not detail.coporteurs.empty:
        show_table(detail.coporteurs, present.COPORTEUR_LABELS, key="gouvernance_coporteurs")
    elif detail.pas_de_coporteurs:
        st.caption("La gouvernance a déclaré ne pas avoir de co-porteur.")
    else:
        st.caption("Aucun co-porteur renseigné.")
    st.markdown("**Comités**")
    if detail.comites.empty:
        st.caption("Aucun comité renseigné.")
    else:
        show_table(present.comites_table(detail.comites), present.COMITE_LABELS, key="gouvernance_comites")
    st.markdown("**Réunions**")
    if detail.reunions.empty:
        st.caption("Aucune réunion renseignée.")
    else:
        show_table(
            present.meetings_table(detail.reunions), present.MEETING_LABELS, key="gouvernance_reunions"
        )
    if not detail.feuilles_de_route.empty:
        st.markdown("**Feuilles de route**")
        show_table(
            present.roadmaps_table(detail.feuilles_de_route),
            present.ROADMAP_LABELS,
            key="gouvernance_feuilles",
        )


selected = current_territory()
territory = selected.scope
page_header("Gouvernance", selected)
stages = read(governance.stage_per_departement, territory)
if stages.empty:
    empty_state(
        "Aucun département pour ce territoire : la géographie de référence n'est pas chargée "
        "ou le territoire choisi est inconnu."
    )
else:
    if territory.level in ("national", "region"):
        metrics_row(present.overview_metrics(read(governance.governance_summary, territory)))
    else:
        metrics_row(present.departement_metrics(stages.iloc[0]))
    if territory.level in ("national", "region"):
        show_overview(territory, stages)
    show_table_per_departement(stages)
    show_lateness(territory)
    show_detail(territory, stages)
    stage_editor(territory)
    milestone_editor(territory)
