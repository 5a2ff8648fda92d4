"""Charts and map of the « Lieux de médiation » page: pure builders from the read functions' frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboard import maps
from dashboard.charts import (
    add_snapshot_line,
    add_target_line,
    area_radius,
    french_layout,
    label_text,
    labelled_points,
)
from dashboard.formatting import fr_date, fr_month, fr_number, fr_percent
from dashboard.theme import BLEU_FRANCE, GRIS, ROUGE_MARIANNE, hex_to_rgb

FRESHNESS_COLOURS: dict[str, str] = {
    "a_jour": "#08519C",
    "a_surveiller": "#6BAED6",
    "a_verifier": "#FDAE6B",
    "a_rafraichir": "#E6550D",
    "inconnue": "#BDBDBD",
}
"""Blue (fresh) to orange (stale), grey for unknown: ordered and readable by colour-blind viewers."""

LABELLED_COLOUR = BLEU_FRANCE
UNLABELLED_COLOUR = "#E08214"
OUTLINE_FILL = [245, 245, 254, 255]
LIGHT_POINTS_ABOVE = 5_000
"""Above this many lieux, dots carry only their coordinates (no tooltip): the national map stays light."""
LABEL_WIDTH = 38
COUNT_FORMAT = ",~f"
"""Whole numbers with French grouping (« 30 000 », not « 30k »)."""


def _bar_height(rows: int) -> int:
    return max(220, 26 * rows + 110)


def departement_label(code: str, nom: str) -> str:
    return f"{code} – {nom}"


def target_bars(frame: pd.DataFrame) -> go.Figure:
    """Lieux per département as horizontal bars, each target as a vertical tick (a bullet chart).

    Sorted by progress, so the départements furthest from their target come first.
    ``frame`` is ``places_per_departement``.
    """
    data = frame.sort_values(["progression", "code"], ascending=[False, False], na_position="first")
    names = [
        label_text(departement_label(code, nom)) for code, nom in zip(data["code"], data["nom"], strict=True)
    ]
    progress = [fr_percent(value) for value in data["progression"]]
    figure = go.Figure()
    figure.add_bar(
        x=data["lieux"],
        y=names,
        orientation="h",
        name="Lieux recensés",
        marker_color=BLEU_FRANCE,
        customdata=list(zip([fr_number(value) for value in data["lieux"]], progress, strict=True)),
        hovertemplate="%{y}<br>%{customdata[0]} lieux (%{customdata[1]} de l'objectif)<extra></extra>",
    )
    figure.add_scatter(
        x=data["objectif"],
        y=names,
        mode="markers",
        name="Objectif",
        marker={
            "symbol": "line-ns-open",
            "size": 20,
            "color": ROUGE_MARIANNE,
            "line": {"width": 3, "color": ROUGE_MARIANNE},
        },
        customdata=[fr_number(value) for value in data["objectif"]],
        hovertemplate="%{y}<br>Objectif : %{customdata}<extra></extra>",
    )
    figure.update_xaxes(title_text="Nombre de lieux", rangemode="tozero", tickformat=COUNT_FORMAT)
    figure.update_yaxes(title_text=None, automargin=True, range=[-0.6, len(data) - 0.4])
    figure.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    return french_layout(figure, height=_bar_height(len(data)))


def epci_bars(frame: pd.DataFrame) -> go.Figure:
    """Lieux per 10 000 inhabitants of each EPCI (``places_per_epci``), lowest density first."""
    data = frame.sort_values(["lieux_pour_10000", "nom"], ascending=[False, False], na_position="first")
    figure = go.Figure()
    figure.add_bar(
        x=data["lieux_pour_10000"],
        y=[label_text(_shorten(name)) for name in data["nom"]],
        orientation="h",
        marker_color=BLEU_FRANCE,
        customdata=list(
            zip(
                [label_text(name) for name in data["nom"]],
                [fr_number(value) for value in data["lieux"]],
                [fr_number(value) for value in data["population"]],
                [fr_number(value, 1) for value in data["lieux_pour_10000"]],
                strict=True,
            )
        ),
        hovertemplate="%{customdata[0]}<br>%{customdata[1]} lieux pour %{customdata[2]} habitants"
        "<br>%{customdata[3]} pour 10 000 habitants<extra></extra>",
    )
    figure.update_xaxes(title_text="Lieux pour 10 000 habitants", rangemode="tozero")
    figure.update_yaxes(title_text=None, automargin=True)
    return french_layout(figure, height=_bar_height(len(data)))


def evolution_line(frame: pd.DataFrame, objectif: int | None = None) -> go.Figure:
    """Lieux counted at each snapshot (``snapshot_evolution``), with the target as a dashed line."""
    figure = go.Figure()
    add_snapshot_line(figure, frame, "lieux", "Lieux recensés", " lieux")
    if objectif:
        add_target_line(figure, objectif, "Objectif")
    ticks = _date_ticks(list(frame["date"]))
    figure.update_xaxes(
        title_text=None,
        tickmode="array",
        tickvals=[pd.Timestamp(tick) for tick, _ in ticks],
        ticktext=[text for _, text in ticks],
    )
    figure.update_yaxes(title_text="Nombre de lieux", rangemode="tozero", tickformat=COUNT_FORMAT)
    figure.update_layout(showlegend=False)
    return french_layout(figure, height=380)


def _date_ticks(dates: list) -> list[tuple[object, str]]:
    """French tick labels: every date when there are few, else one per month (« mars 2024 »)."""
    if len(dates) <= 8:
        return [(value, fr_date(value)) for value in dates]
    months: dict[tuple[int, int], object] = {}
    for value in dates:
        months.setdefault((value.year, value.month), value)
    step = max(1, len(months) // 8 + (len(months) % 8 > 0))
    kept = list(months.values())[::step]
    return [(value, fr_month(value)) for value in kept]


def label_bars(frame: pd.DataFrame) -> go.Figure:
    """Lieux per national label (``places_by_label``); « Sans label national » in grey."""
    colours = [GRIS if label.startswith("Sans") else BLEU_FRANCE for label in frame["label"]]
    return _horizontal_counts(frame["label"], frame["lieux"], colours, frame.get("part"))


def typology_bars(frame: pd.DataFrame) -> go.Figure:
    """Lieux per typology (``places_by_typology``), most frequent on top."""
    colours = [GRIS if code in ("", "Autres") else BLEU_FRANCE for code in frame["code"]]
    return _horizontal_counts(frame["typologie"], frame["lieux"], colours)


def _horizontal_counts(
    labels: pd.Series, counts: pd.Series, colours: list[str], shares: pd.Series | None = None
) -> go.Figure:
    texts = [fr_number(value) for value in counts]
    if shares is not None:
        texts = [f"{text} ({fr_percent(share)})" for text, share in zip(texts, shares, strict=True)]
    figure = go.Figure()
    figure.add_bar(
        x=list(counts)[::-1],
        y=[label_text(_shorten(label)) for label in labels][::-1],
        orientation="h",
        marker_color=colours[::-1],
        text=texts[::-1],
        textposition="outside",
        textangle=0,
        cliponaxis=False,
        customdata=[label_text(label) for label in labels][::-1],
        hovertemplate="%{customdata} : %{text}<extra></extra>",
    )
    # room on the right for the counts written after the bars
    top = max([float(value) for value in counts] + [1.0]) * (1.35 if shares is not None else 1.2)
    figure.update_xaxes(title_text="Nombre de lieux", range=[0, top], tickformat=COUNT_FORMAT)
    figure.update_yaxes(title_text=None, automargin=True)
    figure.update_layout(showlegend=False)
    return french_layout(figure, height=_bar_height(len(labels)))


def freshness_bars(frame: pd.DataFrame) -> go.Figure:
    """Lieux per freshness band (``freshness_bands``) in their natural order, coloured from fresh to stale."""
    figure = go.Figure()
    figure.add_bar(
        x=[label.replace(" (", "<br>(") for label in frame["libelle"]],
        y=frame["lieux"],
        marker_color=[FRESHNESS_COLOURS[band] for band in frame["bande"]],
        text=[
            f"{fr_number(count)} ({fr_percent(share)})"
            for count, share in zip(frame["lieux"], frame["part"], strict=True)
        ],
        textposition="outside",
        textangle=0,
        cliponaxis=False,
        customdata=list(frame["libelle"]),
        hovertemplate="%{customdata} : %{text}<extra></extra>",
    )
    figure.update_xaxes(title_text="Date de mise à jour de la fiche", tickangle=0)
    figure.update_yaxes(title_text="Nombre de lieux", rangemode="tozero", tickformat=COUNT_FORMAT)
    figure.update_layout(showlegend=False)
    return french_layout(figure, height=380)


def _shorten(text: str, width: int = LABEL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def map_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a map dot needs (``places_on_map``): coordinates, label flag, and tooltip text
    unless there are so many dots that the text would weigh megabytes."""
    data = pd.DataFrame(
        {
            "latitude": frame["latitude"].astype(float).round(maps.COORDINATE_DECIMALS),
            "longitude": frame["longitude"].astype(float).round(maps.COORDINATE_DECIMALS),
        }
    )
    data["labelled"] = frame["labels"].fillna("").astype(str) != ""
    if len(frame) <= LIGHT_POINTS_ABOVE:
        data["nom"] = frame["nom"].astype(str)
        communes = frame["commune"].fillna("").astype(str)
        labels = frame["labels"].fillna("").astype(str).str.replace("|", ", ", regex=False)
        dates = [fr_date(value) for value in frame["date_maj"]]
        data["detail"] = [
            "\n".join(part for part in (commune, label, f"Mise à jour : {day}") if part)
            for commune, label, day in zip(communes, labels, dates, strict=True)
        ]
    return data


def places_map(
    points: pd.DataFrame, outlines: pd.DataFrame, *, national: bool = False
) -> tuple[pdk.Deck, str]:
    """Dots of the lieux (``places_on_map``) over outlines: départements when ``outlines`` has a
    ``code`` column, else communes (``code_insee``, ``code_departement``), each with a ``nom`` and
    a ``detail`` for the tooltip.

    Lieux with a national label and without are told apart by colour. ``national`` frames
    metropolitan France; otherwise the view fits the outlines. Returns the deck and its legend.
    """
    shapes = outlines.copy()
    shapes["fill"] = [OUTLINE_FILL] * len(shapes)
    if "detail" not in shapes.columns:
        shapes["detail"] = ""
    if "code" in shapes.columns:
        backgrounds = [maps.departements_layer(shapes[["code", "nom", "detail", "fill"]])]
    else:
        backgrounds = [
            maps.communes_layer(code, group[["code_insee", "nom", "detail", "fill"]])
            for code, group in shapes.groupby("code_departement", sort=True)
        ]
    for background in backgrounds:
        background.get_line_color = [146, 146, 146, 255]
    data = map_points(points)
    with_tooltip = "nom" in data.columns
    layers = list(backgrounds)
    for labelled, colour, layer_id in (
        (False, UNLABELLED_COLOUR, "lieux_sans_label"),
        (True, LABELLED_COLOUR, "lieux_labellises"),
    ):
        subset = data[data["labelled"] == labelled].drop(columns="labelled")
        if not subset.empty:
            layer = maps.points_layer(subset, hex_to_rgb(colour, 230), radius_m=600, layer_id=layer_id)
            layer.pickable = with_tooltip
            if not with_tooltip:
                layer.radius_min_pixels = 1.5  # thousands of dots: smaller, so they do not merge
            layers.append(layer)
    build = maps.national_deck if national else maps.fitted_deck
    deck = build(layers, "<b>{nom}</b><br>{detail}")
    legend = maps.legend_html(
        "Lieux de médiation numérique",
        [
            ("Lieu labellisé (Conseillers numériques, France services ou Aidants Connect)", LABELLED_COLOUR),
            ("Lieu sans label national", UNLABELLED_COLOUR),
        ],
    )
    return deck, legend


DENSITY_BINS = [0, 2, 4, 6, 8, float("inf")]
DENSITY_PALETTE = ["#FEE6CE", "#FDAE6B", "#6BAED6", "#2171B5", "#08306B"]
"""Lieux per 10 000 inhabitants, from orange (few) to dark blue (many): ordered, colour-blind safe."""
DENSITY_LABELS = ["moins de 2", "2 à 4", "4 à 6", "6 à 8", "8 et plus"]


def epci_circles_map(epcis: pd.DataFrame, departements: pd.DataFrame) -> tuple[pdk.Deck, str]:
    """The lieux of France summed per EPCI (``places_per_epci``): one circle per EPCI, its area
    proportional to the number of lieux, its colour the lieux per 10 000 inhabitants.

    Some 1 250 circles instead of 30 000 dots: legible on a projector and light to send.
    """
    shapes = departements[["code", "nom", "detail"]].assign(fill=[OUTLINE_FILL] * len(departements))
    background = maps.departements_layer(shapes)
    background.get_line_color = [146, 146, 146, 255]
    circles = labelled_points(
        epcis,
        (
            f"{fr_number(count)} lieu(x) – {fr_number(density, 1)} pour 10 000 habitants"
            for count, density in zip(epcis["lieux"], epcis["lieux_pour_10000"], strict=True)
        ),
    ).assign(
        rayon=area_radius(epcis["lieux"], 1_800),
        couleur=maps.binned_colours(epcis["lieux_pour_10000"], DENSITY_BINS, DENSITY_PALETTE),
    )
    layer = maps.points_layer(circles, [0, 0, 0, 0], layer_id="lieux_par_epci")
    layer.get_fill_color = "couleur"
    layer.get_radius = "rayon"
    layer.radius_max_pixels = 40
    deck = maps.national_deck([background, layer], "<b>{nom}</b><br>{detail}")
    legend = maps.legend_html(
        "Lieux pour 10 000 habitants de l'EPCI (la surface du cercle suit le nombre de lieux)",
        list(zip(DENSITY_LABELS, DENSITY_PALETTE, strict=True)),
    )
    return deck, legend
