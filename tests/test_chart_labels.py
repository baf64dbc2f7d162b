"""What every chart of the lessons says in words: its encodings are labelled and draw real fields.

These promises hold for every chart recipe (``CHART_RECIPES``: every public ``*_chart`` that
can be called without arguments, nested panels and layers included), so a new chart is held
to them without being listed:

- every channel a reader sees (an axis, a legend, a tooltip line) says in words what it
  shows: a blank title or none at all leaves the raw column name (``conflict_deaths``) or
  nothing on screen;
- every field an encoding names is a column of the rows that layer draws (or one a
  transform makes): Vega draws nothing, silently, for a misspelt field;
- every sentence of a chart's title, subtitle and written description starts with a capital;
- every data row a chart's words cite ("model_results M01", "S172") exists in ``data/``, so
  a reader can look it up;
- every word (titles, guides, labels drawn as text) is spelt as the lessons or the data
  spell it, every colour is one of the palette's (``tests/lesson_words.py``) and every
  number format is one d3 reads;
- a label layered over marks placed by data is placed on the same axes (by data or a constant),
  and bars along categories keep the axis that names them;
- an axis hidden from sight still has words: a screen reader reads its title with each mark.

Expected values come from ``data/*.csv`` and the Vega-Lite definition, not from the recipes.
One test per recipe checks them all and lists every problem it finds;
``test_each_check_reports_a_chart_made_wrong_on_purpose`` shows that each check can fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

import altair as alt
import pandas as pd
import pytest

from tests.lesson_words import misspelt, off_palette
from tests.test_charts_and_widgets import CHART_RECIPES
from tests.vega_spec import DATA, units

# Channels a reader sees with a title: axes, legends, and the tooltip's lines.
TITLED = ("x", "y", "color", "fill", "stroke", "strokeDash", "shape", "size", "opacity")
# Transforms whose output columns the test can name (``as``); a unit using another kind is
# checked for its title only.
KNOWN_TRANSFORMS = {
    "filter",
    "calculate",
    "aggregate",
    "joinaggregate",
    "window",
    "fold",
    "timeUnit",
    "bin",
    "stack",
    "lookup",
}
# "e.g. the", "vs. the", "c. 2015" do not end a sentence.
ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "c.", "approx.", "cf.", "no.", "etc.")


def _made_by(transforms: list) -> set[str] | None:
    """The columns the transforms add, or None if one of them is of a kind not read here."""
    made: set[str] = set()
    for step in transforms:
        kind = next((key for key in step if key in KNOWN_TRANSFORMS), None)
        if kind is None:
            return None
        if kind == "fold":
            made |= set(step.get("as", ["key", "value"]))
        elif kind in ("aggregate", "joinaggregate", "window"):
            made |= {item["as"] for item in step[kind] if "as" in item}
        elif kind == "lookup" and "as" not in step:
            made |= set(step.get("from", {}).get("fields", []))
        if "as" in step:
            made |= {step["as"]} if isinstance(step["as"], str) else set(step["as"])
    return made


def _encodings(encoding: dict) -> Iterator[tuple[str, dict]]:
    """(channel, definition) pairs, the tooltip's items and conditions spread out."""
    for channel, definition in encoding.items():
        items = definition if isinstance(definition, list) else [definition]
        for item in items:
            if isinstance(item, dict):
                yield channel, item
                conditions = item.get("condition", [])
                for condition in conditions if isinstance(conditions, list) else [conditions]:
                    yield channel, condition


def _title_words(title: object) -> str:
    return "\n".join(title) if isinstance(title, list) else str(title or "")


def _words_of(channel: str, definition: dict) -> str:
    """What a reader sees naming a channel: its title, or its legend's or axis's title.

    The two are parted by a blank line; a title of several lines keeps one line per line.
    """
    guide = definition.get("axis" if channel in ("x", "y") else "legend") or {}
    return _title_words(definition.get("title")) + "\n\n" + _title_words(guide.get("title"))


def unlabelled(spec: dict) -> list[str]:
    """The channels of ``spec`` a reader sees without a word saying what they show.

    An axis of categories (nominal or ordinal) may be left blank (``title=None``): its tick
    labels are the words; with no title at all it would show the raw field name. Layers share an axis or a legend: one titled layer labels it for all, but one
    layer's blank title (``title=None``) blanks it for all, as Vega-Lite draws it.
    """
    titled: dict[tuple[str, str], bool] = {}
    blanked: set[tuple[str, str]] = set()
    for unit in units(spec):
        where = unit.where
        shared = re.sub(r"layer\[\d+\]\.$", "", where)
        for channel, definition in _encodings(unit.seen_encoding):
            if "field" not in definition and "aggregate" not in definition:
                continue
            if channel == "tooltip":
                key = (where, f"tooltip ({definition.get('field')})")
            elif channel in TITLED:
                hidden = _hidden(channel, definition)
                categories = channel in ("x", "y") and definition.get("type") in (
                    "nominal",
                    "ordinal",
                )
                if hidden and channel in ("x", "y"):
                    if not re.search(r"[A-Za-z]", _title_words(definition.get("title"))):
                        blanked.add((where, f"{channel} (hidden, read aloud)"))
                        titled[(where, f"{channel} (hidden, read aloud)")] = False
                    continue
                if hidden or (categories and _titled_or_blank(channel, definition)):
                    continue
                key = (shared, channel)
            else:
                continue
            words = bool(re.search(r"[A-Za-z%]", _words_of(channel, definition)))
            if "title" in definition and not words:
                blanked.add(key)
            titled[key] = titled.get(key, False) or words
    return [
        f"{where}{channel}"
        for (where, channel), words in titled.items()
        if not words or (where, channel) in blanked
    ]


def small_titles(spec: dict) -> list[str]:
    """Axis, legend and tooltip titles that start with a small-letter word (not a unit: km²)."""
    return [title for title in guide_titles(spec) if re.match(r"[a-z]+\b(?![²³])", title)]


def guide_titles(spec: dict) -> list[str]:
    """The words of every axis, legend and tooltip line of ``spec`` a reader sees."""
    return [
        line
        for unit in units(spec)
        for channel, definition in _encodings(unit.seen_encoding)
        if channel == "tooltip" or (channel in TITLED and not _hidden(channel, definition))
        for words in _words_of(channel, definition).split("\n\n")
        for line in words.strip().split("\n")[:1]  # a title's later lines continue its first
        if line.strip()
    ]


def drawn_words(spec: dict) -> list[str]:
    """The words text layers write from their rows (labels such as "paper: range")."""
    found = []
    for unit in units(spec):
        text = unit.seen_encoding.get("text")
        field = text.get("field") if unit.kind == "text" and isinstance(text, dict) else None
        if field in unit.rows.columns:
            found += [str(value) for value in unit.rows[field].dropna().unique()]
    return found


def hidden_titles(spec: dict) -> list[str]:
    """The titles of axes hidden from sight (``axis=None``), which screen readers still read."""
    return [
        _title_words(definition.get("title"))
        for unit in units(spec)
        for channel, definition in _encodings(unit.seen_encoding)
        if channel in ("x", "y") and _hidden(channel, definition) and definition.get("title")
    ]


def _titled_or_blank(channel: str, definition: dict) -> bool:
    """Whether a channel says what its title is (words or None); with neither, Vega-Lite
    titles its axis with the raw field name ("what", "label")."""
    guide = definition.get("axis" if channel in ("x", "y") else "legend") or {}
    return "title" in definition or "title" in guide


def _hidden(channel: str, definition: dict) -> bool:
    guide = "axis" if channel in ("x", "y") else "legend"
    return guide in definition and definition[guide] is None


def missing_columns(spec: dict) -> tuple[list[str], int]:
    """Encoded fields that are not columns of the rows their view draws, and how many were read.

    A view whose rows come from elsewhere (a generator) or pass a transform this test does not
    read is skipped; a view with no rows at all is reported.
    """
    missing: list[str] = []
    checked = 0
    for unit in units(spec):
        where = unit.where
        made = _made_by(unit.transforms)
        if not unit.data or not {"name", "values"} & set(unit.data) or made is None:
            continue
        if unit.rows.empty:
            missing.append(f"{where}: no rows")
            continue
        columns = set(unit.rows.columns) | made
        for channel, definition in _encodings(unit.seen_encoding):
            field = definition.get("field")
            if isinstance(field, str):
                checked += 1
                if field.replace("\\", "") not in columns:
                    missing.append(f"{where}{channel} names '{field}' (columns: {sorted(columns)})")
    return missing, checked


def _chart_words(spec: dict) -> list[str]:
    """The title, subtitle and description of a chart and of each of its panels.

    A subtitle's lines are joined: one sentence may wrap over several lines.
    """
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, str):  # a panel's title, given as plain text
                found.append(title)
            if isinstance(title, dict):
                for part in ("text", "subtitle"):
                    lines = title.get(part)
                    lines = lines if isinstance(lines, list) else [lines]
                    found.append(" ".join(line for line in lines if isinstance(line, str)))
            if isinstance(node.get("description"), str):
                found.append(node["description"])
            for key, value in node.items():
                if key not in ("datasets", "encoding"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return found


def _lowercase_starts(text: str) -> list[str]:
    """Sentences of ``text`` that start with a small letter (after ". ", "! " or "? ")."""
    starts = []
    for match in re.finditer(r"(\S+)[.!?] +([a-z]\w*)", text):
        if f"{match[1]}.".lower().endswith(ABBREVIATIONS):
            continue
        starts.append(match[0])
    return starts


def small_sentences(words: list[str]) -> list[str]:
    """Sentences of a chart's words that start with a small letter.

    A subtitle may open on a unit ("km² lost per month"): a unit is not a small-letter word.
    """
    opening = [text[:40] for text in words if re.match(r"[a-z]+\b(?![²³])", text)]
    return opening + [start for text in words for start in _lowercase_starts(text)]


@cache
def row_ids() -> frozenset[str]:
    """Every id of a row in data/ (a column named ``*_id``): what a chart's words may cite."""
    found: set[str] = set()
    for path in DATA.glob("*.csv"):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in table.columns:
            if column.endswith("_id"):
                found |= set(table[column])
    return frozenset(found)


# What a channel may draw from: a column, a constant, a computed value or a condition.
DRAWN_FROM = ("field", "value", "datum", "aggregate", "condition", "expr")
# Channels whose None value hides a mark or its words (a stroke of None is only no outline).
PAINT = ("color", "fill")


def drawing_nothing(spec: dict) -> list[str]:
    """Channels and marks that draw nothing a reader can see, though the chart meant them to.

    A channel left with only a title (its field dropped) places or colours nothing; a text
    mark with no ``text`` channel writes nothing; a colour or fill of None paints nothing.
    """
    found = []
    for unit in units(spec):
        encoding = unit.seen_encoding
        for channel, item in _encodings(encoding):
            if not any(key in item for key in DRAWN_FROM):
                found.append(f"{unit.where}{channel}: draws from nothing")
            if channel in PAINT and item.get("value", 0) is None:
                found.append(f"{unit.where}{channel}: no colour")
        if unit.kind == "text" and "text" not in encoding and "text" not in unit.mark:
            found.append(f"{unit.where}text mark: no text")
    return found


# d3-format's specifier (what Vega formats numbers with): fill and align, sign, symbol, zero,
# width, comma, precision, trim, type. A type d3 does not know is not an error: d3 falls back
# to its general format, silently ("2e+5" where ",.0f" writes 200,000).
D3_FORMAT = re.compile(r"(?:.?[<>=^])?[-+( ]?[$#]?0?\d*,?(?:\.\d+)?~?[efgrsdoxXcnpb%]?")
FORMAT_IN_EXPRESSION = re.compile(r"format\([^']*'([^']*)'\)")


def unreadable_formats(spec: dict) -> list[str]:
    """Number formats (of axes, legends, tooltips, and ``format()`` in expressions) that
    d3-format does not read as written."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            number = node.get("formatType", "number") == "number"
            if number and isinstance(node.get("format"), str):
                found.append(node["format"])
            for key, value in node.items():
                if key == "datasets":
                    continue
                if isinstance(value, str):
                    found.extend(FORMAT_IN_EXPRESSION.findall(value))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return [form for form in found if not D3_FORMAT.fullmatch(form)]


PAINTERS = ("color", "fill", "stroke")


def colours(spec: dict) -> list[str]:
    """Every colour a chart paints with: its marks' colours, its channels' constant and
    conditional colours and its colour scales' ranges (the default scheme is not listed)."""
    found = []
    for unit in units(spec):
        found += [unit.mark[key] for key in PAINTERS if isinstance(unit.mark.get(key), str)]
        for channel, item in _encodings(unit.seen_encoding):
            if channel not in PAINTERS:
                continue
            if isinstance(item.get("value"), str):
                found.append(item["value"])
            scale_range = (item.get("scale") or {}).get("range", [])
            found += [value for value in scale_range if isinstance(value, str)]
    return found


def unnamed_bars(spec: dict) -> list[str]:
    """Bars along an axis of categories that is hidden: a reader cannot tell which bar is which
    (the axis's tick labels are the bars' names)."""
    return [
        f"{unit.where}{channel}"
        for unit in units(spec)
        if unit.kind == "bar"
        for channel in ("x", "y")
        if unit.seen_encoding.get(channel, {}).get("type") in ("nominal", "ordinal")
        and _hidden(channel, unit.seen_encoding[channel])
    ]


def unplaced_text(spec: dict) -> list[str]:
    """Text layers with no position on an axis their sibling layers place marks on by data.

    A label layered over points or lines is placed by the same fields (or by a constant, as a
    caption at x=0); one whose x or y was dropped is drawn at the middle or the edge of the
    plot, beside nothing it names.
    """
    found = []
    layers: dict[str, list] = {}
    for unit in units(spec):
        layers.setdefault(re.sub(r"layer\[\d+\]\.$", "", unit.where), []).append(unit)
    for siblings in layers.values():
        for axis in ("x", "y"):
            by_data = any(
                axis in unit.seen_encoding and "field" in unit.seen_encoding[axis]
                for unit in siblings
            )
            for unit in siblings:
                placed = axis in unit.seen_encoding or axis in unit.mark
                if by_data and unit.kind == "text" and not placed:
                    found.append(f"{unit.where}text: no {axis}")
    return found


# A cited row: one or two letters, then two or three digits ("M01", "S172", "P10", "s172").
CITED = re.compile(r"\b[A-Za-z]{1,2}\d{2,3}\b")


def unknown_citations(words: list[str]) -> set[str]:
    """Row ids cited in a chart's words that no table in data/ has."""
    return {found for text in words for found in CITED.findall(text)} - row_ids()


@pytest.mark.parametrize("recipe", CHART_RECIPES, ids=lambda f: f.__name__)
def test_chart_labels_every_guide_draws_real_columns_writes_sentences_and_cites_real_rows(
    recipe: Callable[[], alt.TopLevelMixin],
) -> None:
    # Built here, not cached across tests: a mutation run credits a recipe to the tests that
    # call it, and forks each mutant fresh (tests/conftest.py).
    spec = recipe().to_dict()
    words = _chart_words(spec)
    missing, checked = missing_columns(spec)
    assert words and checked, "no words or fields found: the test would accept anything"
    problems = {
        "no words for a reader on": unlabelled(spec),
        "titles starting with a small letter": small_titles(spec),
        "fields that are not columns of the rows drawn": missing,
        "sentences starting with a small letter": small_sentences(words),
        "rows cited that data/ does not have": sorted(unknown_citations(words)),
        "meant to draw, drawing nothing": drawing_nothing(spec),
        "words the lessons never write (a typo?)": [
            word
            for text in words + guide_titles(spec) + hidden_titles(spec) + drawn_words(spec)
            for word in misspelt(text)
        ],
        "colours outside the palette": [colour for colour in colours(spec) if off_palette(colour)],
        "number formats d3 does not read": unreadable_formats(spec),
        "labels placed beside nothing": unplaced_text(spec),
        "bars with their names hidden": unnamed_bars(spec),
    }
    found = {what: items for what, items in problems.items() if items}
    assert not found, f"{recipe.__name__}: {found}"


def test_each_check_reports_a_chart_made_wrong_on_purpose() -> None:
    """So that none of the checks above accepts anything."""
    rows = pd.DataFrame({"year": [2020, 2021], "deaths": [1, 2], "kind": ["a", "b"]})
    wrong = (
        alt.Chart(rows, title=alt.Title("Deaths. then more", subtitle=["Source: x (m01)"]))
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None),
            y=alt.Y("death:Q", title="deaths"),
            color=alt.Color("kind:N"),
            tooltip=[alt.Tooltip("kind:N", title="Kind")],
        )
        .to_dict()
    )
    words = _chart_words(wrong)
    assert sorted(unlabelled(wrong)) == ["color", "x"]
    assert small_titles(wrong) == ["deaths"]
    missing, checked = missing_columns(wrong)
    assert checked == 4 and len(missing) == 1 and missing[0].startswith("y names 'death'")
    assert small_sentences(words) == ["Deaths. then"]
    assert small_sentences(["Rates, e.g. the homicide rate. Done", "km² lost per month"]) == []
    assert unknown_citations(words) == {"m01"}
    assert {"M01", "S172"} <= row_ids()
    blank = (
        alt.Chart(rows)
        .mark_text()
        .encode(x=alt.X(title="Year"), y="deaths:Q", color=alt.value(None))
        .to_dict()
    )
    assert sorted(drawing_nothing(blank)) == [
        "color: no colour",
        "text mark: no text",
        "x: draws from nothing",
    ]
    painted = (
        alt.Chart(rows)
        .mark_point(color="XXblackXX", stroke="#999999")
        .encode(
            x=alt.X("year:Q", axis=None),
            y=alt.Y("deaths:Q", axis=None, title="LAYOUT Deaths"),
            fill=alt.Fill("kind:N", title="Tei", scale=alt.Scale(range=["#0072B2", "red"])),
        )
        .to_dict()
    )
    assert colours(painted) == ["XXblackXX", "#999999", "#0072B2", "red"]
    assert [c for c in colours(painted) if off_palette(c)] == ["XXblackXX", "red"]
    assert unlabelled(painted) == ["x (hidden, read aloud)"]
    assert [misspelt(t) for t in guide_titles(painted) + hidden_titles(painted)] == [
        ["Tei"],
        ["LAYOUT"],
    ]
    assert misspelt("Tie tie ISIS CJNG Cártel de Sinaloa") == []
    formats = {
        "encoding": {"x": {"axis": {"format": "D"}}, "tooltip": [{"format": ",.0F"}]},
        "transform": [{"calculate": "format(datum.v, '+.1f') + format(datum.w, 'XX.1fXX')"}],
        "layer": [{"encoding": {"x": {"format": "%Y", "formatType": "time"}}}],
    }
    assert unreadable_formats(formats) == ["D", ",.0F", "XX.1fXX"]
    points = alt.Chart(rows).mark_point().encode(x="year:Q", y="deaths:Q")
    label = alt.Chart(rows).mark_text()
    placed = alt.layer(points, label.encode(x="year:Q", text="kind:N"))
    caption = alt.layer(points, label.encode(x=alt.value(0), y=alt.value(-9), text="kind:N"))
    assert unplaced_text(placed.to_dict()) == ["layer[1].text: no y"]
    assert unplaced_text(caption.to_dict()) == []
    assert drawn_words(placed.to_dict()) == ["a", "b"]
    bars = alt.Chart(rows).mark_bar().encode(x="deaths:Q", y=alt.Y("kind:N", axis=None))
    assert unnamed_bars(bars.to_dict()) == ["y"]
    assert unnamed_bars(bars.encode(y=alt.Y("kind:N", title="Kind")).to_dict()) == []
    assert all(D3_FORMAT.fullmatch(form) for form in ("d", "+.1f", ",", ".2~%", "$,.2f", ",.0f"))


def test_the_recipes_cover_every_lesson_with_charts() -> None:
    names = {recipe.__name__ for recipe in CHART_RECIPES}
    for recipe in ("homicides_chart", "network_chart", "history_chart", "territory_chart"):
        assert recipe in names
    for recipe in ("verdict_chart", "strategy_chart", "policy_explorer_chart", "timeline_chart"):
        assert recipe in names
