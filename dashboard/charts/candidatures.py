"""Candidature charts: pure builders from the frames of ``data_access.candidatures``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import french_layout, label_text
from dashboard.formatting import fr_date, fr_number, fr_short_month
from dashboard.theme import BLEU_FRANCE, CATEGORICAL, GRIS, SEQUENTIAL_BLUES
from data_access.vocabulary import INTENTIONS, MILESTONES

INTENTION_COLOURS = {"porter": BLEU_FRANCE, "participer": CATEGORICAL[1]}
MAX_DATE_TICKS = 9
MAX_MARKERS = 60
LOWEST_SHOWN = 15
"""Above this many départements, the coverage chart shows the lowest shares only (the table has all)."""


MILESTONE_LABEL_STEP = 0.12
"""Vertical step (share of the plot) between milestone labels, so that two close dates never overlap."""


def milestone_dates() -> list[tuple[str, date]]:
    """The national milestones (label, deadline) drawn on the submissions timeline."""
    return [(label, deadline) for label, deadline, _ in MILESTONES.values() if deadline is not None]


def persona_intention_chart(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars of candidatures per persona, one bar per intention (frame of
    ``counts_by_persona_intention``)."""
    figure = go.Figure()
    for intention, label in INTENTIONS.items():
        rows = frame[frame["intention"] == intention]
        figure.add_trace(
            go.Bar(
                name=label,
                x=rows["persona_libelle"],
                y=rows["candidatures"],
                marker={"color": INTENTION_COLOURS[intention]},
                text=[fr_number(count) for count in rows["candidatures"]],
                textposition="outside",
                hovertemplate=f"%{{x}}<br>{label} : %{{y}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(title="Candidatures", rangemode="tozero")
    figure.update_xaxes(title=None)
    return french_layout(figure, legend_title="Intention")


def cumulative_chart(frame: pd.DataFrame, milestones: list[tuple[str, date]] | None = None) -> go.Figure:
    """Running total of forms sent (frame of ``cumulative_submissions``), national milestones as
    dashed vertical lines so that the COPIL sees how submissions moved against the deadlines."""
    dates = pd.to_datetime(frame["date_envoi"])
    milestones = milestones if milestones is not None else milestone_dates()
    figure = go.Figure(
        go.Scatter(
            x=dates,
            y=frame["cumul"],
            mode="lines+markers" if len(frame) <= MAX_MARKERS else "lines",
            line={"color": BLEU_FRANCE, "shape": "hv"},
            name="Formulaires envoyés (cumul)",
            customdata=[fr_date(value) for value in frame["date_envoi"]],
            hovertemplate="%{customdata} : %{y} formulaire(s) envoyés<extra></extra>",
        )
    )
    for rank, (label, deadline) in enumerate(milestones):
        when = pd.Timestamp(deadline)
        figure.add_vline(x=when, line_dash="dash", line_color=GRIS, line_width=1)
        figure.add_annotation(
            x=when,
            y=1 - MILESTONE_LABEL_STEP * rank,
            yref="paper",
            text=f"{label}<br>{fr_date(deadline)}",
            showarrow=False,
            xanchor="left",
            align="left",
            font={"size": 12, "color": GRIS},
            bgcolor="rgba(255,255,255,0.8)",
        )
    figure.update_yaxes(title="Formulaires envoyés (cumul)", rangemode="tozero")
    ticks = month_ticks([*dates.dropna().dt.date, *(deadline for _, deadline in milestones)])
    figure.update_xaxes(
        title=None,
        tickmode="array",
        tickvals=[pd.Timestamp(tick) for tick in ticks],
        ticktext=[fr_short_month(tick) for tick in ticks],
    )
    return french_layout(figure, height=440)


def month_ticks(days: list[date]) -> list[date]:
    """First days of months spanning ``days``, every 1, 2, 3, 6 or 12 months so that at most
    ``MAX_DATE_TICKS`` show: Plotly would otherwise label the axis in English."""
    if not days:
        return []
    first, last = min(days), max(days)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((step for step in (1, 2, 3, 6, 12) if months / step <= MAX_DATE_TICKS), 12)
    start = first.year * 12 + first.month - 1
    start -= start % step
    end = last.year * 12 + last.month - 1
    return [date(index // 12, index % 12 + 1, 1) for index in range(start, end + 1, step)]


def epci_coverage_chart(frame: pd.DataFrame) -> go.Figure:
    """Share of EPCI inscrits per département (frame of ``epci_coverage_per_departement``), lowest first.

    Beyond ``LOWEST_SHOWN`` départements only the lowest shares are drawn: those are the ones
    a COPIL follows up, and a hundred bars near 100 % would hide them.
    """
    frame = frame.sort_values(["part", "code"], kind="stable").head(LOWEST_SHOWN)
    labels = [label_text(f"{code} – {nom}") for code, nom in zip(frame["code"], frame["nom"], strict=True)]
    figure = go.Figure(
        go.Bar(
            x=frame["part"] * 100,
            y=labels,
            orientation="h",
            marker={"color": SEQUENTIAL_BLUES[3]},
            customdata=list(zip(frame["inscrits"], frame["epci"], strict=True)),
            hovertemplate="%{y}<br>%{customdata[0]} EPCI inscrits sur %{customdata[1]}"
            " (%{x:.0f} %)<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", title=None)
    figure.update_xaxes(title="Part des EPCI inscrits (%)", range=[0, 100])
    return french_layout(figure, height=max(260, 28 * len(frame) + 80))
