"""Algemene termijnenwet: a term never ends on a weekend or a public holiday."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.cases.domain.calendar import atw_holidays, is_non_counting_day, roll_forward

D = dt.date


@pytest.mark.parametrize(
    ("due", "expected", "why"),
    [
        (D(2026, 3, 14), D(2026, 3, 16), "Saturday rolls to Monday"),
        (D(2026, 3, 15), D(2026, 3, 16), "Sunday rolls to Monday"),
        (D(2026, 4, 27), D(2026, 4, 28), "King's Day (Monday 27 April)"),
        (D(2026, 5, 5), D(2026, 5, 6), "5 May"),
        (D(2026, 4, 6), D(2026, 4, 7), "Easter Monday"),
        (D(2026, 5, 14), D(2026, 5, 15), "Ascension Day"),
        (D(2026, 5, 25), D(2026, 5, 26), "Whit Monday"),
        (D(2026, 12, 25), D(2026, 12, 28), "Christmas on a Friday: 26 Sat, 27 Sun, so Monday 28"),
        (D(2025, 12, 26), D(2025, 12, 29), "Boxing Day on a Friday"),
        (D(2027, 1, 1), D(2027, 1, 4), "New Year's Day on a Friday"),
        (D(2026, 3, 11), D(2026, 3, 11), "an ordinary Wednesday stays"),
    ],
)
def test_a_due_date_on_a_non_counting_day_rolls_to_the_next_working_day(
    due: dt.date, expected: dt.date, why: str
) -> None:
    assert roll_forward(due) == expected, why


def test_kings_day_is_the_26th_when_the_27th_is_a_sunday() -> None:
    assert D(2025, 4, 27).weekday() == 6
    assert D(2025, 4, 26) in atw_holidays(2025)
    assert D(2025, 4, 27) not in atw_holidays(2025)


def test_good_friday_is_not_an_atw_holiday() -> None:
    assert not is_non_counting_day(D(2026, 4, 3))


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@given(days)
def test_rolling_forward_is_idempotent(day: dt.date) -> None:
    assert roll_forward(roll_forward(day)) == roll_forward(day)


@given(days)
def test_a_rolled_date_is_never_a_weekend_or_holiday_and_at_most_four_days_later(
    day: dt.date,
) -> None:
    rolled = roll_forward(day)
    assert not is_non_counting_day(rolled)
    assert 0 <= (rolled - day).days <= 4
