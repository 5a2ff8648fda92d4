"""Mode COPIL: one département, panel by panel, for projection; the PDF brief for the minutes."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard.brief_pdf import brief_pdf
from dashboard.brief_pptx import brief_pptx
from dashboard.copil import PANEL_KEYS, PANELS, PROJECTOR_CSS, panel_index
from dashboard.exports import export_file_name
from dashboard.formatting import fr_date
from dashboard.layout import empty_state, page_header
from dashboard.resources import read
from dashboard.territory import current_territory
from data_access import brief as briefs
from data_access import store_info

PANEL_PARAM = "panneau"

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
selected = current_territory()
territory = selected.scope
if territory.level in ("national", "region"):
    page_header("Mode COPIL", selected)
    empty_state(
        "Le mode COPIL présente un département : choisissez-le dans la barre latérale, "
        "ou ouvrez une adresse telle que …/copil?departement=28."
    )
    st.stop()

scope = selected.departement_scope
brief = read(briefs.copil_brief, scope, read(store_info.reference_date)) if scope else None
if brief is None:
    page_header("Mode COPIL", selected)
    empty_state(f"Le département de ce territoire est inconnu de la base ({selected.name}).")
    st.stop()
# A viewer held to an EPCI sees its figures: the title names it, not its département.
heading = f"{brief.nom} ({brief.code})" if scope.level == "departement" else selected.name

st.html(PROJECTOR_CSS)
current = panel_index(st.query_params.get(PANEL_PARAM))


def go_to(index: int) -> None:
    st.query_params[PANEL_PARAM] = PANEL_KEYS[index % len(PANELS)]


panel = PANELS[current]
st.title(f"{heading} – {panel.title}")
demo = read(store_info.is_demo_store)
st.caption(
    f"Chiffres au {fr_date(brief.today)}, date de référence de la base"
    + (" – données de démonstration." if demo else ".")
)

previous_column, position_column, next_column, brief_column, deck_column = st.columns([1, 2, 1, 2, 2])
previous_column.button(
    "Précédent",
    icon=":material/arrow_back:",
    shortcut="Left",
    on_click=go_to,
    args=(current - 1,),
    disabled=current == 0,
    key="copil_previous",
)
position_column.markdown(f"Panneau {current + 1} sur {len(PANELS)} · flèches ← → du clavier")
next_column.button(
    "Suivant",
    icon=":material/arrow_forward:",
    shortcut="Right",
    on_click=go_to,
    args=(current + 1,),
    disabled=current == len(PANELS) - 1,
    type="primary",
    key="copil_next",
)
brief_column.download_button(
    "Télécharger la note COPIL (PDF)",
    data=partial(brief_pdf, brief, demo=demo),
    file_name=export_file_name(f"note COPIL {brief.code} {brief.nom} {brief.today.isoformat()}", "pdf"),
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    key="copil_brief_pdf",
)
deck_column.download_button(
    "Diaporama (PPTX)",
    data=partial(brief_pptx, brief, demo=demo),
    file_name=export_file_name(f"note COPIL {brief.code} {brief.nom} {brief.today.isoformat()}", "pptx"),
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    icon=":material/slideshow:",
    on_click="ignore",
    key="copil_brief_pptx",
)
st.query_params[PANEL_PARAM] = panel.key
panel.draw(brief)
