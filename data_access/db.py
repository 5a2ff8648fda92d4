"""Database location and engine creation.

The store is a SQLite file under ``data/`` by default so that a laptop needs no
set-up; ``DATABASE_URL`` points it at a shared PostgreSQL in production.

Every engine is bounded in time: a database that accepts connections but never
answers must turn into the outage page within seconds, not leave pages blank.
``DATABASE_CONNECT_TIMEOUT`` bounds the connection (PostgreSQL) and
``DATABASE_STATEMENT_TIMEOUT`` each statement (PostgreSQL's ``statement_timeout``,
SQLite's busy timeout); the command line, whose imports may rightly run long,
turns the latter off.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "fne.sqlite"
CONNECT_TIMEOUT_SECONDS = 5.0
STATEMENT_TIMEOUT_SECONDS = 30.0
SQLITE_DEFAULT_BUSY_SECONDS = 5.0
"""The Python driver's own busy timeout, kept when the statement timeout is off."""


def database_url() -> str:
    """The configured URL, or the embedded SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def writer_database_url() -> str:
    """Where imports and edits write: ``DATABASE_WRITER_URL``, else the same store as the reads."""
    return os.environ.get("DATABASE_WRITER_URL") or database_url()


def is_default_store(url: str) -> bool:
    """True for the embedded SQLite store, which may be filled with demo data on first start."""
    return url == f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _seconds_from_environment(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"{name} doit être un nombre de secondes, pas « {raw} ».") from None
    if seconds < 0:
        raise ValueError(f"{name} doit être positif ou nul, pas « {raw} ».")
    return seconds


def connect_timeout() -> float:
    """Seconds allowed to open a connection: ``DATABASE_CONNECT_TIMEOUT``, 5 by default."""
    return _seconds_from_environment("DATABASE_CONNECT_TIMEOUT", CONNECT_TIMEOUT_SECONDS)


def statement_timeout() -> float:
    """Seconds allowed to one statement: ``DATABASE_STATEMENT_TIMEOUT``, 30 by default, 0 for none."""
    return _seconds_from_environment("DATABASE_STATEMENT_TIMEOUT", STATEMENT_TIMEOUT_SECONDS)


def make_engine(url: str | None = None, statement_seconds: float | None = None) -> Engine:
    """Create an engine bounded by the connect and statement timeouts.

    ``statement_seconds`` overrides ``DATABASE_STATEMENT_TIMEOUT`` (0: no limit, for the
    command line). SQLite gets its parent folder, foreign keys and WAL.
    """
    url = url or database_url()
    statement_seconds = statement_timeout() if statement_seconds is None else statement_seconds
    if url.startswith("sqlite"):
        busy_seconds = statement_seconds or SQLITE_DEFAULT_BUSY_SECONDS
        if url.startswith("sqlite:///") and not url.endswith(":memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_seconds})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, object] = {}
    if url.startswith("postgresql"):
        connect_args["connect_timeout"] = max(1, round(connect_timeout()))
        if statement_seconds:
            connect_args["options"] = f"-c statement_timeout={round(statement_seconds * 1000)}"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def refresh_statistics(engine: Engine) -> None:
    """Have the planner's statistics follow a bulk write (demo, geography, import).

    PostgreSQL's autovacuum analyses a table only some time after a bulk load; until then
    the planner takes 35 000 communes for 3 000 and 31 000 lieux for one, and may pick a
    nested loop for the fragility distance join: minutes instead of a fraction of a second,
    worst on a freshly copied streaming replica, which cannot analyse itself. SQLite's
    planner needs no such help.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
