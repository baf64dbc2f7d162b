"""Lesson 05's topic and charts: rates between irregular dates, ranges, counts, and what charts encode.

Expected numbers are computed here from the CSV files with the standard library,
independently of ``cartel_lab.coalition``, so a wrong formula in the module fails.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import cartel_lab.charts  # noqa: F401  (switches Altair offline before charts are built)
from cartel_lab import coalition, coalition_charts
from cartel_lab.data import load, table_names
from tests.vega_spec import Unit, drawn, of_kind, only, svg_once, units

DATA = Path(__file__).resolve().parent.parent / "data"
MONTH = 365.25 / 12


def rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> date:
    return date.fromisoformat(text)


def datasets(spec: dict) -> list[dict]:
    """Every data row a compiled chart carries."""
    return [row for values in spec.get("datasets", {}).values() for row in values]


def marks(node: object) -> list[str]:
    """Every mark type anywhere in a spec."""
    found: list[str] = []
    if isinstance(node, dict):
        mark = node.get("mark")
        if mark is not None:
            found.append(mark if isinstance(mark, str) else mark["type"])
        for value in node.values():
            found += marks(value)
    elif isinstance(node, list):
        for item in node:
            found += marks(item)
    return found


# -- dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("2016-07-04", "2016-07-04", "2016-07-04"),
        ("2015-12", "2015-12-01", "2015-12-31"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("2017", "2017-01-01", "2017-12-31"),
        ("2015-Q2", "2015-04-01", "2015-06-30"),
        ("mid-2015", "2015-05-01", "2015-08-31"),
    ],
)
def test_a_date_label_means_its_whole_window(label: str, first: str, last: str) -> None:
    start, end = coalition.date_window(label)
    assert (start.date(), end.date()) == (day(first), day(last))


@pytest.mark.parametrize("label", ["2015-13", "Dec 2015", "2015-Q5", "", "201"])
def test_a_bad_date_label_names_the_forms_accepted(label: str) -> None:
    """A typo (a three-digit year too) never becomes a date; the message lists every form."""
    forms = "use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Q1..Q4 or mid-YYYY."
    with pytest.raises(ValueError) as raised:
        coalition.date_window(label)
    assert str(raised.value).endswith(forms)


# -- territory --------------------------------------------------------------------


def held_rows() -> list[dict[str, str]]:
    return [r for r in rows("isis_territory") if r["measure"] == "held"]


def test_loss_between_exact_days_is_km2_over_days_in_months() -> None:
    km2 = {r["as_of"]: int(r["km2"]) for r in held_rows()}
    expected = (km2["2016-10-03"] - km2["2017-06-26"]) / (
        (day("2017-06-26") - day("2016-10-03")).days / MONTH
    )
    assert coalition.loss_per_month("2016-10-03", "2017-06-26") == pytest.approx(expected)
    # Not the loss over the number of gaps: the mistake exercise 5.1 anticipates.
    assert expected != pytest.approx((km2["2016-10-03"] - km2["2017-06-26"]) / 2, rel=0.1)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2017-06-26", "2016-07-04", "must end after it starts"),
        ("2014-01-01", "2016-10-03", "outside the data"),
        ("2016-07-04", "2016-12-31", "No exactly dated observation"),
        ("July 2016", "2016-10-03", "Give dates as"),
    ],
)
def test_a_bad_territory_period_names_the_valid_range(start: str, end: str, words: str) -> None:
    with pytest.raises(ValueError) as raised:
        coalition.loss_per_month(start, end)
    message = str(raised.value)
    assert words in message
    exact = [r["as_of"] for r in held_rows() if len(r["as_of"]) == 10]
    assert min(exact) in message and max(exact) in message


def test_month_only_dates_give_a_range_around_the_midpoint_rate() -> None:
    rates = coalition.territory_loss_rates()
    assert len(rates) == len(held_rows()) - 1
    for rate in rates.itertuples():
        assert rate.km2_per_month_low <= rate.km2_per_month <= rate.km2_per_month_high
        exact = len(rate._1) == 10 and len(rate.to) == 10  # _1 is the 'from' column
        assert (rate.months_shortest == rate.months_longest) == exact
    first = rates.iloc[0]  # 2015-01 to 2015-12: 10 to 12 months
    assert first["km2_lost"] == 90800 - 78000
    assert first["months_shortest"] == pytest.approx(
        (day("2015-12-01") - day("2015-01-31")).days / MONTH
    )
    assert first["months_longest"] == pytest.approx(
        (day("2015-12-31") - day("2015-01-01")).days / MONTH
    )


def test_liberated_is_kept_apart_from_held() -> None:
    assert set(coalition.territory_held()["as_of"]) == {r["as_of"] for r in held_rows()}
    liberated = coalition.territory_liberated()
    expected = [int(r["km2"]) for r in rows("isis_territory") if r["measure"] != "held"]
    assert list(liberated["km2"]) == expected


# -- money ------------------------------------------------------------------------


@pytest.mark.parametrize("per", ["year", "month"])
def test_revenue_ranges_never_mix_years_and_months(per: str) -> None:
    table = coalition.revenue_ranges(per)
    for year_row in table.itertuples():
        same = [
            r
            for r in rows("isis_revenue")
            if r["per"] == per and r["stream"] == "total" and int(r["year"]) == year_row.year
        ]
        assert year_row.lowest == min(float(r["usd_low"]) for r in same)
        assert year_row.highest == max(float(r["usd_high"]) for r in same)
        assert year_row.ratio == pytest.approx(year_row.highest / year_row.lowest)


def test_revenue_per_must_be_year_or_month() -> None:
    with pytest.raises(ValueError, match="'year' or 'month'"):
        coalition.revenue_ranges("quarter")


# -- people and members ---------------------------------------------------------------


def test_share_of_affiliates_divides_by_the_same_count() -> None:
    same = {
        r["measure"]: int(r["value_high"])
        for r in rows("isis_foreign_fighters")
        if r["as_of"] == "2018-07"
    }
    assert coalition.share_of_affiliates("minors", "2018-07") == pytest.approx(
        same["minors"] / same["foreign_affiliates"]
    )
    with pytest.raises(ValueError, match="2018-07"):
        coalition.share_of_affiliates("minors", "2015-12")


def test_members_added_uses_exactly_dated_counts() -> None:
    dated: dict[str, int] = {}
    for r in rows("global_coalition_members"):
        if len(r["as_of"]) == 10:
            dated[r["as_of"]] = max(dated.get(r["as_of"], 0), int(r["members"]))
    assert (
        coalition.members_added("2019-02-06", "2023-06-08")
        == dated["2023-06-08"] - dated["2019-02-06"]
    )
    # Between two counts, the count in force is the last one on or before the day.
    assert (
        coalition.members_added("2019-02-06", "2021-01-01")
        == dated["2020-05-27"] - dated["2019-02-06"]
    )


@pytest.mark.parametrize(
    ("start", "end"), [("2023-01-01", "2019-01-01"), ("2015-01-01", "2019-01-01")]
)
def test_a_bad_member_period_names_the_valid_range(start: str, end: str) -> None:
    with pytest.raises(ValueError, match="2018-02-13 to 2023-06-08"):
        coalition.members_added(start, end)


# -- evidence and cause -----------------------------------------------------------------


def test_lines_of_effort_evidence_covers_the_five_official_lines() -> None:
    official = {r["line_of_effort"] for r in rows("global_coalition_lines_of_effort")}
    table = coalition.lines_of_effort_evidence()
    lines = table.loc[
        ~table["line_of_effort"].str.startswith("not a Coalition line"), "line_of_effort"
    ]
    assert set(lines) == official and len(lines) == 5
    named = {t.strip() for cell in table["tables"] for t in cell.split(";") if t.strip()}
    assert named <= set(table_names()), named - set(table_names())


def test_coincidence_checks_are_a_table_lesson_06_can_show() -> None:
    checks = coalition.coincidence_checks()
    assert list(checks.columns) == ["question", "why"]
    assert len(checks) == len(coalition.COINCIDENCE_CHECKS) >= 4
    assert checks["question"].str.endswith("?").all()


def test_events_between_keeps_events_whose_window_overlaps() -> None:
    found = coalition.events_between("2017-01-01", "2017-12-31")
    expected = [r["event_id"] for r in rows("campaign_events") if r["date"].startswith("2017")]
    assert list(found["event_id"]) == expected == ["E06", "E07"]
    # A month-only date (the Coalition's founding, 2014-09) overlaps a period inside that month.
    assert list(coalition.events_between("2014-09-20", "2014-09-30")["event_id"]) == ["E04"]


def test_campaign_events_are_an_authored_selection_with_a_source_per_date() -> None:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "campaign_events")
    assert resource["origin"] == "authored" and "AUTHORED" in resource["description"]
    sources = {r["source_id"] for r in rows("sources")}
    events = rows("campaign_events")
    assert all(r["source_id"] in sources for r in events)
    assert [r["date"] for r in events] == sorted(r["date"] for r in events)


# -- what the charts encode ----------------------------------------------------------------


def test_territory_chart_encodes_the_held_estimates() -> None:
    data = datasets(coalition_charts.territory_chart().to_dict())
    assert sorted(r["km2"] for r in data) == sorted(int(r["km2"]) for r in held_rows())
    june_2017 = next(r for r in data if r["km2"] == 36200)
    assert june_2017["first_day"] == june_2017["last_day"] == "2017-06-26"
    december = next(r for r in data if r["as_of"] == "2015-12")
    assert (december["first_day"], december["last_day"]) == ("2015-12-01", "2015-12-31")


def test_loss_rate_chart_encodes_km2_over_months() -> None:
    held = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    expected = []
    for before, after in itertools.pairwise(held):
        gap = (
            coalition.date_midpoint(after["as_of"]) - coalition.date_midpoint(before["as_of"])
        ).days
        expected.append(round((int(before["km2"]) - int(after["km2"])) / (gap / MONTH)))
    data = datasets(coalition_charts.loss_rate_chart().to_dict())
    assert [round(r["km2_per_month"]) for r in data] == expected


def test_revenue_chart_puts_years_and_months_in_separate_panels() -> None:
    spec = coalition_charts.revenue_chart().to_dict()
    panels = spec["vconcat"]
    assert len(panels) == 2
    titles = [p["layer"][0]["encoding"]["y"]["title"] for p in panels]
    assert titles == ["US$ millions a year", "US$ millions a month"]
    by_name = spec["datasets"]
    for panel, per in zip(panels, ("year", "month"), strict=True):
        data = (
            by_name[panel["data"]["name"]]
            if "data" in panel
            else by_name[panel["layer"][0]["data"]["name"]]
        )
        expected = sorted(
            float(r["usd_high"]) / 1e6
            for r in rows("isis_revenue")
            if r["per"] == per and r["stream"] == "total"
        )
        assert {r["per"] for r in data} == {per}
        assert sorted(r["usd_millions"] for r in data) == pytest.approx(expected)


def test_deaths_chart_never_joins_editions_and_shows_every_value() -> None:
    spec = coalition_charts.terrorism_deaths_chart().to_dict()
    assert "line" not in marks(spec) and "trail" not in marks(spec) and "area" not in marks(spec)
    data = [r for r in datasets(spec) if "deaths" in r and "label_y" not in r]
    assert sorted((r["year"], r["deaths"]) for r in data) == sorted(
        (int(r["year"]), int(r["deaths"])) for r in rows("terrorism_deaths")
    )
    # Edition labels of one year never print on top of each other (2014: 33,438 and 33,555).
    labels = [r for r in datasets(spec) if "label_y" in r]
    assert {r["edition"] for r in labels} >= {"GTI 2015", "GTI 2019", "GTI 2020"}
    for year in {r["year"] for r in labels}:
        places = sorted(r["label_y"] for r in labels if r["year"] == year)
        assert all(b - a >= coalition_charts.LABEL_GAP for a, b in itertools.pairwise(places))
    shape = spec["layer"][0]["encoding"]["shape"]
    assert shape["field"] == "provider", "the provider must be visible without colour"


def test_timeline_joins_only_series_of_one_estimator_and_never_deaths() -> None:
    data = coalition_charts.timeline_data()
    assert not data.loc[data["series"] == "deaths", "joined"].any()
    spec = coalition_charts.timeline_chart().to_dict()
    line_layers = [layer for layer in spec["spec"]["layer"] if layer["mark"]["type"] == "line"]
    assert line_layers and all(
        any("datum.joined" in str(t.get("filter")) for t in layer["transform"])
        for layer in line_layers
    )
    assert all(layer["encoding"]["detail"]["field"] == "run" for layer in line_layers)


def test_timeline_index_is_value_over_the_first_value_from_the_start_year() -> None:
    data = coalition_charts.timeline_data()
    held = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    from_2016 = [r for r in held if coalition.date_midpoint(r["as_of"]).year >= 2016]
    base = int(from_2016[0]["km2"])
    territory = data[data["series"] == "territory"].dropna(subset=["index_2016"])
    assert list(territory["index_2016"]) == [
        round(int(r["km2"]) / base * 100, 1) for r in from_2016
    ]
    # An index never divides one data provider's value by another's, and a later provider's
    # run is not restarted at 100 (issue 17): it is left out of the indexed view.
    dragonfly = data[(data["series"] == "deaths") & data["run"].str.contains("Dragonfly")]
    assert not dragonfly.empty and dragonfly["index_2014"].isna().all()


def test_explorer_controls_set_the_chart_parameters() -> None:
    explorer = coalition_charts.timeline_explorer()
    (mode, start), boxes, chart, events = (
        explorer.children[0].children,
        explorer.children[1].children[1:],
        explorer.children[2],
        explorer.children[3],
    )
    assert chart.params.scale_mode == "own"
    mode.value = "indexed"
    assert chart.params.scale_mode == "indexed"
    start.value = 2017
    assert chart.params.index_start == 2017
    boxes[0].value = False
    assert "|territory|" not in chart.params.shown and "|events|" in chart.params.shown
    assert "E01" in events.value and "E09" in events.value


def test_a_brushed_period_lists_only_its_events() -> None:
    stamp = lambda text: (day(text) - date(1970, 1, 1)).days * 86_400_000  # noqa: E731
    start, end = coalition_charts._brushed_days(
        {"date": [stamp("2017-12-31"), stamp("2017-01-01")]}
    )
    assert (start, end) == ("2017-01-01", "2017-12-31")
    html = coalition_charts.events_table_html(start, end)
    assert "E06" in html and "E07" in html and "E08" not in html
    assert coalition_charts._brushed_days({}) == (None, None)


def test_loaded_events_match_the_csv() -> None:
    assert list(load("campaign_events")["event_id"]) == [
        r["event_id"] for r in rows("campaign_events")
    ]


def test_lines_of_effort_evidence_names_the_other_forces_and_the_civilian_cost() -> None:
    """Issue 16: the whole campaign, not only the Coalition's lines; figures read from the data."""
    table = coalition.lines_of_effort_evidence()
    others = table[table["line_of_effort"].str.startswith("not a Coalition line")]
    assert len(others) == 3
    text = " ".join(others["what_the_data_shows"])
    forces = {r["force_id"]: r for r in rows("isis_campaign_forces")}
    assert forces["F04"]["from_date"] == "2015-09-30" and "30 September 2015" in text
    costs = {r["cost_id"]: r for r in rows("isis_campaign_costs")}
    assert f"{int(costs['K03']['value_low']):,}" in text  # the Coalition's own civilian count
    assert f"{int(costs['K05']['value_low']):,}-{int(costs['K05']['value_high']):,}" in text


def test_indexed_timeline_does_not_restart_a_later_provider_at_100() -> None:
    """Issue 17: the Dragonfly-based deaths (from 2021) are not re-based to 100 in 2021."""
    frame = coalition_charts.timeline_data()
    later = frame[(frame["series"] == "deaths") & (frame["date"] >= "2021-01-01")]
    assert len(later) == 3
    for year in coalition_charts.START_YEARS:
        assert later[f"index_{year}"].isna().all(), year
    earlier = frame[(frame["series"] == "deaths") & (frame["date"] == "2018-07-01")]
    assert earlier["index_2018"].tolist() == [100.0]


# -- issue 22: what the mutation run found unpinned (dates, periods, tables, tooltips) --------


def test_date_precision_names_how_precisely_a_label_dates_a_value() -> None:
    """Lesson 05's legend and the members chart's grey read these three words."""
    assert [coalition.date_precision(x) for x in ("2016-07-04", "2015-12", "2017")] == [
        "day",
        "month",
        "year",
    ]


def test_dates_that_are_not_text_get_the_advice_not_a_traceback() -> None:
    # A Timestamp or a number is not the 'YYYY-MM-DD' text the functions read.
    for start in (coalition.date_window("2016-07-04")[0], 20160704):
        with pytest.raises(ValueError, match="Give dates as 'YYYY-MM-DD' text"):
            coalition.loss_per_month(start, "2016-10-03")  # type: ignore[arg-type]


def test_two_dates_without_an_observation_are_both_named() -> None:
    with pytest.raises(ValueError) as raised:
        coalition.loss_per_month("2016-07-05", "2016-12-31")
    assert "No exactly dated observation on 2016-07-05, 2016-12-31:" in str(raised.value)


def test_territory_held_has_the_documented_columns_and_each_dates_window() -> None:
    table = coalition.territory_held()
    assert list(table.columns) == [
        "as_of", "as_of_label", "km2", "first_day", "last_day", "midpoint", "precision",
    ]  # fmt: skip
    assert table.index.tolist() == list(range(len(table)))
    for row in table.itertuples():
        first, last = (
            (day(row.as_of), day(row.as_of))
            if len(row.as_of) == 10
            else (day(row.as_of + "-01"), day(row.as_of + "-01").replace(day=28))
        )
        assert row.first_day.date() == first
        assert row.last_day.date() >= last and row.last_day.month == first.month
        assert row.precision == ("day" if len(row.as_of) == 10 else "month")


def _held(labels_km2: list[tuple[str, int]]) -> pd.DataFrame:
    return coalition.territory_held(
        pd.DataFrame(
            {
                "as_of": [label for label, _ in labels_km2],
                "as_of_label": [label for label, _ in labels_km2],
                "measure": "held",
                "km2": [km2 for _, km2 in labels_km2],
            }
        )
    )


def test_a_rate_over_windows_that_touch_has_no_fastest_value_and_a_short_gap_keeps_its_own() -> (
    None
):
    """A month-dated estimate followed by one on that month's last day: the shortest gap the
    labels allow is zero days, so no fastest rate exists (NaN, not a division error); a gap
    of ten days still gives its rate."""
    rates = coalition.territory_loss_rates(
        _held([("2016-07", 1000), ("2016-07-31", 900), ("2016-08-10", 850)])
    )
    touching, short = rates.iloc[0], rates.iloc[1]
    assert (
        touching["months_shortest"] == 0
        and touching["km2_per_month_high"] != touching["km2_per_month_high"]
    ), "NaN"
    assert touching["km2_per_month_low"] == pytest.approx(100 / (30 / MONTH))
    assert short["km2_per_month_high"] == pytest.approx(50 / (10 / MONTH))


def test_revenue_estimates_keep_each_published_number_with_its_window_in_order() -> None:
    table = coalition.revenue_estimates()
    assert list(table.columns) == [
        "estimator", "period", "per", "usd", "qualifier", "first_day", "last_day", "midpoint",
    ]  # fmt: skip
    assert table.index.tolist() == list(range(len(table)))
    total = [r for r in rows("isis_revenue") if r["stream"] == "total"]
    published = {(r["estimator"], r["period"]): float(r["usd_high"]) for r in total}
    assert len(table) == len(total)
    windows = {
        "2014": ("2014-01-01", "2014-12-31"),
        "2015": ("2015-01-01", "2015-12-31"),
        "2016": ("2016-01-01", "2016-12-31"),
        "mid-2015": ("2015-05-01", "2015-08-31"),
        "2015-Q2": ("2015-04-01", "2015-06-30"),
        "2016-03": ("2016-03-01", "2016-03-31"),
        "2017-Q2": ("2017-04-01", "2017-06-30"),
    }
    for row in table.itertuples():
        assert row.usd == published[(row.estimator, row.period)]
        assert (row.first_day.date(), row.last_day.date()) == tuple(map(day, windows[row.period]))
    # One unit's estimates together (month, then year), each unit in date order.
    assert list(table["per"]) == sorted(table["per"])
    for per in ("year", "month"):
        middles = list(table.loc[table["per"] == per, "midpoint"])
        assert middles == sorted(middles)


def test_members_added_takes_its_valid_range_from_the_table_it_is_given() -> None:
    members = load("global_coalition_members")
    # A copy cut at 2020 has no dated count in 2023: the valid range is the copy's own.
    early = members[members["as_of"].fillna("") <= "2020-12-31"]
    with pytest.raises(ValueError, match="2018-02-13 to 2020-05-27"):
        coalition.members_added("2019-02-06", "2023-06-08", early)
    # Both ends are read from the copy: doubled counts add twice as many members.
    doubled = members.assign(members=members["members"] * 2)
    assert coalition.members_added("2019-02-06", "2023-06-08", doubled) == 2 * (
        coalition.members_added("2019-02-06", "2023-06-08")
    )


# -- issue 22: what lesson 05's charts show beyond their rows ----------------------------------

BLUE, ORANGE, GREEN, GREY = "#0072B2", "#E69F00", "#009E73", "#BBBBBB"


@pytest.fixture
def timeline_spec() -> dict:
    return coalition_charts.timeline_chart().to_dict()


def test_territory_dots_tell_the_date_as_published_and_the_km2_with_thousands() -> None:
    spec = coalition_charts.territory_chart().to_dict()
    dots = only(of_kind(spec, "point"), "dots")
    tooltip = {t["field"]: t for t in dots.channel("tooltip")}
    assert tooltip["as_of"]["title"] == "Date as published"
    assert tooltip["km2"].get("format") == ","
    published = {r["as_of_label"] for r in held_rows()}
    assert set(dots.rows["as_of"]) == published


def test_loss_rate_bars_rise_from_zero_and_name_the_two_estimates_of_each_gap() -> None:
    spec = coalition_charts.loss_rate_chart().to_dict()
    bars = only(of_kind(spec, "rect"), "bars")
    assert bars.channel("y2") == {"datum": 0}, "a bar's height is its rate, from zero"
    held = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    assert list(bars.rows["gap"]) == [
        f"{a['as_of']} to {b['as_of']}" for a, b in itertools.pairwise(held)
    ]
    tooltip = {t["field"]: t.get("title") for t in bars.channel("tooltip")}
    assert tooltip["gap"] == "Between"


def _drawn_rows(unit: Unit) -> pd.DataFrame:
    """The rows a text layer keeps under its simple ``datum.period`` filter."""
    kept = unit.rows
    for expression in unit.filters():
        match = re.fullmatch(r"\(datum\.period (!==|===) '(.*)'\)", expression)
        assert match, expression
        same = kept["period"] == match.group(2)
        kept = kept[same if match.group(1) == "===" else ~same]
    return kept


def test_revenue_labels_state_each_published_figure_and_colours_cover_every_estimator() -> None:
    spec = coalition_charts.revenue_chart().to_dict()
    total = [r for r in rows("isis_revenue") if r["stream"] == "total"]
    expected = {
        (r["period"], f"{r['qualifier']} ${float(r['usd_high']) / 1e6:,.0f}m".strip())
        for r in total
    }
    texts = of_kind(spec, "text")
    shown = {
        (p, label)
        for t in texts
        for p, label in zip(t.rows["period"], t.rows["label"], strict=True)
    }
    assert expected <= shown
    for dots in of_kind(spec, "point"):
        colours = dots.scale_map("color")
        assert set(colours) == {r["estimator"] for r in total}
        assert sorted(colours.values()) == sorted({BLUE, ORANGE, GREEN})
    # The two IHS figures for mid-2015 and 2015-Q2 (80 and 81 million) lie close together:
    # one label goes above its dot, the other below, so neither covers the other.
    month_labels = [t for t in texts if set(t.rows["per"]) == {"month"}]
    placed: dict[str, list[int]] = {}
    for text in month_labels:
        for period in _drawn_rows(text)["period"]:
            placed.setdefault(period, []).append(text.mark["dy"])
    assert all(len(offsets) == 1 for offsets in placed.values()), "one label per figure"
    assert placed["mid-2015"][0] * placed["2015-Q2"][0] < 0


def test_deaths_provider_line_stands_between_the_two_providers_years_and_says_so() -> None:
    deaths = rows("terrorism_deaths")
    spec = coalition_charts.terrorism_deaths_chart().to_dict()
    rule = only(of_kind(spec, "rule"), "provider change")
    (year,) = rule.rows["year"]
    last_start = max(int(r["year"]) for r in deaths if r["data_era"] == "start_gtd")
    first_next = min(int(r["year"]) for r in deaths if r["data_era"] != "start_gtd")
    assert last_start < year < first_next, "not on top of either provider's values"
    label = only([t for t in of_kind(spec, "text") if "label" in t.rows], "rule label")
    assert list(label.rows["label"]) == ["provider changes"]
    dots = only(of_kind(spec, "point"), "dots")
    assert dots.channel("x")["axis"]["format"] == "d", "years as 2014, not 2,014"


def test_timeline_tooltips_name_the_edition_and_leave_event_blank_for_values(
    timeline_spec: dict,
) -> None:
    data = coalition_charts.timeline_data()
    world = [r for r in rows("terrorism_deaths") if r["scope"] == "world"]
    deaths = data[data["series"] == "deaths"]
    assert sorted(deaths["when"]) == sorted(
        f"{r['year']} ({r['gti_edition'] or 'edition not stated'})" for r in world
    )
    values = data[data["series"] != "events"]
    assert values["event"].tolist() == [""] * len(values), "no 'null' in a value's tooltip"
    events = data[data["series"] == "events"]
    assert list(events["event"]) == [r["event"] for r in rows("campaign_events")]
    dots = only(of_kind(timeline_spec, "point"), "dots")
    tooltip = {t["field"]: t.get("title") for t in dots.channel("tooltip")}
    assert tooltip == {
        "panel": "Series",
        "when": "Date as published",
        "value": "Value",
        "plotted": "Plotted",
        "event": "Event",
    }


def test_timeline_members_keep_the_later_larger_count_of_a_day() -> None:
    counts: dict[str, int] = {}
    for r in rows("global_coalition_members"):
        if r["as_of"]:
            counts[r["as_of"]] = max(counts.get(r["as_of"], 0), int(r["members"]))
    members = coalition_charts.timeline_data().query("series == 'members'")
    assert sorted(members["value"]) == sorted(float(v) for v in counts.values())


def test_timeline_brush_keeps_its_dots_blue_and_events_black(timeline_spec: dict) -> None:
    dots = only(of_kind(timeline_spec, "point"), "dots")
    assert dots.channel("color") == {"condition": {"param": "period", "value": BLUE}, "value": GREY}
    labels = only(of_kind(timeline_spec, "text"), "event labels")
    assert labels.channel("color") == {
        "condition": {"param": "period", "value": "black"},
        "value": GREY,
    }


def _items(html_text: str) -> list[str]:
    """The text of each <li> of an events list."""
    found = re.findall(r"<li>(.*?)</li>", html_text)
    assert "".join(f"<li>{item}</li>" for item in found) in html_text, "nothing between items"
    return [re.sub(r"<[^>]+>", "", item) for item in found]


def test_events_list_gives_each_events_id_date_words_and_line_of_effort() -> None:
    events = rows("campaign_events")
    expected = [
        f"{r['event_id']} · {r['date']}: {r['event']}"
        + (f" ({r['line_of_effort']})" if r["line_of_effort"] else "")
        for r in events
    ]
    assert _items(coalition_charts.events_table_html(None, None)) == [
        item.replace("&", "&amp;").replace("'", "&#x27;") for item in expected
    ]
    inside = _items(coalition_charts.events_table_html("2017-01-01", "2017-12-31"))
    assert [item.split(" · ")[0] for item in inside] == ["E06", "E07"]
    assert "none." in coalition_charts.events_table_html("2016-01-01", "2016-02-01")


def test_a_click_or_a_brush_outside_the_timeline_lists_all_events_and_dates_may_be_text() -> None:
    assert coalition_charts._brushed_days({"date": ["2017-01-01T00:00", "2017-12-31"]}) == (
        "2017-01-01",
        "2017-12-31",
    )
    # A click draws a zero-width brush: no period, so every event is listed (no error).
    assert coalition_charts._brushed_days({"date": ["2017-05-01", "2017-05-01"]}) == (None, None)
    assert coalition_charts._brushed_days({"date": ["2011-06-01", "2013-01-01"]}) == (None, None)
    assert coalition_charts._brushed_days({"date": ["2020-01-01", "2024-02-01"]}) == (None, None)


def test_explorer_starts_as_the_chart_starts_and_each_box_toggles_the_series_it_names() -> None:
    explorer = coalition_charts.timeline_explorer()
    (mode, start), boxes = explorer.children[0].children, explorer.children[1].children[1:]
    chart = explorer.children[2]
    assert (mode.value, start.value) == (chart.params.scale_mode, chart.params.index_start)
    assert all(box.value for box in boxes)
    names = {"Territory", "Revenue", "Members", "Deaths", "Events"}
    assert {box.description for box in boxes} == names
    for box in boxes:
        box.value = False
        assert f"|{box.description.lower()}|" not in chart.params.shown
        box.value = True
        assert f"|{box.description.lower()}|" in chart.params.shown


# Each axis names its unit or says where a date sits in its window (the whole title is that
# phrase); a tooltip names each value it shows. Lesson 05's prose sends students to both.
AXES = {
    "territory_chart": {
        "x": {"Date of the estimate (bar: the month it could be)"},
        "y": {"Territory held (km²)"},
    },
    "loss_rate_chart": {
        "x": {"Gap between two estimates"},
        "y": {"Territory lost (km² per month)"},
    },
    "revenue_chart": {
        "x": {"Period of the estimate (middle)"},
        "y": {"US$ millions a year", "US$ millions a month"},
    },
    "members_chart": {"x": {"Date of the count"}, "y": {"Members (states and organisations)"}},
    "fighters_chart": {"x": {"People (upper end of the count)"}, "y": {"Date and estimator"}},
    "terrorism_deaths_chart": {"x": {"Year"}, "y": {"Deaths from terrorism (per year)"}},
}
TOOLTIPS = {
    "revenue_chart": {"estimator", "period", "usd_millions", "qualifier"},
    "members_chart": {"as_of", "members"},
    "fighters_chart": {"count", "scope", "value_low", "value_high"},
    "terrorism_deaths_chart": {"year", "scope", "deaths", "provider", "edition"},
}


@pytest.mark.parametrize("recipe", sorted(AXES))
def test_every_axis_names_its_unit_and_every_tooltip_field_exists(recipe: str) -> None:
    spec = getattr(coalition_charts, recipe)().to_dict()
    for unit in units(spec):
        for channel, titles in AXES[recipe].items():
            if unit.channel(channel):
                assert unit.channel(channel).get("title") in titles, (unit.where, channel)
        tips = unit.channel("tooltip")
        if tips:
            fields = {tip["field"] for tip in tips}
            assert fields == TOOLTIPS.get(recipe, fields), unit.where
            assert fields <= set(unit.rows.columns), unit.where
            counts = [t for t in tips if t["field"] in {"deaths", "value_low", "value_high"}]
            assert all(t.get("format") == "," for t in counts), "people as 12,000"
    if recipe in {"territory_chart", "revenue_chart", "terrorism_deaths_chart"}:
        # Amounts compared as shares of each other start from zero.
        for unit in units(spec):
            if unit.channel("y").get("type") == "quantitative":
                assert unit.channel("y").get("scale", {}).get("zero", True), unit.where


def test_territory_dots_are_shaped_by_how_precisely_their_date_is_known() -> None:
    dots = only(of_kind(coalition_charts.territory_chart().to_dict(), "point"), "dots")
    assert dots.field_of("shape") == "precision"
    expected = {r["as_of_label"]: "day" if len(r["as_of"]) == 10 else "month" for r in held_rows()}
    assert dict(zip(dots.rows["as_of"], dots.rows["precision"], strict=True)) == expected


def test_chart_descriptions_state_the_first_and_last_values_of_the_data() -> None:
    """The written descriptions (read aloud by screen readers) quote numbers from the data."""
    held = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    text = coalition_charts.territory_chart().to_dict()["description"]
    assert f"from {int(held[0]['km2']):,} km² (January 2015)" in text
    assert f"to {int(held[-1]['km2']):,} km² (26 June 2017)" in text
    rates = [
        (int(a["km2"]) - int(b["km2"]))
        / ((coalition.date_midpoint(b["as_of"]) - coalition.date_midpoint(a["as_of"])).days / MONTH)
        for a, b in itertools.pairwise(held)
    ]
    text = coalition_charts.loss_rate_chart().to_dict()["description"]
    assert f"about {rates[0]:,.0f} km² a month in 2015 to about {rates[-1]:,.0f}" in text
    counts: dict[str, int] = {}
    for r in rows("global_coalition_members"):
        if r["as_of"]:
            counts[r["as_of"]] = max(counts.get(r["as_of"], 0), int(r["members"]))
    ordered = [counts[label] for label in sorted(counts, key=coalition.date_midpoint)]
    text = coalition_charts.members_chart().to_dict()["description"]
    assert f"from {ordered[0]} (2015) to {ordered[-1]} (June 2023)" in text


# -- issue 22: what coalition_charts draws (full mutation run of the module) -----------------


def _label_dates() -> dict[str, str]:
    """The date label of each estimate of territory held, by the label the chart prints."""
    return {r["as_of_label"]: r["as_of"] for r in held_rows()}


@pytest.fixture
def territory_image() -> str:
    return svg_once(coalition_charts.territory_chart().to_dict())


def test_territory_month_bar_is_one_unbroken_stroke_in_its_dots_blue(territory_image: str) -> None:
    """'A dot dated only by month sits at mid-month with a horizontal bar over the whole month;
    exact days have no bar': the pieces of a month's bar join without a gap, the dot sits
    inside it, and bar and dot are the palette's blue."""
    dates = _label_dates()
    dots = drawn(territory_image, "symbol")
    assert sorted(dot.data["Date as published"] for dot in dots) == sorted(dates)
    rules = drawn(territory_image, "rule")
    for dot in dots:
        label = dot.data["Date as published"]
        pieces = sorted(
            (rule.x_extent for rule in rules if rule.points[0][1] == pytest.approx(dot.at[1])),
            key=lambda extent: extent[0],
        )
        assert pieces, label
        reach = pieces[0][1]
        for low, high in pieces[1:]:
            assert low <= reach + 0.5, f"{label}: a gap in the bar"
            reach = max(reach, high)
        span = (pieces[0][0], reach)
        exact = len(dates[label]) == 10
        assert (span[1] - span[0] < 0.5) is exact, label
        assert span[0] - 0.5 <= dot.at[0] <= span[1] + 0.5, label
        colours = {dot.fill} | {
            rule.stroke for rule in rules if rule.points[0][1] == pytest.approx(dot.at[1])
        }
        assert colours == {BLUE}, label


def _rows_of_timeline(image: str) -> dict[str, str]:
    """The SVG of each row of the timeline, by the series its dots name (cells in drawing order)."""
    cells = image.split('<g class="mark-rect role-mark period_brush_bg"')[1:]
    found: dict[str, str] = {}
    for cell in cells:
        series = {dot.data["Series"] for dot in drawn(cell, "symbol")}
        assert len(series) == 1, series
        found[series.pop()] = cell
    return found


TIMELINE_NAMES = {
    "territory": "Territory held (km²)",
    "revenue": "Revenue, IHS (US$ a month)",
    "members": "Coalition members",
    "deaths": "Deaths from terrorism, world",
    "events": "Key events (authored selection)",
}


def _timeline_values() -> dict[str, list[tuple[date, float]]]:
    """(middle of its date window, value) of every value the timeline draws, from the CSVs."""
    middle = lambda label: coalition.date_midpoint(label).date()  # noqa: E731
    members: dict[str, float] = {}
    for r in rows("global_coalition_members"):
        if r["as_of"]:
            members[r["as_of"]] = max(members.get(r["as_of"], 0.0), float(r["members"]))
    return {
        "territory": [(middle(r["as_of"]), float(r["km2"])) for r in held_rows()],
        "revenue": [
            (middle(r["period"]), float(r["usd_high"]))
            for r in rows("isis_revenue")
            if r["stream"] == "total" and r["per"] == "month"
        ],
        "members": [(middle(label), value) for label, value in members.items()],
        "deaths": [
            (date(int(r["year"]), 7, 1), float(r["deaths"]))
            for r in rows("terrorism_deaths")
            if r["scope"] == "world"
        ],
    }


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture
def timeline_own_rows() -> dict[str, str]:
    return _rows_of_timeline(svg_once(coalition_charts.timeline_chart().to_dict()))


def test_timeline_own_scale_puts_each_dot_at_its_value_on_its_rows_axis(
    timeline_own_rows: dict[str, str],
) -> None:
    """'Each row has its own vertical scale, in its own unit': in a row, a dot's height is a
    straight-line function of the value it shows (higher value, higher dot), and the grey
    line of a joined series passes through its dots."""
    assert sorted(timeline_own_rows) == sorted(TIMELINE_NAMES.values())
    expected = _timeline_values()
    for series, values in expected.items():
        row = timeline_own_rows[TIMELINE_NAMES[series]]
        dots = drawn(row, "symbol")
        assert sorted(_number(dot.data["Value"]) for dot in dots) == sorted(
            round(v) for _, v in values
        ), series
        low = min(dots, key=lambda dot: _number(dot.data["Value"]))
        high = max(dots, key=lambda dot: _number(dot.data["Value"]))
        slope = (high.at[1] - low.at[1]) / (
            _number(high.data["Value"]) - _number(low.data["Value"])
        )
        assert slope < 0, f"{series}: a larger value is drawn higher"
        assert {dot.fill for dot in dots} == {BLUE}, f"{series}: filled blue (no brush yet)"
        for dot in dots:
            place = low.at[1] + slope * (_number(dot.data["Value"]) - _number(low.data["Value"]))
            assert dot.at[1] == pytest.approx(place, abs=0.5), series
        lines = drawn(row, "line")
        if series == "deaths":
            assert lines == [], "world deaths: dots only, never joined"
            continue
        (line,) = lines
        vertices = [v for point in sorted(line.points) for v in point]
        assert vertices == pytest.approx(
            [v for dot in sorted(d.at for d in dots) for v in dot], abs=0.5
        )
    events = drawn(timeline_own_rows[TIMELINE_NAMES["events"]], "symbol")
    assert sorted(dot.data["Date as published"] for dot in events) == sorted(
        r["date"] for r in rows("campaign_events")
    )


@pytest.fixture
def timeline_2016_rows() -> dict[str, str]:
    return _rows_of_timeline(
        svg_once(coalition_charts.timeline_chart(mode="indexed", start=2016).to_dict())
    )


def test_timeline_indexed_to_2016_draws_a_dashed_100_line_through_each_series_first_value(
    timeline_2016_rows: dict[str, str],
) -> None:
    """Indexed, 'each series as 100 x value / its first value on or after the start year':
    in each value row, the black dashed line across the row passes through the first value
    from 1 January 2016 (plotted as 100), and nothing earlier is drawn. Lesson 05: 'Indexed to
    2016, territory falls to about half and monthly revenue to under a third by mid-2017.'"""
    start = date(2016, 1, 1)
    plotted: dict[str, dict[float, float]] = {}
    for series, values in _timeline_values().items():
        if series == "deaths":
            values = [(when, v) for when, v in values if when.year < 2020]  # the START run
        later = sorted((when, v) for when, v in values if when >= start)
        first = later[0][1]
        row = timeline_2016_rows[TIMELINE_NAMES[series]]
        dots = drawn(row, "symbol")
        assert sorted(_number(dot.data["Value"]) for dot in dots) == sorted(
            round(v) for _, v in later
        ), series
        for dot in dots:
            assert _number(dot.data["Plotted"]) == pytest.approx(
                _number(dot.data["Value"]) / first * 100, abs=0.1
            ), series
        (hundred,) = [dot for dot in dots if _number(dot.data["Value"]) == round(first)]
        rules = drawn(row, "rule")
        assert rules, f"{series}: no line at 100"
        for rule in rules:
            assert rule.stroke == "black" and rule.dash not in {None, "1,0"}, series
            (left, y_left), (right, y_right) = rule.points
            assert y_left == y_right == pytest.approx(hundred.at[1], abs=0.5), series
            assert abs(right - left) == pytest.approx(520, abs=1), f"{series}: across the row"
        plotted[series] = {_number(d.data["Value"]): _number(d.data["Plotted"]) for d in dots}
    assert [r for r in drawn(timeline_2016_rows[TIMELINE_NAMES["events"]], "rule") if r.data] == []
    territory = min(plotted["territory"].items())[1]  # the smallest area: June 2017
    revenue = min(plotted["revenue"].items())[1]  # the smallest month: 2017-Q2
    assert 45 <= territory <= 55 and revenue < 100 / 3


def _epoch_ms(text: str) -> int:
    return (day(text) - date(1970, 1, 1)).days * 86_400_000


def _overlapping_events(start: str, end: str) -> list[str]:
    """Ids of the events whose date window (a day, or a whole month) overlaps start-end."""
    found = []
    for r in rows("campaign_events"):
        first = day(r["date"] if len(r["date"]) == 10 else r["date"] + "-01")
        last = first
        if len(r["date"]) == 7:
            last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        if first <= day(end) and last >= day(start):
            found.append(r["event_id"])
    return found


def test_brushing_the_explorer_lists_the_periods_events_and_clearing_it_lists_all() -> None:
    """Lesson 05: 'drag across a row to select a period: the events inside it ... are listed
    under the chart'. The brush arrives as the browser sends it (epoch milliseconds)."""
    explorer = coalition_charts.timeline_explorer()
    chart, events = explorer.children[2], explorer.children[3]
    every = [r["event_id"] for r in rows("campaign_events")]
    for start, end in (("2017-01-01", "2017-12-31"), ("2014-06-01", "2014-09-20")):
        chart._vl_selections = {
            "period": {"value": {"date": [_epoch_ms(end), _epoch_ms(start)]}, "store": []}
        }
        listed = re.findall(r"<li>(E\d\d) · ", events.value)
        assert listed == _overlapping_events(start, end), (start, end)
        assert set(listed) < set(every)
        assert f"Events between {start} and {end}" in events.value
    chart._vl_selections = {"period": {"value": None, "store": []}}
    assert re.findall(r"<li>(E\d\d) · ", events.value) == every


def test_explorer_controls_carry_the_names_lesson_05_tells_students_to_use() -> None:
    """The lesson says: choose **Own scale** or **Indexed** ... after the *Index start* year."""
    notebook = json.loads(
        (DATA.parent / "notebooks" / "05-coalition-playbook.ipynb").read_text(encoding="utf-8")
    )
    text = next(
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown" and "drag across a row" in "".join(cell["source"])
    )
    bold = re.findall(r"\*\*([^*]+)\*\*", text)
    italic = re.findall(r"(?<!\*)\*([^*]+)\*(?!\*)", text)
    explorer = coalition_charts.timeline_explorer()
    mode, start = explorer.children[0].children
    labels = [label for label, _ in mode.options]
    assert len(labels) == 2 and all(label in bold for label in labels), (labels, bold)
    assert [value for _, value in mode.options] == ["own", "indexed"]
    assert italic == ["Index start"] and start.description.rstrip(":") == italic[0]


# What each title, subtitle and written description states, sentence by sentence: every number,
# count, date and named encoding is recomputed from the CSVs or read from the chart's own
# encodings (the descriptions are what a screen reader reads, and lesson 05 repeats them).

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
COLOUR_WORDS = {BLUE: "blue", ORANGE: "orange"}


def _when(label: str) -> str:
    """'2015-01' -> 'January 2015', '2017-06-26' -> '26 June 2017', '2015' -> '2015'."""
    if len(label) == 4:
        return label
    stamp = pd.Timestamp(label if len(label) == 10 else f"{label}-01")
    return f"{stamp.day} {stamp:%B %Y}" if len(label) == 10 else f"{stamp:%B %Y}"


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z0-9])", text)


def test_territory_words_state_the_first_and_last_estimates_and_how_dates_are_drawn() -> None:
    held = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    first, last = held[0], held[-1]
    assert 1 - int(last["km2"]) / int(first["km2"]) == pytest.approx(3 / 5, abs=0.02)
    assert {r["estimator"].split()[0] for r in held} == {"IHS"}
    spec = coalition_charts.territory_chart().to_dict()
    month = lambda r: f"{pd.Timestamp(r['as_of'][:7] + '-01'):%B %Y}"  # noqa: E731
    assert spec["title"]["text"] == (
        f"ISIS lost about three fifths of its territory between {month(first)} and {month(last)}"
    )
    assert _sentences(spec["description"]) == [
        "Dot chart of the territory ISIS held in Iraq and Syria, in km², at "
        f"{NUMBER_WORDS[len(held)]} IHS estimates from {int(first['km2']):,} km² "
        f"({_when(first['as_of'])}) to {int(last['km2']):,} km² ({_when(last['as_of'])}).",
        "A dot dated only by month sits at mid-month with a horizontal bar over the whole "
        "month; exact days have no bar.",
        "No line joins the dots.",
    ]
    # The drawing behind the last two sentences: test_chart_promises and
    # test_territory_month_bar_is_one_unbroken_stroke_in_its_dots_blue.
    assert of_kind(spec, "line") == [] and len(of_kind(spec, "point")) == 1


def test_loss_rate_words_state_the_unit_the_bars_and_the_first_and_last_pace() -> None:
    held = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    rates = [
        (b["as_of"], (int(a["km2"]) - int(b["km2"])) / ((
            coalition.date_midpoint(b["as_of"]) - coalition.date_midpoint(a["as_of"])
        ).days / MONTH))
        for a, b in itertools.pairwise(held)
    ]  # fmt: skip
    fastest_end = max(rates, key=lambda pair: pair[1])[0]
    assert int(fastest_end[5:7]) <= 6, "the fastest gap ends in the first half of its year"
    spec = coalition_charts.loss_rate_chart().to_dict()
    assert spec["title"]["text"] == (
        f"ISIS lost territory fastest in the first half of {fastest_end[:4]}"
    )
    # The bars' unit, as the y axis names it ('Territory lost (km² per month)').
    assert spec["title"]["subtitle"][0] == "km² lost per month between consecutive IHS estimates."
    first_year = held[0]["as_of"][:4]
    assert _sentences(spec["description"]) == [
        "Bars spanning each gap between two estimates of territory held, their height the "
        "average km² lost per month over that gap, with a black error bar from the slowest to "
        "the fastest rate the date labels allow.",
        f"The pace rose from about {rates[0][1]:,.0f} km² a month in {first_year} to about "
        f"{rates[-1][1]:,.0f} in the first half of {fastest_end[:4]}.",
    ]
    error_bar = only(of_kind(spec, "rule"), "error bars")
    assert error_bar.channel("color") == {"value": "black"}
    assert (error_bar.field_of("y"), error_bar.field_of("y2")) == ("low", "high")


def test_revenue_words_state_each_published_figure_in_its_panel() -> None:
    total = [r for r in rows("isis_revenue") if r["stream"] == "total"]
    millions = {r["period"]: float(r["usd_high"]) / 1e6 for r in total}
    qualifier = {r["period"]: r["qualifier"] for r in total}
    by_estimator: dict[str, list[float]] = {}
    for r in sorted(total, key=lambda r: coalition.date_midpoint(r["period"])):
        by_estimator.setdefault(r["estimator"], []).append(float(r["usd_high"]))
    # 'Every estimate falls': each estimating body's last figure is below its first ...
    assert all(v[-1] < v[0] for v in by_estimator.values() if len(v) > 1)
    # ... 'but they disagree widely': CAT's 2015 year is more than twice IHS's mid-2015 month x 12.
    assert millions["2015"] > 2 * 12 * millions["mid-2015"]
    spec = coalition_charts.revenue_chart().to_dict()
    assert spec["title"]["text"] == (
        "Every estimate of ISIS's revenue falls, but the estimating bodies disagree widely"
    )
    assert spec["title"]["subtitle"][0] == (
        "Top: a year's total. Bottom: one month's. Never on one axis."
    )
    year = [r for r in total if r["per"] == "year"]
    icsr = [r for r in year if r["estimator"] == "ICSR/EY"]
    (cat,) = [r for r in year if r["estimator"] == "CAT"]
    shown = lambda r: f"{r['qualifier']} ${float(r['usd_high']) / 1e6:,.0f}m ({r['period']})"  # noqa: E731
    assert {r["estimator"] for r in total if r["per"] == "month"} == {"IHS"}
    assert [qualifier[p] for p in ("mid-2015", "2016-03")] == ["about", ""]
    assert _sentences(spec["description"]) == [
        "Two dot charts one above the other.",
        f"Top, yearly totals: ICSR/EY {shown(icsr[0])} and {shown(icsr[1])}, CAT "
        f"{shown(cat).strip()}.",
        f"Bottom, monthly figures from IHS: about ${millions['mid-2015']:.0f}-"
        f"{millions['2015-Q2']:.0f}m in mid-2015, ${millions['2016-03']:.0f}m in March 2016 and "
        f"${millions['2017-Q2']:.0f}m in the second quarter of 2017.",
        "Colour and shape both name the estimator.",
    ]
    panels = of_kind(spec, "point")
    assert [set(p.rows["per"]) for p in panels] == [{"year"}, {"month"}], "top years, bottom months"
    assert all(p.field_of("color") == p.field_of("shape") == "estimator" for p in panels)


def _members_by_day() -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows("global_coalition_members"):
        if r["as_of"]:
            counts[r["as_of"]] = max(counts.get(r["as_of"], 0), int(r["members"]))
    return counts


def test_members_words_state_the_first_and_last_counts_and_how_dates_are_drawn() -> None:
    counts = _members_by_day()
    ordered = sorted(counts, key=coalition.date_midpoint)
    last_territory = max(r["as_of"] for r in held_rows())
    before = max(
        counts[d] for d in ordered if coalition.date_midpoint(d) <= pd.Timestamp(last_territory)
    )
    assert counts[ordered[-1]] > before, "the Coalition kept growing after mid-2017"
    spec = coalition_charts.members_chart().to_dict()
    assert spec["title"]["text"] == "The Coalition kept growing after ISIS lost its territory"
    assert _sentences(spec["description"]) == [
        f"Step chart of the Global Coalition's member count from {counts[ordered[0]]} "
        f"({_when(ordered[0])}) to {counts[ordered[-1]]} ({_when(ordered[-1][:7])}), states and "
        "organisations.",
        "Counts dated only by month or year are grey-filled squares and triangles placed "
        "mid-period; undated snapshots are left out.",
    ]
    dots = only(of_kind(spec, "point"), "dots")
    undated = {r["as_of_label"] for r in rows("global_coalition_members") if not r["as_of"]}
    assert undated and not undated & set(dots.rows["as_of"]), "undated snapshots left out"
    assert dots.channel("fill")["value"] == GREY and dots.field_of("shape") == "dated_to"


def test_fighters_words_state_the_smallest_and_largest_count_with_their_scope() -> None:
    travel = [
        r
        for r in rows("isis_foreign_fighters")
        if r["measure"] in {"foreign_fighters", "foreign_affiliates"}
    ]
    small = min(travel, key=lambda r: int(r["value_high"]))
    large = max(travel, key=lambda r: int(r["value_high"]))
    assert large["as_of"] > small["as_of"], "the counts rise"
    assert len({r["scope"] for r in travel}) == len(travel), "each counts different people"
    same_count = {
        r["measure"] for r in rows("isis_foreign_fighters") if r["as_of"] == large["as_of"]
    }
    assert {"women", "minors"} <= same_count
    recorded = large["scope"].split(", Iraq")[0]
    spec = coalition_charts.fighters_chart().to_dict()
    assert spec["title"]["text"] == (
        "Counts of foreigners who joined ISIS rise, but each counts different people"
    )
    assert spec["title"]["subtitle"][0] == "Read the scope: the counts cover different people."
    assert _sentences(spec["description"]) == [
        "Horizontal bars, one per published count of foreigners who travelled to Syria and "
        f"Iraq, from {small['qualifier']} {int(small['value_high']):,} ({_when(small['as_of'])}, "
        f"{small['scope']}) to {large['qualifier']} {int(large['value_high']):,} "
        f"({_when(large['as_of'])}, {recorded}, including women and minors).",
        "A range is drawn from its low to its high end; the scope of each count is written "
        "beside it.",
    ]


def test_deaths_words_name_the_colours_shapes_years_and_the_labelled_editions() -> None:
    deaths = rows("terrorism_deaths")
    years = sorted({int(r["year"]) for r in deaths})
    start = [r for r in deaths if r["scope"] == "world" and r["data_era"] == "start_gtd"]
    peak = max(start, key=lambda r: int(r["deaths"]))["year"]
    world_2014 = [r for r in deaths if r["scope"] == "world" and r["year"] == "2014"]
    isis_2022 = [r for r in deaths if r["scope"] != "world" and r["year"] == "2022"]
    first_published = next(r for r in world_2014 if "first published" in r["note"])
    restated = sorted(r["gti_edition"] for r in world_2014 if r is not first_published)
    spec = coalition_charts.terrorism_deaths_chart().to_dict()
    assert spec["title"]["text"] == (
        f"Deaths from terrorism peaked in {peak} on START data; later values use another provider"
    )
    assert spec["title"]["subtitle"][0] == (
        "Dots only: values from different editions are never joined."
    )
    dots = only(of_kind(spec, "point"), "dots")
    colour, shape = dots.scale_map("color"), dots.scale_map("shape")
    start_name, later_name = list(shape)
    assert (shape[start_name], shape[later_name]) == ("circle", "square")
    assert start_name.startswith("START") and later_name.startswith("Dragonfly")
    assert _sentences(spec["description"]) == [
        f"Dot chart of deaths from terrorism per year, {years[0]}-{years[-1]}: world "
        f"({COLOUR_WORDS[colour['World']]}) and attributed to ISIS "
        f"({COLOUR_WORDS[colour['Attributed to ISIS']]}).",
        "Circles are values built on START's Global Terrorism Database, squares on Dragonfly's "
        "TerrorismTracker; a dashed vertical line marks the change of provider.",
        f"{world_2014[0]['year']} has {NUMBER_WORDS[len(world_2014)]} world values (first "
        f"published, restated in {restated[0]} and {restated[1]}) and 2022 "
        f"{NUMBER_WORDS[len(isis_2022)]} ISIS values ({', '.join(r['gti_edition'] for r in isis_2022)}), "
        "each labelled by edition.",
    ]
    rule = only(of_kind(spec, "rule"), "provider change")
    assert rule.mark.get("strokeDash") and rule.channel("color") == {"value": "black"}


def test_timeline_words_name_its_rows_years_events_and_scales(timeline_spec: dict) -> None:
    territory = sorted(held_rows(), key=lambda r: coalition.date_midpoint(r["as_of"]))
    revenue = [
        r
        for r in sorted(rows("isis_revenue"), key=lambda r: coalition.date_midpoint(r["period"]))
        if r["stream"] == "total" and r["per"] == "month"
    ]
    counts = _members_by_day()
    members = [counts[d] for d in sorted(counts, key=coalition.date_midpoint)]
    assert int(territory[-1]["km2"]) < int(territory[0]["km2"]), "territory fell"
    assert float(revenue[-1]["usd_high"]) < float(revenue[0]["usd_high"]), "revenue fell"
    assert members[-1] > members[0], "the Coalition grew"
    years = sorted({int(r["year"]) for r in rows("terrorism_deaths")})
    events = [r["event_id"] for r in rows("campaign_events")]
    assert timeline_spec["title"]["text"] == (
        "Territory and revenue fell while the Coalition grew: the series move together"
    )
    assert timeline_spec["title"]["subtitle"][0] == (
        "Drag across a row to select a period; its events stay black."
    )
    shown = timeline_spec["facet"]["row"]["sort"]
    assert _sentences(timeline_spec["description"]) == [
        f"{NUMBER_WORDS[len(shown)].capitalize()} rows on one time axis, {years[0]}-{years[-1]}: "
        "territory held, IHS monthly revenue, Coalition members, world deaths from terrorism "
        f"(dots only, never joined) and the key events ({events[0]}-{events[-1]}).",
        "Each row has its own vertical scale, in its own unit or, when indexed, as 100 times "
        "the value over the series' first value on or after the start year.",
    ]
    # 'Drag across a row': the brush selects an interval of dates, across any row.
    period = next(p for p in timeline_spec["params"] if p["name"] == "period")
    assert period["select"] == {"type": "interval", "encodings": ["x"]}
    assert timeline_spec["resolve"]["scale"]["y"] == "independent"


SOURCE_TABLES = {
    "territory_chart": ["isis_territory"],
    "loss_rate_chart": ["isis_territory"],
    "revenue_chart": ["isis_revenue"],
    "members_chart": ["global_coalition_members"],
    "fighters_chart": ["isis_foreign_fighters"],
    "terrorism_deaths_chart": ["terrorism_deaths"],
    "timeline_chart": ["campaign_events"],
}


@pytest.mark.parametrize("recipe", sorted(SOURCE_TABLES))
def test_each_chart_ends_its_subtitle_with_a_source_line_naming_its_table(recipe: str) -> None:
    """Every number shown is traceable: the last subtitle line names the source and the data
    table (in data/) that the chart draws; a finding or unit line, where there is one, comes first."""
    subtitle = getattr(coalition_charts, recipe)().to_dict()["title"]["subtitle"]
    assert isinstance(subtitle, list) and subtitle[-1].startswith("Source")
    for table in SOURCE_TABLES[recipe]:
        assert table in table_names() and table in subtitle[-1], (recipe, table)
    assert all(not line.startswith("Source") for line in subtitle[:-1])


def _lesson_05_markdown(words: str) -> str:
    """The Markdown cell of lesson 05 that contains ``words``."""
    notebook = json.loads(
        (DATA.parent / "notebooks" / "05-coalition-playbook.ipynb").read_text(encoding="utf-8")
    )
    return next(
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown" and words in "".join(cell["source"])
    )


def test_explorer_labels_and_tooltips_say_what_lesson_05_says_the_controls_do() -> None:
    """Lesson 05: 'Controls above set the scale, the index start and the series shown', and
    **Own scale** means '(each series in its own unit)', **Indexed** '(each series as 100 x
    value / its first value ...)': each control's label and each option's tooltip say that."""
    described = _lesson_05_markdown("Controls above set")
    named = re.search(
        r"Controls above set the (\w+), the ([\w ]+) and the series (\w+)\.", described
    )
    assert named is not None
    explorer = coalition_charts.timeline_explorer()
    mode, start = explorer.children[0].children
    show = explorer.children[1].children[0]
    assert mode.description == f"{named.group(1).capitalize()}:"
    assert start.description == f"{named.group(2).capitalize()}:"
    assert named.group(3).startswith(show.value.rstrip(":").lower()) and show.value.endswith(":")
    explained = _lesson_05_markdown("drag across a row")
    meaning = {
        label: " ".join(words.split())
        for label, words in re.findall(r"\*\*([^*]+)\*\*\s+\(([^)]+)\)", explained)
    }
    for (label, _), tip in zip(mode.options, mode.tooltips, strict=True):
        words = meaning[label].replace("×", "x").replace("÷", "/")
        assert tip[0].isupper() and words.startswith(tip[0].lower() + tip[1:]), (label, tip)


def test_events_list_heading_says_all_events_until_a_period_is_brushed() -> None:
    """Before any brush the list holds every event and its heading says so and how to choose."""
    text = coalition_charts.events_table_html(None, None)
    assert text.startswith(
        "<p><strong>All key events (drag across the chart to choose a period):</strong></p>"
    )
    assert len(_items(text)) == len(rows("campaign_events"))
    explorer = coalition_charts.timeline_explorer()
    assert explorer.children[3].value == text, "the explorer opens on the full list"


# A tooltip's title names the unit of the number it shows (the whole title is that phrase),
# and the number is shown with a thousands separator and no spurious decimals.
TOOLTIP_UNITS = {
    "territory_chart": {"km2": ("km² held", ",")},
    "loss_rate_chart": {
        "km2_per_month": ("km² a month", ",.0f"),
        "low": ("Slowest possible (km² a month)", ",.0f"),
        "high": ("Fastest possible (km² a month)", ",.0f"),
    },
    "revenue_chart": {"usd_millions": ("US$ m", ",.0f")},
}


@pytest.mark.parametrize("recipe", sorted(TOOLTIP_UNITS))
def test_quantities_in_tooltips_name_their_unit_with_thousands_separators(recipe: str) -> None:
    spec = getattr(coalition_charts, recipe)().to_dict()
    seen = set()
    for unit in units(spec):
        for tip in unit.channel("tooltip"):
            if tip.get("type") == "quantitative":
                assert (tip.get("title"), tip.get("format")) == TOOLTIP_UNITS[recipe][tip["field"]]
                seen.add(tip["field"])
    assert seen == set(TOOLTIP_UNITS[recipe]), recipe


def test_legend_titles_name_what_the_descriptions_say_colour_and_shape_encode() -> None:
    """The legend's title + an entry read as the description's words: 'Date known to the'
    day / month ('dated only by month', 'exact days'), 'Dated to the' day / month / year,
    colour and shape 'Estimator' ('both name the estimator'), 'Data provider' ('change of
    provider') and 'Deaths' World / Attributed to ISIS ('world ... and attributed to ISIS')."""
    territory = coalition_charts.territory_chart().to_dict()
    dots = only(of_kind(territory, "point"), "territory dots")
    assert dots.channel("shape")["title"] == "Date known to the"
    assert set(dots.rows["precision"]) == {"day", "month"}
    assert "dated only by month" in territory["description"]
    members = coalition_charts.members_chart().to_dict()
    dots = only(of_kind(members, "point"), "member dots")
    assert dots.channel("shape")["title"] == "Dated to the"
    assert set(dots.rows["dated_to"]) == {"day", "month", "year"}
    assert "dated only by month or year" in members["description"]
    revenue = coalition_charts.revenue_chart().to_dict()
    assert "name the estimator" in revenue["description"]
    for panel in of_kind(revenue, "point"):
        assert panel.channel("color")["title"] == "Estimator"
        assert panel.channel("shape").get("legend", {}) is None, "one legend for both"
    deaths = coalition_charts.terrorism_deaths_chart().to_dict()
    dots = only(of_kind(deaths, "point"), "death dots")
    assert dots.channel("shape")["title"] == "Data provider"
    assert "change of provider" in deaths["description"]
    assert dots.channel("color")["title"] == "Deaths"
    words = deaths["description"].lower()
    assert all(f"{scope.lower()} (" in words for scope in dots.scale_map("color"))


def test_revenue_panels_share_one_time_axis_over_the_years_of_the_estimates() -> None:
    """Top and bottom are read against each other ('for 2015, CAT's yearly ... twice what
    IHS's mid-2015 month would give'): both panels run over the same whole years, those of
    the estimates."""
    years = sorted({int(r["year"]) for r in rows("isis_revenue") if r["stream"] == "total"})
    spec = coalition_charts.revenue_chart().to_dict()
    for unit in units(spec):
        assert unit.channel("x")["scale"]["domain"] == [
            f"{years[0]}-01-01",
            f"{years[-1]}-12-31",
        ], unit.where


def test_deaths_year_axis_spans_the_data_years_with_whole_year_ticks() -> None:
    """'Deaths from terrorism per year, 2012-2023': the axis runs half a year beyond the first
    and last year (no dot on the edge) and ticks fall on whole years only."""
    years = sorted({int(r["year"]) for r in rows("terrorism_deaths")})
    spec = coalition_charts.terrorism_deaths_chart().to_dict()
    for unit in units(spec):
        x = unit.channel("x")
        assert x["scale"]["domain"] == [years[0] - 0.5, years[-1] + 0.5], unit.where
        assert x["axis"] == {"format": "d", "tickMinStep": 1}, unit.where


def test_timeline_tooltip_shows_the_value_whole_and_the_index_to_one_decimal(
    timeline_spec: dict,
) -> None:
    """The index is 100 x value / first value rounded to 0.1 (timeline_data); the tooltip shows
    it so, and the value as published (90,800 km², 81,000,000 US$). The rows' headers name the
    series, so the run behind each dot's shape gets no legend of its own."""
    data = coalition_charts.timeline_data()
    indexed = data[[f"index_{year}" for year in coalition_charts.START_YEARS]].stack().dropna()
    assert ((indexed * 10 - (indexed * 10).round()).abs() < 1e-6).all()
    dots = only(of_kind(timeline_spec, "point"), "dots")
    formats = {tip["field"]: tip.get("format") for tip in dots.channel("tooltip")}
    assert (formats["value"], formats["plotted"]) == (",.0f", ",.1f")
    assert dots.channel("shape").get("legend", {}) is None
    assert timeline_spec["facet"]["row"]["title"] is None, "no 'panel' above the row names"
    for unit in units(timeline_spec):  # where a date sits in its window; value or index
        x, y = unit.channel("x"), unit.channel("y")
        assert not x or x["title"] == "Date (middle of the period a value covers)", unit.where
        assert not y or y["title"] == "Value or index", unit.where


def test_timeline_runs_name_the_estimator_or_data_provider_of_their_values() -> None:
    """'A run is a set of values that may be compared (one estimator, one data provider)':
    each run is named '<series> · <its estimator or provider>', from the data's own columns."""
    data = coalition_charts.timeline_data()
    runs = dict(zip(data["run"], data["series"], strict=False))
    (territory,) = {r["estimator"] for r in held_rows()}
    revenue = {
        r["estimator"]
        for r in rows("isis_revenue")
        if r["stream"] == "total" and r["per"] == "month"
    }
    eras = {r["data_era"] for r in rows("terrorism_deaths") if r["scope"] == "world"}
    named = {run: run.split(" · ", 1) for run in runs}
    assert all(series == runs[run] for run, (series, _) in named.items())
    by_series: dict[str, set[str]] = {}
    for series, who in named.values():
        by_series.setdefault(series, set()).add(who)
    assert by_series["revenue"] == revenue == {"IHS"}
    assert len(by_series["territory"]) == 1 and territory.startswith(*by_series["territory"])
    assert len(by_series["deaths"]) == len(eras) == 2
    assert {who.split()[0].lower() for who in by_series["deaths"]} == {
        era.split("_")[0] for era in eras
    }


def test_a_brush_reaching_either_end_of_the_time_axis_still_lists_its_period(
    timeline_spec: dict,
) -> None:
    """Vega-Lite clamps a brush dragged to the edge of the axis to the axis's first or last
    day: such a period is still a period, not 'no brush' (which would list every event)."""
    (first, last) = only(of_kind(timeline_spec, "point"), "dots").channel("x")["scale"]["domain"]
    explorer = coalition_charts.timeline_explorer()
    chart, events = explorer.children[2], explorer.children[3]
    for start, end in ((first, "2014-09-20"), ("2017-01-01", last)):
        chart._vl_selections = {
            "period": {"value": {"date": [_epoch_ms(start), _epoch_ms(end)]}, "store": []}
        }
        listed = re.findall(r"<li>(E\d\d) · ", events.value)
        assert listed == _overlapping_events(start, end), (start, end)
        assert f"Events between {start} and {end}" in events.value


def test_timeline_tooltip_gives_each_value_its_date_as_published() -> None:
    """'Date as published' in the tooltip is the label the source gives (a month, a quarter,
    'mid-2015', a day), never the middle day the dot is placed at."""
    data = coalition_charts.timeline_data()
    counts = _members_by_day()
    published = {
        "territory": sorted(r["as_of_label"] for r in held_rows()),
        "revenue": sorted(
            r["period"]
            for r in rows("isis_revenue")
            if r["stream"] == "total" and r["per"] == "month"
        ),
        "members": sorted(
            max(
                (r for r in rows("global_coalition_members") if r["as_of"] == day),
                key=lambda r: int(r["members"]),
            )["as_of_label"]
            for day in counts
        ),
        "events": sorted(r["date"] for r in rows("campaign_events")),
    }
    for series, labels in published.items():
        assert sorted(data.loc[data["series"] == series, "when"]) == labels, series


def test_timeline_events_row_labels_each_event_dot_with_its_id(
    timeline_own_rows: dict[str, str],
) -> None:
    """The events row names its dots E01-E09 (the ids the lesson and the events list use)."""
    row = timeline_own_rows[TIMELINE_NAMES["events"]]
    labels = {text.data.get("label") for text in drawn(row, "text")} - {None}
    assert labels == {r["event_id"] for r in rows("campaign_events")}
    dots = {dot.at[1] for dot in drawn(row, "symbol")}
    for text in drawn(row, "text"):
        if text.data.get("label"):
            assert any(abs(text.at[1] - y) < 8 for y in dots), "beside its dot"


@pytest.mark.parametrize("year", [2014, 2015, 2016, 2017, 2018])
def test_every_index_start_in_the_menu_indexes_each_series_that_reaches_it(year: int) -> None:
    """Whichever *Index start* a student picks, each series with values from that year on is
    indexed to 100 at its first such value (a value dated in the middle of its window); the
    Dragonfly-based deaths, which begin after every start year, never are."""
    assert year in coalition_charts.START_YEARS
    data = coalition_charts.timeline_data()
    column = f"index_{year}"
    for series, values in _timeline_values().items():
        if series == "deaths":
            values = [(when, v) for when, v in values if when.year < 2020]  # the START run
        # In date order; of two values of one date, the one listed first (first published).
        later = sorted(
            ((when, v) for when, v in values if when >= date(year, 1, 1)), key=lambda p: p[0]
        )
        shown = data[(data["series"] == series) & data[column].notna()]
        expected = [round(v / later[0][1] * 100, 1) for _, v in later] if later else []
        assert sorted(shown[column]) == pytest.approx(sorted(expected)), (series, year)
        if later:
            first = shown.loc[shown["date"] == shown["date"].min(), column]
            assert 100.0 in list(first), (series, year)
    deaths = data[data["series"] == "deaths"]
    assert deaths.loc[deaths["date"] >= "2020-01-01", column].isna().all()


def test_terrorism_deaths_dots_tell_year_scope_deaths_provider_and_edition_on_hover() -> None:
    """Hovering a dot says which value it is: its year, whose deaths, how many, built on which
    provider's data and published in which GTI edition (the words the chart cannot print)."""
    spec = coalition_charts.terrorism_deaths_chart().to_dict()
    dots = only([unit for unit in units(spec) if unit.kind == "point"], "layer of dots")
    fields = [tip["field"] for tip in dots.channel("tooltip")]
    assert fields == ["year", "scope", "deaths", "provider", "edition"]
