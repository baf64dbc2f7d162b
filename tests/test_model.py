"""The recruitment model against what the paper reports, its invariants and its bad input.

Reported figures are read from ``data/model_results.csv`` (each with its
source), never retyped here. Every tolerance says why it is that wide: the
paper's own rounding, or a difference between this rebuild and the authors'
run that lesson 04 explains. None is tuned to make a figure pass.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cartel_lab import model
from cartel_lab.data import load
from cartel_lab.model import (
    CALIBRATED,
    WEEK_2022,
    Parameters,
    compare_scenarios,
    history,
    integrate,
    project,
    simulate,
)

YEAR_2021 = (WEEK_2022 - 52, WEEK_2022)


@pytest.fixture(scope="module")
def reported() -> pd.DataFrame:
    return load("model_results").set_index("result_id")


@pytest.fixture(scope="module")
def totals() -> pd.DataFrame:
    return history().totals().set_index("week")


@pytest.fixture(scope="module")
def scenarios() -> pd.DataFrame:
    return compare_scenarios(5).set_index("scenario")


# ---------------------------------------------------------------- the paper's figures


def test_members_on_1_january_2022(reported: pd.DataFrame, totals: pd.DataFrame) -> None:
    members = totals.loc[WEEK_2022, "members"]
    low, high = reported.loc["M01", ["value_low", "value_high"]]
    assert low <= members <= high, f"{members:,.0f} outside the abstract's {low:,.0f}-{high:,.0f}"
    # The press's "about 175,000" is rounded to the nearest 5,000 at best: half of that, 2,500.
    central = reported.loc["M03", "value_low"]
    assert abs(members - central) <= 2_500, f"{members:,.0f} vs about {central:,.0f}"


def test_net_recruitment_not_gross_matches_the_papers_recruits(
    reported: pd.DataFrame, totals: pd.DataFrame
) -> None:
    """The paper's 350-370 a week and 19,300 in 2021 are recruitment net of saturation exits."""
    year = totals.loc[YEAR_2021[0] : YEAR_2021[1] - 1]
    low, high = reported.loc["M02", ["value_low", "value_high"]]
    net_per_week = year["net_recruitment"].mean()
    gross_per_week = year["recruited"].mean()
    assert low <= net_per_week <= high, f"net {net_per_week:.1f} a week outside {low}-{high}"
    assert not low <= gross_per_week <= high, "gross recruitment should not match the paper"
    # "About 19,300": rounded to hundreds gives ±50; the rest (up to 2 %) is our deterministic
    # start (expected power-law sizes) against the authors' own run, explained in lesson 04.
    recruits = reported.loc["M06", "value_low"]
    assert year["net_recruitment"].sum() == pytest.approx(recruits, rel=0.02)
    assert abs(year["recruited"].sum() - recruits) > 0.1 * recruits


def test_2021_flows(reported: pd.DataFrame) -> None:
    """2021: members lost (killed + incapacitated) and the net change, as the press quotes them."""
    flows = history().flows_in(*YEAR_2021)
    lost = flows["conflict_deaths"] + flows["incapacitated"]
    # "About 12,200" and "about 7,000": press roundings of the paper's numbers (to hundreds and
    # thousands); 5 % covers them and the start-of-run difference named above.
    assert lost == pytest.approx(reported.loc["M07", "value_low"], rel=0.05)
    assert flows["net_change"] == pytest.approx(reported.loc["M08", "value_low"], rel=0.05)
    # The flows add up: recruits minus losses is the net change.
    assert flows["net_recruitment"] - lost == pytest.approx(flows["net_change"], rel=1e-9)


def test_weekly_conflict_deaths_around_2022(reported: pd.DataFrame, totals: pd.DataFrame) -> None:
    # "About 120 a week" is a low-confidence press paraphrase that does not say which week;
    # 10 % covers the rise from the 2021 average to 1 January 2022.
    weekly = reported.loc["M24", "value_low"]
    assert totals.loc[WEEK_2022, "conflict_deaths"] == pytest.approx(weekly, rel=0.10)
    assert totals.loc[YEAR_2021[0] : YEAR_2021[1] - 1, "conflict_deaths"].mean() == pytest.approx(
        weekly, rel=0.10
    )


def test_losses_2012_2022_per_week(reported: pd.DataFrame) -> None:
    flows = history().flows_in(0, WEEK_2022)
    per_week = (flows["conflict_deaths"] + flows["incapacitated"]) / WEEK_2022
    # "About 200 a week": rounded to the nearest 50 at best (±25).
    assert abs(per_week - reported.loc["M04", "value_low"]) <= 25


def test_sinaloa_and_cjng_together(reported: pd.DataFrame) -> None:
    sizes = history().group_sizes(every=WEEK_2022).query(f"week == {WEEK_2022}")
    together = sizes.loc[sizes["group_id"].isin(["N10013", "N10025"]), "members"].sum()
    # 46,600 is given to the hundred (±50); 2 % allows for the start-of-run difference.
    assert together == pytest.approx(reported.loc["M16", "value_low"], rel=0.02)
    top_two = set(sizes.nlargest(2, "members")["group_id"])
    assert top_two == {"N10013", "N10025"}, "CJNG and Sinaloa should be the two largest groups"


@pytest.mark.parametrize(
    ("scenario", "members_id", "deaths_id"),
    [
        ("baseline (status quo)", "M19", "M18"),
        ("recruitment halved", "M21", "M20"),
    ],
)
def test_five_year_projections(
    scenarios: pd.DataFrame, reported: pd.DataFrame, scenario: str, members_id: str, deaths_id: str
) -> None:
    """Change by 1 January 2027 against 1 January 2022, within 5 percentage points.

    The paper does not say how it averages "by 2027" (a week, a year, the end of
    2027); over those readings our changes move by up to 8 points for the
    status quo (lesson 04 shows them). 5 points holds the point-in-time reading
    to the same sign and size without tuning anything.
    """
    row = scenarios.loc[scenario]
    assert row["members_vs_2022_pct"] == pytest.approx(reported.loc[members_id, "value_low"], abs=5)
    assert row["conflict_deaths_vs_2022_pct"] == pytest.approx(
        reported.loc[deaths_id, "value_low"], abs=5
    )


def test_zero_recruitment_returns_to_2012_violence_in_about_three_years(
    reported: pd.DataFrame,
) -> None:
    # "Three years" is a whole number of years: ±0.5 year.
    years = model.years_to_return(recruitment=0.0, level_week=0)
    assert years == pytest.approx(reported.loc["M23", "value_low"], abs=0.5)


def test_doubled_incapacitation_raises_deaths_above_2022_but_below_the_baseline(
    scenarios: pd.DataFrame,
) -> None:
    row = scenarios.loc["incapacitation doubled"]
    assert row["conflict_deaths_vs_2022_pct"] > 0, "deaths should still rise from 2022"
    assert row["conflict_deaths_vs_baseline_pct"] < 0, "but stay below doing nothing"
    assert row["members_vs_2022_pct"] > 0, "the abstract: members rise too"
    assert row["members_vs_baseline_pct"] < 0


# ---------------------------------------------------------------- invariants


def test_runs_are_deterministic() -> None:
    first, second = simulate(200), simulate(200)
    assert np.array_equal(first.sizes, second.sizes)


@pytest.mark.parametrize(
    "parameters",
    [
        CALIBRATED,
        CALIBRATED.scaled(rho=0.0),
        CALIBRATED.scaled(eta=1_000.0),
        CALIBRATED.scaled(theta=1_000.0),
        Parameters(rho=0.0, eta=1e7, theta=1e-3, omega=1e-2),
    ],
    ids=["calibrated", "no recruitment", "eta x1000", "theta x1000", "extreme losses"],
)
def test_members_never_negative_and_flows_add_up(parameters: Parameters) -> None:
    run = simulate(520, parameters=parameters)
    assert (run.sizes >= 0).all()
    frame = run.totals()
    change = np.diff(frame["members"].to_numpy())
    scale = max(frame["members"].max(), 1.0)
    assert np.allclose(change, frame["net_change"].to_numpy()[:-1], rtol=0, atol=1e-9 * scale)


def test_flows_add_up_to_the_change_in_members_week_by_week() -> None:
    frame = history().totals()
    inflow = frame["recruited"] - frame["saturation_exits"]
    outflow = frame["conflict_deaths"] + frame["incapacitated"]
    change = frame["members"].diff().shift(-1)
    assert np.allclose((inflow - outflow)[:-1], change[:-1], rtol=1e-12, atol=1e-9)


def test_zero_recruitment_makes_the_total_fall_every_week() -> None:
    members = project(10, recruitment=0.0).totals()["members"]
    assert (members.diff().dropna() < 0).all()


def test_one_group_without_incapacitation_follows_the_logistic_solution() -> None:
    """With eta = 0 and one group, dC/dt = rho C - omega C^2: the logistic equation.

    Weekly Euler steps differ from the exact solution by a global error of
    order rho * (step) relative: rho = 0.0025 a week gives at most about
    0.3 % over 20 years. The test allows 0.5 %, and fails if a term is wrong
    (a missing omega or a doubled rho is off by tens of percent).
    """
    rho, omega, start, weeks = CALIBRATED.rho, CALIBRATED.omega, 20_000.0, 1040
    path = integrate(np.array([start]), weeks, np.zeros((1, 1)), rho, 0.0, 0.0, omega)[:, 0]
    capacity = rho / omega
    t = np.arange(weeks + 1)
    exact = capacity / (1 + (capacity / start - 1) * np.exp(-rho * t))
    assert np.allclose(path, exact, rtol=0.005)
    assert path[-1] > 2 * start, "the group should have grown a lot: the test is not vacuous"


def test_batches_match_single_runs() -> None:
    """The explorer's grid (many scenarios in one batch) gives the same numbers as one run."""
    grid = model.scenario_grid(
        years=1, every=52, recruitment_changes=(-50,), super_cartels=("none",)
    )
    row = grid[(grid["incapacitation"] == 2.0) & (grid["week"] == WEEK_2022 + 52)].iloc[0]
    single = project(1, recruitment=0.5, incapacitation=2.0).totals().iloc[-1]
    assert row["members"] == pytest.approx(single["members"], rel=1e-12)
    assert row["conflict_deaths"] == pytest.approx(single["conflict_deaths"], rel=1e-12)


def test_initial_state_is_the_power_law_by_strength() -> None:
    sizes = model.initial_state()
    assert sizes.sum() == pytest.approx(model.START_MEMBERS)
    strength = model.network("none").strength
    strongest = int(np.argmax(strength))
    harmonic = sum(1 / k for k in range(1, 151))
    assert sizes[strongest] == pytest.approx(model.START_MEMBERS / harmonic)
    assert sorted(sizes, reverse=True)[1] == pytest.approx(model.START_MEMBERS / harmonic / 2)


def test_conflict_matrix_damps_each_row_by_its_own_alliances() -> None:
    alliance = np.array([[0, 2, 0], [2, 0, 0], [0, 0, 0]], dtype=float)
    rivalry = np.array([[0, 0, 3], [0, 0, 0], [3, 0, 0]], dtype=float)
    conflict = model.conflict_matrix(alliance, rivalry)
    expected = np.array([[0, 1 / 3, 4 / 3], [1 / 3, 0, 1 / 3], [4, 1, 0]])
    assert np.allclose(conflict, expected)


def test_super_cartel_uses_the_merged_network() -> None:
    merged = model.network("Sinaloa + CJNG").conflict
    plain = model.network("none").conflict
    assert not np.array_equal(merged, plain)
    run = project(1, super_cartel="Sinaloa + CJNG")
    assert run.scenario == "Sinaloa + CJNG"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["rho", "eta", "theta", "omega"])
@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf])
def test_bad_parameter_names_itself_and_its_range(name: str, value: float) -> None:
    with pytest.raises(ValueError, match=rf"^{name} = .* from 0 upwards"):
        Parameters(**{name: value})


@pytest.mark.parametrize("weeks", [0, -5, 2.5, True])
def test_bad_week_count(weeks: object) -> None:
    with pytest.raises(ValueError, match=r"weeks = .* 1 or more"):
        simulate(weeks)  # type: ignore[arg-type]


def test_state_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="state must hold one size per group: 150"):
        simulate(10, state=np.ones(149))


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_state_with_negative_or_missing_sizes(bad: float) -> None:
    state = model.initial_state()
    state[3] = bad
    with pytest.raises(ValueError, match="state sizes must be finite numbers of members from 0"):
        simulate(10, state=state)


def test_unknown_super_cartel() -> None:
    with pytest.raises(ValueError, match="is not a scenario"):
        project(1, super_cartel="Gulf + Zetas")


def test_sensitivity_moves_each_input_both_ways() -> None:
    moves = model.sensitivity()
    assert set(moves["input"]) == set(model.SENSITIVITY_INPUTS.values())
    assert set(moves["outcome"]) == set(model.OUTCOMES)
    assert len(moves) == len(model.SENSITIVITY_INPUTS) * 2 * len(model.OUTCOMES)
    in_2027 = moves[moves["outcome"] == "members, 1 Jan 2027"].set_index(["input", "direction"])
    # More recruitment means more members; more incapacitation means fewer.
    assert in_2027.loc[("recruitment (rho)", "+10%"), "change_pct"] > 0
    assert in_2027.loc[("incapacitation (eta)", "+10%"), "change_pct"] < 0


def test_group_sizes_and_decade_losses_found_in_the_press() -> None:
    """Figures found for lesson 04 in named (low-confidence) press articles: model_press_figures."""
    press = load("model_press_figures").set_index("result_id")
    sizes = history().sizes[WEEK_2022]
    ids = list(model.groups()["group_id"])
    # Given to the member (28,764; 17,825): 2 % allows for the start-of-run difference only.
    assert sizes[ids.index("N10025")] == pytest.approx(press.loc["P08", "value_low"], rel=0.02)
    assert sizes[ids.index("N10013")] == pytest.approx(press.loc["P09", "value_low"], rel=0.02)
    decade = history().flows_in(0, WEEK_2022)
    # "50 mil" and "55 mil" are rounded to thousands (±500); 5 % as for the 2021 flows.
    assert decade["conflict_deaths"] == pytest.approx(press.loc["P01", "value_low"], rel=0.05)
    assert decade["incapacitated"] == pytest.approx(press.loc["P02", "value_low"], rel=0.05)


def test_reproduction_table_lists_every_reproducible_figure_once() -> None:
    table = model.reproduction_table(load("model_results"), load("model_press_figures"))
    assert table["result_id"].is_unique
    assert {"M15", "M17"}.isdisjoint(table["result_id"]), "rank and DEA figure are not outputs"
    assert table["why"].notna().all(), "every row says why it differs"
    inside = table.set_index("result_id").loc["M01"]
    assert inside["difference"] == 0


@pytest.mark.parametrize("years", [0, 2.5])
def test_bad_projection_length(years: object) -> None:
    with pytest.raises(ValueError, match=r"years = .* whole number of years, 1 or more"):
        project(years)  # type: ignore[arg-type]


def test_negative_policy_factor_names_the_parameter() -> None:
    with pytest.raises(ValueError, match=r"^rho = .* from 0 upwards"):
        project(1, recruitment=-0.5)


# -- issue 16: what decides the answer ---------------------------------------------------


def test_most_modelled_conflict_comes_from_the_base_level() -> None:
    """At the 2022 state: about 124 deaths a week with the rivalries, 97 with every rivalry at 0.

    Judged from the network tables: with no rivalry, K_ij = 1 / (A_i + 1) off the diagonal.
    """
    split = model.conflict_deaths_split()
    assert split["with rivalries"] == pytest.approx(124.27, abs=0.05)
    assert split["base level only"] == pytest.approx(96.81, abs=0.05)
    sizes = model.state_2022()
    alliance, _ = model.weight_matrices(model.ties("none"))
    base = 1.0 / (alliance.sum(axis=1, keepdims=True) + 1.0) * np.ones_like(alliance)
    np.fill_diagonal(base, 0.0)
    assert split["base level only"] == pytest.approx(model.CALIBRATED.theta * sizes @ base @ sizes)
    assert 0.75 < split["base level only"] / split["with rivalries"] < 0.8  # "about four fifths"


def test_doubled_incapacitation_reaches_plus_8_percent_only_in_2031() -> None:
    year = model.year_deaths_change_by(8, incapacitation=2)
    assert int(year) == 2031
    deaths = model.project(10, incapacitation=2).totals().set_index("week")["conflict_deaths"]
    start = deaths.iloc[0]
    week = round((year - model.START_YEAR) * model.WEEKS_PER_YEAR)
    assert deaths[week] >= 1.08 * start > deaths[week - 1]
    assert model.year_deaths_change_by(1000, incapacitation=2, max_years=2) == math.inf


def test_m02_is_the_papers_actual_weekly_recruits_and_p10_is_sourced() -> None:
    results = load("model_results").set_index("result_id")
    assert "weekly recruits" in results.loc["M02", "quantity"]
    assert results.loc["M22", "horizon"].startswith("not stated")
    press = load("model_press_figures").set_index("result_id")
    assert press.loc["P10", "value_low"] == 6500 and press.loc["P10", "source_id"] == "S172"
    flows = model.history().flows_in(468, 520)
    assert model.reproduction_values()["P10"] == pytest.approx(flows["conflict_deaths"])
    assert "(exercise 4.2)" in model.REPRODUCTION_NOTES["M02"]
