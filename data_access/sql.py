"""Small SQL helpers shared by the read modules: run a statement into a DataFrame."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Executable


def read_frame(engine: Engine, statement: Executable, columns: list[str] | None = None) -> pd.DataFrame:
    """Run ``statement`` and return its rows as a DataFrame (with ``columns`` even when empty).

    The statement does the filtering and aggregating; pandas only carries the result.
    """
    with engine.connect() as connection:
        result = connection.execute(statement)
        frame = pd.DataFrame(result.fetchall(), columns=columns or list(result.keys()))
    return frame


def read_scalar(engine: Engine, statement: Executable) -> object:
    """The single value a statement returns (``None`` when it returns no row)."""
    with engine.connect() as connection:
        return connection.scalar(statement)
