"""The store's data version, which every dashboard process keys its caches on (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, insert

from data_access.access import DEMO_VIEWER
from data_access.editing import record_audit
from data_access.models import Departement, ImportLog, Region
from data_access.store_info import caught_up, data_version


def test_an_import_and_an_edit_each_change_the_version(engine: Engine) -> None:
    empty = data_version(engine)
    with engine.begin() as connection:
        connection.execute(
            insert(ImportLog),
            {
                "kind": "lieux",
                "filename": "lieux.csv",
                "checksum": "0" * 64,
                "rows": 3,
                "imported_at": datetime(2026, 12, 3),
            },
        )
    imported = data_version(engine)
    assert imported != empty and caught_up(imported, empty) and not caught_up(empty, imported)
    with engine.begin() as connection:
        connection.execute(insert(Region), {"code": "24", "nom": "Centre-Val de Loire"})
        connection.execute(insert(Departement), {"code": "28", "nom": "Eure-et-Loir", "code_region": "24"})
        record_audit(
            connection, DEMO_VIEWER, "28", "action", "A-1", {"statut": ("a_venir", "en_cours")}, None
        )
    edited = data_version(engine)
    assert edited != imported and caught_up(edited, imported)
    assert data_version(engine) == edited, "reading changes nothing"
