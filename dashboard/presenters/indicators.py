"""The national targets: cards, projection sentences and tables in French, from the read models.

The same sentences serve the synthèse, the « Objectifs nationaux » page, the COPIL
mode and the brief, so that a figure never reads two ways.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.formatting import fr_date, fr_number, fr_percent, is_missing
from dashboard.shared_frames import per_frame
from data_access.indicators import TARGET_RULE, IndicatorSummary, breakdowns_of
from data_access.projection import HORIZON_YEAR, Projection, project

DEPARTEMENT_LABELS = {
    "code": "Code",
    "nom": "Département",
    "region": "Région",
    "valeur": "Valeur",
    "objectif": "Objectif",
    "progression": "Part de l'objectif",
    "origine_objectif": "Origine de l'objectif",
    "date": "Date des données",
}
REGION_LABELS = {
    "nom": "Région",
    "valeur": "Valeur",
    "objectif": "Objectif",
    "progression": "Part de l'objectif",
    "departements_releves": "Départements relevés",
}
EVOLUTION_LABELS = {"date": "Date des données", "valeur": "Valeur"}
BREAKDOWN_LABELS = {"libelle": "Catégorie", "valeur": "Nombre", "part": "Part"}
NO_TARGET = "Suivi sans objectif national chiffré."
EPCI_NOTE = "Chiffres du département de l'EPCI : ces indicateurs ne sont pas publiés plus finement."


@dataclass(frozen=True)
class TargetCard:
    """One indicator as a card shows it: every text already in French."""

    code: str
    titre: str
    valeur: str
    objectif: str | None
    part: str | None
    tendance: str | None
    source: str
    proxy: str | None
    projection: str | None
    regle: str | None

    @property
    def headline(self) -> str:
        """« 2 135 298 / 8 000 000 » or the value alone (tables and the brief)."""
        return self.valeur if self.objectif is None else f"{self.valeur} / {self.objectif}"

    @property
    def target_line(self) -> str | None:
        """« 26,7 % de l'objectif de 8 000 000 » under the value, as Markdown (figures only)."""
        if self.objectif is None:
            return None
        if self.part is None:
            return f"Objectif : {self.objectif}"
        return f"**{self.part}** de l'objectif de {self.objectif}"


def target_card(summary: IndicatorSummary) -> TargetCard:
    """The card of one indicator at one territory level."""
    definition = summary.definition
    has_value = summary.valeur is not None
    target = summary.objectif if definition.has_target else None
    rule = None
    if target is not None:
        rule = TARGET_RULE
        if summary.objectifs_locaux:
            rule += f" Dont {fr_number(summary.objectifs_locaux)} objectif(s) fixé(s) localement."
    return TargetCard(
        code=definition.code,
        titre=definition.libelle,
        valeur=fr_number(summary.valeur) if has_value else "Aucune donnée importée",
        objectif=fr_number(target) if target is not None else None,
        part=fr_percent(summary.progression, 1) if has_value and target else None,
        tendance=trend_text(summary),
        source=source_text(summary),
        proxy=definition.proxy,
        projection=projection_text(project(summary.evolution, target), definition.unite)
        if has_value and target
        else (NO_TARGET if not definition.has_target else None),
        regle=rule,
    )


def target_cards(summaries: tuple[IndicatorSummary, ...]) -> tuple[TargetCard, ...]:
    return tuple(target_card(summary) for summary in summaries)


def trend_text(summary: IndicatorSummary) -> str | None:
    """The change since the previous snapshot: « +1 234 depuis le 1er juillet 2025 »."""
    points = summary.evolution
    if len(points) < 2:
        return None
    change = points[-1].valeur - points[-2].valeur
    sign = "+" if change >= 0 else "−"
    return f"{sign}{fr_number(abs(change))} depuis le relevé du {fr_date(points[-2].date)}"


def source_text(summary: IndicatorSummary) -> str:
    """The date of the data, then where it comes from."""
    definition = summary.definition
    if summary.date_releve is None:
        return f"Source attendue : {definition.source_valeurs}."
    return f"Données du {fr_date(summary.date_releve)} – {definition.source_valeurs}."


def projection_text(projection: Projection, unite: str) -> str:
    """One sentence, labelled as a projection: the year at the recent pace, the pace needed by 2027."""
    deadline = fr_date(projection.echeance)
    if projection.atteint:
        return f"Projection : objectif déjà atteint (échéance {deadline})."
    if projection.rythme_mensuel is None:
        reached = "un seul relevé, pas encore de rythme mesurable"
    elif projection.rythme_mensuel <= 0:
        reached = f"au rythme des relevés récents ({signed(projection.rythme_mensuel)} {unite} par mois), "
        reached += "l'objectif ne serait jamais atteint"
    elif projection.annee_atteinte is None:
        reached = f"au rythme des relevés récents ({signed(projection.rythme_mensuel)} {unite} par mois), "
        reached += f"l'objectif serait atteint au-delà de {HORIZON_YEAR}"
    else:
        reached = f"au rythme des relevés récents ({signed(projection.rythme_mensuel)} {unite} par mois), "
        reached += f"l'objectif serait atteint en {projection.annee_atteinte}"
    if projection.rythme_necessaire is None:
        return f"Projection : {reached} ; l'échéance du {deadline} est passée."
    needed = f"{signed(projection.rythme_necessaire)} {unite} par mois"
    return f"Projection : {reached} ; il faudrait {needed} pour l'atteindre au {deadline}."


def signed(value: float) -> str:
    """A pace with its sign; one decimal below 10 so that a slow pace does not read « +0 »."""
    return ("+" if value >= 0 else "−") + fr_number(abs(value), 1 if abs(value) < 10 else 0)


@per_frame
def departement_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The per-département frame with its figures in French (for the table under the map)."""
    shown = frame.copy()
    shown["origine_objectif"] = [
        "—"
        if is_missing(target)
        else ("Objectif local" if not is_missing(local) else "Part de la population")
        for target, local in zip(shown["objectif"], shown["objectif_local"], strict=True)
    ]
    shown["valeur"] = shown["valeur"].map(fr_number)
    shown["objectif"] = shown["objectif"].map(fr_number)
    shown["progression"] = shown["progression"].map(lambda ratio: fr_percent(ratio, 1))
    shown["date"] = shown["date"].map(fr_date)
    return shown


def target_origin(target: object, local: object) -> str:
    if is_missing(target):
        return "—"
    return "Objectif local" if not is_missing(local) else "Part de la population"


@per_frame
def region_rows(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.copy()
    shown["valeur"] = shown["valeur"].map(fr_number)
    shown["objectif"] = shown["objectif"].map(fr_number)
    shown["progression"] = shown["progression"].map(lambda ratio: fr_percent(ratio, 1))
    return shown


@per_frame
def evolution_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(date=frame["date"].map(fr_date), valeur=frame["valeur"].map(fr_number))


@per_frame
def breakdown_sections(frame: pd.DataFrame, code: str = "accompagnes") -> list[tuple[str, pd.DataFrame]]:
    """Each breakdown of an indicator as (title, rows with label, value and share), in order."""
    sections: list[tuple[str, pd.DataFrame]] = []
    for dimension, (title, labels) in breakdowns_of(code).items():
        part = frame[frame["dimension"] == dimension]
        if part.empty:
            continue
        rows = pd.DataFrame(
            {
                "libelle": [labels.get(category, category) for category in part["categorie"]],
                "valeur": part["valeur"].astype("int64").to_list(),
            }
        ).sort_values("valeur", ascending=False, kind="stable")
        total = int(rows["valeur"].sum())
        rows["part"] = rows["valeur"] / total if total else float("nan")
        sections.append((title, rows.reset_index(drop=True)))
    return sections
