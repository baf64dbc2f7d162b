"""Exercise 03, cartels as a network: count ties, rank groups, find blocs, balance and a merger."""

from __future__ import annotations

import pandas as pd

from cartel_lab.answer_types import Choice, Counts, IdSet, Number
from cartel_lab.checking import Exercise, Mistake, Question
from cartel_lab.network import CJNG, SINALOA, groups, ties
from cartel_lab.network_measures import (
    balance_counts,
    blocs,
    group_measures,
    merger_comparison,
    rivals,
)
from cartel_lab.submission import submitter

GROUP_IDS = tuple(groups()["group_id"])
_NETWORK = ties()
_MEASURES = group_measures(_NETWORK)


def _top(column: str, n: int = 5) -> frozenset[str]:
    return frozenset(_MEASURES.nlargest(n, column)["group_id"])


def _kinds(rows: pd.Series) -> dict[str, float]:
    return {str(kind): float(count) for kind, count in rows.value_counts().items()}


# Wrong answers students give, computed from the data so that each hint is provably reachable.
_CJNG_FROM_ONE_COLUMN = (
    _kinds(_NETWORK.loc[_NETWORK["group_a"] == CJNG, "tie"]),
    _kinds(_NETWORK.loc[_NETWORK["group_b"] == CJNG, "tie"]),
)
_STRENGTH_TOP = _top("strength")
_MOST_ALLIES = frozenset(
    _MEASURES.loc[_MEASURES["allies"] >= _MEASURES["allies"].nlargest(5).min(), "group_id"]
)
_MOST_ALLIES_EXAMPLE = _top("allies")
_NO_TIE_AT_ALL = int(((_MEASURES["allies"] == 0) & (_MEASURES["rivals"] == 0)).sum())
_WITH_AN_ALLY = int((_MEASURES["allies"] > 0).sum())
_NUMBER_OF_BLOCS = blocs(_NETWORK)["bloc"].nunique()
_SINALOA_RIVALS = frozenset(rivals(_NETWORK, SINALOA)["group_id"])
_CJNG_RIVALS = frozenset(rivals(_NETWORK, CJNG)["group_id"])
_CHAPITOS_CJNG = "Los Chapitos + CJNG"
_TRIANGLES = balance_counts(ties(_CHAPITOS_CJNG)).set_index("pattern")["triangles"]
_VERDICTS = balance_counts(ties(_CHAPITOS_CJNG)).groupby("verdict")["triangles"].sum()
_UNBALANCED_PATTERNS = int((balance_counts(ties(_CHAPITOS_CJNG))["verdict"] == "unbalanced").sum())
_UNBALANCED_2020 = int(balance_counts(_NETWORK).groupby("verdict")["triangles"].sum()["unbalanced"])
_COMPARISON = merger_comparison("Sinaloa + CJNG")
MEASURES = tuple(_COMPARISON["measure"])
_MOST_NEGATIVE = str(_COMPARISON.loc[_COMPARISON["change_pct"].idxmin(), "measure"])

QUESTIONS = (
    Question(
        id="3.1",
        answer_name="cjng_ties",
        answer_type=Counts(example="a Series with index ['alliance', 'rivalry'] and two counts"),
        hint="Use the tie-ends table: keep the rows whose group column is CJNG, then count the "
        "values of the tie column with .value_counts().",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == {k: 2 * v for k, v in key.items()},
                hint="Every count is twice too large: each tie is in the tie-ends table twice, once "
                "from each end. Filter on the group column only, not on group or other.",
                example=lambda key: {k: 2 * v for k, v in key.items()},
            ),
            Mistake(
                applies=lambda answer, key: answer in _CJNG_FROM_ONE_COLUMN,
                hint="CJNG can be group_a or group_b of a tie: looking in one column of the ties "
                "table misses the others. The tie-ends table (tie_ends(network)) lists each tie "
                "from both ends.",
                example=lambda key: _CJNG_FROM_ONE_COLUMN[0],
            ),
        ),
    ),
    Question(
        id="3.2",
        answer_name="top_five",
        answer_type=IdSet(valid=GROUP_IDS, example="['N10025', 'N10013']"),
        hint="Rank the table of group_measures(network) by its alliance_strength column and keep "
        "five ids (.nlargest(5, column), then the group_id column as a list).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: len(answer) != len(key),
                hint="Five groups are asked for, no more and no fewer.",
                example=lambda key: set(sorted(key)[:4]),
            ),
            Mistake(
                applies=lambda answer, key: answer == _STRENGTH_TOP,
                hint="These are the five strongest groups overall (the order of the table). The "
                "question asks for alliance strength: rank by the alliance_strength column.",
                example=lambda key: _STRENGTH_TOP,
            ),
            Mistake(
                applies=lambda answer, key: answer <= _MOST_ALLIES,
                hint="These are the groups with the most allies. Alliance strength adds the "
                "weights of the alliances: rank by alliance_strength.",
                example=lambda key: _MOST_ALLIES_EXAMPLE,
            ),
        ),
    ),
    Question(
        id="3.3",
        answer_name="no_ally",
        answer_type=Number(what="a whole number of groups"),
        hint="In group_measures(network), compare the allies column with 0 and add up the Trues "
        "with .sum().",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _NO_TIE_AT_ALL,
                hint="Those groups have no tie at all. A group with rivals but no ally also has "
                "no ally: look at the allies column only.",
                example=lambda key: _NO_TIE_AT_ALL,
            ),
            Mistake(
                applies=lambda answer, key: answer == _WITH_AN_ALLY,
                hint="That counts the groups that do have an ally: keep the rows where allies is 0.",
                example=lambda key: _WITH_AN_ALLY,
            ),
            Mistake(
                applies=lambda answer, key: answer == _NUMBER_OF_BLOCS,
                hint="That is the number of blocs. A group with no ally is a bloc of one, but "
                "larger blocs count too: count groups whose allies is 0.",
                example=lambda key: _NUMBER_OF_BLOCS,
            ),
        ),
    ),
    Question(
        id="3.4",
        answer_name="sinaloa_cjng_shared",
        answer_type=IdSet(valid=GROUP_IDS, example="['N10076', 'N10001']"),
        hint="Make a set of the group_id column of each group's rivals and keep the ids in both "
        "sets with &.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer in (_SINALOA_RIVALS, _CJNG_RIVALS),
                hint="That is the rival list of one group only; keep the rivals that the other "
                "group has too.",
                example=lambda key: _SINALOA_RIVALS,
            ),
            Mistake(
                applies=lambda answer, key: (
                    bool(answer & (_SINALOA_RIVALS - _CJNG_RIVALS))
                    and bool(answer & (_CJNG_RIVALS - _SINALOA_RIVALS))
                ),
                hint="These include rivals of one group that the other does not fight: | keeps "
                "what is in either set, & keeps only what is in both.",
                example=lambda key: _SINALOA_RIVALS | _CJNG_RIVALS,
            ),
        ),
    ),
    Question(
        id="3.5",
        answer_name="unbalanced_chapitos",
        answer_type=Number(what="a whole number of triangles"),
        hint="Build the ties of the scenario with ties('Los Chapitos + CJNG'), then in "
        "balance_counts(...) keep the rows whose verdict is 'unbalanced' and add up their "
        "triangles column with .sum() (len(...) would count the rows, one per pattern, not the "
        "triangles).",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _UNBALANCED_PATTERNS != key,
                hint="That is the number of unbalanced patterns (rows), not of triangles: add up "
                "the triangles column of those rows with .sum() instead of len(...).",
                example=lambda key: _UNBALANCED_PATTERNS,
            ),
            Mistake(
                applies=lambda answer, key: answer == _UNBALANCED_2020,
                hint="That is the 2020 count. Use the ties of the scenario, "
                "ties('Los Chapitos + CJNG'), not network.",
                example=lambda key: _UNBALANCED_2020,
            ),
            Mistake(
                applies=lambda answer, key: (
                    answer in (_TRIANGLES["2 alliances, 1 rivalry"], _TRIANGLES["3 rivalries"])
                ),
                hint="That is one unbalanced pattern. Two patterns are unbalanced: 2 alliances "
                "and 1 rivalry, and 3 rivalries.",
                example=lambda key: int(_TRIANGLES["2 alliances, 1 rivalry"]),
            ),
            Mistake(
                applies=lambda answer, key: answer == key + _VERDICTS["unclear"],
                hint="The triangles with a pair coded both allied and rival are 'unclear', not "
                "unbalanced: leave them out.",
                example=lambda key: key + int(_VERDICTS["unclear"]),
            ),
            Mistake(
                applies=lambda answer, key: answer == _VERDICTS["balanced"],
                hint="That is the number of balanced triangles.",
                example=lambda key: int(_VERDICTS["balanced"]),
            ),
        ),
    ),
    Question(
        id="3.6",
        answer_name="biggest_change",
        answer_type=Choice(options=MEASURES),
        hint="In merger_comparison('Sinaloa + CJNG'), find the row whose change_pct is largest "
        "in size (.abs(), then .idxmax()) and read its measure.",
        mistakes=(
            Mistake(
                applies=lambda answer, key: answer == _MOST_NEGATIVE,
                hint="That measure falls; the question asks for the largest change in size, "
                "up or down. Compare sizes with .abs().",
                example=lambda key: _MOST_NEGATIVE,
            ),
            Mistake(
                applies=lambda answer, key: "triangles" in answer,
                hint="Balance does change, but look at change_pct: another measure changes by a "
                "much larger share.",
                example=lambda key: "unbalanced triangles",
            ),
        ),
    ),
)

EXERCISE = Exercise(number="03", title="Cartels as a network", questions=QUESTIONS)
check = EXERCISE.check
progress = EXERCISE.progress
submit = submitter(EXERCISE)
