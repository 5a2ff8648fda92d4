"""Demo generator: deterministic, replaces the non-geography data, consistent, and echoes the sources."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from data_access import financing, governance, meetings
from data_access.db import make_engine
from data_access.demo import DEMO_TODAY, DemoCounts, generate_demo, of_departement, of_place
from data_access.models import (
    Action,
    Axe,
    Candidature,
    CandidatureTerritoire,
    Comite,
    ComiteReunion,
    Commune,
    Departement,
    Enveloppe,
    Epci,
    FeuilleDeRoute,
    Gouvernance,
    IfnCommune,
    IfnEpci,
    ImportLog,
    Lieu,
    LieuxObjectif,
    LieuxSnapshot,
    StoreMeta,
)
from data_access.scope import Territory
from data_access.store_info import is_demo_store
from data_access.vocabulary import (
    ACTION_STATUSES,
    BESOINS,
    CANDIDATURE_STATUSES,
    GOVERNANCE_STAGES,
    MILESTONES,
    NATIONAL_LABELS,
)
from tests.builders import add

EURE_ET_LOIR_AXES = [
    "Coordonner, animer et structurer la médiation numérique et développer l'aller-vers",
    "Favoriser et renforcer les compétences numériques tout au long de la vie",
    "Prévenir les risques et sécuriser l'usage numérique (équipements et pratiques)",
    "Promouvoir le numérique capacitant",
    "Structurer une filière de reconditionnement et faciliter l'accès à l'outillage numérique "
    "et l'entretien des outils numériques",
]
COMPARED_TABLES = [Candidature, CandidatureTerritoire, Gouvernance, ComiteReunion, Action, Lieu, IfnEpci]


def table_rows(engine: Engine, model: type) -> list[tuple]:
    with engine.connect() as connection:
        return sorted(map(tuple, connection.execute(select(model.__table__))), key=repr)


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_same_seed_same_rows_other_seed_other_rows(geo_engine):
    first = generate_demo(geo_engine, seed=7)
    snapshot = {model.__tablename__: table_rows(geo_engine, model) for model in COMPARED_TABLES}
    second = generate_demo(geo_engine, seed=7)

    assert first == second
    for model in COMPARED_TABLES:
        assert table_rows(geo_engine, model) == snapshot[model.__tablename__], model.__tablename__
    generate_demo(geo_engine, seed=8)
    assert table_rows(geo_engine, Lieu) != snapshot["lieu"]


def test_replaces_everything_but_the_geography(geo_engine):
    add(geo_engine, StoreMeta, {"key": "autre", "value": "x"})
    add(geo_engine, Lieu, {"id": "ancien", "nom": "Ancien lieu", "placement": "non_placee"})
    with geo_engine.begin() as connection:
        connection.execute(LieuxObjectif.__table__.update().values(objectif_local=999, source_local="ancien"))

    generate_demo(geo_engine, scale=0.5)
    counts = generate_demo(geo_engine, scale=0.5)

    assert count(geo_engine, Lieu) == counts.lieux
    assert count(geo_engine, Candidature) == counts.candidatures
    assert count(geo_engine, CandidatureTerritoire) == counts.candidature_territoires
    assert count(geo_engine, Action) == counts.actions
    assert count(geo_engine, ImportLog) == counts.import_log == 10  # 6 sources and 4 indicators
    assert count(geo_engine, IfnCommune) == counts.ifn_communes == 7
    assert count(geo_engine, IfnEpci) == counts.ifn_epci == 4
    with geo_engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(Lieu.id == "ancien")) == 0
        assert sorted(connection.execute(select(StoreMeta.key, StoreMeta.value))) == [
            ("demo_data", "true"),
            ("reference_date", "2025-11-01"),
        ]
        objectifs = dict(
            connection.execute(select(LieuxObjectif.code_departement, LieuxObjectif.objectif_local)).all()
        )
    assert objectifs == {"28": 200, "35": None, "45": None}
    assert (count(geo_engine, Departement), count(geo_engine, Epci), count(geo_engine, Commune)) == (3, 4, 7)
    assert is_demo_store(geo_engine)


def test_rows_inserted_after_the_demo_get_fresh_ids(geo_engine):
    """Explicit ids must not leave PostgreSQL sequences behind (an import after the demo would collide)."""
    generate_demo(geo_engine, scale=0.2)
    add(
        geo_engine,
        Candidature,
        {"reference": "IMPORT-1", "code_departement": "45", "persona": "commune", "intention": "participer"}
        | {"statut": "candidat", "structure_nom": "Commune d'Orléans"},
    )
    with geo_engine.connect() as connection:
        new_id = connection.scalar(select(Candidature.id).where(Candidature.reference == "IMPORT-1"))
        assert new_id == connection.scalar(select(func.max(Candidature.id)))


def test_import_log_gives_every_source_a_fixed_date(geo_engine):
    counts = generate_demo(geo_engine, scale=0.5, seed=3)
    with geo_engine.connect() as connection:
        logs = {row.kind: row for row in connection.execute(select(ImportLog))}

    assert sorted(logs) == sorted(
        [
            *("lieux", "ifn", "dotations", "gouvernances", "candidatures", "feuilles-de-route"),
            *("accompagnements", "aidants-connect", "conseillers-numeriques", "equipements"),
        ]
    )
    assert logs["lieux"].rows == counts.lieux
    assert logs["candidatures"].rows == counts.candidatures
    assert logs["feuilles-de-route"].rows == counts.actions
    assert {log.filename for log in logs.values()} == {"démonstration (générée)"}
    assert all(log.imported_at.year in (2024, 2025) for log in logs.values())
    assert all(len(log.checksum) == 64 for log in logs.values())
    assert json.loads(logs["lieux"].details)["departements"]["28"] == count_where(geo_engine, Lieu, "28")


def count_where(engine: Engine, model: type, code: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).where(model.code_departement == code))


def test_data_are_consistent(geo_engine):
    generate_demo(geo_engine)
    with geo_engine.connect() as connection:
        gouvernances = list(connection.execute(select(Gouvernance)))
        actions = list(connection.execute(select(Action)))
        lieux = list(connection.execute(select(Lieu)))
        communes = {row.code_insee: row for row in connection.execute(select(Commune))}
        snapshots = list(connection.execute(select(LieuxSnapshot).order_by(LieuxSnapshot.date)))
        candidatures = list(connection.execute(select(Candidature)))
        territoires = list(connection.execute(select(CandidatureTerritoire)))
        epcis = set(connection.scalars(select(Epci.code)))

    for gouvernance in gouvernances:
        assert gouvernance.etape in GOVERNANCE_STAGES and gouvernance.etape != "aucune"
        dates = [
            gouvernance.date_pressentie,
            gouvernance.date_formalisee,
            gouvernance.date_feuille_adoptee,
            gouvernance.date_mise_en_oeuvre,
        ]
        known = [day for day in dates if day is not None]
        assert known == sorted(known) and all(day <= DEMO_TODAY for day in known)
        if gouvernance.etape in ("pressentie", "formalisee", "feuille_en_redaction"):
            assert gouvernance.date_feuille_adoptee is None
    assert actions
    for action in actions:
        assert action.statut in ACTION_STATUSES
        if action.statut == "a_lancer":
            assert action.avancement == 0
        elif action.statut == "terminee":
            assert action.avancement == 100 and action.date_fin <= DEMO_TODAY
        elif action.statut == "en_cours":
            assert 5 <= action.avancement <= 95
        if action.date_debut and action.date_fin:
            assert date(2024, 1, 1) <= action.date_debut <= action.date_fin <= date(2027, 12, 31)
        assert not action.besoins or set(action.besoins.split("|")) <= set(BESOINS)

    per_departement: dict[str, int] = {}
    for lieu in lieux:
        commune = communes[lieu.code_insee]
        assert lieu.code_departement == commune.code_departement
        distance = math.hypot(
            (lieu.latitude - commune.latitude) * 111.2,
            (lieu.longitude - commune.longitude) * 111.2 * math.cos(math.radians(commune.latitude)),
        )
        assert distance < 2.0
        assert lieu.placement in ("coordonnees", "code_insee", "code_postal")
        assert not lieu.labels_nationaux or set(lieu.labels_nationaux.split("|")) <= set(NATIONAL_LABELS)
        assert lieu.date_maj is None or date(2023, 1, 1) <= lieu.date_maj <= DEMO_TODAY
        per_departement[lieu.code_departement] = per_departement.get(lieu.code_departement, 0) + 1
    last: dict[str, tuple[date, int]] = {}
    for snapshot in snapshots:
        previous = last.get(snapshot.code_departement)
        assert previous is None or previous[1] <= snapshot.nombre
        last[snapshot.code_departement] = (snapshot.date, snapshot.nombre)
    assert {code: nombre for code, (_, nombre) in last.items()} == per_departement
    assert {day for day, _ in last.values()} == {date(2025, 10, 1)}

    for candidature in candidatures:
        assert candidature.statut in CANDIDATURE_STATUSES
        assert date(2023, 9, 1) <= candidature.date_creation <= date(2025, 6, 30)
        assert candidature.date_envoi is None or candidature.date_creation <= candidature.date_envoi
        assert (candidature.statut == "annule") == (candidature.date_annulation is not None)
        if candidature.persona == "epci":
            assert candidature.code_epci in epcis
        assert candidature.siren is None or (len(candidature.siren) == 9 and candidature.siren.isdigit())
    assert len({candidature.siren for candidature in candidatures}) == len(candidatures)
    for territoire in territoires:
        if territoire.type == "commune":
            assert territoire.code in communes
        elif territoire.type == "epci":
            assert territoire.code in epcis


def test_eure_et_loir_echoes_its_relevé_de_conclusions(geo_engine):
    generate_demo(geo_engine, scale=0.3)
    with geo_engine.connect() as connection:
        envelopes = {
            (row.code_departement, row.type): row.montant for row in connection.execute(select(Enveloppe))
        }
        axes = list(
            connection.scalars(
                select(Axe.nom)
                .join(FeuilleDeRoute, FeuilleDeRoute.id == Axe.feuille_de_route_id)
                .where(FeuilleDeRoute.code_departement == "28")
                .order_by(Axe.numero)
            )
        )
        snapshots = dict(
            connection.execute(
                select(LieuxSnapshot.date, LieuxSnapshot.nombre).where(LieuxSnapshot.code_departement == "28")
            ).all()
        )
        objectif = connection.execute(
            select(LieuxObjectif.objectif_local, LieuxObjectif.source_local).where(
                LieuxObjectif.code_departement == "28"
            )
        ).one()
        gouvernance = connection.execute(
            select(Gouvernance).where(Gouvernance.code_departement == "28")
        ).one()
        meetings = dict(
            connection.execute(
                select(ComiteReunion.date, Comite.type)
                .join(Comite, Comite.id == ComiteReunion.comite_id)
                .where(Comite.gouvernance_id == gouvernance.id)
            ).all()
        )

    assert envelopes[("28", "dotation_ingenierie")] == 42_500
    assert envelopes[("28", "formation_aidants_connect")] == 20_000
    assert envelopes[("35", "dotation_ingenierie")] == 55_400
    assert axes == EURE_ET_LOIR_AXES
    assert snapshots[date(2023, 10, 1)] == 110 and snapshots[date(2024, 4, 1)] == 138
    assert max(snapshots.values()) == count_where(geo_engine, Lieu, "28") >= 138
    assert objectif.objectif_local == 200 and "4 avril 2024" in objectif.source_local
    assert gouvernance.sous_prefet_nom == "Claude JEAY"
    assert gouvernance.sous_prefet_email == "claude.jeay@eure-et-loir.gouv.fr"
    assert gouvernance.date_formalisee is not None
    assert gouvernance.date_feuille_adoptee > MILESTONES["feuille_adoptee"][1]  # postponed to October
    assert {day: kind for day, kind in meetings.items() if day.year == 2024 and day.month <= 6} == {
        date(2024, 2, 23): "bilaterale",
        date(2024, 3, 12): "groupe_travail",
        date(2024, 3, 19): "bilaterale",
        date(2024, 3, 26): "groupe_travail",
        date(2024, 4, 4): "technique",
        date(2024, 4, 16): "groupe_travail",
        date(2024, 5, 6): "bilaterale",
        date(2024, 5, 7): "bilaterale",
        date(2024, 5, 14): "bilaterale",
        date(2024, 5, 16): "groupe_travail",
        date(2024, 5, 21): "bilaterale",
        date(2024, 5, 23): "groupe_travail",
        date(2024, 6, 5): "technique",
        date(2024, 6, 27): "strategique",
    }


def test_needs_the_geography(engine):
    with pytest.raises(ValueError, match="géographie"):
        generate_demo(engine)
    with pytest.raises(ValueError, match="échelle"):
        generate_demo(engine, scale=0)


def test_counts_print_in_french():
    text = str(DemoCounts(lieux=3, actions=2))
    assert "lieux" in text and text.splitlines()[0] == "Lignes générées :"
    assert DemoCounts(lieux=3, actions=2).total == 5


@pytest.mark.parametrize(
    ("nom", "expected"),
    [
        ("Eure-et-Loir", "d'Eure-et-Loir"),
        ("Ille-et-Vilaine", "d'Ille-et-Vilaine"),
        ("Loiret", "du Loiret"),
        ("Ain", "de l'Ain"),
        ("Somme", "de la Somme"),
        ("Bouches-du-Rhône", "des Bouches-du-Rhône"),
        ("Saône-et-Loire", "de Saône-et-Loire"),
        ("Hérault", "de l'Hérault"),
        ("Haute-Garonne", "de la Haute-Garonne"),
        ("La Réunion", "de La Réunion"),
    ],
)
def test_departement_names_take_the_right_article(nom, expected):
    assert of_departement(nom) == expected


def test_place_names_elide():
    assert [of_place(name) for name in ("Chartres", "Orléans", "Le Mans", "Les Ulis")] == [
        "de Chartres",
        "d'Orléans",
        "du Mans",
        "des Ulis",
    ]


def test_whole_of_france(app_store_url):
    """The session store of the page tests: real geography, scale 0.3."""
    engine = make_engine(app_store_url)
    try:
        with engine.connect() as connection:
            departements = set(connection.scalars(select(Departement.code)))
            with_lieux = set(connection.scalars(select(Lieu.code_departement).distinct()))
            with_dotation = set(
                connection.scalars(
                    select(Enveloppe.code_departement).where(Enveloppe.type == "dotation_ingenierie")
                )
            )
            stages = set(connection.scalars(select(Gouvernance.etape).distinct()))
            gouvernances = connection.scalar(select(func.count()).select_from(Gouvernance))
            communes = connection.scalar(select(func.count()).select_from(Commune))
            ifn = connection.scalar(select(func.count()).select_from(IfnCommune))
            late = connection.scalar(
                select(func.count()).where(
                    Gouvernance.date_formalisee > MILESTONES["gouvernance_formalisee"][1]
                )
            )
            with_epci_forms = set(
                connection.scalars(select(Candidature.code_departement).where(Candidature.persona == "epci"))
            )
            with_epci = set(connection.scalars(select(Epci.code_departement)))
    finally:
        engine.dispose()

    assert len(departements) == 107  # the 101 départements and the six collectivités d'outre-mer
    assert with_lieux == departements == with_dotation
    assert stages == set(GOVERNANCE_STAGES) - {"aucune"}
    assert 80 <= gouvernances < 107  # a few territories have none yet
    assert ifn == communes
    assert late > 0
    assert with_epci_forms == with_epci


def test_indicators_rise_on_the_lieux_snapshot_dates_with_the_eure_et_loir_seed(geo_engine):
    from data_access.indicators import indicator_summaries
    from data_access.projection import project
    from data_access.scope import Territory

    generate_demo(geo_engine, scale=0.5)
    summaries = {
        item.definition.code: item for item in indicator_summaries(geo_engine, Territory.departement("28"))
    }

    assert summaries["aidants"].valeur == 62
    for code in ("accompagnes", "equipements", "aidants", "conseillers", "lieux"):
        points = summaries[code].evolution
        assert len(points) == 9
        assert points[-1].valeur >= points[0].valeur
    assert project(summaries["accompagnes"].evolution, summaries["accompagnes"].objectif).rythme_mensuel > 0


def test_eure_et_loir_follows_up_from_one_copil_to_the_next(geo_engine: Engine) -> None:
    generate_demo(geo_engine, scale=0.05)
    territory = Territory.departement("28")
    lateness = governance.milestone_lateness(geo_engine, territory, DEMO_TODAY)
    roadmap = lateness[lateness["jalon"] == "feuille_adoptee"].iloc[0]
    assert (roadmap["echeance_nationale"], roadmap["echeance_locale"], roadmap["date_atteinte"]) == (
        date(2024, 6, 30),
        date(2024, 10, 31),
        date(2024, 10, 17),
    )
    assert roadmap["statut_libelle"] == "À temps"
    assert "4 avril 2024" in roadmap["source_locale"]
    names = meetings.bodies(geo_engine, territory)["nom"].tolist()
    assert sum(name.startswith("Groupe de travail") for name in names) == 5
    assert "Bilatérale France Travail" in names
    follow_up = meetings.last_meeting_follow_up(geo_engine, territory, DEMO_TODAY)
    assert follow_up is not None and follow_up.date == date(2025, 4, 10)
    assert follow_up.counts == {"faite": 1, "en_cours": 1, "a_faire": 1, "en_retard": 2, "abandonnee": 0}
    money = financing.financing_summary(geo_engine, territory)
    assert (money.aidants_prevus, money.montant_conventionne) == (62, 62_500)
