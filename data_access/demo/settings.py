"""The fixed anchors of the demo: its « today », dates, volumes and the echoes of the source documents.

Every date of the demo derives from these constants, never from the clock, so that the same seed
gives the same rows on any day.
"""

from __future__ import annotations

from datetime import date, datetime

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
EURE_ET_LOIR_AIDANTS = 62
"""« 20 000 € de crédits de formation Aidants Connect, 62 professionnels » (Eure-et-Loir)."""
INDICATORS_PER_MILLION: dict[str, float] = {
    "accompagnes": 34_000,
    "equipements": 11_000,
    "aidants": 260,
    "conseillers": 60,
}
"""Latest demo value per million inhabitants, near the open files' (equipements: no file, a guess)."""
FIXED_DOTATIONS = {EURE_ET_LOIR: 42_500.0, ILLE_ET_VILAINE: 55_400.0}

STAGES = ["pressentie", "formalisee", "feuille_en_redaction", "feuille_adoptee", "mise_en_oeuvre"]
STAGE_WEIGHTS = [0.05, 0.08, 0.15, 0.22, 0.25, 0.25]
