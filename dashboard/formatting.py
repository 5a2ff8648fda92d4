"""French formatting of numbers, amounts, percentages and dates for display.

Pure functions (no Streamlit), so that pages, exports and tests agree on one
rendering: ``1 234,5``, ``42 500 €``, ``69 %``, ``15 octobre 2023``.

Numbers, percentages, amounts, month names and times follow the CLDR ``fr`` locale
through Babel, which carries French typography (digits grouped by a narrow no-break
space U+202F, a no-break space U+00A0 before ``%`` and ``€``) instead of tables
written here. Three house rules stay hand-written because CLDR has no word for them:
whole euros (CLDR's currency format shows cents), ``1er`` for the first of the month,
and an em dash for a missing value.
"""

from __future__ import annotations

import math
import re
from copy import copy
from datetime import date, datetime
from functools import lru_cache

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import NumberPattern, format_currency, format_decimal, format_percent

LOCALE = "fr_FR"
MISSING = "—"
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:&=^])")
"""The punctuation that Markdown, its GitHub extensions or Streamlit (``:red[…]``, ``$…$``) read.

Quotes are left alone: they only matter inside a link, and brackets are escaped."""


def _whole_currency_pattern() -> NumberPattern:
    """CLDR's French currency pattern (``#,##0.00 ¤``) without the cents: the dashboard counts whole euros."""
    pattern = copy(Locale.parse(LOCALE).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


EURO_PATTERN = _whole_currency_pattern()
FORMATTED_KEPT = 65_536
"""Formatted values remembered per kind. A table maps thousands of cells through Babel, which
re-reads its locale data on every call (about 0.15 ms a cell); amounts and dates repeat
across rows and views, so each distinct value is formatted once per process."""


def is_missing(value: object) -> bool:
    """``None``, ``NaN``, ``NaT`` or pandas' ``NA`` (a nullable integer column's gap)."""
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


def _cache_key(value: object) -> float:
    """``value`` as a float for the formatted-value caches; ``-0.0`` becomes ``0.0`` since both hash
    alike: one would otherwise read ``-0`` or ``0`` depending on which was formatted first."""
    return float(value) + 0.0


def _pattern(decimals: int, suffix: str = "") -> str:
    """A CLDR pattern with exactly ``decimals`` decimals (``#,##0.0``), so ``2`` reads ``2,0`` when asked."""
    return "#,##0" + ("." + "0" * decimals if decimals else "") + suffix


def fr_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (narrow no-break space), missing → ``—``."""
    if is_missing(value):
        return MISSING
    return _number(_cache_key(value), decimals)


@lru_cache(maxsize=FORMATTED_KEPT)
def _number(value: float, decimals: int) -> str:
    return format_decimal(value, format=_pattern(decimals), locale=LOCALE)


def fr_euros(value: float | int | None) -> str:
    """``42500`` → ``42 500 €``, rounded to the euro."""
    if is_missing(value):
        return MISSING
    return _euros(_cache_key(value))


@lru_cache(maxsize=FORMATTED_KEPT)
def _euros(value: float) -> str:
    return format_currency(value, "EUR", format=EURO_PATTERN, currency_digits=False, locale=LOCALE)


def fr_percent(ratio: float | None, decimals: int = 0) -> str:
    """A ratio (0.69) as ``69 %``."""
    if is_missing(ratio):
        return MISSING
    return _percent(_cache_key(ratio), decimals)


@lru_cache(maxsize=FORMATTED_KEPT)
def _percent(ratio: float, decimals: int) -> str:
    return format_percent(ratio, format=_pattern(decimals, "\u00a0%"), locale=LOCALE)


def fr_date(value: date | datetime | str | None) -> str:
    """``2023-10-15`` → ``15 octobre 2023``; the first of the month reads ``1er``."""
    if is_missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return _date(date(value.year, value.month, value.day))


@lru_cache(maxsize=FORMATTED_KEPT)
def _date(value: date) -> str:
    """Keyed by a plain ``date``: a ``datetime`` or ``Timestamp`` of the same day reads the same."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {format_date(value, 'MMMM y', locale=LOCALE)}"


def fr_datetime(value: datetime | str | None) -> str:
    """``15 octobre 2023 à 09:30``; SQLite hands aggregated timestamps back as text."""
    if is_missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{fr_date(value)} à {format_time(value, 'HH:mm', locale=LOCALE)}"


def fr_month(value: date) -> str:
    """``2024-03-01`` → ``mars 2024``, for time axes."""
    return format_date(value, "MMMM y", locale=LOCALE)


def fr_short_month(value: date) -> str:
    """``2024-01-01`` → ``janv. 2024``, for crowded time axes."""
    return format_date(value, "MMM y", locale=LOCALE)


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
