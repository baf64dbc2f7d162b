"""``submit()`` names the zip with the student and stores the open answers' text (issue 20).

Kept apart from test_safety_submission.py: these pin only the name and the
open answers; the rest of ``submit()`` is tested there.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from cartel_lab import submission
from cartel_lab.checking import Exercise
from cartel_lab.open_answers import PROMPT, open_answers
from cartel_lab.submission import name_for_file, student_name, submission_file_name, submitter
from tests.exercise_modules import exercise_modules
from tools.make_exercises import MARKDOWN_PROMPT
from tools.notebooks import REPO_ROOT

MODULE = exercise_modules()[1]  # exercise 02: one cell with two open questions
NOTEBOOK = next((REPO_ROOT / "exercises").glob(f"{MODULE.EXERCISE.number}-*.ipynb"))


@pytest.fixture
def exercise() -> Exercise:
    original = MODULE.EXERCISE
    return Exercise(number=original.number, title=original.title, questions=original.questions)


def _answered(path: Path, answers: list[str]) -> None:
    """Write the notebook as a student who replaced each prompt, in order, by an answer."""
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    given = iter(answers)
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and PROMPT in text:
            while PROMPT in text:
                text = text.replace(PROMPT, next(given), 1)
            cell["source"] = text.splitlines(keepends=True)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / NOTEBOOK.name
    _answered(path, ["Misleading: <b>cartel</b> deaths are not homicides.", "Yes, both."])
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)
    return path


def _results(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as archive:
        return json.loads(archive.read("results.json"))


def test_the_prompt_is_the_one_make_exercises_writes() -> None:
    assert PROMPT == MARKDOWN_PROMPT


def test_a_named_submission_carries_the_name_in_its_file_and_results(
    saved: Path, exercise: Exercise
) -> None:
    namespace = {"__session__": str(saved), "student_name": "  Ada   López "}
    result = submitter(exercise)(namespace=namespace)
    assert result.written, result
    assert result.zip_path.name == f"{saved.stem}-submission-Ada-Lopez.zip"
    assert f"submissions/{saved.stem}-submission-Ada-Lopez.zip" in str(result)
    summary = _results(result.zip_path)
    assert summary["student"] == "Ada López"
    assert [(a["id"], a["answer"]) for a in summary["open_answers"]] == [
        ("02.open1", "Misleading: <b>cartel</b> deaths are not homicides."),
        ("02.open2", "Yes, both."),
    ]
    assert summary["open_answers"][0]["question"].startswith("**A.** Lesson 02 judged A05")
    assert not any("Your name is not in this file" in note for note in result.notes)


def test_submit_name_argument_wins_over_the_cell(saved: Path, exercise: Exercise) -> None:
    namespace = {"__session__": str(saved), "student_name": "Ada"}
    result = submitter(exercise)(namespace=namespace, name="s1234567")
    assert result.zip_path.name == f"{saved.stem}-submission-s1234567.zip"
    assert _results(result.zip_path)["student"] == "s1234567"


def test_without_a_name_the_zip_is_written_and_a_note_asks_for_one(
    saved: Path, exercise: Exercise
) -> None:
    result = submitter(exercise)(namespace={"__session__": str(saved), "student_name": ""})
    assert result.written and result.zip_path.name == f"{saved.stem}-submission.zip"
    assert _results(result.zip_path)["student"] == ""
    (note,) = [note for note in result.notes if "Your name is not in this file" in note]
    assert 'student_name = "Ada Lopez"' in note and "run this cell again" in note
    assert "Your name is not in this file" in result._repr_html_()


def test_an_earlier_named_zip_is_the_one_kept_when_nothing_new_is_written(
    saved: Path, exercise: Exercise
) -> None:
    first = submitter(exercise)(namespace={"__session__": str(saved), "student_name": "Ada"})
    assert submission.earlier_submission(saved) == first.zip_path


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Ada López", "Ada López"),
        ("  two\n words\t", "two words"),
        (1234567, "1234567"),
        (..., ""),
        (None, ""),
        (True, ""),
        ("x" * 150, "x" * 100),
    ],
)
def test_the_name_is_read_as_text(given: object, expected: str) -> None:
    assert student_name({"student_name": given}) == expected


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("Ada López", "Ada-Lopez"),
        ("../../etc/passwd", "etc-passwd"),
        ('<script>alert("x")</script>', "script-alert-x-script"),
        ("Zoë O'Brien-Smith", "Zoe-O-Brien-Smith"),
        ("李雷", ""),
        ("a" * 60, "a" * 40),
    ],
)
def test_the_name_in_the_file_name_is_safe(name: str, part: str) -> None:
    assert name_for_file(name) == part
    expected = f"02-x-submission-{part}.zip" if part else "02-x-submission.zip"
    assert submission_file_name("02-x", name) == expected


def test_open_answers_left_as_the_prompt_are_empty_and_edited_questions_are_flagged() -> None:
    template = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert [a.answer for a in open_answers(template, template, "02")] == ["", ""]
    edited = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in edited["cells"]:
        text = "".join(cell["source"])
        if PROMPT in text:
            cell["source"] = ["I rewrote the whole cell: my answer."]
    found = open_answers(edited, template, "02")
    assert [(a.answer, a.separated) for a in found] == [
        ("I rewrote the whole cell: my answer.", False)
    ] * 2
    assert open_answers({"cells": "not a list"}, template, "02")[0].answer == ""


def test_a_real_submission_reads_back_in_the_class_summary(saved: Path, exercise: Exercise) -> None:
    from cartel_lab.classroom import summarize

    namespace = {"__session__": str(saved), "student_name": "Ada López"}
    zip_path = submitter(exercise)(namespace=namespace).zip_path
    summary = summarize(zip_path.parent)
    assert not summary.unreadable and [e.student for e in summary.entries] == ["Ada López"]
    page = (zip_path.parent / "class-summary.html").read_text(encoding="utf-8")
    assert "Misleading: &lt;b&gt;cartel&lt;/b&gt; deaths are not homicides." in page
    assert "Open question 02.open2" in page and "Yes, both." in page


@pytest.mark.parametrize(
    "path", sorted((REPO_ROOT / "solutions").glob("*.ipynb")), ids=lambda path: path.name
)
def test_every_solution_asks_for_the_name_and_the_tool_can_redo_it(path: Path) -> None:
    from tools.notebook_footer import cell_source, read_json, source_lines
    from tools.solution_handin import CHECK_NAME, handin_problems, name_cell_id, with_handin

    assert handin_problems(path) == ""
    committed = read_json(path)
    earlier = read_json(path)  # as it was before issue 20: no name cell, the old note
    earlier["cells"] = [c for c in earlier["cells"] if c.get("id") != name_cell_id(path)]
    for cell in earlier["cells"]:
        text = cell_source(cell)
        if text.startswith("## Hand in your work"):
            text = text.replace(CHECK_NAME, "").replace(
                "-submission-<your name>.zip`", "-submission.zip`"
            )
            text = text.replace("results and open answers.", "results.")
            for old, new in (
                ("2. Save", "1. Save"),
                ("3. Run", "2. Run"),
                ("4. Click", "3. Click"),
            ):
                text = text.replace(old, new)
            cell["source"] = source_lines(text)
    assert with_handin(earlier, path) and earlier == committed
    assert not with_handin(committed, path), "rerunning changes nothing"
