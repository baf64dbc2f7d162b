"""The kinds of answer an exercise asks for, and how each is read and compared.

Each kind turns whatever a student typed into a canonical value (or explains,
kindly, why it cannot), compares it with the stored key, and turns a correct
answer into the JSON the answer key stores. Nothing here ever lets an
exception reach the student: ``AnswerProblem`` carries the message instead.
"""

from __future__ import annotations

import difflib
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from cartel_lab.wording import is_are, plural, readable_number


class AnswerProblem(Exception):
    """The answer has the wrong type or shape; the text says what to change.

    A second argument, when given, is the value that was refused: the checker
    hands it back to the answer type with the key for a sharper message.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Typo(AnswerProblem):
    """The answer is text of the right kind that names no option, id or label: a typo.

    Kept apart from a wrong type or shape so that the student is told to check
    the spelling ("did you mean ...?"), not to change the kind of answer.
    """


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
    """A number as a person writes it (18,294; 0.59), short even for huge integers."""
    return readable_number(value)


def _numbers_unpadded(text: str) -> str:
    return re.sub(r"\d+", lambda digits: str(int(digits.group())), text.casefold())


def closest(text: str, allowed: Iterable[Any], cutoff: float = 0.6) -> str | None:
    """The entry of ``allowed`` that ``text`` most likely misspells (ignoring case), or None.

    An id typed without its leading zeros ('A5' for 'A05') is matched first.
    """
    options = {str(entry).casefold(): str(entry) for entry in allowed}
    same = [
        entry for entry in options.values() if _numbers_unpadded(entry) == _numbers_unpadded(text)
    ]
    if len(same) == 1:
        return same[0]
    close = difflib.get_close_matches(str(text).casefold(), list(options), n=1, cutoff=cutoff)
    return options[close[0]] if close else None


def _did_you_mean(text: str, allowed: Iterable[str]) -> str:
    """' (did you mean 'X'?)' when ``text`` is close to one entry of ``allowed``, else ''."""
    close = closest(text, allowed)
    return f" (did you mean {close!r}?)" if close else ""


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
        if isinstance(value, pd.DataFrame):
            column = self._id_column(value)
            if column is not None:
                raise AnswerProblem(
                    "it is a whole table (DataFrame); the list of ids is one of its columns: "
                    f"add `[{_code(column)}].tolist()` at the end of your expression."
                )
        typed = {_as_label(item, "One of the ids") for item in _as_items(value, self.example)}
        ids = {text: _canonical(text, self.valid) for text in typed}
        unknown = {text for text, known in ids.items() if known is None}
        if unknown:
            only = next(iter(unknown)) if len(unknown) == 1 else None
            near = closest(only, self.valid, cutoff=0.8) if only is not None else None
            close = f" (did you mean {near!r}?)" if near else ""
            raise (Typo if near else AnswerProblem)(
                f"{_join(unknown)} "
                f"{'is not a valid id' if len(unknown) == 1 else 'are not valid ids'}{close}; "
                f"ids look like {self.example}."
            )
        return frozenset(known for known in ids.values() if known is not None)

    def _id_column(self, table: pd.DataFrame) -> Any:
        """The one column of ``table`` that holds ids (every value a valid id), or None."""
        valid = {entry.casefold() for entry in self.valid}
        try:
            columns = [
                column
                for column in table.columns
                if len(table) > 0
                and table[column]
                .map(lambda v: isinstance(v, str) and v.strip().casefold() in valid)
                .all()
            ]
        except Exception:
            return None
        return columns[0] if len(columns) == 1 else None

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
            raise AnswerProblem(self.explain(value), value)
        if _holds_text(value):
            raise AnswerProblem(
                "it is a column of labels (one per row), not counts yet: add `.value_counts()` "
                "at the end of your expression to count how often each label appears."
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

    def explain(self, value: Any, key: dict[str, float] | None = None) -> str:
        """What to do with a table: count the column whose counts the question asks for.

        With the key, that column is named when counting it gives a right answer;
        otherwise the general way is shown. Never raises.
        """
        general = (
            "it is a table (DataFrame) but a Series of counts is expected. Count one "
            'column: table["column"].value_counts() gives one count per value, as a Series.'
        )
        if key is None or not isinstance(value, pd.DataFrame):
            return general
        try:
            for column in value.columns:
                counts = value[column].value_counts()
                if {str(k): float(v) for k, v in counts.items()} == key:
                    return (
                        "it is a table (DataFrame) but a Series of counts is expected: add "
                        f"`[{_code(column)}].value_counts()` at the end of your expression to "
                        f"count the values of its {column} column."
                    )
        except Exception:
            pass
        return general

    def compare(self, answer: dict[str, float], key: dict[str, float]) -> str | None:
        """Return None when every label and count match, else what differs."""
        if answer == key:
            return None
        unexpected = set(answer) - set(key)
        if unexpected:
            named = ", ".join(
                _quote(label, 40)[1:-1] + _did_you_mean(label, set(key) - set(answer))
                for label in sorted(unexpected)[:_MAX_SHOWN]
            )
            more = len(unexpected) - _MAX_SHOWN
            named += f" and {more} more" if more > 0 else ""
            return f"These labels are not among the kinds counted: {named}."
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


def _holds_text(value: Any) -> bool:
    """True for a column (a Series with row numbers as labels) whose values are all text."""
    try:
        if isinstance(value, pd.Series) and pd.api.types.is_integer_dtype(value.index):
            return len(value) > 0 and all(isinstance(item, str) for item in value)
    except Exception:
        return False
    return False


def _one_text_from(value: Any, options: Iterable[str] = ()) -> str:
    """How to take the one option out of a list, row or table (never [0] on a Series)."""
    wanted = {option.casefold() for option in options}

    def is_option(item: Any) -> bool:
        return isinstance(item, str) and item.strip().casefold() in wanted

    try:
        if isinstance(value, pd.Series) and len(value) > 1:
            labels = [label for label, item in value.items() if is_option(item)]
            if len(labels) == 1 and isinstance(labels[0], str):
                return (
                    f" It is one row of a table: add `[{_code(labels[0])}]` at the end of your "
                    f"expression to take its {labels[0]} value."
                )
        if isinstance(value, pd.DataFrame):
            columns = [c for c in value.columns if value[c].map(is_option).any()]
            named = f"then its `[{_code(columns[0])}]` column" if len(columns) == 1 else "then "
            return (
                f" It is a table: keep the one row the question asks for, {named}"
                + ("" if len(columns) == 1 else "the column that holds the options")
                + "."
            )
        if len(value) != 1:
            return " Keep only the one option the question asks for."
    except Exception:
        return ""
    if isinstance(value, pd.Series):
        return " It holds one value: add `.iloc[0]` at the end of your expression to take it out."
    if isinstance(value, list | tuple | np.ndarray):
        return " It holds one value: add `[0]` at the end of your expression to take it out."
    return ""


_KIND_NAMES = {np.ndarray: "numpy array", frozenset: "set", pd.Index: "pandas Index"}
_COLLECTIONS = (pd.Series, pd.DataFrame, pd.Index, np.ndarray, list, tuple, set, frozenset)
_SHOWN_LABELS = 6


def _labels(names: Iterable[Any]) -> str:
    """A few labels or column names, as a student would type them, and '...' for the rest."""
    names = list(names)
    shown = ", ".join(_clip(str(name), 24) for name in names[:_SHOWN_LABELS])
    return shown + (", ..." if len(names) > _SHOWN_LABELS else "")


def _is_true_false(value: Any) -> bool:
    if isinstance(value, pd.Series | pd.Index | np.ndarray):
        return pd.api.types.is_bool_dtype(value.dtype) and len(value) > 0
    if isinstance(value, list | tuple):
        return bool(value) and all(isinstance(item, bool | np.bool_) for item in value)
    return False


def _first(value: Any) -> Any:
    return value.iloc[0] if isinstance(value, pd.Series) else value[0]


def _code(label: Any) -> str:
    """A label as a student types it in brackets: "members" in double quotes."""
    return f'"{label}"' if isinstance(label, str) and '"' not in label else repr(label)


def _label(label: Any) -> Callable[[Any], Any]:
    return lambda value: value[label]


def _column_first(column: Any) -> Callable[[Any], Any]:
    return lambda table: table[column].iloc[0]


def _column_sum(column: Any) -> Callable[[Any], Any]:
    return lambda table: table[column].sum()


def _all_missing(value: Any) -> bool:
    """True for a Series or table with rows, every one of them missing (NaN); never raises."""
    try:
        return (
            isinstance(value, pd.Series | pd.DataFrame)
            and len(value) > 0
            and bool(value.isna().all(axis=None))
        )
    except Exception:
        return False


def _close(value: Any, key: float, rel_tol: float) -> bool:
    try:
        number = float(value)
    except Exception:
        return False
    return math.isclose(number, key, rel_tol=rel_tol, abs_tol=1e-9)


@dataclass(frozen=True)
class _Fix:
    """One operation that turns the student's value into a single number.

    ``code`` is written after the student's expression, or around it when
    ``wrap`` (e.g. ``len(...)``); ``does`` says in words what it does;
    ``apply`` does the same to a value (to find the operation that is right).
    """

    code: str
    does: str
    apply: Callable[[Any], Any]
    wrap: bool = False

    def sentence(self) -> str:
        if self.wrap:
            return f"wrap it in `{self.code}` {self.does}."
        return f"add `{self.code}` at the end of your expression {self.does}."


@dataclass(frozen=True)
class Number:
    """A single number, compared within a relative tolerance.

    ``column`` is the column of a table the question names, when the number is
    read from one: a student who hands in a whole row or table is then told to
    pick that column (otherwise the message names the value's columns).
    """

    what: str = "a number"
    rel_tol: float = 1e-3
    column: str = ""

    def describe(self) -> str:
        """Say what the answer should look like."""
        return self.what

    def counts_things(self) -> bool:
        """True when the answer is a count: then no message states the size of a collection."""
        what = self.what.casefold()
        return "number of" in what or "whole number" in what or what.startswith("a count")

    def normalize(self, value: Any) -> float:
        """Read the answer as a finite float."""
        if isinstance(value, _COLLECTIONS):
            raise AnswerProblem(self.explain(value), value)
        if isinstance(value, bool | np.bool_):
            raise AnswerProblem(
                f"it should be {self.what}, but it is a True/False value ({bool(value)}): a "
                "comparison, not a number. Keep the number the comparison was made on."
            )
        return _plain_number(value, "The answer")

    def explain(self, value: Any, key: float | None = None) -> str:
        """What ``value`` is, and the one operation that makes a single number of it.

        With the ``key``, an operation is named only when it gives a right
        answer from this value (the column whose value, or whose total, is
        the key); without one, the column named in ``column`` is used, or
        the value's columns are listed. Never raises.
        """
        try:
            with warnings.catch_warnings():  # trying an operation must not warn the student
                warnings.simplefilter("ignore")
                shape, fixes = self._shape(value)
                fix = self._right_fix(value, fixes, key)
        except Exception:
            return f"it should be a single number ({self.what}), but it is {describe(value)}."
        if fix is not None:
            how = fix.sentence()
            how = how[0].upper() + how[1:]
        else:
            how = self._unnamed_fix(value)
        return f"it is {shape}, not a single number ({self.what}). {how}"

    def _shape(self, value: Any) -> tuple[str, list[_Fix]]:
        """Words for the value's shape, and the operations that could fit it, likeliest first."""
        counting = self.counts_things()
        share = "share" in self.what.casefold()
        if _is_true_false(value):
            fixes = [
                _Fix(".sum()", "to count the True ones", lambda v: v.sum()),
                _Fix(".mean()", "for the share that are True", lambda v: v.mean()),
            ]
            return "a True/False selection (one True or False per row)", (
                fixes[::-1] if share else fixes
            )
        if isinstance(value, pd.DataFrame):
            columns = list(value.columns)
            if len(value) == 1:
                fixes = [
                    _Fix(f"[{_code(n)}].iloc[0]", f"to take its one {n} value", _column_first(n))
                    for n in self._first(columns)
                ]
                return f"a table with one row and the columns {_labels(columns)}", fixes
            rows = "" if counting else f" of {plural(len(value), 'row')}"
            fixes = [
                _Fix(f"[{_code(n)}].sum()", f"to add up its {n} column", _column_sum(n))
                for n in self._first(columns)
            ]
            if counting:
                fixes.insert(0, _Fix("len(...)", "to count its rows", len, wrap=True))
            return f"a table{rows} with the columns {_labels(columns)}", fixes
        if _all_missing(value):
            return (
                "a Series or table of missing values (NaN) only: pandas lines rows up by their "
                "labels, so subtracting two selections whose labels differ gives NaN",
                [],
            )
        if isinstance(value, pd.Series):
            labels = list(value.index)
            if len(value) == 1:
                return (
                    f"a Series whose one value sits at the label {labels[0]!r}",
                    [_Fix(".iloc[0]", "to take the value out, whatever its label", _first)],
                )
            if all(isinstance(label, str) for label in labels):
                row = f" (row {value.name!r} of a table)" if value.name is not None else ""
                fixes = [
                    _Fix(f"[{_code(label)}]", f"to take its {label} value", _label(label))
                    for label in self._first(labels)
                ]
                return f"one row of values{row} labelled {_labels(labels)}", fixes
            size = "" if counting else f" of {plural(len(value), 'value')}"
            named = f" ({value.name})" if isinstance(value.name, str) else ""
            fixes = [_Fix(".sum()", "to add its values up", lambda v: v.sum())]
            if counting:
                fixes.insert(0, _Fix("len(...)", "to count its rows", len, wrap=True))
            return f"a column{named}{size} (a Series)", fixes
        kind = _KIND_NAMES.get(type(value), _type_name(value))
        items = list(value)
        if len(items) == 1 and not isinstance(value, set | frozenset):
            return f"a {kind} holding one value", [_Fix("[0]", "to take the value out", _first)]
        size = "" if counting else f" of {plural(len(items), 'item')}"
        fixes = [_Fix("len(...)", "to count its items", len, wrap=True)] if counting else []
        if all(isinstance(item, Real | np.number) for item in items):
            fixes.append(_Fix("sum(...)", "to add its values up", sum, wrap=True))
        return f"a {kind}{size}", fixes

    def _first(self, names: list[Any]) -> list[Any]:
        """``names`` with the question's own column, if it is among them, first and alone."""
        if self.column and self.column in names:
            return [self.column]
        return names

    def _right_fix(self, value: Any, fixes: list[_Fix], key: float | None) -> _Fix | None:
        """The one operation to suggest: the one that gives the key, else an unambiguous one."""
        if key is not None:
            for fix in fixes:
                try:
                    result = fix.apply(value)
                except Exception:
                    continue
                if not isinstance(result, bool | np.bool_) and _close(result, key, self.rel_tol):
                    return fix
        named = [fix for fix in fixes if self.column and _code(self.column) in fix.code]
        if named:
            return named[0]
        if fixes and (fixes[0].code in (".iloc[0]", "[0]") or _is_true_false(value)):
            return fixes[0]
        return None

    def _unnamed_fix(self, value: Any) -> str:
        """What to do when no single operation is known to be right."""
        if _all_missing(value):
            return (
                "Take each number out first (e.g. `.iloc[0]` on each selection, or look it up "
                "by its label), then do the arithmetic on the two numbers."
            )
        if isinstance(value, pd.DataFrame):
            return (
                "Pick the column the question names, then the one row or the total it asks "
                'for: e.g. add `["column"]` and then `.iloc[0]` or `.sum()`.'
            )
        if isinstance(value, pd.Series) and all(isinstance(label, str) for label in value.index):
            return 'Take the value the question names by its label: add `["label"]` at the end.'
        if isinstance(value, pd.Series):
            return (
                "Go back to the row (or the total) the question asks for: one value, "
                "not the whole column."
            )
        return "The question asks for one number: keep only that number."

    def compare(self, answer: float, key: float) -> str | None:
        """Return None when within tolerance, else whether it is too high or too low."""
        if math.isclose(answer, key, rel_tol=self.rel_tol, abs_tol=1e-9):
            return None
        direction = "too high" if answer > key else "too low"
        return f"Your value, {readable_number(answer)}, is {direction}."

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
            raise AnswerProblem(
                f"it should be {self.describe()}, but it is {describe(value)}."
                + _one_text_from(value, self.options)
            )
        choice = _canonical(str.strip(value), self.options)
        if choice is None:
            close = closest(str.strip(value), self.options)
            problem = Typo if close else AnswerProblem  # a typo only when it is near an option
            raise problem(
                f"{_quote(value)} is not {self.describe()}."
                + (f" Did you mean {close!r}? Check the spelling." if close else "")
            )
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
