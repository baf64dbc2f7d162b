"""Small helpers that keep messages grammatical and readable: "1 claim", "18,294"."""

from __future__ import annotations

import math
from typing import Any


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """The count and its noun in the right number: ``plural(1, "item")`` is '1 item'."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def is_are(count: int) -> str:
    """'is' for one thing, 'are' for any other number."""
    return "is" if count == 1 else "are"


def readable_number(value: Any) -> str:
    """A number as a person writes it: 18,294, -23.4, 0.59 (never 1.829e+04).

    Whole numbers get thousands separators; others keep four significant
    digits (one decimal from 1,000 up), written out without an exponent.
    Numbers of 15 digits or more are too long to read and are described.
    Never raises: what is not a real number is shown as ``str`` gives it.
    """
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return _huge(value) if isinstance(value, int) else str(value)
    if math.isnan(number) or math.isinf(number):
        return str(number)
    if abs(number) >= 1e15:
        return _huge(value)
    if number.is_integer():
        return f"{int(number):,}"
    if abs(number) >= 1000:
        return f"{number:,.1f}"
    digits = max(0, 3 - math.floor(math.log10(abs(number))))
    if digits > 12:
        return f"{'-' if number < 0 else ''}less than 0.000000001"
    text = f"{number:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _huge(value: Any) -> str:
    try:
        digits = len(str(abs(int(value))))
        sign = "-" if value < 0 else ""
    except (TypeError, ValueError, OverflowError):
        return "a very large number"
    return f"{sign}(a whole number with about {digits} digits)"
