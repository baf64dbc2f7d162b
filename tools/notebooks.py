"""Run and tidy notebooks the same way in the tests and in the authoring tools."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

REPO_ROOT = Path(__file__).resolve().parents[1]
LESSON_DIRS = ("notebooks", "exercises", "solutions")


def notebook_paths(folder: str) -> list[Path]:
    """The notebooks in one of the module's folders, in teaching order."""
    return sorted((REPO_ROOT / folder).glob("*.ipynb"))


@contextmanager
def _environment(extra: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _client(path: Path, timeout: int, append: Sequence[str] = ()) -> NotebookClient:
    """A client that runs ``path`` in a fresh python3 kernel, from the notebook's own folder."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in append]
    return NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )


def run_notebook(
    path: Path,
    env: Mapping[str, str] | None = None,
    timeout: int = 120,
    append: Sequence[str] = (),
) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom in a fresh kernel, from its own folder.

    Errors are not allowed: a failing cell raises ``CellExecutionError``.
    ``env`` adds environment variables for the kernel (e.g. to record keys);
    ``append`` adds code cells run after the notebook's own (the tests' probes).
    """
    client = _client(path, timeout, append)
    with _environment(env or {}):
        client.execute()
    return client.nb


def run_notebook_measured(path: Path, timeout: int = 300) -> tuple[float, float | None]:
    """Run a notebook; return (seconds from kernel start to last cell, kernel peak MB)."""
    client = _client(path, timeout)
    start = time.perf_counter()
    client.execute(cleanup_kc=False)
    seconds = time.perf_counter() - start
    try:
        memory = peak_memory_mb(client.km.provisioner.process.pid)
    finally:
        run_sync(client.km.shutdown_kernel)(now=True)
    return seconds, memory


def peak_memory_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM, Linux /proc) of a process in MB; None if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def cleared(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy with every output and execution count removed."""
    copy = nbformat.from_dict(notebook)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return copy


def text_outputs(cell: nbformat.NotebookNode) -> str:
    """All the plain text a code cell printed or displayed."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)
