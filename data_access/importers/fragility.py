"""Indice de fragilité numérique (La Mednum, 2023): one CSV per division, or both in one file.

IFN files are older than the reference geography (COG 2026): codes that no
longer exist are kept and counted as warnings, not refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, read_table, require_columns
from data_access.importers.values import check_duplicates, parse_float, parse_insee
from data_access.importers.writing import run_import, upsert
from data_access.models import Commune, Epci, IfnCommune, IfnEpci

SCORES = (
    "no_thd_coverage_rate",
    "no_4g_coverage_rate",
    "poverty_rate",
    "older_65_rate",
    "nscol15p_rate",
    "total",
)
COLUMNS = ["name", "division", "code", *SCORES]
DIVISIONS = {"city": "communes", "epci": "epci"}
NO_EPCI = "ZZZZZZZZZ"
"""INSEE's code for « sans objet »: the communes outside any EPCI, not an EPCI of its own."""


def parse_score(raw: str) -> float:
    value = parse_float(raw)
    if not 0 <= value <= 10:
        raise ValueError("score attendu entre 0 et 10")
    return value


def parse_commune_code(raw: str) -> str:
    """INSEE code; leading zeros lost by a spreadsheet are put back."""
    return parse_insee(raw.zfill(5) if raw.isdigit() else raw)


def parse_epci_code(raw: str) -> str:
    code = re.sub(r"\s", "", raw)
    if not re.fullmatch(r"\d{9}", code):
        raise ValueError("SIREN d'EPCI attendu sur 9 chiffres")
    return code


def _check_territory(
    connection: Connection,
    context: ImportContext,
    keys: dict[str, list[tuple[int, str | None]]],
    issues: Issues,
) -> None:
    """Each commune, and each EPCI by its main département, inside a restricted writer's territory."""
    placed = {
        "city": dict(connection.execute(select(Commune.code_insee, Commune.code_departement)).all()),
        "epci": dict(connection.execute(select(Epci.code, Epci.code_departement)).all()),
    }
    for division, division_keys in keys.items():
        for line, code in division_keys:
            if code is not None:
                context.check_placed(placed[division].get(code), line, "code", code, issues)


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, COLUMNS)
    records: dict[str, list[dict[str, object]]] = {"city": [], "epci": []}
    keys: dict[str, list[tuple[int, str | None]]] = {"city": [], "epci": []}
    skipped = 0
    for row in table.rows:
        division = issues.value(row, "division", required=True)
        if division is not None and division not in DIVISIONS:
            issues.error("valeurs possibles : city, epci", row.line, "division", division)
            continue
        if division is None:
            continue
        if division == "epci" and row.get("code").upper() == NO_EPCI:
            issues.warn(f"{issues.where(row.line)} : ligne « {NO_EPCI} » (communes hors EPCI) ignorée")
            skipped += 1
            continue
        parser = parse_commune_code if division == "city" else parse_epci_code
        code = issues.value(row, "code", parser, required=True)
        keys[division].append((row.line, code))
        record: dict[str, object] = {"code_insee" if division == "city" else "code_epci": code}
        record.update({score: issues.value(row, score, parse_score) for score in SCORES})
        records[division].append(record)
    for division_keys in keys.values():
        check_duplicates(division_keys, "code", issues)
    if context.restricted:
        _check_territory(connection, context, keys, issues)
    issues.raise_if_any()

    known_communes = set(connection.scalars(select(Commune.code_insee)))
    known_epci = set(connection.scalars(select(Epci.code)))
    unknown = {
        "city": sum(1 for record in records["city"] if record["code_insee"] not in known_communes),
        "epci": sum(1 for record in records["epci"] if record["code_epci"] not in known_epci),
    }
    for division, count in unknown.items():
        if count:
            issues.warn(
                f"{count} code(s) {'commune' if division == 'city' else 'EPCI'} inconnu(s) de la géographie "
                "de référence (fichier IFN antérieur au COG) : gardé(s) mais absent(s) des cartes"
            )
    inserted_city, updated_city = upsert(connection, IfnCommune.__table__, records["city"], ("code_insee",))
    inserted_epci, updated_epci = upsert(connection, IfnEpci.__table__, records["epci"], ("code_epci",))
    report = ImportReport(
        kind="ifn",
        filename=source.filename,
        rows=len(records["city"]) + len(records["epci"]),
        inserted=inserted_city + inserted_epci,
        updated=updated_city + updated_epci,
        skipped=skipped,
        counts={
            "communes": len(records["city"]),
            "epci": len(records["epci"]),
            "codes_inconnus": unknown["city"] + unknown["epci"],
        },
    )
    return issues.fill_report(report)


def import_fragility(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import an IFN CSV (``division`` city and/or epci); upsert on the code."""
    return run_import(engine, path, _handle, context)
