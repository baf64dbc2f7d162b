"""Read ``submit()`` zips as untrusted data: in memory, within limits, nothing executed.

The class summary (``cartel_lab.classroom``) reads each zip a student handed in
through ``read_submission``. A zip is opened from bytes in memory after checking
its size; its file names (no ``../`` or absolute paths), the number of files,
their declared total size, each read member's declared size (``zipfile`` reads
no more than that) and its compression ratio (a zip bomb) are checked before
anything is decompressed. Only ``results.json`` is parsed (and, for an older
zip without open answers, the notebook, as JSON). Every problem raises ``Unreadable`` with the reason in
words, which the summary lists; nothing is ever run or written to disk.

A student is named by what ``submit()`` stored, else by the name a course site
adds to the file name (``student_from_file_name``).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from cartel_lab.open_answers import load_template, open_answers
from cartel_lab.submission import FORMAT, RESULTS_NAME

# Limits for one submission. A real one is about 0.1-2 MB zipped, 3 files.
MAX_ZIP_BYTES = 25_000_000
MAX_MEMBERS = 20
MAX_UNPACKED_BYTES = 100_000_000  # all members together, as their headers declare
MAX_RESULTS_BYTES = 2_000_000
MAX_NOTEBOOK_BYTES = 25_000_000
MAX_RATIO = 100  # uncompressed / compressed, for members over a megabyte
MAX_ANSWER_CHARS = 5_000  # an open answer longer than this is cut in the summary

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
    # zipfile reads no more than the declared size (checked above); a header that
    # understates the real size fails the member's CRC check, caught below as damage.
    try:
        with archive.open(info) as member:
            data = member.read()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise Unreadable(f"{_short(info.filename)} is damaged inside the zip") from None
    except Exception as error:  # zlib.error and friends: say which ("zlib error")
        kind = f"{type(error).__module__} {type(error).__name__}".removeprefix("builtins ")
        raise Unreadable(f"{_short(info.filename)} is damaged inside the zip ({kind})") from None
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
    """False for absolute paths, '..', backslashes or drive letters: names a careless unzip misplaces.

    (A NUL byte cannot reach here: zipfile cuts a member's name at its first NUL.)
    """
    if not name or "\\" in name or re.match(r"^[A-Za-z]:", name):
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
