"""Administration: import a data file through the browser, download blank templates, read the import log.

The same importers as ``python -m data_access import``: a file is checked in full
and written all or nothing, and the page shows the same French report, or the
same list of errors (file, line, column, value) when nothing was written.
Access is for the national and regional roles: the role guard is the first call
of the page, before anything is drawn.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import upload
from dashboard.formatting import plain
from dashboard.layout import empty_state, show_table
from dashboard.resources import clear_caches, current_viewer, read
from data_access import access, history
from data_access.access import ROLES
from data_access.db import writer_database_url
from data_access.importers import DATED_KINDS, KIND_LABELS, ImportContext, ImportRejected, ImportReport
from data_access.scope import NATIONAL

HISTORY_LIMIT = 20
POLL_SECONDS = 0.5


def import_form() -> None:
    """Choose a kind and a file; on submit, import it and report, then refresh every page's data."""
    st.header("Importer un fichier")
    with st.form("admin_import", border=True):
        kind = st.selectbox(
            "Type de fichier", list(KIND_LABELS), format_func=KIND_LABELS.get, key="admin_type"
        )
        uploaded = st.file_uploader(
            "Fichier à importer",
            type=upload.UPLOAD_TYPES,
            max_upload_size=upload.MAX_UPLOAD_MEGABYTES,
            key="admin_fichier",
        )
        as_of = st.date_input(
            "Date des données",
            value=None,
            format="DD/MM/YYYY",
            key="admin_date",
            help="La date à laquelle le fichier a été extrait (relevé des lieux, indicateurs nationaux : "
            + ", ".join(DATED_KINDS)
            + "), si elle ne figure ni dans le fichier ni dans son nom.",
        )
        st.caption(
            f"CSV (séparateur « ; » ou « , »), JSON ou XLSX, {upload.MAX_IMPORT_MEGABYTES} Mo au plus. "
            "Le fichier est vérifié en entier : s'il contient une seule erreur, ou une ligne hors de "
            "votre territoire, rien n'est enregistré et la liste des erreurs s'affiche."
        )
        submitted = st.form_submit_button("Importer", type="primary", icon=":material/upload_file:")
    if not submitted:
        return
    if uploaded is None:
        st.warning("Choisissez d'abord le fichier à importer.")
        return
    try:
        report = run_import(kind, uploaded.name, uploaded.getvalue(), as_of)
    except ImportRejected as rejected:
        st.error(upload.rejection_markdown(rejected), icon=":material/error:")
        return
    clear_caches()
    show_report(report)


def run_import(kind: str, filename: str, data: bytes, as_of: date | None = None) -> ImportReport:
    """Import in a child process, showing the time spent; the page's script only waits.

    Each wait ends with a Streamlit call: when the session ends (tab closed) or another
    run replaces this one, that call stops the script, and leaving ``running_import``
    kills the import, which then writes nothing.
    """
    context = ImportContext(current_viewer(), data_date=as_of)
    with (
        st.spinner(f"Import de « {plain(filename)} » en cours…"),
        upload.running_import(writer_database_url(), kind, filename, data, context) as job,
    ):
        progress = st.empty()
        while not job.wait(POLL_SECONDS):
            progress.caption(f"Vérification et écriture depuis {int(job.elapsed())} s…")
        progress.empty()
        return job.result()


def show_report(report: ImportReport) -> None:
    st.success(upload.report_headline(report), icon=":material/check_circle:")
    counts = upload.report_counts(report)
    if counts:
        st.markdown(counts)
    if report.departements:
        show_table(
            upload.departements_frame(report), upload.DEPARTEMENT_LABELS, key="admin_import_departements"
        )
    if report.warning_count:
        st.warning(upload.report_warnings(report))
    with st.expander("Rapport complet (celui de la ligne de commande)"):
        st.code(report.message_fr(), language=None)


def templates() -> None:
    st.header("Modèles vierges")
    st.caption(
        "La ligne d'en-tête attendue pour chaque type de fichier. Les lieux et l'IFN suivent les formats "
        "nationaux (séparateur « , ») ; les autres modèles s'ouvrent directement dans Excel."
    )
    for kind, label in KIND_LABELS.items():
        st.download_button(
            label,
            data=upload.template_bytes(kind),
            file_name=upload.template_file_name(kind),
            mime="text/csv",
            key=f"admin_modele_{kind}",
            icon=":material/download:",
            on_click="ignore",
        )


def recent_imports() -> None:
    st.header("Derniers imports")
    frame = read(history.import_history, NATIONAL, HISTORY_LIMIT)
    if frame.empty:
        empty_state("Aucun import n'a encore été fait dans cette base.")
        return
    st.caption(
        f"Les {HISTORY_LIMIT} derniers imports acceptés de votre territoire, du plus récent au plus ancien "
        "(le détail complet est sur la page Historique)."
    )
    show_table(upload.history_rows(frame), upload.HISTORY_LABELS, key="admin_historique")


def users_list() -> None:
    """Who may sign in, with role and territory (accounts are added by the national team)."""
    st.header("Utilisateurs")
    accounts = read(access.users)
    if accounts.empty:
        empty_state(
            "Aucun utilisateur inscrit : sans fournisseur d'identité, l'outil reste en mode démonstration."
        )
        return
    show_table(
        accounts.assign(role_libelle=accounts["role"].map(ROLES)),
        {
            "email": "Courriel",
            "nom": "Nom",
            "role_libelle": "Rôle",
            "code_territoire": "Territoire",
            "actif": "Actif",
        },
        key="admin_utilisateurs",
    )


viewer = current_viewer()
st.title("Administration des données")
if not viewer.can_import:
    st.error("Cette page est réservée à l'équipe nationale et aux hubs régionaux.")
    st.stop()
import_form()
templates()
recent_imports()
if viewer.role == "national":
    users_list()
