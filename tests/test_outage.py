"""Outages: a database that is down at start or mid-session gives a French page with « Réessayer »,
and the dashboard comes back by itself once the database does; a store without schema or without
geography says what to do instead of a traceback.

The shared PostgreSQL server is never stopped: the app reaches it through a small TCP
proxy of this module, which the tests close (connections refused, open ones cut) and reopen.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard import resources
from data_access.db import make_engine
from data_access.geography import load_geography
from data_access.migrate import upgrade
from tests.conftest import SMALL_GEOGRAPHY
from tests.pages.conftest import APP_PATH, PAGE_TIMEOUT_SECONDS, all_text, reset_resources, run_page

UNREACHABLE = "La base de données est injoignable pour le moment."
RETRY = "Réessayer"
PAGES = re.findall(r'"(pages/[a-z_]+\.py)"', APP_PATH.read_text(encoding="utf-8"))
"""Every page the navigation declares."""


class Proxy:
    """A TCP relay from a local port to the database server, that can be cut and restored.

    ``close`` stops listening (new connections are refused at once) and cuts the relayed
    connections (pooled connections break); ``open`` listens again on the same port.
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._connections.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxied_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Proxy]]:
    """A fresh PostgreSQL database (migrated, small geography) that the app reaches through a proxy."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("TEST_DATABASE_URL n'est pas défini : tests de panne PostgreSQL ignorés")
    server = make_url(server_url)
    name = f"fne_outage_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    direct = make_engine(server.set(database=name).render_as_string(hide_password=False))
    upgrade(direct)
    load_geography(direct, SMALL_GEOGRAPHY)
    direct.dispose()
    proxy = Proxy((server.host or "127.0.0.1", server.port or 5432))
    proxy.open()
    url = server.set(host="127.0.0.1", port=proxy.port, database=name)
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    reset_resources()
    yield url.render_as_string(hide_password=False), proxy
    reset_resources()
    proxy.close()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def open_app() -> AppTest:
    app = AppTest.from_file(str(APP_PATH), default_timeout=PAGE_TIMEOUT_SECONDS)
    app.run()
    return app


def errors(app: AppTest) -> list[str]:
    return [element.value for element in app.error]


def assert_unreachable_page(app: AppTest) -> None:
    """What the user sees: the French sentence and the retry button, no traceback."""
    assert not app.exception, [element.value for element in app.exception]
    assert any(message.startswith(UNREACHABLE) for message in errors(app)), errors(app)
    assert [button.label for button in app.button] == [RETRY]


def assert_synthese(app: AppTest) -> None:
    assert not app.exception, [element.value for element in app.exception]
    assert errors(app) == []
    assert [title.value for title in app.title] == ["Synthèse"]
    assert "Territoire : France entière" in all_text(app)


def test_database_down_at_start_shows_a_french_page_then_retry_recovers(
    proxied_url: tuple[str, Proxy],
) -> None:
    _, proxy = proxied_url
    proxy.close()
    app = open_app()
    assert_unreachable_page(app)

    app.button[0].click().run()
    assert_unreachable_page(app)  # still down: the same page, the retry stays

    proxy.open()
    app.button[0].click().run()
    assert_synthese(app)


def test_database_lost_mid_session_shows_a_french_page_then_retry_recovers(
    proxied_url: tuple[str, Proxy],
) -> None:
    _, proxy = proxied_url
    app = open_app()
    assert_synthese(app)

    proxy.close()
    resources.clear_caches()  # the cached figures would hide the outage for up to five minutes
    app.run()
    assert_unreachable_page(app)

    proxy.open()
    app.button[0].click().run()
    assert_synthese(app)


def test_database_up_renders_the_page(proxied_url: tuple[str, Proxy]) -> None:
    assert_synthese(open_app())


def test_store_without_schema_says_an_administrator_must_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'vide.sqlite'}"
    make_engine(url).dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    reset_resources()
    try:
        app = open_app()
    finally:
        reset_resources()
    assert not app.exception
    assert errors(app) == [
        "La base de données configurée n'est pas initialisée ou pas à jour. Un administrateur doit "
        "lancer `python -m data_access upgrade`, puis importer les données."
    ]


@pytest.fixture
def store_without_geography(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated store in which nothing was loaded yet, not even the geography."""
    url = f"sqlite:///{tmp_path / 'sans-geographie.sqlite'}"
    created = make_engine(url)
    upgrade(created)
    created.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    reset_resources()
    yield url
    reset_resources()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, {"departement": "28"}], ids=["national", "departement"])
def test_store_without_geography_gives_guidance_not_a_traceback(
    store_without_geography: str, page: str, params: dict[str, str]
) -> None:
    app = run_page(page, **params)
    assert errors(app) == []
    guidance = [element.value for element in app.info]
    assert guidance, "aucun message n'explique la page vide"
    assert all(element.value for element in app.title)
