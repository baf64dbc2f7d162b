"""Lesson 06's "your turn" challenges: the op-ed's mapping, the kingpin studies, a re-weighted verdict.

Their keys are computed from the data package, so they follow the data; they
count in no submission.
"""

from __future__ import annotations

from functools import partial

from cartel_lab import analogy
from cartel_lab.answer_types import IdSet, Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.data import load

_DIMENSION_IDS = tuple(analogy.dimension_names())


def _dimensions_of_line(line_id: str) -> list[str]:
    mapping = analogy.op_ed_mapping()
    return mapping.loc[mapping["line_id"] == line_id, "dimension_id"].tolist()


def _studies_finding_more_violence() -> int:
    studies = load("kingpin_studies")
    return int(studies.loc[studies["direction"] == "increase", "study"].nunique())


def _rows_finding_more_violence() -> int:
    studies = load("kingpin_studies")
    return int((studies["direction"] == "increase").sum())


def _without_demand() -> float:
    weights = analogy.example_weights()
    weights["D08"] = 0
    return analogy.weighted_similarity(analogy.example_ratings(), weights)


def _unnormalised_without_demand() -> float:
    weights = analogy.example_weights()
    weights["D08"] = 0
    ratings = analogy.example_ratings()
    return float(sum(weights[d] * ratings[d] for d in ratings))


_close = partial(near, tolerance=0.005)


QUESTIONS = (
    Question(
        id="06.a",
        answer_name="l1_dimensions",
        answer_type=IdSet(valid=_DIMENSION_IDS, example="['D01', 'D02']"),
        hint="Keep the rows of op_ed_mapping() whose line_id is 'L1', then take their "
        "dimension_id as a list.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == frozenset(analogy.unused_dimensions()),
                hint="Those are the dimensions no line uses. The question asks which dimensions "
                "line L1 relies on.",
                example=lambda key: analogy.unused_dimensions(),
            ),
            Mistake(
                applies=lambda answer, key: len(answer) > 2 * len(key),
                hint="That is nearly every dimension: keep only the rows where line_id == 'L1'.",
                example=lambda key: [
                    d for d in _DIMENSION_IDS if d not in analogy.unused_dimensions()
                ],
            ),
        ),
        computed_key=lambda: _dimensions_of_line("L1"),
    ),
    Question(
        id="06.b",
        answer_name="studies_finding_more_violence",
        answer_type=Number(what="a number of studies"),
        hint="Keep the rows with direction == 'increase', then count the different values of "
        "the study column with .nunique().",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _rows_finding_more_violence(),
                hint="That counts rows (findings). Some studies report two findings: count the "
                "different studies with .nunique() on the study column.",
                example=lambda key: _rows_finding_more_violence(),
            ),
        ),
        computed_key=_studies_finding_more_violence,
    ),
    Question(
        id="06.c",
        answer_name="without_demand",
        answer_type=Number(what="a weighted similarity on the 0-4 scale", rel_tol=0.005),
        hint="Copy example_weights(), set the weight of 'D08' to 0, and give "
        "weighted_similarity the example ratings and your new weights.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _close(answer, _unnormalised_without_demand()),
                hint="That is the sum of weight × rating. A weighted similarity divides it by the "
                "sum of the weights, so it stays on the 0-4 scale.",
                example=lambda key: _unnormalised_without_demand(),
            ),
            Mistake(
                applies=lambda answer, key: _close(
                    answer, _unnormalised_without_demand() / sum(analogy.example_weights().values())
                ),
                hint="You divided by the old total weight. With D08's weight at 0, the total "
                "weight is smaller too: divide by the new sum of the weights.",
                example=lambda key: (
                    _unnormalised_without_demand() / sum(analogy.example_weights().values())
                ),
            ),
        ),
        computed_key=_without_demand,
    ),
)

CHALLENGES = Exercise(number="06", title="Testing the analogy (in-lesson)", questions=QUESTIONS)
check = CHALLENGES.check
