"""Comparaison régionale: the départements of a région side by side, for the regional hub.

Each indicator of the other pages, per département of the région, ranked on the
indicator the user picks, with the regional total and the national reference
beneath; then one small bar chart per indicator. At département or EPCI level the
page compares the département's région and highlights the département.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import comparison as charts
from dashboard.layout import chart_with_table, empty_state, metrics_row, page_header, show_table
from dashboard.presenters import comparison as present
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import comparison, store_info, territories
from data_access.comparison import INDICATORS, RANKINGS
from data_access.scope import Territory

PROGRESS_COLUMN = st.column_config.ProgressColumn(format="%.0f %%", min_value=0, max_value=100)


def show_ranking(frame: pd.DataFrame, highlight: str | None) -> pd.DataFrame:
    st.subheader("Classement des départements")
    column = st.selectbox(
        "Classer par", list(RANKINGS), format_func=lambda key: RANKINGS[key], key="comparaison_classer_par"
    )
    ranked = comparison.rank_departements(frame, column)
    st.caption(present.ranking_caption(column))
    if highlight is not None and highlight in set(ranked["code"]):
        chosen = ranked[ranked["code"] == highlight].iloc[0]
        metrics_row([present.rank_metric(chosen, len(ranked), column)], columns=1)
    show_table(
        present.displayed(ranked),
        present.RANKING_LABELS,
        key="comparaison_classement",
        progression=PROGRESS_COLUMN,
    )
    return ranked


def show_references(references: pd.DataFrame) -> None:
    st.markdown("**Références : total de la région et France entière**")
    if references.empty:
        st.caption(
            "Votre compte ne donne pas accès à toute la région ni à la France entière : "
            "aucune référence n'est calculée au-delà de vos départements."
        )
        return
    st.caption(
        "Sommes pour les nombres et les montants ; les taux sont recalculés sur ces sommes et l'indice "
        "de fragilité est la moyenne des communes pondérée par leur population."
    )
    show_table(
        present.displayed(references),
        present.REFERENCE_LABELS,
        key="comparaison_references",
        progression=PROGRESS_COLUMN,
    )


def show_small_multiples(ranked: pd.DataFrame, references: pd.DataFrame, highlight: str | None) -> None:
    st.subheader("Indicateur par indicateur")
    values = ranked[list(INDICATORS)].apply(pd.to_numeric, errors="coerce").fillna(0)
    if not values.to_numpy().any():
        empty_state(
            "Aucune donnée n'est encore importée pour les départements de cette région : "
            "les graphiques apparaîtront avec les premiers imports."
        )
        return
    st.caption(present.multiples_caption(highlight is not None))
    figure = built(charts.small_multiples, ranked, references, highlight=highlight)
    table = present.displayed(pd.concat([ranked.drop(columns="rang"), references], ignore_index=True))
    chart_with_table(
        figure, table, present.CHART_LABELS, key="comparaison_multiples", progression=PROGRESS_COLUMN
    )


selected = current_territory()
territory = selected.scope
page_header("Comparaison régionale", selected)
if territory.level == "national":
    empty_state(
        "Choisissez une région dans le panneau latéral pour comparer ses départements entre eux, "
        "au total de la région et à la France entière."
    )
    st.stop()
code_region = selected.region
highlight = selected.departement
if not code_region:
    empty_state(
        "Ce territoire n'est rattaché à aucune région connue : choisissez une région dans le panneau latéral."
    )
    st.stop()
today = read(store_info.reference_date)
region = selected.within(Territory.region(code_region))
frame = read(comparison.departements_side_by_side, region, today)
if frame.empty:
    empty_state("Aucun département n'est enregistré pour cette région : chargez la géographie de référence.")
    st.stop()
references = read(comparison.reference_rows, region, today)
region_name = read(territories.territory_name, region)
st.caption(present.compared_caption(region_name, len(frame), today))
ranked = show_ranking(frame, highlight)
show_references(references)
show_small_multiples(ranked, references, highlight)
