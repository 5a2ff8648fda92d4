"""Regional comparison on hand-made data: both départements of Centre-Val de Loire (28, 45),
the regional total and the national reference, on both backends.

Hand-checked figures (Ille-et-Vilaine, 35, région 53, only counts nationally):

- Gouvernance: 28 « feuille_adoptee », 45 none, 35 « formalisee ».
- Candidatures: 28 has two standing forms (one names EPCI 200033181, one covers Orléans
  Métropole 244500468 of the Loiret) and two cancelled ones (one names 200069953); 45 one
  standing form without EPCI; 35 one standing form naming Rennes Métropole. EPCI inscrits:
  28 1/2, 45 1/1, région 2/3, France 3/4.
- Lieux: 28 three (local target 12), 45 one (target 5 000), 35 two (15 000), one lieu without
  département (counted in France only).
- IFN: Chartres (400 inh.) 8, Lucé (200) 5, Châteaudun (300) 7, Nogent none; Orléans (1 000) 4;
  Rennes (2 000) 3, Bruz (1 000) 9. 28: 6 300 / 900 = 7,0 with two fragile communes.
- Actions at 1 November 2025: 28 four (50, 100, 0, 20 % done; one open action past its end,
  one abandoned past its end), 45 none, 35 one open action past its end (30 %).
- Money: A1 has two co-financings (2 000 + 3 000) and three requests (4 000 accepted,
  1 000 filed, 500 refused); A2 (no budget) 1 500 accepted; A3 1 000 co-financing. Budgets
  10 000 + 5 000 in 28; A5 in 35: budget 20 000, 5 000 co-financing, 15 000 accepted.
  Envelopes 28: 42 500 + 10 000, 45: 20 000, 35: 55 400.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, event, update

from data_access import comparison
from data_access.comparison import COLUMNS, INDICATORS, RANKINGS, rank_departements
from data_access.models import (
    Action,
    Axe,
    Candidature,
    CandidatureTerritoire,
    Cofinancement,
    DemandeSubvention,
    Enveloppe,
    FeuilleDeRoute,
    Gouvernance,
    IfnCommune,
    Lieu,
    LieuxObjectif,
)
from data_access.scope import Territory
from tests.builders import add

TODAY = date(2025, 11, 1)


def candidature(id_: int, dep: str, statut: str, epci: str | None = None, **extra: object) -> dict:
    return {
        "id": id_,
        "reference": f"C{id_}",
        "code_departement": dep,
        "persona": "epci" if epci else "commune",
        "intention": "participer",
        "statut": statut,
        "structure_nom": f"Structure {id_}",
        "code_epci": epci,
        "date_annulation": extra.get("date_annulation"),
    }


def action(
    id_: int, dep: str, axe_id: int, statut: str, avancement: int, end: date, budget: float | None
) -> dict:
    return {
        "id": id_,
        "reference": f"A{id_}",
        "axe_id": axe_id,
        "code_departement": dep,
        "nom": f"Action {id_}",
        "statut": statut,
        "avancement": avancement,
        "date_fin": end,
        "budget_global": budget,
    }


def lieu(id_: str, dep: str | None, insee: str | None) -> dict:
    return {
        "id": id_,
        "nom": f"Lieu {id_}",
        "placement": "fixe",
        "code_departement": dep,
        "code_insee": insee,
    }


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        Gouvernance,
        {"code_departement": "28", "etape": "feuille_adoptee"},
        {"code_departement": "35", "etape": "formalisee"},
    )
    add(
        geo_engine,
        Candidature,
        candidature(1, "28", "confirme", "200033181"),
        candidature(2, "28", "candidat"),
        candidature(3, "28", "annule", "200069953"),
        candidature(4, "28", "candidat", date_annulation=date(2024, 3, 1)),
        candidature(5, "45", "candidat"),
        candidature(6, "35", "confirme", "243500139"),
    )
    add(geo_engine, CandidatureTerritoire, {"candidature_id": 2, "type": "epci", "code": "244500468"})
    add(
        geo_engine,
        Lieu,
        lieu("l1", "28", "28085"),
        lieu("l2", "28", "28085"),
        lieu("l3", "28", "28218"),
        lieu("l4", "45", "45234"),
        lieu("l5", "35", "35238"),
        lieu("l6", "35", "35047"),
        lieu("l7", None, None),
    )
    with geo_engine.begin() as connection:
        connection.execute(
            update(LieuxObjectif).where(LieuxObjectif.code_departement == "28").values(objectif_local=12)
        )
    add(
        geo_engine,
        IfnCommune,
        *(
            {"code_insee": insee, "total": total}
            for insee, total in (("28085", 8.0), ("28218", 5.0), ("28088", 7.0), ("45234", 4.0),
                                 ("35238", 3.0), ("35047", 9.0))
        ),
    )  # fmt: skip
    add(
        geo_engine,
        FeuilleDeRoute,
        {"id": 1, "reference": "FDR-28", "code_departement": "28", "nom": "FDR 28"},
        {"id": 2, "reference": "FDR-35", "code_departement": "35", "nom": "FDR 35"},
    )
    add(
        geo_engine,
        Axe,
        {"id": 1, "feuille_de_route_id": 1, "numero": 1, "nom": "Axe"},
        {"id": 2, "feuille_de_route_id": 2, "numero": 1, "nom": "Axe"},
    )
    add(
        geo_engine,
        Action,
        action(1, "28", 1, "en_cours", 50, date(2025, 6, 30), 10000),
        action(2, "28", 1, "terminee", 100, date(2025, 1, 1), None),
        action(3, "28", 1, "a_lancer", 0, date(2026, 3, 31), 5000),
        action(4, "28", 1, "abandonnee", 20, date(2024, 12, 31), None),
        action(5, "35", 2, "en_cours", 30, date(2025, 10, 31), 20000),
    )
    add(
        geo_engine,
        Cofinancement,
        {"action_id": 1, "financeur": "CAF", "montant": 2000},
        {"action_id": 1, "financeur": "MSA", "montant": 3000},
        {"action_id": 3, "financeur": "Département", "montant": 1000},
        {"action_id": 5, "financeur": "Rennes Métropole", "montant": 5000},
    )
    add(
        geo_engine,
        DemandeSubvention,
        {"action_id": 1, "statut": "acceptee", "montant": 4000},
        {"action_id": 1, "statut": "deposee", "montant": 1000},
        {"action_id": 1, "statut": "refusee", "montant": 500},
        {"action_id": 2, "statut": "acceptee", "montant": 1500},
        {"action_id": 5, "statut": "acceptee", "montant": 15000},
    )
    add(
        geo_engine,
        Enveloppe,
        {"code_departement": "28", "type": "dotation_ingenierie", "libelle": "D 2024", "annee": 2024,
         "montant": 42500},
        {"code_departement": "28", "type": "dotation_ingenierie", "libelle": "D 2025", "annee": 2025,
         "montant": 10000},
        {"code_departement": "45", "type": "marche_ingenierie", "libelle": "Marché", "annee": 2024,
         "montant": 20000},
        {"code_departement": "35", "type": "dotation_ingenierie", "libelle": "D 2024", "annee": 2024,
         "montant": 55400},
    )  # fmt: skip
    return geo_engine


EURE_ET_LOIR = {
    "code": "28",
    "nom": "Eure-et-Loir",
    "etape": "feuille_adoptee",
    "etape_libelle": "Feuille de route adoptée",
    "candidatures": 2,
    "part_epci": 0.5,
    "lieux": 3,
    "objectif": 12,
    "progression": 0.25,
    "ifn_moyen": 7.0,
    "communes_fragiles": 2,
    "actions": 4,
    "avancement_moyen": 0.425,
    "actions_en_retard": 1,
    "enveloppes_etat": 52500,
    "financement_engage": 11500,
    "taux_financement": 11500 / 15000,
}
LOIRET = {
    "code": "45",
    "nom": "Loiret",
    "etape": "aucune",
    "etape_libelle": "Aucune gouvernance",
    "candidatures": 1,
    "part_epci": 1.0,
    "lieux": 1,
    "objectif": 5000,
    "progression": 1 / 5000,
    "ifn_moyen": 4.0,
    "communes_fragiles": 0,
    "actions": 0,
    "avancement_moyen": math.nan,
    "actions_en_retard": 0,
    "enveloppes_etat": 20000,
    "financement_engage": 0,
    "taux_financement": math.nan,
}
REGION_TOTAL = {
    "code": "24",
    "nom": "Total région",
    "etape": None,
    "etape_libelle": "1 / 2 formalisées",
    "candidatures": 3,
    "part_epci": 2 / 3,
    "lieux": 4,
    "objectif": 5012,
    "progression": 4 / 5012,
    "ifn_moyen": 10300 / 1900,
    "communes_fragiles": 2,
    "actions": 4,
    "avancement_moyen": 0.425,
    "actions_en_retard": 1,
    "enveloppes_etat": 72500,
    "financement_engage": 11500,
    "taux_financement": 11500 / 15000,
}
FRANCE = {
    "code": None,
    "nom": "France entière",
    "etape": None,
    "etape_libelle": "2 / 3 formalisées",
    "candidatures": 4,
    "part_epci": 3 / 4,
    "lieux": 7,
    "objectif": 20012,
    "progression": 7 / 20012,
    "ifn_moyen": 25300 / 4900,
    "communes_fragiles": 3,
    "actions": 5,
    "avancement_moyen": 0.40,
    "actions_en_retard": 2,
    "enveloppes_etat": 127900,
    "financement_engage": 31500,
    "taux_financement": 0.9,
}


def assert_row(actual: pd.Series, expected: dict) -> None:
    assert list(actual.index) == COLUMNS
    for column, value in expected.items():
        shown = actual[column]
        if isinstance(value, float) and math.isnan(value):
            assert pd.isna(shown), column
        elif isinstance(value, int | float) and not isinstance(value, bool):
            assert shown == pytest.approx(value), column
        elif value is None:
            assert pd.isna(shown), column
        else:
            assert shown == value, column


def test_departements_side_by_side(store: Engine) -> None:
    frame = comparison.departements_side_by_side(store, Territory.region("24"), TODAY)
    assert list(frame["code"]) == ["28", "45"]
    assert_row(frame.iloc[0], EURE_ET_LOIR)
    assert_row(frame.iloc[1], LOIRET)
    assert frame[comparison.COUNTS].dtypes.eq("int64").all()


def test_other_region_has_its_own_departement(store: Engine) -> None:
    frame = comparison.departements_side_by_side(store, Territory.region("53"), TODAY)
    assert list(frame["code"]) == ["35"]
    row = frame.iloc[0]
    assert (row["candidatures"], row["lieux"], row["actions"], row["actions_en_retard"]) == (1, 2, 1, 1)
    assert row["ifn_moyen"] == pytest.approx(5.0)  # (3 × 2 000 + 9 × 1 000) / 3 000
    assert row["taux_financement"] == pytest.approx(1.0)  # (5 000 + 15 000) / 20 000


def test_lateness_follows_today(store: Engine) -> None:
    before = comparison.departements_side_by_side(store, Territory.region("24"), date(2025, 6, 1))
    assert list(before["actions_en_retard"]) == [0, 0]


def test_reference_rows(store: Engine) -> None:
    frame = comparison.reference_rows(store, Territory.region("24"), TODAY)
    assert list(frame["nom"]) == ["Total région", "France entière"]
    assert_row(frame.iloc[0], REGION_TOTAL)
    assert_row(frame.iloc[1], FRANCE)


def test_region_total_adds_up_the_departements(store: Engine) -> None:
    frame = comparison.departements_side_by_side(store, Territory.region("24"), TODAY)
    total = comparison.reference_rows(store, Territory.region("24"), TODAY).iloc[0]
    for column in [*comparison.COUNTS, "enveloppes_etat", "financement_engage", "objectif"]:
        assert frame[column].sum() == pytest.approx(total[column]), column


def test_unknown_region_is_empty(store: Engine) -> None:
    frame = comparison.departements_side_by_side(store, Territory.region("99"), TODAY)
    assert frame.empty
    assert list(frame.columns) == COLUMNS


def test_empty_store_keeps_every_departement_at_zero(geo_engine: Engine) -> None:
    frame = comparison.departements_side_by_side(geo_engine, Territory.region("24"), TODAY)
    assert list(frame["etape"]) == ["aucune", "aucune"]
    assert list(frame["candidatures"]) == [0, 0]
    assert list(frame["lieux"]) == [0, 0]
    assert list(frame["objectif"]) == [5000, 5000]
    assert list(frame["enveloppes_etat"]) == [0, 0]
    assert list(frame["part_epci"]) == [0.0, 0.0]  # their EPCI exist, none inscrit
    assert frame[["ifn_moyen", "avancement_moyen", "taux_financement"]].isna().all().all()
    references = comparison.reference_rows(geo_engine, Territory.region("24"), TODAY)
    assert list(references["candidatures"]) == [0, 0]
    assert list(references["etape_libelle"]) == ["0 / 2 formalisées", "0 / 3 formalisées"]


def test_one_query_per_source_whatever_the_number_of_departements(store: Engine) -> None:
    """Centre-Val de Loire (two départements) costs as many queries as Bretagne (one)."""
    counts = []
    for code in ("24", "53"):
        statements: list[str] = []

        def record(*args: object, statements: list[str] = statements) -> None:
            statements.append(str(args[2]))

        event.listen(store, "before_cursor_execute", record)
        try:
            comparison.departements_side_by_side(store, Territory.region(code), TODAY)
        finally:
            event.remove(store, "before_cursor_execute", record)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8


# --- Ranking (pure) --------------------------------------------------------------------


def small_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["18", "28", "36", "45"],
            "nom": ["Cher", "Eure-et-Loir", "Indre", "Loiret"],
            "etape": ["formalisee", "mise_en_oeuvre", "aucune", "formalisee"],
            "lieux": [10, 30, 30, 5],
            "ifn_moyen": [5.5, 4.0, math.nan, 6.1],
            "actions_en_retard": [2, 0, 1, 0],
        }
    )


@pytest.mark.parametrize(
    ("column", "codes", "ranks"),
    [
        ("lieux", ["28", "36", "18", "45"], [1, 1, 3, 4]),
        ("ifn_moyen", ["28", "18", "45", "36"], [1, 2, 3, math.nan]),
        ("actions_en_retard", ["28", "45", "36", "18"], [1, 1, 3, 4]),
        ("etape", ["28", "18", "45", "36"], [1, 2, 2, 4]),
    ],
)
def test_rank_departements(column: str, codes: list[str], ranks: list[float]) -> None:
    ranked = rank_departements(small_frame(), column)
    assert list(ranked["code"]) == codes
    assert ranked["rang"].tolist() == pytest.approx(ranks, nan_ok=True)


def test_indicators_cover_the_compared_figures() -> None:
    assert set(INDICATORS) <= set(COLUMNS)
    assert next(iter(RANKINGS)) == "etape"
    assert {indicator.kind for indicator in INDICATORS.values()} == {
        "nombre",
        "pourcentage",
        "euros",
        "indice",
    }
    lower_is_better = {column for column, indicator in INDICATORS.items() if not indicator.higher_is_better}
    assert lower_is_better == {"ifn_moyen", "communes_fragiles", "actions_en_retard"}


def test_national_targets_side_by_side_and_in_the_references(store: Engine) -> None:
    from data_access.models import IndicateurReleve

    for code, value in (("28", 100), ("45", 300)):
        add(store, IndicateurReleve, {"indicateur": "aidants", "date": TODAY, "code_departement": code,
                                      "valeur": value, "source": "test"})  # fmt: skip
    add(store, IndicateurReleve, {"indicateur": "conseillers", "date": TODAY, "code_departement": "28",
                                  "valeur": 4, "source": "test"})  # fmt: skip
    frame = comparison.departements_side_by_side(store, Territory.region("24"), TODAY).set_index("code")
    # targets: 20 000 aidants × 1 000 / 5 000 inhabitants for 28 and for 45
    assert frame.loc["28", "part_aidants"] == pytest.approx(100 / 4000)
    assert frame.loc["45", "part_aidants"] == pytest.approx(300 / 4000)
    assert list(frame["conseillers"]) == [4, 0]
    assert frame["part_accompagnes"].isna().all()
    references = comparison.reference_rows(store, Territory.region("24"), TODAY).set_index("nom")
    assert references.loc["Total région", "part_aidants"] == pytest.approx(400 / 8000)
    assert references.loc["France entière", "conseillers"] == 4
