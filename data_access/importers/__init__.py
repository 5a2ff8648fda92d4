"""Importers of real data into the store, shared by the command line and the admin page.

Every importer is ``import_<kind>(engine, path, context) -> ImportReport`` and
raises ``ImportRejected`` (nothing written) on any error of the file. The
``ImportContext`` carries the writer: a file with one row outside his territory
is refused whole (see ``context``).

One module per kind (``lieux``, ``fragility``, ``envelopes``, ``governance``,
``candidatures``, ``roadmaps``), over the shared machinery:

- ``context``: the writer, his territory and the check every row goes through;
- ``screening``: size, rows, compression, format and encoding, before any parser;
- ``issues``: located errors, collected per file, and the rejection carrying them;
- ``report``: what an accepted import did (counts, warnings), in French;
- ``sources``: reading the file (bytes, then CSV/XLSX/JSON rows);
- ``values``: parsing and checking cell values (codes, numbers, dates, lengths);
- ``writing``: bulk upserts, the import log, and the transaction around an import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from data_access.importers import (
    accompaniments,
    advisors,
    aidants,
    candidatures,
    conventions,
    devices,
    envelopes,
    fragility,
    governance,
    lieux,
    roadmaps,
    subsidies,
)
from data_access.importers.accompaniments import import_accompaniments
from data_access.importers.advisors import import_advisors
from data_access.importers.aidants import import_aidants
from data_access.importers.candidatures import import_candidatures
from data_access.importers.context import OPERATOR, ImportContext
from data_access.importers.conventions import import_conventions
from data_access.importers.devices import import_devices
from data_access.importers.envelopes import import_envelopes
from data_access.importers.fragility import import_fragility
from data_access.importers.governance import import_governance
from data_access.importers.issues import ImportIssue, ImportRejected
from data_access.importers.lieux import import_lieux
from data_access.importers.report import DepartementCount, ImportReport
from data_access.importers.roadmaps import import_roadmaps
from data_access.importers.screening import DEFAULT_LIMITS, Limits
from data_access.importers.sources import MAX_FILE_BYTES
from data_access.importers.subsidies import import_subsidies

Importer = Callable[..., ImportReport]

IMPORTERS: dict[str, Importer] = {
    "lieux": import_lieux,
    "ifn": import_fragility,
    "dotations": import_envelopes,
    "gouvernances": import_governance,
    "candidatures": import_candidatures,
    "feuilles-de-route": import_roadmaps,
    "accompagnements": import_accompaniments,
    "aidants-connect": import_aidants,
    "conseillers-numeriques": import_advisors,
    "equipements": import_devices,
    "conventions": import_conventions,
    "subventions": import_subsidies,
}

KIND_LABELS: dict[str, str] = {
    "lieux": "Lieux de médiation numérique (schéma national v1.0.2 ou JSON cartographie)",
    "ifn": "Indice de fragilité numérique (communes et EPCI)",
    "dotations": "Enveloppes de l'État par département",
    "gouvernances": "Gouvernances (une ligne par département)",
    "candidatures": "Candidatures (une ligne par formulaire)",
    "feuilles-de-route": "Feuilles de route (une ligne par action)",
    "accompagnements": "Personnes accompagnées (CRA des conseillers numériques, par département)",
    "aidants-connect": "Aidants habilités (structures Aidants Connect)",
    "conseillers-numeriques": "Conseillers numériques (structures d'accueil CnFS)",
    "equipements": "Équipements reconditionnés distribués (par département et date)",
    "conventions": "Conventions des enveloppes (une ligne par convention)",
    "subventions": "Demandes de subvention (notre modèle ou l'export de la plateforme de l'État)",
}

DATED_KINDS = ("accompagnements", "aidants-connect", "conseillers-numeriques", "equipements")
"""Kinds whose snapshot is dated by the data: the date can be given with the file (``--date``)."""

TEMPLATE_COLUMNS: dict[str, list[str]] = {
    "lieux": lieux.SCHEMA_FIELDS,
    "ifn": fragility.COLUMNS,
    "dotations": envelopes.COLUMNS,
    "gouvernances": governance.COLUMNS,
    "candidatures": candidatures.COLUMNS,
    "feuilles-de-route": roadmaps.COLUMNS + roadmaps.OPTIONAL_COLUMNS,
    "accompagnements": accompaniments.COLUMNS,
    "aidants-connect": aidants.COLUMNS,
    "conseillers-numeriques": advisors.COLUMNS,
    "equipements": devices.COLUMNS,
    "conventions": conventions.COLUMNS,
    "subventions": subsidies.COLUMNS,
}

NATIONAL_FORMATS = ("lieux", "ifn", "aidants-connect")
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


def import_file(engine: Engine, kind: str, path: Path, context: ImportContext) -> ImportReport:
    """Dispatch on ``kind`` (one of ``IMPORTERS``)."""
    return IMPORTERS[kind](engine, Path(path), context)


__all__ = [
    "DATED_KINDS",
    "DEFAULT_LIMITS",
    "IMPORTERS",
    "KIND_LABELS",
    "MAX_FILE_BYTES",
    "OPERATOR",
    "TEMPLATES_DIR",
    "TEMPLATE_COLUMNS",
    "DepartementCount",
    "ImportContext",
    "ImportIssue",
    "ImportRejected",
    "ImportReport",
    "Limits",
    "import_accompaniments",
    "import_advisors",
    "import_aidants",
    "import_candidatures",
    "import_conventions",
    "import_devices",
    "import_envelopes",
    "import_file",
    "import_fragility",
    "import_governance",
    "import_lieux",
    "import_roadmaps",
    "import_subsidies",
    "template_text",
    "write_template",
]
