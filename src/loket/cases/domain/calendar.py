"""Days that do not count as the last day of a legal term (Algemene termijnenwet, art. 1 and 3).

A term that ends on a Saturday, a Sunday or a generally recognised public holiday is
extended to the next day that is none of these. Article 3 lists the holidays: New Year's
Day, Easter Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, the day the
King's birthday is celebrated, and 5 May.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from dateutil.easter import easter


@lru_cache(maxsize=256)
def atw_holidays(year: int) -> frozenset[dt.date]:
    """The Algemene termijnenwet's public holidays of ``year``."""
    easter_sunday = easter(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:  # King's Day moves to Saturday the 26th when the 27th is a Sunday.
        kings_day = dt.date(year, 4, 26)
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter_sunday + dt.timedelta(days=1),  # Easter Monday
            kings_day,
            dt.date(year, 5, 5),
            easter_sunday + dt.timedelta(days=39),  # Ascension Day
            easter_sunday + dt.timedelta(days=50),  # Whit Monday
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_non_counting_day(day: dt.date) -> bool:
    """True when a term may not end on ``day`` (weekend or Atw holiday)."""
    return day.weekday() >= 5 or day in atw_holidays(day.year)


def roll_forward(day: dt.date) -> dt.date:
    """The first day on or after ``day`` on which a term may end."""
    while is_non_counting_day(day):
        day += dt.timedelta(days=1)
    return day
