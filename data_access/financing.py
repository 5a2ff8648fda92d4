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

from data_access.models import Action, Cofinancement, Convention, DemandeSubvention, Departement, Enveloppe
from data_access.read_models import FinancingSummary
from data_access.scope import Territory, departement_filter
from data_access.sql import label_of, read_frame
from data_access.vocabulary import CONVENTION_STATUSES, ENVELOPPE_TYPES

SIGNED_CONVENTIONS = ("signee", "soldee")
"""Conventions that bind money: a convention in preparation or cancelled commits nothing."""
AIDANTS_CONNECT = "formation_aidants_connect"

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


def conventions_per_envelope() -> Subquery:
    """One row per envelope holding conventions: ``enveloppe_id``, ``conventions`` (count, cancelled
    ones excluded), ``conventionne`` (signed amount), ``engage`` and ``verse`` (committed and paid)."""
    signed = Convention.statut.in_(SIGNED_CONVENTIONS)
    return (
        select(
            Convention.enveloppe_id,
            func.count().label("conventions"),
            func.sum(case((signed, Convention.montant), else_=0)).label("conventionne"),
            func.sum(case((signed, Convention.montant_engage), else_=0)).label("engage"),
            func.sum(case((signed, Convention.montant_verse), else_=0)).label("verse"),
        )
        .where(Convention.statut != "annulee")
        .group_by(Convention.enveloppe_id)
        .subquery("conventions_par_enveloppe")
    )


def envelopes(engine: Engine, territory: Territory) -> pd.DataFrame:
    """State envelopes of the scope, one row per département × type × year, with the type in French
    and the money followed through: ``conventions``, ``conventionne``, ``engage``, ``verse`` (0 without
    convention), ``taux_prise_en_charge`` (engineering contract, %), ``personnes_prevues`` and
    ``personnes_formees`` (Aidants Connect training).

    An EPCI sees the envelopes of its département: they are granted per département.
    """
    followed = conventions_per_envelope()
    statement = (
        select(
            Enveloppe.id.label("enveloppe_id"),
            Enveloppe.code_departement,
            Departement.nom.label("departement"),
            Enveloppe.type,
            case(ENVELOPPE_TYPES, value=Enveloppe.type, else_=Enveloppe.type).label("type_libelle"),
            Enveloppe.libelle,
            Enveloppe.annee,
            Enveloppe.montant,
            Enveloppe.taux_prise_en_charge,
            Enveloppe.personnes_prevues,
            Enveloppe.personnes_formees,
            func.coalesce(followed.c.conventions, 0).label("conventions"),
            func.coalesce(followed.c.conventionne, 0).label("conventionne"),
            func.coalesce(followed.c.engage, 0).label("engage"),
            func.coalesce(followed.c.verse, 0).label("verse"),
        )
        .join(Departement, Departement.code == Enveloppe.code_departement)
        .outerjoin(followed, followed.c.enveloppe_id == Enveloppe.id)
        .where(departement_filter(territory, Enveloppe.code_departement))
        .order_by(Enveloppe.code_departement, Enveloppe.type, Enveloppe.annee)
    )
    return read_frame(engine, statement)


def conventions(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Conventions of the scope, by envelope then signature date: ``reference``, ``code_departement``,
    ``enveloppe_id``, ``type_libelle``, ``annee``, ``structure``, ``montant``, ``date_signature``,
    ``statut``, ``statut_libelle``, ``montant_engage``, ``montant_verse``."""
    statement = (
        select(
            Convention.reference,
            Convention.code_departement,
            Convention.enveloppe_id,
            label_of(ENVELOPPE_TYPES, Enveloppe.type).label("type_libelle"),
            Enveloppe.annee,
            Convention.structure,
            Convention.montant,
            Convention.date_signature,
            Convention.statut,
            label_of(CONVENTION_STATUSES, Convention.statut).label("statut_libelle"),
            Convention.montant_engage,
            Convention.montant_verse,
        )
        .join(Enveloppe, Enveloppe.id == Convention.enveloppe_id)
        .where(departement_filter(territory, Convention.code_departement))
        .order_by(
            Convention.code_departement,
            Enveloppe.type,
            Convention.date_signature.asc().nulls_last(),
            Convention.reference,
        )
    )
    return read_frame(engine, statement)


def cofinancers(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Co-financers of the scope's actions by name: ``financeur``, ``montant`` (sum), ``actions``
    (how many actions they co-finance); largest first."""
    statement = (
        select(
            Cofinancement.financeur,
            func.sum(Cofinancement.montant).label("montant"),
            func.count(func.distinct(Cofinancement.action_id)).label("actions"),
        )
        .join(Action, Action.id == Cofinancement.action_id)
        .where(departement_filter(territory, Action.code_departement))
        .group_by(Cofinancement.financeur)
        .order_by(func.sum(Cofinancement.montant).desc(), Cofinancement.financeur)
    )
    return read_frame(engine, statement)


def followed_through_statement(territory: Territory) -> Select:
    """Totals of the money followed through: signed, committed and paid; Aidants Connect trainees.

    One scalar subquery per figure: conventions and envelopes are separate tables, and a join
    between them would repeat each envelope once per convention.
    """
    signed = Convention.statut.in_(SIGNED_CONVENTIONS)
    in_conventions = departement_filter(territory, Convention.code_departement)
    in_training = (
        departement_filter(territory, Enveloppe.code_departement),
        Enveloppe.type == AIDANTS_CONNECT,
    )

    def signed_sum(column: object) -> object:
        return (
            select(func.coalesce(func.sum(case((signed, column), else_=0)), 0))
            .where(in_conventions)
            .scalar_subquery()
        )

    return select(
        signed_sum(Convention.montant).label("conventionne"),
        signed_sum(Convention.montant_engage).label("engage"),
        signed_sum(Convention.montant_verse).label("verse"),
        select(func.sum(Enveloppe.personnes_prevues))
        .where(*in_training)
        .scalar_subquery()
        .label("aidants_prevus"),
        select(func.sum(Enveloppe.personnes_formees))
        .where(*in_training)
        .scalar_subquery()
        .label("aidants_formes"),
    )


def financing_summary(engine: Engine, territory: Territory) -> FinancingSummary:
    """The money of the scope, for the synthesis and roadmap pages.

    Pending subsidy requests are not counted as secured money: they may be refused. The envelopes
    are followed through their signed conventions: amounts signed, committed and paid.
    """
    total_envelopes = (
        select(func.coalesce(func.sum(Enveloppe.montant), 0))
        .where(departement_filter(territory, Enveloppe.code_departement))
        .scalar_subquery()
    )
    statement = action_money_statement(territory).add_columns(total_envelopes.label("enveloppes_etat"))
    with engine.connect() as connection:
        row = connection.execute(statement).mappings().one()
        followed = connection.execute(followed_through_statement(territory)).mappings().one()
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
        montant_conventionne=float(followed["conventionne"]),
        montant_engage=float(followed["engage"]),
        montant_verse=float(followed["verse"]),
        aidants_prevus=None if followed["aidants_prevus"] is None else int(followed["aidants_prevus"]),
        aidants_formes=None if followed["aidants_formes"] is None else int(followed["aidants_formes"]),
    )
