"""The 2020 cartel network as numbers: who is allied with whom, who fights whom.

Groups come from ``cartel_groups`` and ties from ``cartel_ties`` (the
replication data of Prieto-Curiel, Campedelli & Hope, *Science* 2023). Ties
are undirected, one row per pair and kind, with the larger weight where the
source listed the two directions differently.

The super-cartel is the module's own scenario, not data: two groups stop
being rivals and become allies at the network's largest alliance weight.
Lesson 03 measures what that changes in the network and lesson 04 feeds the
same merged ties to the recruitment model, so there is one merger function.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cartel_lab.data import load

SINALOA = "N10013"
CJNG = "N10025"
CHAPITOS = "N10091"

# The scenarios lessons 03 and 04 offer: no merger, or one of two mergers.
SUPER_CARTELS: dict[str, tuple[str, str] | None] = {
    "none": None,
    "Sinaloa + CJNG": (SINALOA, CJNG),
    "Los Chapitos + CJNG": (CHAPITOS, CJNG),
}


def groups() -> pd.DataFrame:
    """The 150 groups, in the order of their ids (N10001 first)."""
    return load("cartel_groups").sort_values("group_id").reset_index(drop=True)


def ties(scenario: str = "none") -> pd.DataFrame:
    """The undirected ties (group_a, group_b, tie, weight) under a super-cartel scenario.

    ``scenario`` is a key of ``SUPER_CARTELS``; ``"none"`` gives the 2020 data.
    """
    if scenario not in SUPER_CARTELS:
        raise ValueError(
            f"{scenario!r} is not a scenario; choose one of {', '.join(map(repr, SUPER_CARTELS))}."
        )
    observed = load("cartel_ties").loc[:, ["group_a", "group_b", "tie", "weight"]]
    pair = SUPER_CARTELS[scenario]
    return observed if pair is None else merged(observed, *pair)


def _check_group(group_id: str, known: pd.Series) -> None:
    if group_id in set(known):
        return
    ids = sorted(known)
    nearest = sorted(ids, key=lambda other: (_distance(group_id, other), other))[:3]
    raise ValueError(
        f"{group_id!r} is not a group id. Ids run from {ids[0]} to {ids[-1]}; "
        f"the nearest are {', '.join(nearest)}."
    )


def _distance(one: str, other: str) -> int:
    """How far apart two ids are: by number when both end in digits, else by characters."""
    digits_one, digits_other = one.lstrip("N"), other.lstrip("N")
    if digits_one.isdigit() and digits_other.isdigit():
        return abs(int(digits_one) - int(digits_other))
    return sum(a != b for a, b in zip(one, other, strict=False)) + abs(len(one) - len(other))


def merged(ties_frame: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """The ties after ``first`` and ``second`` form a super-cartel.

    Any rivalry between the two is removed and their alliance (new, or an
    existing one) gets the largest alliance weight in ``ties_frame``. Every
    other tie is unchanged. An unknown id raises ``ValueError`` naming the
    nearest valid ids.
    """
    known = groups()["group_id"]
    _check_group(first, known)
    _check_group(second, known)
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


def weight_matrices(ties_frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric alliance and rivalry weight matrices (150 x 150), rows in ``groups()`` order.

    Entry (i, j) is the weight of the tie between groups i and j, 0 where
    there is none.
    """
    ids = groups()["group_id"]
    index = pd.Series(np.arange(len(ids)), index=ids)
    matrices = {}
    for kind in ("alliance", "rivalry"):
        chosen = ties_frame[ties_frame["tie"] == kind]
        i = index[chosen["group_a"]].to_numpy()
        j = index[chosen["group_b"]].to_numpy()
        weights = chosen["weight"].to_numpy(dtype=float)
        matrix = np.zeros((len(ids), len(ids)))
        matrix[i, j] = weights
        matrix[j, i] = weights
        matrices[kind] = matrix
    return matrices["alliance"], matrices["rivalry"]
