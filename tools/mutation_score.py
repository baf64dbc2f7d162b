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
- ``.venv/bin/python tools/mutation_score.py again cartel_lab/violence_charts.py`` re-runs,
  after you add tests, only that module's mutants the last run did not see killed (survived,
  timed out, no tests), keeping the others' results: minutes instead of the whole run
  (``make mutation-again MODULE=...``);
- ``.venv/bin/python tools/mutation_score.py`` prints the table of the last run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

NOTICED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_RUN = {"not checked", "check was interrupted by user", "skipped"}
LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[^:]*__mutmut_\d+: (?P<status>.+?)\s*$")
PYPROJECT = Path("pyproject.toml")
SVG_SERVER_VARIABLE = "CARTEL_LAB_SVG_SERVER"  # read by tests/svg_server.py


def statuses(mutmut: Path) -> dict[str, Counter[str]]:
    """``{module: Counter(status)}`` from ``mutmut results --all true``."""
    output = subprocess.run(
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
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


def unkilled(mutmut: Path, module: str) -> list[str]:
    """The mutants of ``module`` (a path) that the last run did not see killed."""
    dotted = module.removesuffix(".py").replace("/", ".")
    output = subprocess.run(
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    names = []
    for line in output.splitlines():
        name, _, status = line.strip().partition(": ")
        if name.startswith(dotted + ".") and status not in NOTICED:
            names.append(name)
    return names


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


def main(argv: list[str]) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    if argv and argv[0] == "run":
        code = run([module for module in argv[1:] if module], max_children=2)
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
    by_module = statuses(mutmut)
    if not by_module:
        print("No mutation results found: run `make mutation` first.", file=sys.stderr)
        return 1
    print(table(by_module))
    print("\nList the survivors with `.venv/bin/mutmut results`; see one with `mutmut show NAME`.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
