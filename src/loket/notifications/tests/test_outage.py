"""A real SMTP server on localhost that is down for a day, or answers too slowly.

The clock is simulated (time-machine moves Django's clock; sockets and aiosmtpd's event loop
keep real time), the SMTP conversations are real.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.core.management import call_command
from django.utils import timezone
from pytest_django import Settings
from time_machine import TimeMachineFixture

from loket.notifications.delivery import UNCONFIRMED_RETRY_DELAY
from loket.notifications.models import Channel, FailureKind, Message, MessageStatus
from loket.notifications.services import message_deliver, message_enqueue, message_retry
from loket.notifications.tests.conftest import _use_smtp, free_port
from loket.notifications.tests.helpers import RecordingHandler

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
OUTAGE = timedelta(hours=24)
# 40 in CI; docs/reliability.md reports a run with the audit's 328.
MESSAGES = int(os.environ.get("LOKET_OUTAGE_MESSAGES", "40"))


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def queued(n: int) -> Message:
    return message_enqueue(
        channel=Channel.EMAIL,
        recipient_address=f"person{n}@example.org",
        subject=f"Message {n}",
        body="Body",
        language="en",
    )


def run_worker_until(frozen: TimeMachineFixture, until: datetime) -> int:
    """Run ``loket outbox`` at every moment something falls due, up to ``until``."""
    rounds = 0
    while True:
        due = (
            Message.objects.filter(status=MessageStatus.CREATED)
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        if due is None or due > until:
            return rounds
        frozen.move_to(max(due, timezone.now()), tick=False)
        call_command("outbox", stdout=io.StringIO())
        rounds += 1


def message_ids(handler: RecordingHandler) -> Counter[str]:
    return Counter(str(m["Message-ID"]) for m in handler.parsed())


def test_a_24_hour_smtp_outage_loses_nothing_and_doubles_nothing(
    frozen: TimeMachineFixture, settings: Settings
) -> None:
    port = free_port()
    _use_smtp(settings, port=port, timeout=2)  # nothing listens there: the server is down
    before, during = MESSAGES * 3 // 4, MESSAGES // 8
    messages = [queued(n) for n in range(before)]
    rounds = run_worker_until(frozen, NOW + timedelta(hours=5))
    # More mail comes in while the server is down.
    frozen.move_to(NOW + timedelta(hours=5), tick=False)
    messages += [queued(n) for n in range(before, before + during)]
    rounds += run_worker_until(frozen, NOW + timedelta(hours=20))
    frozen.move_to(NOW + timedelta(hours=20), tick=False)
    messages += [queued(n) for n in range(before + during, MESSAGES)]
    rounds += run_worker_until(frozen, NOW + OUTAGE)
    assert Message.objects.filter(status=MessageStatus.CREATED).count() == MESSAGES
    # The first ones were tried from the start: they waited out the whole day.
    assert Message.objects.filter(first_attempt_at=NOW).count() == before
    assert set(Message.objects.values_list("failure", flat=True)) == {FailureKind.TRANSIENT}

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        run_worker_until(frozen, NOW + OUTAGE + timedelta(hours=2))
    finally:
        controller.stop()

    statuses = Counter(Message.objects.values_list("status", flat=True))
    attempts = sum(Message.objects.values_list("attempts", flat=True))
    assert statuses == {MessageStatus.DELIVERED: MESSAGES}
    # Every message arrived, each exactly once.
    assert message_ids(handler) == Counter(
        {f"<loket-message-{m.pk}@loket.example>": 1 for m in messages}
    )
    # Within the hour after the server came back (the backoff's cap).
    last_sent = max(at for at in Message.objects.values_list("sent_at", flat=True) if at)
    assert last_sent <= NOW + OUTAGE + timedelta(hours=1)
    print(
        f"SMTP down 24 h: {MESSAGES} messages, {MESSAGES - statuses[MessageStatus.DELIVERED]} "
        f"lost, {sum(message_ids(handler).values()) - MESSAGES} duplicates; worker rounds while "
        f"down {rounds}, attempts {attempts}; last delivered {last_sent - NOW - OUTAGE} after the server came back"
    )


class SlowAckHandler(RecordingHandler):
    """Takes the message, then answers DATA only after ``delay`` seconds, ``slow`` times."""

    def __init__(self, *, delay: float, slow: int) -> None:
        super().__init__()
        self.delay = delay
        self.slow = slow

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.envelopes.append(envelope)
        if len(self.envelopes) <= self.slow:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


@pytest.fixture
def slow_server(settings: Settings) -> Iterator[SlowAckHandler]:
    handler = SlowAckHandler(delay=3, slow=99)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    _use_smtp(settings, port=controller.port, timeout=1)
    try:
        yield handler
    finally:
        controller.stop()


def test_a_server_that_acknowledges_too_slowly_gets_at_most_two_copies(
    frozen: TimeMachineFixture, slow_server: SlowAckHandler
) -> None:
    message = message_deliver(message_id=queued(1).pk)

    assert message.status == MessageStatus.CREATED
    assert message.failure == FailureKind.UNCONFIRMED
    # Not again at once: the one retry waits half an hour.
    assert message.next_attempt_at == NOW + UNCONFIRMED_RETRY_DELAY

    run_worker_until(frozen, NOW + timedelta(days=4))

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.failure == FailureKind.UNCONFIRMED
    assert message.unconfirmed_attempts == 2
    assert "may have the message" in message.last_error
    # Two copies at most, both with the same Message-ID for the receiver to drop one.
    assert message_ids(slow_server) == {f"<loket-message-{message.pk}@loket.example>": 2}


def test_after_one_slow_acknowledgement_the_retry_is_confirmed_and_delivered(
    frozen: TimeMachineFixture, slow_server: SlowAckHandler
) -> None:
    slow_server.slow = 1
    message = message_deliver(message_id=queued(1).pk)
    run_worker_until(frozen, NOW + timedelta(days=4))

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.sent_at == NOW + UNCONFIRMED_RETRY_DELAY
    assert message_ids(slow_server) == {f"<loket-message-{message.pk}@loket.example>": 2}


def test_staff_may_send_an_unconfirmed_dead_letter_again(
    frozen: TimeMachineFixture, slow_server: SlowAckHandler
) -> None:
    slow_server.slow = 2
    message = message_deliver(message_id=queued(1).pk)
    run_worker_until(frozen, NOW + timedelta(days=4))
    assert Message.objects.get(pk=message.pk).status == MessageStatus.FAILED

    assert message_retry(message_id=message.pk)
    run_worker_until(frozen, NOW + timedelta(days=5))

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.failure == FailureKind.NONE
    assert len(slow_server.envelopes) == 3
