"""A database host that accepts connections and never answers: in Chromium, the French outage
page with « Réessayer » within seconds (the default 5 s connect timeout), never a blank page."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from data_access.db import CONNECT_TIMEOUT_SECONDS
from data_access.failures import UNREACHABLE
from tests.test_db_timeouts import SilentServer
from tooling.server import ServerDidNotStart, background_server

pytestmark = pytest.mark.browser

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
MARGIN_SECONDS = 6
"""Page load, script start and the retry's own round trip, on a busy two-core machine."""


@pytest.fixture(scope="module")
def silent_app() -> Iterator[str]:
    silent = SilentServer()
    try:
        with background_server(f"postgresql+psycopg://fne@127.0.0.1:{silent.port}/fne") as (base, _):
            yield base
    except ServerDidNotStart as failure:
        pytest.fail(str(failure))
    finally:
        silent.close()


def outage_after(page, url: str) -> float:
    started = time.monotonic()
    page.goto(url)
    page.get_by_text(UNREACHABLE[:40]).wait_for(timeout=60_000)
    return time.monotonic() - started


def settled(page, timeout_seconds: float = 60) -> float:
    """When the script stopped running for good (a rerun may flicker through « not running »)."""
    deadline = time.monotonic() + timeout_seconds
    stable_since: float | None = None
    while time.monotonic() < deadline:
        if page.locator(READY).count():
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= 0.5:
                return stable_since
        else:
            stable_since = None
        time.sleep(0.1)
    raise AssertionError("the page never finished its run")


def test_a_silent_database_shows_the_outage_page_within_seconds(page, silent_app: str) -> None:
    url = f"{silent_app}/lieux?departement=28"
    cold = outage_after(page, url)  # the server's first run also imports the pages' modules
    warm = outage_after(page, url)
    retry = page.get_by_role("button", name="Réessayer")
    assert retry.is_visible()

    started = time.monotonic()
    retry.click()
    page.wait_for_selector(RUNNING, timeout=10_000)
    again = settled(page) - started
    assert page.get_by_text(UNREACHABLE[:40]).is_visible()
    print(f"\noutage page: first visit {cold:.1f} s, next visit {warm:.1f} s, « Réessayer » {again:.1f} s")
    assert cold < 30
    assert warm < CONNECT_TIMEOUT_SECONDS + MARGIN_SECONDS
    assert again < CONNECT_TIMEOUT_SECONDS + MARGIN_SECONDS
