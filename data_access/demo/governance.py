"""Demo gouvernances: a stage per département, ordered milestone dates, co-porteurs, comités and meetings."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from data_access.demo import eure_et_loir
from data_access.demo.geography import GeoDepartement
from data_access.demo.settings import DEMO_TODAY, EURE_ET_LOIR, ILLE_ET_VILAINE, STAGE_WEIGHTS, STAGES
from data_access.demo.state import DemoState, random_day
from data_access.demo.texts import (
    CONCLUSIONS_AFTER,
    CONCLUSIONS_BEFORE,
    DECISION_OWNERS,
    DECISIONS_AFTER,
    DECISIONS_BEFORE,
    PARTICIPANTS,
    email,
    of_departement,
    person,
    slug,
)

FREQUENCY_MONTHS = {"mensuelle": 1, "trimestrielle": 3, "semestrielle": 6, "annuelle": 12, "autre": 4}


def level(stage: str | None) -> int:
    """Rank of a stored stage (-1 for no gouvernance)."""
    return -1 if stage is None else STAGES.index(stage)


def plan(state: DemoState, dep: GeoDepartement) -> None:
    """Decide the stage, milestone dates and co-porteurs: the candidatures and roadmaps follow them."""
    rng = state.rng("gouvernance-plan", dep.code)
    if dep.code == EURE_ET_LOIR:
        stage: str | None = "feuille_adoptee"
    elif dep.code == ILLE_ET_VILAINE:
        stage = "mise_en_oeuvre"
    else:
        stage = rng.choices([None, *STAGES], weights=STAGE_WEIGHTS)[0]
    state.stages[dep.code] = stage
    if stage is None:
        return
    state.milestones[dep.code] = _milestone_dates(dep.code, stage, rng)
    epcis = state.geo.epci[dep.code]
    count = 0
    if STAGES.index(stage) >= 1 and epcis:
        count = min(len(epcis), rng.choices([0, 1, 2, 3, 4], weights=[1, 3, 3, 2, 1])[0])
    if dep.code == EURE_ET_LOIR:
        count = min(len(epcis), 3)
    by_population = sorted(epcis, key=lambda epci: (-epci.population, epci.code))
    pool = by_population[: max(count, min(len(epcis), 6))]
    chosen = rng.sample(pool, count)
    if dep.code == EURE_ET_LOIR:
        # the EPCI around the table of the COTECH of 4 April 2024, when loaded
        named = [epci for epci in by_population if re.search(r"Chartres|Dreux|Châteaudun", epci.nom)]
        chosen = (named + [epci for epci in by_population if epci not in named])[:count]
    state.coporteurs[dep.code] = sorted(chosen, key=lambda epci: epci.code)


def _milestone_dates(code: str, stage: str, rng: random.Random) -> dict[str, date | None]:
    """Dates consistent with the stage and ordered; some late against the national milestones."""
    if code == EURE_ET_LOIR:
        return {
            "date_pressentie": date(2023, 10, 12),
            "date_formalisee": date(2023, 12, 19),
            "date_feuille_adoptee": date(2024, 10, 17),
            "date_mise_en_oeuvre": None,
            "date_pre_feuille": date(2024, 6, 27),
        }
    if code == ILLE_ET_VILAINE:
        return {
            "date_pressentie": date(2023, 10, 5),
            "date_formalisee": date(2023, 12, 14),
            "date_feuille_adoptee": date(2024, 6, 27),
            "date_mise_en_oeuvre": date(2024, 9, 16),
            "date_pre_feuille": None,
        }
    level = STAGES.index(stage)
    pressentie: date | None = (
        random_day(date(2023, 9, 18), rng, 27)
        if rng.random() < 0.7
        else random_day(date(2023, 10, 16), rng, 120)
    )
    formalisee = adoptee = mise = None
    if level >= 1:
        on_time = random_day(date(2023, 11, 6), rng, 55)
        formalisee = on_time if rng.random() < 0.6 else random_day(date(2024, 1, 3), rng, 150)
        formalisee = max(formalisee, pressentie + timedelta(days=21))
    if level >= 3 and formalisee is not None:
        on_time = random_day(date(2024, 3, 1), rng, 121)
        adoptee = on_time if rng.random() < 0.45 else random_day(date(2024, 7, 1), rng, 270)
        adoptee = max(adoptee, formalisee + timedelta(days=45))
    if level >= 4 and adoptee is not None:
        mise = min(adoptee + timedelta(days=rng.randint(20, 180)), DEMO_TODAY - timedelta(days=15))
        mise = max(mise, adoptee)
    if rng.random() < (0.1 if level == 0 else 0.06):
        pressentie = None
    if level >= 2 and rng.random() < 0.04:
        formalisee = None
    return {
        "date_pressentie": pressentie,
        "date_formalisee": formalisee,
        "date_feuille_adoptee": adoptee,
        "date_mise_en_oeuvre": mise,
        "date_pre_feuille": None,
    }


def build(state: DemoState, dep: GeoDepartement) -> None:
    """The gouvernance row, its co-porteurs and its comités with their meetings."""
    stage = state.stages.get(dep.code)
    if stage is None:
        return
    rng = state.rng("gouvernance", dep.code)
    dates = state.milestones[dep.code]
    name = of_departement(dep.nom)
    domain = f"{slug(dep.nom)}.gouv.fr"
    coporteurs = state.coporteurs.get(dep.code, [])
    perimetre, porteur, porteur_type = (
        "departement",
        f"Conseil départemental {name}",
        "conseil-departemental",
    )
    draw = rng.random()
    if dep.code in (EURE_ET_LOIR, ILLE_ET_VILAINE) or draw < 0.35:
        porteur = f"Préfecture {name} et Conseil départemental {name}"
    elif draw < 0.43 and coporteurs:
        perimetre, porteur, porteur_type = "epci", coporteurs[0].nom, "epci"
    elif draw < 0.46:
        region = state.geo.regions.get(dep.code_region, "")
        perimetre, porteur, porteur_type = "region", f"Région {region}", "conseil-regional"
    if dep.code == EURE_ET_LOIR:
        prefet = ("Claude", "JEAY")
    else:
        first, last = person(rng)
        prefet = (first, last.upper())
    has_prefet = dep.code in (EURE_ET_LOIR, ILLE_ET_VILAINE) or rng.random() < 0.9
    identifier = state.add(
        "gouvernance",
        {
            "code_departement": dep.code,
            "etape": stage,
            "perimetre": perimetre,
            "porteur_nom": porteur[:250],
            "porteur_type": porteur_type,
            "pas_de_coporteurs": STAGES.index(stage) >= 1 and not coporteurs,
            "sous_prefet_nom": f"{prefet[0]} {prefet[1]}" if has_prefet else None,
            "sous_prefet_email": email(prefet[0], prefet[1], domain) if has_prefet else None,
            "note_de_contexte": _context_note(dep, stage, rng),
            **dates,
            "version": 1,
        },
    )
    for epci in coporteurs:
        state.add(
            "coporteur",
            {"gouvernance_id": identifier, "nom": epci.nom, "type": "epci", "siren": epci.code},
        )
    if porteur_type != "conseil-departemental" and STAGES.index(stage) >= 1:
        state.add(
            "coporteur",
            {
                "gouvernance_id": identifier,
                "nom": f"Conseil départemental {name}",
                "type": "conseil-departemental",
                "siren": None,
            },
        )
    if dep.code == EURE_ET_LOIR:
        eure_et_loir.build(state, identifier)
    else:
        _comites(state, dep.code, identifier, stage, dates, rng)


def _context_note(dep: GeoDepartement, stage: str, rng: random.Random) -> str:
    name = of_departement(dep.nom)
    if dep.code == EURE_ET_LOIR:
        return (
            "Gouvernance co-pilotée par la préfecture et le Conseil départemental d'Eure-et-Loir. "
            "Le comité technique conduit cinq groupes de travail thématiques (éducation / jeunesse, "
            "emploi / insertion, inclusion sociale / précarité, santé, autonomie / dépendance). "
            "L'échéance de la feuille de route, initialement fixée en juin 2024, a été reportée "
            "à octobre ; environ 200 lieux de médiation numérique sont à identifier."
        )
    if dep.code == ILLE_ET_VILAINE:
        return (
            "Par courrier de septembre 2023, le préfet a invité le Conseil départemental et les "
            "présidents d'EPCI à co-piloter la politique d'inclusion numérique et à se déclarer avant "
            "le 30 septembre. Rennes Métropole coordonne son propre projet (annuaire d'orientation, "
            "espaces numériques des espaces sociaux communs) en lien avec le hub Bretagne numérique "
            "inclusif."
        )
    sentences = [
        f"La gouvernance {name} s'appuie sur les instances existantes du schéma départemental "
        "d'amélioration de l'accessibilité des services au public.",
        "Les EPCI ont été réunis pour partager le diagnostic de l'offre de médiation numérique.",
        "Les conseillers numériques coordinateurs animent le réseau des aidants.",
        "Le territoire combine des pôles urbains bien dotés et des zones rurales peu couvertes.",
        "La couverture en très haut débit reste inégale dans les communes rurales.",
    ]
    count = 1 if stage == "pressentie" else rng.randint(2, 3)
    return " ".join(rng.sample(sentences, count))


def _comites(
    state: DemoState,
    code: str,
    gouvernance_id: int,
    stage: str,
    dates: dict[str, date | None],
    rng: random.Random,
) -> None:
    level = STAGES.index(stage)
    planned: list[tuple[str, str, str]] = []
    if level == 0:
        if rng.random() < 0.4:
            planned.append(("strategique", "Comité de pilotage (COPIL)", "semestrielle"))
    else:
        planned.append(
            ("strategique", "Comité de pilotage (COPIL)", rng.choice(["trimestrielle", "semestrielle"]))
        )
        if rng.random() < 0.85:
            planned.append(
                ("technique", "Comité technique (COTECH)", rng.choice(["mensuelle", "trimestrielle"]))
            )
        if rng.random() < 0.35:
            planned.append(
                ("consultatif", "Comité des partenaires", rng.choice(["semestrielle", "annuelle"]))
            )
        if rng.random() < 0.15:
            planned.append(("autre", "Groupes de travail thématiques", "autre"))
    start = dates["date_formalisee"] or dates["date_pressentie"] or date(2023, 11, 15)
    adoption = dates["date_feuille_adoptee"]
    for kind, nom, frequence in planned:
        comite_id = state.add(
            "comite",
            {
                "gouvernance_id": gouvernance_id,
                "type": kind,
                "nom": nom,
                "frequence": frequence,
                "partenaire": None,
            },
        )
        months = FREQUENCY_MONTHS[frequence]
        meetings: list[date] = []
        current = start + timedelta(days=rng.randint(10, 40))
        limit = 1 if level == 0 else 12
        while current < DEMO_TODAY - timedelta(days=3) and len(meetings) < limit:
            if rng.random() > 0.1:
                meetings.append(current)
            current += timedelta(days=30 * months + rng.randint(-10, 10))
        for index, day in enumerate(meetings):
            after = adoption is not None and day >= adoption
            following = meetings[index + 1] if index + 1 < len(meetings) else None
            if following is None and rng.random() < 0.7:
                following = day + timedelta(days=30 * months)
            meeting_id = state.add(
                "comite_reunion",
                {
                    "comite_id": comite_id,
                    "date": day,
                    "heure": None,
                    "lieu": None,
                    "president": None,
                    "participants": ", ".join(
                        sorted(rng.sample(PARTICIPANTS, rng.randint(3, 7)))
                    ).capitalize(),
                    "conclusions": " ".join(
                        rng.sample(CONCLUSIONS_AFTER if after else CONCLUSIONS_BEFORE, rng.randint(1, 2))
                    ),
                    "decisions": rng.choice(DECISIONS_AFTER if after else DECISIONS_BEFORE),
                    "prochaine_date": following,
                },
            )
            if kind == "strategique" and index == len(meetings) - 1:
                _followed_decisions(state, code, meeting_id, day, after)


def _followed_decisions(state: DemoState, code: str, meeting_id: int, day: date, after: bool) -> None:
    """Decisions of a département's last COPIL, with owners, due dates and statuses drawn from their
    own stream, so that the next COPIL has something to review."""
    rng = state.rng("decisions", code)
    texts = rng.sample(DECISIONS_AFTER if after else DECISIONS_BEFORE, rng.randint(2, 4))
    for text in texts:
        due = day + timedelta(days=rng.choice([30, 60, 90, 180]))
        statut = rng.choices(["faite", "en_cours", "a_faire", "abandonnee"], weights=[4, 3, 2, 1])[0]
        state.add(
            "decision",
            {
                "reunion_id": meeting_id,
                "code_departement": code,
                "libelle": text,
                "responsable": rng.choice(DECISION_OWNERS),
                "echeance": due,
                "statut": statut,
                "version": 1,
            },
        )
