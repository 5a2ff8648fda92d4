"""Display helpers every domain presenter shares: metrics, per-column formatting, labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from dashboard.formatting import fr_date, fr_number, plain
from dashboard.shared_frames import per_frame


@dataclass(frozen=True)
class Metric:
    """One headline figure as shown: its label, its French value and an optional tooltip."""

    label: str
    value: str
    help: str | None = None


def formatted(frame: pd.DataFrame, **formats: Callable[[object], object]) -> pd.DataFrame:
    """A copy of ``frame`` with each named column mapped through its formatter, for display."""
    return frame.assign(
        **{column: frame[column].map(format_value) for column, format_value in formats.items()}
    )


def decimals(count: int) -> Callable[[object], str]:
    """A French number formatter with ``count`` decimals (``fr_number`` has none by default)."""
    return partial(fr_number, decimals=count)


def dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy where the date columns read ``15 octobre 2023``."""
    return formatted(frame, **dict.fromkeys(columns, fr_date))


def as_percent_done(ratios: pd.Series) -> pd.Series:
    """Ratios (0–1) as 0–100, the scale of a progress-bar column."""
    return ratios * 100


def departement_labels(codes: pd.Series, names: pd.Series) -> pd.Series:
    """``28 – Eure-et-Loir`` for each row."""
    return codes.astype(str) + " – " + names.astype(str)


@per_frame
def literal_cells(frame: pd.DataFrame, verbatim: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every cell as text for ``st.table``, which renders Markdown: numbers in French, texts from
    the store escaped so that they print as typed, missing values ``—``. The ``verbatim``
    columns (a year) are numbers written without a thousands separator."""
    return frame.apply(
        lambda column: column.map(
            plain if column.name in verbatim or not pd.api.types.is_numeric_dtype(column) else fr_number
        )
    )
