"""The short "your turn" challenges inside lessons, tested like the exercises' questions.

A lesson NN that checks understanding as it goes has a module
``cartel_lab/exercises/lessonNN.py`` exporting ``CHALLENGES`` (an ``Exercise``
whose questions carry a ``computed_key``) and ``check``. Its answers count in
no submission. Each challenge must say "not attempted" to a blank answer,
reach each anticipated mistake's hint from that mistake's own example, and
pass the right answer; and its lesson must hold the stub and the check cell.
"""

from __future__ import annotations

import re

import pytest

from cartel_lab.checking import Exercise, Question
from cartel_lab.feedback import Status
from tests.exercise_modules import challenge_modules
from tools.notebooks import notebook_paths

MODULES = challenge_modules()
CASES = [(module, question) for module in MODULES for question in module.CHALLENGES.questions]


def _id(case: tuple[object, Question]) -> str:
    return case[1].id


def _lesson_source(number: str) -> str:
    paths = [path for path in notebook_paths("notebooks") if path.name.startswith(f"{number}-")]
    assert len(paths) == 1, f"no single lesson notebook numbered {number}"
    return paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_challenge_module_exports_its_challenges_and_no_submission(module: object) -> None:
    challenges = module.CHALLENGES
    assert isinstance(challenges, Exercise)
    assert challenges.questions, "a challenge module with no challenge"
    assert module.check.__self__ is challenges
    assert not hasattr(module, "submit"), "lesson challenges count in no submission"
    for question in challenges.questions:
        assert question.computed_key is not None, f"{question.id} needs a computed_key"
        assert question.id.startswith(f"{challenges.number}."), question.id


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_blank_challenge_is_not_attempted(case: tuple[object, Question]) -> None:
    module, question = case
    result = module.CHALLENGES.check(question.id, namespace={question.answer_name: ...})
    assert result.status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_right_challenge_answer_passes(case: tuple[object, Question]) -> None:
    module, question = case
    key = module.CHALLENGES.key(question)
    result = module.CHALLENGES.check(question.id, namespace={question.answer_name: key})
    assert result.status is Status.PASSED, result.message


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_anticipated_challenge_mistake_reaches_its_own_hint(
    case: tuple[object, Question],
) -> None:
    module, question = case
    assert question.mistakes, f"challenge {question.id} anticipates no mistake"
    key = module.CHALLENGES.key(question)
    for mistake in question.mistakes:
        result = module.CHALLENGES.check(
            question.id, namespace={question.answer_name: mistake.example(key)}
        )
        assert result.status is Status.COMMON_MISTAKE, (question.id, mistake.hint)
        assert result.hint == mistake.hint


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_lesson_holds_the_challenge_stub_and_its_check(case: tuple[object, Question]) -> None:
    module, question = case
    source = _lesson_source(module.CHALLENGES.number)
    assert re.search(rf"{re.escape(question.answer_name)} = \.\.\.", source), (
        f"the lesson should hold the stub `{question.answer_name} = ...`"
    )
    assert f'check(\\"{question.id}\\")' in source, f'the lesson should run check("{question.id}")'
