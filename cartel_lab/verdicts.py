"""The module's verdict vocabulary: one set of labels for judging a claim against the data.

Lesson 02 uses it to judge the op-ed's numbers, lesson 05 the claims about
the campaign against ISIS, and lesson 06 the analogy itself. The labels and
their meanings are the module's own (authored, not measured): they are a
shared language for a seminar, not a standard from the literature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Verdict:
    """One label, what it means, and the question that leads to it."""

    label: str
    meaning: str
    ask: str


VERDICTS = (
    Verdict(
        "supported",
        "A named, reliable series shows what the claim says, for the period it names.",
        "Does a series measure exactly this, and does it agree?",
    ),
    Verdict(
        "supported with caveats",
        "The data points the same way, but the claim stretches it: a different measure, a "
        "rounder number, a period or a definition that only roughly fits.",
        "Does it hold once you say what is really measured?",
    ),
    Verdict(
        "misleading",
        "Each number may be real, but the claim draws a conclusion the data does not carry: "
        "the wrong measure, a cherry-picked start year, a count presented as a rate.",
        "Would a reader who saw the series draw the same conclusion?",
    ),
    Verdict(
        "contradicted",
        "The closest reliable series shows something clearly different.",
        "Does the best available series say the opposite, or a much smaller or larger number?",
    ),
    Verdict(
        "not traceable",
        "No source for the number could be found, so it can be neither confirmed nor refuted.",
        "Can you find where the number came from at all?",
    ),
)

VERDICT_LABELS = tuple(verdict.label for verdict in VERDICTS)

VERDICT_COLUMNS = ("claim_id", "claim", "number", "closest_series", "what_it_shows", "verdict")


def verdict(label: str) -> Verdict:
    """The verdict called ``label``; a ``ValueError`` that lists the labels otherwise."""
    for candidate in VERDICTS:
        if candidate.label == label:
            return candidate
    raise ValueError(
        f"{label!r} is not one of the module's verdicts: {', '.join(map(repr, VERDICT_LABELS))}."
    )


def verdict_table(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A verdict table: one row per claim, with the columns of ``VERDICT_COLUMNS``.

    Every row must give every column, and its ``verdict`` must be one of
    ``VERDICT_LABELS``, so every lesson judges with the same words.
    """
    frame = pd.DataFrame(list(rows))
    missing = [column for column in VERDICT_COLUMNS if column not in frame.columns]
    if missing or frame.empty:
        raise ValueError(
            f"A verdict table needs at least one row with the columns {', '.join(VERDICT_COLUMNS)}"
            + (f"; missing: {', '.join(missing)}." if missing else ".")
        )
    for label in frame["verdict"]:
        verdict(str(label))
    return frame.loc[:, list(VERDICT_COLUMNS)].reset_index(drop=True)


def vocabulary() -> pd.DataFrame:
    """The labels as a table (label, meaning, the question to ask), for lessons to show."""
    return pd.DataFrame(
        [(v.label, v.meaning, v.ask) for v in VERDICTS], columns=["verdict", "meaning", "ask"]
    )
