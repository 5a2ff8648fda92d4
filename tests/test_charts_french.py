"""Figures on charts are written as on the tables: « 2 705 », not « 2705 »."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.candidatures import persona_intention_chart
from dashboard.formatting import fr_number


def test_bar_labels_and_axes_group_thousands_as_the_tables() -> None:
    frame = pd.DataFrame(
        {
            "persona_libelle": ["Structure", "Commune"],
            "intention": ["participer", "participer"],
            "candidatures": [2705, 181],
        }
    )
    figure = persona_intention_chart(frame)
    labels = [text for trace in figure.data for text in (trace.text or ())]
    assert fr_number(2705) in labels and "2705" not in labels
    assert figure.layout.separators == ", "
    assert figure.layout.yaxis.separatethousands is True
