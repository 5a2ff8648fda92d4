"""Charts and map of the « Objectifs nationaux » page: pure builders from the indicator read functions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboard import maps
from dashboard.charts import add_snapshot_line, add_target_line, french_layout, label_text
from dashboard.formatting import fr_number, fr_percent
from dashboard.theme import BLEU_FRANCE, GRIS, GRIS_CLAIR, SEQUENTIAL_BLUES
from data_access.projection import DAYS_PER_MONTH, Projection

PROGRESS_BINS: list[float] = [0, 0.25, 0.5, 0.75, 1.0, 1e9]
PROGRESS_LABELS = ["moins de 25 %", "25 à 50 %", "50 à 75 %", "75 à 100 %", "objectif atteint"]
DENSITY_BINS: list[float] = [0, 2, 4, 6, 8, 1e9]
DENSITY_LABELS = ["moins de 2", "2 à 4", "4 à 6", "6 à 8", "8 et plus"]
"""Conseillers numériques (no target) per 100 000 inhabitants."""
COUNT_FORMAT = ",~f"
_TOOLTIP = "<b>{nom}</b><br>{detail}"


def contribution_map(frame: pd.DataFrame, unite: str, *, national: bool = False) -> tuple[pdk.Deck, str]:
    """Départements coloured by their share of their target (``indicator_per_departement``); without
    a target (conseillers numériques), by value per 100 000 inhabitants. ``national`` shows the whole
    of France, overseas in insets. Returns the deck and its legend.
    """
    shapes = frame[["code", "nom"]].copy()
    has_target = frame["objectif"].notna().any()
    if has_target:
        shapes["fill"] = maps.binned_colours(frame["progression"], PROGRESS_BINS, SEQUENTIAL_BLUES)
        shapes["detail"] = [
            f"{fr_number(value)} {unite} / {fr_number(target)} ({fr_percent(ratio, 1)})"
            for value, target, ratio in zip(
                frame["valeur"], frame["objectif"], frame["progression"], strict=True
            )
        ]
        title, labels = "Part de l'objectif atteinte", PROGRESS_LABELS
    else:
        density = frame["valeur"] / frame["population"].where(frame["population"] > 0) * 100_000
        shapes["fill"] = maps.binned_colours(density, DENSITY_BINS, SEQUENTIAL_BLUES)
        shapes["detail"] = [
            f"{fr_number(value)} {unite} ({fr_number(per, 1)} pour 100 000 habitants)"
            for value, per in zip(frame["valeur"], density, strict=True)
        ]
        title, labels = f"{unite.capitalize()} pour 100 000 habitants", DENSITY_LABELS
    layers = [maps.departements_layer(shapes)]
    entries = [*zip(labels, SEQUENTIAL_BLUES, strict=True), ("Aucune donnée", GRIS_CLAIR)]
    deck = maps.national_deck(layers, _TOOLTIP) if national else maps.fitted_deck(layers, _TOOLTIP)
    return deck, maps.legend_html(title, entries)


def evolution_chart(
    frame: pd.DataFrame, unite: str, objectif: float | None, projection: Projection | None
) -> go.Figure:
    """The value at each snapshot (``indicator_evolution``), the target dashed, and the projection
    at the recent pace dotted up to the deadline, named as a projection in the legend."""
    figure = go.Figure()
    add_snapshot_line(figure, frame, "valeur", "Relevés")
    if projection is not None and projection.rythme_mensuel is not None and not frame.empty:
        last_day: date = frame["date"].iloc[-1]
        months = (projection.echeance - last_day).days / DAYS_PER_MONTH
        if months > 0:
            end_value = float(frame["valeur"].iloc[-1]) + projection.rythme_mensuel * months
            figure.add_scatter(
                x=[pd.Timestamp(last_day), pd.Timestamp(projection.echeance)],
                y=[float(frame["valeur"].iloc[-1]), end_value],
                mode="lines",
                name="Projection au rythme récent",
                line={"color": GRIS, "dash": "dot", "width": 2},
                hovertemplate="Projection au %{x|%d/%m/%Y} : %{y:,.0f}<extra></extra>",
            )
    if objectif:
        add_target_line(figure, objectif, "Objectif 2027")
    figure.update_xaxes(title_text=None)
    figure.update_yaxes(title_text=unite.capitalize(), rangemode="tozero", tickformat=COUNT_FORMAT)
    figure.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    return french_layout(figure, height=380)


def region_bars(frame: pd.DataFrame) -> go.Figure:
    """Each région's share of its target (``indicator_per_region``), furthest behind at the bottom."""
    data = frame.sort_values(["progression", "nom"], ascending=[True, False], na_position="first")
    figure = go.Figure()
    figure.add_bar(
        x=data["progression"].fillna(0) * 100,
        y=[label_text(name) for name in data["nom"]],
        orientation="h",
        marker_color=BLEU_FRANCE,
        text=[fr_percent(value, 1) for value in data["progression"]],
        textposition="outside",
        cliponaxis=False,
        customdata=[fr_number(value) for value in data["valeur"]],
        hovertemplate="%{y} : %{customdata} (%{text})<extra></extra>",
    )
    figure.update_xaxes(title_text="Part de l'objectif (%)", rangemode="tozero")
    figure.update_yaxes(title_text=None, automargin=True)
    figure.update_layout(showlegend=False)
    return french_layout(figure, height=max(240, 28 * len(data) + 110))


def breakdown_bars(rows: pd.DataFrame) -> go.Figure:
    """One breakdown of an indicator (``breakdown_sections``), largest on top."""
    data = rows.iloc[::-1]
    figure = go.Figure()
    figure.add_bar(
        x=data["valeur"],
        y=[label_text(label) for label in data["libelle"]],
        orientation="h",
        marker_color=BLEU_FRANCE,
        text=[f"{fr_number(v)} ({fr_percent(p)})" for v, p in zip(data["valeur"], data["part"], strict=True)],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{text}<extra></extra>",
    )
    top = max([float(value) for value in data["valeur"]] + [1.0]) * 1.4
    figure.update_xaxes(title_text=None, range=[0, top], tickformat=COUNT_FORMAT)
    figure.update_yaxes(title_text=None, automargin=True)
    figure.update_layout(showlegend=False)
    return french_layout(figure, height=max(220, 26 * len(data) + 110))
