"""``submit()``'s steps on their own: finding the notebook, refusing what is not saved, packing.

``tests/test_shown_submission.py`` and ``tests/test_safety_submission.py`` hand in real
exercise notebooks; this file pins each step with small notebooks made here: the words
of each refusal, the earlier zip kept, the answer cells the saved file lacks (read from
a stand-in cell history, as a kernel keeps it), the extra files an exercise adds, and
what results.json holds. Expected words are written out here.
"""

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cartel_lab import submission
from cartel_lab.answer_types import Number
from cartel_lab.cell_history import CellLog
from cartel_lab.checking import Exercise, Question
from tests.stand_in_kernel import run_cell, watched_kernel

NOW = datetime(2026, 3, 2, 10, 30, 15, tzinfo=UTC)


def exercise() -> Exercise:
    return Exercise(
        "99",
        "A made-up exercise",
        (
            Question("99.1", "count", Number(), computed_key=lambda: 3.0),
            Question("99.2", "total", Number(), computed_key=lambda: 10.0),
        ),
    )


def notebook_bytes(*cells: tuple[str, str]) -> bytes:
    """A saved notebook of (cell type, source) cells."""
    return json.dumps(
        {"cells": [{"cell_type": kind, "source": source} for kind, source in cells]}
    ).encode("utf-8")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)
    monkeypatch.setattr(submission, "export_html", lambda path: "<html>the notebook</html>")
    return tmp_path


def saved(folder: Path, name: str = "99-made-up-exercise.ipynb", *cells: tuple[str, str]) -> Path:
    path = folder / name
    path.write_bytes(notebook_bytes(*(cells or (("code", "count = 3"),))))
    return path


# ------------------------------------------------------------ finding it ---


def test_a_name_without_ipynb_is_found_and_a_missing_one_lists_the_notebooks_here(
    folder: Path,
) -> None:
    path = saved(folder)
    saved(folder, "notes.ipynb")
    assert submission.find_notebook("99-made-up-exercise", {}, "99") == (path.resolve(), "")
    assert submission.find_notebook(" 99-made-up-exercise.ipynb ", {}, "99")[0] == path.resolve()
    found, message = submission.find_notebook("99-made-up", {}, "99")
    assert found is None
    assert message == (
        f'There is no notebook called "99-made-up" or "99-made-up.ipynb" in this folder '
        f'({folder.name}). Notebooks in this folder: "99-made-up-exercise.ipynb", '
        '"notes.ipynb". Check the name in the file browser (left) or on the notebook\'s tab, '
        'then run submit("<that name>.ipynb") again.'
    )


def test_a_name_is_also_looked_for_beside_the_notebook_the_kernel_was_started_for(
    folder: Path,
) -> None:
    elsewhere = folder / "course"
    elsewhere.mkdir()
    path = saved(elsewhere)
    session = {"__session__": str(path)}
    assert submission.find_notebook(path.name, session, "99") == (path.resolve(), "")


def test_more_than_five_notebooks_are_cut_and_this_exercises_come_first(folder: Path) -> None:
    for name in ("a", "b", "c", "d", "e"):
        saved(folder, f"{name}.ipynb")
    saved(folder)
    message = submission.find_notebook("gone.ipynb", {}, "99")[1]
    assert (
        'Notebooks in this folder: "99-made-up-exercise.ipynb", "a.ipynb", "b.ipynb", '
        '"c.ipynb", "d.ipynb" and 1 more. Check the name' in message
    )


def test_a_renamed_notebook_and_a_kernel_that_was_not_told(folder: Path) -> None:
    saved(folder)
    found, message = submission.find_notebook(None, {"__session__": "old name.ipynb"}, "99")
    assert found is None and message == (
        'This notebook was opened as "old name.ipynb", but there is no file of that name now: '
        "was it renamed or moved? Save it, then pass its current name, as shown on its tab: "
        'submit("<new name>.ipynb"). Notebooks in this folder: "99-made-up-exercise.ipynb".'
    )
    assert submission.find_notebook(None, {}, "99")[1] == (
        "Could not find this notebook's file name: the kernel was not told it (JupyterLab "
        "tells it in __session__, but not when a notebook is run by a program or outside "
        "JupyterLab). Pass the name, as shown on the notebook's tab: "
        'submit("99-made-up-exercise.ipynb").'
    )
    assert 'submit("<notebook name>.ipynb")' in submission.find_notebook(None, {}, "98")[1]


# ----------------------------------------------------- refusing and keeping ---


def test_a_refusal_keeps_the_earlier_zip_and_says_when_it_was_written(folder: Path) -> None:
    path = saved(folder, "99-made-up-exercise.ipynb", ("markdown", submission.OPEN_ANSWER_PROMPT))
    (folder / "submissions").mkdir()
    older = folder / "submissions" / "99-made-up-exercise-submission-Ada.zip"
    newer = folder / "submissions" / "99-made-up-exercise-submission.zip"
    for zip_path, when in ((older, 1_767_225_600), (newer, 1_767_312_000)):
        zip_path.write_bytes(b"zip")
        os.utime(zip_path, (when, when))
    result = submission.submitter(exercise())(namespace={"__session__": str(path)})
    assert (result.written, result.kept) == (False, newer)
    assert result.headline() == "No new submission written: your earlier one is kept."
    assert result.notes == (
        "Your earlier submission, submissions/99-made-up-exercise-submission.zip (written 02 "
        "Jan 2026 00:00 UTC), is kept as it was: it holds your notebook as saved then. A new "
        "one is written only when the problem above is fixed, so that a zip never holds a "
        "notebook other than the one you see.",
    )


def test_a_refusal_without_an_earlier_zip_has_no_note(folder: Path) -> None:
    result = submission.submitter(exercise())("gone.ipynb", namespace={})
    assert (result.written, result.kept, result.notes) == (False, None, ())
    assert result.headline() == "No submission written yet."


def test_open_answers_left_are_named_by_their_heading(folder: Path) -> None:
    prompt = submission.OPEN_ANSWER_PROMPT
    saved_notebook = notebook_bytes(
        ("markdown", f"{prompt}\n\nno heading above"),
        ("markdown", "## Think it over (not checked)\n\n**A.** Why?"),
        ("markdown", f"{prompt}\n\n"),
        ("code", f"# {prompt}"),
        ("markdown", f"### {'A very long heading ' * 5}\n\n{prompt}"),
        ("markdown", f"Answered: {prompt} and then my words"),
    )
    assert submission.open_answers_left(saved_notebook) == (
        '"Think it over", "A very long heading A very long heading A very long headi..." '
        "are still the placeholder in the saved notebook — type your answer, save with Ctrl+S, "
        "or Cmd+S on a Mac, then run submit() again."
    )
    alone = notebook_bytes(("markdown", prompt))
    assert submission.open_answers_left(alone).startswith('"an open question" is still the')
    assert submission.open_answers_left(b"not a notebook") == ""


@pytest.fixture
def kernel(monkeypatch: pytest.MonkeyPatch) -> CellLog:
    return watched_kernel(monkeypatch)


def test_an_answer_cell_run_after_saving_stops_the_submission(kernel: CellLog) -> None:
    run_cell(kernel, "count = 3", {"count": 3})
    run_cell(kernel, "total = 10", {"total": 10})
    namespace = kernel.shell.user_ns
    both = notebook_bytes(("code", "  count = 3\n"), ("code", "total = 10"))
    assert submission.answers_not_saved(both, exercise(), namespace) == ""
    one = notebook_bytes(("code", "count = 3"), ("markdown", "total = 10"))
    assert submission.answers_not_saved(one, exercise(), namespace) == (
        "The answer you last ran for question 99.2 is not in the saved notebook. Save the "
        "notebook (Ctrl+S, or Cmd+S on a Mac), then run this cell again. Already saved? Then "
        "the cell you ran was changed or deleted since: run the answer cell again, then this "
        "cell."
    )
    none = notebook_bytes(("code", "print('hi')"))
    assert submission.answers_not_saved(none, exercise(), namespace).startswith(
        "The answer you last ran for questions 99.1, 99.2 is not"
    )
    assert submission.answers_not_saved(b"not a notebook", exercise(), namespace) == ""
    assert submission.answers_not_saved(both, exercise(), {"count": 3}) == "", "no history"


# ----------------------------------------------------------------- packing ---


def test_the_zip_holds_the_notebook_its_html_and_results_and_the_extra_files(
    folder: Path,
) -> None:
    path = saved(folder)
    extra = {"brief.md": b"# My brief", path.name: b"not the notebook", "results.json": b"{}"}
    result = submission.build_submission(
        path, exercise(), {"count": 3}, now=NOW, student="Ada", extra_files=lambda ns: extra
    )
    assert result.written and result.notes == ()
    assert result.message == (
        "Saved as submissions/99-made-up-exercise-submission-Ada.zip, in the folder of this "
        "notebook."
    )
    with zipfile.ZipFile(result.zip_path) as archive:
        assert sorted(archive.namelist()) == sorted(
            [path.name, "results.json", "99-made-up-exercise.html", "brief.md"]
        )
        assert archive.read(path.name) == path.read_bytes(), "an extra file never replaces it"
        assert archive.read("brief.md") == b"# My brief"
        assert archive.read("99-made-up-exercise.html") == b"<html>the notebook</html>"
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 2, 10, 30, 14)}
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        results = json.loads(archive.read("results.json"))
    assert list((folder / "submissions").iterdir()) == [result.zip_path], "no partial file"
    assert {key: results[key] for key in ("format", "created", "notebook", "exercise")} == {
        "format": "cartel-lab-submission/1",
        "created": "2026-03-02T10:30:15+00:00",
        "notebook": path.name,
        "exercise": "99",
    }
    assert (results["title"], results["html_included"], results["student"]) == (
        "A made-up exercise",
        True,
        "Ada",
    )
    assert results["note"] == "Self-checks only: they are not a grade."
    assert results["results"][0] == {
        "question": "99.1",
        "status": "passed",
        "message": "`count` is right. Well done.",
        "hint": "",
    }
    saved_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    assert results["notebook_saved"] == saved_at and results["open_answers"] == []
    assert results["progress"]["passed"] == 1


def test_what_could_not_be_added_is_noted_and_the_zip_still_written(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_html(path: Path) -> str:
        raise RuntimeError("nbconvert is missing")

    def broken(namespace: object) -> dict[str, bytes]:
        raise ValueError("my_brief is not set: run the brief cell first")

    monkeypatch.setattr(submission, "export_html", no_html)
    path = saved(folder)
    result = submission.build_submission(path, exercise(), {}, now=NOW, extra_files=broken)
    assert result.written and result.notes == (
        "The HTML copy could not be made (RuntimeError), so the zip holds only the notebook "
        "and your results. That is enough to hand in.",
        "An extra file could not be added: my_brief is not set: run the brief cell first",
        submission.NO_NAME_NOTE,
    )
    with zipfile.ZipFile(result.zip_path) as archive:
        assert sorted(archive.namelist()) == sorted([path.name, "results.json"])
        assert json.loads(archive.read("results.json"))["html_included"] is False


def test_the_packed_notebook_is_the_one_inspected(folder: Path) -> None:
    path = saved(folder)
    inspected = notebook_bytes(("code", "count = 3"), ("markdown", "inspected"))
    result = submission.build_submission(path, exercise(), {}, now=NOW, notebook_bytes=inspected)
    with zipfile.ZipFile(result.zip_path) as archive:
        assert archive.read(path.name) == inspected


def test_a_disk_error_is_a_message_with_the_way_out(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(folder)

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(submission, "build_submission", full)
    result = submission.submitter(exercise())(namespace={"__session__": str(path)})
    assert result.message == (
        "The submission file could not be written (OSError: No space left on device). Your "
        "notebook is fine: save it (Ctrl+S, or Cmd+S on a Mac), download it with File → "
        "Download and hand that in instead."
    )
    monkeypatch.setattr(submission, "build_submission", lambda *a, **k: 1 / 0)
    assert submission.submitter(exercise())(namespace={"__session__": str(path)}).message == (
        "Something went wrong while making the submission (ZeroDivisionError). Your notebook "
        "is fine: save it (Ctrl+S, or Cmd+S on a Mac), download it with File → Download and "
        "hand that in instead, and please tell your instructor."
    )


def test_the_student_name_from_the_notebook_or_given(folder: Path) -> None:
    path = saved(folder)
    submit = submission.submitter(exercise())
    result = submit(namespace={"__session__": str(path), "student_name": "Ben  Ng"})
    assert result.zip_path is not None
    assert result.zip_path.name == "99-made-up-exercise-submission-Ben-Ng.zip"
    given = submit(namespace={"__session__": str(path), "student_name": "x"}, name="Cy")
    assert given.zip_path is not None and given.zip_path.name.endswith("-Cy.zip")
    assert submission.student_name({"student_name": 12345}) == "12345"
    assert submission.student_name({"student_name": True}) == ""
    assert submission.student_name({"student_name": "a" * 150}) == "a" * 100


def test_submit_hands_its_extra_files_and_the_checked_notebook_to_the_zip(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(folder)
    submit = submission.submitter(exercise(), extra_files=lambda ns: {"brief.md": b"brief"})
    assert submit.extra_files is not None
    packed: dict[str, Any] = {}
    real = submission.build_submission

    def spy(*args: Any, **kwargs: Any) -> submission.Submission:
        packed.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(submission, "build_submission", spy)
    result = submit(namespace={"__session__": str(path), "student_name": "Ada"})
    assert packed["notebook_bytes"] == path.read_bytes() and packed["student"] == "Ada"
    with zipfile.ZipFile(result.zip_path) as archive:
        assert archive.read("brief.md") == b"brief"


def test_five_notebooks_are_all_named_with_nothing_more(folder: Path) -> None:
    for name in ("a", "b", "c", "d"):
        saved(folder, f"{name}.ipynb")
    saved(folder)
    message = submission.find_notebook("gone.ipynb", {}, "99")[1]
    assert '"d.ipynb". Check the name' in message and "more" not in message
