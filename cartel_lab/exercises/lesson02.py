"""Lesson 02's "your turn" challenges: one line each, checked on the spot, counted in no submission.

In the lesson: ``from cartel_lab.exercises.lesson02 import check``, then
``check("02.a")`` after the stub cell. Each key is computed from the data, so
it is never printed by the lesson before the challenge.
"""

from __future__ import annotations

from functools import partial

from cartel_lab.answer_types import Number
from cartel_lab.checking import Exercise, Mistake, Question, near
from cartel_lab.data import load
from cartel_lab.violence import (
    average_annual_growth,
    percent_change,
    value_in,
    years_above,
)

_near = partial(near, tolerance=2e-3)  # mistakes recognised within 0.2 %


def _killings(year: int) -> float:
    """The government's count of organised-crime killings in ``year``."""
    table = load("mexico_organised_crime_killings")
    return float(table.loc[table["year"] == year, "killings"].iloc[0])


# Wrong answers a student may give, computed from the data so each hint is reachable.
_RATE_ROWS_ABOVE_25 = int((load("mexico_homicide_rates")["rate_per_100k"] > 25).sum())
_COUNT_YEARS_ABOVE_25 = len(years_above("homicides", 25))
_RNPDNO_FIRST, _RNPDNO_LAST = (
    value_in("disappeared_rnpdno", 2017),
    value_in("disappeared_rnpdno", 2024),
)

FRACTION = Mistake(
    applies=lambda answer, key: _near(answer, key / 100),
    hint="That is the change as a fraction (0.25 for +25 %); the question asks for percent: "
    "100 times that.",
    example=lambda key: key / 100,
)

CHALLENGES = Exercise(
    number="02",
    title="The violence in numbers: your turn",
    questions=(
        Question(
            id="02.a",
            answer_name="rate_years_over_25",
            answer_type=Number(what="a whole number of years", rel_tol=1e-9),
            hint="years_above('homicide_rate', 25) lists the years; len(...) counts them.",
            computed_key=lambda: len(years_above("homicide_rate", 25)),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: answer == _RATE_ROWS_ABOVE_25 != key,
                    hint="That counts rows of mexico_homicide_rates, which keeps every published "
                    "value (several for some years). Count years: years_above works on the "
                    "series, one row per year.",
                    example=lambda key: _RATE_ROWS_ABOVE_25,
                ),
                Mistake(
                    applies=lambda answer, key: answer == _COUNT_YEARS_ABOVE_25 != key,
                    hint="That uses the count of homicides, which is above 25 in every year. The "
                    "question asks about the rate per 100,000: series 'homicide_rate'.",
                    example=lambda key: _COUNT_YEARS_ABOVE_25,
                ),
            ),
        ),
        Question(
            id="02.b",
            answer_name="oc_change_2008_2009",
            answer_type=Number(what="a percent change (a number like 25.0 for +25 %)"),
            hint="percent_change(old, new) with the government's counts for 2008 (old) and 2009 "
            "(new), from the killings column of the killings table.",
            computed_key=lambda: percent_change(_killings(2008), _killings(2009)),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: _near(answer, key + 100),
                    hint="That is new / old x 100: 2009 as a percentage of 2008. A change "
                    "subtracts the start first: (new - old) / old x 100.",
                    example=lambda key: key + 100,
                ),
                Mistake(
                    applies=lambda answer, key: _near(answer, key / 100 + 1),
                    hint="That is the multiple (new / old), not a percent change.",
                    example=lambda key: key / 100 + 1,
                ),
                FRACTION,
                Mistake(
                    applies=lambda answer, key: _near(
                        answer, percent_change(_killings(2009), _killings(2008))
                    ),
                    hint="Old and new are swapped: the change runs from 2008 (old) to 2009 (new).",
                    example=lambda key: percent_change(_killings(2009), _killings(2008)),
                ),
            ),
        ),
        Question(
            id="02.c",
            answer_name="rnpdno_annual_growth",
            answer_type=Number(what="an average annual growth in percent"),
            hint="average_annual_growth(old, new, years) with the RNPDNO values of 2017 and 2024 "
            "and years = 2024 - 2017.",
            computed_key=lambda: average_annual_growth(_RNPDNO_FIRST, _RNPDNO_LAST, 2024 - 2017),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: _near(
                        answer, average_annual_growth(_RNPDNO_FIRST, _RNPDNO_LAST, 8)
                    ),
                    hint="From 2017 to 2024 is seven yearly steps (2024 - 2017), not eight: eight "
                    "yearly values have seven changes between them.",
                    example=lambda key: average_annual_growth(_RNPDNO_FIRST, _RNPDNO_LAST, 8),
                ),
                Mistake(
                    applies=lambda answer, key: _near(
                        answer, percent_change(_RNPDNO_FIRST, _RNPDNO_LAST) / 7
                    ),
                    hint="That is the percent change divided by seven, a simple average. Growth "
                    "compounds: use average_annual_growth.",
                    example=lambda key: percent_change(_RNPDNO_FIRST, _RNPDNO_LAST) / 7,
                ),
                FRACTION,
            ),
        ),
        Question(
            id="02.d",
            answer_name="overdose_rate_change",
            answer_type=Number(what="a percent change (negative for a fall)"),
            hint="percent_change(old, new) with value_in('us_overdose_rate', 2022) as old and the "
            "2023 value as new.",
            computed_key=lambda: percent_change(
                value_in("us_overdose_rate", 2022), value_in("us_overdose_rate", 2023)
            ),
            mistakes=(
                Mistake(
                    applies=lambda answer, key: _near(answer, -key),
                    hint="The sign is the wrong way round: the rate fell from 2022 to 2023, so the "
                    "change is negative. Old is 2022, new is 2023.",
                    example=lambda key: -key,
                ),
                Mistake(
                    applies=lambda answer, key: _near(
                        answer,
                        percent_change(
                            value_in("us_overdose_deaths", 2022),
                            value_in("us_overdose_deaths", 2023),
                        ),
                    ),
                    hint="That is the change in the count of deaths. The question asks about the "
                    "age-adjusted rate: series 'us_overdose_rate'.",
                    example=lambda key: percent_change(
                        value_in("us_overdose_deaths", 2022), value_in("us_overdose_deaths", 2023)
                    ),
                ),
                FRACTION,
            ),
        ),
    ),
)
check = CHALLENGES.check
