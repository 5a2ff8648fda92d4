"""Read functions of the « Feuille de route » page: roadmaps, axes, actions, progress and budgets.

Roadmaps, axes and actions belong to a département (``code_departement``); an
EPCI scope shows the roadmap of its département (``departement_filter``). Axes
are local to one roadmap, so at national or régional level the axes of two
roadmaps are two rows even when they share a number or a name. Amounts of
co-financings and subsidies are summed per action before any join (see
``financing``), so that an action with both is never counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    Select,
    and_,
    case,
    cast,
    distinct,
    false,
    func,
    select,
    true,
)

from data_access.financing import (
    SUBVENTION_RANKS,
    action_money_statement,
    cofinancement_per_action,
    subventions_per_action,
)
from data_access.importers.roadmaps import CONTRATS, PERIMETRES_FEUILLE
from data_access.models import Action, Axe, Cofinancement, Departement, FeuilleDeRoute, Region
from data_access.read_models import ActionDetail, BudgetSummary, RoadmapSummary
from data_access.scope import Territory, departement_filter
from data_access.sql import label_of, read_frame
from data_access.vocabulary import ACTION_STATUSES, BESOINS, SUBVENTION_STATUSES

CLOSED_STATUSES = ("terminee", "abandonnee")
"""An action in one of these statuses can no longer be late."""


def _feuilles_in_scope(territory: Territory) -> ColumnElement[bool]:
    return departement_filter(territory, FeuilleDeRoute.code_departement)


def _actions_in_scope(territory: Territory) -> ColumnElement[bool]:
    return departement_filter(territory, Action.code_departement)


def is_overdue(today: date) -> ColumnElement[bool]:
    """An action is late when its end date is past and it is neither finished nor abandoned."""
    return and_(Action.date_fin.is_not(None), Action.date_fin < today, Action.statut.not_in(CLOSED_STATUSES))


def _status_count(status: str) -> ColumnElement[int]:
    """``SUM(CASE …)``: actions of one status; 0 (not NULL) for an axis without actions."""
    return func.coalesce(func.sum(case((Action.statut == status, 1), else_=0)), 0)


def _mean_progress() -> ColumnElement[float]:
    """Average percent as a float on both backends (PostgreSQL averages integers as numeric)."""
    return cast(func.avg(Action.avancement), Float)


def roadmaps_list(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Roadmaps of the scope with their number of axes and of actions, by département, and the
    pre-existing contract they build on (CRTE, SDUN…) with its label."""
    statement = (
        select(
            FeuilleDeRoute.id,
            FeuilleDeRoute.reference,
            FeuilleDeRoute.code_departement,
            Departement.nom.label("departement"),
            FeuilleDeRoute.nom,
            FeuilleDeRoute.perimetre,
            case(PERIMETRES_FEUILLE, value=FeuilleDeRoute.perimetre, else_=FeuilleDeRoute.perimetre).label(
                "perimetre_libelle"
            ),
            FeuilleDeRoute.porteur_nom,
            FeuilleDeRoute.date_adoption,
            FeuilleDeRoute.contrat_preexistant,
            label_of(CONTRATS, FeuilleDeRoute.contrat_preexistant).label("contrat_libelle"),
            func.count(distinct(Axe.id)).label("axes"),
            func.count(Action.id).label("actions"),
        )
        .join(Departement, Departement.code == FeuilleDeRoute.code_departement)
        .outerjoin(Axe, Axe.feuille_de_route_id == FeuilleDeRoute.id)
        .outerjoin(Action, Action.axe_id == Axe.id)
        .where(_feuilles_in_scope(territory))
        .group_by(
            FeuilleDeRoute.id,
            FeuilleDeRoute.reference,
            FeuilleDeRoute.code_departement,
            Departement.nom,
            FeuilleDeRoute.nom,
            FeuilleDeRoute.perimetre,
            FeuilleDeRoute.porteur_nom,
            FeuilleDeRoute.date_adoption,
            FeuilleDeRoute.contrat_preexistant,
        )
        .order_by(FeuilleDeRoute.code_departement, FeuilleDeRoute.reference)
    )
    return read_frame(engine, statement)


def _axes_statement(territory: Territory) -> Select:
    """Axes of the scope with their roadmap and département, one row per axis (to group on)."""
    return (
        select(
            FeuilleDeRoute.code_departement,
            Departement.nom.label("departement"),
            FeuilleDeRoute.reference.label("feuille"),
            FeuilleDeRoute.nom.label("feuille_nom"),
            Axe.id.label("axe_id"),
            Axe.numero,
            Axe.nom,
        )
        .select_from(Axe)
        .join(FeuilleDeRoute, FeuilleDeRoute.id == Axe.feuille_de_route_id)
        .join(Departement, Departement.code == FeuilleDeRoute.code_departement)
        .where(_feuilles_in_scope(territory))
        .group_by(
            FeuilleDeRoute.code_departement,
            Departement.nom,
            FeuilleDeRoute.reference,
            FeuilleDeRoute.nom,
            Axe.id,
            Axe.numero,
            Axe.nom,
        )
        .order_by(FeuilleDeRoute.code_departement, FeuilleDeRoute.reference, Axe.numero)
    )


def progress_by_axis(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per axis: actions per status (one column per status code), total and mean percent done.

    Columns ``a_lancer``, ``en_cours``, ``terminee``, ``abandonnee`` feed a stacked bar;
    ``avancement_moyen`` is ``NaN`` for an axis without actions (nothing to average).
    """
    statement = (
        _axes_statement(territory)
        .add_columns(
            *(_status_count(status).label(status) for status in ACTION_STATUSES),
            func.count(Action.id).label("actions"),
            _mean_progress().label("avancement_moyen"),
        )
        .outerjoin(Action, Action.axe_id == Axe.id)
    )
    frame = read_frame(engine, statement)
    return frame.astype({status: "int64" for status in [*ACTION_STATUSES, "actions"]}).astype(
        {"avancement_moyen": "float64"}
    )


def progress_by_roadmap(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per roadmap: actions per status and mean percent, for scopes with too many axes to draw one by one."""
    statement = (
        select(
            FeuilleDeRoute.code_departement,
            Departement.nom.label("departement"),
            FeuilleDeRoute.reference.label("feuille"),
            FeuilleDeRoute.nom.label("feuille_nom"),
            *(_status_count(status).label(status) for status in ACTION_STATUSES),
            func.count(Action.id).label("actions"),
            _mean_progress().label("avancement_moyen"),
        )
        .join(Departement, Departement.code == FeuilleDeRoute.code_departement)
        .outerjoin(Axe, Axe.feuille_de_route_id == FeuilleDeRoute.id)
        .outerjoin(Action, Action.axe_id == Axe.id)
        .where(_feuilles_in_scope(territory))
        .group_by(
            FeuilleDeRoute.code_departement, Departement.nom, FeuilleDeRoute.reference, FeuilleDeRoute.nom
        )
        .order_by(FeuilleDeRoute.code_departement, FeuilleDeRoute.reference)
    )
    frame = read_frame(engine, statement)
    return frame.astype({status: "int64" for status in [*ACTION_STATUSES, "actions"]}).astype(
        {"avancement_moyen": "float64"}
    )


def progress_by_region(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per région: roadmaps, actions per status and mean percent, for the national view.

    A national COPIL compares régions; hundreds of axes (or a hundred roadmaps) are no chart.
    """
    statement = (
        select(
            Region.code.label("code_region"),
            Region.nom.label("region"),
            func.count(distinct(FeuilleDeRoute.id)).label("feuilles"),
            *(_status_count(status).label(status) for status in ACTION_STATUSES),
            func.count(Action.id).label("actions"),
            _mean_progress().label("avancement_moyen"),
        )
        .select_from(FeuilleDeRoute)
        .join(Departement, Departement.code == FeuilleDeRoute.code_departement)
        .join(Region, Region.code == Departement.code_region)
        .outerjoin(Axe, Axe.feuille_de_route_id == FeuilleDeRoute.id)
        .outerjoin(Action, Action.axe_id == Axe.id)
        .where(_feuilles_in_scope(territory))
        .group_by(Region.code, Region.nom)
        .order_by(Region.code)
    )
    frame = read_frame(engine, statement)
    return frame.astype({status: "int64" for status in [*ACTION_STATUSES, "actions", "feuilles"]}).astype(
        {"avancement_moyen": "float64"}
    )


def progress_by_status(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Actions of the scope per status: every status is a row (0 when none), in workflow order."""
    statement = select(*(_status_count(status).label(status) for status in ACTION_STATUSES)).where(
        _actions_in_scope(territory)
    )
    with engine.connect() as connection:
        counts = connection.execute(statement).mappings().one()
    return pd.DataFrame(
        {
            "statut": list(ACTION_STATUSES),
            "statut_libelle": list(ACTION_STATUSES.values()),
            "actions": [int(counts[status]) for status in ACTION_STATUSES],
        }
    )


def _actions_statement(territory: Territory, today: date) -> Select:
    """Actions of the scope with their axis, money and lateness; one row per action."""
    cofinancements = cofinancement_per_action()
    subventions = subventions_per_action()
    rank_to_status = {rank: status for status, rank in SUBVENTION_RANKS.items()}
    subvention_statut = case(rank_to_status, value=subventions.c.rang, else_=None)
    return (
        select(
            Action.id.label("action_id"),
            Action.reference,
            Action.code_departement,
            FeuilleDeRoute.reference.label("feuille"),
            Axe.id.label("axe_id"),
            Axe.numero.label("axe_numero"),
            Axe.nom.label("axe_nom"),
            Action.nom.label("action"),
            Action.porteur_nom.label("porteur"),
            Action.date_debut,
            Action.date_fin,
            Action.statut,
            case(ACTION_STATUSES, value=Action.statut, else_=Action.statut).label("statut_libelle"),
            Action.avancement,
            Action.budget_global,
            func.coalesce(cofinancements.c.cofinancement, 0).label("cofinancement"),
            subvention_statut.label("subvention_statut"),
            case(
                {rank: SUBVENTION_STATUSES[status] for rank, status in rank_to_status.items()},
                value=subventions.c.rang,
                else_=None,
            ).label("subvention_statut_libelle"),
            func.coalesce(subventions.c.demandee, 0).label("subvention_demandee"),
            func.coalesce(subventions.c.acceptee, 0).label("subvention_acceptee"),
            case((is_overdue(today), true()), else_=false()).label("en_retard"),
        )
        .select_from(Action)
        .join(Axe, Axe.id == Action.axe_id)
        .join(FeuilleDeRoute, FeuilleDeRoute.id == Axe.feuille_de_route_id)
        .outerjoin(cofinancements, cofinancements.c.action_id == Action.id)
        .outerjoin(subventions, subventions.c.action_id == Action.id)
        .where(_actions_in_scope(territory))
        .order_by(Action.code_departement, FeuilleDeRoute.reference, Axe.numero, Action.reference)
    )


def _actions_frame(engine: Engine, statement: Select) -> pd.DataFrame:
    frame = read_frame(engine, statement)
    return frame.astype({"en_retard": "bool", "avancement": "int64"})


def actions_table(
    engine: Engine,
    territory: Territory,
    axes: Sequence[int] | None = None,
    statuses: Sequence[str] | None = None,
    porteur_query: str | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Actions of the scope, filtered in SQL.

    ``axes``: axis ids to keep; ``statuses``: status codes to keep; ``porteur_query``: part of
    the porteur's name, case-insensitive (``%`` and ``_`` are literal). Money per action:
    ``cofinancement`` (sum of co-financings), ``subvention_demandee`` (requests not refused),
    ``subvention_acceptee``; ``subvention_statut`` is the furthest status of its requests.
    ``en_retard`` says the end date is past ``today`` while the action is not closed.
    """
    statement = _actions_statement(territory, today or date.today())
    if axes:
        statement = statement.where(Action.axe_id.in_([int(axe) for axe in axes]))
    if statuses:
        statement = statement.where(Action.statut.in_(list(statuses)))
    if porteur_query and porteur_query.strip():
        # lowered here too: SQLite's lower() leaves accented capitals (« É ») as they are
        query = porteur_query.strip().lower()
        statement = statement.where(Action.porteur_nom.icontains(query, autoescape=True))
    return _actions_frame(engine, statement)


def overdue_actions(engine: Engine, territory: Territory, today: date | None = None) -> pd.DataFrame:
    """Late actions (see ``is_overdue``), the longest overdue first, with ``jours_de_retard``."""
    today = today or date.today()
    statement = (
        _actions_statement(territory, today)
        .where(is_overdue(today))
        .order_by(None)
        .order_by(Action.date_fin, Action.code_departement, Action.reference)
    )
    frame = _actions_frame(engine, statement)
    frame["jours_de_retard"] = pd.Series(
        [(today - end).days for end in frame["date_fin"]], index=frame.index, dtype="int64"
    )
    return frame


def budget_summary(engine: Engine, territory: Territory) -> BudgetSummary:
    """Budgets, co-financings and subsidies (requested = not refused, accepted), in total and per axis."""
    cofinancements = cofinancement_per_action()
    subventions = subventions_per_action()
    per_axis = (
        _axes_statement(territory)
        .add_columns(
            func.count(Action.id).label("actions"),
            func.coalesce(func.sum(Action.budget_global), 0).label("budget_global"),
            func.coalesce(func.sum(cofinancements.c.cofinancement), 0).label("cofinancements"),
            func.coalesce(func.sum(subventions.c.demandee), 0).label("subventions_demandees"),
            func.coalesce(func.sum(subventions.c.acceptee), 0).label("subventions_acceptees"),
        )
        .outerjoin(Action, Action.axe_id == Axe.id)
        .outerjoin(cofinancements, cofinancements.c.action_id == Action.id)
        .outerjoin(subventions, subventions.c.action_id == Action.id)
    )
    money = ["budget_global", "cofinancements", "subventions_demandees", "subventions_acceptees"]
    frame = read_frame(engine, per_axis).astype({"actions": "int64", **dict.fromkeys(money, "float64")})
    with engine.connect() as connection:
        totals = connection.execute(action_money_statement(territory)).mappings().one()
    return BudgetSummary(
        budget_global=float(totals["budget_actions"]),
        cofinancements=float(totals["cofinancements"]),
        subventions_demandees=float(totals["subventions_demandees"]),
        subventions_acceptees=float(totals["subventions_acceptees"]),
        par_axe=frame,
    )


def roadmap_summary(engine: Engine, territory: Territory, today: date | None = None) -> RoadmapSummary:
    """Headline figures: roadmaps, actions, mean percent done, share finished, late actions.

    ``avancement_moyen`` (0–100) is the mean over all actions, i.e. the axis means weighted by
    their number of actions; it and ``part_terminees`` (0–1) are ``None`` without actions.
    """
    feuilles = select(func.count(FeuilleDeRoute.id)).where(_feuilles_in_scope(territory)).scalar_subquery()
    statement = select(
        feuilles.label("feuilles"),
        func.count(Action.id).label("actions"),
        _mean_progress().label("avancement_moyen"),
        _status_count("terminee").label("terminees"),
        func.coalesce(func.sum(case((is_overdue(today or date.today()), 1), else_=0)), 0).label("en_retard"),
    ).where(_actions_in_scope(territory))
    with engine.connect() as connection:
        row = connection.execute(statement).mappings().one()
    actions = int(row["actions"])
    mean = row["avancement_moyen"]
    return RoadmapSummary(
        feuilles=int(row["feuilles"]),
        actions=actions,
        avancement_moyen=float(mean) if mean is not None else None,
        part_terminees=int(row["terminees"]) / actions if actions else None,
        actions_en_retard=int(row["en_retard"]),
    )


def action_detail(engine: Engine, territory: Territory, reference: str) -> ActionDetail | None:
    """What the actions table leaves out for one action of the scope: its context, description,
    needs (French labels) and co-financers by name; ``None`` for an action outside the scope."""
    statement = (
        select(
            Action.id,
            Action.reference,
            Action.nom,
            Action.porteur_nom,
            Action.contexte,
            Action.description,
            Action.besoins,
            FeuilleDeRoute.nom.label("feuille"),
            FeuilleDeRoute.contrat_preexistant,
        )
        .join(Axe, Axe.id == Action.axe_id)
        .join(FeuilleDeRoute, FeuilleDeRoute.id == Axe.feuille_de_route_id)
    )
    statement = statement.where(Action.reference == reference, _actions_in_scope(territory))
    with engine.connect() as connection:
        row = connection.execute(statement).mappings().first()
        if row is None:
            return None
        cofinancers = connection.execute(
            select(Cofinancement.financeur, Cofinancement.montant)
            .where(Cofinancement.action_id == row["id"])
            .order_by(Cofinancement.montant.desc(), Cofinancement.financeur)
        ).all()
    needs = [code for code in (row["besoins"] or "").split("|") if code]
    return ActionDetail(
        reference=row["reference"],
        nom=row["nom"],
        feuille=row["feuille"],
        porteur=row["porteur_nom"],
        contexte=row["contexte"],
        description=row["description"],
        besoins=tuple(BESOINS.get(code, code) for code in needs),
        contrat_preexistant=CONTRATS.get(row["contrat_preexistant"], row["contrat_preexistant"])
        if row["contrat_preexistant"]
        else None,
        cofinanceurs=tuple((str(name), float(amount)) for name, amount in cofinancers),
    )
