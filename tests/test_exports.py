"""Table exports: what a French Excel user gets when clicking CSV or Excel under a table."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
from openpyxl import load_workbook

from dashboard.exports import csv_bytes, export_file_name, xlsx_bytes

TABLE = pd.DataFrame(
    {
        "Département": ["Eure-et-Loir", '=HYPERLINK("http://x")', "+33 6", "@SUM(A1)", "-2+3"],
        "Lieux": [138, 5, 0, 1, 2],
        "Progression": [0.69, 0.1, 0.0, 0.5, 0.25],
        "Dernière mise à jour": [date(2023, 10, 15), None, None, None, None],
    }
)


def test_csv_opens_in_french_excel_with_bom_semicolons_and_decimal_commas() -> None:
    content = csv_bytes(TABLE)
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Département;Lieux;Progression;Dernière mise à jour"
    assert lines[1] == "Eure-et-Loir;138;0,69;15/10/2023"


def test_csv_neutralises_cells_that_would_run_as_formulas() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(TABLE).decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[2:]] == ['\'=HYPERLINK("http://x")', "'+33 6", "'@SUM(A1)", "'-2+3"]


def test_xlsx_keeps_numbers_as_numbers_and_neutralises_formulas() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(TABLE))).active
    assert [cell.value for cell in sheet[1]] == list(TABLE.columns)
    assert sheet["B2"].value == 138
    assert sheet["C2"].value == 0.69
    assert sheet["A3"].value.startswith("'=")
    assert sheet["A3"].data_type == "s"


def test_export_file_names_are_plain_ascii() -> None:
    assert export_file_name("Lieux par département", "xlsx") == "lieux-par-departement.xlsx"
