"""What lessons 02-07's charts promise that can only be seen drawn, read from the live SVG.

Charts in JupyterLab draw as SVG (``cartel_lab.charts.EMBED_OPTIONS``), so the browser
test reads the marks a student sees: how many line paths, where each starts and ends on
the x axis (through the axis ticks, as ``tests/vega_spec.py`` reads vl-convert's SVG),
where a line ends on the y axis, how wide a bar is. Each lesson's check runs after the
browser test's Run All, then sets one control through its widget model (as its view does)
and checks the redrawn chart. Expected values come from ``data/*.csv`` with plain pandas,
or from the package's model for the model's own lines, never from the chart recipes.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable

import pytest
from lab_harness import NotebookSession

# The expected values are read from the CSVs as the spec tests read them.
from tests.from_the_csvs import CJNG, SINALOA, merged_ties, preferred_homicides
from tests.vega_spec import (
    SOLID,
    csv,
    drawn,
    policy_explorer_lines,
    x_axis,
    y_axis,
    years_of_path,
)

PIXELS = 1.5  # how far a drawn point may sit from where its value belongs (rounding, line joins)


def pixel(value: float, axis: tuple[float, float]) -> float:
    slope, intercept = axis
    return slope * value + intercept


def chart(notebook: NotebookSession, index: int) -> str:
    """The SVG markup of the (only) chart in code cell ``index``, as drawn now."""
    images = notebook.chart_signatures(index)
    assert len(images) == 1 and images[0].startswith("<svg"), f"code cell {index}: {images!r:.200}"
    return images[0]


def moved(
    notebook: NotebookSession, index: int, description: str, value: object, nth: int = 0
) -> str:
    """Set a control in code cell ``index`` and return the redrawn chart's SVG.

    A chart that does not redraw (after a second move, see ``set_control``) raises
    ``TimeoutError``, which earns the notebook's test its one fresh retry, as a page that
    stops answering does: on a loaded CI machine a redraw was lost now and then while the
    same move redrew at once on every rerun. What the page held is kept as a warning, so a
    retry that passes still shows it; a control not wired to its chart fails both tries.
    """
    if not notebook.set_control(index, description, value, nth):
        message = (
            f"code cell {index}: setting {description!r} to {value!r} did not redraw its chart; "
            f"the page holds {notebook.control_diagnosis(index, description, nth)}"
        )
        warnings.warn(message, stacklevel=2)
        raise TimeoutError(message)
    return chart(notebook, index)


# =============================================================== lesson 02 ===


def _homicide_pieces(image: str, start: int, end: int, label: str) -> None:
    """Two line paths, dashed start-2004 and solid 2005-end: nothing joins 2004 to 2005."""
    paths = sorted(drawn(image, "line"), key=lambda path: path.x_extent[0])
    axis = x_axis(image, "Year")
    spans = [years_of_path(path, axis) for path in paths]
    expected = [(start, 2004), (2005, end)]
    assert spans == expected, f"{label}: line pieces span {spans}"
    for path, (low, high) in zip(paths, expected, strict=True):
        ends = (pixel(low, axis), pixel(high, axis))
        assert path.x_extent == pytest.approx(ends, abs=PIXELS), f"{label}: {low}-{high} drawn"
    assert [path.dash in SOLID for path in paths] == [False, True], f"{label}: dashes"


def lesson_02(notebook: NotebookSession) -> None:
    preferred = preferred_homicides()
    first, last = int(preferred["year"].min()), int(preferred["year"].max())
    _homicide_pieces(
        chart(notebook, notebook.code_cell_showing("homicides_chart()")),
        first,
        last,
        "homicides_chart",
    )
    explorer = notebook.code_cell_showing("claim_vs_data_explorer()")
    _homicide_pieces(chart(notebook, explorer), first, last, "explorer at the start")
    _homicide_pieces(
        moved(notebook, explorer, "Years:", [2003, 2010]), 2003, 2010, "explorer 2003-2010"
    )


# =============================================================== lesson 03 ===


def _tie_counts(image: str) -> Counter:
    return Counter(rule.data["Tie"] for rule in drawn(image, "rule"))


def lesson_03(notebook: NotebookSession) -> None:
    explorer = notebook.code_cell_showing("network_explorer()")
    expected = Counter(merged_ties()["tie"])
    assert _tie_counts(chart(notebook, explorer)) == expected, "one tie drawn per tie in 2020"
    merged = Counter(merged_ties((SINALOA, CJNG))["tie"])
    image = moved(notebook, explorer, "Super-cartel:", "Sinaloa + CJNG")
    assert _tie_counts(image) == merged, "the merger's ties, as the data has them"


# =============================================================== lesson 04 ===


def _ends(image: str, members: dict[str, float]) -> None:
    """Baseline and your scenario span 2022-2032 in both panels; in the members panel each
    ends where the model's members on 1 January 2032 belong."""
    lines = policy_explorer_lines(image)
    years = x_axis(image, "Year")
    heads = y_axis(image, "Cartel members")
    for panel in ("members", "deaths"):
        for series in ("baseline (status quo)", "your scenario"):
            span = years_of_path(lines[(panel, series)], years)
            assert span == (2022, 2032), f"{panel}, {series}: drawn over {span}"
    for series, value in members.items():
        end = lines[("members", series)].points[-1][1]
        assert end == pytest.approx(pixel(value, heads), abs=PIXELS), f"{series} in 2032"


def lesson_04(notebook: NotebookSession) -> None:
    from cartel_lab.model import project

    baseline = project(10).totals()["members"].iloc[-1]
    halved = project(10, recruitment=0.5).totals()["members"].iloc[-1]
    explorer = notebook.code_cell_showing("policy_explorer()")
    _ends(chart(notebook, explorer), {"baseline (status quo)": baseline, "your scenario": baseline})
    image = moved(notebook, explorer, "Recruitment change (%)", -50)
    _ends(image, {"baseline (status quo)": baseline, "your scenario": halved})


# =============================================================== lesson 05 ===


TIMELINE_ROWS = ("territory", "revenue", "members")  # the rows drawn as lines, top to bottom


def _timeline_lines(image: str) -> dict[str, object]:
    """The timeline's line paths by series: one each for territory, revenue and members (a
    run of one estimator), never for deaths (different scopes) or events."""
    lines = {path.data["run"].split(" · ")[0]: path for path in drawn(image, "line")}
    assert sorted(lines) == sorted(TIMELINE_ROWS), f"timeline lines: {sorted(lines)}"
    return lines


def lesson_05(notebook: NotebookSession) -> None:
    held = csv("isis_territory").query("measure == 'held'")
    image = chart(notebook, notebook.code_cell_showing("territory_chart()"))
    assert drawn(image, "line") == [], "territory: dots, never a line"
    dots = sorted(int(dot.data["Territory held (km²)"]) for dot in drawn(image, "symbol"))
    assert dots == sorted(held["km2"]), "one dot per estimate of territory held"
    explorer = notebook.code_cell_showing("timeline_explorer()")
    counts = {
        "territory": len(held),
        "revenue": len(csv("isis_revenue").query("stream == 'total' and per == 'month'")),
        "members": csv("global_coalition_members").dropna(subset=["as_of"])["as_of"].nunique(),
    }
    lines = _timeline_lines(chart(notebook, explorer))
    assert {name: len(path.points) for name, path in lines.items()} == counts  # type: ignore[attr-defined]
    # Indexed, each line starts at 100 on its own row's axis (100 x value / its first value).
    image = moved(notebook, explorer, "Scale:", "Indexed")
    for name, path in _timeline_lines(image).items():
        axis = y_axis(image, "Value or index", nth=TIMELINE_ROWS.index(name))
        start = path.points[0][1]  # type: ignore[attr-defined]
        assert start == pytest.approx(pixel(100, axis), abs=PIXELS), f"indexed {name} starts at 100"


# =============================================================== lesson 06 ===


def _contributions(image: str, ratings: dict[str, int], weights: dict[str, int]) -> None:
    """Each dimension's bar is weight × rating ÷ total weight long; the score bar their sum."""
    total = sum(weights.values())
    expected = {dim: weights[dim] * ratings[dim] / total for dim in ratings}
    axis = x_axis(image, "Contribution to the score")
    bars = [bar for bar in drawn(image, "rect") if "Contribution" in bar.data]
    drawn_lengths = {bar.data["Dimension"].split()[0]: bar.x_extent for bar in bars}
    assert sorted(drawn_lengths) == sorted(expected)
    for dim, (low, high) in drawn_lengths.items():
        want = pixel(expected[dim], axis) - pixel(0, axis)
        assert high - low == pytest.approx(want, abs=PIXELS), f"{dim}'s contribution bar"
    score_axis = x_axis(image, "Weighted similarity")
    (score,) = [bar for bar in drawn(image, "rect") if "what" in bar.data]
    want = pixel(sum(expected.values()), score_axis) - pixel(0, score_axis)
    assert score.x_extent[1] - score.x_extent[0] == pytest.approx(want, abs=PIXELS), "score bar"


def lesson_06(notebook: NotebookSession) -> None:
    table = csv("analogy_dimensions")
    ratings = dict(zip(table["dimension_id"], table["example_rating"], strict=True))
    weights = dict(zip(table["dimension_id"], table["example_weight"], strict=True))
    explorer = notebook.code_cell_showing("verdict_explorer(")
    _contributions(chart(notebook, explorer), ratings, weights)
    first = table["dimension_id"].iloc[0]  # the first row of sliders
    new = 4 if ratings[first] != 4 else 0
    image = moved(notebook, explorer, "alike (0-4)", new, nth=0)
    _contributions(image, {**ratings, first: new}, weights)


# =============================================================== lesson 07 ===


def _strategy_ends(image: str, members: dict[str, float]) -> None:
    axis = y_axis(image, "Cartel members")
    years = x_axis(image, "Year")
    lines = {
        path.data["Line"]: path for path in drawn(image, "line") if "Cartel members" in path.data
    }
    for series, value in members.items():
        path = lines[series]
        assert years_of_path(path, years) == (2022, 2032), f"{series}: 2022-2032"
        end = path.points[-1][1]
        assert end == pytest.approx(pixel(value, axis), abs=PIXELS), f"{series} in 2032"


def lesson_07(notebook: NotebookSession) -> None:
    from cartel_lab.strategy import BASELINE, run, strategy

    def members_2032(cut: int) -> float:
        return float(run(strategy(cut, 2)).iloc[-1]["members"])

    baseline = float(run(BASELINE).iloc[-1]["members"])
    builder = notebook.code_cell_showing("strategy_builder(together)")
    ends = {"baseline (status quo)": baseline, "your strategy": members_2032(50)}
    _strategy_ends(chart(notebook, builder), ends)
    image = moved(notebook, builder, "Recruitment prevention: cut (%)", "0")
    _strategy_ends(image, {**ends, "your strategy": members_2032(0)})


DRAWN_PROMISES: dict[str, Callable[[NotebookSession], None]] = {
    "notebooks/02-violence-in-numbers.ipynb": lesson_02,
    "notebooks/03-cartel-network.ipynb": lesson_03,
    "notebooks/04-recruitment-model.ipynb": lesson_04,
    "notebooks/05-coalition-playbook.ipynb": lesson_05,
    "notebooks/06-testing-the-analogy.ipynb": lesson_06,
    "notebooks/07-policy-lab.ipynb": lesson_07,
}
