"""A student who does exactly what a check says is never sent the wrong way.

Each case is a likely wrong answer and what a student types after reading the
message: either the operation the message itself shows ("add `.iloc[0]` at the
end of your expression", "wrap it in `len(...)`", followed here by reading the
message, so a message that names a wrong operation fails), or, for a hint in
words, the answer written by hand below. The answer after following must pass
or get a different, more specific message: never the same advice again, never
a crash.

To add cases for another exercise, append ``Case``s to ``CASES`` (the wrong
answer and the follow-up are built from the lesson's own functions, not from
the exercise module); ``GENERIC`` already covers every Number question of
every exercise with the shapes a beginner hands in.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest

from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Question
from cartel_lab.data import load
from cartel_lab.exercises import ex01, ex03
from cartel_lab.feedback import CheckResult, Status
from cartel_lab.network import CJNG, SINALOA, tie_ends, ties
from cartel_lab.network_measures import balance_counts, group_measures, merger_comparison, rivals
from tests.exercise_modules import exercise_modules

FOLLOW_THE_MESSAGE = None  # a Case's follow-up: do what the code in the message says


@dataclass(frozen=True)
class Case:
    """A wrong answer to one question, and what a student does after reading the check."""

    exercise: Exercise
    question: str
    wrong: Callable[[], Any]
    follow: Callable[[Any], Any] | None = FOLLOW_THE_MESSAGE
    why: str = ""

    def __str__(self) -> str:
        return f"{self.exercise.number}-{self.question}-{self.why}"


_ADD = re.compile(r"[Aa]dd `([^`]+)` at the end of your expression")
_WRAP = re.compile(r"[Ww]rap it in `(len|sum)\(\.\.\.\)`")
_STEP = re.compile(
    r"\[(?P<key>[^\]]+)\]|\.(?P<method>iloc\[0\]|sum\(\)|mean\(\)|value_counts\(\)|tolist\(\))"
)


def follow_message(value: Any, message: str) -> Any:
    """Do literally what the message's code says to ``value`` (fails if it shows no code)."""
    wrap = _WRAP.search(message)
    if wrap:
        return {"len": len, "sum": sum}[wrap.group(1)](value)
    added = _ADD.search(message)
    assert added, f"the message shows no operation to follow: {message}"
    code, position = added.group(1), 0
    while position < len(code):
        step = _STEP.match(code, position)
        assert step, f"cannot follow {code!r}"
        if step.group("key"):
            value = value[ast.literal_eval(step.group("key"))]
        else:
            method = step.group("method")
            value = value.iloc[0] if method == "iloc[0]" else getattr(value, method[:-2])()
        position = step.end()
    return value


def _said(result: CheckResult) -> tuple[Status, str, str]:
    return result.status, result.message, result.hint


def _check(exercise: Exercise, question_id: str, value: Any) -> CheckResult:
    question = next(q for q in exercise.questions if q.id == question_id)
    return exercise.check(question_id, namespace={question.answer_name: value})


def assert_followed_well(case: Case) -> None:
    """The wrong answer gets advice; following it passes or gets different, sharper advice."""
    before = _check(case.exercise, case.question, case.wrong())
    assert not before.passed and before.status is not Status.CANNOT_CHECK, str(before)
    follow = case.follow or (lambda value: follow_message(value, before.message))
    after = _check(case.exercise, case.question, follow(case.wrong()))
    assert after.status is not Status.CANNOT_CHECK, str(after)
    assert after.passed or _said(after) != _said(before), (
        f"the same advice again after following it:\n{before}"
    )


# --------------------------------------------------------------- exercise 01 ---

claims = load("article_claims")
lines = load("analogy_lines")
_kind = claims["primary_kind"]
_normative = _kind == "normative"
_right_ids = claims.loc[claims["carries_number"], "claim_id"].tolist()
_kinds = dict(zip(["s1", "s2", "s3", "s4", "s5"], ex01.KINDS, strict=True))
_right_kinds = {
    "s1": "analogy",
    "s2": "normative",
    "s3": "empirical",
    "s4": "predictive",
    "s5": "causal",
}
E1 = ex01.EXERCISE

CASES = [
    Case(
        E1,
        "1.1",
        lambda: claims.loc[claims["carries_number"]],
        FOLLOW_THE_MESSAGE,
        "table",
    ),
    Case(
        E1,
        "1.1",
        lambda: claims.loc[claims["primary_kind"] == "empirical", "claim_id"].tolist(),
        lambda _: _right_ids,
        "empirical",
    ),
    Case(
        E1,
        "1.1",
        lambda: [*_right_ids[1:], _right_ids[0].replace("0", "")],
        lambda _: _right_ids,
        "typo-id",
    ),
    Case(E1, "1.2", lambda: claims["primary_kind"], FOLLOW_THE_MESSAGE, "labels-not-counts"),
    Case(
        E1,
        "1.2",
        lambda: claims["kind_label"].value_counts(),
        lambda _: _kind.value_counts(),
        "kind_label",
    ),
    Case(
        E1,
        "1.2",
        lambda: _kind.value_counts(normalize=True),
        lambda _: _kind.value_counts(),
        "shares",
    ),
    Case(E1, "1.2", lambda: claims, FOLLOW_THE_MESSAGE, "table"),
    Case(E1, "1.3", lambda: _normative, FOLLOW_THE_MESSAGE, "true-false"),
    Case(
        E1, "1.3", lambda: pd.Series([_normative.mean()], index=[1]), FOLLOW_THE_MESSAGE, "label-1"
    ),
    Case(E1, "1.3", lambda: [_normative.mean()], FOLLOW_THE_MESSAGE, "list"),
    Case(E1, "1.3", lambda: 100 * _normative.mean(), lambda v: v / 100, "percent"),
    Case(E1, "1.3", lambda: int(_normative.sum()), lambda v: v / len(claims), "count"),
    Case(
        E1,
        "1.3",
        lambda: claims["kind_label"].str.contains("normative").mean(),
        lambda _: _normative.mean(),
        "kind_label",
    ),
    Case(
        E1,
        "1.4",
        lambda: dict.fromkeys(_right_kinds, "empirical"),
        lambda _: _kinds,
        "all-one-kind",
    ),
    Case(E1, "1.4", lambda: _kinds, lambda _: _right_kinds, "in-order"),
    Case(
        E1,
        "1.4",
        lambda: {**_right_kinds, "s3": "emperical"},
        lambda v: {**v, "s3": "empirical"},
        "typo",
    ),
    Case(
        E1,
        "1.5",
        lambda: pd.Series(["counter-propaganda"], index=[3]),
        FOLLOW_THE_MESSAGE,
        "label-3",
    ),
    Case(E1, "1.5", lambda: "finance", lambda _: "financing", "typo"),
    Case(
        E1, "1.5", lambda: "financing", lambda _: "foreign terrorist fighters", "has-a-counterpart"
    ),
    Case(
        E1,
        "1.5",
        lambda: "counter-propaganda",
        lambda _: "foreign terrorist fighters",
        "recruitment",
    ),
]

# --------------------------------------------------------------- exercise 03 ---

network = ties()
ends = tie_ends(network)
measures = group_measures(network)
scenario = balance_counts(ties("Los Chapitos + CJNG"))
comparison = merger_comparison("Sinaloa + CJNG")
_cjng = ends.loc[ends["group"] == CJNG]
_no_ally = measures["allies"] == 0
_unbalanced = scenario.loc[scenario["verdict"] == "unbalanced"]
_shared = set(rivals(network, SINALOA)["group_id"]) & set(rivals(network, CJNG)["group_id"])
_biggest = comparison.loc[comparison["change_pct"].abs().idxmax()]
E3 = ex03.EXERCISE

CASES += [
    Case(E3, "3.1", lambda: _cjng, FOLLOW_THE_MESSAGE, "table"),
    Case(E3, "3.1", lambda: _cjng["tie"], FOLLOW_THE_MESSAGE, "labels-not-counts"),
    Case(E3, "3.1", lambda: ends.loc[(ends["group"] == CJNG) | (ends["other"] == CJNG), "tie"].value_counts(), lambda _: _cjng["tie"].value_counts(), "both-ends"),
    Case(E3, "3.1", lambda: network.loc[network["group_a"] == CJNG, "tie"].value_counts(), lambda _: _cjng["tie"].value_counts(), "one-column"),
    Case(E3, "3.2", lambda: measures.nlargest(5, "alliance_strength"), FOLLOW_THE_MESSAGE, "table"),
    Case(E3, "3.2", lambda: measures.nlargest(5, "allies")["group_id"].tolist(), lambda _: measures.nlargest(5, "alliance_strength")["group_id"].tolist(), "most-allies"),
    Case(E3, "3.2", lambda: measures.nlargest(4, "alliance_strength")["group_id"].tolist(), lambda _: measures.nlargest(5, "alliance_strength")["group_id"].tolist(), "four"),
    Case(E3, "3.3", lambda: _no_ally, FOLLOW_THE_MESSAGE, "true-false"),
    Case(E3, "3.3", lambda: measures.loc[_no_ally], FOLLOW_THE_MESSAGE, "selection"),
    Case(E3, "3.3", lambda: int((measures["allies"] > 0).sum()), lambda _: int(_no_ally.sum()), "with-an-ally"),
    Case(E3, "3.3", lambda: int((_no_ally & (measures["rivals"] == 0)).sum()), lambda _: int(_no_ally.sum()), "no-tie-at-all"),
    Case(E3, "3.4", lambda: rivals(network, SINALOA), FOLLOW_THE_MESSAGE, "table"),
    Case(E3, "3.4", lambda: sorted(set(rivals(network, SINALOA)["group_id"])), lambda _: sorted(_shared), "one-group"),
    Case(E3, "3.4", lambda: sorted(set(rivals(network, SINALOA)["group_id"]) | set(rivals(network, CJNG)["group_id"])), lambda _: sorted(_shared), "either"),
    Case(E3, "3.5", lambda: _unbalanced, FOLLOW_THE_MESSAGE, "two-rows"),
    Case(E3, "3.5", lambda: _unbalanced["triangles"], FOLLOW_THE_MESSAGE, "column"),
    Case(E3, "3.5", lambda: int(_unbalanced["triangles"].iloc[0]), lambda _: int(_unbalanced["triangles"].sum()), "one-pattern"),
    Case(E3, "3.6", lambda: _biggest, FOLLOW_THE_MESSAGE, "row"),
    Case(E3, "3.6", lambda: pd.Series([_biggest["measure"]], index=[4]), FOLLOW_THE_MESSAGE, "label-4"),
    Case(E3, "3.6", lambda: str(comparison.loc[comparison["change_pct"].idxmin(), "measure"]), lambda _: _biggest["measure"], "most-negative"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_following_the_feedback_literally_never_repeats_or_misleads(case: Case) -> None:
    assert_followed_well(case)


# ------------------------------------ every Number question, generic shapes ---


def _number_questions() -> list[tuple[Exercise, Question]]:
    return [
        (module.EXERCISE, question)
        for module in exercise_modules()
        for question in module.EXERCISE.questions
        if isinstance(question.answer_type, Number)
    ]


def _shapes(key: float) -> dict[str, Any]:
    """The right number wrapped the ways a beginner hands it in."""
    shapes = {
        "series-at-label-1": pd.Series([key], index=[1]),
        "one-item-list": [key],
        "one-row-table": pd.DataFrame({"year": [2022], "value": [key]}, index=[7]),
        "row": pd.Series({"year": 2022.0, "value": key, "status": 1.0}, name=7),
        "two-rows-to-add": pd.DataFrame({"kind": ["a", "b"], "value": [key / 4, key * 3 / 4]}),
    }
    if float(key).is_integer() and 0 < key < 500:
        shapes["true-false"] = pd.Series([True] * int(key) + [False] * 3)
    return shapes


GENERIC = [
    Case(exercise, question.id, (lambda s=shape: s), FOLLOW_THE_MESSAGE, name)
    for exercise, question in _number_questions()
    for name, shape in _shapes(exercise.key(question)).items()
]


@pytest.mark.parametrize("case", GENERIC, ids=str)
def test_every_number_question_leads_a_wrong_shape_to_the_right_number(case: Case) -> None:
    before = _check(case.exercise, case.question, case.wrong())
    assert before.status is Status.WRONG_TYPE, str(before)
    if isinstance(case.wrong(), pd.Series):  # [0] on a Series reads the label 0, not the first
        assert "add `[0]`" not in before.message.lower(), before.message
    after = _check(case.exercise, case.question, follow_message(case.wrong(), before.message))
    assert after.passed, f"following\n{before}\ngave\n{after}"


def test_the_follower_reads_the_message_not_the_answer() -> None:
    """A message that names a wrong operation is followed into a wrong answer."""
    assert (
        follow_message(pd.Series([3.0], index=[1]), "Add `.iloc[0]` at the end of your expression")
        == 3.0
    )
    row = pd.Series({"a": 1, "members": 5})
    assert follow_message(row, 'Add `["a"]` at the end of your expression') == 1
    with pytest.raises(KeyError):
        follow_message(pd.Series([3.0], index=[1]), "Add `[0]` at the end of your expression")
    with pytest.raises(AssertionError):
        follow_message(row, "Reduce it to one number, e.g. with len(...), .sum() or .mean().")
