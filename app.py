"""Entrypoint: ``streamlit run app.py``.

Builds the navigation, prepares the store, signs the user in, draws the territory
selector shared by every page, then runs the chosen page. Database failures end as
a French message with a retry, never as a traceback.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import sign_in
from dashboard.layout import WRAPPED_METRICS
from dashboard.resources import StoreNotInitialised, engine, forget_cached
from dashboard.territory import territory_selector
from data_access.failures import classify

SUMMARY = st.Page("pages/summary.py", title="Synthèse", icon=":material/dashboard:", default=True)


def summary_bookmark() -> None:
    """``/synthese``, the synthèse under its own name, opens it at ``/`` with the same territory."""
    st.switch_page(SUMMARY, query_params=st.query_params.to_dict())


PAGES = [
    SUMMARY,
    st.Page(summary_bookmark, title="Synthèse", url_path="synthese", visibility="hidden"),
    st.Page("pages/indicators.py", title="Objectifs nationaux", icon=":material/flag:", url_path="objectifs"),
    st.Page(
        "pages/governance.py", title="Gouvernance", icon=":material/account_balance:", url_path="gouvernance"
    ),
    st.Page(
        "pages/candidatures.py", title="Candidatures", icon=":material/how_to_reg:", url_path="candidatures"
    ),
    st.Page("pages/lieux.py", title="Lieux de médiation", icon=":material/location_on:", url_path="lieux"),
    st.Page("pages/fragility.py", title="Fragilité numérique", icon=":material/map:", url_path="fragilite"),
    st.Page(
        "pages/roadmaps.py",
        title="Feuille de route",
        icon=":material/checklist:",
        url_path="feuille-de-route",
    ),
]
COMPARISON_PAGES = [
    st.Page(
        "pages/comparison.py",
        title="Comparaison régionale",
        icon=":material/compare:",
        url_path="comparaison",
    ),
]
MEETING_PAGES = [
    st.Page("pages/copil.py", title="Mode COPIL", icon=":material/co_present:", url_path="copil"),
    st.Page(
        "pages/meetings.py", title="Journal des comités", icon=":material/event_note:", url_path="journal"
    ),
    st.Page(
        "pages/history.py",
        title="Historique des modifications",
        icon=":material/history:",
        url_path="historique",
    ),
]

st.set_page_config(
    page_title="France Numérique Ensemble – pilotage",
    page_icon=":material/hub:",
    layout="wide",
    initial_sidebar_state="expanded",
)
ADMIN_PAGES = [
    st.Page("pages/admin.py", title="Administration", icon=":material/upload_file:", url_path="admin"),
]
page = st.navigation(
    {
        "Tableau de bord": PAGES,
        "Région": COMPARISON_PAGES,
        "Réunions": MEETING_PAGES,
        "Administration": ADMIN_PAGES,
    }
)
st.logo("assets/logo-fne.svg")
st.html(WRAPPED_METRICS)


def retry() -> None:
    engine.clear()
    forget_cached()


try:
    engine()
    sign_in()
    territory_selector()
    page.run()
except StoreNotInitialised:
    st.error(
        "La base de données configurée n'est pas initialisée ou pas à jour. Un administrateur doit "
        "lancer `python -m data_access upgrade`, puis importer les données."
    )
except SQLAlchemyError as error:
    logging.getLogger(__name__).exception("Échec de la base de données")
    failure = classify(error)
    st.error(failure.message)
    if failure.retry:
        st.button("Réessayer", on_click=retry, type="primary")
