"""Self-checks for exercise notebooks: ``check("1.2")`` and ``progress()``.

A check reads the student's answer variable from the notebook, then works
through the stages a tutor would: the answer cell stopped with an error or set
a misspelt name (``cell_history`` knows what each cell last did), not attempted
yet, wrong type or shape (saying what the value is and the one operation that
fits it), a typo, a known common mistake (with a specific hint), wrong value,
passed. It never raises, so "Run All" always reaches the end of the notebook.

Expected answers come from the solution notebooks: ``tools/make_exercises.py``
runs each solution with ``CARTEL_LAB_RECORD_KEYS`` set, and every check then
records the solution's answer instead of judging it. The keys are stored
compressed and base64-encoded, so that a student browsing the package is not
shown the answers by accident (this is a courtesy, not security).
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
import warnings
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cartel_lab.answer_types import AnswerProblem, AnswerType, Typo, closest, describe
from cartel_lab.cell_history import CellLog, log_for, stopped_message, watch_cells
from cartel_lab.feedback import SELF_CHECKS_NOTE, CheckResult, Status

RECORD_ENV_VAR = "CARTEL_LAB_RECORD_KEYS"
KEYS_DIR = Path(__file__).resolve().parent / "exercises" / "keys"


@dataclass(frozen=True)
class Mistake:
    """A wrong answer students often give, how to spot it, and what to say.

    ``example`` builds one such answer from the key; the tests feed it to the
    check to prove the hint is reachable.
    """

    applies: Callable[[Any, Any], bool]
    hint: str
    example: Callable[[Any], Any]


@dataclass(frozen=True)
class Question:
    """One checked question: where the answer lives and how to judge it.

    ``computed_key`` is for the short "your turn" challenges inside a lesson: the
    lesson's own data give the expected answer, so it is computed when first
    needed instead of being recorded from a solution notebook.
    """

    id: str
    answer_name: str
    answer_type: AnswerType
    mistakes: tuple[Mistake, ...] = ()
    hint: str = ""
    computed_key: Callable[[], Any] | None = None


def near(answer: float, value: float, tolerance: float = 0.01) -> bool:
    """True when ``answer`` lies within ``tolerance`` (relative to ``value``) of ``value``.

    What an anticipated Mistake uses to recognise the number that mistake produces; one
    definition for every exercise and lesson challenge.
    """
    return abs(answer - value) <= tolerance * max(abs(value), 1e-9)


def encode_key(value: Any) -> str:
    """Pack a key value so that it is not readable at a glance."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode_key(packed: str) -> Any:
    """Unpack a value written by ``encode_key``."""
    return json.loads(zlib.decompress(base64.b64decode(packed)).decode("utf-8"))


def notebook_namespace() -> Mapping[str, Any]:
    """The variables of the running notebook.

    Outside IPython: the globals of the module that called the function that
    called this one (``check``, ``progress`` or ``submit``).
    """
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython ships with the environment
        shell = None
    if shell is not None:
        return shell.user_ns
    return sys._getframe(2).f_globals


@dataclass
class Exercise:
    """The questions of one exercise notebook and the checks students call."""

    number: str
    title: str
    questions: tuple[Question, ...]
    _keys: dict[str, str] | None = field(default=None, repr=False)
    _last_check: float | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # From the import cell on, note what each cell sets and whether it ran to the
        # end, so that a check can tell a failed or misspelt answer cell from an old value.
        watch_cells()

    def question_ids(self) -> list[str]:
        """The ids of the questions, in order."""
        return [q.id for q in self.questions]

    @property
    def last_checked(self) -> float | None:
        """When a student last ran a check in this kernel (``time.time()``), or None.

        Only ``check("1.1")`` cells that read the notebook's own variables count:
        not ``progress()`` (the cell just before ``submit()``, which changes no
        answer) and not checks given an explicit ``namespace``. A submission
        compares it with the notebook file's time to spot unsaved changes.
        """
        return self._last_check

    def _question(self, question_id: Any) -> Question | None:
        try:
            wanted = str(question_id).strip()
        except Exception:
            return None
        return next((q for q in self.questions if q.id == wanted), None)

    def key_path(self) -> Path:
        """Where this exercise's answer key is stored."""
        return KEYS_DIR / f"{self.number}.json"

    def key(self, question: Question) -> Any:
        """The expected answer to ``question``: computed, or decoded from the stored answer key."""
        if question.computed_key is not None:
            return question.answer_type.normalize(question.computed_key())
        if self._keys is None:
            self._keys = json.loads(self.key_path().read_text(encoding="utf-8"))
        return question.answer_type.decode(decode_key(self._keys[question.id]))

    def accepts(self, question: Question, value: Any) -> bool:
        """True when ``value`` would pass the check of ``question``; never raises."""
        try:
            answer = question.answer_type.normalize(value)
            return question.answer_type.compare(answer, self.key(question)) is None
        except Exception:
            return False

    def check(self, question_id: str, namespace: Mapping[str, Any] | None = None) -> CheckResult:
        """Judge the answer to ``question_id`` and say what, if anything, is wrong.

        The answer is read from the notebook's variables (or ``namespace``).
        Never raises: any problem becomes a message.
        """
        try:
            if namespace is None:
                namespace = notebook_namespace()
                self._last_check = time.time()
        except Exception as error:  # a check must never stop "Run All"
            return self._cannot_check(question_id, error)
        return self._checked(question_id, namespace)

    def _cannot_check(self, question_id: Any, error: Exception) -> CheckResult:
        question = self._question(question_id)
        if question is None:
            return CheckResult(
                _shown_id(question_id),
                Status.CANNOT_CHECK,
                f"The checker itself ran into a problem ({type(error).__name__}). "
                "Your notebook is fine; please tell your instructor.",
            )
        if isinstance(error, KeyError | FileNotFoundError):
            problem = "there is no answer key for it yet (run `make exercises`)"
        else:
            problem = f"the checker itself ran into a problem ({type(error).__name__})"
        return CheckResult(
            question.id,
            Status.CANNOT_CHECK,
            f"`{question.answer_name}` could not be checked: {problem}. "
            "Your notebook is fine; please tell your instructor.",
        )

    def _check(self, question_id: str, namespace: Mapping[str, Any]) -> CheckResult:
        question = self._question(question_id)
        if question is None:
            valid = ", ".join(repr(q) for q in self.question_ids())
            given = (
                repr(_shown_id(question_id))
                if isinstance(question_id, str)
                else f"{_shown_id(question_id)} (give the id in quotes, like check({self.question_ids()[0]!r}))"
            )
            return CheckResult(
                _shown_id(question_id),
                Status.UNKNOWN_QUESTION,
                f"There is no question {given} in exercise {self.number}. "
                f"The questions are: {valid}.",
            )
        name = question.answer_name
        stale = self._stale(question, namespace)
        if stale is not None:
            return stale
        if name not in namespace or is_placeholder(namespace[name]):
            return CheckResult(
                question.id,
                Status.NOT_ATTEMPTED,
                f"Set `{name}` to your answer ({question.answer_type.describe()}), "
                "run that cell, then run this check again.",
            )
        try:
            answer = question.answer_type.normalize(namespace[name])
        except Typo as problem:
            return CheckResult(question.id, Status.TYPO, f"`{name}`: {problem}")
        except AnswerProblem as problem:
            return CheckResult(
                question.id, Status.WRONG_TYPE, f"`{name}`: {self._explained(question, problem)}"
            )
        except Exception:
            return CheckResult(
                question.id,
                Status.WRONG_TYPE,
                f"`{name}` could not be read: it is {describe(namespace[name])}, "
                f"and {question.answer_type.describe()} is expected.",
            )
        recording = os.environ.get(RECORD_ENV_VAR)
        if recording and question.computed_key is None:
            return self._record(question, answer, Path(recording))
        key = self.key(question)
        difference = question.answer_type.compare(answer, key)
        if difference is None:
            return CheckResult(question.id, Status.PASSED, f"`{name}` is right. Well done.")
        for mistake in question.mistakes:
            if _safely(mistake.applies, answer, key):
                return CheckResult(
                    question.id, Status.COMMON_MISTAKE, f"`{name}`: {difference}", mistake.hint
                )
        return CheckResult(
            question.id, Status.WRONG_VALUE, f"`{name}`: {difference}", question.hint
        )

    def _explained(self, question: Question, problem: AnswerProblem) -> str:
        """The shape message, told which operation gives a right answer when the type can."""
        explain = getattr(question.answer_type, "explain", None)
        value = problem.args[1] if len(problem.args) > 1 else None
        if explain is None or value is None:
            return str(problem.args[0] if problem.args else problem)
        try:
            key = None if os.environ.get(RECORD_ENV_VAR) else self.key(question)
        except Exception:
            key = None
        return explain(value, key)

    def _stale(self, question: Question, namespace: Mapping[str, Any]) -> CheckResult | None:
        """A result when the answer cell's last run failed or set a misspelt name, else None.

        In a notebook the cell log says which cell last set the answer and how
        it ended; without one (a namespace passed in), a name in the namespace
        close to the answer's name is taken as a misspelling when the answer
        itself is not set.
        """
        name = question.answer_name
        others = [q.answer_name for q in self.questions]
        try:
            log: CellLog | None = log_for(namespace)
            if log is None:
                if name in namespace and not is_placeholder(namespace[name]):
                    return None
                candidates = [
                    known
                    for known in namespace
                    if isinstance(known, str) and not known.startswith("_") and known not in others
                ]
                typed = closest(name, candidates, cutoff=0.8)
                return None if typed is None else self._misspelt(question, typed)
            run = log.last_setting(name)
            misspelt = log.misspelt_after(name, run, others)
            if misspelt is not None:
                return self._misspelt(question, misspelt[1])
            if run is not None and run.failed and name not in run.changed:
                return CheckResult(
                    question.id, Status.STOPPED, stopped_message(run, name, namespace)
                )
        except Exception:  # the history is a help, never a reason for a check to fail
            return None
        return None

    def _misspelt(self, question: Question, typed: str) -> CheckResult:
        name = question.answer_name
        return CheckResult(
            question.id,
            Status.TYPO,
            f"Your cell set `{typed}`, but this check reads `{name}`: correct the name to "
            f"`{name}` and run that cell again.",
        )

    def _record(self, question: Question, answer: Any, path: Path) -> CheckResult:
        recorded = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        recorded[question.id] = question.answer_type.encode(answer)
        path.write_text(json.dumps(recorded, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        return CheckResult(question.id, Status.PASSED, "Recorded for the answer key.")

    def progress(self, namespace: Mapping[str, Any] | None = None) -> Progress:
        """Run every check again and summarise which questions pass."""
        if namespace is None:
            namespace = notebook_namespace()
        return Progress(self.number, [self._checked(q.id, namespace) for q in self.questions])

    def _checked(self, question_id: str, namespace: Mapping[str, Any]) -> CheckResult:
        """``check`` without touching ``last_checked``; never raises, never warns.

        Reading a student's value (any shape, e.g. a table with repeated
        multi-level columns) can make pandas warn; the result's words are what
        the student should read, so such warnings are silenced here.
        """
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return self._check(question_id, namespace)
        except Exception as error:
            return self._cannot_check(question_id, error)


def is_placeholder(value: Any) -> bool:
    """True for the ``...`` stub, alone or filling every slot of a dict or list."""
    if value is Ellipsis:
        return True
    try:
        if isinstance(value, dict) and value:
            return all(item is Ellipsis for item in value.values())
        if isinstance(value, list | tuple) and value:
            return all(item is Ellipsis for item in value)
    except Exception:  # a strange container: let the answer type explain what is wrong
        return False
    return False


def _shown_id(question_id: Any) -> str:
    """A question id as short text, whatever was passed."""
    if isinstance(question_id, str):
        text = str.strip(question_id)
        return text if len(text) <= 20 else text[:17] + "..."
    return describe(question_id)


def _safely(predicate: Callable[[Any, Any], bool], answer: Any, key: Any) -> bool:
    try:
        return bool(predicate(answer, key))
    except Exception:
        return False


@dataclass(frozen=True)
class Progress:
    """How many self-checks of one exercise pass, question by question."""

    exercise: str
    results: list[CheckResult]

    @property
    def passed(self) -> int:
        """How many questions pass."""
        return sum(result.passed for result in self.results)

    def headline(self) -> str:
        """E.g. 'Exercise 03: 4 of 6 self-checks pass.'"""
        return f"Exercise {self.exercise}: {self.passed} of {len(self.results)} self-checks pass."

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (used in submissions)."""
        return {
            "exercise": self.exercise,
            "passed": self.passed,
            "total": len(self.results),
            "questions": {r.question: r.status.name.lower() for r in self.results},
        }

    def __str__(self) -> str:
        rows = [f"  {r.symbol} Question {r.question}: {r.status.value}" for r in self.results]
        return "\n".join([self.headline(), *rows, SELF_CHECKS_NOTE])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li>{r.symbol} Question {r.question}: {r.status.value}</li>" for r in self.results
        )
        return (
            f'<div class="cartel-lab-progress" role="status"><strong>{self.headline()}</strong>'
            f"<ul>{rows}</ul><small>{SELF_CHECKS_NOTE}</small></div>"
        )
