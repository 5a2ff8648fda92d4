"""Sign-in end to end, with the shipped requirements: a real OpenID Connect provider
(``oidc-provider-mock``) on 127.0.0.1, the real server, Chromium clicking through.

Nothing replaces ``st.user`` here: without Authlib in the environment « Se connecter »
fails, and so does this suite. On SQLite and on PostgreSQL (``TEST_DATABASE_URL``).
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from dashboard.auth import STANDING_TTL_SECONDS
from data_access.access import save_user
from data_access.db import make_engine
from data_access.geography import load_geography
from data_access.identity import disable_user
from data_access.migrate import upgrade
from tooling.server import ServerDidNotStart, background_server, free_port

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SIGN_IN_TITLE = "Pilotage France Numérique Ensemble"
TIMEOUT_MS = 90_000

REFERENT = "ref28@eure-et-loir.gouv.fr"
INTRUDER = "intrus@example.com"
UNVERIFIED = "non-verifie@eure-et-loir.gouv.fr"
DISABLED = "partant@eure-et-loir.gouv.fr"
PROVIDER_USERS = {
    REFERENT: True,
    INTRUDER: True,
    UNVERIFIED: False,
    DISABLED: True,
}
"""E-mail → the ``email_verified`` claim the provider sends; the subject is the e-mail."""


def test_the_shipped_requirements_carry_what_st_login_needs() -> None:
    pins = dict(
        line.split("==", 1)
        for line in (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    for package in ("Authlib", "httpx"):
        assert package in pins, f"{package} manque dans requirements.txt"
        assert metadata.version(package) == pins[package].strip()


@dataclass
class SignInServer:
    base: str
    provider: str
    engine: Engine


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """``oidc-provider-mock`` on 127.0.0.1, in a thread of this process."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    users = [
        User(sub=email, claims={"email": email, "email_verified": verified})
        for email, verified in PROVIDER_USERS.items()
    ]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def demo_store(url: str) -> None:
    from data_access.demo import generate_demo

    created = make_engine(url, statement_seconds=0)
    upgrade(created)
    load_geography(created)
    generate_demo(created, scale=0.3)
    for email in (REFERENT, UNVERIFIED, DISABLED):
        save_user(created, email, "Référent 28", "departement", "28")
    created.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo store with accounts, on each backend (PostgreSQL: a database made for this module)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sign-in') / 'store.sqlite'}"
        demo_store(url)
        yield url
        return
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("TEST_DATABASE_URL n'est pas défini : parcours de connexion PostgreSQL ignoré")
    name = f"fne_sign_in_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    demo_store(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def signing_in(
    store_url: str, provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SignInServer]:
    """The dashboard served with an ``[auth]`` section pointing at the provider."""
    port = free_port()
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{uuid.uuid4().hex}"\n'
        'client_id = "fne-pilotage"\n'
        'client_secret = "secret-de-test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    engine = make_engine(store_url)
    try:
        with background_server(store_url, port=port, options=[f"secrets.files={secrets}"]) as (base, _):
            yield SignInServer(base, provider, engine)
    except ServerDidNotStart as failure:
        pytest.fail(str(failure))
    finally:
        engine.dispose()


def wait_ready(page) -> str:
    """The main area's text once the script has finished its run."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    return page.locator('[data-testid="stMain"]').inner_text()


def sign_in(page, server: SignInServer, email: str, path: str = "") -> str:
    """Click « Se connecter », choose ``email`` at the provider, return the page shown after."""
    page.goto(f"{server.base}/{path}")
    assert SIGN_IN_TITLE in wait_ready(page)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{server.provider}/oauth2/authorize**", timeout=TIMEOUT_MS)
    page.locator(f'button[name="sub"][value="{email}"]').click()
    page.wait_for_url(re.compile(re.escape(server.base) + r"/(\?.*)?$"), timeout=TIMEOUT_MS)
    return wait_ready(page)


def identity_cookies(context) -> list[dict]:
    return [cookie for cookie in context.cookies() if cookie["name"].startswith("_streamlit_user")]


def replay(browser, server: SignInServer, cookies: list[dict], path: str) -> str:
    """Open ``path`` in a fresh browser that only has the copied identity cookies."""
    context = browser.new_context(locale="fr-FR")
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(f"{server.base}/{path}")
        return wait_ready(page)
    finally:
        context.close()


def assert_sign_in_page_only(shown: str) -> None:
    assert SIGN_IN_TITLE in shown
    assert "Lieux recensés" not in shown
    assert "Territoire :" not in shown


def test_an_account_signs_in_and_reads_his_departement_only(page, signing_in: SignInServer) -> None:
    shown = sign_in(page, signing_in, REFERENT)
    assert "Territoire : Eure-et-Loir (28)" in shown
    page.goto(f"{signing_in.base}/lieux?departement=35")
    shown = wait_ready(page)
    assert "Lieux de médiation" in shown
    assert "Territoire : Eure-et-Loir (28)" in shown
    assert "Ille-et-Vilaine" not in shown
    assert page.locator('[data-testid="stException"]').count() == 0


def test_an_unknown_e_mail_is_refused(page, signing_in: SignInServer) -> None:
    shown = sign_in(page, signing_in, INTRUDER)
    assert "Accès non autorisé" in shown
    assert INTRUDER in shown
    assert "Territoire :" not in shown


def test_an_unverified_e_mail_is_refused(page, signing_in: SignInServer) -> None:
    shown = sign_in(page, signing_in, UNVERIFIED)
    assert_sign_in_page_only(shown)
    assert "n'a pas vérifié l'adresse" in shown


def test_logout_ends_the_session_and_a_copied_cookie_reaches_the_sign_in_page(
    browser, page, signing_in: SignInServer
) -> None:
    sign_in(page, signing_in, REFERENT)
    copied = identity_cookies(page.context)
    assert copied, "Streamlit n'a posé aucun cookie d'identité"
    assert "Territoire : Eure-et-Loir (28)" in replay(browser, signing_in, copied, "lieux?departement=28")

    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{signing_in.provider}/oauth2/end_session**", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="End session").click()
    assert_sign_in_page_only(wait_ready(page))
    assert not identity_cookies(page.context)

    shown = replay(browser, signing_in, copied, "lieux?departement=28")
    assert_sign_in_page_only(shown)
    assert "fermée par une déconnexion" in shown


def test_after_a_logout_signing_in_again_opens_the_dashboard(browser, signing_in: SignInServer) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        sign_in(page, signing_in, REFERENT)
        copied = identity_cookies(context)
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Se déconnecter").click()
        page.wait_for_url(f"{signing_in.provider}/oauth2/end_session**", timeout=TIMEOUT_MS)
        context.clear_cookies()
        context.add_cookies(copied)  # the ended identity is still in the browser
        assert "Territoire : Eure-et-Loir (28)" in sign_in(page, signing_in, REFERENT)
    finally:
        context.close()


def test_a_disabled_users_cookie_reaches_the_sign_in_page(browser, page, signing_in: SignInServer) -> None:
    assert "Territoire : Eure-et-Loir (28)" in sign_in(page, signing_in, DISABLED)
    copied = identity_cookies(page.context)
    disable_user(signing_in.engine, DISABLED)
    time.sleep(STANDING_TTL_SECONDS + 0.5)  # another process disabled him: the server's check is cached
    shown = replay(browser, signing_in, copied, "lieux?departement=28")
    assert_sign_in_page_only(shown)
    assert "Ce compte a été désactivé" in shown
