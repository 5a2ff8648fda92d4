"""Lieux importer: real-format fixtures (v1.0.2 CSV from an office suite, UTF-8 BOM CSV, older JSON)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.importers import OPERATOR, ImportContext, ImportRejected, Limits, import_lieux
from data_access.models import Base, ImportLog, Lieu, LieuxSnapshot

FIXTURES = Path(__file__).parent / "fixtures"
OFFICE_CSV = FIXTURES / "lieux-v102-bureau-cp1252.csv"
BOM_CSV = FIXTURES / "lieux-v102-utf8-bom.csv"
LEGACY_JSON = FIXTURES / "lieux-cartographie.json"
TODAY = date(2024, 7, 1)
OFFICE_DATA_DAY = date(2024, 5, 20)
"""The latest ``date_maj`` of ``OFFICE_CSV``."""


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a rejected import wrote nothing."""
    with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def lieux(engine: Engine) -> dict[str, dict]:
    with engine.connect() as connection:
        return {row.id: row._asdict() for row in connection.execute(select(Lieu))}


def test_office_csv_cp1252_semicolon_crlf(geo_engine):
    report = import_lieux(geo_engine, OFFICE_CSV, ImportContext(OPERATOR, today=TODAY))

    assert (report.rows, report.inserted, report.updated) == (6, 6, 0)
    assert report.counts == {"coordonnees": 2, "code_insee": 1, "code_postal": 2, "hors_departements": 0}
    assert report.unplaced == 1
    assert [(d.code, d.nom, d.nombre_fichier, d.nombre_total) for d in report.departements] == [
        ("28", "Eure-et-Loir", 3, 3),
        ("35", "Ille-et-Vilaine", 1, 1),
        ("45", "Loiret", 2, 2),
    ]
    rows = lieux(geo_engine)
    chartres = rows["lieu-01"]
    assert chartres["nom"] == "Médiathèque L'Apostrophe"
    assert (chartres["latitude"], chartres["longitude"]) == (48.447, 1.4891)  # French decimal comma
    assert chartres["placement"] == "coordonnees"
    assert chartres["typologie"] == "MUNI|BIB"
    assert chartres["labels_nationaux"] == "Conseillers numériques|France Services"
    assert chartres["date_maj"] == date(2024, 3, 12)
    # placed at the town hall of its commune through its INSEE code
    luce = rows["lieu-02"]
    assert (luce["placement"], luce["latitude"], luce["longitude"]) == ("code_insee", 48.4375, 1.4639)
    assert luce["date_maj"] == date(2023, 11, 2)
    # postcode + commune name, case and accents ignored; a CEDEX postcode falls back on the name
    assert (rows["lieu-03"]["placement"], rows["lieu-03"]["code_insee"]) == ("code_postal", "35238")
    assert (rows["lieu-04"]["placement"], rows["lieu-04"]["code_insee"]) == ("code_postal", "28218")
    assert rows["lieu-04"]["labels_nationaux"] == "France Services|Aidants Connect"
    # unplaced but kept, counted in its département through the postcode
    bibliobus = rows["lieu-05"]
    assert (bibliobus["placement"], bibliobus["latitude"], bibliobus["code_departement"]) == (
        "non_placee",
        None,
        "45",
    )
    assert rows["lieu-06"]["date_maj"] == date(2024, 3, 12)  # French date
    assert rows["lieu-06"]["labels_nationaux"] == "Aidants Connect|Conseillers numériques"

    with geo_engine.connect() as connection:
        snapshots = connection.execute(
            select(
                LieuxSnapshot.date, LieuxSnapshot.code_departement, LieuxSnapshot.nombre, LieuxSnapshot.source
            ).order_by(LieuxSnapshot.code_departement)
        ).all()
        log = connection.execute(select(ImportLog)).one()
    # dated by its data (the latest date_maj of the file), not by the day of the import
    assert [tuple(s) for s in snapshots] == [
        (OFFICE_DATA_DAY, "28", 3, OFFICE_CSV.name),
        (OFFICE_DATA_DAY, "35", 1, OFFICE_CSV.name),
        (OFFICE_DATA_DAY, "45", 2, OFFICE_CSV.name),
    ]
    assert (
        "Relevé daté du 20 mai 2024 (dernière date de mise à jour des lieux du fichier)"
        in report.message_fr()
    )
    assert (log.kind, log.filename, log.rows) == ("lieux", OFFICE_CSV.name, 6)
    assert len(log.checksum) == 64
    assert json.loads(log.details)["departements"] == {"28": 3, "35": 1, "45": 2}


def test_upsert_by_id_and_snapshot_per_date(geo_engine):
    import_lieux(geo_engine, OFFICE_CSV, ImportContext(OPERATOR, today=TODAY, data_date=date(2024, 6, 1)))
    report = import_lieux(
        geo_engine, BOM_CSV, ImportContext(OPERATOR, today=TODAY, data_date=date(2024, 7, 1))
    )

    assert (report.rows, report.inserted, report.updated) == (2, 1, 1)
    rows = lieux(geo_engine)
    assert len(rows) == 7
    assert rows["lieu-01"]["nom"] == "Médiathèque L'Apostrophe (rénovée)"
    assert rows["lieu-01"]["labels_nationaux"] == "Conseillers numériques"
    assert rows["lieu-07"]["code_departement"] == "35"
    with geo_engine.connect() as connection:
        snapshots = connection.execute(
            select(LieuxSnapshot.date, LieuxSnapshot.code_departement, LieuxSnapshot.nombre).order_by(
                LieuxSnapshot.date, LieuxSnapshot.code_departement
            )
        ).all()
    assert [tuple(s) for s in snapshots] == [
        (date(2024, 6, 1), "28", 3),
        (date(2024, 6, 1), "35", 1),
        (date(2024, 6, 1), "45", 2),
        (date(2024, 7, 1), "28", 3),
        (date(2024, 7, 1), "35", 2),
        (date(2024, 7, 1), "45", 2),
    ]
    # same day again: the snapshot of that date is updated, not duplicated
    import_lieux(geo_engine, BOM_CSV, ImportContext(OPERATOR, today=TODAY, data_date=date(2024, 7, 1)))
    with geo_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(LieuxSnapshot)) == 6


def test_legacy_cartographie_json(geo_engine):
    report = import_lieux(geo_engine, LEGACY_JSON, ImportContext(OPERATOR, today=TODAY))

    assert report.rows == 4
    assert report.counts["coordonnees"] == 3 and report.counts["code_postal"] == 1
    rows = lieux(geo_engine)
    assert set(rows) == {"dora-3d647b3a", "hinaura-7", "62592a1d05457b0790816e6c", "cnfs-mauvais-insee"}
    assert rows["dora-3d647b3a"]["labels_nationaux"] == "Conseillers numériques|France Services"
    assert rows["dora-3d647b3a"]["services"] == (
        "Devenir autonome dans les démarches administratives|Utiliser le numérique au quotidien"
    )
    orleans = rows["hinaura-7"]  # numeric id prefixed by its source, services split on ", "
    assert orleans["services"] == "Prendre en main un ordinateur|Utiliser le numérique au quotidien"
    assert (orleans["placement"], orleans["code_insee"], orleans["code_departement"]) == (
        "code_postal",
        "45234",
        "45",
    )
    assert orleans["typologie"] is None and orleans["pivot"] is None
    assert rows["62592a1d05457b0790816e6c"]["code_postal"] == "35000"  # "35000Cedex" cleaned, with a warning
    assert any("35000Cedex" in warning for warning in report.warnings)
    assert any("hinaura-0" in warning for warning in report.warnings)
    # an INSEE code of Orléans with a Chartres postcode: the postcode wins, with a warning
    gare = rows["cnfs-mauvais-insee"]
    assert (gare["code_insee"], gare["code_departement"]) == ("28085", "28")
    assert (
        "1 code(s) INSEE incohérent(s) avec le code postal, remplacé(s) par la commune du code postal : "
        "45234 / 28000 (élément 4)" in report.warnings
    )


def write_variant(tmp_path: Path, name: str, replace: tuple[str, str]) -> Path:
    """The office CSV with one textual change, under a new name."""
    text = OFFICE_CSV.read_bytes().decode("cp1252")
    assert replace[0] in text
    target = tmp_path / name
    target.write_bytes(text.replace(replace[0], replace[1], 1).encode("cp1252"))
    return target


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        (
            (";28085;1 boulevard", ";2808;1 boulevard"),
            "lieux.csv, ligne 2, colonne « code_insee » : valeur « 2808 » invalide "
            "(code INSEE attendu sur 5 caractères)",
        ),
        (
            ("48,4470;1,4891", "-33,86;151,21"),
            "lieux.csv, ligne 2, colonne « latitude, longitude » : valeur « -33,86, 151,21 » invalide "
            "(coordonnées hors de France, métropole et outre-mer)",
        ),
        (
            ("2024-05-20", "2024-13-45"),
            "lieux.csv, ligne 5, colonne « date_maj » : valeur « 2024-13-45 » invalide "
            "(date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA)",
        ),
        (
            ("lieu-06;", "lieu-02;"),
            "lieux.csv, ligne 7, colonne « id » : valeur « lieu-02 » invalide "
            "(en double : déjà présente ligne 3)",
        ),
        (
            ("lieu-03;77567227200018;Espace numérique Cléunay", "lieu-03;77567227200018;"),
            "lieux.csv, ligne 4, colonne « nom » : valeur obligatoire manquante",
        ),
        (
            (";28110;", ";2811;"),
            "lieux.csv, ligne 3, colonne « code_postal » : valeur « 2811 » invalide "
            "(code postal attendu sur 5 chiffres)",
        ),
    ],
)
def test_bad_values_reject_everything(geo_engine, tmp_path, replace, expected):
    import_lieux(geo_engine, BOM_CSV, ImportContext(OPERATOR, today=TODAY))
    before = dump(geo_engine)

    with pytest.raises(ImportRejected) as rejected:
        import_lieux(
            geo_engine, write_variant(tmp_path, "lieux.csv", replace), ImportContext(OPERATOR, today=TODAY)
        )

    message = rejected.value.message_fr()
    assert message.startswith(
        "Import refusé : 1 erreur dans « lieux.csv ». Aucune donnée n'a été enregistrée."
    )
    assert f"- {expected}" in message.splitlines()
    assert dump(geo_engine) == before


def test_missing_required_column(geo_engine, tmp_path):
    text = OFFICE_CSV.read_bytes().decode("cp1252").replace("date_maj", "date_mise_a_jour", 1)
    path = tmp_path / "sans-date.csv"
    path.write_bytes(text.encode("cp1252"))
    before = dump(geo_engine)

    with pytest.raises(ImportRejected) as rejected:
        import_lieux(geo_engine, path, ImportContext(OPERATOR))

    assert rejected.value.errors[0].message_fr() == (
        "sans-date.csv, colonne « date_maj » : colonne obligatoire absente de l'en-tête"
    )
    assert dump(geo_engine) == before


def test_many_errors_are_capped(geo_engine, tmp_path):
    header = "id,pivot,nom,commune,code_postal,adresse,date_maj,code_insee\n"
    lines = "".join(f"x{n},123456789,Lieu {n},Chartres,28000,rue,2024-01-01,28{n:03d}X\n" for n in range(60))
    path = tmp_path / "beaucoup.csv"
    path.write_text(header + lines, encoding="utf-8")

    with pytest.raises(ImportRejected) as rejected:
        import_lieux(geo_engine, path, ImportContext(OPERATOR))

    message = rejected.value.message_fr().splitlines()
    assert message[0].startswith("Import refusé : 60 erreurs dans « beaucoup.csv »")
    assert len(message) == 1 + 50 + 1
    assert message[-1] == "… et 10 autres erreurs"


def test_oversized_file_is_refused_before_reading(geo_engine, tmp_path):
    path = tmp_path / "gros.csv"
    shutil.copy(BOM_CSV, path)

    with pytest.raises(ImportRejected) as rejected:
        import_lieux(geo_engine, path, ImportContext(OPERATOR, limits=Limits(max_bytes=100)))

    assert "gros.csv : fichier trop volumineux" in rejected.value.message_fr()
    assert lieux(geo_engine) == {}


def test_thirty_thousand_lieux_under_ten_seconds(geo_engine, tmp_path):
    import time

    header = "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj\n"
    rows = [
        f"bench-{n},123456789,Lieu {n},Rennes,35000,35238,{n} rue de Paris,48.1,-1.68,2024-01-01\n"
        if n % 3
        else f"bench-{n},123456789,Lieu {n},Chartres,28000,,{n} rue de Paris,,,2024-01-01\n"
        for n in range(30_000)
    ]
    path = tmp_path / "national.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")

    started = time.perf_counter()
    report = import_lieux(geo_engine, path, ImportContext(OPERATOR, today=TODAY))
    elapsed = time.perf_counter() - started

    assert report.inserted == 30_000
    assert {d.code: d.nombre_fichier for d in report.departements} == {"28": 10_000, "35": 20_000}
    if geo_engine.dialect.name == "sqlite":
        assert elapsed < 10
    started = time.perf_counter()
    assert import_lieux(geo_engine, path, ImportContext(OPERATOR, today=TODAY)).updated == 30_000
    if geo_engine.dialect.name == "sqlite":
        assert time.perf_counter() - started < 10
