"""The data package validates with frictionless, and bad edits fail with a readable message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("frictionless")

from tools.validate_data import validate

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def _package() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_package_is_valid() -> None:
    assert validate(DATA) == []


def test_every_resource_is_documented() -> None:
    package = _package()
    for resource in package["resources"]:
        name = resource["name"]
        assert resource.get("description"), name
        assert resource.get("sources"), name
        assert resource.get("licenses"), name
        assert resource.get("origin") in {"measured", "transcribed", "authored"}, name
        assert resource["hash"].startswith("sha256:"), name
        assert resource["schema"].get("primaryKey"), name
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert all(f.get("description") for f in resource["schema"]["fields"]), name
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
    import csv

    path = folder / file_name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    _rehash(folder)


def _rehash(folder: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "update_data_hashes", REPO / "tools" / "update_data_hashes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.update(folder)


def _only(messages: list[str], file_name: str) -> list[str]:
    return [m for m in messages if m.startswith(file_name)]


def test_wrong_type_is_reported_with_file_line_and_column(data_copy: Path) -> None:
    _edit(data_copy, "cartel_ties.csv", 4, "weight", "heavy")
    messages = _only(validate(data_copy), "cartel_ties.csv")
    assert any("line 4" in m and "'weight'" in m and "type-error" in m for m in messages), messages


def test_duplicate_key_is_reported(data_copy: Path) -> None:
    first = (data_copy / "cartel_groups.csv").read_text(encoding="utf-8").splitlines()[1]
    group_id = first.split(",")[0]
    _edit(data_copy, "cartel_groups.csv", 3, "group_id", group_id)
    messages = _only(validate(data_copy), "cartel_groups.csv")
    assert any("line 3" in m and "'group_id'" in m for m in messages), messages


def test_tie_to_unknown_group_is_reported(data_copy: Path) -> None:
    _edit(data_copy, "cartel_ties.csv", 5, "group_b", "N19999")
    messages = _only(validate(data_copy), "cartel_ties.csv")
    assert any("line 5" in m and "'group_b'" in m and "foreign-key" in m for m in messages), (
        messages
    )


def test_negative_count_is_reported(data_copy: Path) -> None:
    _edit(data_copy, "mexico_homicides.csv", 7, "homicides", "-5")
    messages = _only(validate(data_copy), "mexico_homicides.csv")
    assert any("line 7" in m and "'homicides'" in m and "constraint" in m for m in messages), (
        messages
    )


def test_unknown_source_is_reported(data_copy: Path) -> None:
    _edit(data_copy, "terrorism_deaths.csv", 2, "source_id", "S999")
    messages = _only(validate(data_copy), "terrorism_deaths.csv")
    assert any("line 2" in m and "'source_id'" in m and "foreign-key" in m for m in messages), (
        messages
    )


def test_edit_without_rehash_fails_the_hash_check(data_copy: Path) -> None:
    path = data_copy / "us_overdose_deaths.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52404", "52405"), encoding="utf-8")
    messages = _only(validate(data_copy), "us_overdose_deaths.csv")
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
