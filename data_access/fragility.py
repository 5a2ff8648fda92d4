"""Read functions of the « Fragilité numérique » page: the IFN by département and commune,
and the fragile communes with no lieu de médiation nearby.

A département's (or any area's) IFN is the population-weighted mean of its
communes' scores. Distances are computed in SQL with portable arithmetic only
(no trigonometry, which SQLite lacks): an equirectangular approximation, exact
to well under 1 % at the 10 km scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Engine,
    Float,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)

from data_access.frames import FRAGILE_COLUMNS
from data_access.models import Commune, Departement, IfnCommune, Lieu
from data_access.read_models import FragilitySummary
from data_access.scope import Territory, commune_filter, departement_filter
from data_access.sql import read_frame

SUB_SCORES: dict[str, str] = {
    "no_thd_coverage_rate": "Absence de couverture THD",
    "no_4g_coverage_rate": "Absence de couverture 4G",
    "poverty_rate": "Taux de pauvreté",
    "older_65_rate": "Part des 65 ans et plus",
    "nscol15p_rate": "Part des non-diplômés",
}
"""The five components of the IFN (La Mednum), in the order of the source file, with French labels."""

SCORES: dict[str, str] = {**SUB_SCORES, "total": "Indice de fragilité (total)"}

DEFAULT_THRESHOLD = 7.0
DEFAULT_RADIUS_KM = 10.0
KM_PER_DEGREE = 6371.0 * math.pi / 180
"""Length of one degree of latitude (mean Earth radius), about 111,2 km."""


def _weighted_mean(score: ColumnElement, population: ColumnElement) -> ColumnElement:
    """SUM(score × population) / SUM(population of the rows that have a score); NULL if none."""
    weighted = func.sum(cast(score, Float) * population)
    weights = func.sum(case((score.is_not(None), population), else_=None))
    return weighted / func.nullif(cast(weights, Float), 0)


def ifn_per_departement(
    engine: Engine, territory: Territory, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Per département of the scope: population-weighted IFN, communes with an IFN, fragile ones.

    Départements without IFN keep their row (``ifn`` missing), so the map shows them in grey.
    At EPCI level this is the row of the EPCI's département.
    """
    aggregates = (
        select(
            Commune.code_departement.label("code"),
            _weighted_mean(IfnCommune.total, Commune.population).label("ifn"),
            func.count(IfnCommune.total).label("communes"),
            func.sum(case((IfnCommune.total >= threshold, 1), else_=0)).label("communes_fragiles"),
            func.sum(Commune.population).label("population"),
        )
        .select_from(Commune)
        .join(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
        .where(IfnCommune.total.is_not(None), departement_filter(territory, Commune.code_departement))
        .group_by(Commune.code_departement)
        .subquery()
    )
    statement = (
        select(
            Departement.code,
            Departement.nom,
            aggregates.c.ifn,
            func.coalesce(aggregates.c.communes, 0).label("communes"),
            func.coalesce(aggregates.c.communes_fragiles, 0).label("communes_fragiles"),
            func.coalesce(aggregates.c.population, 0).label("population"),
        )
        .select_from(Departement)
        .outerjoin(aggregates, aggregates.c.code == Departement.code)
        .where(departement_filter(territory, Departement.code))
        .order_by(Departement.code)
    )
    frame = read_frame(engine, statement)
    return frame.astype(
        {"ifn": "float64", "communes": "int64", "communes_fragiles": "int64", "population": "int64"}
    )


def ifn_per_commune(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Every commune of the scope with its IFN total and five sub-scores (missing when unknown).

    Communes without IFN are kept so that a map shows them (in grey) rather than a hole.
    """
    statement = (
        select(
            Commune.code_insee,
            Commune.nom,
            Commune.code_departement,
            Commune.population,
            IfnCommune.total,
            *(getattr(IfnCommune, score) for score in SUB_SCORES),
            Commune.latitude,
            Commune.longitude,
        )
        .select_from(Commune)
        .outerjoin(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
        .where(commune_filter(territory, Commune.code_departement, Commune.code_insee))
        .order_by(Commune.code_insee)
    )
    frame = read_frame(engine, statement)
    return frame.astype({score: "float64" for score in SCORES} | {"population": "int64"})


def commune_scores(engine: Engine, code_insee: str) -> pd.DataFrame:
    """The IFN scores of one commune beside the population-weighted means of its département and France.

    One row per score (five sub-scores, then the total): ``score``, ``libelle``,
    ``commune``, ``departement``, ``national``. Empty for an unknown commune.
    """
    columns = ["score", "libelle", "commune", "departement", "national"]
    with engine.connect() as connection:
        commune = connection.execute(
            select(Commune.code_departement, *(getattr(IfnCommune, score) for score in SCORES))
            .select_from(Commune)
            .outerjoin(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
            .where(Commune.code_insee == code_insee)
        ).one_or_none()
        if commune is None:
            return pd.DataFrame(columns=columns)
        code_departement = commune[0]
        in_departement = Commune.code_departement == code_departement
        means = []
        for score in SCORES:
            value = getattr(IfnCommune, score)
            means.append(_weighted_mean(value, Commune.population))
            local_value = case((in_departement, value), else_=None)
            means.append(_weighted_mean(local_value, Commune.population))
        row = connection.execute(
            select(*means).select_from(Commune).join(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
        ).one()
    frame = pd.DataFrame(
        {
            "score": list(SCORES),
            "libelle": list(SCORES.values()),
            "commune": list(commune[1:]),
            "departement": list(row[1::2]),
            "national": list(row[0::2]),
        },
        columns=columns,
    )
    return frame.astype({"commune": "float64", "departement": "float64", "national": "float64"})


def _cosine_of_latitude(latitude: ColumnElement) -> ColumnElement:
    """cos(latitude in degrees) by its Taylor series to x⁶: error below 2·10⁻⁵ up to 51° N or S.

    SQLite has no trigonometry; evaluating the cosine per commune keeps the
    distances right in every département, overseas included.
    """
    x2 = cast(latitude, Float) * (math.pi / 180)
    x2 = x2 * x2
    return literal(1.0) - x2 / 2 + x2 * x2 / 24 - x2 * x2 * x2 / 720


@dataclass(frozen=True)
class _Grid:
    """Square-ish cells at least ``radius_km`` wide: a lieu within the radius of a commune's
    centre lies in the commune's cell or one of its eight neighbours.

    Cell numbers are plain ``CAST(… AS BIGINT)`` of positive values: SQLite truncates and
    PostgreSQL rounds, both are monotonic steps of width 1, which is all the rule needs.
    """

    lat_step: float
    lon_step: float
    columns: int

    @classmethod
    def for_radius(cls, radius_km: float, max_abs_latitude: float) -> _Grid:
        lat_step = radius_km / KM_PER_DEGREE
        # Widest longitude span at the most polar commune of the scope, plus a margin for the
        # series cosine used in SQL (its error is far below 0.1 %).
        cosine = max(math.cos(math.radians(min(max_abs_latitude, 89.0))), 1e-3)
        lon_step = radius_km / (KM_PER_DEGREE * cosine) * 1.001
        return cls(lat_step, lon_step, math.ceil(362 / lon_step) + 3)

    def key(self, latitude: ColumnElement, longitude: ColumnElement) -> ColumnElement:
        row = cast((latitude + 91.0) / self.lat_step, BigInteger)
        column = cast((longitude + 181.0) / self.lon_step, BigInteger)
        return row * self.columns + column

    def neighbour_offsets(self) -> list[int]:
        return [dy * self.columns + dx for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def _fragile_without_place_query(
    connection: Connection, territory: Territory, threshold: float, radius_km: float
) -> Select | None:
    """Fragile communes of the scope with no lieu within ``radius_km`` of their centre.

    ``None`` when the scope has no fragile commune to test.

    A correlated « NOT EXISTS » over the lieux cannot use an index (there is none on
    coordinates) and takes some 20 s nationally on SQLite. Instead both sides get a grid
    cell number, the candidate pairs come from an equality join on the nine neighbouring
    cells (hash join on PostgreSQL, automatic index on SQLite: both CTEs are MATERIALIZED),
    and only those pairs get the exact test, the squared equirectangular distance
    (Δlat·111,2)² + (Δlon·111,2·cos lat)² ≤ r². « NOT EXISTS » rather than « NOT IN »: PostgreSQL
    makes it a hash anti-join, where « NOT IN » needs its whole subquery hashed in ``work_mem``
    and falls back to rescanning it per commune.
    """
    in_scope = and_(
        commune_filter(territory, Commune.code_departement, Commune.code_insee),
        IfnCommune.total >= threshold,
        Commune.latitude.is_not(None),
        Commune.longitude.is_not(None),
    )
    bounds = connection.execute(
        select(
            func.max(func.abs(Commune.latitude)),
            func.min(Commune.latitude),
            func.max(Commune.latitude),
            func.min(Commune.longitude),
            func.max(Commune.longitude),
        )
        .select_from(Commune)
        .join(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
        .where(in_scope)
    ).one()
    if bounds[0] is None:
        return None
    max_abs_latitude, south, north, west, east = (float(value) for value in bounds)
    grid = _Grid.for_radius(radius_km, max_abs_latitude)
    margin_lat, margin_lon = grid.lat_step * 1.01, grid.lon_step * 1.01
    lieux = (
        select(
            Lieu.latitude.label("latitude"),
            Lieu.longitude.label("longitude"),
            grid.key(Lieu.latitude, Lieu.longitude).label("cell"),
        )
        .where(
            Lieu.latitude.between(south - margin_lat, north + margin_lat),
            Lieu.longitude.between(west - margin_lon, east + margin_lon),
        )
        .cte("lieu_cells")
        .prefix_with("MATERIALIZED")
    )
    fragile = (
        select(
            Commune.code_insee,
            Commune.nom,
            Commune.code_departement,
            Commune.population,
            IfnCommune.total,
            Commune.latitude,
            Commune.longitude,
            grid.key(Commune.latitude, Commune.longitude).label("cell"),
        )
        .select_from(Commune)
        .join(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
        .where(in_scope)
        .cte("fragile_communes")
        .prefix_with("MATERIALIZED")
    )
    offsets = union_all(*(select(literal(offset).label("offset")) for offset in grid.neighbour_offsets()))
    offsets = offsets.subquery("neighbour_offsets")
    # Each fragile commune × its nine neighbouring cells, with its km per degree of longitude.
    neighbourhood = (
        select(
            fragile.c.code_insee,
            fragile.c.latitude,
            fragile.c.longitude,
            (_cosine_of_latitude(fragile.c.latitude) * KM_PER_DEGREE).label("km_per_lon_degree"),
            (fragile.c.cell + offsets.c.offset).label("cell"),
        )
        .select_from(fragile)
        .join(offsets, true())
        .cte("neighbour_cells")
        .prefix_with("MATERIALIZED")
    )
    dy = (lieux.c.latitude - neighbourhood.c.latitude) * KM_PER_DEGREE
    dx = (lieux.c.longitude - neighbourhood.c.longitude) * neighbourhood.c.km_per_lon_degree
    served = (
        select(literal(1))
        .select_from(neighbourhood)
        .join(lieux, lieux.c.cell == neighbourhood.c.cell)
        .where(neighbourhood.c.code_insee == fragile.c.code_insee, dy * dy + dx * dx <= radius_km * radius_km)
    )
    return select(
        fragile.c.code_insee,
        fragile.c.nom,
        fragile.c.code_departement,
        fragile.c.population,
        fragile.c.total,
        fragile.c.latitude,
        fragile.c.longitude,
    ).where(~served.exists())


def fragile_communes_without_place(
    engine: Engine,
    territory: Territory,
    threshold: float = DEFAULT_THRESHOLD,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> pd.DataFrame:
    """Communes with an IFN of at least ``threshold`` and no lieu within ``radius_km`` of their centre.

    The question a COPIL asks after the map: where to open or send mediation
    first. Lieux of neighbouring départements count: distance ignores borders.
    Largest populations first.
    """
    with engine.connect() as connection:
        query = _fragile_without_place_query(connection, territory, threshold, radius_km)
        if query is None:
            rows = []
        else:
            columns = query.selected_columns
            rows = connection.execute(query.order_by(columns.population.desc(), columns.code_insee)).all()
    frame = pd.DataFrame(rows, columns=list(FRAGILE_COLUMNS))
    return frame.astype({"population": "int64", "total": "float64"})


UNSERVED_PER_DEPARTEMENT_COLUMNS = ["code", "nom", "communes", "population", "latitude", "longitude"]


def unserved_per_departement(
    engine: Engine,
    territory: Territory,
    threshold: float = DEFAULT_THRESHOLD,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> pd.DataFrame:
    """The fragile communes without a lieu nearby, summed per département of the scope.

    At national scale some 2 000 such communes, one dot each, would hide the IFN
    choropleth under them; one circle per département (``communes``, their
    ``population``) stays legible. The circle sits at the population-weighted centre of
    those communes, so it points at where they are within the département. Most first.
    """
    with engine.connect() as connection:
        query = _fragile_without_place_query(connection, territory, threshold, radius_km)
        if query is None:
            rows = []
        else:
            unserved = query.subquery()
            # +1: a commune of population 0 still places the circle
            population = cast(unserved.c.population, Float) + 1.0
            statement = (
                select(
                    Departement.code,
                    Departement.nom,
                    func.count().label("communes"),
                    func.sum(unserved.c.population).label("population"),
                    (func.sum(unserved.c.latitude * population) / func.sum(population)).label("latitude"),
                    (func.sum(unserved.c.longitude * population) / func.sum(population)).label("longitude"),
                )
                .select_from(unserved)
                .join(Departement, Departement.code == unserved.c.code_departement)
                .group_by(Departement.code, Departement.nom)
            )
            columns = statement.selected_columns
            rows = connection.execute(statement.order_by(columns.communes.desc(), Departement.code)).all()
    frame = pd.DataFrame(rows, columns=UNSERVED_PER_DEPARTEMENT_COLUMNS)
    return frame.astype(
        {"communes": "int64", "population": "int64", "latitude": "float64", "longitude": "float64"}
    )


def fragility_summary(
    engine: Engine,
    territory: Territory,
    threshold: float = DEFAULT_THRESHOLD,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> FragilitySummary:
    """Headline figures: weighted IFN, communes with an IFN, fragile ones, and those without a lieu nearby."""
    in_scope = commune_filter(territory, Commune.code_departement, Commune.code_insee)
    with engine.connect() as connection:
        ifn, communes, fragiles = connection.execute(
            select(
                _weighted_mean(IfnCommune.total, Commune.population),
                func.count(IfnCommune.total),
                func.sum(case((IfnCommune.total >= threshold, 1), else_=0)),
            )
            .select_from(Commune)
            .join(IfnCommune, IfnCommune.code_insee == Commune.code_insee)
            .where(in_scope)
        ).one()
        query = _fragile_without_place_query(connection, territory, threshold, radius_km)
        sans_lieu, population = (None, None)
        if query is not None:
            unserved = query.subquery()
            sans_lieu, population = connection.execute(
                select(func.count(), func.sum(unserved.c.population))
            ).one()
    return FragilitySummary(
        ifn_moyen=float(ifn) if ifn is not None else None,
        communes_avec_ifn=int(communes or 0),
        communes_fragiles=int(fragiles or 0),
        communes_fragiles_sans_lieu=int(sans_lieu or 0),
        population_fragile_sans_lieu=int(population or 0),
    )


def commune_identity(engine: Engine, code_insee: str) -> dict[str, str] | None:
    """Name, département code and département name of a commune, for titles and legends."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Commune.nom, Commune.code_departement, Departement.nom)
            .join(Departement, Departement.code == Commune.code_departement)
            .where(Commune.code_insee == code_insee)
        ).one_or_none()
    if row is None:
        return None
    return {"nom": row[0], "code_departement": row[1], "departement": row[2]}
