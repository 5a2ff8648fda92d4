"""The six collectivités d'outre-mer taking part in FNE are territories of the store.

Real open files are read in place from ``../shared/realdata`` (never copied into the repo);
the totals are recomputed here from the raw files. Without ``../shared``, as on a user's
machine, these tests skip.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.financing import financing_summary
from data_access.geography import load_geography
from data_access.importers import OPERATOR, ImportContext, import_envelopes, import_lieux
from data_access.lieux import places_per_departement
from data_access.models import Lieu
from data_access.scope import Territory
from data_access.territories import departements, regions

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
DOTATIONS = REALDATA / "inclusion-numerique" / "fne_dotation_ingenierie_202406_par_departement.csv"
NOUVELLE_CALEDONIE = (
    REALDATA
    / "cartographie-nationale"
    / "20240320-nouvelle-caledonie-lieux-de-mediation-numeriques-nouvelle-caledonie.json"
)
COM = ["975", "977", "978", "986", "987", "988"]

needs_realdata = pytest.mark.skipif(
    not REALDATA.is_dir(), reason="../shared/realdata absent : fichiers réels non disponibles sur ce poste"
)


@pytest.fixture
def france(engine: Engine) -> Engine:
    """A store holding the committed reference geography, overseas included."""
    load_geography(engine)
    return engine


def test_the_selector_offers_the_collectivites_d_outre_mer_as_one_region(france: Engine) -> None:
    assert regions(france).set_index("code").loc["COM", "nom"] == "Collectivités d'outre-mer"
    com = departements(france, "COM")
    assert com["code"].tolist() == COM
    assert com.set_index("code").loc["988", "nom"] == "Nouvelle-Calédonie"
    assert (com["population"] > 0).all()


@needs_realdata
def test_the_national_dotation_total_is_the_published_one(france: Engine) -> None:
    with DOTATIONS.open(encoding="utf-8") as handle:
        raw = {row["code_departement"]: float(row["dotation_202406_eur"]) for row in csv.DictReader(handle)}

    report = import_envelopes(france, DOTATIONS, ImportContext(OPERATOR))

    assert report.skipped == 0
    assert report.counts["montant_total"] == sum(raw.values())
    assert financing_summary(france, Territory.national()).enveloppes_etat == sum(raw.values())
    com_total = sum(amount for code, amount in raw.items() if code in COM)
    assert financing_summary(france, Territory.region("COM")).enveloppes_etat == com_total
    assert financing_summary(france, Territory.departement("988")).enveloppes_etat == raw["988"]


@needs_realdata
def test_the_nouvelle_caledonie_lieux_import_into_988(france: Engine) -> None:
    raw = json.loads(NOUVELLE_CALEDONIE.read_text(encoding="utf-8"))
    expected = sum(1 for lieu in raw if str(lieu.get("code_postal", "")).startswith("988"))

    report = import_lieux(france, NOUVELLE_CALEDONIE, ImportContext(OPERATOR))

    assert report.counts["hors_departements"] == 0
    with france.connect() as connection:
        placed = connection.scalar(
            select(func.count()).select_from(Lieu).where(Lieu.code_departement == "988")
        )
    assert placed == expected == len(raw)
    per_territory = places_per_departement(france, Territory.region("COM")).set_index("code")
    assert per_territory.loc["988", "lieux"] == expected
