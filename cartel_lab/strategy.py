"""Lesson 07's policy lab: the levers in the debate, strategies made of them, and the brief.

A strategy is a choice of levers. Two of them are in lesson 04's model
(recruitment prevention lowers rho, incapacitation raises eta), and the
network it faces may be today's or a super-cartel; the model quantifies
exactly those, alone and combined. The other levers of the debate (the
op-ed's and those of its critics and the US government) are outside the
model: a strategy keeps them, lists them as such, and a brief states the
evidence for them from lessons 02-06, or says there is none.

The lever table is authored by the module's authors from the op-ed's own
lines (``analogy_lines``, ``article_claims``) and its critics; every
number comes from the model or a named table.
"""

from __future__ import annotations

import difflib
import html
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from cartel_lab.data import load, table_names
from cartel_lab.model import (
    SUPER_CARTELS,
    WEEK_2022,
    WEEKS_PER_YEAR,
    history,
    project,
    project_batch,
)
from cartel_lab.violence import percent_change


@dataclass(frozen=True)
class Lever:
    """One lever of the debate: who argues for it, where, and whether the model can represent it."""

    name: str
    argued_by: str
    claims: str  # article_claims ids (the op-ed's own words), or "" for its critics' levers
    line: str  # analogy_lines id, or ""
    in_model: bool
    how: str  # how the model represents it, or why it cannot
    evidence: str  # what lessons 02-06 hold for it, or "none in this module"
    tables: tuple[str, ...] = ()  # the tables that evidence is in


# Authored by the module's authors from the op-ed and its critics (not measured).
LEVERS: dict[str, Lever] = {
    lever.name: lever
    for lever in (
        Lever(
            "recruitment prevention",
            "the op-ed (its central lever), after the Science paper",
            "A17;A18;A19;A20",
            "L4",
            True,
            "lowers rho, the recruitment rate: the strength is the % cut",
            "Lesson 04: the model says cutting recruitment lowers members and deaths. "
            "Lesson 02: how many young people are at risk is weakly sourced (the 460,000 "
            "figure is unsourced at origin). No data here shows which programme cuts "
            "recruitment by how much.",
            ("model_results", "youth_recruitment_estimates"),
        ),
        Lever(
            "incapacitation",
            "the government's security policy; the paper's first critics ('why not both?')",
            "",
            "",
            True,
            "raises eta, members arrested or imprisoned a week: the strength is × today's 110",
            "Lesson 04: in the model doubling it slows the rise of deaths but leaves them above "
            "2022; the press's +8 % for doubling it is not reproduced.",
            ("model_results",),
        ),
        Lever(
            "joint security",
            "the op-ed: vetted Mexican forces, joint operations",
            "A13;A21;A26",
            "L1",
            False,
            "no parameter: it would act through arrests (eta) or conflict (theta), by how "
            "much nobody has measured",
            "Lesson 05: partnered ground forces retook ISIS's territory, which is not "
            "evidence about cartels (cause vs coincidence checks).",
            ("isis_territory",),
        ),
        Lever(
            "financial disruption",
            "the op-ed: money laundering and gun smuggling",
            "A13;A21",
            "L2",
            False,
            "money and guns are not in the model",
            "Lesson 05: ISIS's revenue fell as it lost territory; the two cannot be "
            "separated. None in this module for cartels.",
            ("isis_revenue",),
        ),
        Lever(
            "local governance",
            "the op-ed: local government and development",
            "A13;A22;A26",
            "L3",
            False,
            "the state appears only as eta",
            "None in this module.",
        ),
        Lever(
            "shared intelligence",
            "the op-ed: a civilian-led interagency framework",
            "A22;A26",
            "L5",
            False,
            "information is not in the model",
            "None in this module.",
        ),
        Lever(
            "designation",
            "the US government: cartels named terrorist organisations (February 2025)",
            "A08",
            "",
            False,
            "a legal label has no parameter",
            "The table fto_designations holds the designations and their dates; no data here "
            "on their effect.",
            ("fto_designations",),
        ),
        Lever(
            "military pressure",
            "the US government's threats of military action",
            "A08;A09",
            "",
            False,
            "force would change arrests and conflict in ways the model does not say",
            "The op-ed's own case (claim A09; table culiacan_2019) is one failed operation; "
            "lesson 05: the campaign against ISIS, with no control group.",
            ("culiacan_2019", "isis_territory"),
        ),
    )
}
MODEL_LEVERS = tuple(name for name, lever in LEVERS.items() if lever.in_model)
OUTSIDE_LEVERS = tuple(name for name, lever in LEVERS.items() if not lever.in_model)

# The builder's settings: recruitment cut in percent, incapacitation as a multiple of today's.
RECRUITMENT_CUTS = tuple(range(0, 101, 10))
INCAPACITATION_LEVELS = tuple(float(level) for level in np.arange(1.0, 3.01, 0.25))
NETWORKS = tuple(SUPER_CARTELS)
HORIZON_YEARS = 10  # the builder shows 2022-2032
YEAR_2027, YEAR_2032 = 2027, 2032

# The model's assumptions that decide a strategy's result (lesson 04), shown beside every result.
DECIDING_ASSUMPTIONS = (
    "Recruitment is a dial: a cut is a smaller rho from 2022 on, with no say on which "
    "programme achieves it, how fast, or at what cost.",
    "Incapacitation is a fixed total: eta members a week, shared among groups by size, "
    "whatever the groups do.",
    "No release from prison: an incapacitated member never returns to a group.",
    "Nothing else moves: money, guns, demand and the state's other tools are not in the model.",
)


def levers() -> pd.DataFrame:
    """The levers of the debate as a table: who argues for each, in the model or not, and the evidence.

    ``claims`` and ``line`` point to the op-ed's own words (``article_claims``,
    ``analogy_lines``); the op-ed's counterpart of each analogy line is joined
    from ``analogy_lines``. Authored by the module's authors.
    """
    lines = load("analogy_lines").set_index("line_id")["cartel_counterpart"]
    frame = pd.DataFrame(
        [
            {
                "lever": lever.name,
                "argued_by": lever.argued_by,
                "claims": lever.claims.replace(";", ", "),
                "line": lever.line,
                "op_ed_wording": lines.get(lever.line, ""),
                "in_model": lever.in_model,
                "how": lever.how,
            }
            for lever in LEVERS.values()
        ]
    )
    return frame


def evidence_table() -> pd.DataFrame:
    """For each lever, the evidence this module holds (lessons 02-06) and the tables it is in."""
    return pd.DataFrame(
        [
            {
                "lever": lever.name,
                "in_model": lever.in_model,
                "evidence": lever.evidence,
                "tables": ", ".join(lever.tables) or "none",
            }
            for lever in LEVERS.values()
        ]
    )


# ---------------------------------------------------------------- strategies


def _closest(name: str, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _check_setting(value: object, name: str, allowed: tuple[float, ...], unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number ({unit}), not {type(value).__name__}.")
    number = float(value)
    low, high = allowed[0], allowed[-1]
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(
            f"{name} = {value!r} is out of range: the builder's settings run from "
            f"{low:g} to {high:g} ({unit})."
        )
    return number


@dataclass(frozen=True)
class Strategy:
    """A strategy: two levers the model can run, the network it faces, and levers outside the model.

    Build one with ``strategy(...)``, which checks every part and says what is
    wrong in words.
    """

    recruitment_cut: float = 0.0  # percent
    incapacitation: float = 1.0  # multiple of today's 110 a week
    network: str = "none"
    outside: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_setting(self.recruitment_cut, "recruitment_cut", (0, 100), "percent, 0 to 100")
        _check_setting(self.incapacitation, "incapacitation", (1.0, 3.0), "× today's, 1 to 3")
        if self.network not in SUPER_CARTELS:
            raise ValueError(
                f"network = {self.network!r} is not a network scenario; choose one of "
                f"{', '.join(map(repr, SUPER_CARTELS))}."
            )
        for name in self.outside:
            if name in MODEL_LEVERS:
                raise ValueError(
                    f"{name!r} is in the model: set its strength with "
                    f"{'recruitment_cut' if name == 'recruitment prevention' else 'incapacitation'}"
                    "=..., not in outside."
                )
            if name not in OUTSIDE_LEVERS:
                raise ValueError(
                    f"{str(name)[:40]!r} is not a lever of the debate.{_closest(str(name), OUTSIDE_LEVERS)} "
                    f"The levers outside the model are: {', '.join(OUTSIDE_LEVERS)}."
                )

    @property
    def recruitment(self) -> float:
        """The factor on rho: a 30 % cut is 0.7."""
        return 1 - self.recruitment_cut / 100

    def lever_names(self) -> tuple[str, ...]:
        """Every lever the strategy pulls: the model's (when set above nothing) then the others."""
        used = []
        if self.recruitment_cut > 0:
            used.append("recruitment prevention")
        if self.incapacitation > 1:
            used.append("incapacitation")
        return (*used, *self.outside)

    def describe(self) -> str:
        """The strategy in one line, e.g. 'recruitment cut 30 %, incapacitation × 1.5, ...'."""
        parts = [
            f"recruitment cut {self.recruitment_cut:g} %",
            f"incapacitation × {self.incapacitation:g}",
            f"network: {self.network}",
        ]
        if self.outside:
            parts.append("outside the model: " + ", ".join(self.outside))
        return "; ".join(parts)


def strategy(
    recruitment_cut: float = 0,
    incapacitation: float = 1.0,
    network: str = "none",
    outside: list[str] | tuple[str, ...] | str = (),
) -> Strategy:
    """A checked strategy: ``strategy(30, 1.5, outside=["financial disruption"])``.

    ``recruitment_cut``: percent, 0-100; ``incapacitation``: × today's, 1-3;
    ``network``: 'none' or a super-cartel (lesson 03); ``outside``: levers the
    model cannot represent (``OUTSIDE_LEVERS``). Anything else raises
    ``ValueError`` saying what is wrong and what is allowed.
    """
    names = (outside,) if isinstance(outside, str) else tuple(outside)
    names = tuple(str(name).strip().lower() if isinstance(name, str) else name for name in names)
    return Strategy(recruitment_cut, incapacitation, network, tuple(dict.fromkeys(names)))


BASELINE = Strategy()


def run(plan: Strategy, years: int = HORIZON_YEARS) -> pd.DataFrame:
    """The strategy's weekly totals from 1 January 2022 (members and the week's flows)."""
    return project(
        years,
        recruitment=plan.recruitment,
        incapacitation=plan.incapacitation,
        super_cartel=plan.network,
    ).totals()


@cache
def _start() -> pd.Series:
    return history().totals().iloc[-1]


@cache
def _baseline() -> pd.DataFrame:
    return run(BASELINE)


def effects(plan: Strategy) -> pd.DataFrame:
    """Members and weekly conflict deaths on 1 January 2027 and 2032: against 2022 and the baseline.

    The baseline is the status quo on today's network (no change, no merger),
    as in lesson 04. Columns: measure, year, value, vs_2022_pct, vs_baseline_pct.
    """
    totals = run(plan).set_index("week")
    base = _baseline().set_index("week")
    rows = []
    for measure, column in (
        ("members", "members"),
        ("conflict deaths per week", "conflict_deaths"),
    ):
        for year in (YEAR_2027, YEAR_2032):
            week = WEEK_2022 + (year - 2022) * WEEKS_PER_YEAR
            value = float(totals.loc[week, column])
            rows.append(
                {
                    "measure": measure,
                    "year": year,
                    "value": value,
                    "vs_2022_pct": percent_change(float(_start()[column]), value),
                    "vs_baseline_pct": percent_change(float(base.loc[week, column]), value),
                }
            )
    return pd.DataFrame(rows)


def strategy_space(years: int = HORIZON_YEARS, every: int = WEEKS_PER_YEAR) -> pd.DataFrame:
    """Every builder setting (recruitment cut x incapacitation) on every network, in ONE batched run.

    Returns one row per setting, network and recorded week: recruitment_cut,
    incapacitation, network, year, members, conflict_deaths and their
    ``*_vs_2022_pct`` and ``*_vs_baseline_pct`` (the baseline: no change on
    today's network).
    """
    settings = [
        (1 - cut / 100, level, network)
        for network in NETWORKS
        for cut in RECRUITMENT_CUTS
        for level in INCAPACITATION_LEVELS
    ]
    batch = project_batch(settings, years=years, every=every)
    frame = batch.totals()
    frame.insert(0, "recruitment_cut", np.round(100 * (1 - frame.pop("recruitment")), 6))
    frame = frame.rename(columns={"super_cartel": "network"})
    start = _start()
    base = frame[
        (frame["recruitment_cut"] == 0)
        & (frame["incapacitation"] == 1.0)
        & (frame["network"] == "none")
    ].set_index("week")
    for column in ("members", "conflict_deaths"):
        frame[f"{column}_vs_2022_pct"] = 100 * (frame[column] / start[column] - 1)
        reference = frame["week"].map(base[column])
        frame[f"{column}_vs_baseline_pct"] = 100 * (frame[column] / reference - 1)
    columns = ["recruitment_cut", "incapacitation", "network", "week", "year", "members"]
    keep = [*columns, "conflict_deaths"] + [c for c in frame.columns if c.endswith("_pct")]
    return frame[keep]


# ---------------------------------------------------------------- the brief

BRIEF_SECTIONS = {
    "problem": "Problem",
    "levers": "Levers",
    "expected_effect": "Expected effect",
    "evidence": "Evidence",
    "risks": "Risks and costs",
    "change_my_mind": "What would change my mind",
}
MAX_SECTION_CHARACTERS = 3_000  # a brief is short; longer text is refused with a message


@dataclass(frozen=True)
class Brief:
    """A policy brief: the problem, the strategy's levers, the expected effect with its evidence,
    risks and costs, and what would change the author's mind.

    ``evidence`` names the tables the expected effect rests on (``load`` names).
    ``problems()`` lists what is missing; ``markdown()`` writes it out.
    """

    title: str
    plan: Strategy
    problem: str
    expected_effect: str
    evidence: tuple[str, ...]
    risks: str
    change_my_mind: str
    author: str = field(default="")

    def texts(self) -> dict[str, str]:
        """The written sections by key (levers and evidence are lists, not text)."""
        return {
            "problem": self.problem,
            "expected_effect": self.expected_effect,
            "risks": self.risks,
            "change_my_mind": self.change_my_mind,
        }

    def problems(self) -> list[str]:
        """What keeps the brief from being complete, in words; empty when complete.

        Checks form, never opinion: every section present and not empty, at
        least one lever, every cited table a real table, no section too long.
        """
        found = []
        if str(self.title).strip() in ("", "..."):
            found.append("The title is empty.")
        for key, text in self.texts().items():
            heading = BRIEF_SECTIONS[key]
            if not isinstance(text, str) or not text.strip() or text.strip() == "...":
                found.append(f"The section '{heading}' is empty.")
            elif len(text) > MAX_SECTION_CHARACTERS:
                found.append(
                    f"The section '{heading}' has {len(text):,} characters; keep it under "
                    f"{MAX_SECTION_CHARACTERS:,}."
                )
        if not self.plan.lever_names():
            found.append(
                "The strategy pulls no lever: set a strength or add a lever outside the model."
            )
        if not self.evidence:
            found.append("The section 'Evidence' cites no table.")
        known = set(table_names())
        unknown = [str(name) for name in self.evidence if name not in known]
        if unknown:
            shown = ", ".join(repr(name[:40]) for name in unknown)
            found.append(
                f"Not a table of this module: {shown}. Cite tables by the name load() takes "
                "(table_names() lists them)."
            )
        return found

    def markdown(self) -> str:
        """The brief as Markdown, exactly as the template: a title, then the six sections in order.

        Text is written as given, with ``&``, ``<`` and ``>`` escaped so that
        nothing a student types becomes HTML where the Markdown is rendered.
        """
        problems = self.problems()
        if problems:
            raise ValueError("The brief is not complete yet: " + " ".join(problems))
        plan = self.plan
        lever_lines = []
        if plan.recruitment_cut > 0:
            lever_lines.append(
                f"- recruitment prevention: recruitment cut by {plan.recruitment_cut:g} % (in the model)"
            )
        if plan.incapacitation > 1:
            lever_lines.append(
                f"- incapacitation: {plan.incapacitation:g} × today's (in the model)"
            )
        lever_lines += [f"- {name} (outside the model)" for name in plan.outside]
        lever_lines.append(f"- network planned against: {plan.network}")
        evidence_lines = [f"- table `{name}`" for name in self.evidence]
        parts = [
            f"# Policy brief: {_escaped(self.title)}",
            *([f"By {_escaped(self.author)}"] if self.author.strip() else []),
            f"## {BRIEF_SECTIONS['problem']}\n\n{_escaped(self.problem)}",
            f"## {BRIEF_SECTIONS['levers']}\n\n" + "\n".join(lever_lines),
            f"## {BRIEF_SECTIONS['expected_effect']}\n\n{_escaped(self.expected_effect)}",
            f"## {BRIEF_SECTIONS['evidence']}\n\n" + "\n".join(evidence_lines),
            f"## {BRIEF_SECTIONS['risks']}\n\n{_escaped(self.risks)}",
            f"## {BRIEF_SECTIONS['change_my_mind']}\n\n{_escaped(self.change_my_mind)}",
        ]
        return "\n\n".join(part.strip() for part in parts) + "\n"

    def _repr_html_(self) -> str:
        problems = self.problems()
        if problems:
            items = "".join(f"<li>{html.escape(text)}</li>" for text in problems)
            return (
                '<div class="cartel-lab-brief" role="status"><strong>The brief is not complete '
                f"yet:</strong><ul>{items}</ul></div>"
            )
        # The Markdown is already escaped; show it as preformatted text.
        return (
            '<div class="cartel-lab-brief"><pre style="white-space: pre-wrap">'
            f"{self.markdown()}</pre></div>"
        )


def _escaped(text: str) -> str:
    return html.escape(str(text).strip(), quote=False)


def brief(
    plan: Strategy,
    *,
    title: str = "",
    problem: str = "",
    expected_effect: str = "",
    evidence: list[str] | tuple[str, ...] = (),
    risks: str = "",
    change_my_mind: str = "",
    author: str = "",
) -> Brief:
    """A brief for ``plan``; fill each section in words (``Brief.problems()`` says what is missing)."""
    if not isinstance(plan, Strategy):
        raise ValueError(
            "plan must be a strategy: make one with strategy(...), e.g. strategy(30, 1.5)."
        )
    cited = (evidence,) if isinstance(evidence, str) else tuple(evidence)
    return Brief(
        title,
        plan,
        problem,
        expected_effect,
        tuple(str(c).strip() for c in cited),
        risks,
        change_my_mind,
        author,
    )


def write_brief(item: Brief, path: str = "policy-brief.md") -> str:
    """Write the brief's Markdown to ``path`` (beside the notebook) and return the path.

    An incomplete brief raises ``ValueError`` naming every missing part.
    """
    text = item.markdown()
    Path(path).write_text(text, encoding="utf-8")
    return str(path)
