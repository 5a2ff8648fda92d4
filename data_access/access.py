"""Who reads and writes what: users, their role and territory, and the scope they are held to.

A ``Viewer`` is the person behind a session. ``scoped_territory`` turns whatever
territory a URL asks for into one inside the viewer's own, carrying the
départements he may reach; every read predicate ANDs them in (see ``scope.py``),
so that neither a crafted URL nor a crafted call widens the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from data_access.models import Utilisateur
from data_access.refusals import Refused
from data_access.scope import Level, Territory
from data_access.sql import read_frame
from data_access.territories import covered_departements

ROLES: dict[str, str] = {
    "national": "Équipe nationale",
    "regional": "Hub régional",
    "departement": "Référent départemental",
    "epci": "Référent EPCI",
}
ROLE_LEVELS: dict[str, Level] = {
    "national": "national",
    "regional": "region",
    "departement": "departement",
    "epci": "epci",
}
"""The level of the territory each role is held to."""
EDITOR_ROLES = ("national", "departement", "epci")
"""Roles that edit actions, governance and meetings of their territory (the hub reads and imports)."""
IMPORTER_ROLES = ("national", "regional")


class AccessDenied(Refused, PermissionError):
    """An operation outside the viewer's territory or role."""


@dataclass(frozen=True)
class Viewer:
    """The person behind a session; ``departements`` is ``None`` for a national viewer."""

    email: str
    nom: str
    role: str
    code: str | None
    departements: tuple[str, ...] | None

    @property
    def home(self) -> Territory:
        """The viewer's own territory, where his views open."""
        return Territory(ROLE_LEVELS[self.role], self.code, self.departements)

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def can_import(self) -> bool:
        return self.role in IMPORTER_ROLES


DEMO_VIEWER = Viewer("demonstration", "Démonstration", "national", None, None)
"""Who reads when no identity provider is configured: the demo mode, national and able to edit."""


def viewer_for(engine: Engine, email: str) -> Viewer | None:
    """The active user with this e-mail (case-insensitive), or ``None`` when he is not let in."""
    row = read_frame(
        engine,
        select(Utilisateur.email, Utilisateur.nom, Utilisateur.role, Utilisateur.code_territoire).where(
            Utilisateur.email == email.strip().lower(), Utilisateur.actif.is_(True)
        ),
    )
    if row.empty:
        return None
    user = row.iloc[0]
    code = user["code_territoire"] or None
    home = Territory(ROLE_LEVELS[user["role"]], code)
    return Viewer(user["email"], user["nom"], user["role"], code, covered_departements(engine, home))


def scoped_territory(engine: Engine, viewer: Viewer, requested: Territory) -> Territory:
    """``requested`` if it lies inside the viewer's territory, else the viewer's own.

    The result carries the viewer's départements as ``allowed``.
    """
    if viewer.departements is None:
        return replace(requested, allowed=None)
    if _inside(engine, viewer, requested):
        return replace(requested, allowed=viewer.departements)
    return viewer.home


def _inside(engine: Engine, viewer: Viewer, requested: Territory) -> bool:
    if viewer.role == "epci":
        return requested.level == "epci" and requested.code == viewer.code
    if requested.level == "national":
        return False
    if requested.level == "region":
        return viewer.role == "regional" and requested.code == viewer.code
    covered = covered_departements(engine, requested)
    return bool(covered) and set(covered) <= set(viewer.departements)


def require_departement(viewer: Viewer, code_departement: str) -> None:
    """Raise ``AccessDenied`` unless the viewer may reach this département."""
    if viewer.departements is not None and code_departement not in viewer.departements:
        raise AccessDenied(f"Votre compte ne donne pas accès au département {code_departement}.")


def require_editor(viewer: Viewer, code_departement: str) -> None:
    """Raise ``AccessDenied`` unless the viewer may edit this département's data."""
    if not viewer.can_edit:
        raise AccessDenied(f"Le rôle « {ROLES[viewer.role]} » consulte les données sans les modifier.")
    require_departement(viewer, code_departement)


def users(engine: Engine) -> pd.DataFrame:
    """Every user with role and territory, for the administration page."""
    statement = select(
        Utilisateur.email, Utilisateur.nom, Utilisateur.role, Utilisateur.code_territoire, Utilisateur.actif
    ).order_by(Utilisateur.email)
    return read_frame(engine, statement)


def save_user(engine: Engine, email: str, nom: str, role: str, code_territoire: str | None) -> None:
    """Create or replace a user (e-mail stored lower-case), checking role and territory code."""
    if role not in ROLES:
        raise AccessDenied(f"Rôle inconnu : « {role} ».")
    if (role == "national") != (not code_territoire):
        raise AccessDenied("Un compte national n'a pas de territoire ; les autres en ont un.")
    with engine.begin() as connection:
        connection.execute(delete(Utilisateur).where(Utilisateur.email == email.strip().lower()))
        connection.execute(
            insert(Utilisateur).values(
                email=email.strip().lower(),
                nom=nom,
                role=role,
                code_territoire=code_territoire or None,
                actif=True,
            )
        )
