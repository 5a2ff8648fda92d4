"""Gouvernance: where each département stands, which milestones were missed, and one département in detail.

The page answers the COPIL's questions in order: how many départements have a
formalised governance (map and counts), who carries each one (table), who is
late against the national milestones, then the detail of one governance.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import governance as charts
from dashboard.editing_forms import stage_editor
from dashboard.formatting import fr_date, fr_number, fr_percent, plain
from dashboard.layout import chart_with_table, empty_state, map_with_table, page_header, show_table
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import governance, store_info
from data_access.read_models import GovernanceSummary
from data_access.scope import Territory

TABLE_LABELS = {
    "code": "Code",
    "nom": "Département",
    "etape_libelle": "Étape",
    "perimetre_libelle": "Périmètre",
    "porteur_nom": "Porteur",
    "coporteurs": "Co-porteurs",
    "sous_prefet_nom": "Sous-préfet référent",
    "nb_comites": "Comités",
    "derniere_reunion": "Dernière réunion",
    "nb_feuilles_de_route": "Feuilles de route",
}
MAP_LABELS = {"code": "Code", "nom": "Département", "etape_libelle": "Étape", "porteur_nom": "Porteur"}
STAGE_LABELS = {"etape_libelle": "Étape", "departements": "Départements"}
LATENESS_LABELS = {
    "libelle": "Jalon",
    "echeance": "Échéance",
    "statut_libelle": "Statut",
    "departements": "Départements",
}
DETAIL_KEY = "gouvernance_detail_departement"  # kept across reruns; reset when the territory drops it


def with_fr_dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy where date columns read ``15 octobre 2023``."""
    return frame.assign(**{column: frame[column].map(fr_date) for column in columns})


def show_metrics(territory: Territory, summary: GovernanceSummary, stages: pd.DataFrame) -> None:
    if territory.level in ("national", "region"):
        columns = st.columns(4)
        columns[0].metric("Départements", fr_number(summary.departements))
        columns[1].metric("Formalisées ou au-delà", fr_number(summary.formalisees))
        columns[2].metric("Part formalisée ou au-delà", fr_percent(summary.part_formalisees))
        columns[3].metric("Feuilles de route adoptées", fr_number(summary.feuilles_adoptees))
        return
    row = stages.iloc[0]
    columns = st.columns(4)
    columns[0].metric("Étape", row["etape_libelle"])
    columns[1].metric("Co-porteurs", fr_number(row["nb_coporteurs"]))
    columns[2].metric("Comités", fr_number(row["nb_comites"]))
    columns[3].metric("Dernière réunion", fr_date(row["derniere_reunion"]))


def show_overview(territory: Territory, stages: pd.DataFrame) -> None:
    """Map and stage counts, meaningful only with several départements."""
    st.subheader("Étape de la gouvernance par département")
    map_frame = stages.assign(porteur_nom=stages["porteur_nom"].fillna("—"))
    map_with_table(
        built(charts.governance_map, stages, fit=territory.level == "region"),
        charts.stage_legend(),
        map_frame,
        MAP_LABELS,
        key="gouvernance_carte",
    )
    counts = read(governance.stage_counts, territory)
    st.subheader("Départements par étape")
    chart_with_table(built(charts.stage_counts_chart, counts), counts, STAGE_LABELS, key="gouvernance_etapes")


def show_table_per_departement(stages: pd.DataFrame) -> None:
    st.subheader("Gouvernance de chaque département")
    show_table(with_fr_dates(stages, "derniere_reunion"), TABLE_LABELS, key="gouvernance_departements")


def show_lateness(territory: Territory) -> None:
    st.subheader("Jalons nationaux")
    today = read(store_info.reference_date)
    st.caption(f"Situation au {fr_date(today)} : un jalon non atteint après son échéance est « manquant ».")
    lateness = read(governance.milestone_lateness, territory, today)
    if lateness.empty:
        empty_state("Aucun département à situer par rapport aux jalons nationaux.")
        return
    counts = read(governance.lateness_counts, territory, today)
    chart_with_table(
        built(charts.lateness_chart, counts),
        with_fr_dates(counts, "echeance"),
        LATENESS_LABELS,
        key="gouvernance_jalons",
    )
    matrix = charts.lateness_matrix(lateness)
    labels = {"code": "Code", "nom": "Département"} | {
        column: column for column in matrix.columns if column not in ("code", "nom")
    }
    show_table(matrix, labels, key="gouvernance_jalons_departements")


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
    detail = read(governance.departement_detail, Territory.departement(code))
    if detail is None or not detail.has_governance:
        empty_state(f"Aucune gouvernance n'est encore remontée pour {names.get(code, code)}.")
        return
    st.markdown(
        f"**{plain(detail.nom)} ({detail.code})** · étape : **{detail.etape_libelle}**  \n"
        f"Périmètre : {detail.perimetre_libelle or '—'} · porteur : {plain(detail.porteur_nom or '—')}  \n"
        f"Sous-préfet référent : {plain(detail.sous_prefet_nom or '—')}"
        + (f" ({plain(detail.sous_prefet_email)})" if detail.sous_prefet_email else "")
    )
    reached = [
        f"{label} : {fr_date(detail.dates.get(column))}"
        for label, column in (
            ("Pressentie", "date_pressentie"),
            ("Formalisée", "date_formalisee"),
            ("Feuille de route adoptée", "date_feuille_adoptee"),
            ("Mise en œuvre", "date_mise_en_oeuvre"),
        )
        if detail.dates.get(column) is not None
    ]
    if reached:
        st.caption(" · ".join(reached))
    st.markdown("**Note de contexte**")
    if detail.note_de_contexte:
        st.markdown(plain(detail.note_de_contexte))
    else:
        st.caption("Aucune note de contexte.")
    st.markdown("**Co-porteurs**")
    if not detail.coporteurs.empty:
        show_table(
            detail.coporteurs,
            {"nom": "Co-porteur", "type": "Type", "siren": "SIREN"},
            key="gouvernance_coporteurs",
        )
    elif detail.pas_de_coporteurs:
        st.caption("La gouvernance a déclaré ne pas avoir de co-porteur.")
    else:
        st.caption("Aucun co-porteur renseigné.")
    st.markdown("**Comités**")
    if detail.comites.empty:
        st.caption("Aucun comité renseigné.")
    else:
        show_table(
            with_fr_dates(detail.comites, "derniere_reunion", "prochaine_reunion"),
            {
                "nom": "Comité",
                "type_libelle": "Type",
                "frequence_libelle": "Fréquence",
                "nb_reunions": "Réunions",
                "derniere_reunion": "Dernière réunion",
                "prochaine_reunion": "Prochaine réunion",
            },
            key="gouvernance_comites",
        )
    st.markdown("**Réunions**")
    if detail.reunions.empty:
        st.caption("Aucune réunion renseignée.")
    else:
        show_table(
            with_fr_dates(detail.reunions, "date", "prochaine_date"),
            {
                "date": "Date",
                "comite": "Comité",
                "participants": "Participants",
                "conclusions": "Conclusions",
                "decisions": "Décisions",
                "prochaine_date": "Prochaine réunion",
            },
            key="gouvernance_reunions",
        )
    if not detail.feuilles_de_route.empty:
        st.markdown("**Feuilles de route**")
        show_table(
            with_fr_dates(detail.feuilles_de_route, "date_adoption"),
            {"nom": "Feuille de route", "porteur_nom": "Porteur", "date_adoption": "Adoptée le"},
            key="gouvernance_feuilles",
        )


territory = current_territory()
page_header("Gouvernance", territory)
stages = read(governance.stage_per_departement, territory)
if stages.empty:
    empty_state(
        "Aucun département pour ce territoire : la géographie de référence n'est pas chargée "
        "ou le territoire choisi est inconnu."
    )
else:
    summary = read(governance.governance_summary, territory)
    show_metrics(territory, summary, stages)
    if territory.level in ("national", "region"):
        show_overview(territory, stages)
    show_table_per_departement(stages)
    show_lateness(territory)
    show_detail(territory, stages)
    stage_editor(territory)
