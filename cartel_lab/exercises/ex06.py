"""Exercise 06, testing the analogy: weighted verdicts, flips, the op-ed's mapping and the force evidence."""

from __future__ import annotations

from cartel_lab import analogy
from cartel_lab.answer_types import Choice, IdSet, Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.data import load
from cartel_lab.submission import submitter
from cartel_lab.verdicts import VERDICT_LABELS

_DIMENSION_IDS = tuple(analogy.dimension_names())

# Question 6.1: the ratings and weights the question gives (the key is the solution's answer).
RATINGS_6_1 = {"D01": 1, "D04": 3, "D07": 0, "D09": 2}
WEIGHTS_6_1 = {"D01": 4, "D04": 3, "D07": 2, "D09": 2}
_SUM_6_1 = sum(RATINGS_6_1[d] * WEIGHTS_6_1[d] for d in RATINGS_6_1)
_MEAN_RATING_6_1 = sum(RATINGS_6_1.values()) / len(RATINGS_6_1)

# Question 6.2: exactly one weight can flip this verdict within 0-4.
RATINGS_6_2 = {"D02": 2, "D04": 2, "D05": 0, "D07": 2, "D09": 3}
WEIGHTS_6_2 = {"D02": 2, "D04": 2, "D05": 3, "D07": 4, "D09": 2}

_MAPPING = analogy.op_ed_mapping()
_LINE_DIMENSIONS = {
    line: frozenset(_MAPPING.loc[_MAPPING["line_id"] == line, "dimension_id"])
    for line in load("analogy_lines")["line_id"]
}

_KINGPIN = load("kingpin_studies").set_index("finding_id")
_CAPTURED = float(_KINGPIN.loc["K02", "value"])
_LISTED = float(_KINGPIN.loc["K03", "value"])

_CULIACAN = load("culiacan_2019")
_DEATHS = _CULIACAN.loc[_CULIACAN["measure"] == "deaths"].sort_values("reported")["value"].tolist()

_OVERDOSES = load("us_overdose_deaths")


QUESTIONS = (
    Question(
        id="6.1",
        answer_name="similarity_a",
        answer_type=Number(what="a weighted similarity on the 0-4 scale", rel_tol=0.01),
        hint="Give weighted_similarity the ratings_a and weights_a dicts of the question.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, _SUM_6_1),
                hint="That is the sum of weight × rating. Divide it by the sum of the weights, so "
                "the result stays on the 0-4 scale of the ratings.",
                example=lambda key: float(_SUM_6_1),
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _SUM_6_1 / len(RATINGS_6_1)),
                hint="You divided by the number of dimensions. A weighted mean divides by the sum "
                "of the weights.",
                example=lambda key: _SUM_6_1 / len(RATINGS_6_1),
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _MEAN_RATING_6_1),
                hint="That is the plain mean of the ratings: the weights are left out. Multiply each "
                "rating by its weight first.",
                example=lambda key: _MEAN_RATING_6_1,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, key / 4),
                hint="That is the score as a share of 4. The question asks for it on the 0-4 scale.",
                example=lambda key: key / 4,
            ),
        ),
    ),
    Question(
        id="6.2",
        answer_name="flipping_dimension",
        answer_type=Choice(options=tuple(RATINGS_6_2)),
        hint="single_flips(ratings_b, weights_b) lists the dimensions whose weight alone, moved "
        "within 0-4, flips the verdict.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: RATINGS_6_2.get(answer) == 2,
                hint="That dimension is rated 2, exactly the threshold: however you weight it, it "
                "cannot move the score across 2 (D07 has the largest weight and contribution, and "
                "still cannot). Look at flip_weights(ratings_b, weights_b).",
                example=lambda key: "D07",
            ),
            Mistake(
                applies=lambda answer, key: answer == "D09",
                hint="Raising D09's weight would flip the verdict, but only at a weight above 4: "
                "off the scale. Read the within_scale column of flip_weights(ratings_b, weights_b).",
                example=lambda key: "D09",
            ),
        ),
    ),
    Question(
        id="6.3",
        answer_name="dimensions_without_official_line",
        answer_type=IdSet(valid=_DIMENSION_IDS, example="['D01', 'D02']"),
        hint="In analogy_lines, find the lines whose coalition_line_of_effort is empty (.isna()); "
        "then keep the rows of op_ed_mapping() with those line_ids and list their dimension_id.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == frozenset(analogy.unused_dimensions()),
                hint="Those are the dimensions no line uses at all. The question asks about the "
                "lines that have no official line of effort.",
                example=lambda key: analogy.unused_dimensions(),
            ),
            Mistake(
                applies=lambda answer, key: (
                    answer != key and answer in {_LINE_DIMENSIONS["L5"], _LINE_DIMENSIONS["L6"]}
                ),
                hint="Two lines have no official line of effort: include the dimensions of both.",
                example=lambda key: sorted(_LINE_DIMENSIONS["L5"]),
            ),
        ),
    ),
    Question(
        id="6.4",
        answer_name="share_removed",
        answer_type=Number(what="a share between 0 and 1", rel_tol=0.01),
        hint="In kingpin_studies, divide the value of finding K02 (captured or killed) by the value "
        "of finding K03 (on the list).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, 100 * key),
                hint="That is a percentage. A share between 0 and 1 is asked for: divide by 100.",
                example=lambda key: 100 * key,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _LISTED / _CAPTURED),
                hint="That is listed ÷ removed. The share is the part over the whole: removed ÷ listed.",
                example=lambda key: _LISTED / _CAPTURED,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, 1 - key),
                hint="That is the share still free. The question asks for the share captured or killed.",
                example=lambda key: 1 - key,
            ),
        ),
    ),
    Question(
        id="6.5",
        answer_name="culiacan_change",
        answer_type=Number(what="a percent change", rel_tol=0.01),
        hint="In culiacan_2019 keep the rows whose measure is 'deaths'; percent_change(initial, "
        "revised) with the earlier report first.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, _DEATHS[1] / _DEATHS[0]),
                hint="That is the multiple (revised ÷ initial). A percent change is "
                "(new − old) ÷ old × 100: use percent_change.",
                example=lambda key: _DEATHS[1] / _DEATHS[0],
            ),
            Mistake(
                applies=lambda answer, key: near(answer, key / 100),
                hint="That is a fraction. A percent change is 100 times it.",
                example=lambda key: key / 100,
            ),
            Mistake(
                applies=lambda answer, key: answer < 0,
                hint="The revised count is the later one: percent_change(initial, revised), with "
                "the old value first.",
                example=lambda key: 100 * (_DEATHS[0] - _DEATHS[1]) / _DEATHS[1],
            ),
        ),
    ),
    Question(
        id="6.6",
        answer_name="cited_deaths",
        answer_type=Number(what="a number of deaths"),
        hint="evidence('D08', 'cartels')[0] is the first reference; cited_row of it gives the row; "
        "take its deaths column and its one value with .iloc[0].",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == int(_OVERDOSES["deaths"].iloc[17]),
                hint="That is the second cited row (synthetic opioids only). The question asks "
                "about the first reference in the list.",
                example=lambda key: int(_OVERDOSES["deaths"].iloc[17]),
            ),
            Mistake(
                applies=lambda answer, key: (
                    answer in {int(_OVERDOSES["deaths"].iloc[6]), int(_OVERDOSES["deaths"].iloc[8])}
                ),
                hint="That is a neighbouring row. Row 1 of a reference is the table's first data "
                "row, and cited_row counts that way: use cited_row instead of counting by hand.",
                example=lambda key: int(_OVERDOSES["deaths"].iloc[6]),
            ),
        ),
    ),
    Question(
        id="6.7",
        answer_name="a09_verdict",
        answer_type=Choice(options=VERDICT_LABELS),
        hint="The Culiacán figures trace to sources; ask whether the case is exactly what A09 "
        "claims it shows.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == "supported",
                hint="The figures of the day are in culiacan_2019, but the operation was Mexican, "
                "not a US incursion, and it is one case: the evidence only roughly fits what A09 "
                "concludes.",
                example=lambda key: "supported",
            ),
            Mistake(
                applies=lambda answer, key: answer in {"contradicted", "not traceable"},
                hint="The blockades, the soldiers held and the deaths trace to named sources: the "
                "question is how far one Mexican operation carries the claim about US incursions.",
                example=lambda key: "not traceable",
            ),
        ),
    ),
)

EXERCISE = Exercise(number="06", title="Testing the analogy", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
