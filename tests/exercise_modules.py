"""Find every exercise module, so that a new exercise is tested without editing the tests."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import cartel_lab.exercises


def exercise_modules() -> list[ModuleType]:
    """cartel_lab.exercises.ex01, ex02, ... in order."""
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(cartel_lab.exercises.__path__)
        if info.name.startswith("ex")
    )
    return [importlib.import_module(f"cartel_lab.exercises.{name}") for name in names]
