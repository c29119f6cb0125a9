"""Sending what is in the outbox: claim a row, send it, decide what happens next.

Nothing is lost and nothing is doubled beyond a stated bound:

- A row is claimed with a conditional UPDATE (created and due -> sending) before it is sent,
  so two workers never send the same row at the same time. The claim's time is its token:
  a worker finishes only a row it still holds.
- The transport was down (connection refused, timeout before DATA, a 4xx answer): the
  server does not have the message. It is retried with backoff (1, 2, 4 ... minutes, at
  most an hour apart) until ``LOKET_OUTBOX_GIVE_UP_HOURS`` (72) after its first attempt, so
  an outage of a day loses nothing. The first message that goes through again wakes the
  others waiting for the same reason.
- The server refused it for good (5xx): a dead letter at once.
- The outcome is unknown (the answer to DATA never came, or the worker died mid-send): the
  server may have it. SMTP cannot tell, so delivery is at least once; it is bounded here:
  one more try, half an hour later, with the same Message-ID (so a receiver can drop the
  copy), and after a second unconfirmed send a dead letter: at most two copies.
- A bug (any other exception) is retried ``max_attempts`` times, then a dead letter.

Dead letters are ``failed`` rows; staff see them (``web.staff`` undelivered messages) and
may send one again (``services.message_retry``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from loket.notifications.models import Channel, FailureKind, Message, MessageStatus
from loket.notifications.transports import TransportError, transport_for

logger = logging.getLogger(__name__)

# Backoff after a failed attempt: 1, 2, 4, 8 ... minutes, never more than an hour.
RETRY_BASE_DELAY = timedelta(minutes=1)
RETRY_MAX_DELAY = timedelta(hours=1)
# Transport failures are retried this long after the first attempt (override with the
# setting LOKET_OUTBOX_GIVE_UP_HOURS).
DEFAULT_GIVE_UP_AFTER = timedelta(days=3)
# Far longer than an SMTP timeout: a row in "sending" this long belongs to a dead worker.
SENDING_LEASE = timedelta(minutes=15)
# After a send whose outcome is unknown, wait before the one retry: a slow server has time
# to recover, and a receiver that got the first copy has it well before the second.
UNCONFIRMED_RETRY_DELAY = timedelta(minutes=30)
# Sends whose outcome is unknown, at most: so a slowly acknowledging server gets two copies.
MAX_UNCONFIRMED_SENDS = 2


def give_up_after() -> timedelta:
    hours = getattr(settings, "LOKET_OUTBOX_GIVE_UP_HOURS", None)
    return timedelta(hours=float(hours)) if hours else DEFAULT_GIVE_UP_AFTER


def retry_delay(*, attempts: int) -> timedelta:
    # The exponent is capped so a large attempt count cannot overflow timedelta.
    return min(RETRY_BASE_DELAY * (1 << min(max(attempts - 1, 0), 16)), RETRY_MAX_DELAY)


def due_filter(*, now: datetime) -> Q:
    """Rows a worker may claim: new or retry-due, or stuck in sending past the lease."""
    return Q(status=MessageStatus.CREATED, next_attempt_at__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
    )


def _claim(*, message_id: int, now: datetime) -> bool:
    claimed = Message.objects.filter(
        pk=message_id, status=MessageStatus.CREATED, next_attempt_at__lte=now
    ).update(
        status=MessageStatus.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        first_attempt_at=Coalesce(F("first_attempt_at"), Value(now, DateTimeField())),
    )
    if claimed:
        return True
    # A worker died holding this row. Whether its send went out is unknown: count it so.
    return bool(
        Message.objects.filter(
            pk=message_id, status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
        ).update(
            claimed_at=now,
            attempts=F("attempts") + 1,
            unconfirmed_attempts=F("unconfirmed_attempts") + 1,
            failure=FailureKind.UNCONFIRMED,
            last_error="The worker sending it stopped before the mail server answered.",
        )
    )


def message_deliver(*, message_id: int) -> Message:
    """Claim one message and send it. Idempotent: a message that is not due is left alone.

    Returns the message as it stands afterwards: delivered, failed, or created again with
    ``next_attempt_at`` set for the retry. Raises ``Message.DoesNotExist`` if it is gone.
    """
    claimed = _claim(message_id=message_id, now=timezone.now())
    message = Message.objects.get(pk=message_id)
    if not claimed:
        return message
    return _send_claimed(message)


def message_deliver_next() -> Message | None:
    """Claim the oldest due message and send it; ``None`` when nothing is due.

    Safe beside other workers: on PostgreSQL, ``SKIP LOCKED`` lets each worker pick a
    different row without waiting; the conditional UPDATE is what guarantees a single
    owner on every database.
    """
    now = timezone.now()
    with transaction.atomic():
        candidates = (
            Message.objects.filter(due_filter(now=now))
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:1]
        )
        message_id = next(iter(candidates), None)
        if message_id is None:
            return None
        claimed = _claim(message_id=message_id, now=now)
    if not claimed:
        return None
    return _send_claimed(Message.objects.get(pk=message_id))


def _send_claimed(message: Message) -> Message:
    if message.unconfirmed_attempts >= MAX_UNCONFIRMED_SENDS:
        # Only a reclaimed row gets here: its lost send may have arrived, as may an earlier.
        return _dead(message, failure=FailureKind.UNCONFIRMED, error=_unconfirmed_text(message))
    try:
        transport_for(message.channel).send(message)
    except TransportError as error:
        return _after_transport_error(message, error)
    except Exception as error:
        # A bug or an unexpected library error still ends in a bounded retry, not a loop.
        logger.exception("Unexpected error sending message %s", message.pk)
        text = f"{type(error).__name__}: {error}"
        if message.attempts >= message.max_attempts:
            return _dead(message, failure=FailureKind.ERROR, error=text)
        return _retry(message, failure=FailureKind.ERROR, error=text, delay=None)
    now = timezone.now()
    _finish(
        message,
        status=MessageStatus.DELIVERED,
        sent_at=now,
        next_attempt_at=None,
        last_error="",
        failure=FailureKind.NONE,
    )
    if message.channel == Channel.EMAIL:
        _wake_waiting_for_transport(now=now)
    return message


def _after_transport_error(message: Message, error: TransportError) -> Message:
    if error.permanent:
        return _dead(message, failure=FailureKind.REFUSED, error=error.message)
    if error.uncertain:
        unconfirmed = message.unconfirmed_attempts + 1
        Message.objects.filter(pk=message.pk).update(unconfirmed_attempts=unconfirmed)
        message.unconfirmed_attempts = unconfirmed
        if unconfirmed >= MAX_UNCONFIRMED_SENDS:
            text = f"{_unconfirmed_text(message)} Last: {error.message}"
            return _dead(message, failure=FailureKind.UNCONFIRMED, error=text)
        delay = max(UNCONFIRMED_RETRY_DELAY, retry_delay(attempts=message.attempts))
        return _retry(message, failure=FailureKind.UNCONFIRMED, error=error.message, delay=delay)
    first = message.first_attempt_at or message.claimed_at or timezone.now()
    horizon = give_up_after()
    if timezone.now() >= first + horizon:
        text = f"Gave up after {_hours(horizon)} of retries. Last: {error.message}"
        return _dead(message, failure=FailureKind.TRANSIENT, error=text)
    return _retry(message, failure=FailureKind.TRANSIENT, error=error.message, delay=None)


def _unconfirmed_text(message: Message) -> str:
    return (
        f"The mail server did not confirm {message.unconfirmed_attempts} sends; it may have "
        "the message (same Message-ID), so it is not sent again without a person's say."
    )


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:g} hours"


def _retry(
    message: Message, *, failure: FailureKind, error: str, delay: timedelta | None
) -> Message:
    wait = delay if delay is not None else retry_delay(attempts=message.attempts)
    _finish(
        message,
        status=MessageStatus.CREATED,
        next_attempt_at=timezone.now() + wait,
        last_error=error,
        failure=failure,
    )
    logger.warning("Message %s attempt %s failed: %s", message.pk, message.attempts, error)
    return message


def _dead(message: Message, *, failure: FailureKind, error: str) -> Message:
    _finish(
        message,
        status=MessageStatus.FAILED,
        next_attempt_at=None,
        last_error=error,
        failure=failure,
    )
    logger.error("Message %s failed after %s attempts: %s", message.pk, message.attempts, error)
    return message


def _finish(message: Message, **changes: object) -> None:
    """Write the attempt's outcome, if this worker still holds the claim."""
    held = Message.objects.filter(
        pk=message.pk, status=MessageStatus.SENDING, claimed_at=message.claimed_at
    ).update(**changes)
    if not held:
        logger.warning("Message %s was reclaimed by another worker meanwhile", message.pk)
    message.refresh_from_db()


def _wake_waiting_for_transport(*, now: datetime) -> None:
    """The mail server answers again: what waits only because it was down goes now."""
    Message.objects.filter(
        status=MessageStatus.CREATED,
        channel=Channel.EMAIL,
        failure=FailureKind.TRANSIENT,
        next_attempt_at__gt=now,
    ).update(next_attempt_at=now)
