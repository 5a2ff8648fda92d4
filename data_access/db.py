"""Database location and engine creation.

The store is a SQLite file under ``data/`` by default so that a laptop needs no
set-up; ``DATABASE_URL`` points it at a shared PostgreSQL in production.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "fne.sqlite"


def database_url() -> str:
    """The configured URL, or the embedded SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def writer_database_url() -> str:
    """Where imports and edits write: ``DATABASE_WRITER_URL``, else the same store as the reads."""
    return os.environ.get("DATABASE_WRITER_URL") or database_url()


def is_default_store(url: str) -> bool:
    """True for the embedded SQLite store, which may be filled with demo data on first start."""
    return url == f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite gets its parent folder, foreign keys and WAL."""
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
