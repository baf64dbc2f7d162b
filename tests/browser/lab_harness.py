"""Drive a real JupyterLab in Debian's Chromium, the way a student uses the module.

Shared by the browser tests (``conftest.py``) and ``tools/benchmark_browser.py``:

- :func:`copy_repository` and :func:`start_lab` start JupyterLab from the
  project's own environment on a copy of the repository (127.0.0.1, a free
  port, a random token, no news or update checks, a fresh workspace);
- :func:`launch_chromium` starts Chromium with Playwright (a fresh profile)
  and blocks every request that does not go to this machine, so a chart that
  needs a CDN fails here as it would in a classroom without one;
  :class:`Watchdog` kills it if a test hangs;
- :class:`NotebookSession` opens one notebook, answers the "Select Kernel"
  dialog, runs all cells from the Run menu, waits until the kernel is idle and
  every output has drawn, moves widgets, edits cells and takes screenshots.

In-page helpers live in ``lab_helpers.js`` (``window.__labTest``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, Playwright, Route

from tools.notebooks import peak_memory_mb

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
HELPERS_JS = HERE / "lab_helpers.js"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"  # test-artifacts/ is gitignored

DEFAULT_CHROMIUM = "/usr/bin/chromium"  # Debian's package "chromium"
CHROMIUM_ENV_VAR = "CHROMIUM_PATH"
INSTALL_HINT = (
    "The browser tests drive Debian's Chromium, which is not installed. Install it with "
    "`sudo apt-get update && sudo apt-get install -y chromium` (or run `make test` as root, "
    "which does it), or point CHROMIUM_PATH at a Chromium or Chrome binary."
)
# Flags for a headless Chromium on a machine with no internet, possibly as root.
# Playwright adds --headless and a fresh, temporary --user-data-dir itself.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
# Copied to the temporary repository? Everything but these (at any depth).
COPY_IGNORE = (
    ".venv",
    ".git",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    "node_modules",
    "*.egg-info",
)
# JupyterLab user settings for the test server: no news or update checks, all
# cells attached to the DOM (so every output can be inspected and screenshot),
# no autosave (the copy stays as it was; pages are closed without saving).
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}
# Solutions opened in the browser besides every lesson in notebooks/.
SOLUTIONS_IN_BROWSER = ("solutions/01-the-argument-solution.ipynb",)
WIDGET_STATUS_PROBLEMS = ("Loading widget", "Error displaying widget")
ERROR_TEXT = re.compile(r"Traceback|\b\w*(Error|Exception)\b")


def browser_notebooks(root: Path = REPO_ROOT) -> list[str]:
    """Every lesson in notebooks/ (later lessons join by themselves) and the chosen solutions.

    Paths are relative to ``root``, with forward slashes.
    """
    lessons = sorted((root / "notebooks").glob("*.ipynb"))
    solutions = [root / path for path in SOLUTIONS_IN_BROWSER]
    return [path.relative_to(root).as_posix() for path in lessons + solutions if path.exists()]


def find_chromium() -> str | None:
    """Return the Chromium binary to use, or None when there is none.

    Looked up in this order: the ``CHROMIUM_PATH`` environment variable,
    Debian's ``/usr/bin/chromium``, then ``chromium`` or ``chromium-browser``
    on ``PATH``.
    """
    override = os.environ.get(CHROMIUM_ENV_VAR)
    if override:
        return override if os.access(override, os.X_OK) else None
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_repository(source: Path, destination: Path) -> Path:
    """Copy the repository to ``destination`` without its virtualenv, git data or caches."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    return destination


def write_lab_settings(settings_dir: Path) -> None:
    """Write :data:`LAB_SETTINGS` as JupyterLab user settings into ``settings_dir``."""
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


@dataclass
class LabServer:
    """A running JupyterLab server started by :func:`start_lab`."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    log_path: Path
    runtime_dir: Path

    @property
    def url(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API; return the decoded JSON answer (None when empty)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
        return json.loads(payload) if payload else None

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log, for error messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def kernel_ids(self) -> list[str]:
        """Ids of the kernels the server runs."""
        return [kernel["id"] for kernel in self.api("GET", "/api/kernels")]

    def kernel_pid(self, kernel_id: str) -> int | None:
        """The process id of a kernel: the process whose command line names its connection file."""
        needle = f"kernel-{kernel_id}.json"
        for pid, cmdline in _processes():
            if needle in cmdline:
                return pid
        return None

    def shutdown_sessions(self) -> None:
        """Close every notebook session and its kernel (between tests: keeps memory low)."""
        for session in self.api("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.URLError, OSError):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)

    def stop(self) -> None:
        """Shut down all kernels and the server; kill what is left of them."""
        if self.process.poll() is None:
            try:
                for kernel_id in self.kernel_ids():
                    self.api("DELETE", f"/api/kernels/{kernel_id}", timeout=30)
                self.api("POST", "/api/shutdown")
            except (urllib.error.URLError, OSError):
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        # Kernels still alive (server killed): they name our runtime folder.
        marker = str(self.runtime_dir)
        for pid, cmdline in _processes():
            if marker in cmdline and pid != os.getpid():
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def _processes() -> Iterable[tuple[int, str]]:
    """(pid, command line) of every process this user can see (Linux /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        yield int(entry.name), raw.replace(b"\0", b" ").decode(errors="replace")


def start_lab(
    root: Path, work_dir: Path, python: str = sys.executable, timeout: float = 90
) -> LabServer:
    """Start JupyterLab from ``python``'s environment serving ``root``; wait until it answers.

    Config, runtime, settings and workspace folders are fresh ones under
    ``work_dir``, so nothing of the user's own Jupyter set-up leaks in. The
    kernels import the package from ``root`` (``PYTHONPATH``), so a change in
    the copied repository is what the browser sees.
    """
    dirs = {
        name: work_dir / name for name in ("config", "runtime", "settings", "workspaces", "ipython")
    }
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    write_lab_settings(dirs["settings"])
    port, token = free_port(), secrets.token_hex(24)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    if (root / "data").is_dir():
        env["CARTEL_LAB_DATA"] = str(root / "data")
    args = [
        python, "-m", "jupyter", "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LanguageServerManager.autodetect=False",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log_path = work_dir / "jupyterlab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = LabServer(root, port, token, process, log_path, dirs["runtime"])
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {process.returncode}:\n{server.log_tail()}"
            )
        try:
            server.api("GET", "/api/status", timeout=2)
            return server
        except (urllib.error.URLError, OSError, ValueError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(
                    f"JupyterLab did not answer within {timeout} s:\n{server.log_tail()}"
                ) from None
            time.sleep(0.25)


@dataclass
class OfflineContext:
    """Chromium's browser context, whose requests can only reach this machine."""

    context: BrowserContext
    user_data_dir: Path
    blocked: list[str] = field(default_factory=list)

    def kill(self) -> None:
        """SIGKILL this Chromium (its processes name our profile folder): unblocks a hung call."""
        marker = f"--user-data-dir={self.user_data_dir}"
        for pid, cmdline in _processes():
            if marker in cmdline:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def _is_local(url: str) -> bool:
    match = re.match(r"^[a-z][a-z0-9+.-]*://(\[[^\]]+\]|[^/:?#]+)", url, re.IGNORECASE)
    if not match:  # data:, blob:, about: never leave the machine
        return True
    return match.group(1).lower() in LOCAL_HOSTS


def launch_chromium(
    playwright: Playwright,
    executable: str,
    user_data_dir: Path,
    width: int = 1280,
    height: int = 900,
) -> OfflineContext:
    """Start headless Chromium with a fresh profile in ``user_data_dir``, offline.

    Every request not to 127.0.0.1/localhost is aborted and recorded in
    ``blocked``; the in-page helpers (``lab_helpers.js``) go into every page.
    """
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=executable,
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": width, "height": height},
    )
    offline = OfflineContext(context, user_data_dir)

    def route(route: Route) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            offline.blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", route)
    context.add_init_script(path=str(HELPERS_JS))
    return offline


class Watchdog:
    """Call ``on_expiry`` (from a timer thread) if the ``with`` block outlives ``seconds``.

    Playwright's ``evaluate`` has no timeout: a page that hangs would hang the
    whole test run. Killing the browser turns that into a failure.
    """

    def __init__(self, seconds: float, on_expiry: Callable[[], None]) -> None:
        self.fired = False
        self._on_expiry = on_expiry
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        self._on_expiry()

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()


def _wait(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Poll ``predicate`` until it returns something truthy; raise TimeoutError naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Control:
    """One ipywidgets control in a cell's output: how to find it and what kind it is."""

    kind: str
    locator: Locator


class NotebookSession:
    """One notebook open in JupyterLab in its own page."""

    def __init__(
        self, page: Page, server: LabServer, path: str, blocked: list[str] | None = None
    ) -> None:
        self.page = page
        self.server = server
        self.path = path
        self.blocked = blocked if blocked is not None else []  # requests that wanted the internet
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(message.text[:500])

    # -- opening and running -------------------------------------------------
    def open(self, timeout: float = 90) -> None:
        """Load the notebook in a fresh workspace and wait for an idle kernel.

        A notebook without kernel metadata makes JupyterLab ask "Select
        Kernel" on a first open; the dialog is answered with its default
        choice (the project's Python kernel).
        """
        self.page.goto(f"{self.server.url}/lab/tree/{self.path}?reset&token={self.server.token}")
        self.page.wait_for_selector(".jp-NotebookPanel", timeout=timeout * 1000)

        def kernel_ready() -> bool:
            dialog = self.page.locator(".jp-Dialog")
            if dialog.count():
                header = dialog.locator(".jp-Dialog-header").inner_text()
                if "Kernel" in header and "Select" in header:
                    dialog.locator("button.jp-mod-accept").click()
                    return False
                raise AssertionError(f"unexpected dialog: {dialog.inner_text()[:500]}")
            state = self.state()
            return bool(state.get("sessionReady") and state.get("kernelStatus") == "idle")

        _wait(kernel_ready, timeout, f"the kernel of {self.path} to start", interval=0.2)

    def state(self) -> dict[str, Any]:
        """Kernel status and per-cell execution state (``window.__labTest.state()``)."""
        return self.page.evaluate("window.__labTest ? window.__labTest.state() : {ready: false}")

    def run_all(self, timeout: float = 120, outputs_timeout: float = 30) -> float:
        """Run → Run All Cells; return seconds until the kernel idles and every output drew.

        ``timeout`` stays well under the browser tests' watchdog (300 s): a Run All
        that hangs then raises ``TimeoutError``, which earns the test its one fresh
        retry, instead of the watchdog killing the browser that the retry needs.
        Outputs that never draw (the failure the tests look for) are waited
        for at most ``outputs_timeout`` seconds after the kernel went idle.
        """
        started = time.monotonic()
        self.page.locator("li.lm-MenuBar-item", has_text=re.compile(r"^\s*Run\s*$")).click()
        self.page.locator('li.lm-Menu-item[data-command="runmenu:run-all"]').click()
        self.wait_until_idle(timeout)
        self.wait_for_outputs(timeout=outputs_timeout)
        return time.monotonic() - started

    def wait_until_idle(self, timeout: float = 300) -> None:
        """Wait until no cell is queued or running and the kernel stays idle for 0.3 s."""
        calm: list[float] = []

        def idle() -> bool:
            state = self.state()
            quiet = state.get("kernelStatus") == "idle" and not any(
                cell["running"] for cell in state.get("cells", [])
            )
            if not quiet:
                calm.clear()
                return False
            calm.append(time.monotonic())
            return calm[-1] - calm[0] >= 0.3

        try:
            _wait(idle, timeout, f"{self.path} to finish running", interval=0.1)
        except TimeoutError as error:
            raise TimeoutError(f"{error}; last state: {self._state_summary()}") from None

    def _state_summary(self) -> str:
        """Kernel status and the cells still marked running, for a timeout message."""
        state = self.state()
        running = [i for i, cell in enumerate(state.get("cells", [])) if cell["running"]]
        return f"kernel {state.get('kernelStatus')!r}, code cells marked running: {running}"

    def report(self) -> dict[str, Any]:
        """What every code cell shows: errors, stderr, charts expected and drawn, widget views."""
        return self.page.evaluate("window.__labTest.report()")

    def control_width_problems(self) -> list[str]:
        """Controls too narrow for their label, and menus or buttons that clip their text."""
        return list(self.page.evaluate("window.__labTest.controlWidthProblems()"))

    def wait_for_outputs(self, timeout: float = 60) -> dict[str, Any]:
        """Wait until every expected chart has drawn and no widget is still loading.

        Returns the last report either way: the assertions say what is wrong.
        """
        last: dict[str, Any] = {}

        def settled() -> bool:
            nonlocal last
            last = self.report()
            for cell in last["cells"]:
                if cell["renderedCharts"] < cell["expectedCharts"]:
                    return False
                if any(r["text"].startswith("Loading widget") for r in cell["widgetRenderers"]):
                    return False
            return True

        with contextlib.suppress(TimeoutError):
            _wait(settled, timeout, f"the outputs of {self.path} to draw", interval=0.25)
        return last

    # -- widgets -------------------------------------------------------------
    def code_cell(self, index: int) -> Locator:
        """The DOM node of the ``index``-th code cell."""
        return self.page.locator(".jp-Notebook .jp-CodeCell").nth(index)

    def controls(self, index: int) -> list[Control]:
        """The ipywidgets controls a student can move in one code cell's output."""
        area = self.code_cell(index).locator(".jp-OutputArea")
        found: list[Control] = []
        kinds = (
            ("slider", ".widget-slider .noUi-handle"),
            ("toggle-buttons", ".widget-toggle-buttons"),
            ("dropdown", ".widget-dropdown select"),
            ("radio", ".widget-radio-box"),
            ("checkbox", ".widget-checkbox input"),
            ("toggle-button", "button.widget-toggle-button"),
        )
        for kind, selector in kinds:
            locator = area.locator(selector)
            found += [Control(kind, locator.nth(i)) for i in range(locator.count())]
        return found

    def move(self, control: Control) -> str:
        """Change a control once, as a student would; return what was done."""
        target = control.locator
        if control.kind == "slider":
            now = float(target.get_attribute("aria-valuenow") or 0)
            high = float(target.get_attribute("aria-valuemax") or 0)
            key = "ArrowRight" if now < high else "ArrowLeft"
            target.focus()
            self.page.keyboard.press(key)
            return f"slider {key}"
        if control.kind == "toggle-buttons":
            button = target.locator("button:not(.mod-active)").first
            label = button.inner_text()
            button.click()
            return f"toggle button {label!r}"
        if control.kind == "dropdown":
            options = target.locator("option")
            current = target.input_value()
            values = [options.nth(i).get_attribute("value") for i in range(options.count())]
            choice = next(v for v in values if v != current)
            target.select_option(choice)
            return f"dropdown {choice!r}"
        if control.kind == "radio":
            choice = target.locator("input:not(:checked)").first
            choice.click()
            return "radio"
        target.click()
        return control.kind

    def chart_signatures(self, index: int | None) -> list[str]:
        """What the charts in one code cell (or the whole notebook, None) look like now."""
        return self.page.evaluate("(i) => window.__labTest.chartSignatures(i)", index)

    def wait_chart_change(self, index: int | None, before: list[str], timeout: float = 10) -> bool:
        """True once the charts in the cell differ from ``before`` and all have drawn."""
        try:
            self.page.wait_for_function(
                "([i, before]) => window.__labTest.chartsChanged(i, before)",
                arg=[index, before],
                timeout=timeout * 1000,
                polling=50,
            )
        except Exception:  # playwright's TimeoutError
            return False
        return True

    def set_control(
        self, index: int, description: str, value: object, nth: int = 0, timeout: float = 30
    ) -> bool:
        """Set the ``nth`` control labelled ``description`` in code cell ``index`` to ``value``
        (an option's label for a menu or selection slider), through its widget model as its
        view does; True once the cell's charts have redrawn.

        Under load a first move can be lost on its way to the chart. Then, as a student would,
        the control is moved elsewhere and back (setting the value it already holds would
        reach the kernel as no change at all), and the chart must follow that second move.
        """
        args = [index, description, nth]
        before = self.chart_signatures(index)
        original = self.page.evaluate("([i, d, n]) => window.__labTest.controlValue(i, d, n)", args)
        self._set(index, description, value, nth)
        if self.wait_chart_change(index, before, timeout=timeout):
            return True
        other = self.page.evaluate(
            "([i, d, n, a]) => window.__labTest.otherControlValue(i, d, n, a)",
            [*args, [value, original]],
        )
        if other is None:
            return False
        self._set(index, description, other, nth)
        self.wait_chart_change(index, before, timeout=timeout)
        elsewhere = self.chart_signatures(index)
        self._set(index, description, value, nth)
        return self.wait_chart_change(index, elsewhere, timeout=timeout)

    def control_diagnosis(self, index: int, description: str, nth: int = 0) -> str:
        """The control's value, the charts' parameters, the kernel's status (for a failure)."""
        return self.page.evaluate(
            "([i, d, n]) => window.__labTest.controlDiagnosis(i, d, n)", [index, description, nth]
        )

    def _set(self, index: int, description: str, value: object, nth: int) -> None:
        self.page.evaluate(
            "([i, d, v, n]) => window.__labTest.setControl(i, d, v, n)",
            [index, description, value, nth],
        )

    def code_cell_showing(self, call: str) -> int:
        """The index of the code cell whose text holds ``call`` (e.g. 'homicides_chart()')."""
        sources = self.code_sources()
        found = [i for i, source in enumerate(sources) if call in source]
        assert found, f"no code cell of {self.path} runs {call!r}"
        return found[0]

    def timed_move(self, index: int | None, control: Control, timeout: float = 10) -> float | None:
        """Move ``control``; milliseconds from the input event to the chart redrawn (None: never)."""
        self.page.evaluate("(i) => window.__labTest.armChartChange(i)", index)
        self.move(control)
        return self.page.evaluate(
            "(t) => window.__labTest.awaitChartChange(t)", int(timeout * 1000)
        )

    # -- editing -------------------------------------------------------------
    def set_cell_source(self, index: int, source: str) -> None:
        """Replace a code cell's text by typing into its editor."""
        editor = self.code_cell(index).locator(".jp-InputArea-editor .cm-content")
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.insert_text(source)

    def type_in_markdown(self, containing: str, text: str) -> None:
        """Edit the first Markdown cell whose text holds ``containing``: type ``text`` over it.

        As a student does: double-click the rendered cell, select all, type, Shift+Enter
        to render it again. Nothing is saved.
        """
        index = self.page.evaluate(
            "(needle) => window.jupyterapp.shell.currentWidget.content.widgets"
            ".findIndex(c => c.model.type === 'markdown' &&"
            " c.model.sharedModel.getSource().includes(needle))",
            containing,
        )
        assert index >= 0, f"no Markdown cell holds {containing!r}"
        cell = self.page.locator(".jp-Notebook .jp-Cell").nth(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-RenderedMarkdown").dblclick()
        editor = cell.locator(".cm-content")
        editor.wait_for(state="visible", timeout=10_000)
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.insert_text(text)
        self.page.keyboard.press("Shift+Enter")

    def run_selected_and_next(self, count: int = 1) -> None:
        """Press Shift+Enter ``count`` times (run the cell, move on), then wait for idle."""
        for _ in range(count):
            self.page.keyboard.press("Shift+Enter")
        self.wait_until_idle(120)

    def code_sources(self) -> list[str]:
        """The text of every code cell, in order."""
        return self.page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.widgets"
            ".filter(c => c.model.type === 'code').map(c => c.model.sharedModel.getSource())"
        )

    # -- evidence ------------------------------------------------------------
    def screenshot(self, path: Path, max_height: int = 16000) -> Path:
        """Save the whole notebook as one PNG (the viewport is made as tall as the notebook)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        viewport = self.page.viewport_size or {"width": 1280, "height": 900}
        height = int(self.page.evaluate("window.__labTest.fullHeight()"))
        tall = {
            "width": viewport["width"],
            "height": max(viewport["height"], min(height, max_height)),
        }
        self.page.set_viewport_size(tall)
        try:
            self.page.wait_for_timeout(400)
            self.page.evaluate("window.__labTest.scrollToTop()")
            self.page.wait_for_timeout(100)
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(viewport)
        return path

    def kernel_peak_memory_mb(self) -> float | None:
        """VmHWM of this notebook's kernel process, in MB."""
        kernel_id = self.state().get("kernelId")
        pid = self.server.kernel_pid(kernel_id) if kernel_id else None
        return peak_memory_mb(pid) if pid else None


def problems_in(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Read a :meth:`NotebookSession.report`: (problems that fail a test, warnings).

    A problem is an error output, a traceback on stderr, a cell that did not
    run, a chart that did not draw (or more or fewer drawn than displayed), a
    widget view still loading or in error, or a JavaScript error in a chart.
    Other stderr text is a warning.
    """
    problems: list[str] = []
    warnings: list[str] = []
    widget_outputs = sum(cell["widgetOutputs"] for cell in report["cells"])
    if widget_outputs and not report["widgetManager"]:
        problems.append("widget outputs exist but no ipywidgets manager was found")
    for cell in report["cells"]:
        where = f"code cell {cell['index']} ({cell['source'][:60]!r})"
        if cell["count"] is None and cell["source"].strip():
            problems.append(f"{where} did not run")
        problems += [f"{where}: error output {error}" for error in cell["errors"]]
        for text in cell["stderr"]:
            if ERROR_TEXT.search(text):
                if not any(error.split(":")[0] in text for error in cell["errors"]):
                    problems.append(f"{where}: error on stderr: {text[:800]}")
            else:
                warnings.append(f"{where}: stderr: {text[:300]}")
        if (
            cell["renderedCharts"] != cell["expectedCharts"]
            or cell["charts"] != cell["renderedCharts"]
        ):
            problems.append(
                f"{where}: {cell['expectedCharts']} chart(s) displayed, "
                f"{cell['charts']} vega-embed element(s), {cell['renderedCharts']} drawn (svg/canvas)"
            )
        if cell["describedSvgCharts"] != cell["renderedCharts"]:
            problems.append(
                f"{where}: {cell['renderedCharts'] - cell['describedSvgCharts']} chart(s) drawn "
                "without SVG, description or ARIA labels (a screen reader gets nothing)"
            )
        if len(cell["widgetRenderers"]) != cell["widgetOutputs"]:
            problems.append(
                f"{where}: {cell['widgetOutputs']} widget output(s) but "
                f"{len(cell['widgetRenderers'])} widget view(s) on the page"
            )
        for renderer in cell["widgetRenderers"]:
            if renderer["text"].startswith(WIDGET_STATUS_PROBLEMS) or renderer["views"] == 0:
                problems.append(f"{where}: widget did not render: {renderer['text'][:200]!r}")
        problems += [f"{where}: {text}" for text in cell["jsErrors"]]
    return problems, warnings
