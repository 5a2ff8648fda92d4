"""Refurbished devices distributed, per département and date (no open file: our template).

One line per département and date: ``code_departement;date;equipements``, the
count being the cumulative number of refurbished devices distributed at that
date. A file may carry several dates (a département's history); a line without
a date takes the one given with ``--date``. Each (département, date) is one
snapshot value, replaced when imported again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.snapshots import DepartementCodes, Snapshot, count_value, write_snapshot
from data_access.importers.sources import Source, read_table, require_columns
from data_access.importers.values import check_duplicates, parse_date
from data_access.importers.writing import known_departements, run_import

INDICATOR = "equipements"
COLUMNS = ["code_departement", "date", "equipements"]


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    as_of = context.data_date
    table = read_table(source)
    require_columns(table, issues, COLUMNS if as_of is None else ["code_departement", "equipements"])
    codes = DepartementCodes(known_departements(connection), set())
    by_date: dict[date, dict[str, int]] = defaultdict(dict)
    keys: list[tuple[int, str | None]] = []
    for row in table.rows:
        code = codes.parse(row.get("code_departement"), row.line, "code_departement", issues)
        context.check_departement(connection, code, row.line, "code_departement", issues)
        day = issues.value(row, "date", parse_date, required=as_of is None) or as_of
        count = issues.value(row, "equipements", count_value, required=True)
        keys.append((row.line, f"{code} au {day:%d/%m/%Y}" if code and day else None))
        if code is not None and day is not None and count is not None:
            by_date[day][code] = int(count)
    check_duplicates(keys, "code_departement", issues)
    issues.raise_if_any()
    codes.warn_skipped(issues)
    inserted = updated = 0
    for day, values in sorted(by_date.items()):
        added, changed = write_snapshot(connection, Snapshot(INDICATOR, day, values, {}), source.filename)
        inserted, updated = inserted + added, updated + changed
    report = ImportReport(
        kind="equipements",
        filename=source.filename,
        rows=len(table.rows),
        inserted=inserted,
        updated=updated,
        counts={
            "departements_releves": len({code for values in by_date.values() for code in values}),
            "equipements": sum(values[code] for values in by_date.values() for code in values),
        },
        data_date=max(by_date) if by_date else None,
        data_date_source="colonne date" if as_of is None else "colonne date, sinon date demandée",
    )
    return issues.fill_report(report)


def import_devices(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import refurbished devices per département and date; ``--date`` dates the lines without one."""
    return run_import(engine, path, _handle, context)
