"""Read the committed reference geography (``assets/geo``, built by ``scripts/build_geography.py``).

Pure functions, no Streamlit: callers cache as they see fit.  Codes are read as strings so
leading zeros (``01``, ``01001``) and Corsican codes (``2A``) survive.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd

GEO_DIR = Path(__file__).resolve().parent.parent / "assets" / "geo"

_STRING = "string"


def regions_frame() -> pd.DataFrame:
    """The 18 régions and ``COM`` (the collectivités d'outre-mer taking part in FNE): ``code``, ``nom``."""
    return _read_csv("regions.csv", {"code": _STRING, "nom": _STRING})


def departements_frame() -> pd.DataFrame:
    """The 101 départements and the six COM (région ``COM``): ``code``, ``nom``, ``code_region``,
    ``population`` (int64)."""
    return _read_csv(
        "departements.csv",
        {"code": _STRING, "nom": _STRING, "code_region": _STRING, "population": "int64"},
    )


def epci_frame() -> pd.DataFrame:
    """EPCI à fiscalité propre: ``code`` (SIREN), ``nom``, ``type``, ``population``,
    ``code_departement`` (main one) and ``codes_departements`` (``;``-separated)."""
    return _read_csv(
        "epci.csv",
        {
            "code": _STRING,
            "nom": _STRING,
            "type": _STRING,
            "population": "int64",
            "code_departement": _STRING,
            "codes_departements": _STRING,
        },
    )


def communes_frame() -> pd.DataFrame:
    """Current communes plus the 45 arrondissements municipaux.

    ``code_epci`` and ``codes_postaux`` are empty strings when unknown; ``latitude`` and
    ``longitude`` are float64, NaN when unknown.
    """
    frame = _read_csv(
        "communes.csv.gz",
        {
            "code_insee": _STRING,
            "nom": _STRING,
            "code_departement": _STRING,
            "code_region": _STRING,
            "code_epci": _STRING,
            "population": "int64",
            "codes_postaux": _STRING,
            "latitude": "float64",
            "longitude": "float64",
        },
    )
    for column in ("code_epci", "codes_postaux"):
        frame[column] = frame[column].fillna("")
    return frame


def departements_geojson() -> dict:
    """Simplified outlines of the 107 territories (properties ``code``, ``nom``, ``code_region``)."""
    return json.loads((GEO_DIR / "departements.geojson").read_text(encoding="utf-8"))


def communes_geojson(code_departement: str) -> dict:
    """Commune outlines of one territory (properties ``code_insee``, ``nom``); empty for a
    collectivité d'outre-mer of several communes, which open data does not outline.

    Raises ``FileNotFoundError`` for an unknown département code.
    """
    path = GEO_DIR / "communes" / f"{code_departement}.geojson.gz"
    if path.parent != GEO_DIR / "communes" or not path.name.endswith(".geojson.gz"):
        raise ValueError(f"invalid département code: {code_departement!r}")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _read_csv(name: str, dtypes: dict[str, str]) -> pd.DataFrame:
    frame = pd.read_csv(
        GEO_DIR / name,
        dtype=dtypes,
        keep_default_na=False,
        na_values={column: [""] for column, dtype in dtypes.items() if dtype == "float64"},
    )
    return frame[list(dtypes)]
