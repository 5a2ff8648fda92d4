"""Journal des comités: recording a meeting, refusing bad ones, reading the journal per territory."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from data_access.access import DEMO_VIEWER, AccessDenied, save_user, viewer_for
from data_access.history import audit_log
from data_access.meetings import Meeting, MeetingRejected, meetings, record_meeting
from data_access.models import Comite, ComiteReunion, Gouvernance
from data_access.scope import Territory
from tests.builders import add


@pytest.fixture
def governed(geo_engine: Engine) -> Engine:
    """Eure-et-Loir and Ille-et-Vilaine have a governance; Loiret has none."""
    add(
        geo_engine,
        Gouvernance,
        {"id": 1, "code_departement": "28", "etape": "formalisee"},
        {"id": 2, "code_departement": "35", "etape": "pressentie"},
    )
    add(geo_engine, Comite, {"id": 10, "gouvernance_id": 1, "type": "technique", "nom": "COTECH FNE 28"})
    return geo_engine


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_a_meeting_of_an_existing_comite_is_attached_to_it(governed: Engine) -> None:
    record_meeting(
        governed,
        DEMO_VIEWER,
        Meeting(
            "28",
            "technique",
            date(2024, 4, 4),
            "DDETS, CD28",
            "Point d'étape",
            "Lancer le GT 3",
            date(2024, 6, 5),
        ),
    )
    journal = meetings(governed, Territory.departement("28"))
    assert journal[["comite", "decisions"]].values.tolist() == [["COTECH FNE 28", "Lancer le GT 3"]]
    assert journal.loc[0, "prochaine_date"] == date(2024, 6, 5)
    assert count(governed, Comite) == 1


def test_a_meeting_of_a_new_comite_type_creates_the_comite(governed: Engine) -> None:
    record_meeting(
        governed,
        DEMO_VIEWER,
        Meeting("35", "strategique", date(2024, 1, 15), decisions="Adopter le périmètre"),
    )
    assert count(governed, Comite) == 2
    assert meetings(governed, Territory.departement("35"))["comite"].tolist() == ["Stratégique (COPIL)"]


def test_journal_follows_the_territory_and_puts_the_latest_first(governed: Engine) -> None:
    record_meeting(governed, DEMO_VIEWER, Meeting("28", "technique", date(2024, 4, 4), conclusions="A"))
    record_meeting(governed, DEMO_VIEWER, Meeting("28", "technique", date(2024, 6, 5), conclusions="B"))
    record_meeting(governed, DEMO_VIEWER, Meeting("35", "technique", date(2024, 5, 1), conclusions="C"))
    assert meetings(governed, Territory.departement("28"))["conclusions"].tolist() == ["B", "A"]
    assert meetings(governed, Territory.region("24"))["conclusions"].tolist() == ["B", "A"]
    assert meetings(governed, Territory.region("53"))["conclusions"].tolist() == ["C"]
    assert meetings(governed, Territory.national())["conclusions"].tolist() == ["B", "C", "A"]
    assert meetings(governed, Territory.epci("200033181"))["conclusions"].tolist() == ["B", "A"]


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        (Meeting("45", "technique", date(2024, 4, 4), decisions="x"), "n'a pas de gouvernance enregistrée"),
        (Meeting("28", "secret", date(2024, 4, 4), decisions="x"), "Type de comité inconnu"),
        (Meeting("28", "technique", date(2024, 4, 4)), "au moins les conclusions ou les décisions"),
        (
            Meeting("28", "technique", date(2024, 4, 4), decisions="x", prochaine_date=date(2024, 4, 1)),
            "doit suivre celle de la réunion",
        ),
        (Meeting("28", "technique", date(2024, 4, 4), decisions="x" * 6000), "dépasse 5000 caractères"),
    ],
)
def test_bad_meetings_are_refused_in_french_and_nothing_is_written(
    governed: Engine, meeting: Meeting, message: str
) -> None:
    with pytest.raises(MeetingRejected) as rejected:
        record_meeting(governed, DEMO_VIEWER, meeting)
    assert message in rejected.value.message_fr
    assert count(governed, ComiteReunion) == 0
    assert count(governed, Comite) == 1


def test_only_an_editor_of_the_departement_records_its_meetings_and_it_is_audited(governed: Engine) -> None:
    save_user(governed, "ref35@ille-et-vilaine.gouv.fr", "Référent 35", "departement", "35")
    save_user(governed, "ref28@eure-et-loir.gouv.fr", "Référente 28", "departement", "28")
    meeting = Meeting("28", "technique", date(2024, 4, 4), decisions="Lancer le GT 3")
    with pytest.raises(AccessDenied, match="département 28"):
        record_meeting(governed, viewer_for(governed, "ref35@ille-et-vilaine.gouv.fr"), meeting)
    assert count(governed, ComiteReunion) == 0
    record_meeting(governed, viewer_for(governed, "ref28@eure-et-loir.gouv.fr"), meeting)
    log = audit_log(governed, Territory.departement("28"))
    assert log[["email", "objet", "champ", "apres"]].values.tolist() == [
        ["ref28@eure-et-loir.gouv.fr", "reunion", "decisions", "Lancer le GT 3"]
    ]
