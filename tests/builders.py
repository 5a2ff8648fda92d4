"""Insert hand-made rows in a test store: each test states exactly the data it checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert

from data_access.models import Base


def add(engine: Engine, model: type[Base], *rows: dict[str, Any]) -> None:
    """Insert ``rows`` of ``model`` in one transaction (columns omitted take their defaults)."""
    with engine.begin() as connection:
        connection.execute(insert(model), list(rows))
