"""What a simulation run produces, and the summary the commands print."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from loket.cases.domain.rows import CaseFacts, EventRow
from loket.cases.domain.termclock import Term, TermError, TermEvent, compute_term_clock
from loket.cases.domain.vocabulary import EventKind, Outcome, Track

if TYPE_CHECKING:
    from loket.simulation.config import SimConfig

DAY_OPENS = dt.timedelta(hours=8)
DAY_HOURS = 10.0  # a simulated day is laid over office hours, 08:00-18:00
OPEN_AFTER = frozenset({EventKind.DECIDED, EventKind.WITHDRAWN})


class RawEvent(NamedTuple):
    t: float  # days since the start
    kind: EventKind
    stage: str
    days: int | None
    outcome: Outcome | None


def at_of(t: float, *, origin: dt.datetime) -> dt.datetime:
    """The wall-clock moment of model time ``t`` (monotone, so order is kept)."""
    day = math.floor(t)
    # Aware arithmetic on one tzinfo keeps the wall clock, so 08:00 stays 08:00 across DST.
    return origin + dt.timedelta(days=day) + DAY_OPENS + dt.timedelta(hours=(t - day) * DAY_HOURS)


def to_rows(
    reference: str, product: str, events: Sequence[RawEvent], *, origin: dt.datetime, end: float
) -> tuple[EventRow, ...]:
    """Loket event rows for one case, dropping anything at or after the end of the run."""
    return tuple(
        EventRow(
            case=reference,
            product=product,
            kind=e.kind,
            at=at_of(e.t, origin=origin),
            days=e.days,
            outcome=e.outcome,
            stage=e.stage,
        )
        for e in events
        if e.t < end
    )


@dataclass(frozen=True, slots=True)
class SimulatedCase:
    facts: CaseFacts
    rows: tuple[EventRow, ...]

    @property
    def kinds(self) -> list[EventKind]:
        return [r.kind for r in self.rows]

    @property
    def is_open(self) -> bool:
        return not OPEN_AFTER.intersection(self.kinds)


@dataclass(slots=True)
class ProductSummary:
    product: str
    cases: int = 0
    expert: int = 0
    open: int = 0
    granted: int = 0
    refused: int = 0
    withdrawn: int = 0
    open_at_start: int = 0
    overdue: int = 0
    at_risk: int = 0  # open, due within 14 days
    events: int = 0


@dataclass(frozen=True, slots=True)
class SimulationResult:
    config: SimConfig
    start: dt.datetime
    end: dt.datetime
    days: int
    seed: int
    scale: float
    cases: list[SimulatedCase] = field(default_factory=list)

    @property
    def event_count(self) -> int:
        return sum(len(c.rows) for c in self.cases)

    def facts(self) -> list[CaseFacts]:
        return [c.facts for c in self.cases]

    def rows(self) -> Iterator[EventRow]:
        for case in self.cases:
            yield from case.rows

    def open_on(self, moment: dt.datetime) -> int:
        """Cases received before ``moment`` and not yet decided or withdrawn then (backlog)."""
        count = 0
        for case in self.cases:
            if case.rows[0].at > moment:
                continue
            closed = next((r.at for r in case.rows if r.kind in OPEN_AFTER), None)
            if closed is None or closed > moment:
                count += 1
        return count

    def summary(self) -> dict[str, ProductSummary]:
        """Counts per product, in the configuration's order."""
        today = self.end.date()
        out = {p.code: ProductSummary(p.code) for p in self.config.products}
        for case in self.cases:
            row = out[case.facts.product]
            row.cases += 1
            row.events += len(case.rows)
            row.expert += case.facts.track == Track.EXPERT
            kinds = case.kinds
            closed = next((r.at for r in case.rows if r.kind in OPEN_AFTER), None)
            if case.rows[0].at < self.start and (closed is None or closed > self.start):
                row.open_at_start += 1
            if EventKind.WITHDRAWN in kinds:
                row.withdrawn += 1
            elif EventKind.DECIDED in kinds:
                outcome = next(r.outcome for r in case.rows if r.kind == EventKind.DECIDED)
                row.granted += outcome == Outcome.GRANTED
                row.refused += outcome == Outcome.REFUSED
            else:
                row.open += 1
                due = self.due_date(case)
                if due is not None and due < today:
                    row.overdue += 1
                elif due is not None and (due - today).days <= 14:
                    row.at_risk += 1
        return out

    def due_date(self, case: SimulatedCase) -> dt.date | None:
        """The legal decision date as of the end of the run (None if the log breaks a rule)."""
        spec = self.config.product(case.facts.product)
        term = Term(spec.term.months, spec.term.days, spec.term.max_extension_days)
        events = [TermEvent(r.kind, r.at.date(), r.days) for r in case.rows]
        try:
            return compute_term_clock(term, events, as_of=self.end.date()).due
        except TermError:
            return None
