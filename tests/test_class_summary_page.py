"""The class summary as the instructor reads it: the page's words and tables, the CSV, the command.

The page is parsed (standard library ``html.parser``) into what a reader sees: its
headings, each table's rows of cell text, each student's answer. Expected texts are
written out here from the zips the tests build.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cartel_lab import classroom
from cartel_lab.classroom import main, read_folder, summarize
from tests.submission_zips import STEM, results, submission, write_zip

REPO = Path(__file__).resolve().parent.parent
QUESTION = "Argue for the verdict on A05."


class Page(HTMLParser):
    """What a reader sees: headings, tables (rows of cell text), answers, list items, styles."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tables: list[list[list[str]]] = []
        self.answers: list[tuple[str, str]] = []
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self.title = self.style = ""
        self.stray: list[str] = []  # text outside any element that holds text
        self._open: list[str] = []
        self._text = ""
        self._row: list[str] = []
        self._answer_head = ""
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open.append(f"{tag}.{dict(attrs).get('class') or ''}")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "h1", "h2", "h3", "li", "p", "title", "style", "blockquote"):
            self._text = ""
        elif tag == "br":
            self._text += "\n"

    def handle_endtag(self, tag: str) -> None:
        self._open.pop()
        text = self._text.strip()
        if tag in ("td", "th"):
            self._row.append(text)
        elif tag == "tr":
            self.tables[-1].append(self._row)
        elif tag in ("h1", "h2"):
            self.headings.append((tag, text))
        elif tag == "blockquote":
            self.headings.append(("question", text))
        elif tag == "h3":
            self._answer_head = text
        elif tag == "p" and "div.answer" in self._open:
            self.answers.append((self._answer_head, text))
        elif tag == "p":
            self.paragraphs.append(text)
        elif tag == "li":
            self.items.append(text)
        elif tag == "title":
            self.title = text
        elif tag == "style":
            self.style = text

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._text += "\n"

    def handle_data(self, data: str) -> None:
        self._text += data
        holders = ("td", "th", "h1", "h2", "h3", "li", "p", "title", "style", "blockquote", "em")
        inside = {tag.split(".")[0] for tag in self._open}
        if data.strip() and not inside & set(holders):
            self.stray.append(data.strip())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Four zips: Ada, Ben (a common mistake, an edited question), Cy twice, and one broken zip."""
    answers = {
        "Ada": [{"id": "02.open1", "question": QUESTION, "answer": "Misleading.\nTwo lines."}],
        "Ben": [
            {"id": "02.open1", "question": QUESTION, "answer": "All of it.", "separated": False}
        ],
        "Cy": [],
    }
    submission(
        tmp_path,
        f"{STEM}-submission-Ada.zip",
        results("Ada", {"2.1": "passed", "2.2": "passed"}, answers=answers["Ada"]),
    )
    submission(
        tmp_path,
        f"{STEM}-submission-Ben.zip",
        results(
            "Ben",
            {"2.1": "common_mistake", "2.2": "common_mistake"},
            answers=answers["Ben"],
            hints={"2.1": "Nine times, not ten."},
        ),
    )
    submission(
        tmp_path,
        f"{STEM}-submission-Cy.zip",
        results("Cy", {"2.1": "passed"}, created="2026-03-02T08:00:00+00:00", answers=[]),
    )
    submission(
        tmp_path,
        f"{STEM}-submission-Cy (1).zip",
        results(
            "Cy", {"2.1": "wrong_value"}, created="2026-03-02T10:30:00+01:00", answers=answers["Cy"]
        ),
    )
    (tmp_path / "zero.zip").write_bytes(b"")
    return tmp_path


def test_the_page_says_what_to_revisit_per_question(folder: Path) -> None:
    summarize(folder)
    page = Page((folder / "class-summary.html").read_text(encoding="utf-8"))
    assert page.stray == [], "every text on the page sits in a heading, paragraph or table"
    assert page.title == "Class summary · Exercise 02: The violence in numbers"
    assert page.headings[:2] == [
        ("h1", "Class summary · Exercise 02: The violence in numbers"),
        ("h2", "Checked questions: what to revisit"),
    ]
    assert page.paragraphs[0] == (
        "3 students; 1 file could not be read. Self-checks are for learning, not a grade."
    )
    assert page.tables[0] == [
        ["question", "pass", "most frequent other statuses",
         "most frequent anticipated mistakes (hint shown)"],
        ["2.1", "1 of 3", "not yet: a common mistake: 1\nnot yet: wrong value: 1",
         "1 × Nine times, not ten."],
        ["2.2", "1 of 3", "not yet: a common mistake: 1\nmissing: 1",
         "1 × `answer`: about 2.2"],
    ]  # fmt: skip


def test_each_open_answer_is_shown_beside_the_others(folder: Path) -> None:
    summarize(folder)
    page = Page((folder / "class-summary.html").read_text(encoding="utf-8"))
    assert ("h2", "Open question 02.open1") in page.headings
    assert ("question", QUESTION) in page.headings
    assert page.answers == [
        ("Ada", "Misleading.\nTwo lines."),
        ("Ben (question edited: whole cell)", "All of it."),
        ("Cy", "no answer"),
    ]
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", page.style))
    assert "display:grid" in rules[".answers"], "answers side by side"
    assert "white-space:pre-wrap" in rules[".answer"], "an answer keeps its line breaks"
    assert "text-align:left" in rules["td,th"] and "border:1px solid #999" in rules["td,th"]
    assert "font-size:1em" in rules[".answer h3"], "a student's name no bigger than the answer"
    assert "max-width:80em" in rules["body"]


@pytest.fixture
def in_mexico_city(monkeypatch: pytest.MonkeyPatch) -> object:
    """The machine's clock set to Mexico City (UTC-6): the page must still show UTC."""
    monkeypatch.setenv("TZ", "America/Mexico_City")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_students_table_the_replaced_and_the_unreadable(
    folder: Path, in_mexico_city: object
) -> None:
    summarize(folder)
    page = Page((folder / "class-summary.html").read_text(encoding="utf-8"))
    headings = [text for level, text in page.headings if level == "h2"]
    assert headings[-3:] == ["Students", "Earlier submissions left out", "Could not read"]
    assert page.tables[1] == [
        ["student", "self-checks passed", "submitted (UTC)", "file"],
        ["Ada", "2 of 2", "2026-03-02 10:00", f"{STEM}-submission-Ada.zip"],
        ["Ben", "0 of 2", "2026-03-02 10:00", f"{STEM}-submission-Ben.zip"],
        ["Cy", "0 of 1", "2026-03-02 09:30", f"{STEM}-submission-Cy (1).zip"],
    ]
    assert page.items == [
        f"{STEM}-submission-Cy.zip: replaced by the later {STEM}-submission-Cy (1).zip",
        "zero.zip: the file is empty",
    ]


def test_a_page_with_nothing_to_report_says_so(tmp_path: Path) -> None:
    submission(tmp_path, "a.zip", results("Ada", {"2.1": "passed"}, answers=[]))
    shown = Page(classroom.summary_html(read_folder(tmp_path)))
    assert shown.headings[0] == ("h1", "Class summary · Exercise 02: The violence in numbers")
    assert shown.tables[0][1] == ["2.1", "1 of 1", "—", "—"]
    assert shown.paragraphs[-1] == "Every file could be read."
    assert "Earlier submissions left out" not in [text for _, text in shown.headings]
    assert shown.paragraphs[0].startswith("1 student; 0 files could not be read.")


def test_a_title_less_exercise_is_headed_by_its_number(tmp_path: Path) -> None:
    payload = results("Ada", {"2.1": "passed"})
    payload["title"] = ""
    submission(tmp_path, "a.zip", payload)
    assert Page(classroom.summary_html(read_folder(tmp_path))).headings[0] == (
        "h1",
        "Class summary · Exercise 02",
    )


def test_the_csv_has_a_row_per_student_and_an_empty_cell_for_what_is_missing(
    folder: Path,
) -> None:
    summarize(folder)
    rows = list(csv.reader(io.StringIO((folder / "class-summary.csv").read_text("utf-8"))))
    assert rows == [
        ["student", "file", "submitted_utc", "exercise", "passed", "total", "2.1", "2.2",
         "02.open1"],
        ["Ada", f"{STEM}-submission-Ada.zip", "2026-03-02 10:00", "02", "2", "2", "passed",
         "passed", "Misleading.\nTwo lines."],
        ["Ben", f"{STEM}-submission-Ben.zip", "2026-03-02 10:00", "02", "0", "2",
         "common_mistake", "common_mistake", "All of it."],
        ["Cy", f"{STEM}-submission-Cy (1).zip", "2026-03-02 09:30", "02", "0", "1",
         "wrong_value", "", ""],
    ]  # fmt: skip


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_start_a_formula_gets_a_quote(start: str) -> None:
    assert classroom._cell(f"{start}1") == f"'{start}1"
    assert classroom._cell("1-2") == "1-2" and classroom._cell("") == ""


# ------------------------------------------------------------ the folder ---


def test_hidden_files_and_earlier_summaries_are_skipped_and_the_rest_still_read(
    folder: Path,
) -> None:
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / "class-summary.html").write_text("old", encoding="utf-8")
    (folder / "class-summary.csv").write_text("old", encoding="utf-8")
    (folder / "a subfolder").mkdir()
    (folder / "notes.txt").write_text("hi", encoding="utf-8")
    summary = read_folder(folder)
    assert [entry.student for entry in summary.entries] == ["Ada", "Ben", "Cy"]
    assert summary.unreadable == [
        "a subfolder: not a zip file",
        "notes.txt: not a zip file",
        "zero.zip: the file is empty",
    ]


def test_a_reader_bug_is_one_unreadable_line_not_a_stop(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = classroom.read_submission

    def flaky(path: Path) -> object:
        if "Ben" in path.name:
            raise ZeroDivisionError
        return real(path)

    monkeypatch.setattr(classroom, "read_submission", flaky)
    summary = read_folder(folder)
    assert [entry.student for entry in summary.entries] == ["Ada", "Cy"]
    assert f"{STEM}-submission-Ben.zip: could not be read (ZeroDivisionError)" in summary.unreadable


def test_a_missing_folder_and_an_empty_one(tmp_path: Path) -> None:
    summary = read_folder(tmp_path / "gone")
    assert summary.unreadable == ["gone: not a folder"] and not summary.entries
    empty = read_folder(tmp_path)
    assert (empty.exercise, empty.title, empty.entries, empty.unreadable) == ("", "", [], [])
    assert str(empty) == "Exercise ?: 0 students, 0 files could not be read."


def test_the_same_student_however_written_is_one_student(tmp_path: Path) -> None:
    submission(tmp_path, "a.zip", results("Ada  Lopez", {"2.1": "passed"}))
    later = results("ada lopez", {"2.1": "wrong_value"}, created="2026-03-03T10:00:00+00:00")
    submission(tmp_path, "b.zip", later)
    summary = read_folder(tmp_path)
    assert [(entry.student, entry.file) for entry in summary.entries] == [("ada lopez", "b.zip")]


def test_of_two_made_at_the_same_moment_the_later_file_name_counts(tmp_path: Path) -> None:
    for name, status in (("a.zip", "passed"), ("b.zip", "wrong_value")):
        submission(tmp_path, name, results("Ada", {"2.1": status}))
    summary = read_folder(tmp_path)
    assert [entry.file for entry in summary.entries] == ["b.zip"]
    assert summary.replaced == ["a.zip: replaced by the later b.zip"]


def test_the_exercise_most_zips_are_for_is_summarised_unless_one_is_named(
    tmp_path: Path,
) -> None:
    submission(tmp_path, "a.zip", results("Ada", {"2.1": "passed"}))
    submission(tmp_path, "b.zip", results("Ben", {"2.1": "passed"}))
    write_zip(
        tmp_path,
        "c.zip",
        {"results.json": results_json("Cy", "03"), "03-cartel-network-exercise.ipynb": b"{}"},
    )
    assert read_folder(tmp_path).exercise == "02"
    chosen = read_folder(tmp_path, exercise="03")
    assert [entry.student for entry in chosen.entries] == ["Cy"]
    assert chosen.unreadable == [
        "a.zip: a submission of exercise 02, not 03; summarise it on its own",
        "b.zip: a submission of exercise 02, not 03; summarise it on its own",
    ]


def results_json(student: str, exercise: str) -> bytes:
    payload = results(student, {f"{int(exercise)}.1": "passed"}, exercise=exercise)
    payload["title"] = "Cartels as a network"
    return json.dumps(payload).encode("utf-8")


def test_a_question_no_one_passes_and_at_most_three_mistakes(tmp_path: Path) -> None:
    for n, hint in enumerate(["One.", "Two.", "Two.", "Three.", "Four.", "Four.", "Four."]):
        submission(
            tmp_path,
            f"{n}.zip",
            results(f"S{n}", {"2.1": "common_mistake"}, hints={"2.1": hint}),
        )
    (row,) = classroom.question_rows(read_folder(tmp_path))
    assert (row["passed"], row["total"]) == (0, 7)
    assert row["mistakes"] == [("Four.", 3), ("Two.", 2), ("One.", 1)]


def test_anonymising_with_nothing_replaced_says_nothing_of_it(tmp_path: Path) -> None:
    submission(tmp_path, "a.zip", results("Ada", {"2.1": "passed"}))
    assert summarize(tmp_path, anonymise=True).replaced == []


def test_anonymising_keeps_the_exercise_and_counts_what_it_hides(folder: Path) -> None:
    summary = summarize(folder, anonymise=True)
    assert summary.anonymised and (summary.exercise, summary.title) == (
        "02",
        "The violence in numbers",
    )
    assert {entry.exercise for entry in summary.entries} == {"02"}
    assert {entry.title for entry in summary.entries} == {"The violence in numbers"}
    assert summary.replaced == ["1 earlier submission replaced by later ones"]
    assert summary.unreadable == ["a file: the file is empty"]
    assert classroom.read_folder(folder).anonymised is False


# ----------------------------------------------------------- the command ---


def test_the_command_writes_where_asked_for_the_exercise_asked(folder: Path) -> None:
    write_zip(
        folder,
        "dee.zip",
        {"results.json": results_json("Dee", "03"), "03-cartel-network-exercise.ipynb": b"{}"},
    )
    out = folder / "reports" / "week 3"
    assert main(["summarize", str(folder), "--out", str(out), "--exercise", "03"]) == 0
    assert (out / "class-summary.html").is_file() and (out / "class-summary.csv").is_file()
    assert not (folder / "class-summary.html").exists()
    text = (out / "class-summary.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("Dee,dee.zip,")
    assert summarize(folder, exercise="03").exercise == "03"


def test_the_command_prints_what_it_wrote(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Exercise 02: 3 students, 1 file could not be read.",
        f"  Wrote {folder / 'class-summary.html'}",
        f"  Wrote {folder / 'class-summary.csv'}",
        "  could not read zero.zip: the file is empty",
    ]


def test_a_missing_folder_is_an_error_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(tmp_path / "gone")]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err == f"No summary written: {tmp_path / 'gone'} is not a folder.\n"


def test_the_command_explains_itself(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What an instructor sees with --help, and without a command."""
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    top = capsys.readouterr().out
    assert stop.value.code == 0
    assert top.startswith("usage: python -m cartel_lab.classroom [-h] {summarize}")
    assert "Summarise a folder of submit() zips for the instructor." in top
    assert "write class-summary.html and .csv" in top
    with pytest.raises(SystemExit):
        main(["summarize", "--help"])
    helped = " ".join(capsys.readouterr().out.split())
    for words in (
        "folder the folder of downloaded zips",
        "--out OUT where to write (default: the folder)",
        '--exercise EXERCISE the exercise number, e.g. "02" (default: most)',
        '--anonymise "Student 1..n" instead of names',
    ):
        assert words in helped, words
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    assert "the following arguments are required: command" in capsys.readouterr().err


def test_the_module_runs_as_a_command() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "cartel_lab.classroom", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert run.returncode == 0 and run.stdout.startswith("usage: python -m cartel_lab.classroom")
