"""Lesson 07's "your turn" challenges: read a strategy's effect, weigh "why not both", find a setting."""

from __future__ import annotations

import math

from cartel_lab.answer_types import Choice, Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.strategy import YEAR_2032, effects, strategy, strategy_space

BOTH_OPTIONS = ("more than the sum", "less than the sum", "exactly the sum")


def _deaths(plan_args: tuple, year: int, column: str) -> float:
    table = effects(strategy(*plan_args))
    chosen = (table["measure"] == "conflict deaths per week") & (table["year"] == year)
    return float(table.loc[chosen, column].iloc[0])


def _savings_2032() -> dict[str, float]:
    """Conflict deaths a week saved on 1 January 2032 against doing nothing: by halving
    recruitment, by doubling incapacitation, and by both (the three savings 07.b compares)."""
    base = _deaths((0,), YEAR_2032, "value")
    plans = {"halved": (50,), "doubled": (0, 2), "both": (50, 2)}
    return {name: base - _deaths(plan, YEAR_2032, "value") for name, plan in plans.items()}


def _both_vs_sum() -> str:
    saved = _savings_2032()
    apart = saved["halved"] + saved["doubled"]
    if math.isclose(saved["both"], apart, rel_tol=1e-9):
        return "exactly the sum"
    return "more than the sum" if saved["both"] > apart else "less than the sum"


def _smallest_cut(level: float) -> float:
    space = strategy_space()
    reaching = space[
        (space["year"] == YEAR_2032)
        & (space["network"] == "none")
        & (space["incapacitation"] == level)
        & (space["conflict_deaths_vs_2022_pct"] < 0)
    ]
    return float(reaching["recruitment_cut"].min())


CHALLENGES = Exercise(
    number="07",
    title="Policy lab: your turn",
    questions=(
        Question(
            id="07.a",
            answer_name="both_deaths_2032_vs_baseline",
            answer_type=Number(what="a percentage change", rel_tol=0.01),
            hint="In effects(strategy(30, 2)), pick the row 'conflict deaths per week', year 2032, "
            "and read the vs_baseline_pct column.",
            computed_key=lambda: _deaths((30, 2), 2032, "vs_baseline_pct"),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, _deaths((30, 2), 2032, "vs_2022_pct")),
                    hint="That is the change against 2022. The question compares with the "
                    "baseline (doing nothing) in 2032: the vs_baseline_pct column.",
                    example=lambda key: _deaths((30, 2), 2032, "vs_2022_pct"),
                ),
                Mistake(
                    applies=lambda answer, key: near(
                        answer, _deaths((30, 2), 2027, "vs_baseline_pct")
                    ),
                    hint="That is the change by 2027. The question asks for 1 January 2032.",
                    example=lambda key: _deaths((30, 2), 2027, "vs_baseline_pct"),
                ),
            ),
        ),
        Question(
            id="07.b",
            answer_name="both_vs_sum",
            answer_type=Choice(options=BOTH_OPTIONS),
            hint="Work out the three savings (baseline deaths in 2032 minus each strategy's) and "
            "compare the third with the first two added up.",
            computed_key=_both_vs_sum,
            mistakes=(
                Mistake(
                    applies=lambda answer, key: answer == "more than the sum" != key,
                    hint="Together the two levers do save more than either alone, but compare "
                    "with the two savings added up: both shrink the same pool of members.",
                    example=lambda key: "more than the sum",
                ),
                Mistake(
                    applies=lambda answer, key: answer == "exactly the sum" != key,
                    hint="The model is not additive: each lever's saving depends on how many "
                    "members the other has left. Compute the three savings and compare.",
                    example=lambda key: "exactly the sum",
                ),
            ),
        ),
        Question(
            id="07.c",
            answer_name="smallest_cut",
            answer_type=Number(what="a recruitment cut in percent", rel_tol=1e-6),
            hint="Keep the rows of strategy_space() for 2032, network 'none', incapacitation 1.5 "
            "and conflict_deaths_vs_2022_pct below 0, then take the smallest recruitment_cut.",
            computed_key=lambda: _smallest_cut(1.5),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, _smallest_cut(1.0), 1e-6),
                    hint="That is the cut that works with incapacitation unchanged (1.0). The "
                    "question keeps incapacitation at 1.5 times today's.",
                    example=lambda key: _smallest_cut(1.0),
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, key - 10, 1e-6),
                    hint="At that cut, weekly deaths in 2032 are still above 2022 "
                    "(conflict_deaths_vs_2022_pct is positive). Keep only rows below 0.",
                    example=lambda key: key - 10,
                ),
            ),
        ),
    ),
)
check = CHALLENGES.check
