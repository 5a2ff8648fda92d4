"""Conventions and subsidy requests: our templates, and the State platform's own subsidy export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.access import Viewer
from data_access.importers import (
    OPERATOR,
    ImportContext,
    ImportRejected,
    import_conventions,
    import_envelopes,
    import_subsidies,
)
from data_access.models import (
    Action,
    Axe,
    Convention,
    DemandeSubvention,
    Departement,
    Enveloppe,
    FeuilleDeRoute,
    Region,
)
from tests.builders import add

PLATFORM_EXPORT = Path("/work/shared/realdata/suite-gestionnaire-numerique/subventions_exemple.csv")
TODAY = date(2025, 11, 1)


def at_today() -> ImportContext:
    """A fresh context per import: it caches the départements of the store it first reads."""
    return ImportContext(OPERATOR, today=TODAY)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


@pytest.fixture
def enveloped(geo_engine: Engine, tmp_path: Path) -> Engine:
    import_envelopes(
        geo_engine,
        write(
            tmp_path / "enveloppes.csv",
            "code_departement;montant;type;annee;libelle;taux_prise_en_charge;personnes_prevues;personnes_formees\n"
            "28;42 500;dotation_ingenierie;2024;Dotation 2024;;;\n"
            "28;20 000;formation_aidants_connect;2024;Aidants Connect;;62;12\n"
            "28;16 000;marche_ingenierie;2024;Marché Pays Dunois;80 %;;\n",
        ),
        at_today(),
    )
    return geo_engine


def test_envelopes_carry_coverage_rate_and_trainees(enveloped: Engine) -> None:
    with enveloped.connect() as connection:
        rows = connection.execute(
            select(
                Enveloppe.type,
                Enveloppe.taux_prise_en_charge,
                Enveloppe.personnes_prevues,
                Enveloppe.personnes_formees,
            ).order_by(Enveloppe.type)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("dotation_ingenierie", None, None, None),
        ("formation_aidants_connect", None, 62, 12),
        ("marche_ingenierie", 80, None, None),
    ]


def test_a_coverage_rate_outside_33_50_80_100_is_refused(geo_engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.csv",
        "code_departement;montant;type;annee;taux_prise_en_charge\n28;5000;marche_ingenierie;2024;40\n",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_envelopes(geo_engine, path, at_today())
    message = rejected.value.message_fr()
    assert (
        "e.csv" in message and "ligne 2" in message and "taux_prise_en_charge" in message and "40" in message
    )


# fmt: off
CONVENTIONS = (
    "reference;code_departement;type_enveloppe;annee;structure;montant;date_signature;statut;montant_engage;montant_verse\n"
    "C-28-1;28;dotation_ingenierie;2024;Conseil départemental d'Eure-et-Loir;30 000;12/09/2024;signee;30 000;15 000\n"  # noqa: E501
    "C-28-2;28;formation_aidants_connect;2024;Organisme de formation;20 000;2024-07-01;soldee;20 000;20 000\n"
)
# fmt: on


def test_conventions_are_attached_to_their_envelope(enveloped: Engine, tmp_path: Path) -> None:
    report = import_conventions(enveloped, write(tmp_path / "conventions.csv", CONVENTIONS), at_today())
    assert (report.rows, report.inserted, report.counts["montant_verse"]) == (2, 2, 35000)
    with enveloped.connect() as connection:
        rows = connection.execute(
            select(Convention.reference, Enveloppe.type, Convention.date_signature, Convention.montant_verse)
            .join(Enveloppe, Enveloppe.id == Convention.enveloppe_id)
            .order_by(Convention.reference)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("C-28-1", "dotation_ingenierie", date(2024, 9, 12), 15000),
        ("C-28-2", "formation_aidants_connect", date(2024, 7, 1), 20000),
    ]
    again = import_conventions(enveloped, write(tmp_path / "conventions.csv", CONVENTIONS), at_today())
    assert (again.inserted, again.updated) == (0, 2)


@pytest.mark.parametrize(
    ("line", "reason", "column", "value"),
    [
        ("C-9;28;autre;2024;X;1000;;en_preparation;0;0", "enveloppe absente", "type_enveloppe", "28 / autre / 2024"),  # noqa: E501
        ("C-9;28;dotation_ingenierie;2024;X;1000;01/01/2024;signee;2000;0", "montant engagé supérieur", "montant_engage", "2000"),  # noqa: E501
        ("C-9;28;dotation_ingenierie;2024;X;1000;01/01/2024;signee;1000;1500", "montant versé supérieur", "montant_verse", "1500"),  # noqa: E501
        ("C-9;28;dotation_ingenierie;2024;X;1000;;signee;0;0", "date de signature obligatoire", "date_signature", None),  # noqa: E501
        ("C-9;28;dotation_ingenierie;2024;X;1000;;perdue;0;0", "statut", "statut", "perdue"),
    ],
)  # fmt: skip
def test_bad_conventions_reject_the_whole_file(
    enveloped: Engine, tmp_path: Path, line: str, reason: str, column: str, value: str | None
) -> None:
    path = write(tmp_path / "conventions.csv", CONVENTIONS + line + "\n")
    with pytest.raises(ImportRejected) as rejected:
        import_conventions(enveloped, path, at_today())
    message = rejected.value.message_fr()
    assert "conventions.csv" in message and "ligne 4" in message and column in message and reason in message
    if value:
        assert value in message
    with enveloped.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Convention)) == 0


def ain_roadmap(engine: Engine) -> None:
    add(engine, Region, {"code": "84", "nom": "Auvergne-Rhône-Alpes"})
    add(engine, Departement, {"code": "01", "nom": "Ain", "code_region": "84", "population": 650000})
    add(
        engine,
        FeuilleDeRoute,
        {"id": 49, "reference": "FDR-01", "code_departement": "01", "nom": "France numérique ensemble Ain"},
    )
    add(engine, Axe, {"id": 1, "feuille_de_route_id": 49, "numero": 1, "nom": "Axe"})
    add(
        engine,
        Action,
        *(
            {"id": number, "reference": f"A-01-{number}", "axe_id": 1, "code_departement": "01", "nom": name,
             "statut": "en_cours", "avancement": 10}
            for number, name in [
                (1, "Déploiement de la feuille de route FNE dans l'Ain"),
                (2, "Appui à l'élaboration et la rédaction de la feuille de route"),
                (3, "Formation Aidant Connect"),
            ]
        ),
    )  # fmt: skip
    add(
        engine, DemandeSubvention, {"action_id": 3, "statut": "deposee", "montant": 18000, "date_depot": None}
    )


@pytest.mark.skipif(not PLATFORM_EXPORT.exists(), reason="/work/shared absent")
def test_the_platform_export_is_read_as_the_state_gives_it(geo_engine: Engine) -> None:
    ain_roadmap(geo_engine)
    report = import_subsidies(geo_engine, PLATFORM_EXPORT, at_today())
    assert (report.rows, report.counts) == (
        3,
        {"actions": 3, "demandes_remplacees": 1, "montant_total": 65350},
    )
    with geo_engine.connect() as connection:
        rows = connection.execute(
            select(Action.nom, DemandeSubvention.statut, DemandeSubvention.montant)
            .join(Action, Action.id == DemandeSubvention.action_id)
            .order_by(Action.id)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("Déploiement de la feuille de route FNE dans l'Ain", "acceptee", 25000),
        ("Appui à l'élaboration et la rédaction de la feuille de route", "acceptee", 20350),
        ("Formation Aidant Connect", "acceptee", 20000),
    ]


def test_a_platform_line_whose_action_is_unknown_rejects_the_file(geo_engine: Engine, tmp_path: Path) -> None:
    ain_roadmap(geo_engine)
    path = write(
        tmp_path / "subventions.csv",
        "demande_subvention_id;statut;action_id;nom_action;feuille_route_id;nom_feuille_route;code_departement;montant_subvention;\n"
        "39;acceptee;39;Formation Aidant Connect;49;FNE Ain;1;25000;\n"
        "40;enCours;40;Action inconnue;49;FNE Ain;1;1000;\n",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_subsidies(geo_engine, path, at_today())
    message = rejected.value.message_fr()
    assert "ligne 3" in message and "nom_action" in message and "Action inconnue" in message
    with geo_engine.connect() as connection:
        assert connection.scalar(select(DemandeSubvention.statut)) == "deposee"


def test_our_subsidy_template_names_the_action_by_reference(geo_engine: Engine, tmp_path: Path) -> None:
    ain_roadmap(geo_engine)
    path = write(
        tmp_path / "subventions.csv",
        "reference_action;statut;montant;date_depot\n"
        "A-01-1;enCours;12 000;15/03/2024\n"
        "A-01-1;refusee;3 000;01/02/2024\n",
    )
    report = import_subsidies(geo_engine, path, at_today())
    assert report.counts["actions"] == 1
    with geo_engine.connect() as connection:
        rows = connection.execute(
            select(
                DemandeSubvention.action_id, DemandeSubvention.statut, DemandeSubvention.date_depot
            ).order_by(DemandeSubvention.id)
        ).all()
    assert [tuple(row) for row in rows] == [
        (3, "deposee", None),
        (1, "enCours", date(2024, 3, 15)),
        (1, "refusee", date(2024, 2, 1)),
    ]


def test_a_hub_imports_conventions_and_subsidies_only_inside_its_region(
    enveloped: Engine, tmp_path: Path
) -> None:
    bretagne = Viewer("hub@bretagne.fr", "Hub Bretagne", "regional", "53", ("35",))
    with pytest.raises(ImportRejected) as rejected:
        import_conventions(
            enveloped, write(tmp_path / "conventions.csv", CONVENTIONS), ImportContext(bretagne, today=TODAY)
        )
    assert "hors de votre territoire" in rejected.value.message_fr()
    ain_roadmap(enveloped)
    path = write(tmp_path / "subventions.csv", "reference_action;statut;montant\nA-01-1;enCours;12 000\n")
    with pytest.raises(ImportRejected) as refused:
        import_subsidies(enveloped, path, ImportContext(bretagne, today=TODAY))
    assert "hors de votre territoire" in refused.value.message_fr()
    with enveloped.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Convention)) == 0
        assert connection.scalar(select(DemandeSubvention.statut)) == "deposee"
