"""The 2020 cartel network as numbers: who is allied with whom, who fights whom.

Groups come from ``cartel_groups`` and ties from ``cartel_ties`` (the
replication data of Prieto-Curiel, Campedelli & Hope, *Science* 2023). Ties
are undirected, one row per pair and kind, with the larger weight where the
source listed the two directions differently.

The super-cartel is the module's own scenario, not data: two groups stop
being rivals and become allies at the network's largest alliance weight.
Lesson 03 measures what that changes in the network and lesson 04 feeds the
same merged ties to the recruitment model, so there is one merger function.
The measures themselves (degree, blocs, balance) are in ``network_measures``.
"""

from __future__ import annotations

import difflib
from functools import cache

import networkx as nx
import numpy as np
import pandas as pd

from cartel_lab.data import load

SINALOA = "N10013"
CJNG = "N10025"
CHAPITOS = "N10091"
# The groups table's ``state`` is one state where the group was reported, not a home base.
STATE_LABEL = "one state where reported"
STATE_UNITS = {"state": STATE_LABEL}  # for readable(..., units=STATE_UNITS)
TIE_KINDS = ("alliance", "rivalry")

# The scenarios lessons 03 and 04 offer: no merger, or one of two mergers.
SUPER_CARTELS: dict[str, tuple[str, str] | None] = {
    "none": None,
    "Sinaloa + CJNG": (SINALOA, CJNG),
    "Los Chapitos + CJNG": (CHAPITOS, CJNG),
}


@cache
def _groups() -> pd.DataFrame:
    return load("cartel_groups").sort_values("group_id").reset_index(drop=True)


def groups() -> pd.DataFrame:
    """The 150 groups, in the order of their ids (N10001 first)."""
    return _groups().copy()


def ties(scenario: str = "none") -> pd.DataFrame:
    """The undirected ties (group_a, group_b, tie, weight) under a super-cartel scenario.

    ``scenario`` is a key of ``SUPER_CARTELS``; ``"none"`` gives the 2020 data.
    """
    if scenario not in SUPER_CARTELS:
        raise ValueError(
            f"{scenario!r} is not a scenario; choose one of {', '.join(map(repr, SUPER_CARTELS))}."
        )
    observed = _observed_ties()
    pair = SUPER_CARTELS[scenario]
    return observed.copy() if pair is None else merged(observed, *pair)


@cache
def _observed_ties() -> pd.DataFrame:
    return load("cartel_ties").loc[:, ["group_a", "group_b", "tie", "weight"]]


def check_group(group_id: object) -> str:
    """Return ``group_id`` if it is one of the 150 ids; else a ``ValueError`` naming the nearest.

    A name instead of an id ("Sinaloa") is answered with the ids whose names
    contain or resemble it, so a student sees what to type.
    """
    table = _groups()
    known = table["group_id"].tolist()
    if isinstance(group_id, str) and group_id in known:
        return group_id
    text = str(group_id).strip()
    ids = sorted(known, key=lambda other: (_distance(text, other), other))
    names = dict(zip(table["group_id"], table["name"], strict=True))
    by_name = [gid for gid, name in names.items() if text and text.lower() in name.lower()]
    close = difflib.get_close_matches(text.lower(), [n.lower() for n in names.values()], n=3)
    by_name += [gid for match in close for gid, name in names.items() if name.lower() == match]
    nearest = list(dict.fromkeys(by_name))[:3] if by_name else ids[:3]
    suggestions = ", ".join(f"{gid} ({names[gid]})" for gid in nearest)
    raise ValueError(
        f"{text!r} is not a group id. Ids run from {known[0]} to {known[-1]}; "
        f"the nearest are {suggestions}."
    )


def _distance(one: str, other: str) -> int:
    """How far apart two ids are: by number when both end in digits, else by characters."""
    digits_one, digits_other = one.upper().lstrip("N"), other.lstrip("N")
    if digits_one.isdigit() and digits_other.isdigit():
        return abs(int(digits_one) - int(digits_other))
    return sum(a != b for a, b in zip(one, other, strict=False)) + abs(len(one) - len(other))


def name_of(group_id: str) -> str:
    """The published (Spanish) name of a group, e.g. 'Cártel de Sinaloa' for N10013."""
    check_group(group_id)
    table = _groups()
    return str(table.loc[table["group_id"] == group_id, "name"].iloc[0])


def merged(ties_frame: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """The ties after ``first`` and ``second`` form a super-cartel.

    Any rivalry between the two is removed and their alliance (new, or an
    existing one) gets the largest alliance weight in ``ties_frame``. Every
    other tie is unchanged. An unknown id raises ``ValueError`` naming the
    nearest valid ids.
    """
    check_group(first)
    check_group(second)
    if first == second:
        raise ValueError("A super-cartel joins two different groups.")
    a, b = sorted((first, second))
    is_pair = (ties_frame["group_a"] == a) & (ties_frame["group_b"] == b)
    strongest = ties_frame.loc[ties_frame["tie"] == "alliance", "weight"].max()
    kept = ties_frame.loc[~is_pair]
    alliance = pd.DataFrame(
        {"group_a": [a], "group_b": [b], "tie": ["alliance"], "weight": [strongest]}
    ).astype(ties_frame.dtypes.to_dict())
    return (
        pd.concat([kept, alliance], ignore_index=True)
        .sort_values(["group_a", "group_b", "tie"])
        .reset_index(drop=True)
    )


def tie_ends(ties_frame: pd.DataFrame) -> pd.DataFrame:
    """Every tie seen from both of its ends: columns group, other, tie, weight.

    Each tie appears **twice** (once per end), so filtering on ``group`` gives
    one group's ties exactly once; counting all rows counts every tie twice.
    """
    columns = ["group", "other", "tie", "weight"]
    forward = ties_frame.rename(columns={"group_a": "group", "group_b": "other"})[columns]
    backward = ties_frame.rename(columns={"group_b": "group", "group_a": "other"})[columns]
    return (
        pd.concat([forward, backward], ignore_index=True)
        .sort_values(["group", "tie", "other"])
        .reset_index(drop=True)
    )


def graph(ties_frame: pd.DataFrame, tie: str = "alliance") -> nx.Graph:
    """A networkx graph of all 150 groups with the ties of one kind (``"any"``: both kinds).

    Nodes carry ``name`` and ``state``; edges carry ``weight`` (with
    ``"any"``, the larger weight where a pair is both allied and rival).
    """
    if tie not in (*TIE_KINDS, "any"):
        raise ValueError(f"tie must be 'alliance', 'rivalry' or 'any', not {tie!r}.")
    network = nx.Graph()
    for row in _groups().itertuples():
        network.add_node(row.group_id, name=row.name, state=row.state)
    chosen = ties_frame if tie == "any" else ties_frame[ties_frame["tie"] == tie]
    for row in chosen.sort_values("weight").itertuples():
        network.add_edge(row.group_a, row.group_b, weight=int(row.weight))
    return network


def weight_matrices(ties_frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric alliance and rivalry weight matrices (150 x 150), rows in ``groups()`` order.

    Entry (i, j) is the weight of the tie between groups i and j, 0 where
    there is none.
    """
    ids = _groups()["group_id"]
    index = pd.Series(np.arange(len(ids)), index=ids)
    matrices = {}
    for kind in TIE_KINDS:
        chosen = ties_frame[ties_frame["tie"] == kind]
        i = index[chosen["group_a"]].to_numpy()
        j = index[chosen["group_b"]].to_numpy()
        weights = chosen["weight"].to_numpy(dtype=float)
        matrix = np.zeros((len(ids), len(ids)))
        matrix[i, j] = weights
        matrix[j, i] = weights
        matrices[kind] = matrix
    return matrices["alliance"], matrices["rivalry"]
