"""Load the reference geography (built into ``assets/geo`` by a script) into the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select

from data_access.db import refresh_statistics
from data_access.models import Commune, Departement, Epci, LieuxObjectif, Region
from data_access.vocabulary import NATIONAL_LIEUX_TARGET


@dataclass(frozen=True)
class GeographyFrames:
    """The four reference tables, as read from the assets (or made small by tests)."""

    regions: pd.DataFrame
    departements: pd.DataFrame
    epci: pd.DataFrame
    communes: pd.DataFrame

    @classmethod
    def from_assets(cls) -> GeographyFrames:
        from data_access import reference  # the assets are read only when asked for

        return cls(
            reference.regions_frame(),
            reference.departements_frame(),
            reference.epci_frame(),
            reference.communes_frame(),
        )


def has_geography(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(connection.scalar(select(func.count()).select_from(Departement)))


def load_geography(engine: Engine, frames: GeographyFrames | None = None) -> None:
    """Replace the reference tables in one transaction and derive default lieux targets."""
    frames = frames or GeographyFrames.from_assets()
    with engine.begin() as connection:
        for table in (LieuxObjectif, Commune, Epci, Departement, Region):
            connection.execute(delete(table))
        _insert(connection, Region, frames.regions, ["code", "nom"])
        _insert(connection, Departement, frames.departements, ["code", "nom", "code_region", "population"])
        _insert(
            connection,
            Epci,
            frames.epci,
            ["code", "nom", "type", "population", "code_departement", "codes_departements"],
        )
        _insert(
            connection,
            Commune,
            frames.communes,
            [
                "code_insee",
                "nom",
                "code_departement",
                "code_epci",
                "population",
                "codes_postaux",
                "latitude",
                "longitude",
            ],
        )
        targets = national_target_split(frames.departements)
        connection.execute(
            insert(LieuxObjectif),
            [{"code_departement": code, "objectif_national": target} for code, target in targets.items()],
        )
    refresh_statistics(engine)


def national_target_split(departements: pd.DataFrame, total: int = NATIONAL_LIEUX_TARGET) -> dict[str, int]:
    """Split the national target by population (largest remainder, so it sums to ``total``)."""
    population = departements.set_index("code")["population"].astype(float)
    shares = population / population.sum() * total
    floors = shares.astype(int)
    missing = total - int(floors.sum())
    remainders = (shares - floors).sort_values(ascending=False, kind="stable")
    floors.loc[remainders.index[:missing]] += 1
    return {str(code): int(value) for code, value in floors.items()}


def _insert(connection: Connection, model: type, frame: pd.DataFrame, columns: list[str]) -> None:
    values = frame[columns].astype(object).replace("", None)
    records = values.where(values.notna(), None).to_dict("records")
    if records:
        connection.execute(insert(model), records)
