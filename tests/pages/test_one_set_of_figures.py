"""One set of figures: the COPIL panels, the PDF and the PPTX of a département show the same
values, computed at the store's reference date, and the brief opens with the last decisions."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pptx import Presentation
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.brief_figures import panel_figures
from dashboard.brief_pdf import brief_pdf
from dashboard.brief_pptx import brief_pptx
from dashboard.formatting import fr_date
from data_access.brief import copil_brief
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import all_text, metric_values
from tests.test_brief_pdf import pdf_text

DEPARTEMENT = "28"


def spaced(text: str) -> str:
    """Every run of spaces (no-break and narrow ones included) as one plain space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def documents(app_store_url: str) -> tuple[object, str, dict[str, str]]:
    """The brief at the store's default date, its PDF text and every label → value of its PPTX tables."""
    from data_access.db import make_engine

    engine = make_engine(app_store_url)
    brief = copil_brief(engine, Territory.departement(DEPARTEMENT))
    text = spaced(pdf_text(brief_pdf(brief, demo=True)))
    deck = Presentation(io.BytesIO(brief_pptx(brief, demo=True)))
    cells: dict[str, str] = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                for row in shape.table.rows:
                    cells[row.cells[0].text] = row.cells[1].text
    slides_text = " ".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    )
    engine.dispose()
    return brief, text, cells | {"__texte__": slides_text}


def test_the_brief_is_computed_at_the_reference_date(app_engine: Engine, documents: tuple) -> None:
    brief, text, cells = documents
    assert brief.today == reference_date(app_engine)
    assert f"chiffres au {fr_date(brief.today)}, date de référence de la base" in text
    assert f"Chiffres au {fr_date(brief.today)}, date de référence de la base" in cells["__texte__"]


@pytest.mark.parametrize("panel", ["suivi", "synthese", "gouvernance", "candidatures", "lieux", "fragilite",
                                   "feuille-de-route", "financements", "vigilance"])  # fmt: skip
def test_every_figure_of_a_copil_panel_is_the_same_in_the_pdf_and_the_pptx(
    panel: str, open_page: Callable[..., AppTest], documents: tuple
) -> None:
    brief, text, cells = documents
    figures = panel_figures(brief)[panel]
    assert figures, panel
    app = open_page("pages/copil.py", departement=DEPARTEMENT, panneau=panel)
    assert f"Chiffres au {fr_date(brief.today)}" in all_text(app)
    shown = metric_values(app)
    for figure in figures:
        value = spaced(figure.value)
        assert shown[figure.label] == figure.value, (panel, figure.label)
        assert f"{figure.label} {value}" in text, (panel, figure.label)
        if panel == "suivi":
            assert f"{figure.label} : {figure.value}" in cells["__texte__"]
        else:
            assert cells[figure.label] == figure.value, (panel, figure.label)


def test_the_copil_opens_with_what_became_of_the_last_decisions(
    open_page: Callable[..., AppTest], documents: tuple
) -> None:
    _, text, _ = documents
    app = open_page("pages/copil.py", departement=DEPARTEMENT)
    assert app.title[0].value == "Eure-et-Loir (28) – Suivi des décisions"
    shown = metric_values(app)
    assert (shown["Décisions : faite"], shown["Décisions : en retard"]) == ("1", "2")
    shown_text = all_text(app).replace("\\", "")
    assert "Décisions du Comité de pilotage (COPIL) du 10 avril 2025" in shown_text
    first_section = text.index("Suivi des décisions de la dernière réunion")
    assert first_section < text.index("Chiffres clés")
    assert "Relancer les EPCI non inscrits à la démarche" in text


def test_eure_et_loir_roadmap_is_on_time_against_its_postponed_date(documents: tuple) -> None:
    brief, text, _ = documents
    roadmap = brief.jalons[brief.jalons["jalon"] == "feuille_adoptee"].iloc[0]
    assert roadmap["statut_libelle"] == "À temps"
    assert "feuille_adoptee" not in set(brief.jalons_en_retard["jalon"])
    assert "Feuille de route adoptée 30 juin 2024 31 octobre 2024 À temps 17 octobre 2024" in text
