"""Fixtures shared by the test files."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

from tests.notebook_runs import offline_environment


@pytest.fixture(scope="session")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One offline kernel environment for the whole test process (see tests/notebook_runs.py)."""
    return offline_environment(tmp_path_factory.mktemp("ipython-offline"))


@pytest.fixture(autouse=True)
def _recompute_cached_results_in_mutation_runs() -> Iterator[None]:
    """In a mutation run, empty the package's caches before each test.

    mutmut learns which tests call a function by watching one run of the suite
    (``MUTANT_UNDER_TEST=stats``), and tests each mutant in a process forked after
    the test modules were imported. A cached function (``load``, a model run, a
    lesson's series) runs once per process: the watch credits it to the first test
    only, and a mutant of it can be served the unmutated result cached at import.
    Either way the mutant looks unnoticed. Outside mutation runs this does nothing.
    """
    if "MUTANT_UNDER_TEST" in os.environ:
        for name, module in list(sys.modules.items()):
            if name.startswith("cartel_lab"):
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()
    yield
