"""The checker's stages, one by one, on a small exercise made here.

``tests/test_shown_checks.py`` and ``tests/test_exercises.py`` judge the real exercises;
this file pins each stage of ``Exercise.check`` on its own with a stand-in answer type
(so the checker's words are tested apart from the answer types' words): the order of the
stages, every message the checker itself writes, recording a key, and what happens when
the history, the key or the answer type fails. Expected words are written out here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cartel_lab import checking
from cartel_lab.answer_types import AnswerProblem, Typo
from cartel_lab.cell_history import CellLog
from cartel_lab.checking import (
    RECORD_ENV_VAR,
    Exercise,
    Mistake,
    Question,
    decode_key,
    encode_key,
    is_placeholder,
    near,
)
from cartel_lab.feedback import Status
from tests.stand_in_kernel import run_cell, watched_kernel


@dataclass(frozen=True)
class Whole:
    """A stand-in answer type: a whole number; says plainly what it refuses."""

    def describe(self) -> str:
        return "a whole number"

    def normalize(self, value: Any) -> int:
        if value == "tree":
            raise Typo("'tree' is not a number. Did you mean 'three'?")
        if isinstance(value, list):
            raise AnswerProblem("it should be a whole number, but it is a list.", value)
        if isinstance(value, dict):
            raise AnswerProblem("it should be a whole number, but it is a dict.")
        if isinstance(value, set):
            raise RuntimeError("the answer type itself failed")
        return int(value)

    def explain(self, value: Any, key: int | None = None) -> str:
        return f"explained {value!r} with key {key!r}"

    def compare(self, answer: int, key: int) -> str | None:
        if answer == 99:
            raise ZeroDivisionError("a bug in the comparison")
        return None if answer == key else f"{answer} is not the number asked for."

    def encode(self, answer: int) -> int:
        return answer

    def decode(self, stored: Any) -> int:
        return int(stored)


DOUBLED = Mistake(applies=lambda answer, key: answer == 2 * key, hint="Halve it.", example=None)
BROKEN = Mistake(applies=lambda answer, key: 1 / 0, hint="never shown", example=None)


def exercise(key_three: bool = True) -> Exercise:
    """Exercise 99: two questions with computed keys, one read from an answer key file."""
    return Exercise(
        number="99",
        title="A made-up exercise",
        questions=(
            Question(
                "99.1", "count", Whole(), (BROKEN, DOUBLED), "Count again.", computed_key=lambda: 3
            ),
            Question("99.2", "total", Whole(), computed_key=lambda: 10),
            Question("99.3", "stored", Whole()),
        ),
    )


def judged(namespace: dict[str, Any], question: str = "99.1") -> tuple[Status, str, str]:
    result = exercise().check(question, namespace)
    return result.status, result.message, result.hint


# ------------------------------------------------------------------ stages ---


def test_passed_wrong_value_and_a_common_mistake() -> None:
    assert judged({"count": 3}) == (Status.PASSED, "`count` is right. Well done.", "")
    assert judged({"count": 4}) == (
        Status.WRONG_VALUE,
        "`count`: 4 is not the number asked for.",
        "Count again.",
    )
    assert judged({"count": 6}) == (  # the broken mistake is skipped, the next one applies
        Status.COMMON_MISTAKE,
        "`count`: 6 is not the number asked for.",
        "Halve it.",
    )


@pytest.mark.parametrize(
    "value", [..., [..., ...], {"a": ..., "b": ...}], ids=["...", "a list of ...", "a dict of ..."]
)
def test_the_placeholder_is_not_attempted(value: Any) -> None:
    assert judged({"count": value}) == (
        Status.NOT_ATTEMPTED,
        "Set `count` to your answer (a whole number), run that cell, then run this check again.",
        "",
    )


def test_a_typo_a_wrong_shape_and_an_answer_type_failure() -> None:
    assert judged({"count": "tree"}) == (
        Status.TYPO,
        "`count`: 'tree' is not a number. Did you mean 'three'?",
        "",
    )
    assert judged({"count": {"a": 1}}) == (
        Status.WRONG_TYPE,
        "`count`: it should be a whole number, but it is a dict.",
        "",
    )
    assert judged({"count": [1, 2]}) == (
        Status.WRONG_TYPE,
        "`count`: explained [1, 2] with key 3",  # the refused value and the key, explained
        "",
    )
    assert judged({"count": {1, 2}}) == (
        Status.WRONG_TYPE,
        "`count` could not be read: it is a set of 2 items, and a whole number is expected.",
        "",
    )


def test_explaining_without_a_key_when_recording_or_when_the_key_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = exercise().check("99.3", {"stored": [1]})  # no key file for exercise 99
    assert result.message == "`stored`: explained [1] with key None"
    monkeypatch.setenv(RECORD_ENV_VAR, str(tmp_path / "keys.json"))
    assert judged({"count": [1]})[1] == "`count`: explained [1] with key None"


def test_unknown_questions_are_named_with_the_valid_ids() -> None:
    valid = "The questions are: '99.1', '99.2', '99.3'."
    assert judged({}, "99.9") == (
        Status.UNKNOWN_QUESTION,
        f"There is no question '99.9' in exercise 99. {valid}",
        "",
    )
    result = exercise().check(1.2, {})  # type: ignore[arg-type]
    assert (result.question, result.message) == (
        "the number 1.2",
        "There is no question the number 1.2 (give the id in quotes, like check('99.1')) in "
        f"exercise 99. {valid}",
    )
    assert exercise().check(99.1, {}).status is Status.NOT_ATTEMPTED  # type: ignore[arg-type]
    long = exercise().check("  99.1 and some more words  ", {})
    assert long.question == "99.1 and some mor..."
    assert exercise().check(" 99.2 ", {"total": 10}).status is Status.PASSED


def test_a_question_without_a_stored_key_cannot_be_checked_and_says_why() -> None:
    result = exercise().check("99.3", {"stored": 5})
    assert (result.status, result.message) == (
        Status.CANNOT_CHECK,
        "`stored` could not be checked: there is no answer key for it yet (run `make "
        "exercises`). Your notebook is fine; please tell your instructor.",
    )


def test_a_bug_in_the_checker_is_named_and_never_raised() -> None:
    result = exercise().check("99.1", {"count": 99})
    assert (result.status, result.message) == (
        Status.CANNOT_CHECK,
        "`count` could not be checked: the checker itself ran into a problem "
        "(ZeroDivisionError). Your notebook is fine; please tell your instructor.",
    )


def test_a_bug_reading_the_notebook_is_named_even_for_an_unknown_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> dict[str, Any]:
        raise OSError("no notebook")

    monkeypatch.setattr(checking, "notebook_namespace", broken)
    assert exercise().check("nope").message == (
        "The checker itself ran into a problem (OSError). Your notebook is fine; please tell "
        "your instructor."
    )
    assert exercise().check("99.1").message == (
        "`count` could not be checked: the checker itself ran into a problem (OSError). Your "
        "notebook is fine; please tell your instructor."
    )


# --------------------------------------------------- a misspelt or stopped cell ---


def test_without_a_cell_history_a_close_name_is_taken_for_a_misspelling() -> None:
    typo = (
        Status.TYPO,
        "Your cell set `cont`, but this check reads `count`: correct the name to `count` and "
        "run that cell again.",
        "",
    )
    assert judged({"cont": 3}) == typo
    assert judged({"cont": 3, "count": ...}) == typo
    assert judged({"count": 3, "cont": 4}) == (Status.PASSED, "`count` is right. Well done.", "")
    assert judged({"_count": 3, "total": 10})[0] is Status.NOT_ATTEMPTED  # private, or an answer


@pytest.fixture
def notebook(monkeypatch: pytest.MonkeyPatch) -> CellLog:
    return watched_kernel(monkeypatch)


def test_a_cell_that_stopped_is_reported_not_its_old_value_graded(notebook: CellLog) -> None:
    run_cell(notebook, "count = 3", {"count": 3})
    run_cell(notebook, "count = 3 / zero", {}, ZeroDivisionError("division by zero"))
    result = exercise().check("99.1", notebook.shell.user_ns)
    assert (result.status, result.message) == (
        Status.STOPPED,
        "Your answer cell stopped with ZeroDivisionError: division by zero. Fix the line the "
        "error points to. `count` still holds the value of an earlier run, so it is not "
        "checked. Then run the cell again: `count` is set only when its cell runs to the end.",
    )


def test_a_cell_that_failed_after_setting_the_answer_is_graded(notebook: CellLog) -> None:
    run_cell(notebook, "count = 3\nprint(undefined)", {"count": 3}, NameError("undefined"))
    assert exercise().check("99.1", notebook.shell.user_ns).status is Status.PASSED


def test_a_misspelt_name_set_after_the_answer_cell_is_a_typo(notebook: CellLog) -> None:
    run_cell(notebook, "count = 2", {"count": 2})
    run_cell(notebook, "cont = 3", {"cont": 3})
    result = exercise().check("99.1", notebook.shell.user_ns)
    assert (result.status, result.message) == (
        Status.TYPO,
        "Your cell set `cont`, but this check reads `count`: correct the name to `count` and "
        "run that cell again.",
    )


def test_a_broken_history_is_no_reason_for_a_check_to_fail(
    notebook: CellLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook.shell.user_ns["count"] = 3

    def broken(name: str) -> None:
        raise RuntimeError("history lost")

    monkeypatch.setattr(notebook, "last_setting", broken)
    assert exercise().check("99.1", notebook.shell.user_ns).status is Status.PASSED


# --------------------------------------------------------------- recording ---


def test_recording_writes_the_solutions_answer_into_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "keys.json"
    monkeypatch.setenv(RECORD_ENV_VAR, str(keys))
    result = exercise().check("99.3", {"stored": 41})
    assert (result.status, result.message) == (Status.PASSED, "Recorded for the answer key.")
    assert json.loads(keys.read_text(encoding="utf-8")) == {"99.3": 41}
    exercise().check("99.3", {"stored": "7"})  # recorded again: replaced, others kept
    keys.write_text(json.dumps({"99.3": 7, "99.0": "kept"}), encoding="utf-8")
    exercise().check("99.3", {"stored": 8})
    assert json.loads(keys.read_text(encoding="utf-8")) == {"99.0": "kept", "99.3": 8}
    assert exercise().check("99.1", {"count": 4}).status is Status.WRONG_VALUE, (
        "a computed key is judged, never recorded"
    )


# ------------------------------------------------------- keys and helpers ---


def test_keys_round_trip_and_do_not_depend_on_dict_order() -> None:
    value = {"Sinaloa": 2, "Michoacán": 1.5}
    assert decode_key(encode_key(value)) == value
    assert encode_key({"b": 1, "a": 2}) == encode_key({"a": 2, "b": 1})
    assert "Sinaloa" not in encode_key(value), "not readable at a glance"


def test_a_stored_key_is_read_from_the_key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = {"99.3": encode_key(12)}
    ex = exercise()
    monkeypatch.setattr(Exercise, "key_path", lambda self: Path("/dev/null"))
    ex._keys = keys
    assert ex.check("99.3", {"stored": 12}).status is Status.PASSED
    assert ex.accepts(ex.questions[2], 12) and not ex.accepts(ex.questions[2], 13)
    assert not ex.accepts(ex.questions[2], {1})  # an answer type failure: not accepted


def test_key_files_are_where_make_exercises_writes_them() -> None:
    assert exercise().key_path() == checking.KEYS_DIR / "99.json"


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        (..., True),
        ([..., ...], True),
        ((...,), True),
        ({"a": ...}, True),
        ([], False),
        ({}, False),
        ([..., 1], False),
        ({"a": ..., "b": 0}, False),
        (0, False),
    ],
)
def test_what_counts_as_the_placeholder(value: Any, placeholder: bool) -> None:
    assert is_placeholder(value) is placeholder


def test_a_container_that_cannot_be_read_is_not_the_placeholder() -> None:
    class Strange(dict):
        def values(self) -> object:
            raise RuntimeError("cannot list")

    assert is_placeholder(Strange(a=...)) is False


def test_a_question_id_is_shown_whole_up_to_20_characters() -> None:
    assert exercise().check("x" * 20, {}).question == "x" * 20
    assert exercise().check("x" * 21, {}).question == "x" * 17 + "..."


def test_near_is_relative_and_inclusive() -> None:
    assert near(101, 100) and not near(101.01, 100)
    assert near(0.0, 0.0) and not near(0.001, 0.0)
    assert near(90, 100, tolerance=0.1) and not near(89.9, 100, tolerance=0.1)


# ------------------------------------------------------- outside IPython ---

count = 3  # read by the checks below, as a notebook's variable would be


def test_outside_ipython_a_check_reads_the_callers_variables_and_notes_the_time() -> None:
    ex = exercise()
    assert ex.last_checked is None
    assert ex.check("99.1").status is Status.PASSED
    assert ex.last_checked is not None
    ex.check("99.1", {"count": 3})
    first = ex.last_checked
    ex.progress()
    assert ex.last_checked == first, "neither a given namespace nor progress() counts"


def test_progress_runs_every_check() -> None:
    shown = exercise().progress({"count": 3, "total": 9})
    assert [r.status for r in shown.results] == [
        Status.PASSED,
        Status.WRONG_VALUE,
        Status.NOT_ATTEMPTED,
    ]
    assert shown.headline() == "Exercise 99: 1 of 3 self-checks pass."
    assert str(shown).splitlines() == [
        "Exercise 99: 1 of 3 self-checks pass.",
        "  ✓ Question 99.1: passed",
        "  ✗ Question 99.2: not yet: wrong value",
        "  ○ Question 99.3: not attempted yet",
        "(Self-checks only: they are not a grade.)",
    ]
    assert shown.as_dict() == {
        "exercise": "99",
        "passed": 1,
        "total": 3,
        "questions": {"99.1": "passed", "99.2": "wrong_value", "99.3": "not_attempted"},
    }
    assert shown._repr_html_().startswith(
        '<div class="cartel-lab-progress" role="status"><strong>Exercise 99: 1 of 3 '
        "self-checks pass.</strong><ul><li>✓ Question 99.1: passed</li>"
    )
