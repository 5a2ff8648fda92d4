"""Conseillers numériques: the CnFS host structures, conseillers validated summed per département.

``20230405-3925-cnfs.csv`` (``;``) lists one host structure per line with
« Nombre de conseillers validés par le COSELEC », « Code commune INSEE »
(some lost their leading zero: ``1053`` is ``01053``) and « Code département ».
Each structure is placed by its commune, else by its département code. Every
loaded département gets a value, zero included. The date is read from the
name (``20230405``) unless given with ``--date``.
"""

from __future__ import annotations

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
from data_access.importers.values import fold, parse_insee, restore_leading_zero
from data_access.importers.writing import run_import

INDICATOR = "conseillers"
ADVISORS = "nombre de conseillers validés par le coselec"
INSEE = "code commune insee"
DEPARTEMENT = "code département"
KIND = "type"
COLUMNS = [
    "Raison sociale", "Commune INSEE", "Département", "Région",
    "Nombre de conseillers validés par le COSELEC",
    "Date de validation en comité de sélection", "Type", "SIRET", "Code département", "Adresse",
    "Code commune INSEE", "Code postal", "Investissement financier estimatif total de l’Etat", "ZRR", "QPV",
    "France services",
]  # fmt: skip
"""The header of the national export (the blank template)."""


def _insee(raw: str) -> str:
    """A commune code, with the leading zero a spreadsheet dropped put back (``1053`` → ``01053``)."""
    return parse_insee(restore_leading_zero(raw))


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    day, dated_by = data_date(source, context)
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, [ADVISORS, INSEE, DEPARTEMENT])
    placer, values = counted_departements(connection, context)
    codes = placer.codes
    details: dict[tuple[str, str, str], int] = {}
    structures = 0
    for row in table.rows:
        advisors = issues.value(row, ADVISORS, count_value, required=True)
        insee = issues.value(row, INSEE, _insee)
        code = placer.departement(insee, None)
        if code is None and not placer.in_collectivity(insee):
            code = codes.parse(row.get(DEPARTEMENT), row.line, "Code département", issues)
        context.check_placed(
            code, row.line, "Code commune INSEE", row.get(INSEE) or row.get(DEPARTEMENT), issues
        )
        if code is None or advisors is None or not context.may_write(code):
            continue
        structures += 1
        values[code] += int(advisors)
        kind = fold(row.get(KIND)) or "non renseigne"
        key = (code, "type_structure", kind)
        details[key] = details.get(key, 0) + int(advisors)
    issues.raise_if_any()
    codes.warn_skipped(issues)
    return snapshot_report(
        connection,
        source,
        issues,
        Snapshot(INDICATOR, day, values, details),
        kind="conseillers-numeriques",
        rows=len(table.rows),
        skipped=len(table.rows) - structures,
        counts={
            "structures": structures,
            "conseillers": sum(values.values()),
            "departements_releves": len(values),
        },
        dated_by=dated_by,
    )


def import_advisors(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import the conseillers numériques per département (CnFS), as a snapshot at the date of the data."""
    return run_import(engine, path, _handle, context)
