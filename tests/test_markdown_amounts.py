"""Amounts in Markdown render as text, not as maths, in JupyterLab.

JupyterLab typesets text between two ``$`` signs as maths, and a ``\\$`` shows
as a stray backslash-dollar or, worse, still opens maths ("81𝑚𝑖𝑙𝑙𝑖𝑜𝑛..."). So
amounts are written "US$ 81 million" (once in a paragraph) or "81 million US
dollars". Real maths (``$C_i$``, ``$$...$$``) stays allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tools.notebooks import REPO_ROOT

NOTEBOOKS = sorted(
    path
    for folder in ("notebooks", "exercises", "solutions")
    for path in (REPO_ROOT / folder).glob("*.ipynb")
)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_DISPLAY_MATHS = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_MATHS_SIGNS = re.compile(r"[\\_^{}=]")
_WORDS = re.compile(r"\d|[A-Za-z]{3,}\s+[A-Za-z]{2,}")


def amount_problems(markdown: str) -> list[str]:
    """What in one Markdown cell would render an amount as maths (or show a backslash)."""
    text = _DISPLAY_MATHS.sub(" ", _CODE.sub(" ", markdown))
    problems = [f"\\$ before {text[m.end() : m.end() + 20]!r}" for m in re.finditer(r"\\\$", text)]
    text = text.replace("\\$", " ")
    for paragraph in re.split(r"\n\s*\n", text):
        signs = [m.start() for m in re.finditer(r"\$", paragraph)]
        for start, end in zip(signs[::2], signs[1::2], strict=False):
            inside = paragraph[start + 1 : end]
            if _WORDS.search(inside) and not _MATHS_SIGNS.search(inside):
                problems.append(f"maths between $...$: {paragraph[start : end + 1][:60]!r}")
    return problems


def test_the_finder_tells_amounts_from_maths() -> None:
    assert amount_problems("about \\$81 million") == ["\\$ before '81 million'"]
    assert amount_problems("from $81 million to $16 million a month")
    assert amount_problems("US$ 81 million, then US$ 16 million")
    assert amount_problems("about US$ 81 million a month") == []
    assert amount_problems("81 million US dollars") == []
    assert amount_problems("group *i* with $C_i$ members, all groups $T$") == []
    assert amount_problems("$$\\frac{dC}{dt} = C$$ and `df['$']` in code") == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_amount_renders_as_maths(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    problems = [
        f"cell {index}: {problem}"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown"
        for problem in amount_problems(cell.source)
    ]
    assert not problems, "\n".join(problems)
