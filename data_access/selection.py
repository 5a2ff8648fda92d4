"""The territory a page shows: resolved once per rerun from what was asked and who asks.

The selector (``dashboard.territory``) hands the page one ``SelectedTerritory``: the
scope every read takes (already bounded by the viewer's own territory), its name, its
région and départements, and whether the viewer's scope narrowed what was asked, so the
page can say so. Pages never look a département or a région up themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from data_access.access import Viewer, scoped_territory
from data_access.scope import Level, Territory
from data_access.territories import covered_departements, parent_region, territory_name


@dataclass(frozen=True)
class SelectedTerritory:
    """One territory as a page shows it; ``scope`` is what the read functions take."""

    scope: Territory
    """The territory bounded by the viewer's own, carrying the départements he may reach."""
    name: str
    """Its name as shown: « France entière », « Région Centre-Val de Loire », « Eure-et-Loir (28) »…"""
    region: str | None
    """Code of its région (an EPCI's: that of its département); ``None`` at national level or unknown."""
    departements: tuple[str, ...] | None
    """Codes of the départements it covers (an EPCI: the one it is attached to); ``None``: all of France."""
    narrowed_by_scope: bool
    """Whether the viewer's scope replaced the territory asked for (e.g. by the URL) with his own."""
    departement_scope: Territory | None
    """The département of a département or an EPCI as far as the viewer may read it: the département
    itself, or the viewer's EPCI when he is held to one (``None`` above the département)."""

    @property
    def level(self) -> Level:
        return self.scope.level

    @property
    def code(self) -> str | None:
        return self.scope.code

    @property
    def departement(self) -> str | None:
        """The one département of a département or an EPCI (``None`` above, or for an unknown EPCI)."""
        if self.level in ("departement", "epci") and self.departements:
            return self.departements[0]
        return None

    def within(self, territory: Territory) -> Territory:
        """``territory`` held to the same reachable départements as this one (for a page's sub-views)."""
        return Territory(territory.level, territory.code, self.scope.allowed)


def resolve_territory(engine: Engine, viewer: Viewer, requested: Territory) -> SelectedTerritory:
    """Bound ``requested`` by the viewer's territory and look up, once, what pages need to know of it."""
    scope = scoped_territory(engine, viewer, requested)
    narrowed = (scope.level, scope.code) != (requested.level, requested.code)
    departements = covered_departements(engine, scope)
    if scope.level == "region":
        region = scope.code
    elif departements:
        region = parent_region(engine, departements[0])
    else:
        region = None
    departement_scope = None
    if scope.level in ("departement", "epci") and departements:
        departement_scope = scoped_territory(engine, viewer, Territory.departement(departements[0]))
    return SelectedTerritory(
        scope, territory_name(engine, scope), region, departements, narrowed, departement_scope
    )
