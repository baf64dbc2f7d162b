"""Fixtures shared by the test files."""

from __future__ import annotations

import pytest

from tests.notebook_runs import offline_environment


@pytest.fixture(scope="session")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One offline kernel environment for the whole test process (see tests/notebook_runs.py)."""
    return offline_environment(tmp_path_factory.mktemp("ipython-offline"))
