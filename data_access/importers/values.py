"""Validating the values of a file: codes, numbers, dates, vocabularies, lengths, duplicates.

Parsers raise ``ValueError`` with the French reason; ``Issues.value`` turns it into
an error located on the line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase

from data_access.importers.issues import Issues

COM_CODES: frozenset[str] = frozenset(["975", "977", "978", "986", "987", "988"])
"""The collectivités d'outre-mer that take part in FNE: territories of the store beside the départements."""

DEPARTEMENT_CODES: frozenset[str] = (
    frozenset([f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"])
    | COM_CODES
)
"""The territories of the store: the 101 départements and the six participating COM."""

OUTSIDE_CODES: frozenset[str] = frozenset(["984", "989"])
"""COG codes of French territories without permanent population (TAAF, Clipperton): not in FNE."""

FRANCE_BOXES: dict[str, tuple[float, float, float, float]] = {
    "métropole et Corse": (41.3, 51.2, -5.3, 9.7),
    "Guadeloupe, Saint-Martin, Saint-Barthélemy": (15.8, 18.2, -63.2, -60.9),
    "Martinique": (14.3, 14.95, -61.3, -60.75),
    "Guyane": (2.1, 5.8, -54.7, -51.5),
    "La Réunion": (-21.45, -20.85, 55.2, 55.9),
    "Mayotte": (-13.1, -12.6, 44.9, 45.35),
    "Saint-Pierre-et-Miquelon": (46.7, 47.2, -56.5, -56.1),
    "Nouvelle-Calédonie": (-23.0, -19.5, 163.5, 168.2),
    "Polynésie française": (-28.0, -7.8, -155.0, -134.0),
    "Wallis-et-Futuna": (-14.4, -13.1, -178.3, -176.1),
}
"""Bounding boxes (lat min, lat max, lon min, lon max) of France including overseas."""

INSEE_PATTERN = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
SIREN_PATTERN = re.compile(r"^\d{9}$")
LA_POSTE_SIREN = "356000000"
"""The one SIREN that fails the Luhn check by design."""
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_insee(raw: str) -> str:
    code = raw.strip().upper()
    if len(code) != 5:
        raise ValueError("code INSEE attendu sur 5 caractères")
    if not INSEE_PATTERN.match(code):
        raise ValueError("code INSEE attendu : 5 chiffres, ou 2A/2B suivi de 3 chiffres")
    return code


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def parse_siren(raw: str) -> str:
    code = re.sub(r"\s", "", raw)
    if not SIREN_PATTERN.match(code):
        raise ValueError("SIREN attendu sur 9 chiffres")
    if code != LA_POSTE_SIREN and not luhn_ok(code):
        raise ValueError("SIREN invalide : la clé de contrôle (Luhn) ne correspond pas")
    return code


def normalize_departement(raw: str) -> str:
    code = raw.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def parse_departement(raw: str) -> str:
    code = normalize_departement(raw)
    if code not in DEPARTEMENT_CODES:
        raise ValueError("code département inconnu (01 à 95, 2A, 2B, 971 à 978, 986 à 988)")
    return code


def parse_float(raw: str) -> float:
    text = raw.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError("nombre attendu") from None


def coordinates_in_france(latitude: float, longitude: float) -> bool:
    return any(
        lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max
        for lat_min, lat_max, lon_min, lon_max in FRANCE_BOXES.values()
    )


def parse_date(raw: str) -> date:
    """ISO ``2024-03-12`` (a datetime is cut to its day) or French ``12/03/2024``."""
    text = raw.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            return datetime.strptime(text, "%d/%m/%Y").date()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.match(r"\d{4}-\d{2}-\d{2}[T ]", text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    raise ValueError("date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA")


def parse_amount(raw: str) -> float:
    """A non-negative amount in euros: ``42 500``, ``42 500,50``, ``42500.5``, ``42 500 €``."""
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", raw, flags=re.IGNORECASE)
    if "," in text and "." in text:
        text = text.replace(".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError("montant en euros attendu (ex. 42 500 ou 42 500,50)")
    return float(text)


def parse_percent(raw: str) -> int:
    text = raw.strip().removesuffix("%").strip()
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("pourcentage attendu (nombre de 0 à 100)") from None
    if not 0 <= value <= 100:
        raise ValueError("pourcentage attendu entre 0 et 100")
    return round(value)


def parse_int(raw: str) -> int:
    text = raw.strip()
    if not re.fullmatch(r"\d+", text):
        raise ValueError("nombre entier attendu")
    return int(text)


def parse_bool(raw: str) -> bool:
    text = fold(raw)
    if text in ("oui", "o", "vrai", "true", "1", "x", "yes"):
        return True
    if text in ("non", "n", "faux", "false", "0", "no"):
        return False
    raise ValueError("« oui » ou « non » attendu")


def parse_email(raw: str) -> str:
    if not EMAIL_PATTERN.match(raw.strip()):
        raise ValueError("adresse électronique attendue")
    return raw.strip()


def enum_parser(vocabulary: dict[str, str]) -> Callable[[str], str]:
    """Accept a code or its French label, ignoring case and accents."""
    lookup = {fold(code): code for code in vocabulary}
    lookup.update({fold(label): code for code, label in vocabulary.items()})

    def parse(raw: str) -> str:
        code = lookup.get(fold(raw))
        if code is None:
            raise ValueError("valeurs possibles : " + ", ".join(vocabulary))
        return code

    return parse


def restore_leading_zero(raw: str) -> str:
    """A five-digit code (commune, postcode) whose leading zero a spreadsheet dropped, put back
    (``1053`` → ``01053``); any other text is returned stripped, for the caller to judge."""
    text = raw.strip()
    return text.zfill(5) if text.isdigit() and len(text) == 4 else text


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: for comparing names typed by hand."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def split_multi(raw: str | None, separators: str = "|;") -> list[str]:
    """A multi-valued cell as a list, without blanks or repeats."""
    if not raw:
        return []
    parts = re.split("|".join(re.escape(sep) for sep in separators), raw)
    seen: dict[str, None] = {}
    for part in parts:
        if part.strip():
            seen.setdefault(part.strip(), None)
    return list(seen)


def check_duplicates(rows: Iterable[tuple[int, str | None]], column: str, issues: Issues) -> None:
    """Record every value already seen on an earlier line of the file."""
    first: dict[str, int] = {}
    for line, key in rows:
        if key is None:
            continue
        if key in first:
            issues.error(f"en double : déjà présente {issues.location} {first[key]}", line, column, key)
        else:
            first[key] = line


@cache
def _text_lengths(model: type[DeclarativeBase]) -> dict[str, int]:
    return {
        column.key: column.type.length
        for column in model.__table__.columns
        if isinstance(column.type, String) and column.type.length
    }


def check_lengths(
    model: type[DeclarativeBase],
    record: dict[str, object],
    line: int,
    issues: Issues,
    names: dict[str, str] | None = None,
) -> None:
    """Refuse a text longer than its column, before the database does it less politely."""
    for key, length in _text_lengths(model).items():
        value = record.get(key)
        if isinstance(value, str) and len(value) > length:
            issues.error(
                f"texte trop long ({length} caractères au plus)", line, (names or {}).get(key, key), value
            )
