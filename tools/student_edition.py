"""Write the students' edition of the module: everything but what gives answers away.

Usage: ``make student-edition DEST=../cartel-lab-students`` (or
``.venv/bin/python tools/student_edition.py DEST``; ``--repo owner/name`` or
``STUDENT_REPO=owner/name`` when the students' copy has its own repository and
Binder link). DEST must not exist yet, or be an empty folder, outside this
repository. Push the result as the repository that the students' Binder (or
nbgitpuller) link points to.

Left out: ``solutions/`` (the worked answers), ``tests/`` (they hold right and
wrong answers to test the checks), the instructor guide (``instructors/``), the
authoring and measuring tools (``tools/``), the development requirements and
CI (``.ci/``). Everything a student runs stays: lessons, exercises, data, the
``cartel_lab`` package with its answer keys (stored compressed, so not readable
at a glance; self-checks cannot work without them), the environment files and
``postBuild`` for Binder. Two files are written for students instead of
copied: ``README.md`` (what the module is, how to open it, keep and hand in
work, what self-checks are; no developer commands, no solutions) and a
``Makefile`` whose ``make lab`` installs the student packages only.

Only files git tracks are copied (what a clone would hold), so local
``.venv``, ``submissions/`` and caches never leak into the copy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.binder_link import binder_url, link_in
from tools.notebooks import REPO_ROOT

# Paths (relative, POSIX) left out of the students' edition; a folder ends in "/".
LEFT_OUT = (
    "solutions/",
    "tests/",
    ".ci/",
    "instructors/",
    "tools/",
    "requirements-dev.txt",
)
# Written for students instead of copied.
WRITTEN = ("README.md", "Makefile")
EDITION_NOTE = (
    "> **Student edition.** This copy has the lessons, exercises and data; the solutions, "
    "the tests and the instructor guide are kept by your instructor.\n"
)
STUDENT_MAKEFILE = """\
# One command sets up the module on your own computer (Python 3.11 or newer and make):
#   make lab    installs the module's packages into ./.venv and opens JupyterLab
# It installs only what the lessons need (requirements.txt) and the module's own package.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab setup

lab: setup
\t$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00-start-here.ipynb

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
\t$(PYTHON) -m venv $(VENV)
\t$(BIN)/python -m pip install --quiet -r requirements.txt
\t$(BIN)/python -m pip install --quiet --no-deps --editable .
\ttouch $(STAMP)
"""


def tracked_files(root: Path = REPO_ROOT) -> list[str]:
    """The files git tracks in ``root`` (relative POSIX paths)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True
    ).stdout.decode("utf-8")
    return sorted(name for name in listing.split("\0") if name and (root / name).is_file())


def left_out(name: str) -> bool:
    """True for a path the students' edition does not contain."""
    return any(name == path or (path.endswith("/") and name.startswith(path)) for path in LEFT_OUT)


def student_edition(
    destination: Path, root: Path = REPO_ROOT, repo: str | None = None
) -> list[str]:
    """Copy the students' edition of ``root`` to ``destination``; return the files copied.

    ``repo`` (owner/name) is the students' own repository, for their Binder
    link; without it, the link ``make binder-link`` wrote in the README is used.
    """
    destination = destination.resolve()
    if destination == root or root in destination.parents:
        raise ValueError(f"{destination} is inside the repository; choose a folder outside it.")
    if destination.exists() and any(destination.iterdir()):
        raise ValueError(f"{destination} is not empty; choose a new or empty folder.")
    copied = [name for name in tracked_files(root) if not left_out(name)]
    for name in copied:
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    readme = (root / "README.md").read_text(encoding="utf-8")
    link = binder_url(repo) if repo else link_in(readme)
    (destination / "README.md").write_text(students_readme(readme, link), encoding="utf-8")
    (destination / "Makefile").write_text(STUDENT_MAKEFILE, encoding="utf-8")
    return copied


def lessons_table(readme: str) -> str:
    """The README's lessons table without its solutions column."""
    lines = [line for line in readme.splitlines() if line.startswith("| ")]
    start = next(i for i, line in enumerate(lines) if "lesson (`notebooks/`)" in line)
    rows = [
        "| # | lesson (`notebooks/`) | exercise (`exercises/`) | minutes |",
        "|---|---|---|---|",
    ]
    for line in lines[start + 1 :]:
        cells = [cell.strip() for cell in line.strip()[1:-1].split("|")]
        if len(cells) != 5:
            break
        number, lesson, exercise, _solution, minutes = cells
        rows.append(f"| {number} | {lesson} | {exercise} | {minutes} |")
    return "\n".join(rows)


def _intro(readme: str) -> str:
    """The README's opening paragraphs (what the module is), up to its first section."""
    body = readme.split("\n", 1)[1]
    return body.split("\n## ", 1)[0].strip()


def students_readme(readme: str, link: str | None = None) -> str:
    """The students' README: what the module is, how to open it, keep and hand in work.

    ``link`` is the Binder link; without one the README says the instructor gives it.
    """
    title = readme.split("\n", 1)[0]
    if link:
        start = (
            f"**In the browser, nothing to install:** [open the module on Binder]({link}). "
            "The first start can take a few minutes."
        )
    else:
        start = (
            "**In the browser, nothing to install:** open the link your instructor gives you "
            "(Binder or your university's JupyterHub); it opens the first notebook."
        )
    return f"""{title}

{EDITION_NOTE}
{_intro(readme)}

## Start

{start}

**On your own computer** (Python 3.11 or newer): download this repository, then either run
`make lab`, or, without `make`:

```
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt
.venv/bin/pip install --no-deps --editable .
.venv/bin/jupyter lab notebooks/00-start-here.ipynb
```

Both install only what the lessons need. Start with `notebooks/00-start-here.ipynb`: it shows
how notebooks, widgets and self-checks work.

## The lessons

{lessons_table(readme)}

Minutes are teaching time + exercise time. Each lesson ends with key points; its exercise is
in `exercises/`.

## Keep your work

Binder sessions are temporary: a session is deleted after about 10 minutes without activity,
and your changes with it.

1. Before you leave, download your notebook: right-click it in the file browser → **Download**.
2. To resume, open the link again, drag your downloaded notebook into the file browser (or use
   the **Upload** button) and open it.

On your own computer or a JupyterHub, save as usual (Ctrl + S, or Cmd + S on a Mac).

## Self-checks

In an exercise, replace each `...` with your answer, run the cell, then run the check cell
below it: `check("2.3")` says in words whether your answer passes, and if not, what to look at
again. Some lessons have short "Your turn" challenges checked the same way. `progress()` lists
which checks pass. **Self-checks help you learn; they are not a grade**, and the open questions
("Think it over") are not checked at all: your instructor reads them.

## Hand in your work

1. Write your name or student id in the `student_name = ""` cell near the end of the exercise
   (between the quotes) and run it.
2. Save the notebook (Ctrl + S, or Cmd + S on a Mac).
3. Run the last cell, `submit()`. It writes one zip file, `submissions/<exercise>-submission-<your
   name>.zip`, beside the notebook: your notebook as saved, an HTML copy and your self-check
   results and open answers. It works without internet.
4. Download it (click the link it shows, or right-click the file in `submissions` → **Download**)
   and upload it to your course site.

## Licence

The lessons, exercises and the module's own tables are under
[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/), the code under the MIT licence
(`LICENSE`); data from other sources keep their own terms (`data/README.md`).
"""


def main(argv: list[str] | None = None) -> int:
    """Write the edition and say how to publish it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", type=Path, help="a new or empty folder outside the repo")
    parser.add_argument("--repo", help="the students' own GitHub repository (owner/name)")
    args = parser.parse_args(argv)
    try:
        copied = student_edition(args.destination, repo=args.repo or None)
    except (ValueError, subprocess.CalledProcessError) as problem:
        print(f"No student edition written: {problem}", file=sys.stderr)
        return 1
    print(f"Wrote {len(copied)} files to {args.destination} (left out: {', '.join(LEFT_OUT)}).")
    print(
        "To publish: cd into it, then git init, git add -A, git commit, and push to the "
        "students' repository."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
