"""History of the store: the audit of edits made from the dashboard, and the log of accepted imports.

The Historique page shows the audit; the Administration page the import log.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Audit, ImportLog
from data_access.scope import Territory, departement_filter
from data_access.sql import read_frame


def audit_log(engine: Engine, territory: Territory, limit: int = 300) -> pd.DataFrame:
    """The latest changes in the territory's départements, most recent first."""
    statement = (
        select(
            Audit.modifie_le,
            Audit.email,
            Audit.code_departement,
            Audit.objet,
            Audit.reference,
            Audit.champ,
            Audit.avant,
            Audit.apres,
        )
        .where(departement_filter(territory, Audit.code_departement))
        .order_by(Audit.modifie_le.desc(), Audit.id.desc())
        .limit(limit)
    )
    return read_frame(engine, statement)


IMPORT_HISTORY_COLUMNS = [
    "imported_at", "kind", "filename", "rows", "inserted", "updated", "warnings",
]  # fmt: skip


def import_history(engine: Engine, limit: int = 20) -> pd.DataFrame:
    """The last ``limit`` accepted imports, newest first: when, what, which file, how many rows.

    Added, updated and warning counts come from the JSON the importer logged with each
    import (read here for these few rows only).
    """
    statement = (
        select(
            ImportLog.imported_at,
            ImportLog.kind,
            ImportLog.filename,
            ImportLog.rows,
            ImportLog.details,
        )
        .order_by(ImportLog.imported_at.desc(), ImportLog.id.desc())
        .limit(limit)
    )
    frame = read_frame(engine, statement, ["imported_at", "kind", "filename", "rows", "details"])
    details = [_details(text) for text in frame["details"]]
    for column in ("inserted", "updated", "warnings"):
        counts = [item.get(column) for item in details]
        frame[column] = pd.array([n if isinstance(n, int) else None for n in counts], dtype="Int64")
    return frame[IMPORT_HISTORY_COLUMNS]


def _details(text: object) -> dict[str, object]:
    try:
        parsed = json.loads(text) if isinstance(text, str) else {}
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
