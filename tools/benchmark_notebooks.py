"""Measure each notebook: execution time in a fresh kernel and the kernel's peak memory.

Usage: ``.venv/bin/python tools/benchmark_notebooks.py`` (prints a Markdown table).
A benchmark, not a test: the targets (each lesson under 10 s, peak kernel
memory under 500 MB) are reported, not asserted, because timings vary by machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.notebooks import LESSON_DIRS, REPO_ROOT, notebook_paths, run_notebook_measured


def main() -> int:
    """Print one Markdown row per notebook."""
    print("| notebook | run all (s) | peak kernel memory (MB) |")
    print("|---|---|---|")
    for folder in LESSON_DIRS:
        for path in notebook_paths(folder):
            seconds, memory = run_notebook_measured(path)
            shown = f"{memory:.0f}" if memory is not None else "n/a"
            print(f"| {path.relative_to(REPO_ROOT)} | {seconds:.1f} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
