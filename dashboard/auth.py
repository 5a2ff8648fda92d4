"""Sign-in: OpenID Connect through ``st.login`` (ProConnect or any OIDC provider), or the demo mode.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` every session must sign in,
and only e-mails listed in the users table get in, each held to his role and
territory. Without it the app runs in a clearly marked demo mode.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.formatting import plain
from dashboard.resources import VIEWER_KEY, engine
from data_access.access import DEMO_VIEWER, ROLES, Viewer, viewer_for

VIEWER_TTL_SECONDS = 60


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


@st.cache_data(ttl=VIEWER_TTL_SECONDS, max_entries=1000, show_spinner=False)
def _viewer_of(email: str) -> Viewer | None:
    """The user's role and territory, re-read every minute so that a revoked account is cut off."""
    return viewer_for(engine(), email)


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
    viewer = _viewer_of(str(st.user.email or ""))
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
    st.sidebar.button("Se déconnecter", on_click=st.logout, key="logout")
    return viewer


def _sign_in_page() -> None:
    st.title("Pilotage France Numérique Ensemble")
    st.write(
        "Ce tableau de bord contient des données non publiques (contacts, notes, demandes de subvention) : "
        "connectez-vous avec votre compte professionnel."
    )
    st.button("Se connecter", type="primary", on_click=st.login, args=(_provider(),) if _provider() else ())
