"""Give every solution (and so every exercise) the student's name cell and the hand-in note.

Usage: ``.venv/bin/python tools/solution_handin.py`` (write) or ``--check``
(exit 1 when a solution lacks either). ``make footers`` runs it, then
regenerates the exercises. Idempotent: safe to rerun after a merge.

- A code cell ``student_name = ""`` right after the title cell, so that
  ``submit()`` can put the student's name in the zip's file name and results.
- The "Hand in your work" note tells students to check that cell and names
  the zip ``submissions/<exercise>-submission-<your name>.zip``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.notebook_footer import cell_source, read_json, source_lines, write_json
from tools.notebooks import REPO_ROOT, notebook_paths

NAME_CELL = (
    "# Your name or student id, as your course site knows you, between the quotes. submit()\n"
    "# puts it in the name of the file you hand in, so your instructor knows whose work it is.\n"
    'student_name = ""'
)
CHECK_NAME = (
    "1. Check that your name or student id is in the `student_name` cell at the top, "
    "and that you ran it.\n"
)
# (old, new) replacements that turn the earlier hand-in note into the named one.
HANDIN_EDITS = (
    (
        "1. Save the notebook: **Ctrl + S** (**Cmd + S** on a Mac).\n2. Run the cell below.",
        f"{CHECK_NAME}2. Save the notebook: **Ctrl + S** (**Cmd + S** on a Mac).\n"
        "3. Run the cell below.",
    ),
    ("-submission.zip`", "-submission-<your name>.zip`"),
    ("and your\n   self-check results.", "and your\n   self-check results and open answers."),
    ("\n3. Click the download link", "\n4. Click the download link"),
)


def name_cell_id(path: Path) -> str:
    """s02-student-name for solutions/02-...-solution.ipynb."""
    return f"s{path.name[:2]}-student-name"


def with_handin(notebook: dict[str, Any], path: Path) -> bool:
    """Add the name cell and update the hand-in note; return True when anything changed."""
    cells = notebook["cells"]
    changed = False
    if not any(cell.get("id") == name_cell_id(path) for cell in cells):
        like = next(cell for cell in cells if cell["cell_type"] == "code")
        cell = dict.fromkeys(like)  # the key order this notebook's code cells use
        cell.update(
            cell_type="code",
            execution_count=None,
            id=name_cell_id(path),
            metadata={},
            outputs=[],
            source=source_lines(NAME_CELL),
        )
        cells.insert(1, cell)
        changed = True
    for cell in cells:
        text = cell_source(cell)
        if cell["cell_type"] != "markdown" or not text.startswith("## Hand in your work"):
            continue
        if CHECK_NAME in text:
            continue
        for old, new in HANDIN_EDITS:
            text = text.replace(old, new)
        cell["source"] = source_lines(text)
        changed = True
    return changed


def handin_problems(path: Path) -> str:
    """'' when a solution has the name cell and the named hand-in note, else what is missing."""
    cells = read_json(path)["cells"]
    name = path.relative_to(REPO_ROOT)
    if not any(cell.get("id") == name_cell_id(path) for cell in cells):
        return f"{name}: no student_name cell"
    notes = [cell_source(c) for c in cells if cell_source(c).startswith("## Hand in your work")]
    if not notes or CHECK_NAME not in notes[0] or "-submission-<your name>.zip`" not in notes[0]:
        return f"{name}: the hand-in note does not ask for the name"
    return ""


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, verify) the name cell and hand-in note of every solution."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a solution lacks them")
    args = parser.parse_args(argv)
    paths = notebook_paths("solutions")
    if args.check:
        problems = [problem for path in paths if (problem := handin_problems(path))]
        print("\n".join(problems) or "Every solution asks for the student's name.")
        return 1 if problems else 0
    for path in paths:
        notebook = read_json(path)
        if with_handin(notebook, path):
            write_json(notebook, path)
            print(f"hand-in written: {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
