"""The COPIL brief as a PDF: the annex of the minutes, built from a ``CopilBrief``.

A pure function from the brief to bytes (fpdf2, fonts shipped with matplotlib so that French
text and « € » print everywhere). It opens with what became of the last meeting's decisions,
then the figures of every COPIL panel (``panel_figures``: the values projected in the room), two
charts, the milestones with their national and local dates, the money followed through, overdue
actions, the last meeting, sources and dates.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard.brief_figures import FIGURE_SECTIONS, lieux_evolution_png, panel_figures, progress_by_axis_png
from dashboard.formatting import fr_date, fr_datetime, fr_euros, fr_number
from data_access.brief import CopilBrief
from data_access.importers import KIND_LABELS

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
BLUE = (0, 0, 145)
HEADER_STYLE = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BLUE)
MAX_ACTIONS = 20
CHART_HEIGHT = 95
MEETING_PARTS = (("Participants", "participants"), ("Conclusions", "conclusions"), ("Décisions", "decisions"))


class BriefDocument(FPDF):
    """A4 portrait with the brief's title in the footer of every page."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.brief_title = title
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_author("France Numérique Ensemble – tableau de bord de pilotage")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "I", 8)
        self.set_text_color(100, 100, 100)
        self.cell(0, 8, f"{self.brief_title} – page {self.page_no()}/{{nb}}", align="C")

    def section(self, title: str, keep_with_next: float = 30) -> None:
        """A section title, moved to the next page when what follows it would not fit under it."""
        if self.will_page_break(keep_with_next):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 13)
        self.set_text_color(*BLUE)
        self.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", 10)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...] | None = None) -> None:
        self.set_font(FONT, "", 9)
        with self.table(
            col_widths=widths, headings_style=HEADER_STYLE, line_height=5.5, text_align="LEFT"
        ) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.set_font(FONT, "", 10)

    def picture(self, png: bytes | None, empty_sentence: str) -> None:
        if png is None:
            self.paragraph(empty_sentence)
            return
        self.image(io.BytesIO(png), w=self.epw)


def brief_title(brief: CopilBrief) -> str:
    return f"COPIL France Numérique Ensemble – {brief.nom} ({brief.code})"


def brief_pdf(brief: CopilBrief, *, demo: bool = False) -> bytes:
    """Render the brief; ``demo`` prints a notice that the figures are fictitious."""
    document = BriefDocument(brief_title(brief))
    document.add_page()
    document.set_font(FONT, "B", 17)
    document.set_text_color(*BLUE)
    document.multi_cell(0, 9, brief_title(brief), new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(0, 0, 0)
    document.set_font(FONT, "", 10)
    document.paragraph(date_line(brief))
    if demo:
        document.paragraph("Données de démonstration : les chiffres de ce document sont fictifs.")
    _decisions(document, brief)
    _figures(document, brief)
    _charts(document, brief)
    _calendar(document, brief)
    _money(document, brief)
    _vigilance(document, brief)
    _last_meeting(document, brief)
    _sources(document, brief)
    return bytes(document.output())


def date_line(brief: CopilBrief) -> str:
    """The brief's date: the reference date every figure is computed at, the same as on screen."""
    return f"Annexe au compte rendu – chiffres au {fr_date(brief.today)}, date de référence de la base."


def _decisions(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Suivi des décisions de la dernière réunion")
    follow_up = brief.suivi_decisions
    if follow_up is None:
        document.paragraph("Aucune décision n'est consignée pour ce département.")
        return
    document.paragraph(f"{follow_up.comite} du {fr_date(follow_up.date)} :")
    figures = panel_figures(brief)["suivi"]
    document.grid(["Suivi", "Nombre"], [[figure.label, figure.value] for figure in figures], widths=(90, 30))
    document.ln(2)
    rows = [
        [row.libelle, row.responsable or "—", fr_date(row.echeance), row.suivi_libelle]
        for row in follow_up.decisions.itertuples()
    ]
    document.grid(["Décision", "Responsable", "Échéance", "Où en est-on ?"], rows, widths=(80, 45, 30, 25))


def _figures(document: BriefDocument, brief: CopilBrief) -> None:
    figures = panel_figures(brief)
    for key, heading in FIGURE_SECTIONS.items():
        document.section(heading)
        rows = [[figure.label, figure.value, figure.context] for figure in figures[key]]
        document.grid(["Indicateur", "Valeur", "Repère"], rows, widths=(65, 45, 70))


def _calendar(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Calendrier : jalons nationaux et dates locales")
    if brief.jalons.empty:
        document.paragraph("Aucun jalon n'est suivi pour ce département.")
        return
    rows = [
        [row.libelle, fr_date(row.echeance_nationale), fr_date(row.echeance_locale), row.statut_libelle,
         fr_date(row.date_atteinte)]
        for row in brief.jalons.itertuples()
    ]  # fmt: skip
    document.grid(
        ["Jalon", "Échéance nationale", "Échéance locale", "Statut", "Atteint le"],
        rows,
        widths=(60, 32, 32, 24, 32),
    )
    moved = brief.jalons.dropna(subset=["source_locale"])
    for row in moved.itertuples():
        document.paragraph(f"{row.libelle} : {row.motif_local} (source : {row.source_locale}).")


def _money(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Enveloppes de l'État : conventions, engagements, versements")
    if brief.enveloppes.empty:
        document.paragraph("Aucune enveloppe de l'État n'est enregistrée pour ce département.")
        return
    rows = [
        [row.type_libelle, fr_euros(row.montant), fr_euros(row.conventionne), fr_euros(row.engage),
         fr_euros(row.verse)]
        for row in brief.enveloppes.itertuples()
    ]  # fmt: skip
    document.grid(
        ["Enveloppe", "Montant", "Conventionné", "Engagé", "Versé"], rows, widths=(60, 30, 30, 30, 30)
    )
    if not brief.conventions.empty:
        document.ln(2)
        rows = [
            [row.structure, fr_euros(row.montant), fr_date(row.date_signature), row.statut_libelle,
             fr_euros(row.montant_verse)]
            for row in brief.conventions.itertuples()
        ]  # fmt: skip
        document.grid(
            ["Structure conventionnée", "Montant", "Signée le", "Statut", "Versé"],
            rows,
            widths=(66, 28, 34, 24, 28),
        )
    if not brief.cofinanceurs.empty:
        document.ln(2)
        rows = [
            [row.financeur, fr_euros(row.montant), fr_number(row.actions)]
            for row in brief.cofinanceurs.itertuples()
        ]
        document.grid(["Co-financeur", "Montant", "Actions"], rows, widths=(100, 50, 30))


def _charts(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Lieux de médiation numérique : évolution", keep_with_next=CHART_HEIGHT)
    evolution = lieux_evolution_png(brief.lieux_evolution, brief.lieux.objectif)
    document.picture(evolution, "Aucun relevé du nombre de lieux n'est enregistré.")
    document.section("Feuille de route : actions par axe et par statut", keep_with_next=CHART_HEIGHT)
    progress = progress_by_axis_png(brief.progression_par_axe)
    document.picture(progress, "Aucune feuille de route n'est enregistrée pour ce département.")


def _vigilance(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Jalons en retard et actions en retard")
    late = brief.jalons_en_retard
    if late.empty:
        document.paragraph("Tous les jalons échus ont été tenus, à leur date locale le cas échéant.")
    else:
        rows = [
            [row.libelle, fr_date(row.echeance), row.statut_libelle, fr_date(row.date_atteinte)]
            for row in late.itertuples()
        ]
        document.grid(["Jalon", "Échéance retenue", "Statut", "Atteint le"], rows, widths=(70, 35, 35, 40))
    document.ln(2)
    document.paragraph(
        f"Lieux dont la fiche date de plus de 18 mois : {fr_number(brief.lieux_a_rafraichir)}."
    )
    overdue = brief.actions_en_retard
    if overdue.empty:
        document.paragraph("Aucune action n'est en retard.")
        return
    document.paragraph(f"Actions en retard : {fr_number(len(overdue))}.")
    rows = [
        [f"{row.axe_numero}", row.action, row.porteur or "—", fr_date(row.date_fin), f"{row.avancement} %"]
        for row in overdue.head(MAX_ACTIONS).itertuples()
    ]
    document.grid(["Axe", "Action", "Porteur", "Échéance", "Avanc."], rows, widths=(10, 86, 42, 28, 14))
    if len(overdue) > MAX_ACTIONS:
        document.paragraph(f"… et {fr_number(len(overdue) - MAX_ACTIONS)} autre(s), voir le tableau de bord.")


def _last_meeting(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Dernière réunion de comité")
    meeting = brief.derniere_reunion
    if meeting is None:
        document.paragraph("Aucune réunion de comité n'est enregistrée.")
        return
    document.paragraph(f"{meeting['comite']}, le {fr_date(meeting['date'])}.")
    for label, key in (
        ("Participants", "participants"),
        ("Conclusions", "conclusions"),
        ("Décisions", "decisions"),
    ):
        if meeting.get(key):
            document.set_font(FONT, "B", 10)
            document.paragraph(label)
            document.set_font(FONT, "", 10)
            document.paragraph(str(meeting[key]))
    if meeting.get("prochaine_date") is not None and not pd.isna(meeting["prochaine_date"]):
        document.paragraph(f"Prochaine réunion : {fr_date(meeting['prochaine_date'])}.")


def _sources(document: BriefDocument, brief: CopilBrief) -> None:
    document.section("Sources et dates des données")
    if brief.sources.empty:
        document.paragraph("Aucune importation n'est enregistrée.")
        return
    rows = [
        [KIND_LABELS.get(row.kind, row.kind), str(row.fichier), fr_datetime(row.derniere_importation)]
        for row in brief.sources.itertuples()
    ]
    document.grid(["Source", "Fichier", "Dernière importation"], rows, widths=(85, 50, 45))
