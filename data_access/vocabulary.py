"""Codes of the domain and their French labels.

Codes follow the State's FNE platforms; labels are what the pages show. They
live here, beside the data, so that importers, the demo generator and the pages
agree on one list.
"""

from __future__ import annotations

from datetime import date

GOVERNANCE_STAGES: dict[str, str] = {
    "aucune": "Aucune gouvernance",
    "pressentie": "Pressentie",
    "formalisee": "Formalisée",
    "feuille_en_redaction": "Feuille de route en rédaction",
    "feuille_adoptee": "Feuille de route adoptée",
    "mise_en_oeuvre": "Mise en œuvre",
}
"""Ordered from nothing to implementation; ``aucune`` is never stored."""

PERIMETRES_GOUVERNANCE: dict[str, str] = {
    "epci": "EPCI",
    "departement": "Département",
    "region": "Région",
    "autre": "Autre",
}

PERSONAS: dict[str, str] = {
    "conseil-regional": "Conseil régional",
    "conseil-departemental": "Conseil départemental",
    "epci": "EPCI",
    "commune": "Commune",
    "structure": "Structure",
}

INTENTIONS: dict[str, str] = {"porter": "Porter", "participer": "Participer"}

CANDIDATURE_STATUSES: dict[str, str] = {
    "candidat": "Candidat",
    "confirme": "Confirmé",
    "coporteur": "Co-porteur",
    "annule": "Annulé",
}

COMITE_TYPES: dict[str, str] = {
    "strategique": "Stratégique (COPIL)",
    "technique": "Technique (COTECH)",
    "groupe_travail": "Groupe de travail",
    "bilaterale": "Réunion bilatérale",
    "consultatif": "Consultatif",
    "autre": "Autre",
}
"""Kinds of body; each working group and each bilateral partner is its own named body of its kind."""

NAMED_BODY_TYPES = ("groupe_travail", "bilaterale", "consultatif", "autre")
"""Kinds of which a governance may hold several bodies, told apart by their name."""

DECISION_STATUSES: dict[str, str] = {
    "a_faire": "À faire",
    "en_cours": "En cours",
    "faite": "Faite",
    "abandonnee": "Abandonnée",
}
"""Follow-up of a meeting's decision; « en retard » is not stored, it is read against the due date."""

DECISION_FOLLOW_UP: dict[str, str] = {
    "faite": "Faite",
    "en_cours": "En cours",
    "a_faire": "À faire",
    "en_retard": "En retard",
    "abandonnee": "Abandonnée",
}
"""What became of a decision at the reference date, in the order a COPIL reviews them."""

COMITE_FREQUENCES: dict[str, str] = {
    "mensuelle": "Mensuelle",
    "trimestrielle": "Trimestrielle",
    "semestrielle": "Semestrielle",
    "annuelle": "Annuelle",
    "autre": "Autre",
}

ACTION_STATUSES: dict[str, str] = {
    "a_lancer": "À lancer",
    "en_cours": "En cours",
    "terminee": "Terminée",
    "abandonnee": "Abandonnée",
}

SUBVENTION_STATUSES: dict[str, str] = {
    "deposee": "Déposée",
    "enCours": "En cours d'instruction",
    "acceptee": "Acceptée",
    "refusee": "Refusée",
}

BESOINS: dict[str, str] = {
    "etablir_un_diagnostic_territorial": "Établir un diagnostic territorial",
    "co_construire_la_feuille_de_route": "Co-construire la feuille de route",
    "rediger_la_feuille_de_route": "Rédiger la feuille de route",
    "appui_juridique": "Appui juridique",
    "structurer_un_fonds": "Structurer un fonds",
    "monter_dossiers_de_subvention": "Monter des dossiers de subvention",
    "animer_la_gouvernance": "Animer la gouvernance",
    "structurer_une_filiere_de_reconditionnement": "Structurer une filière de reconditionnement",
    "collecter_des_donnees_territoriales": "Collecter des données territoriales",
    "sensibiliser_les_acteurs_aux_outils_existants": "Sensibiliser les acteurs aux outils existants",
    "appuyer_la_certification_qualiopi": "Appuyer la certification Qualiopi",
}

ENVELOPPE_TYPES: dict[str, str] = {
    "dotation_ingenierie": "Dotation d'ingénierie FNE",
    "formation_aidants_connect": "Formation Aidants Connect",
    "marche_ingenierie": "Marché d'ingénierie ANCT",
    "subvention_coordinateur": "Subvention conseiller numérique coordinateur",
    "autre": "Autre financement",
}

COVERAGE_RATES = (33, 50, 80, 100)
"""Share of the ANCT engineering contract the State pays, in percent (relevé de conclusions, 2024)."""

CONVENTION_STATUSES: dict[str, str] = {
    "en_preparation": "En préparation",
    "signee": "Signée",
    "soldee": "Soldée",
    "annulee": "Annulée",
}

NATIONAL_LABELS: dict[str, str] = {
    "Conseillers numériques": "Conseillers numériques",
    "France Services": "France services",
    "Aidants Connect": "Aidants Connect",
}
"""Label value in ``dispositif_programmes_nationaux`` → label shown."""

FRESHNESS_BANDS: dict[str, str] = {
    "a_jour": "À jour (< 6 mois)",
    "a_surveiller": "À surveiller (6 à 12 mois)",
    "a_verifier": "À vérifier (12 à 18 mois)",
    "a_rafraichir": "À rafraîchir (> 18 mois)",
    "inconnue": "Date inconnue",
}

NATIONAL_LIEUX_TARGET = 25_000

MILESTONES: dict[str, tuple[str, date | None, str]] = {
    "intentions_declarees": (
        "Intentions des collectivités déclarées",
        date(2023, 9, 30),
        "date_intention",
    ),
    "gouvernance_pressentie": (
        "Gouvernance pressentie remontée",
        date(2023, 10, 15),
        "date_pressentie",
    ),
    "gouvernance_formalisee": (
        "Périmètre et acteurs formalisés",
        date(2023, 12, 31),
        "date_formalisee",
    ),
    "pre_feuille": (
        "Pré-feuille de route présentée",
        None,
        "date_pre_feuille",
    ),
    "feuille_adoptee": (
        "Feuille de route adoptée",
        date(2024, 6, 30),
        "date_feuille_adoptee",
    ),
}
"""Milestones in order: key → (label, national deadline, date column reached).

``date_intention`` is not stored: it is the first form a collectivité sent (circular of 28 July
2023, letters of the préfets: « avant le 30 septembre »). The « pré-feuille de route » has no
national deadline; a département that sets itself one records it as a local date."""
