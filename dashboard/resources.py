"""The single place where cached resources are made: the engine and cached reads.

Pages never create engines nor call ``st.cache_*`` themselves; they call
``read(reader, *args)`` with a data-layer function (the function object: an
editor's go-to-definition leads from the page to the query), so that every read
shares one bounded cache (size and TTL).

Cached reads and built charts are keyed by the store's data version
(``store_info.data_version``), read at most once per ``VERSION_CHECK_SECONDS`` per
process: after an import or an edit, every dashboard process, on any replica, shows
the new data within that delay. A session that has just written reads from the
writer's store until the replica it reads from has caught up (read-your-writes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.shared_frames import MEMO as SHARED_FRAMES
from dashboard.shared_frames import cache_key
from data_access.access import Viewer, scoped_territory
from data_access.bootstrap import prepare_embedded_store
from data_access.db import database_url, is_default_store, make_engine, writer_database_url
from data_access.migrate import is_current
from data_access.scope import Territory
from data_access.selection import SelectedTerritory, resolve_territory
from data_access.store_info import DataVersion, caught_up, data_version

T = TypeVar("T")

CACHE_TTL_SECONDS = 300
CACHE_MAX_ENTRIES = 2000
BUILT_MAX_ENTRIES = 300
"""Charts and maps kept built (each a few hundred kilobytes at most)."""
VERSION_CHECK_SECONDS = 1.0
"""How stale a process's idea of the data version may be: the cross-replica freshness delay."""
READ_YOUR_WRITES_SECONDS = 30.0
"""At most this long after its own write, a session reads from the writer while its replica lags."""
VIEWER_KEY = "viewer"
OWN_WRITE_KEY = "own_write"
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


class _VersionClock:
    """The data version of each store, re-read from the store at most once per ``VERSION_CHECK_SECONDS``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, DataVersion]] = {}

    def version(self, store: Engine, *, fresh: bool = False) -> DataVersion:
        key = str(store.url)
        now = time.monotonic()
        with self._lock:
            seen = self._seen.get(key)
        if seen is not None and not fresh and now - seen[0] < VERSION_CHECK_SECONDS:
            return seen[1]
        version = data_version(store)
        with self._lock:
            self._seen[key] = (now, version)
        return version

    def forget(self) -> None:
        with self._lock:
            self._seen.clear()


VERSIONS = _VersionClock()


def _source() -> tuple[str, DataVersion]:
    """Which store this session reads (``reader`` or ``writer``) and its data version.

    The writer only while this session's own last write is not yet on the reading store
    (a streaming replica lags a little) and for at most ``READ_YOUR_WRITES_SECONDS``.
    """
    version = VERSIONS.version(engine())
    own_write = st.session_state.get(OWN_WRITE_KEY)
    if own_write is None:
        return "reader", version
    written, until = own_write
    if caught_up(version, written) or time.monotonic() > until:
        del st.session_state[OWN_WRITE_KEY]
        return "reader", version
    return "writer", VERSIONS.version(writer_engine())


def _store(source: str) -> Engine:
    return writer_engine() if source == "writer" else engine()


def read(reader: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a data-layer read function with the shared engine, through the bounded cache.

    The page's territory was bounded once by the selection, which says when it narrowed the
    request. Every ``Territory`` argument is still held to the viewer's own here: the safety
    net for a territory a page builds itself (a département picked in a list), so that no
    read ever reaches beyond the viewer's scope (the bound is applied in SQL).
    The result is shared by every session (no copy per view): pages must not modify it.
    """
    viewer = current_viewer()
    source, version = _source()
    args = tuple(_bounded(viewer, value, source, version) for value in args)
    kwargs = {name: _bounded(viewer, value, source, version) for name, value in kwargs.items()}
    return _cached_read(qualified_name(reader), reader, args, tuple(sorted(kwargs.items())), source, version)


def presented(presenter: Callable[[Any], T], reader: Callable[..., Any], *args: Any, **kwargs: Any) -> T:
    """``presenter(read(reader, *args, **kwargs))``, kept once per data version and shared like a read.

    A table formatted for display (French dates and euros over thousands of actions) costs
    more than its cached read; keyed by the read's own arguments, the formatted table is
    found again without hashing the frame (as ``built`` would) nor formatting it per view.
    The result is shared by every session: pages must not modify it.
    """
    viewer = current_viewer()
    source, version = _source()
    args = tuple(_bounded(viewer, value, source, version) for value in args)
    kwargs = {name: _bounded(viewer, value, source, version) for name, value in kwargs.items()}
    return _cached_presented(
        qualified_name(presenter),
        presenter,
        qualified_name(reader),
        reader,
        args,
        tuple(sorted(kwargs.items())),
        source,
        version,
    )


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=BUILT_MAX_ENTRIES, show_spinner=False)
def _cached_presented(
    name: str,
    _presenter: Callable[[Any], T],
    reader_name: str,
    _reader: Callable[..., Any],
    args: tuple,
    kwargs: tuple,
    source: str,
    version: DataVersion,
) -> T:
    """Keyed like ``_cached_read``, plus the presenter's qualified name."""
    return _presenter(_cached_read(reader_name, _reader, args, kwargs, source, version))


def selected_territory(requested: Territory) -> SelectedTerritory:
    """``requested`` resolved for this session's viewer (see ``data_access.selection``), cached."""
    return _resolved_territory(current_viewer(), requested, *_source())


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _resolved_territory(
    viewer: Viewer, requested: Territory, source: str, version: DataVersion
) -> SelectedTerritory:
    """``version`` is only part of the cache key, as in ``_scoped_territory``."""
    return resolve_territory(_store(source), viewer, requested)


def _bounded(viewer: Viewer, value: Any, source: str, version: DataVersion) -> Any:
    return _scoped_territory(viewer, value, source, version) if isinstance(value, Territory) else value


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _scoped_territory(viewer: Viewer, territory: Territory, source: str, version: DataVersion) -> Territory:
    """``version`` is only part of the cache key (a name starting with ``_`` would not be)."""
    return scoped_territory(_store(source), viewer, territory)


def qualified_name(function: Callable[..., Any]) -> str:
    """``data_access.lieux.lieux_summary``: what keys a function's entries in a cache."""
    return f"{function.__module__}.{function.__qualname__}"


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_read(
    name: str, _reader: Callable[..., T], args: tuple, kwargs: tuple, source: str, version: DataVersion
) -> T:
    """One bounded cache for every read, keyed by the function's qualified name and arguments.

    The function object itself is passed along (Streamlit does not hash a parameter whose
    name starts with ``_``), so the call graph leads from the page to the query. A shared
    result, not a copy: ``st.cache_data`` would unpickle every frame on every view.
    ``version`` is only part of the key: a new data version is a new entry.
    """
    return _reader(_store(source), *args, **dict(kwargs))


def built(builder: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A chart or map built once per data, then shared by every session until the data changes.

    Plotly validates every property it is given and pydeck serialises megabytes of outlines:
    on a warm page that costs more than the cached reads. Frames are keyed by their content
    digest, computed once per shared frame (``shared_frames``). The object returned is
    shared, so a page must not modify it.
    """
    key = (
        tuple(cache_key(value) for value in args),
        tuple((name, cache_key(value)) for name, value in sorted(kwargs.items())),
    )
    return _cached_build(qualified_name(builder), key, builder, args, kwargs)


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=BUILT_MAX_ENTRIES, show_spinner=False)
def _cached_build(
    name: str, key: tuple, _builder: Callable[..., T], _args: tuple, _kwargs: dict[str, Any]
) -> T:
    """Keyed by the builder's qualified name and ``key``, the digest of the data it draws."""
    return _builder(*_args, **_kwargs)


def forget_cached() -> None:
    """Forget this process's cached reads, charts and data versions (a retry after an outage)."""
    _cached_read.clear()
    _scoped_territory.clear()
    _resolved_territory.clear()
    _cached_build.clear()
    _cached_presented.clear()
    SHARED_FRAMES.clear()
    VERSIONS.forget()


def clear_caches() -> None:
    """After this session changed the store (import, edit, meeting), or to retry after an outage.

    Forgets this process's cached reads and charts; other processes see the new data
    version on their next check. The session's next reads go to the writer's store
    until the one it reads from holds its write (read-your-writes).
    """
    forget_cached()
    if writer_database_url() != database_url() and get_script_run_ctx() is not None:
        st.session_state[OWN_WRITE_KEY] = (
            VERSIONS.version(writer_engine(), fresh=True),
            time.monotonic() + READ_YOUR_WRITES_SECONDS,
        )
