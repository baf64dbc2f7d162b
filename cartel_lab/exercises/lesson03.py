"""Lesson 03's "your turn" challenges: one line each, checked on the spot, counted in no submission.

In the lesson: ``from cartel_lab.exercises.lesson03 import check``, then
``check("03.a")`` after the stub cell. Each key is computed from the data.
"""

from __future__ import annotations

from functools import cache

from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Mistake, Question
from cartel_lab.network import CHAPITOS, CJNG, ties
from cartel_lab.network_measures import balanced_share, group_measures, rivals, shuffled_signs

SHUFFLES = 1000  # as many as the lesson's permutation test
SCENARIO = "Sinaloa + CJNG"

_RIVALS = group_measures(ties())["rivals"]
_RIVALS_OF_CJNG = frozenset(rivals(ties(), CJNG)["group_id"])
_RIVALS_OF_CHAPITOS = frozenset(rivals(ties(), CHAPITOS)["group_id"])


@cache
def _shuffled_shares(scenario: str) -> tuple[float, ...]:
    """The balanced share of each of the lesson's shuffles (seeds 0-999) of a scenario's ties."""
    network = ties(scenario)
    return tuple(balanced_share(shuffled_signs(network, seed)) for seed in range(SHUFFLES))


def _at_least(scenario: str, observed: float, strictly: bool = False) -> int:
    """How many shuffles of ``scenario`` reach ``observed`` (or pass it, ``strictly``)."""
    shares = _shuffled_shares(scenario)
    return sum(share > observed if strictly else share >= observed for share in shares)


def _scenario_key() -> int:
    return _at_least(SCENARIO, balanced_share(ties(SCENARIO)))


CHALLENGES = Exercise(
    number="03",
    title="Cartels as a network: your turn",
    questions=(
        Question(
            id="03.a",
            answer_name="one_rival",
            answer_type=Number(what="a whole number of groups", rel_tol=1e-9),
            hint="Compare the rivals column of measures with 1 (==), then .sum() counts the Trues.",
            computed_key=lambda: int((_RIVALS == 1).sum()),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: answer == int((_RIVALS > 0).sum()),
                    hint="That counts the groups with at least one rival. The question asks for "
                    "exactly one: == 1.",
                    example=lambda key: int((_RIVALS > 0).sum()),
                ),
                Mistake(
                    applies=lambda answer, key: answer == int((_RIVALS == 0).sum()),
                    hint="That is the lesson's example, the groups with no rival (== 0). Change "
                    "the number you compare with.",
                    example=lambda key: int((_RIVALS == 0).sum()),
                ),
            ),
        ),
        Question(
            id="03.b",
            answer_name="rivals_of_either",
            answer_type=Number(what="a whole number of groups", rel_tol=1e-9),
            hint="Make the set of each group's rival ids, keep what is in either with |, and "
            "count it with len(...).",
            computed_key=lambda: len(_RIVALS_OF_CJNG | _RIVALS_OF_CHAPITOS),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: (
                        answer == len(_RIVALS_OF_CJNG) + len(_RIVALS_OF_CHAPITOS)
                    ),
                    hint="Adding the two counts counts the rival they share twice. Join the two "
                    "sets with | and count the result.",
                    example=lambda key: len(_RIVALS_OF_CJNG) + len(_RIVALS_OF_CHAPITOS),
                ),
                Mistake(
                    applies=lambda answer, key: (
                        answer == len(_RIVALS_OF_CJNG & _RIVALS_OF_CHAPITOS) != key
                    ),
                    hint="& keeps the rivals they share; the question asks for the rivals of "
                    "either: |.",
                    example=lambda key: len(_RIVALS_OF_CJNG & _RIVALS_OF_CHAPITOS),
                ),
                Mistake(
                    applies=lambda answer, key: answer == len(_RIVALS_OF_CJNG),
                    hint="That is CJNG's rivals alone; add Los Chapitos' with |.",
                    example=lambda key: len(_RIVALS_OF_CJNG),
                ),
            ),
        ),
        Question(
            id="03.c",
            answer_name="scenario_as_balanced",
            answer_type=Number(what="a whole number of shuffles (out of 1,000)", rel_tol=1e-9),
            hint="Repeat the lesson's loop with joined instead of network, and compare each "
            "shuffled share with balanced_share(joined), the scenario's own share (>=).",
            computed_key=_scenario_key,
            mistakes=(
                Mistake(
                    applies=lambda answer, key: (
                        answer == _at_least(SCENARIO, balanced_share(ties())) != key
                    ),
                    hint="That compares the scenario's shuffles with the 2020 network's share. "
                    "Compare them with the scenario's own: balanced_share(joined).",
                    example=lambda key: _at_least(SCENARIO, balanced_share(ties())),
                ),
                Mistake(
                    applies=lambda answer, key: (
                        answer
                        == _at_least(SCENARIO, balanced_share(ties(SCENARIO)), strictly=True)
                        != key
                    ),
                    hint="Count the shuffles at least as balanced (>=), not only the more "
                    "balanced ones (>): a tie with the real share counts too.",
                    example=lambda key: _at_least(
                        SCENARIO, balanced_share(ties(SCENARIO)), strictly=True
                    ),
                ),
                Mistake(
                    applies=lambda answer, key: 0 < answer < 1 and round(answer * SHUFFLES) == key,
                    hint="That is the share of the shuffles; the question asks how many: the "
                    "count of Trues (.sum()), not their mean.",
                    example=lambda key: key / SHUFFLES,
                ),
            ),
        ),
    ),
)
check = CHALLENGES.check
