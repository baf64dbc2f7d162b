"""What every explorer's controls say and how they are laid out, read from the widgets.

Every public ``*_explorer``, ``*_builder`` and ``*_browser`` of the package that can be called
without arguments is held to these promises without being listed:

- every control a student sets says what it is for (its ``description``);
- every word it shows (labels, placeholders, menu options, the text of its tables) is spelt
  as the lessons or the data spell it (``tests/lesson_words.py``): a typo or a word in
  capitals there is a typo on the student's screen;
- every size and layout value is CSS a browser reads: one it cannot read is dropped
  silently, and the explorer's table or menu loses its width or its scroll bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import ipywidgets as widgets
import pytest

from tests.lesson_words import bad_css, misspelt, visible_text
from tests.test_charts_and_widgets import recipes

EXPLORERS = recipes("_explorer", "_builder", "_browser")
# Controls a student sets; each must say what it sets.
SET_BY_STUDENT = (
    widgets.Dropdown,
    widgets.RadioButtons,
    widgets.ToggleButtons,
    widgets.Combobox,
    widgets.Text,
    widgets.SelectionSlider,
    widgets.SelectionRangeSlider,
    widgets.IntSlider,
    widgets.FloatSlider,
    widgets.IntRangeSlider,
    widgets.Checkbox,
)


def _every_widget(root: widgets.Widget) -> Iterator[widgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from _every_widget(child)


def shown_words(widget: widgets.Widget) -> list[str]:
    """The texts a widget shows: its label, placeholder, options and, for HTML, its text."""
    texts = [
        getattr(widget, name)
        for name in ("description", "placeholder", "tooltip")
        if isinstance(getattr(widget, name, None), str)
    ]
    texts += [str(label) for label in getattr(widget, "_options_labels", ())]
    if isinstance(widget, widgets.HTML | widgets.Label):
        texts.append(visible_text(widget.value))
    return texts


def problems_of(root: widgets.Widget) -> dict[str, list[str]]:
    """Everything wrong with what an explorer shows, by kind (empty when nothing is)."""
    unlabelled, misspellings, layouts = [], [], []
    for widget in _every_widget(root):
        kind = type(widget).__name__
        if isinstance(widget, SET_BY_STUDENT) and not re.search(r"[A-Za-z]", widget.description):
            unlabelled.append(kind)
        misspellings += [word for text in shown_words(widget) for word in misspelt(text)]
        for name in widget.layout.keys if getattr(widget, "layout", None) else ():
            value = getattr(widget.layout, name)
            if not name.startswith("_") and isinstance(value, str) and bad_css(value):
                layouts.append(f"{kind}.layout.{name} = {value!r}")
    return {
        "controls that do not say what they set": unlabelled,
        "words the lessons never write (a typo?)": misspellings,
        "layout values a browser cannot read": layouts,
    }


@pytest.mark.parametrize("explorer", EXPLORERS, ids=lambda f: f.__name__)
def test_explorer_controls_say_what_they_set_in_the_lessons_words_and_lay_out(
    explorer: Callable[[], widgets.Widget],
) -> None:
    root = explorer()
    assert any(isinstance(w, SET_BY_STUDENT) for w in _every_widget(root)), "no control found"
    found = {what: items for what, items in problems_of(root).items() if items}
    assert not found, f"{explorer.__name__}: {found}"


def test_the_explorers_of_every_lesson_with_one_are_checked() -> None:
    names = {explorer.__name__ for explorer in EXPLORERS}
    assert {
        "claim_vs_data_explorer",
        "network_explorer",
        "policy_explorer",
        "timeline_explorer",
        "verdict_explorer",
        "strategy_builder",
    } <= names


def test_each_check_reports_an_explorer_made_wrong_on_purpose() -> None:
    """So that none of the checks above accepts anything."""
    wrong = widgets.VBox(
        [
            widgets.Dropdown(options=["alliance", "RIVALRY"], description=""),
            widgets.Combobox(description="Search:", placeholder="type a nmae"),
            widgets.HTML("<style>td {text-align: right}</style><b>Allies</b> Tei"),
        ],
        layout=widgets.Layout(width="XX300pxXX", flex="0 0 auto", max_height="560PX"),
    )
    assert problems_of(wrong) == {
        "controls that do not say what they set": ["Dropdown"],
        "words the lessons never write (a typo?)": ["RIVALRY", "nmae", "Tei"],
        "layout values a browser cannot read": ["VBox.layout.width = 'XX300pxXX'"],
    }
