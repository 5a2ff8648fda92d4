"""The COPIL brief as a PowerPoint deck, for préfectures that project from their own laptop.

Same figures and charts as the PDF and the COPIL panels (``brief_figures``), one idea per slide:
what became of the last meeting's decisions, headline figures, the figures of each panel, lieux
evolution, actions per axis, points of vigilance.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from dashboard.brief_figures import (
    FIGURE_SECTIONS,
    Figure,
    headline_figures,
    lieux_evolution_png,
    panel_figures,
    progress_by_axis_png,
)
from dashboard.brief_pdf import brief_title
from dashboard.formatting import fr_date, fr_number
from data_access.brief import CopilBrief

BLUE = RGBColor(0x00, 0x00, 0x91)
WIDE = (Inches(13.333), Inches(7.5))
MAX_ROWS = 8


def brief_pptx(brief: CopilBrief, *, demo: bool = False) -> bytes:
    """Render the brief as a 16:9 deck; ``demo`` says on the title slide that figures are fictitious."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = brief_title(brief)
    subtitle = f"Chiffres au {fr_date(brief.today)}, date de référence de la base"
    title.placeholders[1].text = subtitle + (" – données de démonstration, fictives" if demo else "")
    _decisions_slide(deck, brief)
    _figures_slide(deck, brief)
    figures = panel_figures(brief)
    for key, heading in FIGURE_SECTIONS.items():
        if key != "synthese":
            _table_slide(deck, heading, figures[key])
    _picture_slide(
        deck,
        "Lieux de médiation numérique",
        lieux_evolution_png(brief.lieux_evolution, brief.lieux.objectif),
    )
    _picture_slide(deck, "Actions par axe et par statut", progress_by_axis_png(brief.progression_par_axe))
    _vigilance_slide(deck, brief)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _slide(deck: Presentation, heading: str) -> object:
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = heading
    slide.shapes.title.text_frame.paragraphs[0].font.color.rgb = BLUE
    return slide


def _figures_slide(deck: Presentation, brief: CopilBrief) -> None:
    _table_slide(deck, "Chiffres clés", headline_figures(brief))


def _decisions_slide(deck: Presentation, brief: CopilBrief) -> None:
    slide = _slide(deck, "Suivi des décisions de la dernière réunion")
    follow_up = brief.suivi_decisions
    frame = slide.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.8)).text_frame
    frame.word_wrap = True
    if follow_up is None:
        frame.text = "Aucune décision n'est consignée pour ce département."
        return
    counts = " · ".join(f"{figure.label} : {figure.value}" for figure in panel_figures(brief)["suivi"])
    frame.text = f"{follow_up.comite} du {fr_date(follow_up.date)} – {counts}"
    for row in follow_up.decisions.head(MAX_ROWS).itertuples():
        paragraph = frame.add_paragraph()
        paragraph.text = (
            f"• {row.libelle} ({row.responsable or '—'}, {fr_date(row.echeance)}) : {row.suivi_libelle}"
        )
        paragraph.font.size = Pt(16)


def _table_slide(deck: Presentation, heading: str, figures: list[Figure]) -> None:
    slide = _slide(deck, heading)
    height = Inches(min(5.5, 0.55 * len(figures)))
    table = slide.shapes.add_table(len(figures), 3, Inches(0.6), Inches(1.5), Inches(12.1), height).table
    for row, figure in enumerate(figures):
        for column, text in enumerate((figure.label, figure.value, figure.context)):
            cell = table.cell(row, column)
            cell.text = text
            cell.text_frame.paragraphs[0].font.size = Pt(20 if column == 1 else 16)


def _picture_slide(deck: Presentation, heading: str, png: bytes | None) -> None:
    slide = _slide(deck, heading)
    if png is None:
        box = slide.shapes.add_textbox(Inches(0.6), Inches(2), Inches(12), Inches(1)).text_frame
        box.text = "Aucune donnée enregistrée."
        return
    slide.shapes.add_picture(io.BytesIO(png), Inches(0.8), Inches(1.4), height=Inches(5.8))


def _vigilance_slide(deck: Presentation, brief: CopilBrief) -> None:
    slide = _slide(deck, "Points de vigilance")
    frame = slide.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.8)).text_frame
    frame.word_wrap = True
    lines = [
        f"Jalons nationaux en retard ou manquants : {fr_number(len(brief.jalons_en_retard))}",
        *(f"• {row.libelle} ({row.statut_libelle.lower()})" for row in brief.jalons_en_retard.itertuples()),
        f"Actions en retard : {fr_number(len(brief.actions_en_retard))}",
        *(
            f"• {row.action} – échéance {fr_date(row.date_fin)}"
            for row in brief.actions_en_retard.head(MAX_ROWS).itertuples()
        ),
        f"Lieux dont la fiche date de plus de 18 mois : {fr_number(brief.lieux_a_rafraichir)}",
    ]
    meeting = brief.derniere_reunion
    if meeting is not None and meeting.get("decisions"):
        lines.append(
            f"Décisions de la dernière réunion ({fr_date(meeting['date'])}) : {meeting['decisions']}"
        )
    frame.text = lines[0]
    for line in lines[1:]:
        paragraph = frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(16)
