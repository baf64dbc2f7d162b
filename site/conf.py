"""Sphinx configuration of the module's rendered edition (``make site``, tools/site.py).

tools/site.py writes the source folder (executed notebooks and the landing
page) and runs ``sphinx-build -c site``: this file and ``_static/`` are the
theme. The notebooks are already executed, so MyST-NB never starts a kernel.
Nothing here loads from the internet: no widget JavaScript, no MathJax, no
web fonts beyond those the theme ships.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

project = "Fight the cartels the way the world fought ISIS? A data module"
author = "Cartel Lab contributors"
copyright = "Cartel Lab contributors; code MIT, text CC BY 4.0"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_downloads_extra", "**.ipynb_checkpoints"]

# The notebooks were executed by tools/site.py; MyST-NB only renders them.
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # widgets are replaced by a note; no widget manager from a CDN
nb_output_stderr = "show"
myst_enable_extensions: list[str] = []  # no dollar maths: "US$ 81 million" stays text
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "misc.highlighting_failure"]

html_theme = "sphinx_book_theme"
html_title = "Fight the cartels the way the world fought ISIS?"
html_static_path = ["_static"]
templates_path = ["_templates"]  # search-button-field.html: a fix for axe-core
html_css_files = ["cartel-lab.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = True
html_last_updated_fmt = None
html_context = {"default_mode": "light"}
_repo = os.environ.get("SITE_REPO", "")
html_theme_options = {
    "repository_url": f"https://github.com/{_repo}" if _repo else "",
    "use_repository_button": bool(_repo),
    "use_download_button": False,  # each page has its own link to the blank notebook
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "pygments_light_style": "a11y-high-contrast-light",
    "pygments_dark_style": "a11y-high-contrast-dark",
}
# Sphinx adds MathJax from a CDN to any page with maths; there must be none.
mathjax_path = "no-mathjax-offline.js"


def _extra_path(app: Sphinx, config: Config) -> None:
    """The blank notebooks (``downloads/``) are copied next to the pages, as they are."""
    config.html_extra_path = [str(Path(app.srcdir) / "_downloads_extra")]


def setup(app: Sphinx) -> None:
    """Register the hook that adds the downloads folder."""
    app.connect("config-inited", _extra_path)
