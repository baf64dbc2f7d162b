"""What a self-check tells a student, as plain text and as HTML.

A result always says, in words, whether the question passed; colour only
repeats what the words and the symbol already say.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum

from cartel_lab.palette import BLUE, GREY, ORANGE

SELF_CHECK_NOTE = "(Self-check only: it is not a grade.)"
SELF_CHECKS_NOTE = "(Self-checks only: they are not a grade.)"


class Status(Enum):
    """The outcome of one self-check, in the order a check looks for them."""

    UNKNOWN_QUESTION = "no such question"
    NOT_ATTEMPTED = "not attempted yet"
    STOPPED = "not yet: the answer cell stopped with an error"
    WRONG_TYPE = "not yet: wrong type or shape"
    TYPO = "not yet: check the spelling"
    WRONG_VALUE = "not yet: wrong value"
    COMMON_MISTAKE = "not yet: a common mistake"
    CANNOT_CHECK = "could not be checked"
    PASSED = "passed"


_SYMBOL = {Status.PASSED: "✓", Status.NOT_ATTEMPTED: "○"}
# The border colour only repeats what the words say.
_BORDER = {Status.PASSED: BLUE, Status.NOT_ATTEMPTED: GREY}
_NOT_YET_BORDER = ORANGE


_CODE = re.compile(r"`([^`]+)`")


def _html(text: str) -> str:
    """Escape text for HTML and show `backticked` names as code."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text))


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one question: its status, what is wrong, and a hint."""

    question: str
    status: Status
    message: str
    hint: str = ""

    @property
    def passed(self) -> bool:
        """True only when the answer passed the self-check."""
        return self.status is Status.PASSED

    @property
    def symbol(self) -> str:
        """A one-character marker that does not rely on colour."""
        return _SYMBOL.get(self.status, "✗")

    def headline(self) -> str:
        """One line: the question and its status, in words."""
        return f"Question {self.question} — {self.status.value}."

    def __str__(self) -> str:
        lines = [self.headline(), f"{self.symbol} {self.message}"]
        if self.hint:
            lines.append(f"  Hint: {self.hint}")
        lines.append(SELF_CHECK_NOTE)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        border = _BORDER.get(self.status, _NOT_YET_BORDER)
        hint = f"<br><em>Hint:</em> {_html(self.hint)}" if self.hint else ""
        return (
            f'<div class="cartel-lab-check" role="status" data-question="{html.escape(self.question)}"'
            f' data-status="{self.status.name.lower()}"'
            f' style="border-left: 4px solid {border}; padding: 0.3em 0.8em; margin: 0.3em 0;">'
            f"<strong>{html.escape(self.headline())}</strong><br>"
            f"{self.symbol} {_html(self.message)}{hint}<br>"
            f"<small>{html.escape(SELF_CHECK_NOTE)}</small></div>"
        )
