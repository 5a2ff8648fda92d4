"""Page furniture shared by every page: header, banners, metrics, sections, tables under charts.

Pages compose these with a domain presenter (``dashboard.presenters``): the presenter
says what to show, in French; this module says how it looks, the same on every page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pydeck as pdk
import streamlit as st
from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

from dashboard.exports import CSV_MIME, XLSX_MIME, csv_bytes, export_file_name, xlsx_bytes
from dashboard.formatting import fr_number
from dashboard.presenters.common import Metric
from dashboard.resources import built, read
from dashboard.shared_frames import MEMO, displayed
from data_access import store_info
from data_access.selection import SelectedTerritory

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
TABLE_PAGE_CELLS = 5000
TABLE_PAGE_ROWS = 250
"""A table of more than ``TABLE_PAGE_CELLS`` cells is shown ``TABLE_PAGE_ROWS`` rows at a time: the
national list of forms (5 886 rows) alone was 2 MB per view, serialised by the server and drawn by
the browser each time. Short wide tables and the series under a chart stay whole; exports keep
every row."""


def page_header(title: str, territory: SelectedTerritory) -> None:
    """Title, territory name (and why it is not the one asked for, if so) and the demo banner."""
    st.title(title)
    st.markdown(f"**Territoire : {territory.name}**")
    if territory.narrowed_by_scope:
        st.warning(
            f"Votre compte donne accès à {territory.name} : le territoire demandé dans l'adresse "
            "a été remplacé par le vôtre.",
            icon=":material/lock:",
        )
    if read(store_info.is_demo_store):
        st.info(
            "Données de démonstration : ce tableau de bord affiche un jeu de données fictif "
            "mais vraisemblable, généré pour présenter l'outil.",
            icon=":material/info:",
        )


def empty_state(message: str) -> None:
    """A clear sentence instead of an empty chart."""
    st.info(message, icon=":material/inbox:")


WRAPPED_METRICS = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: normal !important; word-break: keep-all !important;
}
</style>"""
"""Metric values wrap instead of ending in « … »: « Feuille de route adoptée » read in full."""


def metrics_row(metrics: Sequence[Metric], *, columns: int | None = None, note: str | None = None) -> None:
    """Headline figures side by side (``columns`` wide, to align rows of different lengths), and a note."""
    for column, metric in zip(st.columns(columns or len(metrics)), metrics, strict=False):
        column.metric(metric.label, metric.value, help=metric.help)
    if note:
        st.caption(note)


def chart_section(
    title: str | None,
    frame: pd.DataFrame,
    chart: Callable[..., go.Figure],
    labels: dict[str, str],
    *,
    key: str,
    empty: str,
    is_empty: bool | None = None,
    caption: str | None = None,
    shown: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    chart_args: tuple = (),
    **column_config: object,
) -> bool:
    """The usual section: a title, then an empty state, or a caption and the chart with its table.

    ``frame`` is what the read returned; ``is_empty`` overrides ``frame.empty`` (e.g. all
    counts zero); ``shown`` formats the frame for the table (the chart gets the raw one);
    the chart is built once per data (``built``). Returns whether the chart was drawn.
    """
    if title:
        st.subheader(title)
    if frame.empty if is_empty is None else is_empty:
        empty_state(empty)
        return False
    if caption:
        st.caption(caption)
    table = frame if shown is None else shown(frame)
    chart_with_table(built(chart, frame, *chart_args), table, labels, key=key, **column_config)
    return True


def show_table(frame: pd.DataFrame, labels: dict[str, str], *, key: str, **column_config: object) -> None:
    """Show ``frame`` with French column headers; only the columns named in ``labels``, in that order."""
    shown = displayed(frame, labels)
    config = {labels.get(name, name): value for name, value in column_config.items()}
    table = arrow_rows(shown, table_rows(shown, key))
    st.dataframe(table, hide_index=True, column_config=config, key=key, width="stretch")
    export_buttons(shown, key)


def arrow_rows(frame: pd.DataFrame, rows: slice) -> pa.Table:
    """``frame.iloc[rows]`` as the Arrow table ``st.dataframe`` would make of it, once per frame."""
    return MEMO.get(
        frame, ("arrow", rows.start, rows.stop), lambda: convert_pandas_df_to_arrow_table(frame.iloc[rows])
    )


def table_rows(frame: pd.DataFrame, key: str) -> slice:
    """The rows of the page the user chose, when ``frame`` is longer than one page; else all."""
    if len(frame) <= TABLE_PAGE_ROWS or frame.size <= TABLE_PAGE_CELLS:
        return slice(0, len(frame))
    pages = math.ceil(len(frame) / TABLE_PAGE_ROWS)
    if st.session_state.get(f"{key}_page", 1) > pages:  # fewer rows since: filters narrowed the table
        st.session_state[f"{key}_page"] = 1
    number = st.number_input(
        f"Page du tableau (sur {fr_number(pages)})", min_value=1, max_value=pages, step=1, key=f"{key}_page"
    )
    start = (int(number) - 1) * TABLE_PAGE_ROWS
    end = min(start + TABLE_PAGE_ROWS, len(frame))
    st.caption(
        f"Lignes {fr_number(start + 1)} à {fr_number(end)} sur {fr_number(len(frame))} ; "
        "le tri d'une colonne porte sur cette page, les exports CSV et Excel contiennent toutes les lignes."
    )
    return slice(start, end)


def export_buttons(frame: pd.DataFrame, key: str) -> None:
    """CSV and XLSX downloads of a shown table, built only when clicked.

    One horizontal row rather than columns: three elements to send per table, not six.
    """
    row = st.container(horizontal=True)
    row.download_button(
        "CSV",
        data=partial(csv_bytes, frame),
        file_name=export_file_name(key, "csv"),
        mime=CSV_MIME,
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        "Excel",
        data=partial(xlsx_bytes, frame),
        file_name=export_file_name(key, "xlsx"),
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


def chart_with_table(
    figure: go.Figure, frame: pd.DataFrame, labels: dict[str, str], *, key: str, **column_config: object
) -> None:
    """A chart, and right under it the data it draws, as a table."""
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"{key}_chart", width="stretch")
    with st.expander("Données du graphique"):
        show_table(frame, labels, key=f"{key}_table", **column_config)


def map_with_table(
    deck: pdk.Deck,
    legend_html: str,
    frame: pd.DataFrame,
    labels: dict[str, str],
    *,
    key: str,
    height: int = 560,
    **column_config: object,
) -> None:
    """A pydeck map with its legend, and the data it draws as a table."""
    st.pydeck_chart(deck, height=height, key=f"{key}_map")
    st.html(legend_html)
    with st.expander("Données de la carte"):
        show_table(frame, labels, key=f"{key}_table", **column_config)
