"""Measures of the cartel network: who matters, blocs and brokers, balance, and a merger's effect.

Every function takes a ties table (``network.ties(scenario)``: group_a,
group_b, tie, weight), so the same measure reads the 2020 data and a
super-cartel scenario alike. Results are plain tables with named columns,
for lessons to show with ``readable``.

- **Degree** counts a group's ties of one kind; **strength** adds their weights.
- **Blocs** are the connected components of the alliance graph: groups
  linked by a chain of alliances. **Brokers** hold a bloc together:
  betweenness (Freeman 1977) is the share of shortest alliance paths between
  other groups that pass through a group.
- **Structural balance** (Heider 1946; Cartwright & Harary 1956): a triangle
  of three tied groups is balanced when it has an even number of rivalries
  (friend of a friend is a friend; the enemy of my enemy is my friend).
  ``shuffled_signs`` deals the kinds of tie out again at random, so that a
  lesson can ask how often chance alone gives a balanced share as high.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from cartel_lab.network import SUPER_CARTELS, check_group, graph, groups, tie_ends, ties

GROUP_COLUMNS = ["group_id", "name", "short_name", "state"]
MEASURE_COLUMNS = ["allies", "rivals", "alliance_strength", "rivalry_strength", "strength"]

# The four kinds of signed triangle, by the number of alliances in them.
TRIANGLE_PATTERNS = {
    3: ("3 alliances", "the friend of my friend is my friend", "balanced"),
    1: ("1 alliance, 2 rivalries", "the enemy of my enemy is my friend", "balanced"),
    2: ("2 alliances, 1 rivalry", "my friend's friend is my enemy", "unbalanced"),
    0: ("3 rivalries", "three groups all at war", "unbalanced"),
}
MIXED = "a pair both allied and rival"
UNCLEAR = "unclear"


def group_measures(ties_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per group (all 150): allies, rivals, their strengths and total strength.

    ``allies`` and ``rivals`` are degrees (how many ties of each kind);
    ``alliance_strength`` and ``rivalry_strength`` add the weights of those
    ties; ``strength`` is their sum. Sorted by strength, strongest first.
    """
    ends = tie_ends(ties_frame)
    counts = ends.pivot_table(
        index="group", columns="tie", values="weight", aggfunc=["count", "sum"], fill_value=0
    )
    table = groups()[GROUP_COLUMNS].set_index("group_id")
    for kind, degree in (("alliance", "allies"), ("rivalry", "rivals")):
        for how, column in (("count", degree), ("sum", f"{kind}_strength")):
            values = counts[(how, kind)] if (how, kind) in counts.columns else 0
            table[column] = pd.Series(values).reindex(table.index).fillna(0).astype(int)
    table["strength"] = table["alliance_strength"] + table["rivalry_strength"]
    return (
        table.reset_index()
        .sort_values(["strength", "group_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def top_groups(ties_frame: pd.DataFrame, n: int = 10, by: str = "strength") -> pd.DataFrame:
    """The ``n`` groups with the largest ``by`` (a column of ``group_measures``)."""
    if by not in MEASURE_COLUMNS:
        raise ValueError(f"by must be one of {', '.join(MEASURE_COLUMNS)}, not {by!r}.")
    table = group_measures(ties_frame)
    return table.sort_values([by, "group_id"], ascending=[False, True]).head(n)


def _partners(ties_frame: pd.DataFrame, group_id: str, tie: str) -> pd.DataFrame:
    check_group(group_id)
    ends = tie_ends(ties_frame)
    chosen = ends[(ends["group"] == group_id) & (ends["tie"] == tie)]
    table = groups()[GROUP_COLUMNS].merge(
        chosen[["other", "weight"]], left_on="group_id", right_on="other"
    )
    return (
        table.drop(columns="other")
        .sort_values(["weight", "group_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def allies(ties_frame: pd.DataFrame, group_id: str) -> pd.DataFrame:
    """The allies of ``group_id``: group_id, name, short_name, state, weight (strongest first)."""
    return _partners(ties_frame, group_id, "alliance")


def rivals(ties_frame: pd.DataFrame, group_id: str) -> pd.DataFrame:
    """The rivals of ``group_id``: group_id, name, short_name, state, weight (strongest first)."""
    return _partners(ties_frame, group_id, "rivalry")


def shared_rivals(ties_frame: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Groups that are rivals of both ``first`` and ``second``, with both weights."""
    one, two = rivals(ties_frame, first), rivals(ties_frame, second)
    both = one.merge(two[["group_id", "weight"]], on="group_id", suffixes=("_1", "_2"))
    return both.rename(columns={"weight_1": f"weight_{first}", "weight_2": f"weight_{second}"})


def blocs(ties_frame: pd.DataFrame) -> pd.DataFrame:
    """Each group's bloc: group_id, name, bloc (1 = largest), bloc_size.

    A bloc is a connected component of the alliance graph; a group with no
    ally is a bloc of one. Blocs are numbered by size, then by smallest id.
    """
    components = sorted(
        nx.connected_components(graph(ties_frame, "alliance")),
        key=lambda members: (-len(members), min(members)),
    )
    rows = [
        (group_id, number, len(members))
        for number, members in enumerate(components, start=1)
        for group_id in members
    ]
    table = pd.DataFrame(rows, columns=["group_id", "bloc", "bloc_size"])
    return groups()[["group_id", "name"]].merge(table, on="group_id")


def bloc_summary(ties_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per bloc of two or more groups: bloc, groups, strongest member (by strength)."""
    members = blocs(ties_frame).merge(
        group_measures(ties_frame)[["group_id", "strength"]], on="group_id"
    )
    members = members[members["bloc_size"] >= 2].sort_values(
        ["bloc", "strength", "group_id"], ascending=[True, False, True]
    )
    first = members.groupby("bloc").first()
    return pd.DataFrame(
        {
            "bloc": first.index,
            "groups": first["bloc_size"].to_numpy(),
            "strongest_member": first["name"].to_numpy(),
        }
    )


def brokers(ties_frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` groups with the highest betweenness in the alliance graph.

    ``betweenness`` is the share (0-1) of shortest alliance paths between two
    other groups that pass through this one; ``pieces_without`` is how many
    pieces its bloc falls into if it is removed (1: the bloc holds together).
    """
    alliances = graph(ties_frame, "alliance")
    scores = nx.betweenness_centrality(alliances)
    top = sorted(scores, key=lambda group_id: (-scores[group_id], group_id))[:n]
    bloc_of = blocs(ties_frame).set_index("group_id")["bloc"]
    rows = []
    for group_id in top:
        bloc = nx.node_connected_component(alliances, group_id) - {group_id}
        pieces = nx.number_connected_components(alliances.subgraph(bloc)) if bloc else 0
        rows.append((group_id, int(bloc_of[group_id]), round(scores[group_id], 4), pieces))
    table = pd.DataFrame(rows, columns=["group_id", "bloc", "betweenness", "pieces_without"])
    return (
        groups()[["group_id", "name"]]
        .merge(table, on="group_id")
        .sort_values(["betweenness", "group_id"], ascending=[False, True], ignore_index=True)
    )


def _signs(ties_frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    """+1 alliance, -1 rivalry, 0 where a pair is coded as both, per (group_a, group_b)."""
    signs: dict[tuple[str, str], int] = {}
    columns = (ties_frame[name].tolist() for name in ("group_a", "group_b", "tie"))
    for first, second, tie in zip(*columns, strict=True):
        pair = tuple(sorted((first, second)))
        sign = 1 if tie == "alliance" else -1
        signs[pair] = sign if signs.get(pair, sign) == sign else 0
    return signs


@cache
def _trios(pairs: frozenset[tuple[str, str]]) -> tuple[tuple[str, str, str], ...]:
    """Every triangle of the network whose tied pairs are ``pairs``, each as three sorted ids.

    Cached: a shuffle of the kinds of tie keeps the pairs, so a permutation
    test finds the triangles once, not once per shuffle.
    """
    network = nx.Graph(list(pairs))
    found = []
    for clique in nx.enumerate_all_cliques(network):
        if len(clique) > 3:
            break
        if len(clique) == 3:
            found.append(tuple(sorted(clique)))
    return tuple(sorted(found))


def _signed_trios(ties_frame: pd.DataFrame) -> list[tuple[tuple[str, str, str], list[int]]]:
    """Each triangle with the signs of its three pairs (+1, -1, or 0 for a pair coded both)."""
    signs = _signs(ties_frame)
    return [
        (trio, [signs[pair] for pair in combinations(trio, 2)]) for trio in _trios(frozenset(signs))
    ]


def triangles(ties_frame: pd.DataFrame) -> pd.DataFrame:
    """Every triangle (three groups, each pair tied): its alliances, pattern and verdict.

    ``verdict`` is "balanced" or "unbalanced" by Cartwright & Harary's rule (an
    even number of rivalries is balanced), and "unclear" when a pair in it is
    coded both allied and rival, so its sign cannot be read.
    """
    rows = []
    for trio, values in _signed_trios(ties_frame):
        if 0 in values:
            rows.append((*trio, pd.NA, MIXED, UNCLEAR))
        else:
            alliances_in = values.count(1)
            pattern, _, verdict = TRIANGLE_PATTERNS[alliances_in]
            rows.append((*trio, alliances_in, pattern, verdict))
    table = pd.DataFrame(
        rows, columns=["group_1", "group_2", "group_3", "alliances", "pattern", "verdict"]
    )
    table["alliances"] = table["alliances"].astype("Int64")
    return table.sort_values(["group_1", "group_2", "group_3"], ignore_index=True)


def balance_counts(ties_frame: pd.DataFrame) -> pd.DataFrame:
    """How many triangles of each pattern: pattern, reading, verdict, triangles."""
    counted = triangles(ties_frame)["pattern"].value_counts()
    rows = [
        (pattern, reading, verdict, int(counted.get(pattern, 0)))
        for pattern, reading, verdict in TRIANGLE_PATTERNS.values()
    ]
    rows.append((MIXED, "the sign of a pair cannot be read", UNCLEAR, int(counted.get(MIXED, 0))))
    return pd.DataFrame(rows, columns=["pattern", "reading", "verdict", "triangles"])


def chance_balanced_share(ties_frame: pd.DataFrame) -> float:
    """The share of triangles that would be balanced if signs were dealt at random.

    With a share ``p`` of alliances among the pairs of clear sign, a random
    triangle is balanced with probability p³ + 3p(1-p)²: the yardstick that
    tells whether the network leans towards balance.
    """
    values = [sign for sign in _signs(ties_frame).values() if sign != 0]
    p = values.count(1) / len(values)
    return p**3 + 3 * p * (1 - p) ** 2


def balanced_share(ties_frame: pd.DataFrame) -> float:
    """The share (0-1) of triangles whose signs can be read that are balanced."""
    readable_signs = [values for _, values in _signed_trios(ties_frame) if 0 not in values]
    balanced = sum(values.count(-1) % 2 == 0 for values in readable_signs)
    return balanced / len(readable_signs)


def shuffled_signs(ties_frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The same ties with their kinds dealt out again at random: a permutation test's null.

    Every pair keeps its place and weight; the kinds (alliance or rivalry) of
    the pairs with one clear kind are shuffled among those pairs, so the
    network keeps its shape and its number of alliances and rivalries. Pairs
    coded both allied and rival stay so. ``seed`` fixes the shuffle: the same
    seed gives the same table in every run.
    """
    signs = _signs(ties_frame)
    clear = sorted(pair for pair, sign in signs.items() if sign != 0)
    dealt = np.random.default_rng(seed).permutation([signs[pair] for pair in clear])
    kind = {
        pair: "alliance" if sign == 1 else "rivalry"
        for pair, sign in zip(clear, dealt, strict=True)
    }
    shuffled = ties_frame.copy()
    columns = (shuffled[name].tolist() for name in ("group_a", "group_b", "tie"))
    ends = zip(*columns, strict=True)
    shuffled["tie"] = [kind.get(tuple(sorted((a, b))), tie) for a, b, tie in ends]
    return shuffled


def headline_measures(ties_frame: pd.DataFrame, pair: tuple[str, str]) -> dict[str, int]:
    """The measures a merger of ``pair`` might change, each a whole number."""
    first, second = pair
    bloc_table = blocs(ties_frame).drop_duplicates("bloc")
    balance = balance_counts(ties_frame).groupby("verdict")["triangles"].sum()
    either = set(rivals(ties_frame, first)["group_id"]) | set(
        rivals(ties_frame, second)["group_id"]
    )
    return {
        "alliance ties": int((ties_frame["tie"] == "alliance").sum()),
        "rivalry ties": int((ties_frame["tie"] == "rivalry").sum()),
        "blocs of 2+ groups": int((bloc_table["bloc_size"] >= 2).sum()),
        "groups in the largest bloc": int(bloc_table["bloc_size"].max()),
        "rivals of the pair (either)": len(either - {first, second}),
        "rivals the pair shares": len(shared_rivals(ties_frame, first, second)),
        "balanced triangles": int(balance.get("balanced", 0)),
        "unbalanced triangles": int(balance.get("unbalanced", 0)),
    }


def merger_comparison(scenario: str = "Sinaloa + CJNG") -> pd.DataFrame:
    """Before and after a super-cartel: measure, before, after, change, change_pct.

    "The pair" is the two groups the scenario joins. ``change_pct`` is the
    change as a percentage of the value before, to one decimal.
    """
    pair = SUPER_CARTELS.get(scenario)
    if pair is None:
        choices = ", ".join(repr(name) for name, joined in SUPER_CARTELS.items() if joined)
        raise ValueError(f"{scenario!r} is not a merger scenario; choose one of {choices}.")
    before = headline_measures(ties("none"), pair)
    after = headline_measures(ties(scenario), pair)
    table = pd.DataFrame(
        {"measure": list(before), "before": list(before.values()), "after": list(after.values())}
    )
    table["change"] = table["after"] - table["before"]
    table["change_pct"] = (100 * table["change"] / table["before"]).round(1)
    return table
