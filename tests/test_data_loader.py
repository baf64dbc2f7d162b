"""The loader returns typed tables and their citations, offline."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pandas as pd
import pytest

from cartel_lab import data

REPO = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}

CHECKS = {
    "string": pd.api.types.is_string_dtype,
    "integer": lambda s: str(s.dtype) == "Int64",
    "year": lambda s: str(s.dtype) == "Int64",
    "number": pd.api.types.is_float_dtype,
    "boolean": lambda s: str(s.dtype) == "boolean",
    "date": pd.api.types.is_datetime64_any_dtype,
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the loader tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_table_names_follow_the_package() -> None:
    assert data.table_names() == list(RESOURCES)


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_table_loads_with_declared_dtypes(name: str) -> None:
    frame = data.load(name)
    fields = RESOURCES[name]["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert len(frame) > 0
    for field in fields:
        assert CHECKS[field.get("type", "string")](frame[field["name"]]), (
            name,
            field["name"],
            frame[field["name"]].dtype,
        )
    assert frame.attrs["title"] == RESOURCES[name]["title"]
    assert frame.attrs["description"] == RESOURCES[name].get("description", "")


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_cell_reads_as_its_csv_text_says(name: str) -> None:
    """Each loaded cell is what its CSV text says: "true"/"false" a boolean, an empty cell
    missing, text kept as written (never "NA" read as missing)."""
    import csv

    path = REPO / "data" / RESOURCES[name]["path"]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = data.load(name)
    for field in RESOURCES[name]["schema"]["fields"]:
        column, kind = field["name"], field.get("type", "string")
        for text, value in zip([row[column] for row in rows], frame[column], strict=True):
            if text == "":
                assert pd.isna(value), (name, column)
            elif kind == "boolean":
                assert bool(value) == {"true": True, "false": False}[text], (name, column, text)
            elif kind == "string":
                assert value == text, (name, column, text)


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_table_has_citations(name: str) -> None:
    cited = data.sources(name)
    assert len(cited) > 0
    assert cited["url"].notna().all() and (cited["url"].str.len() > 0).all()
    assert cited["title"].notna().all()
    if "source_id" in data.load(name).columns:
        assert set(data.load(name)["source_id"]) <= set(cited["source_id"])


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(KeyError) as info:
        data.load("homicides_mexico")
    message = str(info.value)
    listed = ", ".join(sorted(RESOURCES))
    assert message == f"\"There is no table called 'homicides_mexico'. The tables are: {listed}.\""
    with pytest.raises(KeyError):
        data.sources("no_such_table")


def test_counts_are_integers_and_values_keep_their_exact_digits() -> None:
    territory = data.load("isis_territory")
    assert territory["km2"].dtype == "Int64"
    rates = data.load("mexico_homicide_rates")
    assert rates["rate_per_100k"].dtype == "float64"
    ties = data.load("cartel_ties")
    assert (ties["weight"] >= 1).all()


def test_claim_numbers_cover_every_claim_that_carries_a_number() -> None:
    claims = data.load("article_claims")
    numbers = data.load("claim_numbers")
    with_number = set(claims.loc[claims["carries_number"], "claim_id"])
    assert set(numbers["claim_id"]) == with_number
    tested = numbers["test_table"].dropna()
    assert set(tested) <= set(data.table_names())


def test_loader_reads_the_folder_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    lines = (copy / "fto_designations.csv").read_text(encoding="utf-8").splitlines()
    (copy / "fto_designations.csv").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    monkeypatch.setenv("CARTEL_LAB_DATA", str(copy))
    assert len(data.load("fto_designations")) == 2


def test_allowed_values_follow_the_schema() -> None:
    kinds = data.allowed_values("article_claims", "primary_kind")
    assert set(data.load("article_claims")["primary_kind"]) <= set(kinds)
    assert kinds[:2] == ["framing", "empirical"]
    with pytest.raises(KeyError, match="no column"):
        data.allowed_values("article_claims", "no_such_column")


def test_only_an_empty_cell_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text that pandas would take for a gap ("NA", "null", "None") is kept as written."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    path = copy / "cartel_groups.csv"
    header, first, second, third, *rest = path.read_text(encoding="utf-8").splitlines()
    edited = [first.replace(",ACME,ACME,", ",NA,null,"), second, third.rsplit(",", 2)[0] + ",None,"]
    path.write_text("\n".join([header, *edited, *rest]) + "\n", encoding="utf-8")
    monkeypatch.setenv("CARTEL_LAB_DATA", str(copy))
    groups = data.load("cartel_groups")
    assert list(groups.loc[0, ["name", "short_name"]]) == ["NA", "null"]
    assert groups.loc[2, "state"] == "None" and pd.isna(groups.loc[2, "source_id"])


def test_the_primary_publisher_comes_first_in_a_tables_sources() -> None:
    """mexico_homicides is INEGI's count: INEGI's own releases open its list of sources."""
    package = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "mexico_homicides")
    assert resource["primary_publisher"] == "INEGI"
    listed = list(data.sources("mexico_homicides")["publisher"])
    own = [publisher.startswith("INEGI") for publisher in listed]
    assert own[0] and own == sorted(own, reverse=True), listed


def test_the_codebook_says_what_confidence_grades() -> None:
    """A 'low' definitive count beside a 'medium' preliminary one must not read as a contradiction."""
    codebook = " ".join((REPO / "data" / "README.md").read_text(encoding="utf-8").split())
    assert "It grades the source a value was read in, not the value" in codebook
    assert "36,773) is `low`" in codebook and "(36,579) is `medium`" in codebook
    homicides = data.load("mexico_homicides").query("year == 2020").set_index("status")
    assert homicides.loc["definitive", "homicides"] == 36773
    assert homicides.loc["definitive", "confidence"] == "low"
    assert homicides.loc["preliminary", "homicides"] == 36579
    assert homicides.loc["preliminary", "confidence"] == "medium"
