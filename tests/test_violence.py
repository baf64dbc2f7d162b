"""Lesson 02's series, arithmetic, verdicts and charts, judged against the CSV files themselves.

Expected values are computed here with plain pandas from ``data/*.csv`` (not
through ``cartel_lab.data.load`` or ``cartel_lab.violence``), so a fault in the
package cannot hide in the expectation.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import cartel_lab.charts  # noqa: F401  (switches Altair offline before any chart is built)
from cartel_lab import verdicts, violence, violence_charts
from cartel_lab.violence import (
    average_annual_growth,
    change_over,
    multiple,
    multiple_from_percent,
    peak_years,
    percent_change,
    rate_per_100k,
    series,
    value_in,
    years_above,
)
from tests.vega_spec import svg

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
LESSON = REPO / "notebooks" / "02-violence-in-numbers.ipynb"


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def preferred() -> pd.Series:
    """Homicides per year from the CSV: the row marked preferred."""
    rows = csv("mexico_homicides")
    rows = rows[rows["preferred"].astype(str).str.lower() == "true"]
    return rows.set_index("year")["homicides"].astype(float).sort_index()


# ------------------------------------------------------------- arithmetic ---


def test_the_arithmetic_on_numbers_worked_by_hand() -> None:
    assert percent_change(50, 75) == pytest.approx(50.0)
    assert percent_change(200, 100) == pytest.approx(-50.0)
    assert multiple(18, 180) == pytest.approx(10.0)
    assert multiple_from_percent(900) == pytest.approx(10.0)
    assert multiple_from_percent(-50) == pytest.approx(0.5)
    assert average_annual_growth(100, 121, 2) == pytest.approx(10.0)
    assert average_annual_growth(100, 100, 5) == pytest.approx(0.0)
    assert rate_per_100k(250, 1_000_000) == pytest.approx(25.0)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: percent_change(0, 5), "starting value must be a positive"),
        (lambda: multiple(-1, 5), "starting value must be a positive"),
        (lambda: average_annual_growth(10, 20, 0), "at least 1"),
        (lambda: rate_per_100k(10, 0), "population must be a positive"),
    ],
)
def test_impossible_arithmetic_is_refused_in_words(call, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        call()


# ----------------------------------------------------------------- series ---


def test_homicide_series_is_the_preferred_row_of_each_year(preferred: pd.Series) -> None:
    ours = series("homicides").set_index("year")["value"]
    assert ours.index.is_unique
    pd.testing.assert_series_equal(ours, preferred, check_names=False, check_index_type=False)


def test_years_above_and_peak_match_the_csv(preferred: pd.Series) -> None:
    assert years_above("homicides", 30000) == [int(y) for y in preferred[preferred > 30000].index]
    assert peak_years("homicides") == [int(preferred.idxmax())]


def test_rounded_rates_tie_and_all_tied_years_are_returned() -> None:
    rates = series("homicide_rate")
    top = rates["value"].max()
    assert peak_years("homicide_rate") == rates.loc[rates["value"] == top, "year"].tolist()
    assert len(peak_years("homicide_rate")) > 1, "the lesson teaches ties with this series"


def test_rate_series_takes_the_latest_vintage_of_each_year() -> None:
    rank = {"definitive": 0, "revised": 1, "not stated": 2, "preliminary": 3}
    rows = csv("mexico_homicide_rates")
    best = rows.assign(rank=rows["status"].map(rank)).groupby("year")["rank"].min()
    ours = series("homicide_rate").set_index("year")
    for year, value in ours["value"].items():
        candidates = rows[(rows["year"] == year) & (rows["status"].map(rank) == best[year])]
        assert value in set(candidates["rate_per_100k"]), year
    # 2023 has a preliminary 24.0 and a definitive 24.9: the definitive wins.
    definitive_2023 = rows.query("year == 2023 and status == 'definitive'")["rate_per_100k"]
    assert value_in("homicide_rate", 2023) == float(definitive_2023.iloc[0])


def test_registers_are_kept_as_separate_series() -> None:
    rows = csv("mexico_disappeared_by_year")
    for name, register in [
        ("disappeared_rnped", "rnped_open_investigations"),
        ("disappeared_rnpdno", "rnpdno_scrape_not_located"),
    ]:
        expected = rows[rows["series"] == register].set_index("year")["persons"].astype(float)
        ours = series(name).set_index("year")["value"]
        pd.testing.assert_series_equal(
            ours, expected.sort_index(), check_names=False, check_index_type=False
        )


def test_provisional_overdose_count_is_marked_preliminary() -> None:
    rows = csv("us_overdose_deaths")
    rows = rows[(rows["drug_category"] == "all_drugs") & (rows["period"] == "calendar year")]
    provisional = set(rows.loc[rows["data_status"] == "provisional", "year"])
    ours = series("us_overdose_deaths")
    assert (
        provisional and set(ours.loc[ours["status"] == violence.PRELIMINARY, "year"]) == provisional
    )


def test_op_ed_numbers_come_from_claim_numbers() -> None:
    numbers = csv("claim_numbers").set_index("number_id")["value"]
    assert violence.op_ed_number("homicides") == numbers["N01"]
    assert violence.op_ed_number("disappeared_rnped") == numbers["N05"]
    assert violence.op_ed_number("us_overdose_deaths") is None


def test_change_over_states_every_form(preferred: pd.Series) -> None:
    old, new = preferred[2007], preferred[2010]
    change = change_over("homicides", 2007, 2010)
    assert change.percent == pytest.approx((new - old) / old * 100)
    assert change.times == pytest.approx(new / old)
    assert change.annual_growth == pytest.approx(((new / old) ** (1 / 3) - 1) * 100)
    assert f"{(new - old) / old * 100:+,.0f}%" in change.sentence()
    assert f"{old:,.0f} in 2007" in change.sentence()


# ---------------------------------------------------- errors name the valid ---


def test_unknown_series_names_the_valid_series() -> None:
    with pytest.raises(ValueError) as raised:
        series("homicide")
    for name in violence.SERIES_NAMES:
        assert name in str(raised.value)


@pytest.mark.parametrize(("start", "end"), [(1990, 2010), (2007, 2030), (2010, 2007)])
def test_years_outside_the_data_name_the_valid_range(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="covers 2000-2024"):
        change_over("homicides", start, end)
    with pytest.raises(ValueError, match="covers 2000-2024"):
        violence_charts.claim_vs_data_chart("homicides", start, end)


def test_a_missing_year_names_the_years_covered() -> None:
    with pytest.raises(ValueError, match="2016-2023"):
        value_in("us_overdose_rate", 2015)


def test_chart_recipe_refuses_an_unknown_series() -> None:
    with pytest.raises(ValueError, match="us_overdose_deaths"):
        violence_charts.claim_vs_data_chart("overdoses")


# --------------------------------------------------------------- verdicts ---


def test_verdict_labels_are_stable() -> None:
    """Lessons 05 and 06 reuse these labels in this order (e.g. in a Choice question)."""
    assert verdicts.VERDICT_LABELS == (
        "supported",
        "supported with caveats",
        "misleading",
        "contradicted",
        "not traceable",
    )
    assert list(verdicts.vocabulary()["verdict"]) == list(verdicts.VERDICT_LABELS)


def test_an_unknown_verdict_is_refused_with_the_labels() -> None:
    with pytest.raises(ValueError) as raised:
        verdicts.verdict("true")
    assert all(label in str(raised.value) for label in verdicts.VERDICT_LABELS)


def test_verdict_table_keeps_its_columns_and_refuses_bad_rows() -> None:
    row = dict.fromkeys(verdicts.VERDICT_COLUMNS, "x") | {"verdict": "misleading", "extra": 1}
    table = verdicts.verdict_table([row])
    assert list(table.columns) == list(verdicts.VERDICT_COLUMNS)
    with pytest.raises(ValueError, match="not one of the module's verdicts"):
        verdicts.verdict_table([row | {"verdict": "false"}])
    with pytest.raises(ValueError, match="missing: claim"):
        verdicts.verdict_table([{k: v for k, v in row.items() if k != "claim"}])
    with pytest.raises(ValueError):
        verdicts.verdict_table([])


# ----------------------------------------------------- what charts encode ---


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def _rows_with(spec: dict, column: str) -> list[dict]:
    return [row for data in _datasets(spec) for row in data if column in row]


def test_homicides_chart_encodes_every_definitive_and_preliminary_count(
    preferred: pd.Series,
) -> None:
    spec = violence_charts.homicides_chart().to_dict()
    points = _rows_with(spec, "homicides")
    drawn = {(r["year"], r["homicides"], r["status"]) for r in points}
    rows = csv("mexico_homicides")
    prelim = rows[rows["status"] == "preliminary"]
    expected = {(int(y), float(v), violence.FINAL) for y, v in preferred.items()}
    expected |= {
        (int(y), float(v), violence.PRELIMINARY)
        for y, v in zip(prelim["year"], prelim["homicides"], strict=True)
    }
    assert drawn == expected
    rule = _rows_with(spec, "label")
    assert [r["value"] for r in rule] == [
        float(csv("claim_numbers").set_index("number_id").loc["N01", "value"])
    ]
    # Preliminary values are marked by shape, not by colour alone.
    shapes = [
        layer["encoding"]["shape"]
        for layer in spec["layer"]
        if "shape" in layer.get("encoding", {})
    ]
    scale = shapes[0]["scale"]
    marks = dict(zip(scale["domain"], scale["range"], strict=True))
    assert marks[violence.PRELIMINARY] != marks[violence.FINAL]


def test_homicides_chart_title_is_true(preferred: pd.Series) -> None:
    title = violence_charts.homicides_chart().to_dict()["title"]["text"]
    first = int(preferred[preferred > 30000].index.min())
    assert f"only from {first}" in title
    assert (preferred[preferred.index >= first] > 30000).all()


def test_cartel_killings_chart_encodes_every_year_and_never_pairs_a_part_year(
    preferred: pd.Series,
) -> None:
    spec = violence_charts.cartel_killings_chart().to_dict()
    drawn = {(r["year"], r["what"].split(" ")[0], r["count"]) for r in _rows_with(spec, "count")}
    killings = csv("mexico_organised_crime_killings")
    assert set(killings["year"]) == {2007, 2008, 2009, 2010, 2011}  # every year published
    expected = set()
    for year, count, months in zip(
        killings["year"], killings["killings"], killings["months"], strict=True
    ):
        if months == 12:
            expected |= {
                (str(year), "attributed", float(count)),
                (str(year), "all", preferred[year]),
            }
        else:  # a part of a year: its own row, no homicide bar beside it
            expected.add((f"{year} (January-September only)", "attributed", float(count)))
    assert drawn == expected


def test_cartel_killings_chart_title_states_the_shares_of_the_data(preferred: pd.Series) -> None:
    title = violence_charts.cartel_killings_chart().to_dict()["title"]["text"]
    full = csv("mexico_organised_crime_killings").query("months == 12").set_index("year")
    shares = full["killings"] / preferred[full.index]
    assert abs(shares.min() - 1 / 3) < 0.03 and abs(shares.max() - 3 / 5) < 0.03
    assert "a third to three fifths of homicides (2007-2010)" in title


def test_registers_chart_never_joins_the_registers() -> None:
    spec = violence_charts.registers_chart().to_dict()
    rows = [row for row in _rows_with(spec, "register") if "label" not in row]
    registers = {r["register"] for r in rows}
    assert len(registers) == 2
    line = next(layer for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert line["encoding"]["color"]["field"] == "register"
    assert line["encoding"]["strokeDash"]["field"] == "register"
    rnped = csv("mexico_disappeared_by_year").query("series == 'rnped_open_investigations'")
    drawn = sorted((r["year"], r["persons"]) for r in rows if r["register"].startswith("RNPED"))
    assert drawn == sorted(zip(rnped["year"], rnped["persons"].astype(float), strict=True))


def _svg_text(spec: dict) -> str:
    image = svg(spec)
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", image)).replace("&#x27;", "'")


def test_explorer_chart_states_the_change_the_csv_gives(preferred: pd.Series) -> None:
    old, new = preferred[2007], preferred[2010]
    text = _svg_text(violence_charts.claim_vs_data_chart("homicides", 2007, 2010).to_dict())
    assert f"From {old:,.0f} in 2007 to {new:,.0f} in 2010" in text
    assert f"{(new - old) / old * 100:+,.0f}% (×{new / old:,.2f})" in text
    assert "Op-ed (A05): more than 30,000" in text


def test_explorer_chart_warns_when_a_range_crosses_the_series_break() -> None:
    rows = csv("mexico_homicides").query("preferred == True or preferred == 'true'")
    break_year = int(rows.loc[rows["series"] == "inegi_headline", "year"].min())
    across = _svg_text(violence_charts.claim_vs_data_chart("homicides", 2000, 2010).to_dict())
    after = _svg_text(violence_charts.claim_vs_data_chart("homicides", break_year, 2010).to_dict())
    assert "across a series break" in across
    assert "across a series break" not in after


def test_explorer_chart_draws_the_rule_only_where_the_op_ed_has_a_number() -> None:
    rnped = csv("mexico_disappeared_by_year").query("series == 'rnped_open_investigations'")
    values = rnped.set_index("year")["persons"]
    text = _svg_text(violence_charts.claim_vs_data_chart("disappeared_rnped", 2004, 2010).to_dict())
    assert f"(×{values[2010] / values[2004]:,.2f})" in text
    assert "Op-ed (A10): more than 3,000" in text
    overdoses = _svg_text(violence_charts.claim_vs_data_chart("us_overdose_deaths").to_dict())
    assert "Op-ed" not in overdoses


def test_explorer_controls_stay_inside_the_data_and_drive_the_chart() -> None:
    explorer = violence_charts.claim_vs_data_explorer()
    years, picker, chart = explorer.children
    assert (years.min, years.max) == violence.year_range("homicides")
    years.value = (2007, 2010)
    assert (chart.params.start, chart.params.end) == (2007, 2010)
    for name in [*violence.SERIES_NAMES[1:], violence.SERIES_NAMES[0]]:  # each one a change
        picker.value = name
        assert chart.params.series == name
        assert (years.min, years.max) == years.value == violence.year_range(name)
        assert (chart.params.start, chart.params.end) == violence.year_range(name)


# ------------------------------------------------- the lesson's own words ---


def _lesson_text() -> str:
    lesson = nbformat.read(LESSON, as_version=4)
    return " ".join(" ".join(c.source for c in lesson.cells if c.cell_type == "markdown").split())


def test_readings_in_lesson_02_match_the_data(preferred: pd.Series) -> None:
    text = _lesson_text()
    full = csv("mexico_organised_crime_killings").query("months == 12").set_index("year")
    share = {year: full.loc[year, "killings"] / preferred[year] for year in full.index}
    assert f"and {share[2010]:.0%} in 2010".replace("%", " %") in text
    assert "about a third of homicides in 2007" in text and abs(share[2007] - 1 / 3) < 0.05
    assert "about half in 2008 and 2009" in text
    assert all(abs(share[year] - 1 / 2) < 0.03 for year in (2008, 2009))
    assert "a little over half" not in text and "height of the drug war" not in text
    assert "between a third and three fifths of homicides" in text
    assert "roughly tripled from 2007 to 2010" in text
    assert 2.5 < preferred[2010] / preferred[2007] < 3.5
    first = int(preferred[preferred > 30000].index.min())
    assert f"above 30,000 from {first} on" in text
    assert math.isclose(multiple_from_percent(900), 10) and "multiplies by **10**" in text


def _lesson_code() -> str:
    lesson = nbformat.read(LESSON, as_version=4)
    return "\n".join(c.source for c in lesson.cells if c.cell_type == "code")


def test_lesson_02_dates_mexicos_offensive_and_not_the_war_on_drugs() -> None:
    text = _lesson_text().lower()
    assert "before the war on drugs" not in text and "the war on drugs began" not in text
    assert "military offensive" in text and "older thing, the us policy" in text
    n04 = csv("claim_numbers").set_index("number_id").loc["N04", "reference_finding"]
    assert "before the 2006 war on drugs" not in n04
    assert "military offensive" in n04 and "older US policy" in n04
    rows = verdicts.op_ed_number_verdicts()
    assert not rows["what_it_shows"].str.contains("war on drugs", case=False).any()


def test_lesson_02_names_both_homicide_counts_and_what_they_leave_out() -> None:
    text = _lesson_text()
    for words in (
        "INEGI**, Mexico's national statistics institute",
        "**SESNSP**",
        "**death certificates**",
        "state prosecutors' investigation",
        "**disappeared**",
    ):
        assert words in text, words
    sources = set(csv("sources")["source_id"])
    assert {"S020", "S193", "S190", "S191", "S192"} <= sources


def test_lesson_02_calls_wgeid_and_cndh_numbers_a_floor() -> None:
    text = _lesson_text()
    assert "**reported to or recognised by** them: a floor" in text
    registers = csv("mexico_disappeared_by_year")
    assert {"un_wgeid_enforced_disappearance", "cndh_enforced_disappearance"} <= set(
        registers["series"]
    )


def test_lesson_02_other_numbers_and_demand_side_say_what_the_data_hold() -> None:
    text = _lesson_text()
    assert "lessons 03-05 look at them closely" not in text
    assert "numbers are all Mexican" not in text and "the demand that pays" not in text
    assert "not the demand itself" in text
    youth = csv("youth_recruitment_estimates")
    at_risk = youth[youth["measure"].str.contains("at risk")]
    single = at_risk[at_risk["value_low"] == at_risk["value_high"]]["value_low"].tolist()
    assert single == [500000] and "one single number (500,000" in text
    code = _lesson_code()
    count = re.search(r'change_over\("us_overdose_deaths", (\d+), (\d+)\)', code).groups()
    rate = re.search(r'change_over\("us_overdose_rate", (\d+), (\d+)\)', code).groups()
    assert count == rate, "counts and rates compared over the same years"


def test_lesson_02_says_its_jargon_in_words_on_first_use() -> None:
    text = _lesson_text()
    for term, words in {
        "INEGI": "national statistics institute",
        "SESNSP": "executive secretariat",
        "CONAPO": "National Population Council",
        "RNPED": "Registro Nacional de\nDatos".replace("\n", " "),
        "RNPDNO": "national register of disappeared",
        "age-adjusted": "standard mix of ages",
    }.items():
        first = text.find(term)
        assert first >= 0 and words in text[first : first + 400], term


def test_op_ed_verdict_table_reads_the_csv_files(preferred: pd.Series) -> None:
    table = verdicts.op_ed_number_verdicts()
    assert table["verdict"].isin(verdicts.VERDICT_LABELS).all()
    full = csv("mexico_organised_crime_killings").query("months == 12").set_index("year")
    shares = full["killings"] / preferred[full.index]
    a05 = table.loc[0, "what_it_shows"]
    assert (
        f"{shares.min():.0%} ({shares.idxmin()}) to {shares.max():.0%} ({shares.idxmax()})" in a05
    )
    above = preferred[preferred > 30000]
    assert f"above 30,000 in {len(above)} years ({above.index.min()}-{above.index.max()})" in a05
    rnped = csv("mexico_disappeared_by_year").query("series == 'rnped_open_investigations'")
    values = rnped.set_index("year")["persons"]
    assert f"{values[2004]:,} in 2004 to {values[2010]:,} in 2010" in table.loc[3, "what_it_shows"]
    assert table["claim_id"].tolist() == ["A05", "A06", "A10", "A10", "A14", "A14", "A19"]


def test_lesson_02_builds_one_verdict_row_live_and_loads_the_rest() -> None:
    code = _lesson_code()
    assert "op_ed_number_verdicts()" in code
    assert code.count('"claim_id": ') == 1, "one row built live in the lesson, the rest loaded"
    assert "a05.equals(judged.loc[[0]])" in code
    assert "\\$" not in _lesson_text()


def test_exercise_2_8_has_one_defensible_verdict() -> None:
    from cartel_lab.exercises import ex02

    deaths = csv("us_overdose_deaths").query(
        "drug_category == 'all_drugs' and period == 'calendar year'"
    )
    yearly = deaths.set_index("year")["deaths"].sort_index()
    after_2017 = yearly[yearly.index >= 2017]
    assert (after_2017.diff() > 0).any(), "a rise after 2017 contradicts 'fell every year'"
    question = next(q for q in ex02.QUESTIONS if q.id == "2.8")
    assert "fallen every year since 2017" in Path(
        REPO / "solutions" / "02-violence-in-numbers-solution.ipynb"
    ).read_text(encoding="utf-8")
    assert ex02.EXERCISE.key(question) == "contradicted"


# ------------------------------------- each series rebuilt from its CSV file ---
# What a student reads in ``readable(series(...))`` and what every chart and
# answer key of lesson 02 is drawn from: the row chosen for each year, its value
# and the status the charts mark it with. Expected rows are chosen here from the
# CSV files with the catalogue's written rules (``SeriesInfo.choice``).

# The statuses the charts mark, from the words the CSV files use.
_STATUS_OF = {
    "definitive": violence.FINAL,
    "revised": violence.FINAL,
    "final": violence.FINAL,
    "preliminary": violence.PRELIMINARY,
    "provisional": violence.PRELIMINARY,
    "not stated": violence.NOT_STATED,
}


@pytest.fixture
def built_from_the_csv():
    """Build the series anew: they are cached per session, so a test that means to read the
    CSV files must not get what an earlier test left in the cache."""
    violence._built.cache_clear()
    yield
    violence._built.cache_clear()


def _chosen_rate_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Per year: the latest vintage (definitive, revised, not stated, preliminary), then the
    better-graded source (high, medium, low, none), as the catalogue's ``choice`` says."""
    vintage = ["definitive", "revised", "not stated", "preliminary"]
    grade = {"high": 0, "medium": 1, "low": 2}
    best = []
    for _, year_rows in rows.groupby("year"):
        keyed = sorted(
            year_rows.to_dict("records"),
            key=lambda r: (vintage.index(r["status"]), grade.get(r["confidence"], 3)),
        )
        best.append(keyed[0])
    return pd.DataFrame(best)


def _expected_rows() -> dict[str, list[tuple[int, float, str]]]:
    """(year, value, status) of every year of every series, from the CSV files alone."""
    homicides = csv("mexico_homicides")
    homicides = homicides[homicides["preferred"].astype(str).str.lower() == "true"]
    rates = _chosen_rate_rows(csv("mexico_homicide_rates"))
    registers = csv("mexico_disappeared_by_year")
    deaths = csv("us_overdose_deaths").query(
        "drug_category == 'all_drugs' and period == 'calendar year'"
    )
    death_rates = csv("us_overdose_death_rates").query("drug_category == 'all_drugs'")

    def rows(frame, value, status):
        statuses = frame[status].map(_STATUS_OF) if status in frame else [status] * len(frame)
        return sorted(
            zip(frame["year"].astype(int), frame[value].astype(float), statuses, strict=True)
        )

    return {
        "homicides": rows(homicides, "homicides", "status"),
        "homicide_rate": rows(rates, "rate_per_100k", "status"),
        "disappeared_rnped": rows(
            registers[registers["series"] == "rnped_open_investigations"],
            "persons",
            violence.SNAPSHOT,
        ),
        "disappeared_rnpdno": rows(
            registers[registers["series"] == "rnpdno_scrape_not_located"],
            "persons",
            violence.SNAPSHOT,
        ),
        "us_overdose_deaths": rows(deaths, "deaths", "data_status"),
        "us_overdose_rate": rows(death_rates, "rate_per_100k_age_adjusted", violence.FINAL),
    }


def test_every_series_is_its_csv_rows_each_year_with_its_status(built_from_the_csv) -> None:
    expected = _expected_rows()
    assert set(expected) == set(violence.SERIES_NAMES)
    for name, rows in expected.items():
        frame = series(name)
        drawn = list(zip(frame["year"], frame["value"], frame["status"], strict=True))
        assert drawn == rows, name
        assert frame["year"].is_unique and frame["status"].isin(violence.STATUSES).all(), name
    # Each status the charts mark occurs: the mapping is exercised, not only its default.
    assert {s for rows in expected.values() for _, _, s in rows} == set(violence.STATUSES)


def test_the_rate_row_chosen_does_not_depend_on_the_csv_row_order(
    built_from_the_csv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'then the better-graded source': 2011, 2012 and 2017 have two rows of the same vintage."""
    loaded = violence.load

    def reversed_rows(name: str) -> pd.DataFrame:
        frame = loaded(name)
        return frame.iloc[::-1].reset_index(drop=True) if name == "mexico_homicide_rates" else frame

    monkeypatch.setattr(violence, "load", reversed_rows)
    frame = series("homicide_rate")
    drawn = list(zip(frame["year"], frame["value"], frame["status"], strict=True))
    assert drawn == _expected_rows()["homicide_rate"]


def test_catalogue_table_columns_keep_their_meaning(built_from_the_csv) -> None:
    """Lesson 02 shows ``readable(catalogue())``: each column says what its header says."""
    table = violence.catalogue().set_index("series")
    assert list(table.columns) == ["label", "unit", "years", "op_ed_number", "table", "row_chosen"]
    assert list(table.index) == list(violence.SERIES_NAMES)
    for name, rows in _expected_rows().items():
        assert table.loc[name, "years"] == f"{rows[0][0]}-{rows[-1][0]}", name
    numbers = csv("claim_numbers").set_index("number_id")["value"]
    assert table.loc["homicides", "op_ed_number"] == numbers["N01"]
    assert table.loc["disappeared_rnped", "op_ed_number"] == numbers["N05"]
    assert table["op_ed_number"].isna().sum() == 4  # the op-ed gives no number for the others
    # The unit says per what: a count per year, a rate per 100,000, persons by which year.
    assert "per 100,000" in table.loc["homicide_rate", "unit"]
    assert "per 100,000" in table.loc["us_overdose_rate", "unit"]
    assert "age-adjusted" in table.loc["us_overdose_rate", "unit"]
    assert table.loc["homicides", "unit"] == table.loc["us_overdose_deaths", "unit"]
    assert "year last seen" in table.loc["disappeared_rnped", "unit"]
    # The label names the country and the register or institute the values come from.
    assert (
        table.loc["homicides", "label"].startswith("Mexico")
        and "INEGI" in table.loc["homicides", "label"]
    )
    assert "RNPDNO" in table.loc["disappeared_rnpdno", "label"]
    assert table.loc["us_overdose_deaths", "label"].startswith("US")
    # The row chosen names the series break the homicide chart draws (first INEGI headline year).
    rows = csv("mexico_homicides")
    first_headline = int(rows.loc[rows["series"] == "inegi_headline", "year"].min())
    assert f"series break at {first_headline}" in table.loc["homicides", "row_chosen"]
    assert "provisional" in table.loc["us_overdose_deaths", "row_chosen"]
    for name in violence.SERIES_NAMES:
        assert (DATA / f"{table.loc[name, 'table']}.csv").exists(), name


def test_a_missing_year_message_says_whether_the_series_has_gaps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No shipped series has a gap: the message ends with the range it covers, nothing more.
    overdose_years = csv("us_overdose_death_rates").query("drug_category == 'all_drugs'")["year"]
    first, last = int(overdose_years.min()), int(overdose_years.max())
    assert len(overdose_years) == last - first + 1
    with pytest.raises(ValueError) as raised:
        value_in("us_overdose_rate", first - 1)
    assert str(raised.value).endswith(f"it covers {first}-{last}.")
    # With one year missing inside the range, the message says so.
    whole = series("us_overdose_rate")
    gap_year = first + 2
    monkeypatch.setattr(
        violence, "series", lambda name: whole[whole["year"] != gap_year].reset_index(drop=True)
    )
    with pytest.raises(ValueError) as raised:
        value_in("us_overdose_rate", gap_year)
    assert str(raised.value).endswith(f"it covers {first}-{last} with gaps.")


def test_unknown_series_message_lists_names_a_student_can_copy() -> None:
    with pytest.raises(ValueError) as raised:
        series("homicide")
    listed = str(raised.value).split("The series are: ")[1].rstrip(".").split(", ")
    assert listed == list(violence.SERIES_NAMES)


def test_the_arithmetic_at_its_edges() -> None:
    # Rates below 1 per 100,000 are real values: they are positive, not refused.
    assert percent_change(0.5, 1.0) == pytest.approx(100.0)
    assert multiple(0.4, 2.0) == pytest.approx(5.0)
    assert rate_per_100k(5, 0.5) == pytest.approx(1_000_000.0)
    # One year is one step: the average yearly growth is the change itself.
    assert average_annual_growth(100, 110, 1) == pytest.approx(10.0)


def test_years_above_is_strictly_above(preferred: pd.Series) -> None:
    """'more than 30,000': a year exactly at the threshold is not above it."""
    year = 2010
    assert year not in years_above("homicides", preferred[year])
    assert year in years_above("homicides", preferred[year] - 1)


def test_change_sentence_keeps_the_decimal_of_a_rate() -> None:
    rows = csv("mexico_homicide_rates").query("status == 'definitive'").set_index("year")
    old, new = rows.loc[2022, "rate_per_100k"], rows.loc[2023, "rate_per_100k"]
    assert not float(old).is_integer() and not float(new).is_integer()
    change = change_over("homicide_rate", 2022, 2023)
    assert change.sentence().startswith(f"From {old:.1f} in 2022 to {new:.1f} in 2023: ")
    assert change.series == "homicide_rate"


def test_a_change_over_one_year_asks_for_two_different_years() -> None:
    with pytest.raises(ValueError, match="Give two different years"):
        change_over("homicides", 2010, 2010)


# ------------------------------- what the homicides and registers charts draw ---
# Each promise of the chart's written description, read from the Vega-Lite spec.


@pytest.fixture
def homicides_spec() -> dict:
    return violence_charts.homicides_chart().to_dict()


@pytest.fixture
def registers_spec() -> dict:
    return violence_charts.registers_chart().to_dict()


def _layer(spec: dict, mark: str) -> dict:
    (found,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]
    return found


def _years_axis_promise(x: dict) -> None:
    """Years on the x axis, titled with their unit and written 2010 (not 2,010)."""
    assert (x["field"], x["type"], x["axis"]["format"]) == ("year", "quantitative", "d")
    assert x["title"] == "Year"


def _layer_rows(spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws (its own data, or the chart's)."""
    return spec["datasets"][(layer.get("data") or spec["data"])["name"]]


def _tooltip_fields_exist(spec: dict, layer: dict) -> None:
    """A tooltip names columns the layer's rows have, or it shows nothing on hover."""
    rows = _layer_rows(spec, layer)
    for tip in layer["encoding"]["tooltip"]:
        assert all(tip["field"] in row for row in rows), tip


def _source_line_names(spec: dict, *words: str) -> None:
    """The chart's source line (its subtitle) names where the values come from."""
    subtitle = " ".join(spec["title"]["subtitle"])
    assert subtitle.startswith("Source") and all(word in subtitle for word in words), subtitle


def _tooltip(encoding: dict) -> dict[str, tuple[str, str | None]]:
    return {t["title"]: (t["field"], t.get("format")) for t in encoding["tooltip"]}


def test_homicides_chart_draws_its_description(homicides_spec: dict) -> None:
    """'dashed for 2000-2004 and breaks at 2005; filled circles definitive, triangles
    preliminary; a dashed orange rule marks the op-ed's 30,000'."""
    from cartel_lab.palette import BLUE, ORANGE

    spec = homicides_spec
    rows = csv("mexico_homicides")
    preferred_rows = rows[rows["preferred"].astype(str).str.lower() == "true"]
    points = _rows_with(spec, "homicides")
    # The line: one stroke per tabulation (detail), through the preferred rows only.
    line = _layer(spec, "line")
    assert line["encoding"]["detail"]["field"] == "line"
    assert line["transform"] == [{"filter": "isValid(datum.line)"}]
    strokes: dict[str, list[int]] = {}
    for point in points:
        if point["line"] is not None:
            strokes.setdefault(point["line"], []).append(point["year"])
    expected = preferred_rows.groupby("series")["year"].apply(sorted).to_dict()
    assert strokes == expected and set(expected) == {"valle_jones_tabulation", "inegi_headline"}
    assert (
        min(expected["inegi_headline"]) == 2005 and max(expected["valle_jones_tabulation"]) == 2004
    )
    assert all(p["line"] is None for p in points if p["status"] == violence.PRELIMINARY)
    dash = line["encoding"]["strokeDash"]
    assert dash["condition"]["test"] == "(datum.line === 'valle_jones_tabulation')"
    assert dash["condition"]["value"] != [1, 0] and dash["value"] == [1, 0]  # dashed, then solid
    # The dots: filled, a circle for a definitive count, a triangle for a preliminary one.
    dots = _layer(spec, "point")
    assert dots["mark"]["filled"] is True and dots["mark"]["size"] >= 30
    shape = dots["encoding"]["shape"]
    assert shape["field"] == "status"
    marks = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
    assert marks == {violence.FINAL: "circle", violence.PRELIMINARY: "triangle-up"}
    assert line["encoding"]["color"] == dots["encoding"]["color"] == {"value": BLUE}
    _tooltip_fields_exist(spec, dots)
    assert _tooltip(dots["encoding"]) == {
        "Year": ("year", "d"),
        "Homicides": ("homicides", ","),
        "Status": ("status", None),
        "Series": ("series", None),
    }
    # The rule: dashed, orange, at the op-ed's number, labelled at the left edge.
    rule = _layer(spec, "rule")
    assert rule["mark"]["strokeDash"] != [1, 0] and rule["encoding"]["color"] == {"value": ORANGE}
    label = _layer(spec, "text")
    assert label["encoding"]["text"]["field"] == "label" and label["encoding"]["x"] == {"value": 0}
    assert label["mark"]["align"] == "left"
    n01 = float(csv("claim_numbers").set_index("number_id").loc["N01", "value"])
    for layer in (rule, label):  # both draw the op-ed's number, from their own data
        assert [row["value"] for row in _layer_rows(spec, layer)] == [n01]
    # The axes: years from 2000 (not from 0), homicides in deaths per year on every layer.
    for layer in (line, dots):
        _years_axis_promise(layer["encoding"]["x"])
        assert layer["encoding"]["x"]["scale"]["zero"] is False
    for layer, field in (
        (line, "homicides"),
        (dots, "homicides"),
        (rule, "value"),
        (label, "value"),
    ):
        y = layer["encoding"]["y"]
        assert (y["field"], y["title"]) == (field, "Homicides (deaths per year)")
    assert spec["width"] >= 400 and spec["height"] >= 200
    _source_line_names(spec, "INEGI", "Valle-Jones", "sources('mexico_homicides')")
    # The description a screen reader gives states the same years and marks.
    years = f"{preferred_rows['year'].min()}-{preferred_rows['year'].max()}"
    description = spec["description"]
    assert f"per year, {years}" in description and "breaks at 2005" in description
    assert "dashed" in description and "triangles" in description and "circles" in description


def test_registers_chart_draws_its_description(registers_spec: dict) -> None:
    """'the old RNPED register (blue, solid, circles, 2000-2017) and a scrape of the new
    RNPDNO register (green, dashed, squares, 2010-2024). Labels mark RNPED's 18 in 2004 and
    3,311 in 2010'."""
    from cartel_lab.palette import BLUE, OKABE_ITO

    spec = registers_spec
    line = _layer(spec, "line")
    assert line["mark"]["point"] is True
    encoding = line["encoding"]
    order = encoding["color"]["scale"]["domain"]
    assert order[0].startswith("RNPED") and order[1].startswith("RNPDNO")
    looks = {
        channel: dict(zip(order, encoding[channel]["scale"]["range"], strict=True))
        for channel in ("color", "strokeDash", "shape")
    }
    assert looks["color"] == {order[0]: BLUE, order[1]: OKABE_ITO[2]}  # blue, green
    assert looks["strokeDash"][order[0]] == [1, 0] and looks["strokeDash"][order[1]] != [1, 0]
    assert looks["shape"] == {order[0]: "circle", order[1]: "square"}
    rows = csv("mexico_disappeared_by_year")
    for name, register in zip(
        order, ["rnped_open_investigations", "rnpdno_scrape_not_located"], strict=True
    ):
        csv_years = rows.loc[rows["series"] == register, "year"]
        lines = [r for r in _rows_with(spec, "register") if "label" not in r]
        drawn = [r["year"] for r in lines if r["register"] == name]
        assert sorted(drawn) == sorted(csv_years), name
    assert "by year last seen" in order[0] and "by year of disappearance" in order[1]
    legend = encoding["color"]["legend"]  # the only legend: it names the registers in full
    assert legend is not None and legend["labelLimit"] >= 6 * max(len(name) for name in order)
    _tooltip_fields_exist(spec, line)
    assert _tooltip(encoding) == {
        "Year": ("year", "d"),
        "Persons": ("persons", ","),
        "Register": ("register", None),
    }
    # The labels: RNPED's values in 2004 and 2010, as the lesson's prose reads them.
    rnped = rows[rows["series"] == "rnped_open_investigations"].set_index("year")["persons"]
    labels = _rows_with(spec, "label")
    assert sorted((r["year"], r["persons"], r["label"]) for r in labels) == [
        (year, float(rnped[year]), f"{rnped[year]:,.0f} in {year}") for year in (2004, 2010)
    ]
    text = _layer(spec, "text")
    assert text["encoding"]["text"]["field"] == "label"
    for layer in (line, text):
        _years_axis_promise(layer["encoding"]["x"])
        y = layer["encoding"]["y"]
        assert (y["field"], y["title"]) == ("persons", "Persons (per year, as registered)")
    _source_line_names(spec, "RNPED", "RNPDNO", "sources('mexico_disappeared_by_year')")
    description = spec["description"]
    for name, register in (
        ("RNPED", "rnped_open_investigations"),
        ("RNPDNO", "rnpdno_scrape_not_located"),
    ):
        years = rows.loc[rows["series"] == register, "year"]
        assert f"{name} register" in description and f"{years.min()}-{years.max()})" in description
    assert all(f"{rnped[year]:,.0f} in {year}" in description for year in (2004, 2010))


def test_explorer_chart_spec_keeps_its_description_promises() -> None:
    """'filled circles: final values; triangles: preliminary or provisional; squares: register
    snapshots', 'the op-ed's number as a dashed orange rule where it applies', the chosen series
    between the chosen years, each tabulation its own stroke."""
    from cartel_lab.palette import BLUE, ORANGE

    spec = violence_charts.claim_vs_data_chart("disappeared_rnped", 2004, 2010).to_dict()
    assert {p["name"]: p["value"] for p in spec["params"]} == {
        "series": "disappeared_rnped",
        "start": 2004,
        "end": 2010,
    }
    line, dots = _layer(spec, "line"), _layer(spec, "point")
    chosen = "datum.series == series && datum.year >= start && datum.year <= end"
    for layer in (line, dots):
        assert layer["transform"] == [{"filter": chosen}]
        _years_axis_promise(layer["encoding"]["x"])
        assert layer["encoding"]["color"] == {"value": BLUE}
    assert line["encoding"]["detail"]["field"] == "segment"
    dash = line["encoding"]["strokeDash"]
    assert dash["condition"]["test"] == "(datum.segment === 'valle_jones_tabulation')"
    assert dash["condition"]["value"] != [1, 0] and dash["value"] == [1, 0]
    assert dots["mark"]["filled"] is True
    shape = dots["encoding"]["shape"]
    marks = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
    assert shape["field"] == "status" and set(marks) == set(violence.STATUSES)
    assert marks[violence.FINAL] == "circle" and marks[violence.SNAPSHOT] == "square"
    assert marks[violence.PRELIMINARY].startswith("triangle")
    assert len(set(marks.values())) == len(marks)  # every status its own shape
    _tooltip_fields_exist(spec, dots)
    assert _tooltip(dots["encoding"]) == {
        "Year": ("year", "d"),
        "Value": ("value", ","),
        "Status": ("status", None),
        "Source id": ("source_id", None),
    }
    # Every series is in the chart's data, with its label and unit for the line above it.
    rows = _layer_rows(spec, line)
    labels = {(r["series"], r["label"]) for r in rows}
    info = {i.name: i for i in violence.CATALOGUE}
    assert labels == {(n, f"{info[n].label}, {info[n].unit}") for n in violence.SERIES_NAMES}
    # The rule: dashed, orange, only for the series whose number the op-ed states.
    rule, texts = (
        _layer(spec, "rule"),
        [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"],
    )
    assert rule["mark"]["strokeDash"] != [1, 0] and rule["encoding"]["color"] == {"value": ORANGE}
    assert rule["transform"] == [{"filter": "datum.series == series"}]
    numbers = csv("claim_numbers").set_index("number_id")["value"]
    drawn = {r["series"]: r["value"] for r in _layer_rows(spec, rule)}
    assert drawn == {"homicides": numbers["N01"], "disappeared_rnped": numbers["N05"]}
    assert all(layer["encoding"]["x"] == {"value": 0} for layer in texts)
    assert "unit in the line above" in line["encoding"]["y"]["title"]
    _source_line_names(spec, "INEGI", "RNPED", "RNPDNO", "CDC", "claim_numbers")
    description = spec["description"]
    for words in ("filled circles", "triangles", "squares", "dashed orange rule", "series break"):
        assert words in description, words


# ------------------------- what each chart says in words, checked against what it draws ---
# A screen reader reads the description; a student reads the title and the axis titles. Each
# sentence below is pinned whole because the test checks what it states (years and numbers
# from the CSVs, marks, colours and order from the spec).


def test_a_share_is_named_by_its_nearest_fraction() -> None:
    """The killings chart's title reads each share as the nearest of four fractions."""
    words = violence_charts._share_in_words
    for share, word in (
        (1 / 4, "a quarter"),
        (1 / 3, "a third"),
        (1 / 2, "half"),
        (3 / 5, "three fifths"),
    ):
        assert words(share) == words(share + 0.01) == words(share - 0.01) == word, share
    assert words(0.29) == "a quarter" and words(0.30) == "a third"  # 0.29 is nearer 1/4 than 1/3
    assert words(0.56) == "three fifths" and words(0.54) == "half"


@pytest.fixture
def killings_spec() -> dict:
    return violence_charts.cartel_killings_chart().to_dict()


def test_homicides_chart_words_state_the_csv_years_and_the_op_eds_number(
    homicides_spec: dict, preferred: pd.Series
) -> None:
    """Title: the op-ed's 30,000 and the first year above it. Description: the years drawn, the
    dashed tabulation's years and the break, the two shapes, the rule at the op-ed's number."""
    rows = csv("mexico_homicides")
    n01 = csv("claim_numbers").set_index("number_id").loc["N01"]
    first = int(preferred[preferred > n01["value"]].index.min())
    assert (preferred[preferred.index >= first] > n01["value"]).all()
    assert homicides_spec["title"]["text"] == (
        f"Homicides in Mexico passed {n01['value']:,.0f} a year only from {first}"
    )
    marked = rows[rows["preferred"].astype(str).str.lower() == "true"]
    dashed = marked.loc[marked["series"] == "valle_jones_tabulation", "year"]
    solid = marked.loc[marked["series"] != "valle_jones_tabulation", "year"]
    # 'usually slightly lower': every first release but one (2012, +0.3 %, half a pixel) is
    # below its definitive count, none by more than 6 %
    preliminary = rows[rows["status"] == "preliminary"].drop_duplicates(["year", "homicides"])
    gap = preliminary.set_index("year")["homicides"] / preferred[preliminary["year"]].to_numpy() - 1
    assert (gap.abs() < 0.06).all() and gap[gap > 0].round(3).to_dict() == {2012: 0.003}
    assert "cartel" in n01["quantity"] and n01["unit"] == "deaths per year"
    shapes = _layer(homicides_spec, "point")["encoding"]["shape"]["scale"]
    assert shapes["range"] == ["circle", "triangle-up"]
    assert homicides_spec["description"] == (
        f"Line chart of registered homicides in Mexico per year, {rows['year'].min()}-"
        f"{rows['year'].max()}. The line is dashed for {dashed.min()}-{dashed.max()} (a different "
        f"tabulation) and breaks at {solid.min()}. Filled circles are definitive counts; "
        "triangles are INEGI's first, preliminary release, usually slightly lower. A dashed "
        "orange rule "
        f"marks the op-ed's {n01['value']:,.0f} cartel deaths a year."
    )


def test_killings_chart_words_state_the_years_the_shares_and_grey_above_blue(
    killings_spec: dict, preferred: pd.Series
) -> None:
    """Title: the smallest and largest share of whole years, named as fractions, and those
    years. Description: horizontal bars, grey homicides above blue attributed killings, the
    part-year alone. The x axis says what is counted and over what period."""
    from cartel_lab.palette import BLUE

    killings = csv("mexico_organised_crime_killings")
    whole = killings[killings["months"] == 12].set_index("year")
    shares = whole["killings"] / preferred[whole.index]
    first, last = whole.index.min(), whole.index.max()
    assert abs(shares.min() - 1 / 3) < 0.03 and abs(shares.max() - 3 / 5) < 0.03
    assert killings_spec["title"]["text"] == (
        "Even by the government's own count, organised crime was a third to three fifths of "
        f"homicides ({first}-{last})"
    )
    (bars,) = [layer for layer in killings_spec["layer"] if layer["mark"]["type"] == "bar"]
    encoding = bars["encoding"]
    assert (encoding["x"]["type"], encoding["y"]["type"]) == ("quantitative", "nominal")
    scale = encoding["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    homicides, attributed = encoding["yOffset"]["sort"]  # homicides first: above, then beneath
    assert colours == {homicides: "#BBBBBB", attributed: BLUE}
    assert homicides.startswith("all homicides") and "organised crime" in attributed
    part = killings[killings["months"] < 12]
    assert list(part["year"]) == [last + 1]  # the next year, counted in part
    assert killings_spec["description"] == (
        f"Horizontal bar chart: for each year {first}-{last}, all registered homicides (grey) "
        "and, beneath, the killings the Mexican government attributed to organised crime "
        "(blue); then the government's count for the first months of the next year alone "
        "(no homicide bar: a part of a year is not comparable with a whole one). Each bar is "
        "labelled with its number."
    )
    assert encoding["x"]["title"] == "Deaths (persons; a whole year, or the months shown)"
    assert encoding["x"].get("axis", {}) is not None  # the axis that carries that title
    # The legend says which colour is which, in full, under the name the tooltip uses too.
    legend = encoding["color"]["legend"]
    tips = {tip["field"]: tip["title"] for tip in encoding["tooltip"]}
    assert legend is not None and legend["title"] == tips["what"]
    assert legend["labelLimit"] >= 6 * max(len(name) for name in (homicides, attributed))
    _source_line_names(killings_spec, "INEGI", "Human Rights Watch", "organised_crime_killings")
    assert encoding["y"]["title"] == "Year"
    assert encoding["y"].get("axis", {}) is not None  # each bar's year is written beside it


def test_registers_chart_words_state_two_registers_their_years_and_the_labelled_values(
    registers_spec: dict,
) -> None:
    """Title: two registers, two different counts (they differ in every year both cover).
    Description: each register's colour, stroke, shape and years; the two labelled values."""
    rows = csv("mexico_disappeared_by_year")
    by_register = {
        name: rows[rows["series"] == register].set_index("year")["persons"]
        for name, register in (
            ("RNPED", "rnped_open_investigations"),
            ("RNPDNO", "rnpdno_scrape_not_located"),
        )
    }
    both = by_register["RNPED"].index.intersection(by_register["RNPDNO"].index)
    assert len(both) > 0
    assert (by_register["RNPED"][both] != by_register["RNPDNO"][both]).all()
    line = _layer(registers_spec, "line")
    assert len(line["encoding"]["color"]["scale"]["domain"]) == 2
    assert registers_spec["title"]["text"] == (
        "Two registers of the disappeared, two different counts"
    )
    assert line["encoding"]["color"]["legend"]["title"] == "Register (never one series)"
    assert line["encoding"]["strokeDash"]["field"] == line["encoding"]["color"]["field"]
    years = {name: f"{v.index.min()}-{v.index.max()}" for name, v in by_register.items()}
    rnped = by_register["RNPED"]
    assert registers_spec["description"] == (
        "Two separate lines of persons registered as disappeared per year: the old RNPED "
        f"register (blue, solid, circles, {years['RNPED']}) and a scrape of the new RNPDNO "
        f"register (green, dashed, squares, {years['RNPDNO']}). Labels mark RNPED's "
        f"{rnped[2004]:,.0f} in 2004 and {rnped[2010]:,.0f} in 2010."
    )


def test_explorer_words_say_what_each_mark_means_and_where_the_unit_is() -> None:
    """The y axis sends the reader to the unit line above the chart, which the chart draws
    (each series' label and unit at the first chosen year); the description names the three
    shapes, the dashed orange rule, the change above the chart and the break warning."""
    spec = violence_charts.claim_vs_data_chart().to_dict()
    line = _layer(spec, "line")
    assert line["encoding"]["y"]["title"] == "Value per year (unit in the line above the chart)"
    unit_line = [
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text"
        and layer.get("transform")
        == [
            {"filter": "datum.series == series && datum.year >= start && datum.year <= end"},
            {"filter": "datum.year == start"},
        ]
    ]
    assert [layer["encoding"]["text"]["field"] for layer in unit_line] == ["label"]
    assert unit_line[0]["encoding"]["y"]["value"] < 0  # above the plot
    marks = _layer(spec, "point")["encoding"]["shape"]["scale"]
    shapes = dict(zip(marks["domain"], marks["range"], strict=True))
    assert (shapes[violence.FINAL], shapes[violence.SNAPSHOT]) == ("circle", "square")
    assert shapes[violence.PRELIMINARY].startswith("triangle")
    assert spec["description"] == (
        "Line chart of the chosen series between the chosen years (filled circles: final "
        "values; triangles: preliminary or provisional; squares: register snapshots), "
        "with the op-ed's number as a dashed orange rule where it applies and, above the "
        "chart, the change from the first to the last year in percent and as a multiple, with "
        "a warning when the range crosses a series break."
    )


# ------------------------------------ the verdict table's cells, from the CSVs ---


def _as_stated(row: pd.Series) -> str:
    """An op-ed number as the op-ed words it: the qualifier (if any), then the number."""
    qualifier = row["qualifier"]
    return (f"{qualifier} " if isinstance(qualifier, str) else "") + f"{row['value']:,.0f}"


def test_op_ed_verdict_table_cells_state_the_csv_values(preferred: pd.Series) -> None:
    """Lesson 02 shows this table: every cell is filled, each number is worded as the op-ed
    words it, and each reading is recomputed here from the CSV files."""
    table = verdicts.op_ed_number_verdicts()
    assert list(table.columns) == list(verdicts.VERDICT_COLUMNS)
    assert table.notna().all().all() and (table.astype(str) != "").all().all()
    numbers = csv("claim_numbers").set_index("number_id")
    assert table.loc[0, "number"] == _as_stated(numbers.loc["N01"])  # more than 30,000
    assert table.loc[1, "number"] == _as_stated(numbers.loc["N02"])
    assert table.loc[3, "number"] == f"{_as_stated(numbers.loc['N04'])} to " + _as_stated(
        numbers.loc["N05"]
    )  # '18 to more than 3,000': N04 has no qualifier
    assert table.loc[4, "number"] == _as_stated(numbers.loc["N06"]) == "5"
    assert [table.loc[i, "claim"] for i in (0, 1)] == list(numbers.loc[["N01", "N02"], "quantity"])
    # The closest series names the table a student passes to sources().
    assert "mexico_homicides" in table.loc[0, "closest_series"]
    for i in (1, 4, 5, 6):  # rows whose closest series is a whole table: its name comes first
        assert (DATA / f"{table.loc[i, 'closest_series'].split()[0]}.csv").exists(), i
    # A06: every DEA statement of the countries the cartels operate in, as dated.
    dea = csv("dea_cartel_statements").query("measure == 'countries'")
    assert table.loc[1, "what_it_shows"] == "; ".join(
        f"{r.group}, {r.as_of}: {r.qualifier} {r.value}" for r in dea.itertuples()
    )
    # A10: the homicides' rise 2007-2010, the years lesson 02 reads.
    rise = (preferred[2010] - preferred[2007]) / preferred[2007] * 100
    assert table.loc[2, "what_it_shows"].endswith(f"homicides 2007-2010: {rise:+.0f}%")
    # A14: the 'at risk' range from its original, better-graded estimate (a later one reuses it).
    youth = csv("youth_recruitment_estimates")
    at_risk = youth[youth["measure"] == "children and adolescents at risk of recruitment"]
    row = next(at_risk[at_risk["confidence"] == "medium"].itertuples())
    assert table.loc[5, "what_it_shows"].endswith(
        f"children 'at risk' ({row.estimated_by}): {row.value_low:,}-{row.value_high:,}"
    )


def test_organised_crime_shares_table_is_killings_over_homicides(preferred: pd.Series) -> None:
    table = verdicts.organised_crime_shares()
    assert list(table.columns) == ["year", "killings", "homicides", "share"]
    full = csv("mexico_organised_crime_killings").query("months == 12")
    assert table["year"].tolist() == full["year"].tolist()
    for row in table.itertuples():
        assert row.homicides == preferred[row.year]
        assert row.share == pytest.approx(row.killings / preferred[row.year])
        assert 0 < row.share < 1
