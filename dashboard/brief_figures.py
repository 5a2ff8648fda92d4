"""The COPIL brief's figures: every value formatted once, and charts drawn as PNG images.

The COPIL mode, the PDF and the PPTX all take their values from ``headline_figures`` and
``panel_figures``, computed from one ``CopilBrief`` at one reference date, so the room and the
minutes read the same text. Charts are drawn with matplotlib (no browser needed) in the DSFR
colours; long axis names wrap onto several lines rather than being cut.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from dashboard.formatting import fr_date, fr_euros, fr_number, fr_percent
from dashboard.presenters.indicators import target_cards
from dashboard.theme import BLEU_FRANCE, ROUGE_MARIANNE, STATUS_COLOURS
from data_access.brief import CopilBrief
from data_access.read_models import FinancingSummary
from data_access.vocabulary import ACTION_STATUSES, DECISION_FOLLOW_UP

AXIS_NAME_WIDTH = 42
"""Characters per line of an axis name in the PDF chart: wrapped, never cut."""


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


FIGURE_SECTIONS = {
    "synthese": "Chiffres clés",
    "objectifs": "Objectifs nationaux 2027",
    "gouvernance": "Gouvernance",
    "candidatures": "Candidatures",
    "lieux": "Lieux de médiation numérique",
    "fragilite": "Fragilité numérique",
    "feuille-de-route": "Feuille de route",
    "financements": "Financements",
    "vigilance": "Points de vigilance",
}
"""The panels of the COPIL mode whose figures the brief prints, under these headings."""


def national_target_figures(brief: CopilBrief) -> list[Figure]:
    """The département against each national target: value / target, then share, date and proxy note."""
    figures = []
    for card in target_cards(brief.objectifs_nationaux):
        context = [f"{card.part} de l'objectif" if card.part else "", card.source]
        if card.proxy:
            context.append(card.proxy)
        figures.append(Figure(card.titre, card.headline, " ".join(part for part in context if part)))
    return figures


def decision_figures(brief: CopilBrief) -> list[Figure]:
    """What became of the last meeting's decisions: one figure per follow-up status."""
    follow_up = brief.suivi_decisions
    if follow_up is None:
        return []
    return [
        Figure(f"Décisions : {label.lower()}", fr_number(count))
        for (status, count), label in zip(follow_up.counts.items(), DECISION_FOLLOW_UP.values(), strict=True)
        if status != "abandonnee" or count
    ]


def _trainees(money: FinancingSummary) -> str:
    planned, trained = money.aidants_prevus, money.aidants_formes
    if planned is None:
        return "—"
    return f"{fr_number(trained or 0)} / {fr_number(planned)}"


def panel_figures(brief: CopilBrief) -> dict[str, list[Figure]]:
    """The figures of every COPIL panel, by panel key, as the panels, the PDF and the PPTX show them."""
    detail, forms, places = brief.detail, brief.candidatures, brief.lieux
    ifn, roadmap, money = brief.fragilite, brief.feuille_de_route, brief.financements
    mean = roadmap.avancement_moyen
    late_decisions = 0 if brief.suivi_decisions is None else brief.suivi_decisions.counts["en_retard"]
    return {
        "suivi": decision_figures(brief),
        "synthese": headline_figures(brief),
        "objectifs": national_target_figures(brief),
        "gouvernance": [
            Figure("Étape", detail.etape_libelle),
            Figure("Co-porteurs", fr_number(len(detail.coporteurs))),
        ],
        "candidatures": [
            Figure("Formulaires envoyés", fr_number(forms.total)),
            Figure("Pour porter", fr_number(forms.porter)),
            Figure("Pour participer", fr_number(forms.participer)),
            Figure("EPCI inscrits", fr_percent(forms.part_epci)),
        ],
        "lieux": [
            Figure("Lieux recensés", fr_number(places.lieux)),
            Figure("Objectif", fr_number(places.objectif)),
            Figure("Progression", fr_percent(places.progression)),
            Figure("Fiches à jour (< 6 mois)", fr_percent(places.part_a_jour)),
        ],
        "fragilite": [
            Figure("Indice de fragilité moyen", fr_number(ifn.ifn_moyen, 1)),
            Figure("Communes fragiles (IFN ≥ 7)", fr_number(ifn.communes_fragiles)),
            Figure("Communes fragiles sans lieu à 10 km", fr_number(ifn.communes_fragiles_sans_lieu)),
        ],
        "feuille-de-route": [
            Figure("Actions", fr_number(roadmap.actions)),
            Figure("Avancement moyen", fr_percent(None if mean is None else mean / 100)),
            Figure("Actions terminées", fr_percent(roadmap.part_terminees)),
            Figure("Actions en retard", fr_number(roadmap.actions_en_retard)),
        ],
        "financements": [
            Figure("Enveloppes de l'État", fr_euros(money.enveloppes_etat)),
            Figure("Conventionné", fr_euros(money.montant_conventionne)),
            Figure("Versé", fr_euros(money.montant_verse)),
            Figure("Aidants Connect formés", _trainees(money), "formés / prévus"),
            Figure("Budget des actions", fr_euros(money.budget_actions)),
            Figure("Financement engagé", fr_euros(money.financement_engage)),
            Figure("Part financée", fr_percent(money.taux_financement)),
        ],
        "vigilance": [
            Figure("Jalons en retard ou manquants", fr_number(len(brief.jalons_en_retard))),
            Figure("Actions en retard", fr_number(len(brief.actions_en_retard))),
            Figure("Lieux à rafraîchir (> 18 mois)", fr_number(brief.lieux_a_rafraichir)),
            Figure("Décisions en retard", fr_number(late_decisions)),
        ],
    }


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


def wrapped_axis_names(progress: pd.DataFrame) -> list[str]:
    """« Axe 1 – name » of each axis on lines of ``AXIS_NAME_WIDTH`` characters, every word kept."""
    return [
        textwrap.fill(f"Axe {number} – {name}", AXIS_NAME_WIDTH)
        for number, name in zip(progress["numero"], progress["nom"], strict=True)
    ]


def progress_by_axis_png(progress: pd.DataFrame) -> bytes | None:
    """Actions per status and axis, stacked horizontally; ``None`` without axes."""
    if progress.empty:
        return None
    names = wrapped_axis_names(progress)
    lines = sum(name.count("\n") + 1 for name in names)
    figure, axis = plt.subplots(figsize=(7, 0.8 + 0.3 * lines + 0.25 * len(progress)))
    left = pd.Series(0, index=progress.index)
    for status, label in ACTION_STATUSES.items():
        axis.barh(names, progress[status], left=left, color=STATUS_COLOURS[status], label=label)
        left = left + progress[status]
    axis.invert_yaxis()
    axis.set_xlabel("Actions")
    axis.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=8)
    axis.tick_params(axis="y", labelsize=8)
    axis.spines[["top", "right"]].set_visible(False)
    return _png(figure)
