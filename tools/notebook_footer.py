"""Give every lesson and solution notebook the same licence footer, as its last cell.

Usage: ``.venv/bin/python tools/notebook_footer.py`` (write) or ``--check``
(exit 1 when a notebook lacks the footer or has an old one). Exercises are
generated from the solutions, so run ``make exercises`` after writing.

The footer is one Markdown cell with the id ``licence-footer``: the module's
licence (CC BY 4.0 for the text and notebooks, MIT for the code, the data's own
terms) and how to cite it. Only the notebook's last cell is written, so that
this tool never touches the lesson's own cells.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.notebooks import REPO_ROOT, notebook_paths

FOOTER_ID = "licence-footer"
FOOTER = (
    "---\n"
    "*Fight the cartels the way the world fought ISIS? A data module*, by the Cartel Lab "
    "contributors. Text, notebooks, exercises and the module's own tables: "
    "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) (reuse with attribution). "
    "Code: MIT ([`LICENSE`](../LICENSE)). Third-party data keep their own terms, listed per "
    "table in [`data/README.md`](../data/README.md). "
    "To cite the module: [`CITATION.cff`](../CITATION.cff)."
)
# The folders whose notebooks are written by hand; exercises/ is generated from solutions/.
SOURCE_FOLDERS = ("notebooks", "solutions")


def read_json(path: Path) -> dict[str, Any]:
    """A notebook as plain JSON, keys in the file's own order (so a rewrite changes only what we change)."""
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(notebook: dict[str, Any], path: Path) -> None:
    """Write a notebook as Jupyter does (one-space indent, UTF-8, final newline)."""
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def source_lines(text: str) -> list[str]:
    """A cell source as Jupyter stores it: lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def with_footer(notebook: dict[str, Any]) -> bool:
    """Make the footer the notebook's last cell; return True when anything changed."""
    cells = notebook["cells"]
    if cells and cells[-1].get("id") == FOOTER_ID and cells[-1].get("cell_type") == "markdown":
        if cell_source(cells[-1]) == FOOTER:
            return False
        cells[-1]["source"] = source_lines(FOOTER)
        return True
    cells[:] = [cell for cell in cells if cell.get("id") != FOOTER_ID]
    cells.append(
        {"cell_type": "markdown", "id": FOOTER_ID, "metadata": {}, "source": source_lines(FOOTER)}
    )
    return True


def footer_problems(path: Path) -> str:
    """'' when the notebook ends with the current footer, else what is wrong."""
    cells = read_json(path)["cells"]
    last = cells[-1] if cells else {}
    if last.get("id") != FOOTER_ID:
        return f"{path.relative_to(REPO_ROOT)}: the last cell is not the licence footer"
    if cell_source(last) != FOOTER:
        return f"{path.relative_to(REPO_ROOT)}: the licence footer is out of date"
    return ""


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, verify) the footer of every hand-written notebook."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a footer is missing")
    args = parser.parse_args(argv)
    paths = [path for folder in SOURCE_FOLDERS for path in notebook_paths(folder)]
    if args.check:
        problems = [problem for path in paths if (problem := footer_problems(path))]
        print("\n".join(problems) or "Every notebook ends with the licence footer.")
        return 1 if problems else 0
    for path in paths:
        notebook = read_json(path)
        if with_footer(notebook):
            write_json(notebook, path)
            print(f"footer written: {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
