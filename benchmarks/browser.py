"""A real ``streamlit run app.py`` server, driven by Debian's Chromium through Playwright.

Two measures: the time until a page is ready in the browser, and the server's resident
memory once five sessions have opened every page at every level.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import Level, Page, PageTiming, log
from benchmarks.stores import Backend
from tooling.server import background_server, memory_mb

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=fr-FR"]
READY_TIMEOUT_MS = 120_000
SESSIONS = 5
SMALL_VIEWPORT = {"width": 900, "height": 700}
"""The memory sessions draw in small windows: without a GPU, Chromium rasterises five WebGL maps
in software, which only slows the run; the server sends the same data whatever the size."""
READY_SCRIPT = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1') !== null
        && document.querySelector('[data-testid="stSpinner"]') === null;
}"""
"""Ready: the script finished (``notRunning``), the page title is drawn and no spinner is left.

The title is awaited too because the app reports ``notRunning`` before its first run starts.
"""


@dataclass
class MemoryReading:
    backend: str
    sessions: int
    page_views: int
    rss_mb_start: float
    rss_mb: float
    """VmRSS once every session has opened every page at every level."""
    hwm_mb: float
    """VmHWM: the peak resident size of the server during the run."""
    errors: list[str] = field(default_factory=list)


def chromium_available() -> bool:
    return CHROMIUM.exists()


@contextmanager
def streamlit_server(backend: Backend) -> Iterator[tuple[str, int]]:
    """Start the app on a free port with the backend's ``DATABASE_URL``; yield (base URL, pid)."""
    with background_server(backend.url) as (base, server):
        yield base, server.pid


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_url(base: str, page: Page, level: Level) -> str:
    query = level.query_string
    return f"{base}/{page.url_path}" + (f"?{query}" if query else "")


def _new_tab(browser: object, viewport: dict[str, int] | None = None) -> tuple[object, object]:
    context = browser.new_context(viewport=viewport or {"width": 1600, "height": 1000}, locale="fr-FR")
    return context, context.new_page()


def _error_on_page(tab: object) -> str | None:
    exceptions = tab.locator('[data-testid="stException"]')
    if exceptions.count():
        return exceptions.first.inner_text()[:300]
    return None


def measure_ready(backend: Backend, pages: list[Page], levels: list[Level], repeats: int) -> list[PageTiming]:
    """Navigation start → page ready, ``repeats`` times per page × level, on a fresh server.

    The first visit of a page × level finds the server's data cache empty; the
    median of three is therefore the warm figure a user mostly sees.
    """
    timings: list[PageTiming] = []
    with streamlit_server(backend) as (base, _pid), chromium() as browser:
        context, tab = _new_tab(browser)
        try:
            tab.goto(base)  # loads the front-end bundle once, as a returning user has it cached
            tab.wait_for_function(READY_SCRIPT, timeout=READY_TIMEOUT_MS)
            for page in pages:
                for level in levels:
                    timing = PageTiming(backend.name, page.name, level.name)
                    for _ in range(repeats):
                        try:
                            started = time.perf_counter()
                            tab.goto(page_url(base, page, level))
                            tab.wait_for_function(READY_SCRIPT, timeout=READY_TIMEOUT_MS, polling=50)
                            timing.ms.append((time.perf_counter() - started) * 1000)
                            timing.error = _error_on_page(tab)
                        except Exception as exc:
                            timing.error = f"{type(exc).__name__}: {str(exc)[:200]}"
                            break
                    shown = timing.error or f"{timing.median_ms:.0f} ms"
                    log(f"{backend.name} · navigateur · {page.name} · {level.name} : {shown}")
                    timings.append(timing)
        finally:
            context.close()
    return timings


def measure_memory(backend: Backend, pages: list[Page], levels: list[Level]) -> MemoryReading:
    """Five browser sessions open every page at every level together; then read the server's VmRSS.

    Each step sends the five sessions to the same page × level before waiting for
    them, so that their script runs overlap as with real users.
    """
    with streamlit_server(backend) as (base, pid), chromium() as browser:
        start_mb = memory_mb(pid)
        tabs = [_new_tab(browser, SMALL_VIEWPORT) for _ in range(SESSIONS)]
        errors: list[str] = []
        views = 0
        try:
            for page in pages:
                for level in levels:
                    url = page_url(base, page, level)
                    step_started = time.perf_counter()
                    for _context, tab in tabs:
                        tab.goto(url, wait_until="commit")
                    for _context, tab in tabs:
                        try:
                            tab.wait_for_function(READY_SCRIPT, timeout=READY_TIMEOUT_MS, polling=100)
                            views += 1
                        except Exception as exc:
                            errors.append(f"{page.name}/{level.name}: {type(exc).__name__}")
                    log(
                        f"{backend.name} · mémoire · {page.name} · {level.name} : {SESSIONS} sessions en "
                        f"{time.perf_counter() - step_started:.0f} s, {memory_mb(pid):.0f} Mo"
                    )
            time.sleep(1)
            reading = MemoryReading(
                backend.name,
                SESSIONS,
                views,
                round(start_mb, 1),
                round(memory_mb(pid), 1),
                round(memory_mb(pid, "VmHWM"), 1),
                errors,
            )
        finally:
            for context, _tab in tabs:
                context.close()
    log(f"{backend.name} · mémoire après {views} pages vues : {reading.rss_mb:.0f} Mo")
    return reading
