"""Imports through the browser: the admin page's logic, kept apart from Streamlit to be tested directly.

The uploaded bytes are screened at once (size, rows, compression, format, encoding),
so that a hostile file is refused in milliseconds; then they are written under the
user's file name in a private temporary folder and go through the very importer the
command line uses, in a process of its own (``running_import``): same checks, same
all-or-nothing write, same French report, and a page that stops waiting kills it.
What the page shows of a report or a rejection is built here as Markdown in which every piece of file content
(names, values, the file name itself) reads literally.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from dashboard.formatting import fr_datetime, fr_number, plain
from data_access.importers import (
    IMPORTERS,
    KIND_LABELS,
    NATIONAL_FORMATS,
    ImportContext,
    ImportRejected,
    ImportReport,
    import_file,
    template_text,
)
from data_access.importers.report import COUNT_LABELS
from data_access.importers.screening import MEGABYTE, screen
from data_access.importers.sources import MAX_FILE_BYTES
from data_access.importers.worker import ImportJob

UPLOAD_TYPES = ["csv", "json", "xlsx", "xls", "ods"]
"""What the widget lets through: .xls and .ods too, so that our French refusal explains them."""
MAX_IMPORT_MEGABYTES = MAX_FILE_BYTES // MEGABYTE
"""The importers' own limit, refused with a French message."""
MAX_UPLOAD_MEGABYTES = 4 * MAX_IMPORT_MEGABYTES
"""The upload widget's limit (``server.maxUploadSize`` too): well above ours, so that a file too
large meets our French message rather than Streamlit's English one."""
MAX_FILENAME_CHARACTERS = 200
FALLBACK_FILENAME = "fichier"

DEPARTEMENT_LABELS = {
    "code": "Code",
    "nom": "Département",
    "nombre_fichier": "Lieux dans le fichier",
    "nombre_total": "Lieux en base après l'import",
}
HISTORY_LABELS = {
    "date": "Date",
    "par": "Par",
    "territoire": "Territoire",
    "type": "Type de fichier",
    "filename": "Fichier",
    "taille": "Taille",
    "empreinte": "Empreinte SHA-256",
    "lignes": "Lignes",
    "ajoutees": "Ajoutées",
    "mises_a_jour": "Mises à jour",
    "ignorees": "Ignorées",
    "avertissements": "Avertissements",
}
WRITER_TERRITORIES = {"regional": "Région", "departement": "Département", "epci": "EPCI"}


def safe_filename(name: str) -> str:
    """The base name of an uploaded file, safe to create in a folder of ours.

    Browsers send a bare name, but some send a path (``C:\\fakepath\\lieux.csv``);
    separators, control characters and ``..`` never reach the file system.
    """
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    if base in ("", ".", ".."):
        return FALLBACK_FILENAME
    if len(base) > MAX_FILENAME_CHARACTERS:
        suffix = Path(base).suffix[:10]
        base = base[: MAX_FILENAME_CHARACTERS - len(suffix)] + suffix
    return base


def check_kind(kind: str) -> None:
    if kind not in IMPORTERS:
        raise ValueError(f"type d'import inconnu : {kind}")


def import_upload(
    engine: Engine, kind: str, filename: str, data: bytes, context: ImportContext
) -> ImportReport:
    """Import uploaded bytes as ``kind`` in this process; raises ``ImportRejected`` (nothing written).

    The temporary copy is deleted whatever happens.
    """
    check_kind(kind)
    screen(safe_filename(filename), data, context.limits)
    with tempfile.TemporaryDirectory(prefix="fne-import-") as folder:
        path = Path(folder) / safe_filename(filename)
        path.write_bytes(data)
        return import_file(engine, kind, path, context)


@contextmanager
def running_import(
    database_url: str, kind: str, filename: str, data: bytes, context: ImportContext
) -> Iterator[ImportJob]:
    """Screen the upload here (a refusal is immediate), then import it in a child process.

    Leaving the block kills the child if it still runs (the page stopped waiting: its
    session ended, or another run replaced it) and deletes the temporary copy.
    """
    check_kind(kind)
    screen(safe_filename(filename), data, context.limits)
    folder = tempfile.mkdtemp(prefix="fne-import-")
    try:
        path = Path(folder) / safe_filename(filename)
        path.write_bytes(data)
        job = ImportJob(database_url, kind, path, context)
        try:
            yield job
        finally:
            job.cancel()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def rejection_markdown(rejected: ImportRejected) -> str:
    """The rejection's French message (the CLI's words: file, line, column, value), as literal Markdown.

    The first line is a paragraph, each error a list item, the count of hidden errors a last paragraph.
    """
    head, *rest = rejected.message_fr().splitlines()
    items = [f"- {plain(line[2:])}" for line in rest if line.startswith("- ")]
    tail = [plain(line) for line in rest if not line.startswith("- ")]
    return "\n\n".join(part for part in (plain(head), "\n".join(items), *tail) if part)


def report_headline(report: ImportReport) -> str:
    """First line of the report (kind, file, rows added, updated, ignored), as literal Markdown."""
    return plain(report.message_fr().splitlines()[0])


def report_counts(report: ImportReport) -> str:
    """The report's counts as a Markdown list with French labels and numbers."""
    counts = [(COUNT_LABELS.get(key, key), value) for key, value in report.counts.items()]
    if report.kind == "lieux":
        counts.append(("Lieux non placés", report.unplaced))
    return "\n".join(f"- {plain(label)} : {fr_number(value)}" for label, value in counts)


def report_warnings(report: ImportReport) -> str:
    """The warnings (capped like the CLI's), as a literal Markdown list."""
    lines = [f"Avertissements ({fr_number(report.warning_count)}) :", ""]
    lines += [f"- {plain(warning)}" for warning in report.warnings]
    hidden = report.warning_count - len(report.warnings)
    if hidden > 0:
        lines += ["", plain(f"… et {hidden} autre(s) avertissement(s)")]
    return "\n".join(lines)


def departements_frame(report: ImportReport) -> pd.DataFrame:
    """Lieux per département of an accepted lieux import: in the file, and in the store afterwards."""
    return pd.DataFrame(
        [(d.code, d.nom, d.nombre_fichier, d.nombre_total) for d in report.departements],
        columns=list(DEPARTEMENT_LABELS),
    )


def template_bytes(kind: str) -> bytes:
    """The blank template of ``kind`` as ``python -m data_access template`` writes it."""
    encoding = "utf-8" if kind in NATIONAL_FORMATS else "utf-8-sig"
    return template_text(kind).encode(encoding)


def template_file_name(kind: str) -> str:
    return f"modele-{kind}.csv"


def kind_label(kind: str) -> str:
    """``Lieux de médiation numérique`` rather than the full label with its formats."""
    return KIND_LABELS.get(kind, kind).split(" (")[0]


def history_rows(history: pd.DataFrame) -> pd.DataFrame:
    """``history.import_history`` for display: French date and kind, numbers in French."""
    return pd.DataFrame(
        {
            "date": history["imported_at"].map(fr_datetime),
            "par": history["email"].map(lambda email: email or "—"),
            "territoire": history["territoire"].map(territory_text),
            "type": history["kind"].map(kind_label),
            "filename": history["filename"],
            "taille": history["size_bytes"].map(size_text),
            "empreinte": history["checksum"],
            "lignes": history["rows"].map(fr_number),
            "ajoutees": history["inserted"].map(_count),
            "mises_a_jour": history["updated"].map(_count),
            "ignorees": history["skipped"].map(_count),
            "avertissements": history["warnings"].map(_count),
        }
    )


def territory_text(label: object) -> str:
    """``regional:24`` → ``Région 24``; ``national`` → ``National``; unknown (older imports) → ``—``."""
    if not isinstance(label, str) or not label:
        return "—"
    if label == "national":
        return "National"
    role, _, code = label.partition(":")
    return f"{WRITER_TERRITORIES.get(role, role)} {code}"


def size_text(size: object) -> str:
    """``12,4 Mo``, ``3,2 ko``, ``512 octets``; ``—`` when not logged."""
    if size is None or pd.isna(size):
        return "—"
    size = int(size)
    if size >= MEGABYTE:
        return f"{fr_number(size / MEGABYTE, 1)} Mo"
    if size >= 1024:
        return f"{fr_number(size / 1024, 1)} ko"
    return f"{fr_number(size)} octets"


def _count(value: object) -> str:
    return fr_number(None if pd.isna(value) else int(value))
