"""Synthèse: the headline figures of the territory against the targets, each linking to its page."""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import fr_date, fr_datetime, fr_euros, fr_number, fr_percent
from dashboard.layout import empty_state, page_header, show_table
from dashboard.national_frame import show_target_cards
from dashboard.resources import read
from dashboard.territory import current_territory, territory_query_params
from data_access import candidatures, financing, fragility, governance, lieux, roadmaps, store_info
from data_access.importers import KIND_LABELS

territory = current_territory()
page_header("Synthèse", territory)
links = territory_query_params()


def card(title: str, page: str, metrics: list[tuple[str, str, str | None]]) -> None:
    """One bordered card: its metrics (label, value, help) and a link to the detailed page."""
    with st.container(border=True):
        st.subheader(title)
        for label, value, help_text in metrics:
            st.metric(label, value, help=help_text)
        st.page_link(page, label="Voir le détail", icon=":material/arrow_forward:", query_params=links)


gouvernance = read(governance.governance_summary, territory)
formulaires = read(candidatures.candidature_summary, territory)
today = read(store_info.reference_date)
places = read(lieux.lieux_summary, territory, today)
ifn = read(fragility.fragility_summary, territory)
feuilles = read(roadmaps.roadmap_summary, territory, today)
argent = read(financing.financing_summary, territory)

if gouvernance["departements"] == 0:
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
    if gouvernance["etape_libelle"] is not None:
        stage = ("Étape de la gouvernance", str(gouvernance["etape_libelle"]), None)
    else:
        stage = (
            "Gouvernances formalisées",
            f"{fr_number(gouvernance['formalisees'])} / {fr_number(gouvernance['departements'])}",
            "Départements dont la gouvernance est formalisée ou plus avancée.",
        )
    card(
        "Gouvernance",
        "pages/governance.py",
        [stage, ("Feuilles de route adoptées", fr_number(gouvernance["feuilles_adoptees"]), None)],
    )
    card(
        "Candidatures",
        "pages/candidatures.py",
        [
            ("Formulaires envoyés", fr_number(formulaires["total"]), "Formulaires non annulés."),
            ("Part des EPCI inscrits", fr_percent(formulaires["part_epci"]), None),
        ],
    )
with second:
    target = places["objectif"]
    card(
        "Lieux de médiation numérique",
        "pages/lieux.py",
        [
            (
                "Lieux recensés",
                fr_number(places["lieux"]) + (f" / {fr_number(target)}" if target else ""),
                "Rapportés à l'objectif local s'il est fixé, sinon à la part nationale des 25 000 lieux.",
            ),
            ("Progression vers l'objectif", fr_percent(places["progression"]), None),
        ],
    )
    card(
        "Fragilité numérique",
        "pages/fragility.py",
        [
            (
                "Indice de fragilité moyen",
                fr_number(ifn["ifn_moyen"], 1),
                "Moyenne des communes pondérée par leur population, sur 10.",
            ),
            ("Communes fragiles (IFN ≥ 7)", fr_number(ifn["communes_fragiles"]), None),
        ],
    )
with third:
    mean_progress = None if feuilles["avancement_moyen"] is None else feuilles["avancement_moyen"] / 100
    card(
        "Feuille de route",
        "pages/roadmaps.py",
        [
            ("Actions", fr_number(feuilles["actions"]), None),
            ("Avancement moyen", fr_percent(mean_progress), "Moyenne de l'avancement des actions."),
            ("Actions en retard", fr_number(feuilles["actions_en_retard"]), None),
        ],
    )
    with st.container(border=True):
        st.subheader("Financements")
        st.metric("Enveloppes de l'État", fr_euros(argent["enveloppes_etat"]))
        st.metric(
            "Financement engagé",
            fr_euros(argent["financement_engage"]),
            help="Subventions acceptées et cofinancements, rapportés au budget des actions.",
        )
        st.metric("Part du budget des actions financée", fr_percent(argent["taux_financement"]))

st.header("Fraîcheur des sources")
freshness = read(store_info.source_freshness)
if freshness.empty:
    empty_state("Aucune importation n'est encore enregistrée : les sources n'ont pas de date.")
else:
    freshness = freshness.assign(
        source=freshness["kind"].map(lambda kind: KIND_LABELS.get(kind, kind)),
        date=freshness["derniere_importation"].map(fr_datetime),
    )
    show_table(
        freshness,
        {"source": "Source", "date": "Dernière importation", "fichier": "Fichier", "lignes": "Lignes"},
        key="fraicheur_des_sources",
    )
if places["dernier_releve"] is not None:
    st.caption(f"Dernier relevé du nombre de lieux : {fr_date(places['dernier_releve'])}.")
