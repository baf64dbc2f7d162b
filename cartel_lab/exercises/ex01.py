"""Exercise 01, the argument: classify the op-ed's claims and map its analogy."""

from __future__ import annotations

from cartel_lab.answer_types import Choice, Counts, IdSet, LabelMap, Number
from cartel_lab.checking import Exercise, Mistake, Question

CLAIM_IDS = tuple(f"A{n:02d}" for n in range(1, 27))
KINDS = ("empirical", "causal", "normative", "predictive", "analogy")
COALITION_LINES = (
    "military campaign",
    "foreign terrorist fighters",
    "financing",
    "stabilisation",
    "counter-propaganda",
)
# Claims whose only figure is a date or a year: not a quantity data could test.
_DATE_ONLY_CLAIMS = frozenset({"A09", "A20", "A24"})

QUESTIONS = (
    Question(
        id="1.1",
        answer_name="numbered_claims",
        answer_type=IdSet(valid=CLAIM_IDS),
        hint="Filter the claims table on its carries_number column, then take the claim_id column.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: bool((answer - key) & _DATE_ONLY_CLAIMS),
                hint="A date or a year (2019, 'a 2023 study', 'July 2025') is not a measured "
                "quantity: it tells us when, not how many.",
                example=lambda key: key | {"A24"},
            ),
            Mistake(
                applies=lambda answer, key: len(answer - key) >= 5,
                hint="An empirical claim is not the same as a claim with a number in it: "
                "use the carries_number column, not primary_kind.",
                example=lambda key: key | {"A02", "A03", "A07", "A13", "A15"},
            ),
        ),
    ),
    Question(
        id="1.2",
        answer_name="claims_per_kind",
        answer_type=Counts(),
        hint="Count how often each value appears in the primary_kind column: pandas has a "
        "method that does exactly this.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: any("(" in label or "/" in label for label in answer),
                hint="Count primary_kind, not kind_label: kind_label keeps qualifiers such as "
                "'(numbers)', so the same kind is split over several labels.",
                example=lambda key: {**key, "empirical (numbers)": 4.0},
            ),
            Mistake(
                applies=lambda answer, key: abs(sum(answer.values()) - 1) < 1e-6,
                hint="These look like shares (they add up to 1). value_counts(normalize=True) "
                "gives shares; counts are whole numbers of claims.",
                example=lambda key: {k: v / sum(key.values()) for k, v in key.items()},
            ),
        ),
    ),
    Question(
        id="1.3",
        answer_name="normative_share",
        answer_type=Number(what="a share between 0 and 1"),
        hint="The share is (number of normative claims) / (number of claims).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: abs(answer - 100 * key) < 0.05,
                hint="That is a percentage. A share between 0 and 1 is asked for: divide by 100.",
                example=lambda key: 100 * key,
            ),
            Mistake(
                applies=lambda answer, key: answer >= 1 and float(answer).is_integer(),
                hint="That is a count of claims, not a share: divide it by the number of claims.",
                example=lambda key: round(key * len(CLAIM_IDS)),
            ),
        ),
    ),
    Question(
        id="1.4",
        answer_name="sentence_kinds",
        answer_type=LabelMap(
            items=("s1", "s2", "s3", "s4", "s5"),
            labels=KINDS,
            item_hints={
                "s1": "A statement of what was counted is empirical: it can be checked against a record.",
                "s2": "A sentence that says one thing happened because of another is causal, even "
                "when it is about the past.",
                "s3": "'Should' marks a claim about what ought to be done: normative.",
                "s4": "A statement about what will happen under some condition is predictive.",
                "s5": "Reasoning 'X is like Y, so what worked on Y will work on X' is an analogy.",
            },
        ),
        hint="Ask of each sentence: does it report, explain, recommend, forecast or compare?",
        mistakes=(
            Mistake(
                applies=lambda answer, key: len(set(answer.values())) == 1,
                hint="The five sentences were chosen to be of five different kinds.",
                example=lambda key: dict.fromkeys(key, "empirical"),
            ),
        ),
    ),
    Question(
        id="1.5",
        answer_name="missing_line",
        answer_type=Choice(options=COALITION_LINES),
        hint="Compare the coalition_line_of_effort column of the analogy table with the five lines.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == "counter-propaganda",
                hint="The op-ed's proposal to cut youth recruitment (line L4) plays the part of "
                "the Coalition's counter-propaganda line.",
                example=lambda key: "counter-propaganda",
            ),
            Mistake(
                applies=lambda answer, key: (
                    answer in {"military campaign", "financing", "stabilisation"}
                ),
                hint="Every line that appears in the coalition_line_of_effort column has a "
                "counterpart; look for the one that never appears there.",
                example=lambda key: "financing",
            ),
        ),
    ),
)

EXERCISE = Exercise(number="01", title="The argument", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = EXERCISE.submit
