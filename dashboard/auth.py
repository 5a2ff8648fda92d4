"""Sign-in: OpenID Connect through ``st.login`` (ProConnect or any OIDC provider), or the demo mode.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` every session must sign in,
and only e-mails listed in the users table get in, each held to his role and
territory. Without it the app runs in a clearly marked demo mode.

Streamlit's identity cookie outlives a logout in any copy of it, so every run also
asks the store whether the identity still stands (``data_access.identity``): signed
out since, disabled, older than ``max_age_hours`` or with an unverified e-mail, it
gets the sign-in page and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.formatting import plain
from dashboard.resources import VIEWER_KEY, engine, writer_engine
from data_access.access import DEMO_VIEWER, ROLES, Viewer, viewer_for
from data_access.identity import Identity, Standing, max_age_from_hours, revoke, standing

VIEWER_TTL_SECONDS = 60
STANDING_TTL_SECONDS = 5
"""How long a run may trust the last revocation check: cheap reruns, a few seconds of lag at most
between servers (a logout on this server clears it at once)."""
SIGN_IN_AGAIN: dict[Standing, str] = {
    Standing.REVOKED: "Cette session a été fermée par une déconnexion : connectez-vous de nouveau.",
    Standing.EXPIRED: "Votre connexion date de plus de {hours} heures : connectez-vous de nouveau.",
    Standing.DISABLED: (
        "Ce compte a été désactivé. Demandez à l'équipe nationale ou à votre hub régional "
        "de le réactiver, puis connectez-vous de nouveau."
    ),
    Standing.UNVERIFIED: (
        "Votre fournisseur d'identité n'a pas vérifié l'adresse {email} : faites-la vérifier, "
        "puis connectez-vous de nouveau."
    ),
}


def auth_configured() -> bool:
    """True when an identity provider is configured in the secrets."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def _provider() -> str | None:
    """The named provider section (``[auth.proconnect]``), or ``None`` for a single unnamed one."""
    named = [name for name, value in st.secrets["auth"].items() if isinstance(value, Mapping)]
    return named[0] if named else None


def max_age() -> timedelta:
    """``max_age_hours`` of the ``[auth]`` secrets (12 by default): older sign-ins must be renewed."""
    return max_age_from_hours(st.secrets["auth"].get("max_age_hours"))


@st.cache_data(ttl=VIEWER_TTL_SECONDS, max_entries=1000, show_spinner=False)
def _viewer_of(email: str) -> Viewer | None:
    """The user's role and territory, re-read every minute so that a revoked account is cut off."""
    return viewer_for(engine(), email)


@st.cache_data(ttl=STANDING_TTL_SECONDS, max_entries=1000, show_spinner=False)
def _standing_of(identity: Identity, allowed_age: timedelta) -> Standing:
    return standing(engine(), identity, allowed_age)


def _sign_out(identity: Identity) -> None:
    """End this identity's sessions in the store, then Streamlit's cookie in this browser."""
    revoke(writer_engine(), identity)
    _standing_of.clear()
    st.logout()
    st.stop()


def sign_in() -> Viewer:
    """Who uses this session; stops the run on the sign-in page until someone allowed is signed in."""
    if not auth_configured():
        st.session_state[VIEWER_KEY] = DEMO_VIEWER
        st.sidebar.warning(
            "Mode démonstration : aucune authentification n'est configurée, "
            "toutes les données sont visibles.",
            icon=":material/lock_open:",
        )
        return DEMO_VIEWER
    st.session_state.pop(VIEWER_KEY, None)
    if not st.user.is_logged_in:
        _sign_in_page()
        st.stop()
    identity = Identity.from_claims(st.user.to_dict())
    status = _standing_of(identity, max_age())
    if status is not Standing.VALID:
        hours = f"{max_age().total_seconds() / 3600:g}".replace(".", ",")
        _sign_in_page(SIGN_IN_AGAIN[status].format(hours=hours, email=plain(identity.email)))
        st.stop()
    viewer = _viewer_of(identity.email)
    if viewer is None:
        st.title("Accès non autorisé")
        st.error(
            f"Le compte {plain(str(st.user.email))} n'est pas inscrit parmi les utilisateurs "
            "du tableau de bord. Demandez à l'équipe nationale ou à votre hub régional de vous ajouter."
        )
        st.button("Se déconnecter", on_click=st.logout)
        st.stop()
    st.session_state[VIEWER_KEY] = viewer
    st.sidebar.caption(f"{plain(viewer.nom or viewer.email)} · {ROLES[viewer.role]}")
    if st.sidebar.button("Se déconnecter", key="logout"):
        _sign_out(identity)
    return viewer


def _sign_in_page(reason: str | None = None) -> None:
    st.title("Pilotage France Numérique Ensemble")
    st.write(
        "Ce tableau de bord contient des données non publiques (contacts, notes, demandes de subvention) : "
        "connectez-vous avec votre compte professionnel."
    )
    if reason:
        st.warning(reason, icon=":material/logout:")
    st.button("Se connecter", type="primary", on_click=st.login, args=(_provider(),) if _provider() else ())
