"""Measure the module as a student's browser runs it (a report, not a test).

For each notebook the browser tests open (every lesson in notebooks/ and the
solution in SOLUTIONS_IN_BROWSER), or for the notebooks named on the command
line, in JupyterLab in headless Chromium with the network off:

- Run All wall time: from Run -> Run All Cells until the kernel is idle and
  every chart and widget has drawn;
- for the first widget control that drives a chart: the median (and 90th
  percentile) of ``--moves`` moves, each from the input event to the chart
  redrawn (target <= 200 ms; <= 100 ms for lesson 07's strategy builder, whose
  first control is its recruitment slider: run
  ``tools/benchmark_browser.py notebooks/07-policy-lab.ipynb`` for it alone);
- peak kernel memory: VmHWM of the kernel process (found through the
  server's kernel id in its connection-file name), target <= 500 MB.

Usage (from the repository, after ``make setup``):

    .venv/bin/python tools/benchmark_browser.py [--moves 20] [--json FILE] [NOTEBOOK ...]

It starts its own JupyterLab on a temporary copy of the repository, like the
browser tests, and needs Debian's Chromium (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))

from lab_harness import (  # noqa: E402  (the harness lives with the browser tests)
    INSTALL_HINT,
    NotebookSession,
    browser_notebooks,
    copy_repository,
    find_chromium,
    launch_chromium,
    start_lab,
)
from playwright.sync_api import sync_playwright  # noqa: E402

MOVE_TARGET_MS = 200.0
MEMORY_TARGET_MB = 500.0


def measure_moves(notebook: NotebookSession, report: dict[str, Any], moves: int) -> dict[str, Any]:
    """Time ``moves`` moves of the first control that shares a cell with a chart."""
    cells = [c["index"] for c in report["cells"] if c["controls"] and c["expectedCharts"]]
    if not cells:
        return {}
    index = cells[0]
    control = notebook.controls(index)[0]
    notebook.timed_move(index, control)  # warm-up, not counted
    times: list[float] = []
    missed = 0
    for _ in range(moves):
        notebook.page.wait_for_timeout(150)
        elapsed = notebook.timed_move(index, control)
        if elapsed is None:
            missed += 1
        else:
            times.append(elapsed)
    result: dict[str, Any] = {
        "cell": index,
        "control": control.kind,
        "moves": moves,
        "missed": missed,
    }
    if times:
        ordered = sorted(times)
        result |= {
            "median_ms": round(statistics.median(ordered), 1),
            "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
            "max_ms": round(ordered[-1], 1),
        }
    return result


def benchmark(paths: list[str], moves: int) -> list[dict[str, Any]]:
    """Measure every notebook in ``paths`` (relative to the repository)."""
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(INSTALL_HINT)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="benchmark-browser-") as tmp:
        work = Path(tmp)
        server = start_lab(copy_repository(REPO_ROOT, work / "repo"), work / "lab")
        try:
            with sync_playwright() as playwright:
                offline = launch_chromium(playwright, chromium, work / "chromium-profile")
                for path in paths:
                    page = offline.context.new_page()
                    notebook = NotebookSession(page, server, path, offline.blocked)
                    started = time.monotonic()
                    notebook.open()
                    opened = time.monotonic() - started
                    run_all = notebook.run_all()
                    report = notebook.report()
                    entry: dict[str, Any] = {
                        "notebook": path,
                        "open_s": round(opened, 2),
                        "run_all_s": round(run_all, 2),
                        "charts": sum(c["renderedCharts"] for c in report["cells"]),
                        "interaction": measure_moves(notebook, report, moves),
                    }
                    memory = notebook.kernel_peak_memory_mb()
                    entry["kernel_peak_mb"] = round(memory, 1) if memory else None
                    results.append(entry)
                    page.close()
                    server.shutdown_sessions()
                offline.context.close()
        finally:
            server.stop()
    return results


def print_table(results: list[dict[str, Any]], moves: int) -> None:
    """Print one line per notebook, with the targets."""
    print(
        f"{'notebook':40} {'open s':>7} {'run all s':>9} {'charts':>6} "
        f"{'move median ms':>14} {'p90 ms':>7} {'kernel peak MB':>14}"
    )
    for entry in results:
        moved = entry["interaction"]
        median = f"{moved['median_ms']:.0f}" if "median_ms" in moved else "-"
        p90 = f"{moved['p90_ms']:.0f}" if "p90_ms" in moved else "-"
        memory = entry["kernel_peak_mb"]
        print(
            f"{entry['notebook']:40} {entry['open_s']:7.1f} {entry['run_all_s']:9.1f} "
            f"{entry['charts']:6d} {median:>14} {p90:>7} {memory if memory else '-':>14}"
        )
    print(
        f"targets: move median <= {MOVE_TARGET_MS:.0f} ms over {moves} moves "
        f"(control -> chart redrawn); kernel peak (VmHWM) <= {MEMORY_TARGET_MB:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="paths relative to the repository")
    parser.add_argument("--moves", type=int, default=20, help="control moves to time (20)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    paths = args.notebooks or browser_notebooks()
    started = time.monotonic()
    results = benchmark(paths, args.moves)
    print_table(results, args.moves)
    print(f"wall time {time.monotonic() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    missed = [
        e["notebook"]
        for e in results
        if (e["kernel_peak_mb"] or 0) > MEMORY_TARGET_MB
        or e["interaction"].get("median_ms", 0) > MOVE_TARGET_MS
        or e["interaction"].get("missed")
    ]
    if missed:
        print(f"over target: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
