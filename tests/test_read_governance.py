"""Governance read functions on SMALL_GEOGRAPHY, with hand-checked figures on both backends.

The store: Eure-et-Loir (28) has an adopted roadmap, three co-porteurs, two comités
and three meetings; Ille-et-Vilaine (35) is formalised with no co-porteur; Loiret (45)
has no governance at all.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from data_access import governance
from data_access.models import Comite, ComiteReunion, Coporteur, FeuilleDeRoute, Gouvernance
from data_access.scope import Territory
from tests.builders import add

NATIONAL = Territory.national()
CENTRE = Territory.region("24")
EURE_ET_LOIR = Territory.departement("28")
CHATEAUDUN = Territory.epci("200069953")
RENNES = Territory.epci("243500139")


def governance_row(**values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "perimetre": None,
        "porteur_nom": None,
        "porteur_type": None,
        "pas_de_coporteurs": False,
        "sous_prefet_nom": None,
        "sous_prefet_email": None,
        "note_de_contexte": None,
        "date_pressentie": None,
        "date_formalisee": None,
        "date_feuille_adoptee": None,
        "date_mise_en_oeuvre": None,
    }
    return row | values


@pytest.fixture
def store(geo_engine: Engine) -> Engine:
    add(
        geo_engine,
        Gouvernance,
        governance_row(
            id=1,
            code_departement="28",
            etape="feuille_adoptee",
            perimetre="departement",
            porteur_nom="Conseil départemental d'Eure-et-Loir",
            porteur_type="departement",
            sous_prefet_nom="Mme Claire Martin",
            sous_prefet_email="claire.martin@eure-et-loir.gouv.fr",
            note_de_contexte="Gouvernance co-portée par l'État et le Département ; cinq axes.",
            date_pressentie=date(2023, 10, 12),
            date_formalisee=date(2024, 1, 10),
            date_feuille_adoptee=date(2024, 6, 28),
        ),
        governance_row(
            id=2,
            code_departement="35",
            etape="formalisee",
            perimetre="epci",
            porteur_nom="Rennes Métropole",
            pas_de_coporteurs=True,
            date_pressentie=date(2023, 10, 20),
            date_formalisee=date(2023, 12, 20),
        ),
    )
    add(
        geo_engine,
        Coporteur,
        {"gouvernance_id": 1, "nom": "Préfecture d'Eure-et-Loir"},
        {"gouvernance_id": 1, "nom": "CA Chartres Métropole"},
        {"gouvernance_id": 1, "nom": "CC du Grand Châteaudun"},
    )
    add(
        geo_engine,
        Comite,
        {"id": 1, "gouvernance_id": 1, "type": "technique", "nom": None, "frequence": "mensuelle"},
        {
            "id": 2,
            "gouvernance_id": 1,
            "type": "strategique",
            "nom": "COPIL FNE 28",
            "frequence": "trimestrielle",
        },
    )
    add(
        geo_engine,
        ComiteReunion,
        {"comite_id": 2, "date": date(2024, 2, 1), "conclusions": "Cinq axes retenus.", "decisions": None},
        {
            "comite_id": 2,
            "date": date(2024, 5, 14),
            "conclusions": "Feuille de route validée.",
            "decisions": "Signature",
        },
        {"comite_id": 1, "date": date(2024, 4, 3), "conclusions": None, "decisions": None},
    )
    add(
        geo_engine,
        FeuilleDeRoute,
        {
            "reference": "FDR-28-1",
            "code_departement": "28",
            "nom": "Feuille de route 28",
            "date_adoption": date(2024, 6, 28),
        },
        {
            "reference": "FDR-28-2",
            "code_departement": "28",
            "nom": "Volet reconditionnement",
            "date_adoption": None,
        },
    )
    return geo_engine


# --- stage_per_departement ------------------------------------------------------------


def test_stage_per_departement_lists_every_departement_with_its_governance(store: Engine) -> None:
    frame = governance.stage_per_departement(store, NATIONAL)
    assert list(frame["code"]) == ["28", "35", "45"]
    assert list(frame["etape"]) == ["feuille_adoptee", "formalisee", "aucune"]
    assert list(frame["etape_libelle"]) == ["Feuille de route adoptée", "Formalisée", "Aucune gouvernance"]
    assert list(frame["perimetre_libelle"].fillna("-")) == ["Département", "EPCI", "-"]
    assert list(frame["coporteurs"]) == [
        "CA Chartres Métropole, CC du Grand Châteaudun, Préfecture d'Eure-et-Loir",
        "",
        "",
    ]
    assert list(frame["nb_coporteurs"]) == [3, 0, 0]
    assert list(frame["nb_comites"]) == [2, 0, 0]
    assert list(frame["nb_feuilles_de_route"]) == [2, 0, 0]
    assert frame["derniere_reunion"].iloc[0] == date(2024, 5, 14)
    assert frame["derniere_reunion"].iloc[1:].isna().all()
    assert frame["sous_prefet_nom"].iloc[0] == "Mme Claire Martin"


@pytest.mark.parametrize(
    ("territory", "codes"),
    [(CENTRE, ["28", "45"]), (EURE_ET_LOIR, ["28"]), (CHATEAUDUN, ["28"]), (RENNES, ["35"])],
)
def test_stage_per_departement_keeps_the_departements_of_the_scope(
    store: Engine, territory: Territory, codes: list[str]
) -> None:
    assert list(governance.stage_per_departement(store, territory)["code"]) == codes


def test_stage_per_departement_without_geography_is_empty(engine: Engine) -> None:
    frame = governance.stage_per_departement(engine, NATIONAL)
    assert frame.empty
    assert "etape_libelle" in frame.columns


# --- stage_counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("territory", "counts"),
    [
        (NATIONAL, [1, 0, 1, 0, 1, 0]),
        (CENTRE, [1, 0, 0, 0, 1, 0]),
        (EURE_ET_LOIR, [0, 0, 0, 0, 1, 0]),
        (RENNES, [0, 0, 1, 0, 0, 0]),
    ],
)
def test_stage_counts_keep_every_stage_in_order(
    store: Engine, territory: Territory, counts: list[int]
) -> None:
    frame = governance.stage_counts(store, territory)
    assert list(frame["etape"]) == [
        "aucune",
        "pressentie",
        "formalisee",
        "feuille_en_redaction",
        "feuille_adoptee",
        "mise_en_oeuvre",
    ]
    assert frame["etape_libelle"].iloc[5] == "Mise en œuvre"
    assert list(frame["departements"]) == counts


# --- milestone_lateness ---------------------------------------------------------------


def statuses(frame: object) -> dict[tuple[str, str], str]:
    return {(row.code, row.jalon): row.statut for row in frame.itertuples()}


def test_milestone_lateness_in_march_2024(store: Engine) -> None:
    frame = governance.milestone_lateness(store, NATIONAL, today=date(2024, 3, 1))
    assert len(frame) == 15
    assert statuses(frame) == {
        ("28", "intentions_declarees"): "manquant",
        ("28", "gouvernance_pressentie"): "a_temps",
        ("28", "gouvernance_formalisee"): "en_retard",
        ("28", "pre_feuille"): "a_venir",
        ("28", "feuille_adoptee"): "a_temps",
        ("35", "intentions_declarees"): "manquant",
        ("35", "gouvernance_pressentie"): "en_retard",
        ("35", "gouvernance_formalisee"): "a_temps",
        ("35", "pre_feuille"): "a_venir",
        ("35", "feuille_adoptee"): "a_venir",
        ("45", "intentions_declarees"): "manquant",
        ("45", "gouvernance_pressentie"): "manquant",
        ("45", "gouvernance_formalisee"): "manquant",
        ("45", "pre_feuille"): "a_venir",
        ("45", "feuille_adoptee"): "a_venir",
    }
    first = frame.iloc[1]
    assert (first["libelle"], first["echeance"], first["date_atteinte"]) == (
        "Gouvernance pressentie remontée",
        date(2023, 10, 15),
        date(2023, 10, 12),
    )
    assert first["statut_libelle"] == "À temps"
    assert list(frame["jalon"][:5]) == [
        "intentions_declarees",
        "gouvernance_pressentie",
        "gouvernance_formalisee",
        "pre_feuille",
        "feuille_adoptee",
    ]


def test_a_milestone_is_missing_only_after_its_deadline(store: Engine) -> None:
    on_deadline = statuses(governance.milestone_lateness(store, RENNES, today=date(2024, 6, 30)))
    after = statuses(governance.milestone_lateness(store, RENNES, today=date(2024, 7, 1)))
    assert on_deadline[("35", "feuille_adoptee")] == "a_venir"
    assert after[("35", "feuille_adoptee")] == "manquant"


@pytest.mark.parametrize(("territory", "rows"), [(CENTRE, 10), (EURE_ET_LOIR, 5), (CHATEAUDUN, 5)])
def test_milestone_lateness_follows_the_scope(store: Engine, territory: Territory, rows: int) -> None:
    frame = governance.milestone_lateness(store, territory, today=date(2024, 7, 1))
    assert len(frame) == rows
    assert set(frame["code"]) <= {"28", "45"}


def test_lateness_counts_in_region_centre(store: Engine) -> None:
    frame = governance.lateness_counts(store, CENTRE, today=date(2024, 7, 1))
    assert [tuple(row) for row in frame[["jalon", "statut", "departements"]].itertuples(index=False)] == [
        ("intentions_declarees", "manquant", 2),
        ("gouvernance_pressentie", "a_temps", 1),
        ("gouvernance_pressentie", "manquant", 1),
        ("gouvernance_formalisee", "en_retard", 1),
        ("gouvernance_formalisee", "manquant", 1),
        ("pre_feuille", "a_venir", 2),
        ("feuille_adoptee", "a_temps", 1),
        ("feuille_adoptee", "manquant", 1),
    ]
    assert frame["statut_libelle"].iloc[2] == "Manquant"


# --- departement_detail --------------------------------------------------------------


def test_departement_detail_of_eure_et_loir(store: Engine) -> None:
    detail = governance.departement_detail(store, Territory.departement("28"))
    assert detail is not None
    assert detail.has_governance
    assert (detail.nom, detail.etape_libelle, detail.perimetre_libelle) == (
        "Eure-et-Loir",
        "Feuille de route adoptée",
        "Département",
    )
    assert detail.note_de_contexte.startswith("Gouvernance co-portée")
    assert detail.dates["date_formalisee"] == date(2024, 1, 10)
    assert list(detail.coporteurs["nom"]) == [
        "CA Chartres Métropole",
        "CC du Grand Châteaudun",
        "Préfecture d'Eure-et-Loir",
    ]
    comites = detail.comites
    assert list(comites["nom"]) == ["COPIL FNE 28", "Technique (COTECH)"]
    assert list(comites["frequence_libelle"]) == ["Trimestrielle", "Mensuelle"]
    assert list(comites["nb_reunions"]) == [2, 1]
    assert list(comites["derniere_reunion"]) == [date(2024, 5, 14), date(2024, 4, 3)]
    reunions = detail.reunions
    assert list(reunions["date"]) == [date(2024, 5, 14), date(2024, 4, 3), date(2024, 2, 1)]
    assert list(reunions["comite"]) == ["COPIL FNE 28", "Technique (COTECH)", "COPIL FNE 28"]
    assert reunions["decisions"].iloc[0] == "Signature"
    assert list(detail.feuilles_de_route["nom"]) == ["Feuille de route 28", "Volet reconditionnement"]


def test_departement_detail_without_governance(store: Engine) -> None:
    detail = governance.departement_detail(store, Territory.departement("45"))
    assert detail is not None
    assert not detail.has_governance
    assert detail.etape_libelle == "Aucune gouvernance"
    assert detail.coporteurs.empty and detail.comites.empty and detail.reunions.empty


def test_departement_detail_keeps_the_declared_absence_of_coporteurs(store: Engine) -> None:
    detail = governance.departement_detail(store, Territory.departement("35"))
    assert detail.pas_de_coporteurs
    assert detail.coporteurs.empty


def test_departement_detail_of_an_unknown_departement(store: Engine) -> None:
    assert governance.departement_detail(store, Territory.departement("99")) is None


# --- governance_summary --------------------------------------------------------------


def test_governance_summary_national(store: Engine) -> None:
    summary = governance.governance_summary(store, NATIONAL)
    assert summary.departements == 3
    assert summary.etape is None and summary.etape_libelle is None
    assert summary.par_etape == {
        "aucune": 1,
        "pressentie": 0,
        "formalisee": 1,
        "feuille_en_redaction": 0,
        "feuille_adoptee": 1,
        "mise_en_oeuvre": 0,
    }
    assert summary.formalisees == 2
    assert summary.part_formalisees == pytest.approx(2 / 3)
    assert summary.feuilles_adoptees == 1


def test_governance_summary_region(store: Engine) -> None:
    summary = governance.governance_summary(store, CENTRE)
    assert (summary.departements, summary.formalisees, summary.part_formalisees) == (2, 1, 0.5)


@pytest.mark.parametrize(
    ("territory", "etape", "libelle"),
    [
        (EURE_ET_LOIR, "feuille_adoptee", "Feuille de route adoptée"),
        (RENNES, "formalisee", "Formalisée"),
        (Territory.departement("45"), "aucune", "Aucune gouvernance"),
    ],
)
def test_governance_summary_names_the_stage_of_a_departement(
    store: Engine, territory: Territory, etape: str, libelle: str
) -> None:
    summary = governance.governance_summary(store, territory)
    assert (summary.departements, summary.etape, summary.etape_libelle) == (1, etape, libelle)


def test_governance_summary_of_an_empty_store(engine: Engine) -> None:
    summary = governance.governance_summary(engine, NATIONAL)
    assert summary.departements == 0
    assert summary.part_formalisees is None
