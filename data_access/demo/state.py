"""What the domain builders share: the geography, seeded streams, the rows built so far, and the
decisions earlier sections took that later ones read (a département's stage, its envelope…)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from data_access.demo.geography import GeoEpci, Geography


@dataclass
class DemoState:
    """Every row in memory, with explicit ids so that children need no read-back before the write."""

    geo: Geography
    scale: float
    seed: int
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    sirens: set[str] = field(default_factory=set)
    stages: dict[str, str | None] = field(default_factory=dict)
    """Governance stage per département (None: no governance), decided first."""
    milestones: dict[str, dict[str, date | None]] = field(default_factory=dict)
    coporteurs: dict[str, list[GeoEpci]] = field(default_factory=dict)
    dotations: dict[str, float] = field(default_factory=dict)
    lieux_counts: dict[str, int] = field(default_factory=dict)
    placements: dict[str, int] = field(
        default_factory=lambda: {"coordonnees": 0, "code_insee": 0, "code_postal": 0}
    )

    def rng(self, *parts: object) -> random.Random:
        """An independent stream per section and département: a département's data ignores the others."""
        return random.Random("/".join(map(str, (self.seed, *parts))))

    def next_id(self, table: str) -> int:
        identifier = self.ids.get(table, 0) + 1
        self.ids[table] = identifier
        return identifier

    def add(self, table: str, record: dict[str, object], *, with_id: bool = True) -> int:
        """Append a row; with ``with_id`` it gets the table's next id, which is returned."""
        identifier = 0
        if with_id:
            identifier = self.next_id(table)
            record = {"id": identifier, **record}
        self.rows.setdefault(table, []).append(record)
        return identifier

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))

    def scaled(self, value: float, minimum: int = 1) -> int:
        return max(minimum, round(value * self.scale))

    def fake_siren(self, rng: random.Random, prefix: str = "") -> str:
        """A SIREN not yet used in the demo (prefix 21: commune, 22: département, 23: région)."""
        while True:
            digits = 9 - len(prefix)
            siren = prefix + str(rng.randrange(10 ** (digits - 1), 10**digits))
            if siren not in self.sirens:
                self.sirens.add(siren)
                return siren


def random_day(start: date, rng: random.Random, span_days: int) -> date:
    """A day drawn uniformly in [start, start + span_days]."""
    return start + timedelta(days=rng.randint(0, max(span_days, 0)))


def cumulative(weights: list[float]) -> list[float]:
    """Running sums, for ``rng.choices(cum_weights=…)`` drawn many times from one list."""
    running = 0.0
    result = []
    for weight in weights:
        running += weight
        result.append(running)
    return result
