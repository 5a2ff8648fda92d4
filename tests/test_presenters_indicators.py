"""The sentences of the national targets: projection labelled as such, proxies, French numbers."""

from __future__ import annotations

from datetime import date

from dashboard.formatting import fr_number, fr_percent
from dashboard.presenters.indicators import projection_text, target_card
from data_access.indicators import BY_CODE, IndicatorPoint, IndicatorSummary
from data_access.projection import Projection

S = fr_number(1000)[1]
"""The digit-group separator of French numbers."""


def summary(code: str, points: list[tuple[date, int]], objectif: float | None) -> IndicatorSummary:
    evolution = tuple(IndicatorPoint(day, value) for day, value in points)
    return IndicatorSummary(BY_CODE[code], evolution[-1].valeur, objectif, 0, evolution[-1].date, evolution)


def test_card_of_people_accompanied_with_proxy_trend_and_projection():
    card = target_card(
        summary("accompagnes", [(date(2024, 1, 1), 1_000_000), (date(2025, 1, 1), 2_000_000)], 8e6)
    )
    assert card.valeur == f"2{S}000{S}000"
    assert card.target_line == f"**{fr_percent(0.25, 1)}** de l'objectif de {fr_number(8_000_000)}"
    assert card.tendance == f"+1{S}000{S}000 depuis le relevé du 1er janvier 2024"
    assert card.source.startswith("Données du 1er janvier 2025 – Comptes rendus d'activité")
    assert card.proxy.startswith("Approché par les usagers des comptes rendus d'activité")
    assert card.projection.startswith(f"Projection : au rythme des relevés récents (+83{S}")
    assert "l'objectif serait atteint en 2031" in card.projection


def test_conseillers_have_no_target_line():
    card = target_card(summary("conseillers", [(date(2023, 4, 5), 3922)], None))
    assert (card.target_line, card.part, card.projection) == (
        None,
        None,
        "Suivi sans objectif national chiffré.",
    )


def test_projection_sentences():
    deadline = date(2027, 12, 31)
    assert projection_text(Projection(True, 5.0, 2025, None, deadline), "lieux") == (
        "Projection : objectif déjà atteint (échéance 31 décembre 2027)."
    )
    slow = projection_text(Projection(False, 0.3, None, 2.0, deadline), "lieux")
    assert "(+0,3 lieux par mois), l'objectif serait atteint au-delà de 2100" in slow
    assert "il faudrait +2,0 lieux par mois pour l'atteindre au 31 décembre 2027" in slow
    flat = projection_text(Projection(False, 0.0, None, 3.0, deadline), "lieux")
    assert "l'objectif ne serait jamais atteint" in flat
    single = projection_text(Projection(False, None, None, 12.0, deadline), "aidants")
    assert "un seul relevé, pas encore de rythme mesurable" in single
