"""Show tables of text so that people can read them.

JupyterLab right-aligns table cells, which suits numbers but makes long
paraphrases hard to read. ``readable`` left-aligns text, hides the row index,
keeps numbers right-aligned and prints them without trailing zeros.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from pandas.io.formats.style import Styler


def _plain_number(value: object) -> str:
    return "" if pd.isna(value) else f"{value:.10g}"


def readable(frame: pd.DataFrame) -> Styler:
    """Return ``frame`` styled for reading: text left-aligned, no index column."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    text = [c for c in frame.columns if c not in numeric]
    # A content-derived id keeps the HTML identical from run to run.
    digest = hashlib.sha1(pd.util.hash_pandas_object(frame, index=False).values.tobytes())
    return (
        frame.style.set_uuid(digest.hexdigest()[:10])
        .hide(axis="index")
        .set_properties(subset=text, **{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
        .format(_plain_number, subset=numeric)
        .format(na_rep="", subset=text)
    )
