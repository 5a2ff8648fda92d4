"""Colours of the DSFR (French State design system) and colour-blind-safe scales."""

from __future__ import annotations

BLEU_FRANCE = "#000091"
ROUGE_MARIANNE = "#E1000F"
GRIS = "#666666"
GRIS_CLAIR = "#E5E5E5"

SEQUENTIAL_BLUES = ["#F5F5FE", "#CACAFB", "#8585F6", "#3A3AD9", "#000091"]
"""Light to dark: counts and progress."""

FRAGILITY_SCALE = ["#FFF7BC", "#FEC44F", "#FE9929", "#D95F0E", "#993404"]
"""Yellow to brown (ColorBrewer YlOrBr), readable by colour-blind viewers: IFN 0 → 10."""

STAGE_COLOURS = {
    "aucune": "#E5E5E5",
    "pressentie": "#FEE5D9",
    "formalisee": "#9ECAE1",
    "feuille_en_redaction": "#4292C6",
    "feuille_adoptee": "#08519C",
    "mise_en_oeuvre": "#08306B",
}
"""Governance stages from grey to dark blue (ordered, colour-blind safe)."""

STATUS_COLOURS = {
    "a_lancer": "#BDBDBD",
    "en_cours": "#4292C6",
    "terminee": "#000091",
    "abandonnee": "#E1000F",
}

LATENESS_COLOURS = {
    "a_temps": "#1B7837",
    "en_retard": "#E08214",
    "manquant": "#E1000F",
    "a_venir": "#BDBDBD",
}

CATEGORICAL = ["#000091", "#E08214", "#1B7837", "#762A83", "#E1000F", "#666666", "#4292C6"]


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """``#000091`` → ``[0, 0, 145, 255]`` for pydeck layers."""
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
