"""The national fragility map at 1920×1080 in real Chromium: insets drawn, choropleth not hidden."""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dashboard.theme import FRAGILITY_SCALE, ROUGE_MARIANNE, hex_to_rgb
from tests.browser.test_pages_in_chromium import open_and_wait

pytestmark = pytest.mark.browser


def share_near(image: Image.Image, colours: list[list[int]], tolerance: int = 12) -> float:
    """Share of the image's pixels within ``tolerance`` of one of ``colours`` on every channel."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16).reshape(-1, 3)
    near = np.zeros(len(pixels), dtype=bool)
    for colour in colours:
        near |= (np.abs(pixels - np.array(colour[:3], dtype=np.int16)) <= tolerance).all(axis=1)
    return float(near.mean())


def test_national_fragility_map_shows_overseas_insets_and_a_readable_choropleth(
    browser, app_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    page = context.new_page()
    try:
        open_and_wait(page, f"{app_url}/fragilite")
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
        time.sleep(3)  # deck.gl draws on the next animation frames, while the page below still lays out
        chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
        chart.scroll_into_view_if_needed(timeout=60_000)
        time.sleep(2)
        shot = chart.screenshot(path=str(screenshots / "fragilite_carte_nationale_1920.png"), timeout=60_000)
    finally:
        context.close()
    image = Image.open(io.BytesIO(shot))
    width, height = image.size
    choropleth = [hex_to_rgb(colour) for colour in FRAGILITY_SCALE]
    # The inset columns sit in the left half of the map, west of metropolitan France.
    insets_half = image.crop((0, 0, width // 2, height))
    assert share_near(insets_half, choropleth) > 0.03, "the DROM and COM are coloured in their insets"
    whole = share_near(image, choropleth)
    rings = share_near(image, [hex_to_rgb(ROUGE_MARIANNE)], tolerance=40)
    assert whole > 0.08, "the IFN choropleth covers France"
    assert rings < whole / 5, "the unserved communes, summed per département, leave the choropleth visible"
