"""Reading a file to import: its bytes, then its rows (CSV, XLSX or JSON) keyed by column name."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from data_access.importers.issues import MAX_REPORTED_ERRORS, ImportIssue, ImportRejected, Issues, reject

MAX_FILE_BYTES = 50 * 1024 * 1024
MARKUP_START = re.compile(rb"^(\xef\xbb\xbf)?\s*<(!doctype|html|\?xml|head|body|!--)", re.IGNORECASE)
"""A web page saved in place of the data (an error or login page): no data format starts so."""


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
