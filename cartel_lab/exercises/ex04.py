"""Exercise 04, the recruitment model: read a run, compare policies two ways, find what matters most."""

from __future__ import annotations

from cartel_lab.answer_types import Choice, Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.data import load
from cartel_lab.model import SENSITIVITY_INPUTS, compare_scenarios, history
from cartel_lab.submission import submitter

_TOTALS = history().totals().set_index("week")
_2022 = _TOTALS.loc[520]
_2017 = _TOTALS.loc[260]  # 1 January 2017, the week 4.1 asks about
_PUBLISHED = load("model_results").set_index("result_id")["value_low"]
PAPER_HALVED_DEATHS = float(_PUBLISHED["M20"])  # -25 %, as the press reported the paper
PAPER_DOUBLED_DEATHS = float(_PUBLISHED["M22"])  # +8 %, horizon not stated
PAPER_WEEKLY_RECRUITS = (
    float(_PUBLISHED["M02"]),
    float(load("model_results").set_index("result_id").loc["M02", "value_high"]),
)
# The lesson prints the five-year table (to 2027); the exercise asks about ten years (to 2032).
_IN_2027 = compare_scenarios(5).set_index("scenario")
_IN_2032 = compare_scenarios(10).set_index("scenario")
_HALVED = _IN_2032.loc["recruitment halved"]
_DOUBLED = _IN_2032.loc["incapacitation doubled"]
_MERGED_ROW = "super-cartel: Los Chapitos + CJNG (module's extension)"
_MERGED = _IN_2032.loc[_MERGED_ROW]


def _five_years(scenario: str, column: str) -> Mistake:
    """The same cell of the lesson's five-year table: the right row, the wrong horizon."""
    value = float(_IN_2027.loc[scenario, column])
    return Mistake(
        applies=lambda answer, key: near(answer, value),
        hint="That is the lesson's table, five years ahead (1 January 2027). The question asks "
        "about 1 January 2032: run compare_scenarios(10).",
        example=lambda key: value,
    )


QUESTIONS = (
    Question(
        id="4.1",
        answer_name="members_2017",
        answer_type=Number(what="a number of members", rel_tol=0.001),
        hint="Week 0 is 1 January 2012 and the model counts 52 weeks a year: pick the row of "
        "totals whose week is 260 and read its members column.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, 115_000),
                hint="115,000 is the start, 1 January 2012 (the first row, week 0). 1 January "
                "2017 is five years later: week 5 × 52 = 260.",
                example=lambda key: 115_000.0,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _2022["members"], 0.002),
                hint="That is the last row, 1 January 2022 (week 520). The question asks about "
                "1 January 2017: week 260.",
                example=lambda key: float(_2022["members"]),
            ),
            Mistake(
                applies=lambda answer, key: (
                    near(answer, _TOTALS.loc[208, "members"], 0.002)
                    or near(answer, _TOTALS.loc[312, "members"], 0.002)
                ),
                hint="That is a year off: week 208 is 1 January 2016 and week 312 is 1 January "
                "2018. Count weeks as 52 × (2017 − 2012) = 260.",
                example=lambda key: float(_TOTALS.loc[208, "members"]),
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
                applies=lambda answer, key: near(answer, _2022["net_recruitment"]),
                hint="That is what the cartels do recruit (net) in that week, and members grow. "
                "What would they need just to replace their losses?",
                example=lambda key: float(_2022["net_recruitment"]),
            ),
            Mistake(
                applies=lambda answer, key: (
                    PAPER_WEEKLY_RECRUITS[0] <= answer <= PAPER_WEEKLY_RECRUITS[1]
                ),
                hint="350-370 is the paper's figure (M02): what the cartels actually recruited "
                "each week in 2021, which the paper calls 'needed to avoid collapse'. Holding the "
                "total steady takes less: only the week's losses.",
                example=lambda key: PAPER_WEEKLY_RECRUITS[0],
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _2022["recruited"]),
                hint="That is gross recruitment this week. Add up the losses instead: "
                "conflict_deaths and incapacitated.",
                example=lambda key: float(_2022["recruited"]),
            ),
            Mistake(
                applies=lambda answer, key: (
                    near(answer, _2022["conflict_deaths"]) or near(answer, _2022["incapacitated"])
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
        hint="Run compare_scenarios(10) (ten years ahead, to 1 January 2032); in the row "
        "'recruitment halved', read conflict_deaths_vs_2022_pct.",
        mistakes=(
            _five_years("recruitment halved", "conflict_deaths_vs_2022_pct"),
            Mistake(
                applies=lambda answer, key: near(
                    answer, _HALVED["conflict_deaths_vs_baseline_pct"]
                ),
                hint="That is the change against the baseline in 2032 (doing nothing). The "
                "question compares with 1 January 2022: use the *_vs_2022_pct column.",
                example=lambda key: float(_HALVED["conflict_deaths_vs_baseline_pct"]),
            ),
            Mistake(
                applies=lambda answer, key: near(answer, key / 100),
                hint="That looks like a fraction. Give a percentage (e.g. -12.5 for -12.5 %).",
                example=lambda key: key / 100,
            ),
            Mistake(
                applies=lambda answer, key: abs(answer - PAPER_HALVED_DEATHS) < 0.05,
                hint="-25 % is the paper's five-year figure as the press rounded it. The question "
                "asks for the module's own ten-year rerun: compare_scenarios(10).",
                example=lambda key: PAPER_HALVED_DEATHS,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _HALVED["members_vs_2022_pct"]),
                hint="That is the change in members. The question asks about weekly conflict deaths.",
                example=lambda key: float(_HALVED["members_vs_2022_pct"]),
            ),
        ),
    ),
    Question(
        id="4.4",
        answer_name="doubled_deaths_vs_2022",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="In compare_scenarios(10), row 'incapacitation doubled', column "
        "conflict_deaths_vs_2022_pct.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: abs(answer - PAPER_DOUBLED_DEATHS) < 0.05,
                hint="+8 % is the figure the press quoted for the paper, with no horizon. Read the "
                "module's value for 2032 from compare_scenarios(10).",
                example=lambda key: PAPER_DOUBLED_DEATHS,
            ),
            _five_years("incapacitation doubled", "conflict_deaths_vs_2022_pct"),
            Mistake(
                applies=lambda answer, key: near(
                    answer, _DOUBLED["conflict_deaths_vs_baseline_pct"]
                ),
                hint="That is the change against the baseline. This question compares with 2022; "
                "the next one asks for the baseline.",
                example=lambda key: float(_DOUBLED["conflict_deaths_vs_baseline_pct"]),
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _DOUBLED["members_vs_2022_pct"]),
                hint="That is the change in members; the question asks about weekly conflict deaths.",
                example=lambda key: float(_DOUBLED["members_vs_2022_pct"]),
            ),
        ),
    ),
    Question(
        id="4.5",
        answer_name="doubled_deaths_vs_baseline",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Same table, compare_scenarios(10): row 'incapacitation doubled', column "
        "conflict_deaths_vs_baseline_pct.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, _DOUBLED["conflict_deaths_vs_2022_pct"]),
                hint="That is the change against 2022 (your answer to 4.4). Against the baseline "
                "means against doing nothing, in the same year 2032.",
                example=lambda key: float(_DOUBLED["conflict_deaths_vs_2022_pct"]),
            ),
            _five_years("incapacitation doubled", "conflict_deaths_vs_baseline_pct"),
            Mistake(
                applies=lambda answer, key: near(answer, -key),
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
        hint="In compare_scenarios(10), row 'super-cartel: Los Chapitos + CJNG (module's extension)', "
        "column conflict_deaths_vs_baseline_pct.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, _MERGED["conflict_deaths_vs_2022_pct"]),
                hint="That is the change against 2022, which mostly shows the baseline's own "
                "rise. The question asks what the merger changes: compare with the baseline.",
                example=lambda key: float(_MERGED["conflict_deaths_vs_2022_pct"]),
            ),
            _five_years(_MERGED_ROW, "conflict_deaths_vs_baseline_pct"),
            Mistake(
                applies=lambda answer, key: near(answer, -key),
                hint="Check the sign: in this model an alliance damps both partners' conflict "
                "with every group, so deaths fall against the baseline.",
                example=lambda key: -key,
            ),
        ),
    ),
    Question(
        id="4.7",
        answer_name="least_sensitive_input",
        answer_type=Choice(options=tuple(sorted(SENSITIVITY_INPUTS.values()))),
        hint="In sensitivity(), keep the rows of the outcome 'conflict deaths per week, 1 Jan "
        "2027' and find the input with the smallest change_pct in size: .abs().idxmin().",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == SENSITIVITY_INPUTS["omega"],
                hint="Saturation moves members in 2027 least (the lesson's table). The question "
                "asks about weekly conflict deaths in 2027: keep those rows instead.",
                example=lambda key: SENSITIVITY_INPUTS["omega"],
            ),
            Mistake(
                applies=lambda answer, key: answer == SENSITIVITY_INPUTS["rho"],
                hint="Recruitment moves deaths the *most*. The question asks for the smallest "
                "change in size: .idxmin() on the absolute values, not .idxmax().",
                example=lambda key: SENSITIVITY_INPUTS["rho"],
            ),
            Mistake(
                applies=lambda answer, key: answer == SENSITIVITY_INPUTS["eta"],
                hint="Compare sizes, ignoring the sign: a change of -8.8 % is larger than one of "
                "+1.0 %. Take .abs() before .idxmin().",
                example=lambda key: SENSITIVITY_INPUTS["eta"],
            ),
        ),
    ),
)

EXERCISE = Exercise(number="04", title="The recruitment model", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
