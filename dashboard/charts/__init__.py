"""Chart builders: pure functions from DataFrames to Plotly figures, one module per page domain."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dashboard.theme import CATEGORICAL

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
    return figure


def label_text(text: object) -> str:
    """Text from the store as a Plotly label, hover text or legend entry, shown literally.

    Plotly reads a few HTML tags in any text (``<b>``, ``<br>``, ``<a href=…>``) and decodes
    entities: escaping ``&``, ``<`` and ``>`` makes a name such as ``<b>x</b>`` print as typed.
    Apply it where the figure is built, after any shortening, never to the table under the chart.
    """
    return html.escape(str(text), quote=False)
