"""Lesson 04's explorer and charts show the model's numbers, and the controls move them."""

from __future__ import annotations

import pytest

from cartel_lab import model, model_charts


def _vs(scenario: str) -> list[float]:
    row = model.compare_scenarios().set_index("scenario").loc[scenario]
    return [
        row["members_vs_2022_pct"],
        row["members_vs_baseline_pct"],
        row["conflict_deaths_vs_2022_pct"],
        row["conflict_deaths_vs_baseline_pct"],
    ]


def test_explorer_starts_at_the_baseline() -> None:
    explorer = model_charts.policy_explorer()
    chart = explorer.children[-1]
    assert chart.params.changes == pytest.approx(_vs("baseline (status quo)"), abs=0.01)
    assert chart.params.changes[1] == 0 and chart.params.changes[3] == 0


def test_moving_the_controls_changes_the_charted_numbers() -> None:
    recruitment, incapacitation, merger, chart = model_charts.policy_explorer().children
    recruitment.value = -50
    assert chart.params.changes == pytest.approx(_vs("recruitment halved"), abs=0.01)
    recruitment.value = 0
    incapacitation.value = 2.0
    changes = chart.params.changes
    assert changes == pytest.approx(_vs("incapacitation doubled"), abs=0.01)
    assert changes[2] > 0 > changes[3], "doubling incapacitation: above 2022, below the baseline"
    incapacitation.value = 1.0
    merger.value = "Sinaloa + CJNG"
    assert chart.params.changes == pytest.approx(
        _vs("super-cartel: Sinaloa + CJNG (module's extension)"), abs=0.01
    )


def test_explorer_lines_start_from_the_2022_state_and_reach_2032() -> None:
    state = model_charts.explorer_state(-100, 1.0)
    members_2022 = model.history().totals()["members"].iloc[-1]
    assert state["members"][0] == pytest.approx(members_2022, abs=0.1)
    assert len(state["members"]) == len(state["deaths"]) == 10 * 52 // 4 + 1
    assert all(
        later < earlier
        for earlier, later in zip(state["members"], state["members"][1:], strict=False)
    )


def test_history_chart_plots_a_tenth_of_homicides_and_missing_per_week() -> None:
    observed = model_charts.observed_conflict_deaths()
    row_2012 = observed[observed["calendar_year"] == 2012].iloc[0]
    # Trends2012_2021.csv: 25,967 homicides and 10,760 missing persons in 2012.
    assert row_2012["deaths_per_week"] == pytest.approx(0.1 * (25_967 + 10_760) / 52)


def test_explorer_controls_are_wide_enough_to_read() -> None:
    """Issue 17: the sliders' tracks were about 45 px and the super-cartel menu showed 'Sinaloa'."""
    *controls, _chart = model_charts.policy_explorer().children
    for control in controls:
        assert control.layout.width == "520px", control.description


def test_chart_titles_state_the_finding() -> None:
    """Issue 16: titles say what the chart shows, with the numbers it encodes."""
    members = model.history().totals()["members"]
    title = model_charts.members_history_chart().to_dict()["title"]["text"]
    assert f"{round(members.iloc[-1], -3):,.0f}" in title and "115,000" in title
    moves = model.sensitivity()
    strongest = moves.loc[moves["change_pct"].abs().idxmax(), "input"]
    tornado = model_charts.tornado_chart().to_dict()["title"]["text"]
    assert tornado.lower().startswith(strongest) and "without refitting" in tornado
    assert "?" not in model_charts.history_chart().to_dict()["title"]["text"]
