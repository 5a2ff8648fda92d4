"""Fragilité numérique: where the IFN is high, and which fragile communes have no lieu nearby.

The indice de fragilité numérique (La Mednum) scores each commune from 0 to
10; a territory's figure is the population-weighted mean of its communes. The
question a COPIL asks next: which fragile communes have no lieu de médiation
within reach, to open or send mediation there first.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import fragility as charts
from dashboard.layout import (
    chart_with_table,
    empty_state,
    map_with_table,
    metrics_row,
    page_header,
    show_table,
)
from dashboard.presenters import fragility as present
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import fragility, lieux
from data_access.scope import Territory

# Bare strings in a page are written out by Streamlit's "magic": these notes are comments.
# The commune picker lists at most this many communes (the most fragile first).
MAX_COMMUNE_OPTIONS = 2_000


def show_controls() -> tuple[float, float]:
    left, right = st.columns(2)
    threshold = left.slider(
        "Seuil de fragilité (IFN)",
        min_value=0.0,
        max_value=10.0,
        value=fragility.DEFAULT_THRESHOLD,
        step=0.5,
        format="%.1f",
        key="fragilite_seuil",
        help="Une commune est dite fragile quand son indice atteint ce seuil.",
    )
    radius = right.number_input(
        "Rayon de recherche d'un lieu (km)",
        min_value=1.0,
        max_value=50.0,
        value=fragility.DEFAULT_RADIUS_KM,
        step=1.0,
        format="%.0f",
        key="fragilite_rayon",
        help="Distance à vol d'oiseau depuis le centre de la commune.",
    )
    return float(threshold), float(radius)


def show_map(territory: Territory, unserved: pd.DataFrame, threshold: float, radius: float) -> None:
    st.subheader("Carte de la fragilité numérique")
    if territory.level in ("national", "region"):
        frame = read(fragility.ifn_per_departement, territory)
        if frame["ifn"].isna().all():
            empty_state("Aucun indice de fragilité numérique pour ce territoire : importez le fichier IFN.")
            return
        st.caption(present.departements_map_caption())
        per_departement = read(fragility.unserved_per_departement, territory, threshold, radius)
        deck, legend = built(
            charts.departements_map, frame, per_departement, national=territory.level == "national"
        )
        map_with_table(
            deck,
            legend,
            present.departements_table(frame),
            present.DEPARTEMENT_LABELS,
            key="fragilite_carte_departements",
        )
        return
    communes = read(fragility.ifn_per_commune, territory)
    if communes["total"].isna().all():
        empty_state("Aucun indice de fragilité numérique pour les communes de ce territoire.")
        return
    points = read(lieux.places_on_map, territory)
    deck, legend = built(charts.communes_map, communes, points, unserved)
    map_with_table(
        deck,
        legend,
        present.communes_table(communes),
        present.COMMUNE_LABELS,
        key="fragilite_carte_communes",
    )


def show_unserved(unserved: pd.DataFrame, threshold: float, radius: float) -> None:
    st.subheader("Communes fragiles sans lieu de médiation à proximité")
    if unserved.empty:
        empty_state(present.no_unserved_message(threshold, radius))
        return
    st.caption(present.unserved_caption(threshold, radius))
    show_table(present.unserved_table(unserved), present.UNSERVED_LABELS, key="fragilite_sans_lieu")


def commune_options(territory: Territory, unserved: pd.DataFrame) -> dict[str, str]:
    """Commune code → « Nom (IFN) », most fragile first: every commune of a département or EPCI,
    only the fragile communes without a lieu at région or national level."""
    if territory.level in ("departement", "epci"):
        frame = read(fragility.ifn_per_commune, territory).dropna(subset=["total"])
    else:
        frame = unserved
    return present.commune_options(frame, MAX_COMMUNE_OPTIONS)


def show_commune(territory: Territory, unserved: pd.DataFrame) -> None:
    st.subheader("Détail d'une commune")
    options = commune_options(territory, unserved)
    if not options:
        empty_state("Aucune commune à détailler pour ce territoire.")
        return
    if territory.level in ("national", "region"):
        st.caption(
            "Au niveau national ou régional, seules les communes fragiles sans lieu à proximité sont "
            "proposées ; choisissez un département pour explorer toutes ses communes."
        )
    code = st.selectbox(
        "Commune (les plus fragiles d'abord)", list(options), format_func=options.get, key="fragilite_commune"
    )
    scores = read(fragility.commune_scores, code)
    if scores.empty or scores["commune"].isna().all():
        empty_state("Cette commune n'a pas d'indice de fragilité numérique.")
        return
    identity = read(fragility.commune_identity, code)
    name, departement = identity["nom"], identity["departement"]
    st.caption("Moyennes du département et de la France pondérées par la population des communes.")
    chart_with_table(
        built(charts.scores_comparison, scores, name, departement),
        present.scores_table(scores),
        present.scores_labels(name, departement),
        key="fragilite_commune_scores",
    )


selected = current_territory()
territory = selected.scope
page_header("Fragilité numérique", selected)
threshold, radius = show_controls()
summary = read(fragility.fragility_summary, territory, threshold, radius)
if summary.communes_avec_ifn == 0:
    empty_state(
        "Aucun indice de fragilité numérique n'est disponible pour ce territoire : importez le fichier IFN "
        "(La Mednum) pour remplir cette page."
    )
    st.stop()
metrics_row(present.metrics(summary), note=present.metrics_caption(summary, threshold, radius))
unserved = read(fragility.fragile_communes_without_place, territory, threshold, radius)
show_map(territory, unserved, threshold, radius)
show_unserved(unserved, threshold, radius)
show_commune(territory, unserved)
