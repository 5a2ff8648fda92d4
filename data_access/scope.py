"""Territory scope: national, one région, one département or one EPCI.

Every read function takes a ``Territory`` and turns it into a SQL predicate, so
that the database filters and aggregates; nothing is filtered in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, Select, and_, select, true
from sqlalchemy.sql.elements import ColumnClause

from data_access.models import Commune, Departement, Epci

Level = Literal["national", "region", "departement", "epci"]
LEVELS: tuple[Level, ...] = ("national", "region", "departement", "epci")
CODE_FORMATS: dict[Level, re.Pattern[str]] = {
    "region": re.compile(r"\d{2}|COM"),
    "departement": re.compile(r"\d{2}|2[AB]|97\d|98\d"),
    "epci": re.compile(r"\d{9}"),
}
"""The shape of a geography code per level (INSEE région and département codes, EPCI SIREN;
``COM`` groups the collectivités d'outre-mer 975 to 988).

A code from a URL is checked against it before it reaches any SQL, so that garbage
(a NUL byte, 10 kB of text) is refused as « unknown territory », never sent to the database."""


def is_valid_code(level: Level, code: str) -> bool:
    """Whether ``code`` has the shape of a ``level`` code (not whether that territory exists)."""
    pattern = CODE_FORMATS.get(level)
    return pattern is not None and pattern.fullmatch(code) is not None


@dataclass(frozen=True)
class Territory:
    """A territory scope; ``code`` is empty only at national level.

    ``allowed`` holds the départements the person reading may reach (``None``: all).
    Every predicate built from the territory ANDs it in, so that the database, not
    the page, keeps a département referent inside his département whatever is asked.
    """

    level: Level = "national"
    code: str | None = None
    allowed: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"Niveau de territoire inconnu : {self.level!r}")
        if (self.level == "national") != (self.code is None):
            raise ValueError("Un territoire non national exige un code, et seulement lui.")
        if self.code is not None and not is_valid_code(self.level, self.code):
            raise ValueError(f"Code de territoire invalide pour le niveau {self.level} : {self.code!r}")

    @classmethod
    def national(cls) -> Territory:
        return cls("national", None)

    @classmethod
    def region(cls, code: str) -> Territory:
        return cls("region", code)

    @classmethod
    def departement(cls, code: str) -> Territory:
        return cls("departement", code)

    @classmethod
    def epci(cls, code: str) -> Territory:
        return cls("epci", code)


NATIONAL = Territory.national()


def departement_filter(
    territory: Territory, code_departement: ColumnElement | ColumnClause
) -> ColumnElement[bool]:
    """Predicate on a ``code_departement`` column, within the reader's ``allowed`` départements.

    An EPCI scope maps to the département the EPCI is attached to, since
    départemental rows (governance, roadmaps, envelopes) have no finer grain.
    """
    requested = _requested_departements(territory, code_departement)
    if territory.allowed is None:
        return requested
    return and_(requested, code_departement.in_(territory.allowed))


def _requested_departements(
    territory: Territory, code_departement: ColumnElement | ColumnClause
) -> ColumnElement[bool]:
    if territory.level == "national":
        return true()
    if territory.level == "region":
        in_region = select(Departement.code).where(Departement.code_region == territory.code)
        return code_departement.in_(in_region.scalar_subquery())
    if territory.level == "departement":
        return code_departement == territory.code
    return code_departement == attached_departement(territory.code).scalar_subquery()


def attached_departement(code_epci: str) -> Select:
    """The département an EPCI is attached to, as a query: the one place that lookup is written."""
    return select(Epci.code_departement).where(Epci.code == code_epci)


def commune_filter(
    territory: Territory,
    code_departement: ColumnElement | ColumnClause,
    code_insee: ColumnElement | ColumnClause,
) -> ColumnElement[bool]:
    """Predicate on rows located in a commune; an EPCI scope keeps its member communes."""
    if territory.level != "epci":
        return departement_filter(territory, code_departement)
    members = select(Commune.code_insee).where(Commune.code_epci == territory.code)
    if territory.allowed is not None:
        members = members.where(Commune.code_departement.in_(territory.allowed))
    return code_insee.in_(members.scalar_subquery())
