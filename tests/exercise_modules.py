"""Find every exercise and challenge module, so that a new one is tested without editing the tests."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path
from types import ModuleType

import cartel_lab.exercises


def _modules(prefix: str) -> list[ModuleType]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(cartel_lab.exercises.__path__)
        if info.name.startswith(prefix)
    )
    return [importlib.import_module(f"cartel_lab.exercises.{name}") for name in names]


def exercise_modules() -> list[ModuleType]:
    """cartel_lab.exercises.ex01, ex02, ... in order."""
    return _modules("ex")


def challenge_modules() -> list[ModuleType]:
    """cartel_lab.exercises.lesson02, lesson03, ...: the "your turn" challenges inside lessons."""
    return _modules("lesson")


@cache
def joined_shuffled_shares() -> tuple[float, ...]:
    """The balanced share of lesson 03's 1,000 shuffles (seeds 0-999) of the Sinaloa + CJNG ties.

    Computed here, apart from the challenge module, once per test process for the tests that
    recompute what challenge 03.c's key and wrong answers should be.
    """
    from cartel_lab.network import ties
    from cartel_lab.network_measures import balanced_share, shuffled_signs

    joined = ties("Sinaloa + CJNG")
    return tuple(balanced_share(shuffled_signs(joined, seed)) for seed in range(1000))


def answered_copy(
    source: Path, target: Path, answer: str = "My own answer, in two sentences."
) -> Path:
    """Copy an exercise notebook with every open (written) answer filled in, as a student saves it."""
    from cartel_lab.submission import OPEN_ANSWER_PROMPT

    target.write_text(
        source.read_text(encoding="utf-8").replace(OPEN_ANSWER_PROMPT, answer), encoding="utf-8"
    )
    return target
