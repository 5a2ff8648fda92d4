"""The national-scale benchmark stores: built once with the store's own command line, then reused.

A store is rebuilt only when the demo generator, the migrations or the reference
geography changed since it was built (their fingerprint is kept in ``store_meta``),
so that repeated runs measure the app rather than the generator.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from benchmarks.common import REPO_ROOT, STORES_DIR, log
from data_access.db import make_engine
from data_access.models import Base, StoreMeta
from tooling.stores import (
    LOCAL_POSTGRES_SERVER,
    StoreBuildFailed,
    build_store,
    database_on,
    drop_database,
    postgres_answers,
    recreate_database,
    remove_sqlite,
)

POSTGRES_DATABASE = "fne_bench"
IMPORT_COPY_DATABASE = "fne_bench_import"
SQLITE_FILE = STORES_DIR / "fne_bench.sqlite"
MARKER_KEY = "benchmark_store"
DEMO_SCALE = 1.0


@dataclass
class Backend:
    """One database the benchmark runs on."""

    name: str
    url: str
    server_url: str | None = None
    """PostgreSQL only: the server URL used to create and copy databases."""

    def engine(self) -> Engine:
        """Without statement timeout: the benchmark runs imports as the command line does."""
        return make_engine(self.url, statement_seconds=0)


@dataclass
class StoreReport:
    backend: str
    reused: bool
    built_at: str
    build_seconds: dict[str, float]
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_build_seconds(self) -> float:
        return sum(self.build_seconds.values())


def available_backends(requested: list[str]) -> tuple[list[Backend], list[str]]:
    """The requested backends that can run here, and a note for each one skipped."""
    backends: list[Backend] = []
    notes: list[str] = []
    for name in requested:
        if name == "sqlite":
            backends.append(Backend("sqlite", f"sqlite:///{SQLITE_FILE}"))
        elif name == "postgresql":
            server = os.environ.get("BENCH_DATABASE_URL") or LOCAL_POSTGRES_SERVER
            if postgres_answers(server):
                backends.append(Backend("postgresql", database_on(server, POSTGRES_DATABASE), server))
            else:
                notes.append(f"PostgreSQL ignoré : {make_url(server).render_as_string()} ne répond pas")
        else:
            raise ValueError(f"backend inconnu : {name}")
    return backends, notes


def fingerprint() -> str:
    """What the store's content depends on: demo generator, migrations, geography assets, scale."""
    digest = hashlib.sha256(f"scale={DEMO_SCALE}".encode())
    sources = sorted((REPO_ROOT / "data_access" / "demo").rglob("*.py"))
    sources += [REPO_ROOT / "data_access" / "geography.py"]
    sources += sorted((REPO_ROOT / "data_access" / "migrations").rglob("*.py"))
    sources += sorted((REPO_ROOT / "assets" / "geo").glob("*.*"))
    for path in sources:
        if path.is_file():
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_store(backend: Backend, *, rebuild: bool = False) -> StoreReport:
    """Reuse the backend's store when its fingerprint matches, else build it from scratch."""
    wanted = fingerprint()
    marker = None if rebuild else _read_marker(backend)
    if marker and marker.get("fingerprint") == wanted:
        log(f"{backend.name} : base de benchmark réutilisée (construite le {marker['built_at']})")
        report = StoreReport(backend.name, True, marker["built_at"], marker["build_seconds"])
    else:
        report = _build(backend, wanted)
    report.rows = row_counts(backend)
    return report


def _read_marker(backend: Backend) -> dict | None:
    if backend.name == "sqlite" and not SQLITE_FILE.exists():
        return None
    try:
        engine = create_engine(backend.url)
        try:
            if not inspect(engine).has_table(StoreMeta.__tablename__):
                return None
            with engine.connect() as connection:
                value = connection.scalar(select(StoreMeta.value).where(StoreMeta.key == MARKER_KEY))
        finally:
            engine.dispose()
    except SQLAlchemyError:
        return None
    return json.loads(value) if value else None


def _build(backend: Backend, wanted: str) -> StoreReport:
    log(f"{backend.name} : construction de la base nationale (upgrade, geography, demo --scale 1)…")
    _reset(backend)
    try:
        seconds = build_store(backend.url, DEMO_SCALE)
    except StoreBuildFailed as failure:
        raise RuntimeError(f"{backend.name} : {failure}") from None
    log(f"{backend.name} : construite en {sum(seconds.values()):.1f} s ({seconds})")
    built_at = datetime.now().isoformat(timespec="seconds")
    marker = {"fingerprint": wanted, "built_at": built_at, "build_seconds": seconds}
    engine = create_engine(backend.url)
    try:
        with engine.begin() as connection:
            connection.execute(StoreMeta.__table__.delete().where(StoreMeta.key == MARKER_KEY))
            connection.execute(StoreMeta.__table__.insert(), {"key": MARKER_KEY, "value": json.dumps(marker)})
    finally:
        engine.dispose()
    return StoreReport(backend.name, False, built_at, seconds)


def _reset(backend: Backend) -> None:
    """An empty database: a new SQLite file, or the PostgreSQL database dropped and created again."""
    if backend.name == "sqlite":
        STORES_DIR.mkdir(parents=True, exist_ok=True)
        remove_sqlite(SQLITE_FILE)
        return
    assert backend.server_url is not None
    recreate_database(backend.server_url, POSTGRES_DATABASE)


def row_counts(backend: Backend) -> dict[str, int]:
    """Rows of every table of the model, in dependency order."""
    engine = create_engine(backend.url)
    try:
        with engine.connect() as connection:
            return {
                table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def fresh_copy(backend: Backend) -> Backend:
    """A throw-away copy of the store, so that an import does not change the measured store.

    SQLite is copied with the online backup API (which includes the WAL); PostgreSQL
    with ``CREATE DATABASE … TEMPLATE``, which needs no other session on the store.
    """
    if backend.name == "sqlite":
        target = STORES_DIR / "fne_bench_import.sqlite"
        remove_sqlite(target)
        source = sqlite3.connect(SQLITE_FILE)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return Backend("sqlite", f"sqlite:///{target}")
    assert backend.server_url is not None
    url = recreate_database(backend.server_url, IMPORT_COPY_DATABASE, template=POSTGRES_DATABASE)
    return Backend("postgresql", url, backend.server_url)


def drop_copy(copy: Backend) -> None:
    if copy.name == "sqlite":
        remove_sqlite(Path(make_url(copy.url).database or ""))
        return
    assert copy.server_url is not None
    drop_database(copy.server_url, IMPORT_COPY_DATABASE)
