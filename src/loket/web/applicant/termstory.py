"""The decision-date story of the case page, as plain data.

A pure function over the term clock, so the wording in ``includes/term_explanation.html``
has nothing left to compute. (The stage timeline comes from ``cases.selectors``.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loket.cases.domain.calendar import atw_holidays
from loket.cases.domain.termclock import Suspension, Term, TermClock


class RollReason(StrEnum):
    SATURDAY = "saturday"
    SUNDAY = "sunday"
    HOLIDAY = "holiday"


@dataclass(frozen=True, slots=True)
class TermStory:
    """The legal decision date, ready to be told in plain words."""

    clock: TermClock
    term_months: int
    term_days: int
    suspensions: tuple[Suspension, ...]
    roll_reason: RollReason | None

    @property
    def due(self) -> dt.date | None:
        return self.clock.due

    @property
    def term_words(self) -> str:
        """The legal term as the law words it: "90 days", "6 months", "1 year"."""
        parts = []
        if self.term_months and self.term_months % 12 == 0:
            years = self.term_months // 12
            parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
        elif self.term_months:
            months = self.term_months
            parts.append(
                ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
            )
        if self.term_days:
            days = self.term_days
            parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
        return _(" and ").join(parts)

    @property
    def has_changes(self) -> bool:
        return bool(self.suspensions or self.clock.extension_days or self.roll_reason)


def roll_reason(day: dt.date) -> RollReason | None:
    if day.weekday() == 5:
        return RollReason.SATURDAY
    if day.weekday() == 6:
        return RollReason.SUNDAY
    if day in atw_holidays(day.year):
        return RollReason.HOLIDAY
    return None


def term_story(clock: TermClock, term: Term) -> TermStory:
    reason = None
    if clock.rolled_forward and clock.unrolled_due is not None:
        reason = roll_reason(clock.unrolled_due)
    return TermStory(
        clock=clock,
        term_months=term.months,
        term_days=term.days,
        suspensions=clock.suspensions,
        roll_reason=reason,
    )
