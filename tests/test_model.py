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

from cartel_lab import model, model_steps
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
    with pytest.raises(ValueError) as raised:
        simulate(10, state=np.ones(149))
    assert str(raised.value) == (
        "state must hold one size per group: 150 numbers in groups() order, "
        "not an array of shape (149,)."
    )


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_state_with_negative_or_missing_sizes(bad: float) -> None:
    state = model.initial_state()
    state[3] = bad
    with pytest.raises(ValueError) as raised:
        simulate(10, state=state)
    assert str(raised.value) == "state sizes must be finite numbers of members from 0 upwards."


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


# -- issue 22: every number the model gives, recomputed from the paper's equations -------------
#
# ``_paper_run`` is the model written out from ../shared/reference/recruitment-model.md in the
# plainest numpy (one Euler step a week, a Python loop, no fused matrix): what the module's fast
# paths must reproduce. Its inputs are the network's weight matrices and the paper's calibrated
# values, written out here.

PAPER_RATES = {"rho": 2.527474e-3, "eta": 110.0, "theta": 1.549231e-8, "omega": 4.0e-8}


def _paper_conflict(scenario: str = "none") -> np.ndarray:
    alliance, rivalry = model.weight_matrices(model.ties(scenario))
    conflict = (rivalry + 1.0) / (alliance.sum(axis=1)[:, None] + 1.0)
    np.fill_diagonal(conflict, 0.0)
    return conflict


def _paper_start(total: float = 115_000.0) -> np.ndarray:
    alliance, rivalry = model.weight_matrices(model.ties("none"))
    strength = alliance.sum(axis=1) + rivalry.sum(axis=1)
    ranks = np.empty(len(strength))
    ranks[np.argsort(-strength, kind="stable")] = np.arange(1, len(strength) + 1)
    harmonic = sum(1 / k for k in range(1, len(strength) + 1))
    return total * (1 / ranks) / harmonic


def _paper_run(
    weeks: int, start: np.ndarray, conflict: np.ndarray, rates: dict[str, float]
) -> pd.DataFrame:
    """Weekly totals (members and the four flows, members per week) by the paper's equation."""
    rho, eta, theta, omega = (rates[name] for name in ("rho", "eta", "theta", "omega"))
    sizes, rows = start.copy(), []
    for _ in range(weeks + 1):
        total = sizes.sum()
        rows.append(
            {
                "members": total,
                "recruited": rho * total,
                "saturation_exits": omega * (sizes**2).sum(),
                "conflict_deaths": theta * sizes @ conflict @ sizes,
                "incapacitated": eta if total > 0 else 0.0,
            }
        )
        pressure = eta / total if total > 0 else 0.0  # an empty network: nobody to incapacitate
        sizes = np.maximum(
            sizes + sizes * (rho - pressure - theta * conflict @ sizes - omega * sizes), 0.0
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def paper_history() -> pd.DataFrame:
    return _paper_run(520, _paper_start(), _paper_conflict(), PAPER_RATES)


@pytest.fixture(scope="module")
def paper_2022(paper_history: pd.DataFrame) -> np.ndarray:
    """The paper's 1 January 2022 state (members per group), by the plain steps."""
    sizes, conflict = _paper_start(), _paper_conflict()
    r = PAPER_RATES
    for _ in range(520):
        sizes = sizes + sizes * (
            r["rho"] - r["eta"] / sizes.sum() - r["theta"] * conflict @ sizes - r["omega"] * sizes
        )
    return sizes


def _paper_projection(
    years: int,
    state: np.ndarray,
    recruitment: float = 1.0,
    incapacitation: float = 1.0,
    scenario: str = "none",
) -> pd.DataFrame:
    rates = {**PAPER_RATES, "rho": PAPER_RATES["rho"] * recruitment}
    rates["eta"] = PAPER_RATES["eta"] * incapacitation
    return _paper_run(52 * years, state, _paper_conflict(scenario), rates)


def test_calibrated_values_and_start_are_the_papers() -> None:
    assert {name: getattr(CALIBRATED, name) for name in PAPER_RATES} == PAPER_RATES
    assert Parameters() == CALIBRATED
    assert model.START_MEMBERS == 115_000
    assert np.allclose(model.initial_state(), _paper_start(), rtol=1e-12)
    assert np.allclose(model.initial_state(50_000.0), _paper_start(50_000.0), rtol=1e-12)
    assert (model.WEEKS_PER_YEAR, model.START_YEAR, WEEK_2022) == (52, 2012, 520)


def test_parameter_table_gives_each_rate_its_unit() -> None:
    """Units from the paper's equation: rho C and eta are members a week, theta C K C and omega C^2 too."""
    table = model.parameter_table().set_index("parameter")
    assert table["unit"].to_dict() == {
        "rho": "per week",
        "eta": "members per week",
        "theta": "per member per week",
        "omega": "per member per week",
    }
    # Each row names its term as the paper's table does.
    for name, term in [
        ("rho", "recruitment"),
        ("eta", "incapacitation"),
        ("theta", "conflict"),
        ("omega", "saturation"),
    ]:
        assert table.loc[name, "meaning"].startswith(term + ":"), name


def test_history_follows_the_papers_equation_week_by_week(paper_history: pd.DataFrame) -> None:
    frame = history().totals()
    assert list(frame["week"]) == list(range(521))
    assert np.allclose(frame["year"], 2012 + frame["week"] / 52)
    assert frame["year"].iloc[-1] == 2022
    for column in ("members", "recruited", "saturation_exits", "conflict_deaths", "incapacitated"):
        assert np.allclose(frame[column], paper_history[column], rtol=1e-9), column
    net = paper_history["recruited"] - paper_history["saturation_exits"]
    assert np.allclose(frame["net_recruitment"], net, rtol=1e-9)
    change = net - paper_history["conflict_deaths"] - paper_history["incapacitated"]
    assert np.allclose(frame["net_change"], change, rtol=1e-9)


def test_a_run_made_by_hand_computes_its_own_flows(paper_history: pd.DataFrame) -> None:
    """A Run given only its sizes (no flows from the integrator) gives the same weekly flows."""
    run = model.Run(start_week=0, sizes=history().sizes)
    for name in model.FLOWS:
        assert np.allclose(run.totals()[name], paper_history[name], rtol=1e-9), name


def test_state_2022_is_a_copy_a_student_may_change() -> None:
    before = history().sizes[-1].sum()
    state = model.state_2022()
    state[:] = 0.0
    assert history().sizes[-1].sum() == before
    assert model.state_2022().sum() == pytest.approx(before)


def test_group_sizes_every_n_weeks_name_each_group() -> None:
    sizes = history().group_sizes(every=104)
    assert sorted(sizes["week"].unique()) == [0, 104, 208, 312, 416, 520]
    assert np.allclose(sizes["year"], 2012 + sizes["week"] / 52)
    table = model.groups().set_index("group_id")["name"]
    assert (sizes["name"] == sizes["group_id"].map(table)).all()
    at_2022 = sizes[sizes["week"] == 520].set_index("group_id")["members"]
    assert at_2022["N10025"] == pytest.approx(
        history().sizes[520][list(table.index).index("N10025")]
    )
    assert len(history().group_sizes()) == 521 * 150


# The named scenarios, with the change each name states, written out from the names.
NAMED = {
    "baseline (status quo)": (1.0, 1.0, "none"),
    "recruitment halved": (0.5, 1.0, "none"),
    "recruitment zero": (0.0, 1.0, "none"),
    "incapacitation doubled": (1.0, 2.0, "none"),
    "recruitment halved and incapacitation doubled": (0.5, 2.0, "none"),
    "super-cartel: Sinaloa + CJNG (module's extension)": (1.0, 1.0, "Sinaloa + CJNG"),
    "super-cartel: Los Chapitos + CJNG (module's extension)": (1.0, 1.0, "Los Chapitos + CJNG"),
}


@pytest.fixture(scope="module")
def paper_scenarios(paper_2022: np.ndarray) -> dict[str, pd.Series]:
    return {
        name: _paper_projection(5, paper_2022, r, i, network).iloc[-1]
        for name, (r, i, network) in NAMED.items()
    }


def test_each_named_scenario_does_what_its_name_says(
    scenarios: pd.DataFrame, paper_scenarios: dict[str, pd.Series], paper_history: pd.DataFrame
) -> None:
    assert list(scenarios.index) == list(NAMED)
    start = paper_history.iloc[-1]
    base = paper_scenarios["baseline (status quo)"]
    for name, end in paper_scenarios.items():
        row = scenarios.loc[name]
        for column in ("members", "conflict_deaths"):
            assert row[column] == pytest.approx(end[column], rel=1e-9), (name, column)
            assert row[f"{column}_vs_2022_pct"] == pytest.approx(
                100 * (end[column] / start[column] - 1), abs=1e-6
            )
            assert row[f"{column}_vs_baseline_pct"] == pytest.approx(
                100 * (end[column] / base[column] - 1), abs=1e-6
            )


def test_projections_start_in_2022_and_run_the_years_asked(paper_2022: np.ndarray) -> None:
    run = project(3, recruitment=0.7, incapacitation=1.5, super_cartel="Los Chapitos + CJNG")
    frame = run.totals()
    assert (frame["week"].iloc[0], frame["week"].iloc[-1]) == (520, 520 + 3 * 52)
    assert (frame["year"].iloc[0], frame["year"].iloc[-1]) == (2022, 2025)
    expected = _paper_projection(3, paper_2022, 0.7, 1.5, "Los Chapitos + CJNG")
    for column in ("members", "conflict_deaths", "incapacitated", "recruited"):
        assert np.allclose(frame[column], expected[column], rtol=1e-9), column
    assert project().totals()["year"].iloc[-1] == 2027, "five years by default"
    assert run.parameters.rho == pytest.approx(0.7 * PAPER_RATES["rho"])


def test_flows_in_sums_the_weeks_asked_and_says_which_weeks_a_run_has(
    paper_history: pd.DataFrame,
) -> None:
    flows = history().flows_in(104, 156)
    expected = paper_history.iloc[104:156]
    assert flows["conflict_deaths"] == pytest.approx(expected["conflict_deaths"].sum(), rel=1e-9)
    assert flows["incapacitated"] == pytest.approx(52 * 110)
    assert "members" not in flows.index
    with pytest.raises(
        ValueError, match=r"^weeks 500-600 are not all inside this run \(0-520\)\.$"
    ):
        history().flows_in(500, 600)


@pytest.fixture(scope="module")
def paper_values(paper_history: pd.DataFrame, paper_2022: np.ndarray) -> dict[str, float]:
    """Each reproducible published result, recomputed from the plain run."""
    year = paper_history.iloc[468:520]
    decade = paper_history.iloc[0:520]
    net = year["recruited"] - year["saturation_exits"]
    net_decade = decade["recruited"] - decade["saturation_exits"]
    ids = list(model.groups()["group_id"])
    share = {g: 100 * paper_2022[ids.index(g)] / paper_2022.sum() for g in ids}
    baseline = _paper_projection(5, paper_2022).iloc[-1]
    halved = _paper_projection(5, paper_2022, 0.5).iloc[-1]
    doubled = _paper_projection(5, paper_2022, 1.0, 2.0).iloc[-1]
    start = paper_history.iloc[-1]
    zero = _paper_projection(20, paper_2022, 0.0)["conflict_deaths"]
    weeks_back = int(np.flatnonzero(zero <= paper_history["conflict_deaths"].iloc[0])[0])
    five = ["N10025", "N10013", "N10076", "N10019", "N10081"]
    return {
        "M01": start["members"],
        "M02": net.sum() / 52,
        "M04": (decade["conflict_deaths"].sum() + decade["incapacitated"].sum()) / 520,
        "M05": (net_decade - decade["conflict_deaths"] - decade["incapacitated"]).sum() / 10,
        "M06": net.sum(),
        "M07": year["conflict_deaths"].sum() + year["incapacitated"].sum(),
        "M08": (net - year["conflict_deaths"] - year["incapacitated"]).sum(),
        **{f"M{9 + k:02d}": share[g] for k, g in enumerate(five)},
        "M14": 100 - sum(share[g] for g in five),
        "M16": paper_2022[ids.index("N10013")] + paper_2022[ids.index("N10025")],
        "M18": 100 * (baseline["conflict_deaths"] / start["conflict_deaths"] - 1),
        "M19": 100 * (baseline["members"] / start["members"] - 1),
        "M20": 100 * (halved["conflict_deaths"] / start["conflict_deaths"] - 1),
        "M21": 100 * (halved["members"] / start["members"] - 1),
        "M22": 100 * (doubled["conflict_deaths"] / start["conflict_deaths"] - 1),
        "M23": weeks_back / 52,
        "M24": start["conflict_deaths"],
        "M25": year["incapacitated"].sum(),
        "P01": decade["conflict_deaths"].sum(),
        "P02": decade["incapacitated"].sum(),
        "P03": 115_000.0,
        "P04": 100 * (start["conflict_deaths"] / paper_history["conflict_deaths"].iloc[0] - 1),
        "P08": paper_2022[ids.index("N10025")],
        "P09": paper_2022[ids.index("N10013")],
        "P10": year["conflict_deaths"].sum(),
    }


def test_reproduction_values_are_the_quantities_their_rows_name(
    paper_values: dict[str, float],
) -> None:
    values = model.reproduction_values()
    expected = {**paper_values, "M03": paper_values["M01"], "P05": paper_values["P01"]}
    expected |= {"P06": paper_values["P02"], "P07": paper_values["P03"]}
    assert set(values) == set(expected)
    for rid, value in expected.items():
        assert values[rid] == pytest.approx(value, rel=1e-8, abs=1e-8), rid


def test_reproduction_table_shows_the_published_rows_with_the_modules_value() -> None:
    published = load("model_results")
    table = model.reproduction_table(published)
    assert list(table.columns) == [
        "result_id", "quantity", "horizon", "value_low", "value_high", "unit",
        "module", "difference", "why", "source_id",
    ]  # fmt: skip
    assert set(table["result_id"]) == set(published["result_id"]) & set(model.reproduction_values())
    row = table.set_index("result_id").loc["M25"]  # 5,720 against a published 5,700
    assert row["difference"] == pytest.approx(row["module"] - row["value_low"])
    # A value exactly at the published bound is inside: no difference.
    exact = published.assign(value_low=published["value_low"].astype(float))
    exact.loc[exact["result_id"] == "M25", ["value_low", "value_high"]] = 52 * 110.0
    assert model.reproduction_table(exact).set_index("result_id").loc["M25", "difference"] == 0


def test_reproduction_notes_state_numbers_the_model_gives(
    paper_history: pd.DataFrame, paper_values: dict[str, float]
) -> None:
    """The numbers a student reads in the table's "why" column, recomputed."""
    notes = model.REPRODUCTION_NOTES
    year = paper_history.iloc[468:520]
    assert f"about {round(year['recruited'].mean(), -1):.0f})" in notes["M02"]
    assert f"({round(year['recruited'].sum(), -2):,.0f})" in notes["M06"]
    assert f"{52 * 110:,} a year" in notes["M25"] and f"{520 * 110:,} in ten" in notes["P02"]
    assert f"2021 average is {round(year['conflict_deaths'].mean()):.0f}" in notes["M24"]
    lower = round(
        100
        * (
            1
            - paper_values["P01"]
            / load("model_press_figures").set_index("result_id").loc["P01", "value_low"]
        )
    )
    assert f"{lower} % lower" in notes["P01"]


def test_sensitivity_moves_one_input_by_ten_percent_and_reads_1_january(
    paper_history: pd.DataFrame,
) -> None:
    table = model.sensitivity().set_index(["input", "direction", "outcome"])
    assert model.OUTCOMES == {
        "members, 1 Jan 2022": ("members", 520),
        "members, 1 Jan 2027": ("members", 780),
        "conflict deaths per week, 1 Jan 2027": ("conflict_deaths", 780),
    }
    base = _paper_run(780, _paper_start(), _paper_conflict(), PAPER_RATES)
    cases = {
        ("recruitment (rho)", "+10%"): ({"rho": 1.1}, 115_000.0),
        ("incapacitation (eta)", "-10%"): ({"eta": 0.9}, 115_000.0),
        ("conflict (theta)", "+10%"): ({"theta": 1.1}, 115_000.0),
        ("saturation (omega)", "-10%"): ({"omega": 0.9}, 115_000.0),
        ("members in 2012", "+10%"): ({}, 126_500.0),
    }
    for (label, direction), (factors, start) in cases.items():
        rates = {name: value * factors.get(name, 1.0) for name, value in PAPER_RATES.items()}
        run = _paper_run(780, _paper_start(start), _paper_conflict(), rates)
        for outcome, (column, week) in model.OUTCOMES.items():
            row = table.loc[(label, direction, outcome)]
            assert row["value"] == pytest.approx(run[column].iloc[week], rel=1e-9)
            change = 100 * (run[column].iloc[week] / base[column].iloc[week] - 1)
            assert row["change_pct"] == pytest.approx(change, abs=1e-6)
    five = model.sensitivity(0.05).set_index(["input", "direction", "outcome"])
    assert five.index.get_level_values("direction").unique().tolist() == ["-5%", "+5%"]


@pytest.mark.parametrize("step", [0.0, 1.0, math.nan])
def test_bad_sensitivity_step(step: float) -> None:
    with pytest.raises(
        ValueError, match=r"^step = .* must be a fraction between 0 and 1, e\.g\. 0\.10\.$"
    ):
        model.sensitivity(step)


def test_years_to_return_counts_weeks_from_2022_and_says_never() -> None:
    deaths = history().totals()["conflict_deaths"]
    zero = project(20, recruitment=0.0).totals()
    level = deaths.iloc[104]  # 2014's level is reached sooner than 2012's
    first = zero.loc[zero["conflict_deaths"] <= level, "week"].iloc[0]
    assert model.years_to_return(0.0, level_week=104) == pytest.approx((first - 520) / 52)
    assert model.years_to_return(1.0, level_week=0) == math.inf, "the status quo never returns"
    assert model.years_to_return(0.0, 0, max_years=1) == math.inf
    assert model.years_to_return() == model.years_to_return(0.0, 0)


def test_year_deaths_change_by_takes_recruitment_and_stops_at_max_years() -> None:
    run = project(20).totals()
    first = run.loc[run["conflict_deaths"] >= 1.05 * run["conflict_deaths"].iloc[0], "year"]
    assert model.year_deaths_change_by(5) == pytest.approx(first.iloc[0])
    assert model.year_deaths_change_by(20) < 2027 < model.year_deaths_change_by(20, max_years=1)
    # With recruitment halved, deaths fall from 2022 and never get 5 % above it.
    halved = project(20, recruitment=0.5).totals()["conflict_deaths"]
    assert halved.max() < 1.05 * halved.iloc[0]
    assert model.year_deaths_change_by(5, recruitment=0.5) == math.inf


def test_conflict_split_of_a_given_state() -> None:
    state = model.initial_state()
    split = model.conflict_deaths_split(state)
    assert split["with rivalries"] == pytest.approx(
        PAPER_RATES["theta"] * state @ _paper_conflict() @ state, rel=1e-12
    )
    assert split.name == "conflict deaths per week"


# ---------------------------------------------------------------- bad input, and its advice


def test_a_parameter_that_is_not_a_number_names_its_unit() -> None:
    with pytest.raises(ValueError, match=r"^rho must be a number \(in per week\), not str\.$"):
        Parameters(rho="0.002")  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=r"^eta must be a number \(in members per week\), not bool"
    ):
        Parameters(eta=True)
    with pytest.raises(ValueError, match=r"\(per member per week\)\.$"):
        Parameters(omega=-1.0)
    assert Parameters(eta=0, rho=0.0).eta == 0, "zero is a valid rate"


def test_scaling_an_unknown_rate_lists_the_four() -> None:
    with pytest.raises(
        ValueError,
        match=r"^Not a parameter: 'kappa', 'zeta'\. The parameters are rho, eta, theta and omega\.$",
    ):
        CALIBRATED.scaled(zeta=2.0, kappa=1.0)
    both = CALIBRATED.scaled(rho=2.0, omega=0.5)
    assert (both.rho, both.eta, both.omega) == (2 * CALIBRATED.rho, 110.0, 2.0e-8)


@pytest.mark.parametrize("total", [-1.0, math.nan, math.inf])
def test_bad_start_total(total: float) -> None:
    with pytest.raises(
        ValueError, match=r"^total = .* must be a finite number of members from 0 upwards\.$"
    ):
        model.initial_state(total)


def test_start_total_of_zero_is_an_empty_network() -> None:
    assert model.initial_state(0.0).sum() == 0
    frame = simulate(3, state=model.initial_state(0.0)).totals()
    assert (frame[["members", "conflict_deaths", "incapacitated"]] == 0).all().all(), (
        "nobody to incapacitate in an empty network"
    )


def test_state_of_the_wrong_shape_says_the_shape_it_got() -> None:
    with pytest.raises(
        ValueError, match=r"150 numbers in groups\(\) order, not an array of shape \(2, 150\)\.$"
    ):
        simulate(1, state=np.ones((2, 150)))
    run = simulate(2, state=[1000.0] * 150)
    assert run.sizes.shape == (3, 150)


def test_parameters_of_the_wrong_kind() -> None:
    with pytest.raises(
        ValueError,
        match=r"^parameters must be a Parameters object, e\.g\. Parameters\(rho=0\.002\)\.$",
    ):
        simulate(1, parameters={"rho": 0.002})  # type: ignore[arg-type]
    assert simulate(1, start_week=520).weeks.tolist() == [520, 521]
    assert simulate(np.int64(2)).sizes.shape == (3, 150), "a numpy whole number counts weeks"


@pytest.mark.parametrize("years", [True, -1])
def test_bad_years_in_a_batch_or_projection(years: object) -> None:
    with pytest.raises(
        ValueError, match=r"^years = .* must be a whole number of years, 1 or more\.$"
    ):
        project(years)  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=r"^years = .* must be a whole number of years, 1 or more\.$"
    ):
        model.project_batch([(1.0, 1.0, "none")], years=years)  # type: ignore[arg-type]


def test_batch_settings_name_the_missing_column() -> None:
    frame = pd.DataFrame({"recruitment": [1.0], "super_cartel": ["none"]})
    start = "settings must be rows of (recruitment, incapacitation, super_cartel), at least one"
    with pytest.raises(ValueError) as raised:
        model.project_batch(frame)
    assert str(raised.value) == f"{start}; missing: incapacitation."
    frame = pd.DataFrame({"recruitment": [1.0]})
    with pytest.raises(ValueError) as raised:
        model.project_batch(frame)
    assert str(raised.value) == f"{start}; missing: incapacitation, super_cartel."
    with pytest.raises(ValueError) as raised:
        model.project_batch([])
    assert str(raised.value) == f"{start}; missing: every row."


# ---------------------------------------------------------------- many runs at once


def test_a_batch_gives_each_run_its_own_scenario(paper_2022: np.ndarray) -> None:
    settings = pd.DataFrame(
        {
            "super_cartel": ["Sinaloa + CJNG", "none", "none"],
            "incapacitation": [1.0, 2.0, 1.0],
            "recruitment": [1.0, 0.5, 0.0],
            "note": ["a", "b", "c"],
        }
    )
    batch = model.project_batch(settings, years=2, every=13)
    assert list(batch.settings.columns) == ["recruitment", "incapacitation", "super_cartel"]
    assert batch.weeks.tolist() == list(range(520, 520 + 2 * 52 + 1, 13))
    frame = batch.totals()
    assert len(frame) == 3 * 9
    assert np.allclose(frame["year"], 2012 + frame["week"] / 52)
    for row, (r, i, network) in enumerate(
        [(1.0, 1.0, "Sinaloa + CJNG"), (0.5, 2.0, "none"), (0.0, 1.0, "none")]
    ):
        expected = _paper_projection(2, paper_2022, r, i, network).iloc[::13]
        chosen = frame[(frame["recruitment"] == r) & (frame["super_cartel"] == network)]
        assert chosen["incapacitation"].eq(i).all()
        for column in ("members", *model.FLOWS):
            assert np.allclose(chosen[column], expected[column], rtol=1e-9), (row, column)


def test_the_explorer_grid_runs_every_setting_from_2022(paper_2022: np.ndarray) -> None:
    grid = model.scenario_grid(
        years=1, every=26, recruitment_changes=(-100, 20), incapacitation_factors=(0.5, 3.0),
        super_cartels=("none", "Los Chapitos + CJNG"),
    )  # fmt: skip
    assert list(grid.columns) == [
        "recruitment_change", "incapacitation", "super_cartel", "week", "year", "members",
        "conflict_deaths",
    ]  # fmt: skip
    assert len(grid) == 2 * 2 * 2 * 3
    for r, i, network in [(-100, 3.0, "none"), (20, 0.5, "Los Chapitos + CJNG")]:
        expected = _paper_projection(1, paper_2022, 1 + r / 100, i, network).iloc[::26]
        chosen = grid[
            (grid["recruitment_change"] == r)
            & (grid["incapacitation"] == i)
            & (grid["super_cartel"] == network)
        ]
        assert chosen["week"].tolist() == [520, 546, 572]
        assert np.allclose(chosen["year"], [2022, 2022.5, 2023])
        assert np.allclose(chosen["members"], expected["members"], rtol=1e-9)
        assert np.allclose(chosen["conflict_deaths"], expected["conflict_deaths"], rtol=1e-9)


def test_the_explorer_grid_covers_the_explorers_controls() -> None:
    """The grid's defaults are the explorer's ranges: recruitment -100 % to +50 %, incapacitation x0.5-x3."""
    assert tuple(range(-100, 51, 10)) == model.RECRUITMENT_CHANGES
    assert tuple(0.5 + 0.25 * k for k in range(11)) == model.INCAPACITATION_FACTORS


# ---------------------------------------------------------------- the weekly steps (model_steps)


def test_a_group_never_loses_more_than_it_has_and_keeps_the_losses_proportions() -> None:
    """Group 0 (10 members) faces 1,000 enemies: its losses shrink to its 10 + 1 recruits."""
    sizes = np.array([10.0, 1_000.0])
    conflict = np.array([[0.0, 1.0], [0.001, 0.0]])
    rho, eta, theta, omega = 0.1, 20.0, 0.01, 1e-4
    flows = model.weekly_flows(sizes, conflict, rho, eta, theta, omega)
    raw = {
        "conflict_deaths": theta * sizes * (conflict @ sizes),
        "incapacitated": eta * sizes / sizes.sum(),
        "saturation_exits": omega * sizes**2,
    }
    assert np.allclose(flows["recruited"], rho * sizes)
    lost = sum(flows[name] for name in raw)
    assert lost[0] == pytest.approx(sizes[0] * (1 + rho)), "group 0 ends the week at zero"
    cap = sizes[0] * (1 + rho) / sum(raw[name][0] for name in raw)
    for name, value in raw.items():
        assert flows[name][0] == pytest.approx(cap * value[0]), name
        assert flows[name][1] == pytest.approx(value[1]), f"group 1 is not capped: {name}"
    # The same with two states at once (rows), and an empty state (no one to incapacitate).
    both = model.weekly_flows(np.vstack([sizes, [0.0, 0.0]]), conflict, rho, eta, theta, omega)
    assert np.allclose(both["conflict_deaths"][0], flows["conflict_deaths"])
    assert (both["incapacitated"][1] == 0).all()


def test_integrate_with_a_rate_per_run_follows_each_runs_equation() -> None:
    """Different conflict rates per run take the general weekly loop; every 3rd week recorded."""
    start = np.vstack([_paper_start(), _paper_start(80_000.0)])
    conflict = _paper_conflict()
    r = PAPER_RATES
    theta = np.array([[r["theta"]], [3 * r["theta"]]])
    path = model.integrate(start, 30, conflict, r["rho"], r["eta"], theta, r["omega"], every=3)
    assert path.shape == (11, 2, 150)
    first = _paper_run(30, start[0], conflict, r)
    second = _paper_run(30, start[1], conflict, {**r, "theta": 3 * r["theta"]})
    assert np.allclose(path[:, 0].sum(axis=1), first["members"].iloc[::3], rtol=1e-10)
    assert np.allclose(path[:, 1].sum(axis=1), second["members"].iloc[::3], rtol=1e-10)


def test_integrate_clips_wiped_out_groups_at_zero_and_keeps_an_empty_network_empty() -> None:
    r = {**PAPER_RATES, "omega": 1e-4}  # a group of over 10,000 loses more than it has
    start = _paper_start()
    expected = _paper_run(8, start, _paper_conflict(), r)["members"]
    uniform = model.integrate(start, 8, _paper_conflict(), *r.values())
    per_run = model.integrate(
        np.vstack([start, start]), 8, _paper_conflict(), r["rho"], r["eta"],
        np.array([[r["theta"]], [r["theta"] * (1 + 1e-15)]]), r["omega"],
    )  # fmt: skip
    assert expected.iloc[-1] > 0 and (start > 1e4).any(), "the largest groups are wiped out"
    assert np.allclose(uniform.sum(axis=1), expected, rtol=1e-9, atol=1e-9)
    assert np.allclose(per_run[:, 0].sum(axis=1), expected, rtol=1e-9, atol=1e-9)
    assert (uniform[-1][start > 1e4] == 0).all() and (uniform >= 0).all()
    assert (per_run[-1, 0][start > 1e4] == 0).all() and (per_run >= 0).all()
    empty = model.integrate(np.zeros((2, 150)), 3, _paper_conflict(), 0.1, 110.0,
                            np.array([[1e-8], [2e-8]]), 4e-8)  # fmt: skip
    assert np.array_equal(empty, np.zeros((4, 2, 150)))


def test_a_collapsing_projection_follows_the_equation_clipped_at_zero(
    paper_2022: np.ndarray,
) -> None:
    run = project(5, recruitment=0.0, incapacitation=40.0).totals()
    expected = _paper_projection(5, paper_2022, 0.0, 40.0)
    assert run["members"].iloc[-1] == 0
    assert np.allclose(run["members"], expected["members"], rtol=1e-9, atol=1e-6)
    alive = expected.index[expected["members"] > 0]
    weekly = run.loc[alive[:5], "conflict_deaths"]
    assert np.allclose(weekly, expected.loc[alive[:5], "conflict_deaths"], rtol=1e-9)


def test_a_batch_must_share_its_conflict_and_saturation_rates() -> None:
    rates = tuple(np.array([[v], [v * 2]]) for v in PAPER_RATES.values())
    with pytest.raises(
        ValueError, match=r"^a batch shares its conflict and saturation rates \(theta, omega\)\.$"
    ):
        model_steps.structured_steps(model.state_2022(), "none", 4, 1, rates)


def test_calibrated_runs_take_the_fast_steps_and_never_fall_back_to_clipping() -> None:
    """In the calibrated range no group is wiped out in a week, so the fused steps keep their
    weekly products (the flows come with the run) and are never redone with clipping. The
    clipped redo gives the same members, so a wrong fast step (say incapacitation multiplied
    by the total instead of divided by it) would only show as this fall-back."""
    run = model.simulate(model.WEEK_2022)
    assert run.precomputed is not None, "the calibrated history fell back to the clipped steps"
    parameters = model.CALIBRATED
    fused = model_steps.fused_matrix(model.network().conflict, parameters.theta, parameters.omega)
    start = model.initial_state()
    # One run of plain numbers, and a batch of two (two starts, two recruitment rates).
    single, products = model_steps.fused_steps(start, 52, fused, parameters.rho, parameters.eta)
    assert products is not None and products.shape == (53, start.size + 1)
    starts = np.stack([start, 1.01 * start])
    rates = np.array([[parameters.rho], [parameters.rho]])
    batch, products = model_steps.fused_steps(starts, 52, fused, rates, parameters.eta)
    assert products is not None and products.shape == (53, 2, start.size + 1)
    np.testing.assert_allclose(batch[:, 0], single, rtol=1e-12)
    # Thinned paths (every second week) keep no products, by design.
    thinned, none = model_steps.fused_steps(start, 52, fused, parameters.rho, parameters.eta, 2)
    assert none is None and np.allclose(thinned, single[::2], rtol=1e-12)
