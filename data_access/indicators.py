"""The national frame of France Numérique Ensemble: four targets for 2027, and where each territory stands.

Definitions and national targets are reference constants (the roadmap fixed them
in 2023); values are dated snapshots per département, one per import
(``indicateur_releve``, and ``lieux_snapshot`` for the lieux). A département's
target is its share of the national one by population, unless it set its own
(``indicateur_objectif``; ``lieux_objectif`` for the lieux). A territory's value
is the sum of its départements' latest snapshots; at EPCI level, that of the
EPCI's département (no indicator is published below the département).

Every figure is aggregated in SQL; Python only assembles the small results into
frozen read models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Float, String, Subquery, cast, func, literal, select, union_all

from data_access.models import (
    Departement,
    IndicateurDetail,
    IndicateurObjectif,
    IndicateurReleve,
    LieuxObjectif,
    LieuxSnapshot,
    Region,
)
from data_access.scope import Territory, departement_filter
from data_access.sql import read_frame
from data_access.vocabulary import NATIONAL_LIEUX_TARGET

DEADLINE = date(2027, 12, 31)
TARGET_SOURCE = "Feuille de route France Numérique Ensemble (circulaire du 28 juillet 2023)"
TARGET_SOURCE_DATE = date(2023, 7, 28)
TARGET_RULE = (
    "Objectif d'un département : l'objectif national multiplié par sa part de la population française ; "
    "un objectif fixé localement par le département le remplace. Pour la France entière, l'objectif "
    "est l'objectif national."
)


@dataclass(frozen=True)
class IndicatorDefinition:
    """One national indicator: what it counts, its national target for 2027, and what stands for it.

    ``proxy`` says in one line what the figure really counts when no source counts the
    target itself (CRA users for people accompanied, Aidants Connect for aidants trained).
    """

    code: str
    libelle: str
    unite: str
    definition: str
    objectif_national: int | None
    source_valeurs: str
    proxy: str | None = None

    @property
    def has_target(self) -> bool:
        return self.objectif_national is not None


DEFINITIONS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition(
        "accompagnes",
        "Personnes accompagnées",
        "personnes",
        "Personnes éloignées du numérique accompagnées dans leurs usages, en cumul depuis le lancement.",
        8_000_000,
        "Comptes rendus d'activité des conseillers numériques (CRA), par département",
        "Approché par les usagers des comptes rendus d'activité des conseillers numériques : "
        "les personnes accompagnées par d'autres médiateurs n'y figurent pas.",
    ),
    IndicatorDefinition(
        "equipements",
        "Équipements reconditionnés",
        "appareils",
        "Appareils informatiques reconditionnés rendus accessibles aux ménages les plus modestes.",
        2_000_000,
        "Relevés des équipements distribués par département (modèle « equipements »)",
    ),
    IndicatorDefinition(
        "aidants",
        "Aidants numériques formés",
        "aidants",
        "Aidants numériques formés, tous dispositifs confondus.",
        20_000,
        "Structures Aidants Connect (nombre d'aidants des structures actives), placées par commune",
        "Approché par les aidants habilités Aidants Connect des structures actives : "
        "les aidants formés par d'autres dispositifs n'y figurent pas.",
    ),
    IndicatorDefinition(
        "lieux",
        "Lieux de médiation numérique",
        "lieux",
        "Lieux d'accueil offrant une médiation numérique, recensés dans la cartographie nationale.",
        NATIONAL_LIEUX_TARGET,
        "Cartographie nationale des lieux de médiation numérique (relevés à chaque import)",
    ),
    IndicatorDefinition(
        "conseillers",
        "Conseillers numériques",
        "conseillers",
        "Conseillers numériques validés en comité de sélection dans leurs structures d'accueil.",
        None,
        "Structures d'accueil des conseillers numériques France Services (CnFS), placées par commune",
    ),
)
"""The four national targets, then the conseillers numériques, followed without a national target."""

BY_CODE: dict[str, IndicatorDefinition] = {definition.code: definition for definition in DEFINITIONS}


@dataclass(frozen=True)
class IndicatorPoint:
    """The value of a territory at one snapshot date."""

    date: date
    valeur: int


@dataclass(frozen=True)
class IndicatorSummary:
    """Where a territory stands on one indicator: latest value, target, its date and its history."""

    definition: IndicatorDefinition
    valeur: int | None
    objectif: float | None
    objectifs_locaux: int
    date_releve: date | None
    evolution: tuple[IndicatorPoint, ...]

    @property
    def progression(self) -> float | None:
        if self.valeur is None or not self.objectif:
            return None
        return self.valeur / self.objectif


def releves() -> Subquery:
    """Every snapshot of every indicator as (indicateur, date, code_departement, valeur, source)."""
    others = select(
        IndicateurReleve.indicateur,
        IndicateurReleve.date,
        IndicateurReleve.code_departement,
        IndicateurReleve.valeur,
        IndicateurReleve.source,
    )
    lieux = select(
        literal("lieux", String(32)).label("indicateur"),
        LieuxSnapshot.date,
        LieuxSnapshot.code_departement,
        LieuxSnapshot.nombre.label("valeur"),
        LieuxSnapshot.source,
    )
    return union_all(others, lieux).subquery("releves")


def latest_releves(territory: Territory) -> Subquery:
    """The latest snapshot of each département of the scope, per indicator."""
    every = releves()
    latest = (
        select(every.c.indicateur, every.c.code_departement, func.max(every.c.date).label("date"))
        .where(departement_filter(territory, every.c.code_departement))
        .group_by(every.c.indicateur, every.c.code_departement)
        .subquery("latest")
    )
    return (
        select(every.c.indicateur, every.c.code_departement, every.c.date, every.c.valeur, every.c.source)
        .join(
            latest,
            (latest.c.indicateur == every.c.indicateur)
            & (latest.c.code_departement == every.c.code_departement)
            & (latest.c.date == every.c.date),
        )
        .subquery("derniers")
    )


def _population_share() -> ColumnElement[float]:
    """The département's share of the population of every département in the store."""
    total = select(func.sum(Departement.population)).scalar_subquery()
    return cast(Departement.population, Float) / func.nullif(total, 0)


def targets(territory: Territory) -> Subquery:
    """(indicateur, code_departement, objectif, objectif_derive, objectif_local) for every target.

    The lieux keep the target the geography load split (by population, in whole lieux).
    """
    selects = []
    for definition in DEFINITIONS:
        if definition.code == "lieux":
            selects.append(
                select(
                    literal("lieux", String(32)).label("indicateur"),
                    LieuxObjectif.code_departement,
                    cast(
                        func.coalesce(LieuxObjectif.objectif_local, LieuxObjectif.objectif_national), Float
                    ).label("objectif"),
                    cast(LieuxObjectif.objectif_national, Float).label("objectif_derive"),
                    LieuxObjectif.objectif_local,
                ).where(departement_filter(territory, LieuxObjectif.code_departement))
            )
        elif definition.objectif_national is not None:
            derived = _population_share() * definition.objectif_national
            local = (
                select(IndicateurObjectif.objectif_local)
                .where(
                    IndicateurObjectif.indicateur == definition.code,
                    IndicateurObjectif.code_departement == Departement.code,
                )
                .scalar_subquery()
            )
            selects.append(
                select(
                    literal(definition.code, String(32)).label("indicateur"),
                    Departement.code.label("code_departement"),
                    func.coalesce(cast(local, Float), derived).label("objectif"),
                    derived.label("objectif_derive"),
                    local.label("objectif_local"),
                ).where(departement_filter(territory, Departement.code))
            )
    return union_all(*selects).subquery("objectifs")


def indicator_summaries(engine: Engine, territory: Territory) -> tuple[IndicatorSummary, ...]:
    """Every indicator of the territory, in the order of ``DEFINITIONS``.

    For the whole country the target is the national one itself; below, the sum of the
    départements' targets (where local targets may make a région's differ from its share).
    """
    latest = latest_releves(territory)
    values = select(
        latest.c.indicateur,
        func.sum(latest.c.valeur).label("valeur"),
        func.max(latest.c.date).label("date"),
    ).group_by(latest.c.indicateur)
    goals = targets(territory)
    goal_sums = select(
        goals.c.indicateur,
        func.sum(goals.c.objectif).label("objectif"),
        func.count(goals.c.objectif_local).label("locaux"),
    ).group_by(goals.c.indicateur)
    every = releves()
    history = (
        select(every.c.indicateur, every.c.date, func.sum(every.c.valeur).label("valeur"))
        .where(departement_filter(territory, every.c.code_departement))
        .group_by(every.c.indicateur, every.c.date)
        .order_by(every.c.indicateur, every.c.date)
    )
    with engine.connect() as connection:
        latest_values = {row.indicateur: row for row in connection.execute(values)}
        target_values = {row.indicateur: row for row in connection.execute(goal_sums)}
        points: dict[str, list[IndicatorPoint]] = {}
        for row in connection.execute(history):
            points.setdefault(row.indicateur, []).append(IndicatorPoint(as_date(row.date), int(row.valeur)))
    whole_country = territory.level == "national" and territory.allowed is None
    summaries = []
    for definition in DEFINITIONS:
        value = latest_values.get(definition.code)
        goal = target_values.get(definition.code)
        objectif = float(goal.objectif) if goal is not None and goal.objectif else None
        if whole_country and definition.objectif_national is not None:
            objectif = float(definition.objectif_national)
        summaries.append(
            IndicatorSummary(
                definition=definition,
                valeur=int(value.valeur) if value is not None else None,
                objectif=objectif,
                objectifs_locaux=int(goal.locaux) if goal is not None else 0,
                date_releve=as_date(value.date) if value is not None else None,
                evolution=tuple(points.get(definition.code, [])),
            )
        )
    return tuple(summaries)


def indicator_per_departement(engine: Engine, territory: Territory, code: str) -> pd.DataFrame:
    """Each département of the scope: its latest value and date, its target (derived or local), progress.

    Départements without a snapshot keep their row with no value: a gap is what a COPIL looks for.
    """
    latest = latest_releves(territory)
    values = select(latest.c.code_departement, latest.c.valeur, latest.c.date).where(
        latest.c.indicateur == code
    )
    values_sub = values.subquery("valeurs")
    goals = targets(territory)
    goal = select(goals).where(goals.c.indicateur == code).subquery("objectif")
    statement = (
        select(
            Departement.code,
            Departement.nom,
            Departement.code_region,
            Region.nom.label("region"),
            Departement.population,
            values_sub.c.valeur,
            values_sub.c.date,
            goal.c.objectif,
            goal.c.objectif_derive,
            goal.c.objectif_local,
        )
        .join(Region, Region.code == Departement.code_region)
        .outerjoin(values_sub, values_sub.c.code_departement == Departement.code)
        .outerjoin(goal, goal.c.code_departement == Departement.code)
        .where(departement_filter(territory, Departement.code))
        .order_by(Departement.code)
    )
    frame = read_frame(engine, statement)
    frame["date"] = frame["date"].map(lambda value: as_date(value) if pd.notna(value) else None)
    frame["progression"] = frame["valeur"] / frame["objectif"].where(frame["objectif"] > 0)
    return frame


def indicators_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Every indicator of every département of the scope in one query, as long rows:
    ``code``, ``indicateur``, ``valeur`` (latest snapshot), ``objectif``, ``progression``."""
    latest = latest_releves(territory)
    goals = targets(territory)
    rows = union_all(
        select(
            latest.c.indicateur,
            latest.c.code_departement,
            cast(latest.c.valeur, Float).label("valeur"),
            cast(None, Float).label("objectif"),
        ),
        select(goals.c.indicateur, goals.c.code_departement, cast(None, Float), goals.c.objectif),
    ).subquery("lignes")
    statement = select(
        rows.c.code_departement.label("code"),
        rows.c.indicateur,
        func.max(rows.c.valeur).label("valeur"),
        func.max(rows.c.objectif).label("objectif"),
    ).group_by(rows.c.code_departement, rows.c.indicateur)
    frame = read_frame(engine, statement, ["code", "indicateur", "valeur", "objectif"])
    frame[["valeur", "objectif"]] = frame[["valeur", "objectif"]].astype(float)
    frame["progression"] = frame["valeur"] / frame["objectif"].where(frame["objectif"] > 0)
    return frame


def indicator_per_region(engine: Engine, territory: Territory, code: str) -> pd.DataFrame:
    """Regional totals of the scope: value, target, progress, and the départements that reported."""
    latest = latest_releves(territory)
    values = (
        select(
            Departement.code_region.label("code"),
            func.sum(latest.c.valeur).label("valeur"),
            func.count().label("departements_releves"),
        )
        .join(Departement, Departement.code == latest.c.code_departement)
        .where(latest.c.indicateur == code)
        .group_by(Departement.code_region)
        .subquery("valeurs")
    )
    goals = targets(territory)
    goal = (
        select(Departement.code_region.label("code"), func.sum(goals.c.objectif).label("objectif"))
        .join(Departement, Departement.code == goals.c.code_departement)
        .where(goals.c.indicateur == code)
        .group_by(Departement.code_region)
        .subquery("objectifs_regionaux")
    )
    in_scope = (
        select(Departement.code_region).where(departement_filter(territory, Departement.code)).distinct()
    )
    statement = (
        select(
            Region.code,
            Region.nom,
            func.coalesce(values.c.valeur, 0).label("valeur"),
            func.coalesce(values.c.departements_releves, 0).label("departements_releves"),
            goal.c.objectif,
        )
        .outerjoin(values, values.c.code == Region.code)
        .outerjoin(goal, goal.c.code == Region.code)
        .where(Region.code.in_(in_scope.scalar_subquery()))
        .order_by(Region.nom)
    )
    frame = read_frame(engine, statement, ["code", "nom", "valeur", "departements_releves", "objectif"])
    frame = frame.astype({"valeur": "int64", "departements_releves": "int64"})
    frame["progression"] = frame["valeur"] / frame["objectif"].where(frame["objectif"] > 0)
    return frame


def indicator_evolution(engine: Engine, territory: Territory, code: str) -> pd.DataFrame:
    """The territory's value at each snapshot date (sum of its départements' snapshots at that date)."""
    every = releves()
    statement = (
        select(every.c.date, func.sum(every.c.valeur).label("valeur"))
        .where(every.c.indicateur == code, departement_filter(territory, every.c.code_departement))
        .group_by(every.c.date)
        .order_by(every.c.date)
    )
    frame = read_frame(engine, statement, ["date", "valeur"])
    frame["date"] = frame["date"].map(as_date)
    return frame.astype({"valeur": "int64"})


def indicator_breakdown(engine: Engine, territory: Territory, code: str = "accompagnes") -> pd.DataFrame:
    """The breakdowns of the départements' latest snapshots: (dimension, categorie, valeur), summed."""
    latest = latest_releves(territory)
    statement = (
        select(
            IndicateurDetail.dimension,
            IndicateurDetail.categorie,
            func.sum(IndicateurDetail.valeur).label("valeur"),
        )
        .join(
            latest,
            (latest.c.indicateur == IndicateurDetail.indicateur)
            & (latest.c.code_departement == IndicateurDetail.code_departement)
            & (latest.c.date == IndicateurDetail.date),
        )
        .where(IndicateurDetail.indicateur == code)
        .group_by(IndicateurDetail.dimension, IndicateurDetail.categorie)
        .order_by(IndicateurDetail.dimension, IndicateurDetail.categorie)
    )
    frame = read_frame(engine, statement, ["dimension", "categorie", "valeur"])
    return frame.astype({"valeur": "int64"})


def as_date(value: object) -> date:
    """SQLite returns a date from a union or an aggregate as text; PostgreSQL as a date."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


BREAKDOWNS: dict[str, tuple[str, dict[str, str]]] = {
    "themes": (
        "Thèmes des accompagnements",
        {
            "equipementinformatique": "Prendre en main un équipement",
            "demarcheenligne": "Démarches en ligne",
            "internet": "Naviguer sur internet",
            "vocabulaire": "Vocabulaire du numérique",
            "courriel": "Courriels",
            "contenusnumeriques": "Gérer ses contenus numériques",
            "traitementtexte": "Traitement de texte",
            "echanger": "Échanger avec ses proches",
            "securite": "Sécurité",
            "trouveremploi": "Trouver un emploi",
            "diagnostic": "Diagnostic numérique",
            "sante": "Santé",
            "fraudeetharcelement": "Fraude et harcèlement",
            "tpepme": "Numérique et TPE/PME",
            "budget": "Budget",
            "smartphone": "Smartphone",
            "accompagnerenfant": "Accompagner son enfant",
            "scolaire": "Scolarité",
            "autre": "Autre",
        },
    ),
    "age": (
        "Tranches d'âge des usagers",
        {
            "moins12ans": "Moins de 12 ans",
            "de12a18ans": "12 à 18 ans",
            "de18a35ans": "18 à 35 ans",
            "de35a60ans": "35 à 60 ans",
            "plus60ans": "Plus de 60 ans",
        },
    ),
    "statut": (
        "Situation des usagers",
        {
            "etudiant": "Scolarisé(e) ou étudiant(e)",
            "sansemploi": "Sans emploi",
            "enemploi": "En emploi",
            "retraite": "Retraité(e)",
            "heterogene": "Non renseignée ou hétérogène",
        },
    ),
    "accompagnement": (
        "Suites de l'accompagnement",
        {
            "individuel": "Accompagnement individuel",
            "atelier": "Atelier",
            "redirection": "Redirection vers une autre structure",
        },
    ),
    "activite": (
        "Formes d'accompagnement",
        {"individuel": "Individuel", "ponctuel": "Ponctuel", "collectif": "Collectif (atelier)"},
    ),
}
"""Breakdowns of the people accompanied (CRA): dimension → (title, category → label), in display order."""

OTHER_BREAKDOWNS: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "aidants": {
        "demarches": (
            "Démarches faites avec un aidant habilité, par thème",
            {
                "social": "Social",
                "papier": "Papiers",
                "argent": "Argent",
                "travail": "Travail",
                "famille": "Famille",
                "logement": "Logement",
                "transport": "Transport",
                "justice": "Justice",
                "etranger": "Étranger",
                "loisirs": "Loisirs",
            },
        ),
    },
    "conseillers": {
        "type_structure": (
            "Conseillers par type de structure d'accueil",
            {
                "publique": "Structure publique",
                "privee": "Structure privée",
                "non renseigne": "Non renseigné",
            },
        ),
    },
}
"""Breakdowns kept by the Aidants Connect and CnFS imports, shown under their indicator."""


def breakdowns_of(code: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The breakdowns an indicator's snapshots carry: dimension → (title, category → label)."""
    return BREAKDOWNS if code == "accompagnes" else OTHER_BREAKDOWNS.get(code, {})
