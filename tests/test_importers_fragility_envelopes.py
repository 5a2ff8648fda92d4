"""IFN and dotation importers on fixtures in the real 2023 / June 2024 formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from data_access.importers import OPERATOR, ImportContext, ImportRejected, import_envelopes, import_fragility
from data_access.models import Base, Departement, Enveloppe, IfnCommune, IfnEpci, ImportLog, Region
from tests.builders import add

FIXTURES = Path(__file__).parent / "fixtures"
IFN = FIXTURES / "ifn-2023.csv"
DOTATIONS = FIXTURES / "dotations-202406.csv"


def dump(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def test_ifn_both_divisions(geo_engine):
    report = import_fragility(geo_engine, IFN, ImportContext(OPERATOR))

    assert (report.rows, report.inserted, report.updated, report.skipped) == (6, 6, 0, 1)
    assert report.counts == {"communes": 4, "epci": 2, "codes_inconnus": 2}
    # 01001 (zero-padded) and 200011111 are unknown to the geography; ZZZZZZZZZ (« sans objet ») is skipped
    assert report.warning_count == 3
    with geo_engine.connect() as connection:
        communes = {row.code_insee: row for row in connection.execute(select(IfnCommune))}
        epcis = {row.code_epci: row for row in connection.execute(select(IfnEpci))}
    assert set(communes) == {"28085", "28218", "01001", "28088"}
    assert (communes["28085"].total, communes["28085"].poverty_rate) == (3.8, 7.0)
    assert communes["28218"].total is None  # empty scores are kept as unknown
    assert set(epcis) == {"200033181", "200011111"}
    assert epcis["200033181"].total == 4.2


def test_ifn_upsert(geo_engine, tmp_path):
    import_fragility(geo_engine, IFN, ImportContext(OPERATOR))
    update = tmp_path / "ifn-maj.csv"
    update.write_text(
        "name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,nscol15p_rate,total\n"
        "Chartres,city,28085,2.0,1.0,7.0,4.0,5.0,4.1\n",
        encoding="utf-8",
    )
    report = import_fragility(geo_engine, update, ImportContext(OPERATOR))
    assert (report.inserted, report.updated) == (0, 1)
    with geo_engine.connect() as connection:
        assert connection.scalar(select(IfnCommune.total).where(IfnCommune.code_insee == "28085")) == 4.1
        assert connection.scalar(select(IfnCommune.total).where(IfnCommune.code_insee == "28088")) == 7.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Chartres,city,28085,2.0,1.0,7.0,4.0,5.0,12.5",
            "ifn.csv, ligne 2, colonne « total » : valeur « 12.5 » invalide (score attendu entre 0 et 10)",
        ),
        (
            "Chartres,commune,28085,2.0,1.0,7.0,4.0,5.0,3",
            "ifn.csv, ligne 2, colonne « division » : valeur « commune » invalide "
            "(valeurs possibles : city, epci)",
        ),
        (
            "Chartres Métropole,epci,20003318,2.0,1.0,7.0,4.0,5.0,3",
            "ifn.csv, ligne 2, colonne « code » : valeur « 20003318 » invalide "
            "(SIREN d'EPCI attendu sur 9 chiffres)",
        ),
    ],
)
def test_ifn_bad_values(geo_engine, tmp_path, line, expected):
    path = tmp_path / "ifn.csv"
    path.write_text(IFN.read_text(encoding="utf-8").splitlines()[0] + "\n" + line + "\n", encoding="utf-8")
    before = dump(geo_engine)
    with pytest.raises(ImportRejected) as rejected:
        import_fragility(geo_engine, path, ImportContext(OPERATOR))
    assert rejected.value.errors[0].message_fr() == expected
    assert dump(geo_engine) == before


def add_collectivites_d_outre_mer(engine: Engine) -> None:
    """Saint-Barthélemy and Nouvelle-Calédonie, the two COM of the June 2024 dotations."""
    add(engine, Region, {"code": "COM", "nom": "Collectivités d'outre-mer"})
    add(
        engine,
        Departement,
        {"code": "977", "nom": "Saint-Barthélemy", "code_region": "COM", "population": 10},
        {"code": "988", "nom": "Nouvelle-Calédonie", "code_region": "COM", "population": 270},
    )


def test_dotations_real_format_counts_the_collectivites_d_outre_mer(geo_engine):
    add_collectivites_d_outre_mer(geo_engine)
    report = import_envelopes(geo_engine, DOTATIONS, ImportContext(OPERATOR))

    assert (report.rows, report.inserted, report.skipped) == (5, 5, 0)
    assert report.counts == {"montant_total": 207_400}
    assert report.warnings == []
    with geo_engine.connect() as connection:
        rows = connection.execute(
            select(
                Enveloppe.code_departement,
                Enveloppe.type,
                Enveloppe.annee,
                Enveloppe.montant,
                Enveloppe.libelle,
            ).order_by(Enveloppe.code_departement)
        ).all()
        log = connection.execute(select(ImportLog.kind, ImportLog.rows)).one()
    assert [tuple(row) for row in rows] == [
        ("28", "dotation_ingenierie", 2024, 42_500.0, "Dotation d'ingénierie FNE 2024"),
        ("35", "dotation_ingenierie", 2024, 55_400.0, "Dotation d'ingénierie FNE 2024"),
        ("45", "dotation_ingenierie", 2024, 48_500.0, "Dotation d'ingénierie FNE 2024"),
        ("977", "dotation_ingenierie", 2024, 20_000.0, "Dotation d'ingénierie FNE 2024"),
        ("988", "dotation_ingenierie", 2024, 41_000.0, "Dotation d'ingénierie FNE 2024"),
    ]
    assert tuple(log) == ("dotations", 5)


def test_dotations_skip_the_territories_outside_fne_with_a_warning(geo_engine, tmp_path):
    path = tmp_path / "dotations.csv"
    path.write_text("code_departement,dotation_202406_eur\n28,42500\n984,1000\n", encoding="utf-8")
    report = import_envelopes(geo_engine, path, ImportContext(OPERATOR))

    assert (report.rows, report.skipped) == (1, 1)
    assert report.warnings == ["1 territoire(s) ignoré(s), hors de France Numérique Ensemble : 984"]


def test_dotations_own_format_with_french_amounts_and_upsert(geo_engine, tmp_path):
    add_collectivites_d_outre_mer(geo_engine)
    import_envelopes(geo_engine, DOTATIONS, ImportContext(OPERATOR))
    path = tmp_path / "enveloppes.csv"
    path.write_text(
        "code_departement;montant;type;annee;libelle\n"
        "28;20 000,00 €;formation_aidants_connect;2024;Formation Aidants Connect (62 professionnels)\n"
        "28;43 000;dotation_ingenierie;2024;\n",
        encoding="utf-8",
    )
    report = import_envelopes(geo_engine, path, ImportContext(OPERATOR))
    assert (report.inserted, report.updated) == (1, 1)
    with geo_engine.connect() as connection:
        amounts = dict(
            connection.execute(
                select(Enveloppe.type, Enveloppe.montant).where(Enveloppe.code_departement == "28")
            ).all()
        )
    assert amounts == {"dotation_ingenierie": 43_000.0, "formation_aidants_connect": 20_000.0}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "code_departement,montant\n28,42500\n99,1000\n",
            "dotations.csv, ligne 3, colonne « code_departement » : valeur « 99 » invalide "
            "(code département inconnu (01 à 95, 2A, 2B, 971 à 978, 986 à 988))",
        ),
        (
            "code_departement,montant\n28,42500\n01,1000\n",
            "dotations.csv, ligne 3, colonne « code_departement » : valeur « 01 » invalide "
            "(département absent de la géographie chargée : lancer « python -m data_access geography »)",
        ),
        (
            "code_departement,montant\n28,quarante mille\n",
            "dotations.csv, ligne 2, colonne « montant » : valeur « quarante mille » invalide "
            "(montant en euros attendu (ex. 42 500 ou 42 500,50))",
        ),
        (
            "code_departement,montant,type\n28,42500,subvention_magique\n",
            "dotations.csv, ligne 2, colonne « type » : valeur « subvention_magique » invalide "
            "(valeurs possibles : "
            "dotation_ingenierie, formation_aidants_connect, marche_ingenierie, "
            "subvention_coordinateur, autre)",
        ),
        (
            "code_departement,montant\n28,42500\n28,1000\n",
            "dotations.csv, ligne 3, colonne « code_departement » : "
            "valeur « 28 / dotation_ingenierie / 2024 » "
            "invalide (en double : déjà présente ligne 2)",
        ),
        (
            "departement,montant\n28,42500\n",
            "dotations.csv, colonne « code_departement » : colonne obligatoire absente de l'en-tête",
        ),
    ],
)
def test_dotations_bad_values(geo_engine, tmp_path, content, expected):
    add_collectivites_d_outre_mer(geo_engine)
    import_envelopes(geo_engine, DOTATIONS, ImportContext(OPERATOR))
    before = dump(geo_engine)
    path = tmp_path / "dotations.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_envelopes(geo_engine, path, ImportContext(OPERATOR))
    assert [issue.message_fr() for issue in rejected.value.errors] == [expected]
    assert dump(geo_engine) == before
