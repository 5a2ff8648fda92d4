"""Feuille de route: labels, headline metrics and tables of the roadmaps page (actions, money, envelopes)."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.roadmaps import axis_labels
from dashboard.formatting import MISSING, fr_date, fr_euros, fr_number, fr_percent, plain
from dashboard.presenters.common import Metric, departement_labels
from dashboard.shared_frames import per_frame
from data_access.read_models import ActionDetail, BudgetSummary, FinancingSummary, RoadmapSummary
from data_access.vocabulary import ACTION_STATUSES

COUNT_LABELS = {**ACTION_STATUSES, "actions": "Actions", "avancement_moyen": "Avancement moyen"}
PROGRESS_LABELS = {"libelle": "Axe", **COUNT_LABELS}
REGION_PROGRESS_LABELS = {"libelle": "Région", "feuilles": "Feuilles de route", **COUNT_LABELS}
ROADMAP_PROGRESS_LABELS = {"libelle": "Feuille de route", **COUNT_LABELS}
ACTION_LABELS = {
    "axe": "Axe",
    "action": "Action",
    "porteur": "Porteur",
    "debut": "Début",
    "fin": "Fin",
    "statut_libelle": "Statut",
    "avancement": "Avancement",
    "budget": "Budget global",
    "cofinancements": "Cofinancements",
    "subvention": "Subvention",
    "subvention_demandee_eur": "Subvention demandée",
    "subvention_acceptee_eur": "Subvention acceptée",
    "retard": "En retard",
}
OVERDUE_LABELS = {
    "axe": "Axe",
    "action": "Action",
    "porteur": "Porteur",
    "fin": "Fin prévue",
    "statut_libelle": "Statut",
    "avancement": "Avancement",
    "jours_de_retard": "Jours de retard",
}
MONEY_LABELS = {
    "libelle": "Axe",
    "budget_global_eur": "Budget global",
    "cofinancements_eur": "Cofinancements",
    "subventions_demandees_eur": "Subventions demandées",
    "subventions_acceptees_eur": "Subventions acceptées",
}
TOTAL_MONEY_LABELS = {**MONEY_LABELS, "libelle": "Périmètre"}
MONEY_COLUMNS = ("budget_global", "cofinancements", "subventions_demandees", "subventions_acceptees")
ENVELOPE_LABELS = {
    "departement_libelle": "Département",
    "type_libelle": "Type",
    "libelle": "Libellé",
    "annee": "Année",
    "montant_eur": "Montant",
    "conventions": "Conventions",
    "conventionne_eur": "Conventionné",
    "engage_eur": "Engagé",
    "verse_eur": "Versé",
    "detail": "Taux ou stagiaires",
}
CONVENTION_LABELS = {
    "departement_libelle": "Département",
    "type_libelle": "Enveloppe",
    "structure": "Structure",
    "montant_eur": "Montant",
    "signature": "Signée le",
    "statut_libelle": "Statut",
    "engage_eur": "Engagé",
    "verse_eur": "Versé",
}
COFINANCER_LABELS = {"financeur": "Co-financeur", "montant_eur": "Montant", "actions": "Actions"}
ROADMAP_LABELS = {
    "departement_libelle": "Département",
    "nom": "Feuille de route",
    "perimetre_libelle": "Périmètre",
    "porteur_nom": "Porteur",
    "adoption": "Adoptée le",
    "contrat": "Contrat préexistant",
    "axes": "Axes",
    "actions": "Actions",
}
YES_NO = {True: "Oui", False: "Non"}


def mean_progress(percent: float | None) -> str:
    """A mean percent done (0–100) as ``42 %``."""
    return fr_percent(percent / 100) if percent is not None else MISSING


def metrics(summary: RoadmapSummary) -> list[Metric]:
    return [
        Metric("Feuilles de route", fr_number(summary.feuilles)),
        Metric("Actions", fr_number(summary.actions)),
        Metric(
            "Avancement moyen",
            mean_progress(summary.avancement_moyen),
            "Moyenne des pourcentages d'avancement de toutes les actions.",
        ),
        Metric("Actions terminées", fr_percent(summary.part_terminees)),
        Metric(
            "Actions en retard",
            fr_number(summary.actions_en_retard),
            "Date de fin dépassée alors que l'action n'est ni terminée ni abandonnée.",
        ),
    ]


def budget_metrics(budget: BudgetSummary) -> list[Metric]:
    return [
        Metric("Budget global des actions", fr_euros(budget.budget_global)),
        Metric("Cofinancements", fr_euros(budget.cofinancements)),
        Metric(
            "Subventions demandées",
            fr_euros(budget.subventions_demandees),
            "Demandes déposées, en cours d'instruction ou acceptées (les refusées ne comptent plus).",
        ),
        Metric("Subventions acceptées", fr_euros(budget.subventions_acceptees)),
    ]


def engaged_metrics(money: FinancingSummary) -> list[Metric]:
    return [
        Metric(
            "Financement engagé",
            fr_euros(money.financement_engage),
            "Subventions acceptées et cofinancements obtenus pour les actions.",
        ),
        Metric(
            "Part du budget financée",
            fr_percent(money.taux_financement),
            "Financement engagé rapporté au budget global des actions.",
        ),
    ]


def envelope_metrics(money: FinancingSummary) -> list[Metric]:
    return [
        Metric("Enveloppes de l'État", fr_euros(money.enveloppes_etat)),
        Metric(
            "Reste à demander",
            fr_euros(money.reste_enveloppes),
            "Enveloppes de l'État moins les subventions demandées (hors demandes refusées).",
        ),
    ]


def has_no_money(budget: BudgetSummary) -> bool:
    return budget.budget_global == 0 and budget.cofinancements == 0 and budget.subventions_demandees == 0


def too_many_axes(count: int) -> str:
    return (
        f"{fr_number(count)} axes sur ce territoire : trop pour un graphique lisible, "
        "le détail par axe est dans le tableau qui suit."
    )


@per_frame
def labelled_axes(axes: pd.DataFrame) -> pd.DataFrame:
    """Axes with their ``libelle`` (``Axe 2 – …``, prefixed across roadmaps), once per read."""
    return axes.assign(libelle=axis_labels(axes))


@per_frame
def axis_choices(axes: pd.DataFrame) -> dict[int, str]:
    """Axis id → label of ``labelled_axes``: the options of the axis filter."""
    return dict(zip(axes["axe_id"], axes["libelle"], strict=True))


@per_frame
def action_choices(actions: pd.DataFrame) -> dict[str, str]:
    """Reference → « name (reference) »: the options of the action picker, once per read."""
    return {
        reference: f"{name} ({reference})"
        for reference, name in zip(actions["reference"], actions["nom"], strict=True)
    }


@per_frame
def with_axis_labels(rows: pd.DataFrame, axes: pd.DataFrame) -> pd.DataFrame:
    """The axis of each row by its label (``axes`` from ``labelled_axes``)."""
    return rows.assign(axe=rows["axe_id"].map(axis_choices(axes)))


@per_frame
def action_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Actions' dates and amounts in French: the costly part, kept once per data version by the page."""
    return frame.assign(
        debut=frame["date_debut"].map(fr_date),
        fin=frame["date_fin"].map(fr_date),
        budget=frame["budget_global"].map(fr_euros),
        cofinancements=frame["cofinancement"].map(fr_euros),
        subvention=frame["subvention_statut_libelle"].fillna(MISSING),
        subvention_demandee_eur=frame["subvention_demandee"].map(fr_euros),
        subvention_acceptee_eur=frame["subvention_acceptee"].map(fr_euros),
        retard=frame["en_retard"].map(YES_NO),
    )


@per_frame
def money_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A budget frame with its amounts in French euros, as ``<column>_eur``."""
    return frame.assign(**{f"{column}_eur": frame[column].map(fr_euros) for column in MONEY_COLUMNS})


def overall_money(budget: BudgetSummary) -> pd.DataFrame:
    """The whole territory's money as one row, when there are too many axes to chart."""
    return pd.DataFrame(
        {
            "libelle": ["Ensemble des actions du territoire"],
            **{column: [getattr(budget, column)] for column in MONEY_COLUMNS},
        }
    )


@per_frame
def envelope_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Envelopes followed through: amounts signed, committed and paid, and the detail of their kind."""
    return frame.assign(
        departement_libelle=departement_labels(frame["code_departement"], frame["departement"]),
        montant_eur=frame["montant"].map(fr_euros),
        conventionne_eur=frame["conventionne"].map(fr_euros),
        engage_eur=frame["engage"].map(fr_euros),
        verse_eur=frame["verse"].map(fr_euros),
        detail=[
            envelope_detail(rate, planned, trained)
            for rate, planned, trained in zip(
                frame["taux_prise_en_charge"],
                frame["personnes_prevues"],
                frame["personnes_formees"],
                strict=True,
            )
        ],
    )


def envelope_detail(rate: object, planned: object, trained: object) -> str:
    """« prise en charge 80 % » for the engineering contract, « 27 formés / 62 prévus » for training."""
    if not pd.isna(rate):
        return f"prise en charge {int(rate)} %"
    if not pd.isna(planned):
        done = 0 if pd.isna(trained) else int(trained)
        return f"{fr_number(done)} formés / {fr_number(int(planned))} prévus"
    return ""


def followed_metrics(money: FinancingSummary) -> list[Metric]:
    """The envelopes followed through: signed in conventions, committed, paid; trainees."""
    trainees = (
        MISSING
        if money.aidants_prevus is None
        else f"{fr_number(money.aidants_formes or 0)} / {fr_number(money.aidants_prevus)}"
    )
    return [
        Metric("Conventionné", fr_euros(money.montant_conventionne), "Conventions signées ou soldées."),
        Metric("Engagé", fr_euros(money.montant_engage)),
        Metric("Versé", fr_euros(money.montant_verse)),
        Metric("Aidants Connect formés / prévus", trainees),
    ]


@per_frame
def convention_rows(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return frame.assign(
        departement_libelle=departement_labels(
            frame["code_departement"], frame["code_departement"].map(names)
        ),
        montant_eur=frame["montant"].map(fr_euros),
        signature=frame["date_signature"].map(fr_date),
        engage_eur=frame["montant_engage"].map(fr_euros),
        verse_eur=frame["montant_verse"].map(fr_euros),
    )


@per_frame
def cofinancer_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(montant_eur=frame["montant"].map(fr_euros))


def action_detail_lines(detail: ActionDetail) -> list[str]:
    """The hidden fields of an action, as Markdown lines (texts from the store shown literally)."""
    lines = [f"**{plain(detail.nom)}** ({plain(detail.reference)}) – {plain(detail.feuille)}"]
    if detail.porteur:
        lines.append(f"**Porteur** : {plain(detail.porteur)}")
    lines.append(f"**Contexte** : {plain(detail.contexte) if detail.contexte else MISSING}")
    lines.append(f"**Description** : {plain(detail.description) if detail.description else MISSING}")
    lines.append(f"**Besoins** : {', '.join(detail.besoins) if detail.besoins else MISSING}")
    lines.append(f"**Contrat préexistant** : {detail.contrat_preexistant or MISSING}")
    cofinancers = ", ".join(f"{plain(name)} ({fr_euros(amount)})" for name, amount in detail.cofinanceurs)
    lines.append(f"**Co-financeurs** : {cofinancers or MISSING}")
    return lines


@per_frame
def roadmap_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        departement_libelle=departement_labels(frame["code_departement"], frame["departement"]),
        adoption=frame["date_adoption"].map(fr_date),
        perimetre_libelle=frame["perimetre_libelle"].fillna(MISSING),
        contrat=frame["contrat_libelle"].fillna(MISSING),
    )
