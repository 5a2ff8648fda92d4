"""Run the real app (``app.py`` and its navigation) on a page, through Streamlit's AppTest.

The app reads the session-wide demo store of ``app_store_url``; tests compare what a
page shows with what the data layer returns for the same territory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.scope import Territory

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

    def run(page: str, **query_params: str) -> AppTest:
        app = AppTest.from_file(str(APP_PATH), default_timeout=PAGE_TIMEOUT_SECONDS)
        for name, value in query_params.items():
            app.query_params[name] = value
        app.run()
        if page != "pages/synthese.py":
            app.switch_page(page)
            app.run()
        assert not app.exception, [item.value for item in app.exception]
        return app

    return run


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
