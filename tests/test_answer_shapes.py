"""What a number question says when it is given a table, a column, a row, a list or a selection.

A student who hands in the right rows in the wrong shape is told what the value is and
the one operation that turns it into the number asked for, but only an operation that
gives the right number (checked against the key) or, without the key, one that cannot
be wrong. The words and operations are written out here, one shape per case; the
numbers are made so that exactly one operation gives the key (1 + 2 = 3 rows or values).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from cartel_lab.answer_types import Number

ANY = Number()
COUNT = Number("the number of claims")
SHARE = Number("the share of claims")
TABLE = pd.DataFrame({"homicides": [1, 2], "year": [2019, 2020]})


@pytest.mark.parametrize(
    ("value", "answer_type", "key", "shape", "fix"),
    [
        (
            pd.Series([True, False, True]),
            COUNT,
            None,
            "a True/False selection (one True or False per row)",
            "Add `.sum()` at the end of your expression to count the True ones.",
        ),
        (
            pd.Series([True, False, True]),
            SHARE,
            None,
            "a True/False selection (one True or False per row)",
            "Add `.mean()` at the end of your expression for the share that are True.",
        ),
        (
            TABLE.head(1),
            ANY,
            None,
            "a table with one row and the columns homicides, year",
            "Pick the column the question names, then the one row or the total it asks for: "
            'e.g. add `["column"]` and then `.iloc[0]` or `.sum()`.',
        ),
        (
            TABLE,
            ANY,
            3.0,
            "a table of 2 rows with the columns homicides, year",
            'Add `["homicides"].sum()` at the end of your expression to add up its homicides '
            "column.",
        ),
        (
            TABLE,
            COUNT,
            None,
            "a table with the columns homicides, year",  # a count never states a size
            "Pick the column the question names, then the one row or the total it asks for: "
            'e.g. add `["column"]` and then `.iloc[0]` or `.sum()`.',
        ),
        (
            pd.Series([np.nan, np.nan]),
            ANY,
            3.0,
            "a Series or table of missing values (NaN) only: pandas lines rows up by their "
            "labels, so subtracting two selections whose labels differ gives NaN",
            "Take each number out first (e.g. `.iloc[0]` on each selection, or look it up by "
            "its label), then do the arithmetic on the two numbers.",
        ),
        (
            pd.Series([5.0], index=["CJNG"]),
            ANY,
            None,
            "a Series whose one value sits at the label 'CJNG'",
            "Add `.iloc[0]` at the end of your expression to take the value out, whatever its "
            "label.",
        ),
        (
            pd.Series([1.0, 2.0], index=["a", "b"], name="Sinaloa"),
            ANY,
            None,
            "one row of values (row 'Sinaloa' of a table) labelled a, b",
            'Take the value the question names by its label: add `["label"]` at the end.',
        ),
        (
            pd.Series([1.0, 2.0], index=["a", "b"], name="Sinaloa"),
            ANY,
            2.0,
            "one row of values (row 'Sinaloa' of a table) labelled a, b",
            'Add `["b"]` at the end of your expression to take its b value.',
        ),
        (
            pd.Series([1.0, 2.0], name="homicides"),
            ANY,
            None,
            "a column (homicides) of 2 values (a Series)",
            "Go back to the row (or the total) the question asks for: one value, not the whole "
            "column.",
        ),
        (
            pd.Series([1.0, 2.0], name="homicides"),
            COUNT,
            3.0,
            "a column (homicides) (a Series)",
            "Add `.sum()` at the end of your expression to add its values up.",
        ),
        (
            [4.0],
            ANY,
            None,
            "a list holding one value",
            "Add `[0]` at the end of your expression to take the value out.",
        ),
        (
            {1, 2},
            ANY,
            3.0,
            "a set of 2 items",
            "Wrap it in `sum(...)` to add its values up.",
        ),
        (
            [1, 2, 3],
            COUNT,
            3.0,
            "a list",
            "Wrap it in `len(...)` to count its items.",  # not sum(...): that gives 6
        ),
        (
            ["a", "b"],
            SHARE,
            3.0,
            "a list of 2 items",
            "The question asks for one number: keep only that number.",
        ),
    ],
    ids=[
        "a selection, counted",
        "a selection, a share",
        "a one-row table",
        "a table whose column adds up to the key",
        "a table, counted",
        "NaN only",
        "a one-value Series",
        "a labelled row",
        "a labelled row with a key",
        "a column",
        "a column adding up to the key",
        "a list of one",
        "a set adding up to the key",
        "a list whose length is the key",
        "a list of texts",
    ],
)
def test_a_number_given_in_another_shape_is_told_what_it_is_and_what_to_add(
    value: Any, answer_type: Number, key: float | None, shape: str, fix: str
) -> None:
    assert answer_type.explain(value, key) == (
        f"it is {shape}, not a single number ({answer_type.what}). {fix}"
    )


def test_the_questions_own_column_is_the_one_suggested() -> None:
    homicides = Number("a number of homicides", column="homicides")
    assert homicides.explain(TABLE.head(1)).endswith(
        'Add `["homicides"].iloc[0]` at the end of your expression to take its one homicides value.'
    )
    assert homicides.explain(TABLE, key=99.0).endswith(
        'Add `["homicides"].sum()` at the end of your expression to add up its homicides column.'
    ), "the named column even when no operation gives the key"
