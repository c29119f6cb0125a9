"""The term clock: a case's legal decision date (beslistermijn) as a pure function of its events.

Rules (see docs/legal-terms.md for the sources):

* due = date received + the product's term (months as the law words them, then days); the
  term is the version in force on the day the application was received (a ``TermSchedule``):
  a later change of the law does not move an existing case's date;
* an information request on day R answered on day C suspends the term by C - R days; a
  request still open suspends it up to ``as_of`` (or up to the decision);
* each ``term_extended`` adds its days; more than the product's maximum in total is an error;
* only the final date rolls forward past weekends and Algemene termijnenwet holidays;
* a decided case keeps the date it had when it was decided: later events change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from loket.cases.domain.calendar import roll_forward
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.vocabulary import EventKind

K = EventKind


class TermError(CaseRuleError):
    """The events break a rule of the term clock (e.g. an extension beyond the maximum).

    ``event_index`` is the 0-based position, in the events given to ``compute_term_clock``,
    of the event that breaks the rule (``None`` when no single event does, e.g. a log without
    ``received``), so a caller can point at the offending row, such as a CSV line.
    """

    def __init__(self, message: str, *, event_index: int | None = None) -> None:
        super().__init__(message)
        self.event_index = event_index


@dataclass(frozen=True, slots=True)
class Term:
    """A product's legal decision term."""

    months: int = 0
    days: int = 0
    max_extension_days: int = 0


@dataclass(frozen=True, slots=True)
class TermVersion:
    """A term as the law set it for applications received on or after ``valid_from``."""

    valid_from: dt.date
    term: Term


@dataclass(frozen=True, slots=True)
class TermSchedule:
    """A product's legal term over time: each version applies to the applications received
    from its ``valid_from`` until the next version's (versions in any order, dates unique)."""

    versions: tuple[TermVersion, ...]

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.versions, key=lambda v: v.valid_from))
        dates = [v.valid_from for v in ordered]
        if len(set(dates)) != len(dates):
            raise ValueError("Two versions of a term cannot start on the same day.")
        object.__setattr__(self, "versions", ordered)

    def in_force(self, on: dt.date) -> Term:
        """The term for an application received ``on``; ``TermError`` before the first."""
        found = None
        for version in self.versions:
            if version.valid_from > on:
                break
            found = version.term
        if found is None:
            first = self.versions[0].valid_from.isoformat() if self.versions else None
            raise TermError(
                f"No legal term was in force on {on.isoformat()}"
                + (f" (the first starts on {first})." if first else " (the product has none).")
            )
        return found


@dataclass(frozen=True, slots=True)
class TermEvent:
    """The part of a case event that the term clock reads."""

    # An ``EventKind`` value. Typed ``str`` like ``EventLike.kind``: it is copied from stored
    # ``CaseEvent`` rows, whose column is a plain string, and the clock only compares it.
    kind: str
    on: dt.date
    days: int | None = None


@dataclass(frozen=True, slots=True)
class Suspension:
    requested_on: dt.date
    received_on: dt.date | None  # None while the client has not answered yet
    days: int


@dataclass(frozen=True, slots=True)
class TermClock:
    """Everything the case page needs to explain the legal decision date."""

    received_on: dt.date
    base_due: dt.date
    suspensions: tuple[Suspension, ...] = field(default=())
    extension_days: int = 0
    unrolled_due: dt.date | None = None
    due: dt.date | None = None
    decided_on: dt.date | None = None
    is_suspended: bool = False
    # The version of the term that applies: the one in force on the day of receipt.
    term: Term = field(default_factory=Term)

    @property
    def suspended_days(self) -> int:
        return sum(s.days for s in self.suspensions)

    @property
    def rolled_forward(self) -> bool:
        return self.due != self.unrolled_due


@dataclass(slots=True)
class _Tally:
    """What ``compute_term_clock`` has read from the events so far."""

    schedule: TermSchedule
    term: Term | None = None  # known from the ``received`` event on
    received_on: dt.date | None = None
    suspensions: list[Suspension] = field(default_factory=list)
    open_request: dt.date | None = None
    extension_days: int = 0
    decided_on: dt.date | None = None

    def read(self, event: TermEvent, index: int) -> None:
        """Take the next event (``index`` is its position, for errors)."""
        if event.kind == K.RECEIVED:
            if self.received_on is None:
                self.received_on = event.on
                try:
                    self.term = self.schedule.in_force(event.on)
                except TermError as error:
                    raise TermError(str(error), event_index=index) from None
        elif self.received_on is None:
            raise TermError(
                f"A '{event.kind}' event comes before the application was received.",
                event_index=index,
            )
        elif event.kind == K.INFORMATION_REQUESTED:
            if self.open_request is None:
                self.open_request = event.on
        elif event.kind == K.INFORMATION_RECEIVED:
            self._answered(event.on)
        elif event.kind == K.TERM_EXTENDED:
            self._extend(event.days or 0, index)
        elif event.kind in (K.DECIDED, K.WITHDRAWN):
            self.decided_on = event.on

    def _answered(self, on: dt.date) -> None:
        """The client answered: the open request's suspension ends (an answer to nothing
        suspends nothing)."""
        if self.open_request is not None:
            self.suspensions.append(
                Suspension(self.open_request, on, max(0, (on - self.open_request).days))
            )
            self.open_request = None

    def _extend(self, days: int, index: int) -> None:
        """Add an extension, within the product's maximum in total."""
        assert self.term is not None  # set by the ``received`` event, which comes first
        if days <= 0:
            raise TermError("A term extension needs a positive number of days.", event_index=index)
        if self.extension_days + days > self.term.max_extension_days:
            raise TermError(
                f"Extending by {days} days brings the total extension to "
                f"{self.extension_days + days} days; this product allows at most "
                f"{self.term.max_extension_days}.",
                event_index=index,
            )
        self.extension_days += days


def compute_term_clock(
    term: Term | TermSchedule, events: Iterable[TermEvent], *, as_of: dt.date
) -> TermClock:
    """Compute the decision date from ``events`` (in the order they happened).

    ``term`` is one term for every date, or a product's schedule: the version in force on
    the day of receipt applies. ``as_of`` closes a still-open suspension: a case waiting for the client today has a due
    date that moves one day for each day it keeps waiting.
    """
    schedule = (
        term if isinstance(term, TermSchedule) else TermSchedule((TermVersion(dt.date.min, term),))
    )
    tally = _Tally(schedule)
    for index, event in enumerate(events):
        if tally.decided_on is not None:
            break  # a decided case keeps the legal date it had
        tally.read(event, index)
    received_on, decided_on, applied = tally.received_on, tally.decided_on, tally.term
    if received_on is None or applied is None:
        raise TermError("The case has no 'received' event, so it has no decision term.")

    suspensions = tally.suspensions
    open_request = tally.open_request
    if open_request is not None:
        until = decided_on or as_of
        suspensions.append(Suspension(open_request, None, max(0, (until - open_request).days)))

    base_due = received_on + relativedelta(months=applied.months) + dt.timedelta(days=applied.days)
    unrolled = base_due + dt.timedelta(days=sum(s.days for s in suspensions) + tally.extension_days)
    return TermClock(
        received_on=received_on,
        base_due=base_due,
        suspensions=tuple(suspensions),
        extension_days=tally.extension_days,
        unrolled_due=unrolled,
        due=roll_forward(unrolled),
        decided_on=decided_on,
        is_suspended=open_request is not None and decided_on is None,
        term=applied,
    )
