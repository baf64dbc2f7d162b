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


def test_a_result_reads_exactly_like_this() -> None:
    """The whole text and HTML of two results, written out: every word, code tag and colour."""
    passed = CheckResult("1.3", Status.PASSED, "`share` is right. Well done.")
    assert str(passed) == (
        "Question 1.3 — passed.\n✓ `share` is right. Well done.\n"
        "(Self-check only: it is not a grade.)"
    )
    assert passed._repr_html_() == (
        '<div class="cartel-lab-check" role="status" data-question="1.3" data-status="passed"'
        ' style="border-left: 4px solid #0072B2; padding: 0.3em 0.8em; margin: 0.3em 0;">'
        "<strong>Question 1.3 — passed.</strong><br>"
        "✓ <code>share</code> is right. Well done.<br>"
        "<small>(Self-check only: it is not a grade.)</small></div>"
    )
    wrong = CheckResult("1.3", Status.WRONG_VALUE, "`share`: too high.", hint="Divide by `n`.")
    assert str(wrong) == (
        "Question 1.3 — not yet: wrong value.\n✗ `share`: too high.\n"
        "  Hint: Divide by `n`.\n(Self-check only: it is not a grade.)"
    )
    page = wrong._repr_html_()
    assert "border-left: 4px solid #E69F00;" in page
    assert "✗ <code>share</code>: too high.<br><em>Hint:</em> Divide by <code>n</code>.<br>" in page
    waiting = CheckResult("1.3", Status.NOT_ATTEMPTED, "Set `share`.")
    assert "border-left: 4px solid #999999;" in waiting._repr_html_()
    assert "○ Set <code>share</code>.<br><small>" in waiting._repr_html_()
