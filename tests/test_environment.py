"""The student environment (Binder) installs exactly the pip path CI tests, and Binder builds it."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools.notebooks import REPO_ROOT

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>\S+)$")


def pip_pins(path: Path) -> dict[str, str]:
    """The name==version lines of a requirements file (comments and -r lines skipped)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {line!r} is not pinned as name==version"
        pins[match["name"].lower()] = match["version"]
    return pins


def environment() -> dict:
    """environment.yml, parsed."""
    return yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))


def conda_entries() -> dict[str, str]:
    """The conda packages of environment.yml (name -> version, '' when unpinned)."""
    entries = {}
    for entry in environment()["dependencies"]:
        if isinstance(entry, str):
            name, _, version = entry.partition("=")
            entries[name.lower()] = version
    return entries


def binder_pip_pins() -> dict[str, str]:
    """The name==version lines of environment.yml's pip: section."""
    sections = [e["pip"] for e in environment()["dependencies"] if isinstance(e, dict)]
    assert len(sections) == 1, "environment.yml should have exactly one pip: section"
    pins = {}
    for line in sections[0]:
        match = PIN.match(line.strip())
        assert match, f"environment.yml pip: {line!r} is not pinned as name==version"
        pins[match["name"].lower()] = match["version"]
    return pins


def test_environment_yml_uses_conda_forge_only() -> None:
    assert environment()["channels"] == ["conda-forge"]


def test_binder_takes_only_python_and_pip_from_conda_forge() -> None:
    """Everything else comes from PyPI, the index CI installs from (issue 20)."""
    conda = conda_entries()
    assert set(conda) == {"python", "pip"}, f"conda packages besides python and pip: {conda}"
    assert conda["python"] == "3.11", "Binder's Python should be the version CI tests with"


def test_binders_pip_section_is_requirements_txt() -> None:
    assert binder_pip_pins() == pip_pins(REPO_ROOT / "requirements.txt")


def test_ci_runs_the_pinned_python() -> None:
    if os.environ.get("CI") != "true":
        pytest.skip("Only CI must run the exact Python that environment.yml pins.")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == conda_entries()["python"]


def test_dev_requirements_extend_the_student_ones_without_touching_them() -> None:
    dev_text = (REPO_ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert "-r requirements.txt" in dev_text
    student, dev = (
        pip_pins(REPO_ROOT / "requirements.txt"),
        pip_pins(REPO_ROOT / "requirements-dev.txt"),
    )
    assert not set(student) & set(dev), "a package pinned twice can drift"
    assert "jupyter-repo2docker" in dev and "jupyter-repo2docker" not in student


def test_installed_package_declares_the_pinned_requirements() -> None:
    """`pip install .` (the pip path) must pull in exactly what requirements.txt pins."""
    declared = {}
    for requirement in importlib.metadata.requires("cartel-lab") or []:
        match = PIN.match(requirement)
        assert match, f"cartel-lab declares {requirement!r}, not name==version"
        declared[match["name"].lower()] = match["version"]
    assert declared == pip_pins(REPO_ROOT / "requirements.txt")


def test_postbuild_installs_the_package_without_touching_the_environment() -> None:
    postbuild = REPO_ROOT / "postBuild"
    assert os.access(postbuild, os.X_OK), "postBuild must be executable"
    assert "pip install --no-deps ." in postbuild.read_text(encoding="utf-8")


def test_binder_builds_from_environment_yml_and_runs_postbuild(tmp_path: Path) -> None:
    """Ask repo2docker (Binder's builder) for the Dockerfile it would build; no Docker needed."""
    repo2docker = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    assert repo2docker, "jupyter-repo2docker is a dev requirement; run `make setup`"
    result = subprocess.run(
        [repo2docker, "--no-build", "--debug", "--no-run", str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    dockerfile, log = result.stdout, result.stderr
    assert "Building conda environment for python=3.11" in log
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in dockerfile
    assert "RUN ./postBuild" in dockerfile
    # repo2docker installs the pip: section with conda's pip, from PyPI, inside the same
    # `env update`; it must not also read requirements.txt (a second list that could drift).
    assert "requirements.txt" not in dockerfile, "Binder installs environment.yml's pip: list only"
