"""Bounded database work: a silent database becomes the outage page within seconds, a statement
has a time limit (except on the command line), and failures that are not outages say what they are."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from data_access import cli
from data_access.db import make_engine
from data_access.failures import NOT_A_DATABASE, REFUSED_VALUE, TOO_SLOW, classify
from tests.pages.conftest import reset_resources
from tests.test_outage import assert_unreachable_page, errors, open_app

SILENT_CONNECT_TIMEOUT = 2


class SilentServer:
    """Accepts TCP connections and never answers: a database host whose server hangs."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(client)

    def close(self) -> None:
        self.listener.close()
        for client in self.accepted:
            with contextlib.suppress(OSError):
                client.close()


@pytest.fixture
def silent_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[SilentServer]:
    server = SilentServer()
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://fne@127.0.0.1:{server.port}/fne")
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", str(SILENT_CONNECT_TIMEOUT))
    reset_resources()
    yield server
    reset_resources()
    server.close()


def test_a_silent_database_gives_the_outage_page_within_seconds(silent_database: SilentServer) -> None:
    started = time.monotonic()
    app = open_app()
    elapsed = time.monotonic() - started
    assert_unreachable_page(app)
    assert silent_database.accepted, "the app never tried the silent server"
    assert elapsed < SILENT_CONNECT_TIMEOUT + 8, f"outage page after {elapsed:.1f} s"

    started = time.monotonic()
    app.button[0].click().run()
    assert_unreachable_page(app)
    assert time.monotonic() - started < SILENT_CONNECT_TIMEOUT + 8


def test_a_file_that_is_not_a_database_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("Ceci est un compte rendu, pas une base.\n" * 200, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{not_a_store}")
    reset_resources()
    try:
        app = open_app()
    finally:
        reset_resources()
    assert not app.exception
    assert errors(app) == [NOT_A_DATABASE]
    assert "ce n'est pas un fichier de la base" in errors(app)[0]
    assert not app.button, "retrying cannot help: the configuration must change"


def failure_of(engine: Engine, statement: str, **parameters: object) -> SQLAlchemyError:
    with pytest.raises(SQLAlchemyError) as raised, engine.connect() as connection:
        connection.execute(text(statement), parameters)
    return raised.value


def test_a_value_the_database_refuses_is_not_an_outage(postgres_url: str) -> None:
    created = make_engine(postgres_url)
    try:
        error = failure_of(created, "SELECT :code = 'x'", code="2\x008")
    finally:
        created.dispose()
    assert classify(error).message == REFUSED_VALUE
    assert not classify(error).retry


def test_the_statement_timeout_applies_and_says_the_database_is_too_slow(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "0.5")
    bounded = make_engine(postgres_url)
    try:
        started = time.monotonic()
        error = failure_of(bounded, "SELECT pg_sleep(5)")
        assert time.monotonic() - started < 3
    finally:
        bounded.dispose()
    assert classify(error).message == TOO_SLOW
    assert classify(error).retry


def test_the_statement_timeout_is_thirty_seconds_by_default_and_zero_disables_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT", raising=False)
    for seconds, shown in ((None, "30s"), (0, "0")):
        created = make_engine(postgres_url, statement_seconds=seconds)
        with created.connect() as connection:
            assert connection.scalar(text("SHOW statement_timeout")) == shown
        created.dispose()


def test_sqlite_waits_for_a_lock_as_long_as_the_statement_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "12")
    created = make_engine(url)
    with created.connect() as connection:
        assert connection.scalar(text("PRAGMA busy_timeout")) == 12_000
    created.dispose()


def test_the_command_line_runs_without_statement_timeout(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "0.2")
    seen: list[str] = []

    def long_statement(_args: object, engine: Engine) -> int:
        with engine.connect() as connection:
            seen.append(connection.scalar(text("SHOW statement_timeout")))
            connection.execute(text("SELECT pg_sleep(0.5)"))
        return 0

    monkeypatch.setattr(cli, "_run", long_statement)
    assert cli.main(["upgrade"]) == 0
    assert seen == ["0"]


def test_timeouts_must_be_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "trente")
    with pytest.raises(ValueError, match="DATABASE_STATEMENT_TIMEOUT doit être un nombre de secondes"):
        make_engine(f"sqlite:///{os.devnull}")
