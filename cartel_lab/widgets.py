"""Interactive explorers used in the lessons.

Widgets compute in Python only when they must; highlighting a chart is done
by setting a Vega-Lite parameter on an ``alt.JupyterChart``, which updates
in the browser without re-sending the chart.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from cartel_lab.charts import KIND_ORDER, claims_by_kind_chart
from cartel_lab.data import load, sources, table_names


def claims_table_html(claims: pd.DataFrame, kind: str) -> str:
    """An HTML table of the claims whose primary kind is ``kind``."""
    chosen = claims[claims["primary_kind"] == kind]
    if chosen.empty:
        return f"<p>No claim in the op-ed is mainly <strong>{html.escape(kind)}</strong>.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(row.claim_id)}</td><td>{html.escape(row.claim)}</td>"
        f"<td>{html.escape(row.kind_label)}</td></tr>"
        for row in chosen.itertuples()
    )
    return (
        f"<p>{len(chosen)} claim(s) of kind <strong>{html.escape(kind)}</strong>:</p>"
        '<table class="cartel-lab-claims"><thead><tr><th>id</th><th>claim (paraphrased)</th>'
        f"<th>kind as labelled</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def claims_explorer(claims: pd.DataFrame | None = None, start: str = "empirical") -> widgets.VBox:
    """Pick a kind of claim: the chart highlights it and the table lists its claims."""
    claims = load("article_claims") if claims is None else claims
    picker = widgets.ToggleButtons(
        options=list(KIND_ORDER),
        value=start,
        description="Kind:",
        tooltips=[f"Show the {kind} claims" for kind in KIND_ORDER],
        style={"button_width": "90px"},
    )
    chart = alt.JupyterChart(claims_by_kind_chart(claims, selected=start))
    table = widgets.HTML(claims_table_html(claims, start))

    def show(change: dict) -> None:
        chart.params.selected_kind = change["new"]
        table.value = claims_table_html(claims, change["new"])

    picker.observe(show, names="value")
    return widgets.VBox([picker, chart, table])


def table_browser(start: str = "article_claims") -> widgets.VBox:
    """Pick a table: see what it holds, its first rows and where its numbers come from."""
    picker = widgets.Dropdown(options=table_names(), value=start, description="Table:")
    view = widgets.HTML()

    def show(name: str) -> None:
        frame = load(name)
        cited = sources(name)
        citations = "".join(
            f"<li>{html.escape(str(row.publisher))}: <em>{html.escape(str(row.title))}</em> "
            f"({html.escape(str(row.url))})</li>"
            for row in cited.itertuples()
        )
        view.value = (
            f"<h4>{html.escape(frame.attrs.get('title', name))}</h4>"
            f"<p>{html.escape(frame.attrs.get('description', ''))}</p>"
            f"<p>{len(frame)} rows. The first five:</p>{frame.head().to_html(index=False)}"
            f"<p>Sources:</p><ul>{citations}</ul>"
        )

    picker.observe(lambda change: show(change["new"]), names="value")
    show(start)
    return widgets.VBox([picker, view])
