"""Conventions passing a State envelope to a structure: signed, committed, then paid.

One row per convention, named by its ``reference`` (upsert on it). The envelope it draws on is
named by département, type and year and must already be loaded (``dotations`` import), so that a
convention never floats without the money it spends. Amounts must chain: paid ≤ committed ≤ the
convention's amount; a signed convention has its signature date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from data_access.importers.context import ImportContext, check_existing_owners
from data_access.importers.envelopes import parse_year
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, read_table, require_columns
from data_access.importers.values import (
    check_duplicates,
    check_lengths,
    enum_parser,
    parse_amount,
    parse_date,
    parse_departement,
)
from data_access.importers.writing import run_import, upsert
from data_access.models import Convention, Enveloppe
from data_access.vocabulary import CONVENTION_STATUSES, ENVELOPPE_TYPES

COLUMNS = [
    "reference",
    "code_departement",
    "type_enveloppe",
    "annee",
    "structure",
    "montant",
    "date_signature",
    "statut",
    "montant_engage",
    "montant_verse",
]
REQUIRED = ["reference", "code_departement", "type_enveloppe", "annee", "structure", "montant", "statut"]
SIGNED = ("signee", "soldee")


def _check_amounts(record: dict[str, object], line: int, row_get: object, issues: Issues) -> None:
    amount, engaged, paid = record["montant"], record["montant_engage"], record["montant_verse"]
    if isinstance(engaged, float) and isinstance(amount, float) and engaged > amount:
        issues.error(
            "montant engagé supérieur au montant de la convention",
            line,
            "montant_engage",
            row_get("montant_engage"),
        )
    if isinstance(paid, float) and isinstance(engaged, float) and paid > engaged:
        issues.error(
            "montant versé supérieur au montant engagé", line, "montant_verse", row_get("montant_verse")
        )
    if record["statut"] in SIGNED and record["date_signature"] is None:
        issues.error("date de signature obligatoire pour une convention signée", line, "date_signature")


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, REQUIRED)
    loaded = context.loaded(connection)
    envelope_ids = {
        (code, kind, year): identifier
        for identifier, code, kind, year in connection.execute(
            select(Enveloppe.id, Enveloppe.code_departement, Enveloppe.type, Enveloppe.annee)
        )
    }
    records: list[dict[str, object]] = []
    for row in table.rows:
        code = issues.value(row, "code_departement", parse_departement, required=True)
        context.check_departement(connection, code, row.line, "code_departement", issues)
        kind = issues.value(row, "type_enveloppe", enum_parser(ENVELOPPE_TYPES), required=True)
        year = issues.value(row, "annee", parse_year, required=True)
        signed_on = issues.value(row, "date_signature", parse_date)
        if isinstance(signed_on, date) and signed_on > context.today:
            issues.error(
                "date de signature dans le futur", row.line, "date_signature", row.get("date_signature")
            )
        record: dict[str, object] = {
            "reference": issues.value(row, "reference", required=True),
            "code_departement": code,
            "structure": issues.value(row, "structure", required=True),
            "montant": issues.value(row, "montant", parse_amount, required=True),
            "date_signature": signed_on,
            "statut": issues.value(row, "statut", enum_parser(CONVENTION_STATUSES), required=True),
            "montant_engage": issues.value(row, "montant_engage", parse_amount) or 0.0,
            "montant_verse": issues.value(row, "montant_verse", parse_amount) or 0.0,
        }
        envelope = envelope_ids.get((code, kind, year))
        if code in loaded and kind is not None and year is not None and envelope is None:
            issues.error(
                "enveloppe absente de la base : importez d'abord les enveloppes (dotations)",
                row.line,
                "type_enveloppe",
                f"{code} / {kind} / {year}",
            )
        record["enveloppe_id"] = envelope
        _check_amounts(record, row.line, row.get, issues)
        check_lengths(Convention, record, row.line, issues)
        records.append(record)
    check_duplicates(((row.line, row.get("reference") or None) for row in table.rows), "reference", issues)
    references = [(row.line, row.get("reference")) for row in table.rows if row.get("reference")]
    check_existing_owners(
        connection,
        context,
        Convention.reference,
        Convention.code_departement,
        references,
        "reference",
        issues,
    )
    issues.raise_if_any()
    inserted, updated = upsert(connection, Convention.__table__, records, ("reference",))
    report = ImportReport(
        kind="conventions",
        filename=source.filename,
        rows=len(records),
        inserted=inserted,
        updated=updated,
        counts={
            "montant_total": round(sum(float(str(record["montant"])) for record in records)),
            "montant_verse": round(sum(float(str(record["montant_verse"])) for record in records)),
        },
    )
    return issues.fill_report(report)


def import_conventions(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import conventions (CSV or XLSX template); upsert on the reference."""
    return run_import(engine, path, _handle, context)
