"""The file a student hands in: ``submit()``, the last cell of every exercise notebook.

``submit()`` writes ``submissions/<notebook>-submission-<name>.zip`` beside
the notebook and shows a link to download it. ``<name>`` is the student's name
or id, read from the notebook's ``student_name = "..."`` cell (or given as
``submit(name="...")``), so that thirty zips on a course site say whose each
is; without a name the zip is ``<notebook>-submission.zip`` and a note asks
for one. The zip holds

- the notebook exactly as saved on disk (``<notebook>.ipynb``);
- an HTML copy that opens in any browser (``<notebook>.html``, made by
  nbconvert's HTML exporter: no LaTeX, no network);
- ``results.json``: the self-checks, re-run in the kernel at submission
  time, with a timestamp, the student's name and the text of the open
  ("think it over") answers, so the class summary
  (``python -m cartel_lab.classroom summarize``) can show them side by side;
- any extra files the exercise adds (``submitter(exercise, extra_files=...)``:
  a function of the notebook's variables returning {file name: bytes}; lesson
  07's exercise adds the student's policy brief as Markdown).

Everything happens on the machine running the kernel, so it works offline.
Nothing here raises: when the notebook cannot be found, has unsaved changes,
or cannot be converted to HTML, the student gets a message that says what to
do instead.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cartel_lab import __version__
from cartel_lab.cell_history import log_for
from cartel_lab.checking import Exercise, Progress, notebook_namespace
from cartel_lab.feedback import SELF_CHECKS_NOTE
from cartel_lab.open_answers import PROMPT, load_template, open_answers
from cartel_lab.palette import BLUE, ORANGE

SUBMISSIONS_DIR = "submissions"
RESULTS_NAME = "results.json"
FORMAT = "cartel-lab-submission/1"
# Where a kernel learns its notebook's path: JupyterLab/Notebook 7 (ipykernel
# sets __session__ from the server's JPY_SESSION_NAME) and VS Code.
SESSION_VARIABLES = ("__session__", "__vsc_ipynb_file__")
# A notebook file older than the last check by more than this has unsaved changes.
SAVE_TOLERANCE_SECONDS = 1.0
DOWNLOAD_ADVICE = (
    "Download it (file browser → submissions → right-click the file → Download) and upload it "
    "to your course site."
)
RERUN_ADVICE = "If you change your answers, save the notebook and run this cell again."
SAVE_KEYS = "Ctrl+S, or Cmd+S on a Mac"
# The notebook variable that holds the student's name or id (a cell at the top of the exercise).
STUDENT_VARIABLE = "student_name"
# The longest name kept in a file name; the full name stays in results.json.
NAME_IN_FILE_LIMIT = 40
NO_NAME_NOTE = (
    f"Your name is not in this file. Write your name or student id in the {STUDENT_VARIABLE} "
    f'cell at the top (for example {STUDENT_VARIABLE} = "Ada Lopez"), run it, save, and run this cell '
    "again, so your instructor knows whose work this is."
)
# What an open (written) answer says until the student replaces it (one definition, in
# open_answers); tools/make_exercises.py puts it where the solution's sample answer was.
OPEN_ANSWER_PROMPT = PROMPT


@dataclass(frozen=True)
class Submission:
    """What ``submit()`` did: the zip it wrote, if any, and what to tell the student."""

    written: bool
    message: str
    zip_path: Path | None = None
    link: str = ""
    progress: str = ""
    notes: tuple[str, ...] = ()
    kept: Path | None = None

    def headline(self) -> str:
        """One line that says in words whether a submission file was written."""
        if self.written:
            return "Submission ready."
        if self.kept is not None:
            return "No new submission written: your earlier one is kept."
        return "No submission written yet."

    def __str__(self) -> str:
        symbol = "✓" if self.written else "✗"
        lines = [self.headline(), f"{symbol} {self.message}"]
        if self.written:
            lines.append(f"  {DOWNLOAD_ADVICE} {RERUN_ADVICE}")
        if self.progress:
            lines.append(f"  {self.progress}")
        lines += [f"  Note: {note}" for note in self.notes]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        symbol = "✓" if self.written else "✗"
        border = BLUE if self.written else ORANGE  # the words carry the meaning
        parts = [f"<strong>{html.escape(self.headline())}</strong>"]
        if self.written and self.zip_path is not None:
            # A relative link with `download`: JupyterLab resolves it against the
            # notebook's folder and lets the browser download the file.
            parts.append(
                f'{symbol} <a href="{html.escape(self.link, quote=True)}" download>'
                f"Download your submission ({html.escape(self.zip_path.name)})</a>, "
                "then upload it to your course site."
            )
            parts.append(html.escape(f"{self.message} {RERUN_ADVICE}"))
        else:
            parts.append(f"{symbol} {html.escape(self.message)}")
        if self.progress:
            parts.append(html.escape(self.progress))
        parts += [f"<em>Note:</em> {html.escape(note)}" for note in self.notes]
        return (
            f'<div class="cartel-lab-submission" role="status" data-written="{str(self.written).lower()}"'
            f' style="border-left: 4px solid {border}; padding: 0.3em 0.8em; margin: 0.3em 0;">'
            + "<br>".join(parts)
            + "</div>"
        )


@dataclass(frozen=True)
class Submitter:
    """The ``submit()`` of one exercise notebook; exercise modules export it.

    In ``cartel_lab/exercises/exNN.py``: ``submit = submitter(EXERCISE)``.
    """

    exercise: Exercise
    # Files to add to the zip, made from the notebook's variables: {name: bytes}. Not part of
    # equality: two submitters of one exercise hand in the same exercise.
    extra_files: Callable[[Mapping[str, Any]], Mapping[str, bytes]] | None = field(
        default=None, compare=False
    )

    def __call__(
        self,
        notebook: str | os.PathLike[str] | None = None,
        namespace: Mapping[str, Any] | None = None,
        name: str | None = None,
    ) -> Submission:
        """Write a submission zip for this notebook: ``submit()``, the last cell of an exercise.

        The zip (in ``submissions/`` beside the notebook) holds the saved
        notebook, an HTML copy and the self-check results, re-run now. The
        notebook is found from the kernel (JupyterLab tells it the notebook's
        path); pass its file name, ``submit("01-the-argument-exercise.ipynb")``,
        if that fails. ``name`` is the student's name or id; without it the
        notebook's ``student_name`` variable is used. Never raises: every
        problem becomes a message.
        """
        if namespace is None:
            try:
                namespace = notebook_namespace()
            except Exception:
                namespace = {}
        return submit_notebook(
            self.exercise, notebook, namespace, student_name(namespace, name), self.extra_files
        )


def submitter(
    exercise: Exercise,
    extra_files: Callable[[Mapping[str, Any]], Mapping[str, bytes]] | None = None,
) -> Submitter:
    """The ``submit`` function an exercise module exports for ``exercise``.

    ``extra_files``, if given, makes more files for the zip from the notebook's
    variables ({file name: bytes}); if it fails, the zip is written without
    them and a note says why.
    """
    return Submitter(exercise, extra_files)


def submit_notebook(
    exercise: Exercise,
    notebook: str | os.PathLike[str] | None,
    namespace: Mapping[str, Any],
    student: str = "",
    extra_files: Callable[[Mapping[str, Any]], Mapping[str, bytes]] | None = None,
) -> Submission:
    """Find the notebook, check it is saved, and write its submission zip. Never raises.

    ``notebook`` is the name the student passed, if any; otherwise the
    notebook's path is read from ``namespace`` (the kernel's variables).
    """
    try:
        path, problem = find_notebook(notebook, namespace, exercise.number)
        if path is None:
            return _not_written(problem, _session_path(namespace))
        notebook_bytes = path.read_bytes()  # what is checked below is what is packed
        unsaved = unsaved_changes(path, exercise.last_checked) or answers_not_saved(
            notebook_bytes, exercise, namespace
        )
        if unsaved:
            return _not_written(unsaved, path)
        unanswered = open_answers_left(notebook_bytes)
        if unanswered:
            return _not_written(unanswered, path)
        return build_submission(
            path,
            exercise,
            namespace,
            student=student,
            extra_files=extra_files,
            notebook_bytes=notebook_bytes,
        )
    except OSError as error:
        return Submission(
            False,
            f"The submission file could not be written ({type(error).__name__}: "
            f"{_short(error.strerror or str(error))}). Your notebook is fine: save it "
            f"({SAVE_KEYS}), download it with File → Download and hand that in instead.",
        )
    except Exception as error:  # the last cell must never fail
        return Submission(
            False,
            f"Something went wrong while making the submission ({type(error).__name__}). "
            f"Your notebook is fine: save it ({SAVE_KEYS}), download it with File → Download "
            "and hand that in instead, and please tell your instructor.",
        )


def _not_written(reason: str, notebook: Path | None) -> Submission:
    """A submission that was not written, naming the earlier zip that is kept, if any."""
    try:
        earlier = earlier_submission(notebook)
    except OSError:
        earlier = None
    if earlier is None:
        return Submission(False, reason)
    written = datetime.fromtimestamp(earlier.stat().st_mtime, UTC).strftime("%d %b %Y %H:%M UTC")
    note = (
        f"Your earlier submission, {SUBMISSIONS_DIR}/{earlier.name} (written {written}), is kept "
        "as it was: it holds your notebook as saved then. A new one is written only when the "
        "problem above is fixed, so that a zip never holds a notebook other than the one you see."
    )
    return Submission(False, reason, notes=(note,), kept=earlier)


def earlier_submission(notebook: Path | None) -> Path | None:
    """The zip an earlier ``submit()`` wrote for ``notebook`` (beside it, or here), if any."""
    if notebook is None:
        return None
    for folder in (notebook.parent, Path.cwd()):
        candidates = [
            path
            for path in (folder / SUBMISSIONS_DIR).glob(f"{notebook.stem}-submission*.zip")
            if path.is_file()
        ]
        if candidates:
            return max(candidates, key=lambda path: path.stat().st_mtime)
    return None


def find_notebook(
    notebook: str | os.PathLike[str] | None, namespace: Mapping[str, Any], number: str = ""
) -> tuple[Path | None, str]:
    """Return the notebook's path, or None and a message naming what was looked for.

    An explicit name is looked up in the working folder (the notebook's own
    folder in Jupyter) and beside the notebook the kernel was started for;
    without one, the path the kernel was told is used.
    """
    session = _session_path(namespace)
    here = Path.cwd()
    if notebook is not None:
        name = os.fspath(notebook).strip()
        wanted = [name] if name.endswith(".ipynb") else [name, f"{name}.ipynb"]
        folders = [here] + ([session.parent] if session is not None else [])
        tried = [folder / candidate for candidate in wanted for folder in folders]
        found = next((path for path in tried if path.is_file()), None)
        if found is not None:
            return found.resolve(), ""
        looked_for = " or ".join(_quoted(candidate) for candidate in wanted)
        return None, (
            f"There is no notebook called {looked_for} in this folder ({_short(here.name)}). "
            f"{_notebooks_here(here, number)}Check the name in the file browser (left) or on "
            f'the notebook\'s tab, then run submit("<that name>.ipynb") again.'
        )
    if session is not None:
        for candidate in (session, here / session.name):
            if candidate.is_file():
                return candidate.resolve(), ""
        return None, (
            f"This notebook was opened as {_quoted(session.name)}, but there is no file of "
            "that name now: was it renamed or moved? Save it, then pass its current name, "
            f'as shown on its tab: submit("<new name>.ipynb"). {_notebooks_here(here, number)}'
        ).rstrip()
    example = _example_name(here, number)
    return None, (
        "Could not find this notebook's file name: the kernel was not told it (JupyterLab "
        f"tells it in {SESSION_VARIABLES[0]}, but not when a notebook is run by a program or "
        "outside JupyterLab). Pass the name, as shown "
        f'on the notebook\'s tab: submit("{example}").'
    )


def unsaved_changes(path: Path, last_checked: float | None) -> str:
    """A message when the file on disk is older than the last check run in this kernel."""
    if last_checked is None:
        return ""
    if path.stat().st_mtime + SAVE_TOLERANCE_SECONDS >= last_checked:
        return ""
    return (
        f"{path.name} has unsaved changes: the file on disk is older than the last self-check "
        f"you ran. Save the notebook ({SAVE_KEYS}), then run this "
        "cell again."
    )


def _saved_cells(notebook_bytes: bytes) -> list[dict[str, Any]]:
    """The cells of the saved notebook, or none when the file is not a notebook."""
    try:
        cells = json.loads(notebook_bytes.decode("utf-8")).get("cells", [])
    except (ValueError, AttributeError):
        return []
    return [cell for cell in cells if isinstance(cell, dict)]


def _text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _heading(text: str) -> str:
    """A Markdown cell's first heading, without '#' and '(not checked)'; '' if none."""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").replace("(not checked)", "").strip()
    return ""


def open_answers_left(notebook_bytes: bytes) -> str:
    """A message naming each open answer of the saved notebook still at its placeholder.

    An open answer is a Markdown cell with ``OPEN_ANSWER_PROMPT``; it counts as
    answered once text follows the prompt or the prompt is gone. Typed but not
    saved, an answer is still the placeholder here: the zip would hold that.
    """
    left, heading = [], ""
    for cell in _saved_cells(notebook_bytes):
        if cell.get("cell_type") != "markdown":
            continue
        text = _text(cell)
        heading = _heading(text) or heading
        _, found, after = text.partition(OPEN_ANSWER_PROMPT)
        if found and not after.strip():
            left.append(heading or "an open question")
    if not left:
        return ""
    named = ", ".join(f'"{_short(name, 60)}"' for name in left)
    verb = "is" if len(left) == 1 else "are"
    return (
        f"{named} {verb} still the placeholder in the saved notebook — type your answer, save "
        f"with {SAVE_KEYS}, then run submit() again."
    )


def answers_not_saved(
    notebook_bytes: bytes, exercise: Exercise, namespace: Mapping[str, Any]
) -> str:
    """A message when an answer cell this kernel last ran is not in the saved notebook.

    The kernel's cell log knows the source of the cell that last set each
    answer; if the saved file has no such cell, the student ran (or edited)
    an answer after saving, and the zip would not hold what the checks saw.
    """
    log = log_for(namespace)
    if log is None:
        return ""
    saved = {
        _text(cell).strip()
        for cell in _saved_cells(notebook_bytes)
        if cell.get("cell_type") == "code"
    }
    if not saved:
        return ""
    changed = []
    for question in exercise.questions:
        run = log.last_setting(question.answer_name)
        if run is not None and run.source.strip() not in saved:
            changed.append(question.id)
    if not changed:
        return ""
    which = ", ".join(changed)
    return (
        f"The answer you last ran for {'question' if len(changed) == 1 else 'questions'} {which} "
        f"is not in the saved notebook. Save the notebook ({SAVE_KEYS}), then run this cell "
        "again. Already saved? Then the cell you ran was changed or deleted since: run the "
        "answer cell again, then this cell."
    )


def build_submission(
    path: Path,
    exercise: Exercise,
    namespace: Mapping[str, Any],
    now: datetime | None = None,
    student: str = "",
    extra_files: Callable[[Mapping[str, Any]], Mapping[str, bytes]] | None = None,
    notebook_bytes: bytes | None = None,
) -> Submission:
    """Re-run the checks on ``namespace`` and write the zip for the notebook at ``path``.

    The zip goes to ``submissions/<stem>-submission-<student>.zip`` (see
    ``submission_file_name``) in the notebook's folder; it packs ``notebook_bytes``
    (what ``submit()`` inspected) when given. When the HTML copy cannot be made,
    the zip is still written with the notebook and the results, and a note says so.
    """
    now = now or datetime.now(UTC)
    progress = exercise.progress(namespace)
    if notebook_bytes is None:
        notebook_bytes = path.read_bytes()
    notes = []
    try:
        page = export_html(path)
    except Exception as error:
        page = None
        notes.append(
            f"The HTML copy could not be made ({type(error).__name__}), so the zip holds only "
            "the notebook and your results. That is enough to hand in."
        )
    extra: Mapping[str, bytes] = {}
    if extra_files is not None:
        try:
            extra = dict(extra_files(namespace))
        except Exception as error:
            notes.append(f"An extra file could not be added: {_short(str(error), 200)}")
    summary = results_summary(exercise, progress, path, now, html_included=page is not None)
    summary.update(student_fields(student, notebook_bytes, exercise.number))
    if not student:
        notes.append(NO_NAME_NOTE)
    folder = path.parent / SUBMISSIONS_DIR
    folder.mkdir(exist_ok=True)
    target = folder / submission_file_name(path.stem, student)
    stamp = now.timetuple()[:6]
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".zip.part")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            members = {path.name: notebook_bytes, RESULTS_NAME: _json_bytes(summary)}
            if page is not None:
                members[f"{path.stem}.html"] = page.encode("utf-8")
            members.update({name: data for name, data in extra.items() if name not in members})
            for name, data in members.items():
                archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return Submission(
        True,
        f"Saved as {SUBMISSIONS_DIR}/{target.name}, in the folder of this notebook.",
        zip_path=target,
        link=f"{SUBMISSIONS_DIR}/{target.name}",
        progress=progress.headline(),
        notes=tuple(notes),
    )


def export_html(path: Path) -> str:
    """The notebook as one HTML page (nbconvert's JupyterLab template; no LaTeX, offline)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_filename(str(path))
    return body


def results_summary(
    exercise: Exercise, progress: Progress, path: Path, now: datetime, html_included: bool
) -> dict[str, Any]:
    """The JSON summary stored in the zip: the self-check results and when they were made."""
    saved = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return {
        "format": FORMAT,
        "created": now.isoformat(timespec="seconds"),
        "notebook": path.name,
        "notebook_saved": saved.isoformat(timespec="seconds"),
        "exercise": exercise.number,
        "title": exercise.title,
        "html_included": html_included,
        "cartel_lab_version": __version__,
        "progress": progress.as_dict(),
        "results": [
            {
                "question": r.question,
                "status": r.status.name.lower(),
                "message": r.message,
                "hint": r.hint,
            }
            for r in progress.results
        ],
        "note": SELF_CHECKS_NOTE.strip("()"),
    }


def student_name(namespace: Mapping[str, Any], given: str | None = None) -> str:
    """The student's name or id: ``given`` if any, else the notebook's ``student_name``.

    Anything that is not text (the stub ``...``, a number) counts as no name;
    whitespace runs become one space and the name is cut at 100 characters.
    """
    try:
        value = given if given is not None else namespace.get(STUDENT_VARIABLE)
    except Exception:  # an odd namespace: submit() must still work
        value = None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a student id typed without quotes
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:100]


def name_for_file(name: str) -> str:
    """The name as it may appear in a file name: ASCII letters, digits and '-' only.

    "Ada López" -> "Ada-Lopez"; "../x" -> "x". Accents are dropped rather than
    the letter, so course sites and every operating system accept the name.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", ascii_name)
    return "-".join(words)[:NAME_IN_FILE_LIMIT].strip("-")


def submission_file_name(stem: str, student: str) -> str:
    """``<stem>-submission-<name>.zip``, or ``<stem>-submission.zip`` without a usable name."""
    part = name_for_file(student)
    return f"{stem}-submission-{part}.zip" if part else f"{stem}-submission.zip"


def student_fields(student: str, notebook_bytes: bytes, number: str) -> dict[str, Any]:
    """What results.json says about the student: the name and the open answers' text.

    The answers are read from the notebook as saved (the text the instructor
    will see), against the exercise as generated; without that template
    (a notebook moved out of the module) the list is empty.
    """
    template = load_template(number)
    answers: list[dict[str, Any]] = []
    if template is not None:
        try:
            saved = json.loads(notebook_bytes.decode("utf-8"))
        except ValueError:
            saved = {}
        answers = [answer.as_dict() for answer in open_answers(saved, template, number)]
    return {"student": student, "open_answers": answers}


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _session_path(namespace: Mapping[str, Any]) -> Path | None:
    for variable in SESSION_VARIABLES:
        value = namespace.get(variable)
        if isinstance(value, str) and value.strip().endswith(".ipynb"):
            return Path(value.strip())
    return None


def _notebooks_here(folder: Path, number: str) -> str:
    names = sorted(path.name for path in folder.glob("*.ipynb"))
    if number:
        names = sorted(names, key=lambda name: not name.startswith(f"{number}-"))
    if not names:
        return ""
    shown = ", ".join(_quoted(name) for name in names[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return f"Notebooks in this folder: {shown}{more}. "


def _example_name(folder: Path, number: str) -> str:
    if number:
        same = sorted(folder.glob(f"{number}-*.ipynb"))
        if same:
            return same[0].name
    return "<notebook name>.ipynb"


def _quoted(name: str) -> str:
    return f'"{_short(name)}"'


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
