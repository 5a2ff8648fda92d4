"""National axes: the guess from titles, the audited correction, progress by national axis and région."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert, select

from data_access.access import DEMO_VIEWER, Viewer
from data_access.editing import EditRejected
from data_access.models import Action, Audit, Axe, FeuilleDeRoute
from data_access.national_axes import (
    CONFIRMED,
    GUESSED,
    UNLINKED,
    guess_engagement,
    local_axes,
    progress_by_national_axis,
    progress_by_region_and_axis,
    update_axis_engagement,
)
from data_access.refusals import Refused
from data_access.scope import NATIONAL


@pytest.mark.parametrize(
    ("title", "engagement"),
    [
        ("Structurer et coordonner l'offre de médiation numérique", 1),
        ("Aller vers les publics éloignés du numérique", 4),
        ("Développer les compétences numériques tout au long de la vie", 7),
        ("Favoriser l'accès aux équipements et à la connexion", 8),
        ("Reconnaître le métier d'aidant", 12),
        ("Ouvrir une plateforme de données", 13),
        ("Divers", None),
    ],
)
def test_guess_from_titles(title, engagement):
    assert guess_engagement(title) == engagement


@pytest.fixture
def roadmaps(geo_engine):
    with geo_engine.begin() as connection:
        connection.execute(
            insert(FeuilleDeRoute),
            [
                {"id": 1, "reference": "fdr-28", "code_departement": "28", "nom": "FdR 28"},
                {"id": 2, "reference": "fdr-35", "code_departement": "35", "nom": "FdR 35"},
            ],
        )
        connection.execute(
            insert(Axe),
            [
                {"id": 1, "feuille_de_route_id": 1, "numero": 1, "nom": "Aller vers les publics éloignés"},
                {"id": 2, "feuille_de_route_id": 1, "numero": 2, "nom": "Divers"},
                {"id": 3, "feuille_de_route_id": 2, "numero": 1, "nom": "Favoriser l'accès aux équipements"},
            ],
        )
        connection.execute(
            insert(Action),
            [
                {"reference": f"a{n}", "axe_id": axe, "code_departement": dep, "nom": "x",
                 "statut": "en_cours", "avancement": progress}
                for n, (axe, dep, progress) in enumerate([(1, "28", 20), (1, "28", 60), (3, "35", 50)])
            ],
        )  # fmt: skip
    return geo_engine


def test_progress_by_national_axis_and_region(roadmaps):
    axes = local_axes(roadmaps, NATIONAL).set_index("id")
    assert list(axes["origine"]) == [GUESSED, UNLINKED, GUESSED]
    progress = progress_by_national_axis(roadmaps, NATIONAL)
    assert progress[["axe_national", "axes_locaux", "actions", "avancement_moyen"]].to_dict("records") == [
        {"axe_national": 2, "axes_locaux": 2, "actions": 3, "avancement_moyen": pytest.approx(130 / 3)}
    ]
    regions = progress_by_region_and_axis(roadmaps, NATIONAL)
    assert dict(zip(regions["code_region"], regions["avancement_moyen"], strict=True)) == {"24": 40, "53": 50}


def test_editor_correction_is_audited(roadmaps):
    update_axis_engagement(roadmaps, DEMO_VIEWER, 2, 13, now=datetime(2025, 1, 2, 3, 4))
    axes = local_axes(roadmaps, NATIONAL).set_index("id")
    assert (axes.loc[2, "engagement"], axes.loc[2, "origine"], axes.loc[2, "axe_national"]) == (
        13,
        CONFIRMED,
        4,
    )
    with roadmaps.connect() as connection:
        audit = connection.execute(select(Audit)).one()
    assert (audit.objet, audit.reference, audit.champ, audit.avant, audit.apres) == (
        "axe", "fdr-28 axe 2", "engagement_national", None, "13"
    )  # fmt: skip


def test_correction_refused_outside_the_editor_territory_or_unknown(roadmaps):
    referent = Viewer("r@x.fr", "R", "departement", "35", ("35",))
    with pytest.raises(Refused):
        update_axis_engagement(roadmaps, referent, 1, 5)
    with pytest.raises(EditRejected):
        update_axis_engagement(roadmaps, DEMO_VIEWER, 1, 17)
    with roadmaps.connect() as connection:
        assert connection.scalar(select(Axe.engagement_national).where(Axe.id == 1)) is None
