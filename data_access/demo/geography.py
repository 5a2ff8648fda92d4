"""The reference geography the demo is built on, read once from the store."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection, select

from data_access.models import Commune, Departement, Epci, Region


@dataclass(frozen=True)
class GeoDepartement:
    code: str
    nom: str
    code_region: str
    population: int


@dataclass(frozen=True)
class GeoEpci:
    code: str
    nom: str
    population: int


@dataclass(frozen=True)
class GeoCommune:
    code: str
    nom: str
    code_departement: str
    code_epci: str | None
    population: int
    postcode: str | None
    latitude: float | None
    longitude: float | None


@dataclass
class Geography:
    regions: dict[str, str]
    departements: list[GeoDepartement]
    epci: dict[str, list[GeoEpci]]
    communes: dict[str, list[GeoCommune]]
    """Per département, sorted by code; a city split into arrondissements is left out (they count)."""
    all_communes: list[GeoCommune]


@cache
def outline_anchor(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the centroid of a territory's largest island, from its outline.

    Open data gives no town-hall location for the communes of Saint-Pierre-et-Miquelon, Wallis
    et Futuna, the Polynésie française and the Nouvelle-Calédonie: the demo gathers their
    lieux on the main island rather than leaving those territories without any.
    """
    from data_access import reference  # the outlines are read only when a territory needs them

    features = {f["properties"]["code"]: f["geometry"] for f in reference.departements_geojson()["features"]}
    geometry = features.get(code)
    if geometry is None:
        return None
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    ring = max((polygon[0] for polygon in polygons), key=lambda ring: abs(_ring_area(ring)))
    area = _ring_area(ring)
    longitude = latitude = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        longitude += (x0 + x1) * cross
        latitude += (y0 + y1) * cross
    return round(latitude / (6 * area), 5), round(longitude / (6 * area), 5)


def _ring_area(ring: list[list[float]]) -> float:
    """Signed area of a closed ring (shoelace formula), in square degrees."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def read_geography(connection: Connection) -> Geography:
    regions = dict(connection.execute(select(Region.code, Region.nom).order_by(Region.code)).all())
    departements = [
        GeoDepartement(code, nom, region, population or 0)
        for code, nom, region, population in connection.execute(
            select(
                Departement.code, Departement.nom, Departement.code_region, Departement.population
            ).order_by(Departement.code)
        )
    ]
    epci: dict[str, list[GeoEpci]] = {dep.code: [] for dep in departements}
    for code, nom, population, departement in connection.execute(
        select(Epci.code, Epci.nom, Epci.population, Epci.code_departement).order_by(Epci.code)
    ):
        epci.setdefault(departement, []).append(GeoEpci(code, nom, population or 0))
    all_communes = []
    for row in connection.execute(
        select(
            Commune.code_insee,
            Commune.nom,
            Commune.code_departement,
            Commune.code_epci,
            Commune.population,
            Commune.codes_postaux,
            Commune.latitude,
            Commune.longitude,
        ).order_by(Commune.code_insee)
    ):
        postcodes = re.findall(r"\d{5}", row.codes_postaux or "")
        all_communes.append(
            GeoCommune(
                row.code_insee,
                row.nom,
                row.code_departement,
                row.code_epci or None,
                row.population or 0,
                postcodes[0] if postcodes else None,
                row.latitude,
                row.longitude,
            )
        )
    split_cities = {
        (commune.code_departement, match.group(1))
        for commune in all_communes
        if (match := re.match(r"^(.+?) \d+(?:er|e) Arrondissement$", commune.nom))
    }
    communes: dict[str, list[GeoCommune]] = {dep.code: [] for dep in departements}
    for commune in all_communes:
        if (commune.code_departement, commune.nom) not in split_cities:
            communes.setdefault(commune.code_departement, []).append(commune)
    return Geography(regions, departements, epci, communes, all_communes)
