"""Tables of text are shown left-aligned, with plain numbers, the same way every run."""

from __future__ import annotations

import pandas as pd

from cartel_lab.tables import readable


def test_readable_left_aligns_text_and_prints_plain_numbers() -> None:
    frame = pd.DataFrame(
        {"claim": ["a long paraphrase", None], "value": [30000.0, float("nan")], "n": [1, 2]}
    )
    html = readable(frame).to_html()
    assert "text-align: left" in html
    assert ">30000<" in html and "30000.0" not in html
    assert ">nan<" not in html.lower() and ">None<" not in html
    assert 'class="row_heading' not in html, "the row index should be hidden"
    assert readable(frame).to_html() == html, "the HTML should not change between runs"
