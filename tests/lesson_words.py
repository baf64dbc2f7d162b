"""What a chart or a control may write and paint: the lessons' words, the palette's colours,
valid CSS, for tests.

A typo in a chart's legend ("Tei"), a title in capitals, a colour name Vega does not know
(it then paints black) or a widget width the browser cannot read (it then ignores it) all
pass every test that reads the data, yet a student sees them. These helpers say what is
allowed, from sources the chart code does not write:

- words: those of the lesson notebooks (prose and code) and of ``data/`` (tables, their
  notes), plus ``MORE_WORDS``, ordinary English the lessons happen not to use. A word may
  start a sentence with a capital, but capitals throughout only where the lessons or the
  data write it so (CJNG, ISIS);
- colours: the Okabe & Ito (2008) palette, which the module promises is readable with the
  common colour-vision deficiencies, and neutral greys (red = green = blue), black, white;
- layout values: CSS lengths, numbers and keywords, as a browser reads them.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# Ordinary English in the charts' and controls' words that no lesson or table happens to use.
MORE_WORDS = frozenset(
    [
        "achieves",
        "beneath",
        "boxed",
        "colour",
        "commonest",
        "consecutive",
        "defaults",
        "dial",
        "dips",
        "disruption",
        "jumps",
        "length",
        "plotted",
        "printed",
        "rerun",
        "spanning",
        "strategies",
        "usually",
        "vertical",
    ]
)
# Okabe, M. & Ito, K. (2008), "Color Universal Design": the eight colours, as published.
OKABE_ITO = frozenset(
    ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"]
)
CSS_KEYWORDS = frozenset(
    [
        "auto",
        "none",
        "hidden",
        "scroll",
        "visible",
        "row",
        "column",
        "wrap",
        "nowrap",
        "row-reverse",
        "column-reverse",
        "flex-start",
        "flex-end",
        "center",
        "stretch",
        "baseline",
        "space-between",
        "space-around",
        "space-evenly",
        "block",
        "inline",
        "inline-block",
        "flex",
        "grid",
        "solid",
        "inherit",
        "initial",
    ]
)
CSS_LENGTH = re.compile(r"-?\d+(\.\d+)?(px|%|em|rem|vh|vw|ch)?", re.IGNORECASE)


@cache
def lesson_vocabulary() -> frozenset[str]:
    """Every word of the lesson notebooks' cells and of ``data/``'s tables and notes."""
    texts = [
        "".join(cell["source"])
        for path in sorted((REPO / "notebooks").glob("*.ipynb"))
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
    ]
    for pattern in ("*.csv", "*.md", "*.json"):
        texts += [path.read_text(encoding="utf-8") for path in (REPO / "data").glob(pattern)]
    return frozenset(word for text in texts for word in WORD.findall(text)) | MORE_WORDS


def misspelt(text: str) -> list[str]:
    """The words of ``text`` the lessons and the data never write, in the order they come.

    "Tie" is allowed for "tie" and "tie" for "Tie" (a sentence's first word); "TIE" only if
    written so somewhere (an acronym).
    """
    known = lesson_vocabulary()
    small = {word.lower() for word in known}

    def spelt(word: str) -> bool:
        ordinary_case = word.islower() or (word[0].isupper() and word[1:].islower())
        return word in known or (ordinary_case and word.lower() in small)

    return [word for word in WORD.findall(text) if not spelt(word)]


def visible_text(markup: str) -> str:
    """The words an HTML fragment shows: tags and style sheets removed, entities decoded."""
    without_styles = re.sub(r"(?is)<style.*?</style>", " ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", without_styles))


def off_palette(colour: str) -> bool:
    """Whether ``colour`` is outside the Okabe & Ito palette, the neutral greys, black, white."""
    value = colour.strip().lower()
    if value in OKABE_ITO or value in ("black", "white"):
        return False
    grey = re.fullmatch(r"#([0-9a-f]{2})\1\1", value)
    return grey is None


def bad_css(value: str) -> list[str]:
    """The parts of a CSS value (``"0 0 auto"``, ``"300px"``) a browser would not read."""
    return [
        part
        for part in value.split()
        if part.lower() not in CSS_KEYWORDS and not CSS_LENGTH.fullmatch(part)
    ]
