"""State envelopes per département (engineering dotation and others).

The June 2024 file also lists two collectivités d'outre-mer (977, 988): they are
territories of the store like the départements, so the national total is the
published one. The TAAF and Clipperton, which take no part in FNE, would be
skipped with a warning; any other unknown code is an error.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, SourceRow, read_table, require_columns
from data_access.importers.values import (
    OUTSIDE_CODES,
    check_duplicates,
    check_lengths,
    enum_parser,
    normalize_departement,
    parse_amount,
    parse_departement,
    parse_int,
    parse_percent,
)
from data_access.importers.writing import run_import, upsert
from data_access.models import Enveloppe
from data_access.vocabulary import COVERAGE_RATES, ENVELOPPE_TYPES

COLUMNS = [
    "code_departement",
    "montant",
    "type",
    "annee",
    "libelle",
    "taux_prise_en_charge",
    "personnes_prevues",
    "personnes_formees",
]
AMOUNT_COLUMNS = ("montant", "dotation_202406_eur")
DEFAULT_TYPE = "dotation_ingenierie"
DEFAULT_YEAR = 2024


def parse_year(raw: str) -> int:
    year = parse_int(raw)
    if not 2020 <= year <= 2040:
        raise ValueError("année attendue entre 2020 et 2040")
    return year


def parse_coverage_rate(raw: str) -> int:
    rate = parse_percent(raw)
    if rate not in COVERAGE_RATES:
        raise ValueError("taux de prise en charge attendu : 33, 50, 80 ou 100 %")
    return rate


def parse_people(raw: str) -> int:
    number = parse_int(raw)
    if number < 0:
        raise ValueError("nombre de personnes positif attendu")
    return number


def _training(row: SourceRow, issues: Issues, kind: object) -> dict[str, object]:
    """Coverage rate (engineering contract) and trainees (Aidants Connect), where they apply."""
    values: dict[str, object] = {
        "taux_prise_en_charge": issues.value(row, "taux_prise_en_charge", parse_coverage_rate),
        "personnes_prevues": issues.value(row, "personnes_prevues", parse_people),
        "personnes_formees": issues.value(row, "personnes_formees", parse_people),
    }
    if values["taux_prise_en_charge"] is not None and kind != "marche_ingenierie":
        issues.error(
            "taux de prise en charge réservé au marché d'ingénierie",
            row.line,
            "taux_prise_en_charge",
            row.get("taux_prise_en_charge"),
        )
    for column in ("personnes_prevues", "personnes_formees"):
        if values[column] is not None and kind != "formation_aidants_connect":
            issues.error(
                "nombre de personnes réservé à la formation Aidants Connect",
                row.line,
                column,
                row.get(column),
            )
    return values


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    amount_column = next((column for column in AMOUNT_COLUMNS if column in table.columns), "montant")
    require_columns(table, issues, ["code_departement", amount_column])
    records: list[dict[str, object]] = []
    skipped: list[str] = []
    keys: list[tuple[int, str | None]] = []
    for row in table.rows:
        raw_code = row.get("code_departement")
        if normalize_departement(raw_code) in OUTSIDE_CODES:
            skipped.append(raw_code)
            continue
        code = issues.value(row, "code_departement", parse_departement, required=True)
        context.check_departement(connection, code, row.line, "code_departement", issues)
        kind = issues.value(row, "type", enum_parser(ENVELOPPE_TYPES)) or DEFAULT_TYPE
        year = issues.value(row, "annee", parse_year) or DEFAULT_YEAR
        record: dict[str, object] = {
            "code_departement": code,
            "type": kind,
            "annee": year,
            "libelle": row.get("libelle") or f"{ENVELOPPE_TYPES.get(str(kind), kind)} {year}",
            "montant": issues.value(row, amount_column, parse_amount, required=True),
            **_training(row, issues, kind),
        }
        check_lengths(Enveloppe, record, row.line, issues)
        keys.append((row.line, f"{code} / {kind} / {year}" if code else None))
        records.append(record)
    check_duplicates(keys, "code_departement", issues)
    issues.raise_if_any()
    if skipped:
        issues.warn(
            f"{len(skipped)} territoire(s) ignoré(s), hors de France Numérique Ensemble : "
            + ", ".join(skipped)
        )
    inserted, updated = upsert(
        connection, Enveloppe.__table__, records, ("code_departement", "type", "annee")
    )
    report = ImportReport(
        kind="dotations",
        filename=source.filename,
        rows=len(records),
        inserted=inserted,
        updated=updated,
        skipped=len(skipped),
        counts={"montant_total": round(sum(float(str(record["montant"])) for record in records))},
    )
    return issues.fill_report(report)


def import_envelopes(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import envelopes per département; upsert on (département, type, année)."""
    return run_import(engine, path, _handle, context)
