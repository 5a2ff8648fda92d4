"""The documented columns of the read functions' frames (``data_access.frames``) are the real ones."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.frames import COLUMNS, FRAMES
from data_access.scope import Territory

ARGUMENTS: dict[str, object] = {
    "territory": Territory.departement("28"),
    "today": date(2024, 6, 1),
    "code_insee": "28085",
    "code_departement": "28",
    "code": "accompagnes",
    "reunion_id": 1,
}
"""What each required parameter of a read function receives, by name (the engine aside)."""


def reader(qualified: str) -> Callable[..., pd.DataFrame]:
    module, name = qualified.split(".")
    return getattr(importlib.import_module(f"data_access.{module}"), name)


@pytest.mark.parametrize("qualified", sorted(FRAMES))
def test_each_read_returns_the_documented_columns(geo_engine: Engine, qualified: str) -> None:
    function = reader(qualified)
    required = [
        parameter.name
        for parameter in inspect.signature(function).parameters.values()
        if parameter.default is inspect.Parameter.empty and parameter.name != "engine"
    ]
    frame = function(geo_engine, *(ARGUMENTS[name] for name in required))
    assert tuple(frame.columns) == FRAMES[qualified]


def test_every_frame_returned_by_a_read_module_is_documented() -> None:
    modules = {qualified.split(".")[0] for qualified in FRAMES}
    returning_frames = {
        f"{module}.{name}"
        for module in modules
        for name, function in inspect.getmembers(importlib.import_module(f"data_access.{module}"))
        if inspect.isfunction(function)
        and function.__module__ == f"data_access.{module}"
        and not name.startswith("_")
        and "DataFrame" in str(inspect.signature(function).return_annotation)
    }
    assert returning_frames - set(FRAMES) == {"comparison.rank_departements"}


def test_every_column_is_explained_once() -> None:
    used = {column for columns in FRAMES.values() for column in columns}
    assert used == set(COLUMNS)
