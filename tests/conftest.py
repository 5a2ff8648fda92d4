"""Database fixtures: every data-layer test runs on SQLite and on PostgreSQL.

PostgreSQL is reached through ``TEST_DATABASE_URL`` (a server URL whose
database is used only to create and drop a fresh one per run).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from streamlit.runtime.pages_manager import PagesManager

from data_access.db import make_engine
from data_access.geography import GeographyFrames, load_geography
from data_access.migrate import upgrade
from data_access.models import Base

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def entrypoint_runs_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run goes through ``app.py`` and its error handling, as on the real server.

    AppTest re-detects Streamlit's first multipage convention (a ``pages/`` folder) before
    each run, and on a rerun then executes the current page's script alone, outside
    ``app.py``: a database error would escape as a traceback that no user can meet, since
    ``dashboard.serve`` turns that convention off for good. This does the same here.
    """
    original = PagesManager.__init__

    def without_pages_directory(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", without_pages_directory)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Create a throw-away PostgreSQL database for this run, dropped at the end."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("TEST_DATABASE_URL n'est pas défini : tests PostgreSQL ignorés")
    name = f"fne_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def migrated_engines() -> dict[str, Engine]:
    """One migrated engine per backend, created on first use and kept for the run."""
    return {}


@pytest.fixture(params=BACKENDS)
def engine(
    request: pytest.FixtureRequest,
    migrated_engines: dict[str, Engine],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Engine]:
    """An empty, migrated store on each backend; emptied again after the test."""
    backend = request.param
    if backend not in migrated_engines:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        else:
            url = request.getfixturevalue("postgres_url")
        created = make_engine(url)
        upgrade(created)
        migrated_engines[backend] = created
    current = migrated_engines[backend]
    yield current
    empty_store(current)


def empty_store(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


SMALL_GEOGRAPHY = GeographyFrames(
    regions=pd.DataFrame({"code": ["24", "53"], "nom": ["Centre-Val de Loire", "Bretagne"]}),
    departements=pd.DataFrame(
        {
            "code": ["28", "35", "45"],
            "nom": ["Eure-et-Loir", "Ille-et-Vilaine", "Loiret"],
            "code_region": ["24", "53", "24"],
            "population": [1000, 3000, 1000],
        }
    ),
    epci=pd.DataFrame(
        {
            "code": ["200033181", "200069953", "243500139", "244500468"],
            "nom": [
                "CA Chartres Métropole",
                "CC du Grand Châteaudun",
                "Rennes Métropole",
                "Orléans Métropole",
            ],
            "type": ["CA", "CC", "METRO", "METRO"],
            "population": [600, 300, 3000, 1000],
            "code_departement": ["28", "28", "35", "45"],
            "codes_departements": ["28", "28", "35", "45"],
        }
    ),
    communes=pd.DataFrame(
        {
            "code_insee": ["28085", "28218", "28088", "28280", "35238", "35047", "45234"],
            "nom": ["Chartres", "Lucé", "Châteaudun", "Nogent-le-Rotrou", "Rennes", "Bruz", "Orléans"],
            "code_departement": ["28", "28", "28", "28", "35", "35", "45"],
            "code_epci": ["200033181", "200033181", "200069953", "", "243500139", "243500139", "244500468"],
            "population": [400, 200, 300, 100, 2000, 1000, 1000],
            "codes_postaux": ["28000", "28110", "28200", "28400", "35000;35200;35700", "35170", "45000"],
            "latitude": [48.4469, 48.4375, 48.0707, 48.3217, 48.1113, 48.0247, 47.9029],
            "longitude": [1.4890, 1.4639, 1.3380, 0.8217, -1.6800, -1.7458, 1.9093],
        }
    ),
)
"""Three départements, four EPCI, seven communes: numbers small enough to check by hand.

Populations give lieux targets of 5 000 (28), 15 000 (35) and 5 000 (45).
"""


@pytest.fixture
def geo_engine(engine: Engine) -> Engine:
    """A migrated store holding ``SMALL_GEOGRAPHY``."""
    load_geography(engine, SMALL_GEOGRAPHY)
    return engine


@pytest.fixture(scope="session")
def app_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the real reference geography and demo data, built once per run.

    The page tests point the app at it through ``DATABASE_URL``.
    """
    from data_access.demo import generate_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'app.sqlite'}"
    created = make_engine(url)
    upgrade(created)
    load_geography(created)
    generate_demo(created, scale=0.3)
    created.dispose()
    return url
