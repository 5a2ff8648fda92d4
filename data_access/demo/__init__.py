"""Deterministic demonstration data for the whole of France, on top of the loaded geography.

The demo store lets the dashboard be shown and tested without real exports: it
replaces every non-geography table in one transaction with plausible, mutually
consistent data (candidatures of the real EPCI, gouvernances at every stage,
roadmaps, envelopes, lieux, snapshots, IFN). Same seed, scale and geography give
the same rows, so tests and screenshots are reproducible; every date comes from
fixed anchors, never from the clock. Eure-et-Loir and Ille-et-Vilaine echo the
source documents (axes, working groups, 42 500 €, 110 → 138 lieux…).

Layout: ``settings`` (anchors), ``texts`` (French wording), ``geography`` (what is read
from the store), ``state`` (rows and decisions shared by the builders), one builder per
domain (``governance``, ``candidatures``, ``envelopes``, ``roadmaps``, ``lieux``,
``fragility``, ``bookkeeping``), ``writer``, and ``generator`` which orders them.
"""

from data_access.demo.bookkeeping import DemoCounts
from data_access.demo.generator import generate_demo
from data_access.demo.settings import DEFAULT_SEED, DEMO_TODAY
from data_access.demo.texts import of_departement, of_place

__all__ = ["DEFAULT_SEED", "DEMO_TODAY", "DemoCounts", "generate_demo", "of_departement", "of_place"]
