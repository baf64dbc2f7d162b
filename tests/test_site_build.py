"""The rendered edition's parts, without building it: the chart hook, the launch links, the pages.

The build itself and what a reader sees in Chromium are tested in
``tests/browser/test_site.py``. Expected values here are written out.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cartel_lab.charts import static_chart_html
from tools import site_content as site
from tools.notebooks import REPO_ROOT

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "title": {"text": "Three bars <b>", "subtitle": ["Source: a test"]},
    "description": 'Bar chart of a, b and c <script>alert("x")</script>',
    "data": {"values": [{"k": "a", "n": 1}, {"k": "b", "n": 2}, {"k": "c", "n": 3}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "k", "type": "nominal"},
        "y": {"field": "n", "type": "quantitative"},
    },
}


def _decoded_svg(markup: str) -> str:
    source = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', markup)
    assert source, markup[:200]
    return base64.b64decode(source.group(1)).decode("utf-8")


def test_a_static_chart_is_a_drawn_svg_picture_with_its_description_as_alt_text() -> None:
    bundle = static_chart_html(SPEC)
    markup = bundle["text/html"]
    assert markup.startswith('<img class="cartel-lab-chart" alt="Bar chart of a, b and c ')
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup  # escaped, not run
    assert "<script>" not in markup
    svg = _decoded_svg(markup)
    assert svg.startswith("<svg")
    bars = re.findall(
        r'aria-label="([^"]+)" role="graphics-symbol" aria-roledescription="bar"', svg
    )
    assert bars == ["k: a; n: 1", "k: b; n: 2", "k: c; n: 3"]  # the three bars are drawn
    assert "Three bars &lt;b&gt;" in svg
    assert bundle["text/plain"] == "Chart: Three bars <b>"


def test_a_chart_without_description_takes_its_title_as_alt_text() -> None:
    spec = {key: value for key, value in SPEC.items() if key != "description"}
    assert 'alt="Three bars &lt;b&gt;"' in static_chart_html(spec)["text/html"]
    for title, text in (("One line", "One line"), (["Two", "lines"], "Two lines")):
        shown = static_chart_html({**spec, "title": title})
        assert f'alt="{text}"' in shown["text/html"] and shown["text/plain"] == f"Chart: {text}"
    shown = static_chart_html({**spec, "title": {"text": ["A", "title"], "subtitle": "x"}})
    assert shown["text/plain"] == "Chart: A title"
    untitled = {key: value for key, value in spec.items() if key != "title"}
    shown = static_chart_html(untitled)
    assert 'alt="Chart"' in shown["text/html"] and shown["text/plain"] == "Chart: "


@pytest.mark.parametrize(("value", "renderer"), [("1", "cartel_lab_static"), ("", "jupyter")])
def test_the_environment_variable_alone_switches_charts_to_pictures(
    value: str, renderer: str
) -> None:
    """Students' kernels keep the live renderer; only the site's build draws pictures."""
    code = "import altair, cartel_lab.charts; print(altair.renderers.active)"
    env = {**os.environ, "CARTEL_LAB_STATIC_CHARTS": value}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO_ROOT
    )
    assert result.stdout.strip().splitlines()[-1] == renderer, result.stderr[-2000:]


def _readme(tmp_path: Path, text: str) -> Path:
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    return tmp_path


BADGE = "[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/{}/main?urlpath=lab)"


def test_the_repository_comes_from_site_repo_first_then_the_readme_badge(tmp_path: Path) -> None:
    root = _readme(tmp_path, BADGE.format("uni-example/cartel-lab"))
    assert site.configured_repository(root, {}) == "uni-example/cartel-lab"
    assert site.configured_repository(root, {"SITE_REPO": "other/fork"}) == "other/fork"


def test_the_placeholder_is_no_repository(tmp_path: Path) -> None:
    root = _readme(tmp_path, "`https://mybinder.org/v2/gh/OWNER/REPO/main?urlpath=lab`")
    assert site.configured_repository(root, {}) == ""
    with pytest.raises(SystemExit, match="owner/name"):
        site.configured_repository(root, {"SITE_REPO": "OWNER/REPO"})
    with pytest.raises(SystemExit, match="owner/name"):
        site.configured_repository(root, {"SITE_REPO": "no-slash"})


LESSON = site.Page(Path("notebooks/02-violence-in-numbers.ipynb"), "02 · The violence", "02")
EXERCISE = site.Page(Path("exercises/02-violence-in-numbers-exercise.ipynb"), "Exercise 02", "02")


def test_the_launch_box_opens_the_notebook_on_binder_and_downloads_it_blank() -> None:
    box = site.launch_html(LESSON, "uni-example/cartel-lab")
    assert (
        'href="https://mybinder.org/v2/gh/uni-example/cartel-lab/main?urlpath=lab/tree/'
        'notebooks/02-violence-in-numbers.ipynb"'
    ) in box
    assert 'href="../downloads/notebooks/02-violence-in-numbers.ipynb"' in box
    assert 'download="02-violence-in-numbers.ipynb"' in box
    assert "blank" not in box
    assert "blank, as students get it" in site.launch_html(EXERCISE, "uni-example/cartel-lab")


def test_without_a_repository_the_launch_box_says_how_to_open_it_and_shows_no_placeholder() -> None:
    box = site.launch_html(LESSON, "")
    assert "mybinder" not in box and "OWNER" not in box
    assert "To open this lesson live</span>, download it and open it in JupyterLab" in box
    assert "<code>make lab</code>" in box
    assert 'href="../downloads/notebooks/02-violence-in-numbers.ipynb"' in box


def _widget_state() -> dict:
    """A VBox holding a menu, a JupyterChart (its parameter moved) and an HTML pane."""
    spec = {
        **SPEC,
        "params": [{"name": "pick", "value": "a"}],
        "encoding": {
            **SPEC["encoding"],
            "color": {
                "condition": {"test": "datum.k == pick", "value": "#d55e00"},
                "value": "#bbbbbb",
            },
        },
    }
    models = {
        "box": {"_model_name": "VBoxModel", "children": ["IPY_MODEL_menu", "IPY_MODEL_chart"]},
        "menu": {"_model_name": "DropdownModel", "_options_labels": ["a", "b"]},
        "chart": {
            "_model_name": "AnyModel",
            "_anywidget_id": "altair.jupyter.jupyter_chart.JupyterChart",
            "spec": spec,
            "_params": {"pick": "b"},
        },
        "pane": {"_model_name": "HTMLModel", "value": "<table><tr><td>row</td></tr></table>"},
    }
    models["box"]["children"].append("IPY_MODEL_pane")
    return {"state": {key: {"state": value} for key, value in models.items()}}


def test_an_explorer_is_shown_as_it_starts_charts_as_pictures_and_html_panes() -> None:
    parts = site.widget_snapshot(_widget_state()["state"], "box")
    assert len(parts) == 2
    assert parts[0].startswith('<img class="cartel-lab-chart" alt="Bar chart of a, b and c ')
    highlighted = re.findall(r'aria-label="([^"]+)"[^>]*fill="#d55e00"', _decoded_svg(parts[0]))
    assert highlighted == ["k: b; n: 2"]  # the parameter as the widget last set it, not "a"
    assert parts[1] == "<table><tr><td>row</td></tr></table>"
    assert site.widget_snapshot(_widget_state()["state"], "menu") == []
    assert site.widget_snapshot({}, "gone") == []


def _executed_notebook() -> nbformat.NotebookNode:
    widget = nbformat.v4.new_output(
        "display_data",
        data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "box", "version_major": 2},
            "text/plain": "VBox(children=(Dropdown(options=('a',), value='a'),))",
        },
    )
    table = nbformat.v4.new_output("execute_result", data={"text/html": "<table></table>"})
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 02 · The violence\n\n> **Questions**"),
            nbformat.v4.new_code_cell("claim_vs_data_explorer()", outputs=[widget]),
            nbformat.v4.new_code_cell("readable(x)", outputs=[table]),
            nbformat.v4.new_code_cell("submit()"),
        ]
    )
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": _widget_state()}
    return notebook


def test_submit_cells_are_not_run_by_the_build() -> None:
    prepared = site.prepare(_executed_notebook())
    tags = [cell.metadata.get("tags", []) for cell in prepared.cells]
    assert tags == [[], [], [], ["skip-execution"]]


def test_a_page_gets_the_launch_box_under_its_title_and_notes_for_what_needs_a_kernel() -> None:
    notebook = site.prepare(_executed_notebook())
    site.finish(notebook, LESSON, "uni-example/cartel-lab", "main")
    sources = [cell.source for cell in notebook.cells]
    assert sources[0] == "# 02 · The violence"
    assert sources[1].startswith('<div class="cartel-lab-launch-box"')
    assert sources[2] == "> **Questions**"
    widget_output, table_output, submit_output = (
        notebook.cells[3].outputs,
        notebook.cells[4].outputs,
        notebook.cells[5].outputs,
    )
    note = widget_output[0]["data"]["text/html"]
    assert "Interactive in the live notebook." in note
    assert "https://mybinder.org/v2/gh/uni-example/cartel-lab/main" in note
    assert "Below, what it shows as it starts.</p></div>\n" in note
    assert note.count('<img class="cartel-lab-chart"') == 1
    assert note.endswith("<table><tr><td>row</td></tr></table></div>")
    assert '<div class="cartel-lab-widget-start" tabindex="0" role="region"' in note
    assert "VBox" not in str(widget_output)
    assert table_output[0]["data"]["text/html"] == "<table></table>"
    assert "Not run on this page." in submit_output[0]["data"]["text/html"]
    assert "widgets" not in notebook.metadata


def _notebook_file(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cell = nbformat.v4.new_markdown_cell(f"# {title}\n\ntext")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)


def test_every_notebook_joins_in_teaching_order_and_no_solution(tmp_path: Path) -> None:
    """Lessons 06 and 07 (or any later one) join without editing the site's configuration."""
    for name in ("00-start", "01-arg", "06-analogy", "07-policy"):
        _notebook_file(tmp_path / "notebooks" / f"{name}.ipynb", f"Lesson {name}")
    for name in ("01-arg-exercise", "06-analogy-exercise"):
        _notebook_file(tmp_path / "exercises" / f"{name}.ipynb", f"Exercise {name}")
    _notebook_file(tmp_path / "solutions" / "01-arg-solution.ipynb", "Solution")
    pages = site.site_pages(tmp_path)
    assert [page.path.as_posix() for page in pages] == [
        "notebooks/00-start.ipynb",
        "notebooks/01-arg.ipynb",
        "exercises/01-arg-exercise.ipynb",
        "notebooks/06-analogy.ipynb",
        "exercises/06-analogy-exercise.ipynb",
        "notebooks/07-policy.ipynb",
    ]
    assert pages[3].title == "Lesson 06-analogy"


def test_the_landing_page_lists_each_lesson_with_its_exercise(tmp_path: Path) -> None:
    for name in ("00-start", "01-arg"):
        _notebook_file(tmp_path / "notebooks" / f"{name}.ipynb", f"Lesson {name}")
    _notebook_file(tmp_path / "exercises" / "01-arg-exercise.ipynb", "Exercise 01")
    page = site.landing_page(site.site_pages(tmp_path), "uni-example/cartel-lab", {}, "main")
    assert "| 00 | [Lesson 00-start](notebooks/00-start.ipynb) | none |" in page
    assert (
        "| 01 | [Lesson 01-arg](notebooks/01-arg.ipynb) | "
        "[Exercise 01](exercises/01-arg-exercise.ipynb) |"
    ) in page
    assert "https://github.com/uni-example/cartel-lab/blob/main/LICENSE" in page
    assert "notebooks/00-start\nnotebooks/01-arg\nexercises/01-arg-exercise\n```" in page
    assert "<!--" not in page  # every placeholder filled


def test_the_citation_comes_from_citation_cff_when_there_is_one(tmp_path: Path) -> None:
    (tmp_path / "CITATION.cff").write_text(
        "cff-version: 1.2.0\ntitle: A module\nversion: 1.0.0\ndate-released: 2026-12-01\n"
        "authors:\n  - name: Cartel Lab contributors\n"
        "repository-code: https://github.com/uni-example/cartel-lab\n",
        encoding="utf-8",
    )
    citation = site.read_citation(tmp_path)
    page = site.landing_page([], "", citation, "main")
    assert (
        "Cartel Lab contributors (2026). *A module*, version 1.0.0. "
        "https://github.com/uni-example/cartel-lab."
    ) in page
    assert site.read_citation(tmp_path / "nowhere") == {}
