"""Time helpers shared by every layer: one definition of a day, the service's time zone and
"today"."""

from __future__ import annotations

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

# Seconds in a day: event logs keep time as POSIX seconds.
DAY: Final = 86_400.0
# The service works in Dutch time: legal dates are calendar days in Amsterdam.
AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")


def local_date(at: dt.datetime) -> dt.date:
    """The calendar day in Amsterdam of an aware moment (legal terms count such days)."""
    if at.tzinfo is None:
        raise ValueError(f"Timestamp {at.isoformat()} has no time zone.")
    return at.astimezone(AMSTERDAM).date()


def today(*, now: dt.datetime) -> dt.date:
    """The service's date at ``now``."""
    return local_date(now)
