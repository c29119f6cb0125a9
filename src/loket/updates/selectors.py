"""Reads for updates: which cases are due a dated update, and what was told already.

Each function reads a whole set of cases in a fixed number of queries, whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Final

from loket.cases.domain.vocabulary import CaseStatus, EventKind
from loket.cases.models import Case, CaseEvent
from loket.documents.selectors import OpenRequest, open_request_for
from loket.forecasts.models import CasePrediction
from loket.notifications.models import Channel, Message, MessageStatus
from loket.updates.models import CaseUpdate

# A reminder goes out this many days before the reply date (and not when the request
# itself gave this little time: its own message told the date already).
REMINDER_DAYS_BEFORE: Final = 5
# Keys per query, well under SQLite's limit on query parameters.
_CHUNK: Final = 2_000


def told_keys(keys: Iterable[str]) -> set[str]:
    """The keys among ``keys`` that are in the ledger (told, or being told)."""
    wanted = list(dict.fromkeys(keys))
    told: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        told.update(CaseUpdate.objects.filter(key__in=chunk).values_list("key", flat=True))
    return told


def cases_with_applicant(case_ids: Iterable[int]) -> dict[int, Case]:
    """The cases among ``case_ids`` that have an applicant account (with product and
    applicant read along); a case without one gets no messages from here."""
    return {
        case.pk: case
        for case in Case.objects.filter(
            pk__in=set(case_ids), applicant__isnull=False
        ).select_related("product", "applicant")
    }


def request_events(case_ids: Iterable[int]) -> dict[int, list[CaseEvent]]:
    """Per case, its information requests and answers in order: all ``open_request_for``
    reads."""
    events: dict[int, list[CaseEvent]] = defaultdict(list)
    ids = set(case_ids)
    if not ids:
        return events
    for event in CaseEvent.objects.filter(
        case_id__in=ids,
        kind__in=[EventKind.INFORMATION_REQUESTED, EventKind.INFORMATION_RECEIVED],
    ).order_by("case_id", "sequence"):
        events[event.case_id].append(event)
    return events


def reminders_due(*, today: dt.date) -> list[tuple[Case, OpenRequest]]:
    """Cases waiting for their applicant whose reply date is at most
    ``REMINDER_DAYS_BEFORE`` days away and not past, with the request. Three queries."""
    waiting = list(
        Case.objects.filter(
            status=CaseStatus.WAITING_FOR_CLIENT, applicant__isnull=False
        ).select_related("product", "applicant")
    )
    events = request_events(case.pk for case in waiting)
    due = []
    for case in waiting:
        request = open_request_for(case, events.get(case.pk, []))
        if request is None:
            continue
        if (request.reply_by - request.asked_on).days <= REMINDER_DAYS_BEFORE:
            continue
        if 0 <= request.days_left(today) <= REMINDER_DAYS_BEFORE:
            due.append((case, request))
    return due


def legal_dates_passed(*, today: dt.date) -> list[tuple[Case, CasePrediction | None]]:
    """Open cases whose legal date lies before ``today`` and that are not waiting for their
    applicant (their term is paused then), with their forecast if any. Two queries."""
    cases = list(
        Case.objects.filter(
            status__in=[CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS],
            decision_due__lt=today,
            applicant__isnull=False,
        ).select_related("product", "applicant")
    )
    predictions = {
        prediction.case_id: prediction
        for prediction in CasePrediction.objects.filter(case_id__in=[case.pk for case in cases])
    }
    return [(case, predictions.get(case.pk)) for case in cases]


def held_messages(hold_keys: Iterable[str]) -> dict[str, list[Message]]:
    """Per hold group (``updates:<case>:<day>``), its messages still held (created, never
    tried), one per channel."""
    keys = [f"{key}:{channel.value}" for key in set(hold_keys) for channel in Channel]
    held: dict[str, list[Message]] = defaultdict(list)
    for start in range(0, len(keys), _CHUNK):
        for message in Message.objects.filter(
            hold_key__in=keys[start : start + _CHUNK], status=MessageStatus.CREATED, attempts=0
        ):
            assert message.hold_key is not None
            held[message.hold_key.rpartition(":")[0]].append(message)
    return held


def updates_in_messages(message_ids: Iterable[int]) -> dict[int, list[CaseUpdate]]:
    """Per message, the updates it tells."""
    told: dict[int, list[CaseUpdate]] = defaultdict(list)
    ids = set(message_ids)
    if not ids:
        return told
    for update in CaseUpdate.objects.filter(message_id__in=ids).order_by("happened_at", "pk"):
        assert update.message_id is not None
        told[update.message_id].append(update)
    return told


def updates_of_case(case: Case) -> list[CaseUpdate]:
    """Everything told to the applicant about ``case`` (for staff), oldest first."""
    return list(CaseUpdate.objects.filter(case=case).order_by("happened_at", "pk"))
