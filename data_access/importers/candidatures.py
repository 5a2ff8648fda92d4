"""Candidatures (the governance form) from our template: one row per form.

``territoires`` lists the covered territories as codes joined by ``|``: a
9-digit code is an EPCI, a 5-character one a commune, a département code a
département; ``region:24`` names a région explicitly.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select

from data_access.importers.context import ImportContext, check_existing_owners
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, SourceRow, read_table, require_columns
from data_access.importers.values import (
    DEPARTEMENT_CODES,
    check_duplicates,
    check_lengths,
    enum_parser,
    parse_date,
    parse_departement,
    parse_insee,
    parse_siren,
    split_multi,
)
from data_access.importers.writing import run_import, upsert
from data_access.models import Candidature, CandidatureTerritoire, Epci
from data_access.vocabulary import CANDIDATURE_STATUSES, INTENTIONS, PERSONAS

COLUMNS = [
    "reference",
    "code_departement",
    "persona",
    "intention",
    "statut",
    "structure_nom",
    "siren",
    "code_epci",
    "code_commune",
    "date_creation",
    "date_envoi",
    "date_annulation",
    "contact_structure",
    "contact_politique",
    "contact_technique",
    "territoires",
]
REQUIRED = ["reference", "code_departement", "persona", "intention", "structure_nom"]
TERRITORY_TYPES = ("region", "departement", "epci", "commune", "structure")


def parse_territoires(raw: str) -> list[tuple[str, str]]:
    """``243500139|35238|region:53`` → [(type, code), …]."""
    territories: list[tuple[str, str]] = []
    for item in split_multi(raw, "|"):
        kind, _, code = item.rpartition(":")
        code = code.strip().upper()
        if kind:
            if kind.strip().lower() not in TERRITORY_TYPES:
                raise ValueError(f"type de territoire « {kind} » inconnu ({', '.join(TERRITORY_TYPES)})")
            territories.append((kind.strip().lower(), code))
        elif re.fullmatch(r"\d{9}", code):
            territories.append(("epci", code))
        elif code in DEPARTEMENT_CODES:
            territories.append(("departement", code))
        else:
            try:
                territories.append(("commune", parse_insee(code)))
            except ValueError:
                raise ValueError(
                    f"« {code} » n'est ni un SIREN d'EPCI, ni un code INSEE, ni un département"
                ) from None
    return territories


def _parse(
    connection: Connection, context: ImportContext, row: SourceRow, issues: Issues, epcis: set[str]
) -> dict[str, object]:
    code = issues.value(row, "code_departement", parse_departement, required=True)
    context.check_departement(connection, code, row.line, "code_departement", issues)
    code_epci = issues.value(row, "code_epci", parse_siren)
    if code_epci is not None and code_epci not in epcis:
        issues.error("EPCI absent de la géographie chargée", row.line, "code_epci", str(code_epci))
    statut = issues.value(row, "statut", enum_parser(CANDIDATURE_STATUSES)) or "candidat"
    record: dict[str, object] = {
        "reference": issues.value(row, "reference", required=True),
        "code_departement": code,
        "persona": issues.value(row, "persona", enum_parser(PERSONAS), required=True),
        "intention": issues.value(row, "intention", enum_parser(INTENTIONS), required=True),
        "statut": statut,
        "structure_nom": issues.value(row, "structure_nom", required=True),
        "siren": issues.value(row, "siren", parse_siren),
        "code_epci": code_epci,
        "code_commune": issues.value(row, "code_commune", parse_insee),
        "date_creation": issues.value(row, "date_creation", parse_date),
        "date_envoi": issues.value(row, "date_envoi", parse_date),
        "date_annulation": issues.value(row, "date_annulation", parse_date),
        "contact_structure": row.get("contact_structure") or None,
        "contact_politique": row.get("contact_politique") or None,
        "contact_technique": row.get("contact_technique") or None,
    }
    check_lengths(Candidature, record, row.line, issues)
    return record


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, REQUIRED)
    epcis = set(connection.scalars(select(Epci.code)))
    parsed: list[tuple[dict[str, object], list[tuple[str, str]]]] = []
    for row in table.rows:
        record = _parse(connection, context, row, issues, epcis)
        territories = issues.value(row, "territoires", parse_territoires) or []
        parsed.append((record, territories))
    check_duplicates(
        ((row.line, record["reference"]) for row, (record, _) in zip(table.rows, parsed, strict=True)),
        "reference",
        issues,
    )
    check_existing_owners(
        connection,
        context,
        Candidature.reference,
        Candidature.code_departement,
        ((row.line, str(record["reference"])) for row, (record, _) in zip(table.rows, parsed, strict=True)),
        "reference",
        issues,
    )
    issues.raise_if_any()
    records = [record for record, _ in parsed]
    inserted, updated = upsert(connection, Candidature.__table__, records, ("reference",))
    ids = dict(
        connection.execute(
            select(Candidature.reference, Candidature.id).where(
                Candidature.reference.in_([record["reference"] for record in records])
            )
        ).all()
    )
    if "territoires" in table.columns:
        connection.execute(
            delete(CandidatureTerritoire).where(CandidatureTerritoire.candidature_id.in_(ids.values()))
        )
        links = [
            {"candidature_id": ids[str(record["reference"])], "type": kind, "code": code}
            for record, territories in parsed
            for kind, code in territories
        ]
        if links:
            connection.execute(insert(CandidatureTerritoire), links)
    report = ImportReport(
        kind="candidatures",
        filename=source.filename,
        rows=len(records),
        inserted=inserted,
        updated=updated,
        counts={"territoires": sum(len(territories) for _, territories in parsed)},
    )
    return issues.fill_report(report)


def import_candidatures(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import candidatures (CSV or XLSX template); upsert on ``reference``."""
    return run_import(engine, path, _handle, context)
