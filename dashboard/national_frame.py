"""The section that opens the synthèse and the « Objectifs nationaux » page: the four FNE targets.

One bordered card per indicator: value against target, share, change since the
previous snapshot, the date of the data and its source, the one-line note of a
proxy, and the projection to 2027 (labelled as such).
"""

from __future__ import annotations

import streamlit as st

from dashboard.presenters.indicators import EPCI_NOTE, TargetCard, target_cards
from dashboard.resources import read
from data_access.indicators import DEADLINE, TARGET_RULE, indicator_summaries
from data_access.scope import Territory


def show_target_cards(territory: Territory) -> None:
    """The cards of every indicator for ``territory``, then the rule that derives the targets."""
    cards = target_cards(read(indicator_summaries, territory))
    st.header(f"Objectifs nationaux {DEADLINE.year}")
    columns = st.columns(len(cards))
    for column, card in zip(columns, cards, strict=True):
        with column:
            show_card(card)
    notes = [TARGET_RULE]
    if territory.level == "epci":
        notes.append(EPCI_NOTE)
    st.caption(" ".join(notes))


def show_card(card: TargetCard) -> None:
    with st.container(border=True, key=f"objectif_{card.code}"):
        st.metric(card.titre, card.valeur)
        if card.target_line is not None:
            st.markdown(card.target_line)
        if card.tendance is not None:
            st.caption(card.tendance)
        if card.proxy is not None:
            st.caption(f":material/info: {card.proxy}")
        st.caption(card.source)
        if card.projection is not None:
            st.caption(card.projection)
