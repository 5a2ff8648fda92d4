"""Shared machinery of the importers: reading files, validating values, reporting in French.

An import is all-or-nothing: every error is collected (so that the user fixes a
file in one go), then the import either writes everything in one transaction or
raises ``ImportRejected`` and writes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, Insert, String, Table, and_, bindparam, insert, select, update
from sqlalchemy.orm import DeclarativeBase

from data_access.models import Departement, ImportLog

T = TypeVar("T")

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_REPORTED_ERRORS = 50
MAX_REPORTED_WARNINGS = 30
CHUNK = 500

DEPARTEMENT_CODES: frozenset[str] = frozenset(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
)
"""The 101 départements."""

COM_CODES: frozenset[str] = frozenset(["975", "977", "978", "984", "986", "987", "988", "989"])
"""Collectivités d'outre-mer with a COG code: French, but not among the 101 départements."""

FRANCE_BOXES: dict[str, tuple[float, float, float, float]] = {
    "métropole et Corse": (41.3, 51.2, -5.3, 9.7),
    "Guadeloupe, Saint-Martin, Saint-Barthélemy": (15.8, 18.2, -63.2, -60.9),
    "Martinique": (14.3, 14.95, -61.3, -60.75),
    "Guyane": (2.1, 5.8, -54.7, -51.5),
    "La Réunion": (-21.45, -20.85, 55.2, 55.9),
    "Mayotte": (-13.1, -12.6, 44.9, 45.35),
    "Saint-Pierre-et-Miquelon": (46.7, 47.2, -56.5, -56.1),
    "Nouvelle-Calédonie": (-23.0, -19.5, 163.5, 168.2),
    "Polynésie française": (-28.0, -7.8, -155.0, -134.0),
    "Wallis-et-Futuna": (-14.4, -13.1, -178.3, -176.1),
}
"""Bounding boxes (lat min, lat max, lon min, lon max) of France including overseas."""

INSEE_PATTERN = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
SIREN_PATTERN = re.compile(r"^\d{9}$")
LA_POSTE_SIREN = "356000000"
"""The one SIREN that fails the Luhn check by design."""
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MARKUP_START = re.compile(rb"^(\xef\xbb\xbf)?\s*<(!doctype|html|\?xml|head|body|!--)", re.IGNORECASE)
"""A web page saved in place of the data (an error or login page): no data format starts so."""


# --- Issues, report, rejection ------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """One error of a file, located as precisely as the file allows."""

    filename: str
    reason: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    location: str = "ligne"

    def message_fr(self) -> str:
        parts = [self.filename]
        if self.line is not None:
            parts.append(f"{self.location} {self.line}")
        if self.column is not None:
            parts.append(f"colonne « {self.column} »")
        prefix = ", ".join(parts)
        if self.value is None:
            return f"{prefix} : {self.reason}"
        return f"{prefix} : valeur « {_shorten(self.value)} » invalide ({self.reason})"


class ImportRejected(Exception):
    """The file was rejected; nothing was written."""

    def __init__(self, errors: list[ImportIssue], total: int | None = None) -> None:
        self.errors = errors
        self.total = max(total or 0, len(errors))
        super().__init__(self.message_fr())

    def message_fr(self) -> str:
        filename = self.errors[0].filename if self.errors else "fichier"
        plural = "s" if self.total > 1 else ""
        lines = [
            f"Import refusé : {self.total} erreur{plural} dans « {filename} ». "
            "Aucune donnée n'a été enregistrée."
        ]
        shown = self.errors[:MAX_REPORTED_ERRORS]
        lines += [f"- {issue.message_fr()}" for issue in shown]
        hidden = self.total - len(shown)
        if hidden > 0:
            lines.append(f"… et {hidden} autre{'s' if hidden > 1 else ''} erreur{'s' if hidden > 1 else ''}")
        return "\n".join(lines)


@dataclass(frozen=True)
class DepartementCount:
    """Lieux of one département: in the imported file and in the whole store after import."""

    code: str
    nom: str
    nombre_fichier: int
    nombre_total: int


@dataclass
class ImportReport:
    """What an accepted import did; shown by the CLI and the admin page."""

    kind: str
    filename: str
    checksum: str = ""
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    departements: list[DepartementCount] = field(default_factory=list)
    unplaced: int = 0

    def details(self) -> dict[str, object]:
        """The JSON kept in the import log."""
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "skipped": self.skipped,
            "warnings": self.warning_count,
            **self.counts,
            **({"unplaced": self.unplaced} if self.kind == "lieux" else {}),
            **(
                {"departements": {d.code: d.nombre_fichier for d in self.departements}}
                if self.departements
                else {}
            ),
        }

    def message_fr(self) -> str:
        lines = [
            f"Import « {self.kind} » accepté : {self.filename}, {self.rows} ligne(s) "
            f"({self.inserted} ajoutée(s), {self.updated} mise(s) à jour, {self.skipped} ignorée(s))."
        ]
        for key, value in self.counts.items():
            lines.append(f"  {COUNT_LABELS.get(key, key)} : {value}")
        if self.kind == "lieux":
            lines.append(f"  Lieux non placés : {self.unplaced}")
            if self.departements:
                lines.append("  Lieux par département (fichier / total en base) :")
                for dep in self.departements:
                    lines.append(
                        f"    {dep.code:<4}{dep.nom:<32}{dep.nombre_fichier:>7}{dep.nombre_total:>8}"
                    )
        if self.warning_count:
            lines.append(f"Avertissements ({self.warning_count}) :")
            lines += [f"- {warning}" for warning in self.warnings]
            hidden = self.warning_count - len(self.warnings)
            if hidden > 0:
                lines.append(f"… et {hidden} autre(s) avertissement(s)")
        return "\n".join(lines)


COUNT_LABELS: dict[str, str] = {
    "coordonnees": "Placés par leurs coordonnées",
    "code_insee": "Placés au centre de leur commune (code INSEE)",
    "code_postal": "Placés au centre de leur commune (code postal et nom)",
    "non_placee": "Non placés",
    "hors_departements": "Hors des 101 départements",
    "communes": "Communes",
    "epci": "EPCI",
    "codes_inconnus": "Codes inconnus de la géographie",
    "montant_total": "Montant total (€)",
    "coporteurs": "Co-porteurs",
    "comites": "Comités",
    "territoires": "Territoires couverts",
    "feuilles": "Feuilles de route",
    "axes": "Axes",
    "actions": "Actions",
    "cofinancements": "Cofinancements",
    "subventions": "Demandes de subvention",
}


class Issues:
    """Collects the errors and warnings of one file; errors are capped, counts are not."""

    def __init__(self, filename: str, location: str = "ligne") -> None:
        self.filename = filename
        self.location = location
        self.errors: list[ImportIssue] = []
        self.error_count = 0
        self.warnings: list[str] = []
        self.warning_count = 0

    def error(
        self, reason: str, line: int | None = None, column: str | None = None, value: str | None = None
    ) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(ImportIssue(self.filename, reason, line, column, value, self.location))

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED_WARNINGS:
            self.warnings.append(message)

    def where(self, line: int) -> str:
        return f"{self.location} {line}"

    def raise_if_any(self) -> None:
        if self.error_count:
            raise ImportRejected(self.errors, self.error_count)

    def value(
        self,
        row: SourceRow,
        column: str,
        parser: Callable[[str], T] | None = None,
        *,
        required: bool = False,
    ) -> T | str | None:
        """The parsed value of a cell; a missing or bad value is recorded and gives None."""
        raw = row.get(column)
        if not raw:
            if required:
                self.error("valeur obligatoire manquante", row.line, column)
            return None
        if parser is None:
            return raw
        try:
            return parser(raw)
        except ValueError as exc:
            self.error(str(exc), row.line, column, raw)
            return None

    def fill_report(self, report: ImportReport) -> ImportReport:
        report.warnings = list(self.warnings)
        report.warning_count = self.warning_count
        return report


def reject(filename: str, reason: str) -> ImportRejected:
    """A rejection about the file as a whole (size, encoding, format)."""
    return ImportRejected([ImportIssue(filename, reason)])


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- Reading files ---------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    """One record with its physical line (header = line 1) and its cells by column name."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class SourceTable:
    columns: list[str]
    rows: list[SourceRow]


@dataclass(frozen=True)
class Source:
    """A file to import: its name (for messages), its bytes and its checksum."""

    filename: str
    data: bytes

    @property
    def suffix(self) -> str:
        return Path(self.filename).suffix.lower()

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def is_xlsx(self) -> bool:
        return self.suffix in (".xlsx", ".xlsm") or self.data[:4] == b"PK\x03\x04"


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Source:
    """Read a file, refusing a missing or oversized one before loading it."""
    path = Path(path)
    if not path.is_file():
        raise reject(path.name, "fichier introuvable")
    size = path.stat().st_size
    if size > max_bytes:
        megabytes = f"{size / 1_048_576:.1f}".replace(".", ",")
        raise reject(
            path.name, f"fichier trop volumineux ({megabytes} Mo ; {max_bytes // 1_048_576} Mo au plus)"
        )
    if size == 0:
        raise reject(path.name, "fichier vide")
    data = path.read_bytes()
    if MARKUP_START.match(data[:1024]):
        raise reject(
            path.name,
            "contenu HTML ou XML (une page web ?) au lieu d'un fichier CSV, JSON ou XLSX : "
            "téléchargez le fichier de données lui-même",
        )
    return Source(path.name, data)


def decode_text(source: Source) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as saved by French office suites."""
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return source.data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise reject(source.filename, "encodage non reconnu (UTF-8 ou Windows-1252 attendu)") from exc


def read_table(source: Source) -> SourceTable:
    """A CSV (comma or semicolon) or XLSX file as rows keyed by lower-case column names."""
    if source.is_xlsx():
        return _read_xlsx(source)
    return _read_csv(source)


def _header(source: Source, cells: Sequence[str]) -> list[str]:
    columns = [cell.strip().lstrip("\ufeff").strip('"').strip().lower() for cell in cells]
    while columns and not columns[-1]:
        columns.pop()
    if not columns:
        raise reject(source.filename, "ligne d'en-tête vide")
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise reject(source.filename, f"colonne « {name} » présente deux fois dans l'en-tête")
        seen.add(name)
    return columns


def _record(
    source: Source, columns: list[str], line: int, cells: Sequence[str], issues: list[ImportIssue]
) -> SourceRow | None:
    values = [cell.strip() for cell in cells]
    if not any(values):
        return None
    if len(values) > len(columns) and any(values[len(columns) :]):
        issues.append(
            ImportIssue(
                source.filename,
                f"{len(values)} valeurs pour {len(columns)} colonnes (séparateur ou guillemets à vérifier)",
                line,
            )
        )
    values += [""] * (len(columns) - len(values))
    return SourceRow(line, dict(zip(columns, values, strict=False)))


def sniff_delimiter(first_line: str) -> str:
    """The header decides: whichever of ``;``, ``,`` or tab it holds most."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(source: Source) -> SourceTable:
    text = decode_text(source)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise reject(source.filename, "fichier vide") from exc
    except csv.Error as exc:
        raise reject(source.filename, f"CSV illisible ({exc})") from exc
    columns = _header(source, header)
    rows: list[SourceRow] = []
    problems: list[ImportIssue] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            row = _record(source, columns, start, cells, problems)
            if row is not None:
                rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise reject(source.filename, f"CSV illisible vers la ligne {start} ({exc})") from exc
    if problems:
        raise ImportRejected(problems[:MAX_REPORTED_ERRORS], len(problems))
    return SourceTable(columns, rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(source: Source) -> SourceTable:
    from openpyxl import load_workbook  # only XLSX imports need it

    try:
        workbook = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
        raise reject(source.filename, "classeur XLSX illisible") from exc
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise reject(source.filename, "feuille vide")
        columns = _header(source, [_cell_text(cell) for cell in header])
        rows: list[SourceRow] = []
        problems: list[ImportIssue] = []
        for number, cells in enumerate(lines, start=2):
            row = _record(source, columns, number, [_cell_text(cell) for cell in cells], problems)
            if row is not None:
                rows.append(row)
    finally:
        workbook.close()
    if problems:
        raise ImportRejected(problems[:MAX_REPORTED_ERRORS], len(problems))
    return SourceTable(columns, rows)


def read_json_records(source: Source) -> list[dict[str, object]]:
    """A JSON list of objects (the older cartographie exports)."""
    try:
        data = json.loads(decode_text(source))
    except json.JSONDecodeError as exc:
        raise reject(source.filename, f"JSON illisible (ligne {exc.lineno}, colonne {exc.colno})") from exc
    if not isinstance(data, list):
        raise reject(source.filename, "une liste JSON d'objets est attendue")
    return data


def require_columns(table: SourceTable, issues: Issues, required: Iterable[str]) -> None:
    """Record every required column missing from the header, then stop if any is."""
    for column in required:
        if column not in table.columns:
            issues.error("colonne obligatoire absente de l'en-tête", None, column)
    issues.raise_if_any()


# --- Value parsers (raise ValueError with the French reason) ------------------------------


def parse_insee(raw: str) -> str:
    code = raw.strip().upper()
    if len(code) != 5:
        raise ValueError("code INSEE attendu sur 5 caractères")
    if not INSEE_PATTERN.match(code):
        raise ValueError("code INSEE attendu : 5 chiffres, ou 2A/2B suivi de 3 chiffres")
    return code


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def parse_siren(raw: str) -> str:
    code = re.sub(r"\s", "", raw)
    if not SIREN_PATTERN.match(code):
        raise ValueError("SIREN attendu sur 9 chiffres")
    if code != LA_POSTE_SIREN and not luhn_ok(code):
        raise ValueError("SIREN invalide : la clé de contrôle (Luhn) ne correspond pas")
    return code


def normalize_departement(raw: str) -> str:
    code = raw.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def parse_departement(raw: str) -> str:
    code = normalize_departement(raw)
    if code not in DEPARTEMENT_CODES:
        raise ValueError("code département inconnu (01 à 95, 2A, 2B, 971 à 974, 976)")
    return code


def parse_float(raw: str) -> float:
    text = raw.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError("nombre attendu") from None


def coordinates_in_france(latitude: float, longitude: float) -> bool:
    return any(
        lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max
        for lat_min, lat_max, lon_min, lon_max in FRANCE_BOXES.values()
    )


def parse_date(raw: str) -> date:
    """ISO ``2024-03-12`` (a datetime is cut to its day) or French ``12/03/2024``."""
    text = raw.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            return datetime.strptime(text, "%d/%m/%Y").date()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.match(r"\d{4}-\d{2}-\d{2}[T ]", text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    raise ValueError("date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA")


def parse_amount(raw: str) -> float:
    """A non-negative amount in euros: ``42 500``, ``42 500,50``, ``42500.5``, ``42 500 €``."""
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", raw, flags=re.IGNORECASE)
    if "," in text and "." in text:
        text = text.replace(".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError("montant en euros attendu (ex. 42 500 ou 42 500,50)")
    return float(text)


def parse_percent(raw: str) -> int:
    text = raw.strip().removesuffix("%").strip()
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("pourcentage attendu (nombre de 0 à 100)") from None
    if not 0 <= value <= 100:
        raise ValueError("pourcentage attendu entre 0 et 100")
    return round(value)


def parse_int(raw: str) -> int:
    text = raw.strip()
    if not re.fullmatch(r"\d+", text):
        raise ValueError("nombre entier attendu")
    return int(text)


def parse_bool(raw: str) -> bool:
    text = fold(raw)
    if text in ("oui", "o", "vrai", "true", "1", "x", "yes"):
        return True
    if text in ("non", "n", "faux", "false", "0", "no"):
        return False
    raise ValueError("« oui » ou « non » attendu")


def parse_email(raw: str) -> str:
    if not EMAIL_PATTERN.match(raw.strip()):
        raise ValueError("adresse électronique attendue")
    return raw.strip()


def enum_parser(vocabulary: dict[str, str]) -> Callable[[str], str]:
    """Accept a code or its French label, ignoring case and accents."""
    lookup = {fold(code): code for code in vocabulary}
    lookup.update({fold(label): code for code, label in vocabulary.items()})

    def parse(raw: str) -> str:
        code = lookup.get(fold(raw))
        if code is None:
            raise ValueError("valeurs possibles : " + ", ".join(vocabulary))
        return code

    return parse


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: for comparing names typed by hand."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def split_multi(raw: str | None, separators: str = "|;") -> list[str]:
    """A multi-valued cell as a list, without blanks or repeats."""
    if not raw:
        return []
    parts = re.split("|".join(re.escape(sep) for sep in separators), raw)
    seen: dict[str, None] = {}
    for part in parts:
        if part.strip():
            seen.setdefault(part.strip(), None)
    return list(seen)


def check_duplicates(rows: Iterable[tuple[int, str | None]], column: str, issues: Issues) -> None:
    """Record every value already seen on an earlier line of the file."""
    first: dict[str, int] = {}
    for line, key in rows:
        if key is None:
            continue
        if key in first:
            issues.error(f"en double : déjà présente {issues.location} {first[key]}", line, column, key)
        else:
            first[key] = line


@cache
def _text_lengths(model: type[DeclarativeBase]) -> dict[str, int]:
    return {
        column.key: column.type.length
        for column in model.__table__.columns
        if isinstance(column.type, String) and column.type.length
    }


def check_lengths(
    model: type[DeclarativeBase],
    record: dict[str, object],
    line: int,
    issues: Issues,
    names: dict[str, str] | None = None,
) -> None:
    """Refuse a text longer than its column, before the database does it less politely."""
    for key, length in _text_lengths(model).items():
        value = record.get(key)
        if isinstance(value, str) and len(value) > length:
            issues.error(
                f"texte trop long ({length} caractères au plus)", line, (names or {}).get(key, key), value
            )


# --- Writing -------------------------------------------------------------------------------


def known_departements(connection: Connection) -> dict[str, str]:
    """Départements loaded in the store (code → nom)."""
    return dict(connection.execute(select(Departement.code, Departement.nom)).all())


def check_departement_loaded(
    code: str | None, loaded: dict[str, str], line: int, column: str, issues: Issues
) -> None:
    if code is not None and code not in loaded:
        issues.error(
            "département absent de la géographie chargée : lancer « python -m data_access geography »",
            line,
            column,
            code,
        )


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def upsert(
    connection: Connection, table: Table, records: list[dict[str, object]], keys: tuple[str, ...]
) -> tuple[int, int]:
    """Insert new rows and update existing ones (matched on the unique ``keys``) in bulk.

    SQLite and PostgreSQL get ``INSERT … ON CONFLICT DO UPDATE``; any other
    dialect a bulk insert of the new rows and a bulk update of the others.
    Returns (inserted, updated).
    """
    if not records:
        return 0, 0
    key_columns = [table.c[key] for key in keys]
    # A long IN list on a table not yet analysed makes PostgreSQL scan it once per chunk:
    # for a large file, reading every key once is both simpler and faster.
    query = select(*key_columns)
    if len(records) <= CHUNK:
        query = query.where(key_columns[0].in_({record[keys[0]] for record in records}))
    existing = {tuple(row) for row in connection.execute(query)}
    updated = sum(1 for record in records if tuple(record[key] for key in keys) in existing)
    value_columns = [name for name in records[0] if name not in keys]
    statement = _conflict_upsert(connection, table, keys, value_columns)
    if statement is not None:
        for part in chunks(records, 5000):
            connection.execute(statement, list(part))
        return len(records) - updated, updated
    new = [record for record in records if tuple(record[key] for key in keys) not in existing]
    old = [record for record in records if tuple(record[key] for key in keys) in existing]
    for part in chunks(new, 5000):
        connection.execute(insert(table), list(part))
    if old and value_columns:
        by_key = (
            update(table)
            .where(and_(*(table.c[key] == bindparam(f"k_{key}") for key in keys)))
            .values({name: bindparam(f"v_{name}") for name in value_columns})
        )
        params = [
            {**{f"k_{key}": row[key] for key in keys}, **{f"v_{name}": row[name] for name in value_columns}}
            for row in old
        ]
        for part in chunks(params, 5000):
            connection.execute(by_key, list(part))
    return len(new), len(old)


def _conflict_upsert(
    connection: Connection, table: Table, keys: tuple[str, ...], value_columns: list[str]
) -> Insert | None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return None
    statement = dialect_insert(table)
    if not value_columns:
        return statement.on_conflict_do_nothing(index_elements=list(keys))
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in value_columns}
    )


def write_import_log(connection: Connection, report: ImportReport) -> None:
    connection.execute(
        insert(ImportLog).values(
            kind=report.kind,
            filename=report.filename[:300],
            checksum=report.checksum,
            rows=report.rows,
            imported_at=datetime.now().replace(microsecond=0),
            details=json.dumps(report.details(), ensure_ascii=False),
        )
    )


Handler = Callable[[Connection, Source, date], ImportReport]


def run_import(
    engine: Engine,
    path: Path,
    handler: Handler,
    *,
    today: date | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportReport:
    """Read, validate and write one file in a single transaction, then log it."""
    source = read_source(Path(path), max_bytes)
    with engine.begin() as connection:
        report = handler(connection, source, today or date.today())
        report.checksum = source.checksum
        write_import_log(connection, report)
    return report
