"""Feuilles de route from our template: one row per action, the roadmap and axis repeated.

Rows of one roadmap must agree on its name, département and perimeter, and
rows of one axis on its name. An action's co-financings and subsidy request
are replaced by the file's; its progress (status, percent) is updated too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, update

from data_access.importers.context import ImportContext, check_existing_owners
from data_access.importers.issues import Issues
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source, SourceRow, read_table, require_columns
from data_access.importers.values import (
    check_duplicates,
    check_lengths,
    enum_parser,
    parse_amount,
    parse_date,
    parse_departement,
    parse_int,
    parse_percent,
    split_multi,
)
from data_access.importers.writing import run_import, upsert
from data_access.models import Action, Axe, Cofinancement, DemandeSubvention, FeuilleDeRoute
from data_access.vocabulary import ACTION_STATUSES, BESOINS, SUBVENTION_STATUSES

COLUMNS = [
    "reference_feuille",
    "nom_feuille",
    "code_departement",
    "perimetre",
    "porteur_feuille",
    "axe_numero",
    "axe_nom",
    "reference_action",
    "action",
    "porteur",
    "statut",
    "avancement",
    "date_debut",
    "date_fin",
    "budget_global",
    "besoins",
    "cofinancements",
    "subvention_statut",
    "subvention_montant",
]
OPTIONAL_COLUMNS = [
    "contrat_preexistant",
    "date_adoption",
    "contexte",
    "description",
    "subvention_date_depot",
]
REQUIRED = [
    "reference_feuille",
    "nom_feuille",
    "code_departement",
    "axe_numero",
    "axe_nom",
    "reference_action",
    "action",
]
PERIMETRES_FEUILLE = {
    "departemental": "Départemental",
    "groupementsDeCommunes": "Groupements de communes",
    "regional": "Régional",
}
CONTRATS = {
    "Crte": "CRTE",
    "Sdaasap": "SDAASAP",
    "Sdin": "SDIN",
    "Sdun": "SDUN",
    "Scoran": "SCoRAN",
    "Autre": "Autre",
}


def parse_axe_numero(raw: str) -> int:
    number = parse_int(raw)
    if not 1 <= number <= 99:
        raise ValueError("numéro d'axe attendu entre 1 et 99")
    return number


def parse_besoins(raw: str) -> str:
    parse = enum_parser(BESOINS)
    codes = []
    for item in split_multi(raw, "|"):
        try:
            codes.append(parse(item))
        except ValueError:
            raise ValueError(f"besoin « {item} » inconnu ; {', '.join(BESOINS)}") from None
    return "|".join(codes)


def parse_cofinancements(raw: str) -> list[tuple[str, float]]:
    """``Conseil départemental:12 000|CAF:5 000,50``."""
    items = []
    for item in split_multi(raw, "|"):
        financeur, separator, amount = item.rpartition(":")
        if not separator or not financeur.strip():
            raise ValueError("« financeur:montant » attendu, séparés par |")
        items.append((financeur.strip(), parse_amount(amount)))
    return items


@dataclass
class _Row:
    row: SourceRow
    feuille: dict[str, object]
    axe: dict[str, object]
    action: dict[str, object]
    cofinancements: list[tuple[str, float]]
    subvention: dict[str, object] | None


def _parse(connection: Connection, context: ImportContext, row: SourceRow, issues: Issues) -> _Row:
    code = issues.value(row, "code_departement", parse_departement, required=True)
    context.check_departement(connection, code, row.line, "code_departement", issues)
    feuille: dict[str, object] = {
        "reference": issues.value(row, "reference_feuille", required=True),
        "code_departement": code,
        "nom": issues.value(row, "nom_feuille", required=True),
        "perimetre": issues.value(row, "perimetre", enum_parser(PERIMETRES_FEUILLE)),
        "porteur_nom": row.get("porteur_feuille") or None,
        "contrat_preexistant": issues.value(row, "contrat_preexistant", enum_parser(CONTRATS)),
        "date_adoption": issues.value(row, "date_adoption", parse_date),
    }
    axe: dict[str, object] = {
        "numero": issues.value(row, "axe_numero", parse_axe_numero, required=True),
        "nom": issues.value(row, "axe_nom", required=True),
    }
    action: dict[str, object] = {
        "reference": issues.value(row, "reference_action", required=True),
        "code_departement": code,
        "nom": issues.value(row, "action", required=True),
        "contexte": row.get("contexte") or None,
        "description": row.get("description") or None,
        "porteur_nom": row.get("porteur") or None,
        "statut": issues.value(row, "statut", enum_parser(ACTION_STATUSES)) or "a_lancer",
        "avancement": issues.value(row, "avancement", parse_percent) or 0,
        "date_debut": issues.value(row, "date_debut", parse_date),
        "date_fin": issues.value(row, "date_fin", parse_date),
        "budget_global": issues.value(row, "budget_global", parse_amount),
        "besoins": issues.value(row, "besoins", parse_besoins) or None,
    }
    start, end = action["date_debut"], action["date_fin"]
    if isinstance(start, date) and isinstance(end, date) and end < start:
        issues.error("date de fin antérieure à la date de début", row.line, "date_fin", row.get("date_fin"))
    subvention = None
    statut = issues.value(row, "subvention_statut", enum_parser(SUBVENTION_STATUSES))
    montant = issues.value(row, "subvention_montant", parse_amount)
    if statut is not None and montant is None and not row.get("subvention_montant"):
        issues.error(
            "montant obligatoire quand un statut de subvention est donné", row.line, "subvention_montant"
        )
    if montant is not None and statut is None and not row.get("subvention_statut"):
        issues.error(
            "statut obligatoire quand un montant de subvention est donné", row.line, "subvention_statut"
        )
    if statut is not None and montant is not None:
        subvention = {
            "statut": statut,
            "montant": montant,
            "date_depot": issues.value(row, "subvention_date_depot", parse_date),
        }
    cofinancements = issues.value(row, "cofinancements", parse_cofinancements) or []
    for model, record, names in (
        (FeuilleDeRoute, feuille, {"reference": "reference_feuille", "nom": "nom_feuille"}),
        (Axe, axe, {"nom": "axe_nom"}),
        (Action, action, {"reference": "reference_action", "nom": "action", "porteur_nom": "porteur"}),
    ):
        check_lengths(model, record, row.line, issues, names)
    for financeur, _ in cofinancements:
        check_lengths(
            Cofinancement, {"financeur": financeur}, row.line, issues, {"financeur": "cofinancements"}
        )
    return _Row(row, feuille, axe, action, list(cofinancements), subvention)


def _check_consistency(rows: list[_Row], issues: Issues) -> None:
    """A roadmap (and an axis) repeated on several rows must be described the same way."""
    feuilles: dict[object, _Row] = {}
    axes: dict[tuple[object, object], _Row] = {}
    for item in rows:
        first = feuilles.setdefault(item.feuille["reference"], item)
        for key, column in (("nom", "nom_feuille"), ("code_departement", "code_departement")):
            if item.feuille[key] != first.feuille[key]:
                issues.error(
                    f"la feuille « {item.feuille['reference']} » a une autre valeur ligne {first.row.line}",
                    item.row.line,
                    column,
                    item.row.get(column),
                )
        first_axe = axes.setdefault((item.feuille["reference"], item.axe["numero"]), item)
        if item.axe["nom"] != first_axe.axe["nom"]:
            issues.error(
                f"l'axe {item.axe['numero']} porte un autre nom ligne {first_axe.row.line}",
                item.row.line,
                "axe_nom",
                item.row.get("axe_nom"),
            )


def _write(connection: Connection, rows: list[_Row]) -> tuple[int, int, dict[str, int]]:
    feuilles = list({str(item.feuille["reference"]): item.feuille for item in rows}.values())
    upsert(connection, FeuilleDeRoute.__table__, feuilles, ("reference",))
    feuille_ids = dict(
        connection.execute(
            select(FeuilleDeRoute.reference, FeuilleDeRoute.id).where(
                FeuilleDeRoute.reference.in_([feuille["reference"] for feuille in feuilles])
            )
        ).all()
    )
    axes = {
        (feuille_ids[str(item.feuille["reference"])], item.axe["numero"]): {
            "feuille_de_route_id": feuille_ids[str(item.feuille["reference"])],
            **item.axe,
        }
        for item in rows
    }
    upsert(connection, Axe.__table__, list(axes.values()), ("feuille_de_route_id", "numero"))
    axe_ids = {
        (feuille_id, numero): axe_id
        for axe_id, feuille_id, numero in connection.execute(
            select(Axe.id, Axe.feuille_de_route_id, Axe.numero).where(
                Axe.feuille_de_route_id.in_(feuille_ids.values())
            )
        )
    }
    actions = [
        {"axe_id": axe_ids[(feuille_ids[str(item.feuille["reference"])], item.axe["numero"])], **item.action}
        for item in rows
    ]
    references = [action["reference"] for action in actions]
    existing = list(connection.scalars(select(Action.reference).where(Action.reference.in_(references))))
    inserted, updated = upsert(connection, Action.__table__, actions, ("reference",))
    if existing:
        connection.execute(
            update(Action).where(Action.reference.in_(existing)).values(version=Action.version + 1)
        )
    action_ids = dict(
        connection.execute(select(Action.reference, Action.id).where(Action.reference.in_(references))).all()
    )
    ids = list(action_ids.values())
    connection.execute(delete(Cofinancement).where(Cofinancement.action_id.in_(ids)))
    connection.execute(delete(DemandeSubvention).where(DemandeSubvention.action_id.in_(ids)))
    cofinancements = [
        {"action_id": action_ids[str(item.action["reference"])], "financeur": financeur, "montant": montant}
        for item in rows
        for financeur, montant in item.cofinancements
    ]
    subventions = [
        {"action_id": action_ids[str(item.action["reference"])], **item.subvention}
        for item in rows
        if item.subvention is not None
    ]
    if cofinancements:
        connection.execute(insert(Cofinancement), cofinancements)
    if subventions:
        connection.execute(insert(DemandeSubvention), subventions)
    counts = {
        "feuilles": len(feuilles),
        "axes": len(axes),
        "actions": len(actions),
        "cofinancements": len(cofinancements),
        "subventions": len(subventions),
    }
    return inserted, updated, counts


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    issues = Issues(source.filename)
    table = read_table(source)
    require_columns(table, issues, REQUIRED)
    rows = [_parse(connection, context, row, issues) for row in table.rows]
    check_duplicates(((item.row.line, item.action["reference"]) for item in rows), "reference_action", issues)
    _check_consistency(rows, issues)
    for key, departement, column, part in (
        (FeuilleDeRoute.reference, FeuilleDeRoute.code_departement, "reference_feuille", "feuille"),
        (Action.reference, Action.code_departement, "reference_action", "action"),
    ):
        references = ((item.row.line, getattr(item, part)["reference"]) for item in rows)
        check_existing_owners(
            connection,
            context,
            key,
            departement,
            ((line, str(ref)) for line, ref in references if ref),
            column,
            issues,
        )
    issues.raise_if_any()
    inserted, updated, counts = _write(connection, rows)
    report = ImportReport(
        kind="feuilles-de-route",
        filename=source.filename,
        rows=len(rows),
        inserted=inserted,
        updated=updated,
        counts=counts,
    )
    return issues.fill_report(report)


def import_roadmaps(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import roadmaps, axes and actions (CSV or XLSX template); upsert on the references."""
    return run_import(engine, path, _handle, context)
