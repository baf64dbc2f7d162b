"""Exercise 07, the policy lab: read strategies in the model, find what it cannot see, write the brief.

The brief's check is about form only: every section present and not empty,
every cited table real. The opinion in it is never checked. ``submit()`` adds
the brief to the zip as ``policy-brief.md`` (see ``brief_files``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cartel_lab.answer_types import AnswerProblem, Choice, LabelMap, Number, describe
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.strategy import YEAR_2032, Brief, brief, effects, strategy, strategy_space
from cartel_lab.submission import submitter

BRIEF_VARIABLE = "my_brief"
BRIEF_FILE = "policy-brief.md"

# The questions' strategies, named once (the lesson shows none of them).
ASKED = (40, 1.25)  # 7.1 and 7.2: recruitment cut 40 %, incapacitation × 1.25
LARGEST_OPTIONS = (
    "a 20 % recruitment cut",
    "incapacitation at 1.5 times today's",
    "the super-cartel, with no policy",
)
# 7.4: a think tank's five proposals, each in the model or outside it.
PROPOSALS = (
    "joint security operations",
    "school and jobs programmes",
    "doubling arrests",
    "action on money laundering",
    "terrorist designation",
)
IN_OR_OUT = ("in the model", "outside the model")


def _other(label: str) -> str:
    return IN_OR_OUT[1 - IN_OR_OUT.index(label)]


TARGET_CUT, TARGET_FALL = 20, -25.0


def _effect(plan_args: tuple, measure: str, year: int, column: str) -> float:
    table = effects(strategy(*plan_args))
    chosen = (table["measure"] == measure) & (table["year"] == year)
    return float(table.loc[chosen, column].iloc[0])


_DEATHS = "conflict deaths per week"
DEATHS_2027_VS_BASELINE = _effect(ASKED, _DEATHS, 2027, "vs_baseline_pct")
DEATHS_2027_VS_2022 = _effect(ASKED, _DEATHS, 2027, "vs_2022_pct")
DEATHS_2032_VS_BASELINE = _effect(ASKED, _DEATHS, 2032, "vs_baseline_pct")
MEMBERS_2027_VS_BASELINE = _effect(ASKED, "members", 2027, "vs_baseline_pct")
MEMBERS_2027_VS_2022 = _effect(ASKED, "members", 2027, "vs_2022_pct")


def _smallest_level(network: str) -> float:
    space = strategy_space()
    reaching = space[
        (space["year"] == YEAR_2032)
        & (space["network"] == network)
        & (space["recruitment_cut"] == TARGET_CUT)
        & (space["conflict_deaths_vs_2022_pct"] <= TARGET_FALL)
    ]
    return float(reaching["incapacitation"].min())


LEVEL_ON_TODAYS_NETWORK = _smallest_level("none")


# A complete brief, and two ways students leave one incomplete (the mistakes' examples).
_COMPLETE = brief(
    strategy(20, 1.5),
    title="Example",
    problem="Weekly conflict deaths keep rising.",
    expected_effect="Fewer deaths than doing nothing.",
    evidence=["model_results"],
    risks="Cost.",
    change_my_mind="Better data.",
)
UNKNOWN_TABLE = replace(_COMPLETE, evidence=("homicides",))
EMPTY_SECTION = replace(_COMPLETE, risks="")


@dataclass(frozen=True)
class CompleteBrief:
    """A brief made with ``brief(...)``, judged on form only: the list of what it still lacks."""

    def describe(self) -> str:
        """Say what the answer should look like."""
        return "a brief made with brief(...), every section filled"

    def normalize(self, value: Any) -> tuple[str, ...]:
        """Read the brief as the tuple of its problems (empty when complete)."""
        if not isinstance(value, Brief):
            raise AnswerProblem(
                f"it should be a brief made with brief(strategy(...), title=..., ...), but it is "
                f"{describe(value)}."
            )
        return tuple(value.problems())

    def compare(self, answer: tuple[str, ...], key: Any) -> str | None:
        """None when nothing is missing, else every problem (the content is never judged)."""
        if not answer:
            return None
        return "The brief is not complete yet. " + " ".join(answer)

    def encode(self, answer: tuple[str, ...] | Brief) -> str | Brief:
        """Store what a complete brief gives: nothing missing ("complete").

        Given the key itself (a complete example brief), return it: it is the
        answer that passes.
        """
        return answer if isinstance(answer, Brief) else "complete"

    def decode(self, stored: Any) -> Brief:
        """The key: a complete example brief (only completeness is ever compared)."""
        return _COMPLETE


QUESTIONS = (
    Question(
        id="7.1",
        answer_name="deaths_2027_vs_baseline",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Build strategy(40, 1.25), run effects() on it, and read vs_baseline_pct in the row "
        "'conflict deaths per week', year 2027.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, DEATHS_2027_VS_2022),
                hint="That is the change against 2022. Against the baseline means against doing "
                "nothing in the same year: the vs_baseline_pct column.",
                example=lambda key: DEATHS_2027_VS_2022,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, DEATHS_2032_VS_BASELINE),
                hint="That is the change by 2032. The question asks for 1 January 2027.",
                example=lambda key: DEATHS_2032_VS_BASELINE,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, MEMBERS_2027_VS_BASELINE),
                hint="That is the change in members; the question asks about weekly conflict deaths.",
                example=lambda key: MEMBERS_2027_VS_BASELINE,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, key / 100),
                hint="That looks like a fraction. Give a percentage (e.g. -12.5 for -12.5 %).",
                example=lambda key: key / 100,
            ),
        ),
    ),
    Question(
        id="7.2",
        answer_name="deaths_2027_vs_2022",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Same strategy and row as 7.1; read the vs_2022_pct column.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, DEATHS_2027_VS_BASELINE),
                hint="That is the change against the baseline (your answer to 7.1). This question "
                "compares with 1 January 2022.",
                example=lambda key: DEATHS_2027_VS_BASELINE,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, MEMBERS_2027_VS_2022),
                hint="That is the change in members; the question asks about weekly conflict deaths.",
                example=lambda key: MEMBERS_2027_VS_2022,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, -key),
                hint="Check the sign: a fall is a negative change.",
                example=lambda key: -key,
            ),
        ),
    ),
    Question(
        id="7.3",
        answer_name="largest_effect",
        answer_type=Choice(options=LARGEST_OPTIONS),
        hint="Run effects() for strategy(20), strategy(0, 1.5) and strategy(0, 1, 'Sinaloa + "
        "CJNG'), and compare vs_baseline_pct for weekly deaths in 2032.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == "incapacitation at 1.5 times today's" != key,
                hint="Incapacitation lowers deaths against the baseline, but compare the sizes of "
                "the three vs_baseline_pct values: the most negative is the largest fall.",
                example=lambda key: "incapacitation at 1.5 times today's",
            ),
            Mistake(
                applies=lambda answer, key: answer == "the super-cartel, with no policy" != key,
                hint="In this model a merger only lowers the conflict between the two groups: "
                "look at how small its vs_baseline_pct is.",
                example=lambda key: "the super-cartel, with no policy",
            ),
        ),
    ),
    Question(
        id="7.4",
        answer_name="proposal_in_model",
        answer_type=LabelMap(items=PROPOSALS, labels=IN_OR_OUT),
        hint="For each proposal, find its lever in levers() and read the in_model column.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: any(
                    answer[item] != key[item]
                    for item in ("doubling arrests", "school and jobs programmes")
                ),
                hint="Look again at the two proposals the model has a parameter for: which would "
                "change rho (recruitment) or eta (incapacitation)?",
                example=lambda key: {**key, "doubling arrests": _other(key["doubling arrests"])},
            ),
            Mistake(
                applies=lambda answer, key: (
                    answer["terrorist designation"] != key["terrorist designation"]
                ),
                hint="A designation is a legal label: which of the model's four parameters (rho, "
                "eta, theta, omega) would it change, and by how much?",
                example=lambda key: {
                    **key,
                    "terrorist designation": _other(key["terrorist designation"]),
                },
            ),
        ),
    ),
    Question(
        id="7.5",
        answer_name="smallest_incapacitation",
        answer_type=Number(what="an incapacitation level (× today's)", rel_tol=1e-6),
        hint="Keep the rows of strategy_space() for 2032, network 'Sinaloa + CJNG', "
        "recruitment_cut 20 and conflict_deaths_vs_2022_pct at -25 or below; take the smallest "
        "incapacitation.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: (
                    near(answer, LEVEL_ON_TODAYS_NETWORK, 1e-6) and key != LEVEL_ON_TODAYS_NETWORK
                ),
                hint="That is the level on today's network. The question asks about the "
                "Sinaloa + CJNG super-cartel: filter the network column too.",
                example=lambda key: LEVEL_ON_TODAYS_NETWORK,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, key - 0.25, 1e-6),
                hint="At that level weekly deaths in 2032 are not yet 25 % below 2022. Keep only "
                "rows with conflict_deaths_vs_2022_pct at -25 or below.",
                example=lambda key: key - 0.25,
            ),
        ),
    ),
    Question(
        id="7.6",
        answer_name=BRIEF_VARIABLE,
        answer_type=CompleteBrief(),
        hint="Run my_brief.problems(): it lists what is still missing.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: any("Not a table" in text for text in answer),
                hint="Cite tables by the names load() takes; table_names() lists them all.",
                example=lambda key: UNKNOWN_TABLE,
            ),
            Mistake(
                applies=lambda answer, key: any("is empty" in text for text in answer),
                hint="Every section needs at least a sentence. What you argue is yours: the "
                "check only sees that each section is there.",
                example=lambda key: EMPTY_SECTION,
            ),
        ),
    ),
)


def brief_files(namespace: Mapping[str, Any]) -> dict[str, bytes]:
    """The brief for the submission zip, ``policy-brief.md``, from ``my_brief`` (none if unset).

    An incomplete brief raises ``ValueError`` with what is missing: the
    submission is still written, with a note saying so.
    """
    item = namespace.get(BRIEF_VARIABLE)
    if not isinstance(item, Brief):
        return {}
    return {BRIEF_FILE: item.markdown().encode("utf-8")}


EXERCISE = Exercise(number="07", title="Policy lab", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE, extra_files=brief_files)
