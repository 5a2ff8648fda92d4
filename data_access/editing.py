"""Edits by referents: action status and percent, governance stage; every change audited.

Two people may open the same action at once: each edit names the ``version`` it
was made on, and the update only applies if the row still has that version
(optimistic concurrency). The loser gets a French message instead of silently
overwriting the other's work. The viewer's territory is checked in the same
transaction as the update, and the update's WHERE clause repeats it.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from data_access.access import Viewer, require_editor
from data_access.models import Action, Audit, Gouvernance
from data_access.refusals import Refused
from data_access.scope import Territory, departement_filter
from data_access.sql import read_frame
from data_access.vocabulary import ACTION_STATUSES, GOVERNANCE_STAGES

STAGE_DATE_COLUMNS = {
    "pressentie": "date_pressentie",
    "formalisee": "date_formalisee",
    "feuille_adoptee": "date_feuille_adoptee",
    "mise_en_oeuvre": "date_mise_en_oeuvre",
}
"""The milestone date a stage sets when it is first reached."""


class EditRejected(Refused, ValueError):
    """An edit that cannot apply."""


class EditConflict(EditRejected):
    """Someone else changed the row since it was read."""


CONFLICT_MESSAGE = (
    "{what} a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : "
    "rechargez la page pour voir sa version actuelle, puis refaites votre modification."
)


def update_action(
    engine: Engine,
    viewer: Viewer,
    reference: str,
    version: int,
    statut: str,
    avancement: int,
    now: datetime | None = None,
) -> int:
    """Set an action's status and percent if it still has ``version``; returns the new version."""
    _check_action_values(statut, avancement)
    with engine.begin() as connection:
        row = connection.execute(
            select(Action.code_departement, Action.statut, Action.avancement).where(
                Action.reference == reference
            )
        ).one_or_none()
        if row is None:
            raise EditRejected(f"L'action « {reference} » n'existe pas ou plus.")
        require_editor(viewer, row.code_departement)
        changed = connection.execute(
            update(Action)
            .where(Action.reference == reference, Action.version == version)
            .where(
                departement_filter(Territory("national", None, viewer.departements), Action.code_departement)
            )
            .values(statut=statut, avancement=avancement, version=Action.version + 1)
        ).rowcount
        if changed != 1:
            raise EditConflict(CONFLICT_MESSAGE.format(what="Cette action"))
        record_audit(
            connection,
            viewer,
            row.code_departement,
            "action",
            reference,
            {"statut": (row.statut, statut), "avancement": (row.avancement, avancement)},
            now,
        )
    return version + 1


def _check_action_values(statut: str, avancement: int) -> None:
    if statut not in ACTION_STATUSES:
        raise EditRejected(f"Statut d'action inconnu : « {statut} ».")
    if not 0 <= avancement <= 100:
        raise EditRejected("L'avancement est un pourcentage, entre 0 et 100.")
    if statut == "a_lancer" and avancement != 0:
        raise EditRejected("Une action « À lancer » a un avancement de 0 %.")
    if statut == "terminee" and avancement != 100:
        raise EditRejected("Une action « Terminée » a un avancement de 100 %.")


def update_governance_stage(
    engine: Engine,
    viewer: Viewer,
    code_departement: str,
    version: int,
    etape: str,
    today: date | None = None,
    now: datetime | None = None,
) -> int:
    """Move a governance to ``etape`` if it still has ``version``; the stage's milestone date is set
    to ``today`` the first time it is reached. Returns the new version."""
    if etape not in GOVERNANCE_STAGES or etape == "aucune":
        raise EditRejected(f"Étape de gouvernance inconnue : « {etape} ».")
    require_editor(viewer, code_departement)
    with engine.begin() as connection:
        current = connection.execute(
            select(
                Gouvernance.etape, *(getattr(Gouvernance, column) for column in STAGE_DATE_COLUMNS.values())
            ).where(Gouvernance.code_departement == code_departement)
        ).one_or_none()
        if current is None:
            raise EditRejected(f"Le département {code_departement} n'a pas de gouvernance enregistrée.")
        values: dict[str, object] = {"etape": etape, "version": Gouvernance.version + 1}
        date_column = STAGE_DATE_COLUMNS.get(etape)
        if date_column and getattr(current, date_column) is None:
            values[date_column] = today or date.today()
        changed = connection.execute(
            update(Gouvernance)
            .where(Gouvernance.code_departement == code_departement, Gouvernance.version == version)
            .values(**values)
        ).rowcount
        if changed != 1:
            raise EditConflict(CONFLICT_MESSAGE.format(what="Cette gouvernance"))
        changes = {"etape": (current.etape, etape)}
        if date_column in values:
            changes[date_column] = (None, values[date_column])
        record_audit(connection, viewer, code_departement, "gouvernance", code_departement, changes, now)
    return version + 1


def record_audit(
    connection: Connection,
    viewer: Viewer,
    code_departement: str,
    objet: str,
    reference: str,
    changes: dict[str, tuple[object, object]],
    now: datetime | None,
) -> None:
    """One audit row per field that really changed, in the caller's transaction."""
    rows = [
        {
            "modifie_le": now or datetime.now(),
            "email": viewer.email,
            "code_departement": code_departement,
            "objet": objet,
            "reference": reference,
            "champ": field,
            "avant": None if before is None else str(before),
            "apres": None if after is None else str(after),
        }
        for field, (before, after) in changes.items()
        if before != after
    ]
    if rows:
        connection.execute(insert(Audit), rows)


def editable_actions(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Actions of the scope with the ``version`` an edit must name (reference, nom, statut, avancement)."""
    statement = (
        select(Action.reference, Action.nom, Action.statut, Action.avancement, Action.version)
        .where(departement_filter(territory, Action.code_departement))
        .order_by(Action.code_departement, Action.reference)
    )
    return read_frame(engine, statement)


def governance_version(engine: Engine, territory: Territory) -> pd.DataFrame:
    """The governance of a département scope with its stage and ``version`` (empty without one)."""
    statement = select(Gouvernance.code_departement, Gouvernance.etape, Gouvernance.version).where(
        departement_filter(territory, Gouvernance.code_departement)
    )
    return read_frame(engine, statement)
