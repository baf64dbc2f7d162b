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
- ``.venv/bin/python tools/mutation_score.py again cartel_lab/violence_charts.py`` re-runs,
  after you add tests, only that module's mutants the last run did not see killed (survived,
  timed out, no tests), keeping the others' results: minutes instead of the whole run
  (``make mutation-again MODULE=...``);
- ``.venv/bin/python tools/mutation_score.py sample 150 cartel_lab/violence_charts.py`` runs
  a seeded random sample of that module's mutants and gives the score with its 95 % interval:
  a chart module makes over a thousand mutants, an hour's run on two cores;
- ``.venv/bin/python tools/mutation_score.py`` prints the table of the last run (mutmut's
  modules and the data-mutated exercise modules, whose results are in
  ``mutants/data_mutation.json``).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
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
SVG_SERVER_VARIABLE = "CARTEL_LAB_SVG_SERVER"  # read by tests/svg_server.py
SAMPLE = Path("mutants") / "cartel-lab-sample.json"
NOT_KILLED = {"survived", "no tests", "suspicious"}


def results(mutmut: Path) -> dict[str, str]:
    """``{mutant name: status}`` from ``mutmut results --all true``."""
    try:
        output = subprocess.run(
            [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    found = {}
    for line in output.splitlines():
        name, _, status = line.strip().partition(": ")
        if "__mutmut_" in name:
            found[name] = status
    return found


def statuses(mutmut: Path) -> dict[str, Counter[str]]:
    """``{module: Counter(status)}`` of the last run (of its sample only, if it ran one)."""
    found = results(mutmut)
    if SAMPLE.exists():
        found = {name: found.get(name, "not checked") for name in json.loads(SAMPLE.read_text())}
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status in found.items():
        match = LINE.match(f"{name}: {status}")
        if match:
            by_module[match["module"]][match["status"]] += 1
    return dict(by_module)


def interval(noticed: int, run: int) -> str:
    """The 95 % Wilson interval of a sampled score, as "85-93 %"."""
    z = 1.96
    share = noticed / run
    centre = (share + z * z / (2 * run)) / (1 + z * z / run)
    half = z * math.sqrt(share * (1 - share) / run + z * z / (4 * run * run)) / (1 + z * z / run)
    return f"{centre - half:.0%}-{centre + half:.0%}"


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
    if run and SAMPLE.exists():
        share += f" (95 % interval {interval(noticed, run)})"
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


def unkilled(mutmut: Path, module: str) -> list[str]:
    """The mutants of ``module`` (a path) that the last run ran and did not see killed.

    After a sample, only the sample's: a resumed sample reuses earlier results, which
    ``again`` brings up to date with the tests added since.
    """
    dotted = module.removesuffix(".py").replace("/", ".")
    chosen = set(json.loads(SAMPLE.read_text())) if SAMPLE.exists() else None
    return [
        name
        for name, status in results(mutmut).items()
        if name.startswith(dotted + ".")
        and status in NOT_KILLED
        and (chosen is None or name in chosen)
    ]


def sample(mutmut: Path, module: str, size: int) -> int:
    """Score a seeded random sample of ``size`` of ``module``'s mutants.

    mutmut names its mutants only once it has made them, so a first run asks for
    a name that matches none: it makes the mutants and learns which test calls
    which function, then stops; the second runs the sample.
    """
    dotted = module.removesuffix(".py").replace("/", ".")
    SAMPLE.unlink(missing_ok=True)
    with contextlib.suppress(
        AssertionError
    ):  # "Filtered for specific mutants, but nothing matches"
        run([module], max_children=2, mutants=(f"{dotted}.none_of_these",))
    names = sorted(name for name in results(mutmut) if name.startswith(dotted + "."))
    if not names:
        print(f"No mutants of {module} were made.", file=sys.stderr)
        return 1
    chosen = random.Random(22).sample(names, min(size, len(names)))
    SAMPLE.write_text(json.dumps(sorted(chosen)))
    done = results(mutmut)
    to_run = tuple(name for name in chosen if done[name] in NOT_RUN)  # a resumed sample
    print(
        f"Running {len(to_run)} of the {len(chosen)} mutants chosen at random of {module}'s {len(names)}."
    )
    return run([module], max_children=2, mutants=to_run) if to_run else 0


def run(modules: list[str], max_children: int, mutants: tuple[str, ...] = ()) -> int:
    """Run mutmut over ``modules`` (all of ``only_mutate`` when empty), in this process.

    ``mutants`` names the mutants to run again (mutmut keeps every other result).

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
    folder = tempfile.TemporaryDirectory()
    server = drawing_server(Path(folder.name) / "svg.sock")
    try:
        cli(["run", "--max-children", str(max_children), *mutants], standalone_mode=False)
    except SystemExit as stop:  # mutmut exits on a failing clean run
        if stop.code:
            return int(stop.code)
    finally:
        os.chdir(here)
        server.kill()
        folder.cleanup()
    return 0


def drawing_server(address: Path) -> subprocess.Popen:
    """Start ``tests/svg_server.py`` on ``address`` and point every test process at it.

    Each mutant's tests run in a forked process, where vl-convert hangs; the
    server draws for all of them (and keeps each drawing, as most repeat).
    """
    server = subprocess.Popen([sys.executable, "-m", "tests.svg_server", str(address)])
    for _ in range(100):
        if address.exists():
            break
        time.sleep(0.1)
    os.environ[SVG_SERVER_VARIABLE] = str(address)
    return server


def is_exercise(module: str) -> bool:
    """True for an exercise or challenge module, which ``tools/data_mutation.py`` mutates."""
    return module.startswith(data_mutation.EXERCISES_DIR) and not module.endswith("__init__.py")


def main(argv: list[str]) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    if argv and argv[0] == "run":
        SAMPLE.unlink(missing_ok=True)
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
    elif argv[:1] == ["sample"] and len(argv) == 3 and argv[1].isdigit():
        code = sample(mutmut, argv[2], int(argv[1]))
        if code:
            return code
    elif argv[:1] == ["again"] and len(argv) == 2 and is_exercise(argv[1]):
        tool = [sys.executable, data_mutation.__file__, "--again", argv[1]]
        code = subprocess.run(tool, check=False).returncode
        if code:
            return code
    elif argv[:1] == ["again"] and len(argv) == 2:
        names = unkilled(mutmut, argv[1])
        if not names:
            print(
                f"Nothing to run again: the last run killed every mutant of {argv[1]}, or "
                "did not mutate it (run `make mutation MODULE=...` first).",
                file=sys.stderr,
            )
            return 1
        print(f"Running again the {len(names)} mutants of {argv[1]} not killed last time.")
        code = run([argv[1]], max_children=2, mutants=tuple(names))
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
