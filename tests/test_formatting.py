"""French display formats: CLDR rules through Babel, plus the house rules CLDR lacks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from dashboard.brief_pdf import FONT_DIR
from dashboard.formatting import (
    MISSING,
    fr_date,
    fr_datetime,
    fr_euros,
    fr_month,
    fr_number,
    fr_percent,
    fr_short_month,
)

NNBSP = "\u202f"
NBSP = "\u00a0"


def test_numbers_are_grouped_by_a_narrow_no_break_space() -> None:
    assert fr_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fr_number(1234.5, 1) == f"1{NNBSP}234,5"
    assert fr_number(2, 1) == "2,0"
    assert fr_number(-1500) == f"-1{NNBSP}500"


def test_percent_and_euro_signs_follow_a_no_break_space() -> None:
    assert fr_percent(0.69) == f"69{NBSP}%"
    assert fr_percent(0.6912, 1) == f"69,1{NBSP}%"
    assert fr_euros(5_026_700) == f"5{NNBSP}026{NNBSP}700{NBSP}€"


def test_amounts_are_whole_euros() -> None:
    assert fr_euros(42_500.4) == f"42{NNBSP}500{NBSP}€"


def test_dates_read_in_french_with_the_first_of_the_month_as_1er() -> None:
    assert fr_date(date(2023, 10, 15)) == "15 octobre 2023"
    assert fr_date("2024-08-01") == "1er août 2024"
    assert fr_datetime(datetime(2023, 10, 15, 9, 30)) == "15 octobre 2023 à 09:30"
    assert fr_datetime("2024-02-01T18:05:00") == "1er février 2024 à 18:05"
    assert fr_month(date(2024, 3, 1)) == "mars 2024"
    assert fr_short_month(date(2024, 7, 1)) == "juil. 2024"


@pytest.mark.parametrize("function", [fr_number, fr_euros, fr_percent, fr_date, fr_datetime])
def test_missing_values_read_as_an_em_dash(function: object) -> None:
    assert function(None) == MISSING  # type: ignore[operator]
    assert function(float("nan")) == MISSING  # type: ignore[operator]


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"])
def test_the_brief_fonts_draw_both_french_spaces_and_the_em_dash(name: str) -> None:
    characters = TTFont(Path(FONT_DIR) / name).getBestCmap()
    assert {ord(NNBSP), ord(NBSP), ord(MISSING), ord("€")} <= set(characters)


def test_remembered_values_read_the_same_whatever_their_type() -> None:
    """Formatted values are remembered (one Babel call per distinct value): the type of a cell
    that holds the same value, or the cell formatted first, must not change what is shown."""
    assert fr_euros(-0.0) == f"0{NBSP}€"
    assert fr_euros(0) == f"0{NBSP}€"
    assert fr_number(-0.0) == "0"
    assert {fr_euros(value) for value in (1500, 1500.0, Decimal("1500"), np.int64(1500))} == {
        f"1{NNBSP}500{NBSP}€"
    }
    assert {
        fr_date(value)
        for value in (date(2024, 8, 1), datetime(2024, 8, 1, 23, 59), pd.Timestamp("2024-08-01"))
    } == {"1er août 2024"}
