"""Read functions about money: State envelopes, co-financings and subsidy requests of actions.

Each action may have several co-financings and several subsidy requests. Joining
both tables to the action at once would multiply the rows (2 co-financings × 2
requests = 4 rows, each amount counted twice), so each is first summed per action
in its own grouped subquery (``cofinancement_per_action``, ``subventions_per_action``),
one row per action, and only then joined. Everything is aggregated in SQL.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Select, Subquery, case, func, select

from data_access.models import Action, Cofinancement, DemandeSubvention, Departement, Enveloppe
from data_access.read_models import FinancingSummary
from data_access.scope import Territory, departement_filter
from data_access.sql import read_frame
from data_access.vocabulary import ENVELOPPE_TYPES

REFUSED = "refusee"
ACCEPTED = "acceptee"


def cofinancement_per_action() -> Subquery:
    """One row per action holding co-financings: ``action_id``, ``cofinancement`` (sum of amounts)."""
    return (
        select(Cofinancement.action_id, func.sum(Cofinancement.montant).label("cofinancement"))
        .group_by(Cofinancement.action_id)
        .subquery("cofinancement_par_action")
    )


SUBVENTION_RANKS: dict[str, int] = {REFUSED: 1, "deposee": 2, "enCours": 3, ACCEPTED: 4}
"""How far a request went: when an action has several, the furthest one is its « statut »."""


def subventions_per_action() -> Subquery:
    """One row per action holding subsidy requests.

    ``demandee`` sums requests that are still alive or granted (déposée, en cours
    d'instruction, acceptée): a refused request no longer draws on the envelope.
    ``acceptee`` sums the granted ones; ``rang`` is the furthest status reached
    (see ``SUBVENTION_RANKS``); ``demandes`` counts requests, refused ones included.
    """
    return (
        select(
            DemandeSubvention.action_id,
            func.sum(case((DemandeSubvention.statut != REFUSED, DemandeSubvention.montant), else_=0)).label(
                "demandee"
            ),
            func.sum(case((DemandeSubvention.statut == ACCEPTED, DemandeSubvention.montant), else_=0)).label(
                "acceptee"
            ),
            func.max(case(SUBVENTION_RANKS, value=DemandeSubvention.statut, else_=0)).label("rang"),
            func.count().label("demandes"),
        )
        .group_by(DemandeSubvention.action_id)
        .subquery("subventions_par_action")
    )


def action_money_statement(territory: Territory) -> Select:
    """Totals over the actions of the scope: budgets, co-financings, subsidies requested and accepted."""
    cofinancements = cofinancement_per_action()
    subventions = subventions_per_action()
    return (
        select(
            func.coalesce(func.sum(Action.budget_global), 0).label("budget_actions"),
            func.coalesce(func.sum(cofinancements.c.cofinancement), 0).label("cofinancements"),
            func.coalesce(func.sum(subventions.c.demandee), 0).label("subventions_demandees"),
            func.coalesce(func.sum(subventions.c.acceptee), 0).label("subventions_acceptees"),
        )
        .select_from(Action)
        .outerjoin(cofinancements, cofinancements.c.action_id == Action.id)
        .outerjoin(subventions, subventions.c.action_id == Action.id)
        .where(departement_filter(territory, Action.code_departement))
    )


def envelopes(engine: Engine, territory: Territory) -> pd.DataFrame:
    """State envelopes of the scope, one row per département × type × year, with the type in French.

    An EPCI sees the envelopes of its département: they are granted per département.
    """
    statement = (
        select(
            Enveloppe.code_departement,
            Departement.nom.label("departement"),
            Enveloppe.type,
            case(ENVELOPPE_TYPES, value=Enveloppe.type, else_=Enveloppe.type).label("type_libelle"),
            Enveloppe.libelle,
            Enveloppe.annee,
            Enveloppe.montant,
        )
        .join(Departement, Departement.code == Enveloppe.code_departement)
        .where(departement_filter(territory, Enveloppe.code_departement))
        .order_by(Enveloppe.code_departement, Enveloppe.type, Enveloppe.annee)
    )
    return read_frame(engine, statement)


def financing_summary(engine: Engine, territory: Territory) -> FinancingSummary:
    """The money of the scope, for the synthesis and roadmap pages.

    Pending subsidy requests are not counted as secured money: they may be refused.
    """
    total_envelopes = (
        select(func.coalesce(func.sum(Enveloppe.montant), 0))
        .where(departement_filter(territory, Enveloppe.code_departement))
        .scalar_subquery()
    )
    statement = action_money_statement(territory).add_columns(total_envelopes.label("enveloppes_etat"))
    with engine.connect() as connection:
        row = connection.execute(statement).mappings().one()
    values = {name: float(value) for name, value in row.items()}
    engaged = values["subventions_acceptees"] + values["cofinancements"]
    budget = values["budget_actions"]
    return FinancingSummary(
        enveloppes_etat=values["enveloppes_etat"],
        budget_actions=budget,
        cofinancements=values["cofinancements"],
        subventions_demandees=values["subventions_demandees"],
        subventions_acceptees=values["subventions_acceptees"],
        financement_engage=engaged,
        taux_financement=engaged / budget if budget else None,
        reste_enveloppes=values["enveloppes_etat"] - values["subventions_demandees"],
    )
