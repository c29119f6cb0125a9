"""The term clock: worked examples from the law, then properties that must always hold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.cases.domain.calendar import is_non_counting_day
from loket.cases.domain.termclock import (
    Term,
    TermClock,
    TermError,
    TermEvent,
    TermSchedule,
    TermVersion,
    compute_term_clock,
)

D = dt.date
NINETY = Term(days=90, max_extension_days=90)


LATER = D(2030, 1, 1)


def clock(
    term: Term | TermSchedule,
    *events: tuple[str, dt.date] | tuple[str, dt.date, int],
    as_of: dt.date = LATER,
) -> TermClock:
    return compute_term_clock(term, [TermEvent(*e) for e in events], as_of=as_of)


def test_the_due_date_is_the_received_date_plus_the_term() -> None:
    # 2 March 2026 + 90 days = 31 May 2026, a Sunday, so Monday 1 June.
    result = clock(NINETY, ("received", D(2026, 3, 2)))
    assert result.base_due == D(2026, 5, 31)
    assert result.due == D(2026, 6, 1)
    assert result.rolled_forward


def test_a_term_in_months_counts_calendar_months() -> None:
    result = clock(Term(months=6), ("received", D(2026, 8, 31)))
    assert result.base_due == D(2027, 2, 28)  # no 31 February: the month's last day


def test_information_requested_10_march_and_received_20_march_adds_10_days() -> None:
    plain = clock(NINETY, ("received", D(2026, 3, 1)))
    suspended = clock(
        NINETY,
        ("received", D(2026, 3, 1)),
        ("information_requested", D(2026, 3, 10)),
        ("information_received", D(2026, 3, 20)),
    )
    assert suspended.suspended_days == 10
    assert plain.unrolled_due is not None
    assert suspended.unrolled_due == plain.unrolled_due + dt.timedelta(days=10)


def test_the_term_is_suspended_while_information_is_requested_and_not_yet_received() -> None:
    result = clock(
        NINETY,
        ("received", D(2026, 3, 1)),
        ("information_requested", D(2026, 3, 10)),
        as_of=D(2026, 3, 25),
    )
    assert result.is_suspended
    assert result.suspended_days == 15


def test_an_extension_adds_its_days() -> None:
    result = clock(NINETY, ("received", D(2026, 3, 2)), ("term_extended", D(2026, 5, 1), 30))
    assert result.extension_days == 30
    assert result.unrolled_due == D(2026, 6, 30)


def test_an_extension_beyond_the_maximum_is_an_error() -> None:
    with pytest.raises(TermError, match="at most 90"):
        clock(
            NINETY,
            ("received", D(2026, 3, 2)),
            ("term_extended", D(2026, 5, 1), 60),
            ("term_extended", D(2026, 5, 2), 31),
        )


def test_a_term_error_names_the_index_of_the_offending_event() -> None:
    with pytest.raises(TermError) as error:
        clock(
            NINETY,
            ("received", D(2026, 3, 2)),
            ("term_extended", D(2026, 5, 1), 60),
            ("information_requested", D(2026, 5, 2)),
            ("term_extended", D(2026, 5, 3), 31),
            ("term_extended", D(2026, 5, 4), 1),
        )
    assert error.value.event_index == 3


def test_an_event_before_received_is_named_by_its_index() -> None:
    with pytest.raises(TermError) as error:
        clock(NINETY, ("information_requested", D(2026, 3, 1)), ("received", D(2026, 3, 2)))
    assert error.value.event_index == 0


def test_a_log_without_received_has_no_offending_index() -> None:
    with pytest.raises(TermError) as error:
        clock(NINETY)
    assert error.value.event_index is None


def test_a_due_date_on_christmas_friday_rolls_to_monday_the_28th() -> None:
    received = D(2026, 12, 25) - dt.timedelta(days=90)
    assert clock(NINETY, ("received", received)).due == D(2026, 12, 28)


def test_a_due_date_on_kings_day_rolls_to_the_next_day() -> None:
    received = D(2026, 4, 27) - dt.timedelta(days=90)
    assert clock(NINETY, ("received", received)).due == D(2026, 4, 28)


def test_a_decided_case_keeps_its_date() -> None:
    decided = clock(NINETY, ("received", D(2026, 3, 2)), ("decided", D(2026, 4, 1)))
    later = clock(
        NINETY,
        ("received", D(2026, 3, 2)),
        ("decided", D(2026, 4, 1)),
        ("information_requested", D(2026, 4, 2)),
        ("term_extended", D(2026, 4, 3), 500),
    )
    assert later == decided


def test_a_case_without_a_received_event_has_no_term() -> None:
    with pytest.raises(TermError):
        clock(NINETY, ("information_requested", D(2026, 3, 2)))


# --- properties -----------------------------------------------------------------------

terms = st.builds(
    Term,
    months=st.sampled_from([0, 6, 12]),
    days=st.integers(min_value=1, max_value=120),
    max_extension_days=st.integers(min_value=0, max_value=366),
)
received_days = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))
steps = st.lists(
    st.tuples(
        st.sampled_from(["suspend", "extend"]),
        st.integers(min_value=0, max_value=60),  # gap before the step
        st.integers(min_value=1, max_value=90),  # its length / days
    ),
    max_size=6,
)


def build(term: Term, received: dt.date, plan: list[tuple[str, int, int]]) -> list[TermEvent]:
    """A lawful event list: suspensions that close, extensions within the maximum."""
    events = [TermEvent("received", received)]
    day, extended = received, 0
    for step, gap, length in plan:
        day += dt.timedelta(days=gap)
        if step == "suspend":
            events.append(TermEvent("information_requested", day))
            day += dt.timedelta(days=length)
            events.append(TermEvent("information_received", day))
        elif extended + length <= term.max_extension_days:
            events.append(TermEvent("term_extended", day, length))
            extended += length
    return events


AS_OF = D(2040, 1, 1)


@given(terms, received_days, steps)
def test_the_due_date_is_never_before_the_base_due_date(
    term: Term, received: dt.date, plan: list[tuple[str, int, int]]
) -> None:
    result = compute_term_clock(term, build(term, received, plan), as_of=AS_OF)
    assert result.due is not None
    assert result.due >= result.base_due


@given(terms, received_days, steps)
def test_the_due_date_is_never_a_weekend_or_holiday(
    term: Term, received: dt.date, plan: list[tuple[str, int, int]]
) -> None:
    result = compute_term_clock(term, build(term, received, plan), as_of=AS_OF)
    assert result.due is not None
    assert not is_non_counting_day(result.due)


@given(
    terms,
    received_days,
    steps,
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_adding_a_suspension_never_makes_the_date_earlier(
    term: Term, received: dt.date, plan: list[tuple[str, int, int]], gap: int, length: int
) -> None:
    events = build(term, received, plan)
    last = events[-1].on + dt.timedelta(days=gap)
    more = [
        *events,
        TermEvent("information_requested", last),
        TermEvent("information_received", last + dt.timedelta(days=length)),
    ]
    before = compute_term_clock(term, events, as_of=AS_OF).due
    after = compute_term_clock(term, more, as_of=AS_OF).due
    assert before is not None
    assert after is not None
    assert after >= before


@given(
    terms,
    received_days,
    steps,
    st.lists(
        st.tuples(
            st.sampled_from(
                ["information_requested", "information_received", "term_extended", "decided"]
            ),
            st.integers(min_value=0, max_value=400),
            st.integers(min_value=1, max_value=1000),
        ),
        max_size=5,
    ),
)
def test_events_after_the_decision_change_nothing(
    term: Term,
    received: dt.date,
    plan: list[tuple[str, int, int]],
    afterwards: list[tuple[str, int, int]],
) -> None:
    events = build(term, received, plan)
    decided_on = events[-1].on + dt.timedelta(days=1)
    decided = [*events, TermEvent("decided", decided_on)]
    extra = [
        TermEvent(kind, decided_on + dt.timedelta(days=gap), days) for kind, gap, days in afterwards
    ]
    assert compute_term_clock(term, [*decided, *extra], as_of=AS_OF) == compute_term_clock(
        term, decided, as_of=AS_OF
    )


# A term that changed by law: 90 days until 2026-06-30, 30 days (and no extension) after.
CHANGED = TermSchedule(
    (
        TermVersion(D(2026, 7, 1), Term(days=30)),  # given out of order: sorted on creation
        TermVersion(D(1900, 1, 1), NINETY),
    )
)


def test_a_case_keeps_the_term_in_force_on_its_day_of_receipt() -> None:
    before = clock(CHANGED, ("received", D(2026, 6, 30)))
    after = clock(CHANGED, ("received", D(2026, 7, 1)))
    assert (before.term, before.base_due) == (NINETY, D(2026, 9, 28))
    assert (after.term, after.base_due) == (Term(days=30), D(2026, 7, 31))


def test_an_extension_is_checked_against_the_maximum_of_the_cases_own_version() -> None:
    old = clock(CHANGED, ("received", D(2026, 6, 1)), ("term_extended", D(2026, 8, 1), 60))
    assert old.extension_days == 60
    with pytest.raises(TermError, match="at most 0") as refused:
        clock(CHANGED, ("received", D(2026, 7, 2)), ("term_extended", D(2026, 7, 20), 10))
    assert refused.value.event_index == 1


def test_a_receipt_before_the_first_version_has_no_term() -> None:
    schedule = TermSchedule((TermVersion(D(2026, 1, 1), NINETY),))
    with pytest.raises(TermError, match="No legal term was in force on 2025-12-31") as refused:
        clock(schedule, ("received", D(2025, 12, 31)))
    assert refused.value.event_index == 0


def test_two_versions_cannot_start_on_the_same_day() -> None:
    with pytest.raises(ValueError, match="same day"):
        TermSchedule((TermVersion(D(2026, 1, 1), NINETY), TermVersion(D(2026, 1, 1), NINETY)))
