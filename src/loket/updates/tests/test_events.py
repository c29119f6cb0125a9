"""A change recorded on a case sends its applicant one message (portal and e-mail), through the
outbox, in their language, with a link to the case page; held a short while so that a burst
of changes on one case in one day is one message; never twice; never for old history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from loket.cases import services as case_services
from loket.cases.domain.rows import CaseFacts, EventRow
from loket.cases.domain.vocabulary import EventKind, EventSource, Outcome
from loket.cases.events import CaseEventRecorded
from loket.cases.models import Case
from loket.cases.services import recorded
from loket.kernel.actors import actor_for_user
from loket.notifications.models import Channel, Message, MessageKind, MessageStatus
from loket.notifications.policies import inbox_visible_to
from loket.updates.models import CaseUpdate
from loket.updates.services import updates_tell_events

from .conftest import LONG_AGO, NOW, OpenCase, deliver_all, portal, updates_of

pytestmark = pytest.mark.django_db

Capture = DjangoCaptureOnCommitCallbacks
HOLD = dt.timedelta(minutes=15)


def _record(case: Case, kind: EventKind, *, at: dt.datetime = NOW, **fields: object) -> None:
    fields.setdefault("source", EventSource.STAFF)
    case_services.case_record_event(case=case, kind=kind, at=at, **fields)  # type: ignore[arg-type]


def _decided(case: Case, *, at: dt.datetime = NOW, outcome: Outcome = Outcome.GRANTED) -> None:
    _record(case, EventKind.DECIDED, at=at, outcome=outcome)


def _ready(case: Case) -> None:
    _decided(case, at=LONG_AGO + dt.timedelta(days=2))
    _record(case, EventKind.DOCUMENT_READY)


# Each change that matters: how to make it happen now on a case in progress (its history
# long ago), the message kind that tells it, and words of its Dutch and English text.
Change = Callable[[Case], None]
CHANGES: dict[str, tuple[Change, MessageKind, str, str]] = {
    "information requested": (
        lambda case: _record(
            case, EventKind.INFORMATION_REQUESTED, note="Een kopie van uw arbeidscontract."
        ),
        MessageKind.INFORMATION_REQUESTED,
        "Wij hebben meer informatie van u nodig",
        "We need more information from you",
    ),
    "term extended": (
        lambda case: _record(case, EventKind.TERM_EXTENDED, days=30),
        MessageKind.TERM_EXTENDED,
        "Wij hebben meer tijd nodig",
        "We need more time to decide",
    ),
    "granted": (
        _decided,
        MessageKind.DECISION_MADE,
        "Uw aanvraag is toegewezen",
        "Your application is granted",
    ),
    "refused": (
        lambda case: _decided(case, outcome=Outcome.REFUSED),
        MessageKind.DECISION_MADE,
        "Wij hebben uw aanvraag afgewezen",
        "We have refused your application",
    ),
    "document ready": (
        _ready,
        MessageKind.DOCUMENT_READY,
        "Uw verblijfsdocument is klaar",
        "Your residence document is ready",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("person", ["anouk", "sam"])
def test_each_change_sends_one_message_of_its_kind_in_the_persons_language(
    change: str,
    person: str,
    request: pytest.FixtureRequest,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    applicant: User = request.getfixturevalue(person)
    language = "en" if person == "sam" else "nl"
    make, kind, dutch, english = CHANGES[change]
    case = open_case(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        make(case)

    messages = updates_of(case)
    assert sorted(m.channel for m in messages) == [Channel.EMAIL, Channel.PORTAL]
    for message in messages:
        assert message.kind == kind
        assert message.language == language
        assert (english if language == "en" else dutch) in message.body
        assert (dutch if language == "en" else english) not in message.body
        assert case.reference in message.subject
        prefix = "/en" if language == "en" else ""
        assert f"http://127.0.0.1:8000{prefix}/cases/{case.reference}/" in message.body
        # Held for a short while (more news of the day may join it): nothing sent yet.
        assert message.status == MessageStatus.CREATED
    assert not inbox_visible_to(actor_for_user(applicant)).exists()
    assert mail.outbox == []

    assert deliver_all(frozen, after=HOLD + dt.timedelta(minutes=1)) == 2
    (inbox,) = inbox_visible_to(actor_for_user(applicant))
    assert inbox.kind == kind
    (email,) = mail.outbox
    assert email.to == [applicant.email]
    assert email.subject == portal(messages).subject


def test_a_received_application_is_told_with_its_legal_date(
    anouk: User, frozen: TimeMachineFixture, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = case_services.case_create(
            reference="KM-2026-0100",
            product="knowledge-migrant",
            received_at=NOW,
            source=EventSource.STAFF,
            applicant=anouk,
        )
    assert case.decision_due == dt.date(2027, 3, 3)
    messages = updates_of(case)
    assert len(messages) == 2
    for message in messages:
        assert message.kind == MessageKind.APPLICATION_RECEIVED
        assert message.subject == "KM-2026-0100: wij hebben uw aanvraag ontvangen"
        assert "op 3 december 2026 ontvangen" in message.body
        assert "uiterlijk 3 maart 2027" in message.body
        assert "U hoeft nu niets te doen." in message.body


def test_an_information_request_says_what_is_needed_and_by_when(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        _record(case, EventKind.INFORMATION_REQUESTED, note="Een kopie van uw arbeidscontract.")
    body = portal(updates_of(case)).body
    assert "Een kopie van uw arbeidscontract." in body
    # Three weeks (the default reply term) from 3 December: Thursday 24 December.
    assert "uiterlijk 24 december 2026" in body
    assert "Neem dan vóór 24 december 2026 contact op met team Arbeid Zwolle." in body


def test_two_changes_on_one_case_the_same_day_make_one_message(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        _record(case, EventKind.TERM_EXTENDED, days=30)
    frozen.shift(dt.timedelta(minutes=10))  # still held
    with django_capture_on_commit_callbacks(execute=True):
        _decided(case, at=NOW + dt.timedelta(minutes=10), outcome=Outcome.REFUSED)

    messages = updates_of(case)
    assert sorted(m.channel for m in messages) == [Channel.EMAIL, Channel.PORTAL]
    for message in messages:
        assert message.kind == MessageKind.CASE_UPDATES
        assert message.subject == f"{case.reference}: nieuws over uw aanvraag"
        # Both changes, in the order they happened; what to do is the decision's.
        assert message.body.index("meer tijd nodig") < message.body.index("afgewezen")
        assert "bezwaar of beroep" in message.body
    told = CaseUpdate.objects.filter(case=case).order_by("happened_at")
    assert [u.kind for u in told] == [MessageKind.TERM_EXTENDED, MessageKind.DECISION_MADE]
    assert {u.message_id for u in told} == {portal(messages).pk}

    # Sent once, 15 minutes after the first change.
    assert deliver_all(frozen, after=dt.timedelta(minutes=6)) == 2
    assert len(mail.outbox) == 1


def test_a_change_after_the_message_went_out_gets_a_message_of_its_own(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        _record(case, EventKind.TERM_EXTENDED, days=30)
    assert deliver_all(frozen, after=HOLD) == 2
    with django_capture_on_commit_callbacks(execute=True):
        _decided(case, at=NOW + HOLD)

    messages = updates_of(case)
    assert [m.kind for m in messages] == [
        MessageKind.TERM_EXTENDED,
        MessageKind.TERM_EXTENDED,
        MessageKind.DECISION_MADE,
        MessageKind.DECISION_MADE,
    ]
    assert "meer tijd" not in messages[-1].body  # the extension was told already


def test_a_replayed_batch_sends_nothing_twice(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        _decided(case)
    event = case.events.get(kind=EventKind.DECIDED)
    batch = [recorded(case, event)]
    before = list(Message.objects.values_list("pk", "subject", "body"))

    assert updates_tell_events(events=batch, now=NOW) == 0
    # Also once the first message has gone out (nothing is held to fold into any more).
    deliver_all(frozen, after=HOLD)
    assert updates_tell_events(events=batch, now=NOW + HOLD) == 0
    assert list(Message.objects.values_list("pk", "subject", "body")) == before


def test_no_message_for_a_case_without_an_applicant_account(
    open_case: OpenCase, frozen: TimeMachineFixture, django_capture_on_commit_callbacks: Capture
) -> None:
    case = open_case(None)
    with django_capture_on_commit_callbacks(execute=True):
        _decided(case)
    assert not Message.objects.filter(case=case).exists()
    assert not CaseUpdate.objects.exists()


def test_an_applicant_without_email_gets_the_portal_message_only(
    django_user_model: type[User],
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(django_user_model.objects.create_user("noor"))
    with django_capture_on_commit_callbacks(execute=True):
        _decided(case)
    assert [m.channel for m in updates_of(case)] == [Channel.PORTAL]


def test_changes_that_are_no_news_to_the_applicant_send_nothing(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(anouk)  # its receipt and first stage lie in the past
    with django_capture_on_commit_callbacks(execute=True):
        _record(case, EventKind.STAGE_ENTERED, stage="decision")
        _record(case, EventKind.INFORMATION_REQUESTED)
        _record(case, EventKind.INFORMATION_RECEIVED, source=EventSource.CLIENT)
    # Only the request was news, and it is answered already: not worth a message any more.
    assert updates_of(case) == []


def _history(
    applicants: list[User], *, start: dt.datetime, prefix: str = "IMP"
) -> tuple[list[EventRow], list[CaseFacts]]:
    """Received on ``start``, extended a day later and granted the day after."""
    rows: list[EventRow] = []
    facts: list[CaseFacts] = []
    for number, applicant in enumerate(applicants, start=1):
        reference = f"{prefix}-{number:04d}"
        facts.append(
            CaseFacts(
                reference=reference,
                product="knowledge-migrant",
                applicant_username=applicant.username,
            )
        )
        rows += [
            EventRow(reference, "knowledge-migrant", EventKind.RECEIVED, start),
            EventRow(
                reference,
                "knowledge-migrant",
                EventKind.TERM_EXTENDED,
                start + dt.timedelta(days=1),
                days=30,
            ),
            EventRow(
                reference,
                "knowledge-migrant",
                EventKind.DECIDED,
                start + dt.timedelta(days=2),
                outcome=Outcome.GRANTED,
            ),
        ]
    return rows, facts


def _people(django_user_model: type[User], count: int) -> list[User]:
    return [
        django_user_model.objects.create_user(f"person{n}", email=f"person{n}@example.org")
        for n in range(count)
    ]


def test_a_bulk_import_of_old_history_sends_nothing(
    django_user_model: type[User],
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    rows, facts = _history(_people(django_user_model, 30), start=NOW - dt.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        result = case_services.events_import(rows=rows, facts=facts, source=EventSource.IMPORT)
    assert result.events_added == 90
    assert not Message.objects.exists()
    assert not CaseUpdate.objects.exists()

    # Old news costs no query at all.
    batch = [recorded(case, event) for case in Case.objects.all() for event in case.events.all()]
    with CaptureQueriesContext(connection) as queries:
        assert updates_tell_events(events=batch, now=NOW) == 0
    assert len(queries) == 0


def test_recent_imported_changes_are_told_in_a_bounded_number_of_reads(
    django_user_model: type[User], frozen: TimeMachineFixture
) -> None:
    # Two imports of changes made yesterday, of 2 cases and of 8: each case gets one message.
    users = _people(django_user_model, 10)
    counts = {}
    for prefix, group in (("A", users[:2]), ("B", users[2:])):
        rows, facts = _history(group, start=NOW - dt.timedelta(days=1, hours=3), prefix=prefix)
        case_services.events_import(rows=rows, facts=facts, source=EventSource.IMPORT)
        batch = [
            recorded(case, event)
            for case in Case.objects.filter(reference__startswith=prefix)
            for event in case.events.order_by("sequence")
        ]
        with CaptureQueriesContext(connection) as queries:
            assert updates_tell_events(events=batch, now=NOW) == len(group)
        counts[prefix] = len(queries)
    for user in users:
        (message,) = Message.objects.filter(recipient=user, channel=Channel.PORTAL)
        assert message.kind == MessageKind.CASE_UPDATES  # received, extended, granted: one
    # The reads do not grow with the batch; writing costs the same few queries per case.
    per_case = (counts["B"] - counts["A"]) / 6
    assert per_case <= 12
    assert counts["A"] - 2 * per_case <= 6


def test_events_from_the_simulator_or_an_import_of_today_are_news_too(
    anouk: User, open_case: OpenCase, frozen: TimeMachineFixture
) -> None:
    case = open_case(anouk)
    event = CaseEventRecorded(
        case_id=case.pk,
        reference=case.reference,
        sequence=99,
        kind=EventKind.DECIDED,
        outcome=Outcome.GRANTED,
        at=NOW - dt.timedelta(hours=47),
        source=EventSource.SIMULATION,
    )
    assert updates_tell_events(events=[event], now=NOW) == 1
    stale = dataclasses.replace(event, sequence=100, at=NOW - dt.timedelta(hours=49))
    assert updates_tell_events(events=[stale], now=NOW) == 0


def test_a_request_answered_while_its_message_is_held_is_not_sent(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """ "Send us this by then" must not arrive after the person sent it."""
    case = open_case(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        _record(case, EventKind.INFORMATION_REQUESTED, note="Een kopie van uw paspoort.")
    assert len(updates_of(case)) == 2  # held: portal and e-mail
    frozen.shift(dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        _record(
            case,
            EventKind.INFORMATION_RECEIVED,
            at=NOW + dt.timedelta(minutes=5),
            source=EventSource.CLIENT,
        )
    assert updates_of(case) == []
    assert deliver_all(frozen, after=HOLD) == 0
    assert len(mail.outbox) == 0


def test_other_news_in_the_held_message_still_goes_without_the_answered_request(
    anouk: User,
    open_case: OpenCase,
    frozen: TimeMachineFixture,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    case = open_case(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        _record(case, EventKind.TERM_EXTENDED, days=30)
    frozen.shift(dt.timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        _record(
            case,
            EventKind.INFORMATION_REQUESTED,
            at=NOW + dt.timedelta(minutes=2),
            note="Een kopie van uw paspoort.",
        )
    assert "paspoort" in portal(updates_of(case)).body
    frozen.shift(dt.timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        _record(
            case,
            EventKind.INFORMATION_RECEIVED,
            at=NOW + dt.timedelta(minutes=5),
            source=EventSource.CLIENT,
        )
    messages = updates_of(case)
    assert len(messages) == 2
    for message in messages:
        assert message.kind == MessageKind.TERM_EXTENDED
        assert "meer tijd nodig" in message.body
        assert "paspoort" not in message.body
    assert deliver_all(frozen, after=HOLD) == 2
