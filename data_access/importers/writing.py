"""Writing an accepted file: bulk upserts, the import log, and the one transaction around them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, Insert, Table, and_, bindparam, insert, select, update

from data_access.db import refresh_statistics
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, read_source
from data_access.models import Departement, ImportLog

if TYPE_CHECKING:
    from data_access.importers.context import ImportContext

T = TypeVar("T")

CHUNK = 500


def known_departements(connection: Connection) -> dict[str, str]:
    """Départements loaded in the store (code → nom)."""
    return dict(connection.execute(select(Departement.code, Departement.nom)).all())


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def upsert(
    connection: Connection, table: Table, records: list[dict[str, object]], keys: tuple[str, ...]
) -> tuple[int, int]:
    """Insert new rows and update existing ones (matched on the unique ``keys``) in bulk.

    SQLite and PostgreSQL get ``INSERT … ON CONFLICT DO UPDATE``; any other
    dialect a bulk insert of the new rows and a bulk update of the others.
    Returns (inserted, updated).
    """
    if not records:
        return 0, 0
    key_columns = [table.c[key] for key in keys]
    # A long IN list on a table not yet analysed makes PostgreSQL scan it once per chunk:
    # for a large file, reading every key once is both simpler and faster.
    query = select(*key_columns)
    if len(records) <= CHUNK:
        query = query.where(key_columns[0].in_({record[keys[0]] for record in records}))
    existing = {tuple(row) for row in connection.execute(query)}
    updated = sum(1 for record in records if tuple(record[key] for key in keys) in existing)
    value_columns = [name for name in records[0] if name not in keys]
    statement = _conflict_upsert(connection, table, keys, value_columns)
    if statement is not None:
        for part in chunks(records, 5000):
            connection.execute(statement, list(part))
        return len(records) - updated, updated
    new = [record for record in records if tuple(record[key] for key in keys) not in existing]
    old = [record for record in records if tuple(record[key] for key in keys) in existing]
    for part in chunks(new, 5000):
        connection.execute(insert(table), list(part))
    if old and value_columns:
        by_key = (
            update(table)
            .where(and_(*(table.c[key] == bindparam(f"k_{key}") for key in keys)))
            .values({name: bindparam(f"v_{name}") for name in value_columns})
        )
        params = [
            {**{f"k_{key}": row[key] for key in keys}, **{f"v_{name}": row[name] for name in value_columns}}
            for row in old
        ]
        for part in chunks(params, 5000):
            connection.execute(by_key, list(part))
    return len(new), len(old)


def _conflict_upsert(
    connection: Connection, table: Table, keys: tuple[str, ...], value_columns: list[str]
) -> Insert | None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return None
    statement = dialect_insert(table)
    if not value_columns:
        return statement.on_conflict_do_nothing(index_elements=list(keys))
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in value_columns}
    )


def write_import_log(
    connection: Connection, report: ImportReport, source: Source, context: ImportContext
) -> None:
    """Who imported which file (name, size, SHA-256), when, for which territory, and what it did."""
    connection.execute(
        insert(ImportLog).values(
            kind=report.kind,
            filename=report.filename[:300],
            checksum=source.checksum,
            size_bytes=len(source.data),
            rows=report.rows,
            inserted=report.inserted,
            updated=report.updated,
            skipped=report.skipped,
            email=context.writer.email[:254],
            territoire=context.territory,
            imported_at=datetime.now().replace(microsecond=0),
            details=json.dumps(report.details(), ensure_ascii=False),
        )
    )


Handler = Callable[[Connection, Source, "ImportContext"], ImportReport]


def run_import(engine: Engine, path: Path, handler: Handler, context: ImportContext) -> ImportReport:
    """Read and screen, then validate and write one file in a single transaction, and log it.

    The writer's role is checked before the file is read; his territory, row by row, by the
    handler through ``context``.
    """
    context.require_importer(Path(path).name)
    source = read_source(Path(path), context.limits)
    with engine.begin() as connection:
        report = handler(connection, source, context)
        report.checksum = source.checksum
        write_import_log(connection, report, source, context)
    refresh_statistics(engine)
    return report
