"""Fragilité numérique: labels, headline metrics, captions and tables of the fragility page."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_number
from dashboard.presenters.common import Metric, decimals, formatted
from dashboard.shared_frames import per_frame
from data_access.fragility import SUB_SCORES
from data_access.read_models import FragilitySummary

DEPARTEMENT_LABELS = {
    "code": "Code",
    "nom": "Département",
    "ifn": "IFN moyen (pondéré)",
    "communes": "Communes avec IFN",
    "communes_fragiles": "Communes fragiles",
    "population": "Population",
}
COMMUNE_LABELS = {
    "code_insee": "Code INSEE",
    "nom": "Commune",
    "population": "Population",
    "total": "IFN",
    **SUB_SCORES,
}
UNSERVED_LABELS = {
    "code_insee": "Code INSEE",
    "nom": "Commune",
    "code_departement": "Département",
    "population": "Population",
    "total": "IFN",
}
SCORE_LABELS = {
    "libelle": "Composante",
    "commune": "Commune",
    "departement": "Département",
    "national": "France",
}
ifn = decimals(1)
"""An IFN (0–10) as shown: one decimal."""


def metrics(summary: FragilitySummary) -> list[Metric]:
    return [
        Metric("IFN moyen", ifn(summary.ifn_moyen)),
        Metric("Communes fragiles", fr_number(summary.communes_fragiles)),
        Metric("Fragiles sans lieu proche", fr_number(summary.communes_fragiles_sans_lieu)),
        Metric("Leur population", fr_number(summary.population_fragile_sans_lieu)),
    ]


def metrics_caption(summary: FragilitySummary, threshold: float, radius_km: float) -> str:
    """What the figures mean with the chosen threshold and radius."""
    return (
        f"IFN moyen pondéré par la population des {fr_number(summary.communes_avec_ifn)} communes "
        f"qui ont un indice ; fragile : IFN au moins égal à {ifn(threshold)} ; à proximité : "
        f"à moins de {fr_number(radius_km)} km du centre de la commune."
    )


def departements_map_caption() -> str:
    """At national and regional scale the unserved communes are counted per département, not drawn one by one:
    two thousand overlapping circles would hide the choropleth."""
    return (
        "Indice moyen des communes de chaque département, pondéré par leur population. Les communes "
        "fragiles sans lieu à proximité sont comptées par département ; choisissez un département "
        "pour les voir une à une."
    )


def no_unserved_message(threshold: float, radius_km: float) -> str:
    return (
        f"Aucune commune d'IFN au moins égal à {ifn(threshold)} n'est à plus de "
        f"{fr_number(radius_km)} km d'un lieu de médiation dans ce territoire."
    )


def unserved_caption(threshold: float, radius_km: float) -> str:
    return (
        f"Communes d'IFN au moins égal à {ifn(threshold)} sans lieu de médiation à moins de "
        f"{fr_number(radius_km)} km de leur centre (lieux des départements voisins compris), "
        "les plus peuplées d'abord. Elles sont cerclées de rouge sur la carte."
    )


@per_frame
def departements_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, ifn=ifn, communes=fr_number, communes_fragiles=fr_number, population=fr_number)


@per_frame
def communes_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Communes, the most fragile and populated first, with their sub-scores."""
    shown = frame.sort_values(["total", "population"], ascending=False, na_position="last")
    return formatted(shown, population=fr_number, total=ifn, **dict.fromkeys(SUB_SCORES, ifn))


@per_frame
def unserved_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, population=fr_number, total=ifn)


@per_frame
def scores_table(scores: pd.DataFrame) -> pd.DataFrame:
    return formatted(scores, commune=ifn, departement=ifn, national=ifn)


def scores_labels(commune: str, departement: str) -> dict[str, str]:
    """The score table's headers, naming the commune and its département."""
    return SCORE_LABELS | {"commune": commune, "departement": f"Moyenne {departement}"}


def commune_options(frame: pd.DataFrame, limit: int) -> dict[str, str]:
    """Commune code → « Nom (code) – IFN 7,5 », the most fragile first, at most ``limit``."""
    frame = frame.sort_values(["total", "nom"], ascending=[False, True]).head(limit)
    return {
        code: f"{nom} ({code}) – IFN {ifn(total)}"
        for code, nom, total in zip(frame["code_insee"], frame["nom"], frame["total"], strict=True)
    }
