"""People accompanied: the Conseiller numérique activity reports (CRA) aggregated by département.

The open file ``conum_departement-cras.json`` has one object per département:
``usagers`` (people accompanied, the indicator), ``accompagnements``, and the
breakdowns by theme, employment status, kind of support, form of activity and
age band. A CSV of the same figures (one line per département, breakdown
columns named ``dimension.categorie``) is accepted too: that is the template.
The file carries no date: it is asked for (``--date``) unless the name holds it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.snapshots import (
    DepartementCodes,
    Snapshot,
    count_value,
    data_date,
    snapshot_report,
)
from data_access.importers.sources import (
    Source,
    SourceRow,
    is_json_list,
    read_json_rows,
    read_table,
    require_columns,
)
from data_access.importers.values import check_duplicates
from data_access.importers.writing import known_departements, run_import
from data_access.indicators import BREAKDOWNS

INDICATOR = "accompagnes"
NESTED = ("themes", "statut", "accompagnement", "activite")
AGE_KEYS = tuple(BREAKDOWNS["age"][1])
COLUMNS = ["code_departement", "usagers", "accompagnements"] + [
    f"{dimension}.{category}" for dimension, (_, labels) in BREAKDOWNS.items() for category in labels
]


def _json_cells(item: dict[object, object], number: int, issues: Issues) -> dict[str, str]:
    """A département object flattened to ``dimension.categorie`` cells, like the CSV template."""
    values: dict[str, str] = {}
    for key, value in item.items():
        name = str(key).lower()
        if name in NESTED and isinstance(value, dict):
            for category, count in value.items():
                values[f"{name}.{str(category).lower()}"] = _text(count)
        elif name in NESTED:
            issues.error("objet JSON attendu (catégorie → nombre)", number, name, _text(value))
        elif name in AGE_KEYS:
            values[f"age.{name}"] = _text(value)
        else:
            values["code_departement" if name == "departement" else name] = _text(value)
    return values


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    day, dated_by = data_date(source, context)
    legacy = is_json_list(source)
    issues = Issues(source.filename, "élément" if legacy else "ligne")
    if legacy:
        rows = read_json_rows(source, issues, lambda item, number: _json_cells(item, number, issues))
        for row in rows:
            for column in ("code_departement", "usagers"):
                if column not in row.values:
                    issues.error("champ obligatoire absent", row.line, column)
        issues.raise_if_any()
    else:
        table = read_table(source)
        require_columns(table, issues, ["code_departement", "usagers"])
        rows = table.rows
    loaded = known_departements(connection)
    codes = DepartementCodes(loaded, set())
    placed: list[tuple[SourceRow, str | None]] = []
    values: dict[str, int] = {}
    details: dict[tuple[str, str, str], int] = {}
    accompaniments = 0
    for row in rows:
        code = codes.parse(row.get("code_departement"), row.line, "code_departement", issues)
        context.check_departement(connection, code, row.line, "code_departement", issues)
        placed.append((row, code))
        usagers = issues.value(row, "usagers", count_value, required=True)
        for column, raw in row.values.items():
            dimension, _, category = column.partition(".")
            if column == "accompagnements" or (category and dimension in BREAKDOWNS):
                count = issues.value(row, column, count_value) if raw else None
                if code is not None and count is not None:
                    details[(code, "total" if not category else dimension, category or column)] = int(count)
                    accompaniments += int(count) if column == "accompagnements" else 0
        if code is not None and usagers is not None:
            values[code] = int(usagers)
    check_duplicates(((row.line, code) for row, code in placed), "code_departement", issues)
    issues.raise_if_any()
    codes.warn_skipped(issues)
    return snapshot_report(
        connection,
        source,
        issues,
        Snapshot(INDICATOR, day, values, details),
        kind="accompagnements",
        rows=len(rows),
        skipped=len(rows) - len(values),
        counts={
            "departements_releves": len(values),
            "usagers": sum(values.values()),
            "accompagnements": accompaniments,
        },
        dated_by=dated_by,
    )


def import_accompaniments(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import the people accompanied per département (CRA), as a snapshot at the date of the data."""
    return run_import(engine, path, _handle, context)
