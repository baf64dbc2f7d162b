"""Lesson 07's charts: the strategy builder and the strategy space.

The builder's chart is an ``alt.JupyterChart`` whose strategy lines read
Vega-Lite parameters: a control runs the model once (a few milliseconds)
and sets them, as lesson 04's explorer does. The levers the model cannot
represent and the assumptions that decide its answer are shown beside the
chart, never dropped.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from cartel_lab.charts import MUTED, live_chart
from cartel_lab.model import PAPER, WEEKS_PER_YEAR
from cartel_lab.palette import BLUE, ORANGE
from cartel_lab.strategy import (
    BASELINE,
    DECIDING_ASSUMPTIONS,
    HORIZON_YEARS,
    INCAPACITATION_LEVELS,
    LEVERS,
    NETWORKS,
    OUTSIDE_LEVERS,
    RECRUITMENT_CUTS,
    YEAR_2032,
    Strategy,
    effects,
    run,
    strategy,
    strategy_space,
)

SOURCE = f"Source: the module's rerun of the model of {PAPER}; strategies are the student's."
STEP_WEEKS = 4  # one point every four weeks on the builder's lines
SERIES = ("baseline (status quo)", "level on 1 Jan 2022", "your strategy")
MEASURES = (
    ("members", "members", "Cartel members"),
    ("deaths", "conflict_deaths", "Conflict deaths per week"),
)


def strategy_state(plan: Strategy) -> dict[str, list[float]]:
    """The builder chart's parameter values for ``plan``: members and weekly deaths every four weeks."""
    totals = run(plan)
    return {
        "members": np.round(totals["members"].to_numpy()[::STEP_WEEKS], 1).tolist(),
        "deaths": np.round(totals["conflict_deaths"].to_numpy()[::STEP_WEEKS], 2).tolist(),
    }


def _fixed_lines() -> pd.DataFrame:
    """The baseline 2022-2032 and the 2022 level, every four weeks, long form."""
    base = run(BASELINE).iloc[::STEP_WEEKS]
    rows = []
    for measure, column, _ in MEASURES:
        rows.append(
            pd.DataFrame(
                {
                    "year": base["year"],
                    "value": base[column],
                    "series": SERIES[0],
                    "measure": measure,
                }
            )
        )
        level = float(base[column].iloc[0])
        rows.append(
            pd.DataFrame(
                {
                    "year": [2022.0, 2022.0 + HORIZON_YEARS],
                    "value": [level, level],
                    "series": SERIES[1],
                    "measure": measure,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def strategy_chart(plan: Strategy = BASELINE) -> alt.HConcatChart:
    """Members and weekly deaths 2022-2032 for ``plan`` against the baseline and the 2022 level.

    The strategy's lines read the Vega-Lite parameters ``members`` and
    ``deaths`` (see ``strategy_state``), which the builder updates.
    """
    state = strategy_state(plan)
    parameters = {name: alt.param(name=name, value=state[name]) for name in state}
    count = HORIZON_YEARS * WEEKS_PER_YEAR // STEP_WEEKS + 1
    steps = pd.DataFrame(
        {"step": np.arange(count), "year": 2022 + np.arange(count) * STEP_WEEKS / WEEKS_PER_YEAR}
    )
    fixed = _fixed_lines()
    colour = alt.Scale(domain=list(SERIES), range=[MUTED, "black", BLUE])
    dash = alt.Scale(domain=list(SERIES), range=[[6, 4], [2, 2], [1, 0]])
    x = alt.X(
        "year:Q",
        title="Year",
        axis=alt.Axis(format="d"),
        scale=alt.Scale(domain=[2022, 2022 + HORIZON_YEARS]),
    )

    def panel(measure: str, title: str) -> alt.LayerChart:
        y = alt.Y("value:Q", title=title, scale=alt.Scale(zero=True))
        lines = (
            alt.Chart(fixed)
            .transform_filter(alt.datum.measure == measure)
            .mark_line(strokeWidth=2)
            .encode(
                x=x,
                y=y,
                color=alt.Color("series:N", scale=colour, title="Line"),
                strokeDash=alt.StrokeDash("series:N", scale=dash, title="Line"),
            )
        )
        yours = (
            alt.Chart(steps)
            .transform_calculate(value=f"{measure}[datum.step]", series=f"'{SERIES[2]}'")
            .mark_line(strokeWidth=3)
            .encode(
                x=x,
                y=y,
                color=alt.Color("series:N", scale=colour, title="Line"),
                strokeDash=alt.StrokeDash("series:N", scale=dash, title="Line"),
                tooltip=[
                    alt.Tooltip("year:Q", format=".1f", title="Year"),
                    alt.Tooltip("value:Q", format=",.0f", title=title),
                ],
            )
        )
        return alt.layer(lines, yours).properties(width=250, height=190, title=title)

    return (
        alt.hconcat(*(panel(measure, title) for measure, _, title in MEASURES))
        .add_params(*parameters.values())
        .properties(
            title=alt.Title(
                "Your strategy against doing nothing and against 2022, 2022-2032",
                subtitle=[SOURCE, "Super-cartel networks are this module's extension."],
            ),
            description=(
                "Two line charts from 2022 to 2032, cartel members and weekly conflict deaths: "
                "the baseline, doing nothing on today's network (dashed grey), the level on "
                "1 January 2022 (dotted black) and your strategy (solid blue)."
            ),
        )
    )


def _changes_html(plan: Strategy) -> str:
    table = effects(plan)
    at = table[table["year"] == YEAR_2032]
    rows = "".join(
        f"<li>{html.escape(row.measure)}: {row.vs_2022_pct:+.1f} % against 2022, "
        f"{row.vs_baseline_pct:+.1f} % against the baseline</li>"
        for row in at.itertuples()
    )
    return f"<strong>By 1 January 2032</strong><ul>{rows}</ul>"


def side_panel_html(plan: Strategy) -> str:
    """What stands beside the chart: the change by 2032, the levers outside the model, the assumptions."""
    outside = [name for name in plan.outside]
    if outside:
        listed = "".join(
            f"<li><strong>{html.escape(name)}</strong>: {html.escape(LEVERS[name].how)}</li>"
            for name in outside
        )
    else:
        listed = "<li>none chosen</li>"
    assumptions = "".join(f"<li>{html.escape(text)}</li>" for text in DECIDING_ASSUMPTIONS)
    return (
        '<div class="cartel-lab-strategy-side" style="max-width: 30em">'
        + _changes_html(plan)
        + f'<strong>Outside the model</strong> (not in the chart)<ul class="outside">{listed}</ul>'
        + f"<strong>What decides the model's answer</strong><ul>{assumptions}</ul></div>"
    )


class StrategyBuilder(widgets.VBox):
    """The strategy builder: levers and strengths, the chart, and what the model leaves out.

    ``builder.strategy()`` returns the strategy its controls show now.
    """

    def __init__(self, plan: Strategy = BASELINE) -> None:
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="520px")  # the label and a usable slider side by side
        self.recruitment = widgets.SelectionSlider(
            options=list(RECRUITMENT_CUTS),
            value=int(plan.recruitment_cut),
            description="Recruitment prevention: cut (%)",
            style=style,
            layout=wide,
            continuous_update=False,
        )
        self.incapacitation = widgets.SelectionSlider(
            options=list(INCAPACITATION_LEVELS),
            value=float(plan.incapacitation),
            description="Incapacitation (× today's)",
            style=style,
            layout=wide,
            continuous_update=False,
        )
        self.network = widgets.Dropdown(
            options=list(NETWORKS), value=plan.network, description="Network", style=style
        )
        self.outside = {
            name: widgets.Checkbox(value=name in plan.outside, description=name, indent=False)
            for name in OUTSIDE_LEVERS
        }
        self.chart = live_chart(strategy_chart(plan))
        self.side = widgets.HTML(side_panel_html(plan))
        controls = widgets.VBox(
            [
                self.recruitment,
                self.incapacitation,
                self.network,
                widgets.HTML("<strong>Levers outside the model</strong>"),
                widgets.HBox(list(self.outside.values()), layout={"flex_flow": "row wrap"}),
            ]
        )
        super().__init__(
            [controls, widgets.HBox([self.chart, self.side], layout={"flex_flow": "row wrap"})]
        )
        for control in (self.recruitment, self.incapacitation, self.network):
            control.observe(self._update_model, names="value")
        for box in self.outside.values():
            box.observe(self._update_side, names="value")

    def strategy(self) -> Strategy:
        """The strategy the controls show."""
        return strategy(
            self.recruitment.value,
            self.incapacitation.value,
            self.network.value,
            [name for name, box in self.outside.items() if box.value],
        )

    def _update_model(self, _change: dict | None = None) -> None:
        plan = self.strategy()
        state = strategy_state(plan)
        with self.chart.hold_sync():
            self.chart.params.members = state["members"]
            self.chart.params.deaths = state["deaths"]
        self.side.value = side_panel_html(plan)

    def _update_side(self, _change: dict | None = None) -> None:
        self.side.value = side_panel_html(self.strategy())


def strategy_builder(plan: Strategy = BASELINE) -> StrategyBuilder:
    """The strategy builder, starting from ``plan`` (doing nothing, by default)."""
    return StrategyBuilder(plan)


def strategy_space_chart(
    plan: Strategy | None = None, space: pd.DataFrame | None = None
) -> alt.HConcatChart:
    """Every builder setting on each network: change in weekly deaths by 2032 against 2022, one cell each.

    ``space`` is ``strategy_space()`` (computed live, one batched run, when not
    given); ``plan``, when given, is marked with a black square on its network.
    """
    frame = strategy_space() if space is None else space
    at = frame[frame["year"] == YEAR_2032].copy()
    at["change"] = at["conflict_deaths_vs_2022_pct"].round(0)
    at["label"] = at["change"].map(lambda value: f"{value:+.0f}")
    colour = alt.Scale(domain=[-100, 0, 100], range=[BLUE, MUTED, ORANGE], clamp=True)
    x = alt.X("recruitment_cut:O", title="Recruitment cut (%)", sort=list(RECRUITMENT_CUTS))
    y = alt.Y(
        "incapacitation:O",
        title="Incapacitation (× today's)",
        sort=sorted(INCAPACITATION_LEVELS, reverse=True),
        axis=alt.Axis(format=".2f"),
    )
    panels = []
    for network in NETWORKS:
        cells = alt.Chart(at[at["network"] == network])
        rect = cells.mark_rect().encode(
            x=x,
            y=y,
            color=alt.Color("change:Q", scale=colour, title=["Weekly deaths, 2032", "vs 2022 (%)"]),
            tooltip=[
                alt.Tooltip("recruitment_cut:O", title="Recruitment cut (%)"),
                alt.Tooltip("incapacitation:O", title="Incapacitation (×)"),
                alt.Tooltip("conflict_deaths:Q", format=",.0f", title="Deaths per week, 2032"),
                alt.Tooltip("change:Q", format="+.0f", title="Change vs 2022 (%)"),
            ],
        )
        text = cells.mark_text(fontSize=8).encode(x=x, y=y, text="label:N")
        layers = [rect, text]
        if plan is not None and plan.network == network:
            mark = pd.DataFrame(
                {
                    "recruitment_cut": [int(plan.recruitment_cut)],
                    "incapacitation": [plan.incapacitation],
                }
            )
            layers.append(
                alt.Chart(mark)
                .mark_square(size=420, filled=False, color="black", strokeWidth=3)
                .encode(x=x, y=y)
            )
        title = "Today's network" if network == "none" else f"Super-cartel: {network}"
        panels.append(alt.layer(*layers).properties(width=230, height=200, title=title))
    return alt.hconcat(*panels).properties(
        title=alt.Title(
            "By 2032, a 30 % recruitment cut or 2.25 × today's incapacitation each bring weekly "
            "deaths below 2022; together, far less of each",
            subtitle=[
                "Change in weekly conflict deaths on 1 January 2032 against 1 January 2022 (%), "
                "every builder setting; your strategy boxed.",
                SOURCE,
            ],
        ),
        description=(
            "Three heat maps, one per network (today's and two super-cartels): columns are the "
            "recruitment cut (0-100 %), rows the incapacitation (1 to 3 times today's); each "
            "cell's colour and number give the change in weekly conflict deaths by 2032 against "
            "2022, blue for a fall and orange for a rise."
        ),
    )
