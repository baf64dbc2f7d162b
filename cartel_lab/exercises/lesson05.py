"""Lesson 05's "your turn" challenges: one line each, checked on the spot, counted in no submission."""

from __future__ import annotations

from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.coalition import loss_per_month, months_between, share_of_affiliates
from cartel_lab.data import load

_HELD = load("isis_territory").query("measure == 'held'").set_index("as_of")["km2"]
_LOST = float(_HELD["2016-07-04"] - _HELD["2017-06-26"])
_IHS = load("isis_revenue").query("estimator == 'IHS' and stream == 'total'").set_index("period")
_MARCH_2016 = float(_IHS.loc["2016-03", "usd_high"])
_Q2_2017 = float(_IHS.loc["2017-Q2", "usd_high"])


CHALLENGES = Exercise(
    number="05",
    title="Lesson 05: your turn",
    questions=(
        Question(
            id="05.a",
            answer_name="year_loss_rate",
            answer_type=Number(what="km² per month", rel_tol=0.01),
            hint="loss_per_month('2016-07-04', '2017-06-26'), or km² lost divided by "
            "months_between of the same two dates.",
            computed_key=lambda: loss_per_month("2016-07-04", "2017-06-26"),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, _LOST / 3) or near(answer, _LOST / 4),
                    hint="You divided by the number of gaps or rows. Divide by the months between "
                    "the two dates.",
                    example=lambda key: _LOST / 3,
                ),
                Mistake(
                    applies=lambda answer, key: (
                        near(answer, _LOST / 12) or near(answer, _LOST / 11)
                    ),
                    hint="Calendar months ignore the days (4 July to 26 June is not a whole year): "
                    "use months_between.",
                    example=lambda key: _LOST / 12,
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, _LOST),
                    hint="That is the whole loss. A rate per month divides it by "
                    f"{months_between('2016-07-04', '2017-06-26'):.1f} months.",
                    example=lambda key: _LOST,
                ),
            ),
        ),
        Question(
            id="05.b",
            answer_name="ihs_change",
            answer_type=Number(what="a percentage change", rel_tol=0.01),
            hint="100 × (Q2 2017 − March 2016) / March 2016, both IHS monthly totals (usd_high).",
            computed_key=lambda: 100 * (_Q2_2017 - _MARCH_2016) / _MARCH_2016,
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, -key),
                    hint="Check the sign: revenue fell, so the change is negative.",
                    example=lambda key: -key,
                ),
                Mistake(
                    applies=lambda answer, key: near(answer, 100 * _Q2_2017 / _MARCH_2016),
                    hint="That is the later value as a share of the earlier one. A change "
                    "subtracts first: 100 × (new − old) / old.",
                    example=lambda key: 100 * _Q2_2017 / _MARCH_2016,
                ),
                Mistake(
                    applies=lambda answer, key: near(
                        answer, 100 * (_Q2_2017 - _MARCH_2016) / _Q2_2017
                    ),
                    hint="Divide by the earlier value (March 2016), the one you start from.",
                    example=lambda key: 100 * (_Q2_2017 - _MARCH_2016) / _Q2_2017,
                ),
            ),
        ),
        Question(
            id="05.c",
            answer_name="returnee_share",
            answer_type=Number(what="a share between 0 and 1", rel_tol=0.01),
            hint="share_of_affiliates('returnees', '2019-07'): returnees / foreign_affiliates of "
            "the same count.",
            computed_key=lambda: share_of_affiliates("returnees", "2019-07"),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: near(answer, 100 * key),
                    hint="That is a percentage. Give a share between 0 and 1.",
                    example=lambda key: 100 * key,
                ),
                Mistake(
                    applies=lambda answer, key: near(
                        answer, share_of_affiliates("returnees", "2018-07")
                    ),
                    hint="That is the July 2018 ICSR count. The question asks about Cook & "
                    "Vale's July 2019 count: as_of '2019-07'.",
                    example=lambda key: share_of_affiliates("returnees", "2018-07"),
                ),
            ),
        ),
    ),
)
check = CHALLENGES.check
