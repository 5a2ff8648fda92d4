"""Lieux de médiation numérique: labels, headline metrics and tables of the lieux page and COPIL."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fr_date, fr_number, fr_percent
from dashboard.presenters.common import Metric, as_percent_done, decimals, formatted
from dashboard.shared_frames import per_frame
from data_access.read_models import LieuxSummary

DEPARTEMENT_LABELS = {
    "code": "Code",
    "nom": "Département",
    "lieux": "Lieux recensés",
    "objectif": "Objectif",
    "objectif_local": "Dont objectif local",
    "progression": "Progression",
}
EPCI_LABELS = {
    "nom": "EPCI",
    "code_departement": "Département",
    "population": "Population",
    "lieux": "Lieux",
    "lieux_pour_10000": "Lieux pour 10 000 habitants",
}
EVOLUTION_LABELS = {"date": "Date du relevé", "lieux": "Lieux recensés"}
LABEL_LABELS = {"label": "Label national", "lieux": "Lieux", "part": "Part des lieux"}
TYPOLOGY_LABELS = {"typologie": "Typologie", "code": "Code", "lieux": "Lieux"}
FRESHNESS_LABELS = {"libelle": "Ancienneté de la mise à jour", "lieux": "Lieux", "part": "Part des lieux"}
PLACE_LABELS = {
    "nom": "Lieu",
    "commune": "Commune",
    "labels": "Labels nationaux",
    "date_maj": "Mise à jour",
}
OUTLINE_DEPARTEMENT_LABELS = {"code": "Code", "nom": "Département", "lieux": "Lieux recensés"}
COMMUNE_LABELS = {"code_insee": "Code INSEE", "nom": "Commune", "population": "Population", "lieux": "Lieux"}
UP_TO_DATE = "Part à jour (< 6 mois)"


def metrics(summary: LieuxSummary, level: str) -> list[Metric]:
    """The headline figures: against the target, except for an EPCI (targets are per département)."""
    if level == "epci":
        return [
            Metric("Lieux recensés", fr_number(summary.lieux)),
            Metric("Lieux pour 10 000 habitants", fr_number(summary.lieux_pour_10000, 1)),
            Metric(UP_TO_DATE, fr_percent(summary.part_a_jour)),
        ]
    return [
        Metric("Lieux recensés", fr_number(summary.lieux)),
        Metric("Objectif", fr_number(summary.objectif)),
        Metric("Progression", fr_percent(summary.progression)),
        Metric(UP_TO_DATE, fr_percent(summary.part_a_jour)),
    ]


def metrics_note(summary: LieuxSummary, level: str) -> str | None:
    """The last snapshot's date, and for an EPCI where its targets are set."""
    notes = []
    if summary.dernier_releve:
        notes.append(f"Dernier relevé : {fr_date(summary.dernier_releve)}")
    if level == "epci":
        notes.append("les objectifs sont fixés par département (voir le département de rattachement)")
    return " ; ".join(notes) + "." if notes else None


def evolution_caption(level: str) -> str:
    caption = "Un relevé est enregistré par département à chaque import de lieux."
    if level == "epci":
        caption += " Les relevés sont ceux du département de rattachement de l'EPCI."
    return caption


@per_frame
def targets_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Lieux and targets per département; progress on the 0–100 scale of a progress bar."""
    shown = formatted(frame, lieux=fr_number, objectif=fr_number, objectif_local=fr_number)
    return shown.assign(progression=as_percent_done(frame["progression"]))


@per_frame
def epci_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, population=fr_number, lieux=fr_number, lieux_pour_10000=decimals(1))


@per_frame
def evolution_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, lieux=fr_number, date=fr_date)


@per_frame
def shares_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Lieux and their share (per label, per freshness band)."""
    return formatted(frame, lieux=fr_number, part=fr_percent)


@per_frame
def counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, lieux=fr_number)


@per_frame
def communes_table(frame: pd.DataFrame) -> pd.DataFrame:
    return formatted(frame, population=fr_number, lieux=fr_number)


@per_frame
def with_details(outlines: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Outlines with the tooltip line of their map: « 12 lieux »."""
    return outlines.assign(detail=outlines["lieux"].map(lambda count: f"{fr_number(count)} {unit}"))


@per_frame
def places_table(points: pd.DataFrame) -> pd.DataFrame:
    """Lieux one per row: labels comma-separated, update date in French."""
    return points.assign(
        labels=points["labels"].fillna("").str.replace("|", ", ", regex=False),
        date_maj=points["date_maj"].map(fr_date),
    )


def too_many_points(count: int) -> str:
    return (
        f"{fr_number(count)} lieux sur la carte : trop pour les lister, le tableau donne leur "
        "nombre par département."
    )
