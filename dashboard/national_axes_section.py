"""The « Axes nationaux » section: progress by national axis, per région, and the link of each local
axis to an engagement, which editors correct (the change is audited)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts import french_layout, label_text
from dashboard.formatting import fr_number, fr_percent, plain
from dashboard.layout import chart_with_table, empty_state, show_table
from dashboard.resources import built, clear_caches, current_viewer, read, writer_engine
from dashboard.theme import BLEU_FRANCE
from data_access import national_axes
from data_access.refusals import Refused
from data_access.scope import Territory

AXIS_LABELS = {
    "libelle": "Axe national",
    "axes_locaux": "Axes locaux rattachés",
    "actions": "Actions",
    "avancement": "Avancement moyen",
}
REGION_AXIS_LABELS = {"region": "Région", **AXIS_LABELS}
LOCAL_LABELS = {
    "departement": "Département",
    "feuille_nom": "Feuille de route",
    "nom": "Axe local",
    "engagement_libelle": "Engagement national",
    "origine": "Rattachement",
    "actions": "Actions",
    "avancement": "Avancement moyen",
}


def progress_chart(frame: pd.DataFrame) -> go.Figure:
    """Mean progress of the actions per national axis (``progress_by_national_axis``)."""
    figure = go.Figure()
    figure.add_bar(
        x=frame["avancement_moyen"].fillna(0),
        y=[label_text(label) for label in frame["libelle"]],
        orientation="h",
        marker_color=BLEU_FRANCE,
        text=[fr_percent(value / 100) for value in frame["avancement_moyen"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{text}<extra></extra>",
    )
    figure.update_xaxes(title_text="Avancement moyen des actions (%)", range=[0, 110])
    figure.update_yaxes(title_text=None, automargin=True, autorange="reversed")
    figure.update_layout(showlegend=False)
    return french_layout(figure, height=300)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        avancement=frame["avancement_moyen"].map(lambda value: fr_percent(value / 100)),
        actions=frame["actions"].map(fr_number),
    )


def show_national_axes(territory: Territory) -> None:
    st.header("Axes et engagements nationaux")
    st.caption(
        "Chaque axe d'une feuille de route locale est rattaché à l'un des 16 engagements de France "
        "Numérique Ensemble, donc à l'un de ses 4 axes. Tant qu'un éditeur ne l'a pas confirmé, le "
        "rattachement est proposé d'après le titre de l'axe."
    )
    progress = read(national_axes.progress_by_national_axis, territory)
    if progress.empty:
        empty_state("Aucun axe de feuille de route n'est enregistré pour ce territoire.")
        return
    chart_with_table(
        built(progress_chart, progress), _shown(progress), AXIS_LABELS, key="axes_nationaux_avancement"
    )
    if territory.level in ("national", "region"):
        st.subheader("Par région")
        per_region = read(national_axes.progress_by_region_and_axis, territory)
        show_table(_shown(per_region), REGION_AXIS_LABELS, key="axes_nationaux_regions")
    st.subheader("Rattachement des axes locaux")
    _editor(read(national_axes.local_axes, territory))
    axes = read(national_axes.local_axes, territory)
    shown = _shown(axes).assign(engagement_libelle=axes["engagement"].map(_engagement_label))
    show_table(shown, LOCAL_LABELS, key="axes_nationaux_locaux")


def _engagement_label(number: object) -> str:
    if pd.isna(number):
        return "—"
    engagement = national_axes.BY_NUMBER[int(number)]
    return f"#{engagement.numero} {engagement.libelle} (axe {engagement.axe})"


def _choice_label(value: int | None) -> str:
    return "Proposition d'après le titre" if value is None else _engagement_label(value)


def _choice_label(value: int | None) -> str:
    return "Proposition d'après le titre" if value is None else _engagement_label(value)


def _editor(axes: pd.DataFrame) -> None:
    """Editors confirm or correct the engagement of a local axis of their territory."""
    viewer = current_viewer()
    if not viewer.can_edit:
        return
    with st.expander("Corriger le rattachement d'un axe", icon=":material/edit:"):
        names = {
            int(row.id): f"{row.departement} – {row.feuille_nom} – axe {row.numero} : {row.nom}"
            for row in axes.itertuples()
        }
        axe_id = st.selectbox("Axe local", list(names), format_func=names.get, key="axes_nationaux_axe")
        current = axes.set_index("id").loc[axe_id]
        choices: list[int | None] = [None, *national_axes.BY_NUMBER]
        stored = current["engagement_national"]
        with st.form("axes_nationaux_form", border=False):
            engagement = st.selectbox(
                "Engagement national",
                choices,
                index=choices.index(int(stored)) if pd.notna(stored) else 0,
                format_func=_choice_label,
                key="axes_nationaux_engagement",
            )
            if st.form_submit_button("Enregistrer", type="primary"):
                try:
                    national_axes.update_axis_engagement(writer_engine(), viewer, axe_id, engagement)
                except Refused as refused:
                    st.error(plain(refused.message_fr))
                    return
                clear_caches()
                st.success(plain(f"Rattachement de « {current['nom']} » enregistré."))
