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

**Submissions are untrusted input.** Nothing in them is executed or extracted
to disk: each zip is read in memory, after checking its size, its number of
files, each file's declared and real size and its compression ratio (a zip
bomb), and its file names (``../../x``); only ``results.json`` is parsed (and,
for an older zip without open answers, the notebook, as JSON). Every problem
becomes a line in the "could not read" list and the run goes on; every text
from a submission is escaped in the HTML and cannot start a formula in the CSV.

A student is identified by the name ``submit()`` stored, else by the name a
course site adds to the file name (Moodle's ``Name_123_assignsubmission_file_``,
Canvas's ``name_123_456_``, or any text before the exercise's file name), else
by the file name. When one student handed in several times, the latest
(``created`` in results.json, then the file's time) counts.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path, PurePosixPath
from typing import Any

from cartel_lab.feedback import Status
from cartel_lab.open_answers import load_template, open_answers
from cartel_lab.submission import FORMAT, RESULTS_NAME

HTML_NAME = "class-summary.html"
CSV_NAME = "class-summary.csv"
# Limits for one submission. A real one is about 0.1-2 MB zipped, 3 files.
MAX_ZIP_BYTES = 25_000_000
MAX_MEMBERS = 20
MAX_UNPACKED_BYTES = 100_000_000  # all members together, as their headers declare
MAX_RESULTS_BYTES = 2_000_000
MAX_NOTEBOOK_BYTES = 25_000_000
MAX_RATIO = 100  # uncompressed / compressed, for members over a megabyte
MAX_ANSWER_CHARS = 5_000  # an open answer longer than this is cut in the summary
MOST_FREQUENT = 3
STATUS_WORDS = {status.name.lower(): status.value for status in Status}
_MOODLE = re.compile(r"^(?P<name>.+?)_\d+_assignsubmission_file_?", re.IGNORECASE)
_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?:_late)?_\d+_\d+_", re.IGNORECASE)
_EXERCISE_FILE = re.compile(r"(?P<number>\d\d)-[a-z0-9-]+?-exercise")


class Unreadable(Exception):
    """A submission that cannot be read, with the reason in words."""


@dataclass(frozen=True)
class Entry:
    """One readable submission: who, when, and what results.json says."""

    file: str
    student: str
    created: datetime
    exercise: str
    title: str
    results: tuple[Mapping[str, str], ...]
    answers: tuple[Mapping[str, Any], ...]

    def status(self, question: str) -> str:
        """The status of one question ('' when the submission does not have it)."""
        return next((r["status"] for r in self.results if r["question"] == question), "")

    @property
    def passed(self) -> int:
        """How many self-checks pass."""
        return sum(r["status"] == "passed" for r in self.results)


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
            f"Exercise {self.exercise or '?'}: {len(self.entries)} students, "
            f"{len(self.unreadable)} files could not be read."
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


def read_submission(path: Path) -> Entry:
    """One zip, read in memory within the limits; raises Unreadable with the reason."""
    size = path.stat().st_size
    if size == 0:
        raise Unreadable("the file is empty")
    if size > MAX_ZIP_BYTES:
        raise Unreadable(f"larger than {MAX_ZIP_BYTES // 1_000_000} MB; not opened")
    try:
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable("not a readable zip file (damaged, or not a zip)") from None
    with archive:
        members = archive.infolist()
        if not members:
            raise Unreadable("the zip is empty")
        if len(members) > MAX_MEMBERS:
            raise Unreadable(f"holds {len(members)} files, more than a submission's few")
        for info in members:
            if not _safe_member_name(info.filename):
                raise Unreadable(f"holds a file with an unsafe name ({_short(info.filename)})")
        if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
            raise Unreadable(
                f"would unpack to more than {MAX_UNPACKED_BYTES // 1_000_000} MB (a zip bomb?); "
                "not opened"
            )
        results = _read_results(archive)
        number = results["exercise"]
        notebooks = [info for info in members if info.filename.lower().endswith(".ipynb")]
        for info in notebooks:
            found = _EXERCISE_FILE.search(PurePosixPath(info.filename).name.lower())
            if found and found["number"] != number:
                raise Unreadable(
                    f"holds the notebook of exercise {found['number']} "
                    f"({_short(info.filename)}) with the results of exercise {number}"
                )
        answers = results.get("open_answers")
        if not isinstance(answers, list) and notebooks:
            answers = _answers_from_notebook(archive, notebooks[0], number)
    student = _text(results.get("student")) or student_from_file_name(path.name)
    return Entry(
        file=path.name,
        student=student,
        created=_created(results.get("created"), path),
        exercise=number,
        title=_text(results.get("title")),
        results=tuple(results["results"]),
        answers=tuple(_clean_answers(answers)),
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, refusing a declared or real size over ``limit`` or a bomb's ratio."""
    if info.file_size > limit:
        raise Unreadable(f"{_short(info.filename)} is larger than {limit // 1_000_000} MB")
    if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise Unreadable(f"{_short(info.filename)} is compressed suspiciously well (a zip bomb?)")
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise Unreadable(f"{_short(info.filename)} is damaged inside the zip") from None
    except Exception as error:  # zlib.error and friends
        raise Unreadable(f"{_short(info.filename)} is damaged ({type(error).__name__})") from None
    if len(data) > limit:
        raise Unreadable(f"{_short(info.filename)} is larger than it says")
    return data


def _read_results(archive: zipfile.ZipFile) -> dict[str, Any]:
    """results.json, parsed and checked to be a submission's."""
    try:
        info = archive.getinfo(RESULTS_NAME)
    except KeyError:
        raise Unreadable(f"no {RESULTS_NAME} inside: not made by submit()") from None
    data = _read_member(archive, info, MAX_RESULTS_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(f"{RESULTS_NAME} is not UTF-8 text") from None
    try:
        results = json.loads(text)
    except ValueError:
        raise Unreadable(f"{RESULTS_NAME} is not valid JSON") from None
    if not isinstance(results, dict) or results.get("format") != FORMAT:
        raise Unreadable(f"{RESULTS_NAME} is not in the format submit() writes ({FORMAT})")
    number = results.get("exercise")
    rows = results.get("results")
    if not (isinstance(number, str) and re.fullmatch(r"\d\d", number) and isinstance(rows, list)):
        raise Unreadable(f"{RESULTS_NAME} has no exercise number or no results")
    clean = []
    for row in rows:
        if not isinstance(row, dict):
            raise Unreadable(f"{RESULTS_NAME} has a result that is not a record")
        clean.append(
            {key: _text(row.get(key)) for key in ("question", "status", "message", "hint")}
        )
    results["results"] = clean
    return results


def _answers_from_notebook(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, number: str
) -> list[dict[str, Any]]:
    """Open answers of an older zip (results.json without them), read from its notebook."""
    template = load_template(number)
    if template is None:
        return []
    data = _read_member(archive, info, MAX_NOTEBOOK_BYTES)
    try:
        notebook = json.loads(data.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is a ValueError
        raise Unreadable(f"{_short(info.filename)} is not a readable notebook") from None
    return [answer.as_dict() for answer in open_answers(notebook, template, number)]


def _clean_answers(answers: Any) -> list[dict[str, Any]]:
    """Open answers as text records (anything else in the list is dropped)."""
    if not isinstance(answers, list):
        return []
    clean = []
    for answer in answers:
        if isinstance(answer, dict) and _text(answer.get("id")):
            text = _text(answer.get("answer"))
            if len(text) > MAX_ANSWER_CHARS:
                text = text[:MAX_ANSWER_CHARS] + " [cut: longer than 5,000 characters]"
            clean.append(
                {
                    "id": _text(answer.get("id")),
                    "question": _text(answer.get("question")),
                    "answer": text,
                    "separated": answer.get("separated") is not False,
                }
            )
    return clean


def _safe_member_name(name: str) -> bool:
    """False for absolute paths, '..', backslashes or drive letters: names a careless unzip misplaces."""
    if not name or "\\" in name or "\x00" in name or re.match(r"^[A-Za-z]:", name):
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def student_from_file_name(name: str) -> str:
    """The student a file name names: ours, a course site's prefix, or the file name itself.

    "02-violence-in-numbers-exercise-submission-Ada-Lopez.zip" -> "Ada Lopez";
    "Ada Lopez_1234_assignsubmission_file_02-....zip" (Moodle) -> "Ada Lopez";
    "lopezada_1234_5678_02-....zip" (Canvas) -> "lopezada".
    """
    stem = name[:-4] if name.lower().endswith(".zip") else name
    for pattern in (_MOODLE, _CANVAS):
        match = pattern.match(stem)
        if match:
            return _readable_name(match["name"])
    found = _EXERCISE_FILE.search(stem.lower())
    if found:
        before = stem[: found.start()]
        after = stem[found.end() :]
        tail = re.sub(r"^-submission-?", "", after, flags=re.IGNORECASE)
        named = re.sub(r"\s*\(\d+\)$", "", tail)  # "(1)" a browser adds to a second download
        for candidate in (named, before):
            if _readable_name(candidate):
                return _readable_name(candidate)
    return _readable_name(stem) or stem


def _readable_name(text: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", text).split()).strip(" .")


def _created(value: Any, path: Path) -> datetime:
    """When the submission was made: results.json's time, else the file's."""
    if isinstance(value, str):
        try:
            created = datetime.fromisoformat(value)
            return created if created.tzinfo else created.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    summary.replaced = [f"{len(summary.replaced)} earlier submissions replaced by later ones"][
        : 1 if summary.replaced else 0
    ]
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
        f"<p>{len(summary.entries)} students; {len(summary.unreadable)} files could not be "
        f"read. Self-checks are for learning, not a grade.</p>",
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
