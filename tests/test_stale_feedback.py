"""A check notices an answer cell that failed or set a misspelt name: in a REAL kernel.

The checks learn what each cell did from IPython's own events (``pre_run_cell``,
``post_run_cell``), so these tests run a notebook in a real kernel with
nbclient, the way JupyterLab runs cells: one answer cell that raises, then its
check, and so on. The expected words are written out here.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

SETUP = """\
from cartel_lab.data import load
from cartel_lab.exercises.ex01 import check, progress, submit

claims = load("article_claims")
KIND = "normative"
"""

# (answer cell, check cell) pairs, run in this order in one kernel.
STEPS = [
    ("normative_share = 0.5", 'check("1.3")'),
    ("normative_share = percent_change(1, 2)", 'check("1.3")'),
    ('normative_share = claims.loc[claims["primary_kind"] == "Normative"].iloc[0]', 'check("1.3")'),
    ('normative_shar = (claims["primary_kind"] == "normative").mean()', 'check("1.3")'),
    ('normative_share = (claims["primary_kind"] == "normative").mean()', 'check("1.3")'),
    ('claims_per_kind = claims["primary_kin"].value_counts()', 'check("1.2")'),
    ('numbered_claims = claims.loc[claims["carries_number"], "claim_id"].tolist(', 'check("1.1")'),
    ("missing_line = undefined_name_here", 'check("1.5")'),
    ('normative_share = claims.loc[claims["primary_kind"] == "KIND"].iloc[0]', 'check("1.3")'),
    ("", "str(progress())"),
]


def _notebook(cells: list[str]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


def _text(cell: nbformat.NotebookNode) -> str:
    return "\n".join(
        output.get("data", {}).get("text/plain", "")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "execute_result"
    )


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """What each check cell of STEPS showed, run in one real kernel."""
    folder = tmp_path_factory.mktemp("stale")
    cells = [SETUP]
    for answer, check in STEPS:
        cells += [answer, check] if answer else [check]
    notebook = _notebook(cells)
    env = {k: v for k, v in os.environ.items() if k != "CARTEL_LAB_RECORD_KEYS"}
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute(cwd=str(folder), env=env)
    checks = [c for c in notebook.cells if "check(" in c.source or "progress()" in c.source]
    return [_text(cell) for cell in checks[-len(STEPS) :]]


def test_a_first_wrong_answer_is_graded(shown: list[str]) -> None:
    assert "Question 1.3 — not yet: wrong value." in shown[0], shown[0]
    assert "Your value, 0.5, is too high." in shown[0]


def test_a_lesson_function_not_imported_is_named_with_its_import(shown: list[str]) -> None:
    text = shown[1]
    assert "Question 1.3 — not yet: the answer cell stopped with an error." in text, text
    assert "Your answer cell stopped with NameError: `percent_change` is not defined here" in text
    assert "a new notebook starts empty" in text
    assert "`from cartel_lab.violence import percent_change`" in text
    assert "still holds the value of an earlier run, so it is not checked" in text
    assert "too high" not in text, "the old value is not graded again"


def test_an_empty_selection_is_explained_not_graded(shown: list[str]) -> None:
    text = shown[2]
    assert "stopped with an error" in text and "IndexError" in text, text
    assert "a selection in it is empty" in text
    assert "too high" not in text


def test_a_misspelt_answer_name_is_a_spelling_problem_not_not_attempted(shown: list[str]) -> None:
    text = shown[3]
    assert "Question 1.3 — not yet: check the spelling." in text, text
    assert "Your cell set `normative_shar`, but this check reads `normative_share`" in text


def test_the_answer_cell_run_right_passes_again(shown: list[str]) -> None:
    assert "Question 1.3 — passed." in shown[4], shown[4]


def test_a_mistyped_column_gets_did_you_mean(shown: list[str]) -> None:
    text = shown[5]
    assert "stopped with an error" in text, text
    assert "KeyError: there is no column or label 'primary_kin' (did you mean 'primary_kind'?)" in (
        text
    )
    assert "still holds" not in text, "nothing was set before"


def test_a_syntax_error_is_named(shown: list[str]) -> None:
    text = shown[6]
    assert "Question 1.1 — not yet: the answer cell stopped with an error." in text, text
    assert "Python could not read your answer cell" in text


def test_an_unknown_name_that_is_no_lesson_function(shown: list[str]) -> None:
    text = shown[7]
    assert "`undefined_name_here` is not defined here" in text, text
    assert "Make it in this notebook first" in text


def test_a_variable_name_in_quotes_is_pointed_out(shown: list[str]) -> None:
    text = shown[8]
    assert "IndexError" in text, text
    assert 'Note: "KIND" in quotes is the text KIND, not the variable `KIND`' in text


def test_progress_reports_the_stopped_cells_without_raising(shown: list[str]) -> None:
    text = shown[9]
    assert "Question 1.3: not yet: the answer cell stopped with an error" in text, text
    assert "Question 1.2: not yet: the answer cell stopped with an error" in text


def test_an_answer_run_after_saving_stops_the_submission(tmp_path: Path) -> None:
    """The saved file lacks the answer cell the kernel ran last: no zip, and it says why."""
    saved = _notebook([SETUP, "normative_share = 0.5", 'check("1.3")', "submit()"])
    path = tmp_path / "01-saved.ipynb"
    nbformat.write(saved, path)
    future = time.time() + 3600  # so that the file-time guard does not answer first
    os.utime(path, (future, future))
    ran = _notebook([SETUP, "normative_share = 0.25", 'check("1.3")', 'submit("01-saved.ipynb")'])
    env = {k: v for k, v in os.environ.items() if k != "CARTEL_LAB_RECORD_KEYS"}
    NotebookClient(ran, timeout=120, kernel_name="python3", allow_errors=True).execute(
        cwd=str(tmp_path), env=env
    )
    text = _text(ran.cells[-1])
    assert "No submission written yet." in text, text
    assert "The answer you last ran for question 1.3 is not in the saved notebook." in text
    assert not (tmp_path / "submissions").exists()
