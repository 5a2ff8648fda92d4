"""Chart builders: pure functions from DataFrames to Plotly figures, one module per page domain."""

from __future__ import annotations

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
