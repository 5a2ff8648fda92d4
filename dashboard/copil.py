"""COPIL mode: one département as a sequence of full-width panels for a projector.

Each panel reads the shared ``CopilBrief`` and shows the figures of ``panel_figures`` (the very
values of the PDF and PPTX briefs), plus the chart data it draws. The first panel is what became
of the last meeting's decisions. Text is sized on the viewport so that it reads from the back of
a room at 1920×1080 as at 1280×720, and never breaks inside a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.brief_figures import Figure, panel_figures
from dashboard.charts import candidatures as candidature_charts
from dashboard.charts import fragility as fragility_charts
from dashboard.charts import lieux as lieux_charts
from dashboard.charts import roadmaps as roadmap_charts
from dashboard.formatting import fr_date, plain
from dashboard.layout import PLOTLY_CONFIG, empty_state
from dashboard.presenters import calendars, roadmaps
from dashboard.presenters.common import literal_cells
from dashboard.presenters.indicators import target_cards
from dashboard.resources import read
from dashboard.shared_frames import displayed
from data_access import candidatures, fragility, lieux
from data_access.brief import CopilBrief

PROJECTOR_CSS = """
<style>
[data-testid="stMainBlockContainer"], .block-container {
  max-width: 100% !important; padding-left: 2.5vw !important; padding-right: 2.5vw !important;
  padding-top: 2.5rem !important;
}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p {
  font-size: clamp(1.5rem, 2.3vw, 3.2rem) !important; line-height: 1.15;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  word-break: keep-all !important; overflow-wrap: normal !important; hyphens: manual !important;
}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p {
  font-size: clamp(1rem, 1.25vw, 1.45rem) !important; white-space: normal !important;
  overflow: visible !important; word-break: keep-all !important; overflow-wrap: normal !important;
}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: clamp(0.95rem, 1vw, 1.15rem) !important; word-break: keep-all !important;
}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
  font-size: clamp(1.05rem, 1.2vw, 1.35rem); word-break: keep-all; overflow-wrap: normal;
}
h1 { font-size: clamp(1.9rem, 2.5vw, 3rem) !important; }
h2 { font-size: clamp(1.5rem, 1.9vw, 2.3rem) !important; }
[data-testid="stTable"] th, [data-testid="stTable"] td,
[data-testid="stTable"] [data-testid="stMarkdownContainer"] p {
  font-size: clamp(1rem, 1.15vw, 1.4rem) !important; word-break: keep-all; overflow-wrap: normal;
}
</style>
"""
METRICS_PER_ROW = 4
AXIS_LABEL_WIDTH = 34
"""Characters per line of an axis name on the projected chart: wrapped whole, never cut."""

BIG_CHART_FONT = 20


@dataclass(frozen=True)
class Panel:
    """A COPIL panel: its URL key, its title, and the function that draws it."""

    key: str
    title: str
    draw: Callable[[CopilBrief], None]


def _big(figure: object) -> None:
    """A chart at projector size."""
    figure.update_layout(font={"size": BIG_CHART_FONT}, height=560, legend={"font": {"size": BIG_CHART_FONT}})
    figure.update_xaxes(tickfont={"size": BIG_CHART_FONT}, title_font={"size": BIG_CHART_FONT})
    figure.update_yaxes(tickfont={"size": BIG_CHART_FONT}, title_font={"size": BIG_CHART_FONT})
    figure.update_annotations(font={"size": BIG_CHART_FONT})
    st.plotly_chart(figure, config=PLOTLY_CONFIG, width="stretch")


def _figures(figures: list[Figure], per_row: int = METRICS_PER_ROW) -> None:
    """The panel's figures as metrics, at most ``per_row`` side by side so that values stay whole."""
    for start in range(0, len(figures), per_row):
        for column, figure in zip(st.columns(per_row), figures[start : start + per_row], strict=False):
            column.metric(figure.label, figure.value, help=figure.context or None)
            if figure.context:
                column.caption(figure.context)


def _panel_figures(brief: CopilBrief, key: str) -> list[Figure]:
    return panel_figures(brief)[key]


def draw_suivi(brief: CopilBrief) -> None:
    follow_up = brief.suivi_decisions
    if follow_up is None:
        empty_state(
            "Aucune décision n'est consignée pour ce département : le journal des comités les recueille."
        )
        return
    st.markdown(
        f"**Décisions du {plain(follow_up.comite)} du {fr_date(follow_up.date)}**, au {fr_date(brief.today)}"
    )
    _figures(_panel_figures(brief, "suivi"))
    decisions = follow_up.decisions.assign(echeance_affichee=follow_up.decisions["echeance"].map(fr_date))
    projector_table(
        decisions,
        {
            "libelle": "Décision",
            "responsable": "Responsable",
            "echeance_affichee": "Échéance",
            "suivi_libelle": "Où en est-on ?",
        },
    )


YEAR_HEADERS = ("Année",)
"""Headers of the COPIL tables whose numbers are years: « 2024 », not « 2 024 »."""


def projector_table(frame: pd.DataFrame, labels: dict[str, str]) -> None:
    """A short table read from the back of the room: HTML at projector size, every row shown.

    The exports for the minutes are the PDF and PPTX briefs; the pages keep the CSV and Excel.
    """
    st.table(literal_cells(displayed(frame, labels), YEAR_HEADERS), hide_index=True)


def draw_synthese(brief: CopilBrief) -> None:
    _figures(_panel_figures(brief, "synthese"), per_row=5)


def draw_objectifs(brief: CopilBrief) -> None:
    """The département against the national targets; under them, each proxy note and projection."""
    _figures(_panel_figures(brief, "objectifs"), per_row=5)
    for card in target_cards(brief.objectifs_nationaux):
        notes = [note for note in (card.proxy, card.projection) if note]
        if notes and card.objectif is not None:
            st.markdown(f"**{card.titre}** – " + " ".join(notes))


def draw_gouvernance(brief: CopilBrief) -> None:
    detail = brief.detail
    _figures(_panel_figures(brief, "gouvernance"))
    porteur = plain(detail.porteur_nom) if detail.porteur_nom else "non désigné"
    sous_prefet = plain(detail.sous_prefet_nom) if detail.sous_prefet_nom else "non désigné"
    lines = [f"**Porteur** : {porteur}", f"**Sous-préfet référent** : {sous_prefet}"]
    if not detail.coporteurs.empty:
        lines.append("**Co-porteurs** : " + ", ".join(plain(name) for name in detail.coporteurs["nom"]))
    st.markdown("\n\n".join(lines))
    if not detail.comites.empty:
        comites = detail.comites.assign(derniere=detail.comites["derniere_reunion"].map(fr_date))
        projector_table(
            comites,
            {
                "nom": "Comité",
                "frequence_libelle": "Fréquence",
                "nb_reunions": "Réunions",
                "derniere": "Dernière",
            },
        )
    if not brief.jalons.empty:
        projector_table(calendars.milestone_table(brief.jalons), calendars.MILESTONE_LABELS)


def draw_candidatures(brief: CopilBrief) -> None:
    _figures(_panel_figures(brief, "candidatures"))
    submissions = read(candidatures.cumulative_submissions, brief.territory)
    if submissions.empty:
        empty_state("Aucun formulaire n'a encore été envoyé dans ce département.")
        return
    _big(candidature_charts.cumulative_chart(submissions))


def draw_lieux(brief: CopilBrief) -> None:
    places = brief.lieux
    _figures(_panel_figures(brief, "lieux"))
    if brief.lieux_evolution.empty:
        empty_state("Aucun relevé du nombre de lieux n'est enregistré pour ce département.")
        return
    _big(lieux_charts.evolution_line(brief.lieux_evolution, places.objectif))


def draw_fragilite(brief: CopilBrief) -> None:
    _figures(_panel_figures(brief, "fragilite"))
    territory = brief.territory
    communes = read(fragility.ifn_per_commune, territory)
    if communes.empty:
        empty_state("L'indice de fragilité numérique n'est pas chargé pour ce département.")
        return
    deck, legend = fragility_charts.communes_map(
        communes,
        read(lieux.places_on_map, territory),
        read(fragility.fragile_communes_without_place, territory),
    )
    st.pydeck_chart(deck, height=640)
    st.html(legend)


def draw_feuille_de_route(brief: CopilBrief) -> None:
    _figures(_panel_figures(brief, "feuille-de-route"))
    progress = brief.progression_par_axe
    if progress.empty:
        empty_state("Aucune feuille de route n'est enregistrée pour ce département.")
        return
    labelled = roadmaps.labelled_axes(progress)
    _big(roadmap_charts.progress_chart(labelled, wrap=AXIS_LABEL_WIDTH))


def draw_financements(brief: CopilBrief) -> None:
    _figures(_panel_figures(brief, "financements"))
    if brief.enveloppes.empty:
        empty_state("Aucune enveloppe de l'État n'est enregistrée pour ce département.")
        return
    projector_table(roadmaps.envelope_rows(brief.enveloppes), ENVELOPE_LABELS)
    if not brief.cofinanceurs.empty:
        projector_table(roadmaps.cofinancer_rows(brief.cofinanceurs), roadmaps.COFINANCER_LABELS)


ENVELOPE_LABELS = {
    column: label for column, label in roadmaps.ENVELOPE_LABELS.items() if column != "departement_libelle"
}
"""The roadmap page's envelope columns but the département: the COPIL shows one."""


def draw_vigilance(brief: CopilBrief) -> None:
    _figures(_panel_figures(brief, "vigilance"))
    if not brief.jalons_en_retard.empty:
        projector_table(calendars.milestone_table(brief.jalons_en_retard), calendars.MILESTONE_LABELS)
    if not brief.actions_en_retard.empty:
        overdue = brief.actions_en_retard.assign(echeance=brief.actions_en_retard["date_fin"].map(fr_date))
        projector_table(
            overdue,
            {
                "axe_numero": "Axe",
                "action": "Action",
                "porteur": "Porteur",
                "echeance": "Échéance",
                "jours_de_retard": "Jours de retard",
                "avancement": "Avancement (%)",
            },
        )
    meeting = brief.derniere_reunion
    if meeting is not None and meeting.get("decisions"):
        decisions = plain(meeting["decisions"])
        st.markdown(f"**Décisions de la dernière réunion ({fr_date(meeting['date'])})** : {decisions}")


PANELS: list[Panel] = [
    Panel("suivi", "Suivi des décisions", draw_suivi),
    Panel("synthese", "Synthèse", draw_synthese),
    Panel("objectifs", "Objectifs nationaux 2027", draw_objectifs),
    Panel("gouvernance", "Gouvernance", draw_gouvernance),
    Panel("candidatures", "Candidatures", draw_candidatures),
    Panel("lieux", "Lieux de médiation numérique", draw_lieux),
    Panel("fragilite", "Fragilité numérique", draw_fragilite),
    Panel("feuille-de-route", "Feuille de route", draw_feuille_de_route),
    Panel("financements", "Financements", draw_financements),
    Panel("vigilance", "Points de vigilance", draw_vigilance),
]
PANEL_KEYS = [panel.key for panel in PANELS]


def panel_index(key: str | None) -> int:
    """Position of the panel named in the URL; the first panel for an unknown or missing key."""
    return PANEL_KEYS.index(key) if key in PANEL_KEYS else 0
