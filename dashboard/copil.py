"""COPIL mode: one département as a sequence of full-width panels for a projector.

Each panel reads the shared ``CopilBrief`` (the same figures as the PDF brief),
plus the chart data it draws; text and figures are sized to be read from the
back of a room on a 1920×1080 screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboard.brief_figures import headline_figures
from dashboard.charts import candidatures as candidature_charts
from dashboard.charts import fragility as fragility_charts
from dashboard.charts import lieux as lieux_charts
from dashboard.charts import roadmaps as roadmap_charts
from dashboard.formatting import fr_date, fr_euros, fr_number, fr_percent, plain
from dashboard.layout import PLOTLY_CONFIG, empty_state, show_table
from dashboard.presenters.indicators import target_cards
from dashboard.resources import read
from data_access import candidatures, fragility, lieux
from data_access.brief import CopilBrief
from data_access.scope import Territory

PROJECTOR_CSS = """
<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {
  font-size: 3.4rem !important; line-height: 1.15;
  white-space: normal !important; overflow: visible !important;
}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.15rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.45rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
h1 { font-size: 3rem !important; }
h2 { font-size: 2.3rem !important; }
[data-testid="stDataFrame"] { font-size: 1.2rem; }
</style>
"""

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


def _metrics(pairs: list[tuple[str, str]]) -> None:
    for column, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
        column.metric(label, value)


def _territory(brief: CopilBrief) -> Territory:
    return Territory.departement(brief.code)


def draw_synthese(brief: CopilBrief) -> None:
    figures = headline_figures(brief)
    for start in range(0, len(figures), 5):
        row = figures[start : start + 5]
        for column, figure in zip(st.columns(5), row, strict=False):
            column.metric(figure.label, figure.value, help=figure.context or None)
            if figure.context:
                column.caption(figure.context)


def draw_objectifs(brief: CopilBrief) -> None:
    """The département against the national targets: value / target, share, date; projection and proxy."""
    cards = target_cards(brief.objectifs_nationaux)
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(card.titre, card.valeur)
        if card.target_line is not None:
            column.markdown(card.target_line)
        if card.tendance is not None:
            column.caption(card.tendance)
        column.caption(card.source)
    for card in cards:
        notes = [note for note in (card.proxy, card.projection) if note]
        if notes and card.objectif is not None:
            st.markdown(f"**{card.titre}** – " + " ".join(notes))


def draw_gouvernance(brief: CopilBrief) -> None:
    detail = brief.detail
    _metrics([("Étape", detail.etape_libelle), ("Co-porteurs", fr_number(len(detail.coporteurs)))])
    porteur = plain(detail.porteur_nom) if detail.porteur_nom else "non désigné"
    sous_prefet = plain(detail.sous_prefet_nom) if detail.sous_prefet_nom else "non désigné"
    lines = [f"**Porteur** : {porteur}", f"**Sous-préfet référent** : {sous_prefet}"]
    if not detail.coporteurs.empty:
        lines.append("**Co-porteurs** : " + ", ".join(plain(name) for name in detail.coporteurs["nom"]))
    st.markdown("\n\n".join(lines))
    if not detail.comites.empty:
        comites = detail.comites.assign(derniere=detail.comites["derniere_reunion"].map(fr_date))
        show_table(
            comites,
            {
                "nom": "Comité",
                "frequence_libelle": "Fréquence",
                "nb_reunions": "Réunions",
                "derniere": "Dernière",
            },
            key="copil_comites",
        )


def draw_candidatures(brief: CopilBrief) -> None:
    forms = brief.candidatures
    _metrics(
        [
            ("Formulaires envoyés", fr_number(forms.total)),
            ("Pour porter", fr_number(forms.porter)),
            ("Pour participer", fr_number(forms.participer)),
            ("EPCI inscrits", fr_percent(forms.part_epci)),
        ]
    )
    submissions = read(candidatures.cumulative_submissions, _territory(brief))
    if submissions.empty:
        empty_state("Aucun formulaire n'a encore été envoyé dans ce département.")
        return
    _big(candidature_charts.cumulative_chart(submissions))


def draw_lieux(brief: CopilBrief) -> None:
    places = brief.lieux
    _metrics(
        [
            ("Lieux recensés", fr_number(places.lieux)),
            ("Objectif", fr_number(places.objectif)),
            ("Progression", fr_percent(places.progression)),
            ("Fiches à jour (< 6 mois)", fr_percent(places.part_a_jour)),
        ]
    )
    if brief.lieux_evolution.empty:
        empty_state("Aucun relevé du nombre de lieux n'est enregistré pour ce département.")
        return
    _big(lieux_charts.evolution_line(brief.lieux_evolution, places.objectif))


def draw_fragilite(brief: CopilBrief) -> None:
    ifn = brief.fragilite
    _metrics(
        [
            ("Indice de fragilité moyen", fr_number(ifn.ifn_moyen, 1)),
            ("Communes fragiles (IFN ≥ 7)", fr_number(ifn.communes_fragiles)),
            ("… sans lieu à moins de 10 km", fr_number(ifn.communes_fragiles_sans_lieu)),
        ]
    )
    territory = _territory(brief)
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
    roadmap = brief.feuille_de_route
    mean = roadmap.avancement_moyen
    _metrics(
        [
            ("Actions", fr_number(roadmap.actions)),
            ("Avancement moyen", fr_percent(None if mean is None else mean / 100)),
            ("Actions terminées", fr_percent(roadmap.part_terminees)),
            ("Actions en retard", fr_number(roadmap.actions_en_retard)),
        ]
    )
    progress = brief.progression_par_axe
    if progress.empty:
        empty_state("Aucune feuille de route n'est enregistrée pour ce département.")
        return
    _big(roadmap_charts.progress_chart(progress.assign(libelle=roadmap_charts.axis_labels(progress))))


def draw_financements(brief: CopilBrief) -> None:
    money = brief.financements
    _metrics(
        [
            ("Enveloppes de l'État", fr_euros(money.enveloppes_etat)),
            ("Budget des actions", fr_euros(money.budget_actions)),
            ("Financement engagé", fr_euros(money.financement_engage)),
            ("Part financée", fr_percent(money.taux_financement)),
        ]
    )
    if brief.enveloppes.empty:
        empty_state("Aucune enveloppe de l'État n'est enregistrée pour ce département.")
        return
    envelopes = brief.enveloppes.assign(montant_affiche=brief.enveloppes["montant"].map(fr_euros))
    show_table(
        envelopes,
        {"type_libelle": "Enveloppe", "libelle": "Objet", "annee": "Année", "montant_affiche": "Montant"},
        key="copil_enveloppes",
    )


def draw_vigilance(brief: CopilBrief) -> None:
    _metrics(
        [
            ("Jalons en retard ou manquants", fr_number(len(brief.jalons_en_retard))),
            ("Actions en retard", fr_number(len(brief.actions_en_retard))),
            ("Lieux à rafraîchir (> 18 mois)", fr_number(brief.lieux_a_rafraichir)),
        ]
    )
    if not brief.jalons_en_retard.empty:
        late = brief.jalons_en_retard.assign(
            echeance_affichee=brief.jalons_en_retard["echeance"].map(fr_date),
            atteint=brief.jalons_en_retard["date_atteinte"].map(fr_date),
        )
        show_table(
            late,
            {
                "libelle": "Jalon",
                "echeance_affichee": "Échéance",
                "statut_libelle": "Statut",
                "atteint": "Atteint le",
            },
            key="copil_jalons",
        )
    if not brief.actions_en_retard.empty:
        overdue = brief.actions_en_retard.assign(echeance=brief.actions_en_retard["date_fin"].map(fr_date))
        show_table(
            overdue,
            {
                "axe_numero": "Axe",
                "action": "Action",
                "porteur": "Porteur",
                "echeance": "Échéance",
                "jours_de_retard": "Jours de retard",
                "avancement": "Avancement (%)",
            },
            key="copil_actions_en_retard",
        )
    meeting = brief.derniere_reunion
    if meeting is not None and meeting.get("decisions"):
        decisions = plain(meeting["decisions"])
        st.markdown(f"**Décisions de la dernière réunion ({fr_date(meeting['date'])})** : {decisions}")


PANELS: list[Panel] = [
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
