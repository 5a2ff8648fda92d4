"""Page « Feuille de route »: progress of the roadmaps' axes and actions, late actions, money.

Reads through ``dashboard.resources.read`` only; the data layer filters and
aggregates, this page formats in French and lays out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.roadmaps import axis_labels, budget_chart, progress_chart, roadmap_labels
from dashboard.editing_forms import action_editor
from dashboard.formatting import MISSING, fr_date, fr_euros, fr_number, fr_percent
from dashboard.layout import chart_with_table, empty_state, page_header, show_table
from dashboard.resources import built, read
from dashboard.territory import current_territory
from data_access import financing, roadmaps, store_info
from data_access.vocabulary import ACTION_STATUSES

# Above this many axes the progress chart draws one bar per région (national) or roadmap.
# (A comment, not a string: Streamlit's « magic » would print a bare string on the page.)
MAX_CHARTED_AXES = 40

COUNT_LABELS = {**ACTION_STATUSES, "actions": "Actions", "avancement_moyen": "Avancement moyen"}
PROGRESS_LABELS = {"libelle": "Axe", **COUNT_LABELS}
ACTION_LABELS = {
    "axe": "Axe",
    "action": "Action",
    "porteur": "Porteur",
    "debut": "Début",
    "fin": "Fin",
    "statut_libelle": "Statut",
    "avancement": "Avancement",
    "budget": "Budget global",
    "cofinancements": "Cofinancements",
    "subvention": "Subvention",
    "subvention_demandee_eur": "Subvention demandée",
    "subvention_acceptee_eur": "Subvention acceptée",
    "retard": "En retard",
}
OVERDUE_LABELS = {
    "axe": "Axe",
    "action": "Action",
    "porteur": "Porteur",
    "fin": "Fin prévue",
    "statut_libelle": "Statut",
    "avancement": "Avancement",
    "jours_de_retard": "Jours de retard",
}
MONEY_LABELS = {
    "libelle": "Axe",
    "budget_global_eur": "Budget global",
    "cofinancements_eur": "Cofinancements",
    "subventions_demandees_eur": "Subventions demandées",
    "subventions_acceptees_eur": "Subventions acceptées",
}
MONEY_COLUMNS = ("budget_global", "cofinancements", "subventions_demandees", "subventions_acceptees")
ENVELOPE_LABELS = {
    "departement_libelle": "Département",
    "type_libelle": "Type",
    "libelle": "Libellé",
    "annee": "Année",
    "montant_eur": "Montant",
}
ROADMAP_LABELS = {
    "departement_libelle": "Département",
    "nom": "Feuille de route",
    "perimetre_libelle": "Périmètre",
    "porteur_nom": "Porteur",
    "adoption": "Adoptée le",
    "axes": "Axes",
    "actions": "Actions",
}
PERCENT_DONE = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%")
MEAN_PERCENT_DONE = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f %%")


def departement_labels(frame: pd.DataFrame) -> pd.Series:
    return frame["code_departement"].astype(str) + " – " + frame["departement"].astype(str)


def euros(values: pd.Series) -> pd.Series:
    return values.map(fr_euros)


def money_columns(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The amounts of a budget frame in French euros, as ``<column>_eur``."""
    return {f"{column}_eur": euros(frame[column]) for column in MONEY_COLUMNS}


def dates(values: pd.Series) -> pd.Series:
    return values.map(fr_date)


def action_rows(frame: pd.DataFrame, axis_label: dict[int, str]) -> pd.DataFrame:
    """Actions formatted for display: French dates and amounts, the axis by its label."""
    return frame.assign(
        axe=frame["axe_id"].map(axis_label),
        debut=dates(frame["date_debut"]),
        fin=dates(frame["date_fin"]),
        budget=euros(frame["budget_global"]),
        cofinancements=euros(frame["cofinancement"]),
        subvention=frame["subvention_statut_libelle"].fillna(MISSING),
        subvention_demandee_eur=euros(frame["subvention_demandee"]),
        subvention_acceptee_eur=euros(frame["subvention_acceptee"]),
        retard=frame["en_retard"].map({True: "Oui", False: "Non"}),
    )


today = read(store_info.reference_date)
territory = current_territory()
page_header("Feuille de route", territory)
if territory.level == "epci":
    st.caption(
        "Les feuilles de route sont établies par département : "
        "la vue d'un EPCI montre celle de son département."
    )

summary = read(roadmaps.roadmap_summary, territory, today=today)
axes = read(roadmaps.progress_by_axis, territory)
axes = axes.assign(libelle=axis_labels(axes))
axis_label = dict(zip(axes["axe_id"], axes["libelle"], strict=True))

if summary.feuilles == 0:
    empty_state("Aucune feuille de route n'est encore enregistrée pour ce territoire.")
else:
    columns = st.columns(5)
    columns[0].metric("Feuilles de route", fr_number(summary.feuilles))
    columns[1].metric("Actions", fr_number(summary.actions))
    mean = summary.avancement_moyen
    columns[2].metric(
        "Avancement moyen",
        fr_percent(mean / 100) if mean is not None else MISSING,
        help="Moyenne des pourcentages d'avancement de toutes les actions.",
    )
    columns[3].metric("Actions terminées", fr_percent(summary.part_terminees))
    columns[4].metric(
        "Actions en retard",
        fr_number(summary.actions_en_retard),
        help="Date de fin dépassée alors que l'action n'est ni terminée ni abandonnée.",
    )

    # --- Progress -----------------------------------------------------------------------
    if summary.actions == 0:
        st.subheader("Avancement par axe")
        empty_state("Aucune action n'est encore enregistrée dans les feuilles de route de ce territoire.")
    elif len(axes) > MAX_CHARTED_AXES:
        if territory.level == "national":
            st.subheader("Avancement par région")
            grouped = read(roadmaps.progress_by_region, territory)
            grouped = grouped.assign(libelle=grouped["region"])
            grouped_labels = {"libelle": "Région", "feuilles": "Feuilles de route", **COUNT_LABELS}
        else:
            st.subheader("Avancement par feuille de route")
            grouped = read(roadmaps.progress_by_roadmap, territory)
            grouped = grouped.assign(libelle=roadmap_labels(grouped))
            grouped_labels = {"libelle": "Feuille de route", **COUNT_LABELS}
        st.caption(
            f"{fr_number(len(axes))} axes sur ce territoire : trop pour un graphique lisible, "
            "le détail par axe est dans le tableau qui suit."
        )
        chart_with_table(
            built(progress_chart, grouped),
            grouped,
            grouped_labels,
            key="progression_groupes",
            avancement_moyen=MEAN_PERCENT_DONE,
        )
        with st.expander("Détail par axe"):
            show_table(axes, PROGRESS_LABELS, key="progression_axes", avancement_moyen=MEAN_PERCENT_DONE)
    else:
        st.subheader("Avancement par axe")
        chart_with_table(
            built(progress_chart, axes),
            axes,
            PROGRESS_LABELS,
            key="progression_axes",
            avancement_moyen=MEAN_PERCENT_DONE,
        )

    # --- Actions --------------------------------------------------------------------------
    if summary.actions > 0:
        st.subheader("Actions")
        filter_axes, filter_statuses, filter_porteur = st.columns(3)
        chosen_axes = filter_axes.multiselect(
            "Axes",
            list(axis_label),
            format_func=axis_label.get,
            placeholder="Tous les axes",
            key="filtre_axes",
        )
        chosen_statuses = filter_statuses.multiselect(
            "Statuts",
            list(ACTION_STATUSES),
            format_func=ACTION_STATUSES.get,
            placeholder="Tous les statuts",
            key="filtre_statuts",
        )
        porteur = filter_porteur.text_input("Porteur (contient)", key="filtre_porteur")
        actions = read(
            roadmaps.actions_table,
            territory,
            axes=tuple(chosen_axes) or None,
            statuses=tuple(chosen_statuses) or None,
            porteur_query=porteur.strip() or None,
            today=today,
        )
        if actions.empty:
            empty_state("Aucune action ne correspond à ces filtres.")
        else:
            st.caption(f"{fr_number(len(actions))} action(s)")
            show_table(
                action_rows(actions, axis_label), ACTION_LABELS, key="actions", avancement=PERCENT_DONE
            )

        st.subheader("Actions en retard")
        overdue = read(roadmaps.overdue_actions, territory, today=today)
        if overdue.empty:
            empty_state("Aucune action n'est en retard sur ce territoire.")
        else:
            show_table(
                action_rows(overdue, axis_label),
                OVERDUE_LABELS,
                key="actions_en_retard",
                avancement=PERCENT_DONE,
            )

    # --- Money ----------------------------------------------------------------------------
    st.subheader("Budget et financements des actions")
    budget = read(roadmaps.budget_summary, territory)
    money_summary = read(financing.financing_summary, territory)
    money = st.columns(4)
    money[0].metric("Budget global des actions", fr_euros(budget.budget_global))
    money[1].metric("Cofinancements", fr_euros(budget.cofinancements))
    money[2].metric(
        "Subventions demandées",
        fr_euros(budget.subventions_demandees),
        help="Demandes déposées, en cours d'instruction ou acceptées (les refusées ne comptent plus).",
    )
    money[3].metric("Subventions acceptées", fr_euros(budget.subventions_acceptees))
    engaged = st.columns(4)
    engaged[0].metric(
        "Financement engagé",
        fr_euros(money_summary.financement_engage),
        help="Subventions acceptées et cofinancements obtenus pour les actions.",
    )
    engaged[1].metric(
        "Part du budget financée",
        fr_percent(money_summary.taux_financement),
        help="Financement engagé rapporté au budget global des actions.",
    )
    if budget.budget_global == 0 and budget.cofinancements == 0 and budget.subventions_demandees == 0:
        empty_state(
            "Aucun budget, cofinancement ni subvention n'est renseigné pour les actions de ce territoire."
        )
    else:
        per_axis = budget.par_axe.assign(libelle=axis_labels(budget.par_axe))
        per_axis = per_axis.assign(**money_columns(per_axis))
        if len(per_axis) > MAX_CHARTED_AXES:
            overall = pd.DataFrame(
                {
                    "libelle": ["Ensemble des actions du territoire"],
                    "budget_global": [budget.budget_global],
                    "cofinancements": [budget.cofinancements],
                    "subventions_demandees": [budget.subventions_demandees],
                    "subventions_acceptees": [budget.subventions_acceptees],
                }
            )
            chart_with_table(
                built(budget_chart, overall),
                overall.assign(**money_columns(overall)),
                {**MONEY_LABELS, "libelle": "Périmètre"},
                key="budget_total",
            )
            with st.expander("Détail par axe"):
                show_table(per_axis, MONEY_LABELS, key="budget_axes")
        else:
            chart_with_table(built(budget_chart, per_axis), per_axis, MONEY_LABELS, key="budget_axes")

# --- State envelopes (they exist before any roadmap) ------------------------------------------
st.subheader("Enveloppes de l'État")
envelopes = read(financing.envelopes, territory)
if envelopes.empty:
    empty_state("Aucune enveloppe de l'État n'est enregistrée pour ce territoire.")
else:
    state_summary = read(financing.financing_summary, territory)
    state = st.columns(4)
    state[0].metric("Enveloppes de l'État", fr_euros(state_summary.enveloppes_etat))
    state[1].metric(
        "Reste à demander",
        fr_euros(state_summary.reste_enveloppes),
        help="Enveloppes de l'État moins les subventions demandées (hors demandes refusées).",
    )
    show_table(
        envelopes.assign(
            departement_libelle=departement_labels(envelopes), montant_eur=euros(envelopes["montant"])
        ),
        ENVELOPE_LABELS,
        key="enveloppes",
    )

# --- Roadmaps ------------------------------------------------------------------------------------
if summary.feuilles > 0:
    st.subheader("Feuilles de route du territoire")
    roadmap_list = read(roadmaps.roadmaps_list, territory)
    show_table(
        roadmap_list.assign(
            departement_libelle=departement_labels(roadmap_list),
            adoption=dates(roadmap_list["date_adoption"]),
            perimetre_libelle=roadmap_list["perimetre_libelle"].fillna(MISSING),
        ),
        ROADMAP_LABELS,
        key="feuilles_de_route",
    )

action_editor(territory)
