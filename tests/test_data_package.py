"""The data package validates with frictionless, and bad edits fail with a readable message."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("frictionless")

from tools.update_data_hashes import update
from tools.validate_data import validate

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


# The Frictionless field types cartel_lab.data.load reads (a field must declare one).
LOADED_TYPES = {"string", "integer", "number", "boolean", "year", "date"}


def _package() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_package_is_valid() -> None:
    assert validate(DATA) == []


def test_every_resource_is_documented() -> None:
    package = _package()
    for resource in package["resources"]:
        name = resource["name"]
        assert resource.get("title"), name
        assert resource.get("description"), name
        assert resource.get("sources"), name
        assert resource.get("licenses"), name
        assert resource.get("origin") in {"measured", "transcribed", "authored"}, name
        assert resource["hash"].startswith("sha256:"), name
        assert resource["schema"].get("primaryKey"), name
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert all(f.get("description") for f in resource["schema"]["fields"]), name
        types = {f.get("type") for f in resource["schema"]["fields"]}
        assert types <= LOADED_TYPES, (name, types - LOADED_TYPES)  # the loader reads each type
        if "source_id" in fields and name != "sources":
            targets = [fk["reference"]["resource"] for fk in resource["schema"]["foreignKeys"]]
            assert "sources" in targets, name


def test_every_csv_in_data_is_a_resource() -> None:
    listed = {r["path"] for r in _package()["resources"]}
    assert {p.name for p in DATA.glob("*.csv")} == listed


def test_one_preferred_homicide_value_per_year() -> None:
    from cartel_lab.data import load

    frame = load("mexico_homicides")
    preferred = frame[frame["preferred"]]
    assert not preferred["year"].duplicated().any()
    assert set(preferred["year"]) == set(range(2000, 2025))
    early = preferred[preferred["year"] < 2005]
    assert set(early["series"]) == {"valle_jones_tabulation"}
    assert set(preferred[preferred["year"] >= 2005]["series"]) == {"inegi_headline"}


# ---------------------------------------------------------------- bad input


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(folder: Path, file_name: str, line: int, column: str, value: str) -> None:
    """Set one cell (line counts the header as 1) and rewrite the hashes, as an editor would."""
    path = folder / file_name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    update(folder)


# (file, line, column, bad value, the kind of error frictionless must name)
BAD_CELLS = {
    "wrong type": ("cartel_ties.csv", 4, "weight", "heavy", "type-error"),
    "tie to an unknown group": ("cartel_ties.csv", 5, "group_b", "N19999", "foreign-key"),
    "negative count": ("mexico_homicides.csv", 7, "homicides", "-5", "constraint"),
    "unknown source": ("terrorism_deaths.csv", 2, "source_id", "S999", "foreign-key"),
}


@pytest.mark.parametrize("case", BAD_CELLS.values(), ids=list(BAD_CELLS))
def test_bad_cell_is_reported_with_file_line_and_column(
    data_copy: Path, case: tuple[str, int, str, str, str]
) -> None:
    file_name, line, column, value, error = case
    _edit(data_copy, file_name, line, column, value)
    messages = [m for m in validate(data_copy) if m.startswith(file_name)]
    assert any(f"line {line}" in m and repr(column) in m and error in m for m in messages), messages


def test_duplicate_key_is_reported(data_copy: Path) -> None:
    first = (data_copy / "cartel_groups.csv").read_text(encoding="utf-8").splitlines()[1]
    _edit(data_copy, "cartel_groups.csv", 3, "group_id", first.split(",")[0])
    messages = [m for m in validate(data_copy) if m.startswith("cartel_groups.csv")]
    assert any("line 3" in m and "'group_id'" in m for m in messages), messages


def test_edit_without_rehash_fails_the_hash_check(data_copy: Path) -> None:
    path = data_copy / "us_overdose_deaths.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52404", "52405"), encoding="utf-8")
    messages = [m for m in validate(data_copy) if m.startswith("us_overdose_deaths.csv")]
    assert any("hash-count" in m for m in messages), messages


def test_hash_tool_check_mode(data_copy: Path) -> None:
    import subprocess
    import sys

    tool = REPO / "tools" / "update_data_hashes.py"
    ok = subprocess.run(
        [sys.executable, str(tool), "--check", "--data", str(data_copy)], capture_output=True
    )
    assert ok.returncode == 0, ok.stdout
    path = data_copy / "isis_territory.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stale = subprocess.run(
        [sys.executable, str(tool), "--check", "--data", str(data_copy)], capture_output=True
    )
    assert stale.returncode == 1
    assert b"isis_territory" in stale.stdout
