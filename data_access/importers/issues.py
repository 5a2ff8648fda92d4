"""What goes wrong in a file: located issues, collected per file, and the rejection that carries them.

An import is all-or-nothing: every error is collected (so that the user fixes a
file in one go), then the import either writes everything in one transaction or
raises ``ImportRejected`` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from data_access.importers.report import ImportReport

if TYPE_CHECKING:
    from data_access.importers.sources import SourceRow

T = TypeVar("T")

MAX_REPORTED_ERRORS = 50
MAX_REPORTED_WARNINGS = 30


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
