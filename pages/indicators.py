"""Objectifs nationaux: what each territory contributes to the four FNE targets for 2027.

For the chosen indicator: each département's share of its target on a map and in
a table, the regional totals, the evolution with its projection to 2027, and for
the people accompanied the breakdowns (themes, ages, situation, kind of support).
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import indicators as charts
from dashboard.layout import chart_with_table, empty_state, map_with_table, page_header, show_table
from dashboard.national_axes_section import show_national_axes
from dashboard.national_frame import show_target_cards
from dashboard.presenters import indicators as present
from dashboard.resources import built, read
from dashboard.target_editor import local_target_editor
from dashboard.territory import current_territory
from data_access import indicators
from data_access.projection import project

selected = current_territory()
territory = selected.scope
page_header("Objectifs nationaux", selected)
show_target_cards(territory)

code = st.selectbox(
    "Indicateur",
    [definition.code for definition in indicators.DEFINITIONS],
    format_func=lambda value: indicators.BY_CODE[value].libelle,
    key="objectifs_indicateur",
)
definition = indicators.BY_CODE[code]
st.markdown(f"**{definition.libelle}** : {definition.definition}")
if definition.proxy:
    st.caption(f":material/info: {definition.proxy}")

st.header("Contribution des départements")
if territory.level == "departement":
    own = read(indicators.indicator_per_departement, territory, code)
    local_target_editor(territory, definition, own.iloc[0] if not own.empty else None)
per_departement = read(indicators.indicator_per_departement, territory, code)
if per_departement["valeur"].isna().all():
    empty_state(f"Aucune donnée pour cet indicateur : importez le fichier « {definition.source_valeurs} ».")
else:
    deck, legend = built(
        charts.contribution_map, per_departement, definition.unite, national=territory.level == "national"
    )
    map_with_table(
        deck,
        legend,
        present.departement_rows(per_departement),
        present.DEPARTEMENT_LABELS,
        key=f"objectifs_departements_{code}",
    )

if territory.level in ("national", "region"):
    st.header("Totaux régionaux")
    per_region = read(indicators.indicator_per_region, territory, code)
    if definition.has_target:
        chart_with_table(
            built(charts.region_bars, per_region),
            present.region_rows(per_region),
            present.REGION_LABELS,
            key=f"objectifs_regions_{code}",
        )
    else:
        show_table(present.region_rows(per_region), present.REGION_LABELS, key=f"objectifs_regions_{code}")

st.header("Évolution et projection")
evolution = read(indicators.indicator_evolution, territory, code)
summary = next(
    item for item in read(indicators.indicator_summaries, territory) if item.definition.code == code
)
if evolution.empty:
    empty_state("Aucun relevé daté pour ce territoire.")
else:
    target = summary.objectif if definition.has_target else None
    projection = project(summary.evolution, target) if target else None
    if projection is not None:
        st.caption(present.projection_text(projection, definition.unite))
    chart_with_table(
        built(charts.evolution_chart, evolution, definition.unite, target, projection),
        present.evolution_rows(evolution),
        present.EVOLUTION_LABELS,
        key=f"objectifs_evolution_{code}",
    )

if indicators.breakdowns_of(code):
    st.header("Qui est accompagné, et pour quoi" if code == "accompagnes" else "Détail")
    sections = present.breakdown_sections(read(indicators.indicator_breakdown, territory, code), code)
    if not sections:
        empty_state("Le fichier importé ne détaille pas cet indicateur.")
    for title, rows in sections:
        st.subheader(title)
        chart_with_table(
            built(charts.breakdown_bars, rows),
            rows,
            present.BREAKDOWN_LABELS,
            key=f"objectifs_detail_{code}_{title}",
        )

show_national_axes(territory)
