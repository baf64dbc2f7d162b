"""What ``submit()`` says: the unsaved-changes window on both sides of its edge, file names escaped.

The window is one second by design (a notebook saved within a second of the
last check counts as saved). The numbers below are written out, not read from
``submission.SAVE_TOLERANCE_SECONDS``, so widening the window fails a test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cartel_lab import submission
from cartel_lab.checking import Exercise
from tests.exercise_modules import answered_copy, exercise_modules
from tools.notebooks import REPO_ROOT

MODULE = exercise_modules()[0]
NOTEBOOK = next((REPO_ROOT / "exercises").glob(f"{MODULE.EXERCISE.number}-*.ipynb"))
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture
def exercise() -> Exercise:
    original = MODULE.EXERCISE
    return Exercise(number=original.number, title=original.title, questions=original.questions)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)
    return tmp_path


def _saved_at(path: Path, when: float) -> None:
    os.utime(path, (when, when))


@pytest.mark.parametrize(
    ("saved_before_check", "unsaved"),
    [(-5.0, False), (0.0, False), (0.5, False), (0.9, False), (2.0, True), (30.5, True)],
)
def test_the_unsaved_changes_window_is_one_second(
    folder: Path, saved_before_check: float, unsaved: bool
) -> None:
    path = folder / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, path)
    last_check = 1_700_000_000.0
    _saved_at(path, last_check - saved_before_check)
    message = submission.unsaved_changes(path, last_check)
    if unsaved:
        assert message == (
            f"{path.name} has unsaved changes: the file on disk is older than the last self-check "
            "you ran. Save the notebook (Ctrl+S, or Cmd+S on a Mac), then run this cell again."
        )
    else:
        assert message == ""
    assert submission.unsaved_changes(path, None) == "", "no check run: nothing to compare"


def test_a_notebook_saved_two_seconds_before_the_last_check_is_not_handed_in(
    folder: Path, exercise: Exercise
) -> None:
    path = answered_copy(NOTEBOOK, folder / NOTEBOOK.name)
    exercise.check(exercise.questions[0].id)  # a check cell run in the notebook
    assert exercise.last_checked is not None
    _saved_at(path, exercise.last_checked - 2)
    result = submission.submitter(exercise)(namespace={"__session__": str(path)})
    assert not result.written and "unsaved changes" in result.message
    assert not (folder / "submissions").exists()
    _saved_at(path, exercise.last_checked - 0.5)
    assert submission.submitter(exercise)(namespace={"__session__": str(path)}).written


def test_a_file_name_with_markup_is_escaped_in_the_result(folder: Path, exercise: Exercise) -> None:
    path = answered_copy(NOTEBOOK, folder / f"{HOSTILE_NAME}.ipynb")
    result = submission.submitter(exercise)(namespace={"__session__": str(path)})
    assert result.written, result
    page = result._repr_html_()
    assert "<img" not in page, page
    assert "&lt;img src=x onerror=alert(1)&gt;-submission.zip" in page
    assert 'href="submissions/&lt;img src=x onerror=alert(1)&gt;-submission.zip"' in page


@pytest.mark.parametrize(
    "how",
    ["wrong name", "renamed", "unsaved"],
)
def test_messages_that_name_files_are_escaped(folder: Path, exercise: Exercise, how: str) -> None:
    beside = folder / f"{HOSTILE_NAME}.ipynb"
    shutil.copyfile(NOTEBOOK, beside)
    if how == "wrong name":
        result = submission.submitter(exercise)(f"{HOSTILE_NAME}x", namespace={})
    elif how == "renamed":
        result = submission.submitter(exercise)(
            namespace={"__session__": str(folder / f"{HOSTILE_NAME}2.ipynb")}
        )
    else:
        exercise.check(exercise.questions[0].id)
        _saved_at(beside, exercise.last_checked - 60)
        result = submission.submitter(exercise)(namespace={"__session__": str(beside)})
    assert not result.written
    assert HOSTILE_NAME in result.message, "the message names the file"
    page = result._repr_html_()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_submission_reads_exactly_like_this_as_text() -> None:
    ready = submission.Submission(
        True,
        "Saved as submissions/x-submission.zip.",
        zip_path=Path("submissions/x-submission.zip"),
        link="submissions/x-submission.zip",
        progress="Exercise 01: 2 of 5 self-checks pass.",
        notes=("The HTML copy could not be made.",),
    )
    assert str(ready) == "\n".join(
        [
            "Submission ready.",
            "✓ Saved as submissions/x-submission.zip.",
            "  Download it (file browser → submissions → right-click the file → Download) and "
            "upload it to your course site. If you change your answers, save the notebook and "
            "run this cell again.",
            "  Exercise 01: 2 of 5 self-checks pass.",
            "  Note: The HTML copy could not be made.",
        ]
    )
    assert str(submission.Submission(False, "Save first.")) == (
        "No submission written yet.\n✗ Save first."
    )


def test_without_a_session_the_example_name_is_this_exercises_notebook(folder: Path) -> None:
    shutil.copyfile(NOTEBOOK, folder / "zz-other.ipynb")
    shutil.copyfile(NOTEBOOK, folder / NOTEBOOK.name)
    path, message = submission.find_notebook(None, {}, MODULE.EXERCISE.number)
    assert path is None
    assert message.endswith(
        f'Pass the name, as shown on the notebook\'s tab: submit("{NOTEBOOK.name}").'
    )
    _, wrong = submission.find_notebook("nope", {}, MODULE.EXERCISE.number)
    assert f'Notebooks in this folder: "{NOTEBOOK.name}", "zz-other.ipynb". ' in wrong
    _, elsewhere = submission.find_notebook(None, {}, "77")
    assert elsewhere.endswith('submit("<notebook name>.ipynb").')


def test_a_submission_reads_exactly_like_this_as_html() -> None:
    ready = submission.Submission(
        True,
        "Saved as submissions/x-submission.zip.",
        zip_path=Path("submissions/x-submission.zip"),
        link="submissions/x-submission.zip",
        progress="Exercise 01: 2 of 5 self-checks pass.",
    )
    assert ready._repr_html_() == (
        '<div class="cartel-lab-submission" role="status" data-written="true"'
        ' style="border-left: 4px solid #0072B2; padding: 0.3em 0.8em; margin: 0.3em 0;">'
        "<strong>Submission ready.</strong><br>"
        '✓ <a href="submissions/x-submission.zip" download>Download your submission '
        "(x-submission.zip)</a>, then upload it to your course site.<br>"
        "Saved as submissions/x-submission.zip. If you change your answers, save the notebook "
        "and run this cell again.<br>Exercise 01: 2 of 5 self-checks pass.</div>"
    )
    not_yet = submission.Submission(False, "Save first.", notes=("A note.",))
    assert not_yet._repr_html_() == (
        '<div class="cartel-lab-submission" role="status" data-written="false"'
        ' style="border-left: 4px solid #E69F00; padding: 0.3em 0.8em; margin: 0.3em 0;">'
        "<strong>No submission written yet.</strong><br>✗ Save first.<br>"
        "<em>Note:</em> A note.</div>"
    )


def test_an_open_answer_still_at_its_placeholder_is_named_and_nothing_is_written(
    folder: Path, exercise: Exercise
) -> None:
    """submit() reads the saved file it would pack: an answer typed but not saved is not in it."""
    path = folder / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, path)  # as generated: the open answer is the prompt
    result = submission.submitter(exercise)(namespace={"__session__": str(path)})
    assert not result.written
    assert result.message == (
        '"Think it over" is still the placeholder in the saved notebook — type your answer, '
        "save with Ctrl+S, or Cmd+S on a Mac, then run submit() again."
    )
    assert str(result).startswith("No submission written yet.")
    assert not (folder / "submissions").exists()


def test_every_open_answer_left_is_named_and_text_after_the_prompt_is_an_answer(
    folder: Path, exercise: Exercise
) -> None:
    import nbformat

    prompt = submission.OPEN_ANSWER_PROMPT
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    at = next(i for i, cell in enumerate(notebook.cells) if prompt in cell.source)
    notebook.cells.insert(
        at + 1, nbformat.v4.new_markdown_cell(f"## Think it over B\n\nWhy?\n\n{prompt}")
    )
    path = folder / NOTEBOOK.name
    nbformat.write(notebook, path)
    result = submission.submitter(exercise)(namespace={"__session__": str(path)})
    assert result.message.startswith(
        '"Think it over", "Think it over B" are still the placeholder in the saved notebook'
    ), result.message
    for cell in notebook.cells:
        cell.source = cell.source.replace(prompt, f"{prompt}\n\nMy answer, typed below it.")
    nbformat.write(notebook, path)
    assert submission.submitter(exercise)(namespace={"__session__": str(path)}).written
