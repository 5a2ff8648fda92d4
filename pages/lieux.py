"""Lieux de médiation numérique: how many, against which target, how fresh, where.

The COPIL questions: is the territory on track for its share of the national
25 000 lieux, which labels and structures carry them, are the records kept up
to date, and where are they on the map.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.charts import lieux as charts
from dashboard.formatting import fr_date, fr_number, fr_percent
from dashboard.layout import chart_with_table, empty_state, map_with_table, page_header
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import lieux, store_info
from data_access.read_models import LieuxSummary
from data_access.scope import Territory

DEPARTEMENT_LABELS = {
    "code": "Code",
    "nom": "Département",
    "lieux": "Lieux recensés",
    "objectif": "Objectif",
    "objectif_local": "Dont objectif local",
    "progression": "Progression",
}
EPCI_LABELS = {
    "nom": "EPCI",
    "code_departement": "Département",
    "population": "Population",
    "lieux": "Lieux",
    "lieux_pour_10000": "Lieux pour 10 000 habitants",
}
EVOLUTION_LABELS = {"date": "Date du relevé", "lieux": "Lieux recensés"}
LABEL_LABELS = {"label": "Label national", "lieux": "Lieux", "part": "Part des lieux"}
TYPOLOGY_LABELS = {"typologie": "Typologie", "code": "Code", "lieux": "Lieux"}
FRESHNESS_LABELS = {"libelle": "Ancienneté de la mise à jour", "lieux": "Lieux", "part": "Part des lieux"}
PLACE_LABELS = {
    "nom": "Lieu",
    "commune": "Commune",
    "labels": "Labels nationaux",
    "date_maj": "Mise à jour",
}
OUTLINE_DEPARTEMENT_LABELS = {"code": "Code", "nom": "Département", "lieux": "Lieux recensés"}
COMMUNE_LABELS = {"code_insee": "Code INSEE", "nom": "Commune", "population": "Population", "lieux": "Lieux"}
PROGRESS_COLUMN = st.column_config.ProgressColumn(format="%.0f %%", min_value=0, max_value=100)


def numbers(frame: pd.DataFrame, *columns: str, decimals: int = 0) -> pd.DataFrame:
    """The frame with ``columns`` as French number strings (``1 234``), for display."""
    return frame.assign(**{column: frame[column].map(lambda v: fr_number(v, decimals)) for column in columns})


def percents(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{column: frame[column].map(fr_percent) for column in columns})


def show_metrics(territory: Territory, summary: LieuxSummary) -> None:
    columns = st.columns(4)
    columns[0].metric("Lieux recensés", fr_number(summary.lieux))
    if territory.level == "epci":
        columns[1].metric("Lieux pour 10 000 habitants", fr_number(summary.lieux_pour_10000, 1))
        columns[2].metric("Part à jour (< 6 mois)", fr_percent(summary.part_a_jour))
    else:
        columns[1].metric("Objectif", fr_number(summary.objectif))
        columns[2].metric("Progression", fr_percent(summary.progression))
        columns[3].metric("Part à jour (< 6 mois)", fr_percent(summary.part_a_jour))
    notes = []
    if summary.dernier_releve:
        notes.append(f"Dernier relevé : {fr_date(summary.dernier_releve)}")
    if territory.level == "epci":
        notes.append("les objectifs sont fixés par département (voir le département de rattachement)")
    if notes:
        st.caption(" ; ".join(notes) + ".")


def show_targets(territory: Territory) -> None:
    st.subheader("Lieux et objectif par département")
    frame = read(lieux.places_per_departement, territory)
    if frame.empty:
        empty_state("Aucun département dans ce territoire.")
        return
    st.caption(
        "Objectif : la part départementale des 25 000 lieux nationaux (au prorata de la population), "
        "remplacée par l'objectif local quand le département en a fixé un. Le trait rouge marque l'objectif."
    )
    shown = numbers(frame, "lieux", "objectif", "objectif_local").assign(
        progression=frame["progression"] * 100
    )
    chart_with_table(
        built(charts.target_bars, frame),
        shown,
        DEPARTEMENT_LABELS,
        key="lieux_objectifs",
        progression=PROGRESS_COLUMN,
    )


def show_epci(territory: Territory) -> None:
    st.subheader("Lieux par EPCI")
    frame = read(lieux.places_per_epci, territory)
    if frame.empty:
        empty_state("Aucun EPCI n'est rattaché à ce territoire.")
        return
    st.caption("Sans objectif infradépartemental, la densité de lieux montre les EPCI les moins pourvus.")
    chart_with_table(
        built(charts.epci_bars, frame),
        numbers(numbers(frame, "population", "lieux"), "lieux_pour_10000", decimals=1),
        EPCI_LABELS,
        key="lieux_epci",
    )


def show_evolution(territory: Territory, objectif: int | None) -> None:
    st.subheader("Évolution du nombre de lieux")
    frame = read(lieux.snapshot_evolution, territory)
    if frame.empty:
        empty_state("Aucun relevé du nombre de lieux pour ce territoire : importez un fichier de lieux.")
        return
    caption = "Un relevé est enregistré par département à chaque import de lieux."
    if territory.level == "epci":
        caption += " Les relevés sont ceux du département de rattachement de l'EPCI."
    st.caption(caption)
    shown = numbers(frame, "lieux").assign(date=frame["date"].map(fr_date))
    chart_with_table(charts.evolution_line(frame, objectif), shown, EVOLUTION_LABELS, key="lieux_evolution")


def show_labels_and_typologies(territory: Territory) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader("Labels nationaux")
        frame = read(lieux.places_by_label, territory)
        if int(frame["lieux"].sum()) == 0:
            empty_state("Aucun lieu recensé dans ce territoire.")
        else:
            st.caption("Un lieu peut porter plusieurs labels.")
            chart_with_table(
                built(charts.label_bars, frame),
                percents(numbers(frame, "lieux"), "part"),
                LABEL_LABELS,
                key="lieux_labels",
            )
    with right:
        st.subheader("Typologie des structures")
        frame = read(lieux.places_by_typology, territory)
        if frame.empty:
            empty_state("Aucun lieu recensé dans ce territoire.")
        else:
            st.caption("Un lieu de plusieurs types compte dans chacun.")
            chart_with_table(
                built(charts.typology_bars, frame),
                numbers(frame, "lieux"),
                TYPOLOGY_LABELS,
                key="lieux_typologies",
            )


def show_freshness(territory: Territory, today: date) -> None:
    st.subheader("Fraîcheur des fiches")
    frame = read(lieux.freshness_bands, territory, today)
    if int(frame["lieux"].sum()) == 0:
        empty_state("Aucun lieu recensé dans ce territoire.")
        return
    st.caption(f"Ancienneté de la date de mise à jour de chaque fiche au {fr_date(today)}.")
    chart_with_table(
        built(charts.freshness_bars, frame),
        percents(numbers(frame, "lieux"), "part"),
        FRESHNESS_LABELS,
        key="lieux_fraicheur",
    )


def show_national_map(territory: Territory) -> None:
    """France: the lieux summed per EPCI, since 30 000 dots would tell less and weigh megabytes."""
    st.subheader("Carte des lieux, par EPCI")
    epcis = read(lieux.places_per_epci, territory)
    outlines = read(lieux.places_per_departement, territory)
    outlines = outlines.assign(detail=outlines["lieux"].map(lambda n: f"{fr_number(n)} lieux"))
    deck, legend = built(charts.epci_circles_map, epcis.dropna(subset=["latitude", "longitude"]), outlines)
    table = numbers(numbers(epcis, "population", "lieux"), "lieux_pour_10000", decimals=1)
    map_with_table(deck, legend, table, EPCI_LABELS, key="lieux_carte")


def show_map(territory: Territory) -> None:
    if territory.level == "national":
        show_national_map(territory)
        return
    st.subheader("Carte des lieux")
    points = read(lieux.places_on_map, territory)
    if points.empty:
        empty_state("Aucun lieu placé sur la carte pour ce territoire.")
        return
    if territory.level in ("national", "region"):
        outlines = read(lieux.places_per_departement, territory)
        outlines = outlines.assign(detail=outlines["lieux"].map(lambda n: f"{fr_number(n)} lieux"))
        table, labels = numbers(outlines, "lieux"), OUTLINE_DEPARTEMENT_LABELS
    else:
        outlines = read(lieux.places_per_commune, territory)
        outlines = outlines.assign(detail=outlines["lieux"].map(lambda n: f"{fr_number(n)} lieu(x)"))
        table, labels = numbers(outlines, "population", "lieux"), COMMUNE_LABELS
    deck, legend = built(charts.places_map, points, outlines, national=territory.level == "national")
    if len(points) <= charts.LIGHT_POINTS_ABOVE:
        table = points.assign(
            labels=points["labels"].fillna("").str.replace("|", ", ", regex=False),
            date_maj=points["date_maj"].map(fr_date),
        )
        labels = PLACE_LABELS
    else:
        st.caption(
            f"{fr_number(len(points))} lieux sur la carte : trop pour les lister, le tableau donne leur "
            "nombre par département."
        )
    map_with_table(deck, legend, table, labels, key="lieux_carte")


territory = current_territory()
name = page_header("Lieux de médiation numérique", territory)
today = read(store_info.reference_date)
summary = read(lieux.lieux_summary, territory, today)
if summary.lieux == 0 and not summary.dernier_releve:
    empty_state(
        f"Aucun lieu de médiation numérique n'est recensé pour ce territoire ({name}). "
        "Importez un fichier de lieux (schéma national v1.0.2) pour remplir cette page."
    )
    if territory.level != "epci":
        show_targets(territory)
    st.stop()
show_metrics(territory, summary)
if territory.level != "epci":
    show_targets(territory)
if territory.level == "departement":
    show_epci(territory)
show_evolution(territory, summary.objectif)
show_labels_and_typologies(territory)
show_freshness(territory, today)
show_map(territory)
