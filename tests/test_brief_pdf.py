"""The COPIL brief as PDF: it opens, names the département and carries the page's key figures."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import Engine

from dashboard.brief_figures import headline_figures, wrapped_axis_names
from dashboard.brief_pdf import brief_pdf
from dashboard.brief_pptx import brief_pptx
from dashboard.charts.roadmaps import axis_labels, progress_chart
from dashboard.copil import AXIS_LABEL_WIDTH
from data_access.brief import copil_brief
from data_access.db import make_engine
from data_access.models import Departement, Region
from data_access.scope import Territory
from tests.builders import add


@pytest.fixture(scope="module")
def demo_engine(app_store_url: str) -> Engine:
    return make_engine(app_store_url)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def test_brief_names_the_departement_and_carries_every_headline_figure(demo_engine: Engine) -> None:
    brief = copil_brief(demo_engine, Territory.departement("28"), date(2025, 11, 1))
    text = pdf_text(brief_pdf(brief, demo=True))
    assert "COPIL France Numérique Ensemble – Eure-et-Loir (28)" in text
    assert "chiffres au 1er novembre 2025, date de référence de la base" in text
    assert "Données de démonstration" in text
    for figure in headline_figures(brief):
        assert figure.label in text
        assert figure.value.replace("\xa0", " ") in text, figure
    assert "\u202f" in text  # the French digit grouping survives into the PDF


def test_brief_lists_late_milestones_overdue_actions_and_last_decisions(demo_engine: Engine) -> None:
    brief = copil_brief(demo_engine, Territory.departement("28"), date(2025, 11, 1))
    text = pdf_text(brief_pdf(brief))
    assert "Points de vigilance" in text
    assert f"Actions en retard : {len(brief.actions_en_retard)}" in text
    meeting = brief.derniere_reunion
    assert meeting is not None
    assert str(meeting["decisions"])[:40] in text.replace("\n", " ")
    assert "Sources et dates des données" in text


def test_brief_of_a_departement_without_data_still_renders(engine: Engine) -> None:
    add(engine, Region, {"code": "24", "nom": "Centre-Val de Loire"})
    add(engine, Departement, {"code": "28", "nom": "Eure-et-Loir", "code_region": "24", "population": 1000})
    text = pdf_text(brief_pdf(copil_brief(engine, Territory.departement("28"), date(2025, 11, 1))))
    assert "Aucune gouvernance" in text
    assert "Aucune réunion de comité n'est enregistrée." in text
    assert "Aucune feuille de route n'est enregistrée pour ce département." in text


def test_unknown_departement_has_no_brief(engine: Engine) -> None:
    assert copil_brief(engine, Territory.departement("99")) is None


def test_brief_deck_has_the_headline_figures_and_the_vigilance_slide(demo_engine: Engine) -> None:
    brief = copil_brief(demo_engine, Territory.departement("28"), date(2025, 11, 1))
    deck = Presentation(io.BytesIO(brief_pptx(brief, demo=True)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        "COPIL France Numérique Ensemble – Eure-et-Loir (28)",
        "Suivi des décisions de la dernière réunion",
        "Chiffres clés",
        "Objectifs nationaux 2027",
        "Gouvernance",
        "Candidatures",
        "Lieux de médiation numérique",
        "Fragilité numérique",
        "Feuille de route",
        "Financements",
        "Points de vigilance",
        "Lieux de médiation numérique",
        "Actions par axe et par statut",
        "Points de vigilance",
    ]
    table = next(shape.table for shape in deck.slides[2].shapes if shape.has_table)
    shown = {table.cell(row, 0).text: table.cell(row, 1).text for row in range(len(table.rows))}
    assert shown == {figure.label: figure.value for figure in headline_figures(brief)}


def test_brief_carries_the_departement_against_the_national_targets(demo_engine: Engine) -> None:
    from dashboard.brief_figures import national_target_figures

    brief = copil_brief(demo_engine, Territory.departement("28"), date(2025, 11, 1))
    figures = national_target_figures(brief)
    assert [figure.label for figure in figures][:4] == [
        "Personnes accompagnées",
        "Équipements reconditionnés",
        "Aidants numériques formés",
        "Lieux de médiation numérique",
    ]
    text = pdf_text(brief_pdf(brief)).replace("\n", " ")
    assert "Objectifs nationaux 2027" in text
    for figure in figures:
        assert figure.value.replace("\xa0", " ").replace("\u202f", " ") in text.replace("\u202f", " "), figure
    deck = Presentation(io.BytesIO(brief_pptx(brief)))
    slide_texts = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        + " ".join(
            cell.text
            for shape in slide.shapes
            if shape.has_table
            for row in shape.table.rows
            for cell in row.cells
        )
        for slide in deck.slides
    ]
    targets = next(text for text in slide_texts if "Objectifs nationaux 2027" in text)
    assert figures[2].value in targets  # Eure-et-Loir's 62 aidants against its share of 20 000


def test_axis_names_are_wrapped_whole_in_the_pdf_and_on_the_projector(demo_engine: Engine) -> None:
    brief = copil_brief(demo_engine, Territory.departement("28"), date(2025, 11, 1))
    progress = brief.progression_par_axe
    full = [
        f"Axe {number} – {name}" for number, name in zip(progress["numero"], progress["nom"], strict=True)
    ]
    assert [" ".join(name.split("\n")) for name in wrapped_axis_names(progress)] == full
    assert any("\n" in name for name in wrapped_axis_names(progress))
    figure = progress_chart(progress.assign(libelle=axis_labels(progress)), wrap=AXIS_LABEL_WIDTH)
    shown = [html.unescape(label).replace("<br>", " ") for label in figure.data[0].y]
    assert shown == full
    assert not any("…" in label for label in figure.data[0].y)
