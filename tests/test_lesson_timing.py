"""Lesson minutes are computed from the notebooks, and every place that shows them agrees (issue 20)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tools import lesson_timing
from tools.lesson_timing import (
    disagreements,
    lesson_time,
    lesson_times,
    readme_with_minutes,
)


def _notebook(tmp_path: Path, markdown: list[str], code_cells: int) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    notebook.cells += [nbformat.v4.new_code_cell("1 + 1") for _ in range(code_cells)]
    path = tmp_path / "09-test.ipynb"
    nbformat.write(notebook, path)
    return path


def test_the_method_words_code_cells_discussion_and_challenges(tmp_path: Path) -> None:
    header = "> **Timing:** 1 minutes teaching, 20 minutes for the exercise."
    prose = " ".join(["word"] * 1490)  # 1,500 words with the header's 10
    discuss = "## Discuss\n\n1. First?\n2. Second?\n\n## Key points\n\n1. not a question"
    challenge = "## Your turn (2 minutes)\n\nCompute it."
    path = _notebook(tmp_path, [header, prose, discuss, challenge], code_cells=7)
    time = lesson_time(path)
    words = 10 + 1490 + len(discuss.split()) + len(challenge.split())
    assert (time.words, time.code_cells) == (words, 7)
    assert (time.discussion_questions, time.challenge_minutes, time.practice) == (2, 2, 20)
    # 1,520 words / 150 + 7 code cells + 2 questions x 5 + 2 minutes = 10.1 + 7 + 10 + 2 -> 30
    assert words == 1520 and round(time.exact, 2) == 29.13 and time.teaching == 30
    assert time.readme_minutes == "30 + 20"


def test_a_whole_number_of_fives_is_not_rounded_up(tmp_path: Path) -> None:
    header = "**Timing:** 9 minutes teaching, 5 minutes"  # 6 words
    exact = _notebook(tmp_path, [header, " ".join(["word"] * 144)], code_cells=9)
    assert lesson_time(exact).teaching == 10  # 150 words = 1 minute, + 9 cells
    over = _notebook(tmp_path, [header, " ".join(["word"] * 145)], code_cells=9)
    assert lesson_time(over).teaching == 15


def test_headers_readme_and_guide_agree_with_the_computed_minutes() -> None:
    assert disagreements(lesson_times()) == [], "run tools/lesson_timing.py --write"


def test_the_readme_row_keeps_its_other_columns() -> None:
    times = {"02": lesson_times()["02"]}
    row = "| 02 | `02-violence-in-numbers.ipynb`: x | `ex` (8) | `sol` | 35 + 30 |"
    expected = f"| 02 | `02-violence-in-numbers.ipynb`: x | `ex` (8) | `sol` | {times['02'].teaching} + 30 |"
    assert readme_with_minutes(row, times) == expected
    planned = "| 06 | Testing the analogy | planned | planned | |"
    assert readme_with_minutes(planned, times) == planned, "no lesson 06 yet: left alone"
    written = readme_with_minutes(planned, {"06": times["02"]})
    assert (
        written == f"| 06 | Testing the analogy | planned | planned | {times['02'].teaching} + 30 |"
    )


def test_the_timing_line_pattern_matches_every_lesson_header() -> None:
    for path in lesson_timing.notebook_paths("notebooks"):
        first = next(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "markdown")
        assert lesson_timing.TIMING_LINE.search(first), path.name


def test_a_guide_part_without_its_lesson_time_line_gets_one() -> None:
    time = lesson_times()["02"]
    part = "# Lesson 02 · X\n\n## The real goal\n"
    written = lesson_timing.with_guide_line(part, time)
    line = lesson_timing.GUIDE_LINE.search(written)
    assert line and int(line["teaching"]) == time.teaching and int(line["practice"]) == 30
    assert written.startswith("# Lesson 02 · X\n\n**Lesson time:** ")
    assert written.endswith("\n\n## The real goal\n")
