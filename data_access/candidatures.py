"""Read functions of the candidatures page: who filled the governance form, and which EPCI did not.

A candidature counts unless it was cancelled (``statut = 'annule'`` or a cancellation
date): the COPIL follows the forms still standing. An EPCI is *inscrit* when a
standing candidature names it, either as its ``code_epci`` or among the
territories it covers (``candidature_territoire`` of type ``epci``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    Float,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
)

from data_access.models import Candidature, CandidatureTerritoire, Departement, Epci
from data_access.read_models import CandidatureSummary, EpciCoverage
from data_access.scope import Territory, departement_filter
from data_access.sql import joined_strings, label_of, ordered_codes, read_frame
from data_access.vocabulary import CANDIDATURE_STATUSES, INTENTIONS, PERSONAS

CANCELLED = "annule"
Period = Literal["day", "month"]


def is_standing() -> ColumnElement[bool]:
    """A candidature neither marked cancelled nor carrying a cancellation date."""
    return and_(Candidature.statut != CANCELLED, Candidature.date_annulation.is_(None))


def candidature_scope(territory: Territory) -> ColumnElement[bool]:
    """Candidatures of a territory: by département, or at EPCI level those of the EPCI or covering it."""
    if territory.level != "epci":
        return departement_filter(territory, Candidature.code_departement)
    covering = select(CandidatureTerritoire.candidature_id).where(
        CandidatureTerritoire.type == "epci", CandidatureTerritoire.code == territory.code
    )
    return or_(Candidature.code_epci == territory.code, Candidature.id.in_(covering.scalar_subquery()))


def epci_scope(territory: Territory) -> ColumnElement[bool]:
    """EPCI of a territory: those attached to its départements, or the EPCI itself."""
    if territory.level == "epci":
        return Epci.code == territory.code
    return departement_filter(territory, Epci.code_departement)


def epci_registered() -> ColumnElement[bool]:
    """Correlated predicate on ``epci``: a standing candidature names this EPCI."""
    by_code = select(Candidature.id).where(Candidature.code_epci == Epci.code, is_standing())
    by_territory = (
        select(CandidatureTerritoire.id)
        .join(Candidature, Candidature.id == CandidatureTerritoire.candidature_id)
        .where(
            CandidatureTerritoire.type == "epci",
            CandidatureTerritoire.code == Epci.code,
            is_standing(),
        )
    )
    return or_(exists(by_code.correlate(Epci)), exists(by_territory.correlate(Epci)))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _share(part: ColumnElement, whole: ColumnElement) -> ColumnElement[float]:
    """``part / whole`` as a float on both backends (no integer division), NULL when ``whole`` is 0."""
    return cast(part, Float) / func.nullif(cast(whole, Float), 0)


# --- Counts -----------------------------------------------------------------------------


def counts_by_persona_intention(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Standing candidatures per persona × intention, every pair kept (zero included), in vocabulary order.

    Columns: ``persona``, ``persona_libelle``, ``intention``, ``intention_libelle``, ``candidatures``.
    """
    personas = ordered_codes(PERSONAS).subquery("personas")
    intentions = ordered_codes(INTENTIONS).subquery("intentions")
    counts = (
        select(Candidature.persona, Candidature.intention, func.count().label("candidatures"))
        .where(is_standing(), candidature_scope(territory))
        .group_by(Candidature.persona, Candidature.intention)
        .subquery("counts")
    )
    statement = (
        select(
            personas.c.code.label("persona"),
            personas.c.libelle.label("persona_libelle"),
            intentions.c.code.label("intention"),
            intentions.c.libelle.label("intention_libelle"),
            func.coalesce(counts.c.candidatures, 0).label("candidatures"),
        )
        .select_from(personas.join(intentions, true()))
        .outerjoin(
            counts,
            and_(counts.c.persona == personas.c.code, counts.c.intention == intentions.c.code),
        )
        .order_by(personas.c.ordre, intentions.c.ordre)
    )
    return read_frame(engine, statement)


def _period_start(engine: Engine, period: Period) -> ColumnElement:
    """``date_envoi`` or the first day of its month, as a date on both backends."""
    if period == "day":
        return Candidature.date_envoi
    if engine.dialect.name == "postgresql":
        return cast(func.date_trunc(literal_column("'month'"), Candidature.date_envoi), Date)
    return func.date(Candidature.date_envoi, literal_column("'start of month'"), type_=Date)


def cumulative_submissions(engine: Engine, territory: Territory, period: Period = "day") -> pd.DataFrame:
    """Standing candidatures sent per day (or month) of ``date_envoi``, and their running total.

    Columns: ``date_envoi`` (the day, or the first of the month), ``candidatures``, ``cumul``.
    Forms without a sending date are left out (they have no place on a time axis).
    """
    start = _period_start(engine, period).label("date_envoi")
    count = func.count()
    statement = (
        select(
            start,
            count.label("candidatures"),
            cast(func.sum(count).over(order_by=start), Integer).label("cumul"),
        )
        .where(is_standing(), Candidature.date_envoi.is_not(None), candidature_scope(territory))
        .group_by(start)
        .order_by(start)
    )
    return read_frame(engine, statement)


# --- EPCI coverage ----------------------------------------------------------------------


def epci_coverage(engine: Engine, territory: Territory) -> EpciCoverage:
    """Number of EPCI of the scope and of those inscrits (see ``epci_registered``)."""
    statement = (
        select(func.count(), _count_if(epci_registered())).select_from(Epci).where(epci_scope(territory))
    )
    with engine.connect() as connection:
        total, registered = connection.execute(statement).one()
    return EpciCoverage(epci=int(total), inscrits=int(registered))


def epci_coverage_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per département of the scope having EPCI: ``code``, ``nom``, ``epci``, ``inscrits``, ``part`` (0–1)."""
    registered = _count_if(epci_registered())
    statement = (
        select(
            Departement.code,
            Departement.nom,
            func.count(Epci.code).label("epci"),
            registered.label("inscrits"),
            _share(registered, func.count(Epci.code)).label("part"),
        )
        .join(Epci, Epci.code_departement == Departement.code)
        .where(epci_scope(territory))
        .group_by(Departement.code, Departement.nom)
        .order_by(Departement.code)
    )
    return read_frame(engine, statement)


def epci_without_candidature(engine: Engine, territory: Territory) -> pd.DataFrame:
    """EPCI of the scope that no standing candidature names, largest population first.

    Columns: ``code``, ``nom``, ``type``, ``population``, ``code_departement``, ``departement``.
    """
    statement = (
        select(
            Epci.code,
            Epci.nom,
            Epci.type,
            Epci.population,
            Epci.code_departement,
            Departement.nom.label("departement"),
        )
        .join(Departement, Departement.code == Epci.code_departement)
        .where(epci_scope(territory), ~epci_registered())
        .order_by(Epci.population.desc(), Epci.nom, Epci.code)
    )
    return read_frame(engine, statement)


# --- The forms themselves ---------------------------------------------------------------


def candidatures_table(
    engine: Engine,
    territory: Territory,
    personas: Sequence[str] | None = None,
    intentions: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The forms of the scope (cancelled ones included), filtered in SQL; a ``None`` filter keeps all.

    Columns: ``reference``, ``code_departement``, ``structure_nom``, ``persona``, ``persona_libelle``,
    ``intention``, ``intention_libelle``, ``statut``, ``statut_libelle``, ``code_epci``, ``epci_nom``,
    ``date_envoi``, ``date_annulation``, ``territoires`` (covered codes joined by ``, ``), contacts.
    """
    ordered = (
        select(CandidatureTerritoire.candidature_id, CandidatureTerritoire.code)
        .order_by(CandidatureTerritoire.candidature_id, CandidatureTerritoire.code)
        .subquery("ordered_territoires")
    )
    territoires = (
        select(ordered.c.candidature_id, joined_strings(engine.dialect.name, ordered.c.code).label("codes"))
        .group_by(ordered.c.candidature_id)
        .subquery("territoires")
    )
    conditions = [candidature_scope(territory)]
    for column, chosen in (
        (Candidature.persona, personas),
        (Candidature.intention, intentions),
        (Candidature.statut, statuses),
    ):
        if chosen is not None:
            conditions.append(column.in_(list(chosen)))
    statement = (
        select(
            Candidature.reference,
            Candidature.code_departement,
            Candidature.structure_nom,
            Candidature.persona,
            label_of(PERSONAS, Candidature.persona).label("persona_libelle"),
            Candidature.intention,
            label_of(INTENTIONS, Candidature.intention).label("intention_libelle"),
            Candidature.statut,
            label_of(CANDIDATURE_STATUSES, Candidature.statut).label("statut_libelle"),
            Candidature.code_epci,
            Epci.nom.label("epci_nom"),
            Candidature.date_envoi,
            Candidature.date_annulation,
            func.coalesce(territoires.c.codes, "").label("territoires"),
            Candidature.contact_structure,
            Candidature.contact_politique,
            Candidature.contact_technique,
        )
        .outerjoin(Epci, Epci.code == Candidature.code_epci)
        .outerjoin(territoires, territoires.c.candidature_id == Candidature.id)
        .where(*conditions)
        .order_by(Candidature.code_departement, Candidature.structure_nom, Candidature.reference)
    )
    return read_frame(engine, statement)


def candidature_summary(engine: Engine, territory: Territory) -> CandidatureSummary:
    """Headline candidature figures of a territory, for the candidatures and synthesis pages."""
    standing = is_standing()
    statement = (
        select(
            _count_if(standing),
            _count_if(and_(standing, Candidature.intention == "porter")),
            _count_if(and_(standing, Candidature.intention == "participer")),
            _count_if(and_(standing, Candidature.date_envoi.is_(None))),
            _count_if(~standing),
        )
        .select_from(Candidature)
        .where(candidature_scope(territory))
    )
    with engine.connect() as connection:
        total, porter, participer, unsent, cancelled = connection.execute(statement).one()
    coverage = epci_coverage(engine, territory)
    return CandidatureSummary(
        total=int(total),
        porter=int(porter),
        participer=int(participer),
        sans_date_envoi=int(unsent),
        annulees=int(cancelled),
        epci=coverage.epci,
        epci_inscrits=coverage.inscrits,
        part_epci=coverage.part,
    )
