"""The decision-date story: why a date moved, in data the template can word."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from loket.cases.domain.termclock import Term, TermClock, TermEvent, compute_term_clock
from loket.web.applicant.termstory import RollReason, roll_reason, term_story


def test_roll_reason_names_the_weekend_day_or_the_holiday() -> None:
    assert roll_reason(dt.date(2026, 10, 31)) is RollReason.SATURDAY
    assert roll_reason(dt.date(2026, 11, 1)) is RollReason.SUNDAY
    assert roll_reason(dt.date(2026, 12, 25)) is RollReason.HOLIDAY  # Christmas, a Friday
    assert roll_reason(dt.date(2026, 11, 2)) is None


def test_a_date_on_christmas_day_is_explained_as_a_holiday() -> None:
    # 60 days from 26 October 2026 is Friday 25 December → Monday 28 December.
    term = Term(days=60)
    clock = compute_term_clock(
        term, [TermEvent("received", dt.date(2026, 10, 26))], as_of=dt.date(2026, 11, 22)
    )
    story = term_story(clock, term)
    assert story.roll_reason is RollReason.HOLIDAY
    assert story.due == dt.date(2026, 12, 28)
    assert story.has_changes


def test_a_plain_term_has_nothing_to_explain() -> None:
    term = Term(days=90)  # 3 February + 90 days = Monday 4 May 2026
    clock = compute_term_clock(
        term, [TermEvent("received", dt.date(2026, 2, 3))], as_of=dt.date(2026, 3, 1)
    )
    story = term_story(clock, term)
    assert story.roll_reason is None
    assert not story.has_changes


def test_term_words_follow_the_law_and_the_language() -> None:
    with translation.override("en"):
        assert term_story(_clock(Term(months=6)), Term(months=6)).term_words == "6 months"
        assert term_story(_clock(Term(months=12)), Term(months=12)).term_words == "1 year"
        assert term_story(_clock(Term(days=90)), Term(days=90)).term_words == "90 days"
    with translation.override("nl"):
        assert term_story(_clock(Term(months=6)), Term(months=6)).term_words == "6 maanden"
        assert term_story(_clock(Term(days=1)), Term(days=1)).term_words == "1 dag"


def _clock(term: Term) -> TermClock:
    return compute_term_clock(
        term, [TermEvent("received", dt.date(2026, 2, 2))], as_of=dt.date(2026, 3, 1)
    )
