"""Charts and the timeline explorer of lesson 05: the campaign against ISIS, drawn honestly.

Each chart draws what ``cartel_lab.coalition`` computes: dates as windows,
money as ranges in its own unit, GTI editions as separate marks never joined
by a line. The timeline explorer keeps its interactivity in Vega-Lite
parameters (series shown, own scale or indexed, start year, a brushed period);
the ipywidgets controls only set those parameters, so the chart is never re-sent.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from cartel_lab import coalition
from cartel_lab.charts import MUTED, live_chart
from cartel_lab.data import load
from cartel_lab.palette import BLUE, OKABE_ITO, ORANGE

GREEN = OKABE_ITO[2]

TERRITORY_SOURCE = "Source: IHS Conflict Monitor estimates, as published by IHS Markit and the press (isis_territory)."
REVENUE_SOURCE = (
    "Source: ICSR/EY (2017), CAT (2016) and IHS Markit (2016, 2017) estimates (isis_revenue)."
)
DEATHS_SOURCE = "Source: Institute for Economics & Peace, Global Terrorism Index, several editions (terrorism_deaths)."
MEMBERS_SOURCE = "Source: Global Coalition against Daesh and press reports of its member count (global_coalition_members)."
FIGHTERS_SOURCE = "Source: Soufan Group/Center, US government, ICSR and Cook & Vale estimates (isis_foreign_fighters)."
TIMELINE_SOURCE = (
    "Sources: the data package's ISIS tables; events: campaign_events, an authored selection "
    "with a source per date."
)


def _day(stamp: pd.Timestamp) -> str:
    return pd.Timestamp(stamp).strftime("%Y-%m-%d")


def _territory_frame() -> pd.DataFrame:
    held = coalition.territory_held()
    return pd.DataFrame(
        {
            "as_of": held["as_of_label"],
            "km2": held["km2"].astype(int),
            "first_day": held["first_day"].map(_day),
            "last_day": held["last_day"].map(_day),
            "midpoint": held["midpoint"].map(_day),
            "precision": held["precision"],
            "label": held["km2"].map(lambda v: f"{int(v):,}"),
        }
    )


def territory_chart() -> alt.LayerChart:
    """Territory held by ISIS (IHS), each estimate drawn over the whole window its date allows."""
    source = _territory_frame()
    base = alt.Chart(source)
    props = dict(
        title=alt.Title(
            "ISIS lost about three fifths of its territory between January 2015 and June 2017",
            subtitle=[TERRITORY_SOURCE],
        ),
        description=(
            "Dot chart of the territory ISIS held in Iraq and Syria, in km², at six IHS estimates "
            f"from {source['km2'].iloc[0]:,} km² (January 2015) to {source['km2'].iloc[-1]:,} km² "
            "(26 June 2017). A dot dated only by month sits at mid-month with a horizontal bar "
            "over the whole month; exact days have no bar. No line joins the dots."
        ),
        width=480,
        height=240,
    )
    x = alt.X("midpoint:T", title="Date of the estimate (bar: the month it could be)")
    y = alt.Y("km2:Q", title="Territory held (km²)", scale=alt.Scale(zero=True))
    window = base.mark_rule(strokeWidth=3).encode(color=alt.value(BLUE), x=x, x2="last_day:T", y=y)
    window_start = base.mark_rule(strokeWidth=3).encode(
        color=alt.value(BLUE),
        x=alt.X("first_day:T", title="Date of the estimate (bar: the month it could be)"),
        x2="midpoint:T",
        y=y,
    )
    dots = base.mark_point(filled=True, size=70).encode(
        color=alt.value(BLUE),
        x=x,
        y=y,
        shape=alt.Shape("precision:N", title="Date known to the"),
        tooltip=[
            alt.Tooltip("as_of:N", title="Date as published"),
            alt.Tooltip("km2:Q", title="km² held", format=","),
        ],
    )
    labels = base.mark_text(dy=-12, fontSize=11).encode(
        color=alt.value("black"), x=x, y=y, text="label:N"
    )
    return alt.layer(window_start, window, dots, labels, **props)


def loss_rate_chart() -> alt.LayerChart:
    """km² lost a month between consecutive estimates: a bar over each gap, with its honest range."""
    rates = coalition.territory_loss_rates()
    held = coalition.territory_held().set_index("as_of")
    source = pd.DataFrame(
        {
            "start": rates["from"].map(lambda a: _day(held.loc[a, "midpoint"])),
            "end": rates["to"].map(lambda a: _day(held.loc[a, "midpoint"])),
            "gap": rates["from"] + " to " + rates["to"],
            "km2_per_month": rates["km2_per_month"].round(0),
            "low": rates["km2_per_month_low"].round(0),
            "high": rates["km2_per_month_high"].round(0),
        }
    )
    source["middle"] = (
        pd.to_datetime(source["start"])
        + (pd.to_datetime(source["end"]) - pd.to_datetime(source["start"])) / 2
    ).map(_day)
    base = alt.Chart(source)
    props = dict(
        title=alt.Title(
            "ISIS lost territory fastest in the first half of 2017",
            subtitle=["km² lost per month between consecutive IHS estimates.", TERRITORY_SOURCE],
        ),
        description=(
            "Bars spanning each gap between two estimates of territory held, their height the "
            "average km² lost per month over that gap, with a black error bar from the slowest to "
            "the fastest rate the date labels allow. The pace rose from about "
            f"{source['km2_per_month'].iloc[0]:,.0f} km² a month in 2015 to about "
            f"{source['km2_per_month'].iloc[-1]:,.0f} in the first half of 2017."
        ),
        width=480,
        height=240,
    )
    bars = base.mark_rect(opacity=0.8, stroke="black", strokeWidth=0.5).encode(
        color=alt.value(ORANGE),
        x=alt.X("start:T", title="Gap between two estimates"),
        x2="end:T",
        y=alt.Y("km2_per_month:Q", title="Territory lost (km² per month)"),
        y2=alt.datum(0),
        tooltip=[
            alt.Tooltip("gap:N", title="Between"),
            alt.Tooltip("km2_per_month:Q", title="km² a month", format=",.0f"),
            alt.Tooltip("low:Q", title="Slowest possible (km² a month)", format=",.0f"),
            alt.Tooltip("high:Q", title="Fastest possible (km² a month)", format=",.0f"),
        ],
    )
    ranges = base.mark_rule().encode(
        color=alt.value("black"),
        x=alt.X("middle:T", title="Gap between two estimates"),
        y=alt.Y("low:Q", title="Territory lost (km² per month)"),
        y2="high:Q",
    )
    return alt.layer(bars, ranges, **props)


def revenue_chart() -> alt.VConcatChart:
    """Revenue estimates by estimator: US$ a year and US$ a month in separate panels, never one axis."""
    estimates = coalition.revenue_estimates()
    frame = pd.DataFrame(
        {
            "estimator": estimates["estimator"],
            "period": estimates["period"],
            "per": estimates["per"],
            "usd_millions": estimates["usd"] / 1e6,
            "qualifier": estimates["qualifier"].fillna(""),
            "midpoint": estimates["midpoint"].map(_day),
        }
    )
    frame["label"] = (
        frame["qualifier"] + " $" + frame["usd_millions"].map("{:,.0f}m".format)
    ).str.strip()
    estimators = ["ICSR/EY", "CAT", "IHS"]
    colour = alt.Color(
        "estimator:N",
        title="Estimator",
        scale=alt.Scale(domain=estimators, range=[BLUE, ORANGE, GREEN]),
    )
    shape = alt.Shape("estimator:N", scale=alt.Scale(domain=estimators), legend=None)

    def panel(per: str, title: str) -> alt.LayerChart:
        base = alt.Chart(frame[frame["per"] == per], width=460, height=150)
        x = alt.X(
            "midpoint:T",
            title="Period of the estimate (middle)",
            scale=alt.Scale(domain=["2014-01-01", "2017-12-31"]),
        )
        y = alt.Y("usd_millions:Q", title=title, scale=alt.Scale(zero=True))
        dots = base.mark_point(filled=True, size=90).encode(
            x=x,
            y=y,
            color=colour,
            shape=shape,
            tooltip=[
                alt.Tooltip("estimator:N", title="Estimator"),
                alt.Tooltip("period:N", title="Period as published"),
                alt.Tooltip("usd_millions:Q", title="US$ m", format=",.0f"),
                alt.Tooltip("qualifier:N", title="Qualifier as published"),
            ],
        )
        # Two IHS figures for mid-2015 sit close together: one label above, one below.
        above = base.transform_filter(alt.datum.period != "mid-2015")
        below = base.transform_filter(alt.datum.period == "mid-2015")
        text = [
            part.mark_text(dx=8, dy=dy, align="left", fontSize=11).encode(
                color=alt.value("black"), x=x, y=y, text="label:N"
            )
            for part, dy in ((above, -6), (below, 10))
        ]
        return alt.layer(dots, *text)

    return alt.vconcat(
        panel("year", "US$ millions a year"),
        panel("month", "US$ millions a month"),
        title=alt.Title(
            "Every estimate of ISIS's revenue falls, but the estimating bodies disagree widely",
            subtitle=[
                "Top: a year's total. Bottom: one month's. Never on one axis.",
                REVENUE_SOURCE,
            ],
        ),
        description=(
            "Two dot charts one above the other. Top, yearly totals: ICSR/EY up to $1,900m (2014) "
            "and at most $870m (2016), CAT $2,400m (2015). Bottom, monthly figures from IHS: "
            "about $80-81m in mid-2015, $56m in March 2016 and $16m in the second quarter of 2017. "
            "Colour and shape both name the estimator."
        ),
    )


def members_chart() -> alt.LayerChart:
    """Coalition member counts over time: exact days as filled dots, month- or year-dated as open."""
    members = load("global_coalition_members").dropna(subset=["as_of"])
    frame = pd.DataFrame(
        {
            "as_of": members["as_of_label"],
            "midpoint": members["as_of"].map(lambda a: _day(coalition.date_midpoint(a))),
            "members": members["members"].astype(int),
            "dated_to": members["as_of"].map(coalition.date_precision),
        }
    )
    frame = frame.sort_values(["midpoint", "members"]).drop_duplicates("midpoint", keep="last")
    base = alt.Chart(frame)
    props = dict(
        title=alt.Title(
            "The Coalition kept growing after ISIS lost its territory", subtitle=[MEMBERS_SOURCE]
        ),
        description=(
            f"Step chart of the Global Coalition's member count from {frame['members'].iloc[0]} "
            f"(2015) to {frame['members'].iloc[-1]} (June 2023), states and organisations. Counts "
            "dated only by month or year are grey-filled squares and triangles placed mid-period; undated snapshots are "
            "left out."
        ),
        width=480,
        height=220,
    )
    x = alt.X("midpoint:T", title="Date of the count")
    y = alt.Y("members:Q", title="Members (states and organisations)", scale=alt.Scale(zero=False))
    step = base.mark_line(interpolate="step-after").encode(color=alt.value(MUTED), x=x, y=y)
    dots = base.mark_point(size=60).encode(
        color=alt.value(BLUE),
        x=x,
        y=y,
        shape=alt.Shape("dated_to:N", title="Dated to the"),
        fill=alt.condition(alt.datum.dated_to == "day", alt.value(BLUE), alt.value(MUTED)),
        tooltip=[
            alt.Tooltip("as_of:N", title="Date as published"),
            alt.Tooltip("members:Q", title="Members (states and organisations)"),
        ],
    )
    return alt.layer(step, dots, **props)


def fighters_chart() -> alt.Chart:
    """People who travelled to join ISIS (or jihadist groups), by estimator: whom each count covers."""
    counts = coalition.fighter_counts()
    travel = counts[counts["measure"].isin(["foreign_fighters", "foreign_affiliates"])].copy()
    travel["count"] = travel["as_of"] + " · " + travel["estimator"]
    travel["value_high"] = travel["value_high"].astype(int)
    travel["value_low"] = travel["value_low"].astype(int)
    travel["scope"] = travel["scope"].astype(str)
    frame = travel.loc[:, ["count", "as_of", "value_low", "value_high", "scope", "measure"]]
    frame = frame.sort_values("as_of")
    base = alt.Chart(frame)
    props = dict(
        title=alt.Title(
            "Counts of foreigners who joined ISIS rise, but each counts different people",
            subtitle=["Read the scope: the counts cover different people.", FIGHTERS_SOURCE],
        ),
        description=(
            "Horizontal bars, one per published count of foreigners who travelled to Syria and "
            "Iraq, from about 12,000 (June 2014, all groups in Syria) to up to 52,808 (July 2019, "
            "foreigners recorded with IS, including women and minors). A range is drawn from its "
            "low to its high end; the scope of each count is written beside it."
        ),
        width=360,
        height=200,
    )
    y = alt.Y("count:N", sort=list(frame["count"]), title="Date and estimator")
    x_low = alt.X("value_low:Q", title="People (upper end of the count)")
    x_high = alt.X("value_high:Q", title="People (upper end of the count)")
    bars = base.mark_bar().encode(
        color=alt.value(BLUE),
        x=alt.X("value_high:Q", title="People (upper end of the count)"),
        y=y,
        tooltip=[
            alt.Tooltip("count:N", title="Date and estimator"),
            alt.Tooltip("scope:N", title="Whom it counts"),
            alt.Tooltip("value_low:Q", title="People (low end)", format=","),
            alt.Tooltip("value_high:Q", title="People (high end)", format=","),
        ],
    )
    low = base.mark_tick(thickness=2).encode(color=alt.value("black"), x=x_low, y=y)
    scope = base.mark_text(align="left", dx=4, fontSize=10).encode(
        color=alt.value("black"), x=x_high, y=y, text="scope:N"
    )
    return alt.layer(bars, low, scope, **props)


LABEL_GAP = 1_800  # deaths: about 13 px on the chart, one line of 9 px text and a margin


def _edition_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The labelled values, each label lifted just enough not to overlap the one below it.

    Several editions publish nearly the same number for a year (2014: 33,438 and
    33,555), so labels at the values themselves would print on top of each other.
    """
    labelled = frame[frame["edition"] != ""].sort_values(["year", "scope", "deaths"]).copy()
    label_y = []
    previous: dict[tuple[int, str], float] = {}
    for year, scope, deaths in labelled[["year", "scope", "deaths"]].itertuples(index=False):
        below = previous.get((year, scope))
        place = float(deaths) if below is None else max(float(deaths), below + LABEL_GAP)
        previous[(year, scope)] = place
        label_y.append(place)
    return labelled.assign(label_y=label_y)


def terrorism_deaths_chart() -> alt.LayerChart:
    """GTI deaths from terrorism: dots only, shape and colour by data provider, editions labelled.

    No line joins two values: the editions restate earlier years and the provider
    changed (START's GTD, then Dragonfly's TerrorismTracker), so a line would
    invent a series that no edition published.
    """
    deaths = coalition.terrorism_deaths_by_edition()
    frame = pd.DataFrame(
        {
            "year": deaths["year"].astype(int),
            "deaths": deaths["deaths"].astype(int),
            "scope": deaths["scope"].map(
                {
                    "world": "World",
                    "islamic_state": "Attributed to ISIS",
                    "islamic_state_and_affiliates": "Attributed to ISIS",
                }
            ),
            "provider": deaths["era"],
            "edition": deaths["gti_edition"].fillna(""),
            "run": deaths["run"],
        }
    )
    providers = ["START Global Terrorism Database", "Dragonfly TerrorismTracker"]
    scopes = ["World", "Attributed to ISIS"]
    base = alt.Chart(frame)
    props = dict(
        title=alt.Title(
            "Deaths from terrorism peaked in 2014 on START data; later values use another provider",
            subtitle=["Dots only: values from different editions are never joined.", DEATHS_SOURCE],
        ),
        description=(
            "Dot chart of deaths from terrorism per year, 2012-2023: world (blue) and attributed to "
            "ISIS (orange). Circles are values built on START's Global Terrorism Database, squares "
            "on Dragonfly's TerrorismTracker; a dashed vertical line marks the change of provider. "
            "2014 has three world values (first published, restated in GTI 2019 and GTI 2020) and "
            "2022 two ISIS values (GTI 2023, GTI 2024), each labelled by edition."
        ),
        width=480,
        height=260,
    )
    x = alt.X(
        "year:Q",
        title="Year",
        scale=alt.Scale(domain=[2011.5, 2023.5]),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    y = alt.Y("deaths:Q", title="Deaths from terrorism (per year)", scale=alt.Scale(zero=True))
    dots = base.mark_point(filled=True, size=70, opacity=0.85).encode(
        x=x,
        y=y,
        color=alt.Color(
            "scope:N", title="Deaths", scale=alt.Scale(domain=scopes, range=[BLUE, ORANGE])
        ),
        shape=alt.Shape(
            "provider:N",
            title="Data provider",
            scale=alt.Scale(domain=providers, range=["circle", "square"]),
        ),
        tooltip=[
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("scope:N", title="Whose deaths"),
            alt.Tooltip("deaths:Q", title="Deaths from terrorism (per year)", format=","),
            alt.Tooltip("provider:N", title="Data provider"),
            alt.Tooltip("edition:N", title="GTI edition"),
        ],
    )
    editions = (
        alt.Chart(_edition_labels(frame))
        .mark_text(align="right", dx=-7, fontSize=9)
        .encode(
            color=alt.value("black"),
            x=x,
            y=alt.Y("label_y:Q", title="Deaths from terrorism (per year)"),
            text="edition:N",
        )
    )
    switch = alt.Chart(pd.DataFrame({"year": [2020], "label": ["provider changes"]}))
    rule = switch.mark_rule(strokeDash=[4, 4]).encode(color=alt.value("black"), x=x)
    rule_label = switch.mark_text(align="left", dx=4, y=8, fontSize=10).encode(
        color=alt.value("black"), x=x, text="label:N"
    )
    return alt.layer(dots, editions, rule, rule_label, **props)


# -- the timeline explorer --------------------------------------------------------

SERIES = {
    "territory": "Territory held (km²)",
    "revenue": "Revenue, IHS (US$ a month)",
    "members": "Coalition members",
    "deaths": "Deaths from terrorism, world",
    "events": "Key events (authored selection)",
}
# Short names for the series check boxes (the rows of the chart carry the full names).
SERIES_BOXES = {
    "territory": "Territory",
    "revenue": "Revenue",
    "members": "Members",
    "deaths": "Deaths",
    "events": "Events",
}
START_YEARS = (2014, 2015, 2016, 2017, 2018)


def _index_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add index_<year> columns: value / (first value of the same run on or after 1 Jan year) x 100.

    A run that only begins after the index year while an earlier run of the
    same series already covers that year (the Dragonfly-based deaths from
    2021) is left out of the indexed view: re-basing it at 100 in its own
    first year would look like a fresh start of the same series.
    """
    first_dates = frame.groupby("run")["date"].min()
    series_of = frame.groupby("run")["series"].first()
    for year in START_YEARS:
        column = f"index_{year}"
        frame[column] = float("nan")
        for run, group in frame.groupby("run"):
            later = group[group["date"] >= f"{year}-01-01"].sort_values("date")
            siblings = first_dates[(series_of == series_of[run]) & (first_dates.index != run)]
            restarts = first_dates[run] > f"{year}-12-31" and (siblings <= f"{year}-12-31").any()
            if later.empty or group["series"].iloc[0] == "events" or restarts:
                continue
            base = later["value"].iloc[0]
            frame.loc[later.index, column] = (later["value"] / base * 100).round(1)
    return frame


def timeline_data() -> pd.DataFrame:
    """The explorer's long table: series, run, date (middle of its window), value, label, index_<year>.

    A run is a set of values that may be compared (one estimator, one data provider);
    indices are taken within a run, so no index divides one provider's number by another's.
    """
    held = coalition.territory_held()
    territory = pd.DataFrame(
        {
            "date": held["midpoint"].map(_day),
            "value": held["km2"].astype(float),
            "run": "IHS",
            "when": held["as_of_label"],
        }
    )
    monthly = coalition.revenue_estimates()
    monthly = monthly[monthly["per"] == "month"]
    revenue = pd.DataFrame(
        {
            "date": monthly["midpoint"].map(_day),
            "value": monthly["usd"],
            "run": "IHS",
            "when": monthly["period"],
        }
    )
    members_table = load("global_coalition_members").dropna(subset=["as_of"])
    members = (
        pd.DataFrame(
            {
                "date": members_table["as_of"].map(lambda a: _day(coalition.date_midpoint(a))),
                "value": members_table["members"].astype(float),
                "run": "Coalition count",
                "when": members_table["as_of_label"],
            }
        )
        .sort_values(["date", "value"])
        .drop_duplicates("date", keep="last")
    )
    deaths_table = coalition.terrorism_deaths_by_edition()
    world = deaths_table[deaths_table["scope"] == "world"]
    deaths = pd.DataFrame(
        {
            "date": world["year"].map(lambda y: f"{int(y)}-07-01"),
            "value": world["deaths"].astype(float),
            "run": world["era"],
            "when": world["year"].astype(str)
            + " ("
            + world["gti_edition"].fillna("edition not stated")
            + ")",
        }
    )
    events_table = load("campaign_events")
    events = pd.DataFrame(
        {
            "date": events_table["date"].map(lambda d: _day(coalition.date_midpoint(d))),
            "value": [float(i % 4) for i in range(len(events_table))],
            "run": "events",
            "when": events_table["date"],
            "label": events_table["event_id"],
            "event": events_table["event"],
        }
    )
    parts = []
    for series, part in (
        ("territory", territory),
        ("revenue", revenue),
        ("members", members),
        ("deaths", deaths),
        ("events", events),
    ):
        part = part.copy()
        part["series"] = series
        part["panel"] = SERIES[series]
        part["run"] = series + " · " + part["run"].astype(str)
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    frame["label"] = frame["label"].fillna("")
    frame["event"] = frame["event"].fillna("")
    frame["joined"] = frame["series"].isin(["territory", "revenue", "members"])
    frame = _index_columns(frame)
    return frame.reset_index(drop=True)


def timeline_chart(
    shown: tuple[str, ...] = tuple(SERIES), mode: str = "own", start: int = 2015
) -> alt.FacetChart:
    """One row per series on a shared time axis, each on its own scale or indexed to a start year.

    Vega-Lite parameters: ``shown`` ('|territory|revenue|...|'), ``scale_mode``
    ('own' or 'indexed'), ``index_start`` (a year in ``START_YEARS``), and the
    brush ``period`` (drag across any row). Events inside the brush stay black.
    """
    data = timeline_data()
    shown_param = alt.param(name="shown", value="|" + "|".join(shown) + "|")
    mode_param = alt.param(name="scale_mode", value=mode)
    start_param = alt.param(name="index_start", value=start)
    period = alt.selection_interval(name="period", encodings=["x"])
    base = (
        alt.Chart()
        .transform_filter("indexof(shown, '|' + datum.series + '|') >= 0")
        .transform_calculate(
            plotted="datum.series == 'events' ? datum.value : "
            "(scale_mode == 'indexed' ? datum['index_' + index_start] : datum.value)"
        )
        .transform_filter("isValid(datum.plotted)")
    )
    x = alt.X(
        "date:T",
        title="Date (middle of the period a value covers)",
        scale=alt.Scale(domain=["2012-01-01", "2023-12-31"]),
    )
    y = alt.Y("plotted:Q", title="Value or index", scale=alt.Scale(zero=False))
    lines = (
        base.transform_filter("datum.joined")
        .mark_line()
        .encode(color=alt.value(MUTED), x=x, y=y, detail="run:N")
    )
    dots = base.mark_point(filled=True, size=45).encode(
        x=x,
        y=y,
        color=alt.condition(period, alt.value(BLUE), alt.value(MUTED)),
        shape=alt.Shape("run:N", title="Series (run)", legend=None),
        tooltip=[
            alt.Tooltip("panel:N", title="Series"),
            alt.Tooltip("when:N", title="Date as published"),
            alt.Tooltip("value:Q", title="Value", format=",.0f"),
            alt.Tooltip("plotted:Q", title="Plotted", format=",.1f"),
            alt.Tooltip("event:N", title="Event"),
        ],
    )
    labels = (
        base.transform_filter("datum.series == 'events'")
        .mark_text(align="left", dx=5, fontSize=10)
        .encode(
            x=x,
            y=y,
            text="label:N",
            color=alt.condition(period, alt.value("black"), alt.value(MUTED)),
        )
    )
    hundred = (
        base.transform_filter("scale_mode == 'indexed' && datum.series != 'events'")
        .transform_calculate(start_level="100")
        .mark_rule(strokeDash=[4, 4])
        .encode(color=alt.value("black"), y=alt.Y("start_level:Q", title="Value or index"))
    )
    layered = alt.layer(lines, dots, labels, hundred, width=520, height=70).add_params(
        period, shown_param, mode_param, start_param
    )
    return layered.facet(
        row=alt.Row(
            "panel:N",
            title=None,
            sort=[SERIES[s] for s in SERIES],
            header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"),
        ),
        data=data,
        title=alt.Title(
            "Territory and revenue fell while the Coalition grew: the series move together",
            subtitle=[
                "Drag across a row to select a period; its events stay black.",
                TIMELINE_SOURCE,
            ],
        ),
        description=(
            "Five rows on one time axis, 2012-2023: territory held, IHS monthly revenue, Coalition "
            "members, world deaths from terrorism (dots only, never joined) and the key events "
            "(E01-E09). Each row has its own vertical scale, in its own unit or, when indexed, as "
            "100 times the value over the series' first value on or after the start year."
        ),
    ).resolve_scale(y="independent")


def events_table_html(start: str | None, end: str | None) -> str:
    """The key events inside a brushed period, as an HTML list (all events when nothing is brushed)."""
    events = load("campaign_events")
    if start and end:
        chosen = coalition.events_between(start, end, events)
        heading = f"Events between {html.escape(start)} and {html.escape(end)}"
    else:
        chosen = events.loc[:, ["event_id", "date", "event", "line_of_effort"]]
        heading = "All key events (drag across the chart to choose a period)"
    if chosen.empty:
        return f"<p><strong>{heading}:</strong> none.</p>"
    items = "".join(
        f"<li>{html.escape(row.event_id)} · {html.escape(row.date)}: {html.escape(row.event)}"
        + (
            f" <em>({html.escape(str(row.line_of_effort))})</em>"
            if pd.notna(row.line_of_effort)
            else ""
        )
        + "</li>"
        for row in chosen.itertuples()
    )
    return f"<p><strong>{heading}:</strong></p><ul>{items}</ul>"


def _brushed_days(value: object) -> tuple[str | None, str | None]:
    """(first day, last day) of an interval selection's value, or (None, None)."""
    try:
        first, last = dict(value)["date"]  # type: ignore[arg-type]
    except (TypeError, KeyError, ValueError):
        return None, None

    def day(point: object) -> str:
        if isinstance(point, int | float):
            return pd.Timestamp(point, unit="ms").strftime("%Y-%m-%d")
        return pd.Timestamp(str(point)).strftime("%Y-%m-%d")

    start, end = sorted((day(first), day(last)))
    if start == end or start < "2012-01-01" or end > "2023-12-31":
        return None, None
    return start, end


def timeline_explorer() -> widgets.VBox:
    """Toggle series, choose own scale or an index and its start, brush a period, read its events."""
    chart = live_chart(timeline_chart())
    mode = widgets.ToggleButtons(
        options=[("Own scale", "own"), ("Indexed", "indexed")],
        value="own",
        description="Scale:",
        tooltips=["Each series in its own unit", "Each series as 100 x value / its first value"],
    )
    start = widgets.Dropdown(options=list(START_YEARS), value=2015, description="Index start:")
    boxes = [
        widgets.Checkbox(value=True, description=label, indent=False, layout={"width": "110px"})
        for label in SERIES_BOXES.values()
    ]
    events = widgets.HTML(events_table_html(None, None))

    def show_series(_: dict) -> None:
        chosen = [name for name, box in zip(SERIES, boxes, strict=True) if box.value]
        chart.params.shown = "|" + "|".join(chosen) + "|"

    def set_mode(change: dict) -> None:
        chart.params.scale_mode = change["new"]

    def set_start(change: dict) -> None:
        chart.params.index_start = change["new"]

    def brushed(_: object) -> None:
        selection = getattr(chart.selections, "period", None)
        events.value = events_table_html(*_brushed_days(getattr(selection, "value", None)))

    for box in boxes:
        box.observe(show_series, names="value")
    mode.observe(set_mode, names="value")
    start.observe(set_start, names="value")
    chart.selections.observe(brushed, names=["period"])
    shown = widgets.HBox([widgets.Label("Show:"), *boxes], layout={"flex_flow": "row wrap"})
    return widgets.VBox([widgets.HBox([mode, start]), shown, chart, events])
