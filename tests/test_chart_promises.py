"""What each chart of lessons 02-05 promises a student, checked on the chart itself.

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

from collections import Counter

import pandas as pd
import pytest

import cartel_lab.charts  # noqa: F401  (switches Altair offline before any chart is built)
from cartel_lab import violence_charts
from tests.vega_spec import csv, drawn, of_kind, only, param_values, svg, to_data, units, x_axis

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
GREY = "#BBBBBB"  # the module's muted grey
SOLID = {None, "1,0"}  # how Vega writes a solid stroke


def _preferred_homicides() -> pd.DataFrame:
    rows = csv("mexico_homicides")
    return rows[rows["preferred"].astype(str).str.lower() == "true"].sort_values("year")


def _years_of_path(path: object, axis: tuple[float, float]) -> tuple[int, int]:
    low, high = path.x_extent  # type: ignore[attr-defined]
    return round(to_data(low, axis)), round(to_data(high, axis))


# =============================================================== lesson 02 ===


@pytest.fixture(scope="module")
def homicides_image() -> str:
    return svg(violence_charts.homicides_chart().to_dict())


def test_homicides_line_is_dashed_for_2000_2004_and_broken_at_2005(homicides_image: str) -> None:
    preferred = _preferred_homicides()
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
        assert _years_of_path(path, axis) == (first, last)
        assert len(path.points) == count
    assert dashed.x_extent[1] < solid.x_extent[0], "nothing joins 2004 to 2005"


def test_homicides_chart_spans_the_years_of_the_csv(homicides_image: str) -> None:
    years = csv("mexico_homicides")["year"]
    axis = x_axis(homicides_image, "Year")
    dots = drawn(homicides_image, "symbol")
    xs = [round(to_data(dot.points[0][0], axis)) for dot in dots]
    assert (min(xs), max(xs)) == (years.min(), years.max())


def test_homicides_triangles_are_preliminary_and_circles_definitive(homicides_image: str) -> None:
    rows = csv("mexico_homicides")
    preferred = _preferred_homicides()
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


def test_cartel_killings_are_four_horizontal_bars_grey_then_blue_beneath() -> None:
    spec = violence_charts.cartel_killings_chart().to_dict()
    bars = only(of_kind(spec, "bar"), "bar layer")
    assert bars.channel("x")["type"] == "quantitative"
    assert bars.channel("y")["type"] == "nominal"
    killings = csv("mexico_organised_crime_killings")
    preferred = _preferred_homicides().set_index("year")["homicides"]
    image = svg(spec)
    rects = drawn(image, "rect")
    assert len(rects) == 2 * len(killings) == 4
    # Top to bottom: each year's homicides (grey), its attributed killings (blue) beneath.
    order = sorted(rects, key=lambda rect: min(y for _, y in rect.points))
    expected = []
    for year, count in zip(killings["year"], killings["killings"], strict=True):
        expected += [(GREY, preferred[year]), (BLUE, count)]
    assert [(rect.fill, int(rect.data["Deaths"].replace(",", ""))) for rect in order] == expected
    labels = {text.data["count"] for text in drawn(image, "text")}
    assert labels == {f"{value:,}" for _, value in expected}


@pytest.fixture(scope="module")
def registers_image() -> str:
    return svg(violence_charts.registers_chart().to_dict())


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
    assert _years_of_path(path, axis) == (rows["year"].min(), rows["year"].max())
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
    by_year = {round(to_data(dot.points[0][0], axis)): dot.shape for dot in dots if dot.data}
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
    firsts = sorted(_years_of_path(path, axis) for path in paths)
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
