"""Importers of the national indicators: the real open files read in place, and hostile variants.

The real-file tests recompute every total from the raw file; without ``../shared``
(a user's machine) they skip.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.geography import load_geography
from data_access.importers import (
    OPERATOR,
    ImportContext,
    ImportRejected,
    import_accompaniments,
    import_advisors,
    import_aidants,
    import_devices,
    import_file,
)
from data_access.importers.snapshots import UNKNOWN_DATE
from data_access.indicators import indicator_breakdown, indicator_summaries
from data_access.models import IndicateurDetail, IndicateurReleve
from data_access.scope import NATIONAL, Territory

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "inclusion-numerique"
CRA = REALDATA / "conum_departement-cras.json"
AIDANTS = REALDATA / "aidants-connect_structures.csv"
CNFS = REALDATA / "20230405-3925-cnfs.csv"


def dated(day: date | None = None) -> ImportContext:
    """The command line's operator, with the date of the data given (``--date``) or not."""
    return ImportContext(OPERATOR, data_date=day)


def real_file(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path.name} absent (../shared/realdata n'est pas disponible sur cette machine)")
    return path


@pytest.fixture
def france_engine(engine: Engine) -> Engine:
    """A store with the real reference geography (every département and commune)."""
    load_geography(engine)
    return engine


def values(engine: Engine, indicator: str) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(IndicateurReleve.code_departement, IndicateurReleve.valeur).where(
                IndicateurReleve.indicateur == indicator
            )
        )
        return dict(rows.all())


def summary(engine: Engine, code: str, territory: Territory = NATIONAL):
    return next(item for item in indicator_summaries(engine, territory) if item.definition.code == code)


def test_real_cra_sums_usagers_per_departement(france_engine):
    path = real_file(CRA)
    raw = json.loads(path.read_text(encoding="utf-8"))
    expected = {item["departement"]: item["usagers"] for item in raw}

    report = import_accompaniments(france_engine, path, dated(date(2024, 12, 19)))

    assert values(france_engine, "accompagnes") == expected
    assert report.counts["usagers"] == sum(expected.values())
    assert report.counts["accompagnements"] == sum(item["accompagnements"] for item in raw)
    national = summary(france_engine, "accompagnes")
    assert (national.valeur, national.date_releve) == (sum(expected.values()), date(2024, 12, 19))
    assert national.objectif == pytest.approx(8_000_000)
    with france_engine.connect() as connection:
        seniors = connection.scalar(
            select(func.sum(IndicateurDetail.valeur)).where(
                IndicateurDetail.dimension == "age", IndicateurDetail.categorie == "plus60ans"
            )
        )
    assert seniors == sum(item["plus60ans"] for item in raw)


def test_real_aidants_connect_sums_active_structures_by_commune(france_engine):
    path = real_file(AIDANTS)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    active = [row for row in rows if row["Is Active"] == "true"]
    expected_total = sum(int(row["Nombre d'aidants"]) for row in active)
    place = {id(row): (row["City Insee Code"] or row["Zip Code"])[:2] for row in active}
    expected_paris = sum(int(row["Nombre d'aidants"]) for row in active if place[id(row)] == "75")
    assert any("\n" in row["Address"] for row in rows)  # multi-line quoted addresses

    report = import_aidants(france_engine, path, dated(date(2024, 2, 22)))

    assert report.counts["aidants"] == expected_total
    assert report.counts["structures_actives"] == len(active)
    assert values(france_engine, "aidants")["75"] == expected_paris
    assert summary(france_engine, "aidants").valeur == expected_total
    papers = sum(int(row["Question 102 → Nombre Demarche Papier"] or 0) for row in active)
    breakdown = indicator_breakdown(france_engine, NATIONAL, "aidants").set_index(["dimension", "categorie"])
    assert breakdown.loc[("demarches", "papier"), "valeur"] == papers


def test_real_cnfs_sums_conseillers_and_reads_the_date_from_the_name(france_engine):
    path = real_file(CNFS)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    column = "Nombre de conseillers validés par le COSELEC"
    expected = sum(int(row[column]) for row in rows)  # Saint-Martin (978) included: a territory of the store
    in_saint_martin = sum(int(row[column]) for row in rows if row["Code commune INSEE"].startswith("978"))

    report = import_advisors(france_engine, path, dated())

    assert report.data_date == date(2023, 4, 5)
    assert report.counts["conseillers"] == expected
    assert in_saint_martin == values(france_engine, "conseillers")["978"] > 0
    assert summary(france_engine, "conseillers").valeur == expected
    assert summary(france_engine, "conseillers").objectif is None


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


CRA_JSON = [
    {"departement": "28", "usagers": 120, "accompagnements": 200, "themes": {"sante": 5}, "plus60ans": 40},
    {"departement": "35", "usagers": 300, "accompagnements": 410, "themes": {"sante": 9}, "plus60ans": 90},
]


def cra_file(tmp_path: Path, items: list[dict]) -> Path:
    return write(tmp_path / "cras.json", json.dumps(items))


def test_cra_json_snapshot_and_breakdowns(geo_engine, tmp_path):
    report = import_accompaniments(geo_engine, cra_file(tmp_path, CRA_JSON), dated(date(2024, 6, 30)))

    assert (report.inserted, report.counts["usagers"]) == (2, 420)
    assert values(geo_engine, "accompagnes") == {"28": 120, "35": 300}
    region = summary(geo_engine, "accompagnes", Territory.region("24"))
    assert region.valeur == 120
    # 8 000 000 × 1 000 / 5 000 inhabitants (28) + the same for 45: the population share
    assert region.objectif == pytest.approx(3_200_000)


def test_cra_reimport_replaces_the_snapshot(geo_engine, tmp_path):
    path = cra_file(tmp_path, CRA_JSON)
    import_accompaniments(geo_engine, path, dated(date(2024, 6, 30)))
    report = import_accompaniments(geo_engine, path, dated(date(2024, 6, 30)))
    assert (report.inserted, report.updated) == (0, 2)
    with geo_engine.connect() as connection:
        assert (
            connection.scalar(select(func.count()).select_from(IndicateurDetail)) == 6
        )  # 2 × (total, theme, age)


def test_cra_csv_cp1252_semicolon(geo_engine, tmp_path):
    path = write(
        tmp_path / "accompagnements-20240630.csv",
        "code_departement;usagers;accompagnements;themes.sante\r\n28;1 204;2000;12\r\n",
        "cp1252",
    )
    report = import_accompaniments(geo_engine, path, dated())
    assert (report.data_date, values(geo_engine, "accompagnes")) == (date(2024, 6, 30), {"28": 1204})


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"departement": "28"}, "élément 1, colonne « usagers » : champ obligatoire absent"),
        (
            {"departement": "99", "usagers": 1},
            "élément 1, colonne « code_departement » : valeur « 99 » invalide (code département inconnu",
        ),
        (
            {"departement": "28", "usagers": -4},
            "élément 1, colonne « usagers » : valeur « -4 » invalide (nombre positif ou nul attendu)",
        ),
        (
            {"departement": "28", "usagers": 5, "themes": {"sante": -1}},
            "colonne « themes.sante » : valeur « -1 » invalide (nombre positif ou nul attendu)",
        ),
        ("28", "élément 1 : objet JSON attendu"),
        (
            {"departement": "28", "usagers": 5, "themes": 5},
            "élément 1, colonne « themes » : valeur « 5 » invalide (objet JSON attendu (catégorie → nombre))",
        ),
    ],
)
def test_cra_hostile_items_reject_the_whole_file(geo_engine, tmp_path, item, expected):
    path = cra_file(tmp_path, [item, CRA_JSON[1]])
    with pytest.raises(ImportRejected) as rejected:
        import_accompaniments(geo_engine, path, dated(date(2024, 6, 30)))
    assert expected in rejected.value.message_fr()
    assert "cras.json" in rejected.value.message_fr()
    assert values(geo_engine, "accompagnes") == {}


def test_cra_duplicated_departement(geo_engine, tmp_path):
    path = cra_file(tmp_path, [*CRA_JSON, CRA_JSON[0]])
    with pytest.raises(ImportRejected) as rejected:
        import_accompaniments(geo_engine, path, dated(date(2024, 6, 30)))
    assert "élément 3, colonne « code_departement » : valeur « 28 » invalide (en double" in str(
        rejected.value
    )


def test_a_file_without_a_date_is_refused(geo_engine, tmp_path):
    with pytest.raises(ImportRejected) as rejected:
        import_accompaniments(geo_engine, cra_file(tmp_path, CRA_JSON), dated())
    assert UNKNOWN_DATE in rejected.value.message_fr()


AIDANTS_HEADER = "Name,ID,Is Active,City Insee Code,Address,Zip Code,City,Nombre d'aidants\n"


def test_aidants_multiline_addresses_active_only_and_zero_departements(geo_engine, tmp_path):
    path = write(
        tmp_path / "aidants.csv",
        "\ufeff" + AIDANTS_HEADER + 'Mairie,1,true,28085,"1 place\n28000 Chartres",28000,Chartres,4\n'
        "Asso,2,false,28085,rue,28000,Chartres,9\n"
        'PIMMS,3,true,,"2 rue\n\nRennes",35000,Rennes,3\n',
    )
    report = import_aidants(geo_engine, path, dated(date(2024, 2, 22)))
    assert values(geo_engine, "aidants") == {"28": 4, "35": 3, "45": 0}
    assert (report.counts["structures_actives"], report.skipped) == (2, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("X,1,true,2808,rue,28000,Chartres,4", "colonne « city insee code » : valeur « 2808 » invalide"),
        ("X,1,true,28085,rue,28000,Chartres,-2", "valeur « -2 » invalide (nombre positif ou nul attendu)"),
        ("X,1,peut-être,28085,rue,28000,Chartres,2", "colonne « is active » : valeur « peut-être »"),
    ],
)
def test_aidants_hostile_lines(geo_engine, tmp_path, line, expected):
    path = write(tmp_path / "aidants.csv", AIDANTS_HEADER + line + "\n")
    with pytest.raises(ImportRejected) as rejected:
        import_aidants(geo_engine, path, dated(date(2024, 2, 22)))
    assert "aidants.csv, ligne 2" in rejected.value.message_fr()
    assert expected in rejected.value.message_fr()


def test_aidants_missing_column(geo_engine, tmp_path):
    path = write(tmp_path / "aidants.csv", "Name,Is Active,City Insee Code,Zip Code\nX,true,28085,28000\n")
    with pytest.raises(ImportRejected) as rejected:
        import_aidants(geo_engine, path, dated(date(2024, 2, 22)))
    assert "colonne « nombre d'aidants » : colonne obligatoire absente de l'en-tête" in str(rejected.value)


CNFS_HEADER = (
    "Raison sociale;Nombre de conseillers validés par le COSELEC;Code département;Code commune INSEE;Type\n"
)


def test_cnfs_pads_lost_zero_and_falls_back_on_the_departement(geo_engine, tmp_path):
    path = write(
        tmp_path / "20230405-cnfs.csv",
        CNFS_HEADER + "A;2;28;28085;publique\nB;1;35;;privée\nC;3;45;45234;privée\n",
    )
    report = import_advisors(geo_engine, path, dated())
    assert values(geo_engine, "conseillers") == {"28": 2, "35": 1, "45": 3}
    assert report.counts["structures"] == 3


def test_cnfs_unknown_departement_is_an_error(geo_engine, tmp_path):
    path = write(tmp_path / "20230405-cnfs.csv", CNFS_HEADER + "A;2;99;;publique\n")
    with pytest.raises(ImportRejected) as rejected:
        import_advisors(geo_engine, path, dated())
    assert "ligne 2, colonne « Code département » : valeur « 99 » invalide" in str(rejected.value)


def test_equipements_template_several_dates(geo_engine, tmp_path):
    path = write(
        tmp_path / "equipements.csv",
        "code_departement;date;equipements\n28;2024-06-30;150\n28;31/12/2024;420\n35;;90\n",
    )
    report = import_file(geo_engine, "equipements", path, dated(date(2024, 12, 31)))
    assert report.counts == {"departements_releves": 2, "equipements": 660}
    national = summary(geo_engine, "equipements")
    assert national.valeur == 510  # latest of each département: 420 + 90
    assert [point.valeur for point in national.evolution] == [150, 510]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "28;2024-06-30;150\n28;2024-06-30;200\n",
            "ligne 3, colonne « code_departement » : valeur « 28 au 30/06",
        ),
        ("2X;2024-06-30;150\n", "valeur « 2X » invalide (code département inconnu"),
        ("28;2024-06-30;-3\n", "valeur « -3 » invalide (nombre positif ou nul attendu)"),
        ("28;;3\n", "ligne 2, colonne « date » : valeur obligatoire manquante"),
    ],
)
def test_equipements_hostile(geo_engine, tmp_path, body, expected):
    path = write(tmp_path / "equipements.csv", "code_departement;date;equipements\n" + body)
    with pytest.raises(ImportRejected) as rejected:
        import_devices(geo_engine, path, dated())
    assert expected in str(rejected.value)
    assert values(geo_engine, "equipements") == {}


def test_a_regional_hub_writes_only_inside_its_region(geo_engine, tmp_path):
    from data_access.access import Viewer

    hub = Viewer("hub@centre.fr", "Hub", "regional", "24", ("28", "45"))
    with pytest.raises(ImportRejected) as rejected:
        import_accompaniments(
            geo_engine, cra_file(tmp_path, CRA_JSON), ImportContext(hub, data_date=date(2024, 6, 30))
        )
    assert (
        "élément 2, colonne « code_departement » : valeur « 35 » invalide (hors de votre territoire"
        in str(rejected.value)
    )
    path = write(tmp_path / "aidants.csv", AIDANTS_HEADER + "Mairie,1,true,28085,rue,28000,Chartres,4\n")
    import_aidants(geo_engine, path, ImportContext(hub, data_date=date(2024, 2, 22)))
    assert values(geo_engine, "aidants") == {"28": 4, "45": 0}  # Ille-et-Vilaine left alone
