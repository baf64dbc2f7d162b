"""Lesson 04's "your turn" challenges: one line each, checked on the spot, counted in no submission."""

from __future__ import annotations

from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.model import compare_scenarios, conflict_deaths_split, history, initial_state

_2021 = history().flows_in(468, 520)
_IN_2027 = compare_scenarios().set_index("scenario")["conflict_deaths"]
_BASELINE = float(_IN_2027["baseline (status quo)"])
_COMBINED = float(_IN_2027["recruitment halved and incapacitation doubled"])
_HALVED = float(_IN_2027["recruitment halved"])


def _lost_2021() -> float:
    return float(_2021["conflict_deaths"] + _2021["incapacitated"])


def _base_share(state: object = None) -> float:
    split = conflict_deaths_split(state)
    return float(split["base level only"] / split["with rivalries"])


CHALLENGES = Exercise(
    number="04",
    title="Lesson 04: your turn",
    questions=(
        Question(
            id="04.a",
            answer_name="lost_2021",
            answer_type=Number(what="a number of members", rel_tol=0.01),
            hint="Add the two losses in flows_2021: conflict_deaths and incapacitated.",
            computed_key=_lost_2021,
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, _2021["conflict_deaths"]),
                    hint="Members are lost two ways: conflict deaths and incapacitation. Add both.",
                    example=lambda key: float(_2021["conflict_deaths"]),
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, key + _2021["saturation_exits"]),
                    hint="Saturation exits are already netted out of net_recruitment: the "
                    "question asks for the two losses, conflict deaths and incapacitation.",
                    example=lambda key: key + float(_2021["saturation_exits"]),
                ),
            ),
        ),
        Question(
            id="04.b",
            answer_name="deaths_saved",
            answer_type=Number(what="conflict deaths per week", rel_tol=0.01),
            hint="In scenarios, take conflict_deaths of the baseline row minus conflict_deaths of "
            "the row 'recruitment halved and incapacitation doubled'.",
            computed_key=lambda: _BASELINE - _COMBINED,
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, _BASELINE - _HALVED),
                    hint="That is recruitment halved alone. The question asks about doing both: "
                    "the row 'recruitment halved and incapacitation doubled'.",
                    example=lambda key: _BASELINE - _HALVED,
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, -key),
                    hint="Baseline minus scenario: fewer deaths saved gives a positive number.",
                    example=lambda key: -key,
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, _COMBINED),
                    hint="That is the scenario's own weekly deaths. How many fewer than the "
                    "baseline is that? Subtract.",
                    example=lambda key: _COMBINED,
                ),
            ),
        ),
        Question(
            id="04.c",
            answer_name="base_share_2012",
            answer_type=Number(what="a share between 0 and 1", rel_tol=0.01),
            hint="split_2012 = conflict_deaths_split(initial_state()); then divide its "
            "'base level only' by its 'with rivalries'.",
            computed_key=lambda: _base_share(initial_state()),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, _base_share()),
                    hint="That is the share in 2022 (the lesson's example). Give "
                    "conflict_deaths_split the 2012 state: initial_state().",
                    example=lambda key: _base_share(),
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, 1 - key),
                    hint="That is the share that comes from rivalries. The question asks for the "
                    "base level's share: 'base level only' / 'with rivalries'.",
                    example=lambda key: 1 - key,
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, 100 * key),
                    hint="That is a percentage. Give a share between 0 and 1.",
                    example=lambda key: 100 * key,
                ),
            ),
        ),
    ),
)
check = CHALLENGES.check
