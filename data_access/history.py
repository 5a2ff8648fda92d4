"""History of the store: the audit of edits made from the dashboard, and the log of accepted imports.

The Historique page shows both; the Administration page the latest imports.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import ColumnElement, Engine, select, true

from data_access.models import Audit, ImportLog
from data_access.scope import NATIONAL, Territory, departement_filter
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
    "imported_at", "email", "kind", "filename", "size_bytes", "checksum", "territoire",
    "rows", "inserted", "updated", "skipped", "warnings",
]  # fmt: skip


def import_history(engine: Engine, territory: Territory = NATIONAL, limit: int = 20) -> pd.DataFrame:
    """The last ``limit`` accepted imports seen from ``territory``, newest first: when, by whom,
    which file (name, size, SHA-256), for which territory, and the rows added, updated, ignored.

    A national view shows every import; any other the national imports (they touch every
    territory) and those made by a writer of that very territory. Imports logged before the
    audit columns existed take their counts from the JSON logged with them.
    """
    statement = (
        select(
            ImportLog.imported_at,
            ImportLog.email,
            ImportLog.kind,
            ImportLog.filename,
            ImportLog.size_bytes,
            ImportLog.checksum,
            ImportLog.territoire,
            ImportLog.rows,
            ImportLog.inserted,
            ImportLog.updated,
            ImportLog.skipped,
            ImportLog.details,
        )
        .where(_writer_territory_filter(territory))
        .order_by(ImportLog.imported_at.desc(), ImportLog.id.desc())
        .limit(limit)
    )
    frame = read_frame(engine, statement, [*IMPORT_HISTORY_COLUMNS[:-1], "details"])
    details = [_details(text) for text in frame["details"]]
    for column in ("inserted", "updated", "skipped", "warnings"):
        logged = frame[column] if column in frame else pd.Series([None] * len(frame), dtype=object)
        counts = [
            value if value is not None and not pd.isna(value) else item.get(column)
            for value, item in zip(logged, details, strict=True)
        ]
        frame[column] = pd.array(
            [int(n) if isinstance(n, int | float) else None for n in counts], dtype="Int64"
        )
    frame["size_bytes"] = pd.array(
        [None if pd.isna(size) else int(size) for size in frame["size_bytes"]], dtype="Int64"
    )
    return frame[IMPORT_HISTORY_COLUMNS]


def _writer_territory_filter(territory: Territory) -> ColumnElement[bool]:
    if territory.level == "national" and territory.allowed is None:
        return true()
    labels = ["national"]
    if territory.level == "region":
        labels.append(f"regional:{territory.code}")
    elif territory.level == "departement":
        labels.append(f"departement:{territory.code}")
    return ImportLog.territoire.in_(labels)


def _details(text: object) -> dict[str, object]:
    try:
        parsed = json.loads(text) if isinstance(text, str) else {}
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
