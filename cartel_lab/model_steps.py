"""The recruitment model's weekly steps: explicit Euler on numpy arrays, and the flows of a week.

Lesson 04's model (``cartel_lab.model``) runs on these. A week costs what its
Python calls cost (one matrix-vector product of 150 groups takes
microseconds), so the loops make as few calls as they can:

- one run (``simulate``): with one conflict and one saturation rate, theta K C
  + omega C and the total T come out of ONE product with the "fused" matrix
  [theta K^T + omega I | 1]; three calls a week, and the week's flows follow
  from the same products (``fast_flow_totals``);
- many runs (``structured_steps``): K C = (R C + T - C) / (A + 1), and the
  rivalry part R links a minority of groups, so with those first one small
  product a week replaces the full 150 x 150 one for every run at once.

Both give the same numbers as the plain steps (``integrate``'s general path)
to rounding, about 1e-12; a group wiped out in a week is handled exactly as
``weekly_flows`` says (its losses capped at what it has).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from cartel_lab.network import ties, weight_matrices

FLOWS = ("recruited", "saturation_exits", "conflict_deaths", "incapacitated")


def weekly_flows(
    sizes: np.ndarray,
    conflict: np.ndarray,
    rho: np.ndarray | float,
    eta: np.ndarray | float,
    theta: np.ndarray | float,
    omega: np.ndarray | float,
) -> dict[str, np.ndarray]:
    """Each group's flows in a week, members per week, for any number of states at once.

    ``sizes`` has the groups in its last axis (one row per week, or per
    scenario); rates may be arrays that broadcast against it. A group never
    loses more than it has: when its losses would exceed its members plus
    recruits (only possible far outside the calibrated range), the three
    losses shrink in proportion so that it reaches zero exactly.
    """
    return _capped_flows(sizes, sizes @ conflict.T, rho, eta, theta, omega)


def _capped_flows(
    sizes: np.ndarray,
    fought: np.ndarray,
    rho: np.ndarray | float,
    eta: np.ndarray | float,
    theta: np.ndarray | float,
    omega: np.ndarray | float,
) -> dict[str, np.ndarray]:
    """``weekly_flows`` given ``fought`` = K C (each group's weighted enemies), however it was computed."""
    total = sizes.sum(axis=-1, keepdims=True)
    share = np.divide(sizes, total, out=np.zeros_like(sizes), where=total > 0)
    recruited = rho * sizes
    incapacitated = eta * share
    conflict_deaths = theta * sizes * fought
    saturation_exits = omega * sizes**2
    losses = incapacitated + conflict_deaths + saturation_exits
    available = sizes + recruited
    too_many = losses > available
    cap = np.ones_like(sizes)
    cap[too_many] = available[too_many] / losses[too_many]
    return {
        "recruited": recruited,
        "saturation_exits": saturation_exits * cap,
        "conflict_deaths": conflict_deaths * cap,
        "incapacitated": incapacitated * cap,
    }


def integrate(
    start: np.ndarray,
    weeks: int,
    conflict: np.ndarray,
    rho: np.ndarray | float,
    eta: np.ndarray | float,
    theta: np.ndarray | float,
    omega: np.ndarray | float,
    every: int = 1,
) -> np.ndarray:
    """Sizes at weeks 0, every, 2 * every, ... up to weeks, by weekly Euler steps, on any conflict matrix.

    ``start`` holds one state (groups) or a batch (scenarios x groups); the
    rates broadcast against it (a column of one rate per scenario). The only
    Python loop is over weeks: each step is a few array operations on all
    groups (and scenarios) at once. A group whose losses would exceed what it
    has ends the week at zero.
    """
    if uniform(theta) and uniform(omega):
        fused = fused_matrix(conflict, scalar(theta), scalar(omega))
        return fused_steps(start, weeks, fused, rho, eta, every)[0]
    sizes = np.array(start, dtype=float)
    path = np.empty((weeks // every + 1, *sizes.shape))
    path[0] = sizes
    conflict_t = np.ascontiguousarray(conflict.T)
    growth = 1.0 + np.asarray(rho, dtype=float)
    for week in range(1, weeks + 1):
        # eta / T; an empty network (T = 0) has nobody to incapacitate.
        pressure = eta / np.maximum(sizes.sum(axis=-1, keepdims=True), 1e-300)
        factor = growth - pressure - theta * (sizes @ conflict_t) - omega * sizes
        sizes = np.maximum(sizes * factor, 0.0)
        if week % every == 0:
            path[week // every] = sizes
    return path


# ---------------------------------------------------------------- the fast paths
#
# A week costs what its Python calls cost: one matrix-vector product of 150
# groups takes microseconds. So the weekly loop does as few calls as it can.
# With one conflict rate and one saturation rate for the whole run, the terms
# theta * K C + omega * C and the total T come out of ONE product with the
# "fused" matrix [theta K^T + omega I | 1], and the next state is
# C * ((1 + rho - eta / T) - that product): three calls a week.


def uniform(rate: np.ndarray | float) -> bool:
    """True when a rate (one value, or one per run) is the same for every run."""
    values = np.asarray(rate, dtype=float)
    return values.ndim == 0 or bool(np.all(values == values.flat[0]))


def scalar(rate: np.ndarray | float) -> float:
    """The single value of a uniform rate, as a float."""
    return float(np.asarray(rate, dtype=float).flat[0])


def fused_matrix(conflict: np.ndarray, theta: float, omega: float) -> np.ndarray:
    """``[theta K^T + omega I | 1]``: C times it gives theta K C + omega C and, last, the total T."""
    count = conflict.shape[0]
    fused = np.empty((count, count + 1))
    fused[:, :count] = theta * conflict.T
    fused[np.arange(count), np.arange(count)] += omega
    fused[:, count] = 1.0
    return fused


def fused_steps(
    start: np.ndarray,
    weeks: int,
    fused: np.ndarray,
    rho: np.ndarray | float,
    eta: np.ndarray | float,
    every: int = 1,
) -> tuple[np.ndarray, np.ndarray | None]:
    """``integrate`` with the fused matrix: the path, and (every = 1) each week's product C [..|1].

    The product rows give each week's flows without another pass over the
    groups (see ``fast_flow_totals``). No clipping is done in the loop:
    if any size went below zero (a group wiped out in a week, far outside the
    calibrated range), the run is redone step by step with clipping.
    """
    sizes = np.array(start, dtype=float)
    count = sizes.shape[-1]
    path = np.empty((weeks // every + 1, *sizes.shape))
    path[0] = sizes
    growth = 1.0 + np.asarray(rho, dtype=float)
    eta = np.asarray(eta, dtype=float)
    single = sizes.ndim == 1 and growth.ndim == 0 and eta.ndim == 0
    products = np.empty((weeks + 1, *sizes.shape[:-1], count + 1)) if every == 1 else None
    scratch = np.empty((*sizes.shape[:-1], count + 1))
    factor = np.empty_like(sizes)
    current = path[0]
    with np.errstate(over="ignore", invalid="ignore"):  # checked below, and redone if so
        for week in range(weeks):
            product = scratch if products is None else products[week]
            np.dot(current, fused, out=product)
            if single:  # plain floats: cheaper than arrays of one value
                total = float(product[count])
                pressure = float(eta) / max(total, 1e-300)
                np.subtract(float(growth) - pressure, product[:count], out=factor)
            else:  # eta / T; an empty network (T = 0) has nobody to incapacitate.
                pressure = eta / np.maximum(product[..., count:], 1e-300)
                np.subtract(growth - pressure, product[..., :count], out=factor)
            if (week + 1) % every == 0:
                following = path[(week + 1) // every]
            else:
                following = np.empty_like(factor)
            np.multiply(current, factor, out=following)
            current = following
        if products is not None:
            np.dot(current, fused, out=products[weeks])
    if not np.all(path >= 0):  # a group wiped out in a week (or an overflow): redo, clipping
        return _clipped_steps(sizes, weeks, fused, growth, eta, every), None
    return path, products


def _clipped_steps(
    start: np.ndarray,
    weeks: int,
    fused: np.ndarray,
    growth: np.ndarray,
    eta: np.ndarray,
    every: int,
) -> np.ndarray:
    """The fused steps with every size clipped at zero each week (the rare slow path)."""
    sizes = np.array(start, dtype=float)
    count = sizes.shape[-1]
    path = np.empty((weeks // every + 1, *sizes.shape))
    path[0] = sizes
    for week in range(1, weeks + 1):
        product = sizes @ fused
        pressure = eta / np.maximum(product[..., count:], 1e-300)
        sizes = np.maximum(sizes * (growth - pressure - product[..., :count]), 0.0)
        if week % every == 0:
            path[week // every] = sizes
    return path


def fast_flow_totals(
    path: np.ndarray, products: np.ndarray, rho: float, eta: float, omega: float
) -> dict[str, np.ndarray]:
    """Each flow summed over groups, one value per week, from the weekly products (no clipping).

    ``products[w]`` holds theta K C + omega C and T for week w, so the week's
    conflict deaths are C . product - omega C . C, without a second matrix product.
    """
    count = path.shape[-1]
    members = path.sum(axis=-1)
    fought = np.einsum("...i,...i->...", path, products[..., :count])
    squares = np.einsum("...i,...i->...", path, path)
    saturation = omega * squares
    return {
        "recruited": rho * members,
        "saturation_exits": saturation,
        "conflict_deaths": fought - saturation,
        "incapacitated": np.where(members > 0, eta, 0.0),
    }


@cache
def structure(scenario: str) -> tuple[np.ndarray, int, np.ndarray, np.ndarray]:
    """The conflict matrix taken apart: (group order, rival count, R among rivals, 1 / (A + 1)).

    ``K C = (R C + T - C) / (A + 1)``: every group fights every other at a base
    level, so only the rivalry part R varies from pair to pair, and R links
    a minority of groups. With those groups first, one small product a week
    replaces the full 150 x 150 one.
    """
    alliance, rivalry = weight_matrices(ties(scenario))
    rivals = rivalry.any(axis=1)
    order = np.concatenate([np.flatnonzero(rivals), np.flatnonzero(~rivals)])
    count = int(rivals.sum())
    among = np.ascontiguousarray(rivalry.T[np.ix_(order[:count], order[:count])])
    damping = 1.0 / (alliance.sum(axis=1)[order] + 1.0)
    return order, count, among, damping


def structured_steps(
    start: np.ndarray, scenario: str, weeks: int, every: int, rates: tuple[np.ndarray, ...]
) -> dict[str, np.ndarray]:
    """Members and flow totals (runs x recorded weeks) of one network's batch of runs."""
    rho, eta, theta, omega = rates  # columns: one rate per run
    if not (uniform(theta) and uniform(omega)):
        raise ValueError("a batch shares its conflict and saturation rates (theta, omega).")
    theta_value, omega_value = scalar(theta), scalar(omega)
    order, rivals, among, damping = structure(scenario)
    runs, groups = len(rho), len(order)
    sizes = np.tile(start[order], (runs, 1))
    weight = theta_value * damping  # w_i: theta K C = w (R C + T - C)
    own = omega_value - weight  # v_i = omega - w_i: what a group's own size adds
    # [T, 1 + rho - eta / T] @ [[-w], [1]] = 1 + rho - eta / T - w T: one small product
    spread = np.vstack([-weight, np.ones(groups)])
    weighted_among = among * weight[:rivals]  # w_i R_ij, so the product gives w (R C)
    growth = 1.0 + rho[:, 0]
    eta_column = eta[:, 0]
    ones = np.ones(groups)
    count = weeks // every + 1
    out = {name: np.empty((runs, count)) for name in ("members", *FLOWS)}
    total = np.empty(runs)
    pair = np.empty((runs, 2))
    rivalry = np.empty((runs, rivals))
    factor = np.empty_like(sizes)
    scratch = np.empty_like(sizes)
    for week in range(weeks + 1):
        np.dot(sizes, ones, out=total)
        if week % every == 0:
            fought = np.subtract(total[:, None], sizes)  # (R C + T - C) / (A + 1) = K C
            fought[:, :rivals] += sizes[:, :rivals] @ among
            fought *= damping
            flows = _capped_flows(sizes, fought, rho, eta, theta_value, omega_value)
            out["members"][:, week // every] = total
            for name in FLOWS:
                out[name][:, week // every] = flows[name].sum(axis=1)
        if week == weeks:
            break
        # factor = 1 + rho - eta / T - w T - w (R C) - v C, clipped at zero
        pair[:, 0] = total
        pair[:, 1] = growth - eta_column / np.maximum(total, 1e-300)
        np.dot(pair, spread, out=factor)
        np.dot(sizes[:, :rivals], weighted_among, out=rivalry)
        np.subtract(factor[:, :rivals], rivalry, out=factor[:, :rivals])
        np.multiply(sizes, own, out=scratch)
        np.subtract(factor, scratch, out=factor)
        np.maximum(factor, 0.0, out=factor)
        np.multiply(sizes, factor, out=sizes)
    return out
