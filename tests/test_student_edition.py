"""The students' edition: no solutions, and its exercise still runs and checks answers.

The copy is judged in a separate Python process that imports the copy's own
``cartel_lab`` (not this repository's): it runs the copy's exercise notebook's
cells, then gives each check the solution's right answers and one wrong answer
through an explicit namespace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.notebooks import REPO_ROOT, notebook_paths
from tools.student_edition import LEFT_OUT, main, student_edition, tracked_files

# Runs in the copy: the exercise's cells, then the checks on right and wrong answers.
JUDGE = """
import json, sys
from pathlib import Path
import nbformat
copy, solution = Path(sys.argv[1]), Path(sys.argv[2])
import cartel_lab
from cartel_lab.exercises import ex01
assert Path(cartel_lab.__file__).resolve().is_relative_to(copy), cartel_lab.__file__
exercise = nbformat.read(copy / "exercises" / "01-the-argument-exercise.ipynb", as_version=4)
cells = {}
for cell in exercise.cells:
    if cell.cell_type == "code":
        exec(compile(cell.source, "<exercise>", "exec"), cells)
right = {}
for cell in nbformat.read(solution, as_version=4).cells:
    if cell.cell_type == "code" and "submit(" not in cell.source:
        exec(compile(cell.source, "<solution>", "exec"), right)
print(json.dumps({
    "untouched": [ex01.check(q, namespace=cells).status.name for q in ex01.EXERCISE.question_ids()],
    "right": [ex01.check(q, namespace=right).status.name for q in ex01.EXERCISE.question_ids()],
    "wrong": ex01.check("1.3", namespace={"normative_share": 4}).status.name,
}))
"""


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("students") / "cartel-lab-students"
    student_edition(destination)
    return destination


def test_the_edition_holds_no_solution_and_every_lesson_and_exercise(edition: Path) -> None:
    files = {path.relative_to(edition).as_posix() for path in edition.rglob("*") if path.is_file()}
    assert not (edition / "solutions").exists() and not (edition / "tests").exists()
    assert "instructor-guide.md" not in files
    for folder in ("notebooks", "exercises"):
        for path in notebook_paths(folder):
            assert f"{folder}/{path.name}" in files
    assert {"data/datapackage.json", "environment.yml", "postBuild", "README.md"} <= files
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "Student edition" in readme and "## For students" in readme
    assert "## For instructors" not in readme and "## For contributors" not in readme
    for name in files:
        text = (edition / name).read_bytes()
        assert b"# SOLUTION" not in text and b"BEGIN SOLUTION" not in text, name
        assert b"Sample answer" not in text, f"{name} holds a sample answer"
    expected = {
        name
        for name in tracked_files()
        if not any(name == p or (p.endswith("/") and name.startswith(p)) for p in LEFT_OUT)
    }
    assert files == expected, "only tracked files, minus what gives answers away"


def test_the_editions_exercise_runs_and_judges_answers(edition: Path) -> None:
    solution = next((REPO_ROOT / "solutions").glob("01-*.ipynb"))
    environment = {**os.environ, "PYTHONPATH": str(edition)}
    environment.pop("CARTEL_LAB_DATA", None)
    environment.pop("CARTEL_LAB_RECORD_KEYS", None)
    run = subprocess.run(
        [sys.executable, "-c", JUDGE, str(edition), str(solution)],
        cwd=edition / "exercises",
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    judged = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(judged["untouched"]) == {"NOT_ATTEMPTED"}
    assert set(judged["right"]) == {"PASSED"}
    assert judged["wrong"] in {"WRONG_VALUE", "COMMON_MISTAKE"}


def test_the_tool_refuses_a_folder_inside_the_repository_or_not_empty(tmp_path: Path) -> None:
    assert main([str(REPO_ROOT / "student-copy")]) == 1
    assert not (REPO_ROOT / "student-copy").exists()
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("x", encoding="utf-8")
    assert main([str(tmp_path / "taken")]) == 1


def test_the_exercise_notebook_in_the_edition_is_the_generated_one(edition: Path) -> None:
    for path in notebook_paths("exercises"):
        assert nbformat.read(edition / "exercises" / path.name, as_version=4) == nbformat.read(
            path, as_version=4
        )
