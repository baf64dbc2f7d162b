"""Exercise 02, the violence in numbers: test the op-ed's figures with the series' arithmetic."""

from __future__ import annotations

from functools import partial

from cartel_lab.answer_types import Choice, Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.data import load
from cartel_lab.submission import submitter
from cartel_lab.verdicts import VERDICT_LABELS
from cartel_lab.violence import peak_years, value_in

# Rows of mexico_homicides above 20,000, counted without keeping one row per year (2.1's trap).
_ROWS_ABOVE_20K = int((load("mexico_homicides")["homicides"] > 20000).sum())
# The same count in the Science replication file, which stops in 2021.
_TRENDS_ABOVE_20K = int((load("mexico_trends_2012_2021")["homicides"] > 20000).sum())
# 2.6: the year US overdose deaths peaked, and the slips around it.
_OVERDOSE_PEAK_YEAR = peak_years("us_overdose_deaths")[0]
_OVERDOSE_PEAK = value_in("us_overdose_deaths", _OVERDOSE_PEAK_YEAR)
_HOMICIDES_AT_THEIR_PEAK = value_in("homicides", peak_years("homicides")[0])


_near = partial(near, tolerance=2e-3)  # mistakes recognised within 0.2 %


def _rounded(answer: float, key: float) -> bool:
    """The key rounded to a whole number or one decimal: right, but rounded too far to check."""
    return any(answer == round(key, digits) for digits in (0, 1))


# The same slip in every question whose answer has decimals.
ROUNDED = Mistake(
    applies=_rounded,
    hint="Close, but rounded: keep the value exactly as Python computes it (do not round it).",
    example=lambda key: round(key),
)


QUESTIONS = (
    Question(
        id="2.1",
        answer_name="years_over_20k",
        answer_type=Number(
            what="a whole number of years: .sum() counts the Trues of a comparison", rel_tol=1e-9
        ),
        hint="Use series('homicides') (one row per year) and count the years whose value column "
        "is above 20000: a comparison gives True/False, and .sum() counts the Trues (or use "
        "len(years_above(...))).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _ROWS_ABOVE_20K != key,
                hint="That counts rows of mexico_homicides, and many years have two or three rows "
                "(preliminary, definitive, a second source). Count years: use series('homicides'), "
                "which keeps the preferred row of each year.",
                example=lambda key: _ROWS_ABOVE_20K,
            ),
            Mistake(
                applies=lambda answer, key: answer == _TRENDS_ABOVE_20K != key,
                hint="The Science file (mexico_trends_2012_2021) stops in 2021; the question asks "
                "about 2000-2024: use series('homicides').",
                example=lambda key: _TRENDS_ABOVE_20K,
            ),
        ),
    ),
    Question(
        id="2.2",
        answer_name="homicides_percent_change",
        answer_type=Number(what="a percent change (a number like 25.0 for +25 %)"),
        hint="percent_change(old, new) is (new - old) / old x 100; old is the 2014 value, new the "
        "2018 value, both from value_in('homicides', year).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, key + 100),
                hint="That is new / old x 100: the 2018 level as a percentage of 2014. A change "
                "subtracts the start first: (new - old) / old x 100.",
                example=lambda key: key + 100,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, key / 100 + 1),
                hint="That is the multiple (new / old), not a percent change.",
                example=lambda key: key / 100 + 1,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, key / 100),
                hint="That is the change as a fraction of the start (0.25 for +25 %). A percent "
                "change is 100 times that.",
                example=lambda key: key / 100,
            ),
            ROUNDED,
        ),
    ),
    Question(
        id="2.3",
        answer_name="disappeared_multiple",
        answer_type=Number(what="a multiple (a number like 3.0 for 'three times')"),
        hint="multiple(old, new) is new / old; take the RNPED values of 2006 and 2012 with "
        "value_in('disappeared_rnped', year).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, key - 1),
                hint="That is (new - old) / old, the rise as a fraction. The multiple is new / old, "
                "which is exactly 1 more.",
                example=lambda key: key - 1,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, (key - 1) * 100),
                hint="That is the percent change. The multiple is new / old.",
                example=lambda key: (key - 1) * 100,
            ),
        ),
    ),
    Question(
        id="2.4",
        answer_name="disappeared_annual_growth",
        answer_type=Number(what="an average annual growth in percent"),
        hint="average_annual_growth(old, new, years) with the 2006 and 2012 RNPED values and "
        "years = 2012 - 2006.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(
                    answer, ((1 + key / 100) ** 6) ** (1 / 7) * 100 - 100
                ),
                hint="From 2006 to 2012 is six yearly steps (2012 - 2006), not seven: there are "
                "seven yearly values but six changes between them.",
                example=lambda key: ((1 + key / 100) ** 6) ** (1 / 7) * 100 - 100,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, ((1 + key / 100) ** 6 - 1) * 100 / 6),
                hint="That is the percent change divided by six, a simple average. Growth "
                "compounds: each year grows from the year before, so use average_annual_growth.",
                example=lambda key: ((1 + key / 100) ** 6 - 1) * 100 / 6,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, key / 100),
                hint="That is a fraction (0.25 for 25 %); the question asks for percent: 100 times "
                "that. average_annual_growth already gives percent.",
                example=lambda key: key / 100,
            ),
            ROUNDED,
        ),
    ),
    Question(
        id="2.5",
        answer_name="homicides_if_900_percent",
        answer_type=Number(what="a number of homicides per year"),
        hint="A rise of 900 percent multiplies by multiple_from_percent(900); multiply the 2005 "
        "homicides by it.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, key * 0.9),
                hint="A 900 percent rise adds nine times the start to the start itself: the "
                "result is ten times the start, not nine.",
                example=lambda key: key * 0.9,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, key * 90),
                hint="900 percent is 900 / 100 = 9 times the start added to it (x10), not x900.",
                example=lambda key: key * 90,
            ),
        ),
    ),
    Question(
        id="2.6",
        answer_name="homicides_in_overdose_peak_year",
        answer_type=Number(what="a number of homicides in one year", rel_tol=1e-9),
        hint="peak_years('us_overdose_deaths') gives a list of the peak years; take its first item "
        "with [0], then read Mexico's homicides in that year with value_in('homicides', year).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _OVERDOSE_PEAK_YEAR,
                hint="That is the peak year itself. The question asks for the number of Mexico's "
                "homicides in that year: value_in('homicides', year).",
                example=lambda key: _OVERDOSE_PEAK_YEAR,
            ),
            Mistake(
                applies=lambda answer, key: answer == _OVERDOSE_PEAK,
                hint="That is the number of US overdose deaths in their peak year. The question "
                "asks for Mexico's homicides in that year.",
                example=lambda key: _OVERDOSE_PEAK,
            ),
            Mistake(
                applies=lambda answer, key: answer == _HOMICIDES_AT_THEIR_PEAK != key,
                hint="That is the homicides' own peak. The question asks for the homicides in the "
                "year US overdose deaths peaked: peak_years('us_overdose_deaths').",
                example=lambda key: _HOMICIDES_AT_THEIR_PEAK,
            ),
        ),
    ),
    Question(
        id="2.7",
        answer_name="population_2022_millions",
        answer_type=Number(what="millions of inhabitants (a number like 100.5)"),
        hint="population = count / rate x 100,000, with value_in('homicides', 2022) and "
        "value_in('homicide_rate', 2022); then divide by 1,000,000 for millions.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, key * 1_000_000),
                hint="That is the population in persons; the question asks for millions: divide "
                "by 1,000,000.",
                example=lambda key: key * 1_000_000,
            ),
            Mistake(
                applies=lambda answer, key: _near(answer, key * 10) or _near(answer, key / 100_000),
                hint="The rate is per 100,000 inhabitants: count / rate gives hundreds of "
                "thousands, so multiply by 100,000 before dividing by 1,000,000.",
                example=lambda key: key * 10,
            ),
        ),
    ),
    Question(
        id="2.8",
        answer_name="overdose_verdict",
        answer_type=Choice(options=VERDICT_LABELS),
        hint="Compute the change from each year to the next in series('us_overdose_deaths') "
        "from 2017 on: did every one fall?",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer in ("supported", "supported with caveats"),
                hint="Look at the years after 2018 one by one (value_in for each, or the table): "
                "did deaths fall every year?",
                example=lambda key: "supported",
            ),
            Mistake(
                applies=lambda answer, key: answer == "misleading",
                hint="'Misleading' is for real numbers that carry a wrong conclusion. Here the "
                "named series shows something clearly different from what the columnist says.",
                example=lambda key: "misleading",
            ),
            Mistake(
                applies=lambda answer, key: answer == "not traceable",
                hint="The claim names its series (CDC overdose deaths) and the years: it can be "
                "checked, with series('us_overdose_deaths').",
                example=lambda key: "not traceable",
            ),
        ),
    ),
)

EXERCISE = Exercise(number="02", title="The violence in numbers", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
