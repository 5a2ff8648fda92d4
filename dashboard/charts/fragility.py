"""Charts and maps of the « Fragilité numérique » page: pure builders from the read functions' frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboard import maps
from dashboard.charts import area_radius, french_layout, label_text, labelled_points
from dashboard.formatting import fr_number
from dashboard.theme import BLEU_FRANCE, FRAGILITY_SCALE, GRIS_CLAIR, ROUGE_MARIANNE, hex_to_rgb

IFN_BINS: list[float] = [0, 2, 4, 6, 8, 10]
MISSING_LABEL = "Indice non disponible"
LIEU_COLOUR = BLEU_FRANCE
UNSERVED_COLOUR = ROUGE_MARIANNE
COMPARISON_COLOURS = ("#993404", "#FE9929", "#666666")
"""Commune, its département, France: dark to light, distinguishable without colour vision too."""


def ifn_legend_entries() -> list[tuple[str, str]]:
    """The IFN classes of the choropleths (0 à 2 … 8 à 10) and the grey of communes without index."""
    return [*zip(maps.bin_labels(IFN_BINS), FRAGILITY_SCALE, strict=True), (MISSING_LABEL, GRIS_CLAIR)]


def departements_map(
    frame: pd.DataFrame, unserved: pd.DataFrame | None = None, *, national: bool = False
) -> tuple[pdk.Deck, str]:
    """Choropleth of the départements by population-weighted IFN (``ifn_per_departement``).

    ``national`` shows the whole of France, overseas in insets; otherwise the view fits the
    départements drawn. ``unserved`` (``unserved_per_departement``: fragile communes without a
    lieu nearby, summed per département) is drawn on top as one red ring per département, its
    area proportional to the number of communes: a ring leaves the choropleth readable where
    2 000 dots would cover it. Returns the deck and its legend.
    """
    shapes = frame[["code", "nom"]].copy()
    shapes["fill"] = maps.binned_colours(frame["ifn"], IFN_BINS, FRAGILITY_SCALE)
    shapes["detail"] = [
        f"IFN moyen : {fr_number(value, 1)} – {fr_number(count)} commune(s) fragile(s)"
        for value, count in zip(frame["ifn"], frame["communes_fragiles"], strict=True)
    ]
    layers = [maps.departements_layer(shapes)]
    entries = ifn_legend_entries()
    if unserved is not None and not unserved.empty:
        layers.append(_unserved_rings(unserved))
        entries.append(
            (
                "Communes fragiles sans lieu à proximité (la surface du cercle suit leur nombre)",
                UNSERVED_COLOUR,
            )
        )
    deck = maps.national_deck(layers, _TOOLTIP) if national else maps.fitted_deck(layers, _TOOLTIP)
    return deck, maps.legend_html("Indice de fragilité numérique (0 à 10)", entries)


def _unserved_rings(per_departement: pd.DataFrame) -> pdk.Layer:
    """One unfilled red ring per département, its area proportional to its unserved communes."""
    rings = labelled_points(
        per_departement,
        (
            f"{fr_number(count)} commune(s) fragile(s) sans lieu à proximité – "
            f"{fr_number(population)} habitants"
            for count, population in zip(
                per_departement["communes"], per_departement["population"], strict=True
            )
        ),
    ).assign(rayon=area_radius(per_departement["communes"], 9_000))
    layer = maps.points_layer(rings, [0, 0, 0, 0], layer_id="sans_lieu_par_departement")
    layer.get_radius = "rayon"
    layer.get_line_color = hex_to_rgb(UNSERVED_COLOUR)
    layer.stroked = True
    layer.filled = False
    layer.line_width_min_pixels = 2.5
    layer.radius_min_pixels = 4
    layer.radius_max_pixels = 40
    return layer


def communes_map(communes: pd.DataFrame, lieux: pd.DataFrame, unserved: pd.DataFrame) -> tuple[pdk.Deck, str]:
    """Choropleth of the communes by IFN (``ifn_per_commune``), lieux as blue dots, and the fragile
    communes without a lieu nearby circled in red. A scope across départements draws each one's outlines.
    """
    shapes = communes[["code_insee", "nom", "code_departement"]].copy()
    shapes["fill"] = maps.binned_colours(communes["total"], IFN_BINS, FRAGILITY_SCALE)
    shapes["detail"] = [
        f"IFN : {fr_number(value, 1)} – {fr_number(population)} habitants"
        for value, population in zip(communes["total"], communes["population"], strict=True)
    ]
    layers = [
        maps.communes_layer(code, group.drop(columns="code_departement"))
        for code, group in shapes.groupby("code_departement", sort=True)
    ]
    entries = ifn_legend_entries()
    if not lieux.empty:
        points = labelled_points(lieux, lieux["commune"].fillna("").astype(str))
        layers.append(maps.points_layer(points, hex_to_rgb(LIEU_COLOUR, 230), radius_m=300, layer_id="lieux"))
        entries.append(("Lieu de médiation numérique", LIEU_COLOUR))
    if not unserved.empty:
        layers.append(_unserved_layer(unserved))
        entries.append(("Commune fragile sans lieu à proximité", UNSERVED_COLOUR))
    deck = maps.fitted_deck(layers, _TOOLTIP)
    return deck, maps.legend_html("Indice de fragilité numérique (0 à 10)", entries)


_TOOLTIP = "<b>{nom}</b><br>{detail}"


def _unserved_layer(unserved: pd.DataFrame) -> pdk.Layer:
    points = labelled_points(
        unserved,
        (
            f"Sans lieu à proximité – IFN : {fr_number(value, 1)} – {fr_number(population)} habitants"
            for value, population in zip(unserved["total"], unserved["population"], strict=True)
        ),
    )
    layer = maps.points_layer(points, hex_to_rgb(UNSERVED_COLOUR), radius_m=1500, layer_id="sans_lieu")
    layer.radius_min_pixels = 6
    layer.get_line_color = [255, 255, 255, 255]
    layer.line_width_min_pixels = 2
    return layer


def scores_comparison(frame: pd.DataFrame, commune: str, departement: str) -> go.Figure:
    """The commune's five sub-scores and total beside its département's and France's means
    (``commune_scores``), as grouped horizontal bars on the 0-10 scale."""
    labels = list(frame["libelle"])[::-1]
    figure = go.Figure()
    for column, name, colour in zip(
        ("national", "departement", "commune"),
        ("Moyenne nationale", label_text(f"Moyenne {departement}"), label_text(commune)),
        COMPARISON_COLOURS[::-1],
        strict=True,
    ):
        values = list(frame[column])[::-1]
        figure.add_bar(
            x=values,
            y=labels,
            orientation="h",
            name=name,
            marker_color=colour,
            text=[fr_number(value, 1) for value in values],
            textposition="auto",
            hovertemplate=f"{name}<br>%{{y}} : %{{text}}<extra></extra>",
        )
    figure.update_xaxes(title_text="Score (0 = pas fragile, 10 = très fragile)", range=[0, 10])
    figure.update_yaxes(title_text=None, automargin=True)
    figure.update_layout(
        barmode="group",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "reversed"},
    )
    return french_layout(figure, height=520)
