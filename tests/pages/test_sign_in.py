"""Sign-in and scope on the pages: with a provider configured, nobody reads without an account,
and a referent reads his territory only, whatever the URL asks for."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, func, select
from streamlit.testing.v1 import AppTest

from dashboard import auth, resources
from dashboard.formatting import fr_number
from data_access import lieux
from data_access.access import save_user
from data_access.identity import disable_user
from data_access.models import IdentiteRevoquee, Utilisateur
from data_access.scope import Territory
from data_access.store_info import reference_date
from tests.pages.conftest import APP_PATH, PAGE_TIMEOUT_SECONDS, all_text, metric_values

AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "secret-de-test",
    "proconnect": {
        "client_id": "fne",
        "client_secret": "secret",
        "server_metadata_url": "https://auth.example.fr/.well-known/openid-configuration",
    },
}


@pytest.fixture
def accounts(app_engine: Engine) -> Iterator[Engine]:
    save_user(app_engine, "ref28@eure-et-loir.gouv.fr", "Référente 28", "departement", "28")
    save_user(app_engine, "hub@centre-val-de-loire.fr", "Hub Centre-Val de Loire", "regional", "24")
    resources.clear_caches()
    yield app_engine
    with app_engine.begin() as connection:
        connection.execute(delete(Utilisateur))
        connection.execute(delete(IdentiteRevoquee))
    resources.clear_caches()
    auth._standing_of.clear()


def claims(email: str, issued_seconds_ago: float = 60, **extra: object) -> dict[str, object]:
    """What Streamlit's cookie carries: the ID token's claims."""
    return {"sub": f"sub-{email}", "email": email, "iat": int(time.time() - issued_seconds_ago), **extra}


def signed_in_app(
    page: str, email: str | None, identity: dict[str, object] | None = None, **query_params: str
) -> AppTest:
    app = AppTest.from_file(str(APP_PATH), default_timeout=PAGE_TIMEOUT_SECONDS)
    app.secrets["auth"] = AUTH_SECRETS
    if email or identity:
        app.user = {"is_logged_in": True, **(identity or claims(str(email)))}
    else:
        app.user = {"is_logged_in": False}
    for name, value in query_params.items():
        app.query_params[name] = value
    app.run()
    if page != "pages/summary.py" and not app.exception:
        app.switch_page(page)
        app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def test_without_sign_in_nothing_is_shown_but_the_sign_in_page(accounts: Engine) -> None:
    app = signed_in_app("pages/summary.py", None, departement="28")
    assert app.title[0].value == "Pilotage France Numérique Ensemble"
    assert [button.label for button in app.button] == ["Se connecter"]
    assert not app.metric


def assert_sign_in_page(app: AppTest, reason: str) -> None:
    assert [title.value for title in app.title] == ["Pilotage France Numérique Ensemble"]
    assert [button.label for button in app.button] == ["Se connecter"]
    assert reason in app.warning[0].value
    assert not app.metric
    assert "Eure-et-Loir" not in all_text(app)


def test_logging_out_ends_the_identity_and_a_copied_cookie_reaches_the_sign_in_page(
    accounts: Engine,
) -> None:
    copied = claims("ref28@eure-et-loir.gouv.fr")
    app = signed_in_app("pages/summary.py", None, copied)
    assert app.metric
    app.sidebar.button(key="logout").click().run()
    with accounts.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(IdentiteRevoquee)) == 1

    replayed = signed_in_app("pages/lieux.py", None, copied, departement="28")
    assert_sign_in_page(replayed, "fermée par une déconnexion")


def test_a_disabled_users_cookie_reaches_the_sign_in_page(accounts: Engine) -> None:
    identity = claims("ref28@eure-et-loir.gouv.fr")
    assert signed_in_app("pages/summary.py", None, identity).metric
    disable_user(accounts, "ref28@eure-et-loir.gouv.fr")
    auth._standing_of.clear()
    assert_sign_in_page(signed_in_app("pages/summary.py", None, identity), "Ce compte a été désactivé")


def test_a_sign_in_older_than_the_maximum_age_must_be_renewed(accounts: Engine) -> None:
    old = claims("ref28@eure-et-loir.gouv.fr", issued_seconds_ago=13 * 3600)
    assert_sign_in_page(signed_in_app("pages/summary.py", None, old), "plus de 12 heures")


def test_an_unverified_e_mail_is_refused(accounts: Engine) -> None:
    unverified = claims("ref28@eure-et-loir.gouv.fr", email_verified=False)
    assert_sign_in_page(signed_in_app("pages/summary.py", None, unverified), "n'a pas vérifié l'adresse")


def test_an_unknown_account_is_refused(accounts: Engine) -> None:
    app = signed_in_app("pages/summary.py", "intrus@example.com")
    assert app.title[0].value == "Accès non autorisé"
    assert "intrus@example\\.com" in app.error[0].value
    assert not app.metric


@pytest.mark.parametrize("asked", [{"departement": "35"}, {"region": "53"}, {}, {"epci": "243500139"}])
def test_a_departement_referent_cannot_widen_his_scope_through_the_url(
    accounts: Engine, asked: dict[str, str]
) -> None:
    app = signed_in_app("pages/lieux.py", "ref28@eure-et-loir.gouv.fr", **asked)
    expected = lieux.lieux_summary(accounts, Territory.departement("28"), reference_date(accounts))
    assert "Territoire : Eure-et-Loir (28)" in all_text(app)
    assert metric_values(app)["Lieux recensés"] == fr_number(expected.lieux)
    assert app.query_params["departement"] in ("28", ["28"])


def test_the_selector_offers_a_referent_his_own_territory_only(accounts: Engine) -> None:
    app = signed_in_app("pages/summary.py", "ref28@eure-et-loir.gouv.fr", departement="35")
    assert app.sidebar.selectbox(key="territory_region").options == ["Centre-Val de Loire"]
    assert app.sidebar.selectbox(key="territory_departement").options == ["28 – Eure-et-Loir"]
    assert "Territoire : Eure-et-Loir (28)" in all_text(app)


def test_a_regional_hub_compares_its_own_region_only(accounts: Engine) -> None:
    app = signed_in_app("pages/lieux.py", "hub@centre-val-de-loire.fr", region="53")
    assert "Territoire : Région Centre-Val de Loire" in all_text(app)
    shown = {element.value.columns[0] for element in app.dataframe}
    assert shown
    for element in app.dataframe:
        if "Département" in element.value.columns:
            assert not set(element.value["Département"]) - {
                "Cher",
                "Eure-et-Loir",
                "Indre",
                "Indre-et-Loire",
                "Loir-et-Cher",
                "Loiret",
            }


def test_the_demo_mode_says_so(open_page: object) -> None:
    app = open_page("pages/summary.py")
    assert "Mode démonstration" in app.sidebar.warning[0].value


def test_the_administration_page_is_refused_to_a_departement_referent(accounts: Engine) -> None:
    app = signed_in_app("pages/admin.py", "ref28@eure-et-loir.gouv.fr")
    assert "réservée à l'équipe nationale et aux hubs régionaux" in app.error[0].value
    assert not app.get("file_uploader")


def test_a_regional_hub_reads_but_does_not_edit(accounts: Engine) -> None:
    app = signed_in_app("pages/roadmaps.py", "hub@centre-val-de-loire.fr", departement="28")
    assert "Mettre à jour une action" not in [expander.label for expander in app.expander]
    referent = signed_in_app("pages/roadmaps.py", "ref28@eure-et-loir.gouv.fr")
    assert "Mettre à jour une action" in [expander.label for expander in referent.expander]
