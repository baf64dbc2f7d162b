"""Write the students' edition of the module: everything but what gives answers away.

Usage: ``make student-edition DEST=../cartel-lab-students`` (or
``.venv/bin/python tools/student_edition.py DEST``). DEST must not exist yet, or
be an empty folder, outside this repository. Push the result as the repository
that the students' Binder (or nbgitpuller) link points to.

Left out: ``solutions/`` (the worked answers), ``tests/`` (they hold right and
wrong answers to test the checks), ``instructor-guide.md``, the authoring tools
that need the solutions (``tools/make_exercises.py``, this script) and CI
(``.ci/``, which runs the tests). Everything a student runs stays: lessons,
exercises, data, the ``cartel_lab`` package with its answer keys (stored
compressed, so not readable at a glance; self-checks cannot work without them),
the environment files and ``postBuild`` for Binder. The README gets a line
saying which edition it is and loses its parts for instructors and contributors.

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

from tools.notebooks import REPO_ROOT

# Paths (relative, POSIX) left out of the students' edition; a folder ends in "/".
LEFT_OUT = (
    "solutions/",
    "tests/",
    ".ci/",
    "instructor-guide.md",
    "tools/make_exercises.py",
    "tools/student_edition.py",
)
INSTRUCTORS_HEADING = "## For instructors"
EDITION_NOTE = (
    "> **Student edition.** This copy has the lessons, exercises and data; the solutions, "
    "the tests and the instructor guide are kept by your instructor.\n"
)


def tracked_files(root: Path = REPO_ROOT) -> list[str]:
    """The files git tracks in ``root`` (relative POSIX paths)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True
    ).stdout.decode("utf-8")
    return sorted(name for name in listing.split("\0") if name and (root / name).is_file())


def left_out(name: str) -> bool:
    """True for a path the students' edition does not contain."""
    return any(name == path or (path.endswith("/") and name.startswith(path)) for path in LEFT_OUT)


def student_edition(destination: Path, root: Path = REPO_ROOT) -> list[str]:
    """Copy the students' edition of ``root`` to ``destination``; return the files copied."""
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
    readme = destination / "README.md"
    if readme.exists():
        readme.write_text(students_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return copied


def students_readme(text: str) -> str:
    """The README with a note on the edition, without the instructors' and contributors' parts."""
    title, _, rest = text.partition("\n")
    rest = rest.split(f"\n{INSTRUCTORS_HEADING}", 1)[0].rstrip("\n") + "\n"
    return f"{title}\n\n{EDITION_NOTE}{rest}"


def main(argv: list[str] | None = None) -> int:
    """Write the edition and say how to publish it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", type=Path, help="a new or empty folder outside the repo")
    args = parser.parse_args(argv)
    try:
        copied = student_edition(args.destination)
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
