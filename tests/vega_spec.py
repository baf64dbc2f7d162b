"""Read what a chart promises (its Vega-Lite spec) and what it draws (its SVG), for tests.

A chart's meaning is carried by more than its rows: the mark (a line joins points, dots do
not), the fields that group a line (``detail``, ``color``), the scales that map a value to a
colour, a dash or a shape, the sort of an axis, the conditions that grey a mark. ``units``
flattens a spec (layers, concatenations, facets) into its single-view parts, each with the
rows it draws, so a test can ask "which layer draws lines, grouped by what, over which years".

Some promises only show once drawn ("broken at 2005": two separate paths). ``drawn`` renders
the spec to SVG with vl-convert (the same Vega renderer the notebook uses, offline) and lists
the marks of one kind with their vertices, colours, dashes and the data Vega attached to them
(``aria-label``), so a test can count paths and compare their extents.

Expected values in the tests that use this module are computed from ``data/*.csv`` with
plain pandas, never with the recipe's own code.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import vl_convert

from tests.svg_server import SVG_SERVER_VARIABLE, request_svg

SOLID = {None, "1,0"}  # how Vega writes a solid stroke

DATA = Path(__file__).resolve().parent.parent / "data"


def csv(name: str) -> pd.DataFrame:
    """A data table read straight from its CSV (no package code)."""
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=False, na_values=[""])


@dataclass
class Unit:
    """One single-view part of a chart: its mark, encoding, transforms and the rows it draws."""

    mark: dict
    encoding: dict
    transforms: list
    rows: pd.DataFrame
    where: str
    spec: dict = field(repr=False)
    data: dict | None = None  # what the unit draws from: a dataset's name, values, a generator
    inherited: dict = field(default_factory=dict)  # the encoding its enclosing layers share

    @property
    def kind(self) -> str:
        return self.mark["type"]

    @property
    def seen_encoding(self) -> dict:
        """The encoding the unit is drawn with: its own channels over those its layers share."""
        return {**self.inherited, **self.encoding}

    def channel(self, name: str) -> dict:
        """The encoding of channel ``name`` ({} when the unit does not encode it)."""
        return self.encoding.get(name, {})

    def field_of(self, name: str) -> str | None:
        return self.channel(name).get("field")

    def scale_map(self, name: str) -> dict:
        """The channel's scale as {domain value: range value} (an explicit domain and range)."""
        scale = self.channel(name).get("scale", {})
        return dict(zip(scale.get("domain", []), scale.get("range", []), strict=True))

    def filters(self) -> list[str]:
        """The filter expressions of the unit (strings, or the dict of a predicate as text)."""
        return [str(step["filter"]) for step in self.transforms if "filter" in step]


def units(spec: dict) -> list[Unit]:
    """Every single-view part of ``spec``, with the data and transforms it inherits."""
    datasets = spec.get("datasets", {})
    found: list[Unit] = []

    def rows_of(data: dict | None) -> pd.DataFrame:
        if not data:
            return pd.DataFrame()
        if "name" in data:
            return pd.DataFrame(datasets.get(data["name"], []))
        if "values" in data:
            return pd.DataFrame(data["values"])
        return pd.DataFrame()

    def walk(node: dict, data: dict | None, transforms: list, shared: dict, where: str) -> None:
        data = node.get("data", data)
        transforms = transforms + node.get("transform", [])
        if "mark" in node:
            mark = node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]}
            own = node.get("encoding", {})
            found.append(Unit(mark, own, transforms, rows_of(data), where, node, data, shared))
            return
        layered = {**shared, **node.get("encoding", {})}  # a layer's children inherit it
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for number, child in enumerate(node.get(key, [])):
                inherited = layered if key == "layer" else {}
                walk(child, data, transforms, inherited, f"{where}{key}[{number}].")
        if "spec" in node:
            walk(node["spec"], data, transforms, {}, f"{where}spec.")

    walk(spec, None, [], {}, "")
    return found


def only(found: list[Unit], what: str = "") -> Unit:
    """The one unit in ``found``; fails naming ``what`` otherwise."""
    assert len(found) == 1, f"expected one {what or 'unit'}, found {len(found)}"
    return found[0]


def of_kind(spec: dict, kind: str) -> list[Unit]:
    """The units drawing marks of ``kind`` ('line', 'point', 'rule', 'bar', 'text', ...)."""
    return [unit for unit in units(spec) if unit.kind == kind]


def param_values(spec: dict) -> dict[str, object]:
    """The spec's parameters (``params``) and their starting values, at any level."""
    values: dict[str, object] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for param in node.get("params", []):
                values[param["name"]] = param.get("value")
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk({key: value for key, value in spec.items() if key != "datasets"})
    return values


# -------------------------------------------------------------------- drawn ---


@dataclass
class Drawn:
    """One drawn mark item: its data (from Vega's aria-label), vertices and style."""

    data: dict[str, str]
    points: list[tuple[float, float]]
    stroke: str | None
    fill: str | None
    dash: str | None
    d: str
    width: float | None = None
    opacity: float | None = None
    at: tuple[float, float] = (0.0, 0.0)  # where the item is placed (a symbol's centre)

    @property
    def x_extent(self) -> tuple[float, float]:
        xs = [x for x, _ in self.points]
        return min(xs), max(xs)

    @property
    def shape(self) -> str:
        """'circle' (arcs), 'triangle' (3 corners), 'square' or 'diamond' (4 corners)."""
        if "A" in self.d or "a" in self.d:
            return "circle"
        corners = _vertices(self.d)
        if len(corners) == 3:
            return "triangle"
        if len(corners) == 4:
            axis_aligned = any(abs(x) < 1e-6 for x, _ in corners) is False
            return "square" if axis_aligned else "diamond"
        return f"{len(corners)} corners"


_NUMBER = r"-?\d*\.?\d+(?:e-?\d+)?"
_COMMAND = re.compile(rf"([MLHVZmlhvz])\s*((?:{_NUMBER}[ ,]*)*)")


def _vertices(d: str) -> list[tuple[float, float]]:
    """The absolute vertices of an SVG path made of M, L, H, V and Z commands."""
    points: list[tuple[float, float]] = []
    x = y = 0.0
    for command, numbers in _COMMAND.findall(d):
        values = [float(v) for v in re.findall(_NUMBER, numbers)]
        if command in "ML":
            for i in range(0, len(values) - 1, 2):
                x, y = values[i], values[i + 1]
                points.append((x, y))
        elif command in "ml":
            for i in range(0, len(values) - 1, 2):
                x, y = x + values[i], y + values[i + 1]
                points.append((x, y))
        elif command == "H":
            for value in values:
                x = value
                points.append((x, y))
        elif command == "V":
            for value in values:
                y = value
                points.append((x, y))
        elif command == "h":
            for value in values:
                x += value
                points.append((x, y))
        elif command == "v":
            for value in values:
                y += value
                points.append((x, y))
    return points


def svg(spec: dict) -> str:
    """The chart drawn by Vega (vl-convert, offline) as SVG text.

    In a mutation run, by the run's drawing server (see ``tests/svg_server.py``).
    """
    address = os.environ.get(SVG_SERVER_VARIABLE)
    if address:
        return request_svg(address, spec)
    return vl_convert.vegalite_to_svg(spec)


_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def _aria(label: str) -> dict[str, str]:
    text = html.unescape(label).replace("\u2212", "-")  # Vega writes a minus sign as U+2212
    pairs = [part.split(": ", 1) for part in text.split("; ")]
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def drawn(image: str, kind: str, layer: str | None = None) -> list[Drawn]:
    """The drawn items of mark ``kind`` ('line', 'symbol', 'rule', 'rect', 'text').

    ``layer`` narrows to one Vega-Lite layer by its mark-group class (e.g. 'layer_0_marks').
    A symbol's vertices are its outline, translated to its position.
    """
    items: list[Drawn] = []
    pattern = re.compile(rf'<g class="mark-{kind} role-mark ([^"]*)"[^>]*>(.*?)</g>', re.S)
    for group in pattern.finditer(image):
        if layer is not None and layer not in group.group(1).split():
            continue
        for element in re.finditer(r"<(path|line|text)\b([^>]*)>", group.group(2)):
            attributes = dict(_ATTRIBUTE.findall(element.group(2)))
            dx, dy = 0.0, 0.0
            move = re.match(
                rf"translate\(({_NUMBER}),({_NUMBER})\)", attributes.get("transform", "")
            )
            if move:
                dx, dy = float(move.group(1)), float(move.group(2))
            if element.group(1) == "line":
                x2, y2 = float(attributes.get("x2", 0)), float(attributes.get("y2", 0))
                outline = [(0.0, 0.0), (x2, y2)]
            else:
                outline = _vertices(attributes.get("d", ""))
            items.append(
                Drawn(
                    data=_aria(attributes.get("aria-label", "")),
                    points=[(x + dx, y + dy) for x, y in outline] or [(dx, dy)],
                    stroke=attributes.get("stroke"),
                    fill=attributes.get("fill"),
                    dash=attributes.get("stroke-dasharray"),
                    d=attributes.get("d", ""),
                    width=_number(attributes.get("stroke-width")),
                    opacity=_number(attributes.get("stroke-opacity", attributes.get("opacity"))),
                    at=(dx, dy),
                )
            )
    return items


def x_axis(image: str, title: str | None = None) -> tuple[float, float]:
    """(slope, intercept) mapping data to pixels along the x axis, from its numeric labels.

    ``title`` picks the axis whose aria-label names it (the first X axis otherwise).
    """
    for axis in re.finditer(r'aria-label="X-axis ([^"]*)"(.*?)role-axis-domain', image, re.S):
        if title and title not in html.unescape(axis.group(1)):
            continue
        ticks = re.findall(
            rf'<text[^>]*transform="translate\(({_NUMBER}),{_NUMBER}\)"[^>]*>([^<]*)</text>',
            axis.group(2),
        )
        pairs = [(float(v.replace(",", "")), float(x)) for x, v in ticks if _is_number(v)]
        (v1, x1), (v2, x2) = pairs[0], pairs[-1]
        slope = (x2 - x1) / (v2 - v1)
        return slope, x1 - slope * v1
    raise AssertionError(f"no X axis titled {title!r}")


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?[\d,]*\.?\d+", text.strip()) is not None


def y_axis(image: str, title: str, nth: int = 0) -> tuple[float, float]:
    """(slope, intercept) mapping data to pixels along the ``nth`` y axis titled ``title``.

    The slope comes from the tick labels' exact positions; the intercept from the tick
    lines (Vega draws a left axis's labels a few pixels below their ticks and rounds the ticks).
    """
    axes = re.finditer(r'aria-label="Y-axis ([^"]*)"(.*?)role-axis-domain', image, re.S)
    titled = [axis for axis in axes if title in html.unescape(axis.group(1))]
    for axis in titled[nth : nth + 1]:
        body = axis.group(2)
        labels = re.findall(
            rf'<text[^>]*transform="translate\({_NUMBER},({_NUMBER})\)"[^>]*>([^<]*)</text>', body
        )
        pairs = [(float(v.replace(",", "")), float(y)) for y, v in labels if _is_number(v)]
        (v1, y1), (v2, y2) = pairs[0], pairs[-1]
        slope = (y2 - y1) / (v2 - v1)
        ticks = re.search(r'role-axis-tick"[^>]*>(.*?)</g>', body, re.S)
        assert ticks, f"the Y axis {title!r} has no ticks"
        lines = re.findall(rf'<line[^>]*transform="translate\({_NUMBER},({_NUMBER})\)"', ticks[1])
        assert len(lines) == len(pairs), f"the Y axis {title!r}: ticks and labels differ"
        offsets = [float(y) - slope * value for (value, _), y in zip(pairs, lines, strict=True)]
        return slope, sum(offsets) / len(offsets)
    raise AssertionError(f"no Y axis titled {title!r} (#{nth})")


def years_of_path(path: object, axis: tuple[float, float]) -> tuple[int, int]:
    """The first and last year a drawn line covers, read from its x extent on ``axis``."""
    low, high = path.x_extent  # type: ignore[attr-defined]
    return round(to_data(low, axis)), round(to_data(high, axis))


def policy_explorer_lines(image: str) -> dict[tuple[str, str], object]:
    """The policy explorer's drawn lines by (panel, series): 'members' or 'deaths', and
    the series its tooltip names ('history (fitted)', 'baseline (status quo)', 'your scenario')."""
    lines = {}
    for path in drawn(image, "line"):
        panel = "members" if "Cartel members" in path.data else "deaths"
        lines[(panel, path.data["Line"])] = path
    return lines


def to_data(pixels: float, axis: tuple[float, float]) -> float:
    slope, intercept = axis
    return (pixels - intercept) / slope


_DRAWN: dict[str, str] = {}


def svg_once(spec: dict) -> str:
    """``svg(spec)``, drawn once per process for a given spec.

    For function-scoped fixtures: each test builds its spec (so a mutation run credits
    every test that calls the recipe, not only the first to use a module-scoped fixture),
    while the drawing, the slow part, is shared.
    """
    key = json.dumps(spec, sort_keys=True, default=str)
    if key not in _DRAWN:
        _DRAWN[key] = svg(spec)
    return _DRAWN[key]
