"""Local calendars: a milestone moved for one département counts there, both dates stay visible."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import governance
from data_access.access import AccessDenied, save_user, viewer_for
from data_access.calendars import MilestoneMove, move_milestone, restore_national_milestone
from data_access.editing import EditRejected
from data_access.history import audit_log
from data_access.models import Candidature, Gouvernance
from data_access.scope import Territory
from tests.builders import add

NOW = datetime(2025, 11, 3, 9, 30)
EURE_ET_LOIR = Territory.departement("28")
POSTPONEMENT = MilestoneMove(
    code_departement="28",
    jalon="feuille_adoptee",
    echeance=date(2024, 10, 31),
    motif="Échéance de la feuille de route reportée de juin à octobre 2024.",
    source="Relevé de conclusions du COTECH du 4 avril 2024",
)


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    save_user(geo_engine, "ref28@eure-et-loir.gouv.fr", "Référente 28", "departement", "28")
    save_user(geo_engine, "ref35@ille-et-vilaine.gouv.fr", "Référent 35", "departement", "35")
    save_user(geo_engine, "hub@centre.fr", "Hub", "regional", "24")
    add(
        geo_engine,
        Gouvernance,
        {
            "id": 1,
            "code_departement": "28",
            "etape": "feuille_adoptee",
            "date_pressentie": date(2023, 10, 12),
            "date_formalisee": date(2023, 12, 19),
            "date_pre_feuille": date(2024, 7, 4),
            "date_feuille_adoptee": date(2024, 10, 17),
        },
    )
    add(
        geo_engine,
        Candidature,
        *(
            {
                "reference": f"F-{index}",
                "code_departement": "28",
                "persona": persona,
                "intention": "porter",
                "statut": "confirme",
                "structure_nom": name,
                "date_envoi": sent,
            }
            for index, (persona, name, sent) in enumerate(
                [
                    ("structure", "Association", date(2023, 9, 5)),
                    ("epci", "Chartres Métropole", date(2023, 9, 21)),
                    ("conseil-departemental", "Conseil départemental", date(2023, 10, 2)),
                ]
            )
        ),
    )
    return geo_engine


def row_of(frame: object, jalon: str) -> object:
    return frame[frame["jalon"] == jalon].iloc[0]


def test_the_roadmap_is_late_against_june_until_the_postponement_is_recorded(store: Engine) -> None:
    before = governance.milestone_lateness(store, EURE_ET_LOIR, today=date(2025, 11, 1))
    assert row_of(before, "feuille_adoptee")["statut_libelle"] == "En retard"

    move_milestone(store, viewer_for(store, "ref28@eure-et-loir.gouv.fr"), POSTPONEMENT, NOW)

    after = row_of(
        governance.milestone_lateness(store, EURE_ET_LOIR, today=date(2025, 11, 1)), "feuille_adoptee"
    )
    assert after["statut_libelle"] == "À temps"
    assert (after["echeance_nationale"], after["echeance_locale"], after["echeance"]) == (
        date(2024, 6, 30),
        date(2024, 10, 31),
        date(2024, 10, 31),
    )
    assert after["source_locale"] == "Relevé de conclusions du COTECH du 4 avril 2024"
    counts = governance.lateness_counts(store, EURE_ET_LOIR, today=date(2025, 11, 1))
    adopted = counts[counts["jalon"] == "feuille_adoptee"]
    assert list(adopted["statut"]) == ["a_temps"]
    assert list(adopted["echeance"]) == [date(2024, 6, 30)]


def test_the_move_is_audited_and_can_be_undone(store: Engine) -> None:
    referent = viewer_for(store, "ref28@eure-et-loir.gouv.fr")
    move_milestone(store, referent, POSTPONEMENT, NOW)
    move_milestone(
        store, referent, MilestoneMove(**{**POSTPONEMENT.__dict__, "echeance": date(2024, 11, 15)}), NOW
    )
    log = audit_log(store, EURE_ET_LOIR)
    changes = [
        (row.champ, None if pd.isna(row.avant) else row.avant, row.apres)
        for row in log.itertuples()
        if row.reference == "feuille_adoptee"
    ]
    assert ("echeance", None, "2024-10-31") in changes
    assert ("echeance", "2024-10-31", "2024-11-15") in changes
    assert ("source", None, "Relevé de conclusions du COTECH du 4 avril 2024") in changes

    restore_national_milestone(store, referent, "28", "feuille_adoptee", NOW)
    restored = row_of(
        governance.milestone_lateness(store, EURE_ET_LOIR, today=date(2025, 11, 1)), "feuille_adoptee"
    )
    assert restored["statut_libelle"] == "En retard"
    assert pd.isna(restored["echeance_locale"])


def test_only_an_editor_of_the_departement_moves_its_milestones(store: Engine) -> None:
    with pytest.raises(AccessDenied):
        move_milestone(store, viewer_for(store, "ref35@ille-et-vilaine.gouv.fr"), POSTPONEMENT, NOW)
    with pytest.raises(AccessDenied):
        move_milestone(store, viewer_for(store, "hub@centre.fr"), POSTPONEMENT, NOW)


@pytest.mark.parametrize(
    ("change", "message"),
    [({"motif": " "}, "motif"), ({"source": ""}, "source"), ({"jalon": "inconnu"}, "Jalon inconnu")],
)
def test_a_move_needs_a_known_milestone_a_reason_and_a_source(
    store: Engine, change: dict[str, str], message: str
) -> None:
    move = MilestoneMove(**{**POSTPONEMENT.__dict__, **change})
    with pytest.raises(EditRejected, match=message):
        move_milestone(store, viewer_for(store, "ref28@eure-et-loir.gouv.fr"), move, NOW)


def test_intentions_are_declared_by_the_first_collectivite_form(store: Engine) -> None:
    frame = governance.milestone_lateness(store, EURE_ET_LOIR, today=date(2025, 11, 1))
    intention = row_of(frame, "intentions_declarees")
    assert (intention["libelle"], intention["echeance"], intention["date_atteinte"]) == (
        "Intentions des collectivités déclarées",
        date(2023, 9, 30),
        date(2023, 9, 21),
    )
    assert intention["statut"] == "a_temps"


def test_the_pre_roadmap_step_has_no_national_deadline(store: Engine) -> None:
    frame = governance.milestone_lateness(store, EURE_ET_LOIR, today=date(2025, 11, 1))
    step = row_of(frame, "pre_feuille")
    assert step["libelle"] == "Pré-feuille de route présentée"
    assert step["date_atteinte"] == date(2024, 7, 4)
    assert step["statut"] == "a_temps"
    summer = MilestoneMove(
        "28", "pre_feuille", date(2024, 6, 30), "Pré-feuille attendue pour l'été.", "COTECH"
    )
    move_milestone(store, viewer_for(store, "ref28@eure-et-loir.gouv.fr"), summer, NOW)
    late = row_of(governance.milestone_lateness(store, EURE_ET_LOIR, today=date(2025, 11, 1)), "pre_feuille")
    assert late["statut"] == "en_retard"
