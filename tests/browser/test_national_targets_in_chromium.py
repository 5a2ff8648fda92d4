"""The national synthèse in Chromium, on a store where the three open files were imported for real.

Demo data for the rest (devices have no open file; lieux come from the demo), the demo's own
snapshots of the three imported indicators removed first, so that what shows is the real files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete

from dashboard.formatting import fr_number
from data_access.db import make_engine
from data_access.demo import generate_demo
from data_access.geography import load_geography
from data_access.importers import (
    OPERATOR,
    ImportContext,
    import_accompaniments,
    import_advisors,
    import_aidants,
)
from data_access.migrate import upgrade
from data_access.models import IndicateurDetail, IndicateurReleve
from tests.browser.test_pages_in_chromium import open_and_wait
from tooling.server import background_server

pytestmark = pytest.mark.browser

REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "inclusion-numerique"


def raw_totals() -> tuple[int, int]:
    """Aidants of the active Aidants Connect structures and CnFS conseillers, recomputed from the files."""
    with (REALDATA / "aidants-connect_structures.csv").open(encoding="utf-8", newline="") as handle:
        aidants = sum(
            int(row["Nombre d'aidants"]) for row in csv.DictReader(handle) if row["Is Active"] == "true"
        )
    with (REALDATA / "20230405-3925-cnfs.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter=";")
        advisors = sum(int(row["Nombre de conseillers validés par le COSELEC"]) for row in rows)
    return aidants, advisors


def dated(day: date | None = None) -> ImportContext:
    return ImportContext(OPERATOR, data_date=day)


@pytest.fixture(scope="module")
def real_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata absent : les fichiers ouverts ne peuvent pas être importés")
    url = f"sqlite:///{tmp_path_factory.mktemp('reel') / 'reel.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    load_geography(engine)
    generate_demo(engine, scale=0.3)
    with engine.begin() as connection:
        for model in (IndicateurDetail, IndicateurReleve):
            connection.execute(
                delete(model).where(model.indicateur.in_(["accompagnes", "aidants", "conseillers"]))
            )
    import_accompaniments(engine, REALDATA / "conum_departement-cras.json", dated(date(2024, 12, 19)))
    import_aidants(engine, REALDATA / "aidants-connect_structures.csv", dated(date(2024, 2, 22)))
    import_advisors(engine, REALDATA / "20230405-3925-cnfs.csv", dated())
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def real_app_url(real_store_url: str) -> Iterator[str]:
    with background_server(real_store_url) as (base, _server):
        yield base


def test_national_synthesis_shows_every_target_with_its_source_date(
    browser, real_app_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    try:
        open_and_wait(page, f"{real_app_url}/")
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 5", timeout=60_000
        )
        page.screenshot(path=str(screenshots / "objectifs_synthese_reel.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        text = page.locator('[data-testid="stMain"]').inner_text().replace("\xa0", " ").replace("\u202f", " ")
        for target in ("8 000 000", "2 000 000", "20 000", "25 000"):
            assert f"de l'objectif de {target}" in text
        assert fr_number(2_135_298).replace("\u202f", " ").replace("\xa0", " ") in text
        for value in raw_totals():
            assert fr_number(value).replace("\u202f", " ").replace("\xa0", " ") in text
        assert "Conseillers numériques" in text
        assert "Données du 19 décembre 2024" in text
        assert "Données du 22 février 2024" in text
        assert "Données du 5 avril 2023" in text
        assert "usagers des comptes rendus d'activité" in text
        assert "aidants habilités Aidants Connect" in text
        assert "Projection :" in text

        open_and_wait(page, f"{real_app_url}/objectifs?departement=28")
        # The run is over before the browser has mounted every element it sent: wait for the map.
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"]', timeout=30_000)
        page.screenshot(path=str(screenshots / "objectifs_eure_et_loir_reel.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
