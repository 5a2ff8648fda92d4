"""Stores built as an operator builds them: ``python -m data_access upgrade``, ``geography``, ``demo``.

Used by the benchmarks, the load test and the cluster, so that a national demo store (SQLite
file or PostgreSQL database) is made one way everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCAL_POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
"""The local server the tests use; only its address counts, stores are databases of their own."""


class StoreBuildFailed(RuntimeError):
    """A ``python -m data_access`` step ended with an error (its message carries the command's output)."""


def build_steps(scale: float) -> list[tuple[str, list[str]]]:
    """``python -m data_access`` commands that fill an empty store, as an operator would."""
    return [("upgrade", ["upgrade"]), ("geography", ["geography"]), ("demo", ["demo", "--scale", str(scale)])]


def build_store(url: str, scale: float = 1.0) -> dict[str, float]:
    """Fill the empty store at ``url`` with the reference geography and the demo data; seconds per step."""
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("DATABASE_WRITER_URL", None)
    seconds: dict[str, float] = {}
    for step, arguments in build_steps(scale):
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "data_access", *arguments],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds[step] = round(time.perf_counter() - started, 2)
        if completed.returncode != 0:
            raise StoreBuildFailed(
                f"python -m data_access {' '.join(arguments)} a échoué :\n{completed.stderr[-3000:]}"
            )
    return seconds


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def remove_sqlite(path: Path) -> None:
    """The file and its WAL companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def demo_sqlite_store(path: Path, scale: float = 1.0) -> str:
    """A SQLite demo store at ``path``, built unless the file already exists; its URL."""
    url = sqlite_url(path)
    if path.exists():
        return url
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        build_store(url, scale)
    except StoreBuildFailed:
        remove_sqlite(path)
        raise
    return url


def postgres_answers(server_url: str) -> bool:
    """True when the PostgreSQL server of ``server_url`` accepts a connection within 3 s."""
    probe = create_engine(server_url, connect_args={"connect_timeout": 3})
    try:
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False
    finally:
        probe.dispose()


def database_on(server_url: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``server_url`` (password kept)."""
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def recreate_database(server_url: str, name: str, template: str | None = None) -> str:
    """Drop database ``name`` (closing its sessions) and create it empty, or as a copy of ``template``."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    finally:
        admin.dispose()
    return database_on(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
