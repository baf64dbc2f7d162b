"""Measure each notebook: execution time in a fresh kernel and the kernel's peak memory.

Usage: ``.venv/bin/python tools/benchmark_notebooks.py`` (prints a Markdown table).
A benchmark, not a test: the targets (each lesson under 10 s, peak kernel
memory under 500 MB) are reported, not asserted, because timings vary by machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.notebooks import LESSON_DIRS, REPO_ROOT, notebook_paths


def peak_memory_mb(pid: int) -> float:
    """The high-water mark of a process's resident memory (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def measure(path: Path) -> tuple[float, float]:
    """Run one notebook; return (seconds from kernel start to last cell, peak MB)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute(cleanup_kc=False)
    seconds = time.perf_counter() - start
    try:
        memory = peak_memory_mb(client.km.provisioner.process.pid)
    finally:
        run_sync(client.km.shutdown_kernel)(now=True)
    return seconds, memory


def main() -> int:
    """Print one Markdown row per notebook."""
    print("| notebook | run all (s) | peak kernel memory (MB) |")
    print("|---|---|---|")
    for folder in LESSON_DIRS:
        for path in notebook_paths(folder):
            seconds, memory = measure(path)
            print(f"| {path.relative_to(REPO_ROOT)} | {seconds:.1f} | {memory:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
