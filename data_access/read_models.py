"""What the read functions return: the headline summaries as frozen dataclasses.

Pages, the COPIL mode, the brief and the comparison read these attributes instead of
indexing dicts by string, so a typo is caught by the type checker and the editor leads
from a page to the field's definition. Every field is documented here, once. The columns
of the DataFrames the read functions return are documented in ``data_access.frames``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class CandidatureSummary:
    """Headline candidature figures of a territory (``candidatures.candidature_summary``)."""

    total: int
    """Standing (non-cancelled) candidatures."""
    porter: int
    """Standing candidatures whose intention is to carry the governance."""
    participer: int
    """Standing candidatures whose intention is to take part."""
    sans_date_envoi: int
    """Standing candidatures without a sending date."""
    annulees: int
    """Cancelled candidatures."""
    epci: int
    """EPCI of the scope."""
    epci_inscrits: int
    """EPCI named by a standing candidature."""
    part_epci: float | None
    """``epci_inscrits / epci`` (0–1); ``None`` without EPCI."""


@dataclass(frozen=True)
class EpciCoverage:
    """EPCI of a territory, and those a standing candidature names (``candidatures.epci_coverage``)."""

    epci: int
    """EPCI of the scope."""
    inscrits: int
    """EPCI named by a standing candidature."""

    @property
    def part(self) -> float | None:
        """Share of EPCI inscrits (``None`` when the territory has no EPCI)."""
        return self.inscrits / self.epci if self.epci else None


@dataclass(frozen=True)
class FinancingSummary:
    """The money of a scope (``financing.financing_summary``), in euros."""

    enveloppes_etat: float
    """State envelopes granted to the départements of the scope."""
    budget_actions: float
    """Sum of the actions' global budgets."""
    cofinancements: float
    """Sum of the co-financings of those actions."""
    subventions_demandees: float
    """Subsidies requested and not refused."""
    subventions_acceptees: float
    """Subsidies accepted."""
    financement_engage: float
    """Money actually secured: accepted subsidies + co-financings (pending requests may be refused)."""
    taux_financement: float | None
    """``financement_engage / budget_actions`` (0–1); ``None`` without any budget."""
    reste_enveloppes: float
    """Envelopes minus subsidies requested: what is left to request."""
    montant_conventionne: float = 0.0
    """Envelopes passed on in signed conventions (signed or settled)."""
    montant_engage: float = 0.0
    """Amounts committed under those conventions."""
    montant_verse: float = 0.0
    """Amounts paid under those conventions."""
    aidants_prevus: int | None = None
    """Aidants Connect trainees the training credits pay for; ``None`` without a training envelope."""
    aidants_formes: int | None = None
    """Aidants Connect trainees trained so far."""


@dataclass(frozen=True)
class FragilitySummary:
    """Headline digital-fragility figures of a territory (``fragility.fragility_summary``)."""

    ifn_moyen: float | None
    """IFN (0–10) of the communes, weighted by population; ``None`` without any IFN."""
    communes_avec_ifn: int
    """Communes of the scope that have an IFN."""
    communes_fragiles: int
    """Communes whose IFN reaches the threshold."""
    communes_fragiles_sans_lieu: int
    """Fragile communes without a lieu within the radius."""
    population_fragile_sans_lieu: int
    """Inhabitants of those communes."""


@dataclass(frozen=True)
class GovernanceSummary:
    """Headline governance figures of a territory (``governance.governance_summary``)."""

    departements: int
    """Départements in the scope."""
    etape: str | None
    """Stage code of the département (at EPCI level: its attached one); ``None`` above."""
    etape_libelle: str | None
    """French label of ``etape``."""
    par_etape: dict[str, int]
    """Départements per stage code, every stage in order (zero included)."""
    formalisees: int
    """Départements at stage ``formalisee`` or beyond."""
    part_formalisees: float | None
    """``formalisees / departements`` (0–1); ``None`` without département."""
    feuilles_adoptees: int
    """Départements at stage ``feuille_adoptee`` or ``mise_en_oeuvre``."""


@dataclass(frozen=True)
class LieuxSummary:
    """Headline figures of the lieux of a territory (``lieux.lieux_summary``)."""

    lieux: int
    """Lieux recorded in the scope."""
    objectif: int | None
    """Target number of lieux (local, else the national share); ``None`` at EPCI level."""
    progression: float | None
    """``lieux / objectif`` (0–1 and beyond); ``None`` without a target."""
    part_a_jour: float | None
    """Share (0–1) of lieux updated within six months; ``None`` without lieu."""
    population: int | None
    """Inhabitants of the scope; ``None`` when unknown."""
    lieux_pour_10000: float | None
    """Lieux per 10 000 inhabitants; ``None`` without population."""
    dernier_releve: date | None
    """Date of the last snapshot of the number of lieux."""


@dataclass(frozen=True)
class RoadmapSummary:
    """Headline roadmap figures of a territory (``roadmaps.roadmap_summary``)."""

    feuilles: int
    """Roadmaps of the scope."""
    actions: int
    """Actions of those roadmaps."""
    avancement_moyen: float | None
    """Mean percent done (0–100) over all actions; ``None`` without action."""
    part_terminees: float | None
    """Share (0–1) of finished actions; ``None`` without action."""
    actions_en_retard: int
    """Actions past their end date and not finished."""


@dataclass(frozen=True)
class BudgetSummary:
    """Money of the actions of a scope (``roadmaps.budget_summary``): totals, and per axis for a chart."""

    budget_global: float
    """Sum of the actions' global budgets."""
    cofinancements: float
    """Sum of their co-financings."""
    subventions_demandees: float
    """Subsidies requested and not refused."""
    subventions_acceptees: float
    """Subsidies accepted."""
    par_axe: pd.DataFrame
    """The same per axis (columns in ``data_access.frames``)."""


@dataclass(frozen=True)
class ActionDetail:
    """One action as a referent reads it (``roadmaps.action_detail``): the imported fields the tables
    leave out."""

    reference: str
    nom: str
    feuille: str
    """Name of its roadmap."""
    porteur: str | None
    contexte: str | None
    description: str | None
    besoins: tuple[str, ...]
    """Needs, as French labels."""
    contrat_preexistant: str | None
    """The pre-existing contract its roadmap builds on (CRTE, SDUN, SDIN…), as shown."""
    cofinanceurs: tuple[tuple[str, float], ...]
    """Co-financers by name and amount (euros), largest first."""
