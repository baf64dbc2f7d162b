"""Safety net, proved by running the notebooks in real kernels (issue 5, parts 3, 5 and 6).

- Offline: every notebook (lessons, solutions, exercises) runs to the end in a
  kernel whose network is blocked, and never even tries to reach the network.
- The block is real: inside such a kernel, connecting to a public address fails.
- Deterministic: a solution run twice gives the same outputs once the fields
  that legitimately change (timings, widget model ids, random element ids,
  memory addresses) are normalised.
- Submission round trip: a solved notebook, saved, becomes a zip whose
  notebook, HTML and JSON results match what the checks say.

Notebook runs are shared with tests/test_notebooks.py (tests/notebook_runs.py):
each notebook runs once offline per test process, and each solution once more
online for the determinism comparison.
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import pytest

from cartel_lab.submission import build_submission
from tests.exercise_modules import exercise_modules
from tests.notebook_runs import LOG_VARIABLE, executed, grouped, network_attempts
from tools.make_exercises import exercise_number
from tools.notebooks import notebook_paths, run_notebook, text_outputs

ALL_NOTEBOOKS = [
    path for folder in ("notebooks", "solutions", "exercises") for path in notebook_paths(folder)
]
SOLUTIONS = notebook_paths("solutions")
EXERCISES = {module.EXERCISE.number: module.EXERCISE for module in exercise_modules()}
PROBE_CELLS = [
    "import socket, urllib.request",
    # A public address (TEST-NET-3 and example.com): both must be refused at once.
    "try:\n    socket.create_connection(('203.0.113.10', 80), timeout=3)\n    print('connected')\n"
    "except OSError as error:\n    print('refused', type(error).__name__)",
    "try:\n    urllib.request.urlopen('http://example.com', timeout=3)\n    print('fetched')\n"
    "except OSError as error:\n    print('refused', type(error).__name__)",
    # The machine's own loopback still works (kernels talk to Jupyter over it).
    "server = socket.socket()\nserver.bind(('127.0.0.1', 0))\nserver.listen()\n"
    "client = socket.create_connection(server.getsockname(), timeout=3)\nprint('loopback ok')\n"
    "client.close(); server.close()",
]


# --------------------------------------------------------------- 5. offline ---


@pytest.mark.xdist_group("network-probe")
def test_the_kernel_network_block_really_blocks(
    offline_env: dict[str, str], tmp_path: Path
) -> None:
    probe = nbformat.v4.new_notebook()
    probe.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    probe.cells = [nbformat.v4.new_code_cell(source) for source in PROBE_CELLS]
    path = tmp_path / "probe.ipynb"
    nbformat.write(probe, path)
    env = {**offline_env, LOG_VARIABLE: str(tmp_path / "attempts.log")}
    outputs = [text_outputs(cell).strip() for cell in run_notebook(path, env=env).cells]
    assert outputs[1] == "refused NetworkBlocked", outputs
    assert outputs[2].startswith("refused"), outputs
    assert outputs[3] == "loopback ok", outputs
    attempts = (tmp_path / "attempts.log").read_text(encoding="utf-8")
    assert "203.0.113.10" in attempts and "example.com" in attempts, attempts


@pytest.mark.parametrize("path", grouped(ALL_NOTEBOOKS))
def test_notebook_runs_with_the_network_blocked(path: Path, offline_env: dict[str, str]) -> None:
    before = len(network_attempts(offline_env))
    notebook = executed(path, offline_env)  # raises CellExecutionError if any cell fails
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "every cell should have run"
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert not errors, errors
    tried = network_attempts(offline_env)[before:]
    assert not tried, f"{path.name} tried to reach the network: {tried}"
    if "submit()" in code[-1].source:
        # Run by a program, the kernel is not told the notebook's name: a message, no error.
        assert "Could not find this notebook's file name" in text_outputs(code[-1])


# ---------------------------------------------------------- 6. determinism ---

_VOLATILE = [
    (re.compile(r'"model_id":\s*"[^"]*"'), '"model_id": "<model id>"'),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<hex id>"),  # e.g. altair's "altair-viz-<uuid4 hex>"
    (re.compile(r"\b0x[0-9a-f]{6,}\b"), "0x<address>"),
]


def normalised_outputs(notebook: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """Every code cell's source, execution count and outputs, with volatile fields normalised.

    Dropped: cell ``metadata.execution`` (timings), output ``transient`` (display
    ids); replaced: widget model ids, UUIDs, long hex ids and memory addresses.
    """
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            output = copy.deepcopy(dict(output))
            output.pop("transient", None)
            text = json.dumps(output, sort_keys=True, ensure_ascii=False)
            for pattern, replacement in _VOLATILE:
                text = pattern.sub(replacement, text)
            outputs.append(json.loads(text))
        cells.append({"source": cell.source, "count": cell.execution_count, "outputs": outputs})
    return cells


def test_normalising_keeps_real_differences() -> None:
    one = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    one.cells[0].outputs = [nbformat.v4.new_output("stream", text="0.25\n")]
    two = copy.deepcopy(one)
    two.cells[0].outputs[0].text = "0.26\n"
    assert normalised_outputs(one) != normalised_outputs(two)
    widget = {"model_id": "a" * 32, "version_major": 2}
    one.cells[0].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"application/vnd.jupyter.widget-view+json": widget}
        )
    ]
    two.cells[0].outputs = copy.deepcopy(one.cells[0].outputs)
    two.cells[0].outputs[0].data["application/vnd.jupyter.widget-view+json"]["model_id"] = "b" * 32
    two.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    assert normalised_outputs(one) == normalised_outputs(two)


@pytest.mark.parametrize("path", grouped(SOLUTIONS))
def test_solution_gives_the_same_outputs_twice(path: Path, offline_env: dict[str, str]) -> None:
    first = normalised_outputs(executed(path, offline_env))
    second = normalised_outputs(executed(path, None))
    assert len(first) == len(second)
    for a, b in zip(first, second, strict=True):
        assert a == b, f"{path.name}: a cell's output changed between runs:\n{a['source']}"
    assert any(cell["outputs"] for cell in first), "nothing to compare: no outputs at all"


# ---------------------------------------------------- 3. submission round trip ---


def kernel_less_namespace(path: Path) -> dict[str, Any]:
    """The variables a solution's kernel would hold, built by running its code in this process."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and "submit(" not in cell.source:
            exec(compile(cell.source, f"<{path.name}>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("path", grouped(SOLUTIONS))
def test_a_solved_notebook_round_trips_through_its_submission(
    path: Path, offline_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)
    exercise = EXERCISES[exercise_number(path)]
    solved = executed(path, offline_env)
    namespace = kernel_less_namespace(path)
    saved = tmp_path / path.name
    nbformat.write(solved, saved)

    result = build_submission(saved, exercise, namespace)

    assert result.written and result.zip_path is not None
    assert result.zip_path.parent == tmp_path / "submissions"
    with zipfile.ZipFile(result.zip_path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert set(members) == {path.name, f"{path.stem}.html", "results.json"}

    # The notebook, exactly as saved, with the outputs of its checks.
    assert members[path.name] == saved.read_bytes()
    notebook = nbformat.reads(members[path.name].decode("utf-8"), as_version=4)
    seen = {}
    for cell in notebook.cells:
        match = re.match(r'check\("(?P<id>[^"]+)"\)', cell.source.strip())
        if cell.cell_type == "code" and match:
            seen[match["id"]] = text_outputs(cell)
    assert list(seen) == exercise.question_ids()

    # The HTML copy shows the same check results.
    page = members[f"{path.stem}.html"].decode("utf-8")
    for question_id, shown in seen.items():
        headline = shown.splitlines()[0]
        assert headline.startswith(f"Question {question_id}"), shown
        assert headline in page, f"{headline!r} missing from the HTML copy"

    # The JSON results: what the checks say, re-run, and what the notebook shows.
    summary = json.loads(members["results.json"])
    assert summary["progress"] == exercise.progress(namespace).as_dict()
    assert summary["progress"]["total"] == len(exercise.questions)
    for row in summary["results"]:
        shown_passed = "— passed." in seen[row["question"]]
        assert (row["status"] == "passed") == shown_passed, (row, seen[row["question"]])
    assert summary["progress"]["passed"] == len(exercise.questions), "a solution passes every check"
    assert summary["notebook"] == path.name and summary["exercise"] == exercise.number
