"""One submission zip read as untrusted data: each limit at its edge, each field as stored.

``tests/test_classroom.py`` shows the hostile zips a class summary survives; these
tests pin what ``read_submission`` returns for one zip: the limits one byte either
side, the message words, the fields kept, cleaned or defaulted, and the open answers
of an older zip read from its notebook. Expected values are written out here.
"""

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from cartel_lab import submission_reader as reader
from cartel_lab.open_answers import PROMPT
from cartel_lab.submission_reader import Unreadable, read_submission, student_from_file_name
from tests.submission_zips import STEM, results, write_zip

REPO = Path(__file__).resolve().parent.parent


def zip_of(folder: Path, payload: Any, name: str = "one.zip", **extra: bytes) -> Path:
    """A zip holding results.json (``payload`` as JSON, or the bytes given) and ``extra`` files."""
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return write_zip(folder, name, {"results.json": data, **extra})


def refused(path: Path) -> str:
    with pytest.raises(Unreadable) as info:
        read_submission(path)
    return str(info.value)


# ------------------------------------------------------------------ fields ---


def test_a_submission_reads_back_as_stored(tmp_path: Path) -> None:
    payload = results("Ada Lopez", {"2.1": "passed", "2.2": "wrong_value"})
    entry = read_submission(zip_of(tmp_path, payload))
    assert (entry.file, entry.student, entry.exercise) == ("one.zip", "Ada Lopez", "02")
    assert entry.title == "The violence in numbers"
    assert entry.created == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert entry.results == (
        {"question": "2.1", "status": "passed", "message": "`answer`: about 2.1", "hint": ""},
        {"question": "2.2", "status": "wrong_value", "message": "`answer`: about 2.2", "hint": ""},
    )
    assert (entry.status("2.2"), entry.status("2.9"), entry.passed) == ("wrong_value", "", 1)


def test_fields_that_are_not_text_read_as_empty(tmp_path: Path) -> None:
    payload = results("", {"2.1": "passed"})
    payload["title"] = 5
    payload["results"][0].update(message=["a", "list"], hint=None, extra="dropped")
    entry = read_submission(zip_of(tmp_path, payload, name=f"{STEM}-submission-Ben-Ng.zip"))
    assert entry.title == "" and entry.student == "Ben Ng"
    assert entry.results == ({"question": "2.1", "status": "passed", "message": "", "hint": ""},)


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2026-03-02T10:00:00", datetime(2026, 3, 2, 10, tzinfo=UTC)),  # no zone: taken as UTC
        (
            "2026-03-02T10:00:00+01:00",
            datetime(2026, 3, 2, 10, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("yesterday", None),
        (None, None),
    ],
    ids=["no zone", "a zone", "not a time", "missing"],
)
def test_the_time_is_results_json_s_else_the_file_s(
    tmp_path: Path, created: str | None, expected: datetime | None
) -> None:
    payload = results("Ada", {"2.1": "passed"})
    payload["created"] = created
    path = zip_of(tmp_path, payload)
    os.utime(path, (1_767_225_600, 1_767_225_600))  # 2026-01-01 00:00 UTC
    found = read_submission(path).created
    assert found == (expected or datetime(2026, 1, 1, tzinfo=UTC))
    assert found.utcoffset() is not None


def test_open_answers_are_kept_as_text_cut_at_5000_characters(tmp_path: Path) -> None:
    answers = [
        {"id": "02.open1", "question": "Q1", "answer": "a" * 5_000, "separated": False},
        {"id": "02.open2", "question": 7, "answer": "b" * 5_001},
        {"id": "02.open3", "answer": None, "separated": "no"},
        {"id": "", "answer": "no id: dropped"},
        "not a record",
        ["nor", "this"],
    ]
    entry = read_submission(zip_of(tmp_path, results("Ada", {"2.1": "passed"}, answers=answers)))
    assert entry.answers == (
        {"id": "02.open1", "question": "Q1", "answer": "a" * 5_000, "separated": False},
        {
            "id": "02.open2",
            "question": "",
            "answer": "b" * 5_000 + " [cut: longer than 5,000 characters]",
            "separated": True,
        },
        {"id": "02.open3", "question": "", "answer": "", "separated": True},
    )


# ------------------------------------------------- an older zip's notebook ---


def older_zip(folder: Path, notebook: bytes, exercise: str = "02") -> Path:
    """A zip from before results.json kept the open answers: they are in the notebook only."""
    payload = results("Ada", {f"{int(exercise)}.1": "passed"}, exercise=exercise)
    del payload["open_answers"]
    return zip_of(folder, payload, **{f"{exercise}-violence-in-numbers-exercise.ipynb": notebook})


def test_an_older_zip_s_open_answers_are_read_from_its_notebook(tmp_path: Path) -> None:
    template = (REPO / "exercises" / f"{STEM}.ipynb").read_text(encoding="utf-8")
    answered = template.replace(PROMPT, "My first answer.", 1).replace(PROMPT, "My second.", 1)
    entry = read_submission(older_zip(tmp_path, answered.encode("utf-8")))
    assert [(a["id"], a["answer"], a["separated"]) for a in entry.answers] == [
        ("02.open1", "My first answer.", True),
        ("02.open2", "My second.", True),
    ]
    assert entry.answers[0]["question"].startswith("**A.** Lesson 02 judged A05")


def test_an_older_zip_s_unreadable_notebook_is_reported(tmp_path: Path) -> None:
    assert refused(older_zip(tmp_path, b"\xff not json")) == (
        "02-violence-in-numbers-exercise.ipynb is not a readable notebook"
    )


def test_an_older_zip_of_an_exercise_without_a_template_has_no_open_answers(
    tmp_path: Path,
) -> None:
    assert read_submission(older_zip(tmp_path, b"not even read", exercise="99")).answers == ()


# ------------------------------------------------------------------ limits ---


def test_the_zip_size_limit_is_25_mb_and_checked_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with path.open("wb") as handle:
        handle.truncate(25_000_001)  # sparse: no 25 MB written
    assert refused(path) == "larger than 25 MB; not opened"
    os.truncate(path, 25_000_000)
    assert refused(path) == "not a readable zip file (damaged, or not a zip)"


def test_a_zip_at_each_limit_is_read_and_one_over_it_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = results("Ada", {"2.1": "passed"})
    path = zip_of(tmp_path, payload, notes=b"12345")
    size = path.stat().st_size
    unpacked = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    results_bytes = len(json.dumps(payload).encode("utf-8"))
    for limit, value, message in [
        ("MAX_ZIP_BYTES", size, "larger than 0 MB; not opened"),
        ("MAX_MEMBERS", 2, "holds 2 files, more than a submission's few"),
        (
            "MAX_UNPACKED_BYTES",
            unpacked,
            "would unpack to more than 0 MB (a zip bomb?); not opened",
        ),
        ("MAX_RESULTS_BYTES", results_bytes, "results.json is larger than 0 MB"),
    ]:
        with monkeypatch.context() as patch:
            patch.setattr(reader, limit, value)
            assert read_submission(path).student == "Ada", limit
            patch.setattr(reader, limit, value - 1)
            assert refused(path) == message, limit


def test_twenty_files_are_read_and_twenty_one_are_not(tmp_path: Path) -> None:
    payload = results("Ada", {"2.1": "passed"})
    extra = {f"note{n}.txt": b"x" for n in range(19)}
    assert read_submission(zip_of(tmp_path, payload, **extra)).student == "Ada"
    extra["one-more.txt"] = b"x"
    assert refused(zip_of(tmp_path, payload, name="more.zip", **extra)) == (
        "holds 21 files, more than a submission's few"
    )


def test_the_real_limits_are_named_in_megabytes(tmp_path: Path) -> None:
    assert refused(zip_of(tmp_path, b" " * 2_000_001)) == "results.json is larger than 2 MB"


def test_only_members_over_a_megabyte_are_judged_by_their_compression(tmp_path: Path) -> None:
    payload = json.dumps(results("Ada", {"2.1": "passed"})).encode("utf-8")
    padded = payload + b" " * (1_000_000 - len(payload))  # 1 MB of which most is spaces
    assert read_submission(zip_of(tmp_path, padded)).student == "Ada"
    assert refused(zip_of(tmp_path, padded + b" ", name="dense.zip")) == (
        "results.json is compressed suspiciously well (a zip bomb?)"
    )


def test_a_large_results_file_that_compresses_as_text_does_is_read(tmp_path: Path) -> None:
    payload = results("Ada", {"2.1": "passed"})
    payload["padding"] = os.urandom(600_000).hex()  # 1.2 MB that compresses about 2 to 1
    path = zip_of(tmp_path, payload)
    assert zipfile.ZipFile(path).getinfo("results.json").file_size > 1_000_000
    assert read_submission(path).student == "Ada"


def damaged(folder: Path, compression: int) -> Path:
    """A zip whose results.json has one byte changed inside the archive."""
    path = folder / "damaged.zip"
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        archive.writestr("results.json", json.dumps(results("Ada", {"2.1": "passed"})))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("results.json")
    start = info.header_offset + 30 + len(info.filename.encode())
    data[start + 10] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_member_says_how(tmp_path: Path) -> None:
    assert refused(damaged(tmp_path, zipfile.ZIP_STORED)) == (
        "results.json is damaged inside the zip"  # its checksum no longer matches
    )
    assert refused(damaged(tmp_path, zipfile.ZIP_DEFLATED)) == (
        "results.json is damaged inside the zip (zlib error)"  # it no longer decompresses
    )


def test_any_other_failure_reading_a_member_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = zip_of(tmp_path, results("Ada", {"2.1": "passed"}))

    def fails(*args: object, **kwargs: object) -> None:
        raise TypeError("unexpected")

    monkeypatch.setattr(zipfile.ZipFile, "open", fails)
    assert refused(path) == "results.json is damaged inside the zip (TypeError)"


# ------------------------------------------------------ results.json shape ---


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exercise": 2}, "results.json has no exercise number or no results"),
        ({"exercise": "2"}, "results.json has no exercise number or no results"),
        ({"results": "all passed"}, "results.json has no exercise number or no results"),
        ({"results": ["passed"]}, "results.json has a result that is not a record"),
    ],
    ids=["a number", "one digit", "results not a list", "a result not a record"],
)
def test_results_json_must_name_its_exercise_and_list_records(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    payload = {**results("Ada", {"2.1": "passed"}), **change}
    assert refused(zip_of(tmp_path, payload)) == message


# ------------------------------------------------------------------- names ---


@pytest.mark.parametrize(
    "name",
    ["C:/Users/x.txt", "c:evil", "a/../../b", "..\\b", "/abs"],
)
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str) -> None:
    path = zip_of(tmp_path, results("Ada", {"2.1": "passed"}), **{name: b"x"})
    assert refused(path) == f"holds a file with an unsafe name ({name})"


def test_a_long_or_multiline_name_is_shortened_in_the_message(tmp_path: Path) -> None:
    name = "../" + "a" * 40 + "\n" + "b" * 40
    path = zip_of(tmp_path, results("Ada", {"2.1": "passed"}), **{name: b"x"})
    shown = "../" + "a" * 40 + " " + "b" * 13 + "..."
    assert len(shown) == 60 and refused(path) == f"holds a file with an unsafe name ({shown})"
    exact = "../" + "c" * 57
    path = zip_of(tmp_path, results("Ada", {"2.1": "passed"}), name="b.zip", **{exact: b"x"})
    assert refused(path) == f"holds a file with an unsafe name ({exact})"


@pytest.mark.parametrize(
    ("file_name", "student"),
    [
        (f"{STEM}-Submission-Ada-Lopez.zip", "Ada Lopez"),
        (f"{STEM}-submission-Cy (1).zip", "Cy"),
        (f"Ada Lopez. - {STEM}-submission.zip", "Ada Lopez"),
        ("Ada Lopez", "Ada Lopez"),
        ("___.zip", "___"),
        (f"{STEM}-submission-Max.zip", "Max"),
    ],
    ids=["capital S", "a second download", "a trailing full stop", "no .zip", "no name", "Max"],
)
def test_more_file_names_a_student_or_browser_makes(file_name: str, student: str) -> None:
    assert student_from_file_name(file_name) == student
