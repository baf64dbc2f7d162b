"""Charts and the policy explorer for the recruitment model (lesson 04).

The explorer is an ``alt.JupyterChart`` whose scenario lines and change bars
read Vega-Lite parameters; a slider runs the model once in Python (a few
milliseconds) and sets those parameters, so the browser redraws without
re-sending the chart. Lesson 04 explains why this beat a precomputed grid.
"""

from __future__ import annotations

from functools import cache

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from cartel_lab.charts import MUTED, live_chart
from cartel_lab.data import load
from cartel_lab.model import (
    PAPER,
    SUPER_CARTELS,
    WEEK_2022,
    WEEKS_PER_YEAR,
    history,
    project,
    sensitivity,
)
from cartel_lab.palette import BLUE, OKABE_ITO, ORANGE
from cartel_lab.violence import percent_change

VERMILLION = OKABE_ITO[5]
MODEL_SOURCE = f"Source: the module's rerun of the model of {PAPER}."
TRENDS_SOURCE = (
    "Observed: INEGI homicides and missing persons as used by the paper "
    "(replication file Trends2012_2021.csv, table mexico_trends_2012_2021)."
)
HORIZON_YEARS = 10  # the explorer shows 2022-2032
STEP_WEEKS = 4  # points on the explorer's lines: one every four weeks
YEAR_2027 = WEEK_2022 + 5 * WEEKS_PER_YEAR
# The members chart's y title, on each of its layers: layers with different titles share one
# axis whose title Vega-Lite joins with commas ("Cartel members (all groups), Members, Members").
MEMBERS_TITLE = "Cartel members (all groups)"


def observed_conflict_deaths() -> pd.DataFrame:
    """What the model was fitted to: a tenth of (homicides + missing persons) a year, per week.

    One row per year 2012-2021, placed at mid-year (``year`` + 0.5).
    """
    trends = load("mexico_trends_2012_2021")
    per_week = 0.1 * (trends["homicides"] + trends["missing_persons"]) / WEEKS_PER_YEAR
    return pd.DataFrame(
        {
            "year": trends["year"].astype(float) + 0.5,
            "calendar_year": trends["year"].astype(int),
            "deaths_per_week": per_week.astype(float),
        }
    )


def history_chart() -> alt.LayerChart:
    """Model weekly conflict deaths 2012-2022 (line) against the observed series it was fitted to (points)."""
    model = history().totals()[["year", "conflict_deaths"]]
    observed = observed_conflict_deaths()
    line = (
        alt.Chart(model)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(nice=False)),
            color=alt.value(BLUE),
            y=alt.Y("conflict_deaths:Q", title="Deaths per week", scale=alt.Scale(zero=True)),
            tooltip=[
                alt.Tooltip("year:Q", format=".1f", title="Year"),
                alt.Tooltip("conflict_deaths:Q", format=".0f", title="Model, deaths/week"),
            ],
        )
    )
    points = (
        alt.Chart(observed)
        .mark_point(shape="diamond", size=90, filled=True)
        .encode(
            color=alt.value(ORANGE),
            stroke=alt.value("black"),
            x=alt.X("year:Q", title="Year"),
            y=alt.Y("deaths_per_week:Q", title="Deaths per week"),
            tooltip=[
                alt.Tooltip("calendar_year:Q", format="d", title="Year"),
                alt.Tooltip("deaths_per_week:Q", format=".1f", title="Observed/10, per week"),
            ],
        )
    )
    labels = pd.DataFrame(
        {
            "year": [2019.6, 2013.0],
            "value": [97.0, 88.0],
            "label": ["model (line)", "observed ÷ 10 (diamonds)"],
        }
    )
    text = (
        alt.Chart(labels)
        .mark_text(align="left", fontSize=12)
        .encode(
            x=alt.X("year:Q", title="Year"),
            y=alt.Y("value:Q", title="Deaths per week"),
            text="label:N",
            color=alt.value("black"),
        )
    )
    return alt.layer(line, points, text).properties(
        title=alt.Title(
            "The model follows the decade's rise in deaths, not its dips and jumps",
            subtitle=[
                "Modelled conflict deaths per week against a tenth of homicides + missing persons.",
                MODEL_SOURCE,
                TRENDS_SOURCE,
            ],
        ),
        description=(
            "Line chart of the model's weekly conflict deaths from 2012 to 2022 (blue line), with "
            "one orange diamond per year 2012-2021 for a tenth of that year's homicides plus "
            "missing persons divided by 52, the series the authors fitted the model to."
        ),
        width=520,
        height=260,
    )


def members_history_chart() -> alt.LayerChart:
    """Modelled members 2012-2022 with the paper's published range for 2022 beside the line."""
    model = history().totals()[["year", "members"]]
    final_members = float(model["members"].iloc[-1])
    published = load("model_results").set_index("result_id")
    low, high = published.loc["M01", ["value_low", "value_high"]]
    band = pd.DataFrame(
        {"year": [2021.85], "low": [low], "high": [high], "label": ["paper: range"]}
    )
    line = (
        alt.Chart(model)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(nice=False)),
            color=alt.value(BLUE),
            y=alt.Y(
                "members:Q",
                title=MEMBERS_TITLE,
                scale=alt.Scale(zero=False),
                axis=alt.Axis(format=",.0f"),
            ),
            tooltip=[
                alt.Tooltip("year:Q", format=".1f", title="Year"),
                alt.Tooltip("members:Q", format=",.0f", title="Members"),
            ],
        )
    )
    rule = (
        alt.Chart(band)
        .mark_rule(strokeWidth=4)
        .encode(
            x=alt.X("year:Q", title="Year"),
            y=alt.Y("low:Q", title=MEMBERS_TITLE),
            y2="high:Q",
            color=alt.value(VERMILLION),
        )
    )
    text = (
        alt.Chart(band)
        .mark_text(align="right", dx=-8)
        .encode(
            x=alt.X("year:Q", title="Year"),
            y=alt.Y("high:Q", title=MEMBERS_TITLE),
            text="label:N",
            color=alt.value("black"),
        )
    )
    return alt.layer(line, rule, text).properties(
        title=alt.Title(
            "Modelled members grow from 115,000 (2012) to about "
            f"{round(final_members, -3):,.0f} (2022), inside the paper's range",
            subtitle=[
                MODEL_SOURCE,
                "Range: the paper's abstract, 160,000-185,000 members by 2022 (model_results M01).",
            ],
        ),
        description=(
            "Line chart of all cartel members in the model from 115,000 in January 2012 to about "
            "174,000 in January 2022, with a vermillion bar at 2022 spanning the paper's published "
            "range of 160,000 to 185,000."
        ),
        width=520,
        height=240,
    )


# ---------------------------------------------------------------- sensitivity

_OUTCOME_ORDER = (
    "members, 1 Jan 2022",
    "members, 1 Jan 2027",
    "conflict deaths per week, 1 Jan 2027",
)


def _capitalised(text: str) -> str:
    """``text`` with a capital first letter, for a title ("members, ..." -> "Members, ...")."""
    return text[0].upper() + text[1:]


def _strongest_input(frame: pd.DataFrame) -> str:
    """The input whose ±10 % moves any outcome most, capitalised for a title."""
    return _capitalised(str(frame.loc[frame["change_pct"].abs().idxmax(), "input"]))


def tornado_chart(frame: pd.DataFrame | None = None) -> alt.HConcatChart:
    """How far each outcome moves when each input moves ±10 %: one tornado per outcome.

    The first panel also shows the paper's own range for 2022 members
    (160,000-185,000) as a band, in percent of the modelled value.
    """
    frame = sensitivity() if frame is None else frame
    frame = frame.assign(input_label=frame["input"])
    order = (
        frame[frame["outcome"] == _OUTCOME_ORDER[1]]
        .assign(size=lambda f: f["change_pct"].abs())
        .groupby("input_label")["size"]
        .max()
        .sort_values(ascending=False)
        .index.tolist()
    )
    published = load("model_results").set_index("result_id")
    low, high = published.loc["M01", ["value_low", "value_high"]]
    modelled = history().totals()["members"].iloc[-1]
    paper_range = pd.DataFrame(
        {
            "low": [100 * (low / modelled - 1)],
            "high": [100 * (high / modelled - 1)],
        }
    )
    panels = []
    for number, outcome in enumerate(_OUTCOME_ORDER):
        chosen = frame[frame["outcome"] == outcome]
        # Room beyond the longest bars for their "-10%" / "+10%" labels, so no label runs
        # into the axis; the y-axis title is written once, on the first panel.
        reach = float(chosen["change_pct"].abs().max())
        x_scale = alt.Scale(domain=[-1.3 * reach, 1.3 * reach], nice=False)
        y_title = "Input moved by ±10 %" if number == 0 else None
        bars = (
            alt.Chart(chosen)
            .mark_bar()
            .encode(
                y=alt.Y("input_label:N", sort=order, title=y_title),
                yOffset=alt.YOffset("direction:N", sort=["-10%", "+10%"]),
                x=alt.X("change_pct:Q", title="Change in the outcome (%)", scale=x_scale),
                color=alt.Color(
                    "direction:N",
                    title="Input",
                    scale=alt.Scale(domain=["-10%", "+10%"], range=[BLUE, ORANGE]),
                ),
                tooltip=[
                    alt.Tooltip("input_label:N", title="Input"),
                    alt.Tooltip("direction:N", title="Moved by"),
                    alt.Tooltip("change_pct:Q", format="+.1f", title="Outcome change (%)"),
                ],
            )
        )
        labels = (
            alt.Chart(chosen)
            .mark_text(
                fontSize=9,
                color="black",
                align=alt.expr("datum.change_pct < 0 ? 'right' : 'left'"),
                dx=alt.expr("datum.change_pct < 0 ? -2 : 2"),
            )
            .encode(
                y=alt.Y("input_label:N", sort=order, title=y_title),
                yOffset=alt.YOffset("direction:N", sort=["-10%", "+10%"]),
                x=alt.X("change_pct:Q", title="Change in the outcome (%)", scale=x_scale),
                text=alt.Text("direction:N"),
            )
        )
        layers = [bars, labels]
        if number == 0:
            band = (
                alt.Chart(paper_range)
                .mark_rect(color=MUTED, opacity=0.5)
                .encode(x=alt.X("low:Q", title="Change in the outcome (%)"), x2="high:Q")
            )
            layers = [band, *layers]
        panels.append(
            alt.layer(*layers).properties(title=_capitalised(outcome), width=190, height=220)
        )
    return alt.hconcat(*panels).properties(
        title=alt.Title(
            f"{_strongest_input(frame)} moves every result most (each input ±10 %, without refitting)",
            subtitle=[
                MODEL_SOURCE,
                "Grey band (first panel): the paper's own range, 160,000-185,000 members "
                "(model_results M01), in % of the modelled value.",
            ],
        ),
        description=(
            "Three tornado charts, one per outcome (members in January 2022, members in January "
            "2027, weekly conflict deaths in January 2027). Each row is an input (recruitment, "
            "incapacitation, conflict, saturation, members in 2012); a blue bar labelled -10% and an "
            "orange bar labelled +10% show the percentage change in the outcome. The first panel "
            "has a grey band for the paper's published range."
        ),
    )


# ---------------------------------------------------------------- the explorer


def _change_rows() -> pd.DataFrame:
    """The four bars of the explorer: what changes by 2027, against 2022 and against the baseline."""
    frame = pd.DataFrame(
        {
            "slot": [0, 1, 2, 3],
            "measure": ["members", "members", "deaths per week", "deaths per week"],
            "against": ["vs 2022", "vs baseline 2027", "vs 2022", "vs baseline 2027"],
        }
    )
    frame["label"] = frame["measure"] + ", " + frame["against"]
    return frame


def explorer_state(
    recruitment_change: float = 0.0, incapacitation: float = 1.0, super_cartel: str = "none"
) -> dict[str, list[float]]:
    """The explorer's parameter values for one setting of its controls.

    ``members`` and ``deaths``: the scenario every four weeks from 1 January
    2022 to 2032; ``changes``: percent change by 1 January 2027 in members and
    weekly deaths, each against 2022 and against the baseline.
    """
    run = project(
        HORIZON_YEARS,
        recruitment=1 + recruitment_change / 100,
        incapacitation=incapacitation,
        super_cartel=super_cartel,
    )
    members = run.sizes.sum(axis=1)
    deaths = run.flow_totals["conflict_deaths"]
    base = _baseline_totals()
    start = history().totals().iloc[-1]
    at = YEAR_2027 - WEEK_2022  # row of 1 January 2027 in a run from 2022
    changes = [
        percent_change(start["members"], members[at]),
        percent_change(base["members"].iloc[at], members[at]),
        percent_change(start["conflict_deaths"], deaths[at]),
        percent_change(base["conflict_deaths"].iloc[at], deaths[at]),
    ]
    return {
        "members": np.round(members[::STEP_WEEKS], 1).tolist(),
        "deaths": np.round(deaths[::STEP_WEEKS], 2).tolist(),
        "changes": [round(float(value), 2) for value in changes],
    }


@cache
def _baseline_totals() -> pd.DataFrame:
    return project(HORIZON_YEARS).totals()


def _paths_frame() -> pd.DataFrame:
    """History 2012-2022 and the baseline 2022-2032, every four weeks, long form."""
    past = history().totals().iloc[::STEP_WEEKS]
    future = _baseline_totals().iloc[::STEP_WEEKS]
    rows = []
    for label, frame in (("history (fitted)", past), ("baseline (status quo)", future)):
        for measure, column in (("members", "members"), ("deaths per week", "conflict_deaths")):
            rows.append(
                pd.DataFrame(
                    {
                        "year": frame["year"],
                        "value": frame[column],
                        "series": label,
                        "measure": measure,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def _steps_frame() -> pd.DataFrame:
    """One row per point of the scenario lines; the values come from parameters."""
    count = HORIZON_YEARS * WEEKS_PER_YEAR // STEP_WEEKS + 1
    steps = np.arange(count)
    return pd.DataFrame({"step": steps, "year": 2022 + steps * STEP_WEEKS / WEEKS_PER_YEAR})


def policy_explorer_chart(
    recruitment_change: float = 0.0, incapacitation: float = 1.0, super_cartel: str = "none"
) -> alt.VConcatChart:
    """Members and weekly deaths 2012-2032 for one scenario beside the baseline, and the change by 2027.

    The scenario's lines and the four change bars read the Vega-Lite
    parameters ``members``, ``deaths`` and ``changes`` (see ``explorer_state``),
    which ``policy_explorer`` updates from its sliders.
    """
    state = explorer_state(recruitment_change, incapacitation, super_cartel)
    members = alt.param(name="members", value=state["members"])
    deaths = alt.param(name="deaths", value=state["deaths"])
    changes = alt.param(name="changes", value=state["changes"])
    paths = _paths_frame()
    steps = _steps_frame()
    style = alt.Scale(
        domain=["history (fitted)", "baseline (status quo)", "your scenario"],
        range=["black", MUTED, BLUE],
    )
    dashes = alt.Scale(
        domain=["history (fitted)", "baseline (status quo)", "your scenario"],
        range=[[1, 0], [6, 4], [1, 0]],
    )

    def panel(measure: str, parameter: alt.Parameter, title: str) -> alt.LayerChart:
        fixed = (
            alt.Chart(paths)
            .transform_filter(alt.datum.measure == measure)
            .mark_line(strokeWidth=2)
            .encode(
                x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
                y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=True)),
                color=alt.Color("series:N", scale=style, title="Line"),
                strokeDash=alt.StrokeDash("series:N", scale=dashes, title="Line"),
            )
        )
        scenario = (
            alt.Chart(steps)
            .transform_calculate(value=f"{parameter.name}[datum.step]", series="'your scenario'")
            .mark_line(strokeWidth=3)
            .encode(
                x=alt.X("year:Q", title="Year"),
                y=alt.Y("value:Q", title=title),
                color=alt.Color("series:N", scale=style, title="Line"),
                strokeDash=alt.StrokeDash("series:N", scale=dashes, title="Line"),
                tooltip=[
                    alt.Tooltip("year:Q", format=".1f", title="Year"),
                    alt.Tooltip("value:Q", format=",.0f", title=title),
                ],
            )
        )
        marker = (
            alt.Chart(pd.DataFrame({"year": [2027.0]}))
            .mark_rule(color="black", strokeDash=[2, 2])
            .encode(x=alt.X("year:Q", title="Year"))
        )
        return alt.layer(fixed, scenario, marker).properties(width=260, height=190, title=title)

    base = alt.Chart(_change_rows()).transform_calculate(
        change="changes[datum.slot]",
        shown="datum.label + ': ' + format(changes[datum.slot], '+.1f') + ' %'",
    )
    y = alt.Y(
        "shown:N", title=None, sort=alt.EncodingSortField("slot"), axis=alt.Axis(labelLimit=320)
    )
    x = alt.X("change:Q", title="Change by 1 Jan 2027 (%)")
    bars = base.mark_bar().encode(
        y=y,
        x=x,
        color=alt.Color(
            "against:N",
            scale=alt.Scale(domain=["vs 2022", "vs baseline 2027"], range=[VERMILLION, BLUE]),
            title="Compared with",
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Change"),
            alt.Tooltip("change:Q", format="+.1f", title="Percent"),
        ],
    )
    lines = alt.hconcat(
        panel("members", members, "Cartel members"),
        panel("deaths per week", deaths, "Conflict deaths per week"),
    )
    summary = bars.properties(width=380, height=110)
    return (
        alt.vconcat(lines, summary)
        .add_params(members, deaths, changes)
        .resolve_scale(color="independent", strokeDash="independent")
        .properties(
            title=alt.Title(
                "Halving recruitment bends both lines down; doubling incapacitation only slows their rise",
                subtitle=[
                    MODEL_SOURCE,
                    "Super-cartel scenarios are this module's extension, not the paper's.",
                ],
            ),
            description=(
                "Two line charts, cartel members and weekly conflict deaths from 2012 to 2032: the "
                "fitted history (solid black), the baseline projection (dashed grey) and the chosen "
                "scenario (solid blue), with a dotted line at 2027. Below, bars give the percentage "
                "change by January 2027 of members and of weekly deaths, each against 2022 "
                "(vermillion) and against the baseline in 2027 (blue)."
            ),
        )
    )


# Wide enough that each slider's track and the longest super-cartel name show in full.
CONTROL_LAYOUT = widgets.Layout(width="520px")


def policy_explorer() -> widgets.VBox:
    """Sliders for recruitment and incapacitation and a super-cartel choice, driving the explorer chart."""
    recruitment = widgets.IntSlider(
        value=0,
        min=-100,
        max=50,
        step=5,
        description="Recruitment change (%)",
        style={"description_width": "initial"},
        layout=CONTROL_LAYOUT,
        continuous_update=False,
    )
    incapacitation = widgets.FloatSlider(
        value=1.0,
        min=0.5,
        max=3.0,
        step=0.25,
        description="Incapacitation (× today)",
        style={"description_width": "initial"},
        layout=CONTROL_LAYOUT,
        continuous_update=False,
    )
    merger = widgets.Dropdown(
        options=list(SUPER_CARTELS),
        value="none",
        description="Super-cartel (module's extension)",
        style={"description_width": "initial"},
        layout=CONTROL_LAYOUT,
    )
    chart = live_chart(policy_explorer_chart())

    def update(_change: dict | None = None) -> None:
        state = explorer_state(recruitment.value, incapacitation.value, merger.value)
        with chart.hold_sync():
            chart.params.members = state["members"]
            chart.params.deaths = state["deaths"]
            chart.params.changes = state["changes"]

    for control in (recruitment, incapacitation, merger):
        control.observe(update, names="value")
    return widgets.VBox([recruitment, incapacitation, merger, chart])
