"""The situation of a case for the person who applied, and the last day to object or appeal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.cases.domain.calendar import is_non_counting_day
from loket.cases.domain.vocabulary import CaseStatus, EventKind, Outcome
from loket.cases.situation import (
    BEFORE_DECISION,
    Situation,
    is_before_decision,
    remedy_deadline,
    situation_of,
    term_was_extended,
)

TODAY = dt.date(2026, 12, 3)
YESTERDAY = TODAY - dt.timedelta(days=1)
S, C = Situation, CaseStatus


@pytest.mark.parametrize(
    ("status", "outcome", "legal_date", "extended", "expected"),
    [
        # Open, before the legal date: open, or extended once the term was extended.
        (C.RECEIVED, "", TODAY, False, S.OPEN),
        (C.IN_PROGRESS, "", TODAY + dt.timedelta(days=30), False, S.OPEN),
        (C.IN_PROGRESS, "", TODAY, True, S.EXTENDED),
        (C.IN_PROGRESS, "", None, False, S.OPEN),  # no legal date known: never called late
        # The legal date is the last day: late only from the day after it.
        (C.RECEIVED, "", YESTERDAY, False, S.OVERDUE),
        (C.IN_PROGRESS, "", YESTERDAY, True, S.OVERDUE),
        # Waiting for the client: the term is suspended, so never late.
        (C.WAITING_FOR_CLIENT, "", YESTERDAY, False, S.WAITING_FOR_CLIENT),
        (C.WAITING_FOR_CLIENT, "", TODAY, True, S.WAITING_FOR_CLIENT),
        # Decided: the outcome, whatever the dates.
        (C.DECIDED, Outcome.GRANTED, YESTERDAY, False, S.GRANTED),
        (C.DECIDED, Outcome.REFUSED, YESTERDAY, True, S.REFUSED),
        (C.DECIDED, "refused", TODAY, False, S.REFUSED),  # the column's plain string
        # After the decision: the document's journey; or withdrawn.
        (C.DOCUMENT_READY, Outcome.GRANTED, YESTERDAY, False, S.CARD_READY),
        (C.ISSUED, Outcome.GRANTED, YESTERDAY, False, S.CARD_ISSUED),
        (C.WITHDRAWN, "", YESTERDAY, False, S.WITHDRAWN),
    ],
)
def test_the_situation_follows_status_outcome_and_legal_date(
    status: str, outcome: str, legal_date: dt.date | None, extended: bool, expected: Situation
) -> None:
    situation = situation_of(
        status=status, outcome=outcome, legal_date=legal_date, extended=extended, today=TODAY
    )
    assert situation is expected


def test_a_decided_case_without_an_outcome_is_not_guessed() -> None:
    with pytest.raises(ValueError, match="needs an outcome"):
        situation_of(status=C.DECIDED, outcome="", legal_date=None, extended=False, today=TODAY)


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown case status"):
        situation_of(status="lost", outcome="", legal_date=None, extended=False, today=TODAY)


def test_every_situation_is_reachable() -> None:
    reached = {
        situation_of(status=status, outcome=outcome, legal_date=due, extended=ext, today=TODAY)
        for status in C
        for outcome in (("granted", "refused") if status == C.DECIDED else ("",))
        for due in (YESTERDAY, TODAY)
        for ext in (False, True)
    }
    assert reached == set(Situation)


def test_only_the_situations_before_a_decision_are_before_it() -> None:
    assert {s for s in Situation if is_before_decision(s)} == set(BEFORE_DECISION)
    assert set(BEFORE_DECISION) == {S.OPEN, S.WAITING_FOR_CLIENT, S.EXTENDED, S.OVERDUE}


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


@given(
    status=st.sampled_from([C.RECEIVED, C.IN_PROGRESS, C.WAITING_FOR_CLIENT]),
    legal_date=dates,
    today=dates,
    extended=st.booleans(),
)
def test_an_open_case_is_overdue_exactly_when_its_running_term_has_passed(
    status: CaseStatus, legal_date: dt.date, today: dt.date, extended: bool
) -> None:
    situation = situation_of(
        status=status, outcome="", legal_date=legal_date, extended=extended, today=today
    )
    assert is_before_decision(situation)
    overdue = status != C.WAITING_FOR_CLIENT and legal_date < today
    assert (situation is S.OVERDUE) == overdue


def test_an_extension_among_the_events_is_found() -> None:
    assert term_was_extended([EventKind.RECEIVED, EventKind.TERM_EXTENDED])
    assert term_was_extended(["received", "term_extended"])
    assert not term_was_extended([EventKind.RECEIVED, EventKind.INFORMATION_REQUESTED])
    assert not term_was_extended([])


@pytest.mark.parametrize(
    ("decided_on", "weeks", "last_day"),
    [
        # Sent on Tuesday 10 November: four weeks from the day after end on Tuesday 8 December.
        (dt.date(2026, 11, 10), 4, dt.date(2026, 12, 8)),
        # Six weeks after Friday 13 November is Christmas Day; Boxing Day and the Sunday
        # follow, so the last day is Monday 28 December (Algemene termijnenwet).
        (dt.date(2026, 11, 13), 6, dt.date(2026, 12, 28)),
        # One week after a Saturday decision ends on a Saturday: it moves to Monday.
        (dt.date(2026, 11, 14), 1, dt.date(2026, 11, 23)),
        # King's Day 2026 is Monday 27 April.
        (dt.date(2026, 3, 30), 4, dt.date(2026, 4, 28)),
    ],
)
def test_the_remedy_deadline_counts_whole_weeks_from_the_day_after_and_rolls(
    decided_on: dt.date, weeks: int, last_day: dt.date
) -> None:
    assert remedy_deadline(decided_on, weeks) == last_day


def test_a_remedy_needs_a_term() -> None:
    with pytest.raises(ValueError, match="positive number of weeks"):
        remedy_deadline(TODAY, 0)


@given(decided_on=dates, weeks=st.integers(min_value=1, max_value=12))
def test_the_remedy_deadline_is_the_first_working_day_from_the_plain_end(
    decided_on: dt.date, weeks: int
) -> None:
    plain_end = decided_on + dt.timedelta(days=7 * weeks)
    last_day = remedy_deadline(decided_on, weeks)
    assert last_day >= plain_end
    assert not is_non_counting_day(last_day)
    day = plain_end
    while day < last_day:  # every day skipped was a weekend day or a holiday
        assert is_non_counting_day(day)
        day += dt.timedelta(days=1)
