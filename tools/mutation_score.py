"""Print the mutation score per module after ``make mutation`` (mutmut's own summary is one total).

A mutant is one small change to the package (a ``<`` made ``<=``, a word in a
message changed, an argument dropped). *Killed* means at least one test failed
against it: the tests noticed. *Survived* means every test still passed: a
bug of that shape would reach students unnoticed. Timeouts and segfaults count
as noticed; mutants no test calls ("no tests") count as not noticed. Mutants not
run yet (an interrupted run) are left out of the score and counted apart.

Usage: ``.venv/bin/python tools/mutation_score.py`` (run from the repository root).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

NOTICED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_RUN = {"not checked", "check was interrupted by user", "skipped"}
LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[^:]*__mutmut_\d+: (?P<status>.+?)\s*$")


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


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    by_module = statuses(mutmut)
    if not by_module:
        print("No mutation results found: run `make mutation` first.", file=sys.stderr)
        return 1
    print(table(by_module))
    print("\nList the survivors with `.venv/bin/mutmut results`; see one with `mutmut show NAME`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
