"""Reading a file to import: its bytes, then its rows (CSV, XLSX or JSON) keyed by column name."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from data_access.importers.issues import MAX_REPORTED_ERRORS, ImportIssue, ImportRejected, Issues, reject
from data_access.importers.screening import (
    DEFAULT_LIMITS,
    Limits,
    Screening,
    check_encoding,
    check_rows,
    check_size,
    screen,
)

MAX_FILE_BYTES = DEFAULT_LIMITS.max_bytes
NOT_SCREENED = Screening(0)
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
    limits: Limits = DEFAULT_LIMITS
    screening: Screening = NOT_SCREENED

    @property
    def suffix(self) -> str:
        return Path(self.filename).suffix.lower()

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def is_xlsx(self) -> bool:
        return self.suffix in (".xlsx", ".xlsm") or self.data[:4] == b"PK\x03\x04"


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> Source:
    """Read a file, refusing a missing or oversized one before loading it, and screen it
    (rows, compression, format, encoding) before any parser runs."""
    path = Path(path)
    if not path.is_file():
        raise reject(path.name, "fichier introuvable")
    check_size(path.name, path.stat().st_size, limits)
    data = path.read_bytes()
    if MARKUP_START.match(data[:1024]):
        raise reject(
            path.name,
            "contenu HTML ou XML (une page web ?) au lieu d'un fichier CSV, JSON ou XLSX : "
            "téléchargez le fichier de données lui-même",
        )
    return Source(path.name, data, limits, screen(path.name, data, limits))


def decode_text(source: Source) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as saved by French office suites."""
    check_encoding(source.filename, source.data)
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
    """The first sheet, in full whatever dimension it declares, bounded by the row limit.

    Cells computed by a formula are read from the value the workbook saved with it; a
    formula saved without one (a workbook written by a program, never recalculated) is an
    error naming the cell, rather than an empty value stored in silence.
    """
    from openpyxl import load_workbook  # only XLSX imports need it

    workbooks = []
    try:
        for data_only in (True, False) if source.screening.formulas else (True,):
            workbooks.append(load_workbook(io.BytesIO(source.data), read_only=True, data_only=data_only))
    except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
        raise reject(source.filename, "classeur XLSX illisible") from exc
    try:
        sheets = [workbook.worksheets[0] for workbook in workbooks]
        for sheet in sheets:
            sheet.reset_dimensions()
        lines = zip(*(sheet.iter_rows(values_only=True) for sheet in sheets), strict=False)
        first = next(lines, None)
        if first is None:
            raise reject(source.filename, "feuille vide")
        columns = _header(source, [_cell_text(cell) for cell in first[0]])
        rows: list[SourceRow] = []
        problems: list[ImportIssue] = []
        for number, cells in enumerate(lines, start=2):
            check_rows(source.filename, number - 1, source.limits)
            if len(cells) > 1:
                _uncomputed_formulas(source, columns, number, cells[0], cells[1], problems)
            row = _record(source, columns, number, [_cell_text(cell) for cell in cells[0]], problems)
            if row is not None:
                rows.append(row)
    finally:
        for workbook in workbooks:
            workbook.close()
    if problems:
        raise ImportRejected(problems[:MAX_REPORTED_ERRORS], len(problems))
    return SourceTable(columns, rows)


def _uncomputed_formulas(
    source: Source,
    columns: list[str],
    line: int,
    values: Sequence[object],
    formulas: Sequence[object],
    problems: list[ImportIssue],
) -> None:
    from openpyxl.utils import get_column_letter

    for index, (value, formula) in enumerate(zip(values, formulas, strict=False)):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            problems.append(
                ImportIssue(
                    source.filename,
                    f"cellule {get_column_letter(index + 1)}{line} : formule sans valeur calculée "
                    "(classeur jamais recalculé) ; ouvrez-le dans Excel ou LibreOffice, enregistrez-le, "
                    "puis importez-le à nouveau",
                    line,
                    columns[index] if index < len(columns) else get_column_letter(index + 1),
                    formula,
                )
            )


def read_json_records(source: Source) -> list[dict[str, object]]:
    """A JSON list of objects (the older cartographie exports)."""
    try:
        data = json.loads(decode_text(source))
    except json.JSONDecodeError as exc:
        raise reject(source.filename, f"JSON illisible (ligne {exc.lineno}, colonne {exc.colno})") from exc
    if not isinstance(data, list):
        raise reject(source.filename, "une liste JSON d'objets est attendue")
    check_rows(source.filename, len(data), source.limits, "d'éléments")
    return data


def is_json_list(source: Source) -> bool:
    """A JSON export rather than a CSV/XLSX template: named ``.json``, or a text opening on ``[``
    (some portals serve the JSON under another name)."""
    return source.suffix == ".json" or source.data.lstrip()[:1] == b"["


def read_json_rows(
    source: Source, issues: Issues, cells: Callable[[dict[object, object], int], dict[str, str]]
) -> list[SourceRow]:
    """The JSON objects as rows numbered from 1, their cells as ``cells`` reads them, so a JSON
    export is checked by the same code as the CSV template; an element that is not an object is
    an error of its number, and every error stops the import here."""
    rows: list[SourceRow] = []
    for number, item in enumerate(read_json_records(source), start=1):
        if not isinstance(item, dict):
            issues.error("objet JSON attendu", number)
            continue
        rows.append(SourceRow(number, cells(item, number)))
    issues.raise_if_any()
    return rows


def require_columns(table: SourceTable, issues: Issues, required: Iterable[str]) -> None:
    """Record every required column missing from the header, then stop if any is."""
    for column in required:
        if column not in table.columns:
            issues.error("colonne obligatoire absente de l'en-tête", None, column)
    issues.raise_if_any()
