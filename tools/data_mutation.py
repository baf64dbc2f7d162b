"""Mutation testing for the exercise and challenge modules, whose logic is module-level data.

mutmut 3 mutates only code inside functions, but an exercise module
(``cartel_lab/exercises/exNN.py``, ``lessonNN.py``) is mostly data evaluated at
import: ``Question(...)`` and ``Mistake(...)`` definitions whose checks are
lambdas, and the wrong answers those lambdas recognise, computed from the data.
This tool mutates that code with :mod:`ast`, one small change at a time, and runs
the module's tests (``[tool.cartel_lab.mutation_tests]`` in pyproject.toml)
against each change. ``tools/mutation_score.py`` calls it for a module under
``cartel_lab/exercises/`` (``make mutation MODULE=cartel_lab/exercises/ex05.py``)
and prints its results beside mutmut's.

What is mutated (the whole module: module-level code, lambda bodies and any
helper function; mutmut's operators, so the scores compare):

- a number ``n`` becomes ``n + 1``; ``True`` and ``False`` swap;
- a comparison swaps: ``<`` and ``<=``, ``>`` and ``>=``, ``==`` and ``!=``,
  ``in`` and ``not in``, ``is`` and ``is not`` (one mutant per operator);
- ``and`` and ``or`` swap; ``not x`` becomes ``x``;
- arithmetic swaps: ``+`` and ``-``, ``*`` and ``/``; ``//`` becomes ``/``;
- a lambda's body becomes ``None`` (a check or an example that returns nothing);
- a string that is data becomes ``"XX" + s + "XX"``: table and column names,
  query expressions, answer names, question ids, choice options, series names.

What is not mutated, and why: prose. Docstrings, f-strings and the values of the
keywords ``hint=``, ``item_hints=``, ``what=``, ``prompt=``, ``text=`` and ``title=`` are words a
student reads. The feedback tests check that they are kind and clear (no
traceback, no answer given away, the answer's name mentioned) but do not pin them
word for word, on purpose: rewording a hint is an edit, not a bug. Mutating them
would only count the words no test repeats. Type annotations and imports are not
mutated either (they are not run).

How each mutant is run (fast, and safe with vl-convert, which hangs in a process
forked after it has drawn): a parent process imports pandas, altair, pytest,
nbformat and the package's non-exercise modules, and draws nothing. For each
mutant it forks a child that serves the mutated source of the target module
through an import hook (the parent never imports the target), runs the tests with
``pytest.main([... "-x", "-q", "-n", "0" ...])`` and exits with pytest's code. A
plugin in the child keeps only the parametrised tests of the target module (a
test whose parameters hold another exercise's ``Exercise``, ``Question``,
``Mistake`` or module is deselected; tests without parameters are kept). A child
has a CPU-time limit of ``TIMEOUT_MULTIPLE`` times (the unmutated run's CPU
seconds + 1): beyond it the mutant counts as a timeout, that is as noticed. One
child runs at a time. The unmutated module runs first; if its tests fail, nothing
is scored.

A mutant is named by its line, column and a short "before → after". Results
go to ``mutants/data_mutation.json`` (one entry per module, the last run of each).

Usage, from the repository root::

    .venv/bin/python tools/data_mutation.py cartel_lab/exercises/ex05.py [...]
    .venv/bin/python tools/data_mutation.py --again cartel_lab/exercises/ex05.py

``--again`` runs only the mutants that the last saved run of that module did not
notice (after new tests); the others keep their status.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import gc
import importlib
import importlib.abc
import importlib.util
import json
import os
import pkgutil
import resource
import signal
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path("mutants") / "data_mutation.json"
PYPROJECT = Path("pyproject.toml")
EXERCISES_DIR = "cartel_lab/exercises/"
# The keywords whose values are words a student reads (see the module docstring).
PROSE_KEYWORDS = frozenset({"hint", "item_hints", "what", "prompt", "text", "title"})
NOTICED = frozenset({"killed", "timeout", "segfault"})
TIMEOUT_MULTIPLE = 6
WALL_CLOCK_MULTIPLE = 20  # a child that sleeps (a hang uses no CPU) is stopped after this
SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.And: ast.Or,
    ast.Or: ast.And,
}
SYMBOLS: dict[type, str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.And: "and",
    ast.Or: "or",
}


@dataclass(frozen=True)
class Mutant:
    """One small change to a module's source: where, what it was, what it becomes.

    ``start`` and ``end`` are byte offsets of the replaced expression in the
    UTF-8 source; ``replacement`` is the expression's new source.
    """

    line: int
    column: int
    before: str
    after: str
    start: int
    end: int
    replacement: str

    @property
    def name(self) -> str:
        """E.g. ``12:8 'held' → 'XXheldXX'``."""
        return f"{self.line}:{self.column} {self.before} → {self.after}"


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _prose_nodes(tree: ast.AST) -> set[int]:
    """The ids of nodes never mutated: docstrings, prose keyword values, annotations, imports."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(inner) for inner in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(node, ast.Module | ast.ClassDef):
            _skip_docstring(body, skip)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _skip_docstring(node.body, skip)
            skip(node.returns)
            for argument in ast.walk(node.args):
                if isinstance(argument, ast.arg):
                    skip(argument.annotation)
        elif isinstance(node, ast.AnnAssign):
            skip(node.annotation)
        elif isinstance(node, ast.keyword) and node.arg in PROSE_KEYWORDS:
            skip(node.value)
        elif isinstance(node, ast.JoinedStr | ast.Import | ast.ImportFrom):
            skip(node)
    return skipped


def _skip_docstring(body: list[ast.stmt], skip: Any) -> None:
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        skip(first)


def _changes(node: ast.AST, source: str) -> Iterator[tuple[ast.AST, str, str, str]]:
    """``(replaced node, before, after, replacement source)`` for each mutant of ``node``."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield node, repr(value), repr(not value), repr(not value)
        elif isinstance(value, int | float):
            new = value + 1
            yield node, repr(value), repr(new), repr(new)
        elif isinstance(value, str):
            new = f"XX{value}XX"
            yield node, _short(repr(value)), _short(repr(new)), repr(new)
    elif isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            swapped = SWAPS.get(type(op))
            if swapped is not None:
                ops = [*node.ops[:index], swapped(), *node.ops[index + 1 :]]
                new = ast.Compare(left=node.left, ops=ops, comparators=node.comparators)
                nth = f" #{index + 1}" if len(node.ops) > 1 else ""  # in `0 < x < 1`
                before, after = SYMBOLS[type(op)] + nth, SYMBOLS[swapped] + nth
                yield node, before, after, f"({ast.unparse(new)})"
    elif isinstance(node, ast.BoolOp):
        swapped = SWAPS[type(node.op)]
        new = ast.BoolOp(op=swapped(), values=node.values)
        yield node, SYMBOLS[type(node.op)], SYMBOLS[swapped], f"({ast.unparse(new)})"
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAPS:
        swapped = SWAPS[type(node.op)]
        new = ast.BinOp(left=node.left, op=swapped(), right=node.right)
        yield node, SYMBOLS[type(node.op)], SYMBOLS[swapped], f"({ast.unparse(new)})"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        operand = ast.get_source_segment(source, node.operand) or ast.unparse(node.operand)
        yield node, _short(f"not {operand}", 30), _short(operand, 30), f"({operand})"
    elif isinstance(node, ast.Lambda):
        body = ast.get_source_segment(source, node.body) or ast.unparse(node.body)
        yield node.body, f"lambda: {_short(body, 30)}", "lambda: None", "None"


def mutants(source: str) -> list[Mutant]:
    """Every mutant of ``source``, in the order of the source."""
    tree = ast.parse(source)
    skipped = _prose_nodes(tree)
    lines = source.encode("utf-8").splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        for target, before, after, replacement in _changes(node, source):
            found.append(
                Mutant(
                    line=target.lineno,
                    column=len(lines[target.lineno - 1][: target.col_offset].decode("utf-8")),
                    before=before,
                    after=after,
                    start=starts[target.lineno - 1] + target.col_offset,
                    end=starts[target.end_lineno - 1] + target.end_col_offset,
                    replacement=replacement,
                )
            )
    return sorted(found, key=lambda mutant: (mutant.start, mutant.end, mutant.after))


def mutate(source: str, mutant: Mutant) -> str:
    """``source`` with ``mutant`` applied."""
    raw = source.encode("utf-8")
    return (raw[: mutant.start] + mutant.replacement.encode("utf-8") + raw[mutant.end :]).decode(
        "utf-8"
    )


# ------------------------------------------------------------------ running ---


class _Served(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """An import hook that gives ``name`` the (mutated) ``source`` instead of its file."""

    def __init__(self, name: str, path: Path, source: str) -> None:
        self.name, self.path, self.source = name, path, source

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        exec(compile(self.source, str(self.path), "exec"), module.__dict__)


class OnlyThisExercise:
    """A pytest plugin: drop the parametrised tests that belong to another exercise module.

    A test is another module's when its parameters (or the fields of a
    dataclass among them) hold another exercise module, or its ``EXERCISE`` /
    ``CHALLENGES``, questions or mistakes, and none of the target's.
    """

    def __init__(self, module: str) -> None:
        self.module = module

    def pytest_collection_modifyitems(self, config: Any, items: list[Any]) -> None:
        owners = _owners()
        keep, drop = [], []
        for item in items:
            callspec = getattr(item, "callspec", None)
            found: set[str] = set()
            for value in callspec.params.values() if callspec else ():
                _find_owners(value, owners, found, depth=3)
            (drop if found and self.module not in found else keep).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


def _owners() -> dict[int, str]:
    """``id(object) -> module name`` for every loaded exercise module's parts."""
    owners: dict[int, str] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("cartel_lab.exercises.") or module is None:
            continue
        owners[id(module)] = name
        exercise = getattr(module, "EXERCISE", None) or getattr(module, "CHALLENGES", None)
        if exercise is None:
            continue
        owners[id(exercise)] = name
        for question in exercise.questions:
            owners[id(question)] = name
            owners.update({id(mistake): name for mistake in question.mistakes})
    return owners


def _find_owners(value: Any, owners: dict[int, str], found: set[str], depth: int) -> None:
    if id(value) in owners:
        found.add(owners[id(value)])
    elif depth and isinstance(value, tuple | list):
        for inner in value:
            _find_owners(inner, owners, found, depth - 1)
    elif depth and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _find_owners(getattr(value, field.name, None), owners, found, depth - 1)


@dataclass
class Outcome:
    """How one child run ended."""

    status: str
    cpu_seconds: float
    wall_seconds: float


def run_child(
    module: str,
    path: Path,
    source: str | None,
    pytest_args: Sequence[str],
    cpu_limit: float | None = None,
    wall_limit: float | None = None,
    log: Path | None = None,
) -> Outcome:
    """Fork, serve ``source`` as ``module`` (the file as is when None), run pytest, wait.

    Statuses: ``killed`` (a test failed or could not be collected), ``survived``
    (all passed), ``no tests`` (none selected), ``timeout`` (over the CPU limit
    or the wall-clock guard), ``segfault`` (any other signal).
    """
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 3
        try:
            if cpu_limit is not None:
                seconds = max(1, int(cpu_limit + 0.999))
                resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
            output = os.open(log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(output, 1)
            os.dup2(output, 2)
            if source is not None:
                sys.meta_path.insert(0, _Served(module, path, source))
            import pytest

            code = int(pytest.main(list(pytest_args), plugins=[OnlyThisExercise(module)]))
        finally:
            os._exit(code)
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited:
            break
        if wall_limit is not None and time.monotonic() - started > wall_limit:
            os.kill(pid, signal.SIGKILL)
            waited, status, usage = os.wait4(pid, 0)
            return Outcome("timeout", usage.ru_utime + usage.ru_stime, wall_limit)
        time.sleep(0.02)
    cpu = usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - started
    if os.WIFSIGNALED(status):
        stopped = os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
        return Outcome("timeout" if stopped else "segfault", cpu, wall)
    code = os.WEXITSTATUS(status)
    named = {0: "survived", 5: "no tests"}
    return Outcome(named.get(code, "killed"), cpu, wall)


def preload(target: str) -> None:
    """Import, in this (parent) process, what every child needs, except the ``target`` module.

    pandas, altair, pytest with its plugins (hypothesis's alone costs seconds per
    child otherwise), nbformat, every non-exercise module of the package, the other
    exercise modules (no exercise module imports another), and the helpers the
    tests import. Nothing is run or drawn; the target is imported by each child.
    """
    import _hypothesis_pytestplugin  # noqa: F401
    import altair  # noqa: F401
    import hypothesis  # noqa: F401
    import nbformat  # noqa: F401
    import pandas  # noqa: F401
    import pytest  # noqa: F401
    import xdist  # noqa: F401

    import cartel_lab
    import cartel_lab.exercises

    for info in pkgutil.iter_modules(cartel_lab.__path__):
        if info.name != "exercises":
            importlib.import_module(f"cartel_lab.{info.name}")
    for info in pkgutil.iter_modules(cartel_lab.exercises.__path__):
        if f"cartel_lab.exercises.{info.name}" != target:
            importlib.import_module(f"cartel_lab.exercises.{info.name}")
    for helper in ("tools.notebooks", "tools.make_exercises", "tests.exercise_modules"):
        with contextlib.suppress(ImportError):  # run from elsewhere: the child imports it
            importlib.import_module(helper)
    assert target not in sys.modules, f"{target} was imported in the parent"
    gc.freeze()  # what is loaded now is never collected: each child's collections skip it


def _module_name(path: Path) -> str:
    return ".".join(path.with_suffix("").parts)


def score(
    path: Path,
    tests: Sequence[str],
    extra_args: Sequence[str] = (),
    module: str | None = None,
    progress: bool = True,
    earlier: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run every mutant of the module at ``path`` against ``tests``; the results as a dict.

    With ``earlier`` (a saved result of this module), only the mutants it did not
    count as noticed are run again; the others keep their status (``--again``:
    after adding tests, a few minutes instead of a full run).
    Raises ``SystemExit`` when the unmutated module's tests fail (nothing to score).
    """
    module = module or _module_name(path)
    source = path.read_text(encoding="utf-8")
    args = [*tests, "-x", "-q", "-p", "no:cacheprovider", "--assert=plain"]
    # Plain asserts (no rewriting of every test module in every child) and no forced garbage
    # collections at the end of each child's session: a test's outcome is the same.
    args += ["-p", "no:unraisableexception", "-p", "no:threadexception", *extra_args]
    started = time.monotonic()
    with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as log:
        baseline = run_child(module, path, None, args, log=Path(log.name))
    if baseline.status != "survived":
        output = Path(log.name).read_text(encoding="utf-8", errors="replace")
        os.unlink(log.name)
        raise SystemExit(
            f"The tests of the unmutated {module} do not pass ({baseline.status}); "
            f"nothing scored.\n{output[-3000:]}"
        )
    os.unlink(log.name)
    cpu_limit = TIMEOUT_MULTIPLE * (baseline.cpu_seconds + 1)
    wall_limit = WALL_CLOCK_MULTIPLE * (baseline.wall_seconds + 1)
    found = mutants(source)
    before = {item["mutant"]: item["status"] for item in (earlier or {}).get("mutants", [])}
    results = []
    for index, mutant in enumerate(found, 1):
        if before.get(mutant.name) in NOTICED:
            results.append({"mutant": mutant.name, "status": before[mutant.name]})
            continue
        outcome = run_child(module, path, mutate(source, mutant), args, cpu_limit, wall_limit)
        results.append({"mutant": mutant.name, "status": outcome.status})
        if progress:
            print(f"  {index}/{len(found)} {outcome.status:>8}  {mutant.name}", flush=True)
    return {
        "module": module,
        "tests": list(tests),
        "baseline_cpu_seconds": round(baseline.cpu_seconds, 2),
        "elapsed_seconds": round(time.monotonic() - started, 1),
        "mutants": results,
    }


def load_results(path: Path = RESULTS) -> dict[str, Any]:
    """The saved results, ``{module: result}`` (empty when there are none)."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_result(result: dict[str, Any], path: Path = RESULTS) -> None:
    """Store one module's result, keeping the other modules' last results."""
    saved = load_results(path)
    saved[result["module"]] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def statuses(path: Path = RESULTS) -> dict[str, Counter[str]]:
    """``{module: Counter(status)}`` of the saved results, as ``mutation_score.table`` wants."""
    return {
        module: Counter(mutant["status"] for mutant in result["mutants"])
        for module, result in load_results(path).items()
    }


def pytest_args(settings: dict[str, Any]) -> list[str]:
    """mutmut's pytest arguments (``-n 0``, the left-out tests), shared by both tools."""
    return list(settings["tool"]["mutmut"]["pytest_add_cli_args"])


def run(paths: Sequence[str], tests_for: Any, again: bool = False) -> int:
    """Score each exercise module in ``paths`` with its listed tests; save and print a table.

    Each module is scored by its own parent process (forked from this one before
    anything is imported), since a parent must not have imported its target.
    ``again``: run only the mutants the last saved run did not count as noticed.
    """
    from tools.mutation_score import table

    settings = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    for name in paths:
        tests = tests_for([name], settings)
        print(f"Mutating (data mutation): {name}\nTests: {' '.join(tests)}", flush=True)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                preload(_module_name(Path(name)))
                earlier = load_results().get(_module_name(Path(name))) if again else None
                result = score(Path(name), tests, pytest_args(settings), earlier=earlier)
                save_result(result)
                print(f"{name}: {len(result['mutants'])} mutants in {result['elapsed_seconds']} s")
                code = 0
            except SystemExit as stop:
                print(stop, file=sys.stderr)
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status):
            return 1
    print(table(statuses()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd()))
    from tools.mutation_score import tests_for as _tests_for

    arguments = sys.argv[1:]
    again = "--again" in arguments
    sys.exit(run([a for a in arguments if a != "--again"], _tests_for, again=again))
