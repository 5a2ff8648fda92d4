"""Import times of national-size files, in their real formats, written from the demo store.

The lieux file follows the national schema v1.0.2 (32 columns, UTF-8 with BOM, every
field quoted, like ``tests/fixtures/lieux-v102-utf8-bom.csv``); the IFN file is La
Mednum's 2023 per-division CSV (``tests/fixtures/ifn-2023.csv``). Each backend imports
them into a fresh copy of its store, so the measured store stays as built; the lieux
already exist there, as in a monthly refresh of the national file (upsert on ``id``).
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, text

from benchmarks.common import STORES_DIR, log
from benchmarks.stores import Backend, drop_copy, fresh_copy
from data_access.importers import OPERATOR, ImportContext, ImportRejected, import_file
from data_access.importers.fragility import COLUMNS as IFN_COLUMNS
from data_access.importers.fragility import SCORES
from data_access.importers.lieux import SCHEMA_FIELDS

FILES_DIR = STORES_DIR / "import-files"
PIVOT_PATTERN = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTCODE_PATTERN = re.compile(r"^\d{5}$")

FILLER: dict[str, str] = {
    "telephone": "+33123456789",
    "courriels": "contact@example.org",
    "site_web": "https://www.example.org",
    "horaires": "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00",
    "presentation_resume": "Accompagnement aux démarches en ligne et à l'usage des outils numériques.",
    "publics_specifiquement_adresses": "Seniors (+ 65 ans)|Familles et/ou enfants",
    "frais_a_charge": "Gratuit",
    "modalites_acces": "Se présenter|Téléphoner",
    "modalites_accompagnement": "Seul|Avec de l'aide|Dans un atelier collectif",
    "prise_rdv": "https://rdv.example.org",
}
"""Optional fields real exports fill, so that the file has a realistic size to parse."""


@dataclass
class ImportTiming:
    backend: str
    kind: str
    filename: str
    file_rows: int
    file_megabytes: float
    seconds: float | None
    inserted: int = 0
    updated: int = 0
    warnings: int = 0
    error: str | None = None


def write_lieux_file(engine: Engine, out: Path) -> int:
    """Every lieu of the store as a v1.0.2 CSV; missing required fields get plausible values."""
    frame = _read(
        engine,
        "SELECT l.*, c.nom AS commune_nom, c.codes_postaux AS commune_postcodes "
        "FROM lieu l LEFT JOIN commune c ON c.code_insee = l.code_insee ORDER BY l.id",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(SCHEMA_FIELDS)
        for row in frame.to_dict("records"):
            record = _lieu_record(row)
            writer.writerow([record.get(name, "") for name in SCHEMA_FIELDS])
    return len(frame)


def _lieu_record(row: dict[str, object]) -> dict[str, str]:
    lieu_id = str(row["id"])
    pivot = _text(row.get("pivot"))
    if not PIVOT_PATTERN.match(pivot):
        pivot = str(int(hashlib.sha1(lieu_id.encode()).hexdigest(), 16))[:14]
    postcode = _text(row.get("code_postal"))
    if not POSTCODE_PATTERN.match(postcode):
        found = re.findall(r"\d{5}", _text(row.get("commune_postcodes")))
        postcode = found[0] if found else "75001"
    return {
        **FILLER,
        "id": lieu_id,
        "pivot": pivot,
        "nom": _text(row.get("nom")) or f"Lieu {lieu_id}",
        "commune": _text(row.get("commune")) or _text(row.get("commune_nom")) or "Paris",
        "code_postal": postcode,
        "code_insee": _text(row.get("code_insee")),
        "adresse": _text(row.get("adresse")) or "1 place de la Mairie",
        "latitude": _coordinate(row.get("latitude")),
        "longitude": _coordinate(row.get("longitude")),
        "typologie": _text(row.get("typologie")),
        "services": _text(row.get("services")) or "Prendre en main un ordinateur",
        "source": _text(row.get("source")),
        "date_maj": _date(row.get("date_maj")) or "2024-01-15",
        "dispositif_programmes_nationaux": _text(row.get("labels_nationaux")),
    }


def write_ifn_file(engine: Engine, out: Path) -> int:
    """The IFN of every commune and EPCI of the store, in La Mednum's 2023 format."""
    scores = ", ".join(f"i.{score}" for score in SCORES)
    communes = _read(
        engine,
        f"SELECT c.nom AS name, i.code_insee AS code, {scores} "
        "FROM ifn_commune i LEFT JOIN commune c ON c.code_insee = i.code_insee ORDER BY i.code_insee",
    )
    epcis = _read(
        engine,
        f"SELECT e.nom AS name, i.code_epci AS code, {scores} "
        "FROM ifn_epci i LEFT JOIN epci e ON e.code = i.code_epci ORDER BY i.code_epci",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(IFN_COLUMNS)
        for division, frame in (("city", communes), ("epci", epcis)):
            for row in frame.to_dict("records"):
                writer.writerow(
                    [_text(row["name"]) or row["code"], division, row["code"]]
                    + [_score(row[score]) for score in SCORES]
                )
    return len(communes) + len(epcis)


def _read(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(text(sql), connection)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _coordinate(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.6f}"


def _score(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.2f}"


def _date(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)[:10]


def measure_imports(backend: Backend) -> list[ImportTiming]:
    """Write the two files from this backend's store, then time their import into a copy of it."""
    engine = backend.engine()
    try:
        lieux_path = FILES_DIR / "lieux-national-v102.csv"
        ifn_path = FILES_DIR / "ifn-2023-communes-epci.csv"
        files = {
            "lieux": (lieux_path, write_lieux_file(engine, lieux_path)),
            "ifn": (ifn_path, write_ifn_file(engine, ifn_path)),
        }
    finally:
        engine.dispose()
    copy = fresh_copy(backend)
    timings: list[ImportTiming] = []
    try:
        copy_engine = copy.engine()
        try:
            for kind, (path, rows) in files.items():
                timings.append(_time_import(copy_engine, backend.name, kind, path, rows))
        finally:
            copy_engine.dispose()
    finally:
        drop_copy(copy)
    return timings


def _time_import(engine: Engine, backend: str, kind: str, path: Path, rows: int) -> ImportTiming:
    megabytes = path.stat().st_size / 1_048_576
    timing = ImportTiming(backend, kind, path.name, rows, round(megabytes, 1), None)
    started = time.perf_counter()
    try:
        report = import_file(engine, kind, path, ImportContext(OPERATOR))
    except ImportRejected as rejected:
        timing.error = rejected.message_fr()[:1000]
        log(f"{backend} · import {kind} refusé : {timing.error[:300]}")
        return timing
    timing.seconds = time.perf_counter() - started
    timing.inserted, timing.updated, timing.warnings = report.inserted, report.updated, report.warning_count
    log(f"{backend} · import {kind} : {rows} lignes en {timing.seconds:.1f} s")
    return timing
