"""What a check shows: words first, colour only as a repeat, names as code, text escaped."""

from __future__ import annotations

import pytest

from cartel_lab.feedback import SELF_CHECK_NOTE, CheckResult, Status


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.name)
def test_every_status_is_said_in_words_in_text_and_html(status: Status) -> None:
    result = CheckResult("1.2", status, "`answer` is <b>odd</b>.", hint="Look at `x`.")
    text, page = str(result), result._repr_html_()
    for shown in (text, page):
        assert f"Question 1.2 — {status.value}." in shown
        assert SELF_CHECK_NOTE in shown
    assert f'data-status="{status.name.lower()}"' in page
    assert "<code>answer</code>" in page and "<code>x</code>" in page
    assert "<b>odd</b>" not in page, "student text must be escaped"
    assert result.symbol in text and result.symbol in page
    assert result.passed is (status is Status.PASSED)
