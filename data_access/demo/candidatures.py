"""Demo candidatures: who registered, with which intention and territories, and when."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from data_access.demo.geography import GeoDepartement
from data_access.demo.governance import level
from data_access.demo.settings import (
    COMMUNE_FORMS_PER_MILLION,
    FORM_LAST_DAY,
    FORM_OPENING,
    ILLE_ET_VILAINE,
    STRUCTURE_FORMS_PER_MILLION,
)
from data_access.demo.state import DemoState, cumulative, random_day
from data_access.demo.texts import STRUCTURE_PATTERNS, email, of_departement, of_place, person, slug


def _submission(rng: random.Random, early: bool = False) -> tuple[date, date | None]:
    """Most forms created before the 15 October 2023 milestone, a tail until June 2025."""
    draw = rng.random()
    if early:
        created = random_day(date(2023, 9, 14), rng, 14)
    elif draw < 0.6:
        created = random_day(FORM_OPENING, rng, 44)
    elif draw < 0.82:
        created = random_day(date(2023, 10, 16), rng, 76)
    else:
        created = random_day(date(2024, 1, 2), rng, (FORM_LAST_DAY - date(2024, 1, 2)).days)
    if rng.random() < 0.08 and not early:
        return created, None
    sent = min(created + timedelta(days=rng.choice([0, 0, 1, 2, 5, 9, 14, 21])), FORM_LAST_DAY)
    return created, sent


def _candidature(
    state: DemoState,
    rng: random.Random,
    dep: GeoDepartement,
    *,
    persona: str,
    intention: str,
    nom: str,
    siren: str | None,
    territoires: list[tuple[str, str]],
    code_epci: str | None = None,
    code_commune: str | None = None,
    coporteur: bool = False,
    early: bool = False,
) -> None:
    created, sent = _submission(rng, early)
    statut, cancelled = "candidat", None
    if sent is not None:
        draw = rng.random()
        if coporteur:
            statut = "coporteur"
        elif draw < 0.08:
            statut = "annule"
            cancelled = min(sent + timedelta(days=rng.randint(10, 200)), FORM_LAST_DAY)
        elif draw < 0.6:
            statut = "confirme"
    first, last = person(rng)
    second_first, second_last = person(rng)
    domain = f"{slug(nom)[:30]}.fr"
    number = len(state.rows.get("candidature", [])) + 1
    identifier = state.add(
        "candidature",
        {
            "reference": f"DEMO-CAND-{dep.code}-{number:05d}",
            "code_departement": dep.code,
            "persona": persona,
            "intention": intention,
            "statut": statut,
            "structure_nom": nom[:250],
            "siren": siren,
            "code_epci": code_epci,
            "code_commune": code_commune,
            "date_creation": created,
            "date_envoi": sent,
            "date_annulation": cancelled,
            "contact_structure": f"contact@{domain}",
            "contact_politique": f"{first} {last.upper()}, élu(e) délégué(e) au numérique",
            "contact_technique": email(second_first, second_last, domain),
        },
    )
    seen: set[tuple[str, str]] = set()
    for kind, code in territoires:
        if (kind, code) not in seen:
            seen.add((kind, code))
            state.add("candidature_territoire", {"candidature_id": identifier, "type": kind, "code": code})


def build(state: DemoState, dep: GeoDepartement) -> None:
    """The conseil départemental, EPCI (co-porteurs first), communes and structures of a département."""
    rng = state.rng("candidatures", dep.code)
    epcis = state.geo.epci[dep.code]
    communes = state.geo.communes[dep.code]
    departement_name = of_departement(dep.nom)
    _candidature(
        state,
        rng,
        dep,
        persona="conseil-departemental",
        intention="porter" if rng.random() < 0.85 or level(state.stages.get(dep.code)) >= 1 else "participer",
        nom=f"Conseil départemental {departement_name}",
        siren=state.fake_siren(rng, "22"),
        territoires=[("departement", dep.code)] + [("epci", epci.code) for epci in epcis],
        coporteur=level(state.stages.get(dep.code)) >= 1,
    )
    coporteurs = {epci.code for epci in state.coporteurs.get(dep.code, [])}
    share = 0.9 if dep.code == ILLE_ET_VILAINE else rng.uniform(0.3, 0.9)
    wanted = min(len(epcis), max(len(coporteurs), state.scaled(share * len(epcis))))
    others = [epci for epci in epcis if epci.code not in coporteurs]
    picked = coporteurs | {epci.code for epci in rng.sample(others, max(0, wanted - len(coporteurs)))}
    members: dict[str, list[str]] = {}
    for commune in communes:
        if commune.code_epci:
            members.setdefault(commune.code_epci, []).append(commune.code)
    for epci in epcis:
        if epci.code not in picked:
            continue
        covered = members.get(epci.code, [])
        sample = rng.sample(covered, min(len(covered), rng.randint(0, 8)))
        is_coporteur = epci.code in coporteurs
        _candidature(
            state,
            rng,
            dep,
            persona="epci",
            intention="porter" if is_coporteur or rng.random() < 0.3 else "participer",
            nom=epci.nom,
            siren=epci.code,
            code_epci=epci.code,
            territoires=[("epci", epci.code)] + [("commune", code) for code in sorted(sample)],
            coporteur=is_coporteur,
            early=dep.code == ILLE_ET_VILAINE,
        )
    millions = dep.population / 1e6
    if communes:
        weights = [math.log1p(commune.population) + 0.1 for commune in communes]
        count = min(len(communes), state.scaled(COMMUNE_FORMS_PER_MILLION * millions))
        keys = sorted(range(len(communes)), key=lambda index: -(rng.random() ** (1 / weights[index])))
        for index in sorted(keys[:count]):
            commune = communes[index]
            label = "Ville" if commune.population >= 20_000 else "Commune"
            territoires = [("commune", commune.code)]
            if commune.code_epci and rng.random() < 0.2:
                territoires.append(("epci", commune.code_epci))
            _candidature(
                state,
                rng,
                dep,
                persona="commune",
                intention="porter" if rng.random() < 0.1 else "participer",
                nom=f"{label} {of_place(commune.nom)}",
                siren=state.fake_siren(rng, "21"),
                code_commune=commune.code,
                territoires=territoires,
            )
        by_population = cumulative([commune.population + 1 for commune in communes])
        for _ in range(state.scaled(STRUCTURE_FORMS_PER_MILLION * millions)):
            commune = rng.choices(communes, cum_weights=by_population)[0]
            pattern = rng.choice(STRUCTURE_PATTERNS)
            nom = pattern.format(de=of_place(commune.nom), dep=departement_name)
            siren = state.fake_siren(rng)
            territoires = [("commune", commune.code)]
            if commune.code_epci and rng.random() < 0.5:
                territoires.append(("epci", commune.code_epci))
            if rng.random() < 0.3:
                territoires.append(("commune", rng.choice(communes).code))
            if rng.random() < 0.2:
                territoires.append(("structure", siren))
            _candidature(
                state,
                rng,
                dep,
                persona="structure",
                intention="participer",
                nom=nom,
                siren=siren,
                code_commune=commune.code,
                territoires=territoires,
            )


def build_regions(state: DemoState) -> None:
    """Some conseils régionaux took part, filed under their most populated département loaded."""
    for code, nom in sorted(state.geo.regions.items()):
        members = [dep for dep in state.geo.departements if dep.code_region == code]
        rng = state.rng("region", code)
        if not members or rng.random() > 0.7:
            continue
        main = sorted(members, key=lambda dep: (-dep.population, dep.code))[0]
        _candidature(
            state,
            rng,
            main,
            persona="conseil-regional",
            intention="participer" if rng.random() < 0.8 else "porter",
            nom=f"Région {nom}",
            siren=state.fake_siren(rng, "23"),
            territoires=[("region", code)] + [("departement", dep.code) for dep in members],
        )
