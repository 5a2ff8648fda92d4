"""Page « Feuille de route »: progress of the roadmaps' axes and actions, late actions, money.

Reads through ``dashboard.resources.read`` only; the data layer filters and
aggregates, this page formats in French and lays out.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts.roadmaps import budget_chart, progress_chart, roadmap_labels
from dashboard.editing_forms import action_editor
from dashboard.formatting import fr_number
from dashboard.layout import chart_with_table, empty_state, metrics_row, page_header, show_table
from dashboard.presenters import roadmaps as present
from dashboard.resources import built, presented, read
from dashboard.territory import current_territory
from data_access import editing, financing, roadmaps, store_info
from data_access.vocabulary import ACTION_STATUSES

# Above this many axes the progress chart draws one bar per région (national) or roadmap.
# (A comment, not a string: Streamlit's « magic » would print a bare string on the page.)
MAX_CHARTED_AXES = 40

PERCENT_DONE = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%")
MEAN_PERCENT_DONE = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f %%")


today = read(store_info.reference_date)
selected = current_territory()
territory = selected.scope
page_header("Feuille de route", selected)
if territory.level == "epci":
    st.caption(
        "Les feuilles de route sont établies par département : "
        "la vue d'un EPCI montre celle de son département."
    )

summary = read(roadmaps.roadmap_summary, territory, today=today)
axes = present.labelled_axes(read(roadmaps.progress_by_axis, territory))
axis_label = present.axis_choices(axes)

if summary.feuilles == 0:
    empty_state("Aucune feuille de route n'est encore enregistrée pour ce territoire.")
else:
    metrics_row(present.metrics(summary))

    # --- Progress -----------------------------------------------------------------------
    if summary.actions == 0:
        st.subheader("Avancement par axe")
        empty_state("Aucune action n'est encore enregistrée dans les feuilles de route de ce territoire.")
    elif len(axes) > MAX_CHARTED_AXES:
        if territory.level == "national":
            st.subheader("Avancement par région")
            grouped = read(roadmaps.progress_by_region, territory)
            grouped = grouped.assign(libelle=grouped["region"])
            grouped_labels = present.REGION_PROGRESS_LABELS
        else:
            st.subheader("Avancement par feuille de route")
            grouped = read(roadmaps.progress_by_roadmap, territory)
            grouped = grouped.assign(libelle=roadmap_labels(grouped))
            grouped_labels = present.ROADMAP_PROGRESS_LABELS
        st.caption(present.too_many_axes(len(axes)))
        chart_with_table(
            built(progress_chart, grouped),
            grouped,
            grouped_labels,
            key="progression_groupes",
            avancement_moyen=MEAN_PERCENT_DONE,
        )
        with st.expander("Détail par axe"):
            show_table(
                axes, present.PROGRESS_LABELS, key="progression_axes", avancement_moyen=MEAN_PERCENT_DONE
            )
    else:
        st.subheader("Avancement par axe")
        chart_with_table(
            built(progress_chart, axes),
            axes,
            present.PROGRESS_LABELS,
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
        actions = presented(
            present.action_cells,
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
                present.with_axis_labels(actions, axes),
                present.ACTION_LABELS,
                key="actions",
                avancement=PERCENT_DONE,
            )

        st.subheader("Détail d'une action")
        listed = read(editing.editable_actions, territory)
        action_names = present.action_choices(listed)
        chosen = st.selectbox("Action", list(action_names), format_func=action_names.get, key="detail_action")
        detail = read(roadmaps.action_detail, territory, chosen) if chosen else None
        if detail is not None:
            st.markdown("  \n".join(present.action_detail_lines(detail)))

        st.subheader("Actions en retard")
        overdue = presented(present.action_cells, roadmaps.overdue_actions, territory, today=today)
        if overdue.empty:
            empty_state("Aucune action n'est en retard sur ce territoire.")
        else:
            show_table(
                present.with_axis_labels(overdue, axes),
                present.OVERDUE_LABELS,
                key="actions_en_retard",
                avancement=PERCENT_DONE,
            )

    # --- Money ----------------------------------------------------------------------------
    st.subheader("Budget et financements des actions")
    budget = read(roadmaps.budget_summary, territory)
    money_summary = read(financing.financing_summary, territory)
    metrics_row(present.budget_metrics(budget))
    metrics_row(present.engaged_metrics(money_summary), columns=4)
    cofinancers = read(financing.cofinancers, territory)
    if not cofinancers.empty:
        st.markdown("**Co-financeurs**")
        show_table(present.cofinancer_rows(cofinancers), present.COFINANCER_LABELS, key="cofinanceurs")
    if present.has_no_money(budget):
        empty_state(
            "Aucun budget, cofinancement ni subvention n'est renseigné pour les actions de ce territoire."
        )
    else:
        per_axis = present.money_rows(present.labelled_axes(budget.par_axe))
        if len(per_axis) > MAX_CHARTED_AXES:
            overall = present.overall_money(budget)
            chart_with_table(
                built(budget_chart, overall),
                present.money_rows(overall),
                present.TOTAL_MONEY_LABELS,
                key="budget_total",
            )
            with st.expander("Détail par axe"):
                show_table(per_axis, present.MONEY_LABELS, key="budget_axes")
        else:
            chart_with_table(built(budget_chart, per_axis), per_axis, present.MONEY_LABELS, key="budget_axes")

# --- State envelopes (they exist before any roadmap) ------------------------------------------
st.subheader("Enveloppes de l'État")
envelopes = read(financing.envelopes, territory)
if envelopes.empty:
    empty_state("Aucune enveloppe de l'État n'est enregistrée pour ce territoire.")
else:
    state_summary = read(financing.financing_summary, territory)
    metrics_row(present.envelope_metrics(state_summary), columns=4)
    metrics_row(present.followed_metrics(state_summary), columns=4)
    show_table(present.envelope_rows(envelopes), present.ENVELOPE_LABELS, key="enveloppes")
    conventions = read(financing.conventions, territory)
    st.markdown("**Conventions : à qui va l'argent**")
    if conventions.empty:
        empty_state("Aucune convention n'est enregistrée pour ces enveloppes.")
    else:
        departement_names = dict(zip(envelopes["code_departement"], envelopes["departement"], strict=False))
        show_table(
            present.convention_rows(conventions, departement_names),
            present.CONVENTION_LABELS,
            key="conventions",
        )

# --- Roadmaps ------------------------------------------------------------------------------------
if summary.feuilles > 0:
    st.subheader("Feuilles de route du territoire")
    roadmap_list = read(roadmaps.roadmaps_list, territory)
    show_table(present.roadmap_rows(roadmap_list), present.ROADMAP_LABELS, key="feuilles_de_route")

action_editor(territory)
