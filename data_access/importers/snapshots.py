"""What the importers of the national indicators share: the date of the data, département codes,
placing a structure by its commune, and writing one dated snapshot.

A snapshot is dated by its data, never by the day of import: the date given with
the file (``--date``), else one read from the file (a ``date`` column, or a
``AAAAMMJJ`` prefix in its name as in ``20230405-3925-cnfs.csv``). Importing the
same file twice replaces its snapshot instead of adding one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from data_access.importers.context import ImportContext
from data_access.importers.issues import Issues, reject
from data_access.importers.report import ImportReport
from data_access.importers.sources import Source
from data_access.importers.values import COM_CODES, DEPARTEMENT_CODES, normalize_departement
from data_access.importers.writing import known_departements, upsert
from data_access.models import Commune, IndicateurDetail, IndicateurReleve

NAME_DATE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")
UNKNOWN_DATE = (
    "date des données inconnue : précisez-la avec --date AAAA-MM-JJ (date d'extraction du fichier), "
    "ou dans le champ « Date des données » de la page d'administration"
)


DATE_GIVEN = "date demandée"
DATE_IN_NAME = "date du nom du fichier"


def data_date(source: Source, context: ImportContext) -> tuple[date, str]:
    """The date given with the file, else the ``AAAAMMJJ`` of its name (and where it was read);
    else the file is refused: a snapshot without the date of its data would mislead."""
    if context.data_date is not None:
        return context.data_date, DATE_GIVEN
    match = NAME_DATE.search(source.filename)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), DATE_IN_NAME
        except ValueError:
            pass
    raise reject(source.filename, UNKNOWN_DATE)


def count_value(raw: str) -> int:
    """A count: a whole number, zero or more (``12``, ``12.0`` as some exports write it, ``1 204``)."""
    text = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if re.fullmatch(r"-\d+(\.0+)?", text):
        raise ValueError("nombre positif ou nul attendu")
    if not re.fullmatch(r"\d+(\.0+)?", text):
        raise ValueError("nombre entier attendu")
    return int(float(text))


@dataclass
class DepartementCodes:
    """The départements loaded in the store, and the collectivités d'outre-mer met (skipped)."""

    loaded: dict[str, str]
    skipped: set[str]

    def parse(self, raw: str, line: int, column: str, issues: Issues) -> str | None:
        """A loaded département code; a collectivité d'outre-mer not loaded is skipped and reported."""
        code = normalize_departement(raw)
        if code in self.loaded:
            return code
        if not code:
            issues.error("valeur obligatoire manquante", line, column)
        elif code in COM_CODES:
            self.skipped.add(code)
        elif code in DEPARTEMENT_CODES:
            issues.error(
                "département absent de la géographie chargée : lancer « python -m data_access geography »",
                line,
                column,
                raw,
            )
        else:
            issues.error("code département inconnu (01 à 95, 2A, 2B, 971 à 976)", line, column, raw)
        return None

    def warn_skipped(self, issues: Issues) -> None:
        if self.skipped:
            issues.warn(
                f"{len(self.skipped)} collectivité(s) d'outre-mer absente(s) de la géographie chargée, "
                "ignorée(s) : " + ", ".join(sorted(self.skipped))
            )


class CommunePlacer:
    """Places a structure in its département: by its commune's INSEE code, else by its postcode."""

    def __init__(self, connection: Connection, codes: DepartementCodes) -> None:
        self.codes = codes
        self.communes = dict(connection.execute(select(Commune.code_insee, Commune.code_departement)).all())

    def departement(self, insee: str | None, postcode: str | None) -> str | None:
        if insee and insee in self.communes:
            return self.communes[insee]
        for code in (insee, postcode):
            if code:
                departement = self._from_prefix(code)
                if departement is not None:
                    return departement
        return None

    @staticmethod
    def prefix(code: str) -> str:
        """Two first characters (three overseas); a Corsican postcode 20xxx splits at 20200."""
        if code.startswith("97") or code.startswith("98"):
            return code[:3]
        if code.startswith("20") and code.isdigit():
            return "2A" if code < "20200" else "2B"
        return code[:2]

    def in_collectivity(self, code: str | None) -> bool:
        """A commune or postcode of a collectivité d'outre-mer the store does not hold."""
        return (
            bool(code)
            and self.prefix(str(code)) in COM_CODES
            and self.prefix(str(code)) not in self.codes.loaded
        )

    def _from_prefix(self, code: str) -> str | None:
        prefix = self.prefix(code)
        if prefix in self.codes.loaded:
            return prefix
        if prefix in COM_CODES:
            self.codes.skipped.add(prefix)
        return None


def counted_departements(
    connection: Connection, context: ImportContext
) -> tuple[CommunePlacer, dict[str, int]]:
    """A placer over the loaded départements, and a zero for each one the writer may write: a
    département where no structure of the file counts shows 0 in the snapshot, not a gap."""
    loaded = known_departements(connection)
    placer = CommunePlacer(connection, DepartementCodes(loaded, set()))
    return placer, {code: 0 for code in loaded if context.may_write(code)}


@dataclass(frozen=True)
class Snapshot:
    """One indicator's values per département at one date, with their breakdowns."""

    indicateur: str
    date: date
    valeurs: dict[str, int]
    details: dict[tuple[str, str, str], int]
    """(code_departement, dimension, categorie) → value."""


def write_snapshot(connection: Connection, snapshot: Snapshot, filename: str) -> tuple[int, int]:
    """Upsert the snapshot's values, replace their breakdowns; returns (inserted, updated)."""
    records: list[dict[str, object]] = [
        {
            "indicateur": snapshot.indicateur,
            "date": snapshot.date,
            "code_departement": code,
            "valeur": value,
            "source": filename[:200],
        }
        for code, value in sorted(snapshot.valeurs.items())
    ]
    inserted, updated = upsert(
        connection, IndicateurReleve.__table__, records, ("indicateur", "date", "code_departement")
    )
    connection.execute(
        delete(IndicateurDetail).where(
            IndicateurDetail.indicateur == snapshot.indicateur,
            IndicateurDetail.date == snapshot.date,
            IndicateurDetail.code_departement.in_(list(snapshot.valeurs)),
        )
    )
    details = [
        {
            "indicateur": snapshot.indicateur,
            "date": snapshot.date,
            "code_departement": code,
            "dimension": dimension,
            "categorie": categorie,
            "valeur": value,
        }
        for (code, dimension, categorie), value in sorted(snapshot.details.items())
    ]
    if details:
        connection.execute(insert(IndicateurDetail), details)
    return inserted, updated


def snapshot_report(
    connection: Connection,
    source: Source,
    issues: Issues,
    snapshot: Snapshot,
    *,
    kind: str,
    rows: int,
    skipped: int,
    counts: dict[str, int],
    dated_by: str,
) -> ImportReport:
    """Write the snapshot and say what it did, dated by its data: every national indicator
    reports the same way, only its kind, skipped rows and figures differ."""
    inserted, updated = write_snapshot(connection, snapshot, source.filename)
    report = ImportReport(
        kind=kind,
        filename=source.filename,
        rows=rows,
        inserted=inserted,
        updated=updated,
        skipped=skipped,
        counts=counts,
        data_date=snapshot.date,
        data_date_source=dated_by,
    )
    return issues.fill_report(report)
