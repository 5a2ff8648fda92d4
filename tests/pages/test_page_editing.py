"""Editing from the pages: a referent updates an action, a stale edit is refused, the history shows it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, delete, select, update
from streamlit.testing.v1 import AppTest

from data_access.models import Action, Audit
from tests.pages.conftest import table

PAGE = "pages/roadmaps.py"


@pytest.fixture
def first_action(app_engine: Engine) -> Iterator[tuple[str, str, int, int]]:
    """The first action of Eure-et-Loir, restored as it was after the test."""
    with app_engine.connect() as connection:
        row = connection.execute(
            select(Action.reference, Action.statut, Action.avancement, Action.version)
            .where(Action.code_departement == "28")
            .order_by(Action.code_departement, Action.reference)
        ).first()
    yield tuple(row)
    with app_engine.begin() as connection:
        connection.execute(
            update(Action)
            .where(Action.reference == row.reference)
            .values(statut=row.statut, avancement=row.avancement, version=row.version)
        )
        connection.execute(delete(Audit))


def submit(app: AppTest, statut: str, avancement: int) -> AppTest:
    form_selects = [box for box in app.selectbox if box.label == "Statut"]
    form_selects[0].set_value(statut)
    app.slider[0].set_value(avancement)
    return next(button for button in app.button if button.label == "Enregistrer").click().run()


def test_a_referent_updates_an_action_and_the_history_shows_it(
    open_page: Callable[..., AppTest], app_engine: Engine, first_action: tuple[str, str, int, int]
) -> None:
    reference = first_action[0]
    app = submit(open_page(PAGE, departement="28"), "en_cours", 55)
    assert not app.exception
    assert any("mise à jour" in message.value for message in app.success)
    with app_engine.connect() as connection:
        saved = connection.execute(
            select(Action.statut, Action.avancement, Action.version).where(Action.reference == reference)
        ).one()
    assert tuple(saved) == ("en_cours", 55, first_action[3] + 1)
    history = table(open_page("pages/history.py", departement="28"), "Champ", "Avant", "Après")
    edits = history[history["Référence"] == reference]  # other rows: the demo's own follow-ups
    assert "55" in set(edits["Après"])


def test_an_edit_made_on_a_stale_version_is_refused_with_a_message(
    open_page: Callable[..., AppTest], app_engine: Engine, first_action: tuple[str, str, int, int]
) -> None:
    reference, statut, avancement, version = first_action
    app = open_page(PAGE, departement="28")
    with app_engine.begin() as connection:
        connection.execute(update(Action).where(Action.reference == reference).values(version=version + 1))
    app = submit(app, "en_cours", 20)
    assert "modifiée par quelqu'un d'autre" in app.warning[0].value
    with app_engine.connect() as connection:
        kept = connection.execute(
            select(Action.statut, Action.avancement).where(Action.reference == reference)
        ).one()
    assert tuple(kept) == (statut, avancement)
