"""The cartel recruitment model of Prieto-Curiel, Campedelli & Hope (*Science* 381:1312, 2023).

Rebuilt from the paper's mathematics so that a lesson can rerun it in a
fraction of a second. Each of the 150 criminal groups of the 2020 network has
``C_i`` members, and every week

    dC_i/dt = C_i * (rho - eta / T - theta * (K C)_i - omega * C_i)

where ``T`` is all members together: groups recruit in proportion to their
size (``rho``), the state incapacitates ``eta`` members a week shared out in
proportion to size, groups kill each other's members along the conflict
matrix ``K`` (``theta``), and members leave groups that have grown too large
(``omega``). ``K_ij = (R_ij + 1) / (A_i + 1)`` off the diagonal: every group
fights every other at a base level, rivalry ``R`` adds to it and a group's
own alliance strength ``A_i`` damps all its conflicts.

The model steps forward one week at a time (explicit Euler, which the
authors report to be within 0.03% of their integrator), on numpy arrays of
all groups at once. Week 0 is 1 January 2012 and the model counts 52 weeks a
year, so week 520 is 1 January 2022. The super-cartel scenarios are this
module's extension, not the paper's: they take the merged network from
``cartel_lab.network.ties``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import cache, cached_property

import numpy as np
import pandas as pd

from cartel_lab.model_steps import (
    FLOWS,
    fast_flow_totals,
    fused_matrix,
    fused_steps,
    integrate,
    structured_steps,
    weekly_flows,
)
from cartel_lab.network import SUPER_CARTELS, groups, ties, weight_matrices
from cartel_lab.violence import percent_change

WEEKS_PER_YEAR = 52
START_YEAR = 2012
WEEK_2022 = 520  # 1 January 2022, the state every scenario starts from
START_MEMBERS = 115_000.0  # all members on 1 January 2012 (the authors' calibration)
PAPER = "Prieto-Curiel, Campedelli & Hope, Science 381:1312 (2023)"


@dataclass(frozen=True)
class Parameters:
    """The model's four rates, with the authors' calibrated values as defaults.

    Every rate must be finite and zero or positive; anything else raises
    ``ValueError`` naming the parameter. ``scaled`` returns a copy with some
    rates multiplied, which is how scenarios are made.
    """

    rho: float = field(
        default=2.527474e-3,
        metadata={"unit": "per week", "meaning": "recruitment: new members per member"},
    )
    eta: float = field(
        default=110.0,
        metadata={
            "unit": "members per week",
            "meaning": "incapacitation: members arrested or imprisoned, all groups together",
        },
    )
    theta: float = field(
        default=1.549231e-8,
        metadata={
            "unit": "per member per week",
            "meaning": "conflict: deaths per pair of members of fighting groups",
        },
    )
    omega: float = field(
        default=4.0e-8,
        metadata={
            "unit": "per member per week",
            "meaning": "saturation: members who leave a group grown too large",
        },
    )

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(
                    f"{item.name} must be a number (in {item.metadata['unit']}), "
                    f"not {type(value).__name__}."
                )
            if not math.isfinite(value) or value < 0:
                raise ValueError(
                    f"{item.name} = {value!r} is outside its valid range: a finite number "
                    f"from 0 upwards ({item.metadata['unit']})."
                )

    def scaled(self, **factors: float) -> Parameters:
        """A copy with the named rates multiplied, e.g. ``scaled(rho=0.5)`` halves recruitment."""
        unknown = set(factors) - {item.name for item in fields(self)}
        if unknown:
            raise ValueError(
                f"Not a parameter: {', '.join(map(repr, sorted(unknown)))}. "
                "The parameters are rho, eta, theta and omega."
            )
        return replace(self, **{name: getattr(self, name) * f for name, f in factors.items()})


CALIBRATED = Parameters()
PARAMETER_NAMES = tuple(item.name for item in fields(Parameters))


def parameter_table(parameters: Parameters = CALIBRATED) -> pd.DataFrame:
    """The parameters as a table: symbol, value, unit and meaning (for a lesson to show)."""
    return pd.DataFrame(
        [
            {
                "parameter": item.name,
                "value": getattr(parameters, item.name),
                "unit": item.metadata["unit"],
                "meaning": item.metadata["meaning"],
            }
            for item in fields(parameters)
        ]
    )


# ---------------------------------------------------------------- the network


def conflict_matrix(alliance: np.ndarray, rivalry: np.ndarray) -> np.ndarray:
    """``K_ij = (R_ij + 1) / (A_i + 1)`` for i != j and ``K_ii = 0``.

    Row i is damped by group i's own alliance strength ``A_i``, so K is not
    symmetric even though both weight matrices are.
    """
    strength = alliance.sum(axis=1, keepdims=True)
    conflict = (rivalry + 1.0) / (strength + 1.0)
    np.fill_diagonal(conflict, 0.0)
    return conflict


@dataclass(frozen=True)
class Network:
    """What the model needs from a network: the conflict matrix and each group's total strength."""

    scenario: str
    conflict: np.ndarray
    strength: np.ndarray  # alliance strength + rivalry strength, A_i + S_i


@cache
def network(scenario: str = "none") -> Network:
    """The model's view of the 2020 network, or of a super-cartel scenario (``SUPER_CARTELS`` key)."""
    alliance, rivalry = weight_matrices(ties(scenario))
    conflict = conflict_matrix(alliance, rivalry)
    conflict.setflags(write=False)
    strength = alliance.sum(axis=1) + rivalry.sum(axis=1)
    strength.setflags(write=False)
    return Network(scenario, conflict, strength)


@cache
def _group_ids() -> tuple[str, ...]:
    return tuple(groups()["group_id"])


def initial_state(total: float = START_MEMBERS) -> np.ndarray:
    """Members per group on 1 January 2012, in ``groups()`` order.

    Groups are ranked by total strength in the 2020 network (ties keep file
    order) and rank r gets the share ``(1/r) / sum_k (1/k)`` of ``total``: the
    expected sizes of a power law with exponent -1, so runs are deterministic.
    """
    if not math.isfinite(total) or total < 0:
        raise ValueError(f"total = {total!r} must be a finite number of members from 0 upwards.")
    strength = network("none").strength
    order = np.argsort(-strength, kind="stable")
    shares = 1.0 / np.arange(1, len(strength) + 1)
    sizes = np.empty(len(strength))
    sizes[order] = total * shares / shares.sum()
    return sizes


# ---------------------------------------------------------------- simulation


def _rates(batch: list[Parameters]) -> tuple[np.ndarray, ...]:
    """One column per rate, one row per run: what ``integrate`` broadcasts against a batch."""
    return tuple(np.array([[getattr(p, name)] for p in batch]) for name in PARAMETER_NAMES)


def _check_weeks(weeks: int) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or weeks < 1:
        raise ValueError(f"weeks = {weeks!r} must be a whole number of weeks, 1 or more.")
    return int(weeks)


def _check_state(state: np.ndarray | None) -> np.ndarray:
    if state is None:
        return initial_state()
    sizes = np.asarray(state, dtype=float)
    expected = len(_group_ids())
    if sizes.shape != (expected,):
        raise ValueError(
            f"state must hold one size per group: {expected} numbers in groups() order, "
            f"not an array of shape {sizes.shape}."
        )
    if not np.all(np.isfinite(sizes)) or np.any(sizes < 0):
        raise ValueError("state sizes must be finite numbers of members from 0 upwards.")
    return sizes


@dataclass(frozen=True)
class Run:
    """One simulated path: members per group each week from ``start_week`` on, and its flows."""

    start_week: int
    sizes: np.ndarray  # (weeks + 1) x groups
    scenario: str = "none"
    parameters: Parameters = CALIBRATED
    # Flow totals already made by the run itself (``simulate``), or None to compute them.
    precomputed: dict[str, np.ndarray] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def flow_totals(self) -> dict[str, np.ndarray]:
        """Each flow summed over groups, one value per row (members per week)."""
        if self.precomputed is not None:
            return self.precomputed
        p = self.parameters
        flows = weekly_flows(
            self.sizes, network(self.scenario).conflict, p.rho, p.eta, p.theta, p.omega
        )
        return {name: flows[name].sum(axis=-1) for name in FLOWS}

    @property
    def weeks(self) -> np.ndarray:
        """The model weeks of the rows (week 0 = 1 January 2012)."""
        return self.start_week + np.arange(len(self.sizes))

    @property
    def final_state(self) -> np.ndarray:
        """Members per group at the last week: the start of a follow-on run."""
        return self.sizes[-1].copy()

    def totals(self) -> pd.DataFrame:
        """Weekly totals over all groups, one row per week (tidy, for charts and tables).

        ``members`` is the number at the start of the week; the flows are the
        week's rates in members per week: ``recruited`` (gross recruitment),
        ``saturation_exits``, ``net_recruitment`` (recruited minus saturation
        exits, the paper's "recruits"), ``conflict_deaths``, ``incapacitated``
        and ``net_change`` (the change in members to the next week).
        """
        flows = self.flow_totals
        weeks = self.weeks
        net_recruitment = flows["recruited"] - flows["saturation_exits"]
        return pd.DataFrame(
            {
                "week": weeks,
                "year": START_YEAR + weeks / WEEKS_PER_YEAR,
                "members": self.sizes.sum(axis=1),
                "recruited": flows["recruited"],
                "saturation_exits": flows["saturation_exits"],
                "net_recruitment": net_recruitment,
                "conflict_deaths": flows["conflict_deaths"],
                "incapacitated": flows["incapacitated"],
                "net_change": net_recruitment - flows["conflict_deaths"] - flows["incapacitated"],
            }
        )

    def group_sizes(self, every: int = 1) -> pd.DataFrame:
        """Members of each group, tidy (week, year, group_id, name, members), every ``every`` weeks."""
        rows = np.arange(0, len(self.sizes), _check_weeks(every))
        chosen = self.sizes[rows]
        names = groups()["name"].to_numpy()
        weeks = self.weeks[rows]
        return pd.DataFrame(
            {
                "week": np.repeat(weeks, chosen.shape[1]),
                "year": np.repeat(START_YEAR + weeks / WEEKS_PER_YEAR, chosen.shape[1]),
                "group_id": np.tile(_group_ids(), len(rows)),
                "name": np.tile(names, len(rows)),
                "members": chosen.ravel(),
            }
        )

    def flows_in(self, first_week: int, last_week: int) -> pd.Series:
        """Each flow summed over weeks ``first_week`` .. ``last_week - 1`` (members)."""
        frame = self.totals()
        chosen = frame[(frame["week"] >= first_week) & (frame["week"] < last_week)]
        if len(chosen) != last_week - first_week:
            raise ValueError(
                f"weeks {first_week}-{last_week} are not all inside this run "
                f"({frame['week'].iloc[0]}-{frame['week'].iloc[-1]})."
            )
        return chosen.drop(columns=["week", "year", "members"]).sum()


def simulate(
    weeks: int,
    *,
    state: np.ndarray | None = None,
    parameters: Parameters = CALIBRATED,
    scenario: str = "none",
    start_week: int = 0,
) -> Run:
    """Run the model for ``weeks`` weeks.

    Defaults: the calibrated parameters, the 2020 network (``scenario`` may be
    any key of ``SUPER_CARTELS``) and the calibrated 1 January 2012 state.
    ``start_week`` only labels the rows (week 520 = 1 January 2022). Bad
    input raises ``ValueError`` naming what is wrong and its valid range.
    """
    weeks = _check_weeks(weeks)
    sizes = _check_state(state)
    if not isinstance(parameters, Parameters):
        raise ValueError("parameters must be a Parameters object, e.g. Parameters(rho=0.002).")
    fused = fused_matrix(network(scenario).conflict, parameters.theta, parameters.omega)
    path, products = fused_steps(sizes, weeks, fused, parameters.rho, parameters.eta)
    p = parameters
    flows = None if products is None else fast_flow_totals(path, products, p.rho, p.eta, p.omega)
    return Run(
        start_week=start_week,
        sizes=path,
        scenario=scenario,
        parameters=parameters,
        precomputed=flows,
    )


# ---------------------------------------------------------------- scenarios


@cache
def history() -> Run:
    """The fitted history: 1 January 2012 to 1 January 2022 with the calibrated parameters."""
    return simulate(WEEK_2022)


def state_2022() -> np.ndarray:
    """The modelled members per group on 1 January 2022, where every scenario starts."""
    return history().final_state


def project(
    years: int = 5,
    *,
    recruitment: float = 1.0,
    incapacitation: float = 1.0,
    super_cartel: str = "none",
) -> Run:
    """A scenario from the modelled 1 January 2022 state, ``years`` years ahead.

    ``recruitment`` and ``incapacitation`` multiply rho and eta (0.5 halves
    recruitment, 2 doubles incapacitation); ``super_cartel`` is a key of
    ``SUPER_CARTELS`` (the module's extension, not the paper's).
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ValueError(f"years = {years!r} must be a whole number of years, 1 or more.")
    parameters = CALIBRATED.scaled(rho=recruitment, eta=incapacitation)
    return simulate(
        years * WEEKS_PER_YEAR,
        state=state_2022(),
        parameters=parameters,
        scenario=super_cartel,
        start_week=WEEK_2022,
    )


# The named scenarios the lesson and the exercise compare: (recruitment, incapacitation, network).
SCENARIOS: dict[str, tuple[float, float, str]] = {
    "baseline (status quo)": (1.0, 1.0, "none"),
    "recruitment halved": (0.5, 1.0, "none"),
    "recruitment zero": (0.0, 1.0, "none"),
    "incapacitation doubled": (1.0, 2.0, "none"),
    "recruitment halved and incapacitation doubled": (0.5, 2.0, "none"),
    "super-cartel: Sinaloa + CJNG (module's extension)": (1.0, 1.0, "Sinaloa + CJNG"),
    "super-cartel: Los Chapitos + CJNG (module's extension)": (1.0, 1.0, "Los Chapitos + CJNG"),
}


def compare_scenarios(years: int = 5) -> pd.DataFrame:
    """Each named scenario ``years`` years after 1 January 2022, against 2022 and against the baseline.

    Columns: scenario, members, conflict_deaths (per week, at the horizon),
    and their percentage changes ``*_vs_2022_pct`` and ``*_vs_baseline_pct``.
    (Computed once per ``years``; each call returns a fresh copy.)
    """
    return _compare_scenarios(years).copy()


@cache
def _compare_scenarios(years: int) -> pd.DataFrame:
    """Each named scenario ``years`` years after 1 January 2022, against 2022 and against the baseline.

    Columns: scenario, members, conflict_deaths (per week, at the horizon),
    and their percentage changes ``*_vs_2022_pct`` and ``*_vs_baseline_pct``.
    """
    start = history().totals().iloc[-1]
    rows = []
    for name, (recruitment, incapacitation, super_cartel) in SCENARIOS.items():
        end = (
            project(
                years,
                recruitment=recruitment,
                incapacitation=incapacitation,
                super_cartel=super_cartel,
            )
            .totals()
            .iloc[-1]
        )
        rows.append(
            {
                "scenario": name,
                "members": end["members"],
                "conflict_deaths": end["conflict_deaths"],
            }
        )
    frame = pd.DataFrame(rows)
    base = frame.iloc[0]
    for column in ("members", "conflict_deaths"):
        frame[f"{column}_vs_2022_pct"] = 100 * (frame[column] / start[column] - 1)
        frame[f"{column}_vs_baseline_pct"] = 100 * (frame[column] / base[column] - 1)
    return frame


def years_to_return(recruitment: float = 0.0, level_week: int = 0, max_years: int = 20) -> float:
    """Years after 1 January 2022 until weekly conflict deaths fall to their level at ``level_week``.

    With ``recruitment=0`` and ``level_week=0`` this is the paper's "years to
    return to 2012 levels of violence". Returns ``inf`` if they never do
    within ``max_years``.
    """
    target = history().totals()["conflict_deaths"].iloc[level_week]
    run = project(max_years, recruitment=recruitment).totals()
    below = run[run["conflict_deaths"] <= target]
    return float("inf") if below.empty else float((below["week"].iloc[0] - WEEK_2022) / 52)


# ---------------------------------------------------------------- sensitivity

# What ``sensitivity`` moves, and the name its ``input`` column gives each.
SENSITIVITY_INPUTS = {
    "rho": "recruitment (rho)",
    "eta": "incapacitation (eta)",
    "theta": "conflict (theta)",
    "omega": "saturation (omega)",
    "start_members": "members in 2012",
}
OUTCOMES = {
    "members, 1 Jan 2022": ("members", WEEK_2022),
    "members, 1 Jan 2027": ("members", WEEK_2022 + 5 * WEEKS_PER_YEAR),
    "conflict deaths per week, 1 Jan 2027": ("conflict_deaths", WEEK_2022 + 5 * WEEKS_PER_YEAR),
}


def sensitivity(step: float = 0.10) -> pd.DataFrame:
    """How much each outcome moves when one input moves by ±``step`` over the whole 2012-2027 run.

    Inputs: the four rates and the 115,000 starting members. Returns a tidy
    frame: input, direction ('-10%' / '+10%'), outcome, value, change_pct
    (against the calibrated run). Computed once per step; each call returns a copy.
    """
    if not math.isfinite(step) or not 0 < step < 1:
        raise ValueError(f"step = {step!r} must be a fraction between 0 and 1, e.g. 0.10.")
    return _sensitivity(step).copy()


@cache
def _sensitivity(step: float) -> pd.DataFrame:
    """How much each outcome moves when one input moves by ±``step`` over the whole 2012-2027 run.

    Inputs: the four rates and the 115,000 starting members. Returns a tidy
    frame: input, direction ('-10%' / '+10%'), outcome, value, change_pct
    (against the calibrated run).
    """
    horizon = max(week for _, week in OUTCOMES.values())
    # One batch: the calibrated run, then each input moved down and up.
    cases = [("", 0, CALIBRATED, START_MEMBERS)]
    for name, label in SENSITIVITY_INPUTS.items():
        for sign in (-1, 1):
            factor = 1 + sign * step
            if name == "start_members":
                cases.append((label, sign, CALIBRATED, START_MEMBERS * factor))
            else:
                cases.append((label, sign, CALIBRATED.scaled(**{name: factor}), START_MEMBERS))
    rates = _rates([parameters for _, _, parameters, _ in cases])
    starts = np.array([initial_state(start) for *_, start in cases])
    conflict = network("none").conflict
    path = integrate(starts, horizon, conflict, *rates)
    deaths = weekly_flows(path, conflict, *rates)["conflict_deaths"].sum(axis=-1)
    series = {"members": path.sum(axis=-1), "conflict_deaths": deaths}
    values = {
        outcome: series[column][week] for outcome, (column, week) in OUTCOMES.items()
    }  # outcome -> one value per case
    rows = [
        {
            "input": label,
            "direction": f"{sign * step:+.0%}",
            "outcome": outcome,
            "value": float(values[outcome][number]),
            "change_pct": percent_change(values[outcome][0], values[outcome][number]),
        }
        for number, (label, sign, _, _) in enumerate(cases)
        if number > 0
        for outcome in OUTCOMES
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the explorer's grid

RECRUITMENT_CHANGES = tuple(range(-100, 51, 10))  # percent
INCAPACITATION_FACTORS = tuple(np.round(np.arange(0.5, 3.01, 0.25), 2))


def scenario_grid(
    years: int = 10,
    every: int = 4,
    recruitment_changes: tuple[int, ...] = RECRUITMENT_CHANGES,
    incapacitation_factors: tuple[float, ...] = INCAPACITATION_FACTORS,
    super_cartels: tuple[str, ...] = tuple(SUPER_CARTELS),
) -> pd.DataFrame:
    """Every combination of the explorer's controls, run from 1 January 2022, every ``every`` weeks.

    Returns a tidy frame: recruitment_change (percent), incapacitation
    (factor), super_cartel, week, year, members, conflict_deaths. The runs of
    one network go through the integrator as one batch (a matrix product per
    week), which is what makes a full grid cheap.
    """
    weeks = _check_weeks(years * WEEKS_PER_YEAR)
    combos = [(r, i) for r in recruitment_changes for i in incapacitation_factors]
    batch = [CALIBRATED.scaled(rho=1 + r / 100, eta=i) for r, i in combos]
    every = _check_weeks(every)
    rates = _rates(batch)
    frames = []
    for super_cartel in super_cartels:
        conflict = network(super_cartel).conflict
        start = np.broadcast_to(state_2022(), (len(batch), len(_group_ids())))
        path = integrate(start, weeks, conflict, *rates, every=every)
        deaths = weekly_flows(path, conflict, *rates)["conflict_deaths"]
        count = len(path)
        frames.append(
            pd.DataFrame(
                {
                    "recruitment_change": np.tile([r for r, _ in combos], count),
                    "incapacitation": np.tile([i for _, i in combos], count),
                    "super_cartel": super_cartel,
                    "week": np.repeat(WEEK_2022 + every * np.arange(count), len(combos)),
                    "members": path.sum(axis=-1).ravel(),
                    "conflict_deaths": deaths.sum(axis=-1).ravel(),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame.insert(4, "year", START_YEAR + frame["week"] / WEEKS_PER_YEAR)
    return frame


# ---------------------------------------------------------------- many runs at once


@dataclass(frozen=True)
class Batch:
    """Many runs from one state, kept as weekly totals over all groups (so a big batch stays small).

    ``settings`` has one row per run (recruitment, incapacitation,
    super_cartel: the factors and network of ``project``); ``members`` and
    each of ``flows`` (the ``FLOWS``, members per week) have one row per run
    and one column per recorded week (every ``every`` weeks from ``start_week``).
    """

    settings: pd.DataFrame
    start_week: int
    every: int
    members: np.ndarray
    flows: dict[str, np.ndarray]

    @property
    def weeks(self) -> np.ndarray:
        """The model weeks of the columns (week 520 = 1 January 2022)."""
        return self.start_week + self.every * np.arange(self.members.shape[1])

    def totals(self) -> pd.DataFrame:
        """One row per run and recorded week: its settings, week, year, members and the flows."""
        runs, count = self.members.shape
        frame = self.settings.loc[np.repeat(np.arange(runs), count)].reset_index(drop=True)
        weeks = np.tile(self.weeks, runs)
        frame["week"] = weeks
        frame["year"] = START_YEAR + weeks / WEEKS_PER_YEAR
        frame["members"] = self.members.ravel()
        for name in FLOWS:
            frame[name] = self.flows[name].ravel()
        return frame


def project_batch(
    settings: pd.DataFrame | list[tuple[float, float, str]],
    years: int = 10,
    every: int = 1,
) -> Batch:
    """Many scenarios from the modelled 1 January 2022 state in one batched run.

    ``settings``: rows of (recruitment, incapacitation, super_cartel), the
    arguments of ``project``, as a list of tuples or a frame with those
    columns. Each network's runs step forward together, one week at a time;
    the results equal ``project``'s, run by run (to rounding, about 1e-12).
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ValueError(f"years = {years!r} must be a whole number of years, 1 or more.")
    every = _check_weeks(every)
    columns = ["recruitment", "incapacitation", "super_cartel"]
    table = pd.DataFrame(settings, columns=None if isinstance(settings, pd.DataFrame) else columns)
    missing = set(columns) - set(table.columns)
    if missing or table.empty:
        raise ValueError(
            "settings must be rows of (recruitment, incapacitation, super_cartel), "
            f"at least one; missing: {', '.join(sorted(missing)) or 'every row'}."
        )
    table = table[columns].reset_index(drop=True)
    parameters = [CALIBRATED.scaled(rho=r, eta=i) for r, i, _ in table.itertuples(index=False)]
    weeks = years * WEEKS_PER_YEAR
    count = weeks // every + 1
    members = np.empty((len(table), count))
    flows = {name: np.empty((len(table), count)) for name in FLOWS}
    for scenario, rows in table.groupby("super_cartel", sort=False).indices.items():
        rates = _rates([parameters[row] for row in rows])
        result = structured_steps(state_2022(), scenario, weeks, every, rates)
        members[rows] = result.pop("members")
        for name in FLOWS:
            flows[name][rows] = result[name]
    return Batch(table, WEEK_2022, every, members, flows)


# ---------------------------------------------------------------- the reproduction table

_SHARE_GROUPS = {
    "M09": "N10025",
    "M10": "N10013",
    "M11": "N10076",
    "M12": "N10019",
    "M13": "N10081",
}

# Why the module's value differs where it does (the module's reading, not the paper's words).
REPRODUCTION_NOTES = {
    "M01": "Inside the published range.",
    "M02": "The cartels' actual net recruits a week in 2021 (gross minus saturation exits; gross "
    "is about 430). Holding the total steady would take only the week's losses (exercise 4.2).",
    "M03": "Within 1 %: our start uses the expected power-law sizes, not a random draw.",
    "M04": "Conflict deaths plus incapacitations, average over 2012-2021.",
    "M05": "Ten-year average; the yearly gain rises from about 4,500 (2012) to 7,200 (2021), "
    "so 'about 7,000 a year' matches the latest years, not the average.",
    "M06": "Net recruitment in 2021; gross recruitment (22,400) does not match.",
    "M07": "Conflict deaths plus incapacitations in 2021.",
    "M08": "Net change in members during 2021.",
    "M09": "The press's shares do not match its own counts (28,764 is 16.4 % of 175,000).",
    "M10": "As for M09: 17,825 of 175,000 would be 10.2 %.",
    "M11": "Close.",
    "M12": "Ranks agree; shares within one point.",
    "M13": "Ranks agree; shares within one point.",
    "M14": "All groups outside the five largest.",
    "M16": "Within 0.5 %.",
    "M18": "Four points lower; the paper's averaging of 'by 2027' is not stated (a year's "
    "average or the end of 2027 gives 36-45 %).",
    "M19": "Three points lower, for the same reason.",
    "M20": "Within one point.",
    "M21": "About one point smaller; the end of 2027 gives -11.5 %.",
    "M22": "The source states no horizon; the table assumes 2027, where the model gives +2 % "
    "(+6 % for 2027 against 2021). The model reaches +8 % in 2031. Same sign: deaths still "
    "rise from 2022, but stay below doing nothing.",
    "M23": "Weeks from 2022 until weekly deaths fall to their January 2012 level.",
    "M24": "On 1 January 2022; the 2021 average is 120.",
    "M25": "Incapacitation is fixed at 110 a week: 5,720 a year.",
    "P01": "Conflict deaths 2012-2021, 4 % lower.",
    "P02": "Incapacitation is 110 a week by assumption: 57,200 in ten years.",
    "P03": "Not a result: the calibrated starting value the model is given.",
    "P04": "1 January 2012 to 1 January 2022; the yearly averages of 2012 and 2021 differ by 74 %.",
    "P05": "A later (2024) telling of P01; 'nearly 60,000' is 25 % above the model.",
    "P06": "A later (2024) telling of P02.",
    "P07": "As P03.",
    "P08": "Within 0.5 % (a single low-confidence source).",
    "P09": "Within 0.5 % (same source as P08).",
    "P10": "The model's conflict deaths in 2021, 4 % lower; the model has no disappearances "
    "apart from its deaths.",
}


def _group_share(week: int, group_id: str) -> float:
    sizes = history().sizes[week]
    return float(100 * sizes[_group_ids().index(group_id)] / sizes.sum())


def reproduction_values() -> dict[str, float]:
    """The module's value for each published result it can reproduce (``model_results`` ids)."""
    run = history()
    totals = run.totals().set_index("week")
    at_2022 = totals.loc[WEEK_2022]
    year_2021 = run.flows_in(WEEK_2022 - 52, WEEK_2022)
    decade = run.flows_in(0, WEEK_2022)
    scenarios = compare_scenarios(5).set_index("scenario")
    shares = {rid: _group_share(WEEK_2022, gid) for rid, gid in _SHARE_GROUPS.items()}
    two = [_group_ids().index(g) for g in ("N10013", "N10025")]
    return {
        "M01": at_2022["members"],
        "M02": year_2021["net_recruitment"] / 52,
        "M03": at_2022["members"],
        "M04": (decade["conflict_deaths"] + decade["incapacitated"]) / WEEK_2022,
        "M05": decade["net_change"] / 10,
        "M06": year_2021["net_recruitment"],
        "M07": year_2021["conflict_deaths"] + year_2021["incapacitated"],
        "M08": year_2021["net_change"],
        **shares,
        "M14": 100 - sum(shares.values()),
        "M16": float(run.sizes[WEEK_2022, two].sum()),
        "M18": scenarios.loc["baseline (status quo)", "conflict_deaths_vs_2022_pct"],
        "M19": scenarios.loc["baseline (status quo)", "members_vs_2022_pct"],
        "M20": scenarios.loc["recruitment halved", "conflict_deaths_vs_2022_pct"],
        "M21": scenarios.loc["recruitment halved", "members_vs_2022_pct"],
        "M22": scenarios.loc["incapacitation doubled", "conflict_deaths_vs_2022_pct"],
        "M23": years_to_return(recruitment=0.0, level_week=0),
        "M24": at_2022["conflict_deaths"],
        "M25": year_2021["incapacitated"],
        "P01": decade["conflict_deaths"],
        "P02": decade["incapacitated"],
        "P03": float(run.sizes[0].sum()),
        "P04": percent_change(totals.loc[0, "conflict_deaths"], at_2022["conflict_deaths"]),
        "P05": decade["conflict_deaths"],
        "P06": decade["incapacitated"],
        "P07": float(run.sizes[0].sum()),
        "P08": float(run.sizes[WEEK_2022, _group_ids().index("N10025")]),
        "P09": float(run.sizes[WEEK_2022, _group_ids().index("N10013")]),
        "P10": year_2021["conflict_deaths"],
    }


def reproduction_table(*published: pd.DataFrame) -> pd.DataFrame:
    """Each published result beside the module's value, the difference and why it differs.

    ``published``: the ``model_results`` table, and optionally
    ``model_press_figures``; rows the model cannot reproduce (an employer
    rank, the DEA's own estimate) are left out.
    """
    values = reproduction_values()
    every = pd.concat(published, ignore_index=True)
    chosen = every[every["result_id"].isin(values)].copy()
    chosen["module"] = chosen["result_id"].map(values).astype(float)
    middle = (chosen["value_low"] + chosen["value_high"]) / 2
    slack = 1e-9 * chosen[["value_low", "value_high"]].abs().max(axis=1)  # float rounding only
    below = chosen["module"] < chosen["value_low"] - slack
    outside = below | (chosen["module"] > chosen["value_high"] + slack)
    chosen["difference"] = np.where(outside, chosen["module"] - middle, 0.0)
    chosen["why"] = chosen["result_id"].map(REPRODUCTION_NOTES)
    columns = ["result_id", "quantity", "horizon", "value_low", "value_high", "unit"]
    return chosen[[*columns, "module", "difference", "why", "source_id"]].reset_index(drop=True)


# ---------------------------------------------------------------- what decides the answer


def conflict_deaths_split(state: np.ndarray | None = None) -> pd.Series:
    """Weekly conflict deaths of a state, with its rivalries and with every rivalry set to 0.

    ``K_ij = (R_ij + 1) / (A_i + 1)`` gives every pair of groups a base level
    of conflict (the "+1") whether or not they are rivals. Setting every
    rivalry weight ``R_ij`` to 0 leaves only that base level (alliances still
    damp it), so the ratio of the two says how much of the modelled violence
    comes from rivalries at all. ``state`` defaults to the modelled
    1 January 2022; members per week.
    """
    sizes = state_2022() if state is None else _check_state(state)
    alliance, rivalry = weight_matrices(ties("none"))
    base_only = conflict_matrix(alliance, np.zeros_like(rivalry))
    theta = CALIBRATED.theta
    return pd.Series(
        {
            "with rivalries": float(theta * sizes @ network("none").conflict @ sizes),
            "base level only": float(theta * sizes @ base_only @ sizes),
        },
        name="conflict deaths per week",
    )


def year_deaths_change_by(
    change_pct: float, *, recruitment: float = 1.0, incapacitation: float = 1.0, max_years: int = 20
) -> float:
    """The first model year (e.g. 2031.4) in which weekly conflict deaths are ``change_pct`` % above 2022.

    Runs the scenario from 1 January 2022 for up to ``max_years`` and returns
    ``inf`` when deaths never get that far. Used to ask when a published
    change without a stated horizon (the press's +8 % for doubled
    incapacitation) is reached.
    """
    run = project(max_years, recruitment=recruitment, incapacitation=incapacitation).totals()
    start = run["conflict_deaths"].iloc[0]
    reached = run[100 * (run["conflict_deaths"] / start - 1) >= change_pct]
    return float("inf") if reached.empty else float(reached["year"].iloc[0])
