"""Everything a COPIL of one département looks at, gathered once from the read modules.

The COPIL mode, the PDF and PPTX briefs and their tests share this one object, read at one
reference date (the store's: today, or the date a demo dataset describes), so the figures
projected in the room, the ones in the minutes' annex and the ones the pages show cannot drift
apart. It opens with what became of the last meeting's decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from data_access import candidatures, financing, fragility, governance, lieux, meetings, roadmaps, store_info
from data_access.governance import GovernanceDetail
from data_access.indicators import IndicatorSummary, indicator_summaries
from data_access.meetings import DecisionFollowUp
from data_access.read_models import (
    CandidatureSummary,
    FinancingSummary,
    FragilitySummary,
    LieuxSummary,
    RoadmapSummary,
)
from data_access.scope import Territory

LATE_STATUSES = ("en_retard", "manquant")
REFRESH_BAND = "a_rafraichir"


@dataclass(frozen=True)
class CopilBrief:
    """The figures of one département at a date; frames keep the read modules' columns."""

    code: str
    nom: str
    territory: Territory
    """What the figures cover: the département, or the EPCI of a viewer held to one."""
    today: date
    detail: GovernanceDetail
    candidatures: CandidatureSummary
    lieux: LieuxSummary
    lieux_evolution: pd.DataFrame
    lieux_a_rafraichir: int
    fragilite: FragilitySummary
    feuille_de_route: RoadmapSummary
    progression_par_axe: pd.DataFrame
    financements: FinancingSummary
    enveloppes: pd.DataFrame
    conventions: pd.DataFrame
    cofinanceurs: pd.DataFrame
    suivi_decisions: DecisionFollowUp | None
    jalons: pd.DataFrame
    jalons_en_retard: pd.DataFrame
    actions_en_retard: pd.DataFrame
    sources: pd.DataFrame
    objectifs_nationaux: tuple[IndicatorSummary, ...] = ()
    """The département's contribution to the national targets (``indicator_summaries``)."""

    @property
    def derniere_reunion(self) -> dict[str, object] | None:
        """The most recent comité meeting (date, comité, conclusions, decisions…), if any."""
        if self.detail.reunions.empty:
            return None
        return self.detail.reunions.iloc[0].to_dict()


def copil_brief(engine: Engine, territory: Territory, today: date | None = None) -> CopilBrief | None:
    """Gather the brief of a département (``territory`` at département level) at ``today``, the
    store's reference date by default; ``None`` for an unknown département or one the reader may
    not reach."""
    today = today or store_info.reference_date(engine)
    detail = governance.departement_detail(engine, territory)
    if detail is None:
        return None
    lateness = governance.milestone_lateness(engine, territory, today)
    bands = lieux.freshness_bands(engine, territory, today)
    return CopilBrief(
        code=detail.code,
        nom=detail.nom,
        territory=territory,
        today=today,
        detail=detail,
        candidatures=candidatures.candidature_summary(engine, territory),
        lieux=lieux.lieux_summary(engine, territory, today),
        lieux_evolution=lieux.snapshot_evolution(engine, territory),
        lieux_a_rafraichir=int(bands.loc[bands["bande"] == REFRESH_BAND, "lieux"].sum()),
        fragilite=fragility.fragility_summary(engine, territory),
        feuille_de_route=roadmaps.roadmap_summary(engine, territory, today),
        progression_par_axe=roadmaps.progress_by_axis(engine, territory),
        financements=financing.financing_summary(engine, territory),
        enveloppes=financing.envelopes(engine, territory),
        conventions=financing.conventions(engine, territory),
        cofinanceurs=financing.cofinancers(engine, territory),
        suivi_decisions=meetings.last_meeting_follow_up(engine, territory, today),
        jalons=lateness,
        jalons_en_retard=lateness[lateness["statut"].isin(LATE_STATUSES)].reset_index(drop=True),
        actions_en_retard=roadmaps.overdue_actions(engine, territory, today),
        sources=store_info.source_freshness(engine),
        objectifs_nationaux=indicator_summaries(engine, territory),
    )
