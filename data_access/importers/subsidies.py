"""Subsidy requests of roadmap actions: our template, or the State platform's own export.

Our template names the action by ``reference_action``. The platform (suite gestionnaire numérique)
exports ``demande_subvention_id;statut;action_id;nom_action;feuille_route_id;nom_feuille_route;
code_departement;montant_subvention;`` — ``;``, a trailing separator, département codes without
their leading zero (``1`` for the Ain), statuses ``acceptee / deposee / enCours / refusee``. Its
action is found by reference (the platform's ``action_id``), else by its name in the département;
an action found neither way rejects the file, so that a hub loads the roadmaps first.

The requests of every action named in the file are replaced by the file's (a file is the whole
truth about the actions it names, as in the roadmaps import).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, insert, select

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, SourceRow, read_table, require_columns
from data_access.importers.values import enum_parser, parse_amount, parse_date, parse_departement
from data_access.importers.writing import run_import
from data_access.models import Action, DemandeSubvention
from data_access.vocabulary import SUBVENTION_STATUSES

COLUMNS = ["reference_action", "statut", "montant", "date_depot"]
PLATFORM_COLUMNS = ["statut", "action_id", "nom_action", "code_departement", "montant_subvention"]
"""The columns of the platform's export this importer reads (the others are ignored)."""


def _is_platform_export(columns: list[str]) -> bool:
    return "montant_subvention" in columns and "action_id" in columns


def _action_index(
    connection: Connection,
) -> tuple[dict[str, tuple[int, str]], dict[tuple[str, str], list[int]]]:
    """Actions by reference (id, département) and by (département, lower-case name) → ids."""
    by_reference = {
        reference: (identifier, code)
        for reference, identifier, code in connection.execute(
            select(Action.reference, Action.id, Action.code_departement)
        )
    }
    by_name: dict[tuple[str, str], list[int]] = {}
    for identifier, code, name in connection.execute(
        select(Action.id, Action.code_departement, func.lower(Action.nom))
    ):
        by_name.setdefault((code, " ".join(str(name).split())), []).append(identifier)
    return by_reference, by_name


def _platform_action(
    connection: Connection, context: ImportContext, row: SourceRow, issues: Issues, index: tuple[dict, dict]
) -> int | None:
    by_reference, by_name = index
    code = issues.value(row, "code_departement", parse_departement, required=True)
    context.check_departement(connection, code, row.line, "code_departement", issues)
    reference = row.get("action_id")
    if reference in by_reference and by_reference[reference][1] == code:
        return by_reference[reference][0]
    name = " ".join(row.get("nom_action").lower().split())
    found = by_name.get((str(code), name), [])
    if len(found) == 1:
        return found[0]
    if code is not None:
        reason = (
            "plusieurs actions portent ce nom dans le département"
            if found
            else "action inconnue (ni par action_id ni par son nom dans le département) : "
            "importez d'abord la feuille de route"
        )
        issues.error(reason, row.line, "nom_action", row.get("nom_action"))
    return None


def _template_action(
    context: ImportContext, row: SourceRow, issues: Issues, index: tuple[dict, dict]
) -> int | None:
    reference = issues.value(row, "reference_action", required=True)
    found = index[0].get(str(reference)) if reference else None
    if reference and found is None:
        issues.error(
            "action inconnue : importez d'abord la feuille de route", row.line, "reference_action", reference
        )
        return None
    if found is not None and not context.may_write(found[1]):
        issues.error(context.refusal_reason(), row.line, "reference_action", reference)
    return None if found is None else found[0]


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    platform = _is_platform_export(table.columns)
    require_columns(
        table, issues, PLATFORM_COLUMNS if platform else ["reference_action", "statut", "montant"]
    )
    issues.raise_if_any()
    index = _action_index(connection)
    amount_column = "montant_subvention" if platform else "montant"
    records: list[dict[str, object]] = []
    for row in table.rows:
        if platform:
            action_id = _platform_action(connection, context, row, issues, index)
        else:
            action_id = _template_action(context, row, issues, index)
        filed_on = None if platform else issues.value(row, "date_depot", parse_date)
        if isinstance(filed_on, date) and filed_on > context.today:
            issues.error("date de dépôt dans le futur", row.line, "date_depot", row.get("date_depot"))
        records.append(
            {
                "action_id": action_id,
                "statut": issues.value(row, "statut", enum_parser(SUBVENTION_STATUSES), required=True),
                "montant": issues.value(row, amount_column, parse_amount, required=True),
                "date_depot": filed_on,
            }
        )
    issues.raise_if_any()
    actions = sorted({int(str(record["action_id"])) for record in records})
    replaced = connection.scalar(
        select(func.count()).select_from(DemandeSubvention).where(DemandeSubvention.action_id.in_(actions))
    )
    connection.execute(delete(DemandeSubvention).where(DemandeSubvention.action_id.in_(actions)))
    if records:
        connection.execute(insert(DemandeSubvention), records)
    report = ImportReport(
        kind="subventions",
        filename=source.filename,
        rows=len(records),
        inserted=len(records),
        counts={
            "actions": len(actions),
            "demandes_remplacees": int(replaced or 0),
            "montant_total": round(sum(float(str(record["montant"])) for record in records)),
        },
    )
    return issues.fill_report(report)


def import_subsidies(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import subsidy requests (our template or the platform's export), replacing those of the
    actions the file names."""
    return run_import(engine, path, _handle, context)
