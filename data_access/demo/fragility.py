"""Demo indice de fragilité numérique: five sub-scores per commune, population-weighted per EPCI."""

from __future__ import annotations

import math
import random

from data_access.demo.state import DemoState


def build(state: DemoState) -> None:
    """Five sub-scores per commune (rural and older communes more fragile), total = their mean;
    EPCI = population-weighted mean of their communes."""
    offsets: dict[str, list[float]] = {}
    for dep in state.geo.departements:
        rng = state.rng("ifn-departement", dep.code)
        overseas = len(dep.code) == 3
        offsets[dep.code] = [
            rng.gauss(0, 1.5) + (1.5 if overseas else 0),
            rng.gauss(0, 1.0),
            rng.gauss(0, 1.2) + (3.5 if overseas else 0),
            rng.gauss(0, 1.0) - (2.5 if overseas else 0),
            rng.gauss(0, 1.0) + (2.0 if overseas else 0),
        ]
    counted = {commune.code for communes in state.geo.communes.values() for commune in communes}
    sums: dict[str, list[float]] = {}
    streams: dict[str, random.Random] = {}
    for commune in state.geo.all_communes:
        if commune.code_departement not in streams:
            streams[commune.code_departement] = state.rng("ifn", commune.code_departement)
        rng = streams[commune.code_departement]
        urban = min(1.0, max(0.0, (math.log10(commune.population + 1) - 2.3) / 2.5))
        offset = offsets.get(commune.code_departement, [0.0] * 5)
        raw = [
            8.0 - 7.0 * urban + offset[0] + rng.gauss(0, 1.5),
            7.5 - 3.0 * urban + offset[1] + rng.gauss(0, 1.2),
            4.2 + 2.0 * urban + offset[2] + rng.gauss(0, 1.8),
            7.0 - 4.0 * urban + offset[3] + rng.gauss(0, 1.8),
            6.2 - 1.0 * urban + offset[4] + rng.gauss(0, 1.8),
        ]
        scores = [round(min(10.0, max(0.0, value)), 1) for value in raw]
        total = round(sum(scores) / len(scores), 2)
        state.add("ifn_commune", {"code_insee": commune.code, **scores_record(scores, total)}, with_id=False)
        if commune.code_epci and commune.code in counted:
            weight = float(max(commune.population, 1))
            accumulated = sums.setdefault(commune.code_epci, [0.0] * 7)
            for index, value in enumerate([*scores, total]):
                accumulated[index] += weight * value
            accumulated[6] += weight
    for code in sorted(sums):
        accumulated = sums[code]
        means = [round(value / accumulated[6], 2) for value in accumulated[:6]]
        state.add("ifn_epci", {"code_epci": code, **scores_record(means[:5], means[5])}, with_id=False)


def scores_record(values: list[float], total: float) -> dict[str, float]:
    names = ("no_thd_coverage_rate", "no_4g_coverage_rate", "poverty_rate", "older_65_rate", "nscol15p_rate")
    return {**dict(zip(names, values, strict=True)), "total": total}
