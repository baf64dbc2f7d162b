"""What the notebook's cells did when they last ran: which names each set, and how it ended.

A check reads a variable, but the variable alone cannot say whether the cell
that should set it just failed (the old value is still there) or set a
misspelt name instead. IPython can: its ``pre_run_cell`` and
``post_run_cell`` events see every cell's source and result. ``watch_cells()``
records, for each run cell, the names its source assigns, which of them it
really changed, and the error it stopped with, if any. The checks then say
"your answer cell stopped with NameError ..." instead of grading an old value.

Nothing here raises into the notebook: a cell that cannot be read is
recorded without names, and outside IPython there is simply no history.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

_MISSING = object()
_KEPT_RUNS = 300  # enough for a long session; old runs matter less than recent ones
_ASSIGNED_LINE = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:[-+*/%@&|^]|//|\*\*|<<|>>)?=(?!=)", re.M)


@dataclass(frozen=True)
class CellRun:
    """One run of one cell: its source, the names it set, and how it ended."""

    number: int
    source: str
    assigned: frozenset[str]
    changed: frozenset[str]
    error: BaseException | None = None

    @property
    def failed(self) -> bool:
        """True when the cell stopped with an error (or could not be read at all)."""
        return self.error is not None


class _Assignments(ast.NodeVisitor):
    """The names a cell's code binds at the notebook's top level (not inside functions)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self.names.add(node.id)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.names.add(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.names.add(node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return

    def visit_alias(self, node: ast.alias) -> None:
        if node.name != "*":
            self.names.add((node.asname or node.name).split(".")[0])

    def _skip(self, node: ast.AST) -> None:  # a comprehension's names stay inside it
        return

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _skip  # noqa: N815


def assigned_names(source: str) -> frozenset[str]:
    """The names ``source`` assigns at top level; a line-by-line guess if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset(_ASSIGNED_LINE.findall(source))
    visitor = _Assignments()
    visitor.visit(tree)
    return frozenset(visitor.names)


class CellLog:
    """The recent cell runs of one IPython shell, newest last."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.runs: deque[CellRun] = deque(maxlen=_KEPT_RUNS)
        self._before: dict[str, Any] = {}
        self._source = ""

    def _code(self, raw: str) -> str:
        try:
            return str(self.shell.transform_cell(raw))
        except Exception:
            return raw

    def before(self, info: Any = None) -> None:
        """``pre_run_cell``: note the values of the names the cell is about to set."""
        try:
            self._source = str(getattr(info, "raw_cell", "") or "")
            names = assigned_names(self._code(self._source))
            namespace = self.shell.user_ns
            self._before = {name: namespace.get(name, _MISSING) for name in names}
        except Exception:
            self._before, self._source = {}, ""

    def after(self, result: Any) -> None:
        """``post_run_cell``: record the run, its names, what changed and its error."""
        try:
            info = getattr(result, "info", None)
            source = str(getattr(info, "raw_cell", "") or self._source or "")
            names = assigned_names(self._code(source))
            namespace = self.shell.user_ns
            before = self._before if source == self._source else {}
            changed = frozenset(
                name
                for name in names
                if name in namespace and before.get(name, _MISSING) is not namespace[name]
            )
            error = getattr(result, "error_before_exec", None) or getattr(
                result, "error_in_exec", None
            )
            number = getattr(result, "execution_count", None) or len(self.runs) + 1
            self.runs.append(CellRun(int(number), source, names, changed, error))
        except Exception:
            pass
        finally:
            self._before, self._source = {}, ""

    def last_setting(self, name: str) -> CellRun | None:
        """The most recent run whose source assigns ``name``: the answer cell's last run."""
        return next((run for run in reversed(self.runs) if name in run.assigned), None)

    def misspelt_after(
        self, name: str, since: CellRun | None, other_answers: Iterable[str]
    ) -> tuple[CellRun, str] | None:
        """A run after ``since`` that set a name close to ``name`` (a misspelt answer name)."""
        others = set(other_answers) | {name}
        for run in reversed(self.runs):
            if since is not None and run.number <= since.number:
                return None
            candidates = sorted(run.assigned - others)
            close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.8)
            if close:
                return run, close[0]
        return None


_LOGS: dict[int, CellLog] = {}


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the environment
        return None
    return get_ipython()


def watch_cells() -> CellLog | None:
    """Start recording this kernel's cell runs (once per kernel); None outside IPython."""
    try:
        shell = _shell()
        if shell is None or not hasattr(shell, "events"):
            return None
        log = _LOGS.get(id(shell))
        if log is None or log.shell is not shell:
            log = CellLog(shell)
            shell.events.register("pre_run_cell", log.before)
            shell.events.register("post_run_cell", log.after)
            _LOGS[id(shell)] = log
        return log
    except Exception:
        return None


def log_for(namespace: Mapping[str, Any]) -> CellLog | None:
    """The cell log of the kernel whose variables ``namespace`` is, if it is being watched."""
    return next((log for log in _LOGS.values() if log.shell.user_ns is namespace), None)


# ------------------------------------------------------------ what to say ---

_PACKAGE = Path(__file__).resolve().parent
_SHOWN = 120  # characters of an error's own text


@cache
def lesson_names() -> dict[str, str]:
    """Every public name the package defines at top level, and the module to import it from.

    Read from the source (nothing is imported), so that a NameError for a
    lesson's function can say exactly which import line brings it in.
    """
    homes: dict[str, str] = {}
    for path in sorted(_PACKAGE.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            else:
                names = []
            for found in names:
                if not found.startswith("_"):
                    homes.setdefault(found, f"cartel_lab.{path.stem}")
    return homes


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _sentence(text: str) -> str:
    """``text`` ending in one full stop (an error's words may end in one, or in "...")."""
    return text if text.endswith(".") else f"{text}."


def _visible_names(namespace: Mapping[str, Any]) -> list[str]:
    return [name for name in namespace if isinstance(name, str) and not name.startswith("_")]


def _missing_name(error: BaseException) -> str:
    name = getattr(error, "name", None)
    if isinstance(name, str) and name:
        return name
    found = re.search(r"name '([^']+)' is not defined", str(error))
    return found.group(1) if found else ""


def _labels_near(missing: Any, namespace: Mapping[str, Any]) -> str | None:
    """A column, index label or key of the notebook's tables that ``missing`` misspells."""
    if not isinstance(missing, str):
        return None
    labels: set[str] = set()
    for value in list(namespace.values())[-200:]:
        try:
            if isinstance(value, pd.DataFrame):
                labels.update(str(c) for c in value.columns)
                if len(value.index) <= 5000:
                    labels.update(str(i) for i in value.index)
            elif isinstance(value, pd.Series) and len(value.index) <= 5000:
                labels.update(str(i) for i in value.index)
            elif isinstance(value, dict) and len(value) <= 5000:
                labels.update(str(k) for k in value)
        except Exception:
            continue
    labels.discard(missing)
    close = difflib.get_close_matches(missing, sorted(labels), n=1, cutoff=0.75)
    return close[0] if close else None


def _quoted_names(source: str, namespace: Mapping[str, Any]) -> list[str]:
    """Texts in ``source`` that spell a variable's name: ``"SUPER_CARTEL_ROW"`` for the variable."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.isidentifier()
            and not node.value.startswith("_")
            and node.value in namespace
            and namespace[node.value] != node.value
            and not callable(namespace[node.value])
        ):
            found.append(node.value)
    return sorted(set(found))


def _quotes_note(run: CellRun, namespace: Mapping[str, Any]) -> str:
    quoted = _quoted_names(run.source, namespace)
    if not quoted:
        return ""
    first = quoted[0]
    return (
        f' Note: "{first}" in quotes is the text {first}, not the variable `{first}`: '
        "drop the quotes to use the variable's value."
    )


def stopped_message(run: CellRun, name: str, namespace: Mapping[str, Any]) -> str:
    """Why the answer cell's last run set nothing, and the one thing to do about it."""
    error = run.error
    kind = type(error).__name__
    held = (
        f" `{name}` still holds the value of an earlier run, so it is not checked."
        if name in namespace
        else ""
    )
    again = f" Then run the cell again: `{name}` is set only when its cell runs to the end."
    if isinstance(error, NameError):
        missing = _missing_name(error)
        close = difflib.get_close_matches(missing, _visible_names(namespace), n=1, cutoff=0.8)
        home = lesson_names().get(missing)
        if close:
            fix = f"did you mean `{close[0]}`?"
        elif home:
            fix = (
                "a new notebook starts empty: names from the lesson do not carry over. Import "
                f"it, as the first cell imports the others: `from {home} import {missing}`."
            )
        else:
            fix = (
                "a new notebook starts empty: names from the lesson do not carry over. Make it "
                "in this notebook first (or run the cell above that makes it)."
            )
        return f"Your answer cell stopped with NameError: `{missing}` is not defined here — {fix}{held}{again}"
    if isinstance(error, SyntaxError):
        where = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
        return (
            f"Python could not read your answer cell{where}: {_sentence(_short(error.msg or kind))}"
            f" Look for a missing bracket, quote or comma.{held}{again}"
        )
    if isinstance(error, IndexError):
        return (
            f"Your answer cell stopped with IndexError ({_short(str(error))}): a selection in it "
            "is empty or shorter than the position you asked for. Run the selection alone to see "
            "it, and check its filter: the column's name and the value you compare it with "
            f"(spelling, capitals, a number written as text).{_quotes_note(run, namespace)}"
            f"{held}{again}"
        )
    if isinstance(error, KeyError):
        missing = error.args[0] if error.args else ""
        close = _labels_near(missing, namespace)
        fix = f" (did you mean {close!r}?)" if close else ": check its spelling against the table"
        return (
            f"Your answer cell stopped with KeyError: there is no column or label "
            f"{_short(repr(missing))}{fix}.{_quotes_note(run, namespace)}{held}{again}"
        )
    return (
        f"Your answer cell stopped with {kind}: {_sentence(_short(str(error)) or 'no details')}"
        f" Fix the line the error points to.{held}{again}"
    )
