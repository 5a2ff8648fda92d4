"""Read functions of the « Lieux de médiation » page: counts, targets, labels, freshness, map.

Every function filters and aggregates in SQL (portable between SQLite and
PostgreSQL); pandas only carries the small result. Lieux are scoped by their
commune (``commune_filter``), so an EPCI keeps the lieux of its member
communes; targets and snapshots exist per département only.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Float, case, cast, func, literal, select

from data_access.models import Commune, Departement, Epci, Lieu, LieuxObjectif, LieuxSnapshot
from data_access.read_models import LieuxSummary
from data_access.scope import Territory, commune_filter, departement_filter
from data_access.sql import read_frame
from data_access.vocabulary import FRESHNESS_BANDS, NATIONAL_LABELS

NO_LABEL = "Sans label national"
OTHER_TYPOLOGIES = "Autres"
UNKNOWN_TYPOLOGY = "Non renseignée"
TYPOLOGY_SEPARATOR = "|"

TYPOLOGY_LABELS: dict[str, str] = {
    "ASSO": "Association",
    "BIB": "Bibliothèque, médiathèque",
    "CA": "Communauté d'agglomération",
    "CAF": "Caisse d'allocations familiales",
    "CC": "Communauté de communes",
    "CCAS": "Centre communal d'action sociale",
    "CCONS": "Chambre consulaire",
    "CD": "Conseil départemental",
    "CIAS": "Centre intercommunal d'action sociale",
    "CS": "Centre social",
    "DEPT": "Services du département",
    "EPCI": "Intercommunalité",
    "EPN": "Espace public numérique",
    "ESS": "Structure de l'économie sociale et solidaire",
    "FABLAB": "Fablab",
    "FT": "France Travail",
    "LA_POSTE": "La Poste",
    "MDS": "Maison départementale des solidarités",
    "MJC": "Maison des jeunes et de la culture",
    "ML": "Mission locale",
    "MQ": "Maison de quartier",
    "MSA": "Mutualité sociale agricole",
    "MUNI": "Mairie",
    "PE": "Pôle emploi",
    "PIMMS": "Point information médiation multi-services",
    "PREF": "Préfecture, sous-préfecture",
    "REG": "Région",
    "RFS": "France services",
    "TIERS_LIEUX": "Tiers-lieu",
    "UDAF": "Union départementale des associations familiales",
}
"""data·inclusion typology codes (schema v1.0.2) → French labels; other codes show as they are."""


def _in_scope(territory: Territory) -> ColumnElement[bool]:
    return commune_filter(territory, Lieu.code_departement, Lieu.code_insee)


def _ratio(numerator: ColumnElement, denominator: ColumnElement) -> ColumnElement:
    """A float division on both backends (PostgreSQL divides integers as integers); ``NULL`` for 0."""
    return cast(numerator, Float) / func.nullif(denominator, 0)


def places_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per département of the scope: lieux counted, national and local targets, progress.

    Départements without any lieu keep their row (count 0): a gap is what a COPIL looks for.
    The local target, when a département set one, replaces the national split. At EPCI level
    this is the row of the EPCI's département (targets exist per département only).
    """
    counts = (
        select(Lieu.code_departement.label("code"), func.count().label("lieux"))
        .where(Lieu.code_departement.is_not(None), departement_filter(territory, Lieu.code_departement))
        .group_by(Lieu.code_departement)
        .subquery()
    )
    lieux = func.coalesce(counts.c.lieux, 0)
    objectif = func.coalesce(LieuxObjectif.objectif_local, LieuxObjectif.objectif_national)
    statement = (
        select(
            Departement.code,
            Departement.nom,
            lieux.label("lieux"),
            LieuxObjectif.objectif_national,
            LieuxObjectif.objectif_local,
            objectif.label("objectif"),
            _ratio(lieux, objectif).label("progression"),
        )
        .select_from(Departement)
        .outerjoin(counts, counts.c.code == Departement.code)
        .outerjoin(LieuxObjectif, LieuxObjectif.code_departement == Departement.code)
        .where(departement_filter(territory, Departement.code))
        .order_by(Departement.code)
    )
    frame = read_frame(engine, statement)
    return frame.astype({"lieux": "int64"})


def places_per_epci(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per EPCI of the scope: population, lieux in its member communes, lieux per 10 000 inhabitants,
    and the population-weighted centre of its communes (``latitude``, ``longitude``) for the map.

    Below the département there is no target: the density shows which EPCI lacks lieux.
    An EPCI is in a scope through the département it is attached to. A territory without any
    EPCI (the collectivités d'outre-mer) stands as one row of its own, centred on its lieux
    since open data does not locate its communes, so that the national map counts every lieu.
    """
    weight = func.nullif(func.sum(case((Commune.latitude.is_not(None), Commune.population), else_=0)), 0)
    centres = (
        select(
            Commune.code_epci.label("code"),
            func.coalesce(
                func.sum(Commune.latitude * Commune.population) / weight, func.avg(Commune.latitude)
            ).label("latitude"),
            func.coalesce(
                func.sum(Commune.longitude * Commune.population) / weight, func.avg(Commune.longitude)
            ).label("longitude"),
        )
        .where(Commune.code_epci.is_not(None), Commune.latitude.is_not(None))
        .group_by(Commune.code_epci)
        .subquery()
    )
    counts = (
        select(Commune.code_epci.label("code"), func.count(Lieu.id).label("lieux"))
        .select_from(Lieu)
        .join(Commune, Commune.code_insee == Lieu.code_insee)
        .where(Commune.code_epci.is_not(None))
        .group_by(Commune.code_epci)
        .subquery()
    )
    lieux = func.coalesce(counts.c.lieux, 0)
    scope = (
        Epci.code == territory.code
        if territory.level == "epci"
        else departement_filter(territory, Epci.code_departement)
    )
    per_epci = (
        select(
            Epci.code,
            Epci.nom,
            Epci.code_departement,
            Epci.population,
            lieux.label("lieux"),
            (_ratio(lieux, Epci.population) * 10_000).label("lieux_pour_10000"),
            centres.c.latitude,
            centres.c.longitude,
        )
        .select_from(Epci)
        .outerjoin(counts, counts.c.code == Epci.code)
        .outerjoin(centres, centres.c.code == Epci.code)
        .where(scope)
    )
    if territory.level != "epci":
        territory_lieux = func.count(Lieu.id)
        per_epci = per_epci.union_all(
            select(
                Departement.code,
                Departement.nom,
                Departement.code.label("code_departement"),
                Departement.population,
                territory_lieux.label("lieux"),
                (_ratio(territory_lieux, Departement.population) * 10_000).label("lieux_pour_10000"),
                func.avg(Lieu.latitude).label("latitude"),
                func.avg(Lieu.longitude).label("longitude"),
            )
            .select_from(Departement)
            .outerjoin(Lieu, Lieu.code_departement == Departement.code)
            .where(
                departement_filter(territory, Departement.code),
                ~select(Epci.code).where(Epci.code_departement == Departement.code).exists(),
            )
            .group_by(Departement.code, Departement.nom, Departement.population)
        )
    rows = per_epci.subquery()
    statement = select(rows).order_by(rows.c.code_departement, rows.c.nom)
    frame = read_frame(engine, statement)
    return frame.astype({"lieux": "int64", "population": "int64"})


def places_per_commune(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Every commune of the scope with its population and the lieux located in it (0 included).

    Meant for a département or an EPCI (some 35 000 rows nationally): the communes without
    any lieu are the local gaps.
    """
    counts = (
        select(Lieu.code_insee.label("code_insee"), func.count().label("lieux"))
        .where(Lieu.code_insee.is_not(None), _in_scope(territory))
        .group_by(Lieu.code_insee)
        .subquery()
    )
    statement = (
        select(
            Commune.code_insee,
            Commune.nom,
            Commune.code_departement,
            Commune.population,
            func.coalesce(counts.c.lieux, 0).label("lieux"),
        )
        .select_from(Commune)
        .outerjoin(counts, counts.c.code_insee == Commune.code_insee)
        .where(commune_filter(territory, Commune.code_departement, Commune.code_insee))
        .order_by(Commune.code_insee)
    )
    frame = read_frame(engine, statement)
    return frame.astype({"lieux": "int64", "population": "int64"})


def snapshot_evolution(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Lieux counted at each snapshot date, summed over the scope's départements.

    Snapshots are taken per département at every import (110 → 138); at EPCI
    level they are those of the EPCI's département.
    """
    statement = (
        select(LieuxSnapshot.date, func.sum(LieuxSnapshot.nombre).label("lieux"))
        .where(departement_filter(territory, LieuxSnapshot.code_departement))
        .group_by(LieuxSnapshot.date)
        .order_by(LieuxSnapshot.date)
    )
    frame = read_frame(engine, statement, ["date", "lieux"])
    return frame.astype({"lieux": "int64"})


def _has_label(label: str) -> ColumnElement[bool]:
    """Whole-value match in the ``|``-separated list (``France Services`` never matches a longer label)."""
    padded = literal("|") + func.coalesce(Lieu.labels_nationaux, "") + literal("|")
    return padded.like(f"%|{label}|%")


def places_by_label(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Lieux carrying each national label (a lieu may carry several), and those carrying none."""
    matches = [_has_label(label) for label in NATIONAL_LABELS]
    no_label = ~matches[0]
    for match in matches[1:]:
        no_label = no_label & ~match
    columns = [func.sum(case((match, 1), else_=0)) for match in matches]
    columns.append(func.sum(case((no_label, 1), else_=0)))
    columns.append(func.count())
    with engine.connect() as connection:
        row = connection.execute(select(*columns).where(_in_scope(territory))).one()
    total = int(row[-1] or 0)
    labels = [*NATIONAL_LABELS.values(), NO_LABEL]
    counts = [int(value or 0) for value in row[:-1]]
    frame = pd.DataFrame({"label": labels, "lieux": counts})
    frame["part"] = frame["lieux"] / total if total else float("nan")
    return frame


def places_by_typology(engine: Engine, territory: Territory, top: int = 10) -> pd.DataFrame:
    """Lieux per typology code, the ``top`` most frequent and the rest as « Autres ».

    SQL counts the lieux per stored value; a value listing several codes
    (``TIERS_LIEUX|ASSO``) then adds its count to each code, so a lieu of two
    types counts in both, as the schema intends.
    """
    statement = (
        select(Lieu.typologie, func.count().label("lieux"))
        .where(_in_scope(territory))
        .group_by(Lieu.typologie)
    )
    grouped = read_frame(engine, statement, ["typologie", "lieux"])
    totals: dict[str, int] = {}
    for value, count in zip(grouped["typologie"], grouped["lieux"], strict=True):
        text = "" if pd.isna(value) else str(value)
        codes = [code.strip() for code in text.split(TYPOLOGY_SEPARATOR) if code.strip()]
        for code in dict.fromkeys(codes or [""]):
            totals[code] = totals.get(code, 0) + int(count)
    frame = pd.DataFrame({"code": list(totals), "lieux": list(totals.values())}, columns=["code", "lieux"])
    frame = frame.sort_values(["lieux", "code"], ascending=[False, True], kind="stable")
    known = frame[frame["code"] != ""]
    kept, rest = known.head(top), known.iloc[top:]
    rows = list(kept.itertuples(index=False))
    if not rest.empty:
        rows.append((OTHER_TYPOLOGIES, int(rest["lieux"].sum())))
    unknown = frame.loc[frame["code"] == "", "lieux"]
    if not unknown.empty:
        rows.append(("", int(unknown.sum())))
    result = pd.DataFrame(rows, columns=["code", "lieux"]).astype({"lieux": "int64"})
    result["typologie"] = [_typology_label(code) for code in result["code"]]
    return result[["code", "typologie", "lieux"]]


def _typology_label(code: str) -> str:
    if code == "":
        return UNKNOWN_TYPOLOGY
    return TYPOLOGY_LABELS.get(code, code)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, or the last day of a shorter month (31 August → 28/29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))


def freshness_cutoffs(today: date) -> tuple[date, date, date]:
    """Dates 6, 12 and 18 months before ``today``, the limits of the freshness bands."""
    return months_before(today, 6), months_before(today, 12), months_before(today, 18)


def _freshness_case(today: date) -> ColumnElement[str]:
    """Band of ``date_maj``: less than 6 months (a future date too), 6-12, 12-18, over 18, unknown.

    The cutoffs are computed here and bound as parameters: no date arithmetic in SQL.
    """
    six, twelve, eighteen = freshness_cutoffs(today)
    return case(
        (Lieu.date_maj.is_(None), "inconnue"),
        (Lieu.date_maj > six, "a_jour"),
        (Lieu.date_maj >= twelve, "a_surveiller"),
        (Lieu.date_maj >= eighteen, "a_verifier"),
        else_="a_rafraichir",
    )


def freshness_bands(engine: Engine, territory: Territory, today: date | None = None) -> pd.DataFrame:
    """Lieux per freshness band of their ``date_maj``, every band present and in order."""
    band = _freshness_case(today or date.today()).label("bande")
    statement = select(band, func.count().label("lieux")).where(_in_scope(territory)).group_by(band)
    counts = dict(read_frame(engine, statement, ["bande", "lieux"]).itertuples(index=False))
    frame = pd.DataFrame(
        {
            "bande": list(FRESHNESS_BANDS),
            "libelle": list(FRESHNESS_BANDS.values()),
            "lieux": [int(counts.get(key, 0)) for key in FRESHNESS_BANDS],
        }
    )
    total = int(frame["lieux"].sum())
    frame["part"] = frame["lieux"] / total if total else float("nan")
    return frame


def places_on_map(engine: Engine, territory: Territory, limit: int = 40_000) -> pd.DataFrame:
    """The lieux of the scope that have coordinates, with what the tooltip shows (at most ``limit``)."""
    statement = (
        select(
            Lieu.id,
            Lieu.nom,
            Lieu.commune,
            Lieu.latitude,
            Lieu.longitude,
            Lieu.labels_nationaux.label("labels"),
            Lieu.date_maj,
        )
        .where(_in_scope(territory), Lieu.latitude.is_not(None), Lieu.longitude.is_not(None))
        .order_by(Lieu.id)
        .limit(limit)
    )
    return read_frame(
        engine, statement, ["id", "nom", "commune", "latitude", "longitude", "labels", "date_maj"]
    )


def lieux_summary(engine: Engine, territory: Territory, today: date | None = None) -> LieuxSummary:
    """The headline figures: lieux, target and progress, share up to date, last snapshot.

    At EPCI level there is no target (``objectif`` and ``progression`` are ``None``);
    the density per 10 000 inhabitants is given at every level instead.
    """
    six_months = freshness_cutoffs(today or date.today())[0]
    up_to_date = func.sum(case((Lieu.date_maj > six_months, 1), else_=0))
    with engine.connect() as connection:
        lieux, a_jour = connection.execute(select(func.count(), up_to_date).where(_in_scope(territory))).one()
        if territory.level == "epci":
            objectif = None
            population = connection.scalar(select(Epci.population).where(Epci.code == territory.code))
        else:
            objectif = connection.scalar(
                select(
                    func.sum(func.coalesce(LieuxObjectif.objectif_local, LieuxObjectif.objectif_national))
                ).where(departement_filter(territory, LieuxObjectif.code_departement))
            )
            population = connection.scalar(
                select(func.sum(Departement.population)).where(
                    departement_filter(territory, Departement.code)
                )
            )
        dernier_releve = connection.scalar(
            select(func.max(LieuxSnapshot.date)).where(
                departement_filter(territory, LieuxSnapshot.code_departement)
            )
        )
    lieux = int(lieux or 0)
    objectif = int(objectif) if objectif else None
    population = int(population) if population else None
    return LieuxSummary(
        lieux=lieux,
        objectif=objectif,
        progression=lieux / objectif if objectif else None,
        part_a_jour=int(a_jour or 0) / lieux if lieux else None,
        population=population,
        lieux_pour_10000=lieux / population * 10_000 if population else None,
        dernier_releve=_as_date(dernier_releve),
    )


def _as_date(value: object) -> date | None:
    """SQLite returns an aggregated date as text; PostgreSQL as a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
