"""What the loader, the charts and the widgets show, checked against the CSV files themselves.

Expected values are computed here with the ``csv`` and ``json`` modules, never
with the code under test (not with ``data.load``, not with a recipe's own
aggregation), so a bug in that code cannot hide itself.

Lesson authors: for each new ``*_chart`` recipe add a test like
``test_claims_by_kind_chart_encodes_the_counts_of_the_csv`` (the numbers the
chart encodes equal an independent count from the table), and for each widget
one like ``test_each_kind_shows_its_own_claims_and_moves_the_chart`` (every
option shows its own rows and chart state).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from cartel_lab import charts, data, widgets
from cartel_lab.palette import BLUE
from tests.vega_spec import drawn, svg

DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}


def _rows(path: str) -> list[dict[str, str]]:
    with (DATA / path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CATALOGUE = {row["source_id"]: row for row in _rows("sources.csv")}
CLAIMS = _rows("article_claims.csv")
_KIND_FIELD = next(
    f for f in RESOURCES["article_claims"]["schema"]["fields"] if f["name"] == "primary_kind"
)
KINDS = _KIND_FIELD["constraints"]["enum"]


# ------------------------------------------------------------------ sources ---


def _expected_sources(name: str) -> set[str]:
    """The source ids behind table ``name``, read from its CSV or, failing that, its metadata."""
    if name == "sources":
        return set(CATALOGUE)
    rows = _rows(RESOURCES[name]["path"])
    if rows and "source_id" in rows[0]:
        return {row["source_id"] for row in rows if row["source_id"]}
    return {source["id"] for source in RESOURCES[name].get("sources", [])}


@pytest.mark.parametrize("name", list(RESOURCES))
def test_sources_returns_exactly_that_tables_sources(name: str) -> None:
    cited = data.sources(name)
    assert sorted(cited["source_id"]) == sorted(_expected_sources(name))
    assert list(cited.columns) == list(next(iter(CATALOGUE.values())))
    assert list(cited.index) == list(range(len(cited)))
    for row in cited.itertuples():
        assert row.title == CATALOGUE[row.source_id]["title"]
        assert row.url == CATALOGUE[row.source_id]["url"]


def test_tables_do_not_all_share_one_list_of_sources() -> None:
    """Guards the test above: it could not catch 'every table's sources' if all were equal."""
    distinct = {frozenset(_expected_sources(name)) for name in RESOURCES}
    assert len(distinct) > len(RESOURCES) // 2


# ------------------------------------------------------------------- charts ---


def _encoded_rows(chart: alt.Chart) -> list[dict]:
    spec = chart.to_dict()
    return spec["datasets"][spec["data"]["name"]]


def test_claims_by_kind_chart_encodes_the_counts_of_the_csv() -> None:
    counted = Counter(row["primary_kind"] for row in CLAIMS)
    expected = [{"kind": kind, "claims": counted.get(kind, 0)} for kind in KINDS]
    chart = charts.claims_by_kind_chart()
    assert _encoded_rows(chart) == expected
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["field"] == "claims" and spec["encoding"]["y"]["field"] == "kind"
    assert spec["encoding"]["y"]["sort"] == KINDS
    assert f"the op-ed's {len(CLAIMS)} claims" in spec["description"]
    empirical = next(row for row in expected if row["kind"] == "empirical")
    assert empirical["claims"] == 14, "the op-ed's paraphrase has 14 empirical claims"


def test_claims_by_kind_chart_counts_the_table_it_is_given_and_highlights_its_choice() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["X1", "X2", "X3"],
            "primary_kind": ["causal", "causal", "analogy"],
            "kind_label": ["causal", "empirical (numbers)", "analogy"],
        }
    )
    chart = charts.claims_by_kind_chart(claims, selected="causal")
    counts = {row["kind"]: row["claims"] for row in _encoded_rows(chart)}
    assert counts == {kind: {"causal": 2, "analogy": 1}.get(kind, 0) for kind in KINDS}
    assert chart.to_dict()["params"][0] == {"name": "selected_kind", "value": "causal"}


@pytest.mark.parametrize("selected", ["causal", None], ids=["causal", "the default"])
def test_claims_by_kind_chart_draws_the_selected_kind_blue_and_outlined_the_others_grey(
    selected: str | None,
) -> None:
    """Its description: "the selected kind is drawn in blue with a black outline, the others
    in grey". Read from the drawn bars; the lesson opens on the empirical claims."""
    chart = (
        charts.claims_by_kind_chart()
        if selected is None
        else charts.claims_by_kind_chart(selected=selected)
    )
    chosen = selected or "empirical"
    bars = drawn(svg(chart.to_dict()), "rect")
    assert sorted(bar.data["Kind"] for bar in bars) == sorted(KINDS)
    for bar in bars:
        if bar.data["Kind"] == chosen:
            assert (bar.fill, bar.stroke) == (BLUE, "black"), bar.data
        else:
            assert (bar.fill, bar.stroke) == ("#BBBBBB", None), bar.data


@pytest.mark.parametrize("count", [1, 2, 3, None], ids=["1", "2", "3", "the op-ed's"])
def test_the_claim_count_axis_ticks_whole_claims(count: int | None) -> None:
    """Counts of claims: the axis never ticks half a claim, however few claims a kind has."""
    if count is None:
        chart, most = (
            charts.claims_by_kind_chart(),
            max(Counter(r["primary_kind"] for r in CLAIMS).values()),
        )
    else:
        rows = {
            "claim_id": ["X"] * count,
            "primary_kind": ["causal"] * count,
            "kind_label": ["c"] * count,
        }
        chart, most = charts.claims_by_kind_chart(pd.DataFrame(rows)), count
    image = svg(chart.to_dict())
    axis = re.search(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', image, re.S)
    assert axis, "the count axis draws no labels"
    labels = re.findall(r">([^<>]+)</text>", axis.group(1))
    assert [int(label) for label in labels] == sorted({int(label) for label in labels}), labels
    assert labels[0] == "0" and int(labels[-1]) >= most, labels


REMOTE_IMPORT = re.compile(r"""(?:import|from)\s*["']https?://""")


def test_the_renderer_stays_offline_after_charts_are_shown() -> None:
    def offline() -> bool:
        # What a chart widget sends to the browser: offline, it imports nothing from a CDN.
        return (
            alt.JupyterChart._is_offline
            and not REMOTE_IMPORT.search(alt.JupyterChart._esm)
            and alt.renderers.options.get("offline") is True
        )

    assert alt.renderers.active == "jupyter"
    assert offline()
    charts.claims_by_kind_chart()._repr_mimebundle_()  # what Jupyter does to show a chart
    assert offline(), "showing a chart switched the renderer back online"
    alt.JupyterChart(charts.claims_by_kind_chart())._repr_mimebundle_()
    charts.claims_by_kind_chart(selected="causal")._repr_mimebundle_()
    assert offline()


# ------------------------------------------------------------------ widgets ---

# The first cell of each body row of the readable() table: the claim id.
ROW_ID = re.compile(r'<td id="[^"]*_col0" class="data row\d+ col0" >([^<]+)</td>')


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_shows_its_own_claims_and_moves_the_chart(kind: str) -> None:
    picker, chart, table = widgets.claims_explorer().children
    other = next(k for k in KINDS if k != kind)
    picker.value = other
    picker.value = kind
    assert chart.params.selected_kind == kind
    expected = [row["claim_id"] for row in CLAIMS if row["primary_kind"] == kind]
    assert ROW_ID.findall(table.value) == expected
    if expected:
        noun = "claim" if len(expected) == 1 else "claims"  # written out, not via plural()
        assert f"<p>{len(expected)} {noun} of kind <strong>{kind}</strong>:</p>" in table.value
    else:
        assert table.value == f"<p>No claim in the op-ed is mainly <strong>{kind}</strong>.</p>"
    assert _encoded_rows(chart.chart) == _encoded_rows(charts.claims_by_kind_chart())


def test_the_explorer_starts_on_the_kind_it_is_given() -> None:
    picker, chart, table = widgets.claims_explorer(start="normative").children
    assert picker.value == chart.params.selected_kind == "normative"
    normative = [row["claim_id"] for row in CLAIMS if row["primary_kind"] == "normative"]
    assert ROW_ID.findall(table.value) == normative


def test_the_claims_table_escapes_its_text() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["<b>X1</b>"],
            "claim": ["<script>alert(1)</script>"],
            "kind_label": ["<img src=x onerror=alert(1)>"],
            "primary_kind": ["causal"],
        }
    )
    page = widgets.claims_table_html(claims, "causal")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    empty = widgets.claims_table_html(claims, "<i>odd</i>")
    assert "<i>" not in empty and "&lt;i&gt;odd&lt;/i&gt;" in empty


def test_allowed_values_are_the_schemas_list_or_an_error() -> None:
    assert data.allowed_values("article_claims", "primary_kind") == KINDS
    # A column with constraints but no list, and one with no constraints at all.
    for table, column in (("article_claims", "claim_id"), ("sources", "year")):
        expected = rf"Column '{column}' of table '{table}' takes any value; it lists none\."
        with pytest.raises(KeyError, match=expected):
            data.allowed_values(table, column)
    with pytest.raises(KeyError, match=r"Table 'article_claims' has no column 'nope'\."):
        data.allowed_values("article_claims", "nope")
