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
from dashboard.formatting import fr_number
from dashboard.layout import chart_with_table, empty_state, map_with_table, page_header, show_table
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import fragility, lieux
from data_access.read_models import FragilitySummary
from data_access.scope import Territory

DEPARTEMENT_LABELS = {
    "code": "Code",
    "nom": "Département",
    "ifn": "IFN moyen (pondéré)",
    "communes": "Communes avec IFN",
    "communes_fragiles": "Communes fragiles",
    "population": "Population",
}
COMMUNE_LABELS = {
    "code_insee": "Code INSEE",
    "nom": "Commune",
    "population": "Population",
    "total": "IFN",
    **{score: label for score, label in fragility.SUB_SCORES.items()},
}
UNSERVED_LABELS = {
    "code_insee": "Code INSEE",
    "nom": "Commune",
    "code_departement": "Département",
    "population": "Population",
    "total": "IFN",
}
SCORE_LABELS = {
    "libelle": "Composante",
    "commune": "Commune",
    "departement": "Département",
    "national": "France",
}
# Bare strings in a page are written out by Streamlit's "magic": these notes are comments.
# The commune picker lists at most this many communes (the most fragile first).
MAX_COMMUNE_OPTIONS = 2_000


def numbers(frame: pd.DataFrame, columns: dict[str, int]) -> pd.DataFrame:
    """The frame with the given columns as French number strings (column → decimals), for display."""
    return frame.assign(
        **{
            column: frame[column].map(lambda v, d=decimals: fr_number(v, d))
            for column, decimals in columns.items()
        }
    )


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


def show_metrics(summary: FragilitySummary, threshold: float, radius: float) -> None:
    columns = st.columns(4)
    columns[0].metric("IFN moyen", fr_number(summary.ifn_moyen, 1))
    columns[1].metric("Communes fragiles", fr_number(summary.communes_fragiles))
    columns[2].metric("Fragiles sans lieu proche", fr_number(summary.communes_fragiles_sans_lieu))
    columns[3].metric("Leur population", fr_number(summary.population_fragile_sans_lieu))
    st.caption(
        f"IFN moyen pondéré par la population des {fr_number(summary.communes_avec_ifn)} communes "
        f"qui ont un indice ; fragile : IFN au moins égal à {fr_number(threshold, 1)} ; à proximité : "
        f"à moins de {fr_number(radius)} km du centre de la commune."
    )


def show_map(territory: Territory, unserved: pd.DataFrame, threshold: float, radius: float) -> None:
    st.subheader("Carte de la fragilité numérique")
    if territory.level in ("national", "region"):
        frame = read(fragility.ifn_per_departement, territory)
        if frame["ifn"].isna().all():
            empty_state("Aucun indice de fragilité numérique pour ce territoire : importez le fichier IFN.")
            return
        st.caption(
            "Indice moyen des communes de chaque département, pondéré par leur population. Les communes "
            "fragiles sans lieu à proximité sont comptées par département ; choisissez un département "
            "pour les voir une à une."
        )
        per_departement = read(fragility.unserved_per_departement, territory, threshold, radius)
        deck, legend = built(
            charts.departements_map, frame, per_departement, national=territory.level == "national"
        )
        map_with_table(
            deck,
            legend,
            numbers(frame, {"ifn": 1, "communes": 0, "communes_fragiles": 0, "population": 0}),
            DEPARTEMENT_LABELS,
            key="fragilite_carte_departements",
        )
        return
    communes = read(fragility.ifn_per_commune, territory)
    if communes["total"].isna().all():
        empty_state("Aucun indice de fragilité numérique pour les communes de ce territoire.")
        return
    points = read(lieux.places_on_map, territory)
    deck, legend = built(charts.communes_map, communes, points, unserved)
    shown = communes.sort_values(["total", "population"], ascending=False, na_position="last")
    map_with_table(
        deck,
        legend,
        numbers(shown, {"population": 0, "total": 1} | dict.fromkeys(fragility.SUB_SCORES, 1)),
        COMMUNE_LABELS,
        key="fragilite_carte_communes",
    )


def show_unserved(unserved: pd.DataFrame, threshold: float, radius: float) -> None:
    st.subheader("Communes fragiles sans lieu de médiation à proximité")
    if unserved.empty:
        empty_state(
            f"Aucune commune d'IFN au moins égal à {fr_number(threshold, 1)} n'est à plus de "
            f"{fr_number(radius)} km d'un lieu de médiation dans ce territoire."
        )
        return
    st.caption(
        f"Communes d'IFN au moins égal à {fr_number(threshold, 1)} sans lieu de médiation à moins de "
        f"{fr_number(radius)} km de leur centre (lieux des départements voisins compris), "
        "les plus peuplées d'abord. Elles sont cerclées de rouge sur la carte."
    )
    show_table(numbers(unserved, {"population": 0, "total": 1}), UNSERVED_LABELS, key="fragilite_sans_lieu")


def commune_options(territory: Territory, unserved: pd.DataFrame) -> dict[str, str]:
    """Commune code → « Nom (IFN) », most fragile first: every commune of a département or EPCI,
    only the fragile communes without a lieu at région or national level."""
    if territory.level in ("departement", "epci"):
        frame = read(fragility.ifn_per_commune, territory).dropna(subset=["total"])
    else:
        frame = unserved
    frame = frame.sort_values(["total", "nom"], ascending=[False, True]).head(MAX_COMMUNE_OPTIONS)
    return {
        code: f"{nom} ({code}) – IFN {fr_number(total, 1)}"
        for code, nom, total in zip(frame["code_insee"], frame["nom"], frame["total"], strict=True)
    }


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
        numbers(scores, {"commune": 1, "departement": 1, "national": 1}),
        SCORE_LABELS | {"commune": name, "departement": f"Moyenne {departement}"},
        key="fragilite_commune_scores",
    )


territory = current_territory()
page_header("Fragilité numérique", territory)
threshold, radius = show_controls()
summary = read(fragility.fragility_summary, territory, threshold, radius)
if summary.communes_avec_ifn == 0:
    empty_state(
        "Aucun indice de fragilité numérique n'est disponible pour ce territoire : importez le fichier IFN "
        "(La Mednum) pour remplir cette page."
    )
    st.stop()
show_metrics(summary, threshold, radius)
unserved = read(fragility.fragile_communes_without_place, territory, threshold, radius)
show_map(territory, unserved, threshold, radius)
show_unserved(unserved, threshold, radius)
show_commune(territory, unserved)
