"""SQL helpers shared by the read modules: run a statement into a DataFrame, portable aggregates."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Engine,
    Executable,
    Integer,
    String,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnClause

NAME_SEPARATOR = ", "


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


def joined_strings(
    dialect_name: str, column: ColumnElement | ColumnClause, separator: str = NAME_SEPARATOR
) -> ColumnElement[str]:
    """Aggregate ``column`` into one string: ``string_agg`` on PostgreSQL, ``group_concat`` on SQLite.

    PostgreSQL orders the names inside the aggregate. SQLite (3.40 here) has no
    ``ORDER BY`` inside aggregates: callers feed it an ordered subquery, whose
    order SQLite keeps since an aggregate query never flattens an ordered subquery.
    """
    if dialect_name == "postgresql":
        return func.string_agg(column, literal(separator, String)).aggregate_order_by(column)
    return func.group_concat(column, separator)


def ordered_codes(labels: dict[str, str]) -> CompoundSelect:
    """The codes of a vocabulary with their label and rank, as rows (``code``, ``libelle``, ``ordre``).

    Joining counts onto it keeps the codes that count zero, in vocabulary order.
    """
    rows = [
        select(
            literal(code, String).label("code"),
            literal(label, String).label("libelle"),
            literal(rank, Integer).label("ordre"),
        )
        for rank, (code, label) in enumerate(labels.items())
    ]
    return union_all(*rows)


def label_of(labels: dict[str, str], column: ColumnElement | ColumnClause) -> ColumnElement[str]:
    """French label of a code, in SQL (unknown codes are shown as they are)."""
    return case(labels, value=column, else_=column)


def rank_of(codes: list[str], column: ColumnElement | ColumnClause) -> ColumnElement[int]:
    """Rank of a code in its vocabulary, for ordering in SQL."""
    return case({code: rank for rank, code in enumerate(codes)}, value=column, else_=len(codes))
