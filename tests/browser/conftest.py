"""A real Streamlit server on the demo store, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tooling.server import ServerDidNotStart, background_server

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session")
def app_url(app_store_url: str) -> Iterator[str]:
    """A server (``python -m dashboard.serve``) on the demo store, stopped after the run."""
    try:
        with background_server(app_store_url) as (base, _server):
            yield base
    except ServerDidNotStart as failure:
        pytest.fail(str(failure))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium for one test module: Playwright's sync API holds an event loop while it runs,
    which later tests running their own asyncio loop (the load test) must not meet."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium (paquet Debian « chromium ») n'est pas installé")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=fr-FR"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="fr-FR")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
