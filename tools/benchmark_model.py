"""Measure the recruitment model: one 20-year run, scipy's LSODA beside it, the explorer's two designs.

Usage: ``.venv/bin/python tools/benchmark_model.py [--runs 50]`` (prints a Markdown table).
A benchmark, not a test: targets (a 20-year run with its weekly totals <= 10 ms, an
explorer or builder update <= 100 ms in the kernel, lesson 07's whole strategy space,
20 years, <= 1 s in one batched run) are reported, not asserted, because timings vary
by machine. On a busy machine, compare each row with LSODA's, measured in the same run.

The strategy space is timed two ways: ``project_batch`` (the model's batch API,
which uses the conflict matrix's structure) and the generic ``integrate`` on the
full matrix followed by ``weekly_flows`` (how lesson 04's grid is computed), so the
gain is measured side by side.

The LSODA run integrates the same right-hand side (``weekly_flows``) with tight
tolerances; its largest relative difference from the weekly Euler steps, in
members and weekly conflict deaths, says how much the integrator matters.
scipy is a development dependency only (requirements-dev.txt), for this comparison.

The explorer's two designs: one update from Python (a 10-year run, then new
chart parameters), and the alternative it was chosen over, a precomputed grid
of every slider setting for Vega-Lite parameters (time to compute it, and the
size of its chart data at one point every four weeks).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scipy.integrate import solve_ivp

from cartel_lab import model, strategy
from cartel_lab.model_charts import STEP_WEEKS, explorer_state
from cartel_lab.strategy_charts import strategy_state

WEEKS = 20 * model.WEEKS_PER_YEAR


def _timed(function, runs: int) -> tuple[float, float]:
    """Median and 90th percentile of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(1000 * (time.perf_counter() - started))
    return float(np.median(times)), float(np.percentile(times, 90))


def lsoda_run() -> tuple[np.ndarray, np.ndarray]:
    """Members and conflict deaths each week from 2012, by LSODA on the same right-hand side."""
    p = model.CALIBRATED
    conflict = model.network("none").conflict

    def rhs(_t: float, sizes: np.ndarray) -> np.ndarray:
        flows = model.weekly_flows(sizes, conflict, p.rho, p.eta, p.theta, p.omega)
        return (
            flows["recruited"]
            - flows["saturation_exits"]
            - flows["conflict_deaths"]
            - flows["incapacitated"]
        )

    weeks = np.arange(WEEKS + 1, dtype=float)
    solution = solve_ivp(
        rhs,
        (0.0, float(WEEKS)),
        model.initial_state(),
        method="LSODA",
        t_eval=weeks,
        rtol=1e-10,
        atol=1e-8,
    )
    sizes = solution.y.T
    deaths = model.weekly_flows(sizes, conflict, p.rho, p.eta, p.theta, p.omega)
    return sizes.sum(axis=1), deaths["conflict_deaths"].sum(axis=1)


def space_settings() -> list[tuple[float, float, str]]:
    """Every setting of lesson 07's builder on every network: (recruitment, incapacitation, network)."""
    return [
        (1 - cut / 100, level, network)
        for network in strategy.NETWORKS
        for cut in strategy.RECRUITMENT_CUTS
        for level in strategy.INCAPACITATION_LEVELS
    ]


def space_generic(settings: list[tuple[float, float, str]], weeks: int, every: int) -> None:
    """The same space by the generic route: ``integrate`` on the full matrix, then ``weekly_flows``."""
    for network in strategy.NETWORKS:
        chosen = [(r, i) for r, i, n in settings if n == network]
        rates = model._rates([model.CALIBRATED.scaled(rho=r, eta=i) for r, i in chosen])
        conflict = model.network(network).conflict
        start = np.broadcast_to(model.state_2022(), (len(chosen), conflict.shape[0]))
        path = model.integrate(start, weeks, conflict, *rates, every=every)
        model.weekly_flows(path, conflict, *rates)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="repetitions per timing (>= 50)")
    runs = max(parser.parse_args().runs, 50)

    model.history()  # load the network and data once, outside the timings
    euler = model.simulate(WEEKS)
    euler_ms = _timed(lambda: model.simulate(WEEKS), runs)
    totals_ms = _timed(lambda: model.simulate(WEEKS).totals(), runs)
    lsoda_ms = _timed(lsoda_run, max(runs // 10, 5))
    members, deaths = lsoda_run()
    totals = euler.totals()
    members_gap = np.max(np.abs(totals["members"].to_numpy() / members - 1))
    deaths_gap = np.max(np.abs(totals["conflict_deaths"].to_numpy() / deaths - 1))
    explorer_state(-50, 2.0, "Sinaloa + CJNG")
    update_ms = _timed(lambda: explorer_state(-50, 2.0, "Sinaloa + CJNG"), runs)
    plan = strategy.strategy(50, 2.0, "Sinaloa + CJNG")
    builder_ms = _timed(lambda: strategy_state(plan), runs)
    settings = space_settings()
    space_ms = _timed(lambda: model.project_batch(settings, years=20, every=52), 5)
    generic_ms = _timed(lambda: space_generic(settings, WEEKS, 52), 3)

    started = time.perf_counter()
    grid = model.scenario_grid(every=STEP_WEEKS)
    grid_seconds = time.perf_counter() - started
    grid_bytes = len(grid.drop(columns=["week"]).round(1).to_json(orient="records"))

    print(f"| measurement ({runs} runs; LSODA {max(runs // 10, 5)}) | median (ms) | p90 (ms) |")
    print("|---|---|---|")
    print(
        f"| 20-year weekly run, 150 groups (numpy, weekly Euler) | {euler_ms[0]:.1f} | {euler_ms[1]:.1f} |"
    )
    print(
        f"| the same by scipy solve_ivp LSODA (rtol 1e-10) | {lsoda_ms[0]:.1f} | {lsoda_ms[1]:.1f} |"
    )
    print(
        f"| the same with its weekly totals (`simulate(...).totals()`) | {totals_ms[0]:.1f} | {totals_ms[1]:.1f} |"
    )
    print(
        f"| one explorer update (10-year run + chart parameters) | {update_ms[0]:.1f} | {update_ms[1]:.1f} |"
    )
    print(
        f"| one builder update, lesson 07 (10-year run + chart parameters) | {builder_ms[0]:.1f} | {builder_ms[1]:.1f} |"
    )
    print(
        f"| strategy space: {len(settings)} runs x 20 years, `project_batch` (5 runs) | {space_ms[0]:.0f} | {space_ms[1]:.0f} |"
    )
    print(
        f"| the same space by `integrate` on the full matrix + `weekly_flows` (3 runs) | {generic_ms[0]:.0f} | {generic_ms[1]:.0f} |"
    )
    print()
    print(
        f"Precomputed grid instead ({len(grid) // (len(grid['week'].unique()))} settings): "
        f"{grid_seconds:.1f} s to compute, {grid_bytes / 1e6:.1f} MB of chart data."
    )
    print(
        f"Largest relative difference, Euler vs LSODA over 20 years: members {100 * members_gap:.3f} %, "
        f"weekly conflict deaths {100 * deaths_gap:.3f} %."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
