"""The rendered edition (``make site``) is built and read in Chromium, offline, as a reader would.

The site is built once (``tools/site.py``, executed notebooks cached in
``build/site/executed/`` by their inputs; a fresh clone builds everything) and
served from 127.0.0.1; every request that does not go to that server is
blocked and recorded. For each page: its charts are drawn pictures with text
alternatives, its tables have rows, no error or traceback or raw widget repr
shows, its launch and download links work, and axe-core (pinned in
``package-lock.json``, ``make js``) finds no serious or critical violation. A
phone-width screenshot of one lesson goes to ``test-artifacts/site/``.

What each lesson should show is read from its notebook, not from the build:
a code cell ending in ``something_chart(...)`` draws a chart, one ending in
``readable(...)`` a table, one ending in ``something_explorer(...)`` or
``table_browser(...)`` a widget (at least that many of each must show).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from lab_harness import CHROMIUM_ARGS, REPO_ROOT
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

ARTIFACTS = REPO_ROOT / "test-artifacts" / "site"
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TEST_REPO = "example-org/cartel-lab"  # the launch links' repository in this build
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHART_CALL = re.compile(r"^[a-z_]+_chart\(.*\)$")
WIDGET_CALL = re.compile(r"^([a-z_]+_explorer|table_browser)\(.*\)$")
TABLE_CALL = re.compile(r"^readable\(.*\)$")
WIDGET_REPR = re.compile(
    r"\b(VBox|HBox|JupyterChart|Dropdown|ToggleButtons|IntSlider|IntRangeSlider|Output)\("
)


def notebooks(folder: str) -> list[Path]:
    """The repository's notebooks in ``folder`` (lessons 06 and 07 join when they exist)."""
    return sorted((REPO_ROOT / folder).glob("*.ipynb"))


def last_lines(path: Path) -> list[str]:
    """The last non-empty line of each code cell of a notebook."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            code = [line.strip() for line in cell.source.splitlines() if line.strip()]
            if code:
                lines.append(code[-1])
    return lines


def test_the_site_builds_every_lesson_and_exercise_and_no_solution(built_site: Path) -> None:
    """No browser needed: the pages and the blank downloads are there, solutions are not."""
    built = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*.html"))
    for path in notebooks("notebooks") + notebooks("exercises"):
        assert html_name(path) in built
        download = built_site / "downloads" / path.relative_to(REPO_ROOT)
        assert download.read_bytes() == path.read_bytes()
    assert "index.html" in built
    assert not [name for name in built if "solution" in name]
    assert not (built_site / "downloads" / "solutions").exists()
    assert not [path for path in built_site.rglob("*") if "solution" in path.name]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; says nothing on the test's output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tools/site.py`` run as ``make site`` runs it, into a temporary folder; its html/."""
    out = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "tools" / "site.py"),
            "--out",
            str(out),
            "--repo",
            TEST_REPO,
            "--cache",
            str(REPO_ROOT / "build" / "site" / "executed"),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "build.txt").write_text(
        f"{result.stdout.strip()}\nwall time {seconds:.1f} s\n", encoding="utf-8"
    )
    return out / "html"


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port) for the module's tests."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium_executable: str) -> Iterator[Browser]:
    """Headless Chromium, the project's flags (no background networking), from the session's
    one Playwright (tests/browser/conftest.py)."""
    launched = playwright.chromium.launch(
        executable_path=chromium_executable, headless=True, args=list(CHROMIUM_ARGS)
    )
    try:
        yield launched
    finally:
        launched.close()


class SiteReader:
    """Pages of the site in one viewport; every request outside the site is blocked."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context, self.base, self.blocked = context, base, []
        context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")

    def open(self, relative: str) -> Page:
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        response = page.goto(self.base + relative, wait_until="load")
        assert response is not None and response.ok, f"{relative}: {response and response.status}"
        page.wait_for_function("Array.from(document.images).every(image => image.complete)")
        return page


@pytest.fixture(scope="module")
def desktop(browser: Browser, site_url: str) -> Iterator[SiteReader]:
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield SiteReader(context, site_url)
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser: Browser, site_url: str) -> Iterator[SiteReader]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield SiteReader(context, site_url)
    finally:
        context.close()


# What a page shows, read in the page: charts (decoded), tables, outputs, links.
REPORT_JS = """
() => {
  const outputs = Array.from(document.querySelectorAll('.cell_output'));
  const charts = Array.from(document.querySelectorAll('.cell_output img.cartel-lab-chart')).map(img => {
    const source = img.getAttribute('src') || '';
    const svg = source.startsWith('data:image/svg+xml;base64,') ? atob(source.split(',')[1]) : '';
    return {
      alt: img.getAttribute('alt') || '',
      drawnWidth: img.naturalWidth,
      shownWidth: img.getBoundingClientRect().width,
      marks: (svg.match(/role="graphics-symbol"/g) || []).length,
    };
  });
  const tables = Array.from(document.querySelectorAll('.cell_output table')).map(
    table => table.querySelectorAll('tbody tr').length);
  const launch = document.querySelector('.bd-article a.cartel-lab-launch');
  const download = document.querySelector('.bd-article a.cartel-lab-download');
  return {
    charts,
    tables,
    liveNotes: document.querySelectorAll('.cell_output .cartel-lab-live-note').length,
    errors: document.querySelectorAll('.cell_output .output.error, .cell_output .output.traceback, .cell_output .output.stderr').length,
    outputText: outputs.map(output => output.innerText).join('\\n'),
    pageText: document.body.innerText,
    launch: launch ? launch.href : null,
    download: download ? download.href : null,
  };
}
"""


def page_report(reader: SiteReader, relative: str) -> dict[str, Any]:
    page = reader.open(relative)
    try:
        report = page.evaluate(REPORT_JS)
        if report["download"]:
            response = page.request.get(report["download"])
            report["downloadStatus"] = response.status
            report["downloadBody"] = response.body()
        return report
    finally:
        page.close()


def html_name(path: Path) -> str:
    return path.relative_to(REPO_ROOT).with_suffix(".html").as_posix()


def binder_link(path: Path) -> str:
    notebook = path.relative_to(REPO_ROOT).as_posix()
    return f"https://mybinder.org/v2/gh/{TEST_REPO}/main?urlpath=lab/tree/{notebook}"


def common_problems(report: dict[str, Any], path: Path) -> list[str]:
    """What no page may show: errors, tracebacks, raw widgets, a placeholder, broken links."""
    problems = []
    if report["errors"]:
        problems.append(f"{report['errors']} error or stderr outputs")
    if "Traceback" in report["outputText"] or re.search(r"\w+Error\b", report["outputText"]):
        problems.append("an error message in the outputs")
    if WIDGET_REPR.search(report["outputText"]) or "Loading widget" in report["outputText"]:
        problems.append("a raw widget repr in the outputs")
    if "OWNER/REPO" in report["pageText"]:
        problems.append("the OWNER/REPO placeholder")
    if report["launch"] != binder_link(path):
        problems.append(f"launch link {report['launch']!r}, expected {binder_link(path)!r}")
    if report.get("downloadStatus") != 200:
        problems.append(
            f"download link {report['download']!r} answered {report.get('downloadStatus')}"
        )
    elif report["downloadBody"] != path.read_bytes():
        problems.append("the download is not the repository's blank notebook")
    return problems


@pytest.mark.parametrize("path", notebooks("notebooks"), ids=lambda path: path.stem)
def test_each_lesson_page_shows_its_charts_tables_and_launch_link(
    desktop: SiteReader, path: Path
) -> None:
    report = page_report(desktop, html_name(path))
    lines = last_lines(path)
    expected_charts = sum(bool(CHART_CALL.match(line)) for line in lines)
    expected_widgets = sum(bool(WIDGET_CALL.match(line)) for line in lines)
    expected_tables = sum(bool(TABLE_CALL.match(line)) for line in lines)
    problems = common_problems(report, path)
    charts = report["charts"]
    if len(charts) < expected_charts:
        problems.append(f"{len(charts)} charts shown, the notebook draws {expected_charts}")
    for number, chart in enumerate(charts, 1):
        if chart["drawnWidth"] == 0 or chart["shownWidth"] < 100 or chart["marks"] < 1:
            problems.append(f"chart {number} is not drawn: {chart}")
        if len(chart["alt"]) < 40:
            problems.append(
                f"chart {number} has no written description as alt text: {chart['alt']!r}"
            )
    if len(report["tables"]) < expected_tables or not all(report["tables"]):
        problems.append(
            f"tables with rows: {report['tables']}, the notebook shows {expected_tables} tables"
        )
    # At least: a widget this test does not know by name (a new lesson's) gets a note too.
    if report["liveNotes"] < expected_widgets:
        problems.append(
            f"{report['liveNotes']} 'interactive in the live notebook' notes, "
            f"{expected_widgets} widgets in the notebook"
        )
    assert not problems, f"{html_name(path)}: " + "; ".join(problems)
    assert not desktop.blocked, f"requests outside the site: {desktop.blocked}"


@pytest.mark.parametrize("path", notebooks("exercises"), ids=lambda path: path.stem)
def test_each_exercise_page_is_blank_runs_clean_and_links_live(
    desktop: SiteReader, path: Path
) -> None:
    report = page_report(desktop, html_name(path))
    problems = common_problems(report, path)
    if (
        "submit()" in path.read_text(encoding="utf-8")
        and "Not run on this page." not in report["outputText"]
    ):
        problems.append("the submit() cell does not say it is not run here")
    assert not problems, f"{html_name(path)}: " + "; ".join(problems)
    assert not desktop.blocked, f"requests outside the site: {desktop.blocked}"


def test_the_landing_page_lists_the_lessons_in_teaching_order_with_licence_and_citation(
    desktop: SiteReader,
) -> None:
    page = desktop.open("index.html")
    try:
        rows = page.evaluate(
            "() => Array.from(document.querySelectorAll('.bd-article table tbody tr'))"
            ".map(row => Array.from(row.querySelectorAll('a')).map(a => a.getAttribute('href')))"
        )
        navigation = page.evaluate(
            "() => Array.from(document.querySelectorAll('.bd-sidebar-primary nav a.reference'))"
            ".map(a => a.getAttribute('href'))"
        )
        text = page.inner_text(".bd-article")
    finally:
        page.close()
    lessons = [html_name(path) for path in notebooks("notebooks")]
    assert [row[0] for row in rows] == lessons
    teaching_order = []
    exercises = {path.name[:2]: html_name(path) for path in notebooks("exercises")}
    for lesson in notebooks("notebooks"):
        teaching_order.append(html_name(lesson))
        if lesson.name[:2] in exercises:
            teaching_order.append(exercises[lesson.name[:2]])
    assert [href for href in navigation if href.endswith(".html")][-len(teaching_order) :] == (
        teaching_order
    )
    assert "MIT licence" in text and "CC BY 4.0" in text
    assert "Citation" in text and "solutions are not published" in text
    assert not desktop.blocked, f"requests outside the site: {desktop.blocked}"


def site_pages() -> list[str]:
    return ["index.html"] + [
        html_name(path) for path in notebooks("notebooks") + notebooks("exercises")
    ]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the open page (skip or fail without axe)."""
    if not AXE.exists():
        message = "axe-core is not installed: run `make js` (npm ci)"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}));
        }"""
    )


@pytest.mark.parametrize("relative", site_pages())
def test_axe_finds_no_serious_or_critical_violation(desktop: SiteReader, relative: str) -> None:
    page = desktop.open(relative)
    try:
        violations = axe_violations(page)
    finally:
        page.close()
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_finds_no_serious_or_critical_violation_in_dark_mode(desktop: SiteReader) -> None:
    """The theme's dark mode (its toggle is on every page), on the landing page and a lesson."""
    for relative in ("index.html", html_name(notebooks("notebooks")[-1])):
        page = desktop.open(relative)
        try:
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") != (
                "rgb(255, 255, 255)"
            ), "dark mode did not switch on"
            violations = axe_violations(page)
        finally:
            page.close()
        assert violations == [], f"{relative}: " + json.dumps(violations, indent=1)


def test_lessons_read_on_a_phone_without_sideways_scrolling(phone: SiteReader) -> None:
    """At 390 px wide no lesson page is wider than the screen; one screenshot and axe scan."""
    too_wide = {}
    shot = None
    for path in notebooks("notebooks"):
        page = phone.open(html_name(path))
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[path.stem] = width
            if shot is None and page.locator("img.cartel-lab-chart").count():
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                shot = ARTIFACTS / f"phone-{path.stem}.png"
                page.locator("img.cartel-lab-chart").first.scroll_into_view_if_needed()
                page.screenshot(path=str(shot))
                # Charts and tables scroll sideways in their boxes here: still accessible?
                violations = axe_violations(page)
                assert violations == [], json.dumps(violations, indent=1)
        finally:
            page.close()
    assert not too_wide, f"pages wider than a {PHONE['width']} px phone: {too_wide}"
    assert shot is not None and shot.stat().st_size > 10_000
    assert not phone.blocked, f"requests outside the site: {phone.blocked}"
