"""Administration: an import through the browser gives the CLI's French report, or its list of errors
with nothing written; templates download; the import log lists the last imports, newest first."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from dashboard import resources, upload
from dashboard.formatting import fr_datetime, plain
from data_access.db import make_engine
from data_access.history import import_history
from data_access.importers import (
    KIND_LABELS,
    MAX_FILE_BYTES,
    OPERATOR,
    ImportContext,
    ImportRejected,
    Limits,
    import_file,
    write_template,
)
from data_access.models import ImportLog, Lieu
from tests.pages.conftest import APP_PATH, PAGE_TIMEOUT_SECONDS, run_page, table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ADMIN_PAGE = "pages/admin.py"
HOSTILE = "<img src=x onerror=alert(1)> **gras**"


def open_admin() -> AppTest:
    """The admin page through the app once the navigation declares it, else on its own."""
    if ADMIN_PAGE in APP_PATH.read_text(encoding="utf-8"):
        return run_page(ADMIN_PAGE)
    app = AppTest.from_file(str(APP_PATH.parent / ADMIN_PAGE), default_timeout=PAGE_TIMEOUT_SECONDS)
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


@pytest.fixture
def store(empty_store_url: str) -> Iterator[Engine]:
    """The store the page writes to (small geography, nothing imported yet).

    The writer engine is cached apart from the reading one: it is reset too, so that the
    page writes to this store and later tests do not write to it.
    """
    resources.writer_engine.clear()
    created = make_engine(empty_store_url)
    yield created
    created.dispose()
    resources.writer_engine.clear()


def submit(app: AppTest, kind: str, name: str, content: bytes) -> AppTest:
    app.selectbox(key="admin_type").set_value(kind)
    app.file_uploader(key="admin_fichier").set_value((name, content, "text/csv"))
    app.button(key="FormSubmitter:admin_import-Importer").click()
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (
            connection.scalar(select(func.count()).select_from(Lieu)),
            connection.scalar(select(func.count()).select_from(ImportLog)),
        )


def test_page_offers_every_kind_the_upload_limit_and_the_templates(store: Engine) -> None:
    app = open_admin()
    assert app.title[0].value == "Administration des données"
    assert app.selectbox(key="admin_type").options == list(KIND_LABELS.values())
    uploader = app.file_uploader(key="admin_fichier")
    # .xls and .ods pass the widget, to meet our French refusal rather than Streamlit's English one
    assert [kind.lstrip(".") for kind in uploader.allowed_type] == ["csv", "json", "xlsx", "xls", "ods"]
    # the widget's limit is far above ours, which refuses in French
    assert uploader.proto.max_upload_size_mb == 200
    assert MAX_FILE_BYTES // 1_048_576 == 50
    assert "50 Mo au plus" in " ".join(caption.value for caption in app.caption)
    assert [button.label for button in app.download_button] == list(KIND_LABELS.values())
    assert "Aucun import n'a encore été fait dans cette base." in [info.value for info in app.info]


def test_accepted_lieux_file_reports_counts_per_departement_and_refreshes_the_log(store: Engine) -> None:
    app = open_admin()
    content = (FIXTURES / "lieux-v102-bureau-cp1252.csv").read_bytes()
    submit(app, "lieux", "lieux-v102-bureau-cp1252.csv", content)

    assert [item.value for item in app.error] == []
    assert [item.value for item in app.success] == [
        plain(
            "Import « lieux » accepté : lieux-v102-bureau-cp1252.csv, 6 ligne(s) "
            "(6 ajoutée(s), 0 mise(s) à jour, 0 ignorée(s))."
        )
    ]
    with store.connect() as connection:
        per_departement = dict(
            connection.execute(
                select(Lieu.code_departement, func.count())
                .where(Lieu.code_departement.is_not(None))
                .group_by(Lieu.code_departement)
            ).all()
        )
    shown = table(app, "Lieux dans le fichier")
    assert dict(zip(shown["Code"], shown["Lieux en base après l'import"], strict=True)) == per_departement
    assert dict(zip(shown["Code"], shown["Lieux dans le fichier"], strict=True)) == per_departement
    (placements,) = [item.value for item in app.markdown if "Lieux non placés" in item.value]
    assert placements.splitlines()[-1] == "- Lieux non placés : 1"
    assert counts(store) == (6, 1)
    log = table(app, "Fichier", "Lignes")
    assert log.to_dict("records") == [
        {
            "Date": fr_datetime(import_history(store).iloc[0]["imported_at"]),
            "Par": "demonstration",
            "Territoire": "National",
            "Type de fichier": "Lieux de médiation numérique",
            "Fichier": "lieux-v102-bureau-cp1252.csv",
            "Taille": "1,7 ko",
            "Empreinte SHA-256": hashlib.sha256(content).hexdigest(),
            "Lignes": "6",
            "Ajoutées": "6",
            "Mises à jour": "0",
            "Ignorées": "0",
            "Avertissements": "1",
        }
    ]


def test_rejected_file_lists_line_column_and_value_and_writes_nothing(store: Engine) -> None:
    header = (FIXTURES / "lieux-v102-utf8-bom.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    columns = [name.strip('"') for name in header.split(",")]
    good = {
        "id": "lieu-1",
        "pivot": "21280085700012",
        "nom": "Médiathèque",
        "commune": "Chartres",
        "code_postal": "28000",
        "code_insee": "2808",
        "adresse": "1 place des Halles",
        "date_maj": f'"{HOSTILE}"',
    }
    row = ",".join(good.get(column, "") for column in columns)
    app = open_admin()
    submit(app, "lieux", "lieux à corriger.csv", f"{header}\n{row}\n".encode())

    assert app.success.len == 0
    (error,) = [item.value for item in app.error]
    lines = error.split("\n\n")
    assert lines[0] == plain(
        "Import refusé : 2 erreurs dans « lieux à corriger.csv ». Aucune donnée n'a été enregistrée."
    )
    items = lines[1].splitlines()
    assert items == [
        "- "
        + plain(
            "lieux à corriger.csv, ligne 2, colonne « code_insee » : valeur « 2808 » invalide "
            "(code INSEE attendu sur 5 caractères)"
        ),
        "- "
        + plain(
            f"lieux à corriger.csv, ligne 2, colonne « date_maj » : valeur « {HOSTILE} » invalide "
            "(date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA)"
        ),
    ]
    assert HOSTILE not in error
    assert counts(store) == (0, 0)
    assert "Aucun import n'a encore été fait dans cette base." in [info.value for info in app.info]


def test_web_page_uploaded_as_csv_is_refused_in_french(store: Engine) -> None:
    app = open_admin()
    page = b"<!DOCTYPE html><html><body>Session expiree</body></html>"
    submit(app, "gouvernances", "gouvernances.csv", page)
    (error,) = [item.value for item in app.error]
    assert "contenu HTML ou XML \\(une page web ?\\) au lieu d'un fichier CSV, JSON ou XLSX" in error
    assert counts(store) == (0, 0)


def test_submitting_without_a_file_asks_for_one(store: Engine) -> None:
    app = open_admin()
    app.button(key="FormSubmitter:admin_import-Importer").click()
    app.run()
    assert [item.value for item in app.main.warning] == ["Choisissez d'abord le fichier à importer."]
    assert counts(store) == (0, 0)


# --- The upload logic on both backends ---------------------------------------------------------


def test_import_upload_refuses_an_oversized_file_naming_it_and_leaves_no_copy(
    geo_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(ImportRejected) as rejected:
        upload.import_upload(
            geo_engine,
            "lieux",
            "lieux national.csv",
            b"x" * 3_000_000,
            ImportContext(OPERATOR, limits=Limits(max_bytes=2_097_152)),
        )
    assert rejected.value.message_fr().splitlines() == [
        "Import refusé : 1 erreur dans « lieux national.csv ». Aucune donnée n'a été enregistrée.",
        "- lieux national.csv : fichier trop volumineux (2,9 Mo ; 2 Mo au plus)",
    ]
    assert counts(geo_engine) == (0, 0)
    assert list(tmp_path.iterdir()) == []


def test_import_upload_reports_and_logs_under_the_users_file_name(geo_engine: Engine) -> None:
    content = (FIXTURES / "gouvernances.csv").read_bytes()
    report = upload.import_upload(
        geo_engine, "gouvernances", "C:\\fakepath\\gouvernances 2024.csv", content, ImportContext(OPERATOR)
    )
    assert report.message_fr().splitlines()[0] == (
        "Import « gouvernances » accepté : gouvernances 2024.csv, 2 ligne(s) "
        "(2 ajoutée(s), 0 mise(s) à jour, 0 ignorée(s))."
    )
    assert list(import_history(geo_engine)["filename"]) == ["gouvernances 2024.csv"]


def test_import_history_lists_the_last_imports_newest_first(geo_engine: Engine) -> None:
    import_file(geo_engine, "gouvernances", FIXTURES / "gouvernances.csv", ImportContext(OPERATOR))
    import_file(
        geo_engine,
        "lieux",
        FIXTURES / "lieux-v102-bureau-cp1252.csv",
        ImportContext(OPERATOR, today=date(2024, 6, 1)),
    )
    history = import_history(geo_engine, limit=5)
    assert list(history["kind"]) == ["lieux", "gouvernances"]
    assert list(history["filename"]) == ["lieux-v102-bureau-cp1252.csv", "gouvernances.csv"]
    assert list(history["rows"]) == [6, 2]
    assert list(history["inserted"]) == [6, 2]
    assert list(history["updated"]) == [0, 0]
    assert list(history["warnings"]) == [1, 0]
    assert all(isinstance(value, datetime) for value in history["imported_at"])
    assert len(import_history(geo_engine, limit=1)) == 1


def test_import_history_of_an_empty_store_is_empty_with_its_columns(engine: Engine) -> None:
    history = import_history(engine)
    assert history.empty
    assert list(history.columns) == [
        "imported_at",
        "email",
        "kind",
        "filename",
        "size_bytes",
        "checksum",
        "territoire",
        "rows",
        "inserted",
        "updated",
        "skipped",
        "warnings",
    ]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\fakepath\\lieux.csv", "lieux.csv"),
        ("../../etc/passwd", "passwd"),
        ("..", "fichier"),
        ("", "fichier"),
        ("lieux\x00\n.csv", "lieux.csv"),
        ("é" * 300 + ".xlsx", "é" * 195 + ".xlsx"),
    ],
)
def test_uploaded_file_names_stay_inside_the_temporary_folder(sent: str, kept: str) -> None:
    assert upload.safe_filename(sent) == kept


@pytest.mark.parametrize("kind", list(KIND_LABELS))
def test_template_downloads_are_the_cli_templates(kind: str, tmp_path: Path) -> None:
    written = tmp_path / "modele.csv"
    write_template(kind, written)
    assert upload.template_bytes(kind) == written.read_bytes()
    assert re.fullmatch(r"modele-[a-z-]+\.csv", upload.template_file_name(kind))


def test_national_indicator_is_dated_by_the_date_given_on_the_page(store: Engine) -> None:
    from data_access.models import IndicateurReleve

    app = open_admin()
    content = b'[{"departement": "28", "usagers": 12, "accompagnements": 20}]'
    app.selectbox(key="admin_type").set_value("accompagnements")
    app.file_uploader(key="admin_fichier").set_value(("cras.json", content, "application/json"))
    app.button(key="FormSubmitter:admin_import-Importer").click().run()
    assert any("date des données inconnue" in error.value for error in app.error)

    app.date_input(key="admin_date").set_value(date(2024, 12, 19))
    app.button(key="FormSubmitter:admin_import-Importer").click().run()
    assert not app.error
    with store.connect() as connection:
        row = connection.execute(select(IndicateurReleve.date, IndicateurReleve.valeur)).one()
    assert tuple(row) == (date(2024, 12, 19), 12)
