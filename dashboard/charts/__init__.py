"""Chart builders: pure functions from DataFrames to Plotly figures, one module per page domain."""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import fr_date, fr_number
from dashboard.theme import BLEU_FRANCE, CATEGORICAL, ROUGE_MARIANNE

FONT_FAMILY = "Marianne, Arial, sans-serif"


def french_layout(figure: go.Figure, *, height: int = 420, legend_title: str | None = None) -> go.Figure:
    """French number separators (``1 234,5``), DSFR font and colours, a readable size."""
    figure.update_layout(
        separators=", ",
        font={"family": FONT_FAMILY, "size": 15},
        colorway=CATEGORICAL,
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"title": {"text": legend_title or ""}},
        plot_bgcolor="#FFFFFF",
    )
    # Plotly groups thousands only from 10 000 on: « 2 500 », as the tables write it.
    figure.update_xaxes(separatethousands=True)
    figure.update_yaxes(separatethousands=True)
    return figure


def label_text(text: object) -> str:
    """Text from the store as a Plotly label, hover text or legend entry, shown literally.

    Plotly reads a few HTML tags in any text (``<b>``, ``<br>``, ``<a href=…>``) and decodes
    entities: escaping ``&``, ``<`` and ``>`` makes a name such as ``<b>x</b>`` print as typed.
    Apply it where the figure is built, after any shortening, never to the table under the chart.
    """
    return html.escape(str(text), quote=False)


def add_snapshot_line(figure: go.Figure, frame: pd.DataFrame, column: str, name: str, unit: str = "") -> None:
    """The value of ``column`` at each snapshot date as the figure's main blue line, its hover in
    French (« 15 octobre 2023 : 1 234 lieux ») so every evolution chart reads the same."""
    figure.add_scatter(
        x=pd.to_datetime(frame["date"]),
        y=frame[column],
        mode="lines+markers",
        name=name,
        line={"color": BLEU_FRANCE, "width": 3},
        customdata=list(
            zip([fr_date(day) for day in frame["date"]], [fr_number(v) for v in frame[column]], strict=True)
        ),
        hovertemplate=f"%{{customdata[0]}} : %{{customdata[1]}}{unit}<extra></extra>",
    )


def add_target_line(figure: go.Figure, objectif: float, label: str) -> None:
    """The target as a dashed red line labelled with its French value, the same on every chart."""
    figure.add_hline(
        y=objectif,
        line={"color": ROUGE_MARIANNE, "dash": "dash", "width": 2},
        annotation_text=f"{label} : {fr_number(objectif)}",
        annotation_position="top left",
    )


def labelled_points(frame: pd.DataFrame, details: Iterable[str]) -> pd.DataFrame:
    """The columns a map point and its tooltip need (``latitude``, ``longitude``, ``nom``, ``detail``),
    the name as text so a numeric or missing one still prints."""
    return pd.DataFrame(
        {
            "latitude": frame["latitude"],
            "longitude": frame["longitude"],
            "nom": frame["nom"].astype(str),
            "detail": list(details),
        },
        index=frame.index,
    )


def area_radius(counts: pd.Series, metres: float) -> pd.Series:
    """A circle radius whose area, not its width, follows the count (one or more, so none vanishes)."""
    return (counts.clip(lower=1) ** 0.5 * metres).round()
