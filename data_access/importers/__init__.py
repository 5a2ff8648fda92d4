"""Importers of real data into the store, shared by the command line and the admin page.

Every importer is ``import_<kind>(engine, path, *, today=None) -> ImportReport``
and raises ``ImportRejected`` (nothing written) on any error of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data_access.importers import candidatures, dotations, feuilles_de_route, gouvernances, ifn, lieux
from data_access.importers.candidatures import import_candidatures
from data_access.importers.common import (
    MAX_FILE_BYTES,
    DepartementCount,
    ImportIssue,
    ImportRejected,
    ImportReport,
)
from data_access.importers.dotations import import_dotations
from data_access.importers.feuilles_de_route import import_feuilles_de_route
from data_access.importers.gouvernances import import_gouvernances
from data_access.importers.ifn import import_ifn
from data_access.importers.lieux import import_lieux

Importer = Callable[..., ImportReport]

IMPORTERS: dict[str, Importer] = {
    "lieux": import_lieux,
    "ifn": import_ifn,
    "dotations": import_dotations,
    "gouvernances": import_gouvernances,
    "candidatures": import_candidatures,
    "feuilles-de-route": import_feuilles_de_route,
}

KIND_LABELS: dict[str, str] = {
    "lieux": "Lieux de médiation numérique (schéma national v1.0.2 ou JSON cartographie)",
    "ifn": "Indice de fragilité numérique (communes et EPCI)",
    "dotations": "Enveloppes de l'État par département",
    "gouvernances": "Gouvernances (une ligne par département)",
    "candidatures": "Candidatures (une ligne par formulaire)",
    "feuilles-de-route": "Feuilles de route (une ligne par action)",
}

TEMPLATE_COLUMNS: dict[str, list[str]] = {
    "lieux": lieux.SCHEMA_FIELDS,
    "ifn": ifn.COLUMNS,
    "dotations": dotations.COLUMNS,
    "gouvernances": gouvernances.COLUMNS,
    "candidatures": candidatures.COLUMNS,
    "feuilles-de-route": feuilles_de_route.COLUMNS + feuilles_de_route.OPTIONAL_COLUMNS,
}

NATIONAL_FORMATS = ("lieux", "ifn")
"""Templates of national formats keep their comma; ours use ``;`` and a BOM so that Excel opens them."""

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "templates"


def template_text(kind: str) -> str:
    """The blank template of ``kind``: its header line."""
    buffer = io.StringIO()
    delimiter = "," if kind in NATIONAL_FORMATS else ";"
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(TEMPLATE_COLUMNS[kind])
    return buffer.getvalue()


def write_template(kind: str, out: Path) -> None:
    encoding = "utf-8" if kind in NATIONAL_FORMATS else "utf-8-sig"
    Path(out).write_text(template_text(kind), encoding=encoding, newline="")


def import_file(
    engine: Engine, kind: str, path: Path, *, today: date | None = None, max_bytes: int = MAX_FILE_BYTES
) -> ImportReport:
    """Dispatch on ``kind`` (one of ``IMPORTERS``)."""
    return IMPORTERS[kind](engine, Path(path), today=today, max_bytes=max_bytes)


__all__ = [
    "IMPORTERS",
    "KIND_LABELS",
    "TEMPLATES_DIR",
    "TEMPLATE_COLUMNS",
    "DepartementCount",
    "ImportIssue",
    "ImportRejected",
    "ImportReport",
    "import_candidatures",
    "import_dotations",
    "import_feuilles_de_route",
    "import_file",
    "import_gouvernances",
    "import_ifn",
    "import_lieux",
    "template_text",
    "write_template",
]
