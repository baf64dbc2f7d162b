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

import base64
import html
import os
import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from cartel_lab.data import allowed_values, load
from cartel_lab.palette import BLUE


def offline_bundle_cache() -> Path:
    """Where the offline JavaScript bundle is kept, one file per Altair and vl-convert version."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "cartel_lab" / f"altair-{alt.__version__}-vl-convert-{vl_convert.__version__}.js"


# Vega draws every chart in JupyterLab as SVG, not on its default <canvas>. Either way Vega puts
# the chart's description on its container (aria-label); only in SVG does it write the ARIA roles
# and labels of the axes ("X-axis titled 'Year' ... from 2000 to 2024") and of each mark item
# (its data, "Year: 2005; Homicides: 9921"), so a screen reader can read the chart's axes and
# values; and the browser tests can read what is drawn (paths, their count and extent). The
# renderer passes these options to each alt.JupyterChart, whose JavaScript passes them to vegaEmbed.
EMBED_OPTIONS = {"renderer": "svg"}


def live_chart(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """``chart`` as the ``alt.JupyterChart`` widget an explorer updates, drawn as SVG.

    For explorers that set the chart's parameters from their controls; the
    renderer draws every other chart with the same :data:`EMBED_OPTIONS`.
    """
    return alt.JupyterChart(chart, embed_options=dict(EMBED_OPTIONS))


def switch_charts_offline() -> None:
    """Make every chart draw with JavaScript shipped in vl-convert, never from a CDN.

    ``alt.JupyterChart.enable_offline()`` bundles that JavaScript anew in every
    kernel (seconds of a lesson's Run All). The bundle depends only on the two
    pinned packages' versions, so it is kept on disk after the first kernel
    (Binder's postBuild makes it once at build time) and read back after.
    """
    alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    cache = offline_bundle_cache()
    try:
        bundle = cache.read_text(encoding="utf-8")
    except OSError:
        bundle = ""
    if bundle:
        alt.JupyterChart._esm = bundle
        alt.JupyterChart._is_offline = True
        return
    alt.JupyterChart.enable_offline()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=cache.parent, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(alt.JupyterChart._esm)
        os.replace(partial, cache)
    except OSError:
        pass  # a read-only home: every kernel bundles for itself, as Altair does


STATIC_CHARTS_VARIABLE = "CARTEL_LAB_STATIC_CHARTS"


def static_chart_html(spec: dict, **metadata: object) -> dict[str, str]:
    """An Altair renderer for the rendered edition (``make site``): a drawn chart, no kernel.

    The chart becomes an SVG picture (drawn by vl-convert, offline) in an
    ``<img>`` whose text alternative is the chart's written ``description``
    (else its title), so the page needs no JavaScript, no widget and no CDN.
    """
    version = "v" + "_".join(alt.VEGALITE_VERSION.split(".")[:2])  # "v6_4", as Altair passes it
    svg = vl_convert.vegalite_to_svg(spec, vl_version=version)
    title = spec.get("title", "")
    title_text = title.get("text", "") if isinstance(title, dict) else title
    if isinstance(title_text, list):
        title_text = " ".join(title_text)
    alt_text = spec.get("description") or title_text or "Chart"
    source = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {
        "text/html": (
            f'<img class="cartel-lab-chart" alt="{html.escape(alt_text)}" '
            f'src="data:image/svg+xml;base64,{source}">'
        ),
        "text/plain": f"Chart: {title_text}",
    }


alt.renderers.register("cartel_lab_static", static_chart_html)

# The renderer goes offline only when it first draws a chart; widgets that build an
# alt.JupyterChart directly need the class switched offline now.
switch_charts_offline()
# The rendered edition's build sets this variable in its kernels: charts are drawn as pictures.
if os.environ.get(STATIC_CHARTS_VARIABLE) == "1":
    alt.renderers.enable("cartel_lab_static")

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
    # No more ticks than claims: d3 then steps by whole numbers, never half a claim.
    ticks = max(1, min(int(source["claims"].max()), 7))
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
            x=alt.X("claims:Q", title="Number of claims", axis=alt.Axis(tickCount=ticks)),
            color=alt.condition(is_selected, alt.value(HIGHLIGHT), alt.value(MUTED)),
            stroke=alt.condition(is_selected, alt.value("black"), alt.value(None)),
            tooltip=[alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("claims:Q", title="Claims")],
        )
        .add_params(selected_kind)
    )
