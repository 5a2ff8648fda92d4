"""Local calendars: a national milestone moved for one département, with the reason and its source.

The circular fixed one calendar for France, then préfectures moved it (Eure-et-Loir's roadmap
went from June to October 2024 by decision of its COTECH). Lateness is read against the local date
(``governance.milestone_lateness``); both dates stay visible, and every move is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, delete, insert, select, update

from data_access.access import Viewer, require_editor
from data_access.editing import EditRejected, record_audit
from data_access.models import Departement, JalonLocal
from data_access.vocabulary import MILESTONES

MAX_REASON = 2000
MAX_SOURCE = 300


@dataclass(frozen=True)
class MilestoneMove:
    """A milestone moved for one département: to which date, why, and on which document."""

    code_departement: str
    jalon: str
    echeance: date
    motif: str
    source: str


def _validate(move: MilestoneMove) -> None:
    if move.jalon not in MILESTONES:
        raise EditRejected(f"Jalon inconnu : « {move.jalon} ».")
    if not move.motif.strip():
        raise EditRejected(
            "Indiquez le motif du report (par exemple « échéance reportée en comité technique »)."
        )
    if not move.source.strip():
        raise EditRejected(
            "Indiquez la source du report (par exemple « relevé de conclusions du COTECH du 4 avril 2024 »)."
        )
    if len(move.motif) > MAX_REASON:
        raise EditRejected(f"Le motif dépasse {MAX_REASON} caractères.")
    if len(move.source) > MAX_SOURCE:
        raise EditRejected(f"La source dépasse {MAX_SOURCE} caractères.")


def move_milestone(engine: Engine, viewer: Viewer, move: MilestoneMove, now: datetime | None = None) -> None:
    """Set the local date of a milestone for one département (insert or replace), audited."""
    _validate(move)
    require_editor(viewer, move.code_departement)
    values = {"echeance": move.echeance, "motif": move.motif.strip(), "source": move.source.strip()}
    with engine.begin() as connection:
        if (
            connection.scalar(select(Departement.code).where(Departement.code == move.code_departement))
            is None
        ):
            raise EditRejected(f"Le département {move.code_departement} est inconnu de la base.")
        where = (JalonLocal.code_departement == move.code_departement) & (JalonLocal.jalon == move.jalon)
        before = connection.execute(
            select(JalonLocal.echeance, JalonLocal.motif, JalonLocal.source).where(where)
        ).one_or_none()
        if before is None:
            connection.execute(
                insert(JalonLocal).values(code_departement=move.code_departement, jalon=move.jalon, **values)
            )
        else:
            connection.execute(update(JalonLocal).where(where).values(**values))
        previous = dict(before._mapping) if before is not None else {}
        record_audit(
            connection,
            viewer,
            move.code_departement,
            "jalon",
            move.jalon,
            {field: (previous.get(field), value) for field, value in values.items()},
            now,
        )


def restore_national_milestone(
    engine: Engine, viewer: Viewer, code_departement: str, jalon: str, now: datetime | None = None
) -> None:
    """Drop a département's local date: the national one counts again. Audited; no-op without one."""
    require_editor(viewer, code_departement)
    with engine.begin() as connection:
        where = (JalonLocal.code_departement == code_departement) & (JalonLocal.jalon == jalon)
        before = connection.scalar(select(JalonLocal.echeance).where(where))
        if before is None:
            return
        connection.execute(delete(JalonLocal).where(where))
        record_audit(connection, viewer, code_departement, "jalon", jalon, {"echeance": (before, None)}, now)
