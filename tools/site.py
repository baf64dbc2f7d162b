"""Build the rendered edition of the module (``make site``): every lesson and exercise as a web page.

The site is built by Sphinx with MyST-NB (the engine of Jupyter Book 1; see
README "A readable edition" for why not Jupyter Book 2) from notebooks this
script has executed once, so Sphinx never runs a kernel:

1. every notebook in ``notebooks/`` and ``exercises/`` (whatever exists: new
   lessons join by themselves, in teaching order) runs in a fresh kernel, two
   at a time, with ``CARTEL_LAB_STATIC_CHARTS=1``: the package then draws each
   chart as an SVG picture whose text alternative is the chart's description
   (``cartel_lab.charts.static_chart_html``), so no chart needs a kernel,
   JavaScript or the internet. Runs are cached in ``build/site/executed/`` by
   a hash of the notebook, the package and the data;
2. outputs that need a kernel (ipywidgets, ``alt.JupyterChart``) become a note
   that the explorer is interactive in the live notebook, with the launch link,
   followed by what it shows as it starts (its charts as pictures, its HTML
   panes; from the widget state nbclient stores);
   ``submit()`` cells are not run (they would pack a zip) and say what they do;
3. each page gets, under its title, a link to open that notebook live on
   Binder (when a repository is configured, see :func:`configured_repository`)
   and a link to download the blank notebook;
4. a landing page lists the lessons and exercises, the licence and the citation;
5. ``sphinx-build`` writes the HTML to ``build/site/html/`` with the theme in
   ``site/`` (``conf.py``, ``_static/cartel-lab.css``).

Exercises are rendered blank, as students get them; solutions are never part of
the site.

    .venv/bin/python tools/site.py [--out build/site] [--repo owner/name]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO_ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = REPO_ROOT / "site"
DEFAULT_OUT = REPO_ROOT / "build" / "site"
SITE_FOLDERS = ("notebooks", "exercises")  # never solutions/
STATIC_CHARTS_VARIABLE = "CARTEL_LAB_STATIC_CHARTS"  # read by cartel_lab/charts.py
REPO_VARIABLE = "SITE_REPO"
BRANCH_VARIABLE = "SITE_BRANCH"
PLACEHOLDER_REPO = "OWNER/REPO"
REPO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")
BINDER_IN_README = re.compile(r"mybinder\.org/v2/gh/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
BULKY_STATE = ("_esm", "_css")  # anywidget's JavaScript bundle, the same in every chart
SKIP_TAG = "skip-execution"  # nbclient leaves cells with this tag unrun
SUBMIT_CALL = re.compile(r"^\s*submit\(", re.MULTILINE)
NUMBER = re.compile(r"^(\d\d)-")


@dataclass(frozen=True)
class Page:
    """One notebook of the site: where it is in the repository and what it is called."""

    path: Path  # relative to the repository, e.g. notebooks/02-violence-in-numbers.ipynb
    title: str
    number: str  # "02"

    @property
    def is_exercise(self) -> bool:
        """True for a notebook of exercises/."""
        return self.path.parts[0] == "exercises"

    @property
    def docname(self) -> str:
        """The page's name in the site, e.g. notebooks/02-violence-in-numbers."""
        return self.path.with_suffix("").as_posix()


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's H1 (first Markdown line starting with "# "), else ``fallback``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def site_pages(root: Path = REPO_ROOT) -> list[Page]:
    """Every lesson and exercise, in teaching order: lesson NN, then its exercise, then NN+1."""
    pages = []
    for folder in SITE_FOLDERS:
        for path in sorted((root / folder).glob("*.ipynb")):
            match = NUMBER.match(path.name)
            notebook = nbformat.read(path, as_version=4)
            pages.append(
                Page(
                    path.relative_to(root),
                    notebook_title(notebook, path.stem),
                    match.group(1) if match else "",
                )
            )
    return sorted(pages, key=lambda page: (page.number, page.is_exercise, page.path.name))


def configured_repository(root: Path = REPO_ROOT, environ: dict[str, str] | None = None) -> str:
    """The GitHub repository ("owner/name") the launch links open, or "" when none is set.

    ``SITE_REPO`` wins (``make site SITE_REPO=owner/name``; the Pages workflow
    passes the repository it runs in); otherwise the Binder badge of the
    README (``make binder-link REPO=owner/name`` writes it), unless it still
    holds the ``OWNER/REPO`` placeholder.
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(REPO_VARIABLE, "").strip()
    if chosen:
        if not REPO_NAME.fullmatch(chosen) or chosen == PLACEHOLDER_REPO:
            raise SystemExit(f"{REPO_VARIABLE} must look like owner/name, not {chosen!r}")
        return chosen
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    for found in BINDER_IN_README.findall(text):
        if found != PLACEHOLDER_REPO:
            return found
    return ""


def binder_url(repo: str, path: str, branch: str = "main") -> str:
    """The Binder link that opens ``path`` (relative to the repository) in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{path}"


def launch_html(page: Page, repo: str, branch: str = "main", depth: int = 1) -> str:
    """The box under a page's title: open the notebook live, or download it blank.

    ``depth`` is how many folders down the page is (its links are relative, so
    the site works from any address, a file or a sub-path of GitHub Pages).
    """
    path = page.path.as_posix()
    download = "../" * depth + f"downloads/{path}"
    kind = "exercise" if page.is_exercise else "lesson"
    if repo:
        live = (
            f'<a class="cartel-lab-launch" href="{html.escape(binder_url(repo, path, branch))}">'
            f"Open this {kind} live on Binder</a> (it takes a minute or two to start; nothing "
            "to install)"
        )
    else:
        live = (
            f'<span class="cartel-lab-launch">To open this {kind} live</span>, download it and '
            "open it in JupyterLab on your own computer or your course's hub (in a clone of "
            "the repository, <code>make lab</code> sets everything up), or use the Binder link "
            "in the repository's README"
        )
    return (
        '<div class="cartel-lab-launch-box" role="note">\n'
        f"<p><strong>Read here, run live.</strong> This page shows the {kind} with every cell "
        f"already run. {live}. "
        f'<a class="cartel-lab-download" href="{html.escape(download)}" '
        f'download="{html.escape(page.path.name)}">Download the notebook '
        f"({html.escape(page.path.name)})</a>"
        + (", blank, as students get it" if page.is_exercise else "")
        + ".</p>\n</div>"
    )


def widget_snapshot(state: dict[str, Any], model_id: str) -> list[str]:
    """The explorer as it starts: each chart it holds as a picture, each HTML pane as it is.

    ``state`` is the widget state nbclient stored (model id -> model); the
    walk follows ``children`` in order. Controls (menus, sliders) need a
    kernel and are left out; the note above the snapshot says so.
    """
    from cartel_lab.charts import static_chart_html  # Altair, only when a widget is shown

    model = state.get(model_id, {}).get("state", {})
    if model.get("_anywidget_id", "").endswith("JupyterChart") and model.get("spec"):
        spec = copy.deepcopy(model["spec"])
        values = model.get("_params") or {}
        for param in spec.get("params", []):
            if param.get("name") in values:
                param["value"] = values[param["name"]]
        return [static_chart_html(spec)["text/html"]]
    if model.get("_model_name") == "HTMLModel":
        return [model.get("value", "")]
    parts = []
    for child in model.get("children", []):
        parts += widget_snapshot(state, str(child).removeprefix("IPY_MODEL_"))
    return parts


def live_note_html(page: Page, repo: str, branch: str = "main", snapshot: bool = False) -> str:
    """What stands in for an interactive widget: it needs a kernel, so it is live-only.

    With ``snapshot``, the note says that what follows is the explorer as it starts.
    """
    if repo:
        where = (
            f'<a href="{html.escape(binder_url(repo, page.path.as_posix(), branch))}">'
            "open this notebook live on Binder</a>"
        )
    else:
        where = "open this notebook live in JupyterLab (see the box under the title)"
    return (
        '<div class="cartel-lab-live-note" role="note"><p><strong>Interactive in the live '
        "notebook.</strong> This explorer has controls that need a running Python kernel: "
        f"{where} to use them."
        + (" Below, what it shows as it starts." if snapshot else "")
        + "</p></div>"
    )


SUBMIT_NOTE = (
    '<div class="cartel-lab-live-note" role="note"><p><strong>Not run on this page.</strong> '
    "In the live notebook, <code>submit()</code> packs your saved notebook, an HTML copy and "
    "your self-check results into one zip file for you to hand in.</p></div>"
)


def _html_output(markup: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data", data={"text/html": markup, "text/plain": re.sub(r"<[^>]+>", "", markup)}
    )


def prepare(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy to execute: ``submit()`` cells tagged so nbclient does not run them."""
    ready = copy.deepcopy(notebook)
    for cell in ready.cells:
        if cell.cell_type == "code" and SUBMIT_CALL.search(cell.source):
            tags = cell.metadata.setdefault("tags", [])
            if SKIP_TAG not in tags:
                tags.append(SKIP_TAG)
    return ready


def finish(notebook: nbformat.NotebookNode, page: Page, repo: str, branch: str) -> None:
    """Make an executed notebook a page: launch box, live-only notes, no widget state."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if SKIP_TAG in cell.metadata.get("tags", []):
            cell.outputs = [_html_output(SUBMIT_NOTE)] if SUBMIT_CALL.search(cell.source) else []
            continue
        outputs = []
        for output in cell.outputs:
            if WIDGET_MIME in output.get("data", {}):
                model_id = output["data"][WIDGET_MIME].get("model_id", "")
                snapshot = "\n".join(widget_snapshot(state, model_id))
                markup = live_note_html(page, repo, branch, snapshot=bool(snapshot))
                if snapshot:
                    # Focusable: on a phone it scrolls sideways, and keyboards must reach it.
                    markup += (
                        '\n<div class="cartel-lab-widget-start" tabindex="0" role="region" '
                        f'aria-label="The explorer as it starts">{snapshot}</div>'
                    )
                output = _html_output(markup)
            outputs.append(output)
        cell.outputs = outputs
    notebook.metadata.pop("widgets", None)
    first = notebook.cells[0] if notebook.cells else None
    box = nbformat.v4.new_markdown_cell(launch_html(page, repo, branch))
    if first is not None and first.cell_type == "markdown" and first.source.startswith("# "):
        title, _, rest = first.source.partition("\n")
        first.source = title
        extra = [nbformat.v4.new_markdown_cell(rest.strip())] if rest.strip() else []
        notebook.cells[1:1] = [box, *extra]
    else:
        notebook.cells.insert(0, box)


def inputs_hash(root: Path, page: Page) -> str:
    """What a run depends on: the notebook, the package and the data (so a cached run is fresh)."""
    digest = hashlib.sha256()
    files = [root / page.path, Path(__file__)]
    for folder in ("cartel_lab", "data"):
        files += sorted(
            p for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        )
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:20]


async def _execute(path: Path, notebook: nbformat.NotebookNode, gate: asyncio.Semaphore) -> None:
    async with gate:
        client = NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            store_widget_state=True,  # what each explorer shows as it starts
            resources={"metadata": {"path": str(path.parent)}},
        )
        # The kernel's environment, not ours: the package draws charts as pictures.
        await client.async_execute(env={**os.environ, STATIC_CHARTS_VARIABLE: "1"})
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for model in state.values():
        for key in BULKY_STATE:
            model.get("state", {}).pop(key, None)


def execute_all(
    root: Path, pages: Sequence[Page], cache: Path, workers: int = 2
) -> dict[Page, nbformat.NotebookNode]:
    """Run every page's notebook (``workers`` kernels at a time); reuse cached runs."""
    cache.mkdir(parents=True, exist_ok=True)
    results: dict[Page, nbformat.NotebookNode] = {}
    to_run: dict[Page, tuple[Path, nbformat.NotebookNode]] = {}
    for page in pages:
        cached = cache / f"{page.path.stem}-{inputs_hash(root, page)}.ipynb"
        if cached.exists():
            results[page] = nbformat.read(cached, as_version=4)
        else:
            notebook = prepare(nbformat.read(root / page.path, as_version=4))
            to_run[page] = (cached, notebook)

    async def run() -> None:
        gate = asyncio.Semaphore(workers)
        await asyncio.gather(
            *(_execute(root / page.path, notebook, gate) for page, (_, notebook) in to_run.items())
        )

    if to_run:
        asyncio.run(run())
    for page, (cached, notebook) in to_run.items():
        for stale in cache.glob(f"{page.path.stem}-*.ipynb"):
            stale.unlink()
        nbformat.write(notebook, cached)
        results[page] = notebook
    return results


def read_citation(root: Path) -> dict[str, str]:
    """Title, authors, version and year from CITATION.cff, if the repository has one."""
    path = root / "CITATION.cff"
    if not path.exists():
        return {}
    import yaml  # PyYAML, already installed with the development tools

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names = []
    for author in data.get("authors", []):
        name = author.get("name") or " ".join(
            part for part in (author.get("given-names"), author.get("family-names")) if part
        )
        if name:
            names.append(name)
    released = str(data.get("date-released", ""))
    return {
        "title": str(data.get("title", "")),
        "authors": ", ".join(names),
        "version": str(data.get("version", "")),
        "year": released[:4],
        "url": str(data.get("repository-code") or data.get("url") or ""),
    }


def landing_page(pages: Sequence[Page], repo: str, citation: dict[str, str], branch: str) -> str:
    """The landing page (MyST Markdown): the lesson table, licence, citation and the page tree."""
    template = (SITE_CONFIG / "index.md").read_text(encoding="utf-8")
    lessons = [page for page in pages if not page.is_exercise]
    exercises = {page.number: page for page in pages if page.is_exercise}
    rows = ["| # | lesson | exercise (blank, as students get it) |", "|---|---|---|"]
    for lesson in lessons:
        exercise = exercises.get(lesson.number)
        rows.append(
            f"| {lesson.number} | [{lesson.title}]({lesson.path.as_posix()}) | "
            + (f"[{exercise.title}]({exercise.path.as_posix()})" if exercise else "none")
            + " |"
        )
    toctree = "\n".join(
        ["```{toctree}", ":hidden:", ":caption: Lessons and exercises, in teaching order", ""]
        + [page.docname for page in pages]
        + ["```"]
    )
    if repo:
        repository = f"[github.com/{repo}](https://github.com/{repo})"
        licence_files = (
            f"[LICENSE](https://github.com/{repo}/blob/{branch}/LICENSE) in the repository"
        )
    else:
        repository = "the module's repository"
        licence_files = "the LICENSE files of the repository"
    if citation.get("title"):
        cite = (
            f"{citation.get('authors') or 'Cartel Lab contributors'}"
            f"{' (' + citation['year'] + ')' if citation.get('year') else ''}. "
            f"*{citation['title']}*"
            f"{', version ' + citation['version'] if citation.get('version') else ''}. "
            f"{citation.get('url') or repository}. The repository's `CITATION.cff` has the "
            "details (GitHub shows it as *Cite this repository*)."
        )
    else:
        cite = (
            "*Fight the cartels the way the world fought ISIS? A data module*, "
            f"{repository}. Cite the version you used (the release or commit)."
        )
    return (
        template.replace("<!-- LESSON TABLE -->", "\n".join(rows))
        .replace("<!-- LICENCE FILES -->", licence_files)
        .replace("<!-- CITATION -->", cite)
        .replace("<!-- TOCTREE -->", toctree)
    )


def write_source(
    root: Path,
    source: Path,
    pages: Sequence[Page],
    executed: dict[Page, nbformat.NotebookNode],
    repo: str,
    branch: str,
) -> None:
    """The Sphinx source folder: executed pages, blank downloads and the landing page."""
    if source.exists():
        shutil.rmtree(source)
    for page in pages:
        notebook = copy.deepcopy(executed[page])
        finish(notebook, page, repo, branch)
        target = source / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        blank = source / "_downloads_extra" / "downloads" / page.path
        blank.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / page.path, blank)
    citation = read_citation(root)
    (source / "index.md").write_text(landing_page(pages, repo, citation, branch), encoding="utf-8")


def build(
    out: Path = DEFAULT_OUT,
    repo: str | None = None,
    root: Path = REPO_ROOT,
    cache: Path | None = None,
) -> Path:
    """Build the site into ``out/html``; return that folder. Prints what took how long.

    Executed notebooks are kept in ``cache`` (default ``out/executed``) and
    reused while the notebook, the package, the data and this script are unchanged.
    """
    started = time.perf_counter()
    repo = configured_repository(root) if repo is None else repo
    branch = os.environ.get(BRANCH_VARIABLE, "main").strip() or "main"
    pages = site_pages(root)
    executed = execute_all(root, pages, cache or out / "executed")
    ran = time.perf_counter()
    source, html_dir = out / "source", out / "html"
    write_source(root, source, pages, executed, repo, branch)
    if html_dir.exists():
        shutil.rmtree(html_dir)
    env = {**os.environ, REPO_VARIABLE: repo}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-c",
            str(SITE_CONFIG),
            str(source),
            str(html_dir),
        ],
        check=True,
        env=env,
    )
    done = time.perf_counter()
    print(
        f"Site: {len(pages)} pages in {html_dir} "
        f"(notebooks {ran - started:.1f} s, Sphinx {done - ran:.1f} s, "
        f"repository: {repo or 'none configured'})"
    )
    return html_dir


def main(argv: Iterable[str] | None = None) -> None:
    """Command line: ``tools/site.py [--out DIR] [--repo owner/name]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="build folder (default build/site)"
    )
    parser.add_argument(
        "--repo",
        default=None,
        help="owner/name for the launch links (else SITE_REPO, else the README's Binder badge)",
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="executed notebooks (default OUT/executed)"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    repo = args.repo.strip() if args.repo else None
    if repo and (not REPO_NAME.fullmatch(repo) or repo == PLACEHOLDER_REPO):
        raise SystemExit(f"--repo must look like owner/name, not {repo!r}")
    build(args.out, repo, cache=args.cache)


if __name__ == "__main__":
    main()
