"""Journal des comités: record a comité meeting, and list the meetings of a territory.

A meeting hangs on a comité of the département's governance; recording one for
a comité type the governance does not have yet creates that comité, since the
first COTECH is usually where it is born.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from data_access.access import Viewer, require_editor
from data_access.editing import record_audit
from data_access.models import Comite, ComiteReunion, Departement, Gouvernance
from data_access.refusals import Refused
from data_access.scope import Territory, departement_filter
from data_access.sql import label_of, read_frame
from data_access.vocabulary import COMITE_TYPES

MAX_TEXT = 5000


class MeetingRejected(Refused, ValueError):
    """A meeting that cannot be recorded."""


@dataclass(frozen=True)
class Meeting:
    """What the journal's form collects."""

    code_departement: str
    comite_type: str
    date: date
    participants: str = ""
    conclusions: str = ""
    decisions: str = ""
    prochaine_date: date | None = None


def _validate(meeting: Meeting) -> None:
    if meeting.comite_type not in COMITE_TYPES:
        raise MeetingRejected(f"Type de comité inconnu : « {meeting.comite_type} ».")
    if meeting.prochaine_date is not None and meeting.prochaine_date <= meeting.date:
        raise MeetingRejected("La date de la prochaine réunion doit suivre celle de la réunion.")
    if not (meeting.conclusions.strip() or meeting.decisions.strip()):
        raise MeetingRejected("Indiquez au moins les conclusions ou les décisions de la réunion.")
    for label, text in (
        ("participants", meeting.participants),
        ("conclusions", meeting.conclusions),
        ("décisions", meeting.decisions),
    ):
        if len(text) > MAX_TEXT:
            raise MeetingRejected(f"Le champ {label} dépasse {MAX_TEXT} caractères.")


def record_meeting(engine: Engine, viewer: Viewer, meeting: Meeting, now: datetime | None = None) -> int:
    """Store the meeting in one transaction, audited, and return its id.

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
        comite_id = connection.scalar(
            select(func.min(Comite.id)).where(
                Comite.gouvernance_id == gouvernance_id, Comite.type == meeting.comite_type
            )
        )
        if comite_id is None:
            comite_id = connection.execute(
                insert(Comite)
                .values(
                    gouvernance_id=gouvernance_id,
                    type=meeting.comite_type,
                    nom=COMITE_TYPES[meeting.comite_type],
                )
                .returning(Comite.id)
            ).scalar_one()
        meeting_id = connection.execute(
            insert(ComiteReunion)
            .values(
                comite_id=comite_id,
                date=meeting.date,
                participants=meeting.participants.strip() or None,
                conclusions=meeting.conclusions.strip() or None,
                decisions=meeting.decisions.strip() or None,
                prochaine_date=meeting.prochaine_date,
            )
            .returning(ComiteReunion.id)
        ).scalar_one()
        record_audit(
            connection,
            viewer,
            meeting.code_departement,
            "reunion",
            f"{COMITE_TYPES[meeting.comite_type]} du {meeting.date.isoformat()}",
            {
                "decisions": (None, meeting.decisions.strip() or None),
                "conclusions": (None, meeting.conclusions.strip() or None),
            },
            now,
        )
    return meeting_id


def meetings(engine: Engine, territory: Territory, limit: int = 500) -> pd.DataFrame:
    """Meetings of the scope's départements, most recent first (at most ``limit``)."""
    statement = (
        select(
            ComiteReunion.id,
            Gouvernance.code_departement,
            Departement.nom.label("departement"),
            ComiteReunion.date,
            func.coalesce(Comite.nom, label_of(COMITE_TYPES, Comite.type)).label("comite"),
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
    return read_frame(engine, statement)
