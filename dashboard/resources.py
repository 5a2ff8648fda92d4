"""The single place where cached resources are made: the engine and cached reads.

Pages never create engines nor call ``st.cache_*`` themselves; they call
``read(reader, *args)`` with a data-layer function, so that every read shares
one bounded cache (size and TTL) that an import can clear.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from data_access.bootstrap import has_schema, prepare_embedded_store
from data_access.db import database_url, is_default_store, make_engine

T = TypeVar("T")

CACHE_TTL_SECONDS = 300
CACHE_MAX_ENTRIES = 2000


class StoreNotInitialised(RuntimeError):
    """The configured database has no schema yet (a shared store is migrated by its operators)."""


@st.cache_resource(show_spinner="Préparation de la base de données…")
def engine() -> Engine:
    """Create the engine once per server; an embedded store is prepared on first start.

    A failure is not cached, so the next rerun tries again once the database is back.
    """
    url = database_url()
    created = make_engine(url)
    if is_default_store(url):
        prepare_embedded_store(created)
    elif not has_schema(created):
        created.dispose()
        raise StoreNotInitialised(url)
    return created


def read(reader: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a data-layer read function with the shared engine, through the bounded cache."""
    return _cached_read(reader.__module__, reader.__name__, args, tuple(sorted(kwargs.items())))


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_read(module: str, name: str, args: tuple, kwargs: tuple) -> Any:
    reader = getattr(importlib.import_module(module), name)
    return reader(engine(), *args, **dict(kwargs))


def clear_caches() -> None:
    """Forget every cached read, e.g. after an import changed the store."""
    _cached_read.clear()
