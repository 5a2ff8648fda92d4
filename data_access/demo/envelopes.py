"""Demo envelopes: the State funds allocated to each département, followed through to conventions.

Conventions, trainees and the CN-coordinator subsidy draw from their own seeded streams, so that
the envelopes drawn before them keep their amounts.
"""

from __future__ import annotations

import random
from datetime import date

from data_access.demo.geography import GeoDepartement
from data_access.demo.settings import EURE_ET_LOIR, FIXED_DOTATIONS
from data_access.demo.state import DemoState, random_day
from data_access.vocabulary import ENVELOPPE_TYPES

NO_DETAIL = {"taux_prise_en_charge": None, "personnes_prevues": None, "personnes_formees": None}
EURE_ET_LOIR_TRAINED = 27
EURE_ET_LOIR_CONVENTIONS = [
    ("dotation_ingenierie", "Conseil départemental d'Eure-et-Loir", 30_000.0, date(2025, 2, 14), 15_000.0),
    ("dotation_ingenierie", "Chartres Métropole (CM'IN)", 12_500.0, date(2025, 3, 20), 0.0),
    (
        "formation_aidants_connect",
        "Organisme de formation Aidants Connect",
        20_000.0,
        date(2025, 5, 12),
        8_700.0,
    ),
]
"""(envelope, structure, amount, signed on, paid): the dotation and the training credits conventioned."""
COORDINATOR_SUBSIDY = 25_000.0
RECIPIENTS = ["Conseil départemental", "Préfecture – association porteuse", "Hub régional", "Centre social"]


def build(state: DemoState, dep: GeoDepartement) -> None:
    """The engineering dotation (fixed where the sources give it), Aidants Connect training, ANCT market."""
    rng = state.rng("enveloppes", dep.code)
    amount = FIXED_DOTATIONS.get(dep.code)
    if amount is None:
        raw = 36_000 + 0.02 * dep.population + rng.gauss(0, 4_000)
        amount = float(min(70_000, max(20_000, round(raw / 100) * 100)))
    state.dotations[dep.code] = amount
    followed = state.rng("conventions", dep.code)
    ids: dict[str, int] = {}
    ids["dotation_ingenierie"] = state.add(
        "enveloppe",
        {
            "code_departement": dep.code,
            "type": "dotation_ingenierie",
            "libelle": f"{ENVELOPPE_TYPES['dotation_ingenierie']} 2024",
            "annee": 2024,
            "montant": amount,
            **NO_DETAIL,
        },
    )
    if dep.code == EURE_ET_LOIR or rng.random() < 0.45:
        people = 62 if dep.code == EURE_ET_LOIR else rng.randint(15, 90)
        montant = 20_000.0 if dep.code == EURE_ET_LOIR else float(round(people * 322.58 / 100) * 100)
        trained = EURE_ET_LOIR_TRAINED if dep.code == EURE_ET_LOIR else followed.randint(0, people)
        ids["formation_aidants_connect"] = state.add(
            "enveloppe",
            {
                "code_departement": dep.code,
                "type": "formation_aidants_connect",
                "libelle": f"Formation Aidants Connect 2024 – {people} aidants et professionnels",
                "annee": 2024,
                "montant": montant,
                **NO_DETAIL,
                "personnes_prevues": people,
                "personnes_formees": trained,
            },
        )
    epcis = state.geo.epci[dep.code]
    if epcis and rng.random() < 0.2:
        epci = rng.choice(epcis)
        rate = rng.choice([0.33, 0.5, 0.8, 1.0])
        state.add(
            "enveloppe",
            {
                "code_departement": dep.code,
                "type": "marche_ingenierie",
                "libelle": f"Marché d'ingénierie ANCT – feuille de route de {epci.nom} "
                f"({round(rate * 100)} %)"[:250],
                "annee": rng.choice([2024, 2025]),
                "montant": round(20_000 * rate, 2),
                **NO_DETAIL,
                "taux_prise_en_charge": round(rate * 100),
            },
        )
    if dep.code != EURE_ET_LOIR and followed.random() < 0.3:
        coordinators = followed.randint(1, 2)
        ids["subvention_coordinateur"] = state.add(
            "enveloppe",
            {
                "code_departement": dep.code,
                "type": "subvention_coordinateur",
                "libelle": f"Subvention de {coordinators} conseiller(s) numérique(s) coordinateur(s) 2024",
                "annee": 2024,
                "montant": coordinators * COORDINATOR_SUBSIDY,
                **NO_DETAIL,
            },
        )
    if dep.code == EURE_ET_LOIR:
        _eure_et_loir_conventions(state, ids)
    else:
        _conventions(state, dep, ids, followed)


def _eure_et_loir_conventions(state: DemoState, ids: dict[str, int]) -> None:
    for number, (kind, structure, amount, signed_on, paid) in enumerate(EURE_ET_LOIR_CONVENTIONS, start=1):
        state.add(
            "convention",
            {
                "reference": f"CONV-28-{number}",
                "enveloppe_id": ids[kind],
                "code_departement": EURE_ET_LOIR,
                "structure": structure,
                "montant": amount,
                "date_signature": signed_on,
                "statut": "signee",
                "montant_engage": amount,
                "montant_verse": paid,
            },
        )


def _conventions(state: DemoState, dep: GeoDepartement, ids: dict[str, int], rng: random.Random) -> None:
    """Part of each envelope passed on by convention: signed, committed, partly paid, or in preparation."""
    wanted = set(ids.values())
    envelopes = {row["id"]: row for row in reversed(state.rows["enveloppe"]) if row["id"] in wanted}
    number = 0
    for kind, envelope_id in ids.items():
        total = float(envelopes[envelope_id]["montant"])
        shares = [1.0] if kind != "dotation_ingenierie" else rng.choice([[1.0], [0.6, 0.4], [0.5, 0.3, 0.2]])
        for share in shares:
            if rng.random() < 0.25:
                continue
            number += 1
            amount = round(total * share / 100) * 100
            statut = rng.choices(["signee", "soldee", "en_preparation"], weights=[6, 1, 2])[0]
            signed = statut != "en_preparation"
            paid = amount if statut == "soldee" else round(amount * rng.choice([0, 0.3, 0.5]) / 100) * 100
            state.add(
                "convention",
                {
                    "reference": f"CONV-{dep.code}-{number}",
                    "enveloppe_id": envelope_id,
                    "code_departement": dep.code,
                    "structure": rng.choice(RECIPIENTS)
                    if kind != "subvention_coordinateur"
                    else "Hub régional",
                    "montant": float(amount),
                    "date_signature": random_day(date(2024, 9, 1), rng, 365) if signed else None,
                    "statut": statut,
                    "montant_engage": float(amount) if signed else 0.0,
                    "montant_verse": float(paid) if signed else 0.0,
                },
            )
