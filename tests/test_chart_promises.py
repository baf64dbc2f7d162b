"""What each chart of lessons 02-07 promises a student, checked on the chart itself.

Every chart recipe and explorer comes with a written description (the spec's
``description`` and the Markdown after it in the lesson) and a title. Each promise
they make ("dashed for 2000-2004 and broken at 2005", "triangles are preliminary",
"rivalry to the left", "your scenario beside the baseline, 2022-2032", "dots, never a
line") has a test here that reads the Vega-Lite spec (mark, encoding fields,
grouping, scales, sort, conditions, the data's x-range) or, where the promise only
shows once drawn, the SVG Vega draws (paths, their count, their extent).

Expected values come from ``data/*.csv`` with plain pandas (``vega_spec.csv``) and
from the definitions the lessons state; colours are written out as the
Okabe-Ito hex codes the descriptions name. Tests do not pin title wording (titles
are reworded to state findings); they pin what the chart draws.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import pandas as pd
import pytest

import cartel_lab.analogy_charts
import cartel_lab.charts  # switches Altair offline before any chart is built
import cartel_lab.coalition_charts
import cartel_lab.model_charts
import cartel_lab.network
import cartel_lab.network_charts
import cartel_lab.strategy
import cartel_lab.strategy_charts
from cartel_lab import violence_charts
from tests.from_the_csvs import CHAPITOS, CJNG, SINALOA, merged_ties, preferred_homicides
from tests.vega_spec import (
    SOLID,
    csv,
    drawn,
    of_kind,
    only,
    param_values,
    policy_explorer_lines,
    svg,
    svg_once,
    to_data,
    units,
    x_axis,
    years_of_path,
)

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
GREY = "#BBBBBB"  # the module's muted grey


# =============================================================== lesson 02 ===


@pytest.fixture
def homicides_image() -> str:
    return svg_once(violence_charts.homicides_chart().to_dict())


def test_homicides_line_is_dashed_for_2000_2004_and_broken_at_2005(homicides_image: str) -> None:
    preferred = preferred_homicides()
    years_by_series = preferred.groupby("series")["year"].agg(["min", "max", "count"])
    break_year = int(preferred.loc[preferred["series"] != "valle_jones_tabulation", "year"].min())
    assert break_year == 2005
    paths = drawn(homicides_image, "line")
    assert len(paths) == 2, "one line per tabulation: the line is broken at the series break"
    axis = x_axis(homicides_image, "Year")
    by_series = {path.data["line"]: path for path in paths}
    assert set(by_series) == set(years_by_series.index)
    dashed, solid = by_series["valle_jones_tabulation"], by_series["inegi_headline"]
    assert dashed.dash not in SOLID and solid.dash in SOLID
    for name, path in by_series.items():
        first, last, count = years_by_series.loc[name]
        assert years_of_path(path, axis) == (first, last)
        assert len(path.points) == count
    assert dashed.x_extent[1] < solid.x_extent[0], "nothing joins 2004 to 2005"


def test_homicides_chart_spans_the_years_of_the_csv(homicides_image: str) -> None:
    years = csv("mexico_homicides")["year"]
    axis = x_axis(homicides_image, "Year")
    dots = drawn(homicides_image, "symbol")
    xs = [round(to_data(dot.at[0], axis)) for dot in dots]
    assert (min(xs), max(xs)) == (years.min(), years.max())


def test_homicides_triangles_are_preliminary_and_circles_definitive(homicides_image: str) -> None:
    rows = csv("mexico_homicides")
    preferred = preferred_homicides()
    preliminary = rows[rows["status"] == "preliminary"].drop_duplicates(["year", "homicides"])
    dots = drawn(homicides_image, "symbol")
    shapes = Counter(dot.shape for dot in dots)
    assert shapes == {"circle": len(preferred), "triangle": len(preliminary)}
    triangles = {
        (int(dot.data["Year"]), int(dot.data["Homicides"].replace(",", "")))
        for dot in dots
        if dot.shape == "triangle"
    }
    assert triangles == set(zip(preliminary["year"], preliminary["homicides"], strict=True))
    assert all(dot.fill == BLUE for dot in dots), "filled circles and triangles"


def test_homicides_op_ed_number_is_a_labelled_dashed_orange_rule(homicides_image: str) -> None:
    claim = csv("claim_numbers").set_index("number_id").loc["N01"]
    rule = only(drawn(homicides_image, "rule"), "rule")
    assert rule.dash not in SOLID and rule.stroke == ORANGE
    assert float(rule.data["Homicides (deaths per year)"]) == float(claim["value"])
    label = only(drawn(homicides_image, "text"), "label")
    assert f"{claim['value']:,.0f}" in label.data["label"]
    assert claim["claim_id"] in label.data["label"]


def test_cartel_killings_are_horizontal_bars_grey_then_blue_beneath_a_part_year_alone() -> None:
    """Each whole year: its homicides (grey) above its attributed killings (blue). A year the
    government counted only in part (2011, nine months) has its blue bar alone, so no bar sets
    nine months against twelve."""
    spec = violence_charts.cartel_killings_chart().to_dict()
    bars = only(of_kind(spec, "bar"), "bar layer")
    assert bars.channel("x")["type"] == "quantitative"
    assert bars.channel("y")["type"] == "nominal"
    killings = csv("mexico_organised_crime_killings")
    preferred = preferred_homicides().set_index("year")["homicides"]
    image = svg(spec)
    rects = drawn(image, "rect")
    whole = killings[killings["months"] == 12]
    assert len(rects) == 2 * len(whole) + (len(killings) - len(whole)) == 9
    order = sorted(rects, key=lambda rect: min(y for _, y in rect.points))
    expected = []
    for year, count, months in killings[["year", "killings", "months"]].itertuples(index=False):
        expected += [(GREY, preferred[year])] if months == 12 else []
        expected += [(BLUE, count)]
    assert [(rect.fill, int(rect.data["Deaths"].replace(",", ""))) for rect in order] == expected
    part_year = [rect for rect in order if "only" in rect.data["Year"]]
    assert [int(rect.data["Deaths"].replace(",", "")) for rect in part_year] == [
        int(killings.loc[killings["months"] < 12, "killings"].iloc[0])
    ]
    labels = {text.data["count"] for text in drawn(image, "text")}
    assert labels == {f"{value:,}" for _, value in expected}


@pytest.fixture
def registers_image() -> str:
    return svg_once(violence_charts.registers_chart().to_dict())


@pytest.mark.parametrize(
    ("series", "colour", "dashed", "shape"),
    [
        ("rnped_open_investigations", BLUE, False, "circle"),
        ("rnpdno_scrape_not_located", GREEN, True, "square"),
    ],
)
def test_registers_are_two_lines_never_joined(
    registers_image: str, series: str, colour: str, dashed: bool, shape: str
) -> None:
    rows = csv("mexico_disappeared_by_year").query("series == @series")
    spec = violence_charts.registers_chart().to_dict()
    line = only(of_kind(spec, "line"), "line layer")
    for channel in ("color", "strokeDash", "shape"):
        assert line.field_of(channel) == "register", f"{channel} groups by register"
    paths = drawn(registers_image, "line")
    assert len(paths) == 2
    axis = x_axis(registers_image, "Year")
    prefix = "RNPED" if series.startswith("rnped") else "RNPDNO"
    path = only([p for p in paths if p.data["register"].startswith(prefix)], prefix)
    assert path.stroke == colour
    assert (path.dash not in SOLID) is dashed
    assert len(path.points) == len(rows)
    assert years_of_path(path, axis) == (rows["year"].min(), rows["year"].max())
    dots = [d for d in drawn(registers_image, "symbol") if d.data["register"].startswith(prefix)]
    assert {dot.shape for dot in dots} == {shape}
    assert len(dots) == len(rows)


def test_registers_labels_mark_rnpeds_2004_and_2010(registers_image: str) -> None:
    rows = csv("mexico_disappeared_by_year").query("series == 'rnped_open_investigations'")
    value = rows.set_index("year")["persons"]
    labels = {text.data["label"] for text in drawn(registers_image, "text")}
    assert labels == {f"{value[2004]:,.0f} in 2004", f"{value[2010]:,.0f} in 2010"}


# ---------------------------------------------------- claim vs data explorer ---


def _explorer_image(series: str, start: int | None = None, end: int | None = None) -> str:
    return svg(violence_charts.claim_vs_data_chart(series, start, end).to_dict())


def test_explorer_shapes_say_final_preliminary_or_snapshot() -> None:
    spec = violence_charts.claim_vs_data_chart().to_dict()
    dots = only(of_kind(spec, "point"), "point layer")
    shapes = dots.scale_map("shape")
    assert shapes["final"] == "circle"
    assert shapes["preliminary or provisional"] == "triangle-up"
    assert shapes["register snapshot"] == "square"
    assert dots.mark.get("filled") is True


def test_explorer_draws_the_provisional_overdose_year_as_a_triangle() -> None:
    rows = csv("us_overdose_deaths").query("drug_category == 'all_drugs'")
    rows = rows[rows["period"] == "calendar year"]
    image = _explorer_image("us_overdose_deaths")
    dots = drawn(image, "symbol")
    axis = x_axis(image, "Year")
    by_year = {round(to_data(dot.at[0], axis)): dot.shape for dot in dots if dot.data}
    for year, status in zip(rows["year"], rows["data_status"], strict=True):
        assert by_year[year] == ("triangle" if status == "provisional" else "circle"), year


@pytest.mark.parametrize(("start", "end", "pieces"), [(2000, 2010, 2), (2005, 2010, 1)])
def test_explorer_line_is_broken_at_2005_and_spans_the_chosen_years(
    start: int, end: int, pieces: int
) -> None:
    image = _explorer_image("homicides", start, end)
    paths = drawn(image, "line")
    assert len(paths) == pieces
    axis = x_axis(image, "Year")
    firsts = sorted(years_of_path(path, axis) for path in paths)
    assert firsts[0][0] == start and firsts[-1][1] == end
    if pieces == 2:
        assert firsts == [(start, 2004), (2005, end)]
        dashed = [path for path in paths if path.dash not in SOLID]
        assert [path.data["segment"] for path in dashed] == ["valle_jones_tabulation"]


def test_explorer_starts_on_the_whole_series_and_its_rule_is_dashed_orange() -> None:
    spec = violence_charts.claim_vs_data_chart("disappeared_rnped").to_dict()
    rows = csv("mexico_disappeared_by_year").query("series == 'rnped_open_investigations'")
    assert param_values(spec) == {
        "series": "disappeared_rnped",
        "start": rows["year"].min(),
        "end": rows["year"].max(),
    }
    rule = only(drawn(svg(spec), "rule"), "rule")
    claim = csv("claim_numbers").set_index("number_id").loc["N05"]
    assert rule.stroke == ORANGE and rule.dash not in SOLID
    assert float(next(iter(rule.data.values()))) == float(claim["value"])
    # Every layer that draws values keeps to the chosen series and years.
    for unit in units(spec):
        if unit.kind in ("line", "point"):
            assert any("datum.series == series" in f and "start" in f for f in unit.filters())


def test_explorer_writes_the_claim_on_its_rule_and_the_change_over_the_series_unit() -> None:
    """Where the words sit: the op-ed's claim just above its dashed rule, from the left edge;
    above the plot, the change sentence first, then the line naming the series and its unit
    (the y axis title sends the reader to it), both starting at the left edge."""
    image = svg(violence_charts.claim_vs_data_chart("disappeared_rnped").to_dict())
    rule = only(drawn(image, "rule"), "rule")
    claim, change, unit = (
        only(drawn(image, "text", layer=f"layer_{n}_marks"), f"text of layer {n}")
        for n in (3, 4, 5)
    )
    assert claim.data["label"].startswith("Op-ed (A10): more than 3,000")
    assert 0 < rule.at[1] - claim.at[1] <= 12 and 0 <= claim.at[0] <= 8
    assert change.data["text"].startswith("From ") and unit.data["label"].startswith("Mexico: ")
    assert change.at[1] < unit.at[1] < 0 and change.at[0] == unit.at[0] == 0
    anchors = re.findall(r'aria-roledescription="text mark" text-anchor="(\w+)"', image)
    assert anchors == ["start"] * 3, "each line of words starts at the left edge"


def test_explorer_opens_on_the_series_it_is_given() -> None:
    rows = csv("us_overdose_deaths").query("drug_category == 'all_drugs'")
    years, picker, chart = violence_charts.claim_vs_data_explorer("us_overdose_deaths").children
    assert picker.value == "us_overdose_deaths"
    assert chart.params.series == "us_overdose_deaths"
    calendar = rows[rows["period"] == "calendar year"]["year"]
    assert years.value == (calendar.min(), calendar.max()) == (years.min, years.max)


def test_explorer_opens_on_homicides_over_all_its_years_with_labelled_live_controls() -> None:
    rows = preferred_homicides()
    years, picker, chart = violence_charts.claim_vs_data_explorer().children
    assert (picker.description, years.description) == ("Series:", "Years:")
    assert picker.value == "homicides" and picker.label.startswith("Mexico: homicides")
    assert years.value == (rows["year"].min(), rows["year"].max())
    assert years.step == 1 and years.continuous_update, "every year, redrawn while dragging"
    assert param_values(chart.chart.to_dict()) == {
        "series": "homicides",
        "start": rows["year"].min(),
        "end": rows["year"].max(),
    }
    assert len(of_kind(chart.chart.to_dict(), "line")) == 1


# =============================================================== lesson 03 ===


def _strengths(ties: pd.DataFrame) -> pd.DataFrame:
    """Per group: alliance and rivalry strength (sum of tie weights at either end)."""
    ends = pd.concat(
        [
            ties.rename(columns={"group_a": "group"})[["group", "tie", "weight"]],
            ties.rename(columns={"group_b": "group"})[["group", "tie", "weight"]],
        ]
    )
    table = ends.pivot_table(index="group", columns="tie", values="weight", aggfunc="sum")
    table = table.fillna(0).astype(int)
    table["strength"] = table["alliance"] + table["rivalry"]
    return table


def _partners(group: str, tie: str, ties: pd.DataFrame | None = None) -> set[str]:
    ties = merged_ties() if ties is None else ties
    chosen = ties[ties["tie"] == tie]
    return set(chosen.loc[chosen["group_a"] == group, "group_b"]) | set(
        chosen.loc[chosen["group_b"] == group, "group_a"]
    )


@pytest.fixture
def network_image() -> str:

    return svg_once(cartel_lab.network_charts.network_chart().to_dict())


def test_network_ties_are_blue_solid_alliances_and_vermilion_dashed_rivalries(
    network_image: str,
) -> None:
    ties = merged_ties()
    rules = drawn(network_image, "rule")
    assert len(rules) == len(ties)
    styles = Counter((rule.data["Tie"], rule.stroke, rule.dash in SOLID) for rule in rules)
    counts = ties["tie"].value_counts()
    assert styles == {
        ("alliance", BLUE, True): counts["alliance"],
        ("rivalry", VERMILLION, False): counts["rivalry"],
    }


def test_network_highlights_the_selected_group_its_allies_and_its_rivals(
    network_image: str,
) -> None:
    allies, rivals = _partners(SINALOA, "alliance"), _partners(SINALOA, "rivalry")
    assert (len(allies), len(rivals)) == (21, 11)  # the lesson's description says so
    dots = {dot.data["Id"]: dot for dot in drawn(network_image, "symbol")}
    assert (dots[SINALOA].fill, dots[SINALOA].shape) == ("black", "diamond")
    for group, dot in dots.items():
        if group == SINALOA:
            continue
        colour = BLUE if group in allies else VERMILLION if group in rivals else GREY
        shape = "square" if group in rivals else "circle"
        assert (dot.fill, dot.shape) == (colour, shape), group
    # The selected group's ties are drawn thicker and darker than the rest.
    touching = [
        r for r in drawn(network_image, "rule") if SINALOA in (r.data["Group"], r.data["And group"])
    ]
    others = [r for r in drawn(network_image, "rule") if r not in touching]
    assert len(touching) == len(allies) + len(rivals)
    assert min(r.width for r in touching) > max(r.width for r in others)  # type: ignore[type-var]


def test_network_circles_are_sized_by_strength_and_the_ten_strongest_named(
    network_image: str,
) -> None:
    strengths = _strengths(merged_ties())
    names = csv("cartel_groups").set_index("group_id")
    dots = drawn(network_image, "symbol")
    assert {dot.data["Id"] for dot in dots} == set(strengths.index)  # groups with a tie in 2020
    area = {dot.data["Id"]: _area(dot) for dot in dots if dot.shape == "circle"}
    by_strength = sorted(area, key=lambda group: strengths.loc[group, "strength"])
    assert [area[g] for g in by_strength] == sorted(area.values())
    # Every group can be seen and pointed at, and no hub hides its neighbours: radii of 3 to
    # 20 px (a circle of radius 1 px is a speck; one of 40 px covers a fifth of the chart).
    assert min(area.values()) >= 3 and max(area.values()) <= 20
    tenth = strengths["strength"].nlargest(10).iloc[-1]
    labels = {text.data["short_name"] for text in drawn(network_image, "text")}
    assert len(labels) == 10
    stronger = set(names.loc[strengths.index[strengths["strength"] > tenth], "short_name"])
    at_least = set(names.loc[strengths.index[strengths["strength"] >= tenth], "short_name"])
    assert stronger <= labels <= at_least  # the ten strongest (a tie at the tenth decided by id)


def _area(dot: object) -> float:
    """A drawn circle's radius: Vega writes it as the path's first number (M r,0 A r,r ...)."""
    return abs(float(dot.d[1:].split(",")[0]))  # type: ignore[attr-defined]


@pytest.mark.parametrize("scenario", ["Sinaloa + CJNG", "Los Chapitos + CJNG"])
def test_network_scenario_draws_the_merged_ties(scenario: str) -> None:
    pair = (SINALOA, CJNG) if scenario.startswith("Sinaloa") else (CHAPITOS, CJNG)
    ties = merged_ties(pair)
    image = svg(cartel_lab.network_charts.network_chart(scenario=scenario, selected=CJNG).to_dict())
    rules = drawn(image, "rule")
    assert Counter(rule.data["Tie"] for rule in rules) == ties["tie"].value_counts().to_dict()
    joined = [r for r in rules if {r.data["Group"], r.data["And group"]} == set(pair)]
    assert [(r.data["Tie"], r.stroke) for r in joined] == [("alliance", BLUE)]
    dots = {dot.data["Id"]: dot for dot in drawn(image, "symbol")}
    other = pair[0]
    assert dots[other].fill == BLUE, "after the merger CJNG's partner is an ally"


@pytest.fixture
def strength_image() -> str:

    return svg_once(cartel_lab.network_charts.strength_chart().to_dict())


def test_strength_bars_diverge_rivalry_left_alliance_right(strength_image: str) -> None:
    strengths = _strengths(merged_ties())
    names = csv("cartel_groups").set_index("group_id")["short_name"]
    rects = drawn(strength_image, "rect")
    assert len(rects) == 30
    # The axis labels are absolute values, so find zero where the two sides of a bar meet.
    rivalry_ends = {round(r.x_extent[1], 1) for r in rects if r.data["Tie"] == "rivalry"}
    alliance_starts = {round(r.x_extent[0], 1) for r in rects if r.data["Tie"] == "alliance"}
    assert len(rivalry_ends) == 1 and rivalry_ends == alliance_starts
    for rect in rects:
        assert rect.fill == (VERMILLION if rect.data["Tie"] == "rivalry" else BLUE)
    tenth = strengths["strength"].nlargest(15).iloc[-1]
    top = strengths[strengths["strength"] >= tenth]
    expected = {}
    for group, row in top.iterrows():
        expected[(names[group], "alliance")] = row["alliance"]
        expected[(names[group], "rivalry")] = row["rivalry"]
    widths = {}
    for rect in rects:
        key = (rect.data["Group (short name)"], rect.data["Tie"])
        widths[key] = rect.x_extent[1] - rect.x_extent[0]
        assert key in expected
    pixels_per_unit = {round(widths[key] / expected[key], 3) for key in widths if expected[key]}
    assert len(pixels_per_unit) == 1, "every bar's length is its strength on one scale"


def test_strength_bars_are_strongest_first(strength_image: str) -> None:
    strengths = _strengths(merged_ties())
    names = csv("cartel_groups").set_index("group_id")["short_name"]
    by_name = {names[g]: s for g, s in strengths["strength"].items()}
    rects = drawn(strength_image, "rect")
    tops: dict[str, float] = {}
    for rect in rects:
        name = rect.data["Group (short name)"]
        tops[name] = min(y for _, y in rect.points)
    order = sorted(tops, key=tops.get)
    assert [by_name[name] for name in order] == sorted(by_name[n] for n in order)[::-1]
    assert min(by_name[name] for name in order) >= sorted(by_name.values())[-15]


def _alliance_blocs(ties: pd.DataFrame) -> list[set[str]]:
    """Connected groups by chains of alliances, by a plain union-find over the CSV rows."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for row in ties[ties["tie"] == "alliance"].itertuples():
        parent[root(row.group_a)] = root(row.group_b)
    blocs: dict[str, set[str]] = {}
    for node in list(parent):
        blocs.setdefault(root(node), set()).add(node)
    return [members for members in blocs.values() if len(members) >= 2]


def test_bloc_bars_are_the_alliance_blocs_largest_first_named_by_strongest() -> None:
    ties = merged_ties()
    blocs = _alliance_blocs(ties)
    strengths = _strengths(ties)["strength"]
    names = csv("cartel_groups").set_index("group_id")["name"]
    image = svg(cartel_lab.network_charts.bloc_sizes_chart().to_dict())
    rects = sorted(drawn(image, "rect"), key=lambda r: min(y for _, y in r.points))
    assert len(rects) == len(blocs)
    sizes = [int(rect.data["Groups"]) for rect in rects]
    assert sizes == sorted((len(b) for b in blocs), reverse=True)
    for rect in rects:
        strongest = {names[min(b, key=lambda g: (-strengths[g], g))]: len(b) for b in blocs}
        assert strongest[rect.data["Strongest member"]] == int(rect.data["Groups"])
    numbers = sorted(int(text.data["groups"]) for text in drawn(image, "text"))
    assert numbers == sorted(sizes)


def _brute_force_triangles(ties: pd.DataFrame) -> Counter:
    """Counts of 'balanced', 'unbalanced' and 'unclear' triangles, by the rule the lesson states."""
    signs: dict[frozenset, set[str]] = {}
    for row in ties.itertuples():
        signs.setdefault(frozenset((row.group_a, row.group_b)), set()).add(row.tie)
    neighbours: dict[str, set[str]] = {}
    for pair in signs:
        a, b = tuple(pair)
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    counts: Counter = Counter()
    for a in neighbours:
        for b in neighbours[a]:
            for c in neighbours[a] & neighbours[b]:
                if a < b < c:
                    kinds = [signs[frozenset(p)] for p in ((a, b), (a, c), (b, c))]
                    if any(len(k) == 2 for k in kinds):
                        counts["unclear"] += 1
                    else:
                        rivalries = sum("rivalry" in k for k in kinds)
                        counts["balanced" if rivalries % 2 == 0 else "unbalanced"] += 1
    return counts


@pytest.mark.parametrize("scenario", ["none", "Sinaloa + CJNG"])
def test_balance_bars_count_triangles_blue_balanced_vermilion_unbalanced(scenario: str) -> None:
    pair = None if scenario == "none" else (SINALOA, CJNG)
    expected = _brute_force_triangles(merged_ties(pair))
    image = svg(cartel_lab.network_charts.balance_chart(scenario).to_dict())
    colour = {"balanced": BLUE, "unbalanced": VERMILLION, "unclear": GREY}
    counted: Counter = Counter()
    for rect in drawn(image, "rect"):
        verdict = rect.data["Balance"]
        assert rect.fill == colour[verdict]
        assert f"({verdict})" in rect.data["Triangle pattern (its balance)"]
        counted[verdict] += int(rect.data["Triangles"])
    assert counted == expected
    # Each bar is as long as its count on the "Number of triangles" axis.
    axis = x_axis(image, "Number of triangles")
    for rect in drawn(image, "rect"):
        low, high = rect.x_extent
        assert to_data(high, axis) - to_data(low, axis) == pytest.approx(
            float(rect.data["Triangles"]), abs=0.5
        ), rect.data


# =============================================================== lesson 04 ===


@pytest.fixture
def history_image() -> str:
    return svg_once(cartel_lab.model_charts.history_chart().to_dict())


def test_history_is_one_blue_model_line_2012_2022_and_orange_diamonds_never_joined(
    history_image: str,
) -> None:
    line = only(drawn(history_image, "line"), "line: the model only, the data are not joined")
    axis = x_axis(history_image, "Year")
    assert line.stroke == BLUE
    assert years_of_path(line, axis) == (2012, 2022)
    trends = csv("mexico_trends_2012_2021")
    diamonds = drawn(history_image, "symbol")
    assert len(diamonds) == len(trends) == 10
    assert {(d.shape, d.fill) for d in diamonds} == {("diamond", ORANGE)}
    placed = sorted(
        (round(to_data(d.at[0], axis), 1), float(d.data["Deaths per week"])) for d in diamonds
    )
    expected = [
        (year + 0.5, 0.1 * (homicides + missing) / 52)  # mid-year, a tenth, per week
        for year, homicides, missing in zip(
            trends["year"], trends["homicides"], trends["missing_persons"], strict=True
        )
    ]
    for (x, y), (year, value) in zip(placed, expected, strict=True):
        assert x == pytest.approx(year, abs=0.05)
        assert y == pytest.approx(value, rel=1e-6)


def test_members_history_has_the_papers_range_as_a_vermilion_bar_at_2022() -> None:
    image = svg(cartel_lab.model_charts.members_history_chart().to_dict())
    line = only(drawn(image, "line"), "line")
    axis = x_axis(image, "Year")
    assert line.stroke == BLUE and years_of_path(line, axis) == (2012, 2022)
    published = csv("model_results").set_index("result_id").loc["M01"]
    rule = only(drawn(image, "rule"), "range bar")
    assert rule.stroke == VERMILLION
    assert (float(rule.data["Cartel members (all groups)"]), float(rule.data["high"])) == (
        published["value_low"],
        published["value_high"],
    )
    assert to_data(rule.points[0][0], axis) == pytest.approx(2022, abs=0.25)


@pytest.fixture
def tornado_spec() -> dict:
    return cartel_lab.model_charts.tornado_chart().to_dict()


def test_tornado_has_three_panels_blue_minus_orange_plus(tornado_spec: dict) -> None:
    panels = tornado_spec["hconcat"]
    titles = [panel["title"].lower() for panel in panels]
    assert [("members" in t, "2022" in t, "2027" in t) for t in titles] == [
        (True, True, False),
        (True, False, True),
        (False, False, True),
    ]
    assert "deaths" in titles[2]
    image = svg(tornado_spec)
    bars = [rect for rect in drawn(image, "rect") if rect.fill != GREY]
    assert len(bars) == 3 * 5 * 2  # three outcomes, five inputs, two directions
    for bar in bars:
        assert bar.fill == {"-10%": BLUE, "+10%": ORANGE}[bar.data["Input"]]
    labels = Counter(text.data["direction"] for text in drawn(image, "text"))
    assert labels == {"-10%": 15, "+10%": 15}


def test_tornado_grey_band_is_the_papers_range_in_percent_of_the_modelled_value(
    tornado_spec: dict,
) -> None:
    from cartel_lab.model import history

    published = csv("model_results").set_index("result_id").loc["M01"]
    modelled = history().totals()["members"].iloc[-1]
    image = svg(tornado_spec)
    band = only([rect for rect in drawn(image, "rect") if rect.fill == GREY], "grey band")
    axis = x_axis(image, "Change in the outcome (%)")  # the first panel's axis
    low, high = (to_data(x, axis) for x in band.x_extent)
    assert low == pytest.approx(100 * (published["value_low"] / modelled - 1), abs=0.2)
    assert high == pytest.approx(100 * (published["value_high"] / modelled - 1), abs=0.2)
    first = tornado_spec["hconcat"][0]["layer"]
    assert [unit.kind for unit in units(tornado_spec)].count("rect") == 1
    assert first[0]["mark"]["type"] == "rect", "the band is drawn under the bars of panel one"


def test_tornado_rows_put_the_input_that_moves_members_2027_most_on_top(tornado_spec: dict) -> None:
    panel = {"hconcat": [tornado_spec["hconcat"][1]], "datasets": tornado_spec["datasets"]}
    image = svg(panel)
    axis = x_axis(image)
    rows: dict[str, tuple[float, float]] = {}
    for rect in drawn(image, "rect"):
        # The y title is written on the first panel only; the others show the field's name.
        name = rect.data.get("Input moved by ±10 %", rect.data.get("input_label"))
        size = max(abs(to_data(x, axis)) for x in rect.x_extent)
        top = min(y for _, y in rect.points)
        previous = rows.get(name, (float("inf"), 0.0))
        rows[name] = (min(previous[0], top), max(previous[1], size))
    order = sorted(rows, key=lambda name: rows[name][0])
    sizes = [rows[name][1] for name in order]
    assert sizes == sorted(sizes, reverse=True)


@pytest.fixture
def explorer_spec() -> dict:
    return cartel_lab.model_charts.policy_explorer_chart().to_dict()


def test_explorer_draws_history_then_baseline_and_your_scenario_2022_2032(
    explorer_spec: dict,
) -> None:
    image = svg(explorer_spec)
    lines = policy_explorer_lines(image)
    assert len(lines) == 6
    axis = x_axis(image, "Year")
    style = {
        "history (fitted)": ("black", True, (2012, 2022)),
        "baseline (status quo)": (GREY, False, (2022, 2032)),
        "your scenario": (BLUE, True, (2022, 2032)),
    }
    for panel in ("members", "deaths"):
        for series, (colour, solid, _) in style.items():
            path = lines[(panel, series)]
            assert path.stroke == colour, (panel, series)  # type: ignore[attr-defined]
            assert (path.dash in SOLID) is solid, (panel, series)  # type: ignore[attr-defined]
        members = {s: lines[("members", s)] for s in style}
        for series, (_, _, years) in style.items():
            assert years_of_path(members[series], axis) == years, series
    # At the start (no change) the scenario lies on the baseline.
    for panel in ("members", "deaths"):
        scenario = lines[(panel, "your scenario")].points  # type: ignore[attr-defined]
        baseline = lines[(panel, "baseline (status quo)")].points  # type: ignore[attr-defined]
        assert [p[1] for p in scenario] == pytest.approx([p[1] for p in baseline], abs=0.6)
    marks = drawn(image, "rule")
    assert len(marks) == 2 and all(m.dash not in SOLID for m in marks)
    assert to_data(marks[0].points[0][0], axis) == pytest.approx(2027, abs=0.05)


def test_explorer_bars_compare_with_2022_in_vermilion_and_with_the_baseline_in_blue() -> None:
    from cartel_lab.model import history, project

    spec = cartel_lab.model_charts.policy_explorer_chart(recruitment_change=-50).to_dict()
    image = svg(spec)
    bars = sorted(drawn(image, "rect"), key=lambda r: min(y for _, y in r.points))
    labels = [bar.data["Change"] for bar in bars]
    assert labels == [
        "members, vs 2022",
        "members, vs baseline 2027",
        "deaths per week, vs 2022",
        "deaths per week, vs baseline 2027",
    ]
    assert [bar.fill for bar in bars] == [VERMILLION, BLUE, VERMILLION, BLUE]
    # Each bar is (new - old) / old * 100 on 1 January 2027 (week 260 after 2022).
    start = history().totals().iloc[-1]
    base = project(10).totals().iloc[260]
    halved = project(10, recruitment=0.5).totals().iloc[260]
    expected = [
        (halved["members"] - start["members"]) / start["members"] * 100,
        (halved["members"] - base["members"]) / base["members"] * 100,
        (halved["conflict_deaths"] - start["conflict_deaths"]) / start["conflict_deaths"] * 100,
        (halved["conflict_deaths"] - base["conflict_deaths"]) / base["conflict_deaths"] * 100,
    ]
    shown = [float(bar.data["Percent"]) for bar in bars]
    assert shown == pytest.approx(expected, abs=0.06)


def test_explorer_scenario_line_follows_the_controls() -> None:
    spec = cartel_lab.model_charts.policy_explorer_chart(recruitment_change=-50).to_dict()
    lines = policy_explorer_lines(svg(spec))
    for panel in ("members", "deaths"):
        scenario = lines[(panel, "your scenario")].points  # type: ignore[attr-defined]
        baseline = lines[(panel, "baseline (status quo)")].points  # type: ignore[attr-defined]
        assert scenario[0][1] == pytest.approx(baseline[0][1], abs=0.6)  # both start in 2022
        assert scenario[-1][1] > baseline[-1][1] + 5, (
            "halved recruitment ends lower (SVG y grows down)"
        )


# =============================================================== lesson 05 ===


def _window(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a date label can mean: a day, a month (2015-12) or a year (2015)."""
    parts = label.split("-")
    if len(parts) == 3:
        return pd.Timestamp(label), pd.Timestamp(label)
    if len(parts) == 2:
        first = pd.Timestamp(f"{label}-01")
        return first, first + pd.offsets.MonthEnd(0)
    return pd.Timestamp(f"{label}-01-01"), pd.Timestamp(f"{label}-12-31")


def _middle(label: str) -> pd.Timestamp:
    first, last = _window(label)
    return (first + (last - first) / 2).floor("D")


def _pixels_per_day(xs: list[float], days: list[pd.Timestamp]) -> tuple[float, float]:
    """(pixels per day, pixel of day 0) from items placed at known dates."""
    first, last = (
        min(range(len(days)), key=days.__getitem__),
        max(range(len(days)), key=days.__getitem__),
    )
    per_day = (xs[last] - xs[first]) / (days[last] - days[first]).days
    return per_day, xs[first] - per_day * (days[first] - pd.Timestamp(0)).days


def _day_at(x: float, scale: tuple[float, float]) -> pd.Timestamp:
    per_day, origin = scale
    return pd.Timestamp(0) + pd.Timedelta(days=round((x - origin) / per_day))


def test_territory_dots_sit_mid_window_with_a_bar_over_a_month_and_none_for_a_day() -> None:
    held = csv("isis_territory").query("measure == 'held'")
    image = svg(cartel_lab.coalition_charts.territory_chart().to_dict())
    assert drawn(image, "line") == [], "no line joins the dots"
    dots = {int(dot.data["Territory held (km²)"]): dot for dot in drawn(image, "symbol")}
    assert sorted(dots) == sorted(held["km2"])
    scale = _pixels_per_day(
        [dots[km2].at[0] for km2 in held["km2"]], [_middle(label) for label in held["as_of"]]
    )
    rules = drawn(image, "rule")
    for label, km2 in zip(held["as_of"], held["km2"], strict=True):
        dot = dots[km2]
        assert _day_at(dot.at[0], scale) == _middle(label), label
        bars = [rule for rule in rules if rule.points[0][1] == pytest.approx(dot.at[1], abs=0.5)]
        low = min(rule.x_extent[0] for rule in bars)
        high = max(rule.x_extent[1] for rule in bars)
        first, last = _window(label)
        if first == last:
            assert high - low == pytest.approx(0, abs=0.01), f"{label}: an exact day has no bar"
        else:
            assert (_day_at(low, scale), _day_at(high, scale)) == (first, last), label
    labels = {text.data["label"] for text in drawn(image, "text")}
    assert labels == {f"{km2:,}" for km2 in held["km2"]}


def test_loss_rate_bars_span_each_gap_at_its_average_rate_with_the_honest_range() -> None:
    held = csv("isis_territory").query("measure == 'held'").reset_index(drop=True)
    image = svg(cartel_lab.coalition_charts.loss_rate_chart().to_dict())
    rects = sorted(drawn(image, "rect"), key=lambda rect: rect.x_extent[0])
    assert len(rects) == len(held) - 1
    for left, right in pairwise(rects):
        assert left.x_extent[1] == pytest.approx(right.x_extent[0], abs=0.01), "gap to gap"
    month = 365.25 / 12
    for number, rect in enumerate(rects):
        before, after = held.iloc[number], held.iloc[number + 1]
        days = (_middle(after["as_of"]) - _middle(before["as_of"])).days
        rate = (before["km2"] - after["km2"]) / (days / month)
        assert float(rect.data["Territory lost (km² per month)"]) == pytest.approx(rate, abs=0.5)
        # The slowest and fastest rates the date windows allow bracket the average.
        earliest = (_window(after["as_of"])[0] - _window(before["as_of"])[1]).days
        latest = (_window(after["as_of"])[1] - _window(before["as_of"])[0]).days
        slowest = (before["km2"] - after["km2"]) / (latest / month)
        fastest = (before["km2"] - after["km2"]) / (earliest / month)
        assert float(rect.data["Slowest possible (km² a month)"].replace(",", "")) == pytest.approx(
            slowest, abs=0.5
        )
        assert float(rect.data["Fastest possible (km² a month)"].replace(",", "")) == pytest.approx(
            fastest, abs=0.5
        )
        assert rect.fill == ORANGE
    ranges = drawn(image, "rule")
    assert len(ranges) == len(rects) and {rule.stroke for rule in ranges} == {"black"}
    for rule, rect in zip(sorted(ranges, key=lambda r: r.points[0][0]), rects, strict=True):
        assert rule.points[0][0] == pytest.approx(sum(rect.x_extent) / 2, abs=1), "mid-gap"


def test_revenue_years_and_months_are_separate_panels_colour_and_shape_by_estimator() -> None:
    revenue = csv("isis_revenue").query("stream == 'total'")
    spec = cartel_lab.coalition_charts.revenue_chart().to_dict()
    dots = of_kind(spec, "point")
    assert len(dots) == 2 and [unit.where for unit in dots] == [
        "vconcat[0].layer[0].",
        "vconcat[1].layer[0].",
    ]
    titles = [unit.channel("y")["title"] for unit in dots]
    assert "year" in titles[0] and "month" in titles[1]
    for unit, per in zip(dots, ("year", "month"), strict=True):
        rows = revenue[revenue["per"] == per]
        assert sorted(unit.rows["usd_millions"]) == sorted(rows["usd_high"] / 1e6)
        assert set(unit.rows["per"]) == {per}
        assert unit.field_of("color") == unit.field_of("shape") == "estimator"
    image = svg(spec)
    looks = {(d.data["Estimator"], d.fill, d.shape) for d in drawn(image, "symbol")}
    by_estimator = {estimator: (fill, shape) for estimator, fill, shape in looks}
    assert len(looks) == len(by_estimator) == revenue["estimator"].nunique()
    assert len({fill for fill, _ in by_estimator.values()}) == len(by_estimator)
    assert len({shape for _, shape in by_estimator.values()}) == len(by_estimator)


def test_members_step_line_with_exact_days_blue_and_month_or_year_grey() -> None:
    members = csv("global_coalition_members").dropna(subset=["as_of"])
    counts = members.groupby("as_of")["members"].max()  # one count a day: the later, higher one
    image = svg(cartel_lab.coalition_charts.members_chart().to_dict())
    spec = cartel_lab.coalition_charts.members_chart().to_dict()
    line = only(of_kind(spec, "line"), "line")
    assert line.mark.get("interpolate") == "step-after"
    path = only(drawn(image, "line"), "step line")
    assert path.stroke == GREY
    dots = drawn(image, "symbol")
    assert len(dots) == len(counts)
    scale = _pixels_per_day(
        [d.at[0] for d in dots], [_middle(label) for label in _labels_at(dots, counts)]
    )
    for dot in dots:
        day = _day_at(dot.at[0], scale)
        label = next(label for label in counts.index if _middle(label) == day)
        assert int(dot.data["Members (states and organisations)"]) == counts[label]
        exact = len(label.split("-")) == 3
        assert dot.fill == (BLUE if exact else GREY), label
        assert (dot.shape == "circle") is exact, label
    assert path.x_extent == pytest.approx(
        (min(d.at[0] for d in dots), max(d.at[0] for d in dots)), abs=0.5
    )


def _labels_at(dots: list, counts: pd.Series) -> list[str]:
    """The date label of each dot, matched by the count and the label Vega shows."""
    members = csv("global_coalition_members").dropna(subset=["as_of"])
    shown = dict(zip(members["as_of_label"], members["as_of"], strict=True))
    return [shown[dot.data["Date as published"]] for dot in dots]


def test_fighters_bars_reach_the_high_end_with_a_tick_at_the_low_end_oldest_first() -> None:
    counts = csv("isis_foreign_fighters")
    counts = counts[counts["measure"].isin(["foreign_fighters", "foreign_affiliates"])]
    spec = cartel_lab.coalition_charts.fighters_chart().to_dict()
    image = svg(spec)
    rects = drawn(image, "rect")
    bars = [r for r in rects if r.fill == BLUE]
    ticks = [r for r in rects if r.fill == "black"]
    assert len(bars) == len(ticks) == len(counts)
    axis = x_axis(image)
    for bar in bars:
        row = counts[
            (counts["as_of"] + " · " + counts["estimator"]) == bar.data["Date and estimator"]
        ].iloc[0]
        assert to_data(bar.x_extent[0], axis) == pytest.approx(0, abs=50)
        assert to_data(bar.x_extent[1], axis) == pytest.approx(row["value_high"], abs=100)
        assert bar.data["Whom it counts"] == row["scope"]
    for tick in ticks:
        row = counts[
            (counts["as_of"] + " · " + counts["estimator"]) == tick.data["Date and estimator"]
        ].iloc[0]
        assert to_data(sum(tick.x_extent) / 2, axis) == pytest.approx(row["value_low"], abs=300)
    order = [
        b.data["Date and estimator"]
        for b in sorted(bars, key=lambda r: min(y for _, y in r.points))
    ]
    assert [label.split(" · ")[0] for label in order] == sorted(counts["as_of"])
    scopes = {text.data["scope"] for text in drawn(image, "text")}
    assert scopes == set(counts["scope"])


def test_terrorism_deaths_are_dots_never_a_line_by_provider_and_scope() -> None:
    deaths = csv("terrorism_deaths")
    spec = cartel_lab.coalition_charts.terrorism_deaths_chart().to_dict()
    assert of_kind(spec, "line") == [] and all(not u.mark.get("point") for u in units(spec))
    image = svg(spec)
    assert drawn(image, "line") == []
    dots = drawn(image, "symbol")
    assert len(dots) == len(deaths)
    drawn_values = Counter(
        (int(d.data["Year"]), int(d.data["Deaths from terrorism (per year)"].replace(",", "")))
        for d in dots
    )
    assert drawn_values == Counter(zip(deaths["year"], deaths["deaths"], strict=True))
    era = {
        (y, v): e
        for y, v, e in zip(deaths["year"], deaths["deaths"], deaths["data_era"], strict=True)
    }
    scope = {
        (y, v): s for y, v, s in zip(deaths["year"], deaths["deaths"], deaths["scope"], strict=True)
    }
    for dot in dots:
        key = (
            int(dot.data["Year"]),
            int(dot.data["Deaths from terrorism (per year)"].replace(",", "")),
        )
        assert dot.shape == ("circle" if era[key] == "start_gtd" else "square"), key
        assert dot.fill == (BLUE if scope[key] == "world" else ORANGE), key
    rule = only(drawn(image, "rule"), "provider change")
    assert rule.dash not in SOLID
    axis = x_axis(image, "Year")
    last_start = deaths.loc[deaths["data_era"] == "start_gtd", "year"].max()
    first_dragonfly = deaths.loc[deaths["data_era"] != "start_gtd", "year"].min()
    assert last_start < to_data(rule.points[0][0], axis) <= first_dragonfly
    labelled = Counter(
        text.data["edition"] for text in drawn(image, "text") if "edition" in text.data
    )
    assert labelled == Counter(deaths["gti_edition"].dropna())


def test_timeline_joins_territory_revenue_and_members_by_run_never_deaths_or_events() -> None:
    spec = cartel_lab.coalition_charts.timeline_chart().to_dict()
    line = only(of_kind(spec, "line"), "line layer")
    assert line.field_of("detail") == "run"
    image = svg(spec)
    paths = drawn(image, "line")
    assert sorted(path.data["run"].split(" · ")[0] for path in paths) == [
        "members",
        "revenue",
        "territory",
    ]
    counts = {
        "territory": len(csv("isis_territory").query("measure == 'held'")),
        "revenue": len(csv("isis_revenue").query("stream == 'total' and per == 'month'")),
        "members": csv("global_coalition_members").dropna(subset=["as_of"])["as_of"].nunique(),
    }
    for path in paths:
        assert len(path.points) == counts[path.data["run"].split(" · ")[0]]
    assert spec["spec"]["layer"][0]["mark"]["type"] == "line"
    rows = spec["facet"]["row"]
    assert rows["sort"] == [
        "Territory held (km²)",
        "Revenue, IHS (US$ a month)",
        "Coalition members",
        "Deaths from terrorism, world",
        "Key events (authored selection)",
    ]
    assert spec["resolve"]["scale"]["y"] == "independent"


# =============================================================== lesson 06 ===


def _dimensions() -> pd.DataFrame:
    return csv("analogy_dimensions")


def _dimension_labels() -> list[str]:
    dims = _dimensions()
    return (dims["dimension_id"] + " " + dims["dimension"]).tolist()


def _lines_using(dims: pd.DataFrame) -> dict[str, set[str]]:
    return {
        row.dimension_id: set() if pd.isna(row.line_ids) else set(row.line_ids.split(";"))
        for row in dims.itertuples()
    }


def _top(item: object) -> float:
    return min(y for _, y in item.points)  # type: ignore[attr-defined]


@pytest.fixture
def mapping_image() -> str:

    return svg_once(cartel_lab.analogy_charts.mapping_chart().to_dict())


def test_mapping_grid_is_a_row_per_dimension_and_a_column_per_line_blue_where_it_relies(
    mapping_image: str,
) -> None:
    """'A grid with one row per dimension (11) and one column per line (L1 to L6); a blue
    square marks a line that relies on the dimension, a grey one a line that does not.'"""
    dims = _dimensions()
    line_ids = csv("analogy_lines")["line_id"].tolist()
    used = _lines_using(dims)
    squares = drawn(mapping_image, "symbol")
    assert len(squares) == len(dims) * len(line_ids) == 11 * 6
    assert {square.shape for square in squares} == {"square"}
    labels = _dimension_labels()
    for square in squares:
        dimension, line = square.data["Dimension"], square.data["Line"]
        relies = line in used[dimension.split(" ")[0]]
        assert square.fill == (BLUE if relies else GREY), (dimension, line)
    columns = sorted({(square.at[0], square.data["Line"]) for square in squares})
    assert [line for _, line in columns] == line_ids, "L1 to L6, left to right"
    rows = sorted({(square.at[1], square.data["Dimension"]) for square in squares})
    assert [label for _, label in rows] == labels, "D01 to D11, top to bottom"


def test_mapping_words_say_how_many_lines_use_each_row_and_never_used_in_bold_vermillion(
    mapping_image: str,
) -> None:
    """'Beside each row, in words: how many lines use it, "never used" in bold vermillion
    for the dimensions no line relies on.'"""
    used = _lines_using(_dimensions())
    squares = drawn(mapping_image, "symbol")
    row_of = {square.data["Dimension"]: square.at[1] for square in squares}
    words = drawn(mapping_image, "text", layer="concat_1_marks")
    assert len(words) == len(used)
    for text in words:
        dimension = text.data["Dimension of comparison"]  # the hidden axis's title, read aloud
        count = len(used[dimension.split(" ")[0]])
        expected = {0: "never used", 1: "used by 1 line"}.get(count, f"used by {count} lines")
        assert text.data["used"] == expected, dimension
        assert text.fill == (VERMILLION if count == 0 else "black"), dimension
        assert abs(text.at[1] - row_of[dimension]) < 8, f"{dimension}: beside its own row"
    never = re.findall(r'aria-label="[^"]*used: never used"[^>]*font-weight="bold"', mapping_image)
    assert len(never) == sum(not lines for lines in used.values()) == 2


def _flip(ratings: dict[str, float], weights: dict[str, float], dim: str) -> float | None:
    """The change of ``dim``'s weight alone that flips the verdict, or None where no weight
    from 0 to 4 does: the weight w with (rest + w * rating) / (rest weight + w) = 2."""

    def holds(weight: float) -> bool:
        moved = {**weights, dim: weight}
        total = sum(moved.values())
        return total > 0 and sum(moved[d] * ratings[d] for d in ratings) / total >= 2

    now = holds(weights[dim])
    if all(holds(end) == now for end in (0, 4) if sum({**weights, dim: end}.values()) > 0):
        return None
    rest = sum(weights[d] * ratings[d] for d in ratings if d != dim)
    rest_weight = sum(weights[d] for d in ratings if d != dim)
    return (2 * rest_weight - rest) / (ratings[dim] - 2) - weights[dim]


def _example() -> tuple[dict[str, int], dict[str, int]]:
    dims = _dimensions()
    ids = dims["dimension_id"]
    return (
        dict(zip(ids, dims["example_rating"], strict=True)),
        dict(zip(ids, dims["example_weight"], strict=True)),
    )


def _score(ratings: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights[d] * ratings[d] for d in ratings) / sum(weights.values())


@pytest.fixture
def verdict_image() -> str:

    return svg_once(cartel_lab.analogy_charts.verdict_chart().to_dict())


def test_verdict_top_is_one_blue_bar_at_the_score_with_a_dashed_black_line_at_2(
    verdict_image: str,
) -> None:
    """'Top: one blue bar, the weighted similarity on a 0-4 axis, with a dashed black line at
    the threshold 2 and the verdict in words' above it (lesson 06)."""
    ratings, weights = _example()
    score = _score(ratings, weights)
    axis = x_axis(verdict_image, "Weighted similarity")
    bar = only(drawn(verdict_image, "rect", layer="concat_0_layer_0_marks"), "score bar")
    assert bar.fill == BLUE
    assert to_data(bar.x_extent[0], axis) == pytest.approx(0, abs=0.01)
    assert to_data(bar.x_extent[1], axis) == pytest.approx(score, abs=0.01)
    rule = only(drawn(verdict_image, "rule", layer="concat_0_layer_1_marks"), "threshold")
    assert rule.stroke == "black" and rule.dash not in SOLID
    assert to_data(rule.points[0][0], axis) == pytest.approx(2, abs=0.01)
    words = only(drawn(verdict_image, "text", layer="concat_0_layer_2_marks"), "verdict")
    assert words.data["text"] == f"{score:.2f} of 4: the analogy mostly breaks"
    assert words.at[1] < _top(bar), "the verdict stands above the bar"


def test_verdict_middle_bars_are_weight_times_rating_over_total_weight_and_add_up_to_the_score(
    verdict_image: str,
) -> None:
    """'Middle: one blue bar per dimension, its contribution (weight times rating divided by
    the total weight) on an axis from 0; the bars add up to the score.'"""
    ratings, weights = _example()
    total = sum(weights.values())
    axis = x_axis(verdict_image, "Contribution to the score")
    bars = sorted(drawn(verdict_image, "rect", layer="concat_1_marks"), key=_top)
    assert [bar.data["label"] for bar in bars] == _dimension_labels()
    assert to_data(0.0, axis) == pytest.approx(0, abs=1e-3), "the axis starts at 0"
    shown = []
    for bar in bars:
        dim = bar.data["label"].split(" ")[0]
        assert bar.fill == BLUE
        assert to_data(bar.x_extent[0], axis) == pytest.approx(0, abs=1e-3), "from 0"
        shown.append(to_data(bar.x_extent[1], axis))
        assert shown[-1] == pytest.approx(weights[dim] * ratings[dim] / total, abs=2e-3), dim
    assert sum(shown) == pytest.approx(_score(ratings, weights), abs=0.01)


def test_verdict_with_the_example_is_about_1_5_driven_by_five_dimensions_and_no_weight_flips_it(
    verdict_image: str,
) -> None:
    """Lesson 06: 'a score of about 1.5, "mostly breaks", driven by recruitment, territory,
    revenue, reach and states' responses; no single weight flips it.'"""
    ratings, weights = _example()
    assert round(_score(ratings, weights), 1) == 1.5
    bars = drawn(verdict_image, "rect", layer="concat_1_marks")
    longest = sorted(bars, key=lambda bar: bar.x_extent[1] - bar.x_extent[0])[-5:]
    names = {bar.data["label"].split(" ", 1)[1] for bar in longest}
    for word in ("recruitment", "territory", "revenue", "reach", "how states responded"):
        assert any(word in name for name in names), word
    assert all(_flip(ratings, weights, dim) is None for dim in ratings)
    flips = drawn(verdict_image, "rect", layer="concat_2_concat_0_marks")
    assert len(flips) == len(ratings)
    assert all(bar.x_extent[1] - bar.x_extent[0] == pytest.approx(0, abs=1e-6) for bar in flips)
    words = drawn(verdict_image, "text", layer="concat_2_concat_1_marks")
    assert all(text.data["text"].startswith("no weight") for text in words)


# Three dimensions whose weight alone flips the verdict (two up, one down) and one that cannot:
# (4*3 + 0*2 + 3*1 + 1*2) / 8 = 2.125 holds.
FLIP_RATINGS = {"D01": 4, "D02": 0, "D03": 3, "D04": 1}
FLIP_WEIGHTS = {"D01": 3, "D02": 2, "D03": 1, "D04": 2}


def test_verdict_flip_bars_are_the_weight_change_blue_to_raise_orange_to_lower() -> None:
    """'Bottom: for each dimension, the change of its weight alone (from -4 to +4 weight
    points) that flips the verdict, blue to raise it and orange to lower it, with the move
    in words; "no weight flips it" where none can.'"""
    image = svg(cartel_lab.analogy_charts.verdict_chart(FLIP_RATINGS, FLIP_WEIGHTS).to_dict())
    axis = x_axis(image, "Change of that weight alone")
    bars = {
        bar.data["label"].split(" ")[0]: bar
        for bar in drawn(image, "rect", layer="concat_2_concat_0_marks")
    }
    words = {
        text.data["Dimension"].split(" ")[0]: text.data["text"]
        for text in drawn(image, "text", layer="concat_2_concat_1_marks")
    }
    assert set(bars) == set(words) == set(FLIP_RATINGS)
    colours = Counter()
    for dim, bar in bars.items():
        change = _flip(FLIP_RATINGS, FLIP_WEIGHTS, dim)
        low, high = (to_data(x, axis) for x in bar.x_extent)
        if change is None:
            assert high - low == pytest.approx(0, abs=1e-6), dim
            assert words[dim].startswith("no weight"), dim
            continue
        assert (low, high) == pytest.approx(sorted((0, change)), abs=0.01), dim
        colour = BLUE if change > 0 else ORANGE
        assert bar.fill == colour, dim
        colours[colour] += 1
        way = "raise" if change > 0 else "lower"
        assert words[dim] == f"{way} weight to {FLIP_WEIGHTS[dim] + change:.1f} ({change:+.1f})"
    assert colours == {BLUE: 2, ORANGE: 1}


def test_verdict_explorer_starts_at_the_authored_example_one_row_per_dimension() -> None:
    """Lesson 06: 'Each row has two sliders: how alike (0-4) and how much it matters (0-4).
    The sliders start at the module's authored example.'"""
    ratings, weights = _example()
    box = cartel_lab.analogy_charts.verdict_explorer(dict(ratings), dict(weights))
    rows = box.children[: len(ratings)]
    assert [row.children[0].value for row in rows] == _dimension_labels()
    for row, dim in zip(rows, ratings, strict=True):
        alike, matters = row.children[1], row.children[2]
        assert "alike" in alike.description and "matters" in matters.description
        assert (alike.value, matters.value) == (ratings[dim], weights[dim]), dim
    chart = box.children[-1]
    assert chart.params.score == pytest.approx(_score(ratings, weights), abs=1e-3)


# =============================================================== lesson 07 ===

WEEKS_2022_2032 = 10 * 52  # the model's weeks from 1 January 2022 to 1 January 2032


def _end_2032(cut: float = 0, level: float = 1.0, network: str = "none") -> pd.Series:
    """Members and weekly deaths on 1 January 2032 from one single run of lesson 04's model."""
    from cartel_lab.model import project

    totals = project(10, recruitment=1 - cut / 100, incapacitation=level, super_cartel=network)
    return totals.totals().iloc[WEEKS_2022_2032]


def _start_2022() -> pd.Series:
    from cartel_lab.model import history

    return history().totals().iloc[-1]


@pytest.fixture
def builder_image() -> str:

    together = cartel_lab.strategy.strategy(50, 2)  # the lesson's strategy `together`
    return svg_once(cartel_lab.strategy_charts.strategy_chart(together).to_dict())


def _builder_lines(image: str) -> dict[tuple[str, str], object]:
    lines = {}
    for path in drawn(image, "line"):
        panel = "members" if "Cartel members" in path.data else "deaths"
        lines[(panel, path.data["Line"])] = path
    return lines


def test_builder_draws_baseline_dashed_grey_2022_dotted_black_strategy_solid_blue_2022_2032(
    builder_image: str,
) -> None:
    """'Two line charts from 2022 to 2032, cartel members and weekly conflict deaths: the
    baseline (dashed grey), the level on 1 January 2022 (dotted black) and your strategy
    (solid blue).'"""
    lines = _builder_lines(builder_image)
    assert len(lines) == 6
    axis = x_axis(builder_image, "Year")
    style = {"baseline (status quo)": GREY, "level on 1 Jan 2022": "black", "your strategy": BLUE}
    for (panel, series), path in lines.items():
        assert path.stroke == style[series], (panel, series)  # type: ignore[attr-defined]
        assert years_of_path(path, axis) == (2022, 2032), (panel, series)
    for panel in ("members", "deaths"):
        dashes = {s: lines[(panel, s)].dash for s in style}  # type: ignore[attr-defined]
        assert dashes["your strategy"] in SOLID
        dash, dot = (
            [float(v) for v in dashes[s].split(",")]
            for s in ("baseline (status quo)", "level on 1 Jan 2022")
        )
        assert (
            dashes["baseline (status quo)"] not in SOLID
            and dashes["level on 1 Jan 2022"] not in SOLID
        )
        assert dash[0] > 2 * dot[0], "dashes are longer than dots"


@pytest.mark.parametrize(
    ("panel", "column"), [("members", "members"), ("deaths", "conflict_deaths")]
)
def test_builder_lines_are_doing_nothing_the_2022_level_and_your_strategy_by_2032(
    builder_image: str, panel: str, column: str
) -> None:
    """The baseline is the status quo run, the 2022 level a flat line at 1 January 2022, and
    the strategy line ends at its own run's value in 2032 (one point every four weeks)."""
    from cartel_lab.model import project

    lines = _builder_lines(builder_image)
    base = lines[(panel, "baseline (status quo)")].points  # type: ignore[attr-defined]
    status_quo = project(10).totals()[column]
    assert len(base) == WEEKS_2022_2032 // 4 + 1
    (y0, v0), (y1, v1) = (base[0][1], status_quo.iloc[0]), (base[-1][1], status_quo.iloc[-1])

    def value(y: float) -> float:
        return v0 + (y - y0) * (v1 - v0) / (y1 - y0)

    middle = base[len(base) // 2][1]
    assert value(middle) == pytest.approx(status_quo.iloc[WEEKS_2022_2032 // 2], rel=0.01)
    level = lines[(panel, "level on 1 Jan 2022")].points  # type: ignore[attr-defined]
    assert {round(y, 3) for _, y in level} == {round(level[0][1], 3)}, "flat"
    assert value(level[0][1]) == pytest.approx(_start_2022()[column], rel=0.005)
    yours = lines[(panel, "your strategy")].points  # type: ignore[attr-defined]
    assert len(yours) == len(base)
    assert value(yours[0][1]) == pytest.approx(_start_2022()[column], rel=0.005)
    assert value(yours[-1][1]) == pytest.approx(_end_2032(50, 2)[column], rel=0.01, abs=0.5)


@pytest.fixture
def space_image() -> str:

    together = cartel_lab.strategy.strategy(50, 2)
    return svg_once(cartel_lab.strategy_charts.strategy_space_chart(together).to_dict())


def _cells(image: str, panel: int, kind: str = "rect") -> dict[tuple[int, float], object]:
    layer = f"concat_{panel}_layer_{0 if kind == 'rect' else 1}_marks"
    return {
        (
            int(cell.data["Recruitment cut (%)"]),
            float(cell.data["Incapacitation (× today's)"]),
        ): cell
        for cell in drawn(image, kind, layer=layer)
    }


def _centre(cell: object) -> tuple[float, float]:
    xs = [x for x, _ in cell.points]  # type: ignore[attr-defined]
    ys = [y for _, y in cell.points]  # type: ignore[attr-defined]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _rgb(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    return tuple(int(v) for v in re.findall(r"\d+", colour))  # type: ignore[return-value]


def test_space_columns_are_the_cut_0_to_100_rows_incapacitation_1_to_3_highest_on_top(
    space_image: str,
) -> None:
    """'Columns are the recruitment cut (0-100 %), rows the incapacitation (1 to 3 times
    today's)'; the lesson reads 'the top rows (high incapacitation)'."""
    cuts, levels = list(range(0, 101, 10)), [1 + 0.25 * step for step in range(9)]
    for panel in range(3):
        cells = _cells(space_image, panel)
        assert set(cells) == {(cut, level) for cut in cuts for level in levels}
        xs = [_centre(cells[(cut, 1.0)])[0] for cut in cuts]
        ys = [_centre(cells[(0, level)])[1] for level in levels]
        assert xs == sorted(xs) and len(set(xs)) == len(xs), "0 % left, 100 % right"
        assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys), "3 × on top"


def test_space_cells_give_the_change_in_deaths_2032_against_2022_blue_fall_orange_rise(
    space_image: str,
) -> None:
    """'Each cell's colour and number give the change in weekly conflict deaths by 2032
    against 2022, blue for a fall and orange for a rise.' Numbers recomputed from single runs
    along the bottom row and the left column of today's network."""
    start = _start_2022()["conflict_deaths"]
    labels = _cells(space_image, 0, "text")
    checked = [(cut, 1.0) for cut in range(0, 101, 10)] + [
        (0, 1 + 0.25 * step) for step in range(1, 9)
    ]
    for cut, level in checked:
        change = 100 * (_end_2032(cut, level)["conflict_deaths"] / start - 1)
        assert labels[(cut, level)].data["label"] == f"{round(change):+.0f}", (cut, level)
    for panel in range(3):
        numbers = {
            key: float(text.data["label"])
            for key, text in _cells(space_image, panel, "text").items()
        }
        for key, cell in _cells(space_image, panel).items():
            red, _, blue = _rgb(cell.fill)  # type: ignore[attr-defined]
            if numbers[key] <= -100:
                assert _rgb(cell.fill) == _rgb(BLUE), ("clamped at -100 %", key)  # type: ignore[attr-defined]
            elif numbers[key] < 0:
                assert blue > red, (panel, key)
            elif numbers[key] > 0:
                assert red > blue, (panel, key)


def test_space_boxes_the_strategy_in_black_on_its_own_cell_and_network_only(
    space_image: str,
) -> None:
    """'The black square marks the strategy `together`' (50 % cut, 2 × today's, today's
    network): one open black square, centred on that cell of the first panel."""
    boxes = drawn(space_image, "symbol")
    box = only(boxes, "strategy box")
    assert box.stroke == "black" and box.fill in (None, "none", "transparent")
    assert re.search(r'class="mark-symbol role-mark concat_0_layer_2_marks"', space_image)
    cell = _cells(space_image, 0)[(50, 2.0)]
    assert box.at == pytest.approx(_centre(cell), abs=0.5)


def test_space_title_and_reading_30_percent_or_2_25_times_alone_together_far_less() -> None:
    """Title: 'a 30 % recruitment cut or 2.25 × today's incapacitation each bring weekly
    deaths below 2022; together, far less of each'. Lesson 07: incapacitation alone brings
    the lines below the baseline but leaves them above 2022 until about 2.25 ×."""
    start = _start_2022()["conflict_deaths"]
    base = _end_2032()
    deaths = {
        setting: _end_2032(*setting)["conflict_deaths"]
        for setting in [(20, 1.0), (30, 1.0), (0, 2.0), (0, 2.25), (10, 1.75)]
    }
    assert deaths[(20, 1.0)] > start > deaths[(30, 1.0)], "30 % is the smallest cut"
    assert deaths[(0, 2.0)] > start > deaths[(0, 2.25)], "2.25 × is the smallest level"
    assert deaths[(10, 1.75)] < start, "a third of the cut with 1.75 × already does it"
    doubled = _end_2032(0, 2.0)
    for column in ("members", "conflict_deaths"):
        assert doubled[column] < base[column] and doubled[column] > _start_2022()[column]


def test_space_reading_every_network_alike_deep_cuts_and_top_rows_fall(space_image: str) -> None:
    """Lesson 07: 'the lower right (deep cuts) and the top rows (high incapacitation) fall
    below 2022 ... The super-cartel barely changes any cell'."""
    panels = [
        {key: float(text.data["label"]) for key, text in _cells(space_image, panel, "text").items()}
        for panel in range(3)
    ]
    for numbers in panels:
        assert all(value < 0 for (cut, level), value in numbers.items() if level == 3.0)
        assert all(value < 0 for (cut, level), value in numbers.items() if cut == 100)
    for other in panels[1:]:
        assert max(abs(other[key] - panels[0][key]) for key in other) <= 5


def test_builder_side_panel_gives_both_measures_by_2032_against_2022_and_the_baseline() -> None:
    """Lesson 07: 'beside them the change by 2032' (both readings stay in view): members and
    weekly deaths on 1 January 2032, each against 2022 and against doing nothing."""
    together = cartel_lab.strategy.strategy(50, 2)
    shown = cartel_lab.strategy_charts.side_panel_html(together)
    start, base, yours = _start_2022(), _end_2032(), _end_2032(50, 2)
    for measure, column in (
        ("members", "members"),
        ("conflict deaths per week", "conflict_deaths"),
    ):
        vs_2022 = 100 * (yours[column] / start[column] - 1)
        vs_base = 100 * (yours[column] / base[column] - 1)
        line = f"<li>{measure}: {vs_2022:+.1f} % against 2022, {vs_base:+.1f} % against the baseline</li>"
        assert line in shown, measure
    assert shown.index("By 1 January 2032") < shown.index("Outside the model")


# ============================ lessons 02-05: what the current titles and readings state ===


def _patterns(ties: pd.DataFrame) -> Counter:
    """Triangles by number of rivalries (0-3), leaving out those with a pair both allied and rival."""
    signs: dict[frozenset, set[str]] = {}
    for row in ties.itertuples():
        signs.setdefault(frozenset((row.group_a, row.group_b)), set()).add(row.tie)
    groups = sorted({g for pair in signs for g in pair})
    tied = {g: {h for pair in signs if g in pair for h in pair if h != g} for g in groups}
    counts: Counter = Counter()
    for a in groups:
        for b in (g for g in tied[a] if g > a):
            for c in (g for g in tied[a] & tied[b] if g > b):
                kinds = [signs[frozenset(p)] for p in ((a, b), (a, c), (b, c))]
                if all(len(kind) == 1 for kind in kinds):
                    counts[sum("rivalry" in kind for kind in kinds)] += 1
    return counts


def test_balance_tallest_bar_is_the_commonest_pattern_the_enemy_of_my_enemy() -> None:
    """Title: 'the commonest pattern: "the enemy of my enemy is my friend"': the longest bar
    is one alliance and two rivalries, the commonest readable pattern counted from the CSV
    (the title's 60 % and the lesson's counts are pinned in test_network)."""
    counts = _patterns(merged_ties())
    assert max(counts, key=counts.get) == 2  # two rivalries and one alliance
    bars = drawn(svg(cartel_lab.network_charts.balance_chart().to_dict()), "rect")
    commonest = max(bars, key=lambda bar: int(bar.data["Triangles"]))
    assert int(commonest.data["Triangles"]) == counts[2]
    assert commonest.data["Pattern"] == "1 alliance, 2 rivalries"
    assert commonest.data["Reading"] == "the enemy of my enemy is my friend"


def test_network_title_names_the_two_strongest_groups_as_its_hubs() -> None:
    """Title: 'Two hubs dominate the 2020 network: CJNG and Cártel de Sinaloa', the two
    strongest groups; lesson 03: CJNG's rivalry strength is larger than anyone's total (the
    strength chart's title and the lesson's counts are pinned in test_network)."""
    strengths = _strengths(merged_ties())
    ranked = strengths["strength"].sort_values(ascending=False)
    assert list(ranked.index[:2]) == [CJNG, SINALOA]
    assert strengths.loc[CJNG, "rivalry"] > strengths.drop(CJNG)["strength"].max()
    names = csv("cartel_groups").set_index("group_id")["name"]
    title = cartel_lab.network_charts.network_chart().to_dict()["title"]["text"]
    assert f"Two hubs dominate the 2020 network: {names[CJNG]} and {names[SINALOA]}" in title


def test_bloc_title_names_the_strongest_member_of_each_of_the_two_largest_blocs() -> None:
    """Title: 'Two blocs dominate in 2020: around CJNG (50 groups) and Cártel de Sinaloa (26)':
    each bloc named by its strongest member (the sizes are pinned in test_network)."""
    ties = merged_ties()
    strengths = _strengths(ties)["strength"]
    names = csv("cartel_groups").set_index("group_id")["name"]
    blocs = sorted(_alliance_blocs(ties), key=len, reverse=True)
    first, second = (names[min(b, key=lambda g: (-strengths[g], g))] for b in blocs[:2])
    title = cartel_lab.network_charts.bloc_sizes_chart().to_dict()["title"]["text"]
    assert f"around {first} ({len(blocs[0])} groups) and {second} ({len(blocs[1])})" in title


@pytest.mark.parametrize("scenario", ["Sinaloa + CJNG", "Los Chapitos + CJNG"])
def test_bloc_title_after_a_merger_says_one_bloc_dominates(scenario: str) -> None:
    """After a merger of the two hubs the largest bloc is more than three times the next, so
    the title says 'One bloc dominates ... around CJNG (76 groups); the next largest has 3',
    never that two blocs do."""
    ties = merged_ties(cartel_lab.network.SUPER_CARTELS[scenario])
    strengths = _strengths(ties)["strength"]
    names = csv("cartel_groups").set_index("group_id")["name"]
    blocs = sorted(_alliance_blocs(ties), key=len, reverse=True)
    assert len(blocs[0]) > 3 * len(blocs[1])
    first = names[min(blocs[0], key=lambda g: (-strengths[g], g))]
    title = cartel_lab.network_charts.bloc_sizes_chart(scenario).to_dict()["title"]["text"]
    assert title == (
        f"One bloc dominates in the scenario {scenario!r}: around {first} "
        f"({len(blocs[0])} groups); the next largest has {len(blocs[1])}"
    )


def test_members_history_ends_inside_the_papers_range_as_its_title_says() -> None:
    """Title: '... to about 174,000 (2022), inside the paper's range' (M01: 160,000 to
    185,000; the title's numbers are pinned in test_model_charts)."""
    from cartel_lab.model import history

    final = history().totals()["members"].iloc[-1]
    published = csv("model_results").set_index("result_id").loc["M01"]
    assert published["value_low"] <= final <= published["value_high"]
    title = cartel_lab.model_charts.members_history_chart().to_dict()["title"]["text"]
    assert title.endswith("inside the paper's range")


def test_tornado_title_recruitment_moves_every_result_most(tornado_spec: dict) -> None:
    """Title: 'Recruitment (rho) moves every result most (each input ±10 %)': in each of the
    three panels, rho's bars reach furthest from zero (test_model_charts pins that the title
    names the input with the largest move over all outcomes)."""
    for number, panel in enumerate(tornado_spec["hconcat"]):
        image = svg({"hconcat": [panel], "datasets": tornado_spec["datasets"]})
        axis = x_axis(image)
        reach: dict[str, float] = {}
        for rect in drawn(image, "rect"):
            if rect.fill == GREY:
                continue  # the paper's range, not an input
            name = rect.data.get("Input moved by ±10 %", rect.data.get("input_label"))
            size = max(abs(to_data(x, axis)) for x in rect.x_extent)
            reach[name] = max(reach.get(name, 0.0), size)
        assert len(reach) == 5
        assert "rho" in max(reach, key=reach.get), number


def test_territory_title_three_fifths_lost_and_loss_rate_fastest_in_the_first_half_of_2017() -> (
    None
):
    """Titles: 'ISIS lost about three fifths of its territory between January 2015 and June
    2017' and 'ISIS lost territory fastest in the first half of 2017'; the loss-rate
    description: 'from about 1,166 km² a month in 2015 to about 3,836 in the first half of 2017'."""
    held = csv("isis_territory").query("measure == 'held'").reset_index(drop=True)
    first, last = held.iloc[0], held.iloc[-1]
    assert (first["as_of"], last["as_of"]) == ("2015-01", "2017-06-26")
    assert (first["km2"] - last["km2"]) / first["km2"] == pytest.approx(3 / 5, abs=0.02)
    title = cartel_lab.coalition_charts.territory_chart().to_dict()["title"]["text"]
    assert "about three fifths of its territory between January 2015 and June 2017" in title
    month = 365.25 / 12
    rates = []
    for number in range(len(held) - 1):
        before, after = held.iloc[number], held.iloc[number + 1]
        days = (_middle(after["as_of"]) - _middle(before["as_of"])).days
        rates.append((after["as_of"], (before["km2"] - after["km2"]) / (days / month)))
    fastest = max(rates, key=lambda pair: pair[1])
    assert fastest == rates[-1] and fastest[0].startswith("2017-0"), "a gap ending mid-2017"
    spec = cartel_lab.coalition_charts.loss_rate_chart().to_dict()
    shown = sorted(drawn(svg(spec), "rect"), key=lambda rect: rect.x_extent[0])
    tallest = max(shown, key=lambda rect: float(rect.data["Territory lost (km² per month)"]))
    assert tallest is shown[-1], "the last gap, in 2017, is the tallest bar"
    assert "fastest in the first half of 2017" in spec["title"]["text"]
    description = spec["description"]
    assert f"about {rates[0][1]:,.0f} km² a month in 2015" in description
    assert f"about {rates[-1][1]:,.0f} in the first half of 2017" in description


def test_terrorism_deaths_title_start_data_peak_in_2014_and_half_gone_by_2019() -> None:
    """Title: 'Deaths from terrorism peaked in 2014 on START data'; lesson 05: on START's data
    world deaths 'fell by more than half by 2019'."""
    deaths = csv("terrorism_deaths").query("scope == 'world' and data_era == 'start_gtd'")
    by_year = deaths.groupby("year")["deaths"].max()
    assert by_year.idxmax() == 2014
    assert by_year[2019] < by_year[2014] / 2
    title = cartel_lab.coalition_charts.terrorism_deaths_chart().to_dict()["title"]["text"]
    assert f"peaked in {by_year.idxmax()} on START data" in title


def test_timeline_axis_runs_2012_2023_as_the_lesson_and_the_description_say() -> None:
    """Lesson 05: 'five rows on a shared time axis from 2012 to 2023'; the first value drawn
    is world terrorism deaths in 2012, the last in 2023."""
    years = csv("terrorism_deaths")["year"]
    spec = cartel_lab.coalition_charts.timeline_chart().to_dict()
    image = svg(spec)
    axis = re.search(
        r"aria-label=\"X-axis [^\"]*values from \w+, (\d\d) (\w+) (\d{4})[^\"]* to \w+, (\d\d) (\w+) (\d{4})",
        image,
    )
    assert axis is not None
    assert (int(axis.group(3)), int(axis.group(6))) == (years.min(), years.max()) == (2012, 2023)
    stated = re.search(r"(\d{4})-(\d{4})", spec["description"])
    assert stated is not None
    assert (int(stated.group(1)), int(stated.group(2))) == (years.min(), years.max())
