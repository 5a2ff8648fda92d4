"""Our own templates: gouvernances, candidatures, feuilles de route (CSV and XLSX)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from data_access.importers import (
    OPERATOR,
    TEMPLATE_COLUMNS,
    TEMPLATES_DIR,
    ImportContext,
    ImportRejected,
    import_candidatures,
    import_governance,
    import_roadmaps,
    template_text,
)
from data_access.models import (
    Action,
    Axe,
    Base,
    Candidature,
    CandidatureTerritoire,
    Cofinancement,
    Comite,
    ComiteReunion,
    Coporteur,
    DemandeSubvention,
    FeuilleDeRoute,
    Gouvernance,
)

FIXTURES = Path(__file__).parent / "fixtures"


def dump(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def rows_of(name: str) -> list[list[str]]:
    with (FIXTURES / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def edit(name: str, line: int, column: str, value: str) -> list[list[str]]:
    """The fixture with one cell changed (``line`` is the physical line, header = 1)."""
    rows = rows_of(name)
    rows[line - 1][rows[0].index(column)] = value
    return rows


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_templates_in_assets_match_the_importers():
    for kind, columns in TEMPLATE_COLUMNS.items():
        text = (TEMPLATES_DIR / f"{kind}.csv").read_bytes().decode("utf-8-sig")
        assert text == template_text(kind)
        assert text.rstrip("\r\n").replace(",", ";").split(";") == columns


def test_gouvernances(geo_engine):
    report = import_governance(geo_engine, FIXTURES / "gouvernances.csv", ImportContext(OPERATOR))

    assert (report.rows, report.inserted, report.updated) == (2, 2, 0)
    assert report.counts == {"coporteurs": 4, "comites": 3}
    with geo_engine.connect() as connection:
        eure = connection.execute(select(Gouvernance).where(Gouvernance.code_departement == "28")).one()
        ille = connection.execute(select(Gouvernance).where(Gouvernance.code_departement == "35")).one()
        coporteurs = connection.scalars(
            select(Coporteur.nom).where(Coporteur.gouvernance_id == eure.id).order_by(Coporteur.nom)
        ).all()
        comites = connection.execute(
            select(Comite.type, Comite.frequence)
            .where(Comite.gouvernance_id == eure.id)
            .order_by(Comite.type)
        ).all()
    assert (eure.etape, eure.perimetre, eure.version) == ("feuille_adoptee", "departement", 1)
    assert (eure.date_pressentie, eure.date_formalisee, eure.date_feuille_adoptee) == (
        date(2023, 10, 12),
        date(2023, 12, 15),
        date(2024, 6, 28),
    )
    assert eure.note_de_contexte == "Gouvernance co-portée par l'État et le Département ; cinq axes."
    assert coporteurs == ["CA Chartres Métropole", "CC du Grand Châteaudun", "Préfecture d'Eure-et-Loir"]
    assert [tuple(c) for c in comites] == [("strategique", "trimestrielle"), ("technique", "mensuelle")]
    assert (ille.etape, ille.perimetre, ille.porteur_type) == (
        "formalisee",
        "departement",
        "epci",
    )  # labels accepted


def test_gouvernances_reimport_keeps_meetings(geo_engine, tmp_path):
    import_governance(geo_engine, FIXTURES / "gouvernances.csv", ImportContext(OPERATOR))
    with geo_engine.begin() as connection:
        comite_id = connection.scalar(
            select(Comite.id).where(Comite.type == "strategique").order_by(Comite.id)
        )
        connection.execute(
            ComiteReunion.__table__.insert().values(comite_id=comite_id, date=date(2024, 3, 1))
        )
    rows = edit("gouvernances.csv", 2, "etape", "mise_en_oeuvre")
    rows[1][rows[0].index("coporteurs")] = "Préfecture d'Eure-et-Loir"
    report = import_governance(geo_engine, write_csv(tmp_path / "g.csv", rows), ImportContext(OPERATOR))

    assert (report.inserted, report.updated) == (0, 2)
    with geo_engine.connect() as connection:
        eure = connection.execute(select(Gouvernance).where(Gouvernance.code_departement == "28")).one()
    assert (eure.etape, eure.version) == ("mise_en_oeuvre", 2)
    assert count(geo_engine, Coporteur) == 2
    assert count(geo_engine, Comite) == 3
    assert count(geo_engine, ComiteReunion) == 1


def test_candidatures_csv(geo_engine):
    report = import_candidatures(geo_engine, FIXTURES / "candidatures.csv", ImportContext(OPERATOR))

    assert (report.rows, report.inserted) == (4, 4)
    assert report.counts == {"territoires": 7}
    with geo_engine.connect() as connection:
        chartres = connection.execute(select(Candidature).where(Candidature.reference == "CAND-28-001")).one()
        territoires = connection.execute(
            select(CandidatureTerritoire.type, CandidatureTerritoire.code)
            .join(Candidature)
            .where(Candidature.reference == "CAND-45-001")
            .order_by(CandidatureTerritoire.type)
        ).all()
        bug = connection.execute(select(Candidature).where(Candidature.reference == "CAND-35-001")).one()
    assert (chartres.persona, chartres.intention, chartres.statut, chartres.code_epci) == (
        "epci",
        "porter",
        "confirme",
        "200033181",
    )
    assert chartres.date_envoi == date(2023, 9, 28)
    assert bug.date_envoi == date(2023, 10, 15)  # French date
    assert [tuple(t) for t in territoires] == [("commune", "45234"), ("region", "24")]


def test_candidatures_xlsx_with_typed_cells_and_upsert(geo_engine, tmp_path):
    import_candidatures(geo_engine, FIXTURES / "candidatures.csv", ImportContext(OPERATOR))
    rows = rows_of("candidatures.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(rows[0])
    for row in rows[1:3]:
        typed: list[object] = list(row)
        typed[1] = int(row[1])  # a spreadsheet turns the département code into a number
        typed[10] = datetime.strptime(row[10], "%Y-%m-%d")  # and dates into dates
        sheet.append(typed)
    sheet.cell(row=3, column=rows[0].index("statut") + 1, value="Confirmé")
    path = tmp_path / "candidatures.xlsx"
    workbook.save(path)

    report = import_candidatures(geo_engine, path, ImportContext(OPERATOR))

    assert (report.rows, report.inserted, report.updated) == (2, 0, 2)
    with geo_engine.connect() as connection:
        departemental = connection.execute(
            select(Candidature).where(Candidature.reference == "CAND-28-002")
        ).one()
    assert (departemental.code_departement, departemental.statut) == ("28", "confirme")
    assert departemental.date_envoi == date(2023, 10, 2)
    assert count(geo_engine, Candidature) == 4


def test_candidatures_xlsx_errors_name_the_sheet_row(geo_engine, tmp_path):
    rows = rows_of("candidatures.csv")
    workbook = Workbook()
    sheet = workbook.active
    for row in rows[:3]:
        sheet.append(row)
    sheet.cell(row=3, column=rows[0].index("siren") + 1, value="222800014")
    path = tmp_path / "candidatures.xlsx"
    workbook.save(path)

    with pytest.raises(ImportRejected) as rejected:
        import_candidatures(geo_engine, path, ImportContext(OPERATOR))

    assert [issue.message_fr() for issue in rejected.value.errors] == [
        "candidatures.xlsx, ligne 3, colonne « siren » : valeur « 222800014 » invalide "
        "(SIREN invalide : la clé de contrôle (Luhn) ne correspond pas)"
    ]
    assert count(geo_engine, Candidature) == 0


@pytest.mark.parametrize(
    ("line", "column", "value", "expected"),
    [
        (2, "siren", "20003318", "valeur « 20003318 » invalide (SIREN attendu sur 9 chiffres)"),
        (
            3,
            "persona",
            "prefecture",
            "valeur « prefecture » invalide "
            "(valeurs possibles : conseil-regional, conseil-departemental, epci, "
            "commune, structure)",
        ),
        (
            4,
            "code_departement",
            "36",
            "valeur « 36 » invalide "
            "(département absent de la géographie chargée : lancer « python -m data_access geography »)",
        ),
        (
            5,
            "date_envoi",
            "31/02/2023",
            "valeur « 31/02/2023 » invalide (date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA)",
        ),
        (
            5,
            "reference",
            "CAND-28-001",
            "valeur « CAND-28-001 » invalide (en double : déjà présente ligne 2)",
        ),
        (5, "code_commune", "4523", "valeur « 4523 » invalide (code INSEE attendu sur 5 caractères)"),
        (2, "code_epci", "200000172", "valeur « 200000172 » invalide (EPCI absent de la géographie chargée)"),
    ],
)
def test_candidatures_bad_values(geo_engine, tmp_path, line, column, value, expected):
    import_governance(geo_engine, FIXTURES / "gouvernances.csv", ImportContext(OPERATOR))
    before = dump(geo_engine)
    path = write_csv(tmp_path / "cand.csv", edit("candidatures.csv", line, column, value))

    with pytest.raises(ImportRejected) as rejected:
        import_candidatures(geo_engine, path, ImportContext(OPERATOR))

    assert [issue.message_fr() for issue in rejected.value.errors] == [
        f"cand.csv, ligne {line}, colonne « {column} » : {expected}"
    ]
    assert dump(geo_engine) == before


def test_feuilles_de_route(geo_engine):
    report = import_roadmaps(geo_engine, FIXTURES / "feuilles-de-route.csv", ImportContext(OPERATOR))

    assert (report.rows, report.inserted, report.updated) == (4, 4, 0)
    assert report.counts == {"feuilles": 2, "axes": 3, "actions": 4, "cofinancements": 2, "subventions": 3}
    with geo_engine.connect() as connection:
        recenser = connection.execute(select(Action).where(Action.reference == "A-28-01")).one()
        former = connection.execute(select(Action).where(Action.reference == "A-28-03")).one()
        axes = connection.execute(
            select(FeuilleDeRoute.reference, Axe.numero, func.count(Action.id))
            .join(Axe, Axe.feuille_de_route_id == FeuilleDeRoute.id)
            .join(Action, Action.axe_id == Axe.id)
            .group_by(FeuilleDeRoute.reference, Axe.numero)
            .order_by(FeuilleDeRoute.reference, Axe.numero)
        ).all()
        cofinancements = connection.execute(
            select(Cofinancement.financeur, Cofinancement.montant)
            .where(Cofinancement.action_id == recenser.id)
            .order_by(Cofinancement.financeur)
        ).all()
        subventions = dict(
            connection.execute(select(DemandeSubvention.statut, DemandeSubvention.montant)).all()
        )
    assert [tuple(a) for a in axes] == [("FDR-28", 1, 2), ("FDR-28", 2, 1), ("FDR-35", 1, 1)]
    assert (recenser.statut, recenser.avancement, recenser.budget_global) == ("en_cours", 40, 25_000.0)
    assert recenser.besoins == "etablir_un_diagnostic_territorial|collecter_des_donnees_territoriales"
    assert [tuple(c) for c in cofinancements] == [
        ("CAF d'Eure-et-Loir", 5_000.5),
        ("Conseil départemental", 10_000.0),
    ]
    assert (former.statut, former.avancement, former.budget_global) == ("terminee", 100, 12_000.0)
    assert subventions == {"acceptee": 12_500.0, "deposee": 20_000.0, "enCours": 30_000.0}


def test_feuilles_de_route_reimport_updates_progress(geo_engine, tmp_path):
    import_roadmaps(geo_engine, FIXTURES / "feuilles-de-route.csv", ImportContext(OPERATOR))
    rows = edit("feuilles-de-route.csv", 2, "avancement", "75")
    rows[1][rows[0].index("cofinancements")] = "Conseil départemental:12 000"
    report = import_roadmaps(geo_engine, write_csv(tmp_path / "fdr.csv", rows), ImportContext(OPERATOR))

    assert (report.inserted, report.updated) == (0, 4)
    with geo_engine.connect() as connection:
        action = connection.execute(select(Action).where(Action.reference == "A-28-01")).one()
    assert (action.avancement, action.version) == (75, 2)
    assert count(geo_engine, Cofinancement) == 1
    assert count(geo_engine, Axe) == 3 and count(geo_engine, FeuilleDeRoute) == 2


@pytest.mark.parametrize(
    ("line", "column", "value", "expected"),
    [
        (2, "avancement", "120", "valeur « 120 » invalide (pourcentage attendu entre 0 et 100)"),
        (
            3,
            "statut",
            "fini",
            "valeur « fini » invalide (valeurs possibles : a_lancer, en_cours, terminee, abandonnee)",
        ),
        (
            4,
            "date_fin",
            "2024-01-31",
            "valeur « 2024-01-31 » invalide (date de fin antérieure à la date de début)",
        ),
        (
            3,
            "nom_feuille",
            "Autre nom",
            "valeur « Autre nom » invalide (la feuille « FDR-28 » a une autre valeur ligne 2)",
        ),
        (
            5,
            "cofinancements",
            "Région Bretagne",
            "valeur « Région Bretagne » invalide (« financeur:montant » attendu, séparés par |)",
        ),
        (2, "subvention_montant", "", "montant obligatoire quand un statut de subvention est donné"),
        (3, "axe_numero", "", "valeur obligatoire manquante"),
        (
            5,
            "subvention_statut",
            "accordee",
            "valeur « accordee » invalide (valeurs possibles : deposee, enCours, acceptee, refusee)",
        ),
    ],
)
def test_feuilles_de_route_bad_values(geo_engine, tmp_path, line, column, value, expected):
    import_roadmaps(geo_engine, FIXTURES / "feuilles-de-route.csv", ImportContext(OPERATOR))
    before = dump(geo_engine)
    path = write_csv(tmp_path / "fdr.csv", edit("feuilles-de-route.csv", line, column, value))

    with pytest.raises(ImportRejected) as rejected:
        import_roadmaps(geo_engine, path, ImportContext(OPERATOR))

    messages = [issue.message_fr() for issue in rejected.value.errors]
    assert messages[0] == f"fdr.csv, ligne {line}, colonne « {column} » : {expected}"
    assert dump(geo_engine) == before
