"""Run the real app (``app.py`` and its navigation) on a page, through Streamlit's AppTest.

The app reads the session-wide demo store of ``app_store_url``; tests compare what a
page shows with what the data layer returns for the same territory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard import resources
from data_access.db import make_engine
from data_access.geography import load_geography
from data_access.migrate import upgrade
from data_access.scope import Territory
from tests.conftest import SMALL_GEOGRAPHY

PAGE_TIMEOUT_SECONDS = 60
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"

TERRITORY_LEVELS = {
    "national": Territory.national(),
    "region": Territory.region("24"),
    "departement": Territory.departement("28"),
}
"""The three levels every page is tested at: France, Centre-Val de Loire, Eure-et-Loir."""

QUERY_PARAMS = {"national": {}, "region": {"region": "24"}, "departement": {"departement": "28"}}


@pytest.fixture
def app_engine(app_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The demo store the app reads, for computing the expected figures."""
    monkeypatch.setenv("DATABASE_URL", app_store_url)
    created = make_engine(app_store_url)
    yield created
    created.dispose()


@pytest.fixture
def open_page(app_engine: Engine) -> Callable[..., AppTest]:
    """``open_page("pages/lieux.py", departement="28")`` → the app run on that page and territory."""

    return run_page


def run_page(page: str, **query_params: str) -> AppTest:
    """The app run on ``page`` with the territory in the URL, on the store ``DATABASE_URL`` names."""
    app = AppTest.from_file(str(APP_PATH), default_timeout=PAGE_TIMEOUT_SECONDS)
    for name, value in query_params.items():
        app.query_params[name] = value
    app.run()
    if page != "pages/summary.py":
        app.switch_page(page)
        app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


@pytest.fixture
def empty_store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A store with the small geography only; the cached engine and reads are reset around the test."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    created = make_engine(url)
    upgrade(created)
    load_geography(created, SMALL_GEOGRAPHY)
    created.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    reset_resources()
    yield url
    reset_resources()


def reset_resources() -> None:
    """Forget the cached engines and reads, so that no test reaches another test's store."""
    resources.engine.clear()
    resources.writer_engine.clear()
    resources.clear_caches()


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The shown table whose headers include the given French labels."""
    for element in app.dataframe:
        if all(column in element.value.columns for column in columns):
            return element.value
    raise AssertionError(f"aucun tableau avec les colonnes {columns}")


def metric_values(app: AppTest) -> dict[str, str]:
    """Every ``st.metric`` of the page: label → shown value."""
    return {metric.label: metric.value for metric in app.metric}


def all_text(app: AppTest) -> str:
    """The markdown, captions, info boxes and titles of the page, joined, for ``in`` assertions."""
    parts = [
        element.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
        for element in getattr(app, kind)
    ]
    return "\n".join(str(part) for part in parts)
