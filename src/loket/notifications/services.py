"""State changes of the outbox. Everything that changes a ``Message`` goes through here.

Delivery is at-least-once with guards: a row is claimed with a conditional UPDATE before
it is sent, so two workers never send the same row at the same time, and a row stuck in
``sending`` (a worker died mid-send) is only reclaimed after a lease has run out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from loket.notifications.models import (
    DEFAULT_MAX_ATTEMPTS,
    SUBJECT_MAX_LENGTH,
    Channel,
    LanguagePreference,
    Message,
    MessageKind,
    MessageStatus,
)
from loket.notifications.transports import TransportError, transport_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from loket.cases.models import Case

logger = logging.getLogger(__name__)

# Backoff after a failed attempt: 1, 2, 4, 8 ... minutes, never more than an hour.
RETRY_BASE_DELAY = timedelta(minutes=1)
RETRY_MAX_DELAY = timedelta(hours=1)
# Far longer than an SMTP timeout: a row in "sending" this long belongs to a dead worker.
SENDING_LEASE = timedelta(minutes=15)


class NotificationError(ValueError):
    """A message cannot be created as asked (wrong channel, missing address, ...)."""


def retry_delay(*, attempts: int) -> timedelta:
    # The exponent is capped so a large attempt count cannot overflow timedelta.
    return min(RETRY_BASE_DELAY * (1 << min(max(attempts - 1, 0), 16)), RETRY_MAX_DELAY)


def due_filter(*, now: datetime) -> Q:
    """Rows a worker may claim: new or retry-due, or stuck in sending past the lease."""
    return Q(status=MessageStatus.CREATED, next_attempt_at__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
    )


def message_enqueue(
    *,
    channel: Channel | str,
    subject: str,
    body: str,
    language: str,
    kind: MessageKind | str = MessageKind.GENERIC,
    recipient: AbstractBaseUser | None = None,
    recipient_address: str = "",
    case: Case | None = None,
    dedupe_key: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    send_after: datetime | None = None,
    hold_key: str | None = None,
) -> Message:
    """Write a message to the outbox; it is sent only after the current transaction commits.

    Portal messages are delivered on the spot (the row is the inbox). Email goes out
    through the ``deliver_message`` task once the transaction has committed, so a
    rollback leaves nothing sent. With a ``dedupe_key`` that exists already, the existing
    message is returned and nothing new is scheduled.

    With ``send_after`` in the future the message is held: on every channel it stays
    ``created`` until then, and the outbox worker (or a deferred task) sends it when it is
    due. While held it may be rewritten (``messages_rewrite_held``); ``hold_key`` names it
    for that, and only one held message may carry a hold key at a time.
    """
    channel = Channel(channel)
    kind = MessageKind(kind)
    dedupe_key = dedupe_key or None  # "" would otherwise be one key shared by everything
    _validate(
        channel=channel,
        subject=subject,
        language=language,
        recipient=recipient,
        recipient_address=recipient_address,
        max_attempts=max_attempts,
    )
    if channel == Channel.EMAIL and not recipient_address and recipient is not None:
        recipient_address = getattr(recipient, "email", "") or ""
        if not recipient_address:
            raise NotificationError("The recipient has no email address.")

    if dedupe_key is not None:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing

    now = timezone.now()
    held = send_after is not None and send_after > now
    message = Message(
        channel=channel,
        kind=kind,
        recipient_id=recipient.pk if recipient is not None else None,
        recipient_address=recipient_address if channel == Channel.EMAIL else "",
        language=language,
        subject=subject,
        body=body,
        case=case,
        dedupe_key=dedupe_key,
        max_attempts=max_attempts,
        next_attempt_at=send_after if held and send_after is not None else now,
        hold_key=hold_key or None,
    )
    try:
        # A savepoint, so losing a dedupe race does not break the caller's transaction.
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Another transaction stored the same notice between our check and our insert.
        winner = Message.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if winner is None:
            raise
        return winner

    transport = transport_for(channel)
    if held:
        _schedule_delivery(message_id=message.pk, run_after=message.next_attempt_at)
    elif transport.delivers_in_transaction:
        transport.send(message)
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.DELIVERED, attempts=1, sent_at=now, next_attempt_at=None
        )
        message.refresh_from_db()
    else:
        _schedule_delivery(message_id=message.pk)
    return message


def case_notice_enqueue(
    *,
    case: Case,
    subject: str,
    body: str,
    language: str,
    dedupe_key: str,
    kind: MessageKind | str = MessageKind.GENERIC,
    channels: Sequence[Channel] = (Channel.PORTAL, Channel.EMAIL),
    send_after: datetime | None = None,
    hold_key: str | None = None,
) -> list[Message]:
    """Tell a case's applicant something, in their portal inbox and by email.

    ``dedupe_key`` names the notice (for example ``f"delay_notice:{case.pk}"``); each
    channel gets its own key derived from it, so each channel sends it at most once.
    Channels the applicant cannot be reached on (no account, no email) are skipped.
    ``send_after`` and ``hold_key`` hold the messages (see ``message_enqueue``); each
    channel's hold key is ``f"{hold_key}:{channel}"``.
    """
    applicant = case.applicant
    if applicant is None:
        return []
    messages = []
    for channel in channels:
        if channel == Channel.EMAIL and not applicant.email:
            continue
        messages.append(
            message_enqueue(
                channel=channel,
                recipient=applicant,
                subject=subject,
                body=body,
                language=language,
                kind=kind,
                case=case,
                dedupe_key=f"{dedupe_key}:{channel.value}",
                send_after=send_after,
                hold_key=f"{hold_key}:{channel.value}" if hold_key else None,
            )
        )
    return messages


def messages_rewrite_held(
    *,
    message_ids: Sequence[int],
    subject: str,
    body: str,
    kind: MessageKind | str,
) -> bool:
    """Rewrite held messages (created with ``send_after``, not tried yet): all or none.

    Returns False, changing nothing, when any of them is no longer held: a worker has
    claimed it (or sent it) meanwhile, so the caller must write a new message instead. The
    conditional UPDATE is what makes this safe beside a worker: its claim is an UPDATE too,
    and on PostgreSQL the second of the two waits for the first and re-reads the row.
    """
    kind = MessageKind(kind)
    if not subject.strip() or "\n" in subject or len(subject) > SUBJECT_MAX_LENGTH:
        raise NotificationError("A subject is one line of text, not too long.")
    ids = list(dict.fromkeys(message_ids))
    if not ids:
        return False
    with transaction.atomic():
        updated = Message.objects.filter(
            pk__in=ids, status=MessageStatus.CREATED, attempts=0, hold_key__isnull=False
        ).update(subject=subject, body=body, kind=kind)
        if updated != len(ids):
            transaction.set_rollback(True)
            return False
    return True


def messages_release_hold(*, message_ids: Sequence[int]) -> int:
    """Take held messages out of their hold group: they are sent as they are when due, and
    news that comes later goes into a new message."""
    return Message.objects.filter(pk__in=list(message_ids)).update(hold_key=None)


def message_deliver(*, message_id: int) -> Message:
    """Claim one message and send it. Idempotent: a message that is not due is left alone.

    Returns the message as it stands afterwards: delivered, failed, or created again with
    ``next_attempt_at`` set for the retry. Raises ``Message.DoesNotExist`` if it is gone.
    """
    now = timezone.now()
    claimed = Message.objects.filter(due_filter(now=now), pk=message_id).update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
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
        claimed = Message.objects.filter(due_filter(now=now), pk=message_id).update(
            status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    return _send_claimed(Message.objects.get(pk=message_id))


def message_retry(*, message_id: int) -> bool:
    """Give a failed message a fresh set of attempts (the admin's "retry"). False if not failed."""
    now = timezone.now()
    # A retried message leaves its hold group: it goes out as it is, and a message that is
    # held now for the same group keeps the group to itself.
    updated = Message.objects.filter(pk=message_id, status=MessageStatus.FAILED).update(
        status=MessageStatus.CREATED,
        attempts=0,
        next_attempt_at=now,
        claimed_at=None,
        hold_key=None,
    )
    if updated:
        _schedule_delivery(message_id=message_id)
    return bool(updated)


def message_mark_read(*, message_id: int, user: AbstractBaseUser) -> Message:
    """Mark a portal message read by its recipient. Raises ``Message.DoesNotExist`` for others."""
    message = Message.objects.get(pk=message_id, recipient_id=user.pk, channel=Channel.PORTAL)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def messages_mark_read(*, message_ids: Sequence[int], user_id: int) -> int:
    """Mark the recipient's own unread portal messages among ``message_ids`` read (others'
    messages are ignored, not raised on: the inbox passes only what it showed)."""
    return Message.objects.filter(
        pk__in=list(message_ids),
        recipient_id=user_id,
        channel=Channel.PORTAL,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def _send_claimed(message: Message) -> Message:
    if message.attempts > message.max_attempts:
        # Only a reclaimed row gets here: its last attempt died with the worker.
        return _mark_failed(message, error=message.last_error or "Worker lost while sending.")
    try:
        transport_for(message.channel).send(message)
    except TransportError as error:
        if error.permanent or message.attempts >= message.max_attempts:
            return _mark_failed(message, error=error.message)
        return _schedule_retry(message, error=error.message)
    except Exception as error:
        # A bug or an unexpected library error still ends in a bounded retry, not a loop.
        logger.exception("Unexpected error sending message %s", message.pk)
        text = f"{type(error).__name__}: {error}"
        if message.attempts >= message.max_attempts:
            return _mark_failed(message, error=text)
        return _schedule_retry(message, error=text)
    now = timezone.now()
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.DELIVERED, sent_at=now, next_attempt_at=None, last_error=""
    )
    message.refresh_from_db()
    return message


def _schedule_retry(message: Message, *, error: str) -> Message:
    next_attempt_at = timezone.now() + retry_delay(attempts=message.attempts)
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.CREATED, next_attempt_at=next_attempt_at, last_error=error
    )
    logger.warning("Message %s attempt %s failed: %s", message.pk, message.attempts, error)
    message.refresh_from_db()
    return message


def _mark_failed(message: Message, *, error: str) -> Message:
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.FAILED, next_attempt_at=None, last_error=error
    )
    logger.error("Message %s failed after %s attempts: %s", message.pk, message.attempts, error)
    message.refresh_from_db()
    return message


def _schedule_delivery(*, message_id: int, run_after: datetime | None = None) -> None:
    # Imported here: tasks imports this module.
    from loket.notifications.tasks import deliver_message

    if run_after is not None:
        # A held message: a queue that can defer runs it when it is due; otherwise the
        # outbox worker finds it in the table then.
        if not deliver_message.get_backend().supports_defer:
            return
        deferred = deliver_message.using(run_after=run_after)
        transaction.on_commit(lambda: deferred.enqueue(message_id), robust=True)
        return
    # robust: if the task queue is unavailable the commit still stands; the outbox
    # worker picks the message up from the table.
    transaction.on_commit(lambda: deliver_message.enqueue(message_id), robust=True)


def _validate(
    *,
    channel: Channel,
    subject: str,
    language: str,
    recipient: AbstractBaseUser | None,
    recipient_address: str,
    max_attempts: int,
) -> None:
    _check_language(language)
    if not subject.strip():
        raise NotificationError("A message needs a subject.")
    if "\n" in subject or "\r" in subject:
        raise NotificationError("A subject is one line.")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise NotificationError("The subject is too long.")
    if max_attempts < 1:
        raise NotificationError("max_attempts must be at least 1.")
    if channel == Channel.PORTAL and recipient is None:
        raise NotificationError("A portal message needs a recipient account.")
    if channel == Channel.EMAIL and not recipient_address and recipient is None:
        raise NotificationError("An email needs a recipient address or account.")


def _check_language(language: str) -> None:
    languages = {code for code, _ in settings.LANGUAGES}
    if language not in languages:
        raise NotificationError(f"Language {language!r} is not one of {sorted(languages)}.")


def language_preference_set(*, user: AbstractBaseUser, language: str) -> LanguagePreference:
    """Remember the language ``user`` wants us to write to them in."""
    _check_language(language)
    preference, _ = LanguagePreference.objects.update_or_create(
        user_id=user.pk, defaults={"language": language}
    )
    return preference
