"""Expected values computed straight from the data CSVs, with no package code.

Shared by the tests of what a chart's spec promises (``test_chart_promises.py``) and of what
it draws in the browser (``browser/drawn_promises.py``), so both judge a chart by the same
reading of the data.
"""

from __future__ import annotations

import pandas as pd

from tests.vega_spec import csv

SINALOA, CJNG, CHAPITOS = "N10013", "N10025", "N10091"  # group ids in cartel_groups.csv


def preferred_homicides() -> pd.DataFrame:
    """Mexico's homicides, one row per year: the series the lesson prefers for that year."""
    rows = csv("mexico_homicides")
    return rows[rows["preferred"].astype(str).str.lower() == "true"].sort_values("year")


def merged_ties(pair: tuple[str, str] | None = None) -> pd.DataFrame:
    """The 2020 ties from the CSV; with ``pair``, the lesson's merger: their rivalry ends and
    they become allies at the network's strongest alliance weight."""
    ties = csv("cartel_ties")[["group_a", "group_b", "tie", "weight"]]
    if pair is None:
        return ties
    strongest = ties.loc[ties["tie"] == "alliance", "weight"].max()
    both = ties["group_a"].isin(pair) & ties["group_b"].isin(pair)
    kept = ties[~both]
    low, high = sorted(pair)
    joined = pd.DataFrame(
        [{"group_a": low, "group_b": high, "tie": "alliance", "weight": strongest}]
    )
    return pd.concat([kept, joined], ignore_index=True)
