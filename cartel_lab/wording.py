"""Small helpers that keep messages grammatical: "1 claim", "4 claims"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """The count and its noun in the right number: ``plural(1, "item")`` is '1 item'."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def is_are(count: int) -> str:
    """'is' for one thing, 'are' for any other number."""
    return "is" if count == 1 else "are"
