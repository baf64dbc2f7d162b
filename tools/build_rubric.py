"""Collect every instructor guide part's rubric into ``instructors/rubric.md``, for a course site.

Usage: ``.venv/bin/python tools/build_rubric.py`` (write) or ``--check`` (exit 1
when the file is out of date). ``make rubric`` runs it.

The parts (``instructors/NN-*.md``) are the single source: each part's section
``## Rubric for the open questions`` is copied under the lesson's title, in
lesson order, so the file an instructor pastes into a course site always says
what the guide says.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "instructors"
RUBRIC = GUIDE / "rubric.md"
SECTION = "## Rubric for the open questions"
HEADER = """# Rubrics for the open questions

Every rubric of the instructor guide, one lesson after another, to paste into a course site.
The criteria, levels and examples are **authored by the module's authors, not measured**: adapt
them to your course. Generated from the guide's parts (`instructors/NN-*.md`) by
`tools/build_rubric.py`; edit the parts, not this file. Licence: CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/), Cartel Lab contributors.

The open questions' ids (such as `02.open1`) are the ones the class summary
(`python -m cartel_lab.classroom summarize`) shows above each question's answers.
"""


def parts(folder: Path = GUIDE) -> list[Path]:
    """The guide's parts, in lesson order."""
    return sorted(path for path in folder.glob("*.md") if re.match(r"\d\d-", path.name))


def rubric_section(text: str) -> str:
    """A part's rubric section, without its heading ('' when the part has none)."""
    if SECTION not in text:
        return ""
    body = text.split(SECTION, 1)[1]
    following = re.search(r"^## ", body, re.MULTILINE)
    return (body[: following.start()] if following else body).strip()


def title(text: str) -> str:
    """The part's H1 title ('Lesson 02 · The violence in numbers')."""
    first = text.splitlines()[0] if text else ""
    return first.removeprefix("# ").strip()


def build(folder: Path = GUIDE) -> str:
    """The whole rubric file, from the parts."""
    sections = [HEADER]
    for path in parts(folder):
        text = path.read_text(encoding="utf-8")
        body = rubric_section(text)
        if body:
            sections.append(f"## {title(text)}\n\n{body}\n")
    return "\n".join(sections)


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, verify) instructors/rubric.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if rubric.md is out of date")
    args = parser.parse_args(argv)
    text = build()
    current = RUBRIC.read_text(encoding="utf-8") if RUBRIC.exists() else ""
    if current == text:
        print("instructors/rubric.md is up to date.")
        return 0
    if args.check:
        print("instructors/rubric.md is out of date: run `make rubric`.")
        return 1
    RUBRIC.write_text(text, encoding="utf-8")
    print("written: instructors/rubric.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
