"""The served benchmark against a real server on a tiny store: it works, it is not timed here.

Checks that every page × level gets its server CPU per view and its size from the websocket,
without error, and that the report shows them against the 100 ms target.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from benchmarks.common import LEVELS
from benchmarks.served import CPU_TARGET_MS, ServedResults, render, websocket_views
from data_access.db import make_engine
from data_access.demo import generate_demo
from data_access.geography import load_geography
from data_access.migrate import upgrade
from tests.conftest import SMALL_GEOGRAPHY
from tooling.server import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'tiny.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    load_geography(engine, SMALL_GEOGRAPHY)
    generate_demo(engine, scale=0.05)
    engine.dispose()
    started = ServerProcess.start(url)
    yield started
    started.stop()


def test_every_page_and_level_gets_its_server_cpu_per_view(server: ServerProcess) -> None:
    levels = [level for level in LEVELS if level.name in ("national", "departement")]
    rows = asyncio.run(websocket_views(server, "sqlite", levels, repeats=1))
    pages = {row.page for row in rows}
    assert {"/", "lieux", "feuille-de-route", "candidatures"} <= pages
    assert {row.level for row in rows} == {"national", "departement"}
    for row in rows:
        assert not row.errors, (row.page, row.level, row.errors)
        assert len(row.cpu_ms) == 1 and row.cpu_ms[0] >= 0
        assert row.bytes_received > 0
    report = render(
        ServedResults(
            meta={"date": "", "configuration": "", "command": "", "machine": "", "load_start": 0},
            websocket=rows,
        )
    )
    assert f"CPU serveur ≤ {CPU_TARGET_MS} ms" in report
    assert "| sqlite | lieux | national |" in report
