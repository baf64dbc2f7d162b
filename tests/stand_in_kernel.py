"""A stand-in for IPython's shell, so that the cell history can be tested in the test process.

``CellLog`` reads three things of a shell: ``user_ns`` (the notebook's variables),
``transform_cell`` (IPython's rewriting of magics) and ``events.register``. A real
kernel is tested in ``tests/test_stale_feedback.py``; mutation runs cannot see inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from cartel_lab import cell_history
from cartel_lab.cell_history import CellLog, CellRun


@dataclass
class Events:
    registered: list[tuple[str, Any]] = field(default_factory=list)

    def register(self, event: str, callback: Any) -> None:
        self.registered.append((event, callback))


@dataclass
class Shell:
    """What CellLog reads of IPython's shell."""

    user_ns: dict[str, Any] = field(default_factory=dict)
    events: Events = field(default_factory=Events)

    def transform_cell(self, raw: str) -> str:
        if raw.startswith("%%bad"):
            raise ValueError("IPython could not transform this")
        return raw.replace("%time ", "")  # a line magic, as IPython strips it


def watched_kernel(monkeypatch: pytest.MonkeyPatch) -> CellLog:
    """A kernel's variables with their cell history, found by ``log_for`` as watch_cells() keeps it."""
    shell = Shell()
    log = CellLog(shell)
    monkeypatch.setattr(cell_history, "_LOGS", {id(shell): log})
    return log


def run_cell(
    log: CellLog,
    source: str,
    set_names: dict[str, Any] | None = None,
    error: BaseException | None = None,
    count: int | None = None,
) -> CellRun:
    """Play one cell through the two events: before, the cell's effect, after."""
    info = SimpleNamespace(raw_cell=source)
    log.before(info)
    log.shell.user_ns.update(set_names or {})
    result = SimpleNamespace(
        info=info, error_in_exec=error, error_before_exec=None, execution_count=count
    )
    log.after(result)
    return log.runs[-1]
