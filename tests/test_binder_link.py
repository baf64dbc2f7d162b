"""`make binder-link REPO=owner/name` writes a working Binder link without editing by hand (issue 20)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tools.binder_link import BEGIN, END, binder_url, link_in, main, readme_with_link
from tools.notebooks import REPO_ROOT

FIRST = "?urlpath=lab/tree/notebooks/00-start-here.ipynb"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The files the target reads and writes, in a throwaway folder."""
    for name in ("Makefile", "README.md", "CITATION.cff", "tools/binder_link.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, tmp_path / name)
    return tmp_path


def test_the_committed_readme_has_the_block_and_no_placeholder_to_edit() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(BEGIN) == 1 and readme.count(END) == 1
    assert "OWNER/REPO" not in readme


def test_make_binder_link_writes_the_badge_the_link_and_the_citation(copy: Path) -> None:
    run = subprocess.run(
        ["make", "-s", "binder-link", "REPO=my-uni/cartel-lab", "REF=v1.0.0"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    url = f"https://mybinder.org/v2/gh/my-uni/cartel-lab/v1.0.0{FIRST}"
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert f"[![Open in Binder](https://mybinder.org/badge_logo.svg)]({url})" in readme
    assert f"[open the module on Binder]({url})" in readme and link_in(readme) == url
    citation = yaml.safe_load((copy / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["repository-code"] == "https://github.com/my-uni/cartel-lab"
    assert main(["other/repo"], root=copy) == 0, "running it again replaces the link"
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert link_in(readme) == f"https://mybinder.org/v2/gh/other/repo/main{FIRST}"
    assert "my-uni" not in readme and readme.count(BEGIN) == 1
    citation = yaml.safe_load((copy / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["repository-code"] == "https://github.com/other/repo"


def test_make_binder_link_without_repo_says_how(copy: Path) -> None:
    run = subprocess.run(["make", "-s", "binder-link"], cwd=copy, capture_output=True, text=True)
    assert run.returncode == 2 and "make binder-link REPO=owner/name" in run.stdout


@pytest.mark.parametrize(
    "repo",
    ["cartel-lab", "https://github.com/a/b", "a/b c", "a/b;rm -rf x", "a/..", "-a/b", "a/b/c"],
)
def test_a_repository_that_is_not_owner_slash_name_is_refused(copy: Path, repo: str) -> None:
    before = (copy / "README.md").read_text(encoding="utf-8")
    assert main(["--", repo], root=copy) == 1
    assert (copy / "README.md").read_text(encoding="utf-8") == before
    with pytest.raises(ValueError):
        binder_url(repo)


def test_a_readme_without_the_block_is_not_guessed_at() -> None:
    with pytest.raises(ValueError, match="binder-link"):
        readme_with_link("# Title\n", binder_url("a/b"))
