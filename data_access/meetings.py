"""Journal des comités: a meeting recorded as its relevé de conclusions, its decisions followed up.

A meeting belongs to one body of the département's governance: the COPIL, the COTECH, each
thematic working group (« GT santé » and « GT emploi » are two bodies), each bilateral partner
(« Bilatérale CAF »). A body is matched on its kind and name, so a meeting of the GT santé is never
filed under the first working group; a body the governance does not have yet is created, since the
first meeting is usually where it is born.

Each decision has an owner, a due date and a status that editors update (audited, with the same
optimistic concurrency as actions). What became of the last meeting's decisions is read at a
reference date: done, in progress, to do, late (due date passed, not done), abandoned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, case, func, insert, literal, select, update

from data_access.access import Viewer, require_editor
from data_access.editing import CONFLICT_MESSAGE, EditConflict, EditRejected, record_audit
from data_access.models import (
    Comite,
    ComiteReunion,
    Decision,
    Departement,
    Gouvernance,
    ReunionParticipant,
)
from data_access.refusals import Refused
from data_access.scope import Territory, departement_filter
from data_access.sql import label_of, rank_of, read_frame
from data_access.vocabulary import COMITE_TYPES, DECISION_FOLLOW_UP, DECISION_STATUSES, NAMED_BODY_TYPES

MAX_TEXT = 5000
MAX_NAME = 200
OPEN_DECISIONS = ("a_faire", "en_cours")
FOLLOW_UP_ORDER = tuple(DECISION_FOLLOW_UP)


class MeetingRejected(Refused, ValueError):
    """A meeting that cannot be recorded."""


@dataclass(frozen=True)
class Attendance:
    """The people of one organisation around the table."""

    organisation: str
    personnes: str = ""


@dataclass(frozen=True)
class DecisionDraft:
    """A decision as the form collects it."""

    libelle: str
    responsable: str = ""
    echeance: date | None = None


@dataclass(frozen=True)
class Meeting:
    """What the journal's form collects: the relevé de conclusions of one meeting.

    ``comite_nom`` names the body (the working group, or the partner of a bilateral meeting);
    for a COPIL or COTECH it may stay empty when the governance has a single one.
    """

    code_departement: str
    comite_type: str
    date: date
    participants: str = ""
    conclusions: str = ""
    decisions: str = ""
    prochaine_date: date | None = None
    comite_nom: str = ""
    heure: str = ""
    lieu: str = ""
    president: str = ""
    attendees: tuple[Attendance, ...] = ()
    decision_items: tuple[DecisionDraft, ...] = ()


def _validate(meeting: Meeting) -> None:
    if meeting.comite_type not in COMITE_TYPES:
        raise MeetingRejected(f"Type de comité inconnu : « {meeting.comite_type} ».")
    if meeting.comite_type in ("groupe_travail", "bilaterale") and not meeting.comite_nom.strip():
        what = (
            "le partenaire rencontré"
            if meeting.comite_type == "bilaterale"
            else "le nom du groupe de travail"
        )
        raise MeetingRejected(f"Indiquez {what}.")
    if len(meeting.comite_nom) > MAX_NAME:
        raise MeetingRejected(f"Le nom de l'instance dépasse {MAX_NAME} caractères.")
    if meeting.prochaine_date is not None and meeting.prochaine_date <= meeting.date:
        raise MeetingRejected("La date de la prochaine réunion doit suivre celle de la réunion.")
    if meeting.heure and not _is_time(meeting.heure):
        raise MeetingRejected(f"Heure attendue au format 14:30 : « {meeting.heure} ».")
    has_decisions = meeting.decisions.strip() or any(item.libelle.strip() for item in meeting.decision_items)
    if not (meeting.conclusions.strip() or has_decisions):
        raise MeetingRejected("Indiquez au moins les conclusions ou les décisions de la réunion.")
    for label, text in (
        ("participants", meeting.participants),
        ("conclusions", meeting.conclusions),
        ("décisions", meeting.decisions),
        *(("décisions", item.libelle) for item in meeting.decision_items),
    ):
        if len(text) > MAX_TEXT:
            raise MeetingRejected(f"Le champ {label} dépasse {MAX_TEXT} caractères.")
    for item in meeting.decision_items:
        if item.echeance is not None and item.echeance < meeting.date:
            raise MeetingRejected(f"L'échéance de la décision « {item.libelle[:60]} » précède la réunion.")


def _is_time(text: str) -> bool:
    hours, separator, minutes = text.partition(":")
    return bool(separator) and hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60


def body_name(comite_type: str, nom: str) -> str:
    """The name a body is shown and matched by: « Bilatérale CAF », « GT santé », « Comité technique »."""
    nom = " ".join(nom.split())
    if comite_type == "bilaterale":
        return f"Bilatérale {nom}"
    return nom or COMITE_TYPES[comite_type]


def _body_id(connection: Connection, gouvernance_id: int, meeting: Meeting) -> int:
    """The body the meeting belongs to, matched on kind and name; created when it does not exist."""
    name = body_name(meeting.comite_type, meeting.comite_nom)
    same_kind = connection.execute(
        select(Comite.id, Comite.nom).where(
            Comite.gouvernance_id == gouvernance_id, Comite.type == meeting.comite_type
        )
    ).all()
    for identifier, existing in same_kind:
        if (existing or "").strip().casefold() == name.casefold():
            return identifier
    if not meeting.comite_nom.strip() and meeting.comite_type not in NAMED_BODY_TYPES:
        if len(same_kind) == 1:
            return same_kind[0].id
        if len(same_kind) > 1:
            raise MeetingRejected(
                f"La gouvernance compte plusieurs instances « {COMITE_TYPES[meeting.comite_type]} » : "
                "indiquez laquelle s'est réunie."
            )
    return connection.execute(
        insert(Comite)
        .values(
            gouvernance_id=gouvernance_id,
            type=meeting.comite_type,
            nom=name,
            partenaire=" ".join(meeting.comite_nom.split()) if meeting.comite_type == "bilaterale" else None,
        )
        .returning(Comite.id)
    ).scalar_one()


def _participants_text(meeting: Meeting) -> str | None:
    if meeting.attendees:
        return (
            " ; ".join(
                f"{item.organisation.strip()} : {item.personnes.strip()}"
                if item.personnes.strip()
                else item.organisation.strip()
                for item in meeting.attendees
                if item.organisation.strip()
            )
            or None
        )
    return meeting.participants.strip() or None


def _decisions_text(meeting: Meeting) -> str | None:
    items = [item.libelle.strip() for item in meeting.decision_items if item.libelle.strip()]
    return " ; ".join(items) if items else meeting.decisions.strip() or None


def record_meeting(engine: Engine, viewer: Viewer, meeting: Meeting, now: datetime | None = None) -> int:
    """Store the meeting, its attendees and its decisions in one transaction, audited; return its id.

    ``MeetingRejected`` for a meeting that cannot be recorded; ``AccessDenied`` when the
    viewer may not edit that département.
    """
    _validate(meeting)
    require_editor(viewer, meeting.code_departement)
    with engine.begin() as connection:
        gouvernance_id = connection.scalar(
            select(Gouvernance.id).where(Gouvernance.code_departement == meeting.code_departement)
        )
        if gouvernance_id is None:
            raise MeetingRejected(
                f"Le département {meeting.code_departement} n'a pas de gouvernance enregistrée : "
                "importez-la avant d'y consigner des réunions."
            )
        comite_id = _body_id(connection, gouvernance_id, meeting)
        decisions_text = _decisions_text(meeting)
        meeting_id = connection.execute(
            insert(ComiteReunion)
            .values(
                comite_id=comite_id,
                date=meeting.date,
                heure=meeting.heure or None,
                lieu=meeting.lieu.strip() or None,
                president=meeting.president.strip() or None,
                participants=_participants_text(meeting),
                conclusions=meeting.conclusions.strip() or None,
                decisions=decisions_text,
                prochaine_date=meeting.prochaine_date,
            )
            .returning(ComiteReunion.id)
        ).scalar_one()
        attendees = [
            {
                "reunion_id": meeting_id,
                "organisation": item.organisation.strip(),
                "personnes": item.personnes.strip() or None,
            }
            for item in meeting.attendees
            if item.organisation.strip()
        ]
        if attendees:
            connection.execute(insert(ReunionParticipant), attendees)
        decisions = [
            {
                "reunion_id": meeting_id,
                "code_departement": meeting.code_departement,
                "libelle": item.libelle.strip(),
                "responsable": item.responsable.strip() or None,
                "echeance": item.echeance,
                "statut": "a_faire",
                "version": 1,
            }
            for item in meeting.decision_items
            if item.libelle.strip()
        ]
        if decisions:
            connection.execute(insert(Decision), decisions)
        record_audit(
            connection,
            viewer,
            meeting.code_departement,
            "reunion",
            f"{body_name(meeting.comite_type, meeting.comite_nom)} du {meeting.date.isoformat()}",
            {"decisions": (None, decisions_text), "conclusions": (None, meeting.conclusions.strip() or None)},
            now,
        )
    return meeting_id


def update_decision_status(
    engine: Engine, viewer: Viewer, decision_id: int, version: int, statut: str, now: datetime | None = None
) -> int:
    """Set a decision's status if it still has ``version``; audited. Returns the new version."""
    if statut not in DECISION_STATUSES:
        raise EditRejected(f"Statut de décision inconnu : « {statut} ».")
    with engine.begin() as connection:
        row = connection.execute(
            select(Decision.code_departement, Decision.statut, Decision.libelle).where(
                Decision.id == decision_id
            )
        ).one_or_none()
        if row is None:
            raise EditRejected("Cette décision n'existe pas ou plus.")
        require_editor(viewer, row.code_departement)
        changed = connection.execute(
            update(Decision)
            .where(Decision.id == decision_id, Decision.version == version)
            .values(statut=statut, version=Decision.version + 1)
        ).rowcount
        if changed != 1:
            raise EditConflict(CONFLICT_MESSAGE.format(what="Cette décision"))
        record_audit(
            connection,
            viewer,
            row.code_departement,
            "decision",
            f"{decision_id} – {row.libelle[:80]}",
            {"statut": (row.statut, statut)},
            now,
        )
    return version + 1


# --- Reads ----------------------------------------------------------------------------------


def _body_label() -> ColumnElement[str]:
    return func.coalesce(Comite.nom, label_of(COMITE_TYPES, Comite.type))


def bodies(engine: Engine, territory: Territory) -> pd.DataFrame:
    """The bodies of the scope's governances: ``comite_id``, ``code_departement``, ``type``,
    ``type_libelle``, ``nom``, ``partenaire``, ``reunions``, ``derniere_reunion``; COPIL first."""
    statement = (
        select(
            Comite.id.label("comite_id"),
            Gouvernance.code_departement,
            Comite.type,
            label_of(COMITE_TYPES, Comite.type).label("type_libelle"),
            _body_label().label("nom"),
            Comite.partenaire,
            func.count(ComiteReunion.id).label("reunions"),
            func.max(ComiteReunion.date).label("derniere_reunion"),
        )
        .join(Gouvernance, Gouvernance.id == Comite.gouvernance_id)
        .outerjoin(ComiteReunion, ComiteReunion.comite_id == Comite.id)
        .where(departement_filter(territory, Gouvernance.code_departement))
        .group_by(Comite.id, Gouvernance.code_departement, Comite.type, Comite.nom, Comite.partenaire)
        .order_by(
            Gouvernance.code_departement, rank_of(list(COMITE_TYPES), Comite.type), Comite.nom, Comite.id
        )
    )
    return read_frame(engine, statement)


def meetings(
    engine: Engine, territory: Territory, limit: int = 500, comite_id: int | None = None
) -> pd.DataFrame:
    """Meetings of the scope's départements (of one body with ``comite_id``), most recent first.

    Columns: ``id``, ``code_departement``, ``departement``, ``date``, ``heure``, ``lieu``,
    ``president``, ``comite_id``, ``comite``, ``type``, ``type_libelle``, ``participants``,
    ``conclusions``, ``decisions``, ``prochaine_date``.
    """
    statement = (
        select(
            ComiteReunion.id,
            Gouvernance.code_departement,
            Departement.nom.label("departement"),
            ComiteReunion.date,
            ComiteReunion.heure,
            ComiteReunion.lieu,
            ComiteReunion.president,
            Comite.id.label("comite_id"),
            _body_label().label("comite"),
            Comite.type,
            label_of(COMITE_TYPES, Comite.type).label("type_libelle"),
            ComiteReunion.participants,
            ComiteReunion.conclusions,
            ComiteReunion.decisions,
            ComiteReunion.prochaine_date,
        )
        .join(Comite, Comite.id == ComiteReunion.comite_id)
        .join(Gouvernance, Gouvernance.id == Comite.gouvernance_id)
        .join(Departement, Departement.code == Gouvernance.code_departement)
        .where(departement_filter(territory, Gouvernance.code_departement))
        .order_by(ComiteReunion.date.desc(), ComiteReunion.id.desc())
        .limit(limit)
    )
    if comite_id is not None:
        statement = statement.where(Comite.id == comite_id)
    return read_frame(engine, statement)


def attendees(engine: Engine, reunion_id: int) -> pd.DataFrame:
    """Attendees of one meeting by organisation (``organisation``, ``personnes``), as recorded."""
    statement = (
        select(ReunionParticipant.organisation, ReunionParticipant.personnes)
        .where(ReunionParticipant.reunion_id == reunion_id)
        .order_by(ReunionParticipant.id)
    )
    return read_frame(engine, statement)


def follow_up_status(today: date) -> ColumnElement[str]:
    """``statut`` of a decision at ``today``: open past its due date reads « en_retard »."""
    return case(
        (
            Decision.statut.in_(OPEN_DECISIONS)
            & Decision.echeance.is_not(None)
            & (Decision.echeance < literal(today)),
            "en_retard",
        ),
        else_=Decision.statut,
    )


def decisions(
    engine: Engine, territory: Territory, today: date, reunion_id: int | None = None
) -> pd.DataFrame:
    """Decisions of the scope (of one meeting with ``reunion_id``), with what became of them at ``today``.

    Columns: ``id``, ``version``, ``reunion_id``, ``code_departement``, ``reunion_date``, ``comite``,
    ``libelle``, ``responsable``, ``echeance``, ``statut`` (stored), ``statut_libelle``, ``suivi``
    (``faite``, ``en_cours``, ``a_faire``, ``en_retard``, ``abandonnee``), ``suivi_libelle``.
    """
    suivi = follow_up_status(today)
    statement = (
        select(
            Decision.id,
            Decision.version,
            Decision.reunion_id,
            Decision.code_departement,
            ComiteReunion.date.label("reunion_date"),
            _body_label().label("comite"),
            Decision.libelle,
            Decision.responsable,
            Decision.echeance,
            Decision.statut,
            label_of(DECISION_STATUSES, Decision.statut).label("statut_libelle"),
            suivi.label("suivi"),
            label_of(DECISION_FOLLOW_UP, suivi).label("suivi_libelle"),
        )
        .join(ComiteReunion, ComiteReunion.id == Decision.reunion_id)
        .join(Comite, Comite.id == ComiteReunion.comite_id)
        .where(departement_filter(territory, Decision.code_departement))
        .order_by(ComiteReunion.date.desc(), Decision.id)
    )
    if reunion_id is not None:
        statement = statement.where(Decision.reunion_id == reunion_id)
    return read_frame(engine, statement)


@dataclass(frozen=True)
class DecisionFollowUp:
    """What became of the decisions of the last meeting held by the reference date."""

    reunion_id: int
    date: date
    comite: str
    decisions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def counts(self) -> dict[str, int]:
        """Decisions per follow-up status, every status of ``DECISION_FOLLOW_UP`` present."""
        found = self.decisions["suivi"].value_counts() if not self.decisions.empty else {}
        return {status: int(found.get(status, 0)) for status in FOLLOW_UP_ORDER}


def last_meeting_follow_up(engine: Engine, territory: Territory, today: date) -> DecisionFollowUp | None:
    """The decisions of the most recent meeting held on or before ``today`` that took some, with
    their follow-up status at ``today``; ``None`` when no meeting of the scope recorded decisions."""
    latest = (
        select(ComiteReunion.id, ComiteReunion.date, _body_label().label("comite"))
        .join(Comite, Comite.id == ComiteReunion.comite_id)
        .join(Decision, Decision.reunion_id == ComiteReunion.id)
        .where(departement_filter(territory, Decision.code_departement), ComiteReunion.date <= today)
        .order_by(ComiteReunion.date.desc(), ComiteReunion.id.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        row = connection.execute(latest).first()
    if row is None:
        return None
    return DecisionFollowUp(
        reunion_id=row.id,
        date=row.date,
        comite=row.comite,
        decisions=decisions(engine, territory, today, reunion_id=row.id),
    )
