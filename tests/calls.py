"""Count the calls a widget makes to a function of its module, for tests of "one run a move"."""

from __future__ import annotations

from types import ModuleType

import pytest


def record_calls(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[tuple]:
    """Wrap ``module.name`` so each call's arguments are appended to the list returned."""
    calls: list[tuple] = []
    real = getattr(module, name)

    def recorded(*args: object) -> object:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(module, name, recorded)
    return calls
