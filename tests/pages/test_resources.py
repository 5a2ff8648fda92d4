"""``read``, ``built``, ``presented``: the function itself is called once per arguments, through a cache."""

from __future__ import annotations

import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import resources

CALLS: list[tuple[str, object]] = []


def count_rows(engine: Engine, table: str) -> int:
    """A read function as the data layer writes them: the engine first, then plain arguments."""
    CALLS.append(("read", table))
    with engine.connect() as connection:
        return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())


def bar(values: tuple[int, ...]) -> go.Figure:
    CALLS.append(("built", values))
    return go.Figure(go.Bar(y=list(values)))


def test_read_calls_the_given_function_once_per_arguments(empty_store_url: str) -> None:
    CALLS.clear()
    assert resources.read(count_rows, "departement") == 3
    assert resources.read(count_rows, "departement") == 3
    assert resources.read(count_rows, "region") == 2
    assert CALLS == [("read", "departement"), ("read", "region")]
    resources.clear_caches()
    assert resources.read(count_rows, "region") == 2
    assert CALLS[-1] == ("read", "region"), "clearing the caches reads again"


def test_built_shares_one_figure_per_data(empty_store_url: str) -> None:
    CALLS.clear()
    first = resources.built(bar, (1, 2))
    assert resources.built(bar, (1, 2)) is first
    assert CALLS == [("built", (1, 2))]


def spelled(count: int) -> str:
    CALLS.append(("presented", count))
    return f"{count} lignes"


def test_presented_formats_a_read_once_per_data(empty_store_url: str) -> None:
    CALLS.clear()
    assert resources.presented(spelled, count_rows, "departement") == "3 lignes"
    assert resources.presented(spelled, count_rows, "departement") == "3 lignes"
    assert resources.presented(spelled, count_rows, "region") == "2 lignes"
    assert CALLS == [
        ("read", "departement"),
        ("presented", 3),
        ("read", "region"),
        ("presented", 2),
    ]
    resources.clear_caches()
    assert resources.presented(spelled, count_rows, "region") == "2 lignes"
    assert CALLS[-2:] == [("read", "region"), ("presented", 2)], "clearing the caches formats again"


def test_the_cache_key_names_the_function() -> None:
    assert resources.qualified_name(count_rows) == f"{count_rows.__module__}.count_rows"
    assert resources.qualified_name(resources.read) == "dashboard.resources.read"
