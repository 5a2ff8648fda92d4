"""The four national axes and sixteen engagements of France Numérique Ensemble, and the local axes
linked to them.

Each local roadmap axis belongs to one engagement (hence one national axis). An
editor sets it; until then a first guess is read from the axis title by keywords,
and shown as a guess. The setting is audited like every other edit. Progress by
national axis is the mean progress of the actions of the local axes linked to it.

The guess is a text rule on titles, so it runs in Python on the per-axis rows that
SQL has already aggregated (one row per local axis).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, select, update

from data_access.access import Viewer, require_editor
from data_access.editing import EditRejected, record_audit
from data_access.importers.values import fold
from data_access.models import Action, Axe, Departement, FeuilleDeRoute, Region
from data_access.scope import Territory, departement_filter
from data_access.sql import read_frame

NATIONAL_AXES: dict[int, str] = {
    1: "Territorialiser la politique d'inclusion numérique et accompagner les acteurs locaux",
    2: "Déployer des outils numériques accessibles à tous les médiateurs numériques",
    3: "Structurer la filière professionnelle et adapter les formations",
    4: "Collecter et partager des données structurées (« dites-le-nous une fois »)",
}
"""The four axes of the national roadmap (orientations nationales, 2023)."""


@dataclass(frozen=True)
class Engagement:
    """One of the sixteen engagements, the national axis it belongs to, and the words that suggest it."""

    numero: int
    axe: int
    libelle: str
    mots: tuple[str, ...]


ENGAGEMENTS: tuple[Engagement, ...] = (
    Engagement(1, 1, "Identifier les collectivités porteuses des gouvernances et feuilles de route",
               ("gouvernance", "coordonn", "pilot", "structurer et coordonner", "animer", "porteu")),
    Engagement(2, 1, "Constituer un fonds national pour pérenniser les dispositifs", ("financ", "fonds")),
    Engagement(3, 1, "Instituer une coordination interministérielle et partenariale",
               ("interminister", "partenari")),
    Engagement(4, 2, "Lever les freins psychosociaux à l'usage du numérique",
               ("aller vers", "aller-vers", "publics", "eloign", "capacitant", "freins", "securis",
                "risque")),
    Engagement(5, 2, "Déployer des solutions de diagnostic et d'accompagnement harmonisées",
               ("diagnostic", "accompagnement", "outiller", "orientation")),
    Engagement(6, 2, "Promouvoir le référentiel européen de compétences DigComp", ("digcomp", "referentiel")),
    Engagement(7, 2, "Donner à chacun la possibilité de se former en ligne et de manière autonome",
               ("competences", "tout au long de la vie", "se former", "autonom")),
    Engagement(8, 2, "Accompagner les dons de matériels informatiques",
               ("equipement", "reconditionn", "materiel", "connexion", "outillage", "acces")),
    Engagement(9, 3, "Structurer un comité de filière de la médiation numérique",
               ("comite de filiere", "filiere professionnelle", "filiere de la mediation")),
    Engagement(10, 3, "Labelliser les lieux d'accueil des publics", ("lieux", "label", "accueil")),
    Engagement(11, 3, "Développer la formation continue des conseillers numériques",
               ("conseiller", "formation continue", "professionnels", "former")),
    Engagement(12, 3, "Améliorer la reconnaissance du statut d'aidant professionnel", ("aidant",)),
    Engagement(13, 4, "Déployer une plateforme de données de l'inclusion numérique",
               ("donnees", "plateforme", "data")),
    Engagement(14, 4, "Former les acteurs territoriaux au pilotage par la donnée", ("evalu", "indicateur")),
    Engagement(15, 4, "Lancer l'Observatoire des compétences numériques (GIP PIX)", ("observatoire", "pix")),
    Engagement(16, 4, "Promouvoir les communs dans chacun des axes", ("communs",)),
)  # fmt: skip
"""The sixteen engagements, numbered as in the national roadmap."""

BY_NUMBER: dict[int, Engagement] = {engagement.numero: engagement for engagement in ENGAGEMENTS}
CONFIRMED = "Rattachement confirmé"
GUESSED = "Proposé d'après le titre"
UNLINKED = "À rattacher"


def guess_engagement(title: str) -> int | None:
    """The engagement whose words the title holds most (the lower number on a tie); ``None`` if none."""
    text = fold(title).replace("'", " ")
    scores = [(sum(word in text for word in item.mots), -item.numero) for item in ENGAGEMENTS]
    best = max(scores)
    return -best[1] if best[0] else None


def local_axes(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Every local axis of the scope with its actions, their mean progress, and its engagement:
    the one an editor set, else the guess from its title (``origine`` says which)."""
    actions = (
        select(
            Action.axe_id,
            func.count().label("actions"),
            func.avg(Action.avancement).label("avancement_moyen"),
        )
        .group_by(Action.axe_id)
        .subquery("actions")
    )
    statement = (
        select(
            Axe.id,
            FeuilleDeRoute.code_departement,
            Departement.nom.label("departement"),
            Departement.code_region,
            Region.nom.label("region"),
            FeuilleDeRoute.nom.label("feuille_nom"),
            Axe.numero,
            Axe.nom,
            Axe.engagement_national,
            func.coalesce(actions.c.actions, 0).label("actions"),
            actions.c.avancement_moyen,
        )
        .join(FeuilleDeRoute, FeuilleDeRoute.id == Axe.feuille_de_route_id)
        .join(Departement, Departement.code == FeuilleDeRoute.code_departement)
        .join(Region, Region.code == Departement.code_region)
        .outerjoin(actions, actions.c.axe_id == Axe.id)
        .where(departement_filter(territory, FeuilleDeRoute.code_departement))
        .order_by(FeuilleDeRoute.code_departement, FeuilleDeRoute.nom, Axe.numero)
    )
    frame = read_frame(engine, statement)
    frame["actions"] = frame["actions"].astype("int64")
    frame["avancement_moyen"] = frame["avancement_moyen"].astype(float)
    stored = frame["engagement_national"]
    guesses = [guess_engagement(title) for title in frame["nom"]]
    frame["engagement"] = [
        int(value) if pd.notna(value) else guess for value, guess in zip(stored, guesses, strict=True)
    ]
    frame["origine"] = [
        CONFIRMED if pd.notna(value) else (GUESSED if guess is not None else UNLINKED)
        for value, guess in zip(stored, guesses, strict=True)
    ]
    frame["axe_national"] = [
        BY_NUMBER[int(number)].axe if pd.notna(number) else None for number in frame["engagement"]
    ]
    return frame


def progress_by_national_axis(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per national axis: local axes linked, their actions and the actions' mean progress (0–100)."""
    return _progress(local_axes(engine, territory), [])


def progress_by_region_and_axis(engine: Engine, territory: Territory) -> pd.DataFrame:
    """Per région of the scope and national axis: local axes, actions, mean progress."""
    return _progress(local_axes(engine, territory), ["code_region", "region"])


def _progress(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    columns = [*keys, "axe_national", "libelle", "axes_locaux", "actions", "avancement_moyen"]
    linked = frame[frame["axe_national"].notna()].copy()
    if linked.empty:
        return pd.DataFrame(columns=columns)
    linked["points"] = linked["avancement_moyen"].fillna(0) * linked["actions"]
    grouped = (
        linked.groupby([*keys, "axe_national"], sort=True)
        .agg(axes_locaux=("id", "count"), actions=("actions", "sum"), points=("points", "sum"))
        .reset_index()
    )
    grouped["axe_national"] = grouped["axe_national"].astype("int64")
    grouped["libelle"] = grouped["axe_national"].map(lambda number: f"Axe {number} – {NATIONAL_AXES[number]}")
    grouped["avancement_moyen"] = grouped["points"] / grouped["actions"].where(grouped["actions"] > 0)
    return grouped[columns]


def update_axis_engagement(
    engine: Engine, viewer: Viewer, axe_id: int, engagement: int | None, now: datetime | None = None
) -> None:
    """Link a local axis to an engagement (``None``: back to the guess from its title); audited."""
    if engagement is not None and engagement not in BY_NUMBER:
        raise EditRejected(f"Engagement national inconnu : « {engagement} » (1 à 16).")
    with engine.begin() as connection:
        row = connection.execute(
            select(
                FeuilleDeRoute.code_departement, FeuilleDeRoute.reference, Axe.numero, Axe.engagement_national
            )
            .join(FeuilleDeRoute, FeuilleDeRoute.id == Axe.feuille_de_route_id)
            .where(Axe.id == axe_id)
        ).one_or_none()
        if row is None:
            raise EditRejected("Cet axe n'existe pas ou plus.")
        require_editor(viewer, row.code_departement)
        connection.execute(update(Axe).where(Axe.id == axe_id).values(engagement_national=engagement))
        record_audit(
            connection,
            viewer,
            row.code_departement,
            "axe",
            f"{row.reference} axe {row.numero}",
            {"engagement_national": (row.engagement_national, engagement)},
            now,
        )
