"""Validate the data package with frictionless: schemas, keys, foreign keys and hashes.

Usage: ``.venv/bin/python tools/validate_data.py`` prints one line per problem
(file, line, column) and exits 1 if there is any. The tests call ``validate``.
frictionless is a development dependency: students' notebooks never need it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from frictionless import Package

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cartel_lab.paths import data_dir


def validate(folder: Path | None = None) -> list[str]:
    """Validate the data package in ``folder`` (default: the module's data folder).

    Checks every table against its schema (types, required values, ranges,
    enums, patterns), primary and foreign keys, and the sha256 hash and byte
    count recorded in ``datapackage.json``. Returns one readable message per
    problem, naming the file, the line (the header is line 1) and the column,
    e.g. ``"cartel_ties.csv, line 4, column 'weight': type-error: ..."``; an
    empty list means the package is valid.

    """
    folder = Path(folder) if folder is not None else data_dir()
    package = Package(str(folder / "datapackage.json"))
    report = package.validate()
    resources = {res.name: res for res in package.resources}
    messages: list[str] = [f"datapackage.json: {error.message}" for error in report.errors]
    for task in report.tasks:
        resource = resources.get(task.name)
        file_name = resource.path if resource is not None and resource.path else task.name
        for error in task.errors:
            messages.append(_describe(error, str(file_name), resource))
    return messages


def _describe(error: Any, file_name: str, resource: Any) -> str:
    """Turn one frictionless error into 'file, line N, column X: type: note'."""
    where = [file_name]
    row_number = getattr(error, "row_number", None)
    if row_number is not None:
        where.append(f"line {row_number}")
    column = getattr(error, "field_name", None)
    if column:
        where.append(f"column {column!r}")
    elif getattr(error, "field_names", None):
        where.append("columns " + ", ".join(repr(c) for c in error.field_names))
    elif error.type == "primary-key" and resource is not None:
        where.append("columns " + ", ".join(repr(c) for c in resource.schema.primary_key))
    note = getattr(error, "note", "") or error.message
    return f"{', '.join(where)}: {error.type}: {note}"


def main() -> int:
    """Print every problem in the data package; exit 1 when there is one."""
    messages = validate()
    for message in messages:
        print(message)
    print(
        f"{len(messages)} {'problem' if len(messages) == 1 else 'problems'} in {data_dir() / 'datapackage.json'}"
    )
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
