"""Eure-et-Loir as its 2024 relevé de conclusions tells it: bodies, meetings, decisions, calendar.

The COTECH of 4 April 2024 (14 h 30, préfecture, chaired by the sous-préfet référent) moved the
roadmap deadline from June to October 2024 and asked for a pré-feuille de route for the summer;
five thematic working groups and six bilateral meetings prepared the workshops. Later meetings
(COPIL of June and October 2024, April 2025) follow on, so that the COPIL mode at the demo's
« today » opens with what became of the April 2025 decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from data_access.demo.settings import EURE_ET_LOIR
from data_access.demo.state import DemoState

RELEVE_4_AVRIL = "Relevé de conclusions du comité technique du 4 avril 2024 (préfecture d'Eure-et-Loir)"
POSTPONEMENTS = [
    (
        "feuille_adoptee",
        date(2024, 10, 31),
        "L'échéance, initialement fixée au mois de juin, pour finaliser la feuille de route, "
        "a été reportée au mois d'octobre.",
    ),
    (
        "pre_feuille",
        date(2024, 8, 31),
        "Le sous-préfet souhaite maintenir la dynamique et établir, a minima, une pré-feuille de route "
        "pour l'été.",
    ),
]
WORKING_GROUPS = [
    (date(2024, 3, 12), "éducation / jeunesse"),
    (date(2024, 3, 26), "emploi / insertion"),
    (date(2024, 4, 16), "inclusion sociale / précarité"),
    (date(2024, 5, 16), "santé"),
    (date(2024, 5, 23), "autonomie / dépendance"),
]
BILATERALS = [
    (date(2024, 2, 23), "DSDEN"),
    (date(2024, 3, 19), "France Travail"),
    (date(2024, 5, 6), "CAF"),
    (date(2024, 5, 7), "ARS"),
    (date(2024, 5, 14), "Délégués à la politique de la ville"),
    (date(2024, 5, 21), "DDETSPP"),
]
CHAIR = "Claude JEAY, sous-préfet référent Inclusion numérique"
PREFECTURE = "Préfecture d'Eure-et-Loir"


@dataclass(frozen=True)
class DemoMeeting:
    """One meeting of the demo with its relevé: attendees by organisation and decisions."""

    day: date
    conclusions: str
    heure: str | None = None
    lieu: str | None = None
    president: str | None = None
    attendees: tuple[tuple[str, str], ...] = ()
    decisions: tuple[tuple[str, str, date, str], ...] = ()
    """(decision, owner, due date, status)."""
    prochaine_date: date | None = None


COTECH = [
    DemoMeeting(
        date(2024, 4, 4),
        "Actuellement 138 lieux sont répertoriés sur le département, contre 110 initialement ; environ "
        "200 lieux seraient à identifier. L'échéance de la feuille de route est reportée de juin à "
        "octobre ; une pré-feuille de route est attendue pour l'été. Enveloppe de 42 500 € de dotation "
        "d'ingénierie et 20 000 € pour former 62 professionnels à Aidants Connect.",
        heure="14:30",
        lieu=PREFECTURE,
        president=CHAIR,
        attendees=(
            ("Conseil départemental d'Eure-et-Loir", "Directeur de projet Inclusion numérique"),
            ("Syndicat du Pays Dunois", "Agent de développement, directrice"),
            ("Chartres Métropole (CM'IN)", "Directeur général"),
            ("CA du Pays de Dreux", "Directrice Proximité & Appui aux communes"),
            ("Préfecture", "Pôle de l'appui territorial, référente France services"),
        ),
        decisions=(
            (
                "Retenir cinq axes stratégiques pour le plan d'actions",
                "Préfecture",
                date(2024, 6, 5),
                "faite",
            ),
            ("Reporter le comité de pilotage d'avril à juin", "Préfecture", date(2024, 6, 30), "faite"),
            (
                "Inviter les EPCI non inscrits à remplir le formulaire de la démarche",
                "Référents techniques des EPCI",
                date(2024, 5, 31),
                "faite",
            ),
            (
                "Établir une pré-feuille de route pour l'été",
                "Préfecture et Conseil départemental",
                date(2024, 8, 31),
                "faite",
            ),
        ),
        prochaine_date=date(2024, 6, 5),
    ),
    DemoMeeting(
        date(2024, 6, 5),
        "Recensement des actions spécifiques relevant de chacun des cinq axes, proposées par les EPCI "
        "et les acteurs de la médiation numérique.",
        heure="09:30",
        lieu=f"{PREFECTURE}, salle André Malraux",
        president=CHAIR,
        attendees=(
            ("Conseil départemental d'Eure-et-Loir", "Directeur de projet Inclusion numérique"),
            ("EPCI", "Référents techniques"),
            ("Préfecture", "Pôle de l'appui territorial"),
        ),
        decisions=(
            (
                "Présenter une préfiguration de la feuille de route au comité de pilotage",
                "Conseil départemental",
                date(2024, 6, 27),
                "faite",
            ),
        ),
    ),
]
COPIL = [
    DemoMeeting(
        date(2024, 6, 27),
        "La préfiguration de la feuille de route (pré-feuille de route) et ses cinq axes sont présentés.",
        heure="10:00",
        lieu=PREFECTURE,
        president="Préfète d'Eure-et-Loir et Président du Conseil départemental",
        attendees=(
            ("Préfecture", "Préfète, sous-préfet référent"),
            ("Conseil départemental d'Eure-et-Loir", "Président, directeur de projet"),
            ("EPCI", "Présidents"),
        ),
        decisions=(
            (
                "Finaliser la feuille de route pour octobre",
                "Conseil départemental",
                date(2024, 10, 31),
                "faite",
            ),
        ),
        prochaine_date=date(2024, 10, 17),
    ),
    DemoMeeting(
        date(2024, 10, 17),
        "La feuille de route départementale France Numérique Ensemble est présentée.",
        heure="10:00",
        lieu=PREFECTURE,
        president="Préfète d'Eure-et-Loir et Président du Conseil départemental",
        attendees=(
            ("Préfecture", "Préfète, sous-préfet référent"),
            ("Conseil départemental d'Eure-et-Loir", "Président"),
            ("EPCI", "Présidents"),
            ("Partenaires", "CAF, France Travail, ARS"),
        ),
        decisions=(
            (
                "Adopter la feuille de route et ses cinq axes",
                "Comité de pilotage",
                date(2024, 10, 17),
                "faite",
            ),
            (
                "Conventionner la dotation d'ingénierie de 42 500 €",
                "Préfecture",
                date(2025, 3, 31),
                "faite",
            ),
        ),
        prochaine_date=date(2025, 4, 10),
    ),
    DemoMeeting(
        date(2025, 4, 10),
        "Point d'étape de la feuille de route : premières actions lancées, conventions signées.",
        heure="10:00",
        lieu=PREFECTURE,
        president="Préfète d'Eure-et-Loir et Président du Conseil départemental",
        attendees=(
            ("Préfecture", "Préfète, sous-préfet référent"),
            ("Conseil départemental d'Eure-et-Loir", "Président, directeur de projet"),
            ("EPCI", "Présidents"),
        ),
        decisions=(
            (
                "Lancer la cartographie des offres, lieux et acteurs de la médiation numérique",
                "Conseil départemental",
                date(2025, 9, 30),
                "faite",
            ),
            (
                "Former les 62 professionnels à Aidants Connect",
                "Préfecture (pôle de l'appui territorial)",
                date(2025, 12, 31),
                "en_cours",
            ),
            (
                "Recenser les acteurs du reconditionnement (axe 5)",
                "Chartres Métropole",
                date(2025, 9, 30),
                "en_cours",
            ),
            (
                "Relancer les EPCI non inscrits à la démarche",
                "Référents techniques des EPCI",
                date(2025, 6, 30),
                "a_faire",
            ),
            (
                "Mettre en place l'animation territoriale des acteurs de la médiation numérique",
                "Conseil départemental",
                date(2025, 12, 31),
                "a_faire",
            ),
        ),
        prochaine_date=date(2025, 11, 6),
    ),
]


def build(state: DemoState, gouvernance_id: int) -> None:
    """The local calendar, then every body with its meetings, attendees and decisions."""
    for jalon, echeance, motif in POSTPONEMENTS:
        state.add(
            "jalon_local",
            {"code_departement": EURE_ET_LOIR, "jalon": jalon, "echeance": echeance, "motif": motif,
             "source": RELEVE_4_AVRIL},
        )  # fmt: skip
    cotech = _body(state, gouvernance_id, "technique", "Comité technique (COTECH)", "autre")
    for meeting in COTECH:
        _meeting(state, cotech, meeting)
    copil = _body(state, gouvernance_id, "strategique", "Comité de pilotage (COPIL)", "semestrielle")
    for meeting in COPIL:
        _meeting(state, copil, meeting)
    for day, theme in WORKING_GROUPS:
        body = _body(state, gouvernance_id, "groupe_travail", f"Groupe de travail « {theme} »", "autre")
        _meeting(
            state,
            body,
            DemoMeeting(
                day,
                f"Concertation thématique {theme} : besoins et actions proposées pour le diagnostic et le "
                "plan d'actions.",
                heure="09:30",
                lieu=PREFECTURE,
                attendees=(
                    ("EPCI", "Référents techniques"),
                    ("Conseil départemental d'Eure-et-Loir", "Direction de projet"),
                    ("Préfecture", "Pôle de l'appui territorial"),
                ),
            ),
        )
    for day, partner in BILATERALS:
        body = _body(state, gouvernance_id, "bilaterale", f"Bilatérale {partner}", "autre", partner)
        _meeting(
            state,
            body,
            DemoMeeting(
                day,
                f"Rencontre bilatérale avec {partner} pour préparer les ateliers thématiques.",
                lieu=PREFECTURE,
                attendees=((partner, ""), ("Préfecture", "Pôle de l'appui territorial")),
            ),
        )


def _body(
    state: DemoState, gouvernance_id: int, kind: str, name: str, frequency: str, partner: str | None = None
) -> int:
    return state.add(
        "comite",
        {
            "gouvernance_id": gouvernance_id,
            "type": kind,
            "nom": name,
            "frequence": frequency,
            "partenaire": partner,
        },
    )


def _meeting(state: DemoState, comite_id: int, meeting: DemoMeeting) -> None:
    participants = " ; ".join(f"{org} : {people}" if people else org for org, people in meeting.attendees)
    meeting_id = state.add(
        "comite_reunion",
        {
            "comite_id": comite_id,
            "date": meeting.day,
            "heure": meeting.heure,
            "lieu": meeting.lieu,
            "president": meeting.president,
            "participants": participants or None,
            "conclusions": meeting.conclusions,
            "decisions": " ; ".join(text for text, *_ in meeting.decisions) or None,
            "prochaine_date": meeting.prochaine_date,
        },
    )
    for organisation, people in meeting.attendees:
        state.add(
            "reunion_participant",
            {"reunion_id": meeting_id, "organisation": organisation, "personnes": people or None},
        )
    for text, owner, due, statut in meeting.decisions:
        state.add(
            "decision",
            {
                "reunion_id": meeting_id,
                "code_departement": EURE_ET_LOIR,
                "libelle": text,
                "responsable": owner,
                "echeance": due,
                "statut": statut,
                "version": 1,
            },
        )
