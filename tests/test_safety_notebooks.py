"""Safety net, proved by running the notebooks in real kernels (issue 5, parts 3, 5 and 6).

- Offline: every notebook (lessons, solutions, exercises) runs to the end in a
  kernel whose network is blocked, and never even tries to reach the network.
- The block is real: inside such a kernel, connecting to a public address fails.
- Deterministic: a solution run twice gives the same outputs once the fields
  that legitimately change (timings, widget model ids, random element ids,
  memory addresses) are normalised.
- Submission round trip: a solved notebook, saved, becomes a zip whose
  notebook, HTML and JSON results match what the checks say.

Each notebook is executed at most twice per test run; tests of one notebook
share a pytest-xdist group so that they share its executions.
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
from tools.notebooks import notebook_paths, run_notebook, text_outputs

ALL_NOTEBOOKS = [
    path for folder in ("notebooks", "solutions", "exercises") for path in notebook_paths(folder)
]
SOLUTIONS = notebook_paths("solutions")
EXERCISES = {module.EXERCISE.number: module.EXERCISE for module in exercise_modules()}
LOG_VARIABLE = "CARTEL_LAB_NETWORK_LOG"

OFFLINE_STARTUP = (
    '''\
"""Installed by tests/test_safety_notebooks.py: this kernel may not use the network."""
import ipaddress
import os
import socket


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of reaching any address but this machine's own."""


def _is_local(host):
    if host is None or host in ("", "localhost"):
        return True
    if isinstance(host, bytes):
        host = host.decode()
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what, host):
    log = os.environ.get("'''
    + LOG_VARIABLE
    + """")
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"{what} {host!r}\\n")
    raise NetworkBlocked(f"network access is blocked in this kernel ({what} {host!r})")


def _guard(method, name):
    def guarded(self, *args):
        address = args[-1] if args else None
        if (
            self.family in (socket.AF_INET, socket.AF_INET6)
            and isinstance(address, tuple)
            and not _is_local(address[0])
        ):
            _refuse(name, address[0])
        return method(self, *args)

    return guarded


for _name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, _name, _guard(getattr(socket.socket, _name), _name))

_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = getaddrinfo
"""
)

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


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _group(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.xdist_group(f"notebook-{path.parent.name}-{path.stem}")


def _grouped(paths: list[Path]) -> list[Any]:
    return [pytest.param(path, id=_id(path), marks=_group(path)) for path in paths]


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for a kernel with no network: an IPython profile whose startup blocks it."""
    ipython_dir = tmp_path_factory.mktemp("ipython-offline")
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-no-network.py").write_text(OFFLINE_STARTUP, encoding="utf-8")
    log = ipython_dir / "network-attempts.log"
    return {"IPYTHONDIR": str(ipython_dir), LOG_VARIABLE: str(log)}


_RUNS: dict[tuple[Path, bool], nbformat.NotebookNode] = {}


def executed(path: Path, offline_env: dict[str, str] | None) -> nbformat.NotebookNode:
    """Run a notebook once per test process (offline when given the environment); a copy."""
    cache_key = (path, offline_env is not None)
    if cache_key not in _RUNS:
        _RUNS[cache_key] = run_notebook(path, env=offline_env)
    return copy.deepcopy(_RUNS[cache_key])


def _attempts(offline_env: dict[str, str]) -> list[str]:
    log = Path(offline_env[LOG_VARIABLE])
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


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


@pytest.mark.parametrize("path", _grouped(ALL_NOTEBOOKS))
def test_notebook_runs_with_the_network_blocked(path: Path, offline_env: dict[str, str]) -> None:
    before = len(_attempts(offline_env))
    notebook = executed(path, offline_env)  # raises CellExecutionError if any cell fails
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "every cell should have run"
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert not errors, errors
    tried = _attempts(offline_env)[before:]
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


@pytest.mark.parametrize("path", _grouped(SOLUTIONS))
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


@pytest.mark.parametrize("path", _grouped(SOLUTIONS))
def test_a_solved_notebook_round_trips_through_its_submission(
    path: Path, offline_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)
    exercise = EXERCISES[path.name.split("-", 1)[0]]
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
