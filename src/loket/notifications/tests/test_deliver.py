from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from time_machine import TimeMachineFixture

from loket.notifications.models import Channel, FailureKind, Message, MessageStatus
from loket.notifications.services import (
    SENDING_LEASE,
    message_deliver,
    message_deliver_next,
    message_enqueue,
    message_retry,
    retry_delay,
)
from loket.notifications.tasks import deliver_message
from loket.notifications.tests.helpers import InstallFakeEmail

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def queued(max_attempts: int = 3) -> Message:
    # Outside django_capture_on_commit_callbacks the on-commit task never runs, so the
    # message waits in the outbox as it would for a worker.
    return message_enqueue(
        channel=Channel.EMAIL,
        recipient_address="amira@example.org",
        subject="Subject",
        body="Body",
        language="en",
        max_attempts=max_attempts,
    )


def test_a_delivered_message_records_when_it_was_sent(fake_email: InstallFakeEmail) -> None:
    fake = fake_email()
    message = message_deliver(message_id=queued().pk)

    assert message.status == MessageStatus.DELIVERED
    assert message.sent_at == NOW
    assert message.attempts == 1
    assert fake.sent == [message.pk]


def test_delivering_twice_sends_once(fake_email: InstallFakeEmail) -> None:
    fake = fake_email()
    message = queued()
    message_deliver(message_id=message.pk)
    again = message_deliver(message_id=message.pk)

    assert again.status == MessageStatus.DELIVERED
    assert fake.sent == [message.pk]


def test_a_message_claimed_by_another_worker_is_left_alone(fake_email: InstallFakeEmail) -> None:
    fake = fake_email()
    message = queued()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING, claimed_at=NOW)

    result = message_deliver(message_id=message.pk)

    assert result.status == MessageStatus.SENDING
    assert fake.calls == 0


def test_a_transient_error_schedules_a_retry_with_backoff(fake_email: InstallFakeEmail) -> None:
    fake_email(fail_times=1)
    message = message_deliver(message_id=queued().pk)

    assert message.status == MessageStatus.CREATED
    assert message.attempts == 1
    assert message.last_error == "mail server said no"
    assert message.next_attempt_at == NOW + retry_delay(attempts=1)


def test_a_retry_is_not_sent_before_it_is_due(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email(fail_times=1)
    message = message_deliver(message_id=queued().pk)

    assert message_deliver(message_id=message.pk).status == MessageStatus.CREATED
    assert fake.calls == 1

    frozen.move_to(message.next_attempt_at, tick=False)
    assert message_deliver(message_id=message.pk).status == MessageStatus.DELIVERED
    assert fake.calls == 2


def test_transport_failures_are_retried_for_three_days_then_end_in_failed(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email(fail_times=10_000)
    message = queued(max_attempts=3)  # a bound for bugs, not for a mail server that is down
    while message.status == MessageStatus.CREATED:
        assert message.next_attempt_at is not None
        frozen.move_to(message.next_attempt_at, tick=False)
        message = message_deliver(message_id=message.pk)

    assert message.status == MessageStatus.FAILED
    assert message.failure == FailureKind.TRANSIENT
    assert message.first_attempt_at == NOW
    # Tried until 72 hours after the first attempt, at most an hour apart.
    assert NOW + timedelta(hours=72) <= timezone.now() < NOW + timedelta(hours=73)
    assert 72 < fake.calls < 80
    assert message.last_error.startswith("Gave up after 72 hours of retries.")
    assert message.next_attempt_at is None


def test_the_horizon_is_a_setting(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture, settings: Settings
) -> None:
    settings.LOKET_OUTBOX_GIVE_UP_HOURS = 2
    fake_email(fail_times=10_000)
    message = queued()
    while message.status == MessageStatus.CREATED:
        assert message.next_attempt_at is not None
        frozen.move_to(message.next_attempt_at, tick=False)
        message = message_deliver(message_id=message.pk)

    assert message.status == MessageStatus.FAILED
    assert NOW + timedelta(hours=2) <= timezone.now() < NOW + timedelta(hours=3)


def test_unexpected_errors_are_bounded_by_max_attempts(
    monkeypatch: pytest.MonkeyPatch, fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email()

    def explode(message: Message) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(fake, "send", explode)
    message = queued(max_attempts=3)
    for _ in range(5):
        message = message_deliver(message_id=message.pk)
        if message.next_attempt_at:
            frozen.move_to(message.next_attempt_at, tick=False)

    assert message.status == MessageStatus.FAILED
    assert message.failure == FailureKind.ERROR
    assert message.attempts == 3


def test_a_delivery_wakes_the_messages_waiting_for_the_mail_server(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email(fail_times=1)
    waiting = message_deliver(message_id=queued().pk)
    assert waiting.status == MessageStatus.CREATED
    frozen.move_to(NOW + timedelta(seconds=10), tick=False)
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at > timezone.now()

    assert message_deliver(message_id=queued().pk).status == MessageStatus.DELIVERED

    waiting.refresh_from_db()
    assert waiting.next_attempt_at == timezone.now()
    assert message_deliver_next() is not None
    assert fake.sent[-1] == waiting.pk


def test_a_permanent_error_fails_at_once(fake_email: InstallFakeEmail) -> None:
    fake_email(fail_times=1, permanent=True)
    message = message_deliver(message_id=queued().pk)

    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1


def test_an_unexpected_exception_is_retried_too(
    monkeypatch: pytest.MonkeyPatch, fake_email: InstallFakeEmail
) -> None:
    fake = fake_email()

    def explode(message: Message) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(fake, "send", explode)
    message = message_deliver(message_id=queued().pk)

    assert message.status == MessageStatus.CREATED
    assert message.last_error == "RuntimeError: bug"


def test_backoff_doubles_and_is_capped() -> None:
    assert [retry_delay(attempts=n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert retry_delay(attempts=500) == timedelta(hours=1)


def test_a_message_stuck_in_sending_is_reclaimed_after_the_lease(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email()
    message = queued()
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=NOW, attempts=1
    )

    assert message_deliver_next() is None
    frozen.move_to(NOW + SENDING_LEASE + timedelta(seconds=1), tick=False)
    reclaimed = message_deliver_next()

    assert reclaimed is not None
    assert reclaimed.status == MessageStatus.DELIVERED
    assert reclaimed.attempts == 2
    assert fake.sent == [message.pk]


def test_a_reclaimed_message_after_an_unconfirmed_send_fails_without_sending(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email()
    message = queued()
    # One send already went unconfirmed; the worker of the one retry then died mid-send.
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=NOW, attempts=2, unconfirmed_attempts=1
    )
    frozen.move_to(NOW + SENDING_LEASE + timedelta(seconds=1), tick=False)

    failed = message_deliver(message_id=message.pk)

    assert failed.status == MessageStatus.FAILED
    assert failed.failure == FailureKind.UNCONFIRMED
    assert failed.unconfirmed_attempts == 2
    assert fake.calls == 0


def test_a_worker_that_lost_its_claim_does_not_overwrite_the_new_owner(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_email()
    message = queued()

    def slow_send(sending: Message) -> None:
        # While this worker hangs, the lease runs out and another worker takes the row.
        frozen.move_to(NOW + SENDING_LEASE + timedelta(seconds=1), tick=False)
        Message.objects.filter(pk=sending.pk).update(claimed_at=timezone.now())

    monkeypatch.setattr(fake, "send", slow_send)
    result = message_deliver(message_id=message.pk)

    assert result.status == MessageStatus.SENDING  # still the other worker's


def test_deliver_next_takes_the_oldest_due_message_first(
    fake_email: InstallFakeEmail, frozen: TimeMachineFixture
) -> None:
    fake = fake_email()
    first = queued()
    frozen.move_to(NOW + timedelta(seconds=1), tick=False)
    second = queued()

    delivered = [message_deliver_next(), message_deliver_next()]
    assert [m.pk if m else None for m in delivered] == [first.pk, second.pk]
    assert message_deliver_next() is None
    assert fake.sent == [first.pk, second.pk]


def test_retry_gives_a_failed_message_a_fresh_set_of_attempts(
    fake_email: InstallFakeEmail,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    fake = fake_email(fail_times=1, permanent=True)
    message = message_deliver(message_id=queued().pk)
    assert message.status == MessageStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        assert message_retry(message_id=message.pk) is True

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.attempts == 1
    assert fake.sent == [message.pk]


def test_retry_leaves_a_delivered_message_alone(fake_email: InstallFakeEmail) -> None:
    fake_email()
    message = message_deliver(message_id=queued().pk)
    assert message_retry(message_id=message.pk) is False


def test_the_task_takes_an_id_and_reports_the_status(fake_email: InstallFakeEmail) -> None:
    fake_email()
    result = deliver_message.enqueue(queued().pk)
    assert result.return_value == "delivered"


def test_the_task_for_a_deleted_message_does_nothing(fake_email: InstallFakeEmail) -> None:
    message = queued()
    message.delete()
    assert deliver_message.enqueue(message.pk).return_value == "missing"
