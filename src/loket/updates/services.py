"""Telling applicants what changed in their case, through the notifications outbox.

Two sources of news:

* **Changes**, from ``CaseEventRecorded`` (``updates_on_case_events``, subscribed in the app's
  ``ready()``): received, information requested, term extended, decision made, document
  ready. Only events that happened within ``LOKET_UPDATES_NEWS_HOURS`` (48 hours) of now are
  news: an import or the simulator that loads months of history tells nobody about it.
* **Dates**, from the daily job (``updates_daily_send``, run by ``loket forecast refresh``
  and the demo's background loop): a reminder ``REMINDER_DAYS_BEFORE`` days before an
  unanswered request's reply date, and one message once a case's legal date has passed
  while it is open and not waiting for the applicant.

Once only: every update has a key (``event:<case>:<sequence>``,
``reply_reminder:<case>:<request sequence>``, ``legal_date_passed:<case>:<date>``) that the
ledger (``CaseUpdate``) holds uniquely; a replayed batch or a second run of the daily job
finds its keys there and sends nothing.

Throttled: the first update of a case on a day writes a held message (portal and e-mail)
that the outbox sends ``LOKET_UPDATES_HOLD_MINUTES`` (15 minutes) later. An update of that
case that comes while the message is held is folded into it: the message is written again
with all its updates. Once the outbox has taken the message, a later update starts a new one.

Only applicants with an account are told (in the language they chose); cases without one
are the team's to follow up (the delay notice's team alert, the staff work page).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.cases.domain.vocabulary import CaseStatus, EventKind, Outcome
from loket.cases.events import CaseEventRecorded
from loket.cases.models import Case, CaseEvent
from loket.documents.selectors import open_request_for
from loket.forecasts.models import CasePrediction
from loket.kernel.time import local_date
from loket.notifications.models import Channel, Message, MessageKind
from loket.notifications.selectors import preferred_languages
from loket.notifications.services import (
    NotificationError,
    case_notice_enqueue,
    messages_drop_held,
    messages_release_hold,
    messages_rewrite_held,
)
from loket.updates.models import CaseUpdate
from loket.updates.selectors import (
    cases_with_applicant,
    held_messages,
    legal_dates_passed,
    reminders_due,
    request_events,
    told_keys,
    updates_in_messages,
)
from loket.updates.texts import Update, compose

logger = logging.getLogger(__name__)

# The changes that are news to the applicant, and the message kind that tells each.
EVENT_UPDATES: Mapping[str, MessageKind] = {
    EventKind.RECEIVED: MessageKind.APPLICATION_RECEIVED,
    EventKind.INFORMATION_REQUESTED: MessageKind.INFORMATION_REQUESTED,
    EventKind.TERM_EXTENDED: MessageKind.TERM_EXTENDED,
    EventKind.DECIDED: MessageKind.DECISION_MADE,
    EventKind.DOCUMENT_READY: MessageKind.DOCUMENT_READY,
}
_RUNNING = (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS)
_OPEN = (*_RUNNING, CaseStatus.WAITING_FOR_CLIENT)


@dataclass(frozen=True, slots=True)
class DailyResult:
    """What one run of the daily job wrote: the number of cases told each kind."""

    reminders: int
    legal_dates_passed: int


def news_window() -> dt.timedelta:
    """How old an event may be and still be news (``LOKET_UPDATES_NEWS_HOURS``)."""
    return dt.timedelta(hours=settings.LOKET_UPDATES_NEWS_HOURS)


def hold_time() -> dt.timedelta:
    """How long a message waits for more news of the same case and day."""
    return dt.timedelta(minutes=settings.LOKET_UPDATES_HOLD_MINUTES)


def hold_group(case_id: int, day: dt.date) -> str:
    return f"updates:{case_id}:{day.isoformat()}"


# Events after which news still held for the case may have stopped being true: the request
# was answered, the application withdrawn or decided.
SETTLING_EVENTS = frozenset(
    {EventKind.INFORMATION_RECEIVED, EventKind.WITHDRAWN, EventKind.DECIDED}
)


def updates_on_case_events(events: Sequence[CaseEventRecorded]) -> None:
    """The ``CaseEventRecorded`` handler: tell the applicants about the changes that are news,
    then take out of held messages what those changes made untrue."""
    now = timezone.now()
    updates_tell_events(events=events, now=now)
    updates_recheck_held(events=events, now=now)


def updates_recheck_held(*, events: Sequence[CaseEventRecorded], now: dt.datetime) -> int:
    """A message waits ``hold_time()`` before it goes. If the person answers the request it
    tells of meanwhile (or the case is withdrawn or decided), "send us this by then" is no
    longer true when it arrives: write the message again without that news, or drop it when
    nothing else is in it. Returns the number of messages rewritten or dropped."""
    cutoff = now - news_window()
    case_ids = {e.case_id for e in events if e.kind in SETTLING_EVENTS and e.at >= cutoff}
    if not case_ids:
        return 0
    groups = {hold_group(case_id, local_date(now)): case_id for case_id in case_ids}
    held = held_messages(groups)
    if not held:
        return 0
    cases = cases_with_applicant(groups[group] for group in held)
    changed = 0
    for group, messages in held.items():
        case = cases.get(groups[group])
        portal = next((m for m in messages if m.channel == Channel.PORTAL), None)
        if case is None or portal is None:
            continue
        told = updates_in_messages([portal.pk]).get(portal.pk, [])
        request = open_request_for(case)
        still = [
            _as_update(update)
            for update in told
            if _still_true(update, case, request.sequence if request else None)
        ]
        if len(still) == len(told):
            continue
        ids = [m.pk for m in messages]
        if still:
            subject, body, kind = compose(case, still, language=portal.language)
            done = messages_rewrite_held(message_ids=ids, subject=subject, body=body, kind=kind)
        else:
            done = messages_drop_held(message_ids=ids)
        changed += int(done)
    return changed


def _still_true(update: CaseUpdate, case: Case, open_request: int | None) -> bool:
    """A request (or a reminder of one) is news only while it is the case's open request."""
    if update.kind in (MessageKind.INFORMATION_REQUESTED, MessageKind.REPLY_REMINDER):
        asked = update.key.rpartition(":")[2]
        return open_request is not None and asked == str(open_request)
    return True


def updates_tell_events(*, events: Sequence[CaseEventRecorded], now: dt.datetime) -> int:
    """Tell the news among ``events`` (a batch of up to 5,000); returns the cases told.

    Old events and kinds that are no news are dropped before any query, so a bulk import of
    history costs nothing here. The rest is read in a fixed number of queries per batch;
    writing costs a few queries per case told.
    """
    cutoff = now - news_window()
    news = [event for event in events if event.kind in EVENT_UPDATES and event.at >= cutoff]
    if not news:
        return 0
    cases = cases_with_applicant(event.case_id for event in news)
    news = [event for event in news if event.case_id in cases]
    if not news:
        return 0
    requests = request_events(
        event.case_id for event in news if event.kind == EventKind.INFORMATION_REQUESTED
    )
    updates: dict[int, list[Update]] = defaultdict(list)
    for event in sorted(news, key=lambda event: (event.case_id, event.sequence)):
        case = cases[event.case_id]
        update = _event_update(case, event, requests.get(case.pk, []))
        if update is not None:
            updates[case.pk].append(update)
    return _tell(cases, updates, now=now)


def updates_daily_send(*, now: dt.datetime) -> DailyResult:
    """The daily job: reminders before reply dates and the legal-date-passed messages.

    Idempotent: each is keyed in the ledger, so running it twice (or from two places) sends
    each once. Returns how many cases were told each.
    """
    today = local_date(now)
    reminders: dict[int, list[Update]] = {}
    cases: dict[int, Case] = {}
    for case, request in reminders_due(today=today):
        cases[case.pk] = case
        reminders[case.pk] = [
            Update(
                key=f"reply_reminder:{case.pk}:{request.sequence}",
                kind=MessageKind.REPLY_REMINDER,
                at=now,
                facts={
                    "asked": request.text,
                    "asked_on": request.asked_on.isoformat(),
                    "reply_by": request.reply_by.isoformat(),
                },
            )
        ]
    passed: dict[int, list[Update]] = {}
    for case, prediction in legal_dates_passed(today=today):
        assert case.decision_due is not None
        cases[case.pk] = case
        passed[case.pk] = [
            Update(
                key=f"legal_date_passed:{case.pk}:{case.decision_due.isoformat()}",
                kind=MessageKind.LEGAL_DATE_PASSED,
                at=now,
                facts={"due": case.decision_due.isoformat(), **_window(prediction, today)},
            )
        ]
    return DailyResult(
        reminders=_tell(cases, reminders, now=now),
        legal_dates_passed=_tell(cases, passed, now=now),
    )


def _window(prediction: CasePrediction | None, today: dt.date) -> dict[str, str]:
    """The expected decision window to tell, from the forecast the delay notice also uses:
    the whole window while it lies ahead, only its end once it has begun, nothing once it
    is past (a stale forecast must not promise a date that has gone)."""
    if prediction is None or prediction.latest_on < today:
        return {}
    if prediction.earliest_on <= today:
        return {"latest": prediction.latest_on.isoformat()}
    return {
        "earliest": prediction.earliest_on.isoformat(),
        "latest": prediction.latest_on.isoformat(),
    }


def _event_update(
    case: Case, event: CaseEventRecorded, requests: Sequence[CaseEvent]
) -> Update | None:
    """The update that tells ``event``, or ``None`` when the case has moved on so that the
    news would no longer be true (a request already answered, an extension of a case since
    decided, a document already handed over)."""
    kind = EVENT_UPDATES[event.kind]
    facts: dict[str, str] = {}
    if event.kind == EventKind.RECEIVED:
        facts["received_on"] = local_date(event.at).isoformat()
        if case.status in _RUNNING and case.decision_due is not None:
            facts["due"] = case.decision_due.isoformat()
    elif event.kind == EventKind.INFORMATION_REQUESTED:
        request = open_request_for(case, requests)
        if request is None or request.sequence != event.sequence:
            return None
        facts = {"asked": request.text, "reply_by": request.reply_by.isoformat()}
    elif event.kind == EventKind.TERM_EXTENDED:
        if case.status not in _OPEN or case.decision_due is None:
            return None
        facts["due"] = case.decision_due.isoformat()
        if case.status == CaseStatus.WAITING_FOR_CLIENT:
            facts["waiting"] = "yes"
    elif event.kind == EventKind.DECIDED:
        if event.outcome is None:
            return None
        facts["outcome"] = Outcome(event.outcome).value
    elif event.kind == EventKind.DOCUMENT_READY and case.status != CaseStatus.DOCUMENT_READY:
        return None
    return Update(key=f"event:{case.pk}:{event.sequence}", kind=kind, at=event.at, facts=facts)


def _tell(
    cases: Mapping[int, Case], updates: Mapping[int, list[Update]], *, now: dt.datetime
) -> int:
    """Write (or fold into) one held message per case for its updates not told yet."""
    told = told_keys(update.key for found in updates.values() for update in found)
    fresh = {
        case_id: [update for update in found if update.key not in told]
        for case_id, found in updates.items()
    }
    fresh = {case_id: found for case_id, found in fresh.items() if found}
    if not fresh:
        return 0
    languages = preferred_languages(cases[case_id].applicant_id or 0 for case_id in fresh)
    day = local_date(now)
    groups = {case_id: hold_group(case_id, day) for case_id in fresh}
    held = held_messages(groups.values())
    earlier = updates_in_messages(
        message.pk
        for messages in held.values()
        for message in messages
        if message.channel == Channel.PORTAL
    )
    count = 0
    for case_id, found in fresh.items():
        case = cases[case_id]
        group = groups[case_id]
        try:
            try:
                with transaction.atomic():
                    _tell_case(
                        case,
                        found,
                        language=languages[case.applicant_id or 0],
                        group=group,
                        held=held.get(group, []),
                        earlier=earlier,
                        now=now,
                    )
            except IntegrityError:
                # Another process told some of this news, or started a held message for
                # this case and day, since we read: read again for this case and retry once.
                if not _retell_case(case, found, group=group, now=now):
                    continue
            count += 1
        except NotificationError:
            # One case we cannot write to must not stop the updates of all the others.
            logger.exception("update for case %s could not be queued", case.reference)
    return count


def _retell_case(case: Case, found: list[Update], *, group: str, now: dt.datetime) -> bool:
    told = told_keys(update.key for update in found)
    found = [update for update in found if update.key not in told]
    if not found:
        return False
    held = held_messages([group]).get(group, [])
    earlier = updates_in_messages(m.pk for m in held if m.channel == Channel.PORTAL)
    language = preferred_languages([case.applicant_id or 0])[case.applicant_id or 0]
    try:
        with transaction.atomic():
            _tell_case(
                case, found, language=language, group=group, held=held, earlier=earlier, now=now
            )
    except IntegrityError:
        logger.warning("update for case %s lost a race twice; not sent", case.reference)
        return False
    return True


def _tell_case(
    case: Case,
    found: list[Update],
    *,
    language: str,
    group: str,
    held: list[Message],
    earlier: Mapping[int, list[CaseUpdate]],
    now: dt.datetime,
) -> None:
    assert case.applicant is not None
    channels = {Channel.PORTAL} | ({Channel.EMAIL} if case.applicant.email else set())
    portal = next((m for m in held if m.channel == Channel.PORTAL), None)
    if portal is not None and {Channel(m.channel) for m in held} == channels:
        # Fold into the held message: the same message, written again with all its news.
        before = [_as_update(told) for told in earlier.get(portal.pk, [])]
        subject, body, kind = compose(case, [*before, *found], language=portal.language)
        if messages_rewrite_held(
            message_ids=[m.pk for m in held], subject=subject, body=body, kind=kind
        ):
            _record(case, found, message=portal)
            return
    if held:
        # Taken by the outbox meanwhile, or not the channels we would use now: let it go as
        # it is, and tell the new news in a new message.
        messages_release_hold(message_ids=[m.pk for m in held])
    subject, body, kind = compose(case, found, language=language)
    hold = hold_time()
    messages = case_notice_enqueue(
        case=case,
        subject=subject,
        body=body,
        language=language,
        dedupe_key=f"updates:{found[0].key}",
        kind=kind,
        channels=(Channel.PORTAL, Channel.EMAIL),
        # The hold is real time for the outbox; ``now`` only names the day.
        send_after=timezone.now() + hold if hold > dt.timedelta(0) else None,
        hold_key=group if hold > dt.timedelta(0) else None,
    )
    _record(case, found, message=next((m for m in messages if m.channel == Channel.PORTAL), None))


def _as_update(told: CaseUpdate) -> Update:
    return Update(
        key=told.key, kind=MessageKind(told.kind), at=told.happened_at, facts=dict(told.facts)
    )


def _record(case: Case, found: list[Update], *, message: Message | None) -> None:
    CaseUpdate.objects.bulk_create(
        CaseUpdate(
            key=update.key,
            case=case,
            kind=update.kind,
            happened_at=update.at,
            facts=dict(update.facts),
            message=message,
        )
        for update in found
    )
