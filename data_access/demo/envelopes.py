"""Demo envelopes: the State funds allocated to each département."""

from __future__ import annotations

from data_access.demo.geography import GeoDepartement
from data_access.demo.settings import EURE_ET_LOIR, FIXED_DOTATIONS
from data_access.demo.state import DemoState
from data_access.vocabulary import ENVELOPPE_TYPES


def build(state: DemoState, dep: GeoDepartement) -> None:
    """The engineering dotation (fixed where the sources give it), Aidants Connect training, ANCT market."""
    rng = state.rng("enveloppes", dep.code)
    amount = FIXED_DOTATIONS.get(dep.code)
    if amount is None:
        raw = 36_000 + 0.02 * dep.population + rng.gauss(0, 4_000)
        amount = float(min(70_000, max(20_000, round(raw / 100) * 100)))
    state.dotations[dep.code] = amount
    state.add(
        "enveloppe",
        {
            "code_departement": dep.code,
            "type": "dotation_ingenierie",
            "libelle": f"{ENVELOPPE_TYPES['dotation_ingenierie']} 2024",
            "annee": 2024,
            "montant": amount,
        },
    )
    if dep.code == EURE_ET_LOIR or rng.random() < 0.45:
        people = 62 if dep.code == EURE_ET_LOIR else rng.randint(15, 90)
        montant = 20_000.0 if dep.code == EURE_ET_LOIR else float(round(people * 322.58 / 100) * 100)
        state.add(
            "enveloppe",
            {
                "code_departement": dep.code,
                "type": "formation_aidants_connect",
                "libelle": f"Formation Aidants Connect 2024 – {people} aidants et professionnels",
                "annee": 2024,
                "montant": montant,
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
            },
        )
