"""The trajectory of an indicator to its 2027 target: a projection, never a forecast.

At the pace of the recent snapshots (those of the last twelve months before the
latest one), in which year would the target be reached; and which monthly pace
would reach it by the deadline. Pure functions of the snapshots, so that every
screen (synthèse, page, COPIL, brief) says the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from data_access.indicators import DEADLINE, IndicatorPoint
from data_access.lieux import months_before

DAYS_PER_MONTH = 365.25 / 12
RECENT_MONTHS = 12
HORIZON_YEAR = 2100
"""Beyond it a year means nothing: the projection says « au-delà de 2100 »."""


@dataclass(frozen=True)
class Projection:
    """``rythme_mensuel``: recent gain per month (``None`` with fewer than two snapshots);
    ``annee_atteinte``: year the target is reached at that pace (``None``: not by ``HORIZON_YEAR``);
    ``rythme_necessaire``: gain per month needed to reach it by ``echeance`` (``None`` once reached
    or past the deadline)."""

    atteint: bool
    rythme_mensuel: float | None
    annee_atteinte: int | None
    rythme_necessaire: float | None
    echeance: date


def recent_points(points: Sequence[IndicatorPoint]) -> list[IndicatorPoint]:
    """The snapshots of the twelve months up to the latest one."""
    if not points:
        return []
    start = months_before(points[-1].date, RECENT_MONTHS)
    return [point for point in points if point.date >= start]


def project(points: Sequence[IndicatorPoint], target: float | None, deadline: date = DEADLINE) -> Projection:
    """The projection of ``points`` (in date order) to ``target``."""
    if not points or not target:
        return Projection(False, None, None, None, deadline)
    last = points[-1]
    reached = last.valeur >= target
    recent = recent_points(points)
    pace: float | None = None
    if len(recent) >= 2 and recent[-1].date > recent[0].date:
        days = (recent[-1].date - recent[0].date).days
        pace = (recent[-1].valeur - recent[0].valeur) / days * DAYS_PER_MONTH
    year: int | None = last.date.year if reached else None
    if not reached and pace is not None and pace > 0:
        months = (target - last.valeur) / pace
        if last.date.year + months / 12 < HORIZON_YEAR:
            year = (last.date + timedelta(days=months * DAYS_PER_MONTH)).year
    needed: float | None = None
    months_left = (deadline - last.date).days / DAYS_PER_MONTH
    if not reached and months_left > 0:
        needed = (target - last.valeur) / months_left
    return Projection(reached, pace, year, needed, deadline)
