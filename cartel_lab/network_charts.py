"""Pictures of the cartel network, and the explorer that highlights one group's allies and rivals.

The node-link view places groups with networkx's spring layout and a fixed
seed, so the picture is the same on every run and in every scenario (only
the ties change). Alliances and rivalries differ by colour **and** dash.
Highlighting a group and switching the super-cartel scenario are Vega-Lite
parameters (``selected_group``, ``scenario``): the explorer sets them on an
``alt.JupyterChart`` and the browser redraws without a round trip to Python.
"""

from __future__ import annotations

import html
from functools import cache

import altair as alt
import ipywidgets as widgets
import networkx as nx
import pandas as pd

from cartel_lab.charts import MUTED, live_chart
from cartel_lab.network import SINALOA, STATE_LABEL, SUPER_CARTELS, graph, groups, tie_ends, ties
from cartel_lab.network_measures import (
    balance_counts,
    balanced_share,
    bloc_summary,
    group_measures,
)
from cartel_lab.palette import BLUE, OKABE_ITO

VERMILLION = OKABE_ITO[5]
TIE_COLOURS = {"alliance": BLUE, "rivalry": VERMILLION}
TIE_DASHES = {"alliance": [1, 0], "rivalry": [5, 3]}
LAYOUT_SEED = 2020
LABELLED = 10  # the strongest groups get a name label
NETWORK_SOURCE = [
    "Source: BACRIM 2020 network, replication data of",
    "Prieto-Curiel, Campedelli & Hope (Science, 2023).",
    "Super-cartels are the module's scenarios, not data.",
]


@cache
def layout() -> dict[str, tuple[float, float]]:
    """Fixed positions of the groups that have a tie in 2020 (spring layout, seed 2020).

    Computed once from the 2020 ties of both kinds, with the nodes added in id
    order, so the same data and library versions give the same picture.
    """
    network = graph(ties("none"), "any")
    network.remove_nodes_from([node for node, degree in network.degree() if degree == 0])
    positions = nx.spring_layout(network, seed=LAYOUT_SEED, k=0.35, iterations=100)
    return {node: (round(float(x), 4), round(float(y), 4)) for node, (x, y) in positions.items()}


@cache
def node_data() -> pd.DataFrame:
    """One row per drawn group, with its measures and partner ids under every scenario.

    Columns ``allies|<scenario>``, ``rivals|<scenario>``, ``strength|<scenario>``,
    ``ally_ids|<scenario>`` and ``rival_ids|<scenario>`` let the chart switch
    scenario by a parameter alone. Computed once per session (charts share it).
    """
    positions = layout()
    table = groups().loc[lambda frame: frame["group_id"].isin(positions)].copy()
    table["x"] = table["group_id"].map(lambda group_id: positions[group_id][0])
    table["y"] = table["group_id"].map(lambda group_id: positions[group_id][1])
    strongest = set(group_measures(ties("none")).head(LABELLED)["group_id"])
    table["labelled"] = table["group_id"].isin(strongest)
    for scenario in SUPER_CARTELS:
        measures = group_measures(ties(scenario)).set_index("group_id")
        ends = tie_ends(ties(scenario))
        for column in ("allies", "rivals", "strength"):
            table[f"{column}|{scenario}"] = table["group_id"].map(measures[column])
        for column, tie in (("ally_ids", "alliance"), ("rival_ids", "rivalry")):
            partners = ends[ends["tie"] == tie].groupby("group")["other"].agg(" ".join)
            table[f"{column}|{scenario}"] = table["group_id"].map(partners).fillna("")
    return table.drop(columns=["source_id"], errors="ignore").reset_index(drop=True)


@cache
def edge_data() -> pd.DataFrame:
    """Every tie of every scenario once, with its end positions and the scenarios it is in."""
    positions = layout()
    frames = [ties(scenario).assign(scenario=scenario) for scenario in SUPER_CARTELS]
    every = pd.concat(frames, ignore_index=True)
    every["weight"] = every["weight"].astype(int)
    table = (
        every.groupby(["group_a", "group_b", "tie", "weight"])["scenario"]
        .agg(lambda names: "|" + "|".join(names) + "|")
        .reset_index(name="in_scenarios")
    )
    table["x"] = table["group_a"].map(lambda group_id: positions[group_id][0])
    table["y"] = table["group_a"].map(lambda group_id: positions[group_id][1])
    table["x2"] = table["group_b"].map(lambda group_id: positions[group_id][0])
    table["y2"] = table["group_b"].map(lambda group_id: positions[group_id][1])
    return table


def network_chart(scenario: str = "none", selected: str = SINALOA) -> alt.LayerChart:
    """Node-link view: groups as circles sized by strength, ties as lines (blue solid: alliance,
    vermilion dashed: rivalry); the ``selected`` group, its allies and its rivals highlighted.
    """
    chosen = alt.param(name="selected_group", value=selected)
    shown = alt.param(name="scenario", value=scenario)
    first_hub, second_hub = group_measures(ties("none"))["name"].tolist()[:2]
    per_scenario = {
        field: f"datum['{field}|' + scenario]"
        for field in ("allies", "rivals", "strength", "ally_ids", "rival_ids")
    }
    touches = (alt.datum.group_a == chosen) | (alt.datum.group_b == chosen)
    x = alt.X("x:Q", axis=None, title="Layout position (no meaning)")
    y = alt.Y("y:Q", axis=None, title="Layout position (no meaning)")
    edges = (
        alt.Chart(edge_data())
        .transform_filter("indexof(datum.in_scenarios, '|' + scenario + '|') >= 0")
        .mark_rule()
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=alt.Color(
                "tie:N",
                title="Tie",
                scale=alt.Scale(domain=list(TIE_COLOURS), range=list(TIE_COLOURS.values())),
            ),
            strokeDash=alt.StrokeDash(
                "tie:N",
                title="Tie",
                scale=alt.Scale(domain=list(TIE_DASHES), range=list(TIE_DASHES.values())),
            ),
            strokeWidth=alt.when(touches).then(alt.value(2.5)).otherwise(alt.value(1)),
            opacity=alt.when(touches).then(alt.value(0.95)).otherwise(alt.value(0.3)),
            tooltip=[
                alt.Tooltip("group_a:N", title="Group"),
                alt.Tooltip("group_b:N", title="And group"),
                alt.Tooltip("tie:N", title="Tie"),
                alt.Tooltip("weight:Q", title="Weight"),
            ],
        )
    )
    is_selected = alt.datum.group_id == chosen
    is_ally = "indexof(datum.ally_ids, selected_group) >= 0"
    is_rival = "indexof(datum.rival_ids, selected_group) >= 0"
    nodes = (
        alt.Chart(node_data())
        .transform_calculate(**per_scenario)
        .mark_point(filled=True, stroke="black", strokeWidth=0.6, opacity=1)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "strength:Q",
                title="Strength (sum of tie weights)",
                scale=alt.Scale(range=[30, 900]),
            ),
            color=alt.when(is_selected)
            .then(alt.value("black"))
            .when(is_ally)
            .then(alt.value(BLUE))
            .when(is_rival)
            .then(alt.value(VERMILLION))
            .otherwise(alt.value(MUTED)),
            shape=alt.when(is_selected)
            .then(alt.value("diamond"))
            .when(is_rival)
            .then(alt.value("square"))
            .otherwise(alt.value("circle")),
            tooltip=[
                alt.Tooltip("name:N", title="Group"),
                alt.Tooltip("group_id:N", title="Id"),
                alt.Tooltip("state:N", title=STATE_LABEL.capitalize()),
                alt.Tooltip("allies:Q", title="Allies"),
                alt.Tooltip("rivals:Q", title="Rivals"),
                alt.Tooltip("strength:Q", title="Strength"),
            ],
        )
    )
    labels = (
        alt.Chart(node_data())
        .transform_filter(alt.datum.labelled | is_selected)
        .mark_text(dy=-13, fontSize=11, fontWeight="bold", color="black")
        .encode(x=x, y=y, text=alt.Text("short_name:N"))
    )
    return (
        alt.layer(edges, nodes, labels)
        .add_params(chosen, shown)
        .properties(
            width=440,
            height=420,
            title=alt.Title(
                f"Two hubs dominate the 2020 network: {first_hub} and {second_hub}",
                subtitle=[
                    "Selected: black diamond. Allies: blue circles. Rivals: vermilion squares.",
                    *NETWORK_SOURCE,
                ],
            ),
            description=(
                "Node-link diagram of the criminal groups with at least one tie in 2020. Each "
                "circle is a group, sized by its strength; blue solid lines are alliances, "
                "vermilion dashed lines rivalries. The selected group is a black diamond, its "
                "allies blue and its rivals vermilion squares; the ten strongest groups are named."
            ),
        )
        .configure_view(stroke=None)
        .configure_legend(orient="bottom", direction="horizontal")
    )


def strength_chart(n: int = 15) -> alt.Chart:
    """Ranked bars: the ``n`` strongest groups, rivalry strength left, alliance strength right."""
    top = group_measures(ties("none")).head(n)
    long = pd.concat(
        [
            top.assign(kind="alliance", value=top["alliance_strength"]),
            top.assign(kind="rivalry", value=-top["rivalry_strength"]),
        ]
    )[["short_name", "name", "kind", "value", "strength"]]
    order = top["short_name"].tolist()
    first = top.iloc[0]
    return (
        alt.Chart(
            long,
            title=alt.Title(
                f"{first['short_name']}, the strongest group, draws most of its strength from "
                f"{'rivalries' if first['rivalry_strength'] > first['alliance_strength'] else 'alliances'}"
                " (2020)",
                subtitle=NETWORK_SOURCE,
            ),
            description=(
                f"Diverging horizontal bars for the {n} groups with the largest total strength "
                "(sum of the weights of all their ties), largest first. Rivalry strength extends "
                "left in vermilion, alliance strength right in blue."
            ),
            width=460,
            height=20 * n,
        )
        .mark_bar()
        .encode(
            y=alt.Y("short_name:N", sort=order, title="Group (short name)"),
            x=alt.X(
                "value:Q",
                title="← rivalry strength · alliance strength → (sum of tie weights)",
                axis=alt.Axis(labelExpr="abs(datum.value)"),
            ),
            color=alt.Color(
                "kind:N",
                title="Tie",
                scale=alt.Scale(domain=list(TIE_COLOURS), range=list(TIE_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Group"),
                alt.Tooltip("kind:N", title="Tie"),
                alt.Tooltip("value:Q", title="Strength (rivalry shown negative)"),
                alt.Tooltip("strength:Q", title="Total strength"),
            ],
        )
    )


def bloc_sizes_chart(scenario: str = "none") -> alt.LayerChart:
    """Bars: the size of every bloc of two or more allied groups, named after its strongest member."""
    summary = bloc_summary(ties(scenario))
    summary["label"] = summary["bloc"].astype(str) + ". " + summary["strongest_member"]
    where = "in 2020" if scenario == "none" else f"in the scenario {scenario!r}"
    y = alt.Y(
        "label:N",
        sort=summary["label"].tolist(),
        title="Bloc (strongest member)",
        axis=alt.Axis(labelLimit=320),
    )
    x = alt.X("groups:Q", title="Groups in the bloc")
    bars = (
        alt.Chart(summary)
        .mark_bar()
        .encode(
            y=y,
            x=x,
            color=alt.value(BLUE),
            tooltip=[
                alt.Tooltip("strongest_member:N", title="Strongest member"),
                alt.Tooltip("groups:Q", title="Groups"),
            ],
        )
    )
    numbers = (
        alt.Chart(summary)
        .mark_text(align="left", dx=3, color="black")
        .encode(y=y, x=x, text="groups:Q")
    )
    return (bars + numbers).properties(
        title=alt.Title(
            _bloc_title(summary, where),
            subtitle=["Groups with no ally (blocs of one) are not drawn.", *NETWORK_SOURCE],
        ),
        description=(
            "Horizontal bars, one per bloc (a set of groups linked by chains of alliances) of two "
            "or more groups, labelled with its strongest member; bar length is the number of "
            "groups in the bloc, printed at the end of each bar."
        ),
        width=420,
        height=24 * len(summary),
    )


def _bloc_title(summary: pd.DataFrame, where: str) -> str:
    """'Two blocs dominate in 2020: around A (50 groups) and B (26)'; 'One bloc dominates'
    when the second-largest bloc is under a third of the largest, as after the two hubs merge
    (in every scenario the third-largest bloc has 3 groups)."""
    sizes = summary["groups"].tolist()
    first, second = summary["strongest_member"].iloc[0], summary["strongest_member"].iloc[1]
    if 3 * sizes[1] < sizes[0]:
        return (
            f"One bloc dominates {where}: around {first} ({sizes[0]} groups); "
            f"the next largest has {sizes[1]}"
        )
    return (
        f"Two blocs dominate {where}: around {first} ({sizes[0]} groups) and {second} ({sizes[1]})"
    )


def balance_chart(scenario: str = "none") -> alt.Chart:
    """Bars: how many triangles of each sign pattern, balanced ones in blue, unbalanced in vermilion."""
    counts = balance_counts(ties(scenario))
    counts["label"] = counts["pattern"] + " (" + counts["verdict"] + ")"
    where = "2020" if scenario == "none" else f"scenario {scenario!r}"
    commonest = counts.loc[counts["triangles"].idxmax(), "reading"]
    return (
        alt.Chart(
            counts,
            title=alt.Title(
                f"{balanced_share(ties(scenario)):.0%} of the readable triangles are balanced; "
                f"the commonest pattern: '{commonest}' ({where})",
                subtitle=[
                    "Balance rule: Heider (1946); Cartwright & Harary (1956).",
                    *NETWORK_SOURCE,
                ],
            ),
            description=(
                "Horizontal bars counting the triangles (three groups all tied to each other) of "
                "each pattern of alliances and rivalries. The label says whether the pattern is "
                "balanced, unbalanced, or cannot be judged because a pair is both allied and rival."
            ),
            width=380,
            height=170,
        )
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                sort=counts["label"].tolist(),
                title="Triangle pattern (its balance)",
                axis=alt.Axis(labelLimit=320),
            ),
            x=alt.X("triangles:Q", title="Number of triangles"),
            color=alt.Color(
                "verdict:N",
                title="Balance",
                scale=alt.Scale(
                    domain=["balanced", "unbalanced", "unclear"],
                    range=[BLUE, VERMILLION, MUTED],
                ),
            ),
            tooltip=[
                alt.Tooltip("pattern:N", title="Pattern"),
                alt.Tooltip("reading:N", title="Reading"),
                alt.Tooltip("triangles:Q", title="Triangles"),
            ],
        )
    )


def _partner_rows(ends: pd.DataFrame, group_id: str, tie: str, names: dict[str, str]) -> str:
    chosen = ends[(ends["group"] == group_id) & (ends["tie"] == tie)].sort_values(
        ["weight", "other"], ascending=[False, True]
    )
    return "".join(
        f"<tr><td>{html.escape(names[row.other])}</td><td>{row.other}</td>"
        f"<td style='text-align:right'>{int(row.weight)}</td></tr>"
        for row in chosen.itertuples()
    )


def partners_html(scenario: str, group_id: str) -> str:
    """An HTML table of the allies and rivals of ``group_id`` under ``scenario``."""
    ends = tie_ends(ties(scenario))
    names = dict(zip(groups()["group_id"], groups()["name"], strict=True))
    parts = [f"<h4>{html.escape(names[group_id])} ({group_id})</h4>"]
    for tie, heading, marker in (
        ("alliance", "Allies", "blue circles"),
        ("rivalry", "Rivals", "vermilion squares"),
    ):
        rows = _partner_rows(ends, group_id, tie, names)
        count = rows.count("<tr>")
        parts.append(f"<p><strong>{heading}: {count}</strong> ({marker} in the chart)</p>")
        if rows:
            parts.append(
                "<table><thead><tr><th>group</th><th>id</th><th>weight</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
    return "".join(parts)


def network_explorer(start: str = SINALOA) -> widgets.VBox:
    """Choose a group (menu or search box) and a scenario: the chart and the table follow."""
    drawn = node_data().sort_values("name")
    options = [(f"{row.name} ({row.group_id})", row.group_id) for row in drawn.itertuples()]
    labels = {group_id: label for label, group_id in options}
    # Wide enough for the longest group name with its id, unclipped.
    picker = widgets.Dropdown(
        options=options, value=start, description="Group:", layout=widgets.Layout(width="520px")
    )
    search = widgets.Combobox(
        options=[label for label, _ in options],
        placeholder="type part of a name or an id",
        description="Search:",
        ensure_option=True,
    )
    scenario = widgets.RadioButtons(
        options=list(SUPER_CARTELS), value="none", description="Super-cartel:"
    )
    chart = live_chart(network_chart(selected=start))
    chart.layout = widgets.Layout(flex="0 0 auto")  # keep its drawn width, table beside it
    table = widgets.HTML(
        partners_html("none", start),
        layout=widgets.Layout(width="300px", max_height="560px", overflow="auto"),
    )

    def show(_: dict | None = None) -> None:
        chart.params.selected_group = picker.value
        chart.params.scenario = scenario.value
        table.value = partners_html(scenario.value, picker.value)

    def found(change: dict) -> None:
        chosen = next((gid for gid, label in labels.items() if label == change["new"]), None)
        if chosen is not None:
            picker.value = chosen

    picker.observe(show, names="value")
    scenario.observe(show, names="value")
    search.observe(found, names="value")
    controls = widgets.HBox([widgets.VBox([picker, search]), scenario])
    body = widgets.HBox([chart, table], layout=widgets.Layout(flex_flow="row wrap"))
    return widgets.VBox([controls, body])
