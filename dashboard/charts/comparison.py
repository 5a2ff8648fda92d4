"""Small multiples of the « Comparaison régionale » page: one bar chart per indicator.

Pure builders from the frames of ``data_access.comparison``. Every panel lists the
départements in the same order, so the eye follows one département down the
grid; ratios and means also show the regional and national values as lines.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import french_layout, label_text
from dashboard.formatting import MISSING, fr_euros, fr_number, fr_percent
from dashboard.theme import BLEU_FRANCE, CATEGORICAL, GRIS
from data_access.comparison import INDICATORS, NATIONAL_REFERENCE, REGION_TOTAL, Indicator, Kind

HIGHLIGHT_COLOUR = CATEGORICAL[1]
"""Orange against the blue bars: the pair stays distinct for colour-blind viewers."""
REFERENCE_STYLES: dict[str, dict[str, object]] = {
    REGION_TOTAL: {"color": GRIS, "dash": "dash", "width": 2},
    NATIONAL_REFERENCE: {"color": CATEGORICAL[3], "dash": "dot", "width": 2},
}
"""Line of each reference row (« Total région », « France entière »): colour and dash differ."""
SCALES: dict[Kind, float] = {"nombre": 1.0, "pourcentage": 100.0, "euros": 1.0, "indice": 1.0}
"""Ratios are drawn in percent so that ticks read « 40 % », with the French space."""
TICK_FORMATS: dict[Kind, dict[str, object]] = {
    "nombre": {"tickformat": ",.0f"},
    "pourcentage": {"tickformat": ",.0f", "ticksuffix": " %"},
    "euros": {"tickformat": ",.0f", "ticksuffix": " €"},
    "indice": {"tickformat": ".1f"},
}
COLUMNS = 3
BAR_HEIGHT = 24
PANEL_PADDING = 70


def format_value(kind: Kind, value: object) -> str:
    """A figure in French as its kind reads: ``1 234``, ``69 %``, ``42 500 €``, ``5,6``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if kind == "pourcentage":
        return fr_percent(float(value))
    if kind == "euros":
        return fr_euros(float(value))
    if kind == "indice":
        return fr_number(float(value), 1)
    return fr_number(float(value))


def departement_label(code: str, nom: str) -> str:
    return f"{code} – {nom}"


def small_multiples(
    frame: pd.DataFrame,
    references: pd.DataFrame,
    *,
    highlight: str | None = None,
    indicators: dict[str, Indicator] = INDICATORS,
) -> go.Figure:
    """One horizontal-bar panel per indicator, a bar per département, top to bottom in ``frame`` order.

    ``frame`` is ``departements_side_by_side`` (possibly ranked); ``references`` is
    ``reference_rows``, drawn as vertical lines on the panels of ratios and means, where a
    département's value compares with them (a regional sum of counts does not).
    ``highlight`` is the code of the département to show in orange.
    """
    pairs = zip(frame["code"], frame["nom"], strict=True)
    names = [label_text(departement_label(code, nom)) for code, nom in pairs]
    colours = [HIGHLIGHT_COLOUR if code == highlight else BLEU_FRANCE for code in frame["code"]]
    rows = math.ceil(len(indicators) / COLUMNS)
    figure = make_subplots(
        rows=rows,
        cols=COLUMNS,
        subplot_titles=[indicator.label for indicator in indicators.values()],
        shared_yaxes=True,
        horizontal_spacing=0.04,
        vertical_spacing=min(0.3 / rows, 0.08),
    )
    references = references.set_index("nom")
    shapes: list[dict] = []
    for index, (column, indicator) in enumerate(indicators.items()):
        row, col = index // COLUMNS + 1, index % COLUMNS + 1
        values = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        scale = SCALES[indicator.kind]
        figure.add_bar(
            x=(values * scale).where(values.notna(), None).tolist(),
            y=names,
            orientation="h",
            marker_color=colours,
            showlegend=False,
            customdata=[format_value(indicator.kind, value) for value in values],
            hovertemplate=f"%{{y}}<br>{indicator.label} : %{{customdata}}<extra></extra>",
            row=row,
            col=col,
        )
        lines = _reference_values(references, column) if indicator.reference_line else {}
        shapes.extend(
            _reference_line(index + 1, value * scale, REFERENCE_STYLES[name]) for name, value in lines.items()
        )
        highest = max([*values.dropna().tolist(), *lines.values(), 0.0]) * scale
        axis = {"rangemode": "tozero", "nticks": 4, **TICK_FORMATS[indicator.kind]}
        if highest > 0:
            axis["range"] = [0, highest * 1.08]
        figure.update_xaxes(axis, row=row, col=col)
        if values.isna().all():
            _no_data(figure, index + 1)
    figure.update_yaxes(autorange="reversed", automargin=True, title=None)
    figure.update_layout(shapes=shapes)
    for name, style in REFERENCE_STYLES.items():
        figure.add_scatter(x=[None], y=[None], mode="lines", line=style, name=name, row=1, col=1)
    if highlight is not None and highlight in set(frame["code"]):
        chosen = names[list(frame["code"]).index(highlight)]
        figure.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 14, "color": HIGHLIGHT_COLOUR},
            name=chosen,
            row=1,
            col=1,
        )
    figure.update_annotations(font={"size": 14})
    panel = BAR_HEIGHT * max(len(frame), 1) + PANEL_PADDING
    french_layout(figure, height=rows * panel + 100)
    figure.update_layout(
        legend={"orientation": "h", "yref": "container", "y": 1.0, "yanchor": "top", "x": 0},
        margin={"l": 10, "r": 20, "t": 80, "b": 10},
    )
    return figure


def _reference_line(panel: int, x: float, style: dict) -> dict:
    """A vertical line across one panel, as a layout shape: one ``update_layout`` for all the
    lines is far cheaper than ``add_vline`` per line, which re-validates the figure each time."""
    suffix = "" if panel == 1 else str(panel)
    return {
        "type": "line",
        "xref": f"x{suffix}",
        "yref": f"y{suffix} domain",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": style,
    }


def _reference_values(references: pd.DataFrame, column: str) -> dict[str, float]:
    """Région and France values of ``column`` that exist, by reference name."""
    values = {}
    for name in REFERENCE_STYLES:
        if name in references.index:
            value = pd.to_numeric(pd.Series([references.at[name, column]]), errors="coerce").iloc[0]
            if not pd.isna(value):
                values[name] = float(value)
    return values


def _no_data(figure: go.Figure, panel: int) -> None:
    """« Aucune donnée » in the middle of an empty panel, rather than a blank frame."""
    suffix = "" if panel == 1 else str(panel)
    figure.add_annotation(
        text="Aucune donnée",
        x=0.5,
        y=0.5,
        xref=f"x{suffix} domain",
        yref=f"y{suffix} domain",
        showarrow=False,
        font={"color": GRIS},
    )
