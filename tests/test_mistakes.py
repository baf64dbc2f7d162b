"""Every anticipated mistake names only its own mistake.

A ``Mistake`` gives a specific diagnosis ("that is a percentage", "that is one
year's deaths"), so it must fire for the value its mistake really produces
(its ``example``) and for no other: not for the right answer, and not for the
examples of the same question's other mistakes, which are the nearby wrong
values a student really reaches. (Issue 17 found a range over all scopes told
"that is one year's deaths".) ``test_exercises.py`` checks that each example
reaches its own hint through the check; this also checks values a rounding
away from it, and that no other mistake's value is told this hint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest

from cartel_lab.analogy import (
    cited_row,
    evidence,
    example_ratings,
    example_weights,
    op_ed_mapping,
    unused_dimensions,
    weighted_similarity,
)
from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Question
from cartel_lab.coalition import share_of_affiliates
from cartel_lab.data import load
from cartel_lab.exercises import (
    ex01,
    ex02,
    ex03,
    ex04,
    ex05,
    ex06,
    ex07,
    lesson02,
    lesson03,
    lesson05,
    lesson06,
    lesson07,
)
from cartel_lab.feedback import Status
from cartel_lab.model import compare_scenarios, history
from cartel_lab.network import CHAPITOS, CJNG, SINALOA, tie_ends, ties
from cartel_lab.network_measures import (
    balance_counts,
    balanced_share,
    blocs,
    group_measures,
    merger_comparison,
    rivals,
)
from cartel_lab.strategy import effects, strategy, strategy_space
from cartel_lab.violence import (
    average_annual_growth,
    peak_years,
    percent_change,
    series,
    value_in,
    years_above,
)
from tests.exercise_modules import challenge_modules, exercise_modules, joined_shuffled_shares


def _cases() -> list[tuple[Exercise, Question, int]]:
    exercises = [module.EXERCISE for module in exercise_modules()]
    exercises += [module.CHALLENGES for module in challenge_modules()]
    return [
        (exercise, question, index)
        for exercise in exercises
        for question in exercise.questions
        for index in range(len(question.mistakes))
    ]


def _nearby(question: Question, value: Any) -> list[Any]:
    """Values a student reaches by the same mistake: a measured quantity, rounded a little."""
    kind = question.answer_type
    number = float(value) if isinstance(kind, Number) else 0.0
    if not isinstance(kind, Number) or kind.counts_things() or number.is_integer():
        return [value]  # counts, years and labels are exact
    return [value, number * (1 + kind.rel_tol / 2), number * (1 - kind.rel_tol / 2)]


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].number}-{c[1].id}-mistake{c[2] + 1}")
def test_a_mistake_is_named_for_its_own_values_and_no_others(
    case: tuple[Exercise, Question, int],
) -> None:
    """What the student sees: this mistake's hint for its value (and values close to it), and
    for the key or another mistake's value, never this hint."""
    exercise, question, index = case
    key = exercise.key(question)
    mistake = question.mistakes[index]

    def hint_for(value: Any) -> str:
        result = exercise.check(question.id, namespace={question.answer_name: value})
        return result.hint

    for value in _nearby(question, mistake.example(key)):
        assert hint_for(value) == mistake.hint, (
            f"{question.id}: {value!r}, mistake {index + 1}'s value, is not told its hint"
        )
    assert exercise.accepts(question, key)
    for other_index, other in enumerate(question.mistakes):
        if other_index == index:
            continue
        for value in _nearby(question, other.example(key)):
            assert hint_for(value) != mistake.hint, (
                f"{question.id}: the value of mistake {other_index + 1} ({value!r}) is told "
                f"mistake {index + 1}'s hint: {mistake.hint[:70]}..."
            )


def _number_questions() -> list[tuple[Exercise, Question]]:
    exercises = [module.EXERCISE for module in exercise_modules()]
    exercises += [module.CHALLENGES for module in challenge_modules()]
    return [
        (exercise, question)
        for exercise in exercises
        for question in exercise.questions
        if isinstance(question.answer_type, Number)
    ]


@pytest.mark.parametrize("case", _number_questions(), ids=lambda c: f"{c[0].number}-{c[1].id}")
def test_a_number_a_few_percent_off_is_wrong_and_mostly_gets_the_questions_own_hint(
    case: tuple[Exercise, Question],
) -> None:
    """A tolerance is for rounding (at most 1 %): values 3-9 % off the key are wrong. A mistake
    names values of its own, not every wrong number, so at least one of them gets the
    question's own hint."""
    exercise, question = case
    key = float(exercise.key(question))
    results = [
        exercise.check(question.id, namespace={question.answer_name: wrong})
        for off in (0.03, 0.05, 0.07, 0.09)
        for wrong in ((key * (1 + off), key * (1 - off)) if key else (off, -off))
    ]
    assert not any(result.passed for result in results), f"{question.id}: {results}"
    assert any(
        (result.status, result.hint) == (Status.WRONG_VALUE, question.hint) for result in results
    ), f"{question.id}: every value 3-9 % off is told an anticipated mistake: {results[0]}"


# ------------------------------------------------ wrong answers, described ---
# Each anticipated mistake's example is built by its own module, from the same values its
# ``applies`` reads, so a wrong value there (a wrong year, a dropped filter) moves both and goes
# unnoticed. Here the wrong answers are computed again from the data, as the hint describes the
# mistake, with the first words of the hint the student must get: what a student sees.


@dataclass(frozen=True)
class Wrong:
    """A wrong answer to one question, computed here, and the start of the hint it must get."""

    exercise: Exercise
    question: str
    value: Callable[[], Any]
    hint: str

    def __str__(self) -> str:
        return f"{self.exercise.number}-{self.question}-{self.hint[:24]}"


def _held(as_of: str) -> float:
    territory = load("isis_territory")
    chosen = (territory["measure"] == "held") & (territory["as_of"] == as_of)
    return float(territory.loc[chosen, "km2"].iloc[0])


def _ihs(period: str) -> float:
    revenue = load("isis_revenue")
    chosen = (revenue["estimator"] == "IHS") & (revenue["stream"] == "total")
    return float(revenue.loc[chosen & (revenue["period"] == period), "usd_high"].iloc[0])


def _rival_ids(group: str) -> set[str]:
    return set(rivals(ties(), group)["group_id"])


def _shuffles(reaching: Callable[[float], bool]) -> int:
    return sum(reaching(share) for share in joined_shuffled_shares())


def _weighted_sum_without_demand() -> float:
    weights, ratings = {**example_weights(), "D08": 0}, example_ratings()
    return float(sum(weights[d] * ratings[d] for d in ratings))


def _killings(year: int) -> float:
    table = load("mexico_organised_crime_killings")
    return float(table.loc[table["year"] == year, "killings"].iloc[0])


def _2032(plan: tuple[float, ...], column: str, year: int = 2032) -> float:
    table = effects(strategy(*plan))
    chosen = (table["measure"] == "conflict deaths per week") & (table["year"] == year)
    return float(table.loc[chosen, column].iloc[0])


def _flipped(labels: dict[str, str], proposal: str) -> dict[str, str]:
    """The proposals' labels with ``proposal`` put on the other side of the model's edge."""
    other = {"in the model": "outside the model", "outside the model": "in the model"}
    return {**labels, proposal: other[labels[proposal]]}


def _members(plan: tuple[float, ...], column: str) -> float:
    table = effects(strategy(*plan))
    chosen = (table["measure"] == "members") & (table["year"] == 2027)
    return float(table.loc[chosen, column].iloc[0])


def _smallest_cut(incapacitation: float) -> float:
    space = strategy_space()
    chosen = (space["year"] == 2032) & (space["network"] == "none")
    chosen &= (space["incapacitation"] == incapacitation) & (
        space["conflict_deaths_vs_2022_pct"] < 0
    )
    return float(space.loc[chosen, "recruitment_cut"].min())


def _yearly_total(estimator: str, year: int) -> float:
    revenue = load("isis_revenue")
    chosen = (revenue["per"] == "year") & (revenue["stream"] == "total")
    chosen &= (revenue["estimator"] == estimator) & (revenue["year"] == year)
    return float(revenue.loc[chosen, "usd_high"].iloc[0])


def _fighters(as_of: str, measure: str) -> float:
    fighters = load("isis_foreign_fighters")
    chosen = (fighters["as_of"] == as_of) & (fighters["measure"] == measure)
    return float(fighters.loc[chosen, "value_high"].iloc[0])


def _deaths_2014(scope: str | None = None) -> pd.Series:
    deaths = load("terrorism_deaths")
    chosen = deaths["year"] == 2014
    if scope is not None:
        chosen &= deaths["scope"] == scope
    return deaths.loc[chosen, "deaths"]


def _claims() -> pd.DataFrame:
    return load("article_claims")


def _key(exercise: Exercise, question_id: str) -> Any:
    return exercise.key(next(q for q in exercise.questions if q.id == question_id))


def _rows_above_20000(table: str) -> int:
    return int((load(table)["homicides"] > 20000).sum())


def _homicides(year: int) -> float:
    return value_in("homicides", year)


def _rnped(year: int) -> float:
    return value_in("disappeared_rnped", year)


def _comparison() -> pd.DataFrame:
    return merger_comparison("Sinaloa + CJNG")


def _measures() -> pd.DataFrame:
    return group_measures(ties())


def _cjng_ties(rows: pd.Series) -> dict[str, float]:
    return {str(kind): float(n) for kind, n in rows.value_counts().items()}


def _triangles(network: pd.DataFrame, verdict: str) -> int:
    counts = balance_counts(network)
    return int(counts.loc[counts["verdict"] == verdict, "triangles"].sum())


def _pattern(pattern: str) -> int:
    counts = balance_counts(ties("Los Chapitos + CJNG"))
    return int(counts.loc[counts["pattern"] == pattern, "triangles"].iloc[0])


def _week(week: int, column: str) -> float:
    totals = history().totals()
    return float(totals.loc[totals["week"] == week, column].iloc[0])


def _in(years: int, scenario: str, column: str) -> float:
    table = compare_scenarios(years)
    return float(table.loc[table["scenario"] == scenario, column].iloc[0])


def _published(result_id: str, column: str = "value_low") -> float:
    results = load("model_results")
    return float(results.loc[results["result_id"] == result_id, column].iloc[0])


def _smallest_level(network: str) -> float:
    space = strategy_space()
    chosen = (space["year"] == 2032) & (space["network"] == network)
    chosen &= (space["recruitment_cut"] == 20) & (space["conflict_deaths_vs_2022_pct"] <= -25)
    return float(space.loc[chosen, "incapacitation"].min())


_HALVED, _DOUBLED = "recruitment halved", "incapacitation doubled"
_MERGED = "super-cartel: Los Chapitos + CJNG (module's extension)"


# Question 6.1's ratings and weights, as the exercise states them.
_RATINGS_A = {"D01": 1, "D04": 3, "D07": 0, "D09": 2}
_WEIGHTS_A = {"D01": 4, "D04": 3, "D07": 2, "D09": 2}
_SUM_A = sum(_RATINGS_A[d] * _WEIGHTS_A[d] for d in _RATINGS_A)


def _line_dimensions(line_id: str) -> list[str]:
    mapping = op_ed_mapping()
    return mapping.loc[mapping["line_id"] == line_id, "dimension_id"].tolist()


def _l1_dimensions() -> list[str]:
    return _line_dimensions("L1")


def _kingpin(finding_id: str) -> float:
    studies = load("kingpin_studies")
    return float(studies.loc[studies["finding_id"] == finding_id, "value"].iloc[0])


def _culiacan_deaths() -> tuple[float, float]:
    deaths = load("culiacan_2019").query("measure == 'deaths'").sort_values("reported")["value"]
    return float(deaths.iloc[0]), float(deaths.iloc[-1])


def _overdose_rows_next_to(deaths: float) -> list[int]:
    column = load("us_overdose_deaths")["deaths"].tolist()
    at = column.index(deaths)
    return [int(column[at - 1]), int(column[at + 1])]


def _second_cited_deaths() -> int:
    return int(cited_row(evidence("D08", "cartels")[1])["deaths"].iloc[0])


_LOST_5_1 = _held("2016-10-03") - _held("2017-06-26")
_DAYS_5_1 = (pd.Timestamp("2017-06-26") - pd.Timestamp("2016-10-03")).days
_ICSR = {year: _yearly_total("ICSR/EY", year) for year in (2014, 2016)}
_RNPDNO = (value_in("disappeared_rnpdno", 2017), value_in("disappeared_rnpdno", 2024))
_LOST_05A = _held("2016-07-04") - _held("2017-06-26")
_RIVALS = group_measures(ties())["rivals"]
L2, L3, L5, L6 = (module.CHALLENGES for module in (lesson02, lesson03, lesson05, lesson06))
L7, E5, E6 = lesson07.CHALLENGES, ex05.EXERCISE, ex06.EXERCISE
E1, E2, E3, E4 = ex01.EXERCISE, ex02.EXERCISE, ex03.EXERCISE, ex04.EXERCISE
E7 = ex07.EXERCISE

WRONG_ANSWERS = [
    Wrong(E1, "1.1", lambda: _key(E1, "1.1") | set(_claims().query("primary_kind == 'empirical'")["claim_id"]), "An empirical claim is not the same"),
    *(Wrong(E1, "1.1", lambda c=c: _key(E1, "1.1") | {c}, "A date, a year or an event") for c in ("A09", "A20", "A24")),
    Wrong(E1, "1.2", lambda: _claims()["kind_label"].value_counts(), "Count primary_kind, not kind_label"),
    Wrong(E1, "1.2", lambda: _claims()["kind_label"].str.replace(r" \(.*?\)", "", regex=True).value_counts(), "Count primary_kind, not kind_label"),  # qualifiers dropped, "predictive / normative" kept
    Wrong(E1, "1.2", lambda: _claims()["primary_kind"].value_counts(normalize=True), "These look like shares"),
    Wrong(E1, "1.3", lambda: _claims()["kind_label"].str.contains("normative").mean(), "That counts every claim whose kind_label"),
    Wrong(E1, "1.3", lambda: 100 * (_claims()["primary_kind"] == "normative").mean(), "That is a percentage"),
    Wrong(E1, "1.3", lambda: int((_claims()["primary_kind"] == "normative").sum()), "That is a count of claims"),
    Wrong(E1, "1.4", lambda: dict.fromkeys(("s1", "s2", "s3", "s4", "s5"), "normative"), "The five sentences were chosen"),
    Wrong(E1, "1.4", lambda: dict(zip(("s1", "s2", "s3", "s4", "s5"), ("empirical", "causal", "normative", "predictive", "analogy"), strict=True)), "These are the kinds in the order"),
    Wrong(E1, "1.5", lambda: "counter-propaganda", "The op-ed's proposal to cut youth recruitment"),
    *(Wrong(E1, "1.5", lambda line=line: line, "Every line that appears") for line in ("military campaign", "financing", "stabilisation")),
    Wrong(E2, "2.1", lambda: _rows_above_20000("mexico_homicides"), "That counts rows of mexico_homicides"),
    Wrong(E2, "2.1", lambda: _rows_above_20000("mexico_trends_2012_2021"), "The Science file"),
    Wrong(E2, "2.2", lambda: 100 * _homicides(2018) / _homicides(2014), "That is new / old x 100"),
    Wrong(E2, "2.2", lambda: _homicides(2018) / _homicides(2014), "That is the multiple"),
    Wrong(E2, "2.2", lambda: (_homicides(2018) - _homicides(2014)) / _homicides(2014), "That is the change as a fraction"),
    Wrong(E2, "2.2", lambda: round(percent_change(_homicides(2014), _homicides(2018))), "Close, but rounded"),
    Wrong(E2, "2.3", lambda: (_rnped(2012) - _rnped(2006)) / _rnped(2006), "That is (new - old) / old"),
    Wrong(E2, "2.3", lambda: percent_change(_rnped(2006), _rnped(2012)), "That is the percent change"),
    Wrong(E2, "2.4", lambda: average_annual_growth(_rnped(2006), _rnped(2012), 7), "From 2006 to 2012 is six yearly steps"),
    Wrong(E2, "2.4", lambda: percent_change(_rnped(2006), _rnped(2012)) / 6, "That is the percent change divided by six"),
    Wrong(E2, "2.4", lambda: average_annual_growth(_rnped(2006), _rnped(2012), 6) / 100, "That is a fraction"),
    Wrong(E2, "2.4", lambda: round(average_annual_growth(_rnped(2006), _rnped(2012), 6)), "Close, but rounded"),
    Wrong(E2, "2.5", lambda: 9 * _homicides(2005), "A 900 percent rise adds nine times"),
    Wrong(E2, "2.5", lambda: 900 * _homicides(2005), "900 percent is 900 / 100"),
    Wrong(E2, "2.6", lambda: peak_years("us_overdose_deaths")[0], "That is the peak year itself"),
    Wrong(E2, "2.6", lambda: value_in("us_overdose_deaths", peak_years("us_overdose_deaths")[0]), "That is the number of US overdose deaths"),
    Wrong(E2, "2.6", lambda: float(series("homicides")["value"].max()), "That is the homicides' own peak"),
    Wrong(E2, "2.7", lambda: _homicides(2022) / value_in("homicide_rate", 2022) * 100_000, "That is the population in persons"),
    Wrong(E2, "2.7", lambda: _homicides(2022) / value_in("homicide_rate", 2022), "The rate is per 100,000"),
    Wrong(E2, "2.8", lambda: "supported", "Look at the years after 2018"),
    Wrong(E2, "2.8", lambda: "supported with caveats", "Look at the years after 2018"),
    Wrong(E2, "2.8", lambda: "misleading", "'Misleading' is for real numbers"),
    Wrong(E2, "2.8", lambda: "not traceable", "The claim names its series"),
    Wrong(E3, "3.1", lambda: _cjng_ties(tie_ends(ties()).query("group == @CJNG or other == @CJNG")["tie"]), "Every count is twice too large"),
    Wrong(E3, "3.1", lambda: _cjng_ties(ties().query("group_a == @CJNG")["tie"]), "CJNG can be group_a or group_b"),
    Wrong(E3, "3.1", lambda: _cjng_ties(ties().query("group_b == @CJNG")["tie"]), "CJNG can be group_a or group_b"),
    Wrong(E3, "3.2", lambda: _measures().nlargest(4, "alliance_strength")["group_id"].tolist(), "Five groups are asked for"),
    Wrong(E3, "3.2", lambda: _measures().nlargest(6, "alliance_strength")["group_id"].tolist(), "Five groups are asked for"),
    Wrong(E3, "3.2", lambda: _measures().nlargest(5, "strength")["group_id"].tolist(), "These are the five strongest groups overall"),
    Wrong(E3, "3.2", lambda: _measures().nlargest(5, "allies")["group_id"].tolist(), "These are the groups with the most allies"),
    Wrong(E3, "3.3", lambda: int(((_measures()["allies"] == 0) & (_measures()["rivals"] == 0)).sum()), "Those groups have no tie at all"),
    Wrong(E3, "3.3", lambda: int((_measures()["allies"] > 0).sum()), "That counts the groups that do have an ally"),
    Wrong(E3, "3.3", lambda: int(blocs(ties())["bloc"].nunique()), "That is the number of blocs"),
    Wrong(E3, "3.4", lambda: sorted(_rival_ids(SINALOA)), "That is the rival list of one group only"),
    Wrong(E3, "3.4", lambda: sorted(_rival_ids(CJNG)), "That is the rival list of one group only"),
    Wrong(E3, "3.4", lambda: sorted(_rival_ids(SINALOA) | _rival_ids(CJNG)), "These include rivals of one group"),
    Wrong(E3, "3.5", lambda: int((balance_counts(ties("Los Chapitos + CJNG"))["verdict"] == "unbalanced").sum()), "That is the number of unbalanced patterns"),
    Wrong(E3, "3.5", lambda: _triangles(ties(), "unbalanced"), "That is the 2020 count"),
    Wrong(E3, "3.5", lambda: _pattern("2 alliances, 1 rivalry"), "That is one unbalanced pattern"),
    Wrong(E3, "3.5", lambda: _pattern("3 rivalries"), "That is one unbalanced pattern"),
    Wrong(E3, "3.5", lambda: sum(_triangles(ties("Los Chapitos + CJNG"), v) for v in ("unbalanced", "unclear")), "The triangles with a pair coded both"),
    Wrong(E3, "3.5", lambda: _triangles(ties("Los Chapitos + CJNG"), "balanced"), "That is the number of balanced triangles"),
    Wrong(E3, "3.6", lambda: _comparison().loc[_comparison()["change_pct"].idxmin(), "measure"], "That measure falls"),
    Wrong(E3, "3.6", lambda: "unbalanced triangles", "Balance does change"),
    Wrong(E4, "4.1", lambda: _week(0, "members"), "115,000 is the start"),
    Wrong(E4, "4.1", lambda: _week(520, "members"), "That is the last row"),
    Wrong(E4, "4.1", lambda: _week(208, "members"), "That is a year off"),
    Wrong(E4, "4.1", lambda: _week(312, "members"), "That is a year off"),
    Wrong(E4, "4.2", lambda: _week(520, "net_recruitment"), "That is what the cartels do recruit (net)"),
    Wrong(E4, "4.2", lambda: _published("M02"), "350-370 is the paper's figure"),
    Wrong(E4, "4.2", lambda: _published("M02", "value_high"), "350-370 is the paper's figure"),
    Wrong(E4, "4.2", lambda: _week(520, "recruited"), "That is gross recruitment this week"),
    Wrong(E4, "4.2", lambda: _week(520, "conflict_deaths"), "Members are lost two ways"),
    Wrong(E4, "4.2", lambda: _week(520, "incapacitated"), "Members are lost two ways"),
    Wrong(E4, "4.3", lambda: _in(5, _HALVED, "conflict_deaths_vs_2022_pct"), "That is the lesson's table, five years ahead"),
    Wrong(E4, "4.3", lambda: _in(10, _HALVED, "conflict_deaths_vs_baseline_pct"), "That is the change against the baseline in 2032"),
    Wrong(E4, "4.3", lambda: _in(10, _HALVED, "conflict_deaths_vs_2022_pct") / 100, "That looks like a fraction"),
    Wrong(E4, "4.3", lambda: _published("M20"), "-25 % is the paper's five-year figure"),
    Wrong(E4, "4.3", lambda: _in(10, _HALVED, "members_vs_2022_pct"), "That is the change in members"),
    Wrong(E4, "4.4", lambda: _published("M22"), "+8 % is the figure the press quoted"),
    Wrong(E4, "4.4", lambda: _in(5, _DOUBLED, "conflict_deaths_vs_2022_pct"), "That is the lesson's table, five years ahead"),
    Wrong(E4, "4.4", lambda: _in(10, _DOUBLED, "conflict_deaths_vs_baseline_pct"), "That is the change against the baseline"),
    Wrong(E4, "4.4", lambda: _in(10, _DOUBLED, "members_vs_2022_pct"), "That is the change in members"),
    Wrong(E4, "4.5", lambda: _in(10, _DOUBLED, "conflict_deaths_vs_2022_pct"), "That is the change against 2022"),
    Wrong(E4, "4.5", lambda: _in(5, _DOUBLED, "conflict_deaths_vs_baseline_pct"), "That is the lesson's table, five years ahead"),
    Wrong(E4, "4.5", lambda: -_in(10, _DOUBLED, "conflict_deaths_vs_baseline_pct"), "Check the sign"),
    Wrong(E4, "4.6", lambda: _in(10, _MERGED, "conflict_deaths_vs_2022_pct"), "That is the change against 2022"),
    Wrong(E4, "4.6", lambda: _in(5, _MERGED, "conflict_deaths_vs_baseline_pct"), "That is the lesson's table, five years ahead"),
    Wrong(E4, "4.6", lambda: -_in(10, _MERGED, "conflict_deaths_vs_baseline_pct"), "Check the sign"),
    Wrong(E4, "4.7", lambda: "saturation (omega)", "Saturation moves members in 2027 least"),
    Wrong(E4, "4.7", lambda: "recruitment (rho)", "Recruitment moves deaths the *most*"),
    Wrong(E4, "4.7", lambda: "incapacitation (eta)", "Compare sizes, ignoring the sign"),
    Wrong(E7, "7.1", lambda: _2032((40, 1.25), "vs_2022_pct", 2027), "That is the change against 2022"),
    Wrong(E7, "7.1", lambda: _2032((40, 1.25), "vs_baseline_pct"), "That is the change by 2032"),
    Wrong(E7, "7.1", lambda: _members((40, 1.25), "vs_baseline_pct"), "That is the change in members"),
    Wrong(E7, "7.1", lambda: _2032((40, 1.25), "vs_baseline_pct", 2027) / 100, "That looks like a fraction"),
    Wrong(E7, "7.2", lambda: _2032((40, 1.25), "vs_baseline_pct", 2027), "That is the change against the baseline"),
    Wrong(E7, "7.2", lambda: _members((40, 1.25), "vs_2022_pct"), "That is the change in members"),
    Wrong(E7, "7.2", lambda: -_2032((40, 1.25), "vs_2022_pct", 2027), "Check the sign"),
    Wrong(E7, "7.3", lambda: "incapacitation at 1.5 times today's", "Incapacitation lowers deaths"),
    Wrong(E7, "7.3", lambda: "the super-cartel, with no policy", "In this model a merger"),
    *(Wrong(E7, "7.4", lambda p=p: _flipped(_key(E7, "7.4"), p), "Look again at the two proposals") for p in ("doubling arrests", "school and jobs programmes")),
    Wrong(E7, "7.4", lambda: _flipped(_key(E7, "7.4"), "terrorist designation"), "A designation is a legal label"),
    Wrong(E7, "7.5", lambda: _smallest_level("none"), "That is the level on today's network"),
    Wrong(E7, "7.5", lambda: _smallest_level("Sinaloa + CJNG") - 0.25, "At that level weekly deaths"),
    Wrong(E6, "6.1", lambda: _SUM_A, "That is the sum of weight × rating"),
    Wrong(E6, "6.1", lambda: _SUM_A / 4, "You divided by the number of dimensions"),
    Wrong(E6, "6.1", lambda: sum(_RATINGS_A.values()) / 4, "That is the plain mean of the ratings"),
    Wrong(E6, "6.1", lambda: weighted_similarity(_RATINGS_A, _WEIGHTS_A) / 4, "That is the score as a share of 4"),
    *(Wrong(E6, "6.2", lambda d=d: d, "That dimension is rated 2") for d in ("D02", "D04", "D07")),
    Wrong(E6, "6.2", lambda: "D09", "Raising D09's weight would flip the verdict"),
    Wrong(E6, "6.3", lambda: sorted(unused_dimensions()), "Those are the dimensions no line uses"),
    Wrong(E6, "6.3", lambda: _line_dimensions("L5"), "Two lines have no official line of effort"),
    Wrong(E6, "6.4", lambda: 100 * _kingpin("K02") / _kingpin("K03"), "That is a percentage"),
    Wrong(E6, "6.4", lambda: _kingpin("K03") / _kingpin("K02"), "That is listed ÷ removed"),
    Wrong(E6, "6.4", lambda: 1 - _kingpin("K02") / _kingpin("K03"), "That is the share still free"),
    Wrong(E6, "6.5", lambda: _culiacan_deaths()[1] / _culiacan_deaths()[0], "That is the multiple"),
    Wrong(E6, "6.5", lambda: percent_change(*_culiacan_deaths()) / 100, "That is a fraction"),
    Wrong(E6, "6.5", lambda: percent_change(*reversed(_culiacan_deaths())), "The revised count is the later one"),
    Wrong(E6, "6.6", _second_cited_deaths, "That is the second cited row"),
    *(Wrong(E6, "6.6", lambda i=i: _overdose_rows_next_to(107941)[i], "That is a neighbouring row") for i in (0, 1)),
    Wrong(E6, "6.7", lambda: "supported", "The figures of the day are in culiacan_2019"),
    Wrong(E6, "6.7", lambda: "contradicted", "The blockades, the soldiers held"),
    Wrong(E6, "6.7", lambda: "not traceable", "The blockades, the soldiers held"),
    Wrong(E5, "5.1", lambda: _LOST_5_1 / 2, "You divided by the number of rows or gaps"),
    Wrong(E5, "5.1", lambda: _LOST_5_1 / 3, "You divided by the number of rows or gaps"),
    Wrong(E5, "5.1", lambda: _LOST_5_1, "That is the whole loss"),
    Wrong(E5, "5.1", lambda: _LOST_5_1 / (_DAYS_5_1 / 30), "Months have 28 to 31 days"),
    Wrong(E5, "5.1", lambda: _LOST_5_1 / (_DAYS_5_1 / 31), "Months have 28 to 31 days"),
    Wrong(E5, "5.1", lambda: _LOST_5_1 / 8, "Counting calendar months"),
    Wrong(E5, "5.1", lambda: _LOST_5_1 / 9, "Counting calendar months"),
    Wrong(E5, "5.2", lambda: _ICSR[2016] / _ICSR[2014], "That is 2016 as a share of 2014"),
    Wrong(E5, "5.2", lambda: 100 * _ICSR[2016] / _ICSR[2014], "That is 2016 as a share of 2014"),
    Wrong(E5, "5.2", lambda: 100 * (_ICSR[2016] - _yearly_total("CAT", 2015)) / _yearly_total("CAT", 2015), "CAT's 2015 figure"),
    Wrong(E5, "5.2", lambda: (_ICSR[2016] - _ICSR[2014]) / _ICSR[2014], "That looks like a fraction"),
    Wrong(E5, "5.2", lambda: 100 * (_ICSR[2014] - _ICSR[2016]) / _ICSR[2014], "Check the sign"),
    Wrong(E5, "5.4", lambda: 100 * _fighters("2018-07", "minors") / _fighters("2018-07", "foreign_affiliates"), "That is a percentage"),
    Wrong(E5, "5.4", lambda: 0.12, "Well checked: Cook & Vale print 12 %"),
    Wrong(E5, "5.4", lambda: 12, "Well checked: Cook & Vale print 12 %"),
    Wrong(E5, "5.4", lambda: _fighters("2018-07", "minors") / sum(_fighters("2018-07", m) for m in ("foreign_affiliates", "women", "minors")), "Women and minors are already counted"),
    Wrong(E5, "5.4", lambda: _fighters("2019-07", "minors") / _fighters("2019-07", "foreign_affiliates"), "Those are the July 2019 figures"),
    Wrong(E5, "5.5", lambda: "supported", "The fall itself is in the IHS series"),
    Wrong(E5, "5.5", lambda: "supported with caveats", "A caveat fits"),
    Wrong(E5, "5.5", lambda: "contradicted", "The numbers trace to IHS"),
    Wrong(E5, "5.5", lambda: "not traceable", "The numbers trace to IHS"),
    Wrong(E5, "5.6", lambda: float(_deaths_2014("world").sum()), "The three values are the same year"),
    Wrong(E5, "5.6", lambda: float(_deaths_2014().max() - _deaths_2014().min()), "Your rows mix scopes"),
    *(Wrong(E5, "5.6", lambda v=value: v, "That is one edition's value") for value in (*_deaths_2014("world"), _deaths_2014("world").mean())),
    Wrong(L2, "02.a", lambda: int((load("mexico_homicide_rates")["rate_per_100k"] > 25).sum()), "That counts rows"),
    Wrong(L2, "02.a", lambda: len(years_above("homicides", 25)), "That uses the count of homicides"),
    Wrong(L2, "02.b", lambda: 100 * _killings(2009) / _killings(2008), "That is new / old x 100"),
    Wrong(L2, "02.b", lambda: _killings(2009) / _killings(2008), "That is the multiple"),
    Wrong(L2, "02.b", lambda: (_killings(2009) - _killings(2008)) / _killings(2008), "That is the change as a fraction"),
    Wrong(L2, "02.b", lambda: percent_change(_killings(2009), _killings(2008)), "Old and new are swapped"),
    Wrong(L2, "02.c", lambda: average_annual_growth(*_RNPDNO, 8), "From 2017 to 2024 is seven"),
    Wrong(L2, "02.c", lambda: percent_change(*_RNPDNO) / 7, "That is the percent change divided by seven"),
    Wrong(L2, "02.d", lambda: percent_change(value_in("us_overdose_deaths", 2022), value_in("us_overdose_deaths", 2023)), "That is the change in the count of deaths"),
    Wrong(L7, "07.a", lambda: _2032((30, 2), "vs_2022_pct"), "That is the change against 2022"),
    Wrong(L7, "07.a", lambda: _2032((30, 2), "vs_baseline_pct", 2027), "That is the change by 2027"),
    Wrong(L7, "07.b", lambda: "more than the sum", "Together the two levers"),
    Wrong(L7, "07.b", lambda: "exactly the sum", "The model is not additive"),
    Wrong(L7, "07.c", lambda: _smallest_cut(1.0), "That is the cut that works with incapacitation unchanged"),
    Wrong(L7, "07.c", lambda: _smallest_cut(1.5) - 10, "At that cut, weekly deaths in 2032 are still above"),
    Wrong(L3, "03.a", lambda: int((_RIVALS > 0).sum()), "That counts the groups with at least"),
    Wrong(L3, "03.a", lambda: int((_RIVALS == 0).sum()), "That is the lesson's example"),
    Wrong(L3, "03.b", lambda: len(_rival_ids(CJNG)) + len(_rival_ids(CHAPITOS)), "Adding the two"),
    Wrong(L3, "03.b", lambda: len(_rival_ids(CJNG) & _rival_ids(CHAPITOS)), "& keeps the rivals"),
    Wrong(L3, "03.b", lambda: len(_rival_ids(CJNG)), "That is CJNG's rivals alone"),
    Wrong(L3, "03.c", lambda: _shuffles(lambda s: s >= balanced_share(ties())), "That compares"),
    Wrong(L3, "03.c", lambda: _shuffles(lambda s: s > balanced_share(ties("Sinaloa + CJNG"))), "Count the shuffles at least"),
    Wrong(L3, "03.c", lambda: _shuffles(lambda s: s >= balanced_share(ties("Sinaloa + CJNG"))) / 1000, "That is the share of the shuffles"),
    Wrong(L5, "05.a", lambda: _LOST_05A / 3, "You divided by the number of gaps"),
    Wrong(L5, "05.a", lambda: _LOST_05A / 4, "You divided by the number of gaps"),
    Wrong(L5, "05.a", lambda: _LOST_05A / 12, "Calendar months ignore the days"),
    Wrong(L5, "05.a", lambda: _LOST_05A / 11, "Calendar months ignore the days"),
    Wrong(L5, "05.a", lambda: _LOST_05A, "That is the whole loss"),
    Wrong(L5, "05.b", lambda: 100 * _ihs("2017-Q2") / _ihs("2016-03"), "That is the later value"),
    Wrong(L5, "05.b", lambda: 100 * (_ihs("2017-Q2") - _ihs("2016-03")) / _ihs("2017-Q2"), "Divide by the earlier value"),
    Wrong(L5, "05.c", lambda: 100 * share_of_affiliates("returnees", "2019-07"), "That is a percentage"),
    Wrong(L5, "05.c", lambda: share_of_affiliates("returnees", "2018-07"), "That is the July 2018"),
    Wrong(L6, "06.b", lambda: int((load("kingpin_studies")["direction"] == "increase").sum()), "That counts rows (findings)"),
    Wrong(L6, "06.c", _weighted_sum_without_demand, "That is the sum of weight × rating"),
    Wrong(L6, "06.c", lambda: _weighted_sum_without_demand() / sum(example_weights().values()), "You divided by the old total"),
]  # fmt: skip


@pytest.mark.parametrize("case", WRONG_ANSWERS, ids=str)
def test_a_wrong_answer_described_by_a_hint_gets_that_hint(case: Wrong) -> None:
    question = next(q for q in case.exercise.questions if q.id == case.question)
    value = case.value()
    result = case.exercise.check(case.question, namespace={question.answer_name: value})
    assert result.status is Status.COMMON_MISTAKE, f"{case.question}: {value!r} gave {result}"
    assert result.hint.startswith(case.hint), f"{case.question}: {value!r} gave {result.hint}"


# Wrong answers that are none of the anticipated mistakes: the student gets the question's own
# hint, not a diagnosis meant for another slip.
NOT_A_MISTAKE = [
    Wrong(L6, "06.a", lambda: sorted(_l1_dimensions())[:2], "Keep the rows of op_ed_mapping()"),
    Wrong(E6, "6.3", lambda: [*_line_dimensions("L6"), "D01"], "In analogy_lines, find the lines"),
    # A share of 1 says every claim is normative: wrong, but a share, not a count of claims.
    Wrong(E1, "1.3", lambda: (_claims()["primary_kind"] != "").mean(), "Compare the primary_kind"),
]


@pytest.mark.parametrize("case", NOT_A_MISTAKE, ids=str)
def test_a_wrong_answer_no_mistake_describes_gets_the_questions_own_hint(case: Wrong) -> None:
    question = next(q for q in case.exercise.questions if q.id == case.question)
    value = case.value()
    result = case.exercise.check(case.question, namespace={question.answer_name: value})
    assert (result.status, result.hint) == (Status.WRONG_VALUE, question.hint), (
        f"{case.question}: {value!r} gave {result}"
    )
    assert question.hint.startswith(case.hint)
