"""The exercise modules' mutation tool (tools/data_mutation.py) makes the mutants it says and scores them.

Each operator is tried on a one-line source and the mutant's value is
evaluated, so a wrong splice (a change in the wrong place, a lost bracket)
fails here rather than as a misleading score. The scoring runs a tiny module
and a tiny test in a forked child, as the tool does for an exercise module.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.data_mutation import Mutant, mutants, mutate
from tools.notebooks import REPO_ROOT


def _by_change(source: str) -> dict[tuple[str, str], Mutant]:
    return {(mutant.before, mutant.after): mutant for mutant in mutants(source)}


def _value(source: str, mutant: Mutant) -> object:
    namespace: dict[str, object] = {}
    exec(mutate(source, mutant), namespace)
    return namespace["x"]


@pytest.mark.parametrize(
    ("source", "before", "after", "value"),
    [
        ("x = 3", "3", "4", 4),
        ("x = 0.5", "0.5", "1.5", 1.5),
        ("x = True", "True", "False", False),
        ("x = 'deaths'", "'deaths'", "'XXdeathsXX'", "XXdeathsXX"),
        ("x = 1 < 2", "<", "<=", True),
        ("x = 2 <= 2", "<=", "<", False),
        ("x = 3 > 3", ">", ">=", True),
        ("x = 3 >= 3", ">=", ">", False),
        ("x = 3 == 3", "==", "!=", False),
        ("x = 3 != 3", "!=", "==", True),
        ("x = 3 in (3,)", "in", "not in", False),
        ("x = 3 not in (3,)", "not in", "in", True),
        ("x = None is None", "is", "is not", False),
        ("x = None is not None", "is not", "is", True),
        ("x = [] and 7", "and", "or", 7),
        ("x = [] or 7", "or", "and", []),
        ("x = not []", "not []", "[]", []),
        ("x = 6 + 2", "+", "-", 4),
        ("x = 6 - 2", "-", "+", 8),
        ("x = 6 * 2", "*", "/", 3.0),
        ("x = 6 / 2", "/", "*", 12),
        ("x = 7 // 2", "//", "/", 3.5),
        ("x = (lambda a: a + 1)(1)", "lambda: a + 1", "lambda: None", None),
    ],
)
def test_each_operator_makes_the_mutant_it_names(
    source: str, before: str, after: str, value: object
) -> None:
    found = _by_change(source)
    assert (before, after) in found, f"{source}: no {before} → {after} among {list(found)}"
    mutant = found[(before, after)]
    assert _value(source, mutant) == value
    assert mutant.name == f"1:{mutant.column} {before} → {after}"


def test_each_operator_of_a_chained_comparison_is_a_mutant_of_its_own() -> None:
    source = "x = 0 < 0.5 < 1"
    found = _by_change(source)
    assert _value(source, found[("< #1", "<= #1")]) is True
    assert mutate(source, found[("< #2", "<= #2")]) == "x = (0 < 0.5 <= 1)"


def test_and_or_swap_keeps_the_grouping_of_the_expression_around_it() -> None:
    source = "x = True and False or True"
    inner = _by_change(source)[("and", "or")]
    assert _value(source, inner) is True  # (True or False) or True
    assert ast.parse(mutate(source, inner))


def test_a_mutant_is_placed_by_line_and_column_even_after_non_ascii_text() -> None:
    source = 'units = "km²"; x = 3\n'
    mutant = _by_change(source)[("3", "4")]
    assert (mutant.line, mutant.column) == (1, 19)  # columns count characters
    assert mutate(source, mutant) == 'units = "km²"; x = 4\n'


PROSE = '''
"""A module docstring."""
from cartel_lab.checking import Mistake, Question


def helper(value: "int") -> "str":
    """A function docstring."""
    return f"{value} deaths"


Q = Question(
    id="1.1",
    answer_name="deaths",
    answer_type=Number(what="a number of deaths"),
    hint="Keep the rows of 2014.",
    mistakes=(Mistake(applies=lambda a, k: a == k, hint="That is a share.", example=str),),
)
E = Exercise(number="01", title="The title", questions=(Q,))
'''


def test_prose_strings_are_left_alone_and_data_strings_are_mutated() -> None:
    changed = {mutant.before for mutant in mutants(PROSE)}
    for data in ("'1.1'", "'deaths'", "'01'"):
        assert data in changed, f"the data string {data} should be mutated"
    prose = [
        "A module docstring.",
        "A function docstring.",
        "a number of deaths",
        "Keep the rows",
        "That is a share",
        "The title",
        "deaths}",
        "int",
        "str",
        "cartel_lab",
    ]
    for words in prose:
        assert not any(words in before for before in changed), f"{words!r} is prose or not run"


FIXTURE = """
LIMIT = 10
UNUSED = 7
BIG = lambda x: x >= LIMIT
"""
FIXTURE_TEST = """
from tiny_exercise import BIG


def test_big():
    assert BIG(10)
    assert not BIG(9)
"""


def test_a_mutant_that_breaks_a_check_is_killed_and_an_equivalent_one_survives(
    tmp_path: Path,
) -> None:
    """The tool scores a tiny module with a tiny test, in a process of its own (it forks, which
    is safest away from the test runner's threads)."""
    (tmp_path / "tiny_exercise.py").write_text(FIXTURE, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(FIXTURE_TEST, encoding="utf-8")
    scoring = (
        "import json, sys; from pathlib import Path; from tools.data_mutation import score; "
        "print(json.dumps(score(Path('tiny_exercise.py'), ['test_tiny.py'], "
        "['-n', '0', '--rootdir', '.'], module='tiny_exercise', progress=False)))"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(tmp_path)])}
    run = subprocess.run(
        [sys.executable, "-c", scoring],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    status = {item["mutant"]: item["status"] for item in result["mutants"]}
    assert status == {
        "2:8 10 → 11": "killed",  # BIG(10) is no longer big
        "3:9 7 → 8": "survived",  # nothing reads UNUSED: an equivalent mutant
        "4:16 lambda: x >= LIMIT → lambda: None": "killed",
        "4:16 >= → >": "killed",
    }
