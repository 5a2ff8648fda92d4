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
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.snapshots import DepartementCodes, Snapshot, count_value, write_snapshot
from data_access.importers.sources import Source, read_table, require_columns
from data_access.importers.values import check_duplicates, parse_date
from data_access.importers.writing import known_departements, run_import

INDICATOR = "equipements"
COLUMNS = ["code_departement", "date", "equipements"]


def _handle(connection: Connection, source: Source, today: date, *, as_of: date | None) -> ImportReport:
    del today  # a snapshot is dated by its data
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, COLUMNS if as_of is None else ["code_departement", "equipements"])
    codes = DepartementCodes(known_departements(connection), set())
    by_date: dict[date, dict[str, int]] = defaultdict(dict)
    keys: list[tuple[int, str | None]] = []
    for row in table.rows:
        code = codes.parse(row.get("code_departement"), row.line, "code_departement", issues)
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
        date_donnees=max(by_date) if by_date else None,
    )
    return issues.fill_report(report)


def import_devices(
    engine: Engine, path: Path, *, today: date | None = None, as_of: date | None = None, **options: int
) -> ImportReport:
    """Import refurbished devices per département and date; ``as_of`` dates the lines without one."""
    return run_import(engine, path, partial(_handle, as_of=as_of), today=today, **options)
