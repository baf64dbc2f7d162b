"""Lesson 04's explorer and charts show the model's numbers, and the controls move them."""

from __future__ import annotations

import html
import json
import re

import pytest

from cartel_lab import model, model_charts
from tests.calls import record_calls
from tests.vega_spec import DATA, csv, drawn, only, param_values, svg_once, units


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


def test_a_move_redraws_both_lines_and_the_bars() -> None:
    """The chart's three parameters (members, deaths, the four changes) are the ones the
    explorer sets: a parameter renamed in the chart would leave its line frozen while the
    explorer set an attribute nobody reads."""
    recruitment, _, _, chart = model_charts.policy_explorer().children
    names = {param["name"] for param in chart.chart.to_dict()["params"]}
    assert {"members", "deaths", "changes"} <= names <= set(chart.params.trait_names())
    recruitment.value = -50
    members_2022 = model.history().totals()["members"].iloc[-1]
    halved = model.project(10, recruitment=0.5).totals()
    assert chart.params.members[-1] == pytest.approx(halved["members"].iloc[-1], abs=0.1)
    assert chart.params.deaths[-1] == pytest.approx(halved["conflict_deaths"].iloc[-1], abs=0.01)
    assert chart.params.members[0] == pytest.approx(members_2022, abs=0.1)


def test_each_control_move_runs_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slider moved is one model run (the explorer must feel instant): an update on every
    trait a control changes (its value, index or label) would run it two or three times."""
    runs = record_calls(monkeypatch, model_charts, "explorer_state")
    recruitment, incapacitation, merger, _ = model_charts.policy_explorer().children
    runs.clear()  # the opening picture's run
    recruitment.value = -50
    incapacitation.value = 2.0
    merger.value = "Sinaloa + CJNG"
    assert runs == [(-50, 1.0, "none"), (-50, 2.0, "none"), (-50, 2.0, "Sinaloa + CJNG")]


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


# -- issue 22: what the charts and the explorer promise a student, read from their specs --------

YEAR_AXIS_FORMAT = "d"  # years as 2012, never 2,012 or 2012.0


@pytest.fixture
def history_units() -> list:
    return units(model_charts.history_chart().to_dict())


@pytest.fixture
def members_units() -> list:
    return units(model_charts.members_history_chart().to_dict())


@pytest.fixture
def explorer_spec() -> dict:
    return model_charts.policy_explorer_chart().to_dict()


def _tooltips(unit: object) -> dict[str, dict]:
    return {t["field"]: t for t in unit.channel("tooltip")}  # type: ignore[attr-defined]


def test_history_chart_axes_name_their_units_and_show_whole_years(history_units: list) -> None:
    line = only(of_kind_units(history_units, "line"))
    assert line.channel("x")["axis"]["format"] == YEAR_AXIS_FORMAT
    assert line.channel("x")["scale"] == {"nice": False}, "the line ends at 2022, not 2025"
    assert line.channel("y")["title"] == "Deaths per week"
    assert line.channel("y")["scale"] == {"zero": True}, "deaths are read from zero"
    tips = _tooltips(line)
    assert (tips["year"]["format"], tips["conflict_deaths"]["format"]) == (".1f", ".0f")
    assert tips["conflict_deaths"]["title"] == "Model, deaths/week"
    diamonds = only(of_kind_units(history_units, "point"))
    tips = _tooltips(diamonds)
    # One diamond a year: its tooltip names the calendar year and says the data are divided by ten.
    assert (tips["calendar_year"]["format"], tips["calendar_year"]["title"]) == ("d", "Year")
    assert tips["deaths_per_week"]["title"] == "Observed/10, per week"
    observed = model_charts.observed_conflict_deaths()
    assert observed["calendar_year"].tolist() == list(range(2012, 2022))
    assert (observed["year"] - observed["calendar_year"]).eq(0.5).all(), "placed at mid-year"


def test_history_chart_labels_say_which_mark_is_which(history_units: list) -> None:
    """No legend: two labels say the line is the model and the diamonds the data divided by ten."""
    text = only(of_kind_units(history_units, "text"))
    assert sorted(text.rows["label"]) == ["model (line)", "observed ÷ 10 (diamonds)"]
    assert text.channel("text")["field"] == "label"


def test_charts_name_their_sources(history_units: list) -> None:
    history = model_charts.history_chart().to_dict()["title"]["subtitle"]
    assert any("Science 381:1312 (2023)" in line for line in history)
    assert any("mexico_trends_2012_2021" in line for line in history), "the observed series' table"
    members = model_charts.members_history_chart().to_dict()["title"]["subtitle"]
    assert any("model_results M01" in line for line in members), "the published range's row"
    explorer = model_charts.policy_explorer_chart().to_dict()["title"]["subtitle"]
    assert any("extension, not the paper's" in line for line in explorer)


def test_members_chart_reads_members_with_thousands_separators(members_units: list) -> None:
    line = only(of_kind_units(members_units, "line"))
    assert line.channel("x")["axis"]["format"] == YEAR_AXIS_FORMAT
    assert line.channel("y")["axis"]["format"] == ",.0f"
    assert line.channel("y")["title"] == "Cartel members (all groups)"
    assert _tooltips(line)["members"]["format"] == ",.0f"
    label = only(of_kind_units(members_units, "text"))
    assert label.rows["label"].tolist() == ["paper: range"]
    assert label.channel("y")["field"] == "high", "the label sits at the top of the range bar"


def test_tornado_title_is_a_sentence_about_the_strongest_input() -> None:
    moves = model.sensitivity()
    strongest = str(moves.loc[moves["change_pct"].abs().idxmax(), "input"])
    title = model_charts.tornado_chart().to_dict()["title"]["text"]
    assert title.startswith(strongest[0].upper() + strongest[1:] + " moves every result most")


def test_tornado_axes_leave_room_for_labels_and_name_the_unit() -> None:
    spec = model_charts.tornado_chart().to_dict()
    moves = model.sensitivity()
    outcomes = [
        "members, 1 Jan 2022",
        "members, 1 Jan 2027",
        "conflict deaths per week, 1 Jan 2027",
    ]
    for number, (panel, outcome) in enumerate(zip(spec["hconcat"], outcomes, strict=True)):
        assert panel["title"] == outcome[0].upper() + outcome[1:]  # "Members, 1 Jan 2022"
        bars, labels = panel["layer"][-2:]
        reach = moves.loc[moves["outcome"] == outcome, "change_pct"].abs().max()
        domain = bars["encoding"]["x"]["scale"]["domain"]
        assert domain == pytest.approx([-1.3 * reach, 1.3 * reach]), "room for the labels"
        assert bars["encoding"]["x"]["title"] == "Change in the outcome (%)"
        assert bars["encoding"]["y"].get("title") == (
            "Input moved by ±10 %" if number == 0 else None
        )
        assert bars["encoding"]["tooltip"][2]["format"] == "+.1f"
        # Each "-10%"/"+10%" label sits outside its bar: to the left of a bar that goes left.
        assert "datum.change_pct < 0 ? 'right' : 'left'" in str(labels["mark"]["align"])
        assert "datum.change_pct < 0 ? -2 : 2" in str(labels["mark"]["dx"])


def test_explorer_axes_and_bar_labels_state_units_and_signed_percentages(
    explorer_spec: dict,
) -> None:
    lines, summary = explorer_spec["vconcat"]
    for panel, title in zip(
        lines["hconcat"], ("Cartel members", "Conflict deaths per week"), strict=True
    ):
        fixed, scenario, _marker = panel["layer"]
        assert fixed["encoding"]["y"]["title"] == title and panel["title"] == title
        assert fixed["encoding"]["y"]["scale"] == {"zero": True}
        assert fixed["encoding"]["x"]["axis"]["format"] == YEAR_AXIS_FORMAT
        assert [t["format"] for t in scenario["encoding"]["tooltip"]] == [".1f", ",.0f"]
    assert summary["encoding"]["x"]["title"] == "Change by 1 Jan 2027 (%)"
    shown = {t["as"]: t["calculate"] for t in summary["transform"]}
    assert "format(changes[datum.slot], '+.1f') + ' %'" in shown["shown"], "a sign and one decimal"
    assert summary["encoding"]["color"]["title"] == "Compared with"
    assert explorer_spec["resolve"]["scale"] == {
        "color": "independent",
        "strokeDash": "independent",
    }


def test_explorer_controls_span_the_papers_scenarios_in_their_units() -> None:
    """Recruitment -100 % (zero) to +50 %, incapacitation x0.5 to x3 (doubled inside), the networks."""
    recruitment, incapacitation, merger, _chart = model_charts.policy_explorer().children
    assert (recruitment.value, recruitment.min, recruitment.max, recruitment.step) == (
        0,
        -100,
        50,
        5,
    )
    assert recruitment.description == "Recruitment change (%)"
    assert (incapacitation.value, incapacitation.min, incapacitation.max) == (1.0, 0.5, 3.0)
    assert incapacitation.step == 0.25 and incapacitation.description == "Incapacitation (× today)"
    assert list(merger.options) == list(model.SUPER_CARTELS) and merger.value == "none"
    assert "module's extension" in merger.description
    # Whole descriptions show (not cut to "Recruitment ch..."), and a drag runs the model once.
    for control in (recruitment, incapacitation, merger):
        assert control.style.description_width == "initial"
    assert not recruitment.continuous_update and not incapacitation.continuous_update


def test_moving_a_control_redraws_both_scenario_lines_from_the_model() -> None:
    recruitment, incapacitation, _merger, chart = model_charts.policy_explorer().children
    recruitment.value = -30
    incapacitation.value = 1.5
    run = model.project(10, recruitment=0.7, incapacitation=1.5).totals().iloc[::4]
    assert chart.params.members == pytest.approx(run["members"].tolist(), abs=0.05)
    assert chart.params.deaths == pytest.approx(run["conflict_deaths"].tolist(), abs=0.005)


def test_explorer_history_and_baseline_are_every_fourth_week() -> None:
    paths = model_charts._paths_frame()
    history = model.history().totals().iloc[::4]
    past = paths[(paths["series"] == "history (fitted)") & (paths["measure"] == "deaths per week")]
    assert past["year"].tolist() == pytest.approx(history["year"].tolist())
    assert past["value"].tolist() == pytest.approx(history["conflict_deaths"].tolist())
    base = paths[(paths["series"] == "baseline (status quo)") & (paths["measure"] == "members")]
    assert base["value"].tolist() == pytest.approx(
        model.project(10).totals()["members"].iloc[::4].tolist()
    )


def of_kind_units(found: list, kind: str) -> list:
    return [unit for unit in found if unit.kind == kind]


# -- issue 22, full mutation run: what each chart draws (its SVG), read as a student reads it ----

BLUE, ORANGE, VERMILLION, GREY = "#0072B2", "#E69F00", "#D55E00", "#BBBBBB"  # Okabe-Ito, muted
SOLID = {None, "1,0"}  # how Vega writes a solid stroke


@pytest.fixture
def drawn_charts() -> dict[str, str]:
    """Each chart of lesson 04 as Vega draws it (the explorer at its starting state)."""
    return {
        "history": svg_once(model_charts.history_chart().to_dict()),
        "members": svg_once(model_charts.members_history_chart().to_dict()),
        "tornado": svg_once(model_charts.tornado_chart().to_dict()),
        "explorer": svg_once(model_charts.policy_explorer_chart().to_dict()),
    }


def _axis_titles(image: str) -> list[str]:
    """The axis titles a reader sees, in drawing order."""
    found = re.findall(r'role-axis-title"[^>]*><text[^>]*>([^<]*)</text>', image)
    return [html.unescape(title) for title in found]


def _legends(image: str) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    """Each drawn legend: its title and its entries as (label, colour, dash)."""
    found = []
    for legend in re.split(r'aria-roledescription="legend"', image)[1:]:
        title = re.search(r'role-legend-title"[^>]*><text[^>]*>([^<]*)</text>', legend)
        entries = []
        for attributes, label in re.findall(
            r'role-legend-symbol"[^>]*><path ([^>]*)/></g>'
            r'<g class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)</text>',
            legend.split("role-legend-title")[0],
        ):
            style = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
            colour = style.get("stroke") if "stroke-dasharray" in style else style.get("fill")
            entries.append((html.unescape(label), colour, style.get("stroke-dasharray")))
        found.append((html.unescape(title.group(1)) if title else "", entries))
    return found


def test_each_axis_is_titled_once_with_its_quantity_and_unit(drawn_charts: dict[str, str]) -> None:
    """Layers that title a shared axis differently show a joined title ("Members, Members")."""
    assert _axis_titles(drawn_charts["history"]) == ["Year", "Deaths per week"]
    assert _axis_titles(drawn_charts["members"]) == ["Year", "Cartel members (all groups)"]
    # Tornado: the input axis is titled once, on the first panel.
    assert _axis_titles(drawn_charts["tornado"]) == [
        "Change in the outcome (%)",
        "Input moved by ±10 %",
        "Change in the outcome (%)",
        "Change in the outcome (%)",
    ]
    assert _axis_titles(drawn_charts["explorer"]) == [
        "Year",
        "Cartel members",
        "Year",
        "Conflict deaths per week",
        "Change by 1 Jan 2027 (%)",
    ]


def test_explorer_legend_keys_each_line_by_its_colour_and_dash_together(
    drawn_charts: dict[str, str],
) -> None:
    """One key, titled once, shows each line's colour and dash as drawn: the description's
    'fitted history (solid black), baseline projection (dashed grey), scenario (solid blue)'."""
    image = drawn_charts["explorer"]
    (line_key, line_entries), (bar_key, bar_entries) = _legends(image)
    assert line_key == "Line"
    assert [(label, colour) for label, colour, _ in line_entries] == [
        ("history (fitted)", "black"),
        ("baseline (status quo)", GREY),
        ("your scenario", BLUE),
    ]
    dashes = {label: dash for label, _, dash in line_entries}
    assert dashes["history (fitted)"] in SOLID and dashes["your scenario"] in SOLID
    assert dashes["baseline (status quo)"] not in SOLID
    # The key's dash is the dash each drawn line has.
    for path in drawn(image, "line"):
        assert path.dash == dashes[path.data["Line"]], path.data["Line"]
    assert (bar_key, bar_entries) == (
        "Compared with",
        [("vs 2022", VERMILLION, None), ("vs baseline 2027", BLUE, None)],
    )


def test_tornado_legend_says_blue_is_minus_ten_and_orange_plus_ten(
    drawn_charts: dict[str, str],
) -> None:
    assert _legends(drawn_charts["tornado"]) == [
        ("Input", [("-10%", BLUE, None), ("+10%", ORANGE, None)])
    ]


def test_explorer_lines_are_read_out_by_their_titles(drawn_charts: dict[str, str]) -> None:
    """What a screen reader says for each line: its year, its measure and which line it is."""
    for path in drawn(drawn_charts["explorer"], "line"):
        measure = "Cartel members" if "Cartel members" in path.data else "Conflict deaths per week"
        assert set(path.data) == {"Year", measure, "Line"}, path.data


def test_tooltips_name_each_number_with_its_unit() -> None:
    """Hovering shows each value under a title saying what it is, formatted as the axis reads."""

    def tips(spec: dict) -> list[list[tuple]]:
        return [
            [(t["field"], t.get("title"), t.get("format")) for t in unit.channel("tooltip")]
            for unit in units(spec)
            if unit.channel("tooltip")
        ]

    year = ("year", "Year", ".1f")
    assert tips(model_charts.history_chart().to_dict()) == [
        [year, ("conflict_deaths", "Model, deaths/week", ".0f")],
        [("calendar_year", "Year", "d"), ("deaths_per_week", "Observed/10, per week", ".1f")],
    ]
    assert tips(model_charts.members_history_chart().to_dict()) == [
        [year, ("members", "Members", ",.0f")]
    ]
    tornado = tips(model_charts.tornado_chart().to_dict())
    assert len(tornado) == 3 and all(
        panel
        == [
            ("input_label", "Input", None),
            ("direction", "Moved by", None),
            ("change_pct", "Outcome change (%)", "+.1f"),
        ]
        for panel in tornado
    )
    assert tips(model_charts.policy_explorer_chart().to_dict()) == [
        [year, ("value", "Cartel members", ",.0f")],
        [year, ("value", "Conflict deaths per week", ",.0f")],
        [("label", "Change", None), ("change", "Percent", "+.1f")],
    ]


def test_explorer_bars_are_labelled_with_their_signed_change_by_2027(
    drawn_charts: dict[str, str],
) -> None:
    """Each bar's label: what changes, against what, and by how much, recomputed from two runs."""
    axis = re.search(
        r'aria-label="Y-axis for a discrete[^"]*"(.*?)role-axis-domain',
        drawn_charts["explorer"],
        re.S,
    )
    assert axis is not None
    labels = [
        html.unescape(t).replace("\u2212", "-")
        for t in re.findall(r">([^<]+)</text>", axis.group(1))
    ]
    start = model.history().totals().iloc[-1]
    in_2027 = model.project(10).totals().iloc[5 * 52]  # 1 January 2027, five years of weeks on

    def change(measure: str) -> str:
        return f"{(in_2027[measure] - start[measure]) / start[measure] * 100:+.1f} %"

    assert labels == [
        f"members, vs 2022: {change('members')}",
        "members, vs baseline 2027: +0.0 %",  # the starting scenario is the baseline
        f"deaths per week, vs 2022: {change('conflict_deaths')}",
        "deaths per week, vs baseline 2027: +0.0 %",
    ]


def test_tornado_band_is_the_papers_range_in_percent_of_the_modelled_members() -> None:
    """'Grey band (first panel): the paper's own range, 160,000-185,000 members, in % of the
    modelled value': from about -8 % to +6 % of the model's members on 1 January 2022."""
    low, high = _members_m01()
    modelled = model.history().totals()["members"].iloc[-1]
    spec = model_charts.tornado_chart().to_dict()
    band = only([unit for unit in units(spec) if unit.kind == "rect"])
    assert band.where.startswith("hconcat[0].")
    assert band.rows[["low", "high"]].iloc[0].tolist() == pytest.approx(
        [100 * (low / modelled - 1), 100 * (high / modelled - 1)]
    )
    assert (band.field_of("x"), band.field_of("x2")) == ("low", "high")


def test_tornado_labels_sit_at_the_outer_end_of_their_own_bars(
    drawn_charts: dict[str, str],
) -> None:
    """'A blue bar labelled -10% and an orange bar labelled +10%': each label just beyond the
    end of its bar, on its row; each input's two bars side by side, -10% above +10%."""
    image = drawn_charts["tornado"]
    moves = model.sensitivity().set_index(["outcome", "input", "direction"])["change_pct"]
    outcomes = [
        "members, 1 Jan 2022",
        "members, 1 Jan 2027",
        "conflict deaths per week, 1 Jan 2027",
    ]
    for number, outcome in enumerate(outcomes):
        first = 1 if number == 0 else 0  # panel one draws the grey band first
        bars = drawn(image, "rect", f"concat_{number}_layer_{first}_marks")
        labels = drawn(image, "text", f"concat_{number}_layer_{first + 1}_marks")
        assert len(bars) == len(labels) == 10

        def key(item: object) -> tuple[str, str]:
            data = item.data  # type: ignore[attr-defined]
            return data.get("Input moved by ±10 %", data.get("input_label")), data["direction"]

        bar_of = {key(bar): bar for bar in bars}
        for label in labels:
            bar = bar_of[key(label)]
            left, right = bar.x_extent
            tops = [y for _, y in bar.points]
            assert min(tops) < label.at[1] < max(tops), key(label)
            if moves[(outcome, *key(label))] < 0:
                assert left - 4 <= label.at[0] <= left, key(label)
            else:
                assert right <= label.at[0] <= right + 4, key(label)
        for name in {name for name, _ in bar_of}:
            minus = [y for _, y in bar_of[(name, "-10%")].points]
            plus = [y for _, y in bar_of[(name, "+10%")].points]
            assert max(minus) <= min(plus) + 0.5, (outcome, name)


# -- what the titles, source lines and descriptions say, each checked against the data ------------


def _members_m01() -> tuple[int, int]:
    published = csv("model_results").set_index("result_id").loc["M01"]
    return int(published["value_low"]), int(published["value_high"])


def test_titles_state_findings_the_model_runs_bear_out() -> None:
    modelled = model.history().totals()
    observed = csv("mexico_trends_2012_2021")
    per_week = 0.1 * (observed["homicides"] + observed["missing_persons"]) / 52
    # "follows the decade's rise, not its dips and jumps": the model rises every week; the data
    # fall in some years and jump in others by more than the model ever rises in a year.
    assert (modelled["conflict_deaths"].diff().dropna() > 0).all()
    assert (per_week.diff() < 0).any()
    yearly_rise = modelled["conflict_deaths"].iloc[::52].diff().max()
    assert per_week.diff().max() > 2 * yearly_rise
    assert model_charts.history_chart().to_dict()["title"]["text"] == (
        "The model follows the decade's rise in deaths, not its dips and jumps"
    )
    # Members: 115,000 in 2012 to about 174,000 in 2022, inside M01's 160,000-185,000.
    first, final = modelled["members"].iloc[[0, -1]]
    low, high = _members_m01()
    assert low <= final <= high
    assert model_charts.members_history_chart().to_dict()["title"]["text"] == (
        f"Modelled members grow from {round(first, -3):,.0f} (2012) to about "
        f"{round(final, -3):,.0f} (2022), inside the paper's range"
    )
    # Explorer: halved recruitment ends 2032 below 2022 on both lines; doubled incapacitation
    # still rises every week, but less than the baseline.
    halved = model.project(10, recruitment=0.5).totals()
    doubled = model.project(10, incapacitation=2.0).totals()
    baseline = model.project(10).totals()
    for measure in ("members", "conflict_deaths"):
        assert halved[measure].iloc[-1] < halved[measure].iloc[0]
        assert doubled[measure].iloc[-1] > doubled[measure].iloc[0]
        assert doubled[measure].iloc[-1] < baseline[measure].iloc[-1]
    assert (doubled["members"].diff().dropna() > 0).all()
    assert model_charts.policy_explorer_chart().to_dict()["title"]["text"] == (
        "Halving recruitment bends both lines down; doubling incapacitation only slows their rise"
    )


def test_subtitles_name_the_source_and_the_definition_drawn() -> None:
    paper = csv("sources").set_index("source_id").loc["S003"]
    assert "Prieto-Curiel" in paper["publisher"] and "Science 381" in paper["title"]
    source = "Source: the module's rerun of the model of Prieto-Curiel, Campedelli & Hope, "
    source += f"Science 381:1312 ({int(paper['year'])})."
    low, high = _members_m01()
    history = model_charts.history_chart().to_dict()["title"]["subtitle"]
    assert history == [
        "Modelled conflict deaths per week against a tenth of homicides + missing persons.",
        source,
        "Observed: INEGI homicides and missing persons as used by the paper "
        "(replication file Trends2012_2021.csv, table mexico_trends_2012_2021).",
    ]
    table = next(
        r
        for r in json.loads((DATA / "datapackage.json").read_text())["resources"]
        if r["name"] == "mexico_trends_2012_2021"
    )
    assert "INEGI" in table["description"] and "Trends2012_2021.csv" in table["description"]
    assert model_charts.members_history_chart().to_dict()["title"]["subtitle"] == [
        source,
        f"Range: the paper's abstract, {low:,}-{high:,} members by 2022 (model_results M01).",
    ]
    assert csv("model_results").set_index("result_id").loc["M01", "reported_in"] == "abstract"
    assert model_charts.tornado_chart().to_dict()["title"]["subtitle"] == [
        source,
        f"Grey band (first panel): the paper's own range, {low:,}-{high:,} members "
        "(model_results M01), in % of the modelled value.",
    ]
    assert model_charts.policy_explorer_chart().to_dict()["title"]["subtitle"] == [
        source,
        "Super-cartel scenarios are this module's extension, not the paper's.",
    ]


def test_descriptions_state_what_is_drawn(drawn_charts: dict[str, str]) -> None:
    """The written description (what a screen reader reads) names each mark with the colour
    and years it is drawn with, and the numbers the data give."""
    trends = csv("mexico_trends_2012_2021")
    modelled = model.history().totals()
    history = model_charts.history_chart().to_dict()["description"]
    assert history.startswith(
        f"Line chart of the model's weekly conflict deaths from {modelled['year'].iloc[0]:.0f} "
        f"to {modelled['year'].iloc[-1]:.0f} (blue line), with one orange diamond per year "
        f"{trends['year'].min()}-{trends['year'].max()} for a tenth of that year's homicides "
        "plus missing persons divided by 52"
    )
    first, final = modelled["members"].iloc[[0, -1]]
    low, high = _members_m01()
    assert model_charts.members_history_chart().to_dict()["description"] == (
        f"Line chart of all cartel members in the model from {round(first, -3):,.0f} in January "
        f"2012 to about {round(final, -3):,.0f} in January 2022, with a vermillion bar at 2022 "
        f"spanning the paper's published range of {low:,} to {high:,}."
    )
    inputs = model.sensitivity()["input"].unique()
    tornado = model_charts.tornado_chart().to_dict()["description"]
    assert tornado.startswith("Three tornado charts, one per outcome (members in January 2022, ")
    listed = ", ".join(name.split(" (")[0] for name in inputs)
    assert f"Each row is an input ({listed}); a blue bar labelled -10% and an orange bar " in (
        tornado
    )
    assert tornado.endswith("The first panel has a grey band for the paper's published range.")
    # Explorer: each line's "(solid black)" is its key's colour and dash, as drawn.
    explorer = model_charts.policy_explorer_chart().to_dict()["description"]
    assert explorer.startswith(
        "Two line charts, cartel members and weekly conflict deaths from 2012 to 2032"
    )
    colours = {"black": "black", "grey": GREY, "blue": BLUE, "vermillion": VERMILLION}
    (_, lines), (_, bars) = _legends(drawn_charts["explorer"])
    for phrase, (label, colour, dash) in zip(
        ("fitted history", "baseline projection", "chosen scenario"), lines, strict=True
    ):
        said = re.search(rf"{phrase} \((solid|dashed) (\w+)\)", explorer)
        assert said is not None, phrase
        assert (said.group(1) == "solid", colours[said.group(2)]) == (dash in SOLID, colour), label
    for phrase, (label, colour, _) in zip(
        ("against 2022", "against the baseline in 2027"), bars, strict=True
    ):
        said = re.search(rf"{phrase} \((\w+)\)", explorer)
        assert said is not None and colours[said.group(1)] == colour, label
    assert "with a dotted line at 2027. Below, bars give the percentage change by January 2027" in (
        explorer
    )


def test_explorer_state_defaults_are_the_explorers_starting_controls() -> None:
    """With no arguments: recruitment unchanged, today's incapacitation, no super-cartel."""
    state = model_charts.explorer_state()
    baseline = model.project(10).totals().iloc[::4]
    assert state["members"] == pytest.approx(baseline["members"].tolist(), abs=0.05)
    assert state["deaths"] == pytest.approx(baseline["conflict_deaths"].tolist(), abs=0.005)
    assert state["changes"][1] == state["changes"][3] == 0


def test_tornado_title_names_the_largest_move_even_when_it_is_a_fall() -> None:
    """The strongest input is the one whose ±10 % moves an outcome furthest from zero, up or down."""
    moves = model.sensitivity()
    falls = moves.copy()
    row = falls.index[falls["input"] == "saturation (omega)"][0]
    falls.loc[row, "change_pct"] = -3 * moves["change_pct"].abs().max()
    title = model_charts.tornado_chart(falls).to_dict()["title"]["text"]
    assert title.startswith("Saturation (omega) moves every result most")


def test_super_cartel_menu_says_it_is_the_modules_extension() -> None:
    *_, merger, _chart = model_charts.policy_explorer().children
    assert merger.description == "Super-cartel (module's extension)"


def _y_axis(image: str, title: str) -> tuple[float, float]:
    """(slope, intercept) mapping data to pixels on the y axis titled ``title``, from its ticks."""
    start = image.index(f"Y-axis titled '{title}'")
    chunk = image[start : image.index("role-axis-domain", start)]
    ticks = [
        float(y) + 0.5 for y in re.findall(r'<line transform="translate\(0,([-\d.e]+)\)"', chunk)
    ]
    labels = [float(t.replace(",", "")) for t in re.findall(r">([\d,.]+)</text>", chunk)]
    assert len(ticks) == len(labels) >= 2, title
    slope = (ticks[-1] - ticks[0]) / (labels[-1] - labels[0])
    return slope, ticks[0] - slope * labels[0]


def _drawn_at(path: object, axis: tuple[float, float], first: float, last: float) -> bool:
    """Whether a drawn line starts at ``first`` and ends at ``last`` (data units), within a pixel."""
    points = path.points  # type: ignore[attr-defined]
    slope, intercept = axis
    return all(
        abs(y - (slope * value + intercept)) <= 1
        for (_, y), value in zip((points[0], points[-1]), (first, last), strict=True)
    )


def test_each_line_is_drawn_at_the_models_values(drawn_charts: dict[str, str]) -> None:
    """Each line starts and ends, on its y axis, at the model's values (within a pixel)."""
    past = model.history().totals()
    future = model.project(10).totals()
    for chart, title, column in (
        ("history", "Deaths per week", "conflict_deaths"),
        ("members", "Cartel members (all groups)", "members"),
    ):
        image = drawn_charts[chart]
        line = only(drawn(image, "line"), f"{chart}: one model line")
        assert _drawn_at(line, _y_axis(image, title), *past[column].iloc[[0, -1]]), chart
    image = drawn_charts["explorer"]
    expected = {  # at the start the scenario is the baseline
        "history (fitted)": past,
        "baseline (status quo)": future,
        "your scenario": future,
    }
    for title, column in (
        ("Cartel members", "members"),
        ("Conflict deaths per week", "conflict_deaths"),
    ):
        axis = _y_axis(image, title)
        lines = [path for path in drawn(image, "line") if title in path.data]
        assert sorted(path.data["Line"] for path in lines) == sorted(expected)
        for path in lines:
            run = expected[path.data["Line"]][column]
            assert _drawn_at(path, axis, run.iloc[0], run.iloc[-1]), (title, path.data["Line"])


def test_history_labels_sit_beside_the_marks_they_name(drawn_charts: dict[str, str]) -> None:
    """With no legend, a label is read as naming what is next to it: 'model (line)' within
    30 px of the line's height where the label starts, 'observed ÷ 10 (diamonds)' within
    45 px of a diamond, both inside the plot (520 × 260 px)."""
    image = drawn_charts["history"]
    line = only(drawn(image, "line"))
    diamonds = [diamond.at for diamond in drawn(image, "symbol")]
    labels = {text.data.get("label"): text.at for text in drawn(image, "text") if text.data}
    x, y = labels["model (line)"]
    height_of_line = min(line.points, key=lambda point: abs(point[0] - x))[1]
    assert abs(y - height_of_line) <= 30, (x, y, height_of_line)
    x, y = labels["observed ÷ 10 (diamonds)"]
    assert min(((x - dx) ** 2 + (y - dy) ** 2) ** 0.5 for dx, dy in diamonds) <= 45
    assert all(0 <= x <= 520 and 0 <= y <= 260 for x, y in labels.values())


def test_members_rise_fills_the_plot_and_the_range_is_labelled_left_of_its_bar(
    drawn_charts: dict[str, str],
) -> None:
    """The rise from 115,000 to about 174,000 is drawn over most of the plot's 240 px (an
    axis from 0 would squeeze it into the top third); 'paper: range' ends just left of the
    vermilion bar, at the bar's top (185,000), so it neither covers the bar nor the line."""
    image = drawn_charts["members"]
    line = only(drawn(image, "line"))
    heights = [y for _, y in line.points]
    assert max(heights) - min(heights) >= 120
    bar = only(drawn(image, "rule"))
    label = only([text for text in drawn(image, "text") if text.data.get("label")])
    assert label.data["label"] == "paper: range"
    top = min(y for _, y in bar.points)
    assert -12 <= label.at[0] - bar.at[0] <= -4 and abs(label.at[1] - top) <= 6
    assert re.findall(r'text-anchor="(\w+)"[^>]*>paper: range<', image) == ["end"]


def test_history_marks_are_read_out_by_their_titles(drawn_charts: dict[str, str]) -> None:
    """What a screen reader says for the model line and each diamond: titled values only."""
    image = drawn_charts["history"]
    line = only(drawn(image, "line"))
    assert set(line.data) == {"Year", "Deaths per week", "Model, deaths/week"}
    for diamond in drawn(image, "symbol"):
        assert set(diamond.data) == {"Year", "Deaths per week", "Observed/10, per week"}


def _contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of a colour (hex or 'black') against a white background."""
    code = {"black": "#000000", "white": "#ffffff"}.get(colour.lower(), colour)
    channels = [int(code[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_observed_diamonds_are_outlined_to_stand_out_from_the_page(
    drawn_charts: dict[str, str],
) -> None:
    """Orange alone is about 2:1 against white, under the 3:1 WCAG asks of a graphic that
    carries data; each diamond's outline gives it the contrast."""
    assert _contrast_with_white(ORANGE) < 3
    diamonds = drawn(drawn_charts["history"], "symbol")
    assert len(diamonds) == 10
    for diamond in diamonds:
        assert diamond.stroke is not None and _contrast_with_white(diamond.stroke) >= 3


def test_no_mark_is_read_out_with_a_value_twice_under_two_names(
    drawn_charts: dict[str, str],
) -> None:
    """A layer that leaves a title out is read 'year: 2019.6; Year: 2019.6' by a screen reader."""
    for chart, image in drawn_charts.items():
        for kind in ("line", "symbol", "rule", "rect", "text"):
            for mark in drawn(image, kind):
                names = [name.lower() for name in mark.data]
                assert len(set(names)) == len(names), (chart, kind, mark.data)


def test_tornado_rows_follow_the_members_2027_moves_whatever_the_other_outcomes_say() -> None:
    """Rows are sorted by how far each input moves members in 2027, largest on top."""
    moves = model.sensitivity()
    members_2027 = moves["outcome"] == "members, 1 Jan 2027"
    # Give the other two outcomes the opposite ranking, so only members 2027 can sort the rows.
    reordered = moves.copy()
    size = moves.loc[members_2027].groupby("input")["change_pct"].apply(lambda s: s.abs().max())
    for name, reach in size.items():
        rows = (~members_2027) & (moves["input"] == name)
        reordered.loc[rows, "change_pct"] = 100 / reach
    spec = model_charts.tornado_chart(reordered).to_dict()
    sort = spec["hconcat"][0]["layer"][1]["encoding"]["y"]["sort"]
    assert sort == size.sort_values(ascending=False).index.tolist()


def test_explorer_chart_starts_at_the_scenario_it_is_given() -> None:
    """policy_explorer_chart(...) draws the scenario its arguments name, super-cartel included."""
    spec = model_charts.policy_explorer_chart(-20, 1.5, "Sinaloa + CJNG").to_dict()
    run = model.project(10, recruitment=0.8, incapacitation=1.5, super_cartel="Sinaloa + CJNG")
    members = run.totals()["members"].iloc[::4].tolist()
    assert param_values(spec)["members"] == pytest.approx(members, abs=0.05)
