"""Who imports, and the territory his file must stay in: the writer's side of every importer.

A file is written on behalf of a ``Viewer`` (the *writer*): the command line's
operator is national, a regional hub writes only inside its région. Every row
that would land in a département is checked here, with its line, so that a
file holding one row outside the writer's territory is refused whole, before
anything is written. A new importer does two things:

- build its rows, then call ``ImportContext.check_departement`` for each row's
  département (it also checks the département against the loaded geography);
- for rows matched on an identifier (``upsert``), call ``check_existing_owners``
  so that a row already stored in another département is not taken over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Column, Connection, select

from data_access.access import IMPORTER_ROLES, ROLES, Viewer
from data_access.importers.issues import Issues, reject
from data_access.importers.screening import DEFAULT_LIMITS, Limits
from data_access.importers.writing import CHUNK, chunks, known_departements

OPERATOR = Viewer("ligne de commande", "Opérateur (ligne de commande)", "national", None, None)
"""The writer of ``python -m data_access import``: whoever runs it operates the store itself."""


def territory_label(writer: Viewer) -> str:
    """The writer's territory as kept in the import log: ``national``, ``region:24``, ``departement:28``."""
    return "national" if writer.departements is None else f"{writer.role}:{writer.code}"


@dataclass
class ImportContext:
    """One import: its writer, its dates and its limits, and the départements checked so far.

    ``today`` is the day of the import; ``data_date`` the date the data is said to be of
    (``--date``), when the importer dates a snapshot.
    """

    writer: Viewer
    today: date = field(default_factory=date.today)
    data_date: date | None = None
    limits: Limits = DEFAULT_LIMITS
    _loaded: dict[str, str] | None = field(default=None, repr=False)

    @property
    def territory(self) -> str:
        return territory_label(self.writer)

    @property
    def restricted(self) -> bool:
        return self.writer.departements is not None

    def may_write(self, code_departement: str) -> bool:
        return not self.restricted or code_departement in (self.writer.departements or ())

    def refusal_reason(self) -> str:
        allowed = ", ".join(self.writer.departements or ()) or "aucun"
        return (
            f"hors de votre territoire ({ROLES[self.writer.role]} {self.writer.code} : "
            f"départements {allowed}) ; rien n'a été enregistré"
        )

    def require_importer(self, filename: str) -> None:
        """Refuse the whole file when the writer's role does not import."""
        if self.writer.role not in IMPORTER_ROLES:
            raise reject(
                filename,
                f"le rôle « {ROLES[self.writer.role]} » ne permet pas d'importer des fichiers "
                "(réservé à l'équipe nationale et aux hubs régionaux)",
            )

    def loaded(self, connection: Connection) -> dict[str, str]:
        """Départements of the store's geography (code → nom), read once per import."""
        if self._loaded is None:
            self._loaded = known_departements(connection)
        return self._loaded

    def check_departement(
        self, connection: Connection, code: str | None, line: int, column: str, issues: Issues
    ) -> None:
        """Record an error unless ``code`` is a loaded département inside the writer's territory."""
        if code is None:
            return
        if code not in self.loaded(connection):
            issues.error(
                "département absent de la géographie chargée : lancer « python -m data_access geography »",
                line,
                column,
                code,
            )
        elif not self.may_write(code):
            issues.error(self.refusal_reason(), line, column, code)

    def check_placed(self, code: str | None, line: int, column: str, value: str, issues: Issues) -> None:
        """A row placed by the geography (a commune, a lieu): its département must be the writer's.

        A row placed nowhere cannot be shown to be inside a restricted writer's territory.
        """
        if not self.restricted:
            return
        if code is None:
            issues.error(
                "placé dans aucun département de la géographie : impossible de vérifier qu'il est "
                "dans votre territoire",
                line,
                column,
                value,
            )
        elif not self.may_write(code):
            issues.error(self.refusal_reason(), line, column, value)


def check_existing_owners(
    connection: Connection,
    context: ImportContext,
    key: Column,
    departement: Column,
    rows: Iterable[tuple[int, str]],
    column: str,
    issues: Issues,
) -> None:
    """Refuse rows whose identifier is already stored in a département outside the writer's territory.

    ``rows`` gives (line, identifier); an upsert on that identifier would otherwise move
    or overwrite another territory's row.
    """
    if not context.restricted:
        return
    lines: dict[str, int] = {}
    for line, identifier in rows:
        lines.setdefault(identifier, line)
    for part in chunks(list(lines), CHUNK):
        owners = connection.execute(select(key, departement).where(key.in_(part)))
        for identifier, owner in owners:
            if owner is not None and not context.may_write(owner):
                issues.error(
                    f"identifiant déjà enregistré dans le département {owner}, {context.refusal_reason()}",
                    lines[identifier],
                    column,
                    identifier,
                )
