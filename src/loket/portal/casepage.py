"""What the case page shows, as plain data: the stage timeline and the decision-date story.

Pure functions over a case's stages, events and term clock, so the wording in the templates
has nothing left to compute and these rules are tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loket.cases.domain.calendar import atw_holidays
from loket.cases.domain.termclock import Suspension, Term, TermClock
from loket.cases.models import CaseEvent, CaseStatus, EventKind
from loket.catalogue.models import Stage

CLOSED_STATUSES = frozenset({CaseStatus.ISSUED, CaseStatus.WITHDRAWN})


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True, slots=True)
class Step:
    stage: Stage
    state: StepState
    started_on: dt.date | None

    @property
    def is_done(self) -> bool:
        return self.state is StepState.DONE

    @property
    def is_current(self) -> bool:
        return self.state is StepState.CURRENT


def stage_steps(
    stages: Sequence[Stage], events: Iterable[CaseEvent], *, current_code: str, status: str
) -> list[Step]:
    """The product's stages as done / current / to come, each with the day it started.

    The current stage is the case's projected stage; without one, the first stage is current
    from the day the application came in. A closed case (issued, withdrawn) has no current
    stage: everything it reached is done.
    """
    started: dict[str, dt.date] = {}
    received_on: dt.date | None = None
    for event in events:
        on = timezone.localdate(event.at)
        if event.kind == EventKind.RECEIVED and received_on is None:
            received_on = on
        if event.stage and event.stage not in started:
            started[event.stage] = on

    codes = [s.code for s in stages]
    if current_code in codes:
        current_index = codes.index(current_code)
    elif stages:
        current_index = 0
    else:
        return []
    if stages and stages[0].code not in started and received_on is not None:
        started[stages[0].code] = received_on

    closed = status in CLOSED_STATUSES
    steps: list[Step] = []
    for index, stage in enumerate(stages):
        if index < current_index or (index == current_index and closed):
            state = StepState.DONE
        elif index == current_index:
            state = StepState.CURRENT
        else:
            state = StepState.UPCOMING
        steps.append(
            Step(
                stage=stage,
                state=state,
                started_on=started.get(stage.code) if state is not StepState.UPCOMING else None,
            )
        )
    return steps


def current_and_next(steps: Sequence[Step]) -> tuple[Step | None, Step | None]:
    current = next((s for s in steps if s.is_current), None)
    if current is None:
        return None, None
    index = steps.index(current)
    return current, steps[index + 1] if index + 1 < len(steps) else None


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
