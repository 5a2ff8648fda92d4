"""Imports held to the writer's territory: a file with one row outside it is refused whole, line named.

Issue 13 found a regional hub (région 24) overwriting Ille-et-Vilaine (35, région 53) through a
gouvernances CSV on the Administration page. These tests replay it and its variants for every kind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dashboard import upload
from data_access.access import AccessDenied, Viewer, save_user, viewer_for
from data_access.editing import update_governance_stage
from data_access.importers import (
    OPERATOR,
    ImportContext,
    ImportRejected,
    import_candidatures,
    import_envelopes,
    import_file,
    import_fragility,
    import_governance,
    import_lieux,
    import_roadmaps,
)
from data_access.meetings import Meeting, record_meeting
from data_access.models import Action, Candidature, Gouvernance, ImportLog, Lieu, LieuxSnapshot
from tests.test_importers_lieux import dump

FIXTURES = Path(__file__).parent / "fixtures"
HUB_24 = Viewer("hub@centre-val-de-loire.fr", "Hub Centre-Val de Loire", "regional", "24", ("28", "45"))
REFERENT_28 = Viewer("ref28@eure-et-loir.gouv.fr", "Référente 28", "departement", "28", ("28",))
GOVERNANCE_HEADER = "code_departement;etape;date_pressentie;date_formalisee;date_mise_en_oeuvre\n"


def hub() -> ImportContext:
    return ImportContext(HUB_24, today=date(2024, 7, 1))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stage_of_35(engine: Engine) -> tuple:
    with engine.connect() as connection:
        return tuple(
            connection.execute(
                select(Gouvernance.etape, Gouvernance.date_pressentie, Gouvernance.date_mise_en_oeuvre).where(
                    Gouvernance.code_departement == "35"
                )
            ).one()
        )


def test_hub_of_region_24_cannot_overwrite_ille_et_vilaine_through_an_upload(
    geo_engine: Engine, tmp_path: Path
) -> None:
    """The issue's failure: « 1 mise(s) à jour », 35 went from mise_en_oeuvre to pressentie."""
    stored = write(
        tmp_path / "g.csv", GOVERNANCE_HEADER + "35;mise_en_oeuvre;2023-10-20;2024-01-10;2024-09-01\n"
    )
    import_file(geo_engine, "gouvernances", stored, ImportContext(OPERATOR))
    before = dump(geo_engine)
    content = (GOVERNANCE_HEADER + "35;pressentie;;;\n").encode()

    with pytest.raises(ImportRejected) as rejected:
        upload.import_upload(geo_engine, "gouvernances", "gouvernances-35.csv", content, hub())

    assert rejected.value.message_fr().splitlines() == [
        "Import refusé : 1 erreur dans « gouvernances-35.csv ». Aucune donnée n'a été enregistrée.",
        "- gouvernances-35.csv, ligne 2, colonne « code_departement » : valeur « 35 » invalide "
        "(hors de votre territoire (Hub régional 24 : départements 28, 45) ; rien n'a été enregistré)",
    ]
    assert stage_of_35(geo_engine) == ("mise_en_oeuvre", date(2023, 10, 20), date(2024, 9, 1))
    assert dump(geo_engine) == before


def test_one_row_outside_refuses_the_whole_file_and_names_its_line(
    geo_engine: Engine, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "g.csv", GOVERNANCE_HEADER + "28;pressentie;;;\n45;pressentie;;;\n35;pressentie;;;\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        import_governance(geo_engine, path, hub())
    assert [(issue.line, issue.column, issue.value) for issue in rejected.value.errors] == [
        (4, "code_departement", "35")
    ]
    with geo_engine.connect() as connection:
        assert connection.execute(select(Gouvernance)).all() == []
        assert connection.execute(select(ImportLog)).all() == []


def test_hub_imports_inside_its_region_and_is_logged_with_its_territory(
    geo_engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "g.csv", GOVERNANCE_HEADER + "28;pressentie;;;\n45;formalisee;;;\n")
    report = import_governance(geo_engine, path, hub())
    assert (report.inserted, report.updated) == (2, 0)
    with geo_engine.connect() as connection:
        log = connection.execute(select(ImportLog)).one()
    assert (log.email, log.territoire, log.inserted, log.updated, log.skipped) == (
        "hub@centre-val-de-loire.fr",
        "regional:24",
        2,
        0,
        0,
    )


def test_national_operator_writes_anywhere(geo_engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", GOVERNANCE_HEADER + "28;pressentie;;;\n35;pressentie;;;\n")
    assert import_governance(geo_engine, path, ImportContext(OPERATOR)).inserted == 2


def test_a_departement_unknown_to_the_geography_is_refused_for_every_writer(
    geo_engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "g.csv", GOVERNANCE_HEADER + "29;pressentie;;;\n")
    with pytest.raises(ImportRejected, match="département absent de la géographie chargée"):
        import_governance(geo_engine, path, ImportContext(OPERATOR))


def test_a_role_that_does_not_import_is_refused_before_the_file_is_read(geo_engine: Engine) -> None:
    with pytest.raises(ImportRejected) as rejected:
        import_governance(geo_engine, FIXTURES / "gouvernances.csv", ImportContext(REFERENT_28))
    assert "le rôle « Référent départemental » ne permet pas d'importer" in rejected.value.message_fr()


@pytest.mark.parametrize(
    ("importer", "fixture", "line", "column", "value"),
    [
        (import_envelopes, "dotations-202406.csv", None, "code_departement", "35"),
        (import_candidatures, "candidatures.csv", None, "code_departement", "35"),
        (import_roadmaps, "feuilles-de-route.csv", None, "code_departement", "35"),
        (import_lieux, "lieux-v102-bureau-cp1252.csv", 4, "code_postal", "35000"),
        (import_fragility, "ifn-2023.csv", None, "code", None),
    ],
)
def test_every_kind_refuses_rows_outside_the_hubs_region(
    geo_engine: Engine, importer, fixture: str, line: int | None, column: str, value: str | None
) -> None:
    before = dump(geo_engine)
    with pytest.raises(ImportRejected) as rejected:
        importer(geo_engine, FIXTURES / fixture, hub())
    errors = [
        issue
        for issue in rejected.value.errors
        if "hors de votre territoire" in issue.reason or "aucun département" in issue.reason
    ]
    assert errors
    assert {issue.column for issue in errors} <= {column, "code_insee", "code_postal"}
    if line is not None:
        assert (errors[0].line, errors[0].value) == (line, value)
    if value is not None:
        assert value in {issue.value for issue in errors}
    assert dump(geo_engine) == before


def test_an_identifier_stored_in_another_territory_is_not_taken_over(
    geo_engine: Engine, tmp_path: Path
) -> None:
    """A candidature of 35 re-declared in 28 by the hub would move it into his région."""
    import_candidatures(geo_engine, FIXTURES / "candidatures.csv", ImportContext(OPERATOR))
    with geo_engine.connect() as connection:
        reference = connection.scalar(
            select(Candidature.reference).where(Candidature.code_departement == "35")
        )
    path = tmp_path / "c.csv"
    path.write_text(
        f"reference;code_departement;persona;intention;structure_nom\n{reference};28;commune;porter;Mairie\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_candidatures(geo_engine, path, hub())
    (issue,) = rejected.value.errors
    assert (issue.line, issue.column, issue.value) == (2, "reference", reference)
    assert "déjà enregistré dans le département 35" in issue.reason


def test_lieux_of_a_hub_snapshot_only_its_departements(geo_engine: Engine, tmp_path: Path) -> None:
    rows = (FIXTURES / "lieux-v102-bureau-cp1252.csv").read_bytes().decode("cp1252").splitlines()
    inside = [rows[0]] + [row for row in rows[1:] if ";35" not in row and "Rennes" not in row]
    path = tmp_path / "lieux-2024-06-01.csv"
    path.write_text("\n".join(inside) + "\n", encoding="utf-8")
    report = import_lieux(geo_engine, path, hub())
    assert {d.code for d in report.departements} <= {"28", "45"}
    with geo_engine.connect() as connection:
        snapshots = connection.execute(select(LieuxSnapshot.date, LieuxSnapshot.code_departement)).all()
        assert connection.scalar(select(Lieu.id).where(Lieu.code_departement == "35")) is None
    assert sorted(snapshots) == [(date(2024, 6, 1), "28"), (date(2024, 6, 1), "45")]


def test_edits_and_meetings_stay_in_the_writers_departement(geo_engine: Engine) -> None:
    import_governance(geo_engine, FIXTURES / "gouvernances.csv", ImportContext(OPERATOR))
    with pytest.raises(AccessDenied):
        update_governance_stage(geo_engine, REFERENT_28, "35", 1, "mise_en_oeuvre")
    with pytest.raises(AccessDenied):
        update_governance_stage(geo_engine, HUB_24, "28", 1, "mise_en_oeuvre")
    with pytest.raises(AccessDenied):
        record_meeting(
            geo_engine, REFERENT_28, Meeting("35", "strategique", date(2024, 5, 1), conclusions="Lancement")
        )
    assert update_governance_stage(geo_engine, REFERENT_28, "28", 1, "mise_en_oeuvre") == 2
    with geo_engine.connect() as connection:
        assert connection.scalar(select(Action.id)) is None


def test_hub_upload_runs_in_a_child_process_and_is_refused_there_too(geo_engine: Engine) -> None:
    """The Administration page's path: the writer crosses to the child process with his territory."""
    save_user(geo_engine, "hub@centre-val-de-loire.fr", "Hub", "regional", "24")
    writer = viewer_for(geo_engine, "hub@centre-val-de-loire.fr")
    assert writer is not None and writer.departements == ("28", "45")
    url = geo_engine.url.render_as_string(hide_password=False)
    content = (GOVERNANCE_HEADER + "28;pressentie;;;\n35;pressentie;;;\n").encode()
    with upload.running_import(url, "gouvernances", "g.csv", content, ImportContext(writer)) as job:
        assert job.wait(60)
        with pytest.raises(ImportRejected) as rejected:
            job.result()
    assert [(issue.line, issue.value) for issue in rejected.value.errors] == [(3, "35")]
    with geo_engine.connect() as connection:
        assert connection.execute(select(Gouvernance)).all() == []
