"""The open ("think it over") answers of an exercise notebook, read as text, never run.

An exercise's open questions are Markdown cells that ``make exercises`` gave a
prompt (``_Type your answer here, replacing this text._``) in place of the
solution's sample answer. The student replaces the prompt with an answer. To
read the answers back, a saved notebook is compared with the exercise as
generated (its *template*): the template cell with the same cell id (or, in an
older notebook without ids, at the same position) tells which text is the
question and where each answer sits.

``submit()`` stores the answers in the submission's ``results.json``; the class
summary (``cartel_lab.classroom``) reads them back, or extracts them from the
notebook in an older zip. Both treat the notebook as data: JSON is parsed,
nothing in it is executed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cartel_lab.paths import data_dir

# The prompt `tools/make_exercises.py` writes (it imports this constant through
# `cartel_lab.submission`, so the two cannot differ).
PROMPT = "_Type your answer here, replacing this text._"


@dataclass(frozen=True)
class OpenAnswer:
    """One open question of an exercise and what the student wrote for it.

    ``answer`` is "" when the prompt was left or the cell is missing;
    ``separated`` is False when the student also edited the question, so the
    answer could not be told from it and ``answer`` holds the whole cell.
    """

    id: str
    question: str
    answer: str
    separated: bool = True

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (stored in results.json)."""
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "separated": self.separated,
        }


def template_path(number: str) -> Path | None:
    """The generated exercise notebook ``exercises/NN-*-exercise.ipynb``, if it is here."""
    try:
        folder = data_dir().parent / "exercises"
    except FileNotFoundError:
        return None
    found = sorted(folder.glob(f"{number}-*-exercise.ipynb"))
    return found[0] if found else None


def load_template(number: str) -> Mapping[str, Any] | None:
    """The exercise notebook as generated, parsed as JSON; None when it cannot be read."""
    path = template_path(number)
    if path is None:
        return None
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return notebook if isinstance(notebook, dict) else None


def cell_text(cell: Any) -> str:
    """A cell's source as one string ('' for anything that is not a well-formed cell)."""
    if not isinstance(cell, Mapping):
        return ""
    source = cell.get("source")
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def _cells(notebook: Any) -> list[Any]:
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    return cells if isinstance(cells, list) else []


def _question_text(segment: str) -> str:
    """The question before a prompt, without its section heading."""
    lines = [line for line in segment.strip().splitlines() if not line.startswith("#")]
    return "\n".join(lines).strip()


def open_answers(notebook: Any, template: Mapping[str, Any], number: str) -> list[OpenAnswer]:
    """Every open question of ``template`` with the answer ``notebook`` gives to it.

    Ids are ``NN.open1``, ``NN.open2``, ... in notebook order. Never raises on
    a malformed ``notebook``: what cannot be found is an empty answer.
    """
    saved = _cells(notebook)
    by_id = {cell.get("id"): cell for cell in saved if isinstance(cell, Mapping) and cell.get("id")}
    found: list[OpenAnswer] = []
    for index, cell in enumerate(_cells(template)):
        source = cell_text(cell)
        if cell.get("cell_type") != "markdown" or PROMPT not in source:
            continue
        student = by_id.get(cell.get("id"))
        if student is None and not by_id and index < len(saved):
            student = saved[index]
        segments = source.split(PROMPT)
        answers = _answers_between(cell_text(student), segments)
        for segment, (answer, separated) in zip(segments[:-1], answers, strict=True):
            found.append(
                OpenAnswer(
                    id=f"{number}.open{len(found) + 1}",
                    question=_question_text(segment),
                    answer=answer,
                    separated=separated,
                )
            )
    return found


def _answers_between(text: str, segments: Sequence[str]) -> list[tuple[str, bool]]:
    """The text between the template's fixed segments, one answer per prompt.

    When a fixed segment cannot be found (the student edited the question), the
    answers cannot be told apart: each gets the whole cell, marked not separated.
    """
    prompts = len(segments) - 1
    if not text.strip():
        return [("", True)] * prompts
    answers: list[tuple[str, bool]] = []
    first = segments[0].strip()
    start = text.find(first)  # 0 when the cell opens with the prompt
    if start < 0:
        return [(_unprompted(text), False)] * prompts
    position = start + len(first)
    for segment in segments[1:]:
        fixed = segment.strip()
        end = text.find(fixed, position) if fixed else len(text)
        if end < 0:
            return [(_unprompted(text), False)] * prompts
        answers.append((_unprompted(text[position:end]), True))
        position = end + len(fixed)
    return answers


def _unprompted(text: str) -> str:
    """The answer without the prompt a student left in place ('' when only the prompt is left)."""
    return text.replace(PROMPT, "").strip()
