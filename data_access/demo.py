"""Deterministic demonstration data for the whole of France, on top of the loaded geography.

The demo store lets the dashboard be shown and tested without real exports: it
replaces every non-geography table in one transaction with plausible, mutually
consistent data (candidatures of the real EPCI, gouvernances at every stage,
roadmaps, envelopes, lieux, snapshots, IFN). Same seed, scale and geography give
the same rows, so tests and screenshots are reproducible; every date comes from
fixed anchors, never from the clock. Eure-et-Loir and Ille-et-Vilaine echo the
source documents (axes, working groups, 42 500 €, 110 → 138 lieux…).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, Engine, Integer, delete, insert, select, text, update

from data_access.models import (
    Action,
    Axe,
    Candidature,
    CandidatureTerritoire,
    Cofinancement,
    Comite,
    ComiteReunion,
    Commune,
    Coporteur,
    DemandeSubvention,
    Departement,
    Enveloppe,
    Epci,
    FeuilleDeRoute,
    Gouvernance,
    IfnCommune,
    IfnEpci,
    ImportLog,
    Lieu,
    LieuxObjectif,
    LieuxSnapshot,
    Region,
    StoreMeta,
)
from data_access.store_info import DEMO_KEY, REFERENCE_DATE_KEY
from data_access.vocabulary import BESOINS, COMITE_TYPES, ENVELOPPE_TYPES, NATIONAL_LABELS

DEFAULT_SEED = 2023
DEMO_TODAY = date(2025, 11, 1)
"""The day the demo data describes ("now" for lateness and freshness): nothing is dated after it."""
DEMO_SOURCE = "Démonstration"
DEMO_FILENAME = "démonstration (générée)"

FORM_OPENING = date(2023, 9, 1)
FORM_LAST_DAY = date(2025, 6, 30)
SNAPSHOT_DATES = [date(2023 + (9 + 3 * i) // 12, (9 + 3 * i) % 12 + 1, 1) for i in range(9)]
"""Quarterly counts from 1 October 2023 to 1 October 2025 (the last one is the current count)."""
LIEUX_IMPORTED_AT = datetime(2025, 10, 1, 9, 12)

FRANCE_POPULATION_MILLIONS = 68.35
LIEUX_PER_MILLION = 420
"""About 30 000 lieux for France at scale 1 (above the 25 000 target, unevenly)."""
COMMUNE_FORMS_PER_MILLION = 32
STRUCTURE_FORMS_PER_MILLION = 42

EURE_ET_LOIR = "28"
ILLE_ET_VILAINE = "35"
EURE_ET_LOIR_SNAPSHOTS = {date(2023, 10, 1): 110, date(2024, 4, 1): 138}
"""« Actuellement 138 lieux sont répertoriés sur le département, contre 110 initialement » (4 avril 2024)."""
EURE_ET_LOIR_LIEUX_TARGET = 200
FIXED_DOTATIONS = {EURE_ET_LOIR: 42_500.0, ILLE_ET_VILAINE: 55_400.0}

STAGES = ["pressentie", "formalisee", "feuille_en_redaction", "feuille_adoptee", "mise_en_oeuvre"]
STAGE_WEIGHTS = [0.05, 0.08, 0.15, 0.22, 0.25, 0.25]
"""Share of départements with no gouvernance (first) then at each stored stage."""


@dataclass(frozen=True)
class DemoCounts:
    """Rows written per table: what the command line reports."""

    candidatures: int = 0
    candidature_territoires: int = 0
    gouvernances: int = 0
    coporteurs: int = 0
    comites: int = 0
    reunions: int = 0
    feuilles_de_route: int = 0
    axes: int = 0
    actions: int = 0
    cofinancements: int = 0
    subventions: int = 0
    enveloppes: int = 0
    lieux: int = 0
    lieux_snapshots: int = 0
    ifn_communes: int = 0
    ifn_epci: int = 0
    import_log: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, item.name) for item in fields(self))

    def __str__(self) -> str:
        lines = [f"  {item.name:<24}{getattr(self, item.name):>8}" for item in fields(self)]
        return "\n".join(["Lignes générées :", *lines, f"  {'total':<24}{self.total:>8}"])


# --- Reference geography, read from the store ----------------------------------------


@dataclass(frozen=True)
class _Departement:
    code: str
    nom: str
    code_region: str
    population: int


@dataclass(frozen=True)
class _Epci:
    code: str
    nom: str
    population: int


@dataclass(frozen=True)
class _Commune:
    code: str
    nom: str
    code_departement: str
    code_epci: str | None
    population: int
    postcode: str | None
    latitude: float | None
    longitude: float | None


@dataclass
class _Geography:
    regions: dict[str, str]
    departements: list[_Departement]
    epci: dict[str, list[_Epci]]
    communes: dict[str, list[_Commune]]
    """Per département, sorted by code; a city split into arrondissements is left out (they count)."""
    all_communes: list[_Commune]


def _read_geography(connection: Connection) -> _Geography:
    regions = dict(connection.execute(select(Region.code, Region.nom).order_by(Region.code)).all())
    departements = [
        _Departement(code, nom, region, population or 0)
        for code, nom, region, population in connection.execute(
            select(
                Departement.code, Departement.nom, Departement.code_region, Departement.population
            ).order_by(Departement.code)
        )
    ]
    epci: dict[str, list[_Epci]] = {dep.code: [] for dep in departements}
    for code, nom, population, departement in connection.execute(
        select(Epci.code, Epci.nom, Epci.population, Epci.code_departement).order_by(Epci.code)
    ):
        epci.setdefault(departement, []).append(_Epci(code, nom, population or 0))
    all_communes = []
    for row in connection.execute(
        select(
            Commune.code_insee,
            Commune.nom,
            Commune.code_departement,
            Commune.code_epci,
            Commune.population,
            Commune.codes_postaux,
            Commune.latitude,
            Commune.longitude,
        ).order_by(Commune.code_insee)
    ):
        postcodes = re.findall(r"\d{5}", row.codes_postaux or "")
        all_communes.append(
            _Commune(
                row.code_insee,
                row.nom,
                row.code_departement,
                row.code_epci or None,
                row.population or 0,
                postcodes[0] if postcodes else None,
                row.latitude,
                row.longitude,
            )
        )
    split_cities = {
        (commune.code_departement, match.group(1))
        for commune in all_communes
        if (match := re.match(r"^(.+?) \d+(?:er|e) Arrondissement$", commune.nom))
    }
    communes: dict[str, list[_Commune]] = {dep.code: [] for dep in departements}
    for commune in all_communes:
        if (commune.code_departement, commune.nom) not in split_cities:
            communes.setdefault(commune.code_departement, []).append(commune)
    return _Geography(regions, departements, epci, communes, all_communes)


# --- French wording ---------------------------------------------------------------------

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


def _slug(text_value: str) -> str:
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


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _email(first: str, last: str, domain: str) -> str:
    return f"{_slug(first).replace('-', '')}.{_slug(last).replace('-', '')}@{domain}"


def _day(start: date, rng: random.Random, span_days: int) -> date:
    return start + timedelta(days=rng.randint(0, max(span_days, 0)))


def _checksum(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


# --- Vocabulary of the generated content ---------------------------------------------------

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

_CN, _FS, _AC = list(NATIONAL_LABELS)


@dataclass(frozen=True)
class _LieuKind:
    weight: float
    pattern: str
    typologie: str | None
    labels: tuple[str, ...]
    conseiller: float
    aidants: float


LIEU_KINDS = [
    _LieuKind(8, "France services {de}", "RFS", (_FS,), 0.6, 0.5),
    _LieuKind(16, "Médiathèque {de}", "BIB|MUNI", (), 0.35, 0.1),
    _LieuKind(12, "Espace numérique {de}", "MUNI", (), 0.5, 0.15),
    _LieuKind(10, "Centre social {de}", "CS|ASSO", (), 0.45, 0.2),
    _LieuKind(14, "Conseiller numérique – Mairie {de}", "MUNI", (_CN,), 0.0, 0.2),
    _LieuKind(6, "CCAS {de}", "CCAS", (), 0.4, 0.35),
    _LieuKind(5, "Association Les Connectés {de}", "ASSO", (), 0.4, 0.1),
    _LieuKind(4, "Familles Rurales {de}", "ASSO", (), 0.3, 0.05),
    _LieuKind(6, "Tiers-lieu numérique {de}", "TIERS_LIEUX|ASSO", (), 0.3, 0.0),
    _LieuKind(4, "Point numérique CAF {de}", "CAF", (), 0.2, 0.2),
    _LieuKind(5, "MJC {de}", "MJC|ASSO", (), 0.3, 0.0),
    _LieuKind(3, "Mission locale {de}", "ML", (), 0.3, 0.1),
    _LieuKind(4, "Cyber-espace {de}", None, (), 0.1, 0.0),
    _LieuKind(3, "Atelier solidaire du numérique {de}", "ASSO|ESS", (), 0.2, 0.0),
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
DECISIONS_AFTER = [
    "Prioriser les actions d'aller-vers en zone rurale.",
    "Affecter la dotation d'ingénierie aux actions de coordination.",
    "Reporter deux actions à l'année suivante.",
    "Lancer un appel à projets local.",
    "Intégrer de nouveaux partenaires au comité.",
]
FREQUENCY_MONTHS = {"mensuelle": 1, "trimestrielle": 3, "semestrielle": 6, "annuelle": 12, "autre": 4}


# --- The generator ------------------------------------------------------------------------


class _Builder:
    """Builds every row in memory (explicit ids, so children need no read-back), then writes them."""

    def __init__(self, geography: _Geography, scale: float, seed: int) -> None:
        self.geo = geography
        self.scale = scale
        self.seed = seed
        self.rows: dict[str, list[dict[str, object]]] = {}
        self.ids: dict[str, int] = {}
        self.sirens: set[str] = set()
        self.stages: dict[str, str | None] = {}
        self.milestones: dict[str, dict[str, date | None]] = {}
        self.coporteurs: dict[str, list[_Epci]] = {}
        self.dotations: dict[str, float] = {}
        self.lieux_counts: dict[str, int] = {}
        self.placements: dict[str, int] = {"coordonnees": 0, "code_insee": 0, "code_postal": 0}

    def rng(self, *parts: object) -> random.Random:
        """An independent stream per section and département: a département's data ignores the others."""
        return random.Random("/".join(map(str, (self.seed, *parts))))

    def add(self, table: str, record: dict[str, object], *, with_id: bool = True) -> int:
        identifier = 0
        if with_id:
            identifier = self.ids.get(table, 0) + 1
            self.ids[table] = identifier
            record = {"id": identifier, **record}
        self.rows.setdefault(table, []).append(record)
        return identifier

    def scaled(self, value: float, minimum: int = 1) -> int:
        return max(minimum, round(value * self.scale))

    def fake_siren(self, rng: random.Random, prefix: str = "") -> str:
        while True:
            digits = 9 - len(prefix)
            siren = prefix + str(rng.randrange(10 ** (digits - 1), 10**digits))
            if siren not in self.sirens:
                self.sirens.add(siren)
                return siren

    # -- sections, in the order where later ones read what earlier ones decided --

    def build(self) -> None:
        for departement in self.geo.departements:
            self.plan_gouvernance(departement)
        for departement in self.geo.departements:
            self.candidatures(departement)
        self.region_candidatures()
        for departement in self.geo.departements:
            self.enveloppes(departement)
            self.gouvernance(departement)
            self.feuilles(departement)
            self.lieux(departement)
        self.ifn()

    # Gouvernance plan (stage, dates, co-porteurs) ------------------------------------------

    def plan_gouvernance(self, dep: _Departement) -> None:
        rng = self.rng("gouvernance-plan", dep.code)
        if dep.code == EURE_ET_LOIR:
            stage: str | None = "feuille_adoptee"
        elif dep.code == ILLE_ET_VILAINE:
            stage = "mise_en_oeuvre"
        else:
            stage = rng.choices([None, *STAGES], weights=STAGE_WEIGHTS)[0]
        self.stages[dep.code] = stage
        if stage is None:
            return
        self.milestones[dep.code] = self.milestone_dates(dep.code, stage, rng)
        epcis = self.geo.epci[dep.code]
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
        self.coporteurs[dep.code] = sorted(chosen, key=lambda epci: epci.code)

    def milestone_dates(self, code: str, stage: str, rng: random.Random) -> dict[str, date | None]:
        """Dates consistent with the stage and ordered; some late against the national milestones."""
        if code == EURE_ET_LOIR:
            return {
                "date_pressentie": date(2023, 10, 12),
                "date_formalisee": date(2023, 12, 19),
                "date_feuille_adoptee": date(2024, 10, 17),
                "date_mise_en_oeuvre": None,
            }
        if code == ILLE_ET_VILAINE:
            return {
                "date_pressentie": date(2023, 10, 5),
                "date_formalisee": date(2023, 12, 14),
                "date_feuille_adoptee": date(2024, 6, 27),
                "date_mise_en_oeuvre": date(2024, 9, 16),
            }
        level = STAGES.index(stage)
        pressentie: date | None = (
            _day(date(2023, 9, 18), rng, 27) if rng.random() < 0.7 else _day(date(2023, 10, 16), rng, 120)
        )
        formalisee = adoptee = mise = None
        if level >= 1:
            on_time = _day(date(2023, 11, 6), rng, 55)
            formalisee = on_time if rng.random() < 0.6 else _day(date(2024, 1, 3), rng, 150)
            formalisee = max(formalisee, pressentie + timedelta(days=21))
        if level >= 3 and formalisee is not None:
            on_time = _day(date(2024, 3, 1), rng, 121)
            adoptee = on_time if rng.random() < 0.45 else _day(date(2024, 7, 1), rng, 270)
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
        }

    # Candidatures ------------------------------------------------------------------------------

    def submission(self, rng: random.Random, early: bool = False) -> tuple[date, date | None]:
        """Most forms created before the 15 October 2023 milestone, a tail until June 2025."""
        draw = rng.random()
        if early:
            created = _day(date(2023, 9, 14), rng, 14)
        elif draw < 0.6:
            created = _day(FORM_OPENING, rng, 44)
        elif draw < 0.82:
            created = _day(date(2023, 10, 16), rng, 76)
        else:
            created = _day(date(2024, 1, 2), rng, (FORM_LAST_DAY - date(2024, 1, 2)).days)
        if rng.random() < 0.08 and not early:
            return created, None
        sent = min(created + timedelta(days=rng.choice([0, 0, 1, 2, 5, 9, 14, 21])), FORM_LAST_DAY)
        return created, sent

    def candidature(
        self,
        rng: random.Random,
        dep: _Departement,
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
        created, sent = self.submission(rng, early)
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
        first, last = _person(rng)
        second_first, second_last = _person(rng)
        domain = f"{_slug(nom)[:30]}.fr"
        number = len(self.rows.get("candidature", [])) + 1
        identifier = self.add(
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
                "contact_technique": _email(second_first, second_last, domain),
            },
        )
        seen: set[tuple[str, str]] = set()
        for kind, code in territoires:
            if (kind, code) not in seen:
                seen.add((kind, code))
                self.add("candidature_territoire", {"candidature_id": identifier, "type": kind, "code": code})

    def candidatures(self, dep: _Departement) -> None:
        rng = self.rng("candidatures", dep.code)
        epcis = self.geo.epci[dep.code]
        communes = self.geo.communes[dep.code]
        departement_name = of_departement(dep.nom)
        self.candidature(
            rng,
            dep,
            persona="conseil-departemental",
            intention="porter"
            if rng.random() < 0.85 or _level(self.stages.get(dep.code)) >= 1
            else "participer",
            nom=f"Conseil départemental {departement_name}",
            siren=self.fake_siren(rng, "22"),
            territoires=[("departement", dep.code)] + [("epci", epci.code) for epci in epcis],
            coporteur=_level(self.stages.get(dep.code)) >= 1,
        )
        coporteurs = {epci.code for epci in self.coporteurs.get(dep.code, [])}
        share = 0.9 if dep.code == ILLE_ET_VILAINE else rng.uniform(0.3, 0.9)
        wanted = min(len(epcis), max(len(coporteurs), self.scaled(share * len(epcis))))
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
            self.candidature(
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
            count = min(len(communes), self.scaled(COMMUNE_FORMS_PER_MILLION * millions))
            keys = sorted(range(len(communes)), key=lambda index: -(rng.random() ** (1 / weights[index])))
            for index in sorted(keys[:count]):
                commune = communes[index]
                label = "Ville" if commune.population >= 20_000 else "Commune"
                territoires = [("commune", commune.code)]
                if commune.code_epci and rng.random() < 0.2:
                    territoires.append(("epci", commune.code_epci))
                self.candidature(
                    rng,
                    dep,
                    persona="commune",
                    intention="porter" if rng.random() < 0.1 else "participer",
                    nom=f"{label} {of_place(commune.nom)}",
                    siren=self.fake_siren(rng, "21"),
                    code_commune=commune.code,
                    territoires=territoires,
                )
            cumulative = list(_cumulative([commune.population + 1 for commune in communes]))
            for _ in range(self.scaled(STRUCTURE_FORMS_PER_MILLION * millions)):
                commune = rng.choices(communes, cum_weights=cumulative)[0]
                pattern = rng.choice(STRUCTURE_PATTERNS)
                nom = pattern.format(de=of_place(commune.nom), dep=departement_name)
                siren = self.fake_siren(rng)
                territoires = [("commune", commune.code)]
                if commune.code_epci and rng.random() < 0.5:
                    territoires.append(("epci", commune.code_epci))
                if rng.random() < 0.3:
                    territoires.append(("commune", rng.choice(communes).code))
                if rng.random() < 0.2:
                    territoires.append(("structure", siren))
                self.candidature(
                    rng,
                    dep,
                    persona="structure",
                    intention="participer",
                    nom=nom,
                    siren=siren,
                    code_commune=commune.code,
                    territoires=territoires,
                )

    def region_candidatures(self) -> None:
        """Some conseils régionaux took part, filed under their most populated département loaded."""
        for code, nom in sorted(self.geo.regions.items()):
            members = [dep for dep in self.geo.departements if dep.code_region == code]
            rng = self.rng("region", code)
            if not members or rng.random() > 0.7:
                continue
            main = sorted(members, key=lambda dep: (-dep.population, dep.code))[0]
            self.candidature(
                rng,
                main,
                persona="conseil-regional",
                intention="participer" if rng.random() < 0.8 else "porter",
                nom=f"Région {nom}",
                siren=self.fake_siren(rng, "23"),
                territoires=[("region", code)] + [("departement", dep.code) for dep in members],
            )

    # Enveloppes ----------------------------------------------------------------------------------

    def enveloppes(self, dep: _Departement) -> None:
        rng = self.rng("enveloppes", dep.code)
        amount = FIXED_DOTATIONS.get(dep.code)
        if amount is None:
            raw = 36_000 + 0.02 * dep.population + rng.gauss(0, 4_000)
            amount = float(min(70_000, max(20_000, round(raw / 100) * 100)))
        self.dotations[dep.code] = amount
        self.add(
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
            self.add(
                "enveloppe",
                {
                    "code_departement": dep.code,
                    "type": "formation_aidants_connect",
                    "libelle": f"Formation Aidants Connect 2024 – {people} aidants et professionnels",
                    "annee": 2024,
                    "montant": montant,
                },
            )
        epcis = self.geo.epci[dep.code]
        if epcis and rng.random() < 0.2:
            epci = rng.choice(epcis)
            rate = rng.choice([0.33, 0.5, 0.8, 1.0])
            self.add(
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

    # Gouvernance rows ------------------------------------------------------------------------------

    def gouvernance(self, dep: _Departement) -> None:
        stage = self.stages.get(dep.code)
        if stage is None:
            return
        rng = self.rng("gouvernance", dep.code)
        dates = self.milestones[dep.code]
        name = of_departement(dep.nom)
        domain = f"{_slug(dep.nom)}.gouv.fr"
        coporteurs = self.coporteurs.get(dep.code, [])
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
            region = self.geo.regions.get(dep.code_region, "")
            perimetre, porteur, porteur_type = "region", f"Région {region}", "conseil-regional"
        if dep.code == EURE_ET_LOIR:
            prefet = ("Claude", "JEAY")
        else:
            first, last = _person(rng)
            prefet = (first, last.upper())
        has_prefet = dep.code in (EURE_ET_LOIR, ILLE_ET_VILAINE) or rng.random() < 0.9
        identifier = self.add(
            "gouvernance",
            {
                "code_departement": dep.code,
                "etape": stage,
                "perimetre": perimetre,
                "porteur_nom": porteur[:250],
                "porteur_type": porteur_type,
                "pas_de_coporteurs": STAGES.index(stage) >= 1 and not coporteurs,
                "sous_prefet_nom": f"{prefet[0]} {prefet[1]}" if has_prefet else None,
                "sous_prefet_email": _email(prefet[0], prefet[1], domain) if has_prefet else None,
                "note_de_contexte": self.context_note(dep, stage, rng),
                **dates,
                "version": 1,
            },
        )
        for epci in coporteurs:
            self.add(
                "coporteur",
                {"gouvernance_id": identifier, "nom": epci.nom, "type": "epci", "siren": epci.code},
            )
        if porteur_type != "conseil-departemental" and STAGES.index(stage) >= 1:
            self.add(
                "coporteur",
                {
                    "gouvernance_id": identifier,
                    "nom": f"Conseil départemental {name}",
                    "type": "conseil-departemental",
                    "siren": None,
                },
            )
        if dep.code == EURE_ET_LOIR:
            self.eure_et_loir_comites(identifier)
        else:
            self.comites(identifier, stage, dates, rng)

    def context_note(self, dep: _Departement, stage: str, rng: random.Random) -> str:
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

    def comites(
        self, gouvernance_id: int, stage: str, dates: dict[str, date | None], rng: random.Random
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
            comite_id = self.add(
                "comite", {"gouvernance_id": gouvernance_id, "type": kind, "nom": nom, "frequence": frequence}
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
                self.add(
                    "comite_reunion",
                    {
                        "comite_id": comite_id,
                        "date": day,
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

    def eure_et_loir_comites(self, gouvernance_id: int) -> None:
        """The COTECH, COPIL and five thematic working groups of the 2024 relevé de conclusions."""
        cotech = self.add(
            "comite",
            {
                "gouvernance_id": gouvernance_id,
                "type": "technique",
                "nom": COMITE_TYPES["technique"],
                "frequence": "autre",
            },
        )
        self.add(
            "comite_reunion",
            {
                "comite_id": cotech,
                "date": date(2024, 4, 4),
                "participants": "Sous-préfet référent Inclusion numérique (président), Conseil départemental "
                "(directeur de projet Inclusion numérique), Syndicat du Pays Dunois, Chartres Métropole "
                "(CM'IN), CA du Pays de Dreux, Préfecture (pôle de l'appui territorial, référente "
                "France services)",
                "conclusions": "Actuellement 138 lieux sont répertoriés sur le département, contre 110 "
                "initialement ; environ 200 lieux seraient à identifier. L'échéance de la feuille de route "
                "est reportée de juin à octobre ; une pré-feuille de route est attendue pour l'été. "
                "Enveloppe de 42 500 € de dotation d'ingénierie et 20 000 € pour former 62 professionnels "
                "à Aidants Connect.",
                "decisions": "Retenir cinq axes stratégiques pour le plan d'actions ; reporter le comité de "
                "pilotage d'avril à juin ; inviter les EPCI non inscrits à remplir le formulaire.",
                "prochaine_date": date(2024, 6, 5),
            },
        )
        self.add(
            "comite_reunion",
            {
                "comite_id": cotech,
                "date": date(2024, 6, 5),
                "participants": "Sous-préfet référent, Conseil départemental, référents techniques des EPCI, "
                "Préfecture",
                "conclusions": "Recensement des actions spécifiques relevant de chacun des cinq axes, "
                "proposées par les EPCI et les acteurs de la médiation numérique.",
                "decisions": "Présenter une préfiguration de la feuille de route au comité de pilotage.",
                "prochaine_date": None,
            },
        )
        copil = self.add(
            "comite",
            {
                "gouvernance_id": gouvernance_id,
                "type": "strategique",
                "nom": COMITE_TYPES["strategique"],
                "frequence": "semestrielle",
            },
        )
        self.add(
            "comite_reunion",
            {
                "comite_id": copil,
                "date": date(2024, 10, 17),
                "participants": "Préfet, Président du Conseil départemental, présidents des EPCI, "
                "sous-préfet référent, CAF, France Travail, ARS",
                "conclusions": "La feuille de route départementale France Numérique Ensemble est présentée.",
                "decisions": "Adopter la feuille de route et ses cinq axes.",
                "prochaine_date": date(2025, 4, 10),
            },
        )
        groups = self.add(
            "comite",
            {
                "gouvernance_id": gouvernance_id,
                "type": "autre",
                "nom": "Groupes de travail thématiques",
                "frequence": "autre",
            },
        )
        sessions = [
            (date(2024, 3, 12), "éducation / jeunesse"),
            (date(2024, 3, 26), "emploi / insertion"),
            (date(2024, 4, 16), "inclusion sociale / précarité"),
            (date(2024, 5, 16), "santé"),
            (date(2024, 5, 23), "autonomie / dépendance"),
        ]
        for index, (day, theme) in enumerate(sessions):
            self.add(
                "comite_reunion",
                {
                    "comite_id": groups,
                    "date": day,
                    "participants": f"Groupe de travail « {theme} » : référents des EPCI, acteurs identifiés "
                    "sur le territoire, Conseil départemental, Préfecture",
                    "conclusions": f"Concertation thématique {theme} : besoins et actions proposées pour le "
                    "diagnostic et le plan d'actions.",
                    "decisions": "Intégrer les contributions dans les supports de la préfiguration.",
                    "prochaine_date": sessions[index + 1][0] if index + 1 < len(sessions) else None,
                },
            )

    # Feuilles de route ---------------------------------------------------------------------------

    def feuilles(self, dep: _Departement) -> None:
        stage = self.stages.get(dep.code)
        if stage is None or STAGES.index(stage) < 2:
            return
        rng = self.rng("feuilles", dep.code)
        dates = self.milestones[dep.code]
        adopted = STAGES.index(stage) >= 3
        name = of_departement(dep.nom)
        epcis = sorted(self.geo.epci[dep.code], key=lambda epci: (-epci.population, epci.code))
        count = 1 + (dep.population > 800_000 and rng.random() < 0.6) + (rng.random() < 0.15)
        if dep.code == EURE_ET_LOIR:
            count = 1
        elif dep.code == ILLE_ET_VILAINE:
            count = 2
        count = min(count, 1 + len(epcis))
        actions: list[dict[str, object]] = []
        actors = [f"Conseil départemental {name}", f"Préfecture {name}", f"CAF {name}", "Hub territorial"]
        actors += [epci.nom for epci in epcis[:5]]
        members: dict[str, list[_Commune]] = {}
        for commune in sorted(self.geo.communes[dep.code], key=lambda commune: -commune.population):
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
            feuille_id = self.add(
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
                    (title, names, AXE_BESOINS[index])
                    for index, (title, names) in enumerate(EURE_ET_LOIR_AXES)
                ]
                sizes = [len(names) for _, names, _ in chosen]
            else:
                indexes = sorted(rng.sample(range(len(AXES)), rng.randint(3, 6)))
                chosen = [(AXES[index][0], AXES[index][1], AXE_BESOINS[index]) for index in indexes]
                total = self.scaled(rng.randint(10, 60) if adopted else rng.randint(5, 20), len(chosen))
                sizes = [1] * len(chosen)
                for _ in range(total - len(chosen)):
                    sizes[rng.randrange(len(chosen))] += 1
            for numero, ((title, names, besoins), size) in enumerate(
                zip(chosen, sizes, strict=True), start=1
            ):
                axe_id = self.add("axe", {"feuille_de_route_id": feuille_id, "numero": numero, "nom": title})
                pool = list(names) if dep.code == EURE_ET_LOIR else rng.sample(names, len(names))
                for index in range(size):
                    action_name = pool[index % len(pool)]
                    if index >= len(pool):
                        action_name = f"{action_name} – {places[(index // len(pool) - 1) % len(places)]}"
                    actions.append(
                        self.action(
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
        self.subventions(dep, stage, actions, rng)
        for action in actions:
            self.add("action", action, with_id=False)

    def action(
        self,
        rng: random.Random,
        dep: _Departement,
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
            start = _day(date(2024, 1, 8), rng, 430)
            end = min(start + timedelta(days=rng.randint(60, 400)), DEMO_TODAY - timedelta(days=10))
        else:
            first = date(2025, 1, 6) if stage == "feuille_en_redaction" else date(2024, 1, 8)
            start = _day(first, rng, (date(2026, 6, 30) - first).days)
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
        identifier = self.ids.get("action", 0) + 1
        self.ids["action"] = identifier
        if budget is not None:
            count = rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]
            keys = {name: rng.random() ** (1 / weight) for name, weight in FINANCEURS.items()}
            for financeur in sorted(
                sorted(keys, key=lambda name: -keys[name])[:count], key=list(FINANCEURS).index
            ):
                montant = max(100.0, float(round(budget * rng.uniform(0.05, 0.3) / 100) * 100))
                self.add(
                    "cofinancement", {"action_id": identifier, "financeur": financeur, "montant": montant}
                )
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

    def subventions(
        self, dep: _Departement, stage: str, actions: list[dict[str, object]], rng: random.Random
    ) -> None:
        """Subsidy requests against the engineering dotation: about 40 % to 105 % of it per département."""
        candidates = [action for action in actions if action["statut"] != "abandonnee"]
        if not candidates:
            return
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(1, 4)))
        chosen.sort(key=lambda action: str(action["reference"]))
        total = self.dotations[dep.code] * rng.uniform(0.4, 1.05)
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
            self.add(
                "demande_subvention",
                {
                    "action_id": action["id"],
                    "statut": rng.choices(["deposee", "enCours", "acceptee", "refusee"], weights=weights)[0],
                    "montant": montant,
                    "date_depot": _day(date(2024, 7, 1), rng, 450),
                },
            )

    # Lieux and snapshots -------------------------------------------------------------------------------

    def lieux(self, dep: _Departement) -> None:
        rng = self.rng("lieux", dep.code)
        communes = [
            commune
            for commune in self.geo.communes[dep.code]
            if commune.latitude is not None and commune.longitude is not None
        ]
        if dep.code == EURE_ET_LOIR:
            count = max(
                round(dep.population / 1e6 * 440 * self.scale), EURE_ET_LOIR_SNAPSHOTS[date(2024, 4, 1)]
            )
        else:
            factor = rng.uniform(0.65, 1.45)
            count = self.scaled(dep.population / 1e6 * LIEUX_PER_MILLION * factor, 4)
        if not communes:
            count = 0
        self.lieux_counts[dep.code] = count
        if count:
            cumulative = list(_cumulative([(commune.population + 1) ** 0.85 for commune in communes]))
            kinds = _cumulative([kind.weight for kind in LIEU_KINDS])
            names: set[tuple[str, str]] = set()
            for number in range(1, count + 1):
                commune = rng.choices(communes, cum_weights=cumulative)[0]
                self.add("lieu", self.lieu(rng, dep, commune, number, kinds, names), with_id=False)
        self.snapshots(dep, count, rng)

    def lieu(
        self,
        rng: random.Random,
        dep: _Departement,
        commune: _Commune,
        number: int,
        kind_weights: list[float],
        names: set[tuple[str, str]],
    ) -> dict[str, object]:
        kind = rng.choices(LIEU_KINDS, cum_weights=kind_weights)[0]
        nom = kind.pattern.format(de=of_place(commune.nom))
        if (commune.code, nom) in names:
            nom = f"{nom} – {rng.choice(SITE_SUFFIXES)} {number}"
        names.add((commune.code, nom))
        labels = set(kind.labels)
        if rng.random() < kind.conseiller:
            labels.add(_CN)
        if rng.random() < kind.aidants:
            labels.add(_AC)
        services = [service for service in LIEU_SERVICES if rng.random() < 0.4] or [LIEU_SERVICES[1]]
        if _FS in labels and LIEU_SERVICES[0] not in services:
            services.insert(0, LIEU_SERVICES[0])
        draw = rng.random()
        latitude, longitude = float(commune.latitude or 0), float(commune.longitude or 0)
        if draw < 0.97:
            placement = "coordonnees"
            distance = 1.8 * math.sqrt(rng.random())  # km, uniform in a disc
            angle = rng.uniform(0, 2 * math.pi)
            latitude = round(latitude + distance * math.sin(angle) / 111.2, 6)
            longitude = round(
                longitude + distance * math.cos(angle) / (111.2 * math.cos(math.radians(latitude))), 6
            )
        else:
            placement = "code_insee" if draw < 0.995 or commune.postcode is None else "code_postal"
        self.placements[placement] += 1
        updated = None
        if rng.random() >= 0.02:
            band = rng.choices([(31, 180), (181, 365), (366, 545), (546, 1000)], weights=[35, 25, 20, 20])[0]
            updated = DEMO_TODAY - timedelta(days=rng.randint(*band))
        return {
            "id": f"demo-{dep.code.lower()}-{number:05d}",
            "pivot": str(rng.randrange(10**13, 10**14)),
            "nom": nom[:300],
            "adresse": f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
            "commune": commune.nom,
            "code_postal": commune.postcode,
            "code_insee": commune.code,
            "code_departement": dep.code,
            "latitude": latitude,
            "longitude": longitude,
            "placement": placement,
            "typologie": kind.typologie,
            "labels_nationaux": "|".join(label for label in NATIONAL_LABELS if label in labels) or None,
            "services": "|".join(services),
            "source": DEMO_SOURCE,
            "date_maj": updated,
        }

    def snapshots(self, dep: _Departement, count: int, rng: random.Random) -> None:
        """Quarterly counts growing to the current one (the last snapshot equals the lieux rows)."""
        fixed = dict(EURE_ET_LOIR_SNAPSHOTS) if dep.code == EURE_ET_LOIR else {}
        fixed[SNAPSHOT_DATES[-1]] = count
        if SNAPSHOT_DATES[0] not in fixed:
            fixed[SNAPSHOT_DATES[0]] = round(count * rng.uniform(0.55, 0.75))
        anchors = sorted(fixed.items())
        values: dict[date, int] = {}
        for (start_day, start_value), (end_day, end_value) in itertools.pairwise(anchors):
            steps = [day for day in SNAPSHOT_DATES if start_day <= day <= end_day]
            increments = [rng.uniform(0.5, 1.5) for _ in steps[1:]]
            total = sum(increments) or 1
            running = 0.0
            values[start_day] = start_value
            for day, increment in zip(steps[1:], increments, strict=True):
                running += increment
                values[day] = start_value + round((end_value - start_value) * running / total)
        for day in SNAPSHOT_DATES:
            self.add(
                "lieux_snapshot",
                {"date": day, "code_departement": dep.code, "nombre": values[day], "source": DEMO_SOURCE},
            )

    # Indice de fragilité numérique ----------------------------------------------------------------------

    def ifn(self) -> None:
        """Five sub-scores per commune (rural and older communes more fragile), total = their mean;
        EPCI = population-weighted mean of their communes."""
        offsets: dict[str, list[float]] = {}
        for dep in self.geo.departements:
            rng = self.rng("ifn-departement", dep.code)
            overseas = len(dep.code) == 3
            offsets[dep.code] = [
                rng.gauss(0, 1.5) + (1.5 if overseas else 0),
                rng.gauss(0, 1.0),
                rng.gauss(0, 1.2) + (3.5 if overseas else 0),
                rng.gauss(0, 1.0) - (2.5 if overseas else 0),
                rng.gauss(0, 1.0) + (2.0 if overseas else 0),
            ]
        counted = {commune.code for communes in self.geo.communes.values() for commune in communes}
        sums: dict[str, list[float]] = {}
        streams: dict[str, random.Random] = {}
        for commune in self.geo.all_communes:
            if commune.code_departement not in streams:
                streams[commune.code_departement] = self.rng("ifn", commune.code_departement)
            rng = streams[commune.code_departement]
            urban = min(1.0, max(0.0, (math.log10(commune.population + 1) - 2.3) / 2.5))
            offset = offsets.get(commune.code_departement, [0.0] * 5)
            raw = [
                8.0 - 7.0 * urban + offset[0] + rng.gauss(0, 1.5),
                7.5 - 3.0 * urban + offset[1] + rng.gauss(0, 1.2),
                4.2 + 2.0 * urban + offset[2] + rng.gauss(0, 1.8),
                7.0 - 4.0 * urban + offset[3] + rng.gauss(0, 1.8),
                6.2 - 1.0 * urban + offset[4] + rng.gauss(0, 1.8),
            ]
            scores = [round(min(10.0, max(0.0, value)), 1) for value in raw]
            total = round(sum(scores) / len(scores), 2)
            self.add("ifn_commune", {"code_insee": commune.code, **_scores(scores, total)}, with_id=False)
            if commune.code_epci and commune.code in counted:
                weight = float(max(commune.population, 1))
                accumulated = sums.setdefault(commune.code_epci, [0.0] * 7)
                for index, value in enumerate([*scores, total]):
                    accumulated[index] += weight * value
                accumulated[6] += weight
        for code in sorted(sums):
            accumulated = sums[code]
            means = [round(value / accumulated[6], 2) for value in accumulated[:6]]
            self.add("ifn_epci", {"code_epci": code, **_scores(means[:5], means[5])}, with_id=False)

    # Bookkeeping ----------------------------------------------------------------------------------------

    def bookkeeping(self) -> None:
        """One import log row per source, dated in 2024-2025, so that the freshness panel has content."""

        def count(table: str) -> int:
            return len(self.rows.get(table, []))

        lieux_by_dep = {code: number for code, number in sorted(self.lieux_counts.items()) if number}
        entries = [
            (
                "lieux",
                LIEUX_IMPORTED_AT,
                count("lieu"),
                {**self.placements, "hors_departements": 0, "unplaced": 0, "departements": lieux_by_dep},
            ),
            (
                "ifn",
                datetime(2024, 2, 12, 14, 3),
                count("ifn_commune") + count("ifn_epci"),
                {"communes": count("ifn_commune"), "epci": count("ifn_epci")},
            ),
            ("dotations", datetime(2024, 6, 20, 10, 30), count("enveloppe"), {}),
            (
                "gouvernances",
                datetime(2025, 9, 15, 16, 45),
                count("gouvernance"),
                {"coporteurs": count("coporteur"), "comites": count("comite")},
            ),
            (
                "candidatures",
                datetime(2025, 7, 1, 8, 5),
                count("candidature"),
                {"territoires": count("candidature_territoire")},
            ),
            (
                "feuilles-de-route",
                datetime(2025, 10, 6, 11, 20),
                count("action"),
                {
                    "feuilles": count("feuille_de_route"),
                    "axes": count("axe"),
                    "actions": count("action"),
                    "cofinancements": count("cofinancement"),
                    "subventions": count("demande_subvention"),
                },
            ),
        ]
        for kind, imported_at, rows, counts in entries:
            details = {"inserted": rows, "updated": 0, "skipped": 0, "warnings": 0, **counts, "demo": True}
            self.add(
                "import_log",
                {
                    "kind": kind,
                    "filename": DEMO_FILENAME,
                    "checksum": _checksum("demo", self.seed, self.scale, kind),
                    "rows": rows,
                    "imported_at": imported_at,
                    "details": json.dumps(details, ensure_ascii=False),
                },
            )
        self.add("store_meta", {"key": DEMO_KEY, "value": "true"}, with_id=False)
        self.add("store_meta", {"key": REFERENCE_DATE_KEY, "value": DEMO_TODAY.isoformat()}, with_id=False)

    def counts(self) -> DemoCounts:
        def count(table: str) -> int:
            return len(self.rows.get(table, []))

        return DemoCounts(
            candidatures=count("candidature"),
            candidature_territoires=count("candidature_territoire"),
            gouvernances=count("gouvernance"),
            coporteurs=count("coporteur"),
            comites=count("comite"),
            reunions=count("comite_reunion"),
            feuilles_de_route=count("feuille_de_route"),
            axes=count("axe"),
            actions=count("action"),
            cofinancements=count("cofinancement"),
            subventions=count("demande_subvention"),
            enveloppes=count("enveloppe"),
            lieux=count("lieu"),
            lieux_snapshots=count("lieux_snapshot"),
            ifn_communes=count("ifn_commune"),
            ifn_epci=count("ifn_epci"),
            import_log=count("import_log"),
        )


def _level(stage: str | None) -> int:
    """Rank of a stored stage (-1 for no gouvernance)."""
    return -1 if stage is None else STAGES.index(stage)


def _scores(values: list[float], total: float) -> dict[str, float]:
    names = ("no_thd_coverage_rate", "no_4g_coverage_rate", "poverty_rate", "older_65_rate", "nscol15p_rate")
    return {**dict(zip(names, values, strict=True)), "total": total}


def _cumulative(weights: list[float]) -> list[float]:
    running = 0.0
    result = []
    for weight in weights:
        running += weight
        result.append(running)
    return result


# --- Writing ---------------------------------------------------------------------------------------

REPLACED = [
    ComiteReunion,
    Comite,
    Coporteur,
    Gouvernance,
    Cofinancement,
    DemandeSubvention,
    Action,
    Axe,
    FeuilleDeRoute,
    CandidatureTerritoire,
    Candidature,
    Enveloppe,
    Lieu,
    LieuxSnapshot,
    IfnCommune,
    IfnEpci,
    ImportLog,
    StoreMeta,
]
"""Every non-geography table, children first (the order of deletion; insertion is the reverse)."""


def _write(connection: Connection, rows: dict[str, list[dict[str, object]]]) -> None:
    for model in REPLACED:
        connection.execute(delete(model))
    connection.execute(update(LieuxObjectif).values(objectif_local=None, source_local=None))
    for model in reversed(REPLACED):
        records = rows.get(model.__tablename__, [])
        if records:
            connection.execute(insert(model), records)
    if EURE_ET_LOIR in {record["code_departement"] for record in rows.get("lieux_snapshot", [])}:
        connection.execute(
            update(LieuxObjectif)
            .where(LieuxObjectif.code_departement == EURE_ET_LOIR)
            .values(
                objectif_local=EURE_ET_LOIR_LIEUX_TARGET,
                source_local="Feuille de route d'Eure-et-Loir : relevé de conclusions du comité technique "
                "du 4 avril 2024 (environ 200 lieux à identifier)",
            )
        )
    if connection.dialect.name == "postgresql":
        # explicit ids leave the serial sequences behind: put them after the rows written
        for model in REPLACED:
            if "id" in model.__table__.c and isinstance(model.__table__.c.id.type, Integer):
                table = model.__tablename__
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )
                )


def generate_demo(engine: Engine, *, scale: float = 1.0, seed: int | None = None) -> DemoCounts:
    """Replace every non-geography table with demonstration data, in one transaction.

    ``scale`` multiplies the volumes (1 ≈ 30 000 lieux and 20 000 candidature rows for France);
    the reference geography must be loaded first, any subset of départements will do.
    """
    if not scale > 0:
        raise ValueError("l'échelle doit être strictement positive")
    seed = DEFAULT_SEED if seed is None else seed
    with engine.begin() as connection:
        geography = _read_geography(connection)
        if not geography.departements:
            raise ValueError(
                "La géographie de référence n'est pas chargée : "
                "lancer d'abord « python -m data_access geography »."
            )
        builder = _Builder(geography, scale, seed)
        builder.build()
        builder.bookkeeping()
        _write(connection, builder.rows)
    return builder.counts()
