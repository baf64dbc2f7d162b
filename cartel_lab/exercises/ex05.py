"""Exercise 05, the coalition playbook: rates between irregular dates, ranges, counts and a verdict."""

from __future__ import annotations

import pandas as pd

from cartel_lab.answer_types import Choice, Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.data import load
from cartel_lab.submission import submitter
from cartel_lab.verdicts import VERDICT_LABELS

# Territory held at the three observations from 2016-10-03 to 2017-06-26 (two gaps, three rows).
_TERRITORY = load("isis_territory").query("measure == 'held'").set_index("as_of")["km2"]
_LOST_5_1 = int(_TERRITORY["2016-10-03"] - _TERRITORY["2017-06-26"])
_DAYS_5_1 = (pd.Timestamp("2017-06-26") - pd.Timestamp("2016-10-03")).days
_REVENUE = load("isis_revenue")
_YEARLY = _REVENUE.query("per == 'year' and stream == 'total'").set_index(["estimator", "year"])
_ICSR_2014 = float(_YEARLY.loc[("ICSR/EY", 2014), "usd_high"])
_ICSR_2016 = float(_YEARLY.loc[("ICSR/EY", 2016), "usd_high"])
_CAT_2015 = float(_YEARLY.loc[("CAT", 2015), "usd_high"])
_PRINTED_MINORS_SHARE = 0.12  # the share Cook & Vale print; the counts give 11.2 %
_FIGHTERS_2018 = load("isis_foreign_fighters").query("as_of == '2018-07'").set_index("measure")
_AFFILIATES_2018 = int(_FIGHTERS_2018.loc["foreign_affiliates", "value_high"])
_WOMEN_2018 = int(_FIGHTERS_2018.loc["women", "value_high"])
_MINORS_2018 = int(_FIGHTERS_2018.loc["minors", "value_high"])
_DEATHS_2014 = load("terrorism_deaths").query("year == 2014")
_ALL_2014 = _DEATHS_2014["deaths"]
_WORLD_2014 = _DEATHS_2014.query("scope == 'world'")["deaths"]
_FIGHTERS_2019 = load("isis_foreign_fighters").query("as_of == '2019-07'").set_index("measure")


QUESTIONS = (
    Question(
        id="5.1",
        answer_name="monthly_loss",
        # Half a percent: a month of 30 days instead of 30.4375 is only 1.4 % away, and has its
        # own hint below.
        answer_type=Number(what="km² per month", rel_tol=0.005),
        hint="Subtract the km2 held on 2017-06-26 from the km2 held on 2016-10-03, then divide "
        "by months_between('2016-10-03', '2017-06-26').",
        mistakes=(
            Mistake(
                applies=lambda answer, key: (
                    near(answer, _LOST_5_1 / 2) or near(answer, _LOST_5_1 / 3)
                ),
                hint="You divided by the number of rows or gaps. The observations are not a month "
                "apart: divide by the months between the two dates (days / 30.4375).",
                example=lambda key: _LOST_5_1 / 2,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _LOST_5_1),
                hint="That is the whole loss between the two dates. A rate per month divides it "
                "by the months between them.",
                example=lambda key: _LOST_5_1,
            ),
            Mistake(
                applies=lambda answer, key: any(
                    near(answer, _LOST_5_1 / (_DAYS_5_1 / days), 0.006) for days in (30, 31)
                ),
                hint="Months have 28 to 31 days: count a month as the average, 30.4375 days "
                "(365.25 / 12), as months_between does.",
                example=lambda key: _LOST_5_1 / (_DAYS_5_1 / 30),
            ),
            Mistake(
                applies=lambda answer, key: (
                    near(answer, _LOST_5_1 / 8) or near(answer, _LOST_5_1 / 9)
                ),
                hint="Counting calendar months (October to June) ignores the days: the dates are "
                "3 October and 26 June. Use months_between, which counts days / 30.4375.",
                example=lambda key: _LOST_5_1 / 8,
            ),
        ),
    ),
    Question(
        id="5.2",
        answer_name="icsr_revenue_change",
        answer_type=Number(what="a percentage change", rel_tol=0.01),
        hint="Keep the rows with estimator == 'ICSR/EY' and stream == 'total' (both yearly); take "
        "usd_high of 2016 and of 2014, then 100 × (2016 − 2014) / 2014.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, -key),
                hint="Check the sign: the estimate fell, so the change is negative.",
                example=lambda key: -key,
            ),
            Mistake(
                applies=lambda answer, key: near(answer, key / 100),
                hint="That looks like a fraction. Give a percentage (e.g. -12.5 for -12.5 %).",
                example=lambda key: key / 100,
            ),
            Mistake(
                applies=lambda answer, key: (
                    near(answer, _ICSR_2016 / _ICSR_2014)
                    or near(answer, 100 * _ICSR_2016 / _ICSR_2014)
                ),
                hint="That is 2016 as a share of 2014. A percentage change subtracts first: "
                "100 × (new − old) / old.",
                example=lambda key: 100 * _ICSR_2016 / _ICSR_2014,
            ),
            Mistake(
                applies=lambda answer, key: near(
                    answer, 100 * (_ICSR_2016 - _CAT_2015) / _CAT_2015
                ),
                hint="CAT's 2015 figure is another estimating body's: a change read across "
                "estimating bodies mixes two methods. Keep ICSR/EY's two yearly totals.",
                example=lambda key: 100 * (_ICSR_2016 - _CAT_2015) / _CAT_2015,
            ),
        ),
    ),
    Question(
        id="5.3",
        answer_name="members_joined",
        answer_type=Number(what="a number of members"),
        hint="members_added('2019-02-06', '2023-06-08') uses only exactly dated counts.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == key + 1,
                hint="87 comes from an undated snapshot (empty as_of), seen some time after June "
                "2023: it cannot be placed before 8 June 2023.",
                example=lambda key: key + 1,
            ),
            Mistake(
                applies=lambda answer, key: answer == key - 1,
                hint="That is the number of counts (rows) after 6 February 2019, not the members "
                "added: subtract the count on the first date from the count on the last.",
                example=lambda key: key - 1,
            ),
        ),
    ),
    Question(
        id="5.4",
        answer_name="minors_share",
        answer_type=Number(what="a share between 0 and 1", rel_tol=0.01),
        hint="Take the July 2018 rows (as_of == '2018-07'): minors / foreign_affiliates, "
        "both in value_high.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: near(answer, 100 * key),
                hint="That is a percentage. A share between 0 and 1 is asked for: divide by 100.",
                example=lambda key: 100 * key,
            ),
            Mistake(
                applies=lambda answer, key: (
                    near(answer, _PRINTED_MINORS_SHARE) or near(answer, 100 * _PRINTED_MINORS_SHARE)
                ),
                hint="Well checked: Cook & Vale print 12 % for this share. The question asks "
                "for the share computed from the two counts in the table (value_high), which is a "
                "little lower; report that, and mention the source's rounding if you quote it.",
                example=lambda key: _PRINTED_MINORS_SHARE,
            ),
            Mistake(
                applies=lambda answer, key: near(
                    answer, _MINORS_2018 / (_AFFILIATES_2018 + _WOMEN_2018 + _MINORS_2018)
                ),
                hint="Women and minors are already counted among the 41,490 affiliates: the total "
                "is foreign_affiliates alone, not the sum of the rows.",
                example=lambda key: _MINORS_2018 / (_AFFILIATES_2018 + _WOMEN_2018 + _MINORS_2018),
            ),
            Mistake(
                applies=lambda answer, key: near(
                    answer,
                    _FIGHTERS_2019.loc["minors", "value_high"]
                    / _FIGHTERS_2019.loc["foreign_affiliates", "value_high"],
                ),
                hint="Those are the July 2019 figures (Cook & Vale). The question asks about the "
                "July 2018 ICSR count: as_of == '2018-07'.",
                example=lambda key: float(
                    _FIGHTERS_2019.loc["minors", "value_high"]
                    / _FIGHTERS_2019.loc["foreign_affiliates", "value_high"]
                ),
            ),
        ),
    ),
    Question(
        id="5.5",
        answer_name="finance_claim_verdict",
        answer_type=Choice(options=VERDICT_LABELS),
        hint="The numbers are real; ask whether the series can show what *caused* the fall.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == "supported",
                hint="The fall itself is in the IHS series. But the claim credits the financial "
                "measures, and in the same months ISIS lost most of the territory it taxed and drew "
                "its oil from: the series cannot share out the credit (the coincidence checks).",
                example=lambda key: "supported",
            ),
            Mistake(
                applies=lambda answer, key: answer == "supported with caveats",
                hint="A caveat fits a claim whose measure only roughly fits. Here the numbers fit; "
                "what the data cannot carry is the claim's point, that the financial measures "
                "caused the fall (see coincidence_checks() in lesson 05).",
                example=lambda key: "supported with caveats",
            ),
            Mistake(
                applies=lambda answer, key: answer in {"contradicted", "not traceable"},
                hint="The numbers trace to IHS and the series does fall by about four fifths: "
                "the problem is the conclusion drawn from it, not the numbers.",
                example=lambda key: "contradicted",
            ),
        ),
    ),
    Question(
        id="5.6",
        answer_name="restatement_spread",
        answer_type=Number(what="a number of deaths"),
        hint="Keep the rows with scope == 'world' and year == 2014; take the largest deaths "
        "minus the smallest.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer > 60000,
                hint="The three values are the same year as three editions published it: never add "
                "them. The question asks how far apart they are (largest minus smallest).",
                example=lambda key: float(_WORLD_2014.sum()),
            ),
            Mistake(
                applies=lambda answer, key: near(answer, _ALL_2014.max() - _ALL_2014.min()),
                hint="Your rows mix scopes: the smallest 2014 value is the deaths attributed to "
                "Islamic State, not a world total. Keep only scope == 'world' before max - min.",
                example=lambda key: float(_ALL_2014.max() - _ALL_2014.min()),
            ),
            Mistake(
                applies=lambda answer, key: any(
                    near(answer, value) for value in (*_WORLD_2014, _WORLD_2014.mean())
                ),
                hint="That is one edition's value for 2014 (or their average). The question asks "
                "for the gap between the largest and the smallest of the three published values.",
                example=lambda key: float(_WORLD_2014.max()),
            ),
        ),
    ),
)

EXERCISE = Exercise(number="05", title="The coalition playbook", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
