"""Files screened before any parser runs (size, rows, compression, format, encoding), and the smaller
failures of issue 13: UTF-16, formulas without a computed value, .xls and .ods."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from benchmarks.hostile_uploads import write_xlsx, zip_bomb_xlsx
from dashboard import upload
from data_access.importers import (
    OPERATOR,
    ImportContext,
    ImportRejected,
    Limits,
    import_governance,
    import_lieux,
)
from data_access.models import Gouvernance

HEADER = ["code_departement", "etape", "note_de_contexte"]


def refusal(engine: Engine, path: Path, limits: Limits | None = None) -> list[str]:
    """The lines of the French refusal of ``path`` imported as gouvernances."""
    context = ImportContext(OPERATOR) if limits is None else ImportContext(OPERATOR, limits=limits)
    with pytest.raises(ImportRejected) as rejected:
        import_governance(engine, path, context)
    return rejected.value.message_fr().splitlines()


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl must never see the file."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl a été appelé")

    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)


def test_the_issues_zip_bomb_is_refused_before_any_parser(
    geo_engine: Engine, tmp_path: Path, no_parser
) -> None:
    path = zip_bomb_xlsx(tmp_path / "bombe.xlsx", 50_000)
    assert path.stat().st_size < 200_000
    assert refusal(geo_engine, path)[1] == (
        "- bombe.xlsx : classeur XLSX trop volumineux une fois décompressé (58,8 Mo ; 50 Mo au plus)"
    )


def test_an_abnormal_compression_ratio_is_refused(geo_engine: Engine, tmp_path: Path, no_parser) -> None:
    path = zip_bomb_xlsx(tmp_path / "bombe.xlsx", 20_000)
    message = refusal(geo_engine, path, Limits(max_uncompressed_bytes=10**9))[1]
    assert message.startswith("- bombe.xlsx : classeur XLSX anormalement compressé (")
    assert message.endswith("fois plus ; 100 fois au plus)")


def test_a_sheet_declaring_too_many_rows_is_refused_from_its_dimension(
    geo_engine: Engine, tmp_path: Path, no_parser
) -> None:
    path = write_xlsx(tmp_path / "grand.xlsx", [HEADER, ["28", "pressentie", ""]], dimension="A1:C200001")
    assert refusal(geo_engine, path)[1] == (
        "- grand.xlsx : trop de lignes déclarées (200\u202f000 ; 100\u202f000 au plus) : découpez le fichier"
    )


def test_rows_are_counted_whatever_the_dimension_says(geo_engine: Engine, tmp_path: Path, no_parser) -> None:
    rows = [HEADER] + [["28", "pressentie", f"ligne {n}"] for n in range(12)]
    path = write_xlsx(tmp_path / "menteur.xlsx", rows, dimension="A1:C2")
    assert refusal(geo_engine, path, Limits(max_rows=10))[1] == (
        "- menteur.xlsx : trop de lignes de données (12 ; 10 au plus) : découpez le fichier"
    )


def test_a_sheet_whose_dimension_lies_is_read_in_full(geo_engine: Engine, tmp_path: Path) -> None:
    """openpyxl's read-only mode stopped at the declared last row: the other rows were dropped silently."""
    rows = [HEADER, ["28", "pressentie", ""], ["35", "formalisee", ""], ["45", "pressentie", ""]]
    path = write_xlsx(tmp_path / "dimension.xlsx", rows, dimension="A1:C2")
    report = import_governance(geo_engine, path, ImportContext(OPERATOR))
    assert (report.rows, report.inserted) == (3, 3)


def test_a_csv_with_too_many_lines_is_refused_before_parsing(geo_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(";".join(HEADER) + "\n" + "28;pressentie;\n" * 11, encoding="utf-8")
    assert refusal(geo_engine, path, Limits(max_rows=10))[1] == (
        "- long.csv : trop de lignes de données (11 ; 10 au plus) : découpez le fichier"
    )


def test_a_json_file_with_too_many_items_is_refused_counting_items_not_lines(
    geo_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "lieux.json"
    path.write_text(json.dumps([{"id": str(n)} for n in range(3)], indent=4), encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_lieux(geo_engine, path, ImportContext(OPERATOR, limits=Limits(max_rows=2)))
    assert rejected.value.message_fr().splitlines()[1] == (
        "- lieux.json : trop d'éléments (3 ; 2 au plus) : découpez le fichier"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_refused_for_its_encoding(geo_engine: Engine, tmp_path: Path, encoding: str) -> None:
    """Excel's « Texte Unicode »: it was refused as « colonne obligatoire absente »."""
    path = tmp_path / "unicode.csv"
    path.write_text(";".join(HEADER) + "\n28;pressentie;\n", encoding=encoding)
    assert refusal(geo_engine, path)[1] == (
        "- unicode.csv : encodage UTF-16 (« Texte Unicode ») non pris en charge : enregistrez le fichier en "
        "« CSV UTF-8 » ou « CSV (séparateur : point-virgule) », puis importez-le à nouveau"
    )


def test_formula_cells_without_a_computed_value_are_refused_naming_the_cell(
    geo_engine: Engine, tmp_path: Path
) -> None:
    """A workbook written by a program and never recalculated: its formula cells were stored empty."""
    rows = [HEADER, ["28", "pressentie", ("1+1", "2")], ["45", "pressentie", ("A2&B2", None)]]
    path = write_xlsx(tmp_path / "formules.xlsx", rows, dimension="A1:C3")
    assert refusal(geo_engine, path)[1] == (
        "- formules.xlsx, ligne 3, colonne « note_de_contexte » : valeur « =A2&B2 » invalide (cellule C3 : "
        "formule sans valeur calculée (classeur jamais recalculé) ; ouvrez-le dans Excel ou LibreOffice, "
        "enregistrez-le, puis importez-le à nouveau)"
    )
    with geo_engine.connect() as connection:
        assert connection.execute(select(Gouvernance)).all() == []


def test_formula_cells_with_their_computed_value_are_read_as_that_value(
    geo_engine: Engine, tmp_path: Path
) -> None:
    rows = [HEADER, ["28", "pressentie", ("1+1", "2")]]
    import_governance(
        geo_engine, write_xlsx(tmp_path / "calcule.xlsx", rows, "A1:C2"), ImportContext(OPERATOR)
    )
    with geo_engine.connect() as connection:
        assert connection.scalar(select(Gouvernance.note_de_contexte)) == "2"


def test_xls_files_are_refused_clearly(geo_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "ancien.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert refusal(geo_engine, path)[1] == (
        "- ancien.xls : format Excel 97-2003 (.xls) non pris en charge : enregistrez-le au format .xlsx "
        "(« Classeur Excel ») ou CSV, puis importez-le à nouveau"
    )


def test_ods_files_are_refused_clearly(geo_engine: Engine, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "libre.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert refusal(geo_engine, path)[1] == (
        "- libre.ods : format OpenDocument (.ods) non pris en charge : enregistrez-le au format .xlsx "
        "(« Classeur Excel ») ou CSV, puis importez-le à nouveau"
    )


def test_an_upload_over_our_limit_is_refused_in_french_before_it_is_copied(
    geo_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamlit's widget lets up to 200 Mo through: our 50 Mo limit answers in French."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = b"code_departement;etape\n" + b"28;pressentie\n" * 3_900_000
    context = ImportContext(OPERATOR)
    with (
        pytest.raises(ImportRejected) as rejected,
        upload.running_import("sqlite://", "gouvernances", "gros.csv", data, context),
    ):
        pass
    assert (
        rejected.value.message_fr().splitlines()[1]
        == "- gros.csv : fichier trop volumineux (52,1 Mo ; 50 Mo au plus)"
    )
    assert list(tmp_path.iterdir()) == []
