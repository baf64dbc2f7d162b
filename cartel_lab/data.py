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
# table with an honest gap keeps its integer type.
_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "year": "Int64",
    "date": "datetime64[ns]",
}


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
    frame = pd.read_csv(
        data_dir() / resource["path"],
        dtype={f["name"]: "string" for f in fields},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for field in fields:
        column = field["name"]
        kind = field.get("type", "string")
        if kind == "date":
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        elif kind == "boolean":
            frame[column] = frame[column].map({"true": True, "false": False}).astype("boolean")
        elif kind in ("integer", "year"):
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        else:
            frame[column] = frame[column].astype(_DTYPES.get(kind, "string"))
    frame.attrs["title"] = resource.get("title", name)
    frame.attrs["description"] = resource.get("description", "")
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
    if name == "sources":
        return catalogue
    field_names = {f["name"] for f in resource["schema"]["fields"]}
    if "source_id" in field_names:
        used = set(load(name)["source_id"].dropna())
    else:
        used = {src.get("id", "") for src in resource.get("sources", [])}
    cited = catalogue[catalogue["source_id"].isin(used)]
    primary = resource.get("primary_publisher")
    if primary:  # the publisher's own releases first, then who carried its figures
        own = cited["publisher"].fillna("").str.startswith(primary)
        cited = pd.concat([cited[own], cited[~own]])
    return cited.reset_index(drop=True)


def allowed_values(name: str, column: str) -> list[str]:
    """The values column ``column`` of table ``name`` may take, in the schema's order.

    Charts and widgets list categories from here rather than re-typing them,
    so a category added to the schema shows up everywhere.
    """
    for field in _resource(name)["schema"]["fields"]:
        if field["name"] == column:
            return list(field.get("constraints", {}).get("enum", []))
    raise KeyError(f"Table {name!r} has no column {column!r}.")
