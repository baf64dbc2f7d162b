"""The module's verdict vocabulary: one set of labels for judging a claim against the data.

Lesson 02 uses it to judge the op-ed's numbers (its verdict table,
``op_ed_number_verdicts``, is built here from the data), lesson 05 the claims about
the campaign against ISIS, and lesson 06 the analogy itself. The labels and
their meanings are the module's own (authored, not measured): they are a
shared language for a seminar, not a standard from the literature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from cartel_lab.data import load
from cartel_lab.violence import (
    multiple,
    multiple_from_percent,
    percent_change,
    series,
    value_in,
    years_above,
)


@dataclass(frozen=True)
class Verdict:
    """One label, what it means, and the question that leads to it."""

    label: str
    meaning: str
    ask: str


VERDICTS = (
    Verdict(
        "supported",
        "A named, reliable series shows what the claim says, for the period it names.",
        "Does a series measure exactly this, and does it agree?",
    ),
    Verdict(
        "supported with caveats",
        "The data points the same way, but the claim stretches it: a different measure, a "
        "rounder number, a period or a definition that only roughly fits.",
        "Does it hold once you say what is really measured?",
    ),
    Verdict(
        "misleading",
        "Each number may be real, but the claim draws a conclusion the data does not carry: "
        "the wrong measure, a cherry-picked start year, a count presented as a rate.",
        "Would a reader who saw the series draw the same conclusion?",
    ),
    Verdict(
        "contradicted",
        "The closest reliable series shows something clearly different.",
        "Does the best available series say the opposite, or a much smaller or larger number?",
    ),
    Verdict(
        "not traceable",
        "No source for the number could be found, so it can be neither confirmed nor refuted.",
        "Can you find where the number came from at all?",
    ),
)

VERDICT_LABELS = tuple(verdict.label for verdict in VERDICTS)

VERDICT_COLUMNS = ("claim_id", "claim", "number", "closest_series", "what_it_shows", "verdict")


def verdict(label: str) -> Verdict:
    """The verdict called ``label``; a ``ValueError`` that lists the labels otherwise."""
    for candidate in VERDICTS:
        if candidate.label == label:
            return candidate
    raise ValueError(
        f"{label!r} is not one of the module's verdicts: {', '.join(map(repr, VERDICT_LABELS))}."
    )


def verdict_table(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A verdict table: one row per claim, with the columns of ``VERDICT_COLUMNS``.

    Every row must give every column, and its ``verdict`` must be one of
    ``VERDICT_LABELS``, so every lesson judges with the same words.
    """
    frame = pd.DataFrame(list(rows))
    missing = [column for column in VERDICT_COLUMNS if column not in frame.columns]
    if missing or frame.empty:
        raise ValueError(
            f"A verdict table needs at least one row with the columns {', '.join(VERDICT_COLUMNS)}"
            + (f"; missing: {', '.join(missing)}." if missing else ".")
        )
    for label in frame["verdict"]:
        verdict(str(label))
    return frame.loc[:, list(VERDICT_COLUMNS)].reset_index(drop=True)


def vocabulary() -> pd.DataFrame:
    """The labels as a table (label, meaning, the question to ask), for lessons to show."""
    return pd.DataFrame(
        [(v.label, v.meaning, v.ask) for v in VERDICTS], columns=["verdict", "meaning", "ask"]
    )


# ------------------------------------------------ lesson 02's verdict table ---


def _stated(number_id: str) -> str:
    """An op-ed number as the op-ed states it: 'more than 30,000'."""
    row = load("claim_numbers").set_index("number_id").loc[number_id]
    qualifier = f"{row['qualifier']} " if pd.notna(row["qualifier"]) else ""
    return f"{qualifier}{row['value']:,.0f}"


def organised_crime_shares() -> pd.DataFrame:
    """Killings the government attributed to organised crime, as a share of all homicides.

    Full years only (2011 was published for January-September): year, killings,
    homicides, share (0-1). Lesson 02 builds the same table with ``.merge``.
    """
    killings = load("mexico_organised_crime_killings")
    full_years = killings.loc[killings["months"] == 12, ["year", "killings"]]
    homicides = series("homicides")[["year", "value"]].rename(columns={"value": "homicides"})
    table = full_years.merge(homicides, on="year")
    table["share"] = table["killings"] / table["homicides"]
    return table.reset_index(drop=True)


def a05_row() -> dict[str, object]:
    """The verdict on A05 ('more than 30,000 cartel deaths a year'), from the data."""
    numbers = load("claim_numbers").set_index("number_id")
    above = years_above("homicides", 30000)
    shares = organised_crime_shares()
    low, high = shares["share"].idxmin(), shares["share"].idxmax()
    years, share = shares["year"], shares["share"]
    return {
        "claim_id": "A05",
        "claim": numbers.loc["N01", "quantity"],
        "number": _stated("N01"),
        "closest_series": "homicides (mexico_homicides, preferred rows)",
        "what_it_shows": f"all homicides, above 30,000 in {len(above)} years ({above[0]}-{above[-1]}); "
        f"killings the government attributed to organised crime were {share[low]:.0%} "
        f"({years[low]}) to {share[high]:.0%} ({years[high]}) of homicides",
        "verdict": "misleading",
    }


def op_ed_number_verdicts() -> pd.DataFrame:
    """Lesson 02's verdict table: each number the op-ed states, what the data show, a verdict.

    The numbers come from the data; the verdicts are the module's judgement
    (authored, argued in lesson 02's sections).
    """
    numbers = load("claim_numbers").set_index("number_id")
    dea = load("dea_cartel_statements")
    countries = dea.loc[dea["measure"] == "countries"]
    youth = load("youth_recruitment_estimates")
    at_risk = youth.loc[youth["measure"] == "children and adolescents at risk of recruitment"]
    at_risk = at_risk.iloc[0]
    makkah = load("makkah_charter").set_index(["event", "measure"])["value"]
    first, last = value_in("disappeared_rnped", 2004), value_in("disappeared_rnped", 2010)
    homicides_rise = percent_change(value_in("homicides", 2007), value_in("homicides", 2010))
    rows = [
        a05_row(),
        {
            "claim_id": "A06",
            "claim": numbers.loc["N02", "quantity"],
            "number": _stated("N02"),
            "closest_series": "dea_cartel_statements (countries)",
            "what_it_shows": "; ".join(
                f"{row.group}, {row.as_of}: {row.qualifier} {row.value}"
                for row in countries.itertuples()
            ),
            "verdict": "supported with caveats",
        },
        {
            "claim_id": "A10",
            "claim": numbers.loc["N03", "quantity"],
            "number": f"{numbers.loc['N03', 'value']:,.0f} percent",
            "closest_series": "none (no measure or base year given)",
            "what_it_shows": f"900 percent is ×{multiple_from_percent(900):.0f}; "
            f"homicides 2007-2010: {homicides_rise:+.0f}%",
            "verdict": "not traceable",
        },
        {
            "claim_id": "A10",
            "claim": "annual forced disappearances, start and end of six years",
            "number": f"{numbers.loc['N04', 'value']:,.0f} to {_stated('N05')}",
            "closest_series": "RNPED open investigations by year last seen (candidate origin)",
            "what_it_shows": f"{first:,.0f} in 2004 to {last:,.0f} in 2010 "
            f"(×{multiple(first, last):,.0f}); people disappeared for any cause, "
            "not forced disappearances",
            "verdict": "misleading",
        },
        {
            "claim_id": "A14",
            "claim": numbers.loc["N06", "quantity"],
            "number": _stated("N06"),
            "closest_series": "model_results (press framing of the Science 2023 study)",
            "what_it_shows": numbers.loc["N06", "reference_finding"],
            "verdict": "supported with caveats",
        },
        {
            "claim_id": "A14",
            "claim": numbers.loc["N07", "quantity"],
            "number": _stated("N07"),
            "closest_series": "youth_recruitment_estimates",
            "what_it_shows": "a 2018 remark without a source; children 'at risk' "
            f"({at_risk['estimated_by']}): {at_risk['value_low']:,}-{at_risk['value_high']:,}",
            "verdict": "not traceable",
        },
        {
            "claim_id": "A19",
            "claim": "scholars, and their countries, endorsing the Makkah Charter",
            "number": f"{numbers.loc['N08', 'value']:,.0f} scholars, "
            f"{numbers.loc['N09', 'value']:,.0f} countries",
            "closest_series": "makkah_charter",
            "what_it_shows": "about "
            f"{makkah[('Makkah Charter', 'signatories (Islamic scholars and figures)')]:,} "
            f"signatories from {makkah[('Makkah Charter', 'countries')]} countries",
            "verdict": "supported",
        },
    ]
    return verdict_table(rows)
