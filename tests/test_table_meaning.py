"""Every table a lesson (02-07) shows from a topic module keeps the meaning of its columns.

A table can keep its shape and its ranking while a column quietly changes meaning (two
columns swapped, a share that loses its normalisation, a percent change against the wrong
base). Each test here recomputes a column from ``data/*.csv`` with plain pandas, or from
the definition the lesson states, and compares it with the table the lesson shows.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd
import pytest

from cartel_lab import (
    analogy,
    coalition,
    model,
    network,
    network_measures,
    strategy,
    verdicts,
    violence,
)
from tests.vega_spec import csv

SINALOA, CJNG, CHAPITOS = "N10013", "N10025", "N10091"


# =============================================================== lesson 02 ===


def _series_rows() -> dict[str, pd.DataFrame]:
    """The rows each catalogue series uses, chosen from the CSVs as the lesson says."""
    homicides = csv("mexico_homicides")
    disappeared = csv("mexico_disappeared_by_year")
    overdoses = csv("us_overdose_deaths").query("drug_category == 'all_drugs'")
    rates = csv("us_overdose_death_rates").query("drug_category == 'all_drugs'")
    return {
        "homicides": homicides[homicides["preferred"].astype(str).str.lower() == "true"],
        "homicide_rate": csv("mexico_homicide_rates"),
        "disappeared_rnped": disappeared.query("series == 'rnped_open_investigations'"),
        "disappeared_rnpdno": disappeared.query("series == 'rnpdno_scrape_not_located'"),
        "us_overdose_deaths": overdoses[overdoses["period"] == "calendar year"],
        "us_overdose_rate": rates,
    }


def test_catalogue_years_op_ed_number_and_table_mean_what_they_say() -> None:
    table = violence.catalogue().set_index("series")
    numbers = csv("claim_numbers")
    for name, rows in _series_rows().items():
        row = table.loc[name]
        assert row["years"] == f"{rows['year'].min()}-{rows['year'].max()}", name
        tested = numbers[numbers["test_table"] == row["table"]]
        if pd.notna(row["op_ed_number"]):
            assert row["op_ed_number"] in set(tested["value"].astype(float)), name
    assert table.loc["homicides", "op_ed_number"] == 30000
    assert pd.isna(table.loc["us_overdose_deaths", "op_ed_number"])  # the op-ed has none


@pytest.mark.parametrize("name", ["homicides", "disappeared_rnped", "us_overdose_deaths"])
def test_series_value_status_and_segment_are_the_csv_rows(name: str) -> None:
    rows = _series_rows()[name].sort_values("year")
    shown = violence.series(name).sort_values("year")
    assert shown["year"].tolist() == rows["year"].tolist()
    value = {"homicides": "homicides", "disappeared_rnped": "persons"}.get(name, "deaths")
    assert shown["value"].tolist() == rows[value].astype(float).tolist()
    if name == "homicides":
        assert shown["segment"].tolist() == rows["series"].tolist()
        assert set(shown["status"]) == {"final"}  # preferred rows are the definitive counts
    if name == "us_overdose_deaths":
        provisional = rows["data_status"] == "provisional"
        assert (shown["status"] == "preliminary or provisional").tolist() == provisional.tolist()


def test_vocabulary_has_the_five_verdicts_each_with_its_meaning_and_question() -> None:
    table = verdicts.vocabulary()
    assert table.iloc[:, 0].tolist() == list(verdicts.VERDICT_LABELS)
    assert len(table) == 5
    for row in table.itertuples(index=False):
        label, meaning, question = row[0], row[1], row[2]
        assert meaning != label and question.strip().endswith("?"), label


# =============================================================== lesson 03 ===


@pytest.fixture(scope="module")
def ties() -> pd.DataFrame:
    return csv("cartel_ties")[["group_a", "group_b", "tie", "weight"]]


def _weights(ties: pd.DataFrame, group: str, tie: str) -> dict[str, int]:
    chosen = ties[ties["tie"] == tie]
    found = {}
    for row in chosen.itertuples():
        if row.group_a == group:
            found[row.group_b] = row.weight
        elif row.group_b == group:
            found[row.group_a] = row.weight
    return found


def test_group_measures_count_and_weigh_each_kind_of_tie(ties: pd.DataFrame) -> None:
    table = network_measures.group_measures(network.ties()).set_index("group_id")
    for group in (SINALOA, CJNG, CHAPITOS, "N10001"):
        allied, rival = _weights(ties, group, "alliance"), _weights(ties, group, "rivalry")
        row = table.loc[group]
        assert (row["allies"], row["rivals"]) == (len(allied), len(rival))
        assert row["alliance_strength"] == sum(allied.values())
        assert row["rivalry_strength"] == sum(rival.values())
        assert row["strength"] == row["alliance_strength"] + row["rivalry_strength"]
    assert table["strength"].is_monotonic_decreasing


@pytest.mark.parametrize("kind", ["alliance", "rivalry"])
def test_allies_and_rivals_list_each_partner_with_its_tie_weight(
    ties: pd.DataFrame, kind: str
) -> None:
    listed = (network_measures.allies if kind == "alliance" else network_measures.rivals)(
        network.ties(), SINALOA
    )
    expected = _weights(ties, SINALOA, kind)
    assert dict(zip(listed["group_id"], listed["weight"], strict=True)) == expected
    assert listed["weight"].is_monotonic_decreasing
    names = csv("cartel_groups").set_index("group_id")["name"]
    assert (listed["name"] == listed["group_id"].map(names)).all()


def test_shared_rivals_carry_each_groups_own_weight(ties: pd.DataFrame) -> None:
    table = network_measures.shared_rivals(network.ties(), CJNG, CHAPITOS)
    first, second = _weights(ties, CJNG, "rivalry"), _weights(ties, CHAPITOS, "rivalry")
    assert set(table["group_id"]) == set(first) & set(second)
    for row in table.itertuples(index=False):
        assert getattr(row, f"weight_{CJNG}") == first[row.group_id]
        assert getattr(row, f"weight_{CHAPITOS}") == second[row.group_id]


def _alliance_graph(ties: pd.DataFrame) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from(
        (row.group_a, row.group_b) for row in ties[ties["tie"] == "alliance"].itertuples()
    )
    return graph


def test_bloc_summary_sizes_and_strongest_members(ties: pd.DataFrame) -> None:
    graph = _alliance_graph(ties)
    strength = (
        pd.concat(
            [ties.groupby("group_a")["weight"].sum(), ties.groupby("group_b")["weight"].sum()]
        )
        .groupby(level=0)
        .sum()
    )
    names = csv("cartel_groups").set_index("group_id")["name"]
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    table = network_measures.bloc_summary(network.ties())
    assert table["groups"].tolist() == [len(c) for c in components if len(c) >= 2]
    assert table["bloc"].tolist() == list(range(1, len(table) + 1))
    for row, members in zip(table.itertuples(), components, strict=False):
        top = max(strength[list(members)])
        assert row.strongest_member in {names[g] for g in members if strength[g] == top}


def test_brokers_betweenness_is_networkx_normalised_share_and_pieces_are_real(
    ties: pd.DataFrame,
) -> None:
    graph = _alliance_graph(ties)
    graph.add_nodes_from(csv("cartel_groups")["group_id"])
    raw = nx.betweenness_centrality(graph, normalized=False)
    n = graph.number_of_nodes()
    table = network_measures.brokers(network.ties())
    assert table["betweenness"].between(0, 1).all()
    for row in table.itertuples():
        # Freeman's share: pairs of other groups whose shortest paths pass through this one.
        assert row.betweenness == pytest.approx(
            raw[row.group_id] / ((n - 1) * (n - 2) / 2), abs=1e-4
        )
        bloc = nx.node_connected_component(graph, row.group_id) - {row.group_id}
        assert row.pieces_without == nx.number_connected_components(graph.subgraph(bloc))
    assert table["betweenness"].is_monotonic_decreasing
    assert table["group_id"].iloc[0] == CJNG


def test_chance_balanced_share_is_p_cubed_plus_three_p_one_minus_p_squared(
    ties: pd.DataFrame,
) -> None:
    kinds = ties.groupby(
        [ties[["group_a", "group_b"]].min(axis=1), ties[["group_a", "group_b"]].max(axis=1)]
    )["tie"].agg(set)
    clear = [next(iter(k)) for k in kinds if len(k) == 1]
    p = clear.count("alliance") / len(clear)
    assert network_measures.chance_balanced_share(network.ties()) == pytest.approx(
        p**3 + 3 * p * (1 - p) ** 2
    )


@pytest.mark.parametrize("scenario", ["Sinaloa + CJNG", "Los Chapitos + CJNG"])
def test_merger_comparison_change_is_after_minus_before_in_percent_of_before(
    ties: pd.DataFrame, scenario: str
) -> None:
    table = network_measures.merger_comparison(scenario).set_index("measure")
    assert (table["change"] == table["after"] - table["before"]).all()
    with_base = table[table["before"] != 0]
    assert with_base["change_pct"].tolist() == pytest.approx(
        (100 * with_base["change"] / with_base["before"]).round(1).tolist()
    )
    counts = ties["tie"].value_counts()
    assert table.loc["alliance ties", "before"] == counts["alliance"]
    assert table.loc["rivalry ties", "before"] == counts["rivalry"]
    graph = _alliance_graph(ties)
    sizes = [len(c) for c in nx.connected_components(graph)]
    assert table.loc["groups in the largest bloc", "before"] == max(sizes)
    assert table.loc["blocs of 2+ groups", "before"] == sum(size >= 2 for size in sizes)
    pair = network.SUPER_CARTELS[scenario]
    shared = set(_weights(ties, pair[0], "rivalry")) & set(_weights(ties, pair[1], "rivalry"))
    assert table.loc["rivals the pair shares", "before"] == len(shared)


def test_triangles_are_three_mutually_tied_groups_with_their_alliances_counted(
    ties: pd.DataFrame,
) -> None:
    table = network_measures.triangles(network.ties())
    pairs: dict[frozenset, set[str]] = {}
    for row in ties.itertuples():
        pairs.setdefault(frozenset((row.group_a, row.group_b)), set()).add(row.tie)
    for row in table.itertuples():
        trio = (row.group_1, row.group_2, row.group_3)
        assert list(trio) == sorted(trio)
        kinds = [pairs[frozenset(p)] for p in combinations(trio, 2)]
        if row.verdict == "unclear":
            assert any(len(k) == 2 for k in kinds)
        else:
            assert row.alliances == sum(k == {"alliance"} for k in kinds)
            assert row.verdict == ("balanced" if (3 - row.alliances) % 2 == 0 else "unbalanced")


# =============================================================== lesson 04 ===


def test_compare_scenarios_percent_changes_are_against_2022_and_the_baseline() -> None:
    table = model.compare_scenarios().set_index("scenario")
    start = model.history().totals().iloc[-1]
    base = table.iloc[0]
    assert table.index[0] == "baseline (status quo)"
    halved = model.project(5, recruitment=0.5).totals().iloc[-1]
    row = table.loc["recruitment halved"]
    assert row["members"] == pytest.approx(halved["members"])
    for column in ("members", "conflict_deaths"):
        assert row[f"{column}_vs_2022_pct"] == pytest.approx(
            (row[column] - start[column]) / start[column] * 100
        )
        assert row[f"{column}_vs_baseline_pct"] == pytest.approx(
            (row[column] - base[column]) / base[column] * 100
        )
    assert (table.loc["baseline (status quo)", ["members_vs_baseline_pct"]] == 0).all()


def test_sensitivity_change_is_against_the_calibrated_run_and_direction_is_the_move() -> None:
    table = model.sensitivity()
    totals = model.history().totals()
    members_2022 = totals["members"].iloc[-1]
    rows = table[table["outcome"] == "members, 1 Jan 2022"].set_index(["input", "direction"])
    for (name, direction), row in rows.iterrows():
        assert row["change_pct"] == pytest.approx(
            (row["value"] - members_2022) / members_2022 * 100
        )
        assert direction in ("-10%", "+10%"), name
    # Starting with 10 % more members gives more members in 2022, not fewer.
    assert rows.loc[("members in 2012", "+10%"), "value"] > members_2022
    assert rows.loc[("members in 2012", "-10%"), "value"] < members_2022
    assert rows.loc[("recruitment (rho)", "+10%"), "value"] > members_2022


def test_reproduction_table_difference_is_zero_inside_the_range_else_module_minus_middle() -> None:
    published = pd.concat([csv("model_results"), csv("model_press_figures")], ignore_index=True)
    table = model.reproduction_table(csv("model_results"), csv("model_press_figures"))
    for row in table.itertuples():
        source = published[published["result_id"] == row.result_id].iloc[0]
        assert (row.value_low, row.value_high) == (source["value_low"], source["value_high"])
        inside = source["value_low"] - 1e-6 <= row.module <= source["value_high"] + 1e-6
        middle = (source["value_low"] + source["value_high"]) / 2
        assert row.difference == pytest.approx(0 if inside else row.module - middle), row.result_id
    members = table.set_index("result_id").loc["M01", "module"]
    assert members == pytest.approx(model.history().totals()["members"].iloc[-1])


def test_parameter_table_values_are_the_calibrated_rates() -> None:
    table = model.parameter_table().set_index("parameter")
    for name in model.PARAMETER_NAMES:
        assert table.loc[name, "value"] == getattr(model.CALIBRATED, name)
        assert table.loc[name, "unit"] and table.loc[name, "meaning"]
    doubled = model.parameter_table(model.CALIBRATED.scaled(rho=2.0)).set_index("parameter")
    assert doubled.loc["rho", "value"] == pytest.approx(2 * table.loc["rho", "value"])


# =============================================================== lesson 05 ===


def _window(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    parts = label.split("-")
    if len(parts) == 3:
        return pd.Timestamp(label), pd.Timestamp(label)
    first = pd.Timestamp(f"{label}-01")
    return first, first + pd.offsets.MonthEnd(0)


def test_loss_rates_are_km2_lost_over_months_between_midpoints_and_window_ends() -> None:
    held = csv("isis_territory").query("measure == 'held'").reset_index(drop=True)
    month = 365.25 / 12
    table = coalition.territory_loss_rates()
    assert len(table) == len(held) - 1
    for number, row in table.iterrows():
        before, after = held.iloc[number], held.iloc[number + 1]
        (b0, b1), (a0, a1) = _window(before["as_of"]), _window(after["as_of"])
        lost = before["km2"] - after["km2"]
        middle = ((a0 + (a1 - a0) / 2).floor("D") - (b0 + (b1 - b0) / 2).floor("D")).days / month
        assert (row["from"], row["to"], row["km2_lost"]) == (before["as_of"], after["as_of"], lost)
        assert row["months"] == pytest.approx(middle)
        assert row["km2_per_month"] == pytest.approx(lost / middle)
        assert row["km2_per_month_low"] == pytest.approx(lost / ((a1 - b0).days / month))
        assert row["km2_per_month_high"] == pytest.approx(lost / ((a0 - b1).days / month))
        assert row["km2_per_month_low"] <= row["km2_per_month"] <= row["km2_per_month_high"]


@pytest.mark.parametrize("per", ["year", "month"])
def test_revenue_ranges_are_the_lowest_and_highest_total_of_each_year(per: str) -> None:
    revenue = csv("isis_revenue").query("stream == 'total' and per == @per")
    table = coalition.revenue_ranges(per).set_index("year")
    assert sorted(table.index) == sorted(revenue["year"].unique())
    for year, rows in revenue.groupby("year"):
        row = table.loc[year]
        assert (row["lowest"], row["highest"]) == (rows["usd_low"].min(), rows["usd_high"].max())
        assert row["ratio"] == pytest.approx(rows["usd_high"].max() / rows["usd_low"].min())
        assert row["estimates"] == len(rows)


def test_fighter_counts_are_people_only_and_keep_low_and_high_apart() -> None:
    fighters = csv("isis_foreign_fighters")
    people = fighters[fighters["unit"] == "people"]
    table = coalition.fighter_counts()
    assert len(table) == len(people)
    assert (table["value_low"] <= table["value_high"]).all()
    assert table["value_low"].tolist() == people["value_low"].tolist()
    assert table["value_high"].tolist() == people["value_high"].tolist()
    assert table["scope"].tolist() == people["scope"].tolist()


def test_dated_members_are_exact_days_with_the_later_count_of_a_day() -> None:
    members = csv("global_coalition_members").dropna(subset=["as_of"])
    exact = members[members["as_of"].str.len() == 10]
    table = coalition.dated_members()
    assert table["as_of"].tolist() == sorted(exact["as_of"].unique())
    assert table["members"].tolist() == exact.groupby("as_of")["members"].max().tolist()
    assert coalition.members_added("2018-02-13", "2019-02-06") == 79 - 75


def test_territory_liberated_is_the_flow_and_held_is_left_out() -> None:
    territory = csv("isis_territory")
    table = coalition.territory_liberated()
    flows = territory[territory["measure"] == "liberated_during_period"]
    assert table["km2"].tolist() == flows["km2"].tolist()
    assert table["estimator"].tolist() == flows["estimator"].tolist()


def test_events_between_keeps_the_events_whose_date_falls_in_the_period() -> None:
    events = csv("campaign_events")
    table = coalition.events_between("2017-01-01", "2017-12-31")
    inside = [
        e
        for e, d in zip(events["event_id"], events["date"], strict=True)
        if _window(d)[1] >= pd.Timestamp("2017-01-01")
        and _window(d)[0] <= pd.Timestamp("2017-12-31")
    ]
    assert table["event_id"].tolist() == inside


def test_share_of_affiliates_divides_by_the_same_counts_total() -> None:
    fighters = csv("isis_foreign_fighters").query("as_of == '2019-07'").set_index("measure")
    share = coalition.share_of_affiliates("women", "2019-07")
    assert 0 < share < 1
    assert share == pytest.approx(
        fighters.loc["women", "value_high"] / fighters.loc["foreign_affiliates", "value_high"]
    )


# --------------------------------------- what a lesson's tables are called ---


def test_lesson_03_tables_keep_the_columns_the_lesson_names() -> None:
    """Students read these column names in lesson 03 and its exercise; a stray or renamed
    column (an ``index`` left by a reset, ``bloc`` renamed) is what they would see."""
    ties = network.ties()
    assert list(network_measures.group_measures(ties).columns) == [
        "group_id", "name", "short_name", "state",
        "allies", "alliance_strength", "rivals", "rivalry_strength", "strength",
    ]  # fmt: skip
    partners = ["group_id", "name", "short_name", "state", "weight"]
    assert list(network_measures.allies(ties, SINALOA).columns) == partners
    assert list(network_measures.rivals(ties, SINALOA).columns) == partners
    assert list(network_measures.blocs(ties).columns) == ["group_id", "name", "bloc", "bloc_size"]
    assert list(network_measures.bloc_summary(ties).columns) == [
        "bloc",
        "groups",
        "strongest_member",
    ]
    assert list(network_measures.brokers(ties).columns) == [
        "group_id", "name", "bloc", "betweenness", "pieces_without",
    ]  # fmt: skip
    assert list(network_measures.triangles(ties).columns) == [
        "group_1", "group_2", "group_3", "alliances", "pattern", "verdict",
    ]  # fmt: skip
    assert list(network_measures.balance_counts(ties).columns) == [
        "pattern", "reading", "verdict", "triangles",
    ]  # fmt: skip
    for table in (
        network_measures.group_measures(ties),
        network_measures.allies(ties, SINALOA),
        network_measures.brokers(ties),
        network_measures.triangles(ties),
    ):
        assert table.index.tolist() == list(range(len(table))), "a fresh 0..n-1 index"


def test_brokers_show_betweenness_to_four_decimals_and_each_groups_bloc(ties: pd.DataFrame) -> None:
    graph = _alliance_graph(ties)
    graph.add_nodes_from(csv("cartel_groups")["group_id"])
    share = nx.betweenness_centrality(graph)
    table = network_measures.brokers(network.ties())
    blocs = network_measures.blocs(network.ties()).set_index("group_id")["bloc"]
    for row in table.itertuples():
        assert row.betweenness == round(share[row.group_id], 4)
        assert row.bloc == blocs[row.group_id]
    assert len(table) == 10


def test_merger_comparison_counts_balanced_and_unbalanced_triangles_by_the_rule(
    ties: pd.DataFrame,
) -> None:
    table = network_measures.merger_comparison("Sinaloa + CJNG").set_index("measure")
    assert list(table.index) == [
        "alliance ties",
        "rivalry ties",
        "blocs of 2+ groups",
        "groups in the largest bloc",
        "rivals of the pair (either)",
        "rivals the pair shares",
        "balanced triangles",
        "unbalanced triangles",
    ]
    pairs: dict[frozenset, set[str]] = {}
    for row in ties.itertuples():
        pairs.setdefault(frozenset((row.group_a, row.group_b)), set()).add(row.tie)
    counts = {"balanced": 0, "unbalanced": 0}
    groups_tied: dict[str, set[str]] = {}
    for pair in pairs:
        a, b = tuple(pair)
        groups_tied.setdefault(a, set()).add(b)
        groups_tied.setdefault(b, set()).add(a)
    for a, b, c in (
        (x, y, z)
        for x in groups_tied
        for y in groups_tied[x]
        for z in groups_tied[x] & groups_tied[y]
        if x < y < z
    ):
        kinds = [pairs[frozenset(p)] for p in ((a, b), (a, c), (b, c))]
        if all(len(k) == 1 for k in kinds):
            rivalries = sum(k == {"rivalry"} for k in kinds)
            counts["balanced" if rivalries % 2 == 0 else "unbalanced"] += 1
    assert table.loc["balanced triangles", "before"] == counts["balanced"]
    assert table.loc["unbalanced triangles", "before"] == counts["unbalanced"]
    either = set(_weights(ties, SINALOA, "rivalry")) | set(_weights(ties, CJNG, "rivalry"))
    assert table.loc["rivals of the pair (either)", "before"] == len(either - {SINALOA, CJNG})


def test_top_groups_are_the_n_largest_by_the_column_asked_and_a_bad_column_is_named() -> None:
    ties = network.ties()
    measures = network_measures.group_measures(ties)
    top = network_measures.top_groups(ties, n=5, by="rivals")
    assert len(top) == 5
    assert top["rivals"].tolist() == sorted(measures["rivals"], reverse=True)[:5]
    ties_at_fifth = measures[measures["rivals"] == top["rivals"].iloc[-1]]["group_id"]
    assert top["group_id"].iloc[-1] == min(set(ties_at_fifth) - set(top["group_id"].iloc[:-1]))
    assert (
        network_measures.top_groups(ties)["group_id"].tolist()
        == measures["group_id"].head(10).tolist()
    )
    with pytest.raises(ValueError, match="must be one of allies, rivals") as raised:
        network_measures.top_groups(ties, by="size")
    assert "'size'" in str(raised.value)


# ------------------------------------ lesson 05: columns, edges and messages ---


def test_lesson_05_tables_keep_the_columns_the_lesson_names() -> None:
    assert list(coalition.territory_liberated().columns) == ["as_of", "km2", "estimator", "note"]
    assert list(coalition.fighter_counts().columns) == [
        "as_of", "estimator", "measure", "scope", "value_low", "value_high", "qualifier",
    ]  # fmt: skip
    assert list(coalition.revenue_ranges("year").columns) == [
        "year", "lowest", "highest", "ratio", "estimates", "estimators",
    ]  # fmt: skip
    assert list(coalition.lines_of_effort_evidence().columns) == [
        "line_of_effort", "tables", "what_the_data_shows", "what_it_cannot_show",
    ]  # fmt: skip
    assert list(coalition.events_between("2017-01-01", "2017-12-31").columns) == [
        "event_id", "date", "event", "line_of_effort",
    ]  # fmt: skip
    for table in (
        coalition.territory_liberated(),
        coalition.fighter_counts(),
        coalition.events_between("2017-01-01", "2017-12-31"),
    ):
        assert table.index.tolist() == list(range(len(table))), "a fresh 0..n-1 index"


def test_revenue_ranges_name_every_estimator_of_the_year() -> None:
    revenue = csv("isis_revenue").query("stream == 'total' and per == 'month'")
    table = coalition.revenue_ranges("month").set_index("year")
    for year, rows in revenue.groupby("year"):
        assert table.loc[year, "estimators"] == ", ".join(sorted(set(rows["estimator"])))


def test_topic_functions_read_the_table_they_are_given() -> None:
    """Each takes an optional table (a student's filtered copy) and must use it, not the file."""
    territory = csv("isis_territory")
    halved = territory.assign(km2=territory["km2"] / 2)
    assert (
        coalition.territory_liberated(halved)["km2"].tolist()
        == (territory.query("measure == 'liberated_during_period'")["km2"] / 2).tolist()
    )
    held = coalition.territory_held(halved)
    assert coalition.loss_per_month("2016-07-04", "2016-10-03", held) == pytest.approx(
        coalition.loss_per_month("2016-07-04", "2016-10-03") / 2
    )
    revenue = csv("isis_revenue")
    doubled = revenue.assign(usd_low=revenue["usd_low"] * 2, usd_high=revenue["usd_high"] * 2)
    assert (
        coalition.revenue_ranges("year", doubled)["lowest"].tolist()
        == (coalition.revenue_ranges("year")["lowest"] * 2).tolist()
    )
    fighters = csv("isis_foreign_fighters")
    people = fighters[fighters["unit"] == "people"]
    assert len(coalition.fighter_counts(people.head(3))) == 3
    women = people.assign(value_high=people["value_high"].where(people["measure"] != "women", 0))
    assert coalition.share_of_affiliates("women", "2019-07", women) == 0
    events = csv("campaign_events").head(3)
    assert coalition.events_between("2012-01-01", "2023-12-31", events)["event_id"].tolist() == (
        events["event_id"].tolist()
    )


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        ("2014-06-10", "2014-06-11", ["E01"]),  # the event's own day opens the period
        ("2014-06-01", "2014-06-10", ["E01"]),  # ... or closes it
        ("2014-09-30", "2014-10-05", ["E04"]),  # a month-dated event reaches its last day
        ("2014-08-20", "2014-09-01", ["E04"]),  # ... and its first
        ("2014-06-11", "2014-06-28", []),
    ],
)
def test_events_between_counts_a_date_window_that_touches_the_period(
    start: str, end: str, inside: list[str]
) -> None:
    assert coalition.events_between(start, end)["event_id"].tolist() == inside


def test_period_messages_name_what_runs_from_when_to_when() -> None:
    with pytest.raises(ValueError) as raised:
        coalition.events_between("2011-01-01", "2013-01-01")
    assert "The timeline runs from 2012-01-01 to 2023-12-31" in str(raised.value)
    with pytest.raises(ValueError) as raised:
        coalition.loss_per_month("2015-01-01", "2016-07-04")
    assert "Exactly dated territory data runs from 2016-07-04 to 2017-06-26" in str(raised.value)
    with pytest.raises(ValueError) as raised:
        coalition.loss_per_month("2016-07-04", "2016-12-31")
    assert "use one of 2016-07-04, 2016-10-03, 2017-06-26" in str(raised.value)


def test_a_missing_category_is_named_with_the_dates_that_have_totals() -> None:
    with pytest.raises(ValueError) as raised:
        coalition.share_of_affiliates("children", "2019-07")
    message = str(raised.value)
    assert "for 2018-07, 2019-07;" in message
    with pytest.raises(ValueError, match="No 'women' count beside"):
        coalition.share_of_affiliates("women", "2014-06")


def test_deaths_by_edition_names_the_provider_and_the_run_of_every_value() -> None:
    deaths = csv("terrorism_deaths")
    table = coalition.terrorism_deaths_by_edition()
    providers = {
        "start_gtd": "START Global Terrorism Database",
        "dragonfly_terrorismtracker": "Dragonfly TerrorismTracker",
    }
    assert len(table) == len(deaths)
    assert Counter(table["era"]) == Counter(deaths["data_era"].map(providers))
    expected_runs = Counter(
        providers[era] + " · " + (edition if isinstance(edition, str) else "edition not stated")
        for era, edition in zip(deaths["data_era"], deaths["gti_edition"], strict=True)
    )
    assert Counter(table["run"]) == expected_runs
    only_start = deaths[deaths["data_era"] == "start_gtd"]
    assert len(coalition.terrorism_deaths_by_edition(only_start)) == len(only_start)


def test_revenue_estimates_carry_each_periods_first_and_last_day() -> None:
    table = coalition.revenue_estimates()
    windows = {
        "2014": ("2014-01-01", "2014-12-31"),
        "mid-2015": ("2015-05-01", "2015-08-31"),
        "2015-Q2": ("2015-04-01", "2015-06-30"),
        "2016-03": ("2016-03-01", "2016-03-31"),
    }
    for row in table.itertuples():
        if row.period in windows:
            first, last = windows[row.period]
            assert (row.first_day, row.last_day) == (pd.Timestamp(first), pd.Timestamp(last))
    assert table.index.tolist() == list(range(len(table)))
    revenue = csv("isis_revenue")
    assert len(coalition.revenue_estimates(revenue.head(2))) == 2


def test_members_added_and_members_on_read_the_table_they_are_given() -> None:
    members = csv("global_coalition_members")
    more = members.assign(members=members["members"] + 10 * (members["as_of"] == "2019-02-06"))
    assert coalition.members_added("2018-02-13", "2019-02-06", more) == 89 - 75
    assert coalition.members_on("2019-02-06", more) == 89
    assert list(coalition.dated_members(more).columns) == ["as_of", "members"]
    with pytest.raises(ValueError) as raised:
        coalition.members_on("2018-01-01")
    assert "the first is 2018-02-13" in str(raised.value)
    with pytest.raises(ValueError) as raised:
        coalition.members_added("2017-01-01", "2019-02-06")
    assert "Exactly dated member counts runs from 2018-02-13 to 2023-06-08" in str(raised.value)
    with pytest.raises(ValueError, match="must end after it starts"):
        coalition.members_added("2019-02-06", "2019-02-06")


def test_loss_rates_read_the_held_table_they_are_given() -> None:
    held = coalition.territory_held()
    two = held[held["as_of"].isin(["2016-07-04", "2016-10-03"])].reset_index(drop=True)
    rates = coalition.territory_loss_rates(two)
    assert len(rates) == 1
    days = (pd.Timestamp("2016-10-03") - pd.Timestamp("2016-07-04")).days
    assert rates["km2_per_month_high"].iloc[0] == pytest.approx(2800 / (days / (365.25 / 12)))


def test_verdict_messages_list_the_labels_and_columns_a_student_must_give() -> None:
    assert list(verdicts.vocabulary().columns) == ["verdict", "meaning", "ask"]
    with pytest.raises(ValueError) as raised:
        verdicts.verdict("true")
    labels = ", ".join(repr(label) for label in verdicts.VERDICT_LABELS)
    assert str(raised.value) == f"'true' is not one of the module's verdicts: {labels}."
    columns = "claim_id, claim, number, closest_series, what_it_shows, verdict"
    with pytest.raises(ValueError) as raised:
        verdicts.verdict_table([{"claim_id": "A05", "claim": "x", "number": "1"}])
    assert str(raised.value) == (
        f"A verdict table needs at least one row with the columns {columns}; "
        "missing: closest_series, what_it_shows, verdict."
    )
    with pytest.raises(ValueError, match="needs at least one row"):
        verdicts.verdict_table([])


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("n10013", ["N10013", "N10012", "N10014"]),  # by number, whatever the case of the N
        ("N1001A", ["N10010", "N10011", "N10012"]),  # by characters: one differs
    ],
)
def test_an_unknown_id_suggests_the_nearest_ids_in_order(typed: str, nearest: list[str]) -> None:
    names = csv("cartel_groups").set_index("group_id")["name"]
    with pytest.raises(ValueError) as raised:
        network.check_group(typed)
    suggested = ", ".join(f"{gid} ({names[gid]})" for gid in nearest)
    assert str(raised.value).endswith(f"the nearest are {suggested}.")


def test_name_of_is_the_published_name_of_that_id() -> None:
    names = csv("cartel_groups").set_index("group_id")["name"]
    for group in (SINALOA, CJNG, "N10001"):
        assert network.name_of(group) == names[group]
    with pytest.raises(ValueError, match="is not a group id"):
        network.name_of("N99999")


def test_a_period_past_the_last_date_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the data: The timeline runs from"):
        coalition.events_between("2023-01-01", "2024-06-01")
    with pytest.raises(ValueError, match="outside the data"):
        coalition.members_added("2018-02-13", "2024-01-01")


# =============================================================== lesson 06 ===


def _dimension_ids() -> list[str]:
    return csv("analogy_dimensions")["dimension_id"].tolist()


def test_matrix_rows_are_the_csvs_cells_with_the_dimensions_name_and_evidence_in_words() -> None:
    cells = csv("analogy_matrix")
    names = csv("analogy_dimensions").set_index("dimension_id")["dimension"]
    shown = analogy.matrix()
    assert len(shown) == len(cells)
    for row in shown.itertuples():
        source = cells[(cells["dimension_id"] == row.dimension_id) & (cells["side"] == row.side)]
        source = source.iloc[0]
        assert row.dimension == names[row.dimension_id]
        assert row.description == source["description"], (row.dimension_id, row.side)
        if pd.isna(source["evidence"]):
            assert row.evidence_shown == "no evidence in the package"
        else:
            assert row.evidence_shown.split("; ") == source["evidence"].split(";")


def test_side_by_side_puts_each_sides_description_and_evidence_under_its_own_name() -> None:
    cells = csv("analogy_matrix").set_index(["dimension_id", "side"])
    table = analogy.side_by_side()
    assert table["dimension_id"].tolist() == _dimension_ids()
    for row in table.itertuples():
        for side in ("isis", "cartels"):
            source = cells.loc[(row.dimension_id, side)]
            assert getattr(row, side) == source["description"], (row.dimension_id, side)
            evidence = getattr(row, f"{side}_evidence")
            if pd.notna(source["evidence"]):
                assert evidence.split("; ") == source["evidence"].split(";")


def test_op_ed_mapping_has_a_row_per_dimension_and_line_and_the_lines_isis_campaign() -> None:
    dims = csv("analogy_dimensions")
    campaigns = csv("analogy_lines").set_index("line_id")["isis_campaign"]
    expected = []
    for row in dims.itertuples():
        lines = [] if pd.isna(row.line_ids) else row.line_ids.split(";")
        for line in lines or [None]:
            expected.append((row.dimension_id, row.dimension, line))
    table = analogy.op_ed_mapping()
    shown = [
        (d, name, None if pd.isna(line) else line)
        for d, name, line in zip(
            table["dimension_id"], table["dimension"], table["line_id"], strict=True
        )
    ]
    assert shown == expected
    for row in table.itertuples():
        if pd.isna(row.line_id):
            assert pd.isna(row.isis_campaign), row.dimension_id
        else:
            assert row.isis_campaign == campaigns[row.line_id], (row.dimension_id, row.line_id)


def test_contributions_rating_weight_share_and_contribution_are_the_definitions() -> None:
    dims = csv("analogy_dimensions").set_index("dimension_id")
    ratings, weights = analogy.example_ratings(), analogy.example_weights()
    table = analogy.contributions(ratings, weights).set_index("dimension_id")
    total = dims["example_weight"].sum()
    assert table.index.tolist() == _dimension_ids()
    for dim, row in table.iterrows():
        rating, weight = dims.loc[dim, "example_rating"], dims.loc[dim, "example_weight"]
        assert (row["dimension"], row["rating"], row["weight"]) == (
            dims.loc[dim, "dimension"],
            rating,
            weight,
        )
        assert row["weight_share"] == pytest.approx(weight / total), dim
        assert row["contribution"] == pytest.approx(weight * rating / total), dim
    assert table["weight_share"].sum() == pytest.approx(1)


# Two weights flip it upwards, one downwards, one cannot: (12 + 0 + 3 + 2) / 8 = 2.125 holds.
FLIP_RATINGS = {"D01": 4, "D02": 0, "D03": 3, "D04": 1}
FLIP_WEIGHTS = {"D01": 3, "D02": 2, "D03": 1, "D04": 2}


def test_flip_weights_put_the_score_on_2_and_within_scale_means_a_flip_from_0_to_4() -> None:
    table = analogy.flip_weights(FLIP_RATINGS, FLIP_WEIGHTS).set_index("dimension_id")
    assert table.index.tolist() == list(FLIP_RATINGS)
    flips = []
    for dim, row in table.iterrows():
        rating, weight = FLIP_RATINGS[dim], FLIP_WEIGHTS[dim]
        assert (row["rating"], row["weight"]) == (rating, weight), dim
        rest = sum(FLIP_WEIGHTS[d] * FLIP_RATINGS[d] for d in FLIP_RATINGS if d != dim)
        rest_weight = sum(FLIP_WEIGHTS[d] for d in FLIP_RATINGS if d != dim)
        needed = (2 * rest_weight - rest) / (rating - 2)
        assert row["weight_to_flip"] == pytest.approx(needed), dim
        assert row["change"] == pytest.approx(needed - weight), dim
        scores = [(rest + end * rating) / (rest_weight + end) for end in (0, 4)]
        flips_on_scale = any(score < 2 for score in scores)  # it holds now (2.125)
        assert bool(row["within_scale"]) is flips_on_scale, dim
        if flips_on_scale:
            flips.append(dim)
    assert flips == ["D01", "D02", "D04"]  # D03 only reaches 2.0 at weight 0: still holds
    assert analogy.single_flips(FLIP_RATINGS, FLIP_WEIGHTS) == flips


# =============================================================== lesson 07 ===


def test_levers_point_to_the_op_eds_own_lines_claims_and_wording() -> None:
    lines = csv("analogy_lines").set_index("line_id")
    claim_ids = set(csv("article_claims")["claim_id"])
    table = strategy.levers()
    assert set(table.loc[table["in_model"], "lever"]) == {
        "recruitment prevention",
        "incapacitation",
    }
    op_ed = table[table["argued_by"].str.startswith("the op-ed")]
    assert sorted(op_ed["line"]) == ["L1", "L2", "L3", "L4", "L5"], "one lever per line"
    for row in table.itertuples():
        claims = [] if not row.claims else row.claims.split(", ")
        assert set(claims) <= claim_ids, row.lever
        if row.line:
            assert row.op_ed_wording == lines.loc[row.line, "cartel_counterpart"], row.lever
            assert claims == lines.loc[row.line, "claim_ids"].split(";"), row.lever
        else:
            assert row.op_ed_wording == "", row.lever
    evidence = strategy.evidence_table()
    assert evidence[["lever", "in_model"]].equals(table[["lever", "in_model"]])
    for row in evidence.itertuples():
        if row.tables == "none":
            assert row.evidence.startswith("None in this module"), row.lever


def test_effects_compare_with_1_january_2022_and_with_doing_nothing_on_todays_network() -> None:
    """A super-cartel strategy is compared with the status quo on TODAY's network (lesson 04's
    baseline), in the same year; rows 260 and 520 of a run are 1 January 2027 and 2032."""
    plan = strategy.strategy(30, 1.5, "Los Chapitos + CJNG")
    run = model.project(
        10, recruitment=0.7, incapacitation=1.5, super_cartel="Los Chapitos + CJNG"
    ).totals()
    base = model.project(10).totals()
    start = model.history().totals().iloc[-1]
    table = strategy.effects(plan)
    expected = []
    for measure, column in (
        ("members", "members"),
        ("conflict deaths per week", "conflict_deaths"),
    ):
        for year, row in ((2027, 260), (2032, 520)):
            value = run[column].iloc[row]
            expected.append(
                (
                    measure,
                    year,
                    value,
                    (value - start[column]) / start[column] * 100,
                    (value - base[column].iloc[row]) / base[column].iloc[row] * 100,
                )
            )
    shown = list(
        table[["measure", "year", "value", "vs_2022_pct", "vs_baseline_pct"]].itertuples(
            index=False
        )
    )
    assert [(m, y) for m, y, *_ in shown] == [(m, y) for m, y, *_ in expected]
    for got, want in zip(shown, expected, strict=True):
        assert list(got[2:]) == pytest.approx(list(want[2:]), rel=1e-9), got[:2]


def test_strategy_space_rows_are_one_setting_network_and_year_against_2022_and_the_baseline() -> (
    None
):
    space = strategy.strategy_space()
    rows = space[
        (space["recruitment_cut"] == 30)
        & (space["incapacitation"] == 1.5)
        & (space["network"] == "Sinaloa + CJNG")
    ]
    run = model.project(
        10, recruitment=0.7, incapacitation=1.5, super_cartel="Sinaloa + CJNG"
    ).totals()
    base = model.project(10).totals()
    start = model.history().totals().iloc[-1]
    assert rows["year"].tolist() == list(range(2022, 2033))
    assert rows["week"].tolist() == [run["week"].iloc[52 * k] for k in range(11)]
    for k, row in enumerate(rows.itertuples()):
        for column in ("members", "conflict_deaths"):
            value = run[column].iloc[52 * k]
            assert getattr(row, column) == pytest.approx(value, rel=1e-9)
            assert getattr(row, f"{column}_vs_2022_pct") == pytest.approx(
                (value - start[column]) / start[column] * 100, rel=1e-9, abs=1e-9
            )
            assert getattr(row, f"{column}_vs_baseline_pct") == pytest.approx(
                (value - base[column].iloc[52 * k]) / base[column].iloc[52 * k] * 100,
                rel=1e-9,
                abs=1e-9,
            )


def test_lesson_07_readings_of_the_effects_tables_hold_in_single_runs() -> None:
    """Lesson 07: halving recruitment brings weekly deaths below 2022 by 2027 and keeps them
    falling; doubling incapacitation saves deaths against doing nothing yet leaves them above
    2022 in 2032; both together go far lower than either alone, against both references."""
    start = model.history().totals()["conflict_deaths"].iloc[-1]
    base = model.project(10).totals()["conflict_deaths"]

    def deaths(recruitment: float, incapacitation: float) -> pd.Series:
        totals = model.project(10, recruitment=recruitment, incapacitation=incapacitation)
        return totals.totals()["conflict_deaths"]

    halved, doubled, both = deaths(0.5, 1.0), deaths(1.0, 2.0), deaths(0.5, 2.0)
    assert halved.iloc[260] < start and halved.iloc[520] < halved.iloc[260]
    assert doubled.iloc[520] < base.iloc[520] and doubled.iloc[520] > start
    assert both.iloc[520] < min(halved.iloc[520], doubled.iloc[520]) < start
    shown = strategy.effects(strategy.strategy(50, 2)).set_index(["measure", "year"])
    row = shown.loc[("conflict deaths per week", 2032)]
    assert row["vs_2022_pct"] == pytest.approx(100 * (both.iloc[520] / start - 1), rel=1e-9)


def test_lesson_07_no_release_reading_triple_arrests_alone_do_not_empty_the_cartels() -> None:
    """Lesson 07 (and its guide's second question): three times today's incapacitation alone
    leaves about a quarter fewer members in 2032 than in 2022, still falling after; the model
    empties the cartels within the decade only where near-triple incapacitation meets a deep
    recruitment cut (80 % or more)."""
    start = model.history().totals()["members"].iloc[-1]
    alone = model.project(20, incapacitation=3.0).totals()["members"]
    assert 0.70 < alone.iloc[520] / start < 0.80  # "about a quarter fewer" in 2032
    assert alone.iloc[1040] < alone.iloc[520]  # "and they keep falling after"
    space = strategy.strategy_space()
    in_2032 = space[(space["year"] == 2032) & (space["network"] == "none")]
    emptied = in_2032[in_2032["members"] < 1]
    assert not emptied.empty
    assert (emptied["incapacitation"] >= 2.75).all() and (emptied["recruitment_cut"] >= 80).all()
