"""Synthèse: the headline figures of the territory against the targets, each linking to its page."""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import fr_date
from dashboard.layout import empty_state, page_header, show_table
from dashboard.national_frame import show_target_cards
from dashboard.presenters import summary as present
from dashboard.presenters.common import Metric
from dashboard.resources import read
from dashboard.territory import current_territory, territory_query_params
from data_access import candidatures, financing, fragility, governance, lieux, roadmaps, store_info

selected = current_territory()
territory = selected.scope
page_header("Synthèse", selected)
links = territory_query_params()


def card(title: str, page: str | None, metrics: list[Metric]) -> None:
    """One bordered card: its metrics and, with a page, a link to the detailed page."""
    with st.container(border=True):
        st.subheader(title)
        for metric in metrics:
            st.metric(metric.label, metric.value, help=metric.help)
        if page:
            st.page_link(page, label="Voir le détail", icon=":material/arrow_forward:", query_params=links)


gouvernance = read(governance.governance_summary, territory)
today = read(store_info.reference_date)
places = read(lieux.lieux_summary, territory, today)

if gouvernance.departements == 0:
    empty_state("Aucun département n'est enregistré pour ce territoire : chargez la géographie de référence.")
    st.stop()

show_target_cards(territory)
st.page_link(
    "pages/indicators.py",
    label="Contribution des départements, projection et détail des accompagnements",
    icon=":material/arrow_forward:",
    query_params=links,
)
st.header("Pilotage local")
first, second, third = st.columns(3)
with first:
    card("Gouvernance", "pages/governance.py", present.governance_card(gouvernance))
    card(
        "Candidatures",
        "pages/candidatures.py",
        present.candidatures_card(read(candidatures.candidature_summary, territory)),
    )
with second:
    card("Lieux de médiation numérique", "pages/lieux.py", present.lieux_card(places))
    card(
        "Fragilité numérique",
        "pages/fragility.py",
        present.fragility_card(read(fragility.fragility_summary, territory)),
    )
with third:
    card(
        "Feuille de route",
        "pages/roadmaps.py",
        present.roadmaps_card(read(roadmaps.roadmap_summary, territory, today)),
    )
    card("Financements", None, present.financing_card(read(financing.financing_summary, territory)))

st.header("Fraîcheur des sources")
freshness = read(store_info.source_freshness)
if freshness.empty:
    empty_state("Aucune importation n'est encore enregistrée : les sources n'ont pas de date.")
else:
    show_table(present.freshness_table(freshness), present.FRESHNESS_LABELS, key="fraicheur_des_sources")
if places.dernier_releve is not None:
    st.caption(f"Dernier relevé du nombre de lieux : {fr_date(places.dernier_releve)}.")
