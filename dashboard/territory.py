"""Territory selection (région → département → EPCI) shared by every page.

The choice lives in the session and in ``st.query_params`` (``region``,
``departement``, ``epci``), so that a bookmarked URL reopens the same view on
any page. The selector runs in the entrypoint, before the page, on every rerun:
widgets drawn by a page script lose their state when the user changes page. It
resolves the territory once for the rerun (``data_access.selection``) and hands
that object to the page through ``current_territory()``. Codes from the URL that
do not have the shape of a geography code are dropped before any query.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard.resources import current_viewer, read, selected_territory
from data_access import territories
from data_access.scope import Territory, is_valid_code
from data_access.selection import SelectedTerritory

KEYS = {"region": "territory_region", "departement": "territory_departement", "epci": "territory_epci"}
"""Query-parameter name → session-state key of its select box."""

_INITIALISED = "territory_initialised"
_NARROWED = "territory_narrowed"
_SELECTED = "territory"
NO_CHOICE = ""


def territory_selector() -> SelectedTerritory:
    """Draw the selector in the sidebar and return the chosen territory, bounded by the viewer's own.

    A referent only sees his own territory among the options; whatever the URL says,
    the territory returned (and written back to the URL) lies inside his, and says
    whether his scope narrowed what was asked.
    """
    viewer = current_viewer()
    if not st.session_state.get(_INITIALISED):
        _restore_from_url()
        st.session_state[_INITIALISED] = True
    sidebar = st.sidebar
    sidebar.markdown("### Territoire")
    national_viewer = viewer.departements is None
    departements_all = read(territories.departements)
    if not national_viewer:
        departements_all = departements_all[departements_all["code"].isin(viewer.departements)]
    regions = read(territories.regions)
    if not national_viewer:
        regions = regions[regions["code"].isin(departements_all["code_region"])]
    region = _select_box(
        sidebar,
        "Région",
        "region",
        dict(zip(regions["code"], regions["nom"], strict=True)),
        "France entière" if national_viewer else None,
    )
    departements = departements_all[departements_all["code_region"] == region] if region else departements_all
    departement = _select_box(
        sidebar,
        "Département",
        "departement",
        {
            code: f"{code} – {nom}"
            for code, nom in zip(departements["code"], departements["nom"], strict=True)
        },
        "Tous les départements" if viewer.role in ("national", "regional") else None,
    )
    epci = NO_CHOICE
    if departement:
        epcis = read(territories.epcis, departement)
        if viewer.role == "epci":
            epcis = epcis[epcis["code"] == viewer.code]
        epci = _select_box(
            sidebar,
            "EPCI",
            "epci",
            dict(zip(epcis["code"], epcis["nom"], strict=True)),
            None if viewer.role == "epci" else "Tout le département",
        )
    asked = _territory(region, departement, epci)
    selected = selected_territory(asked)
    if st.session_state.get(_NARROWED):
        selected = replace(selected, narrowed_by_scope=True)
    _write_url(selected.scope)
    st.session_state[_SELECTED] = selected
    return selected


def current_territory() -> SelectedTerritory:
    """The territory the entrypoint's selector resolved during this rerun."""
    return st.session_state[_SELECTED]


def territory_query_params() -> dict[str, str]:
    """The URL parameters of the current territory, for links to other pages."""
    return {name: st.session_state[key] for name, key in KEYS.items() if st.session_state.get(key)}


def _select_box(container, label: str, name: str, options: dict[str, str], everything: str | None) -> str:  # noqa: ANN001
    """A select box of ``options``; ``everything`` labels the empty choice, absent when ``None``."""
    key = KEYS[name]
    choices = [NO_CHOICE, *options] if everything is not None else list(options)
    if st.session_state.get(key, NO_CHOICE) not in choices:
        st.session_state[key] = choices[0] if choices else NO_CHOICE
    if not choices:
        return NO_CHOICE
    return container.selectbox(
        label,
        choices,
        format_func=lambda code: options.get(code, everything),
        key=key,
        on_change=_reset_below,
        args=(name,),
    )


def _reset_below(name: str) -> None:
    """A new région clears the département and the EPCI; a new département clears the EPCI."""
    names = list(KEYS)
    for lower in names[names.index(name) + 1 :]:
        st.session_state[KEYS[lower]] = NO_CHOICE
    st.session_state[_NARROWED] = False


def _restore_from_url() -> None:
    """Seed the select boxes from the URL; a département or EPCI alone implies its parents.

    Whether the URL asked for more than the viewer may see is remembered for this session's
    first view, since the select boxes, which only offer his territory, drop the rest.
    """
    region, departement, epci = (_code_from_url(name) for name in KEYS)
    selected = selected_territory(_territory(region, departement, epci))
    if epci and not departement:
        departement = selected.departement or NO_CHOICE
    if departement and not region:
        region = selected.region or NO_CHOICE
    for name, value in zip(KEYS, (region, departement, epci), strict=True):
        st.session_state[KEYS[name]] = value
    st.session_state[_NARROWED] = selected.narrowed_by_scope


def _code_from_url(name: str) -> str:
    """The URL's code for ``name``, or none when it has not the shape of such a code."""
    code = st.query_params.get(name, NO_CHOICE)
    return code if code and is_valid_code(name, code) else NO_CHOICE


def _territory(region: str, departement: str, epci: str) -> Territory:
    if epci:
        return Territory.epci(epci)
    if departement:
        return Territory.departement(departement)
    if region:
        return Territory.region(region)
    return Territory.national()


def _write_url(territory: Territory) -> None:
    """The URL names the territory shown (a département implies its région, kept for readability)."""
    region = st.session_state.get(KEYS["region"], NO_CHOICE)
    codes = {
        "region": region if territory.level != "national" else NO_CHOICE,
        "departement": NO_CHOICE,
        "epci": NO_CHOICE,
    }
    if territory.level == "departement":
        codes["departement"] = territory.code
    elif territory.level == "epci":
        codes["departement"] = st.session_state.get(KEYS["departement"], NO_CHOICE)
        codes["epci"] = territory.code
    for name, value in codes.items():
        if value:
            st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
