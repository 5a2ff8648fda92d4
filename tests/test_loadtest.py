"""The load script against real servers: a few sessions on a tiny store, and an app that raises.

Functional, not timed: it checks that sessions are served without error on every
territory, that the report and exit code say so, and that what a user would see as
an error (an exception, a page not found) is counted as one.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access.db import make_engine
from data_access.demo import generate_demo
from data_access.geography import load_geography
from data_access.migrate import upgrade
from loadtest.client import AppPage, SessionBroken, StreamlitSession
from loadtest.run import Level, default_levels, main, measure, run_load
from tests.conftest import SMALL_GEOGRAPHY
from tooling.server import ServerProcess

RAISING_APP = """
import streamlit as st

if st.query_params.get("boom"):
    raise RuntimeError("boum")
st.title("Tout va bien")
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The dashboard on a tiny store: the small geography and 5 % of the demo data."""
    url = f"sqlite:///{tmp_path_factory.mktemp('loadtest') / 'tiny.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    load_geography(engine, SMALL_GEOGRAPHY)
    generate_demo(engine, scale=0.05)
    engine.dispose()
    started = ServerProcess.start(url)
    yield started
    started.stop()


def test_sessions_are_served_without_error_on_every_territory(server: ServerProcess, tmp_path: Path) -> None:
    report = asyncio.run(
        measure(
            server.base_url, sessions=3, duration=5, levels=default_levels(), server=server, run_timeout=60
        )
    )

    assert report.error_count == 0, report.error_summary()
    assert not report.server_log_errors
    assert report.passed
    assert len(report.runs_per_user) == 3
    assert all(runs >= 1 for runs in report.runs_per_user)
    assert {record.level for record in report.page_runs} == {"national", "region=24", "departement=28"}
    assert "Synthèse (/)" in report.pages and "Lieux de médiation (/lieux)" in report.pages
    assert report.memory_mb["end"] and report.memory_mb["end"] > 0
    markdown = report.to_markdown()
    assert "✅ 0 erreur" in markdown
    assert "**toutes (overall)** | " + str(len(report.page_runs)) + " | 0 |" in markdown


def test_an_answer_cut_short_is_a_broken_session_the_user_reopens() -> None:
    """A replica killed while it answers ``/_stcore/health`` leaves a truncated reply: the virtual
    user must see a broken session (and reconnect), not crash the whole load."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_half() -> None:
        for _ in range(2):
            connection, _ = listener.accept()
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 687\r\n\r\nok")
            connection.close()

    threading.Thread(target=answer_half, daemon=True).start()
    try:
        with pytest.raises(SessionBroken, match="IncompleteRead"):
            asyncio.run(StreamlitSession(f"http://127.0.0.1:{port}", run_timeout=5).open())
    finally:
        listener.close()


def test_with_a_pause_users_arrive_one_after_another(server: ServerProcess) -> None:
    """Four users pausing 2 s on average arrive over 2 s, not in the same millisecond."""
    pages = [AppPage("", "Synthèse")]
    result = asyncio.run(
        run_load(server.base_url, sessions=4, duration=3, pages=pages, levels=default_levels(), think_time=2)
    )
    first_view = {}
    for record in sorted(result.records, key=lambda record: record.started):
        first_view.setdefault(record.user, record.started)
    assert sorted(first_view) == [0, 1, 2, 3]
    for user, started in first_view.items():
        assert started >= user * 0.5, (user, started)


def test_command_line_writes_the_report_and_exits_zero(server: ServerProcess, tmp_path: Path) -> None:
    arguments = ["--url", server.base_url, "--sessions", "2", "--duration", "2", "--pages", "lieux,/"]
    code = main([*arguments, "--levels", "departement", "--output", str(tmp_path)])

    assert code == 0
    written = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "Lieux de médiation (/lieux)" in written and "Synthèse (/)" in written
    assert "Gouvernance" not in written
    assert (tmp_path / "latest.json").exists()


def test_a_page_that_does_not_exist_is_an_error(server: ServerProcess) -> None:
    result = asyncio.run(
        run_load(
            server.base_url,
            sessions=1,
            duration=1,
            pages=[AppPage("inexistante", "Inexistante")],
            levels=[Level("national", "")],
            run_timeout=60,
        )
    )

    assert result.records
    assert all(any("page introuvable" in error for error in record.errors) for record in result.records)


def test_a_territory_the_app_drops_is_an_error(server: ServerProcess) -> None:
    async def view() -> list[str]:
        session = StreamlitSession(server.base_url, run_timeout=60)
        await session.open()
        try:
            outcome = await session.open_link(AppPage("lieux", "Lieux"), "departement=99")
        finally:
            await session.close()
        return outcome.errors

    assert any("territoire non appliqué" in error for error in asyncio.run(view()))


def test_an_exception_is_counted_and_the_sessions_go_on(tmp_path: Path) -> None:
    script = tmp_path / "raising_app.py"
    script.write_text(RAISING_APP, encoding="utf-8")
    raising = ServerProcess.start(None, app_script=script)
    try:
        report = asyncio.run(
            measure(
                raising.base_url,
                sessions=2,
                duration=1.5,
                levels=[Level("calme", ""), Level("boum", "boom=1")],
                server=raising,
                run_timeout=60,
            )
        )
    finally:
        raising.stop()

    calm = [record for record in report.page_runs if record.level == "calme"]
    boom = [record for record in report.page_runs if record.level == "boum"]
    assert calm and boom
    assert not any(record.errors for record in calm)
    assert all(record.errors and record.errors[0].startswith("exception") for record in boom)
    assert report.error_count == len(boom)
    assert "RuntimeError: boum" in report.server_log_errors
    assert not report.passed
    assert "❌" in report.to_markdown()
