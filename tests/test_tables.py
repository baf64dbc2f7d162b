"""Tables read like a textbook's: judged on the HTML that ``readable`` renders.

The expected texts are written out here (``1,900,000,000``, an em dash, "yes"),
not computed with the code under test; the table browser is judged against the
CSV files and ``datapackage.json`` read with the standard library.
"""

from __future__ import annotations

import csv
import html
import json
import re

import pandas as pd
import pytest

from cartel_lab import widgets
from cartel_lab.tables import readable
from tools.notebooks import REPO_ROOT

DATA = REPO_ROOT / "data"


def cells(rendered: str) -> dict[str, list[str]]:
    """The shown text of each column: {header: [cell HTML, ...]} (hidden columns are absent)."""
    headers = re.findall(r'<th id="T_\w+_level0_col(\d+)"[^>]*>(.*?)</th>', rendered)
    by_column = {number: [] for number, _ in headers}
    for number, text in re.findall(r'<td id="T_\w+_row\d+_col(\d+)"[^>]*>(.*?)</td>', rendered):
        by_column[number].append(text)
    return {header: by_column[number] for number, header in headers}


def column_css(rendered: str, header: str, cell: str = "td") -> str:
    """The CSS rules for the cells of the column headed ``header``."""
    number = re.search(rf'<th id="T_\w+_level0_col(\d+)"[^>]*>{re.escape(header)}</th>', rendered)
    assert number, f"no column {header!r}"
    rules = re.findall(rf"#T_\w+ {cell}\.col{number[1]} {{([^}}]*)}}", rendered)
    return " ".join(" ".join(rule.split()) for rule in rules)


SAMPLE = pd.DataFrame(
    {
        "claim": ["Cartels <adapt> & grow stronger under pressure, says the op-ed's author", None],
        "value": [1900000000.0, float("nan")],
        "share": [0.25, 1 / 3],
        "year": pd.array([2020, None], dtype="Int64"),
        "carries_number": pd.array([True, False], dtype="boolean"),
        "flag": [False, True],
        "checked": [True, None],  # booleans in an object column, one missing
        "start_year": [2014, 2017],
        "year_end": [2019.0, float("nan")],
        "designated": pd.to_datetime(["2025-02-20", None]),
        "code": ["x" * 30, "y"],  # exactly the length that still stays on one line
        "items": [[1, 2], None],  # a list in a cell is shown, not taken for a gap
        "year_mid": [2019.5, 2020.0],
        "huge": [1e15, 999_999_999_999_999.0],
        "url": ["https://www.inegi.org.mx/temas/mortalidad/", "https://example.org/x"],
        "where_found": ["https://www.inegi.org.mx/temas/mortalidad/", "https://other.net/page"],
        "source_page": ["https://www.inegi.org.mx/temas/mortalidad/", "https://a.org/\"q's"],
        "ref": ["figures.csv:2", "figures.csv:3"],
    }
)


@pytest.fixture  # one rendering per test: mutation runs tie a module-scoped one to its first test
def rendered() -> str:
    return readable(SAMPLE, units={"value": "US$"}, caption="A sample").to_html()


def test_numbers_have_separators_and_no_trailing_zero(rendered: str) -> None:
    shown = cells(rendered)
    assert shown["value (US$)"][0] == "1,900,000,000"
    assert shown["share"] == ["0.25", "0.333333"]
    assert shown["year"][0] == "2020", "a year has no thousands separator"
    assert shown["start_year"] == ["2014", "2017"] and shown["year_end"] == ["2019", "—"]
    assert "text-align: right" in column_css(rendered, "start_year"), "a year is a number"
    assert shown["year_mid"] == ["2019.5", "2020"]
    assert shown["huge"] == ["1e+15", "999,999,999,999,999"]
    assert shown["items"] == ["[1, 2]", "—"]


def test_missing_values_are_an_em_dash(rendered: str) -> None:
    shown = cells(rendered)
    assert shown["claim"][1] == shown["value (US$)"][1] == shown["year"][1] == "—"
    for raw in ("&lt;NA&gt;", ">nan<", ">None<", "<NA>", ">NaN<"):
        assert raw not in rendered


def test_booleans_read_yes_or_no_whatever_their_type(rendered: str) -> None:
    shown = cells(rendered)
    assert shown["carries_number"] == ["yes", "no"]
    assert shown["flag"] == ["no", "yes"]
    assert shown["checked"] == ["yes", "—"]
    assert ">True<" not in rendered and ">False<" not in rendered


def test_no_index_and_internal_columns_hidden_unless_asked(rendered: str) -> None:
    assert 'class="row_heading' not in rendered and "blank level0" not in rendered
    assert "ref" not in cells(rendered) and "figures.csv:2" not in rendered
    shown = cells(readable(SAMPLE, show_internal=True).to_html())
    assert shown["ref"] == ["figures.csv:2", "figures.csv:3"]


def test_text_is_escaped_and_headers_carry_units(rendered: str) -> None:
    assert cells(rendered)["claim"][0].startswith("Cartels &lt;adapt&gt; &amp; grow")
    assert "<adapt>" not in rendered
    assert "value (US$)" in cells(rendered)
    assert "<caption>A sample</caption>" in rendered
    with pytest.raises(KeyError, match="valeu"):
        readable(SAMPLE, units={"valeu": "US$"})


def test_links_are_clickable_with_short_text_and_never_twice(rendered: str) -> None:
    shown = cells(rendered)
    first = shown["url"][0]
    assert first.startswith('<a href="https://www.inegi.org.mx/temas/mortalidad/"')
    assert re.search(r">inegi\.org\.mx</a>$", first), first
    assert shown["where_found"] == ["same page", shown["where_found"][1]]
    assert ">other.net</a>" in shown["where_found"][1]
    assert ">https://" not in rendered, "a raw URL should not be the text of a cell"
    assert shown["source_page"][0] == "same page", "a third column repeating the first"
    quoted = shown["source_page"][1]
    assert quoted.startswith('<a href="https://a.org/&quot;q&#x27;s" ') and (
        'title="https://a.org/&quot;q&#x27;s"' in quoted
    ), quoted


def test_text_left_numbers_right_long_text_wraps(rendered: str) -> None:
    assert "text-align: left" in column_css(rendered, "claim")
    assert "white-space: normal" in column_css(rendered, "claim")
    assert "min-width: 14em" in column_css(rendered, "claim"), "long text is not squeezed"
    assert "text-align: left" in column_css(rendered, "claim", "th")
    assert "text-align: right" in column_css(rendered, "value (US$)")
    assert "text-align: right" in column_css(rendered, "value (US$)", "th")
    assert "white-space: nowrap" in column_css(rendered, "carries_number")
    assert "max-width: 36em" in column_css(rendered, "claim"), "long text wraps in a column"
    assert "white-space: nowrap" in column_css(rendered, "code"), "30 characters stay on a line"
    assert "white-space: nowrap" in column_css(rendered, "url"), "a link is not text to wrap"
    assert "table-layout: auto" in rendered, "JupyterLab's fixed layout squeezes text"
    table = re.search(r'<table id="T_(\w+)"', rendered)[1]
    rules = [
        (" ".join(selector.split()), " ".join(body.split()))
        for selector, body in re.findall(rf"#T_{table}\s*([^{{]*?)\s*{{([^}}]*)}}", rendered)
    ]
    assert ("", "border-collapse: collapse; table-layout: auto;") in rules
    for cell in ("td", "th"):
        assert (cell, "padding: 0.25em 0.7em; vertical-align: top;") in rules
    assert ("th", "border-bottom: 1px solid #000000; font-weight: bold;") in rules
    assert ("caption", "text-align: left; font-weight: bold;") in rules


def test_dates_read_as_day_month_year_in_iso_order(rendered: str) -> None:
    assert cells(rendered)["designated"] == ["2025-02-20", "—"]


def test_the_same_table_renders_the_same_html() -> None:
    assert readable(SAMPLE).to_html() == readable(SAMPLE.copy()).to_html()
    assert readable(SAMPLE).to_html() == readable(SAMPLE.set_axis([7, 8])).to_html()


def test_a_table_with_lists_in_its_cells_renders_the_same_html_each_time() -> None:
    listed = pd.DataFrame({"group": ["CJNG"], "allies": [["A", "B"]]})
    assert readable(listed).to_html() == readable(listed.copy()).to_html()
    other = pd.DataFrame({"group": ["CJNG"], "allies": [["A", "C"]]})
    assert readable(listed).to_html() != readable(other).to_html()


def test_two_tables_on_one_page_never_share_their_styles() -> None:
    """Each table's CSS is scoped by an id: tables that differ only in a column's name
    or in one value get different ids, so one table's widths never style the other."""
    renamed = SAMPLE.rename(columns={"share": "portion"})
    edited = SAMPLE.assign(share=[0.25, 0.5])
    ids = {
        re.search(r'<table id="T_(\w+)"', readable(frame).to_html())[1]
        for frame in (SAMPLE, renamed, edited)
    }
    assert len(ids) == 3


# ------------------------------------------------------------ table browser ---


def _package() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _rows(path: str) -> list[dict[str, str]]:
    with (DATA / path).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _expected_source_ids(resource: dict) -> set[str]:
    rows = _rows(resource["path"])
    if rows and "source_id" in rows[0]:
        return {row["source_id"] for row in rows if row["source_id"]}
    return {source["id"] for source in resource.get("sources", [])}


def _first_rows_and_sources(page: str) -> tuple[str, str]:
    head, _, cited = page.partition("<p>Sources:")
    return head, cited


RESOURCES = [resource for resource in _package()["resources"] if resource["name"] != "sources"]


@pytest.fixture(scope="module")
def browser() -> object:
    return widgets.table_browser()


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource["name"])
def test_table_browser_shows_each_tables_own_rows_and_sources(
    browser: object, resource: dict
) -> None:
    picker, view = browser.children
    picker.value = resource["name"]
    head, cited = _first_rows_and_sources(view.value)
    assert cited, f"{resource['name']}: no sources shown"
    # Its own first five rows: every id-like first value, in order, and no sixth row.
    rows = _rows(resource["path"])
    first_column = next(iter(rows[0]))
    shown_first = [
        re.sub(r"<[^>]+>", "", cell) for cell in cells(head)[first_column]
    ]  # the first column, as shown
    expected = [row[first_column] or "—" for row in rows[:5]]
    if resource["schema"]["fields"][0]["type"] == "integer":
        expected = [f"{int(value):,}" for value in expected]
    assert shown_first == [html.escape(value) for value in expected]
    assert "ref" not in cells(head), "the internal ref column is hidden"
    # Its own sources: exactly the ids its rows (or its metadata) name, with their titles.
    catalogue = {row["source_id"]: row for row in _rows("sources.csv")}
    wanted = _expected_source_ids(resource)
    shown_ids = set(cells(cited)["source_id"])
    assert shown_ids == wanted
    for source_id in wanted:
        assert html.escape(catalogue[source_id]["title"]) in cited
        if catalogue[source_id]["url"]:
            assert f'href="{html.escape(catalogue[source_id]["url"], quote=True)}"' in cited


def test_table_browser_says_the_catalogue_is_the_sources(browser: object) -> None:
    picker, view = browser.children
    picker.value = "sources"
    assert "catalogue of sources" in view.value
    assert list(picker.options) == [resource["name"] for resource in _package()["resources"]]
