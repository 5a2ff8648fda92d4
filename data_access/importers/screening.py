"""What is checked of a file before any parser runs: size, rows, compression, format and encoding.

A parser given a hostile file works for as long as the file asks: a 132 KB XLSX
holding 58 MB of XML kept openpyxl busy for a minute. Here the bytes, the zip
directory and one bounded pass over the sheet's XML decide first, in well under
a second, and every refusal says in French which limit the file crossed.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

from data_access.importers.issues import reject

MEGABYTE = 1_048_576


@dataclass(frozen=True)
class Limits:
    """What one import may hold; the defaults fit the largest real files with room to spare."""

    max_bytes: int = 50 * MEGABYTE
    max_rows: int = 100_000
    max_uncompressed_bytes: int = 50 * MEGABYTE
    max_ratio: int = 100
    """Uncompressed over compressed size of an XLSX; real workbooks stay well under 30."""
    max_members: int = 500


DEFAULT_LIMITS = Limits()
RATIO_FLOOR_BYTES = MEGABYTE
"""Below this uncompressed size the ratio is not judged: a near-empty workbook may compress a lot."""
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
XLSX_REFUSAL = "enregistrez-le au format .xlsx (« Classeur Excel ») ou CSV, puis importez-le à nouveau"
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]+(\d+)\"")
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
TAG_OVERLAP = 16
STREAM_CHUNK = MEGABYTE


@dataclass(frozen=True)
class Screening:
    """What the screening learnt: the data rows it counted, and whether the sheet holds formulas."""

    rows: int
    formulas: bool = False


def megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".replace(".", ",") + " Mo"


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def check_size(filename: str, size: int, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an empty or oversized file from its size alone."""
    if size > limits.max_bytes:
        raise reject(
            filename,
            f"fichier trop volumineux ({megabytes(size)} ; {limits.max_bytes // MEGABYTE} Mo au plus)",
        )
    if size == 0:
        raise reject(filename, "fichier vide")


def screen(filename: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Screening:
    """Refuse a file whose size, rows, compression, format or encoding is out of bounds."""
    check_size(filename, len(data), limits)
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(OLE2_MAGIC) or suffix == "xls":
        raise reject(filename, f"format Excel 97-2003 (.xls) non pris en charge : {XLSX_REFUSAL}")
    if data.startswith(b"PK\x03\x04") or suffix in ("xlsx", "xlsm", "ods"):
        return _screen_zip(filename, data, limits)
    check_encoding(filename, data)
    if suffix == "json" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return Screening(0)  # one line or thousands per item: its items are counted once parsed
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    check_rows(filename, lines - 1, limits)
    return Screening(max(lines - 1, 0))


def check_encoding(filename: str, data: bytes) -> None:
    """A text file in UTF-16 or UTF-32 (« Texte Unicode » of Excel) is refused for its encoding."""
    head = data[:4096]
    if head.startswith(UTF16_BOMS) or (head and head.count(b"\x00") * 4 >= len(head)):
        raise reject(
            filename,
            "encodage UTF-16 (« Texte Unicode ») non pris en charge : enregistrez le fichier en "
            "« CSV UTF-8 » ou « CSV (séparateur : point-virgule) », puis importez-le à nouveau",
        )


def check_rows(filename: str, rows: int, limits: Limits, what: str = "de lignes de données") -> None:
    """Refuse more than ``limits.max_rows`` rows; ``what`` names them (« d'éléments » for JSON)."""
    if rows > limits.max_rows:
        raise reject(
            filename,
            f"trop {what} ({thousands(rows)} ; {thousands(limits.max_rows)} au plus) : découpez le fichier",
        )


def _screen_zip(filename: str, data: bytes, limits: Limits) -> Screening:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise reject(filename, "classeur XLSX illisible (archive ZIP endommagée)") from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "mimetype" in names and archive.read("mimetype")[:80].startswith(b"application/vnd.oasis"):
            raise reject(filename, f"format OpenDocument (.ods) non pris en charge : {XLSX_REFUSAL}")
        if "xl/workbook.xml" not in names:
            raise reject(filename, "archive ZIP qui n'est pas un classeur XLSX")
        if len(members) > limits.max_members:
            raise reject(filename, f"classeur XLSX anormal ({thousands(len(members))} parties)")
        uncompressed = sum(member.file_size for member in members)
        if uncompressed > limits.max_uncompressed_bytes:
            raise reject(
                filename,
                f"classeur XLSX trop volumineux une fois décompressé ({megabytes(uncompressed)} ; "
                f"{limits.max_uncompressed_bytes // MEGABYTE} Mo au plus)",
            )
        ratio = uncompressed / max(sum(member.compress_size for member in members), 1)
        if uncompressed > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise reject(
                filename,
                f"classeur XLSX anormalement compressé ({megabytes(len(data))} qui se décompressent en "
                f"{megabytes(uncompressed)}, {round(ratio)} fois plus ; {limits.max_ratio} fois au plus)",
            )
        sheet = first_sheet(archive)
        if sheet is None or sheet not in names:
            raise reject(filename, "classeur XLSX sans feuille lisible")
        return _scan_sheet(filename, archive, sheet, limits)


def first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The path of the workbook's first sheet, the one the importers read."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheet = next((element for element in workbook.iter() if element.tag.endswith("}sheet")), None)
    if sheet is None:
        return None
    relation_id = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), None)
    for relation in relations.iter():
        if relation.attrib.get("Id") == relation_id:
            target = relation.attrib.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _scan_sheet(filename: str, archive: zipfile.ZipFile, sheet: str, limits: Limits) -> Screening:
    """Read the sheet's XML once, without parsing it: declared dimension, rows, formulas.

    The declared dimension refuses a file at its first kilobytes; counting the row tags
    catches a dimension that lies. Both are done before openpyxl sees the file.
    """
    rows = 0
    formulas = False
    tail = b""
    first = True
    with archive.open(sheet) as stream:
        while True:
            chunk = stream.read(STREAM_CHUNK)
            buffer = tail + chunk
            if first:
                first = False
                declared = DIMENSION.search(buffer[:8192])
                if declared:
                    check_rows(filename, int(declared.group(1)) - 1, limits, "de lignes déclarées")
            end = len(buffer) if not chunk else max(len(buffer) - TAG_OVERLAP, 0)
            rows += sum(1 for match in ROW_TAG.finditer(buffer, 0, len(buffer)) if match.start() < end)
            formulas = formulas or FORMULA_TAG.search(buffer) is not None
            if rows - 1 > limits.max_rows:
                check_rows(filename, rows - 1, limits)
            if not chunk:
                break
            tail = buffer[end:]
    return Screening(max(rows - 1, 0), formulas)
