"""Exercise 01, the argument: classify the op-ed's claims and map its analogy."""

from __future__ import annotations

from cartel_lab.answer_types import Choice, Counts, IdSet, LabelMap, Number
from cartel_lab.checking import Exercise, Mistake, Question
from cartel_lab.data import load
from cartel_lab.submission import submitter

CLAIM_IDS = tuple(f"A{n:02d}" for n in range(1, 27))
KINDS = ("empirical", "causal", "normative", "predictive", "analogy")
SENTENCES = ("s1", "s2", "s3", "s4", "s5")
# The kinds in the order question 1.4 lists them, given to the sentences in turn: a guess.
_KINDS_IN_LIST_ORDER = dict(zip(SENTENCES, KINDS, strict=True))


def official_lines() -> tuple[str, ...]:
    """The Global Coalition's five lines of effort, in its own (current) wording's order."""
    lines = load("global_coalition_lines_of_effort")
    own_list = lines[lines["wording_date"] == "2014-"].sort_values("position")
    return tuple(own_list["line_of_effort"])


COALITION_LINES = official_lines()
# Claims that mention only a date, a year or an event: not a quantity data could test.
_DATE_ONLY_CLAIMS = frozenset({"A09", "A20", "A24"})
# Every claim whose primary kind is empirical: the usual over-inclusive answer to 1.1.
_EMPIRICAL_CLAIMS = frozenset(
    load("article_claims").query("primary_kind == 'empirical'")["claim_id"]
)

_CLAIMS = load("article_claims")
# The share of claims whose kind_label merely contains "normative" (e.g. "predictive /
# normative"): the usual answer to 1.3 when the question's column is overlooked.
_ANY_NORMATIVE_SHARE = float(_CLAIMS["kind_label"].str.contains("normative").mean())

QUESTIONS = (
    Question(
        id="1.1",
        answer_name="numbered_claims",
        answer_type=IdSet(valid=CLAIM_IDS),
        hint="Filter the claims table on its carries_number column, then take the claim_id column.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: len(answer - key) >= 5,
                hint="An empirical claim is not the same as a claim with a number in it: "
                "use the carries_number column, not primary_kind.",
                example=lambda key: key | _EMPIRICAL_CLAIMS,
            ),
            Mistake(
                applies=lambda answer, key: bool((answer - key) & _DATE_ONLY_CLAIMS),
                hint="A date, a year or an event (the 2019 operation, 'a 2023 study', the recent "
                "floods) says when or what happened, not how many: it is not a measured quantity.",
                example=lambda key: key | {"A24"},
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
        hint='Compare the primary_kind column with "normative": that gives True or False for '
        "each claim, and the mean of True/False values is the share that are True.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: abs(answer - _ANY_NORMATIVE_SHARE) < 1e-3,
                hint="That counts every claim whose kind_label mentions normative, including "
                "claims labelled 'predictive / normative' whose first kind is another. The "
                "question asks about primary_kind: a claim's main kind.",
                example=lambda key: _ANY_NORMATIVE_SHARE,
            ),
            Mistake(
                applies=lambda answer, key: abs(answer - 100 * key) < 0.05,
                hint="That is a percentage. A share between 0 and 1 is asked for: divide by 100.",
                example=lambda key: 100 * key,
            ),
            Mistake(
                # 1 is a share too (every claim): counts start at 2 here.
                applies=lambda answer, key: answer > 1 and float(answer).is_integer(),
                hint="That is a count of claims, not a share: divide it by the number of claims.",
                example=lambda key: round(key * len(CLAIM_IDS)),
            ),
        ),
    ),
    Question(
        id="1.4",
        answer_name="sentence_kinds",
        answer_type=LabelMap(
            items=SENTENCES,
            labels=KINDS,
            item_hints={
                "s1": "Reasoning 'X is like Y, so what worked on Y will work on X' is an analogy.",
                "s2": "'Should' marks a claim about what ought to be done: normative.",
                "s3": "A statement of what was counted is empirical: it can be checked against "
                "a record.",
                "s4": "A statement about what will happen under some condition is predictive.",
                "s5": "A sentence that says one thing happened because of another is causal, even "
                "when it is about the past.",
            },
        ),
        hint="Ask of each sentence: does it report, explain, recommend, forecast or compare?",
        mistakes=(
            Mistake(
                applies=lambda answer, key: len(set(answer.values())) == 1,
                hint="The five sentences were chosen to be of five different kinds.",
                example=lambda key: dict.fromkeys(key, "empirical"),
            ),
            Mistake(
                applies=lambda answer, key: answer == _KINDS_IN_LIST_ORDER,
                hint="These are the kinds in the order the question lists them; judge each "
                "sentence on its own.",
                example=lambda key: _KINDS_IN_LIST_ORDER,
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
submit = submitter(EXERCISE)
