"""Lieux de médiation numérique: the national schema v1.0.2 (CSV) and the older cartographie JSON.

Each lieu is placed on the map by its own coordinates, else at its commune
(INSEE code, or postcode + commune name), else kept and reported as unplaced.
After every import a snapshot counts the lieux per département, so that the
progress of a département (110 → 138) can be drawn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select

from data_access.importers.context import ImportContext, check_existing_owners
from data_access.importers.issues import Issues
from data_access.importers.report import DepartementCount, ImportReport
from data_access.importers.sources import (
    Source,
    SourceRow,
    is_json_list,
    read_json_rows,
    read_table,
    require_columns,
)
from data_access.importers.values import (
    check_duplicates,
    check_lengths,
    coordinates_in_france,
    fold,
    parse_date,
    parse_float,
    parse_insee,
    split_multi,
)
from data_access.importers.writing import known_departements, run_import, upsert
from data_access.models import Commune, Lieu, LieuxSnapshot

SCHEMA_FIELDS: list[str] = [
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
]  # fmt: skip
"""The 32 fields of schema v1.0.2, in its order (the blank template)."""

REQUIRED_CSV = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")
REQUIRED_JSON = ("id", "nom", "commune", "code_postal", "adresse", "date_maj")
"""The older exports have no pivot on every record (the CnFS one misses it on 1 184 of 2 733)."""

PIVOT_PATTERN = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTCODE_PATTERN = re.compile(r"^\d{5}$")

LABEL_ALIASES: dict[str, str] = {
    "cnfs": "Conseillers numériques",
    "conseiller numerique": "Conseillers numériques",
    "conseillers numeriques": "Conseillers numériques",
    "conseiller numerique france services": "Conseillers numériques",
    "france services": "France Services",
    "france service": "France Services",
    "aidants connect": "Aidants Connect",
    "aidant connect": "Aidants Connect",
}
"""Older spellings of the national labels → the v1.0.2 value the pages count."""


@dataclass(frozen=True)
class _Commune:
    code: str
    code_departement: str
    latitude: float | None
    longitude: float | None
    postcodes: frozenset[str]


class Gazetteer:
    """The communes of the store, indexed to place a lieu by INSEE code or by postcode and name."""

    def __init__(self, connection: Connection) -> None:
        self.departements = known_departements(connection)
        self.communes: dict[str, _Commune] = {}
        self.by_postcode: dict[str, list[str]] = {}
        self.by_name: dict[tuple[str, str], list[str]] = {}
        self.names: dict[str, tuple[str, str]] = {}
        rows = connection.execute(
            select(
                Commune.code_insee,
                Commune.nom,
                Commune.code_departement,
                Commune.codes_postaux,
                Commune.latitude,
                Commune.longitude,
            )
        )
        for code, nom, departement, postcodes, latitude, longitude in rows:
            codes = frozenset(re.findall(r"\d{5}", postcodes or ""))
            self.communes[code] = _Commune(code, departement, latitude, longitude, codes)
            for postcode in codes:
                self.by_postcode.setdefault(postcode, []).append(code)
            self.names[code] = (place_name(nom), place_name(nom, base=True))
            self.by_name.setdefault((departement, self.names[code][0]), []).append(code)

    def by_postcode_and_name(self, postcode: str, name: str) -> _Commune | None:
        """Same postcode and name; else the postcode's only commune; else the name within its département."""
        candidates = self.by_postcode.get(postcode, [])
        full, base = place_name(name), place_name(name, base=True)
        for key, index in ((full, 0), (base, 0), (base, 1)):
            matches = [code for code in candidates if self.names[code][index] == key]
            if len(matches) == 1:
                return self.communes[matches[0]]
        if len(candidates) == 1:
            return self.communes[candidates[0]]
        # "Sciez-sur-Léman" for Sciez: one name extends the other by whole words
        matches = [
            code
            for code in candidates
            if full.startswith(self.names[code][0] + " ") or self.names[code][0].startswith(full + " ")
        ]
        if len(matches) == 1:
            return self.communes[matches[0]]
        departement = self.departement_of_postcode(postcode) or ""
        for key in (full, base):
            matches = self.by_name.get((departement, key), [])
            if len(matches) == 1:
                return self.communes[matches[0]]
        return None

    @staticmethod
    def postcode_fits(commune: _Commune, postcode: str) -> bool:
        """A postcode of the commune, or at least of its département (CEDEX codes are in no list)."""
        if postcode in commune.postcodes:
            return True
        departement = commune.code_departement
        prefix = "20" if departement in ("2A", "2B") else departement
        return postcode.startswith(prefix)

    def departement_of_postcode(self, postcode: str) -> str | None:
        """The territory of the postcode's communes; else its first two digits (three overseas).

        The communes come first because Saint-Barthélemy (97133) and Saint-Martin (97150) use
        Guadeloupe's prefix. Corsica's 20xxx split at 20200.
        """
        territories = {self.communes[code].code_departement for code in self.by_postcode.get(postcode, [])}
        if len(territories) == 1:
            return territories.pop()
        if postcode[:2] in ("97", "98"):
            code = postcode[:3]
        elif postcode.startswith("20"):
            code = "2A" if postcode < "20200" else "2B"
        else:
            code = postcode[:2]
        return code if code in self.departements else None


def place_name(name: str, *, base: bool = False) -> str:
    """A commune name folded for matching; ``base`` drops arrondissement numbers and CEDEX."""
    text = fold(name).replace("-", " ").replace("'", " ")
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    words = ["saint" if word == "st" else "sainte" if word == "ste" else word for word in text.split()]
    if base:
        kept: list[str] = []
        for word in words:
            if word == "cedex" or re.fullmatch(r"\d+(e|er|eme)?", word) or word == "arrondissement":
                break
            kept.append(word)
        words = kept or words
    return " ".join(words)


def normalize_labels(values: list[str]) -> list[str]:
    labels: dict[str, None] = {}
    for value in values:
        labels.setdefault(LABEL_ALIASES.get(fold(value), value), None)
    return list(labels)


def _join(values: list[str]) -> str | None:
    return "|".join(values) or None


@dataclass
class _Parsed:
    row: SourceRow
    record: dict[str, object]


def _coordinates(row: SourceRow, issues: Issues) -> tuple[float | None, float | None]:
    """Both coordinates or none; they must fall in France (metropolitan or overseas)."""
    if bool(row.get("latitude")) != bool(row.get("longitude")):
        missing = "longitude" if row.get("latitude") else "latitude"
        issues.error("latitude et longitude vont ensemble : celle-ci manque", row.line, missing)
        return None, None
    latitude = issues.value(row, "latitude", parse_float)
    longitude = issues.value(row, "longitude", parse_float)
    if latitude is None or longitude is None:
        return None, None
    if not coordinates_in_france(latitude, longitude):
        issues.error(
            "coordonnées hors de France, métropole et outre-mer",
            row.line,
            "latitude, longitude",
            f"{row.get('latitude')}, {row.get('longitude')}",
        )
        return None, None
    return latitude, longitude


def _parse_rows(rows: list[SourceRow], issues: Issues, *, legacy: bool, filename: str) -> list[_Parsed]:
    parsed: list[_Parsed] = []
    required = REQUIRED_JSON if legacy else REQUIRED_CSV
    renamed = 0
    for row in rows:
        for column in required:
            issues.value(row, column, required=True)
        lieu_id = row.get("id")
        if legacy and lieu_id.isdigit() and row.get("source"):
            lieu_id = f"{place_name(row.get('source')).replace(' ', '-')}-{lieu_id}"
            renamed += 1
        pivot = re.sub(r"\s", "", row.get("pivot")) or None
        if pivot and not PIVOT_PATTERN.match(pivot):
            if legacy:
                pivot = None
            else:
                issues.error(
                    "SIRET ou RNA attendu (9 à 14 lettres ou chiffres)", row.line, "pivot", row.get("pivot")
                )
        postcode = row.get("code_postal") or None
        if postcode and not POSTCODE_PATTERN.match(postcode):
            if legacy:
                cleaned = re.match(r"^(\d{5})(?!\d)", postcode)
                issues.warn(f"{issues.where(row.line)} : code postal « {postcode} » corrigé ou ignoré")
                postcode = cleaned.group(1) if cleaned else None
            else:
                issues.error("code postal attendu sur 5 chiffres", row.line, "code_postal", postcode)
        latitude, longitude = _coordinates(row, issues)
        labels_column = "labels_nationaux" if legacy or not row.get("dispositif_programmes_nationaux") else ""
        labels = row.get(labels_column or "dispositif_programmes_nationaux")
        service_separators = "|;" if not legacy or re.search(r"[|;]", row.get("services")) else ","
        record: dict[str, object] = {
            "id": lieu_id,
            "pivot": pivot,
            "nom": row.get("nom"),
            "adresse": row.get("adresse") or None,
            "commune": row.get("commune") or None,
            "code_postal": postcode,
            "code_insee": issues.value(row, "code_insee", parse_insee),
            "latitude": latitude,
            "longitude": longitude,
            "typologie": _join(split_multi(row.get("typologie"))),
            "labels_nationaux": _join(normalize_labels(split_multi(labels, "|;,"))),
            "services": _join(split_multi(row.get("services"), service_separators)),
            "source": row.get("source") or filename,
            "date_maj": issues.value(row, "date_maj", parse_date),
        }
        check_lengths(Lieu, record, row.line, issues)
        parsed.append(_Parsed(row, record))
    if renamed:
        issues.warn(
            f"{renamed} identifiant(s) purement numérique(s) (propres au fichier) préfixé(s) par leur source "
            "pour ne pas écraser les lieux d'un autre fichier (ex. « hinaura-0 »)"
        )
    check_duplicates(((item.row.line, str(item.record["id"])) for item in parsed), "id", issues)
    return parsed


def _examples(values: list[str], limit: int = 10) -> str:
    return ", ".join(values[:limit]) + (" …" if len(values) > limit else "")


def _place(parsed: list[_Parsed], gazetteer: Gazetteer, issues: Issues) -> Counter[str]:
    """Fill code_insee, code_departement and placement; count the placements."""
    placements: Counter[str] = Counter()
    unplaced: list[str] = []
    unknown: list[str] = []
    mismatched: list[str] = []
    for item in parsed:
        record = item.record
        postcode = str(record["code_postal"] or "")
        commune = gazetteer.communes.get(str(record["code_insee"] or ""))
        if record["code_insee"] and commune is None:
            unknown.append(str(record["code_insee"]))
        elif commune is not None and postcode and not gazetteer.postcode_fits(commune, postcode):
            mismatched.append(f"{record['code_insee']} / {postcode} ({issues.where(item.row.line)})")
            commune = None
            record["code_insee"] = None
        via_postcode = False
        if commune is None and postcode:
            commune = gazetteer.by_postcode_and_name(postcode, str(record["commune"] or ""))
            via_postcode = commune is not None
        if commune is not None:
            record["code_insee"] = commune.code
            record["code_departement"] = commune.code_departement
        else:
            record["code_departement"] = gazetteer.departement_of_postcode(postcode) if postcode else None
        if record["latitude"] is not None and record["longitude"] is not None:
            record["placement"] = "coordonnees"
        elif commune is not None and commune.latitude is not None and commune.longitude is not None:
            record["latitude"], record["longitude"] = commune.latitude, commune.longitude
            record["placement"] = "code_postal" if via_postcode else "code_insee"
        else:
            record["placement"] = "non_placee"
            unplaced.append(str(record["id"]))
        placements[str(record["placement"])] += 1
        if record["code_departement"] is None:
            placements["hors_departements"] += 1
    if unknown:
        issues.warn(
            f"{len(unknown)} code(s) INSEE inconnu(s) de la géographie : {_examples(sorted(set(unknown)))}"
        )
    if mismatched:
        issues.warn(
            f"{len(mismatched)} code(s) INSEE incohérent(s) avec le code postal, remplacé(s) par la commune "
            f"du code postal : {_examples(mismatched)}"
        )
    if unplaced:
        issues.warn(
            f"{len(unplaced)} lieu(x) non placé(s), gardé(s) sans coordonnées : {_examples(unplaced)}"
        )
    if placements["hors_departements"]:
        issues.warn(
            f"{placements['hors_departements']} lieu(x) hors des territoires (commune introuvable) : "
            "comptés dans aucun département"
        )
    return placements


def _snapshot(connection: Connection, context: ImportContext, day: date, filename: str) -> dict[str, int]:
    """Count the lieux per département of the store and record it for ``day``.

    A restricted writer's import records his own départements only.
    """
    totals = dict(
        connection.execute(
            select(Lieu.code_departement, func.count())
            .where(Lieu.code_departement.is_not(None))
            .group_by(Lieu.code_departement)
        ).all()
    )
    records = [
        {"date": day, "code_departement": code, "nombre": count, "source": filename[:200]}
        for code, count in sorted(totals.items())
        if context.may_write(code)
    ]
    upsert(connection, LieuxSnapshot.__table__, records, ("date", "code_departement"))
    return totals


FILENAME_DATE = re.compile(r"(?<!\d)(20\d{2})-?(\d{2})-?(\d{2})(?!\d)")
"""``20230517-hub-du-sud-….json``: the cartographie exports are named by the day of their data."""
DATE_SOURCES = {
    "demandee": "date demandée",
    "nom_du_fichier": "date du nom du fichier",
    "date_maj": "dernière date de mise à jour des lieux du fichier",
    "import": "jour de l'import : le fichier ne porte aucune date",
}


def data_date(context: ImportContext, filename: str, records: list[dict[str, object]]) -> tuple[date, str]:
    """The day the file's data is of, and where it was read: asked for, in the file's name,
    else the latest ``date_maj`` of its lieux; the day of the import only when none is known.

    Dates after the day of the import are typing errors, not data: they are passed over.
    """
    if context.data_date is not None:
        return context.data_date, "demandee"
    for match in FILENAME_DATE.finditer(filename):
        try:
            named = date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
        if named <= context.today:
            return named, "nom_du_fichier"
    updates = [value for record in records if isinstance(value := record["date_maj"], date)]
    latest = max((day for day in updates if day <= context.today), default=None)
    if latest is not None:
        return latest, "date_maj"
    return context.today, "import"


def _json_cells(item: dict[object, object], _number: int) -> dict[str, str]:
    """The older cartographie object's fields as cells, keys lowered like a CSV header."""
    return {str(key).lower(): _json_text(value) for key, value in item.items()}


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(part) for part in value)
    return str(value).strip()


def _handle(connection: Connection, source: Source, context: ImportContext) -> ImportReport:
    legacy = is_json_list(source)
    issues = Issues(source.filename, "élément" if legacy else "ligne")
    if legacy:
        rows = read_json_rows(source, issues, _json_cells)
    else:
        table = read_table(source)
        require_columns(table, issues, REQUIRED_CSV)
        rows = table.rows
    parsed = _parse_rows(rows, issues, legacy=legacy, filename=source.filename)
    issues.raise_if_any()
    gazetteer = Gazetteer(connection)
    placements = _place(parsed, gazetteer, issues)
    for item in parsed:
        code = item.record["code_departement"]
        column = "code_insee" if item.row.get("code_insee") else "code_postal"
        context.check_placed(str(code) if code else None, item.row.line, column, item.row.get(column), issues)
    check_existing_owners(
        connection,
        context,
        Lieu.id,
        Lieu.code_departement,
        ((item.row.line, str(item.record["id"])) for item in parsed),
        "id",
        issues,
    )
    issues.raise_if_any()
    records = [item.record for item in parsed]
    inserted, updated = upsert(connection, Lieu.__table__, records, ("id",))
    day, dated_by = data_date(context, source.filename, records)
    totals = _snapshot(connection, context, day, source.filename)
    in_file = Counter(str(record["code_departement"]) for record in records if record["code_departement"])
    report = ImportReport(
        kind="lieux",
        filename=source.filename,
        rows=len(records),
        inserted=inserted,
        updated=updated,
        counts={
            key: placements[key] for key in ("coordonnees", "code_insee", "code_postal", "hors_departements")
        },
        departements=[
            DepartementCount(code, gazetteer.departements[code], in_file[code], totals.get(code, 0))
            for code in sorted(in_file)
        ],
        unplaced=placements["non_placee"],
        data_date=day,
        data_date_source=DATE_SOURCES[dated_by],
    )
    return issues.fill_report(report)


def import_lieux(engine: Engine, path: Path, context: ImportContext) -> ImportReport:
    """Import a v1.0.2 CSV or an older cartographie JSON; upsert on ``id``."""
    return run_import(engine, path, _handle, context)
