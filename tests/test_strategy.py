"""Lesson 07: strategies, their effects, the batched strategy space, the brief, and their charts.

Expected values are computed here from ``project()`` / ``history()`` runs (the
model's single-run path) or written out, never with the code under test's own
aggregation. Edges are written out (0 and 100 %, 1 and 3 ×).
"""

from __future__ import annotations

import html
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from cartel_lab import model
from cartel_lab.charts import MUTED
from cartel_lab.exercises import ex07
from cartel_lab.feedback import Status
from cartel_lab.model import WEEK_2022, history, project, project_batch
from cartel_lab.palette import BLUE, ORANGE
from cartel_lab.strategy import (
    Brief,
    brief,
    effects,
    evidence_table,
    levers,
    strategy,
    strategy_space,
    write_brief,
)
from cartel_lab.strategy_charts import (
    side_panel_html,
    strategy_builder,
    strategy_chart,
    strategy_space_chart,
)
from cartel_lab.submission import build_submission
from tests.calls import record_calls
from tests.vega_spec import drawn, svg_once, units

WEEK_2027, WEEK_2032 = WEEK_2022 + 260, WEEK_2022 + 520


def _complete(**changes: object) -> Brief:
    item = brief(
        strategy(50, 1.5, outside=["financial disruption"]),
        title="Both levers",
        problem="Deaths rise.",
        expected_effect="Fewer deaths than doing nothing.",
        evidence=["model_results", "isis_revenue"],
        risks="Cost.",
        change_my_mind="Evaluations of prevention programmes.",
    )
    return replace(item, **changes)


# ---------------------------------------------------------------- strategies and their errors


def test_unknown_lever_names_the_levers_and_suggests_the_closest() -> None:
    with pytest.raises(ValueError) as error:
        strategy(10, outside=["financial disruptoin"])
    message = str(error.value)
    assert message.startswith("'financial disruptoin' is not a lever of the debate.")
    assert "Did you mean 'financial disruption'?" in message
    assert "joint security, financial disruption, local governance" in message


def test_a_model_lever_given_as_outside_says_how_to_set_it() -> None:
    with pytest.raises(ValueError, match="'incapacitation' is in the model: set its strength"):
        strategy(outside=["incapacitation"])


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (
            (-10, 1.0),
            "recruitment_cut = -10 is out of range: the builder's settings run from 0 to 100",
        ),
        ((100.5, 1.0), "recruitment_cut = 100.5 is out of range"),
        ((float("nan"), 1.0), "recruitment_cut = nan is out of range"),
        (
            (0, 0.99),
            "incapacitation = 0.99 is out of range: the builder's settings run from 1 to 3",
        ),
        ((0, 3.25), "incapacitation = 3.25 is out of range"),
        (("50", 1.0), "recruitment_cut must be a number (percent, 0 to 100), not str"),
    ],
)
def test_strengths_out_of_range_are_refused_in_words(arguments: tuple, words: str) -> None:
    with pytest.raises(ValueError) as error:
        strategy(*arguments)
    assert str(error.value).startswith(words)


@pytest.mark.parametrize(("cut", "level"), [(0, 1.0), (100, 3.0), (0, 3), (100, 1)])
def test_the_edges_of_the_ranges_are_allowed(cut: float, level: float) -> None:
    plan = strategy(cut, level)
    assert (plan.recruitment_cut, plan.incapacitation) == (cut, level)


def test_unknown_network() -> None:
    with pytest.raises(ValueError, match="'Gulf \\+ Zetas' is not a network scenario"):
        strategy(network="Gulf + Zetas")


def test_lever_table_covers_the_op_eds_lines_and_its_critics() -> None:
    table = levers().set_index("lever")
    assert len(table) == 8
    assert table["in_model"].sum() == 2
    assert set(table.index[table["in_model"]]) == {"recruitment prevention", "incapacitation"}
    lines = pd.read_csv(Path("data/analogy_lines.csv")).set_index("line_id")["cartel_counterpart"]
    assert table.loc["financial disruption", "op_ed_wording"] == lines["L2"]
    assert table.loc["designation", "line"] == ""
    # Every table named as evidence exists in the data package.
    names = {
        item["name"] for item in json.loads(Path("data/datapackage.json").read_text())["resources"]
    }
    for tables in evidence_table()["tables"]:
        for name in tables.split(", "):
            assert name == "none" or name in names, name


def test_lever_tables_columns_and_their_pointers_to_the_op_eds_words() -> None:
    """Lesson 07 shows both tables: each column under its own name, the op-ed's claims as a
    readable list, its wording for the lever's line from analogy_lines (blank where the lever
    has no line), and the tables the evidence is in ('none' where there are none)."""
    table = levers().set_index("lever")
    assert table.columns.tolist() == [
        "argued_by",
        "claims",
        "line",
        "op_ed_wording",
        "in_model",
        "how",
    ]
    lines = pd.read_csv(Path("data/analogy_lines.csv")).set_index("line_id")
    joint = table.loc["joint security"]
    assert joint["claims"] == "A13, A21, A26"
    assert joint["op_ed_wording"] == lines.loc["L1", "cartel_counterpart"]
    assert joint["argued_by"] == "the op-ed: vetted Mexican forces, joint operations"
    assert joint["how"].startswith("no parameter")
    assert table.loc["designation", "op_ed_wording"] == ""
    assert table.loc["incapacitation", "claims"] == ""
    evidence = evidence_table().set_index("lever")
    assert evidence.columns.tolist() == ["in_model", "evidence", "tables"]
    assert evidence.loc["military pressure", "tables"] == "culiacan_2019, isis_territory"
    assert evidence.loc["local governance", "tables"] == "none"
    assert evidence.loc["local governance", "evidence"] == "None in this module."
    assert evidence["in_model"].sum() == 2


# ---------------------------------------------------------------- the model's part


def test_effects_against_2022_and_the_baseline() -> None:
    plan = strategy(40, 1.25)
    table = effects(plan).set_index(["measure", "year"])
    run = project(10, recruitment=0.6, incapacitation=1.25).totals().set_index("week")
    base = project(10).totals().set_index("week")
    start = history().totals().iloc[-1]
    deaths = run.loc[WEEK_2027, "conflict_deaths"]
    row = table.loc[("conflict deaths per week", 2027)]
    assert row["value"] == pytest.approx(deaths, rel=1e-12)
    assert row["vs_2022_pct"] == pytest.approx(
        100 * (deaths / start["conflict_deaths"] - 1), rel=1e-9
    )
    assert row["vs_baseline_pct"] == pytest.approx(
        100 * (deaths / base.loc[WEEK_2027, "conflict_deaths"] - 1), rel=1e-9
    )
    members = table.loc[("members", 2032)]
    assert members["value"] == pytest.approx(run.loc[WEEK_2032, "members"], rel=1e-12)


def test_strategy_space_is_every_setting_and_matches_single_runs() -> None:
    space = strategy_space()
    assert len(space) == 11 * 9 * 3 * 11  # settings x networks x yearly rows 2022-2032
    assert sorted(space["year"].unique()) == list(range(2022, 2033))
    for cut, level, network in [(0, 1.0, "none"), (70, 2.75, "Sinaloa + CJNG"), (100, 3.0, "none")]:
        single = project(
            10, recruitment=1 - cut / 100, incapacitation=level, super_cartel=network
        ).totals()
        single = single.set_index("week").loc[WEEK_2022::52]
        rows = space[
            (space["recruitment_cut"] == cut)
            & (space["incapacitation"] == level)
            & (space["network"] == network)
        ]
        assert np.allclose(rows["members"], single["members"], rtol=1e-9, atol=1e-9)
        assert np.allclose(rows["conflict_deaths"], single["conflict_deaths"], rtol=1e-9, atol=1e-9)
    base = space[(space["recruitment_cut"] == 0) & (space["incapacitation"] == 1.0)]
    assert (base[base["network"] == "none"]["conflict_deaths_vs_baseline_pct"].abs() < 1e-9).all()
    # A shorter horizon asked for is the horizon run: 2022 and 2023 only.
    assert sorted(strategy_space(years=1)["year"].unique()) == [2022, 2023]


@pytest.mark.parametrize(
    "setting",
    [(1.0, 1.0, "none"), (0.0, 3.0, "Los Chapitos + CJNG"), (1.5, 0.5, "Sinaloa + CJNG")],
    ids=["baseline", "collapse (losses capped)", "outside the builder"],
)
def test_batch_equals_single_runs_week_by_week(setting: tuple[float, float, str]) -> None:
    """Every flow, every week for 20 years, including the weeks where a group is wiped out."""
    recruitment, incapacitation, network = setting
    batch = project_batch([setting], years=20)
    single = project(
        20, recruitment=recruitment, incapacitation=incapacitation, super_cartel=network
    ).totals()
    scale = single["members"].max()
    assert np.allclose(batch.members[0], single["members"], rtol=1e-9, atol=1e-9 * scale)
    for name in model.FLOWS:
        assert np.allclose(batch.flows[name][0], single[name], rtol=1e-9, atol=1e-9 * scale), name


def test_a_collapsing_strategy_reaches_zero_and_caps_its_losses() -> None:
    single = project(20, recruitment=0.0, incapacitation=3.0).totals()
    assert single["members"].iloc[-1] == 0, "the test should reach the capped weeks"
    losses = single["conflict_deaths"] + single["incapacitated"] + single["saturation_exits"]
    assert (losses <= single["members"] + single["recruited"] + 1e-9).all()


def test_fast_flow_totals_equal_the_flows_computed_group_by_group() -> None:
    run = model.simulate(1040)
    p = model.CALIBRATED
    slow = model.weekly_flows(
        run.sizes, model.network("none").conflict, p.rho, p.eta, p.theta, p.omega
    )
    for name in model.FLOWS:
        assert np.allclose(run.flow_totals[name], slow[name].sum(axis=1), rtol=1e-10, atol=1e-9)


def test_batch_settings_must_be_given() -> None:
    with pytest.raises(ValueError, match="settings must be rows of"):
        project_batch([])


# ---------------------------------------------------------------- the brief


def test_empty_brief_lists_every_missing_section_and_cannot_be_written(tmp_path: Path) -> None:
    empty = brief(strategy())
    assert empty.problems() == [
        "The title is empty.",
        "The section 'Problem' is empty.",
        "The section 'Expected effect' is empty.",
        "The section 'Risks and costs' is empty.",
        "The section 'What would change my mind' is empty.",
        "The strategy pulls no lever: set a strength or add a lever outside the model.",
        "The section 'Evidence' cites no table.",
    ]
    with pytest.raises(ValueError, match=r"^The brief is not complete yet: The title is empty\."):
        write_brief(empty, str(tmp_path / "brief.md"))
    assert not (tmp_path / "brief.md").exists()


def test_the_templates_placeholders_count_as_empty() -> None:
    template = brief(
        strategy(30, 1.5, "none", ["financial disruption"]),
        title="...",
        problem="...",
        expected_effect="...",
        evidence=["model_results"],
        risks="...",
        change_my_mind="...",
    )
    assert template.problems() == [
        "The title is empty.",
        "The section 'Problem' is empty.",
        "The section 'Expected effect' is empty.",
        "The section 'Risks and costs' is empty.",
        "The section 'What would change my mind' is empty.",
    ]


def test_brief_needs_a_strategy_and_keeps_its_author() -> None:
    with pytest.raises(ValueError) as error:
        brief("more arrests")  # type: ignore[arg-type]
    # The whole message a student reads: what went wrong, then how to make a strategy.
    assert str(error.value) == (
        "plan must be a strategy: make one with strategy(...), e.g. strategy(30, 1.5)."
    )
    assert brief(strategy(30, 1.5), author="Ana").author == "Ana"


def test_unknown_table_is_named() -> None:
    problems = _complete(evidence=("model_results", "homicides")).problems()
    assert problems == [
        "Not a table of this module: 'homicides'. Cite tables by the name load() takes "
        "(table_names() lists them)."
    ]


def test_brief_markdown_is_exactly_the_template(tmp_path: Path) -> None:
    expected = (
        "# Policy brief: Both levers\n\n"
        "## Problem\n\nDeaths rise.\n\n"
        "## Levers\n\n"
        "- recruitment prevention: recruitment cut by 50 % (in the model)\n"
        "- incapacitation: 1.5 × today's (in the model)\n"
        "- financial disruption (outside the model)\n"
        "- network planned against: none\n\n"
        "## Expected effect\n\nFewer deaths than doing nothing.\n\n"
        "## Evidence\n\n- table `model_results`\n- table `isis_revenue`\n\n"
        "## Risks and costs\n\nCost.\n\n"
        "## What would change my mind\n\nEvaluations of prevention programmes.\n"
    )
    assert _complete().markdown() == expected
    path = write_brief(_complete(), str(tmp_path / "mine.md"))
    assert Path(path).read_text(encoding="utf-8") == expected


def test_hostile_brief_is_escaped_where_it_reaches_html() -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    item = _complete(title=attack, problem=f"Deaths & {attack}", risks=attack)
    text = item.markdown()
    assert "<script>" not in text and "<img" not in text
    assert '# Policy brief: &lt;script&gt;alert("x")&lt;/script&gt;' in text
    assert "Deaths &amp; &lt;script&gt;" in text
    shown = item._repr_html_()
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown


def test_very_long_text_is_refused_and_never_echoed() -> None:
    item = _complete(risks="<b>" + "x" * 5_000)
    assert item.problems() == [
        "The section 'Risks and costs' has 5,003 characters; keep it under 3,000."
    ]
    shown = item._repr_html_()
    assert "xxxx" not in shown and "<b>" not in shown
    assert len(shown) < 500
    just_under = _complete(risks="x" * 3_000)
    assert just_under.problems() == []


def test_long_unknown_table_names_are_shortened_and_escaped() -> None:
    item = _complete(evidence=("<script>" + "t" * 100,))
    (problem,) = item.problems()
    assert len(problem) < 200
    assert "<script>" not in item._repr_html_()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"recruitment_cut": True},
            "recruitment_cut must be a number (percent, 0 to 100), not bool.",
        ),
        (
            {"incapacitation": "2"},
            "incapacitation must be a number (× today's, 1 to 3), not str.",
        ),
        (
            {"recruitment_cut": float("inf")},
            "recruitment_cut = inf is out of range: the builder's settings run from 0 to 100 "
            "(percent, 0 to 100).",
        ),
        (
            {"incapacitation": 3.5},
            "incapacitation = 3.5 is out of range: the builder's settings run from 1 to 3 "
            "(× today's, 1 to 3).",
        ),
        (
            {"network": "Gulf + Zetas"},
            "network = 'Gulf + Zetas' is not a network scenario; choose one of 'none', "
            "'Sinaloa + CJNG', 'Los Chapitos + CJNG'.",
        ),
        (
            {"outside": ["recruitment prevention"]},
            "'recruitment prevention' is in the model: set its strength with "
            "recruitment_cut=..., not in outside.",
        ),
        (
            {"outside": ["incapacitation"]},
            "'incapacitation' is in the model: set its strength with incapacitation=..., "
            "not in outside.",
        ),
        (
            {"outside": ["drone strikes on every lab in Sinaloa and in Jalisco too"]},
            "'drone strikes on every lab in sinaloa an' is not a lever of the debate. The "
            "levers outside the model are: joint security, financial disruption, local "
            "governance, shared intelligence, designation, military pressure.",
        ),
    ],
    ids=["bool", "text", "inf", "above 3", "network", "recruitment", "incapacitation", "unknown"],
)
def test_every_refusal_says_what_is_allowed(arguments: dict, message: str) -> None:
    """The whole message: the setting's unit and range, the three networks, how to set a model
    lever, and the levers outside the model (a long name cut to 40 characters, no suggestion
    when nothing is close)."""
    with pytest.raises(ValueError) as error:
        strategy(**arguments)
    assert str(error.value) == message


def test_a_strategy_reads_its_settings_as_the_lesson_says() -> None:
    """Names are matched whatever their case and spaces, once each; a single name may be given
    as text; numpy numbers are numbers; a 30 % cut multiplies rho by 0.7."""
    plan = strategy(
        np.int64(30),
        np.float64(1.5),
        "Sinaloa + CJNG",
        [" Financial Disruption", "designation ", "financial disruption"],
    )
    assert plan.outside == ("financial disruption", "designation")
    assert plan.recruitment == pytest.approx(0.7)
    assert strategy(outside="Designation").outside == ("designation",)
    assert plan.describe() == (
        "recruitment cut 30 %; incapacitation × 1.5; network: Sinaloa + CJNG; "
        "outside the model: financial disruption, designation"
    )
    assert strategy(50, 2).describe() == ("recruitment cut 50 %; incapacitation × 2; network: none")


@pytest.mark.parametrize(
    ("cut", "level", "outside", "pulled"),
    [
        (0, 1.0, (), ()),
        (10, 1.0, (), ("recruitment prevention",)),
        (0, 1.25, (), ("incapacitation",)),
        (0, 1.0, ("designation",), ("designation",)),
        (100, 3.0, ("designation",), ("recruitment prevention", "incapacitation", "designation")),
    ],
)
def test_a_lever_counts_as_pulled_once_set_above_nothing(
    cut: float, level: float, outside: tuple, pulled: tuple
) -> None:
    """No cut (0 %) and today's incapacitation (× 1) pull nothing; any strength above does."""
    plan = strategy(cut, level, outside=list(outside))
    assert plan.lever_names() == pulled
    item = _complete(plan=plan)
    nothing = "The strategy pulls no lever: set a strength or add a lever outside the model."
    assert (nothing in item.problems()) is (not pulled)


def test_the_brief_names_its_author_lists_only_the_levers_pulled_and_escapes_the_author(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = _complete(plan=strategy(0, 2.5, "Los Chapitos + CJNG"), author="  Ana <b>& Ben</b> ")
    text = item.markdown()
    assert text.startswith("# Policy brief: Both levers\n\nBy Ana &lt;b&gt;&amp; Ben&lt;/b&gt;\n\n")
    levers_part = text.split("## Levers\n\n")[1].split("\n\n")[0]
    assert levers_part == (
        "- incapacitation: 2.5 × today's (in the model)\n"
        "- network planned against: Los Chapitos + CJNG"
    )
    assert "By " not in _complete(author="   ").markdown()
    # A complete brief is shown as its Markdown, preformatted; the default file name is the
    # one the exercise's zip uses.
    assert item._repr_html_() == (
        f'<div class="cartel-lab-brief"><pre style="white-space: pre-wrap">{text}</pre></div>'
    )
    monkeypatch.chdir(tmp_path)
    assert write_brief(item) == "policy-brief.md"
    assert (tmp_path / "policy-brief.md").read_text(encoding="utf-8") == text


def test_an_incomplete_brief_is_shown_as_the_list_of_what_is_missing() -> None:
    item = _complete(title=" ", problem=None, evidence=())
    assert item.problems() == [
        "The title is empty.",
        "The section 'Problem' is empty.",
        "The section 'Evidence' cites no table.",
    ]
    assert item._repr_html_() == (
        '<div class="cartel-lab-brief" role="status"><strong>The brief is not complete '
        "yet:</strong><ul><li>The title is empty.</li><li>The section &#x27;Problem&#x27; is "
        "empty.</li><li>The section &#x27;Evidence&#x27; cites no table.</li></ul></div>"
    )
    with pytest.raises(ValueError) as error:
        item.markdown()
    assert str(error.value) == (
        "The brief is not complete yet: The title is empty. The section 'Problem' is empty. "
        "The section 'Evidence' cites no table."
    )


def test_cited_tables_may_be_one_name_and_are_read_without_spaces() -> None:
    one = brief(strategy(10), evidence=" model_results ")
    assert one.evidence == ("model_results",)
    two = _complete(evidence=("model_results", "homicides", "<b>x</b>"))
    assert two.problems()[-1] == (
        "Not a table of this module: 'homicides', '<b>x</b>'. Cite tables by the name load() "
        "takes (table_names() lists them)."
    )
    long = _complete(problem="x" * 3_001)
    assert long.problems() == ["The section 'Problem' has 3,001 characters; keep it under 3,000."]


# ---------------------------------------------------------------- the exercise's brief check and zip


def _result(value: object) -> object:
    return ex07.EXERCISE.check("7.6", namespace={"my_brief": value})


def test_brief_check_passes_a_complete_brief_whatever_its_opinion() -> None:
    for opinion in ("Arrest everyone.", "Arrest no one."):
        assert _result(_complete(expected_effect=opinion)).status is Status.PASSED


def test_brief_check_names_what_is_missing() -> None:
    result = _result(_complete(risks=" "))
    assert result.status is Status.COMMON_MISTAKE
    assert result.message == (
        "`my_brief`: The brief is not complete yet. The section 'Risks and costs' is empty."
    )
    table = _result(_complete(evidence=("homicides",)))
    assert table.status is Status.COMMON_MISTAKE
    assert "table_names() lists them all" in table.hint


def test_brief_check_explains_a_wrong_type() -> None:
    result = _result("my brief")
    assert result.status is Status.WRONG_TYPE
    assert result.message == (
        "`my_brief`: it should be a brief made with brief(strategy(...), title=..., ...), but "
        "it is the text 'my brief'."
    )


def _notebook(tmp_path: Path) -> Path:
    path = tmp_path / "07-policy-lab-exercise.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    return path


def test_submission_zip_holds_the_brief(tmp_path: Path) -> None:
    path = _notebook(tmp_path)
    done = build_submission(
        path, ex07.EXERCISE, {"my_brief": _complete()}, extra_files=ex07.brief_files
    )
    assert done.written
    with zipfile.ZipFile(done.zip_path) as archive:
        assert archive.read("policy-brief.md").decode("utf-8") == _complete().markdown()


def test_submission_without_a_complete_brief_is_written_with_a_note(tmp_path: Path) -> None:
    path = _notebook(tmp_path)
    done = build_submission(
        path, ex07.EXERCISE, {"my_brief": brief(strategy())}, extra_files=ex07.brief_files
    )
    assert done.written
    with zipfile.ZipFile(done.zip_path) as archive:
        assert "policy-brief.md" not in archive.namelist()
    assert any(
        note.startswith(
            "An extra file could not be added: The brief is not complete yet: The title is empty."
        )
        for note in done.notes
    ), done.notes


def test_the_exercise_submit_carries_the_hook() -> None:
    assert ex07.submit.extra_files is ex07.brief_files


# ---------------------------------------------------------------- the charts


def _datasets(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def _layers(spec: dict) -> list[dict]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "mark" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def test_builder_chart_draws_baseline_2022_level_and_strategy_from_2022_to_2032() -> None:
    plan = strategy(40, 1.25)
    spec = strategy_chart(plan).to_dict()
    layers = _layers(spec)
    assert {layer["mark"]["type"] for layer in layers} == {"line"}
    for layer in layers:
        assert layer["encoding"]["x"]["field"] == "year"
        assert layer["encoding"]["x"]["scale"]["domain"] == [2022, 2032]
        assert layer["encoding"]["color"]["scale"]["domain"] == [
            "baseline (status quo)",
            "level on 1 Jan 2022",
            "your strategy",
        ]
    rows = pd.DataFrame(_datasets(spec))
    fixed = rows.dropna(subset=["series"])
    assert fixed["year"].min() == 2022 and fixed["year"].max() == 2032
    base = project(10).totals().iloc[::4]
    members = fixed[(fixed["series"] == "baseline (status quo)") & (fixed["measure"] == "members")]
    assert np.allclose(members["value"], base["members"])
    level = fixed[(fixed["series"] == "level on 1 Jan 2022") & (fixed["measure"] == "deaths")]
    assert np.allclose(level["value"], history().totals()["conflict_deaths"].iloc[-1])
    params = {param["name"]: param["value"] for param in spec["params"]}
    yours = project(10, recruitment=0.6, incapacitation=1.25).totals().iloc[::4]
    assert np.allclose(params["members"], yours["members"], atol=0.05)
    assert np.allclose(params["deaths"], yours["conflict_deaths"], atol=0.005)
    assert "against 2022" in spec["title"]["text"] and "doing nothing" in spec["title"]["text"]
    assert "baseline" in spec["description"] and "1 January 2022" in spec["description"]


def test_space_chart_one_cell_per_setting_with_its_change_and_the_strategy_marked() -> None:
    plan = strategy(50, 2.0, "Sinaloa + CJNG")
    spec = strategy_space_chart(plan).to_dict()
    panels = spec["hconcat"]
    assert [panel["title"] for panel in panels] == [
        "Today's network",
        "Super-cartel: Sinaloa + CJNG",
        "Super-cartel: Los Chapitos + CJNG",
    ]
    marks = [[layer["mark"]["type"] for layer in panel["layer"]] for panel in panels]
    assert marks == [["rect", "text"], ["rect", "text", "square"], ["rect", "text"]]
    rect = panels[1]["layer"][0]
    assert rect["encoding"]["color"]["field"] == "change"
    assert rect["encoding"]["color"]["scale"]["domain"] == [-100, 0, 100]
    cells = pd.DataFrame(spec["datasets"][panels[1]["layer"][0]["data"]["name"]])
    assert len(cells) == 99
    start = history().totals()["conflict_deaths"].iloc[-1]
    for cut, level in [(20, 1.75), (0, 1.0), (90, 3.0)]:
        end = (
            project(
                10, recruitment=1 - cut / 100, incapacitation=level, super_cartel="Sinaloa + CJNG"
            )
            .totals()["conflict_deaths"]
            .iloc[-1]
        )
        cell = cells[(cells["recruitment_cut"] == cut) & (cells["incapacitation"] == level)]
        assert cell["change"].iloc[0] == round(100 * (end / start - 1))
    marker = spec["datasets"][panels[1]["layer"][2]["data"]["name"]]
    assert marker == [{"recruitment_cut": 50, "incapacitation": 2.0}]


def test_side_panel_lists_outside_levers_and_the_deciding_assumptions() -> None:
    shown = side_panel_html(strategy(30, outside=["designation", "shared intelligence"]))
    assert "<strong>Outside the model</strong>" in shown
    assert "<li><strong>designation</strong>: a legal label has no parameter</li>" in shown
    assert "shared intelligence" in shown
    assert "No release from prison" in shown and "Recruitment is a dial" in shown
    assert "fixed total" in shown
    nothing = side_panel_html(strategy(30))
    assert '<ul class="outside"><li>none chosen</li></ul>' in nothing


def test_side_panel_changes_by_2032_come_from_the_model() -> None:
    plan = strategy(40, 1.25)
    shown = side_panel_html(plan)
    deaths = project(10, recruitment=0.6, incapacitation=1.25).totals()["conflict_deaths"].iloc[-1]
    start = history().totals()["conflict_deaths"].iloc[-1]
    assert f"conflict deaths per week: {100 * (deaths / start - 1):+.1f} % against 2022" in shown


def test_builder_controls_drive_the_chart_and_the_side_panel() -> None:
    builder = strategy_builder()
    assert builder.strategy() == strategy()
    builder.recruitment.value = 70
    builder.incapacitation.value = 2.5
    expected = project(10, recruitment=0.3, incapacitation=2.5).totals()["members"].iloc[::4]
    assert np.allclose(builder.chart.params.members, expected, atol=0.05)
    for network in ("Sinaloa + CJNG", "Los Chapitos + CJNG"):
        builder.network.value = network
        deaths = project(10, recruitment=0.3, incapacitation=2.5, super_cartel=network).totals()[
            "conflict_deaths"
        ]
        assert np.allclose(builder.chart.params.deaths, deaths.iloc[::4], atol=0.005)
    builder.outside["local governance"].value = True
    assert "<strong>local governance</strong>" in builder.side.value
    assert builder.strategy().outside == ("local governance",)
    assert html.escape("the state appears only as eta") in builder.side.value


def test_builder_runs_the_model_once_per_move(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lever moved is one model run (the builder must feel instant); a box ticked outside
    the model runs none. A slider or menu observed on every trait it changes (value, index,
    label) would run the model three times a move."""
    import cartel_lab.strategy_charts as strategy_charts

    runs = record_calls(monkeypatch, strategy_charts, "strategy_state")
    builder = strategy_builder()
    runs.clear()  # the opening picture's run
    builder.recruitment.value = 70
    builder.incapacitation.value = 2.5
    builder.network.value = "Sinaloa + CJNG"
    builder.outside["local governance"].value = True
    assert [(p.recruitment_cut, p.incapacitation, p.network) for (p,) in runs] == [
        (70, 1.0, "none"),
        (70, 2.5, "none"),
        (70, 2.5, "Sinaloa + CJNG"),
    ]


def test_builder_lines_are_styled_as_the_description_says_and_the_panels_name_their_measure() -> (
    None
):
    """'the baseline (dashed grey), the level on 1 January 2022 (dotted black) and your strategy
    (solid blue)': one colour and one dash per series, the same in every layer."""
    spec = strategy_chart(strategy(40, 1.25)).to_dict()
    for layer in _layers(spec):
        encoding = layer["encoding"]
        assert encoding["color"]["scale"]["range"] == [MUTED, "black", BLUE]
        assert encoding["strokeDash"]["scale"] == {
            "domain": ["baseline (status quo)", "level on 1 Jan 2022", "your strategy"],
            "range": [[6, 4], [2, 2], [1, 0]],  # dashed, dotted, solid
        }
    panels = spec["hconcat"]
    assert [panel["title"] for panel in panels] == ["Cartel members", "Conflict deaths per week"]
    for panel, measure in zip(panels, ("members", "deaths"), strict=True):
        fixed, yours = panel["layer"]
        assert fixed["encoding"]["y"]["title"] == panel["title"]
        assert fixed["transform"] == [{"filter": f"(datum.measure === '{measure}')"}]
        assert {"calculate": f"{measure}[datum.step]", "as": "value"} in yours["transform"]


def test_builder_controls_offer_the_builders_settings_and_start_at_the_plan() -> None:
    plan = strategy(30, 1.5, "Sinaloa + CJNG", ["designation"])
    builder = strategy_builder(plan)
    assert list(builder.recruitment.options) == list(range(0, 101, 10))
    assert list(builder.incapacitation.options) == [1 + 0.25 * k for k in range(9)]
    assert builder.recruitment.description == "Recruitment prevention: cut (%)"
    assert builder.incapacitation.description == "Incapacitation (× today's)"
    assert list(builder.network.options) == ["none", "Sinaloa + CJNG", "Los Chapitos + CJNG"]
    assert [box.description for box in builder.outside.values()] == [
        "joint security",
        "financial disruption",
        "local governance",
        "shared intelligence",
        "designation",
        "military pressure",
    ]
    assert [name for name, box in builder.outside.items() if box.value] == ["designation"]
    assert builder.strategy() == plan
    assert builder.side.value == side_panel_html(plan)


def test_side_panel_gives_both_measures_by_2032_against_2022_and_the_baseline() -> None:
    plan = strategy(40, 1.25, "Sinaloa + CJNG")
    shown = side_panel_html(plan)
    yours = project(10, recruitment=0.6, incapacitation=1.25, super_cartel="Sinaloa + CJNG")
    end = yours.totals().iloc[-1]
    base = project(10).totals().iloc[-1]
    start = history().totals().iloc[-1]
    items = []
    for measure, column in (
        ("members", "members"),
        ("conflict deaths per week", "conflict_deaths"),
    ):
        items.append(
            f"<li>{measure}: {100 * (end[column] / start[column] - 1):+.1f} % against 2022, "
            f"{100 * (end[column] / base[column] - 1):+.1f} % against the baseline</li>"
        )
    assert f"<strong>By 1 January 2032</strong><ul>{''.join(items)}</ul>" in shown


def test_space_chart_blue_falls_orange_rises_3_times_on_top_and_each_cell_says_its_change() -> None:
    """'blue for a fall and orange for a rise', grey at no change, colours held beyond ±100 %;
    columns 0 to 100 % left to right, rows 3 × at the top; each cell's number is its change."""
    plan = strategy(50, 2.0)
    spec = strategy_space_chart(plan).to_dict()
    rect, text, box = spec["hconcat"][0]["layer"]
    assert rect["encoding"]["color"]["scale"] == {
        "domain": [-100, 0, 100],
        "range": [BLUE, MUTED, ORANGE],
        "clamp": True,
    }
    assert rect["encoding"]["color"]["title"] == ["Weekly deaths, 2032", "vs 2022 (%)"]
    for layer in (rect, text, box):
        x, y = layer["encoding"]["x"], layer["encoding"]["y"]
        assert x["sort"] == list(range(0, 101, 10)) and x["title"] == "Recruitment cut (%)"
        assert y["sort"] == [3 - 0.25 * k for k in range(9)]
        assert y["title"] == "Incapacitation (× today's)"
    assert text["encoding"]["text"]["field"] == "label"
    cells = pd.DataFrame(spec["datasets"][rect["data"]["name"]])
    start = history().totals()["conflict_deaths"].iloc[-1]
    for cut, level in [(0, 1.0), (50, 2.0), (100, 3.0)]:
        end = project(10, recruitment=1 - cut / 100, incapacitation=level).totals()
        change = round(100 * (end["conflict_deaths"].iloc[-1] / start - 1))
        cell = cells[(cells["recruitment_cut"] == cut) & (cells["incapacitation"] == level)]
        assert cell["label"].iloc[0] == f"{change:+d}", (cut, level)
    assert (cells["change"] > 0).any() and (cells["change"] < 0).any()
    assert box["mark"]["filled"] is False and box["mark"]["color"] == "black"


# ---------------------------------------------------------------- what the charts say and show


def _deaths_2032(cut: int = 0, level: float = 1.0, network: str = "none") -> float:
    """Weekly conflict deaths on 1 January 2032 from one single run of lesson 04's model."""
    run = project(10, recruitment=1 - cut / 100, incapacitation=level, super_cartel=network)
    return float(run.totals()["conflict_deaths"].iloc[-1])


def test_builder_title_and_description_state_the_span_and_the_lines_drawn() -> None:
    """The title and description promise two panels, 2022 to 2032, and three styled lines
    (checked drawn in test_chart_promises); the chart spans those years and labels the
    super-cartels as the module's extension."""
    spec = strategy_chart(strategy(40, 1.25)).to_dict()
    assert [panel["title"] for panel in spec["hconcat"]] == [
        "Cartel members",
        "Conflict deaths per week",
    ]
    assert spec["hconcat"][0]["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2022, 2032]
    title = spec["title"]
    assert title["text"].startswith("Your strategy against doing nothing and against 2022")
    assert title["text"].endswith(", 2022-2032")
    assert title["subtitle"][-1] == "Super-cartel networks are this module's extension."
    description = spec["description"]
    assert description.startswith(
        "Two line charts from 2022 to 2032, cartel members and weekly conflict deaths: the "
        "baseline, doing nothing on today's network (dashed grey), the level on 1 January "
        "2022 (dotted black) and your strategy (solid blue)."
    )
    for panel in spec["hconcat"]:
        yours = panel["layer"][1]["encoding"]["tooltip"]
        assert [tip["title"] for tip in yours] == ["Year", panel["title"]], "hover names the unit"


@pytest.fixture
def builder_drawn() -> str:
    """Built by each test (a mutation run then credits each), drawn once."""
    return svg_once(strategy_chart(strategy(50, 2)).to_dict())


def test_builder_panels_count_from_zero_so_a_fall_looks_its_size(builder_drawn: str) -> None:
    """Both panels' y axes start at 0: a line that halves is drawn at half the height."""
    import re

    axes = re.findall(
        r"aria-label=\"Y-axis titled '([^']*)' for a linear scale with values from (-?[\d,.]+)",
        builder_drawn,
    )
    assert axes == [("Cartel members", "0"), ("Conflict deaths per week", "0")]


def test_builder_heading_labels_the_checkboxes_as_levers_outside_the_model() -> None:
    builder = strategy_builder()
    controls = builder.children[0]
    heading, boxes = controls.children[3], controls.children[4]
    assert heading.value == "<strong>Levers outside the model</strong>"
    assert list(boxes.children) == list(builder.outside.values())


@pytest.fixture
def space_drawn() -> str:
    return svg_once(strategy_space_chart(strategy(50, 2.0)).to_dict())


def test_space_title_states_the_smallest_single_lever_that_brings_deaths_below_2022() -> None:
    """Title: 'a 30 % recruitment cut or 2.25 × today's incapacitation each bring weekly deaths
    below 2022; together, far less of each', worked out from single runs along the builder's
    steps; the subtitle names the measure and its unit; the description promises three heat
    maps, cut in columns and incapacitation in rows, blue falls and orange rises (checked
    drawn in test_chart_promises)."""
    start = float(history().totals()["conflict_deaths"].iloc[-1])
    cut = next(c for c in range(0, 101, 10) if _deaths_2032(c) < start)
    level = next(1 + 0.25 * k for k in range(9) if _deaths_2032(0, 1 + 0.25 * k) < start)
    assert (cut, level) == (30, 2.25)
    assert _deaths_2032(10, 1.75) < start, "together: a third of the cut with 1.75 ×"
    spec = strategy_space_chart(strategy(50, 2.0), strategy_space()).to_dict()
    assert spec["title"]["text"] == (
        f"By 2032, a {cut} % recruitment cut or {level:g} × today's incapacitation each bring "
        "weekly deaths below 2022; together, far less of each"
    )
    assert spec["title"]["subtitle"][0] == (
        "Change in weekly conflict deaths on 1 January 2032 against 1 January 2022 (%), every "
        "builder setting; your strategy boxed."
    )
    description = spec["description"]
    assert description.startswith(
        "Three heat maps, one per network (today's and two super-cartels): columns are the "
        "recruitment cut (0-100 %), rows the incapacitation (1 to 3 times today's);"
    )
    assert description.endswith(
        " each cell's colour and number give the change in weekly conflict deaths by 2032 "
        "against 2022, blue for a fall and orange for a rise."
    )


def test_space_hover_gives_the_weekly_deaths_in_2032_and_the_signed_change(
    space_drawn: str,
) -> None:
    """Hovering a cell gives the setting, the weekly deaths on 1 January 2032 (whole deaths)
    and the change against 2022 with its sign, from single runs; rows read 3.00 to 1.00."""
    import re

    start = float(history().totals()["conflict_deaths"].iloc[-1])
    cells = {
        (int(c.data["Recruitment cut (%)"]), float(c.data["Incapacitation (×)"])): c.data
        for c in drawn(space_drawn, "rect", layer="concat_0_layer_0_marks")
    }
    for cut, level in [(0, 1.0), (30, 1.0), (100, 3.0), (50, 2.25)]:
        deaths = _deaths_2032(cut, level)
        shown = cells[(cut, level)]
        assert shown["Deaths per week, 2032"] == f"{deaths:,.0f}", (cut, level)
        assert shown["Change vs 2022 (%)"] == f"{round(100 * (deaths / start - 1)):+d}", (
            cut,
            level,
        )
    axis = re.search(
        r"aria-label=\"Y-axis titled 'Incapacitation[^\"]*values: ([^\"]*)\"", space_drawn
    )
    assert axis is not None
    assert axis.group(1).startswith("3.00, 2.75, 2.50, 2.25, 2.00")
    assert axis.group(1).endswith("1.00")


def test_builder_years_read_as_years(builder_drawn: str) -> None:
    """The x axis labels are years, written 2022 ... 2032 (no thousands separator)."""
    import re

    for axis in re.findall(
        r'aria-label="X-axis titled \'Year\'[^"]*"(.*?)role-axis-domain', builder_drawn, re.S
    ):
        labels = [text for text in re.findall(r"<text[^>]*>([^<]*)</text>", axis) if text.strip()]
        assert labels and all(re.fullmatch(r"20\d\d", text) for text in labels), labels
        assert (labels[0], labels[-1]) == ("2022", "2032")


def test_side_panel_is_three_headed_lists_one_item_per_lever_and_per_assumption() -> None:
    """Beside the chart: first the change by 2032, then each lever outside the model as its
    own item (its name in bold, then why the model cannot hold it), then each assumption
    that decides the model's answer (the four lesson 07 prints from DECIDING_ASSUMPTIONS, written
    out here) as its own item."""
    import re

    shown = side_panel_html(strategy(30, outside=["designation", "shared intelligence"]))
    assert re.match(
        r"<div[^>]*><strong>By 1 January 2032</strong><ul>(<li>[^<]+</li>){2}</ul>", shown
    )
    outside = re.search(r'<ul class="outside">(.*?)</ul>', shown)
    assert outside is not None
    items = re.findall(r"<li><strong>([^<]+)</strong>: [^<]+</li>", outside.group(1))
    assert items == ["designation", "shared intelligence"]
    assert re.fullmatch(r"(<li><strong>[^<]+</strong>: [^<]+</li>)+", outside.group(1))
    deciding = re.search(
        r"<strong>What decides the model's answer</strong><ul>(.*)</ul></div>$", shown
    )
    assert deciding is not None
    assert re.fullmatch(r"(<li>[^<]+</li>)+", deciding.group(1))
    starts = [item.split(":")[0] for item in re.findall(r"<li>([^<]+)</li>", deciding.group(1))]
    assert starts == [
        "Recruitment is a dial",
        "Incapacitation is a fixed total",
        "No release from prison",
        "Nothing else moves",
    ]


def test_builder_side_panel_follows_the_model_controls() -> None:
    """Moving a model lever updates the change by 2032 beside the chart (from a single run)."""
    builder = strategy_builder()
    assert builder.network.description == "Network"
    builder.recruitment.value = 60
    builder.network.value = "Los Chapitos + CJNG"
    end = project(10, recruitment=0.4, super_cartel="Los Chapitos + CJNG").totals().iloc[-1]
    start = history().totals().iloc[-1]
    change = 100 * (end["conflict_deaths"] / start["conflict_deaths"] - 1)
    assert f"<li>conflict deaths per week: {change:+.1f} % against 2022," in builder.side.value


def test_builder_sliders_show_their_whole_label_beside_a_usable_slider_and_run_on_release() -> None:
    """Each model control's label is shown whole ('initial' width), the two sliders share one
    width wide enough for the label and a usable slider, and a slider runs the model once,
    when released, not at every step of a drag."""
    import re

    builder = strategy_builder()
    for control in (builder.recruitment, builder.incapacitation, builder.network):
        assert control.style.description_width.lower() == "initial", control.description
    widths = {builder.recruitment.layout.width, builder.incapacitation.layout.width}
    assert len(widths) == 1
    width = re.fullmatch(r"(\d+)px", widths.pop() or "", re.IGNORECASE)
    assert width is not None and int(width.group(1)) >= 16 * len(builder.recruitment.description)
    assert builder.recruitment.continuous_update is False
    assert builder.incapacitation.continuous_update is False


def test_space_chart_draws_the_space_it_is_given() -> None:
    """The lesson passes the space it computed once; the chart draws that table, not a fresh
    run: one cell changed in the given table (0 % cut, 1 x, today's network) shows changed."""
    space = strategy_space().copy()
    cell = (
        (space["year"] == 2032)
        & (space["network"] == "none")
        & (space["recruitment_cut"] == 0)
        & (space["incapacitation"] == 1.0)
    )
    space.loc[cell, "conflict_deaths_vs_2022_pct"] = -42.0
    spec = strategy_space_chart(None, space).to_dict()
    cells = next(unit.rows for unit in units(spec) if unit.kind == "rect")  # today's network
    chosen = cells[(cells["recruitment_cut"] == 0) & (cells["incapacitation"] == 1.0)]
    assert chosen[["change", "label"]].to_dict("records") == [{"change": -42.0, "label": "-42"}]


def test_builder_line_hover_gives_the_year_to_a_tenth_and_whole_values() -> None:
    """The strategy's line is read every few weeks: its hover gives the year to one decimal
    (2027.5, not 2,027.5) and the value as a whole number with thousands separators."""
    spec = strategy_chart(strategy(40, 1.25)).to_dict()
    yours = [layer for layer in _layers(spec) if "tooltip" in layer["encoding"]]
    assert len(yours) == 2  # one per panel
    for layer in yours:
        year, value = layer["encoding"]["tooltip"]
        assert (year["field"], year["format"], year["title"]) == ("year", ".1f", "Year")
        assert (value["field"], value["format"]) == ("value", ",.0f")
