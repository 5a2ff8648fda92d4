"""Lieux de médiation numérique: how many, against which target, how fresh, where.

The COPIL questions: is the territory on track for its share of the national
25 000 lieux, which labels and structures carry them, are the records kept up
to date, and where are they on the map.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.charts import lieux as charts
from dashboard.formatting import fr_date
from dashboard.layout import chart_section, empty_state, map_with_table, metrics_row, page_header
from dashboard.presenters import lieux as present
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import lieux, store_info
from data_access.scope import Territory

PROGRESS_COLUMN = st.column_config.ProgressColumn(format="%.0f %%", min_value=0, max_value=100)
NO_PLACE = "Aucun lieu recensé dans ce territoire."


def show_targets(territory: Territory) -> None:
    chart_section(
        "Lieux et objectif par département",
        read(lieux.places_per_departement, territory),
        charts.target_bars,
        present.DEPARTEMENT_LABELS,
        key="lieux_objectifs",
        empty="Aucun département dans ce territoire.",
        caption="Objectif : la part départementale des 25 000 lieux nationaux (au prorata de la population), "
        "remplacée par l'objectif local quand le département en a fixé un. Le trait rouge marque l'objectif.",
        shown=present.targets_table,
        progression=PROGRESS_COLUMN,
    )


def show_epci(territory: Territory) -> None:
    chart_section(
        "Lieux par EPCI",
        read(lieux.places_per_epci, territory),
        charts.epci_bars,
        present.EPCI_LABELS,
        key="lieux_epci",
        empty="Aucun EPCI n'est rattaché à ce territoire.",
        caption="Sans objectif infradépartemental, la densité de lieux montre les EPCI les moins pourvus.",
        shown=present.epci_table,
    )


def show_evolution(territory: Territory, objectif: int | None) -> None:
    chart_section(
        "Évolution du nombre de lieux",
        read(lieux.snapshot_evolution, territory),
        charts.evolution_line,
        present.EVOLUTION_LABELS,
        key="lieux_evolution",
        empty="Aucun relevé du nombre de lieux pour ce territoire : importez un fichier de lieux.",
        caption=present.evolution_caption(territory.level),
        shown=present.evolution_table,
        chart_args=(objectif,),
    )


def show_labels_and_typologies(territory: Territory) -> None:
    left, right = st.columns(2)
    with left:
        frame = read(lieux.places_by_label, territory)
        chart_section(
            "Labels nationaux",
            frame,
            charts.label_bars,
            present.LABEL_LABELS,
            key="lieux_labels",
            empty=NO_PLACE,
            is_empty=int(frame["lieux"].sum()) == 0,
            caption="Un lieu peut porter plusieurs labels.",
            shown=present.shares_table,
        )
    with right:
        chart_section(
            "Typologie des structures",
            read(lieux.places_by_typology, territory),
            charts.typology_bars,
            present.TYPOLOGY_LABELS,
            key="lieux_typologies",
            empty=NO_PLACE,
            caption="Un lieu de plusieurs types compte dans chacun.",
            shown=present.counts_table,
        )


def show_freshness(territory: Territory, today: date) -> None:
    frame = read(lieux.freshness_bands, territory, today)
    chart_section(
        "Fraîcheur des fiches",
        frame,
        charts.freshness_bars,
        present.FRESHNESS_LABELS,
        key="lieux_fraicheur",
        empty=NO_PLACE,
        is_empty=int(frame["lieux"].sum()) == 0,
        caption=f"Ancienneté de la date de mise à jour de chaque fiche au {fr_date(today)}.",
        shown=present.shares_table,
    )


def show_national_map(territory: Territory) -> None:
    """France: the lieux summed per EPCI, since 30 000 dots would tell less and weigh megabytes."""
    st.subheader("Carte des lieux, par EPCI")
    epcis = read(lieux.places_per_epci, territory)
    outlines = present.with_details(read(lieux.places_per_departement, territory), "lieux")
    deck, legend = built(charts.epci_circles_map, epcis.dropna(subset=["latitude", "longitude"]), outlines)
    map_with_table(deck, legend, present.epci_table(epcis), present.EPCI_LABELS, key="lieux_carte")


def show_map(territory: Territory) -> None:
    if territory.level == "national":
        show_national_map(territory)
        return
    st.subheader("Carte des lieux")
    points = read(lieux.places_on_map, territory)
    if points.empty:
        empty_state("Aucun lieu placé sur la carte pour ce territoire.")
        return
    if territory.level == "region":
        outlines = present.with_details(read(lieux.places_per_departement, territory), "lieux")
        table, labels = present.counts_table(outlines), present.OUTLINE_DEPARTEMENT_LABELS
    else:
        outlines = present.with_details(read(lieux.places_per_commune, territory), "lieu(x)")
        table, labels = present.communes_table(outlines), present.COMMUNE_LABELS
    deck, legend = built(charts.places_map, points, outlines, national=False)
    if len(points) <= charts.LIGHT_POINTS_ABOVE:
        table, labels = present.places_table(points), present.PLACE_LABELS
    else:
        st.caption(present.too_many_points(len(points)))
    map_with_table(deck, legend, table, labels, key="lieux_carte")


selected = current_territory()
territory = selected.scope
page_header("Lieux de médiation numérique", selected)
today = read(store_info.reference_date)
summary = read(lieux.lieux_summary, territory, today)
if summary.lieux == 0 and not summary.dernier_releve:
    empty_state(
        f"Aucun lieu de médiation numérique n'est recensé pour ce territoire ({selected.name}). "
        "Importez un fichier de lieux (schéma national v1.0.2) pour remplir cette page."
    )
    if territory.level != "epci":
        show_targets(territory)
    st.stop()
metrics_row(
    present.metrics(summary, territory.level), columns=4, note=present.metrics_note(summary, territory.level)
)
if territory.level != "epci":
    show_targets(territory)
if territory.level == "departement":
    show_epci(territory)
show_evolution(territory, summary.objectif)
show_labels_and_typologies(territory)
show_freshness(territory, today)
show_map(territory)
