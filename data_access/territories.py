"""Reference territories: the lists the selector offers and the names pages show."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Departement, Epci, Region
from data_access.scope import Territory, attached_departement
from data_access.sql import read_frame, read_scalar


def regions(engine: Engine) -> pd.DataFrame:
    """Régions (code, nom), in code order."""
    return read_frame(engine, select(Region.code, Region.nom).order_by(Region.code))


def departements(engine: Engine, code_region: str | None = None) -> pd.DataFrame:
    """Départements (code, nom, code_region, population), all or those of one région."""
    statement = select(Departement.code, Departement.nom, Departement.code_region, Departement.population)
    if code_region:
        statement = statement.where(Departement.code_region == code_region)
    return read_frame(engine, statement.order_by(Departement.code))


def epcis(engine: Engine, code_departement: str) -> pd.DataFrame:
    """EPCI attached to a département (code, nom, type, population), by name."""
    statement = (
        select(Epci.code, Epci.nom, Epci.type, Epci.population)
        .where(Epci.code_departement == code_departement)
        .order_by(Epci.nom)
    )
    return read_frame(engine, statement)


def parent_region(engine: Engine, code_departement: str) -> str | None:
    """The région of a département, or ``None`` for an unknown code."""
    return read_scalar(engine, select(Departement.code_region).where(Departement.code == code_departement))


def territory_name(engine: Engine, territory: Territory) -> str:
    """The name a page shows for a territory, e.g. ``Eure-et-Loir (28)``."""
    if territory.level == "national":
        return "France entière"
    if territory.level == "region":
        name = read_scalar(engine, select(Region.nom).where(Region.code == territory.code))
        return f"Région {name}" if name else f"Région {territory.code}"
    if territory.level == "departement":
        name = read_scalar(engine, select(Departement.nom).where(Departement.code == territory.code))
        return f"{name} ({territory.code})" if name else f"Département {territory.code}"
    name = read_scalar(engine, select(Epci.nom).where(Epci.code == territory.code))
    return str(name) if name else f"EPCI {territory.code}"


def covered_departements(engine: Engine, territory: Territory) -> tuple[str, ...] | None:
    """The départements a territory covers (an EPCI: the one it is attached to); ``None``: all of France."""
    if territory.level == "national":
        return None
    if territory.level == "departement":
        return (str(territory.code),)
    if territory.level == "epci":
        attached = read_scalar(engine, attached_departement(str(territory.code)))
        return (str(attached),) if attached else ()
    in_region = select(Departement.code).where(Departement.code_region == territory.code)
    return tuple(read_frame(engine, in_region.order_by(Departement.code), ["code"])["code"])
