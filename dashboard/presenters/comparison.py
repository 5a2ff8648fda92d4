"""Comparaison régionale: labels, captions and the formatted comparison table."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.comparison import format_value
from dashboard.formatting import fr_date, fr_number
from dashboard.presenters.common import Metric, as_percent_done
from dashboard.shared_frames import per_frame
from data_access.comparison import INDICATORS, RANKINGS, STAGE_RANKING

# The figures in table order: stage, then each indicator (the lieux target beside the lieux).
FIGURE_LABELS = {
    "etape_libelle": "Étape de la gouvernance",
    "candidatures": INDICATORS["candidatures"].label,
    "part_epci": INDICATORS["part_epci"].label,
    "lieux": INDICATORS["lieux"].label,
    "objectif": "Objectif de lieux",
} | {column: indicator.label for column, indicator in INDICATORS.items()}
RANKING_LABELS = {"rang": "Rang", "code": "Code", "nom": "Département", **FIGURE_LABELS}
REFERENCE_LABELS = {
    "nom": "Référence",
    **FIGURE_LABELS,
    "etape_libelle": "Gouvernances formalisées",
}
CHART_LABELS = {"code": "Code", "nom": "Territoire", **FIGURE_LABELS}


@per_frame
def displayed(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures as French strings by their kind; progress as a percentage for the progress bar."""
    formatted = {
        column: frame[column].map(lambda value, kind=indicator.kind: format_value(kind, value))
        for column, indicator in INDICATORS.items()
        if column != "progression"
    }
    formatted["objectif"] = frame["objectif"].map(fr_number)
    formatted["progression"] = as_percent_done(frame["progression"])
    formatted["code"] = frame["code"].fillna("")
    if "rang" in frame.columns:
        formatted["rang"] = frame["rang"].map(fr_number)
    return frame.assign(**formatted)


def ranking_caption(column: str) -> str:
    if column == STAGE_RANKING:
        return "Rang 1 : la gouvernance la plus avancée."
    indicator = INDICATORS[column]
    best = "la plus élevée" if indicator.higher_is_better else "la plus basse"
    return f"Rang 1 : la valeur {best} ({indicator.label.lower()}). Sans valeur, pas de rang."


def rank_metric(chosen: pd.Series, count: int, column: str) -> Metric:
    """The highlighted département's rank: « 2 sur 6 », with the criterion as its tooltip."""
    return Metric(
        f"Rang : {chosen['nom']}",
        f"{fr_number(chosen['rang'])} sur {fr_number(count)}",
        f"Classement selon : {RANKINGS[column]}.",
    )


def compared_caption(region_name: str, count: int, today: object) -> str:
    return f"{region_name} : {fr_number(count)} départements comparés, chiffres au {fr_date(today)}."


def multiples_caption(highlighted: bool) -> str:
    caption = (
        "Les départements sont dans l'ordre du classement. Pour les taux et l'indice, le trait gris "
        "en tirets marque le total de la région et le trait violet en pointillés la France entière."
    )
    if highlighted:
        caption += " Le département sélectionné est en orange."
    return caption
