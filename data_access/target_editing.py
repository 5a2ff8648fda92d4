"""A département sets its own target for a national indicator, replacing its population share.

The lieux keep theirs in ``lieux_objectif.objectif_local``; the other indicators in
``indicateur_objectif``. Clearing the local target brings the derived one back. Every
change is audited like the other edits (who, when, before, after).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update

from data_access.access import Viewer, require_editor
from data_access.editing import EditRejected, record_audit
from data_access.indicators import BY_CODE
from data_access.models import IndicateurObjectif, LieuxObjectif

MAX_SOURCE = 250


def update_local_target(
    engine: Engine,
    viewer: Viewer,
    indicateur: str,
    code_departement: str,
    objectif: int | None,
    source: str | None = None,
    now: datetime | None = None,
) -> None:
    """Set (or, with ``None``, clear) the local target of ``indicateur`` for a département; audited."""
    definition = BY_CODE.get(indicateur)
    if definition is None or not definition.has_target:
        raise EditRejected(f"Indicateur sans objectif national : « {indicateur} ».")
    if objectif is not None and objectif <= 0:
        raise EditRejected("Un objectif local est un nombre entier strictement positif.")
    source = (source or "").strip()[:MAX_SOURCE] or None
    require_editor(viewer, code_departement)
    with engine.begin() as connection:
        if indicateur == "lieux":
            before = connection.scalar(
                select(LieuxObjectif.objectif_local).where(LieuxObjectif.code_departement == code_departement)
            )
            connection.execute(
                update(LieuxObjectif)
                .where(LieuxObjectif.code_departement == code_departement)
                .values(objectif_local=objectif, source_local=source if objectif is not None else None)
            )
        else:
            key = (IndicateurObjectif.indicateur == indicateur) & (
                IndicateurObjectif.code_departement == code_departement
            )
            before = connection.scalar(select(IndicateurObjectif.objectif_local).where(key))
            connection.execute(delete(IndicateurObjectif).where(key))
            if objectif is not None:
                connection.execute(
                    insert(IndicateurObjectif).values(
                        indicateur=indicateur,
                        code_departement=code_departement,
                        objectif_local=objectif,
                        source_local=source,
                    )
                )
        record_audit(
            connection,
            viewer,
            code_departement,
            "objectif",
            indicateur,
            {"objectif_local": (before, objectif)},
            now,
        )
