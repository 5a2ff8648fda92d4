"""Aidants numériques: the Aidants Connect structures file, aidants summed over active structures.

``aidants-connect_structures.csv`` lists one structure per line (addresses may
span several lines inside quotes): its active flag, its commune's INSEE code,
its postcode, « Nombre d'aidants », its unique users and démarches by theme.
Aidants habilités are the sum of « Nombre d'aidants » over active structures,
placed in the département of their commune (else of their postcode). Every
loaded département gets a value, zero included: no structure is a finding.
The file carries no date: it is asked for (``--date``) unless the name holds it.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.snapshots import (
    Snapshot,
    count_value,
    counted_departements,
    data_date,
    snapshot_report,
)
from data_access.importers.sources import Source, read_table, require_columns
from data_access.importers.values import parse_bool, parse_insee, restore_leading_zero
from data_access.importers.writing import run_import

INDICATOR = "aidants"
ACTIVE = "is active"
INSEE = "city insee code"
POSTCODE = "zip code"
AIDANTS = "nombre d'aidants"
USERS = "question 110 → nombre d'usagers uniques"
DEMARCHES: dict[str, str] = {
    "question 99 → nombre demarche argent": "argent",
    "question 107 → nombre demarche etranger": "etranger",
    "question 103 → nombre demarche famille": "famille",
    "question 106 → nombre demarche justice": "justice",
    "question 108 → nombre demarche loisirs": "loisirs",
    "question 102 → nombre demarche papier": "papier",
    "question 104 → nombre demarche social": "social",
    "question 105 → nombre demarche transport": "transport",
    "question 113 → nombre demarche travail": "travail",
    "question 114 → nombre demarche logement": "logement",
}
"""Démarches by theme (columns of the national export) → category of the « demarches » breakdown."""
COLUMNS = [
    "Name", "ID", "UUID", "Is Active", "City Insee Code", "Address", "Zip Code", "Siret",
    "France Services Label", "City", "Nombre d'aidants", "Question 110 → Nombre D'usagers Uniques",
    "Question 109 → Nombre De Demarche Par Structure", "Question 99 → Nombre Demarche Argent",
    "Question 107 → Nombre Demarche Etranger", "Question 103 → Nombre Demarche Famille",
    "Question 106 → Nombre Demarche Justice", "Question 108 → Nombre Demarche Loisirs",
    "Question 102 → Nombre Demarche Papier", "Question 104 → Nombre Demarche Social",
    "Question 105 → Nombre Demarche Transport", "Question 113 → Nombre Demarche Travail",
    "Question 114 → Nombre Demarche Logement",
]  # fmt: skip
"""The header of the national export (the blank template)."""
POSTCODE_PATTERN = re.compile(r"^\d{5}$")


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    day, dated_by = data_date(source, context)
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, [ACTIVE, INSEE, POSTCODE, AIDANTS])
    placer, values = counted_departements(connection, context)
    details: dict[tuple[str, str, str], int] = {}
    active = 0
    unplaced: list[str] = []
    odd_postcodes: list[str] = []
    for row in table.rows:
        is_active = issues.value(row, ACTIVE, parse_bool, required=True)
        aidants = issues.value(row, AIDANTS, count_value, required=True)
        insee = issues.value(row, INSEE, parse_insee)
        postcode = _postcode(row.get(POSTCODE))
        if row.get(POSTCODE) and postcode is None:
            odd_postcodes.append(f"{row.get(POSTCODE)} ({issues.where(row.line)})")
        users = issues.value(row, USERS, count_value) if USERS in table.columns else None
        demarches = {
            category: issues.value(row, column, count_value)
            for column, category in DEMARCHES.items()
            if column in table.columns
        }
        if not is_active or aidants is None:
            continue
        active += 1
        code = placer.departement(insee, postcode)
        context.check_placed(code, row.line, "City Insee Code", row.get(INSEE) or row.get(POSTCODE), issues)
        if code is None or not context.may_write(code):
            unplaced.append(f"{issues.where(row.line)} ({row.get('name') or row.get('city')})")
            continue
        values[code] += int(aidants)
        _add(details, (code, "structures", "actives"), 1)
        _add(details, (code, "usagers", "uniques"), int(users or 0))
        for category, count in demarches.items():
            _add(details, (code, "demarches", category), int(count or 0))
    issues.raise_if_any()
    placer.codes.warn_skipped(issues)
    if odd_postcodes:
        issues.warn(
            f"{len(odd_postcodes)} code(s) postal(aux) illisible(s), ignoré(s) (la commune place la "
            "structure) : " + ", ".join(odd_postcodes[:10]) + (" …" if len(odd_postcodes) > 10 else "")
        )
    if unplaced:
        issues.warn(
            f"{len(unplaced)} structure(s) active(s) sans commune ni code postal d'un département chargé, "
            "non comptée(s) : " + ", ".join(unplaced[:10]) + (" …" if len(unplaced) > 10 else "")
        )
    return snapshot_report(
        connection,
        source,
        issues,
        Snapshot(INDICATOR, day, values, details),
        kind="aidants-connect",
        rows=len(table.rows),
        skipped=len(table.rows) - active,
        counts={
            "structures_actives": active,
            "structures_non_placees": len(unplaced),
            "aidants": sum(values.values()),
            "departements_releves": len(values),
        },
        dated_by=dated_by,
    )


def _postcode(raw: str) -> str | None:
    """Five digits; four are a postcode whose leading zero a spreadsheet dropped (``1500`` → ``01500``)."""
    text = restore_leading_zero(raw)
    return text if POSTCODE_PATTERN.match(text) else None


def _add(details: dict[tuple[str, str, str], int], key: tuple[str, str, str], value: int) -> None:
    details[key] = details.get(key, 0) + value


def import_aidants(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import the aidants habilités per département (Aidants Connect), dated by the data."""
    return run_import(engine, path, _handle, context)
