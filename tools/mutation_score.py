"""Run mutation testing (all modules, or one) and print the score per module.

A mutant is one small change to the package (a ``<`` made ``<=``, a word in a
message changed, an argument dropped). *Killed* means at least one test failed
against it: the tests noticed. *Survived* means every test still passed: a
bug of that shape would reach students unnoticed. Timeouts and segfaults count
as noticed; mutants no test calls ("no tests") count as not noticed. Mutants not
run yet (an interrupted run) are left out of the score and counted apart.

Usage (from the repository root; ``make mutation [MODULE=...]`` calls the first two):

- ``.venv/bin/python tools/mutation_score.py run`` mutates every module of
  ``only_mutate`` in ``[tool.mutmut]`` (pyproject.toml), running the union of the tests;
- ``.venv/bin/python tools/mutation_score.py run cartel_lab/violence_charts.py`` mutates
  that module only and runs only the tests listed for it under
  ``[tool.cartel_lab.mutation_tests]``, so a developer scores the module they changed
  in minutes;
- ``.venv/bin/python tools/mutation_score.py run cartel_lab/exercises/ex05.py`` scores an
  exercise or challenge module with ``tools/data_mutation.py`` instead: their checks are
  module-level data (questions, mistakes, lambdas), which mutmut 3 does not mutate;
- ``.venv/bin/python tools/mutation_score.py`` prints the table of the last run (mutmut's
  modules and the data-mutated exercise modules, whose results are in
  ``mutants/data_mutation.json``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

if __name__ == "__main__":  # run as a script from the repository root
    sys.path.insert(0, str(Path.cwd()))

from tools import data_mutation

NOTICED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_RUN = {"not checked", "check was interrupted by user", "skipped"}
LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[^:]*__mutmut_\d+: (?P<status>.+?)\s*$")
PYPROJECT = Path("pyproject.toml")


def statuses(mutmut: Path) -> dict[str, Counter[str]]:
    """``{module: Counter(status)}`` from ``mutmut results --all true`` (empty without a run)."""
    try:
        output = subprocess.run(
            [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in output.splitlines():
        match = LINE.match(line)
        if match:
            by_module[match["module"]][match["status"]] += 1
    return dict(by_module)


def table(by_module: dict[str, Counter[str]]) -> str:
    """A Markdown table: killed / total and the share, per module and overall."""
    rows = [
        "| module | killed / run | score | survived | no tests | not run |",
        "|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for module in sorted(by_module):
        counts = by_module[module]
        total += counts
        rows.append(_row(f"`{module}`", counts))
    rows.append(_row("**all**", total))
    return "\n".join(rows)


def _row(name: str, counts: Counter[str]) -> str:
    noticed = sum(counts[s] for s in NOTICED)
    not_run = sum(counts[s] for s in NOT_RUN)
    run = sum(counts.values()) - not_run
    share = f"{noticed / run:.0%}" if run else "n/a"
    return (
        f"| {name} | {noticed} / {run} | {share} | {counts['survived']} | "
        f"{counts['no tests']} | {not_run} |"
    )


def tests_for(modules: list[str], settings: dict) -> list[str]:
    """The test files listed for ``modules``; a ``SystemExit`` naming the known modules otherwise."""
    listed: dict[str, list[str]] = settings["tool"]["cartel_lab"]["mutation_tests"]
    tests: set[str] = set()
    for module in modules:
        found = [files for pattern, files in listed.items() if fnmatch(module, pattern)]
        if not found:
            raise SystemExit(
                f"No tests listed for {module} under [tool.cartel_lab.mutation_tests] in "
                f"pyproject.toml. Modules with tests listed: {', '.join(sorted(listed))}."
            )
        tests.update(test for files in found for test in files)
    return sorted(tests)


def run(modules: list[str], max_children: int) -> int:
    """Run mutmut over ``modules`` (all of ``only_mutate`` when empty), in this process.

    mutmut 3 reads its settings once, from ``[tool.mutmut]``; for one module we
    load them, narrow ``only_mutate`` and the test selection, and hand mutmut
    the result before it starts, so pyproject.toml is never rewritten.
    """
    from mutmut import configuration
    from mutmut.__main__ import cli

    settings = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    config = configuration.config()
    if modules:
        config.only_mutate = modules
        config.pytest_add_cli_args_test_selection = tests_for(modules, settings)
    print("Mutating:", ", ".join(config.only_mutate))
    print("Tests:", " ".join(config.pytest_add_cli_args_test_selection), flush=True)
    here = Path.cwd()
    try:
        cli(["run", "--max-children", str(max_children)], standalone_mode=False)
    except SystemExit as stop:  # mutmut exits on a failing clean run
        if stop.code:
            return int(stop.code)
    finally:
        os.chdir(here)
    return 0


def is_exercise(module: str) -> bool:
    """True for an exercise or challenge module, which ``tools/data_mutation.py`` mutates."""
    return module.startswith(data_mutation.EXERCISES_DIR) and not module.endswith("__init__.py")


def main(argv: list[str]) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    if argv and argv[0] == "run":
        modules = [module for module in argv[1:] if module]
        exercises = [module for module in modules if is_exercise(module)]
        others = [module for module in modules if not is_exercise(module)]
        if others or not modules:
            code = run(others, max_children=2)
            if code:
                return code
        if exercises or not modules:
            every = sorted(str(path) for path in Path(data_mutation.EXERCISES_DIR).glob("*.py"))
            # In a fresh process: mutmut's run above has imported the exercise modules here, and
            # the data mutation's parent must not have imported the module it mutates.
            tool = [sys.executable, data_mutation.__file__]
            targets = exercises or [module for module in every if is_exercise(module)]
            code = subprocess.run([*tool, *targets], check=False).returncode
            if code:
                return code
    by_module = statuses(mutmut) | data_mutation.statuses()
    if not by_module:
        print("No mutation results found: run `make mutation` first.", file=sys.stderr)
        return 1
    print(table(by_module))
    print(
        "\nList the survivors with `.venv/bin/mutmut results`; see one with `mutmut show NAME`. "
        f"An exercise module's mutants, each with its status, are in {data_mutation.RESULTS}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
