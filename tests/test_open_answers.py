"""Open answers are read back from a saved notebook as the student left it.

The cases are the ways a real notebook differs from its template: cells moved or
deleted, an older notebook without cell ids, a question quoted in its answer, a
cell that is not a cell. Each reads the notebook as data and never raises.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cartel_lab import open_answers as module
from cartel_lab.open_answers import PROMPT, cell_text, load_template, open_answers, template_path

QUESTION = "## Think it over\n\n**A.** Say why.\n\n" + PROMPT + "\n\n**B.** Say why.\n\n" + PROMPT


def markdown(source: str, cell_id: str | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": "markdown", "metadata": {}, "source": source}
    if cell_id is not None:
        cell["id"] = cell_id
    return cell


def code(source: str, cell_id: str) -> dict[str, Any]:
    return {"cell_type": "code", "id": cell_id, "metadata": {}, "source": source, "outputs": []}


TEMPLATE = {
    "cells": [
        markdown("# Exercise 99", "intro"),
        code("x = 1", "work"),
        markdown(QUESTION, "think"),
    ]
}


def answered(first: str, second: str) -> str:
    """The question cell as a student fills it in: each prompt replaced by an answer."""
    return QUESTION.replace(PROMPT, first, 1).replace(PROMPT, second, 1)


def saved_with(text: str) -> dict[str, Any]:
    notebook = copy.deepcopy(TEMPLATE)
    notebook["cells"][2]["source"] = text
    return notebook


def read(notebook: Any) -> list[tuple[str, str, bool]]:
    return [(a.id, a.answer, a.separated) for a in open_answers(notebook, TEMPLATE, "99")]


def test_each_answer_is_the_text_between_its_question_and_the_next() -> None:
    found = open_answers(saved_with(answered("Because A.", "Because B.")), TEMPLATE, "99")
    assert [(a.id, a.question, a.answer, a.separated) for a in found] == [
        ("99.open1", "**A.** Say why.", "Because A.", True),
        ("99.open2", "**B.** Say why.", "Because B.", True),
    ]


def test_an_answer_that_quotes_the_question_keeps_the_quote() -> None:
    """Both questions end in "Say why."; the second answer repeats the words too."""
    text = answered("First.", "**B.** Say why. Because the second.")
    assert read(saved_with(text)) == [
        ("99.open1", "First.", True),
        ("99.open2", "**B.** Say why. Because the second.", True),
    ]


def test_a_line_added_above_the_question_is_not_part_of_the_answer() -> None:
    text = "My notes for later.\n\n" + answered("One.", "Two.")
    assert read(saved_with(text)) == [("99.open1", "One.", True), ("99.open2", "Two.", True)]


def test_a_cell_that_opens_with_the_prompt_reads_from_its_first_character() -> None:
    template = {"cells": [markdown(PROMPT, "only")]}
    saved = {"cells": [markdown("Answer.", "only")]}
    found = open_answers(saved, template, "99")
    assert [(a.question, a.answer, a.separated) for a in found] == [("", "Answer.", True)]


def test_two_questions_worded_alike_each_get_their_own_answer() -> None:
    template = {"cells": [markdown(f"Say why.\n\n{PROMPT}\n\nSay why.\n\n{PROMPT}", "q")]}
    saved = {"cells": [markdown("Say why.\n\nFirst.\n\nSay why.\n\nSecond.", "q")]}
    found = open_answers(saved, template, "99")
    assert [(a.answer, a.separated) for a in found] == [("First.", True), ("Second.", True)]


def test_a_first_answer_deleted_with_its_prompt_is_empty_and_the_second_still_read() -> None:
    template = {"cells": [markdown(f"{PROMPT}\n\nAnd why?\n\n{PROMPT}", "q")]}
    saved = {"cells": [markdown("And why?\n\nBecause.", "q")]}
    found = open_answers(saved, template, "99")
    assert [(a.question, a.answer, a.separated) for a in found] == [
        ("", "", True),
        ("And why?", "Because.", True),
    ]


def test_prompts_left_in_place_and_a_cleared_cell_are_empty_answers() -> None:
    assert read(saved_with(QUESTION)) == [("99.open1", "", True), ("99.open2", "", True)]
    assert read(saved_with("")) == [("99.open1", "", True), ("99.open2", "", True)]


def test_an_edited_question_gives_the_whole_cell_to_each_answer_marked_not_separated() -> None:
    text = answered("One.", "Two.").replace("**B.** Say why.", "B: why")
    whole = text.strip()
    assert read(saved_with(text)) == [("99.open1", whole, False), ("99.open2", whole, False)]
    assert read(saved_with("I wrote my own cell.")) == [
        ("99.open1", "I wrote my own cell.", False),
        ("99.open2", "I wrote my own cell.", False),
    ]


def test_cells_are_matched_by_id_when_the_student_moved_or_added_cells() -> None:
    saved = saved_with(answered("One.", "Two."))
    saved["cells"].insert(0, markdown("A cell I added.", "mine"))
    assert read(saved) == [("99.open1", "One.", True), ("99.open2", "Two.", True)]


def test_a_deleted_question_cell_is_an_empty_answer_not_the_cell_at_its_place() -> None:
    saved = saved_with(answered("One.", "Two."))
    saved["cells"][2] = markdown(answered("Not here.", "Nor here."), "elsewhere")
    assert read(saved) == [("99.open1", "", True), ("99.open2", "", True)]


def test_a_notebook_without_cell_ids_is_matched_by_position() -> None:
    saved = saved_with(answered("One.", "Two."))
    for cell in saved["cells"]:
        del cell["id"]
    assert read(saved) == [("99.open1", "One.", True), ("99.open2", "Two.", True)]
    saved["cells"] = saved["cells"][:2]  # shorter than the template: the cell is missing
    assert read(saved) == [("99.open1", "", True), ("99.open2", "", True)]


def test_only_markdown_cells_with_the_prompt_are_questions() -> None:
    template = {
        "cells": [
            code(f"print({PROMPT!r})", "code"),
            markdown("No prompt here.", "plain"),
            markdown("Why?\n\n" + PROMPT, "q"),
        ]
    }
    saved = {"cells": [*template["cells"][:2], markdown("Why?\n\nBecause.", "q")]}
    found = open_answers(saved, template, "99")
    assert [(a.id, a.question, a.answer) for a in found] == [("99.open1", "Why?", "Because.")]


@pytest.mark.parametrize(
    ("notebook", "answers"),
    [
        (None, ["", ""]),
        (["not", "a", "notebook"], ["", ""]),
        ({"cells": 5}, ["", ""]),
        ({"cells": {"id": "think"}}, ["", ""]),
        (
            {"cells": ["a string", None, 3, markdown(answered("One.", "Two."), "think")]},
            ["One.", "Two."],
        ),
    ],
    ids=["None", "a list", "cells a number", "cells a mapping", "cells of every kind"],
)
def test_a_malformed_notebook_never_raises(notebook: Any, answers: list[str]) -> None:
    assert [answer for _, answer, _ in read(notebook)] == answers


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ({"source": ["a", 3, "b"]}, "ab"),
        ({"source": "plain"}, "plain"),
        ({"source": 5}, ""),
        ({}, ""),
        ("not a cell", ""),
    ],
)
def test_cell_text_joins_the_source_and_ignores_what_is_not_text(cell: Any, text: str) -> None:
    assert cell_text(cell) == text


def test_the_template_is_the_generated_exercise_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = template_path("02")
    assert path is not None and path.name == "02-violence-in-numbers-exercise.ipynb"
    assert load_template("02")["cells"][0]["cell_type"] == "markdown"  # type: ignore[index]
    assert template_path("99") is None and load_template("99") is None
    (tmp_path / "data").mkdir()
    (tmp_path / "exercises").mkdir()
    monkeypatch.setattr(module, "data_dir", lambda: tmp_path / "data")
    (tmp_path / "exercises" / "98-list-exercise.ipynb").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "exercises" / "97-broken-exercise.ipynb").write_text("{", encoding="utf-8")
    assert load_template("98") is None and load_template("97") is None
    notebook = {"cells": [], "metadata": {"title": "Ejercicio de análisis"}}
    (tmp_path / "exercises" / "96-ok-exercise.ipynb").write_text(
        json.dumps(notebook, ensure_ascii=False), encoding="utf-8"
    )
    assert load_template("96") == notebook


def test_no_data_folder_means_no_template(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Path:
        raise FileNotFoundError("no data folder")

    monkeypatch.setattr(module, "data_dir", missing)
    assert template_path("02") is None and load_template("02") is None
