"""Imports audited (who, when, file name, size, checksum, counts, territory), seen from a territory;
lieux snapshots dated by their data; a stopped import."""

from __future__ import annotations

import hashlib
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from benchmarks.hostile_uploads import heavy_xlsx
from dashboard import upload
from data_access.access import Viewer
from data_access.history import import_history
from data_access.importers import OPERATOR, ImportContext, ImportRejected, import_governance, import_lieux
from data_access.models import Gouvernance, ImportLog, LieuxSnapshot
from data_access.scope import Territory

FIXTURES = Path(__file__).parent / "fixtures"
HUB_24 = Viewer("hub@centre-val-de-loire.fr", "Hub Centre-Val de Loire", "regional", "24", ("28", "45"))
HUB_53 = Viewer("hub@bretagne.fr", "Hub Bretagne", "regional", "53", ("35",))
OFFICE_CSV = FIXTURES / "lieux-v102-bureau-cp1252.csv"
TODAY = date(2024, 7, 1)


def governance_file(tmp_path: Path, name: str, codes: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(
        "code_departement;etape\n" + "".join(f"{code};pressentie\n" for code in codes), encoding="utf-8"
    )
    return path


def test_each_import_is_logged_with_writer_file_size_checksum_counts_and_territory(
    geo_engine: Engine, tmp_path: Path
) -> None:
    path = governance_file(tmp_path, "centre.csv", ["28", "45"])
    import_governance(geo_engine, path, ImportContext(HUB_24))
    import_governance(geo_engine, governance_file(tmp_path, "centre-2.csv", ["28"]), ImportContext(HUB_24))

    history = import_history(geo_engine)
    first = history.iloc[1]
    assert first["email"] == "hub@centre-val-de-loire.fr"
    assert first["territoire"] == "regional:24"
    assert first["filename"] == "centre.csv"
    assert first["size_bytes"] == path.stat().st_size
    assert first["checksum"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (first["rows"], first["inserted"], first["updated"], first["skipped"]) == (2, 2, 0, 0)
    assert isinstance(first["imported_at"], datetime)
    assert (history.iloc[0]["inserted"], history.iloc[0]["updated"]) == (0, 1)


def test_the_history_of_a_territory_shows_national_imports_and_its_own_writers_only(
    geo_engine: Engine, tmp_path: Path
) -> None:
    import_governance(geo_engine, governance_file(tmp_path, "national.csv", ["28"]), ImportContext(OPERATOR))
    import_governance(geo_engine, governance_file(tmp_path, "centre.csv", ["45"]), ImportContext(HUB_24))
    import_governance(geo_engine, governance_file(tmp_path, "bretagne.csv", ["35"]), ImportContext(HUB_53))

    assert set(import_history(geo_engine)["filename"]) == {"national.csv", "centre.csv", "bretagne.csv"}
    in_24 = Territory("region", "24", ("28", "45"))
    assert list(import_history(geo_engine, in_24)["filename"]) == ["centre.csv", "national.csv"]
    in_35 = Territory("departement", "35", ("35",))
    assert list(import_history(geo_engine, in_35)["filename"]) == ["national.csv"]


def snapshot_dates(engine: Engine) -> set[date]:
    with engine.connect() as connection:
        return set(connection.scalars(select(LieuxSnapshot.date)))


def test_lieux_snapshot_is_dated_by_the_files_name(geo_engine: Engine, tmp_path: Path) -> None:
    """Issue 9: a 2023 file imported now said « Dernier relevé : » today."""
    path = tmp_path / "20230517-hub-du-sud-lieux.csv"
    path.write_bytes(OFFICE_CSV.read_bytes())
    report = import_lieux(geo_engine, path, ImportContext(OPERATOR, today=TODAY))
    assert snapshot_dates(geo_engine) == {date(2023, 5, 17)}
    assert "Relevé daté du 17 mai 2023 (date du nom du fichier)" in report.message_fr()


def test_lieux_snapshot_date_asked_for_wins(geo_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "20230517-lieux.csv"
    path.write_bytes(OFFICE_CSV.read_bytes())
    import_lieux(geo_engine, path, ImportContext(OPERATOR, today=TODAY, data_date=date(2023, 6, 30)))
    assert snapshot_dates(geo_engine) == {date(2023, 6, 30)}


def test_lieux_dates_after_the_import_day_are_passed_over(geo_engine: Engine) -> None:
    report = import_lieux(geo_engine, OFFICE_CSV, ImportContext(OPERATOR, today=date(2024, 4, 1)))
    assert snapshot_dates(geo_engine) == {date(2024, 3, 12)}
    assert report.data_date == date(2024, 3, 12)


def test_a_cancelled_import_stops_its_process_and_writes_nothing(geo_engine: Engine, tmp_path: Path) -> None:
    """What the Administration page does when its uploader's session ends mid-import."""
    path = heavy_xlsx(tmp_path / "lourd.xlsx", 60_000)
    url = geo_engine.url.render_as_string(hide_password=False)
    with upload.running_import(
        url, "gouvernances", path.name, path.read_bytes(), ImportContext(OPERATOR)
    ) as job:
        pid = job.pid
        time.sleep(1)
        assert not job.done()
    assert job.done()
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    with geo_engine.connect() as connection:
        assert connection.execute(select(ImportLog)).all() == []
        assert connection.execute(select(Gouvernance)).all() == []


def test_an_import_whose_database_fails_is_refused_in_french(tmp_path: Path) -> None:
    """A store without the schema: the child process answers, the page gets a French refusal."""
    url = f"sqlite:///{tmp_path / 'sans-schema.sqlite'}"
    content = (FIXTURES / "gouvernances.csv").read_bytes()
    with (
        pytest.raises(ImportRejected) as rejected,
        upload.running_import(url, "gouvernances", "g.csv", content, ImportContext(OPERATOR)) as job,
    ):
        assert job.wait(60)
        job.result()
    assert rejected.value.message_fr().splitlines()[1] == (
        "- g.csv : la base de données a refusé l'écriture ou ne répond pas ; rien n'a été enregistré"
    )
