"""The campaign against ISIS in numbers: dates, rates, ranges and counts, computed honestly.

Lesson 05 reads the data package's ISIS tables through these functions, and
lesson 06 reuses them. Three rules run through the module:

- **Dates are as precise as their source.** "2015-12" is a whole month, "2017" a
  whole year. A rate between two observations is computed from the middle of
  each window, and its range from the shortest and longest gap the labels allow,
  never by inventing days.
- **Ranges stay ranges.** Revenue estimates disagree; they are reported as the
  lowest and highest estimate for a period, per year and per month kept apart.
- **Coincidence is not cause.** ``COINCIDENCE_CHECKS`` lists the questions that
  separate "happened at the same time" from "made it happen" (lesson 06 reuses it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from cartel_lab.data import load

#: Days in an average month (365.25 / 12): the unit of "a month" in every rate here.
MONTH_DAYS = 365.25 / 12

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The first month of each quarter: Q1 -> 1, Q2 -> 4, Q3 -> 7, Q4 -> 10.
_QUARTER_START = {f"Q{n}": 3 * n - 2 for n in range(1, 5)}
# How precise a date label is, told by its length.
_PRECISION = {len("YYYY"): "year", len("YYYY-MM"): "month", len("YYYY-MM-DD"): "day"}


def date_precision(label: str) -> str:
    """'day', 'month' or 'year': how precisely an ISO-style label ('2016-07', ...) dates a value."""
    return _PRECISION[len(str(label).strip())]


def date_window(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a date label can mean: '2016-07-04' is one day, '2015-12'
    a month, '2017' a year, '2015-Q2' a quarter, 'mid-2015' May to August.

    A ``ValueError`` names the forms accepted, so a typo never becomes a wrong date.
    """
    text = str(label).strip()
    try:
        if text.startswith("mid-"):
            year = int(text[4:])
            return pd.Timestamp(year, 5, 1), pd.Timestamp(year, 8, 31)
        if "-Q" in text:
            year, quarter = text.split("-")
            first = pd.Timestamp(int(year), _QUARTER_START[quarter], 1)
            return first, first + pd.offsets.QuarterEnd(0)
        parts = text.split("-")
        if len(parts) == 1 and len(text) == 4:
            return pd.Timestamp(int(text), 1, 1), pd.Timestamp(int(text), 12, 31)
        if len(parts) == 2:
            first = pd.Timestamp(int(parts[0]), int(parts[1]), 1)
            return first, first + pd.offsets.MonthEnd(0)
        if len(parts) == 3:
            day = pd.Timestamp(text)
            return day, day
    except (ValueError, KeyError):
        pass
    raise ValueError(
        f"{label!r} is not a date this module reads: use YYYY, YYYY-MM, YYYY-MM-DD, "
        "YYYY-Q1..Q4 or mid-YYYY."
    )


def date_midpoint(label: str) -> pd.Timestamp:
    """The middle day of a date label's window (the day itself for an exact date)."""
    first, last = date_window(label)
    return (first + (last - first) / 2).normalize()


def months_between(start: pd.Timestamp | str, end: pd.Timestamp | str) -> float:
    """Months from ``start`` to ``end``: days divided by ``MONTH_DAYS``."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / MONTH_DAYS


def check_period(start: str, end: str, first: str, last: str, what: str) -> None:
    """Raise a ``ValueError`` naming the valid range unless ``first <= start < end <= last``."""
    valid = f"{what} runs from {first} to {last}"
    if not all(isinstance(d, str) and _ISO_DAY.fullmatch(d) for d in (start, end)):
        raise ValueError(f"Give dates as 'YYYY-MM-DD' text; got {start!r} and {end!r}. {valid}.")
    begin, finish = pd.Timestamp(start), pd.Timestamp(end)
    if finish <= begin:
        raise ValueError(f"The period must end after it starts ({start} to {end}). {valid}.")
    if begin < pd.Timestamp(first) or finish > pd.Timestamp(last):
        raise ValueError(f"The period {start} to {end} is outside the data: {valid}.")


# -- territory ---------------------------------------------------------------


def territory_held(territory: pd.DataFrame | None = None) -> pd.DataFrame:
    """ISIS-held territory (IHS) with each date's window: one row per observation, in date order.

    Columns: as_of, as_of_label, km2, first_day, last_day, midpoint, precision
    (day, month or year). The 2017 *liberated* figure is a different measure
    and is left out: see ``territory_liberated``.
    """
    territory = load("isis_territory") if territory is None else territory
    held = territory[territory["measure"] == "held"].copy()
    windows = held["as_of"].map(date_window)
    held["first_day"] = windows.map(lambda w: w[0])
    held["last_day"] = windows.map(lambda w: w[1])
    held["midpoint"] = held["as_of"].map(date_midpoint)
    held["precision"] = held["as_of"].map(date_precision)
    columns = ["as_of", "as_of_label", "km2", "first_day", "last_day", "midpoint", "precision"]
    return held.sort_values("midpoint").loc[:, columns].reset_index(drop=True)


def territory_liberated(territory: pd.DataFrame | None = None) -> pd.DataFrame:
    """Territory retaken *during* a period (a flow), as opposed to territory held *at* a date."""
    territory = load("isis_territory") if territory is None else territory
    liberated = territory[territory["measure"] == "liberated_during_period"]
    return liberated.loc[:, ["as_of", "km2", "estimator", "note"]].reset_index(drop=True)


def territory_loss_rates(held: pd.DataFrame | None = None) -> pd.DataFrame:
    """km² lost a month between each pair of consecutive observations of territory held.

    ``months`` runs from midpoint to midpoint; ``months_shortest`` and
    ``months_longest`` are the smallest and largest gaps the two date labels allow,
    and ``km2_per_month_high`` / ``_low`` the rates they give. Between two exact
    days the three agree; a month-only date widens the range honestly.
    """
    held = territory_held() if held is None else held
    rows = []
    for before, after in zip(held.itertuples(), held.iloc[1:].itertuples(), strict=False):
        lost = int(before.km2 - after.km2)
        months = months_between(before.midpoint, after.midpoint)
        shortest = months_between(before.last_day, after.first_day)
        longest = months_between(before.first_day, after.last_day)
        rows.append(
            {
                "from": before.as_of,
                "to": after.as_of,
                "km2_lost": lost,
                "months": months,
                "months_shortest": shortest,
                "months_longest": longest,
                "km2_per_month": lost / months,
                "km2_per_month_low": lost / longest,
                "km2_per_month_high": lost / shortest if shortest > 0 else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def loss_per_month(start: str, end: str, held: pd.DataFrame | None = None) -> float:
    """Average km² a month ISIS lost between two *exactly dated* observations of territory held.

    ``start`` and ``end`` are the as_of dates of two observations (YYYY-MM-DD).
    Only exact days are accepted, so the answer has no hidden date guesswork;
    anything else raises a ``ValueError`` naming the valid dates.
    """
    held = territory_held() if held is None else held
    exact = held[held["precision"] == "day"]
    dates = list(exact["as_of"])
    check_period(start, end, dates[0], dates[-1], "Exactly dated territory data")
    missing = [d for d in (start, end) if d not in dates]
    if missing:
        raise ValueError(
            f"No exactly dated observation on {', '.join(missing)}: use one of {', '.join(dates)}."
        )
    km2 = exact.set_index("as_of")["km2"]
    return float(km2[start] - km2[end]) / months_between(start, end)


# -- money ---------------------------------------------------------------------

PERIODS_PER = ("year", "month")


def revenue_ranges(per: str, revenue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Lowest and highest estimate of ISIS's *total* revenue, by calendar year, for one unit.

    ``per`` is 'year' (US$ a year) or 'month' (US$ a month): the two are never
    mixed, because a monthly figure for one quarter says nothing exact about the
    year. Columns: year, lowest, highest, ratio (highest / lowest), estimates,
    estimators.
    """
    if per not in PERIODS_PER:
        raise ValueError(f"per must be 'year' or 'month', not {per!r}.")
    revenue = load("isis_revenue") if revenue is None else revenue
    total = revenue[(revenue["stream"] == "total") & (revenue["per"] == per)]
    table = (
        total.groupby("year")
        .agg(
            lowest=("usd_low", "min"),
            highest=("usd_high", "max"),
            estimates=("usd_low", "size"),
            estimators=("estimator", lambda s: ", ".join(sorted(set(s)))),
        )
        .reset_index()
    )
    table["ratio"] = table["highest"] / table["lowest"]
    return table.loc[:, ["year", "lowest", "highest", "ratio", "estimates", "estimators"]]


def revenue_estimates(revenue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every total-revenue estimate with its window and US$ a month *as published* (no conversion).

    Columns: estimator, period, per, usd (the published number), qualifier, first_day,
    last_day, midpoint. Yearly and monthly figures stay in their own unit (column per).
    """
    revenue = load("isis_revenue") if revenue is None else revenue
    total = revenue[revenue["stream"] == "total"].copy()
    total["usd"] = total["usd_high"]
    windows = total["period"].map(date_window)
    total["first_day"] = windows.map(lambda w: w[0])
    total["last_day"] = windows.map(lambda w: w[1])
    total["midpoint"] = total["period"].map(date_midpoint)
    columns = [
        "estimator",
        "period",
        "per",
        "usd",
        "qualifier",
        "first_day",
        "last_day",
        "midpoint",
    ]
    return total.sort_values(["per", "midpoint"]).loc[:, columns].reset_index(drop=True)


# -- people --------------------------------------------------------------------


def fighter_counts(fighters: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of people (not countries) by estimator and date, with whom each count covers."""
    fighters = load("isis_foreign_fighters") if fighters is None else fighters
    people = fighters[fighters["unit"] == "people"]
    columns = ["as_of", "estimator", "measure", "scope", "value_low", "value_high", "qualifier"]
    return people.loc[:, columns].reset_index(drop=True)


def share_of_affiliates(measure: str, as_of: str, fighters: pd.DataFrame | None = None) -> float:
    """The share (0-1) of one category (women, minors, returnees) in the foreign affiliates
    counted by the same estimator at the same date.

    The categories are *part of* the total, not added to it: women and minors are
    among the affiliates. A ``ValueError`` lists the dates and measures available.
    """
    fighters = load("isis_foreign_fighters") if fighters is None else fighters
    same_date = fighters[fighters["as_of"] == as_of].set_index("measure")["value_high"]
    if "foreign_affiliates" not in same_date.index or measure not in same_date.index:
        dates = fighters.loc[fighters["measure"] == "foreign_affiliates", "as_of"]
        raise ValueError(
            f"No {measure!r} count beside a foreign_affiliates total on {as_of!r}. Totals exist "
            f"for {', '.join(sorted(dates))}; measures there: women, minors, returnees."
        )
    return float(same_date[measure] / same_date["foreign_affiliates"])


# -- the Coalition ---------------------------------------------------------------


def dated_members(members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Coalition member counts with an exact date (YYYY-MM-DD), one row per day, in order.

    Counts with only a month or a year (or none) cannot be placed against each
    other to the day, so they are left out here. On a day with two counts (the
    Philippines joined on 13 February 2018) the later, larger count is kept.
    """
    members = load("global_coalition_members") if members is None else members
    exact = members[members["as_of"].str.len() == 10]
    return (
        exact.groupby("as_of", as_index=False)["members"]
        .max()
        .sort_values("as_of")
        .reset_index(drop=True)
    )


def members_on(day: str, members: pd.DataFrame | None = None) -> int:
    """Members by ``day``: the latest exactly dated count on or before it."""
    dated = dated_members(members)
    known = dated[dated["as_of"] <= day]
    if known.empty:
        raise ValueError(
            f"No exactly dated member count on or before {day}: the first is {dated['as_of'].iloc[0]}."
        )
    return int(known["members"].iloc[-1])


def members_added(start: str, end: str, members: pd.DataFrame | None = None) -> int:
    """Members added to the Coalition between two days (YYYY-MM-DD), from exactly dated counts.

    A bad period (end not after start, or outside the dated counts) raises a
    ``ValueError`` naming the valid range.
    """
    dated = dated_members(members)
    check_period(
        start, end, dated["as_of"].iloc[0], dated["as_of"].iloc[-1], "Exactly dated member counts"
    )
    return members_on(end, members) - members_on(start, members)


# -- deaths from terrorism -------------------------------------------------------


def terrorism_deaths_by_edition(deaths: pd.DataFrame | None = None) -> pd.DataFrame:
    """GTI deaths with the label of the run each value belongs to (never to be joined across).

    ``run`` names the data era and, where the source says, the edition: a value
    restated by a later edition is its own run, so 2014's three values never
    sit on one line, and START-era and Dragonfly-era values never meet.
    """
    deaths = load("terrorism_deaths") if deaths is None else deaths
    frame = deaths.loc[:, ["year", "scope", "deaths", "gti_edition", "data_era", "note"]].copy()
    era_names = {
        "start_gtd": "START Global Terrorism Database",
        "dragonfly_terrorismtracker": "Dragonfly TerrorismTracker",
    }
    frame["era"] = frame["data_era"].map(era_names)
    edition = frame["gti_edition"].fillna("edition not stated")
    frame["run"] = frame["era"] + " · " + edition
    return frame.sort_values(["scope", "year"]).reset_index(drop=True)


# -- the five lines of effort, and cause vs coincidence ---------------------------


@dataclass(frozen=True)
class CoincidenceCheck:
    """One question that separates "happened at the same time" from "made it happen"."""

    question: str
    why: str


#: Why coincidence in time is not proof of cause: five questions to ask of any
#: "X was done, then Y fell" (authored; lessons 05 and 06 use them).
COINCIDENCE_CHECKS = (
    CoincidenceCheck(
        "Did the action come before the change, with a delay that makes sense?",
        "A cause must precede its effect; an effect that starts before the action has another cause.",
    ),
    CoincidenceCheck(
        "What else changed at the same time?",
        "When several things change together (force, money, recruits), the data alone cannot "
        "share out the credit between them.",
    ),
    CoincidenceCheck(
        "What would have happened without it?",
        "A fall that was already under way, or that happened where the action was absent, "
        "would have happened anyway: there is no comparison case in a single timeline.",
    ),
    CoincidenceCheck(
        "Is there a measured link from the action to the change?",
        "A mechanism needs its own evidence (e.g. oil revenue falling after strikes on oil "
        "sites), not only two series that move together.",
    ),
    CoincidenceCheck(
        "Does the series measure the outcome, or only the effort?",
        "Counting scholars who signed a charter measures an input; whether fewer people were "
        "recruited is a different number.",
    ),
)


def coincidence_checks() -> pd.DataFrame:
    """``COINCIDENCE_CHECKS`` as a table (question, why), for lessons to show."""
    return pd.DataFrame(
        [(c.question, c.why) for c in COINCIDENCE_CHECKS], columns=["question", "why"]
    )


#: AUTHORED: for each official line of effort, the module's reading of what the data
#: package can show. ``tables`` names the tables that bear on it ('' for none).
_LINE_EVIDENCE = (
    (
        "military campaign",
        "isis_territory; campaign_events",
        "Territory held fell from 90,800 km² (Jan 2015) to 36,200 km² (Jun 2017); Mosul, Raqqa "
        "and Baghuz fell on known days.",
        "Retaking territory is what the campaign did, so the measure is close to the action; "
        "local ground forces did the fighting, so the credit is shared.",
    ),
    (
        "financing",
        "isis_revenue",
        "Revenue estimates fell (IHS: about 81 million US dollars a month in Q2 2015, 16 million "
        "in Q2 2017).",
        "Coincides with the loss of the territory ISIS taxed and drew its oil from: the data "
        "cannot separate financial measures from military losses.",
    ),
    (
        "foreign terrorist fighters",
        "isis_foreign_fighters",
        "Cumulative counts of people who travelled, by estimators with different scopes.",
        "No series of arrivals per month or year: whether the flow fell because of the "
        "Coalition's measures cannot be read from these totals.",
    ),
    (
        "stabilisation",
        "",
        "Nothing in the data package measures stabilisation.",
        "No evidence either way here.",
    ),
    (
        "counter-propaganda",
        "makkah_charter; campaign_events",
        "Participation in the Makkah Charter (about 1,200 scholars from 139 countries, May "
        "2019) and the date of Europol's referral unit (July 2015).",
        "These count participants and dates, not effects; the Charter came after ISIS had lost "
        "its territory. No series of recruitment or radicalisation is in the package.",
    ),
    (
        "not a Coalition line: other forces (Syrian government with Russia; Iran; Iraq's PMF)",
        "isis_campaign_forces",
        "Russia bombed in Syria from 30 September 2015; "
        "Iranian advisers and Iraq's Popular Mobilisation Forces fought ISIS from mid-2014.",
        "They fought ISIS in the same years and places, so the fall cannot be credited to the "
        "Coalition's lines of effort alone.",
    ),
    (
        "not a Coalition line: partner forces on the ground (SDF, Iraqi forces)",
        "isis_campaign_forces; isis_campaign_costs",
        "The SDF took Raqqa and Baghuz; Iraqi forces lost 1,200-1,500 killed at Mosul and the "
        "SDF about 1,100 by September 2017 (the Coalition's counts).",
        "Their share of the result cannot be separated from the air campaign's.",
    ),
    (
        "not a Coalition line: the cost in civilian lives",
        "isis_campaign_costs",
        "The Coalition assessed at least 1,335 civilians killed by its actions (to August 2019); "
        "Airwars estimates about 8,200-13,300.",
        "The two counts differ by a factor of six or more: report both, with who counted.",
    ),
)


def lines_of_effort_evidence() -> pd.DataFrame:
    """AUTHORED table: each line of effort, the tables that bear on it, what they show, and
    what they cannot show about its *effect*."""
    return pd.DataFrame(
        list(_LINE_EVIDENCE),
        columns=["line_of_effort", "tables", "what_the_data_shows", "what_it_cannot_show"],
    )


def events_between(start: str, end: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The key events (``campaign_events``) whose date window overlaps ``start``..``end``."""
    events = load("campaign_events") if events is None else events
    check_period(start, end, "2012-01-01", "2023-12-31", "The timeline")
    windows = events["date"].map(date_window)
    first = windows.map(lambda w: w[0])
    last = windows.map(lambda w: w[1])
    inside = (last >= pd.Timestamp(start)) & (first <= pd.Timestamp(end))
    return events.loc[inside, ["event_id", "date", "event", "line_of_effort"]].reset_index(
        drop=True
    )
