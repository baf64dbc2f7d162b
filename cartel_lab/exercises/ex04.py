"""Exercise 04, the recruitment model: read a run, compare policies two ways, find what matters most."""

from __future__ import annotations

from cartel_lab.answer_types import Choice, Number
from cartel_lab.checking import Exercise, Mistake, Question
from cartel_lab.data import load
from cartel_lab.model import SENSITIVITY_INPUTS, compare_scenarios, history
from cartel_lab.submission import submitter

_2022 = history().totals().iloc[-1]
_PUBLISHED = load("model_results").set_index("result_id")["value_low"]
PAPER_HALVED_DEATHS = float(_PUBLISHED["M20"])  # -25 %, as the press reported the paper
PAPER_DOUBLED_DEATHS = float(_PUBLISHED["M22"])  # +8 %
_SCENARIOS = compare_scenarios().set_index("scenario")
_HALVED = _SCENARIOS.loc["recruitment halved"]
_DOUBLED = _SCENARIOS.loc["incapacitation doubled"]
_MERGED = _SCENARIOS.loc["super-cartel: Sinaloa + CJNG (module's extension)"]


def _near(answer: float, value: float, tolerance: float = 0.01) -> bool:
    """True when ``answer`` is within ``tolerance`` (relative) of ``value``."""
    return abs(answer - value) <= tolerance * max(abs(value), 1e-9)


QUESTIONS = (
    Question(
        id="4.1",
        answer_name="members_2022",
        answer_type=Number(what="a number of members", rel_tol=0.001),
        hint="Take the members column of the last row of history().totals() (week 520).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, 115_000),
                hint="115,000 is the start, 1 January 2012 (the first row). The question asks "
                "for 1 January 2022: the last row.",
                example=lambda key: 115_000.0,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, 175_000, 0.0005),
                hint="175,000 is the press's rounded figure for the paper; the question asks "
                "for the module's own value.",
                example=lambda key: 175_000.0,
            ),
        ),
    ),
    Question(
        id="4.2",
        answer_name="steady_recruitment",
        answer_type=Number(what="members per week", rel_tol=0.01),
        hint="The total stays constant when net recruitment equals the week's losses: "
        "conflict deaths plus incapacitations.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, _2022["net_recruitment"]),
                hint="That is what the cartels do recruit (net) in that week, and members grow. "
                "What would they need just to replace their losses?",
                example=lambda key: float(_2022["net_recruitment"]),
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, _2022["recruited"]),
                hint="That is gross recruitment this week. Add up the losses instead: "
                "conflict_deaths and incapacitated.",
                example=lambda key: float(_2022["recruited"]),
            ),
            Mistake(
                applies=lambda answer, key: (
                    _near(answer, _2022["conflict_deaths"]) or _near(answer, _2022["incapacitated"])
                ),
                hint="Members are lost two ways: conflict deaths and incapacitations. Add both.",
                example=lambda key: float(_2022["conflict_deaths"]),
            ),
        ),
    ),
    Question(
        id="4.3",
        answer_name="halved_deaths_vs_2022",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Use the conflict_deaths_vs_2022_pct column of compare_scenarios(), row "
        "'recruitment halved'.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(
                    answer, _HALVED["conflict_deaths_vs_baseline_pct"]
                ),
                hint="That is the change against the baseline in 2027 (doing nothing). The "
                "question compares with 1 January 2022: use the *_vs_2022_pct column.",
                example=lambda key: float(_HALVED["conflict_deaths_vs_baseline_pct"]),
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, key / 100),
                hint="That looks like a fraction. Give a percentage (e.g. -12.5 for -12.5 %).",
                example=lambda key: key / 100,
            ),
            Mistake(
                applies=lambda answer, key: abs(answer - PAPER_HALVED_DEATHS) < 0.05,
                hint="-25 % is the paper's figure as the press rounded it. The question asks for "
                "the module's own rerun: read it from compare_scenarios().",
                example=lambda key: PAPER_HALVED_DEATHS,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, _HALVED["members_vs_2022_pct"]),
                hint="That is the change in members. The question asks about weekly conflict deaths.",
                example=lambda key: float(_HALVED["members_vs_2022_pct"]),
            ),
        ),
    ),
    Question(
        id="4.4",
        answer_name="doubled_deaths_vs_2022",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Row 'incapacitation doubled', column conflict_deaths_vs_2022_pct.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: abs(answer - PAPER_DOUBLED_DEATHS) < 0.05,
                hint="+8 % is the figure the press quoted for the paper; the module's rerun gives "
                "less (lesson 04 says why). Read the module's value from compare_scenarios().",
                example=lambda key: PAPER_DOUBLED_DEATHS,
            ),
            Mistake(
                applies=lambda answer, key: _near(
                    answer, _DOUBLED["conflict_deaths_vs_baseline_pct"]
                ),
                hint="That is the change against the baseline. This question compares with 2022; "
                "the next one asks for the baseline.",
                example=lambda key: float(_DOUBLED["conflict_deaths_vs_baseline_pct"]),
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, _DOUBLED["members_vs_2022_pct"]),
                hint="That is the change in members; the question asks about weekly conflict deaths.",
                example=lambda key: float(_DOUBLED["members_vs_2022_pct"]),
            ),
        ),
    ),
    Question(
        id="4.5",
        answer_name="doubled_deaths_vs_baseline",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Row 'incapacitation doubled', column conflict_deaths_vs_baseline_pct.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, _DOUBLED["conflict_deaths_vs_2022_pct"]),
                hint="That is the change against 2022 (your answer to 4.4). Against the baseline "
                "means against doing nothing, in the same year 2027.",
                example=lambda key: float(_DOUBLED["conflict_deaths_vs_2022_pct"]),
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, -key),
                hint="Check the sign: doubling arrests gives fewer deaths than doing nothing, "
                "so the change is negative.",
                example=lambda key: -key,
            ),
        ),
    ),
    Question(
        id="4.6",
        answer_name="super_cartel_deaths_vs_baseline",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Row 'super-cartel: Sinaloa + CJNG (module's extension)', column "
        "conflict_deaths_vs_baseline_pct.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, _MERGED["conflict_deaths_vs_2022_pct"]),
                hint="That is the change against 2022, which mostly shows the baseline's own "
                "rise. The question asks what the merger changes: compare with the baseline.",
                example=lambda key: float(_MERGED["conflict_deaths_vs_2022_pct"]),
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, -key),
                hint="Check the sign: in this model an alliance lowers the conflict between the "
                "two groups.",
                example=lambda key: -key,
            ),
        ),
    ),
    Question(
        id="4.7",
        answer_name="most_sensitive_input",
        answer_type=Choice(options=tuple(sorted(SENSITIVITY_INPUTS.values()))),
        hint="In sensitivity(), keep the rows of the outcome 'members, 1 Jan 2027' and find the "
        "input with the largest change_pct (in size, either sign).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == SENSITIVITY_INPUTS["start_members"],
                hint="The starting members matter a lot, but one input moves members in 2027 "
                "even more. Compare the sizes of the changes, ignoring their sign.",
                example=lambda key: SENSITIVITY_INPUTS["start_members"],
            ),
            Mistake(
                applies=lambda answer, key: (
                    answer in {SENSITIVITY_INPUTS[name] for name in ("eta", "theta", "omega")}
                ),
                hint="Look at the size of change_pct, not its sign: a -16 % change is larger than "
                "a +5 % change.",
                example=lambda key: SENSITIVITY_INPUTS["eta"],
            ),
        ),
    ),
)

EXERCISE = Exercise(number="04", title="The recruitment model", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
