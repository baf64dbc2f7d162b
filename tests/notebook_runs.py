"""Run each notebook once per test process, offline, and share the run between test files.

Executing a notebook is the slowest thing the suite does. Tests of one
notebook share a pytest-xdist group (so they land on one worker) and this
module's cache (so the notebook runs once there). The kernels run offline: an
IPython startup file refuses every connection that does not stay on this
machine and logs the attempt, so a notebook that needs the internet fails.
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

import cartel_lab
from tools.notebooks import run_notebook, text_outputs

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


def notebook_id(path: Path) -> str:
    """'notebooks/01-the-argument.ipynb': a readable test id."""
    return f"{path.parent.name}/{path.name}"


def grouped(paths: list[Path]) -> list[Any]:
    """Parameters for tests over notebooks, one xdist group per notebook."""
    return [
        pytest.param(
            path,
            id=notebook_id(path),
            marks=pytest.mark.xdist_group(f"notebook-{path.parent.name}-{path.stem}"),
        )
        for path in paths
    ]


def offline_environment(folder: Path) -> dict[str, str]:
    """Kernel environment with no network: an IPython profile in ``folder`` that blocks it."""
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-no-network.py").write_text(OFFLINE_STARTUP, encoding="utf-8")
    return {"IPYTHONDIR": str(folder), LOG_VARIABLE: str(folder / "network-attempts.log")}


_RUNS: dict[tuple[Path, bool], nbformat.NotebookNode] = {}
_PROBES: dict[tuple[Path, bool], dict[str, str | None]] = {}
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_CALL = re.compile(r"(?P<name>[A-Za-z_]\w*)\(.*\)")
_PROBE_MARK = "cartel-lab-inline-calls:"


def module_functions() -> set[str]:
    """Names of the functions the package offers notebooks (load, sources, check, submit, ...)."""
    names: set[str] = set()
    for info in pkgutil.walk_packages(cartel_lab.__path__, "cartel_lab."):
        for name, value in vars(importlib.import_module(info.name)).items():
            if (
                not name.startswith("_")
                and callable(value)
                and not isinstance(value, type)
                and str(getattr(value, "__module__", "")).startswith("cartel_lab")
            ):
                names.add(name)
    return names


def inline_calls(notebook: nbformat.NotebookNode) -> list[str]:
    """Inline code in Markdown that calls one of the package's functions: `sources("x")`.

    Templates with a placeholder in angle brackets (`load("<table>")`) are not calls to run.
    """
    functions = module_functions()
    found: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for span in _INLINE_CODE.findall(cell.source):
            call = _CALL.fullmatch(span.strip())
            if call and call["name"] in functions and "<" not in span and span not in found:
                found.append(span.strip())
    return found


def _probe_cell(calls: list[str]) -> str:
    """A cell that runs each call in the notebook's namespace and prints what each raised."""
    return (
        "import json as _json\n"
        "_raised = {}\n"
        f"for _call in {calls!r}:\n"
        "    try:\n"
        "        eval(_call)\n"
        "        _raised[_call] = None\n"
        "    except Exception as _error:\n"
        "        _raised[_call] = f'{type(_error).__name__}: {_error}'\n"
        f"print({_PROBE_MARK!r} + _json.dumps(_raised))\n"
    )


def executed(path: Path, offline_env: dict[str, str] | None) -> nbformat.NotebookNode:
    """Run a notebook once per test process (offline when given the environment); a copy.

    The same run also tries each inline call its Markdown tells students to run
    (see ``inline_call_errors``) in a cell appended at the end and removed again.
    """
    cache_key = (path, offline_env is not None)
    if cache_key not in _RUNS:
        calls = inline_calls(nbformat.read(path, as_version=4))
        ran = run_notebook(path, env=offline_env, append=[_probe_cell(calls)] if calls else [])
        probes: dict[str, str | None] = {}
        if calls:
            probe = ran.cells.pop()
            printed = text_outputs(probe)
            probes = json.loads(printed.split(_PROBE_MARK, 1)[1]) if _PROBE_MARK in printed else {}
        _RUNS[cache_key], _PROBES[cache_key] = ran, probes
    return copy.deepcopy(_RUNS[cache_key])


def inline_call_errors(path: Path, offline_env: dict[str, str] | None) -> dict[str, str | None]:
    """For each inline call in the notebook's Markdown: None if it ran, else the error."""
    executed(path, offline_env)
    return dict(_PROBES[(path, offline_env is not None)])


def network_attempts(offline_env: dict[str, str]) -> list[str]:
    """Every connection the offline kernels tried so far (one line each)."""
    log = Path(offline_env[LOG_VARIABLE])
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []
