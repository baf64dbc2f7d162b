"""Every lesson (and one solution) runs in JupyterLab in Chromium and looks right to a student.

For each notebook: open it, Run → Run All Cells, wait for the kernel to go
idle, then check that no cell shows an error, that every chart displayed has
drawn as SVG inside its ``.vega-embed``, with its description and ARIA labels
for screen readers, that what lessons 02-07's charts promise shows in their
drawn marks, after Run All and after one control is set (``drawn_promises.py``),
that every widget view rendered, that every control is at least as wide as its
label and every menu shows its options unclipped, and that moving a control
changes the chart it drives. A full-page screenshot of each notebook is saved
to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from drawn_promises import DRAWN_PROMISES
from lab_harness import SCREENSHOTS, NotebookSession, browser_notebooks, problems_in

# A page that stops answering (seen twice in ~20 runs, only when other heavy
# processes shared the two cores), or a chart that does not redraw after a control is set
# twice (seen in two fresh-clone CI runs of 1-2 December 2026, never on a rerun; see
# drawn_promises.moved), gets one fresh retry; any other failure fails at once.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.flaky(reruns=1, only_rerun=["TimeoutError"]),
]


# Seconds a chart may take to redraw after a control moves before the test calls it unwired.
CHART_CHANGE_TIMEOUT = 30


def screenshot_name(path: str) -> str:
    """notebooks/01-x.ipynb -> notebooks-01-x.png (lessons and solutions share names)."""
    relative = Path(path)
    return f"{relative.parent.name}-{relative.stem}.png"


def control_problems(notebook: NotebookSession, report: dict) -> list[str]:
    """Move one control in each cell that shows controls and charts: its chart must change.

    When no cell shows both, each control is moved once and some chart in the
    notebook must change (a control and its chart in different cells).
    """
    problems: list[str] = []
    cells = report["cells"]
    paired = [c["index"] for c in cells if c["controls"] and c["expectedCharts"]]
    for index in paired:
        control = notebook.controls(index)[0]
        before = notebook.chart_signatures(index)
        # Generous: on a loaded 2-core CI machine the kernel's reply to a click can be slow, and
        # in fresh-clone CI runs a first move was lost now and then, either the click (the
        # control never moved) or the redraw (the control moved, the chart did not). So a
        # control gets up to three moves, as a student would click again: a second move undoes
        # a lost redraw's click, a third makes it again. One not wired to its chart still fails.
        for _ in range(3):
            action = notebook.move(control)
            changed = notebook.wait_chart_change(index, before, timeout=CHART_CHANGE_TIMEOUT)
            if changed:
                break
        if not changed:
            problems.append(f"code cell {index}: {action} did not change the chart in that cell")
    has_charts = any(c["expectedCharts"] for c in cells)
    lone = [c["index"] for c in cells if c["controls"] and not c["expectedCharts"]]
    if has_charts and lone and not paired:
        changed = False
        for index in lone:
            for control in notebook.controls(index):
                before = notebook.chart_signatures(None)
                notebook.move(control)
                changed = changed or notebook.wait_chart_change(None, before, timeout=3)
        if not changed:
            problems.append("no control in the notebook changes any chart")
    return problems


@pytest.mark.parametrize("path", browser_notebooks())
def test_notebook_runs_and_renders_in_jupyterlab(
    open_notebook: Callable[[str], NotebookSession], path: str
) -> None:
    notebook = open_notebook(path)
    notebook.run_all()
    report = notebook.report()
    notebook.screenshot(SCREENSHOTS / screenshot_name(path))

    problems, stderr_warnings = problems_in(report)
    for text in stderr_warnings:
        warnings.warn(f"{path}: {text}", stacklevel=1)
    if not problems and path in DRAWN_PROMISES:
        # What the lesson's charts promise that only shows drawn (paths, their count and
        # extent), read from the SVG after Run All and after one control is set.
        DRAWN_PROMISES[path](notebook)
    if not problems:
        problems += notebook.control_width_problems()
        problems += control_problems(notebook, report)
    problems += [f"blocked a request off this machine: {url}" for url in notebook.blocked[:10]]
    assert not problems, (
        f"{path} as a student sees it in JupyterLab:\n- "
        + "\n- ".join(problems)
        + (
            f"\nbrowser console errors: {notebook.console_errors[:10]}"
            if notebook.console_errors
            else ""
        )
    )
