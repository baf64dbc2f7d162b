"""Every anticipated mistake names only its own mistake.

A ``Mistake`` gives a specific diagnosis ("that is a percentage", "that is one
year's deaths"), so it must fire for the value its mistake really produces
(its ``example``) and for no other: not for the right answer, and not for the
examples of the same question's other mistakes, which are the nearby wrong
values a student really reaches. (Issue 17 found a range over all scopes told
"that is one year's deaths".) ``test_exercises.py`` checks that each example
reaches its own hint through the check; this also checks values a rounding
away from it, and that no other mistake's value is told this hint.
"""

from __future__ import annotations

from typing import Any

import pytest

from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Question
from cartel_lab.feedback import Status
from tests.exercise_modules import challenge_modules, exercise_modules


def _cases() -> list[tuple[Exercise, Question, int]]:
    exercises = [module.EXERCISE for module in exercise_modules()]
    exercises += [module.CHALLENGES for module in challenge_modules()]
    return [
        (exercise, question, index)
        for exercise in exercises
        for question in exercise.questions
        for index in range(len(question.mistakes))
    ]


def _nearby(question: Question, value: Any) -> list[Any]:
    """Values a student reaches by the same mistake: a measured quantity, rounded a little."""
    kind = question.answer_type
    number = float(value) if isinstance(kind, Number) else 0.0
    if not isinstance(kind, Number) or kind.counts_things() or number.is_integer():
        return [value]  # counts, years and labels are exact
    return [value, number * (1 + kind.rel_tol / 2), number * (1 - kind.rel_tol / 2)]


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].number}-{c[1].id}-mistake{c[2] + 1}")
def test_a_mistake_is_named_for_its_own_values_and_no_others(
    case: tuple[Exercise, Question, int],
) -> None:
    """What the student sees: this mistake's hint for its value (and values close to it), and
    for the key or another mistake's value, never this hint."""
    exercise, question, index = case
    key = exercise.key(question)
    mistake = question.mistakes[index]

    def hint_for(value: Any) -> str:
        result = exercise.check(question.id, namespace={question.answer_name: value})
        return result.hint

    for value in _nearby(question, mistake.example(key)):
        assert hint_for(value) == mistake.hint, (
            f"{question.id}: {value!r}, mistake {index + 1}'s value, is not told its hint"
        )
    assert exercise.accepts(question, key)
    for other_index, other in enumerate(question.mistakes):
        if other_index == index:
            continue
        for value in _nearby(question, other.example(key)):
            assert hint_for(value) != mistake.hint, (
                f"{question.id}: the value of mistake {other_index + 1} ({value!r}) is told "
                f"mistake {index + 1}'s hint: {mistake.hint[:70]}..."
            )


def _number_questions() -> list[tuple[Exercise, Question]]:
    exercises = [module.EXERCISE for module in exercise_modules()]
    exercises += [module.CHALLENGES for module in challenge_modules()]
    return [
        (exercise, question)
        for exercise in exercises
        for question in exercise.questions
        if isinstance(question.answer_type, Number)
    ]


@pytest.mark.parametrize("case", _number_questions(), ids=lambda c: f"{c[0].number}-{c[1].id}")
def test_a_number_three_percent_off_is_never_passed(case: tuple[Exercise, Question]) -> None:
    """A tolerance is for rounding (at most 1 %): a value 3 % off the key is told it is wrong."""
    exercise, question = case
    key = float(exercise.key(question))
    for wrong in (key * 1.03, key * 0.97) if key else (0.03, -0.03):
        result = exercise.check(question.id, namespace={question.answer_name: wrong})
        assert result.status in (Status.WRONG_VALUE, Status.COMMON_MISTAKE), (
            f"{question.id}: {wrong!r} (3 % off the key) gave {result}"
        )
