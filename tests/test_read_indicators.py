"""The national frame read model: values, population-share and local targets, projection."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from data_access.indicators import (
    IndicatorPoint,
    indicator_breakdown,
    indicator_per_departement,
    indicator_per_region,
    indicator_summaries,
)
from data_access.models import IndicateurDetail, IndicateurObjectif, IndicateurReleve, LieuxSnapshot
from data_access.projection import project
from data_access.scope import NATIONAL, Territory


def releve(code: str, day: date, value: int, indicator: str = "aidants") -> dict[str, object]:
    return {"indicateur": indicator, "date": day, "code_departement": code, "valeur": value, "source": "test"}


@pytest.fixture
def store(geo_engine):
    with geo_engine.begin() as connection:
        connection.execute(
            insert(IndicateurReleve),
            [
                releve("28", date(2024, 1, 1), 10),
                releve("28", date(2024, 7, 1), 40),
                releve("35", date(2024, 7, 1), 100),
            ],
        )
        connection.execute(
            insert(LieuxSnapshot),
            [{"date": date(2024, 7, 1), "code_departement": "28", "nombre": 7, "source": "test"}],
        )
        connection.execute(
            insert(IndicateurObjectif),
            [
                {
                    "indicateur": "aidants",
                    "code_departement": "35",
                    "objectif_local": 500,
                    "source_local": "FdR",
                }
            ],
        )
        connection.execute(
            insert(IndicateurDetail),
            [
                {"indicateur": "accompagnes", "date": date(2024, 7, 1), "code_departement": "28",
                 "dimension": "age", "categorie": "plus60ans", "valeur": 9},
            ],
        )  # fmt: skip
        connection.execute(insert(IndicateurReleve), [releve("28", date(2024, 7, 1), 30, "accompagnes")])
    return geo_engine


def by_code(engine, territory):
    return {item.definition.code: item for item in indicator_summaries(engine, territory)}


def test_national_sums_latest_values_and_targets_with_local_override(store):
    aidants = by_code(store, NATIONAL)["aidants"]
    # 28: latest 40; 35: 100. France: the national target itself, whatever the local ones
    assert (aidants.valeur, aidants.date_releve) == (140, date(2024, 7, 1))
    assert aidants.objectif == 20_000
    assert aidants.objectifs_locaux == 1
    # Bretagne: 500 set locally by 35 instead of its share, 20 000 × 3/5
    assert by_code(store, Territory.region("53"))["aidants"].objectif == 500
    assert [point.valeur for point in aidants.evolution] == [10, 140]


def test_lieux_come_from_their_snapshots_and_conseillers_have_no_target(store):
    summaries = by_code(store, Territory.departement("28"))
    assert (summaries["lieux"].valeur, summaries["lieux"].objectif) == (7, 5000)
    assert summaries["conseillers"].valeur is None
    assert summaries["conseillers"].objectif is None


def test_epci_level_reads_its_departement(store):
    assert by_code(store, Territory.epci("200033181"))["aidants"].valeur == 40


def test_per_departement_and_per_region(store):
    frame = indicator_per_departement(store, NATIONAL, "aidants").set_index("code")
    assert frame.loc["35", "objectif"] == 500
    assert frame.loc["35", "objectif_derive"] == pytest.approx(12_000)
    assert pd_isna(frame.loc["45", "valeur"])
    regions = indicator_per_region(store, NATIONAL, "aidants").set_index("code")
    assert regions.loc["24", "valeur"] == 40
    assert regions.loc["24", "departements_releves"] == 1
    assert regions.loc["53", "progression"] == pytest.approx(100 / 500)


def pd_isna(value: object) -> bool:
    return value is None or value != value


def test_breakdown_of_the_latest_snapshot(store):
    frame = indicator_breakdown(store, Territory.region("24"))
    assert frame.to_dict("records") == [{"dimension": "age", "categorie": "plus60ans", "valeur": 9}]


def test_projection_pace_year_and_needed_pace():
    points = [IndicatorPoint(date(2024, 1, 1), 1000), IndicatorPoint(date(2025, 1, 1), 2200)]
    projection = project(points, 5000, date(2027, 12, 31))
    assert projection.rythme_mensuel == pytest.approx(1200 / 366 * 365.25 / 12)
    assert projection.annee_atteinte == 2027
    assert projection.rythme_necessaire == pytest.approx(2800 / (1094 / (365.25 / 12)))
    assert not projection.atteint


def test_projection_edge_cases():
    single = [IndicatorPoint(date(2025, 1, 1), 10)]
    assert project(single, 100).rythme_mensuel is None
    flat = [IndicatorPoint(date(2024, 1, 1), 10), IndicatorPoint(date(2025, 1, 1), 10)]
    assert project(flat, 100).annee_atteinte is None
    slow = [IndicatorPoint(date(2024, 1, 1), 10), IndicatorPoint(date(2025, 1, 1), 11)]
    assert project(slow, 10**9).annee_atteinte is None  # beyond 2100
    done = [IndicatorPoint(date(2024, 1, 1), 10), IndicatorPoint(date(2025, 3, 1), 200)]
    reached = project(done, 100)
    assert (reached.atteint, reached.annee_atteinte, reached.rythme_necessaire) == (True, 2025, None)


def test_local_target_set_then_cleared_is_audited(store):
    from sqlalchemy import select

    from data_access.access import DEMO_VIEWER, Viewer
    from data_access.editing import EditRejected
    from data_access.models import Audit
    from data_access.refusals import Refused
    from data_access.target_editing import update_local_target

    update_local_target(store, DEMO_VIEWER, "accompagnes", "28", 90_000, "Feuille de route 2024")
    update_local_target(store, DEMO_VIEWER, "lieux", "28", 200, "COTECH")
    summaries = by_code(store, Territory.departement("28"))
    assert (summaries["accompagnes"].objectif, summaries["accompagnes"].objectifs_locaux) == (90_000, 1)
    assert summaries["lieux"].objectif == 200
    update_local_target(store, DEMO_VIEWER, "accompagnes", "28", None)
    assert by_code(store, Territory.departement("28"))["accompagnes"].objectif == pytest.approx(1_600_000)
    with store.connect() as connection:
        audits = [
            tuple(row)
            for row in connection.execute(select(Audit.objet, Audit.reference, Audit.avant, Audit.apres))
        ]
    assert audits == [
        ("objectif", "accompagnes", None, "90000"),
        ("objectif", "lieux", None, "200"),
        ("objectif", "accompagnes", "90000", None),
    ]
    with pytest.raises(EditRejected):
        update_local_target(store, DEMO_VIEWER, "conseillers", "28", 10)
    with pytest.raises(Refused):
        update_local_target(store, Viewer("r@x.fr", "R", "departement", "35", ("35",)), "aidants", "28", 10)
