"""State changes of the outbox. Everything that changes a ``Message`` goes through here.

Sending (claim, send, retry, dead letters) is in ``loket.notifications.delivery``, re-exported
here so callers import every outbox change from one place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.notifications.delivery import (
    SENDING_LEASE,
    due_filter,
    give_up_after,
    message_deliver,
    message_deliver_next,
    retry_delay,
)
from loket.notifications.models import (
    DEFAULT_MAX_ATTEMPTS,
    SUBJECT_MAX_LENGTH,
    Channel,
    FailureKind,
    LanguagePreference,
    Message,
    MessageKind,
    MessageStatus,
)
from loket.notifications.transports import transport_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from loket.cases.models import Case

logger = logging.getLogger(__name__)

__all__ = [
    "SENDING_LEASE",
    "NotificationError",
    "case_notice_enqueue",
    "due_filter",
    "give_up_after",
    "language_preference_set",
    "message_deliver",
    "message_deliver_next",
    "message_enqueue",
    "message_mark_read",
    "message_retry",
    "messages_mark_read",
    "messages_release_hold",
    "messages_rewrite_held",
    "retry_delay",
]


class NotificationError(ValueError):
    """A message cannot be created as asked (wrong channel, missing address, ...)."""


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


def messages_drop_held(*, message_ids: Sequence[int]) -> bool:
    """Delete held messages that have become untrue before they were sent: all or none.

    Returns False, deleting nothing, when any of them is no longer held (a worker has
    claimed or sent it): what went out stays on record."""
    ids = list(dict.fromkeys(message_ids))
    if not ids:
        return False
    with transaction.atomic():
        deleted, _ = Message.objects.filter(
            pk__in=ids, status=MessageStatus.CREATED, attempts=0, hold_key__isnull=False
        ).delete()
        if deleted != len(ids):
            transaction.set_rollback(True)
            return False
    return True


def messages_release_hold(*, message_ids: Sequence[int]) -> int:
    """Take held messages out of their hold group: they are sent as they are when due, and
    news that comes later goes into a new message."""
    return Message.objects.filter(pk__in=list(message_ids)).update(hold_key=None)


def message_retry(*, message_id: int) -> bool:
    """Send a dead letter (a failed message) again with a fresh set of attempts: the admin's
    "retry" and the staff's "send again". False if it is not failed.

    A person decides this, so an earlier unconfirmed send no longer holds it back: the
    Message-ID stays the same, so a receiver that has it can drop the copy.
    """
    now = timezone.now()
    # A retried message leaves its hold group: it goes out as it is, and a message that is
    # held now for the same group keeps the group to itself.
    updated = Message.objects.filter(pk=message_id, status=MessageStatus.FAILED).update(
        status=MessageStatus.CREATED,
        attempts=0,
        next_attempt_at=now,
        claimed_at=None,
        first_attempt_at=None,
        unconfirmed_attempts=0,
        failure=FailureKind.NONE,
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
