"""Reads: the open information request of a case (what was asked, when, and the reply date),
for the case page, the answer page and, later, letters and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from loket.cases.domain.replies import reply_date, reply_term_days
from loket.cases.domain.vocabulary import CaseStatus, EventKind
from loket.cases.models import Case, CaseEvent
from loket.documents.models import Document
from loket.kernel.time import local_date


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """An information request the applicant has not answered yet."""

    sequence: int  # the ``information_requested`` event's place in the case's log
    text: str  # what was asked, as staff wrote it ("" when they wrote nothing)
    asked_at: dt.datetime
    asked_on: dt.date
    reply_days: int
    reply_by: dt.date
    default_term: bool  # True: the request gave no term, so ``DEFAULT_REPLY_DAYS`` applies

    def days_left(self, today: dt.date) -> int:
        """Days until the reply date (0 on the day itself, negative once it has passed)."""
        return (self.reply_by - today).days

    def is_late(self, today: dt.date) -> bool:
        return today > self.reply_by


def open_request_for(case: Case, events: Sequence[CaseEvent] | None = None) -> OpenRequest | None:
    """The case's unanswered information request, or ``None`` when the case is not waiting for
    the client. Pass ``events`` (in sequence order) when the caller has read them already."""
    if case.status != CaseStatus.WAITING_FOR_CLIENT:
        return None
    if events is None:
        events = list(case.events.order_by("sequence"))
    request: CaseEvent | None = None
    for event in events:
        if event.kind == EventKind.INFORMATION_REQUESTED:
            request = event
        elif event.kind == EventKind.INFORMATION_RECEIVED:
            request = None
    if request is None:
        return None
    asked_on = local_date(request.at)
    days = reply_term_days(request.days)
    return OpenRequest(
        sequence=request.sequence,
        text=request.note.strip(),
        asked_at=request.at,
        asked_on=asked_on,
        reply_days=days,
        reply_by=reply_date(asked_on, request.days),
        default_term=not request.days,
    )


def case_documents(documents: QuerySet[Document], case: Case) -> QuerySet[Document]:
    """The documents of ``case`` among ``documents`` (a policy's queryset), oldest first."""
    return documents.filter(case=case).order_by("uploaded_at", "pk")
