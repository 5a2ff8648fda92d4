"""Facts about the store itself: demo data, and the freshness of each source."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.models import ImportLog, StoreMeta
from data_access.sql import read_frame, read_scalar

DEMO_KEY = "demo_data"


def is_demo_store(engine: Engine) -> bool:
    """True when the store holds generated demo data (the UI then says so)."""
    return read_scalar(engine, select(StoreMeta.value).where(StoreMeta.key == DEMO_KEY)) == "true"


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
