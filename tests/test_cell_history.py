"""The cell history in this process: what a cell assigns, what a run changed, what to tell.

``tests/test_stale_feedback.py`` runs the same story in a real kernel (one per suite);
here a stand-in shell plays IPython's two events, so each rule is tested on its own
and every word of the messages is written out. The stand-in has what the log reads
of a shell: ``user_ns``, ``transform_cell`` and ``events.register``.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from cartel_lab import cell_history
from cartel_lab.cell_history import (
    CellLog,
    CellRun,
    assigned_names,
    lesson_names,
    log_for,
    stopped_message,
    watch_cells,
)
from tests.stand_in_kernel import Shell, run_cell


def raised(code: str, namespace: dict[str, Any] | None = None) -> BaseException:
    """The error Python itself raises for ``code`` (with the attributes a kernel's has)."""
    try:
        exec(compile(code, "<cell>", "exec"), namespace or {})
    except Exception as error:
        return error
    raise AssertionError(f"{code!r} raised nothing")


# ------------------------------------------------------------ assigned names ---


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("a = 1\nb, c = 2, 3", {"a", "b", "c"}),
        ("total += 1", {"total"}),
        ("for row in rows:\n    seen = row", {"row", "seen"}),
        ("with open(p) as handle:\n    text = handle.read()", {"handle", "text"}),
        ("def share(x):\n    inner = x\n    return inner", {"share"}),
        ("async def fetch():\n    inner = 1", {"fetch"}),
        ("class Model:\n    rate = 0.1", {"Model"}),
        ("import numpy as np, os.path\nfrom math import *", {"np", "os"}),
        ("squares = [i * i for i in range(3)]\nkeys = {k: 1 for k in 'ab'}", {"squares", "keys"}),
        ("pick = lambda row: (seen := row)\ntotal = sum(v for v in (1, 2))", {"pick", "total"}),
        ("(best := 3)", {"best"}),
    ],
)
def test_the_names_a_cell_assigns_at_top_level(source: str, names: set[str]) -> None:
    assert assigned_names(source) == frozenset(names)


def test_a_cell_that_does_not_parse_is_read_line_by_line() -> None:
    source = "share = (1 +\nrate //= 2\ncount -= 1\nsame == 3\n  kept = 4"
    assert assigned_names(source) == frozenset({"share", "rate", "count", "kept"})
    assert assigned_names("x = 1\x00") == frozenset({"x"})  # a NUL byte: ast refuses it


# ------------------------------------------------------------------- the log ---


def test_a_run_records_what_it_set_what_changed_and_its_error() -> None:
    kept = object()
    log = CellLog(Shell({"held": kept}))
    run = run_cell(log, "held = value\nfresh = [1]", {"fresh": [1]}, count=7)
    assert (run.number, run.assigned, run.changed) == (7, {"held", "fresh"}, {"fresh"})
    assert not run.failed and run.source == "held = value\nfresh = [1]"
    error = ZeroDivisionError("division by zero")
    failed = run_cell(log, "held = 1 / 0", error=error, count=8)
    assert failed.failed and failed.error is error and failed.changed == frozenset()


def test_a_cell_that_python_could_not_read_is_recorded_as_failed() -> None:
    log = CellLog(Shell())
    info = SimpleNamespace(raw_cell="share = (1 +")
    log.before(info)
    error = SyntaxError("'(' was never closed")
    log.after(SimpleNamespace(info=info, error_before_exec=error, execution_count=3))
    assert log.runs[-1].error is error and log.runs[-1].assigned == {"share"}


def test_a_magic_is_transformed_before_its_names_are_read() -> None:
    log = CellLog(Shell())
    assert run_cell(log, "%time share = 0.5", {"share": 0.5}).assigned == {"share"}
    assert run_cell(log, "%%bad\nshare = 1", {"share": 1}).assigned == {"share"}  # raw kept


def test_runs_without_a_count_are_numbered_in_order_and_300_are_kept() -> None:
    log = CellLog(Shell())
    for n in range(305):
        run_cell(log, f"step = {n}", {"step": object()})
    assert len(log.runs) == 300
    assert log.runs[-1].number == 301  # the deque was full: 300 kept + 1


def test_after_without_its_before_counts_every_name_present_as_changed() -> None:
    log = CellLog(Shell({"share": 0.5}))
    log.before(SimpleNamespace(raw_cell="share = kept  # the cell seen before"))
    info = SimpleNamespace(raw_cell="share = kept  # another cell")
    log.after(SimpleNamespace(info=info, error_in_exec=None, execution_count=2))
    assert log.runs[-1].changed == {"share"}
    log.before(SimpleNamespace(raw_cell="late = 1"))
    log.shell.user_ns["late"] = object()
    log.after(SimpleNamespace(execution_count=3))  # no info: the source seen before is used
    assert (log.runs[-1].source, log.runs[-1].changed) == ("late = 1", {"late"})


def test_a_shell_that_breaks_never_raises_into_the_notebook() -> None:
    log = CellLog(SimpleNamespace(transform_cell=lambda raw: raw))  # no user_ns
    log.before(SimpleNamespace(raw_cell="a = 1"))
    log.after(SimpleNamespace(info=SimpleNamespace(raw_cell="a = 1"), execution_count=1))
    assert list(log.runs) == []


def test_the_last_run_setting_a_name_and_a_misspelt_name_after_it() -> None:
    log = CellLog(Shell())
    first = run_cell(log, "normative_share = 0.5", count=1)
    run_cell(log, "other = 1", count=2)
    typo = run_cell(log, "normative_shar = 0.4", count=3)
    run_cell(log, "claims_per_kind = 2", count=4)
    assert log.last_setting("normative_share") is first
    assert log.last_setting("nothing") is None
    assert log.misspelt_after("normative_share", first, ["claims_per_kind"]) == (
        typo,
        "normative_shar",
    )
    assert log.misspelt_after("normative_share", typo, []) is None, "only runs after `since`"
    assert log.misspelt_after("normative_share", None, ["normative_shar"]) is None
    assert log.misspelt_after("numbered_claims", None, []) is None, "nothing close enough"
    short = run_cell(log, "normative_sh = 0.4", count=5)  # 0.89 alike: still a misspelling
    assert log.misspelt_after("normative_share", typo, []) == (short, "normative_sh")


def test_watching_registers_both_events_once_per_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    shell = Shell()
    monkeypatch.setattr(cell_history, "_LOGS", {})
    monkeypatch.setattr(cell_history, "_shell", lambda: shell)
    log = watch_cells()
    assert log is not None and watch_cells() is log
    assert [event for event, _ in shell.events.registered] == ["pre_run_cell", "post_run_cell"]
    assert [callback for _, callback in shell.events.registered] == [log.before, log.after]
    assert log_for(shell.user_ns) is log and log_for({}) is None
    newer = Shell()  # a new kernel's shell that happens to reuse the old one's id
    monkeypatch.setattr(cell_history, "_LOGS", {id(newer): log})
    monkeypatch.setattr(cell_history, "_shell", lambda: newer)
    fresh = watch_cells()
    assert fresh is not log and fresh is not None and fresh.shell is newer


@pytest.mark.parametrize(
    "shell", [None, SimpleNamespace(user_ns={})], ids=["outside IPython", "a shell without events"]
)
def test_no_history_outside_ipython(shell: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cell_history, "_shell", lambda: shell)
    assert watch_cells() is None


def test_no_history_when_looking_for_the_shell_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("no kernel")

    monkeypatch.setattr(cell_history, "_shell", broken)
    assert watch_cells() is None


def test_the_lessons_names_and_where_to_import_them_from() -> None:
    homes = lesson_names()
    assert homes["load"] == "cartel_lab.data" and homes["readable"] == "cartel_lab.tables"
    assert homes["percent_change"] == "cartel_lab.violence"  # a function
    assert homes["Status"] == "cartel_lab.feedback"  # a class
    assert homes["KIND_ORDER"] == "cartel_lab.charts"  # a constant
    assert not [name for name in homes if name.startswith("_")]
    assert "check" not in homes, "the exercises' own names are not lesson names"


# -------------------------------------------------------------- the message ---

AGAIN = " Then run the cell again: `share` is set only when its cell runs to the end."
HELD = " `share` still holds the value of an earlier run, so it is not checked."


def stopped(error: BaseException, namespace: dict[str, Any], source: str = "share = x") -> str:
    run = CellRun(1, source, frozenset({"share"}), frozenset(), error)
    return stopped_message(run, "share", namespace)


def test_a_misspelt_variable_gets_did_you_mean() -> None:
    error = raised("share = clams", {})
    assert stopped(error, {"claims": 1, "share": 0.5}) == (
        "Your answer cell stopped with NameError: `clams` is not defined here — did you mean "
        f"`claims`?{HELD}{AGAIN}"
    )


def test_a_lesson_function_gets_its_import_line() -> None:
    assert stopped(raised("share = percent_change(1, 2)"), {}) == (
        "Your answer cell stopped with NameError: `percent_change` is not defined here — a new "
        "notebook starts empty: names from the lesson do not carry over. Import it, as the "
        "first cell imports the others: `from cartel_lab.violence import percent_change`."
        f"{AGAIN}"
    )


def test_an_unknown_name_is_to_be_made_in_this_notebook() -> None:
    error = NameError("name 'homicide_rates' is not defined")  # no .name: read from the words
    assert stopped(error, {"_hidden": 1}) == (
        "Your answer cell stopped with NameError: `homicide_rates` is not defined here — a new "
        "notebook starts empty: names from the lesson do not carry over. Make it in this "
        f"notebook first (or run the cell above that makes it).{AGAIN}"
    )


def test_a_syntax_error_names_its_line() -> None:
    error = raised("share = 1\nshare = (2 +")
    assert stopped(error, {}) == (
        "Python could not read your answer cell (line 2): '(' was never closed. Look for a "
        f"missing bracket, quote or comma.{AGAIN}"
    )
    assert stopped(SyntaxError(), {}).startswith(
        "Python could not read your answer cell: SyntaxError. Look for"
    )


def test_an_empty_selection_points_at_its_filter_and_at_a_quoted_variable() -> None:
    # Only KIND is a variable spelt in quotes: Area is a function, Base holds its own name.
    namespace = {"KIND": "normative", "Area": print, "Base": "Base", "_p": 1, "share": 1}
    source = 'share = t.loc[t["kind"] == "KIND"].iloc[0]\nx = "Area" + "Base" + "_p"'
    error = raised("[].pop()")
    assert stopped(error, namespace, source) == (
        "Your answer cell stopped with IndexError (pop from empty list): a selection in it is "
        "empty or shorter than the position you asked for. Run the selection alone to see it, "
        "and check its filter: the column's name and the value you compare it with (spelling, "
        'capitals, a number written as text). Note: "KIND" in quotes is the text KIND, not '
        "the variable `KIND`: drop the quotes to use the variable's value."
        f"{HELD}{AGAIN}"
    )
    assert "Note:" not in stopped(error, namespace, "share = (")  # a cell that does not parse


@pytest.mark.parametrize(
    ("value", "missing", "near"),
    [
        (pd.DataFrame({"primary_kind": ["a"]}), "primary_kin", "primary_kind"),
        (pd.DataFrame({"v": [1]}, index=["Sinaloa"]), "Sinaloo", "Sinaloa"),
        (pd.Series([1], index=["CJNG"]), "CJNGG", "CJNG"),
        ({"homicides": 1}, "homicide", "homicides"),
    ],
    ids=["a column", "an index label", "a series label", "a dict key"],
)
def test_a_missing_key_gets_the_closest_label_of_the_notebooks_tables(
    value: Any, missing: str, near: str
) -> None:
    assert stopped(KeyError(missing), {"table": value}) == (
        f"Your answer cell stopped with KeyError: there is no column or label {missing!r} "
        f"(did you mean {near!r}?).{AGAIN}"
    )


def test_a_missing_key_without_a_close_label_says_to_check_the_spelling() -> None:
    big = pd.DataFrame({"v": range(5001)}, index=[f"row{n}" for n in range(5001)])
    message = stopped(KeyError("row17x"), {"big": big, "n": 3})
    assert message == (
        "Your answer cell stopped with KeyError: there is no column or label 'row17x': check "
        f"its spelling against the table.{AGAIN}"
    ), "a table over 5,000 rows is not searched label by label"
    assert "did you mean" not in stopped(KeyError(5), {"t": pd.DataFrame({"5x": [1]})})
    assert stopped(KeyError(), {}).startswith(
        "Your answer cell stopped with KeyError: there is no column or label ''"
    )


def test_any_other_error_is_named_with_its_words_shortened() -> None:
    long = ValueError("x" * 200)
    assert stopped(long, {}) == (
        f"Your answer cell stopped with ValueError: {'x' * 117}... Fix the line the error "
        f"points to.{AGAIN}"
    )
    assert stopped(ValueError("  two\n lines "), {}).startswith(
        "Your answer cell stopped with ValueError: two lines. Fix"
    )
    assert stopped(ValueError(), {}).startswith(
        "Your answer cell stopped with ValueError: no details. Fix"
    )
    assert stopped(ValueError("Rates must be positive."), {}).startswith(
        "Your answer cell stopped with ValueError: Rates must be positive. Fix"
    )


def test_a_name_error_in_other_words_is_named_by_its_name() -> None:
    free = NameError("cannot access free variable 'rate' where it is not associated", name="rate")
    assert stopped(free, {}).startswith(
        "Your answer cell stopped with NameError: `rate` is not defined here — a new notebook"
    )
    unnamed = NameError("name 'rate' is not defined", name="")
    assert "`rate` is not defined here" in stopped(unnamed, {})


def test_only_close_visible_names_are_suggested() -> None:
    assert "did you mean" not in stopped(NameError("x", name="hidden"), {"_hidden": 1})
    assert "did you mean" not in stopped(NameError("x", name="share"), {"share_abc": 1})


def test_only_close_labels_of_tables_are_suggested_never_the_missing_one_itself() -> None:
    class Unreadable(dict):
        def __iter__(self) -> object:
            raise RuntimeError("cannot list")

    tables = {"first": Unreadable(a=1), "t": pd.DataFrame({"rate": [1], "rates": [2]})}
    assert "(did you mean 'rates'?)" in stopped(KeyError("rate"), tables)
    assert "check its spelling" in stopped(
        KeyError("share"), {"t": pd.DataFrame({"share_abc": [1]})}
    )
    assert "check its spelling" in stopped(KeyError("homicide"), {"names": ["homicides"]})
    exactly = {f"row{n}": n for n in range(4_999)} | {"homicides": 1}
    assert "(did you mean 'homicides'?)" in stopped(KeyError("homicide"), {"d": exactly})
    series = pd.Series(range(5_000), index=[f"r{n}" for n in range(4_999)] + ["homicides"])
    assert "(did you mean 'homicides'?)" in stopped(KeyError("homicide"), {"s": series})


def test_a_missing_key_spelt_from_a_quoted_variable_gets_the_note() -> None:
    source = 'share = table["KIND"]'
    message = stopped(KeyError("KIND"), {"KIND": "normative"}, source)
    assert 'Note: "KIND" in quotes is the text KIND, not the variable `KIND`' in message
    assert "Note:" not in stopped(KeyError("x"), {"_p": 1}, 'share = t["_p"]')


def test_an_error_of_exactly_120_characters_is_shown_whole() -> None:
    assert f"ValueError: {'y' * 120}. Fix" in stopped(ValueError("y" * 120), {})
