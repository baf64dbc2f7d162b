"""The network, its measures and the merger agree with the replication files and the spec.

Expected values are computed here from the authors' replication files
(``../shared/reference/data``, present in CI), independently of the package's
code: plain sets and loops, no networkx, no pandas reshaping. Where the files
are absent (a user's machine) those tests skip, and fail under ``CI=true``.
"""

from __future__ import annotations

import csv
import os
import re
from itertools import combinations
from pathlib import Path

import pytest

import cartel_lab.charts  # noqa: F401  (switches Altair offline before charts are built)
from cartel_lab import network_charts
from cartel_lab.network import (
    CHAPITOS,
    CJNG,
    SINALOA,
    SUPER_CARTELS,
    check_group,
    graph,
    groups,
    merged,
    tie_ends,
    ties,
    weight_matrices,
)
from cartel_lab.network_measures import (
    balance_counts,
    blocs,
    brokers,
    group_measures,
    merger_comparison,
    shared_rivals,
    triangles,
)
from tests.calls import record_calls
from tests.vega_spec import drawn, svg, svg_once

REPO = Path(__file__).resolve().parent.parent
# The reference work sits beside the repository in CI; CARTEL_LAB_REFERENCE points elsewhere.
REPLICATION = (
    Path(os.environ.get("CARTEL_LAB_REFERENCE", REPO.parent / "shared" / "reference")) / "data"
)


@pytest.fixture(scope="module")
def replication() -> dict[str, object]:
    """Nodes and undirected ties from the replication files: {pair: larger weight} per kind."""
    if not (REPLICATION / "BACRIM2020_Nodes.csv").is_file():
        message = f"replication files not found at {REPLICATION}: they are only beside the repository in CI"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    def read(name: str) -> list[dict[str, str]]:
        with (REPLICATION / name).open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    found: dict[str, object] = {"nodes": {row["Node"]: row for row in read("BACRIM2020_Nodes.csv")}}
    for kind, name in (
        ("alliance", "BACRIM2020_Alliances.csv"),
        ("rivalry", "BACRIM2020_Rivals.csv"),
    ):
        pairs: dict[frozenset[str], int] = {}
        for row in read(name):
            pair = frozenset((row["Node"], row["RNode"]))
            pairs[pair] = max(pairs.get(pair, 0), int(row["weight"]))
        found[kind] = pairs
    return found


def _rows(frame) -> set[tuple[str, str, str, int]]:
    return {(r.group_a, r.group_b, r.tie, int(r.weight)) for r in frame.itertuples()}


def _pairs(replication: dict, kind: str) -> dict[frozenset[str], int]:
    return replication[kind]  # type: ignore[return-value]


# -- the data ------------------------------------------------------------------------------


def test_groups_and_tie_counts_equal_the_replication_files(replication: dict) -> None:
    nodes = replication["nodes"]
    assert groups()["group_id"].tolist() == sorted(nodes)
    assert dict(zip(groups()["group_id"], groups()["name"], strict=True)) == {
        node: row["Group"] for node, row in nodes.items()
    }
    network = ties()
    for kind in ("alliance", "rivalry"):
        ours = {frozenset((a, b)): int(w) for a, b, tie, w in _rows(network) if tie == kind}
        assert ours == _pairs(replication, kind), f"{kind} ties differ from the replication file"
    assert network["tie"].value_counts().to_dict() == {"alliance": 91, "rivalry": 92}


def test_degrees_and_strengths_equal_the_replication_files(replication: dict) -> None:
    measures = group_measures(ties()).set_index("group_id")
    for node in replication["nodes"]:
        for kind, degree, strength in (
            ("alliance", "allies", "alliance_strength"),
            ("rivalry", "rivals", "rivalry_strength"),
        ):
            weights = [w for pair, w in _pairs(replication, kind).items() if node in pair]
            assert measures.loc[node, degree] == len(weights), (node, kind)
            assert measures.loc[node, strength] == sum(weights), (node, kind)
    # every tie has two ends: the degrees add up to twice the number of ties
    assert measures["allies"].sum() == 2 * len(_pairs(replication, "alliance"))


def test_tie_ends_lists_every_tie_twice_once_per_end() -> None:
    network = ties()
    ends = tie_ends(network)
    assert len(ends) == 2 * len(network)
    assert len(ends[ends["group"] == CJNG]) == len(
        network[(network["group_a"] == CJNG) | (network["group_b"] == CJNG)]
    )


# -- the merger ----------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["Sinaloa + CJNG", "Los Chapitos + CJNG"])
def test_merger_changes_exactly_the_ties_the_spec_changes(replication: dict, scenario: str) -> None:
    first, second = SUPER_CARTELS[scenario]
    pair = frozenset((first, second))
    a, b = sorted(pair)
    largest = max(_pairs(replication, "alliance").values())
    removed = {(a, b, "rivalry", w) for p, w in _pairs(replication, "rivalry").items() if p == pair}
    removed |= {
        (a, b, "alliance", w) for p, w in _pairs(replication, "alliance").items() if p == pair
    }
    added = {(a, b, "alliance", largest)}
    before, after = _rows(ties()), _rows(ties(scenario))
    assert before - after == removed - added
    assert after - before == added - removed
    assert _rows(merged(ties(), second, first)) == after  # the order of the pair does not matter


def test_sinaloa_cjng_merger_turns_a_rivalry_of_7_into_an_alliance_of_6() -> None:
    before, after = _rows(ties()), _rows(ties("Sinaloa + CJNG"))
    assert before - after == {(SINALOA, CJNG, "rivalry", 7)}
    assert after - before == {(SINALOA, CJNG, "alliance", 6)}


def test_matrices_see_the_merger() -> None:
    alliance, rivalry = weight_matrices(ties("Sinaloa + CJNG"))
    ids = groups()["group_id"].tolist()
    i, j = ids.index(SINALOA), ids.index(CJNG)
    assert alliance[i, j] == alliance[j, i] == 6
    assert rivalry[i, j] == rivalry[j, i] == 0


@pytest.mark.parametrize(
    ("wrong", "named"),
    [("N10151", "N10150"), ("N10000", "N10001"), ("n10013", "N10013"), ("Sinaloa", "N10013")],
)
def test_an_unknown_group_names_the_nearest_valid_ids(wrong: str, named: str) -> None:
    with pytest.raises(ValueError, match=named) as raised:
        check_group(wrong)
    assert "is not a group id" in str(raised.value)
    with pytest.raises(ValueError, match=named):
        merged(ties(), wrong, CJNG)


def test_a_merger_of_a_group_with_itself_or_an_unknown_scenario_is_refused() -> None:
    with pytest.raises(ValueError, match="two different groups"):
        merged(ties(), CJNG, CJNG)
    with pytest.raises(ValueError, match="Sinaloa \\+ CJNG"):
        ties("Sinaloa and CJNG")


def _names_from_csv() -> dict[str, str]:
    """{group_id: published name}, read with plain csv from data/."""
    with (REPO / "data" / "cartel_groups.csv").open(encoding="utf-8", newline="") as handle:
        return {row["group_id"]: row["name"] for row in csv.DictReader(handle)}


def _suggested(message: str) -> list[str]:
    """The ids an unknown-group message suggests, in the order it names them."""
    return re.findall(r"N\d{5}", message.partition("the nearest are ")[2])


def test_an_unknown_id_gets_the_whole_range_of_ids_and_the_three_nearest_by_number() -> None:
    """The full sentence a student reads: both ends of the id range (from the CSV) and the
    three ids nearest in number, each with its name."""
    names = _names_from_csv()
    nearest = sorted(names, key=lambda gid: (abs(int(gid[1:]) - 10151), gid))[:3]
    suggested = ", ".join(f"{gid} ({names[gid]})" for gid in nearest)
    with pytest.raises(ValueError) as raised:
        check_group("N10151")
    assert str(raised.value) == (
        f"'N10151' is not a group id. Ids run from {min(names)} to {max(names)}; "
        f"the nearest are {suggested}."
    )


@pytest.mark.parametrize("typed", ["Sinaloa", "CJNG", "Nueva Generación"])
def test_a_name_typed_for_an_id_suggests_the_groups_whose_names_contain_it(typed: str) -> None:
    """A student who types a name sees, first, the ids of the groups whose names contain it
    (any case), in id order, and never more than three."""
    names = _names_from_csv()
    containing = [gid for gid in sorted(names) if typed.lower() in names[gid].lower()][:3]
    assert containing, "the typed name must occur in some group's name"
    with pytest.raises(ValueError) as raised:
        check_group(typed)
    suggested = _suggested(str(raised.value))
    assert suggested[: len(containing)] == containing
    assert len(suggested) <= 3
    assert all(f"{gid} ({names[gid]})" in str(raised.value) for gid in suggested)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Cartel del Golfo", "N10017"), ("Cartel de Sinaloa", SINALOA), ("Los Zetaz", "N10134")],
)
def test_a_misspelt_name_suggests_the_group_it_resembles(typed: str, meant: str) -> None:
    """A name without its accent or with one letter wrong is no substring of any name; the
    group whose published name differs from it by that one letter is named first (of three
    at most), before names that only look alike ("Cártel del Abuelo")."""
    names = _names_from_csv()
    assert typed.lower() not in names[meant].lower()
    with pytest.raises(ValueError) as raised:
        check_group(typed)
    assert f"{meant} ({names[meant]})" in str(raised.value)
    suggested = _suggested(str(raised.value))
    assert suggested[0] == meant and len(suggested) <= 3


def test_an_unknown_scenario_or_a_merger_of_one_group_gets_its_whole_message() -> None:
    """The scenario message lists exactly the three names lessons 03 and 04 offer, quoted as
    the student must type them; the one-group merger says what a super-cartel needs."""
    with pytest.raises(ValueError) as raised:
        ties("Sinaloa and CJNG")
    assert str(raised.value) == (
        "'Sinaloa and CJNG' is not a scenario; "
        "choose one of 'none', 'Sinaloa + CJNG', 'Los Chapitos + CJNG'."
    )
    with pytest.raises(ValueError) as raised:
        merged(ties(), SINALOA, SINALOA)
    assert str(raised.value) == "A super-cartel joins two different groups."


def test_the_tables_a_student_displays_keep_their_columns_and_a_plain_row_index() -> None:
    """Lesson 03 shows ``merged(network, SINALOA, CJNG)``, ``ties(...)`` and ``tie_ends``: their
    columns are the documented ones (no stray ``index`` column) and rows are numbered 0, 1, ..."""
    network = ties()
    for table in (network, ties("Sinaloa + CJNG"), merged(network, SINALOA, CJNG)):
        assert table.columns.tolist() == ["group_a", "group_b", "tie", "weight"]
        assert table.index.tolist() == list(range(len(table)))
    ends = tie_ends(network)
    assert ends.columns.tolist() == ["group", "other", "tie", "weight"]
    assert ends.index.tolist() == list(range(len(ends)))


def test_graph_has_every_group_with_its_name_and_state_and_each_pair_at_its_larger_weight() -> None:
    """The docstring's promise, from the CSVs: 150 nodes carrying name and state; with "any",
    one edge per tied pair at the larger weight (the layout of lesson 03's map pulls by it)."""
    with (REPO / "data" / "cartel_groups.csv").open(encoding="utf-8", newline="") as handle:
        nodes = {row["group_id"]: row for row in csv.DictReader(handle)}
    with (REPO / "data" / "cartel_ties.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    larger: dict[str, dict[frozenset[str], int]] = {"alliance": {}, "any": {}}
    for row in rows:
        pair = frozenset((row["group_a"], row["group_b"]))
        for kind in ("any", row["tie"]):
            if kind in larger:
                larger[kind][pair] = max(larger[kind].get(pair, 0), int(row["weight"]))
    for kind, pairs in larger.items():
        network = graph(ties(), kind)
        assert dict(network.nodes(data=True)) == {
            gid: {"name": row["name"], "state": row["state"]} for gid, row in nodes.items()
        }
        assert {frozenset((a, b)): w for a, b, w in network.edges(data="weight")} == pairs, kind
    with pytest.raises(ValueError) as raised:
        graph(ties(), "alliances")
    assert str(raised.value) == "tie must be 'alliance', 'rivalry' or 'any', not 'alliances'."


# -- blocs, brokers, balance ---------------------------------------------------------------


def _components(nodes: list[str], pairs: set[frozenset[str]]) -> list[set[str]]:
    """Connected components by repeated merging of sets (no graph library)."""
    parts: list[set[str]] = [{node} for node in nodes]
    for pair in pairs:
        touching = [part for part in parts if part & pair]
        parts = [part for part in parts if not part & pair] + [set().union(*touching)]
    return sorted(parts, key=len, reverse=True)


def test_blocs_are_the_components_of_the_alliance_network(replication: dict) -> None:
    expected = _components(list(replication["nodes"]), set(_pairs(replication, "alliance")))
    table = blocs(ties())
    assert sorted(table.drop_duplicates("bloc")["bloc_size"], reverse=True) == [
        len(part) for part in expected
    ]
    assert table["bloc_size"].max() == len(expected[0]) == 50


def test_cjng_is_the_top_broker_and_its_bloc_falls_apart_without_it(replication: dict) -> None:
    top = brokers(ties()).iloc[0]
    assert top["group_id"] == CJNG
    bloc = next(
        part
        for part in _components(list(replication["nodes"]), set(_pairs(replication, "alliance")))
        if CJNG in part
    )
    rest = {pair for pair in _pairs(replication, "alliance") if pair <= bloc - {CJNG}}
    assert top["pieces_without"] == len(_components(sorted(bloc - {CJNG}), rest))


def _triangle_verdicts(replication: dict, scenario_rows: set | None = None) -> dict[str, int]:
    alliance, rivalry = set(_pairs(replication, "alliance")), set(_pairs(replication, "rivalry"))
    if scenario_rows is not None:
        alliance = {frozenset((a, b)) for a, b, t, _ in scenario_rows if t == "alliance"}
        rivalry = {frozenset((a, b)) for a, b, t, _ in scenario_rows if t == "rivalry"}
    tied = alliance | rivalry
    nodes = sorted({node for pair in tied for node in pair})
    neighbours = {
        node: {other for pair in tied if node in pair for other in pair - {node}} for node in nodes
    }
    counts = {"balanced": 0, "unbalanced": 0, "unclear": 0}
    for x, y in combinations(nodes, 2):
        if frozenset((x, y)) not in tied:
            continue
        for z in neighbours[x] & neighbours[y]:
            if z <= y:
                continue
            sides = [frozenset(p) for p in ((x, y), (x, z), (y, z))]
            if any(side in alliance and side in rivalry for side in sides):
                counts["unclear"] += 1
            else:
                rivalries = sum(side in rivalry for side in sides)
                counts["balanced" if rivalries % 2 == 0 else "unbalanced"] += 1
    return counts


def test_balance_counts_equal_a_brute_force_count(replication: dict) -> None:
    counted = balance_counts(ties()).groupby("verdict")["triangles"].sum().to_dict()
    assert counted == _triangle_verdicts(replication)
    assert counted == {"balanced": 37, "unbalanced": 25, "unclear": 16}
    merged_rows = _rows(ties("Sinaloa + CJNG"))
    after = balance_counts(ties("Sinaloa + CJNG")).groupby("verdict")["triangles"].sum().to_dict()
    assert after == _triangle_verdicts(replication, merged_rows)


def test_every_triangle_is_three_tied_groups_with_the_rule_applied() -> None:
    table = triangles(ties())
    assert len(table) == 37 + 25 + 16
    readable_ones = table.dropna(subset=["alliances"])
    rivalries = 3 - readable_ones["alliances"]
    assert ((rivalries % 2 == 0) == (readable_ones["verdict"] == "balanced")).all()


def test_shared_rivals_of_sinaloa_and_cjng(replication: dict) -> None:
    rivals_of = {
        group: {
            other
            for pair in _pairs(replication, "rivalry")
            if group in pair
            for other in pair - {group}
        }
        for group in (SINALOA, CJNG)
    }
    assert (
        set(shared_rivals(ties(), SINALOA, CJNG)["group_id"])
        == rivals_of[SINALOA] & rivals_of[CJNG]
    )


def test_merger_comparison_reports_the_fused_bloc_and_the_new_unbalanced_triangles() -> None:
    table = merger_comparison("Sinaloa + CJNG").set_index("measure")
    assert table.loc["groups in the largest bloc", ["before", "after"]].tolist() == [50, 76]
    assert table.loc["unbalanced triangles", ["before", "after"]].tolist() == [25, 28]
    assert table.loc["rivalry ties", "change"] == -1
    assert table.loc["groups in the largest bloc", "change_pct"] == 52.0
    with pytest.raises(ValueError, match="not a merger scenario"):
        merger_comparison("none")


# -- charts and the explorer ---------------------------------------------------------------


def test_the_layout_is_the_same_on_every_run() -> None:
    first = network_charts.layout()
    network_charts.layout.cache_clear()
    assert network_charts.layout() == first
    assert len(first) == 114  # every group with at least one tie


def test_node_data_encodes_each_scenarios_measures_and_labels_the_ten_strongest() -> None:
    nodes = network_charts.node_data().set_index("group_id")
    for scenario in SUPER_CARTELS:
        measures = group_measures(ties(scenario)).set_index("group_id")
        drawn = measures.loc[nodes.index]
        assert (nodes[f"strength|{scenario}"] == drawn["strength"]).all()
        assert (nodes[f"allies|{scenario}"] == drawn["allies"]).all()
    assert nodes["labelled"].sum() == 10
    assert CJNG in nodes.loc[SINALOA, "rival_ids|none"].split()
    assert CJNG in nodes.loc[SINALOA, "ally_ids|Sinaloa + CJNG"].split()
    assert CJNG not in nodes.loc[SINALOA, "rival_ids|Sinaloa + CJNG"].split()


def test_edge_data_holds_each_tie_once_with_its_scenarios() -> None:
    edges = network_charts.edge_data()
    assert len(edges) == 183 + 2  # the 2020 ties plus the two merger alliances
    rivalry = edges[
        (edges["group_a"] == SINALOA) & (edges["group_b"] == CJNG) & (edges["tie"] == "rivalry")
    ]
    assert rivalry["in_scenarios"].tolist() == ["|none|Los Chapitos + CJNG|"]
    new = edges[(edges["group_a"] == CJNG) & (edges["group_b"] == CHAPITOS)]
    assert new["in_scenarios"].tolist() == ["|Los Chapitos + CJNG|"]


def test_network_chart_draws_ties_by_colour_and_dash_and_keeps_data_small() -> None:
    spec = network_charts.network_chart().to_dict()
    edges = spec["layer"][0]["encoding"]
    assert edges["color"]["field"] == edges["strokeDash"]["field"] == "tie"
    assert edges["strokeDash"]["scale"]["range"][0] != edges["strokeDash"]["scale"]["range"][1]
    assert {p["name"] for p in spec["params"]} >= {"selected_group", "scenario"}
    assert all(len(rows) < 5000 for rows in spec["datasets"].values())


def _explorer_parts(start: str = SINALOA) -> tuple:
    """(picker, search, scenario, chart, table) of a new network explorer."""
    controls, body = network_charts.network_explorer(start).children
    (picker, search), scenario = controls.children[0].children, controls.children[1]
    chart, table = body.children
    return picker, search, scenario, chart, table


def test_explorer_moves_the_highlight_the_scenario_and_the_table_together() -> None:
    picker, search, scenario, chart, table = _explorer_parts()
    assert chart.params.selected_group == picker.value == SINALOA
    picker.value = CHAPITOS
    assert chart.params.selected_group == CHAPITOS
    assert "Los Chapitos (N10091)" in table.value and "Allies: 6" in table.value
    scenario.value = "Los Chapitos + CJNG"
    assert chart.params.scenario == "Los Chapitos + CJNG"
    assert "Allies: 7" in table.value  # CJNG joins Los Chapitos' allies
    search.value = "Cártel Jalisco Nueva Generación (CJNG) (N10025)"
    assert picker.value == CJNG and chart.params.selected_group == CJNG
    # Each control says what it is for (a control with no label leaves a student guessing).
    assert (picker.description, search.description, scenario.description) == (
        "Group:",
        "Search:",
        "Super-cartel:",
    )
    assert search.placeholder == "type part of a name or an id"


# -- what the lesson says ------------------------------------------------------------------


def test_numbers_written_in_lesson_03_match_the_measures() -> None:
    """The prose of lesson 03 states counts; each phrase is rebuilt here from the measures."""
    import nbformat

    lesson = nbformat.read(REPO / "notebooks" / "03-cartel-network.ipynb", as_version=4)
    assert lesson.cells[0].source.startswith("# 03 ")
    text = " ".join(" ".join(c.source for c in lesson.cells if c.cell_type == "markdown").split())
    network = ties()
    kinds = network["tie"].value_counts()
    measures = group_measures(network).set_index("group_id")
    sizes = sorted(blocs(network).drop_duplicates("bloc")["bloc_size"], reverse=True)
    verdicts = balance_counts(network).groupby("verdict")["triangles"].sum()
    readable_triangles = verdicts["balanced"] + verdicts["unbalanced"]
    patterns = balance_counts(network).set_index("pattern")["triangles"]
    comparison = merger_comparison("Sinaloa + CJNG").set_index("measure")
    drawn = int((measures["allies"] + measures["rivals"] > 0).sum())
    cjng, sinaloa, chapitos = measures.loc[CJNG], measures.loc[SINALOA], measures.loc[CHAPITOS]
    largest_alliance = int(network.loc[network["tie"] == "alliance", "weight"].max())
    phrases = [
        f"{kinds['alliance']} alliances and {kinds['rivalry']} rivalries",
        f"{len(network)} ties in all",
        f"Los Chapitos have {chapitos['allies']} allies and {chapitos['rivals']} rivals",
        f"rivalry strength ({cjng['rivalry_strength']})",
        f"({sinaloa['alliance_strength']} of {sinaloa['strength']})",
        f"({drawn} of the {len(groups())})",
        f"its {sinaloa['allies']} allies blue circles and its {sinaloa['rivals']} rivals",
        f"CJNG's ({sizes[0]} groups) and the Sinaloa Cartel's ({sizes[1]})",
        f"the {sizes[0]}-group bloc would fall into {brokers(network).iloc[0]['pieces_without']} pieces",
        f"is the most common pattern ({patterns['1 alliance, 2 rivalries']} triangles)",
        f"{verdicts['balanced']} of the {readable_triangles} triangles",
        f"{round(100 * verdicts['balanced'] / readable_triangles)}%",
        f"{verdicts['unbalanced']} unbalanced triangles remain",
        f"largest alliance weight in the network** ({largest_alliance})",
        f"one of {comparison.loc['groups in the largest bloc', 'after']} groups",
        f"still {comparison.loc['rivals of the pair (either)', 'after']}",
        f"{comparison.loc['rivals the pair shares', 'after']} of them shared",
        f"({comparison.loc['unbalanced triangles', 'before']} → "
        f"{comparison.loc['unbalanced triangles', 'after']})",
        f"the count of rivalries stays {kinds['rivalry']}",
    ]
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"lesson 03 should say these, as the data does: {missing}"


# -- the permutation test, Davis's weak balance and the state column ------------------------


def _signs_from_csv() -> dict[tuple[str, str], int]:
    """+1 alliance, -1 rivalry, 0 for a pair coded both, read with plain csv from data/."""
    signs: dict[tuple[str, str], int] = {}
    with (REPO / "data" / "cartel_ties.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pair = tuple(sorted((row["group_a"], row["group_b"])))
            sign = 1 if row["tie"] == "alliance" else -1
            signs[pair] = sign if signs.get(pair, sign) == sign else 0
    return signs


def _readable_trios(signs: dict[tuple[str, str], int]) -> list[tuple[str, ...]]:
    tied = set(signs)
    nodes = sorted({group for pair in tied for group in pair})
    neighbours = {n: {b if a == n else a for a, b in tied if n in (a, b)} for n in nodes}
    trios = [
        (a, b, c) for a, b in sorted(tied) for c in sorted(neighbours[a] & neighbours[b]) if c > b
    ]
    return [t for t in trios if all(signs[p] != 0 for p in combinations(t, 2))]


def _balanced(signs: dict[tuple[str, str], int], trios: list[tuple[str, ...]]) -> float:
    product = [signs[(a, b)] * signs[(a, c)] * signs[(b, c)] for a, b, c in trios]
    return sum(p > 0 for p in product) / len(trios)


def test_permutation_test_gives_one_in_twelve_and_the_lesson_says_so() -> None:
    import nbformat
    import numpy as np

    from cartel_lab.network_measures import balanced_share, shuffled_signs

    signs = _signs_from_csv()
    trios = _readable_trios(signs)
    observed = _balanced(signs, trios)
    assert len(trios) == 62 and observed == 37 / 62
    clear = sorted(pair for pair, sign in signs.items() if sign)
    hits = 0
    for seed in range(1000):
        dealt = dict(
            zip(
                clear,
                np.random.default_rng(seed).permutation([signs[p] for p in clear]),
                strict=True,
            )
        )
        shuffled = {pair: dealt.get(pair, 0) for pair in signs}
        hits += _balanced(shuffled, trios) >= observed
    assert 1000 / 14 < hits < 1000 / 10, "about one shuffle in twelve"
    package = sum(balanced_share(shuffled_signs(ties(), seed)) >= observed for seed in range(1000))
    assert package == hits
    lesson = nbformat.read(REPO / "notebooks" / "03-cartel-network.ipynb", as_version=4)
    text = " ".join(" ".join(c.source for c in lesson.cells if c.cell_type == "markdown").split())
    assert f"{hits} of the 1,000 shuffles, about **one in twelve**" in text
    assert "chance cannot be ruled out" in text and "leans towards balance" not in text
    code = "\n".join(c.source for c in lesson.cells if c.cell_type == "code")
    assert "for seed in range(1000):" in code and "shuffled_signs(network, seed)" in code


def test_weak_balance_is_mentioned_with_its_count() -> None:
    import nbformat

    signs = _signs_from_csv()
    trios = _readable_trios(signs)
    strained = sum(sorted(signs[p] for p in combinations(t, 2)) == [-1, 1, 1] for t in trios)
    lesson = nbformat.read(REPO / "notebooks" / "03-cartel-network.ipynb", as_version=4)
    text = " ".join(" ".join(c.source for c in lesson.cells if c.cell_type == "markdown").split())
    assert "Davis's **weak balance**" in text and "*Human Relations* 20(2), 1967" in text
    assert (len(trios) - strained, len(trios)) == (52, 62)


def test_state_column_is_labelled_one_state_where_reported() -> None:
    import nbformat

    spec = network_charts.network_chart().to_dict()
    titles = [
        tip.get("title")
        for layer in spec["layer"]
        for tip in layer.get("encoding", {}).get("tooltip", [])
        if isinstance(tip, dict) and tip.get("field") == "state"
    ]
    assert titles == ["One state where reported"]
    lesson = nbformat.read(REPO / "notebooks" / "03-cartel-network.ipynb", as_version=4)
    for cell in lesson.cells:
        shows_state = any(
            call in cell.source
            for call in ('"state"]', "allies(network", "rivals(network, SINALOA)", "shared_rivals(")
        )
        if cell.cell_type == "code" and "readable(" in cell.source and shows_state:
            assert "units=STATE_UNITS" in cell.source, cell.source


def test_network_chart_titles_state_the_finding() -> None:
    signs = _signs_from_csv()
    trios = _readable_trios(signs)
    share = _balanced(signs, trios)
    balance = network_charts.balance_chart().to_dict()["title"]["text"]
    assert balance.startswith(f"{share:.0%} of the readable triangles are balanced")
    assert "'the enemy of my enemy is my friend'" in balance
    assert (
        network_charts.strength_chart()
        .to_dict()["title"]["text"]
        .startswith("CJNG, the strongest group, draws most of its strength from rivalries")
    )
    sizes = sorted(blocs(ties()).drop_duplicates("bloc")["bloc_size"], reverse=True)
    blocs_title = network_charts.bloc_sizes_chart().to_dict()["title"]["text"]
    assert blocs_title.startswith("Two blocs dominate in 2020")
    assert f"({sizes[0]} groups)" in blocs_title and f"({sizes[1]})" in blocs_title


# -- what the charts and the explorer's table show, drawn (lesson 03) ----------------------
# Expected values from data/cartel_ties.csv and data/cartel_groups.csv with plain csv and sets.


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _csv_ties(pair: tuple[str, str] | None = None) -> list[tuple[str, str, str, int]]:
    """(group_a, group_b, tie, weight) of 2020; with ``pair``, the lesson's merger: the pair's
    ties end and they become allies at the network's largest alliance weight."""
    rows = [
        (r["group_a"], r["group_b"], r["tie"], int(r["weight"])) for r in _csv_rows("cartel_ties")
    ]
    if pair is None:
        return rows
    strongest = max(weight for _, _, tie, weight in rows if tie == "alliance")
    kept = [row for row in rows if {row[0], row[1]} != set(pair)]
    return [*kept, (*sorted(pair), "alliance", strongest)]  # type: ignore[list-item]


def _counts(rows: list[tuple[str, str, str, int]]) -> dict[str, dict[str, int]]:
    """Per group: number of allies and rivals and strength (sum of the weights of its ties)."""
    found: dict[str, dict[str, int]] = {}
    for a, b, tie, weight in rows:
        for group in (a, b):
            counts = found.setdefault(group, {"Allies": 0, "Rivals": 0, "Strength": 0})
            counts["Allies" if tie == "alliance" else "Rivals"] += 1
            counts["Strength"] += weight
    return found


@pytest.fixture
def network_drawn() -> str:
    """Built by each test (a mutation run then credits each), drawn once."""
    return svg_once(network_charts.network_chart().to_dict())


def test_network_ties_join_the_circles_of_the_two_groups_they_tie_and_give_their_weight(
    network_drawn: str,
) -> None:
    """A node-link diagram: every line runs from one group's circle to the other's, and its
    tooltip's weight is the CSV's; the positions have no meaning, so no axis is drawn."""
    centre = {dot.data["Id"]: dot.at for dot in drawn(network_drawn, "symbol")}
    weights = {(a, b, tie): weight for a, b, tie, weight in _csv_ties()}
    rules = drawn(network_drawn, "rule")
    assert len(rules) == len(weights)
    for rule in rules:
        a, b = rule.data["Group"], rule.data["And group"]
        assert int(rule.data["Weight"]) == weights[(a, b, rule.data["Tie"])]
        (x1, y1), (x2, y2) = rule.points
        for (x, y), group in (((x1, y1), a), ((x2, y2), b)):
            assert (x, y) == pytest.approx(centre[group], abs=0.01), (a, b)
    assert "role-axis" not in network_drawn, "layout positions carry no meaning: no axes"


def test_network_highlighted_ties_are_drawn_more_opaque_than_the_rest(network_drawn: str) -> None:
    """'Thicker and darker': the selected group's ties stand out in opacity as well as width."""
    rules = drawn(network_drawn, "rule")
    touching = [r for r in rules if SINALOA in (r.data["Group"], r.data["And group"])]
    others = [r for r in rules if SINALOA not in (r.data["Group"], r.data["And group"])]
    assert touching and others
    assert min(r.opacity for r in touching) > max(r.opacity for r in others)  # type: ignore[type-var]
    assert max(r.opacity for r in others) <= 0.5, "the other ties recede"  # type: ignore[type-var]


def test_network_tooltips_give_each_groups_allies_rivals_and_strength_in_2020(
    network_drawn: str,
) -> None:
    expected = _counts(_csv_ties())
    names = {row["group_id"]: row["name"] for row in _csv_rows("cartel_groups")}
    dots = drawn(network_drawn, "symbol")
    for dot in dots:
        group = dot.data["Id"]
        shown = {key: int(dot.data[key]) for key in ("Allies", "Rivals", "Strength")}
        assert shown == expected[group], group
        assert dot.data["Group"] == names[group]
        assert int(dot.data["Strength (sum of tie weights)"]) == expected[group]["Strength"]
        # Opaque and outlined in black, so the colours are those the subtitle names and
        # overlapping circles stay apart.
        assert (dot.stroke, dot.opacity) == ("black", 1.0), group
    short = {row["short_name"]: row["group_id"] for row in _csv_rows("cartel_groups")}
    centre = {dot.data["Id"]: dot.at for dot in dots}
    for text in drawn(network_drawn, "text"):
        x, y = centre[short[text.data["short_name"]]]
        assert text.at[0] == pytest.approx(x, abs=0.01) and text.at[1] < y - 5, "name above"


def test_network_in_a_merger_counts_the_merged_ties_and_names_a_selected_minor_group() -> None:
    """The scenario switches every tooltip's counts to the merged network; the selected group
    is named even when it is not among the ten strongest."""
    pair = (SINALOA, CJNG)
    expected = _counts(_csv_ties(pair))
    strength_2020 = _counts(_csv_ties())
    minor = min(strength_2020, key=lambda group: (strength_2020[group]["Strength"], group))
    short = {row["group_id"]: row["short_name"] for row in _csv_rows("cartel_groups")}
    image = svg(network_charts.network_chart("Sinaloa + CJNG", selected=minor).to_dict())
    dots = {dot.data["Id"]: dot for dot in drawn(image, "symbol")}
    for group, dot in dots.items():
        shown = {key: int(dot.data[key]) for key in ("Allies", "Rivals", "Strength")}
        assert shown == expected[group], group
    assert expected[CJNG]["Allies"] == strength_2020[CJNG]["Allies"] + 1
    assert (dots[minor].fill, dots[minor].shape) == ("black", "diamond")
    labels = [text.data["short_name"] for text in drawn(image, "text")]
    assert len(labels) == 11 and short[minor] in labels


def test_network_subtitle_is_the_legend_of_the_highlight_and_every_chart_cites_its_source() -> None:
    """The highlight's colours and shapes are conditions, which Vega gives no legend: the
    subtitle's first line is that legend (checked against the drawing in test_chart_promises).
    Each of the four charts ends its subtitle with the data's source (S004 in data/sources.csv:
    the BACRIM 2020 files of Prieto-Curiel, Campedelli & Hope, Science 2023) and says the
    super-cartels are scenarios."""
    source = next(row for row in _csv_rows("sources") if row["source_id"] == "S004")
    assert "BACRIM2020" in source["title"] and "Prieto-Curiel, Campedelli & Hope" in source["title"]
    cited = [
        "Source: BACRIM 2020 network, replication data of",
        f"Prieto-Curiel, Campedelli & Hope (Science, {source['year']}).",
        "Super-cartels are the module's scenarios, not data.",
    ]
    spec = network_charts.network_chart().to_dict()
    assert spec["title"]["subtitle"] == [
        "Selected: black diamond. Allies: blue circles. Rivals: vermilion squares.",
        *cited,
    ]
    size = spec["layer"][1]["encoding"]["size"]
    assert (size["field"], size["title"]) == ("strength", "Strength (sum of tie weights)")
    for chart in (
        network_charts.strength_chart(),
        network_charts.bloc_sizes_chart(),
        network_charts.balance_chart(),
    ):
        assert chart.to_dict()["title"]["subtitle"][-3:] == cited


@pytest.fixture
def strength_drawn() -> str:
    return svg_once(network_charts.strength_chart().to_dict())


def test_strength_axis_says_rivalry_left_alliance_right_in_tie_weights_labelled_unsigned(
    strength_drawn: str,
) -> None:
    """The axis title is the chart's key (which side is which, in what unit); its labels are
    strengths, so never negative although rivalry bars extend left of zero."""
    import re

    title = "← rivalry strength · alliance strength → (sum of tie weights)"
    assert network_charts.strength_chart().to_dict()["encoding"]["x"]["title"] == title
    axis = re.search(r'aria-label="X-axis[^"]*"(.*?)role-axis-domain', strength_drawn, re.S)
    assert axis is not None
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", axis.group(1))
    numbers = [float(label.replace(",", "")) for label in labels if label.strip()]
    assert len(numbers) > 3 and min(numbers) == 0, "labels run from 0 outwards on both sides"
    assert labels.count("0") == 1 and all("−" not in label and "-" not in label for label in labels)
    expected = _counts(_csv_ties())
    by_kind: dict[str, dict[str, int]] = {}
    for a, b, tie, weight in _csv_ties():
        for group in (a, b):
            by_kind.setdefault(group, {"alliance": 0, "rivalry": 0})[tie] += weight
    ids = {row["name"]: row["group_id"] for row in _csv_rows("cartel_groups")}
    for rect in drawn(strength_drawn, "rect"):
        group = ids[rect.data["Group"]]
        sign = -1 if rect.data["Tie"] == "rivalry" else 1
        assert (
            int(rect.data["Strength (rivalry shown negative)"])
            == sign * by_kind[group][rect.data["Tie"]]
        )
        assert int(rect.data["Total strength"]) == expected[group]["Strength"]


def test_bloc_bars_are_blue_numbered_largest_first_with_their_size_at_the_bar_end() -> None:
    """'Bar length is the number of groups in the bloc, printed at the end of each bar';
    each label is the bloc's rank and its strongest member; blocs of one are not drawn."""
    import re

    spec = network_charts.bloc_sizes_chart().to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Groups in the bloc"
    assert spec["title"]["subtitle"][0] == "Groups with no ally (blocs of one) are not drawn."
    image = svg(spec)
    bars = sorted(drawn(image, "rect"), key=lambda bar: bar.points[0][1])
    numbers = {text.data["Bloc (strongest member)"]: text for text in drawn(image, "text")}
    for rank, bar in enumerate(bars, start=1):
        label = bar.data["Bloc (strongest member)"]
        assert label == f"{rank}. {bar.data['Strongest member']}"
        assert bar.fill == "#0072B2"
        number = numbers[label]
        assert number.data["groups"] == bar.data["Groups"]
        assert 0 < number.at[0] - bar.x_extent[1] < 8, f"{label}: just after the bar's end"
        assert min(y for _, y in bar.points) < number.at[1] < max(y for _, y in bar.points)
    assert min(int(bar.data["Groups"]) for bar in bars) >= 2
    numbers_drawn = re.search(r'<g class="mark-text role-mark [^"]*"[^>]*>(.*?)</g>', image, re.S)
    assert numbers_drawn is not None
    anchors = set(re.findall(r'text-anchor="(\w+)"', numbers_drawn.group(1)))
    assert anchors == {"start"}, "each number starts after its bar, never over it"


@pytest.mark.parametrize(
    ("scenario", "where"), [("none", "(2020)"), ("Sinaloa + CJNG", "(scenario 'Sinaloa + CJNG')")]
)
def test_balance_chart_says_which_network_it_counts_groups_bars_by_verdict_in_triangles(
    scenario: str, where: str
) -> None:
    """The title names the network counted (2020 or the scenario); the x axis counts
    triangles; the bars come balanced first, then unbalanced, then those that cannot be read."""
    spec = network_charts.balance_chart(scenario).to_dict()
    assert spec["title"]["text"].endswith(where)
    assert spec["encoding"]["x"]["title"] == "Number of triangles"
    bars = sorted(drawn(svg(spec), "rect"), key=lambda bar: bar.points[0][1])
    verdicts = [bar.data["Balance"] for bar in bars]
    order = ["balanced", "unbalanced", "unclear"]
    assert verdicts == sorted(verdicts, key=order.index) and set(verdicts) == set(order)


def _partner_table(shown: str, heading: str) -> list[tuple[str, str, int]]:
    import re

    section = shown.split(f"<strong>{heading}:")[1].split("</table>")[0]
    return [
        (name, group, int(weight))
        for name, group, weight in re.findall(
            r"<tr><td>([^<]*)</td><td>([^<]*)</td><td[^>]*>(\d+)</td></tr>", section
        )
    ]


@pytest.mark.parametrize(("scenario", "group"), [("none", SINALOA), ("Sinaloa + CJNG", CJNG)])
def test_explorer_table_lists_allies_and_rivals_heaviest_first_with_name_id_and_weight(
    scenario: str, group: str
) -> None:
    """The table beside the chart: a heading per kind with its count and its colour in the
    chart, then one row per partner (name, id, weight), heaviest tie first, ties by id."""
    import html

    pair = None if scenario == "none" else (SINALOA, CJNG)
    rows = _csv_ties(pair)
    names = {row["group_id"]: row["name"] for row in _csv_rows("cartel_groups")}
    shown = network_charts.partners_html(scenario, group)
    assert shown.startswith(f"<h4>{html.escape(names[group])} ({group})</h4>")
    for tie, heading, marker in (
        ("alliance", "Allies", "blue circles"),
        ("rivalry", "Rivals", "vermilion squares"),
    ):
        partners = [
            (b if a == group else a, weight)
            for a, b, kind, weight in rows
            if kind == tie and group in (a, b)
        ]
        expected = [
            (html.escape(names[other]), other, weight)
            for other, weight in sorted(partners, key=lambda p: (-p[1], p[0]))
        ]
        said = f"<p><strong>{heading}: {len(expected)}</strong> ({marker} in the chart)</p>"
        header = "<table><thead><tr><th>group</th><th>id</th><th>weight</th></tr></thead><tbody>"
        assert said + header in shown, "the table, with its columns, right under its heading"
        assert _partner_table(shown, heading) == expected


def test_explorer_table_has_no_empty_table_for_a_group_without_rivals() -> None:
    rows = _csv_ties()
    alone = next(
        group
        for group in sorted({a for a, *_ in rows} | {b for _, b, *_ in rows})
        if not any(kind == "rivalry" and group in (a, b) for a, b, kind, _ in rows)
    )
    shown = network_charts.partners_html("none", alone)
    assert "<strong>Rivals: 0</strong>" in shown and shown.count("<table>") == 1


def test_explorer_menu_lists_every_drawn_group_alphabetically_and_the_three_networks() -> None:
    """The menu a student picks from: every group with a tie in 2020, 'name (id)', A to Z;
    the scenario buttons: today's network first (the default), then the two mergers."""
    rows = _csv_ties()
    tied = {a for a, *_ in rows} | {b for _, b, *_ in rows}
    names = {row["group_id"]: row["name"] for row in _csv_rows("cartel_groups")}
    picker, search, scenario, _, _ = _explorer_parts()
    expected = sorted((names[g], g) for g in tied)
    assert list(picker.options) == [(f"{name} ({g})", g) for name, g in expected]
    assert list(search.options) == [f"{name} ({g})" for name, g in expected]
    assert search.ensure_option is True, "only a listed group can be searched for"
    assert list(scenario.options) == ["none", "Sinaloa + CJNG", "Los Chapitos + CJNG"]
    assert scenario.value == "none"


def test_network_descriptions_make_the_promises_the_drawn_tests_check() -> None:
    """Each phrase is a promise a drawn test checks (test_chart_promises: groups with a tie,
    circles sized by strength, tie colours and dashes, the highlight, the ten named; bars
    diverging rivalry left; bloc bars with their size at the end; triangles by pattern and
    verdict): the descriptions must keep saying them. The strength title's year is the
    network's (BACRIM 2020)."""
    network = network_charts.network_chart().to_dict()["description"]
    assert network.startswith(
        "Node-link diagram of the criminal groups with at least one tie in 2020. Each circle is "
        "a group, sized by its strength; blue solid lines are alliances, vermilion dashed lines "
        "rivalries. The selected group is a black diamond, its allies blue and its rivals "
        "vermilion squares;"
    )
    assert network.endswith(" the ten strongest groups are named.")
    strength = network_charts.strength_chart().to_dict()
    assert strength["title"]["text"].endswith(" (2020)")
    assert strength["description"].startswith(
        "Diverging horizontal bars for the 15 groups with the largest total strength (sum of the "
        "weights of all their ties), largest first."
    )
    assert strength["description"].endswith(
        " Rivalry strength extends left in vermilion, alliance strength right in blue."
    )
    blocs = network_charts.bloc_sizes_chart().to_dict()["description"]
    assert blocs.startswith(
        "Horizontal bars, one per bloc (a set of groups linked by chains of alliances) of two or "
        "more groups, labelled with its strongest member;"
    )
    assert blocs.endswith(
        " bar length is the number of groups in the bloc, printed at the end of each bar."
    )
    balance = network_charts.balance_chart().to_dict()["description"]
    assert balance.startswith(
        "Horizontal bars counting the triangles (three groups all tied to each other) of each "
        "pattern of alliances and rivalries."
    )
    assert balance.endswith(
        " The label says whether the pattern is balanced, unbalanced, or cannot be judged "
        "because a pair is both allied and rival."
    )


def test_explorer_opens_on_the_start_groups_partners_in_todays_network() -> None:
    """Before any click the table already lists the highlighted group's allies and rivals."""
    names = {row["group_id"]: row["name"] for row in _csv_rows("cartel_groups")}
    allies = {
        b if a == CHAPITOS else a
        for a, b, kind, _ in _csv_ties()
        if kind == "alliance" and CHAPITOS in (a, b)
    }
    *_, chart, table = _explorer_parts(CHAPITOS)
    assert chart.params.selected_group == CHAPITOS and chart.params.scenario == "none"
    assert table.value.startswith(f"<h4>{names[CHAPITOS]} ({CHAPITOS})</h4>")
    assert f"<strong>Allies: {len(allies)}</strong>" in table.value


def test_explorer_search_cleared_or_unmatched_leaves_the_chosen_group() -> None:
    """A student who empties the search box, or types a name that is not listed, keeps the
    group they had; nothing breaks (the box only jumps to a listed 'name (id)')."""
    picker, search, _, chart, _ = _explorer_parts()
    search.value = "Los Chapitos (N10091)"
    assert picker.value == chart.params.selected_group == CHAPITOS
    for typed in ("", "Los Chap", "N99999"):
        search.value = typed
        assert picker.value == chart.params.selected_group == CHAPITOS


def test_explorer_rebuilds_its_table_once_per_click(monkeypatch: pytest.MonkeyPatch) -> None:
    """One click, one new table: a control that redrew on every trait it changes (its
    index, label and value) would build the table three times and feel slow."""
    built = record_calls(monkeypatch, network_charts, "partners_html")
    picker, search, scenario, _, _ = _explorer_parts()
    built.clear()
    picker.value = CJNG
    scenario.value = "Sinaloa + CJNG"
    search.value = "Los Chapitos (N10091)"
    assert built == [("none", CJNG), ("Sinaloa + CJNG", CJNG), ("Sinaloa + CJNG", CHAPITOS)]


def test_explorer_table_keeps_beside_the_chart_and_scrolls_a_long_list() -> None:
    """CJNG's table runs to dozens of rows: it keeps a fixed width beside the chart and
    scrolls inside a box no taller than the chart area, rather than pushing the page down;
    on a narrow screen the row wraps and the table goes under the chart."""
    *_, chart, table = _explorer_parts(CJNG)
    assert table.value.count("<tr>") > 30
    body = network_charts.network_explorer().children[1]
    assert re.fullmatch(r"\d+px", table.layout.width)
    height = re.fullmatch(r"(\d+)px", table.layout.max_height)
    assert height is not None and int(height.group(1)) <= 600
    assert table.layout.overflow in ("auto", "scroll")
    assert chart.layout.flex.split()[:2] == ["0", "0"], "the chart keeps its drawn width"
    assert "wrap" in body.layout.flex_flow.split()


def test_strength_title_names_the_larger_side_of_the_strongest_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In 2020 CJNG draws more strength from rivalries; were its alliances the larger side,
    the title would say so (the measures swapped, the data otherwise unchanged)."""
    real = network_charts.group_measures

    def swapped(network: object) -> object:
        table = real(network)
        return table.assign(
            alliance_strength=table["rivalry_strength"], rivalry_strength=table["alliance_strength"]
        )

    monkeypatch.setattr(network_charts, "group_measures", swapped)
    title = network_charts.strength_chart().to_dict()["title"]["text"]
    assert title == "CJNG, the strongest group, draws most of its strength from alliances (2020)"


def test_explorer_menu_is_wide_enough_for_the_longest_name_with_its_id() -> None:
    """'Wide enough for the longest group name with its id, unclipped': at least 8 px a
    character of the longest option (a menu also draws its arrow)."""
    import re

    picker, *_ = _explorer_parts()
    longest = max(len(label) for label, _ in picker.options)
    width = re.fullmatch(r"(\d+)px", picker.layout.width, re.IGNORECASE)
    assert width is not None and int(width.group(1)) >= 8 * longest
