"""The COPIL mode as a projector view, in real Chromium at 1920×1080 and 1280×720.

The sidebar starts collapsed, the panels use the full width, and no word of a figure, a label
or a sentence is broken across two lines (« gouvernanc / e »). Screenshots of every panel of
Eure-et-Loir land in ``tests/screenshots/copil_projecteur_<width>_<panel>.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.copil import PANEL_KEYS
from data_access import governance
from data_access.db import make_engine
from data_access.scope import Territory

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720)]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BROKEN_WORDS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const selectors = [
    '[data-testid="stMetricValue"]', '[data-testid="stMetricLabel"]', '[data-testid="stCaptionContainer"]',
    '[data-testid="stMarkdownContainer"] p', 'h1', 'h2', 'h3',
  ];
  const broken = [];
  for (const element of main.querySelectorAll(selectors.join(','))) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const pattern = /[^\\s\\u00a0\\u202f]+/g;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const tops = new Set(rects.map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""
SIDEBAR_RIGHT_EDGE = """
() => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  return sidebar ? sidebar.getBoundingClientRect().right : 0;
}
"""
OVERFLOWING = """
() => [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')]
  .filter((element) => element.scrollWidth > element.clientWidth + 1)
  .map((element) => element.innerText)
"""


def open_panel(page: object, app_url: str, panel: str) -> None:
    page.goto(f"{app_url}/copil?departement=28&panneau={panel}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    page.wait_for_selector(READY, timeout=90_000)
    if panel == "fragilite":
        page.wait_for_selector("#deckgl-overlay", timeout=60_000)
        page.wait_for_timeout(2_500)
    page.wait_for_timeout(500)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_copil_panel_reads_on_a_projector(
    browser: object, app_url: str, screenshots: Path, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    try:
        for panel in PANEL_KEYS:
            open_panel(page, app_url, panel)
            page.screenshot(path=str(screenshots / f"copil_projecteur_{width}_{panel}.png"))
            assert page.locator('[data-testid="stException"]').count() == 0, panel
            assert page.evaluate(SIDEBAR_RIGHT_EDGE) <= 0, panel
            main_width = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()["width"]
            assert main_width >= 0.9 * width, (panel, main_width)
            assert page.evaluate(BROKEN_WORDS) == [], panel
            assert page.evaluate(OVERFLOWING) == [], panel
    finally:
        context.close()


def test_aucune_gouvernance_stays_whole_at_1280(
    browser: object, app_url: str, app_store_url: str, screenshots: Path
) -> None:
    """The value that used to wrap as « gouvernanc / e » on the first panel of a département without one."""
    engine = make_engine(app_store_url)
    stages = governance.stage_per_departement(engine, Territory.national())
    engine.dispose()
    code = stages.loc[stages["etape"] == "aucune", "code"].iloc[0]
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/copil?departement={code}&panneau=synthese")
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
        page.wait_for_selector(READY, timeout=90_000)
        # The script state can read « not running » before the first run starts: wait for the figures.
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=90_000)
        page.screenshot(path=str(screenshots / "copil_projecteur_1280_synthese_sans_gouvernance.png"))
        values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert "Aucune gouvernance" in [" ".join(value.split()) for value in values]
        assert page.evaluate(BROKEN_WORDS) == []
        assert page.evaluate(OVERFLOWING) == []
    finally:
        context.close()
