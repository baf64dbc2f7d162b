"""Lesson 06: the analogy matrix, the weighted verdict, the flip analysis and their charts.

Expected values are worked out here from the CSV files (``csv`` module) and by hand,
never with the functions under test.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cartel_lab import analogy, analogy_charts
from cartel_lab.charts import MUTED
from cartel_lab.exercises import ex06
from cartel_lab.feedback import Status
from cartel_lab.palette import BLUE, ORANGE
from tests.vega_spec import drawn, svg, svg_once

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _resource(name: str) -> dict:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in package["resources"] if r["name"] == name)


# --- the matrix as data -------------------------------------------------------------------


def test_every_cited_table_row_and_source_exists() -> None:
    sources = {row["source_id"] for row in _rows("sources")}
    tables = {r["name"] for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    cited = 0
    for row in _rows("analogy_matrix"):
        for reference in filter(None, row["evidence"].split(";")):
            cited += 1
            if ":" not in reference:
                assert reference in sources, f"{row['dimension_id']} {row['side']}: {reference}"
                continue
            table, number = reference.split(":")
            assert table in tables, f"{reference}: no such table"
            assert 1 <= int(number) <= len(_rows(table)), f"{reference}: no such row"
    assert cited >= 20, "the matrix should cite evidence for most cells"
    assert analogy.broken_references() == []


def test_a_broken_reference_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself can fail: a missing row, table or source is reported."""
    real_load = analogy.load

    def fake_load(name: str):
        frame = real_load(name)
        if name == "analogy_matrix":
            frame = frame.copy()
            frame.loc[0, "evidence"] = "isis_revenue:99;no_table:1;S999"
        return frame

    monkeypatch.setattr(analogy, "load", fake_load)
    assert analogy.broken_references() == ["isis_revenue:99", "no_table:1", "S999"]


def test_a_broken_reference_after_a_known_source_is_still_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_load = analogy.load
    known = _rows("sources")[0]["source_id"]

    def fake_load(name: str):
        frame = real_load(name)
        if name == "analogy_matrix":
            frame = frame.copy()
            frame.loc[0, "evidence"] = f"{known};isis_revenue:99"
        return frame

    monkeypatch.setattr(analogy, "load", fake_load)
    assert analogy.broken_references() == ["isis_revenue:99"]


def test_each_dimension_has_both_sides_and_missing_evidence_says_so() -> None:
    dims = [row["dimension_id"] for row in _rows("analogy_dimensions")]
    cells = {(row["dimension_id"], row["side"]): row for row in _rows("analogy_matrix")}
    assert len(dims) >= 10
    assert set(cells) == {(d, side) for d in dims for side in ("isis", "cartels")}
    empty = [row for row in cells.values() if not row["evidence"]]
    assert empty, "some cells have no evidence in the package"
    for row in empty:
        assert "No evidence" in row["description"], row
    shown = analogy.matrix()
    blank = shown.loc[shown["evidence"].isna(), "evidence_shown"]
    assert set(blank) == {"no evidence in the package"}


def test_side_by_side_shows_each_dimension_once_isis_then_the_cartels_with_their_evidence() -> None:
    """The matrix in wide form (a public helper; no lesson shows it yet): one row per dimension
    in the CSV's order, each side's description under its own name and its references spaced
    out, or the words for none."""
    cells = {(row["dimension_id"], row["side"]): row for row in _rows("analogy_matrix")}
    table = analogy.side_by_side()
    assert table.columns.tolist() == [
        "dimension_id",
        "dimension",
        "isis",
        "isis_evidence",
        "cartels",
        "cartels_evidence",
    ]
    dims = _rows("analogy_dimensions")
    assert table["dimension_id"].tolist() == [row["dimension_id"] for row in dims]
    assert table["dimension"].tolist() == [row["dimension"] for row in dims]
    for row in table.to_dict("records"):
        for side in ("isis", "cartels"):
            cell = cells[(row["dimension_id"], side)]
            assert row[side] == cell["description"], (row["dimension_id"], side)
            words = cell["evidence"].replace(";", "; ") or "no evidence in the package"
            assert row[f"{side}_evidence"] == words, (row["dimension_id"], side)


def test_descriptions_and_ratings_are_labelled_authored() -> None:
    for name in ("analogy_matrix", "analogy_dimensions"):
        resource = _resource(name)
        assert resource["origin"] == "authored"
        assert "AUTHORED" in resource["description"]
    fields = {
        f["name"]: f["description"] for f in _resource("analogy_dimensions")["schema"]["fields"]
    }
    assert fields["example_rating"].startswith("AUTHORED EXAMPLE")
    assert fields["example_weight"].startswith("AUTHORED EXAMPLE")


def test_kingpin_findings_say_what_was_read_and_add_no_figure() -> None:
    rows = _rows("kingpin_studies")
    studies = {row["study"].split(" (")[0] for row in rows}
    assert {"Calderón, Robles, Díaz-Cayeros & Magaloni", "Dell", "Phillips"} <= studies
    for row in rows:
        if row["value"]:
            assert row["value_unit"], row["finding_id"]
        else:
            assert row["read_in"] == "abstract" and "gives no figure" in row["finding"], row


def test_the_op_eds_lines_exist_and_the_unused_dimensions_are_the_empty_ones() -> None:
    lines = {row["line_id"] for row in _rows("analogy_lines")}
    unused = []
    for row in _rows("analogy_dimensions"):
        if not row["line_ids"]:
            unused.append(row["dimension_id"])
        assert set(filter(None, row["line_ids"].split(";"))) <= lines
    assert analogy.unused_dimensions() == unused == ["D08", "D11"]


def test_op_ed_mapping_names_each_lines_isis_campaign_and_leaves_unused_dimensions_blank() -> None:
    """Lesson 06 shows this table (readable(mapping.head(6))): its columns by name, each line's
    ISIS campaign from analogy_lines, and one blank row for a dimension no line relies on."""
    campaigns = {row["line_id"]: row["isis_campaign"] for row in _rows("analogy_lines")}
    table = analogy.op_ed_mapping()
    assert table.columns.tolist() == ["dimension_id", "dimension", "line_id", "isis_campaign"]
    rows = table.to_dict("records")
    assert rows[:3] == [
        {
            "dimension_id": "D01",
            "dimension": "goal and motive",
            "line_id": "L4",
            "isis_campaign": campaigns["L4"],
        },
        {
            "dimension_id": "D02",
            "dimension": "territory and governance",
            "line_id": "L1",
            "isis_campaign": campaigns["L1"],
        },
        {
            "dimension_id": "D02",
            "dimension": "territory and governance",
            "line_id": "L3",
            "isis_campaign": campaigns["L3"],
        },
    ]
    unused = [row for row in rows if row["dimension_id"] == "D08"]
    assert len(unused) == 1
    assert pd.isna(unused[0]["line_id"]) and pd.isna(unused[0]["isis_campaign"])


def test_cited_row_counts_from_the_first_data_row_and_refuses_what_is_not_there() -> None:
    first = _rows("us_overdose_deaths")[7]
    assert analogy.cited_row("us_overdose_deaths:8")["deaths"].iloc[0] == int(first["deaths"])
    for bad, words in (
        ("us_overdose_deaths:0", "rows 1 to 20"),
        ("us_overdose_deaths:21", "no row 21"),
        ("nothing:1", "no table called 'nothing'"),
        ("us_overdose_deaths", "not a table:row reference"),
    ):
        with pytest.raises(ValueError, match=words):
            analogy.cited_row(bad)


# --- weighting and flips --------------------------------------------------------------------


def test_weighted_similarity_is_the_weighted_mean_rating() -> None:
    # (4*1 + 0*3) / (1 + 3) = 1.0; the plain mean of the ratings would be 2.0
    assert analogy.weighted_similarity({"D01": 4, "D02": 0}, {"D01": 1, "D02": 3}) == 1.0
    assert analogy.weighted_similarity(ex06.RATINGS_6_1, ex06.WEIGHTS_6_1) == pytest.approx(17 / 11)


def test_the_verdict_holds_at_the_threshold_and_breaks_below() -> None:
    assert analogy.verdict_for(2.0) == "the analogy mostly holds"
    assert analogy.verdict_for(1.999) == "the analogy mostly breaks"


@pytest.mark.parametrize(
    ("ratings", "weights", "words"),
    [
        ({"D01": 3}, {"D01": 0}, "weights sum to zero"),
        ({"D01": 3, "D02": 1}, {"D01": 0, "D02": 0}, "weights sum to zero"),
        ({"D01": 5}, {"D01": 1}, "Ratings must be between 0 and 4; these are not: D01=5"),
        ({"D01": -1}, {"D01": 1}, "Ratings must be between 0 and 4"),
        ({"D01": 2}, {"D01": 4.5}, "Weights must be between 0 and 4; these are not: D01=4.5"),
        ({"D99": 2}, {"D99": 1}, "Unknown dimension 'D99': the dimensions are D01, D02"),
        ({"goal": 2}, {"goal": 1}, "Unknown dimension 'goal'"),
        ({"D01": 2, "D02": 1}, {"D01": 1}, "no weight for D02"),
        ({}, {}, "at least one dimension"),
    ],
)
def test_nonsense_gets_a_clear_value_error(ratings: dict, weights: dict, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        analogy.weighted_similarity(ratings, weights)


def test_contributions_add_up_to_the_score_and_name_the_driver() -> None:
    ratings, weights = analogy.example_ratings(), analogy.example_weights()
    csv_rows = _rows("analogy_dimensions")
    total = sum(int(r["example_weight"]) for r in csv_rows)
    by_hand = {
        r["dimension_id"]: int(r["example_weight"]) * int(r["example_rating"]) / total
        for r in csv_rows
    }
    parts = analogy.contributions(ratings, weights)
    assert dict(zip(parts["dimension_id"], parts["contribution"], strict=True)) == pytest.approx(
        by_hand
    )
    assert parts["contribution"].sum() == pytest.approx(
        analogy.weighted_similarity(ratings, weights)
    )


def test_flip_weights_by_hand() -> None:
    # Score (4+4+0+8+6)/13 = 22/13, below 2. Dropping D05 (rating 0, weight 3): others give
    # 22/10; the weight w with (22 + 0w)/(10 + w) = 2 is w = 1. D09 (rating 3): (16 + 3w)/(11 + w)
    # = 2 at w = 6, off the scale. D07 is rated 2, on the threshold: no weight flips it.
    flips = analogy.flip_weights(ex06.RATINGS_6_2, ex06.WEIGHTS_6_2).set_index("dimension_id")
    assert flips.loc["D05", "weight_to_flip"] == pytest.approx(1.0)
    assert flips.loc["D05", "change"] == pytest.approx(-2.0)
    assert bool(flips.loc["D05", "within_scale"])
    assert flips.loc["D09", "weight_to_flip"] == pytest.approx(6.0)
    assert not bool(flips.loc["D09", "within_scale"])
    assert math.isnan(flips.loc["D07", "weight_to_flip"])
    assert analogy.single_flips(ex06.RATINGS_6_2, ex06.WEIGHTS_6_2) == ["D05"]


def test_a_weight_that_only_reaches_the_threshold_does_not_flip() -> None:
    # (8 + 6 + 3 + 0) / 8 = 2.125 holds; D05's weight at 0 gives 14/7 = 2.0 exactly: still holds.
    ratings = {"D01": 4, "D02": 3, "D05": 3, "D08": 0}
    weights = {"D01": 2, "D02": 2, "D05": 1, "D08": 3}
    flips = analogy.flip_weights(ratings, weights).set_index("dimension_id")
    assert flips.loc["D05", "weight_to_flip"] == pytest.approx(0.0)
    assert not bool(flips.loc["D05", "within_scale"])
    assert bool(flips.loc["D08", "within_scale"])  # (8+6+3)/(5+w) < 2 once w > 3.5


# --- what a student is told, and what the flip analysis relies on, at the edges --------------


def _dimension_ids() -> list[str]:
    return [row["dimension_id"] for row in _rows("analogy_dimensions")]


@pytest.mark.parametrize(
    ("ratings", "weights", "message"),
    [
        (
            {"D98": 1, "D01": 2, "D99": 2},
            {"D98": 1, "D01": 1, "D99": 1},
            "Unknown dimensions 'D98', 'D99': the dimensions are {ids} (see dimensions()).",
        ),
        (
            {"D01": 2, "D03": 1, "D04": 1},
            {"D01": 1, "D02": 1, "D05": 1},
            "Ratings and weights must name the same dimensions: no weight for D03, D04; "
            "no rating for D02, D05.",
        ),
        (
            {"D01": 2},
            {"D01": 1, "D02": 1},
            "Ratings and weights must name the same dimensions: no rating for D02.",
        ),
        (
            {"D01": 5, "D02": -1, "D03": 4, "D04": 0},
            {"D01": 1, "D02": 1, "D03": 1, "D04": 1},
            "Ratings must be between 0 and 4; these are not: D01=5, D02=-1.",
        ),
        (
            {"D01": float("nan")},
            {"D01": 1},
            "Ratings must be between 0 and 4; these are not: D01=nan.",
        ),
        (
            {"D01": 2, "D02": None},
            {"D01": 1, "D02": 1},
            "Ratings must be between 0 and 4; these are not: D02=nan.",
        ),
        ({}, {}, "Give at least one dimension a rating and a weight."),
        (
            {"D01": 1, "D02": 1},
            {"D01": 0, "D02": 0},
            "The weights sum to zero, so nothing counts: give at least one dimension a weight "
            "above 0.",
        ),
    ],
    ids=[
        "two unknown",
        "both sides differ",
        "no rating",
        "two off the scale",
        "nan",
        "a rating left blank",
        "nothing",
        "zero",
    ],
)
def test_each_refusal_says_exactly_what_is_wrong(
    ratings: dict, weights: dict, message: str
) -> None:
    """The whole message a student reads: every unknown or missing dimension and every value
    off the 0-4 scale, named once each, and the list of valid dimensions from the CSV."""
    with pytest.raises(ValueError) as error:
        analogy.checked(ratings, weights)
    assert str(error.value) == message.format(ids=", ".join(_dimension_ids()))


def test_the_ends_of_the_scale_are_allowed_and_the_rows_follow_the_dimension_order() -> None:
    """0 and 4 are on the 0-4 scale for ratings and weights; whatever order the dicts come in,
    the tables list the dimensions in the matrix's order (the explorer's rows rely on it)."""
    ratings = {"D04": 0, "D02": 4, "D01": 3}
    weights = {"D04": 4, "D02": 0, "D01": 4}
    # (0*4 + 4*0 + 3*4) / 8 = 1.5
    assert analogy.weighted_similarity(ratings, weights) == pytest.approx(1.5)
    parts = analogy.contributions(ratings, weights)
    # Lesson 06 shows this table: each column under its own name.
    assert parts.columns.tolist() == [
        "dimension_id",
        "dimension",
        "rating",
        "weight",
        "weight_share",
        "contribution",
    ]
    assert parts["dimension_id"].tolist() == ["D01", "D02", "D04"]
    assert parts["rating"].tolist() == [3, 4, 0] and parts["weight"].tolist() == [4, 0, 4]
    assert parts["contribution"].tolist() == pytest.approx([1.5, 0.0, 0.0])
    assert parts["weight_share"].tolist() == pytest.approx([0.5, 0.0, 0.5])
    flips = analogy.flip_weights(ratings, weights)
    assert flips["dimension_id"].tolist() == ["D01", "D02", "D04"]
    assert flips.columns.tolist() == [
        "dimension_id",
        "dimension",
        "rating",
        "weight",
        "weight_to_flip",
        "change",
        "within_scale",
    ]
    names = {row["dimension_id"]: row["dimension"] for row in _rows("analogy_dimensions")}
    assert flips["dimension"].tolist() == [names["D01"], names["D02"], names["D04"]]
    assert parts["dimension"].tolist() == flips["dimension"].tolist()


def test_no_weight_flips_a_verdict_the_other_dimensions_decide_alone() -> None:
    # (4 + 3) / 2 = 3.5 holds. D01 (rating 4) lifts the score: only a negative weight,
    # (2*1 - 3) / (4 - 2) = -0.5, would bring it to 2, so no weight flips it; the same for D02
    # (rating 3): (2*1 - 4) / 1 = -2. Neither can flip within 0-4 either.
    flips = analogy.flip_weights({"D01": 4, "D02": 3}, {"D01": 1, "D02": 1})
    assert flips["weight_to_flip"].isna().all()
    assert flips["change"].isna().all()
    assert not flips["within_scale"].any()
    # One dimension alone: the score is its rating whatever its weight.
    alone = analogy.flip_weights({"D01": 1}, {"D01": 3})
    assert math.isnan(alone["weight_to_flip"].iloc[0]) and not alone["within_scale"].iloc[0]


def test_the_only_weight_above_0_cannot_flip_by_going_to_0() -> None:
    # D01 alone counts: score 4, holds. Its weight at 0 leaves nothing to average (not a
    # "breaks"); D02 (rating 0) at weight 4 gives 4/5 = 0.8, which breaks.
    ratings, weights = {"D01": 4, "D02": 0}, {"D01": 1, "D02": 0}
    flips = analogy.flip_weights(ratings, weights).set_index("dimension_id")
    assert not bool(flips.loc["D01", "within_scale"])
    assert bool(flips.loc["D02", "within_scale"])
    # (2*1 - 4) / (0 - 2) = 1: the weight of D02 that brings the score to exactly 2
    assert flips.loc["D02", "weight_to_flip"] == pytest.approx(1.0)
    assert flips.loc["D02", "change"] == pytest.approx(1.0)
    assert analogy.single_flips(ratings, weights) == ["D02"]


def test_a_stricter_threshold_changes_the_verdict_and_the_flips() -> None:
    """The threshold is the student's to set: 3 instead of 2 reads the same score differently."""
    assert analogy.verdict_for(2.5) == "the analogy mostly holds"
    assert analogy.verdict_for(2.5, threshold=3) == "the analogy mostly breaks"
    assert analogy.verdict_for(3.0, threshold=3) == "the analogy mostly holds"
    # (4*1 + 2*1) / 2 = 3.0: on the threshold 3, holds. D02 (rating 2): weight w with
    # (4 + 2w) / (1 + w) = 3 is w = 1; any weight above it breaks, so 4 flips it. D01 (rating 4):
    # (4w + 2) / (w + 1) = 3 at w = 1; lowering it to 0 gives 2: breaks.
    ratings, weights = {"D01": 4, "D02": 2}, {"D01": 1, "D02": 1}
    strict = analogy.flip_weights(ratings, weights, threshold=3).set_index("dimension_id")
    assert strict["weight_to_flip"].tolist() == pytest.approx([1.0, 1.0])
    assert strict["within_scale"].tolist() == [True, True]
    assert analogy.single_flips(ratings, weights, threshold=3) == ["D01", "D02"]
    # (2 + 3) / 2 = 2.5 breaks against 3. D01 (rating 2) at weight 0 leaves 3.0: holds, a flip.
    # D02 (rating 3) at 0 gives 2.0 and at 4 gives 14/5 = 2.8: both still break.
    assert analogy.single_flips({"D01": 2, "D02": 3}, {"D01": 1, "D02": 1}, threshold=3) == ["D01"]
    # Against the usual 2, D02 is on the threshold (no weight flips it) and D01 cannot
    # bring the score below 2 (at 0 it is exactly 2: still holds).
    usual = analogy.flip_weights(ratings, weights).set_index("dimension_id")
    assert math.isnan(usual.loc["D02", "weight_to_flip"])
    assert usual["within_scale"].tolist() == [False, False]
    assert analogy.single_flips(ratings, weights) == []


def test_a_cells_evidence_is_its_list_of_references_or_nothing() -> None:
    cells = {(row["dimension_id"], row["side"]): row["evidence"] for row in _rows("analogy_matrix")}
    for (dim, side), text in cells.items():
        assert analogy.evidence(dim, side) == (text.split(";") if text else []), (dim, side)
    with pytest.raises(ValueError) as error:
        analogy.evidence("D01", "ISIS")
    assert str(error.value) == "side must be one of ('isis', 'cartels'), not 'ISIS'."
    with pytest.raises(ValueError, match="Unknown dimension 'D12'"):
        analogy.evidence("D12", "isis")


def test_a_reference_with_a_row_that_is_not_a_number_is_refused_in_words() -> None:
    with pytest.raises(ValueError) as error:
        analogy.cited_row("us_overdose_deaths:eight")
    assert str(error.value) == (
        "'us_overdose_deaths:eight' is not a table:row reference (like 'us_overdose_deaths:8')."
    )
    with pytest.raises(ValueError) as error:
        analogy.cited_row("us_overdose_deaths:21")
    assert str(error.value) == (
        "'us_overdose_deaths:21': us_overdose_deaths has rows 1 to 20, so there is no row 21."
    )
    last = _rows("us_overdose_deaths")[-1]
    shown = analogy.cited_row("us_overdose_deaths:20")
    assert shown["deaths"].iloc[0] == int(last["deaths"])
    assert shown.columns.tolist() == list(last), "the row as the table has it, nothing added"
    with pytest.raises(ValueError, match=r"^'us_overdose_deaths:8:9' is not a table:row reference"):
        analogy.cited_row("us_overdose_deaths:8:9")


# --- the charts promise what they draw -------------------------------------------------------


def test_mapping_chart_draws_every_dimension_and_line_and_names_the_unused() -> None:
    spec = analogy_charts.mapping_chart().to_dict()
    assert spec["title"]["text"] == (
        "The op-ed's analogy never uses 2 of 11 dimensions: D08 (the demand that sustains it) "
        "and D11 (what 'defeat' meant)"
    )
    grid, words = spec["hconcat"]
    assert grid["mark"]["type"] == "square"
    assert grid["encoding"]["x"]["field"] == "line_id"
    assert grid["encoding"]["color"]["scale"] == {
        "domain": ["relies on it", "does not"],
        "range": [BLUE, MUTED],
    }
    dims = _rows("analogy_dimensions")
    order = [f"{r['dimension_id']} {r['dimension']}" for r in dims]
    assert grid["encoding"]["y"]["sort"] == order
    cells = spec["datasets"][grid["data"]["name"]]
    assert len(cells) == len(dims) * len(_rows("analogy_lines"))
    used = {
        (r["dimension_id"], line) for r in dims for line in filter(None, r["line_ids"].split(";"))
    }
    assert {
        (c["dimension_id"], c["line_id"]) for c in cells if c["relies"] == "relies on it"
    } == used
    shown = {row["dimension_id"]: row["used"] for row in spec["datasets"][words["data"]["name"]]}
    assert shown["D08"] == shown["D11"] == "never used"
    assert shown["D02"] == "used by 2 lines" and shown["D01"] == "used by 1 line"


def _layers(spec: dict) -> list[dict]:
    top, middle, bottom = spec["vconcat"]
    return top["layer"], middle, bottom["hconcat"]


def test_verdict_chart_axes_sort_and_parameters() -> None:
    spec = analogy_charts.verdict_chart().to_dict()
    assert spec["title"]["text"].startswith("Weighted similarity of ISIS and the cartels (0-4)")
    assert "authored example" in spec["title"]["subtitle"][0]
    (score, rule, text), middle, (flips, words) = _layers(spec)
    assert text["mark"]["type"] == "text" and words["mark"]["type"] == "text"
    assert score["mark"]["type"] == "bar"
    assert score["encoding"]["x"]["scale"] == {"domain": [0, 4]}
    assert rule["mark"]["type"] == "rule" and rule["mark"]["strokeDash"] == [4, 3]
    assert spec["datasets"][rule["data"]["name"]][0]["threshold"] == 2.0
    assert middle["encoding"]["x"]["scale"]["domainMin"] == 0
    assert flips["encoding"]["x"]["scale"] == {"domain": [-4, 4]}
    order = [f"{r['dimension_id']} {r['dimension']}" for r in _rows("analogy_dimensions")]
    assert middle["encoding"]["y"]["sort"] == order == flips["encoding"]["y"]["sort"]
    params = {p["name"]: p["value"] for p in spec["params"]}
    rows = _rows("analogy_dimensions")
    total = sum(int(r["example_weight"]) for r in rows)
    products = [int(r["example_weight"]) * int(r["example_rating"]) for r in rows]
    assert params["score"] == pytest.approx(round(sum(products) / total, 3))
    assert params["contribution"] == pytest.approx([round(p / total, 3) for p in products])
    assert params["verdict"] == f"{sum(products) / total:.2f} of 4: the analogy mostly breaks"


def test_verdict_chart_flip_words_and_colours() -> None:
    spec = analogy_charts.verdict_chart(ex06.RATINGS_6_2, ex06.WEIGHTS_6_2).to_dict()
    params = {p["name"]: p["value"] for p in spec["params"]}
    assert params["flip_text"] == [
        "no weight flips it",
        "no weight flips it",
        "lower weight to 1.0 (-2.0)",
        "no weight flips it",
        "no weight from 0 to 4 flips it (boundary 6.0)",
    ]
    assert params["flip_change"] == [0.0, 0.0, -2.0, 0.0, 0.0]
    flips = _layers(spec)[2][0]
    colour = flips["encoding"]["color"]
    assert colour["condition"]["value"] == BLUE and colour["value"] == ORANGE


def test_explorer_sliders_write_the_notebook_dicts_and_set_the_chart() -> None:
    ratings, weights = analogy.example_ratings(), analogy.example_weights()
    box = analogy_charts.verdict_explorer(ratings, weights)
    rows = box.children[: len(ratings)]
    chart = box.children[-1]
    first_rating, first_weight = rows[0].children[1], rows[0].children[2]
    assert (first_rating.min, first_rating.max, first_weight.min, first_weight.max) == (0, 4, 0, 4)
    first_rating.value = 4
    assert ratings["D01"] == 4
    # D01 now contributes 4 * 4 / 32 = 0.5
    assert chart.params.contribution[0] == pytest.approx(0.5)
    first_weight.value = 0
    assert weights["D01"] == 0
    assert chart.params.contribution[0] == 0


def test_explorer_cannot_set_every_weight_to_zero() -> None:
    ratings = {"D01": 3, "D02": 1}
    weights = {"D01": 1, "D02": 1}
    box = analogy_charts.verdict_explorer(ratings, weights)
    note = box.children[-2]
    box.children[0].children[2].value = 0
    box.children[1].children[2].value = 0  # the last weight above 0: refused, back to 1
    assert weights == {"D01": 0, "D02": 1}
    assert box.children[1].children[2].value == 1
    assert "At least one dimension must matter" in note.value
    assert box.children[-1].params.score == pytest.approx(1.0)


# Two weights flip it upwards, one downwards, one only reaches the threshold:
# (4*3 + 0*2 + 3*1 + 1*2) / 8 = 17/8 = 2.125 holds.
UP_DOWN_RATINGS = {"D01": 4, "D02": 0, "D03": 3, "D04": 1}
UP_DOWN_WEIGHTS = {"D01": 3, "D02": 2, "D03": 1, "D04": 2}


def test_explorer_state_says_which_way_to_move_each_weight_and_by_how_much() -> None:
    """Worked out by hand: the weight w of one dimension, others fixed, with score exactly 2.
    D01: (5 + 4w) / (5 + w) = 2 at w = 2.5 (lower by 0.5); D02: 17 / (6 + w) = 2 at w = 2.5
    (raise by 0.5); D03: (14 + 3w) / (7 + w) = 2 at w = 0, where the score is 2.0 and still
    holds; D04: (15 + w) / (6 + w) = 2 at w = 3 (raise by 1)."""
    state = analogy_charts.explorer_state(UP_DOWN_RATINGS, UP_DOWN_WEIGHTS)
    assert state["score"] == 2.125
    assert state["verdict"] == "2.13 of 4: the analogy mostly holds"
    assert state["contribution"] == pytest.approx([12 / 8, 0.0, 3 / 8, 2 / 8])
    assert state["flip_text"] == [
        "lower weight to 2.5 (-0.5)",
        "raise weight to 2.5 (+0.5)",
        "no weight from 0 to 4 flips it (boundary 0.0)",
        "raise weight to 3.0 (+1.0)",
    ]
    assert state["flip_change"] == pytest.approx([-0.5, 0.5, 0.0, 1.0])
    # Against a threshold of 2.5 the same judgements break: 2.125 < 2.5.
    strict = analogy_charts.explorer_state(UP_DOWN_RATINGS, UP_DOWN_WEIGHTS, threshold=2.5)
    assert strict["verdict"] == "2.13 of 4: the analogy mostly breaks"


def test_verdict_chart_axes_name_their_units_and_the_flip_colour_follows_the_sign() -> None:
    """Each axis title is the unit of what the bars measure; the flip bars are blue where the
    weight must rise (a positive change) and orange where it must fall."""
    spec = analogy_charts.verdict_chart(UP_DOWN_RATINGS, UP_DOWN_WEIGHTS).to_dict()
    (score, rule, _), middle, (flips, _) = _layers(spec)
    assert score["encoding"]["x"]["title"] == "Weighted similarity (0 = not alike, 4 = alike)"
    assert middle["encoding"]["x"]["title"] == (
        "Contribution to the score (weight × rating ÷ total weight)"
    )
    assert flips["encoding"]["x"]["title"] == (
        "Change of that weight alone that flips the verdict (weight points)"
    )
    assert rule["mark"]["color"] == "black"
    colour = flips["encoding"]["color"]
    assert colour["condition"]["test"] == "(datum.change > 0)"
    assert (colour["condition"]["value"], colour["value"]) == (BLUE, ORANGE)
    labels = [f"{d} {n}" for d, n in analogy.dimension_names().items() if d in UP_DOWN_RATINGS]
    assert middle["encoding"]["y"]["sort"] == labels


def test_mapping_words_are_bold_and_vermillion_only_where_no_line_relies_on_the_dimension() -> None:
    spec = analogy_charts.mapping_chart().to_dict()
    grid, words = spec["hconcat"]
    assert words["mark"]["fontWeight"] == "bold"
    colour = words["encoding"]["color"]
    assert colour["condition"]["test"] == "(datum.lines_using === 0)"
    assert (colour["condition"]["value"], colour["value"]) == ("#D55E00", "black")
    rows = spec["datasets"][words["data"]["name"]]
    never = {row["dimension_id"] for row in rows if row["lines_using"] == 0}
    assert never == set(analogy.unused_dimensions()) == {"D08", "D11"}
    assert grid["encoding"]["y"]["title"] == "Dimension of comparison"


def test_explorer_rows_name_the_dimension_and_which_slider_is_which_and_round_the_dicts() -> None:
    """A class's mean ratings need not be whole: the sliders and the notebook's dicts both
    hold the rounded values, so what the student sees is what the dicts say."""
    ratings = {"D03": 2.6, "D01": 1.2}
    weights = {"D03": 1.4, "D01": 3}
    box = analogy_charts.verdict_explorer(ratings, weights)
    assert ratings == {"D03": 3, "D01": 1} and weights == {"D03": 1, "D01": 3}
    names = analogy.dimension_names()
    for row, dim in zip(box.children[:2], ["D01", "D03"], strict=True):
        label, rating, weight = row.children
        assert label.value == f"{dim} {names[dim]}"
        assert (rating.description, weight.description) == ("alike (0-4)", "matters (0-4)")
        assert (rating.value, weight.value) == (ratings[dim], weights[dim])
    # (1*3 + 3*1) / 4 = 1.5
    assert box.children[-1].params.score == pytest.approx(1.5)


def test_explorer_note_goes_once_a_move_is_allowed_again() -> None:
    ratings, weights = {"D01": 3, "D02": 1}, {"D01": 1, "D02": 0}
    box = analogy_charts.verdict_explorer(ratings, weights)
    note, chart = box.children[-2], box.children[-1]
    box.children[0].children[2].value = 0  # refused: back to 1
    assert note.value.startswith("<b>At least one dimension must matter:</b>")
    box.children[1].children[1].value = 4  # D02's rating: allowed, and the note goes
    assert note.value == ""
    assert ratings == {"D01": 3, "D02": 4}
    assert chart.params.score == pytest.approx(3.0)


# --- exercise 06: edges of the checks --------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (17 / 11 * 1.009, Status.PASSED),
        (17 / 11 * 0.991, Status.PASSED),
        (17 / 11 * 1.02, Status.WRONG_VALUE),
        (17.0, Status.COMMON_MISTAKE),
        (1.5, Status.COMMON_MISTAKE),  # the plain mean of the ratings
        (4.25, Status.COMMON_MISTAKE),  # 17 / 4 dimensions
    ],
)
def test_6_1_tolerance_and_mistakes(answer: float, status: Status) -> None:
    result = ex06.EXERCISE.check("6.1", namespace={"similarity_a": answer})
    assert result.status is status, result


def test_6_6_names_neither_the_key_nor_the_row() -> None:
    result = ex06.EXERCISE.check("6.6", namespace={"cited_deaths": 70601})
    assert result.status is Status.COMMON_MISTAKE
    assert "107941" not in result.message + result.hint and "107,941" not in result.hint
    assert "second cited row" in result.hint


def test_lesson_challenge_keys_worked_out_from_the_csv() -> None:
    from cartel_lab.exercises import lesson06

    challenges = lesson06.CHALLENGES
    keys = {q.id: challenges.key(q) for q in challenges.questions}
    l1 = {
        r["dimension_id"] for r in _rows("analogy_dimensions") if "L1" in r["line_ids"].split(";")
    }
    assert keys["06.a"] == l1 == {"D02", "D07", "D10"}
    increase = {r["study"] for r in _rows("kingpin_studies") if r["direction"] == "increase"}
    assert keys["06.b"] == len(increase) == 5
    rows = _rows("analogy_dimensions")
    kept = [r for r in rows if r["dimension_id"] != "D08"]
    total = sum(int(r["example_weight"]) for r in kept)
    by_hand = sum(int(r["example_weight"]) * int(r["example_rating"]) for r in kept) / total
    assert keys["06.c"] == pytest.approx(by_hand) == pytest.approx(47 / 29)


# --- what the charts say in words, and show on hover ------------------------------------------


def test_analogy_charts_name_their_sources_as_authored_judgements() -> None:
    """Authored data is labelled as authored: the mapping's source line names the two tables it
    reads (both in data/, both described as authored in datapackage.json) and says so; the
    verdict's says the ratings are the student's judgements, not data, with the module's
    authored example as the default. The mapping's columns name the table of the lines."""
    for table in ("analogy_lines", "analogy_dimensions"):
        assert (DATA / f"{table}.csv").is_file()
        assert "authored" in _resource(table)["description"].lower(), table
    mapping = analogy_charts.mapping_chart().to_dict()
    (line,) = mapping["title"]["subtitle"]
    assert line.startswith("Source: the module's reading of the op-ed")
    assert line.endswith("(analogy_lines, analogy_dimensions; authored).")
    grid = mapping["hconcat"][0]
    assert grid["encoding"]["x"]["title"] == "Line of the op-ed's analogy (analogy_lines)"
    verdict = analogy_charts.verdict_chart().to_dict()
    (line,) = verdict["title"]["subtitle"]
    assert line.startswith("Source: your ratings and weights, judgements, not data;")
    assert line.endswith("the defaults are the module's authored example (analogy_dimensions).")


def test_analogy_descriptions_make_the_promises_the_drawn_tests_check() -> None:
    """Each phrase below is a promise that a test in test_chart_promises.py checks on the
    drawn chart (its docstring quotes it); the description must keep saying it."""
    dims = _rows("analogy_dimensions")
    lines = [row["line_id"] for row in _rows("analogy_lines")]
    mapping = analogy_charts.mapping_chart().to_dict()["description"]
    assert mapping.startswith(f"A grid with one row per dimension of comparison ({len(dims)})")
    for phrase in (
        f"one column per line of the op-ed's analogy ({lines[0]} to {lines[-1]}).",
        "A blue square marks a line that relies on the dimension, a grey one a line that does not.",
        "Beside each row, in words: how many lines use it,",
    ):
        assert phrase in mapping, phrase
    assert mapping.endswith("'never used' in bold vermillion for the dimensions no line relies on.")
    verdict = analogy_charts.verdict_chart().to_dict()["description"]
    threshold = f"{analogy.THRESHOLD:g}"
    assert threshold == "2"
    assert verdict.startswith(
        "Three panels. Top: one blue bar, the weighted similarity on a 0-4 axis, with a dashed "
        f"black line at the threshold {threshold} and the verdict in words."
    )
    assert (
        " Middle: one blue bar per dimension, its contribution to the score (weight times rating "
        "divided by the total weight) on an axis from 0; the bars add up to the score." in verdict
    )
    assert verdict.endswith(
        " Bottom: for each dimension, the change of its weight alone (from -4 to +4 weight "
        "points) that flips the verdict, blue to raise it and orange to lower it, with the move "
        "in words; 'no weight flips it' where none can."
    )
    top = analogy_charts.verdict_chart().to_dict()["vconcat"][0]
    assert top["title"] == f"Your verdict (dashed line: the threshold, {threshold})"


def _two_decimals(shown: str) -> float:
    """A number as a tooltip shows it, which must have two decimals (Vega rounds 2.125 up)."""
    assert re.fullmatch(r"\d+\.\d\d", shown), shown
    return float(shown)


@pytest.fixture
def verdict_drawn() -> str:
    """Built by each test (a mutation run then credits each), drawn once."""
    return svg_once(analogy_charts.verdict_chart(UP_DOWN_RATINGS, UP_DOWN_WEIGHTS).to_dict())


def test_verdict_hover_gives_the_score_each_contribution_and_each_flip_in_words(
    verdict_drawn: str,
) -> None:
    """Hovering a bar gives its number to two decimals and names its dimension; hovering a
    flip bar gives the move in words (worked out by hand above)."""
    names = analogy.dimension_names()
    total = sum(UP_DOWN_WEIGHTS.values())
    score = sum(UP_DOWN_WEIGHTS[d] * UP_DOWN_RATINGS[d] for d in UP_DOWN_RATINGS) / total
    (bar,) = drawn(verdict_drawn, "rect", layer="concat_0_layer_0_marks")
    assert _two_decimals(bar.data["Weighted similarity"]) == pytest.approx(score, abs=0.0051)
    parts = drawn(verdict_drawn, "rect", layer="concat_1_marks")
    assert len(parts) == len(UP_DOWN_RATINGS)
    for part in parts:
        dim = part.data["Dimension"].split(" ")[0]
        assert part.data["Dimension"] == f"{dim} {names[dim]}"
        expected = UP_DOWN_WEIGHTS[dim] * UP_DOWN_RATINGS[dim] / total
        assert _two_decimals(part.data["Contribution"]) == pytest.approx(expected, abs=0.0051), dim
    moves = {
        "D01": "lower weight to 2.5 (-0.5)",
        "D02": "raise weight to 2.5 (+0.5)",
        "D03": "no weight from 0 to 4 flips it (boundary 0.0)",
        "D04": "raise weight to 3.0 (+1.0)",
    }
    flips = drawn(verdict_drawn, "rect", layer="concat_2_concat_0_marks")
    assert {
        flip.data["Dimension"].split(" ")[0]: flip.data["To flip the verdict"] for flip in flips
    } == moves


def _anchors(image: str, layer: str) -> set[str]:
    group = re.search(rf'<g class="mark-text role-mark {layer}"[^>]*>(.*?)</g>', image, re.S)
    assert group is not None, layer
    return set(re.findall(r'text-anchor="(\w+)"', group.group(1)))


def _texts(image: str) -> Counter:
    """How many times each piece of text is written in the drawn chart."""
    import html

    return Counter(html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", image))


def test_written_words_start_at_the_left_of_their_column_never_centred_over_its_edge(
    verdict_drawn: str,
) -> None:
    """The verdict, the flip moves and the mapping's 'used by' words are placed at the left
    edge of their column (x = 0 for the first two): centred, half of each would hang over
    the neighbouring panel. Each row's dimension is named whole, once per panel of bars
    (the columns of words beside them repeat no axis), and the top bar is labelled as the
    weighted similarity."""
    assert _anchors(verdict_drawn, "concat_0_layer_2_marks") == {"start"}
    assert _anchors(verdict_drawn, "concat_2_concat_1_marks") == {"start"}
    mapping = svg(analogy_charts.mapping_chart().to_dict())
    assert _anchors(mapping, "concat_1_marks") == {"start"}
    names = analogy.dimension_names()
    written = _texts(mapping)
    assert all(written[f"{d} {name}"] == 1 for d, name in names.items()), "once, on the grid"
    written = _texts(verdict_drawn)
    for dim in UP_DOWN_RATINGS:
        assert written[f"{dim} {names[dim]}"] == 2, "on the contributions and on the flips"
    assert written["weighted similarity"] == 1
    every = _texts(svg_once(analogy_charts.verdict_chart().to_dict()))
    assert all(every[f"{d} {name}"] == 2 for d, name in names.items()), "whole, never cut short"


def test_mapping_hover_and_legend_say_whether_the_line_relies_on_the_dimension() -> None:
    """The colour's legend reads 'The line: relies on it / does not'; hovering a square says
    the same for that line and dimension, as data/analogy_dimensions.csv's line_ids say."""
    spec = analogy_charts.mapping_chart().to_dict()
    colour = spec["hconcat"][0]["encoding"]["color"]
    assert colour["title"] == "The line"
    tips = {tip["field"]: tip["title"] for tip in spec["hconcat"][0]["encoding"]["tooltip"]}
    assert tips == {"label": "Dimension", "line_id": "Line", "relies": "The line"}
    cells = spec["datasets"][spec["hconcat"][0]["data"]["name"]]
    for row in _rows("analogy_dimensions"):
        used = set(filter(None, row["line_ids"].split(";")))
        for cell in (c for c in cells if c["dimension_id"] == row["dimension_id"]):
            relies = "relies on it" if cell["line_id"] in used else "does not"
            assert cell["relies"] == relies
            assert cell["label"] == f"{row['dimension_id']} {row['dimension']}"


def test_explorer_starts_with_no_warning() -> None:
    ratings, weights = analogy.example_ratings(), analogy.example_weights()
    box = analogy_charts.verdict_explorer(ratings, weights)
    assert box.children[-2].value == "", "no warning before any move"


def test_explorer_rows_line_up_show_whole_labels_and_update_on_release() -> None:
    """Every row's name has the same width, wide enough for the longest (about 7 px a
    character), so the sliders line up in two columns; a slider's own label is shown whole
    ('initial' width, not cut at the default); and a slider sends its value once, when
    released, not at every step of a drag."""
    ratings, weights = analogy.example_ratings(), analogy.example_weights()
    box = analogy_charts.verdict_explorer(ratings, weights)
    rows = box.children[: len(ratings)]
    longest = max(len(row.children[0].value) for row in rows)
    for column in range(3):
        widths = {row.children[column].layout.width for row in rows}
        assert len(widths) == 1, f"column {column} lines up"
        (width,) = widths
        assert re.fullmatch(r"\d+px", width, re.IGNORECASE), width
        if column == 0:
            assert int(width[:-2]) >= 7 * longest
    for row in rows:
        for slider in row.children[1:]:
            assert slider.style.description_width.lower() == "initial"
            assert slider.continuous_update is False


def test_flips_are_worked_out_against_the_threshold_given() -> None:
    """Against a threshold of 2.5 the same judgements (2.125) break; by hand, the weight w
    with score exactly 2.5: D01 (5 + 4w) / (5 + w) at w = 5 (beyond 4); D02 17 / (6 + w) at
    w = 0.8 (lower by 1.2); D03 (14 + 3w) / (7 + w) at w = 7 (beyond 4); D04 (15 + w) / (6 + w)
    at w = 0 (lower by 2)."""
    strict = analogy_charts.explorer_state(UP_DOWN_RATINGS, UP_DOWN_WEIGHTS, threshold=2.5)
    texts = strict["flip_text"]
    assert texts[:3] == [
        "no weight from 0 to 4 flips it (boundary 5.0)",
        "lower weight to 0.8 (-1.2)",
        "no weight from 0 to 4 flips it (boundary 7.0)",
    ]
    assert texts[3] == "lower weight to 0.0 (-2.0)"  # 0 over a negative gap: never "-0.0"
    assert strict["flip_change"] == pytest.approx([0.0, -1.2, 0.0, -2.0])


def test_a_score_on_the_threshold_says_which_way_flips_it() -> None:
    """D01 rated 4 and D02 rated 0, weights 1 and 1: the score is 2.0, on the threshold, where
    the analogy holds. A lower weight for D01 or a higher one for D02 pulls the score below 2
    and flips it; D03, rated 3 at weight 0, can only push the score up."""
    state = analogy_charts.explorer_state(
        {"D01": 4, "D02": 0, "D03": 3}, {"D01": 1, "D02": 1, "D03": 0}
    )
    assert state["verdict"] == "2.00 of 4: the analogy mostly holds"
    assert state["flip_text"] == [
        "on the threshold: any lower weight flips it",
        "on the threshold: any higher weight flips it",
        "no weight from 0 to 4 flips it (boundary 0.0)",
    ]
    assert state["flip_change"] == [0.0, 0.0, 0.0]


def test_explorer_with_no_judgements_opens_on_the_authored_example() -> None:
    """verdict_explorer() with no arguments: each row's two sliders show the CSV's example
    rating and weight, in the CSV's order of dimensions."""
    box = analogy_charts.verdict_explorer()
    rows = _rows("analogy_dimensions")
    sliders = [row.children[1:] for row in box.children[: len(rows)]]
    shown = [(rating.value, weight.value) for rating, weight in sliders]
    expected = [(int(r["example_rating"]), int(r["example_weight"])) for r in rows]
    assert shown == expected


@pytest.mark.parametrize(("threshold", "written"), [(2.0, "2"), (2.5, "2.5")])
def test_verdict_panel_names_the_threshold_its_dashed_line_marks(
    threshold: float, written: str
) -> None:
    """The top panel's title and the description state the threshold the dashed line sits at."""
    spec = analogy_charts.verdict_chart(threshold=threshold).to_dict()
    (_, rule, _), _, _ = _layers(spec)
    assert spec["datasets"][rule["data"]["name"]] == [{"threshold": threshold}]
    assert spec["vconcat"][0]["title"] == f"Your verdict (dashed line: the threshold, {written})"
    assert f"dashed black line at the threshold {written} and the verdict" in spec["description"]
