"""Charts of the « Feuille de route » page: progress of the axes and their money.

Pure functions from the frames of ``data_access.roadmaps`` to Plotly figures.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import french_layout, label_text
from dashboard.formatting import fr_percent
from dashboard.theme import BLEU_FRANCE, CATEGORICAL, STATUS_COLOURS
from data_access.vocabulary import ACTION_STATUSES

LABEL_MAX_CHARACTERS = 60
ROW_HEIGHT = 34
MONEY_SERIES = {
    "budget_global": ("Budget global", BLEU_FRANCE),
    "cofinancements": ("Cofinancements", CATEGORICAL[1]),
    "subventions_acceptees": ("Subventions acceptées", CATEGORICAL[2]),
}
"""Column → (legend label, colour) of the money chart, in the order of the bars."""


def axis_labels(frame: pd.DataFrame) -> pd.Series:
    """``Axe 2 – Compétences numériques``, prefixed as soon as the frame holds several roadmaps
    (axes are local to a roadmap): by the département code across départements, and by the
    roadmap reference where a département has several (``35 DEMO-FDR-35-2 · Axe 1 – …``).

    ``frame`` has ``code_departement``, ``feuille``, ``numero`` and ``nom``.
    """
    labels = "Axe " + frame["numero"].astype(str) + " – " + frame["nom"].astype(str)
    if frame["feuille"].nunique() <= 1:
        return labels
    departement = frame["code_departement"].astype(str)
    roadmap = frame["feuille"].astype(str)
    several = frame.groupby("code_departement")["feuille"].transform("nunique") > 1
    if departement.nunique() == 1:
        prefix = roadmap
    else:
        prefix = departement.where(~several, departement + " " + roadmap)
    return prefix + " · " + labels


def roadmap_labels(frame: pd.DataFrame) -> pd.Series:
    """``28 – Eure-et-Loir`` for a roadmap row (its reference added when a département has several)."""
    labels = frame["code_departement"].astype(str) + " – " + frame["departement"].astype(str)
    several = frame.groupby("code_departement")["feuille"].transform("nunique") > 1
    return labels.where(~several, labels + " (" + frame["feuille"].astype(str) + ")")


def _short(label: str) -> str:
    if len(label) <= LABEL_MAX_CHARACTERS:
        return label
    return label[: LABEL_MAX_CHARACTERS - 1].rstrip() + "…"


def _height(rows: int) -> int:
    return max(260, ROW_HEIGHT * rows + 140)


def wrapped(label: str, width: int) -> str:
    """A label on several lines of at most ``width`` characters, whole: for a projector, never cut."""
    return "<br>".join(label_text(line) for line in textwrap.wrap(str(label), width))


def progress_chart(frame: pd.DataFrame, label_column: str = "libelle", wrap: int | None = None) -> go.Figure:
    """Stacked horizontal bars of actions per status, one bar per row of ``frame`` (axis or roadmap),
    the mean percent done written at the end of each bar. With ``wrap``, labels are wrapped at that
    many characters instead of shortened.

    ``frame`` has ``label_column``, one count column per status code, ``actions`` and
    ``avancement_moyen`` (0–100, NaN without actions).
    """
    labels = [wrapped(label, wrap) if wrap else label_text(_short(label)) for label in frame[label_column]]
    figure = go.Figure()
    for status, status_label in ACTION_STATUSES.items():
        figure.add_trace(
            go.Bar(
                x=frame[status],
                y=labels,
                name=status_label,
                orientation="h",
                marker_color=STATUS_COLOURS[status],
                hovertemplate=f"%{{y}}<br>{status_label} : %{{x}} action(s)<extra></extra>",
            )
        )
    means = ["" if pd.isna(mean) else f"moy. {fr_percent(mean / 100)}" for mean in frame["avancement_moyen"]]
    figure.add_trace(
        go.Scatter(
            x=frame["actions"],
            y=labels,
            mode="text",
            text=means,
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    widest = int(frame["actions"].max()) if len(frame) else 0
    figure.update_layout(barmode="stack", legend={"traceorder": "normal"})
    figure.update_xaxes(title_text="Nombre d'actions", range=[0, max(widest, 1) * 1.25], dtick=None)
    figure.update_yaxes(autorange="reversed", type="category")
    return french_layout(figure, height=_height(len(frame)), legend_title="Statut")


def budget_chart(frame: pd.DataFrame, label_column: str = "libelle") -> go.Figure:
    """Grouped horizontal bars per row (axis): global budget, co-financings, accepted subsidies, in euros.

    ``frame`` has ``label_column`` and the columns of ``MONEY_SERIES``.
    """
    labels = [label_text(_short(label)) for label in frame[label_column]]
    figure = go.Figure()
    for column, (name, colour) in MONEY_SERIES.items():
        figure.add_trace(
            go.Bar(
                x=frame[column],
                y=labels,
                name=name,
                orientation="h",
                marker_color=colour,
                hovertemplate=f"%{{y}}<br>{name} : %{{x:,.0f}} €<extra></extra>",
            )
        )
    figure.update_layout(barmode="group", legend={"traceorder": "normal"})
    figure.update_xaxes(title_text="Montant (€)", ticksuffix=" €", tickformat=",.0f")
    figure.update_yaxes(autorange="reversed", type="category")
    return french_layout(figure, height=_height(len(frame) * 2), legend_title="")
