"""Show tables the way a textbook prints them: ``readable(frame)``.

A DataFrame shown as is in JupyterLab right-aligns text, squeezes long
paraphrases to a word per line, prints ``<NA>``, ``1900000000.0`` and raw
URLs, and shows booleans as True/False. ``readable`` returns a pandas
``Styler`` that instead

- prints numbers with thousands separators and no trailing ``.0`` (years
  stay as written: a column named ``year`` or ``*_year`` has no separator);
- puts units in the headers (``units={"homicides": "deaths"}``);
- hides the row index and the internal columns (``ref``: a pointer into the
  authors' working files) unless ``show_internal=True``;
- shows a missing value as an em dash and a boolean as "yes" or "no";
- turns a URL into a link whose text is the site's domain (a second URL
  column that repeats the first in a row says "same page");
- left-aligns text, right-aligns numbers, and gives long text room to wrap.

Every cell is HTML-escaped except the links it builds, so a claim that
contains ``<`` or ``&`` shows as written.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlparse

import pandas as pd
from pandas.io.formats.style import Styler

MISSING = "—"
YES, NO = "yes", "no"
SAME_PAGE = "same page"
# Columns that help authors trace a value in their working files, not readers.
INTERNAL_COLUMNS = frozenset({"ref"})
# Text longer than this (characters) gets a minimum width, so it wraps into lines, not words.
LONG_TEXT = 30

_LEFT = [("text-align", "left")]
_RIGHT = [("text-align", "right")]
_TABLE = [
    ("border-collapse", "collapse"),
    ("table-layout", "auto"),  # JupyterLab's own tables are "fixed", which squeezes text
]
_CELLS = [("padding", "0.25em 0.7em"), ("vertical-align", "top")]
_HEADERS = [("border-bottom", "1px solid #000000"), ("font-weight", "bold")]


def readable(
    frame: pd.DataFrame,
    *,
    units: Mapping[str, str] | None = None,
    show_internal: bool = False,
    caption: str | None = None,
) -> Styler:
    """Return ``frame`` styled for reading (see the module's docstring for what changes).

    ``units`` maps a column to its unit, shown in the header ("homicides
    (deaths)"); ``caption`` is shown above the table. Raises ``KeyError``
    when ``units`` names a column the table does not have.
    """
    units = dict(units or {})
    unknown = sorted(set(units) - {str(column) for column in frame.columns})
    if unknown:
        raise KeyError(f"units name columns the table does not have: {', '.join(unknown)}")
    shown = frame.reset_index(drop=True)
    shown = _without_repeated_urls(shown)
    hidden = [] if show_internal else [c for c in shown.columns if c in INTERNAL_COLUMNS]
    visible = [c for c in shown.columns if c not in hidden]
    styler = shown.style.set_uuid(_content_id(frame)).hide(axis="index")
    if hidden:
        styler = styler.hide(subset=hidden, axis="columns")
    column_styles: dict[Any, list[dict[str, Any]]] = {}
    for column in visible:
        kind = _kind(shown[column], str(column))
        styler = styler.format(_FORMATTERS[kind], subset=[column])
        align = _RIGHT if kind in ("number", "year") else _LEFT
        props = list(align)
        if kind == "text" and _longest(shown[column]) > LONG_TEXT:
            props += [("min-width", "14em"), ("max-width", "36em"), ("white-space", "normal")]
        else:
            props += [("white-space", "nowrap")]
        column_styles[column] = [
            {"selector": "td", "props": props},
            {"selector": "th", "props": align},
        ]
    styler = styler.set_table_styles(
        [
            {"selector": "", "props": _TABLE},
            {"selector": "td, th", "props": _CELLS},
            {"selector": "th", "props": _HEADERS},
            {"selector": "caption", "props": [*_LEFT, ("font-weight", "bold")]},
        ]
    ).set_table_styles(column_styles, overwrite=False)
    styler = styler.format_index(lambda name: _header(name, units), axis="columns")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


def _content_id(frame: pd.DataFrame) -> str:
    """A content-derived id, so that the same table gives the same HTML in every run."""
    try:
        content = pd.util.hash_pandas_object(frame, index=False).values.tobytes()
    except TypeError:  # a cell pandas cannot hash (a list): its text instead
        content = repr(frame.to_numpy().tolist()).encode("utf-8")
    digest = hashlib.sha1(content)
    digest.update(repr(list(frame.columns)).encode("utf-8"))
    return digest.hexdigest()[:10]


def _header(name: Any, units: Mapping[str, str]) -> str:
    text = str(name)
    if text in units:
        text = f"{text} ({units[text]})"
    return html.escape(text)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _without_repeated_urls(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace a URL that repeats one in an earlier column of the same row by "same page"."""
    url_columns = [c for c in frame.columns if frame[c].map(_is_url).any()]
    if len(url_columns) < 2:
        return frame
    frame = frame.copy()
    for position, column in enumerate(url_columns[1:], start=1):
        repeats = pd.Series(False, index=frame.index)
        for earlier in url_columns[:position]:
            repeats |= frame[column].map(_is_url) & (frame[column] == frame[earlier]).fillna(False)
        frame[column] = frame[column].astype(object).where(~repeats, SAME_PAGE)
    return frame


def _kind(column: pd.Series, name: str) -> str:
    """How a column is shown: boolean, year, number, date, link or text."""
    values = column.dropna()
    if pd.api.types.is_bool_dtype(column) or (
        len(values) and values.map(lambda v: isinstance(v, bool)).all()
    ):
        return "boolean"
    if pd.api.types.is_datetime64_any_dtype(column):
        return "date"
    if pd.api.types.is_numeric_dtype(column):
        is_year = name == "year" or name.endswith("_year") or name.startswith("year_")
        return "year" if is_year else "number"
    if len(values) and values.map(_is_url).any():
        return "link"
    return "text"


def _longest(column: pd.Series) -> int:
    return max((len(str(value)) for value in column.dropna()), default=0)


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _boolean(value: Any) -> str:
    return MISSING if _missing(value) else (YES if value else NO)


def _number(value: Any) -> str:
    if _missing(value):
        return MISSING
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.6g}"


def _year(value: Any) -> str:
    if _missing(value):
        return MISSING
    number = float(value)
    return str(int(number)) if number.is_integer() else str(value)


def _date(value: Any) -> str:
    return MISSING if _missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _text(value: Any) -> str:
    return MISSING if _missing(value) else html.escape(str(value))


def _link(value: Any) -> str:
    if _missing(value):
        return MISSING
    if not _is_url(value):
        return html.escape(str(value))
    domain = urlparse(value).netloc.removeprefix("www.") or value
    return (
        f'<a href="{html.escape(value, quote=True)}" target="_blank" rel="noopener" '
        f'title="{html.escape(value, quote=True)}">{html.escape(domain)}</a>'
    )


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "boolean": _boolean,
    "year": _year,
    "number": _number,
    "date": _date,
    "link": _link,
    "text": _text,
}
