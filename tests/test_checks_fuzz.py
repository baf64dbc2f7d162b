"""Every self-check survives every wrong answer a student could give (issue 5, part 1).

Hypothesis feeds each question of each exercise module (``cartel_lab.exercises.ex*``,
found automatically) arbitrary wrong answers: None, ``...``, text, numbers of the
wrong sign or size, NaN and inf, booleans, containers, numpy arrays, Series,
DataFrames with missing, extra or misnamed columns and wrong dtypes, and objects
whose ``__eq__``/``__len__``/``__iter__``/``__repr__`` raise. For each answer the
check must return a ``CheckResult`` (never raise), must not pass it, must give the
status that matches what is wrong, and must say so in a short message that names
the variable and holds no traceback.

The examples are derandomised (a fixed seed), so CI sees the same answers on every
run. Set ``CARTEL_LAB_FUZZ=explore`` to draw fresh random answers instead, e.g.
``CARTEL_LAB_FUZZ=explore pytest tests/test_checks_fuzz.py``.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cartel_lab.answer_types import AnswerProblem, Choice, Counts, IdSet, LabelMap, Number, Typo
from cartel_lab.checking import Exercise, Question, is_placeholder
from cartel_lab.feedback import CheckResult, Status
from tests.exercise_modules import exercise_modules

# ---------------------------------------------------------------- settings ---

settings.register_profile(
    "cartel-lab-ci",
    derandomize=True,  # a fixed seed: the same answers on every run
    database=None,
    deadline=None,  # CI machines are slow and shared; correctness, not speed, is tested here
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "cartel-lab-explore",
    parent=settings.get_profile("cartel-lab-ci"),
    derandomize=False,
)
PROFILE = settings.get_profile(
    "cartel-lab-explore" if os.environ.get("CARTEL_LAB_FUZZ") == "explore" else "cartel-lab-ci"
)

QUESTIONS: list[tuple[Exercise, Question]] = [
    (module.EXERCISE, question)
    for module in exercise_modules()
    for question in module.EXERCISE.questions
]
# Generated answers over the whole suite, shared out among the questions so that
# the runtime stays the same as exercises are added (with a floor per question).
TOTAL_ANSWERS = 10_600
MIN_PER_QUESTION = 300
FAMILY_SHARE = {"anything": 0.6, "near_miss": 0.3, "frames": 0.1}
# Hypothesis spends far longer on each example than a check does, so every
# example is a batch of BATCH answers, each checked on its own.
BATCH = 10
MAX_MESSAGE = 700  # characters: a message a student will read, not a wall of text
WRONG = {Status.WRONG_TYPE, Status.WRONG_VALUE, Status.COMMON_MISTAKE, Status.NOT_ATTEMPTED}


def budget(family: str) -> int:
    """How many answers one question gets from one family of strategies."""
    per_question = max(MIN_PER_QUESTION, math.ceil(TOTAL_ANSWERS / max(len(QUESTIONS), 1)))
    return math.ceil(per_question * FAMILY_SHARE[family])


# --------------------------------------------------- objects that misbehave ---


class Boom(Exception):
    """Raised by the misbehaving objects below."""


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise Boom("this object refuses")


class Explosive:
    """An object whose comparisons, length, iteration and text all raise."""

    __eq__ = __ne__ = __lt__ = __gt__ = __len__ = __iter__ = __getitem__ = _boom
    __bool__ = __repr__ = __str__ = __format__ = __float__ = __int__ = __index__ = _boom
    __hash__ = object.__hash__


class ExplosiveList(list):
    """A list that cannot be iterated, measured, compared or shown."""

    __iter__ = __len__ = __eq__ = __repr__ = __getitem__ = __bool__ = _boom
    __hash__ = None  # type: ignore[assignment]


class ExplosiveDict(dict):
    """A dict whose items, keys, values and length all raise."""

    items = keys = values = __iter__ = __len__ = __repr__ = __bool__ = __getitem__ = _boom


class ExplosiveStr(str):
    """Text whose methods and repr raise (the built-in str methods still work)."""

    strip = lower = upper = __repr__ = __format__ = __eq__ = __len__ = _boom
    __hash__ = str.__hash__


class ExplosiveFloat(float):
    """A number that cannot be converted, formatted or compared."""

    __float__ = __repr__ = __str__ = __format__ = __eq__ = __lt__ = __gt__ = _boom
    __hash__ = float.__hash__


class ExplosiveSeries(pd.Series):
    """A Series whose items and iteration raise."""

    items = __iter__ = _boom


def _explosives(inner: Any) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(Explosive),
        st.builds(ExplosiveList, st.lists(inner, max_size=3)),
        st.builds(ExplosiveDict, st.dictionaries(st.text(max_size=4), inner, max_size=3)),
        st.builds(ExplosiveStr, st.text(max_size=10)),
        st.builds(ExplosiveFloat, st.floats()),
        st.builds(lambda n: ExplosiveSeries(range(n), dtype="int64"), st.integers(0, 3)),
        st.builds(lambda v: [Explosive(), v], inner),
        st.builds(lambda v: {"s1": Explosive(), "x": v}, inner),
    )


# ------------------------------------------------------ anything at all ---

HUGE_INTS = st.builds(
    lambda sign, digits: sign * 10**digits,
    st.sampled_from([1, -1]),
    st.sampled_from([20, 400, 5000]),
)
NUMBERS = st.one_of(
    st.integers(),
    HUGE_INTS,
    st.floats(),  # includes NaN, inf, -inf, -0.0, subnormals
    st.floats(min_value=-1e300, max_value=1e300).map(lambda x: -abs(x)),
    st.fractions(),
    st.decimals(),
    st.complex_numbers(),
    st.integers(-(2**63), 2**63 - 1).map(np.int64),
    st.floats(width=32).map(np.float32),
    st.floats().map(np.float64),
    st.booleans().map(np.bool_),
    st.complex_numbers(allow_nan=True).map(np.complex128),
)
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "\n",
            "None",
            "nan",
            "-1",
            "0.23",
            "23%",
            "A01",
            "a01 ",
            "...",
            "\x00",
            "é" * 5000,
        ]
    ),
)
MISSING = st.sampled_from([None, Ellipsis, pd.NA, pd.NaT, np.nan, float("inf"), float("-inf")])
OTHER_SCALARS = st.one_of(
    st.booleans(),
    st.binary(max_size=10),
    st.dates(),
    st.datetimes(),
    st.sampled_from([np.datetime64("2020-01-01"), pd.Timestamp("2025-07-29"), object(), type, len]),
)
SCALARS = st.one_of(MISSING, NUMBERS, TEXT, OTHER_SCALARS)
HASHABLE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.dates(),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.sets(HASHABLE, max_size=6),
        st.frozensets(HASHABLE, max_size=6),
        st.dictionaries(HASHABLE, children, max_size=6),
        st.lists(children, min_size=1, max_size=4).map(lambda items: [Ellipsis, *items]),
    )


ARRAYS = hnp.arrays(
    dtype=st.one_of(
        hnp.integer_dtypes(),
        hnp.floating_dtypes(),
        hnp.boolean_dtypes(),
        hnp.unicode_string_dtypes(max_len=4),
        hnp.complex_number_dtypes(),
        hnp.datetime64_dtypes(),
    ),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)
SERIES_DTYPES = st.sampled_from(
    [None, "object", "string", "float64", "Int64", "boolean", "category"]
)


@st.composite
def series(draw: st.DrawFn, labels: st.SearchStrategy[Any] = HASHABLE) -> pd.Series:
    """A Series with odd labels (repeated, mixed types) and odd values, in some dtype."""
    size = draw(st.integers(0, 6))
    values = draw(
        st.lists(st.one_of(NUMBERS, TEXT, MISSING, st.booleans()), min_size=size, max_size=size)
    )
    index = draw(st.lists(labels, min_size=size, max_size=size))
    dtype = draw(SERIES_DTYPES)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns while casting odd values: not our concern
        try:
            return pd.Series(values, index=index, dtype=dtype)
        except Exception:  # the dtype does not fit these values: keep them as objects
            return pd.Series(values, index=index, dtype="object")


NESTED = st.recursive(st.one_of(SCALARS, ARRAYS, series()), _containers, max_leaves=8)
# One branch per kind of value, so that each kind turns up often (st.recursive
# alone mostly builds containers).
ANYTHING = st.one_of(
    MISSING, NUMBERS, TEXT, OTHER_SCALARS, ARRAYS, series(), NESTED, _explosives(SCALARS)
)


# ---------------------------------------------- near misses of the right kind ---


def _case_and_space(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.upper(), text.lower(), f" {text} ", text + "x", text[:-1]])


def _text(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # e.g. an integer too long to print
        return "?"


def _as_listlike(items: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from(
        [
            items,
            tuple(items),
            pd.Series(items, dtype="object"),
            np.array(items, dtype="object"),
            set(map(_text, items)),
            ", ".join(map(_text, items)),
        ]
    )


def near_misses(question: Question, key: Any) -> st.SearchStrategy[Any]:
    """Answers of (nearly) the right type and shape, built from the key."""
    kind = question.answer_type
    if isinstance(kind, IdSet):
        ids = st.sampled_from(sorted(kind.valid)).flatmap(_case_and_space) | TEXT | NUMBERS
        # A list made a set: st.sets fails inside hypothesis when the key has fewer than 3 ids.
        dropped = (
            st.lists(st.sampled_from(sorted(key)), max_size=3).map(set) if key else st.just(set())
        )
        added = st.lists(ids, min_size=1, max_size=4)
        drop_or_add = st.builds(
            lambda drop, add: [i for i in sorted(key) if i not in drop] + add,
            dropped,
            added,
        ) | st.builds(
            lambda drop: [i for i in sorted(key) if i not in drop],
            dropped.filter(bool),
        )
        return st.one_of(drop_or_add, st.lists(ids, max_size=30)).flatmap(_as_listlike)
    if isinstance(kind, Counts):
        labels = st.one_of(st.sampled_from(sorted(key)), TEXT, HASHABLE)
        counts = st.one_of(
            st.sampled_from(sorted(key.values())).map(lambda v: v + 1),
            st.sampled_from(sorted(key.values())).map(lambda v: -v),
            st.sampled_from(sorted(key.values())).map(lambda v: v / sum(key.values())),
            NUMBERS,
            MISSING,
            TEXT,
        )
        pairs = st.one_of(
            st.dictionaries(labels, counts, max_size=8),
            st.builds(
                lambda extra: {**key, **extra},
                st.dictionaries(labels, counts, min_size=1, max_size=3),
            ),
        )
        return pairs.flatmap(
            lambda d: st.sampled_from([d, pd.Series(d, dtype="object"), _series_or_dict(d)])
        )
    if isinstance(kind, Number):
        factor = st.sampled_from([-1, 100, 0.01, 2, 0.5, 10**6, -(10**6), 26, 1 + 1e-2])
        return st.one_of(
            factor.map(lambda f: key * f),
            st.floats(allow_nan=True, allow_infinity=True),
            factor.map(lambda f: str(key * f)),
            factor.map(lambda f: [key * f]),
            factor.map(lambda f: pd.Series([key * f])),
            factor.map(lambda f: np.array(key * f)),
            factor.map(lambda f: np.array([key * f])),
            factor.map(lambda f: {"share": key * f}),
            st.sampled_from([True, False, 0, -0.0, key + 0.5, -key]),
        )
    if isinstance(kind, LabelMap):
        items = st.one_of(st.sampled_from(kind.items).flatmap(_case_and_space), HASHABLE)
        labels = st.one_of(st.sampled_from(kind.labels).flatmap(_case_and_space), SCALARS)
        changed = st.builds(
            lambda swaps: {**key, **swaps},
            st.dictionaries(st.sampled_from(kind.items), labels, min_size=1, max_size=3).filter(
                lambda swaps: any(_text(v).strip().lower() != key[k] for k, v in swaps.items())
            ),
        )
        return st.one_of(
            changed,
            st.dictionaries(items, labels, max_size=8),
            changed.map(lambda d: pd.Series(d, dtype="object")),
            changed.map(lambda d: list(d.values())),
        )
    if isinstance(kind, Choice):
        # Variants of the key itself are right answers, not misses: a one-word key
        # ('misleading') would otherwise be drawn, rejected and leave the budget short.
        option = st.sampled_from([o for o in kind.options if o != key] or list(kind.options))
        return st.one_of(
            option.flatmap(_case_and_space),
            option.map(lambda o: [o]),
            option.map(lambda o: o.replace(" ", "_")),
            option.map(lambda o: pd.Series([o])),
            TEXT,
        )
    return ANYTHING  # an answer type added later: at least feed it anything


def _series_or_dict(pairs: dict[Any, Any]) -> Any:
    try:
        return pd.Series(pairs)
    except Exception:
        return pairs


# ------------------------------------------------------------- DataFrames ---


@st.composite
def frames(draw: st.DrawFn, question: Question, key: Any) -> pd.DataFrame:
    """DataFrames with missing, extra or misnamed columns, wrong dtypes, or no rows."""
    related = [question.answer_name, "claim_id", "primary_kind", "count", "kind", "value", 0, None]
    if isinstance(key, dict):
        related += list(key)[:6]
    names = draw(
        st.lists(st.one_of(st.sampled_from(related), HASHABLE), max_size=5, unique_by=repr)
    )
    rows = draw(st.integers(0, 4))
    column = st.one_of(
        st.lists(NUMBERS, min_size=rows, max_size=rows),
        st.lists(TEXT, min_size=rows, max_size=rows),
        st.lists(MISSING, min_size=rows, max_size=rows),
        st.lists(st.booleans(), min_size=rows, max_size=rows),
    )
    columns = {name: draw(column) for name in names}
    if rows == 0:  # no rows: give the columns a dtype of their own
        columns = {name: pd.Series([], dtype=draw(SERIES_DTYPES)) for name in names}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = pd.DataFrame(columns, dtype="object" if rows else None)
    shape = draw(
        st.sampled_from(["plain", "transposed", "duplicate columns", "index only", "empty"])
    )
    if shape == "transposed":
        frame = frame.T
    elif shape == "duplicate columns" and len(frame.columns):
        frame = pd.concat([frame, frame], axis=1)
    elif shape == "index only":
        frame = pd.DataFrame(index=range(rows))
    elif shape == "empty":
        frame = pd.DataFrame()
    return frame


# ---------------------------------------------------------------- oracle ---


@dataclass
class Verdict:
    """What the answer type itself makes of an answer."""

    right: bool
    readable: bool
    typo: bool = False


def judge(question: Question, key: Any, value: Any) -> Verdict:
    """Normalise and compare the answer the way the check does, through the answer type."""
    try:
        answer = question.answer_type.normalize(value)
    except Typo:  # text that names no option: told to check its spelling
        return Verdict(right=False, readable=False, typo=True)
    except AnswerProblem:
        return Verdict(right=False, readable=False)
    # Any other exception escapes: the answer types promise AnswerProblem only.
    return Verdict(right=question.answer_type.compare(answer, key) is None, readable=True)


def assert_explained(exercise: Exercise, question: Question, key: Any, value: Any) -> bool:
    """The check's verdict on one wrong answer: returned, not passed, and explained.

    Returns False, checking nothing, when the answer happens to be right.
    """
    verdict = judge(question, key, value)
    if verdict.right:
        return False  # hypothesis stumbled on a right answer: not what this test is about
    name = question.answer_name
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = exercise.check(question.id, namespace={name: value})
    assert not caught, f"{question.id}: the check warned: {[str(w.message) for w in caught]}"
    assert isinstance(result, CheckResult)
    assert not result.passed
    assert result.question == question.id
    if is_placeholder(value):
        allowed = {Status.NOT_ATTEMPTED}
    elif verdict.readable:
        allowed = {Status.WRONG_VALUE, Status.COMMON_MISTAKE}
    else:
        allowed = {Status.TYPO} if verdict.typo else {Status.WRONG_TYPE}
    assert result.status in allowed, f"{question.id}: {result.status} for {type(value)}: {result}"
    message = result.message
    assert f"`{name}`" in message, message
    assert len(message.replace(f"`{name}`", "").strip(" :.")) >= 15, message
    assert len(message) + len(result.hint) <= MAX_MESSAGE, (
        f"{len(message)} characters: {message[:200]}"
    )
    for sign_of_a_crash in ("Traceback", 'File "', "Error:", "Exception"):
        assert sign_of_a_crash not in message, message
    text = str(result)
    assert "not a grade" in text and result.status.value in text
    assert "data-status" in result._repr_html_()
    return True


def fuzz(
    family: str,
    strategy: Callable[[Question, Any], st.SearchStrategy[Any]],
    exercise: Exercise,
    question: Question,
) -> int:
    """Feed ``budget(family)`` generated answers to one check; return how many reached it."""
    key = exercise.key(question)
    answers = 0

    @settings(PROFILE, max_examples=math.ceil(budget(family) / BATCH))
    @given(values=st.lists(strategy(question, key), min_size=BATCH, max_size=BATCH))
    def run(values: list[Any]) -> None:
        nonlocal answers
        for value in values:
            answers += assert_explained(exercise, question, key, value)

    run()
    return answers


# ----------------------------------------------------------------- tests ---


def _qid(case: tuple[Exercise, Question]) -> str:
    return f"{case[0].number}:{case[1].id}"


@pytest.fixture(autouse=True)
def _judging_not_recording(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARTEL_LAB_RECORD_KEYS", raising=False)


FAMILIES: dict[str, Callable[[Question, Any], st.SearchStrategy[Any]]] = {
    "anything": lambda question, key: ANYTHING,
    "near_miss": near_misses,
    "frames": lambda question, key: frames(question, key),
}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("case", QUESTIONS, ids=_qid)
def test_a_check_explains_every_wrong_answer(case: tuple[Exercise, Question], family: str) -> None:
    exercise, question = case
    answers = fuzz(family, FAMILIES[family], exercise, question)
    print(f"{_qid(case)} {family}: {answers} answers")  # shown with `pytest -s`
    # Hypothesis stops early only when it runs out of new answers or rejects too
    # many right ones: either way, fewer answers than planned is a failure.
    assert answers >= 0.95 * budget(family), f"only {answers} of {budget(family)} answers ran"


def test_the_suite_generates_at_least_ten_thousand_answers() -> None:
    assert QUESTIONS, "no exercise questions found"
    planned = sum(budget(family) for family in FAMILIES) * len(QUESTIONS)
    assert planned >= 10_000, planned


@pytest.mark.parametrize("case", QUESTIONS, ids=_qid)
def test_the_right_answer_passes_so_the_guard_above_is_real(
    case: tuple[Exercise, Question],
) -> None:
    """The fuzz skips right answers through ``judge``; make sure it recognises one."""
    exercise, question = case
    key = exercise.key(question)
    stored = question.answer_type.encode(key)
    assert judge(question, key, stored).right
    assert exercise.check(question.id, namespace={question.answer_name: stored}).passed


@settings(PROFILE, max_examples=200)
@given(question_id=st.one_of(SCALARS, _explosives(SCALARS), st.text(max_size=8)))
def test_an_odd_question_id_is_explained_not_raised(question_id: Any) -> None:
    for exercise in {id(e): e for e, _ in QUESTIONS}.values():
        try:
            known = str(question_id).strip() in exercise.question_ids()
        except Exception:
            known = False
        if known:
            continue
        result = exercise.check(question_id, namespace={})
        assert result.status is Status.UNKNOWN_QUESTION, result
        assert all(repr(qid) in result.message for qid in exercise.question_ids())
        assert len(result.message) <= MAX_MESSAGE


@settings(PROFILE, max_examples=60)
@given(data=st.data())
def test_progress_survives_a_notebook_full_of_wrong_answers(data: st.DataObject) -> None:
    for exercise in {id(e): e for e, _ in QUESTIONS}.values():
        namespace = {q.answer_name: data.draw(ANYTHING) for q in exercise.questions}
        summary = exercise.progress(namespace)
        assert [r.question for r in summary.results] == exercise.question_ids()
        assert summary.passed == sum(r.passed for r in summary.results)
        assert all(r.status is not Status.CANNOT_CHECK for r in summary.results), summary
        assert f"{summary.passed} of {len(exercise.questions)}" in str(summary)
        json.dumps(summary.as_dict())


def test_misbehaving_objects_really_misbehave() -> None:
    """The hostile inputs above must raise where they claim to, or they test nothing."""
    with pytest.raises(Boom):
        len(Explosive())
    with pytest.raises(Boom):
        Explosive() == 1  # noqa: B015
    with pytest.raises(Boom):
        list(ExplosiveList([1]))
    with pytest.raises(Boom):
        ExplosiveDict(a=1).items()
    with pytest.raises(Boom):
        repr(ExplosiveStr("x"))
    with pytest.raises(Boom):
        float(ExplosiveFloat(1.0))
    with pytest.raises(Boom):
        list(ExplosiveSeries([1]).items())


def test_strategies_reach_every_kind_of_answer() -> None:
    """The generic strategy must actually produce the kinds of value the issue lists."""
    seen: set[str] = set()
    kinds: dict[str, Callable[[Any], bool]] = {
        "None": lambda v: v is None,
        "...": lambda v: v is Ellipsis,
        "text": lambda v: type(v) is str,
        "nan": lambda v: type(v) is float and math.isnan(v),
        "inf": lambda v: type(v) is float and math.isinf(v),
        "negative": lambda v: type(v) in (int, float) and v < 0,
        "bool": lambda v: isinstance(v, bool),
        "list": lambda v: type(v) is list,
        "set": lambda v: isinstance(v, set | frozenset),
        "dict": lambda v: type(v) is dict,
        "array": lambda v: isinstance(v, np.ndarray),
        "series": lambda v: type(v) is pd.Series,
        "explosive": lambda v: isinstance(
            v, Explosive | ExplosiveList | ExplosiveDict | ExplosiveStr | ExplosiveFloat
        ),
        "date": lambda v: isinstance(v, date | datetime),
    }

    @settings(PROFILE, max_examples=1500)
    @given(value=ANYTHING)
    def sample(value: Any) -> None:
        seen.update(name for name, test in kinds.items() if test(value))

    sample()
    assert seen == set(kinds), f"never generated: {set(kinds) - seen}"
