"""What each letter states: the facts of one event, read from the case's log as it stood
right after that event.

A bulk import hands over a whole history at once (the case row then shows its latest state),
so nothing here reads the case's projected columns for dates: the confirmation of receipt
gives the legal date the case had just after it was received, an extension the date just
after the extension, whatever happened later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from loket.cases.domain.calendar import roll_forward
from loket.cases.domain.errors import CaseRuleError
from loket.cases.domain.replies import DEFAULT_REPLY_DAYS
from loket.cases.domain.termclock import Term, TermClock
from loket.cases.domain.vocabulary import EventKind, LetterKind, Outcome
from loket.cases.models import CaseEvent
from loket.cases.projection import clock_for, product_term
from loket.cases.situation import remedy_deadline
from loket.catalogue.models import ProductType
from loket.kernel.time import local_date

# The events that make a letter, and which. A decision makes a grant or a refusal letter by
# its outcome (see ``letter_kind``).
LETTER_OF_EVENT: Final[dict[str, LetterKind]] = {
    EventKind.RECEIVED: LetterKind.RECEIPT_CONFIRMATION,
    EventKind.INFORMATION_REQUESTED: LetterKind.INFORMATION_REQUEST,
    EventKind.TERM_EXTENDED: LetterKind.EXTENSION,
    EventKind.DOCUMENT_READY: LetterKind.CARD_READY,
}

Facts = dict[str, object]


def letter_kind(kind: str, outcome: str | None) -> LetterKind | None:
    """The letter an event of ``kind`` (with ``outcome``, for a decision) makes, or None."""
    if kind == EventKind.DECIDED:
        if outcome == Outcome.GRANTED:
            return LetterKind.DECISION_GRANT
        if outcome == Outcome.REFUSED:
            return LetterKind.DECISION_REFUSAL
        return None
    return LETTER_OF_EVENT.get(kind)


def letter_facts(
    kind: LetterKind, *, product: ProductType, events: Sequence[CaseEvent], index: int
) -> Facts:
    """The facts a letter of ``kind`` states about ``events[index]`` of a case of ``product``
    (``events`` is the case's log in sequence order). Dates are ``datetime.date``."""
    event = events[index]
    on = local_date(event.at)
    note = event.note.strip()
    if kind == LetterKind.RECEIPT_CONFIRMATION:
        clock = _clock(product, events[: index + 1], on)
        # The term in force on the day of receipt (the version this case keeps).
        term = clock.term if clock else Term()
        return {
            "received_on": on,
            "legal_date": clock.due if clock else None,
            "term_months": term.months,
            "term_days": term.days,
            "max_extension_days": term.max_extension_days,
        }
    if kind == LetterKind.INFORMATION_REQUEST:
        # The reply date as the documents app reads it from the same event (its
        # ``open_request_for``): the days staff gave, else the default term, rolled forward.
        days = event.days or DEFAULT_REPLY_DAYS
        return {
            "asked_on": on,
            "needed": note,
            "reply_days": days,
            "reply_by": roll_forward(on + dt.timedelta(days=days)),
            "default_term": not event.days,
        }
    if kind == LetterKind.EXTENSION:
        clock = _clock(product, events[: index + 1], on)
        return {
            "extended_on": on,
            "extension_days": event.days or 0,
            "reason": note,
            "legal_date": clock.due if clock else None,
            # Still waiting for the person's information: the date moves on until it comes.
            "while_waiting": bool(clock and clock.is_suspended),
        }
    if kind == LetterKind.DECISION_GRANT:
        return {"decided_on": on}
    if kind == LetterKind.DECISION_REFUSAL:
        return {"decided_on": on, "reasons": note, **remedy_facts(product, on)}
    return {"ready_on": on}


def remedy_facts(product: ProductType, decided_on: dt.date) -> Facts:
    """What the person can do against a refusal and by when, from the catalogue (none when
    the catalogue gives the product no remedy)."""
    if not product.remedy_kind or product.remedy_weeks <= 0:
        return {"remedy_kind": ""}
    short = product.remedy_short_weeks
    return {
        "remedy_kind": product.remedy_kind,
        "remedy_weeks": product.remedy_weeks,
        "remedy_deadline": remedy_deadline(decided_on, product.remedy_weeks),
        "remedy_short_weeks": short,
        "remedy_short_deadline": remedy_deadline(decided_on, short) if short > 0 else None,
        "remedy_source": product.remedy_source,
    }


def _clock(product: ProductType, log: Sequence[CaseEvent], on: dt.date) -> TermClock | None:
    """The term clock just after the last event of ``log``; None when the log breaks a term
    rule (the letter then names no date rather than a wrong one)."""
    try:
        return clock_for(log, term=product_term(product), as_of=on)
    except CaseRuleError:
        return None


def as_json(facts: Facts) -> dict[str, object]:
    """``facts`` as stored on the letter: dates as ISO text."""
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in facts.items()
    }
