"""Journal des comités page: a meeting recorded through the form shows in the journal and the brief."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine, delete, update
from streamlit.testing.v1 import AppTest

from data_access.meetings import bodies, decisions, last_meeting_follow_up, meetings
from data_access.models import Comite, ComiteReunion, Decision
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import metric_values


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


def test_a_working_group_meeting_with_its_decisions_is_filed_under_its_own_body_and_followed_up(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    app = open_page("pages/meetings.py", departement="45")
    app.selectbox(key="reunion_type").set_value("groupe_travail")
    app.text_input(key="reunion_instance").input("Groupe de travail « santé »")
    app.date_input(key="reunion_date").set_value(date(2026, 3, 13))
    app.text_input(key="reunion_lieu").input("Préfecture du Loiret")
    app.text_area(key="reunion_participants").input("ARS : déléguée départementale\nCAF")
    app.text_area(key="reunion_decisions").input(
        "Recenser les lieux en établissement de santé ; ARS ; 30/04/2026\nPartager le diagnostic"
    )
    app.button[0].click().run()
    try:
        assert not app.exception
        territory = Territory.departement("45")
        body = bodies(app_engine, territory)
        body = body[body["nom"] == "Groupe de travail « santé »"]
        assert body["reunions"].tolist() == [1]
        found = decisions(app_engine, territory, reference_date(app_engine))
        found = found[found["reunion_date"] == date(2026, 3, 13)]
        assert found[["libelle", "responsable"]].fillna("").values.tolist() == [
            ["Recenser les lieux en établissement de santé", "ARS"],
            ["Partager le diagnostic", ""],
        ]
        assert found["echeance"].iloc[0] == date(2026, 4, 30)
        app.selectbox(key="journal_instance").set_value(int(body["comite_id"].iloc[0])).run()
        assert app.dataframe[0].value["Instance"].tolist() == ["Groupe de travail « santé »"]
        assert app.dataframe[0].value["Lieu"].tolist() == ["Préfecture du Loiret"]
        shown = app.dataframe[1].value
        assert "Recenser les lieux en établissement de santé" in shown["Décision"].tolist()
    finally:
        with app_engine.begin() as connection:
            connection.execute(delete(ComiteReunion).where(ComiteReunion.date == date(2026, 3, 13)))
            connection.execute(delete(Comite).where(Comite.nom == "Groupe de travail « santé »"))


def test_a_decision_status_is_updated_from_the_journal(
    open_page: Callable[..., AppTest], app_engine: Engine
) -> None:
    territory = Territory.departement("28")
    today = reference_date(app_engine)
    before = decisions(app_engine, territory, today).reset_index(drop=True)
    position = int(before.index[before["libelle"] == "Relancer les EPCI non inscrits à la démarche"][0])
    app = open_page("pages/meetings.py", departement="28")
    app.selectbox(key="decision_choisie").set_value(position)
    app.selectbox(key="decision_statut").set_value("faite")
    app.button(key="FormSubmitter:suivi_decision-Enregistrer le statut").click().run()
    try:
        assert not app.exception
        assert any("Relancer les EPCI" in success.value for success in app.success)
        follow_up = last_meeting_follow_up(app_engine, territory, today)
        assert follow_up.counts["faite"] == 2 and follow_up.counts["en_retard"] == 1
        copil = open_page("pages/copil.py", departement="28")
        assert metric_values(copil)["Décisions : faite"] == "2"
    finally:
        row = decisions(app_engine, territory, today)
        row = row[row["libelle"] == "Relancer les EPCI non inscrits à la démarche"].iloc[0]
        with app_engine.begin() as connection:
            connection.execute(
                update(Decision).where(Decision.id == int(row["id"])).values(statut="a_faire", version=1)
            )
