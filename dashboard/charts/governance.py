"""Governance charts and map: pure builders from the frames of ``data_access.governance``."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboard import maps
from dashboard.charts import french_layout
from dashboard.formatting import fr_date, fr_number
from dashboard.theme import LATENESS_COLOURS, STAGE_COLOURS, hex_to_rgb
from data_access.governance import LATENESS_STATUSES
from data_access.vocabulary import GOVERNANCE_STAGES

MAP_COLUMNS = ["code", "nom", "etape_libelle", "porteur_nom", "fill"]
MAP_TOOLTIP = "<b>{nom} ({code})</b><br>{etape_libelle}<br>Porteur : {porteur_nom}"


def stage_legend() -> str:
    """Legend of the stage map: one swatch per stage, from nothing to implementation."""
    entries = [(label, STAGE_COLOURS[code]) for code, label in GOVERNANCE_STAGES.items()]
    return maps.legend_html("Étape de la gouvernance", entries)


def governance_map(frame: pd.DataFrame, *, fit: bool = False) -> pdk.Deck:
    """Départements filled by governance stage (frame of ``stage_per_departement``).

    ``fit`` zooms on the départements drawn (a région); otherwise the whole of France shows.
    """
    data = frame.assign(
        fill=[hex_to_rgb(STAGE_COLOURS.get(code, STAGE_COLOURS["aucune"])) for code in frame["etape"]],
        porteur_nom=frame["porteur_nom"].astype(object).where(frame["porteur_nom"].notna(), "—"),
    )[MAP_COLUMNS]
    layer = maps.departements_layer(data)
    return maps.fitted_deck([layer], MAP_TOOLTIP) if fit else maps.national_deck([layer], MAP_TOOLTIP)


def stage_counts_chart(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of départements per stage (frame of ``stage_counts``), stages top to bottom."""
    figure = go.Figure(
        go.Bar(
            x=frame["departements"],
            y=frame["etape_libelle"],
            orientation="h",
            marker={"color": [STAGE_COLOURS[code] for code in frame["etape"]], "line": {"color": "#929292"}},
            text=[fr_number(count) for count in frame["departements"]],
            textposition="outside",
            hovertemplate="%{y} : %{x} département(s)<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", title=None)
    figure.update_xaxes(title="Départements", rangemode="tozero")
    return french_layout(figure, height=340)


def lateness_chart(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars per national milestone of départements by status (frame of ``lateness_counts``)."""
    figure = go.Figure()
    for statut, label in LATENESS_STATUSES.items():
        rows = frame[frame["statut"] == statut]
        figure.add_trace(
            go.Bar(
                name=label,
                x=rows["departements"],
                y=rows["libelle"],
                orientation="h",
                marker={"color": LATENESS_COLOURS[statut]},
                hovertemplate=f"%{{y}}<br>{label} : %{{x}} département(s)<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    order = list(dict.fromkeys(frame["libelle"]))
    figure.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed", title=None)
    figure.update_xaxes(title="Départements")
    return french_layout(figure, height=320, legend_title="Statut")


def lateness_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """Département × milestone table of French statuses (frame of ``milestone_lateness``).

    A reshaping for display only: one row per département, one column per milestone
    label (in national order), each cell the status with the date reached when there is one.
    """
    if frame.empty:
        return pd.DataFrame(columns=["code", "nom"])
    cells = frame.assign(cellule=[_cell(row) for row in frame.itertuples()])
    matrix = cells.pivot(index=["code", "nom"], columns="libelle", values="cellule")
    ordered = list(dict.fromkeys(frame["libelle"]))
    return matrix[ordered].reset_index().rename_axis(columns=None)


def _cell(row: object) -> str:
    reached = row.date_atteinte
    text = row.statut_libelle
    if reached is not None and not pd.isna(reached):
        text = f"{text} ({fr_date(reached)})"
    local = getattr(row, "echeance_locale", None)
    if local is not None and not pd.isna(local):
        text = f"{text} – échéance locale {fr_date(local)}"
    return text
