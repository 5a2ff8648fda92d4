"""The territory on the pages: garbage in the URL is dropped before any SQL, a narrowed request
is said, and a referent's own figures are never labelled as a wider territory's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete

from dashboard import resources
from dashboard.brief_figures import headline_figures
from data_access.access import save_user
from data_access.brief import copil_brief
from data_access.models import Utilisateur
from data_access.scope import Territory
from data_access.store_info import reference_date
from data_access.territories import territory_name
from tests.pages.conftest import all_text, metric_values, reset_resources, run_page, table
from tests.pages.test_sign_in import accounts, signed_in_app

__all__ = ["accounts"]

CHARTRES_METROPOLE = "200033181"
UNREACHABLE = "injoignable"


@pytest.fixture
def store_of(geo_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The app pointed at ``geo_engine`` (SQLite, then PostgreSQL when it is configured)."""
    monkeypatch.setenv("DATABASE_URL", geo_engine.url.render_as_string(hide_password=False))
    reset_resources()
    yield geo_engine
    reset_resources()


@pytest.mark.parametrize("param", ["region", "departement", "epci"])
@pytest.mark.parametrize("garbage", ["\x00", "28\x00", "x" * 5_000, "28' OR '1'='1"])
def test_a_code_of_the_wrong_shape_in_the_url_never_reaches_the_database(
    store_of: Engine, param: str, garbage: str
) -> None:
    app = run_page("pages/summary.py", **{param: garbage})
    text = all_text(app)
    assert UNREACHABLE not in text
    assert not app.error
    assert "Territoire : France entière" in text


def test_a_narrowed_request_is_said(accounts: Engine) -> None:
    app = signed_in_app("pages/lieux.py", "ref28@eure-et-loir.gouv.fr", departement="35")
    warnings = [warning.value for warning in app.warning]
    assert any("Votre compte donne accès à Eure-et-Loir (28)" in text for text in warnings), warnings


def test_a_request_inside_the_scope_is_not_flagged(accounts: Engine) -> None:
    app = signed_in_app("pages/lieux.py", "ref28@eure-et-loir.gouv.fr", departement="28")
    assert not [warning.value for warning in app.warning if "Votre compte donne accès" in warning.value]


def test_a_departement_referent_never_sees_his_figures_labelled_france_or_region(accounts: Engine) -> None:
    app = signed_in_app("pages/comparison.py", "ref28@eure-et-loir.gouv.fr", departement="28")
    names = {str(name) for element in app.dataframe for name in element.value.get("Référence", [])}
    assert not names & {"France entière", "Total région"}
    assert "aucune référence n'est calculée au-delà de vos départements" in all_text(app)


def test_a_regional_hub_has_his_region_total_but_no_national_figure(accounts: Engine) -> None:
    app = signed_in_app("pages/comparison.py", "hub@centre-val-de-loire.fr", region="24")
    assert list(table(app, "Référence")["Référence"]) == ["Total région"]


@pytest.fixture
def epci_account(accounts: Engine) -> Iterator[str]:
    email = "epci@chartres-metropole.fr"
    save_user(accounts, email, "Référent EPCI", "epci", CHARTRES_METROPOLE)
    resources.clear_caches()
    yield email
    with accounts.begin() as connection:
        connection.execute(delete(Utilisateur).where(Utilisateur.email == email))


def test_an_epci_referents_copil_is_titled_with_his_epci_and_shows_its_figures(
    accounts: Engine, epci_account: str
) -> None:
    app = signed_in_app("pages/copil.py", epci_account, panneau="synthese")
    name = territory_name(accounts, Territory.epci(CHARTRES_METROPOLE))
    assert app.title[0].value == f"{name} – Synthèse"
    brief = copil_brief(accounts, Territory("epci", CHARTRES_METROPOLE, ("28",)), reference_date(accounts))
    assert brief is not None
    assert metric_values(app) == {figure.label: figure.value for figure in headline_figures(brief)}
