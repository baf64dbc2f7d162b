"""Load the module's tables from ``data/`` with the types their schema declares.

Every table is described in ``data/datapackage.json`` (a Frictionless Data
Package): its columns, units, constraints and sources. The loader reads only
local files, so lessons work offline.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from cartel_lab.paths import data_dir

# Frictionless field types -> pandas dtypes. Integers are nullable so that a
# table with an honest gap keeps its integer type. Every field declares its type
# (tests/test_data_package.py), so a type missing here is an error, not a guess.
_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "year": "Int64",
    "date": "datetime64[ns]",
}
_BOOLEANS = {"true": True, "false": False}


@cache
def _package(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _resources() -> dict[str, dict[str, Any]]:
    return {res["name"]: res for res in _package(data_dir())["resources"]}


def table_names() -> list[str]:
    """Return the names ``load`` accepts, in the order the data package lists them."""
    return list(_resources())


def _resource(name: str) -> dict[str, Any]:
    resources = _resources()
    if name not in resources:
        valid = ", ".join(sorted(resources))
        raise KeyError(f"There is no table called {name!r}. The tables are: {valid}.")
    return resources[name]


def load(name: str) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame typed by its schema.

    Dates become ``datetime64``; integer columns are nullable ``Int64``. An
    unknown name raises ``KeyError`` listing the valid names.
    """
    resource = _resource(name)
    fields = resource["schema"]["fields"]
    # Every cell is read as text first, and only an empty cell is missing: "NA" or
    # "null" written in a cell stays that text (pandas would read them as gaps).
    frame = pd.read_csv(
        data_dir() / resource["path"],
        dtype={f["name"]: "string" for f in fields},
        keep_default_na=False,
        na_values=[""],
    )
    for field in fields:
        column, kind = field["name"], field["type"]
        if kind == "boolean":
            frame[column] = frame[column].map(_BOOLEANS).astype("boolean")
        else:
            frame[column] = frame[column].astype(_DTYPES[kind])
    frame.attrs["title"] = resource["title"]
    frame.attrs["description"] = resource["description"]
    return frame


def sources(name: str) -> pd.DataFrame:
    """Return the citations behind table ``name``: one row per source it draws on.

    The columns are those of the ``sources`` table (``source_id``, ``title``,
    ``publisher``, ``year``, ``url``, ``where_found``, ``terms``). Tables whose
    rows carry a ``source_id`` return the sources those rows use; the others
    return the sources their metadata lists. A table whose metadata names a
    ``primary_publisher`` (INEGI for ``mexico_homicides``) lists that
    publisher's own releases first. ``sources("sources")`` returns the whole
    catalogue.
    """
    resource = _resource(name)
    catalogue = load("sources")
    field_names = {f["name"] for f in resource["schema"]["fields"]}
    if "source_id" in field_names:
        used = set(load(name)["source_id"].dropna())
    else:
        used = {src["id"] for src in resource["sources"]}
    cited = catalogue[catalogue["source_id"].isin(used)]
    primary = resource.get("primary_publisher")
    if primary:  # the publisher's own releases first, then who carried its figures
        own = cited["publisher"].str.startswith(primary)  # the schema requires a publisher
        cited = pd.concat([cited[own], cited[~own]])
    return cited.reset_index(drop=True)


def allowed_values(name: str, column: str) -> list[str]:
    """The values column ``column`` of table ``name`` may take, in the schema's order.

    Charts and widgets list categories from here rather than re-typing them,
    so a category added to the schema shows up everywhere. A column the schema
    does not restrict to a list raises ``KeyError``: it has no categories to list.
    """
    for field in _resource(name)["schema"]["fields"]:
        if field["name"] == column:
            if "enum" not in field.get("constraints", {}):
                raise KeyError(
                    f"Column {column!r} of table {name!r} takes any value; it lists none."
                )
            return list(field["constraints"]["enum"])
    raise KeyError(f"Table {name!r} has no column {column!r}.")
