"""Historique: the edits of the territory, and the imports seen from it with their audit."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dashboard import upload
from dashboard.formatting import fr_datetime
from data_access.db import make_engine
from data_access.history import import_history
from data_access.importers import OPERATOR, ImportContext, import_governance
from tests.pages.conftest import run_page, table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_historique_page_lists_the_imports_with_their_audit(empty_store_url: str) -> None:
    engine = make_engine(empty_store_url)
    import_governance(engine, FIXTURES / "gouvernances.csv", ImportContext(OPERATOR))
    logged_at = fr_datetime(import_history(engine).iloc[0]["imported_at"])
    engine.dispose()

    app = run_page("pages/history.py")
    imports = table(app, "Fichier", "Empreinte SHA-256")
    assert imports.to_dict("records") == [
        {
            "Date": logged_at,
            "Par": "ligne de commande",
            "Territoire": "National",
            "Type de fichier": "Gouvernances",
            "Fichier": "gouvernances.csv",
            "Taille": upload.size_text((FIXTURES / "gouvernances.csv").stat().st_size),
            "Empreinte SHA-256": hashlib.sha256((FIXTURES / "gouvernances.csv").read_bytes()).hexdigest(),
            "Lignes": "2",
            "Ajoutées": "2",
            "Mises à jour": "0",
            "Ignorées": "0",
            "Avertissements": "0",
        }
    ]
