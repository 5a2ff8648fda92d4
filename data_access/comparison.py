"""Read functions of the « Comparaison régionale » page: the départements of a région side by side.

A regional hub compares its départements on every indicator of the other pages,
against the regional total and the national reference. Each figure comes from a
SQL query grouped by département: the per-département read functions of the
other modules where they exist, and here one grouped query per missing source
(standing candidatures, actions, money). pandas only merges those already
aggregated frames on the département code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Float, case, cast, func, select

from data_access.candidatures import candidature_summary, epci_coverage_per_departement, is_standing
from data_access.financing import (
    AIDANTS_CONNECT,
    SIGNED_CONVENTIONS,
    cofinancement_per_action,
    financing_summary,
    subventions_per_action,
)
from data_access.fragility import fragility_summary, ifn_per_departement
from data_access.frames import COMPARED_COLUMNS
from data_access.governance import STAGE_ORDER, governance_summary, stage_per_departement
from data_access.indicators import indicator_summaries, indicators_per_departement
from data_access.lieux import lieux_summary, places_per_departement
from data_access.models import Action, Candidature, Convention, Departement, Enveloppe
from data_access.roadmaps import is_overdue, roadmap_summary
from data_access.scope import NATIONAL, Territory, departement_filter
from data_access.sql import read_frame
from data_access.territories import covered_departements

Kind = Literal["nombre", "pourcentage", "euros", "indice"]


@dataclass(frozen=True)
class Indicator:
    """How a compared column reads: French label, number format, and which way is better.

    ``kind``: ``nombre`` (count), ``pourcentage`` (a ratio 0–1), ``euros``, ``indice``
    (a score with one decimal). ``reference_line``: the regional and national values
    are comparable to a département's (ratios and means), so charts draw them; a
    regional sum of counts is not.
    """

    label: str
    kind: Kind
    higher_is_better: bool

    @property
    def reference_line(self) -> bool:
        return self.kind in ("pourcentage", "indice")


INDICATORS: dict[str, Indicator] = {
    "candidatures": Indicator("Candidatures", "nombre", True),
    "part_epci": Indicator("Part des EPCI inscrits", "pourcentage", True),
    "lieux": Indicator("Lieux de médiation", "nombre", True),
    "progression": Indicator("Progression vers l'objectif de lieux", "pourcentage", True),
    "ifn_moyen": Indicator("Indice de fragilité moyen", "indice", False),
    "communes_fragiles": Indicator("Communes fragiles (IFN ≥ 7)", "nombre", False),
    "actions": Indicator("Actions", "nombre", True),
    "avancement_moyen": Indicator("Avancement moyen des actions", "pourcentage", True),
    "actions_en_retard": Indicator("Actions en retard", "nombre", False),
    "enveloppes_etat": Indicator("Enveloppes de l'État", "euros", True),
    "financement_engage": Indicator("Financement engagé", "euros", True),
    "taux_financement": Indicator("Part du budget des actions financée", "pourcentage", True),
    "part_accompagnes": Indicator("Part de l'objectif de personnes accompagnées", "pourcentage", True),
    "part_equipements": Indicator("Part de l'objectif d'équipements reconditionnés", "pourcentage", True),
    "part_aidants": Indicator("Part de l'objectif d'aidants formés", "pourcentage", True),
    "conseillers": Indicator("Conseillers numériques", "nombre", True),
    "montant_conventionne": Indicator("Enveloppes conventionnées", "euros", True),
    "montant_verse": Indicator("Montants versés", "euros", True),
    "part_aidants_formes": Indicator("Aidants Connect formés / prévus", "pourcentage", True),
}
"""The compared indicators, in the order of the table and of the small multiples."""

STAGE_RANKING = "etape"
"""Ranking key for the governance stage, ordered from « Aucune gouvernance » to « Mise en œuvre »."""
RANKINGS: dict[str, str] = {STAGE_RANKING: "Étape de la gouvernance"} | {
    column: indicator.label for column, indicator in INDICATORS.items()
}
"""Everything the départements can be ranked by: column → French label."""

COLUMNS = list(COMPARED_COLUMNS)
COUNTS = ["candidatures", "lieux", "communes_fragiles", "actions", "actions_en_retard", "conseillers"]
TARGET_SHARES = {
    "part_accompagnes": "accompagnes",
    "part_equipements": "equipements",
    "part_aidants": "aidants",
}
"""Compared shares of the national targets: column → indicator (``data_access.indicators``)."""
FLOATS = [
    "part_epci",
    "objectif",
    "progression",
    "ifn_moyen",
    "avancement_moyen",
    "enveloppes_etat",
    "financement_engage",
    "taux_financement",
    *TARGET_SHARES,
    "montant_conventionne",
    "montant_verse",
    "part_aidants_formes",
]
MONEY = ["enveloppes_etat", "financement_engage", "montant_conventionne", "montant_verse"]
REGION_TOTAL = "Total région"
NATIONAL_REFERENCE = "France entière"


def _float_ratio(numerator: ColumnElement, denominator: ColumnElement) -> ColumnElement[float]:
    """``numerator / denominator`` as a float on both backends, NULL when the denominator is 0."""
    return cast(numerator, Float) / func.nullif(cast(denominator, Float), 0)


# --- Per-département sources that have no read function elsewhere -----------------------


def standing_candidatures_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Standing (non-cancelled) candidatures per département of the scope: ``code``, ``candidatures``.

    Only départements having some appear; the caller merges on the full list.
    """
    statement = (
        select(Candidature.code_departement.label("code"), func.count().label("candidatures"))
        .where(is_standing(), departement_filter(territory, Candidature.code_departement))
        .group_by(Candidature.code_departement)
    )
    return read_frame(engine, statement, ["code", "candidatures"])


def actions_per_departement(engine: Engine, territory: Territory, today: date) -> pd.DataFrame:
    """Per département having actions: ``code``, ``actions``, ``avancement_moyen`` (ratio 0–1),
    ``actions_en_retard`` (end date past ``today``, neither finished nor abandoned).

    The mean percent is the mean over the actions, as in ``roadmaps.roadmap_summary``, but
    as a ratio so that every percentage of the comparison reads the same way.
    """
    overdue = func.coalesce(func.sum(case((is_overdue(today), 1), else_=0)), 0)
    statement = (
        select(
            Action.code_departement.label("code"),
            func.count(Action.id).label("actions"),
            (cast(func.avg(Action.avancement), Float) / 100).label("avancement_moyen"),
            overdue.label("actions_en_retard"),
        )
        .where(departement_filter(territory, Action.code_departement))
        .group_by(Action.code_departement)
    )
    return read_frame(engine, statement, ["code", "actions", "avancement_moyen", "actions_en_retard"])


def money_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per département of the scope: ``enveloppes_etat``, ``financement_engage``, ``taux_financement``,
    ``montant_conventionne`` and ``montant_verse`` (signed conventions), ``part_aidants_formes``
    (Aidants Connect trainees trained over planned, NULL without a plan).

    Same definitions as ``financing.financing_summary``: money engaged is accepted
    subsidies plus co-financings, its rate is over the actions' global budgets
    (NULL without budget). Envelopes and action money are each grouped per
    département in a subquery before the join, so neither multiplies the other.
    """
    cofinancements = cofinancement_per_action()
    subventions = subventions_per_action()
    envelopes = (
        select(Enveloppe.code_departement.label("code"), func.sum(Enveloppe.montant).label("montant"))
        .group_by(Enveloppe.code_departement)
        .subquery("enveloppes_par_departement")
    )
    actions = (
        select(
            Action.code_departement.label("code"),
            func.sum(Action.budget_global).label("budget"),
            func.coalesce(func.sum(cofinancements.c.cofinancement), 0).label("cofinancements"),
            func.coalesce(func.sum(subventions.c.acceptee), 0).label("acceptees"),
        )
        .select_from(Action)
        .outerjoin(cofinancements, cofinancements.c.action_id == Action.id)
        .outerjoin(subventions, subventions.c.action_id == Action.id)
        .group_by(Action.code_departement)
        .subquery("argent_par_departement")
    )
    signed = Convention.statut.in_(SIGNED_CONVENTIONS)
    conventions = (
        select(
            Convention.code_departement.label("code"),
            func.sum(case((signed, Convention.montant), else_=0)).label("conventionne"),
            func.sum(case((signed, Convention.montant_verse), else_=0)).label("verse"),
        )
        .group_by(Convention.code_departement)
        .subquery("conventions_par_departement")
    )
    trainees = (
        select(
            Enveloppe.code_departement.label("code"),
            func.sum(Enveloppe.personnes_prevues).label("prevus"),
            func.sum(Enveloppe.personnes_formees).label("formes"),
        )
        .where(Enveloppe.type == AIDANTS_CONNECT)
        .group_by(Enveloppe.code_departement)
        .subquery("aidants_par_departement")
    )
    engaged = func.coalesce(actions.c.cofinancements, 0) + func.coalesce(actions.c.acceptees, 0)
    statement = (
        select(
            Departement.code,
            func.coalesce(envelopes.c.montant, 0).label("enveloppes_etat"),
            engaged.label("financement_engage"),
            func.coalesce(conventions.c.conventionne, 0).label("montant_conventionne"),
            func.coalesce(conventions.c.verse, 0).label("montant_verse"),
            _float_ratio(engaged, actions.c.budget).label("taux_financement"),
            _float_ratio(trainees.c.formes, trainees.c.prevus).label("part_aidants_formes"),
        )
        .select_from(Departement)
        .outerjoin(envelopes, envelopes.c.code == Departement.code)
        .outerjoin(actions, actions.c.code == Departement.code)
        .outerjoin(conventions, conventions.c.code == Departement.code)
        .outerjoin(trainees, trainees.c.code == Departement.code)
        .where(departement_filter(territory, Departement.code))
    )
    return read_frame(engine, statement, ["code", *MONEY, "taux_financement", "part_aidants_formes"])


def national_targets_per_departement(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per département of the scope: its share of each national target and its conseillers numériques."""
    rows = indicators_per_departement(engine, territory)
    shares = rows.pivot(index="code", columns="indicateur", values="progression")
    counts = rows.pivot(index="code", columns="indicateur", values="valeur")
    frame = pd.DataFrame(
        {column: shares.get(code) for column, code in TARGET_SHARES.items()}
        | {"conseillers": counts.get("conseillers")},
        index=shares.index,
    )
    return frame.rename_axis("code").reset_index()


# --- The comparison ------------------------------------------------------------------------


def departements_side_by_side(
    engine: Engine, territory: Territory, today: date | None = None
) -> pd.DataFrame:
    """One row per département of the territory (a région), by code, with every compared figure (``COLUMNS``).

    ``etape``/``etape_libelle``: governance stage; ``candidatures``: standing forms;
    ``part_epci``: share of the EPCI named by a standing form (missing without EPCI);
    ``lieux``, ``objectif`` and ``progression`` (ratio) as on the lieux page; ``ifn_moyen``:
    population-weighted IFN; ``communes_fragiles``: IFN ≥ 7; ``actions``, ``avancement_moyen``
    (ratio 0–1, missing without action), ``actions_en_retard`` at ``today``; ``enveloppes_etat``,
    ``financement_engage`` (€) and ``taux_financement`` (ratio, missing without budget).
    Empty for an unknown région.
    """
    today = today or date.today()
    stages = stage_per_departement(engine, territory)[["code", "nom", "etape", "etape_libelle"]]
    coverage = epci_coverage_per_departement(engine, territory)[["code", "part"]]
    places = places_per_departement(engine, territory)[["code", "lieux", "objectif", "progression"]]
    ifn = ifn_per_departement(engine, territory)[["code", "ifn", "communes_fragiles"]]
    sources = [
        standing_candidatures_per_departement(engine, territory),
        coverage.rename(columns={"part": "part_epci"}),
        places,
        ifn.rename(columns={"ifn": "ifn_moyen"}),
        actions_per_departement(engine, territory, today),
        money_per_departement(engine, territory),
        national_targets_per_departement(engine, territory),
    ]
    frame = stages
    for source in sources:
        frame = frame.merge(source, on="code", how="left")
    return _typed(frame)


def reference_rows(engine: Engine, territory: Territory, today: date | None = None) -> pd.DataFrame:
    """The « Total région » and « France entière » rows, with the columns of the comparison.

    Counts and amounts are sums over the scope; ratios are recomputed from those sums
    (not averaged over départements) and the IFN is the population-weighted mean over the
    communes, all from the synthesis ``*_summary`` functions. ``code`` is the région's code,
    then ``None``; ``etape`` is ``None`` and ``etape_libelle`` tells how many départements
    have a formalised governance (« 2 / 6 formalisées »).

    A row is given only when the reader may reach all it names: a referent's own figures,
    bounded by his ``allowed`` départements, are never labelled « Total région » or
    « France entière ».
    """
    today = today or date.today()
    rows = []
    if territory.level == "region" and _reaches_all(territory, covered_departements(engine, territory)):
        rows.append(_reference_row(engine, territory, territory.code, REGION_TOTAL, today))
    if territory.allowed is None:
        rows.append(_reference_row(engine, NATIONAL, None, NATIONAL_REFERENCE, today))
    return _typed(pd.DataFrame(rows, columns=COLUMNS))


def _reaches_all(territory: Territory, departements: tuple[str, ...] | None) -> bool:
    if territory.allowed is None:
        return True
    return departements is not None and set(departements) <= set(territory.allowed)


def _reference_row(
    engine: Engine, territory: Territory, code: str | None, nom: str, today: date
) -> dict[str, object]:
    gouvernance = governance_summary(engine, territory)
    formulaires = candidature_summary(engine, territory)
    places = lieux_summary(engine, territory, today)
    ifn = fragility_summary(engine, territory)
    feuilles = roadmap_summary(engine, territory, today)
    argent = financing_summary(engine, territory)
    mean_progress = feuilles.avancement_moyen
    national = {summary.definition.code: summary for summary in indicator_summaries(engine, territory)}
    return {
        "code": code,
        "nom": nom,
        "etape": None,
        "etape_libelle": f"{gouvernance.formalisees} / {gouvernance.departements} formalisées",
        "candidatures": formulaires.total,
        "part_epci": formulaires.part_epci,
        "lieux": places.lieux,
        "objectif": places.objectif,
        "progression": places.progression,
        "ifn_moyen": ifn.ifn_moyen,
        "communes_fragiles": ifn.communes_fragiles,
        "actions": feuilles.actions,
        "avancement_moyen": None if mean_progress is None else float(mean_progress) / 100,
        "actions_en_retard": feuilles.actions_en_retard,
        "enveloppes_etat": argent.enveloppes_etat,
        "financement_engage": argent.financement_engage,
        "taux_financement": argent.taux_financement,
        **{column: national[code].progression for column, code in TARGET_SHARES.items()},
        "conseillers": national["conseillers"].valeur or 0,
        "montant_conventionne": argent.montant_conventionne,
        "montant_verse": argent.montant_verse,
        "part_aidants_formes": _share(argent.aidants_formes, argent.aidants_prevus),
    }


def _share(part: float | None, whole: float | None) -> float | None:
    return None if part is None or not whole else part / whole


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as integers (0 when a source has no row), other figures as floats (NaN when missing)."""
    frame = frame.reindex(columns=COLUMNS)
    frame[COUNTS] = frame[COUNTS].fillna(0)
    frame[MONEY] = frame[MONEY].astype("float64").fillna(0.0)
    return frame.astype(dict.fromkeys(COUNTS, "int64") | dict.fromkeys(FLOATS, "float64")).reset_index(
        drop=True
    )


# --- Ranking (on the few rows above, no database) ----------------------------------------


def rank_departements(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The départements ordered by ``column``, best first, with their ``rang`` (1 = best).

    « Best » follows ``INDICATORS[column].higher_is_better``; the stage ranks from the
    most advanced governance down. Ties share the best rank (1, 1, 3); a département
    without a value has no rank (NaN) and comes last; ties are ordered by code.
    """
    if column == STAGE_RANKING:
        values = frame["etape"].map(
            lambda code: STAGE_ORDER.index(code) if code in STAGE_ORDER else float("nan")
        )
        higher_is_better = True
    else:
        values = frame[column]
        higher_is_better = INDICATORS[column].higher_is_better
    values = pd.to_numeric(values, errors="coerce").astype("float64")
    ranks = values.rank(method="min", ascending=not higher_is_better, na_option="keep")
    ranked = frame.assign(rang=ranks, _tri=ranks.fillna(float("inf")))
    ranked = ranked.sort_values(["_tri", "code"], kind="stable").drop(columns="_tri")
    return ranked.reset_index(drop=True)
