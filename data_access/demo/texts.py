"""French wording of the generated content: articles, names, and the vocabulary of each domain.

Kept apart from the builders so that a reader sees at a glance what the demo says, and a builder
only decides how much of it and where.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from data_access.vocabulary import NATIONAL_LABELS

_VOWELS = tuple("AEIOUYÉÈÊÎÔÂaeiouyéèêîôâ")
_DU = {
    "Nord", "Calvados", "Cantal", "Cher", "Doubs", "Finistère", "Gard", "Gers", "Jura", "Loiret", "Lot",
    "Morbihan", "Pas-de-Calais", "Puy-de-Dôme", "Rhône", "Bas-Rhin", "Haut-Rhin", "Tarn", "Var",
    "Vaucluse", "Val-de-Marne", "Val-d'Oise", "Territoire de Belfort",
}  # fmt: skip
_DES = {"Ardennes", "Landes", "Vosges", "Yvelines"}
_DES_PREFIXES = ("Hautes-", "Hauts-", "Alpes-", "Bouches-", "Côtes-", "Deux-", "Pyrénées-")
_NO_ARTICLE = {"Paris", "Mayotte", "La Réunion"}


def of_departement(nom: str) -> str:
    """« de la Somme », « du Nord », « des Landes », « de l'Ain », « d'Eure-et-Loir »."""
    if nom in _NO_ARTICLE:
        return f"de {nom}"
    if nom in _DU:
        return f"du {nom}"
    if nom in _DES or nom.startswith(_DES_PREFIXES):
        return f"des {nom}"
    if "-et-" in nom:
        return f"d'{nom}" if nom.startswith(_VOWELS) else f"de {nom}"
    if nom.startswith(_VOWELS) or nom.startswith("Hé"):
        return f"de l'{nom}"
    return f"de la {nom}"


def of_place(nom: str) -> str:
    """« de Chartres », « d'Orléans », « du Mans », « des Ulis »."""
    if nom.startswith("Le "):
        return f"du {nom[3:]}"
    if nom.startswith("Les "):
        return f"des {nom[4:]}"
    return f"d'{nom}" if nom.startswith(_VOWELS) else f"de {nom}"


def _ascii(text_value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text_value.replace("œ", "oe"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slug(text_value: str) -> str:
    """« Saint-Étienne-du-Rouvray » → « saint-etienne-du-rouvray » (for e-mail domains)."""
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text_value).lower().replace("'", "")).strip("-")


FIRST_NAMES = [
    "Camille", "Claire", "Nathalie", "Isabelle", "Sophie", "Émilie", "Julie", "Hélène", "Sandrine", "Anne",
    "Céline", "Aurélie", "Laurence", "Valérie", "Marion", "Thomas", "Nicolas", "Julien", "Pierre", "François",
    "Olivier", "Sébastien", "Laurent", "Mathieu", "Antoine", "Guillaume", "Stéphane", "Philippe", "Vincent",
    "Jérôme", "Benoît", "Éric",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Leroy",
    "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "Perrin", "Robin", "Masson", "Marchand", "Duval", "Denis", "Lemaire", "Renard",
]  # fmt: skip


def person(rng: random.Random) -> tuple[str, str]:
    """A first and last name."""
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email(first: str, last: str, domain: str) -> str:
    """A plausible work address: « camille.martin@eure-et-loir.gouv.fr »."""
    return f"{slug(first).replace('-', '')}.{slug(last).replace('-', '')}@{domain}"


# --- Vocabulary of the generated content, by domain ---------------------------------------

LIEU_SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
]
"""The services of schema v1.0.2, in its order."""

LABEL_CONSEILLERS, LABEL_FRANCE_SERVICES, LABEL_AIDANTS_CONNECT = list(NATIONAL_LABELS)


@dataclass(frozen=True)
class LieuKind:
    weight: float
    pattern: str
    typologie: str | None
    labels: tuple[str, ...]
    conseiller: float
    aidants: float


LIEU_KINDS = [
    LieuKind(8, "France services {de}", "RFS", (LABEL_FRANCE_SERVICES,), 0.6, 0.5),
    LieuKind(16, "Médiathèque {de}", "BIB|MUNI", (), 0.35, 0.1),
    LieuKind(12, "Espace numérique {de}", "MUNI", (), 0.5, 0.15),
    LieuKind(10, "Centre social {de}", "CS|ASSO", (), 0.45, 0.2),
    LieuKind(14, "Conseiller numérique – Mairie {de}", "MUNI", (LABEL_CONSEILLERS,), 0.0, 0.2),
    LieuKind(6, "CCAS {de}", "CCAS", (), 0.4, 0.35),
    LieuKind(5, "Association Les Connectés {de}", "ASSO", (), 0.4, 0.1),
    LieuKind(4, "Familles Rurales {de}", "ASSO", (), 0.3, 0.05),
    LieuKind(6, "Tiers-lieu numérique {de}", "TIERS_LIEUX|ASSO", (), 0.3, 0.0),
    LieuKind(4, "Point numérique CAF {de}", "CAF", (), 0.2, 0.2),
    LieuKind(5, "MJC {de}", "MJC|ASSO", (), 0.3, 0.0),
    LieuKind(3, "Mission locale {de}", "ML", (), 0.3, 0.1),
    LieuKind(4, "Cyber-espace {de}", None, (), 0.1, 0.0),
    LieuKind(3, "Atelier solidaire du numérique {de}", "ASSO|ESS", (), 0.2, 0.0),
]
STREETS = [
    "rue de la Mairie", "place de l'Église", "avenue de la République", "rue Victor Hugo", "rue Jean Jaurès",
    "place du Marché", "rue des Écoles", "boulevard Gambetta", "rue de la Gare", "allée des Tilleuls",
    "rue du Général de Gaulle", "rue Pasteur", "place de la Liberté", "rue des Lilas", "avenue Jean Moulin",
]  # fmt: skip

SITE_SUFFIXES = ["annexe", "antenne", "quartier nord", "quartier sud", "centre"]
STRUCTURE_PATTERNS = [
    "Association Familles Rurales {de}",
    "Centre social {de}",
    "France services {de}",
    "CCAS {de}",
    "Mission locale {de}",
    "Association Les Connectés {de}",
    "Médiathèque {de}",
    "Maison des jeunes et de la culture {de}",
    "Tiers-lieu numérique {de}",
    "Espace de vie sociale {de}",
    "Régie de quartier {de}",
    "Chambre de commerce et d'industrie {dep}",
    "Chambre de métiers et de l'artisanat {dep}",
    "Union départementale des associations familiales {dep}",
]

AXES: list[tuple[str, list[str]]] = [
    (
        "Structurer et coordonner l'offre de médiation numérique",
        [
            "Cartographier les lieux et acteurs de la médiation numérique",
            "Animer un réseau départemental des médiateurs numériques",
            "Recruter un conseiller numérique coordinateur",
            "Créer un annuaire partagé d'orientation des usagers",
            "Organiser des rencontres annuelles des acteurs",
            "Mettre en place un outil commun de prise de rendez-vous",
            "Harmoniser les pratiques d'accompagnement",
            "Ouvrir des permanences numériques en mairie",
        ],
    ),
    (
        "Aller vers les publics éloignés du numérique",
        [
            "Déployer un bus numérique itinérant",
            "Tenir des permanences dans les communes rurales",
            "Former les travailleurs sociaux au repérage des difficultés numériques",
            "Accompagner les personnes âgées à domicile",
            "Intervenir dans les quartiers prioritaires de la ville",
            "Créer des ateliers numériques en EHPAD",
            "Mettre en place un numéro d'appel d'orientation",
        ],
    ),
    (
        "Développer les compétences numériques tout au long de la vie",
        [
            "Évaluer les compétences numériques avec PIX",
            "Proposer des parcours de formation progressifs",
            "Organiser des ateliers numériques parents-enfants",
            "Former les demandeurs d'emploi aux outils numériques",
            "Créer des ateliers intergénérationnels",
            "Déployer les Bases du numérique dans les médiathèques",
        ],
    ),
    (
        "Former et outiller les professionnels et les aidants",
        [
            "Former les agents d'accueil à Aidants Connect",
            "Former les secrétaires de mairie à l'orientation des usagers",
            "Créer une boîte à outils partagée des aidants",
            "Organiser des échanges de pratiques entre médiateurs",
            "Accompagner la certification Qualiopi des structures",
            "Former les bénévoles associatifs",
        ],
    ),
    (
        "Favoriser l'accès aux équipements et à la connexion",
        [
            "Structurer une filière locale de reconditionnement",
            "Collecter le matériel informatique des entreprises et administrations",
            "Proposer des équipements reconditionnés à prix solidaire",
            "Mettre des ordinateurs en libre accès dans les lieux publics",
            "Créer un fonds d'aide à la connexion",
            "Ouvrir un atelier de réparation d'équipements numériques",
        ],
    ),
    (
        "Sécuriser les usages et prévenir les risques",
        [
            "Sensibiliser les habitants à la cybersécurité",
            "Mener une campagne de prévention des arnaques en ligne",
            "Animer des ateliers sur la protection des données personnelles",
            "Former les médiateurs à l'hygiène numérique",
        ],
    ),
    (
        "Piloter, évaluer et financer la feuille de route",
        [
            "Mettre en place un tableau de bord partagé",
            "Collecter les données d'activité des lieux",
            "Rechercher des cofinancements",
            "Évaluer l'impact des actions",
            "Structurer un fonds local d'inclusion numérique",
        ],
    ),
    (
        "Adapter l'accompagnement aux publics spécifiques",
        [
            "Accompagner les personnes en situation de handicap",
            "Adapter l'offre aux personnes allophones",
            "Accompagner les jeunes en insertion",
            "Accompagner les personnes sans domicile",
        ],
    ),
]

EURE_ET_LOIR_AXES: list[tuple[str, list[str]]] = [
    (
        "Coordonner, animer et structurer la médiation numérique et développer l'aller-vers",
        [
            "Élaboration d'une cartographie des offres, lieux et acteurs de la médiation numérique",
            "Structurer et compléter le maillage territorial de la médiation numérique, "
            "notamment en développant les solutions d'aller-vers",
            "Mettre en place une animation territoriale des acteurs de la médiation numérique",
            "Rendre accessibles les ressources de la médiation numérique",
        ],
    ),
    (
        "Favoriser et renforcer les compétences numériques tout au long de la vie",
        [
            "Renforcer l'évaluation de l'autonomie numérique par un outil commun (PIX)",
            "Développer la prescription de formations numériques adaptées",
            "Développer la formation des publics dans une logique de parcours",
            "Former les professionnels à l'outil d'évaluation PIX",
            "Proposer une offre commune de formation des professionnels à l'inclusion numérique",
        ],
    ),
    (
        "Prévenir les risques et sécuriser l'usage numérique (équipements et pratiques)",
        [
            "Créer et partager des repères communs d'hygiène numérique",
            "Développer des actions de sensibilisation et de prévention",
            "Lever les freins au numérique par l'acculturation à la sécurité informatique",
            "Faciliter l'accès aux solutions de sécurisation des équipements",
            "Sensibiliser et acculturer les professionnels aux risques cyber",
            "Renforcer la sécurité des équipements et des systèmes d'information",
        ],
    ),
    (
        "Promouvoir le numérique capacitant",
        [
            "Développer une approche pédagogique commune des potentialités du numérique",
            "Créer des repères d'appropriation du numérique selon l'autonomie, l'âge et les besoins",
        ],
    ),
    (
        "Structurer une filière de reconditionnement et faciliter l'accès à l'outillage numérique "
        "et l'entretien des outils numériques",
        [
            "Recenser les acteurs du recyclage et du reconditionnement",
            "Structurer une filière de reconditionnement des équipements numériques",
            "Organiser le don d'outils numériques",
            "Favoriser l'accès aux outils numériques des publics les plus précaires",
            "Systématiser la prescription de formation à l'acquisition d'outils numériques",
            "Développer des ateliers de réparation et de mise à niveau des outils numériques",
        ],
    ),
]
"""The five axes of the Eure-et-Loir pre-roadmap (COTECH of 4 April 2024) and their example actions."""

AXE_BESOINS = [
    ["etablir_un_diagnostic_territorial", "collecter_des_donnees_territoriales", "animer_la_gouvernance"],
    ["sensibiliser_les_acteurs_aux_outils_existants", "etablir_un_diagnostic_territorial"],
    ["sensibiliser_les_acteurs_aux_outils_existants", "appuyer_la_certification_qualiopi"],
    ["appuyer_la_certification_qualiopi", "sensibiliser_les_acteurs_aux_outils_existants"],
    ["structurer_une_filiere_de_reconditionnement", "monter_dossiers_de_subvention", "appui_juridique"],
    ["sensibiliser_les_acteurs_aux_outils_existants"],
    ["structurer_un_fonds", "monter_dossiers_de_subvention", "collecter_des_donnees_territoriales"],
    ["co_construire_la_feuille_de_route", "etablir_un_diagnostic_territorial"],
]
FINANCEURS = {
    "Conseil départemental": 6,
    "CAF": 4,
    "Banque des Territoires": 3,
    "EPCI": 5,
    "Région": 2,
    "Conférence des financeurs": 1.5,
    "France Travail": 1,
    "Fonds européens (FSE+)": 1,
    "Communes": 3,
}
"""Co-financers and their relative frequency."""
CONTRATS = ["Crte", "Sdaasap", "Sdin", "Sdun", "Autre"]

PARTICIPANTS = [
    "sous-préfet référent",
    "conseil départemental",
    "représentants des EPCI",
    "coordinateurs France services",
    "conseillers numériques coordinateurs",
    "CAF",
    "France Travail",
    "hub territorial pour un numérique inclusif",
    "associations de médiation numérique",
    "Banque des Territoires",
    "DDETS",
    "conseil régional",
    "CCAS",
    "bibliothèque départementale",
]
CONCLUSIONS_BEFORE = [
    "Le diagnostic territorial est partagé ; les zones blanches de la médiation sont identifiées.",
    "Le périmètre départemental de la gouvernance est confirmé.",
    "Les EPCI non encore inscrits sont invités à remplir le formulaire de candidature.",
    "Les groupes de travail thématiques sont constitués.",
    "Les besoins d'ingénierie pour l'élaboration de la feuille de route sont recensés.",
    "La préfiguration des axes stratégiques est présentée et amendée.",
]
CONCLUSIONS_AFTER = [
    "Point d'étape sur l'avancement des actions : la majorité est engagée.",
    "La cartographie des lieux a progressé ; les référents relancent les structures non inscrites.",
    "Les demandes de subvention au titre de la dotation d'ingénierie sont examinées.",
    "Les indicateurs de suivi sont validés.",
    "Un bilan des formations Aidants Connect est présenté.",
    "Des retards sont constatés sur les actions d'équipement ; un plan de rattrapage est demandé.",
]
DECISIONS_BEFORE = [
    "Valider le calendrier d'élaboration de la feuille de route.",
    "Désigner un référent technique par EPCI.",
    "Lancer une enquête auprès des acteurs de la médiation numérique.",
    "Retenir les axes stratégiques du plan d'actions.",
    "Solliciter le marché d'ingénierie de l'ANCT.",
]
DECISION_OWNERS = [
    "Préfecture",
    "Conseil départemental",
    "Hub régional",
    "Conseillers numériques coordinateurs",
    "Référents des EPCI",
]
DECISIONS_AFTER = [
    "Prioriser les actions d'aller-vers en zone rurale.",
    "Affecter la dotation d'ingénierie aux actions de coordination.",
    "Reporter deux actions à l'année suivante.",
    "Lancer un appel à projets local.",
    "Intégrer de nouveaux partenaires au comité.",
]
