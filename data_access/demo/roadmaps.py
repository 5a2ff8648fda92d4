"""Demo roadmaps: feuilles de route, their axes and actions, co-financing and subsidy requests."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from data_access.demo.geography import GeoCommune, GeoDepartement
from data_access.demo.settings import DEMO_TODAY, EURE_ET_LOIR, ILLE_ET_VILAINE, STAGES
from data_access.demo.state import DemoState, random_day
from data_access.demo.texts import AXE_BESOINS, AXES, CONTRATS, EURE_ET_LOIR_AXES, FINANCEURS, of_departement
from data_access.vocabulary import BESOINS


def build(state: DemoState, dep: GeoDepartement) -> None:
    """Feuilles de route from the drafting stage on: axes, actions, co-financing, subsidy requests."""
    stage = state.stages.get(dep.code)
    if stage is None or STAGES.index(stage) < 2:
        return
    rng = state.rng("feuilles", dep.code)
    dates = state.milestones[dep.code]
    adopted = STAGES.index(stage) >= 3
    name = of_departement(dep.nom)
    epcis = sorted(state.geo.epci[dep.code], key=lambda epci: (-epci.population, epci.code))
    count = 1 + (dep.population > 800_000 and rng.random() < 0.6) + (rng.random() < 0.15)
    if dep.code == EURE_ET_LOIR:
        count = 1
    elif dep.code == ILLE_ET_VILAINE:
        count = 2
    count = min(count, 1 + len(epcis))
    actions: list[dict[str, object]] = []
    actors = [f"Conseil départemental {name}", f"Préfecture {name}", f"CAF {name}", "Hub territorial"]
    actors += [epci.nom for epci in epcis[:5]]
    members: dict[str, list[GeoCommune]] = {}
    for commune in sorted(state.geo.communes[dep.code], key=lambda commune: -commune.population):
        members.setdefault(commune.code_epci or "", []).append(commune)
    for number in range(1, count + 1):
        if number == 1:
            nom = f"Feuille de route France Numérique Ensemble {name}"
            perimetre, porteur = "departemental", f"Conseil départemental {name}"
            places = [epci.nom for epci in epcis] or [dep.nom]
        else:
            epci = epcis[number - 2]
            nom = f"Feuille de route inclusion numérique – {epci.nom}"
            perimetre, porteur = "groupementsDeCommunes", epci.nom
            places = [commune.nom for commune in members.get(epci.code, [])] or [epci.nom]
        adoption = dates["date_feuille_adoptee"] if adopted else None
        if adoption is not None and number > 1:
            adoption = min(adoption + timedelta(days=rng.randint(0, 60)), DEMO_TODAY)
        feuille_id = state.add(
            "feuille_de_route",
            {
                "reference": f"DEMO-FDR-{dep.code}-{number}",
                "code_departement": dep.code,
                "nom": nom[:250],
                "perimetre": perimetre,
                "porteur_nom": porteur[:250],
                "contrat_preexistant": rng.choice(CONTRATS) if rng.random() < 0.4 else None,
                "date_adoption": adoption,
            },
        )
        if dep.code == EURE_ET_LOIR:
            chosen = [
                (title, names, AXE_BESOINS[index]) for index, (title, names) in enumerate(EURE_ET_LOIR_AXES)
            ]
            sizes = [len(names) for _, names, _ in chosen]
        else:
            indexes = sorted(rng.sample(range(len(AXES)), rng.randint(3, 6)))
            chosen = [(AXES[index][0], AXES[index][1], AXE_BESOINS[index]) for index in indexes]
            total = state.scaled(rng.randint(10, 60) if adopted else rng.randint(5, 20), len(chosen))
            sizes = [1] * len(chosen)
            for _ in range(total - len(chosen)):
                sizes[rng.randrange(len(chosen))] += 1
        for numero, ((title, names, besoins), size) in enumerate(zip(chosen, sizes, strict=True), start=1):
            axe_id = state.add("axe", {"feuille_de_route_id": feuille_id, "numero": numero, "nom": title})
            pool = list(names) if dep.code == EURE_ET_LOIR else rng.sample(names, len(names))
            for index in range(size):
                action_name = pool[index % len(pool)]
                if index >= len(pool):
                    action_name = f"{action_name} – {places[(index // len(pool) - 1) % len(places)]}"
                actions.append(
                    _action(
                        state,
                        rng,
                        dep,
                        stage,
                        axe_id,
                        f"DEMO-FDR-{dep.code}-{number}-A{len(actions) + 1:03d}",
                        action_name,
                        porteur if number > 1 and rng.random() < 0.7 else rng.choice(actors),
                        besoins,
                    )
                )
    _subventions(state, dep, stage, actions, rng)
    for action in actions:
        state.add("action", action, with_id=False)


def _action(
    state: DemoState,
    rng: random.Random,
    dep: GeoDepartement,
    stage: str,
    axe_id: int,
    reference: str,
    nom: str,
    porteur: str,
    axe_besoins: list[str],
) -> dict[str, object]:
    weights = {
        "feuille_en_redaction": [70, 25, 0, 5],
        "feuille_adoptee": [35, 50, 10, 5],
        "mise_en_oeuvre": [15, 50, 28, 7],
    }[stage]
    statut = rng.choices(["a_lancer", "en_cours", "terminee", "abandonnee"], weights=weights)[0]
    avancement = {"a_lancer": 0, "terminee": 100}.get(statut)
    if avancement is None:
        avancement = 5 * rng.randint(1, 19) if statut == "en_cours" else 5 * rng.randint(0, 12)
    start: date | None
    end: date | None
    if statut == "terminee":
        start = random_day(date(2024, 1, 8), rng, 430)
        end = min(start + timedelta(days=rng.randint(60, 400)), DEMO_TODAY - timedelta(days=10))
    else:
        first = date(2025, 1, 6) if stage == "feuille_en_redaction" else date(2024, 1, 8)
        start = random_day(first, rng, (date(2026, 6, 30) - first).days)
        end = min(start + timedelta(days=rng.randint(90, 900)), date(2027, 12, 31))
    if statut != "terminee" and rng.random() < 0.05:
        start, end = None, None
    budget = None
    if rng.random() < 0.9:
        budget = float(round(math.exp(rng.uniform(math.log(3_000), math.log(250_000))) / 500) * 500)
    besoins = None
    if rng.random() < 0.65:
        picked = set(rng.sample(axe_besoins, rng.randint(1, len(axe_besoins))))
        if rng.random() < 0.3:
            picked.add(rng.choice(sorted(BESOINS)))
        besoins = "|".join(code for code in BESOINS if code in picked)
    identifier = state.next_id("action")
    if budget is not None:
        count = rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]
        keys = {name: rng.random() ** (1 / weight) for name, weight in FINANCEURS.items()}
        for financeur in sorted(
            sorted(keys, key=lambda name: -keys[name])[:count], key=list(FINANCEURS).index
        ):
            montant = max(100.0, float(round(budget * rng.uniform(0.05, 0.3) / 100) * 100))
            state.add("cofinancement", {"action_id": identifier, "financeur": financeur, "montant": montant})
    return {
        "id": identifier,
        "reference": reference,
        "axe_id": axe_id,
        "code_departement": dep.code,
        "nom": nom[:300],
        "contexte": f"Diagnostic partagé {of_departement(dep.nom)} : besoin identifié par les acteurs "
        "de la médiation numérique.",
        "description": f"{nom}. Action portée par {porteur}, avec les partenaires de la gouvernance.",
        "porteur_nom": porteur[:250],
        "statut": statut,
        "avancement": avancement,
        "date_debut": start,
        "date_fin": end,
        "budget_global": budget,
        "besoins": besoins,
        "version": 1,
    }


def _subventions(
    state: DemoState, dep: GeoDepartement, stage: str, actions: list[dict[str, object]], rng: random.Random
) -> None:
    """Subsidy requests against the engineering dotation: about 40 % to 105 % of it per département."""
    candidates = [action for action in actions if action["statut"] != "abandonnee"]
    if not candidates:
        return
    chosen = rng.sample(candidates, min(len(candidates), rng.randint(1, 4)))
    chosen.sort(key=lambda action: str(action["reference"]))
    total = state.dotations[dep.code] * rng.uniform(0.4, 1.05)
    shares = [rng.uniform(1, 3) for _ in chosen]
    weights = {
        "feuille_en_redaction": [45, 45, 10, 0],
        "feuille_adoptee": [15, 25, 50, 10],
        "mise_en_oeuvre": [5, 15, 70, 10],
    }[stage]
    for action, share in zip(chosen, shares, strict=True):
        montant = max(500.0, float(round(total * share / sum(shares) / 100) * 100))
        budget = action["budget_global"]
        if not isinstance(budget, float) or budget < montant * 1.2:
            action["budget_global"] = float(round(montant * rng.uniform(1.2, 3) / 500) * 500)
        state.add(
            "demande_subvention",
            {
                "action_id": action["id"],
                "statut": rng.choices(["deposee", "enCours", "acceptee", "refusee"], weights=weights)[0],
                "montant": montant,
                "date_depot": random_day(date(2024, 7, 1), rng, 450),
            },
        )
