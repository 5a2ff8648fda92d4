"""Journal des comités page: a meeting recorded through the form shows in the journal and the brief."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine, delete
from streamlit.testing.v1 import AppTest

from data_access.meetings import meetings
from data_access.models import ComiteReunion
from data_access.scope import Territory


def test_recording_a_meeting_adds_it_to_the_journal(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    before = len(meetings(app_engine, Territory.departement("45")))
    app = open_page("pages/meetings.py", departement="45")
    app.selectbox(key="reunion_type").set_value("technique")
    app.date_input(key="reunion_date").set_value(date(2026, 3, 12))
    app.text_area(key="reunion_participants").input("DDETS, Conseil départemental")
    app.text_area(key="reunion_decisions").input("Ouvrir un appel à projets « Aidants »")
    app.button[0].click().run()
    try:
        assert not app.exception
        assert "Réunion du 12 mars 2026 enregistrée." in [success.value for success in app.success]
        journal = meetings(app_engine, Territory.departement("45"))
        assert len(journal) == before + 1
        assert journal.iloc[0]["decisions"] == "Ouvrir un appel à projets « Aidants »"
        shown = app.dataframe[0].value
        assert shown.iloc[0]["Date"] == "12 mars 2026"
    finally:
        with app_engine.begin() as connection:
            connection.execute(delete(ComiteReunion).where(ComiteReunion.date == date(2026, 3, 12)))


def test_an_incomplete_meeting_is_refused_with_a_french_message(open_page: Callable[..., AppTest]) -> None:
    app = open_page("pages/meetings.py", departement="28")
    app.button[0].click().run()
    assert "au moins les conclusions ou les décisions" in app.error[0].value


def test_national_journal_lists_meetings_without_a_form(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    app = open_page("pages/meetings.py")
    assert len(app.text_area) == 0
    assert len(app.dataframe[0].value) == len(meetings(app_engine, Territory.national()))
