"""Lesson 06's topic: the analogy matrix, a weighted verdict on it, and what would flip it.

The matrix (``analogy_dimensions`` and ``analogy_matrix``) puts ISIS and
Mexico's cartels side by side on each dimension that matters for the op-ed's
policy conclusion, with the evidence for each description. The descriptions,
the example ratings and the example weights are the module's authors'
judgement (authored, not measured): a student replaces them with their own.

A verdict here is arithmetic on judgements: each dimension gets a similarity
rating (0 = not alike at all, 4 = alike) and a weight (how much it matters
for the policy, 0-4). The weighted similarity is the weighted mean rating,
``sum(weight * rating) / sum(weight)``, on the same 0-4 scale. At or above
``THRESHOLD`` the analogy "mostly holds"; below it, it "mostly breaks". The
flip analysis says, for each dimension, which weight (all others fixed) would
put the score exactly on the threshold, so a student sees how much the
verdict depends on each of their own judgements.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pandas as pd

from cartel_lab.data import load, table_names

SCALE = (0, 4)
#: The middle of the 0-4 scale: at or above it, the two cases are more alike than not.
THRESHOLD = 2.0
HOLDS = "the analogy mostly holds"
BREAKS = "the analogy mostly breaks"
SIDES = ("isis", "cartels")
NO_EVIDENCE = "no evidence in the package"


def dimensions() -> pd.DataFrame:
    """The dimensions of comparison (AUTHORED), with the op-ed's lines that rely on each."""
    return load("analogy_dimensions")


@cache
def _names() -> tuple[tuple[str, str], ...]:
    frame = dimensions()
    return tuple(zip(frame["dimension_id"], frame["dimension"], strict=True))


def dimension_names() -> dict[str, str]:
    """``{"D01": "goal and motive", ...}``, in order (read once: the explorer asks often)."""
    return dict(_names())


def matrix() -> pd.DataFrame:
    """The matrix in long form: one row per dimension and side, with its description and evidence.

    ``evidence`` is empty where the package holds none; ``evidence_shown`` then
    says so in words, so a reader never mistakes a blank for a gap in the table.
    """
    frame = load("analogy_matrix").merge(
        dimensions()[["dimension_id", "dimension"]], on="dimension_id"
    )
    frame["evidence_shown"] = frame["evidence"].str.replace(";", "; ").fillna(NO_EVIDENCE)
    return frame[["dimension_id", "dimension", "side", "description", "evidence", "evidence_shown"]]


def side_by_side() -> pd.DataFrame:
    """One row per dimension: ISIS's description, then the cartels', each with its evidence."""
    long = matrix()
    parts = []
    for side in SIDES:
        part = long.loc[long["side"] == side, ["dimension_id", "description", "evidence_shown"]]
        parts.append(
            part.rename(
                columns={"description": side, "evidence_shown": f"{side}_evidence"}
            ).set_index("dimension_id")
        )
    wide = dimensions()[["dimension_id", "dimension"]].set_index("dimension_id")
    return wide.join(parts[0]).join(parts[1]).reset_index()


def evidence(dimension_id: str, side: str) -> list[str]:
    """The references a cell of the matrix cites: ``["us_overdose_deaths:8", "S204"]``."""
    _known_dimensions([dimension_id])
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}.")
    long = load("analogy_matrix")
    cell = long.loc[(long["dimension_id"] == dimension_id) & (long["side"] == side), "evidence"]
    text = cell.iloc[0]
    return [] if pd.isna(text) else str(text).split(";")


def cited_row(reference: str) -> pd.DataFrame:
    """The row a ``table:row`` reference points to (row 1 = the table's first data row).

    A ``ValueError`` names what is wrong when the table or the row does not exist.
    """
    table, sep, row = str(reference).partition(":")
    if not sep or not row.isdigit():
        raise ValueError(
            f"{reference!r} is not a table:row reference (like 'us_overdose_deaths:8')."
        )
    if table not in table_names():
        raise ValueError(f"{reference!r}: there is no table called {table!r} in the package.")
    frame = load(table)
    number = int(row)
    if not 1 <= number <= len(frame):
        raise ValueError(
            f"{reference!r}: {table} has rows 1 to {len(frame)}, so there is no row {number}."
        )
    return frame.iloc[[number - 1]].reset_index(drop=True)


def broken_references() -> list[str]:
    """Every reference in the matrix whose table, row or source does not exist (for the tests)."""
    known_sources = set(load("sources")["source_id"])
    broken = []
    for text in load("analogy_matrix")["evidence"].dropna():
        for reference in str(text).split(";"):
            if ":" not in reference:
                if reference not in known_sources:
                    broken.append(reference)
                continue
            try:
                cited_row(reference)
            except ValueError:
                broken.append(reference)
    return broken


def op_ed_mapping() -> pd.DataFrame:
    """Which of the op-ed's analogy lines rely on which dimension: one row per pair.

    A dimension no line relies on appears once with an empty ``line_id``.
    """
    lines = load("analogy_lines").set_index("line_id")
    rows = []
    for _, dim in dimensions().iterrows():
        ids = [] if pd.isna(dim["line_ids"]) else str(dim["line_ids"]).split(";")
        for line_id in ids or [None]:
            rows.append(
                {
                    "dimension_id": dim["dimension_id"],
                    "dimension": dim["dimension"],
                    "line_id": line_id,
                    "isis_campaign": None
                    if line_id is None
                    else lines.loc[line_id, "isis_campaign"],
                }
            )
    return pd.DataFrame(rows)


def unused_dimensions() -> list[str]:
    """The dimensions the op-ed's analogy never relies on."""
    frame = dimensions()
    return frame.loc[frame["line_ids"].isna(), "dimension_id"].tolist()


def example_ratings() -> dict[str, int]:
    """AUTHORED EXAMPLE ratings (0-4) of how alike ISIS and the cartels are, per dimension."""
    frame = dimensions()
    return {d: int(r) for d, r in zip(frame["dimension_id"], frame["example_rating"], strict=True)}


def example_weights() -> dict[str, int]:
    """AUTHORED EXAMPLE weights (0-4) of how much each dimension matters for the policy."""
    frame = dimensions()
    return {d: int(w) for d, w in zip(frame["dimension_id"], frame["example_weight"], strict=True)}


def _known_dimensions(ids: list[str]) -> None:
    valid = list(dimension_names())
    unknown = [str(i) for i in ids if i not in valid]
    if unknown:
        raise ValueError(
            f"Unknown dimension{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}: "
            f"the dimensions are {', '.join(valid)} (see dimensions())."
        )


def _on_scale(values: Mapping[str, float], what: str) -> pd.Series:
    series = pd.Series(dict(values), dtype="float64")
    low, high = SCALE
    bad = series[(series < low) | (series > high) | series.isna()]
    if not bad.empty:
        shown = ", ".join(f"{k}={v:g}" for k, v in bad.items())
        raise ValueError(f"{what} must be between {low} and {high}; these are not: {shown}.")
    return series


def checked(
    ratings: Mapping[str, float], weights: Mapping[str, float]
) -> tuple[pd.Series, pd.Series]:
    """Ratings and weights as two Series over the same dimensions, or a clear ``ValueError``.

    Both must name the same known dimensions, hold numbers from 0 to 4, and the
    weights must not all be 0 (a weighted mean of nothing has no value).
    """
    ratings, weights = dict(ratings), dict(weights)
    _known_dimensions(list(ratings) + [w for w in weights if w not in ratings])
    if set(ratings) != set(weights):
        only_r = sorted(set(ratings) - set(weights))
        only_w = sorted(set(weights) - set(ratings))
        parts = []
        if only_r:
            parts.append(f"no weight for {', '.join(only_r)}")
        if only_w:
            parts.append(f"no rating for {', '.join(only_w)}")
        raise ValueError(
            "Ratings and weights must name the same dimensions: " + "; ".join(parts) + "."
        )
    if not ratings:
        raise ValueError("Give at least one dimension a rating and a weight.")
    order = [d for d in dimension_names() if d in ratings]
    r = _on_scale(ratings, "Ratings").loc[order]
    w = _on_scale(weights, "Weights").loc[order]
    if w.sum() == 0:
        raise ValueError(
            "The weights sum to zero, so nothing counts: give at least one dimension a weight above 0."
        )
    return r, w


def weighted_similarity(ratings: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The weighted mean rating, ``sum(weight * rating) / sum(weight)``, on the 0-4 scale."""
    r, w = checked(ratings, weights)
    return float((w * r).sum() / w.sum())


def verdict_for(score: float, threshold: float = THRESHOLD) -> str:
    """``HOLDS`` at or above the threshold, ``BREAKS`` below it."""
    return HOLDS if score >= threshold else BREAKS


def contributions(ratings: Mapping[str, float], weights: Mapping[str, float]) -> pd.DataFrame:
    """What drives the score: each dimension's share of the weight and its contribution.

    ``contribution`` = weight × rating ÷ total weight; the contributions add up
    to the weighted similarity, so the largest ones drive the verdict.
    """
    r, w = checked(ratings, weights)
    names = dimension_names()
    return pd.DataFrame(
        {
            "dimension_id": r.index,
            "dimension": [names[d] for d in r.index],
            "rating": r.to_numpy(),
            "weight": w.to_numpy(),
            "weight_share": (w / w.sum()).to_numpy(),
            "contribution": (w * r / w.sum()).to_numpy(),
        }
    )


def flip_weights(
    ratings: Mapping[str, float], weights: Mapping[str, float], threshold: float = THRESHOLD
) -> pd.DataFrame:
    """For each dimension, the weight (all other weights fixed) that puts the score on the threshold.

    Moving that dimension's weight past ``weight_to_flip`` flips the verdict.
    ``change`` is how far the weight must move (negative: lower it), and
    ``within_scale`` whether the needed weight lies on the 0-4 scale. Where no
    weight of that dimension can flip the verdict (its rating is on the
    threshold, or the other dimensions alone already decide it), both are NaN.
    """
    r, w = checked(ratings, weights)
    rows = []
    for dim in r.index:
        rest_w = w.drop(dim)
        rest_sum = float((rest_w * r.drop(dim)).sum())
        rest_total = float(rest_w.sum())
        needed = math.nan
        gap = r[dim] - threshold
        if gap != 0 and rest_total > 0:
            candidate = (threshold * rest_total - rest_sum) / gap
            if candidate >= 0:
                needed = candidate + 0.0  # 0 over a negative gap is -0.0, which prints "-0.0"
        rows.append(
            {
                "dimension_id": dim,
                "rating": r[dim],
                "weight": w[dim],
                "weight_to_flip": needed,
                "change": needed - w[dim],
                "within_scale": _flips_on_scale(r, w, dim, threshold),
            }
        )
    frame = pd.DataFrame(rows)
    frame.insert(1, "dimension", frame["dimension_id"].map(dimension_names()))
    return frame


def _flips_on_scale(r: pd.Series, w: pd.Series, dim: str, threshold: float) -> bool:
    """True when some weight of ``dim`` on the 0-4 scale gives the other verdict.

    The score moves steadily with one weight, so checking both ends of the scale
    is enough; a score landing exactly on the threshold still "holds".
    """
    now = verdict_for(float((w * r).sum() / w.sum()), threshold)
    for end in SCALE:
        moved = w.copy()
        moved[dim] = end
        if (
            moved.sum() > 0
            and verdict_for(float((moved * r).sum() / moved.sum()), threshold) != now
        ):
            return True
    return False


def single_flips(
    ratings: Mapping[str, float], weights: Mapping[str, float], threshold: float = THRESHOLD
) -> list[str]:
    """The dimensions whose weight alone, moved within 0-4, can flip the verdict."""
    flips = flip_weights(ratings, weights, threshold)
    return flips.loc[flips["within_scale"], "dimension_id"].tolist()
