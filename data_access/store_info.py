"""Facts about the store itself: demo data, and the freshness of each source."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.models import Audit, ImportLog, StoreMeta
from data_access.sql import read_frame, read_scalar

DEMO_KEY = "demo_data"
REFERENCE_DATE_KEY = "reference_date"


def is_demo_store(engine: Engine) -> bool:
    """True when the store holds generated demo data (the UI then says so)."""
    return read_scalar(engine, select(StoreMeta.value).where(StoreMeta.key == DEMO_KEY)) == "true"


def reference_date(engine: Engine) -> date:
    """The date the figures are computed at: today, or the date a demo dataset was drawn for.

    Lateness, overdue actions and freshness are relative to this date, so that a demo
    store keeps telling the same plausible story whatever the clock says.
    """
    stored = read_scalar(engine, select(StoreMeta.value).where(StoreMeta.key == REFERENCE_DATE_KEY))
    return date.fromisoformat(str(stored)) if stored else date.today()


def source_freshness(engine: Engine) -> pd.DataFrame:
    """Per import kind: the last accepted import (date, file, rows) and how many imports there were."""
    latest = (
        select(
            ImportLog.kind,
            func.max(ImportLog.imported_at).label("derniere_importation"),
            func.count().label("imports"),
        )
        .group_by(ImportLog.kind)
        .subquery()
    )
    statement = (
        select(
            latest.c.kind,
            latest.c.derniere_importation,
            latest.c.imports,
            func.max(ImportLog.filename).label("fichier"),
            func.max(ImportLog.rows).label("lignes"),
        )
        .join(
            ImportLog,
            (ImportLog.kind == latest.c.kind) & (ImportLog.imported_at == latest.c.derniere_importation),
        )
        .group_by(latest.c.kind, latest.c.derniere_importation, latest.c.imports)
        .order_by(latest.c.kind)
    )
    return read_frame(engine, statement)


DataVersion = tuple[int, int, int, int]
"""Last id and row count of the import log, then of the audit log."""


def data_version(engine: Engine) -> DataVersion:
    """What changes whenever the store's content does: every import is logged, every edit audited.

    Caches key on it, so that each dashboard process (each replica) sees an import or an edit
    on its next check instead of after its cache's TTL. Counts beside the last ids catch a
    transaction that committed after a later one.
    """
    with engine.connect() as connection:
        row = connection.execute(
            select(
                select(func.coalesce(func.max(ImportLog.id), 0)).scalar_subquery(),
                select(func.count()).select_from(ImportLog).scalar_subquery(),
                select(func.coalesce(func.max(Audit.id), 0)).scalar_subquery(),
                select(func.count()).select_from(Audit).scalar_subquery(),
            )
        ).one()
    return (int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def caught_up(version: DataVersion, written: DataVersion) -> bool:
    """True when a store at ``version`` holds every change of one seen at ``written``."""
    return all(have >= wanted for have, wanted in zip(version, written, strict=True))
