"""Edits by referents: scope, optimistic concurrency, audit of every change."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, select

from data_access.access import AccessDenied, save_user, viewer_for
from data_access.editing import (
    EditConflict,
    EditRejected,
    update_action,
    update_governance_stage,
)
from data_access.history import audit_log
from data_access.models import Action, Axe, FeuilleDeRoute, Gouvernance
from data_access.scope import Territory
from tests.builders import add

NOW = datetime(2025, 11, 3, 9, 30)


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    save_user(geo_engine, "ref28@eure-et-loir.gouv.fr", "Référente 28", "departement", "28")
    save_user(geo_engine, "autre28@eure-et-loir.gouv.fr", "Collègue 28", "departement", "28")
    save_user(geo_engine, "ref35@ille-et-vilaine.gouv.fr", "Référent 35", "departement", "35")
    save_user(geo_engine, "hub@centre.fr", "Hub", "regional", "24")
    add(
        geo_engine,
        Gouvernance,
        {"id": 1, "code_departement": "28", "etape": "pressentie", "date_pressentie": date(2023, 10, 10)},
    )
    add(
        geo_engine,
        FeuilleDeRoute,
        {"id": 1, "reference": "FDR-28", "code_departement": "28", "nom": "FDR 28"},
    )
    add(geo_engine, Axe, {"id": 1, "feuille_de_route_id": 1, "numero": 1, "nom": "Coordonner"})
    add(
        geo_engine,
        Action,
        {
            "id": 1,
            "reference": "A-28-1",
            "axe_id": 1,
            "code_departement": "28",
            "nom": "Cartographier",
            "statut": "a_lancer",
            "avancement": 0,
        },
    )
    return geo_engine


def person(engine: Engine, email: str) -> object:
    return viewer_for(engine, email)


def action_row(engine: Engine) -> tuple:
    with engine.connect() as connection:
        return connection.execute(select(Action.statut, Action.avancement, Action.version)).one()


def test_a_referent_updates_his_action_and_the_change_is_audited(store: Engine) -> None:
    version = update_action(
        store, person(store, "ref28@eure-et-loir.gouv.fr"), "A-28-1", 1, "en_cours", 40, NOW
    )
    assert version == 2
    assert tuple(action_row(store)) == ("en_cours", 40, 2)
    log = audit_log(store, Territory.departement("28"))
    assert log[["email", "objet", "reference", "champ", "avant", "apres"]].values.tolist() == [
        ["ref28@eure-et-loir.gouv.fr", "action", "A-28-1", "avancement", "0", "40"],
        ["ref28@eure-et-loir.gouv.fr", "action", "A-28-1", "statut", "a_lancer", "en_cours"],
    ]
    assert audit_log(store, Territory.departement("35")).empty


def test_the_second_of_two_concurrent_edits_is_refused_not_silently_applied(store: Engine) -> None:
    first = person(store, "ref28@eure-et-loir.gouv.fr")
    second = person(store, "autre28@eure-et-loir.gouv.fr")
    update_action(store, first, "A-28-1", 1, "en_cours", 40, NOW)
    with pytest.raises(EditConflict) as conflict:
        update_action(store, second, "A-28-1", 1, "en_cours", 10, NOW)
    assert "modifiée par quelqu'un d'autre" in conflict.value.message_fr
    assert tuple(action_row(store)) == ("en_cours", 40, 2)
    assert len(audit_log(store, Territory.national())) == 2


def test_another_departement_or_a_reading_role_cannot_edit(store: Engine) -> None:
    with pytest.raises(AccessDenied, match="département 28"):
        update_action(store, person(store, "ref35@ille-et-vilaine.gouv.fr"), "A-28-1", 1, "en_cours", 40)
    with pytest.raises(AccessDenied, match="sans les modifier"):
        update_action(store, person(store, "hub@centre.fr"), "A-28-1", 1, "en_cours", 40)
    assert tuple(action_row(store)) == ("a_lancer", 0, 1)
    assert audit_log(store, Territory.national()).empty


@pytest.mark.parametrize(
    ("statut", "avancement", "message"),
    [
        ("fini", 100, "Statut d'action inconnu"),
        ("en_cours", 120, "entre 0 et 100"),
        ("terminee", 90, "avancement de 100 %"),
        ("a_lancer", 10, "avancement de 0 %"),
    ],
)
def test_inconsistent_values_are_refused(store: Engine, statut: str, avancement: int, message: str) -> None:
    with pytest.raises(EditRejected, match=message):
        update_action(store, person(store, "ref28@eure-et-loir.gouv.fr"), "A-28-1", 1, statut, avancement)
    assert tuple(action_row(store)) == ("a_lancer", 0, 1)


def test_a_stage_change_sets_its_milestone_date_once_and_is_audited(store: Engine) -> None:
    referent = person(store, "ref28@eure-et-loir.gouv.fr")
    version = update_governance_stage(store, referent, "28", 1, "formalisee", date(2023, 12, 20), NOW)
    with store.connect() as connection:
        row = connection.execute(
            select(Gouvernance.etape, Gouvernance.date_formalisee, Gouvernance.version)
        ).one()
    assert tuple(row) == ("formalisee", date(2023, 12, 20), 2)
    assert sorted(audit_log(store, Territory.region("24"))["champ"]) == ["date_formalisee", "etape"]
    with pytest.raises(EditConflict):
        update_governance_stage(store, referent, "28", 1, "pressentie", date(2024, 1, 5), NOW)
    assert version == 2
