"""Regenerate exercises/ and the answer keys from the solution notebooks.

Each notebook in solutions/ is the single source of its exercise. In code
cells it marks solution code with otter-grader's marker grammar:

- ``name = expression  # SOLUTION``: the student sees ``name = ...``;
- ``statement  # SOLUTION NO PROMPT``: the line is dropped;
- ``# BEGIN SOLUTION`` ... ``# END SOLUTION``: the block becomes ``...``
  (``# BEGIN SOLUTION NO PROMPT`` drops it);
- ``# BEGIN PROMPT`` ... ``# END PROMPT``: commented-out lines that the
  student sees uncommented (a starting point to fill in);

and in Markdown cells ``<!-- BEGIN SOLUTION -->`` ... ``<!-- END SOLUTION -->``
becomes a prompt for the student's own answer. Outputs and execution counts
are cleared. The answer keys are the solutions' own answers, recorded by
running each solution with ``CARTEL_LAB_RECORD_KEYS`` set.

Usage: ``python tools/make_exercises.py`` (write) or ``--check`` (exit 1 when
exercises/ or the keys are out of date).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import nbformat

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cartel_lab.checking import KEYS_DIR, RECORD_ENV_VAR, encode_key
from cartel_lab.submission import OPEN_ANSWER_PROMPT
from tools.notebooks import REPO_ROOT, cleared, notebook_paths, run_notebook

_ONE_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<code>.*?)\s*#\s*SOLUTION(?P<no_prompt>\s+NO PROMPT)?\s*$"
)
_ASSIGNMENT = re.compile(r"^(?P<target>[A-Za-z_][\w\.\[\]'\", ]*?)\s*=(?!=)")
_BEGIN = re.compile(r"^\s*#\s*BEGIN SOLUTION(?P<no_prompt>\s+NO PROMPT)?\s*$")
_END = re.compile(r"^\s*#\s*END SOLUTION\s*$")
_BEGIN_PROMPT = re.compile(r"^\s*#\s*BEGIN PROMPT\s*$")
_END_PROMPT = re.compile(r"^\s*#\s*END PROMPT\s*$")
_COMMENT = re.compile(r"^(?P<indent>\s*)# ?(?P<code>.*)$")
_MARKDOWN_BLOCK = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->.*?<!--\s*END SOLUTION\s*-->", re.DOTALL)
MARKDOWN_PROMPT = OPEN_ANSWER_PROMPT  # submit() names an open answer still at this prompt


def strip_code(source: str) -> str:
    """Replace the solution code in one code cell by stubs."""
    lines: list[str] = []
    in_block = in_prompt = False
    for line in source.splitlines():
        if _BEGIN_PROMPT.match(line) or _END_PROMPT.match(line):
            in_prompt = bool(_BEGIN_PROMPT.match(line))
            continue
        if in_prompt:
            comment = _COMMENT.match(line)
            lines.append(comment.group("indent") + comment.group("code") if comment else line)
            continue
        begin = _BEGIN.match(line)
        if begin:
            in_block = True
            if not begin.group("no_prompt"):
                lines.append(line[: len(line) - len(line.lstrip())] + "...")
            continue
        if _END.match(line):
            in_block = False
            continue
        if in_block:
            continue
        marked = _ONE_LINE.match(line)
        if marked and not line.lstrip().startswith("#"):
            if marked.group("no_prompt"):
                continue
            assignment = _ASSIGNMENT.match(marked.group("code"))
            stub = f"{assignment.group('target')} = ..." if assignment else "..."
            lines.append(marked.group("indent") + stub)
            continue
        lines.append(line)
    if in_block or in_prompt:
        raise ValueError("A '# BEGIN SOLUTION' or '# BEGIN PROMPT' has no matching END.")
    return "\n".join(lines)


def strip_markdown(source: str) -> str:
    """Replace sample answers in one Markdown cell by a prompt."""
    return _MARKDOWN_BLOCK.sub(MARKDOWN_PROMPT, source)


def exercise_from_solution(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Build the student's notebook from a solution notebook."""
    exercise = cleared(solution)
    for cell in exercise.cells:
        if cell.cell_type == "code":
            cell.source = strip_code(cell.source)
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source)
    return exercise


def render(notebook: nbformat.NotebookNode) -> str:
    """The exact text a notebook is saved as."""
    return nbformat.writes(notebook) + "\n"


def expected_exercises() -> dict[Path, str]:
    """What every exercise file should contain, from the current solutions."""
    return {
        exercise_path(path): render(exercise_from_solution(nbformat.read(path, as_version=4)))
        for path in notebook_paths("solutions")
    }


SOLUTION_SUFFIX = "-solution"
EXERCISE_SUFFIX = "-exercise"


def exercise_path(solution: Path) -> Path:
    """exercises/01-the-argument-exercise.ipynb for solutions/01-the-argument-solution.ipynb.

    The suffixes keep a lesson, its exercise and its solution apart in a
    JupyterLab tab, where only the file name shows.
    """
    if not solution.stem.endswith(SOLUTION_SUFFIX):
        raise ValueError(f"{solution.name}: a solution's file name must end in '-solution.ipynb'.")
    stem = solution.stem.removesuffix(SOLUTION_SUFFIX) + EXERCISE_SUFFIX
    return REPO_ROOT / "exercises" / f"{stem}.ipynb"


def exercise_number(notebook: Path) -> str:
    """'01' for solutions/01-the-argument-solution.ipynb (or its exercise)."""
    return notebook.name.split("-", 1)[0]


def recorded_key(solution: Path) -> dict[str, str]:
    """Run a solution notebook and return its answers as a packed answer key."""
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "answers.json"
        run_notebook(solution, env={RECORD_ENV_VAR: str(record)})
        answers = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    return {question: encode_key(value) for question, value in sorted(answers.items())}


def expected_keys() -> dict[Path, str]:
    """What every answer-key file should contain, from running the current solutions."""
    return {
        KEYS_DIR / f"{exercise_number(path)}.json": json.dumps(recorded_key(path), indent=1) + "\n"
        for path in notebook_paths("solutions")
    }


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, verify) exercises/ and the answer keys."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if anything is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in {**expected_exercises(), **expected_keys()}.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(REPO_ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "written"
    for path in stale:
        print(f"{verb}: {path}")
    if args.check and stale:
        print("Run `make exercises` to regenerate them from solutions/.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
