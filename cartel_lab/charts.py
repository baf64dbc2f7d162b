"""Chart recipes shared by the lessons: titled, labelled, sourced and colour-blind safe.

Importing this module switches Altair to its offline Jupyter renderer, so
charts draw with the JavaScript that ships inside ``vl-convert-python`` and
never reach for a CDN (Binder sessions and classrooms may have no internet).

Every public ``*_chart`` function can be called with no arguments (it then
loads its own data), returns an ``alt.Chart`` with a title, axis titles with
units, a source line and a text ``description``; the tests compile and render
each one.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from cartel_lab.data import allowed_values, load
from cartel_lab.palette import BLUE

alt.renderers.enable("jupyter", offline=True)
# The renderer goes offline only when it first draws a chart; widgets that build an
# alt.JupyterChart directly need the class switched offline now.
alt.JupyterChart.enable_offline()

HIGHLIGHT = BLUE
MUTED = "#BBBBBB"

# The kinds of claim, in the order the data package lists them.
KIND_ORDER = tuple(allowed_values("article_claims", "primary_kind"))
OP_ED_SOURCE = "Source: the module's paraphrase of Velasco, 'The new Cold War is between countries and super-cartels', The Hill, 29 July 2025."


def claims_by_kind_chart(
    claims: pd.DataFrame | None = None, selected: str = "empirical"
) -> alt.Chart:
    """Bar chart: how many of the op-ed's claims are of each kind.

    The bar of the ``selected`` kind is highlighted through the Vega-Lite
    parameter ``selected_kind``, which a widget can change without redrawing.
    """
    claims = load("article_claims") if claims is None else claims
    source = (
        claims.groupby("primary_kind")
        .size()
        .reindex(KIND_ORDER, fill_value=0)
        .rename_axis("kind")
        .reset_index(name="claims")
    )
    selected_kind = alt.param(name="selected_kind", value=selected)
    is_selected = alt.datum.kind == selected_kind
    return (
        alt.Chart(
            source,
            title=alt.Title("What kind of claims does the op-ed make?", subtitle=[OP_ED_SOURCE]),
            description=(
                "Horizontal bar chart of the number of claims of each kind among the op-ed's "
                f"{len(claims)} claims; the selected kind is drawn in blue with a black outline, "
                "the others in grey."
            ),
            width=420,
            height=220,
        )
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", sort=list(KIND_ORDER), title="Kind of claim"),
            x=alt.X("claims:Q", title="Number of claims", axis=alt.Axis(tickMinStep=1)),
            color=alt.condition(is_selected, alt.value(HIGHLIGHT), alt.value(MUTED)),
            stroke=alt.condition(is_selected, alt.value("black"), alt.value(None)),
            tooltip=[alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("claims:Q", title="Claims")],
        )
        .add_params(selected_kind)
    )
