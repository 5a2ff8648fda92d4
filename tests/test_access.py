"""Roles and territory: what a viewer may reach, bounded in SQL whatever is asked for."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from data_access import lieux
from data_access.access import AccessDenied, Viewer, require_editor, save_user, scoped_territory, viewer_for
from data_access.models import Lieu
from data_access.scope import Territory
from tests.builders import add


@pytest.fixture
def people(geo_engine: Engine) -> Engine:
    save_user(geo_engine, "Chef@Anct.gouv.fr", "Cheffe nationale", "national", None)
    save_user(geo_engine, "hub@centre.fr", "Hub Centre", "regional", "24")
    save_user(geo_engine, "ref28@eure-et-loir.gouv.fr", "Référent 28", "departement", "28")
    save_user(geo_engine, "ref-epci@chartres.fr", "Référent Chartres", "epci", "200033181")
    lieu = {"placement": "coordonnees", "latitude": 48.4, "longitude": 1.5}
    add(
        geo_engine,
        Lieu,
        {
            **lieu,
            "id": "a",
            "nom": "Médiathèque de Chartres",
            "code_insee": "28085",
            "code_departement": "28",
        },
        {**lieu, "id": "b", "nom": "Espace de Châteaudun", "code_insee": "28088", "code_departement": "28"},
        {**lieu, "id": "c", "nom": "Espace de Rennes", "code_insee": "35238", "code_departement": "35"},
        {
            **lieu,
            "id": "d",
            "nom": "France services Orléans",
            "code_insee": "45234",
            "code_departement": "45",
        },
    )
    return geo_engine


def viewer(engine: Engine, email: str) -> Viewer:
    found = viewer_for(engine, email)
    assert found is not None
    return found


def test_users_are_found_by_e_mail_whatever_its_case(people: Engine) -> None:
    assert viewer(people, "chef@anct.gouv.fr").departements is None
    assert viewer(people, "HUB@centre.fr").departements == ("28", "45")
    assert viewer(people, "ref-epci@chartres.fr").departements == ("28",)
    assert viewer_for(people, "intrus@example.com") is None


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        (Territory.national(), Territory("departement", "28", ("28",))),
        (Territory.region("53"), Territory("departement", "28", ("28",))),
        (Territory.region("24"), Territory("departement", "28", ("28",))),
        (Territory.departement("35"), Territory("departement", "28", ("28",))),
        (Territory.epci("243500139"), Territory("departement", "28", ("28",))),
        (Territory.epci("200069953"), Territory("epci", "200069953", ("28",))),
        (Territory.departement("28"), Territory("departement", "28", ("28",))),
    ],
)
def test_a_departement_referent_is_held_to_his_departement(
    people: Engine, requested: Territory, expected: Territory
) -> None:
    assert scoped_territory(people, viewer(people, "ref28@eure-et-loir.gouv.fr"), requested) == expected


def test_a_regional_hub_sees_its_region_and_its_departements_only(people: Engine) -> None:
    hub = viewer(people, "hub@centre.fr")
    assert scoped_territory(people, hub, Territory.national()) == Territory("region", "24", ("28", "45"))
    assert scoped_territory(people, hub, Territory.departement("45")) == Territory(
        "departement", "45", ("28", "45")
    )
    assert scoped_territory(people, hub, Territory.departement("35")) == Territory(
        "region", "24", ("28", "45")
    )


def test_an_epci_referent_stays_on_his_epci(people: Engine) -> None:
    referent = viewer(people, "ref-epci@chartres.fr")
    home = Territory("epci", "200033181", ("28",))
    assert scoped_territory(people, referent, Territory.departement("28")) == home
    assert scoped_territory(people, referent, Territory.epci("200069953")) == home


def test_a_crafted_territory_reads_nothing_outside_the_allowed_departements(people: Engine) -> None:
    """Even a call of a read function with another département gets nothing: the bound is in the SQL."""
    crafted = Territory("departement", "35", ("28",))
    assert lieux.lieux_summary(people, crafted).lieux == 0
    assert lieux.places_on_map(people, crafted).empty
    region = Territory("region", "24", ("28",))
    assert lieux.lieux_summary(people, region).lieux == 2
    assert set(lieux.places_per_departement(people, region)["code"]) == {"28"}
    assert lieux.lieux_summary(people, Territory.national()).lieux == 4


def test_editing_needs_an_editing_role_on_the_departement(people: Engine) -> None:
    require_editor(viewer(people, "ref28@eure-et-loir.gouv.fr"), "28")
    with pytest.raises(AccessDenied, match="ne donne pas accès au département 35"):
        require_editor(viewer(people, "ref28@eure-et-loir.gouv.fr"), "35")
    with pytest.raises(AccessDenied, match="consulte les données sans les modifier"):
        require_editor(viewer(people, "hub@centre.fr"), "28")


def test_bad_users_are_refused(people: Engine) -> None:
    with pytest.raises(AccessDenied, match="Rôle inconnu"):
        save_user(people, "x@y.fr", "X", "roi", None)
    with pytest.raises(AccessDenied, match="Un compte national n'a pas de territoire"):
        save_user(people, "x@y.fr", "X", "departement", None)
