"""Exercise 02, the violence in numbers: test the op-ed's figures with the series' arithmetic."""

from __future__ import annotations

import math

from cartel_lab.answer_types import Choice, Number
from cartel_lab.checking import Exercise, Mistake, Question
from cartel_lab.data import load
from cartel_lab.submission import submitter
from cartel_lab.verdicts import VERDICT_LABELS
from cartel_lab.violence import peak_years, series

# Rows of mexico_homicides above 30,000, counted without keeping one row per year (2.1's trap).
_ROWS_ABOVE_30K = int((load("mexico_homicides")["homicides"] > 30000).sum())
# The same count in the Science replication file, which stops in 2021.
_TRENDS_ABOVE_30K = int((load("mexico_trends_2012_2021")["homicides"] > 30000).sum())
# The largest yearly homicide count (2.6's "value, not year" trap) and the rate's tied peak years.
_PEAK_HOMICIDES = float(series("homicides")["value"].max())
_RATE_PEAK_YEARS = tuple(peak_years("homicide_rate"))


def _near(answer: float, target: float, rel: float = 2e-3) -> bool:
    return math.isclose(answer, target, rel_tol=rel, abs_tol=1e-9)


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
        answer_name="years_over_30k",
        answer_type=Number(
            what="a whole number of years: .sum() counts the Trues of a comparison", rel_tol=1e-9
        ),
        hint="Use series('homicides') (one row per year) and count the years whose value column "
        "is above 30000: a comparison gives True/False, and .sum() counts the Trues.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _ROWS_ABOVE_30K != key,
                hint="That counts rows of mexico_homicides, and many years have two or three rows "
                "(preliminary, definitive, a second source). Count years: use series('homicides'), "
                "which keeps the preferred row of each year.",
                example=lambda key: _ROWS_ABOVE_30K,
            ),
            Mistake(
                applies=lambda answer, key: answer == _TRENDS_ABOVE_30K != key,
                hint="The Science file (mexico_trends_2012_2021) stops in 2021; the question asks "
                "about 2000-2024: use series('homicides').",
                example=lambda key: _TRENDS_ABOVE_30K,
            ),
        ),
    ),
    Question(
        id="2.2",
        answer_name="homicides_percent_change",
        answer_type=Number(what="a percent change (a number like 25.0 for +25 %)"),
        hint="percent_change(old, new) is (new - old) / old x 100; old is the 2007 value, new the "
        "2010 value, both from value_in('homicides', year).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(answer, key + 100),
                hint="That is new / old x 100: the 2010 level as a percentage of 2007. A change "
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
        hint="multiple(old, new) is new / old; take the RNPED values of 2004 and 2010 with "
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
        hint="average_annual_growth(old, new, years) with the 2004 and 2010 RNPED values and "
        "years = 2010 - 2004.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: _near(
                    answer, ((1 + key / 100) ** 6) ** (1 / 7) * 100 - 100
                ),
                hint="From 2004 to 2010 is six yearly steps (2010 - 2004), not seven: there are "
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
        hint="A rise of 900 percent multiplies by multiple_from_percent(900); multiply the 2007 "
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
        answer_name="peak_homicide_year",
        answer_type=Number(
            what="a year like 2015; from a list, take its item with [0]", rel_tol=1e-9
        ),
        hint="peak_years('homicides') gives a list of the peak years (one or more); take its first item with [0].",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer > 3000,
                hint="That looks like the number of homicides in the peak year. The question asks "
                "for the year itself.",
                example=lambda key: _PEAK_HOMICIDES,
            ),
            Mistake(
                applies=lambda answer, key: 0 <= answer < len(series("homicides")),
                hint="That looks like a row number (idxmax() gives the row's label, not the "
                "year). peak_years('homicides') gives the year itself, in a list.",
                example=lambda key: float(series("homicides")["value"].idxmax()),
            ),
            Mistake(
                applies=lambda answer, key: answer in _RATE_PEAK_YEARS and answer != key,
                hint="The homicide rate ties over several years (it is rounded); the question asks "
                "about the count of homicides, series 'homicides'.",
                example=lambda key: next(y for y in _RATE_PEAK_YEARS if y != key),
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
        hint="Compute the change from 2023 to 2024 in series('us_overdose_deaths'), then look at "
        "the status of the 2024 value.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == "supported",
                hint="The fall is real in the data, but look at the status column for 2024: a "
                "provisional count will be revised. What does that add to the verdict?",
                example=lambda key: "supported",
            ),
            Mistake(
                applies=lambda answer, key: answer in ("contradicted", "not traceable"),
                hint="The claim names its series (CDC overdose deaths) and the data point the same "
                "way: compute percent_change for 2023 to 2024.",
                example=lambda key: "contradicted",
            ),
        ),
    ),
)

EXERCISE = Exercise(number="02", title="The violence in numbers", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
