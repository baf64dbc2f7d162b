"""The class summary of submissions (issue 20): what it counts, and every hostile zip it meets.

Submissions are untrusted: each hostile case below must end as a line of the
"could not read" list (or arrive escaped) while the good submissions beside it
are still summarised. Expected counts are written out here from the zips the
test builds, never taken from the summary's own code.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from cartel_lab import classroom
from cartel_lab.classroom import main, read_folder, summarize
from cartel_lab.submission_reader import student_from_file_name
from tests.submission_zips import STEM, results, submission, write_zip

MISTAKE = "A rise of 900 percent is ten times, not nine."


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """Three students: two pass 2.1, one makes the anticipated mistake on 2.2."""
    submission(
        tmp_path,
        f"{STEM}-submission-Ada-Lopez.zip",
        results("Ada Lopez", {"2.1": "passed", "2.2": "passed"}),
    )
    submission(
        tmp_path,
        f"{STEM}-submission-Ben-Ng.zip",
        results("Ben Ng", {"2.1": "passed", "2.2": "common_mistake"}, hints={"2.2": MISTAKE}),
    )
    submission(
        tmp_path,
        f"{STEM}-submission-Cy.zip",
        results("Cy", {"2.1": "wrong_value", "2.2": "not_attempted"}),
    )
    return tmp_path


def test_per_question_passes_statuses_and_mistakes(good: Path) -> None:
    summary = read_folder(good)
    assert summary.exercise == "02" and not summary.unreadable
    assert [entry.student for entry in summary.entries] == ["Ada Lopez", "Ben Ng", "Cy"]
    rows = {row["question"]: row for row in classroom.question_rows(summary)}
    assert (rows["2.1"]["passed"], rows["2.1"]["total"]) == (2, 3)
    assert rows["2.1"]["statuses"] == [("not yet: wrong value", 1)]
    assert (rows["2.2"]["passed"], rows["2.2"]["total"]) == (1, 3)
    assert sorted(rows["2.2"]["statuses"]) == [
        ("not attempted yet", 1),
        ("not yet: a common mistake", 1),
    ]
    assert rows["2.2"]["mistakes"] == [(MISTAKE, 1)]


def test_writes_html_and_one_csv_row_per_student(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = summarize(good, out=out)
    page = (out / "class-summary.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "1 of 3" in page and "2 of 3" in page and MISTAKE in page
    assert "Ada Lopez thinks so." in page and "Ben Ng thinks so." in page
    assert "Argue A05." in page and "Every file could be read." in page
    rows = list(csv.DictReader(io.StringIO((out / "class-summary.csv").read_text("utf-8"))))
    assert [row["student"] for row in rows] == ["Ada Lopez", "Ben Ng", "Cy"]
    assert [row["passed"] for row in rows] == ["2", "1", "0"]
    assert rows[1]["2.2"] == "common_mistake" and rows[2]["02.open1"] == "Cy thinks so."
    assert summary.written == (out / "class-summary.html", out / "class-summary.csv")


def test_anonymised_summary_shows_no_name(good: Path) -> None:
    summary = summarize(good, anonymise=True)
    page = (good / "class-summary.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((good / "class-summary.csv").read_text("utf-8"))))
    assert sorted(row["student"] for row in rows) == ["Student 1", "Student 2", "Student 3"]
    assert {row["file"] for row in rows} == {"(hidden)"}
    for name in ("Ada Lopez", "Ben Ng", "Cy"):
        assert f"<h3>{name}" not in page and f"<td>{name}" not in page
        assert "Ada-Lopez" not in page and "Ben-Ng" not in page
    assert sorted(entry.student for entry in summary.entries) == [
        "Student 1",
        "Student 2",
        "Student 3",
    ]
    assert "<h3>Student 1</h3>" in page and "<td>Student 3</td>" in page


def test_a_later_submission_replaces_an_earlier_one(good: Path) -> None:
    submission(
        good,
        f"{STEM}-submission-Cy (1).zip",
        results("Cy", {"2.1": "passed", "2.2": "passed"}, created="2026-03-03T09:00:00+00:00"),
    )
    summary = read_folder(good)
    cy = [entry for entry in summary.entries if entry.student == "Cy"]
    assert len(cy) == 1 and cy[0].passed == 2 and cy[0].file.endswith("(1).zip")
    assert summary.replaced == [
        f"{STEM}-submission-Cy.zip: replaced by the later {STEM}-submission-Cy (1).zip"
    ]


@pytest.mark.parametrize(
    ("file_name", "student"),
    [
        (f"{STEM}-submission-Ada-Lopez.zip", "Ada Lopez"),
        (f"Ada Lopez_40961_assignsubmission_file_{STEM}-submission.zip", "Ada Lopez"),
        (f"lopezada_1234_56789_{STEM}-submission.zip", "lopezada"),
        (f"lopezada_late_1234_56789_{STEM}-submission.zip", "lopezada"),
        (f"Ada Lopez - {STEM}-submission.zip", "Ada Lopez"),
        ("whatever.zip", "whatever"),
    ],
)
def test_students_are_named_from_the_file_name_a_course_site_gives(
    file_name: str, student: str
) -> None:
    assert student_from_file_name(file_name) == student


def test_a_zip_without_a_stored_name_is_named_from_its_file(tmp_path: Path) -> None:
    submission(
        tmp_path,
        f"Dee Park_77_assignsubmission_file_{STEM}-submission.zip",
        results("", {"2.1": "passed"}),
    )
    assert [entry.student for entry in read_folder(tmp_path).entries] == ["Dee Park"]


# --------------------------------------------------------------- hostile input ---


def _unreadable(folder: Path) -> list[str]:
    """Summarise, assert the good submissions are still there, return the 'could not read' lines."""
    summary = summarize(folder)
    assert {entry.student for entry in summary.entries} == {"Ada Lopez", "Ben Ng", "Cy"}
    page = (folder / "class-summary.html").read_text(encoding="utf-8")
    for line in summary.unreadable:
        assert classroom.html.escape(line) in page
    return summary.unreadable


def test_a_zip_bomb_is_not_unpacked(good: Path) -> None:
    path = good / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("results.json", json.dumps(results("Eve", {"2.1": "passed"})))
        filler = zipfile.ZipInfo("filler.bin")
        filler.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(filler, "w") as member:
            chunk = bytes(1_000_000)
            for _ in range(150):  # 150 MB of zeros, about 150 KB compressed
                member.write(chunk)
    assert path.stat().st_size < 1_000_000
    assert _unreadable(good) == [
        "bomb.zip: would unpack to more than 100 MB (a zip bomb?); not opened"
    ]


def test_a_member_compressed_suspiciously_well_is_not_read(good: Path) -> None:
    write_zip(good, "dense.zip", {"results.json": b" " * 1_500_000 + b"{}"})
    assert _unreadable(good) == [
        "dense.zip: results.json is compressed suspiciously well (a zip bomb?)"
    ]


def test_an_oversized_results_file_is_refused(good: Path) -> None:
    write_zip(good, "huge.zip", {"results.json": b"x" * 2_000_001})
    (line,) = _unreadable(good)
    assert line.startswith("huge.zip: results.json is")


def test_a_path_that_climbs_out_is_refused_and_nothing_is_written(good: Path) -> None:
    write_zip(
        good,
        "climb.zip",
        {
            "../../x": b"owned",
            "results.json": json.dumps(results("Eve", {"2.1": "passed"})).encode(),
        },
    )
    write_zip(good, "absolute.zip", {"/etc/x": b"owned"})
    write_zip(good, "windows.zip", {"..\\x": b"owned"})
    assert _unreadable(good) == [
        "absolute.zip: holds a file with an unsafe name (/etc/x)",
        "climb.zip: holds a file with an unsafe name (../../x)",
        "windows.zip: holds a file with an unsafe name (..\\x)",
    ]
    assert not (good.parent / "x").exists() and not (good.parent.parent / "x").exists()


def test_corrupt_truncated_and_empty_zips(good: Path) -> None:
    (good / "noise.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    whole = (good / f"{STEM}-submission-Ada-Lopez.zip").read_bytes()
    (good / "cut.zip").write_bytes(whole[: len(whole) // 2])
    (good / "zero.zip").write_bytes(b"")
    zipfile.ZipFile(good / "nothing.zip", "w").close()
    assert _unreadable(good) == [
        "cut.zip: not a readable zip file (damaged, or not a zip)",
        "noise.zip: not a readable zip file (damaged, or not a zip)",
        "nothing.zip: the zip is empty",
        "zero.zip: the file is empty",
    ]


def test_a_damaged_member_is_reported(good: Path) -> None:
    path = submission(good, "flipped.zip", results("Eve", {"2.1": "passed"}))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("results.json")
    start = info.header_offset + 30 + len(info.filename.encode())
    for offset in range(start, start + info.compress_size):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    (line,) = _unreadable(good)
    assert line.startswith("flipped.zip: results.json is damaged"), line


def test_another_exercise_is_listed_not_mixed_in(good: Path) -> None:
    write_zip(
        good,
        "other.zip",
        {
            "03-cartel-network-exercise.ipynb": b"{}",
            "results.json": json.dumps(results("Eve", {"3.1": "passed"}, exercise="03")).encode(),
        },
    )
    write_zip(
        good,
        "swapped.zip",
        {
            "03-cartel-network-exercise.ipynb": b"{}",
            "results.json": json.dumps(results("Fay", {"2.1": "passed"})).encode(),
        },
    )
    assert _unreadable(good) == [
        "swapped.zip: holds the notebook of exercise 03 (03-cartel-network-exercise.ipynb) "
        "with the results of exercise 02",
        "other.zip: a submission of exercise 03, not 02; summarise it on its own",
    ]


def test_invalid_json_non_utf8_and_foreign_json(good: Path) -> None:
    write_zip(good, "broken.zip", {"results.json": b'{"format": "cartel-lab-submission/1",'})
    write_zip(good, "latin.zip", {"results.json": '{"student": "José"}'.encode("latin-1")})
    write_zip(good, "foreign.zip", {"results.json": b'["not", "ours"]'})
    write_zip(good, "noresults.zip", {"notes.txt": b"hello"})
    (good / "notes.txt").write_text("not a zip", encoding="utf-8")
    assert _unreadable(good) == [
        "broken.zip: results.json is not valid JSON",
        "foreign.zip: results.json is not in the format submit() writes (cartel-lab-submission/1)",
        "latin.zip: results.json is not UTF-8 text",
        "noresults.zip: no results.json inside: not made by submit()",
        "notes.txt: not a zip file",
    ]


def test_html_and_script_in_answers_and_names_arrive_escaped(good: Path) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submission(
        good,
        f"{STEM}-submission-<b>.zip",
        results(
            f"Mallory {attack}",
            {"2.1": "passed"},
            answers=[{"id": "02.open1", "question": attack, "answer": attack}],
            hints={"2.1": attack},
        ),
    )
    summary = summarize(good)
    page = (good / "class-summary.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert len(summary.entries) == 4


def test_a_formula_in_an_answer_stays_text_in_the_csv(good: Path) -> None:
    submission(
        good,
        "formula.zip",
        results(
            "=HYPERLINK(1)",
            {"2.1": "passed"},
            answers=[{"id": "02.open1", "question": "q", "answer": "+cmd|' /C calc'!A0"}],
        ),
    )
    summarize(good)
    rows = list(csv.DictReader(io.StringIO((good / "class-summary.csv").read_text("utf-8"))))
    row = next(row for row in rows if "HYPERLINK" in row["student"])
    assert row["student"] == "'=HYPERLINK(1)" and row["02.open1"] == "'+cmd|' /C calc'!A0"


def test_the_command_line_writes_both_files_and_lists_what_it_could_not_read(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (good / "zero.zip").write_bytes(b"")
    assert main(["summarize", str(good), "--anonymise"]) == 0
    printed = capsys.readouterr().out
    assert "Exercise 02: 3 students, 1 file could not be read." in printed
    assert "could not read a file: the file is empty" in printed
    assert (good / "class-summary.html").is_file() and (good / "class-summary.csv").is_file()
    assert main(["summarize", str(good / "missing")]) == 1


def test_the_summary_shows_itself_in_a_notebook(good: Path) -> None:
    shown = summarize(good)._repr_html_()
    assert shown.startswith('<div class="cartel-lab-class-summary">') and "2 of 3" in shown
