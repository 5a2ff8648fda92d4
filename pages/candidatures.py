"""Candidatures: who filled the governance form, how submissions moved, which EPCI are missing.

These are the COPIL's progress questions: how many porteurs versus participants,
how submissions went against the national deadlines, how many EPCI of the
territory registered and which have not.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import candidatures as charts
from dashboard.formatting import fr_number
from dashboard.layout import (
    chart_section,
    chart_with_table,
    empty_state,
    metrics_row,
    page_header,
    show_table,
)
from dashboard.presenters import candidatures as present
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import candidatures
from data_access.scope import Territory
from data_access.vocabulary import CANDIDATURE_STATUSES, INTENTIONS, PERSONAS


def show_persona_intention(territory: Territory) -> None:
    frame = read(candidatures.counts_by_persona_intention, territory)
    chart_section(
        "Candidatures par profil et intention",
        frame,
        charts.persona_intention_chart,
        present.PERSONA_LABELS,
        key="candidatures_profils",
        empty="Aucune candidature n'a été déposée pour ce territoire.",
        is_empty=int(frame["candidatures"].sum()) == 0,
    )


def show_timeline(territory: Territory) -> None:
    chart_section(
        "Formulaires envoyés au fil du temps",
        read(candidatures.cumulative_submissions, territory),
        charts.cumulative_chart,
        present.CUMULATIVE_LABELS,
        key="candidatures_cumul",
        empty="Aucun formulaire envoyé (avec une date d'envoi) pour ce territoire.",
        caption="Les lignes pointillées marquent les jalons nationaux de la gouvernance.",
        shown=present.cumulative_table,
    )


def show_epci(territory: Territory) -> None:
    st.subheader("EPCI inscrits")
    coverage = read(candidatures.epci_coverage, territory)
    if coverage.epci == 0:
        empty_state("Aucun EPCI n'est rattaché à ce territoire.")
        return
    st.markdown(present.coverage_sentence(coverage))
    if territory.level in ("national", "region"):
        per_departement = read(candidatures.epci_coverage_per_departement, territory)
        if len(per_departement) > charts.LOWEST_SHOWN:
            st.caption(present.lowest_shown_caption(charts.LOWEST_SHOWN))
        chart_with_table(
            built(charts.epci_coverage_chart, per_departement),
            present.coverage_table(per_departement),
            present.COVERAGE_LABELS,
            key="candidatures_epci_departements",
        )
    missing = read(candidatures.epci_without_candidature, territory)
    st.markdown("**EPCI sans candidature**")
    if missing.empty:
        st.caption("Tous les EPCI du territoire sont inscrits.")
        return
    show_table(
        present.missing_epci_table(missing),
        present.MISSING_EPCI_LABELS,
        key="candidatures_epci_manquants",
    )


def show_forms(territory: Territory) -> None:
    st.subheader("Formulaires")
    columns = st.columns(3)
    personas = columns[0].multiselect(
        "Profil",
        list(PERSONAS),
        format_func=PERSONAS.get,
        placeholder="Tous les profils",
        key="candidatures_filtre_profil",
    )
    intentions = columns[1].multiselect(
        "Intention",
        list(INTENTIONS),
        format_func=INTENTIONS.get,
        placeholder="Toutes les intentions",
        key="candidatures_filtre_intention",
    )
    statuses = columns[2].multiselect(
        "Statut",
        list(CANDIDATURE_STATUSES),
        format_func=CANDIDATURE_STATUSES.get,
        placeholder="Tous les statuts",
        key="candidatures_filtre_statut",
    )
    frame = read(
        candidatures.candidatures_table,
        territory,
        personas=tuple(personas) or None,
        intentions=tuple(intentions) or None,
        statuses=tuple(statuses) or None,
    )
    if frame.empty:
        empty_state("Aucun formulaire ne correspond à ces critères pour ce territoire.")
        return
    st.caption(f"{fr_number(len(frame))} formulaire(s).")
    show_table(
        present.forms_table(frame),
        present.FORM_LABELS,
        key="candidatures_formulaires",
    )


selected = current_territory()
territory = selected.scope
page_header("Candidatures", selected)
summary = read(candidatures.candidature_summary, territory)
metrics_row(present.metrics(summary), note=present.metrics_note(summary))
show_persona_intention(territory)
show_timeline(territory)
show_epci(territory)
show_forms(territory)
