"""A class's submissions in one page: ``python -m cartel_lab.classroom summarize SUBMISSIONS/``.

An instructor downloads the students' ``submit()`` zips from the course site
into one folder and runs the command (or ``summarize("SUBMISSIONS")`` in a
notebook). It writes, into that folder (or ``--out``):

- ``class-summary.html``: per question, how many students pass and which
  statuses and anticipated mistakes are most frequent (what to revisit in
  class); per open question, every student's answer side by side; the
  students; and the files that could not be read, with the reason;
- ``class-summary.csv``: one row per student (status of each question, open
  answers' text), for a spreadsheet or a grade book.

``--anonymise`` replaces names by "Student 1", "Student 2", ... (in an order
that is not alphabetical) for projecting answers in class.

**Submissions are untrusted input** (``cartel_lab.submission_reader`` reads
them). Nothing in them is executed or extracted to disk: each zip is read in
memory, after checking its size, its number of files, each file's declared size
and its compression ratio (a zip bomb), and its file names (``../../x``); only
``results.json`` is parsed (and, for an older zip without open answers, the
notebook, as JSON). Every problem
becomes a line in the "could not read" list and the run goes on; every text
from a submission is escaped in the HTML and cannot start a formula in the CSV.

A student is identified by the name ``submit()`` stored, else by the name a
course site adds to the file name (Moodle's ``Name_123_assignsubmission_file_``,
Canvas's ``name_123_456_``, or any text before the exercise's file name), else
by the file name. When one student handed in several times, the latest
(``created`` in results.json, else the file's time) counts; of two made at the
same moment, the one whose file name sorts later.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

from cartel_lab.feedback import Status
from cartel_lab.submission_reader import Entry, Unreadable, read_submission
from cartel_lab.wording import plural

HTML_NAME = "class-summary.html"
CSV_NAME = "class-summary.csv"
MOST_FREQUENT = 3
STATUS_WORDS = {status.name.lower(): status.value for status in Status}


@dataclass
class ClassSummary:
    """The summary of one folder of submissions; shows itself in a notebook."""

    folder: Path
    exercise: str = ""
    title: str = ""
    entries: list[Entry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    anonymised: bool = False
    written: tuple[Path, ...] = ()

    def questions(self) -> list[str]:
        """The checked questions, in the order the submissions list them."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            for result in entry.results:
                seen.setdefault(result["question"], None)
        return list(seen)

    def open_questions(self) -> list[tuple[str, str]]:
        """(id, question text) of the open questions, in order."""
        seen: dict[str, str] = {}
        for entry in self.entries:
            for answer in entry.answers:
                seen.setdefault(answer["id"], answer["question"])
        return list(seen.items())

    def _repr_html_(self) -> str:
        return summary_html(self)

    def __str__(self) -> str:
        lines = [
            f"Exercise {self.exercise or '?'}: {plural(len(self.entries), 'student')}, "
            f"{plural(len(self.unreadable), 'file')} could not be read."
        ]
        lines += [f"  Wrote {path}" for path in self.written]
        return "\n".join(lines)


def summarize(
    folder: str | Path,
    anonymise: bool = False,
    exercise: str | None = None,
    out: str | Path | None = None,
) -> ClassSummary:
    """Read every zip in ``folder`` and write class-summary.html and .csv (into ``out``).

    ``exercise`` ("02") is the exercise to summarise; by default, the one most
    submissions are for. Returns the summary, which a notebook shows as HTML.
    """
    folder = Path(folder)
    summary = read_folder(folder, exercise)
    if anonymise:
        anonymise_names(summary)
    target = Path(out) if out is not None else folder
    target.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = target / HTML_NAME, target / CSV_NAME
    html_path.write_text(summary_html(summary, page=True), encoding="utf-8")
    csv_path.write_text(summary_csv(summary), encoding="utf-8", newline="")
    summary.written = (html_path, csv_path)
    return summary


def read_folder(folder: Path, exercise: str | None = None) -> ClassSummary:
    """Read the zips of ``folder`` (not its subfolders) into a summary. Never raises on a zip."""
    summary = ClassSummary(folder=folder)
    readable: list[Entry] = []
    if not folder.is_dir():
        summary.unreadable.append(f"{folder.name}: not a folder")
        return summary
    for path in sorted(folder.iterdir()):
        if path.name in (HTML_NAME, CSV_NAME) or path.name.startswith("."):
            continue
        if not path.is_file() or path.suffix.lower() != ".zip":
            summary.unreadable.append(f"{path.name}: not a zip file")
            continue
        try:
            readable.append(read_submission(path))
        except Unreadable as problem:
            summary.unreadable.append(f"{path.name}: {problem}")
        except Exception as error:  # a reader bug must not stop the class summary
            summary.unreadable.append(f"{path.name}: could not be read ({type(error).__name__})")
    numbers = Counter(entry.exercise for entry in readable)
    summary.exercise = exercise or (numbers.most_common(1)[0][0] if numbers else "")
    latest: dict[str, Entry] = {}
    for entry in readable:
        if entry.exercise != summary.exercise:
            summary.unreadable.append(
                f"{entry.file}: a submission of exercise {entry.exercise}, "
                f"not {summary.exercise}; summarise it on its own"
            )
            continue
        key = " ".join(entry.student.casefold().split())
        earlier = latest.get(key)
        if earlier is None:
            latest[key] = entry
            continue
        newer, older = (entry, earlier) if entry.created >= earlier.created else (earlier, entry)
        latest[key] = newer
        summary.replaced.append(f"{older.file}: replaced by the later {newer.file}")
    summary.entries = sorted(latest.values(), key=lambda entry: entry.student.casefold())
    summary.title = next((entry.title for entry in summary.entries if entry.title), "")
    return summary


def anonymise_names(summary: ClassSummary) -> None:
    """Replace every student's name by "Student n", numbered in an order that is not alphabetical."""
    order = sorted(summary.entries, key=lambda entry: sha256(entry.student.encode()).hexdigest())
    number = {id(entry): index for index, entry in enumerate(order, start=1)}
    summary.entries = [
        Entry(
            file="(hidden)",
            student=f"Student {number[id(entry)]}",
            created=entry.created,
            exercise=entry.exercise,
            title=entry.title,
            results=entry.results,
            answers=entry.answers,
        )
        for entry in order
    ]
    hide = re.compile(r"^[^:]*:")
    summary.unreadable = [hide.sub("a file:", line) for line in summary.unreadable]
    replaced = len(summary.replaced)
    summary.replaced = (
        [f"{plural(replaced, 'earlier submission')} replaced by later ones"] if replaced else []
    )
    summary.anonymised = True


def question_rows(summary: ClassSummary) -> list[dict[str, Any]]:
    """Per checked question: passes, and the most frequent statuses and anticipated mistakes."""
    rows = []
    total = len(summary.entries)
    for question in summary.questions():
        results = [
            next((r for r in entry.results if r["question"] == question), None)
            for entry in summary.entries
        ]
        statuses = Counter(r["status"] if r else "missing" for r in results)
        mistakes = Counter(
            r["hint"] or r["message"] for r in results if r and r["status"] == "common_mistake"
        )
        rows.append(
            {
                "question": question,
                "passed": statuses.get("passed", 0),
                "total": total,
                "statuses": [
                    (STATUS_WORDS.get(status, status), count)
                    for status, count in statuses.most_common()
                    if status != "passed"
                ][:MOST_FREQUENT],
                "mistakes": mistakes.most_common(MOST_FREQUENT),
            }
        )
    return rows


def summary_html(summary: ClassSummary, page: bool = False) -> str:
    """The summary as HTML; every text from a submission is escaped."""
    e = html.escape
    heading = f"Exercise {summary.exercise}" + (f": {summary.title}" if summary.title else "")
    parts = [
        f"<h1>Class summary · {e(heading)}</h1>",
        f"<p>{plural(len(summary.entries), 'student')}; "
        f"{plural(len(summary.unreadable), 'file')} could not be read. "
        "Self-checks are for learning, not a grade.</p>",
        "<h2>Checked questions: what to revisit</h2>",
        '<table><thead><tr><th scope="col">question</th><th scope="col">pass</th>'
        '<th scope="col">most frequent other statuses</th>'
        '<th scope="col">most frequent anticipated mistakes (hint shown)</th></tr></thead><tbody>',
    ]
    for row in question_rows(summary):
        statuses = "<br>".join(f"{e(status)}: {count}" for status, count in row["statuses"])
        mistakes = "<br>".join(f"{count} × {e(hint)}" for hint, count in row["mistakes"])
        parts.append(
            f"<tr><td>{e(row['question'])}</td><td>{row['passed']} of {row['total']}</td>"
            f"<td>{statuses or '—'}</td><td>{mistakes or '—'}</td></tr>"
        )
    parts.append("</tbody></table>")
    for question_id, question in summary.open_questions():
        parts.append(
            f"<h2>Open question {e(question_id)}</h2><blockquote>{e(question)}</blockquote>"
        )
        parts.append('<div class="answers">')
        for entry in summary.entries:
            answer = next((a for a in entry.answers if a["id"] == question_id), None)
            text = answer["answer"] if answer else ""
            note = "" if not answer or answer["separated"] else " (question edited: whole cell)"
            shown = e(text) if text else "<em>no answer</em>"
            parts.append(
                f'<div class="answer"><h3>{e(entry.student)}{e(note)}</h3><p>{shown}</p></div>'
            )
        parts.append("</div>")
    parts.append(
        '<h2>Students</h2><table><thead><tr><th scope="col">student</th>'
        '<th scope="col">self-checks passed</th><th scope="col">submitted (UTC)</th>'
        '<th scope="col">file</th></tr></thead><tbody>'
    )
    for entry in summary.entries:
        parts.append(
            f"<tr><td>{e(entry.student)}</td><td>{entry.passed} of {len(entry.results)}</td>"
            f"<td>{e(_when(entry.created))}</td><td>{e(entry.file)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if summary.replaced:
        parts.append("<h2>Earlier submissions left out</h2><ul>")
        parts += [f"<li>{e(line)}</li>" for line in summary.replaced]
        parts.append("</ul>")
    parts.append("<h2>Could not read</h2>")
    if summary.unreadable:
        parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in summary.unreadable))
        parts.append("</ul>")
    else:
        parts.append("<p>Every file could be read.</p>")
    body = "\n".join(parts)
    if not page:
        return f'<div class="cartel-lab-class-summary">{body}</div>'
    style = (
        "body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.3em .6em;vertical-align:top;text-align:left}"
        ".answers{display:grid;grid-template-columns:repeat(auto-fill,minmax(18em,1fr));gap:.8em}"
        ".answer{border:1px solid #999;padding:.2em .8em;white-space:pre-wrap}"
        ".answer h3{font-size:1em;margin:.4em 0}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Class summary · {e(heading)}</title><style>{style}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def summary_csv(summary: ClassSummary) -> str:
    """One row per student: passes, each question's status, each open answer's text."""
    questions = summary.questions()
    opens = [question_id for question_id, _ in summary.open_questions()]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["student", "file", "submitted_utc", "exercise", "passed", "total", *questions, *opens]
    )
    for entry in summary.entries:
        answers = {a["id"]: a["answer"] for a in entry.answers}
        writer.writerow(
            [
                _cell(entry.student),
                _cell(entry.file),
                _when(entry.created),
                entry.exercise,
                entry.passed,
                len(entry.results),
                *(_cell(entry.status(question)) for question in questions),
                *(_cell(answers.get(question_id, "")) for question_id in opens),
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @ (a formula) gets a quote first."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``python -m cartel_lab.classroom summarize FOLDER [options]``."""
    parser = argparse.ArgumentParser(
        prog="python -m cartel_lab.classroom",
        description="Summarise a folder of submit() zips for the instructor.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("summarize", help="write class-summary.html and .csv")
    command.add_argument("folder", type=Path, help="the folder of downloaded zips")
    command.add_argument("--out", type=Path, help="where to write (default: the folder)")
    command.add_argument("--exercise", help='the exercise number, e.g. "02" (default: most)')
    command.add_argument("--anonymise", action="store_true", help='"Student 1..n" instead of names')
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"No summary written: {args.folder} is not a folder.", file=sys.stderr)
        return 1
    summary = summarize(args.folder, args.anonymise, args.exercise, args.out)
    print(summary)
    for line in summary.unreadable:
        print(f"  could not read {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
