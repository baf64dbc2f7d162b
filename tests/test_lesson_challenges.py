"""The short "your turn" challenges inside lessons, tested like the exercises' questions.

A lesson NN that checks understanding as it goes has a module
``cartel_lab/exercises/lessonNN.py`` exporting ``CHALLENGES`` (an ``Exercise``
whose questions carry a ``computed_key``) and ``check``. Its answers count in
no submission. Each challenge must say "not attempted" to a blank answer,
reach each anticipated mistake's hint from that mistake's own example, and
pass the right answer; and its lesson must hold the stub and the check cell.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cartel_lab.analogy import example_ratings, example_weights, op_ed_mapping, weighted_similarity
from cartel_lab.checking import Exercise, Question
from cartel_lab.coalition import loss_per_month, share_of_affiliates
from cartel_lab.data import load
from cartel_lab.exercises import lesson07
from cartel_lab.feedback import Status
from cartel_lab.model import compare_scenarios, conflict_deaths_split, history, initial_state
from cartel_lab.network import CHAPITOS, CJNG, ties
from cartel_lab.network_measures import balanced_share, group_measures, rivals
from cartel_lab.strategy import effects, strategy, strategy_space
from cartel_lab.violence import average_annual_growth, percent_change, value_in, years_above
from tests.exercise_modules import challenge_modules, joined_shuffled_shares
from tools.notebooks import notebook_paths

MODULES = challenge_modules()
CASES = [(module, question) for module in MODULES for question in module.CHALLENGES.questions]


def _id(case: tuple[object, Question]) -> str:
    return case[1].id


def _lesson_source(number: str) -> str:
    paths = [path for path in notebook_paths("notebooks") if path.name.startswith(f"{number}-")]
    assert len(paths) == 1, f"no single lesson notebook numbered {number}"
    return paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_challenge_module_exports_its_challenges_and_no_submission(module: object) -> None:
    challenges = module.CHALLENGES
    assert isinstance(challenges, Exercise)
    assert challenges.questions, "a challenge module with no challenge"
    assert module.check.__self__ is challenges
    assert not hasattr(module, "submit"), "lesson challenges count in no submission"
    for question in challenges.questions:
        assert question.computed_key is not None, f"{question.id} needs a computed_key"
        assert question.id.startswith(f"{challenges.number}."), question.id


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_blank_challenge_is_not_attempted(case: tuple[object, Question]) -> None:
    module, question = case
    result = module.CHALLENGES.check(question.id, namespace={question.answer_name: ...})
    assert result.status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_right_challenge_answer_passes(case: tuple[object, Question]) -> None:
    module, question = case
    key = module.CHALLENGES.key(question)
    result = module.CHALLENGES.check(question.id, namespace={question.answer_name: key})
    assert result.status is Status.PASSED, result.message


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_anticipated_challenge_mistake_reaches_its_own_hint(
    case: tuple[object, Question],
) -> None:
    module, question = case
    assert question.mistakes, f"challenge {question.id} anticipates no mistake"
    key = module.CHALLENGES.key(question)
    for mistake in question.mistakes:
        result = module.CHALLENGES.check(
            question.id, namespace={question.answer_name: mistake.example(key)}
        )
        assert result.status is Status.COMMON_MISTAKE, (question.id, mistake.hint)
        assert result.hint == mistake.hint


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_lesson_holds_the_challenge_stub_and_its_check(case: tuple[object, Question]) -> None:
    module, question = case
    source = _lesson_source(module.CHALLENGES.number)
    assert re.search(rf"{re.escape(question.answer_name)} = \.\.\.", source), (
        f"the lesson should hold the stub `{question.answer_name} = ...`"
    )
    assert f'check(\\"{question.id}\\")' in source, f'the lesson should run check("{question.id}")'


# What a student computes by following each challenge's hint with the lesson's own functions
# and tables, written here apart from the challenge modules: their computed keys must agree,
# so a key that drifts from what the lesson teaches (a wrong year, filter or column) fails.
def _from_killings(year: int) -> float:
    table = load("mexico_organised_crime_killings")
    return float(table.loc[table["year"] == year, "killings"].iloc[0])


def _ihs(period: str) -> float:
    revenue = load("isis_revenue")
    chosen = (revenue["estimator"] == "IHS") & (revenue["stream"] == "total")
    return float(revenue.loc[chosen & (revenue["period"] == period), "usd_high"].iloc[0])


def _deaths_2032(*plan: float) -> float:
    table = effects(strategy(*plan))
    chosen = (table["measure"] == "conflict deaths per week") & (table["year"] == 2032)
    return float(table.loc[chosen, "value"].iloc[0])


def _savings_2032() -> dict[str, float]:
    base = _deaths_2032(0)
    plans = {"halved": (50,), "doubled": (0, 2), "both": (50, 2)}
    return {name: base - _deaths_2032(*plan) for name, plan in plans.items()}


def _both_compared_with_the_sum() -> str:
    saved = _savings_2032()
    return (
        "less than the sum"
        if saved["both"] < saved["halved"] + saved["doubled"]
        else "more than the sum"
    )


def _shuffles_reaching_the_joined_share() -> int:
    observed = balanced_share(ties("Sinaloa + CJNG"))
    return sum(share >= observed for share in joined_shuffled_shares())


def _without_demand() -> float:
    weights = {**example_weights(), "D08": 0}
    return weighted_similarity(example_ratings(), weights)


def _smallest_cut() -> float:
    space = strategy_space()
    chosen = space[
        (space["year"] == 2032)
        & (space["network"] == "none")
        & (space["incapacitation"] == 1.5)
        & (space["conflict_deaths_vs_2022_pct"] < 0)
    ]
    return float(chosen["recruitment_cut"].min())


def _flows_2021() -> pd.Series:
    return history().flows_in(468, 520)


def _in_2027(scenario: str) -> float:
    return float(compare_scenarios().set_index("scenario").loc[scenario, "conflict_deaths"])


def _l1_dimensions() -> list[str]:
    mapping = op_ed_mapping()
    return mapping.loc[mapping["line_id"] == "L1", "dimension_id"].tolist()


def _studies_finding_more_violence() -> int:
    studies = load("kingpin_studies")
    return studies.loc[studies["direction"] == "increase", "study"].nunique()


def _base_share_2012() -> float:
    split = conflict_deaths_split(initial_state())
    return float(split["base level only"] / split["with rivalries"])


HINTS_RECIPES = {
    "02.a": lambda: len(years_above("homicide_rate", 25)),
    "02.b": lambda: percent_change(_from_killings(2008), _from_killings(2009)),
    "02.c": lambda: average_annual_growth(
        value_in("disappeared_rnpdno", 2017), value_in("disappeared_rnpdno", 2024), 2024 - 2017
    ),
    "02.d": lambda: percent_change(
        value_in("us_overdose_rate", 2022), value_in("us_overdose_rate", 2023)
    ),
    "03.a": lambda: int((group_measures(ties())["rivals"] == 1).sum()),
    "03.b": lambda: len(
        set(rivals(ties(), CJNG)["group_id"]) | set(rivals(ties(), CHAPITOS)["group_id"])
    ),
    "03.c": _shuffles_reaching_the_joined_share,
    "04.a": lambda: _flows_2021()["conflict_deaths"] + _flows_2021()["incapacitated"],
    "04.b": lambda: (
        _in_2027("baseline (status quo)")
        - _in_2027("recruitment halved and incapacitation doubled")
    ),
    "04.c": _base_share_2012,
    "05.a": lambda: loss_per_month("2016-07-04", "2017-06-26"),
    "05.b": lambda: 100 * (_ihs("2017-Q2") - _ihs("2016-03")) / _ihs("2016-03"),
    "05.c": lambda: share_of_affiliates("returnees", "2019-07"),
    "06.a": _l1_dimensions,
    "06.b": _studies_finding_more_violence,
    "06.c": _without_demand,
    "07.a": lambda: _effect_2032_vs_baseline(30, 2),
    "07.b": _both_compared_with_the_sum,
    "07.c": _smallest_cut,
}


def _effect_2032_vs_baseline(*plan: float) -> float:
    table = effects(strategy(*plan))
    chosen = (table["measure"] == "conflict deaths per week") & (table["year"] == 2032)
    return float(table.loc[chosen, "vs_baseline_pct"].iloc[0])


def test_every_challenge_has_a_recipe_here() -> None:
    assert set(HINTS_RECIPES) == {question.id for _, question in CASES}


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_the_answer_the_hint_leads_to_passes(case: tuple[object, Question]) -> None:
    """The key is what the lesson's functions give when the hint is followed, within 0.1 %."""
    module, question = case
    answer = HINTS_RECIPES[question.id]()
    result = module.CHALLENGES.check(question.id, namespace={question.answer_name: answer})
    assert result.status is Status.PASSED, f"{question.id}: {answer!r} gave {result}"
    key = module.CHALLENGES.key(question)
    if isinstance(key, float):
        assert key == pytest.approx(float(answer), rel=1e-3), question.id


def test_why_not_both_compares_the_savings_of_the_plans_it_names() -> None:
    """07.b's key rests on three savings that its words name: halving recruitment (a 50 % cut),
    doubling incapacitation (2x), both. The key alone ("less than the sum") would not show a
    saving taken from a neighbouring plan or year, so the savings are compared themselves."""
    assert lesson07._savings_2032() == pytest.approx(_savings_2032(), rel=1e-9)


@pytest.mark.parametrize(
    ("both", "answer"),
    [(30.0, "exactly the sum"), (30.5, "more than the sum"), (29.5, "less than the sum")],
)
def test_why_not_both_names_each_way_the_savings_can_compare(
    both: float, answer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Savings of 10 and 20 apart: both together saving 30 is exactly their sum, and so on."""
    savings = {"halved": 10.0, "doubled": 20.0, "both": both}
    monkeypatch.setattr(lesson07, "_savings_2032", lambda: savings)
    assert lesson07._both_vs_sum() == answer
