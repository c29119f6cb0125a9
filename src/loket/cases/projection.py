"""From an event log to the Case row's stored fields: pure functions, no queries.

Shared by ``case_record_event`` (one event) and ``events_import`` (thousands), so the two
paths cannot disagree about what a log means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from loket.cases.domain.termclock import (
    Term,
    TermClock,
    TermEvent,
    TermSchedule,
    TermVersion,
    compute_term_clock,
)
from loket.cases.domain.transitions import CaseState, EventLike, replay
from loket.cases.domain.vocabulary import CaseStatus, Outcome
from loket.catalogue.models import ProductType
from loket.kernel.time import local_date


def product_term(product: ProductType) -> TermSchedule:
    """``product``'s legal term over time: a case takes the version in force on its day of
    receipt. Every path that stores or shows a legal date reads the term through here, so
    the stored projection and a page's live clock cannot take different versions.

    One query, or none when the caller prefetched ``legal_terms`` (bulk paths must: the
    import, the letters, ``loket cases verify``).
    """
    return TermSchedule(
        tuple(
            TermVersion(
                valid_from=version.valid_from,
                term=Term(
                    months=version.term_months,
                    days=version.term_days,
                    max_extension_days=version.max_extension_days,
                ),
            )
            for version in product.legal_terms.all()
        )
    )


def term_events(events: Sequence[EventLike]) -> list[TermEvent]:
    return [TermEvent(kind=e.kind, on=local_date(e.at), days=e.days) for e in events]


@dataclass(frozen=True, slots=True)
class Projection:
    """The Case columns that are derived from the log."""

    status: CaseStatus
    stage: str
    received_at: dt.datetime
    decision_due: dt.date | None
    decided_at: dt.datetime | None
    outcome: Outcome | Literal[""]  # as the Case column: "" (blank) until decided
    closed_at: dt.datetime | None


PROJECTED_FIELDS: Final = (
    "status",
    "stage",
    "received_at",
    "decision_due",
    "decided_at",
    "outcome",
    "closed_at",
)


def project(
    events: Sequence[EventLike],
    *,
    term: Term | TermSchedule,
    first_stage: str = "",
    state: CaseState | None = None,
) -> Projection:
    """Project a whole log (``state`` may be passed when the caller already folded it).

    The stored due date is computed as of the last event: for a case waiting for the client
    that is the date without the suspension still running, which is what lists need (its
    term is not running, so it is not at risk). Pages use ``case_term_clock`` with today.
    """
    state = state if state is not None else replay(events)
    clock = clock_for(events, term=term, as_of=local_date(state.last_at))
    return Projection(
        status=state.status,
        stage=state.stage or first_stage,
        received_at=state.received_at,
        decision_due=clock.due,
        decided_at=state.decided_at,
        outcome=state.outcome or "",
        closed_at=state.closed_at,
    )


def clock_for(
    events: Sequence[EventLike], *, term: Term | TermSchedule, as_of: dt.date
) -> TermClock:
    return compute_term_clock(term, term_events(events), as_of=as_of)
