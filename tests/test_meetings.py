"""Journal des comités: recording a meeting, refusing bad ones, reading the journal per territory."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from data_access.access import DEMO_VIEWER, AccessDenied, save_user, viewer_for
from data_access.editing import EditConflict, EditRejected
from data_access.history import audit_log
from data_access.meetings import (
    Attendance,
    DecisionDraft,
    Meeting,
    MeetingRejected,
    attendees,
    bodies,
    decisions,
    last_meeting_follow_up,
    meetings,
    record_meeting,
    update_decision_status,
)
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


# --- Bodies, relevé de conclusions, decisions followed up ------------------------------------


def working_group(name: str, day: date) -> Meeting:
    return Meeting("28", "groupe_travail", day, conclusions=f"Concertation {name}", comite_nom=name)


def test_each_working_group_and_each_bilateral_partner_is_its_own_body(governed: Engine) -> None:
    record_meeting(governed, DEMO_VIEWER, working_group("GT éducation / jeunesse", date(2024, 3, 12)))
    record_meeting(governed, DEMO_VIEWER, working_group("GT emploi / insertion", date(2024, 3, 26)))
    record_meeting(governed, DEMO_VIEWER, working_group("GT emploi / insertion", date(2024, 9, 26)))
    record_meeting(
        governed,
        DEMO_VIEWER,
        Meeting(
            "28",
            "bilaterale",
            date(2024, 3, 19),
            conclusions="Attentes de France Travail",
            comite_nom="France Travail",
        ),
    )
    listed = bodies(governed, Territory.departement("28"))
    assert listed[["type", "nom", "partenaire", "reunions"]].fillna("").values.tolist() == [
        ["technique", "COTECH FNE 28", "", 0],
        ["groupe_travail", "GT emploi / insertion", "", 2],
        ["groupe_travail", "GT éducation / jeunesse", "", 1],
        ["bilaterale", "Bilatérale France Travail", "France Travail", 1],
    ]
    emploi = int(listed.loc[listed["nom"] == "GT emploi / insertion", "comite_id"].iloc[0])
    per_body = meetings(governed, Territory.departement("28"), comite_id=emploi)
    assert per_body["date"].tolist() == [date(2024, 9, 26), date(2024, 3, 26)]


def test_a_working_group_needs_its_name_and_a_bilateral_meeting_its_partner(governed: Engine) -> None:
    with pytest.raises(MeetingRejected, match="nom du groupe de travail"):
        record_meeting(
            governed, DEMO_VIEWER, Meeting("28", "groupe_travail", date(2024, 3, 12), conclusions="x")
        )
    with pytest.raises(MeetingRejected, match="partenaire"):
        record_meeting(governed, DEMO_VIEWER, Meeting("28", "bilaterale", date(2024, 3, 12), conclusions="x"))


COTECH_4_AVRIL = Meeting(
    "28",
    "technique",
    date(2024, 4, 4),
    conclusions="138 lieux répertoriés, contre 110 initialement.",
    heure="14:30",
    lieu="Préfecture d'Eure-et-Loir",
    president="Claude JEAY, sous-préfet référent",
    attendees=(
        Attendance("Conseil départemental d'Eure-et-Loir", "Directeur de projet Inclusion numérique"),
        Attendance("Préfecture", "Pôle de l'appui territorial"),
    ),
    decision_items=(
        DecisionDraft("Retenir cinq axes stratégiques", "Préfecture", date(2024, 6, 5)),
        DecisionDraft("Relancer les EPCI non inscrits", "Référents EPCI", date(2024, 5, 31)),
        DecisionDraft("Présenter une pré-feuille de route", "Conseil départemental", date(2024, 8, 31)),
    ),
)


def test_a_releve_de_conclusions_keeps_time_place_chair_attendees_and_decisions(governed: Engine) -> None:
    meeting_id = record_meeting(governed, DEMO_VIEWER, COTECH_4_AVRIL)
    journal = meetings(governed, Territory.departement("28"))
    first = journal.iloc[0]
    assert (first["heure"], first["lieu"], first["president"], first["comite"]) == (
        "14:30",
        "Préfecture d'Eure-et-Loir",
        "Claude JEAY, sous-préfet référent",
        "COTECH FNE 28",
    )
    assert attendees(governed, meeting_id)["organisation"].tolist() == [
        "Conseil départemental d'Eure-et-Loir",
        "Préfecture",
    ]
    found = decisions(governed, Territory.departement("28"), date(2024, 4, 5))
    assert found[["libelle", "responsable", "statut_libelle"]].values.tolist() == [
        ["Retenir cinq axes stratégiques", "Préfecture", "À faire"],
        ["Relancer les EPCI non inscrits", "Référents EPCI", "À faire"],
        ["Présenter une pré-feuille de route", "Conseil départemental", "À faire"],
    ]


def test_the_next_meeting_sees_what_became_of_the_decisions(governed: Engine) -> None:
    record_meeting(governed, DEMO_VIEWER, COTECH_4_AVRIL)
    listed = decisions(governed, Territory.departement("28"), date(2024, 6, 1))
    ids = dict(zip(listed["libelle"], zip(listed["id"], listed["version"], strict=True), strict=True))
    axes_id, axes_version = ids["Retenir cinq axes stratégiques"]
    update_decision_status(governed, DEMO_VIEWER, int(axes_id), int(axes_version), "faite")
    pre_id, pre_version = ids["Présenter une pré-feuille de route"]
    update_decision_status(governed, DEMO_VIEWER, int(pre_id), int(pre_version), "en_cours")

    follow_up = last_meeting_follow_up(governed, Territory.departement("28"), date(2024, 6, 5))
    assert follow_up is not None
    assert (follow_up.date, follow_up.comite) == (date(2024, 4, 4), "COTECH FNE 28")
    assert follow_up.counts == {"faite": 1, "en_cours": 1, "a_faire": 0, "en_retard": 1, "abandonnee": 0}
    late = follow_up.decisions[follow_up.decisions["suivi"] == "en_retard"]
    assert late["libelle"].tolist() == ["Relancer les EPCI non inscrits"]
    assert late["suivi_libelle"].tolist() == ["En retard"]
    assert last_meeting_follow_up(governed, Territory.departement("28"), date(2024, 4, 3)) is None


def test_decision_status_updates_are_audited_and_guarded(governed: Engine) -> None:
    save_user(governed, "ref35@ille-et-vilaine.gouv.fr", "Référent 35", "departement", "35")
    record_meeting(governed, DEMO_VIEWER, COTECH_4_AVRIL)
    first = decisions(governed, Territory.departement("28"), date(2024, 6, 1)).iloc[0]
    identifier, version = int(first["id"]), int(first["version"])
    with pytest.raises(AccessDenied):
        update_decision_status(
            governed, viewer_for(governed, "ref35@ille-et-vilaine.gouv.fr"), identifier, version, "faite"
        )
    with pytest.raises(EditRejected, match="Statut de décision inconnu"):
        update_decision_status(governed, DEMO_VIEWER, identifier, version, "oubliee")
    update_decision_status(governed, DEMO_VIEWER, identifier, version, "faite")
    with pytest.raises(EditConflict):
        update_decision_status(governed, DEMO_VIEWER, identifier, version, "en_cours")
    log = audit_log(governed, Territory.departement("28"))
    changes = log[log["objet"] == "decision"][["champ", "avant", "apres"]].values.tolist()
    assert changes == [["statut", "a_faire", "faite"]]
