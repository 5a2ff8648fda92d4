"""Make a store ready to be read: schema, reference geography, demo data on a new embedded store."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from data_access.geography import has_geography, load_geography
from data_access.migrate import upgrade

log = logging.getLogger(__name__)


def prepare_embedded_store(engine: Engine) -> None:
    """Migrate, load the geography and, on a brand-new store, the demo data.

    Only the embedded SQLite store is prepared by the app itself: a shared
    PostgreSQL is migrated and fed by its operators (``python -m data_access``),
    and the dashboard may connect to it with a read-only role.
    """
    upgrade(engine)
    if has_geography(engine):
        return
    log.info("Nouvelle base : chargement de la géographie de référence et des données de démonstration")
    load_geography(engine)
    from data_access.demo import generate_demo

    generate_demo(engine)
