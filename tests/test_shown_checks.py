"""What a self-check *says*: exact statuses, words and escaping, judged without the checker.

The expected answers here are computed from the CSV files with the ``csv``
module, and the expected verdicts are written out by hand: never with an
answer type's own ``compare``. Every tolerance is probed on both sides (an
answer just inside passes, one just outside does not), so a looser or tighter
tolerance fails a test. No message or hint may give the answer away, and no
student text may reach HTML unescaped.

Lesson authors: copy the ``Test...`` classes of the ex01 part for each new
exercise module (exact statuses on both sides of each tolerance and of each
``Mistake`` threshold, the expected answers recomputed from the data).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pytest

from cartel_lab.answer_types import (
    AnswerProblem,
    Choice,
    Counts,
    IdSet,
    LabelMap,
    Number,
    Typo,
    describe,
)
from cartel_lab.checking import Exercise, Question, decode_key, encode_key
from cartel_lab.exercises import ex01
from cartel_lab.feedback import CheckResult, Status
from tests.exercise_modules import exercise_modules

DATA = Path(__file__).resolve().parent.parent / "data"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_TAG = "<img src=x onerror=alert(1)>"


def _rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _seen(result: CheckResult) -> str:
    """Everything a student reads of a result: its text and its HTML."""
    return str(result) + "\n" + result._repr_html_()


# ================================================== the answer types alone ===


class TestNumber:
    """Relative tolerance 1e-3 (and an absolute 1e-9 near zero); direction words."""

    @pytest.mark.parametrize("key", [2.5, 0.153846, 123_456.0, -40.0])
    @pytest.mark.parametrize("factor", [1.0009, 0.9991, 1.0, 1 + 1e-12])
    def test_just_inside_the_tolerance_passes(self, key: float, factor: float) -> None:
        assert Number().compare(key * factor, key) is None

    @pytest.mark.parametrize(
        ("key", "shown"),
        [
            (2.5, ("2.503", "2.497", "2.625")),
            (0.153846, ("0.154", "0.1537", "0.1615")),
            # as a person writes it: thousands separated, never 1.236e+05
            (123_456.0, ("123,591.8", "123,320.2", "129,628.8")),
        ],
    )
    def test_just_outside_the_tolerance_is_wrong_and_says_which_way(
        self, key: float, shown: tuple[str, str, str]
    ) -> None:
        above, below, far = shown
        assert Number().compare(key * 1.0011, key) == f"Your value, {above}, is too high."
        assert Number().compare(key * 0.9989, key) == f"Your value, {below}, is too low."
        # 5 % off (what a 100x looser tolerance would let through)
        assert Number().compare(key * 1.05, key) == f"Your value, {far}, is too high."

    def test_direction_words_for_negative_values(self) -> None:
        assert Number().compare(-41.0, -40.0) == "Your value, -41, is too low."
        assert Number().compare(-39.0, -40.0) == "Your value, -39, is too high."

    def test_near_zero_the_absolute_tolerance_is_one_billionth(self) -> None:
        assert Number().compare(5e-10, 0.0) is None
        assert Number().compare(-5e-10, 0.0) is None
        assert Number().compare(2e-9, 0.0) == "Your value, 0.000000002, is too high."
        assert Number().compare(-2e-9, 0.0) == "Your value, -0.000000002, is too low."

    def test_a_question_can_set_its_own_tolerance(self) -> None:
        loose = Number(rel_tol=0.01)
        assert loose.compare(1.009, 1.0) is None
        assert loose.compare(1.011, 1.0) == "Your value, 1.011, is too high."

    def test_the_message_never_shows_the_expected_value(self) -> None:
        key = 4 / 26
        for wrong in (0.5, 0.1, 15.38, 4.0):
            message = Number().compare(wrong, key)
            assert message is not None
            for shown in (f"{key:.4g}", f"{key:.3g}", f"{key:.2f}", f"{100 * key:.3g}"):
                assert shown not in message

    @pytest.mark.parametrize("value", [3, 3.0, np.int64(3), np.float32(3.0), np.float64(3.0)])
    def test_ints_floats_and_numpy_numbers_are_all_read(self, value: Any) -> None:
        assert Number().normalize(value) == 3.0

    @pytest.mark.parametrize("value", [True, "3", [3], np.array([3.0]), float("nan")])
    def test_what_is_not_one_number_is_refused(self, value: Any) -> None:
        with pytest.raises(AnswerProblem):
            Number().normalize(value)


class TestChoice:
    OPTIONS = ("military campaign", "foreign terrorist fighters", "financing")

    @pytest.mark.parametrize(
        "typed",
        ["financing", "FINANCING", "Financing", "  financing  ", "\tFiNaNcInG\n"],
    )
    def test_case_and_surrounding_spaces_do_not_matter(self, typed: str) -> None:
        choice = Choice(self.OPTIONS)
        assert choice.normalize(typed) == "financing"
        assert choice.compare(choice.normalize(typed), "financing") is None

    def test_options_written_with_capitals_are_matched_too(self) -> None:
        choice = Choice(("Yes", "No"))
        assert choice.normalize("yes") == choice.normalize(" YES ") == "Yes"

    def test_a_wrong_option_is_named_but_the_right_one_is_not(self) -> None:
        assert Choice(self.OPTIONS).compare("financing", "military campaign") == (
            "'financing' is not the one."
        )

    def test_text_that_is_no_option_lists_the_options(self) -> None:
        with pytest.raises(AnswerProblem) as problem:
            Choice(self.OPTIONS).normalize("finance")
        assert str(problem.value) == (
            "'finance' is not one of: 'military campaign'; 'foreign terrorist fighters'; "
            "'financing'. Did you mean 'financing'? Check the spelling."
        )
        with pytest.raises(AnswerProblem) as problem:  # near no option: not called a typo
            Choice(self.OPTIONS).normalize("nothing like it")
        assert not isinstance(problem.value, Typo)
        assert str(problem.value) == (
            "'nothing like it' is not one of: 'military campaign'; "
            "'foreign terrorist fighters'; 'financing'."
        )


class TestIdSet:
    VALID = tuple(f"A{n:02d}" for n in range(1, 27))
    KEY = frozenset({"A05", "A06", "A10"})

    @pytest.mark.parametrize(
        "typed",
        [
            ["A05", "A06", "A10"],
            ["a10", " A06 ", "a05"],
            ("A10", "A05", "A06", "A05"),
            {"A05", "A06", "A10"},
            pd.Series(["A06", "A10", "A05"]),
            np.array(["A05", "A06", "A10"]),
        ],
        ids=["list", "case-spaces-order", "repeats", "set", "series", "array"],
    )
    def test_order_case_spaces_and_repeats_do_not_matter(self, typed: Any) -> None:
        ids = IdSet(self.VALID)
        assert ids.normalize(typed) == self.KEY
        assert ids.compare(ids.normalize(typed), self.KEY) is None

    def test_ids_written_in_lower_case_are_matched_too(self) -> None:
        assert IdSet(("s1", "s2")).normalize(["S1", " s2"]) == frozenset({"s1", "s2"})

    def test_a_partial_answer_counts_the_missing_ids_without_naming_them(self) -> None:
        ids = IdSet(self.VALID)
        message = ids.compare(frozenset({"A05", "A06"}), self.KEY)
        assert message == "2 of your 2 ids are right; 1 is still missing."
        message = ids.compare(frozenset({"A05", "A01"}), self.KEY)
        assert message == "1 of your 2 ids is right; these do not belong: A01; 2 are still missing."
        assert ids.compare(frozenset(), self.KEY) == "The list is empty."

    def test_an_unknown_id_is_named(self) -> None:
        with pytest.raises(AnswerProblem) as problem:
            IdSet(self.VALID).normalize(["A05", "a99", "<b>"])
        assert str(problem.value) == "<b>, a99 are not valid ids; ids look like ['A05', 'A10']."
        with pytest.raises(AnswerProblem) as problem:
            IdSet(self.VALID).normalize([" a99 "])
        assert str(problem.value) == "a99 is not a valid id; ids look like ['A05', 'A10']."
        with pytest.raises(Typo) as problem:
            IdSet(self.VALID).normalize(["A5"])
        assert str(problem.value) == (
            "A5 is not a valid id (did you mean 'A05'?); ids look like ['A05', 'A10']."
        )


class TestCounts:
    KEY: ClassVar[dict[str, float]] = {"empirical": 14.0, "normative": 4.0}

    def test_a_series_of_ints_or_a_dict_passes(self) -> None:
        counts = Counts()
        for typed in (
            pd.Series({"normative": 4, "empirical": 14}),
            {"empirical": 14, "normative": 4},
        ):
            assert counts.compare(counts.normalize(typed), self.KEY) is None

    def test_one_count_off_by_one_is_wrong_and_names_the_kind_not_the_count(self) -> None:
        message = Counts().compare({"empirical": 15.0, "normative": 4.0}, self.KEY)
        assert message == "The labels are right, but the counts for empirical are not."

    def test_there_is_no_tolerance_on_counts(self) -> None:
        assert Counts().compare({"empirical": 14.000001, "normative": 4.0}, self.KEY) is not None

    def test_a_missing_kind_is_counted_not_named(self) -> None:
        message = Counts().compare({"empirical": 14.0}, self.KEY)
        assert message == "1 kind is missing from your counts."

    def test_a_label_that_is_not_counted_is_named(self) -> None:
        message = Counts().compare({**self.KEY, "causal": 1.0}, self.KEY)
        assert message == "These labels are not among the kinds counted: causal."


class TestLabelMap:
    MAP = LabelMap(items=("s1", "s2", "s3"), labels=("causal", "normative", "empirical"))
    KEY: ClassVar[dict[str, str]] = {"s1": "causal", "s2": "normative", "s3": "empirical"}

    def test_labels_ignore_case_and_spaces(self) -> None:
        typed = {"s1": "Causal", " s2 ": " NORMATIVE", "s3": "empirical "}
        assert self.MAP.normalize(typed) == self.KEY

    def test_labels_written_with_capitals_are_matched_too(self) -> None:
        capitals = LabelMap(items=("a", "b"), labels=("Yes", "No"))
        assert capitals.normalize({"a": "yes", "b": "NO"}) == {"a": "Yes", "b": "No"}

    def test_wrong_items_are_named_but_not_their_labels(self) -> None:
        answer = {"s1": "normative", "s2": "causal", "s3": "empirical"}
        message = self.MAP.compare(answer, self.KEY)
        assert message == "1 of 3 is right. Look again at s1, s2."

    def test_an_unknown_label_is_named_with_every_other_problem(self) -> None:
        typed = self.MAP.normalize({"s1": "Causal!", "s2": "causal", "s3": "causal"})
        assert self.MAP.compare(typed, self.KEY) == (
            "0 of 3 are right. Not one of the labels (causal, normative, empirical): 'Causal!' "
            "for s1 (did you mean 'causal'?). Look again at s2, s3."
        )

    def test_a_missing_item_is_named(self) -> None:
        with pytest.raises(AnswerProblem) as problem:
            self.MAP.normalize({"s1": "causal", "s2": "causal"})
        assert str(problem.value) == "s3 still needs a label."


WHAT_IS_WRONG = [
    (
        Number(),
        [1.0, 2.0],
        "it is a list of 2 items, not a single number (a number). The question asks for one "
        "number: keep only that number.",
    ),
    (
        Number(),
        "0.5",
        "The answer should be a number, but it is the text '0.5', in quotes. Write the number "
        "without quotes, or keep the expression that computes it.",
    ),
    (Number(), float("inf"), "The answer is infinite: did a step divide by zero?"),
    (Number(), 10**400, "The answer is far too large to be a count or a share."),
    (Choice(("a", "b")), 1, "it should be one of: 'a'; 'b', but it is the number 1."),
    (
        IdSet(("A01",)),
        "A01",
        "it is a single piece of text; put the items in a list, like ['A05', 'A10'].",
    ),
    (IdSet(("A01",)), [1], "One of the ids should be text, but it is the number 1."),
    (Counts(), {}, "it is empty: there is nothing counted yet."),
    (
        Counts(),
        {"a": "3"},
        "The count for 'a' should be a number, but it is the text '3', in quotes. Write the "
        "number without quotes, or keep the expression that computes it.",
    ),
    (
        TestLabelMap.MAP,
        ["causal"],
        "it should be a dict like {'s1': 'causal', ...}, but it is a list of 1 item. A dict pairs "
        "each item with its label: curly brackets, then item: label pairs.",
    ),
    (
        TestLabelMap.MAP,
        {"s1": "causal", "s2": "causal", "s3": "causal", "s9": "causal"},
        "s9 is not among the items to label (s1, s2, s3).",
    ),
    (TestLabelMap.MAP, {"s1": "causal"}, "s2, s3 still need a label."),
    (TestLabelMap.MAP, {3: "causal"}, "One of the keys should be text, but it is the number 3."),
    (
        TestLabelMap.MAP,
        {"s1": 1, "s2": "causal", "s3": "causal"},
        "the label for s1 should be text in quotes, like 'causal'.",
    ),
]


@pytest.mark.parametrize(("kind", "value", "expected"), WHAT_IS_WRONG)
def test_a_wrong_type_or_shape_is_explained_in_these_words(
    kind: Any, value: Any, expected: str
) -> None:
    with pytest.raises(AnswerProblem) as problem:
        kind.normalize(value)
    assert str(problem.value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.5, "the number 3.5"),
        (999_999_999_999_999, "the number 999,999,999,999,999"),
        (10**20, "the number (a whole number with about 21 digits)"),
        (-(10**20), "the number -(a whole number with about 21 digits)"),
        (np.int64(10**16), "the number (a whole number with about 17 digits)"),
        (1.2345678901234567e-5, "the number 0.00001235"),
        (18_294.0, "the number 18,294"),
        (-23.4, "the number -23.4"),
        ("x" * 40, "the text 'xxxxxxxxxxxxxxxxxxxxxxxxxxx...'"),
        (None, "None"),
        (..., "... (the placeholder)"),
        (True, "a True/False value (True)"),
        ([1, 2], "a list of 2 items"),
        ((7,), "a tuple of 1 item"),
        (pd.Series([1, 2, 3]), "a Series of 3 values"),
    ],
)
def test_what_a_student_gave_is_named_briefly(value: Any, expected: str) -> None:
    assert describe(value) == expected


# ==================================================== exercise 01's checks ===

CLAIMS = _rows("article_claims")
NUMBERED = frozenset(row["claim_id"] for row in CLAIMS if row["carries_number"] == "true")
PER_KIND = {kind: float(n) for kind, n in Counter(row["primary_kind"] for row in CLAIMS).items()}
NORMATIVE_SHARE = PER_KIND["normative"] / len(CLAIMS)
_OFFICIAL = [
    r["line_of_effort"]
    for r in _rows("global_coalition_lines_of_effort")
    if r["wording_date"] == "2014-"
]
_MATCHED = {r["coalition_line_of_effort"] for r in _rows("analogy_lines")}
(MISSING_LINE,) = [line for line in _OFFICIAL if line not in _MATCHED]

EX = ex01.EXERCISE
Q = {question.id: question for question in EX.questions}


@pytest.fixture(autouse=True)
def _judging_not_recording(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)


def _check(question_id: str, value: Any) -> CheckResult:
    return EX.check(question_id, namespace={Q[question_id].answer_name: value})


def _mistake_hint(question_id: str, index: int) -> str:
    return Q[question_id].mistakes[index].hint


def test_the_keys_are_what_the_data_says() -> None:
    """The recorded keys equal an independent computation from the CSV files."""
    assert EX.key(Q["1.1"]) == NUMBERED
    assert EX.key(Q["1.2"]) == PER_KIND
    assert EX.key(Q["1.3"]) == pytest.approx(NORMATIVE_SHARE, rel=1e-12)
    assert EX.key(Q["1.5"]) == MISSING_LINE


class TestEx01NumberedClaims:
    def test_the_right_ids_in_any_form_pass(self) -> None:
        for typed in (sorted(NUMBERED), [i.lower() for i in NUMBERED], [*NUMBERED, *NUMBERED]):
            assert _check("1.1", typed).status is Status.PASSED

    @pytest.mark.parametrize("missing", sorted(NUMBERED))
    def test_a_partial_answer_never_names_the_missing_id(self, missing: str) -> None:
        result = _check("1.1", sorted(NUMBERED - {missing}))
        assert result.status is Status.WRONG_VALUE
        assert result.message == (
            f"`numbered_claims`: {len(NUMBERED) - 1} of your {len(NUMBERED) - 1} ids are right; "
            "1 is still missing."
        )
        assert result.hint == Q["1.1"].hint
        assert missing not in _seen(result)

    def test_the_over_inclusive_mistake_starts_at_five_extra_ids(self) -> None:
        others = sorted(set(ex01.CLAIM_IDS) - NUMBERED - {"A09", "A20", "A24"})
        four = _check("1.1", sorted(NUMBERED | set(others[:4])))
        five = _check("1.1", sorted(NUMBERED | set(others[:5])))
        assert four.status is Status.WRONG_VALUE and four.hint == Q["1.1"].hint
        assert five.status is Status.COMMON_MISTAKE and five.hint == _mistake_hint("1.1", 0)

    def test_a_date_is_not_a_number(self) -> None:
        result = _check("1.1", sorted(NUMBERED | {"A24"}))
        assert result.status is Status.COMMON_MISTAKE and result.hint == _mistake_hint("1.1", 1)
        assert "these do not belong: A24" in result.message


class TestEx01ClaimsPerKind:
    def test_value_counts_or_a_dict_pass(self) -> None:
        series = pd.Series([row["primary_kind"] for row in CLAIMS]).value_counts()
        assert _check("1.2", series).status is Status.PASSED
        assert _check("1.2", {k: int(v) for k, v in PER_KIND.items()}).status is Status.PASSED

    def test_one_count_off_by_one_is_a_wrong_value_that_hides_the_count(self) -> None:
        result = _check("1.2", {**PER_KIND, "empirical": PER_KIND["empirical"] + 1})
        assert result.status is Status.WRONG_VALUE
        assert result.message == (
            "`claims_per_kind`: The labels are right, but the counts for empirical are not."
        )

    def test_a_missing_kind_is_not_named(self) -> None:
        result = _check("1.2", {k: v for k, v in PER_KIND.items() if k != "causal"})
        assert result.status is Status.WRONG_VALUE
        assert "causal" not in _seen(result)

    def test_shares_are_spotted_only_when_they_add_up_to_one(self) -> None:
        total = sum(PER_KIND.values())
        shares = {k: v / total for k, v in PER_KIND.items()}
        assert _check("1.2", shares).status is Status.COMMON_MISTAKE
        nearly = {k: v * (1 + 5e-7) for k, v in shares.items()}
        assert _check("1.2", nearly).hint == _mistake_hint("1.2", 1)
        off = {k: v * (1 + 1e-5) for k, v in shares.items()}
        assert _check("1.2", off).status is Status.WRONG_VALUE

    def test_counting_kind_label_is_the_first_mistake(self) -> None:
        result = _check("1.2", {**PER_KIND, "empirical (numbers)": 4})
        assert result.status is Status.COMMON_MISTAKE and result.hint == _mistake_hint("1.2", 0)


class TestEx01NormativeShare:
    @pytest.mark.parametrize("factor", [1.0, 1.0009, 0.9991])
    def test_within_one_in_a_thousand_passes(self, factor: float) -> None:
        assert _check("1.3", NORMATIVE_SHARE * factor).status is Status.PASSED

    @pytest.mark.parametrize(
        ("factor", "direction"), [(1.0011, "too high"), (0.9989, "too low"), (1.05, "too high")]
    )
    def test_just_outside_is_wrong_and_says_which_way(self, factor: float, direction: str) -> None:
        value = NORMATIVE_SHARE * factor
        result = _check("1.3", value)
        assert result.status is Status.WRONG_VALUE
        assert result.message == f"`normative_share`: Your value, {value:.4g}, is {direction}."
        assert result.hint == Q["1.3"].hint

    def test_a_percentage_is_spotted_within_five_hundredths(self) -> None:
        percent = 100 * NORMATIVE_SHARE
        for near in (percent, percent + 0.04, percent - 0.04):
            result = _check("1.3", near)
            assert result.status is Status.COMMON_MISTAKE and result.hint == _mistake_hint("1.3", 1)
        assert _check("1.3", percent + 0.06).status is Status.WRONG_VALUE

    def test_a_count_is_spotted_only_when_whole(self) -> None:
        count = PER_KIND["normative"]
        assert _check("1.3", int(count)).hint == _mistake_hint("1.3", 2)
        assert _check("1.3", count + 0.5).status is Status.WRONG_VALUE


class TestEx01SentenceKinds:
    def test_the_key_passes_in_any_case(self) -> None:
        key = EX.key(Q["1.4"])
        assert _check("1.4", key).status is Status.PASSED
        assert _check("1.4", {k: f" {v.upper()} " for k, v in key.items()}).status is Status.PASSED

    def test_two_swapped_labels_name_the_two_sentences(self) -> None:
        key = EX.key(Q["1.4"])
        first, second = sorted(key)[:2]
        swapped = {**key, first: key[second], second: key[first]}
        result = _check("1.4", swapped)
        assert result.status is Status.WRONG_VALUE
        hints = Q["1.4"].answer_type.item_hints
        assert result.message == (
            f"`sentence_kinds`: 3 of 5 are right. Look again at {first}, {second}. "
            f"{hints[first]} {hints[second]}"
        )


class TestEx01MissingLine:
    @pytest.mark.parametrize("case", [str.upper, str.title, lambda s: f"  {s}\n"])
    def test_case_and_spaces_do_not_matter(self, case: Any) -> None:
        assert _check("1.5", case(MISSING_LINE)).status is Status.PASSED

    def test_the_other_lines_get_their_hints(self) -> None:
        assert _check("1.5", "Counter-Propaganda").hint == _mistake_hint("1.5", 0)
        for line in ("military campaign", "financing", "stabilisation"):
            assert _check("1.5", line).hint == _mistake_hint("1.5", 1)


# ======================================= every exercise: nothing given away ===

QUESTIONS = [(m.EXERCISE, q) for m in exercise_modules() for q in m.EXERCISE.questions]


def _giveaways(question: Question, key: Any, answer: Any) -> list[str]:
    """Text that would tell a student (part of) the answer they have not given."""
    kind = question.answer_type
    if isinstance(kind, IdSet):
        given = {str(i).strip().upper() for i in answer}
        return sorted(i for i in key if i.upper() not in given)
    if isinstance(kind, Choice):
        return [key] if str(answer).strip().lower() != key.lower() else []
    if isinstance(kind, Number):
        own = {f"{answer:.4g}", f"{answer:.3g}"} if isinstance(answer, int | float) else set()
        return sorted({f"{key:.4g}", f"{key:.3g}"} - own)
    if isinstance(kind, Counts):  # the counts themselves, written as a student would see them
        return [f"{label}: {count:g}" for label, count in key.items()] + [
            f"{label}={count:g}" for label, count in key.items()
        ]
    if isinstance(kind, LabelMap):
        return [f"{item}: {label}" for item, label in key.items()] + [
            f"{item} is {label}" for item, label in key.items()
        ]
    return []


def _wrong_answers(question: Question, key: Any) -> list[Any]:
    """The anticipated mistakes, plus a generic near miss of the right type."""
    answers = [mistake.example(key) for mistake in question.mistakes]
    kind = question.answer_type
    if isinstance(kind, IdSet):
        answers += [sorted(key)[1:], sorted(key)[:1]]
    elif isinstance(kind, Number):
        answers += [key * 1.5 + 1, key * 0.5 - 1]
    elif isinstance(kind, Counts):
        answers += [dict(list(key.items())[1:]), {k: v + 1 for k, v in key.items()}]
    elif isinstance(kind, Choice):
        answers += [option for option in kind.options if option != key]
    elif isinstance(kind, LabelMap):
        labels = list(kind.labels)
        answers += [{item: labels[(labels.index(key[item]) + 1) % len(labels)] for item in key}]
    return answers


@pytest.mark.parametrize("case", QUESTIONS, ids=lambda c: f"{c[0].number}-{c[1].id}")
def test_no_message_or_hint_gives_the_answer_away(case: tuple[Exercise, Question]) -> None:
    exercise, question = case
    key = exercise.key(question)
    hints = [question.hint, *(m.hint for m in question.mistakes)]
    for wrong in _wrong_answers(question, key):
        result = exercise.check(question.id, namespace={question.answer_name: wrong})
        assert not result.passed, f"{question.id}: {wrong!r} passed"
        shown = _seen(result) + "\n".join(hints)
        for giveaway in _giveaways(question, key, wrong):
            # A whole token: the answer 8 is not given away by "18".
            token = re.compile(rf"(?<![\w.]){re.escape(giveaway)}(?![\w]|\.\d)")
            assert not token.search(shown), f"{question.id}: {giveaway!r} shown for {wrong!r}"


def _hostile_answers(question: Question) -> list[Any]:
    first_item = getattr(question.answer_type, "items", ("x",))[0]
    return [
        HOSTILE,
        [HOSTILE, HOSTILE_TAG],
        {HOSTILE: 1, HOSTILE_TAG: 2},
        {first_item: HOSTILE},
        pd.Series({HOSTILE_TAG: 3}),
    ]


@pytest.mark.parametrize("case", QUESTIONS, ids=lambda c: f"{c[0].number}-{c[1].id}")
def test_student_text_reaches_the_html_escaped(case: tuple[Exercise, Question]) -> None:
    exercise, question = case
    for hostile in _hostile_answers(question):
        result = exercise.check(question.id, namespace={question.answer_name: hostile})
        assert not result.passed
        page = result._repr_html_()
        assert "<script" not in page.lower() and "<img" not in page.lower(), page
    assert "&lt;script&gt;" in _check("1.5", HOSTILE)._repr_html_(), "the text is shown, escaped"


def test_an_odd_question_id_reaches_the_html_escaped() -> None:
    result = EX.check('"><script>x', namespace={})
    assert result.status is Status.UNKNOWN_QUESTION
    page = result._repr_html_()
    assert "<script" not in page
    assert 'data-question="&quot;&gt;&lt;script&gt;x"' in page


# ============================== progress, recording and the checker's own trouble ===


def test_progress_reads_exactly_like_this() -> None:
    progress = EX.progress(namespace={"numbered_claims": sorted(NUMBERED), "missing_line": 3})
    assert progress.passed == 1
    assert str(progress) == "\n".join(
        [
            "Exercise 01: 1 of 5 self-checks pass.",
            "  ✓ Question 1.1: passed",
            "  ○ Question 1.2: not attempted yet",
            "  ○ Question 1.3: not attempted yet",
            "  ○ Question 1.4: not attempted yet",
            "  ✗ Question 1.5: not yet: wrong type or shape",
            "(Self-checks only: they are not a grade.)",
        ]
    )
    assert progress._repr_html_() == (
        '<div class="cartel-lab-progress" role="status">'
        "<strong>Exercise 01: 1 of 5 self-checks pass.</strong><ul>"
        "<li>✓ Question 1.1: passed</li><li>○ Question 1.2: not attempted yet</li>"
        "<li>○ Question 1.3: not attempted yet</li><li>○ Question 1.4: not attempted yet</li>"
        "<li>✗ Question 1.5: not yet: wrong type or shape</li></ul>"
        "<small>(Self-checks only: they are not a grade.)</small></div>"
    )
    assert progress.as_dict() == {
        "exercise": "01",
        "passed": 1,
        "total": 5,
        "questions": {
            "1.1": "passed",
            "1.2": "not_attempted",
            "1.3": "not_attempted",
            "1.4": "not_attempted",
            "1.5": "wrong_type",
        },
    }


def test_accepts_is_true_only_within_the_tolerance() -> None:
    assert EX.accepts(Q["1.3"], NORMATIVE_SHARE * 1.0009)
    assert not EX.accepts(Q["1.3"], NORMATIVE_SHARE * 1.0011)
    assert not EX.accepts(Q["1.3"], "a share")


def test_a_missing_or_broken_key_is_the_checkers_problem_not_the_students() -> None:
    question = Question(id="9.1", answer_name="answer", answer_type=Number())
    no_key = Exercise(number="99-no-such-key", title="t", questions=(question,))
    result = no_key.check("9.1", namespace={"answer": 1.0})
    assert result.status is Status.CANNOT_CHECK
    assert result.message == (
        "`answer` could not be checked: there is no answer key for it yet (run `make exercises`). "
        "Your notebook is fine; please tell your instructor."
    )
    broken = Exercise(
        number="99", title="t", questions=(question,), _keys={"9.1": encode_key("not a number")}
    )
    result = broken.check("9.1", namespace={"answer": 1.0})
    assert result.status is Status.CANNOT_CHECK
    assert result.message == (
        "`answer` could not be checked: the checker itself ran into a problem (ValueError). "
        "Your notebook is fine; please tell your instructor."
    )


def test_recording_stores_the_normalised_answer_under_its_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "keys.json"
    monkeypatch.setenv("CARTEL_LAB_RECORD_KEYS", str(record))
    recording = Exercise(number="01", title="t", questions=EX.questions)
    first = recording.check("1.1", namespace={"numbered_claims": ["a06", " A05", "A06"]})
    assert (first.status, first.message) == (Status.PASSED, "Recorded for the answer key.")
    recording.check("1.2", namespace={"claims_per_kind": pd.Series({"normative": 4, "causal": 1})})
    recording.check("1.4", namespace={"sentence_kinds": dict.fromkeys(ex01.SENTENCES, "Causal")})
    stored = json.loads(record.read_text(encoding="utf-8"))
    assert stored == {
        "1.1": ["A05", "A06"],
        "1.2": {"causal": 1.0, "normative": 4.0},
        "1.4": dict.fromkeys(ex01.SENTENCES, "causal"),
    }
    assert list(stored["1.2"]) == ["causal", "normative"], "labels stored sorted"


def test_a_packed_key_hides_its_text_and_unpacks_to_the_same_value() -> None:
    value = {"1.1": ["A05", "A06"], "kind": "foreign terrorist fighters"}
    packed = encode_key(value)
    assert "A05" not in packed and "foreign" not in packed
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", packed)
    assert decode_key(packed) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            pd.DataFrame({"kind": ["a"]}),
            "it is a table (DataFrame) but a Series of counts is expected. Count one column: "
            'table["column"].value_counts() gives one count per value, as a Series.',
        ),
        (
            [3, 2],
            "it should be a Series of counts, like a Series with index ['kind A', 'kind B'] and "
            "values [3, 2], but it is a list of 2 items. "
            'table["column"].value_counts() counts how often each value appears in a column and '
            "gives exactly that Series.",
        ),
        (
            pd.Series([1, 2], index=["a", "a"]),
            "the label 'a' appears more than once; each label should appear once.",
        ),
    ],
)
def test_counts_of_the_wrong_shape_are_explained_in_these_words(value: Any, expected: str) -> None:
    with pytest.raises(AnswerProblem) as problem:
        Counts().normalize(value)
    assert str(problem.value) == expected


def test_an_unknown_question_id_is_shown_short_and_the_valid_ids_listed() -> None:
    valid = "The questions are: '1.1', '1.2', '1.3', '1.4', '1.5'."
    long_id = EX.check("  a-very-long-question-id-indeed ", namespace={})
    assert long_id.question == "a-very-long-quest..."
    assert long_id.message == f"There is no question 'a-very-long-quest...' in exercise 01. {valid}"
    number = EX.check(3, namespace={})
    assert number.message == (
        "There is no question the number 3 (give the id in quotes, like check('1.1')) "
        f"in exercise 01. {valid}"
    )
    assert EX.check(" 1.3 ", namespace={}).status is Status.NOT_ATTEMPTED, "spaces are ignored"
