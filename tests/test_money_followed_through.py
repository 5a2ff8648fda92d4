"""Money followed through: each State envelope down to its conventions, committed and paid amounts,
co-financers by name, Aidants Connect trainees planned against trained; on both backends."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import comparison, financing
from data_access.models import Action, Axe, Cofinancement, Convention, Enveloppe, FeuilleDeRoute
from data_access.scope import Territory
from tests.builders import add

EURE_ET_LOIR = Territory.departement("28")
CENTRE = Territory.region("24")


def envelope(identifier: int, code: str, kind: str, amount: float, **values: object) -> dict[str, object]:
    extra = {"taux_prise_en_charge": None, "personnes_prevues": None, "personnes_formees": None} | values
    return {"id": identifier, "code_departement": code, "type": kind, "libelle": kind, "annee": 2024,
            "montant": amount} | extra  # fmt: skip


def convention(
    reference: str, envelope_id: int, structure: str, amount: float, statut: str, engaged: float, paid: float
) -> dict[str, object]:
    return {
        "reference": reference,
        "enveloppe_id": envelope_id,
        "code_departement": reference[2:4],
        "structure": structure,
        "montant": amount,
        "date_signature": None if statut == "en_preparation" else date(2024, 7, int(reference[-1])),
        "statut": statut,
        "montant_engage": engaged,
        "montant_verse": paid,
    }


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        Enveloppe,
        envelope(1, "28", "dotation_ingenierie", 42500),
        envelope(2, "28", "formation_aidants_connect", 20000, personnes_prevues=62, personnes_formees=41),
        envelope(3, "28", "marche_ingenierie", 16000, taux_prise_en_charge=80),
        envelope(4, "45", "subvention_coordinateur", 30000),
    )
    add(
        geo_engine,
        Convention,
        convention("C-28-1", 1, "Conseil départemental", 30000, "signee", 30000, 15000),
        convention("C-28-2", 1, "Chartres Métropole", 12500, "en_preparation", 0, 0),
        convention("C-28-3", 2, "Organisme de formation", 20000, "soldee", 20000, 20000),
        convention("C-28-4", 1, "Annulée", 5000, "annulee", 5000, 0),
        convention("C-45-1", 4, "Orléans Métropole", 30000, "signee", 30000, 30000),
    )
    add(
        geo_engine,
        FeuilleDeRoute,
        {"id": 1, "reference": "FDR-28", "code_departement": "28", "nom": "FDR 28"},
    )
    add(geo_engine, Axe, {"id": 1, "feuille_de_route_id": 1, "numero": 1, "nom": "Axe"})
    add(
        geo_engine,
        Action,
        *(
            {"id": n, "reference": f"A{n}", "axe_id": 1, "code_departement": "28", "nom": f"A{n}",
             "statut": "en_cours", "avancement": 10}
            for n in (1, 2)
        ),
    )  # fmt: skip
    add(
        geo_engine,
        Cofinancement,
        {"action_id": 1, "financeur": "CAF", "montant": 6000},
        {"action_id": 2, "financeur": "CAF", "montant": 1500},
        {"action_id": 1, "financeur": "Conseil départemental", "montant": 9000},
    )
    return geo_engine


def test_each_envelope_is_followed_to_its_conventions(store: Engine) -> None:
    frame = financing.envelopes(store, EURE_ET_LOIR)
    rows = frame[["type", "montant", "conventions", "conventionne", "engage", "verse"]].values.tolist()
    assert rows == [
        ["dotation_ingenierie", 42500, 2, 30000, 30000, 15000],
        ["formation_aidants_connect", 20000, 1, 20000, 20000, 20000],
        ["marche_ingenierie", 16000, 0, 0, 0, 0],
    ]
    contract = frame[frame["type"] == "marche_ingenierie"].iloc[0]
    assert contract["taux_prise_en_charge"] == 80
    training = frame[frame["type"] == "formation_aidants_connect"].iloc[0]
    assert (training["personnes_prevues"], training["personnes_formees"]) == (62, 41)


def test_conventions_list_structure_amount_date_and_status(store: Engine) -> None:
    frame = financing.conventions(store, EURE_ET_LOIR)
    assert frame[["structure", "statut_libelle", "montant_verse"]].values.tolist() == [
        ["Conseil départemental", "Signée", 15000],
        ["Annulée", "Annulée", 0],
        ["Chartres Métropole", "En préparation", 0],
        ["Organisme de formation", "Soldée", 20000],
    ]
    assert frame["date_signature"].iloc[0] == date(2024, 7, 1)
    assert frame["type_libelle"].iloc[0] == "Dotation d'ingénierie FNE"


def test_cofinancers_by_name_and_amount(store: Engine) -> None:
    frame = financing.cofinancers(store, EURE_ET_LOIR)
    assert frame[["financeur", "montant", "actions"]].values.tolist() == [
        ["Conseil départemental", 9000, 1],
        ["CAF", 7500, 2],
    ]


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        (EURE_ET_LOIR, (50000, 50000, 35000, 62, 41)),
        (CENTRE, (80000, 80000, 65000, 62, 41)),
        (Territory.departement("45"), (30000, 30000, 30000, None, None)),
    ],
)
def test_the_summary_follows_the_money_through(store: Engine, territory: Territory, expected: tuple) -> None:
    summary = financing.financing_summary(store, territory)
    keys = ("montant_conventionne", "montant_engage", "montant_verse", "aidants_prevus", "aidants_formes")
    assert tuple(getattr(summary, key) for key in keys) == expected


def test_the_regional_comparison_includes_the_money_followed_through(store: Engine) -> None:
    frame = comparison.departements_side_by_side(store, CENTRE, date(2025, 11, 1)).set_index("code")
    assert frame.loc["28", "montant_conventionne"] == 50000
    assert frame.loc["28", "montant_verse"] == 35000
    assert frame.loc["28", "part_aidants_formes"] == pytest.approx(41 / 62)
    assert frame.loc["45", "montant_verse"] == 30000
    assert pd.isna(frame.loc["45", "part_aidants_formes"])
    total = comparison.reference_rows(store, CENTRE, date(2025, 11, 1)).iloc[0]
    assert (total["montant_conventionne"], total["montant_verse"]) == (80000, 65000)
    assert comparison.INDICATORS["montant_verse"].label == "Montants versés"
