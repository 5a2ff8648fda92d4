"""The contribution map: every département coloured by its share of its target, overseas in insets."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.charts.indicators import contribution_map


def frame(codes: list[str], objectif: float | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": codes,
            "nom": codes,
            "population": [100_000] * len(codes),
            "valeur": [50.0] * len(codes),
            "objectif": [objectif] * len(codes),
            "progression": [50 / objectif if objectif else float("nan")] * len(codes),
        }
    )


def test_national_map_draws_the_drom_with_metropolitan_france():
    deck, legend = contribution_map(frame(["28", "971", "974", "976"], 100.0), "aidants", national=True)
    payload = json.loads(deck.to_json())
    drawn = {
        feature["properties"]["code"]
        for layer in payload["layers"]
        if isinstance(layer.get("data"), dict)
        for feature in layer["data"].get("features", [])
    }
    assert {"28", "971", "974", "976"} <= drawn
    assert "Part de l'objectif atteinte" in legend


def test_without_target_the_map_reads_per_100_000_inhabitants():
    _, legend = contribution_map(frame(["28"], None), "conseillers")
    assert "Conseillers pour 100 000 habitants" in legend
