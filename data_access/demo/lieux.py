"""Demo lieux de médiation numérique and the quarterly counts (snapshots) that lead to them."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace
from datetime import date, timedelta

from data_access.demo.geography import GeoCommune, GeoDepartement, outline_anchor
from data_access.demo.settings import (
    DEMO_SOURCE,
    DEMO_TODAY,
    EURE_ET_LOIR,
    EURE_ET_LOIR_SNAPSHOTS,
    LIEUX_PER_MILLION,
    SNAPSHOT_DATES,
)
from data_access.demo.state import DemoState, cumulative
from data_access.demo.texts import (
    LABEL_AIDANTS_CONNECT,
    LABEL_CONSEILLERS,
    LABEL_FRANCE_SERVICES,
    LIEU_KINDS,
    LIEU_SERVICES,
    SITE_SUFFIXES,
    STREETS,
    of_place,
)
from data_access.vocabulary import NATIONAL_LABELS


def build(state: DemoState, dep: GeoDepartement) -> None:
    """Lieux placed around the communes (weighted by population) and the snapshots leading to them."""
    rng = state.rng("lieux", dep.code)
    communes = [
        commune
        for commune in state.geo.communes[dep.code]
        if commune.latitude is not None and commune.longitude is not None
    ]
    if not communes and state.geo.communes[dep.code] and (anchor := outline_anchor(dep.code)):
        communes = [
            replace(commune, latitude=anchor[0], longitude=anchor[1])
            for commune in state.geo.communes[dep.code]
        ]
    if dep.code == EURE_ET_LOIR:
        count = max(round(dep.population / 1e6 * 440 * state.scale), EURE_ET_LOIR_SNAPSHOTS[date(2024, 4, 1)])
    else:
        factor = rng.uniform(0.65, 1.45)
        count = state.scaled(dep.population / 1e6 * LIEUX_PER_MILLION * factor, 4)
    if not communes:
        count = 0
    state.lieux_counts[dep.code] = count
    if count:
        weights = cumulative([(commune.population + 1) ** 0.85 for commune in communes])
        kinds = cumulative([kind.weight for kind in LIEU_KINDS])
        names: set[tuple[str, str]] = set()
        for number in range(1, count + 1):
            commune = rng.choices(communes, cum_weights=weights)[0]
            state.add("lieu", _lieu(state, rng, dep, commune, number, kinds, names), with_id=False)
    _snapshots(state, dep, count, rng)


def _lieu(
    state: DemoState,
    rng: random.Random,
    dep: GeoDepartement,
    commune: GeoCommune,
    number: int,
    kind_weights: list[float],
    names: set[tuple[str, str]],
) -> dict[str, object]:
    kind = rng.choices(LIEU_KINDS, cum_weights=kind_weights)[0]
    nom = kind.pattern.format(de=of_place(commune.nom))
    if (commune.code, nom) in names:
        nom = f"{nom} – {rng.choice(SITE_SUFFIXES)} {number}"
    names.add((commune.code, nom))
    labels = set(kind.labels)
    if rng.random() < kind.conseiller:
        labels.add(LABEL_CONSEILLERS)
    if rng.random() < kind.aidants:
        labels.add(LABEL_AIDANTS_CONNECT)
    services = [service for service in LIEU_SERVICES if rng.random() < 0.4] or [LIEU_SERVICES[1]]
    if LABEL_FRANCE_SERVICES in labels and LIEU_SERVICES[0] not in services:
        services.insert(0, LIEU_SERVICES[0])
    draw = rng.random()
    latitude, longitude = float(commune.latitude or 0), float(commune.longitude or 0)
    if draw < 0.97:
        placement = "coordonnees"
        distance = 1.8 * math.sqrt(rng.random())  # km, uniform in a disc
        angle = rng.uniform(0, 2 * math.pi)
        latitude = round(latitude + distance * math.sin(angle) / 111.2, 6)
        longitude = round(
            longitude + distance * math.cos(angle) / (111.2 * math.cos(math.radians(latitude))), 6
        )
    else:
        placement = "code_insee" if draw < 0.995 or commune.postcode is None else "code_postal"
    state.placements[placement] += 1
    updated = None
    if rng.random() >= 0.02:
        band = rng.choices([(31, 180), (181, 365), (366, 545), (546, 1000)], weights=[35, 25, 20, 20])[0]
        updated = DEMO_TODAY - timedelta(days=rng.randint(*band))
    return {
        "id": f"demo-{dep.code.lower()}-{number:05d}",
        "pivot": str(rng.randrange(10**13, 10**14)),
        "nom": nom[:300],
        "adresse": f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
        "commune": commune.nom,
        "code_postal": commune.postcode,
        "code_insee": commune.code,
        "code_departement": dep.code,
        "latitude": latitude,
        "longitude": longitude,
        "placement": placement,
        "typologie": kind.typologie,
        "labels_nationaux": "|".join(label for label in NATIONAL_LABELS if label in labels) or None,
        "services": "|".join(services),
        "source": DEMO_SOURCE,
        "date_maj": updated,
    }


def _snapshots(state: DemoState, dep: GeoDepartement, count: int, rng: random.Random) -> None:
    """Quarterly counts growing to the current one (the last snapshot equals the lieux rows)."""
    fixed = dict(EURE_ET_LOIR_SNAPSHOTS) if dep.code == EURE_ET_LOIR else {}
    fixed[SNAPSHOT_DATES[-1]] = count
    if SNAPSHOT_DATES[0] not in fixed:
        fixed[SNAPSHOT_DATES[0]] = round(count * rng.uniform(0.55, 0.75))
    anchors = sorted(fixed.items())
    values: dict[date, int] = {}
    for (start_day, start_value), (end_day, end_value) in itertools.pairwise(anchors):
        steps = [day for day in SNAPSHOT_DATES if start_day <= day <= end_day]
        increments = [rng.uniform(0.5, 1.5) for _ in steps[1:]]
        total = sum(increments) or 1
        running = 0.0
        values[start_day] = start_value
        for day, increment in zip(steps[1:], increments, strict=True):
            running += increment
            values[day] = start_value + round((end_value - start_value) * running / total)
    for day in SNAPSHOT_DATES:
        state.add(
            "lieux_snapshot",
            {"date": day, "code_departement": dep.code, "nombre": values[day], "source": DEMO_SOURCE},
        )
