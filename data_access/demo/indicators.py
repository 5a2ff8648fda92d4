"""Demo snapshots of the national indicators: people accompanied, refurbished devices, aidants, conseillers.

Quarterly values per département on the lieux snapshot dates, growing to a level
per inhabitant close to the open data's (2,1 million CRA users, 16 400 Aidants
Connect aidants, 3 900 conseillers for France), with an uneven pace per
département so that the projection to 2027 differs from one to the next. The
latest snapshot of people accompanied carries its breakdowns. Eure-et-Loir keeps
its seed: 62 professionals trained with its Aidants Connect credits.
"""

from __future__ import annotations

import random

from data_access.demo.geography import GeoDepartement
from data_access.demo.settings import (
    DEMO_SOURCE,
    EURE_ET_LOIR,
    EURE_ET_LOIR_AIDANTS,
    INDICATORS_PER_MILLION,
    SNAPSHOT_DATES,
)
from data_access.demo.state import DemoState
from data_access.indicators import BREAKDOWNS

BREAKDOWN_WEIGHTS: dict[str, dict[str, float]] = {
    "age": {"moins12ans": 2, "de12a18ans": 5, "de18a35ans": 8, "de35a60ans": 27, "plus60ans": 58},
    "statut": {"etudiant": 7, "sansemploi": 12, "enemploi": 18, "retraite": 52, "heterogene": 11},
    "accompagnement": {"individuel": 59, "atelier": 37, "redirection": 4},
    "activite": {"individuel": 63, "ponctuel": 25, "collectif": 12},
}
"""Shares of the breakdowns, near those of the CRA open file; themes are drawn around equal shares."""


def build(state: DemoState, dep: GeoDepartement) -> None:
    """Every indicator's quarterly snapshots for ``dep``, and the breakdowns of the latest one."""
    rng = state.rng("indicateurs", dep.code)
    millions = dep.population / 1e6
    for code, per_million in INDICATORS_PER_MILLION.items():
        final = round(millions * per_million * rng.uniform(0.6, 1.4))
        if code == "aidants" and dep.code == EURE_ET_LOIR:
            final = EURE_ET_LOIR_AIDANTS
        start_share = rng.uniform(0.35, 0.75)
        for day, value in zip(SNAPSHOT_DATES, _growth(final, start_share, rng), strict=True):
            state.add(
                "indicateur_releve",
                {
                    "indicateur": code,
                    "date": day,
                    "code_departement": dep.code,
                    "valeur": value,
                    "source": DEMO_SOURCE,
                },
            )
        if code == "accompagnes":
            _breakdowns(state, dep, final, rng)


def _growth(final: int, start_share: float, rng: random.Random) -> list[int]:
    """Values on the snapshot dates, rising unevenly from ``start_share`` of ``final`` to ``final``."""
    steps = [rng.uniform(0.4, 1.6) for _ in SNAPSHOT_DATES[1:]]
    total = sum(steps)
    start = round(final * start_share)
    values, running = [start], 0.0
    for step in steps:
        running += step
        values.append(start + round((final - start) * running / total))
    return values


def _breakdowns(state: DemoState, dep: GeoDepartement, users: int, rng: random.Random) -> None:
    day = SNAPSHOT_DATES[-1]
    rows = {("total", "accompagnements"): round(users * rng.uniform(1.3, 1.7))}
    themes = {category: rng.uniform(0.3, 1.7) for category in BREAKDOWNS["themes"][1]}
    for dimension, weights in [("themes", themes), *BREAKDOWN_WEIGHTS.items()]:
        total = sum(weights.values())
        for category, weight in weights.items():
            rows[(dimension, category)] = round(users * weight / total * rng.uniform(0.85, 1.15))
    for (dimension, category), value in rows.items():
        state.add(
            "indicateur_detail",
            {
                "indicateur": "accompagnes",
                "date": day,
                "code_departement": dep.code,
                "dimension": dimension,
                "categorie": category,
                "valeur": value,
            },
        )
