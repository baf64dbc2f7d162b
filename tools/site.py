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
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.site_content import (
    PLACEHOLDER_REPO,
    REPO_NAME,
    REPO_ROOT,
    REPO_VARIABLE,
    SITE_CONFIG,
    WIDGET_STATE_MIME,
    Page,
    configured_repository,
    finish,
    landing_page,
    prepare,
    read_citation,
    site_pages,
)

DEFAULT_OUT = REPO_ROOT / "build" / "site"
STATIC_CHARTS_VARIABLE = "CARTEL_LAB_STATIC_CHARTS"  # read by cartel_lab/charts.py
BRANCH_VARIABLE = "SITE_BRANCH"
BULKY_STATE = ("_esm", "_css")  # anywidget's JavaScript bundle, the same in every chart


def inputs_hash(root: Path, page: Page) -> str:
    """What a run depends on: the notebook, the package, the data and these scripts."""
    digest = hashlib.sha256()
    files = [root / page.path, Path(__file__), Path(__file__).with_name("site_content.py")]
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
