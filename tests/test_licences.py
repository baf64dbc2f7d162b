"""The module can be adopted: licences stated everywhere, a citation, a version to pin (issue 20)."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
import yaml

import cartel_lab
from tools.notebook_footer import FOOTER, FOOTER_ID, footer_problems
from tools.notebooks import REPO_ROOT, notebook_paths

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
SCIENCE_TABLES = {"cartel_groups", "cartel_ties", "mexico_trends_2012_2021"}


def test_the_code_is_mit_licensed() -> None:
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Cartel Lab contributors" in text
    assert "Permission is hereby granted, free of charge" in text
    assert "CC BY 4.0" in text, "say what the MIT licence does not cover"
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"


def test_the_readme_states_both_licences_and_the_works_built_on() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licence and citation", 1)[1].split("\n## ", 1)[0]
    assert "MIT" in section and "[`LICENSE`](LICENSE)" in section
    assert "CC BY 4.0" in section and CC_BY in section
    assert all(table in section for table in SCIENCE_TABLES)
    assert "*Science* 381(6664):1312-1316 (2023)" in section
    assert "*The Hill*, 29 July 2025" in section and "CITATION.cff" in section


def test_the_data_package_states_cc_by_and_the_terms_of_the_unlicensed_tables() -> None:
    package = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (licence,) = package["licenses"]
    assert licence["name"] == "CC-BY-4.0" and licence["path"] == CC_BY
    unlicensed = {
        resource["name"]: resource["licenses"][0]["title"]
        for resource in package["resources"]
        if resource["licenses"][0]["name"] == "no-licence-stated"
    }
    assert set(unlicensed) == SCIENCE_TABLES
    for title in unlicensed.values():
        assert title.startswith("No licence stated.")
        assert "GitHub's Terms of Service" in title, "say what is permitted"
        assert "CC BY 4.0 does not extend" in title and "ask the authors" in title


@pytest.mark.parametrize(
    "path",
    [path for folder in ("notebooks", "exercises", "solutions") for path in notebook_paths(folder)],
    ids=lambda path: path.name,
)
def test_every_notebook_ends_with_the_licence_footer(path) -> None:  # type: ignore[no-untyped-def]
    assert footer_problems(path) == ""


def test_the_footer_names_both_licences_and_the_citation() -> None:
    assert FOOTER_ID == "licence-footer"
    assert f"[CC BY 4.0]({CC_BY})" in FOOTER and "MIT" in FOOTER
    assert "CITATION.cff" in FOOTER and "data/README.md" in FOOTER
    assert "$" not in FOOTER, "JupyterLab would read a dollar sign as maths"


def test_citation_names_the_project_not_a_person_and_the_same_version() -> None:
    citation = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["authors"] == [{"name": "Cartel Lab contributors"}]
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = project["project"]["version"]
    assert citation["version"] == version == cartel_lab.__version__
    titles = [reference["title"] for reference in citation["references"]]
    assert "Reducing cartel recruitment is the only way to lower violence in Mexico" in titles
    assert "The new Cold War is between countries and super-cartels" in titles


def test_the_changelog_says_what_the_current_version_contains() -> None:
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = re.search(rf"^## {re.escape(cartel_lab.__version__)}\b.*$", changelog, re.MULTILINE)
    assert heading, f"CHANGELOG.md has no section for {cartel_lab.__version__}"
    section = changelog[heading.end() :].split("\n## ", 1)[0]
    assert "Lessons 00-07" in section and "instructors/" in section
