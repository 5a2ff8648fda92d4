"""The demo's own traces: one import log row per source, the store markers, and the row counts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import datetime

from data_access.demo.settings import DEMO_FILENAME, DEMO_TODAY, LIEUX_IMPORTED_AT
from data_access.demo.state import DemoState
from data_access.store_info import DEMO_KEY, REFERENCE_DATE_KEY


@dataclass(frozen=True)
class DemoCounts:
    """Rows written per table: what the command line reports."""

    candidatures: int = 0
    candidature_territoires: int = 0
    gouvernances: int = 0
    coporteurs: int = 0
    comites: int = 0
    reunions: int = 0
    feuilles_de_route: int = 0
    axes: int = 0
    actions: int = 0
    cofinancements: int = 0
    subventions: int = 0
    enveloppes: int = 0
    lieux: int = 0
    lieux_snapshots: int = 0
    ifn_communes: int = 0
    ifn_epci: int = 0
    indicateur_releves: int = 0
    indicateur_details: int = 0
    import_log: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, item.name) for item in fields(self))

    def __str__(self) -> str:
        lines = [f"  {item.name:<24}{getattr(self, item.name):>8}" for item in fields(self)]
        return "\n".join(["Lignes générées :", *lines, f"  {'total':<24}{self.total:>8}"])


def checksum(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


INDICATOR_IMPORTS = [
    ("accompagnements", "accompagnes", datetime(2025, 10, 8, 9, 40)),
    ("aidants-connect", "aidants", datetime(2025, 10, 8, 9, 45)),
    ("conseillers-numeriques", "conseillers", datetime(2025, 10, 8, 9, 50)),
    ("equipements", "equipements", datetime(2025, 10, 9, 14, 0)),
]
"""The demo's imports of the national indicators: (kind, indicator, imported at)."""


def build(state: DemoState) -> None:
    """One import log row per source, dated in 2024-2025, so that the freshness panel has content."""

    lieux_by_dep = {code: number for code, number in sorted(state.lieux_counts.items()) if number}
    entries = [
        (
            "lieux",
            LIEUX_IMPORTED_AT,
            state.count("lieu"),
            {**state.placements, "hors_departements": 0, "unplaced": 0, "departements": lieux_by_dep},
        ),
        (
            "ifn",
            datetime(2024, 2, 12, 14, 3),
            state.count("ifn_commune") + state.count("ifn_epci"),
            {"communes": state.count("ifn_commune"), "epci": state.count("ifn_epci")},
        ),
        ("dotations", datetime(2024, 6, 20, 10, 30), state.count("enveloppe"), {}),
        (
            "gouvernances",
            datetime(2025, 9, 15, 16, 45),
            state.count("gouvernance"),
            {"coporteurs": state.count("coporteur"), "comites": state.count("comite")},
        ),
        (
            "candidatures",
            datetime(2025, 7, 1, 8, 5),
            state.count("candidature"),
            {"territoires": state.count("candidature_territoire")},
        ),
        (
            "feuilles-de-route",
            datetime(2025, 10, 6, 11, 20),
            state.count("action"),
            {
                "feuilles": state.count("feuille_de_route"),
                "axes": state.count("axe"),
                "actions": state.count("action"),
                "cofinancements": state.count("cofinancement"),
                "subventions": state.count("demande_subvention"),
            },
        ),
    ]
    for kind, indicator, imported_at in INDICATOR_IMPORTS:
        rows = sum(1 for row in state.rows.get("indicateur_releve", []) if row["indicateur"] == indicator)
        entries.append((kind, imported_at, rows, {}))
    for kind, imported_at, rows, extra in entries:
        details = {"inserted": rows, "updated": 0, "skipped": 0, "warnings": 0, **extra, "demo": True}
        state.add(
            "import_log",
            {
                "kind": kind,
                "filename": DEMO_FILENAME,
                "checksum": checksum("demo", state.seed, state.scale, kind),
                "rows": rows,
                "imported_at": imported_at,
                "details": json.dumps(details, ensure_ascii=False),
            },
        )
    state.add("store_meta", {"key": DEMO_KEY, "value": "true"}, with_id=False)
    state.add("store_meta", {"key": REFERENCE_DATE_KEY, "value": DEMO_TODAY.isoformat()}, with_id=False)


def counts(state: DemoState) -> DemoCounts:
    """Rows built per table, as the command line reports them."""
    return DemoCounts(
        candidatures=state.count("candidature"),
        candidature_territoires=state.count("candidature_territoire"),
        gouvernances=state.count("gouvernance"),
        coporteurs=state.count("coporteur"),
        comites=state.count("comite"),
        reunions=state.count("comite_reunion"),
        feuilles_de_route=state.count("feuille_de_route"),
        axes=state.count("axe"),
        actions=state.count("action"),
        cofinancements=state.count("cofinancement"),
        subventions=state.count("demande_subvention"),
        enveloppes=state.count("enveloppe"),
        lieux=state.count("lieu"),
        lieux_snapshots=state.count("lieux_snapshot"),
        ifn_communes=state.count("ifn_commune"),
        ifn_epci=state.count("ifn_epci"),
        indicateur_releves=state.count("indicateur_releve"),
        indicateur_details=state.count("indicateur_detail"),
        import_log=state.count("import_log"),
    )
