"""The package stays a house a newcomer can walk: every module has a layer, and imports go down.

Layers, lowest first:

- ``base``: where files are, colours, the data tables, answer types, feedback;
- ``engine``: the shared machinery (readable tables, the chart set-up, checks, submissions);
- ``topic``: one module per subject of the lessons (the verdicts, the violence series,
  the network, the model, the coalition), plain Python and pandas;
- ``view``: charts and widgets that draw a topic (``*_charts``, ``widgets``);
- ``exercise``: one module per exercise notebook.

A module may import only modules of its own layer or a lower one, and no
two modules may import each other, directly or round a longer loop. A new
module must be given a layer here, which is the moment to decide where it belongs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cartel_lab

PACKAGE = Path(cartel_lab.__file__).parent
ORDER = ("base", "engine", "topic", "view", "exercise")

LAYERS = {
    "cartel_lab": "base",
    "cartel_lab.paths": "base",
    "cartel_lab.palette": "base",
    "cartel_lab.data": "base",
    "cartel_lab.answer_types": "base",
    "cartel_lab.feedback": "base",
    "cartel_lab.wording": "base",
    "cartel_lab.tables": "engine",
    "cartel_lab.charts": "engine",
    "cartel_lab.cell_history": "engine",
    "cartel_lab.checking": "engine",
    "cartel_lab.submission": "engine",
    "cartel_lab.open_answers": "engine",
    "cartel_lab.submission_reader": "engine",
    "cartel_lab.classroom": "engine",
    "cartel_lab.verdicts": "topic",
    "cartel_lab.network": "topic",
    "cartel_lab.model": "topic",
    "cartel_lab.model_steps": "topic",
    "cartel_lab.model_charts": "view",
    "cartel_lab.violence": "topic",
    "cartel_lab.widgets": "view",
    "cartel_lab.violence_charts": "view",
    "cartel_lab.network_measures": "topic",
    "cartel_lab.network_charts": "view",
    "cartel_lab.coalition": "topic",
    "cartel_lab.coalition_charts": "view",
    "cartel_lab.analogy": "topic",
    "cartel_lab.analogy_charts": "view",
    "cartel_lab.strategy": "topic",
    "cartel_lab.strategy_charts": "view",
    "cartel_lab.exercises": "exercise",
}


def module_name(path: Path) -> str:
    """cartel_lab/exercises/ex01.py -> cartel_lab.exercises.ex01."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of a module: its own entry, or its package's (for exercises)."""
    if module in LAYERS:
        return LAYERS[module]
    if module.startswith("cartel_lab.exercises."):
        return LAYERS["cartel_lab.exercises"]
    return None


def imports_of(path: Path) -> set[str]:
    """The cartel_lab modules a file imports, wherever the import stands (lazy ones included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("cartel_lab")
        ):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if layer_of(candidate) or candidate in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cartel_lab")}
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_has_a_layer(module: str) -> None:
    assert layer_of(module), (
        f"{module} has no layer: add it to LAYERS in {Path(__file__).name} "
        f"(one of {', '.join(ORDER)})"
    )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module: str) -> None:
    own = ORDER.index(layer_of(module) or "exercise")
    upward = [
        f"{target} ({layer_of(target)})"
        for target in sorted(GRAPH[module])
        if layer_of(target) and ORDER.index(layer_of(target)) > own
    ]
    assert not upward, f"{module} ({layer_of(module)}) imports a higher layer: {upward}"


def import_loops(graph: dict[str, set[str]]) -> list[str]:
    """Every loop of imports in ``graph`` (module -> modules it imports), as 'a -> b -> a'."""
    loops = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for target in graph.get(node, ()):
                if target == start:
                    loops.append(" -> ".join([*trail, start]))
                elif target not in seen and target in graph:
                    seen.add(target)
                    stack.append((target, [*trail, target]))
    return sorted(set(loops))


def test_no_import_loops() -> None:
    loops = import_loops(GRAPH)
    assert not loops, "modules that import each other:\n" + "\n".join(loops)


def test_the_loop_finder_sees_a_loop() -> None:
    """The loop finder is not vacuous: a small graph with a loop round three modules."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert "a -> b -> c -> a" in import_loops(graph)
    assert "e -> e" in import_loops(graph)
    assert import_loops({"a": {"b"}, "b": {"c"}, "c": set()}) == []
