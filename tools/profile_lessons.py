"""Where a lesson's fresh-kernel Run All spends its time: cell by cell, and import by import.

Usage: ``.venv/bin/python tools/profile_lessons.py [notebooks/01-the-argument.ipynb ...]``
(default: lessons 00 and 01). Prints, for each notebook, the kernel start-up and
each code cell's time (from nbclient's execution timestamps), then, in a fresh
Python process, the steps a lesson's first cell triggers: importing pandas,
Altair, ipywidgets, switching Altair's charts offline (the JavaScript bundle),
loading the data and, when installed, networkx. A profiling aid, not a test:
timings vary with the machine and its load.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nbformat
from nbclient import NotebookClient

from tools.notebooks import REPO_ROOT

DEFAULT = ("notebooks/00-start-here.ipynb", "notebooks/01-the-argument.ipynb")

# Run in a fresh interpreter: each step's time, in the order a lesson meets them.
STEPS = r"""
import importlib.util, time
steps = []
def step(name, action):
    start = time.perf_counter()
    action()
    steps.append((name, time.perf_counter() - start))
step("import pandas", lambda: __import__("pandas"))
step("import ipywidgets", lambda: __import__("ipywidgets"))
step("import cartel_lab.data + tables", lambda: __import__("cartel_lab.tables"))
step("import cartel_lab.charts (Altair, offline bundle)", lambda: __import__("cartel_lab.charts"))
from cartel_lab.data import load, sources
step("load('article_claims') + sources()", lambda: (load("article_claims"), sources("article_claims")))
step("import cartel_lab.widgets", lambda: __import__("cartel_lab.widgets"))
if importlib.util.find_spec("networkx"):
    step("import networkx", lambda: __import__("networkx"))
for name, seconds in steps:
    print(f"| {name} | {seconds:.2f} |")
"""


def _seconds(cell: nbformat.NotebookNode) -> float | None:
    timing = cell.metadata.get("execution", {})
    try:
        start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None
    return (end - start).total_seconds()


def profile_notebook(path: Path) -> None:
    """Print kernel start-up and each code cell's time for one notebook."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        record_timing=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    with client.setup_kernel():
        ready = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
    total = time.perf_counter() - started
    print(f"\n### {path.relative_to(REPO_ROOT)}: {total:.1f} s from kernel start to last cell\n")
    print("| step | seconds |\n|---|---|")
    print(f"| kernel start-up | {ready - started:.2f} |")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            seconds = _seconds(cell)
            first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else "(empty)"
            print(f"| `{first}` | {seconds:.2f} |" if seconds is not None else f"| `{first}` | ? |")


def main(argv: list[str] | None = None) -> int:
    """Profile each notebook, then the import steps in a fresh interpreter."""
    names = (argv if argv is not None else sys.argv[1:]) or list(DEFAULT)
    for name in names:
        profile_notebook((REPO_ROOT / name).resolve())
    print("\n### A fresh Python process, step by step\n\n| step | seconds |\n|---|---|")
    sys.stdout.flush()
    subprocess.run([sys.executable, "-c", STEPS], cwd=REPO_ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
