"""The exercise workflow: generated from the solutions, keyed by them, and checks that can fail."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from cartel_lab.checking import Exercise
from cartel_lab.exercises import ex06
from cartel_lab.feedback import Status
from tests.exercise_modules import exercise_modules
from tools.make_exercises import (
    MARKDOWN_PROMPT,
    exercise_number,
    expected_exercises,
    expected_keys,
    strip_code,
    strip_markdown,
)
from tools.notebooks import REPO_ROOT, notebook_paths, run_notebook, text_outputs

EXERCISES = [module.EXERCISE for module in exercise_modules()]
QUESTIONS = [(exercise, question) for exercise in EXERCISES for question in exercise.questions]
STUB = re.compile(r"^(?P<name>[A-Za-z_]\w*) = (\.\.\.\s*$|\{)", re.MULTILINE)
CHECK_CALL = re.compile(r'^check\("(?P<id>[^"]+)"\)\s*$')


def _qid(case: tuple[Exercise, object]) -> str:
    return case[1].id


def test_exercises_are_generated_from_the_current_solutions() -> None:
    expected = expected_exercises()
    assert expected, "no solution notebooks found"
    assert {path.name for path in expected} == {path.name for path in notebook_paths("exercises")}
    for path, text in expected.items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `make exercises`"
        )


def test_answer_keys_are_recorded_from_the_current_solutions() -> None:
    for path, text in expected_keys().items():
        assert path.is_file(), f"missing answer key {path.name}: run `make exercises`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `make exercises`"
        )


def test_every_solution_has_an_exercise_module_and_a_check_for_each_question() -> None:
    by_number = {exercise.number: exercise for exercise in EXERCISES}
    for path in notebook_paths("solutions"):
        exercise = by_number.get(exercise_number(path))
        assert exercise, (
            f"{path.name} has no module cartel_lab/exercises/ex{exercise_number(path)}.py"
        )
        notebook = nbformat.read(path, as_version=4)
        checked = [
            match["id"]
            for cell in notebook.cells
            if cell.cell_type == "code" and (match := CHECK_CALL.match(cell.source.strip()))
        ]
        assert checked == exercise.question_ids(), (
            f"{path.name}: one check cell per question, in order"
        )


def test_no_solution_marker_survives_in_an_exercise() -> None:
    for path in notebook_paths("exercises"):
        text = path.read_text(encoding="utf-8")
        for marker in ("SOLUTION", "BEGIN PROMPT", "END PROMPT"):
            assert marker not in text, f"{path.name} still contains {marker!r}"


def test_committed_notebooks_have_no_outputs_or_execution_counts() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "no notebooks tracked by git"
    for name in tracked:
        notebook = nbformat.read(REPO_ROOT / name, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{name}: clear outputs"


def test_solution_with_a_deleted_answer_line_fails_its_check(tmp_path: Path) -> None:
    """Deleting one line of a solution must make the checks (and so the suite) fail."""
    source = notebook_paths("solutions")[0]
    notebook = nbformat.read(source, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code" and "# SOLUTION" in c.source)
    cell.source = "\n".join(line for line in cell.source.splitlines() if "# SOLUTION" not in line)
    broken = tmp_path / source.name
    nbformat.write(notebook, broken)
    results = [text_outputs(c) for c in run_notebook(broken).cells if c.source.startswith("check(")]
    assert any("— passed." not in result for result in results)


@pytest.mark.parametrize("case", QUESTIONS, ids=_qid)
def test_each_common_mistake_gets_its_own_hint(case: tuple[Exercise, object]) -> None:
    exercise, question = case
    assert question.mistakes, f"question {question.id} anticipates no common mistake"
    key = exercise.key(question)
    for mistake in question.mistakes:
        wrong = mistake.example(key)
        result = exercise.check(question.id, namespace={question.answer_name: wrong})
        assert result.status is Status.COMMON_MISTAKE, f"{question.id}: {wrong!r} gave {result}"
        assert result.hint == mistake.hint
        assert question.answer_name in result.message


@pytest.mark.parametrize("case", QUESTIONS, ids=_qid)
def test_bad_input_is_explained_not_raised(case: tuple[Exercise, object]) -> None:
    exercise, question = case
    frame_missing_columns = pd.DataFrame({"unrelated": [1, 2]})
    for bad in (
        None,
        "some text",
        float("nan"),
        np.inf,
        frame_missing_columns,
        [None],
        {"a": object()},
    ):
        result = exercise.check(question.id, namespace={question.answer_name: bad})
        assert result.status is Status.WRONG_TYPE, f"{question.id}: {bad!r} gave {result}"
        assert question.answer_name in result.message
        assert "Traceback" not in str(result)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.number)
def test_a_missing_answer_is_not_attempted_and_a_typo_names_the_valid_ids(
    exercise: Exercise,
) -> None:
    first = exercise.questions[0]
    assert exercise.check(first.id, namespace={}).status is Status.NOT_ATTEMPTED
    typo = exercise.check("9.9", namespace={})
    assert typo.status is Status.UNKNOWN_QUESTION
    for question_id in exercise.question_ids():
        assert repr(question_id) in typo.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.number)
def test_answer_keys_are_not_stored_as_plain_answers(exercise: Exercise) -> None:
    stored = json.loads(exercise.key_path().read_text(encoding="utf-8"))
    assert set(stored) == set(exercise.question_ids())
    for packed in stored.values():
        assert isinstance(packed, str) and re.fullmatch(r"[A-Za-z0-9+/=]+", packed)


def test_strip_code_turns_each_marker_into_its_stub() -> None:
    source = "\n".join(
        [
            "given = 1",
            "answer = given + 1  # SOLUTION",
            "    nested = 2 # SOLUTION",
            "helper = 3  # SOLUTION NO PROMPT",
            "# BEGIN SOLUTION",
            "secret = 4",
            "# END SOLUTION",
            "# BEGIN SOLUTION NO PROMPT",
            "hidden = 5",
            "# END SOLUTION",
            "# BEGIN PROMPT",
            "# table = ...",
            "# END PROMPT",
        ]
    )
    assert strip_code(source).splitlines() == [
        "given = 1",
        "answer = ...",
        "    nested = ...",
        "...",
        "table = ...",
    ]


def test_unclosed_solution_block_is_an_error() -> None:
    with pytest.raises(ValueError, match="no matching END"):
        strip_code("# BEGIN SOLUTION\nx = 1")


def test_markdown_sample_answers_become_a_prompt() -> None:
    text = "Explain.\n\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->"
    assert strip_markdown(text) == f"Explain.\n\n{MARKDOWN_PROMPT}"


@pytest.mark.parametrize("case", QUESTIONS, ids=_qid)
def test_the_exercise_notebook_sets_the_name_its_check_reads(case: tuple[Exercise, object]) -> None:
    """The stub a student fills in (``name = ...``, or a dict of ``...``) sets the variable the
    check reads: with any other name, every answer would be "not attempted"."""
    exercise, question = case
    paths = [p for p in notebook_paths("exercises") if p.name.startswith(f"{exercise.number}-")]
    assert len(paths) == 1, f"no single exercise notebook numbered {exercise.number}"
    stubs = {
        match["name"]
        for cell in nbformat.read(paths[0], as_version=4).cells
        if cell.cell_type == "code"
        for match in STUB.finditer(cell.source)
    }
    assert question.answer_name in stubs, (
        f"{question.id}: the notebook has no stub `{question.answer_name} = ...`"
    )


def _given_in_notebook(number: str, name: str) -> object:
    """The value an exercise notebook gives ``name`` in its question (``name = {...}``)."""
    path = next(p for p in notebook_paths("exercises") if p.name.startswith(f"{number}-"))
    for cell in nbformat.read(path, as_version=4).cells:
        for line in cell.source.splitlines() if cell.cell_type == "code" else ():
            if line.startswith(f"{name} = "):
                return ast.literal_eval(line.split(" = ", 1)[1])
    raise AssertionError(f"exercise {number} gives no {name}")


@pytest.mark.parametrize(
    ("given", "module_value"),
    [
        ("ratings_a", ex06.RATINGS_6_1),
        ("weights_a", ex06.WEIGHTS_6_1),
        ("ratings_b", ex06.RATINGS_6_2),
        ("weights_b", ex06.WEIGHTS_6_2),
    ],
)
def test_exercise_06_checks_the_ratings_and_weights_its_questions_give(
    given: str, module_value: dict[str, int]
) -> None:
    """6.1 and 6.2's checks (the options, the mistakes) are built on the dicts the questions
    hand the student: they must be the same."""
    assert module_value == _given_in_notebook("06", given)


def test_exercise_01_offers_the_articles_claims_and_the_coalitions_own_five_lines() -> None:
    """The ids 1.1 accepts are the claims of the table, and 1.5's options are the Coalition's
    five lines of effort once each, in the order of its own (2014-) wording."""
    from cartel_lab.data import load
    from cartel_lab.exercises import ex01

    assert tuple(load("article_claims")["claim_id"]) == ex01.CLAIM_IDS
    assert ex01.COALITION_LINES == (
        "military campaign",
        "foreign terrorist fighters",
        "financing",
        "stabilisation",
        "counter-propaganda",
    )
