"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the whole run.

- ``chromium_executable``: Debian's Chromium (``/usr/bin/chromium``, else
  ``chromium`` on PATH, or ``CHROMIUM_PATH``). Missing, the browser tests skip
  with a message that says how to install it; with ``CI=true`` they fail.
- ``lab_server``: JupyterLab from the project's own environment
  (``sys.executable``) on a temporary copy of the repository; stopped, with
  its kernels, at the end of the session.
- ``offline_context``: one headless Chromium (Playwright, a fresh profile)
  that blocks every request that does not go to 127.0.0.1/localhost.
- ``open_notebook``: opens a notebook (path relative to the repository) in a new
  page and returns a :class:`lab_harness.NotebookSession`; afterwards the
  page is closed and the notebook's kernel shut down.

Every browser test is marked ``browser`` and ``xdist_group("browser")`` so
that all of them run on one xdist worker and share the server and browser.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import pytest
from lab_harness import (
    INSTALL_HINT,
    REPO_ROOT,
    LabServer,
    NotebookSession,
    OfflineContext,
    Watchdog,
    copy_repository,
    find_chromium,
    launch_chromium,
    start_lab,
)
from playwright.sync_api import Playwright, sync_playwright


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Chromium binary; skip (or, under CI=true, fail) when there is none."""
    path = find_chromium()
    if path is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true and no Chromium: {INSTALL_HINT}", pytrace=False)
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def lab_server(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LabServer]:
    """JupyterLab on a temporary copy of the repository, for the whole session."""
    work = tmp_path_factory.mktemp("jupyterlab")
    root = copy_repository(REPO_ROOT, work / "repo")
    server = start_lab(root, work / "lab")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright per test process: a second sync_playwright() while one is open fails
    ("using Playwright Sync API inside the asyncio loop"), so the JupyterLab tests and the
    rendered-edition tests share this one when they land on the same worker."""
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def offline_context(
    playwright: Playwright, chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OfflineContext]:
    """One headless Chromium (fresh profile) for the session; it can reach only this machine."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    offline = launch_chromium(playwright, chromium_executable, profile)
    try:
        yield offline
    finally:
        with contextlib.suppress(Exception):  # already gone if a watchdog killed it
            offline.context.close()


@pytest.fixture
def open_notebook(
    offline_context: OfflineContext, lab_server: LabServer
) -> Iterator[Callable[[str], NotebookSession]]:
    """Open notebooks (paths relative to the repository) in new pages; clean up afterwards.

    A watchdog kills the browser if the test runs longer than
    BROWSER_TEST_TIMEOUT seconds (default 300), so a hung page fails the test
    instead of blocking the run.
    """
    sessions: list[NotebookSession] = []
    offline_context.blocked.clear()

    def open_(path: str) -> NotebookSession:
        page = offline_context.context.new_page()
        page.set_default_timeout(30_000)
        session = NotebookSession(page, lab_server, path, offline_context.blocked)
        sessions.append(session)
        session.open()
        return session

    limit = float(os.environ.get("BROWSER_TEST_TIMEOUT", "300"))
    with Watchdog(limit, offline_context.kill) as watchdog:
        yield open_
    for session in sessions:
        with contextlib.suppress(Exception):
            session.page.close()
    lab_server.shutdown_sessions()
    if watchdog.fired:
        pytest.fail(f"the test ran over {limit:.0f} s: the browser was killed", pytrace=False)
