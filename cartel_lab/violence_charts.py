"""Charts and the "claim vs data" explorer of lesson 02 (the violence in numbers).

Every chart marks a preliminary or provisional value by its shape (a hollow
triangle) as well as in its tooltip, draws the op-ed's number as a labelled
rule, and never joins two series or two registers into one line.

The explorer computes nothing in Python when a control moves: the chart holds
every series, and three Vega-Lite parameters (``series``, ``start``, ``end``)
choose what it shows and the change it reports, so an update is drawn in the
browser at once.
"""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from cartel_lab.charts import MUTED, live_chart
from cartel_lab.data import load
from cartel_lab.palette import BLUE, OKABE_ITO, ORANGE
from cartel_lab.violence import (
    CATALOGUE,
    FINAL,
    NOT_STATED,
    PRELIMINARY,
    SNAPSHOT,
    STATUSES,
    all_series,
    check_years,
    series,
    series_info,
    year_range,
)

GREEN = OKABE_ITO[2]
INEGI_SOURCE = "Source: INEGI death records (definitive and preliminary releases); 2000-2004 Valle-Jones tabulation of INEGI records; see sources('mexico_homicides')."
HRW_SOURCE = [
    "Sources: INEGI (homicides); the Mexican government's count of organised-crime killings, as",
    "reported by Human Rights Watch (2011) and, from the Attorney General's release of January",
    "2012, by 24 Horas and El Universal (see sources('mexico_organised_crime_killings')).",
]
HOMICIDES = "all homicides (INEGI)"
ATTRIBUTED = "attributed to organised crime (government)"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
REGISTER_SOURCE = "Sources: RNPED via Voces Mesoamericanas (2019); RNPDNO third-party scrape; see sources('mexico_disappeared_by_year')."
EXPLORER_SOURCE = "Sources: INEGI, RNPED, RNPDNO, CDC/NCHS, as listed in sources(<table>) for each table; the op-ed's number from claim_numbers."
SHAPES = {FINAL: "circle", PRELIMINARY: "triangle-up", SNAPSHOT: "square", NOT_STATED: "diamond"}
_SHAPE = alt.Scale(domain=list(STATUSES), range=[SHAPES[s] for s in STATUSES])


def _op_ed_rules() -> pd.DataFrame:
    """The op-ed's numbers that a catalogue series tests, with a label read from claim_numbers."""
    numbers = load("claim_numbers").set_index("number_id")
    rows = []
    for info in CATALOGUE:
        if info.claim_number:
            row = numbers.loc[info.claim_number]
            qualifier = f"{row['qualifier']} " if pd.notna(row["qualifier"]) else ""
            rows.append(
                {
                    "series": info.name,
                    "value": float(row["value"]),
                    "label": f"Op-ed ({row['claim_id']}): {qualifier}{row['value']:,.0f} "
                    f"({row['quantity']})",
                }
            )
    return pd.DataFrame(rows)


def homicides_chart() -> alt.LayerChart:
    """Mexico's homicides 2000-2024: definitive and preliminary releases, the 2005 break, 30,000."""
    rows = load("mexico_homicides")
    rows = rows.loc[rows["preferred"].fillna(False) | (rows["status"] == "preliminary")]
    points = pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "homicides": rows["homicides"].astype(float),
            "status": rows["status"].map({"definitive": FINAL, "preliminary": PRELIMINARY}),
            "line": rows["series"].where(rows["preferred"].fillna(False)),
            "series": rows["series"],
        }
    ).drop_duplicates(["year", "homicides", "status"])
    threshold = _op_ed_rules().query("series == 'homicides'")
    base = alt.Chart(points)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    y_title = "Homicides (deaths per year)"  # the rule layers repeat it: layers share one axis
    y = alt.Y("homicides:Q", title=y_title)
    line = (
        base.transform_filter("isValid(datum.line)")
        .mark_line()
        .encode(
            x=x,
            y=y,
            color=alt.value(BLUE),
            detail="line:N",
            strokeDash=alt.condition(
                alt.datum.line == "valle_jones_tabulation", alt.value([4, 3]), alt.value([1, 0])
            ),
        )
    )
    dots = base.mark_point(size=55, filled=True).encode(
        x=x,
        y=y,
        color=alt.value(BLUE),
        shape=alt.Shape(
            "status:N",
            scale=alt.Scale(
                domain=[FINAL, PRELIMINARY], range=[SHAPES[FINAL], SHAPES[PRELIMINARY]]
            ),
            title="Value",
        ),
        tooltip=[
            alt.Tooltip("year:Q", format="d", title="Year"),
            alt.Tooltip("homicides:Q", format=",", title="Homicides"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("series:N", title="Series"),
        ],
    )
    rule = (
        alt.Chart(threshold)
        .mark_rule(strokeDash=[6, 3])
        .encode(y=alt.Y("value:Q", title=y_title), color=alt.value(ORANGE))
    )
    label = (
        alt.Chart(threshold)
        .mark_text(align="left", dx=4, dy=-7, color="black")
        .encode(y=alt.Y("value:Q", title=y_title), x=alt.value(0), text="label:N")
    )
    return alt.layer(line, dots, rule, label).properties(
        title=alt.Title(
            "Homicides in Mexico passed 30,000 a year only from 2017",
            subtitle=[INEGI_SOURCE],
        ),
        description=(
            "Line chart of registered homicides in Mexico per year, 2000-2024. The line is dashed "
            "for 2000-2004 (a different tabulation) and breaks at 2005. Filled circles are "
            "definitive counts; triangles are INEGI's first, preliminary release, usually "
            "slightly lower. A dashed orange rule marks the op-ed's 30,000 cartel deaths a year."
        ),
        width=520,
        height=280,
    )


def _share_in_words(share: float) -> str:
    """0.32 -> 'a third'; 0.59 -> 'three fifths': the chart title's reading of a share."""
    words = {1 / 4: "a quarter", 1 / 3: "a third", 1 / 2: "half", 3 / 5: "three fifths"}
    return words[min(words, key=lambda fraction: abs(fraction - share))]


def cartel_killings_chart() -> alt.LayerChart:
    """Homicides vs killings the government attributed to organised crime, 2007-September 2011.

    A part-year of the government's count gets its own row, with no homicide bar
    beside it: a part of a year is not comparable with a whole one.
    """
    killings = load("mexico_organised_crime_killings")
    homicides = series("homicides").rename(columns={"value": "homicides"})
    both = killings.merge(homicides[["year", "homicides"]], on="year")
    full = both.loc[both["months"] == 12]
    partial = both.loc[both["months"] < 12]
    partial_years = [
        f"{year} (January-{_MONTHS[months - 1]} only)"
        for year, months in zip(partial["year"], partial["months"], strict=True)
    ]
    source = pd.concat(
        [
            pd.DataFrame(
                {"year": full["year"].astype(str), "count": full["homicides"], "what": HOMICIDES}
            ),
            pd.DataFrame(
                {"year": full["year"].astype(str), "count": full["killings"], "what": ATTRIBUTED}
            ),
            pd.DataFrame({"year": partial_years, "count": partial["killings"], "what": ATTRIBUTED}),
        ],
        ignore_index=True,
    ).astype({"year": str, "count": float})
    source = source.sort_values(["year", "what"], kind="stable").reset_index(drop=True)
    shares = full["killings"] / full["homicides"]
    first, last = int(full["year"].min()), int(full["year"].max())
    order = [HOMICIDES, ATTRIBUTED]
    base = alt.Chart(source).encode(
        y=alt.Y("year:N", title="Year", axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("what:N", sort=order),
        x=alt.X(
            "count:Q",
            title="Deaths (persons; a whole year, or the months shown)",
            axis=alt.Axis(format=",.0f"),
        ),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "what:N",
            scale=alt.Scale(domain=order, range=[MUTED, BLUE]),
            legend=alt.Legend(title="What is counted", orient="bottom", labelLimit=400),
        ),
        tooltip=[
            alt.Tooltip("year:N", title="Year"),
            alt.Tooltip("what:N", title="What is counted"),
            alt.Tooltip("count:Q", format=",", title="Deaths"),
        ],
    )
    labels = base.mark_text(align="left", dx=3, color="black").encode(
        text=alt.Text("count:Q", format=",")
    )
    return alt.layer(bars, labels).properties(
        title=alt.Title(
            "Even by the government's own count, organised crime was "
            f"{_share_in_words(shares.min())} to {_share_in_words(shares.max())} of homicides "
            f"({first}-{last})",
            subtitle=HRW_SOURCE,
        ),
        description=(
            f"Horizontal bar chart: for each year {first}-{last}, all registered homicides (grey) "
            "and, beneath, the killings the Mexican government attributed to organised crime "
            "(blue); then the government's count for the first months of the next year alone "
            "(no homicide bar: a part of a year is not comparable with a whole one). Each bar is "
            "labelled with its number."
        ),
        width=420,
        height=260,
    )


def registers_chart() -> alt.LayerChart:
    """Disappeared persons by year in two registers (RNPED, RNPDNO scrape), never joined."""
    rows = load("mexico_disappeared_by_year")
    names = {
        "rnped_open_investigations": "RNPED: open investigations, by year last seen (read 2018)",
        "rnpdno_scrape_not_located": "RNPDNO: still not located, by year of disappearance (scrape)",
    }
    rows = rows.loc[rows["series"].isin(list(names))]
    source = pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "persons": rows["persons"].astype(float),
            "register": rows["series"].map(names),
        }
    )
    order = list(names.values())
    encoding = {
        "x": alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
        "y": alt.Y("persons:Q", title="Persons (per year, as registered)"),
    }
    line = (
        alt.Chart(source)
        .mark_line(point=True)
        .encode(
            **encoding,
            color=alt.Color(
                "register:N",
                scale=alt.Scale(domain=order, range=[BLUE, GREEN]),
                legend=alt.Legend(
                    title="Register (never one series)", orient="bottom", labelLimit=420
                ),
            ),
            strokeDash=alt.StrokeDash(
                "register:N", scale=alt.Scale(domain=order, range=[[1, 0], [5, 3]]), legend=None
            ),
            shape=alt.Shape(
                "register:N", scale=alt.Scale(domain=order, range=["circle", "square"]), legend=None
            ),
            tooltip=[
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("persons:Q", format=",", title="Persons"),
                alt.Tooltip("register:N", title="Register"),
            ],
        )
    )
    marked = source.loc[
        (source["register"] == order[0]) & source["year"].isin([2004, 2010])
    ].assign(label=lambda f: f["persons"].map("{:,.0f}".format) + " in " + f["year"].astype(str))
    labels = (
        alt.Chart(marked)
        .mark_text(align="right", dx=-6, dy=-9, color="black")
        .encode(**encoding, text="label:N")
    )
    return alt.layer(line, labels).properties(
        title=alt.Title(
            "Two registers of the disappeared, two different counts", subtitle=[REGISTER_SOURCE]
        ),
        description=(
            "Two separate lines of persons registered as disappeared per year: the old RNPED "
            "register (blue, solid, circles, 2000-2017) and a scrape of the new RNPDNO register "
            "(green, dashed, squares, 2010-2024). Labels mark RNPED's 18 in 2004 and 3,311 in 2010."
        ),
        width=520,
        height=280,
    )


def claim_vs_data_chart(
    series: str = "homicides", start: int | None = None, end: int | None = None
) -> alt.LayerChart:
    """One series between two years, the op-ed's number as a rule, and the change over the range.

    The Vega-Lite parameters ``series``, ``start`` and ``end`` choose what is
    shown; ``claim_vs_data_explorer`` sets them from its controls. An unknown
    series or a range outside the data raises ``ValueError`` naming the valid
    names or years.
    """
    info = series_info(series)
    first, last = year_range(info.name)
    start = first if start is None else int(start)
    end = last if end is None else int(end)
    check_years(info.name, start, end)
    data = all_series()
    labels = {i.name: f"{i.label}, {i.unit}" for i in CATALOGUE}
    data["label"] = data["series"].map(labels)
    series_param = alt.param(name="series", value=info.name)
    start_param = alt.param(name="start", value=start)
    end_param = alt.param(name="end", value=end)
    chosen = "datum.series == series && datum.year >= start && datum.year <= end"
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("value:Q", title="Value per year (unit in the line above the chart)")
    base = alt.Chart(data).transform_filter(chosen)
    line = base.mark_line().encode(
        x=x,
        y=y,
        color=alt.value(BLUE),
        detail="segment:N",
        strokeDash=alt.condition(
            alt.datum.segment == "valle_jones_tabulation", alt.value([4, 3]), alt.value([1, 0])
        ),
    )
    dots = base.mark_point(size=60, filled=True).encode(
        x=x,
        y=y,
        color=alt.value(BLUE),
        shape=alt.Shape("status:N", scale=_SHAPE, title="Value"),
        tooltip=[
            alt.Tooltip("year:Q", format="d", title="Year"),
            alt.Tooltip("value:Q", format=",", title="Value"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("source_id:N", title="Source id"),
        ],
    )
    rules = alt.Chart(_op_ed_rules()).transform_filter("datum.series == series")
    rule = rules.mark_rule(strokeDash=[6, 3], size=2).encode(y=y, color=alt.value(ORANGE))
    rule_label = rules.mark_text(align="left", dx=4, dy=-7, color="black").encode(
        y=y, x=alt.value(0), text="label:N"
    )
    change = (
        base.transform_joinaggregate(segments="distinct(segment)")
        .transform_window(
            first="first_value(value)",
            last="last_value(value)",
            first_year="first_value(year)",
            last_year="last_value(year)",
            row="row_number()",
            sort=[alt.SortField("year")],
            frame=[None, None],
        )
        .transform_filter("datum.row == 1")
        .transform_calculate(
            text="datum.first_year == datum.last_year ? 'Pick two different years to see a change.'"
            " : 'From ' + format(datum.first, ',') + ' in ' + datum.first_year + ' to '"
            " + format(datum.last, ',') + ' in ' + datum.last_year + ': '"
            " + format((datum.last - datum.first) / datum.first * 100, '+,.0f') + '% (×'"
            " + format(datum.last / datum.first, ',.2f') + ')'"
            " + (datum.segments > 1 ? ', across a series break: not a real change' : '')"
        )
        .mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color="black")
        .encode(text="text:N", x=alt.value(0), y=alt.value(-38))
    )
    unit_line = (
        base.transform_filter("datum.year == start")
        .mark_text(align="left", baseline="top", color="black")
        .encode(text="label:N", x=alt.value(0), y=alt.value(-20))
    )
    return (
        alt.layer(line, dots, rule, rule_label, change, unit_line)
        .add_params(series_param, start_param, end_param)
        .properties(
            title=alt.Title("Claim vs data", subtitle=[EXPLORER_SOURCE], offset=44),
            description=(
                "Line chart of the chosen series between the chosen years (filled circles: final "
                "values; triangles: preliminary or provisional; squares: register snapshots), "
                "with the op-ed's number as a dashed orange rule where it applies and, above the "
                "chart, the change from the first to the last year in percent and as a multiple, with "
                "a warning when the range crosses a series break."
            ),
            width=520,
            height=260,
        )
    )


def claim_vs_data_explorer(series: str = "homicides") -> widgets.VBox:
    """Pick a series and a year range; the chart redraws in the browser (no Python recompute).

    The year slider is bounded to the chosen series' years, so the controls
    cannot ask for a year the data does not have.
    """
    info = series_info(series)
    first, last = year_range(info.name)
    picker = widgets.Dropdown(
        options=[(i.label, i.name) for i in CATALOGUE],
        value=info.name,
        description="Series:",
        layout=widgets.Layout(width="460px"),
    )
    years = widgets.IntRangeSlider(
        value=(first, last),
        min=first,
        max=last,
        step=1,
        description="Years:",
        continuous_update=True,
        layout=widgets.Layout(width="460px"),
    )
    chart = live_chart(claim_vs_data_chart(info.name, first, last))

    def show_years(change: dict) -> None:
        chart.params.start, chart.params.end = change["new"]

    def show_series(change: dict) -> None:
        low, high = year_range(change["new"])
        years.unobserve(show_years, names="value")
        # Widen the bounds first, so the value is never outside them while they change.
        years.min, years.max = min(years.min, low), max(years.max, high)
        years.value = (low, high)
        years.min, years.max = low, high
        years.observe(show_years, names="value")
        chart.params.series = change["new"]
        chart.params.start, chart.params.end = low, high

    years.observe(show_years, names="value")
    picker.observe(show_series, names="value")
    return widgets.VBox([years, picker, chart])
