"""Gouvernances from our template: one row per département.

Co-porteurs are replaced by the file's list; comités are matched on their type
and only added or updated, so that their meetings entered in the app survive a
re-import.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, update

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, SourceRow, read_table, require_columns
from data_access.importers.values import (
    check_duplicates,
    check_lengths,
    enum_parser,
    parse_bool,
    parse_date,
    parse_departement,
    parse_email,
    split_multi,
)
from data_access.importers.writing import run_import
from data_access.models import Comite, Coporteur, Gouvernance
from data_access.vocabulary import COMITE_FREQUENCES, COMITE_TYPES, GOVERNANCE_STAGES, PERIMETRES_GOUVERNANCE

COLUMNS = [
    "code_departement",
    "etape",
    "perimetre",
    "porteur_nom",
    "porteur_type",
    "pas_de_coporteurs",
    "coporteurs",
    "sous_prefet_nom",
    "sous_prefet_email",
    "note_de_contexte",
    "date_pressentie",
    "date_formalisee",
    "date_feuille_adoptee",
    "date_mise_en_oeuvre",
    "comites",
]
REQUIRED = ["code_departement", "etape"]
STORED_STAGES = {code: label for code, label in GOVERNANCE_STAGES.items() if code != "aucune"}


def parse_comites(raw: str) -> list[tuple[str, str | None]]:
    """``strategique:trimestrielle|technique:mensuelle`` (the frequency may be left out)."""
    comites: list[tuple[str, str | None]] = []
    kinds = enum_parser(COMITE_TYPES)
    frequencies = enum_parser(COMITE_FREQUENCES)
    for item in split_multi(raw):
        kind, _, frequency = item.partition(":")
        try:
            comites.append((kinds(kind), frequencies(frequency) if frequency.strip() else None))
        except ValueError as exc:
            raise ValueError(f"« type:fréquence » attendu, séparés par | ; {exc}") from None
    if len({kind for kind, _ in comites}) != len(comites):
        raise ValueError("un même type de comité figure deux fois")
    return comites


def _parse(
    connection: Connection, context: ImportContext, row: SourceRow, issues: Issues
) -> dict[str, object]:
    code = issues.value(row, "code_departement", parse_departement, required=True)
    context.check_departement(connection, code, row.line, "code_departement", issues)
    record: dict[str, object] = {
        "code_departement": code,
        "etape": issues.value(row, "etape", enum_parser(STORED_STAGES), required=True),
        "perimetre": issues.value(row, "perimetre", enum_parser(PERIMETRES_GOUVERNANCE)),
        "porteur_nom": row.get("porteur_nom") or None,
        "porteur_type": row.get("porteur_type") or None,
        "pas_de_coporteurs": bool(issues.value(row, "pas_de_coporteurs", parse_bool)),
        "sous_prefet_nom": row.get("sous_prefet_nom") or None,
        "sous_prefet_email": issues.value(row, "sous_prefet_email", parse_email),
        "note_de_contexte": row.get("note_de_contexte") or None,
    }
    for column in ("date_pressentie", "date_formalisee", "date_feuille_adoptee", "date_mise_en_oeuvre"):
        record[column] = issues.value(row, column, parse_date)
    check_lengths(Gouvernance, record, row.line, issues)
    for name in split_multi(row.get("coporteurs"), "|"):
        check_lengths(Coporteur, {"nom": name}, row.line, issues, {"nom": "coporteurs"})
    return record


def _write(
    connection: Connection, record: dict[str, object], row: SourceRow, table_columns: list[str]
) -> bool:
    """Insert or update one gouvernance with its co-porteurs and comités; True when inserted."""
    existing = connection.execute(
        select(Gouvernance.id).where(Gouvernance.code_departement == record["code_departement"])
    ).scalar_one_or_none()
    if existing is None:
        gouvernance_id = connection.execute(
            insert(Gouvernance).values(**record, version=1)
        ).inserted_primary_key[0]
    else:
        gouvernance_id = existing
        connection.execute(
            update(Gouvernance)
            .where(Gouvernance.id == existing)
            .values(**record, version=Gouvernance.version + 1)
        )
    if "coporteurs" in table_columns:
        connection.execute(delete(Coporteur).where(Coporteur.gouvernance_id == gouvernance_id))
        names = split_multi(row.get("coporteurs"), "|")
        if names:
            connection.execute(
                insert(Coporteur), [{"gouvernance_id": gouvernance_id, "nom": name} for name in names]
            )
    if row.get("comites"):
        current = dict(
            connection.execute(
                select(Comite.type, Comite.id).where(Comite.gouvernance_id == gouvernance_id)
            ).all()
        )
        for kind, frequency in parse_comites(row.get("comites")):
            if kind in current:
                connection.execute(
                    update(Comite).where(Comite.id == current[kind]).values(frequence=frequency)
                )
            else:
                connection.execute(
                    insert(Comite).values(
                        gouvernance_id=gouvernance_id, type=kind, nom=COMITE_TYPES[kind], frequence=frequency
                    )
                )
    return existing is None


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, REQUIRED)
    records = []
    for row in table.rows:
        records.append((_parse(connection, context, row, issues), row))
        issues.value(row, "comites", parse_comites)
    check_duplicates(
        ((row.line, record["code_departement"]) for record, row in records), "code_departement", issues
    )
    issues.raise_if_any()
    inserted = sum(_write(connection, record, row, table.columns) for record, row in records)
    report = ImportReport(
        kind="gouvernances",
        filename=source.filename,
        rows=len(records),
        inserted=inserted,
        updated=len(records) - inserted,
        counts={
            "coporteurs": sum(len(split_multi(row.get("coporteurs"), "|")) for _, row in records),
            "comites": sum(len(split_multi(row.get("comites"))) for _, row in records),
        },
    )
    return issues.fill_report(report)


def import_governance(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import gouvernances (CSV or XLSX template); upsert on the département."""
    return run_import(engine, path, _handle, context)
