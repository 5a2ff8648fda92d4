"""One territory per rerun: resolved once with its name, région, départements and whether the
viewer's scope narrowed it; geography codes checked for their shape before any SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from data_access.access import DEMO_VIEWER, save_user, viewer_for
from data_access.scope import Territory, is_valid_code
from data_access.selection import resolve_territory

CHARTRES_METROPOLE = "200033181"


@pytest.mark.parametrize(
    ("requested", "name", "region", "departements", "departement"),
    [
        (Territory.national(), "France entière", None, None, None),
        (Territory.region("24"), "Région Centre-Val de Loire", "24", ("28", "45"), None),
        (Territory.departement("28"), "Eure-et-Loir (28)", "24", ("28",), "28"),
        (Territory.epci(CHARTRES_METROPOLE), "CA Chartres Métropole", "24", ("28",), "28"),
    ],
)
def test_a_national_viewer_gets_what_he_asks_for(
    geo_engine: Engine,
    requested: Territory,
    name: str,
    region: str | None,
    departements: tuple[str, ...] | None,
    departement: str | None,
) -> None:
    selected = resolve_territory(geo_engine, DEMO_VIEWER, requested)
    assert (selected.level, selected.code) == (requested.level, requested.code)
    assert (selected.name, selected.region, selected.departements) == (name, region, departements)
    assert selected.departement == departement
    assert not selected.narrowed_by_scope
    expected_scope = Territory.departement(departement) if departement else None
    assert selected.departement_scope == expected_scope


def test_a_referent_asking_beyond_his_departement_gets_his_own_and_is_told(geo_engine: Engine) -> None:
    save_user(geo_engine, "ref28@example.fr", "Référente", "departement", "28")
    viewer = viewer_for(geo_engine, "ref28@example.fr")
    assert viewer is not None
    selected = resolve_territory(geo_engine, viewer, Territory.departement("35"))
    assert selected.narrowed_by_scope
    assert selected.scope == Territory("departement", "28", ("28",))
    assert selected.name == "Eure-et-Loir (28)"
    inside = resolve_territory(geo_engine, viewer, Territory.epci(CHARTRES_METROPOLE))
    assert not inside.narrowed_by_scope
    assert inside.within(Territory.region("24")) == Territory("region", "24", ("28",))


def test_an_epci_referents_departement_view_is_his_epci(geo_engine: Engine) -> None:
    save_user(geo_engine, "epci@example.fr", "Référent EPCI", "epci", CHARTRES_METROPOLE)
    viewer = viewer_for(geo_engine, "epci@example.fr")
    assert viewer is not None
    selected = resolve_territory(geo_engine, viewer, Territory.departement("28"))
    assert selected.narrowed_by_scope
    assert selected.name == "CA Chartres Métropole"
    assert selected.departement == "28"
    assert selected.departement_scope == Territory("epci", CHARTRES_METROPOLE, ("28",))


@pytest.mark.parametrize(
    ("level", "code", "valid"),
    [
        ("region", "24", True),
        ("departement", "2A", True),
        ("departement", "974", True),
        ("departement", "988", True),
        ("region", "COM", True),
        ("epci", CHARTRES_METROPOLE, True),
        ("departement", "\x00", False),
        ("departement", "28\x00", False),
        ("region", "2", False),
        ("departement", "28' OR '1'='1", False),
        ("epci", "20003318", False),
        ("epci", "x" * 10_000, False),
    ],
)
def test_codes_are_checked_for_their_shape(level: str, code: str, valid: bool) -> None:
    assert is_valid_code(level, code) is valid


def test_a_territory_refuses_a_code_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="Code de territoire invalide"):
        Territory.departement("\x00")
