"""Held messages (``send_after``): nothing is sent, on any channel, until they are due; while
held they may be rewritten; one held message per hold key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError
from time_machine import TimeMachineFixture

from loket.cases.models import Case
from loket.kernel.actors import actor_for_user
from loket.notifications.models import Channel, Message, MessageKind, MessageStatus
from loket.notifications.policies import inbox_visible_to
from loket.notifications.services import (
    case_notice_enqueue,
    message_deliver_next,
    message_retry,
    messages_release_hold,
    messages_rewrite_held,
)
from loket.notifications.tests.helpers import InstallFakeEmail

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
HOLD = dt.timedelta(minutes=15)


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def _held(case: Case, *, key: str = "n1") -> list[Message]:
    return case_notice_enqueue(
        case=case,
        subject="First news",
        body="One thing happened.",
        language="nl",
        dedupe_key=key,
        kind=MessageKind.TERM_EXTENDED,
        send_after=NOW + HOLD,
        hold_key="updates:1:2026-12-03",
    )


def _deliver_due() -> list[Message]:
    delivered = []
    while (message := message_deliver_next()) is not None:
        delivered.append(message)
    return delivered


def test_a_held_message_is_sent_on_no_channel_until_it_is_due(
    amira: User, amira_case: Case, frozen: TimeMachineFixture, fake_email: InstallFakeEmail
) -> None:
    email = fake_email()
    messages = _held(amira_case)
    assert {m.channel for m in messages} == {Channel.PORTAL, Channel.EMAIL}
    assert all(m.status == MessageStatus.CREATED for m in messages)
    assert {m.hold_key for m in messages} == {
        "updates:1:2026-12-03:portal",
        "updates:1:2026-12-03:email",
    }
    assert not inbox_visible_to(actor_for_user(amira)).exists()
    assert _deliver_due() == []
    assert email.sent == []

    frozen.shift(HOLD)
    assert {m.status for m in _deliver_due()} == {MessageStatus.DELIVERED}
    assert len(email.sent) == 1
    (inbox,) = inbox_visible_to(actor_for_user(amira))
    assert inbox.subject == "First news"


def test_a_held_message_can_be_rewritten_until_the_outbox_takes_it(
    amira: User, amira_case: Case, frozen: TimeMachineFixture, fake_email: InstallFakeEmail
) -> None:
    fake_email()
    ids = [m.pk for m in _held(amira_case)]
    assert messages_rewrite_held(
        message_ids=ids, subject="Two things", body="Both.", kind=MessageKind.CASE_UPDATES
    )
    assert set(Message.objects.values_list("subject", "kind")) == {
        ("Two things", MessageKind.CASE_UPDATES)
    }
    frozen.shift(HOLD)
    portal = next(m for m in _deliver_due() if m.channel == Channel.PORTAL)
    assert portal.body == "Both."
    # Sent: all or nothing, so the caller writes a new message.
    assert not messages_rewrite_held(
        message_ids=ids, subject="Too late", body="-", kind=MessageKind.CASE_UPDATES
    )
    assert not Message.objects.filter(subject="Too late").exists()


def test_a_partly_sent_group_is_not_rewritten(
    amira: User, amira_case: Case, frozen: TimeMachineFixture, fake_email: InstallFakeEmail
) -> None:
    fake_email()
    messages = _held(amira_case)
    frozen.shift(HOLD)
    assert message_deliver_next() is not None  # one of the two went out
    assert not messages_rewrite_held(
        message_ids=[m.pk for m in messages], subject="New", body="-", kind=MessageKind.GENERIC
    )
    assert not Message.objects.filter(subject="New").exists()


def test_one_held_message_per_hold_key_until_it_is_released(
    amira: User, amira_case: Case, frozen: TimeMachineFixture, fake_email: InstallFakeEmail
) -> None:
    fake_email()
    first = _held(amira_case)
    with pytest.raises(IntegrityError):
        _held(amira_case, key="n2")
    messages_release_hold(message_ids=[m.pk for m in first])
    second = _held(amira_case, key="n2")
    assert len(Message.objects.filter(status=MessageStatus.CREATED)) == 4
    assert {m.hold_key for m in second} != {None}


def test_a_retried_message_leaves_its_hold_group(
    amira: User, amira_case: Case, frozen: TimeMachineFixture, fake_email: InstallFakeEmail
) -> None:
    fake_email(fail_times=10, permanent=True)
    messages = _held(amira_case)
    frozen.shift(HOLD)
    _deliver_due()
    email = Message.objects.get(pk=next(m.pk for m in messages if m.channel == Channel.EMAIL))
    assert email.status == MessageStatus.FAILED
    _held(amira_case, key="n2")  # the group's next message (the failed one held nothing)
    assert message_retry(message_id=email.pk)
    email.refresh_from_db()
    assert email.status == MessageStatus.CREATED
    assert email.hold_key is None
