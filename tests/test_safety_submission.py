"""``submit()``: the submission zip and every way it can go wrong (issue 5, part 3).

These run in the test process (no kernel): a copy of an exercise notebook in
``tmp_path`` plays the student's saved notebook, and a dict plays the kernel's
variables. The round trip from a solved notebook run by a real kernel is in
``test_safety_notebooks.py``.
"""

from __future__ import annotations

import json
import os
import socket
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cartel_lab import submission
from cartel_lab.checking import Exercise
from cartel_lab.feedback import Status
from cartel_lab.submission import submitter
from tests.exercise_modules import answered_copy, exercise_modules
from tools.notebooks import REPO_ROOT

MODULE = exercise_modules()[0]
NOTEBOOK = next((REPO_ROOT / "exercises").glob(f"{MODULE.EXERCISE.number}-*.ipynb"))


@pytest.fixture
def exercise() -> Exercise:
    """A fresh copy of the first exercise, so that no other test's checks count as 'last run'."""
    original = MODULE.EXERCISE
    return Exercise(number=original.number, title=original.title, questions=original.questions)


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The student's notebook, saved in a folder that is also the kernel's working folder."""
    path = answered_copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(submission.SESSION_VARIABLES[0], raising=False)
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)
    return path


def _zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _one_wrong_answer(exercise: Exercise) -> dict[str, Any]:
    """A namespace where the first question has a wrong answer and the rest none."""
    return {exercise.questions[0].answer_name: "not an answer"}


def test_a_kernel_started_by_jupyterlab_submits_in_one_call(
    saved: Path, exercise: Exercise
) -> None:
    namespace = {"__session__": str(saved), **_one_wrong_answer(exercise)}
    result = submitter(exercise)(namespace=namespace)
    assert result.written, result
    assert result.zip_path == saved.parent / "submissions" / f"{saved.stem}-submission.zip"
    members = _zip_members(result.zip_path)
    assert set(members) == {saved.name, f"{saved.stem}.html", "results.json"}
    assert members[saved.name] == saved.read_bytes(), "the notebook exactly as saved"
    page = members[f"{saved.stem}.html"].decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "Keep your work" in page
    summary = json.loads(members["results.json"])
    expected = exercise.progress(namespace).as_dict()
    assert summary["progress"] == expected
    assert summary["progress"]["passed"] < summary["progress"]["total"]
    assert summary["results"][0]["status"] == Status.WRONG_TYPE.name.lower()
    assert summary["results"][1]["status"] == Status.NOT_ATTEMPTED.name.lower()
    assert [r["question"] for r in summary["results"]] == exercise.question_ids()
    assert summary["notebook"] == saved.name and summary["html_included"] is True
    created = datetime.fromisoformat(summary["created"])
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=2)
    assert not [p for p in result.zip_path.parent.iterdir() if p != result.zip_path], (
        "no temp files"
    )


def test_the_result_links_to_the_zip_in_html_and_says_it_in_text(
    saved: Path, exercise: Exercise
) -> None:
    result = submitter(exercise)(namespace={"__session__": str(saved)})
    page = result._repr_html_()
    link = f'href="submissions/{saved.stem}-submission.zip" download'
    assert link in page, page
    assert "Submission ready." in page and "upload it to your course site" in page
    text = str(result)
    assert text.startswith("Submission ready.")
    assert f"submissions/{saved.stem}-submission.zip" in text
    assert "0 of" in text and "self-checks pass" in text


def test_headless_kernel_gets_a_message_not_an_error(saved: Path, exercise: Exercise) -> None:
    result = submitter(exercise)(namespace={})
    assert not result.written and result.zip_path is None
    assert "Could not find this notebook's file name" in result.message
    assert f'submit("{saved.name}")' in result.message, "suggest the notebook beside it"
    assert "No submission written" in str(result) and "href" not in result._repr_html_()
    assert not (saved.parent / "submissions").exists()


def test_submit_without_a_namespace_reads_the_callers_variables(saved: Path) -> None:
    # Outside IPython the caller's globals stand in for the notebook's variables.
    cell: dict[str, Any] = {"submit": MODULE.submit, "__session__": str(saved)}
    exec("result = submit()", cell)
    assert cell["result"].written, cell["result"]
    assert not MODULE.submit().written, "this test module has no __session__ variable"


def test_an_explicit_name_is_found_with_or_without_ipynb(saved: Path, exercise: Exercise) -> None:
    assert submitter(exercise)(saved.name, namespace={}).written
    assert submitter(exercise)(saved.stem, namespace={}).written


def test_a_wrong_name_says_what_was_looked_for_and_how_to_pass_it(
    saved: Path, exercise: Exercise
) -> None:
    result = submitter(exercise)("my-answers", namespace={})
    assert not result.written
    assert '"my-answers"' in result.message and '"my-answers.ipynb"' in result.message
    assert saved.name in result.message, "list the notebooks that are there"
    assert 'submit("' in result.message


def test_a_renamed_notebook_is_explained(saved: Path, exercise: Exercise) -> None:
    renamed = saved.with_name("my-copy.ipynb")
    saved.rename(renamed)
    result = submitter(exercise)(namespace={"__session__": str(saved)})
    assert not result.written
    assert saved.name in result.message and "renamed" in result.message
    assert renamed.name in result.message and 'submit("' in result.message
    assert submitter(exercise)(renamed.name, namespace={"__session__": str(saved)}).written


def test_unsaved_changes_ask_to_save_first(saved: Path, exercise: Exercise) -> None:
    exercise.check(exercise.questions[0].id)  # the student runs a check in the notebook ...
    assert exercise.last_checked is not None
    earlier = exercise.last_checked - 60
    os.utime(saved, (earlier, earlier))  # ... after the file was last saved
    result = submitter(exercise)(namespace={"__session__": str(saved)})
    assert not result.written
    assert "unsaved changes" in result.message and "Ctrl+S" in result.message
    assert "run this cell again" in result.message
    os.utime(saved)  # saved now
    assert submitter(exercise)(namespace={"__session__": str(saved)}).written


def test_checks_with_an_explicit_namespace_do_not_count_as_unsaved_work(
    saved: Path, exercise: Exercise
) -> None:
    exercise.check(exercise.questions[0].id, namespace={})
    exercise.progress(namespace={})
    assert exercise.last_checked is None


def test_when_html_fails_the_zip_still_holds_notebook_and_results(
    saved: Path, exercise: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> str:
        raise RuntimeError("no templates")

    monkeypatch.setattr(submission, "export_html", broken)
    result = submitter(exercise)(namespace={"__session__": str(saved)})
    assert result.written
    assert set(_zip_members(result.zip_path)) == {saved.name, "results.json"}
    assert json.loads(_zip_members(result.zip_path)["results.json"])["html_included"] is False
    assert any("HTML copy could not be made" in note for note in result.notes)
    assert "HTML copy could not be made" in str(result) and "HTML copy" in result._repr_html_()


def test_a_file_that_cannot_be_written_gives_advice_not_a_traceback(
    saved: Path, exercise: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(submission.zipfile, "ZipFile", full_disk)
    result = submitter(exercise)(namespace={"__session__": str(saved)})
    assert not result.written
    assert "No space left on device" in result.message and "File → Download" in result.message
    assert not list((saved.parent / "submissions").glob("*")), "no half-written file left behind"


def test_an_unexpected_failure_is_still_a_message(
    saved: Path, exercise: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError

    monkeypatch.setattr(submission, "results_summary", broken)
    result = submitter(exercise)(namespace={"__session__": str(saved)})
    assert not result.written
    assert "ZeroDivisionError" in result.message and "tell your instructor" in result.message


class _HostileNamespace(dict):
    def get(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no")

    def __contains__(self, key: object) -> bool:
        raise RuntimeError("no")


@pytest.mark.parametrize(
    "namespace",
    [{"__session__": 42}, {"__session__": ""}, {"__session__": "\x00.ipynb"}, _HostileNamespace()],
    ids=["number", "empty", "nul", "hostile"],
)
def test_odd_kernel_variables_never_raise(
    saved: Path, exercise: Exercise, namespace: dict[str, Any]
) -> None:
    result = submitter(exercise)(namespace=namespace)
    assert isinstance(result, submission.Submission)
    assert result.message and "Traceback" not in str(result)


def test_submission_works_with_the_network_blocked(
    saved: Path, exercise: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # the block works
    attempts.clear()
    named = {"__session__": str(saved), "student_name": "Ada"}  # no note asking for a name
    result = submitter(exercise)(namespace=named)
    assert result.written and not result.notes, result
    assert f"{saved.stem}.html" in _zip_members(result.zip_path)
    assert attempts == [], f"submitting tried to reach the network: {attempts}"


def test_submitting_again_replaces_the_zip(saved: Path, exercise: Exercise) -> None:
    first = submitter(exercise)(namespace={"__session__": str(saved)})
    time.sleep(0.01)
    namespace = {"__session__": str(saved), **_one_wrong_answer(exercise)}
    second = submitter(exercise)(namespace=namespace)
    assert first.zip_path == second.zip_path
    results = json.loads(_zip_members(second.zip_path)["results.json"])["results"]
    assert results[0]["status"] == "wrong_type", "the second submission's results are stored"
    assert sorted(p.name for p in second.zip_path.parent.iterdir()) == [second.zip_path.name]


def test_an_earlier_zip_is_kept_and_the_message_says_why_no_new_one(
    saved: Path, exercise: Exercise
) -> None:
    first = submitter(exercise)(namespace={"__session__": str(saved)})
    assert first.written
    before = first.zip_path.read_bytes()
    exercise.check(exercise.questions[0].id)  # a check run after the last save ...
    earlier = exercise.last_checked - 60
    os.utime(saved, (earlier, earlier))
    second = submitter(exercise)(namespace={"__session__": str(saved)})
    text = str(second)
    assert not second.written and second.kept == first.zip_path
    assert text.startswith("No new submission written: your earlier one is kept.")
    assert "No submission written yet" not in text
    assert f"submissions/{first.zip_path.name}" in text and "is kept" in text
    assert "unsaved changes" in text, "the reason no new one was written"
    assert first.zip_path.read_bytes() == before, "the earlier zip is untouched"
    assert "is kept" in second._repr_html_() and "href" not in second._repr_html_()
