"""The order of the demo's sections, and the one entry point that builds and writes them."""

from __future__ import annotations

from sqlalchemy import Engine

from data_access.db import refresh_statistics
from data_access.demo import (
    bookkeeping,
    candidatures,
    envelopes,
    fragility,
    governance,
    indicators,
    lieux,
    roadmaps,
)
from data_access.demo.bookkeeping import DemoCounts
from data_access.demo.geography import read_geography
from data_access.demo.settings import DEFAULT_SEED
from data_access.demo.state import DemoState
from data_access.demo.writer import write


def build(state: DemoState) -> None:
    """Every section, in the order where later ones read what earlier ones decided.

    Each section draws from its own seeded streams (per section and département), so a new
    section appended here leaves the rows of the others unchanged.
    """
    departements = state.geo.departements
    for departement in departements:
        governance.plan(state, departement)
    for departement in departements:
        candidatures.build(state, departement)
    candidatures.build_regions(state)
    for departement in departements:
        envelopes.build(state, departement)
        governance.build(state, departement)
        roadmaps.build(state, departement)
        lieux.build(state, departement)
    fragility.build(state)
    for departement in departements:
        indicators.build(state, departement)
    bookkeeping.build(state)


def generate_demo(engine: Engine, *, scale: float = 1.0, seed: int | None = None) -> DemoCounts:
    """Replace every non-geography table with demonstration data, in one transaction.

    ``scale`` multiplies the volumes (1 ≈ 30 000 lieux and 20 000 candidature rows for France);
    the reference geography must be loaded first, any subset of départements will do.
    """
    if not scale > 0:
        raise ValueError("l'échelle doit être strictement positive")
    seed = DEFAULT_SEED if seed is None else seed
    with engine.begin() as connection:
        geography = read_geography(connection)
        if not geography.departements:
            raise ValueError(
                "La géographie de référence n'est pas chargée : "
                "lancer d'abord « python -m data_access geography »."
            )
        state = DemoState(geography, scale, seed)
        build(state)
        write(connection, state.rows)
    refresh_statistics(engine)
    return bookkeeping.counts(state)
