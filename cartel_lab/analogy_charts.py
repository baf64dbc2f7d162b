"""Lesson 06's charts: the op-ed's mapping onto the dimensions, and the verdict explorer.

``mapping_chart`` shows at a glance which dimensions of comparison the op-ed's
six analogy lines rely on, and which none does. ``verdict_chart`` draws a
verdict from ratings and weights: the weighted similarity against the
threshold, what each dimension contributes, and how far each weight would
have to move to flip the verdict. ``verdict_explorer`` drives it with sliders
through Vega-Lite parameters (the chart is never re-sent), and writes every
move into the ratings and weights dicts it was given, so a notebook variable
always holds the student's own judgements.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from decimal import ROUND_HALF_UP, Decimal

import altair as alt
import ipywidgets as widgets
import pandas as pd

from cartel_lab import analogy
from cartel_lab.charts import MUTED, live_chart
from cartel_lab.data import load
from cartel_lab.palette import BLUE, OKABE_ITO, ORANGE

VERMILLION = OKABE_ITO[5]
MAPPING_SOURCE = (
    "Source: the module's reading of the op-ed (analogy_lines, analogy_dimensions; authored)."
)
VERDICT_SOURCE = (
    "Source: your ratings and weights, judgements, not data; the defaults are the module's "
    "authored example (analogy_dimensions)."
)


def _label(dimension_id: str, name: str) -> str:
    return f"{dimension_id} {name}"


def mapping_frame() -> pd.DataFrame:
    """One row per dimension and analogy line: does the line rely on the dimension?"""
    dims = analogy.dimensions()
    lines = load("analogy_lines")["line_id"].tolist()
    rows = []
    for _, dim in dims.iterrows():
        used = set() if pd.isna(dim["line_ids"]) else set(str(dim["line_ids"]).split(";"))
        for line in lines:
            rows.append(
                {
                    "dimension_id": dim["dimension_id"],
                    "label": _label(dim["dimension_id"], dim["dimension"]),
                    "line_id": line,
                    "relies": "relies on it" if line in used else "does not",
                    "lines_using": len(used),
                }
            )
    return pd.DataFrame(rows)


def mapping_chart() -> alt.HConcatChart:
    """A grid of dimensions (rows) by the op-ed's lines L1-L6 (columns); unused rows flagged in words."""
    frame = mapping_frame()
    unused = analogy.unused_dimensions()
    names = analogy.dimension_names()
    order = list(frame["label"].drop_duplicates())
    y = alt.Y("label:N", title="Dimension of comparison", sort=order, axis=alt.Axis(labelLimit=260))
    grid = (
        alt.Chart(frame)
        .mark_square(size=220)
        .encode(
            x=alt.X(
                "line_id:N",
                title="Line of the op-ed's analogy (analogy_lines)",
                axis=alt.Axis(labelAngle=0),
            ),
            y=y,
            color=alt.Color(
                "relies:N",
                scale=alt.Scale(domain=["relies on it", "does not"], range=[BLUE, MUTED]),
                title="The line",
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Dimension"),
                alt.Tooltip("line_id:N", title="Line"),
                alt.Tooltip("relies:N", title="The line"),
            ],
        )
        .properties(width=200, height=300)
    )
    summary = frame.drop_duplicates("dimension_id").assign(
        used=lambda f: f["lines_using"].map(
            lambda n: "never used" if n == 0 else f"used by {n} line{'s' if n > 1 else ''}"
        )
    )
    words = (
        alt.Chart(summary)
        .mark_text(align="left", fontWeight="bold")
        .encode(
            y=alt.Y("label:N", sort=order, axis=None, title="Dimension of comparison"),
            text="used:N",
            color=alt.condition(
                alt.datum.lines_using == 0, alt.value(VERMILLION), alt.value("black")
            ),
        )
        .properties(width=110, height=300)
    )
    never = " and ".join(f"{d} ({names[d]})" for d in unused)
    return alt.hconcat(grid, words).properties(
        title=alt.Title(
            f"The op-ed's analogy never uses {len(unused)} of {len(names)} dimensions: {never}",
            subtitle=[MAPPING_SOURCE],
        ),
        description=(
            f"A grid with one row per dimension of comparison ({len(names)}) and one column per line "
            "of the op-ed's analogy (L1 to L6). A blue square marks a line that relies on the "
            "dimension, a grey one a line that does not. Beside each row, in words: how many lines "
            "use it, 'never used' in bold vermillion for the dimensions no line relies on."
        ),
    )


def _as_hover_shows(value: float) -> str:
    """``value`` with two decimals, rounded as the chart's hover (Vega's ".2f") rounds it.

    Vega rounds an exact half up, Python's format to even: the example score 17/8 = 2.125
    would read 2.12 in the verdict's words and 2.13 on the score bar's hover.
    """
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def explorer_state(
    ratings: dict[str, float], weights: dict[str, float], threshold: float = analogy.THRESHOLD
) -> dict[str, object]:
    """Every value the verdict chart reads from its parameters, computed from the judgements."""
    score = analogy.weighted_similarity(ratings, weights)
    parts = analogy.contributions(ratings, weights)
    flips = analogy.flip_weights(ratings, weights, threshold)
    texts = []
    changes = []
    for _, row in flips.iterrows():
        if math.isnan(row["weight_to_flip"]):
            texts.append("no weight flips it")
            changes.append(0.0)
        elif not row["within_scale"]:
            texts.append(f"no weight from 0 to 4 flips it (boundary {row['weight_to_flip']:.1f})")
            changes.append(0.0)
        elif row["change"] == 0:  # the score sits on the threshold, where the verdict holds
            way = "lower" if row["rating"] > threshold else "higher"
            texts.append(f"on the threshold: any {way} weight flips it")
            changes.append(0.0)
        else:
            way = "raise" if row["change"] > 0 else "lower"
            texts.append(f"{way} weight to {row['weight_to_flip']:.1f} ({row['change']:+.1f})")
            changes.append(round(float(row["change"]), 3))
    return {
        "score": round(score, 3),
        "verdict": f"{_as_hover_shows(score)} of 4: {analogy.verdict_for(score, threshold)}",
        "contribution": [round(float(v), 3) for v in parts["contribution"]],
        "flip_change": changes,
        "flip_text": texts,
    }


def _slots(ratings: dict[str, float]) -> pd.DataFrame:
    names = analogy.dimension_names()
    ids = [d for d in names if d in ratings]
    return pd.DataFrame({"slot": range(len(ids)), "label": [_label(d, names[d]) for d in ids]})


def verdict_chart(
    ratings: dict[str, float] | None = None,
    weights: dict[str, float] | None = None,
    threshold: float = analogy.THRESHOLD,
) -> alt.VConcatChart:
    """The weighted similarity (0-4) against the threshold, each dimension's contribution, and the flips.

    Reads the Vega-Lite parameters ``score``, ``verdict``, ``contribution``,
    ``flip_change`` and ``flip_text`` (see ``explorer_state``), which
    ``verdict_explorer`` sets from its sliders.
    """
    ratings = analogy.example_ratings() if ratings is None else ratings
    weights = analogy.example_weights() if weights is None else weights
    state = explorer_state(ratings, weights, threshold)
    params = {name: alt.param(name=name, value=value) for name, value in state.items()}
    slots = _slots(ratings)
    order = slots["label"].tolist()
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))

    headline = pd.DataFrame({"what": ["weighted similarity"]})
    scale_04 = alt.Scale(domain=[0, 4])
    score_bar = (
        alt.Chart(headline)
        .transform_calculate(value="score")
        .mark_bar(color=BLUE, height=22)
        .encode(
            x=alt.X(
                "value:Q", title="Weighted similarity (0 = not alike, 4 = alike)", scale=scale_04
            ),
            y=alt.Y("what:N", title=None),
            tooltip=[alt.Tooltip("value:Q", title="Weighted similarity", format=".2f")],
        )
    )
    threshold_rule = (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(color="black", strokeDash=[4, 3], strokeWidth=2)
        .encode(x=alt.X("threshold:Q", scale=scale_04))
    )
    verdict_text = (
        alt.Chart(headline)
        .transform_calculate(text="verdict")
        .mark_text(align="left", dx=4, dy=-22, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("what:N", title=None), text="text:N")
    )
    top = alt.layer(score_bar, threshold_rule, verdict_text).properties(
        width=420, height=40, title=f"Your verdict (dashed line: the threshold, {threshold:g})"
    )

    parts = (
        alt.Chart(slots)
        .transform_calculate(contribution="contribution[datum.slot]")
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X(
                "contribution:Q",
                title="Contribution to the score (weight × rating ÷ total weight)",
                scale=alt.Scale(domainMin=0, zero=True),
            ),
            y=y,
            tooltip=[
                alt.Tooltip("label:N", title="Dimension"),
                alt.Tooltip("contribution:Q", title="Contribution", format=".2f"),
            ],
        )
        .properties(width=420, height=260, title="What drives it: each dimension's contribution")
    )
    flip_base = alt.Chart(slots).transform_calculate(
        change="flip_change[datum.slot]", text="flip_text[datum.slot]"
    )
    flip_bars = flip_base.mark_bar().encode(
        x=alt.X(
            "change:Q",
            title="Change of that weight alone that flips the verdict (weight points)",
            scale=alt.Scale(domain=[-4, 4]),
        ),
        y=y,
        color=alt.condition(alt.datum.change > 0, alt.value(BLUE), alt.value(ORANGE)),
        tooltip=[
            alt.Tooltip("label:N", title="Dimension"),
            alt.Tooltip("text:N", title="To flip the verdict"),
        ],
    )
    flip_words = (
        flip_base.mark_text(align="left")
        .encode(
            x=alt.value(0),
            y=alt.Y("label:N", sort=order, axis=None, title="Dimension"),
            text="text:N",
        )
        .properties(width=230, height=260)
    )
    flips = alt.hconcat(
        flip_bars.properties(
            width=260, height=260, title="What would flip it: one weight at a time"
        ),
        flip_words,
    )
    return (
        alt.vconcat(top, parts, flips)
        .add_params(*params.values())
        .properties(
            title=alt.Title(
                "Weighted similarity of ISIS and the cartels (0-4): what drives it, what would flip it",
                subtitle=[VERDICT_SOURCE],
            ),
            description=(
                "Three panels. Top: one blue bar, the weighted similarity on a 0-4 axis, with a "
                f"dashed black line at the threshold {threshold:g} and the verdict in words. "
                "Middle: one blue bar per dimension, its contribution to the score (weight times "
                "rating divided by the total weight) on an axis from 0; the bars add up to the "
                "score. Bottom: for each "
                "dimension, the change of its weight alone (from -4 to +4 weight points) that "
                "flips the verdict, blue to raise it and orange to lower it, with the move in "
                "words; 'no weight flips it' where none can."
            ),
        )
    )


def verdict_explorer(
    ratings: MutableMapping[str, float] | None = None,
    weights: MutableMapping[str, float] | None = None,
) -> widgets.VBox:
    """A rating and a weight slider (0-4) per dimension, driving ``verdict_chart``.

    Every move is written into ``ratings`` and ``weights`` (the dicts passed in),
    so the notebook's own variables hold the student's verdict (values that are not
    whole numbers, such as a class's mean ratings, are rounded first). The sliders only
    offer whole numbers from 0 to 4, and the last weight above 0 cannot be set
    to 0, so the explorer never produces an input ``analogy`` would refuse.
    """
    ratings = analogy.example_ratings() if ratings is None else ratings
    weights = analogy.example_weights() if weights is None else weights
    analogy.checked(ratings, weights)
    for values in (ratings, weights):  # the sliders hold whole numbers: so do the dicts
        for dim in values:
            values[dim] = round(values[dim])
    chart = live_chart(verdict_chart(dict(ratings), dict(weights)))
    note = widgets.HTML("")
    names = analogy.dimension_names()
    rows = []
    rating_sliders: dict[str, widgets.IntSlider] = {}
    weight_sliders: dict[str, widgets.IntSlider] = {}
    wide = {"description_width": "initial"}
    for dim in [d for d in names if d in ratings]:
        rating_sliders[dim] = widgets.IntSlider(
            value=round(ratings[dim]),
            min=0,
            max=4,
            description="alike (0-4)",
            style=wide,
            continuous_update=False,
            layout={"width": "300px"},
        )
        weight_sliders[dim] = widgets.IntSlider(
            value=round(weights[dim]),
            min=0,
            max=4,
            description="matters (0-4)",
            style=wide,
            continuous_update=False,
            layout={"width": "300px"},
        )
        rows.append(
            widgets.HBox(
                [
                    widgets.Label(_label(dim, names[dim]), layout={"width": "260px"}),
                    rating_sliders[dim],
                    weight_sliders[dim],
                ]
            )
        )

    def update(change: dict | None = None) -> None:
        for dim, slider in rating_sliders.items():
            ratings[dim] = slider.value
        for dim, slider in weight_sliders.items():
            weights[dim] = slider.value
        if sum(weights.values()) == 0 and change is not None:
            change["owner"].value = 1  # runs update again, with a weight the chart can use
            note.value = "<b>At least one dimension must matter:</b> that weight is back to 1."
            return
        note.value = ""
        state = explorer_state(dict(ratings), dict(weights))
        with chart.hold_sync():
            for name, value in state.items():
                setattr(chart.params, name, value)

    for slider in [*rating_sliders.values(), *weight_sliders.values()]:
        slider.observe(update, names="value")
    return widgets.VBox([*rows, note, chart])
