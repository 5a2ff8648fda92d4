"""Table exports: CSV as French Excel expects it, and XLSX; pure functions from DataFrames to bytes.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) are neutralised with a leading apostrophe, since
names in the store come from files filled by many hands.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime

import pandas as pd

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell that could start a formula is prefixed by ``'``."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
    return safe


def _neutralise(value: object) -> object:
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def _french_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``15/10/2023``, the form French Excel reads as a date."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%d/%m/%Y")
        elif shown[column].map(lambda value: isinstance(value, date | datetime)).any():
            shown[column] = shown[column].map(
                lambda value: value.strftime("%d/%m/%Y") if isinstance(value, date | datetime) else value
            )
    return shown


def _plain_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists (e.g. colours or labels) as text, so that every cell is a spreadsheet value."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].map(lambda value: isinstance(value, list | tuple)).any():
            shown[column] = shown[column].map(
                lambda value: ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
            )
    return shown


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, ``;`` separator and decimal comma: opens right in French Excel."""
    safe = _french_dates(_plain_lists(neutralise_formulas(frame)))
    return safe.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "Données") -> bytes:
    """One sheet with the table; numbers stay numbers, dates stay dates."""
    safe = _plain_lists(neutralise_formulas(frame))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet_name[:31], index=False)
    return buffer.getvalue()


def export_file_name(title: str, extension: str) -> str:
    """``Lieux par département`` → ``lieux-par-departement.csv`` (ASCII, no spaces)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "export"
    return f"{slug}.{extension}"
