"""The COPIL brief's figures: headline values formatted once, and charts drawn as PNG images.

The COPIL mode and the PDF brief both take their headline values from
``headline_figures``, so the room and the minutes read the same text. Charts
are drawn with matplotlib (no browser needed) in the DSFR colours.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from dashboard.formatting import fr_date, fr_euros, fr_number, fr_percent
from dashboard.presenters.indicators import target_cards
from dashboard.theme import BLEU_FRANCE, ROUGE_MARIANNE, STATUS_COLOURS
from data_access.brief import CopilBrief
from data_access.vocabulary import ACTION_STATUSES


@dataclass(frozen=True)
class Figure:
    """One headline figure: its label, its value as shown, and what it is measured against."""

    label: str
    value: str
    context: str = ""


def headline_figures(brief: CopilBrief) -> list[Figure]:
    """The headline figures of the brief, in the order of the COPIL panels."""
    places, forms, ifn = brief.lieux, brief.candidatures, brief.fragilite
    roadmap, money = brief.feuille_de_route, brief.financements
    target = places.objectif
    mean_progress = roadmap.avancement_moyen
    return [
        Figure("Gouvernance", brief.detail.etape_libelle, brief.detail.porteur_nom or ""),
        Figure("Candidatures", fr_number(forms.total), f"dont {fr_number(forms.porter)} pour porter"),
        Figure("EPCI inscrits", fr_percent(forms.part_epci), f"{fr_number(forms.epci_inscrits)} EPCI"),
        Figure(
            "Lieux de médiation",
            fr_number(places.lieux),
            f"objectif {fr_number(target)} ({fr_percent(places.progression)})" if target else "",
        ),
        Figure("Indice de fragilité moyen", fr_number(ifn.ifn_moyen, 1), "sur 10, pondéré par la population"),
        Figure("Communes fragiles", fr_number(ifn.communes_fragiles), "IFN ≥ 7"),
        Figure("Actions", fr_number(roadmap.actions), f"{fr_number(roadmap.feuilles)} feuille(s) de route"),
        Figure(
            "Avancement moyen",
            fr_percent(None if mean_progress is None else mean_progress / 100),
            f"{fr_number(roadmap.actions_en_retard)} action(s) en retard",
        ),
        Figure("Enveloppes de l'État", fr_euros(money.enveloppes_etat)),
        Figure(
            "Financement engagé",
            fr_euros(money.financement_engage),
            f"{fr_percent(money.taux_financement)} du budget des actions",
        ),
    ]


def national_target_figures(brief: CopilBrief) -> list[Figure]:
    """The département against each national target: value / target, then share, date and proxy note."""
    figures = []
    for card in target_cards(brief.objectifs_nationaux):
        context = [f"{card.part} de l'objectif" if card.part else "", card.source]
        if card.proxy:
            context.append(card.proxy)
        figures.append(Figure(card.titre, card.headline, " ".join(part for part in context if part)))
    return figures


def _png(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def lieux_evolution_png(evolution: pd.DataFrame, target: int | None) -> bytes | None:
    """Lieux counted at each snapshot, with the target as a dashed line; ``None`` without snapshots."""
    if evolution.empty:
        return None
    figure, axis = plt.subplots(figsize=(7, 3))
    dates = pd.to_datetime(evolution["date"])
    axis.plot(dates, evolution["lieux"], marker="o", color=BLEU_FRANCE, label="Lieux recensés")
    if target:
        axis.axhline(target, color=ROUGE_MARIANNE, linestyle="--", label=f"Objectif ({fr_number(target)})")
    for when, count in zip(dates, evolution["lieux"], strict=True):
        axis.annotate(fr_number(count), (when, count), textcoords="offset points", xytext=(0, 6), ha="center")
    axis.set_xticks(dates, [fr_date(day.date()) for day in dates], rotation=30, ha="right", fontsize=8)
    axis.set_ylim(bottom=0)
    axis.legend(loc="lower right", frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def progress_by_axis_png(progress: pd.DataFrame) -> bytes | None:
    """Actions per status and axis, stacked horizontally; ``None`` without axes."""
    if progress.empty:
        return None
    figure, axis = plt.subplots(figsize=(7, 0.5 + 0.55 * len(progress)))
    names = [
        f"Axe {number} – {name}"[:60]
        for number, name in zip(progress["numero"], progress["nom"], strict=True)
    ]
    left = pd.Series(0, index=progress.index)
    for status, label in ACTION_STATUSES.items():
        axis.barh(names, progress[status], left=left, color=STATUS_COLOURS[status], label=label)
        left = left + progress[status]
    axis.invert_yaxis()
    axis.set_xlabel("Actions")
    axis.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False, fontsize=8)
    axis.spines[["top", "right"]].set_visible(False)
    return _png(figure)
