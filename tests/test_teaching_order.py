"""Teach before you test: every operation a solution uses is shown in a lesson first.

For each solution ``solutions/NN-...``, the functions and methods its code cells
call (``len(``, ``.value_counts(``, ``.tolist(``) and the indexers it uses
(``.loc[``) are collected from the code with ``ast``. Each must appear in the
code of a lesson ``notebooks/00`` .. ``notebooks/NN`` and be named in that
lesson's Markdown or in a comment (the line that explains it). The checks
(``check``, ``progress``, ``submit``) and names the solution defines itself
are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from tests.notebook_runs import notebook_id
from tools.notebooks import notebook_paths

IGNORED = {"check", "progress", "submit"}


def operations(source: str) -> set[str]:
    """The calls and indexers in Python code: {"len(", ".value_counts(", ".loc["}."""
    tree = ast.parse(source)
    defined = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    } | {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id not in defined | IGNORED:
                found.add(f"{node.func.id}(")
            elif isinstance(node.func, ast.Attribute):
                found.add(f".{node.func.attr}(")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            found.add(f".{node.value.attr}[")
    return found


def code_of(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def explanations_of(path: Path) -> str:
    """The Markdown and the code comments of a notebook: where an operation is explained."""
    notebook = nbformat.read(path, as_version=4)
    parts = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code":
            parts += re.findall(r"#(.*)$", cell.source, flags=re.MULTILINE)
    return "\n".join(parts)


def lessons_up_to(number: str) -> list[Path]:
    return [path for path in notebook_paths("notebooks") if path.name[:2] <= number]


def untaught(solution: Path) -> dict[str, str]:
    """Each operation of a solution that lessons 00..NN do not show, with what is lacking."""
    lessons = lessons_up_to(solution.name[:2])
    shown = set().union(*(operations(code_of(lesson)) for lesson in lessons))
    explained = "\n".join(explanations_of(lesson) for lesson in lessons)
    lacking = {}
    for operation in sorted(operations(code_of(solution))):
        name = operation.strip(".([")
        if operation not in shown:
            lacking[operation] = "never used in a lesson's code"
        elif not re.search(rf"(?<![\w]){re.escape(name)}\b", explained):
            lacking[operation] = "used in a lesson but never named in its text or comments"
    return lacking


@pytest.mark.parametrize("solution", notebook_paths("solutions"), ids=notebook_id)
def test_every_operation_a_solution_uses_is_taught_first(solution: Path) -> None:
    lacking = untaught(solution)
    lessons = ", ".join(path.name for path in lessons_up_to(solution.name[:2]))
    assert not lacking, f"{solution.name} uses what {lessons} do not teach: {lacking}"


def test_operations_are_read_from_code() -> None:
    """The collector sees methods, builtins and indexers, and skips checks and own names."""
    code = (
        "def share(x):\n    return x.mean()\n"
        'ids = claims.loc[claims["carries_number"], "claim_id"].tolist()\n'
        'n = len(claims["primary_kind"].value_counts())\ncheck("1.1")\nshare(ids)\n'
    )
    assert operations(code) == {".loc[", ".tolist(", "len(", ".value_counts(", ".mean("}


def test_an_untaught_operation_is_named(tmp_path: Path) -> None:
    """A solution that uses something no lesson shows fails, naming it."""
    solution = tmp_path / "01-x-solution.ipynb"
    cell = nbformat.v4.new_code_cell("answer = claims.explode('claim_ids').nunique()")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), solution)
    assert set(untaught(solution)) == {".explode(", ".nunique("}
