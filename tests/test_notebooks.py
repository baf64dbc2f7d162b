"""Every notebook runs top to bottom in a fresh (offline) kernel, and the checks say what they should.

The runs are shared with the offline and determinism tests (tests/notebook_runs.py).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from cartel_lab.data import load
from tests.notebook_runs import executed, grouped, inline_call_errors, inline_calls
from tools.notebooks import notebook_paths, text_outputs


def _check_cells(notebook: nbformat.NotebookNode) -> list[str]:
    """The printed result of every `check("...")` cell."""
    return [
        text_outputs(cell)
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.strip().startswith("check(")
    ]


def _stderr(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        output.text
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]


@pytest.mark.parametrize("path", grouped(notebook_paths("notebooks")))
def test_lesson_runs_top_to_bottom_without_errors_or_warnings(
    path: Path, offline_env: dict[str, str]
) -> None:
    notebook = executed(path, offline_env)
    assert not _stderr(notebook), f"{path.name} printed warnings or errors: {_stderr(notebook)}"
    assert all(cell.execution_count for cell in notebook.cells if cell.cell_type == "code"), (
        "every code cell should have run"
    )


@pytest.mark.parametrize("path", grouped(notebook_paths("solutions")))
def test_solution_passes_every_check(path: Path, offline_env: dict[str, str]) -> None:
    notebook = executed(path, offline_env)
    results = _check_cells(notebook)
    assert results, f"{path.name} has no check cells"
    for result in results:
        assert "— passed." in result, f"a check in {path.name} did not pass:\n{result}"
    assert not _stderr(notebook)


@pytest.mark.parametrize("path", grouped(notebook_paths("exercises")))
def test_exercise_as_shipped_runs_to_the_end_with_nothing_solved(
    path: Path, offline_env: dict[str, str]
) -> None:
    notebook = executed(path, offline_env)
    results = _check_cells(notebook)
    assert results, f"{path.name} has no check cells"
    for result in results:
        assert "— not attempted yet." in result, f"a check in {path.name} says:\n{result}"
        assert "Self-check only" in result
    last = [cell for cell in notebook.cells if cell.cell_type == "code"][-1]
    assert last.execution_count, "Run All should reach the last cell"


@pytest.mark.parametrize(
    "path",
    grouped(
        [*notebook_paths("notebooks"), *notebook_paths("exercises"), *notebook_paths("solutions")]
    ),
)
def test_every_call_the_text_tells_students_to_run_runs(
    path: Path, offline_env: dict[str, str]
) -> None:
    """`sources("mexico_homicides")` in a question must work in that notebook, after its cells."""
    errors = inline_call_errors(path, offline_env)
    assert set(errors) == set(inline_calls(nbformat.read(path, as_version=4))), "every call probed"
    failed = {call: error for call, error in errors.items() if error}
    assert not failed, f"{path.name} tells students to run calls that fail: {failed}"


def test_inline_calls_are_found_in_markdown() -> None:
    """The finder is not vacuous: it sees a package call and skips templates and other code."""
    cell = nbformat.v4.new_markdown_cell(
        'See `sources("mexico_homicides")`, `load("<table>")`, `len(claims)` and `check("1.2")`.'
    )
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert inline_calls(notebook) == ['sources("mexico_homicides")', 'check("1.2")']


_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def test_counts_written_in_lesson_01_match_the_data() -> None:
    """The prose states counts; they must stay true to the tables they describe."""
    lesson = nbformat.read(notebook_paths("notebooks")[1], as_version=4)
    assert lesson.cells[0].source.startswith("# 01 ")
    text = " ".join(c.source for c in lesson.cells if c.cell_type == "markdown").lower()
    text = " ".join(text.split())
    claims, numbers, lines = load("article_claims"), load("claim_numbers"), load("analogy_lines")
    kinds = claims["primary_kind"].value_counts()
    numbered = int(claims["carries_number"].sum())
    matched = int(lines["coalition_line_of_effort"].notna().sum())
    for phrase in (
        f"as {len(claims)} claims",
        f"({kinds['empirical']} of {len(claims)})",
        f"normative claims ({kinds['normative']})",
        f"{_WORDS[numbered]} claims state quantities",
        f"{_WORDS[len(numbers)]} numbers between them",
        f"{_WORDS[matched]} of the op-ed's {_WORDS[len(lines)]} lines",
    ):
        assert phrase in text, f"lesson 01 should say {phrase!r}, as the data does"


def test_lesson_01_reading_of_kinds_with_numbers_matches_the_data() -> None:
    lesson = nbformat.read(notebook_paths("notebooks")[1], as_version=4)
    text = " ".join(c.source for c in lesson.cells if c.cell_type == "markdown")
    claims = load("article_claims")
    assert "only empirical claims carry numbers" in text
    assert set(claims.loc[claims["carries_number"], "primary_kind"]) == {"empirical"}
