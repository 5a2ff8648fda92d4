"""The single place where cached resources are made: the engine and cached reads.

Pages never create engines nor call ``st.cache_*`` themselves; they call
``read(reader, *args)`` with a data-layer function (the function object: an
editor's go-to-definition leads from the page to the query), so that every read
shares one bounded cache (size and TTL) that an import can clear.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from data_access.access import Viewer, scoped_territory
from data_access.bootstrap import prepare_embedded_store
from data_access.db import database_url, is_default_store, make_engine, writer_database_url
from data_access.migrate import is_current
from data_access.scope import Territory
from data_access.selection import SelectedTerritory, resolve_territory

T = TypeVar("T")

CACHE_TTL_SECONDS = 300
CACHE_MAX_ENTRIES = 2000
BUILT_MAX_ENTRIES = 300
"""Charts and maps kept built (each a few hundred kilobytes at most)."""
VIEWER_KEY = "viewer"
NO_ACCESS = Viewer("", "", "departement", None, ())
"""The viewer of a session that has not signed in: no département at all."""


class StoreNotInitialised(RuntimeError):
    """The configured database lacks the schema or its last migration (operators migrate a shared store)."""


@st.cache_resource(show_spinner="Préparation de la base de données…")
def engine() -> Engine:
    """Create the engine once per server; an embedded store is prepared on first start.

    A failure is not cached, so the next rerun tries again once the database is back.
    """
    url = database_url()
    created = make_engine(url)
    if is_default_store(url):
        prepare_embedded_store(created)
    elif not is_current(created):
        created.dispose()
        raise StoreNotInitialised(url)
    return created


@st.cache_resource(show_spinner=False)
def writer_engine() -> Engine:
    """The engine of imports and edits: ``DATABASE_WRITER_URL`` (a role allowed to write), else the
    reading one; in production the dashboard itself reads through a read-only role."""
    url = writer_database_url()
    return engine() if url == database_url() else make_engine(url)


def current_viewer() -> Viewer:
    """The person behind this session, set by the sign-in step; nobody (no département) otherwise."""
    return st.session_state.get(VIEWER_KEY, NO_ACCESS)


def read(reader: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a data-layer read function with the shared engine, through the bounded cache.

    The page's territory was bounded once by the selection, which says when it narrowed the
    request. Every ``Territory`` argument is still held to the viewer's own here: the safety
    net for a territory a page builds itself (a département picked in a list), so that no
    read ever reaches beyond the viewer's scope (the bound is applied in SQL).
    """
    viewer = current_viewer()
    args = tuple(_bounded(viewer, value) for value in args)
    kwargs = {name: _bounded(viewer, value) for name, value in kwargs.items()}
    return _cached_read(qualified_name(reader), reader, args, tuple(sorted(kwargs.items())))


def selected_territory(requested: Territory) -> SelectedTerritory:
    """``requested`` resolved for this session's viewer (see ``data_access.selection``), cached."""
    return _resolved_territory(current_viewer(), requested)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _resolved_territory(viewer: Viewer, requested: Territory) -> SelectedTerritory:
    return resolve_territory(engine(), viewer, requested)


def _bounded(viewer: Viewer, value: Any) -> Any:
    return _scoped_territory(viewer, value) if isinstance(value, Territory) else value


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _scoped_territory(viewer: Viewer, territory: Territory) -> Territory:
    return scoped_territory(engine(), viewer, territory)


def qualified_name(function: Callable[..., Any]) -> str:
    """``data_access.lieux.lieux_summary``: what keys a function's entries in a cache."""
    return f"{function.__module__}.{function.__qualname__}"


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_read(name: str, _reader: Callable[..., T], args: tuple, kwargs: tuple) -> T:
    """One bounded cache for every read, keyed by the function's qualified name and arguments.

    The function object itself is passed along (Streamlit does not hash a parameter whose
    name starts with ``_``), so the call graph leads from the page to the query.
    """
    return _reader(engine(), *args, **dict(kwargs))


def built(builder: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A chart or map built once per data, then shared by every session until the data changes.

    Plotly validates every property it is given and pydeck serialises megabytes of outlines:
    on a warm page that costs more than the cached reads. The object returned is shared, so a
    page must not modify it.
    """
    return _cached_build(qualified_name(builder), builder, args, tuple(sorted(kwargs.items())))


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=BUILT_MAX_ENTRIES, show_spinner=False)
def _cached_build(name: str, _builder: Callable[..., T], args: tuple, kwargs: tuple) -> T:
    """Keyed like ``_cached_read``: by the builder's qualified name and the data it draws."""
    return _builder(*args, **dict(kwargs))


def clear_caches() -> None:
    """Forget every cached read, e.g. after an import changed the store."""
    _cached_read.clear()
    _scoped_territory.clear()
    _resolved_territory.clear()
    _cached_build.clear()
