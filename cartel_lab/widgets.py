"""Interactive explorers used in the lessons.

Widgets compute in Python only when they must; highlighting a chart is done
by setting a Vega-Lite parameter on an ``alt.JupyterChart``, which updates
in the browser without re-sending the chart.

Altair is imported only by the explorers that draw a chart, so that a lesson
with only a table browser (lesson 00) does not wait for it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from cartel_lab.data import load, sources, table_names
from cartel_lab.tables import readable
from cartel_lab.wording import plural

# The selected kind must show without colour: a check mark, bold text and a
# black outline (contrast 21:1 on white; WCAG asks 3:1 for a control's state).
SELECTED_MARK = "✓"
PICKER_CLASS = "cartel-lab-kind-picker"
PICKER_CSS = (
    f"<style>.{PICKER_CLASS} .widget-toggle-button.mod-active {{"
    " font-weight: bold; outline: 3px solid #000000; outline-offset: -3px;"
    " box-shadow: none; }"
    f" .{PICKER_CLASS} .widget-toggle-button.mod-active::before {{"
    f' content: "{SELECTED_MARK} "; }}</style>'
)


def claims_table_html(claims: pd.DataFrame, kind: str) -> str:
    """An HTML table of the claims whose primary kind is ``kind``."""
    chosen = claims[claims["primary_kind"] == kind]
    if chosen.empty:
        return f"<p>No claim in the op-ed is mainly <strong>{html.escape(kind)}</strong>.</p>"
    shown = chosen[["claim_id", "claim", "kind_label"]].rename(
        columns={"claim": "claim (paraphrased)", "kind_label": "kind as labelled"}
    )
    return (
        f"<p>{plural(len(chosen), 'claim')} of kind <strong>{html.escape(kind)}</strong>:</p>"
        + readable(shown).to_html()
    )


def claims_explorer(claims: pd.DataFrame | None = None, start: str = "empirical") -> widgets.VBox:
    """Pick a kind of claim: the chart highlights it and the table lists its claims."""
    from cartel_lab.charts import (  # Altair, set up offline
        KIND_ORDER,
        claims_by_kind_chart,
        live_chart,
    )

    claims = load("article_claims") if claims is None else claims
    picker = widgets.ToggleButtons(
        options=list(KIND_ORDER),
        value=start,
        description="Kind:",
        tooltips=[f"Show the {kind} claims" for kind in KIND_ORDER],
        style={"button_width": "auto"},  # wide enough for "✓ evaluative" in bold
    )
    picker.add_class(PICKER_CLASS)
    chart = live_chart(claims_by_kind_chart(claims, selected=start))
    table = widgets.HTML(PICKER_CSS + claims_table_html(claims, start))

    def show(change: dict) -> None:
        chart.params.selected_kind = change["new"]
        table.value = PICKER_CSS + claims_table_html(claims, change["new"])

    picker.observe(show, names="value")
    return widgets.VBox([picker, chart, table])


def table_page_html(name: str) -> str:
    """What the table browser shows for table ``name``: its title, first rows and sources."""
    frame = load(name)
    if name == "sources":
        cited_html = (
            "<p>This table is the catalogue of sources itself: every other table's "
            "<code>source_id</code> points to one of its rows.</p>"
        )
    else:
        cited = sources(name)[["source_id", "publisher", "title", "year", "url"]]
        cited_html = (
            f"<p>Sources: {plural(len(cited), 'source')}, as <code>sources({name!r})</code> "
            "lists them (click a link to open the page):</p>"
            + readable(cited, caption=f"{name}: sources").to_html()
        )
    return (
        f"<h4>{html.escape(frame.attrs.get('title', name))}</h4>"
        f"<p>{html.escape(frame.attrs.get('description', ''))}</p>"
        f"<p>{plural(len(frame), 'row')}. The first five, as <code>load({name!r})</code> "
        "gives them:</p>"
        + readable(frame.head(), caption=f"{name}: first rows").to_html()
        + cited_html
    )


def table_browser(start: str = "article_claims") -> widgets.VBox:
    """Pick a table: see what it holds, its first rows and where its numbers come from."""
    # Wide enough for the longest table name (mexico_organised_crime_killings) unclipped.
    picker = widgets.Dropdown(
        options=table_names(),
        value=start,
        description="Table:",
        layout=widgets.Layout(width="360px"),
    )
    view = widgets.HTML(table_page_html(start))

    def show(change: dict) -> None:
        view.value = table_page_html(change["new"])

    picker.observe(show, names="value")
    return widgets.VBox([picker, view])
