"""Exercises test transfer, not copying: no checked number is already shown by its lesson.

An exercise asks the lesson's skill on other rows, years or scenarios. So no
numeric answer key of exercise NN may appear, in any of its usual roundings,
in the executed outputs or the prose of lesson NN. Whole numbers under 100 are
passed over (counts that small appear everywhere); other keys are looked for
with 0, 1 and 2 decimals, with and without thousands separators, ignoring sign.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from cartel_lab.answer_types import Number
from tests.exercise_modules import exercise_modules
from tests.notebook_runs import executed, grouped
from tools.notebooks import notebook_paths

EXERCISES = {module.EXERCISE.number: module.EXERCISE for module in exercise_modules()}
LESSONS = [path for path in notebook_paths("notebooks") if path.name[:2] in EXERCISES]
_TAG = re.compile(r"<[^>]+>")


def shown_forms(value: float) -> set[str]:
    """How a lesson could print ``value``: 1234.567 -> {'1235', '1,235', '1234.6', '1,234.57', ...}."""
    size = abs(float(value))
    if size == round(size) and size < 100:
        return set()
    forms: set[str] = set()
    for decimals in (0, 1, 2):
        if decimals == 0 and size < 100:
            continue
        text = f"{size:.{decimals}f}"
        if sum(ch.isdigit() for ch in text.lstrip("0.")) < 3 and decimals:
            continue
        forms |= {text, f"{size:,.{decimals}f}"}
    return forms


def appears(form: str, text: str) -> bool:
    """``form`` stands in ``text`` as a whole number, not inside a longer one or a word.

    Letters count as part of a word, so the random hexadecimal id of a drawn
    chart (``altair-viz-9c129e...``) is never read as the number 129.
    """
    return re.search(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", text) is not None


def shown_text(notebook: nbformat.NotebookNode) -> str:
    """The prose and every output a student reads in an executed notebook."""
    parts: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                parts.append(output.data.get("text/plain", ""))
                parts.append(html.unescape(_TAG.sub(" ", output.data.get("text/html", ""))))
    return "\n".join(parts)


def test_shown_forms_and_appears() -> None:
    assert shown_forms(-23.41) == {"23.4", "23.41"}
    assert {"18,294", "18294", "18294.0", "18,294.0"} <= shown_forms(18294)
    assert shown_forms(8) == set()
    assert appears("23.4", "a fall of −23.4 %")
    assert not appears("23.4", "123.4 or 23.45")
    assert not appears("129", 'id="altair-viz-9ce129fa"')
    assert appears("129", "about 129 million people (129,000 thousand)")


@pytest.mark.parametrize("path", grouped(LESSONS))
def test_no_checked_number_of_the_exercise_is_shown_by_its_lesson(
    path: Path, offline_env: dict[str, str]
) -> None:
    exercise = EXERCISES[path.name[:2]]
    text = shown_text(executed(path, offline_env))
    copied = []
    for question in exercise.questions:
        if not isinstance(question.answer_type, Number):
            continue
        key = exercise.key(question)
        shown = sorted(form for form in shown_forms(key) if appears(form, text))
        if shown:
            copied.append(f"{question.id} ({question.answer_name}): lesson shows {shown}")
    assert not copied, (
        f"exercise {exercise.number} asks for numbers lesson {path.name} already shows; ask the "
        "same skill on other rows, years or scenarios:\n" + "\n".join(copied)
    )
