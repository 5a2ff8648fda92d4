"""Every page opened in real Chromium at every territory level: no exception element, key content shown."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

PAGES = {
    "": ("Synthèse",),
    "objectifs": ("Objectifs nationaux",),
    "gouvernance": ("Gouvernance",),
    "candidatures": ("Candidatures",),
    "lieux": ("Lieux de médiation",),
    "fragilite": ("Fragilité numérique",),
    "feuille-de-route": ("Feuille de route",),
    "comparaison": ("Comparaison régionale",),
    "copil": ("Mode COPIL", "Eure-et-Loir (28) – Suivi des décisions"),
    "journal": ("Journal des comités",),
}
"""URL path → the headings the page may open with (the COPIL mode names its panel).

The synthesis is the default page: Streamlit serves it at ``/``; ``/synthese`` leads there.
"""
TERRITORIES = {
    "national": ("", "France entière"),
    "region": ("region=24", "Centre-Val de Loire"),
    "departement": ("departement=28", "Eure-et-Loir"),
}
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
READY_TIMES: dict[str, float] = {}


def open_and_wait(page, url: str) -> float:
    """Open ``url`` and wait until the app reports that its script is not running."""
    started = time.monotonic()
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    page.wait_for_selector(READY, timeout=90_000)
    return time.monotonic() - started


@pytest.mark.parametrize("level", list(TERRITORIES))
@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens_without_exception(page, app_url: str, screenshots: Path, path: str, level: str) -> None:
    query, territory_name = TERRITORIES[level]
    elapsed = open_and_wait(page, f"{app_url}/{path}?{query}")
    READY_TIMES[f"{path}?{query}"] = round(elapsed, 2)
    page.screenshot(path=str(screenshots / f"{path or 'synthese'}_{level}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    main = page.locator('[data-testid="stMain"]')
    heading = main.locator("h1").first.inner_text()
    assert any(expected in heading for expected in PAGES[path]), heading
    assert territory_name in main.inner_text()


def test_changing_territory_updates_url_and_survives_navigation(page, app_url: str) -> None:
    open_and_wait(page, f"{app_url}/")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("Département").click()
    page.keyboard.type("Eure-et-Loir")
    page.keyboard.press("Enter")
    page.wait_for_url("**departement=28**", timeout=30_000)
    page.wait_for_selector(READY, timeout=60_000)
    assert "Eure-et-Loir" in page.locator('[data-testid="stMain"]').inner_text()
    sidebar.get_by_role("link", name="Lieux de médiation").click()
    page.wait_for_url("**/lieux**", timeout=30_000)
    page.wait_for_selector(READY, timeout=60_000)
    assert "departement=28" in page.url
    assert "Eure-et-Loir" in page.locator('[data-testid="stMain"]').inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_synthese_bookmark_opens_the_synthesis_with_its_territory(page, app_url: str) -> None:
    """Streamlit serves the default page at ``/``: the page's own name must not end in « Page not found »."""
    page.goto(f"{app_url}/synthese?departement=28")
    page.wait_for_url(lambda url: "/synthese" not in url and "departement=28" in url, timeout=30_000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    page.wait_for_selector(READY, timeout=60_000)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text() == "Synthèse"
    assert "Eure-et-Loir" in main.inner_text()
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


COPIL_PANELS = [
    "suivi",
    "synthese",
    "objectifs",
    "gouvernance",
    "candidatures",
    "lieux",
    "fragilite",
    "feuille-de-route",
    "financements",
    "vigilance",
]


def press_until_url(page, key: str, expected: str, attempts: int = 3) -> None:
    """Press ``key`` until the URL holds ``expected``: the shortcut is live only once the buttons
    have mounted, which a fast keystroke right after a rerun may precede."""
    for _ in range(attempts):
        page.wait_for_selector(READY, timeout=60_000)
        page.keyboard.press(key)
        try:
            page.wait_for_url(f"**{expected}**", timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"« {key} » n'a pas mené à {expected} : {page.url}")


def test_copil_mode_runs_with_the_keyboard_on_a_projector(browser, app_url: str, screenshots: Path) -> None:
    """At 1920×1080, the right arrow walks every panel, each deep-linked; the brief downloads as PDF."""
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="fr-FR", accept_downloads=True
    )
    page = context.new_page()
    try:
        open_and_wait(page, f"{app_url}/copil?departement=28")
        for number, panel in enumerate(COPIL_PANELS):
            page.wait_for_url(f"**panneau={panel}**", timeout=30_000)
            page.wait_for_selector(READY, timeout=60_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            page.screenshot(path=str(screenshots / f"copil_{number + 1}_{panel}.png"))
            if number + 1 < len(COPIL_PANELS):
                press_until_url(page, "ArrowRight", f"panneau={COPIL_PANELS[number + 1]}")
        press_until_url(page, "ArrowLeft", "panneau=financements")
        page.wait_for_selector(READY, timeout=60_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Télécharger la note COPIL (PDF)").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    finally:
        context.close()


def test_zz_record_ready_times(browser, screenshots: Path) -> None:
    """Keep the measured page-ready times beside the screenshots (a record, not a timed assertion)."""
    (screenshots / "ready_times.json").write_text(json.dumps(READY_TIMES, indent=2, ensure_ascii=False))
    assert READY_TIMES, "aucune page n'a été ouverte"
