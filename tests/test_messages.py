"""What a check says to a novice: every problem at once, in good English, with the way out.

The expected words are written out here; the 1.3 share is computed from the CSV
with the standard library, not from the exercise module.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from cartel_lab.answer_types import describe
from cartel_lab.exercises import ex01
from cartel_lab.feedback import Status
from tools.notebooks import REPO_ROOT

RIGHT_KINDS = {
    "s1": "analogy",
    "s2": "normative",
    "s3": "empirical",
    "s4": "predictive",
    "s5": "causal",
}


def test_a_label_map_reports_a_typo_and_a_wrong_kind_together() -> None:
    answer = {**RIGHT_KINDS, "s3": "emperical", "s2": "empirical"}
    result = ex01.check("1.4", namespace={"sentence_kinds": answer})
    assert result.status is Status.WRONG_VALUE
    assert "'emperical' for s3 (did you mean 'empirical'?)" in result.message
    assert "Look again at s2" in result.message
    assert "3 of 5 are right" in result.message
    assert len(result.message) < 400, "still brief"


def test_a_label_map_names_every_problem_of_shape_at_once() -> None:
    answer = {"s1": "analogy", "s2": 3, "s4": "predictive", "s5": "causal", "s7": "causal"}
    result = ex01.check("1.4", namespace={"sentence_kinds": answer})
    assert result.status is Status.WRONG_TYPE
    for problem in ("s7 is not among the items", "s3 still needs a label", "s2 should be text"):
        assert problem in result.message, result.message


def test_counts_and_sizes_are_in_the_right_number() -> None:
    assert describe([1]) == "a list of 1 item"
    assert describe(["A01", "A02"]) == "a list of 2 items"
    assert describe({"a": 1}) == "a dict with 1 entry"
    assert describe(pd.Series([1])) == "a Series of 1 value"
    assert describe(pd.DataFrame({"a": [1]})).startswith("a DataFrame with 1 row and")
    result = ex01.check("1.1", namespace={"numbered_claims": ["A01"]})
    assert "0 of your 1 id are right" in result.message, result.message
    result = ex01.check("1.1", namespace={"numbered_claims": ["A05", "A01"]})
    assert "1 of your 2 ids is right" in result.message, result.message
    result = ex01.check("1.2", namespace={"claims_per_kind": {"empirical": 14}})
    assert re.search(r"\b6 kinds are missing", result.message), result.message


def _strings(path: Path) -> list[str]:
    """Every string literal and docstring of a module: its words, not its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_message_in_the_package_hedges_its_plural() -> None:
    hedged = [
        f"{path.name}: {match}"
        for path in (REPO_ROOT / "cartel_lab").rglob("*.py")
        for text in _strings(path)
        for match in re.findall(r"\w+\(s\)", text)
    ]
    assert not hedged, hedged


def test_the_plural_finder_reads_words_not_code(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text('x = set(s)\nmessage = "1 item(s) left"\n', encoding="utf-8")
    assert [m for t in _strings(module) for m in re.findall(r"\w+\(s\)", t)] == ["item(s)"]


@pytest.mark.parametrize(
    ("question", "answer", "how"),
    [
        ("1.1", 5, ".tolist()"),
        ("1.1", pd.DataFrame({"claim_id": ["A05"]}), ".tolist()"),
        ("1.2", ["empirical", "normative"], ".value_counts()"),
        ("1.2", pd.DataFrame({"primary_kind": ["empirical"]}), ".value_counts()"),
        ("1.3", pd.Series([True, False]), ".mean()"),
        ("1.3", [0.15], "[0]"),
        ("1.3", "0.15", "without quotes"),
        ("1.4", ["analogy", "normative"], "item: label pairs"),
        ("1.5", ["financing"], "[0]"),
    ],
)
def test_a_wrong_type_says_how_to_make_the_right_one(
    question: str, answer: object, how: str
) -> None:
    name = next(q.answer_name for q in ex01.QUESTIONS if q.id == question)
    result = ex01.check(question, namespace={name: answer})
    assert result.status is Status.WRONG_TYPE
    assert how in result.message, result.message


def _any_normative_share() -> float:
    with (REPO_ROOT / "data" / "article_claims.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return sum("normative" in row["kind_label"] for row in rows) / len(rows)


def test_counting_every_label_that_mentions_normative_gets_its_own_hint() -> None:
    share = _any_normative_share()
    result = ex01.check("1.3", namespace={"normative_share": share})
    assert result.status is Status.COMMON_MISTAKE
    assert "kind_label" in result.hint and "primary_kind" in result.hint
    question = next(q for q in ex01.QUESTIONS if q.id == "1.3")
    assert "kind_label" not in question.hint, "the general hint does not restate that mistake"


def test_question_1_3_names_its_column() -> None:
    import nbformat

    solution = nbformat.read(
        REPO_ROOT / "solutions" / "01-the-argument-solution.ipynb", as_version=4
    )
    text = next(c.source for c in solution.cells if c.source.startswith("## Question 1.3"))
    assert "`primary_kind`" in text


def test_two_selections_subtracted_into_missing_values_are_explained() -> None:
    """Index alignment: the difference of two one-row selections is NaN at both labels."""
    first = pd.Series([120.0], index=[3], name="km2")
    second = pd.Series([80.0], index=[5], name="km2")
    result = ex01.check("1.3", namespace={"normative_share": first - second})
    assert result.status is Status.WRONG_TYPE
    assert "missing values (NaN) only" in result.message, result.message
    assert "subtracting two selections whose labels differ gives NaN" in result.message
    assert "Take each number out first" in result.message


@pytest.mark.parametrize(
    ("value", "shown"),
    [(18_294.0, "18,294"), (-23.4, "-23.4"), (0.59, "0.59"), (12_345.678, "12,345.7")],
)
def test_numbers_in_feedback_are_written_as_people_write_them(value: float, shown: str) -> None:
    result = ex01.check("1.3", namespace={"normative_share": value})
    assert f"Your value, {shown}, is too" in result.message, result.message
    assert "e+" not in result.message
