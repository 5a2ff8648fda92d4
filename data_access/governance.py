"""Read functions of the governance page: stage per département, milestones, detail.

A département without a ``gouvernance`` row is at stage ``aucune``: every query
starts from ``departement`` and LEFT JOINs the governance, so that the départements
that have nothing yet are counted and shown rather than silently missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Engine,
    Integer,
    Select,
    String,
    Subquery,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnClause

from data_access.models import (
    Candidature,
    Comite,
    ComiteReunion,
    Coporteur,
    Departement,
    FeuilleDeRoute,
    Gouvernance,
    JalonLocal,
)
from data_access.read_models import GovernanceSummary
from data_access.scope import Territory, departement_filter
from data_access.sql import joined_strings, label_of, ordered_codes, rank_of, read_frame
from data_access.vocabulary import (
    COMITE_FREQUENCES,
    COMITE_TYPES,
    GOVERNANCE_STAGES,
    MILESTONES,
    PERIMETRES_GOUVERNANCE,
)

NO_GOVERNANCE = "aucune"
STAGE_ORDER = list(GOVERNANCE_STAGES)
FORMALISED_STAGES = STAGE_ORDER[STAGE_ORDER.index("formalisee") :]
"""Stages at which perimeter and actors are formalised: the COPIL's first success measure."""

LATENESS_STATUSES: dict[str, str] = {
    "a_temps": "À temps",
    "en_retard": "En retard",
    "manquant": "Manquant",
    "a_venir": "À venir",
}
"""Status of a département against a national milestone, in display order."""


def _stage(column: ColumnElement | ColumnClause = Gouvernance.etape) -> ColumnElement[str]:
    return func.coalesce(column, NO_GOVERNANCE)


# --- Stage per département --------------------------------------------------------


def stage_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """One row per département of the scope with its governance stage and its furniture.

    Columns: ``code``, ``nom``, ``etape``, ``etape_libelle``, ``perimetre``, ``perimetre_libelle``,
    ``porteur_nom``, ``coporteurs`` (names joined by ``, ``), ``nb_coporteurs``, ``sous_prefet_nom``,
    ``nb_comites``, ``derniere_reunion`` (latest meeting of any comité), ``nb_feuilles_de_route``.
    Départements without governance have ``etape == "aucune"`` and zero counts.
    """
    dialect = engine.dialect.name
    ordered_names = (
        select(Coporteur.gouvernance_id, Coporteur.nom)
        .order_by(Coporteur.gouvernance_id, Coporteur.nom)
        .subquery("ordered_coporteurs")
    )
    coporteurs = (
        select(
            ordered_names.c.gouvernance_id,
            joined_strings(dialect, ordered_names.c.nom).label("noms"),
            func.count().label("nombre"),
        )
        .group_by(ordered_names.c.gouvernance_id)
        .subquery("coporteurs")
    )
    comites = (
        select(Comite.gouvernance_id, func.count().label("nombre"))
        .group_by(Comite.gouvernance_id)
        .subquery("comites")
    )
    reunions = (
        select(Comite.gouvernance_id, func.max(ComiteReunion.date).label("derniere"))
        .join(ComiteReunion, ComiteReunion.comite_id == Comite.id)
        .group_by(Comite.gouvernance_id)
        .subquery("reunions")
    )
    feuilles = (
        select(FeuilleDeRoute.code_departement, func.count().label("nombre"))
        .group_by(FeuilleDeRoute.code_departement)
        .subquery("feuilles")
    )
    statement = (
        select(
            Departement.code,
            Departement.nom,
            _stage().label("etape"),
            label_of(GOVERNANCE_STAGES, _stage()).label("etape_libelle"),
            Gouvernance.perimetre,
            label_of(PERIMETRES_GOUVERNANCE, Gouvernance.perimetre).label("perimetre_libelle"),
            Gouvernance.porteur_nom,
            func.coalesce(coporteurs.c.noms, "").label("coporteurs"),
            func.coalesce(coporteurs.c.nombre, 0).label("nb_coporteurs"),
            Gouvernance.sous_prefet_nom,
            func.coalesce(comites.c.nombre, 0).label("nb_comites"),
            reunions.c.derniere.label("derniere_reunion"),
            func.coalesce(feuilles.c.nombre, 0).label("nb_feuilles_de_route"),
        )
        .outerjoin(Gouvernance, Gouvernance.code_departement == Departement.code)
        .outerjoin(coporteurs, coporteurs.c.gouvernance_id == Gouvernance.id)
        .outerjoin(comites, comites.c.gouvernance_id == Gouvernance.id)
        .outerjoin(reunions, reunions.c.gouvernance_id == Gouvernance.id)
        .outerjoin(feuilles, feuilles.c.code_departement == Departement.code)
        .where(departement_filter(territory, Departement.code))
        .order_by(Departement.code)
    )
    return read_frame(engine, statement)


def _stage_rows(territory: Territory) -> Select:
    """(``code``, ``etape``) of every département of the scope, ``aucune`` when it has no governance."""
    return (
        select(Departement.code, _stage().label("etape"))
        .outerjoin(Gouvernance, Gouvernance.code_departement == Departement.code)
        .where(departement_filter(territory, Departement.code))
    )


def stage_counts(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Départements per stage (``etape``, ``etape_libelle``, ``departements``), every stage kept, in order."""
    stages = ordered_codes(GOVERNANCE_STAGES).subquery("stages")
    rows = _stage_rows(territory).subquery("rows")
    counts = (
        select(rows.c.etape, func.count().label("departements")).group_by(rows.c.etape).subquery("counts")
    )
    statement = (
        select(
            stages.c.code.label("etape"),
            stages.c.libelle.label("etape_libelle"),
            func.coalesce(counts.c.departements, 0).label("departements"),
        )
        .outerjoin(counts, counts.c.etape == stages.c.code)
        .order_by(stages.c.ordre)
    )
    return read_frame(engine, statement)


# --- Milestones -------------------------------------------------------------------


COLLECTIVITE_PERSONAS = ("conseil-regional", "conseil-departemental", "epci", "commune")
"""Personas that declare a local authority's intention (the 30 September 2023 milestone)."""


def _intention_dates() -> Subquery:
    """Per département, the day the first collectivité sent its form: when intentions were declared."""
    return (
        select(
            Candidature.code_departement.label("code"),
            func.min(Candidature.date_envoi).label("date_intention"),
        )
        .where(Candidature.persona.in_(COLLECTIVITE_PERSONAS), Candidature.date_envoi.is_not(None))
        .group_by(Candidature.code_departement)
        .subquery("intentions")
    )


def _lateness_rows(territory: Territory, today: date) -> CompoundSelect:
    """One row per département × milestone, its status decided by a SQL ``CASE`` against the local
    date when the département moved the milestone (``jalon_local``), else the national one."""
    intentions = _intention_dates()
    parts = []
    for rank, (key, (label, deadline, column_name)) in enumerate(MILESTONES.items()):
        reached = (
            intentions.c.date_intention
            if column_name == "date_intention"
            else getattr(Gouvernance, column_name)
        )
        nationale = literal(deadline, Date)
        echeance = func.coalesce(JalonLocal.echeance, nationale)
        statut = case(
            (reached.is_not(None) & (echeance.is_(None) | (reached <= echeance)), "a_temps"),
            (reached.is_not(None), "en_retard"),
            (echeance < literal(today, Date), "manquant"),
            else_="a_venir",
        )
        parts.append(
            select(
                Departement.code.label("code"),
                Departement.nom.label("nom"),
                literal(key, String).label("jalon"),
                literal(label, String).label("libelle"),
                literal(rank, Integer).label("ordre"),
                nationale.label("echeance_nationale"),
                JalonLocal.echeance.label("echeance_locale"),
                echeance.label("echeance"),
                JalonLocal.motif.label("motif_local"),
                JalonLocal.source.label("source_locale"),
                reached.label("date_atteinte"),
                statut.label("statut"),
            )
            .outerjoin(Gouvernance, Gouvernance.code_departement == Departement.code)
            .outerjoin(intentions, intentions.c.code == Departement.code)
            .outerjoin(
                JalonLocal, (JalonLocal.code_departement == Departement.code) & (JalonLocal.jalon == key)
            )
            .where(departement_filter(territory, Departement.code))
        )
    return union_all(*parts)


def milestone_lateness(engine: Engine, territory: Territory, today: date | None = None) -> pd.DataFrame:
    """Each département of the scope against each milestone of ``MILESTONES``, at its local date.

    Columns: ``code``, ``nom``, ``jalon``, ``libelle``, ``echeance`` (the date that counts: local when
    the département moved the milestone, else national; empty for a step without any deadline),
    ``echeance_nationale``, ``echeance_locale``, ``motif_local``, ``source_locale``,
    ``date_atteinte``, ``statut``
    (``a_temps`` reached by the deadline, ``en_retard`` reached after it, ``manquant`` not reached
    and the deadline passed, ``a_venir`` not reached and the deadline still ahead), ``statut_libelle``.
    ``today`` is a parameter so that the statuses are reproducible.
    """
    rows = _lateness_rows(territory, today or date.today()).subquery("lateness")
    statement = select(
        rows.c.code,
        rows.c.nom,
        rows.c.jalon,
        rows.c.libelle,
        rows.c.echeance,
        rows.c.echeance_nationale,
        rows.c.echeance_locale,
        rows.c.motif_local,
        rows.c.source_locale,
        rows.c.date_atteinte,
        rows.c.statut,
        label_of(LATENESS_STATUSES, rows.c.statut).label("statut_libelle"),
    ).order_by(rows.c.code, rows.c.ordre)
    return read_frame(engine, statement)


def lateness_counts(engine: Engine, territory: Territory, today: date | None = None) -> pd.DataFrame:
    """Départements per milestone and status (``jalon``, ``libelle``, ``echeance`` the national date,
    ``statut`` against each département's own date, ``statut_libelle``, ``departements``), milestones
    in national order; only statuses that occur."""
    rows = _lateness_rows(territory, today or date.today()).subquery("lateness")
    statement = (
        select(
            rows.c.jalon,
            rows.c.libelle,
            rows.c.echeance_nationale.label("echeance"),
            rows.c.statut,
            label_of(LATENESS_STATUSES, rows.c.statut).label("statut_libelle"),
            func.count().label("departements"),
        )
        .group_by(rows.c.jalon, rows.c.libelle, rows.c.echeance_nationale, rows.c.ordre, rows.c.statut)
        .order_by(rows.c.ordre, rank_of(list(LATENESS_STATUSES), rows.c.statut))
    )
    return read_frame(engine, statement)


# --- Detail of one département --------------------------------------------------------


@dataclass(frozen=True)
class GovernanceDetail:
    """Everything the detail panel shows for one département (frames are empty without governance)."""

    code: str
    nom: str
    etape: str
    etape_libelle: str
    perimetre_libelle: str | None = None
    porteur_nom: str | None = None
    porteur_type: str | None = None
    pas_de_coporteurs: bool = False
    sous_prefet_nom: str | None = None
    sous_prefet_email: str | None = None
    note_de_contexte: str | None = None
    dates: dict[str, date | None] = field(default_factory=dict)
    coporteurs: pd.DataFrame = field(default_factory=pd.DataFrame)
    comites: pd.DataFrame = field(default_factory=pd.DataFrame)
    reunions: pd.DataFrame = field(default_factory=pd.DataFrame)
    feuilles_de_route: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def has_governance(self) -> bool:
        return self.etape != NO_GOVERNANCE


STAGE_DATES = ("date_pressentie", "date_formalisee", "date_feuille_adoptee", "date_mise_en_oeuvre")


def departement_detail(engine: Engine, territory: Territory) -> GovernanceDetail | None:
    """The governance of one département (``territory`` at département level): context, co-porteurs,
    comités, meetings and roadmaps.

    ``None`` for an unknown département, or one outside the reader's ``allowed`` départements.
    Frames: ``coporteurs`` (nom, type, siren);
    ``comites`` (type, type_libelle, nom, frequence_libelle, nb_reunions, derniere_reunion,
    prochaine_reunion); ``reunions`` (date, comite, participants, conclusions, decisions,
    prochaine_date), most recent first; ``feuilles_de_route`` (nom, porteur_nom, date_adoption).
    """
    head = select(
        Departement.code,
        Departement.nom,
        _stage().label("etape"),
        label_of(GOVERNANCE_STAGES, _stage()).label("etape_libelle"),
        label_of(PERIMETRES_GOUVERNANCE, Gouvernance.perimetre).label("perimetre_libelle"),
        Gouvernance.id.label("gouvernance_id"),
        Gouvernance.porteur_nom,
        Gouvernance.porteur_type,
        Gouvernance.pas_de_coporteurs,
        Gouvernance.sous_prefet_nom,
        Gouvernance.sous_prefet_email,
        Gouvernance.note_de_contexte,
        *(getattr(Gouvernance, column) for column in STAGE_DATES),
    ).outerjoin(Gouvernance, Gouvernance.code_departement == Departement.code)
    with engine.connect() as connection:
        row = (
            connection.execute(head.where(departement_filter(territory, Departement.code))).mappings().first()
        )
    if row is None:
        return None
    gouvernance_id = row["gouvernance_id"] if row["gouvernance_id"] is not None else -1
    comite_name = func.coalesce(Comite.nom, label_of(COMITE_TYPES, Comite.type))
    coporteurs = read_frame(
        engine,
        select(Coporteur.nom, Coporteur.type, Coporteur.siren)
        .where(Coporteur.gouvernance_id == gouvernance_id)
        .order_by(Coporteur.nom),
    )
    comites = read_frame(
        engine,
        select(
            Comite.type,
            label_of(COMITE_TYPES, Comite.type).label("type_libelle"),
            comite_name.label("nom"),
            label_of(COMITE_FREQUENCES, Comite.frequence).label("frequence_libelle"),
            func.count(ComiteReunion.id).label("nb_reunions"),
            func.max(ComiteReunion.date).label("derniere_reunion"),
            func.max(ComiteReunion.prochaine_date).label("prochaine_reunion"),
        )
        .outerjoin(ComiteReunion, ComiteReunion.comite_id == Comite.id)
        .where(Comite.gouvernance_id == gouvernance_id)
        .group_by(Comite.id, Comite.type, Comite.nom, Comite.frequence)
        .order_by(rank_of(list(COMITE_TYPES), Comite.type), Comite.id),
    )
    reunions = read_frame(
        engine,
        select(
            ComiteReunion.date,
            comite_name.label("comite"),
            ComiteReunion.participants,
            ComiteReunion.conclusions,
            ComiteReunion.decisions,
            ComiteReunion.prochaine_date,
        )
        .join(Comite, Comite.id == ComiteReunion.comite_id)
        .where(Comite.gouvernance_id == gouvernance_id)
        .order_by(ComiteReunion.date.desc(), ComiteReunion.id.desc()),
    )
    feuilles = read_frame(
        engine,
        select(FeuilleDeRoute.nom, FeuilleDeRoute.porteur_nom, FeuilleDeRoute.date_adoption)
        .where(FeuilleDeRoute.code_departement == row["code"])
        .order_by(FeuilleDeRoute.nom),
    )
    return GovernanceDetail(
        code=row["code"],
        nom=row["nom"],
        etape=row["etape"],
        etape_libelle=row["etape_libelle"],
        perimetre_libelle=row["perimetre_libelle"],
        porteur_nom=row["porteur_nom"],
        porteur_type=row["porteur_type"],
        pas_de_coporteurs=bool(row["pas_de_coporteurs"]),
        sous_prefet_nom=row["sous_prefet_nom"],
        sous_prefet_email=row["sous_prefet_email"],
        note_de_contexte=row["note_de_contexte"],
        dates={column: row[column] for column in STAGE_DATES},
        coporteurs=coporteurs,
        comites=comites,
        reunions=reunions,
        feuilles_de_route=feuilles,
    )


# --- Summary for the synthesis page ----------------------------------------------------


def governance_summary(engine: Engine, territory: Territory) -> GovernanceSummary:
    """Headline governance figures of a territory, for the synthesis page."""
    counts = stage_counts(engine, territory)
    par_etape = {
        str(code): int(number) for code, number in zip(counts["etape"], counts["departements"], strict=True)
    }
    total = sum(par_etape.values())
    formalisees = sum(par_etape[code] for code in FORMALISED_STAGES)
    etape = etape_libelle = None
    if territory.level in ("departement", "epci"):
        rows = _stage_rows(territory).subquery("rows")
        with engine.connect() as connection:
            found = connection.execute(select(rows.c.etape)).scalar()
        if found is not None:
            etape, etape_libelle = str(found), GOVERNANCE_STAGES.get(str(found), str(found))
    return GovernanceSummary(
        departements=total,
        etape=etape,
        etape_libelle=etape_libelle,
        par_etape=par_etape,
        formalisees=formalisees,
        part_formalisees=formalisees / total if total else None,
        feuilles_adoptees=par_etape["feuille_adoptee"] + par_etape["mise_en_oeuvre"],
    )
