"""Candidatures: who filled the governance form, how submissions moved, which EPCI are missing.

These are the COPIL's progress questions: how many porteurs versus participants,
how submissions went against the national deadlines, how many EPCI of the
territory registered and which have not.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import candidatures as charts
from dashboard.formatting import fr_date, fr_number, fr_percent
from dashboard.layout import chart_with_table, empty_state, page_header, show_table
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import candidatures
from data_access.read_models import CandidatureSummary
from data_access.scope import Territory
from data_access.vocabulary import CANDIDATURE_STATUSES, INTENTIONS, PERSONAS

PERSONA_LABELS = {
    "persona_libelle": "Profil",
    "intention_libelle": "Intention",
    "candidatures": "Candidatures",
}
CUMULATIVE_LABELS = {"date_envoi": "Date d'envoi", "candidatures": "Formulaires envoyés", "cumul": "Cumul"}
COVERAGE_LABELS = {
    "code": "Code",
    "nom": "Département",
    "epci": "EPCI",
    "inscrits": "EPCI inscrits",
    "part": "Part des EPCI inscrits",
}
MISSING_EPCI_LABELS = {
    "code": "SIREN",
    "nom": "EPCI",
    "type": "Type",
    "population": "Population",
    "departement": "Département",
}
FORM_LABELS = {
    "reference": "Référence",
    "code_departement": "Département",
    "structure_nom": "Structure",
    "persona_libelle": "Profil",
    "intention_libelle": "Intention",
    "statut_libelle": "Statut",
    "epci_nom": "EPCI",
    "date_envoi": "Date d'envoi",
    "date_annulation": "Date d'annulation",
    "territoires": "Territoires couverts",
    "contact_structure": "Contact structure",
    "contact_politique": "Contact politique",
    "contact_technique": "Contact technique",
}


def show_metrics(summary: CandidatureSummary) -> None:
    columns = st.columns(4)
    columns[0].metric("Formulaires envoyés", fr_number(summary.total))
    columns[1].metric("Pour porter", fr_number(summary.porter))
    columns[2].metric("Pour participer", fr_number(summary.participer))
    columns[3].metric("Part des EPCI inscrits", fr_percent(summary.part_epci))
    notes = ["Formulaires non annulés."]
    if summary.annulees:
        notes.append(f"Formulaires annulés, non comptés : {fr_number(summary.annulees)}.")
    if summary.sans_date_envoi:
        notes.append(f"Formulaires comptés sans date d'envoi : {fr_number(summary.sans_date_envoi)}.")
    st.caption(" ".join(notes))


def show_persona_intention(territory: Territory) -> None:
    st.subheader("Candidatures par profil et intention")
    frame = read(candidatures.counts_by_persona_intention, territory)
    if int(frame["candidatures"].sum()) == 0:
        empty_state("Aucune candidature n'a été déposée pour ce territoire.")
        return
    chart_with_table(
        built(charts.persona_intention_chart, frame), frame, PERSONA_LABELS, key="candidatures_profils"
    )


def show_timeline(territory: Territory) -> None:
    st.subheader("Formulaires envoyés au fil du temps")
    frame = read(candidatures.cumulative_submissions, territory)
    if frame.empty:
        empty_state("Aucun formulaire envoyé (avec une date d'envoi) pour ce territoire.")
        return
    st.caption("Les lignes pointillées marquent les jalons nationaux de la gouvernance.")
    shown = frame.assign(date_envoi=frame["date_envoi"].map(fr_date))
    chart_with_table(
        built(charts.cumulative_chart, frame), shown, CUMULATIVE_LABELS, key="candidatures_cumul"
    )


def show_epci(territory: Territory) -> None:
    st.subheader("EPCI inscrits")
    coverage = read(candidatures.epci_coverage, territory)
    if coverage.epci == 0:
        empty_state("Aucun EPCI n'est rattaché à ce territoire.")
        return
    st.markdown(
        f"**{fr_number(coverage.inscrits)}** EPCI inscrits sur **{fr_number(coverage.epci)}** "
        f"({fr_percent(coverage.part)}) : un EPCI est inscrit quand une candidature non annulée le nomme."
    )
    if territory.level in ("national", "region"):
        per_departement = read(candidatures.epci_coverage_per_departement, territory)
        if len(per_departement) > charts.LOWEST_SHOWN:
            st.caption(
                f"Les {charts.LOWEST_SHOWN} départements où la part d'EPCI inscrits est la plus faible ; "
                "le tableau sous le graphique les donne tous."
            )
        chart_with_table(
            built(charts.epci_coverage_chart, per_departement),
            per_departement.assign(part=per_departement["part"].map(fr_percent)),
            COVERAGE_LABELS,
            key="candidatures_epci_departements",
        )
    missing = read(candidatures.epci_without_candidature, territory)
    st.markdown("**EPCI sans candidature**")
    if missing.empty:
        st.caption("Tous les EPCI du territoire sont inscrits.")
        return
    show_table(
        missing.assign(
            population=missing["population"].map(fr_number),
            departement=missing["code_departement"] + " – " + missing["departement"],
        ),
        MISSING_EPCI_LABELS,
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
        frame.assign(
            date_envoi=frame["date_envoi"].map(fr_date),
            date_annulation=frame["date_annulation"].map(fr_date),
        ),
        FORM_LABELS,
        key="candidatures_formulaires",
    )


territory = current_territory()
page_header("Candidatures", territory)
show_metrics(read(candidatures.candidature_summary, territory))
show_persona_intention(territory)
show_timeline(territory)
show_epci(territory)
show_forms(territory)
