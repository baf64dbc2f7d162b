"""The students' edition: no solutions, and its exercise still runs and checks answers.

The copy is judged in a separate Python process that imports the copy's own
``cartel_lab`` (not this repository's): it runs the copy's exercise notebook's
cells, then gives each check the solution's right answers and one wrong answer
through an explicit namespace.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.binder_link import binder_url
from tools.notebooks import REPO_ROOT, notebook_paths
from tools.student_edition import LEFT_OUT, main, student_edition, students_readme, tracked_files

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
    assert "Student edition" in readme and "## Hand in your work" in readme
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
    assert not any(name.startswith(("instructors/", "tools/")) for name in files)


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


# ------------------------------------------------ the students' README (issue 20) ---

DEVELOPER_WORDS = (
    "make test",
    "pytest",
    "make exercises",
    "make bench",
    "make mutation",
    "make student-edition",
    "make binder-link",
    "requirements-dev",
    "ruff",
    "solutions/",
    "sample answer",
    "OWNER/REPO",
    "owner/name",
    "instructors/",
)


def test_the_students_readme_is_written_for_students(edition: Path) -> None:
    readme = (edition / "README.md").read_text(encoding="utf-8")
    for word in DEVELOPER_WORDS:
        assert word.lower() not in readme.lower(), f"the students' README mentions {word!r}"
    assert "| # | lesson (`notebooks/`) | exercise (`exercises/`) | minutes |" in readme
    for path in notebook_paths("notebooks"):
        assert f"`{path.name}`" in readme, f"lesson {path.name} missing from the table"
    rows = [line for line in readme.splitlines() if line.startswith("| 0")]
    assert rows and all(line.count("|") == 5 for line in rows), "four columns, no solutions"
    assert "pip install -r requirements.txt" in readme and "make lab" in readme
    assert "## Keep your work" in readme and "Download" in readme and "Upload" in readme
    assert "## Self-checks" in readme and "not a grade" in readme
    assert 'student_name = ""' in readme and "`submit()`" in readme
    assert "-submission-<your" in readme and "upload it to your course site" in readme
    assert "the link your instructor gives you" in readme, "no Binder link was set"


def test_the_students_makefile_installs_the_student_packages_only(edition: Path) -> None:
    makefile = (edition / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements.txt" in makefile and "--no-deps --editable ." in makefile
    assert "requirements-dev" not in makefile and "pytest" not in makefile
    assert re.findall(r"^([a-z-]+):", makefile, re.MULTILINE) == ["lab", "setup"]
    assert not (edition / "requirements-dev.txt").exists()


def test_the_students_readme_carries_the_binder_link(tmp_path: Path) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    url = binder_url("my-uni/cartel-lab", "v1.0.0")
    assert f"[open the module on Binder]({url})" in students_readme(readme, url)
    edition = tmp_path / "own-repo"
    student_edition(edition, repo="my-uni/cartel-lab-students")
    text = (edition / "README.md").read_text(encoding="utf-8")
    own = "https://mybinder.org/v2/gh/my-uni/cartel-lab-students/main"
    assert f"({own}?urlpath=lab/tree/notebooks/00-start-here.ipynb)" in text
    assert "the link your instructor gives you" not in text
