"""French formatting of numbers, amounts, percentages and dates for display.

Pure functions (no Streamlit), so that pages, exports and tests agree on one
rendering: ``1 234,5``, ``42 500 €``, ``69 %``, ``15 octobre 2023``.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

THOUSANDS_SEPARATOR = "\u00a0"
"""No-break space: French digit grouping that never wraps inside a number."""

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MISSING = "—"
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:&=^])")
"""The punctuation that Markdown, its GitHub extensions or Streamlit (``:red[…]``, ``$…$``) read.

Quotes are left alone: they only matter inside a link, and brackets are escaped."""


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def fr_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (no-break space), missing → ``—``."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", THOUSANDS_SEPARATOR).replace(".", ",")


def fr_euros(value: float | int | None) -> str:
    if is_missing(value):
        return MISSING
    return f"{fr_number(value)}{THOUSANDS_SEPARATOR}€"


def fr_percent(ratio: float | None, decimals: int = 0) -> str:
    """A ratio (0.69) as ``69 %``."""
    if is_missing(ratio):
        return MISSING
    return f"{fr_number(ratio * 100, decimals)}{THOUSANDS_SEPARATOR}%"


def fr_date(value: date | datetime | str | None) -> str:
    """``2023-10-15`` → ``15 octobre 2023``; the first of the month reads ``1er``."""
    if is_missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def fr_datetime(value: datetime | str | None) -> str:
    """``15 octobre 2023 à 09:30``; SQLite hands aggregated timestamps back as text."""
    if is_missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{fr_date(value)} à {value:%H:%M}"


def fr_month(value: date) -> str:
    """``2024-03-01`` → ``mars 2024``, for time axes."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def plain(text: object) -> str:
    """Text from the store (names typed by many hands) for ``st.markdown``: shown literally.

    Streamlit's Markdown does not render raw HTML, but it does render emphasis, links
    (``[lien](javascript:…)``), images, headings, colour directives and LaTeX; a
    backslash before every punctuation character turns each of them back into text.
    Missing values read ``—``.
    """
    if is_missing(text):
        return MISSING
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
