"""What the rendered edition's pages hold (tools/site.py builds it; README "A readable edition").

- :func:`site_pages`: every lesson and exercise, in teaching order;
- :func:`configured_repository`: the GitHub repository the launch links open;
- :func:`prepare` and :func:`finish`: a notebook before and after its run
  (``submit()`` not run; widgets replaced by a live-notebook note and what
  they show as they start; the launch box under the title);
- :func:`landing_page`: the lesson table, the licence and the citation.
"""

from __future__ import annotations

import copy
import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = REPO_ROOT / "site"
SITE_FOLDERS = ("notebooks", "exercises")  # never solutions/
PLACEHOLDER_REPO = "OWNER/REPO"
REPO_VARIABLE = "SITE_REPO"
REPO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")
BINDER_IN_README = re.compile(r"mybinder\.org/v2/gh/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
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
