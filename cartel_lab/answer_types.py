"""The kinds of answer an exercise asks for, and how each is read and compared.

Each kind turns whatever a student typed into a canonical value (or explains,
kindly, why it cannot), compares it with the stored key, and turns a correct
answer into the JSON the answer key stores. Nothing here ever lets an
exception reach the student: ``AnswerProblem`` carries the message instead.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from cartel_lab.wording import is_are, plural


class AnswerProblem(Exception):
    """The answer has the wrong type or shape; the text says what to change."""


_MAX_SHOWN = 5  # ids or labels named in one message; the rest are counted


def describe(value: Any) -> str:
    """Name what a student gave, in words a beginner recognises.

    Never raises, and stays short whatever the value (a huge number, a long
    text, an object whose ``len`` or ``repr`` fails).
    """
    try:
        return _describe(value)
    except Exception:
        return f"a value of type {_type_name(value)}"


def _type_name(value: Any) -> str:
    return getattr(type(value), "__name__", "unknown")


def _describe(value: Any) -> str:
    if value is None:
        return "None"
    if value is Ellipsis:
        return "... (the placeholder)"
    if value is pd.NA or value is pd.NaT:
        return f"a missing value ({value})"
    if isinstance(value, bool | np.bool_):
        return f"a True/False value ({bool(value)})"
    if isinstance(value, str):
        return f"the text {_quote(value)}"
    if isinstance(value, complex | np.complexfloating):
        return "a complex number"
    if isinstance(value, Real | np.number):
        return f"the number {_short_number(value)}"
    if isinstance(value, pd.DataFrame):
        columns = ", ".join(_clip(str(name), 20) for name in list(value.columns)[:6])
        more = ", ..." if len(value.columns) > 6 else ""
        rows = plural(len(value), "row")
        return f"a DataFrame with {rows} and columns [{columns or 'no columns'}{more}]"
    if isinstance(value, pd.Series):
        return f"a Series of {plural(len(value), 'value')}"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, dict):
        return f"a dict with {plural(len(value), 'entry', 'entries')}"
    if isinstance(value, list | tuple | set | frozenset):
        return f"a {_type_name(value)} of {plural(len(value), 'item')}"
    return f"a value of type {_type_name(value)}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote(value: str, limit: int = 30) -> str:
    """``repr`` of a (possibly long) text, cut to ``limit`` characters."""
    return repr(_clip(str.__str__(value), limit))


def _short_number(value: Any) -> str:
    """A number as text, short even for huge integers."""
    if isinstance(value, int | np.integer) and abs(int(value)) >= 10**15:
        digits = int(abs(int(value)).bit_length() * 0.30103) + 1
        return f"{'-' if value < 0 else ''}(a whole number with about {digits} digits)"
    text = str(value)
    return text if len(text) <= 20 else f"{float(value):.6g}"


def _plain_number(value: Any, what: str) -> float:
    """Return ``value`` as a finite float, or explain why it is not one."""
    if isinstance(value, complex | np.complexfloating):
        raise AnswerProblem(f"{what} is a complex number; a real number is expected.")
    if isinstance(value, str):
        raise AnswerProblem(
            f"{what} should be a number, but it is {describe(value)}, in quotes. "
            "Write the number without quotes, or keep the expression that computes it."
        )
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real | np.number):
        raise AnswerProblem(f"{what} should be a number, but it is {describe(value)}.")
    try:
        number = float(value)
    except OverflowError:
        raise AnswerProblem(f"{what} is far too large to be a count or a share.") from None
    except Exception:
        raise AnswerProblem(
            f"{what} could not be read as a number: it is {describe(value)}."
        ) from None
    if math.isnan(number):
        raise AnswerProblem(
            f"{what} is NaN (not a number): did a step divide by zero or miss data?"
        )
    if math.isinf(number):
        raise AnswerProblem(f"{what} is infinite: did a step divide by zero?")
    return number


def _as_items(value: Any, example: str) -> list[Any]:
    """Turn a list-like answer into a list, refusing text and tables."""
    if isinstance(value, str):
        raise AnswerProblem(
            f"it is a single piece of text; put the items in a list, like {example}."
        )
    if isinstance(value, pd.DataFrame):
        raise AnswerProblem(
            "it is a whole table (DataFrame); pick out the one column you need and turn it "
            f"into a list with .tolist(), like {example}."
        )
    if isinstance(value, Mapping):
        raise AnswerProblem(
            f"it is a dict; a plain list is expected, like {example} "
            "(list(your_dict) gives a list of its keys)."
        )
    if isinstance(value, np.ndarray) and value.ndim != 1:
        raise AnswerProblem(f"it is {describe(value)}; a flat list is expected, like {example}.")
    if not isinstance(value, pd.Series | pd.Index | np.ndarray | list | tuple | set | frozenset):
        raise AnswerProblem(
            f"it should be a list, like {example}, but it is {describe(value)}. From a table, "
            'table.loc[rows, "column"].tolist() makes one: the chosen rows of one column, '
            "as a list."
        )
    try:
        return list(value)
    except Exception:
        raise AnswerProblem(
            f"its items could not be read ({describe(value)}); make a plain list, like {example}."
        ) from None


def _as_label(value: Any, what: str) -> str:
    """Return ``value`` as stripped text, or explain that ``what`` should be text."""
    if not isinstance(value, str):
        raise AnswerProblem(f"{what} should be text, but it is {describe(value)}.")
    return str.strip(value)


def _join(items: Iterable[str]) -> str:
    """Name a few items, sorted, and count the rest (a message stays short)."""
    names = sorted(_quote(item, 40)[1:-1] for item in items)
    if len(names) > _MAX_SHOWN:
        return ", ".join(names[:_MAX_SHOWN]) + f" and {len(names) - _MAX_SHOWN} more"
    return ", ".join(names)


def _canonical(text: str, allowed: Iterable[str]) -> str | None:
    """The entry of ``allowed`` that ``text`` names, ignoring case; None if none does."""
    folded = text.casefold()
    return next((entry for entry in allowed if entry.casefold() == folded), None)


def _pairs(value: Any, example: str) -> list[tuple[Any, Any]]:
    """The (label, value) pairs of a Series or dict; a label may appear only once."""
    try:
        pairs = list(value.items())
    except Exception:
        raise AnswerProblem(
            f"its entries could not be read ({describe(value)}); make a plain dict or Series, "
            f"like {example}."
        ) from None
    seen: set[Any] = set()
    for label, _ in pairs:
        try:
            repeated = label in seen
            seen.add(label)
        except Exception:
            raise AnswerProblem(
                f"one of its labels ({describe(label)}) cannot be used as a label; use text."
            ) from None
        if repeated:
            raise AnswerProblem(
                f"the label {_quote(label) if isinstance(label, str) else describe(label)} appears "
                "more than once; each label should appear once."
            )
    return pairs


@dataclass(frozen=True)
class IdSet:
    """A collection of ids (e.g. claim ids); order and repeats do not matter."""

    valid: tuple[str, ...]
    example: str = "['A05', 'A10']"

    def describe(self) -> str:
        """Say what the answer should look like."""
        return f"a list of ids, like {self.example}"

    def normalize(self, value: Any) -> frozenset[str]:
        """Read the answer as a set of ids, ignoring case, checking each is a real id."""
        typed = {_as_label(item, "One of the ids") for item in _as_items(value, self.example)}
        ids = {text: _canonical(text, self.valid) for text in typed}
        unknown = {text for text, known in ids.items() if known is None}
        if unknown:
            raise AnswerProblem(
                f"{_join(unknown)} "
                f"{'is not a valid id' if len(unknown) == 1 else 'are not valid ids'}; "
                f"ids look like {self.example}."
            )
        return frozenset(known for known in ids.values() if known is not None)

    def compare(self, answer: frozenset[str], key: frozenset[str]) -> str | None:
        """Return None when the sets match, else what differs (never the missing ids)."""
        if answer == key:
            return None
        if not answer:
            return "The list is empty."
        missing, extra = key - answer, answer - key
        right = len(answer & key)
        parts = [f"{right} of your {plural(len(answer), 'id')} {is_are(right)} right"]
        if extra:
            parts.append(f"these do not belong: {_join(extra)}")
        if missing:
            parts.append(f"{len(missing)} {is_are(len(missing))} still missing")
        return "; ".join(parts) + "."

    def encode(self, answer: frozenset[str]) -> list[str]:
        """Store a correct answer as a sorted list."""
        return sorted(answer)

    def decode(self, stored: Any) -> frozenset[str]:
        """Read a stored key back."""
        return frozenset(stored)


@dataclass(frozen=True)
class Counts:
    """A count per label, as a pandas Series (e.g. from value_counts) or a dict."""

    example: str = "a Series with index ['kind A', 'kind B'] and values [3, 2]"

    def describe(self) -> str:
        """Say what the answer should look like."""
        return f"a Series of counts, like {self.example}"

    def normalize(self, value: Any) -> dict[str, float]:
        """Read the answer as {label: count}, checking labels are text and counts numbers."""
        if isinstance(value, pd.DataFrame):
            raise AnswerProblem(
                "it is a table (DataFrame) but a Series of counts is expected. Count one "
                'column: table["column"].value_counts() gives one count per value, as a Series.'
            )
        if isinstance(value, pd.Series | Mapping):
            pairs = _pairs(value, self.example)
        else:
            raise AnswerProblem(
                f"it should be a Series of counts, like {self.example}, but it is "
                f'{describe(value)}. table["column"].value_counts() counts how often each '
                "value appears in a column and gives exactly that Series."
            )
        if not pairs:
            raise AnswerProblem("it is empty: there is nothing counted yet.")
        counts: dict[str, float] = {}
        for label, count in pairs:
            name = _as_label(label, "One of the labels")
            counts[name] = _plain_number(count, f"The count for {_quote(name)}")
        return counts

    def compare(self, answer: dict[str, float], key: dict[str, float]) -> str | None:
        """Return None when every label and count match, else what differs."""
        if answer == key:
            return None
        unexpected = set(answer) - set(key)
        if unexpected:
            return f"These labels are not among the kinds counted: {_join(unexpected)}."
        missing = set(key) - set(answer)
        if missing:
            return (
                f"{plural(len(missing), 'kind')} {is_are(len(missing))} missing from your counts."
            )
        wrong = sorted(label for label in key if answer[label] != key[label])
        return f"The labels are right, but the counts for {', '.join(wrong)} are not."

    def encode(self, answer: dict[str, float]) -> dict[str, float]:
        """Store a correct answer with sorted labels."""
        return dict(sorted(answer.items()))

    def decode(self, stored: Any) -> dict[str, float]:
        """Read a stored key back."""
        return {str(label): float(count) for label, count in stored.items()}


def _one_number_from(value: Any) -> str:
    """How to turn a collection into the single number a question asks for."""
    try:
        if isinstance(value, pd.Series) and pd.api.types.is_bool_dtype(value):
            return (
                "It holds True/False values: .mean() gives the share that are True, "
                ".sum() how many are."
            )
        if len(value) == 1:
            return "It holds one value: take it out with [0] (or .iloc[0] for a Series)."
    except Exception:
        pass
    return "Reduce it to one number, e.g. with len(...), .sum() or .mean()."


@dataclass(frozen=True)
class Number:
    """A single number, compared within a relative tolerance."""

    what: str = "a number"
    rel_tol: float = 1e-3

    def describe(self) -> str:
        """Say what the answer should look like."""
        return self.what

    def normalize(self, value: Any) -> float:
        """Read the answer as a finite float."""
        if isinstance(value, pd.Series | pd.DataFrame | pd.Index | np.ndarray | list | tuple | set):
            raise AnswerProblem(
                f"it should be a single number ({self.what}), but it is {describe(value)}. "
                + _one_number_from(value)
            )
        return _plain_number(value, "The answer")

    def compare(self, answer: float, key: float) -> str | None:
        """Return None when within tolerance, else whether it is too high or too low."""
        if math.isclose(answer, key, rel_tol=self.rel_tol, abs_tol=1e-9):
            return None
        direction = "too high" if answer > key else "too low"
        return f"Your value, {answer:.4g}, is {direction}."

    def encode(self, answer: float) -> float:
        """Store a correct answer to 12 significant digits.

        The last bits of a float differ between machines' maths libraries; the
        stored key must not, or the keys would change with the machine.
        """
        return float(f"{answer:.12g}")

    def decode(self, stored: Any) -> float:
        """Read a stored key back."""
        return float(stored)


@dataclass(frozen=True)
class LabelMap:
    """A dict that gives each of a fixed set of items one label from a fixed list."""

    items: tuple[str, ...]
    labels: tuple[str, ...]
    item_hints: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """Say what the answer should look like."""
        return f"a dict like {{'{self.items[0]}': '{self.labels[0]}', ...}}"

    def normalize(self, value: Any) -> dict[str, str]:
        """Read the answer as {item: label} (labels in lower case), or say all that is amiss.

        Missing items, extra keys and labels that are not text are reported
        together. A label that is text but not one of ``labels`` (a typo) is
        kept: ``compare`` reports it beside the wrong labels, so that fixing
        a typo never uncovers another problem.
        """
        if not isinstance(value, pd.Series | Mapping):
            raise AnswerProblem(
                f"it should be {self.describe()}, but it is {describe(value)}. A dict pairs "
                "each item with its label: curly brackets, then item: label pairs."
            )
        answer = {_as_label(k, "One of the keys"): v for k, v in _pairs(value, self.describe())}
        problems = []
        extra = set(answer) - set(self.items)
        if extra:
            problems.append(
                f"{_join(extra)} {is_are(len(extra))} not among the items to label "
                f"({', '.join(self.items)})"
            )
        missing = [item for item in self.items if item not in answer]
        if missing:
            problems.append(
                f"{', '.join(missing)} still need{'s' if len(missing) == 1 else ''} a label"
            )
        not_text = [
            item for item in self.items if item in answer and not isinstance(answer[item], str)
        ]
        if not_text:
            problems.append(
                f"the label for {', '.join(not_text)} should be text in quotes, like "
                f"{self.labels[0]!r}"
            )
        if problems:
            raise AnswerProblem("; ".join(problems) + ".")
        # A label matches ignoring case and is kept as the option is written; an unknown one
        # is kept as typed, so that compare() can name every problem at once.
        typed = {item: str.strip(answer[item]) for item in self.items}
        return {item: _canonical(text, self.labels) or text for item, text in typed.items()}

    def compare(self, answer: dict[str, str], key: dict[str, str]) -> str | None:
        """Return None when every label matches, else every problem at once (briefly)."""
        wrong = [item for item in self.items if answer[item] != key[item]]
        if not wrong:
            return None
        unknown = [item for item in wrong if answer[item] not in self.labels]
        mislabelled = [item for item in wrong if item not in unknown]
        right = len(self.items) - len(wrong)
        parts = [f"{right} of {len(self.items)} {is_are(right)} right."]
        if unknown:
            named = "; ".join(
                f"{_quote(answer[item], 20)} for {item}{self._suggestion(answer[item])}"
                for item in unknown
            )
            parts.append(f"Not one of the labels ({', '.join(self.labels)}): {named}.")
        if mislabelled:
            parts.append(f"Look again at {', '.join(mislabelled)}.")
            parts += [self.item_hints[item] for item in mislabelled if item in self.item_hints]
        return " ".join(parts)

    def _suggestion(self, label: str) -> str:
        close = difflib.get_close_matches(label, self.labels, n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def encode(self, answer: dict[str, str]) -> dict[str, str]:
        """Store a correct answer."""
        return dict(answer)

    def decode(self, stored: Any) -> dict[str, str]:
        """Read a stored key back."""
        return {str(k): str(v) for k, v in stored.items()}


@dataclass(frozen=True)
class Choice:
    """One option out of a fixed list of options (text)."""

    options: tuple[str, ...]

    def describe(self) -> str:
        """Say what the answer should look like."""
        return "one of: " + "; ".join(repr(option) for option in self.options)

    def normalize(self, value: Any) -> str:
        """Read the answer as one of the options, ignoring case and spaces around it."""
        if not isinstance(value, str):
            how = (
                " Take the one option out of it, e.g. with [0]."
                if isinstance(value, list | tuple | pd.Series | np.ndarray)
                else ""
            )
            raise AnswerProblem(
                f"it should be {self.describe()}, but it is {describe(value)}.{how}"
            )
        choice = _canonical(str.strip(value), self.options)
        if choice is None:
            raise AnswerProblem(f"{_quote(value)} is not {self.describe()}.")
        return choice

    def compare(self, answer: str, key: str) -> str | None:
        """Return None for the right option."""
        return None if answer == key else f"{answer!r} is not the one."

    def encode(self, answer: str) -> str:
        """Store a correct answer."""
        return answer

    def decode(self, stored: Any) -> str:
        """Read a stored key back."""
        return str(stored)


AnswerType = IdSet | Counts | Number | LabelMap | Choice
