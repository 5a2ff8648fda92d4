"""Write the built rows: every non-geography table replaced in the caller's transaction."""

from __future__ import annotations

from sqlalchemy import Connection, Integer, delete, insert, text, update

from data_access.demo.settings import EURE_ET_LOIR, EURE_ET_LOIR_LIEUX_TARGET
from data_access.models import (
    Action,
    Axe,
    Candidature,
    CandidatureTerritoire,
    Cofinancement,
    Comite,
    ComiteReunion,
    Convention,
    Coporteur,
    Decision,
    DemandeSubvention,
    Enveloppe,
    FeuilleDeRoute,
    Gouvernance,
    IfnCommune,
    IfnEpci,
    ImportLog,
    IndicateurDetail,
    IndicateurObjectif,
    IndicateurReleve,
    JalonLocal,
    Lieu,
    LieuxObjectif,
    LieuxSnapshot,
    ReunionParticipant,
    StoreMeta,
)

REPLACED = [
    ReunionParticipant,
    Decision,
    ComiteReunion,
    Comite,
    Coporteur,
    Gouvernance,
    Cofinancement,
    DemandeSubvention,
    Action,
    JalonLocal,
    Axe,
    FeuilleDeRoute,
    CandidatureTerritoire,
    Candidature,
    Convention,
    Enveloppe,
    Lieu,
    LieuxSnapshot,
    IndicateurReleve,
    IndicateurDetail,
    IndicateurObjectif,
    IfnCommune,
    IfnEpci,
    ImportLog,
    StoreMeta,
]
"""Every non-geography table, children first (the order of deletion; insertion is the reverse)."""


def write(connection: Connection, rows: dict[str, list[dict[str, object]]]) -> None:
    for model in REPLACED:
        connection.execute(delete(model))
    connection.execute(update(LieuxObjectif).values(objectif_local=None, source_local=None))
    for model in reversed(REPLACED):
        records = rows.get(model.__tablename__, [])
        if records:
            connection.execute(insert(model), records)
    if EURE_ET_LOIR in {record["code_departement"] for record in rows.get("lieux_snapshot", [])}:
        connection.execute(
            update(LieuxObjectif)
            .where(LieuxObjectif.code_departement == EURE_ET_LOIR)
            .values(
                objectif_local=EURE_ET_LOIR_LIEUX_TARGET,
                source_local="Feuille de route d'Eure-et-Loir : relevé de conclusions du comité technique "
                "du 4 avril 2024 (environ 200 lieux à identifier)",
            )
        )
    if connection.dialect.name == "postgresql":
        # explicit ids leave the serial sequences behind: put them after the rows written
        for model in REPLACED:
            if "id" in model.__table__.c and isinstance(model.__table__.c.id.type, Integer):
                table = model.__tablename__
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )
                )
