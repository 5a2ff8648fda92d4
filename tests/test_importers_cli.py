"""``python -m data_access``: subprocess runs against a temporary SQLite store."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access.access import save_user
from data_access.db import make_engine
from data_access.geography import load_geography
from data_access.models import Gouvernance, ImportLog, Lieu, LieuxSnapshot
from tests.conftest import SMALL_GEOGRAPHY

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "data_access", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A store migrated by the CLI itself, holding the small test geography."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = run(url, "upgrade")
    assert result.returncode == 0, result.stderr
    assert "Schéma de la base à jour." in result.stdout
    engine = make_engine(url)
    load_geography(engine, SMALL_GEOGRAPHY)
    engine.dispose()
    return url


def test_import_lieux_prints_counts_per_departement(store_url):
    result = run(store_url, "import", "lieux", str(FIXTURES / "lieux-v102-bureau-cp1252.csv"))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Import « lieux » accepté : lieux-v102-bureau-cp1252.csv, 6 ligne(s) "
        "(6 ajoutée(s), 0 mise(s) à jour, 0 ignorée(s))."
    )
    assert "  Lieux non placés : 1" in lines
    table = [line.split() for line in lines if line.startswith("    ")]
    assert table == [
        ["28", "Eure-et-Loir", "3", "3"],
        ["35", "Ille-et-Vilaine", "1", "1"],
        ["45", "Loiret", "2", "2"],
    ]
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Lieu)) == 6
        assert connection.scalar(select(ImportLog.kind)) == "lieux"
    engine.dispose()


def test_rejected_file_exits_1_with_french_report(store_url, tmp_path):
    bad = tmp_path / "dotations.csv"
    bad.write_text("code_departement,montant\n28,42500\n99,10\n", encoding="utf-8")

    result = run(store_url, "import", "dotations", str(bad))

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Import refusé : 1 erreur dans « dotations.csv ». Aucune donnée n'a été enregistrée.",
        "- dotations.csv, ligne 3, colonne « code_departement » : valeur « 99 » invalide "
        "(code département inconnu (01 à 95, 2A, 2B, 971 à 978, 986 à 988))",
    ]
    missing = run(store_url, "import", "ifn", str(tmp_path / "absent.csv"))
    assert missing.returncode == 1
    assert "absent.csv : fichier introuvable" in missing.stderr


def test_usage_errors_exit_2(store_url):
    result = run(store_url, "import", "musees", "x.csv")
    assert result.returncode == 2
    assert "erreur : argument TYPE: choix invalide" in result.stderr
    assert run(store_url).returncode == 2


def test_template_command(tmp_path):
    out = tmp_path / "modele.csv"
    result = run("sqlite:///" + str(tmp_path / "unused.sqlite"), "template", "feuilles-de-route", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().decode("utf-8-sig").startswith("reference_feuille;nom_feuille;code_departement;")


def test_cli_imports_as_a_user_held_to_his_territory_and_dates_lieux(store_url: str) -> None:
    engine = make_engine(store_url)
    save_user(engine, "hub@centre-val-de-loire.fr", "Hub", "regional", "24")
    result = run(
        store_url,
        "import",
        "gouvernances",
        str(FIXTURES / "gouvernances.csv"),
        "--utilisateur",
        "HUB@centre-val-de-loire.fr",
    )
    assert result.returncode == 1
    assert (
        "ligne 3, colonne « code_departement » : valeur « 35 » invalide (hors de votre territoire"
        in result.stderr
    )
    unknown = run(
        store_url, "import", "gouvernances", str(FIXTURES / "gouvernances.csv"), "--utilisateur", "x@y.fr"
    )
    assert (unknown.returncode, unknown.stderr.strip()) == (1, "Utilisateur inconnu ou inactif : « x@y.fr ».")

    dated = run(
        store_url, "import", "lieux", str(FIXTURES / "lieux-v102-bureau-cp1252.csv"), "--date", "2023-05-17"
    )
    assert dated.returncode == 0, dated.stderr
    assert "  Relevé daté du 17 mai 2023 (date demandée)" in dated.stdout
    bad = run(
        store_url, "import", "lieux", str(FIXTURES / "lieux-v102-bureau-cp1252.csv"), "--date", "17/05/2023"
    )
    assert bad.returncode == 2 and "date attendue au format AAAA-MM-JJ : « 17/05/2023 »" in bad.stderr
    with engine.connect() as connection:
        assert set(connection.scalars(select(LieuxSnapshot.date))) == {date(2023, 5, 17)}
        assert connection.scalar(select(ImportLog.email)) == "ligne de commande"
        assert connection.execute(select(Gouvernance)).all() == []
    engine.dispose()


def test_import_of_a_national_indicator_takes_the_date_of_its_data(store_url, tmp_path):
    path = tmp_path / "cras.json"
    path.write_text('[{"departement": "28", "usagers": 1204, "accompagnements": 2000}]', encoding="utf-8")

    missing = run(store_url, "import", "accompagnements", str(path))
    assert missing.returncode == 1
    assert "date des données inconnue : précisez-la avec --date AAAA-MM-JJ" in missing.stderr

    bad = run(store_url, "import", "accompagnements", str(path), "--date", "19/12/2024")
    assert bad.returncode == 2
    assert "date attendue au format AAAA-MM-JJ" in bad.stderr

    accepted = run(store_url, "import", "accompagnements", str(path), "--date", "2024-12-19")
    assert accepted.returncode == 0, accepted.stderr
    assert "Relevé daté du 19 décembre 2024 (date demandée)" in accepted.stdout
    assert "Personnes accompagnées (usagers des CRA) : 1204" in accepted.stdout
