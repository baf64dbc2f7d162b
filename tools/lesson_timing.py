"""Compute each lesson's teaching minutes from its notebook, and write them where they are shown.

Usage: ``.venv/bin/python tools/lesson_timing.py`` (print the table),
``--write`` (rewrite the timing line of each lesson's first cell, the README's
minutes column and the "Lesson time" line of each instructor guide part), or
``--check`` (exit 1 when any of them disagrees with the computed minutes).

The method (stated in ``instructors/README.md``), for a novice group taught live:

- the lesson's Markdown is read and explained at 150 words a minute
  (every word of every Markdown cell, tables and key points included; not the
  licence footer);
- each code cell takes a minute (run it, look at the output, say what it shows);
- each numbered question under a "Discuss" heading takes 5 minutes;
- each "Your turn (N minutes)" challenge takes its N minutes.

The sum is rounded up to the next 5 minutes. Only the teaching minutes are
computed; the exercise's minutes (the second number of the timing line) are
the exercise's own estimate and are kept.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.notebook_footer import FOOTER_ID, cell_source, read_json, source_lines, write_json
from tools.notebooks import REPO_ROOT, notebook_paths

WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL = 1
MINUTES_PER_DISCUSSION_QUESTION = 5
ROUND_TO = 5
TIMING_LINE = re.compile(
    r"(?P<before>\*\*Timing:\*\* )(?P<teaching>\d+)(?P<middle> minutes teaching, )"
    r"(?P<practice>\d+)(?P<after> minutes)"
)
CHALLENGE = re.compile(r"Your turn \((?P<minutes>\d+) minutes?\)", re.IGNORECASE)
DISCUSS_HEADING = re.compile(r"^#{2,4} Discuss", re.MULTILINE)
NUMBERED = re.compile(r"^\d+\.\s", re.MULTILINE)
GUIDE_LINE = re.compile(
    r"(?P<before>\*\*Lesson time:\*\* )(?P<teaching>\d+)(?P<middle> minutes teaching \(computed\), )"
    r"(?P<practice>\d+)(?P<after> minutes )"
)
README_ROW = re.compile(
    r"^\| (?P<number>\d\d) \|(?P<cells>.*)\|(?P<minutes>[^|]*)\|$", re.MULTILINE
)
GUIDE_DIR = REPO_ROOT / "instructors"


@dataclass(frozen=True)
class LessonTime:
    """What a lesson's teaching time is made of, in minutes."""

    number: str
    words: int
    code_cells: int
    discussion_questions: int
    challenge_minutes: int
    practice: int  # the timing line's second number (exercise or trying things out)

    @property
    def exact(self) -> float:
        """Unrounded teaching minutes."""
        return (
            self.words / WORDS_PER_MINUTE
            + self.code_cells * MINUTES_PER_CODE_CELL
            + self.discussion_questions * MINUTES_PER_DISCUSSION_QUESTION
            + self.challenge_minutes
        )

    @property
    def teaching(self) -> int:
        """Teaching minutes, rounded up to the next 5."""
        return ROUND_TO * math.ceil(self.exact / ROUND_TO - 1e-9)

    @property
    def readme_minutes(self) -> str:
        """The README table's minutes cell: teaching + exercise (or practice)."""
        return f"{self.teaching} + {self.practice}"


def discussion_questions(markdown: str) -> int:
    """Numbered questions in a Markdown cell's "Discuss" section (up to the next heading)."""
    count = 0
    for match in DISCUSS_HEADING.finditer(markdown):
        section = markdown[match.end() :]
        following = re.search(r"^#", section, re.MULTILINE)
        count += len(NUMBERED.findall(section[: following.start()] if following else section))
    return count


def lesson_time(path: Path) -> LessonTime:
    """Count a lesson notebook's words, code cells, discussion questions and challenges."""
    notebook = nbformat.read(path, as_version=4)
    markdown = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "markdown" and cell.get("id") != FOOTER_ID  # the licence, not read
    ]
    timing = TIMING_LINE.search(markdown[0]) if markdown else None
    if timing is None:
        raise ValueError(
            f"{path.name}: the first cell has no timing line "
            "('**Timing:** N minutes teaching, M minutes ...')"
        )
    return LessonTime(
        number=path.name[:2],
        words=sum(len(text.split()) for text in markdown),
        code_cells=sum(cell.cell_type == "code" for cell in notebook.cells),
        discussion_questions=sum(discussion_questions(text) for text in markdown),
        challenge_minutes=sum(
            int(match["minutes"]) for text in markdown for match in CHALLENGE.finditer(text)
        ),
        practice=int(timing["practice"]),
    )


def lesson_times() -> dict[str, LessonTime]:
    """Every lesson in notebooks/, by number."""
    return {path.name[:2]: lesson_time(path) for path in notebook_paths("notebooks")}


def _with_minutes(pattern: re.Pattern[str], text: str, time: LessonTime) -> str:
    return pattern.sub(
        lambda m: f"{m['before']}{time.teaching}{m['middle']}{time.practice}{m['after']}",
        text,
        count=1,
    )


def readme_with_minutes(text: str, times: dict[str, LessonTime]) -> str:
    """The README with the lessons table's minutes column set from ``times``."""

    def row(match: re.Match[str]) -> str:
        time = times.get(match["number"])
        if time is None:
            return match[0]
        return f"| {match['number']} |{match['cells']}| {time.readme_minutes} |"

    return README_ROW.sub(row, text)


def guide_part(number: str) -> Path | None:
    """instructors/NN-*.md for a lesson, if written."""
    found = sorted(GUIDE_DIR.glob(f"{number}-*.md"))
    return found[0] if found else None


def with_guide_line(text: str, time: LessonTime) -> str:
    """A guide part without a "Lesson time" line, given one under its title."""
    title, _, rest = text.partition("\n")
    line = (
        f"**Lesson time:** {time.teaching} minutes teaching (computed), {time.practice} minutes "
        "for the exercise (or practice), as the lesson's header says."
    )
    return f"{title}\n\n{line}\n{rest}" if rest.startswith("\n") else f"{title}\n\n{line}\n\n{rest}"


def write(times: dict[str, LessonTime]) -> list[str]:
    """Rewrite every place that shows the minutes; return the files changed."""
    changed = []
    for path in notebook_paths("notebooks"):
        time = times[path.name[:2]]
        notebook = read_json(path)
        first = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
        new = _with_minutes(TIMING_LINE, cell_source(first), time)
        if new != cell_source(first):
            first["source"] = source_lines(new)
            write_json(notebook, path)
            changed.append(str(path.relative_to(REPO_ROOT)))
    readme = REPO_ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if readme_with_minutes(text, times) != text:
        readme.write_text(readme_with_minutes(text, times), encoding="utf-8")
        changed.append("README.md")
    for number, time in times.items():
        part = guide_part(number)
        if part is None:
            continue
        text = part.read_text(encoding="utf-8")
        new = (
            _with_minutes(GUIDE_LINE, text, time)
            if GUIDE_LINE.search(text)
            else (with_guide_line(text, time))
        )
        if new != text:
            part.write_text(new, encoding="utf-8")
            changed.append(str(part.relative_to(REPO_ROOT)))
    return changed


def disagreements(times: dict[str, LessonTime]) -> list[str]:
    """Every header, README row or guide part whose minutes differ from the computed ones."""
    problems = []
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = {match["number"]: match["minutes"].strip() for match in README_ROW.finditer(readme)}
    for path in notebook_paths("notebooks"):
        time = times[path.name[:2]]
        first = next(
            cell.source for cell in nbformat.read(path, 4).cells if cell.cell_type == "markdown"
        )
        header = TIMING_LINE.search(first)
        if header is None or int(header["teaching"]) != time.teaching:
            problems.append(
                f"{path.name}: header says {header and header['teaching']}, computed {time.teaching}"
            )
        if shown.get(time.number) != time.readme_minutes:
            problems.append(
                f"README, lesson {time.number}: {shown.get(time.number)!r}, computed {time.readme_minutes!r}"
            )
        part = guide_part(time.number)
        if part is not None:
            line = GUIDE_LINE.search(part.read_text(encoding="utf-8"))
            if line is None or int(line["teaching"]) != time.teaching:
                problems.append(
                    f"{part.name}: 'Lesson time' says {line and line['teaching']}, computed {time.teaching}"
                )
    return problems


def table(times: dict[str, LessonTime]) -> str:
    """The computation, one lesson a line."""
    lines = ["lesson  words  code cells  discussion qs  challenge min  exact  teaching  practice"]
    for time in times.values():
        lines.append(
            f"{time.number:>6}  {time.words:>5}  {time.code_cells:>10}  "
            f"{time.discussion_questions:>13}  {time.challenge_minutes:>13}  {time.exact:>5.1f}  "
            f"{time.teaching:>8}  {time.practice:>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print, write or check the lessons' teaching minutes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite headers, README, guide")
    group.add_argument("--check", action="store_true", help="fail if any place disagrees")
    args = parser.parse_args(argv)
    times = lesson_times()
    print(table(times))
    if args.write:
        for name in write(times):
            print(f"written: {name}")
    if args.check:
        problems = disagreements(times)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
