"""The violence series of lesson 02 and the arithmetic for testing a number against them.

A newspaper number is usually a change ("rose 900 percent"), a multiple ("from 18
to 3,000"), a level ("more than 30,000 a year") or a rate. This module holds the
few series the lessons test such numbers against, one value per year each, and
the arithmetic, so that every notebook computes a change the same way:

- ``percent_change(old, new)``: (new - old) / old x 100;
- ``multiple(old, new)``: new / old ("rose 900 percent" is a multiple of 10);
- ``average_annual_growth(old, new, years)``: the steady yearly percentage that
  turns ``old`` into ``new`` in ``years`` steps (compound growth);
- ``rate_per_100k(count, population)``: a count per 100,000 inhabitants.

Which row stands for a year is decided here, once, and said in each series'
``choice``: a lesson never picks rows by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from cartel_lab.data import load

# The status of a yearly value, as the charts mark it.
FINAL = "final"
PRELIMINARY = "preliminary or provisional"
SNAPSHOT = "register snapshot"
NOT_STATED = "vintage not stated"
STATUSES = (FINAL, PRELIMINARY, SNAPSHOT, NOT_STATED)
SERIES_COLUMNS = ("series", "year", "value", "status", "segment", "source_id")


@dataclass(frozen=True)
class SeriesInfo:
    """One series of the catalogue: what it counts, in what unit, and how a year's row is chosen."""

    name: str
    label: str
    unit: str
    table: str
    choice: str
    claim_number: str | None = None  # a claim_numbers.number_id drawn as the op-ed's rule


def _homicides() -> pd.DataFrame:
    rows = load("mexico_homicides")
    rows = rows.loc[rows["preferred"].fillna(False)]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "value": rows["homicides"].astype(float),
            "status": rows["status"].map({"definitive": FINAL, "preliminary": PRELIMINARY}),
            "segment": rows["series"],
            "source_id": rows["source_id"],
        }
    )


# For the homicide rate: a later vintage beats an earlier one, then the better-graded source.
_RATE_STATUS_RANK = {"definitive": 0, "revised": 1, "not stated": 2, "preliminary": 3}
_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def _homicide_rate() -> pd.DataFrame:
    rows = load("mexico_homicide_rates").copy()
    rows["status_rank"] = rows["status"].map(_RATE_STATUS_RANK)
    rows["confidence_rank"] = rows["confidence"].map(_CONFIDENCE_RANK).fillna(3)
    chosen = rows.sort_values(["year", "status_rank", "confidence_rank"]).drop_duplicates("year")
    return pd.DataFrame(
        {
            "year": chosen["year"],
            "value": chosen["rate_per_100k"],
            "status": chosen["status"].map(
                {
                    "definitive": FINAL,
                    "revised": FINAL,
                    "not stated": NOT_STATED,
                    "preliminary": PRELIMINARY,
                }
            ),
            "segment": "inegi_rate",
            "source_id": chosen["source_id"],
        }
    )


def _disappeared(series_name: str) -> pd.DataFrame:
    rows = load("mexico_disappeared_by_year")
    rows = rows.loc[rows["series"] == series_name]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "value": rows["persons"].astype(float),
            "status": SNAPSHOT,
            "segment": series_name,
            "source_id": rows["source_id"],
        }
    )


def _overdose_deaths() -> pd.DataFrame:
    rows = load("us_overdose_deaths")
    rows = rows.loc[(rows["drug_category"] == "all_drugs") & (rows["period"] == "calendar year")]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "value": rows["deaths"].astype(float),
            "status": rows["data_status"].map({"final": FINAL, "provisional": PRELIMINARY}),
            "segment": "cdc_all_drugs",
            "source_id": rows["source_id"],
        }
    )


def _overdose_rate() -> pd.DataFrame:
    rows = load("us_overdose_death_rates")
    rows = rows.loc[rows["drug_category"] == "all_drugs"]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "value": rows["rate_per_100k_age_adjusted"],
            "status": FINAL,
            "segment": "cdc_all_drugs_rate",
            "source_id": rows["source_id"],
        }
    )


CATALOGUE = (
    SeriesInfo(
        "homicides",
        "Mexico: homicides (INEGI)",
        "deaths per year",
        "mexico_homicides",
        "the row marked preferred (definitive where it exists); 2000-2004 are a different "
        "tabulation (series break at 2005)",
        claim_number="N01",
    ),
    SeriesInfo(
        "homicide_rate",
        "Mexico: homicide rate (INEGI)",
        "homicides per 100,000 inhabitants",
        "mexico_homicide_rates",
        "the latest vintage published (definitive, then revised, then not stated, then "
        "preliminary), then the better-graded source; the module's choice",
    ),
    SeriesInfo(
        "disappeared_rnped",
        "Mexico: disappeared, RNPED (old register)",
        "persons by year last seen",
        "mexico_disappeared_by_year",
        "series rnped_open_investigations (open investigations at 30 April 2018)",
        claim_number="N05",
    ),
    SeriesInfo(
        "disappeared_rnpdno",
        "Mexico: still not located, RNPDNO (new register)",
        "persons by year of disappearance",
        "mexico_disappeared_by_year",
        "series rnpdno_scrape_not_located (a third-party scrape; people later found drop out)",
    ),
    SeriesInfo(
        "us_overdose_deaths",
        "US: drug overdose deaths (CDC)",
        "deaths per year",
        "us_overdose_deaths",
        "all drugs, calendar-year rows (2024 is provisional)",
    ),
    SeriesInfo(
        "us_overdose_rate",
        "US: drug overdose death rate (CDC)",
        "deaths per 100,000 (age-adjusted)",
        "us_overdose_death_rates",
        "all drugs, age-adjusted",
    ),
)
_BUILDERS = {
    "homicides": _homicides,
    "homicide_rate": _homicide_rate,
    "disappeared_rnped": lambda: _disappeared("rnped_open_investigations"),
    "disappeared_rnpdno": lambda: _disappeared("rnpdno_scrape_not_located"),
    "us_overdose_deaths": _overdose_deaths,
    "us_overdose_rate": _overdose_rate,
}
SERIES_NAMES = tuple(info.name for info in CATALOGUE)


def series_info(name: str) -> SeriesInfo:
    """The catalogue entry called ``name``; a ``ValueError`` naming the valid series otherwise."""
    for info in CATALOGUE:
        if info.name == name:
            return info
    raise ValueError(
        f"There is no series called {name!r}. The series are: {', '.join(SERIES_NAMES)}."
    )


def series(name: str) -> pd.DataFrame:
    """One value per year of series ``name``: columns series, year, value, status, segment, source_id."""
    series_info(name)
    return _built(name).copy()


@cache
def _built(name: str) -> pd.DataFrame:
    """Build a series once per session (the data files do not change while a lesson runs)."""
    frame = _BUILDERS[name]().sort_values("year").reset_index(drop=True)
    frame.insert(0, "series", name)
    frame["year"] = frame["year"].astype(int)
    return frame.loc[:, list(SERIES_COLUMNS)]


def all_series() -> pd.DataFrame:
    """Every series of the catalogue in one long table (for the explorer)."""
    return pd.concat([series(name) for name in SERIES_NAMES], ignore_index=True)


def year_range(name: str) -> tuple[int, int]:
    """The first and last year series ``name`` covers."""
    years = series(name)["year"]
    return int(years.min()), int(years.max())


def check_years(name: str, start: int, end: int) -> None:
    """Raise a ``ValueError`` naming the valid range unless ``start`` <= ``end`` lie in the series."""
    first, last = year_range(name)
    if not (first <= start <= end <= last):
        raise ValueError(
            f"Years {start}-{end} are outside the series {name!r}, which covers {first}-{last} "
            "(and the first year must not be after the last)."
        )


def value_in(name: str, year: int) -> float:
    """The value of series ``name`` in ``year``; a ``ValueError`` naming the years it has otherwise."""
    frame = series(name)
    found = frame.loc[frame["year"] == year, "value"]
    if found.empty:
        first, last = year_range(name)
        raise ValueError(
            f"The series {name!r} has no value for {year}: it covers {first}-{last}"
            + (" with gaps." if len(frame) < last - first + 1 else ".")
        )
    return float(found.iloc[0])


def catalogue() -> pd.DataFrame:
    """The series the explorer offers: name, label, unit, years covered, table and row choice."""
    numbers = load("claim_numbers").set_index("number_id")["value"]
    return pd.DataFrame(
        [
            {
                "series": info.name,
                "label": info.label,
                "unit": info.unit,
                "years": "{}-{}".format(*year_range(info.name)),
                "op_ed_number": numbers.get(info.claim_number) if info.claim_number else None,
                "table": info.table,
                "row_chosen": info.choice,
            }
            for info in CATALOGUE
        ]
    )


def op_ed_number(name: str) -> float | None:
    """The op-ed's number that series ``name`` tests (from ``claim_numbers``), or None."""
    info = series_info(name)
    if info.claim_number is None:
        return None
    numbers = load("claim_numbers").set_index("number_id")["value"]
    return float(numbers[info.claim_number])


# --------------------------------------------------------------- arithmetic ---


def _positive(value: float, what: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"{what} must be a positive number, not {value!r}.")
    return number


def percent_change(old: float, new: float) -> float:
    """Change from ``old`` to ``new`` in percent of ``old``: (new - old) / old x 100."""
    return (float(new) - _positive(old, "The starting value")) / float(old) * 100


def multiple(old: float, new: float) -> float:
    """How many times ``old`` the value ``new`` is: new / old (10 means 'ten times as many')."""
    return float(new) / _positive(old, "The starting value")


def multiple_from_percent(percent: float) -> float:
    """The multiple a percent rise gives: a rise of 900 percent multiplies by 10, not 9."""
    return 1 + float(percent) / 100


def average_annual_growth(old: float, new: float, years: int) -> float:
    """The steady yearly growth, in percent, that turns ``old`` into ``new`` in ``years`` years.

    Compound, as interest is: ``old x (1 + g/100) ** years == new``. From 2004 to
    2010 is ``years=6`` (six steps between seven yearly values).
    """
    steps = int(years)
    if steps < 1:
        raise ValueError(f"years must be a whole number of at least 1, not {years!r}.")
    return (multiple(old, new) ** (1 / steps) - 1) * 100


def rate_per_100k(count: float, population: float) -> float:
    """A count per 100,000 inhabitants: count / population x 100,000."""
    return float(count) / _positive(population, "The population") * 100_000


def peak_years(name: str) -> list[int]:
    """The years (one or more) in which series ``name`` is highest: a list, because rounded values tie."""
    frame = series(name)
    return frame.loc[frame["value"] == frame["value"].max(), "year"].tolist()


def years_above(name: str, threshold: float) -> list[int]:
    """The years in which series ``name`` is strictly above ``threshold``."""
    frame = series(name)
    return frame.loc[frame["value"] > threshold, "year"].tolist()


def _number(value: float) -> str:
    """8867.0 -> '8,867'; 25.9 -> '25.9'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Change:
    """A series' change between two years, in every form a newspaper might state it."""

    series: str
    start: int
    end: int
    first: float
    last: float

    @property
    def percent(self) -> float:
        return percent_change(self.first, self.last)

    @property
    def times(self) -> float:
        return multiple(self.first, self.last)

    @property
    def annual_growth(self) -> float:
        return average_annual_growth(self.first, self.last, self.end - self.start)

    def sentence(self) -> str:
        """The change in words, e.g. 'From 8,867 in 2007 to 25,757 in 2010: +190% (×2.90)'."""
        return (
            f"From {_number(self.first)} in {self.start} to {_number(self.last)} in {self.end}: "
            f"{self.percent:+,.0f}% (×{self.times:,.2f}), "
            f"{self.annual_growth:+.1f}% a year on average"
        )


def change_over(name: str, start: int, end: int) -> Change:
    """The change of series ``name`` from ``start`` to ``end`` (both years must be in the series)."""
    check_years(name, start, end)
    if start == end:
        raise ValueError("Give two different years: a change needs a start and an end.")
    return Change(name, start, end, value_in(name, start), value_in(name, end))
